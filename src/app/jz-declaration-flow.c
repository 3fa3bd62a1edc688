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

static const char * const steps[] = {
  "person", "hukou", "residence", "housing", "photo", "review", "certificate",
};
#define N_INPUT_STEPS 6   /* the certificate is not a step to fill in */

/* Which step and row a field of the core's messages belongs to. */
static const struct {
  const char *field;
  const char *step;
  const char *rtype;
} field_steps[] = {
  { "id_number", "person", "person" },
  { "name", "person", "person" },
  { "sex", "person", "person" },
  { "birth_date", "person", "person" },
  { "ethnicity", "person", "person" },
  { "hukou_division", "hukou", "person" },
  { "hukou_address", "hukou", "person" },
  { "residence_division", "residence", "registration" },
  { "committee", "residence", "registration" },
  { "residence_address", "residence", "registration" },
  { "arrival_date", "residence", "registration" },
  { "registered_on", "residence", "registration" },
  { "reason", "housing", "registration" },
  { "housing_type", "housing", "registration" },
  { "landlord_name", "housing", "registration" },
  { "landlord_phone", "housing", "registration" },
  { "employer_name", "housing", "registration" },
  { "school_name", "housing", "registration" },
  { "phone", "housing", "person" },
  { "portrait", "photo", "person" },
};

static int
step_index (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i], step) == 0)
      return (int) i;
  return -1;
}

