/* jz-photo.h — photos of documents in a content-addressed store
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jz-data-key.h"

G_BEGIN_DECLS

#define JZ_PHOTO_ERROR (jz_photo_error_quark ())

typedef enum
{
  JZ_PHOTO_ERROR_NOT_AN_IMAGE,
  JZ_PHOTO_ERROR_TOO_LARGE,
  JZ_PHOTO_ERROR_TRUNCATED,
  JZ_PHOTO_ERROR_CORRUPT,
  JZ_PHOTO_ERROR_CHECKSUM,
  JZ_PHOTO_ERROR_NOT_FOUND,
  JZ_PHOTO_ERROR_IO,
  JZ_PHOTO_ERROR_NO_OCR,     /* no Tesseract, or not its data (jz-id-card-reader.h) */
  JZ_PHOTO_ERROR_NO_QR,      /* built without libqrencode and libzbar (jz-qr.h) */
} JzPhotoError;

/* Limits on what is accepted, checked from the header before decoding.
 * JPEGs are decoded at 1/2, 1/4 or 1/8 scale by libjpeg, so a 200 MP
 * camera photo costs little; a PNG is always decoded at full size
 * (4 bytes a pixel), hence its lower limit (50 MP ≈ 200 MB). */
#define JZ_PHOTO_MAX_SIDE             30000
#define JZ_PHOTO_MAX_JPEG_PIXELS      (200u * 1000u * 1000u)
#define JZ_PHOTO_MAX_PNG_PIXELS       (50u * 1000u * 1000u)
#define JZ_PHOTO_MAX_FILE_SIZE        (100u * 1024u * 1024u)

/* What the county server keeps of what devices send: twice the side a
 * device stores (JZ_PHOTO_LONG_SIDE), and PNGs small enough to decode
 * whole (4 bytes a pixel). */
#define JZ_PHOTO_MAX_RECEIVED_SIDE        4096
#define JZ_PHOTO_MAX_RECEIVED_PNG_PIXELS  (4u * 1000u * 1000u)

/* What is stored at the normal quality: long side at most this, a JPEG
 * of at most JZ_PHOTO_MAX_BYTES at the highest quality up to
 * JZ_PHOTO_QUALITY that fits, but never under JZ_PHOTO_MIN_QUALITY (a
 * photo that is mostly noise may stay over the budget); grey when its
 * colour carries nothing (a printed page). The other qualities
 * (JzPhotoQuality) are smaller or sharper; none is larger than
 * JZ_PHOTO_LONG_SIDE. */
#define JZ_PHOTO_LONG_SIDE            2000
#define JZ_PHOTO_QUALITY              85
#define JZ_PHOTO_MAX_BYTES            (400u * 1000u)
#define JZ_PHOTO_MIN_QUALITY          40
#define JZ_PHOTO_THUMBNAIL_LONG_SIDE  256
#define JZ_PHOTO_THUMBNAIL_QUALITY    80

/* The app's "photo-quality" setting; the values are the GSettings enum's. */
typedef enum
{
  JZ_PHOTO_QUALITY_LOW,     /* 1600 px, quality ≤ 75, ≤ 250 kB: smaller uploads */
  JZ_PHOTO_QUALITY_NORMAL,  /* JZ_PHOTO_LONG_SIDE, JZ_PHOTO_QUALITY, JZ_PHOTO_MAX_BYTES */
  JZ_PHOTO_QUALITY_HIGH,    /* JZ_PHOTO_LONG_SIDE, quality ≤ 92, ≤ 800 kB: sharper small print */
} JzPhotoQuality;

typedef struct
{
  char  sha256[65];
  guint width;
  guint height;
  gsize size;
  gboolean created;  /* the import wrote the blob: it was not there before */
  int      quality;  /* the JPEG quality it was written at */
  gboolean grey;     /* written as a grey JPEG */
  /* what a reviewer will make of it (jz-photo-assess.c): the variance of
   * the Laplacian at 600 px, and the share of the middle clipped white */
  double   sharpness;
  double   clipped;
  gboolean blurred;  /* sharpness under JZ_PHOTO_BLUR_THRESHOLD: take it again */
  gboolean glare;    /* clipped over JZ_PHOTO_GLARE_THRESHOLD: a reflection, or too much light */
} JzPhotoInfo;

