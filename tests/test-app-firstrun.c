/* test-app-firstrun.c — the first run (profile, role, offline), landlord mode and reprints, driven as a user would
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. A fresh data directory opens on the first-run page;
 * choosing a profile and a role and continuing offline keeps them in the
 * store and lands on Today with the chosen rules. A landlord's device
 * shows the landlord's Today and exports a 住宿证明 PDF, audited. A
 * station's person page prints the 暂住登记凭证 again; the county office's
 * merges a person recorded twice.
 * Screenshots of both go to tests/screenshots/ of the build directory.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "jz-app-test-util.h"
#include "jz-first-run-page.h"
#include "jz-home-page.h"
#include "jz-person-page.h"
#include "jz-print-proof.h"
#include "jz-window.h"


static gboolean
window_in_state (gpointer data)
{
  JzWindow *window = data;

  return jz_window_get_state (window) == JZ_WINDOW_FIRST_RUN
         && jz_first_run_page_get_ready (JZ_FIRST_RUN_PAGE (jz_window_get_page (window, "first-run")));
}

static gboolean
window_ready (gpointer data)
{
  JzWindow *window = data;

  return jz_test_window_ready (window);
}

static void
save_png (JzWindow   *window,
          const char *name)
{
  g_free (jz_test_save_png (GTK_WINDOW (window), name, 600));
}

/* The n-th combo row under @widget. */
static GtkWidget *
find_combo (GtkWidget *widget,
            guint      n)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();
  GtkWidget *out;

  g_ptr_array_add (stack, widget);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, 0);

      if (ADW_IS_COMBO_ROW (w))
        g_ptr_array_add (found, w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  g_assert_cmpuint (found->len, >, n);
  out = found->pdata[n];
  return out;
}

/* The position of @name in the page's rules list (its label ends "(name)"). */
static guint
profile_index (GtkWidget  *page,
               const char *name)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (find_combo (page, 0)));
  g_autofree char *suffix = g_strdup_printf ("(%s)", name);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_suffix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), suffix))
      return i;
  g_assert_not_reached ();
}

static JzSession *remembered_session;
static guint remembered_serial;

static JzSession *
session_before (JzWindow *window)
{
  return remembered_session;
}

static gboolean
window_reopened (gpointer data)
{
  JzWindow *window = data;

  return window_ready (window) && jz_window_get_session (window) != NULL
         && jz_window_get_session (window) != remembered_session
         && jz_window_get_overview_serial (window) > remembered_serial;
}

