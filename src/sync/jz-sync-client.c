/* jz-sync-client.c — enrolment and sync with the county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync runs in a worker thread (GTask) with a SoupSession of its own, made
 * and dropped in that thread. Its steps, in the order docs/sync-protocol.md
 * gives: health (clock), photos, push until the outbox is acknowledged, pull
 * until the feed has no more, the division list if it changed. Each HTTP
 * step is retried on network errors, timeouts, 5xx, 408 and 429, with full
 * jitter; after the last try the sync stops with the error. Nothing is lost
 * by stopping anywhere: the outbox goes only with an acknowledgement, and a
 * pulled page is applied together with its cursor.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "jz-json-scan.h"
#include "jz-hlc.h"
#include "jz-protocol.h"
#include "jz-sync-client.h"
#include "jz-test-crash.h"
#include "jz-tus-client.h"

#define DEFAULT_MAX_SAVES  JZ_PROTOCOL_MAX_PUSH_SAVES
#define DEFAULT_MAX_CHANGES JZ_STORE_MAX_BATCH_CHANGES
#define DEFAULT_MAX_BYTES  JZ_PROTOCOL_MAX_PUSH_BYTES
#define PULL_PAGE          JZ_PROTOCOL_MAX_PULL_PAGE
#define RETRY_CAP_MS       30000
#define DEFAULT_RETRY_MS   500
#define DEFAULT_TRIES      6
/* tus chunks: a cut costs the chunk in flight (the server drops a chunk
 * whose checksum it cannot verify). Over a link cut every MiB, 1 MiB
 * chunks sent 1.32× the photo bytes, 128 KiB ones 1.09× (bench
 * sync-photos-cut, docs/performance.md). */
#define PHOTO_CHUNK        (128 * 1024)

G_DEFINE_QUARK (jz-sync-error-quark, jz_sync_error)

struct _JzSyncClient
{
  GObject       parent_instance;

  JzStore      *store;
  JzPhotoStore *photos;
  char         *data_dir;
  char         *ca_file;
  GMutex        token_lock;   /* the app sets the token while a worker may read it */
  char         *token;        /* set by the app; else DATA_DIR/token */
  guint         retry_base_ms;
  guint         max_tries;
  gboolean      skip_photos;  /* read once per sync, when it starts */
};

G_DEFINE_FINAL_TYPE (JzSyncClient, jz_sync_client, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_BOXED_TYPE (JzSyncSummary, jz_sync_summary, jz_sync_summary_copy, jz_sync_summary_free)

JzSyncSummary *
jz_sync_summary_copy (const JzSyncSummary *summary)
{
  return g_memdup2 (summary, sizeof *summary);
}

void
jz_sync_summary_free (JzSyncSummary *summary)
{
  g_free (summary);
}

JsonObject *
jz_sync_summary_to_json (const JzSyncSummary *s)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "pushed", s->pushed);
  json_object_set_int_member (o, "duplicates", s->duplicates);
  json_object_set_int_member (o, "rejected", s->rejected);
  json_object_set_int_member (o, "pulled", s->pulled);
  json_object_set_int_member (o, "applied", s->applied);
  json_object_set_int_member (o, "photos_uploaded", s->photos_uploaded);
  json_object_set_int_member (o, "photos_present", s->photos_present);
  json_object_set_int_member (o, "photos_missing", s->photos_missing);
  json_object_set_int_member (o, "photo_bytes", (gint64) s->photo_bytes);
  json_object_set_int_member (o, "held", s->held);
  json_object_set_int_member (o, "requests", s->requests);
  json_object_set_boolean_member (o, "divisions_updated", s->divisions_updated);
  return o;
}

const char *
jz_sync_phase_name (JzSyncPhase phase)
{
  switch (phase)
    {
    case JZ_SYNC_PHASE_PHOTOS:
      return "photos";
    case JZ_SYNC_PHASE_PUSH:
      return "push";
    case JZ_SYNC_PHASE_PULL:
      return "pull";
    default:
      return "sync";
    }
}

/* ---- the object ---------------------------------------------------------- */

static void
jz_sync_client_finalize (GObject *object)
{
  JzSyncClient *self = JZ_SYNC_CLIENT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->photos);
  g_free (self->data_dir);
  g_free (self->ca_file);
  g_free (self->token);
  g_mutex_clear (&self->token_lock);

  G_OBJECT_CLASS (jz_sync_client_parent_class)->finalize (object);
}

