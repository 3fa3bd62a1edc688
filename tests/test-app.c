/* test-app.c — the app's shell and pages on a real data directory, driven as a user would
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (scripts/test). The data directory is filled through the
 * core, with a real conflict made by two stores exchanging change sets; the
 * window is driven through its actions and widgets, and the main loop runs
 * until the worker threads' answers arrive. The person page's dialogs are
 * test-app-person.c's, in the same program.
 */
#include "config.h"

#include "jz-app-test-util.h"
#include "jz-conflicts-page.h"
#include "jz-declaration-flow.h"
#include "jz-division-group.h"
#include "jz-picker-row.h"
#include "jz-people-page.h"
#include "jz-person-item.h"
#include "jz-person-page.h"
#include "jz-store-draft.h"
#include "jz-window.h"
#include "test-app.h"

static gboolean
window_ready (gpointer data)
{
  JzWindow *window = data;

  return jz_test_window_ready (window);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  jz_test_system_data ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *base = g_dir_make_tmp ("juzhu-app-XXXXXX", NULL);

  g_assert_nonnull (base);
  /* Past the first run: the window opens on the home page. */
  g_settings_set_boolean (settings, "first-run", FALSE);
  g_settings_set_boolean (settings, "auto-sync", FALSE);

  f->dir = g_build_filename (base, "a", NULL);
  f->other_dir = g_build_filename (base, "b", NULL);
  f->first = jz_test_fill (f->dir, f->other_dir);

  f->window = g_object_ref_sink (jz_window_new (NULL, f->dir));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  jz_test_wait (window_ready, f->window, "the window to open the data directory");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  jz_test_spin (50);
  g_free (f->first);
  g_free (f->dir);
  g_free (f->other_dir);
}

static gboolean
model_settled (gpointer data)
{
  JzPersonListModel *model = data;

  return !jz_person_list_model_get_loading (model);
}

typedef struct
{
  JzPersonListModel *model;
  const char        *query;
} SearchWait;

typedef struct
{
  JzPersonListModel *model;
  guint              n;
} ModelWait;

static gboolean
model_has (gpointer data)
{
  ModelWait *w = data;

  return !jz_person_list_model_get_loading (w->model)
         && g_list_model_get_n_items (G_LIST_MODEL (w->model)) == w->n;
}

/* The entry's delay has passed and the search came back. */
static gboolean
searched (gpointer data)
{
  SearchWait *w = data;

  return g_strcmp0 (jz_person_list_model_get_query (w->model), w->query) == 0
         && !jz_person_list_model_get_loading (w->model);
}

static void
type_search (JzPeoplePage *page,
             const char   *text)
{
  SearchWait w = { jz_people_page_get_model (page), text };

  gtk_editable_set_text (jz_people_page_get_search_entry (page), text);
  jz_test_wait (searched, &w, "a search");
}

/* Every row label of the people list: the list shows masked numbers, and a
 * full number never appears. */
static guint
check_row_labels (JzPeoplePage *page)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint masked = 0;

  jz_test_collect_labels (GTK_WIDGET (jz_people_page_get_list_view (page)), labels);
  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++)
    for (guint p = 0; p < G_N_ELEMENTS (jz_test_persons); p++)
      {
        g_autofree char *full = jz_test_id_number (jz_test_persons[p].first17);
        g_autofree char *mask = jz_id_number_mask (full);
        const char *label = labels->pdata[i];

        g_assert_null (strstr (label, full));
        /* Nor its middle digits (the birth date), which the mask hides. */
        g_assert_null (strstr (label, full + 6));
        if (g_str_equal (label, mask))
          masked++;
      }
  return masked;
}

typedef struct
{
  JzPeoplePage *page;
  guint         want;
} RowsWait;

static gboolean
rows_masked (gpointer data)
{
  RowsWait *w = data;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint masked = 0;

  jz_test_collect_labels (GTK_WIDGET (jz_people_page_get_list_view (w->page)), labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (labels->pdata[i], "***********") != NULL)
      masked++;
  return masked >= w->want;
}

/* Rows whose sync icon shows "waiting to be sent", with a tooltip (its
 * words, the item's sync-label, given when the pointer rests on it). */
