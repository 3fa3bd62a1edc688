/* jz-photo-gc.c — the photo store's garbage collection: what no record
 * names any more, and was not imported for a grace period, goes
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "jz-photo-private.h"

/* ---- Garbage collection ----------------------------------------------- */

typedef struct
{
  JzPhotoStore         *self;
  GHashTable           *referenced;
  gint64                cutoff;     /* unix seconds: older than this is old */
  gboolean              dry_run;
  JzPhotoCollectResult *result;
  GHashTable           *removed;    /* blobs removed (or that would be) */
  GError               *error;      /* the first failure; the walk goes on */
} Collect;

static gboolean
is_hex_pair (const char *name)
{
  return strlen (name) == 2 &&
         (g_ascii_isdigit (name[0]) || (name[0] >= 'a' && name[0] <= 'f')) &&
         (g_ascii_isdigit (name[1]) || (name[1] >= 'a' && name[1] <= 'f'));
}

static void
collect_fail (Collect    *c,
              const char *path,
              int         saved_errno)
{
  if (c->error == NULL)
    g_set_error (&c->error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                 _("Cannot remove %s: %s"), path, g_strerror (saved_errno));
}

/* Removes @path if it is a regular file older than the cutoff (or, @any_age,
 * whatever its age), under gc_lock so no import refreshes it meanwhile.
 * Returns whether it was (or, in a dry run, would be) removed, and its size. */
static gboolean
remove_if_old (Collect    *c,
               const char *path,
               gboolean    any_age,
               guint64    *size)
{
  GStatBuf st;
  gboolean removed = FALSE;
  int fd = _jz_photo_gc_lock (c->self);

  if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      (any_age || (gint64) st.st_mtime < c->cutoff))
    {
      if (c->dry_run || g_unlink (path) == 0)
        removed = TRUE;
      else if (errno != ENOENT)
        collect_fail (c, path, errno);
      *size = (guint64) st.st_size;
    }
  _jz_photo_gc_unlock (c->self, fd);
  return removed;
}

typedef void (*CollectFileFunc) (Collect    *c,
                                 const char *path,
                                 const char *name,
                                 const char *prefix);

/* Calls @func for each file in @top/ab/cd/; @prefix is "abcd". */
static gboolean
walk_hashed (Collect         *c,
             const char      *top,
             CollectFileFunc  func,
             GCancellable    *cancellable)
{
  g_autofree char *root = g_build_filename (c->self->data_dir, top, NULL);
  g_autoptr(GDir) dir1 = g_dir_open (root, 0, NULL);
  const char *n1, *n2, *n3;

  if (dir1 == NULL)
    return TRUE;  /* nothing stored yet */
  while ((n1 = g_dir_read_name (dir1)) != NULL)
    {
      g_autofree char *p1 = NULL;
      g_autoptr(GDir) dir2 = NULL;

      if (!is_hex_pair (n1))
        continue;
      p1 = g_build_filename (root, n1, NULL);
      dir2 = g_dir_open (p1, 0, NULL);
      if (dir2 == NULL)
        continue;
      while ((n2 = g_dir_read_name (dir2)) != NULL)
        {
          g_autofree char *p2 = NULL;
          g_autoptr(GDir) dir3 = NULL;
          char prefix[5] = { n1[0], n1[1], 0, 0, 0 };

          if (!is_hex_pair (n2))
            continue;
          if (g_cancellable_set_error_if_cancelled (cancellable, &c->error))
            return FALSE;
          prefix[2] = n2[0];
          prefix[3] = n2[1];
          p2 = g_build_filename (p1, n2, NULL);
          dir3 = g_dir_open (p2, 0, NULL);
          if (dir3 == NULL)
            continue;
          while ((n3 = g_dir_read_name (dir3)) != NULL)
            {
              g_autofree char *p3 = g_build_filename (p2, n3, NULL);

              func (c, p3, n3, prefix);
            }
        }
    }
  return TRUE;
}

