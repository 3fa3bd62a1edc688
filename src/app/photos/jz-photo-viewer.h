/* jz-photo-viewer.h — a document's pages full screen: swipe, zoom, retake, delete
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_PHOTO_VIEWER (jz_photo_viewer_get_type ())
G_DECLARE_FINAL_TYPE (JzPhotoViewer, jz_photo_viewer, JZ, PHOTO_VIEWER, AdwWindow)

/* Pages are AdwCarousel pages (swipe, or Left/Right); pinch or
 * double-tap to zoom. The full photos are decoded on a worker.
 * Signals: "delete-page" (sha256), "retake" (sha256); the viewer closes
 * after either. Actions (viewer.*): next, previous, zoom-in, zoom-out,
 * delete, retake. */
GtkWidget *jz_photo_viewer_new          (JzSession          *session,
                                         GtkWidget          *parent,
                                         const char         *title,
                                         const char * const *pages,
                                         guint               index);
guint      jz_photo_viewer_get_position (JzPhotoViewer      *self);
double     jz_photo_viewer_get_zoom     (JzPhotoViewer      *self);
guint      jz_photo_viewer_get_n_loaded (JzPhotoViewer      *self);

G_END_DECLS
