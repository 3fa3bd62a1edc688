/* jz-db-pg.c — the store's statements on PostgreSQL (libpq)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A county server on PostgreSQL runs the same store and county code as
 * one on SQLite: this file gives its JzStmt calls (jz-db.h) to libpq.
 * Each statement is prepared once on its connection (PQprepare, at its
 * first step, with the types of its first bindings) and run
 * with its parameters as text; its rows are read from the result, in
 * text, the way SQLite gives a column as text or integer on request.
 *
 * The SQL is the store's, written for both engines. Three things are
 * changed on the way, all lexical and outside string literals:
 * - `?` and `?N` become `$1`… and `$N`;
 * - the column name user, a reserved word here, is quoted;
 * - INSERT OR IGNORE INTO … becomes INSERT INTO … ON CONFLICT DO NOTHING.
 *
 * Transactions: every transaction that writes takes one advisory lock
 * first, held to its commit, so the writers of every server process on
 * the database run one after the other, as on SQLite. That is what keeps
 * the change feed's seq in commit order: a seq is taken under the lock,
 * so no transaction that commits later can hold a smaller one
 * (docs/postgresql.md). Readers (pulls, token checks) do not wait for it.
 */
#include "config.h"

#include <string.h>
#include <libpq-fe.h>

#include "jz-db-pg.h"
#include "jz-store.h"

/* pg_type's oid of boolean: a comparison selected is 't' or 'f' here */
#define JZ_PG_BOOLOID 16

/* the advisory lock of the writers ("juzhu" in ASCII) */
#define JZ_PG_WRITER_LOCK "106117122104117"

typedef struct
{
  PGconn  *pg;
  char    *uri;
  char    *errmsg;
  int      changes;
  guint    next_name;
  guint    session;   /* one more each time the connection was made again */
  gboolean in_tx;     /* between a BEGIN and its COMMIT or ROLLBACK */
} PgConn;

typedef struct
{
  PgConn   *conn;
  char     *name;
  char     *sql;       /* translated; prepared on the first step */
  int       n_params;
  char    **values;
  Oid      *bound;     /* what each parameter is bound to now: bigint, double, text or 0 (NULL) */
  Oid      *types;     /* the types it was prepared with: bigint, double, or 0 (the server's choice) */
  gboolean  prepared;
  gboolean  once;      /* run unnamed, never prepared: a statement of jz_db_prepare() */
  guint     session;   /* of the connection it was prepared on */
  PGresult *result;
  int       row;
} PgStmt;

#define JZ_PG_INT8OID   20
#define JZ_PG_TEXTOID   25
#define JZ_PG_FLOAT8OID 701

static void
set_errmsg (PgConn     *conn,
            const char *message)
{
  g_free (conn->errmsg);
  conn->errmsg = g_strchomp (g_strdup (message != NULL && *message != '\0' ? message : "unknown error"));
}

/* A result's error as the logs may keep it: PostgreSQL's primary message
 * (no DETAIL, which quotes a row's values), and in it every quoted value
 * that is not a plain name ("invalid input syntax for type bigint:
 * "11010519491231002X"") blanked: no personal data reaches a log. */
