/* jz-problem.c — what is wrong with a change, as data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-problem.h"

static JzProblem *
problem_newv (const char *field,
              const char *code,
              const char *format,
              va_list     args)
{
  JzProblem *problem = g_new0 (JzProblem, 1);

  problem->field = g_strdup (field);
  problem->code = g_strdup (code);
  problem->message = g_strdup_vprintf (format, args);
  return problem;
}

JzProblem *
jz_problem_new (const char *field,
                const char *code,
                const char *format,
                ...)
{
  JzProblem *problem;
  va_list args;

  va_start (args, format);
  problem = problem_newv (field, code, format, args);
  va_end (args);
  return problem;
}

void
jz_problem_free (JzProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->code);
  g_free (problem->message);
  g_free (problem);
}

/**
 * jz_problem_get_text:
 *
 * The message without the field it starts with ("required" of
 * "id_number: required", or of "id_number：必填" in Chinese), for a form
 * that shows the field's own label beside it.
 */
const char *
jz_problem_get_text (const JzProblem *problem)
{
  const char *m = problem->message;
  gsize n;

  if (problem->field == NULL || m == NULL)
    return m;
  n = strlen (problem->field);
  if (strncmp (m, problem->field, n) != 0)
    return m;
  if (g_str_has_prefix (m + n, ": "))
    return m + n + 2;
  if (g_str_has_prefix (m + n, "："))
    return m + n + strlen ("：");
  return m;
}

GPtrArray *
jz_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) jz_problem_free);
}

void
jz_problems_add (GPtrArray  *problems,
                 const char *field,
                 const char *code,
                 const char *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, problem_newv (field, code, format, args));
  va_end (args);
}

/* TRUE when there are problems and every one has @code. */
gboolean
jz_problems_all (GPtrArray  *problems,
                 const char *code)
{
  if (problems == NULL || problems->len == 0)
    return FALSE;
  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((JzProblem *) problems->pdata[i])->code, code) != 0)
      return FALSE;
  return TRUE;
}

gboolean
jz_problems_any (GPtrArray  *problems,
                 const char *code)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (g_strcmp0 (((JzProblem *) problems->pdata[i])->code, code) == 0)
      return TRUE;
  return FALSE;
}

/* The messages, one after the other. */
char *
jz_problems_join (GPtrArray  *problems,
                  const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, ((JzProblem *) problems->pdata[i])->message);
    }
  return g_string_free (out, FALSE);
}

/**
 * jz_problems_to_json:
 * @problems: (element-type JzProblem)
 *
 * The problems as the wire and `--json` carry them: [{"field" (absent for
 * the record as a whole), "code", "message"}, …].
 *
 * Returns: (transfer full): a new array
 */
JsonArray *
jz_problems_to_json (GPtrArray *problems)
{
  JsonArray *list = json_array_new ();

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      JzProblem *problem = g_ptr_array_index (problems, i);
      JsonObject *o = json_object_new ();

      if (problem->field != NULL)
        json_object_set_string_member (o, "field", problem->field);
      json_object_set_string_member (o, "code", problem->code);
      json_object_set_string_member (o, "message", problem->message);
      json_array_add_object_element (list, o);
    }
  return list;
}
