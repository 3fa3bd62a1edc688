/* test-keyring.c — the sync token in the keyring (src/sync/jz-keyring.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by run-with-keyring.sh: a private session bus with a real
 * gnome-keyring-daemon whose login keyring is unlocked, in a temporary
 * HOME. When the daemon cannot run, JZ_KEYRING_SKIP says why and the tests
 * that need it skip; the one without a Secret Service runs anyway.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "jz-keyring.h"

#define SERVER_A "https://county-a.example"
#define SERVER_B "https://county-b.example"

static gboolean
need_keyring (void)
{
  const char *why = g_getenv ("JZ_KEYRING_SKIP");

  if (why != NULL)
    {
      g_test_skip_printf ("no Secret Service to test against: %s", why);
      return FALSE;
    }
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no private session bus (run this through tests/run-with-keyring.sh)");
      return FALSE;
    }
  return TRUE;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store (const char *server,
       const char *dir,
       const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  jz_keyring_store_async (server, dir, token, NULL, on_result, &result);
  g_assert_true (jz_keyring_store_finish (wait_for (&result), &error));
  g_assert_no_error (error);
}

static char *
lookup (const char  *server,
        const char  *dir,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jz_keyring_lookup_async (server, dir, NULL, on_result, &result);
  return jz_keyring_lookup_finish (wait_for (&result), error);
}

static void
assert_lookup (const char *server,
               const char *dir,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = lookup (server, dir, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
}

static void
clear (const char *server,
       const char *dir)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  jz_keyring_clear_async (server, dir, NULL, on_result, &result);
  g_assert_true (jz_keyring_clear_finish (wait_for (&result), &error));
  g_assert_no_error (error);
}

static char *
take (const char   *server,
      const char   *dir,
      JzTokenPlace *place)
{
  g_autoptr(GAsyncResult) result = NULL;

  jz_keyring_take_token_async (server, dir, NULL, NULL, on_result, &result);
  return jz_keyring_take_token_finish (wait_for (&result), place);
}

static char *
new_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("jz-keyring-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_token_file (const char *dir,
                  const char *token)
{
  g_autofree char *path = g_build_filename (dir, "token", NULL);
  g_autofree char *text = g_strdup_printf ("%s\n", token);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

static gboolean
token_file_exists (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "token", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
remove_data_dir (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "token", NULL);

  g_unlink (path);
  g_rmdir (dir);
}

/* store, lookup, replace (re-enrolment, with the same or another server), clear */
static void
test_round_trip (void)
{
  g_autofree char *dir = NULL;

  if (!need_keyring ())
    return;
  dir = new_data_dir ();

  assert_lookup (SERVER_A, dir, NULL);
  store (SERVER_A, dir, "token-one");
  assert_lookup (SERVER_A, dir, "token-one");
  assert_lookup (NULL, dir, "token-one");
  assert_lookup (SERVER_B, dir, NULL);

  /* juzhu-cli's waiting lookup finds the same. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *token = jz_keyring_lookup_sync (SERVER_A, dir, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (token, ==, "token-one");
  }

  /* Enrolled again after a revocation: the new token replaces the old. */
  store (SERVER_A, dir, "token-two");
  assert_lookup (SERVER_A, dir, "token-two");

  /* Enrolled with another server: nothing is left for the first. */
  store (SERVER_B, dir, "token-three");
  assert_lookup (SERVER_A, dir, NULL);
  assert_lookup (SERVER_B, dir, "token-three");

  clear (NULL, dir);
  assert_lookup (SERVER_B, dir, NULL);
  assert_lookup (NULL, dir, NULL);
  /* Clearing what is not there is no error. */
  clear (SERVER_B, dir);

  /* "dir/." is the same directory. */
  {
    g_autofree char *same = g_build_filename (dir, ".", NULL);

    store (SERVER_A, same, "token-four");
    assert_lookup (SERVER_A, dir, "token-four");
    clear (SERVER_A, dir);
    assert_lookup (SERVER_A, same, NULL);
  }
  remove_data_dir (dir);
}

/* Two data directories on one device, same server: kept apart. */
static void
test_two_data_dirs (void)
{
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  if (!need_keyring ())
    return;
  one = new_data_dir ();
  two = new_data_dir ();

  store (SERVER_A, one, "token-of-one");
  store (SERVER_A, two, "token-of-two");
  assert_lookup (SERVER_A, one, "token-of-one");
  assert_lookup (SERVER_A, two, "token-of-two");

  store (SERVER_A, one, "token-of-one-again");
  assert_lookup (SERVER_A, two, "token-of-two");

  clear (NULL, one);
  assert_lookup (SERVER_A, one, NULL);
  assert_lookup (SERVER_A, two, "token-of-two");
  clear (NULL, two);
  remove_data_dir (one);
  remove_data_dir (two);
}

/* DATA_DIR/token from an older version or `juzhu-cli enrol`: moved into the
 * keyring and removed; a newer file (enrolled again by the CLI) wins. */
