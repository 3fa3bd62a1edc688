/* test-app-sync.c — the app's sync page against a real juzhu-server, driven as a user would
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. A real `juzhu-server serve` on 127.0.0.1 (set up through
 * the JzCounty API, as `juzhu-server init`, `user add` and `enrol-code`
 * do) and a second device, `juzhu-cli` on its own data directory. The
 * window opens on an empty data directory; the test types the server's
 * address and code into the sync page and presses Enrol, presses Sync now,
 * and reads what the page, the status line, the People list and Needs
 * attention show: a declaration reaching the server, a record from the
 * other device arriving, a change the server refuses with its reason, the
 * server gone (an error in words, nothing lost) and back, and the device
 * revoked with a purge (wiped, said, back at the first run).
 */
#include "config.h"

#include <signal.h>

#include "jz-app-test-util.h"
#include "jz-first-run-page.h"
#include "jz-people-page.h"
#include "jz-person-list-model.h"
#include "jz-sync-page.h"
#include "jz-sync-test-util.h"
#include "jz-window.h"
#include "test-app-sync.h"


/* ---- waiting ----------------------------------------------------------------- */

gboolean
first_run_shown (gpointer data)
{
  JzWindow *window = data;

  return jz_window_get_state (window) == JZ_WINDOW_FIRST_RUN
         && jz_first_run_page_get_ready (JZ_FIRST_RUN_PAGE (jz_window_get_page (window, "first-run")));
}

gboolean
window_ready (gpointer data)
{
  JzWindow *window = data;

  return jz_test_window_ready (window);
}

typedef struct
{
  JzWindow *window;
  guint     serial;
} SyncWait;

/* The sync finished and the overview read after it arrived. */
static gboolean
sync_done (gpointer data)
{
  SyncWait *w = data;

  return !jz_window_get_syncing (w->window) && jz_window_get_overview_serial (w->window) > w->serial;
}

/* ---- widgets ------------------------------------------------------------------ */

GtkWidget *
sync_child (Fixture    *f,
            const char *id)
{
  GObject *o = gtk_widget_get_template_child (jz_window_get_page (f->window, "sync"), JZ_TYPE_SYNC_PAGE, id);

  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

static GtkWidget *
window_child (Fixture    *f,
              const char *id)
{
  GObject *o = gtk_widget_get_template_child (GTK_WIDGET (f->window), JZ_TYPE_WINDOW, id);

  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

/* The button of @action under @widget (the Enrol button has no id of its own). */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_button (c, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
enrol_button (Fixture *f)
{
  GtkWidget *button = find_action_button (jz_window_get_page (f->window, "sync"), "sync-page.enrol");

  g_assert_nonnull (button);
  return button;
}

const char *
row_subtitle (Fixture    *f,
              const char *id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (sync_child (f, id)));
}

const char *
progress_text (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (sync_child (f, "progress_label")));
}

const char *
status_text (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (window_child (f, "status_label")));
}

/* A press on a button, as a click would: it must be there and enabled. */
void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
show_page (Fixture    *f,
           const char *name)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-page", g_variant_new_string (name));
  g_assert_cmpstr (jz_window_get_page_name (f->window), ==, name);
  jz_test_spin (50);
}

JzStore *
app_store (Fixture *f)
{
  return jz_session_get_store (jz_window_get_session (f->window));
}

static gint64
pending (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = jz_store_outbox_pending (app_store (f), &error);

  g_assert_no_error (error);
  return n;
}

/* The page's "Waiting to be sent" is the store's. */
static gboolean
pending_shown (gpointer data)
{
  Fixture *f = data;
  gint64 n = pending (f);
  g_autofree char *want = g_strdup_printf (n == 1 ? "%u change" : "%u changes", (guint) n);

  return g_strcmp0 (row_subtitle (f, "pending_row"), want) == 0;
}

/* Presses Sync now on the sync page and waits until it is over. */
void
sync_now (Fixture *f)
{
  SyncWait w = { f->window, jz_window_get_overview_serial (f->window) };

  show_page (f, "sync");
  press (sync_child (f, "sync_button"));
  g_assert_true (jz_window_get_syncing (f->window));
  jz_test_wait (sync_done, &w, "Sync now to finish");
  jz_test_wait (pending_shown, f, "the page to show what waits to be sent");
}

