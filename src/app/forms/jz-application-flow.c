/* jz-application-flow.c — 居住证申领 of any kind, from conditions to issuance
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every decision shown here is the rules engine's, each with its article:
 * the checklist is the engine's list of needs for this case (evaluated
 * once as if nothing were brought, for the whole list, and once with what
 * is stored, for what is still missing), never a list kept in the app.
 *
 * Each operation (apply, add pages, accept, …) runs on a worker thread and
 * comes back with the application re-read and re-evaluated, so what the
 * screen shows is always what the store holds.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jz-application-flow-private.h"
#include "jz-camera.h"
#include "jz-photo-viewer.h"
#include "jz-date.h"
#include "jz-form-util.h"
#include "jz-print.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-store-draft.h"
#include "jz-uuid.h"

G_DEFINE_FINAL_TYPE (JzApplicationFlow, jz_application_flow, JZ_TYPE_FORM_FLOW)

enum {
  SIGNAL_CHECKLIST_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "notice" is a side page of the checklist. */
static const JzFormStep steps[] = {
  { "apply", "apply_error", TRUE },
  { "checklist", "checklist_error", TRUE },
  { "notice", NULL, FALSE },
  { "accept", "accept_error", TRUE },
  { "accepted", "issue_error", TRUE },
  { "issued", NULL, TRUE },
};

/* Where the core's problems about a field are shown; fields of no step
 * are said where the operation was started. */
static const JzFormField fields[] = {
  { "kind", "apply", "kind_row", "application" },
  { "conditions", "apply", NULL, "application" },
  { "residence_since", "apply", "residence_since_row", "application" },
  { "moved_on", "apply", "moved_on_row", "application" },
  { "proxy_name", "apply", "proxy_name_row", "application" },
  { "proxy_id_number", "apply", "proxy_id_row", "application" },
  { "proxy_relation", "apply", "proxy_relation_row", "application" },
  { "accepted_on", "accept", "accepted_on_row", "application" },
  { "remote_area", "accept", NULL, "application" },
  { "extension_reason", NULL, "extension_reason_row", "application" },
  { "extension_channel", NULL, "extension_channel_row", "application" },
  { "extension_notified_on", NULL, "extension_date_row", "application" },
  { "issued_on", NULL, "issued_on_row", "application" },
};

const char *
jz_application_flow_get_application_id (JzApplicationFlow *self)
{
  g_return_val_if_fail (JZ_IS_APPLICATION_FLOW (self), NULL);
  return self->application_id;
}

const char *
_jz_application_status (JzApplicationFlow *self)
{
  return self->application ? json_object_get_string_member_with_default (self->application, "status", NULL) : NULL;
}

/* The county public security office issues permits (the server refuses
 * issuance from any other role): elsewhere the flow ends at acceptance. */
static gboolean
may_issue (JzApplicationFlow *self)
{
  return g_strcmp0 (jz_session_get_role (jz_form_flow_get_session (JZ_FORM_FLOW (self))), "county") == 0;
}

