/* test-app-lock.c — the app lock, driven as an operator would
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb, with JUZHU_LOCK_IDLE_SECONDS=2. A data directory with
 * people on it, at its first run: the PIN is asked twice and kept as an
 * Argon2id hash; Today then opens without asking it. Two idle seconds
 * later the window is locked: its widget tree holds the lock page only (no
 * list, no page of the app, no name or ID number of anyone). Wrong PINs
 * are refused, the third earns a wait of 30 s, which outlives the window,
 * and the next wrong one 60 s; the right PIN unlocks, where the operator
 * left off; a dialog is hidden meanwhile. The lock page is saved as PNG at 1280×800 (and 800×1280); with
 * LANGUAGE=zh_CN (the app-lock-zh test) every word on it is Chinese.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "jz-app-test-util.h"
#include "jz-first-run-page.h"
#include "jz-lock-page.h"
#include "jz-people-page.h"
#include "jz-person-list-model.h"
#include "jz-store-pin.h"
#include "jz-window.h"


static gboolean
first_run_shown (gpointer data)
{
  JzWindow *window = data;

  return jz_window_get_state (window) == JZ_WINDOW_FIRST_RUN
         && jz_first_run_page_get_ready (JZ_FIRST_RUN_PAGE (jz_window_get_page (window, "first-run")));
}

/* Open and unlocked, without typing anything */
static gboolean
today_shown (gpointer data)
{
  JzWindow *window = data;

  return jz_window_get_state (window) == JZ_WINDOW_READY && !jz_window_get_locked (window)
         && jz_window_get_overview_serial (window) > 0;
}

static gboolean
locked (gpointer data)
{
  return jz_window_get_locked (data);
}

static JzLockPage *
lock_page (JzWindow *window)
{
  GtkWidget *page = jz_window_get_page (window, "lock");

  g_assert_nonnull (page);
  return JZ_LOCK_PAGE (page);
}

static gboolean
asks_pin (gpointer data)
{
  JzWindow *window = data;

  return jz_window_get_state (window) == JZ_WINDOW_READY && jz_window_get_locked (window)
         && jz_lock_page_get_mode (lock_page (window)) == JZ_LOCK_PAGE_UNLOCK
         && !jz_lock_page_get_busy (lock_page (window));
}

static gboolean
lock_idle (gpointer data)
{
  return !jz_lock_page_get_busy (data);
}

static gboolean
people_loaded (gpointer data)
{
  return !jz_person_list_model_get_loading (data) && g_list_model_get_n_items (data) > 0;
}

static void
save_png (JzWindow   *window,
          const char *name)
{
  /* sized and drawn first: a window locked at once may not be yet */
  g_free (jz_test_save_png (GTK_WINDOW (window), name, 400));
}

/* Every text in @widget's tree, shown or not, and its widgets' types */
static void
collect_tree (GtkWidget *widget,
              GPtrArray *texts,
              GPtrArray *types)
{
  g_ptr_array_add (types, (gpointer) G_OBJECT_TYPE_NAME (widget));
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));
  if (GTK_IS_EDITABLE (widget))
    g_ptr_array_add (texts, g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget))));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_tree (c, texts, types);
}

static gboolean
has_text (GPtrArray  *texts,
          const char *needle)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (texts->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Nothing of anyone in the locked window: no list, no page of the app,
 * no name, no ID number, not even its last digits. */
static void
assert_nothing_personal (JzWindow *window)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) types = g_ptr_array_new ();

  collect_tree (GTK_WIDGET (window), texts, types);
  g_assert_cmpuint (texts->len, >, 3);
  for (guint i = 0; i < types->len; i++)
    {
      const char *type = types->pdata[i];

      g_assert_cmpstr (type, !=, "GtkListView");
      g_assert_cmpstr (type, !=, "GtkColumnView");
      g_assert_cmpstr (type, !=, "GtkGridView");
      if (!g_str_has_prefix (type, "Gtk") && !g_str_has_prefix (type, "Adw") && i > 0)
        g_assert_cmpstr (type, ==, "JzLockPage");
    }
  for (guint i = 0; i < JZ_TEST_N_PERSONS; i++)
    {
      g_autofree char *number = jz_test_id_number (jz_test_persons[i].first17);

      g_assert_false (has_text (texts, jz_test_persons[i].name));
      g_assert_false (has_text (texts, number + 14));
    }
  g_assert_false (has_text (texts, "王晓燕"));
}

