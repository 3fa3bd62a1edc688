/* test-sync-crash.c — kill -9 the client or the server in the middle of sync
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real `juzhu-server serve` ($JUZHU_SERVER) and `juzhu-cli sync`
 * processes ($JUZHU_CLI) on 127.0.0.1. A process is killed with SIGKILL at
 * a crash point (the JUZHU_CRASH_AT test hook, src/core/jz-test-crash.h):
 * the client between commit and push ("before-push"), after the server
 * applied a push but before the client stored the answer ("after-push"),
 * inside the transaction of a pulled page ("mid-pull"); the server inside
 * the push's transaction ("mid-push"), after its COMMIT but before
 * answering ("push-applied"), and with part of a photo's PATCH on disk
 * ("mid-upload"); and the client taking a snapshot over a compacted feed,
 * inside a page ("mid-pull") or between two ("mid-snapshot"). Then
 * everything restarts and syncs: no edit is lost, none
 * is duplicated (each change set once on the server and on every device),
 * the outboxes drain, and every database passes its integrity check.
 * Edits are made by this process on the devices' data directories between
 * the runs of juzhu-cli.
 */
#include "config.h"

#include "jz-sync-test-util.h"

typedef struct
{
  char     *dir;
  TuServer  server;
  char     *dev[2];
  guint     saves[2];
  GRand    *rand;
} Fixture;

static const char * const record_types[] = { "person", "registration", NULL };
static const char *ids[] = { "11010519491231002X", "220102199003074516", "410102198512250021" };

/* Runs juzhu-cli on a device; returns its wait status and its stdout. */
static int
cli (Fixture     *f,
     guint        dev,
     const char  *crash_at,
     char       **out,
     const char  *first_arg,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = tu_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("JUZHU_CLI"));
  g_ptr_array_add (args, "--data-dir");
  g_ptr_array_add (args, f->dev[dev]);
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "JUZHU_SYNC_RETRY_MS", "1", TRUE);
  if (crash_at != NULL)
    g_subprocess_launcher_setenv (launcher, "JUZHU_CRASH_AT", crash_at, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "JUZHU_CRASH_AT");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  if (stderr_text != NULL && *stderr_text != '\0')
    g_test_message ("dev%u %s: %s", dev, crash_at ? crash_at : "", stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (g_subprocess_get_if_signaled (process))
    return -g_subprocess_get_term_sig (process);
  return g_subprocess_get_exit_status (process);
}

static void
start_server (Fixture    *f,
              const char *crash_at)
{
  guint16 port = f->server.port;

  if (crash_at != NULL)
    g_setenv ("JUZHU_CRASH_AT", crash_at, TRUE);
  tu_server_start (&f->server, port);
  g_unsetenv ("JUZHU_CRASH_AT");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *srv = NULL;

  f->dir = g_dir_make_tmp ("juzhu-crash-XXXXXX", &error);
  g_assert_no_error (error);
  f->rand = g_rand_new_with_seed (g_test_rand_int ());
  srv = g_build_filename (f->dir, "server", NULL);
  codes = tu_server_setup (&f->server, srv, 2, "county", "2201");
  start_server (f, NULL);
  for (guint i = 0; i < 2; i++)
    {
      f->dev[i] = g_strdup_printf ("%s/dev%u", f->dir, i);
      g_assert_cmpint (cli (f, i, NULL, NULL, "enrol", "--server", f->server.url, "--code",
                            (char *) codes->pdata[i], NULL), ==, 0);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tu_server_clear (&f->server);
  tu_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->dev[0]);
  g_free (f->dev[1]);
  g_rand_free (f->rand);
}

/* @n saves of a new person (half with a registration, some with a 300 KB
 * portrait) and edits on device @dev, in this process. */
