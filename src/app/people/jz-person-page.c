/* jz-person-page.c — one person's full record, audited
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The full record shows the full ID number, so opening it writes a "view"
 * row to the audit log, in the same worker call that reads it: there is no
 * way to see the record without the audit row.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-model.h"
#include "jz-person-page-private.h"


G_DEFINE_FINAL_TYPE (JzPersonPage, jz_person_page, ADW_TYPE_BIN)

enum { LOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  char *id;
  char *author;
} LoadArgs;

static void
load_args_free (LoadArgs *args)
{
  g_free (args->id);
  g_free (args->author);
  g_free (args);
}

static JsonArray *
to_array (GPtrArray *records)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < records->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (records, i)));
  return array;
}

/* The record's own sync state, as members "_sync" and "_sync_reason". */
static gboolean
add_sync_state (JzStore     *store,
                JsonObject  *record,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  const char *id = json_object_get_string_member_with_default (record, "id", NULL);
  JzRecordSync state;

  if (id == NULL)
    return TRUE;
  state = jz_store_record_sync (store, id, &reason, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  json_object_set_string_member (record, "_sync", state == JZ_RECORD_WAITING ? "waiting"
                                                  : state == JZ_RECORD_REFUSED ? "refused" : "synced");
  if (reason != NULL)
    json_object_set_string_member (record, "_sync_reason", reason);
  return TRUE;
}

static gpointer
load_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  LoadArgs *args = data;
  JzStore *store = jz_session_get_store (session);
  static const char *members[] = { "registrations", "applications", "permits" };
  g_autoptr(JsonObject) bundle = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GDate today;

  /* the file as the core reads it (audited; permits judged on today) */
  jz_session_get_today (session, &today);
  bundle = jz_registry_person_file (jz_session_get_registry (session), args->id, &today, args->author, error);
  if (bundle == NULL)
    return NULL;
  if (!add_sync_state (store, json_object_get_object_member (bundle, "person"), error))
    return NULL;
  /* divisions by name, not by code */
  {
    g_autoptr(JzDivisions) divisions = jz_app_load_divisions (store);
    JsonObject *person = json_object_get_object_member (bundle, "person");
    g_autofree char *hukou = jz_app_division_text (divisions, jz_app_str (person, "hukou_division"));

    if (hukou != NULL)
      json_object_set_string_member (person, "_hukou_division_text", hukou);
  }
  json_object_set_boolean_member (bundle, "enrolled",
                                  jz_sync_client_is_enrolled (jz_session_get_sync_client (session)));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonArray *records = json_object_get_array_member (bundle, members[i]);

      for (guint k = 0; k < json_array_get_length (records); k++)
        if (!add_sync_state (store, json_array_get_object_element (records, k), error))
          return NULL;
    }

  {
    JsonArray *twins = _jz_person_page_twins (session, json_object_get_object_member (bundle, "person"), error);

    if (twins == NULL)
      return NULL;
    json_object_set_array_member (bundle, "twins", twins);
  }

  history = jz_store_history (store, args->id, error);
  if (history == NULL)
    return NULL;
  json_object_set_array_member (bundle, "history", to_array (history));
  return g_steal_pointer (&bundle);
}

/* What the permit is worth today (the core's "state"): 有效, 已失效, or
 * 使用功能中止 with the reason and its article. */
static char *
permit_state_text (JzPersonPage *self,
                   JsonObject   *permit)
{
  JsonObject *state = json_object_has_member (permit, "state")
                      ? json_object_get_object_member (permit, "state") : NULL;
  const char *status = state ? jz_app_str (state, "status") : jz_app_str (permit, "status");
  const char *reason = state ? jz_app_str (state, "reason") : NULL;
  const char *article = state ? jz_app_str (state, "article") : NULL;
  g_autofree char *label = NULL;

  if (g_strcmp0 (status, "active") == 0)
    return g_strdup (C_("permit state", "In force"));
  if (g_strcmp0 (status, "ended") == 0)
    return g_strdup (C_("permit state", "No longer valid"));
  if (reason == NULL)
    return g_strdup (C_("permit state", "Use suspended"));
  label = jz_app_value_text (self->session, "permit", "suspension_reason",
                             json_object_get_member (state, "reason"), TRUE);
  if (article != NULL)
    {
      g_autofree char *cited = jz_app_cite_text (self->session, article);

      /* Translators: the permit's use is suspended: why (the article) */
      return g_strdup_printf (_("Use suspended: %s (%s)"), label, cited);
    }
  return g_strdup_printf (_("Use suspended: %s"), label);
}

