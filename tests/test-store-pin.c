/* test-store-pin.c — the app lock's PIN in the store: its hash, wrong
 * attempts with growing waits that outlive the program, timed on a clock
 * the user cannot set and begun again after a restart of the system,
 * clearing
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-test-tmp.h"

#include <string.h>
#include <glib/gstdio.h>

#include "jz-store-pin.h"

#define NOW 500000

/* @seconds since the start of the system "boot-a" */
static JzPinClock
at (gint64 seconds)
{
  JzPinClock clock = { seconds, "boot-a" };

  return clock;
}

static JzPinClock
after_restart (gint64 seconds)
{
  JzPinClock clock = { seconds, "boot-b" };

  return clock;
}

static void
test_well_formed (void)
{
  g_assert_true (jz_pin_is_well_formed ("123456"));
  g_assert_true (jz_pin_is_well_formed ("00000000000000000000000000000000"));
  g_assert_false (jz_pin_is_well_formed ("12345"));
  g_assert_false (jz_pin_is_well_formed ("12345a"));
  g_assert_false (jz_pin_is_well_formed ("１２３４５６"));   /* full-width digits */
  g_assert_false (jz_pin_is_well_formed (""));
  g_assert_false (jz_pin_is_well_formed (NULL));
  g_assert_false (jz_pin_is_well_formed ("000000000000000000000000000000000"));
}

static void
test_delays (void)
{
  g_assert_cmpuint (jz_pin_delay (0), ==, 0);
  g_assert_cmpuint (jz_pin_delay (2), ==, 0);
  g_assert_cmpuint (jz_pin_delay (3), ==, 30);
  g_assert_cmpuint (jz_pin_delay (4), ==, 60);
  g_assert_cmpuint (jz_pin_delay (5), ==, 120);
  g_assert_cmpuint (jz_pin_delay (9), ==, 1920);
  g_assert_cmpuint (jz_pin_delay (10), ==, 3600);
  g_assert_cmpuint (jz_pin_delay (G_MAXUINT), ==, 3600);
}