static guint
count_waiting_icons (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_IMAGE (widget) && g_strcmp0 (gtk_widget_get_name (widget), "sync-icon") == 0 &&
      g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "document-send-symbolic") == 0 &&
      gtk_widget_get_has_tooltip (widget))
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_waiting_icons (c);
  return n;
}

static void
test_people_list (Fixture       *f,
                  gconstpointer  data)
{
  JzPeoplePage *page = JZ_PEOPLE_PAGE (jz_window_get_page (f->window, "people"));
  JzPersonListModel *model = jz_people_page_get_model (page);
  RowsWait w = { page, G_N_ELEMENTS (jz_test_persons) };

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-page", g_variant_new_string ("people"));
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "people");
  jz_test_wait (model_settled, model, "the people list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, G_N_ELEMENTS (jz_test_persons));
  jz_test_wait (rows_masked, &w, "the rows to show masked ID numbers");
  g_assert_cmpuint (check_row_labels (page), ==, G_N_ELEMENTS (jz_test_persons));
  /* Not enrolled: every person made here waits to be sent, and says so. */
  g_assert_cmpuint (count_waiting_icons (GTK_WIDGET (jz_people_page_get_list_view (page))), >=, 1);
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autofree char *label = NULL;

    g_object_get (item, "sync-label", &label, NULL);
    g_assert_cmpstr (label, ==, "Waiting to be sent");
  }

  /* Search as you type: the entry's delay, then the worker. */
  type_search (page, "王");
  /* 王小燕 (王晓燕 or 王小艳 now, in conflict) and 王芳 */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  w.want = 2;
  jz_test_wait (rows_masked, &w, "the search rows");
  g_assert_cmpuint (check_row_labels (page), ==, 2);

  /* An ID number fragment finds its person; the row still shows the mask. */
  type_search (page, "2201041990");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  w.want = 1;
  jz_test_wait (rows_masked, &w, "the row found by ID number");
  g_assert_cmpuint (check_row_labels (page), ==, 1);
  /* The answer took the last one's items in place: the row shows the
   * person found now, not the one it showed before. */
  {
    g_autoptr(JzPersonItem) found = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    guint names = 0;

    jz_test_collect_labels (GTK_WIDGET (jz_people_page_get_list_view (page)), labels);
    for (guint i = 0; i < labels->len; i++)
      for (guint p = 0; p < G_N_ELEMENTS (jz_test_persons); p++)
        if (g_str_equal (labels->pdata[i], jz_test_persons[p].name))
          {
            g_assert_cmpstr (labels->pdata[i], ==, jz_person_item_get_name (found));
            names++;
          }
    g_assert_cmpuint (names, ==, 1);
  }

  type_search (page, "没有这个人");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* A person saved elsewhere (the CLI on this data directory would, a
   * sync does): the store says it changed, and the list follows without
   * anyone asking it to read again. */
  {
    JzStore *store = jz_session_get_store (jz_window_get_session (f->window));
    g_autoptr(JzSave) save = jz_save_new ("elsewhere");
    g_autoptr(JsonObject) person = json_object_new ();
    g_autoptr(GError) error = NULL;
    ModelWait mw = { model, G_N_ELEMENTS (jz_test_persons) };

    gtk_editable_set_text (jz_people_page_get_search_entry (page), "");
    jz_test_wait (model_has, &mw, "the whole list again");
    mw.n++;

    json_object_set_string_member (person, "id_number", "11010519491231002X");
    json_object_set_string_member (person, "name", "赵新来");
    json_object_set_string_member (person, "ethnicity", "01");
    json_object_set_string_member (person, "hukou_division", "110105");
    jz_save_create (save, "person", person);
    g_assert_true (jz_store_commit (store, save, &error));
    g_assert_no_error (error);
    jz_test_wait (model_has, &mw, "the new person in the list");
  }
}

gboolean
person_loaded (gpointer data)
{
  return !jz_person_page_get_loading (data) && jz_person_page_get_title (data) != NULL;
}

static guint
count_views (JzWindow   *window,
             const char *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = jz_store_audit_list (jz_session_get_store (jz_window_get_session (window)),
                                                     record, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (audit, i), "action"), "view") == 0)
      n++;
  return n;
}

