/* jz-app-test-util.c — a data directory filled through the core, and
 * waiting on the main loop, for the app's tests
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jz-app-test-util.h"
#include "jz-app-util.h"
#include "jz-lock-page.h"

/* A private session bus (dbus-daemon), so GTK finds one under Xvfb and
 * nothing of the developer's desktop is touched; it stops with the test. */
void
jz_test_session_bus (void)
{
  static GTestDBus *bus;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* g_test_dbus_up() unsets DISPLAY; Xvfb's is wanted. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
}

/* The system's data directories (icon themes, GSettings schemas, fonts'
 * configuration), as they were before the tests isolated theirs. */
static char *jz_test_system_data_dirs;

/* The first statement of each test (before initialisers that may make a
 * window and load icons): the isolated XDG_DATA_DIRS would hide the icon
 * theme and the schemas a person's system has; those stay visible (they
 * are the system's, read only), the user's dirs stay the test's. */
void
jz_test_system_data (void)
{
  if (jz_test_system_data_dirs != NULL)
    g_setenv ("XDG_DATA_DIRS", jz_test_system_data_dirs, TRUE);
}

/* gtk_test_init() of GTK 4 ignores its options, so isolating the dirs
 * through it does nothing; this does what it does (the C locale, GTK) on
 * top of g_test_init() with G_TEST_OPTION_ISOLATE_DIRS: each test gets a
 * HOME and XDG dirs of its own under a temporary directory, and nothing of
 * the developer's settings, caches or keyrings is read or written. */
void
jz_test_gtk_init (int    *argcp,
                  char ***argvp)
{
  jz_test_system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS") ?: "/usr/local/share:/usr/share");
  g_test_init (argcp, argvp, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  jz_test_system_data ();
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "en_US.UTF-8");
  /* The renderer the app would choose on this machine (main.c). */
  jz_app_choose_renderer ();
  gtk_init ();
  /* the app's style.css, which AdwApplication loads in the app itself
   * (the tests make windows without it) */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/juzhu/Juzhu/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

/* Runs the main loop until @cond holds; fails the test after the timeout. */
void
jz_test_wait (JzTestCondition  cond,
              gpointer         data,
              const char      *what)
{
  gint64 end = g_get_monotonic_time () + JZ_TEST_TIMEOUT_S * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
jz_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Adds one page of @page (an image file) for every need the rules engine
 * still lists for @application, dated @date, until none is missing; then
 * the application can be accepted. */
void
jz_test_complete_materials (JzRegistry  *registry,
                            const char  *application,
                            const GDate *today,
                            const char  *page,
                            const char  *date)
{
  for (guint rounds = 0;; rounds++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JzRulesResult) result = jz_registry_evaluate (registry, application, today, &error);
      const char *files[] = { page, NULL };
      g_autoptr(JsonObject) added = NULL;

      g_assert_no_error (error);
      if (jz_rules_result_get_n_missing (result) == 0)
        return;
      g_assert_cmpuint (rounds, <, 20);
      added = jz_registry_add_material (registry, application, jz_rules_result_get_missing (result, 0)->any_of[0],
                                        files, date, "test", &error);
      g_assert_no_error (error);
    }
}

/* The open AdwMessageDialog whose heading is @heading, or NULL. */
gboolean
jz_test_dialog_open (gpointer heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Waits for the dialog asking @heading and answers it with @response
 * ("confirm", "cancel"), as a tap on that button would. */
void
jz_test_answer_dialog (const char *heading,
                       const char *response)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  jz_test_wait (jz_test_dialog_open, (gpointer) heading, heading);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        {
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (w), response);
          gtk_window_destroy (w);
          return;
        }
    }
}

/* What @widget draws at @width × @height, for a screenshot. On a loaded
 * machine a page may not have drawn yet, and a snapshot of nothing is no
 * node: the main loop runs and it is asked again, for up to five seconds. */
