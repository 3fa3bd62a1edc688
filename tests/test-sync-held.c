/* test-sync-held.c — what a sync holds back: change sets that wait for a
 * photo upload (skip_photos), and pulled pages past a malformed one
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real juzhu-server on 127.0.0.1 and two devices enrolled through the
 * core. With jz_sync_client_set_skip_photos() the first device pushes the
 * saves before the first one whose portrait the server lacks, keeps that
 * one and everything after it, uploads nothing; a sync without it sends
 * the rest, and a portrait the server already has holds nothing back.
 *
 * Pulled pages are applied while the next one is fetched; a page the
 * device refuses stops the pull where the page before it left the cursor,
 * with nothing of it or after it applied.
 */
#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "jz-id-number.h"
#include "jz-store-pin.h"
#include "jz-sync-test-util.h"

typedef struct
{
  char         *dir;
  TuServer      server;
  JzStore      *store[2];
  JzPhotoStore *photos[2];
  JzSyncClient *client[2];
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *srv = NULL;

  f->dir = g_dir_make_tmp ("juzhu-held-XXXXXX", &error);
  g_assert_no_error (error);
  srv = g_build_filename (f->dir, "server", NULL);
  codes = tu_server_setup (&f->server, srv, 2, "county", "2201");
  tu_server_start (&f->server, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *dev = g_strdup_printf ("%s/dev%u", f->dir, i);
      g_autoptr(JsonObject) answer = NULL;

      f->store[i] = jz_store_open (dev, &error);
      g_assert_no_error (error);
      f->photos[i] = jz_photo_store_new (dev);
      f->client[i] = jz_sync_client_new (f->store[i], f->photos[i]);
      jz_sync_client_set_retry_base (f->client[i], 10);
      answer = jz_sync_client_enrol (f->client[i], f->server.url, codes->pdata[i], NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (answer);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&f->client[i]);
      g_clear_object (&f->photos[i]);
      g_clear_object (&f->store[i]);
    }
  tu_server_clear (&f->server);
  tu_rm_rf (f->dir);
  g_free (f->dir);
}

/* A new photo in device 0's photo store; returns its hash. */
static char *
new_photo (Fixture *f,
           guint    seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GBytes) bytes = tu_noise_jpeg (rand, 64 * 1024);
  char *sha;

  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_assert_true (jz_photo_store_add_verified_blob (f->photos[0], sha, bytes, &error));
  g_assert_no_error (error);
  return sha;
}

/* A person (with a registration: a save of two change sets) on device 0. */
static char *
declare (Fixture    *f,
         const char *id_number,
         const char *portrait)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSave) save = jz_save_new ("held");
  g_autoptr(JsonObject) p = json_object_new ();
  g_autoptr(JsonObject) r = json_object_new ();
  char *person;

  json_object_set_string_member (p, "id_number", id_number);
  json_object_set_string_member (p, "name", "王小明");
  if (portrait != NULL)
    json_object_set_string_member (p, "portrait", portrait);
  person = g_strdup (jz_save_create (save, "person", p));
  json_object_set_string_member (r, "person_id", person);
  json_object_set_string_member (r, "residence_division", "220104");
  json_object_set_string_member (r, "residence_address", "朝阳区红旗街5号");
  json_object_set_string_member (r, "arrival_date", "2026-01-10");
  json_object_set_string_member (r, "registered_on", "2026-01-12");
  json_object_set_string_member (r, "reason", "work");
  jz_save_create (save, "registration", r);
  g_assert_true (jz_store_commit (f->store[0], save, &error));
  g_assert_no_error (error);
  return person;
}

