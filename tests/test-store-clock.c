/* test-store-clock.c — a device's clock, judged when it saves: stuck in
 * 2000, off from the county server's, run ahead once
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-hlc.h"
#include "jz-store-test-util.h"

static gint64
clock_2000 (gpointer data)
{
  return G_GINT64_CONSTANT (946728000000);   /* 2000-01-01 12:00 UTC: the same day in every zone of the tests */
}

static void
test_clock_stuck_in_2000 (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) fields = ts_person_fields ("220102199003074516", "李明");
  g_autoptr(GError) error = NULL;

  jz_store_set_clock (f->store, clock_2000, NULL);
  jz_save_create (save, "person", fields);
  g_assert_false (jz_store_commit (f->store, save, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK);
  g_assert_nonnull (strstr (error->message, "2000-01-01"));
}

static gint64 clock_offset_ms;

static gint64
offset_clock (gpointer data)
{
  return g_get_real_time () / 1000 + clock_offset_ms;
}

/* Measured against the county server's time of the last sync: a day off
 * is a mistake the clock absorbs; two days off stamps nothing. */
static void
test_clock_against_server (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_store_note_server_time (f->store, g_get_real_time () / 1000, &error));
  g_assert_no_error (error);
  jz_store_set_clock (f->store, offset_clock, NULL);

  clock_offset_ms = 24 * 3600 * G_GINT64_CONSTANT (1000);
  g_free (ts_add_person (f->store, "220102199003074516", "李明"));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JzSave) save = jz_save_new ("tester");
      g_autoptr(JsonObject) fields = ts_person_fields ("11010519491231002X", "王芳");

      clock_offset_ms = (i == 0 ? 1 : -1) * 48 * 3600 * G_GINT64_CONSTANT (1000);
      jz_save_create (save, "person", fields);
      g_assert_false (jz_store_commit (f->store, save, &error));
      g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK);
      g_assert_nonnull (strstr (error->message, "by the county server's clock"));
      g_assert_cmpstr (ts_problem_at (save, 0)->code, ==, JZ_PROBLEM_CLOCK);
      g_clear_error (&error);
    }
}

/* A stamp from further ahead than the county allows is not believed; one
 * that ran ahead but not that far is forgotten before the next stamp, so
 * a device whose date was wrong once is not refused for good. */
static void
test_clock_ceiling (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / 1000;
  sqlite3_int64 top;

  g_assert_true (jz_store_note_server_time (f->store, now, &error));
  g_assert_true (jz_store_observe_clock (f->store, JZ_HLC_FROM_MS (now + 10 * G_GINT64_CONSTANT (86400000)), &error));
  g_free (ts_add_person (f->store, "220102199003074516", "李明"));
  top = ts_count_rows (f->dir, "SELECT max (hlc) FROM change_set");
  g_assert_cmpint (JZ_HLC_MS ((guint64) top), <, now + 3600 * 1000);

  /* 40 hours ahead: taken in (the county allows 48), then let go of */
  g_assert_true (jz_store_observe_clock (f->store, JZ_HLC_FROM_MS (now + 40 * G_GINT64_CONSTANT (3600000)), &error));
  g_free (ts_add_person (f->store, "11010519491231002X", "王芳"));
  top = ts_count_rows (f->dir, "SELECT max (hlc) FROM change_set");
  g_assert_cmpint (JZ_HLC_MS ((guint64) top), <, now + 3600 * 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ts_fixture_set_up, func, ts_fixture_tear_down)

  ADD ("/store/clock-stuck-in-2000", test_clock_stuck_in_2000);
  ADD ("/store/clock-against-server", test_clock_against_server);
  ADD ("/store/clock-ceiling", test_clock_ceiling);
  return g_test_run ();
}