static void
jz_sync_client_class_init (JzSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_sync_client_finalize;

  /**
   * JzSyncClient::progress:
   * @phase: a #JzSyncPhase
   * @done: photos, change sets pushed, or change sets pulled so far
   * @total: out of (0 when unknown)
   * @bytes_done: photo bytes confirmed by the server
   * @bytes_total: photo bytes to upload
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 5, G_TYPE_UINT, G_TYPE_UINT64,
                                    G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
jz_sync_client_init (JzSyncClient *self)
{
  g_mutex_init (&self->token_lock);
  self->retry_base_ms = DEFAULT_RETRY_MS;
  self->max_tries = DEFAULT_TRIES;
}

JzSyncClient *
jz_sync_client_new (JzStore      *store,
                    JzPhotoStore *photos)
{
  JzSyncClient *self;

  g_return_val_if_fail (JZ_IS_STORE (store), NULL);
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (photos), NULL);

  self = g_object_new (JZ_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->photos = g_object_ref (photos);
  self->data_dir = g_strdup (jz_store_get_data_dir (store));
  return self;
}

void
jz_sync_client_set_retry_base (JzSyncClient *self,
                               guint         milliseconds)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  self->retry_base_ms = milliseconds;
}

void
jz_sync_client_set_max_tries (JzSyncClient *self,
                              guint         tries)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  self->max_tries = MAX (tries, 1);
}

void
jz_sync_client_set_skip_photos (JzSyncClient *self,
                                gboolean      skip_photos)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  g_atomic_int_set (&self->skip_photos, skip_photos != FALSE);
}

gboolean
jz_sync_client_get_skip_photos (JzSyncClient *self)
{
  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), FALSE);
  return g_atomic_int_get (&self->skip_photos);
}

void
jz_sync_client_set_ca_file (JzSyncClient *self,
                            const char   *path)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  g_free (self->ca_file);
  /* GTlsFileDatabase wants an absolute path */
  self->ca_file = path ? g_canonicalize_filename (path, NULL) : NULL;
}

void
jz_sync_client_set_token (JzSyncClient *self,
                          const char   *token)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  g_mutex_lock (&self->token_lock);
  g_free (self->token);
  self->token = g_strdup (token);
  g_mutex_unlock (&self->token_lock);
}

static char *
token_path (JzSyncClient *self)
{
  return g_build_filename (self->data_dir, "token", NULL);
}

static char *
read_token (JzSyncClient *self)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_mutex_lock (&self->token_lock);
  text = g_strdup (self->token);
  g_mutex_unlock (&self->token_lock);
  if (text != NULL)
    return g_steal_pointer (&text);
  path = token_path (self);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  g_strstrip (text);
  return *text ? g_steal_pointer (&text) : NULL;
}

gboolean
jz_sync_client_is_enrolled (JzSyncClient *self)
{
  g_autofree char *server = jz_store_get_meta (self->store, "sync_server", NULL);
  g_autofree char *token = read_token (self);

  return server != NULL && token != NULL;
}

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
static gboolean
certificate_error (SoupSession   *session,
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

static SoupSession *
new_session (JzSyncClient  *self,
             GError       **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *agent = g_strdup_printf ("juzhu/%s", PACKAGE_VERSION);

  soup_session_set_user_agent (session, agent);
  soup_session_set_timeout (session, 30);
  soup_session_set_idle_timeout (session, 30);
  g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), NULL);

  if (self->ca_file != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (self->ca_file, &local_error);

      if (db == NULL)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CERTIFICATE,
                       "the CA file %s: %s", self->ca_file, local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (session, db);
    }
  return g_steal_pointer (&session);
}

typedef struct
{
  JzSyncClient  *client;
  SoupSession   *session;
  char          *server;      /* as enrolled, without /api/v1 */
  char          *base_url;    /* …/api/v1/ */
  char          *token;
  GCancellable  *cancellable;
  GMainContext  *context;     /* the caller's, for progress */
  JzSyncSummary  summary;
  guint          max_saves;
  guint          max_changes;
  gsize          max_bytes;
  /* photos */
  guint64        bytes_before;
  guint64        bytes_total;
  guint          photo_index;
  guint          photo_count;
  /* skip_photos: push only below this outbox seq (0: no limit) */
  gboolean       skip_photos;
  gint64         hold_from;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->client);
  g_free (run->server);
  g_free (run->base_url);
  g_free (run->token);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

