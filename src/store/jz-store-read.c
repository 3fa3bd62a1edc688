/* jz-store-read.c — reads: records, lists, search, audit, reference data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"
#include "jz-uuid.h"

static JsonObject *
row_to_object (const JzRecordType *type,
               JzStmt       *stmt)
{
  JsonObject *o = json_object_new ();

  /* columns: id, disputed, updated_hlc, then the fields in model order */
  json_object_set_string_member (o, "id", jz_stmt_column_text (stmt, 0));
  json_object_set_string_member (o, "type", type->name);
  for (guint i = 0; i < type->n_fields; i++)
    json_object_set_member (o, type->fields[i].name,
                            _jz_column_node (stmt, (int) i + 3, &type->fields[i]));
  json_object_set_boolean_member (o, "_disputed", jz_stmt_column_int (stmt, 1) != 0);
  return o;
}

/* Every row @stmt gives, as records of @type; NULL with @error set when
 * SQLite fails midway. */
static GPtrArray *
collect_rows (JzStore             *self,
              const JzRecordType  *type,
              JzStmt        *stmt,
              GError             **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  int rc;

  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    g_ptr_array_add (out, row_to_object (type, stmt));
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static char *
select_sql (const JzRecordType *type,
            const char         *where)
{
  GString *sql = g_string_new ("SELECT id, disputed, updated_hlc");

  for (guint i = 0; i < type->n_fields; i++)
    g_string_append_printf (sql, ", %s", type->fields[i].name);
  g_string_append_printf (sql, " FROM %s %s", type->table, where);
  return g_string_free (sql, FALSE);
}

JsonObject *
_jz_store_read_record (JzStore            *self,
                       const JzRecordType *type,
                       const char         *id,
                       GError            **error)
{
  g_autofree char *sql = select_sql (type, "WHERE id = ?");
  JzStmt *stmt = _jz_store_stmt (self, sql, error);
  JsonObject *o = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, id);
  rc = jz_stmt_step (stmt);
  if (rc == JZ_DB_ROW)
    o = row_to_object (type, stmt);
  else if (rc == JZ_DB_DONE)
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND, "no %s with id %s", type->name, id);
  else
    _jz_store_set_sqlite_error (self, error);
  jz_stmt_reset (stmt);
  return o;
}

typedef struct
{
  const char *rtype;
  const char *id;
  const char *field;
  const char *equals;
  guint       limit;
} ReadArgs;

static gpointer
get_on_thread (JzStore  *self,
               gpointer  data,
               GError  **error)
{
  ReadArgs *args = data;
  const JzRecordType *type = jz_model_lookup (args->rtype);

  if (type == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "“%s” is not a record type", args->rtype);
      return NULL;
    }
  return _jz_store_read_record (self, type, args->id, error);
}

JsonObject *
jz_store_get (JzStore     *self,
              const char  *rtype,
              const char  *id,
              GError     **error)
{
  ReadArgs args = { rtype, id, NULL, NULL, 0 };

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  return _jz_store_call (self, get_on_thread, &args, error);
}

static gpointer
find_type_on_thread (JzStore  *self,
                     gpointer  data,
                     GError  **error)
{
  const char *id = data;
  const JzRecordType *const *types;
  guint n_types;

  types = jz_model_types (&n_types);
  for (guint t = 0; t < n_types; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", types[t]->table);
      JzStmt *stmt = _jz_store_stmt (self, sql, error);
      gboolean found;

      if (stmt == NULL)
        return NULL;
      jz_stmt_bind_text (stmt, 1, id);
      found = jz_stmt_step (stmt) == JZ_DB_ROW;
      jz_stmt_reset (stmt);
      if (found)
        return g_strdup (types[t]->name);
    }

  g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND, "no record with id %s", id);
  return NULL;
}

char *
jz_store_find_type (JzStore     *self,
                    const char  *id,
                    GError     **error)
{
  if (!jz_uuid_is_valid (id))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "“%s” is not a record id", id);
      return NULL;
    }
  return _jz_store_call (self, find_type_on_thread, (gpointer) id, error);
}

