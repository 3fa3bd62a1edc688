/* bench-sync.c — sync with a real county server: volume, PouchDB, photos, many devices
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-sync 10k       N new declarations (a person and its registration,
 *                        so 2·N change sets) pushed from device A, pulled
 *                        into a fresh device B; HTTP requests of each; an
 *                        incremental sync with nothing new
 *   bench-sync pouchdb   the same, then bench/run-pouchdb.sh (PouchDB to
 *                        pouchdb-server, N declaration-shaped documents),
 *                        side by side
 *   bench-sync photos    100 photos of about 400 KB uploaded through
 *                        jz-fault-proxy --cut-every 1048576
 *   bench-sync devices   50 device processes pushing at once, 200 edits
 *                        each in 10 syncs
 *
 * Every server is a real `juzhu-server serve` process on 127.0.0.1 with its
 * own temporary data directory, administered with the same binary; devices
 * are JzStore data directories with a JzSyncClient, enrolled with one-time
 * codes. The paths of the programs come from the environment (set by
 * bench/meson.build): JUZHU_SERVER, JZ_FAULT_PROXY, JUZHU_POUCHDB.
 *
 * Sizes: JUZHU_BENCH_N (declarations, default 10 000), JUZHU_BENCH_PHOTOS
 * (default 100), JUZHU_BENCH_DEVICES (default 50), JUZHU_BENCH_EDITS
 * (per device, default 200).
 *
 * JUZHU_BENCH_PERF=FILE records a perf profile of the server during the
 * push of `10k`, JUZHU_BENCH_PERF_PULL_SERVER=FILE during the pull,
 * JUZHU_BENCH_PERF_PULL=FILE one of this process (device B)
 * during its pull.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "bench-data.h"
#include "bench-sync-util.h"
#include "jz-id-number.h"
#include "jz-photo.h"
#include "jz-store.h"
#include "jz-store-extension.h"
#include "jz-sync-client.h"

#define SAVE_BATCH   1     /* a declaration per save, as a user saves them */
#define ROUNDS       10

JsonObject *
bench_person_object (const BenchDeclaration *d)
{
  JsonObject *p = json_object_new ();

  json_object_set_string_member (p, "id_number", d->id_number);
  json_object_set_string_member (p, "name", d->name);
  json_object_set_string_member (p, "sex", d->sex);
  json_object_set_string_member (p, "ethnicity", d->ethnicity);
  json_object_set_string_member (p, "birth_date", d->birth_date);
  json_object_set_string_member (p, "hukou_division", d->hukou_division);
  json_object_set_string_member (p, "hukou_address", d->hukou_address);
  json_object_set_string_member (p, "phone", d->phone);
  return p;
}

static JsonObject *
registration_object (const BenchDeclaration *d,
                     const char             *person_id)
{
  JsonObject *r = json_object_new ();

  json_object_set_string_member (r, "person_id", person_id);
  json_object_set_string_member (r, "residence_division", "220104");
  json_object_set_string_member (r, "committee", "红旗街道红旗社区居委会");
  json_object_set_string_member (r, "residence_address", d->residence_address);
  json_object_set_string_member (r, "arrival_date", d->arrival_date);
  json_object_set_string_member (r, "registered_on", d->registered_on);
  json_object_set_string_member (r, "reason", "work");
  json_object_set_string_member (r, "housing_type", "rented");
  json_object_set_string_member (r, "landlord_name", "房东");
  return r;
}

/* @n declarations saved @batch to a save; the ids go to @persons and
 * @registrations when given. */