static void
test_person_detail (Fixture       *f,
                    gconstpointer  data)
{
  JzPersonPage *page = JZ_PERSON_PAGE (jz_window_get_page (f->window, "person"));
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *full = jz_test_id_number (jz_test_persons[0].first17);
  gboolean full_shown = FALSE;

  g_assert_cmpuint (count_views (f->window, f->first), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-person", g_variant_new_string (f->first));
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "person");
  jz_test_wait (person_loaded, page, "the person's record");
  g_assert_cmpstr (jz_person_page_get_person_id (page), ==, f->first);

  /* Every full-record view is audited. */
  g_assert_cmpuint (count_views (f->window, f->first), ==, 1);

  /* The full record shows the full number, and the history. */
  jz_test_spin (100);
  jz_test_collect_labels (GTK_WIDGET (page), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      if (g_str_equal (labels->pdata[i], full))
        full_shown = TRUE;
      /* the hukou division by name (the province at least), never a bare code */
      g_assert_cmpstr (labels->pdata[i], !=, "411202");
    }
  g_assert_true (full_shown);

  /* Back returns to where it came from. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "back", NULL);
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "home");
}

typedef struct
{
  JzConflictsPage *page;
  const char      *record;
  guint            n;
} ConflictWait;

static gboolean
conflicts_shown (gpointer data)
{
  ConflictWait *w = data;

  return !jz_conflicts_page_get_busy (w->page)
         && g_strcmp0 (jz_conflicts_page_get_record (w->page), w->record) == 0
         && jz_conflicts_page_get_n_shown (w->page) == w->n;
}

static guint
store_conflicts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = jz_store_conflicts (jz_session_get_store (jz_window_get_session (f->window)),
                                                  f->first, &error);

  g_assert_no_error (error);
  return list->len;
}

/* The mapped widget of @type for @field: a "Use this value" button (its
 * action target names the field) or the entry row to type a value. */
static GtkWidget *
find_for_field (GtkWidget  *widget,
                GType       type,
                const char *field)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    {
      if (GTK_IS_BUTTON (widget))
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
          const char *f = NULL;

          if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "conflict.take") == 0
              && target != NULL)
            g_variant_get (target, "(&s&s&s)", NULL, &f, NULL);
          if (g_strcmp0 (f, field) == 0)
            return widget;
        }
      else if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), "jz-field"), field) == 0)
        return widget;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_for_field (c, type, field);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *page;
  GType       type;
  const char *field;
  GtkWidget  *found;
} FindWait;

static gboolean
found_for_field (gpointer data)
{
  FindWait *w = data;

  w->found = find_for_field (w->page, w->type, w->field);
  return w->found != NULL;
}

static void
test_conflict_resolve (Fixture       *f,
                       gconstpointer  data)
{
  JzConflictsPage *page = JZ_CONFLICTS_PAGE (jz_window_get_page (f->window, "conflicts"));
  ConflictWait w = { page, NULL, 1 };
  FindWait find = { NULL };
  GtkWidget *button;
  GtkWidget *entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = NULL;

  /* The list: one record. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-page", g_variant_new_string ("conflicts"));
  jz_test_wait (conflicts_shown, &w, "the list of conflicts");

  /* Its two fields side by side, each value with a button. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-conflict", g_variant_new_string (f->first));
  w.record = f->first;
  w.n = 2;
  jz_test_wait (conflicts_shown, &w, "the record's conflicts");
  g_assert_cmpuint (store_conflicts (f), ==, 2);

  /* Tap "Use this value" on a card of the name. */
  find.page = GTK_WIDGET (page);
  find.type = GTK_TYPE_BUTTON;
  find.field = "name";
  jz_test_wait (found_for_field, &find, "a button to take a name");
  button = find.found;
  gtk_widget_activate (button);
  /* settling decides for every device: asked first; cancelled, nothing changes */
  jz_test_answer_dialog ("Settle this conflict?", "cancel");
  jz_test_spin (100);
  g_assert_cmpuint (store_conflicts (f), ==, 2);
  gtk_widget_activate (button);
  jz_test_answer_dialog ("Settle this conflict?", "confirm");
  w.n = 1;
  jz_test_wait (conflicts_shown, &w, "the name to be settled");
  g_assert_cmpuint (store_conflicts (f), ==, 1);

  /* Type a new address. */
  find.type = ADW_TYPE_ENTRY_ROW;
  find.field = "hukou_address";
  jz_test_wait (found_for_field, &find, "the entry of the address");
  entry = find.found;
  gtk_editable_set_text (GTK_EDITABLE (entry), "河南省三门峡市湖滨区黄河路9号");
  g_signal_emit_by_name (entry, "apply");
  jz_test_answer_dialog ("Settle this conflict?", "confirm");
  w.record = NULL;
  w.n = 0;
  jz_test_wait (conflicts_shown, &w, "the conflict to disappear");
  g_assert_cmpuint (store_conflicts (f), ==, 0);

  person = jz_store_get (jz_session_get_store (jz_window_get_session (f->window)), "person", f->first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (person, "hukou_address"), ==, "河南省三门峡市湖滨区黄河路9号");
  g_assert_false (json_object_get_boolean_member (person, "_disputed"));
  g_assert_true (g_strcmp0 (json_object_get_string_member (person, "name"), "王晓燕") == 0
                 || g_strcmp0 (json_object_get_string_member (person, "name"), "王小艳") == 0);
}

