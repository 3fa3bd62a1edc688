/* bench-store.c — importing declarations, and searching 100 000 persons
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-store import   100 000 declarations through the store (per-field
 *                        edit log, outbox, search index) against a plain
 *                        SQLite insert of the same rows in the same run
 *   bench-store search   p50/p99 search latency at 100 000 persons
 *   bench-store declare  2 000 declarations one at a time through
 *                        jz_registry_declare(), as a clerk files them: the
 *                        time of each use case, with its checks, lookups,
 *                        number and commit
 *
 * JUZHU_BENCH_N overrides the count. Both sides commit 500 declarations per
 * transaction with the same durability (WAL, synchronous=FULL).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "bench-data.h"
#include "jz-holidays.h"
#include "jz-registry.h"
#include "jz-store.h"
#include "jz-uuid.h"

#define BATCH 500

static guint
bench_n (void)
{
  const char *env = g_getenv ("JUZHU_BENCH_N");

  return env ? (guint) g_ascii_strtoull (env, NULL, 10) : 100000;
}

/* The fields as an import reads them: text, handed to
 * jz_save_create_strings(), which checks and writes them exactly as
 * jz_save_create() would a JsonObject of the same strings. */
static void
create_declaration (JzSave                 *save,
                    const BenchDeclaration *d)
{
  const char *person[] = {
    "id_number", d->id_number, "name", d->name, "sex", d->sex,
    "ethnicity", d->ethnicity, "birth_date", d->birth_date,
    "hukou_division", d->hukou_division, "hukou_address", d->hukou_address,
    "phone", d->phone, NULL,
  };
  const char *pid = jz_save_create_strings (save, "person", person);
  const char *registration[] = {
    "person_id", pid, "residence_division", "220104",
    "committee", "红旗街道红旗社区居委会", "residence_address", d->residence_address,
    "arrival_date", d->arrival_date, "registered_on", d->registered_on,
    "reason", "work", "housing_type", "rented", "landlord_name", "房东", NULL,
  };

  jz_save_create_strings (save, "registration", registration);
}

/* The same declaration through jz_save_create(), the JsonObject API the app
 * and the CLI use. */
static void
create_declaration_json (JzSave                 *save,
                         const BenchDeclaration *d)
{
  g_autoptr(JsonObject) p = json_object_new ();
  g_autoptr(JsonObject) r = json_object_new ();
  const char *pid;

  json_object_set_string_member (p, "id_number", d->id_number);
  json_object_set_string_member (p, "name", d->name);
  json_object_set_string_member (p, "sex", d->sex);
  json_object_set_string_member (p, "ethnicity", d->ethnicity);
  json_object_set_string_member (p, "birth_date", d->birth_date);
  json_object_set_string_member (p, "hukou_division", d->hukou_division);
  json_object_set_string_member (p, "hukou_address", d->hukou_address);
  json_object_set_string_member (p, "phone", d->phone);
  pid = jz_save_create (save, "person", p);
  json_object_set_string_member (r, "person_id", pid);
  json_object_set_string_member (r, "residence_division", "220104");
  json_object_set_string_member (r, "committee", "红旗街道红旗社区居委会");
  json_object_set_string_member (r, "residence_address", d->residence_address);
  json_object_set_string_member (r, "arrival_date", d->arrival_date);
  json_object_set_string_member (r, "registered_on", d->registered_on);
  json_object_set_string_member (r, "reason", "work");
  json_object_set_string_member (r, "housing_type", "rented");
  json_object_set_string_member (r, "landlord_name", "房东");
  jz_save_create (save, "registration", r);
}

/* Both sides time only their own work: the synthetic declarations of a
 * batch are made (snprintf, random numbers) before its clock starts. The
 * store side pays for handing the fields to its API (@build_s, reported
 * apart) and for everything the store does with them. */
/* The device's store, encrypted with the key $JUZHU_KEY_FILE names; or the
 * same store unencrypted (as the county server opens its own), to show what
 * the encryption costs. */
static JzStore *
open_store (const char  *dir,
            gboolean     encrypted,
            GError     **error)
{
  return encrypted ? jz_store_open (dir, error) : jz_store_open_file (dir, "juzhu.db", error);
}