static void
edit_on (Fixture *f,
         guint    dev,
         guint    n,
         gboolean photos)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = jz_store_open (f->dev[dev], &error);
  g_autoptr(JzPhotoStore) ps = jz_photo_store_new (f->dev[dev]);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JzSave) save = jz_save_new ("crash");
      g_autoptr(JsonObject) p = json_object_new ();
      g_autofree char *name = g_strdup_printf ("测试%u", g_rand_int (f->rand));
      const char *person;

      json_object_set_string_member (p, "id_number", ids[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (ids))]);
      json_object_set_string_member (p, "name", name);
      if (photos && i < 3)
        {
          g_autoptr(GBytes) bytes = tu_noise_jpeg (f->rand, 300 * 1024);
          g_autofree char *sha = NULL;

          sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
          g_assert_true (jz_photo_store_add_verified_blob (ps, sha, bytes, &error));
          g_assert_no_error (error);
          json_object_set_string_member (p, "portrait", sha);
        }
      person = jz_save_create (save, "person", p);
      f->saves[dev]++;
      if (g_rand_boolean (f->rand))
        {
          g_autoptr(JsonObject) r = json_object_new ();

          json_object_set_string_member (r, "person_id", person);
          json_object_set_string_member (r, "residence_division", "220104");
          json_object_set_string_member (r, "residence_address", "朝阳区红旗街5号");
          json_object_set_string_member (r, "arrival_date", "2026-01-10");
          json_object_set_string_member (r, "registered_on", "2026-01-12");
          json_object_set_string_member (r, "reason", "work");
          jz_save_create (save, "registration", r);
          f->saves[dev]++;
        }
      g_assert_true (jz_store_commit (store, save, &error));
      g_assert_no_error (error);
    }
}

static gint64
json_int (const char *text,
          const char *member)
{
  g_autoptr(JsonNode) root = json_from_string (text, NULL);

  g_assert_nonnull (root);
  return json_object_get_int_member_with_default (json_node_get_object (root), member, -1);
}

/* Everyone syncs, then the server stops and every replica is compared. */
static void
check_all (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GHashTable) server_keys = NULL;
  g_autofree char *server_snapshot = NULL;
  JzStore *server_store;
  guint n_server = 0;

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 2; i++)
      g_assert_cmpint (cli (f, i, NULL, NULL, "sync", NULL), ==, 0);

  tu_server_stop (&f->server, SIGTERM);
  county = jz_county_open (f->server.dir, &error);
  g_assert_no_error (error);
  server_store = jz_county_get_store (county);
  g_assert_true (jz_store_integrity_check (server_store, &error));
  g_assert_no_error (error);
  server_snapshot = tu_snapshot (server_store, record_types);
  server_keys = tu_change_set_keys (server_store, NULL, &n_server);
  /* each change set once on the server */
  g_assert_cmpuint (g_hash_table_size (server_keys), ==, n_server);
  g_assert_cmpuint (n_server, ==, f->saves[0] + f->saves[1]);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JzStore) store = jz_store_open (f->dev[i], &error);
      g_autoptr(GHashTable) keys = NULL;
      g_autoptr(GHashTable) own = NULL;
      g_autofree char *snap = NULL;
      guint n = 0, n_own = 0;

      g_assert_no_error (error);
      g_assert_true (jz_store_integrity_check (store, &error));
      g_assert_no_error (error);
      g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 0);
      snap = tu_snapshot (store, record_types);
      g_assert_cmpstr (snap, ==, server_snapshot);
      keys = tu_change_set_keys (store, NULL, &n);
      g_assert_cmpuint (n, ==, n_server);
      g_assert_cmpuint (g_hash_table_size (keys), ==, n_server);
      own = tu_change_set_keys (store, jz_store_get_site_id (store), &n_own);
      g_assert_cmpuint (n_own, ==, f->saves[i]);
    }
  g_clear_object (&county);
  start_server (f, NULL);
}

/* The client dies at @point; the next sync makes up for it. */
static void
test_client_crash (Fixture       *f,
                   gconstpointer  data)
{
  const char *point = data;
  guint rounds = g_test_slow () ? 10 : 3;

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *out = NULL;
      guint victim = g_str_equal (point, "mid-pull") ? 1 : 0;

      edit_on (f, 0, g_rand_int_range (f->rand, 1, 8), FALSE);
      edit_on (f, 1, g_rand_int_range (f->rand, 0, 3), FALSE);
      if (g_str_equal (point, "mid-pull"))
        g_assert_cmpint (cli (f, 0, NULL, NULL, "sync", NULL), ==, 0);

      g_assert_cmpint (cli (f, victim, point, NULL, "sync", NULL), ==, -SIGKILL);
      g_assert_cmpint (cli (f, victim, NULL, &out, "--json", "sync", NULL), ==, 0);
      if (g_str_equal (point, "after-push"))
        {
          /* the server had applied it: the push comes back as duplicates */
          g_assert_cmpint (json_int (out, "duplicates"), >, 0);
          g_assert_cmpint (json_int (out, "pushed"), ==, 0);
        }
      if (g_str_equal (point, "mid-pull"))
        g_assert_cmpint (json_int (out, "applied"), >, 0);
      check_all (f);
    }
}