static void
add (JzPersonPage        *self,
     guint                which,
     AdwPreferencesGroup *group,
     GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows[which], row);
}

static GtkWidget *
info_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* A field and its value: the value shown as the value (style.css) */
static GtkWidget *
value_row (const char *field,
           const char *value)
{
  GtkWidget *row = info_row (field, value);

  gtk_widget_add_css_class (row, "jz-value");
  return row;
}

/* What a record's sync state says, in words. */
static char *
sync_text (JzPersonPage *self,
           JsonObject   *record)
{
  const char *state = jz_app_str (record, "_sync");

  if (g_strcmp0 (state, "refused") == 0 && jz_app_shows_server_text ())
    return g_strdup_printf (_("Refused by the county server: %s"), jz_app_str (record, "_sync_reason") ?: "");
  if (g_strcmp0 (state, "refused") == 0)
    return g_strdup (_("Refused by the county server; Needs attention says why"));
  if (g_strcmp0 (state, "waiting") == 0)
    return g_strdup (!self->enrolled ? _("Kept on this device (not enrolled)")
                     : self->syncing ? _("Sending…") : _("Waiting to be sent"));
  return g_strdup (_("Synced with the county server"));
}

/* A row that says its record's sync state keeps the record's id, its own
 * subtitle without the state, and the state, so that the state can be said
 * again: "Sending…" while a sync runs, the new state after it. */
static void
render_sync_row (JzPersonPage *self,
                 GtkWidget    *row)
{
  JsonObject *record = g_object_get_data (G_OBJECT (row), "jz-sync");
  const char *base = g_object_get_data (G_OBJECT (row), "jz-base");
  g_autofree char *state = sync_text (self, record);
  g_autofree char *text = base && *base ? g_strdup_printf ("%s · %s", base, state) : g_strdup (state);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
}

static void
set_sync_subtitle (JzPersonPage *self,
                   GtkWidget    *row,
                   const char   *base,
                   JsonObject   *record)
{
  JsonObject *sync = json_object_new ();

  json_object_set_string_member (sync, "id", jz_app_str (record, "id") ?: "");
  json_object_set_string_member (sync, "_sync", jz_app_str (record, "_sync") ?: "synced");
  if (jz_app_str (record, "_sync_reason") != NULL)
    json_object_set_string_member (sync, "_sync_reason", jz_app_str (record, "_sync_reason"));
  g_object_set_data_full (G_OBJECT (row), "jz-sync", sync, (GDestroyNotify) json_object_unref);
  g_object_set_data_full (G_OBJECT (row), "jz-base", g_strdup (base ? base : ""), g_free);
  g_ptr_array_add (self->sync_rows, g_object_ref (row));
  render_sync_row (self, row);
}

static gboolean
is_disputed (JsonObject *record,
             const char *field)
{
  JsonNode *node = json_object_get_member (record, "_disputed");

  /* The row only says whether the record is disputed; the conflicts page
   * names the fields. */
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node)
         && jz_record_type_field (jz_model_lookup ("person"), field)->legal;
}