static gboolean
step_ready (JzFormFlow  *flow,
            const char  *step,
            const char **why)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (flow);
  GDate t;

  jz_session_get_today (jz_form_flow_get_session (JZ_FORM_FLOW (self)), &t);
  if (g_str_equal (step, "apply"))
    {
      if (self->person == NULL)
        return jz_form_not_yet (why, _("Choose the applicant to go on"));
      if (adw_expander_row_get_enable_expansion (self->proxy_expander) &&
          !(jz_form_filled (self->proxy_name_row) && jz_form_filled (self->proxy_id_row)))
        return jz_form_not_yet (why, _("Type the proxy's name and ID number to go on"));
      return TRUE;
    }
  if (g_str_equal (step, "checklist"))
    {
      if (!self->checklist_loaded)
        return jz_form_not_yet (why, NULL);
      if (g_strcmp0 (_jz_application_status (self), "submitted") != 0)
        return jz_form_not_yet (why, _("This application is no longer waiting for acceptance"));
      if (self->refusal != NULL)
        return jz_form_not_yet (why, _("The rules refuse acceptance: see above"));
      if (self->n_missing > 0)
        return jz_form_not_yet (why, _("Materials are missing: photograph them, or give the one-time notice"));
      return TRUE;
    }
  if (g_str_equal (step, "accept"))
    return jz_form_date_ok (self->accepted_on_row, &t) ||
           jz_form_not_yet (why, _("Give the acceptance date (YYYY-MM-DD, not after today)"));
  if (g_str_equal (step, "accepted"))
    {
      if (!may_issue (self))
        return TRUE;
      if (g_strcmp0 (_jz_application_status (self), "accepted") != 0)
        return jz_form_not_yet (why, _("The permit was already recorded"));
      return jz_form_date_ok (self->issued_on_row, &t) ||
             jz_form_not_yet (why, _("Give the issue date (YYYY-MM-DD, not after today)"));
    }
  return TRUE;
}

static const char *
previous_step (JzFormFlow *flow,
               const char *step)
{
  if (g_str_equal (step, "checklist"))
    return "apply";
  if (g_str_equal (step, "notice") || g_str_equal (step, "accept"))
    return "checklist";
  return NULL;
}

static const char *
next_label (JzFormFlow *flow,
            const char *step)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (flow);

  if (g_str_equal (step, "apply"))
    return self->application_id ? _("_Next") : _("_Record");
  if (g_str_equal (step, "checklist"))
    return _("_To acceptance");
  if (g_str_equal (step, "notice"))
    return _("_Next");
  if (g_str_equal (step, "accept"))
    return _("_Accept");
  if (g_str_equal (step, "accepted"))
    return may_issue (self) ? _("_Issue") : _("_Done");
  return _("_Done");
}

/* The application's own actions: the notice, the extension, the pages. */
static void
update (JzFormFlow *flow,
        const char *step)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (flow);
  /* one change of the pages at a time, on a recorded application */
  static const char *const page_actions[] = { "flow.choose-pages", "flow.add-pages", "flow.delete-page",
                                              "flow.take-pages", "flow.use-portrait", "flow.retake-page" };
  GtkWidget *widget = GTK_WIDGET (flow);
  gboolean idle = !jz_form_flow_get_busy (flow);
  gboolean recorded = idle && self->application_id != NULL;
  GDate t;

  jz_session_get_today (jz_form_flow_get_session (flow), &t);
  gtk_widget_action_set_enabled (widget, "flow.notice", recorded && self->n_missing > 0);
  gtk_widget_action_set_enabled (widget, "flow.extend",
                                 idle && g_strcmp0 (_jz_application_status (self), "accepted") == 0 &&
                                 jz_form_filled (self->extension_reason_row) &&
                                 jz_form_date_ok (self->extension_date_row, &t));
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_action_set_enabled (widget, page_actions[i], recorded);
}

/* Only an address change has a move date. */
static void
on_kind_changed (JzApplicationFlow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->moved_on_row),
                          g_strcmp0 (jz_form_combo_code (self->kind_row, self->kind_codes), "address_change") == 0);
}

/* ---- the form's values ---- */

