/* jz-verify-window.c — is this paper genuine? Its QR code checked
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `juzhu-cli verify` does, at the tablet: the code in a paper's
 * corner is photographed (the camera, or a photo chosen) or typed in —
 * a USB scanner types it and presses Enter — and checked on this device,
 * offline, against the county's key (jz_registry_paper_verify). A
 * genuine paper shows what it says, to be compared with the paper and
 * the holder's ID card; a record in this device's scope opens from it.
 * The photo is read and the code checked on a worker.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-camera.h"
#include "jz-qr.h"
#include "jz-registry.h"
#include "jz-verify-window.h"

struct _JzVerifyWindow
{
  AdwWindow      parent_instance;

  /* Owned */
  JzSession     *session;
  GCancellable  *cancellable;
  char          *person;       /* the record's person, when it is here */

  /* Borrowed: children */
  GtkStack      *stack;
  GtkEntry      *entry;
  GtkWidget     *verdict;      /* the icon, title and text below */
  GtkImage      *verdict_icon;
  GtkLabel      *verdict_title;
  GtkLabel      *verdict_text;
  AdwPreferencesGroup *details;
  GtkButton     *open_button;
  GPtrArray     *detail_rows;
};

G_DEFINE_FINAL_TYPE (JzVerifyWindow, jz_verify_window, ADW_TYPE_WINDOW)

typedef struct
{
  char   *code;     /* typed or scanned */
  char   *path;     /* a photo file */
  GBytes *photo;    /* a photo's bytes */
} Job;

typedef struct
{
  JzPaper  *paper;
  char     *person;
  gboolean  differs;   /* the record here names another holder */
  char     *refused;   /* why it is not genuine */
} Answer;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->code);
  g_free (job->path);
  g_clear_pointer (&job->photo, g_bytes_unref);
  g_free (job);
}

static void
answer_free (gpointer data)
{
  Answer *a = data;

  g_clear_pointer (&a->paper, jz_paper_free);
  g_free (a->person);
  g_free (a->refused);
  g_free (a);
}


static gpointer
verify_in_thread (JzSession     *session,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Job *job = data;
  g_autofree char *code = g_strdup (job->code);
  g_autoptr(GError) refused = NULL;
  Answer *a;

  if (code == NULL && job->path != NULL)
    {
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = g_filename_display_basename (job->path);

      if (!g_file_test (job->path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is not a photo file"), name);
          return NULL;
        }
      if ((file = g_mapped_file_new (job->path, FALSE, error)) == NULL)
        return NULL;
      bytes = g_mapped_file_get_bytes (file);
      code = jz_qr_read_one (bytes, name, JZ_PAPER_CODE_PREFIX, error);
    }
  else if (code == NULL)
    code = jz_qr_read_one (job->photo, _("the camera's photo"), JZ_PAPER_CODE_PREFIX, error);
  if (code == NULL)
    return NULL;

  a = g_new0 (Answer, 1);
  a->paper = jz_registry_paper_verify (jz_session_get_registry (session), code, NULL,
                                       jz_session_get_author (session), &a->person, &a->differs, &refused);
  if (a->paper == NULL)
    {
      /* a store that cannot be read, or no key to check with, is an
       * error; a code refused, an answer */
      if (refused->domain != JZ_PAPER_ERROR || refused->code == JZ_PAPER_ERROR_NO_COUNTY_KEY)
        {
          answer_free (a);
          g_propagate_error (error, g_steal_pointer (&refused));
          return NULL;
        }
      a->refused = g_strdup (refused->message);
    }
  return a;
}

static void
add_detail (JzVerifyWindow *self,
            const char     *title,
            const char     *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  /* values read as values (style.css) */
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->details, row);
  g_ptr_array_add (self->detail_rows, row);
}

/* The core's messages are clauses ("the code is damaged: …"); here each
 * stands alone, as a sentence. */
static char *
sentence (const char *text)
{
  g_autofree char *first = NULL;
  const char *rest;

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  rest = g_utf8_next_char (text);
  first = g_utf8_strup (text, rest - text);
  return g_strconcat (first, rest, NULL);
}

