/* jz-codes.c — the code tables (ethnicity, sex, documents, reasons …)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are data (data/codes/codes.json, compiled into the resource)
 * so that a correction to a name or a new code does not need a C change.
 * Everything the rest of the program stores is the code; names are for
 * display only and may differ between releases.
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "jz-codes.h"
#include "jz-data-resources.h"

#define CODES_RESOURCE "/io/github/juzhu/Juzhu/data/codes/codes.json"

G_DEFINE_QUARK (jz-codes-error-quark, jz_codes_error)

typedef struct
{
  char *code;
  char *zh;
  char *en;
} JzCodeEntry;

typedef struct
{
  char       *name;
  char       *en;          /* what the table is, for messages */
  char       *standard;    /* e.g. "GB/T 3304", or NULL */
  GPtrArray  *entries;     /* JzCodeEntry, file order */
  GHashTable *by_code;     /* code → JzCodeEntry (borrowed) */
  char       *summary;     /* the valid codes, compressed, for messages */
} JzCodeTable;

struct _JzCodes
{
  GObject parent_instance;

  /* Owned */
  GHashTable *tables;      /* name → JzCodeTable */
  GPtrArray  *table_names; /* file order, borrowed from the tables */
};

G_DEFINE_FINAL_TYPE (JzCodes, jz_codes, G_TYPE_OBJECT)

static void
code_entry_free (gpointer data)
{
  JzCodeEntry *entry = data;

  g_free (entry->code);
  g_free (entry->zh);
  g_free (entry->en);
  g_free (entry);
}

static void
code_table_free (gpointer data)
{
  JzCodeTable *table = data;

  g_hash_table_unref (table->by_code);
  g_ptr_array_unref (table->entries);
  g_free (table->name);
  g_free (table->en);
  g_free (table->standard);
  g_free (table->summary);
  g_free (table);
}

static void
jz_codes_finalize (GObject *object)
{
  JzCodes *self = JZ_CODES (object);

  g_clear_pointer (&self->table_names, g_ptr_array_unref);
  g_clear_pointer (&self->tables, g_hash_table_unref);

  G_OBJECT_CLASS (jz_codes_parent_class)->finalize (object);
}

static void
jz_codes_class_init (JzCodesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_codes_finalize;
}

static void
jz_codes_init (JzCodes *self)
{
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, code_table_free);
  self->table_names = g_ptr_array_new ();
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Numeric code lists read better as ranges: "01–56, 97, 98" rather than
 * fifty-eight codes in an error message; runs shorter than four stay
 * spelt out ("0, 1, 2, 9"). */
static char *
summarise_codes (GPtrArray *entries)
{
  GString *out = g_string_new (NULL);
  guint i = 0;

  while (i < entries->len)
    {
      JzCodeEntry *first = g_ptr_array_index (entries, i);
      guint j = i;

      if (all_digits (first->code))
        {
          while (j + 1 < entries->len)
            {
              JzCodeEntry *cur = g_ptr_array_index (entries, j);
              JzCodeEntry *next = g_ptr_array_index (entries, j + 1);

              if (!all_digits (next->code) || strlen (next->code) != strlen (cur->code) ||
                  g_ascii_strtoull (next->code, NULL, 10) != g_ascii_strtoull (cur->code, NULL, 10) + 1)
                break;
              j++;
            }
        }

      if (out->len > 0)
        g_string_append (out, ", ");

      if (j >= i + 3)
        {
          JzCodeEntry *last = g_ptr_array_index (entries, j);

          g_string_append_printf (out, "%s–%s", first->code, last->code);
          i = j + 1;
        }
      else
        {
          g_string_append (out, first->code);
          i++;
        }
    }

  return g_string_free (out, FALSE);
}

