/* test-app-person.c — the person page's dialogs, driven as a clerk would:
 * 注销, putting a registration right, 不予受理
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixture is test-app.c's: a real data directory and window.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "jz-app-test-util.h"
#include "jz-person-page.h"
#include "test-app.h"

static GtkWidget *
find_widget_named (GtkWidget  *widget,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

typedef struct
{
  JzPersonPage *page;
  const char   *registration;
  JzStore      *store;
} DepartWait;

static gboolean
departed_and_shown (gpointer data)
{
  DepartWait *w = data;
  g_autoptr(JsonObject) reg = jz_store_get (w->store, "registration", w->registration, NULL);

  return reg != NULL && g_strcmp0 (json_object_get_string_member (reg, "status"), "departed") == 0 &&
         person_loaded (w->page) && find_widget_named (GTK_WIDGET (w->page), "depart") == NULL;
}

/* 注销 from the person page: the registration ends with its date and
 * reason, and the page shows it ended, with no second Departure button. */
void
test_person_depart (Fixture       *f,
                    gconstpointer  data)
{
  JzPersonPage *page = JZ_PERSON_PAGE (jz_window_get_page (f->window, "person"));
  JzStore *store = jz_session_get_store (jz_window_get_session (f->window));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regs = jz_store_list (store, "registration", "person_id", f->first, 0, &error);
  g_autoptr(JsonObject) reg = NULL;
  GtkWidget *button;
  AdwMessageDialog *dialog;
  DepartWait w;
  const char *registration;

  g_assert_no_error (error);
  g_assert_cmpuint (regs->len, ==, 1);
  registration = json_object_get_string_member (g_ptr_array_index (regs, 0), "id");

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-person", g_variant_new_string (f->first));
  jz_test_wait (person_loaded, page, "the person's record");
  jz_test_spin (100);
  button = find_widget_named (GTK_WIDGET (page), "depart");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  jz_test_wait (dialog_shown, NULL, "the departure dialog");
  dialog = find_message_dialog ();
  adw_message_dialog_response (dialog, "depart");
  gtk_window_destroy (GTK_WINDOW (dialog));

  w = (DepartWait) { page, registration, store };
  jz_test_wait (departed_and_shown, &w, "the registration ended and the page shown again");
  reg = jz_store_get (store, "registration", registration, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reg, "departure_reason"), ==, "moved_away");
  g_assert_cmpstr (json_object_get_string_member (reg, "departed_on"), ==, "2026-03-01");

  /* The page says when and why. */
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    gboolean said = FALSE;

    jz_test_collect_labels (GTK_WIDGET (page), labels);
    for (guint i = 0; i < labels->len; i++)
      if (strstr (labels->pdata[i], "left 2026-03-01: ") != NULL)
        said = TRUE;
    g_assert_true (said);
  }
}

typedef struct
{
  JzPersonPage *page;
  const char   *registration;
  JzStore      *store;
  const char   *address;
} EditWait;

static gboolean
edited_and_shown (gpointer data)
{
  EditWait *w = data;
  g_autoptr(JsonObject) reg = jz_store_get (w->store, "registration", w->registration, NULL);

  return reg != NULL && g_strcmp0 (json_object_get_string_member (reg, "residence_address"), w->address) == 0 &&
         person_loaded (w->page);
}

static gboolean
refusal_shown (gpointer data)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  return dialog != NULL && g_strcmp0 (adw_message_dialog_get_heading (dialog), data) == 0;
}

/* Putting a registration right from the person page: the dialog shows its
 * fields, a good change is saved (and kept in the history), a bad one is
 * refused with the core's reason, the dialog opens again with what was
 * typed, and nothing changes. */
