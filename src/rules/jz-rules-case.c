/* jz-rules-case.c — the facts of one application, read from JSON
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input of `juzhu-cli rules check` (rules.md) and of the core when it
 * evaluates a stored record. Every member is optional; an absent member is
 * an unknown fact and the rules that need it say so in the result. A member
 * that is present is checked in full, and an unknown member is refused: a
 * typo in "acepted_on" must not turn a deadline into "not known".
 */
#include "config.h"

#include <string.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-json-read.h"
#include "jz-rules-private.h"

G_DEFINE_QUARK (jz-rules-error-quark, jz_rules_error)

static const char * const condition_codes[] = { "employment", "residence", "study", NULL };
/* The relations a proxy may state. Spouses, parents, children, siblings,
 * grandparents and grandchildren are the close relatives (近亲属) of
 * 民法典 第1045条, and count as such. */
static const struct
{
  const char      *code;
  JzProxyRelation  relation;
} relation_codes[] = {
  { "guardian", JZ_PROXY_RELATION_GUARDIAN },
  { "close_relative", JZ_PROXY_RELATION_CLOSE_RELATIVE },
  { "spouse", JZ_PROXY_RELATION_CLOSE_RELATIVE },
  { "parent", JZ_PROXY_RELATION_CLOSE_RELATIVE },
  { "child", JZ_PROXY_RELATION_CLOSE_RELATIVE },
  { "sibling", JZ_PROXY_RELATION_CLOSE_RELATIVE },
  { "grandparent", JZ_PROXY_RELATION_CLOSE_RELATIVE },
  { "grandchild", JZ_PROXY_RELATION_CLOSE_RELATIVE },
  { "other", JZ_PROXY_RELATION_OTHER },
};

void
jz_rules_case_free (JzRulesCase *self)
{
  if (self == NULL)
    return;

  g_free (self->id_number);
  g_free (self->hukou_division);
  g_free (self->residence_division);
  g_strfreev (self->materials);
  g_clear_pointer (&self->endorsed_on, g_array_unref);
  g_free (self->move_to_division);
  g_free (self);
}

JzApplicationKind
jz_rules_case_get_kind (JzRulesCase *self)
{
  g_return_val_if_fail (self != NULL, JZ_APPLICATION_FIRST);
  return self->kind;
}