static gpointer
list_on_thread (JzStore  *self,
                gpointer  data,
                GError  **error)
{
  ReadArgs *args = data;
  const JzRecordType *type = jz_model_lookup (args->rtype);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  JzStmt *stmt;

  if (type == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "“%s” is not a record type", args->rtype);
      return NULL;
    }
  if (args->field != NULL && jz_record_type_field (type, args->field) == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   "%s: not a field of a %s", args->field, type->name);
      return NULL;
    }

  if (args->field != NULL)
    where = g_strdup_printf ("WHERE %s = ? ORDER BY created_hlc LIMIT ?", args->field);
  else
    where = g_strdup ("ORDER BY created_hlc LIMIT ?");
  sql = select_sql (type, where);
  stmt = _jz_store_stmt (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (args->field != NULL)
    {
      jz_stmt_bind_text (stmt, 1, args->equals);
      jz_stmt_bind_int64 (stmt, 2, args->limit ? args->limit : G_MAXINT32);
    }
  else
    jz_stmt_bind_int64 (stmt, 1, args->limit ? args->limit : G_MAXINT32);

  return collect_rows (self, type, stmt, error);
}

/* Records of @rtype, oldest first; @field = @equals filters when given. */
GPtrArray *
jz_store_list (JzStore     *self,
               const char  *rtype,
               const char  *field,
               const char  *equals,
               guint        limit,
               GError     **error)
{
  ReadArgs args = { rtype, NULL, field, equals, limit };

  return _jz_store_call (self, list_on_thread, &args, error);
}

typedef struct
{
  const char *rtype;
  guint       offset;
  guint       limit;
} RangeArgs;

static gpointer
list_range_on_thread (JzStore  *self,
                      gpointer  data,
                      GError  **error)
{
  RangeArgs *args = data;
  const JzRecordType *type = jz_model_lookup (args->rtype);
  g_autofree char *sql = NULL;
  JzStmt *stmt;

  if (type == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "“%s” is not a record type", args->rtype);
      return NULL;
    }
  /* By rowid: the order records arrived here, which SQLite skips through
   * without sorting, so any page of 100 000 rows is as quick as the first. */
  /* a person merged into another (jz_registry_merge_persons) is listed as
   * that one */
  sql = select_sql (type, g_str_equal (type->name, "person")
                            ? "WHERE merged_into IS NULL ORDER BY rid LIMIT ?1 OFFSET ?2"
                            : "ORDER BY rid LIMIT ?1 OFFSET ?2");
  stmt = _jz_store_stmt (self, sql, error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_int64 (stmt, 1, args->limit ? args->limit : G_MAXINT32);
  jz_stmt_bind_int64 (stmt, 2, args->offset);

  return collect_rows (self, type, stmt, error);
}

/* Records of @rtype from position @offset in the order they arrived on this
 * device (a page of a list that is too long to read at once). */
GPtrArray *
jz_store_list_range (JzStore     *self,
                     const char  *rtype,
                     guint        offset,
                     guint        limit,
                     GError     **error)
{
  RangeArgs args = { rtype, offset, limit };

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  return _jz_store_call (self, list_range_on_thread, &args, error);
}

static gpointer
find_person_on_thread (JzStore  *self,
                       gpointer  data,
                       GError  **error)
{
  ReadArgs *args = data;
  const JzRecordType *type = jz_model_lookup ("person");
  /* the record of the person that was kept when two were merged */
  g_autofree char *sql = select_sql (type, "WHERE id_number = ? ORDER BY merged_into IS NOT NULL, created_hlc "
                                           "LIMIT 1");
  JzStmt *stmt = _jz_store_stmt (self, sql, error);
  JsonObject *o;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->equals);
  switch (jz_stmt_step (stmt))
    {
    case JZ_DB_ROW:
      break;
    case JZ_DB_DONE:
      jz_stmt_reset (stmt);
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND, "no person with that ID number");
      return NULL;
    default:
      _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return NULL;
    }
  o = row_to_object (type, stmt);
  jz_stmt_reset (stmt);
  return o;
}