static void
show_answer (JzVerifyWindow *self,
             Answer         *a,
             const char     *failed)
{
  jz_app_clear_group (self->details, self->detail_rows);
  g_clear_pointer (&self->person, g_free);

  gtk_stack_set_visible_child_name (self->stack, "result");
  if (a == NULL || a->paper == NULL)
    {
      g_autofree char *why = sentence (a != NULL ? a->refused : failed);

      gtk_label_set_text (self->verdict_title, a != NULL ? _("Not Genuine") : _("Not Checked"));
      gtk_image_set_from_icon_name (self->verdict_icon, "dialog-error-symbolic");
      gtk_label_set_text (self->verdict_text, why);
      gtk_widget_remove_css_class (self->verdict, "jz-genuine");
      gtk_widget_add_css_class (self->verdict, "jz-refused");
      gtk_widget_set_visible (GTK_WIDGET (self->details), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->open_button), FALSE);
      return;
    }

  gtk_image_set_from_icon_name (self->verdict_icon, "emblem-ok-symbolic");
  gtk_label_set_text (self->verdict_title, _("Genuine"));
  gtk_label_set_text (self->verdict_text,
                      _("Signed by a station the county certified, and not changed since. "
                        "Compare the name and the ID number with the paper and with the "
                        "holder's ID card."));
  gtk_widget_remove_css_class (self->verdict, "jz-refused");
  gtk_widget_add_css_class (self->verdict, "jz-genuine");
  add_detail (self, _("Paper"), jz_registry_paper_kind_label (a->paper->kind));
  add_detail (self, a->paper->kind >= JZ_PAPER_ACCOMMODATION ? _("Issued by") : _("Number"), a->paper->number);
  add_detail (self, _("Date"), a->paper->date);
  add_detail (self, _("Holder"), a->paper->holder);
  add_detail (self, _("ID number"), a->paper->id_masked);
  {
    g_autofree char *signer = jz_registry_paper_signer (a->paper);

    add_detail (self, _("Signed by"), signer);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->details), TRUE);
  self->person = g_strdup (a->person);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), self->person != NULL);
  adw_preferences_group_set_description (self->details,
                                         self->person != NULL ? NULL
                                         : a->differs
                                         ? _("The record is on this device, but it names another holder: the "
                                             "paper was made for another record, or the record changed since. "
                                             "Ask the office that issued it.")
                                         : _("The record is not on this device: another committee's, "
                                             "or not synced here yet."));
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JzVerifyWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Answer *a = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_answer (self, a, error != NULL ? error->message : NULL);
  if (a != NULL)
    answer_free (a);
}

static void
run_job (JzVerifyWindow *self,
         Job            *job)
{
  gtk_stack_set_visible_child_name (self->stack, "busy");
  jz_session_run_async (self->session, verify_in_thread, job, job_free, answer_free, self->cancellable,
                        verified_cb, g_object_ref (self));
}

/* ---- actions ------------------------------------------------------------- */

/* verify.check-code CODE: as typed, or as a scanner typed it */
static void
check_code_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  JzVerifyWindow *self = JZ_VERIFY_WINDOW (widget);
  Job *job = g_new0 (Job, 1);

  job->code = g_strdup (g_variant_get_string (parameter, NULL));
  run_job (self, job);
}

static void
entry_activated (JzVerifyWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (*text == '\0')
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "verify.check-code", "s", text);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

/* verify.import-photo PATH: a photo by its path (the file chooser's, and
 * the tests' way in) */
static void
import_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (g_variant_get_string (parameter, NULL));
  run_job (JZ_VERIFY_WINDOW (widget), job);
}

static void
photo_chosen_cb (GtkNativeDialog *dialog,
                 int              response,
                 JzVerifyWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "verify.import-photo", "s", path);
    }
  g_object_unref (dialog);
}

static void
choose_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  dialog = gtk_file_chooser_native_new (_("Photo of the paper's code"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Check It"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (photo_chosen_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The camera's frame, normalised into the photo store; read back on the
 * worker with the code. */
static gpointer
blob_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Job *job = data;

  job->photo = jz_photo_store_read_blob (jz_session_get_photos (session), job->code, error);
  g_clear_pointer (&job->code, g_free);
  if (job->photo == NULL)
    return NULL;
  return verify_in_thread (session, job, cancellable, error);
}

static void
captured_cb (JzCamera       *camera,
             const char     *sha256,
             JzVerifyWindow *self)
{
  Job *job = g_new0 (Job, 1);

  job->code = g_strdup (sha256);   /* the blob, until read */
  gtk_stack_set_visible_child_name (self->stack, "busy");
  jz_session_run_async (self->session, blob_in_thread, job, job_free, answer_free, self->cancellable,
                        verified_cb, g_object_ref (self));
}

static void
camera_import_file_cb (JzCamera       *camera,
                       JzVerifyWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "verify.choose-photo", NULL);
}

static void
photograph_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  JzVerifyWindow *self = JZ_VERIFY_WINDOW (widget);
  GtkWindow *window = jz_camera_window_new (self->session, widget, _("The paper's QR code"));
  JzCamera *camera = jz_camera_window_get_camera (window);

  g_signal_connect_object (camera, "captured", G_CALLBACK (captured_cb), self, 0);
  g_signal_connect_object (camera, "import-file", G_CALLBACK (camera_import_file_cb), self, 0);
  gtk_window_present (window);
}

static void
again_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  JzVerifyWindow *self = JZ_VERIFY_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "start");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* The person's page in the main window (audited as a view there too). */
static void
open_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JzVerifyWindow *self = JZ_VERIFY_WINDOW (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->person == NULL || parent == NULL || !G_IS_ACTION_GROUP (parent))
    return;
  g_action_group_activate_action (G_ACTION_GROUP (parent), "open-person", g_variant_new_string (self->person));
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- the window ---------------------------------------------------------- */

