/* jz-photo.c — photos of documents in a content-addressed store
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A photo is normalised before it is hashed (oriented upright, at most
 * JZ_PHOTO_LONG_SIDE pixels, alpha flattened, re-encoded as a plain JPEG,
 * grey or colour and at the quality that fits its budget: jz-photo-encode.c),
 * so the stored bytes carry no EXIF — in particular no GPS position of the
 * tenant's home — and the hash names exactly what every device syncs.
 *
 * Layout under the data directory:
 *   blobs/ab/cd/<sha256>           the normalised JPEG, written durably
 *   thumbnails/ab/cd/<sha256>.jpg  derived, never synced, rebuilt on demand
 *
 * Nothing is deleted when a record stops naming a photo; the garbage
 * collection (jz_photo_store_collect, in jz-photo-gc.c) removes, later,
 * what nothing names any more and what has not been imported for a grace
 * period.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "jz-file.h"
#include "jz-photo-private.h"

G_DEFINE_QUARK (jz-photo-error-quark, jz_photo_error)

G_DEFINE_FINAL_TYPE (JzPhotoStore, jz_photo_store, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
jz_photo_sha256_valid (const char *hex)
{
  if (hex == NULL)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    {
      if (!g_ascii_isdigit (hex[i]) && !(hex[i] >= 'a' && hex[i] <= 'f'))
        return FALSE;
    }

  return hex[64] == '\0';
}

/* ---- Storage ---------------------------------------------------------- */

static gboolean
fsync_directory (const char  *path,
                 GError     **error)
{
  int saved_errno = jz_file_sync_dir (path);

  if (saved_errno == 0)
    return TRUE;
  g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
               _("Cannot sync the photo folder %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Creates @base/@first/@second/@third as needed; a new directory entry is
 * only durable once its parent is synced. */
static char *
ensure_directory (const char  *base,
                  const char  *first,
                  const char  *second,
                  const char  *third,
                  GError     **error)
{
  const char *parts[] = { first, second, third };
  g_autofree char *path = g_strdup (base);

  if (g_mkdir_with_parents (base, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                   _("Cannot create the data folder %s: %s"), base, g_strerror (saved_errno));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *parent = g_steal_pointer (&path);

      path = g_build_filename (parent, parts[i], NULL);
      if (g_mkdir (path, 0700) == 0)
        {
          if (!fsync_directory (parent, error))
            return NULL;
        }
      else if (errno != EEXIST || !g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          int saved_errno = errno == EEXIST ? ENOTDIR : errno;

          g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                       _("Cannot create the photo folder %s: %s"), path,
                       g_strerror (saved_errno));
          return NULL;
        }
    }

  return g_steal_pointer (&path);
}

char *
_jz_photo_hashed_path (JzPhotoStore *self,
                       const char   *top,
                       const char   *sha256,
                       const char   *suffix)
{
  char a[3] = { sha256[0], sha256[1], '\0' };
  char b[3] = { sha256[2], sha256[3], '\0' };
  g_autofree char *file = g_strconcat (sha256, suffix, NULL);

  return g_build_filename (self->data_dir, top, a, b, file, NULL);
}

/* Writes through a temporary file in the same directory and renames it into
 * place, so a reader never sees half a photo; @durable also syncs the file
 * and the directory, because the record that names the hash may be
 * committed (and synced) right after this returns. */
static gboolean
store_file (JzPhotoStore  *self,
            const char    *top,
            const char    *sha256,
            const char    *suffix,
            GBytes        *bytes,
            gboolean       durable,
            GError       **error)
{
  char a[3] = { sha256[0], sha256[1], '\0' };
  char b[3] = { sha256[2], sha256[3], '\0' };
  g_autofree char *dir = NULL;
  g_autofree char *path = _jz_photo_hashed_path (self, top, sha256, suffix);
  g_autoptr(GError) local_error = NULL;
  GFileSetContentsFlags flags = G_FILE_SET_CONTENTS_CONSISTENT;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  dir = ensure_directory (self->data_dir, top, a, b, error);
  if (dir == NULL)
    return FALSE;

  if (durable)
    flags |= G_FILE_SET_CONTENTS_DURABLE;

  if (self->key != NULL)
    {
      /* sealed; jz_sealed_write_file() is always durable */
      g_autofree char *label = g_strconcat (top, ":", sha256, NULL);

      if (!jz_sealed_write_file (self->key, label, path, bytes, &local_error))
        {
          g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                       _("Cannot save the photo: %s"), local_error->message);
          return FALSE;
        }
      return TRUE;
    }

  if (!g_file_set_contents_full (path, data, (gssize) len, flags, 0600, &local_error))
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                   _("Cannot save the photo: %s"), local_error->message);
      return FALSE;
    }

  if (durable && !fsync_directory (dir, error))
    {
      g_unlink (path);
      return FALSE;
    }

  return TRUE;
}

