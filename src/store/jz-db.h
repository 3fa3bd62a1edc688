/* jz-db.h — prepared statements over SQLite or another engine
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store and the county server's tables speak to their database
 * through these few calls, the shapes of SQLite's own: prepare once, bind
 * by position, step through the rows, read a column, reset. On a device
 * (and a county server on SQLite) a statement is an sqlite3_stmt and
 * every call goes straight to SQLite. A county server on PostgreSQL
 * (src/store/pg/) gives the connection a JzDbOps table instead; the
 * store never links libpq itself, so the app does not either.
 *
 * The SQL is written once, in the dialect both engines accept (docs/
 * postgresql.md says which): `?` for parameters, ON CONFLICT … DO rather
 * than OR IGNORE / OR REPLACE, RETURNING rather than the last rowid.
 * Results keep SQLite's codes: JZ_DB_ROW, JZ_DB_DONE, or an error.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define JZ_DB_ROW  SQLITE_ROW
#define JZ_DB_DONE SQLITE_DONE

typedef struct _JzStmt  JzStmt;
typedef struct _JzDbOps JzDbOps;

/* A connection of another engine: its operations and its state. */
typedef struct
{
  const JzDbOps *ops;
  gpointer       conn;
} JzDbConn;

struct _JzDbOps
{
  const char *name;                    /* "postgresql" */

  /* the connection */
  gpointer    (*connect_again) (gpointer conn, GError **error);  /* another, to the same database */
  JzStmt     *(*prepare)       (gpointer conn, const char *sql, GError **error);
  JzStmt     *(*prepare_once)  (gpointer conn, const char *sql, GError **error);  /* run once, then freed */
  gboolean    (*exec)          (gpointer conn, const char *sql, GError **error);
  int         (*changes)       (gpointer conn);
  const char *(*errmsg)        (gpointer conn);
  void        (*close)         (gpointer conn);

  /* its statements */
  int         (*step)          (JzStmt *stmt);
  void        (*reset)         (JzStmt *stmt);
  void        (*clear)         (JzStmt *stmt);
  void        (*bind_text)     (JzStmt *stmt, int index, const char *value, int length);
  void        (*bind_take)     (JzStmt *stmt, int index, char *value);
  void        (*bind_int64)    (JzStmt *stmt, int index, gint64 value);
  void        (*bind_double)   (JzStmt *stmt, int index, double value);
  void        (*bind_null)     (JzStmt *stmt, int index);
  const char *(*column_text)   (JzStmt *stmt, int index);
  int         (*column_bytes)  (JzStmt *stmt, int index);
  gint64      (*column_int64)  (JzStmt *stmt, int index);
  gboolean    (*column_null)   (JzStmt *stmt, int index);
  void        (*finalize)      (JzStmt *stmt);
};

struct _JzStmt
{
  sqlite3_stmt  *lite;   /* SQLite: every call goes here; NULL for another engine */
  const JzDbOps *ops;    /* another engine's */
  gpointer       impl;   /* its statement */
};

JzStmt   *jz_stmt_new_sqlite          (sqlite3_stmt  *lite);
void      jz_stmt_free                (JzStmt        *stmt);

/* A connection on its own, beside the store's (the server's token checks):
 * prepare with jz_db_prepare(), free each statement with jz_stmt_free(). */
JzDbConn *jz_db_open_sqlite_read_only (const char    *path,
                                       GError       **error);
JzStmt   *jz_db_prepare               (JzDbConn      *db,
                                       const char    *sql,
                                       GError       **error);
const char *jz_db_errmsg              (JzDbConn      *db);
void      jz_db_close                 (JzDbConn      *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzStmt, jz_stmt_free)

static inline int
jz_stmt_step (JzStmt *stmt)
{
  return G_LIKELY (stmt->lite != NULL) ? sqlite3_step (stmt->lite) : stmt->ops->step (stmt);
}

static inline void
jz_stmt_reset (JzStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_reset (stmt->lite);
  else
    stmt->ops->reset (stmt);
}

static inline void
jz_stmt_clear_bindings (JzStmt *stmt)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_clear_bindings (stmt->lite);
  else
    stmt->ops->clear (stmt);
}

/* A copy of @value is bound (NULL binds NULL). */
static inline void
jz_stmt_bind_text (JzStmt     *stmt,
                   int         index,
                   const char *value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_text (stmt->lite, index, value, -1, SQLITE_TRANSIENT);
  else
    stmt->ops->bind_text (stmt, index, value, -1);
}

/* @value must outlive the statement's next step: no copy on SQLite. */
static inline void
jz_stmt_bind_static (JzStmt     *stmt,
                     int         index,
                     const char *value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_text (stmt->lite, index, value, -1, SQLITE_STATIC);
  else
    stmt->ops->bind_text (stmt, index, value, -1);
}

/* @value (g_malloc'd) is the statement's now. */
static inline void
jz_stmt_bind_take (JzStmt *stmt,
                   int     index,
                   char   *value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_text (stmt->lite, index, value, -1, g_free);
  else
    stmt->ops->bind_take (stmt, index, value);
}

static inline void
jz_stmt_bind_int64 (JzStmt *stmt,
                    int     index,
                    gint64  value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_int64 (stmt->lite, index, value);
  else
    stmt->ops->bind_int64 (stmt, index, value);
}

static inline void
jz_stmt_bind_int (JzStmt *stmt,
                  int     index,
                  int     value)
{
  jz_stmt_bind_int64 (stmt, index, value);
}

static inline void
jz_stmt_bind_double (JzStmt *stmt,
                     int     index,
                     double  value)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_double (stmt->lite, index, value);
  else
    stmt->ops->bind_double (stmt, index, value);
}

static inline void
jz_stmt_bind_null (JzStmt *stmt,
                   int     index)
{
  if (G_LIKELY (stmt->lite != NULL))
    sqlite3_bind_null (stmt->lite, index);
  else
    stmt->ops->bind_null (stmt, index);
}

/* NULL for SQL NULL; valid until the next step or reset. */
static inline const char *
jz_stmt_column_text (JzStmt *stmt,
                     int     index)
{
  if (G_LIKELY (stmt->lite != NULL))
    return (const char *) sqlite3_column_text (stmt->lite, index);
  return stmt->ops->column_text (stmt, index);
}

static inline int
jz_stmt_column_bytes (JzStmt *stmt,
                      int     index)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_bytes (stmt->lite, index);
  return stmt->ops->column_bytes (stmt, index);
}

static inline gint64
jz_stmt_column_int64 (JzStmt *stmt,
                      int     index)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_int64 (stmt->lite, index);
  return stmt->ops->column_int64 (stmt, index);
}

static inline int
jz_stmt_column_int (JzStmt *stmt,
                    int     index)
{
  return (int) jz_stmt_column_int64 (stmt, index);
}

static inline gboolean
jz_stmt_column_is_null (JzStmt *stmt,
                        int     index)
{
  if (G_LIKELY (stmt->lite != NULL))
    return sqlite3_column_type (stmt->lite, index) == SQLITE_NULL;
  return stmt->ops->column_null (stmt, index);
}

G_END_DECLS
