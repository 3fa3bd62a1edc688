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

#include "jz-application-flow.h"
#include "jz-camera.h"
#include "jz-photo-viewer.h"
#include "jz-date.h"
#include "jz-form-util.h"
#include "jz-print.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-store-draft.h"
#include "jz-uuid.h"

#define DRAFT_KIND "application"

struct _JzApplicationFlow
{
  JzFormFlow           parent_instance;

  AdwHeaderBar     *header_bar;

  /* Template widgets */
  AdwWindowTitle      *title;
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwActionRow        *applicant_row;
  AdwComboRow         *kind_row;
  GtkCheckButton      *employment_check;
  GtkCheckButton      *residence_check;
  GtkCheckButton      *study_check;
  AdwEntryRow         *residence_since_row;
  AdwExpanderRow      *proxy_expander;
  AdwEntryRow         *proxy_name_row;
  AdwEntryRow         *proxy_id_row;
  AdwComboRow         *proxy_relation_row;
  AdwActionRow        *proxy_decision_row;
  GtkLabel            *apply_error;
  AdwPreferencesGroup *decisions_group;
  AdwPreferencesGroup *materials_group;
  GtkLabel            *checklist_error;
  GtkLabel            *notice_label;
  AdwEntryRow         *accepted_on_row;
  GtkSwitch           *remote_switch;
  GtkLabel            *accept_error;
  AdwActionRow        *due_row;
  AdwPreferencesGroup *extension_group;
  AdwEntryRow         *extension_reason_row;
  AdwComboRow         *extension_channel_row;
  AdwEntryRow         *extension_date_row;
  GtkWidget           *extend_button;
  GtkLabel            *extension_error;
  AdwEntryRow         *issued_on_row;
  AdwPreferencesGroup *issuance_group;
  AdwEntryRow         *number_row;
  GtkLabel            *issue_error;
  AdwPreferencesGroup *issued_group;
  GtkButton           *next_button;

  /* Owned */
  JzSession           *session;
  GCancellable        *cancellable;
  char                *person_id;
  JsonObject          *person;
  char                *application_id;
  JsonObject          *application;
  char                *draft_id;
  GPtrArray           *kind_codes;
  GPtrArray           *relation_codes;
  GPtrArray           *channel_codes;
  GPtrArray           *decision_rows;
  GPtrArray           *material_rows;
  GPtrArray           *last_materials;  /* JsonObject, for the viewer */
  GPtrArray           *issued_rows;
  char                *after_op_step;   /* where to go once the running operation returns */

  guint                busy;
  guint                n_missing;
  gboolean             checklist_loaded;
  int                  running_op;
};

G_DEFINE_FINAL_TYPE (JzApplicationFlow, jz_application_flow, JZ_TYPE_FORM_FLOW)

enum {
  SIGNAL_CHECKLIST_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  OP_REFRESH,
  OP_APPLY,
  OP_EDIT,
  OP_ADD_PAGES,
  OP_DELETE_PAGE,
  OP_NOTICE,
  OP_ACCEPT,
  OP_EXTEND,
  OP_ISSUE,
} OpKind;

/* The steps with a number; "notice" is a side page of the checklist. */
static const char * const numbered_steps[] = { "apply", "checklist", "accept", "accepted", "issued" };

const char *
jz_application_flow_get_step (JzApplicationFlow *self)
{
  g_return_val_if_fail (JZ_IS_APPLICATION_FLOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
jz_application_flow_get_application_id (JzApplicationFlow *self)
{
  g_return_val_if_fail (JZ_IS_APPLICATION_FLOW (self), NULL);
  return self->application_id;
}

const char *
jz_application_flow_get_draft_id (JzApplicationFlow *self)
{
  g_return_val_if_fail (JZ_IS_APPLICATION_FLOW (self), NULL);
  return self->draft_id;
}

gboolean
jz_application_flow_get_busy (JzApplicationFlow *self)
{
  g_return_val_if_fail (JZ_IS_APPLICATION_FLOW (self), FALSE);
  return self->busy > 0;
}

static const char *
status (JzApplicationFlow *self)
{
  return self->application ? json_object_get_string_member_with_default (self->application, "status", NULL) : NULL;
}

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

static const char *
combo_code (AdwComboRow *row,
            GPtrArray   *codes)
{
  guint i = adw_combo_row_get_selected (row);

  return i < codes->len ? codes->pdata[i] : NULL;
}

static void
combo_set_code (AdwComboRow *row,
                GPtrArray   *codes,
                const char  *code)
{
  for (guint i = 0; code != NULL && i < codes->len; i++)
    if (g_str_equal (codes->pdata[i], code))
      adw_combo_row_set_selected (row, i);
}

/* The county public security office issues permits (the server refuses
 * issuance from any other role): elsewhere the flow ends at acceptance. */
static gboolean
may_issue (JzApplicationFlow *self)
{
  return g_strcmp0 (jz_session_get_role (self->session), "county") == 0;
}

static gboolean
step_ready (JzApplicationFlow *self,
            const char        *step)
{
  GDate t;

  jz_session_get_today (self->session, &t);
  if (g_str_equal (step, "apply"))
    return self->person != NULL &&
           (!adw_expander_row_get_enable_expansion (self->proxy_expander) ||
            (filled (self->proxy_name_row) && filled (self->proxy_id_row)));
  if (g_str_equal (step, "checklist"))
    return self->checklist_loaded && self->n_missing == 0 && g_strcmp0 (status (self), "submitted") == 0;
  if (g_str_equal (step, "accept"))
    return date_ok (self->accepted_on_row, &t);
  if (g_str_equal (step, "accepted"))
    return !may_issue (self) ||
           (date_ok (self->issued_on_row, &t) && g_strcmp0 (status (self), "accepted") == 0);
  return TRUE;
}

static void
update_actions (JzApplicationFlow *self)
{
  const char *step = jz_application_flow_get_step (self);
  gboolean idle = self->busy == 0;
  g_autofree char *counter = NULL;
  const char *page_title;
  int number = 0;
  GDate t;

  jz_session_get_today (self->session, &t);
  for (guint i = 0; i < G_N_ELEMENTS (numbered_steps); i++)
    if (g_strcmp0 (numbered_steps[i], step) == 0)
      number = (int) i + 1;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.next", idle && step_ready (self, step));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.back",
                                 idle && (g_strcmp0 (step, "checklist") == 0 || g_strcmp0 (step, "notice") == 0 ||
                                          g_strcmp0 (step, "accept") == 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.cancel", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.notice",
                                 idle && self->application_id != NULL && self->n_missing > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.extend",
                                 idle && g_strcmp0 (status (self), "accepted") == 0 &&
                                 filled (self->extension_reason_row) && date_ok (self->extension_date_row, &t));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.choose-pages", idle && self->application_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.add-pages", idle && self->application_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.delete-page", idle && self->application_id != NULL);

  if (g_strcmp0 (step, "apply") == 0)
    gtk_button_set_label (self->next_button, self->application_id ? _("_Next") : _("_Record"));
  else if (g_strcmp0 (step, "checklist") == 0)
    gtk_button_set_label (self->next_button, _("_To acceptance"));
  else if (g_strcmp0 (step, "notice") == 0)
    gtk_button_set_label (self->next_button, _("_Next"));
  else if (g_strcmp0 (step, "accept") == 0)
    gtk_button_set_label (self->next_button, _("_Accept"));
  else if (g_strcmp0 (step, "accepted") == 0)
    gtk_button_set_label (self->next_button, may_issue (self) ? _("_Issue") : _("_Done"));
  else
    gtk_button_set_label (self->next_button, _("_Done"));

  page_title = gtk_stack_page_get_title (gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack)));
  counter = number ? g_strdup_printf (_("%s · step %d of %d"), page_title, number, (int) G_N_ELEMENTS (numbered_steps))
                   : g_strdup (page_title);
  adw_window_title_set_subtitle (self->title, counter);
}

