/* jz-declaration-flow.c — 暂住登记, step by step, ending with the certificate
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each "Next" saves a draft (off the main thread), so closing the app in
 * the middle loses nothing. The declaration itself is jz_registry_declare
 * on a worker thread; the certificate is shown only once its commit has
 * returned. The core reports every problem at once, one line each starting
 * with the field; each line goes back to the step and row of that field.
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

#define DRAFT_KIND "declaration"

G_DEFINE_FINAL_TYPE (JzDeclarationFlow, jz_declaration_flow, JZ_TYPE_FORM_FLOW)

/* The certificate is shown once saved, not a step to fill in. */
static const JzFormStep steps[] = {
  { "person", "person_error", TRUE },
  { "hukou", "hukou_error", TRUE },
  { "residence", "residence_error", TRUE },
  { "housing", "housing_error", TRUE },
  { "photo", "photo_error", TRUE },
  { "review", "review_error", TRUE },
  { "certificate", NULL, FALSE },
};
#define N_INPUT_STEPS 6

/* Which step and row a field of the core's problems belongs to. */
static const JzFormField fields[] = {
  { "id_number", "person", "id_row", "person" },
  { "name", "person", "name_row", "person" },
  { "sex", "person", "id_row", "person" },
  { "birth_date", "person", "id_row", "person" },
  { "ethnicity", "person", "ethnicity_row", "person" },
  { "hukou_division", "hukou", NULL, "person" },
  { "hukou_address", "hukou", "hukou_address_row", "person" },
  { "residence_division", "residence", NULL, "registration" },
  { "committee", "residence", "committee_row", "registration" },
  { "residence_address", "residence", "residence_address_row", "registration" },
  { "arrival_date", "residence", "arrival_row", "registration" },
  { "registered_on", "residence", NULL, "registration" },
  { "reason", "housing", "reason_row", "registration" },
  { "housing_type", "housing", "housing_row", "registration" },
  { "landlord_name", "housing", "landlord_name_row", "registration" },
  { "landlord_phone", "housing", "landlord_phone_row", "registration" },
  { "landlord_identity", "housing", "landlord_identity_row", "registration" },
  { "employer_name", "housing", "employer_row", "registration" },
  { "employer_identity", "housing", "employer_identity_row", "registration" },
  { "school_name", "housing", "school_row", "registration" },
  { "phone", "housing", "phone_row", "person" },
  { "portrait", "photo", NULL, "person" },
};

void
_jz_declaration_today (JzDeclarationFlow *self,
                       GDate             *out)
{
  jz_session_get_today (jz_form_flow_get_session (JZ_FORM_FLOW (self)), out);
}

/* ---- reading the form ---- */

static gboolean
parse_id (JzDeclarationFlow  *self,
          JzIdInfo           *info,
          GError            **error)
{
  GDate t;

  _jz_declaration_today (self, &t);
  return jz_id_number_parse (gtk_editable_get_text (GTK_EDITABLE (self->id_row)), &t, info, error);
}

static void
put_text (JsonObject  *o,
          const char  *key,
          AdwEntryRow *row)
{
  g_autofree char *text = jz_form_text (row);

  if (text != NULL)
    json_object_set_string_member (o, key, text);
}

static void
put_string (JsonObject *o,
            const char *key,
            const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (o, key, value);
}

/* The form as the input of jz_registry_declare (docs/cli.md's keys). */
JsonObject *
_jz_declaration_collect_values (JzDeclarationFlow *self)
{
  JsonObject *o = json_object_new ();
  const char *housing = jz_form_combo_code (self->housing_row, self->housing_codes);

  put_text (o, "id_number", self->id_row);
  put_text (o, "name", self->name_row);
  put_string (o, "ethnicity", jz_picker_row_get_selected_code (self->ethnicity_row));
  put_string (o, "hukou_division", jz_division_group_get_code (self->hukou_group));
  put_text (o, "hukou_address", self->hukou_address_row);
  put_string (o, "residence_division", jz_division_group_get_code (self->residence_group));
  put_text (o, "committee", self->committee_row);
  put_text (o, "residence_address", self->residence_address_row);
  put_text (o, "arrival_date", self->arrival_row);
  put_string (o, "reason", jz_form_combo_code (self->reason_row, self->reason_codes));
  put_string (o, "housing_type", housing);
  if (g_strcmp0 (housing, "rented") == 0)
    {
      put_text (o, "landlord_name", self->landlord_name_row);
      put_text (o, "landlord_phone", self->landlord_phone_row);
      put_text (o, "landlord_identity", self->landlord_identity_row);
    }
  if (g_strcmp0 (housing, "employer_dorm") == 0)
    {
      put_text (o, "employer_name", self->employer_row);
      put_text (o, "employer_identity", self->employer_identity_row);
    }
  if (g_strcmp0 (housing, "school_dorm") == 0)
    put_text (o, "school_name", self->school_row);
  put_text (o, "phone", self->phone_row);
  put_string (o, "portrait", self->portrait_sha);
  return o;
}