static void
show_details (JzPersonPage *self,
              JsonObject   *person,
              JsonArray    *twins)
{
  const JzRecordType *type = jz_model_lookup ("person");
  gboolean disputed = FALSE;

  adw_preferences_group_set_title (self->details_group, jz_app_str (person, "name") ?: "");
  adw_preferences_group_set_description (self->details_group,
                                         _("The full record. Opening it is recorded in the audit log."));
  for (guint i = 0; i < type->n_fields; i++)
    {
      const JzFieldDef *def = &type->fields[i];
      JsonNode *value = json_object_get_member (person, def->name);
      g_autofree char *text = NULL;
      GtkWidget *row;

      if (g_str_equal (def->name, "deleted") || g_str_equal (def->name, "portrait") ||
          g_str_equal (def->name, "merged_into"))
        continue;
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        continue;
      if (def->kind == JZ_FIELD_DIVISION)
        {
          g_autofree char *member = g_strdup_printf ("_%s_text", def->name);

          text = g_strdup (jz_app_str (person, member) ?: json_node_get_string (value));
        }
      else
        text = jz_app_value_text (self->session, "person", def->name, value, FALSE);
      row = value_row (_(def->label), text);
      add (self, 0, self->details_group, row);
      if (is_disputed (person, def->name))
        disputed = TRUE;
    }
  /* Where this record's changes stand with the county server. */
  {
    GtkWidget *row = info_row (_("Sync"), NULL);
    const char *state = jz_app_str (person, "_sync");

    gtk_widget_set_name (row, "sync-state");
    set_sync_subtitle (self, row, NULL, person);
    /* put right what was typed wrong (the same checks as adding) */
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), _jz_person_page_edit_button (self, person));
    adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name (g_strcmp0 (state, "refused") == 0 ? "dialog-warning-symbolic"
                                                             : g_strcmp0 (state, "waiting") == 0 ? "document-send-symbolic"
                                                             : "emblem-ok-symbolic"));
    if (g_strcmp0 (state, "refused") == 0)
      {
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-page");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", "attention");
      }
    add (self, 0, self->details_group, row);
  }
  if (jz_app_str (person, "merged_into") != NULL)
    add (self, 0, self->details_group, _jz_person_page_merged_row (person));
  for (guint i = 0; twins != NULL && i < json_array_get_length (twins); i++)
    add (self, 0, self->details_group, _jz_person_page_twin_row (self, json_array_get_object_element (twins, i)));
  if (disputed)
    {
      GtkWidget *row = info_row (_("Some fields are in conflict"),
                                 _("Two devices changed this record differently; settle it under Conflicts."));

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-conflict");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", jz_app_str (person, "id"));
      add (self, 0, self->details_group, row);
    }
}