JsonObject *
jz_store_find_person_by_id_number (JzStore     *self,
                                   const char  *id_number,
                                   GError     **error)
{
  ReadArgs args = { "person", NULL, NULL, id_number, 1 };

  return _jz_store_call (self, find_person_on_thread, &args, error);
}

/* ---- search ------------------------------------------------------------- */

typedef struct
{
  char  *query;
  guint  limit;
} SearchArgs;

static char *
fts_phrase (const char *text)
{
  GString *s = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* Without positions in the index, a fragment is the AND of its windows of
 * @width characters (trigrams, or single characters), each quoted. */
static char *
fts_windows (const char *text,
             guint       width)
{
  GString *q = g_string_new (NULL);
  glong n = g_utf8_strlen (text, -1);

  for (glong i = 0; i + (glong) width <= n; i++)
    {
      const char *start = g_utf8_offset_to_pointer (text, i);
      const char *end = g_utf8_offset_to_pointer (start, width);
      g_autofree char *window = g_strndup (start, end - start);
      g_autofree char *quoted = fts_phrase (window);

      if (q->len > 0)
        g_string_append (q, " AND ");
      g_string_append (q, quoted);
    }
  return g_string_free (q, FALSE);
}

/* Whether @text has a letter or a digit: a token of person_name_grams. */
static gboolean
has_letter (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gpointer
search_on_thread (JzStore  *self,
                  gpointer  data,
                  GError  **error)
{
  SearchArgs *args = data;
  const JzRecordType *type = jz_model_lookup ("person");
  g_autofree char *query = g_strstrip (g_strdup (args->query));
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *select = NULL;
  JzStmt *stmt;
  glong n_chars;

  n_chars = g_utf8_strlen (query, -1);
  if (n_chars == 0)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   "search: type part of a name, an ID number or an address");
      return NULL;
    }

  select = select_sql (type, "");
  if (!_jz_store_index_catch_up (self, error))
    return NULL;
  if (n_chars >= 3)
    {
      /* Trigram index: any fragment of a name, an ID number or an address;
       * upper-case X so the check character matches. The index keeps no
       * text: a candidate is confirmed on the person's own fields. */
      g_autofree char *upper = g_utf8_strup (query, -1);

      match = fts_windows (upper, 3);
      g_free (query);
      query = g_steal_pointer (&upper);
      sql = g_strconcat (select, " WHERE rid IN (SELECT p.rid FROM person_search "
                         "JOIN person p ON p.rid = person_search.rowid "
                         "WHERE person_search MATCH ?1 AND p.merged_into IS NULL "
                         "AND (instr (p.name, ?3) OR instr (p.id_number, ?3) "
                         "OR instr (p.hukou_address, ?3) OR EXISTS (SELECT 1 FROM registration r "
                         "WHERE r.person_id = p.id AND instr (r.residence_address, ?3))) LIMIT ?2) "
                         "ORDER BY name, rid", NULL);
    }
  else if (has_letter (query))
    {
      /* One or two characters: the index of the names' characters and
       * pairs of characters, confirmed on the name. */
      match = fts_phrase (query);
      sql = g_strconcat (select, " WHERE rid IN (SELECT p.rid FROM person_name_grams "
                         "JOIN person p ON p.rid = person_name_grams.rowid "
                         "WHERE person_name_grams MATCH ?1 AND p.merged_into IS NULL "
                         "AND instr (p.name, ?3) LIMIT ?2) "
                         "ORDER BY name, rid", NULL);
    }
  else
    {
      /* Punctuation alone (the · of a transcribed name) is no token of the
       * index: a scan of the names, which stops at the limit. */
      match = g_strdup (query);
      sql = g_strconcat (select, " WHERE rid IN (SELECT rid FROM person "
                         "WHERE instr (name, ?1) AND merged_into IS NULL AND ?3 IS NOT NULL "
                         "LIMIT ?2) ORDER BY name, rid", NULL);
    }

  stmt = _jz_store_stmt (self, sql, error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, match);
  jz_stmt_bind_int64 (stmt, 2, args->limit ? args->limit : 50);
  jz_stmt_bind_text (stmt, 3, query);

  return collect_rows (self, type, stmt, error);
}