static void
set_busy (JzApplicationFlow *self,
          gboolean           busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  update_actions (self);
}

static void
on_changed (JzApplicationFlow *self)
{
  update_actions (self);
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
  json_object_set_string_member (o, "kind", combo_code (self->kind_row, self->kind_codes));
  if (gtk_check_button_get_active (self->employment_check))
    json_array_add_string_element (conditions, "employment");
  if (gtk_check_button_get_active (self->residence_check))
    json_array_add_string_element (conditions, "residence");
  if (gtk_check_button_get_active (self->study_check))
    json_array_add_string_element (conditions, "study");
  json_object_set_array_member (o, "conditions", conditions);
  if (since != NULL)
    json_object_set_string_member (o, "residence_since", since);
  if (adw_expander_row_get_enable_expansion (self->proxy_expander))
    {
      g_autofree char *name = jz_form_text (self->proxy_name_row);
      g_autofree char *id = jz_form_text (self->proxy_id_row);

      if (name != NULL)
        json_object_set_string_member (o, "proxy_name", name);
      if (id != NULL)
        json_object_set_string_member (o, "proxy_id_number", id);
      json_object_set_string_member (o, "proxy_relation", combo_code (self->proxy_relation_row, self->relation_codes));
    }
  return o;
}

static void
apply_values (JzApplicationFlow *self,
              JsonObject        *o)
{
  JsonArray *conditions = NULL;
  const char *proxy_id = json_object_get_string_member_with_default (o, "proxy_id_number", NULL);

  combo_set_code (self->kind_row, self->kind_codes, json_object_get_string_member_with_default (o, "kind", NULL));
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
  adw_expander_row_set_enable_expansion (self->proxy_expander, proxy_id != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_name_row), json_object_get_string_member_with_default (o, "proxy_name", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_id_row), proxy_id ? proxy_id : "");
  combo_set_code (self->proxy_relation_row, self->relation_codes,
                  json_object_get_string_member_with_default (o, "proxy_relation", NULL));
}

/* ---- the proxy decision, asked of the rules engine as it is typed ----
 * The engine is a pure function (no store, no disk): it runs here. */

static void
update_proxy_decision (JzApplicationFlow *self)
{
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JzRulesCase) rules_case = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  g_autofree char *proxy_id = jz_form_text (self->proxy_id_row);
  g_autofree char *today_text = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *applicant;
  JsonObject *proxy;
  gboolean allowed = FALSE;
  const char *reason = NULL;
  GDate t;

  update_actions (self);
  if (!adw_expander_row_get_enable_expansion (self->proxy_expander) || self->person == NULL)
    return;

  jz_session_get_today (self->session, &t);
  today_text = jz_date_format (&t);
  c = json_object_new ();
  applicant = json_object_new ();
  proxy = json_object_new ();
  json_object_set_string_member (c, "kind", combo_code (self->kind_row, self->kind_codes));
  for (guint i = 0; i < 4; i++)
    {
      static const char *keys[] = { "id_number", "hukou_division", "limited_mobility", "disabled" };

      if (json_object_has_member (self->person, keys[i]) &&
          !JSON_NODE_HOLDS_NULL (json_object_get_member (self->person, keys[i])))
        json_object_set_member (applicant, keys[i], json_node_copy (json_object_get_member (self->person, keys[i])));
    }
  json_object_set_object_member (c, "applicant", applicant);
  if (proxy_id != NULL)
    json_object_set_string_member (proxy, "id_number", proxy_id);
  json_object_set_string_member (proxy, "relation", combo_code (self->proxy_relation_row, self->relation_codes));
  json_object_set_object_member (c, "proxy", proxy);
  json_object_set_string_member (c, "applied_on", today_text);
  node = json_node_init_object (json_node_alloc (), c);

  rules_case = jz_rules_case_new_from_json (node, NULL);
  if (rules_case == NULL)
    {
      adw_action_row_set_subtitle (self->proxy_decision_row, _("Type the proxy's ID number to see the decision."));
      return;
    }
  result = jz_rules_evaluate (jz_session_get_profile (self->session), rules_case, &t, NULL);
  if (!jz_rules_result_get_proxy (result, &allowed, &reason))
    {
      adw_action_row_set_subtitle (self->proxy_decision_row, _("No decision: the rules need more facts."));
      return;
    }
  g_string_append (text, allowed ? _("Yes. ") : _("No. "));
  for (guint i = 0; i < jz_rules_result_get_n_reasons (result); i++)
    {
      const JzRulesReason *r = jz_rules_result_get_reason (result, i);

      if (g_str_has_prefix (r->code, "proxy"))
        {
          g_string_append (text, r->message);
          if (r->article != NULL)
            g_string_append_printf (text, " (%s)", r->article);
        }
    }
  adw_action_row_set_subtitle (self->proxy_decision_row, text->str);
  if (allowed)
    gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_decision_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->proxy_decision_row), "error");
}

/* ---- operations, off the main thread ---- */

typedef struct
{
  OpKind      kind;
  char       *application_id;
  JsonObject *values;
  char       *document;
  GStrv       files;
  char       *material_id;
  char       *sha256;
  GDate       date;
  gboolean    flag;
  char       *text;
  char       *text2;
  gboolean    unlink_files;  /* camera captures: gone once imported */
} Op;

typedef struct
{
  char       *need;
  GStrv       any_of;
} Need;