GskRenderNode *
jz_test_snapshot_node (GtkWidget *widget,
                       int        width,
                       int        height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GskRenderNode *node = NULL;

  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (tries > 0)
        jz_test_spin (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  if (node == NULL)
    g_error ("%s drew nothing in five seconds", G_OBJECT_TYPE_NAME (widget));
  return node;
}

/**
 * jz_test_save_png:
 * @name: the screenshot's name
 * @settle_ms: how long the main loop runs first, for the window to be
 *   sized and drawn
 *
 * @window as it draws now, in BUILDDIR/tests/screenshots/NAME-WxH.png
 * (-LANGUAGE before .png when $LANGUAGE is set).
 *
 * Returns: (transfer full): the file's path
 */
char *
jz_test_save_png (GtkWindow  *window,
                  const char *name,
                  guint       settle_ms)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "screenshots", NULL);
  g_autofree char *file = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  char *path;
  int w, h;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  jz_test_spin (settle_ms);
  w = gtk_widget_get_width (GTK_WIDGET (window));
  h = gtk_widget_get_height (GTK_WIDGET (window));
  file = g_strdup_printf ("%s-%dx%d%s%s.png", name, w, h, lang && *lang ? "-" : "", lang && *lang ? lang : "");
  path = g_build_filename (dir, file, NULL);
  node = jz_test_snapshot_node (GTK_WIDGET (window), w, h);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/* A valid GB 11643 number from 17 digits. */
char *
jz_test_id_number (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, jz_id_number_check_char (first17));
}

const JzTestPerson jz_test_persons[JZ_TEST_N_PERSONS] = {
  { "41120219850612002", "王小燕", "河南省三门峡市湖滨区黄河路1号" },
  { "22010419900307123", "李明", "吉林省长春市朝阳区人民大街8号" },
  { "41120219781101451", "张伟", "河南省三门峡市湖滨区崤山路22号" },
  { "22010219951231004", "王芳", "吉林省长春市南关区大马路3号" },
  { "41120220010203551", "陈建国", "河南省三门峡市湖滨区六峰路5号" },
};

JsonObject *
jz_test_declare (JzSession  *session,
                 guint       i)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autofree char *number = jz_test_id_number (jz_test_persons[i].first17);
  g_autoptr(GError) error = NULL;
  GDate today;
  JsonObject *out;

  json_object_set_string_member (input, "id_number", number);
  json_object_set_string_member (input, "name", jz_test_persons[i].name);
  json_object_set_string_member (input, "ethnicity", "01");
  json_object_set_string_member (input, "hukou_division", "411202");
  json_object_set_string_member (input, "hukou_address", jz_test_persons[i].address);
  json_object_set_string_member (input, "residence_division", "220104");
  json_object_set_string_member (input, "committee", "红旗社区居委会");
  json_object_set_string_member (input, "residence_address", "人民大街100号3单元502");
  json_object_set_string_member (input, "arrival_date", "2025-08-15");
  json_object_set_string_member (input, "reason", "work");
  json_object_set_string_member (input, "housing_type", "rented");
  json_object_set_string_member (input, "landlord_name", "李四");

  jz_session_get_today (session, &today);
  out = jz_registry_declare (jz_session_get_registry (session), input, &today, "tester", &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

/* Copies every change set of @from into @to. */
void
jz_test_exchange (JzStore *from,
                  JzStore *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) sets = jz_store_export_change_sets (from, 0, &error);
  guint n = 0;
  gboolean applied;

  g_assert_no_error (error);
  applied = jz_store_apply_remote (to, sets, &n, &error);
  g_assert_no_error (error);
  g_assert_true (applied);
}

void
jz_test_edit (JzSession  *session,
              const char *person,
              const char *field,
              const char *value,
              const char *author)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  GDate today;

  json_object_set_string_member (fields, field, value);
  jz_session_get_today (session, &today);
  g_assert_true (jz_registry_edit (jz_session_get_registry (session), "person", person, fields,
                                   &today, author, &error));
  g_assert_no_error (error);
}

/* A data directory with the five persons, the first of them in conflict on
 * its name and hukou address (edited differently on a second device).
 * Returns the first person's id. */