typedef struct
{
  JzSyncClient *client;
  JzSyncPhase   phase;
  guint64       done, total, bytes_done, bytes_total;
} Progress;

static gboolean
emit_progress (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->client, signals[PROGRESS], 0, (guint) p->phase,
                 p->done, p->total, p->bytes_done, p->bytes_total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->client);
  g_free (p);
}

static void
report (Run         *run,
        JzSyncPhase  phase,
        guint64      done,
        guint64      total,
        guint64      bytes_done,
        guint64      bytes_total)
{
  Progress *p = g_new0 (Progress, 1);
  GSource *source;

  *p = (Progress) { g_object_ref (run->client), phase, done, total, bytes_done, bytes_total };
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_progress, p, progress_free);
  g_source_attach (source, run->context);
  g_source_unref (source);
}

/* Waits up to @ms, or less if cancelled. */
static gboolean
pause_for (guint          ms,
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
static guint
backoff_ms (JzSyncClient *self,
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
         gint64         *out_date_ms,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = NULL;
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
      if (certificate_error (session, local_error, what, error))
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

      if (sent == NULL || strstr (sent, digest) == NULL)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK,
                       "%s: the server's answer was damaged in transit", what);
          return ATTEMPT_RETRY;
        }
    }

  /* Checked before json-glib sees it: an answer is input like any other
   * (deep nesting would crash the parser, a NUL cut a string short). */
  parser = json_parser_new ();
  if (data == NULL || len == 0 || !jz_json_scan (data, len, &jz_protocol_answer_json, &local_error) ||
      !json_parser_load_from_data (parser, data, (gssize) len, &local_error) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
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
  *out_root = json_node_ref (json_parser_get_root (parser));
  return ATTEMPT_OK;
}

/* A request with its retries, @bytes the body as sent: returns the JSON
 * object of a 2xx. */
static JsonObject *
call_bytes (JzSyncClient  *self,
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
  g_autofree char *url = g_strconcat (base_url, path, NULL);

  for (guint tries = 1; ; tries++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) root = NULL;

      switch (attempt (session, method, url, token, bytes, what, requests, &root, date_ms,
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
          if (!pause_for (backoff_ms (self, tries), cancellable, error))
            return NULL;
        }
    }
}

/* call_bytes() with a JSON body. */
static JsonObject *
call_json (JzSyncClient  *self,
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
  return call_bytes (self, session, base_url, method, path, token, bytes, what, requests,
                     date_ms, cancellable, error);
}

