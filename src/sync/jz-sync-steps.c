/* jz-sync-steps.c — the steps of a sync, in the order docs/sync-protocol.md
 * gives: health (clock), photos, push until the outbox is acknowledged;
 * the pull is in jz-sync-pull.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "jz-hlc.h"
#include "jz-json-scan.h"
#include "jz-protocol.h"
#include "jz-sync-client-private.h"
#include "jz-test-crash.h"
#include "jz-tus-client.h"

/* ---- the steps of a sync --------------------------------------------------- */

JsonObject *
_jz_sync_run_call (Run         *run,
                   const char  *method,
                   const char  *path,
                   JsonNode    *body,
                   const char  *what,
                   gint64      *date_ms,
                   GError     **error)
{
  /* health too: a revoked device hears it (and a purge order) first */
  return _jz_sync_call_json (run->client, run->session, run->base_url, method, path,
                    run->token, body, what,
                    &run->summary.requests, date_ms, run->cancellable, error);
}

/* A GET of a page of change sets: their text in @changes. */
JsonObject *
_jz_sync_run_call_deferred (Run             *run,
                            const char      *path,
                            const char      *what,
                            JzSyncDeferred  *changes,
                            GError         **error)
{
  return _jz_sync_call_deferred (run->client, run->session, run->base_url, path, run->token, what,
                                 &run->summary.requests, changes, run->cancellable, error);
}

gboolean
_jz_sync_step_health (Run     *run,
                      GError **error)
{
  g_autoptr(JsonObject) health = NULL;
  gint64 date_ms = 0, v = 0;
  const char *server_time, *epoch;
  JsonObject *limits;

  health = _jz_sync_run_call (run, "GET", "health", NULL, "health check", &date_ms, error);
  if (health == NULL)
    return FALSE;

  if (_jz_sync_get_int (health, "protocol", &v) && v != JZ_PROTOCOL_VERSION)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "the server speaks sync protocol %" G_GINT64_FORMAT "; this Juzhu speaks %d",
                   v, JZ_PROTOCOL_VERSION);
      return FALSE;
    }

  /* The server's time from the answer, which its Content-Digest covers;
   * the Date header only from a server that does not say it there. No
   * checksum covers a header: one damaged byte ("2526" for "2026") would
   * have the device refuse every save until the next sync. */
  server_time = json_object_get_string_member_with_default (health, "server_time", NULL);
  if (server_time != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (server_time, NULL);

      if (dt != NULL)
        date_ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
    }
  /* The server's time pulls a slow clock forward; a fast one is absorbed.
   * It is remembered too: a save checks the device's clock against it. */
  if (date_ms > 0 && (!jz_store_note_server_time (run->client->store, date_ms, error) ||
                      !jz_store_observe_clock (run->client->store, JZ_HLC_FROM_MS (date_ms), error)))
    return FALSE;

  /* A server restored from a backup says so by a new epoch: what it lacks
   * of this device's goes up again, and the pull starts over. */
  epoch = json_object_get_string_member_with_default (health, "epoch", NULL);
  if (epoch != NULL && *epoch != '\0')
    {
      gint64 server_acked = -1;
      gboolean restored = FALSE;

      _jz_sync_get_int (health, "acked_seq", &server_acked);
      if (!jz_store_note_server_epoch (run->client->store, epoch, server_acked, &restored, error))
        return FALSE;
      if (restored)
        run->summary.server_restored = TRUE;
    }

  g_free (run->county_key);
  run->county_key = g_strdup (_jz_sync_get_string (health, "county_key"));
  if (!_jz_sync_note_revoked_stations (run, health, error))
    return FALSE;

  limits = json_object_has_member (health, "limits") &&
           JSON_NODE_HOLDS_OBJECT (json_object_get_member (health, "limits"))
    ? json_object_get_object_member (health, "limits") : NULL;
  if (_jz_sync_get_int (limits, "max_push_saves", &v) && v > 0)
    run->max_saves = (guint) MIN (v, DEFAULT_MAX_SAVES);
  if (_jz_sync_get_int (limits, "max_push_changes", &v) && v > 0)
    run->max_changes = (guint) MIN (v, DEFAULT_MAX_CHANGES);
  if (_jz_sync_get_int (limits, "max_push_bytes", &v) && v > 1024)
    run->max_bytes = (gsize) MIN (v, DEFAULT_MAX_BYTES);
  return TRUE;
}