static JsonObject *
collect_values (JzApplicationFlow *self)
{
  JsonObject *o = json_object_new ();
  JsonArray *conditions = json_array_new ();
  g_autofree char *since = jz_form_text (self->residence_since_row);

  if (self->person_id != NULL)
    json_object_set_string_member (o, "person_id", self->person_id);
  json_object_set_string_member (o, "kind", jz_form_combo_code (self->kind_row, self->kind_codes));
  if (gtk_check_button_get_active (self->employment_check))
    json_array_add_string_element (conditions, "employment");
  if (gtk_check_button_get_active (self->residence_check))
    json_array_add_string_element (conditions, "residence");
  if (gtk_check_button_get_active (self->study_check))
    json_array_add_string_element (conditions, "study");
  json_object_set_array_member (o, "conditions", conditions);
  if (since != NULL)
    json_object_set_string_member (o, "residence_since", since);
  /* an address change: the day of the move (三门峡 第十七条 counts from it) */
  if (g_strcmp0 (jz_form_combo_code (self->kind_row, self->kind_codes), "address_change") == 0)
    {
      g_autofree char *moved = jz_form_text (self->moved_on_row);

      if (moved != NULL)
        json_object_set_string_member (o, "moved_on", moved);
    }
  if (adw_expander_row_get_enable_expansion (self->proxy_expander))
    {
      g_autofree char *name = jz_form_text (self->proxy_name_row);
      g_autofree char *id = jz_form_text (self->proxy_id_row);

      if (name != NULL)
        json_object_set_string_member (o, "proxy_name", name);
      if (id != NULL)
        json_object_set_string_member (o, "proxy_id_number", id);
      json_object_set_string_member (o, "proxy_relation", jz_form_combo_code (self->proxy_relation_row, self->relation_codes));
    }
  return o;
}

static void
apply_values (JzApplicationFlow *self,
              JsonObject        *o)
{
  JsonArray *conditions = NULL;
  const char *proxy_id = json_object_get_string_member_with_default (o, "proxy_id_number", NULL);

  jz_form_combo_set_code (self->kind_row, self->kind_codes, json_object_get_string_member_with_default (o, "kind", NULL));
  if (json_object_has_member (o, "conditions") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "conditions")))
    conditions = json_object_get_array_member (o, "conditions");
  gtk_check_button_set_active (self->employment_check, FALSE);
  gtk_check_button_set_active (self->residence_check, FALSE);
  gtk_check_button_set_active (self->study_check, FALSE);
  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      const char *c = json_array_get_string_element (conditions, i);

      if (g_strcmp0 (c, "employment") == 0)
        gtk_check_button_set_active (self->employment_check, TRUE);
      else if (g_strcmp0 (c, "residence") == 0)
        gtk_check_button_set_active (self->residence_check, TRUE);
      else if (g_strcmp0 (c, "study") == 0)
        gtk_check_button_set_active (self->study_check, TRUE);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->residence_since_row),
                         json_object_get_string_member_with_default (o, "residence_since", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->moved_on_row),
                         json_object_get_string_member_with_default (o, "moved_on", ""));
  adw_expander_row_set_enable_expansion (self->proxy_expander, proxy_id != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_name_row), json_object_get_string_member_with_default (o, "proxy_name", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_id_row), proxy_id ? proxy_id : "");
  jz_form_combo_set_code (self->proxy_relation_row, self->relation_codes,
                  json_object_get_string_member_with_default (o, "proxy_relation", NULL));
}

/* ---- drafts ---- */

static void
collect (JzFormFlow *flow,
         JsonObject *draft)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (flow);

  if (self->person_id != NULL)
    json_object_set_string_member (draft, "person_id", self->person_id);
  if (self->application_id != NULL)
    json_object_set_string_member (draft, "application_id", self->application_id);
  json_object_set_object_member (draft, "values", collect_values (self));
}

/* Until it is accepted; then the application itself carries the state. */
static gboolean
worth_keeping (JzFormFlow *flow)
{
  const char *s = _jz_application_status (JZ_APPLICATION_FLOW (flow));

  return s == NULL || g_str_equal (s, "submitted");
}

/* ---- actions ---- */

