/* jz-store-index.c — the search index of persons (name, ID number,
 * addresses), kept up to date in bulk and by edits
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two FTS5 tables, both contentless (they keep the index, not the text;
 * schema version 12): person_search has the trigrams of a person's name,
 * ID number and addresses, for fragments of three characters or more;
 * person_name_grams has the single characters and the pairs of characters
 * of the name, for the one- and two-character fragments most Chinese names
 * are typed as. A row's rowid is the person's rid.
 *
 * A contentless table cannot take a row out without the text it indexed,
 * which is gone once the person is saved. So a person is indexed again by
 * inserting the new text under the same rowid: FTS5 keeps the newer entry
 * for every term both have, and the terms only the old text had stay as
 * candidates that match nothing more. Every search confirms its candidates
 * against the person's current name, ID number and addresses
 * (jz-store-read.c), so an old term costs a lookup, never a wrong result.
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"

/* jz_name_grams(name): "王 伟 王伟" for 王伟, the text person_name_grams
 * indexes with its default tokenizer (unicode61, which keeps a run of
 * letters as one token): each character and each pair of neighbours,
 * separated by spaces. */
static void
name_grams_func (sqlite3_context  *ctx,
                 int               argc,
                 sqlite3_value   **argv)
{
  const char *name = (const char *) sqlite3_value_text (argv[0]);
  GString *out;

  if (name == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }

  out = g_string_sized_new (strlen (name) * 3);
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, p, next - p);
      if (*next)
        {
          g_string_append_c (out, ' ');
          g_string_append_len (out, p, g_utf8_next_char (next) - p);
        }
    }
  sqlite3_result_text (ctx, out->str, (int) out->len, g_free);
  g_string_free (out, FALSE);
}

gboolean
_jz_store_index_register (JzStore  *self,
                          GError  **error)
{
  if (sqlite3_create_function (self->db, "jz_name_grams", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, name_grams_func, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                   "database error: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/* The addresses the search index takes for a person p: the hukou's and
 * every registration's. */
#define ADDRESS_OF_P \
  "coalesce (p.hukou_address, '') || ' ' || " \
  "coalesce ((SELECT group_concat (r.residence_address, ' ') FROM registration r " \
  "           WHERE r.person_id = p.id), '')"

/* ---- search index ------------------------------------------------------ */

static gboolean
index_one (JzStore        *self,
           JzStmt   *row,
           GError        **error)
{
  gint64 rid = jz_stmt_column_int64 (row, 0);
  g_autofree char *name = g_strdup (jz_stmt_column_text (row, 1));
  g_autofree char *id_number = g_strdup (jz_stmt_column_text (row, 2));
  g_autofree char *address = g_strdup (jz_stmt_column_text (row, 3));
  g_autofree char *grams = g_strdup (jz_stmt_column_text (row, 4));
  JzStmt *stmt;

  jz_stmt_reset (row);
  stmt = _jz_store_stmt (self, "INSERT INTO person_search (rowid, name, id_number, address) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_int64 (stmt, 1, rid);
  jz_stmt_bind_text (stmt, 2, name);
  jz_stmt_bind_text (stmt, 3, id_number);
  jz_stmt_bind_text (stmt, 4, address);
  if (!_jz_store_step_done (self, stmt, error))
    return FALSE;

  stmt = _jz_store_stmt (self, "INSERT INTO person_name_grams (rowid, grams) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_int64 (stmt, 1, rid);
  jz_stmt_bind_text (stmt, 2, grams);
  return _jz_store_step_done (self, stmt, error);
}

gboolean
_jz_store_index_person (JzStore     *self,
                        const char  *person_id,
                        GError     **error)
{
  JzStmt *stmt;
  gint64 rid;

  /* the person's place first: one not indexed yet (every person a sync
   * brings in) is left to the catch-up without making its grams and
   * address here for nothing */
  stmt = _jz_store_stmt (self, "SELECT rid FROM person WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, person_id);
  if (jz_stmt_step (stmt) != JZ_DB_ROW)
    {
      /* A registration may arrive before its person; indexed when it comes. */
      jz_stmt_reset (stmt);
      return TRUE;
    }
  rid = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  if (rid > self->indexed_rid)
    return TRUE;   /* not indexed yet: the catch-up will take it as it is then */

  stmt = _jz_store_stmt (self, "SELECT p.rid, p.name, p.id_number, " ADDRESS_OF_P ", "
                         "  jz_name_grams (p.name) FROM person p WHERE p.rid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_int64 (stmt, 1, rid);
  if (jz_stmt_step (stmt) != JZ_DB_ROW)
    {
      jz_stmt_reset (stmt);
      return TRUE;
    }
  return index_one (self, stmt, error);
}

/* New persons enter the search index in bulk, just before the next search
 * (or when the app asks, on idle), in one INSERT … SELECT per table: a
 * save does not pay for the index, and an import of 100 000 declarations
 * indexes them in one pass instead of 100 000 small ones. Edits of persons
 * already indexed are indexed in their own save. */
gboolean
_jz_store_index_catch_up (JzStore  *self,
                          GError  **error)
{
  static const char *const inserts[] = {
    "INSERT INTO person_search (rowid, name, id_number, address) "
    "SELECT p.rid, p.name, p.id_number, " ADDRESS_OF_P " "
    "FROM person p WHERE p.rid > ? AND p.rid <= ?",
    "INSERT INTO person_name_grams (rowid, grams) "
    "SELECT p.rid, jz_name_grams (p.name) FROM person p WHERE p.rid > ? AND p.rid <= ?",
  };
  JzStmt *stmt;
  gint64 max_rid = 0;
  g_autofree char *mark = NULL;

  stmt = _jz_store_stmt (self, "SELECT max (rid) FROM person", error);
  if (stmt == NULL)
    return FALSE;
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    max_rid = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  if (max_rid <= self->indexed_rid)
    return TRUE;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (inserts); i++)
    {
      stmt = _jz_store_stmt (self, inserts[i], error);
      if (stmt == NULL)
        goto fail;
      jz_stmt_bind_int64 (stmt, 1, self->indexed_rid);
      jz_stmt_bind_int64 (stmt, 2, max_rid);
      if (!_jz_store_step_done (self, stmt, error))
        goto fail;
    }

  mark = g_strdup_printf ("%" G_GINT64_FORMAT, max_rid);
  stmt = _jz_store_stmt (self, "INSERT INTO meta (key, value) VALUES ('search_indexed_rid', ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    goto fail;
  jz_stmt_bind_text (stmt, 1, mark);
  if (!_jz_store_step_done (self, stmt, error) || !_jz_store_exec (self, "COMMIT", error))
    goto fail;

  self->indexed_rid = max_rid;
  return TRUE;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}