/* Returns the string member @name of @object, or NULL if it is missing or
 * not a string. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JzCodeTable *
load_table (const char  *name,
            JsonNode    *node,
            GError     **error)
{
  JsonObject *object;
  JsonNode *entries_node;
  JsonArray *entries;
  JzCodeTable *table;
  guint n;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                   "code table “%s” is not a JSON object", name);
      return NULL;
    }
  object = json_node_get_object (node);

  entries_node = json_object_get_member (object, "entries");
  if (entries_node == NULL || !JSON_NODE_HOLDS_ARRAY (entries_node))
    {
      g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                   "code table “%s” has no “entries” array", name);
      return NULL;
    }
  entries = json_node_get_array (entries_node);
  n = json_array_get_length (entries);

  table = g_new0 (JzCodeTable, 1);
  table->name = g_strdup (name);
  table->en = g_strdup (get_string (object, "en") != NULL ? get_string (object, "en") : name);
  table->standard = g_strdup (get_string (object, "standard"));
  table->entries = g_ptr_array_new_full (n, code_entry_free);
  table->by_code = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (entries, i);
      JsonObject *obj;
      const char *code, *zh, *en;
      JzCodeEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                       "code table “%s”, entry %u: not a JSON object", name, i + 1);
          goto fail;
        }
      obj = json_node_get_object (item);
      code = get_string (obj, "code");
      zh = get_string (obj, "zh");
      en = get_string (obj, "en");

      if (code == NULL || *code == '\0' || zh == NULL || en == NULL)
        {
          g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                       "code table “%s”, entry %u: “code”, “zh” and “en” must be strings, "
                       "the code not empty", name, i + 1);
          goto fail;
        }
      if (g_hash_table_contains (table->by_code, code))
        {
          g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                       "code table “%s”, entry %u: code “%s” appears twice", name, i + 1, code);
          goto fail;
        }

      entry = g_new0 (JzCodeEntry, 1);
      entry->code = g_strdup (code);
      entry->zh = g_strdup (zh);
      entry->en = g_strdup (en);
      g_ptr_array_add (table->entries, entry);
      g_hash_table_insert (table->by_code, entry->code, entry);
    }

  table->summary = summarise_codes (table->entries);
  return table;

fail:
  code_table_free (table);
  return NULL;
}

static gboolean
jz_codes_load (JzCodes     *self,
               const char  *data,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GList) members = NULL;
  JsonNode *root, *tables_node;
  JsonObject *tables;
  GError *local_error = NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                   "code tables: malformed JSON: %s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (tables_node = json_object_get_member (json_node_get_object (root), "tables")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (tables_node))
    {
      g_set_error_literal (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                           "code tables: expected an object with a “tables” object");
      return FALSE;
    }

  tables = json_node_get_object (tables_node);
  members = json_object_get_members (tables);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JzCodeTable *table;

      if (g_hash_table_contains (self->tables, name))
        {
          g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED,
                       "code table “%s” appears twice", name);
          return FALSE;
        }
      table = load_table (name, json_object_get_member (tables, name), error);
      if (table == NULL)
        return FALSE;
      g_hash_table_insert (self->tables, table->name, table);
      g_ptr_array_add (self->table_names, table->name);
    }

  return TRUE;
}

JzCodes *
jz_codes_new_from_data (const char  *data,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JzCodes) self = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (JZ_TYPE_CODES, NULL);
  if (!jz_codes_load (self, data, length, error))
    return NULL;

  return g_steal_pointer (&self);
}

JzCodes *
jz_codes_new (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resource_lookup_data (jz_data_get_resource (), CODES_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return jz_codes_new_from_data (data, (gssize) size, error);
}

static JzCodeEntry *
lookup (JzCodes    *self,
        const char *table_name,
        const char *code)
{
  JzCodeTable *table;

  if (table_name == NULL || code == NULL)
    return NULL;
  table = g_hash_table_lookup (self->tables, table_name);
  if (table == NULL)
    return NULL;
  return g_hash_table_lookup (table->by_code, code);
}

gboolean
jz_codes_has (JzCodes    *self,
              const char *table,
              const char *code)
{
  g_return_val_if_fail (JZ_IS_CODES (self), FALSE);

  return lookup (self, table, code) != NULL;
}

/* @lang is "zh" or "en"; anything else gets the Chinese name, which is the
 * official one. */
const char *
jz_codes_name (JzCodes    *self,
               const char *table,
               const char *code,
               const char *lang)
{
  JzCodeEntry *entry;

  g_return_val_if_fail (JZ_IS_CODES (self), NULL);

  entry = lookup (self, table, code);
  if (entry == NULL)
    return NULL;
  return g_strcmp0 (lang, "en") == 0 ? entry->en : entry->zh;
}

/* Returns the codes of @table in file order (free the array with
 * g_ptr_array_unref; the strings belong to @self), or NULL for an unknown
 * table. */
GPtrArray *
jz_codes_list (JzCodes    *self,
               const char *table_name)
{
  JzCodeTable *table;
  GPtrArray *codes;

  g_return_val_if_fail (JZ_IS_CODES (self), NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  table = g_hash_table_lookup (self->tables, table_name);
  if (table == NULL)
    return NULL;

  codes = g_ptr_array_sized_new (table->entries->len);
  for (guint i = 0; i < table->entries->len; i++)
    {
      JzCodeEntry *entry = g_ptr_array_index (table->entries, i);

      g_ptr_array_add (codes, entry->code);
    }
  return codes;
}

/* The table names in file order; same ownership as jz_codes_list(). */
GPtrArray *
jz_codes_list_tables (JzCodes *self)
{
  g_return_val_if_fail (JZ_IS_CODES (self), NULL);

  return g_ptr_array_copy (self->table_names, NULL, NULL);
}

/* @field names the field being checked in the message (the table name if
 * NULL). */
gboolean
jz_codes_check (JzCodes     *self,
                const char  *table_name,
                const char  *code,
                const char  *field,
                GError     **error)
{
  JzCodeTable *table;

  g_return_val_if_fail (JZ_IS_CODES (self), FALSE);
  g_return_val_if_fail (table_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (field == NULL)
    field = table_name;

  table = g_hash_table_lookup (self->tables, table_name);
  if (table == NULL)
    {
      g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_TABLE,
                   "%s: there is no code table “%s”", field, table_name);
      return FALSE;
    }

  if (code != NULL && g_hash_table_contains (table->by_code, code))
    return TRUE;

  if (code == NULL || *code == '\0')
    g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_CODE,
                 "%s: no code given, expected one of %s", field, table->summary);
  else if (table->standard != NULL)
    g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_CODE,
                 "%s: “%s” is not a %s code (%s)", field, code, table->standard, table->summary);
  else
    g_set_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_CODE,
                 "%s: “%s” is not a known %s code (%s)", field, code, table->en, table->summary);
  return FALSE;
}
