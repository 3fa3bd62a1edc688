/* jz-store-open.c — a store opened: its file, encrypted or plain, its
 * schema brought up to date, its identity and clock read; and checked
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "jz-file.h"
#include "jz-schema.h"
#include "jz-test-crash.h"
#include "jz-store-private.h"
#include "jz-uuid.h"

/* The identity and the clock, in meta. */
static gboolean
read_identity (JzStore  *self,
               GError  **error)
{
  g_autofree char *site = NULL;
  g_autofree char *hlc = NULL;

  site = _jz_store_read_meta (self, "site_id", error);
  if (site == NULL)
    {
      g_autofree char *made = jz_site_id_new ();
      JzStmt *stmt;

      if (error != NULL && *error != NULL)
        return FALSE;
      /* two server processes opening a new database keep one of theirs */
      stmt = _jz_store_stmt (self, "INSERT INTO meta (key, value) VALUES ('site_id', ?) "
                                   "ON CONFLICT (key) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      jz_stmt_bind_text (stmt, 1, made);
      if (!_jz_store_step_done (self, stmt, error))
        return FALSE;
      site = _jz_store_read_meta (self, "site_id", error);
      if (site == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE, "the site id was not kept");
          return FALSE;
        }
    }
  self->site_id = g_steal_pointer (&site);

  hlc = _jz_store_read_meta (self, "hlc", error);
  if (hlc != NULL)
    self->hlc.last = g_ascii_strtoull (hlc, NULL, 10);
  else if (error != NULL && *error != NULL)
    return FALSE;
  return TRUE;
}

static gpointer
open_on_thread (JzStore  *self,
                gpointer  data,
                GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  int rc;

  gboolean empty = FALSE;

  if (self->key != NULL)
    {
      /* a wrong key is told as such, before any page fails with it */
      if (!jz_data_key_check_dir (self->key, self->data_dir, FALSE, error))
        return NULL;
      if (_jz_store_vfs_is_plain (self->db_path, &empty, &local_error) &&
          !_jz_store_vfs_encrypt (self->vfs, self->db_path, error))
        return NULL;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  rc = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        self->vfs ? _jz_store_vfs_name (self->vfs) : NULL);
  if (rc != SQLITE_OK)
    {
      if (self->vfs != NULL && self->db != NULL && sqlite3_extended_errcode (self->db) == SQLITE_IOERR_DATA)
        _jz_store_sqlite_error (self->db, self->vfs, error, "opening %s", self->db_path);
      else
        g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                     "cannot open %s: %s", self->db_path,
                     self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 10000);

  if (self->key != NULL && empty)
    {
      /* a new encrypted database: every page keeps room for its nonce and tag */
      int reserve = JZ_VFS_RESERVE;

      sqlite3_file_control (self->db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
      if (!jz_schema_exec (self->db, "PRAGMA page_size = 4096;", error))
        return NULL;
    }

  /* A file that is not a database fails on the first read.
   *
   * The ID-number index takes its entries in random order, so every save
   * of a batch dirties pages all over it. An 8 MiB page cache (SQLite's
   * default is 2 MiB) keeps it in memory at 100 000 persons, and a
   * checkpoint every 4000 WAL pages (16 MiB, instead of 1000) copies a
   * page rewritten by several commits fewer times, with fewer syncs of
   * the database file. Durability is unchanged: every commit is still
   * synced to the WAL (synchronous=FULL). About a tenth of an import's
   * CPU at 100 000 (docs/performance.md, "Importing declarations"). */
  if (!jz_schema_exec (self->db,
                       "PRAGMA journal_mode = WAL;"
                       "PRAGMA synchronous = FULL;"
                       "PRAGMA foreign_keys = OFF;"
                       "PRAGMA temp_store = MEMORY;"
                       "PRAGMA cache_size = -8000;"
                       "PRAGMA wal_autocheckpoint = 4000;",
                       &local_error))
    {
      if (self->vfs != NULL && sqlite3_extended_errcode (self->db) == SQLITE_IOERR_DATA)
        _jz_store_sqlite_error (self->db, self->vfs, error, "opening %s", self->db_path);
      else
        g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                     "%s is not a Juzhu database (%s)", self->db_path, local_error->message);
      return NULL;
    }

  if (!_jz_store_index_register (self, error) ||
      !_jz_store_creation_register (self, error) ||
      !jz_schema_migrate_to (self->db, jz_schema_latest_version (), error))
    return NULL;

  if (self->key != NULL && !jz_data_key_check_dir (self->key, self->data_dir, TRUE, error))
    return NULL;

  if (!read_identity (self, error))
    return NULL;

  {
    g_autofree char *indexed = _jz_store_read_meta (self, "search_indexed_rid", NULL);

    self->indexed_rid = indexed ? g_ascii_strtoll (indexed, NULL, 10) : 0;
  }

  return JZ_STORE_OK;
}

