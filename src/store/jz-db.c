/* jz-db.c — a statement of SQLite behind the JzStmt calls (jz-db.h)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-db.h"
#include "jz-store.h"

JzStmt *
jz_stmt_new_sqlite (sqlite3_stmt *lite)
{
  JzStmt *stmt = g_new0 (JzStmt, 1);

  stmt->lite = lite;
  return stmt;
}

void
jz_stmt_free (JzStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->lite != NULL)
    sqlite3_finalize (stmt->lite);
  else
    stmt->ops->finalize (stmt);
  g_free (stmt);
}

/* ---- a connection of SQLite's own, for reading beside the store ------------ */

static JzStmt *
lite_prepare (gpointer     conn,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *lite = NULL;

  if (sqlite3_prepare_v2 (conn, sql, -1, &lite, NULL) != SQLITE_OK)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE, "database error: %s", sqlite3_errmsg (conn));
      return NULL;
    }
  return jz_stmt_new_sqlite (lite);
}

static const char *
lite_errmsg (gpointer conn)
{
  return sqlite3_errmsg (conn);
}

static void
lite_close (gpointer conn)
{
  sqlite3_close_v2 (conn);
}

/* Only what a reader needs: its statements go to SQLite directly. */
static const JzDbOps lite_ops = {
  .name = "sqlite",
  .prepare = lite_prepare,
  .prepare_once = lite_prepare,
  .errmsg = lite_errmsg,
  .close = lite_close,
};

JzDbConn *
jz_db_open_sqlite_read_only (const char  *path,
                             GError     **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  JzDbConn *conn;

  if (rc != SQLITE_OK)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO, "cannot open %s: %s", path, sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);

  conn = g_new0 (JzDbConn, 1);
  conn->ops = &lite_ops;
  conn->conn = db;
  return conn;
}

JzStmt *
jz_db_prepare (JzDbConn    *db,
               const char  *sql,
               GError     **error)
{
  return db->ops->prepare_once (db->conn, sql, error);
}

const char *
jz_db_errmsg (JzDbConn *db)
{
  return db->ops->errmsg (db->conn);
}

void
jz_db_close (JzDbConn *db)
{
  if (db == NULL)
    return;
  db->ops->close (db->conn);
  g_free (db);
}