typedef struct
{
  char          *application_id;
  JsonObject    *application;
  JzRulesResult *result;
  GPtrArray     *needs;       /* Need */
  GPtrArray     *materials;   /* JsonObject */
  GHashTable    *textures;    /* sha256 → GdkTexture */
  char          *notice;
  JsonObject    *permit;
} OpResult;

static void
op_free (Op *op)
{
  g_free (op->application_id);
  g_clear_pointer (&op->values, json_object_unref);
  g_free (op->document);
  for (guint i = 0; op->unlink_files && op->files != NULL && op->files[i] != NULL; i++)
    g_unlink (op->files[i]);
  g_strfreev (op->files);
  g_free (op->material_id);
  g_free (op->sha256);
  g_free (op->text);
  g_free (op->text2);
  g_free (op);
}

static void
need_free (Need *need)
{
  g_free (need->need);
  g_strfreev (need->any_of);
  g_free (need);
}

static void
op_result_free (OpResult *r)
{
  g_free (r->application_id);
  g_clear_pointer (&r->application, json_object_unref);
  g_clear_pointer (&r->result, jz_rules_result_free);
  g_clear_pointer (&r->needs, g_ptr_array_unref);
  g_clear_pointer (&r->materials, g_ptr_array_unref);
  g_clear_pointer (&r->textures, g_hash_table_unref);
  g_free (r->notice);
  g_clear_pointer (&r->permit, json_object_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpResult, op_result_free)

static gboolean
do_delete_page (JzSession    *session,
                Op           *op,
                const GDate  *t,
                GError      **error)
{
  JzRegistry *registry = jz_session_get_registry (session);
  g_autoptr(JsonObject) material = jz_store_get (jz_session_get_store (session), "material", op->material_id, error);
  g_autoptr(JsonObject) fields = json_object_new ();
  JsonArray *pages;
  JsonArray *kept = json_array_new ();

  if (material == NULL)
    {
      json_array_unref (kept);
      return FALSE;
    }
  pages = json_object_get_array_member (material, "pages");
  for (guint i = 0; pages != NULL && i < json_array_get_length (pages); i++)
    if (g_strcmp0 (json_array_get_string_element (pages, i), op->sha256) != 0)
      json_array_add_string_element (kept, json_array_get_string_element (pages, i));

  /* A document without pages is no document: the material goes. */
  if (json_array_get_length (kept) == 0)
    {
      json_array_unref (kept);
      json_object_set_boolean_member (fields, "deleted", TRUE);
    }
  else
    json_object_set_array_member (fields, "pages", kept);
  return jz_registry_edit (registry, "material", op->material_id, fields, t, jz_session_get_author (session), error);
}

static GPtrArray *
all_needs (JzSession    *session,
           const char   *application_id,
           const GDate  *t,
           GError      **error)
{
  g_autoptr(JsonNode) node = jz_registry_case_json (jz_session_get_registry (session), application_id, error);
  g_autoptr(JzRulesCase) rules_case = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  GPtrArray *needs;

  if (node == NULL)
    return NULL;
  /* As if nothing had been brought: the engine then lists every need. */
  json_object_set_array_member (json_node_get_object (node), "materials", json_array_new ());
  rules_case = jz_rules_case_new_from_json (node, error);
  if (rules_case == NULL)
    return NULL;
  result = jz_rules_evaluate (jz_session_get_profile (session), rules_case, t, NULL);

  needs = g_ptr_array_new_with_free_func ((GDestroyNotify) need_free);
  for (guint i = 0; i < jz_rules_result_get_n_missing (result); i++)
    {
      const JzRulesNeed *n = jz_rules_result_get_missing (result, i);
      Need *need = g_new0 (Need, 1);

      need->need = g_strdup (n->need);
      need->any_of = g_strdupv ((char **) n->any_of);
      g_ptr_array_add (needs, need);
    }
  return needs;
}

static gpointer
op_in_thread (JzSession     *session,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Op *op = data;
  JzRegistry *registry = jz_session_get_registry (session);
  JzStore *store = jz_session_get_store (session);
  JzPhotoStore *photos = jz_session_get_photos (session);
  const char *author = jz_session_get_author (session);
  g_autoptr(OpResult) r = g_new0 (OpResult, 1);
  g_autoptr(JsonObject) created = NULL;
  GDate t;

  jz_session_get_today (session, &t);
  r->application_id = g_strdup (op->application_id);

  switch (op->kind)
    {
    case OP_REFRESH:
      break;
    case OP_APPLY:
      created = jz_registry_apply (registry, op->values, &t, author, error);
      if (created == NULL)
        return NULL;
      r->application_id = g_strdup (json_object_get_string_member (created, "id"));
      break;
    case OP_EDIT:
      if (!jz_registry_edit (registry, "application", op->application_id, op->values, &t, author, error))
        return NULL;
      break;
    case OP_ADD_PAGES:
      {
        g_autoptr(JsonObject) material = jz_registry_add_material (registry, op->application_id, op->document,
                                                                   (const char * const *) op->files, NULL,
                                                                   author, error);
        if (material == NULL)
          return NULL;
        /* A retake replaces the page it was taken for. */
        if (op->material_id != NULL && op->sha256 != NULL && !do_delete_page (session, op, &t, error))
          return NULL;
      }
      break;
    case OP_DELETE_PAGE:
      if (!do_delete_page (session, op, &t, error))
        return NULL;
      break;
    case OP_NOTICE:
      r->notice = jz_registry_notice (registry, op->application_id, &t, author, error);
      if (r->notice == NULL)
        return NULL;
      break;
    case OP_ACCEPT:
      if (!jz_registry_accept (registry, op->application_id, &op->date, op->flag, author, error))
        return NULL;
      break;
    case OP_EXTEND:
      if (!jz_registry_extend (registry, op->application_id, op->text, op->text2, &op->date, author, error))
        return NULL;
      break;
    case OP_ISSUE:
      r->permit = jz_registry_issue (registry, op->application_id, &op->date, op->text, author, error);
      if (r->permit == NULL)
        return NULL;
      break;
    }

  if (r->application_id == NULL)
    return g_steal_pointer (&r);

  r->application = jz_store_get (store, "application", r->application_id, error);
  if (r->application == NULL)
    return NULL;
  r->result = jz_registry_evaluate (registry, r->application_id, &t, error);
  if (r->result == NULL)
    return NULL;
  r->needs = all_needs (session, r->application_id, &t, error);
  if (r->needs == NULL)
    return NULL;
  r->materials = jz_store_list (store, "material", "application_id", r->application_id, 0, error);
  if (r->materials == NULL)
    return NULL;

  /* Thumbnails are decoded here, not on the UI thread. A page another
   * device photographed and not yet fetched has none. */
  r->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < r->materials->len; i++)
    {
      JsonObject *m = r->materials->pdata[i];
      JsonArray *pages = json_object_has_member (m, "pages") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (m, "pages"))
                         ? json_object_get_array_member (m, "pages") : NULL;

      for (guint k = 0; pages != NULL && k < json_array_get_length (pages); k++)
        {
          const char *sha = json_array_get_string_element (pages, k);
          g_autofree char *path = NULL;
          GdkTexture *texture;

          if (sha == NULL || g_hash_table_contains (r->textures, sha) ||
              !jz_photo_store_ensure_thumbnail (photos, sha, NULL))
            continue;
          path = jz_photo_store_thumbnail_path (photos, sha);
          texture = gdk_texture_new_from_filename (path, NULL);
          if (texture != NULL)
            g_hash_table_insert (r->textures, g_strdup (sha), texture);
        }
    }

  return g_steal_pointer (&r);
}