static void
test_home (Fixture       *f,
           gconstpointer  data)
{
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "home");
  /* The forms' entry points exist, with the person as parameter. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), "new-declaration"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), "new-application"));
  g_assert_cmpstr (g_variant_type_peek_string (g_action_group_get_action_parameter_type (G_ACTION_GROUP (f->window),
                                                                                        "new-application")),
                   ==, "s");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "sync"));
}

/* ---- forms from the window ---- */

static gpointer
form_child (GtkWidget  *flow,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (flow, JZ_TYPE_DECLARATION_FLOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
form_text (GtkWidget  *flow,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (form_child (flow, name)), text);
}

static gboolean
declaration_idle (gpointer flow)
{
  return !jz_form_flow_get_busy (JZ_FORM_FLOW (flow));
}

static void
form_next (GtkWidget  *flow,
           const char *expect_step)
{
  g_assert_true (gtk_widget_activate_action (flow, "flow.next", NULL));
  jz_test_wait (declaration_idle, flow, "the declaration form");
  g_assert_cmpstr (jz_form_flow_get_step (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))), ==, expect_step);
}

static GtkWidget *
open_declaration (Fixture *f)
{
  GtkWidget *flow;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "new-declaration", NULL);
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "form");
  flow = jz_window_get_page (f->window, "form");
  g_assert_true (JZ_IS_DECLARATION_FLOW (flow));
  jz_test_wait (declaration_idle, flow, "the declaration form");
  return flow;
}

static void
fill_person (GtkWidget  *flow,
             const char *first17,
             const char *name)
{
  g_autofree char *number = jz_test_id_number (first17);

  form_text (flow, "id_row", number);
  form_text (flow, "name_row", name);
  jz_picker_row_set_selected_code (form_child (flow, "ethnicity_row"), "01");
}

/* The window's own header bar is what holds its title. */
static gboolean
window_title_visible (JzWindow *window)
{
  GtkWidget *w = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), JZ_TYPE_WINDOW, "content_header"));

  g_assert_nonnull (w);
  return gtk_widget_get_visible (w);
}

static gboolean
on_person_page (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (jz_window_get_page_name (f->window), "person") == 0
         && jz_person_page_get_title (JZ_PERSON_PAGE (jz_window_get_page (f->window, "person"))) != NULL;
}

