/* bench-sync-util.c — a real juzhu-server for the sync benchmarks: its
 * process, its administration and its request log; figures and the machine
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "bench-sync-util.h"

guint
bench_env_uint (const char *name,
                guint       fallback)
{
  const char *env = g_getenv (name);

  return env && *env ? (guint) g_ascii_strtoull (env, NULL, 10) : fallback;
}

const char *
bench_env_path (const char *name)
{
  const char *path = g_getenv (name);

  if (path == NULL || *path == '\0')
    g_error ("%s is not set (bench/meson.build sets it; run through meson test --benchmark)", name);
  return path;
}

double
bench_now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
bench_cmp_double (gconstpointer a,
                  gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The p-th bench_percentile (0–100), nearest rank, of an array of doubles. */
double
bench_percentile (GArray *values,
                  double  p)
{
  guint rank;

  if (values->len == 0)
    return 0;
  g_array_sort (values, bench_cmp_double);
  rank = (guint) MAX (1.0, (p / 100.0) * values->len + 0.999999);
  return g_array_index (values, double, MIN (rank, values->len) - 1);
}

void
bench_print_machine (void)
{
  struct utsname u;
  g_autofree char *cpuinfo = NULL;
  const char *model = NULL;
  g_autofree char *model_line = NULL;

  uname (&u);
  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL) &&
      (model = strstr (cpuinfo, "model name")) != NULL)
    {
      const char *colon = strchr (model, ':');
      const char *end = colon ? strchr (colon, '\n') : NULL;

      if (colon && end)
        model_line = g_strndup (colon + 2, end - colon - 2);
    }
  printf ("# machine: %s %s, %u CPUs (%s)\n", u.sysname, u.machine,
          g_get_num_processors (), model_line ? model_line : "unknown");
}

/* ---- the server process ------------------------------------------------- */


/* Runs `juzhu-server ARGS… --data-dir DIR`; returns its standard output. */
char *
bench_server_admin (const char *dir,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) bench_env_path ("JUZHU_SERVER"));
  va_start (args, dir);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) dir);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("juzhu-server %s: %s\n%s", (char *) argv->pdata[1],
             error ? error->message : "failed", err ? err : "");
  return g_strstrip (g_steal_pointer (&out));
}

