/* test-app-forms-application.c — the application flow, driven through its
 * widgets and actions, checked against what lands in the store
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checklist fills as photos are added, acceptance, the county office's
 * issue (asked first), a 签注 too early, a page deleted. The fixture and the
 * helpers are test-app-forms.c's.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "jz-app-test-util.h"
#include "jz-application-flow.h"
#include "test-app-forms.h"

static gboolean
application_idle (gpointer flow)
{
  return !jz_form_flow_get_busy (JZ_FORM_FLOW (flow));
}

static void
add_pages (gpointer    flow,
           const char *document,
           const char *file)
{
  const char *files[] = { file, NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.add-pages", "(s^as)", document, files));
  wait_until (application_idle, flow);
}

/* 王小燕, declared through the core: the applicant of the application
 * tests; with @portrait (a photo in the store) when not NULL. */
static JsonObject *
declare_wang_with (Fixture    *f,
                   const char *portrait)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  JsonObject *declared;
  GDate today;

  jz_session_get_today (f->session, &today);
  json_object_set_string_member (input, "id_number", "411202198506120024");
  json_object_set_string_member (input, "name", "王小燕");
  json_object_set_string_member (input, "hukou_division", "411202");
  json_object_set_string_member (input, "residence_division", "220104");
  json_object_set_string_member (input, "residence_address", "人民大街100号3单元502");
  json_object_set_string_member (input, "arrival_date", "2025-08-15");
  json_object_set_string_member (input, "reason", "work");
  if (portrait != NULL)
    json_object_set_string_member (input, "portrait", portrait);
  declared = jz_registry_declare (jz_session_get_registry (f->session), input, &today, "test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (declared);
  return declared;
}

static JsonObject *
declare_wang (Fixture *f)
{
  return declare_wang_with (f, NULL);
}