static void
collect_blob (Collect    *c,
              const char *path,
              const char *name,
              const char *prefix)
{
  guint64 size = 0;

  /* Only what import_named names so: not temporary files of a write in
   * progress, not anything else a user put here. */
  if (!jz_photo_sha256_valid (name) || strncmp (name, prefix, 4) != 0)
    return;
  if (g_hash_table_contains (c->referenced, name))
    {
      c->result->kept_referenced++;
      return;
    }
  if (!remove_if_old (c, path, FALSE, &size))
    {
      c->result->kept_recent++;
      return;
    }
  c->result->blobs++;
  c->result->blob_bytes += size;
  g_hash_table_add (c->removed, g_strdup (name));
}

/* A thumbnail goes with its blob; one whose blob is not here (never
 * fetched, or removed by an earlier run) goes once it is old too. */
static void
collect_thumbnail (Collect    *c,
                   const char *path,
                   const char *name,
                   const char *prefix)
{
  char sha[65];
  guint64 size = 0;
  gboolean with_blob;

  if (strlen (name) != 68 || !g_str_has_suffix (name, ".jpg"))
    return;
  memcpy (sha, name, 64);
  sha[64] = '\0';
  if (!jz_photo_sha256_valid (sha) || strncmp (sha, prefix, 4) != 0 ||
      g_hash_table_contains (c->referenced, sha))
    return;

  /* In a dry run the removed blobs are still here. */
  with_blob = g_hash_table_contains (c->removed, sha);
  if (!(with_blob && c->dry_run))
    {
      g_autofree char *blob = _jz_photo_hashed_path (c->self, "blobs", sha, "");

      /* Here again: imported anew since the blob pass. */
      if (g_file_test (blob, G_FILE_TEST_EXISTS))
        return;
    }
  if (remove_if_old (c, path, with_blob, &size))
    {
      c->result->thumbnails++;
      c->result->thumbnail_bytes += size;
    }
}

static void
collect_captures (Collect      *c,
                  GCancellable *cancellable)
{
  g_autofree char *root = g_build_filename (c->self->data_dir, "captures", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, NULL);
      guint64 size = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, &c->error))
        return;
      if (remove_if_old (c, path, FALSE, &size))
        {
          c->result->captures++;
          c->result->capture_bytes += size;
        }
    }
}

/**
 * jz_photo_store_collect:
 * @referenced: every hash that must stay, from jz_store_photo_references()
 * @grace_seconds: an unreferenced blob is kept until it is this old (by its
 *   modification time, refreshed when the same photo is imported again), so
 *   a photo imported into a form not saved yet is not lost
 * @dry_run: count what would go, remove nothing
 * @out: (out caller-allocates): what was removed and kept
 *
 * Removes the blobs not in @referenced and older than the grace period,
 * their thumbnails, thumbnails of blobs no longer here, and camera captures
 * (captures/) older than the grace period. Blocking; call it from a worker.
 * A file that cannot be removed does not stop the rest: the first such
 * failure is returned, with @out counting what was done.
 */
gboolean
jz_photo_store_collect (JzPhotoStore          *self,
                        GHashTable            *referenced,
                        gint64                 grace_seconds,
                        gboolean               dry_run,
                        JzPhotoCollectResult  *out,
                        GCancellable          *cancellable,
                        GError               **error)
{
  JzPhotoCollectResult result = { 0 };
  g_autoptr(GHashTable) removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Collect c = { 0 };

  g_return_val_if_fail (JZ_IS_PHOTO_STORE (self), FALSE);
  g_return_val_if_fail (referenced != NULL, FALSE);
  g_return_val_if_fail (grace_seconds >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  c.self = self;
  c.referenced = referenced;
  c.cutoff = g_get_real_time () / G_USEC_PER_SEC - grace_seconds;
  c.dry_run = dry_run;
  c.result = &result;
  c.removed = removed;

  if (walk_hashed (&c, "blobs", collect_blob, cancellable) &&
      walk_hashed (&c, "thumbnails", collect_thumbnail, cancellable))
    collect_captures (&c, cancellable);

  if (out != NULL)
    *out = result;
  if (c.error != NULL)
    {
      g_propagate_error (error, c.error);
      return FALSE;
    }
  return TRUE;
}