static gboolean
get_int (JsonObject  *o,
         const char  *member,
         gint64      *out)
{
  JsonNode *n = o ? json_object_get_member (o, member) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

static gint64
meta_int (JzStore    *store,
          const char *key)
{
  g_autofree char *text = jz_store_get_meta (store, key, NULL);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* "https://host:port/" or "…/api/v1" → "https://host:port" */
static char *
normalise_server (const char  *url,
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

/* ---- enrolment ----------------------------------------------------------- */

static gboolean
write_token (JzSyncClient  *self,
             const char    *token,
             GError       **error)
{
  g_autofree char *path = token_path (self);
  g_autofree char *text = g_strdup_printf ("%s\n", token);

  /* Written whole or not at all (temporary file, fsync, rename), never
   * readable by others. */
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;
  return TRUE;
}

static const char *enrol_meta[][2] = {
  { "user", "sync_user" },
  { "role", "sync_role" },
  { "area", "sync_area" },
  { "device", "sync_device" },
  { "profile", "profile" },
};

JsonObject *
jz_sync_client_enrol (JzSyncClient  *self,
                      const char    *server_url,
                      const char    *code,
                      const char    *device_name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *old_server = NULL;
  g_autofree char *old_user = NULL;
  JsonObject *out;
  const char *token;
  gint64 hlc = 0;
  guint requests = 0;

  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  server = normalise_server (server_url, error);
  if (server == NULL)
    return NULL;
  base = g_strconcat (server, "/api/v1/", NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "site");
  json_builder_add_string_value (b, jz_store_get_site_id (self->store));
  json_builder_set_member_name (b, "device_name");
  json_builder_add_string_value (b, device_name ? device_name : g_get_host_name ());
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  /* The session lives in this call and its own context only. */
  g_main_context_push_thread_default (context);
  session = new_session (self, error);
  if (session != NULL)
    answer = call_json (self, session, base, "POST", "enrol", NULL, body, "enrolment",
                        &requests, NULL, cancellable, error);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  if (answer == NULL)
    return NULL;

  token = json_object_get_string_member_with_default (answer, "token", NULL);
  if (token == NULL || *token == '\0' ||
      !json_object_has_member (answer, "user") || !json_object_has_member (answer, "role"))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "enrolment: the server's answer has no token, user or role");
      return NULL;
    }

  /* Enrolling again (after a revocation) as another user, or with another
   * server, sees other records: pull from the start. Applying is
   * idempotent, so at worst this pulls again what is here. */
  old_server = jz_store_get_meta (self->store, "sync_server", NULL);
  old_user = jz_store_get_meta (self->store, "sync_user", NULL);
  /* Another county server has none of this device's change sets: the
   * outbox starts again from the first (seq 1, contiguous, as a new site's
   * must), so everything made here is sent to it. The old server's
   * acknowledgements say nothing about the new one. */
  if (old_server != NULL && g_strcmp0 (old_server, server) != 0 &&
      !jz_store_restart_outbox (self->store, error))
    return NULL;
  if ((old_server != NULL && g_strcmp0 (old_server, server) != 0) ||
      (old_user != NULL &&
       g_strcmp0 (old_user, json_object_get_string_member_with_default (answer, "user", NULL)) != 0))
    {
      if (!jz_store_set_meta (self->store, "sync_pull_cursor", "0", error) ||
          !jz_store_set_meta (self->store, "sync_divisions", "0", error))
        return NULL;
    }

  if (!write_token (self, token, error))
    return NULL;
  /* The new token is the file's, whatever the app had set. */
  jz_sync_client_set_token (self, NULL);
  if (!jz_store_set_meta (self->store, "sync_server", server, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (enrol_meta); i++)
    {
      const char *value = json_object_get_string_member_with_default (answer, enrol_meta[i][0], NULL);

      if (value != NULL && !jz_store_set_meta (self->store, enrol_meta[i][1], value, error))
        return NULL;
    }
  /* the server's time first: it bounds the stamps the device takes in */
  if (json_object_has_member (answer, "server_time") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (answer, "server_time")) &&
      json_node_get_value_type (json_object_get_member (answer, "server_time")) == G_TYPE_STRING)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_object_get_string_member (answer, "server_time"), NULL);

      if (dt != NULL && !jz_store_note_server_time (self->store, g_date_time_to_unix (dt) * 1000, error))
        return NULL;
    }
  if (get_int (answer, "server_hlc", &hlc) && hlc > 0 &&
      !jz_store_observe_clock (self->store, (guint64) hlc, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "server", server);
  json_object_set_string_member (out, "site", jz_store_get_site_id (self->store));
  for (guint i = 0; i < G_N_ELEMENTS (enrol_meta); i++)
    if (json_object_has_member (answer, enrol_meta[i][0]))
      json_object_set_member (out, enrol_meta[i][0],
                              json_node_copy (json_object_get_member (answer, enrol_meta[i][0])));
  if (json_object_has_member (answer, "server_time"))
    json_object_set_member (out, "server_time", json_node_copy (json_object_get_member (answer, "server_time")));
  return out;
}

/* ---- the steps of a sync --------------------------------------------------- */

static JsonObject *
run_call (Run         *run,
          const char  *method,
          const char  *path,
          JsonNode    *body,
          const char  *what,
          gint64      *date_ms,
          GError     **error)
{
  return call_json (run->client, run->session, run->base_url, method, path,
                    g_str_equal (path, "health") ? NULL : run->token, body, what,
                    &run->summary.requests, date_ms, run->cancellable, error);
}