/* HEAD blobs/SHA: TRUE and *exists, or FALSE with @error (401 included). */
static gboolean
photo_on_server (Run         *run,
                 const char  *sha256,
                 gboolean    *exists,
                 GError     **error)
{
  g_autofree char *url = g_strconcat (run->base_url, "blobs/", sha256, NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", run->token);

  for (guint tries = 1; ; tries++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("HEAD", url);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) local_error = NULL;
      guint status;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      run->summary.requests++;
      reply = soup_session_send_and_read (run->session, msg, run->cancellable, &local_error);
      status = reply ? soup_message_get_status (msg) : 0;
      if (reply != NULL && (status == 200 || status == 404))
        {
          *exists = status == 200;
          return TRUE;
        }
      if (status == SOUP_STATUS_UNAUTHORIZED &&
          g_strcmp0 (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Juzhu-Error"),
                     "purge") == 0)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE,
                       "photos: county IT revoked this device and ordered it to delete its data");
          return FALSE;
        }
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_UNAUTHORIZED,
                       "photos: this device's access was revoked or its token is wrong; enrol it again");
          return FALSE;
        }
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (reply != NULL && status < 500 && status != 408 && status != 429)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_REFUSED,
                       "photo %.12s…: the server answered %u %s", sha256, status, soup_status_get_phrase (status));
          return FALSE;
        }
      if (tries >= run->client->max_tries)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK,
                       "gave up after %u tries; nothing was lost, sync again later: photo %.12s…: %s",
                       tries, sha256, local_error ? local_error->message : soup_status_get_phrase (status));
          return FALSE;
        }
      if (!_jz_sync_pause_for (_jz_sync_backoff_ms (run->client, tries), run->cancellable, error))
        return FALSE;
    }
}

static void
tus_progress (goffset  confirmed,
              goffset  total,
              gpointer user_data)
{
  Run *run = user_data;

  _jz_sync_report (run, JZ_SYNC_PHASE_PHOTOS, run->photo_index, run->photo_count,
          run->bytes_before + (guint64) confirmed, run->bytes_total);
}

static gboolean
upload_photo (Run         *run,
              GBytes      *bytes,
              const char  *sha256,
              GError     **error)
{
  g_autofree char *state_dir = g_build_filename (run->client->data_dir, "uploads", NULL);

  for (guint tries = 1; ; tries++)
    {
      g_autoptr(GError) local_error = NULL;
      JzTusStats stats = { 0 };
      gboolean ok;

      g_autofree char *name = g_strdup_printf ("%.12s…", sha256);

      ok = jz_tus_upload_bytes (run->session, run->base_url, run->token, bytes, name, sha256, state_dir,
                                PHOTO_CHUNK, tus_progress, run, &stats, run->cancellable, &local_error);
      run->summary.requests += stats.requests;
      run->summary.photo_bytes += stats.bytes_sent;
      if (ok)
        return TRUE;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!g_error_matches (local_error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK))
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_REFUSED,
                       "photo %.12s…: %s", sha256, local_error->message);
          return FALSE;
        }
      if (tries >= run->client->max_tries)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK,
                       "gave up after %u tries; nothing was lost, sync again later: photo %.12s…: %s",
                       tries, sha256, local_error->message);
          return FALSE;
        }
      if (!_jz_sync_pause_for (_jz_sync_backoff_ms (run->client, tries), run->cancellable, error))
        return FALSE;
    }
}

/* The photos of the change sets still to push go first, so that the
 * server never holds a record whose pages it cannot show. */
/* skip_photos: no upload; finds the first save whose photos the server
 * lacks (run->hold_from), so that the push stops before it. */
gboolean
_jz_sync_step_photos_held (Run     *run,
                           GError **error)
{
  JzSyncClient *self = run->client;
  g_autoptr(JsonArray) refs = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  refs = jz_store_outbox_photo_refs (self->store, _jz_sync_meta_int (self->store, "sync_acked_seq"), error);
  if (refs == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (refs) && run->hold_from == 0; i++)
    {
      JsonObject *row = json_array_get_object_element (refs, i);
      JsonArray *photos = json_object_get_array_member (row, "photos");

      for (guint j = 0; j < json_array_get_length (photos); j++)
        {
          const char *sha = json_array_get_string_element (photos, j);
          gboolean exists = FALSE;

          if (g_hash_table_contains (known, sha))
            continue;
          if (!jz_photo_store_has (self->photos, sha))
            {
              /* Not here: nothing to upload, so it holds nothing back. */
              run->summary.photos_missing++;
              g_hash_table_add (known, g_strdup (sha));
              continue;
            }
          if (!photo_on_server (run, sha, &exists, error))
            return FALSE;
          if (!exists)
            {
              run->hold_from = json_object_get_int_member (row, "save_seq");
              break;
            }
          run->summary.photos_present++;
          g_hash_table_add (known, g_strdup (sha));
        }
    }
  return TRUE;
}

