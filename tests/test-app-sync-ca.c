/* test-app-sync-ca.c — the app enrolling with a county server whose
 * certificate is of the county's own CA: refused without it, the CA file
 * chosen in the enrolment form (a file that is no certificate refused
 * with its name), kept with the enrolment, and every later sync trusting
 * it without being told again
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-ca-row.h"
#include "test-app-sync.h"

static const char *
enrol_error_text (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (sync_child (f, "enrol_error")));
}

void
test_enrol_ca (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *kept = g_build_filename (f->app_dir, JZ_SYNC_CA_FILE_NAME, NULL);
  g_autofree char *kept_text = NULL;
  g_autofree char *given_text = NULL;
  JzCaRow *ca_row;

  g_assert_true (g_str_has_prefix (f->server.url, "https://"));
  first_run_offline (f);

  show_page (f, "sync");
  ca_row = JZ_CA_ROW (sync_child (f, "ca_row"));
  g_assert_null (jz_ca_row_get_path (ca_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row)), ==,
                   "None: the system's certificates are trusted");

  /* Without the county's CA: a certificate error, said plainly. */
  type_into (f, "url_row", f->server.url);
  type_into (f, "code_row", f->codes->pdata[0]);
  press (enrol_button (f));
  jz_test_wait (enrol_settled, f, "the enrolment refused for its certificate");
  g_test_message ("without the CA: %s", enrol_error_text (f));
  g_assert_true (gtk_widget_get_visible (sync_child (f, "enrol_error")));
  g_assert_nonnull (strstr (enrol_error_text (f), "choose it under “County CA certificate”"));
  g_assert_false (g_file_test (kept, G_FILE_TEST_EXISTS));

  /* A file that is no certificate (the server's key): refused, said so. */
  jz_ca_row_set_path (ca_row, f->server.tls_key);
  press (enrol_button (f));
  jz_test_wait (enrol_settled, f, "the enrolment refused for its CA file");
  g_test_message ("a key as the CA: %s", enrol_error_text (f));
  g_assert_nonnull (strstr (enrol_error_text (f), "CA certificate file chosen cannot be used"));
  g_assert_false (g_file_test (kept, G_FILE_TEST_EXISTS));

  /* The county's CA: enrolled, and the CA kept with the enrolment. */
  jz_ca_row_set_path (ca_row, f->server.tls_cert);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row)), ==, "county-ca.pem");
  g_free (jz_test_save_png (GTK_WINDOW (f->window), "enrol-county-ca", 300));
  press (enrol_button (f));
  jz_test_wait (enrol_settled, f, "the enrolment over https");
  g_assert_false (gtk_widget_get_visible (sync_child (f, "enrol_error")));
  g_assert_true (g_file_get_contents (kept, &kept_text, NULL, NULL));
  g_assert_true (g_file_get_contents (f->server.tls_cert, &given_text, NULL, NULL));
  g_assert_cmpstr (kept_text, ==, given_text);
  jz_test_wait (window_ready, f->window, "a new PIN after enrolling");

  /* Every later sync trusts it without being told again. */
  g_free (declare (f, 0, "220104"));
  sync_now (f);
  g_test_message ("sync over https: %s", progress_text (f));
  g_assert_true (g_str_has_prefix (progress_text (f), "Synced: sent "));

  /* Enrolling again: the row shows the kept CA; cleared, the system's
   * certificates are trusted, which do not know this server: refused,
   * and the kept CA stays until an enrolment succeeds. */
  g_assert_nonnull (jz_ca_row_get_path (ca_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row)), ==, "county-ca.pem");
  jz_ca_row_set_path (ca_row, NULL);
  type_into (f, "url_row", f->server.url);
  type_into (f, "code_row", f->codes->pdata[1]);
  press (enrol_button (f));
  jz_test_wait (enrol_settled, f, "the enrolment without the CA, cleared");
  g_test_message ("the CA cleared: %s", enrol_error_text (f));
  g_assert_nonnull (strstr (enrol_error_text (f), "certificate is not trusted"));
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
}
