/* test-sync-held.c — skip_photos: change sets that need a photo upload wait
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real juzhu-server on 127.0.0.1 and two devices enrolled through the
 * core. With jz_sync_client_set_skip_photos() the first device pushes the
 * saves before the first one whose portrait the server lacks, keeps that
 * one and everything after it, uploads nothing; a sync without it sends
 * the rest, and a portrait the server already has holds nothing back.
 */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/sync-held/skip-photos", Fixture, NULL, fixture_set_up, test_held, fixture_tear_down);
  return g_test_run ();
}