/* Every mapped label under @widget, joined with newlines. */
static char *
visible_text (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  jz_test_collect_labels (widget, labels);
  g_ptr_array_add (labels, NULL);
  return g_strjoinv ("\n", (char **) labels->pdata);
}

typedef struct
{
  GtkWidget  *widget;
  const char *needle;
} TextWait;

static gboolean
text_shown (gpointer data)
{
  TextWait *w = data;
  g_autofree char *text = visible_text (w->widget);

  return strstr (text, w->needle) != NULL;
}

static void
wait_text (GtkWidget  *widget,
           const char *needle,
           const char *what)
{
  TextWait w = { widget, needle };

  jz_test_wait (text_shown, &w, what);
}

/* ---- the store ------------------------------------------------------------------ */

/* A declaration of jz_test_persons[@i] living in @division, through the
 * core on the window's own session; returns the person's id. */
char *
declare (Fixture    *f,
         guint       i,
         const char *division)
{
  JzSession *session = jz_window_get_session (f->window);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *number = jz_test_id_number (jz_test_persons[i].first17);
  g_autoptr(GError) error = NULL;
  GDate today;

  json_object_set_string_member (input, "id_number", number);
  json_object_set_string_member (input, "name", jz_test_persons[i].name);
  json_object_set_string_member (input, "ethnicity", "01");
  json_object_set_string_member (input, "hukou_division", "411202");
  json_object_set_string_member (input, "hukou_address", jz_test_persons[i].address);
  json_object_set_string_member (input, "residence_division", division);
  json_object_set_string_member (input, "residence_address", "人民大街100号3单元502");
  json_object_set_string_member (input, "arrival_date", "2025-08-15");
  json_object_set_string_member (input, "reason", "work");
  json_object_set_string_member (input, "housing_type", "rented");
  json_object_set_string_member (input, "landlord_name", "李四");
  jz_session_get_today (session, &today);
  out = jz_registry_declare (jz_session_get_registry (session), input, &today, "tester", &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  return g_strdup (json_object_get_string_member (out, "person_id"));
}

/* ---- the other device: juzhu-cli ---------------------------------------------- */

/* Runs juzhu-cli on the other device's data directory; returns its stdout. */
static char *
cli (Fixture *f,
     int      want,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    tu_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("JUZHU_CLI"));
  g_assert_nonnull (args->pdata[0]);
  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, f->cli_dir);
  g_ptr_array_add (args, (gpointer) "--author");
  g_ptr_array_add (args, (gpointer) "li");
  va_start (ap, want);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "JUZHU_SYNC_RETRY_MS", "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != want)
    g_error ("juzhu-cli %s: exit %d, expected %d\n%s\n%s", (char *) args->pdata[5],
             g_subprocess_get_exit_status (process), want, out, err);
  return out;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* ---- the fixture ---------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  jz_test_system_data ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *server_dir = NULL;

  /* Syncs only when Sync now is pressed. */
  g_settings_set_boolean (settings, "auto-sync", FALSE);
  g_settings_set_boolean (settings, "first-run", TRUE);

  f->base = g_dir_make_tmp ("juzhu-app-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->app_dir = g_build_filename (f->base, "app", NULL);
  f->cli_dir = g_build_filename (f->base, "cli", NULL);
  server_dir = g_build_filename (f->base, "server", NULL);
  /* u0 for the app, u1 for the other device: committees of 朝阳区. */
  f->codes = tu_server_setup (&f->server, server_dir, 2, "committee", "220104");
  /* over https, with a certificate of the county's own (test-app-sync-ca.c) */
  if (data != NULL)
    tu_server_make_certificate (&f->server, f->base);
  tu_server_start (&f->server, 0);

  f->window = g_object_ref_sink (jz_window_new (NULL, f->app_dir));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  jz_test_spin (50);
  tu_server_clear (&f->server);
  g_ptr_array_unref (f->codes);
  tu_rm_rf (f->base);
  g_free (f->base);
  g_free (f->app_dir);
  g_free (f->cli_dir);
}

/* ---- the steps -------------------------------------------------------------------- */

