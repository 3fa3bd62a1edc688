/* jz-window-landlord.c — landlord and employer mode: their persons and the proofs they issue
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A landlord's or employer's device shows a simpler Today (jz-home-page.c)
 * and issues 住宿证明 or 劳动关系证明 for one of its persons: a small form
 * (person, address or employer, from-date), then a PDF drawn by
 * jz-print-proof.c on a worker, audited, and recorded as the material of
 * the person's application when there is one.
 *
 * win.issue-proof (s: person id, may be empty) opens the form;
 * win.export-proof ((ssss): person id, address or employer, from-date,
 * PDF path) writes the PDF.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-print.h"
#include "jz-print-proof.h"
#include "jz-window-private.h"

gboolean
_jz_window_landlord_mode (JzWindow *self)
{
  JzProofKind kind;

  return self->session != NULL && jz_proof_kind_for_role (jz_session_get_role (self->session), &kind);
}

/* ---- export ---------------------------------------------------------------- */

typedef struct
{
  JzProofRequest *request;
  char           *path;
  JzWindow       *window;   /* printing */
} Export;

static void
export_free (Export *export)
{
  jz_proof_request_free (export->request);
  g_free (export->path);
  g_clear_object (&export->window);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

/* The action's parameter as a request: (ssss) person id, address or
 * employer, from-date (may be empty), path (may be empty); NULL when this
 * device issues no proofs. */
static JzProofRequest *request_from_parameter (JzWindow  *self,
                                               GVariant  *parameter,
                                               char     **path);

static Export *
export_from_parameter (JzWindow *self,
                       GVariant *parameter)
{
  g_autofree char *path = NULL;
  JzProofRequest *request = request_from_parameter (self, parameter, &path);
  Export *export;

  if (request == NULL)
    return NULL;
  export = g_new0 (Export, 1);
  export->request = request;
  export->path = g_steal_pointer (&path);
  export->window = g_object_ref (self);
  return export;
}

static gpointer
export_in_thread (JzSession     *session,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Export *export = data;

  return jz_proof_export_pdf (session, export->request, export->path, error);
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  if (out == NULL)
    text = g_strdup_printf (_("Not saved as PDF: %s"), error->message);
  else
    {
      name = g_path_get_basename (jz_app_str (out, "path"));
      if (jz_app_str (out, "application_id") != NULL)
        text = g_strdup_printf (_("Saved as %s and added to the application's materials"), name);
      else
        text = g_strdup_printf (_("Saved as %s"), name);
    }
  jz_window_add_toast (self, text);
  _jz_window_refresh (self);
}

/* (ssss): person id, address or employer, from-date (may be empty), path */
static JzProofRequest *
request_from_parameter (JzWindow  *self,
                        GVariant  *parameter,
                        char     **path)
{
  const char *person, *place, *from, *file;
  JzProofRequest *request;
  JzProofKind kind;

  if (self->session == NULL || !jz_proof_kind_for_role (jz_session_get_role (self->session), &kind))
    return NULL;
  g_variant_get (parameter, "(&s&s&s&s)", &person, &place, &from, &file);
  request = g_new0 (JzProofRequest, 1);
  request->kind = kind;
  request->person_id = g_strdup (person);
  request->place = g_strstrip (g_strdup (place));
  request->from_date = *from ? g_strdup (from) : NULL;
  *path = *file ? g_strdup (file) : NULL;
  return request;
}

static void
export_proof_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  JzWindow *self = user_data;
  Export *export = export_from_parameter (self, parameter);

  if (export == NULL)
    return;
  if (export->path == NULL)
    {
      export_free (export);
      return;
    }
  jz_session_run_async (self->session, export_in_thread, export, (GDestroyNotify) export_free,
                        (GDestroyNotify) json_object_unref, NULL, exported, g_object_ref (self));
}

/* ---- print ----------------------------------------------------------------- */

static gpointer
gather_in_thread (JzSession     *session,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Export *export = data;

  return jz_proof_gather_values (session, export->request, error);
}