gboolean
_jz_sync_step_photos (Run     *run,
                      GError **error)
{
  JzSyncClient *self = run->client;
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));

  refs = jz_store_photo_refs (self->store, _jz_sync_meta_int (self->store, "sync_acked_seq"), error);
  if (refs == NULL)
    return FALSE;

  for (guint i = 0; i < refs->len; i++)
    {
      const char *sha = refs->pdata[i];
      g_autofree char *path = NULL;
      gboolean exists = FALSE;
      GStatBuf st;

      if (!jz_photo_store_has (self->photos, sha))
        {
          run->summary.photos_missing++;
          continue;
        }
      if (!photo_on_server (run, sha, &exists, error))
        return FALSE;
      if (exists)
        {
          run->summary.photos_present++;
          continue;
        }
      path = jz_photo_store_blob_path (self->photos, sha);
      g_ptr_array_add (pending, g_strdup (sha));
      /* a sealed file is a little larger than its photo; near enough for progress */
      guint64 size = g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
      g_array_append_val (sizes, size);
      run->bytes_total += size;
    }

  run->photo_count = pending->len;
  for (guint i = 0; i < pending->len; i++)
    {
      const char *sha = pending->pdata[i];
      g_autoptr(GBytes) bytes = NULL;

      run->photo_index = i;
      bytes = jz_photo_store_read_blob (self->photos, sha, error);
      if (bytes == NULL || !upload_photo (run, bytes, sha, error))
        return FALSE;
      run->summary.photos_uploaded++;
      run->bytes_before += g_array_index (sizes, guint64, i);
      _jz_sync_report (run, JZ_SYNC_PHASE_PHOTOS, i + 1, pending->len, run->bytes_before, run->bytes_total);
    }
  return TRUE;
}

/* The next push body, exported on a thread of its own while the current
 * push is in flight (the export only reads the outbox). */
typedef struct
{
  JzStore   *store;
  gint64     after;
  guint      max_saves;
  guint      max_changes;
  gsize      max_bytes;
  GBytes    *body;
  JsonArray *index;
  GError    *error;
} Export;

static gpointer
export_thread (gpointer data)
{
  Export *e = data;

  e->body = jz_store_export_outbox_body (e->store, e->after, e->max_saves, e->max_changes,
                                         e->max_bytes, &e->index, &e->error);
  return NULL;
}