static void
set_text (AdwEntryRow *row,
          JsonObject  *o,
          const char  *key)
{
  const char *value = json_object_get_string_member_with_default (o, key, "");

  gtk_editable_set_text (GTK_EDITABLE (row), value);
}


static void
apply_values (JzDeclarationFlow *self,
              JsonObject        *o)
{
  set_text (self->id_row, o, "id_number");
  set_text (self->name_row, o, "name");
  jz_picker_row_set_selected_code (self->ethnicity_row,
                                   json_object_get_string_member_with_default (o, "ethnicity", NULL));
  jz_division_group_set_code (self->hukou_group,
                              json_object_get_string_member_with_default (o, "hukou_division", NULL));
  set_text (self->hukou_address_row, o, "hukou_address");
  jz_division_group_set_code (self->residence_group,
                              json_object_get_string_member_with_default (o, "residence_division", NULL));
  set_text (self->committee_row, o, "committee");
  set_text (self->residence_address_row, o, "residence_address");
  set_text (self->arrival_row, o, "arrival_date");
  jz_form_combo_set_code (self->reason_row, self->reason_codes,
                  json_object_get_string_member_with_default (o, "reason", NULL));
  jz_form_combo_set_code (self->housing_row, self->housing_codes,
                  json_object_get_string_member_with_default (o, "housing_type", NULL));
  set_text (self->landlord_name_row, o, "landlord_name");
  set_text (self->landlord_phone_row, o, "landlord_phone");
  set_text (self->landlord_identity_row, o, "landlord_identity");
  set_text (self->employer_row, o, "employer_name");
  set_text (self->employer_identity_row, o, "employer_identity");
  set_text (self->school_row, o, "school_name");
  set_text (self->phone_row, o, "phone");
  g_free (self->portrait_sha);
  self->portrait_sha = g_strdup (json_object_get_string_member_with_default (o, "portrait", NULL));
  if (self->portrait_sha != NULL)
    _jz_declaration_load_portrait (self);
}

/* ---- what each step needs before "Next" ---- */

static gboolean
step_ready (JzFormFlow  *flow,
            const char  *step,
            const char **why)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (flow);
  GDate t;

  _jz_declaration_today (self, &t);
  if (g_str_equal (step, "person"))
    {
      JzIdInfo info;

      if (!parse_id (self, &info, NULL))
        return jz_form_not_yet (why, _("Type the 18-character ID number to go on"));
      if (self->card_unchecked)
        return jz_form_not_yet (why, _("Compare the number and the name with the card, then press Checked"));
      if (!jz_form_filled (self->name_row))
        return jz_form_not_yet (why, _("Type the name to go on"));
      return TRUE;
    }
  if (g_str_equal (step, "residence"))
    {
      if (jz_division_group_get_code (self->residence_group) == NULL)
        return jz_form_not_yet (why, _("Choose where the person lives to go on"));
      if (!jz_form_filled (self->residence_address_row))
        return jz_form_not_yet (why, _("Type the address to go on"));
      if (!jz_form_date_ok (self->arrival_row, &t))
        return jz_form_not_yet (why, _("Give the arrival date (YYYY-MM-DD, not after today) to go on"));
      return TRUE;
    }
  if (g_str_equal (step, "housing"))
    {
      const char *housing = jz_form_combo_code (self->housing_row, self->housing_codes);

      if (jz_form_combo_code (self->reason_row, self->reason_codes) == NULL)
        return jz_form_not_yet (why, _("Choose the reason for moving to go on"));
      if (g_strcmp0 (housing, "rented") == 0 && !jz_form_filled (self->landlord_name_row))
        return jz_form_not_yet (why, _("Type the landlord's name to go on"));
      if (g_strcmp0 (housing, "employer_dorm") == 0 && !jz_form_filled (self->employer_row))
        return jz_form_not_yet (why, _("Type the employer's name to go on"));
      if (g_strcmp0 (housing, "school_dorm") == 0 && !jz_form_filled (self->school_row))
        return jz_form_not_yet (why, _("Type the school's name to go on"));
    }
  return TRUE;
}

