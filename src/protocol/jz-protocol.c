/* jz-protocol.c — the wire between a device and the county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>

#include <string.h>

#include "jz-change-set.h"
#include "jz-protocol.h"
#include "jz-text.h"

G_DEFINE_QUARK (jz-protocol-error-quark, jz_protocol_error)

const JzJsonLimits jz_protocol_enrol_json = { 2, 16 };
/* A push of 2 MiB holds well under 100 000 values (a declaration is about
 * 35 values in 1 KB); json-glib needs about 150 bytes a value. */
const JzJsonLimits jz_protocol_push_json = { 8, 200000 };
/* The server's answers, read by a device: a pull page of 2 000 change sets. */
const JzJsonLimits jz_protocol_answer_json = { 16, 8000000 };

typedef struct
{
  guint       status;
  const char *code;
} Answer;

/**
 * jz_protocol_error_status:
 * @error: what went wrong with a request
 * @status: (out): the HTTP status to answer with
 * @code: (out): the error code of the answer's body
 *
 * Returns: %FALSE when @error is not the client's fault (the server failed:
 *   500 internal).
 */
gboolean
jz_protocol_error_status (const GError  *error,
                          guint         *status,
                          const char   **code)
{
  static const Answer protocol_map[] = {
    [JZ_PROTOCOL_ERROR_MALFORMED] = { 400, "malformed_json" },
    [JZ_PROTOCOL_ERROR_INVALID_FIELD] = { 400, "invalid_field" },
    [JZ_PROTOCOL_ERROR_UNKNOWN_FIELD] = { 400, "unknown_field" },
    [JZ_PROTOCOL_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
    [JZ_PROTOCOL_ERROR_ENROL_CODE] = { 403, "enrol_code_invalid" },
    [JZ_PROTOCOL_ERROR_SITE_TAKEN] = { 409, "site_taken" },
    [JZ_PROTOCOL_ERROR_TOO_LARGE] = { 413, "too_large" },
    [JZ_PROTOCOL_ERROR_DIGEST] = { 400, "digest_mismatch" },
    [JZ_PROTOCOL_ERROR_PURGE] = { 401, "purge" },
  };
  static const Answer change_set_map[] = {
    [JZ_CHANGE_SET_ERROR_INVALID] = { 400, "invalid_field" },
    [JZ_CHANGE_SET_ERROR_UNKNOWN_MEMBER] = { 400, "unknown_field" },
  };
  static const Answer scan_map[] = {
    [JZ_JSON_SCAN_ERROR_SYNTAX] = { 400, "malformed_json" },
    [JZ_JSON_SCAN_ERROR_ENCODING] = { 400, "malformed_json" },
    [JZ_JSON_SCAN_ERROR_NUL] = { 400, "invalid_field" },
    [JZ_JSON_SCAN_ERROR_DUPLICATE] = { 400, "malformed_json" },
    [JZ_JSON_SCAN_ERROR_DEPTH] = { 400, "malformed_json" },
    [JZ_JSON_SCAN_ERROR_TOO_MANY] = { 413, "too_large" },
  };
  const Answer *map = NULL;
  gsize n = 0;

  if (error->domain == JZ_PROTOCOL_ERROR)
    map = protocol_map, n = G_N_ELEMENTS (protocol_map);
  else if (error->domain == JZ_CHANGE_SET_ERROR)
    map = change_set_map, n = G_N_ELEMENTS (change_set_map);
  else if (error->domain == JZ_JSON_SCAN_ERROR)
    map = scan_map, n = G_N_ELEMENTS (scan_map);
  else if (error->domain == JSON_PARSER_ERROR)
    {
      *status = 400;
      *code = "malformed_json";
      return TRUE;
    }

  if (map == NULL || error->code < 0 || (gsize) error->code >= n)
    return FALSE;
  *status = map[error->code].status;
  *code = map[error->code].code;
  return TRUE;
}

/* {"error": {"code": CODE, "message": MESSAGE}} */
JsonObject *
jz_protocol_error_body (const char *code,
                        const char *message)
{
  JsonObject *o = json_object_new ();
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "code", code);
  json_object_set_string_member (e, "message", message);
  json_object_set_object_member (o, "error", e);
  return o;
}