char *
jz_test_fill (const char *dir,
              const char *other_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSession) a = jz_session_open (dir, &error);
  g_autoptr(JzSession) b = NULL;
  char *first = NULL;

  g_assert_no_error (error);
  /* Past the first run: a profile is chosen. */
  g_assert_true (jz_store_set_meta (jz_session_get_store (a), "profile", "national-2016", NULL));
  for (guint i = 0; i < JZ_TEST_N_PERSONS; i++)
    {
      g_autoptr(JsonObject) out = jz_test_declare (a, i);

      g_assert_true (json_object_has_member (out, "person_id"));
      if (i == 0)
        first = g_strdup (json_object_get_string_member (out, "person_id"));
    }

  b = jz_session_open (other_dir, &error);
  g_assert_no_error (error);
  jz_test_exchange (jz_session_get_store (a), jz_session_get_store (b));
  jz_test_edit (a, first, "name", "王晓燕", "alice");
  jz_test_edit (b, first, "name", "王小艳", "bob");
  jz_test_edit (a, first, "hukou_address", "河南省三门峡市湖滨区黄河路2号", "alice");
  jz_test_edit (b, first, "hukou_address", "河南省三门峡市湖滨区黄河路3号", "bob");
  jz_test_exchange (jz_session_get_store (b), jz_session_get_store (a));
  return first;
}

/* Every GtkLabel text under @widget, appended to @out. */
void
jz_test_collect_labels (GtkWidget *widget,
                        GPtrArray *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (out, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    jz_test_collect_labels (c, out);
}

/**
 * jz_test_window_ready:
 *
 * A condition for jz_test_wait(): the window's data directory is open, its
 * overview read and the app lock passed as the operator would, by typing
 * JZ_TEST_PIN on the lock page (setting it first when none is kept).
 */
gboolean
jz_test_window_ready (JzWindow *window)
{
  JzLockPage *page;

  if (jz_window_get_state (window) != JZ_WINDOW_READY)
    return FALSE;
  if (jz_window_get_locked (window))
    {
      page = JZ_LOCK_PAGE (jz_window_get_page (window, "lock"));
      if (!jz_lock_page_get_busy (page) && jz_lock_page_get_wait (page) == 0 &&
          (jz_lock_page_get_mode (page) == JZ_LOCK_PAGE_UNLOCK || jz_lock_page_get_mode (page) == JZ_LOCK_PAGE_SET))
        jz_lock_page_submit (page, JZ_TEST_PIN, NULL);
      return FALSE;
    }
  return jz_window_get_overview_serial (window) > 0;
}

/* A window of the app on @dir, @width × @height, shown. */
JzWindow *
jz_test_open_window (const char *dir,
                     int         width,
                     int         height)
{
  JzWindow *window = g_object_ref_sink (jz_window_new (NULL, dir));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Closes and releases a window of jz_test_open_window(). */
void
jz_test_close_window (JzWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  jz_test_spin (50);
}

/* What a sync keeps when the county certifies the station's key
 * (jz-sync-station.c), made here with a county key of the test's own. */
void
jz_test_give_station_key (JzStore *store)
{
  g_autoptr(JzSigningKey) county = jz_signing_key_new_random ();
  g_autoptr(JzSigningKey) station = jz_signing_key_new_random ();
  g_autoptr(GBytes) station_public = g_bytes_new (jz_signing_key_get_public (station), JZ_SIGN_PUBLIC_BYTES);
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seed = jz_signing_key_get_seed (station);
  g_autofree char *cert_b64 = NULL;
  g_autofree char *county_b64 = jz_signing_key_get_public_base64 (county);
  GDate first, last;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_JANUARY, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 1, G_DATE_JUNE, 2026);
  cert = jz_station_cert_issue (county, "01890a5d-ac96-774b-bcce-b302099a8057", station_public, JZ_STATION_OFFICE,
                                "220104", &first, &last, &error);
  g_assert_no_error (error);
  cert_b64 = g_base64_encode (g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
  g_assert_true (jz_store_set_meta (store, "station_key", seed, &error));
  g_assert_true (jz_store_set_meta (store, "station_cert", cert_b64, &error));
  g_assert_true (jz_store_set_meta (store, "county_key", county_b64, &error));
  g_assert_no_error (error);
}