static const char *
previous_step (JzFormFlow *flow,
               const char *step)
{
  int index = jz_form_flow_step_index (flow, step);

  return index > 0 && index < N_INPUT_STEPS ? steps[index - 1].name : NULL;
}

static const char *
next_label (JzFormFlow *flow,
            const char *step)
{
  if (g_strcmp0 (step, "review") == 0)
    return _("_Save");
  if (g_strcmp0 (step, "certificate") == 0)
    return _("_Done");
  return _("_Next");
}

static void
update (JzFormFlow *flow,
        const char *step)
{
  gboolean busy = jz_form_flow_get_busy (flow);

  gtk_widget_action_set_enabled (GTK_WIDGET (flow), "flow.discard",
                                 !busy && g_strcmp0 (step, "certificate") != 0);
  /* one card read at a time, and its answer not overtaken by another's */
  _jz_declaration_card_update (JZ_DECLARATION_FLOW (flow), busy);
}

/* ---- the ID number, checked as it is typed ---- */

static void
on_id_changed (JzDeclarationFlow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  g_autoptr(GError) error = NULL;
  JzIdInfo info;
  glong n = g_utf8_strlen (text, -1);

  if (parse_id (self, &info, &error))
    {
      g_autofree char *birth = jz_date_format (&info.birth_date);
      g_autofree char *sex = jz_form_code_label (jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self))), "sex",
                                                 jz_sex_to_code (info.sex));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", birth, sex);

      adw_action_row_set_subtitle (self->derived_row, subtitle);
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
      jz_form_show_error (self->person_error, NULL);
      if (self->known_person_id == NULL)
        _jz_declaration_look_up_known (self, text);
    }
  else
    {
      _jz_declaration_forget_known (self);
      /* While the number is still being typed, only wrong characters are
       * worth saying; the rest waits for the 18th character. */
      gboolean say = n >= 18 || g_error_matches (error, JZ_ID_ERROR, JZ_ID_ERROR_CHARACTERS) ||
                     (n >= 2 && g_error_matches (error, JZ_ID_ERROR, JZ_ID_ERROR_PROVINCE));
      g_autofree char *message = NULL;

      if (say && n > 0)
        {
          if (g_error_matches (error, JZ_ID_ERROR, JZ_ID_ERROR_CHECKSUM))
            message = g_strdup_printf (_("ID number: the last character does not fit the others (%s). "
                                         "Check each digit against the card."), error->message);
          else if (g_error_matches (error, JZ_ID_ERROR, JZ_ID_ERROR_PROVINCE))
            message = g_strdup_printf (_("ID number: the province part is wrong (%s)."), error->message);
          else if (g_error_matches (error, JZ_ID_ERROR, JZ_ID_ERROR_BIRTH_DATE) ||
                   g_error_matches (error, JZ_ID_ERROR, JZ_ID_ERROR_FUTURE_BIRTH))
            message = g_strdup_printf (_("ID number: the birth date part is wrong (%s)."), error->message);
          else
            message = g_strdup_printf (_("ID number: %s."), error->message);
        }
      adw_action_row_set_subtitle (self->derived_row, _("Filled in from the ID number"));
      if (message != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->id_row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
      jz_form_show_error (self->person_error, message);
    }
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
}

static void
on_housing_changed (JzDeclarationFlow *self)
{
  const char *housing = jz_form_combo_code (self->housing_row, self->housing_codes);

  gtk_widget_set_visible (GTK_WIDGET (self->landlord_name_row), g_strcmp0 (housing, "rented") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->landlord_phone_row), g_strcmp0 (housing, "rented") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->employer_row), g_strcmp0 (housing, "employer_dorm") == 0);
  /* a landlord's or employer's own device names itself (the core fills it in) */
  gtk_widget_set_visible (GTK_WIDGET (self->landlord_identity_row),
                          g_strcmp0 (housing, "rented") == 0 && !self->files_as_party);
  gtk_widget_set_visible (GTK_WIDGET (self->employer_identity_row),
                          g_strcmp0 (housing, "employer_dorm") == 0 && !self->files_as_party);
  gtk_widget_set_visible (GTK_WIDGET (self->school_row), g_strcmp0 (housing, "school_dorm") == 0);
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
}

