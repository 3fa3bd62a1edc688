/* jz-photo-gc.c — the app's daily garbage collection of unused photos
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a data directory is opened and the last collection (meta
 * photo_gc_last) is a day old or more, a worker removes the photos nothing
 * refers to any more and that were not imported in the last
 * JZ_PHOTO_COLLECT_GRACE_DAYS days, and old camera captures
 * (jz_store_photo_references(), jz_photo_store_collect()). The grace period
 * covers a photo taken into a form that is still open. Only counts are
 * logged: no hash, no path.
 */
#include "config.h"

#include "jz-photo-gc.h"

#define DAY_SECONDS (24 * 60 * 60)

static gpointer
collect_in_thread (JzSession     *session,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  JzStore *store = jz_session_get_store (session);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *last_text = NULL;
  g_autofree char *now_text = NULL;
  g_autoptr(GHashTable) referenced = NULL;
  g_autoptr(GError) local_error = NULL;
  JzPhotoCollectResult r = { 0 };
  gint64 last = 0;

  last_text = jz_store_get_meta (store, JZ_PHOTO_GC_META_LAST, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (last_text != NULL)
    last = g_ascii_strtoll (last_text, NULL, 10);
  /* A clock set back makes last lie in the future: run then too. */
  if (last > 0 && last <= now && now - last < DAY_SECONDS)
    return GINT_TO_POINTER (1);

  referenced = jz_store_photo_references (store, error);
  if (referenced == NULL)
    return NULL;
  if (!jz_photo_store_collect (jz_session_get_photos (session), referenced,
                               (gint64) JZ_PHOTO_COLLECT_GRACE_DAYS * DAY_SECONDS,
                               FALSE, &r, cancellable, error))
    return NULL;

  g_debug ("photo gc: removed %u photos, %u thumbnails, %u captures (%" G_GUINT64_FORMAT
           " bytes); kept %u in use, %u recent",
           r.blobs, r.thumbnails, r.captures,
           r.blob_bytes + r.thumbnail_bytes + r.capture_bytes,
           r.kept_referenced, r.kept_recent);

  now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  if (!jz_store_set_meta (store, JZ_PHOTO_GC_META_LAST, now_text, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
collect_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (jz_session_run_finish (JZ_SESSION (source), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("photo gc: %s", error->domain == JZ_PHOTO_ERROR ? "a file could not be removed"
                                                            : "the store could not be read");
}

/**
 * jz_photo_gc_maybe_start:
 *
 * Starts the collection on a worker if the last one is a day old or more;
 * returns at once. Nothing is reported to the user.
 */
void
jz_photo_gc_maybe_start (JzSession    *session,
                         GCancellable *cancellable)
{
  g_return_if_fail (JZ_IS_SESSION (session));

  jz_session_run_async (session, collect_in_thread, NULL, NULL, NULL,
                        cancellable, collect_done, NULL);
}
