/* jz-window-overview.c — what the window shows of the whole data directory
 * (counts, due work, drafts), read off the main thread
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-attention-page.h"
#include "jz-conflicts-page.h"
#include "jz-home-page.h"
#include "jz-id-number.h"
#include "jz-people-page.h"
#include "jz-sync-page.h"
#include "jz-store-draft.h"
#include "jz-window-private.h"

/* ---- overview -------------------------------------------------------------- */

/* The drafts, newest first, with what Home shows of them: the kind, the
 * name typed so far (a declaration's own, an application's person's) and
 * when it was last saved. */
static JsonArray *
drafts_in_thread (JzSession  *session,
                  GError    **error)
{
  JzStore *store = jz_session_get_store (session);
  g_autoptr(GPtrArray) list = jz_store_draft_list (store, NULL, error);
  g_autoptr(JsonArray) out = json_array_new ();

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      JsonObject *draft = g_ptr_array_index (list, i);
      JsonObject *body = NULL;
      JsonObject *values = NULL;
      JsonObject *o = json_object_new ();
      const char *name = NULL;
      const char *person_id = NULL;
      g_autoptr(JsonObject) person = NULL;

      if (json_object_has_member (draft, "body") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (draft, "body")))
        body = json_object_get_object_member (draft, "body");
      if (body != NULL && json_object_has_member (body, "values")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "values")))
        values = json_object_get_object_member (body, "values");
      if (values != NULL)
        name = jz_app_str (values, "name");
      if (body != NULL)
        person_id = jz_app_str (body, "person_id");
      if (person_id == NULL && values != NULL)
        person_id = jz_app_str (values, "person_id");
      if ((name == NULL || *name == '\0') && person_id != NULL)
        {
          person = jz_store_get (store, "person", person_id, NULL);
          if (person != NULL)
            name = jz_app_str (person, "name");
        }
      json_object_set_string_member (o, "id", jz_app_str (draft, "id"));
      json_object_set_string_member (o, "kind", jz_app_str (draft, "kind"));
      if (name != NULL && *name != '\0')
        json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "updated_at", jz_app_str (draft, "updated_at"));
      json_array_add_object_element (out, o);
    }
  return g_steal_pointer (&out);
}

/* A person's registration in force (else the latest one) on a landlord's
 * or employer's device: what its proof says unless the user changes it. */
static gboolean
proof_defaults (JzStore     *store,
                JzDivisions *divisions,
                gboolean     landlord,
                const char  *person_id,
                JsonObject  *out,
                GError     **error)
{
  g_autoptr(GPtrArray) regs = jz_store_list (store, "registration", "person_id", person_id, 50, error);
  JsonObject *chosen = NULL;

  if (regs == NULL)
    return FALSE;
  for (guint i = 0; i < regs->len; i++)
    {
      JsonObject *r = regs->pdata[i];

      if (chosen == NULL || g_strcmp0 (jz_app_str (r, "status"), "active") == 0 ||
          (g_strcmp0 (jz_app_str (chosen, "status"), "active") != 0 &&
           g_strcmp0 (jz_app_str (r, "registered_on"), jz_app_str (chosen, "registered_on")) > 0))
        chosen = r;
    }
  if (chosen == NULL)
    return TRUE;
  if (landlord)
    {
      g_autofree char *address = jz_app_address_text (divisions, chosen);

      json_object_set_string_member (out, "place", address);
    }
  else if (jz_app_str (chosen, "employer_name") != NULL)
    json_object_set_string_member (out, "place", jz_app_str (chosen, "employer_name"));
  if (jz_app_str (chosen, "arrival_date") != NULL)
    json_object_set_string_member (out, "from", jz_app_str (chosen, "arrival_date"));
  return TRUE;
}