static void
fill_declarations (JzStore    *store,
                   guint       first,
                   guint       n,
                   guint       batch,
                   guint32     seed,
                   GPtrArray  *persons,
                   GPtrArray  *registrations)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  /* a landlord's device files the tenants it houses: its registrations
   * name it (sync-50-devices) */
  g_autofree char *identity = jz_store_get_meta (store, "sync_identity", NULL);

  for (guint i = 0; i < n; i += batch)
    {
      g_autoptr(JzSave) save = jz_save_new ("bench");

      for (guint k = i; k < MIN (n, i + batch); k++)
        {
          BenchDeclaration d;
          g_autoptr(JsonObject) p = NULL;
          g_autoptr(JsonObject) r = NULL;
          const char *pid, *rid;

          bench_make_declaration (rand, first + k, &d);
          p = bench_person_object (&d);
          pid = jz_save_create (save, "person", p);
          r = registration_object (&d, pid);
          if (identity != NULL && *identity != '\0')
            json_object_set_string_member (r, "landlord_identity", identity);
          rid = jz_save_create (save, "registration", r);
          if (persons != NULL)
            g_ptr_array_add (persons, g_strdup (pid));
          if (registrations != NULL)
            g_ptr_array_add (registrations, g_strdup (rid));
        }
      if (!jz_store_commit (store, save, &error))
        g_error ("saving declarations: %s", error->message);
    }
}

/* ---- sync-10k ------------------------------------------------------------ */

typedef struct
{
  guint  n;                 /* declarations */
  guint  change_sets;       /* 2·n */
  double fill_s;
  double push_s, pull_s;
  guint  push_requests, pull_requests;
  guint  push_log_requests, pull_log_requests;
  double push_server_s, pull_server_s;   /* in the server, from request to answer */
  guint64 pull_bytes;                    /* the pull answers as sent */
  guint  snapshot_pages;                 /* B is new: it starts from a snapshot */
  guint64 b_db_bytes;                    /* B's database after the pull, checkpointed */
  double floor_push_db_s, floor_push_http_s;  /* the floor: bench_floor_db_s (), */
  double floor_pull_db_s, floor_pull_http_s;  /* bench_floor_http_s () */
  guint  pushed, pulled, applied, rejected;
  double incr_a_ms, incr_b_ms;
  guint  incr_requests;
} TenK;

static double
incremental_ms (Device *device,
                guint  *requests)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(JzSyncSummary) s = NULL;
      double t, v;

      s = bench_device_sync (device, &t);
      if (s->pushed + s->pulled != 0)
        g_error ("an incremental sync with nothing new moved %u change sets", s->pushed + s->pulled);
      *requests = s->requests;
      v = t * 1000;
      g_array_append_val (ms, v);
    }
  return bench_percentile (ms, 50);
}