gboolean
enrol_settled (gpointer data)
{
  Fixture *f = data;
  GtkWidget *error_label = sync_child (f, "enrol_error");

  return !gtk_spinner_get_spinning (GTK_SPINNER (sync_child (f, "enrol_spinner")))
         && (gtk_widget_get_visible (error_label)
             || g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (sync_child (f, "enrol_group"))),
                           "Enrol again") == 0);
}

void
type_into (Fixture    *f,
           const char *id,
           const char *text)
{
  GtkWidget *row = sync_child (f, id);

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The first run, continued offline, with short retries (the server is
 * on this machine). */
void
first_run_offline (Fixture *f)
{
  GtkWidget *page;

  jz_test_wait (first_run_shown, f->window, "the first-run page");
  page = jz_window_get_page (f->window, "first-run");
  g_assert_true (jz_first_run_page_select (JZ_FIRST_RUN_PAGE (page), "jilin-2016", "committee"));
  jz_first_run_page_type_pin (JZ_FIRST_RUN_PAGE (page), JZ_TEST_PIN, NULL);
  g_assert_true (gtk_widget_activate_action (page, "first-run.offline", NULL));
  jz_test_wait (window_ready, f->window, "Today after the first run");
  jz_sync_client_set_retry_base (jz_session_get_sync_client (jz_window_get_session (f->window)), 10);
  jz_sync_client_set_max_tries (jz_session_get_sync_client (jz_window_get_session (f->window)), 3);
}

/* 1. The first run, continued offline; then the sync page's form. */
static void
step_enrol (Fixture *f)
{
  const char *error_text;

  first_run_offline (f);

  show_page (f, "sync");
  g_assert_cmpstr (row_subtitle (f, "server_row"), ==, "Not enrolled: this device works offline");
  g_assert_cmpstr (row_subtitle (f, "last_row"), ==, "Never");
  g_assert_false (gtk_widget_is_sensitive (sync_child (f, "sync_button")));
  g_assert_true (strstr (status_text (f), "not enrolled") != NULL);

  /* A mistyped code: the server's refusal under the form. */
  type_into (f, "url_row", f->server.url);
  type_into (f, "code_row", "AAAA-BBBB-CCCC");
  type_into (f, "name_row", "tablet A");
  press (enrol_button (f));
  jz_test_wait (enrol_settled, f, "the refused enrolment");
  g_assert_true (gtk_widget_get_visible (sync_child (f, "enrol_error")));
  error_text = gtk_label_get_label (GTK_LABEL (sync_child (f, "enrol_error")));
  g_test_message ("a wrong code says: %s", error_text);
  g_assert_true (strstr (error_text, "one-time code is not valid") != NULL);
  g_assert_null (strstr (error_text, "enrol_code_invalid"));
  g_assert_cmpstr (row_subtitle (f, "server_row"), ==, "Not enrolled: this device works offline");

  /* The right one. */
  type_into (f, "code_row", f->codes->pdata[0]);
  press (enrol_button (f));
  jz_test_wait (enrol_settled, f, "the enrolment");
  g_assert_false (gtk_widget_get_visible (sync_child (f, "enrol_error")));
  {
    g_autofree char *want = g_strdup_printf ("%s (as u0)", f->server.url);

    g_assert_cmpstr (row_subtitle (f, "server_row"), ==, want);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sync_child (f, "code_row"))), ==, "");
  g_assert_true (gtk_widget_is_sensitive (sync_child (f, "sync_button")));
  g_assert_true (strstr (status_text (f), "never synced") != NULL);
  g_assert_cmpstr (jz_profile_get_name (jz_session_get_profile (jz_window_get_session (f->window))), ==,
                   "jilin-2016");
  /* Enrolling cleared the PIN of the first run: the window is locked and
   * asks a new one (jz_test_window_ready sets it). */
  g_assert_true (jz_window_get_locked (f->window));
  jz_test_wait (window_ready, f->window, "a new PIN after enrolling");
  g_assert_false (jz_window_get_locked (f->window));
}

