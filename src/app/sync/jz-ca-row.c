/* jz-ca-row.c — the county's CA certificate, chosen at enrolment
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A county server with a certificate of the county's own CA is trusted
 * once the tablet is given that CA's certificate (a PEM file from county
 * IT, on a USB stick or in the downloads). The row says which file is
 * chosen, or that the system's certificates are used; Choose… opens the
 * file chooser (the portal's in the Flatpak). The file is read, checked
 * and kept with the enrolment on the enrolment's worker
 * (jz_sync_client_enrol_with_ca), not here.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-ca-row.h"

struct _JzCaRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *clear_button;
  char         *path;
};

G_DEFINE_FINAL_TYPE (JzCaRow, jz_ca_row, ADW_TYPE_ACTION_ROW)

enum { PROP_0, PROP_PATH, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
update (JzCaRow *self)
{
  g_autofree char *name = self->path ? g_filename_display_basename (self->path) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               name ? name : _("None: the system's certificates are trusted"));
  if (self->clear_button != NULL)
    gtk_widget_set_visible (self->clear_button, self->path != NULL);
}

void
jz_ca_row_set_path (JzCaRow    *self,
                    const char *path)
{
  g_return_if_fail (JZ_IS_CA_ROW (self));
  if (g_strcmp0 (path, self->path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

const char *
jz_ca_row_get_path (JzCaRow *self)
{
  g_return_val_if_fail (JZ_IS_CA_ROW (self), NULL);
  return self->path;
}

static void
chosen (GtkNativeDialog *dialog,
        int              response,
        gpointer         user_data)
{
  JzCaRow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        jz_ca_row_set_path (self, path);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_choose (JzCaRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("The county's CA certificate"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_clear (JzCaRow *self)
{
  jz_ca_row_set_path (self, NULL);
}

static void
jz_ca_row_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  JzCaRow *self = JZ_CA_ROW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_ca_row_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  JzCaRow *self = JZ_CA_ROW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      jz_ca_row_set_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The file chooser may answer after the row left its window. */
static void
jz_ca_row_dispose (GObject *object)
{
  JZ_CA_ROW (object)->clear_button = NULL;
  G_OBJECT_CLASS (jz_ca_row_parent_class)->dispose (object);
}

static void
jz_ca_row_finalize (GObject *object)
{
  JzCaRow *self = JZ_CA_ROW (object);

  g_free (self->path);
  G_OBJECT_CLASS (jz_ca_row_parent_class)->finalize (object);
}

static void
jz_ca_row_class_init (JzCaRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = jz_ca_row_get_property;
  object_class->set_property = jz_ca_row_set_property;
  object_class->dispose = jz_ca_row_dispose;
  object_class->finalize = jz_ca_row_finalize;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jz_ca_row_init (JzCaRow *self)
{
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("County CA certificate (if County IT gave you one)"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_widget_set_name (GTK_WIDGET (self), "ca-row");

  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_tooltip_text (self->clear_button, _("Use the system's certificates"));
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (self->clear_button, 44, 44);
  gtk_widget_add_css_class (self->clear_button, "flat");
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (on_clear), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);

  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (choose, -1, 44);
  gtk_widget_set_name (choose, "ca-choose");
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (on_choose), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), choose);
  update (self);
}

GtkWidget *
jz_ca_row_new (void)
{
  return g_object_new (JZ_TYPE_CA_ROW, NULL);
}
