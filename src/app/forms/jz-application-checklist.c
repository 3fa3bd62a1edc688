/* jz-application-checklist.c — the application's materials checklist and the
 * rules engine's decisions, as the form shows them
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jz-app-util.h"
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

/* ---- the checklist and the decisions ---- */

void
_jz_application_fill_decisions (JzApplicationFlow *self,
                                JzRulesResult     *result)
{
  g_autofree char *from_text = NULL;
  const char *title;
  GtkWidget *row;
  GDate from;

  jz_form_clear_rows (self->decisions_group, self->decision_rows);
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
      row = jz_form_add_row (self->decisions_group, self->decision_rows, title, from_text);
      gtk_widget_add_css_class (row, "heading");
    }

  /* What the rules refuse, said where the disabled Next is: the app never
   * runs a step the rules refused (the registry refuses it too). */
  g_clear_pointer (&self->refusal, g_free);
  if (jz_rules_result_get_eligibility (result, NULL) == JZ_ELIGIBILITY_NOT_ELIGIBLE)
    self->refusal = g_strdup (_("Cannot be accepted: the applicant is not eligible (see the decisions)."));
  else if (self->application != NULL &&
           g_strcmp0 (json_object_get_string_member_with_default (self->application, "kind", NULL), "endorse") == 0)
    {
      JzRulesEndorsement en;

      if (jz_rules_result_get_endorsement (result, &en) && en.status == JZ_ENDORSEMENT_NOT_DUE)
        {
          g_autofree char *opens = jz_date_format (&en.window_opens);

          self->refusal = g_strdup_printf (_("Cannot be accepted yet: the endorsement window opens on %s."), opens);
        }
    }
  if (g_strcmp0 (_jz_application_status (self), "submitted") == 0)
    jz_form_show_error (self->checklist_error, self->refusal);

  /* Each decision with the article that makes it. */
  for (guint i = 0; i < jz_rules_result_get_n_reasons (result); i++)
    {
      const JzRulesReason *r = jz_rules_result_get_reason (result, i);

      JzSession *session = jz_form_flow_get_session (JZ_FORM_FLOW (self));
      g_autofree char *message = jz_app_cite_text (session, r->message);
      g_autofree char *article = jz_app_cite_text (session, r->article);

      row = jz_form_add_row (self->decisions_group, self->decision_rows, message,
                     article ? article : _("no article applies"));
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

void
_jz_application_fill_materials (JzApplicationFlow *self,
                                OpResult          *r)
{
  JzCodes *codes = jz_session_get_codes (jz_form_flow_get_session (JZ_FORM_FLOW (self)));
  g_autoptr(GHashTable) missing = g_hash_table_new (g_str_hash, g_str_equal);

  jz_form_clear_rows (self->materials_group, self->material_rows);
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
          /* an ID card has two sides: say which one comes next */
          if (g_str_equal (doc, "id_card") && n_pages < 2)
            {
              g_autofree char *side = g_strdup_printf ("%s · %s", pages_text,
                                                       n_pages == 0 ? _("first the side with the portrait (人像面)")
                                                                    : _("now the side with the national emblem (国徽面)"));

              adw_action_row_set_subtitle (ADW_ACTION_ROW (doc_row), side);
            }
          else
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
          /* 本人相片: the portrait the declaration took, one tap away */
          if (g_str_equal (doc, "photo") && n_pages == 0 && self->person != NULL &&
              json_object_get_string_member_with_default (self->person, "portrait", NULL) != NULL)
            {
              GtkWidget *portrait = gtk_button_new_with_mnemonic (_("Use the _portrait"));

              gtk_widget_set_name (portrait, "use-portrait");
              gtk_widget_set_tooltip_text (portrait, _("The photo taken with the declaration"));
              gtk_widget_set_valign (portrait, GTK_ALIGN_CENTER);
              gtk_actionable_set_action_name (GTK_ACTIONABLE (portrait), "flow.use-portrait");
              gtk_actionable_set_action_target (GTK_ACTIONABLE (portrait), "s", doc);
              adw_action_row_add_suffix (ADW_ACTION_ROW (doc_row), portrait);
            }
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

void
_jz_application_fill_due (JzApplicationFlow *self,
                          JzRulesResult     *result)
{
  JzProfile *profile = jz_session_get_profile (jz_form_flow_get_session (JZ_FORM_FLOW (self)));
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
    {
      g_autofree char *cited = jz_app_cite_text (jz_form_flow_get_session (JZ_FORM_FLOW (self)), subtitle);

      adw_action_row_set_subtitle (self->due_row, cited);
    }
  }
  gtk_widget_set_visible (GTK_WIDGET (self->extension_group),
                          jz_profile_extension_days (profile) > 0 && extension_reason == NULL);
  gtk_widget_set_visible (self->extend_button, jz_profile_extension_days (profile) > 0 && extension_reason == NULL);
}

void
_jz_application_fill_issued (JzApplicationFlow *self,
                             JsonObject        *permit)
{
  jz_form_clear_rows (self->issued_group, self->issued_rows);
  if (permit == NULL)
    {
      jz_form_add_row (self->issued_group, self->issued_rows, _("Issued on"),
               json_object_get_string_member_with_default (self->application, "issued_on", ""));
      return;
    }
  if (json_object_get_string_member_with_default (permit, "number", NULL) != NULL)
    jz_form_add_row (self->issued_group, self->issued_rows, _("Permit number"), json_object_get_string_member (permit, "number"));
  jz_form_add_row (self->issued_group, self->issued_rows, _("Issued on"),
           json_object_get_string_member_with_default (permit, "issued_on",
                                                       json_object_get_string_member_with_default (permit, "endorsed_on", "")));
}

/* ---- the proxy decision, asked of the rules engine as it is typed ----
 * The engine is a pure function (no store, no disk): it runs here. */

void
_jz_application_update_proxy_decision (JzApplicationFlow *self)
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

  jz_form_flow_update_actions (JZ_FORM_FLOW (self));
  if (!adw_expander_row_get_enable_expansion (self->proxy_expander) || self->person == NULL)
    return;

  jz_session_get_today (jz_form_flow_get_session (JZ_FORM_FLOW (self)), &t);
  today_text = jz_date_format (&t);
  c = json_object_new ();
  applicant = json_object_new ();
  proxy = json_object_new ();
  json_object_set_string_member (c, "kind", jz_form_combo_code (self->kind_row, self->kind_codes));
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
  json_object_set_string_member (proxy, "relation", jz_form_combo_code (self->proxy_relation_row, self->relation_codes));
  json_object_set_object_member (c, "proxy", proxy);
  json_object_set_string_member (c, "applied_on", today_text);
  node = json_node_init_object (json_node_alloc (), c);

  rules_case = jz_rules_case_new_from_json (node, NULL);
  if (rules_case == NULL)
    {
      adw_action_row_set_subtitle (self->proxy_decision_row, _("Type the proxy's ID number to see the decision."));
      return;
    }
  result = jz_rules_evaluate (jz_session_get_profile (jz_form_flow_get_session (JZ_FORM_FLOW (self))), rules_case, &t, NULL);
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
  {
    g_autofree char *cited = jz_app_cite_text (jz_form_flow_get_session (JZ_FORM_FLOW (self)), text->str);

    adw_action_row_set_subtitle (self->proxy_decision_row, cited);
  }
  if (allowed)
    gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_decision_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->proxy_decision_row), "error");
}