/* ---- Import ----------------------------------------------------------- */

/* Whether @path exists; if so, its time is set to now, so the grace period
 * of the collection starts again for a photo imported anew (a photo taken
 * twice, a page added back). Called with gc_lock held. */
static gboolean
exists_refresh (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  g_utime (path, NULL);
  return TRUE;
}

/* The collection and an import agree through gc_lock within a process, and
 * through an flock() on DATA_DIR/.photo-gc.lock across processes (the app
 * importing while `juzhu-cli photo gc` runs). Returns the lock file's
 * descriptor for gc_unlock(), or -1 when the lock file cannot be opened
 * (then the grace period alone protects a new photo). */
int
_jz_photo_gc_lock (JzPhotoStore *self)
{
  g_autofree char *path = g_build_filename (self->data_dir, ".photo-gc.lock", NULL);
  int fd;

  g_mutex_lock (&self->gc_lock);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, LOCK_EX) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

void
_jz_photo_gc_unlock (JzPhotoStore *self,
                     int           fd)
{
  if (fd >= 0)
    close (fd);   /* releases the flock */
  g_mutex_unlock (&self->gc_lock);
}

static gboolean
import_named (JzPhotoStore  *self,
              GBytes        *bytes,
              const char    *name,
              GCancellable  *cancellable,
              JzPhotoInfo   *out,
              GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) encoded = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *blob = NULL;
  g_autofree char *thumbnail = NULL;
  gboolean created_blob = FALSE;
  guint long_side;
  JzPhotoTarget target = { 0, JZ_PHOTO_MIN_QUALITY, 0 };
  JzPhotoChoice chosen = { 0 };

  jz_photo_quality_params (jz_photo_store_get_quality (self), &long_side,
                           &target.max_quality, &target.budget);
  pixbuf = _jz_photo_decode (bytes, name, long_side, error);
  if (pixbuf == NULL)
    return FALSE;

  encoded = _jz_photo_encode_fitted (pixbuf, &target, !_jz_photo_colour_matters (pixbuf),
                                     &chosen, name, error);
  if (encoded == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, encoded);
  blob = _jz_photo_hashed_path (self, "blobs", sha256, "");
  thumbnail = _jz_photo_hashed_path (self, "thumbnails", sha256, ".jpg");

  /* A new blob is written outside the lock: it is new, so the
   * collection leaves it alone. */
  {
    int fd = _jz_photo_gc_lock (self);

    created_blob = !exists_refresh (blob);
    _jz_photo_gc_unlock (self, fd);
  }
  if (created_blob &&
      !store_file (self, "blobs", sha256, "", encoded, TRUE, error))
    return FALSE;

  if (!exists_refresh (thumbnail))
    {
      g_autoptr(GBytes) thumb = _jz_photo_make_thumbnail (pixbuf, chosen.grey, name, error);

      if (thumb == NULL ||
          !store_file (self, "thumbnails", sha256, ".jpg", thumb, FALSE, error))
        {
          if (created_blob)
            g_unlink (blob);
          return FALSE;
        }
    }

  if (out != NULL)
    {
      memcpy (out->sha256, sha256, 65);
      out->width = (guint) gdk_pixbuf_get_width (pixbuf);
      out->height = (guint) gdk_pixbuf_get_height (pixbuf);
      out->size = g_bytes_get_size (encoded);
      out->created = created_blob;
      out->quality = chosen.quality;
      out->grey = chosen.grey;
      _jz_photo_assess (pixbuf, out);
    }

  return TRUE;
}

/**
 * jz_photo_store_discard_new:
 * @info: what an import of this call returned
 *
 * Takes back an import whose record will not be saved (a later page of the
 * same material failed): removes the blob and its thumbnail, but only when
 * that import created the blob; a blob that was there before may be named
 * by another record and is kept.
 */
void
jz_photo_store_discard_new (JzPhotoStore      *self,
                            const JzPhotoInfo *info)
{
  g_autofree char *blob = NULL;
  g_autofree char *thumbnail = NULL;
  int fd;

  g_return_if_fail (JZ_IS_PHOTO_STORE (self));
  g_return_if_fail (info != NULL);

  if (!info->created || info->sha256[0] == '\0')
    return;
  blob = _jz_photo_hashed_path (self, "blobs", info->sha256, "");
  thumbnail = _jz_photo_hashed_path (self, "thumbnails", info->sha256, ".jpg");
  fd = _jz_photo_gc_lock (self);
  g_unlink (blob);
  g_unlink (thumbnail);
  _jz_photo_gc_unlock (self, fd);
}

