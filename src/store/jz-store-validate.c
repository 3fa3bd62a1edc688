/* jz-store-validate.c — field values checked before they are written
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every message names the field, so a form can put it next to the entry
 * and the CLI can say which --set was wrong.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-store-private.h"
#include "jz-uuid.h"

#define MAX_TEXT 2000

static gboolean
known_province (const char *code)
{
  static const char *provinces[] = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
    "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
    "61", "62", "63", "64", "65", "71", "81", "82",
  };

  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    if (strncmp (code, provinces[i], 2) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_sha256 (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (s[i]) || g_ascii_isupper (s[i]))
      return FALSE;
  return TRUE;
}

static const char *
string_of (JsonNode *value)
{
  if (value == NULL || JSON_NODE_TYPE (value) != JSON_NODE_VALUE ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (value);
}

static JsonNode *
string_node (const char *s)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, s);
  return node;
}

/* Returns the normalised value (a new reference), or NULL with @error. */
JsonNode *
_jz_validate_field (JzStore            *self,
                    const JzRecordType *type,
                    const JzFieldDef   *def,
                    JsonNode           *value,
                    GError            **error)
{
  const char *s;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      if (def->required)
        {
          g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                       _("%s: required"), def->name);
          return NULL;
        }
      return json_node_new (JSON_NODE_NULL);
    }

  switch (def->kind)
    {
    case JZ_FIELD_BOOL:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        return json_node_ref (value);
      if ((s = string_of (value)) != NULL &&
          (g_str_equal (s, "true") || g_str_equal (s, "false") ||
           g_str_equal (s, "yes") || g_str_equal (s, "no")))
        {
          JsonNode *node = json_node_new (JSON_NODE_VALUE);

          json_node_set_boolean (node, g_str_equal (s, "true") || g_str_equal (s, "yes"));
          return node;
        }
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   _("%s: expected true or false"), def->name);
      return NULL;

    case JZ_FIELD_CODE_LIST:
    case JZ_FIELD_PHOTO_LIST:
      {
        g_autoptr(JsonNode) list = NULL;
        JsonArray *array;
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

        /* "a,b" on a command line is the list [a, b] */
        if ((s = string_of (value)) != NULL)
          {
            g_auto(GStrv) parts = g_strsplit (s, ",", -1);
            JsonArray *a = json_array_new ();

            for (guint i = 0; parts[i] != NULL; i++)
              {
                g_strstrip (parts[i]);
                if (*parts[i] != '\0')
                  json_array_add_string_element (a, parts[i]);
              }
            list = json_node_new (JSON_NODE_ARRAY);
            json_node_take_array (list, a);
          }
        else if (JSON_NODE_HOLDS_ARRAY (value))
          list = json_node_ref (value);
        else
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: expected a list"), def->name);
            return NULL;
          }

        array = json_node_get_array (list);
        if (def->required && json_array_get_length (array) == 0)
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: at least one item is required"), def->name);
            return NULL;
          }
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *item = json_array_get_element (array, i);
            const char *code = string_of (item);
            g_autofree char *where = g_strdup_printf ("%s[%u]", def->name, i);

            if (code == NULL)
              {
                g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                             _("%s: expected a string"), where);
                return NULL;
              }
            if (def->kind == JZ_FIELD_PHOTO_LIST && !is_sha256 (code))
              {
                g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                             _("%s: “%s” is not a photo hash (64 lower-case hex digits)"), where, code);
                return NULL;
              }
            if (def->kind == JZ_FIELD_CODE_LIST &&
                !jz_codes_check (self->codes, def->code_table, code, where, error))
              return NULL;
            if (!g_hash_table_add (seen, (gpointer) code))
              {
                g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                             _("%s: “%s” is listed twice"), def->name, code);
                return NULL;
              }
          }
        return g_steal_pointer (&list);
      }

    default:
      break;
    }

  s = string_of (value);
  if (s == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   _("%s: expected a string"), def->name);
      return NULL;
    }

  switch (def->kind)
    {
    case JZ_FIELD_TEXT:
      {
        gsize len = strlen (s);
        g_autofree char *copy = NULL;
        const char *trimmed = s;

        /* the common case, text with nothing to strip, keeps its node */
        if (len > 0 && (g_ascii_isspace (s[0]) || g_ascii_isspace (s[len - 1])))
          {
            trimmed = copy = g_strstrip (g_strdup (s));
            len = strlen (trimmed);
          }
        if (!g_utf8_validate (trimmed, (gssize) len, NULL))
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: not valid UTF-8 text"), def->name);
            return NULL;
          }
        if (def->required && *trimmed == '\0')
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: required, but empty"), def->name);
            return NULL;
          }
        /* no more bytes than the limit: no more characters either */
        if (len > MAX_TEXT && g_utf8_strlen (trimmed, (gssize) len) > MAX_TEXT)
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: longer than %d characters"), def->name, MAX_TEXT);
            return NULL;
          }
        return copy != NULL ? string_node (trimmed) : json_node_ref (value);
      }

    case JZ_FIELD_DATE:
      {
        GDate d;
        g_autoptr(GError) local_error = NULL;

        if (!jz_date_parse (s, &d, &local_error))
          {
            /* Translators: a field or option name, then what is wrong with it. */
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: %s"), def->name, local_error->message);
            return NULL;
          }
        return json_node_ref (value);
      }

    case JZ_FIELD_CODE:
    case JZ_FIELD_STATUS:
      if (def->kind == JZ_FIELD_CODE &&
          !jz_codes_check (self->codes, def->code_table, s, def->name, error))
        return NULL;
      if (def->kind == JZ_FIELD_STATUS)
        {
          gboolean known = FALSE;

          for (guint i = 0; i < type->n_transitions; i++)
            known |= g_strcmp0 (type->transitions[i].to, s) == 0;
          if (!known)
            {
              g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                           _("status: “%s” is not a %s status"), s, type->name);
              return NULL;
            }
        }
      return json_node_ref (value);

    case JZ_FIELD_ID_NUMBER:
      {
        JzIdInfo info;
        g_autoptr(GError) local_error = NULL;

        if (!g_date_valid (&self->today))
          jz_date_today (&self->today);
        if (!jz_id_number_parse (s, &self->today, &info, &local_error))
          {
            /* Translators: a field or option name, then what is wrong with it. */
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: %s"), def->name, local_error->message);
            return NULL;
          }
        return strcmp (info.normalized, s) == 0
          ? json_node_ref (value) : string_node (info.normalized);
      }

    case JZ_FIELD_PARTY_ID:
      {
        char normalized[19];
        g_autoptr(GError) local_error = NULL;

        if (!g_date_valid (&self->today))
          jz_date_today (&self->today);
        if (!jz_party_id_parse (s, &self->today, normalized, &local_error))
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: %s"), def->name, local_error->message);
            return NULL;
          }
        return strcmp (normalized, s) == 0 ? json_node_ref (value) : string_node (normalized);
      }

    case JZ_FIELD_DIVISION:
      {
        /* GB/T 2260 county (6), township (9) or committee (12 digits,
         * the statistical division code). */
        gsize len = strlen (s);
        gboolean digits = len == 6 || len == 9 || len == 12;

        for (gsize i = 0; digits && i < len; i++)
          digits = g_ascii_isdigit (s[i]);
        if (!digits)
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: “%s” is not a 6-, 9- or 12-digit division code"), def->name, s);
            return NULL;
          }
        if (!known_province (s))
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: “%s” starts with no known province code"), def->name, s);
            return NULL;
          }
        return json_node_ref (value);
      }

    case JZ_FIELD_REF:
      if (!jz_uuid_is_valid (s))
        {
          g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                       _("%s: “%s” is not a record id"), def->name, s);
          return NULL;
        }
      return json_node_ref (value);

    case JZ_FIELD_PHOTO:
      if (!is_sha256 (s))
        {
          g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                       _("%s: “%s” is not a photo hash"), def->name, s);
          return NULL;
        }
      return json_node_ref (value);

    case JZ_FIELD_PHONE:
      {
        /* a mainland number: an 11-digit mobile (1[3-9]…), or a landline
         * with its area code (0 and 2–3 digits, then 7–8); +86 may lead;
         * spaces, hyphens and brackets are kept as written */
        g_autoptr(GString) digits = g_string_new (NULL);
        const char *d;

        for (const char *p = s; *p; p++)
          {
            if (g_ascii_isdigit (*p))
              g_string_append_c (digits, *p);
            else if (!strchr ("+- ()", *p) || (*p == '+' && p != s))
              {
                g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                             _("%s: “%s” has a character that is not in a phone number"),
                             def->name, s);
                return NULL;
              }
          }
        d = digits->str;
        if (s[0] == '+' || (digits->len == 13 && g_str_has_prefix (d, "861")))
          {
            if (!g_str_has_prefix (d, "86"))
              {
                g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                             _("%s: “%s” is not a mainland China number (+86)"), def->name, s);
                return NULL;
              }
            d += 2;
          }
        if (!((strlen (d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') ||
              (d[0] == '0' && d[1] != '0' && strlen (d) >= 10 && strlen (d) <= 12)))
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("%s: “%s” is neither an 11-digit mobile number nor a landline "
                           "number with its area code (such as 0431-88881234)"),
                         def->name, s);
            return NULL;
          }
        return json_node_ref (value);
      }

    default:
      g_assert_not_reached ();
    }
}
