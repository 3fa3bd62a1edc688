/* jz-tus-client.c — photos to the county server (tus 1.0 client); their
 * requests are in jz-tus-request.c, reading photos back in jz-tus-blobs.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here blocks: it runs on the sync client's worker thread. A
 * failed request (network error, 5xx, 408, 409, 423, 429) is tried again after a short
 * backoff — 0.2 s doubling, half of it random — at most TRIES times in a
 * row; any progress starts the count again. After a failure the server is
 * asked for its offset (HEAD), so at most one chunk is sent twice.
 *
 * The upload URL is remembered in STATE_DIR/<sha256>.tus as soon as the
 * server gives it, so a killed process resumes the same upload next time.
 *
 * Cancellation is not mapped: a cancelled call fails with
 * G_IO_ERROR_CANCELLED, which the caller tells apart from a failure.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jz-tus-private.h"

G_DEFINE_QUARK (jz-tus-error-quark, jz_tus_error)

/* ---- Upload ----------------------------------------------------------- */

typedef struct
{
  const char *path;          /* what the messages call the photo */
  const char *sha256;
  GBytes     *bytes;
  gint64      size;
  char       *state_path;
  char       *url;           /* the upload, once created */
  gint64      offset;        /* confirmed by the server */
  gboolean    checksums;     /* the server does the checksum extension with sha256 */
  gboolean    asked_options;
} Upload;

static void
upload_clear (Upload *up)
{
  g_free (up->state_path);
  g_free (up->url);
}

static void
forget_url (Upload *up)
{
  g_clear_pointer (&up->url, g_free);
  if (up->state_path != NULL)
    g_unlink (up->state_path);
}

/* Which extensions the server does; a server without checksum (such as
 * @tus/server) still gets the upload, just without per-chunk checks. */
static gboolean
ask_options (Ctx     *ctx,
             Upload  *up,
             GError **error)
{
  g_autofree char *url = g_strconcat (ctx->base_url, "files/", NULL);
  g_autoptr(SoupMessage) msg = _jz_tus_new_message (ctx, SOUP_METHOD_OPTIONS, url, TRUE);
  g_autoptr(GBytes) body = _jz_tus_send (ctx, msg, error);
  SoupMessageHeaders *headers;
  const char *extensions;
  const char *algorithms;

  if (body == NULL)
    return FALSE;
  if (soup_message_get_status (msg) >= 500)
    {
      _jz_tus_set_status_error (msg, body, "Asking the server how it takes uploads", error);
      return FALSE;
    }

  headers = soup_message_get_response_headers (msg);
  extensions = soup_message_headers_get_one (headers, "Tus-Extension");
  algorithms = soup_message_headers_get_one (headers, "Tus-Checksum-Algorithm");
  up->checksums = extensions != NULL &&
                  soup_header_contains (extensions, "checksum") &&
                  algorithms != NULL &&
                  soup_header_contains (algorithms, "sha256");
  up->asked_options = TRUE;
  return TRUE;
}

static gboolean
create (Ctx     *ctx,
        Upload  *up,
        GError **error)
{
  g_autofree char *url = g_strconcat (ctx->base_url, "files/", NULL);
  g_autoptr(SoupMessage) msg = _jz_tus_new_message (ctx, SOUP_METHOD_POST, url, TRUE);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) location = NULL;
  g_autofree char *length = g_strdup_printf ("%" G_GINT64_FORMAT, up->size);
  g_autofree char *hash64 = g_base64_encode ((const guchar *) up->sha256, 64);
  g_autofree char *metadata = g_strconcat ("sha256 ", hash64, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *href;
  gint64 offset;

  soup_message_headers_replace (headers, "Upload-Length", length);
  soup_message_headers_replace (headers, "Upload-Metadata", metadata);
  body = _jz_tus_send (ctx, msg, error);
  if (body == NULL)
    return FALSE;
  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED)
    {
      _jz_tus_set_status_error (msg, body, "Starting the photo's upload", error);
      return FALSE;
    }

  href = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  location = href ? g_uri_parse_relative (soup_message_get_uri (msg), href,
                                          SOUP_HTTP_URI_FLAGS, &local_error) : NULL;
  if (location == NULL)
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED,
                   "Starting the photo's upload: the server gave no usable Location");
      return FALSE;
    }

  up->url = g_uri_to_string (location);
  up->offset = 0;
  if (_jz_tus_header_int64 (msg, "Upload-Offset", &offset) && offset == up->size)
    {
      up->offset = offset;   /* the server has the photo already */
      return TRUE;
    }

  /* Remembered before the first byte goes, so a crash resumes this upload. */
  if (!g_file_set_contents (up->state_path, up->url, -1, &local_error))
    g_debug ("Cannot remember the upload of %.12s…: %s", up->sha256, local_error->message);
  return TRUE;
}

