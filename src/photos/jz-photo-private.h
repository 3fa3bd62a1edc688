/* jz-photo-private.h — what the photo store's files share: the store
 * itself (jz-photo.c), its images (jz-photo-image.c) and its garbage
 * collection (jz-photo-gc.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "jz-photo.h"
#include "jz-sealed.h"

G_BEGIN_DECLS

struct _JzPhotoStore
{
  GObject parent_instance;

  /* Owned */
  char      *data_dir;
  JzDataKey *key;   /* NULL: files kept plain (the county server's) */

  /* A JzPhotoQuality, set from the main thread and read by imports on
   * workers: accessed atomically. */
  int quality;

  /* Serialises "is this blob here? then refresh its time" in imports with
   * "is this blob old? then delete it" in the collection, so an import
   * never returns the hash of a blob being deleted. */
  GMutex gc_lock;
};

/* jz-photo.c: where a blob or thumbnail lives; the collection's lock
 * (a descriptor for _jz_photo_gc_unlock(), -1 without the lock file) */
char      *_jz_photo_hashed_path     (JzPhotoStore *self,
                                      const char   *top,
                                      const char   *sha256,
                                      const char   *suffix);
int        _jz_photo_gc_lock         (JzPhotoStore *self);
/* jz-photo-sealed.c: a blob, opened when sealed */
GBytes    *_jz_photo_read_blob       (JzPhotoStore *self,
                                      const char   *sha256,
                                      GError      **error);
void       _jz_photo_gc_unlock       (JzPhotoStore *self,
                                      int           fd);

/* An upright RGB pixbuf, long side at most @long_side, alpha flattened onto
 * white; JZ_PHOTO_ERROR naming @name if the bytes are not a usable photo. */
GdkPixbuf *_jz_photo_decode          (GBytes      *bytes,
                                      const char  *name,
                                      int          long_side,
                                      GError     **error);

/* jz-photo-assess.c: sharpness and glare into @out */
void       _jz_photo_assess             (GdkPixbuf   *pixbuf,
                                         JzPhotoInfo *out);

/* jz-photo-encode.c: what an import aims at, and what it wrote */
typedef struct
{
  int   max_quality;   /* the setting's quality, tried first */
  int   min_quality;   /* the floor: never lower, even over the budget */
  gsize budget;        /* bytes */
} JzPhotoTarget;

typedef struct
{
  int      quality;
  gboolean grey;
  guint    encodes;    /* how many tries the search took */
} JzPhotoChoice;

gboolean   _jz_photo_colour_matters  (GdkPixbuf           *pixbuf);
GBytes    *_jz_photo_encode_jpeg     (GdkPixbuf           *pixbuf,
                                      int                  quality,
                                      gboolean             grey,
                                      const char          *name,
                                      GError             **error);
GBytes    *_jz_photo_encode_fitted   (GdkPixbuf           *pixbuf,
                                      const JzPhotoTarget *target,
                                      gboolean             grey,
                                      JzPhotoChoice       *chosen,
                                      const char          *name,
                                      GError             **error);
/* jz-photo-image.c; grey when the photo it stands for is */
GBytes    *_jz_photo_make_thumbnail  (GdkPixbuf           *pixbuf,
                                      gboolean             grey,
                                      const char          *name,
                                      GError             **error);

G_END_DECLS