static void
run_10k (TenK *r)
{
  g_autofree char *tmp = g_dir_make_tmp ("juzhu-bench-sync-XXXXXX", NULL);
  g_autofree char *dir_a = g_build_filename (tmp, "device-a", NULL);
  g_autofree char *dir_b = g_build_filename (tmp, "device-b", NULL);
  g_autofree char *code_a = NULL;
  g_autofree char *code_b = NULL;
  g_autoptr(JzSyncSummary) push = NULL;
  g_autoptr(JzSyncSummary) pull = NULL;
  Server server = { 0 };
  Device a = { 0 }, b = { 0 };
  ServerLog log = { 0 };
  guint before;
  double t;

  memset (r, 0, sizeof *r);
  r->n = bench_env_uint ("JUZHU_BENCH_N", 10000);
  r->change_sets = 2 * r->n;

  bench_server_start (&server, tmp);
  g_free (bench_server_admin (server.dir, "user", "add", "wang", "--role", "committee", "--area", "220104", NULL));
  g_free (bench_server_admin (server.dir, "user", "add", "li", "--role", "committee", "--area", "220104", NULL));
  code_a = bench_server_admin (server.dir, "enrol-code", "wang", NULL);
  code_b = bench_server_admin (server.dir, "enrol-code", "li", NULL);
  bench_device_open (&a, dir_a, server.url, code_a, "bench device A");
  bench_device_open (&b, dir_b, server.url, code_b, "bench device B");

  t = bench_now_s ();
  fill_declarations (a.store, 0, r->n, SAVE_BATCH, 42, NULL, NULL);
  r->fill_s = bench_now_s () - t;

  bench_server_log_read (&server, 0, &log);
  before = log.lines;
  bench_server_log_clear (&log);

  {
    /* JUZHU_BENCH_PERF=FILE: perf record of the server during the push */
    const char *perf_file = g_getenv ("JUZHU_BENCH_PERF");
    g_autoptr(GSubprocess) perf = NULL;

    if (perf_file != NULL && *perf_file != '\0')
      {
        perf = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "perf", "record", "-q", "-F", "1999",
                                 "--call-graph", "dwarf,32768", "-o", perf_file, "-p",
                                 g_subprocess_get_identifier (server.process), NULL);
        g_usleep (500 * 1000);
      }
    push = bench_device_sync (&a, &r->push_s);
    if (perf != NULL)
      {
        g_subprocess_send_signal (perf, SIGINT);
        g_subprocess_wait (perf, NULL, NULL);
      }
  }
  r->push_requests = push->requests;
  r->pushed = push->pushed;
  r->rejected = push->rejected;
  bench_server_log_read (&server, before, &log);
  r->push_log_requests = log.lines;
  r->push_server_s = log.push_total_ms / 1000;
  before += log.lines;
  bench_server_log_clear (&log);

  {
    /* JUZHU_BENCH_PERF_PULL=FILE: perf record of this process (device B)
     * during the pull; JUZHU_BENCH_PERF_PULL_SERVER=FILE, of the server */
    const char *perf_file = g_getenv ("JUZHU_BENCH_PERF_PULL");
    const char *server_file = g_getenv ("JUZHU_BENCH_PERF_PULL_SERVER");
    g_autoptr(GSubprocess) perf = NULL;
    g_autoptr(GSubprocess) server_perf = NULL;
    g_autofree char *self_pid = g_strdup_printf ("%d", (int) getpid ());

    if (perf_file != NULL && *perf_file != '\0')
      perf = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "perf", "record", "-q", "-F", "1999",
                               "--call-graph", "dwarf,32768", "-o", perf_file, "-p", self_pid, NULL);
    if (server_file != NULL && *server_file != '\0')
      server_perf = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "perf", "record", "-q", "-F", "1999",
                                      "--call-graph", "dwarf,32768", "-o", server_file, "-p",
                                      g_subprocess_get_identifier (server.process), NULL);
    if (perf != NULL || server_perf != NULL)
      g_usleep (500 * 1000);
    pull = bench_device_sync (&b, &r->pull_s);
    {
      GSubprocess *perfs[] = { perf, server_perf };

      for (guint i = 0; i < G_N_ELEMENTS (perfs); i++)
        if (perfs[i] != NULL)
          {
            g_subprocess_send_signal (perfs[i], SIGINT);
            g_subprocess_wait (perfs[i], NULL, NULL);
          }
    }
  }
  r->pull_requests = pull->requests;
  r->pulled = pull->pulled;
  r->applied = pull->applied;
  bench_server_log_read (&server, before, &log);
  r->pull_log_requests = log.lines;
  r->pull_server_s = log.pull_total_ms / 1000;
  r->pull_bytes = log.pull_bytes;
  r->snapshot_pages = pull->snapshot_pages;
  bench_server_log_clear (&log);

  if (r->pushed != r->change_sets || r->applied != r->change_sets)
    g_error ("pushed %u and applied %u change sets of %u (%u rejected)",
             r->pushed, r->applied, r->change_sets, r->rejected);

  r->incr_a_ms = incremental_ms (&a, &r->incr_requests);
  r->incr_b_ms = incremental_ms (&b, &r->incr_requests);

  bench_device_close (&a);
  bench_device_close (&b);

  /* the floor: the rows the push wrote on the server and the pull on B,
   * each in one transaction, and as many round trips */
  {
    g_autofree char *county_db = g_build_filename (server.dir, "county.db", NULL);
    g_autofree char *b_db = g_build_filename (dir_b, "juzhu.db", NULL);

    GStatBuf st;

    if (g_stat (b_db, &st) == 0)
      r->b_db_bytes = (guint64) st.st_size;
    g_autoptr(GError) error = NULL;
    g_autoptr(JzStore) b_store = jz_store_open (dir_b, &error);

    g_assert_no_error (error);
    r->floor_push_db_s = bench_floor_db_s (county_db, NULL, tmp);
    /* the floor's copy is written plain: SQLite's own speed, no encryption */
    r->floor_pull_db_s = bench_floor_db_s (b_db, _jz_store_vfs_name_of (b_store), tmp);
    r->floor_push_http_s = bench_floor_http_s (&server, r->push_requests);
    r->floor_pull_http_s = bench_floor_http_s (&server, r->pull_requests);
  }
  bench_server_stop (&server);
  bench_remove_tree (tmp);
}

