/* jz-person-page-edit.c — putting a saved record right from the person
 * page: the person's details and the registration in force, with the
 * checks of making them (jz_registry_edit)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-form-util.h"
#include "jz-person-page-private.h"

/* What a clerk puts right here; the rest has its own use case (the ID
 * number and its dates come from the card, statuses from the workflow). */
static const char * const person_fields[] = {
  "name", "hukou_address", "phone", "notes", NULL
};
static const char * const registration_fields[] = {
  "residence_address", "committee", "arrival_date", "landlord_name", "landlord_phone",
  "landlord_identity", "employer_name", "employer_identity", "school_name", "phone", NULL
};

typedef struct
{
  JzPersonPage *self;
  char         *rtype;
  char         *id;
  JsonObject   *fields;    /* what changed, to save */
  JsonObject   *record;    /* as read, to open the dialog again */
  JsonObject   *typed;     /* every row as typed, to open it again */
} Edit;

static void
edit_free (Edit *e)
{
  g_clear_object (&e->self);
  g_free (e->rtype);
  g_free (e->id);
  g_clear_pointer (&e->fields, json_object_unref);
  g_clear_pointer (&e->record, json_object_unref);
  g_clear_pointer (&e->typed, json_object_unref);
  g_free (e);
}

static void open_dialog (JzPersonPage *self,
                         JsonObject   *record,
                         JsonObject   *typed,
                         const char   *problems);

static gpointer
edit_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Edit *e = data;
  GDate today;

  jz_session_get_today (session, &today);
  if (!jz_registry_edit (jz_session_get_registry (session), e->rtype, e->id, e->fields, &today,
                         jz_session_get_author (session), error))
    return NULL;
  return json_object_ref (e->fields);
}

/* Saved: the page again. Refused: the dialog again, with what was typed
 * and each problem under its field's name, so nothing typed is lost. */
static void
edited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Edit *e = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) text = NULL;

  if (fields != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      e->self->session == NULL)
    {
      _jz_person_page_reload_or_refuse (e->self, fields, _("Nothing was changed"), error);
      edit_free (e);
      return;
    }
  problems = jz_form_error_problems (error);
  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      JzProblem *problem = problems->pdata[i];
      g_autofree char *shown = jz_form_problem_text (problem, problem->field != NULL
                                                     ? jz_app_field_label (e->rtype, problem->field) : NULL);

      g_string_append_printf (text, "%s%s", i ? "\n" : "", shown);
    }
  open_dialog (e->self, e->record, e->typed, text->str);
  edit_free (e);
}

static void
edit_response (AdwMessageDialog *dialog,
               const char       *response,
               JzPersonPage     *self)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (dialog), "jz-rows");
  JsonObject *record = g_object_get_data (G_OBJECT (dialog), "jz-record");
  g_autoptr(JsonObject) changed = json_object_new ();
  g_autoptr(JsonObject) typed = json_object_new ();
  Edit *e;

  if (g_strcmp0 (response, "save") != 0 || self->session == NULL)
    return;
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      const char *field = gtk_widget_get_name (row);
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
      const char *was = jz_app_str (record, field);

      json_object_set_string_member (typed, field, text);
      if (g_strcmp0 (text, was ?: "") == 0)
        continue;
      if (*text == '\0')
        json_object_set_null_member (changed, field);
      else
        json_object_set_string_member (changed, field, text);
    }
  if (json_object_get_size (changed) == 0)
    return;
  e = g_new0 (Edit, 1);
  e->self = g_object_ref (self);
  e->rtype = g_strdup (jz_app_str (record, "type"));
  e->id = g_strdup (jz_app_str (record, "id"));
  e->fields = g_steal_pointer (&changed);
  e->record = json_object_ref (record);
  e->typed = g_steal_pointer (&typed);
  jz_session_run_async (self->session, edit_in_thread, e, NULL,
                        (GDestroyNotify) json_object_unref, self->cancellable, edited_cb, e);
}

/* @typed: (nullable): the rows as the user left them; @problems:
 * (nullable): why the last try was refused, shown as the dialog's text */
static void
open_dialog (JzPersonPage *self,
             JsonObject   *record,
             JsonObject   *typed,
             const char   *problems)
{
  const char *rtype = jz_app_str (record, "type");
  const char * const *fields = g_strcmp0 (rtype, "person") == 0 ? person_fields : registration_fields;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *dialog;
  GtkWidget *list;

  if (self->session == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   g_strcmp0 (rtype, "person") == 0 ? _("Put the person's details right")
                                                                     : _("Put the registration right"),
                                   problems != NULL ? problems
                                   : _("The same checks as when it was made. Every change is kept in the "
                                       "history and sent to the county."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; fields[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      const char *shown = typed != NULL && json_object_has_member (typed, fields[i])
        ? json_object_get_string_member (typed, fields[i]) : jz_app_str (record, fields[i]);

      gtk_widget_set_name (row, fields[i]);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), jz_app_field_label (rtype, fields[i]));
      gtk_editable_set_text (GTK_EDITABLE (row), shown ?: "");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (rows, row);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  g_object_set_data_full (G_OBJECT (dialog), "jz-rows", g_steal_pointer (&rows),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "jz-record", json_object_ref (record),
                          (GDestroyNotify) json_object_unref);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_clicked (GtkButton    *button,
              JzPersonPage *self)
{
  open_dialog (self, g_object_get_data (G_OBJECT (button), "jz-record"), NULL, NULL);
}

/**
 * _jz_person_page_edit_button:
 * @record: the person, or a registration in force, as read
 *
 * An "Edit…" button that opens the record's editable fields in a dialog.
 */
GtkWidget *
_jz_person_page_edit_button (JzPersonPage *self,
                             JsonObject   *record)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Edit…"));
  g_autofree char *name = g_strdup_printf ("edit-%s", jz_app_str (record, "type"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, name);
  g_object_set_data_full (G_OBJECT (button), "jz-record", json_object_ref (record),
                          (GDestroyNotify) json_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (edit_clicked), self, 0);
  return button;
}
