/* jz-person-page-merge.c — a person recorded twice, made one from the page
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On the county office's device the person page lists the other records
 * of the same ID number that two devices made before either knew of the
 * other; Merge… asks first, then jz_registry_merge_persons() runs on a
 * worker (the other record's registrations, applications and permits
 * move here). A record that was merged says into whom, and opens it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-form-util.h"
#include "jz-person-page-private.h"

/**
 * _jz_person_page_twins:
 *
 * On a worker: the other records of @person's ID number not merged, as
 * {id, name}; an empty array on a device that does not merge (only the
 * county office's does).
 */
JsonArray *
_jz_person_page_twins (JzSession   *session,
                       JsonObject  *person,
                       GError     **error)
{
  g_autoptr(GPtrArray) same = NULL;
  JsonArray *out = json_array_new ();
  const char *number = jz_app_str (person, "id_number");

  if (g_strcmp0 (jz_session_get_role (session), "county") != 0 || number == NULL ||
      jz_app_str (person, "merged_into") != NULL)
    return out;
  same = jz_store_list (jz_session_get_store (session), "person", "id_number", number, 20, error);
  if (same == NULL)
    {
      json_array_unref (out);
      return NULL;
    }
  for (guint i = 0; i < same->len; i++)
    {
      JsonObject *p = same->pdata[i];
      JsonObject *o;

      if (g_strcmp0 (jz_app_str (p, "id"), jz_app_str (person, "id")) == 0 || jz_app_str (p, "merged_into") != NULL)
        continue;
      o = json_object_new ();
      json_object_set_string_member (o, "id", jz_app_str (p, "id"));
      json_object_set_string_member (o, "name", jz_app_str (p, "name") ?: "");
      json_array_add_object_element (out, o);
    }
  return out;
}

/* A row for another record of the same person, with Merge… */
GtkWidget *
_jz_person_page_twin_row (JzPersonPage *self,
                          JsonObject   *twin)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Merge…"));
  g_autofree char *title = g_strdup_printf (_("Also recorded as “%s”"), jz_app_str (twin, "name") ?: "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The same ID number, from another device: merge that record into this one"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("edit-copy-symbolic"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, "merge");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "person.merge");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", jz_app_str (twin, "id"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* A record merged into another: where the person is now. */
GtkWidget *
_jz_person_page_merged_row (JsonObject *person)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Merged into another record of this person"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Its registrations, applications and permits are there"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-person");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", jz_app_str (person, "merged_into"));
  return row;
}

typedef struct
{
  JzPersonPage *self;
  char         *keep;
  char         *other;
} Merge;

static void
merge_free (gpointer data)
{
  Merge *m = data;

  g_clear_object (&m->self);
  g_free (m->keep);
  g_free (m->other);
  g_free (m);
}

static gpointer
merge_in_thread (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Merge *m = data;
  GDate today;

  jz_session_get_today (session, &today);
  return jz_registry_merge_persons (jz_session_get_registry (session), m->keep, m->other, &today,
                                    jz_session_get_author (session), error);
}

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(JzPersonPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = jz_session_run_finish (JZ_SESSION (source), result, &error);

  _jz_person_page_reload_or_refuse (self, out, _("Not merged"), error);
}

static void
merge_confirmed (gpointer data)
{
  Merge *m = data;
  Merge *run = g_new0 (Merge, 1);

  if (m->self->session == NULL)
    return;
  run->keep = g_strdup (m->keep);
  run->other = g_strdup (m->other);
  jz_session_run_async (m->self->session, merge_in_thread, run, merge_free,
                        (GDestroyNotify) json_object_unref, m->self->cancellable, merged_cb,
                        g_object_ref (m->self));
}

/* person.merge (s): the other record's id; it merges into this one. */
void
_jz_person_page_merge_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  JzPersonPage *self = JZ_PERSON_PAGE (widget);
  Merge *m;

  if (self->person_id == NULL)
    return;
  m = g_new0 (Merge, 1);
  m->self = g_object_ref (self);
  m->keep = g_strdup (self->person_id);
  m->other = g_strdup (g_variant_get_string (parameter, NULL));
  jz_form_confirm (widget, _("Merge the two records?"),
                   _("The other record's registrations, applications and permits move to this person, its "
                     "details fill what this one lacks, and it is no longer listed. Both keep their history. "
                     "Every device gets the merge."),
                   _("_Merge"), merge_confirmed, m, merge_free);
}