/* ---- the checklist and the decisions ---- */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
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

static void
fill_decisions (JzApplicationFlow *self,
                JzRulesResult     *result)
{
  g_autofree char *from_text = NULL;
  const char *title;
  GtkWidget *row;
  GDate from;

  clear_rows (self->decisions_group, self->decision_rows);
  switch (jz_rules_result_get_eligibility (result, &from))
    {
    case JZ_ELIGIBILITY_ELIGIBLE:
      title = _("Eligible");
      break;
    case JZ_ELIGIBILITY_NOT_ELIGIBLE:
      title = _("Not eligible");
      break;
    case JZ_ELIGIBILITY_UNDETERMINED:
      title = _("Eligibility not decided: a fact is missing");
      break;
    default:
      title = NULL;
    }
  if (g_date_valid (&from))
    {
      g_autofree char *date = jz_date_format (&from);

      from_text = g_strdup_printf (_("since %s"), date);
    }
  if (title != NULL)
    {
      row = add_row (self->decisions_group, self->decision_rows, title, from_text);
      gtk_widget_add_css_class (row, "heading");
    }

  /* Each decision with the article that makes it. */
  for (guint i = 0; i < jz_rules_result_get_n_reasons (result); i++)
    {
      const JzRulesReason *r = jz_rules_result_get_reason (result, i);

      row = add_row (self->decisions_group, self->decision_rows, r->message,
                     r->article ? r->article : _("no article applies"));
      gtk_widget_set_name (row, r->code);
    }
}

static void
delete_page_clicked (GtkButton         *button,
                     JzApplicationFlow *self)
{
  const char *material = g_object_get_data (G_OBJECT (button), "jz-material");
  const char *sha = g_object_get_data (G_OBJECT (button), "jz-sha");

  gtk_widget_activate_action (GTK_WIDGET (self), "flow.delete-page", "(ss)", material, sha);
}

static GtkWidget *
page_thumbnail (JzApplicationFlow *self,
                const char        *material_id,
                const char        *sha,
                GdkTexture        *texture,
                guint              number)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = texture ? gtk_picture_new_for_paintable (GDK_PAINTABLE (texture))
                               : gtk_image_new_from_icon_name ("image-missing-symbolic");
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *open = gtk_button_new ();
  g_autofree char *label = g_strdup_printf (_("Delete page %u"), number);
  g_autofree char *open_label = g_strdup_printf (_("Show page %u"), number);

  gtk_widget_set_size_request (picture, 96, 96);
  /* Tapping the page opens the full-screen viewer (jz-photo-viewer.c). */
  gtk_button_set_child (GTK_BUTTON (open), picture);
  gtk_widget_add_css_class (open, "flat");
  gtk_widget_set_tooltip_text (open, open_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, open_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "flow.view-page");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "(ss)", material_id, sha);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), open);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "osd");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "jz-material", g_strdup (material_id), g_free);
  g_object_set_data_full (G_OBJECT (button), "jz-sha", g_strdup (sha), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (delete_page_clicked), self);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), button);
  return overlay;
}

static void
fill_materials (JzApplicationFlow *self,
                OpResult          *r)
{
  JzCodes *codes = jz_session_get_codes (self->session);
  g_autoptr(GHashTable) missing = g_hash_table_new (g_str_hash, g_str_equal);

  clear_rows (self->materials_group, self->material_rows);
  g_clear_pointer (&self->last_materials, g_ptr_array_unref);
  self->last_materials = g_ptr_array_ref (r->materials);
  for (guint i = 0; i < jz_rules_result_get_n_missing (r->result); i++)
    g_hash_table_add (missing, (gpointer) jz_rules_result_get_missing (r->result, i)->need);

  for (guint i = 0; i < r->needs->len; i++)
    {
      Need *need = r->needs->pdata[i];
      gboolean met = !g_hash_table_contains (missing, need->need);
      GtkWidget *need_row = adw_expander_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (met ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
      g_autofree char *need_label = jz_form_code_label (codes, "need", need->need);
      g_autofree char *name = g_strdup_printf ("need-%s", need->need);
      g_autoptr(GString) present = g_string_new (NULL);
      g_autoptr(GString) any = g_string_new (NULL);

      gtk_widget_set_name (need_row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (need_row), need_label);
      gtk_widget_add_css_class (icon, met ? "success" : "warning");
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (need_row), icon);
      gtk_widget_add_css_class (need_row, met ? "done" : "missing");

      for (guint k = 0; need->any_of[k] != NULL; k++)
        {
          const char *doc = need->any_of[k];
          g_autofree char *doc_label = jz_form_code_label (codes, "document", doc);
          g_autofree char *doc_name = g_strdup_printf ("document-%s", doc);
          g_autofree char *pages_text = NULL;
          GtkWidget *doc_row = adw_action_row_new ();
          GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add photos…"));
          GtkWidget *take = gtk_button_new_with_mnemonic (_("_Take photo"));
          GtkWidget *flow = gtk_flow_box_new ();
          guint n_pages = 0;

          gtk_widget_set_name (doc_row, doc_name);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (doc_row), doc_label);
          gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
          gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
          gtk_widget_set_margin_start (flow, 12);
          gtk_widget_set_margin_end (flow, 12);
          gtk_widget_set_margin_bottom (flow, 6);

          for (guint m = 0; m < r->materials->len; m++)
            {
              JsonObject *mat = r->materials->pdata[m];
              JsonArray *pages;

              if (json_object_get_boolean_member_with_default (mat, "deleted", FALSE) ||
                  g_strcmp0 (json_object_get_string_member_with_default (mat, "document", NULL), doc) != 0 ||
                  !json_object_has_member (mat, "pages") ||
                  !JSON_NODE_HOLDS_ARRAY (json_object_get_member (mat, "pages")))
                continue;
              pages = json_object_get_array_member (mat, "pages");
              for (guint p = 0; p < json_array_get_length (pages); p++)
                {
                  const char *sha = json_array_get_string_element (pages, p);

                  n_pages++;
                  gtk_flow_box_append (GTK_FLOW_BOX (flow),
                                       page_thumbnail (self, json_object_get_string_member (mat, "id"), sha,
                                                       g_hash_table_lookup (r->textures, sha), n_pages));
                }
            }

          pages_text = n_pages ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", n_pages), n_pages)
                               : g_strdup (_("No photos yet"));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (doc_row), pages_text);
          if (n_pages > 0)
            {
              gtk_widget_add_css_class (doc_row, "done");
              g_string_append_printf (present, "%s%s (%s)", present->len ? ", " : "", doc_label, pages_text);
            }
          g_string_append_printf (any, "%s%s", any->len ? _(" or ") : "", doc_label);

          gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "flow.choose-pages");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", doc);
          adw_action_row_add_suffix (ADW_ACTION_ROW (doc_row), add);
          gtk_widget_set_valign (take, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (take), "flow.take-pages");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (take), "s", doc);
          adw_action_row_add_suffix (ADW_ACTION_ROW (doc_row), take);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (need_row), doc_row);
          if (n_pages > 0)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (need_row), flow);
          else
            {
              g_object_ref_sink (flow);
              g_object_unref (flow);
            }
        }

      if (met)
        {
          g_autofree char *subtitle = g_strdup_printf (_("Done: %s"), present->str);

          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (need_row), subtitle);
        }
      else
        {
          g_autofree char *subtitle = g_strdup_printf (_("Missing — any one of: %s"), any->str);

          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (need_row), subtitle);
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (need_row), TRUE);
        }
      adw_preferences_group_add (self->materials_group, need_row);
      g_ptr_array_add (self->material_rows, need_row);
    }
}