static void
set_result_errmsg (PgConn         *conn,
                   const PGresult *result)
{
  const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
  const char *p = primary != NULL ? primary : PQresultErrorMessage (result);
  g_autoptr(GString) out = g_string_new (NULL);

  while (*p != '\0')
    {
      const char *end;
      gboolean name = TRUE;

      if (*p != '"' || (end = strchr (p + 1, '"')) == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      for (const char *c = p + 1; c < end; c++)
        name = name && (g_ascii_islower (*c) || *c == '_');
      if (name && end > p + 1)
        g_string_append_len (out, p, end + 1 - p);
      else
        g_string_append (out, "\"…\"");
      p = end + 1;
    }
  set_errmsg (conn, out->str);
}

static gboolean set_up_session (PgConn *conn, GError **error);

/* A connection the server dropped (a restart, a failover) is made
 * again before the next statement, but never inside a transaction: there
 * every statement fails until the caller's ROLLBACK (pg_exec() makes the
 * connection again then), so nothing of a half-done transaction can
 * commit on its own on the new session. The request that found it lost
 * fails; the next one works. Statements are prepared again on the new
 * session, its settings made again. */
static gboolean
ensure_connected (PgConn *conn)
{
  g_autoptr(GError) error = NULL;

  if (PQstatus (conn->pg) == CONNECTION_OK)
    return TRUE;
  if (conn->in_tx)
    {
      set_errmsg (conn, "the connection to PostgreSQL was lost in the middle of a transaction");
      return FALSE;
    }
  PQreset (conn->pg);
  if (PQstatus (conn->pg) != CONNECTION_OK)
    {
      set_errmsg (conn, PQerrorMessage (conn->pg));
      return FALSE;
    }
  conn->session++;
  if (!set_up_session (conn, &error))
    {
      set_errmsg (conn, error->message);
      return FALSE;
    }
  g_message ("the connection to PostgreSQL was lost and is made again");
  return TRUE;
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The store's SQL as PostgreSQL takes it (see the top of this file);
 * @n_params: how many it has. */
char *
_jz_db_pg_translate (const char *sql,
                     int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 32);
  const char *p = sql;
  gboolean or_ignore = FALSE;
  int top = 0;

  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "INSERT OR IGNORE INTO", 21) == 0)
    {
      g_string_append (out, "INSERT INTO");
      p += 21;
      or_ignore = TRUE;
    }

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;

          /* a literal or a quoted name, as it is ('' and "" inside) */
          g_string_append_c (out, *p++);
          while (*p != '\0')
            {
              if (*p == quote && p[1] == quote)
                {
                  g_string_append_len (out, p, 2);
                  p += 2;
                  continue;
                }
              g_string_append_c (out, *p);
              if (*p++ == quote)
                break;
            }
        }
      else if ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*'))
        {
          /* a comment, as it is: no parameter or quote inside counts */
          const char *end = p[0] == '-' ? strchr (p, '\n') : strstr (p + 2, "*/");

          end = end == NULL ? p + strlen (p) : end + (p[0] == '-' ? 0 : 2);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (*p == '?')
        {
          int index;

          /* as SQLite numbers them: ?N is N, a bare ? one more than the
           * largest number so far */
          p++;
          if (g_ascii_isdigit (*p))
            {
              index = 0;
              while (g_ascii_isdigit (*p) && index < 100000)
                index = index * 10 + (*p++ - '0');
            }
          else
            index = top + 1;
          top = MAX (top, index);
          g_string_append_printf (out, "$%d", index);
        }
      else if (is_word_char (*p))
        {
          const char *start = p;

          while (is_word_char (*p))
            p++;
          if (p - start == 4 && g_ascii_strncasecmp (start, "user", 4) == 0)
            g_string_append (out, "\"user\"");
          else
            g_string_append_len (out, start, p - start);
        }
      else
        g_string_append_c (out, *p++);
    }

  if (or_ignore)
    {
      while (out->len > 0 && (g_ascii_isspace (out->str[out->len - 1]) || out->str[out->len - 1] == ';'))
        g_string_truncate (out, out->len - 1);
      g_string_append (out, " ON CONFLICT DO NOTHING");
    }

  if (n_params != NULL)
    *n_params = top;
  return g_string_free (out, FALSE);
}

/* ---- statements ------------------------------------------------------------- */

static const JzDbOps pg_ops;

/* A statement is prepared on its first step, when its parameters are
 * bound: an integer is sent as a bigint, so that `? - ?` and the like
 * have a type, as every value has on SQLite. */
static JzStmt *
pg_prepare (gpointer     data,
            const char  *sql,
            GError     **error)
{
  PgConn *conn = data;
  PgStmt *ps;
  JzStmt *stmt;

  ps = g_new0 (PgStmt, 1);
  ps->conn = conn;
  ps->sql = _jz_db_pg_translate (sql, &ps->n_params);
  ps->name = g_strdup_printf ("jz%u", ++conn->next_name);
  ps->values = g_new0 (char *, MAX (ps->n_params, 1));
  ps->bound = g_new0 (Oid, MAX (ps->n_params, 1));
  ps->types = g_new0 (Oid, MAX (ps->n_params, 1));
  ps->row = -1;

  stmt = g_new0 (JzStmt, 1);
  stmt->ops = &pg_ops;
  stmt->impl = ps;
  return stmt;
}

/* Prepared (again, under a new name) when a parameter is bound to
 * another kind of value than it was prepared for: the store binds a meta
 * value as an integer in one place and as text in another. */
/* jz_db_prepare()'s: run once and finalized, so never prepared on the
 * server (PQexecParams), where it would stay until the session ends. */
static JzStmt *
pg_prepare_once (gpointer     data,
                 const char  *sql,
                 GError     **error)
{
  JzStmt *stmt = pg_prepare (data, sql, error);

  ((PgStmt *) stmt->impl)->once = TRUE;
  return stmt;
}

/* Forgets a statement prepared on the server (the session it was
 * prepared on still being the connection's). */
