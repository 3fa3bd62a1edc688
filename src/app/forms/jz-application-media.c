/* jz-application-media.c — the application form's camera, photo viewer and
 * printing
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jz-application-flow-private.h"
#include "jz-camera.h"
#include "jz-photo-viewer.h"
#include "jz-date.h"
#include "jz-form-util.h"
#include "jz-print.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-store-draft.h"
#include "jz-uuid.h"

/* ---- the camera and the viewer ---- */

static void
camera_captured_cb (JzCamera          *camera,
                    const char        *sha256,
                    JzApplicationFlow *self)
{
  Op *op = _jz_application_op_new (OP_ADD_PAGES);
  const char *pages[] = { sha256, NULL };

  /* The camera stored the page already, sealed: it is added by its hash. */
  op->document = g_strdup (g_object_get_data (G_OBJECT (camera), "jz-document"));
  op->files = g_strdupv ((char **) pages);
  op->taken = TRUE;
  op->material_id = g_strdup (g_object_get_data (G_OBJECT (camera), "jz-replace-material"));
  op->sha256 = g_strdup (g_object_get_data (G_OBJECT (camera), "jz-replace-sha"));
  _jz_application_run_op (self, op, NULL);
}

static void
camera_import_file_cb (JzCamera          *camera,
                       JzApplicationFlow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.choose-pages", "s",
                              g_object_get_data (G_OBJECT (camera), "jz-document"));
}

/* The pages the application has of @document so far. */
static guint
pages_of (JzApplicationFlow *self,
          const char        *document)
{
  guint n = 0;

  for (guint m = 0; self->last_materials != NULL && m < self->last_materials->len; m++)
    {
      JsonObject *mat = self->last_materials->pdata[m];

      if (!json_object_get_boolean_member_with_default (mat, "deleted", FALSE) &&
          g_strcmp0 (json_object_get_string_member_with_default (mat, "document", NULL), document) == 0 &&
          json_object_has_member (mat, "pages") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (mat, "pages")))
        n += json_array_get_length (json_object_get_array_member (mat, "pages"));
    }
  return n;
}

static void
open_camera (JzApplicationFlow *self,
             const char        *document,
             const char        *replace_material,
             const char        *replace_sha)
{
  g_autofree char *label = NULL;

  /* an ID card: which side to photograph now (正面, then 反面) */
  if (g_str_equal (document, "id_card") && replace_sha == NULL)
    label = g_strdup (pages_of (self, document) % 2 == 0
                        ? _("ID card: the side with the portrait (人像面)")
                        : _("ID card: the side with the national emblem (国徽面)"));
  else
    label = jz_form_code_label (jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self))), "document", document);
  GtkWindow *window = jz_camera_window_new (jz_form_flow_get_session (JZ_FORM_FLOW (self)), GTK_WIDGET (self), label);
  JzCamera *camera = jz_camera_window_get_camera (window);

  jz_camera_set_warn_blur (camera, !g_str_equal (document, "photo"));
  g_object_set_data_full (G_OBJECT (camera), "jz-document", g_strdup (document), g_free);
  g_object_set_data_full (G_OBJECT (camera), "jz-replace-material", g_strdup (replace_material), g_free);
  g_object_set_data_full (G_OBJECT (camera), "jz-replace-sha", g_strdup (replace_sha), g_free);
  g_signal_connect_object (camera, "captured", G_CALLBACK (camera_captured_cb), self, 0);
  g_signal_connect_object (camera, "import-file", G_CALLBACK (camera_import_file_cb), self, 0);
  gtk_window_present (window);
}

void
_jz_application_take_pages_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  open_camera (JZ_APPLICATION_FLOW (widget), g_variant_get_string (parameter, NULL), NULL, NULL);
}

/* flow.retake-page (DOCUMENT, MATERIAL, SHA256): the camera, its photo
 * taking the place of that page (a page the import found blurred) */
void
_jz_application_retake_page_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  const char *document, *material, *sha;

  g_variant_get (parameter, "(&s&s&s)", &document, &material, &sha);
  open_camera (JZ_APPLICATION_FLOW (widget), document, material, sha);
}

/* flow.use-portrait DOCUMENT: the person's portrait, in the store since
 * their declaration, added as the page of DOCUMENT (本人相片) by its hash */