/* The limits, as a 413 answer lists them. */
JsonObject *
jz_protocol_limits (void)
{
  JsonObject *l = json_object_new ();

  json_object_set_int_member (l, "max_push_saves", JZ_PROTOCOL_MAX_PUSH_SAVES);
  json_object_set_int_member (l, "max_push_changes", JZ_PROTOCOL_MAX_PUSH_CHANGES);
  json_object_set_int_member (l, "max_push_bytes", JZ_PROTOCOL_MAX_PUSH_BYTES);
  json_object_set_int_member (l, "max_pull_page", JZ_PROTOCOL_MAX_PULL_PAGE);
  json_object_set_int_member (l, "max_pull_changes", JZ_PROTOCOL_MAX_PULL_CHANGES);
  json_object_set_int_member (l, "max_snapshot_changes", JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES);
  json_object_set_int_member (l, "max_blob_bytes", JZ_PROTOCOL_MAX_BLOB_BYTES);
  json_object_set_int_member (l, "max_chunk_bytes", JZ_PROTOCOL_MAX_CHUNK_BYTES);
  json_object_set_int_member (l, "max_body_bytes", JZ_PROTOCOL_MAX_OTHER_BYTES);
  json_object_set_int_member (l, "max_json_depth", jz_protocol_push_json.max_depth);
  json_object_set_int_member (l, "max_json_values", (gint64) jz_protocol_push_json.max_values);
  return l;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * jz_protocol_read_error:
 * @data: an error answer's body
 * @code: (out) (optional): its code
 *
 * Returns: (nullable): its message, or %NULL when @data is not an error
 *   answer (a proxy's page, a damaged body).
 */
char *
jz_protocol_read_error (const void  *data,
                        gsize        len,
                        char       **code)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *e;
  const char *message, *c;

  if (data == NULL || len == 0 || !jz_json_scan (data, len, &jz_protocol_answer_json, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  e = json_object_get_member (json_node_get_object (root), "error");
  if (e == NULL || !JSON_NODE_HOLDS_OBJECT (e))
    return NULL;
  message = string_member (json_node_get_object (e), "message");
  c = string_member (json_node_get_object (e), "code");
  if (code != NULL)
    *code = g_strdup (c != NULL ? c : "error");
  return g_strdup (message != NULL ? message : "no reason given");
}

/* RFC 9530 Content-Digest of @data: "sha-256=:BASE64:". Sync bodies carry
 * one both ways, so a byte damaged in transit (plain HTTP through a bad
 * link) is caught and the request retried, never stored. */
char *
jz_protocol_digest (const void *data,
                    gsize       len)
{
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *b64 = NULL;

  /* GnuTLS's SHA-256 uses the processor's SHA instructions where it has
   * them: about six times GLib's portable one, and every body of a sync
   * (megabytes a pull page) is hashed on both sides. GLib's if GnuTLS
   * refuses (a FIPS setting without SHA-256 will not happen, but). */
  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, len > 0 ? data : "", len, digest) < 0)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

      g_checksum_update (sum, data, (gssize) len);
      g_checksum_get_digest (sum, digest, &digest_len);
    }
  b64 = g_base64_encode (digest, digest_len);
  return g_strdup_printf ("sha-256=:%s:", b64);
}

/* The body against its Content-Digest, if it has one. */
gboolean
jz_protocol_check_digest (const char  *sent,
                       const void  *data,
                       gsize        len,
                       GError     **error)
{
  g_autofree char *digest = NULL;

  if (sent == NULL)
    return TRUE;
  /* Only sha-256 is known; compare the member whatever else is listed. */
  if (strstr (sent, "sha-256=") == NULL)
    {
      g_autofree char *shown = jz_text_escape (sent, MIN (strlen (sent), 40));

      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_DIGEST,
                   "Content-Digest: only sha-256 is supported (got %s)", shown);
      return FALSE;
    }
  digest = jz_protocol_digest (data, len);
  if (strstr (sent, digest) == NULL)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_DIGEST,
                   "the body does not match its Content-Digest; it was damaged in "
                   "transit and nothing of it was applied: send it again");
      return FALSE;
    }
  return TRUE;
}