static gboolean
read_id_number (const JzJsonReader  *reader,
                JsonObject          *object,
                const char          *path,
                char               **normalized,
                GDate               *birth_date,
                GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *member = jz_json_path (path, "id_number");
  const char *text;
  JzIdInfo info;

  if (!jz_json_get_string (reader, object, path, "id_number", FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!jz_id_number_parse (text, NULL, &info, &local_error))
    {
      jz_json_set_error (reader, error, member, "%s", local_error->message);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_strdup (info.normalized);
  if (birth_date != NULL)
    *birth_date = info.birth_date;
  return TRUE;
}

static gboolean
read_applicant (JzRulesCase         *self,
                const JzJsonReader  *reader,
                JsonObject          *root,
                GError             **error)
{
  static const char * const keys[] = {
    "id_number", "hukou_division", "limited_mobility", "disabled", NULL
  };
  JsonObject *object;

  if (!jz_json_get_object (reader, root, NULL, "applicant", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  return jz_json_check_keys (reader, object, "applicant", keys, error) &&
         read_id_number (reader, object, "applicant", &self->id_number,
                         &self->birth_date, error) &&
         jz_json_get_division (reader, object, "applicant", "hukou_division",
                               &self->hukou_division, error) &&
         jz_json_get_boolean (reader, object, "applicant", "limited_mobility",
                              &self->limited_mobility, error) &&
         jz_json_get_boolean (reader, object, "applicant", "disabled",
                              &self->disabled, error);
}

static gboolean
read_conditions_and_materials (JzRulesCase         *self,
                               const JzJsonReader  *reader,
                               JsonObject          *root,
                               GError             **error)
{
  JsonArray *array;

  if (!jz_json_get_array (reader, root, NULL, "conditions", FALSE, &array, error))
    return FALSE;
  if (array != NULL)
    {
      g_auto(GStrv) codes = NULL;

      if (!jz_json_string_list (reader, array, "conditions", condition_codes, &codes, error))
        return FALSE;
      self->has_conditions = TRUE;
      for (guint i = 0; codes[i] != NULL; i++)
        for (guint c = 0; c < JZ_N_CONDITIONS; c++)
          if (strcmp (codes[i], condition_codes[c]) == 0)
            self->conditions[c] = TRUE;
    }

  if (!jz_json_get_array (reader, root, NULL, "materials", FALSE, &array, error))
    return FALSE;
  if (array != NULL &&
      !jz_json_string_list (reader, array, "materials", jz_document_codes (),
                            &self->materials, error))
    return FALSE;

  return TRUE;
}

static gboolean
read_proxy (JzRulesCase         *self,
            const JzJsonReader  *reader,
            JsonObject          *root,
            GError             **error)
{
  static const char * const keys[] = { "id_number", "relation", NULL };
  JsonObject *object;
  const char *relation;

  if (!jz_json_get_object (reader, root, NULL, "proxy", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!jz_json_check_keys (reader, object, "proxy", keys, error) ||
      !read_id_number (reader, object, "proxy", NULL, NULL, error) ||
      !jz_json_get_string (reader, object, "proxy", "relation", TRUE, &relation, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (relation_codes); i++)
    {
      if (strcmp (relation, relation_codes[i].code) == 0)
        {
          self->proxy_relation = relation_codes[i].relation;
          self->has_proxy = TRUE;
          return TRUE;
        }
    }

  jz_json_set_error (reader, error, "proxy.relation",
                     "“%s” is not one of guardian, close_relative, spouse, parent, child, "
                     "sibling, grandparent, grandchild, other", relation);
  return FALSE;
}

static gboolean
read_permit (JzRulesCase         *self,
             const JzJsonReader  *reader,
             JsonObject          *root,
             GError             **error)
{
  static const char * const keys[] = { "issued_on", "endorsed_on", NULL };
  JsonObject *object;
  JsonArray *array;
  const GDate *previous;

  self->endorsed_on = g_array_new (FALSE, FALSE, sizeof (GDate));

  if (!jz_json_get_object (reader, root, NULL, "permit", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!jz_json_check_keys (reader, object, "permit", keys, error) ||
      !jz_json_get_date (reader, object, "permit", "issued_on", TRUE, &self->issued_on, error) ||
      !jz_json_get_array (reader, object, "permit", "endorsed_on", FALSE, &array, error))
    return FALSE;

  previous = &self->issued_on;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *member = jz_json_index_path ("permit.endorsed_on", i);
      JsonNode *node = json_array_get_element (array, i);
      GDate d;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          jz_json_set_error (reader, error, member, "expected a date string");
          return FALSE;
        }
      if (!jz_date_parse (json_node_get_string (node), &d, &local_error))
        {
          jz_json_set_error (reader, error, member, "%s", local_error->message);
          return FALSE;
        }
      if (jz_date_compare (&d, previous) <= 0)
        {
          g_autofree char *shown = jz_date_format (previous);

          jz_json_set_error (reader, error, member, "%s is not after %s; list the "
                             "endorsements in order, after the issue date",
                             json_node_get_string (node), shown);
          return FALSE;
        }

      g_array_append_val (self->endorsed_on, d);
      previous = &g_array_index (self->endorsed_on, GDate, self->endorsed_on->len - 1);
    }

  self->has_permit = TRUE;
  return TRUE;
}

static gboolean
read_move (JzRulesCase         *self,
           const JzJsonReader  *reader,
           JsonObject          *root,
           GError             **error)
{
  static const char * const keys[] = { "to_division", "moved_on", NULL };
  JsonObject *object;

  if (!jz_json_get_object (reader, root, NULL, "move", FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!jz_json_check_keys (reader, object, "move", keys, error) ||
      !jz_json_get_division (reader, object, "move", "to_division",
                             &self->move_to_division, error) ||
      !jz_json_get_date (reader, object, "move", "moved_on", FALSE, &self->moved_on, error))
    return FALSE;

  if (self->move_to_division == NULL)
    {
      jz_json_set_error (reader, error, "move.to_division", "required but missing");
      return FALSE;
    }

  self->has_move = TRUE;
  return TRUE;
}

static gboolean
check_order (const JzJsonReader  *reader,
             const GDate         *earlier,
             const char          *earlier_name,
             const GDate         *later,
             const char          *later_name,
             GError             **error)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (!g_date_valid (earlier) || !g_date_valid (later) ||
      jz_date_compare (earlier, later) <= 0)
    return TRUE;

  a = jz_date_format (later);
  b = jz_date_format (earlier);
  jz_json_set_error (reader, error, later_name, "%s is before %s %s", a, earlier_name, b);
  return FALSE;
}

/* Adds the message of @part_error, if any, as a line of @errors. */
static void
collect (GString      *errors,
         const GError *part_error)
{
  if (part_error == NULL)
    return;
  if (errors->len > 0)
    g_string_append_c (errors, '\n');
  g_string_append (errors, part_error->message);
}

JzRulesCase *
jz_rules_case_new_from_json (JsonNode  *node,
                             GError   **error)
{
  static const char * const keys[] = {
    "kind", "applicant", "residence_division", "residence_since",
    "temp_registration_date", "conditions", "materials", "proxy", "applied_on",
    "accepted_on", "remote_area", "permit", "move", NULL
  };
  JzJsonReader reader = { JZ_RULES_ERROR, JZ_RULES_ERROR_INVALID_CASE, NULL, FALSE };
  g_autoptr(JzRulesCase) self = g_new0 (JzRulesCase, 1);
  g_autoptr(GString) errors = NULL;
  JsonObject *root;
  const char *kind;

  g_date_clear (&self->birth_date, 1);
  g_date_clear (&self->residence_since, 1);
  g_date_clear (&self->temp_registration_date, 1);
  g_date_clear (&self->applied_on, 1);
  g_date_clear (&self->accepted_on, 1);
  g_date_clear (&self->issued_on, 1);
  g_date_clear (&self->moved_on, 1);

  if (!jz_json_require_object (&reader, node, "case", &root, error))
    return NULL;

  /* Every wrong field is reported at once, one per line, as person add
   * does: each part is read on its own and the messages are collected. */
  errors = g_string_new (NULL);
#define COLLECT(call) \
  G_STMT_START { \
    g_autoptr(GError) part_error = NULL; \
    if (!(call)) \
      collect (errors, part_error); \
  } G_STMT_END

  COLLECT (jz_json_check_keys (&reader, root, NULL, keys, &part_error));

  self->kind = JZ_APPLICATION_FIRST;
  kind = NULL;
  COLLECT (jz_json_get_string (&reader, root, NULL, "kind", FALSE, &kind, &part_error));
  if (kind != NULL && !jz_application_kind_from_code (kind, &self->kind))
    COLLECT ((jz_json_set_error (&reader, &part_error, "kind",
                                 "“%s” is not one of first, endorse, replace, reissue, address_change",
                                 kind), FALSE));

  COLLECT (read_applicant (self, &reader, root, &part_error));
  COLLECT (jz_json_get_division (&reader, root, NULL, "residence_division",
                                 &self->residence_division, &part_error));
  COLLECT (jz_json_get_date (&reader, root, NULL, "residence_since", FALSE,
                             &self->residence_since, &part_error));
  COLLECT (jz_json_get_date (&reader, root, NULL, "temp_registration_date", FALSE,
                             &self->temp_registration_date, &part_error));
  COLLECT (read_conditions_and_materials (self, &reader, root, &part_error));
  COLLECT (read_proxy (self, &reader, root, &part_error));
  COLLECT (jz_json_get_date (&reader, root, NULL, "applied_on", FALSE, &self->applied_on,
                             &part_error));
  COLLECT (jz_json_get_date (&reader, root, NULL, "accepted_on", FALSE, &self->accepted_on,
                             &part_error));
  COLLECT (jz_json_get_boolean (&reader, root, NULL, "remote_area", &self->remote_area,
                                &part_error));
  COLLECT (read_permit (self, &reader, root, &part_error));
  COLLECT (read_move (self, &reader, root, &part_error));

  /* 受理 cannot come before the application, nor anyone be born after it. */
  COLLECT (check_order (&reader, &self->applied_on, "applied_on", &self->accepted_on,
                        "accepted_on", &part_error));
  COLLECT (check_order (&reader, &self->birth_date, "the birth date in applicant.id_number",
                        &self->applied_on, "applied_on", &part_error));
#undef COLLECT

  if (errors->len > 0)
    {
      g_set_error_literal (error, reader.domain, reader.code, errors->str);
      return NULL;
    }

  return g_steal_pointer (&self);
}