void
test_person_edit (Fixture       *f,
                  gconstpointer  data)
{
  JzPersonPage *page = JZ_PERSON_PAGE (jz_window_get_page (f->window, "person"));
  JzStore *store = jz_session_get_store (jz_window_get_session (f->window));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regs = jz_store_list (store, "registration", "person_id", f->first, 0, &error);
  g_autoptr(JsonObject) reg = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  EditWait w;

  g_assert_no_error (error);
  w = (EditWait) { page, json_object_get_string_member (g_ptr_array_index (regs, 0), "id"), store,
                   "人民大街102号" };

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-person", g_variant_new_string (f->first));
  jz_test_wait (person_loaded, page, "the person's record");
  jz_test_spin (100);
  button = find_widget_named (GTK_WIDGET (page), "edit-registration");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  jz_test_wait (dialog_shown, NULL, "the edit dialog");
  dialog = find_message_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (dialog), "residence_address")), w.address);
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  jz_test_wait (edited_and_shown, &w, "the registration put right and the page shown again");

  /* an arrival in the future: refused, said, nothing changed */
  jz_test_spin (100);
  button = find_widget_named (GTK_WIDGET (page), "edit-registration");
  g_assert_true (gtk_widget_activate (button));
  jz_test_wait (dialog_shown, NULL, "the edit dialog again");
  dialog = find_message_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (dialog), "arrival_date")), "2030-01-01");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* the dialog again, with what was typed and why it was refused */
  jz_test_wait (refusal_shown, "Put the registration right", "the refusal");
  dialog = find_message_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (dialog), "arrival_date"))),
                   ==, "2030-01-01");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2030-01-01"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  reg = jz_store_get (store, "registration", w.registration, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reg, "arrival_date"), !=, "2030-01-01");
}

typedef struct
{
  JzPersonPage *page;
  const char   *application;
  JzStore      *store;
} CloseWait;

static gboolean
closed_and_shown (gpointer data)
{
  CloseWait *w = data;
  g_autoptr(JsonObject) app = jz_store_get (w->store, "application", w->application, NULL);

  return app != NULL && g_strcmp0 (json_object_get_string_member (app, "status"), "rejected") == 0 &&
         person_loaded (w->page) && find_widget_named (GTK_WIDGET (w->page), "close-application") == NULL;
}

/* 不予受理 from the person page: the dialog asks what happened and why (no
 * reason, no Close), the application is closed with both, and the page
 * says so with no second Close button. */
void
test_person_close_application (Fixture       *f,
                               gconstpointer  data)
{
  JzPersonPage *page = JZ_PERSON_PAGE (jz_window_get_page (f->window, "person"));
  JzSession *session = jz_window_get_session (f->window);
  JzStore *store = jz_session_get_store (session);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonArray) conditions = json_array_new ();
  g_autoptr(JsonObject) applied = NULL;
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  AdwMessageDialog *dialog;
  GtkWidget *button;
  CloseWait w;
  gboolean said = FALSE;
  GDate today;

  jz_session_get_today (session, &today);
  json_object_set_string_member (input, "person_id", f->first);
  json_object_set_string_member (input, "kind", "first");
  json_array_add_string_element (conditions, "employment");
  json_object_set_array_member (input, "conditions", g_steal_pointer (&conditions));
  applied = jz_registry_apply (jz_session_get_registry (session), input, &today, "test", &error);
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-person", g_variant_new_string (f->first));
  jz_test_wait (person_loaded, page, "the person's record");
  jz_test_spin (100);
  button = find_widget_named (GTK_WIDGET (page), "close-application");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  jz_test_wait (dialog_shown, NULL, "the closing dialog");
  dialog = find_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "close"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget_named (GTK_WIDGET (dialog), "close-how")), 1);
  gtk_editable_set_text (GTK_EDITABLE (find_widget_named (GTK_WIDGET (dialog), "close-reason")),
                         "未提供劳动合同原件");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "close"));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));

  w = (CloseWait) { page, json_object_get_string_member (applied, "id"), store };
  jz_test_wait (closed_and_shown, &w, "the application closed and the page shown again");
  app = jz_store_get (store, "application", w.application, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (app, "close_reason"), ==, "未提供劳动合同原件");
  g_assert_cmpstr (json_object_get_string_member (app, "closed_on"), ==, "2026-03-01");

  jz_test_collect_labels (GTK_WIDGET (page), labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (labels->pdata[i], "closed 2026-03-01: 未提供劳动合同原件") != NULL)
      said = TRUE;
  g_assert_true (said);
}