/* Asks the server where the upload stands. FALSE with *gone when the
 * server no longer knows it (expired, deleted, another server). */
static gboolean
head_offset (Ctx      *ctx,
             Upload   *up,
             gboolean *gone,
             GError  **error)
{
  g_autoptr(SoupMessage) msg = _jz_tus_new_message (ctx, SOUP_METHOD_HEAD, up->url, TRUE);
  g_autoptr(GBytes) body = NULL;
  guint status;
  gint64 offset, length;

  *gone = FALSE;
  if (msg == NULL)
    {
      *gone = TRUE;
      return FALSE;
    }
  body = _jz_tus_send (ctx, msg, error);
  if (body == NULL)
    return FALSE;

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      *gone = TRUE;
      return FALSE;
    }
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_NO_CONTENT)
    {
      _jz_tus_set_status_error (msg, body, "Asking how much of the photo the server has", error);
      return FALSE;
    }
  if (!_jz_tus_header_int64 (msg, "Upload-Offset", &offset) || offset > up->size ||
      (_jz_tus_header_int64 (msg, "Upload-Length", &length) && length != up->size))
    {
      /* Not the upload of this file: start another. */
      *gone = TRUE;
      return FALSE;
    }

  up->offset = offset;
  return TRUE;
}

static GBytes *
read_chunk (Upload  *up,
            gsize    chunk_size,
            GError **error)
{
  gsize want = (gsize) MIN ((gint64) chunk_size, up->size - up->offset);

  return g_bytes_new_from_bytes (up->bytes, (gsize) up->offset, want);
}

/* One PATCH; *status is the answer's status (0 when there was none). */
static void
count_written (SoupMessage *msg,
               guint        n,
               JzTusStats  *stats)
{
  stats->bytes_sent += n;
}

static gboolean
patch (Ctx      *ctx,
       Upload   *up,
       gsize     chunk_size,
       guint    *status,
       GError  **error)
{
  g_autoptr(SoupMessage) msg = _jz_tus_new_message (ctx, "PATCH", up->url, TRUE);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, up->offset);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  gint64 offset;
  gsize len;

  chunk = read_chunk (up, chunk_size, error);
  if (chunk == NULL)
    return FALSE;
  len = g_bytes_get_size (chunk);

  soup_message_headers_replace (headers, "Upload-Offset", offset_text);
  if (up->checksums)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize digest_len = sizeof digest;
      g_autofree char *digest64 = NULL;
      g_autofree char *value = NULL;

      g_checksum_update (checksum, g_bytes_get_data (chunk, NULL), len);
      g_checksum_get_digest (checksum, digest, &digest_len);
      digest64 = g_base64_encode (digest, digest_len);
      value = g_strconcat ("sha256 ", digest64, NULL);
      soup_message_headers_replace (headers, "Upload-Checksum", value);
    }
  soup_message_set_request_body_from_bytes (msg, "application/offset+octet-stream", chunk);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (count_written), ctx->stats);

  *status = 0;
  body = _jz_tus_send (ctx, msg, error);
  if (body == NULL)
    return FALSE;

  *status = soup_message_get_status (msg);
  if (soup_message_get_status (msg) != SOUP_STATUS_NO_CONTENT &&
      soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      _jz_tus_set_status_error (msg, body, "Sending the photo", error);
      return FALSE;
    }
  if (!_jz_tus_header_int64 (msg, "Upload-Offset", &offset) || offset <= up->offset || offset > up->size)
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK,
                   "Sending the photo: the server answered without a usable Upload-Offset");
      return FALSE;
    }

  up->offset = offset;
  return TRUE;
}

gboolean
jz_tus_upload (SoupSession        *session,
               const char         *base_url,
               const char         *token,
               const char         *path,
               const char         *sha256,
               const char         *state_dir,
               gsize               chunk_size,
               JzTusProgressFunc   progress,
               gpointer            progress_data,
               JzTusStats         *stats,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_LOCAL,
                   "Cannot read the photo %s: %s", path, local_error->message);
      return FALSE;
    }
  bytes = g_bytes_new_take (contents, len);
  return jz_tus_upload_bytes (session, base_url, token, bytes, path, sha256, state_dir, chunk_size,
                              progress, progress_data, stats, cancellable, error);
}

/**
 * jz_tus_upload_bytes:
 * @bytes: the photo
 * @name: what messages call it
 *
 * jz_tus_upload() of a photo in memory (a device's photos are sealed on
 * its disk: jz_photo_store_read_blob() opens them).
 */
