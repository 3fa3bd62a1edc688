/* jz-form-util.c — small helpers the field forms share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "jz-date.h"
#include "jz-form-util.h"
#include "jz-model.h"
#include "jz-registry.h"
#include "jz-store.h"
#include "jz-store-draft.h"

static gboolean
ui_is_chinese (void)
{
  const char * const *langs = g_get_language_names ();

  return langs[0] != NULL && g_str_has_prefix (langs[0], "zh");
}

char *
jz_form_code_label (JzCodes    *codes,
                    const char *table,
                    const char *code)
{
  const char *zh;
  const char *en;

  if (code == NULL)
    return NULL;
  zh = jz_codes_name (codes, table, code, "zh");
  en = jz_codes_name (codes, table, code, "en");
  if (zh == NULL)
    return g_strdup (code);
  if (ui_is_chinese () || en == NULL)
    return g_strdup (zh);
  return g_strdup_printf ("%s (%s)", zh, en);
}

GtkStringList *
jz_form_code_model (JzCodes     *codes,
                    const char  *table,
                    GPtrArray  **out_codes)
{
  g_autoptr(GPtrArray) list = jz_codes_list (codes, table);
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      g_autofree char *label = jz_form_code_label (codes, table, list->pdata[i]);

      gtk_string_list_append (model, label);
    }
  if (out_codes != NULL)
    *out_codes = list ? g_ptr_array_ref (list) : g_ptr_array_new ();
  return model;
}

static void
on_day_selected (GtkCalendar *calendar,
                 AdwEntryRow *row)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (dt, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
on_calendar_shown (GtkWidget   *popover,
                   GtkCalendar *calendar)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (calendar), "jz-row");
  GDate d;

  /* Open on the date already typed, if any. */
  if (jz_date_parse (gtk_editable_get_text (GTK_EDITABLE (row)), &d, NULL))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d),
                                                       g_date_get_day (&d), 12, 0, 0);

      g_signal_handlers_block_by_func (calendar, on_day_selected, row);
      gtk_calendar_select_day (calendar, dt);
      g_signal_handlers_unblock_by_func (calendar, on_day_selected, row);
    }
}

void
jz_form_add_date_button (AdwEntryRow *row)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Pick the date on a calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pick the date on a calendar"), -1);
  g_object_set_data (G_OBJECT (calendar), "jz-row", row);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_day_selected), row);
  g_signal_connect (popover, "show", G_CALLBACK (on_calendar_shown), calendar);
  adw_entry_row_add_suffix (row, button);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (row), 10);
}

char *
jz_form_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text ? g_steal_pointer (&text) : NULL;
}