const char *
jz_declaration_flow_get_step (JzDeclarationFlow *self)
{
  g_return_val_if_fail (JZ_IS_DECLARATION_FLOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
jz_declaration_flow_get_draft_id (JzDeclarationFlow *self)
{
  g_return_val_if_fail (JZ_IS_DECLARATION_FLOW (self), NULL);
  return self->draft_id;
}

gboolean
jz_declaration_flow_get_busy (JzDeclarationFlow *self)
{
  g_return_val_if_fail (JZ_IS_DECLARATION_FLOW (self), FALSE);
  return self->busy > 0;
}

static GtkLabel *
step_error_label (JzDeclarationFlow *self,
                  const char        *step)
{
  if (g_strcmp0 (step, "person") == 0)
    return self->person_error;
  if (g_strcmp0 (step, "hukou") == 0)
    return self->hukou_error;
  if (g_strcmp0 (step, "residence") == 0)
    return self->residence_error;
  if (g_strcmp0 (step, "housing") == 0)
    return self->housing_error;
  if (g_strcmp0 (step, "photo") == 0)
    return self->photo_error;
  return self->review_error;
}

static GtkWidget *
field_row (JzDeclarationFlow *self,
           const char        *field)
{
  static const struct { const char *field; gsize offset; } rows[] = {
    { "id_number", G_STRUCT_OFFSET (JzDeclarationFlow, id_row) },
    { "birth_date", G_STRUCT_OFFSET (JzDeclarationFlow, id_row) },
    { "sex", G_STRUCT_OFFSET (JzDeclarationFlow, id_row) },
    { "name", G_STRUCT_OFFSET (JzDeclarationFlow, name_row) },
    { "ethnicity", G_STRUCT_OFFSET (JzDeclarationFlow, ethnicity_row) },
    { "hukou_address", G_STRUCT_OFFSET (JzDeclarationFlow, hukou_address_row) },
    { "committee", G_STRUCT_OFFSET (JzDeclarationFlow, committee_row) },
    { "residence_address", G_STRUCT_OFFSET (JzDeclarationFlow, residence_address_row) },
    { "arrival_date", G_STRUCT_OFFSET (JzDeclarationFlow, arrival_row) },
    { "reason", G_STRUCT_OFFSET (JzDeclarationFlow, reason_row) },
    { "housing_type", G_STRUCT_OFFSET (JzDeclarationFlow, housing_row) },
    { "landlord_name", G_STRUCT_OFFSET (JzDeclarationFlow, landlord_name_row) },
    { "landlord_phone", G_STRUCT_OFFSET (JzDeclarationFlow, landlord_phone_row) },
    { "employer_name", G_STRUCT_OFFSET (JzDeclarationFlow, employer_row) },
    { "school_name", G_STRUCT_OFFSET (JzDeclarationFlow, school_row) },
    { "phone", G_STRUCT_OFFSET (JzDeclarationFlow, phone_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (rows[i].field, field))
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);
  return NULL;
}

void
_jz_declaration_today (JzDeclarationFlow *self,
                       GDate             *out)
{
  jz_session_get_today (self->session, out);
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

static const char *
combo_code (AdwComboRow *row,
            GPtrArray   *codes)
{
  guint i = adw_combo_row_get_selected (row);

  return i > 0 && i < codes->len ? codes->pdata[i] : NULL;
}

static void
combo_set_code (AdwComboRow *row,
                GPtrArray   *codes,
                const char  *code)
{
  for (guint i = 1; code != NULL && i < codes->len; i++)
    if (g_str_equal (codes->pdata[i], code))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  adw_combo_row_set_selected (row, 0);
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
  const char *housing = combo_code (self->housing_row, self->housing_codes);

  put_text (o, "id_number", self->id_row);
  put_text (o, "name", self->name_row);
  put_string (o, "ethnicity", jz_picker_row_get_selected_code (self->ethnicity_row));
  put_string (o, "hukou_division", jz_division_group_get_code (self->hukou_group));
  put_text (o, "hukou_address", self->hukou_address_row);
  put_string (o, "residence_division", jz_division_group_get_code (self->residence_group));
  put_text (o, "committee", self->committee_row);
  put_text (o, "residence_address", self->residence_address_row);
  put_text (o, "arrival_date", self->arrival_row);
  put_string (o, "reason", combo_code (self->reason_row, self->reason_codes));
  put_string (o, "housing_type", housing);
  if (g_strcmp0 (housing, "rented") == 0)
    {
      put_text (o, "landlord_name", self->landlord_name_row);
      put_text (o, "landlord_phone", self->landlord_phone_row);
    }
  if (g_strcmp0 (housing, "employer_dorm") == 0)
    put_text (o, "employer_name", self->employer_row);
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
  combo_set_code (self->reason_row, self->reason_codes,
                  json_object_get_string_member_with_default (o, "reason", NULL));
  combo_set_code (self->housing_row, self->housing_codes,
                  json_object_get_string_member_with_default (o, "housing_type", NULL));
  set_text (self->landlord_name_row, o, "landlord_name");
  set_text (self->landlord_phone_row, o, "landlord_phone");
  set_text (self->employer_row, o, "employer_name");
  set_text (self->school_row, o, "school_name");
  set_text (self->phone_row, o, "phone");
  g_free (self->portrait_sha);
  self->portrait_sha = g_strdup (json_object_get_string_member_with_default (o, "portrait", NULL));
  if (self->portrait_sha != NULL)
    _jz_declaration_load_portrait (self);
}

/* ---- what each step needs before "Next" ---- */

static gboolean
date_ok (AdwEntryRow *row,
         const GDate *not_after)
{
  GDate d;

  return jz_date_parse (gtk_editable_get_text (GTK_EDITABLE (row)), &d, NULL) &&
         jz_date_compare (&d, not_after) <= 0;
}

static gboolean
filled (AdwEntryRow *row)
{
  g_autofree char *text = jz_form_text (row);

  return text != NULL;
}

static gboolean
step_ready (JzDeclarationFlow *self,
            const char        *step)
{
  GDate t;

  _jz_declaration_today (self, &t);
  if (g_str_equal (step, "person"))
    {
      JzIdInfo info;

      return parse_id (self, &info, NULL) && filled (self->name_row);
    }
  if (g_str_equal (step, "residence"))
    return jz_division_group_get_code (self->residence_group) != NULL &&
           filled (self->residence_address_row) && date_ok (self->arrival_row, &t);
  if (g_str_equal (step, "housing"))
    {
      const char *housing = combo_code (self->housing_row, self->housing_codes);

      if (combo_code (self->reason_row, self->reason_codes) == NULL)
        return FALSE;
      if (g_strcmp0 (housing, "rented") == 0)
        return filled (self->landlord_name_row);
      if (g_strcmp0 (housing, "employer_dorm") == 0)
        return filled (self->employer_row);
      if (g_strcmp0 (housing, "school_dorm") == 0)
        return filled (self->school_row);
    }
  return TRUE;
}

void
_jz_declaration_update_actions (JzDeclarationFlow *self)
{
  const char *step = jz_declaration_flow_get_step (self);
  int index = step_index (step);
  gboolean done = g_strcmp0 (step, "certificate") == 0;
  g_autofree char *counter = NULL;
  const char *page_title;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.next", !self->busy && step_ready (self, step));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.back", !self->busy && index > 0 && !done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.cancel", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.discard", !self->busy && !done);

  if (g_strcmp0 (step, "review") == 0)
    gtk_button_set_label (self->next_button, _("_Save"));
  else if (done)
    gtk_button_set_label (self->next_button, _("_Done"));
  else
    gtk_button_set_label (self->next_button, _("_Next"));

  page_title = gtk_stack_page_get_title (gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack)));
  /* Translators: "Who is declaring · step 1 of 6" */
  counter = done ? g_strdup (page_title)
                 : g_strdup_printf (_("%s · step %d of %d"), page_title, index + 1, N_INPUT_STEPS);
  adw_window_title_set_subtitle (self->title, counter);
}

void
_jz_declaration_set_busy (JzDeclarationFlow *self,
                          gboolean           busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  _jz_declaration_update_actions (self);
}

static void
on_changed (JzDeclarationFlow *self)
{
  _jz_declaration_update_actions (self);
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
      g_autofree char *sex = jz_form_code_label (jz_session_get_codes (self->session), "sex",
                                                 jz_sex_to_code (info.sex));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", birth, sex);

      adw_action_row_set_subtitle (self->derived_row, subtitle);
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
      jz_form_show_error (self->person_error, NULL);
    }
  else
    {
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
  _jz_declaration_update_actions (self);
}

static void
on_housing_changed (JzDeclarationFlow *self)
{
  const char *housing = combo_code (self->housing_row, self->housing_codes);

  gtk_widget_set_visible (GTK_WIDGET (self->landlord_name_row), g_strcmp0 (housing, "rented") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->landlord_phone_row), g_strcmp0 (housing, "rented") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->employer_row), g_strcmp0 (housing, "employer_dorm") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->school_row), g_strcmp0 (housing, "school_dorm") == 0);
  _jz_declaration_update_actions (self);
}

