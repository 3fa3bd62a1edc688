/* jz-declaration-card.c — the number and the name read off a photo of the ID card
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clerk photographs the card's portrait side (or chooses a photo of
 * it); the session's JzIdCardReader reads it in a thread, and the number
 * and the name are put in their rows. They are a reading, not a fact:
 * until the clerk presses "Checked", the person step does not go on, and
 * a draft kept meanwhile remembers that they are unchecked. The photo the
 * camera took stays in the photo store unnamed by any record, and is
 * removed with the other unused photos.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-camera.h"
#include "jz-declaration-flow-private.h"
#include "jz-form-util.h"

void
_jz_declaration_set_card_unchecked (JzDeclarationFlow *self,
                                    gboolean           unchecked)
{
  self->card_unchecked = unchecked;
  gtk_widget_set_visible (GTK_WIDGET (self->card_check_row), unchecked);
  if (unchecked && adw_action_row_get_subtitle (self->card_check_row) == NULL)
    adw_action_row_set_subtitle (self->card_check_row,
                                 _("The number and the name were filled in from the photo. Compare each "
                                   "character with the card, correct what differs, then press Checked."));
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
}

/* While the form is busy (a card being read, a draft being kept) no other
 * card is read: the answer of one read is never overtaken by another's.
 * A build or a machine that reads no cards hides the row. */
void
_jz_declaration_card_update (JzDeclarationFlow *self,
                             gboolean           busy)
{
  static const char *const actions[] = { "flow.take-card", "flow.choose-card", "flow.import-card" };
  gboolean available;

  /* asked once per form: it looks at files */
  if (self->card_reader == 0)
    self->card_reader = jz_id_card_reader_available (NULL) ? 1 : 2;
  available = self->card_reader == 1;

  gtk_widget_set_visible (GTK_WIDGET (self->card_row), available);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], available && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.check-card", !busy);
}

static void
card_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JzIdCardReading) reading = jz_id_card_reader_read_finish (JZ_ID_CARD_READER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  adw_action_row_set_subtitle (self->card_row, _("A photo of the side with the portrait fills in the number "
                                                 "and the name, for you to check"));
  if (reading == NULL)
    {
      jz_form_show_error (self->person_error, error->message);
      return;
    }
  if (reading->id_number == NULL)
    {
      if (reading->side == 2)
        jz_form_show_error (self->person_error,
                            _("This is the side with the national emblem. Photograph the side with the portrait."));
      else if (reading->glare)
        jz_form_show_error (self->person_error,
                            _("A glare hides part of the card. Tilt the card or the camera away from the "
                              "light and photograph it again, or type the number."));
      else if (reading->refused > 0)
        jz_form_show_error (self->person_error,
                            _("The number could not be read for certain. Photograph the card again, flat and "
                              "in even light, or type the number."));
      else
        jz_form_show_error (self->person_error,
                            _("No ID number was found on the photo. Photograph the side with the portrait, "
                              "filling the frame, or type the number."));
      return;
    }

  jz_form_show_error (self->person_error, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), reading->id_number);
  /* a name typed or read before belongs to whoever it was: never left
   * beside another card's number */
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), reading->name != NULL ? reading->name : "");
  if (reading->name != NULL)
    {
      adw_action_row_set_subtitle (self->card_check_row,
                                   _("The number and the name were filled in from the photo. Compare each "
                                     "character with the card, correct what differs, then press Checked."));
    }
  else
    adw_action_row_set_subtitle (self->card_check_row,
                                 _("The number was filled in from the photo; the name could not be read: type "
                                   "it. Compare the number with the card, then press Checked."));
  _jz_declaration_set_card_unchecked (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (reading->name != NULL ? self->id_row : self->name_row));
}

static void
read_card_bytes (JzDeclarationFlow *self,
                 GBytes            *bytes,
                 const char        *name)
{
  JzSession *session = jz_form_flow_get_session (JZ_FORM_FLOW (self));

  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  adw_action_row_set_subtitle (self->card_row, _("Reading the card…"));
  jz_id_card_reader_read_async (jz_session_get_id_card_reader (session), bytes, name,
                                jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), card_read_cb,
                                g_object_ref (self));
}