void
test_application (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(JzRulesResult) engine = NULL;
  GtkWidget *flow;
  GtkWidget *window;
  GtkWidget *row;
  g_autofree char *app_id = NULL;
  GDate today;

  /* a person declared through the core */
  jz_session_get_today (f->session, &today);
  declared = declare_wang (f);

  flow = jz_application_flow_new (f->session, json_object_get_string_member (declared, "person_id"));
  window = window_with (flow, 1280, 800);
  wait_until (application_idle, flow);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (JZ_APPLICATION_FLOW (flow))), ==, "apply");
  screenshot (window, "application-first-step-1280x800");

  gtk_check_button_set_active (child (flow, JZ_TYPE_APPLICATION_FLOW, "employment_check"), TRUE);
  set_text (flow, JZ_TYPE_APPLICATION_FLOW, "residence_since_row", "2025-08-15");
  g_assert_true (gtk_widget_activate_action (flow, "flow.next", NULL));
  wait_until (application_idle, flow);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (JZ_APPLICATION_FLOW (flow))), ==, "checklist");
  app_id = g_strdup (jz_application_flow_get_application_id (JZ_APPLICATION_FLOW (flow)));
  g_assert_nonnull (app_id);

  /* the checklist is the rules engine's: a row for each need it lists */
  engine = jz_registry_evaluate (jz_session_get_registry (f->session), app_id, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jz_rules_result_get_n_missing (engine), ==, 4);
  for (guint i = 0; i < jz_rules_result_get_n_missing (engine); i++)
    {
      g_autofree char *name = g_strdup_printf ("need-%s", jz_rules_result_get_missing (engine, i)->need);

      row = find_named (flow, name);
      g_assert_nonnull (row);
      g_assert_true (gtk_widget_has_css_class (row, "missing"));
    }
  g_assert_nonnull (find_named (flow, "need-employment_proof"));
  g_assert_false (gtk_widget_get_sensitive (child (flow, JZ_TYPE_APPLICATION_FLOW, "next_button")));
  /* each decision cites its article in full: 《居住证暂行条例》第二条 */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    gboolean cited = FALSE, short_form = FALSE;

    jz_test_collect_labels (flow, labels);
    for (guint i = 0; i < labels->len; i++)
      {
        cited |= strstr (labels->pdata[i], "》第") != NULL;
        short_form |= strstr (labels->pdata[i], "条例 第") != NULL || strstr (labels->pdata[i], "吉林 第") != NULL ||
                      strstr (labels->pdata[i], "三门峡 第") != NULL;
      }
    g_assert_true (cited);
    g_assert_false (short_form);
  }
  screenshot (window, "application-checklist-1280x800");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_destroy (GTK_WINDOW (window));
  window = NULL;

  {
    /* the same checklist on a phone-wide screen */
    GtkWidget *narrow = jz_application_flow_new_for_application (f->session, app_id);
    GtkWidget *narrow_window = window_with (narrow, 360, 720);

    wait_until (application_idle, narrow);
    g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (JZ_APPLICATION_FLOW (narrow))), ==, "checklist");
    screenshot (narrow_window, "application-checklist-360x720");
    gtk_window_destroy (GTK_WINDOW (narrow_window));
  }

  flow = jz_application_flow_new_for_application (f->session, app_id);
  window = window_with (flow, 1280, 800);
  wait_until (application_idle, flow);

  /* a photo of the ID card turns its need green */
  add_pages (flow, "id_card", f->png);
  row = find_named (flow, "need-identity");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (row, "done"));
  g_assert_true (gtk_widget_has_css_class (find_named (flow, "need-photo"), "missing"));

  add_pages (flow, "photo", f->png);
  add_pages (flow, "lease_contract", f->png);
  add_pages (flow, "labour_contract", f->png);
  g_assert_true (gtk_widget_has_css_class (find_named (flow, "need-employment_proof"), "done"));
  screenshot (window, "application-checklist-complete-1280x800");

  g_assert_true (gtk_widget_get_sensitive (child (flow, JZ_TYPE_APPLICATION_FLOW, "next_button")));
  gtk_widget_activate_action (flow, "flow.next", NULL);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (JZ_APPLICATION_FLOW (flow))), ==, "accept");
  gtk_widget_activate_action (flow, "flow.next", NULL);
  wait_until (application_idle, flow);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (JZ_APPLICATION_FLOW (flow))), ==, "accepted");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (flow, JZ_TYPE_APPLICATION_FLOW, "due_row")),
                            "2026-03-16"));
  screenshot (window, "application-accepted-1280x800");

  app = jz_store_get (jz_session_get_store (f->session), "application", app_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (app, "status"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (app, "accepted_on"), ==, "2026-03-01");

  /* Committee staff do not issue permits (the county office does): the
   * flow ends here, saying so. */
  g_assert_cmpstr (jz_session_get_role (f->session), ==, "committee");
  g_assert_false (gtk_widget_get_visible (child (flow, JZ_TYPE_APPLICATION_FLOW, "issued_on_row")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (flow, JZ_TYPE_APPLICATION_FLOW, "next_button"))),
                   ==, "_Done");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* 本人相片 from the declaration's portrait: one tap, and the need is met
 * by the same photo, not a copy. */