static void
show_list (JzPersonPage        *self,
           guint                which,
           AdwPreferencesGroup *group,
           JsonArray           *records,
           const char          *empty)
{
  guint n = records ? json_array_get_length (records) : 0;

  if (n == 0)
    {
      GtkWidget *row = info_row (empty, NULL);

      gtk_widget_add_css_class (row, "dim-label");
      add (self, which, group, row);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);
      const char *rtype = jz_app_str (r, "type");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *status = jz_app_value_text (self->session, rtype, "status",
                                                   json_object_get_member (r, "status"), TRUE);

      if (g_strcmp0 (rtype, "registration") == 0)
        {
          title = g_strdup_printf ("%s · %s", jz_app_str (r, "residence_address") ?: "", status);
          if (jz_app_str (r, "departed_on") != NULL)
            {
              g_autofree char *why = jz_app_value_text (self->session, rtype, "departure_reason",
                                                        json_object_get_member (r, "departure_reason"), TRUE);

              /* Translators: registered on, certificate number, left on (注销), why */
              subtitle = g_strdup_printf (_("Registered %s · certificate %s · left %s: %s"),
                                          jz_app_str (r, "registered_on") ?: "",
                                          jz_app_str (r, "certificate_no") ?: "—",
                                          jz_app_str (r, "departed_on"), why);
            }
          else if (jz_app_str (r, "committee") != NULL)
            subtitle = g_strdup_printf (_("Registered %s · certificate %s · %s"),
                                        jz_app_str (r, "registered_on") ?: "",
                                        jz_app_str (r, "certificate_no") ?: "—",
                                        jz_app_str (r, "committee"));
          else
            /* Translators: registered on, certificate number */
            subtitle = g_strdup_printf (_("Registered %s · certificate %s"),
                                        jz_app_str (r, "registered_on") ?: "",
                                        jz_app_str (r, "certificate_no") ?: "—");
        }
      else if (g_strcmp0 (rtype, "application") == 0)
        {
          g_autofree char *kind = jz_app_value_text (self->session, rtype, "kind",
                                                     json_object_get_member (r, "kind"), TRUE);

          title = g_strdup_printf ("%s · %s", kind, status);
          if (jz_app_str (r, "closed_on") != NULL)
            /* Translators: applied on, closed (withdrawn or not accepted) on, why */
            subtitle = g_strdup_printf (_("Applied %s · closed %s: %s"),
                                        jz_app_str (r, "applied_on") ?: "",
                                        jz_app_str (r, "closed_on"),
                                        jz_app_str (r, "close_reason") ?: "");
          else
            subtitle = g_strdup_printf (_("Applied %s · accepted %s"),
                                        jz_app_str (r, "applied_on") ?: "",
                                        jz_app_str (r, "accepted_on") ?: "—");
        }
      else
        {
          g_autofree char *state = permit_state_text (self, r);

          /* Translators: a residence permit and its number */
          title = g_strdup_printf (_("Permit No. %s · %s"), jz_app_str (r, "number") ?: "—", state);
          subtitle = g_strdup_printf (_("Issued %s"), jz_app_str (r, "issued_on") ?: "");
        }
      {
        GtkWidget *row = info_row (title, NULL);

        set_sync_subtitle (self, row, subtitle, r);
        /* An application opens in its flow: materials, notice, acceptance,
         * extension, issuance. */
        /* 注销: a registration in force can be ended from here. */
        if (g_strcmp0 (rtype, "registration") == 0 && jz_app_str (r, "id") != NULL &&
            g_strcmp0 (jz_app_str (r, "status"), "active") == 0)
          {
            GtkWidget *button = gtk_button_new_with_mnemonic (_("_Departure…"));

            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            gtk_widget_set_name (button, "depart");
            gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "person.depart");
            gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", jz_app_str (r, "id"));
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), _jz_person_page_edit_button (self, r));
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          }
        /* 撤回, 不予受理: an application not yet decided can be closed. */
        if (g_strcmp0 (rtype, "application") == 0 && jz_app_str (r, "id") != NULL &&
            (g_strcmp0 (jz_app_str (r, "status"), "submitted") == 0 ||
             g_strcmp0 (jz_app_str (r, "status"), "accepted") == 0))
          {
            GtkWidget *button = gtk_button_new_with_mnemonic (_("C_lose…"));

            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            gtk_widget_set_name (button, "close-application");
            gtk_widget_set_tooltip_text (button, _("Withdrawn by the applicant, or not accepted"));
            gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "person.close-application");
            gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", jz_app_str (r, "id"),
                                              jz_app_str (r, "status"));
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          }
        _jz_person_page_add_print_button (row, r);
        if (g_strcmp0 (rtype, "application") == 0 && jz_app_str (r, "id") != NULL)
          {
            gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
            gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-application");
            gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", jz_app_str (r, "id"));
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          }
        add (self, which, group, row);
      }
    }
}

/* An application not yet decided (submitted, or accepted and waiting for
 * its permit) is continued, not started again: the button opens it. */
static void
set_apply_button (JzPersonPage *self,
                  JsonArray    *applications)
{
  const char *open = NULL;

  for (guint i = 0; applications != NULL && i < json_array_get_length (applications); i++)
    {
      JsonObject *a = json_array_get_object_element (applications, i);
      const char *status = jz_app_str (a, "status");

      if (g_strcmp0 (status, "submitted") == 0 || g_strcmp0 (status, "accepted") == 0)
        open = jz_app_str (a, "id");
    }
  if (open != NULL)
    {
      gtk_button_set_label (self->apply_button, _("Continue the application"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->apply_button), "s", open);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->apply_button), "win.open-application");
    }
  else
    {
      gtk_button_set_label (self->apply_button, _("New application"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->apply_button), "s", self->person_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->apply_button), "win.new-application");
    }
}