static void
card_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *name = g_file_get_basename (G_FILE (source));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  if (bytes == NULL)
    {
      jz_form_show_error (self->person_error, error->message);
      return;
    }
  read_card_bytes (self, bytes, name);
}

/* What the file is, before any of it is read: a regular file within the
 * photo limit (not a folder, a device, or gigabytes). */
static void
card_info_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *name = g_file_get_parse_name (G_FILE (source));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
      jz_form_show_error (self->person_error, error->message);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not a photo file"), name);

      jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
      jz_form_show_error (self->person_error, message);
      return;
    }
  if (g_file_info_get_size (info) > JZ_PHOTO_MAX_FILE_SIZE)
    {
      g_autofree char *message = g_strdup_printf (_("%s is too large (%lu MB; at most %u MB)"), name,
                                                  (unsigned long) (g_file_info_get_size (info) / (1024 * 1024)),
                                                  JZ_PHOTO_MAX_FILE_SIZE / (1024 * 1024));

      jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
      jz_form_show_error (self->person_error, message);
      return;
    }
  g_file_load_bytes_async (G_FILE (source), jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), card_loaded_cb,
                           g_object_ref (self));
}

static void
read_card_file (JzDeclarationFlow *self,
                GFile             *file)
{
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), card_info_cb, g_object_ref (self));
}

static void
card_chosen_cb (GtkNativeDialog   *dialog,
                int                response,
                JzDeclarationFlow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        read_card_file (self, file);
    }
  g_object_unref (dialog);
}

static void
choose_card_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  dialog = gtk_file_chooser_native_new (_("Photo of the ID card"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Read this photo"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (card_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* flow.import-card PATH: a photo by its path, as the file chooser would
 * give it (the tests' way in) */
static void
import_card_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  read_card_file (JZ_DECLARATION_FLOW (widget), file);
}

/* The camera imported the frame into the photo store (normalised as any
 * photo); the reader takes it back from there, off the main thread. */
static gpointer
blob_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return jz_photo_store_read_blob (jz_session_get_photos (session), data, error);
}

static void
blob_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  if (bytes == NULL)
    {
      jz_form_show_error (self->person_error, error->message);
      return;
    }
  read_card_bytes (self, bytes, _("the camera's photo"));
}

static void
card_captured_cb (JzCamera          *camera,
                  const char        *sha256,
                  JzDeclarationFlow *self)
{
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  jz_session_run_async (jz_form_flow_get_session (JZ_FORM_FLOW (self)), blob_in_thread, g_strdup (sha256), g_free,
                        (GDestroyNotify) g_bytes_unref, jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)),
                        blob_read_cb, g_object_ref (self));
}

static void
card_import_file_cb (JzCamera          *camera,
                     JzDeclarationFlow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.choose-card", NULL);
}

static void
take_card_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  GtkWindow *window = jz_camera_window_new (jz_form_flow_get_session (JZ_FORM_FLOW (self)), widget,
                                            _("ID card, side with the portrait"));
  JzCamera *camera = jz_camera_window_get_camera (window);

  g_signal_connect_object (camera, "captured", G_CALLBACK (card_captured_cb), self, 0);
  g_signal_connect_object (camera, "import-file", G_CALLBACK (card_import_file_cb), self, 0);
  gtk_window_present (window);
}

static void
check_card_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _jz_declaration_set_card_unchecked (JZ_DECLARATION_FLOW (widget), FALSE);
}

void
_jz_declaration_card_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "flow.choose-card", NULL, choose_card_action);
  gtk_widget_class_install_action (widget_class, "flow.take-card", NULL, take_card_action);
  gtk_widget_class_install_action (widget_class, "flow.import-card", "s", import_card_action);
  gtk_widget_class_install_action (widget_class, "flow.check-card", NULL, check_card_action);
}