/* Persons whose name, ID number or address contains @query. */
GPtrArray *
jz_store_search (JzStore     *self,
                 const char  *query,
                 guint        limit,
                 GError     **error)
{
  SearchArgs args = { (char *) query, limit };

  return _jz_store_call (self, search_on_thread, &args, error);
}

/* ---- counts, audit, outbox ---------------------------------------------- */

static gpointer
count_on_thread (JzStore  *self,
                 gpointer  data,
                 GError  **error)
{
  const char *table = data;
  /* Persons not merged into another: all of them (from the smallest
   * index) less the merged ones (from their partial index), rather than a
   * scan of every person row. */
  g_autofree char *sql = g_str_equal (table, "person")
    ? g_strdup ("SELECT (SELECT count(*) FROM person) - "
                "(SELECT count(*) FROM person WHERE merged_into IS NOT NULL)")
    : g_strconcat ("SELECT count(*) FROM ", table, NULL);  /* a table of the model, never input */
  JzStmt *stmt = _jz_store_stmt (self, sql, error);
  gint64 *n;

  if (stmt == NULL)
    return NULL;
  n = g_new0 (gint64, 1);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    *n = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  return n;
}

static gint64
count_table (JzStore     *self,
             const char  *table,
             GError     **error)
{
  g_autofree gint64 *n = _jz_store_call (self, count_on_thread, (gpointer) table, error);

  return n ? *n : -1;
}

gint64
jz_store_count (JzStore     *self,
                const char  *rtype,
                GError     **error)
{
  const JzRecordType *type = jz_model_lookup (rtype);

  if (type == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "“%s” is not a record type", rtype);
      return -1;
    }
  return count_table (self, type->table, error);
}

gint64
jz_store_outbox_pending (JzStore  *self,
                         GError  **error)
{
  return jz_store_outbox_pending_after (self, 0, error);
}

static gpointer
audit_list_on_thread (JzStore  *self,
                      gpointer  data,
                      GError  **error)
{
  ReadArgs *args = data;
  JzStmt *stmt;
  GPtrArray *out;
  int rc;

  if (args->id != NULL)
    stmt = _jz_store_stmt (self, "SELECT seq, at, author, action, rtype, record, detail FROM audit "
                                 "WHERE record = ? ORDER BY seq DESC LIMIT ?", error);
  else
    stmt = _jz_store_stmt (self, "SELECT seq, at, author, action, rtype, record, detail FROM audit "
                                 "ORDER BY seq DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  if (args->id != NULL)
    {
      jz_stmt_bind_text (stmt, 1, args->id);
      jz_stmt_bind_int64 (stmt, 2, args->limit ? args->limit : G_MAXINT32);
    }
  else
    jz_stmt_bind_int64 (stmt, 1, args->limit ? args->limit : G_MAXINT32);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      JsonObject *o = json_object_new ();
      static const char *names[] = { "seq", "at", "author", "action", "type", "record", "detail" };

      json_object_set_int_member (o, names[0], jz_stmt_column_int64 (stmt, 0));
      for (int c = 1; c < 7; c++)
        {
          const char *v = jz_stmt_column_text (stmt, c);

          if (v != NULL)
            json_object_set_string_member (o, names[c], v);
          else
            json_object_set_null_member (o, names[c]);
        }
      g_ptr_array_add (out, o);
    }
  jz_stmt_reset (stmt);

  if (rc != JZ_DB_DONE)
    {
      g_ptr_array_unref (out);
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  return out;
}

/* Newest first. */
GPtrArray *
jz_store_audit_list (JzStore     *self,
                     const char  *record,
                     guint        limit,
                     GError     **error)
{
  ReadArgs args = { NULL, record, NULL, NULL, limit };

  return _jz_store_call (self, audit_list_on_thread, &args, error);
}

/* ---- divisions ------------------------------------------------------------ */

typedef struct
{
  GPtrArray *codes;
  GPtrArray *names;
} DivisionArgs;

static gpointer
import_divisions_on_thread (JzStore  *self,
                            gpointer  data,
                            GError  **error)
{
  DivisionArgs *args = data;
  JzStmt *stmt;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  stmt = _jz_store_stmt (self, "INSERT INTO division (code, name) VALUES (?, ?) "
                               "ON CONFLICT (code) DO UPDATE SET name = excluded.name", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < args->codes->len; i++)
    {
      jz_stmt_reset (stmt);
      jz_stmt_bind_text (stmt, 1, args->codes->pdata[i]);
      jz_stmt_bind_text (stmt, 2, args->names->pdata[i]);
      if (!_jz_store_step_done (self, stmt, error))
        goto fail;
    }
  if (!_jz_store_exec (self, "COMMIT", error))
    goto fail;
  return JZ_STORE_OK;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  return NULL;
}

gboolean
jz_store_import_divisions (JzStore    *self,
                           GPtrArray  *codes,
                           GPtrArray  *names,
                           GError    **error)
{
  DivisionArgs args = { codes, names };

  g_return_val_if_fail (codes->len == names->len, FALSE);
  return _jz_store_call (self, import_divisions_on_thread, &args, error) != NULL;
}

static gpointer
list_divisions_on_thread (JzStore  *self,
                          gpointer  data,
                          GError  **error)
{
  JzStmt *stmt = _jz_store_stmt (self, "SELECT code, name FROM division ORDER BY code", error);
  GPtrArray *out;

  if (stmt == NULL)
    return NULL;
  /* code, name, code, name, … */
  out = g_ptr_array_new_with_free_func (g_free);
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      g_ptr_array_add (out, g_strdup (jz_stmt_column_text (stmt, 0)));
      g_ptr_array_add (out, g_strdup (jz_stmt_column_text (stmt, 1)));
    }
  jz_stmt_reset (stmt);
  return out;
}

