/* jz-sync-http.c — the sync client's HTTP: one session per run, a request
 * with its retries, the Content-Digest both ways, certificate errors, and
 * the county CA a device trusts (given, set, or kept with its enrolment)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "jz-hlc.h"
#include "jz-json-scan.h"
#include "jz-protocol.h"
#include "jz-sync-client-private.h"
#include "jz-test-crash.h"
#include "jz-tus-client.h"

/* ---- HTTP ---------------------------------------------------------------- */

#define TLS_FLAGS_KEY "jz-tls-flags"
#define TLS_REFUSED   0x10000   /* set with the flags: a refusal even without them */

/* A certificate the session's database does not accept: remember why, for
 * the error message, and refuse it. */
static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       SoupSession          *session)
{
  g_object_set_data (G_OBJECT (session), TLS_FLAGS_KEY, GUINT_TO_POINTER ((guint) errors | TLS_REFUSED));
  return FALSE;
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *msg,
                   gpointer     user_data)
{
  g_signal_connect_object (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), session, 0);
}

/* TRUE if @error (of a request on @session) is the server's certificate
 * being refused; sets @out to JZ_SYNC_ERROR_CERTIFICATE saying why. The
 * photo requests map transport errors to their own domain, so the session
 * also remembers a refusal. */
gboolean
_jz_sync_certificate_error (SoupSession   *session,
                            const GError  *error,
                            const char    *what,
                            GError       **out)
{
  guint flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (session), TLS_FLAGS_KEY));
  GString *why;

  if (flags == 0 && (error == NULL || error->domain != G_TLS_ERROR))
    return FALSE;

  why = g_string_new (NULL);
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_string_append (why, ", signed by an authority this device does not know");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_string_append (why, ", made for another host name");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_string_append (why, ", not valid yet (or this device's clock is behind)");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_string_append (why, ", expired (or this device's clock is ahead)");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    g_string_append (why, ", revoked");
  if (flags & (G_TLS_CERTIFICATE_INSECURE | G_TLS_CERTIFICATE_GENERIC_ERROR))
    g_string_append (why, ", insecure or unusable");
  g_set_error (out, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CERTIFICATE,
               "%s: the server's TLS certificate is not trusted%s%s (%s)",
               what, why->len > 0 ? ":" : "", why->len > 0 ? why->str + 1 : "",
               error != NULL ? error->message : "refused");
  g_string_free (why, TRUE);
  return TRUE;
}

/**
 * jz_sync_kept_ca_file:
 *
 * Returns: (transfer full) (nullable): the county CA kept with @data_dir's
 * enrolment (DATA_DIR/county-ca.pem), or %NULL when it has none: the
 * system's certificates are trusted then.
 */
char *
jz_sync_kept_ca_file (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, JZ_SYNC_CA_FILE_NAME, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path) : NULL;
}

/**
 * jz_sync_check_ca_file:
 *
 * Whether @path holds CA certificates in PEM, as a county CA file must.
 */