static void
fill_due (JzApplicationFlow *self,
          JzRulesResult     *result)
{
  JzProfile *profile = jz_session_get_profile (self->session);
  const char *article = jz_profile_article (profile, "issuance");
  const char *extension_reason = json_object_get_string_member_with_default (self->application, "extension_reason", NULL);
  GDate due, extended;

  if (!jz_rules_result_get_issue_due (result, &due, &extended))
    return;
  {
    g_autofree char *due_text = jz_date_format (&due);
    g_autofree char *ext_text = g_date_valid (&extended) ? jz_date_format (&extended) : NULL;
    g_autofree char *subtitle = NULL;

    if (extension_reason != NULL && ext_text != NULL)
      subtitle = g_strdup_printf (_("%s, extended from %s (%s)"), ext_text, due_text, article ? article : "");
    else if (ext_text != NULL)
      subtitle = g_strdup_printf (_("%s (%s). If it cannot be done in time, the deadline may be extended to %s before then."),
                                  due_text, article ? article : "", ext_text);
    else
      subtitle = g_strdup_printf (_("%s (%s). This jurisdiction has no extension."), due_text, article ? article : "");
    adw_action_row_set_subtitle (self->due_row, subtitle);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->extension_group),
                          jz_profile_extension_days (profile) > 0 && extension_reason == NULL);
  gtk_widget_set_visible (self->extend_button, jz_profile_extension_days (profile) > 0 && extension_reason == NULL);
}

static void
fill_issued (JzApplicationFlow *self,
             JsonObject        *permit)
{
  clear_rows (self->issued_group, self->issued_rows);
  if (permit == NULL)
    {
      add_row (self->issued_group, self->issued_rows, _("Issued on"),
               json_object_get_string_member_with_default (self->application, "issued_on", ""));
      return;
    }
  if (json_object_get_string_member_with_default (permit, "number", NULL) != NULL)
    add_row (self->issued_group, self->issued_rows, _("Permit number"), json_object_get_string_member (permit, "number"));
  add_row (self->issued_group, self->issued_rows, _("Issued on"),
           json_object_get_string_member_with_default (permit, "issued_on",
                                                       json_object_get_string_member_with_default (permit, "endorsed_on", "")));
}

/* ---- drafts ---- */

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JzApplicationFlow) self = user_data;
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
save_draft (JzApplicationFlow *self)
{
  g_autoptr(JsonObject) body = json_object_new ();

  if (self->draft_id == NULL)
    self->draft_id = jz_uuid7_new (g_get_real_time () / 1000);
  json_object_set_string_member (body, "step", jz_application_flow_get_step (self));
  if (self->person_id != NULL)
    json_object_set_string_member (body, "person_id", self->person_id);
  if (self->application_id != NULL)
    json_object_set_string_member (body, "application_id", self->application_id);
  json_object_set_object_member (body, "values", collect_values (self));
  jz_form_save_draft_async (self->session, self->draft_id, DRAFT_KIND, g_steal_pointer (&body),
                            self->cancellable, draft_saved_cb, g_object_ref (self));
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
  g_autoptr(JzApplicationFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!jz_session_run_finish (JZ_SESSION (source), result, &error))
    g_debug ("draft not deleted: %s", error->message);
}

/* Once accepted, the application itself carries the state: no draft. */
static void
delete_draft (JzApplicationFlow *self)
{
  if (self->draft_id == NULL)
    return;
  jz_session_run_async (self->session, delete_draft_in_thread, g_strdup (self->draft_id), g_free,
                        NULL, NULL, draft_deleted_cb, g_object_ref (self));
  g_clear_pointer (&self->draft_id, g_free);
}

/* ---- running operations ---- */

static GtkLabel *
op_error_label (JzApplicationFlow *self,
                OpKind             kind)
{
  switch (kind)
    {
    case OP_APPLY:
    case OP_EDIT:
      return self->apply_error;
    case OP_ACCEPT:
      return self->accept_error;
    case OP_EXTEND:
      return self->extension_error;
    case OP_ISSUE:
      return self->issue_error;
    default:
      return self->checklist_error;
    }
}

static const char *
field_label (const char *field)
{
  const JzRecordType *type = jz_model_lookup ("application");
  const JzFieldDef *def = type ? jz_record_type_field (type, field) : NULL;

  return def ? _(def->label) : NULL;
}