static void
print_10k (const TenK *r)
{
  guint goal_cs = (r->change_sets + 499) / 500 + 2;
  guint goal_decl = (r->n + 499) / 500 + 2;

  printf ("sync-10k: %u declarations = %u change sets (a person and a registration each)\n",
          r->n, r->change_sets);
  printf ("  saving them on device A: %.2f s (not part of the sync)\n", r->fill_s);
  printf ("  push A → server: %.2f s, %.0f declarations/s, %.0f change sets/s, %u HTTP requests"
          " (server log: %u)\n", r->push_s, r->n / r->push_s, r->change_sets / r->push_s,
          r->push_requests, r->push_log_requests);
  printf ("  pull server → fresh B: %.2f s, %.0f declarations/s, %.0f change sets/s, %u HTTP requests"
          " (server log: %u)\n", r->pull_s, r->n / r->pull_s, r->change_sets / r->pull_s,
          r->pull_requests, r->pull_log_requests);
  printf ("  of which in the server (request to answer): push %.2f s, pull %.2f s\n",
          r->push_server_s, r->pull_server_s);
  printf ("  pull answers on the wire: %.1f MB (%.0f bytes a change set); B, new, took a snapshot of %u page(s)\n",
          r->pull_bytes / 1e6, (double) r->pull_bytes / r->change_sets, r->snapshot_pages);
  printf ("  B's database after it (checkpointed on close): %.1f MB, %.0f bytes a declaration\n",
          r->b_db_bytes / 1e6, (double) r->b_db_bytes / r->n);
  printf ("  a new device's bootstrap: %.2f s, %u requests, %.1f MB (goal at 100 000 declarations: ≤ 4 s, ≤ 15 MB)\n",
          r->pull_s, r->pull_requests, r->pull_bytes / 1e6);
  printf ("  floor, push: %.2f s (the server's rows in one SQLite transaction %.2f s + %u round trips %.3f s)"
          " → the push is %.1f× it\n",
          r->floor_push_db_s + r->floor_push_http_s, r->floor_push_db_s, r->push_requests, r->floor_push_http_s,
          r->push_s / (r->floor_push_db_s + r->floor_push_http_s));
  printf ("  floor, pull: %.2f s (B's rows in one SQLite transaction %.2f s + %u round trips %.3f s)"
          " → the pull is %.1f× it\n",
          r->floor_pull_db_s + r->floor_pull_http_s, r->floor_pull_db_s, r->pull_requests, r->floor_pull_http_s,
          r->pull_s / (r->floor_pull_db_s + r->floor_pull_http_s));
  printf ("  request goal ⌈N/500⌉+2 with N = change sets: %u → push %s, pull %s\n", goal_cs,
          r->push_requests <= goal_cs ? "met" : "NOT met", r->pull_requests <= goal_cs ? "met" : "NOT met");
  printf ("  request goal ⌈N/500⌉+2 with N = declarations: %u → push %s, pull %s\n", goal_decl,
          r->push_requests <= goal_decl ? "met" : "NOT met", r->pull_requests <= goal_decl ? "met" : "NOT met");
  printf ("  incremental sync with nothing new: A %.1f ms, B %.1f ms (median of 5, %u requests)\n",
          r->incr_a_ms, r->incr_b_ms, r->incr_requests);
}

/* ---- sync-vs-pouchdb ----------------------------------------------------- */

/* bench/run-pouchdb.sh BUILD_DIR N: its last line of output is a JSON
 * object of figures. NULL (and says why) when it could not run. */