void
test_application_portrait (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  JzPhotoInfo info = { { 0 } };
  GtkWidget *flow, *window;
  gboolean found = FALSE;

  g_assert_true (jz_photo_store_import_file (jz_session_get_photos (f->session), f->png, &info, &error));
  g_assert_no_error (error);
  declared = declare_wang_with (f, info.sha256);

  flow = jz_application_flow_new (f->session, json_object_get_string_member (declared, "person_id"));
  window = window_with (flow, 1280, 800);
  wait_until (application_idle, flow);
  gtk_check_button_set_active (child (flow, JZ_TYPE_APPLICATION_FLOW, "employment_check"), TRUE);
  set_text (flow, JZ_TYPE_APPLICATION_FLOW, "residence_since_row", "2025-08-15");
  g_assert_true (gtk_widget_activate_action (flow, "flow.next", NULL));
  wait_until (application_idle, flow);
  g_assert_true (gtk_widget_has_css_class (find_named (flow, "need-photo"), "missing"));
  g_assert_nonnull (find_named (flow, "use-portrait"));

  /* the ID card's two sides, prompted in turn */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (flow, "document-id_card"))),
                            "人像面"));
  add_pages (flow, "id_card", f->png);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_named (flow, "document-id_card"))),
                            "国徽面"));

  g_assert_true (gtk_widget_activate_action (flow, "flow.use-portrait", "s", "photo"));
  wait_until (application_idle, flow);
  g_assert_true (gtk_widget_has_css_class (find_named (flow, "need-photo"), "done"));
  g_assert_null (find_named (flow, "use-portrait"));   /* once is enough */

  materials = jz_store_list (jz_session_get_store (f->session), "material", "application_id",
                             jz_application_flow_get_application_id (JZ_APPLICATION_FLOW (flow)), 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < materials->len; i++)
    {
      JsonObject *m = materials->pdata[i];

      if (g_strcmp0 (json_object_get_string_member_with_default (m, "document", NULL), "photo") == 0)
        {
          JsonArray *pages = json_object_get_array_member (m, "pages");

          g_assert_cmpuint (json_array_get_length (pages), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (pages, 0), ==, info.sha256);
          found = TRUE;
        }
    }
  g_assert_true (found);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A 签注 application on the permit's issue day (issue 12's blocker): the
 * checklist is complete, but the rules say the window opens a year later,
 * so "To acceptance" stays off and says why. */
void
test_endorsement_too_early (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(JsonObject) permit = json_object_new ();
  g_autoptr(JsonObject) endorse = json_object_new ();
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(JzSave) save = jz_save_new ("test");
  g_autofree char *permit_id = NULL;
  GtkLabel *error_label;
  GtkWidget *flow;
  GtkWidget *window;
  GDate today;

  jz_session_get_today (f->session, &today);
  declared = declare_wang (f);

  /* a permit issued today, as the county's sync would bring it */
  json_object_set_string_member (permit, "person_id", json_object_get_string_member (declared, "person_id"));
  json_object_set_string_member (permit, "number", "T-000001");
  json_object_set_string_member (permit, "issued_on", "2026-03-01");
  json_object_set_string_member (permit, "status", "active");
  permit_id = g_strdup (jz_save_create (save, "permit", permit));
  g_assert_true (jz_store_commit (jz_session_get_store (f->session), save, &error));
  g_assert_no_error (error);

  json_object_set_string_member (endorse, "person_id", json_object_get_string_member (declared, "person_id"));
  json_object_set_string_member (endorse, "permit_id", permit_id);
  json_object_set_string_member (endorse, "kind", "endorse");
  app = jz_registry_apply (jz_session_get_registry (f->session), endorse, &today, "test", &error);
  g_assert_no_error (error);

  flow = jz_application_flow_new_for_application (f->session, json_object_get_string_member (app, "id"));
  window = window_with (flow, 1280, 800);
  wait_until (application_idle, flow);
  add_pages (flow, "id_card", f->png);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (flow)), ==, "checklist");
  g_assert_true (gtk_widget_has_css_class (find_named (flow, "need-identity"), "done"));
  g_assert_false (gtk_widget_get_sensitive (child (flow, JZ_TYPE_APPLICATION_FLOW, "next_button")));
  error_label = child (flow, JZ_TYPE_APPLICATION_FLOW, "checklist_error");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_test_message ("%s", gtk_label_get_text (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "2027-02-01"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The county office issues the permit: the flow asks first (issuing is
 * for good); cancelled, nothing changes; confirmed, the permit is issued. */
void
test_application_issue (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonObject) applied = NULL;
  g_autoptr(JsonObject) app = NULL;
  JzRegistry *registry;
  const char *app_id;
  GtkWidget *flow, *window;
  GDate today;

  g_assert_true (jz_store_set_meta (jz_session_get_store (f->session), "role", "county", &error));
  g_clear_object (&f->session);
  f->session = jz_session_open (f->dir, &error);
  g_assert_no_error (error);
  registry = jz_session_get_registry (f->session);
  jz_session_get_today (f->session, &today);
  declared = declare_wang (f);
  json_object_set_string_member (apply, "person_id", json_object_get_string_member (declared, "person_id"));
  json_object_set_string_member (apply, "kind", "first");
  json_object_set_string_member (apply, "residence_since", "2025-08-15");
  json_object_set_array_member (apply, "conditions", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (apply, "conditions"), "employment");
  applied = jz_registry_apply (registry, apply, &today, "test", &error);
  g_assert_no_error (error);
  app_id = json_object_get_string_member (applied, "id");
  jz_test_complete_materials (registry, app_id, &today, f->png, "2025-08-15");
  jz_registry_accept (registry, app_id, &today, FALSE, "test", &error);
  g_assert_no_error (error);

  flow = jz_application_flow_new_for_application (f->session, app_id);
  window = window_with (flow, 1280, 800);
  wait_until (application_idle, flow);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (flow)), ==, "accepted");
  g_assert_true (gtk_widget_get_visible (child (flow, JZ_TYPE_APPLICATION_FLOW, "issued_on_row")));

  gtk_widget_activate_action (flow, "flow.next", NULL);
  jz_test_answer_dialog ("Issue the residence permit?", "cancel");
  jz_test_spin (100);
  app = jz_store_get (jz_session_get_store (f->session), "application", app_id, &error);
  g_assert_cmpstr (json_object_get_string_member (app, "status"), ==, "accepted");
  g_clear_pointer (&app, json_object_unref);

  gtk_widget_activate_action (flow, "flow.next", NULL);
  jz_test_answer_dialog ("Issue the residence permit?", "confirm");
  jz_test_spin (50);
  wait_until (application_idle, flow);
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (flow)), ==, "issued");
  app = jz_store_get (jz_session_get_store (f->session), "application", app_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (app, "status"), ==, "issued");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A page deleted is gone from the material, and the need is open again. */