/* "residence_since: …" becomes "Residence since: …". */
static char *
readable_problems (const GError *error)
{
  g_autoptr(GPtrArray) problems = jz_form_error_problems (error);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      JzProblem *problem = g_ptr_array_index (problems, i);
      const char *label = problem->field ? field_label (problem->field) : NULL;

      if (out->len)
        g_string_append_c (out, '\n');
      {
        g_autofree char *shown = jz_form_problem_text (problem, label);

        g_string_append (out, shown);
      }
    }
  return g_string_free (out, FALSE);
}

static void
op_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JzApplicationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpResult) r = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autofree char *go_to = g_steal_pointer (&self->after_op_step);
  OpKind kind = self->running_op;
  GtkLabel *error_label;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  error_label = op_error_label (self, kind);

  if (r == NULL)
    {
      g_autofree char *text = readable_problems (error);

      jz_form_ask_to_set_date (GTK_WIDGET (self), error);
      jz_form_show_error (error_label, text);
      if (kind == OP_APPLY && g_error_matches (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED))
        adw_action_row_set_subtitle (self->proxy_decision_row, text);
      update_actions (self);
      return;
    }
  jz_form_show_error (error_label, NULL);

  if (r->application_id != NULL && self->application_id == NULL)
    self->application_id = g_strdup (r->application_id);
  if (r->application != NULL)
    {
      g_clear_pointer (&self->application, json_object_unref);
      self->application = json_object_ref (r->application);
      if (self->person_id == NULL)
        self->person_id = g_strdup (json_object_get_string_member_with_default (r->application, "person_id", NULL));
    }
  if (r->result != NULL)
    {
      self->n_missing = jz_rules_result_get_n_missing (r->result);
      self->checklist_loaded = TRUE;
      fill_decisions (self, r->result);
      fill_materials (self, r);
      fill_due (self, r->result);
      g_signal_emit (self, signals[SIGNAL_CHECKLIST_CHANGED], 0);
    }
  if (r->notice != NULL)
    gtk_label_set_text (self->notice_label, r->notice);
  if (kind == OP_ISSUE || g_strcmp0 (status (self), "issued") == 0)
    fill_issued (self, r->permit);

  if (kind == OP_ACCEPT)
    delete_draft (self);
  if (go_to != NULL)
    gtk_stack_set_visible_child_name (self->stack, go_to);
  if (kind == OP_APPLY || kind == OP_EDIT)
    save_draft (self);
  update_actions (self);
}

static void
run_op (JzApplicationFlow *self,
        Op                *op,
        const char        *then_step)
{
  op->application_id = op->application_id ? op->application_id : g_strdup (self->application_id);
  self->running_op = op->kind;
  g_free (self->after_op_step);
  self->after_op_step = g_strdup (then_step);
  set_busy (self, TRUE);
  jz_session_run_async (self->session, op_in_thread, op, (GDestroyNotify) op_free,
                        (GDestroyNotify) op_result_free, self->cancellable, op_done_cb, g_object_ref (self));
}

static Op *
op_new (OpKind kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  g_date_clear (&op->date, 1);
  return op;
}

static gboolean
parse_row_date (AdwEntryRow *row,
                GDate       *out)
{
  return jz_date_parse (gtk_editable_get_text (GTK_EDITABLE (row)), out, NULL);
}

/* ---- actions ---- */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  const char *step = jz_application_flow_get_step (self);

  if (self->busy || !step_ready (self, step))
    return;

  if (g_str_equal (step, "apply"))
    {
      Op *op = op_new (self->application_id ? OP_EDIT : OP_APPLY);

      op->values = collect_values (self);
      if (op->kind == OP_EDIT)
        {
          /* The applicant and the kind are fixed once recorded. */
          json_object_remove_member (op->values, "person_id");
          json_object_remove_member (op->values, "kind");
        }
      run_op (self, op, "checklist");
    }
  else if (g_str_equal (step, "checklist") || g_str_equal (step, "notice"))
    {
      gtk_stack_set_visible_child_name (self->stack, g_str_equal (step, "notice") ? "checklist" : "accept");
      save_draft (self);
    }
  else if (g_str_equal (step, "accept"))
    {
      Op *op = op_new (OP_ACCEPT);

      parse_row_date (self->accepted_on_row, &op->date);
      op->flag = gtk_switch_get_active (self->remote_switch);
      run_op (self, op, "accepted");
    }
  else if (g_str_equal (step, "accepted") && !may_issue (self))
    jz_form_flow_emit_finished (JZ_FORM_FLOW (self), self->application_id);
  else if (g_str_equal (step, "accepted"))
    {
      Op *op = op_new (OP_ISSUE);

      parse_row_date (self->issued_on_row, &op->date);
      op->text = jz_form_text (self->number_row);
      run_op (self, op, "issued");
    }
  else
    jz_form_flow_emit_finished (JZ_FORM_FLOW (self), self->application_id);
  update_actions (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  const char *step = jz_application_flow_get_step (self);

  if (g_str_equal (step, "checklist"))
    gtk_stack_set_visible_child_name (self->stack, "apply");
  else if (g_str_equal (step, "notice") || g_str_equal (step, "accept"))
    gtk_stack_set_visible_child_name (self->stack, "checklist");
  update_actions (self);
}

/**
 * jz_application_flow_keep_draft:
 *
 * Keeps what was typed as the draft (Close, leaving through the sidebar,
 * closing the window), until the application is accepted. Returns TRUE
 * when a save started: "draft-saved" or "draft-failed" follows.
 */
gboolean
jz_application_flow_keep_draft (JzApplicationFlow *self)
{
  const char *s;

  g_return_val_if_fail (JZ_IS_APPLICATION_FLOW (self), FALSE);

  s = status (self);
  if (s != NULL && !g_str_equal (s, "submitted"))
    return FALSE;
  save_draft (self);
  return TRUE;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);

  jz_application_flow_keep_draft (self);
  jz_form_flow_emit_cancelled (JZ_FORM_FLOW (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);

  delete_draft (self);
  jz_form_flow_emit_cancelled (JZ_FORM_FLOW (self));
}

static void
notice_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_op (JZ_APPLICATION_FLOW (widget), op_new (OP_NOTICE), "notice");
}

static void
extend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  Op *op = op_new (OP_EXTEND);

  op->text = jz_form_text (self->extension_reason_row);
  op->text2 = g_strdup (combo_code (self->extension_channel_row, self->channel_codes));
  parse_row_date (self->extension_date_row, &op->date);
  run_op (self, op, NULL);
}

static void
add_pages_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  Op *op = op_new (OP_ADD_PAGES);

  g_variant_get (parameter, "(s^as)", &op->document, &op->files);
  if (op->files == NULL || op->files[0] == NULL)
    {
      op_free (op);
      return;
    }
  run_op (self, op, NULL);
}