static JsonObject *
run_pouchdb (guint n)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *out = NULL;
  const char *script = bench_env_path ("JUZHU_POUCHDB");
  const char *cache = g_getenv ("JUZHU_POUCHDB_CACHE");
  const char *start;

  if (!g_file_test (script, G_FILE_TEST_EXISTS))
    {
      printf ("# PouchDB: %s is missing\n", script);
      return NULL;
    }
  process = g_subprocess_launcher_spawn (launcher, &error, "bash", script,
                                         cache && *cache ? cache : g_get_tmp_dir (), count, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    {
      printf ("# PouchDB run failed: %s\n", error->message);
      return NULL;
    }
  if (!g_subprocess_get_successful (process))
    {
      printf ("# PouchDB run %s (exit %d)\n",
              g_subprocess_get_exit_status (process) == 77 ? "skipped: node, npm or the registry missing" : "failed",
              g_subprocess_get_exit_status (process));
      return NULL;
    }
  /* The figures are the last line. */
  g_strchomp (out);
  start = strrchr (out, '\n');
  start = start ? start + 1 : out;
  if (!json_parser_load_from_data (parser, start, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      printf ("# PouchDB printed no JSON figures:\n%s\n", out);
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static double
json_seconds (JsonObject *o,
              const char *member)
{
  JsonNode *node = o ? json_object_get_member (o, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  return json_node_get_double (node);
}

static void
print_vs_pouchdb (const TenK *r,
                  JsonObject *p)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  double p_push, p_pull, p_noop;

  printf ("sync-vs-pouchdb: %u declarations (Juzhu: %u change sets; PouchDB: %u documents)\n",
          r->n, r->change_sets, r->n);
  if (p == NULL)
    {
      printf ("  PouchDB: no figures (see above)\n");
      return;
    }
  node = json_node_init_object (json_node_alloc (), p);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  printf ("  PouchDB figures: %s\n", text);

  p_push = json_seconds (p, "push_s");
  p_pull = json_seconds (p, "pull_s");
  p_noop = json_seconds (p, "noop_ms");
  printf ("  %-28s %12s %12s %8s\n", "", "Juzhu", "PouchDB", "ratio");
  if (p_push > 0)
    printf ("  %-28s %10.2f s %10.2f s %7.1f×  (goal ≥ 10×: %s)\n", "push of N declarations",
            r->push_s, p_push, p_push / r->push_s, p_push / r->push_s >= 10 ? "met" : "NOT met");
  if (p_pull > 0)
    printf ("  %-28s %10.2f s %10.2f s %7.1f×  (goal ≥ 10×: %s)\n", "pull into a fresh replica",
            r->pull_s, p_pull, p_pull / r->pull_s, p_pull / r->pull_s >= 10 ? "met" : "NOT met");
  if (p_noop > 0)
    printf ("  %-28s %9.1f ms %9.1f ms %7.1f×\n", "sync with nothing new",
            r->incr_b_ms, p_noop, p_noop / r->incr_b_ms);
  if (json_object_has_member (p, "push_requests"))
    printf ("  %-28s %12u %12" G_GINT64_FORMAT "\n", "HTTP requests, push",
            r->push_requests, json_object_get_int_member (p, "push_requests"));
  if (json_object_has_member (p, "pull_requests"))
    printf ("  %-28s %12u %12" G_GINT64_FORMAT "\n", "HTTP requests, pull",
            r->pull_requests, json_object_get_int_member (p, "pull_requests"));
}

/* ---- sync-50-devices ----------------------------------------------------- */

/* One device process: enrols, says "ready", waits for "go", then makes
 * EDITS change sets in ROUNDS saves, syncing after each; prints one line
 * "sync SECONDS PUSHED REQUESTS" per sync and "done". */
static int
device_worker (const char *dir,
               const char *url,
               const char *code,
               guint       edits)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) registrations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (dir));
  g_autoptr(GError) error = NULL;
  guint per_round = MAX (2, edits / ROUNDS);
  guint declarations = per_round / 2;
  char go[16];
  Device device = { 0 };

  bench_device_open (&device, dir, url, code, dir);
  printf ("ready\n");
  fflush (stdout);
  if (fgets (go, sizeof go, stdin) == NULL)
    return 1;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(JzSyncSummary) s = NULL;
      double seconds;

      if (round == 0)
        fill_declarations (device.store, 0, declarations, declarations, g_random_int (),
                           persons, registrations);
      else
        {
          g_autoptr(JzSave) save = jz_save_new ("bench");

          /* an edit of each person's phone and each registration's address */
          for (guint i = 0; i < declarations; i++)
            {
              g_autoptr(JsonObject) p = json_object_new ();
              g_autoptr(JsonObject) r = json_object_new ();
              g_autofree char *phone = g_strdup_printf ("139%08u", g_rand_int_range (rand, 0, 100000000));
              g_autofree char *address = g_strdup_printf ("和平路%u号%u室", round, g_rand_int_range (rand, 101, 2505));

              json_object_set_string_member (p, "phone", phone);
              jz_save_update (save, "person", persons->pdata[i], p);
              json_object_set_string_member (r, "residence_address", address);
              jz_save_update (save, "registration", registrations->pdata[i], r);
            }
          if (!jz_store_commit (device.store, save, &error))
            g_error ("saving edits: %s", error->message);
        }
      s = bench_device_sync (&device, &seconds);
      printf ("sync %.6f %u %u %u\n", seconds, s->pushed, s->rejected, s->requests);
      fflush (stdout);
    }
  printf ("done\n");
  fflush (stdout);
  bench_device_close (&device);
  return 0;
}

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
} Worker;