static JzSyncSummary *
do_sync (Fixture *f,
         guint    dev)
{
  g_autoptr(GError) error = NULL;
  JzSyncSummary *summary = jz_sync_client_sync (f->client[dev], NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static gboolean
has_person (Fixture    *f,
            guint       dev,
            const char *id)
{
  g_autoptr(JsonObject) o = jz_store_get (f->store[dev], "person", id, NULL);

  return o != NULL;
}

static void
test_held (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *sha = new_photo (f, 7);
  g_autofree char *p1 = declare (f, "11010519491231002X", NULL);
  g_autofree char *p2 = declare (f, "220102199003074516", sha);
  g_autofree char *p3 = declare (f, "410102198512250021", NULL);
  g_autoptr(JzSyncSummary) s1 = NULL;
  g_autoptr(JzSyncSummary) s2 = NULL;
  g_autoptr(JzSyncSummary) s3 = NULL;
  g_autoptr(JzSyncSummary) s4 = NULL;
  g_autoptr(JzSyncSummary) s5 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p4 = NULL;

  /* Metered: the first declaration goes, the one with the portrait and
   * the one after it wait; no photo is sent. */
  jz_sync_client_set_skip_photos (f->client[0], TRUE);
  g_assert_true (jz_sync_client_get_skip_photos (f->client[0]));
  s1 = do_sync (f, 0);
  g_assert_cmpuint (s1->pushed, ==, 2);
  g_assert_cmpuint (s1->held, ==, 4);
  g_assert_cmpuint (s1->photos_uploaded, ==, 0);
  g_assert_cmpuint (s1->photo_bytes, ==, 0);
  g_assert_cmpint (jz_store_outbox_pending (f->store[0], &error), ==, 4);
  g_assert_no_error (error);

  s2 = do_sync (f, 1);
  g_assert_true (has_person (f, 1, p1));
  g_assert_false (has_person (f, 1, p2));
  g_assert_false (has_person (f, 1, p3));

  /* Unmetered: the rest, with its photo. */
  jz_sync_client_set_skip_photos (f->client[0], FALSE);
  s3 = do_sync (f, 0);
  g_assert_cmpuint (s3->photos_uploaded, ==, 1);
  g_assert_cmpuint (s3->pushed, ==, 4);
  g_assert_cmpuint (s3->held, ==, 0);
  g_assert_cmpint (jz_store_outbox_pending (f->store[0], &error), ==, 0);

  /* A portrait the server has already holds nothing back. */
  p4 = declare (f, "11010519491231002X", sha);
  jz_sync_client_set_skip_photos (f->client[0], TRUE);
  s4 = do_sync (f, 0);
  g_assert_cmpuint (s4->pushed, ==, 2);
  g_assert_cmpuint (s4->held, ==, 0);
  g_assert_cmpuint (s4->photos_present, ==, 1);

  s5 = do_sync (f, 1);
  g_assert_true (has_person (f, 1, p2));
  g_assert_true (has_person (f, 1, p3));
  g_assert_true (has_person (f, 1, p4));
}

static void
exec_county (Fixture    *f,
             const char *sql)
{
  g_autofree char *path = g_build_filename (f->server.dir, "county.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static guint
count_persons (Fixture *f,
               guint    dev)
{
  g_autoptr(GPtrArray) all = jz_store_list (f->store[dev], "person", NULL, NULL, 0, NULL);

  return all->len;
}

/* The device takes a snapshot of one person; then 520 saves are two pull
 * pages (500 saves a page). The county's last change set is made one the
 * device refuses: the first page is applied, with its cursor; the second,
 * fetched while the first was applied, is not, and the pull says why. Put
 * right, the next sync brings the rest. */
static void
test_malformed_page (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSyncSummary) pushed = NULL;
  g_autoptr(JzSyncSummary) first = NULL;
  g_autoptr(JzSyncSummary) failed = NULL;
  g_autoptr(JzSyncSummary) again = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *one = declare (f, "110105194912310994", NULL);

  g_clear_pointer (&pushed, jz_sync_summary_free);
  pushed = do_sync (f, 0);
  first = do_sync (f, 1);
  g_assert_cmpuint (first->snapshot_pages, ==, 1);
  g_assert_cmpuint (count_persons (f, 1), ==, 1);
  g_clear_pointer (&pushed, jz_sync_summary_free);

  for (guint i = 0; i < 520; i++)
    {
      g_autofree char *first17 = g_strdup_printf ("11010519491231%03u", i);
      g_autofree char *number = g_strdup_printf ("%s%c", first17, jz_id_number_check_char (first17));
      g_autofree char *person = declare (f, number, NULL);
    }
  pushed = do_sync (f, 0);
  g_assert_cmpuint (pushed->pushed, ==, 1040);

  exec_county (f, "CREATE TABLE kept AS SELECT id, edits FROM change_set WHERE id = (SELECT max (id) FROM change_set);"
                  "UPDATE change_set SET edits = '{\"no_such_field\": {\"v\": 1}}' "
                  "WHERE id = (SELECT id FROM kept);");
  failed = jz_sync_client_sync (f->client[1], NULL, &error);
  g_assert_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "malformed page"));
  g_assert_null (failed);
  g_assert_cmpuint (count_persons (f, 1), ==, 501);
  cursor = jz_store_get_meta (f->store[1], "sync_pull_cursor", NULL);
  g_assert_nonnull (cursor);
  g_assert_cmpint (g_ascii_strtoll (cursor, NULL, 10), >, 0);
  g_clear_error (&error);

  exec_county (f, "UPDATE change_set SET edits = (SELECT edits FROM kept) WHERE id = (SELECT id FROM kept);"
                  "DROP TABLE kept;");
  again = do_sync (f, 1);
  g_assert_cmpuint (again->applied, ==, 40);
  g_assert_cmpuint (again->snapshot_pages, ==, 0);
  g_assert_cmpuint (count_persons (f, 1), ==, 521);
}

/* A snapshot cut in the middle is resumed from its mark, but not once the
 * device is enrolled again for another user (another scope): the mark of
 * the old scope, here one past every person, would leave out everything. */
static void
test_snapshot_mark_new_user (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSyncSummary) pushed = NULL;
  g_autoptr(JzSyncSummary) pulled = NULL;
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *device = jz_store_get_meta (f->store[1], "sync_device", NULL);
  g_autofree char *code = NULL;
  JzPinVerdict verdict;
  JzPinState pin;
  JzPinClock now;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *first17 = g_strdup_printf ("22010219900307%03u", i);
      g_autofree char *number = g_strdup_printf ("%s%c", first17, jz_id_number_check_char (first17));
      g_autofree char *person = declare (f, number, NULL);
    }
  pushed = do_sync (f, 0);
  g_assert_true (jz_store_set_meta (f->store[1], "sync_snapshot",
                                    "999999 ffffffff-ffff-7fff-bfff-ffffffffffff 0", &error));

  county = jz_county_open (f->server.dir, &error);
  g_assert_no_error (error);
  g_assert_true (jz_county_device_revoke (county, device, FALSE, &error));
  code = jz_county_enrol_code_new (county, "u0", 0, &error);
  g_assert_no_error (error);
  g_clear_object (&county);
  /* An operator who forgot the app lock's PIN: the county's re-enrolment
   * clears it, with its wrong attempts. */
  g_assert_true (jz_store_set_pin (f->store[1], "246810", &error));
  jz_pin_clock_now (&now);
  g_assert_true (jz_store_try_pin (f->store[1], "000000", &now, &verdict, NULL, &error));
  g_assert_cmpint (verdict, ==, JZ_PIN_WRONG);
  answer = jz_sync_client_enrol (f->client[1], f->server.url, code, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (jz_store_get_pin_state (f->store[1], &now, &pin, &error));
  g_assert_false (pin.set);
  g_assert_cmpuint (pin.failures, ==, 0);

  pulled = do_sync (f, 1);
  g_assert_cmpuint (pulled->snapshot_pages, ==, 1);
  g_assert_cmpuint (count_persons (f, 1), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/sync-held/skip-photos", Fixture, NULL, fixture_set_up, test_held, fixture_tear_down);
  g_test_add ("/sync-held/malformed-page", Fixture, NULL, fixture_set_up, test_malformed_page, fixture_tear_down);
  g_test_add ("/sync-held/snapshot-mark-new-user", Fixture, NULL, fixture_set_up, test_snapshot_mark_new_user,
              fixture_tear_down);
  return g_test_run ();
}