static void
jz_verify_window_dispose (GObject *object)
{
  JzVerifyWindow *self = JZ_VERIFY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (jz_verify_window_parent_class)->dispose (object);
}

static void
jz_verify_window_finalize (GObject *object)
{
  JzVerifyWindow *self = JZ_VERIFY_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->person, g_free);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (jz_verify_window_parent_class)->finalize (object);
}

static void
jz_verify_window_class_init (JzVerifyWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jz_verify_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = jz_verify_window_finalize;
  gtk_widget_class_install_action (widget_class, "verify.check-code", "s", check_code_action);
  gtk_widget_class_install_action (widget_class, "verify.import-photo", "s", import_photo_action);
  gtk_widget_class_install_action (widget_class, "verify.choose-photo", NULL, choose_photo_action);
  gtk_widget_class_install_action (widget_class, "verify.photograph", NULL, photograph_action);
  gtk_widget_class_install_action (widget_class, "verify.again", NULL, again_action);
  gtk_widget_class_install_action (widget_class, "verify.open-record", NULL, open_record_action);
}

static GtkWidget *
pill (const char *label,
      const char *action,
      gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

static void
jz_verify_window_init (JzVerifyWindow *self)
{
  GtkWidget *start = adw_status_page_new ();
  GtkWidget *start_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_button_new_with_mnemonic (_("C_heck"));
  GtkWidget *result = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->cancellable = g_cancellable_new ();
  self->detail_rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Verify a Paper"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 760);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (start), "camera-photo-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (start), _("Verify a Paper"));
  adw_status_page_set_description (ADW_STATUS_PAGE (start),
                                   _("Photograph the QR code in the corner of a 暂住登记凭证, a notice, a receipt, "
                                     "a 住宿证明 or a 劳动关系证明, or scan it into the box below. It is checked "
                                     "on this device, offline, against the county's key."));
  gtk_box_append (GTK_BOX (start_box), pill (_("_Photograph the Code"), "verify.photograph", TRUE));
  gtk_box_append (GTK_BOX (start_box), pill (_("_Choose a Photo…"), "verify.choose-photo", FALSE));
  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->entry, _("Or scan or type the code here"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
  gtk_entry_set_max_length (self->entry, JZ_PAPER_CODE_MAX);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activated), self);
  g_signal_connect_swapped (check, "clicked", G_CALLBACK (entry_activated), self);
  gtk_box_append (GTK_BOX (entry_box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (entry_box), check);
  gtk_widget_set_margin_top (entry_box, 12);
  gtk_box_append (GTK_BOX (start_box), entry_box);
  adw_status_page_set_child (ADW_STATUS_PAGE (start), start_box);


  self->verdict = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (self->verdict, "jz-verdict");
  self->verdict_icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_pixel_size (self->verdict_icon, 96);
  self->verdict_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_title), "title-1");
  self->verdict_text = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->verdict_text, TRUE);
  gtk_label_set_justify (self->verdict_text, GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (self->verdict), GTK_WIDGET (self->verdict_icon));
  gtk_box_append (GTK_BOX (self->verdict), GTK_WIDGET (self->verdict_title));
  gtk_box_append (GTK_BOX (self->verdict), GTK_WIDGET (self->verdict_text));
  gtk_widget_set_margin_top (self->verdict, 24);
  self->details = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->open_button = GTK_BUTTON (pill (_("_Open the Record"), "verify.open-record", TRUE));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->open_button));
  gtk_box_append (GTK_BOX (buttons), pill (_("Check _Another"), "verify.again", FALSE));
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (result), self->verdict);
  gtk_box_append (GTK_BOX (result), GTK_WIDGET (self->details));
  gtk_box_append (GTK_BOX (result), buttons);
  self->stack = jz_app_three_pages (ADW_WINDOW (self), NULL, start, result);
}

GtkWindow *
jz_verify_window_new (JzSession *session,
                      GtkWindow *parent)
{
  JzVerifyWindow *self = g_object_new (JZ_TYPE_VERIFY_WINDOW, NULL);

  self->session = g_object_ref (session);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  if (!jz_qr_available (NULL))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.photograph", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.choose-photo", FALSE);
    }
  return GTK_WINDOW (self);
}

/* What the window shows now: "start", "busy" or "result"; and the
 * verdict's title (the tests'). */
const char *
jz_verify_window_get_state (JzVerifyWindow *self)
{
  g_return_val_if_fail (JZ_IS_VERIFY_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
jz_verify_window_get_verdict (JzVerifyWindow *self)
{
  g_return_val_if_fail (JZ_IS_VERIFY_WINDOW (self), NULL);
  return gtk_label_get_text (self->verdict_title);
}

gboolean
jz_verify_window_can_open (JzVerifyWindow *self)
{
  g_return_val_if_fail (JZ_IS_VERIFY_WINDOW (self), FALSE);
  return self->person != NULL;
}
