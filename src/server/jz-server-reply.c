/* jz-server-reply.c — a JSON answer as it goes on the wire: its
 * Content-Digest, and gzipped for a client that takes it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-protocol.h"
#include "jz-server-private.h"

/* Answers smaller than this go as they are: gzip would save little. */
#define GZIP_MIN_BYTES 1024

/* Whether the client takes a gzipped answer (libsoup's content decoder
 * says so on every request it sends). */
gboolean
_jz_server_accepts_gzip (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept-Encoding");

  return accept != NULL && soup_header_contains (accept, "gzip");
}

/* @data gzipped; fast rather than small (level 1: a page of the feed
 * shrinks about six and a half times all the same). */
static GBytes *
gzip_bytes (const char *data,
            gsize       len)
{
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GOutputStream) gz = g_converter_output_stream_new (mem, G_CONVERTER (zlib));

  if (!g_output_stream_write_all (gz, data, len, NULL, NULL, NULL) ||
      !g_output_stream_close (gz, NULL, NULL))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

void
_jz_server_reply_free (Reply *reply)
{
  g_bytes_unref (reply->body);
  g_free (reply->digest);
  g_free (reply);
}

Reply *
_jz_server_reply_new (GBytes   *text,
                      gboolean  gzip)
{
  Reply *reply = g_new0 (Reply, 1);
  gsize len;
  const char *data = g_bytes_get_data (text, &len);

  reply->digest = jz_protocol_digest (data, len);
  if (gzip && len >= GZIP_MIN_BYTES)
    reply->body = gzip_bytes (data, len);
  reply->gzipped = reply->body != NULL;
  if (reply->body == NULL)
    reply->body = g_bytes_ref (text);
  return reply;
}

void
_jz_server_set_reply (SoupServerMessage *msg,
                      guint              status,
                      Reply             *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Content-Digest", reply->digest);
  soup_message_headers_replace (headers, "Vary", "Accept-Encoding");
  if (reply->gzipped)
    soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  else
    soup_message_headers_remove (headers, "Content-Encoding");
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply->body);
}

void
_jz_server_set_json (SoupServerMessage *msg,
                     guint              status,
                     JsonObject        *object)
{
  char *text = _jz_server_object_text (object);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));
  Reply *reply = _jz_server_reply_new (bytes, _jz_server_accepts_gzip (msg));

  _jz_server_set_reply (msg, status, reply);
  _jz_server_reply_free (reply);
}

char *
_jz_server_now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