static void
show_history (JzPersonPage *self,
              JsonArray    *history)
{
  guint n = json_array_get_length (history);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *change = json_array_get_object_element (history, i);
      JsonObject *fields = json_object_get_object_member (change, "fields");
      g_autofree char *when = jz_app_local_time (jz_app_str (change, "time"));
      g_autofree char *site = jz_app_short_site (jz_app_str (change, "site"));
      g_autofree char *subtitle = NULL;
      g_autoptr(GList) names = fields ? json_object_get_members (fields) : NULL;
      GtkWidget *row = adw_expander_row_new ();

      /* Translators: who changed a record, and on which device */
      subtitle = g_strdup_printf (_("by %s on device %s"), jz_app_str (change, "author") ?: "?", site);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = jz_app_value_text (self->session, "person", l->data,
                                                      json_object_get_member (fields, l->data), FALSE);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                    value_row (jz_app_field_label ("person", l->data), value));
        }
      add (self, 4, self->history_group, row);
    }
}

static void
clear (JzPersonPage *self)
{
  g_ptr_array_set_size (self->sync_rows, 0);
  AdwPreferencesGroup *groups[5] = { self->details_group, self->registrations_group,
                                     self->applications_group, self->permits_group,
                                     self->history_group };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    jz_app_clear_group (groups[i], self->rows[i]);
}

static void
set_loading (JzPersonPage *self,
             gboolean      loading)
{
  self->loading = loading;
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(JzPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bundle = jz_session_run_finish (JZ_SESSION (source), result, &error);
  JsonObject *person;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (bundle == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_signal_emit (self, signals[LOADED], 0);
      return;
    }

  person = json_object_get_object_member (bundle, "person");
  self->enrolled = json_object_get_boolean_member_with_default (bundle, "enrolled", FALSE);
  g_free (self->title);
  self->title = g_strdup (jz_app_str (person, "name"));
  clear (self);
  show_details (self, person, json_object_has_member (bundle, "twins")
                               ? json_object_get_array_member (bundle, "twins") : NULL);
  show_list (self, 1, self->registrations_group, json_object_get_array_member (bundle, "registrations"),
             _("No registration"));
  show_list (self, 2, self->applications_group, json_object_get_array_member (bundle, "applications"),
             _("No application"));
  set_apply_button (self, json_object_get_array_member (bundle, "applications"));
  show_list (self, 3, self->permits_group, json_object_get_array_member (bundle, "permits"),
             _("No permit"));
  show_history (self, json_object_get_array_member (bundle, "history"));
  gtk_stack_set_visible_child_name (self->stack, "record");
  g_signal_emit (self, signals[LOADED], 0);
}

void
jz_person_page_load (JzPersonPage *self,
                     JzSession    *session,
                     const char   *person_id)
{
  LoadArgs *args;

  g_return_if_fail (JZ_IS_PERSON_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->session, session);
  g_free (self->person_id);
  self->person_id = g_strdup (person_id);
  g_clear_pointer (&self->title, g_free);
  /* The target first: the action takes the person. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->apply_button), "s", person_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->apply_button), "win.new-application");

  set_loading (self, TRUE);
  clear (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  args = g_new0 (LoadArgs, 1);
  args->id = g_strdup (person_id);
  args->author = g_strdup (jz_session_get_author (session));
  jz_session_run_async (session, load_in_thread, args, (GDestroyNotify) load_args_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, loaded,
                        g_object_ref (self));
}

const char *
jz_person_page_get_person_id (JzPersonPage *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_PAGE (self), NULL);
  return self->person_id;
}

const char *
jz_person_page_get_title (JzPersonPage *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_PAGE (self), NULL);
  return self->title;
}

gboolean
jz_person_page_get_loading (JzPersonPage *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_PAGE (self), FALSE);
  return self->loading;
}

static void
jz_person_page_dispose (GObject *object)
{
  JzPersonPage *self = JZ_PERSON_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (jz_person_page_parent_class)->dispose (object);
}

/**
 * jz_person_page_set_syncing:
 *
 * While a sync runs, the changes still to be sent read "Sending…"; when it
 * is over, jz_person_page_refresh_sync() reads the new states.
 */
void
jz_person_page_set_syncing (JzPersonPage *self,
                            gboolean      syncing)
{
  g_return_if_fail (JZ_IS_PERSON_PAGE (self));

  self->syncing = syncing;
  for (guint i = 0; i < self->sync_rows->len; i++)
    render_sync_row (self, self->sync_rows->pdata[i]);
}

static gpointer
sync_states_in_thread (JzSession     *session,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GPtrArray *records = data;   /* of JsonObject: id */
  g_autoptr(JsonObject) out = json_object_new ();

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(JsonObject) state = json_object_new ();
      const char *id = jz_app_str (records->pdata[i], "id");

      json_object_set_string_member (state, "id", id);
      if (!add_sync_state (jz_session_get_store (session), state, error))
        return NULL;
      json_object_set_object_member (out, id, g_steal_pointer (&state));
    }
  json_object_set_boolean_member (out, "_enrolled",
                                  jz_sync_client_is_enrolled (jz_session_get_sync_client (session)));
  return g_steal_pointer (&out);
}

static void
sync_states_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JzPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) states = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (states == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("person page: sync states: %s", error->message);
      return;
    }
  self->enrolled = json_object_get_boolean_member_with_default (states, "_enrolled", self->enrolled);
  for (guint i = 0; i < self->sync_rows->len; i++)
    {
      GtkWidget *row = self->sync_rows->pdata[i];
      JsonObject *old = g_object_get_data (G_OBJECT (row), "jz-sync");
      const char *id = jz_app_str (old, "id");

      if (id != NULL && json_object_has_member (states, id))
        g_object_set_data_full (G_OBJECT (row), "jz-sync",
                                json_object_ref (json_object_get_object_member (states, id)),
                                (GDestroyNotify) json_object_unref);
      render_sync_row (self, row);
    }
}

