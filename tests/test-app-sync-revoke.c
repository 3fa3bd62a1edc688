/* test-app-sync-revoke.c — the app-sync test's steps where County IT
 * revokes the tablet: a forgotten PIN reset by enrolling again, and a
 * purge that wipes the tablet at its next sync
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-lock-page.h"
#include "test-app-sync.h"

static gboolean
lock_idle_page (gpointer data)
{
  return !jz_lock_page_get_busy (data);
}

static gboolean
lock_page_ready (gpointer data)
{
  JzWindow *window = data;
  GtkWidget *page = jz_window_get_page (window, "lock");

  return page != NULL && !jz_lock_page_get_busy (JZ_LOCK_PAGE (page))
         && jz_lock_page_get_mode (JZ_LOCK_PAGE (page)) == JZ_LOCK_PAGE_UNLOCK;
}

static gboolean
asks_new_pin (gpointer data)
{
  JzWindow *window = data;
  GtkWidget *page = jz_window_get_page (window, "lock");

  return jz_window_get_state (window) == JZ_WINDOW_READY && page != NULL
         && !jz_lock_page_get_busy (JZ_LOCK_PAGE (page))
         && jz_lock_page_get_mode (JZ_LOCK_PAGE (page)) == JZ_LOCK_PAGE_SET;
}

/* 6. A forgotten PIN: from the lock page, the device enrols again with a
 * code County IT made, which clears the PIN; a new one is asked. */
void
step_forgot_pin (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCounty) county = jz_county_open (f->server.dir, &error);
  g_autofree char *code = NULL;
  g_autofree char *hash = NULL;
  JzLockPage *page;

  g_autofree char *device = jz_store_get_meta (jz_session_get_store (jz_window_get_session (f->window)),
                                                "sync_device", NULL);

  /* County IT's part: the old enrolment revoked, a new code. */
  g_assert_no_error (error);
  g_assert_nonnull (device);
  g_assert_true (jz_county_device_revoke (county, device, FALSE, &error));
  code = jz_county_enrol_code_new (county, "u0", 0, &error);
  g_assert_no_error (error);
  g_clear_object (&county);

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "lock", NULL);
  jz_test_wait (lock_page_ready, f->window, "the PIN asked");
  page = JZ_LOCK_PAGE (jz_window_get_page (f->window, "lock"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lock.forgot", NULL));
  g_assert_cmpint (jz_lock_page_get_mode (page), ==, JZ_LOCK_PAGE_ENROL);
  jz_lock_page_enrol (page, f->server.url, "AAAA-BBBB-CCCC");
  jz_test_wait (lock_idle_page, page, "the refused enrolment");
  g_assert_nonnull (jz_lock_page_get_message (page));
  g_assert_cmpint (jz_lock_page_get_mode (page), ==, JZ_LOCK_PAGE_ENROL);
  jz_lock_page_enrol (page, f->server.url, code);

  jz_test_wait (asks_new_pin, f->window, "a new PIN after enrolling again");
  g_assert_true (jz_window_get_locked (f->window));
  hash = jz_store_get_meta (jz_session_get_store (jz_window_get_session (f->window)), "pin_hash", NULL);
  g_assert_null (hash);
  jz_test_wait (window_ready, f->window, "the window with a new PIN");
  hash = jz_store_get_meta (jz_session_get_store (jz_window_get_session (f->window)), "pin_hash", NULL);
  g_assert_nonnull (hash);
}

/* `juzhu-server ARGS… --data-dir SERVER_DIR`; returns its stdout. */
static char *
server_command (Fixture    *f,
                const char *first,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    tu_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("JUZHU_SERVER"));
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, f->server.dir);
  g_ptr_array_add (args, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static GtkWindow *
wiped_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (w), "wiped-dialog") == 0 && gtk_widget_get_visible (w))
        return GTK_WINDOW (w);
    }
  return NULL;
}

static gboolean
wiped_shown (gpointer data)
{
  return wiped_dialog () != NULL && first_run_shown (data);
}

/* 6. County IT revokes the tablet with a purge (lost): the next sync wipes
 * it, the window says so and is back at the first run; the county sees
 * when it happened. */
void
step_purge (Fixture *f)
{
  g_autofree char *device = jz_store_get_meta (app_store (f), "sync_device", NULL);
  g_autofree char *person = declare (f, 3, "220104");
  g_autofree char *blobs = g_build_filename (f->app_dir, "blobs", NULL);
  g_autofree char *token = g_build_filename (f->app_dir, "token", NULL);
  g_autofree char *marker = g_build_filename (f->app_dir, "purging", NULL);
  g_autofree char *revoked = NULL;
  g_autofree char *listed = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) gone = NULL;
  GtkWindow *dialog;

  g_assert_nonnull (device);
  revoked = server_command (f, "device", "revoke", device, "--purge", NULL);
  g_assert_nonnull (strstr (revoked, "with a purge"));

  show_page (f, "sync");
  press (sync_child (f, "sync_button"));
  jz_test_wait (wiped_shown, f->window, "the wiped dialog and the first run");
  dialog = wiped_dialog ();
  g_test_message ("wiped: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "lost or stolen"));
  gtk_window_destroy (dialog);

  g_assert_false (g_file_test (blobs, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (token, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  /* the store the first run opened is a new one, without the records */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JzStore) fresh = jz_store_open (f->app_dir, &error);

    g_assert_no_error (error);
    gone = jz_store_get (fresh, "person", person, NULL);
    g_assert_null (gone);
  }

  listed = server_command (f, "device", "list", NULL);
  lines = g_strsplit (listed, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], device) != NULL)
      {
        g_test_message ("%s", lines[i]);
        /* ends with the time of the purge, not "-" */
        g_assert_true (g_str_has_suffix (lines[i], "Z"));
      }
}