/* Pairs: code, name, code, name, … */
GPtrArray *
jz_store_list_divisions (JzStore  *self,
                         GError  **error)
{
  return _jz_store_call (self, list_divisions_on_thread, NULL, error);
}

static gpointer
duplicates_on_thread (JzStore  *self,
                      gpointer  data,
                      GError  **error)
{
  const guint *limit = data;
  JzStmt *stmt = _jz_store_stmt (self,
                                       "SELECT id_number, json_group_array (id) FROM "
                                       "  (SELECT id_number, id FROM person WHERE merged_into IS NULL "
                                       "   AND id_number IN (SELECT id_number FROM person WHERE merged_into IS NULL "
                                       "                     GROUP BY id_number HAVING count(*) > 1) "
                                       "   ORDER BY id_number, created_hlc) "
                                       "GROUP BY id_number ORDER BY id_number LIMIT ?", error);
  GPtrArray *out;
  int rc;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_int64 (stmt, 1, *limit ? *limit : G_MAXINT32);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      JsonObject *o = json_object_new ();
      g_autoptr(JsonNode) ids = json_from_string (jz_stmt_column_text (stmt, 1), NULL);

      json_object_set_string_member (o, "id_number", jz_stmt_column_text (stmt, 0));
      if (ids != NULL && JSON_NODE_HOLDS_ARRAY (ids))
        json_object_set_array_member (o, "persons", json_array_ref (json_node_get_array (ids)));
      else
        json_object_set_array_member (o, "persons", json_array_new ());
      g_ptr_array_add (out, o);
    }
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE)
    {
      g_ptr_array_unref (out);
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  return out;
}

/**
 * jz_store_list_duplicates:
 * @limit: at most this many ID numbers (0: all)
 *
 * The persons recorded twice: the same ID number on records made on two
 * devices before either knew of the other (the county server flags them
 * too). jz_registry_merge_persons() makes them one.
 */
GPtrArray *
jz_store_list_duplicates (JzStore  *self,
                          guint     limit,
                          GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  return _jz_store_call (self, duplicates_on_thread, &limit, error);
}