gboolean
jz_sync_check_ca_file (const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GTlsDatabase) db = NULL;
  GList *certificates;

  certificates = g_tls_certificate_list_new_from_file (path, &local_error);
  if (certificates == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CA_FILE, "the CA file %s: %s", path,
                   local_error ? local_error->message : "it holds no certificate in PEM");
      return FALSE;
    }
  g_list_free_full (certificates, g_object_unref);
  db = g_tls_file_database_new (path, &local_error);
  if (db == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CA_FILE, "the CA file %s: %s", path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The CA a request trusts: the one given for this call ("" for the
 * system's), else the one set (JUZHU_CA_FILE), else the one kept with the
 * enrolment, else the system's (NULL). */
char *
_jz_sync_ca_file (JzSyncClient *self,
                  const char   *given)
{
  if (given != NULL)
    return *given ? g_canonicalize_filename (given, NULL) : NULL;
  if (self->ca_file != NULL)
    return g_strdup (self->ca_file);
  return jz_sync_kept_ca_file (self->data_dir);
}

/* @path kept with the enrolment, a copy written whole (it is public: a
 * certificate, no key), unless it is the kept file already; %NULL: none
 * kept, the system's certificates trusted from now on. */
gboolean
_jz_sync_keep_ca_file (JzSyncClient  *self,
                       const char    *path,
                       GError       **error)
{
  g_autofree char *kept = g_build_filename (self->data_dir, JZ_SYNC_CA_FILE_NAME, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (path == NULL)
    {
      if (g_unlink (kept) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", kept, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  if (g_strcmp0 (path, kept) == 0)
    return TRUE;
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  return g_file_set_contents_full (kept, contents, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

SoupSession *
_jz_sync_new_session_with_ca (JzSyncClient  *self,
                              const char    *ca_file,
                              GError       **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *agent = g_strdup_printf ("juzhu/%s", PACKAGE_VERSION);

  soup_session_set_user_agent (session, agent);
  soup_session_set_timeout (session, 30);
  soup_session_set_idle_timeout (session, 30);
  g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), NULL);

  if (ca_file != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (ca_file, &local_error);

      if (db == NULL)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CERTIFICATE,
                       "the CA file %s: %s", ca_file, local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (session, db);
    }
  return g_steal_pointer (&session);
}

SoupSession *
_jz_sync_new_session (JzSyncClient  *self,
                      GError       **error)
{
  g_autofree char *ca_file = _jz_sync_ca_file (self, NULL);

  return _jz_sync_new_session_with_ca (self, ca_file, error);
}

/* Waits up to @ms, or less if cancelled. */
gboolean
_jz_sync_pause_for (guint          ms,
                    GCancellable  *cancellable,
                    GError       **error)
{
  GPollFD pfd;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pfd))
    {
      g_poll (&pfd, 1, (gint) ms);
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong) ms * 1000);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Full jitter: anywhere between 0 and base·2^(try-1), capped. */
guint
_jz_sync_backoff_ms (JzSyncClient *self,
                     guint         attempt)
{
  guint64 cap = self->retry_base_ms;

  for (guint i = 1; i < attempt && cap < RETRY_CAP_MS; i++)
    cap *= 2;
  cap = MIN (cap, RETRY_CAP_MS);
  return cap > 0 ? (guint) g_random_int_range (0, (gint32) cap + 1) : 0;
}

/* A pull page of 2 000 change sets holds some 200 000 values; the county's
 * whole division list, a few million. */
/* The message of an error answer, with its code, or NULL. */
static char *
server_error_message (GBytes *body)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = jz_protocol_read_error (data, len, &code);

  return message != NULL ? g_strdup_printf ("%s (%s)", message, code) : NULL;
}

static gboolean
is_digest_mismatch (GBytes *reply)
{
  gsize len = 0;
  const char *data = reply ? g_bytes_get_data (reply, &len) : NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = jz_protocol_read_error (data, len, &code);

  return message != NULL && g_strcmp0 (code, "digest_mismatch") == 0;
}

typedef enum
{
  ATTEMPT_OK,
  ATTEMPT_RETRY,
  ATTEMPT_FAIL,
} Attempt;

/* One request. On ATTEMPT_RETRY and ATTEMPT_FAIL, @error says why. */
static Attempt
attempt (SoupSession    *session,
         const char     *method,
         const char     *url,
         const char     *token,
         GBytes         *body,
         const char     *what,
         guint          *requests,
         JsonNode      **out_root,
         JzSyncDeferred *defer,
         gint64         *out_date_ms,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *reason = NULL;
  const char *data;
  gsize len = 0;
  guint status;

  if (msg == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL, "%s is not a valid URL", url);
      return ATTEMPT_FAIL;
    }
  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    {
      gsize body_len = 0;
      const void *body_data = g_bytes_get_data (body, &body_len);
      g_autofree char *digest = jz_protocol_digest (body_data, body_len);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Content-Digest", digest);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }

  (*requests)++;
  reply = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return ATTEMPT_FAIL;
        }
      /* trying again will not make the certificate trusted */
      if (_jz_sync_certificate_error (session, local_error, what, error))
        return ATTEMPT_FAIL;
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK, "%s: %s", what, local_error->message);
      return ATTEMPT_RETRY;
    }

  status = soup_message_get_status (msg);
  if (out_date_ms != NULL)
    {
      const char *date = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Date");
      g_autoptr(GDateTime) dt = date ? soup_date_time_new_from_http_string (date) : NULL;

      *out_date_ms = dt ? g_date_time_to_unix (dt) * 1000 : 0;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      gsize n = 0;
      const char *text = g_bytes_get_data (reply, &n);
      g_autofree char *code = NULL;
      g_autofree char *message = jz_protocol_read_error (text, n, &code);

      if (g_strcmp0 (code, "purge") == 0)
        g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE,
                     "%s: county IT revoked this device and ordered it to delete its data", what);
      else
        g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_UNAUTHORIZED,
                     "%s: this device's access was revoked or its token is wrong; enrol it again", what);
      return ATTEMPT_FAIL;
    }
  if (status >= 500 || status == SOUP_STATUS_REQUEST_TIMEOUT || status == 429)
    {
      reason = server_error_message (reply);
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK, "%s: the server answered %u %s",
                   what, status, reason ? reason : soup_status_get_phrase (status));
      return ATTEMPT_RETRY;
    }
  /* Our body was damaged on the way: nothing of it was applied. */
  if (status == SOUP_STATUS_BAD_REQUEST && is_digest_mismatch (reply))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK,
                   "%s: the request was damaged in transit", what);
      return ATTEMPT_RETRY;
    }
  if (status == 410)
    {
      reason = server_error_message (reply);
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_SNAPSHOT_REQUIRED, "%s: %s", what,
                   reason ? reason : "the server compacted its feed past this device's cursor");
      return ATTEMPT_FAIL;
    }
  if (status >= 300)
    {
      reason = server_error_message (reply);
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_REFUSED, "%s: the server refused it: %s",
                   what, reason ? reason : soup_status_get_phrase (status));
      return ATTEMPT_FAIL;
    }

  data = g_bytes_get_data (reply, &len);

  /* The server sends a Content-Digest with every JSON answer; an answer
   * without one, or one that does not match, was damaged on the way. */
  if (status >= 200 && status < 300 && len > 0)
    {
      const char *sent = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Content-Digest");
      g_autofree char *digest = jz_protocol_digest (data, len);

      if (sent == NULL)
        {
          /* Every juzhu-server that speaks this protocol signs its answers:
           * one that does not is older than this program (or a proxy
           * dropped the header). Trying again will not help. */
          const char *product = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Server");
          g_autofree char *server = product ? g_strndup (product, strcspn (product, " ")) : g_strdup ("?");

          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "%s: the county server (%s) answered without the checksum this Juzhu (%s) "
                       "needs: it is older than this program; ask county IT to upgrade it "
                       "(or to let a proxy in between keep the Content-Digest header)",
                       what, server, PACKAGE_VERSION);
          return ATTEMPT_FAIL;
        }
      if (strstr (sent, digest) == NULL)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK,
                       "%s: the server's answer was damaged in transit", what);
          return ATTEMPT_RETRY;
        }
    }

  /* Checked as it is parsed: an answer is input like any other (deep
   * nesting, a NUL inside a string, a member named twice). */
  if (data != NULL && len > 0)
    root = defer != NULL
      ? jz_json_parse_strict_deferring (data, len, &jz_protocol_answer_json, "changes",
                                        &defer->from, &defer->to, &local_error)
      : jz_json_parse_strict (data, len, &jz_protocol_answer_json, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* The server always sends a Content-Length. An answer without one
       * is a connection cut between two header lines, which libsoup takes
       * for a complete answer with an empty body: retry, like any cut. */
      if (soup_message_headers_get_encoding (soup_message_get_response_headers (msg)) == SOUP_ENCODING_EOF)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK,
                       "%s: the connection was cut in the server's answer", what);
          return ATTEMPT_RETRY;
        }
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "%s: the server's answer is not a JSON object%s%s", what,
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return ATTEMPT_FAIL;
    }
  *out_root = g_steal_pointer (&root);
  if (defer != NULL)
    {
      g_clear_pointer (&defer->body, g_bytes_unref);
      defer->body = g_bytes_ref (reply);
    }
  return ATTEMPT_OK;
}