static void
deallocate (PgStmt *ps)
{
  g_autofree char *sql = NULL;

  if (!ps->prepared || ps->session != ps->conn->session || PQstatus (ps->conn->pg) != CONNECTION_OK)
    return;
  sql = g_strconcat ("DEALLOCATE ", ps->name, NULL);  /* a name of ours: jz and digits */
  PQclear (PQexec (ps->conn->pg, sql));
  ps->prepared = FALSE;
}

static gboolean
prepare_now (PgStmt *ps)
{
  PGresult *result;
  gboolean ok;

  if (ps->prepared && ps->session != ps->conn->session)
    ps->prepared = FALSE;  /* prepared on a session that is gone: again, under the same name */
  if (ps->prepared)
    {
      gboolean same = TRUE;

      for (int i = 0; i < ps->n_params && same; i++)
        same = ps->bound[i] == 0 || ps->bound[i] == (ps->types[i] ? ps->types[i] : JZ_PG_TEXTOID);
      if (same)
        return TRUE;
      deallocate (ps);
      g_free (ps->name);
      ps->name = g_strdup_printf ("jz%u", ++ps->conn->next_name);
    }
  for (int i = 0; i < ps->n_params; i++)
    ps->types[i] = ps->bound[i] == JZ_PG_TEXTOID ? 0 : ps->bound[i];

  result = PQprepare (ps->conn->pg, ps->name, ps->sql, ps->n_params, ps->types);
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  if (!ok)
    {
      set_result_errmsg (ps->conn, result);
      g_debug ("PostgreSQL: %s: %s", ps->conn->errmsg, ps->sql);
    }
  PQclear (result);
  ps->prepared = ok;
  ps->session = ps->conn->session;
  return ok;
}

static int
pg_step (JzStmt *stmt)
{
  PgStmt *ps = stmt->impl;

  if (ps->result == NULL)
    {
      ExecStatusType status;

      if (!ensure_connected (ps->conn))
        return SQLITE_ERROR;
      if (ps->once)
        {
          for (int i = 0; i < ps->n_params; i++)
            ps->types[i] = ps->bound[i] == JZ_PG_TEXTOID ? 0 : ps->bound[i];
          ps->result = PQexecParams (ps->conn->pg, ps->sql, ps->n_params, ps->types,
                                     (const char *const *) ps->values, NULL, NULL, 0);
        }
      else if (!prepare_now (ps))
        return SQLITE_ERROR;
      else
        ps->result = PQexecPrepared (ps->conn->pg, ps->name, ps->n_params,
                                     (const char *const *) ps->values, NULL, NULL, 0);
      status = PQresultStatus (ps->result);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          set_result_errmsg (ps->conn, ps->result);
          /* the statement, never its values (personal data) */
          g_debug ("PostgreSQL: %s: %s", ps->conn->errmsg, ps->sql);
          PQclear (ps->result);
          ps->result = NULL;
          return SQLITE_ERROR;
        }
      ps->conn->changes = atoi (PQcmdTuples (ps->result));
      ps->row = -1;
    }

  ps->row++;
  return ps->row < PQntuples (ps->result) ? JZ_DB_ROW : JZ_DB_DONE;
}

static void
pg_reset (JzStmt *stmt)
{
  PgStmt *ps = stmt->impl;

  g_clear_pointer (&ps->result, PQclear);
  ps->row = -1;
}

static void
pg_clear (JzStmt *stmt)
{
  PgStmt *ps = stmt->impl;

  for (int i = 0; i < ps->n_params; i++)
    {
      g_clear_pointer (&ps->values[i], g_free);
      ps->bound[i] = 0;
    }
}

static void
put_value (JzStmt *stmt,
           int     index,
           char   *value)
{
  PgStmt *ps = stmt->impl;

  if (index < 1 || index > ps->n_params)
    {
      g_free (value);
      return;
    }
  g_free (ps->values[index - 1]);
  ps->values[index - 1] = value;
}

static void
set_bound (PgStmt *ps,
           int     index,
           Oid     type)
{
  if (index >= 1 && index <= ps->n_params)
    ps->bound[index - 1] = type;
}

static void
pg_bind_take (JzStmt *stmt,
              int     index,
              char   *value)
{
  set_bound (stmt->impl, index, value != NULL ? JZ_PG_TEXTOID : 0);
  put_value (stmt, index, value);
}

static void
pg_bind_text (JzStmt     *stmt,
              int         index,
              const char *value,
              int         length)
{
  set_bound (stmt->impl, index, value != NULL ? JZ_PG_TEXTOID : 0);
  put_value (stmt, index, length < 0 ? g_strdup (value) : g_strndup (value, length));
}