static void
gathered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) values = jz_session_run_finish (JZ_SESSION (source), result, &error);
  JzWindow *self = export->window;

  if (values == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not printed: %s"), error->message);

      jz_window_add_toast (self, text);
      return;
    }
  if (self->session != JZ_SESSION (source))
    return;
  jz_print_run_doc (GTK_WIDGET (self), self->toast_overlay, self->session,
                    jz_print_doc_new_proof (export->request->kind, export->request->person_id, values),
                    export->path);
}

/* (ssss) as export-proof; with an empty path the print dialog opens, else
 * the print operation writes that PDF (what the tests use). Printed, the
 * proof is audited and recorded as the application's material. */
static void
print_proof_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  JzWindow *self = user_data;
  Export *export = export_from_parameter (self, parameter);

  if (export == NULL)
    return;
  jz_session_run_async (self->session, gather_in_thread, export, NULL,
                        (GDestroyNotify) json_object_unref, NULL, gathered, export);
}

/* ---- the form -------------------------------------------------------------- */

typedef struct
{
  JzWindow     *window;
  GtkWidget    *dialog;
  AdwComboRow  *person_row;
  AdwEntryRow  *place_row;
  AdwEntryRow  *from_row;
  GtkLabel     *error_label;
  GPtrArray    *ids;
  GPtrArray    *places;    /* per person: the registration's address or employer */
  GPtrArray    *froms;     /* per person: the arrival date */
  char         *title;
} Form;

static void
form_free (Form *form)
{
  g_object_unref (form->window);
  g_ptr_array_unref (form->ids);
  g_ptr_array_unref (form->places);
  g_ptr_array_unref (form->froms);
  g_free (form->title);
  g_free (form);
}

static void
save_response (GtkNativeDialog *chooser,
               int              response,
               Form            *form)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  guint i = adw_combo_row_get_selected (form->person_row);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL && i < form->ids->len)
    {
      g_action_group_activate_action (G_ACTION_GROUP (form->window), "export-proof",
                                      g_variant_new ("(ssss)", (char *) form->ids->pdata[i],
                                                     gtk_editable_get_text (GTK_EDITABLE (form->place_row)),
                                                     gtk_editable_get_text (GTK_EDITABLE (form->from_row)),
                                                     path));
      gtk_window_destroy (GTK_WINDOW (form->dialog));
    }
  g_object_unref (chooser);
}

/* Says what is missing under the form, or TRUE when it can be issued. */
static gboolean
form_valid (Form *form)
{
  g_autofree char *place = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->place_row))));
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->from_row))));
  const char *problem = NULL;
  GDate date;

  if (adw_combo_row_get_selected (form->person_row) >= form->ids->len)
    problem = _("Person: choose whom the proof is for");
  else if (*place == '\0')
    problem = g_str_equal (form->title, jz_proof_title (JZ_PROOF_ACCOMMODATION))
                ? _("Address: type where the person lives") : _("Employer: type the employer's name");
  else if (*from != '\0' && (g_date_set_parse (&date, from), !g_date_valid (&date)))
    problem = _("From: type a date like 2026-03-01");

  gtk_widget_set_visible (GTK_WIDGET (form->error_label), problem != NULL);
  if (problem != NULL)
    gtk_label_set_label (form->error_label, problem);
  return problem == NULL;
}

static void
on_save_clicked (Form *form)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("%s.pdf", form->title);

  if (!form_valid (form))
    return;
  chooser = gtk_file_chooser_native_new (_("Save as PDF"), GTK_WINDOW (form->dialog),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response), form);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The print dialog comes from the main window; the form closes. */
static void
on_print_clicked (Form *form)
{
  guint i = adw_combo_row_get_selected (form->person_row);

  if (!form_valid (form))
    return;
  g_action_group_activate_action (G_ACTION_GROUP (form->window), "print-proof",
                                  g_variant_new ("(ssss)", (char *) form->ids->pdata[i],
                                                 gtk_editable_get_text (GTK_EDITABLE (form->place_row)),
                                                 gtk_editable_get_text (GTK_EDITABLE (form->from_row)),
                                                 ""));
  gtk_window_destroy (GTK_WINDOW (form->dialog));
}