/* With LANGUAGE=zh_CN, no English word on the lock page (PIN is PIN in
 * Chinese too). */
static void
assert_in_language (JzWindow *window)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) types = g_ptr_array_new ();
  g_autoptr(GRegex) english = g_regex_new ("[A-Za-z]{3,}", 0, 0, NULL);

  if (lang == NULL || !g_str_has_prefix (lang, "zh"))
    return;
  collect_tree (GTK_WIDGET (window), texts, types);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *text = g_strdup (texts->pdata[i]);

      /* mnemonics and the address typed in are not words of the page */
      if (g_str_has_prefix (text, "https://") || g_str_has_prefix (text, "http://"))
        continue;
      if (g_regex_match (english, text, 0, NULL))
        g_error ("English on the Chinese lock page: %s", text);
    }
}

static void
wrong_pin (JzWindow   *window,
           const char *pin)
{
  JzLockPage *page = lock_page (window);

  jz_lock_page_submit (page, pin, NULL);
  g_assert_true (jz_lock_page_get_busy (page));
  jz_test_wait (lock_idle, page, "a wrong PIN checked");
  g_assert_true (jz_window_get_locked (window));
  g_test_message ("after %s: %s", pin, jz_lock_page_get_message (page));
}

static JzStore *
store_of (JzWindow *window)
{
  return jz_session_get_store (jz_window_get_session (window));
}

/* The wait is over, as if its seconds had passed: its start moved back an
 * hour where the app keeps it, then read again by a new window. */
static JzWindow *
end_wait_and_reopen (JzWindow   *window,
                     const char *dir)
{
  g_autofree char *past = NULL;
  JzPinClock now;

  jz_pin_clock_now (&now);
  past = g_strdup_printf ("%" G_GINT64_FORMAT, now.seconds - 3601);
  g_assert_true (jz_store_set_meta (store_of (window), "pin_wait_mark", past, NULL));
  jz_test_close_window (window);
  window = jz_test_open_window (dir, 1280, 800);
  jz_test_wait (asks_pin, window, "the lock page after a restart");
  return window;
}

static char *
people_dir (void)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-lock-XXXXXX", NULL);
  g_autofree char *other = g_build_filename (base, "b", NULL);
  char *dir = g_build_filename (base, "a", NULL);
  g_autofree char *first = jz_test_fill (dir, other);
  g_autoptr(JzSession) session = jz_session_open (dir, NULL);

  /* People on it, and still its first run (no rules chosen). */
  g_assert_nonnull (session);
  g_assert_true (jz_store_set_meta (jz_session_get_store (session), "profile", NULL, NULL));
  return dir;
}