/* ---- drafts ---- */

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be saved: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      jz_form_flow_emit_draft_failed (JZ_FORM_FLOW (self), text);
      return;
    }
  jz_form_flow_emit_draft_saved (JZ_FORM_FLOW (self), id);
}

static void
save_draft (JzDeclarationFlow *self)
{
  g_autoptr(JsonObject) body = json_object_new ();

  if (self->draft_id == NULL)
    self->draft_id = jz_uuid7_new (g_get_real_time () / 1000);
  json_object_set_string_member (body, "step", jz_declaration_flow_get_step (self));
  json_object_set_object_member (body, "values", _jz_declaration_collect_values (self));
  jz_form_save_draft_async (self->session, self->draft_id, DRAFT_KIND, g_steal_pointer (&body),
                            self->cancellable, draft_saved_cb, g_object_ref (self));
}

static gpointer
load_draft_in_thread (JzSession     *session,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return jz_store_draft_load (jz_session_get_store (session), data, NULL, error);
}

static void
draft_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = jz_session_run_finish (JZ_SESSION (source), result, &error);
  const char *step;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _jz_declaration_set_busy (self, FALSE);
  if (body == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be opened: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }
  if (json_object_has_member (body, "values") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "values")))
    apply_values (self, json_object_get_object_member (body, "values"));
  step = json_object_get_string_member_with_default (body, "step", "person");
  if (step_index (step) >= 0 && step_index (step) < N_INPUT_STEPS)
    gtk_stack_set_visible_child_name (self->stack, step);
  _jz_declaration_update_actions (self);
}


/* ---- problems from the core, back where they belong ---- */

static void
free_gstring (gpointer s)
{
  g_string_free (s, TRUE);
}

void
_jz_declaration_clear_problems (JzDeclarationFlow *self)
{
  for (guint i = 0; i < N_INPUT_STEPS; i++)
    if (!g_str_equal (steps[i], "person") || gtk_widget_get_visible (GTK_WIDGET (self->person_error)))
      jz_form_show_error (step_error_label (self, steps[i]), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (field_steps); i++)
    {
      GtkWidget *row = field_row (self, field_steps[i].field);

      if (row != NULL)
        gtk_widget_remove_css_class (row, "error");
    }
}

static const char *
field_label (const char *field,
             const char *rtype)
{
  const JzRecordType *type = jz_model_lookup (rtype);
  const JzFieldDef *def = type ? jz_record_type_field (type, field) : NULL;

  return def ? _(def->label) : field;
}