/* A request with its retries, @bytes the body as sent: returns the JSON
 * object of a 2xx; with @defer, without the value of its "changes",
 * which @defer locates in the answer's text. */
static JsonObject *
call_bytes (JzSyncClient    *self,
            SoupSession     *session,
            const char      *base_url,
            const char      *method,
            const char      *path,
            const char      *token,
            GBytes          *bytes,
            const char      *what,
            guint           *requests,
            JzSyncDeferred  *defer,
            gint64          *date_ms,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);

  for (guint tries = 1; ; tries++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) root = NULL;

      switch (attempt (session, method, url, token, bytes, what, requests, &root, defer, date_ms,
                       cancellable, &local_error))
        {
        case ATTEMPT_OK:
          return json_object_ref (json_node_get_object (root));
        case ATTEMPT_FAIL:
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        case ATTEMPT_RETRY:
        default:
          if (tries >= self->max_tries)
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                          "gave up after %u tries; nothing was lost, sync again later: ",
                                          tries);
              return NULL;
            }
          if (!_jz_sync_pause_for (_jz_sync_backoff_ms (self, tries), cancellable, error))
            return NULL;
        }
    }
}

JsonObject *
_jz_sync_call_bytes (JzSyncClient  *self,
                     SoupSession   *session,
                     const char    *base_url,
                     const char    *method,
                     const char    *path,
                     const char    *token,
                     GBytes        *bytes,
                     const char    *what,
                     guint         *requests,
                     gint64        *date_ms,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return call_bytes (self, session, base_url, method, path, token, bytes, what, requests, NULL,
                     date_ms, cancellable, error);
}