static gpointer
open_engine_on_thread (JzStore  *self,
                       gpointer  data,
                       GError  **error)
{
  if (!_jz_schema_pg_migrate (self, error) || !read_identity (self, error))
    return NULL;
  return JZ_STORE_OK;
}

JzStore *
jz_store_open_engine (const char  *data_dir,
                      JzDbConn    *engine,
                      GError     **error)
{
  g_autoptr(JzStore) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (engine != NULL, NULL);

  self = g_object_new (JZ_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->db_path = g_strdup (engine->ops->name);
  self->engine = engine;
  self->codes = jz_codes_new (error);
  if (self->codes == NULL)
    return NULL;

  self->thread = g_thread_new ("juzhu-store", _jz_store_thread, self);
  if (_jz_store_call (self, open_engine_on_thread, NULL, error) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * jz_store_open:
 * @data_dir: the device data directory (created if missing)
 *
 * Opens (and creates or upgrades) DATA_DIR/juzhu.db.
 */
JzStore *
jz_store_open (const char  *data_dir,
               GError     **error)
{
  g_autoptr(JzDataKey) key = jz_data_key_from_env (FALSE, data_dir, NULL, error);

  if (key == NULL)
    return NULL;
  return jz_store_open_with_key (data_dir, key, error);
}

static JzStore *
open_file (const char  *data_dir,
           const char  *filename,
           JzDataKey   *key,
           GError     **error);

/**
 * jz_store_open_with_key:
 * @data_dir: the device data directory (created if missing)
 * @key: the device's data key
 *
 * Opens (and creates, upgrades, or encrypts in place when it is still
 * plain) DATA_DIR/juzhu.db, encrypted with @key (docs/security.md, "Data
 * at rest"). A key that is not the directory's fails with
 * %JZ_CRYPT_ERROR_WRONG_KEY, a page that fails its check with
 * %JZ_CRYPT_ERROR_TAMPERED.
 */
JzStore *
jz_store_open_with_key (const char  *data_dir,
                        JzDataKey   *key,
                        GError     **error)
{
  g_return_val_if_fail (key != NULL, NULL);
  return open_file (data_dir, "juzhu.db", key, error);
}

/**
 * jz_store_open_file:
 * @data_dir: the data directory (created if missing)
 * @filename: the database file in it (the county server keeps county.db)
 *
 * Opens (and creates or upgrades) DATA_DIR/FILENAME.
 */
JzStore *
jz_store_open_file (const char  *data_dir,
                    const char  *filename,
                    GError     **error)
{
  return open_file (data_dir, filename, NULL, error);
}

static JzStore *
open_file (const char  *data_dir,
           const char  *filename,
           JzDataKey   *key,
           GError     **error)
{
  g_autoptr(JzStore) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                   "cannot create the data directory %s: %s", data_dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (JZ_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->db_path = g_build_filename (data_dir, filename, NULL);
  if (key != NULL)
    {
      self->key = jz_data_key_ref (key);
      self->vfs = _jz_store_vfs_new (key);
    }

  self->codes = jz_codes_new (error);
  if (self->codes == NULL)
    return NULL;

  self->thread = g_thread_new ("juzhu-store", _jz_store_thread, self);

  if (_jz_store_call (self, open_on_thread, NULL, error) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

static gpointer
integrity_on_thread (JzStore  *self,
                     gpointer  data,
                     GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;

  /* PostgreSQL checks its own pages (and amcheck is county IT's); a
   * real read of every record table still shows the database answers */
  if (self->engine != NULL)
    return _jz_store_exec (self,
                           "SELECT count (*) FROM change_set; SELECT count (*) FROM person; "
                           "SELECT count (*) FROM registration; SELECT count (*) FROM meta", error)
           ? JZ_STORE_OK : NULL;

  if (self->vfs != NULL)
    _jz_store_vfs_take_bad_page (self->vfs);
  if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (g_strcmp0 (result, "ok") != 0)
    {
      gint bad = self->vfs ? _jz_store_vfs_take_bad_page (self->vfs) : 0;

      /* a page that fails its authentication is told as such */
      if (bad != 0)
        _jz_store_tampered_error (error, bad);
      else
        g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                     "integrity check failed: %s", result ? result : "no answer");
      return NULL;
    }
  return JZ_STORE_OK;
}

gboolean
jz_store_integrity_check (JzStore  *self,
                          GError  **error)
{
  return _jz_store_call (self, integrity_on_thread, NULL, error) != NULL;
}

/* ---- a plain database encrypted in place ------------------------------ */

/**
 * _jz_store_vfs_is_plain:
 * @db_path: the database file
 * @empty: (out): set when it is absent or empty (a new database)
 *
 * Returns: %TRUE when @db_path is a plain SQLite database
 */
gboolean
_jz_store_vfs_is_plain (const char  *db_path,
                        gboolean    *empty,
                        GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char head[16];
  gssize n;
  int fd;

  *empty = FALSE;
  fd = g_open (db_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      *empty = errno == ENOENT;
      if (*empty)
        return FALSE;
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                   "cannot open %s: %s", db_path, g_strerror (errno));
      return FALSE;
    }
  n = read (fd, head, sizeof head);
  close (fd);
  *empty = n == 0;
  return n == sizeof head && memcmp (head, magic, sizeof head) == 0;
}

static char *
file_uri (const char *path,
          const char *vfs)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strdup_printf ("file:%s?vfs=%s", escaped, vfs);
}

static gboolean
sync_file (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/**
 * _jz_store_vfs_encrypt:
 * @db_path: a plain database
 *
 * Encrypts a plain database in place, crash-safe: with the database locked
 * for this connection alone and its WAL emptied into it, a sealed copy is
 * written beside it (VACUUM INTO through this VFS), synced and renamed
 * over it. Until the rename the plain database is whole and a copy left
 * by a crash is written again; after it, the encrypted one is.
 */
gboolean
_jz_store_vfs_encrypt (JzStoreVfs  *self,
                       const char  *db_path,
                       GError     **error)
{
  g_autofree char *tmp = g_strconcat (db_path, "-encrypting", NULL);
  g_autofree char *uri = file_uri (tmp, _jz_store_vfs_name (self));
  g_autofree char *dir = g_path_get_dirname (db_path);
  sqlite3 *db = NULL;
  int reserve = JZ_VFS_RESERVE;
  int rc;

  g_unlink (tmp);
  rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db,
                    "PRAGMA locking_mode = EXCLUSIVE;"
                    "BEGIN IMMEDIATE; COMMIT;"
                    "PRAGMA wal_checkpoint(TRUNCATE);",
                    NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  {
    sqlite3_stmt *stmt = NULL;
    int page_size = 0;

    if (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step (stmt) == SQLITE_ROW)
      page_size = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
    if (page_size != JZ_VFS_PAGE)
      {
        sqlite3_close_v2 (db);
        g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                     "%s has pages of %d bytes and cannot be encrypted in place", db_path, page_size);
        return FALSE;
      }
  }
  sqlite3_file_control (db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  jz_test_crash_point ("encrypt-before-copy");
  {
    /* the target's name is bound, not written into the statement */
    sqlite3_stmt *stmt = NULL;

    rc = sqlite3_prepare_v2 (db, "VACUUM INTO ?1", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
      {
        sqlite3_bind_text (stmt, 1, uri, -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
      }
    sqlite3_finalize (stmt);
    if (rc != SQLITE_OK)
      goto failed;
  }
  jz_test_crash_point ("encrypt-before-sync");
  if (!sync_file (tmp))
    {
      rc = SQLITE_IOERR_FSYNC;
      goto failed_rc;
    }
  if (g_rename (tmp, db_path) != 0)
    {
      rc = SQLITE_IOERR;
      goto failed_rc;
    }
  jz_test_crash_point ("encrypt-before-dir-sync");
  jz_file_sync_dir (dir);
  /* the plain connection's WAL (empty) and index go with it */
  sqlite3_close_v2 (db);
  return TRUE;

failed:
  _jz_store_sqlite_error (db, NULL, error, "encrypting %s", db_path);
  sqlite3_close_v2 (db);
  g_unlink (tmp);
  return FALSE;

failed_rc:
  g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
               "encrypting %s: %s", db_path, g_strerror (errno));
  sqlite3_close_v2 (db);
  g_unlink (tmp);
  return FALSE;
}
