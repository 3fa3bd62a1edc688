/* test-app-screenshots.c — the main pages rendered to PNG at 1280×800, 360×720 and 800×1280
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For people to look at (CI keeps them as artifacts): home, people, a
 * person's record, a conflict and sync, at a tablet's landscape size and a
 * phone's width, in BUILDDIR/tests/screenshots/ (or $JZ_SCREENSHOT_DIR).
 * With LANGUAGE=zh_CN the file names end in -zh_CN and the app speaks
 * Chinese (the catalogue built in BUILDDIR/po). Each PNG is checked to be
 * the window's size and not blank.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "jz-app-test-util.h"
#include "jz-conflicts-page.h"
#include "jz-people-page.h"
#include "jz-person-page.h"
#include "jz-store-draft.h"
#include "jz-window.h"

static char *data_dir;
static char *first_person;
static char *out_dir;

static gboolean
window_ready (gpointer data)
{
  return jz_test_window_ready (data);
}

static gboolean
person_loaded (gpointer data)
{
  return !jz_person_page_get_loading (data) && jz_person_page_get_title (data) != NULL;
}

static gboolean
conflicts_loaded (gpointer data)
{
  return !jz_conflicts_page_get_busy (data) && jz_conflicts_page_get_n_shown (data) > 0;
}

static gboolean
people_loaded (gpointer data)
{
  return !jz_person_list_model_get_loading (data);
}

static void
save_png (JzWindow   *window,
          const char *name,
          int         width,
          int         height)
{
  const char *lang = g_getenv ("LANGUAGE");
  g_autofree char *file = g_strdup_printf ("%s-%dx%d%s%s.png", name, width, height,
                                           lang && *lang ? "-" : "", lang && *lang ? lang : "");
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (GTK_WIDGET (window));
  int h = gtk_widget_get_height (GTK_WIDGET (window));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  guchar *pixels;
  gboolean varied = FALSE;

  jz_test_spin (400);
  node = jz_test_snapshot_node (GTK_WIDGET (window), w, h);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  /* A window as large as Xvfb's screen (scripts/test: 1600×1400) loses a
   * few pixels to the screen's edge; the layout is the same. */
  g_test_message ("%s: %d×%d", file, gdk_texture_get_width (texture), gdk_texture_get_height (texture));
  g_assert_cmpint (ABS (gdk_texture_get_width (texture) - width), <=, 32);
  g_assert_cmpint (ABS (gdk_texture_get_height (texture) - height), <=, 64);
  pixels = g_malloc (4 * (gsize) w * h);
  gdk_texture_download (texture, pixels, 4 * (gsize) w);
  for (gsize i = 4; i < 4 * (gsize) w * h && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 4) != 0;
  g_free (pixels);
  g_assert_true (varied);
}

static void
shoot (gconstpointer data)
{
  jz_test_system_data ();
  const int *size = data;
  g_autoptr(JzWindow) window = g_object_ref_sink (jz_window_new (NULL, data_dir));
  JzPeoplePage *people = JZ_PEOPLE_PAGE (jz_window_get_page (window, "people"));
  GActionGroup *actions = G_ACTION_GROUP (window);

  gtk_window_set_default_size (GTK_WINDOW (window), size[0], size[1]);
  gtk_window_present (GTK_WINDOW (window));
  jz_test_wait (window_ready, window, "the window");

  g_action_group_activate_action (actions, "show-page", g_variant_new_string ("home"));
  jz_test_spin (300);
  save_png (window, "home", size[0], size[1]);

  g_action_group_activate_action (actions, "show-page", g_variant_new_string ("people"));
  jz_test_wait (people_loaded, jz_people_page_get_model (people), "the people list");
  save_png (window, "people", size[0], size[1]);

  g_action_group_activate_action (actions, "open-person", g_variant_new_string (first_person));
  jz_test_wait (person_loaded, jz_window_get_page (window, "person"), "the record");
  save_png (window, "person", size[0], size[1]);

  g_action_group_activate_action (actions, "open-conflict", g_variant_new_string (first_person));
  jz_test_wait (conflicts_loaded, jz_window_get_page (window, "conflicts"), "the conflict");
  save_png (window, "conflict", size[0], size[1]);

  g_action_group_activate_action (actions, "show-page", g_variant_new_string ("sync"));
  save_png (window, "sync", size[0], size[1]);

  /* A form in the window: its own header bar, with Close, in place of the window's. */
  g_action_group_activate_action (actions, "new-declaration", NULL);
  jz_test_spin (300);
  save_png (window, "form", size[0], size[1]);

  gtk_window_destroy (GTK_WINDOW (window));
  jz_test_spin (100);
}

int
main (int    argc,
      char **argv)
{
  static const int landscape[2] = { 1280, 800 };
  static const int narrow[2] = { 360, 720 };
  static const int portrait[2] = { 800, 1280 };
  g_autofree char *base = NULL;
  g_autofree char *other = NULL;
  g_autofree char *po_dir = NULL;
  g_autoptr(GSettings) settings = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* The catalogue of this build, for LANGUAGE=zh_CN. */
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
  g_settings_set_boolean (settings, "first-run", FALSE);
  g_settings_set_boolean (settings, "auto-sync", FALSE);

  base = g_dir_make_tmp ("juzhu-shots-XXXXXX", NULL);
  data_dir = g_build_filename (base, "a", NULL);
  other = g_build_filename (base, "b", NULL);
  first_person = jz_test_fill (data_dir, other);
  {
    /* An unfinished declaration, for Home's Drafts. */
    g_autoptr(JzSession) session = jz_session_open (data_dir, NULL);
    g_autoptr(JsonObject) body = json_object_new ();
    JsonObject *values = json_object_new ();

    g_assert_nonnull (session);
    json_object_set_string_member (values, "name", "赵秀英");
    json_object_set_string_member (body, "step", "hukou");
    json_object_set_object_member (body, "values", values);
    g_assert_true (jz_store_draft_save (jz_session_get_store (session), "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                                        "declaration", body, NULL));
  }

  out_dir = g_strdup (g_getenv ("JZ_SCREENSHOT_DIR"));
  if (out_dir == NULL)
    out_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);

  g_test_add_data_func ("/app-screenshots/1280x800", landscape, shoot);
  g_test_add_data_func ("/app-screenshots/360x720", narrow, shoot);
  /* A 10-inch tablet held upright. */
  g_test_add_data_func ("/app-screenshots/800x1280", portrait, shoot);
  status = g_test_run ();

  g_free (data_dir);
  g_free (first_person);
  g_free (out_dir);
  return status;
}
