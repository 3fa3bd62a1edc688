/* jz-camera.h — document photos from a camera, with a live preview
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_CAMERA (jz_camera_get_type ())
G_DECLARE_FINAL_TYPE (JzCamera, jz_camera, JZ, CAMERA, AdwBin)

/* The camera runs while it is mapped ("starting", "live"), stops when it
 * is hidden. The shutter takes the frame on screen, encodes it off the
 * main thread, imports it into the photo store ("saving") and shows it
 * ("review"): retake, or use it. "error" when there is no camera or the
 * pipeline fails.
 *
 * Signals: "captured" (sha256): the page was used; it is in the photo
 * store already, sealed (jz_registry_add_material_photos() records it);
 * nothing of it was written in plain. "import-file": the person would
 * rather choose a file.
 * Actions (camera.*): shutter, retake, use, import-file. */
GtkWidget  *jz_camera_new             (JzSession  *session);
const char *jz_camera_get_state       (JzCamera   *self);
GdkTexture *jz_camera_get_texture     (JzCamera   *self);
const char *jz_camera_get_sha256      (JzCamera   *self);
const char *jz_camera_get_error       (JzCamera   *self);
guint       jz_camera_get_frame_count (JzCamera   *self);
void        jz_camera_set_warn_blur   (JzCamera   *self,
                                       gboolean    warn);

/* JUZHU_CAMERA_SOURCE, else the camera-source setting, else v4l2src. */
char       *jz_camera_dup_source      (void);

/* A modal window holding a camera; it closes itself after "captured" or
 * "import-file". */
GtkWindow  *jz_camera_window_new      (JzSession  *session,
                                       GtkWidget  *parent,
                                       const char *title);
JzCamera   *jz_camera_window_get_camera (GtkWindow *window);

G_END_DECLS