static gboolean
import_path (JzPhotoStore  *self,
             const char    *path,
             GCancellable  *cancellable,
             JzPhotoInfo   *out,
             GError       **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GStatBuf st;
  char *contents = NULL;
  gsize len = 0;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      (guint64) st.st_size > JZ_PHOTO_MAX_FILE_SIZE)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                   _("%s is too large (%lu MB; at most %u MB)"),
                   name, (unsigned long) (st.st_size / (1024 * 1024)),
                   JZ_PHOTO_MAX_FILE_SIZE / (1024 * 1024));
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, JZ_PHOTO_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? JZ_PHOTO_ERROR_NOT_FOUND : JZ_PHOTO_ERROR_IO,
                   _("Cannot read %s: %s"), name, local_error->message);
      return FALSE;
    }
  bytes = g_bytes_new_take (contents, len);

  return import_named (self, bytes, name, cancellable, out, error);
}

gboolean
jz_photo_store_import_file (JzPhotoStore  *self,
                            const char    *path,
                            JzPhotoInfo   *out,
                            GError       **error)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return import_path (self, path, NULL, out, error);
}

gboolean
jz_photo_store_import_bytes (JzPhotoStore  *self,
                             GBytes        *bytes,
                             JzPhotoInfo   *out,
                             GError       **error)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return import_named (self, bytes, _("The photo"), NULL, out, error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JzPhotoStore *self = source_object;
  const char *path = task_data;
  g_autofree JzPhotoInfo *info = g_new0 (JzPhotoInfo, 1);
  GError *error = NULL;

  if (import_path (self, path, cancellable, info, &error))
    g_task_return_pointer (task, g_steal_pointer (&info), g_free);
  else
    g_task_return_error (task, error);
}

void
jz_photo_store_import_file_async (JzPhotoStore        *self,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JZ_IS_PHOTO_STORE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jz_photo_store_import_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, import_thread);
}

gboolean
jz_photo_store_import_file_finish (JzPhotoStore  *self,
                                   GAsyncResult  *result,
                                   JzPhotoInfo   *out,
                                   GError       **error)
{
  g_autofree JzPhotoInfo *info = NULL;

  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        jz_photo_store_import_file_async, FALSE);

  info = g_task_propagate_pointer (G_TASK (result), error);
  if (info == NULL)
    return FALSE;
  if (out != NULL)
    *out = *info;

  return TRUE;
}

/* ---- Lookup, verification, sync --------------------------------------- */

char *
jz_photo_store_blob_path (JzPhotoStore *self,
                          const char   *sha256)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), NULL);
  g_return_val_if_fail (jz_photo_sha256_valid (sha256), NULL);

  return _jz_photo_hashed_path (self, "blobs", sha256, "");
}

char *
jz_photo_store_thumbnail_path (JzPhotoStore *self,
                               const char   *sha256)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), NULL);
  g_return_val_if_fail (jz_photo_sha256_valid (sha256), NULL);

  return _jz_photo_hashed_path (self, "thumbnails", sha256, ".jpg");
}

gboolean
jz_photo_store_has (JzPhotoStore *self,
                    const char   *sha256)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);

  if (!jz_photo_sha256_valid (sha256))
    return FALSE;

  path = _jz_photo_hashed_path (self, "blobs", sha256, "");
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* Hashes come from records and from the server, so a malformed one is an
 * error to report, not a programming error. */
static gboolean
check_sha256 (const char  *sha256,
              GError     **error)
{
  if (jz_photo_sha256_valid (sha256))
    return TRUE;

  g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM,
               _("“%s” is not a photo checksum (64 lower-case hex digits)"),
               sha256 ? sha256 : "");
  return FALSE;
}

gboolean
jz_photo_store_verify (JzPhotoStore  *self,
                       const char    *sha256,
                       GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *actual = NULL;

  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_sha256 (sha256, error))
    return FALSE;

  bytes = _jz_photo_read_blob (self, sha256, error);
  if (bytes == NULL)
    return FALSE;

  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (strcmp (actual, sha256) != 0)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM,
                   _("Photo %.12s… is damaged on this device: its contents no longer "
                     "match its checksum"), sha256);
      return FALSE;
    }

  return TRUE;
}

gboolean
jz_photo_store_add_verified_blob (JzPhotoStore  *self,
                                  const char    *expected_sha256,
                                  GBytes        *bytes,
                                  GError       **error)
{
  g_autofree char *actual = NULL;

  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_sha256 (expected_sha256, error))
    return FALSE;

  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (strcmp (actual, expected_sha256) != 0)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM,
                   _("The downloaded photo %.12s… does not match its checksum "
                     "(got %.12s…); it was not stored"), expected_sha256, actual);
      return FALSE;
    }

  {
    g_autofree char *path = _jz_photo_hashed_path (self, "blobs", expected_sha256, "");
    int fd = _jz_photo_gc_lock (self);
    gboolean here = exists_refresh (path);

    _jz_photo_gc_unlock (self, fd);
    if (here)
      return TRUE;
  }

  return store_file (self, "blobs", expected_sha256, "", bytes, TRUE, error);
}