void
_jz_declaration_show_problems (JzDeclarationFlow *self,
                               const GError      *error)
{
  g_autoptr(GPtrArray) problems = jz_form_error_problems (error);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       free_gstring);
  const char *first_step = NULL;

  _jz_declaration_clear_problems (self);
  for (guint i = 0; i < problems->len; i++)
    {
      JzProblem *problem = g_ptr_array_index (problems, i);
      const char *field = problem->field;
      const char *step = "review";
      const char *label = NULL;
      GtkWidget *row = NULL;
      GString *s;

      for (guint k = 0; field != NULL && k < G_N_ELEMENTS (field_steps); k++)
        if (g_str_equal (field_steps[k].field, field))
          {
            step = field_steps[k].step;
            label = field_label (field, field_steps[k].rtype);
            row = field_row (self, field);
          }
      if (row != NULL)
        gtk_widget_add_css_class (row, "error");
      if (first_step == NULL || step_index (step) < step_index (first_step))
        first_step = step;

      s = g_hash_table_lookup (texts, step);
      if (s == NULL)
        g_hash_table_insert (texts, (gpointer) step, s = g_string_new (NULL));
      if (s->len > 0)
        g_string_append_c (s, '\n');
      {
        g_autofree char *shown = jz_form_problem_text (problem, label);

        g_string_append (s, shown);
      }
    }

  for (guint i = 0; i < N_INPUT_STEPS; i++)
    {
      GString *s = g_hash_table_lookup (texts, steps[i]);

      if (s != NULL)
        jz_form_show_error (step_error_label (self, steps[i]), s->str);
    }
  if (first_step != NULL)
    gtk_stack_set_visible_child_name (self->stack, first_step);
  _jz_declaration_update_actions (self);
}

/* ---- actions ---- */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  const char *step = jz_declaration_flow_get_step (self);
  int index = step_index (step);

  if (self->busy || !step_ready (self, step))
    return;
  if (g_str_equal (step, "certificate"))
    {
      jz_form_flow_emit_finished (JZ_FORM_FLOW (self), self->registration_id);
      return;
    }
  if (g_str_equal (step, "review"))
    {
      _jz_declaration_save (self);
      return;
    }

  if (!g_str_equal (step, "person") || !gtk_widget_get_visible (GTK_WIDGET (self->person_error)))
    jz_form_show_error (step_error_label (self, step), NULL);
  gtk_stack_set_visible_child_name (self->stack, steps[index + 1]);
  if (g_str_equal (steps[index + 1], "review"))
    _jz_declaration_fill_review (self);
  save_draft (self);
  _jz_declaration_update_actions (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  int index = step_index (jz_declaration_flow_get_step (self));

  if (index > 0)
    gtk_stack_set_visible_child_name (self->stack, steps[index - 1]);
  _jz_declaration_update_actions (self);
}

/**
 * jz_declaration_flow_keep_draft:
 *
 * Keeps what was typed since the last step as the draft (Close, leaving
 * through the sidebar, closing the window). Returns TRUE when a save
 * started: "draft-saved" or "draft-failed" follows; FALSE when there is
 * nothing to keep (nothing typed, or the declaration is done).
 */
gboolean
jz_declaration_flow_keep_draft (JzDeclarationFlow *self)
{
  g_return_val_if_fail (JZ_IS_DECLARATION_FLOW (self), FALSE);

  if (g_str_equal (jz_declaration_flow_get_step (self), "certificate") ||
      (self->draft_id == NULL && !filled (self->id_row) && !filled (self->name_row)))
    return FALSE;
  save_draft (self);
  return TRUE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);

  jz_declaration_flow_keep_draft (self);
  jz_form_flow_emit_cancelled (JZ_FORM_FLOW (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);

  _jz_declaration_delete_draft (self);
  jz_form_flow_emit_cancelled (JZ_FORM_FLOW (self));
}

/* ---- divisions, read from the store off the main thread ---- */

typedef struct
{
  JzDivisions *divisions;
  char        *committee_area;   /* the enrolled committee's division, or NULL */
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
  _jz_declaration_set_busy (self, FALSE);
  if (divisions == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The list of places could not be read (%s); type the division codes."),
                                               error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }
  g_set_object (&self->divisions, divisions);
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

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), JZ_TYPE_DECLARATION_FLOW);

  G_OBJECT_CLASS (jz_declaration_flow_parent_class)->dispose (object);
}