static void
test_first_run (void)
{
  jz_test_system_data ();
  g_autofree char *base = g_dir_make_tmp ("juzhu-firstrun-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "data", NULL);
  JzWindow *window = jz_test_open_window (dir, 1280, 800);
  GtkWidget *page;
  JzSession *session;
  g_autofree char *profile = NULL;
  g_autofree char *role = NULL;

  jz_test_wait (window_in_state, window, "the first-run page");
  page = jz_window_get_page (window, "first-run");
  g_assert_nonnull (page);
  g_assert_null (jz_window_get_session (window));
  save_png (window, "first-run");

  g_assert_true (jz_first_run_page_select (JZ_FIRST_RUN_PAGE (page), "jilin-2016", "committee"));
  /* The operator PIN is part of the first run: none, or two that differ,
   * and nothing is kept. */
  g_assert_true (gtk_widget_activate_action (page, "first-run.offline", NULL));
  g_assert_false (jz_first_run_page_get_busy (JZ_FIRST_RUN_PAGE (page)));
  jz_first_run_page_type_pin (JZ_FIRST_RUN_PAGE (page), JZ_TEST_PIN, "135791");
  g_assert_true (gtk_widget_activate_action (page, "first-run.offline", NULL));
  g_assert_false (jz_first_run_page_get_busy (JZ_FIRST_RUN_PAGE (page)));
  g_assert_cmpint (jz_window_get_state (window), ==, JZ_WINDOW_FIRST_RUN);
  jz_first_run_page_type_pin (JZ_FIRST_RUN_PAGE (page), JZ_TEST_PIN, NULL);
  g_assert_true (gtk_widget_activate_action (page, "first-run.offline", NULL));
  jz_test_wait (window_ready, window, "Today after the first run");
  /* The PIN was just set: Today, not the lock page. */
  g_assert_false (jz_window_get_locked (window));

  g_assert_cmpstr (jz_window_get_page_name (window), ==, "home");
  session = jz_window_get_session (window);
  g_assert_cmpstr (jz_profile_get_name (jz_session_get_profile (session)), ==, "jilin-2016");
  g_assert_true (jz_registry_get_profile (jz_session_get_registry (session)) == jz_session_get_profile (session));
  g_assert_cmpstr (jz_session_get_role (session), ==, "committee");
  profile = jz_store_get_meta (jz_session_get_store (session), "profile", NULL);
  role = jz_store_get_meta (jz_session_get_store (session), "role", NULL);
  g_assert_cmpstr (profile, ==, "jilin-2016");
  g_assert_cmpstr (role, ==, "committee");
  g_assert_false (jz_home_page_get_landlord_mode (JZ_HOME_PAGE (jz_window_get_page (window, "home"))));
  jz_test_close_window (window);

  /* Opened again, it asks the PIN (jz_test_window_ready types it), then
   * goes straight to Today. */
  window = jz_test_open_window (dir, 1280, 800);
  jz_test_wait (window_ready, window, "Today");

  /* Later, from the settings (not enrolled): the page opens on the current
   * choices; Cancel keeps them. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-page", g_variant_new_string ("sync"));
  save_png (window, "settings");
  remembered_session = jz_window_get_session (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "change-setup", NULL);
  jz_test_wait (window_in_state, window, "the rules and role page");
  page = jz_window_get_page (window, "first-run");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_combo (page, 0))), ==,
                    profile_index (page, "jilin-2016"));
  g_assert_true (gtk_widget_activate_action (page, "first-run.cancel", NULL));
  g_assert_cmpint (jz_window_get_state (window), ==, JZ_WINDOW_READY);
  g_assert_true (jz_window_get_session (window) == session_before (window));

  /* Apply: the session opens again with the new rules and role. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "change-setup", NULL);
  jz_test_wait (window_in_state, window, "the rules and role page");
  page = jz_window_get_page (window, "first-run");
  g_assert_true (jz_first_run_page_select (JZ_FIRST_RUN_PAGE (page), "sanmenxia-2017", "landlord"));
  remembered_serial = jz_window_get_overview_serial (window);
  g_assert_true (gtk_widget_activate_action (page, "first-run.offline", NULL));
  jz_test_wait (window_reopened, window, "the window with the new rules");
  session = jz_window_get_session (window);
  g_assert_cmpstr (jz_profile_get_name (jz_session_get_profile (session)), ==, "sanmenxia-2017");
  g_assert_cmpstr (jz_session_get_role (session), ==, "landlord");
  g_assert_true (jz_home_page_get_landlord_mode (JZ_HOME_PAGE (jz_window_get_page (window, "home"))));
  jz_test_close_window (window);
}

static void
test_first_run_narrow (void)
{
  jz_test_system_data ();
  g_autofree char *base = g_dir_make_tmp ("juzhu-firstrun-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "data", NULL);
  JzWindow *window = jz_test_open_window (dir, 360, 720);

  jz_test_wait (window_in_state, window, "the first-run page");
  save_png (window, "first-run");
  jz_test_close_window (window);
}

static char *
landlord_dir (char **person)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-landlord-XXXXXX", NULL);
  char *dir = g_build_filename (base, "data", NULL);
  g_autoptr(JzSession) session = jz_session_open (dir, NULL);
  JzStore *store;

  g_assert_nonnull (session);
  store = jz_session_get_store (session);
  g_assert_true (jz_store_set_meta (store, "profile", "national-2016", NULL));
  g_assert_true (jz_store_set_meta (store, "role", "landlord", NULL));
  /* as the county enrolled it: its proofs carry this name */
  g_assert_true (jz_store_set_meta (store, "sync_real_name", "赵六", NULL));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) out = jz_test_declare (session, i);

      if (i == 0)
        *person = g_strdup (json_object_get_string_member (out, "person_id"));
    }
  return dir;
}

typedef struct
{
  JzSession  *session;
  const char *person;
  const char *path;
  const char *action;   /* in the audit log */
} ExportWait;