/**
 * _jz_sync_call_deferred:
 * @changes: (out caller-allocates): where the answer's "changes" are, for
 *   the store's page reader; cleared with _jz_sync_deferred_clear()
 *
 * A GET whose answer carries a page of change sets: the rest of the answer
 * as a tree, the change sets as text, checked as strictly as the rest.
 */
JsonObject *
_jz_sync_call_deferred (JzSyncClient    *self,
                        SoupSession     *session,
                        const char      *base_url,
                        const char      *path,
                        const char      *token,
                        const char      *what,
                        guint           *requests,
                        JzSyncDeferred  *changes,
                        GCancellable    *cancellable,
                        GError         **error)
{
  return call_bytes (self, session, base_url, "GET", path, token, NULL, what, requests, changes,
                     NULL, cancellable, error);
}

void
_jz_sync_deferred_clear (JzSyncDeferred *deferred)
{
  g_clear_pointer (&deferred->body, g_bytes_unref);
  deferred->from = deferred->to = 0;
}

/* The deferred text, NULL when the answer had none. */
const char *
_jz_sync_deferred_text (JzSyncDeferred *deferred,
                        gsize          *len)
{
  gsize n = 0;
  const char *data = deferred->body != NULL ? g_bytes_get_data (deferred->body, &n) : NULL;

  if (data == NULL || deferred->to == 0 || deferred->to > n || deferred->from >= deferred->to)
    return NULL;
  *len = deferred->to - deferred->from;
  return data + deferred->from;
}

/* call_bytes() with a JSON body. */
JsonObject *
_jz_sync_call_json (JzSyncClient  *self,
                    SoupSession   *session,
                    const char    *base_url,
                    const char    *method,
                    const char    *path,
                    const char    *token,
                    JsonNode      *body,
                    const char    *what,
                    guint         *requests,
                    gint64        *date_ms,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      gsize len = 0;
      char *text;

      json_generator_set_root (gen, body);
      text = json_generator_to_data (gen, &len);
      bytes = g_bytes_new_take (text, len);
    }
  return call_bytes (self, session, base_url, method, path, token, bytes, what, requests, NULL,
                     date_ms, cancellable, error);
}

gboolean
_jz_sync_get_int (JsonObject  *o,
                  const char  *member,
                  gint64      *out)
{
  JsonNode *n = o ? json_object_get_member (o, member) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

/* A string member of a server's answer, or NULL when it is missing or
 * anything but a string. */
const char *
_jz_sync_get_string (JsonObject  *o,
                     const char  *member)
{
  JsonNode *n = o ? json_object_get_member (o, member) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

gint64
_jz_sync_meta_int (JzStore    *store,
                   const char *key)
{
  g_autofree char *text = jz_store_get_meta (store, key, NULL);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* "https://host:port/" or "…/api/v1" → "https://host:port" */
char *
_jz_sync_normalise_server (const char  *url,
                           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *s = NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || scheme == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "server: “%s” is not an http:// or https:// URL", url);
      return NULL;
    }
  s = g_strdup (url);
  while (g_str_has_suffix (s, "/"))
    s[strlen (s) - 1] = '\0';
  if (g_str_has_suffix (s, "/api/v1"))
    s[strlen (s) - strlen ("/api/v1")] = '\0';
  return g_steal_pointer (&s);
}