static void
submit (JzFormFlow *flow,
        const char *step)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (flow);

  if (g_str_equal (step, "apply"))
    {
      Op *op = _jz_application_op_new (self->application_id ? OP_EDIT : OP_APPLY);

      op->values = collect_values (self);
      if (op->kind == OP_EDIT)
        {
          /* The applicant and the kind are fixed once recorded. */
          json_object_remove_member (op->values, "person_id");
          json_object_remove_member (op->values, "kind");
        }
      _jz_application_run_op (self, op, "checklist");
    }
  else if (g_str_equal (step, "checklist") || g_str_equal (step, "notice"))
    {
      jz_form_flow_show_step (JZ_FORM_FLOW (self), g_str_equal (step, "notice") ? "checklist" : "accept");
      jz_form_flow_save_draft (JZ_FORM_FLOW (self));
    }
  else if (g_str_equal (step, "accept"))
    {
      Op *op = _jz_application_op_new (OP_ACCEPT);

      _jz_application_parse_row_date (self->accepted_on_row, &op->date);
      op->flag = gtk_switch_get_active (self->remote_switch);
      _jz_application_run_op (self, op, "accepted");
    }
  else if (g_str_equal (step, "accepted") && !may_issue (self))
    jz_form_flow_emit_finished (JZ_FORM_FLOW (self), self->application_id);
  else if (g_str_equal (step, "accepted"))
    {
      Op *op = _jz_application_op_new (OP_ISSUE);
      g_autofree char *date = NULL;
      g_autofree char *body = NULL;

      _jz_application_parse_row_date (self->issued_on_row, &op->date);
      op->text = jz_form_text (self->number_row);
      date = jz_date_format (&op->date);
      if (op->text != NULL)
        /* Translators: the issue date, then the permit's number */
        body = g_strdup_printf (_("The residence permit No. %2$s is issued on %1$s. This is recorded for good: "
                                  "the permit's years count from that day."), date, op->text);
      else
        body = g_strdup_printf (_("The residence permit is issued on %s and numbered by this device. This is "
                                  "recorded for good: the permit's years count from that day."), date);
      _jz_application_confirm_op (self, op, "issued", _("Issue the residence permit?"), body, _("_Issue"));
    }
  else
    jz_form_flow_emit_finished (JZ_FORM_FLOW (self), self->application_id);
}

static void
notice_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _jz_application_run_op (JZ_APPLICATION_FLOW (widget), _jz_application_op_new (OP_NOTICE), "notice");
}

static void
extend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  Op *op = _jz_application_op_new (OP_EXTEND);

  g_autofree char *channel = NULL;
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;

  op->text = jz_form_text (self->extension_reason_row);
  op->text2 = g_strdup (jz_form_combo_code (self->extension_channel_row, self->channel_codes));
  _jz_application_parse_row_date (self->extension_date_row, &op->date);
  channel = jz_form_code_label (jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self))),
                                "notify_channel", op->text2);
  date = g_date_valid (&op->date) ? jz_date_format (&op->date) : g_strdup ("—");
  /* Translators: the reason, how the applicant was told, and when */
  body = g_strdup_printf (_("The permit is then due later, because: %s. The applicant was told by %s on %s. "
                            "An application is extended once."), op->text ? op->text : "—",
                          channel ? channel : "—", date);
  _jz_application_confirm_op (self, op, NULL, _("Extend the time to issue?"), body, _("_Extend"));
}

static void
add_pages_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  Op *op = _jz_application_op_new (OP_ADD_PAGES);

  g_variant_get (parameter, "(s^as)", &op->document, &op->files);
  if (op->files == NULL || op->files[0] == NULL)
    {
      _jz_application_op_free (op);
      return;
    }
  _jz_application_run_op (self, op, NULL);
}

static void
delete_page_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  Op *op = _jz_application_op_new (OP_DELETE_PAGE);

  g_variant_get (parameter, "(ss)", &op->material_id, &op->sha256);
  _jz_application_run_op (self, op, NULL);
}

static void
pages_chosen_cb (GtkNativeDialog   *dialog,
                 int                response,
                 JzApplicationFlow *self)
{
  const char *document = g_object_get_data (G_OBJECT (dialog), "jz-document");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);

          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
      if (paths->len > 1)
        gtk_widget_activate_action (GTK_WIDGET (self), "flow.add-pages", "(s^as)", document, paths->pdata);
    }
  g_object_unref (dialog);
}