/* Set on the project's photo test set: docs/performance.md, "Photos a
 * reviewer can read". */
#define JZ_PHOTO_BLUR_THRESHOLD   800.0
#define JZ_PHOTO_GLARE_THRESHOLD  0.002

/* What jz_photo_store_collect() removed (or, in a dry run, would remove)
 * and kept. Bytes are file sizes. */
typedef struct
{
  guint   blobs;
  guint64 blob_bytes;
  guint   thumbnails;
  guint64 thumbnail_bytes;
  guint   captures;
  guint64 capture_bytes;
  guint   kept_referenced;  /* blobs a record, the history, the outbox or a draft names */
  guint   kept_recent;      /* unreferenced blobs younger than the grace period */
} JzPhotoCollectResult;

/* The default grace period of the collection: an unreferenced photo is
 * kept this long after it was last imported. */
#define JZ_PHOTO_COLLECT_GRACE_DAYS 7

#define JZ_TYPE_PHOTO_STORE (jz_photo_store_get_type ())

G_DECLARE_FINAL_TYPE (JzPhotoStore, jz_photo_store, JZ, PHOTO_STORE, GObject)

GQuark        jz_photo_error_quark                (void);

gboolean      jz_photo_sha256_valid               (const char           *hex);

JzPhotoStore *jz_photo_store_new                  (const char           *data_dir);
JzPhotoStore *jz_photo_store_new_with_key         (const char           *data_dir,
                                                   JzDataKey            *key);
GBytes       *jz_photo_store_read_blob            (JzPhotoStore         *self,
                                                   const char           *sha256,
                                                   GError              **error);
GBytes       *jz_photo_store_read_thumbnail       (JzPhotoStore         *self,
                                                   const char           *sha256,
                                                   GError              **error);
gboolean      jz_photo_store_seal_plain           (JzPhotoStore         *self,
                                                   guint                *sealed,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
const char   *jz_photo_store_get_data_dir         (JzPhotoStore         *self);
void          jz_photo_store_set_quality          (JzPhotoStore         *self,
                                                   JzPhotoQuality        quality);
JzPhotoQuality jz_photo_store_get_quality         (JzPhotoStore         *self);
void          jz_photo_quality_params             (JzPhotoQuality        quality,
                                                   guint                *long_side,
                                                   int                  *jpeg_quality,
                                                   gsize                *max_bytes);

gboolean      jz_photo_store_import_file          (JzPhotoStore         *self,
                                                   const char           *path,
                                                   JzPhotoInfo          *out,
                                                   GError              **error);
gboolean      jz_photo_store_import_bytes         (JzPhotoStore         *self,
                                                   GBytes               *bytes,
                                                   JzPhotoInfo          *out,
                                                   GError              **error);
void          jz_photo_store_import_file_async    (JzPhotoStore         *self,
                                                   const char           *path,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      jz_photo_store_import_file_finish   (JzPhotoStore         *self,
                                                   GAsyncResult         *result,
                                                   JzPhotoInfo          *out,
                                                   GError              **error);

char         *jz_photo_store_blob_path            (JzPhotoStore         *self,
                                                   const char           *sha256);
char         *jz_photo_store_thumbnail_path       (JzPhotoStore         *self,
                                                   const char           *sha256);
gboolean      jz_photo_store_has                  (JzPhotoStore         *self,
                                                   const char           *sha256);
void          jz_photo_store_discard_new          (JzPhotoStore         *self,
                                                   const JzPhotoInfo    *info);
gboolean      jz_photo_store_verify               (JzPhotoStore         *self,
                                                   const char           *sha256,
                                                   GError              **error);
gboolean      jz_photo_store_add_verified_blob    (JzPhotoStore         *self,
                                                   const char           *expected_sha256,
                                                   GBytes               *bytes,
                                                   GError              **error);
gboolean      jz_photo_check_received             (GBytes               *bytes,
                                                   const char          **mime_type,
                                                   GError              **error);
gboolean      jz_photo_store_ensure_thumbnail     (JzPhotoStore         *self,
                                                   const char           *sha256,
                                                   GError              **error);

gboolean      jz_photo_store_collect              (JzPhotoStore         *self,
                                                   GHashTable           *referenced,
                                                   gint64                grace_seconds,
                                                   gboolean              dry_run,
                                                   JzPhotoCollectResult *out,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

G_END_DECLS
