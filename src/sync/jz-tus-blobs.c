/* jz-tus-blobs.c — whether the county server has a photo, and fetching one
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking, on the sync client's worker thread; a failed request is tried
 * again as the upload's are (jz-tus-client.c).
 */
#include "config.h"

#include <string.h>

#include "jz-tus-private.h"

/* ---- Blob existence --------------------------------------------------- */

static gboolean
blob_exists_once (Ctx         *ctx,
                  const char  *sha256,
                  gboolean    *exists,
                  GError     **error)
{
  g_autofree char *url = g_strconcat (ctx->base_url, "blobs/", sha256, NULL);
  g_autoptr(SoupMessage) msg = _jz_tus_new_message (ctx, SOUP_METHOD_HEAD, url, FALSE);
  g_autoptr(GBytes) body = NULL;

  if (msg == NULL)
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED,
                   "The server address %s is not a URL", ctx->base_url);
      return FALSE;
    }
  body = _jz_tus_send (ctx, msg, error);
  if (body == NULL)
    return FALSE;

  switch (soup_message_get_status (msg))
    {
    case SOUP_STATUS_OK:
      *exists = TRUE;
      return TRUE;
    case SOUP_STATUS_NOT_FOUND:
      *exists = FALSE;
      return TRUE;
    default:
      _jz_tus_set_status_error (msg, body, "Asking whether the server has a photo", error);
      return FALSE;
    }
}

gboolean
_jz_tus_blob_exists (Ctx         *ctx,
                     const char  *sha256,
                     gboolean    *exists,
                     GError     **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (blob_exists_once (ctx, sha256, exists, &local_error))
        return TRUE;
      if (!_jz_tus_retryable (local_error) || attempt >= TRIES)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!_jz_tus_backoff (ctx, attempt, error))
        return FALSE;
    }
}

gboolean
jz_tus_blob_exists (SoupSession   *session,
                    const char    *base_url,
                    const char    *token,
                    const char    *sha256,
                    gboolean      *exists,
                    GCancellable  *cancellable,
                    GError       **error)
{
  JzTusStats stats = { 0 };
  Ctx ctx = { session, base_url, token, &stats, cancellable };

  g_return_val_if_fail (SOUP_IS_SESSION (session), FALSE);
  g_return_val_if_fail (base_url != NULL, FALSE);
  g_return_val_if_fail (exists != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_jz_tus_sha256_valid (sha256))
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_LOCAL,
                   "\"%s\" is not a photo's SHA-256 (64 lower-case hex digits)",
                   sha256 ? sha256 : "(null)");
      return FALSE;
    }
  return _jz_tus_blob_exists (&ctx, sha256, exists, error);
}

/* ---- Download --------------------------------------------------------- */

/* One GET from @have->len on; appends what arrives even when cut. */
static gboolean
download_once (Ctx         *ctx,
               const char  *url,
               GByteArray  *have,
               GError     **error)
{
  g_autoptr(SoupMessage) msg = _jz_tus_new_message (ctx, SOUP_METHOD_GET, url, FALSE);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status;
  goffset start = 0, end = 0, total = 0;
  guint8 buffer[65536];
  gssize n;

  if (msg == NULL)
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED,
                   "The server address %s is not a URL", ctx->base_url);
      return FALSE;
    }
  if (have->len > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (msg), have->len, -1);

  ctx->stats->requests++;
  stream = soup_session_send (ctx->session, msg, ctx->cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK,
                     "Cannot reach the server: %s", local_error->message);
      return FALSE;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_OK)
    g_byte_array_set_size (have, 0);
  else if (status == SOUP_STATUS_PARTIAL_CONTENT)
    {
      if (!soup_message_headers_get_content_range (soup_message_get_response_headers (msg),
                                                   &start, &end, &total) ||
          start != (goffset) have->len)
        {
          g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK,
                       "Downloading the photo: the server sent the wrong part");
          return FALSE;
        }
    }
  else
    {
      g_autoptr(GBytes) body = g_input_stream_read_bytes (stream, 65536, NULL, NULL);

      _jz_tus_set_status_error (msg, body, "Downloading the photo", error);
      return FALSE;
    }

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, ctx->cancellable,
                                   &local_error)) > 0)
    {
      if (have->len + n > MAX_DOWNLOAD_BYTES)
        {
          g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED,
                       "Downloading the photo: it is larger than %d bytes",
                       MAX_DOWNLOAD_BYTES);
          return FALSE;
        }
      g_byte_array_append (have, buffer, n);
    }
  if (n < 0)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK,
                     "Downloading the photo was cut: %s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

GBytes *
jz_tus_blob_download (SoupSession   *session,
                      const char    *base_url,
                      const char    *token,
                      const char    *sha256,
                      GCancellable  *cancellable,
                      GError       **error)
{
  JzTusStats stats = { 0 };
  Ctx ctx = { session, base_url, token, &stats, cancellable };
  g_autoptr(GByteArray) have = g_byte_array_new ();
  g_autofree char *url = NULL;
  g_autofree char *actual = NULL;
  guint attempt = 0;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_jz_tus_sha256_valid (sha256))
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_LOCAL,
                   "\"%s\" is not a photo's SHA-256 (64 lower-case hex digits)",
                   sha256 ? sha256 : "(null)");
      return NULL;
    }
  url = g_strconcat (base_url, "blobs/", sha256, NULL);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      guint before = have->len;

      if (download_once (&ctx, url, have, &local_error))
        break;
      if (have->len > before)
        attempt = 0;
      if (!_jz_tus_retryable (local_error) || ++attempt >= TRIES)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!_jz_tus_backoff (&ctx, attempt, error))
        return NULL;
    }

  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, have->data, have->len);
  if (strcmp (actual, sha256) != 0)
    {
      g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_CHECKSUM,
                   "The downloaded photo %.12s… does not match its checksum (got %.12s…)",
                   sha256, actual);
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&have));
}