static void
choose_pages_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *document = g_variant_get_string (parameter, NULL);
  g_autofree char *label = jz_form_code_label (jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self))), "document", document);
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (label, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add these pages"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data_full (G_OBJECT (dialog), "jz-document", g_strdup (document), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (pages_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- loading the person and the draft ---- */

static gpointer
load_person_in_thread (JzSession     *session,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return jz_store_get (jz_session_get_store (session), "person", data, error);
}

static void
person_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JzApplicationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  if (person == NULL)
    {
      adw_action_row_set_subtitle (self->applicant_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->applicant_row), "error");
      return;
    }
  {
    g_autofree char *masked = jz_id_number_mask (json_object_get_string_member_with_default (person, "id_number", ""));
    g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                                 json_object_get_string_member_with_default (person, "name", ""),
                                                 masked ? masked : "");

    adw_action_row_set_subtitle (self->applicant_row, subtitle);
  }
  g_clear_pointer (&self->person, json_object_unref);
  self->person = json_object_ref (person);
  _jz_application_update_proxy_decision (self);
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
}

static void
load_person (JzApplicationFlow *self)
{
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  jz_session_run_async (jz_form_flow_get_session (JZ_FORM_FLOW (self)), load_person_in_thread, g_strdup (self->person_id), g_free,
                        (GDestroyNotify) json_object_unref, jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), person_loaded_cb,
                        g_object_ref (self));
}

static const char *
step_for_status (const char *s)
{
  if (g_strcmp0 (s, "accepted") == 0)
    return "accepted";
  if (g_strcmp0 (s, "issued") == 0)
    return "issued";
  return "checklist";
}

static void
apply (JzFormFlow *flow,
       JsonObject *draft)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (flow);
  const char *step = json_object_get_string_member_with_default (draft, "step", "apply");

  self->person_id = g_strdup (json_object_get_string_member_with_default (draft, "person_id", NULL));
  self->application_id = g_strdup (json_object_get_string_member_with_default (draft, "application_id", NULL));
  if (json_object_has_member (draft, "values") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (draft, "values")))
    apply_values (self, json_object_get_object_member (draft, "values"));
  if (self->person_id != NULL)
    load_person (self);
  if (self->application_id != NULL)
    _jz_application_run_op (self, _jz_application_op_new (OP_REFRESH), g_str_equal (step, "apply") ? "apply" : "checklist");
}

/* ---- life cycle ---- */

static void
jz_application_flow_dispose (GObject *object)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), JZ_TYPE_APPLICATION_FLOW);

  G_OBJECT_CLASS (jz_application_flow_parent_class)->dispose (object);
}

static void
jz_application_flow_finalize (GObject *object)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (object);

  g_clear_pointer (&self->person_id, g_free);
  g_clear_pointer (&self->person, json_object_unref);
  g_clear_pointer (&self->application_id, g_free);
  g_clear_pointer (&self->application, json_object_unref);
  g_clear_pointer (&self->kind_codes, g_ptr_array_unref);
  g_clear_pointer (&self->relation_codes, g_ptr_array_unref);
  g_clear_pointer (&self->channel_codes, g_ptr_array_unref);
  g_clear_pointer (&self->decision_rows, g_ptr_array_unref);
  g_clear_pointer (&self->material_rows, g_ptr_array_unref);
  g_clear_pointer (&self->last_materials, g_ptr_array_unref);
  g_clear_pointer (&self->issued_rows, g_ptr_array_unref);
  g_clear_pointer (&self->after_op_step, g_free);
  g_clear_pointer (&self->refusal, g_free);

  G_OBJECT_CLASS (jz_application_flow_parent_class)->finalize (object);
}

/* "checklist-changed": the checklist was read again (jz-application-ops.c). */
void
_jz_application_emit_checklist_changed (JzApplicationFlow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHECKLIST_CHANGED], 0);
}

/* ---- the class ---- */

