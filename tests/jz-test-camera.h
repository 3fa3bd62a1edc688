/* jz-test-camera.h — a phone photographing a flat document, simulated
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the photo test set (jz-photo-test-set.h): the document, drawn flat by
 * cairo, is laid on a table a few degrees askew and seen in perspective;
 * then the light (vignette, a brighter and a darker side, a soft shadow,
 * a warm cast), the lens (a Gaussian blur of about one pixel), the sensor
 * (noise that grows with the signal) and the phone's JPEG at quality 92.
 * Everything random comes from @seed through integer arithmetic, so the
 * same seed and the same fonts give the same bytes.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32  seed;
  /* the frame as the photo is seen, upright */
  int      width;
  int      height;
  /* the part of the frame's width or height (whichever binds) the
   * document covers, before the tilt */
  double   fill;
  /* landscape pixels with EXIF Orientation 6, as a phone held upright
   * stores a portrait photo; only for a portrait frame */
  gboolean exif_rotated;
  int      quality;
  /* a dim room: the exposure that much lower (1 for daylight), the noise
   * that many times stronger (a higher ISO), and the phone's sharpening
   * (an unsharp mask of this amount, 0 for none) over it */
  double   exposure;
  double   noise;
  double   sharpen;
  /* flaws (jz_test_photo_new_card): more passes of the lens's blur, a
   * glare of this strength (0 for none), a tilt up to this many degrees
   * (0: 1.5 to 3) */
  int      blur;
  double   glare;
  double   max_tilt;
} JzTestCamera;

/* @document is an image surface (CAIRO_FORMAT_RGB24, or ARGB32 where
 * what lies outside its shape is transparent, as a card's round corners),
 * drawn at about the scale it appears at in the frame. Returns the
 * camera's JPEG; @to_frame gets the homography from the document's pixels
 * to the upright frame's (x' = (h0 x + h1 y + h2) / (h6 x + h7 y + h8),
 * y' likewise with h3 h4 h5), which says where each line of text went. */
GBytes *jz_test_camera_shoot (const JzTestCamera *camera,
                              cairo_surface_t    *document,
                              double              to_frame[9]);

G_END_DECLS
