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

/* A line of the review or the certificate; empty values are left out. */
static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *value)
{
  if (value != NULL && *value != '\0')
    gtk_widget_add_css_class (jz_form_add_row (group, rows, title, value), "property");
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
  JzCodes *codes = jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self)));
  g_autofree char *ethnicity = jz_form_code_label (codes, "ethnicity", json_object_get_string_member_with_default (v, "ethnicity", NULL));
  g_autofree char *hukou = division_text (self, json_object_get_string_member_with_default (v, "hukou_division", NULL));
  g_autofree char *residence = division_text (self, json_object_get_string_member_with_default (v, "residence_division", NULL));
  g_autofree char *reason = jz_form_code_label (codes, "inflow_reason", json_object_get_string_member_with_default (v, "reason", NULL));
  g_autofree char *housing = jz_form_code_label (codes, "housing_type", json_object_get_string_member_with_default (v, "housing_type", NULL));
  AdwPreferencesGroup *g = self->review_group;
  GPtrArray *rows = self->review_rows;

  jz_form_clear_rows (g, rows);
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
  add_row (g, rows, _("Landlord's ID number or credit code"),
           json_object_get_string_member_with_default (v, "landlord_identity", NULL));
  add_row (g, rows, _("Employer"), json_object_get_string_member_with_default (v, "employer_name", NULL));
  add_row (g, rows, _("Employer's credit code or ID number"),
           json_object_get_string_member_with_default (v, "employer_identity", NULL));
  add_row (g, rows, _("School"), json_object_get_string_member_with_default (v, "school_name", NULL));
  add_row (g, rows, _("Phone"), json_object_get_string_member_with_default (v, "phone", NULL));
  add_row (g, rows, _("Portrait photo"), self->portrait_sha ? _("Added") : _("None"));
}

static void
fill_certificate (JzDeclarationFlow *self,
                  JsonObject        *values,
                  JsonObject        *result)
{
  JzCodes *codes = jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self)));
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
  jz_form_clear_rows (g, rows);
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
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  if (answer == NULL)
    {
      jz_form_ask_to_set_date (GTK_WIDGET (self), error);
      if (g_error_matches (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID) ||
          g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID))
        jz_form_flow_show_problems (JZ_FORM_FLOW (self), error, self->review_error);
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
  jz_form_flow_delete_draft (JZ_FORM_FLOW (self));
  jz_form_flow_show_step (JZ_FORM_FLOW (self), "certificate");
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
}

void
_jz_declaration_save (JzDeclarationFlow *self)
{
  jz_form_flow_clear_problems (JZ_FORM_FLOW (self));
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  jz_session_run_async (jz_form_flow_get_session (JZ_FORM_FLOW (self)), declare_in_thread, _jz_declaration_collect_values (self),
                        (GDestroyNotify) json_object_unref, (GDestroyNotify) json_object_unref,
                        jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), declared_cb, g_object_ref (self));
}