static gboolean
step_health (Run     *run,
             GError **error)
{
  g_autoptr(JsonObject) health = NULL;
  gint64 date_ms = 0, v = 0;
  const char *server_time;
  JsonObject *limits;

  health = run_call (run, "GET", "health", NULL, "health check", &date_ms, error);
  if (health == NULL)
    return FALSE;

  if (get_int (health, "protocol", &v) && v != JZ_PROTOCOL_VERSION)
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

  limits = json_object_has_member (health, "limits") &&
           JSON_NODE_HOLDS_OBJECT (json_object_get_member (health, "limits"))
    ? json_object_get_object_member (health, "limits") : NULL;
  if (get_int (limits, "max_push_saves", &v) && v > 0)
    run->max_saves = (guint) MIN (v, DEFAULT_MAX_SAVES);
  if (get_int (limits, "max_push_changes", &v) && v > 0)
    run->max_changes = (guint) MIN (v, DEFAULT_MAX_CHANGES);
  if (get_int (limits, "max_push_bytes", &v) && v > 1024)
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
      if (!pause_for (backoff_ms (run->client, tries), run->cancellable, error))
        return FALSE;
    }
}

static void
tus_progress (goffset  confirmed,
              goffset  total,
              gpointer user_data)
{
  Run *run = user_data;

  report (run, JZ_SYNC_PHASE_PHOTOS, run->photo_index, run->photo_count,
          run->bytes_before + (guint64) confirmed, run->bytes_total);
}

static gboolean
upload_photo (Run         *run,
              const char  *path,
              const char  *sha256,
              GError     **error)
{
  g_autofree char *state_dir = g_build_filename (run->client->data_dir, "uploads", NULL);

  for (guint tries = 1; ; tries++)
    {
      g_autoptr(GError) local_error = NULL;
      JzTusStats stats = { 0 };
      gboolean ok;

      ok = jz_tus_upload (run->session, run->base_url, run->token, path, sha256, state_dir, PHOTO_CHUNK,
                          tus_progress, run, &stats, run->cancellable, &local_error);
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
      if (!pause_for (backoff_ms (run->client, tries), run->cancellable, error))
        return FALSE;
    }
}

/* The photos of the change sets still to push go first, so that the
 * server never holds a record whose pages it cannot show. */
/* skip_photos: no upload; finds the first save whose photos the server
 * lacks (run->hold_from), so that the push stops before it. */
static gboolean
step_photos_held (Run     *run,
                  GError **error)
{
  JzSyncClient *self = run->client;
  g_autoptr(JsonArray) refs = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  refs = jz_store_outbox_photo_refs (self->store, meta_int (self->store, "sync_acked_seq"), error);
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

static gboolean
step_photos (Run     *run,
             GError **error)
{
  JzSyncClient *self = run->client;
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));

  refs = jz_store_photo_refs (self->store, meta_int (self->store, "sync_acked_seq"), error);
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
      guint64 size = g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
      g_array_append_val (sizes, size);
      run->bytes_total += size;
    }

  run->photo_count = pending->len;
  for (guint i = 0; i < pending->len; i++)
    {
      const char *sha = pending->pdata[i];
      g_autofree char *path = jz_photo_store_blob_path (self->photos, sha);

      run->photo_index = i;
      if (!upload_photo (run, path, sha, error))
        return FALSE;
      run->summary.photos_uploaded++;
      run->bytes_before += g_array_index (sizes, guint64, i);
      report (run, JZ_SYNC_PHASE_PHOTOS, i + 1, pending->len, run->bytes_before, run->bytes_total);
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

static gboolean
step_push (Run     *run,
           GError **error)
{
  JzStore *store = run->client->store;
  gint64 acked = meta_int (store, "sync_acked_seq");
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
    report (run, JZ_SYNC_PHASE_PUSH, 0, (guint64) total, 0, 0);

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
      answer = call_bytes (run->client, run->session, run->base_url, "POST", "sync/push", run->token,
                           body, "push", &run->summary.requests, NULL, run->cancellable, error);
      if (exporter != NULL)
        g_thread_join (exporter);
      if (answer == NULL)
        return FALSE;
      jz_test_crash_point ("after-push");

      if (!json_object_has_member (answer, "results") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "results")) ||
          !get_int (answer, "acked_seq", &acked_seq))
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "push: the server's answer has no results or acked_seq");
          return FALSE;
        }
      get_int (answer, "server_hlc", &server_hlc);

      results = json_object_get_array_member (answer, "results");
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *r = json_array_get_object_element (results, i);
          const char *status = r ? json_object_get_string_member_with_default (r, "status", "") : "";
          gint64 seq = 0;
          JsonObject *cs;

          if (r == NULL || !get_int (r, "seq", &seq) || (cs = g_hash_table_lookup (by_seq, &seq)) == NULL)
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
      report (run, JZ_SYNC_PHASE_PUSH, MIN (done, (guint64) total), (guint64) total, 0, 0);

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

