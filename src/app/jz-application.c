/* jz-application.c — the AdwApplication of Juzhu
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-application.h"
#include "jz-window.h"

struct _JzApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  char           *data_dir;
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

static void
jz_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (jz_window_new (GTK_APPLICATION (app), JZ_APPLICATION (app)->data_dir));

  gtk_window_present (window);
}

static void
jz_application_finalize (GObject *object)
{
  JzApplication *self = JZ_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (jz_application_parent_class)->finalize (object);
}

static void
jz_application_class_init (JzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = jz_application_finalize;
  app_class->activate = jz_application_activate;
  app_class->handle_local_options = jz_application_handle_local_options;
}

static void
jz_application_init (JzApplication *self)
{
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
