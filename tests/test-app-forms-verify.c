/* test-app-forms-verify.c — a paper checked by its QR code, in the app
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 暂住登记凭证 printed with its code (the station's key given as a sync
 * would) and photographed whole by the simulated phone: the photo is
 * chosen in Verify a Paper, found genuine, and its record opens in the
 * main window; a code altered by one character, as a scanner would type
 * it, is refused saying why.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-test-util.h"
#include "jz-print-private.h"
#include "jz-qr.h"
#include "jz-registry.h"
#include "jz-verify-window.h"
#ifdef JZ_HAVE_PHOTO_TEST_SET
#include "jz-test-camera.h"
#endif

#include "test-app-forms.h"

static gboolean
verify_done (gpointer window)
{
  return g_strcmp0 (jz_verify_window_get_state (window), "result") == 0;
}

static void
on_open_person (GSimpleAction *action,
                GVariant      *parameter,
                char         **opened)
{
  g_free (*opened);
  *opened = g_variant_dup_string (parameter, NULL);
}

void
test_verify_window (Fixture       *f,
                    gconstpointer  data)
{
#ifdef JZ_HAVE_PHOTO_TEST_SET
  gboolean zh = g_strcmp0 (g_getenv ("LANGUAGE"), "zh_CN") == 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(JzPrintDoc) doc = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GSimpleAction) open_person = g_simple_action_new ("open-person", G_VARIANT_TYPE_STRING);
  g_autofree char *jpeg = g_build_filename (f->dir, "paper.jpg", NULL);
  g_autofree char *opened = NULL;
  g_autofree char *altered = NULL;
  cairo_surface_t *page;
  cairo_t *cr;
  JzTestCamera camera = { 7, 3000, 4000, 0.88, FALSE, 90, 1, 1, 0 };
  GtkWidget *parent;
  GtkWindow *window;
  GDate today;
  double to_frame[9];

  if (!jz_qr_available (NULL))
    {
      g_test_skip ("built without QR codes");
      return;
    }
  jz_test_give_station_key (jz_session_get_store (f->session));
  json_object_set_string_member (input, "id_number", "411202198506120024");
  json_object_set_string_member (input, "name", "王小燕");
  json_object_set_string_member (input, "hukou_division", "411202");
  json_object_set_string_member (input, "residence_division", "220104");
  json_object_set_string_member (input, "residence_address", "人民大街100号3单元502");
  json_object_set_string_member (input, "arrival_date", "2026-02-15");
  json_object_set_string_member (input, "reason", "work");
  jz_session_get_today (f->session, &today);
  declared = jz_registry_declare (jz_session_get_registry (f->session), input, &today, "test", &error);
  g_assert_no_error (error);

  /* the paper, printed and photographed whole (in daylight: the share read
   * in a dim room is the qr-read benchmark's) */
  doc = jz_print_doc_gather (f->session, JZ_PRINT_CERTIFICATE,
                             json_object_get_string_member (declared, "registration_id"), &error);
  g_assert_no_error (error);
  page = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1786, 2526);
  cr = cairo_create (page);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  jz_print_draw (doc, cr, 1786, 2526);
  cairo_destroy (cr);
  photo = jz_test_camera_shoot (&camera, page, to_frame);
  cairo_surface_destroy (page);
  g_assert_true (g_file_set_contents (jpeg, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), &error));

  /* the main window's part: it opens the person */
  parent = g_object_new (GTK_TYPE_APPLICATION_WINDOW, NULL);
  g_signal_connect (open_person, "activate", G_CALLBACK (on_open_person), &opened);
  g_action_map_add_action (G_ACTION_MAP (parent), G_ACTION (open_person));
  window = jz_verify_window_new (f->session, GTK_WINDOW (parent));
  gtk_window_present (window);
  screenshot (GTK_WIDGET (window), zh ? "verify-start-zh" : "verify-start");

  gtk_widget_activate_action (GTK_WIDGET (window), "verify.import-photo", "s", jpeg);
  wait_until (verify_done, window);
  g_assert_cmpstr (jz_verify_window_get_verdict (JZ_VERIFY_WINDOW (window)), ==, _("Genuine"));
  g_assert_true (jz_verify_window_can_open (JZ_VERIFY_WINDOW (window)));
  screenshot (GTK_WIDGET (window), zh ? "verify-genuine-zh" : "verify-genuine");

  /* altered by one character, as a scanner types it */
  altered = g_strdup (doc->code);
  altered[40] = altered[40] == 'A' ? 'B' : 'A';
  gtk_widget_activate_action (GTK_WIDGET (window), "verify.again", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "verify.check-code", "s", altered);
  wait_until (verify_done, window);
  g_assert_cmpstr (jz_verify_window_get_verdict (JZ_VERIFY_WINDOW (window)), ==, _("Not Genuine"));
  g_assert_false (jz_verify_window_can_open (JZ_VERIFY_WINDOW (window)));
  screenshot (GTK_WIDGET (window), zh ? "verify-forged-zh" : "verify-forged");

  /* a photo that is no photo: not checked, saying why */
  gtk_widget_activate_action (GTK_WIDGET (window), "verify.import-photo", "s", f->dir);
  wait_until (verify_done, window);
  g_assert_cmpstr (jz_verify_window_get_verdict (JZ_VERIFY_WINDOW (window)), ==, _("Not Checked"));

  /* no county key on this device: not checked, rather than refused */
  {
    JzStore *store = jz_session_get_store (f->session);
    g_autofree char *county = jz_store_get_meta (store, "county_key", NULL);

    g_assert_true (jz_store_set_meta (store, "county_key", NULL, &error));
    gtk_widget_activate_action (GTK_WIDGET (window), "verify.check-code", "s", doc->code);
    wait_until (verify_done, window);
    g_assert_cmpstr (jz_verify_window_get_verdict (JZ_VERIFY_WINDOW (window)), ==, _("Not Checked"));
    g_assert_true (jz_store_set_meta (store, "county_key", county, &error));
  }

  /* the genuine code again, typed: the record opens in the main window */
  gtk_widget_activate_action (GTK_WIDGET (window), "verify.check-code", "s", doc->code);
  wait_until (verify_done, window);
  g_assert_true (jz_verify_window_can_open (JZ_VERIFY_WINDOW (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "verify.open-record", NULL);
  g_assert_cmpstr (opened, ==, json_object_get_string_member (declared, "person_id"));
  gtk_window_destroy (GTK_WINDOW (parent));
#else
  g_test_skip ("no photo test set");
#endif
}