static char *
worker_line (Worker *w)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (w->out, NULL, NULL, &error);

  if (line == NULL)
    g_error ("a device process stopped early%s%s", error ? ": " : "", error ? error->message : "");
  return line;
}

static void
run_devices (const char *self_path)
{
  g_autofree char *tmp = g_dir_make_tmp ("juzhu-bench-sync-XXXXXX", NULL);
  g_autoptr(GArray) sync_s = g_array_new (FALSE, FALSE, sizeof (double));
  guint devices = bench_env_uint ("JUZHU_BENCH_DEVICES", 50);
  guint edits = bench_env_uint ("JUZHU_BENCH_EDITS", 200);
  Worker *workers = g_new0 (Worker, devices);
  Server server = { 0 };
  ServerLog log = { 0 };
  guint pushed = 0, rejected = 0, syncs = 0, requests = 0, before;
  double start, elapsed;

  bench_server_start (&server, tmp);
  for (guint i = 0; i < devices; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GError) error = NULL;
      g_autofree char *user = g_strdup_printf ("landlord%02u", i);
      g_autofree char *dir = g_strdup_printf ("%s/device-%02u", tmp, i);
      g_autofree char *code = NULL;
      g_autofree char *edits_text = g_strdup_printf ("%u", edits);

      /* Landlords see only what they filed: each device pulls nothing of
       * the others', so what is measured is the pushes. */
      /* an invented ID number for each landlord (address code 220104,
       * born 1970, sequence i), with its check character */
      g_autofree char *first17 = g_strdup_printf ("22010419700101%03u", i);
      g_autofree char *identity = g_strdup_printf ("%s%c", first17, jz_id_number_check_char (first17));
      g_autofree char *real_name = g_strdup_printf ("房东%02u", i);

      g_free (bench_server_admin (server.dir, "user", "add", user, "--role", "landlord", "--area", "220104",
                                  "--identity", identity, "--real-name", real_name, NULL));
      code = bench_server_admin (server.dir, "enrol-code", user, NULL);
      workers[i].process = g_subprocess_launcher_spawn (launcher, &error, self_path, "device-worker",
                                                        dir, server.url, code, edits_text, NULL);
      if (workers[i].process == NULL)
        g_error ("a device process: %s", error->message);
      workers[i].out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (workers[i].process));
    }
  for (guint i = 0; i < devices; i++)
    {
      g_autofree char *line = worker_line (&workers[i]);

      if (!g_str_equal (line, "ready"))
        g_error ("device %u: %s", i, line);
    }

  bench_server_log_read (&server, 0, &log);
  before = log.lines;
  bench_server_log_clear (&log);

  start = bench_now_s ();
  for (guint i = 0; i < devices; i++)
    {
      GOutputStream *in = g_subprocess_get_stdin_pipe (workers[i].process);

      g_output_stream_write_all (in, "go\n", 3, NULL, NULL, NULL);
      g_output_stream_flush (in, NULL, NULL);
    }
  for (guint i = 0; i < devices; i++)
    for (;;)
      {
        g_autofree char *line = worker_line (&workers[i]);
        g_auto(GStrv) f = NULL;
        double s;

        if (g_str_equal (line, "done"))
          break;
        f = g_strsplit (line, " ", -1);
        if (g_strv_length (f) != 5 || !g_str_equal (f[0], "sync"))
          g_error ("device %u: %s", i, line);
        s = g_ascii_strtod (f[1], NULL) * 1000;
        g_array_append_val (sync_s, s);
        pushed += (guint) g_ascii_strtoull (f[2], NULL, 10);
        rejected += (guint) g_ascii_strtoull (f[3], NULL, 10);
        requests += (guint) g_ascii_strtoull (f[4], NULL, 10);
        syncs++;
      }
  elapsed = bench_now_s () - start;
  for (guint i = 0; i < devices; i++)
    {
      g_subprocess_wait (workers[i].process, NULL, NULL);
      g_clear_object (&workers[i].out);
      g_clear_object (&workers[i].process);
    }
  g_free (workers);

  bench_server_log_read (&server, before, &log);
  printf ("sync-50-devices: %u device processes, %u edits (change sets) each in %u saves, a sync after each save\n",
          devices, edits, ROUNDS);
  printf ("  %u change sets applied (%u rejected) by %u syncs in %.2f s: %.0f edits/s sustained at the server\n",
          pushed, rejected, syncs, elapsed, pushed / elapsed);
  printf ("  push latency at the server (POST sync/push, from request to answer): p50 %.0f ms, p99 %.0f ms,"
          " max %.0f ms (%u pushes)\n",
          bench_percentile (log.push_ms, 50), bench_percentile (log.push_ms, 99), bench_percentile (log.push_ms, 100), log.push);
  printf ("  whole sync at the device (health, push, pull): p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
          bench_percentile (sync_s, 50), bench_percentile (sync_s, 99), bench_percentile (sync_s, 100));
  printf ("  HTTP requests: %u (server log: %u)\n", requests, log.lines);
  bench_server_log_clear (&log);
  if (pushed != devices * (MAX (2, edits / ROUNDS) / 2) * 2 * ROUNDS)
    g_error ("expected %u change sets applied, got %u", devices * (MAX (2, edits / ROUNDS) / 2) * 2 * ROUNDS, pushed);

  bench_server_stop (&server);
  bench_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";

  setlocale (LC_ALL, "");
  /* No proxy resolver plug-ins: everything here talks to 127.0.0.1. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  if (g_str_equal (mode, "device-worker") && argc == 6)
    return device_worker (argv[2], argv[3], argv[4], (guint) g_ascii_strtoull (argv[5], NULL, 10));

  bench_print_machine ();
  if (g_str_equal (mode, "10k"))
    {
      TenK r;

      run_10k (&r);
      print_10k (&r);
    }
  else if (g_str_equal (mode, "pouchdb"))
    {
      g_autoptr(JsonObject) p = NULL;
      TenK r;

      run_10k (&r);
      print_10k (&r);
      p = run_pouchdb (r.n);
      print_vs_pouchdb (&r, p);
    }
  else if (g_str_equal (mode, "photos"))
    bench_run_photos ();
  else if (g_str_equal (mode, "devices"))
    {
      g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);

      run_devices (self_path ? self_path : argv[0]);
    }
  else
    {
      fprintf (stderr, "usage: bench-sync 10k|pouchdb|photos|devices\n");
      return 2;
    }
  return 0;
}