/* 2. A declaration goes to the server. */
static char *
step_push (Fixture *f)
{
  g_autofree char *person = declare (f, 0, "220104");
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *number = jz_test_id_number (jz_test_persons[0].first17);

  g_assert_cmpint (pending (f), >, 0);
  sync_now (f);
  g_test_message ("after Sync now: %s | %s", progress_text (f), status_text (f));
  g_assert_true (g_str_has_prefix (progress_text (f), "Synced: sent "));
  g_assert_null (strstr (progress_text (f), "sent 0,"));
  g_assert_cmpstr (row_subtitle (f, "pending_row"), ==, "0 changes");
  g_assert_cmpstr (row_subtitle (f, "last_row"), !=, "Never");
  g_assert_true (strstr (status_text (f), " 0 to send ") != NULL);
  g_assert_true (strstr (status_text (f), "last sync ") != NULL);
  g_assert_cmpint (pending (f), ==, 0);

  /* The server has it: the other device enrols and pulls it. */
  g_free (cli (f, 0, "enrol", "--server", f->server.url, "--code", f->codes->pdata[1], "--name", "tablet B", NULL));
  g_free (cli (f, 0, "sync", NULL));
  out = cli (f, 0, "--json", "person", "show", person, NULL);
  shown = parse_object (out);
  g_assert_true (strstr (out, jz_test_persons[0].name) != NULL);
  g_assert_true (strstr (out, number) != NULL);
  return g_steal_pointer (&person);
}

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

/* Rows of the People list that show a sync icon (waiting or refused). */
static guint
count_sync_icons (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_IMAGE (widget) && g_strcmp0 (gtk_widget_get_name (widget), "sync-icon") == 0 &&
      gtk_image_get_icon_name (GTK_IMAGE (widget)) != NULL)
    n++;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_sync_icons (c);
  return n;
}

/* 3. The other device's new person and its edit arrive. */
static void
step_pull (Fixture    *f,
           const char *first)
{
  g_autofree char *number = jz_test_id_number (jz_test_persons[3].first17);
  g_autofree char *masked = jz_id_number_mask (number);
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autofree char *text = NULL;
  JzPeoplePage *people = JZ_PEOPLE_PAGE (jz_window_get_page (f->window, "people"));
  ModelWait mw = { jz_people_page_get_model (people), 2 };

  out = cli (f, 0, "--json", "registration", "add", "--id-number", number, "--name", jz_test_persons[3].name,
             "--ethnicity", "01", "--hukou-division", "220102", "--hukou-address", jz_test_persons[3].address,
             "--residence-division", "220104", "--residence-address", "人民大街7号",
             "--arrival-date", "2026-01-10", "--reason", "work", "--housing-type", "rented",
             "--landlord-name", "赵", NULL);
  added = parse_object (out);
  g_free (cli (f, 0, "person", "edit", first, "--set", "name=王晓燕", NULL));
  g_free (cli (f, 0, "sync", NULL));

  sync_now (f);
  g_test_message ("after Sync now: %s", progress_text (f));
  g_assert_true (g_str_has_prefix (progress_text (f), "Synced: "));
  g_assert_null (strstr (progress_text (f), "received 0"));

  show_page (f, "people");
  jz_test_wait (model_has, &mw, "two persons in the People list");
  wait_text (GTK_WIDGET (jz_people_page_get_list_view (people)), masked, "the new person's masked ID number");
  wait_text (GTK_WIDGET (jz_people_page_get_list_view (people)), "王晓燕", "the other device's edit");
  text = visible_text (GTK_WIDGET (people));
  g_assert_null (strstr (text, number));
  /* Everything made here was sent: no row says it waits. */
  g_assert_cmpuint (count_sync_icons (GTK_WIDGET (jz_people_page_get_list_view (people))), ==, 0);
  person = jz_store_get (app_store (f), "person", json_object_get_string_member (added, "person_id"), NULL);
  g_assert_nonnull (person);
}