static void
jz_application_flow_class_init (JzApplicationFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  JzFormFlowClass *flow_class = JZ_FORM_FLOW_CLASS (klass);

  object_class->dispose = jz_application_flow_dispose;
  object_class->finalize = jz_application_flow_finalize;
  flow_class->collect = collect;
  flow_class->apply = apply;
  flow_class->step_ready = step_ready;
  flow_class->submit = submit;
  flow_class->previous = previous_step;
  flow_class->next_label = next_label;
  flow_class->worth_keeping = worth_keeping;
  flow_class->update = update;
  jz_form_flow_class_set_draft_kind (flow_class, "application");
  jz_form_flow_class_set_steps (flow_class, steps, G_N_ELEMENTS (steps));
  jz_form_flow_class_set_fields (flow_class, fields, G_N_ELEMENTS (fields));

  signals[SIGNAL_CHECKLIST_CHANGED] =
    g_signal_new ("checklist-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-application-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JzApplicationFlow, name)
  BIND (applicant_row);
  BIND (kind_row);
  BIND (employment_check);
  BIND (residence_check);
  BIND (study_check);
  BIND (residence_since_row);
  BIND (moved_on_row);
  BIND (proxy_expander);
  BIND (proxy_name_row);
  BIND (proxy_id_row);
  BIND (proxy_relation_row);
  BIND (proxy_decision_row);
  BIND (apply_error);
  BIND (decisions_group);
  BIND (materials_group);
  BIND (checklist_error);
  BIND (notice_label);
  BIND (accepted_on_row);
  BIND (remote_switch);
  BIND (accept_error);
  BIND (due_row);
  BIND (extension_group);
  BIND (extension_reason_row);
  BIND (extension_channel_row);
  BIND (extension_date_row);
  BIND (extend_button);
  BIND (extension_error);
  BIND (issued_on_row);
  BIND (issuance_group);
  BIND (number_row);
  BIND (issue_error);
  BIND (issued_group);
#undef BIND
  jz_form_flow_class_bind_template_parts (widget_class);

  gtk_widget_class_install_action (widget_class, "flow.print", "s", _jz_application_print_action);
  gtk_widget_class_install_action (widget_class, "flow.save-pdf", "s", _jz_application_print_action);
  gtk_widget_class_install_action (widget_class, "flow.notice", NULL, notice_action);
  gtk_widget_class_install_action (widget_class, "flow.extend", NULL, extend_action);
  gtk_widget_class_install_action (widget_class, "flow.choose-pages", "s", choose_pages_action);
  gtk_widget_class_install_action (widget_class, "flow.add-pages", "(sas)", add_pages_action);
  gtk_widget_class_install_action (widget_class, "flow.delete-page", "(ss)", delete_page_action);
  gtk_widget_class_install_action (widget_class, "flow.take-pages", "s", _jz_application_take_pages_action);
  gtk_widget_class_install_action (widget_class, "flow.use-portrait", "s", _jz_application_use_portrait_action);
  gtk_widget_class_install_action (widget_class, "flow.retake-page", "(sss)", _jz_application_retake_page_action);
  gtk_widget_class_install_action (widget_class, "flow.view-page", "(ss)", _jz_application_view_page_action);
}

static void
jz_application_flow_init (JzApplicationFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->decision_rows = g_ptr_array_new ();
  self->material_rows = g_ptr_array_new ();
  self->issued_rows = g_ptr_array_new ();

  jz_form_add_date_button (self->residence_since_row);
  jz_form_add_date_button (self->moved_on_row);
  jz_form_add_date_button (self->accepted_on_row);
  jz_form_add_date_button (self->extension_date_row);
  jz_form_add_date_button (self->issued_on_row);

  g_signal_connect_swapped (self->proxy_expander, "notify::enable-expansion", G_CALLBACK (_jz_application_update_proxy_decision), self);
  g_signal_connect_swapped (self->proxy_name_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->proxy_id_row, "changed", G_CALLBACK (_jz_application_update_proxy_decision), self);
  g_signal_connect_swapped (self->proxy_relation_row, "notify::selected", G_CALLBACK (_jz_application_update_proxy_decision), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (_jz_application_update_proxy_decision), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_changed), self);
  g_signal_connect_swapped (self->accepted_on_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->issued_on_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->extension_reason_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
  g_signal_connect_swapped (self->extension_date_row, "changed", G_CALLBACK (jz_form_flow_update_actions), self);
}

static JzApplicationFlow *
flow_new (JzSession *session)
{
  JzApplicationFlow *self = g_object_new (JZ_TYPE_APPLICATION_FLOW, "session", session, NULL);
  JzCodes *codes = jz_session_get_codes (session);
  JzProfile *profile = jz_session_get_profile (session);
  g_autoptr(GtkStringList) kinds = NULL;
  g_autoptr(GtkStringList) relations = NULL;
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  const char * const *allowed = jz_profile_extension_channels (profile);
  g_autofree char *today_text = NULL;
  GDate t;

  if (!may_issue (self))
    {
      /* Said where the Issue button would be. */
      gtk_widget_set_visible (GTK_WIDGET (self->issued_on_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->number_row), FALSE);
      adw_preferences_group_set_description (self->issuance_group,
                                             _("The county public security office issues the permit. "
                                               "Once it has, the permit arrives on this device with a sync."));
    }
  kinds = jz_form_code_model (codes, "application_kind", &self->kind_codes);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  relations = jz_form_code_model (codes, "proxy_relation", &self->relation_codes);
  adw_combo_row_set_model (self->proxy_relation_row, G_LIST_MODEL (relations));

  /* Only the ways of telling the profile accepts. */
  self->channel_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; allowed != NULL && allowed[i] != NULL; i++)
    {
      g_autofree char *label = jz_form_code_label (codes, "notify_channel", allowed[i]);

      g_ptr_array_add (self->channel_codes, g_strdup (allowed[i]));
      gtk_string_list_append (channels, label);
    }
  adw_combo_row_set_model (self->extension_channel_row, G_LIST_MODEL (channels));

  jz_session_get_today (session, &t);
  today_text = jz_date_format (&t);
  gtk_editable_set_text (GTK_EDITABLE (self->accepted_on_row), today_text);
  gtk_editable_set_text (GTK_EDITABLE (self->issued_on_row), today_text);
  gtk_editable_set_text (GTK_EDITABLE (self->extension_date_row), today_text);
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
  return self;
}