/* The chosen person's registration fills the address (or employer) and
 * the date they came, which the user may still change. */
static void
on_person_chosen (Form *form)
{
  guint i = adw_combo_row_get_selected (form->person_row);

  if (i >= form->ids->len)
    return;
  if (*(const char *) form->places->pdata[i] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (form->place_row), form->places->pdata[i]);
  if (*(const char *) form->froms->pdata[i] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (form->from_row), form->froms->pdata[i]);
}

static void
issue_proof_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  JzWindow *self = user_data;
  const char *chosen = g_variant_get_string (parameter, NULL);
  JsonArray *mine = self->overview && json_object_has_member (self->overview, "mine")
                    ? json_object_get_array_member (self->overview, "mine") : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *box, *header, *page, *group, *row, *button, *buttons;
  JzProofKind kind;
  GDate today;
  char today_text[16];
  Form *form;

  if (self->session == NULL || !jz_proof_kind_for_role (jz_session_get_role (self->session), &kind))
    return;

  form = g_new0 (Form, 1);
  form->window = g_object_ref (self);
  form->ids = g_ptr_array_new_with_free_func (g_free);
  form->places = g_ptr_array_new_with_free_func (g_free);
  form->froms = g_ptr_array_new_with_free_func (g_free);
  form->title = g_strdup (jz_proof_title (kind));
  for (guint i = 0; mine != NULL && i < json_array_get_length (mine); i++)
    {
      JsonObject *p = json_array_get_object_element (mine, i);
      g_autofree char *label = g_strdup_printf ("%s · %s", jz_app_str (p, "name") ?: "", jz_app_str (p, "masked") ?: "");

      g_ptr_array_add (form->ids, g_strdup (jz_app_str (p, "id")));
      g_ptr_array_add (form->places, g_strdup (jz_app_str (p, "place") ?: ""));
      g_ptr_array_add (form->froms, g_strdup (jz_app_str (p, "from") ?: ""));
      gtk_string_list_append (names, label);
    }

  form->dialog = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (form->dialog), form->title);
  gtk_window_set_modal (GTK_WINDOW (form->dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (form->dialog), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (form->dialog), 480, 420);
  g_object_set_data_full (G_OBJECT (form->dialog), "jz-form", form, (GDestroyNotify) form_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (form->title, NULL));
  gtk_box_append (GTK_BOX (box), header);
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (form->dialog), box);

  group = adw_preferences_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Person"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  for (guint i = 0; i < form->ids->len; i++)
    if (g_strcmp0 (form->ids->pdata[i], chosen) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  form->person_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 kind == JZ_PROOF_ACCOMMODATION ? _("Address of the home") : _("Employer's name"));
  gtk_widget_set_name (row, "proof-place");
  form->place_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("From (YYYY-MM-DD)"));
  jz_session_get_today (self->session, &today);
  g_date_strftime (today_text, sizeof today_text, "%Y-%m-%d", &today);
  gtk_editable_set_text (GTK_EDITABLE (row), today_text);
  gtk_widget_set_name (row, "proof-from");
  form->from_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  on_person_chosen (form);
  g_signal_connect_swapped (form->person_row, "notify::selected", G_CALLBACK (on_person_chosen), form);

  group = adw_preferences_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  form->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->error_label));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  button = gtk_button_new_with_mnemonic (_("_Print…"));
  gtk_widget_set_name (button, "print-proof");
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_print_clicked), form);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("_Save as PDF"));
  gtk_widget_set_name (button, "save-proof");
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_save_clicked), form);
  gtk_box_append (GTK_BOX (buttons), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);

  gtk_window_present (GTK_WINDOW (form->dialog));
}

void
_jz_window_landlord_init (JzWindow *self)
{
  static const GActionEntry entries[] = {
    { "issue-proof", issue_proof_action, "s" },
    { "export-proof", export_proof_action, "(ssss)" },
    { "print-proof", print_proof_action, "(ssss)" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}