static void
jz_declaration_flow_finalize (GObject *object)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->divisions);
  g_clear_pointer (&self->reason_codes, g_ptr_array_unref);
  g_clear_pointer (&self->housing_codes, g_ptr_array_unref);
  g_clear_pointer (&self->review_rows, g_ptr_array_unref);
  g_clear_pointer (&self->certificate_rows, g_ptr_array_unref);
  g_clear_pointer (&self->draft_id, g_free);
  g_clear_pointer (&self->portrait_sha, g_free);
  g_clear_pointer (&self->registration_id, g_free);

  G_OBJECT_CLASS (jz_declaration_flow_parent_class)->finalize (object);
}

/* ---- the class ---- */

static gboolean
keep_draft_vfunc (JzFormFlow *flow)
{
  return jz_declaration_flow_keep_draft (JZ_DECLARATION_FLOW (flow));
}

static void
jz_declaration_flow_class_init (JzDeclarationFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_declaration_flow_dispose;
  object_class->finalize = jz_declaration_flow_finalize;
  JZ_FORM_FLOW_CLASS (klass)->keep_draft = keep_draft_vfunc;


  g_type_ensure (JZ_TYPE_PICKER_ROW);
  g_type_ensure (JZ_TYPE_DIVISION_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-declaration-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JzDeclarationFlow, name)
  BIND (header_bar);
  BIND (title);
  BIND (toast_overlay);
  BIND (stack);
  BIND (id_row);
  BIND (derived_row);
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
  BIND (employer_row);
  BIND (school_row);
  BIND (phone_row);
  BIND (housing_error);
  BIND (portrait);
  BIND (portrait_status);
  BIND (photo_error);
  BIND (review_group);
  BIND (review_error);
  BIND (certificate_group);
  BIND (next_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "flow.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "flow.print", "s", _jz_declaration_print_action);
  gtk_widget_class_install_action (widget_class, "flow.save-pdf", "s", _jz_declaration_print_action);
  gtk_widget_class_install_action (widget_class, "flow.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "flow.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "flow.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "flow.choose-portrait", NULL, _jz_declaration_choose_portrait_action);
  gtk_widget_class_install_action (widget_class, "flow.take-portrait", NULL, _jz_declaration_take_portrait_action);
  gtk_widget_class_install_action (widget_class, "flow.import-portrait", "s", _jz_declaration_import_portrait_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flow.cancel", NULL);
}

static void
focus_first_field (JzDeclarationFlow *self)
{
  if (g_str_equal (jz_declaration_flow_get_step (self), "person") && !filled (self->id_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->id_row));
}

static void
jz_declaration_flow_init (JzDeclarationFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jz_form_flow_set_header_bar (JZ_FORM_FLOW (self), self->header_bar);
  jz_form_add_step_keys (GTK_WIDGET (self));
  /* Opened from the keyboard (Ctrl+N), typing goes to the ID number. */
  g_signal_connect (self, "map", G_CALLBACK (focus_first_field), NULL);

  self->cancellable = g_cancellable_new ();
  self->review_rows = g_ptr_array_new ();
  self->certificate_rows = g_ptr_array_new ();

  jz_form_add_date_button (self->arrival_row);

  g_signal_connect_swapped (self->id_row, "changed", G_CALLBACK (on_id_changed), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->residence_address_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->arrival_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->landlord_name_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->employer_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->school_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->residence_group, "notify::code", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->reason_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->housing_row, "notify::selected", G_CALLBACK (on_housing_changed), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (on_changed), self);
}

/* The code tables are in memory (a resource): no disk on this thread. */
static void
fill_code_lists (JzDeclarationFlow *self)
{
  JzCodes *codes = jz_session_get_codes (self->session);
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

  self = g_object_new (JZ_TYPE_DECLARATION_FLOW, NULL);
  self->session = g_object_ref (session);
  fill_code_lists (self);

  _jz_declaration_set_busy (self, TRUE);
  jz_session_run_async (session, load_divisions_in_thread, NULL, NULL, loaded_divisions_free,
                        self->cancellable, divisions_loaded_cb, g_object_ref (self));
  _jz_declaration_update_actions (self);
  return GTK_WIDGET (self);
}

GtkWidget *
jz_declaration_flow_new_from_draft (JzSession  *session,
                                    const char *draft_id)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (jz_declaration_flow_new (session));

  g_return_val_if_fail (draft_id != NULL, GTK_WIDGET (self));

  self->draft_id = g_strdup (draft_id);
  _jz_declaration_set_busy (self, TRUE);
  jz_session_run_async (session, load_draft_in_thread, g_strdup (draft_id), g_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, draft_loaded_cb,
                        g_object_ref (self));
  return GTK_WIDGET (self);
}
