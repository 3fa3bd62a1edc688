/* jz-store-creation.c — a record's creation kept once, in its row
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record created on this device has one change set until it is next
 * changed, and that change set's edits are the row's fields, value for
 * value: "{" then "field": value for every field given, in the model's
 * order, then "}" (write_planned() in jz-store-write.c). Keeping that
 * text as well as the row doubled a tablet's database, so the change set
 * keeps '' instead, and its text is made again from the row whenever it is
 * read (the SQL function jz_edits(edits, rtype, record)).
 *
 * This holds while the row's fields are still those of the creation:
 * before the record's next change set is written, from here or from
 * elsewhere, the text is made from the row and stored in full
 * (_jz_store_expand_creation(), called by the change set writer). Rows'
 * fields change only through their change sets (materialised after the
 * change set is written), so the text made is the creation's.
 *
 * Only creations that the row gives back byte for byte are kept this way
 * (_jz_store_creation_elidable()): no field given as null, booleans as
 * booleans, code lists as arrays (their JSON text is the column), every
 * other field a string in a TEXT column. Creations with photos keep their
 * text, so the photo scans (jz-store-photos.c, jz-store-photo-refs.c),
 * which look for photo fields in the text, need no row.
 */
#include "config.h"

#include "jz-text.h"
#include "jz-store-private.h"

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Whether the row gives @value back as it is, for a field of @kind: no
 * photos (their scans read the text), booleans as booleans, code lists as
 * arrays when @lists (a local creation's: the column is their text), and
 * strings for the rest. */
static gboolean
value_kept_in_row (JzFieldKind  kind,
                   JsonNode    *value,
                   gboolean     lists)
{
  switch (kind)
    {
    case JZ_FIELD_PHOTO:
    case JZ_FIELD_PHOTO_LIST:
      return FALSE;
    case JZ_FIELD_BOOL:
      return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN;
    case JZ_FIELD_CODE_LIST:
      return lists && JSON_NODE_HOLDS_ARRAY (value);
    default:
      return is_string (value);
    }
}

/**
 * _jz_store_creation_elidable:
 * @type: the record's type
 * @clean: (array): the new record's values by field, NULL where not given
 *
 * Whether the row made from @clean gives the creation's edits back exactly.
 */
gboolean
_jz_store_creation_elidable (const JzRecordType  *type,
                             JsonNode           **clean)
{
  for (guint f = 0; f < type->n_fields; f++)
    if (clean[f] != NULL && !value_kept_in_row (type->fields[f].kind, clean[f], TRUE))
      return FALSE;
  return TRUE;
}

static JzStmt *
row_stmt (JzStore             *self,
          const JzRecordType  *type,
          GError             **error)
{
  g_autoptr(GString) sql = NULL;
  JzStmt *stmt;

  if (self->creation_sql == NULL)
    self->creation_sql = g_hash_table_new (NULL, NULL);
  else if ((stmt = g_hash_table_lookup (self->creation_sql, type)) != NULL)
    {
      jz_stmt_reset (stmt);
      return stmt;
    }

  sql = g_string_new ("SELECT ");
  for (guint i = 0; i < type->n_fields; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      g_string_append (sql, type->fields[i].name);
    }
  /* the model's own names: only the record's id is a value, and bound */
  g_string_append (sql, " FROM ");
  g_string_append (sql, type->table);
  g_string_append (sql, " WHERE id = ?1 /* a creation's edits */");
  stmt = _jz_store_stmt (self, sql->str, error);
  if (stmt != NULL)
    g_hash_table_insert (self->creation_sql, (gpointer) type, stmt);
  return stmt;
}

/**
 * _jz_store_creation_text:
 * @type: the record's type
 * @record: its id
 *
 * The edits of @record's creation, made from its row, as write_planned()
 * wrote them.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
_jz_store_creation_text (JzStore             *self,
                         const JzRecordType  *type,
                         const char          *record,
                         GError             **error)
{
  JzStmt *stmt = row_stmt (self, type, error);
  GString *text;
  int rc;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, record);
  rc = jz_stmt_step (stmt);
  if (rc != JZ_DB_ROW)
    {
      if (rc == JZ_DB_DONE)
        g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                     "the %s record %s has no row to give its creation", type->name, record);
      else
        _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return NULL;
    }

  text = g_string_sized_new (512);
  g_string_append_c (text, '{');
  for (guint f = 0; f < type->n_fields; f++)
    {
      const char *value;

      if (jz_stmt_column_is_null (stmt, (int) f))
        continue;
      if (text->len > 1)
        g_string_append_c (text, ',');
      g_string_append_c (text, '"');
      g_string_append (text, type->fields[f].name);
      g_string_append (text, "\":");
      switch (type->fields[f].kind)
        {
        case JZ_FIELD_BOOL:
          g_string_append (text, jz_stmt_column_int (stmt, (int) f) ? "true" : "false");
          break;
        case JZ_FIELD_CODE_LIST:
        case JZ_FIELD_PHOTO_LIST:
          g_string_append (text, jz_stmt_column_text (stmt, (int) f));
          break;
        default:
          value = jz_stmt_column_text (stmt, (int) f);
          jz_text_append_json_string (text, value);
          break;
        }
    }
  g_string_append_c (text, '}');
  jz_stmt_reset (stmt);
  return g_string_free (text, FALSE);
}

/**
 * _jz_store_expand_creation:
 * @rtype: the record's type
 * @record: its id
 *
 * Before another change set of @record is written: its creation's edits,
 * if kept as '', are made from its row and stored in full.
 */
gboolean
_jz_store_expand_creation (JzStore     *self,
                           const char  *rtype,
                           const char  *record,
                           GError     **error)
{
  const JzRecordType *type = jz_model_lookup (rtype);
  g_autofree char *text = NULL;
  JzStmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = _jz_store_stmt (self, "SELECT id FROM change_set WHERE record = ? AND edits = ''", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_static (stmt, 1, record);
  rc = jz_stmt_step (stmt);
  if (rc == JZ_DB_ROW)
    id = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_ROW && rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      return FALSE;
    }
  if (id == 0)
    return TRUE;
  if (type == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "“%s” is not a record type", rtype);
      return FALSE;
    }

  text = _jz_store_creation_text (self, type, record, error);
  if (text == NULL)
    return FALSE;
  stmt = _jz_store_stmt (self, "UPDATE change_set SET edits = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_static (stmt, 1, text);
  jz_stmt_bind_int64 (stmt, 2, id);
  return _jz_store_step_done (self, stmt, error);
}

/* jz_edits(edits, rtype, record): the edits, made from the row when kept
 * as ''. */
static void
edits_func (sqlite3_context  *ctx,
            int               argc,
            sqlite3_value   **argv)
{
  JzStore *self = sqlite3_user_data (ctx);
  const JzRecordType *type;
  g_autoptr(GError) error = NULL;
  char *text;

  if (sqlite3_value_type (argv[0]) != SQLITE_TEXT || sqlite3_value_bytes (argv[0]) > 0)
    {
      sqlite3_result_value (ctx, argv[0]);
      return;
    }
  type = jz_model_lookup ((const char *) sqlite3_value_text (argv[1]));
  if (type == NULL)
    {
      sqlite3_result_error (ctx, "jz_edits: not a record type", -1);
      return;
    }
  text = _jz_store_creation_text (self, type, (const char *) sqlite3_value_text (argv[2]), &error);
  if (text == NULL)
    {
      sqlite3_result_error (ctx, error->message, -1);
      return;
    }
  sqlite3_result_text (ctx, text, -1, g_free);
}

gboolean
_jz_store_creation_register (JzStore  *self,
                             GError  **error)
{
  /* not deterministic: it reads the row */
  if (sqlite3_create_function (self->db, "jz_edits", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                               self, edits_func, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                   "database error: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}
