/* jz-camera-portal.c — the camera through the XDG camera portal
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In a sandbox (the Flatpak) the app sees no /dev/video*: it asks the
 * camera portal (org.freedesktop.portal.Camera, through libportal), which
 * asks the person once, and gets a PipeWire connection for GStreamer's
 * pipewiresrc. Outside a sandbox v4l2src opens the device itself, as
 * before; a build without libportal (-Dportal=disabled) always does.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixfdlist.h>
#include <unistd.h>

#if JZ_HAVE_PORTAL
#include <libportal-gtk4/portal-gtk4.h>
#endif

#include "jz-camera-private.h"

gboolean
_jz_camera_portal_wanted (void)
{
#if JZ_HAVE_PORTAL
  return xdp_portal_running_under_sandbox ();
#else
  return FALSE;
#endif
}

#if JZ_HAVE_PORTAL
#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"

static void
remote_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint32 handle = -1;
  int fd;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_variant_get (reply, "(h)", &handle);
  fd = fds != NULL && handle >= 0 && handle < g_unix_fd_list_get_length (fds)
         ? g_unix_fd_list_get (fds, handle, NULL) : -1;
  if (fd < 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("The camera portal gave no connection to the camera"));
      return;
    }
  g_task_return_int (task, fd);
}

static void
access_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_object_get_data (G_OBJECT (task), "bus");

  if (!xdp_portal_access_camera_finish (XDP_PORTAL (source), result, &error))
    {
      /* libportal says "cancelled" for a person who said no, too: the
       * caller tells its own cancel from that by its cancellable */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s",
                                 _("The camera was not allowed: allow Juzhu to use the camera in the "
                                   "desktop's privacy settings, or import a file"));
      else
        {
          g_prefix_error (&error, "%s", _("The camera portal did not give the camera: "));
          g_task_return_error (task, g_steal_pointer (&error));
        }
      return;
    }
  /* OpenPipeWireRemote asked without waiting on it (libportal's is a
   * call that blocks the main thread) */
  g_dbus_connection_call_with_unix_fd_list (bus, PORTAL_NAME, PORTAL_PATH, "org.freedesktop.portal.Camera",
                                            "OpenPipeWireRemote", g_variant_new ("(a{sv})", NULL),
                                            G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE, 30000, NULL,
                                            g_task_get_cancellable (task), remote_cb, g_steal_pointer (&task));
}

/* The portal answered whether there is a camera: only then is it asked
 * for it (libportal 0.6 warns of a NULL instance when no portal answers,
 * and there is nothing to ask without a camera). */
static void
present_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_autoptr(GVariant) value = NULL;
  g_autoptr(XdpPortal) portal = NULL;
  GtkWidget *widget = g_task_get_source_object (task);
  GtkRoot *root = gtk_widget_get_root (widget);
  XdpParent *parent;

  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("There is no camera portal on this desktop (xdg-desktop-portal): %s"),
                                 error->message);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) || !g_variant_get_boolean (value))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("The camera portal finds no camera on this device"));
      return;
    }
  portal = xdp_portal_new ();
  parent = GTK_IS_WINDOW (root) ? xdp_parent_new_gtk (GTK_WINDOW (root)) : NULL;
  /* the task holds the portal until it answers, and the bus */
  g_task_set_task_data (task, g_object_ref (portal), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "bus", g_object_ref (source), g_object_unref);
  xdp_portal_access_camera (portal, parent, XDP_CAMERA_FLAG_NONE, g_task_get_cancellable (task), access_cb,
                            g_steal_pointer (&task));
  if (parent != NULL)
    xdp_parent_free (parent);
}
#endif

/* Asks the portal for the camera, for @widget's window. */
void
_jz_camera_portal_open_async (GtkWidget           *widget,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (widget, cancellable, callback, user_data);

  /* a connection handed over as cancelled is not lost: the caller closes it */
  g_task_set_check_cancellable (task, FALSE);
#if JZ_HAVE_PORTAL
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  /* libportal 0.6 takes the session bus for granted. The app holds it
   * already (GApplication registers on it), so this does not wait. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &error);
  if (bus == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The camera portal cannot be reached (no session bus): %s"), error->message);
      return;
    }
  g_dbus_connection_call (bus, PORTAL_NAME, PORTAL_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", "org.freedesktop.portal.Camera", "IsCameraPresent"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 30000, cancellable, present_cb,
                          g_steal_pointer (&task));
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                           _("This build of Juzhu cannot use the camera portal"));
#endif
}

/* The PipeWire connection's file descriptor (the caller's to close), or
 * -1 with @error. */
int
_jz_camera_portal_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  gssize fd = g_task_propagate_int (G_TASK (result), error);

  return fd >= 0 && (error == NULL || *error == NULL) ? (int) fd : -1;
}