static guint
audited (JzSession  *session,
         const char *person,
         const char *action)
{
  g_autoptr(GPtrArray) audit = jz_store_audit_list (jz_session_get_store (session), person, 50, NULL);
  guint n = 0;

  for (guint i = 0; audit != NULL && i < audit->len; i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (audit, i), "action", NULL),
                   action) == 0)
      n++;
  return n;
}

static gboolean
exported (gpointer data)
{
  ExportWait *w = data;

  return g_file_test (w->path, G_FILE_TEST_EXISTS) && audited (w->session, w->person, w->action) > 0;
}

static void
assert_pdf (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
}

/* The toplevel window of type @type_name, or NULL. */
static GtkWidget *
find_toplevel (const char *type_name,
               const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (w), type_name) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          (title == NULL || g_strcmp0 (gtk_window_get_title (w), title) == 0))
        return GTK_WIDGET (w);
    }
  return NULL;
}

static gboolean
print_dialog_shown (gpointer data)
{
  return find_toplevel ("GtkPrintUnixDialog", NULL) != NULL;
}

static GtkWidget *
find_widget_named (GtkWidget  *widget,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_landlord (gconstpointer data)
{
  jz_test_system_data ();
  const int *size = data;
  g_autofree char *person = NULL;
  g_autofree char *dir = landlord_dir (&person);
  g_autofree char *path = g_build_filename (dir, "住宿证明.pdf", NULL);
  JzWindow *window = jz_test_open_window (dir, size[0], size[1]);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  ExportWait w = { NULL, person, path, "export" };
  ExportWait p = { NULL, person, printed, "print" };
  GtkWidget *form, *entry, *print_dialog;
  guint prints;

  jz_test_wait (window_ready, window, "the landlord's Today");
  g_assert_cmpstr (jz_window_get_page_name (window), ==, "home");
  g_assert_true (jz_home_page_get_landlord_mode (JZ_HOME_PAGE (jz_window_get_page (window, "home"))));
  save_png (window, "landlord-home");

  w.session = jz_window_get_session (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "export-proof",
                                  g_variant_new ("(ssss)", person, "长春市南关区人民大街100号3单元502",
                                                 "2025-08-15", path));
  jz_test_wait (exported, &w, "the 住宿证明 PDF");
  assert_pdf (path);

  /* the landlord by the name the county enrolled it with, not the login */
  {
    JzProofRequest request = { JZ_PROOF_ACCOMMODATION, person, (char *) "人民大街100号", NULL };
    g_autoptr(JsonObject) values = jz_proof_gather_values (w.session, &request, NULL);

    g_assert_nonnull (values);
    g_assert_cmpstr (json_object_get_string_member (values, "issuer"), ==, "赵六");
  }

  /* Printing goes through a GtkPrintOperation: exported to a file here,
   * the same pages as on paper, audited as a print. */
  p.session = w.session;
  g_action_group_activate_action (G_ACTION_GROUP (window), "print-proof",
                                  g_variant_new ("(ssss)", person, "长春市南关区人民大街100号3单元502",
                                                 "", printed));
  jz_test_wait (exported, &p, "the printed 住宿证明");
  assert_pdf (printed);
  prints = audited (w.session, person, "print");
  g_assert_cmpuint (prints, ==, 1);

  /* The form: the person chosen, their registration fills the address and
   * the arrival date; with the address cleared, Print says what is
   * missing, then opens the print dialog. Cancelled, nothing is audited. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "issue-proof", g_variant_new_string (person));
  jz_test_spin (100);
  form = find_toplevel ("AdwWindow", "住宿证明");
  g_assert_nonnull (form);
  entry = find_widget_named (form, "proof-place");
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (gtk_editable_get_text (GTK_EDITABLE (entry)), "人民大街100号3单元502"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget_named (form, "proof-from"))), ==, "2025-08-15");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit_by_name (find_widget_named (form, "print-proof"), "clicked");
  g_assert_null (find_toplevel ("GtkPrintUnixDialog", NULL));
  g_assert_true (gtk_widget_get_visible (form));
  gtk_editable_set_text (GTK_EDITABLE (entry), "长春市南关区人民大街100号3单元502");
  g_signal_emit_by_name (find_widget_named (form, "print-proof"), "clicked");
  jz_test_wait (print_dialog_shown, NULL, "the print dialog");
  print_dialog = find_toplevel ("GtkPrintUnixDialog", NULL);
  g_assert_null (find_toplevel ("AdwWindow", "住宿证明"));
  gtk_dialog_response (GTK_DIALOG (print_dialog), GTK_RESPONSE_CANCEL);
  jz_test_spin (200);
  g_assert_cmpuint (audited (w.session, person, "print"), ==, prints);
  jz_test_close_window (window);
}

static gboolean
person_loaded (gpointer data)
{
  return !jz_person_page_get_loading (data) && jz_person_page_get_title (data) != NULL;
}

/* The window on @dir, at @person's page, loaded. */
static JzWindow *
open_person_page (const char    *dir,
                  const char    *person,
                  JzPersonPage **page)
{
  JzWindow *window = jz_test_open_window (dir, 1280, 800);

  jz_test_wait (window_ready, window, "Today");
  *page = JZ_PERSON_PAGE (jz_window_get_page (window, "person"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-person", g_variant_new_string (person));
  jz_test_wait (person_loaded, *page, "the person's record");
  jz_test_spin (100);
  return window;
}

/* A station's person page: the registration's print button opens the
 * print dialog for its 暂住登记凭证 again; cancelled, nothing is audited. */
static void
test_reprint (void)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-reprint-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "data", NULL);
  g_autofree char *person = NULL;
  JzWindow *window;
  JzPersonPage *page;
  GtkWidget *button, *print_dialog;

  jz_test_system_data ();
  {
    g_autoptr(JzSession) session = jz_session_open (dir, NULL);
    g_autoptr(JsonObject) out = NULL;

    g_assert_nonnull (session);
    g_assert_true (jz_store_set_meta (jz_session_get_store (session), "profile", "jilin-2016", NULL));
    out = jz_test_declare (session, 0);
    person = g_strdup (json_object_get_string_member (out, "person_id"));
  }
  window = open_person_page (dir, person, &page);
  button = find_widget_named (GTK_WIDGET (page), "reprint");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Print the 暂住登记凭证 again");
  g_signal_emit_by_name (button, "clicked");
  jz_test_wait (print_dialog_shown, NULL, "the print dialog");
  print_dialog = find_toplevel ("GtkPrintUnixDialog", NULL);
  gtk_dialog_response (GTK_DIALOG (print_dialog), GTK_RESPONSE_CANCEL);
  jz_test_spin (200);
  jz_test_close_window (window);
}

static gboolean
twin_merged (gpointer data)
{
  JsonObject **state = data;
  JzSession *session = (JzSession *) state[0];
  const char *twin = (const char *) state[1];
  g_autoptr(JsonObject) p = jz_store_get (jz_session_get_store (session), "person", twin, NULL);

  return p != NULL && json_object_get_string_member_with_default (p, "merged_into", NULL) != NULL;
}

/* The county office's device: Today says a person is recorded twice; the
 * person page offers Merge…, asks, and makes the two records one. */
static void
test_merge (void)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-merge-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "data", NULL);
  g_autofree char *person = NULL;
  g_autofree char *twin = NULL;
  JzWindow *window;
  JzPersonPage *page;
  GtkWidget *button;
  gpointer state[2];

  jz_test_system_data ();
  {
    g_autoptr(JzSession) session = jz_session_open (dir, NULL);
    g_autoptr(JsonObject) out = NULL;
    g_autoptr(JsonObject) p = json_object_new ();
    g_autoptr(JzSave) save = jz_save_new ("another device");
    g_autofree char *number = jz_test_id_number (jz_test_persons[0].first17);

    g_assert_nonnull (session);
    g_assert_true (jz_store_set_meta (jz_session_get_store (session), "profile", "jilin-2016", NULL));
    g_assert_true (jz_store_set_meta (jz_session_get_store (session), "role", "county", NULL));
    out = jz_test_declare (session, 0);
    person = g_strdup (json_object_get_string_member (out, "person_id"));
    /* the same person, as another device recorded them before a sync */
    json_object_set_string_member (p, "id_number", number);
    json_object_set_string_member (p, "name", jz_test_persons[0].name);
    json_object_set_string_member (p, "phone", "13800000000");
    twin = g_strdup (jz_save_create (save, "person", p));
    g_assert_true (jz_store_commit (jz_session_get_store (session), save, NULL));
  }
  window = open_person_page (dir, person, &page);
  button = find_widget_named (GTK_WIDGET (page), "merge");
  g_assert_nonnull (button);
  save_png (window, "person-recorded-twice");
  g_signal_emit_by_name (button, "clicked");
  jz_test_answer_dialog ("Merge the two records?", "confirm");
  state[0] = jz_window_get_session (window);
  state[1] = twin;
  jz_test_wait (twin_merged, state, "the two records merged");
  jz_test_close_window (window);
}

