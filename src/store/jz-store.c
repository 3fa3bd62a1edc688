/* jz-store.c — the device's local store: thread, connection, meta
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread owns the sqlite3 connection (as epiphany's history service
 * does): callers post jobs to a queue and either wait for the answer (the
 * CLI) or get it back in their main context through a GTask (the app), so
 * the UI thread never touches the disk.
 */
#include "config.h"

#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "jz-store-private.h"

G_DEFINE_FINAL_TYPE (JzStore, jz_store, G_TYPE_OBJECT)

typedef struct
{
  JzStoreFunc     func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  GTask          *task;       /* async callers */
  GMutex         *mutex;      /* sync callers wait on these */
  GCond          *cond;
  gboolean        done;
  gpointer        result;
  GError         *error;
} JzStoreJob;

static gpointer quit_marker = &quit_marker;

static gboolean
unref_in_context (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* The task holds the store. If the store thread dropped the last reference
 * to the task, the store could be disposed on its own thread, which cannot
 * join itself; so the thread's reference is dropped in the caller's context. */
static void
release_task (GTask *task)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, unref_in_context, task, NULL);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
emit_changed (gpointer data)
{
  g_autoptr(JzStore) self = g_weak_ref_get (data);

  if (self != NULL)
    {
      g_atomic_int_set (&self->changed_scheduled, 0);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* On the store thread, after a job: records a job committed are announced
 * once, in the store's main context, however many jobs changed them
 * before it ran. */
static void
schedule_changed (JzStore *self)
{
  GWeakRef *ref;
  GSource *source;

  if (!self->changed || self->tx_depth > 0)
    return;
  self->changed = FALSE;
  if (!g_atomic_int_compare_and_exchange (&self->changed_scheduled, 0, 1))
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, emit_changed, ref, free_weak_ref);
  g_source_set_static_name (source, "[juzhu] store changed");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* On the store thread: the job that runs commits a change of records
 * (a save, a pulled page, a conflict settled, an acknowledgement). */
void
_jz_store_note_changed (JzStore *self)
{
  self->changed = TRUE;
}

/* A store that has had no job for this long gives its memory back. */
#define IDLE_RELEASE_US (2 * G_USEC_PER_SEC)

/* On the store thread, idle: SQLite's page cache (up to 8 MiB, see
 * open_on_thread()) is freed and the thread's malloc arena returned to
 * the system. After scrolling 100 000 persons in the app that was 8 MiB
 * kept for nothing; the next read takes its pages from the kernel's page
 * cache again, a few microseconds each. */
static void
release_memory (JzStore *self)
{
  if (self->db != NULL)
    sqlite3_db_release_memory (self->db);
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

gpointer
_jz_store_thread (gpointer data)
{
  JzStore *self = data;
  gboolean busy = FALSE;

  for (;;)
    {
      JzStoreJob *job = busy ? g_async_queue_timeout_pop (self->queue, IDLE_RELEASE_US)
                             : g_async_queue_pop (self->queue);

      if (job == NULL)
        {
          release_memory (self);
          busy = FALSE;
          continue;
        }
      busy = TRUE;
      if (job == quit_marker)
        break;

      if (job->task != NULL && g_task_return_error_if_cancelled (job->task))
        {
          release_task (g_steal_pointer (&job->task));
          if (job->data_free != NULL)
            job->data_free (job->data);
          g_free (job);
          continue;
        }

      job->result = job->func (self, job->data, &job->error);
      schedule_changed (self);

      if (job->task != NULL)
        {
          if (job->error != NULL)
            g_task_return_error (job->task, g_steal_pointer (&job->error));
          else
            g_task_return_pointer (job->task, job->result, job->result_free);
          release_task (g_steal_pointer (&job->task));
          if (job->data_free != NULL)
            job->data_free (job->data);
          g_free (job);
        }
      else
        {
          g_mutex_lock (job->mutex);
          job->done = TRUE;
          g_cond_signal (job->cond);
          g_mutex_unlock (job->mutex);
        }
    }

  return NULL;
}

struct _JzStoreCall
{
  JzStoreJob job;     /* first: the store thread sees a job */
  GMutex     mutex;
  GCond      cond;
};

/**
 * _jz_store_call_begin:
 *
 * Queues @func on the store thread and returns at once, so that the
 * caller's thread works on while it runs (the sync client parses the next
 * pulled page while the store applies this one). @data must stay valid
 * until _jz_store_call_end(), which every begin needs, once. Jobs run in
 * the order they were queued.
 */
JzStoreCall *
_jz_store_call_begin (JzStore     *self,
                      JzStoreFunc  func,
                      gpointer     data)
{
  JzStoreCall *call;

  g_return_val_if_fail (g_thread_self () != self->thread, NULL);

  call = g_new0 (JzStoreCall, 1);
  g_mutex_init (&call->mutex);
  g_cond_init (&call->cond);
  call->job.func = func;
  call->job.data = data;
  call->job.mutex = &call->mutex;
  call->job.cond = &call->cond;
  g_async_queue_push (self->queue, &call->job);
  return call;
}

/* Waits for the job _jz_store_call_begin() queued; its result, or NULL
 * with @error set. Frees @call. */
gpointer
_jz_store_call_end (JzStoreCall  *call,
                    GError      **error)
{
  gpointer result;

  g_mutex_lock (&call->mutex);
  while (!call->job.done)
    g_cond_wait (&call->cond, &call->mutex);
  g_mutex_unlock (&call->mutex);

  result = call->job.result;
  if (call->job.error != NULL)
    {
      g_propagate_error (error, call->job.error);
      result = NULL;
    }
  g_mutex_clear (&call->mutex);
  g_cond_clear (&call->cond);
  g_free (call);
  return result;
}

gpointer
_jz_store_call (JzStore      *self,
                JzStoreFunc   func,
                gpointer      data,
                GError      **error)
{
  GMutex mutex;
  GCond cond;
  JzStoreJob job = { 0 };

  /* Inside jz_store_transact() the caller already is the store thread:
   * the job runs here, in the open transaction. */
  if (g_thread_self () == self->thread)
    {
      g_return_val_if_fail (self->tx_depth > 0, NULL);
      return func (self, data, error);
    }

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  job.func = func;
  job.data = data;
  job.mutex = &mutex;
  job.cond = &cond;

  g_mutex_lock (&mutex);
  g_async_queue_push (self->queue, &job);
  while (!job.done)
    g_cond_wait (&cond, &mutex);
  g_mutex_unlock (&mutex);

  g_mutex_clear (&mutex);
  g_cond_clear (&cond);

  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      return NULL;
    }

  return job.result;
}

void
_jz_store_call_async (JzStore             *self,
                      JzStoreFunc          func,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  JzStoreJob *job = g_new0 (JzStoreJob, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, func);

  g_async_queue_push (self->queue, job);
}

void
_jz_store_set_sqlite_error (JzStore  *self,
                            GError  **error)
{
  if (self->engine != NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE, "database error: %s", self->engine->ops->errmsg (self->engine->conn));
      return;
    }
  _jz_store_sqlite_error (self->db, self->vfs, error, "database error");
}

/* Prepared statements are cached for the life of the connection. */
JzStmt *
_jz_store_stmt (JzStore     *self,
                const char  *sql,
                GError     **error)
{
  JzStmt *stmt = g_hash_table_lookup (self->stmts, sql);
  sqlite3_stmt *lite = NULL;

  if (stmt != NULL)
    {
      jz_stmt_reset (stmt);
      jz_stmt_clear_bindings (stmt);
      return stmt;
    }

  if (self->engine != NULL)
    {
      stmt = self->engine->ops->prepare (self->engine->conn, sql, error);
      if (stmt == NULL)
        return NULL;
    }
  else if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &lite, NULL) != SQLITE_OK)
    {
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  else
    stmt = jz_stmt_new_sqlite (lite);

  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_jz_store_step_done (JzStore  *self,
                     JzStmt   *stmt,
                     GError  **error)
{
  int rc = jz_stmt_step (stmt);

  if (rc != JZ_DB_DONE && rc != JZ_DB_ROW)
    {
      _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return FALSE;
    }
  jz_stmt_reset (stmt);
  return TRUE;
}

/* Steps a statement that gives back one row (INSERT … RETURNING id):
 * @out, its first column. */
gboolean
_jz_store_step_returning (JzStore  *self,
                          JzStmt   *stmt,
                          gint64   *out,
                          GError  **error)
{
  gboolean ok = jz_stmt_step (stmt) == JZ_DB_ROW;

  if (ok)
    *out = jz_stmt_column_int64 (stmt, 0);
  else
    _jz_store_set_sqlite_error (self, error);
  jz_stmt_reset (stmt);
  return ok;
}

gboolean
_jz_store_exec (JzStore     *self,
                const char  *sql,
                GError     **error)
{
  /* The next outbox seq is cached for one transaction only: a rollback
   * may have given back the seqs taken since. */
  if (g_str_has_prefix (sql, "BEGIN") || g_str_has_prefix (sql, "ROLLBACK"))
    self->outbox_next = 0;

  /* Inside jz_store_transact() a use case's own transaction nests as a
   * savepoint of the one the caller opened. */
  if (self->tx_depth > 0)
    {
      if (g_str_has_prefix (sql, "BEGIN"))
        sql = "SAVEPOINT jz_nested";
      else if (g_str_equal (sql, "COMMIT"))
        sql = "RELEASE jz_nested";
      else if (g_str_equal (sql, "ROLLBACK"))
        sql = "ROLLBACK TO jz_nested; RELEASE jz_nested";
    }
  if (self->engine != NULL)
    {
      /* (once opened: meta may not be there before the schema is) */
      gboolean writer = self->tx_depth == 0 && self->site_id != NULL && g_str_equal (sql, "BEGIN IMMEDIATE");

      if (!self->engine->ops->exec (self->engine->conn, sql, error))
        return FALSE;
      /* Another server process on the database may have moved the clock
       * since: a writer takes it up from there (its lock is held now). */
      if (writer)
        {
          g_autofree char *hlc = _jz_store_read_meta (self, "hlc", NULL);
          guint64 last = hlc != NULL ? g_ascii_strtoull (hlc, NULL, 10) : 0;

          self->hlc.last = MAX (self->hlc.last, last);
        }
      return TRUE;
    }
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _jz_store_sqlite_error (self->db, self->vfs, error, "database error");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  JzStoreTransactFunc func;
  gpointer            data;
  gboolean            read_only;  /* BEGIN DEFERRED: a snapshot, no write lock */
} TransactArgs;

static gpointer
transact_on_thread (JzStore  *self,
                    gpointer  data,
                    GError  **error)
{
  TransactArgs *args = data;
  gint64 indexed_rid = self->indexed_rid;
  JzHlc hlc = self->hlc;
  gboolean changed = self->changed;
  gboolean ok;

  if (!_jz_store_exec (self, args->read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE", error))
    return NULL;
  self->tx_depth++;
  ok = args->func (self, args->data, error);
  self->tx_depth--;
  if (ok && _jz_store_exec (self, "COMMIT", error))
    return JZ_STORE_OK;

  _jz_store_exec (self, "ROLLBACK", NULL);
  /* What the rolled back work moved in memory goes back with it: a person
   * whose rowid is taken again must still reach the search index. */
  self->indexed_rid = indexed_rid;
  self->hlc = hlc;
  self->changed = changed;
  return NULL;
}

/**
 * jz_store_transact:
 * @func: the use case; %FALSE with @error set rolls all of it back
 *
 * Runs @func on the store's thread in one `BEGIN IMMEDIATE` transaction:
 * every jz_store_*() call it makes (reads, jz_store_next_number(),
 * jz_store_commit()) runs at once inside it, so what a use case reads
 * cannot change before it writes, and a number it takes is given back when
 * something later fails. @func must not wait for anything else (the
 * network, the main loop); other callers of the store wait for it.
 *
 * Returns: %TRUE when @func succeeded and the transaction committed
 */
gboolean
jz_store_transact (JzStore              *self,
                   JzStoreTransactFunc   func,
                   gpointer              data,
                   GError              **error)
{
  TransactArgs args = { func, data };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  return _jz_store_call (self, transact_on_thread, &args, error) != NULL;
}

/**
 * jz_store_savepoint:
 * @func: a part of the use case; %FALSE with @error set rolls back this
 *   part only
 *
 * Inside a jz_store_transact() function only (on the store's thread):
 * runs @func in a savepoint of the transaction, so that one part of a use
 * case can fail without the rest (a roster's rows, each a declaration of
 * its own). What it moved in memory goes back with it, as in a rollback.
 *
 * Returns: %TRUE when @func succeeded (its work is kept, to be committed
 *   with the transaction)
 */
gboolean
jz_store_savepoint (JzStore              *self,
                    JzStoreTransactFunc   func,
                    gpointer              data,
                    GError              **error)
{
  gint64 indexed_rid;
  JzHlc hlc;
  gboolean changed;

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_thread_self () == self->thread && self->tx_depth > 0, FALSE);

  indexed_rid = self->indexed_rid;
  hlc = self->hlc;
  changed = self->changed;
  if (!_jz_store_exec (self, "SAVEPOINT jz_part", error))
    return FALSE;
  if (func (self, data, error))
    {
      if (_jz_store_exec (self, "RELEASE jz_part", error))
        return TRUE;
    }
  _jz_store_exec (self, "ROLLBACK TO jz_part; RELEASE jz_part", NULL);
  self->indexed_rid = indexed_rid;
  self->hlc = hlc;
  self->changed = changed;
  return FALSE;
}

/**
 * jz_store_read_transact:
 *
 * Like jz_store_transact(), for a use case that only reads (a report, the
 * due list): one consistent state and every read made at once on the
 * store's thread, in a deferred transaction that takes no write lock, so
 * that another process writing the same database (the server while
 * `juzhu-server report` runs) is not held up. @func must not write.
 */
gboolean
jz_store_read_transact (JzStore              *self,
                        JzStoreTransactFunc   func,
                        gpointer              data,
                        GError              **error)
{
  TransactArgs args = { func, data, TRUE };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (g_thread_self () != self->thread, FALSE);

  return _jz_store_call (self, transact_on_thread, &args, error) != NULL;
}

gint64
_jz_store_now_ms (JzStore *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_get_real_time () / 1000;
}

gboolean
_jz_store_persist_hlc (JzStore  *self,
                       GError  **error)
{
  JzStmt *stmt = _jz_store_stmt (self, "INSERT INTO meta (key, value) VALUES ('hlc', ?) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_int64 (stmt, 1, self->hlc.last);
  return _jz_store_step_done (self, stmt, error);
}

gpointer
_jz_store_close_on_thread (JzStore  *self,
                 gpointer  data,
                 GError  **error)
{
  g_clear_pointer (&self->materialise_sql, g_hash_table_unref);
  g_clear_pointer (&self->create_sql, g_hash_table_unref);
  g_clear_pointer (&self->creation_sql, g_hash_table_unref);
  self->insert_change_set = NULL;
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  if (self->engine != NULL)
    {
      self->engine->ops->close (self->engine->conn);
      g_clear_pointer (&self->engine, g_free);
    }
  g_clear_pointer (&self->vfs, _jz_store_vfs_free);
  return JZ_STORE_OK;
}

static void
jz_store_dispose (GObject *object)
{
  JzStore *self = JZ_STORE (object);

  if (self->thread != NULL)
    {
      _jz_store_call (self, _jz_store_close_on_thread, NULL, NULL);
      g_async_queue_push (self->queue, quit_marker);
      g_thread_join (self->thread);
      self->thread = NULL;
    }
  g_clear_object (&self->codes);

  G_OBJECT_CLASS (jz_store_parent_class)->dispose (object);
}

static void
jz_store_finalize (GObject *object)
{
  JzStore *self = JZ_STORE (object);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->data_dir);
  g_free (self->db_path);
  g_free (self->site_id);
  g_clear_pointer (&self->key, jz_data_key_unref);

  G_OBJECT_CLASS (jz_store_parent_class)->finalize (object);
}

static void
jz_store_class_init (JzStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jz_store_dispose;
  object_class->finalize = jz_store_finalize;

  /**
   * JzStore::changed:
   *
   * Records changed: a save, a page of changes pulled, a conflict settled,
   * an acknowledgement from the server. Emitted in the main context that
   * was the thread-default one when the store was opened, once for any
   * number of changes made before it runs; lists and overviews read again.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
jz_store_init (JzStore *self)
{
  self->queue = g_async_queue_new ();
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) jz_stmt_free);
  self->build_time = JZ_BUILD_UNIX_TIME;
  self->context = g_main_context_ref_thread_default ();
}

const char *
jz_store_get_data_dir (JzStore *self)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  return self->data_dir;
}

const char *
_jz_store_vfs_name_of (JzStore *self)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  return self->vfs ? _jz_store_vfs_name (self->vfs) : NULL;
}

/* The data key the database is encrypted with; NULL for a plain one. */
JzDataKey *
jz_store_get_key (JzStore *self)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  return self->key;
}

const char *
jz_store_get_site_id (JzStore *self)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  return self->site_id;
}

/* For tests: a device whose clock is wrong. */
void
jz_store_set_clock (JzStore     *self,
                    JzClockFunc  clock,
                    gpointer     user_data)
{
  g_return_if_fail (JZ_IS_STORE (self));
  self->clock = clock;
  self->clock_data = user_data;
}

void
jz_store_set_build_time (JzStore *self,
                         gint64   unix_seconds)
{
  g_return_if_fail (JZ_IS_STORE (self));
  self->build_time = unix_seconds;
}

/* jz-store-extension.h: what the county server's tables need of the
 * store thread's connection and clock. */
int
_jz_store_changes (JzStore *self)
{
  if (self->engine != NULL)
    return self->engine->ops->changes (self->engine->conn);
  return sqlite3_changes (self->db);
}

gint64
_jz_store_last_change_set (JzStore *self)
{
  return self->last_change_set;
}

const char *
_jz_store_db_path (JzStore *self)
{
  return self->db_path;
}

const char *
_jz_store_engine (JzStore *self)
{
  return self->engine != NULL ? self->engine->ops->name : NULL;
}

JzDbConn *
_jz_store_open_reader (JzStore  *self,
                       GError  **error)
{
  JzDbConn *reader;
  gpointer conn;

  if (self->engine == NULL)
    return jz_db_open_sqlite_read_only (self->db_path, error);

  conn = self->engine->ops->connect_again (self->engine->conn, error);
  if (conn == NULL)
    return NULL;
  reader = g_new0 (JzDbConn, 1);
  reader->ops = self->engine->ops;
  reader->conn = conn;
  return reader;
}

JzHlc *
_jz_store_hlc (JzStore *self)
{
  return &self->hlc;
}

void
_jz_store_forget_today (JzStore *self)
{
  g_date_clear (&self->today, 1);
}