/* The server dies at @point; the client gives up, the server restarts,
 * the next sync makes up for it. */
static void
test_server_crash (Fixture       *f,
                   gconstpointer  data)
{
  const char *point = data;
  guint rounds = g_test_slow () ? 6 : 2;

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *out = NULL;
      gboolean upload = g_str_equal (point, "mid-upload");

      edit_on (f, 0, g_rand_int_range (f->rand, upload ? 3 : 1, 8), upload);
      tu_server_stop (&f->server, SIGTERM);
      start_server (f, point);
      g_assert_cmpint (cli (f, 0, NULL, NULL, "sync", NULL), !=, 0);
      g_subprocess_wait (f->server.process, NULL, NULL);
      g_assert_true (g_subprocess_get_if_signaled (f->server.process));
      g_assert_cmpint (g_subprocess_get_term_sig (f->server.process), ==, SIGKILL);
      g_clear_object (&f->server.process);
      start_server (f, NULL);

      g_assert_cmpint (cli (f, 0, NULL, &out, "--json", "sync", NULL), ==, 0);
      if (g_str_equal (point, "push-applied"))
        g_assert_cmpint (json_int (out, "duplicates"), >, 0);
      if (g_str_equal (point, "mid-push"))
        g_assert_cmpint (json_int (out, "pushed"), >, 0);
      if (upload)
        g_assert_cmpint (json_int (out, "photos_uploaded"), >, 0);
      check_all (f);
    }
}

/* juzhu-server compact on the live database with no device counted
 * active: every device is behind the horizon at its next pull. */
static void
compact_all (Fixture *f)
{
  g_autoptr(GSubprocessLauncher) launcher = tu_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("JUZHU_SERVER"), "compact",
                                         "--data-dir", f->server.dir, "--inactive-days", "0", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

/* Over a compacted feed the client dies while it takes a snapshot (pages
 * of three change sets): inside a page's transaction ("mid-pull"), or with
 * a page applied and the next fetched ("mid-snapshot"). It has unsent
 * edits of its own each time, which go up before the pull. The next sync
 * goes on, and nothing is lost or doubled. */
static void
test_snapshot_crash (Fixture       *f,
                     gconstpointer  data)
{
  const char *point = data;
  guint rounds = g_test_slow () ? 6 : 2;

  g_setenv ("JUZHU_SNAPSHOT_LIMIT", "3", TRUE);
  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *out = NULL;

      edit_on (f, 0, g_rand_int_range (f->rand, 4, 10), FALSE);
      g_assert_cmpint (cli (f, 0, NULL, NULL, "sync", NULL), ==, 0);
      edit_on (f, 1, g_rand_int_range (f->rand, 1, 4), FALSE);
      compact_all (f);

      g_assert_cmpint (cli (f, 1, point, NULL, "sync", NULL), ==, -SIGKILL);
      g_assert_cmpint (cli (f, 1, NULL, &out, "--json", "sync", NULL), ==, 0);
      g_assert_cmpint (json_int (out, "snapshot_pages"), >, 0);
      g_assert_cmpint (json_int (out, "pushed"), ==, 0);    /* went up before the crash */
      check_all (f);
    }
  g_unsetenv ("JUZHU_SNAPSHOT_LIMIT");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signal (SIGPIPE, SIG_IGN);

#define ADD(kind, point, func) \
  g_test_add ("/sync-crash/" kind "/" point, Fixture, point, fixture_set_up, func, fixture_tear_down)
  ADD ("client", "before-push", test_client_crash);
  ADD ("client", "after-push", test_client_crash);
  ADD ("client", "mid-pull", test_client_crash);
  ADD ("server", "mid-push", test_server_crash);
  ADD ("server", "push-applied", test_server_crash);
  ADD ("server", "mid-upload", test_server_crash);
  ADD ("snapshot", "mid-pull", test_snapshot_crash);
  ADD ("snapshot", "mid-snapshot", test_snapshot_crash);
#undef ADD

  return g_test_run ();
}
