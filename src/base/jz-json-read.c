/* jz-json-read.c — strict readers for JSON documents with legal weight
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A member that is absent and a member that is JSON null mean the same
 * thing: "not known". Anything else of the wrong type is an error, never a
 * silent default.
 */
#include "config.h"

#include <string.h>

#include "jz-date.h"
#include "jz-json-read.h"

char *
jz_json_path (const char *parent,
              const char *key)
{
  if (parent == NULL || *parent == '\0')
    return g_strdup (key);
  return g_strconcat (parent, ".", key, NULL);
}

char *
jz_json_index_path (const char *parent,
                    guint       index)
{
  return g_strdup_printf ("%s[%u]", parent ? parent : "", index);
}

void
jz_json_set_error (const JzJsonReader  *reader,
                   GError             **error,
                   const char          *path,
                   const char          *format,
                   ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (path == NULL || *path == '\0')
    g_set_error (error, reader->domain, reader->code, "%s%s",
                 reader->prefix ? reader->prefix : "", message);
  else
    g_set_error (error, reader->domain, reader->code, "%s%s: %s",
                 reader->prefix ? reader->prefix : "", path, message);
}

static const char *
node_type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return "a number";
    default:
      return "a value";
    }
}

gboolean
jz_json_require_object (const JzJsonReader  *reader,
                        JsonNode            *node,
                        const char          *path,
                        JsonObject         **out,
                        GError             **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      jz_json_set_error (reader, error, path, "expected an object, got %s",
                         node ? node_type_name (node) : "nothing");
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
jz_json_check_keys (const JzJsonReader  *reader,
                    JsonObject          *object,
                    const char          *path,
                    const char * const  *allowed,
                    GError             **error)
{
  JsonObjectIter iter;
  const char *key;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, NULL))
    {
      g_autofree char *member = NULL;
      g_autofree char *expected = NULL;

      if (reader->allow_comments && key[0] == '_')
        continue;
      if (g_strv_contains (allowed, key))
        continue;

      member = jz_json_path (path, key);
      expected = g_strjoinv (", ", (char **) allowed);
      jz_json_set_error (reader, error, member,
                         "unknown member; expected one of %s", expected);
      return FALSE;
    }

  return TRUE;
}