static void
export_clear (Export *e)
{
  g_clear_pointer (&e->body, g_bytes_unref);
  g_clear_pointer (&e->index, json_array_unref);
  g_clear_error (&e->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Export, export_clear)

gboolean
_jz_sync_step_push (Run     *run,
                    GError **error)
{
  JzStore *store = run->client->store;
  gint64 acked = _jz_sync_meta_int (store, "sync_acked_seq");
  gint64 total = jz_store_outbox_pending_after (store, acked, error);
  guint64 done = 0;
  g_autoptr(GBytes) next_body = NULL;
  g_autoptr(JsonArray) next_index = NULL;

  if (total < 0)
    return FALSE;
  if (run->hold_from > 0)
    {
      /* Only the change sets below the held save; the export's change cap
       * is what stops each batch at its first seq. */
      gint64 held = jz_store_outbox_pending_after (store, run->hold_from - 1, error);

      if (held < 0)
        return FALSE;
      run->summary.held = (guint) held;
      total -= held;
      if (total <= 0)
        return TRUE;
    }
  if (total > 0)
    _jz_sync_report (run, JZ_SYNC_PHASE_PUSH, 0, (guint64) total, 0, 0);

  for (;;)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonArray) batch = NULL;
      g_autoptr(JsonObject) answer = NULL;
      g_autoptr(JsonArray) rejections = json_array_new ();
      g_autoptr(GHashTable) by_seq = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_auto(Export) ahead = { store, 0, run->max_saves, run->max_changes, run->max_bytes, NULL, NULL, NULL };
      GThread *exporter = NULL;
      JsonArray *results;
      gint64 acked_seq = 0, server_hlc = 0, last_seq;
      guint n, max_changes = run->max_changes;

      if (run->hold_from > 0)
        {
          if ((gint64) done >= total)
            return TRUE;
          max_changes = (guint) MIN ((gint64) max_changes, total - (gint64) done);
        }
      if (next_body != NULL)
        {
          body = g_steal_pointer (&next_body);
          batch = g_steal_pointer (&next_index);
        }
      else
        {
          body = jz_store_export_outbox_body (store, acked, run->max_saves, max_changes,
                                              run->max_bytes, &batch, error);
          if (body == NULL)
            return FALSE;
        }
      n = json_array_get_length (batch);
      if (n == 0)
        return TRUE;

      for (guint i = 0; i < n; i++)
        {
          JsonObject *cs = json_array_get_object_element (batch, i);
          gint64 seq = json_object_get_int_member (cs, "seq");

          g_hash_table_insert (by_seq, g_memdup2 (&seq, sizeof seq), cs);
        }
      last_seq = json_object_get_int_member (json_array_get_object_element (batch, n - 1), "seq");

      /* Only when this push ends the batch the server will acknowledge
       * (checked below): otherwise the export starts again from acked_seq. */
      if ((gint64) n < total - (gint64) done)
        {
          ahead.after = last_seq;
          if (run->hold_from > 0)
            ahead.max_changes = (guint) MIN ((gint64) run->max_changes, total - (gint64) done - (gint64) n);
          exporter = g_thread_new ("jz-sync-export", export_thread, &ahead);
        }

      jz_test_crash_point ("before-push");   /* test hooks: jz-test-crash.h */
      answer = _jz_sync_call_bytes (run->client, run->session, run->base_url, "POST", "sync/push", run->token,
                           body, "push", &run->summary.requests, NULL, run->cancellable, error);
      if (exporter != NULL)
        g_thread_join (exporter);
      if (answer == NULL)
        return FALSE;
      jz_test_crash_point ("after-push");

      if (!json_object_has_member (answer, "results") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "results")) ||
          !_jz_sync_get_int (answer, "acked_seq", &acked_seq))
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "push: the server's answer has no results or acked_seq");
          return FALSE;
        }
      _jz_sync_get_int (answer, "server_hlc", &server_hlc);

      results = json_object_get_array_member (answer, "results");
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *r = json_array_get_object_element (results, i);
          const char *status = r ? json_object_get_string_member_with_default (r, "status", "") : "";
          gint64 seq = 0;
          JsonObject *cs;

          if (r == NULL || !_jz_sync_get_int (r, "seq", &seq) || (cs = g_hash_table_lookup (by_seq, &seq)) == NULL)
            {
              g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                           "push: results[%u] names no change set of this push", i);
              return FALSE;
            }
          if (g_str_equal (status, "ok"))
            run->summary.pushed++;
          else if (g_str_equal (status, "duplicate"))
            run->summary.duplicates++;
          else if (g_str_equal (status, "rejected"))
            {
              JsonObject *rej = json_object_new ();

              json_object_set_int_member (rej, "seq", seq);
              json_object_set_string_member (rej, "record", json_object_get_string_member (cs, "record"));
              json_object_set_string_member (rej, "type", json_object_get_string_member (cs, "type"));
              json_object_set_int_member (rej, "hlc", json_object_get_int_member (cs, "hlc"));
              json_object_set_string_member (rej, "code", json_object_get_string_member_with_default (r, "code", "rejected"));
              json_object_set_string_member (rej, "reason", json_object_get_string_member_with_default (r, "reason", ""));
              json_array_add_object_element (rejections, rej);
              run->summary.rejected++;
            }
          else
            {
              g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                           "push: results[%u].status: “%s” is not ok, duplicate or rejected", i, status);
              return FALSE;
            }
        }

      if (!jz_store_acknowledge (store, acked_seq, rejections, (guint64) MAX (server_hlc, 0), error))
        return FALSE;

      done += n;
      _jz_sync_report (run, JZ_SYNC_PHASE_PUSH, MIN (done, (guint64) total), (guint64) total, 0, 0);

      /* Every seq of this push has an answer, so the mark must cover it;
       * anything else would have the client send the same batch forever. */
      if (acked_seq < last_seq)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "push: the server acknowledged up to change %" G_GINT64_FORMAT
                       " of %" G_GINT64_FORMAT "; the rest stays in the outbox", acked_seq, last_seq);
          return FALSE;
        }
      acked = acked_seq;

      /* The batch exported ahead starts where this push ended: use it
       * only if the mark is exactly there. */
      if (ahead.body != NULL && acked_seq == last_seq)
        {
          next_body = g_steal_pointer (&ahead.body);
          next_index = g_steal_pointer (&ahead.index);
        }
      export_clear (&ahead);
    }
}