void
bench_server_start (Server     *server,
                    const char *tmp)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *p;

  server->dir = g_build_filename (tmp, "server", NULL);
  server->log_path = g_build_filename (tmp, "server.log", NULL);
  g_mkdir_with_parents (server->dir, 0700);
  g_free (bench_server_admin (server->dir, "init", "--profile", "jilin-2016", NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  server->process = g_subprocess_launcher_spawn (launcher, &error, bench_env_path ("JUZHU_SERVER"), "serve",
                                                 "--data-dir", server->dir,
                                                 "--listen", "127.0.0.1:0", NULL);
  if (server->process == NULL)
    g_error ("juzhu-server serve: %s", error->message);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  if (line == NULL || (p = strstr (line, "http://127.0.0.1:")) == NULL)
    g_error ("juzhu-server serve did not say where it listens (%s)", error ? error->message : line);
  server->port = (guint) g_ascii_strtoull (p + strlen ("http://127.0.0.1:"), NULL, 10);
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

void
bench_server_stop (Server *server)
{
  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  g_clear_object (&server->process);
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->log_path, g_free);
  g_clear_pointer (&server->url, g_free);
}


void
bench_server_log_read (Server    *server,
                       guint      skip_lines,
                       ServerLog *out)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_usleep (100 * 1000);
  memset (out, 0, sizeof *out);
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) keys = NULL;

  out->push_ms = g_array_new (FALSE, FALSE, sizeof (double));
  out->kinds = g_string_new ("");
  if (!g_file_get_contents (server->log_path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;

      if (strstr (lines[i], " /api/v1/") == NULL)
        continue;
      if (n++ < skip_lines)
        continue;
      f = g_strsplit (lines[i], " ", 7);
      if (g_strv_length (f) < 6)
        continue;
      out->lines++;
      {
        /* the path up to its second segment: files/ID → files/… */
        g_auto(GStrv) segs = g_strsplit (f[2] + strlen ("/api/v1/"), "/", 2);
        g_autofree char *kind = g_strdup_printf ("%s %s%s %s", f[1], segs[0] ? segs[0] : "",
                                                 segs[0] && segs[1] ? "/…" : "", f[3]);
        char *q = strchr (kind, '?');

        if (q != NULL)
          memmove (q, strchr (q, ' '), strlen (strchr (q, ' ')) + 1);
        g_hash_table_insert (kinds, g_strdup (kind),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, kind)) + 1));
      }
      if (g_str_equal (f[1], "POST") && g_str_equal (f[2], "/api/v1/sync/push"))
        {
          double ms = g_ascii_strtod (f[5], NULL);

          out->push++;
          out->push_total_ms += ms;
          g_array_append_val (out->push_ms, ms);
        }
      else if (g_str_equal (f[1], "GET") && (g_str_has_prefix (f[2], "/api/v1/sync/pull") ||
                                              g_str_has_prefix (f[2], "/api/v1/sync/snapshot")))
        {
          out->pull++;
          out->snapshot += g_str_has_prefix (f[2], "/api/v1/sync/snapshot");
          out->pull_total_ms += g_ascii_strtod (f[5], NULL);
          out->pull_bytes += g_ascii_strtoull (f[4], NULL, 10);
        }
      else if (g_str_equal (f[1], "HEAD") && g_str_has_prefix (f[2], "/api/v1/files/"))
        out->upload_heads++;
      else if (g_str_equal (f[1], "PATCH") && g_str_has_prefix (f[2], "/api/v1/files/"))
        out->patches++;
    }
  keys = g_list_sort (g_hash_table_get_keys (kinds), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (out->kinds, "%s%s ×%u", l == keys ? "" : ", ", (char *) l->data,
                            GPOINTER_TO_UINT (g_hash_table_lookup (kinds, l->data)));
}

void
bench_server_log_clear (ServerLog *log)
{
  g_clear_pointer (&log->push_ms, g_array_unref);
  if (log->kinds != NULL)
    g_string_free (log->kinds, TRUE);
  log->kinds = NULL;
}


/* ---- the floor ----------------------------------------------------------- */

/**
 * bench_floor_db_s:
 * @db_path: a database the sync filled (a device's juzhu.db, the server's
 *   county.db)
 * @tmp: a directory for the copy
 *
 * @vfs: (nullable): the VFS of a store open on @db_path when it is encrypted
 *
 * The floor of writing what a sync wrote: every table of @db_path but
 * `meta` (with its indexes, and the search index), created empty in a new
 * database with the store's settings, then filled from @db_path with one
 * INSERT … SELECT a table in one transaction. No sync can store the same
 * rows faster than SQLite writes them.
 *
 * Returns: seconds, from BEGIN to the end of COMMIT
 */
