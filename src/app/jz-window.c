/* jz-window.c — the main window
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The field workflows (declaration, application, photos, sync) are built
 * in the app issue; until then the window tells where the data lives and
 * points to juzhu-cli, which has every operation.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-window.h"

struct _JzWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwStatusPage        *status_page;
};

G_DEFINE_FINAL_TYPE (JzWindow, jz_window, ADW_TYPE_APPLICATION_WINDOW)

static void
jz_window_class_init (JzWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JzWindow, status_page);
}

static void
jz_window_init (JzWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

JzWindow *
jz_window_new (JzApplication *application)
{
  JzWindow *self = g_object_new (JZ_TYPE_WINDOW, "application", application, NULL);
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("Local data: %s\nThe field screens are on their way; juzhu-cli already does every operation."),
                                 jz_application_get_data_dir (application));
  adw_status_page_set_description (self->status_page, description);
  return self;
}
