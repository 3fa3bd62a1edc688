/* jz-photo-sealed.c — a device's photos sealed with its data key
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a data key (jz_photo_store_new_with_key()), blobs and thumbnails
 * are sealed files (jz-sealed.h), each bound to its place ("blobs:HASH",
 * "thumbnails:HASH"); a photo is only ever opened in memory. A data
 * directory of an older version has plain files: they are read as they
 * are until jz_photo_store_seal_plain() has sealed them one by one.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "jz-photo-private.h"

/* A blob or thumbnail, opened when sealed. A plain file is still read: a
 * data directory of an older version is sealed file by file
 * (jz_photo_store_seal_plain()). */
static GBytes *
read_file (JzPhotoStore  *self,
           const char    *top,
           const char    *sha256,
           const char    *suffix,
           GError       **error)
{
  g_autofree char *path = _jz_photo_hashed_path (self, top, sha256, suffix);
  g_autofree char *label = g_strconcat (top, ":", sha256, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean was_plain = FALSE;

  bytes = jz_sealed_read_file (self->key, label, path, &was_plain, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NOT_FOUND,
                     _("Photo %.12s… is not on this device"), sha256);
      else if (g_error_matches (local_error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED))
        g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM,
                     _("Photo %.12s… is damaged or was altered on this device"), sha256);
      else
        g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                     _("Cannot read photo %.12s…: %s"), sha256, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

GBytes *
_jz_photo_read_blob (JzPhotoStore  *self,
           const char    *sha256,
           GError       **error)
{
  return read_file (self, "blobs", sha256, "", error);
}

/**
 * jz_photo_store_read_blob:
 * @sha256: the photo
 *
 * Returns: (transfer full): the photo's JPEG, opened when it is sealed
 */
GBytes *
jz_photo_store_read_blob (JzPhotoStore  *self,
                          const char    *sha256,
                          GError       **error)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), NULL);

  if (!jz_photo_sha256_valid (sha256))
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM,
                   _("“%s” is not a photo checksum (64 lower-case hex digits)"), sha256 ? sha256 : "");
      return NULL;
    }
  return _jz_photo_read_blob (self, sha256, error);
}

/**
 * jz_photo_store_read_thumbnail:
 * @sha256: the photo
 *
 * Returns: (transfer full): the photo's thumbnail (a JPEG), made first
 *   when there is none
 */
GBytes *
jz_photo_store_read_thumbnail (JzPhotoStore  *self,
                               const char    *sha256,
                               GError       **error)
{
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), NULL);

  if (!jz_photo_store_ensure_thumbnail (self, sha256, error))
    return NULL;
  return read_file (self, "thumbnails", sha256, ".jpg", error);
}


static gboolean
seal_tree (JzPhotoStore  *self,
           const char    *top,
           const char    *dir,
           guint         *sealed,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return TRUE;  /* nothing there yet */
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *label = NULL;
      g_autofree char *sha = NULL;
      gboolean was_plain = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!seal_tree (self, top, path, sealed, cancellable, error))
            return FALSE;
          continue;
        }
      if (strstr (name, ".tmp") != NULL)
        {
          g_unlink (path);  /* a write cut short before its rename */
          continue;
        }
      sha = g_strndup (name, 64);
      label = g_strconcat (top, ":", sha, NULL);
      bytes = jz_sealed_read_file (self->key, label, path, &was_plain, &local_error);
      if (bytes == NULL || !was_plain)
        continue;  /* sealed already, or unreadable: the photo's own check reports it */
      if (!jz_sealed_write_file (self->key, label, path, bytes, &local_error))
        {
          g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                       _("Cannot encrypt the photo %.12s…: %s"), sha, local_error->message);
          return FALSE;
        }
      (*sealed)++;
    }
  return TRUE;
}

/**
 * jz_photo_store_seal_plain:
 * @sealed: (out) (optional): how many files were sealed
 *
 * Seals every plain blob and thumbnail (an older version's), each written
 * aside and renamed over the plain one, so that a crash leaves every file
 * whole, plain or sealed; run again, it goes on where it stopped. Camera
 * captures an older version left are removed (their photo is in blobs/).
 */
gboolean
jz_photo_store_seal_plain (JzPhotoStore  *self,
                           guint         *sealed,
                           GCancellable  *cancellable,
                           GError       **error)
{
  static const char *const tops[] = { "blobs", "thumbnails" };
  g_autofree char *captures = NULL;
  guint n = 0;

  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (self->key != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (tops); i++)
    {
      g_autofree char *dir = g_build_filename (self->data_dir, tops[i], NULL);

      if (!seal_tree (self, tops[i], dir, &n, cancellable, error))
        return FALSE;
    }

  captures = g_build_filename (self->data_dir, "captures", NULL);
  {
    g_autoptr(GDir) d = g_dir_open (captures, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (captures, name, NULL);

        g_unlink (path);
      }
  }
  if (sealed != NULL)
    *sealed = n;
  return TRUE;
}
