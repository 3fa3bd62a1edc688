/* jz-declaration-save.c — the declaration reviewed, the core's problems put
 * back on their fields, saved, and its certificate shown
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jz-camera.h"
#include "jz-date.h"
#include "jz-declaration-flow-private.h"
#include "jz-division-group.h"
#include "jz-form-util.h"
#include "jz-print.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-picker-row.h"
#include "jz-store-draft.h"
#include "jz-uuid.h"

/* ---- review and the certificate ---- */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static char *
division_text (JzDeclarationFlow *self,
               const char        *code)
{
  g_autofree char *name = NULL;

  if (code == NULL)
    return NULL;
  if (self->divisions != NULL)
    name = jz_divisions_full_name (self->divisions, code);
  return name ? g_strdup_printf ("%s (%s)", name, code) : g_strdup (code);
}

void
_jz_declaration_fill_review (JzDeclarationFlow *self)
{
  g_autoptr(JsonObject) v = _jz_declaration_collect_values (self);
  JzCodes *codes = jz_session_get_codes (self->session);
  g_autofree char *ethnicity = jz_form_code_label (codes, "ethnicity", json_object_get_string_member_with_default (v, "ethnicity", NULL));
  g_autofree char *hukou = division_text (self, json_object_get_string_member_with_default (v, "hukou_division", NULL));
  g_autofree char *residence = division_text (self, json_object_get_string_member_with_default (v, "residence_division", NULL));
  g_autofree char *reason = jz_form_code_label (codes, "inflow_reason", json_object_get_string_member_with_default (v, "reason", NULL));
  g_autofree char *housing = jz_form_code_label (codes, "housing_type", json_object_get_string_member_with_default (v, "housing_type", NULL));
  AdwPreferencesGroup *g = self->review_group;
  GPtrArray *rows = self->review_rows;

  clear_rows (g, rows);
  add_row (g, rows, _("ID number"), json_object_get_string_member_with_default (v, "id_number", NULL));
  add_row (g, rows, _("Birth date and sex"), adw_action_row_get_subtitle (self->derived_row));
  add_row (g, rows, _("Name"), json_object_get_string_member_with_default (v, "name", NULL));
  add_row (g, rows, _("Ethnicity"), ethnicity);
  add_row (g, rows, _("Hukou place"), hukou);
  add_row (g, rows, _("Hukou address"), json_object_get_string_member_with_default (v, "hukou_address", NULL));
  add_row (g, rows, _("Residence place"), residence);
  add_row (g, rows, _("Committee"), json_object_get_string_member_with_default (v, "committee", NULL));
  add_row (g, rows, _("Address"), json_object_get_string_member_with_default (v, "residence_address", NULL));
  add_row (g, rows, _("Arrival date"), json_object_get_string_member_with_default (v, "arrival_date", NULL));
  add_row (g, rows, _("Reason for coming"), reason);
  add_row (g, rows, _("Housing"), housing);
  add_row (g, rows, _("Landlord"), json_object_get_string_member_with_default (v, "landlord_name", NULL));
  add_row (g, rows, _("Landlord's phone"), json_object_get_string_member_with_default (v, "landlord_phone", NULL));
  add_row (g, rows, _("Employer"), json_object_get_string_member_with_default (v, "employer_name", NULL));
  add_row (g, rows, _("School"), json_object_get_string_member_with_default (v, "school_name", NULL));
  add_row (g, rows, _("Phone"), json_object_get_string_member_with_default (v, "phone", NULL));
  add_row (g, rows, _("Portrait photo"), self->portrait_sha ? _("Added") : _("None"));
}

static void
fill_certificate (JzDeclarationFlow *self,
                  JsonObject        *values,
                  JsonObject        *result)
{
  JzCodes *codes = jz_session_get_codes (self->session);
  g_autofree char *masked = jz_id_number_mask (json_object_get_string_member_with_default (values, "id_number", ""));
  g_autofree char *residence = division_text (self, json_object_get_string_member_with_default (values, "residence_division", NULL));
  g_autofree char *address = g_strdup_printf ("%s %s", residence ? residence : "",
                                              json_object_get_string_member_with_default (values, "residence_address", ""));
  g_autofree char *reason = jz_form_code_label (codes, "inflow_reason", json_object_get_string_member_with_default (values, "reason", NULL));
  g_autofree char *registered = NULL;
  AdwPreferencesGroup *g = self->certificate_group;
  GPtrArray *rows = self->certificate_rows;
  GDate t;

  _jz_declaration_today (self, &t);
  registered = jz_date_format (&t);
  clear_rows (g, rows);
  add_row (g, rows, _("Certificate number"), json_object_get_string_member_with_default (result, "certificate_no", NULL));
  add_row (g, rows, _("Name"), json_object_get_string_member_with_default (values, "name", NULL));
  add_row (g, rows, _("ID number"), masked);
  add_row (g, rows, _("Address"), address);
  add_row (g, rows, _("Committee"), json_object_get_string_member_with_default (values, "committee", NULL));
  add_row (g, rows, _("Reason for coming"), reason);
  add_row (g, rows, _("Arrival date"), json_object_get_string_member_with_default (values, "arrival_date", NULL));
  add_row (g, rows, _("Registration date"), registered);
}

/* ---- saving the declaration ---- */

static gpointer
declare_in_thread (JzSession     *session,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  GDate t;

  jz_session_get_today (session, &t);
  return jz_registry_declare (jz_session_get_registry (session), data, &t,
                              jz_session_get_author (session), error);
}

static gpointer
delete_draft_in_thread (JzSession     *session,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  if (!jz_store_draft_delete (jz_session_get_store (session), data, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
draft_deleted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A draft left behind is listed and can be discarded later: no alarm. */
  if (!jz_session_run_finish (JZ_SESSION (source), result, &error))
    g_debug ("draft not deleted: %s", error->message);
}

void
_jz_declaration_delete_draft (JzDeclarationFlow *self)
{
  if (self->draft_id == NULL)
    return;
  jz_session_run_async (self->session, delete_draft_in_thread, g_strdup (self->draft_id), g_free,
                        NULL, NULL, draft_deleted_cb, g_object_ref (self));
}

static void
declared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autoptr(JsonObject) values = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _jz_declaration_set_busy (self, FALSE);
  if (answer == NULL)
    {
      jz_form_ask_to_set_date (GTK_WIDGET (self), error);
      if (g_error_matches (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID) ||
          g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID))
        _jz_declaration_show_problems (self, error);
      else
        {
          g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

          jz_form_show_error (self->review_error, text);
        }
      return;
    }

  values = _jz_declaration_collect_values (self);
  g_free (self->registration_id);
  self->registration_id = g_strdup (json_object_get_string_member_with_default (answer, "registration_id", NULL));
  fill_certificate (self, values, answer);
  _jz_declaration_delete_draft (self);
  gtk_stack_set_visible_child_name (self->stack, "certificate");
  _jz_declaration_update_actions (self);
}

void
_jz_declaration_save (JzDeclarationFlow *self)
{
  _jz_declaration_clear_problems (self);
  _jz_declaration_set_busy (self, TRUE);
  jz_session_run_async (self->session, declare_in_thread, _jz_declaration_collect_values (self),
                        (GDestroyNotify) json_object_unref, (GDestroyNotify) json_object_unref,
                        self->cancellable, declared_cb, g_object_ref (self));
}
