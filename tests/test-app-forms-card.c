/* test-app-forms-card.c — the declaration's person step filled from a photo of the ID card
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A card of the photo test set (jz-test-id-card.h) read through the
 * form's action, as the file chooser would give it: the number and the
 * name land in their rows, the step does not go on until the clerk says
 * they were checked, a draft kept meanwhile keeps them unchecked, and the
 * emblem side is answered with what to photograph instead.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jz-declaration-flow.h"
#include "jz-form-flow.h"
#include "jz-id-card-reader.h"
#include "jz-photo-test-set.h"
#include "jz-test-id-card.h"

#include "test-app-forms.h"

static char *
write_card (const char      *dir,
            JzTestPhotoKind  kind)
{
  JzTestIdCard card;
  g_autoptr(JzTestPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, kind == JZ_TEST_PHOTO_ID_FRONT ? "card-front.jpg" : "card-back.jpg", NULL);

  jz_test_id_card_specimen (&card);
  photo = jz_test_photo_new_card (&card, kind, JZ_TEST_PHOTO_DAYLIGHT, 7, NULL);
  g_file_set_contents (path, g_bytes_get_data (photo->jpeg, NULL), g_bytes_get_size (photo->jpeg), &error);
  g_assert_no_error (error);
  return path;
}

void
test_declaration_card (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *missing = NULL;
  g_autofree char *why = NULL;
  g_autofree char *front = NULL;
  g_autofree char *back = NULL;
  g_autofree char *draft_id = NULL;
  GtkWidget *flow, *window, *reopened;
  GtkLabel *error_label;
  gboolean saved = FALSE;

  if (!jz_test_photo_fonts_found (&missing) || !jz_id_card_reader_available (&why))
    {
      g_test_skip (why ? why : "fonts-noto-cjk is not installed");
      return;
    }
  front = write_card (f->dir, JZ_TEST_PHOTO_ID_FRONT);
  back = write_card (f->dir, JZ_TEST_PHOTO_ID_BACK);

  flow = jz_declaration_flow_new (f->session);
  window = window_with (flow, 1280, 800);
  g_signal_connect (flow, "draft-saved", G_CALLBACK (on_draft_saved), &saved);
  error_label = child (flow, JZ_TYPE_DECLARATION_FLOW, "person_error");
  wait_until (declaration_idle, flow);

  /* a folder is no photo: said, and nothing read */
  g_assert_true (gtk_widget_activate_action (flow, "flow.import-card", "s", f->dir));
  wait_until (declaration_idle, flow);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_editable_get_text (child (flow, JZ_TYPE_DECLARATION_FLOW, "id_row")), ==, "");

  /* the emblem side: nothing filled, and what to photograph instead */
  g_assert_true (gtk_widget_activate_action (flow, "flow.import-card", "s", back));
  wait_until (declaration_idle, flow);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==,
                   g_dgettext (GETTEXT_PACKAGE, "This is the side with the national emblem. "
                                                "Photograph the side with the portrait."));
  g_assert_cmpstr (gtk_editable_get_text (child (flow, JZ_TYPE_DECLARATION_FLOW, "id_row")), ==, "");

  /* the portrait side: number and name filled, to be checked */
  g_assert_true (gtk_widget_activate_action (flow, "flow.import-card", "s", front));
  wait_until (declaration_idle, flow);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_editable_get_text (child (flow, JZ_TYPE_DECLARATION_FLOW, "id_row")), ==,
                   JZ_TEST_PHOTO_TENANT_ID);
  g_assert_cmpstr (gtk_editable_get_text (child (flow, JZ_TYPE_DECLARATION_FLOW, "name_row")), ==, "张三");
  g_assert_true (gtk_widget_get_visible (child (flow, JZ_TYPE_DECLARATION_FLOW, "card_check_row")));
  screenshot (window, g_strcmp0 (g_getenv ("LANGUAGE"), "zh_CN") == 0 ? "declaration-card-read-zh-1280x800"
                                                                     : "declaration-card-read-1280x800");
  /* a target a finger can hit (style.css) */
  {
    GtkWidget *checked = find_named (flow, "card-checked");
    graphene_rect_t box;

    /* the border box: what a finger meets */
    g_assert_nonnull (checked);
    g_assert_true (gtk_widget_compute_bounds (checked, checked, &box));
    g_assert_cmpfloat (box.size.height, >=, 44);
    g_assert_cmpfloat (box.size.width, >=, 44);
  }

  /* not on until checked, and said why */
  g_assert_false (gtk_widget_get_sensitive (child (flow, JZ_TYPE_DECLARATION_FLOW, "next_button")));
  g_assert_true (gtk_widget_get_visible (child (flow, JZ_TYPE_DECLARATION_FLOW, "next_hint")));
  g_assert_cmpstr (gtk_label_get_text (child (flow, JZ_TYPE_DECLARATION_FLOW, "next_hint")), ==,
                   g_dgettext (GETTEXT_PACKAGE, "Compare the number and the name with the card, then press Checked"));
  gtk_widget_activate_action (flow, "flow.next", NULL);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))), ==, "person");

  /* a draft kept now is still unchecked when resumed */
  g_assert_true (jz_form_flow_keep_draft (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))));
  wait_until (flag_set, &saved);
  draft_id = g_strdup (jz_form_flow_get_draft_id (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))));
  g_assert_nonnull (draft_id);
  gtk_window_destroy (GTK_WINDOW (window));

  reopened = jz_declaration_flow_new_from_draft (f->session, draft_id);
  window = window_with (reopened, 1280, 800);
  wait_until (declaration_idle, reopened);
  g_assert_cmpstr (gtk_editable_get_text (child (reopened, JZ_TYPE_DECLARATION_FLOW, "id_row")), ==,
                   JZ_TEST_PHOTO_TENANT_ID);
  g_assert_true (gtk_widget_get_visible (child (reopened, JZ_TYPE_DECLARATION_FLOW, "card_check_row")));
  g_assert_nonnull (adw_action_row_get_subtitle (child (reopened, JZ_TYPE_DECLARATION_FLOW, "card_check_row")));
  g_assert_false (gtk_widget_get_sensitive (child (reopened, JZ_TYPE_DECLARATION_FLOW, "next_button")));

  /* checked: on it goes */
  gtk_widget_activate_action (reopened, "flow.check-card", NULL);
  g_assert_false (gtk_widget_get_visible (child (reopened, JZ_TYPE_DECLARATION_FLOW, "card_check_row")));
  g_assert_true (gtk_widget_get_sensitive (child (reopened, JZ_TYPE_DECLARATION_FLOW, "next_button")));
  gtk_window_destroy (GTK_WINDOW (window));
}
