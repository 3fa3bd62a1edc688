/* jz-cli-id.c — juzhu-cli id: citizen identity numbers
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli.h"
#include "jz-id-number.h"

static const char id_help[] =
  N_("Usage: juzhu-cli id check NUMBER…\n"
     "\n"
     "Checks GB 11643 citizen identity numbers: length, province, birth date\n"
     "(not after --today) and check character.  15-digit numbers are converted\n"
     "to 18 digits.  Exit status 1 if any number is invalid.\n");

/* The English word, for --json; the text output shows _() of it. */
static const char *
sex_name (JzSex sex)
{
  switch (sex)
    {
    case JZ_SEX_MALE:
      return N_("male");
    case JZ_SEX_FEMALE:
      return N_("female");
    case JZ_SEX_UNKNOWN:
    default:
      return N_("unknown");
    }
}

static JsonObject *
result_object (const char     *number,
               const JzIdInfo *info,
               const GError   *error)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "number", number);
  json_object_set_boolean_member (o, "valid", error == NULL);
  if (error == NULL)
    {
      g_autofree char *birth = jz_date_format (&info->birth_date);

      json_object_set_string_member (o, "normalized", info->normalized);
      json_object_set_string_member (o, "birth_date", birth);
      json_object_set_string_member (o, "sex", sex_name (info->sex));
      json_object_set_null_member (o, "error");
    }
  else
    {
      json_object_set_null_member (o, "normalized");
      json_object_set_null_member (o, "birth_date");
      json_object_set_null_member (o, "sex");
      json_object_set_string_member (o, "error", error->message);
    }
  return o;
}

static JsonNode *
id_check (JzCliRun  *run,
          GError   **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gboolean numbers_only = FALSE;
  gboolean all_valid = TRUE;

  /* No ID number starts with "-": anything that does is an option, and
   * the only one is --help.  After "--" everything is a number. */
  for (int i = 1; i < run->argc; i++)
    {
      const char *arg = run->argv[i];
      g_autoptr(GError) invalid = NULL;
      JzIdInfo info = { 0 };

      if (!numbers_only && strcmp (arg, "--") == 0)
        {
          numbers_only = TRUE;
          continue;
        }
      if (!numbers_only && (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0))
        {
          fputs (_(id_help), stdout);
          return NULL;
        }
      if (!numbers_only && arg[0] == '-' && arg[1] != '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: unknown option; try juzhu-cli id check --help"), arg);
          return NULL;
        }
      if (!jz_id_number_parse (arg, &run->cli->today, &info, &invalid))
        all_valid = FALSE;
      g_ptr_array_add (results, result_object (arg, &info, invalid));
    }

  if (results->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("id check: no ID number given; usage: juzhu-cli id check NUMBER…"));
      return NULL;
    }
  run->status = all_valid ? JZ_EXIT_OK : JZ_EXIT_NO;
  return jz_cli_list_node (results);
}

static void
id_check_print (JzCliRun *run,
                JsonNode *answer)
{
  JsonArray *results = json_node_get_array (answer);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *o = json_array_get_object_element (results, i);
      const char *number = json_object_get_string_member (o, "number");
      const char *normalized = json_object_get_string_member (o, "normalized");

      if (!json_object_get_boolean_member (o, "valid"))
        printf (_("%s invalid: %s\n"), number, json_object_get_string_member (o, "error"));
      /* Show the 18-digit form whenever it is not what was typed (lower-case
       * x, spaces, a 15-digit number), since that is the form to record. */
      else if (strcmp (number, normalized) != 0)
        printf (_("%s valid (born %s, %s, normalized %s)\n"), number,
                json_object_get_string_member (o, "birth_date"),
                _(json_object_get_string_member (o, "sex")), normalized);
      else
        printf (_("%s valid (born %s, %s)\n"), number, json_object_get_string_member (o, "birth_date"),
                _(json_object_get_string_member (o, "sex")));
    }
}

static const JzCliCommand id_commands[] = {
  { .name = "check", .flags = JZ_CLI_OWN_ARGS, .run = id_check, .print = id_check_print },
  { NULL }
};

const JzCliGroup jz_cli_id_group = { "id", N_("check citizen ID numbers"), id_help, id_commands };