gboolean
jz_photo_store_ensure_thumbnail (JzPhotoStore  *self,
                                 const char    *sha256,
                                 GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) thumb = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_sha256 (sha256, error))
    return FALSE;

  path = _jz_photo_hashed_path (self, "thumbnails", sha256, ".jpg");
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  bytes = _jz_photo_read_blob (self, sha256, error);
  if (bytes == NULL)
    return FALSE;

  name = g_strdup_printf (_("Photo %.12s…"), sha256);
  pixbuf = _jz_photo_decode (bytes, name, JZ_PHOTO_THUMBNAIL_LONG_SIDE, error);
  if (pixbuf == NULL)
    return FALSE;

  /* a grey blob decodes to grey RGB: written in colour, it looks the same */
  thumb = _jz_photo_make_thumbnail (pixbuf, FALSE, name, error);
  if (thumb == NULL)
    return FALSE;

  return store_file (self, "thumbnails", sha256, ".jpg", thumb, FALSE, error);
}

/* ---- Object ----------------------------------------------------------- */

/**
 * jz_photo_store_new_with_key:
 * @data_dir: a device's data directory
 * @key: its data key
 *
 * A photo store whose files are sealed with @key (docs/security.md, "Data
 * at rest").
 */
JzPhotoStore *
jz_photo_store_new_with_key (const char *data_dir,
                             JzDataKey  *key)
{
  JzPhotoStore *self = jz_photo_store_new (data_dir);

  g_return_val_if_fail (key != NULL, self);
  self->key = jz_data_key_ref (key);
  return self;
}

JzPhotoStore *
jz_photo_store_new (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_object_new (JZ_TYPE_PHOTO_STORE, "data-dir", data_dir, NULL);
}

const char *
jz_photo_store_get_data_dir (JzPhotoStore *self)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), NULL);

  return self->data_dir;
}

/**
 * jz_photo_store_set_quality:
 *
 * How later imports are normalised. Photos already stored keep their bytes
 * (and so their hash). Safe to call while an import runs on a worker: that
 * import uses the quality it started with or the new one, never a mixture.
 */
void
jz_photo_store_set_quality (JzPhotoStore   *self,
                            JzPhotoQuality  quality)
{
  g_return_if_fail (JZ_IS_PHOTO_STORE (self));
  g_return_if_fail (quality <= JZ_PHOTO_QUALITY_HIGH);

  g_atomic_int_set (&self->quality, (int) quality);
}

JzPhotoQuality
jz_photo_store_get_quality (JzPhotoStore *self)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), JZ_PHOTO_QUALITY_NORMAL);

  return (JzPhotoQuality) g_atomic_int_get (&self->quality);
}

/* The long side, the highest JPEG quality and the byte budget a quality
 * stands for (see JzPhotoQuality). */
void
jz_photo_quality_params (JzPhotoQuality  quality,
                         guint          *long_side,
                         int            *jpeg_quality,
                         gsize          *max_bytes)
{
  switch (quality)
    {
    case JZ_PHOTO_QUALITY_LOW:
      *long_side = 1600;
      *jpeg_quality = 75;
      *max_bytes = 250u * 1000u;
      break;

    case JZ_PHOTO_QUALITY_HIGH:
      *long_side = JZ_PHOTO_LONG_SIDE;
      *jpeg_quality = 92;
      *max_bytes = 800u * 1000u;
      break;

    case JZ_PHOTO_QUALITY_NORMAL:
    default:
      *long_side = JZ_PHOTO_LONG_SIDE;
      *jpeg_quality = JZ_PHOTO_QUALITY;
      *max_bytes = JZ_PHOTO_MAX_BYTES;
      break;
    }
}

static void
jz_photo_store_finalize (GObject *object)
{
  JzPhotoStore *self = (JzPhotoStore *) object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->key, jz_data_key_unref);
  g_mutex_clear (&self->gc_lock);

  G_OBJECT_CLASS (jz_photo_store_parent_class)->finalize (object);
}

static void
jz_photo_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  JzPhotoStore *self = JZ_PHOTO_STORE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_photo_store_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  JzPhotoStore *self = JZ_PHOTO_STORE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_free (self->data_dir);
      self->data_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_photo_store_class_init (JzPhotoStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_photo_store_finalize;
  object_class->get_property = jz_photo_store_get_property;
  object_class->set_property = jz_photo_store_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jz_photo_store_init (JzPhotoStore *self)
{
  self->quality = JZ_PHOTO_QUALITY_NORMAL;
  g_mutex_init (&self->gc_lock);
}