void
jz_form_show_error (GtkLabel   *label,
                    const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* A field's label, translated, from the first record type that has it. */
static const char *
any_field_label (const char *field)
{
  guint n = 0;
  const JzRecordType *const *types = jz_model_types (&n);

  for (guint i = 0; field != NULL && i < n; i++)
    {
      const JzFieldDef *def = jz_record_type_field (types[i], field);

      if (def != NULL && def->label != NULL)
        return _(def->label);
    }
  return NULL;
}

/**
 * jz_form_problem_text:
 * @label: (nullable): the field's label on this form, if the form knows it
 *
 * A problem for people: "Label: what is wrong", never the field's key.
 */
char *
jz_form_problem_text (const JzProblem *problem,
                      const char      *label)
{
  if (label == NULL)
    label = any_field_label (problem->field);
  if (label != NULL)
    /* TRANSLATORS: a field's label, and what is wrong with its value */
    return g_strdup_printf (_("%s: %s"), label, jz_problem_get_text (problem));
  return g_strdup (jz_problem_get_text (problem));
}

gboolean
jz_form_filled (AdwEntryRow *row)
{
  g_autofree char *text = jz_form_text (row);

  return text != NULL;
}

gboolean
jz_form_date_ok (AdwEntryRow *row,
                 const GDate *not_after)
{
  GDate d;

  return jz_date_parse (gtk_editable_get_text (GTK_EDITABLE (row)), &d, NULL) &&
         jz_date_compare (&d, not_after) <= 0;
}

const char *
jz_form_combo_code (AdwComboRow *row,
                    GPtrArray   *codes)
{
  guint i = adw_combo_row_get_selected (row);

  return i < codes->len ? codes->pdata[i] : NULL;
}

void
jz_form_combo_set_code (AdwComboRow *row,
                        GPtrArray   *codes,
                        const char  *code)
{
  for (guint i = 0; code != NULL && i < codes->len; i++)
    if (g_strcmp0 (codes->pdata[i], code) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  if (codes->len > 0 && codes->pdata[0] == NULL)
    adw_combo_row_set_selected (row, 0);
}

GtkWidget *
jz_form_add_row (AdwPreferencesGroup *group,
                 GPtrArray           *rows,
                 const char          *title,
                 const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

void
jz_form_clear_rows (AdwPreferencesGroup *group,
                    GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

GPtrArray *
jz_form_error_problems (const GError *error)
{
  GPtrArray *problems = jz_registry_error_get_problems (error);
  GPtrArray *one;

  if (problems != NULL && problems->len > 0)
    return g_ptr_array_ref (problems);
  one = jz_problems_new ();
  jz_problems_add (one, NULL, NULL, "%s", error->message);
  return one;
}

/* ---- drafts ---- */

typedef struct
{
  char       *id;
  char       *kind;
  JsonObject *body;
} DraftData;

static void
draft_data_free (DraftData *d)
{
  g_free (d->id);
  g_free (d->kind);
  g_clear_pointer (&d->body, json_object_unref);
  g_free (d);
}

static gpointer
save_draft_in_thread (JzSession     *session,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  DraftData *d = data;

  if (!jz_store_draft_save (jz_session_get_store (session), d->id, d->kind, d->body, error))
    return NULL;
  return g_strdup (d->id);
}

void
jz_form_save_draft_async (JzSession           *session,
                          const char          *id,
                          const char          *kind,
                          JsonObject          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  DraftData *d = g_new0 (DraftData, 1);

  d->id = g_strdup (id);
  d->kind = g_strdup (kind);
  d->body = body;
  jz_session_run_async (session, save_draft_in_thread, d, (GDestroyNotify) draft_data_free,
                        g_free, cancellable, callback, user_data);
}

/**
 * jz_form_add_step_keys:
 *
 * The flows' step keys, caught before the focused row sees them: a text
 * row would take Ctrl+Page Down for itself (a class key binding only runs
 * when nothing inside used the key).
 */
void
jz_form_add_step_keys (GtkWidget *flow)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (keys);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (sc, gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Page_Down"),
                                                              gtk_named_action_new ("flow.next")));
  gtk_shortcut_controller_add_shortcut (sc, gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Page_Up"),
                                                              gtk_named_action_new ("flow.back")));
  gtk_widget_add_controller (flow, keys);
}

static void
set_date_response (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/**
 * jz_form_ask_to_set_date:
 * @widget: a widget of the window the dialog belongs to
 *
 * When @error says the tablet's clock cannot be right (the store refuses
 * to stamp a save with it), asks the user to set the date: every record
 * carries today's date, so nothing is saved until it is right. Returns
 * TRUE when it asked.
 */
gboolean
jz_form_ask_to_set_date (GtkWidget    *widget,
                        const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;

  if (!g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK))
    return FALSE;
  /* the core's message starts in lower case (it may follow a field name) */
  message = g_strdup (error->message);
  if (g_ascii_islower (message[0]))
    message[0] = g_ascii_toupper (message[0]);
  body = g_strdup_printf ("%s\n\n%s", message,
                          _("Every record carries the date it was made, so nothing is saved "
                            "while the tablet's date is wrong. Set the date and time in the "
                            "system settings, then save again; nothing you entered is lost."));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Set the Date and Time"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_OK"));
  g_signal_connect (dialog, "response", G_CALLBACK (set_date_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/**
 * jz_form_not_yet:
 * @why: (nullable): where a step_ready() says what is still needed
 * @text: (nullable): that, in words
 *
 * Returns: %FALSE, having set *@why when it is asked for
 */
gboolean
jz_form_not_yet (const char **why,
                 const char  *text)
{
  if (why != NULL)
    *why = text;
  return FALSE;
}

typedef struct
{
  JzFormConfirmed confirmed;
  gpointer        data;
  GDestroyNotify  destroy;
} Confirm;

static void
confirm_free (Confirm *c)
{
  if (c->destroy != NULL && c->data != NULL)
    c->destroy (c->data);
  g_free (c);
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  Confirm          *c)
{
  if (g_strcmp0 (response, "confirm") == 0)
    c->confirmed (c->data);
}

void
jz_form_confirm (GtkWidget       *widget,
                 const char      *heading,
                 const char      *body,
                 const char      *confirm_label,
                 JzFormConfirmed  confirmed,
                 gpointer         data,
                 GDestroyNotify   destroy)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  Confirm *c = g_new0 (Confirm, 1);

  c->confirmed = confirmed;
  c->data = data;
  c->destroy = destroy;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "confirm", confirm_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response), c,
                         (GClosureNotify) (void (*) (void)) confirm_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
