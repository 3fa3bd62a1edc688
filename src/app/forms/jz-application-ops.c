/* jz-application-ops.c — what the application form asks of the core (apply,
 * edit, add pages, accept, issue, …), each run off the main thread; issuing
 * and extending are asked first
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
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

/* ---- operations, off the main thread ---- */

void
_jz_application_op_free (Op *op)
{
  g_free (op->application_id);
  g_clear_pointer (&op->values, json_object_unref);
  g_free (op->document);
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

void
_jz_application_op_result_free (OpResult *r)
{
  g_free (r->application_id);
  g_clear_pointer (&r->application, json_object_unref);
  g_clear_pointer (&r->result, jz_rules_result_free);
  g_clear_pointer (&r->needs, g_ptr_array_unref);
  g_clear_pointer (&r->materials, g_ptr_array_unref);
  g_clear_pointer (&r->textures, g_hash_table_unref);
  g_free (r->notice);
  g_clear_pointer (&r->permit, json_object_unref);
  g_free (r->photo_warning);
  g_free (r->warn_document);
  g_free (r->warn_material);
  g_free (r->warn_sha);
  g_free (r);
}

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

/* The first page of @material the import found blurred or glaring, said
 * with its number, and kept for a retake. */
static void
warn_about_pages (OpResult   *r,
                  const Op   *op,
                  JsonObject *material)
{
  JsonArray *warnings;
  JsonObject *w;
  guint page;

  if (!json_object_has_member (material, "_photo_warnings"))
    return;
  warnings = json_object_get_array_member (material, "_photo_warnings");
  if (warnings == NULL || json_array_get_length (warnings) == 0)
    return;
  w = json_array_get_object_element (warnings, 0);
  page = (guint) json_object_get_int_member (w, "page");
  if (json_object_get_boolean_member (w, "blurred"))
    r->photo_warning = g_strdup_printf (_("Page %u looks blurred: a reviewer may not read it"), page);
  else
    r->photo_warning = g_strdup_printf (_("A glare hides part of page %u"), page);
  r->warn_document = g_strdup (op->document);
  r->warn_material = g_strdup (json_object_get_string_member_with_default (material, "id", NULL));
  r->warn_sha = g_strdup (json_object_get_string_member_with_default (w, "sha256", NULL));
}

gpointer
_jz_application_op_in_thread (JzSession     *session,
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
        g_autoptr(JsonObject) material = NULL;

        if (op->taken)
          material = jz_registry_add_material_photos (registry, op->application_id, op->document,
                                                      (const char * const *) op->files, NULL, author, error);
        else
          material = jz_registry_add_material (registry, op->application_id, op->document,
                                               (const char * const *) op->files, NULL, author, error);
        if (material == NULL)
          return NULL;
        warn_about_pages (r, op, material);
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
          g_autoptr(GBytes) bytes = NULL;
          GdkTexture *texture;

          if (sha == NULL || g_hash_table_contains (r->textures, sha) ||
              (bytes = jz_photo_store_read_thumbnail (photos, sha, NULL)) == NULL)
            continue;
          texture = gdk_texture_new_from_bytes (bytes, NULL);
          if (texture != NULL)
            g_hash_table_insert (r->textures, g_strdup (sha), texture);
        }
    }

  return g_steal_pointer (&r);
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