gboolean
jz_tus_upload_bytes (SoupSession        *session,
                     const char         *base_url,
                     const char         *token,
                     GBytes             *bytes,
                     const char         *path,
                     const char         *sha256,
               const char         *state_dir,
               gsize               chunk_size,
               JzTusProgressFunc   progress,
               gpointer            progress_data,
               JzTusStats         *stats,
               GCancellable       *cancellable,
               GError            **error)
{
  JzTusStats local_stats = { 0 };
  Ctx ctx = { session, base_url, token, stats ? stats : &local_stats, cancellable };
  Upload up = { path, sha256, bytes, 0, NULL, NULL, 0, FALSE, FALSE };
  g_autofree char *state_name = NULL;
  g_autofree char *remembered = NULL;
  gboolean need_head = FALSE;
  gboolean ok = FALSE;
  guint attempt = 0;

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (base_url != NULL && g_str_has_suffix (base_url, "/"), FALSE);
  g_return_val_if_fail (bytes != NULL && path != NULL, FALSE);
  g_return_val_if_fail (state_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (chunk_size == 0)
    chunk_size = DEFAULT_CHUNK;

  if (!g_uri_is_valid (base_url, SOUP_HTTP_URI_FLAGS, NULL))
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED,
                   "The server address %s is not a URL", base_url);
      return FALSE;
    }

  if (!_jz_tus_sha256_valid (sha256))
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_LOCAL,
                   "\"%s\" is not a photo's SHA-256 (64 lower-case hex digits)",
                   sha256 ? sha256 : "(null)");
      return FALSE;
    }

  up.size = (gint64) g_bytes_get_size (bytes);
  if (up.size == 0)
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_LOCAL, "The photo %s is empty", path);
      goto out;
    }

  if (g_mkdir_with_parents (state_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_LOCAL,
                   "Cannot create the folder %s: %s", state_dir, g_strerror (saved_errno));
      goto out;
    }
  state_name = g_strconcat (sha256, ".tus", NULL);
  up.state_path = g_build_filename (state_dir, state_name, NULL);
  if (g_file_get_contents (up.state_path, &remembered, NULL, NULL))
    {
      g_strstrip (remembered);
      /* An upload begun at another address of the server (or another
       * server) cannot be resumed here: start again. */
      if (g_str_has_prefix (remembered, base_url))
        {
          up.url = g_strdup (remembered);
          need_head = TRUE;
        }
      else
        g_unlink (up.state_path);
    }

  if (up.url == NULL)
    {
      gboolean exists = FALSE;

      if (!_jz_tus_blob_exists (&ctx, sha256, &exists, error))
        goto out;
      if (exists)
        {
          if (progress != NULL)
            progress (up.size, up.size, progress_data);
          ok = TRUE;
          goto out;
        }
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 before = up.offset;
      gboolean step_ok = TRUE;

      if (!up.asked_options)
        step_ok = ask_options (&ctx, &up, &local_error);
      else if (up.url == NULL)
        step_ok = create (&ctx, &up, &local_error);
      else if (need_head)
        {
          gboolean gone = FALSE;

          step_ok = head_offset (&ctx, &up, &gone, &local_error);
          if (step_ok)
            {
              need_head = FALSE;
              ctx.stats->resumes++;
            }
          else if (gone)
            {
              forget_url (&up);
              need_head = FALSE;
              up.offset = 0;
              continue;
            }
        }
      else if (up.offset < up.size)
        {
          guint status = 0;

          step_ok = patch (&ctx, &up, chunk_size, &status, &local_error);
          if (!step_ok && status == 460)
            {
              gboolean gone = FALSE;
              g_autoptr(GError) head_error = NULL;

              /* A dropped chunk (send it again), or the whole photo failed
               * its hash and the server kept nothing? */
              if (!head_offset (&ctx, &up, &gone, &head_error) && gone)
                {
                  forget_url (&up);
                  g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                              "The server found the photo %s corrupt: ", path);
                  goto out;
                }
            }
          else if (!step_ok && status == SOUP_STATUS_CONFLICT)
            {
              /* Offset mismatch: ask where the upload stands. */
              local_error->code = JZ_TUS_ERROR_NETWORK;
            }
          else if (!step_ok && (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE))
            {
              /* Expired or deleted under us: start again. */
              forget_url (&up);
              up.offset = 0;
              local_error->code = JZ_TUS_ERROR_NETWORK;
            }
        }
      else
        {
          ok = TRUE;
          break;
        }

      if (step_ok)
        {
          if (up.offset > before && progress != NULL)
            progress (up.offset, up.size, progress_data);
          if (up.offset > before)
            attempt = 0;
          continue;
        }

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local_error, JZ_TUS_ERROR, JZ_TUS_ERROR_LOCAL) ||
          g_error_matches (local_error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED) ||
          ++attempt >= TRIES)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      if (!_jz_tus_backoff (&ctx, attempt, error))
        goto out;
      /* After a failure the confirmed offset is the server's to say. */
      if (up.url != NULL)
        need_head = TRUE;
    }

out:
  if (ok)
    forget_url (&up);
  upload_clear (&up);
  return ok;
}