/* ---- drafts ---- */

static void
collect (JzFormFlow *flow,
         JsonObject *draft)
{
  json_object_set_object_member (draft, "values", _jz_declaration_collect_values (JZ_DECLARATION_FLOW (flow)));
  /* read off a photo and not yet checked: still so when the draft is resumed */
  if (JZ_DECLARATION_FLOW (flow)->card_unchecked)
    json_object_set_boolean_member (draft, "card_unchecked", TRUE);
}

static void
apply (JzFormFlow *flow,
       JsonObject *draft)
{
  const char *step = json_object_get_string_member_with_default (draft, "step", "person");
  int index = jz_form_flow_step_index (flow, step);

  if (json_object_has_member (draft, "values") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (draft, "values")))
    apply_values (JZ_DECLARATION_FLOW (flow), json_object_get_object_member (draft, "values"));
  _jz_declaration_set_card_unchecked (JZ_DECLARATION_FLOW (flow),
                                      json_object_get_boolean_member_with_default (draft, "card_unchecked", FALSE));
  /* a reading not yet checked is checked on the first step before anything else */
  if (JZ_DECLARATION_FLOW (flow)->card_unchecked)
    step = "person", index = 0;
  if (index >= 0 && index < N_INPUT_STEPS)
    jz_form_flow_show_step (flow, step);
}

/* Nothing typed, or the declaration done: nothing to keep. */
static gboolean
worth_keeping (JzFormFlow *flow)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (flow);

  return g_strcmp0 (jz_form_flow_get_step (flow), "certificate") != 0 &&
         (jz_form_flow_get_draft_id (flow) != NULL || jz_form_filled (self->id_row) ||
          jz_form_filled (self->name_row));
}

/* ---- "Next" ---- */

static void
submit (JzFormFlow *flow,
        const char *step)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (flow);
  int index = jz_form_flow_step_index (flow, step);

  if (g_str_equal (step, "certificate"))
    {
      jz_form_flow_emit_finished (flow, self->registration_id);
      return;
    }
  if (g_str_equal (step, "review"))
    {
      _jz_declaration_save (self);
      return;
    }

  /* The ID number's own message stays while the number is wrong. */
  if (!g_str_equal (step, "person") || !gtk_widget_get_visible (GTK_WIDGET (self->person_error)))
    jz_form_show_error (jz_form_flow_get_error_label (flow, step), NULL);
  jz_form_flow_show_step (flow, steps[index + 1].name);
  if (g_str_equal (steps[index + 1].name, "review"))
    _jz_declaration_fill_review (self);
  jz_form_flow_save_draft (flow);
}

/* ---- divisions, read from the store off the main thread ---- */

typedef struct
{
  JzDivisions *divisions;
  char        *committee_area;   /* the enrolled committee's division, or NULL */
  gboolean     files_as_party;   /* a landlord or employer known by identity */
} LoadedDivisions;

static void
loaded_divisions_free (gpointer data)
{
  LoadedDivisions *loaded = data;

  g_clear_object (&loaded->divisions);
  g_free (loaded->committee_area);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadedDivisions, loaded_divisions_free)

static gpointer
load_divisions_in_thread (JzSession     *session,
                          gpointer       data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  JzStore *store = jz_session_get_store (session);
  g_autoptr(JzDivisions) divisions = jz_divisions_new (error);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *role = NULL;
  LoadedDivisions *loaded;

  if (divisions == NULL)
    return NULL;
  pairs = jz_store_list_divisions (store, error);
  if (pairs == NULL)
    return NULL;
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    jz_divisions_add (divisions, pairs->pdata[i], pairs->pdata[i + 1]);

  loaded = g_new0 (LoadedDivisions, 1);
  loaded->divisions = g_steal_pointer (&divisions);
  role = jz_store_get_meta (store, "sync_role", NULL);
  if (g_strcmp0 (role, "committee") == 0)
    loaded->committee_area = jz_store_get_meta (store, "sync_area", NULL);
  if (g_strcmp0 (role, "landlord") == 0 || g_strcmp0 (role, "employer") == 0)
    {
      g_autofree char *identity = jz_store_get_meta (store, "sync_identity", NULL);

      loaded->files_as_party = identity != NULL;
    }
  return loaded;
}