/* The proxy decision row says why the rules refused the application. */
static char *
readable_problems (const GError *error)
{
  g_autoptr(GPtrArray) problems = jz_form_error_problems (error);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *shown = jz_form_problem_text (g_ptr_array_index (problems, i), NULL);

      if (out->len)
        g_string_append_c (out, '\n');
      g_string_append (out, shown);
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
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), FALSE);
  error_label = op_error_label (self, kind);

  if (r == NULL)
    {
      jz_form_ask_to_set_date (GTK_WIDGET (self), error);
      jz_form_flow_show_problems (JZ_FORM_FLOW (self), error, error_label);
      if (kind == OP_APPLY && g_error_matches (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED))
        {
          g_autofree char *text = readable_problems (error);

          adw_action_row_set_subtitle (self->proxy_decision_row, text);
        }
      jz_form_flow_update_actions (JZ_FORM_FLOW (self));
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
      _jz_application_fill_decisions (self, r->result);
      _jz_application_fill_materials (self, r);
      _jz_application_fill_due (self, r->result);
      _jz_application_emit_checklist_changed (self);
    }
  if (r->notice != NULL)
    gtk_label_set_text (self->notice_label, r->notice);
  if (r->photo_warning != NULL && r->warn_material != NULL && r->warn_sha != NULL)
    {
      AdwToast *toast = adw_toast_new (r->photo_warning);

      adw_toast_set_button_label (toast, _("_Retake"));
      adw_toast_set_action_name (toast, "flow.retake-page");
      adw_toast_set_action_target_value (toast, g_variant_new ("(sss)", r->warn_document, r->warn_material,
                                                               r->warn_sha));
      adw_toast_set_timeout (toast, 20);   /* long enough to read, not to hold the toasts after it */
      adw_toast_overlay_add_toast (jz_form_flow_get_toast_overlay (JZ_FORM_FLOW (self)), toast);
    }
  if (kind == OP_ISSUE || g_strcmp0 (_jz_application_status (self), "issued") == 0)
    _jz_application_fill_issued (self, r->permit);

  if (kind == OP_ACCEPT)
    jz_form_flow_delete_draft (JZ_FORM_FLOW (self));
  if (go_to != NULL)
    jz_form_flow_show_step (JZ_FORM_FLOW (self), go_to);
  if (kind == OP_APPLY || kind == OP_EDIT)
    jz_form_flow_save_draft (JZ_FORM_FLOW (self));
  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
}

void
_jz_application_run_op (JzApplicationFlow *self,
                        Op                *op,
                        const char        *then_step)
{
  op->application_id = op->application_id ? op->application_id : g_strdup (self->application_id);
  self->running_op = op->kind;
  g_free (self->after_op_step);
  self->after_op_step = g_strdup (then_step);
  jz_form_flow_set_busy (JZ_FORM_FLOW (self), TRUE);
  jz_session_run_async (jz_form_flow_get_session (JZ_FORM_FLOW (self)), _jz_application_op_in_thread, op, (GDestroyNotify) _jz_application_op_free,
                        (GDestroyNotify) _jz_application_op_result_free, jz_form_flow_get_cancellable (JZ_FORM_FLOW (self)), op_done_cb, g_object_ref (self));
}

Op *
_jz_application_op_new (OpKind kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  g_date_clear (&op->date, 1);
  return op;
}

gboolean
_jz_application_parse_row_date (AdwEntryRow *row,
                                GDate       *out)
{
  return jz_date_parse (gtk_editable_get_text (GTK_EDITABLE (row)), out, NULL);
}

/* ---- asked first ---- */

typedef struct
{
  JzApplicationFlow *self;
  Op                *op;
  const char        *then_step;
} PendingOp;

static void
pending_op_free (gpointer data)
{
  PendingOp *p = data;

  g_clear_pointer (&p->op, _jz_application_op_free);
  g_object_unref (p->self);
  g_free (p);
}

static void
pending_op_run (gpointer data)
{
  PendingOp *p = data;

  _jz_application_run_op (p->self, g_steal_pointer (&p->op), p->then_step);
}

/* Issuing and extending cannot be taken back: asked first (takes @op). */
void
_jz_application_confirm_op (JzApplicationFlow *self,
                            Op                *op,
                            const char        *then_step,
                            const char        *heading,
                            const char        *body,
                            const char        *confirm_label)
{
  PendingOp *p = g_new0 (PendingOp, 1);

  p->self = g_object_ref (self);
  p->op = op;
  p->then_step = then_step;
  jz_form_confirm (GTK_WIDGET (self), heading, body, confirm_label, pending_op_run, p, pending_op_free);
}