void
test_application_delete_page (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  GtkWidget *flow;
  GtkWidget *window;
  JsonObject *m;
  GDate today;

  jz_session_get_today (f->session, &today);
  json_object_set_string_member (input, "id_number", "411202198506120024");
  json_object_set_string_member (input, "name", "王小燕");
  json_object_set_string_member (input, "residence_division", "220104");
  json_object_set_string_member (input, "residence_address", "人民大街1号");
  json_object_set_string_member (input, "arrival_date", "2025-08-15");
  json_object_set_string_member (input, "reason", "work");
  declared = jz_registry_declare (jz_session_get_registry (f->session), input, &today, "test", &error);
  g_assert_no_error (error);

  flow = jz_application_flow_new (f->session, json_object_get_string_member (declared, "person_id"));
  window = window_with (flow, 1280, 800);
  wait_until (application_idle, flow);
  gtk_widget_activate_action (flow, "flow.next", NULL);
  wait_until (application_idle, flow);
  add_pages (flow, "id_card", f->png);
  g_assert_true (gtk_widget_has_css_class (find_named (flow, "need-identity"), "done"));

  materials = jz_store_list (jz_session_get_store (f->session), "material", "application_id",
                             jz_application_flow_get_application_id (JZ_APPLICATION_FLOW (flow)), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (materials->len, ==, 1);
  m = materials->pdata[0];
  g_assert_true (gtk_widget_activate_action (flow, "flow.delete-page", "(ss)", json_object_get_string_member (m, "id"),
                                             json_array_get_string_element (json_object_get_array_member (m, "pages"), 0)));
  wait_until (application_idle, flow);
  g_assert_true (gtk_widget_has_css_class (find_named (flow, "need-identity"), "missing"));
  gtk_window_destroy (GTK_WINDOW (window));
}

