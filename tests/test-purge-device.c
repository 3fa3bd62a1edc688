/* test-purge-device.c — jz_purge_device() on a data directory, without a
 * server: what it deletes and keeps, the data key forgotten before any
 * file, and running it again
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's side and the whole round trip (a real juzhu-server, the
 * confirmation, crashes) are in test-purge.sh and test-county-purge.c.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "jz-data-key.h"
#include "jz-purge.h"
#include "jz-store.h"

typedef struct
{
  char *dir;
} Fixture;

static void
put (const char *dir,
     const char *name,
     const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static gboolean
exists (const char *dir,
        const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzDataKey) key = jz_data_key_from_env (FALSE, NULL, NULL, &error);

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("juzhu-purge-XXXXXX", &error);
  g_assert_no_error (error);
  /* a real store (encrypted with the test key, $JUZHU_KEY_FILE), and what
   * else a data directory holds */
  store = jz_store_open_with_key (f->dir, key, &error);
  g_assert_no_error (error);
  g_assert_true (jz_store_set_meta (store, "sync_server", "http://127.0.0.1:9", &error));
  g_clear_object (&store);
  put (f->dir, "juzhu.db-journal", "leftover");
  put (f->dir, "blobs/ab/cd/abcd", "photo");
  put (f->dir, "thumbnails/ab/cd/abcd.jpg", "thumbnail");
  put (f->dir, "captures/capture-123456.png", "capture");
  put (f->dir, "uploads/0193/state", "upload");
  put (f->dir, "token", "secret\n");
  put (f->dir, "token.ABC123", "secret\n");
  put (f->dir, "holidays/2026.json", "{}");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

typedef struct
{
  const char *dir;
  gboolean    db_there;   /* when the key was first forgotten */
  guint       calls;
} KeyProbe;

static gboolean
forget_key (const char  *data_dir,
            gpointer     user_data,
            GError     **error)
{
  KeyProbe *probe = user_data;

  g_assert_cmpstr (data_dir, ==, probe->dir);
  if (probe->calls++ == 0)
    probe->db_there = exists (data_dir, "juzhu.db");
  return TRUE;
}

/* Nobody answers at the marker's server: the data goes, the token and the
 * marker stay for the next try; the key is forgotten first (the
 * directory's key-id; the headless key file, which other directories may
 * share, stays); public calendars stay. Again: nothing more to delete, the
 * same answer. */
static void
test_unconfirmed (Fixture       *f,
                  gconstpointer  data)
{
  static const char *const gone[] = {
    "juzhu.db", "juzhu.db-wal", "juzhu.db-shm", "juzhu.db-journal", "blobs", "thumbnails",
    "captures", "uploads", "key-id",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  const char *key_file = g_getenv ("JUZHU_KEY_FILE");
  KeyProbe probe = { f->dir, FALSE, 0 };
  JzPurgeOptions options = { NULL, forget_key, &probe, 1, 1 };
  JzPurgeOutcome outcome = JZ_PURGE_CONFIRMED;

  g_assert_false (jz_purge_is_pending (f->dir));
  /* port 9 (discard): nothing listens */
  g_assert_true (jz_purge_order (f->dir, "http://127.0.0.1:9", "tok", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (jz_purge_is_pending (f->dir));

  g_assert_true (exists (f->dir, "key-id"));
  for (guint round = 0; round < 2; round++)
    {
      g_clear_pointer (&why, g_free);
      g_assert_true (jz_purge_device (f->dir, &options, NULL, &outcome, &why, &error));
      g_assert_no_error (error);
      g_assert_cmpint (outcome, ==, JZ_PURGE_UNCONFIRMED);
      g_assert_nonnull (why);
      for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
        g_assert_false (exists (f->dir, gone[i]));
      g_assert_true (exists (f->dir, "token"));
      g_assert_true (jz_purge_is_pending (f->dir));
      g_assert_true (exists (f->dir, "holidays/2026.json"));
      g_assert_true (g_file_test (key_file, G_FILE_TEST_EXISTS));
    }
  /* the key went while the records were still there: first */
  g_assert_true (probe.db_there);
  g_assert_cmpuint (probe.calls, ==, 2);
}

/* A marker that names no server (damaged): the data goes, and the purge
 * ends, token included; the next call has nothing to do. */
static void
test_no_server (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  KeyProbe probe = { f->dir, FALSE, 0 };
  JzPurgeOptions options = { NULL, forget_key, &probe, 1, 1 };
  JzPurgeOutcome outcome = JZ_PURGE_CONFIRMED;

  put (f->dir, JZ_PURGE_MARKER, "{not json");
  g_assert_true (jz_purge_device (f->dir, &options, NULL, &outcome, &why, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, JZ_PURGE_NOT_TAKEN);
  g_assert_true (probe.db_there);
  g_assert_false (exists (f->dir, "juzhu.db"));
  g_assert_false (exists (f->dir, "blobs"));
  g_assert_false (exists (f->dir, "token"));
  g_assert_false (exists (f->dir, "token.ABC123"));
  g_assert_false (jz_purge_is_pending (f->dir));
  g_assert_true (exists (f->dir, "holidays/2026.json"));
}

/* A hook that cannot forget the key stops the purge before anything is
 * deleted; the marker stays. */
static gboolean
forget_key_fails (const char  *data_dir,
                  gpointer     user_data,
                  GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the keyring is locked");
  return FALSE;
}

static void
test_key_fails (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  JzPurgeOptions options = { NULL, forget_key_fails, NULL, 1, 1 };
  JzPurgeOutcome outcome;

  g_assert_true (jz_purge_order (f->dir, "http://127.0.0.1:9", "tok", FALSE, &error));
  g_assert_false (jz_purge_device (f->dir, &options, NULL, &outcome, NULL, &error));
  g_assert_error (error, JZ_PURGE_ERROR, JZ_PURGE_ERROR_KEY);
  g_assert_true (exists (f->dir, "juzhu.db"));
  g_assert_true (jz_purge_is_pending (f->dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/purge/unconfirmed", Fixture, NULL, fixture_set_up, test_unconfirmed, fixture_tear_down);
  g_test_add ("/purge/no-server", Fixture, NULL, fixture_set_up, test_no_server, fixture_tear_down);
  g_test_add ("/purge/key-fails", Fixture, NULL, fixture_set_up, test_key_fails, fixture_tear_down);
  return g_test_run ();
}
