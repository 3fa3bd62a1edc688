/* jz-declaration-portrait.c — the declaration's portrait (camera or file),
 * and printing the certificate
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jz-camera.h"
#include "jz-date.h"
#include "jz-declaration-flow-private.h"
#include "jz-division-group.h"
#include "jz-form-util.h"
#include "jz-print.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-picker-row.h"
#include "jz-store-draft.h"
#include "jz-uuid.h"

/* ---- portrait ---- */

static gpointer
thumbnail_in_thread (JzSession     *session,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  JzPhotoStore *photos = jz_session_get_photos (session);
  g_autoptr(GBytes) bytes = jz_photo_store_read_thumbnail (photos, data, error);

  return bytes ? gdk_texture_new_from_bytes (bytes, error) : NULL;
}

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  if (texture == NULL)
    {
      jz_form_show_error (self->photo_error, error->message);
      return;
    }
  gtk_picture_set_paintable (self->portrait, GDK_PAINTABLE (texture));
  gtk_label_set_text (self->portrait_status, _("Portrait added. Choose another to replace it."));
}

void
_jz_declaration_load_portrait (JzDeclarationFlow *self)
{
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  jz_session_run_async (jz_form_flow_get_session (JZ_FORM_FLOW (self)), thumbnail_in_thread, g_strdup (self->portrait_sha), g_free,
                        g_object_unref, jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), thumbnail_cb, g_object_ref (self));
}

static void
portrait_imported_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  JzPhotoInfo info;

  if (!jz_photo_store_import_file_finish (JZ_PHOTO_STORE (source), result, &info, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
      jz_form_show_error (self->photo_error, error->message);
      return;
    }
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  jz_form_show_error (self->photo_error, NULL);
  g_free (self->portrait_sha);
  self->portrait_sha = g_strdup (info.sha256);
  _jz_declaration_load_portrait (self);
}

static void
import_portrait (JzDeclarationFlow *self,
                 const char        *path)
{
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  gtk_label_set_text (self->portrait_status, _("Reading the photo…"));
  jz_photo_store_import_file_async (jz_session_get_photos (jz_form_flow_get_session (JZ_FORM_FLOW (self))), path, jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)),
                                    portrait_imported_cb, g_object_ref (self));
}

static void
portrait_chosen_cb (GtkNativeDialog   *dialog,
                    int                response,
                    JzDeclarationFlow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        import_portrait (self, path);
    }
  g_object_unref (dialog);
}

static GtkFileFilter *
image_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  return filter;
}

void
_jz_declaration_choose_portrait_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Portrait photo"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Use this photo"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), image_filter ());
  g_signal_connect (dialog, "response", G_CALLBACK (portrait_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
_jz_declaration_import_portrait_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  import_portrait (JZ_DECLARATION_FLOW (widget), g_variant_get_string (parameter, NULL));
}

/* The camera has imported the frame already (jz_photo_store_import_bytes,
 * the same normalisation as a file): the portrait is its photo. */
static void
portrait_captured_cb (JzCamera          *camera,
                      const char        *sha256,
                      JzDeclarationFlow *self)
{
  jz_form_show_error (self->photo_error, NULL);
  g_free (self->portrait_sha);
  self->portrait_sha = g_strdup (sha256);
  _jz_declaration_load_portrait (self);
}

static void
portrait_import_file_cb (JzCamera          *camera,
                         JzDeclarationFlow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.choose-portrait", NULL);
}

void
_jz_declaration_take_portrait_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  GtkWindow *window = jz_camera_window_new (jz_form_flow_get_session (JZ_FORM_FLOW (self)), widget, _("Portrait photo"));
  JzCamera *camera = jz_camera_window_get_camera (window);

  jz_camera_set_warn_blur (camera, FALSE);
  g_signal_connect_object (camera, "captured", G_CALLBACK (portrait_captured_cb), self, 0);
  g_signal_connect_object (camera, "import-file", G_CALLBACK (portrait_import_file_cb), self, 0);
  gtk_window_present (window);
}

/* ---- printing and PDF (jz-print.c draws; the data are read off the main thread) ---- */

void
_jz_declaration_print_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  JzPrintKind kind = JZ_PRINT_CERTIFICATE;
  const char *record = self->registration_id;

  if (g_str_equal (action_name, "flow.print"))
    jz_print_run_dialog (widget, jz_form_flow_get_toast_overlay (JZ_FORM_FLOW (self)), jz_form_flow_get_session (JZ_FORM_FLOW (self)), kind, record);
  else
    jz_print_save_pdf_dialog (widget, jz_form_flow_get_toast_overlay (JZ_FORM_FLOW (self)), jz_form_flow_get_session (JZ_FORM_FLOW (self)), kind, record);
}