static void
pg_bind_int64 (JzStmt *stmt,
               int     index,
               gint64  value)
{
  set_bound (stmt->impl, index, JZ_PG_INT8OID);
  put_value (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

static void
pg_bind_double (JzStmt *stmt,
                int     index,
                double  value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  set_bound (stmt->impl, index, JZ_PG_FLOAT8OID);
  put_value (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)));
}

static void
pg_bind_null (JzStmt *stmt,
              int     index)
{
  set_bound (stmt->impl, index, 0);
  put_value (stmt, index, NULL);
}

static gboolean
pg_column_null (JzStmt *stmt,
                int     index)
{
  PgStmt *ps = stmt->impl;

  return ps->result == NULL || ps->row < 0 || ps->row >= PQntuples (ps->result) ||
         index >= PQnfields (ps->result) || PQgetisnull (ps->result, ps->row, index);
}

static const char *
pg_column_text (JzStmt *stmt,
                int     index)
{
  PgStmt *ps = stmt->impl;
  const char *value;

  if (pg_column_null (stmt, index))
    return NULL;
  value = PQgetvalue (ps->result, ps->row, index);
  /* a truth selected reads as SQLite gives it: 1 or 0 */
  if (PQftype (ps->result, index) == JZ_PG_BOOLOID)
    return value[0] == 't' ? "1" : "0";
  return value;
}

static int
pg_column_bytes (JzStmt *stmt,
                 int     index)
{
  const char *value = pg_column_text (stmt, index);

  return value != NULL ? (int) strlen (value) : 0;
}

static gint64
pg_column_int64 (JzStmt *stmt,
                 int     index)
{
  const char *value = pg_column_text (stmt, index);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static void
pg_finalize (JzStmt *stmt)
{
  PgStmt *ps = stmt->impl;

  pg_reset (stmt);
  pg_clear (stmt);
  deallocate (ps);
  g_free (ps->values);
  g_free (ps->types);
  g_free (ps->bound);
  g_free (ps->sql);
  g_free (ps->name);
  g_free (ps);
}

/* ---- the connection ------------------------------------------------------- */

static gboolean
run (PgConn      *conn,
     const char  *sql,
     GError     **error)
{
  PGresult *result;
  ExecStatusType status;

  if (!ensure_connected (conn))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO, "the PostgreSQL database cannot be reached: %s",
                   conn->errmsg);
      return FALSE;
    }
  result = PQexec (conn->pg, sql);
  status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_result_errmsg (conn, result);
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE, "database error: %s", conn->errmsg);
      PQclear (result);
      return FALSE;
    }
  conn->changes = atoi (PQcmdTuples (result));
  PQclear (result);
  return TRUE;
}

/* A failed BEGIN leaves no transaction, as on SQLite: its callers do not
 * roll back. */
static gboolean
begin (PgConn      *conn,
       const char  *sql,
       GError     **error)
{
  if (PQstatus (conn->pg) == CONNECTION_OK && PQtransactionStatus (conn->pg) != PQTRANS_IDLE)
    {
      g_warning ("a transaction was left open on the PostgreSQL connection; rolled back");
      run (conn, "ROLLBACK", NULL);
    }
  if (run (conn, sql, error))
    {
      conn->in_tx = TRUE;
      return TRUE;
    }
  if (PQstatus (conn->pg) == CONNECTION_OK && PQtransactionStatus (conn->pg) != PQTRANS_IDLE)
    run (conn, "ROLLBACK", NULL);
  return FALSE;
}

