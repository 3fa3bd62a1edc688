/* jz-application.c — the AdwApplication of Juzhu
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-application.h"
#include "jz-window.h"

struct _JzApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  char           *data_dir;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (JzApplication, jz_application, ADW_TYPE_APPLICATION)

static const GOptionEntry app_options[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use DIR as the device data directory"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static int
jz_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  JzApplication *self = JZ_APPLICATION (app);
  const char *dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("juzhu %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &dir))
    self->data_dir = g_strdup (dir);
  else if (g_getenv ("JUZHU_DATA_DIR") != NULL)
    self->data_dir = g_strdup (g_getenv ("JUZHU_DATA_DIR"));
  else
    self->data_dir = g_build_filename (g_get_user_data_dir (), "juzhu", NULL);

  return -1;
}

/* Benchmarks (bench/bench-app.c): with JUZHU_BENCH_FIRST_FRAME set to the
 * g_get_monotonic_time() of the spawn (or 1: of main()), the first frame
 * painted once Today has its content (behind the app lock's page, which is
 * what is painted since the lock) prints "first-frame-ms N" and
 * "first-frame-kib RSS PSS PRIVATE_DIRTY" (from /proc/self/smaps_rollup,
 * -1 where there is none) on stdout and the app quits. */
static gint64 bench_start;

static gint64
bench_rollup_kib (const char *text,
                  const char *key)
{
  const char *p = text ? strstr (text, key) : NULL;

  return p ? g_ascii_strtoll (p + strlen (key), NULL, 10) : -1;
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWindow     *window)
{
  JzWindow *jz_window = JZ_WINDOW (window);
  g_autofree char *rollup = NULL;

  if (jz_window_get_state (jz_window) != JZ_WINDOW_READY || jz_window_get_overview_serial (jz_window) == 0)
    return;
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  g_print ("first-frame-ms %.1f\n", (g_get_monotonic_time () - bench_start) / 1000.0);
  g_file_get_contents ("/proc/self/smaps_rollup", &rollup, NULL, NULL);
  g_print ("first-frame-kib %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
           bench_rollup_kib (rollup, "\nRss:"), bench_rollup_kib (rollup, "\nPss:"),
           bench_rollup_kib (rollup, "\nPrivate_Dirty:"));
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
on_window_realize (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_after_paint), window, 0);
}

static void
jz_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (jz_window_new (GTK_APPLICATION (app), JZ_APPLICATION (app)->data_dir));
      if (bench_start != 0)
        g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), NULL);
    }

  gtk_window_present (window);
}

/* Every window closed as its close button would: a form's draft is kept
 * on the way (jz-window-forms.c); the application ends with the last. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (app), (GCopyFunc) g_object_ref, NULL);

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
};

/* "Larger text" (Sync and settings): every text a quarter larger, as
 * GNOME's text scaling does, through GTK's text resolution; icons and the
 * layout follow the text's size. */
static void
apply_text_size (JzApplication *self)
{
  GtkSettings *gtk = gtk_settings_get_default ();
  int dpi = 0;

  if (gtk == NULL)
    return;
  /* the desktop's own size again, which it may still change */
  gtk_settings_reset_property (gtk, "gtk-xft-dpi");
  if (!g_settings_get_boolean (self->settings, "large-text"))
    return;
  g_object_get (gtk, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;
  g_object_set (gtk, "gtk-xft-dpi", dpi * 5 / 4, NULL);
}

static void
jz_application_startup (GApplication *app)
{
  JzApplication *self = JZ_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (jz_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  /* (Ctrl+W is the window's own shortcut, jz-window.c: as an accelerator
   * of the application, GTK 4.8's menu item for window.close releases an
   * object twice when the window's layout changes) */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);

  if (gtk_settings_get_default () != NULL &&
      (self->settings = jz_app_settings_if_installed ()) != NULL)
    {
      g_signal_connect_object (self->settings, "changed::large-text", G_CALLBACK (apply_text_size), self,
                               G_CONNECT_SWAPPED);
      if (g_settings_get_boolean (self->settings, "large-text"))
        apply_text_size (self);
    }
}

static void
jz_application_finalize (GObject *object)
{
  JzApplication *self = JZ_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (jz_application_parent_class)->finalize (object);
}

static void
jz_application_class_init (JzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = jz_application_finalize;
  app_class->startup = jz_application_startup;
  app_class->activate = jz_application_activate;
  app_class->handle_local_options = jz_application_handle_local_options;
}

static void
jz_application_init (JzApplication *self)
{
  const char *bench = g_getenv ("JUZHU_BENCH_FIRST_FRAME");

  if (bench != NULL && *bench != '\0')
    {
      bench_start = g_ascii_strtoll (bench, NULL, 10);
      if (bench_start <= 1)
        bench_start = g_get_monotonic_time ();
    }
  g_application_add_main_option_entries (G_APPLICATION (self), app_options);
}

JzApplication *
jz_application_new (void)
{
  return g_object_new (JZ_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

const char *
jz_application_get_data_dir (JzApplication *self)
{
  g_return_val_if_fail (JZ_IS_APPLICATION (self), NULL);

  return self->data_dir;
}