static void
divisions_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LoadedDivisions) loaded = jz_session_run_finish (JZ_SESSION (source), result, &error);
  JzDivisions *divisions = loaded ? loaded->divisions : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  if (divisions == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The list of places could not be read (%s); type the division codes."),
                                               error->message);

      jz_form_flow_toast (JZ_FORM_FLOW (self), text);
      return;
    }
  g_set_object (&self->divisions, divisions);
  self->files_as_party = loaded->files_as_party;
  on_housing_changed (self);
  jz_division_group_set_divisions (self->hukou_group, divisions);
  jz_division_group_set_divisions (self->residence_group, divisions);
  /* A committee's device declares people living in its committee. */
  if (loaded->committee_area != NULL && jz_division_group_get_code (self->residence_group) == NULL)
    jz_division_group_set_code (self->residence_group, loaded->committee_area);
}

/* ---- life cycle ---- */

static void
jz_declaration_flow_dispose (GObject *object)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (object);

  _jz_declaration_forget_known (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), JZ_TYPE_DECLARATION_FLOW);

  G_OBJECT_CLASS (jz_declaration_flow_parent_class)->dispose (object);
}

static void
jz_declaration_flow_finalize (GObject *object)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (object);

  g_clear_object (&self->divisions);
  g_clear_pointer (&self->reason_codes, g_ptr_array_unref);
  g_clear_pointer (&self->housing_codes, g_ptr_array_unref);
  g_clear_pointer (&self->review_rows, g_ptr_array_unref);
  g_clear_pointer (&self->certificate_rows, g_ptr_array_unref);
  g_clear_pointer (&self->portrait_sha, g_free);
  g_clear_pointer (&self->registration_id, g_free);

  G_OBJECT_CLASS (jz_declaration_flow_parent_class)->finalize (object);
}

/* ---- the class ---- */

static void
jz_declaration_flow_class_init (JzDeclarationFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  JzFormFlowClass *flow_class = JZ_FORM_FLOW_CLASS (klass);

  object_class->dispose = jz_declaration_flow_dispose;
  object_class->finalize = jz_declaration_flow_finalize;
  flow_class->collect = collect;
  flow_class->apply = apply;
  flow_class->step_ready = step_ready;
  flow_class->submit = submit;
  flow_class->previous = previous_step;
  flow_class->next_label = next_label;
  flow_class->worth_keeping = worth_keeping;
  flow_class->update = update;
  jz_form_flow_class_set_draft_kind (flow_class, "declaration");
  jz_form_flow_class_set_steps (flow_class, steps, G_N_ELEMENTS (steps));
  jz_form_flow_class_set_fields (flow_class, fields, G_N_ELEMENTS (fields));

  g_type_ensure (JZ_TYPE_PICKER_ROW);
  g_type_ensure (JZ_TYPE_DIVISION_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-declaration-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JzDeclarationFlow, name)
  BIND (card_row);
  BIND (card_check_row);
  BIND (id_row);
  BIND (derived_row);
  BIND (known_row);
  BIND (name_row);
  BIND (ethnicity_row);
  BIND (person_error);
  BIND (hukou_group);
  BIND (hukou_address_row);
  BIND (hukou_error);
  BIND (residence_group);
  BIND (committee_row);
  BIND (residence_address_row);
  BIND (arrival_row);
  BIND (residence_error);
  BIND (reason_row);
  BIND (housing_row);
  BIND (landlord_name_row);
  BIND (landlord_phone_row);
  BIND (landlord_identity_row);
  BIND (employer_row);
  BIND (employer_identity_row);
  BIND (school_row);
  BIND (phone_row);
  BIND (housing_error);
  BIND (portrait);
  BIND (portrait_status);
  BIND (photo_error);
  BIND (review_group);
  BIND (review_error);
  BIND (certificate_group);
#undef BIND
  jz_form_flow_class_bind_template_parts (widget_class);

  gtk_widget_class_install_action (widget_class, "flow.print", "s", _jz_declaration_print_action);
  gtk_widget_class_install_action (widget_class, "flow.save-pdf", "s", _jz_declaration_print_action);
  _jz_declaration_card_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "flow.choose-portrait", NULL, _jz_declaration_choose_portrait_action);
  gtk_widget_class_install_action (widget_class, "flow.take-portrait", NULL, _jz_declaration_take_portrait_action);
  gtk_widget_class_install_action (widget_class, "flow.import-portrait", "s", _jz_declaration_import_portrait_action);
  gtk_widget_class_install_action (widget_class, "flow.open-known", NULL, _jz_declaration_open_known_action);
}