static void
test_declaration_finish (Fixture       *f,
                         gconstpointer  data)
{
  JzStore *store = jz_session_get_store (jz_window_get_session (f->window));
  const char *codes[] = { "220104", "411202" };
  const char *names[] = { "朝阳区", "湖滨区" };
  g_autoptr(GPtrArray) code_list = g_ptr_array_new ();
  g_autoptr(GPtrArray) name_list = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autofree char *number = jz_test_id_number ("11010519491231002");
  GtkWidget *flow;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_ptr_array_add (code_list, (gpointer) codes[i]);
      g_ptr_array_add (name_list, (gpointer) names[i]);
    }
  g_assert_true (jz_store_import_divisions (store, code_list, name_list, &error));
  g_assert_no_error (error);

  flow = open_declaration (f);
  /* The form's header bar (with Close) stands in for the window's. */
  g_assert_false (window_title_visible (f->window));

  fill_person (flow, "11010519491231002", "赵秀英");
  form_next (flow, "hukou");
  jz_division_group_set_code (form_child (flow, "hukou_group"), "411202");
  form_text (flow, "hukou_address_row", "河南省三门峡市湖滨区黄河路7号");
  form_next (flow, "residence");
  jz_division_group_set_code (form_child (flow, "residence_group"), "220104");
  form_text (flow, "committee_row", "红旗社区居委会");
  form_text (flow, "residence_address_row", "人民大街100号3单元502");
  form_text (flow, "arrival_row", "2025-08-15");
  form_next (flow, "housing");
  adw_combo_row_set_selected (form_child (flow, "reason_row"), 1);
  adw_combo_row_set_selected (form_child (flow, "housing_row"), 1);
  form_text (flow, "landlord_name_row", "李四");
  form_next (flow, "photo");
  form_next (flow, "review");
  form_next (flow, "certificate");

  /* Done: the window leaves the form for the person just recorded. */
  g_assert_true (gtk_widget_activate_action (flow, "flow.next", NULL));
  jz_test_wait (on_person_page, f, "the person page after the declaration");
  g_assert_true (window_title_visible (f->window));
  person = jz_store_find_person_by_id_number (store, number, &error);
  g_assert_no_error (error);
  g_assert_nonnull (person);
  g_assert_cmpstr (jz_person_page_get_title (JZ_PERSON_PAGE (jz_window_get_page (f->window, "person"))), ==,
                   "赵秀英");
  /* Back goes where the form was opened from, not into the form. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "back", NULL);
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "home");
}

/* The Home row of a draft whose title holds @name, or NULL. */
static GtkWidget *
find_draft_row (GtkWidget  *widget,
                const char *name)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.open-draft") == 0
      && strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), name) != NULL)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_draft_row (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *f;
  const char *name;
} DraftWait;

static gboolean
draft_listed (gpointer data)
{
  DraftWait *w = data;

  return g_strcmp0 (jz_window_get_page_name (w->f->window), "home") == 0
         && find_draft_row (jz_window_get_page (w->f->window, "home"), w->name) != NULL;
}

static gboolean
draft_opened (gpointer flow)
{
  return !jz_form_flow_get_busy (JZ_FORM_FLOW (flow))
         && g_strcmp0 (jz_form_flow_get_step (JZ_FORM_FLOW (flow)), "hukou") == 0;
}

static void
on_draft_saved (GtkWidget  *flow,
                const char *id,
                gboolean   *flag)
{
  *flag = TRUE;
}

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
test_draft_reopen (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *flow = open_declaration (f);
  g_autofree char *draft_id = NULL;
  DraftWait w = { f, "赵秀英" };
  gboolean saved = FALSE;
  GtkWidget *row;

  g_signal_connect (flow, "draft-saved", G_CALLBACK (on_draft_saved), &saved);
  fill_person (flow, "11010519491231002", "赵秀英");
  form_next (flow, "hukou");
  jz_test_wait (flag_set, &saved, "the draft to be saved");
  draft_id = g_strdup (jz_form_flow_get_draft_id (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))));

  /* Back leaves the form and keeps the draft; Home lists it. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "back", NULL);
  jz_test_wait (draft_listed, &w, "the draft on Home");
  g_assert_true (window_title_visible (f->window));

  /* A tap reopens it at the step it was left on. */
  row = find_draft_row (jz_window_get_page (f->window, "home"), w.name);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "form");
  flow = jz_window_get_page (f->window, "form");
  g_assert_true (JZ_IS_DECLARATION_FLOW (flow));
  jz_test_wait (draft_opened, flow, "the draft to open");
  g_assert_cmpstr (jz_form_flow_get_draft_id (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))), ==, draft_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form_child (flow, "name_row"))), ==, "赵秀英");
}