static gboolean
step_divisions (Run     *run,
                gint64   version,
                GError **error)
{
  JzStore *store = run->client->store;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  JsonArray *list;
  gint64 got = version;

  answer = run_call (run, "GET", "refdata/divisions", NULL, "division list", NULL, error);
  if (answer == NULL)
    return FALSE;
  get_int (answer, "version", &got);
  if (!json_object_has_member (answer, "divisions") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "divisions")))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "division list: the server's answer has no divisions");
      return FALSE;
    }
  list = json_object_get_array_member (answer, "divisions");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
      const char *code = pair && json_array_get_length (pair) == 2 ? json_array_get_string_element (pair, 0) : NULL;
      const char *name = code ? json_array_get_string_element (pair, 1) : NULL;

      if (code == NULL || name == NULL)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "division list: divisions[%u] is not [code, name]", i);
          return FALSE;
        }
      g_ptr_array_add (codes, g_strdup (code));
      g_ptr_array_add (names, g_strdup (name));
    }
  if (codes->len > 0 && !jz_store_import_divisions (store, codes, names, error))
    return FALSE;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, got);
  run->summary.divisions_updated = TRUE;
  return jz_store_set_meta (store, "sync_divisions", text, error);
}

static gboolean
step_pull (Run     *run,
           GError **error)
{
  JzStore *store = run->client->store;
  gint64 cursor = meta_int (store, "sync_pull_cursor");
  gint64 divisions = -1;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("sync/pull?since=%" G_GINT64_FORMAT "&limit=%d", cursor, PULL_PAGE);
      g_autofree char *next_text = NULL;
      g_autoptr(JsonObject) page = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonArray *changes;
      JsonNode *refdata;
      gint64 next = 0, server_hlc = 0;
      guint applied = 0;
      gboolean more;

      page = run_call (run, "GET", path, NULL, "pull", NULL, error);
      if (page == NULL)
        return FALSE;
      if (!json_object_has_member (page, "changes") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "changes")) ||
          !get_int (page, "next", &next))
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "pull: the server's answer has no changes or next");
          return FALSE;
        }
      changes = json_object_get_array_member (page, "changes");
      more = json_object_get_boolean_member_with_default (page, "more", FALSE);
      get_int (page, "server_hlc", &server_hlc);
      refdata = json_object_get_member (page, "refdata");
      if (refdata != NULL && JSON_NODE_HOLDS_OBJECT (refdata))
        get_int (json_node_get_object (refdata), "divisions", &divisions);

      next_text = g_strdup_printf ("%" G_GINT64_FORMAT, next);
      if (!jz_store_apply_remote_page (store, changes, "sync_pull_cursor", next_text,
                                       (guint64) MAX (server_hlc, 0), &applied, &local_error))
        {
          if (g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID))
            g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                         "pull: the server sent a malformed page (after %" G_GINT64_FORMAT "): %s",
                         cursor, local_error->message);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      run->summary.pulled += json_array_get_length (changes);
      run->summary.applied += applied;
      report (run, JZ_SYNC_PHASE_PULL, run->summary.pulled, 0, 0, 0);

      if (!more)
        break;
      if (next <= cursor && json_array_get_length (changes) == 0)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "pull: the server says there is more after %" G_GINT64_FORMAT " but sends nothing",
                       cursor);
          return FALSE;
        }
      cursor = next;
    }

  if (divisions >= 0 && divisions != meta_int (store, "sync_divisions") &&
      !step_divisions (run, divisions, error))
    return FALSE;
  return TRUE;
}

/* One sync per data directory: a lock that the kernel drops with the process. */
static int
take_lock (JzSyncClient  *self,
           GError       **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, "sync.lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot open %s: %s", path, g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_SYNC_RUNNING,
                     "another sync of %s is running; wait for it to finish", self->data_dir);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "cannot lock %s: %s", path, g_strerror (saved));
      return -1;
    }
  return fd;
}