/* 4. A registration outside the device's area: refused, with the reason. */
static void
step_rejected (Fixture *f)
{
  g_autofree char *person = declare (f, 1, "220102");
  g_autofree char *text = NULL;
  GtkWidget *attention = jz_window_get_page (f->window, "attention");

  sync_now (f);
  g_test_message ("after Sync now: %s", progress_text (f));
  g_assert_true (strstr (progress_text (f), "the server refused") != NULL);
  g_assert_true (strstr (progress_text (f), "Needs attention") != NULL);
  g_assert_cmpint (pending (f), ==, 0);

  show_page (f, "attention");
  /* The server's code, in words, and its reason. */
  wait_text (attention, "Outside this device's area", "the refused change on Needs attention");
  text = visible_text (attention);
  g_strdelimit (text, "\n", '|');
  g_test_message ("needs attention: %s", text);
  g_assert_true (strstr (text, "residence division 220102 is outside this device's area 220104") != NULL);

  /* The person's record says it per record: the person went through, its
   * registration was refused, with the reason. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-person", g_variant_new_string (person));
  wait_text (jz_window_get_page (f->window, "person"), "Refused by the county server",
             "the refused registration on the person's record");
  g_clear_pointer (&text, g_free);
  text = visible_text (jz_window_get_page (f->window, "person"));
  g_strdelimit (text, "\n", '|');
  g_test_message ("person page: %s", text);
  g_assert_true (strstr (text, "Synced with the county server") != NULL);
  g_assert_true (strstr (text, "outside this device's area") != NULL);
}

static void
check_plain_words (const char *text)
{
  static const char * const raw[] = {
    "g-io-error", "quark", "GLib", "GDBus", "errno", "soup", "Soup", "jz_", "JZ_", "(null)",
    "Error connecting", "Could not connect", "Connection refused", "gave up after", "http://",
  };

  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), >, 10);
  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    if (strstr (text, raw[i]) != NULL)
      g_error ("“%s” shows “%s”", text, raw[i]);
}

/* 5. The server is gone: the error in words, nothing lost; then back. */
static void
step_server_down (Fixture *f)
{
  g_autofree char *person = declare (f, 4, "220104");
  g_autoptr(JsonObject) kept = NULL;
  g_autofree char *toasts = NULL;
  g_autofree char *out = NULL;
  gint64 before = pending (f);
  guint16 port = f->server.port;

  g_assert_cmpint (before, >, 0);
  tu_server_stop (&f->server, SIGKILL);

  sync_now (f);
  g_test_message ("server down: %s | %s", progress_text (f), status_text (f));
  g_assert_true (gtk_widget_get_mapped (sync_child (f, "progress_label")));
  g_assert_true (g_str_has_prefix (progress_text (f), "Sync failed"));
  check_plain_words (progress_text (f));
  /* The toast says the same. */
  toasts = visible_text (window_child (f, "toast_overlay"));
  g_assert_true (strstr (toasts, progress_text (f)) != NULL);

  /* Nothing lost: the declaration waits to be sent. */
  g_assert_cmpint (pending (f), ==, before);
  {
    g_autofree char *want = g_strdup_printf (" %u to send ", (guint) before);

    g_assert_true (strstr (status_text (f), want) != NULL);
  }
  kept = jz_store_get (app_store (f), "person", person, NULL);
  g_assert_nonnull (kept);
  {
    g_autofree char *want = g_strdup_printf ("%u changes", (guint) before);

    g_assert_cmpstr (row_subtitle (f, "pending_row"), ==, want);
  }

  /* The server is back on the same address: the next sync sends it. */
  tu_server_start (&f->server, port);
  g_assert_cmpuint (f->server.port, ==, port);
  sync_now (f);
  g_test_message ("server back: %s", progress_text (f));
  g_assert_true (g_str_has_prefix (progress_text (f), "Synced: sent "));
  g_assert_cmpint (pending (f), ==, 0);
  g_assert_cmpstr (row_subtitle (f, "pending_row"), ==, "0 changes");

  g_free (cli (f, 0, "sync", NULL));
  out = cli (f, 0, "--json", "person", "show", person, NULL);
  g_assert_true (strstr (out, jz_test_persons[4].name) != NULL);
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *first = NULL;

  step_enrol (f);
  first = step_push (f);
  step_pull (f, first);
  step_rejected (f);
  step_server_down (f);
  step_forgot_pin (f);
  step_purge (f);
}

int
main (int    argc,
      char **argv)
{
  jz_test_session_bus ();
  jz_test_gtk_init (&argc, &argv);
  adw_init ();

  g_test_add ("/app-sync/server", Fixture, NULL, fixture_set_up, test_sync, fixture_tear_down);
  g_test_add ("/app-sync/county-ca", Fixture, "tls", fixture_set_up, test_enrol_ca, fixture_tear_down);
  return g_test_run ();
}