double
bench_floor_db_s (const char *db_path,
                  const char *vfs,
                  const char *tmp)
{
  g_autofree char *path = g_build_filename (tmp, "floor.db", NULL);
  char *attach;
  g_autoptr(GPtrArray) creates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *err = NULL;
  double t;

  g_unlink (path);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    g_error ("floor: cannot open %s", path);
  if (vfs != NULL)
    {
      /* a device's encrypted database, read through its open store's VFS */
      g_autofree char *escaped = g_uri_escape_string (db_path, "/", FALSE);

      attach = g_strdup_printf ("file:%s?vfs=%s", escaped, vfs);
    }
  else
    attach = g_strdup (db_path);
  if (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                        "PRAGMA cache_size = -8000;", NULL, NULL, &err) != SQLITE_OK)
    g_error ("floor: %s", err);
  /* the file's name is bound, not written into the statement */
  if (sqlite3_prepare_v2 (db, "ATTACH ?1 AS src", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("floor: %s", sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, attach, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("floor: attaching %s: %s", db_path, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  stmt = NULL;
  g_free (attach);

  /* tables (and the search index) first, then indexes; not the search
   * index's own shadow tables, which creating it makes */
  if (sqlite3_prepare_v2 (db,
                          "SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL "
                          "AND name NOT LIKE 'sqlite_%' AND tbl_name <> 'meta' "
                          "AND name NOT IN (SELECT name FROM src.sqlite_master WHERE name LIKE '%\\_data' ESCAPE '\\' "
                          "  OR name LIKE '%\\_idx' ESCAPE '\\' OR name LIKE '%\\_content' ESCAPE '\\' "
                          "  OR name LIKE '%\\_docsize' ESCAPE '\\' OR name LIKE '%\\_config' ESCAPE '\\') "
                          "ORDER BY type = 'index', rowid", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("floor: %s", sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *create = (const char *) sqlite3_column_text (stmt, 2);

      g_ptr_array_add (creates, g_strdup (create));
      /* the rows of ordinary tables; the search indexes (contentless: they
       * cannot be read back) are filled at the first search after a sync,
       * not by the sync, so the floor leaves them empty too */
      if (g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "table") &&
          !g_str_has_prefix (create, "CREATE VIRTUAL TABLE"))
        g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < creates->len; i++)
    if (sqlite3_exec (db, creates->pdata[i], NULL, NULL, &err) != SQLITE_OK)
      g_error ("floor: %s: %s", (char *) creates->pdata[i], err);

  t = bench_now_s ();
  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK)
    g_error ("floor: %s", err);
  for (guint i = 0; i < tables->len; i++)
    {
      char *copy = sqlite3_mprintf ("INSERT INTO main.%Q SELECT * FROM src.%Q",
                                    (char *) tables->pdata[i], (char *) tables->pdata[i]);

      if (sqlite3_exec (db, copy, NULL, NULL, &err) != SQLITE_OK)
        g_error ("floor: %s: %s", copy, err);
      sqlite3_free (copy);
    }
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, &err) != SQLITE_OK)
    g_error ("floor: %s", err);
  t = bench_now_s () - t;
  sqlite3_close (db);
  return t;
}

/**
 * bench_floor_http_s:
 * @requests: how many round trips
 *
 * The floor of the requests a sync made: as many GET health round trips
 * to @server, on one kept-alive connection, as the sync made requests.
 */
double
bench_floor_http_s (Server *server,
                    guint   requests)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->url, "/api/v1/health", NULL);
  double t = bench_now_s ();

  for (guint i = 0; i < requests; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

      if (body == NULL || soup_message_get_status (msg) != 200)
        g_error ("floor: health did not answer");
    }
  return bench_now_s () - t;
}

/* ---- devices ------------------------------------------------------------- */

void
bench_device_open (Device     *device,
             const char *dir,
             const char *server_url,
             const char *code,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;

  g_mkdir_with_parents (dir, 0700);
  device->store = jz_store_open (dir, &error);
  if (device->store == NULL)
    g_error ("device %s: %s", dir, error->message);
  device->photos = jz_photo_store_new (dir);
  device->client = jz_sync_client_new (device->store, device->photos);
  jz_sync_client_set_retry_base (device->client, 20);
  if (code != NULL)
    {
      answer = jz_sync_client_enrol (device->client, server_url, code, name, NULL, &error);
      if (answer == NULL)
        g_error ("device %s: enrolment: %s", name, error->message);
    }
}

void
bench_device_close (Device *device)
{
  g_clear_object (&device->client);
  g_clear_object (&device->photos);
  g_clear_object (&device->store);
}

JzSyncSummary *
bench_device_sync (Device *device,
             double *seconds)
{
  g_autoptr(GError) error = NULL;
  JzSyncSummary *summary;
  double start = bench_now_s ();

  summary = jz_sync_client_sync (device->client, NULL, &error);
  if (summary == NULL)
    g_error ("sync of %s: %s", jz_store_get_data_dir (device->store), error->message);
  if (seconds != NULL)
    *seconds = bench_now_s () - start;
  return summary;
}