/* The name in a stored draft of the declaration form, or NULL. */
static char *
stored_draft_name (JzSession  *session,
                   const char *draft_id)
{
  g_autoptr(JsonObject) body = jz_store_draft_load (jz_session_get_store (session), draft_id, NULL, NULL);
  JsonObject *values = body && json_object_has_member (body, "values")
                       ? json_object_get_object_member (body, "values") : NULL;

  return values ? g_strdup (json_object_get_string_member_with_default (values, "name", NULL)) : NULL;
}

static gboolean
window_gone (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

/* Leaving a form through the sidebar, or closing the window mid-step, keeps
 * what was typed (no Next pressed) as the draft. */
static void
test_draft_leave (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *flow = open_declaration (f);
  g_autoptr(JzSession) session = g_object_ref (jz_window_get_session (f->window));
  DraftWait w = { f, "钱桂兰" };
  gboolean saved = FALSE;
  g_autofree char *name = NULL;

  g_signal_connect (flow, "draft-saved", G_CALLBACK (on_draft_saved), &saved);
  fill_person (flow, "11010519491231002", "钱桂兰");
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-page", g_variant_new_string ("people"));
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, "people");
  jz_test_wait (flag_set, &saved, "the draft to be saved on leaving");
  name = stored_draft_name (session, jz_form_flow_get_draft_id (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))));
  g_assert_cmpstr (name, ==, "钱桂兰");
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-page", g_variant_new_string ("home"));
  jz_test_wait (draft_listed, &w, "the draft on Home");

  /* Closing the window waits for the draft, then closes. */
  flow = open_declaration (f);
  saved = FALSE;
  g_signal_connect (flow, "draft-saved", G_CALLBACK (on_draft_saved), &saved);
  fill_person (flow, "11010519491231002", "孙丽华");
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  jz_test_wait (flag_set, &saved, "the draft to be saved on closing");
  jz_test_wait (window_gone, f->window, "the window to close");
  g_clear_pointer (&name, g_free);
  name = stored_draft_name (session, jz_form_flow_get_draft_id (JZ_FORM_FLOW (JZ_DECLARATION_FLOW (flow))));
  g_assert_cmpstr (name, ==, "孙丽华");
}

static gboolean
window_failed (gpointer data)
{
  return jz_window_get_state (data) == JZ_WINDOW_FAILED;
}

static void
test_open_error (void)
{
  jz_test_system_data ();
  g_autofree char *base = g_dir_make_tmp ("juzhu-app-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (base, "not-a-dir", NULL);
  g_autoptr(JzWindow) window = NULL;

  /* A data directory that is a file: the error page, with a Retry. */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  window = g_object_ref_sink (jz_window_new (NULL, file));
  gtk_window_present (GTK_WINDOW (window));
  jz_test_wait (window_failed, window, "the error page");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "retry"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (file);
}

int
main (int    argc,
      char **argv)
{
  jz_test_session_bus ();
  jz_test_gtk_init (&argc, &argv);
  adw_init ();

  g_test_add ("/app/home", Fixture, NULL, fixture_set_up, test_home, fixture_tear_down);
  g_test_add ("/app/people", Fixture, NULL, fixture_set_up, test_people_list, fixture_tear_down);
  g_test_add ("/app/person", Fixture, NULL, fixture_set_up, test_person_detail, fixture_tear_down);
  g_test_add ("/app/person-depart", Fixture, NULL, fixture_set_up, test_person_depart, fixture_tear_down);
  g_test_add ("/app/person-close-application", Fixture, NULL, fixture_set_up, test_person_close_application,
              fixture_tear_down);
  g_test_add ("/app/person-edit", Fixture, NULL, fixture_set_up, test_person_edit, fixture_tear_down);
  g_test_add ("/app/conflict", Fixture, NULL, fixture_set_up, test_conflict_resolve, fixture_tear_down);
  g_test_add ("/app/declaration-finish", Fixture, NULL, fixture_set_up, test_declaration_finish, fixture_tear_down);
  g_test_add ("/app/draft-reopen", Fixture, NULL, fixture_set_up, test_draft_reopen, fixture_tear_down);
  g_test_add ("/app/draft-leave", Fixture, NULL, fixture_set_up, test_draft_leave, fixture_tear_down);
  g_test_add_func ("/app/open-error", test_open_error);
  return g_test_run ();
}