static void
try_pin (JzStore      *store,
         const char   *pin,
         JzPinClock    now,
         JzPinVerdict  expected,
         JzPinState   *state)
{
  g_autoptr(GError) error = NULL;
  JzPinVerdict verdict = JZ_PIN_NOT_SET;

  g_assert_true (jz_store_try_pin (store, pin, &now, &verdict, state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (verdict, ==, expected);
}

static void
test_set_try_wait (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-pin-XXXXXX", &error);
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  g_autofree char *hash = NULL;
  g_autofree char *db = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;
  JzPinState state;

  g_assert_no_error (error);
  try_pin (store, "123456", at (NOW), JZ_PIN_NOT_SET, &state);
  g_assert_false (state.set);
  g_assert_false (jz_store_set_pin (store, "12345", &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (jz_store_set_pin (store, "13572468", &error));
  g_assert_no_error (error);

  /* Argon2id, never the PIN itself */
  hash = jz_store_get_meta (store, "pin_hash", &error);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "13572468"));

  try_pin (store, "13572468", at (NOW), JZ_PIN_RIGHT, &state);
  g_assert_cmpuint (state.failures, ==, 0);

  /* two wrong ones are free; the third earns 30 s */
  try_pin (store, "00000000", at (NOW), JZ_PIN_WRONG, &state);
  try_pin (store, "1357246", at (NOW), JZ_PIN_WRONG, &state);   /* too short: simply wrong */
  g_assert_cmpuint (state.failures, ==, 2);
  g_assert_cmpuint (state.wait_left, ==, 0);
  try_pin (store, "11111111", at (NOW), JZ_PIN_WRONG, &state);
  g_assert_cmpuint (state.failures, ==, 3);
  g_assert_cmpuint (state.wait_left, ==, 30);

  /* during the wait even the right PIN is not checked, nor counted */
  try_pin (store, "13572468", at (NOW + 10), JZ_PIN_WAIT, &state);
  g_assert_cmpuint (state.failures, ==, 3);
  g_assert_cmpuint (state.wait_left, ==, 20);

  /* the wait outlives the program */
  g_clear_object (&store);
  store = jz_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (jz_store_get_pin_state (store, &(JzPinClock) { NOW + 20, "boot-a" }, &state, &error));
  g_assert_true (state.set);
  g_assert_cmpuint (state.failures, ==, 3);
  g_assert_cmpuint (state.wait_left, ==, 10);

  /* the next wrong one doubles the wait */
  try_pin (store, "22222222", at (NOW + 30), JZ_PIN_WRONG, &state);
  g_assert_cmpuint (state.wait_left, ==, 60);

  /* a mark ahead of the clock leaves the wait whole, never longer */
  g_assert_true (jz_store_get_pin_state (store, &(JzPinClock) { NOW - 86400, "boot-a" }, &state, &error));
  g_assert_cmpuint (state.wait_left, ==, 60);

  /* after the wait, the right PIN forgets the failures */
  try_pin (store, "13572468", at (NOW + 91), JZ_PIN_RIGHT, &state);
  g_assert_cmpuint (state.failures, ==, 0);
  g_assert_cmpuint (state.wait_left, ==, 0);
  try_pin (store, "00000000", at (NOW + 92), JZ_PIN_WRONG, &state);
  g_assert_cmpuint (state.wait_left, ==, 0);

  /* the PIN is not in the database file in any form */
  g_clear_object (&store);
  db = g_build_filename (dir, "juzhu.db", NULL);
  g_assert_true (g_file_get_contents (db, &bytes, &len, NULL));
  g_assert_null (g_strstr_len (bytes, len, "13572468"));
}

static void
test_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-pin-XXXXXX", &error);
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  JzPinState state;

  g_assert_no_error (error);
  g_assert_true (jz_store_set_pin (store, "123456", &error));
  for (guint i = 0; i < 4; i++)
    try_pin (store, "654321", at (NOW + 1000 * i), JZ_PIN_WRONG, NULL);
  g_assert_true (jz_store_get_pin_state (store, &(JzPinClock) { NOW + 3000, "boot-a" }, &state, &error));
  g_assert_cmpuint (state.failures, ==, 4);
  g_assert_cmpuint (state.wait_left, ==, 60);

  g_assert_true (jz_store_clear_pin (store, &error));
  g_assert_no_error (error);
  g_assert_true (jz_store_get_pin_state (store, &(JzPinClock) { NOW + 3000, "boot-a" }, &state, &error));
  g_assert_false (state.set);
  g_assert_cmpuint (state.failures, ==, 0);
  g_assert_cmpuint (state.wait_left, ==, 0);
  try_pin (store, "123456", at (NOW + 3000), JZ_PIN_NOT_SET, NULL);

  /* a new PIN starts with no failures */
  g_assert_true (jz_store_set_pin (store, "987654", &error));
  try_pin (store, "987654", at (NOW + 3000), JZ_PIN_RIGHT, &state);
}

/* A restart of the system (another boot id, a clock from zero) begins the
 * wait again, whole: it cannot end a wait early. The date is no part of
 * it, so setting it forward cannot either (the clock is the system's time
 * since it started, which no setting changes). */
static void
test_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-pin-XXXXXX", &error);
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  JzPinClock now;
  JzPinState state;

  g_assert_no_error (error);
  g_assert_true (jz_store_set_pin (store, "123456", &error));
  for (guint i = 0; i < 4; i++)
    try_pin (store, "654321", at (NOW + 100 * i), JZ_PIN_WRONG, NULL);   /* a wait of 60 s at NOW + 300 */

  now = after_restart (5);
  g_assert_true (jz_store_get_pin_state (store, &now, &state, &error));
  g_assert_cmpuint (state.wait_left, ==, 60);
  try_pin (store, "123456", after_restart (64), JZ_PIN_WAIT, &state);
  g_assert_cmpuint (state.wait_left, ==, 1);
  try_pin (store, "123456", after_restart (65), JZ_PIN_RIGHT, &state);

  /* the real clock: the same start, a second or so apart */
  for (guint i = 0; i < 3; i++)
    {
      jz_pin_clock_now (&now);
      try_pin (store, "654321", now, JZ_PIN_WRONG, NULL);
    }
  jz_pin_clock_now (&now);
  g_assert_cmpuint (strlen (now.boot), >, 0);
  g_assert_true (jz_store_get_pin_state (store, &now, &state, &error));
  g_assert_cmpuint (state.wait_left, >=, 28);
  g_assert_cmpuint (state.wait_left, <=, 30);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pin/well-formed", test_well_formed);
  g_test_add_func ("/pin/delays", test_delays);
  g_test_add_func ("/pin/set-try-wait", test_set_try_wait);
  g_test_add_func ("/pin/clear", test_clear);
  g_test_add_func ("/pin/restart", test_restart);

  return g_test_run ();
}