static gboolean
run_sync (Run     *run,
          GError **error)
{
  JzSyncClient *self = run->client;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;

  run->server = jz_store_get_meta (self->store, "sync_server", error);
  if (run->server == NULL && error != NULL && *error != NULL)
    return FALSE;
  run->token = read_token (self);
  if (run->server == NULL || run->token == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NOT_ENROLLED,
                   "%s is not enrolled with a county server (no %s); enrol it first",
                   self->data_dir, run->server == NULL ? "server" : "token");
      return FALSE;
    }
  run->base_url = g_strconcat (run->server, "/api/v1/", NULL);
  run->max_saves = DEFAULT_MAX_SAVES;
  run->max_changes = DEFAULT_MAX_CHANGES;
  run->max_bytes = DEFAULT_MAX_BYTES;
  run->skip_photos = g_atomic_int_get (&self->skip_photos);

  run->session = new_session (self, error);
  if (run->session == NULL)
    return FALSE;

  if (!step_health (run, error) ||
      !(run->skip_photos ? step_photos_held (run, error) : step_photos (run, error)) ||
      !step_push (run, error) ||
      !step_pull (run, error))
    return FALSE;

  now = g_date_time_new_now_utc ();
  now_text = g_date_time_format_iso8601 (now);
  return jz_store_set_meta (self->store, "sync_last", now_text, error);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;
  int lock;

  g_main_context_push_thread_default (context);
  lock = take_lock (run->client, &error);
  if (lock >= 0)
    {
      ok = run_sync (run, &error);
      close (lock);
    }
  g_clear_object (&run->session);
  g_main_context_pop_thread_default (context);

  if (ok)
    g_task_return_pointer (task, jz_sync_summary_copy (&run->summary),
                           (GDestroyNotify) jz_sync_summary_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * jz_sync_client_sync_async:
 *
 * Health, photos, push, pull, divisions, in a worker thread; "progress" is
 * emitted in the thread-default main context of the caller.
 */
void
jz_sync_client_sync_async (JzSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));

  run = g_new0 (Run, 1);
  run->client = g_object_ref (self);
  run->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  run->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jz_sync_client_sync_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, sync_thread);
}

JzSyncSummary *
jz_sync_client_sync_finish (JzSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

JzSyncSummary *
jz_sync_client_sync (JzSyncClient  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  JzSyncSummary *summary;

  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), NULL);

  g_main_context_push_thread_default (context);
  jz_sync_client_sync_async (self, cancellable, sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  summary = jz_sync_client_sync_finish (self, result, error);
  /* Progress still queued is delivered before returning. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return summary;
}

/* ---- photos from the server ---------------------------------------------- */

gboolean
jz_sync_client_fetch_photo (JzSyncClient  *self,
                            const char    *sha256,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), FALSE);

  if (!jz_photo_sha256_valid (sha256))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a photo hash (64 hexadecimal digits)", sha256);
      return FALSE;
    }
  if (jz_photo_store_has (self->photos, sha256))
    return TRUE;

  server = jz_store_get_meta (self->store, "sync_server", NULL);
  token = read_token (self);
  if (server == NULL || token == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NOT_ENROLLED,
                   "%s is not enrolled with a county server; enrol it first", self->data_dir);
      return FALSE;
    }
  base = g_strconcat (server, "/api/v1/", NULL);
  what = g_strdup_printf ("photo %s", sha256);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  session = new_session (self, error);
  for (guint tries = 1; session != NULL; tries++)
    {
      g_autoptr(GError) local_error = NULL;

      bytes = jz_tus_blob_download (session, base, token, sha256, cancellable, &local_error);
      if (bytes != NULL)
        break;
      if (certificate_error (session, local_error, what, error))
        break;
      if (!g_error_matches (local_error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK) || tries >= self->max_tries)
        {
          g_set_error (error, JZ_SYNC_ERROR,
                       g_error_matches (local_error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK)
                         ? JZ_SYNC_ERROR_NETWORK : JZ_SYNC_ERROR_REFUSED,
                       "photo %s: %s", sha256, local_error->message);
          break;
        }
      if (!pause_for (backoff_ms (self, tries), cancellable, error))
        break;
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);

  if (bytes == NULL)
    return FALSE;
  return jz_photo_store_add_verified_blob (self->photos, sha256, bytes, error);
}