static void
test_lock (void)
{
  g_autofree char *dir = people_dir ();
  JzWindow *window = jz_test_open_window (dir, 1280, 800);
  GtkWidget *page;
  JzPeoplePage *people;
  JzPinState state;
  JzPinClock now;
  g_autofree char *hash = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  guint wait;

  /* The first run asks the PIN twice. */
  jz_test_wait (first_run_shown, window, "the first-run page");
  page = jz_window_get_page (window, "first-run");
  g_assert_true (jz_first_run_page_select (JZ_FIRST_RUN_PAGE (page), "jilin-2016", "committee"));
  jz_first_run_page_type_pin (JZ_FIRST_RUN_PAGE (page), "12345", NULL);
  g_assert_true (gtk_widget_activate_action (page, "first-run.offline", NULL));
  g_assert_cmpint (jz_window_get_state (window), ==, JZ_WINDOW_FIRST_RUN);
  jz_first_run_page_type_pin (JZ_FIRST_RUN_PAGE (page), JZ_TEST_PIN, NULL);
  g_assert_true (gtk_widget_activate_action (page, "first-run.offline", NULL));
  jz_test_wait (today_shown, window, "Today after the first run, without the PIN asked");

  hash = jz_store_get_meta (store_of (window), "pin_hash", NULL);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, JZ_TEST_PIN));

  /* People with their names on screen… */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-page", g_variant_new_string ("people"));
  people = JZ_PEOPLE_PAGE (jz_window_get_page (window, "people"));
  jz_test_wait (people_loaded, jz_people_page_get_model (people), "the people list");
  jz_test_spin (300);
  jz_test_collect_labels (GTK_WIDGET (window), shown);
  g_assert_true (has_text (shown, jz_test_persons[1].name));

  /* …until two idle seconds lock the window. */
  jz_test_wait (locked, window, "the idle lock");
  jz_test_wait (asks_pin, window, "the PIN asked");
  assert_nothing_personal (window);
  assert_in_language (window);
  save_png (window, "lock");

  /* Wrong PINs: two free, the third earns 30 s, during which even the
   * right one is not taken. */
  wrong_pin (window, "000000");
  g_assert_cmpuint (jz_lock_page_get_wait (lock_page (window)), ==, 0);
  g_assert_nonnull (jz_lock_page_get_message (lock_page (window)));
  wrong_pin (window, "999999");
  g_assert_cmpuint (jz_lock_page_get_wait (lock_page (window)), ==, 0);
  wrong_pin (window, "111111");
  wait = jz_lock_page_get_wait (lock_page (window));
  g_assert_cmpuint (wait, >, 25);
  g_assert_cmpuint (wait, <=, 30);
  {
    g_autofree char *said = g_strdup_printf (_("Too many wrong PINs. Try again in %u s."), wait);
    g_autofree char *said_before = g_strdup_printf (_("Too many wrong PINs. Try again in %u s."), wait + 1);
    const char *message = jz_lock_page_get_message (lock_page (window));

    g_assert_true (g_strcmp0 (message, said) == 0 || g_strcmp0 (message, said_before) == 0);
  }
  assert_in_language (window);
  save_png (window, "lock-wait");
  jz_lock_page_submit (lock_page (window), JZ_TEST_PIN, NULL);
  g_assert_false (jz_lock_page_get_busy (lock_page (window)));
  g_assert_true (jz_window_get_locked (window));
  assert_nothing_personal (window);

  /* The wait outlives the window (the app killed and started again). */
  jz_test_close_window (window);
  window = jz_test_open_window (dir, 1280, 800);
  jz_test_wait (asks_pin, window, "the lock page at start");
  assert_nothing_personal (window);
  g_assert_cmpuint (jz_lock_page_get_wait (lock_page (window)), >, 20);
  jz_pin_clock_now (&now);
  g_assert_true (jz_store_get_pin_state (store_of (window), &now, &state, NULL));
  g_assert_cmpuint (state.failures, ==, 3);

  /* After it, the next wrong PIN doubles the wait. */
  window = end_wait_and_reopen (window, dir);
  g_assert_cmpuint (jz_lock_page_get_wait (lock_page (window)), ==, 0);
  wrong_pin (window, "222222");
  wait = jz_lock_page_get_wait (lock_page (window));
  g_assert_cmpuint (wait, >, 55);
  g_assert_cmpuint (wait, <=, 60);

  /* After that one, the right PIN: the app as it was, the failures gone. */
  window = end_wait_and_reopen (window, dir);
  jz_lock_page_submit (lock_page (window), JZ_TEST_PIN, NULL);
  jz_test_wait (today_shown, window, "Today after the right PIN");
  g_assert_null (jz_window_get_page (window, "lock"));
  jz_pin_clock_now (&now);
  g_assert_true (jz_store_get_pin_state (store_of (window), &now, &state, NULL));
  g_assert_cmpuint (state.failures, ==, 0);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = g_ptr_array_new_with_free_func (g_free);
  jz_test_collect_labels (GTK_WIDGET (window), shown);
  g_assert_false (has_text (shown, _("Juzhu is locked")));

  /* win.lock (Ctrl+L) locks at once. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_true (jz_window_get_locked (window));
  assert_nothing_personal (window);
  jz_test_close_window (window);
}

/* An installation from before the lock has no PIN: the next start asks
 * for one, twice, before anything is shown. Saved upright too. */
static void
test_no_pin_yet (void)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-lock-XXXXXX", NULL);
  g_autofree char *other = g_build_filename (base, "b", NULL);
  g_autofree char *dir = g_build_filename (base, "a", NULL);
  g_autofree char *first = jz_test_fill (dir, other);
  JzWindow *window = jz_test_open_window (dir, 800, 1280);
  JzLockPage *page;

  jz_test_wait (locked, window, "the lock page");
  page = lock_page (window);
  jz_test_wait (lock_idle, page, "the PIN state read");
  g_assert_cmpint (jz_lock_page_get_mode (page), ==, JZ_LOCK_PAGE_SET);
  assert_nothing_personal (window);
  assert_in_language (window);
  save_png (window, "lock-set-pin");
  jz_lock_page_submit (page, JZ_TEST_PIN, "135799");
  g_assert_false (jz_lock_page_get_busy (page));
  g_assert_nonnull (jz_lock_page_get_message (page));
  jz_lock_page_submit (page, "1234", NULL);
  g_assert_false (jz_lock_page_get_busy (page));
  jz_lock_page_submit (page, JZ_TEST_PIN, NULL);
  jz_test_wait (today_shown, window, "Today after setting the PIN");
  {
    JzPinState state;

    JzPinClock now;

    jz_pin_clock_now (&now);
    g_assert_true (jz_store_get_pin_state (store_of (window), &now, &state, NULL));
    g_assert_true (state.set);
  }
  jz_test_close_window (window);
}