GtkWidget *
jz_application_flow_new (JzSession  *session,
                         const char *person_id)
{
  JzApplicationFlow *self;

  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (person_id != NULL, NULL);

  self = flow_new (session);
  self->person_id = g_strdup (person_id);
  load_person (self);
  return GTK_WIDGET (self);
}

GtkWidget *
jz_application_flow_new_from_draft (JzSession  *session,
                                    const char *draft_id)
{
  JzApplicationFlow *self;

  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (draft_id != NULL, NULL);

  self = flow_new (session);
  jz_form_flow_load_draft (JZ_FORM_FLOW (self), draft_id);
  return GTK_WIDGET (self);
}

static void
application_opened_cb (JzApplicationFlow *self)
{
  if (self->application == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self, application_opened_cb, NULL);
  apply_values (self, self->application);
  jz_form_flow_show_step (JZ_FORM_FLOW (self), step_for_status (_jz_application_status (self)));
  if (self->person == NULL && self->person_id != NULL)
    load_person (self);
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
}

GtkWidget *
jz_application_flow_new_for_application (JzSession  *session,
                                         const char *application_id)
{
  JzApplicationFlow *self;
  Op *op = _jz_application_op_new (OP_REFRESH);

  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (application_id != NULL, NULL);

  self = flow_new (session);
  self->application_id = g_strdup (application_id);
  g_signal_connect (self, "checklist-changed", G_CALLBACK (application_opened_cb), NULL);
  _jz_application_run_op (self, op, NULL);
  return GTK_WIDGET (self);
}