static gpointer
overview_in_thread (JzSession     *session,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  JzStore *store = jz_session_get_store (session);
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) due = NULL;
  g_autoptr(JsonArray) drafts = NULL;
  static const char *meta[] = { "sync_server", "sync_user", "sync_last" };
  static const char *members[] = { "server", "user", "last_sync" };
  GDate today;
  char today_text[16];
  gint64 n;

  jz_session_get_today (session, &today);
  g_date_strftime (today_text, sizeof today_text, "%Y-%m-%d", &today);
  json_object_set_string_member (out, "today", today_text);

  due = jz_registry_due (jz_session_get_registry (session), &today, error);
  if (due == NULL)
    return NULL;
  json_object_set_array_member (out, "due", json_array_ref (due));

  if ((n = jz_store_outbox_pending (store, error)) < 0)
    return NULL;
  json_object_set_int_member (out, "pending", n);
  if ((n = jz_store_count (store, "person", error)) < 0)
    return NULL;
  json_object_set_int_member (out, "persons", n);
  if ((rejected = jz_store_rejected_list (store, error)) == NULL)
    return NULL;
  json_object_set_int_member (out, "rejected", rejected->len);
  if ((conflicts = jz_store_conflicts (store, NULL, error)) == NULL)
    return NULL;
  for (guint i = 0; i < conflicts->len; i++)
    g_hash_table_add (records, (gpointer) jz_app_str (g_ptr_array_index (conflicts, i), "record"));
  json_object_set_int_member (out, "conflicts", g_hash_table_size (records));
  /* the county office merges persons recorded twice (the first to look at) */
  if (g_strcmp0 (jz_session_get_role (session), "county") == 0)
    {
      g_autoptr(GPtrArray) twice = jz_store_list_duplicates (store, 0, error);

      if (twice == NULL)
        return NULL;
      /* and reports the county's month, when the window asks for it */
      if (data != NULL)
      {
        g_autofree char *month = g_strdup_printf ("%04u-%02u", g_date_get_year (&today), g_date_get_month (&today));
        JsonObject *report = jz_registry_report (jz_session_get_registry (session), month, &today, error);

        if (report == NULL)
          return NULL;
        json_object_set_object_member (out, "report", report);
      }
      json_object_set_int_member (out, "duplicates", twice->len);
      if (twice->len > 0)
        json_object_set_string_member (out, "duplicate",
                                       json_array_get_string_element (
                                         json_object_get_array_member (twice->pdata[0], "persons"), 0));
    }

  for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
    {
      g_autofree char *v = jz_store_get_meta (store, meta[i], NULL);

      if (v != NULL)
        json_object_set_string_member (out, members[i], v);
    }
  if ((drafts = drafts_in_thread (session, error)) == NULL)
    return NULL;
  json_object_set_array_member (out, "drafts", g_steal_pointer (&drafts));
  json_object_set_boolean_member (out, "enrolled",
                                  jz_sync_client_is_enrolled (jz_session_get_sync_client (session)));
  json_object_set_string_member (out, "role", jz_session_get_role (session));
  json_object_set_string_member (out, "profile", jz_profile_get_name (jz_session_get_profile (session)));
  if (g_strcmp0 (jz_session_get_role (session), "landlord") == 0
      || g_strcmp0 (jz_session_get_role (session), "employer") == 0)
    {
      /* A landlord's or employer's device holds the persons whose
       * registrations name it: each with what its proof says by default
       * (the home's address or the employer, and the arrival date). */
      g_autoptr(GPtrArray) persons = jz_store_list_range (store, "person", 0, 500, error);
      g_autoptr(JzDivisions) divisions = persons != NULL ? jz_app_load_divisions (store) : NULL;
      gboolean landlord = g_strcmp0 (jz_session_get_role (session), "landlord") == 0;
      JsonArray *mine = json_array_new ();

      if (persons == NULL)
        {
          json_array_unref (mine);
          return NULL;
        }
      for (guint i = 0; i < persons->len; i++)
        {
          JsonObject *p = g_ptr_array_index (persons, i);
          JsonObject *o = json_object_new ();
          g_autofree char *masked = jz_id_number_mask (jz_app_str (p, "id_number") ?: "");

          json_object_set_string_member (o, "id", jz_app_str (p, "id"));
          json_object_set_string_member (o, "name", jz_app_str (p, "name") ?: "");
          json_object_set_string_member (o, "masked", masked ? masked : "");
          if (!proof_defaults (store, divisions, landlord, jz_app_str (p, "id"), o, error))
            {
              json_object_unref (o);
              json_array_unref (mine);
              return NULL;
            }
          json_array_add_object_element (mine, o);
        }
      json_object_set_array_member (out, "mine", mine);
    }
  return g_steal_pointer (&out);
}

static void
overview_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) overview = jz_session_run_finish (JZ_SESSION (source), result, &error);
  gboolean first = self->overview == NULL;

  if (overview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        jz_window_add_toast (self, error->message);
      return;
    }

  /* the month's figures are counted now and then (_jz_window_refresh);
   * between two countings Today shows the last */
  if (json_object_has_member (overview, "report"))
    {
      self->report_at = g_get_monotonic_time ();
      self->report_stale = FALSE;
    }
  else if (self->overview != NULL && json_object_has_member (self->overview, "report"))
    json_object_set_object_member (overview, "report",
                                   json_object_ref (json_object_get_object_member (self->overview, "report")));
  g_clear_pointer (&self->overview, json_object_unref);
  self->overview = json_object_ref (overview);
  self->overview_serial++;

  jz_home_page_set_overview (self->home_page, self->session, overview);
  jz_sync_page_set_overview (self->sync_page, overview, self->first_run);
  _jz_window_set_badge (self, "conflicts", jz_app_int (overview, "conflicts"));
  _jz_window_set_badge (self, "attention", jz_app_int (overview, "rejected"));
  _jz_window_set_badge (self, "sync", jz_app_int (overview, "pending"));
  /* Landlords and employers see Conflicts only when there are some. */
  gtk_widget_set_visible (GTK_WIDGET (gtk_list_box_get_row_at_index (self->sidebar_list, 2)),
                          !_jz_window_landlord_mode (self) || jz_app_int (overview, "conflicts") > 0);
  _jz_window_update_status (self);

  if (first && self->first_run && !jz_app_int (overview, "enrolled"))
    _jz_window_show_page (self, "sync", TRUE);
  if (first)
    _jz_window_schedule_sync (self);
}

/* The county office's month in figures reads every application and permit
 * of the county (1.5 s at 100 000 persons, docs/performance.md): counted
 * when Today first shows and after a sync brought records; after the
 * clerk's own saves at most once a minute, not at every save. */
#define REPORT_EVERY_US (60 * G_USEC_PER_SEC)

void
_jz_window_refresh (JzWindow *self)
{
  gboolean report;

  if (self->session == NULL)
    return;
  report = g_strcmp0 (jz_session_get_role (self->session), "county") == 0 &&
           (self->report_at == 0 || self->report_stale ||
            g_get_monotonic_time () - self->report_at > REPORT_EVERY_US);
  /* the data is only a flag: no copy, nothing to free */
  jz_session_run_async (self->session, overview_in_thread, report ? GINT_TO_POINTER (1) : NULL, NULL,
                        (GDestroyNotify) json_object_unref, self->cancellable,
                        overview_read, g_object_ref (self));
}
