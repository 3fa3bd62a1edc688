/* test-app-menu.c — the primary menu, About Juzhu, Ctrl+W and Ctrl+Q
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application itself (JzApplication, registered on the test's session
 * bus) and its window on a real data directory: the menu button of the
 * sidebar (F10) holds Lock, Keyboard shortcuts and About; the keys are Ctrl+W
 * and Ctrl+Q; About Juzhu shows the version and the licence over the
 * window, saved as PNG; Quit closes the window, keeping nothing open. With
 * LANGUAGE=zh_CN (app-menu-zh) the menu and the About window's words of
 * ours are Chinese.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "jz-app-test-util.h"
#include "jz-application.h"
#include "jz-window.h"

static gboolean
is_chinese (void)
{
  const char *lang = g_getenv ("LANGUAGE");

  return lang != NULL && g_str_has_prefix (lang, "zh");
}

static GtkMenuButton *
find_primary_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkMenuButton *found = find_primary_menu (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* action → label of every item of @model, sections included */
static void
collect_items (GMenuModel *model,
               GHashTable *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autofree char *action = NULL;
      g_autofree char *label = NULL;

      if (section != NULL)
        {
          collect_items (section, out);
          continue;
        }
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      g_hash_table_insert (out, g_steal_pointer (&action), g_steal_pointer (&label));
    }
}

static AdwAboutWindow *
find_about (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_ABOUT_WINDOW (w);
    }
  return NULL;
}

static gboolean
about_shown (gpointer data)
{
  return find_about () != NULL;
}

/* Whether @widget has a shortcut @trigger → @action among its controllers */
static gboolean
has_shortcut (GtkWidget  *widget,
              const char *trigger,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *t = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *a = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

          if (g_str_equal (t, trigger) && strstr (a, action) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
window_ready (gpointer data)
{
  return jz_test_window_ready (data);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_menu (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *base = g_dir_make_tmp ("juzhu-menu-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "a", NULL);
  g_autofree char *other = g_build_filename (base, "b", NULL);
  g_autofree char *first = NULL;
  g_autoptr(JzApplication) app = jz_application_new ();
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) quit_keys = NULL;
  g_autofree char *png = NULL;
  GtkMenuButton *menu;
  AdwAboutWindow *about;
  JzWindow *window;
  gpointer alive;

  jz_test_system_data ();
  g_settings_set_boolean (settings, "first-run", FALSE);
  first = jz_test_fill (dir, other);

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = jz_window_new (GTK_APPLICATION (app), dir);
  alive = window;
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  jz_test_wait (window_ready, window, "the window to open the data directory");

  /* the menu: F10 opens it (primary), and what it holds */
  menu = find_primary_menu (GTK_WIDGET (window));
  g_assert_nonnull (menu);
  collect_items (gtk_menu_button_get_menu_model (menu), items);
  g_assert_cmpstr (g_hash_table_lookup (items, "win.lock"), ==, _("_Lock Now"));
  g_assert_cmpstr (g_hash_table_lookup (items, "win.about"), ==, _("_About Juzhu"));
  g_assert_cmpstr (g_hash_table_lookup (items, "win.show-help-overlay"), ==, _("_Keyboard Shortcuts"));
  /* as GNOME's guidelines have it: closing and quitting are keys, not items */
  g_assert_false (g_hash_table_contains (items, "app.quit"));
  if (is_chinese ())
    g_assert_cmpstr (g_hash_table_lookup (items, "win.about"), !=, "_About Juzhu");

  /* the keys */
  quit_keys = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (quit_keys[0], ==, "<Control>q");
  g_assert_true (has_shortcut (GTK_WIDGET (window), "<Control>w", "window.close"));

  g_free (jz_test_save_png (GTK_WINDOW (window), is_chinese () ? "menu-window-zh" : "menu-window", 300));

  /* Larger text (Sync and settings): a quarter larger at once, and back */
  {
    int before, larger, after;

    g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &before, NULL);
    g_settings_set_boolean (settings, "large-text", TRUE);
    g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &larger, NULL);
    g_settings_set_boolean (settings, "large-text", FALSE);
    g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &after, NULL);
    g_assert_cmpint (before, >, 0);
    g_assert_cmpint (larger, ==, before * 5 / 4);
    g_assert_cmpint (after, ==, before);
  }

  /* About Juzhu, over the window */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.about", NULL));
  jz_test_wait (about_shown, NULL, "About Juzhu");
  about = find_about ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, _("Juzhu"));
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  if (is_chinese ())
    {
      g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "居住");
      g_assert_false (g_regex_match_simple ("[A-Za-z]{3,}", adw_about_window_get_comments (about), 0, 0));
    }
  png = jz_test_save_png (GTK_WINDOW (about), is_chinese () ? "about-zh" : "about", 300);
  gtk_window_close (GTK_WINDOW (about));

  /* Quit: the window closes as its close button would, and is gone */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  jz_test_wait (pointer_cleared, &alive, "the window to close on Quit");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *po_dir = NULL;

  setlocale (LC_ALL, "");
  /* The catalogue of this build, for LANGUAGE=zh_CN. */
  po_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, po_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  jz_test_session_bus ();
  jz_test_gtk_init (&argc, &argv);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_set_boolean (settings, "auto-sync", FALSE);
  }

  g_test_add_func ("/app-menu/menu", test_menu);
  return g_test_run ();
}