void
_jz_application_use_portrait_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  const char *portrait = self->person != NULL
                           ? json_object_get_string_member_with_default (self->person, "portrait", NULL)
                           : NULL;
  const char *pages[] = { portrait, NULL };
  Op *op;

  if (portrait == NULL || !jz_photo_sha256_valid (portrait))
    return;
  op = _jz_application_op_new (OP_ADD_PAGES);
  op->document = g_strdup (g_variant_get_string (parameter, NULL));
  op->files = g_strdupv ((char **) pages);
  op->taken = TRUE;
  _jz_application_run_op (self, op, NULL);
}

static void
viewer_delete_cb (JzPhotoViewer     *viewer,
                  const char        *sha256,
                  JzApplicationFlow *self)
{
  GHashTable *owners = g_object_get_data (G_OBJECT (viewer), "jz-owners");

  gtk_widget_activate_action (GTK_WIDGET (self), "flow.delete-page", "(ss)",
                              g_hash_table_lookup (owners, sha256), sha256);
}

static void
viewer_retake_cb (JzPhotoViewer     *viewer,
                  const char        *sha256,
                  JzApplicationFlow *self)
{
  GHashTable *owners = g_object_get_data (G_OBJECT (viewer), "jz-owners");

  open_camera (self, g_object_get_data (G_OBJECT (viewer), "jz-document"),
               g_hash_table_lookup (owners, sha256), sha256);
}

/* Every page of the tapped page's document, in checklist order. */
void
_jz_application_view_page_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *label = NULL;
  const char *material_id, *sha, *document = NULL;
  GtkWidget *viewer;
  guint index = 0;

  g_variant_get (parameter, "(&s&s)", &material_id, &sha);
  for (guint m = 0; self->last_materials != NULL && m < self->last_materials->len; m++)
    if (g_strcmp0 (json_object_get_string_member (self->last_materials->pdata[m], "id"), material_id) == 0)
      document = json_object_get_string_member_with_default (self->last_materials->pdata[m], "document", NULL);
  if (document == NULL)
    return;
  for (guint m = 0; m < self->last_materials->len; m++)
    {
      JsonObject *mat = self->last_materials->pdata[m];
      JsonArray *list;

      if (json_object_get_boolean_member_with_default (mat, "deleted", FALSE) ||
          g_strcmp0 (json_object_get_string_member_with_default (mat, "document", NULL), document) != 0 ||
          !json_object_has_member (mat, "pages") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (mat, "pages")))
        continue;
      list = json_object_get_array_member (mat, "pages");
      for (guint p = 0; p < json_array_get_length (list); p++)
        {
          const char *page = json_array_get_string_element (list, p);

          if (g_strcmp0 (page, sha) == 0 && g_strcmp0 (json_object_get_string_member (mat, "id"), material_id) == 0)
            index = pages->len;
          g_ptr_array_add (pages, (gpointer) page);
          g_hash_table_insert (owners, (gpointer) page, (gpointer) json_object_get_string_member (mat, "id"));
        }
    }
  g_ptr_array_add (pages, NULL);
  label = jz_form_code_label (jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self))), "document", document);
  viewer = jz_photo_viewer_new (jz_form_flow_get_session (JZ_FORM_FLOW (self)), widget, label, (const char * const *) pages->pdata, index);
  {
    GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, owners);
    while (g_hash_table_iter_next (&iter, &k, &v))
      g_hash_table_insert (copy, g_strdup (k), g_strdup (v));
    g_object_set_data_full (G_OBJECT (viewer), "jz-owners", copy, (GDestroyNotify) g_hash_table_unref);
  }
  g_object_set_data_full (G_OBJECT (viewer), "jz-document", g_strdup (document), g_free);
  g_signal_connect_object (viewer, "delete-page", G_CALLBACK (viewer_delete_cb), self, 0);
  g_signal_connect_object (viewer, "retake", G_CALLBACK (viewer_retake_cb), self, 0);
  gtk_window_present (GTK_WINDOW (viewer));
}

/* ---- printing and PDF (jz-print.c draws; the data are read off the main thread) ---- */

void
_jz_application_print_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  const char *which = g_variant_get_string (param, NULL);
  JzPrintKind kind = g_str_equal (which, "receipt") ? JZ_PRINT_RECEIPT : JZ_PRINT_NOTICE;
  const char *record = self->application_id;

  if (g_str_equal (action_name, "flow.print"))
    jz_print_run_dialog (widget, jz_form_flow_get_toast_overlay (JZ_FORM_FLOW (self)), jz_form_flow_get_session (JZ_FORM_FLOW (self)), kind, record);
  else
    jz_print_save_pdf_dialog (widget, jz_form_flow_get_toast_overlay (JZ_FORM_FLOW (self)), jz_form_flow_get_session (JZ_FORM_FLOW (self)), kind, record);
}
