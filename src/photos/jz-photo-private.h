/* jz-photo-private.h — what jz-photo.c uses from jz-photo-image.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "jz-photo.h"

G_BEGIN_DECLS

/* An upright RGB pixbuf, long side at most @long_side, alpha flattened onto
 * white; JZ_PHOTO_ERROR naming @name if the bytes are not a usable photo. */
GdkPixbuf *_jz_photo_decode          (GBytes      *bytes,
                                      const char  *name,
                                      int          long_side,
                                      GError     **error);
GBytes    *_jz_photo_encode_jpeg     (GdkPixbuf   *pixbuf,
                                      int          quality,
                                      const char  *name,
                                      GError     **error);
GBytes    *_jz_photo_make_thumbnail  (GdkPixbuf   *pixbuf,
                                      const char  *name,
                                      GError     **error);

G_END_DECLS
