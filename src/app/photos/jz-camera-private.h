/* jz-camera-private.h — what jz-camera*.c share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* jz-camera-portal.c: the camera through the XDG camera portal */
gboolean _jz_camera_portal_wanted      (void);
void     _jz_camera_portal_open_async  (GtkWidget           *widget,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
int      _jz_camera_portal_open_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