/* The county office's Today opens with the month in figures, counted from
 * the county's records on the device (jz_registry_report). */
static void
test_county_today (void)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-county-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "data", NULL);
  g_autofree char *title = NULL;
  g_autofree char *month = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  JzWindow *window;
  GDate today;
  guint i;

  jz_test_system_data ();
  {
    g_autoptr(JzSession) session = jz_session_open (dir, NULL);

    g_assert_nonnull (session);
    g_assert_true (jz_store_set_meta (jz_session_get_store (session), "profile", "jilin-2016", NULL));
    g_assert_true (jz_store_set_meta (jz_session_get_store (session), "role", "county", NULL));
    for (i = 0; i < 2; i++)
      {
        g_autoptr(JsonObject) out = jz_test_declare (session, i);

        g_assert_nonnull (out);
      }
    jz_session_get_today (session, &today);
  }
  window = jz_test_open_window (dir, 1280, 800);
  jz_test_wait (window_ready, window, "the county office's Today");
  jz_test_spin (200);
  jz_test_collect_labels (GTK_WIDGET (window), labels);
  /* (in the language the test runs in) */
  month = g_strdup_printf ("%04u-%02u", g_date_get_year (&today), g_date_get_month (&today));
  title = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "This month in figures (%s)"), month);
  g_assert_true (g_ptr_array_find_with_equal_func (labels, title, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (labels, g_dgettext (GETTEXT_PACKAGE, "New registrations (新增登记)"),
                                                   g_str_equal, &i));
  /* the figure beside its name: both declarations were made today */
  g_assert_cmpstr (labels->pdata[i + 1], ==, "2");
  g_assert_true (g_ptr_array_find_with_equal_func (labels, g_dgettext (GETTEXT_PACKAGE, "By committee"),
                                                   g_str_equal, NULL));
  /* in Chinese (the app-firstrun-zh test), not a word of English in it */
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ?: "", "zh"))
    {
      g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GRegex) english = g_regex_new ("[A-Za-z]{3,}", 0, 0, NULL);
      GtkWidget *group = find_widget_named (GTK_WIDGET (window), "month-figures");

      g_assert_nonnull (group);
      jz_test_collect_labels (group, shown);
      g_assert_cmpuint (shown->len, >, 10);
      for (guint k = 0; k < shown->len; k++)
        if (g_regex_match (english, shown->pdata[k], 0, NULL))
          g_error ("English in the month's figures: %s", (char *) shown->pdata[k]);
    }
  save_png (window, "county-today");
  jz_test_close_window (window);
}

int
main (int    argc,
      char **argv)
{
  static const int landscape[2] = { 1280, 800 };
  static const int narrow[2] = { 360, 720 };
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *po_dir = NULL;

  setlocale (LC_ALL, "");
  /* the catalogue of this build, for a run with LANGUAGE=zh_CN */
  po_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  jz_test_session_bus ();
  jz_test_gtk_init (&argc, &argv);
  adw_init ();
  /* screenshots show the page, not half a crossfade */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_boolean (settings, "auto-sync", FALSE);


  g_test_add_func ("/app-firstrun/first-run", test_first_run);
  g_test_add_func ("/app-firstrun/first-run-narrow", test_first_run_narrow);
  g_test_add_data_func ("/app-firstrun/landlord/1280x800", landscape, test_landlord);
  g_test_add_data_func ("/app-firstrun/landlord/360x720", narrow, test_landlord);
  g_test_add_func ("/app-firstrun/reprint", test_reprint);
  g_test_add_func ("/app-firstrun/merge", test_merge);
  g_test_add_func ("/app-firstrun/county-today", test_county_today);
  return g_test_run ();
}
