/* jz-store-index.c — the search index of persons (name, ID number,
 * addresses), kept up to date in bulk and by edits
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"

/* ---- search index ------------------------------------------------------ */

gboolean
_jz_store_index_person (JzStore     *self,
                        const char  *person_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  sqlite3_int64 rid;
  g_autofree char *name = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *address = NULL;

  stmt = _jz_store_stmt (self,
                         "SELECT p.rid, p.name, p.id_number, "
                         "  coalesce (p.hukou_address, '') || ' ' || "
                         "  coalesce ((SELECT group_concat (r.residence_address, ' ') FROM registration r "
                         "            WHERE r.person_id = p.id), '') "
                         "FROM person p WHERE p.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      /* A registration may arrive before its person; indexed when it comes. */
      sqlite3_reset (stmt);
      return TRUE;
    }
  rid = sqlite3_column_int64 (stmt, 0);
  if (rid > self->indexed_rid)
    {
      /* Not indexed yet: the catch-up will take it as it is then. */
      sqlite3_reset (stmt);
      return TRUE;
    }
  name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  id_number = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  address = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  sqlite3_reset (stmt);

  stmt = _jz_store_stmt (self, "DELETE FROM person_search WHERE rowid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rid);
  if (!_jz_store_step_done (self, stmt, error))
    return FALSE;

  stmt = _jz_store_stmt (self, "INSERT INTO person_search (rowid, name, id_number, address) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rid);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, address, -1, SQLITE_TRANSIENT);
  return _jz_store_step_done (self, stmt, error);
}

/* New persons enter the search index in bulk, just before the next search
 * (or when the app asks, on idle), in one INSERT … SELECT: a save does not
 * pay for the index, and an import of 100 000 declarations indexes them in
 * one pass instead of 100 000 small ones. Edits of persons already indexed
 * are indexed in their own save. */
gboolean
_jz_store_index_catch_up (JzStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 max_rid = 0;
  g_autofree char *mark = NULL;

  stmt = _jz_store_stmt (self, "SELECT max (rid) FROM person", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    max_rid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (max_rid <= self->indexed_rid)
    return TRUE;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = _jz_store_stmt (self,
                         "INSERT INTO person_search (rowid, name, id_number, address) "
                         "SELECT p.rid, p.name, p.id_number, "
                         "  coalesce (p.hukou_address, '') || ' ' || "
                         "  coalesce ((SELECT group_concat (r.residence_address, ' ') FROM registration r "
                         "            WHERE r.person_id = p.id), '') "
                         "FROM person p WHERE p.rid > ? AND p.rid <= ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->indexed_rid);
  sqlite3_bind_int64 (stmt, 2, max_rid);
  if (!_jz_store_step_done (self, stmt, error))
    goto fail;

  mark = g_strdup_printf ("%" G_GINT64_FORMAT, max_rid);
  stmt = _jz_store_stmt (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_indexed_rid', ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, mark, -1, SQLITE_TRANSIENT);
  if (!_jz_store_step_done (self, stmt, error) || !_jz_store_exec (self, "COMMIT", error))
    goto fail;

  self->indexed_rid = max_rid;
  return TRUE;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}
