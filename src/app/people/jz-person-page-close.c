/* jz-person-page-close.c — closing an application from the person page:
 * the applicant withdrew it (撤回), or the station does not accept it
 * (不予受理), with the date and the reason
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-date.h"
#include "jz-form-util.h"
#include "jz-person-page-private.h"

typedef struct
{
  char     *application_id;
  gboolean  withdraw;
  GDate     date;
  char     *reason;
} Closing;

static void
closing_free (Closing *c)
{
  g_free (c->application_id);
  g_free (c->reason);
  g_free (c);
}

static gpointer
close_in_thread (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Closing *c = data;
  JzRegistry *registry = jz_session_get_registry (session);
  GDate today;

  jz_session_get_today (session, &today);
  if (c->withdraw)
    return jz_registry_withdraw (registry, c->application_id, &c->date, c->reason, &today,
                                 jz_session_get_author (session), error);
  return jz_registry_refuse (registry, c->application_id, &c->date, c->reason, &today,
                             jz_session_get_author (session), error);
}

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(JzPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) app = jz_session_run_finish (JZ_SESSION (source), result, &error);

  _jz_person_page_reload_or_refuse (self, app, _("The application was not closed"), error);
}

static void
close_response (AdwMessageDialog *dialog,
                const char       *response,
                JzPersonPage     *self)
{
  AdwEntryRow *date_row = g_object_get_data (G_OBJECT (dialog), "jz-date");
  AdwEntryRow *reason_row = g_object_get_data (G_OBJECT (dialog), "jz-reason");
  AdwComboRow *how_row = g_object_get_data (G_OBJECT (dialog), "jz-how");
  Closing *c;

  if (g_strcmp0 (response, "close") != 0 || self->session == NULL)
    return;
  c = g_new0 (Closing, 1);
  c->application_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "jz-application"));
  c->withdraw = adw_combo_row_get_selected (how_row) == 0;
  c->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (reason_row)));
  g_date_clear (&c->date, 1);
  if (!jz_date_parse (gtk_editable_get_text (GTK_EDITABLE (date_row)), &c->date, NULL))
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                             _("Date: write it as YYYY-MM-DD"));

      closing_free (c);
      _jz_person_page_show_refusal (self, _("The application was not closed"), error);
      return;
    }
  jz_session_run_async (self->session, close_in_thread, c, (GDestroyNotify) closing_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, closed_cb,
                        g_object_ref (self));
}

static void
reason_changed (GtkEditable      *reason,
                AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "close", *text != '\0');
}

/* person.close-application (s application, s status) */
void
_jz_person_page_close_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  JzPersonPage *self = JZ_PERSON_PAGE (widget);
  g_autoptr(GtkStringList) hows = gtk_string_list_new (NULL);
  g_autofree char *today_text = NULL;
  const char *application_id;
  const char *status;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *how_row;
  GtkWidget *date_row;
  GtkWidget *reason_row;
  GDate today;

  if (self->session == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &application_id, &status);
  jz_session_get_today (self->session, &today);
  today_text = jz_date_format (&today);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Close this application?"),
                                   _("The application is kept, closed, with the date and the reason. "
                                     "The person may apply again."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  how_row = adw_combo_row_new ();
  gtk_widget_set_name (how_row, "close-how");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (how_row), _("What happened"));
  gtk_string_list_append (hows, _("The applicant withdrew it (撤回)"));
  /* once accepted, a refusal is the county office's */
  if (g_strcmp0 (status, "submitted") == 0)
    gtk_string_list_append (hows, _("Not accepted (不予受理)"));
  adw_combo_row_set_model (ADW_COMBO_ROW (how_row), G_LIST_MODEL (hows));

  date_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (date_row), _("Date"));
  gtk_editable_set_text (GTK_EDITABLE (date_row), today_text);
  jz_form_add_date_button (ADW_ENTRY_ROW (date_row));

  reason_row = adw_entry_row_new ();
  gtk_widget_set_name (reason_row, "close-reason");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason_row), _("Reason, as the applicant is told"));

  gtk_list_box_append (GTK_LIST_BOX (list), how_row);
  gtk_list_box_append (GTK_LIST_BOX (list), date_row);
  gtk_list_box_append (GTK_LIST_BOX (list), reason_row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  g_object_set_data_full (G_OBJECT (dialog), "jz-application", g_strdup (application_id), g_free);
  g_object_set_data (G_OBJECT (dialog), "jz-how", how_row);
  g_object_set_data (G_OBJECT (dialog), "jz-date", date_row);
  g_object_set_data (G_OBJECT (dialog), "jz-reason", reason_row);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose the application"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* a closing without a reason is refused by the core: say so before */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close", FALSE);
  g_signal_connect_object (reason_row, "changed", G_CALLBACK (reason_changed), dialog, 0);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
