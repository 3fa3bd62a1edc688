/* jz-person-page-depart.c — 注销 from the person page: a registration in
 * force ends because the person left, with the date and the reason
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-date.h"
#include "jz-form-util.h"
#include "jz-person-page-private.h"

typedef struct
{
  char  *registration_id;
  GDate  date;
  char  *reason;
} Departure;

static void
departure_free (Departure *d)
{
  g_free (d->registration_id);
  g_free (d->reason);
  g_free (d);
}

static gpointer
depart_in_thread (JzSession     *session,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Departure *d = data;
  GDate today;

  jz_session_get_today (session, &today);
  return jz_registry_depart (jz_session_get_registry (session), d->registration_id, &d->date, d->reason,
                             &today, jz_session_get_author (session), error);
}

/* What the core refused, in a dialog titled @title: its problems, each
 * naming its field by label. */
void
_jz_person_page_show_refusal (JzPersonPage *self,
                              const char   *title,
                              const GError *error)
{
  g_autoptr(GPtrArray) problems = jz_form_error_problems (error);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *cited = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *shown = jz_form_problem_text (g_ptr_array_index (problems, i), NULL);

      g_string_append_printf (text, "%s%s", i ? "\n" : "", shown);
    }
  cited = jz_app_cite_text (self->session, text->str);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   title, cited);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The end of a use case run from the page: the page again, or why not */
void
_jz_person_page_reload_or_refuse (JzPersonPage *self,
                                  JsonObject   *record,
                                  const char   *refused_title,
                                  const GError *error)
{
  /* jz_person_page_load() replaces self->person_id: pass a copy. */
  g_autofree char *person_id = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (record == NULL)
    {
      _jz_person_page_show_refusal (self, refused_title, error);
      return;
    }
  person_id = g_strdup (self->person_id);
  jz_person_page_load (self, self->session, person_id);
}

static void
departed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JzPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reg = jz_session_run_finish (JZ_SESSION (source), result, &error);

  _jz_person_page_reload_or_refuse (self, reg, _("The registration was not ended"), error);
}

static void
depart_response (AdwMessageDialog *dialog,
                 const char       *response,
                 JzPersonPage     *self)
{
  AdwEntryRow *date_row = g_object_get_data (G_OBJECT (dialog), "jz-date");
  AdwComboRow *reason_row = g_object_get_data (G_OBJECT (dialog), "jz-reason");
  GPtrArray *codes = g_object_get_data (G_OBJECT (dialog), "jz-codes");
  Departure *d;

  if (g_strcmp0 (response, "depart") != 0 || self->session == NULL)
    return;
  d = g_new0 (Departure, 1);
  d->registration_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "jz-registration"));
  d->reason = g_strdup (jz_form_combo_code (reason_row, codes));
  g_date_clear (&d->date, 1);
  if (!jz_date_parse (gtk_editable_get_text (GTK_EDITABLE (date_row)), &d->date, NULL))
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                             _("Departure date: write it as YYYY-MM-DD"));

      departure_free (d);
      _jz_person_page_show_refusal (self, _("The registration was not ended"), error);
      return;
    }
  jz_session_run_async (self->session, depart_in_thread, d, (GDestroyNotify) departure_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, departed_cb,
                        g_object_ref (self));
}

void
_jz_person_page_depart_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  JzPersonPage *self = JZ_PERSON_PAGE (widget);
  g_autoptr(GtkStringList) reasons = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *today_text = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *date_row;
  GtkWidget *reason_row;
  GDate today;

  if (self->session == NULL)
    return;
  jz_session_get_today (self->session, &today);
  today_text = jz_date_format (&today);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("End this registration (注销)?"),
                                   _("The person is no longer counted as living here. The registration "
                                     "and its history are kept."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  date_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (date_row), _("Departure date"));
  gtk_editable_set_text (GTK_EDITABLE (date_row), today_text);
  jz_form_add_date_button (ADW_ENTRY_ROW (date_row));
  reason_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason_row), _("Departure reason"));
  reasons = jz_form_code_model (jz_session_get_codes (self->session), "departure_reason", &codes);
  adw_combo_row_set_model (ADW_COMBO_ROW (reason_row), G_LIST_MODEL (reasons));
  gtk_list_box_append (GTK_LIST_BOX (list), date_row);
  gtk_list_box_append (GTK_LIST_BOX (list), reason_row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  g_object_set_data_full (G_OBJECT (dialog), "jz-registration", g_variant_dup_string (parameter, NULL), g_free);
  g_object_set_data (G_OBJECT (dialog), "jz-date", date_row);
  g_object_set_data (G_OBJECT (dialog), "jz-reason", reason_row);
  g_object_set_data_full (G_OBJECT (dialog), "jz-codes", g_steal_pointer (&codes),
                          (GDestroyNotify) g_ptr_array_unref);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "depart", _("_End the registration"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "depart",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (depart_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