static void
focus_first_field (JzDeclarationFlow *self)
{
  if (g_str_equal (jz_form_flow_get_step (JZ_FORM_FLOW (self)), "person") && !jz_form_filled (self->id_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->id_row));
}

static void
jz_declaration_flow_init (JzDeclarationFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Opened from the keyboard (Ctrl+N), typing goes to the ID number. */
  g_signal_connect (self, "map", G_CALLBACK (focus_first_field), NULL);

  self->review_rows = g_ptr_array_new ();
  self->certificate_rows = g_ptr_array_new ();

  jz_form_add_date_button (self->arrival_row);

  g_signal_connect_swapped (self->id_row, "changed", G_CALLBACK (on_id_changed), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->residence_address_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->arrival_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->landlord_name_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->employer_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->school_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->residence_group, "notify::code", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->reason_row, "notify::selected", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->housing_row, "notify::selected", G_CALLBACK (on_housing_changed), self);
}

/* The code tables are in memory (a resource): no disk on this thread. */
static void
fill_code_lists (JzDeclarationFlow *self)
{
  JzCodes *codes = jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self)));
  g_autoptr(GPtrArray) ethnicities = jz_codes_list (codes, "ethnicity");
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) reasons = NULL;
  g_autoptr(GtkStringList) housing = NULL;
  g_autoptr(GPtrArray) reason_codes = NULL;
  g_autoptr(GPtrArray) housing_codes = NULL;

  for (guint i = 0; ethnicities != NULL && i < ethnicities->len; i++)
    g_ptr_array_add (labels, jz_form_code_label (codes, "ethnicity", ethnicities->pdata[i]));
  if (ethnicities != NULL)
    jz_picker_row_set_items (self->ethnicity_row, ethnicities, labels);

  /* Position 0 of each combo is "not chosen yet". */
  reasons = jz_form_code_model (codes, "inflow_reason", &reason_codes);
  gtk_string_list_splice (reasons, 0, 0, (const char * const[]) { _("Choose…"), NULL });
  self->reason_codes = g_ptr_array_new ();
  g_ptr_array_add (self->reason_codes, NULL);
  g_ptr_array_extend (self->reason_codes, reason_codes, NULL, NULL);
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reasons));

  housing = jz_form_code_model (codes, "housing_type", &housing_codes);
  gtk_string_list_splice (housing, 0, 0, (const char * const[]) { _("Not said"), NULL });
  self->housing_codes = g_ptr_array_new ();
  g_ptr_array_add (self->housing_codes, NULL);
  g_ptr_array_extend (self->housing_codes, housing_codes, NULL, NULL);
  adw_combo_row_set_model (self->housing_row, G_LIST_MODEL (housing));
  on_housing_changed (self);
}

GtkWidget *
jz_declaration_flow_new (JzSession *session)
{
  JzDeclarationFlow *self;

  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);

  self = g_object_new (JZ_TYPE_DECLARATION_FLOW, "session", session, NULL);
  fill_code_lists (self);

  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  jz_session_run_async (session, load_divisions_in_thread, NULL, NULL, loaded_divisions_free,
                        jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), divisions_loaded_cb, g_object_ref (self));
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
  return GTK_WIDGET (self);
}

GtkWidget *
jz_declaration_flow_new_from_draft (JzSession  *session,
                                    const char *draft_id)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (jz_declaration_flow_new (session));

  g_return_val_if_fail (draft_id != NULL, GTK_WIDGET (self));

  jz_form_flow_load_draft (JZ_FORM_FLOW (self), draft_id);
  return GTK_WIDGET (self);
}