/* Looks @key up; FALSE with *node NULL when absent or null. */
static JsonNode *
lookup (JsonObject *object,
        const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
check_required (const JzJsonReader  *reader,
                JsonNode            *node,
                gboolean             required,
                const char          *member,
                GError             **error)
{
  if (node == NULL && required)
    {
      jz_json_set_error (reader, error, member, "required but missing");
      return FALSE;
    }
  return TRUE;
}

gboolean
jz_json_get_object (const JzJsonReader  *reader,
                    JsonObject          *object,
                    const char          *path,
                    const char          *key,
                    gboolean             required,
                    JsonObject         **out,
                    GError             **error)
{
  JsonNode *node = lookup (object, key);
  g_autofree char *member = jz_json_path (path, key);

  *out = NULL;
  if (!check_required (reader, node, required, member, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  return jz_json_require_object (reader, node, member, out, error);
}

gboolean
jz_json_get_array (const JzJsonReader  *reader,
                   JsonObject          *object,
                   const char          *path,
                   const char          *key,
                   gboolean             required,
                   JsonArray          **out,
                   GError             **error)
{
  JsonNode *node = lookup (object, key);
  g_autofree char *member = jz_json_path (path, key);

  *out = NULL;
  if (!check_required (reader, node, required, member, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      jz_json_set_error (reader, error, member, "expected an array, got %s",
                         node_type_name (node));
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
node_get_string (const JzJsonReader  *reader,
                 JsonNode            *node,
                 const char          *member,
                 const char         **out,
                 GError             **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      jz_json_set_error (reader, error, member, "expected a string, got %s",
                         node_type_name (node));
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
jz_json_get_string (const JzJsonReader  *reader,
                    JsonObject          *object,
                    const char          *path,
                    const char          *key,
                    gboolean             required,
                    const char         **out,
                    GError             **error)
{
  JsonNode *node = lookup (object, key);
  g_autofree char *member = jz_json_path (path, key);

  *out = NULL;
  if (!check_required (reader, node, required, member, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  return node_get_string (reader, node, member, out, error);
}

gboolean
jz_json_get_boolean (const JzJsonReader  *reader,
                     JsonObject          *object,
                     const char          *path,
                     const char          *key,
                     gboolean            *out,
                     GError             **error)
{
  JsonNode *node = lookup (object, key);
  g_autofree char *member = jz_json_path (path, key);

  *out = FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      jz_json_set_error (reader, error, member, "expected true or false, got %s",
                         node_type_name (node));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
jz_json_get_uint (const JzJsonReader  *reader,
                  JsonObject          *object,
                  const char          *path,
                  const char          *key,
                  gboolean             required,
                  guint                min,
                  guint                max,
                  guint               *out,
                  gboolean            *present,
                  GError             **error)
{
  JsonNode *node = lookup (object, key);
  g_autofree char *member = jz_json_path (path, key);
  gint64 value;

  *out = 0;
  if (present != NULL)
    *present = FALSE;
  if (!check_required (reader, node, required, member, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      jz_json_set_error (reader, error, member, "expected a whole number, got %s",
                         node_type_name (node));
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < (gint64) min || value > (gint64) max)
    {
      jz_json_set_error (reader, error, member,
                         "%" G_GINT64_FORMAT " is out of range, expected %u to %u",
                         value, min, max);
      return FALSE;
    }

  *out = (guint) value;
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean
jz_json_get_date (const JzJsonReader  *reader,
                  JsonObject          *object,
                  const char          *path,
                  const char          *key,
                  gboolean             required,
                  GDate               *out,
                  GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *member = jz_json_path (path, key);
  const char *text;

  g_date_clear (out, 1);
  if (!jz_json_get_string (reader, object, path, key, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!jz_date_parse (text, out, &local_error))
    {
      jz_json_set_error (reader, error, member, "%s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* An administrative division code (GB/T 2260) of 6, 9 or 12 digits: a
 * county, a township or a committee. The regulations compare counties and
 * cities, so only the county's first 6 digits are kept. */
gboolean
jz_json_get_division (const JzJsonReader  *reader,
                      JsonObject          *object,
                      const char          *path,
                      const char          *key,
                      char               **out,
                      GError             **error)
{
  g_autofree char *member = jz_json_path (path, key);
  const char *text;
  gsize len;

  *out = NULL;
  if (!jz_json_get_string (reader, object, path, key, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  len = strlen (text);
  if ((len != 6 && len != 9 && len != 12) || strspn (text, "0123456789") != len)
    {
      jz_json_set_error (reader, error, member,
                         "“%s” is not a 6-, 9- or 12-digit division code", text);
      return FALSE;
    }

  *out = g_strndup (text, 6);
  return TRUE;
}

/* Reads an array of strings, each one of @allowed (when not NULL) and
 * none repeated. */
gboolean
jz_json_string_list (const JzJsonReader  *reader,
                     JsonArray           *array,
                     const char          *path,
                     const char * const  *allowed,
                     GStrv               *out,
                     GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *member = jz_json_index_path (path, i);
      JsonNode *node = json_array_get_element (array, i);
      const char *text;

      if (!node_get_string (reader, node, member, &text, error))
        return FALSE;

      if (allowed != NULL && !g_strv_contains (allowed, text))
        {
          g_autofree char *expected = g_strjoinv (", ", (char **) allowed);

          jz_json_set_error (reader, error, member, "“%s” is not one of %s",
                             text, expected);
          return FALSE;
        }

      for (guint k = 0; k < seen->len; k++)
        {
          if (strcmp (g_ptr_array_index (seen, k), text) == 0)
            {
              jz_json_set_error (reader, error, member, "“%s” is listed twice", text);
              return FALSE;
            }
        }

      g_ptr_array_add (seen, (gpointer) text);
      g_strv_builder_add (builder, text);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}
