/* bench-report.c — the monthly report of a county of 100 000 persons
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A county's store (unencrypted, as the server opens its own) with N
 * declarations spread over 50 committees, an application for one person in
 * five (accepted) and a permit for one in ten (issued a year before, so
 * that endorsement windows are open or missed): the time of
 * jz_registry_report (what `juzhu-server report`, the API and the county
 * device's Today run) for one month, five times, beside jz_registry_due on
 * the same day (what Today has always run). JUZHU_BENCH_N overrides N.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench-data.h"
#include "jz-date.h"
#include "jz-holidays.h"
#include "jz-profile.h"
#include "jz-registry.h"
#include "jz-store.h"

#define BATCH 500
#define RUNS 5

static guint
bench_n (void)
{
  const char *env = g_getenv ("JUZHU_BENCH_N");

  return env ? (guint) g_ascii_strtoull (env, NULL, 10) : 100000;
}

/* One batch: declarations, and the applications (submitted) and permits of
 * some of them; the applications' ids in @accept, to accept afterwards. */
static void
fill_batch (JzSave     *save,
            GRand      *rand,
            guint       first,
            guint       count,
            GPtrArray  *accept)
{
  for (guint i = first; i < first + count; i++)
    {
      BenchDeclaration d;
      char division[13], day[11], issued[11];
      const char *pid;

      bench_make_declaration (rand, i, &d);
      snprintf (division, sizeof division, "220104001%03u", i % 50);
      {
        const char *person[] = {
          "id_number", d.id_number, "name", d.name, "sex", d.sex, "ethnicity", d.ethnicity,
          "birth_date", d.birth_date, "hukou_division", d.hukou_division,
          "hukou_address", d.hukou_address, NULL,
        };
        const char *registration[] = {
          "person_id", NULL, "residence_division", division, "residence_address", d.residence_address,
          "arrival_date", d.arrival_date, "registered_on", d.registered_on, "reason", "work", NULL,
        };

        pid = jz_save_create_strings (save, "person", person);
        registration[1] = pid;
        jz_save_create_strings (save, "registration", registration);
      }
      /* applied on the 1st to the 5th */
      snprintf (day, sizeof day, "2026-01-%02u", 1 + i % 5);
      if (i % 5 == 0)
        {
          const char *application[] = {
            "person_id", pid, "kind", "first", "applied_on", day, "residence_division", division,
            "status", "submitted", NULL,
          };

          g_ptr_array_add (accept, g_strdup (jz_save_create_strings (save, "application", application)));
        }
      if (i % 10 == 0)
        {
          snprintf (issued, sizeof issued, "2025-%02u-%02u", 1 + i % 3, 1 + i % 28);
          {
            const char *permit[] = {
              "person_id", pid, "number", d.phone, "issued_on", issued, "residence_division", division,
              "status", "active", NULL,
            };

            jz_save_create_strings (save, "permit", permit);
          }
        }
    }
}

static JzStore *
make_county (const char *dir,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  JzStore *store = jz_store_open_file (dir, "juzhu.db", &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) accept = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i += BATCH)
    {
      g_autoptr(JzSave) save = jz_save_new ("bench");

      fill_batch (save, rand, i, MIN (n, i + BATCH) - i, accept);
      if (!jz_store_commit (store, save, &error))
        g_error ("declarations: %s", error->message);
    }
  /* accepted early in the month (its deadline passed by the month's end)
   * or late (still waiting) */
  for (guint i = 0; i < accept->len; i += BATCH)
    {
      g_autoptr(JzSave) save = jz_save_new ("bench");

      for (guint k = i; k < MIN (accept->len, i + BATCH); k++)
        {
          g_autoptr(JsonObject) fields = json_object_new ();

          json_object_set_string_member (fields, "status", "accepted");
          json_object_set_string_member (fields, "accepted_on", k % 2 ? "2026-01-29" : "2026-01-06");
          jz_save_update (save, "application", accept->pdata[k], fields);
        }
      if (!jz_store_commit (store, save, &error))
        g_error ("acceptance: %s", error->message);
    }
  return store;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("juzhu-bench-report-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzProfile) profile = jz_profile_load ("jilin-2016", &error);
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(JzRegistry) registry = NULL;
  g_autoptr(JsonObject) report = NULL;
  double times[RUNS], due_s;
  guint n = bench_n ();
  gint64 start;
  GDate today;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  store = make_county (dir, n);
  printf ("a county of %u declarations, %u applications accepted, %u permits, 50 committees "
          "(made in %.1f s)\n", n, (n + 4) / 5, (n + 9) / 10, (g_get_monotonic_time () - start) / 1e6);
  registry = jz_registry_new (store, profile, holidays);
  g_assert_true (jz_date_parse ("2026-02-10", &today, NULL));

  for (guint r = 0; r < RUNS; r++)
    {
      g_clear_pointer (&report, json_object_unref);
      start = g_get_monotonic_time ();
      report = jz_registry_report (registry, "2026-01", &today, &error);
      g_assert_no_error (error);
      times[r] = (g_get_monotonic_time () - start) / 1e6;
    }
  qsort (times, RUNS, sizeof times[0], bench_compare_double);
  {
    JsonObject *total = json_object_get_object_member (report, "total");

    printf ("report of 2026-01: %" G_GINT64_FORMAT " registrations, %" G_GINT64_FORMAT " accepted, %"
            G_GINT64_FORMAT " issuances overdue, %" G_GINT64_FORMAT " endorsements due, %" G_GINT64_FORMAT
            " overdue, %u committees\n",
            json_object_get_int_member (total, "registrations"),
            json_object_get_int_member (total, "applications_accepted"),
            json_object_get_int_member (total, "issuance_overdue"),
            json_object_get_int_member (total, "endorsement_due"),
            json_object_get_int_member (total, "endorsement_overdue"),
            json_array_get_length (json_object_get_array_member (report, "committees")));
  }
  printf ("jz_registry_report: median %.2f s (min %.2f, max %.2f) over %u runs\n",
          times[RUNS / 2], times[0], times[RUNS - 1], RUNS);
  start = g_get_monotonic_time ();
  {
    g_autoptr(JsonArray) due = jz_registry_due (registry, &today, &error);

    g_assert_no_error (error);
    due_s = (g_get_monotonic_time () - start) / 1e6;
    printf ("jz_registry_due on the same day (Today's list): %.2f s, %u items\n", due_s,
            json_array_get_length (due));
  }
  printf ("peak RSS %.0f MiB\n", bench_rss_peak_kib () / 1024.0);
  g_clear_object (&registry);
  g_clear_object (&store);
  bench_remove_tree (dir);
  return 0;
}