/* Forgot the PIN: the page says that only the county can reset it and
 * offers to enrol again; Back returns to the PIN. */
static void
test_forgot (void)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-lock-XXXXXX", NULL);
  g_autofree char *other = g_build_filename (base, "b", NULL);
  g_autofree char *dir = g_build_filename (base, "a", NULL);
  g_autofree char *first = jz_test_fill (dir, other);
  JzWindow *window;
  JzLockPage *page;

  {
    g_autoptr(JzSession) session = jz_session_open (dir, NULL);

    g_assert_true (jz_store_set_pin (jz_session_get_store (session), JZ_TEST_PIN, NULL));
  }
  window = jz_test_open_window (dir, 1280, 800);
  jz_test_wait (asks_pin, window, "the PIN asked");
  page = lock_page (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lock.forgot", NULL));
  g_assert_cmpint (jz_lock_page_get_mode (page), ==, JZ_LOCK_PAGE_ENROL);
  assert_nothing_personal (window);
  assert_in_language (window);
  save_png (window, "lock-forgot");
  /* an enrolment without a code is not tried */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lock.enrol", NULL));
  g_assert_false (jz_lock_page_get_busy (page));
  g_assert_nonnull (jz_lock_page_get_message (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lock.back", NULL));
  g_assert_cmpint (jz_lock_page_get_mode (page), ==, JZ_LOCK_PAGE_UNLOCK);
  jz_test_close_window (window);
}

/* A dialog with someone's name in it is hidden while the window is
 * locked, and back, as it was, once the PIN is typed. */
static void
test_dialogs (void)
{
  g_autofree char *base = g_dir_make_tmp ("juzhu-lock-XXXXXX", NULL);
  g_autofree char *other = g_build_filename (base, "b", NULL);
  g_autofree char *dir = g_build_filename (base, "a", NULL);
  g_autofree char *first = jz_test_fill (dir, other);
  JzWindow *window;
  GtkWidget *dialog;

  {
    g_autoptr(JzSession) session = jz_session_open (dir, NULL);

    g_assert_true (jz_store_set_pin (jz_session_get_store (session), JZ_TEST_PIN, NULL));
  }
  window = jz_test_open_window (dir, 1280, 800);
  jz_test_wait (asks_pin, window, "the PIN asked at start");
  assert_nothing_personal (window);
  jz_lock_page_submit (lock_page (window), JZ_TEST_PIN, NULL);
  jz_test_wait (today_shown, window, "Today");

  dialog = adw_message_dialog_new (GTK_WINDOW (window), jz_test_persons[2].name, NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", "Cancel");
  gtk_window_present (GTK_WINDOW (dialog));
  jz_test_spin (100);
  g_assert_true (gtk_widget_get_visible (dialog));

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_true (jz_window_get_locked (window));
  g_assert_false (gtk_widget_get_visible (dialog));
  jz_test_wait (asks_pin, window, "the PIN asked");
  jz_lock_page_submit (lock_page (window), JZ_TEST_PIN, NULL);
  jz_test_wait (today_shown, window, "Today again");
  g_assert_true (gtk_widget_get_visible (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  jz_test_close_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *po_dir = NULL;
  g_autoptr(GSettings) settings = NULL;

  setlocale (LC_ALL, "");
  /* The catalogue of this build, for LANGUAGE=zh_CN. */
  po_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("JUZHU_LOCK_IDLE_SECONDS", "2", TRUE);

  jz_test_session_bus ();
  jz_test_gtk_init (&argc, &argv);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_boolean (settings, "auto-sync", FALSE);


  g_test_add_func ("/app-lock/lock", test_lock);
  g_test_add_func ("/app-lock/no-pin-yet", test_no_pin_yet);
  g_test_add_func ("/app-lock/forgot", test_forgot);
  g_test_add_func ("/app-lock/dialogs", test_dialogs);
  return g_test_run ();
}
