/* jz-tus-request.c — one request of the tus client, tried again after a
 * backoff, and the errors said from an answer
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking, on the sync client's worker thread (jz-tus-client.c says how
 * tries and backoff go).
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "jz-tus-private.h"

gboolean
_jz_tus_sha256_valid (const char *hex)
{
  guint i;

  if (hex == NULL)
    return FALSE;
  for (i = 0; hex[i] != '\0'; i++)
    {
      if (!g_ascii_isdigit (hex[i]) && !(hex[i] >= 'a' && hex[i] <= 'f'))
        return FALSE;
    }
  return i == 64;
}

/* ---- Requests --------------------------------------------------------- */

SoupMessage *
_jz_tus_new_message (Ctx        *ctx,
                     const char *method,
                     const char *url,
                     gboolean    tus)
{
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;
  headers = soup_message_get_request_headers (msg);
  if (ctx->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", ctx->token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (tus)
    soup_message_headers_replace (headers, "Tus-Resumable", TUS_VERSION);
  return msg;
}

/* Sends @msg and reads its whole answer. FALSE only for transport errors
 * (mapped to JZ_TUS_ERROR_NETWORK) or cancellation. */
GBytes *
_jz_tus_send (Ctx          *ctx,
              SoupMessage  *msg,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *body;

  ctx->stats->requests++;
  body = soup_session_send_and_read (ctx->session, msg, ctx->cancellable, &local_error);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK,
                     "Cannot reach the server at %s: %s",
                     g_uri_get_host (soup_message_get_uri (msg)), local_error->message);
      return NULL;
    }
  return body;
}

/* The server's message from a JSON error body, else the status phrase. */
static char *
server_message (SoupMessage *msg,
                GBytes      *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  if (data != NULL && len > 0 &&
      json_parser_load_from_data (parser, data, len, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonObject *object = json_node_get_object (root);
          JsonObject *err = json_object_has_member (object, "error") &&
                            JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error"))
                            ? json_object_get_object_member (object, "error") : NULL;
          const char *text = err ? json_object_get_string_member_with_default (err, "message", NULL)
                                 : NULL;

          if (text != NULL)
            return g_strdup (text);
        }
    }

  return g_strdup_printf ("%u %s", soup_message_get_status (msg),
                          soup_message_get_reason_phrase (msg)
                          ? soup_message_get_reason_phrase (msg) : "");
}

/* An answer that is not what was hoped for, as an error. */
void
_jz_tus_set_status_error (SoupMessage  *msg,
                          GBytes       *body,
                          const char   *what,
                          GError      **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *text = server_message (msg, body);
  JzTusError code;

  if (status == 460)
    code = JZ_TUS_ERROR_CHECKSUM;
  else if (status >= 500 || status == 408 || status == 423 || status == 429)
    code = JZ_TUS_ERROR_NETWORK;
  else
    code = JZ_TUS_ERROR_REFUSED;

  g_set_error (error, JZ_TUS_ERROR, code, "%s: the server answered %u (%s)",
               what, status, text);
}

gboolean
_jz_tus_retryable (const GError *error)
{
  return g_error_matches (error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK);
}

/* Sleeps before try number @attempt (1-based), unless cancelled. */
gboolean
_jz_tus_backoff (Ctx      *ctx,
                 guint     attempt,
                 GError  **error)
{
  gint64 delay = (gint64) FIRST_DELAY_US << MIN (attempt - 1, 10);
  gint64 until;

  delay = delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
  until = g_get_monotonic_time () + delay;
  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
        return FALSE;
      g_usleep (MIN (20000, MAX (1, until - g_get_monotonic_time ())));
    }
  return !g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

gboolean
_jz_tus_header_int64 (SoupMessage *msg,
                      const char  *name,
                      gint64      *out)
{
  const char *text = soup_message_headers_get_one (soup_message_get_response_headers (msg), name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