static void
delete_page_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  Op *op = op_new (OP_DELETE_PAGE);

  g_variant_get (parameter, "(ss)", &op->material_id, &op->sha256);
  run_op (self, op, NULL);
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
  g_autofree char *label = jz_form_code_label (jz_session_get_codes (self->session), "document", document);
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

/* ---- the camera and the viewer ---- */

static void
camera_captured_cb (JzCamera          *camera,
                    const char        *sha256,
                    const char        *path,
                    JzApplicationFlow *self)
{
  Op *op = op_new (OP_ADD_PAGES);
  const char *files[] = { path, NULL };

  /* As an imported file: the same core call (jz_registry_add_material). */
  op->document = g_strdup (g_object_get_data (G_OBJECT (camera), "jz-document"));
  op->files = g_strdupv ((char **) files);
  op->unlink_files = TRUE;
  op->material_id = g_strdup (g_object_get_data (G_OBJECT (camera), "jz-replace-material"));
  op->sha256 = g_strdup (g_object_get_data (G_OBJECT (camera), "jz-replace-sha"));
  run_op (self, op, NULL);
}

static void
camera_import_file_cb (JzCamera          *camera,
                       JzApplicationFlow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.choose-pages", "s",
                              g_object_get_data (G_OBJECT (camera), "jz-document"));
}

static void
open_camera (JzApplicationFlow *self,
             const char        *document,
             const char        *replace_material,
             const char        *replace_sha)
{
  g_autofree char *label = jz_form_code_label (jz_session_get_codes (self->session), "document", document);
  GtkWindow *window = jz_camera_window_new (self->session, GTK_WIDGET (self), label);
  JzCamera *camera = jz_camera_window_get_camera (window);

  g_object_set_data_full (G_OBJECT (camera), "jz-document", g_strdup (document), g_free);
  g_object_set_data_full (G_OBJECT (camera), "jz-replace-material", g_strdup (replace_material), g_free);
  g_object_set_data_full (G_OBJECT (camera), "jz-replace-sha", g_strdup (replace_sha), g_free);
  g_signal_connect_object (camera, "captured", G_CALLBACK (camera_captured_cb), self, 0);
  g_signal_connect_object (camera, "import-file", G_CALLBACK (camera_import_file_cb), self, 0);
  gtk_window_present (window);
}

static void
take_pages_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_camera (JZ_APPLICATION_FLOW (widget), g_variant_get_string (parameter, NULL), NULL, NULL);
}

static void
viewer_delete_cb (JzPhotoViewer     *viewer,
                  const char        *sha256,
                  JzApplicationFlow *self)
{
  GHashTable *owners = g_object_get_data (G_OBJECT (viewer), "jz-owners");

  gtk_widget_activate_action (GTK_WIDGET (self), "flow.delete-page", "(ss)",
                              g_hash_table_lookup (owners, sha256), sha256);
}

static void
viewer_retake_cb (JzPhotoViewer     *viewer,
                  const char        *sha256,
                  JzApplicationFlow *self)
{
  GHashTable *owners = g_object_get_data (G_OBJECT (viewer), "jz-owners");

  open_camera (self, g_object_get_data (G_OBJECT (viewer), "jz-document"),
               g_hash_table_lookup (owners, sha256), sha256);
}

/* Every page of the tapped page's document, in checklist order. */
static void
view_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *label = NULL;
  const char *material_id, *sha, *document = NULL;
  GtkWidget *viewer;
  guint index = 0;

  g_variant_get (parameter, "(&s&s)", &material_id, &sha);
  for (guint m = 0; self->last_materials != NULL && m < self->last_materials->len; m++)
    if (g_strcmp0 (json_object_get_string_member (self->last_materials->pdata[m], "id"), material_id) == 0)
      document = json_object_get_string_member_with_default (self->last_materials->pdata[m], "document", NULL);
  if (document == NULL)
    return;
  for (guint m = 0; m < self->last_materials->len; m++)
    {
      JsonObject *mat = self->last_materials->pdata[m];
      JsonArray *list;

      if (json_object_get_boolean_member_with_default (mat, "deleted", FALSE) ||
          g_strcmp0 (json_object_get_string_member_with_default (mat, "document", NULL), document) != 0 ||
          !json_object_has_member (mat, "pages") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (mat, "pages")))
        continue;
      list = json_object_get_array_member (mat, "pages");
      for (guint p = 0; p < json_array_get_length (list); p++)
        {
          const char *page = json_array_get_string_element (list, p);

          if (g_strcmp0 (page, sha) == 0 && g_strcmp0 (json_object_get_string_member (mat, "id"), material_id) == 0)
            index = pages->len;
          g_ptr_array_add (pages, (gpointer) page);
          g_hash_table_insert (owners, (gpointer) page, (gpointer) json_object_get_string_member (mat, "id"));
        }
    }
  g_ptr_array_add (pages, NULL);
  label = jz_form_code_label (jz_session_get_codes (self->session), "document", document);
  viewer = jz_photo_viewer_new (self->session, widget, label, (const char * const *) pages->pdata, index);
  {
    GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, owners);
    while (g_hash_table_iter_next (&iter, &k, &v))
      g_hash_table_insert (copy, g_strdup (k), g_strdup (v));
    g_object_set_data_full (G_OBJECT (viewer), "jz-owners", copy, (GDestroyNotify) g_hash_table_unref);
  }
  g_object_set_data_full (G_OBJECT (viewer), "jz-document", g_strdup (document), g_free);
  g_signal_connect_object (viewer, "delete-page", G_CALLBACK (viewer_delete_cb), self, 0);
  g_signal_connect_object (viewer, "retake", G_CALLBACK (viewer_retake_cb), self, 0);
  gtk_window_present (GTK_WINDOW (viewer));
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
  set_busy (self, FALSE);
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
  update_proxy_decision (self);
  update_actions (self);
}

static void
load_person (JzApplicationFlow *self)
{
  set_busy (self, TRUE);
  jz_session_run_async (self->session, load_person_in_thread, g_strdup (self->person_id), g_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, person_loaded_cb,
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
  g_autoptr(JzApplicationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = jz_session_run_finish (JZ_SESSION (source), result, &error);
  const char *step;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (body == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be opened: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }
  self->person_id = g_strdup (json_object_get_string_member_with_default (body, "person_id", NULL));
  self->application_id = g_strdup (json_object_get_string_member_with_default (body, "application_id", NULL));
  if (json_object_has_member (body, "values") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "values")))
    apply_values (self, json_object_get_object_member (body, "values"));
  step = json_object_get_string_member_with_default (body, "step", "apply");
  if (self->person_id != NULL)
    load_person (self);
  if (self->application_id != NULL)
    run_op (self, op_new (OP_REFRESH), g_str_equal (step, "apply") ? "apply" : "checklist");
  update_actions (self);
}