static gboolean
pg_exec (gpointer     data,
         const char  *sql,
         GError     **error)
{
  PgConn *conn = data;

  /* A writer, one at a time (see the top), reading what committed before
   * its lock was granted; a read-only snapshot (jz_store_read_transact);
   * a snapshot that may note where the device is (an export, a snapshot
   * page: no feed rows, so no lock) */
  if (g_str_equal (sql, "BEGIN IMMEDIATE"))
    return begin (conn, "BEGIN ISOLATION LEVEL READ COMMITTED; "
                        "SELECT pg_advisory_xact_lock (" JZ_PG_WRITER_LOCK ")", error);
  if (g_str_equal (sql, "BEGIN DEFERRED"))
    return begin (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", error);
  if (g_str_equal (sql, "BEGIN"))
    return begin (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ", error);
  if (g_str_equal (sql, "COMMIT"))
    {
      gboolean ok = run (conn, "COMMIT", error);

      conn->in_tx = FALSE;
      return ok;
    }
  if (g_str_equal (sql, "ROLLBACK"))
    {
      /* the transaction is gone with a lost connection: made again here */
      conn->in_tx = FALSE;
      return run (conn, "ROLLBACK", error);
    }
  if (g_str_has_prefix (sql, "PRAGMA"))
    return TRUE;
  {
    g_autofree char *translated = _jz_db_pg_translate (sql, NULL);

    return run (conn, translated, error);
  }
}

static int
pg_changes (gpointer data)
{
  PgConn *conn = data;

  return conn->changes;
}

static const char *
pg_errmsg (gpointer data)
{
  PgConn *conn = data;

  return conn->errmsg != NULL ? conn->errmsg : PQerrorMessage (conn->pg);
}

static void
pg_close (gpointer data)
{
  PgConn *conn = data;

  PQfinish (conn->pg);
  g_free (conn->uri);
  g_free (conn->errmsg);
  g_free (conn);
}

static gpointer connect_uri (const char *uri, GError **error);

static gpointer
pg_connect_again (gpointer   data,
                  GError   **error)
{
  PgConn *conn = data;

  return connect_uri (conn->uri, error);
}

static const JzDbOps pg_ops = {
  .name = "postgresql",
  .connect_again = pg_connect_again,
  .prepare = pg_prepare,
  .prepare_once = pg_prepare_once,
  .exec = pg_exec,
  .changes = pg_changes,
  .errmsg = pg_errmsg,
  .close = pg_close,
  .step = pg_step,
  .reset = pg_reset,
  .clear = pg_clear,
  .bind_text = pg_bind_text,
  .bind_take = pg_bind_take,
  .bind_int64 = pg_bind_int64,
  .bind_double = pg_bind_double,
  .bind_null = pg_bind_null,
  .column_text = pg_column_text,
  .column_bytes = pg_column_bytes,
  .column_int64 = pg_column_int64,
  .column_null = pg_column_null,
  .finalize = pg_finalize,
};

/* Text compares byte for byte, as on SQLite; nothing here is localised;
 * a transaction reads committed data unless it says otherwise. */
static gboolean
set_up_session (PgConn  *conn,
                GError **error)
{
  if (run (conn, "SET client_encoding = 'UTF8'; SET client_min_messages = warning; "
                 "SET default_transaction_isolation = 'read committed'", error))
    return TRUE;
  g_prefix_error (error, "setting up the connection: ");
  return FALSE;
}

static gpointer
connect_uri (const char  *uri,
             GError     **error)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  PgConn *conn;

  /* libpq's own message may quote the string, password and all */
  if (options == NULL)
    {
      g_set_error_literal (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                           "the PostgreSQL connection string does not parse (see docs/deploy.md, \"PostgreSQL\")");
      return NULL;
    }
  PQconninfoFree (options);

  conn = g_new0 (PgConn, 1);
  conn->uri = g_strdup (uri);
  conn->pg = PQconnectdb (uri);
  if (PQstatus (conn->pg) != CONNECTION_OK)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                   "cannot connect to the PostgreSQL database: %s", g_strchomp (PQerrorMessage (conn->pg)));
      pg_close (conn);
      return NULL;
    }
  if (!set_up_session (conn, error))
    {
      pg_close (conn);
      return NULL;
    }
  return conn;
}

/**
 * jz_db_pg_connect:
 * @uri: a libpq connection string or URI (postgresql://…)
 *
 * Returns: (transfer full): a connection for jz_store_open_engine()
 */
JzDbConn *
jz_db_pg_connect (const char  *uri,
                  GError     **error)
{
  gpointer conn = connect_uri (uri, error);
  JzDbConn *db;

  if (conn == NULL)
    return NULL;
  db = g_new0 (JzDbConn, 1);
  db->ops = &pg_ops;
  db->conn = conn;
  return db;
}

/* A connection string's password is not said in messages and logs. */
char *
jz_db_pg_describe (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  GString *out = g_string_new (NULL);

  if (options == NULL)
    return g_strdup ("(a connection string that does not parse)");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || *o->val == '\0' || g_str_equal (o->keyword, "password"))
        continue;
      if (g_str_equal (o->keyword, "dbname") || g_str_equal (o->keyword, "host") ||
          g_str_equal (o->keyword, "port") || g_str_equal (o->keyword, "user"))
        g_string_append_printf (out, "%s%s=%s", out->len > 0 ? " " : "", o->keyword, o->val);
    }
  PQconninfoFree (options);
  return g_string_free (out, FALSE);
}