/**
 * jz_person_page_refresh_sync:
 *
 * Reads the sync states of the records shown again (after a sync), without
 * reading the record itself: no new audit row.
 */
void
jz_person_page_refresh_sync (JzPersonPage *self)
{
  GPtrArray *records;

  g_return_if_fail (JZ_IS_PERSON_PAGE (self));
  if (self->session == NULL || self->loading || self->sync_rows->len == 0)
    return;
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < self->sync_rows->len; i++)
    g_ptr_array_add (records, json_object_ref (g_object_get_data (G_OBJECT (self->sync_rows->pdata[i]), "jz-sync")));
  jz_session_run_async (self->session, sync_states_in_thread, records, (GDestroyNotify) g_ptr_array_unref,
                        (GDestroyNotify) json_object_unref, self->cancellable, sync_states_read,
                        g_object_ref (self));
}

static void
jz_person_page_finalize (GObject *object)
{
  JzPersonPage *self = JZ_PERSON_PAGE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    g_clear_pointer (&self->rows[i], g_ptr_array_unref);
  g_clear_pointer (&self->sync_rows, g_ptr_array_unref);
  g_clear_pointer (&self->person_id, g_free);
  g_clear_pointer (&self->title, g_free);
  G_OBJECT_CLASS (jz_person_page_parent_class)->finalize (object);
}

static void
jz_person_page_class_init (JzPersonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_person_page_dispose;
  object_class->finalize = jz_person_page_finalize;

  /* The record is shown (or its error): the window takes the title. */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, page);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, registrations_group);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, applications_group);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, permits_group);
  gtk_widget_class_bind_template_child (widget_class, JzPersonPage, history_group);

  gtk_widget_class_install_action (widget_class, "person.depart", "s", _jz_person_page_depart_action);
  gtk_widget_class_install_action (widget_class, "person.close-application", "(ss)",
                                   _jz_person_page_close_action);
  gtk_widget_class_install_action (widget_class, "person.merge", "s", _jz_person_page_merge_action);
}

static void
jz_person_page_init (JzPersonPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jz_app_spin_while_mapped (self->loading_spinner);
  jz_app_status_icon_on_map (self->error_page);
  for (guint i = 0; i < G_N_ELEMENTS (self->rows); i++)
    self->rows[i] = g_ptr_array_new ();
  self->sync_rows = g_ptr_array_new_with_free_func (g_object_unref);
}