static void
test_migrate_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *token = NULL;
  JzTokenPlace place = JZ_TOKEN_NONE;

  if (!need_keyring ())
    return;
  dir = new_data_dir ();

  write_token_file (dir, "token-from-file");
  token = take (SERVER_A, dir, &place);
  g_assert_cmpstr (token, ==, "token-from-file");
  g_assert_cmpint (place, ==, JZ_TOKEN_KEYRING);
  g_assert_false (token_file_exists (dir));
  assert_lookup (SERVER_A, dir, "token-from-file");
  g_clear_pointer (&token, g_free);

  /* Opened again: from the keyring. */
  token = take (SERVER_A, dir, &place);
  g_assert_cmpstr (token, ==, "token-from-file");
  g_assert_cmpint (place, ==, JZ_TOKEN_KEYRING);
  g_clear_pointer (&token, g_free);

  /* juzhu-cli enrol on the same data directory: its file is newer. */
  write_token_file (dir, "token-from-cli");
  token = take (SERVER_A, dir, &place);
  g_assert_cmpstr (token, ==, "token-from-cli");
  g_assert_cmpint (place, ==, JZ_TOKEN_KEYRING);
  g_assert_false (token_file_exists (dir));
  assert_lookup (SERVER_A, dir, "token-from-cli");
  g_clear_pointer (&token, g_free);

  /* Not enrolled (no server): neither file nor keyring. */
  clear (NULL, dir);
  token = take (NULL, dir, &place);
  g_assert_null (token);
  g_assert_cmpint (place, ==, JZ_TOKEN_NONE);
  token = take (SERVER_A, dir, &place);
  g_assert_null (token);
  g_assert_cmpint (place, ==, JZ_TOKEN_NONE);
  remove_data_dir (dir);
}

/* No Secret Service (the session bus address points nowhere): the token
 * stays in its 0600 file. In a subprocess, which has not connected yet. */
static void
test_no_secret_service (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = new_data_dir ();
      g_autofree char *nowhere = g_build_filename (dir, "no-bus-here", NULL);
      g_autofree char *address = g_strconcat ("unix:path=", nowhere, NULL);
      g_autofree char *token = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      JzTokenPlace place = JZ_TOKEN_NONE;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);

      write_token_file (dir, "token-in-file");
      token = take (SERVER_A, dir, &place);
      g_assert_cmpstr (token, ==, "token-in-file");
      g_assert_cmpint (place, ==, JZ_TOKEN_FILE);
      g_assert_true (token_file_exists (dir));
      g_clear_pointer (&token, g_free);

      remove_data_dir (dir);
      g_mkdir (dir, 0700);
      token = take (SERVER_A, dir, &place);
      g_assert_null (token);
      g_assert_cmpint (place, ==, JZ_TOKEN_UNAVAILABLE);

      jz_keyring_store_async (SERVER_A, dir, "token", NULL, on_result, &result);
      g_assert_false (jz_keyring_store_finish (wait_for (&result), &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_clear_object (&result);

      g_assert_null (lookup (SERVER_A, dir, &error));
      g_assert_nonnull (error);
      remove_data_dir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The data key: made in the keyring for a new directory, the same one
 * after, per directory; none made for a directory whose data is encrypted
 * already; gone after a purge. */
static void
test_data_key (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *other = NULL;
  g_autofree char *key_id = NULL;
  g_autoptr(JzDataKey) made = NULL;
  g_autoptr(JzDataKey) again = NULL;
  g_autoptr(JzDataKey) second = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  if (!need_keyring ())
    return;
  dir = new_data_dir ();
  other = new_data_dir ();
  made = jz_keyring_data_key_sync (dir, TRUE, &created, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  again = jz_keyring_data_key_sync (dir, TRUE, &created, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpstr (jz_data_key_get_id (made), ==, jz_data_key_get_id (again));
  second = jz_keyring_data_key_sync (other, TRUE, &created, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jz_data_key_get_id (made), !=, jz_data_key_get_id (second));

  /* data encrypted with a key the keyring does not have: no new key */
  g_assert_true (jz_data_key_check_dir (second, other, TRUE, &error));
  g_assert_true (jz_keyring_forget_data_key_sync (other, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&second, jz_data_key_unref);
  second = jz_keyring_data_key_sync (other, TRUE, &created, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_NO_KEY);
  g_clear_error (&error);

  /* the app takes the keyring's key when no key file is named */
  g_unsetenv (JZ_KEY_FILE_ENV);
  g_clear_pointer (&again, jz_data_key_unref);
  again = jz_data_key_for_app (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jz_data_key_get_id (made), ==, jz_data_key_get_id (again));
  key_id = g_build_filename (other, "key-id", NULL);
  g_unlink (key_id);
  remove_data_dir (dir);
  remove_data_dir (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/keyring/round-trip", test_round_trip);
  g_test_add_func ("/keyring/two-data-dirs", test_two_data_dirs);
  g_test_add_func ("/keyring/migrate-file", test_migrate_file);
  g_test_add_func ("/keyring/no-secret-service", test_no_secret_service);
  g_test_add_func ("/keyring/data-key", test_data_key);

  return g_test_run ();
}