/* ---- life cycle ---- */

static void
jz_application_flow_dispose (GObject *object)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), JZ_TYPE_APPLICATION_FLOW);

  G_OBJECT_CLASS (jz_application_flow_parent_class)->dispose (object);
}

static void
jz_application_flow_finalize (GObject *object)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->person_id, g_free);
  g_clear_pointer (&self->person, json_object_unref);
  g_clear_pointer (&self->application_id, g_free);
  g_clear_pointer (&self->application, json_object_unref);
  g_clear_pointer (&self->draft_id, g_free);
  g_clear_pointer (&self->kind_codes, g_ptr_array_unref);
  g_clear_pointer (&self->relation_codes, g_ptr_array_unref);
  g_clear_pointer (&self->channel_codes, g_ptr_array_unref);
  g_clear_pointer (&self->decision_rows, g_ptr_array_unref);
  g_clear_pointer (&self->material_rows, g_ptr_array_unref);
  g_clear_pointer (&self->last_materials, g_ptr_array_unref);
  g_clear_pointer (&self->issued_rows, g_ptr_array_unref);
  g_clear_pointer (&self->after_op_step, g_free);

  G_OBJECT_CLASS (jz_application_flow_parent_class)->finalize (object);
}

/* ---- printing and PDF (jz-print.c draws; the data are read off the main thread) ---- */

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  JzApplicationFlow *self = JZ_APPLICATION_FLOW (widget);
  const char *which = g_variant_get_string (param, NULL);
  JzPrintKind kind = g_str_equal (which, "receipt") ? JZ_PRINT_RECEIPT : JZ_PRINT_NOTICE;
  const char *record = self->application_id;

  if (g_str_equal (action_name, "flow.print"))
    jz_print_run_dialog (widget, self->toast_overlay, self->session, kind, record);
  else
    jz_print_save_pdf_dialog (widget, self->toast_overlay, self->session, kind, record);
}

static gboolean
keep_draft_vfunc (JzFormFlow *flow)
{
  return jz_application_flow_keep_draft (JZ_APPLICATION_FLOW (flow));
}

static void
jz_application_flow_class_init (JzApplicationFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_application_flow_dispose;
  object_class->finalize = jz_application_flow_finalize;
  JZ_FORM_FLOW_CLASS (klass)->keep_draft = keep_draft_vfunc;

  signals[SIGNAL_CHECKLIST_CHANGED] =
    g_signal_new ("checklist-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-application-flow.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, JzApplicationFlow, name)
  BIND (header_bar);
  BIND (title);
  BIND (toast_overlay);
  BIND (stack);
  BIND (applicant_row);
  BIND (kind_row);
  BIND (employment_check);
  BIND (residence_check);
  BIND (study_check);
  BIND (residence_since_row);
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
  BIND (next_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "flow.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "flow.print", "s", print_action);
  gtk_widget_class_install_action (widget_class, "flow.save-pdf", "s", print_action);
  gtk_widget_class_install_action (widget_class, "flow.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "flow.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "flow.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "flow.notice", NULL, notice_action);
  gtk_widget_class_install_action (widget_class, "flow.extend", NULL, extend_action);
  gtk_widget_class_install_action (widget_class, "flow.choose-pages", "s", choose_pages_action);
  gtk_widget_class_install_action (widget_class, "flow.add-pages", "(sas)", add_pages_action);
  gtk_widget_class_install_action (widget_class, "flow.delete-page", "(ss)", delete_page_action);
  gtk_widget_class_install_action (widget_class, "flow.take-pages", "s", take_pages_action);
  gtk_widget_class_install_action (widget_class, "flow.view-page", "(ss)", view_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flow.cancel", NULL);
}

static void
jz_application_flow_init (JzApplicationFlow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jz_form_flow_set_header_bar (JZ_FORM_FLOW (self), self->header_bar);
  jz_form_add_step_keys (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->decision_rows = g_ptr_array_new ();
  self->material_rows = g_ptr_array_new ();
  self->issued_rows = g_ptr_array_new ();

  jz_form_add_date_button (self->residence_since_row);
  jz_form_add_date_button (self->accepted_on_row);
  jz_form_add_date_button (self->extension_date_row);
  jz_form_add_date_button (self->issued_on_row);

  g_signal_connect_swapped (self->proxy_expander, "notify::enable-expansion", G_CALLBACK (update_proxy_decision), self);
  g_signal_connect_swapped (self->proxy_name_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->proxy_id_row, "changed", G_CALLBACK (update_proxy_decision), self);
  g_signal_connect_swapped (self->proxy_relation_row, "notify::selected", G_CALLBACK (update_proxy_decision), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_proxy_decision), self);
  g_signal_connect_swapped (self->accepted_on_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->issued_on_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->extension_reason_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->extension_date_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (on_changed), self);
}

static JzApplicationFlow *
flow_new (JzSession *session)
{
  JzApplicationFlow *self = g_object_new (JZ_TYPE_APPLICATION_FLOW, NULL);
  JzCodes *codes = jz_session_get_codes (session);
  JzProfile *profile = jz_session_get_profile (session);
  g_autoptr(GtkStringList) kinds = NULL;
  g_autoptr(GtkStringList) relations = NULL;
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  const char * const *allowed = jz_profile_extension_channels (profile);
  g_autofree char *today_text = NULL;
  GDate t;

  self->session = g_object_ref (session);
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
  update_actions (self);
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
  self->draft_id = g_strdup (draft_id);
  set_busy (self, TRUE);
  jz_session_run_async (session, load_draft_in_thread, g_strdup (draft_id), g_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, draft_loaded_cb,
                        g_object_ref (self));
  return GTK_WIDGET (self);
}

static void
application_opened_cb (JzApplicationFlow *self)
{
  if (self->application == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self, application_opened_cb, NULL);
  apply_values (self, self->application);
  gtk_stack_set_visible_child_name (self->stack, step_for_status (status (self)));
  if (self->person == NULL && self->person_id != NULL)
    load_person (self);
  update_actions (self);
}

GtkWidget *
jz_application_flow_new_for_application (JzSession  *session,
                                         const char *application_id)
{
  JzApplicationFlow *self;
  Op *op = op_new (OP_REFRESH);

  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (application_id != NULL, NULL);

  self = flow_new (session);
  self->application_id = g_strdup (application_id);
  g_signal_connect (self, "checklist-changed", G_CALLBACK (application_opened_cb), NULL);
  run_op (self, op, NULL);
  return GTK_WIDGET (self);
}