static double
import_store (const char *dir,
              guint       n,
              gboolean    json,
              gboolean    encrypted,
              double     *build_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = open_store (dir, encrypted, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  BenchDeclaration *batch = g_new (BenchDeclaration, BATCH);
  gint64 total = 0, building = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i += BATCH)
    {
      g_autoptr(JzSave) save = NULL;
      guint count = MIN (n, i + BATCH) - i;
      gint64 start, built;

      for (guint k = 0; k < count; k++)
        bench_make_declaration (rand, i + k, &batch[k]);

      start = g_get_monotonic_time ();
      save = jz_save_new ("bench");
      for (guint k = 0; k < count; k++)
        if (json)
          create_declaration_json (save, &batch[k]);
        else
          create_declaration (save, &batch[k]);
      built = g_get_monotonic_time ();
      if (!jz_store_commit (store, save, &error))
        g_error ("import failed: %s", error->message);
      g_clear_pointer (&save, jz_save_free);
      total += g_get_monotonic_time () - start;
      building += built - start;
    }
  g_free (batch);
  if (build_s != NULL)
    *build_s = building / 1e6;
  return total / 1e6;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

/* The same rows into plain tables: what a form-to-table app would write.
 * @indexed: with the secondary indexes the store's own tables have (the ID
 * number, a registration's person), so that the difference is the edit log,
 * the outbox and the validation alone; else bare tables. */
static double
import_plain (const char *path,
              guint       n,
              gboolean    indexed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  sqlite3 *db = NULL;
  sqlite3_stmt *ps = NULL, *rs = NULL;
  BenchDeclaration *batch = g_new (BenchDeclaration, BATCH);
  gint64 total = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* The store's own settings (jz-store.c), so that neither side has a
   * larger cache or fewer checkpoints than the other. */
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                   "PRAGMA cache_size = -8000; PRAGMA wal_autocheckpoint = 4000;"
                   "CREATE TABLE person (rid INTEGER PRIMARY KEY, id TEXT UNIQUE, id_number TEXT,"
                   " name TEXT, sex TEXT, ethnicity TEXT, birth_date TEXT, hukou_division TEXT,"
                   " hukou_address TEXT, phone TEXT);"
                   "CREATE TABLE registration (rid INTEGER PRIMARY KEY, id TEXT UNIQUE, person_id TEXT,"
                   " residence_division TEXT, committee TEXT, residence_address TEXT, arrival_date TEXT,"
                   " registered_on TEXT, reason TEXT, housing_type TEXT, landlord_name TEXT);");
  if (indexed)
    exec_or_die (db, "CREATE INDEX person_id_number ON person (id_number);"
                     "CREATE INDEX registration_person ON registration (person_id);");
  sqlite3_prepare_v2 (db, "INSERT INTO person (id, id_number, name, sex, ethnicity, birth_date,"
                          " hukou_division, hukou_address, phone) VALUES (?,?,?,?,?,?,?,?,?)", -1, &ps, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO registration (id, person_id, residence_division, committee,"
                          " residence_address, arrival_date, registered_on, reason, housing_type,"
                          " landlord_name) VALUES (?,?,?,?,?,?,?,?,?,?)", -1, &rs, NULL);

  for (guint i = 0; i < n; i += BATCH)
    {
      guint count = MIN (n, i + BATCH) - i;
      gint64 start;

      for (guint k = 0; k < count; k++)
        bench_make_declaration (rand, i + k, &batch[k]);

      start = g_get_monotonic_time ();
      exec_or_die (db, "BEGIN");
      for (guint k = 0; k < count; k++)
        {
          const BenchDeclaration *d = &batch[k];
          /* the same rows: the same kind of ids as the store makes */
          g_autofree char *pid = jz_uuid7_new (g_get_real_time () / 1000);
          g_autofree char *rid = jz_uuid7_new (g_get_real_time () / 1000);

          sqlite3_bind_text (ps, 1, pid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 2, d->id_number, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 3, d->name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 4, d->sex, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 5, d->ethnicity, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 6, d->birth_date, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 7, d->hukou_division, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 8, d->hukou_address, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ps, 9, d->phone, -1, SQLITE_TRANSIENT);
          sqlite3_step (ps);
          sqlite3_reset (ps);
          sqlite3_bind_text (rs, 1, rid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (rs, 2, pid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (rs, 3, "220104", -1, SQLITE_STATIC);
          sqlite3_bind_text (rs, 4, "红旗街道红旗社区居委会", -1, SQLITE_STATIC);
          sqlite3_bind_text (rs, 5, d->residence_address, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (rs, 6, d->arrival_date, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (rs, 7, d->registered_on, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (rs, 8, "work", -1, SQLITE_STATIC);
          sqlite3_bind_text (rs, 9, "rented", -1, SQLITE_STATIC);
          sqlite3_bind_text (rs, 10, "房东", -1, SQLITE_STATIC);
          sqlite3_step (rs);
          sqlite3_reset (rs);
        }
      exec_or_die (db, "COMMIT");
      total += g_get_monotonic_time () - start;
    }
  g_free (batch);
  sqlite3_finalize (ps);
  sqlite3_finalize (rs);
  sqlite3_close (db);
  return total / 1e6;
}

/* CPU seconds (user + system) of the whole process so far */
static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static int
bench_import (void)
{
  guint n = bench_n ();
  g_autofree char *dir = g_dir_make_tmp ("juzhu-bench-XXXXXX", NULL);
  g_autofree char *store_dir = g_build_filename (dir, "store", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *bare = g_build_filename (dir, "bare.db", NULL);
  g_autofree char *store_db = g_build_filename (store_dir, "juzhu.db", NULL);
  g_autofree char *json_dir = g_build_filename (dir, "store-json", NULL);
  g_autofree char *clear_dir = g_build_filename (dir, "store-clear", NULL);
  g_autofree char *clear_db = g_build_filename (clear_dir, "juzhu.db", NULL);
  double plain_s, bare_s, store_s, build_s, json_s, json_build_s, cpu0, plain_cpu, bare_cpu, store_cpu, json_cpu;
  double clear_s, clear_cpu;

  cpu0 = cpu_seconds ();
  bare_s = import_plain (bare, n, FALSE);
  bare_cpu = cpu_seconds () - cpu0;
  cpu0 = cpu_seconds ();
  plain_s = import_plain (plain, n, TRUE);
  plain_cpu = cpu_seconds () - cpu0;
  cpu0 = cpu_seconds ();
  store_s = import_store (store_dir, n, FALSE, TRUE, &build_s);
  store_cpu = cpu_seconds () - cpu0;
  cpu0 = cpu_seconds ();
  clear_s = import_store (clear_dir, n, FALSE, FALSE, NULL);
  clear_cpu = cpu_seconds () - cpu0;
  cpu0 = cpu_seconds ();
  json_s = import_store (json_dir, n, TRUE, TRUE, &json_build_s);
  json_cpu = cpu_seconds () - cpu0;

  printf ("import of %u declarations (person + registration), %u per transaction\n", n, BATCH);
  printf ("  plain SQLite insert, same indexes as the store : %8.2f s  %9.0f declarations/s\n",
          plain_s, n / plain_s);
  printf ("  plain SQLite insert, no secondary index        : %8.2f s  %9.0f declarations/s\n",
          bare_s, n / bare_s);
  printf ("  Juzhu store                                    : %8.2f s  %9.0f declarations/s\n",
          store_s, n / store_s);
  printf ("    of which handing the fields to the save: %.2f s\n", build_s);
  printf ("  Juzhu store, not encrypted                     : %8.2f s  %9.0f declarations/s\n",
          clear_s, n / clear_s);
  printf ("  cost of the encryption at rest   : %6.2f x wall, %.2f x CPU (goal: <= 1.3)\n",
          store_s / clear_s, store_cpu / clear_cpu);
  printf ("  Juzhu store, JsonObject API (jz_save_create)   : %8.2f s  %9.0f declarations/s\n",
          json_s, n / json_s);
  printf ("    of which building the JsonObjects: %.2f s\n", json_build_s);
  printf ("  ratio store/plain (same indexes) : %6.2f x  (goal: < 4); JsonObject API %.2f x\n",
          store_s / plain_s, json_s / plain_s);
  printf ("  ratio store/plain (no index)     : %6.2f x; JsonObject API %.2f x\n",
          store_s / bare_s, json_s / bare_s);
  printf ("  CPU (user + system) : plain %.2f s, bare %.2f s, store %.2f s (data generation included);"
          " CPU ratio %.2f x (same indexes); JsonObject API %.2f s\n",
          plain_cpu, bare_cpu, store_cpu, store_cpu / plain_cpu, json_cpu);
  printf ("  database size       : plain %.1f MiB, bare %.1f MiB, store %.1f MiB, not encrypted %.1f MiB"
          " (after checkpoint)\n",
          file_size (plain) / 1048576.0, file_size (bare) / 1048576.0, file_size (store_db) / 1048576.0,
          file_size (clear_db) / 1048576.0);
  /* The persons enter the search index at the first search after the
   * import (one of three characters or more, which every schema indexes
   * for): the size a tablet has from then on. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JzStore) store = open_store (i == 0 ? store_dir : clear_dir, i == 0, &error);
      g_autoptr(GPtrArray) hits = NULL;

      g_assert_no_error (error);
      hits = jz_store_search (store, "人民大街", 50, &error);
      g_assert_no_error (error);
    }
  printf ("  with the search index: store %.1f MiB (%.2f x plain, same indexes), not encrypted %.1f MiB (%.2f x)\n",
          file_size (store_db) / 1048576.0, (double) file_size (store_db) / file_size (plain),
          file_size (clear_db) / 1048576.0, (double) file_size (clear_db) / file_size (plain));
  printf ("  peak RSS            : %" G_GINT64_FORMAT " KiB\n", bench_rss_peak_kib ());
  /* JUZHU_BENCH_KEEP=1 leaves the two databases for a look (sqlite3_analyzer) */
  if (g_getenv ("JUZHU_BENCH_KEEP") != NULL)
    printf ("  kept                : %s\n", dir);
  else
    bench_remove_tree (dir);
  /* The figures are the result; a missed goal is read there, not in the
   * exit status. */
  return 0;
}

typedef struct
{
  const char *label;
  GArray     *times;   /* double, ms */
  guint       hits;
  double      cpu;     /* s, process CPU of the queries (the store's thread too) */
} Series;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (Series *s)
{
  double p50, p99, max;

  g_array_sort (s->times, compare_double);
  p50 = g_array_index (s->times, double, s->times->len / 2);
  p99 = g_array_index (s->times, double, (s->times->len * 99) / 100);
  max = g_array_index (s->times, double, s->times->len - 1);
  printf ("  %-28s n=%4u  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", s->label, s->times->len, p50, p99, max);
  if (s->hits > 0)
    printf ("  (avg %.1f hits)", (double) s->hits / s->times->len);
  if (s->cpu > 0)
    printf ("  CPU %.2f ms/query", s->cpu * 1000.0 / s->times->len);
  printf ("\n");
}

/* 1 000 queries of five kinds against @store, printed under @title. */
static void
search_series (JzStore    *store,
               guint       seed,
               const char *title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Series series[] = {
    { "one character (surname)", NULL, 0 },
    { "two characters (name)", NULL, 0 },
    { "full name", NULL, 0 },
    { "ID fragment (6 digits)", NULL, 0 },
    { "address fragment", NULL, 0 },
  };

  printf (" %s\n", title);
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    series[i].times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint q = 0; q < 1000; q++)
    {
      BenchDeclaration d;
      char query[96];
      guint kind = q % G_N_ELEMENTS (series);
      gint64 start;
      double ms, cpu;
      g_autoptr(GPtrArray) hits = NULL;

      bench_make_declaration (rand, q, &d);
      switch (kind)
        {
        case 0:
          g_utf8_strncpy (query, d.name, 1);
          break;
        case 1:
          g_utf8_strncpy (query, g_utf8_offset_to_pointer (d.name, 0), 2);
          break;
        case 2:
          g_strlcpy (query, d.name, sizeof query);
          break;
        case 3:
          memcpy (query, d.id_number + g_rand_int_range (rand, 0, 12), 6);
          query[6] = '\0';
          break;
        default:
          g_utf8_strncpy (query, d.hukou_address, 4);
          break;
        }

      cpu = cpu_seconds ();
      start = g_get_monotonic_time ();
      hits = jz_store_search (store, query, 50, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      series[kind].cpu += cpu_seconds () - cpu;
      g_assert_no_error (error);
      g_array_append_val (series[kind].times, ms);
      series[kind].hits += hits->len;
    }

  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    {
      report (&series[i]);
      g_array_unref (series[i].times);
    }
}

/* The same queries on the device's encrypted store and on the same store
 * unencrypted, one after the other, then once more each, so that the
 * machine's load weighs on both alike. */
static int
bench_search (void)
{
  guint n = bench_n ();
  g_autofree char *dir = g_dir_make_tmp ("juzhu-bench-XXXXXX", NULL);
  g_autofree char *clear_dir = g_dir_make_tmp ("juzhu-bench-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzStore) clear = NULL;
  double import_s = import_store (dir, n, FALSE, TRUE, NULL);
  double clear_s = import_store (clear_dir, n, FALSE, FALSE, NULL);

  store = open_store (dir, TRUE, &error);
  g_assert_no_error (error);
  clear = open_store (clear_dir, FALSE, &error);
  g_assert_no_error (error);
  printf ("search at %u persons (imported in %.1f s; not encrypted %.1f s), 50 results per query\n",
          n, import_s, clear_s);
  /* The first search indexes the persons imported since the last one, in
   * one pass: timed apart, it is no query's figure. */
  for (guint i = 0; i < 2; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu = cpu_seconds ();
      g_autoptr(GPtrArray) hits = jz_store_search (i == 0 ? store : clear, "王伟", 50, &error);

      g_assert_no_error (error);
      printf ("  first search%s, indexing the %u persons: %.0f ms (CPU %.0f ms)\n",
              i == 0 ? "" : " (not encrypted)", n,
              (g_get_monotonic_time () - start) / 1000.0, (cpu_seconds () - cpu) * 1000.0);
    }
  for (guint round = 1; round <= 2; round++)
    {
      g_autofree char *a = g_strdup_printf ("encrypted store (round %u):", round);
      g_autofree char *b = g_strdup_printf ("the same, not encrypted (round %u):", round);

      search_series (store, 7, a);
      search_series (clear, 7, b);
    }
  printf ("  peak RSS: %" G_GINT64_FORMAT " KiB\n", bench_rss_peak_kib ());
  g_clear_object (&store);
  g_clear_object (&clear);
  bench_remove_tree (dir);
  bench_remove_tree (clear_dir);
  return 0;
}

static int
bench_declare (void)
{
  const char *env = g_getenv ("JUZHU_BENCH_N");
  guint n = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 2000;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-bench-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  g_autoptr(JzProfile) profile = jz_profile_load ("jilin-2016", &error);
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(JzRegistry) registry = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Series series = { "one declaration", g_array_new (FALSE, FALSE, sizeof (double)), 0 };
  GDate today;
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_seconds ();

  g_assert_no_error (error);
  registry = jz_registry_new (store, profile, holidays);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  for (guint i = 0; i < n; i++)
    {
      BenchDeclaration d;
      g_autoptr(JsonObject) input = json_object_new ();
      g_autoptr(JsonObject) result = NULL;
      gint64 t0;
      double ms;

      bench_make_declaration (rand, i, &d);
      json_object_set_string_member (input, "id_number", d.id_number);
      json_object_set_string_member (input, "name", d.name);
      json_object_set_string_member (input, "ethnicity", d.ethnicity);
      json_object_set_string_member (input, "hukou_division", d.hukou_division);
      json_object_set_string_member (input, "hukou_address", d.hukou_address);
      json_object_set_string_member (input, "phone", d.phone);
      json_object_set_string_member (input, "residence_division", "220104");
      json_object_set_string_member (input, "residence_address", d.residence_address);
      json_object_set_string_member (input, "arrival_date", d.arrival_date);
      json_object_set_string_member (input, "registered_on", d.registered_on);
      json_object_set_string_member (input, "reason", "work");
      json_object_set_string_member (input, "housing_type", "rented");
      json_object_set_string_member (input, "landlord_name", "房东");

      t0 = g_get_monotonic_time ();
      result = jz_registry_declare (registry, input, &today, "bench", &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_no_error (error);
      g_array_append_val (series.times, ms);
    }

  printf ("%u declarations through jz_registry_declare in %.2f s (CPU %.2f s)\n", n,
          (g_get_monotonic_time () - start) / 1e6, cpu_seconds () - cpu);
  report (&series);
  g_array_unref (series.times);
  g_clear_object (&registry);
  g_clear_object (&store);
  bench_remove_tree (dir);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc > 1 && g_str_equal (argv[1], "search"))
    return bench_search ();
  if (argc > 1 && g_str_equal (argv[1], "declare"))
    return bench_declare ();
  return bench_import ();
}
