/* jz-server.c — the county server's HTTP layer over JzCounty
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request is answered from the main loop, but anything that touches
 * the store (push, pull, enrolment, the division list) is paused and done
 * in a worker thread, so a 500-change push does not hold up a health check
 * or a photo chunk; the push body is checked and parsed there too. Token
 * look-ups use JzCounty's read-only connection and do not wait for the
 * writer. Connections are accepted and timed by JzServerConns.
 *
 * Nothing a client sends is kept beyond its limit: a body is counted as it
 * arrives (a Content-Length or chunked) and refused with 413 the moment it
 * passes the limit of its endpoint, without reading the rest; all bodies
 * being read at once share a budget, past which new ones get 503. JSON is
 * checked by jz_json_scan() (depth, size, NUL, duplicates) before json-glib
 * parses it. Enrolment is rate-limited per client address and per code.
 *
 * One log line per request goes to stderr: method, path (never the query;
 * escaped, so a client cannot forge a line), status, bytes, milliseconds,
 * client address, device.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "jz-json-scan.h"
#include "jz-photo.h"
#include "jz-server-private.h"
#include "jz-protocol-parse.h"
#include "jz-text.h"

G_DEFINE_FINAL_TYPE (JzServer, jz_server, G_TYPE_OBJECT)

/* ---- every request ------------------------------------------------------- */

/* What a request's body may hold, and how much of it is held. */
typedef struct
{
  JzServer *self;          /* borrowed: the server outlives its messages */
  gsize     limit;
  gsize     received;
  gsize     held;          /* counted in self->buffered */
  gboolean  budgeted;      /* held in memory (not a photo chunk, written to disk) */
  gboolean  refused;
} Body;

static void
body_release (Body *body)
{
  body->self->buffered -= body->held;
  body->held = 0;
}

static void
body_free (Body *body)
{
  body_release (body);
  g_free (body);
}

static gboolean
is_files_path (const char *path)
{
  return path != NULL && (g_str_equal (path, PREFIX "files") || g_str_has_prefix (path, PREFIX "files/"));
}

static gsize
body_limit (const char *path)
{
  if (g_strcmp0 (path, PREFIX "sync/push") == 0)
    return JZ_PROTOCOL_MAX_PUSH_BYTES;
  if (g_strcmp0 (path, PREFIX "enrol") == 0)
    return JZ_PROTOCOL_MAX_ENROL_BYTES;
  /* a tus PATCH streams to disk (jz-server-files.c), a chunk at a time */
  if (is_files_path (path))
    return JZ_PROTOCOL_MAX_CHUNK_BYTES;
  return JZ_PROTOCOL_MAX_OTHER_BYTES;
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           Body              *body)
{
  JzServer *self = body->self;
  gsize len = g_bytes_get_size (chunk);

  if (body->refused)
    return;
  if (body->received + len > body->limit)
    {
      body->refused = TRUE;
      body_release (body);
      _jz_server_refuse_and_close (self, msg, 413, "too_large",
                        "this request's body is at most %" G_GSIZE_FORMAT " bytes; more "
                        "arrived, so it was not read to the end", body->limit);
      return;
    }
  body->received += len;
  if (!body->budgeted)
    return;
  /* a body held costs about twice its size (it is flattened once) */
  if (self->buffered + 2 * len > BODY_BUDGET_BYTES)
    {
      body->refused = TRUE;
      body_release (body);
      _jz_server_refuse_and_close (self, msg, 503, "unavailable",
                        "the server is receiving too much at once; retry in a moment");
      return;
    }
  body->held += 2 * len;
  self->buffered += 2 * len;
}

/* The answer already set on @msg (by libsoup, an early handler or us),
 * sent now without reading the body. */
static void
answer_set_and_close (JzServer          *self,
                      SoupServerMessage *msg)
{
  g_autoptr(GBytes) answer = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  guint status = soup_server_message_get_status (msg);
  g_autofree char *text = NULL;

  if (g_bytes_get_size (answer) > 0)
    text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  else
    {
      g_autoptr(JsonObject) o = jz_protocol_error_body (status >= 500 ? "unavailable" : "invalid_field",
                                                        soup_status_get_phrase (status));
      text = _jz_server_object_text (o);
    }
  _jz_server_log_request (self, msg, status, " closed");
  jz_server_conns_answer_and_close (self->conns, msg, status, text);
}

static gboolean
request_has_body (SoupMessageHeaders *req)
{
  SoupEncoding encoding = soup_message_headers_get_encoding (req);

  return encoding == SOUP_ENCODING_CHUNKED ||
         (encoding == SOUP_ENCODING_CONTENT_LENGTH && soup_message_headers_get_content_length (req) > 0);
}

static void
got_headers (SoupServerMessage *msg,
             JzServer          *self)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *path = _jz_server_message_path (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  goffset length = soup_message_headers_get_content_length (req);
  SoupEncoding encoding = soup_message_headers_get_encoding (req);
  Body *body;

  if (path == NULL)
    return;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);

  if (self->stopping)
    {
      _jz_server_refuse_and_close (self, msg, 503, "unavailable", "the server is shutting down; retry later");
      return;
    }

  /* Answered already (libsoup: a request line it cannot take; the photo
   * endpoints: no token, a bad header): the body is not read at all. */
  if (soup_server_message_get_status (msg) != 0 && request_has_body (req))
    {
      answer_set_and_close (self, msg);
      return;
    }

  /* A push is from a device: its token is checked before its body is read,
   * so that nobody without one holds the server's memory. */
  if (g_strcmp0 (path, PREFIX "sync/push") == 0 && request_has_body (req))
    {
      g_autoptr(GError) error = NULL;
      const char *header = soup_message_headers_get_one (req, "Authorization");
      g_autofree char *token = header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0
        ? g_strstrip (g_strdup (header + 7)) : NULL;
      g_autoptr(JzCountyDevice) device = jz_county_authenticate (self->county, token, &error);

      if (device == NULL)
        {
          guint status = 0;
          const char *code = NULL;

          /* unauthorized, or purge: the device is told to delete its data */
          if (jz_protocol_error_status (error, &status, &code) && status == 401)
            _jz_server_refuse_and_close (self, msg, status, code, "%s", error->message);
          else
            _jz_server_refuse_and_close (self, msg, 500, "internal", "the server cannot check the token now");
          return;
        }
    }

  body = g_new0 (Body, 1);
  body->self = self;
  body->limit = body_limit (path);
  body->budgeted = !is_files_path (path);
  g_object_set_data_full (G_OBJECT (msg), "jz-body", body, (GDestroyNotify) body_free);
  if (!body->budgeted)
    /* never in memory, whatever libsoup did before the photo handlers ran */
    soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  /* Refuse big bodies before reading them. */
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > 0 && (gsize) length > body->limit)
    {
      body->refused = TRUE;
      _jz_server_refuse_and_close (self, msg, 413, "too_large",
                        "this request's body is at most %" G_GSIZE_FORMAT " bytes (Content-Length is %"
                        G_GOFFSET_FORMAT ")", body->limit, length);
      return;
    }
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), body);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 JzServer          *self)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "jz-start", start, g_free);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers), self, 0);
}

void
_jz_server_log_request (JzServer          *self,
                        SoupServerMessage *msg,
                        guint              status,
                        const char        *outcome)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "jz-start");
  const char *device = g_object_get_data (G_OBJECT (msg), "jz-device");
  const char *method = soup_server_message_get_method (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gint64 ms = start ? (g_get_monotonic_time () - *start) / 1000 : 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* the journal stamps each line itself */
  g_autofree char *when = self->to_journal ? g_strdup ("") : g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ ");
  g_autofree char *path = _jz_server_message_path (msg) ? jz_text_escape (_jz_server_message_path (msg), -1) : g_strdup ("-");
  g_autofree char *client = jz_text_escape (jz_server_conns_client (self->conns, msg), -1);

  if (self->metrics != NULL)
    _jz_server_metrics_request (self->metrics, _jz_server_message_path (msg), status, ms);
  g_printerr ("%s%s %s %u %" G_GINT64_FORMAT "B %" G_GINT64_FORMAT "ms client=%s device=%s%s\n",
              when, method ? method : "-", path, status,
              body ? (gint64) body->length : 0, ms, client,
              device ? device : "-", outcome);
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  JzServer          *self)
{
  _jz_server_log_request (self, msg, soup_server_message_get_status (msg), "");
}

static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 JzServer          *self)
{
  _jz_server_log_request (self, msg, soup_server_message_get_status (msg), " aborted");
}

/* Connections past the limit get 503 for everything but health. */
static void
request_read (SoupServer        *server,
              SoupServerMessage *msg,
              JzServer          *self)
{
  if (soup_server_message_get_status (msg) != 0 || !jz_server_conns_is_overflow (self->conns, msg) ||
      g_strcmp0 (_jz_server_message_path (msg), PREFIX "health") == 0)
    return;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "10");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  jz_server_set_error (msg, 503, "unavailable",
                       "the server has too many connections open; retry in a moment");
}

/* ---- the object ---------------------------------------------------------- */

static gboolean
expire_uploads (gpointer data)
{
  JzServer *self = data;
  guint n = jz_server_files_expire (self->files, -1);

  if (n > 0)
    g_message ("expired %u unfinished upload(s)", n);
  return G_SOURCE_CONTINUE;
}

static void
jz_server_dispose (GObject *object)
{
  JzServer *self = JZ_SERVER (object);

  g_clear_handle_id (&self->expire_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (self->jobs != NULL)
    {
      /* the running ones finish; their answers go nowhere */
      g_thread_pool_free (self->jobs, FALSE, TRUE);
      self->jobs = NULL;
    }
  if (self->conns != NULL)
    jz_server_conns_stop (self->conns);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->conns);
  g_clear_object (&self->files);
  g_clear_object (&self->soup);
  g_clear_object (&self->county);

  G_OBJECT_CLASS (jz_server_parent_class)->dispose (object);
}

static void
jz_server_finalize (GObject *object)
{
  JzServer *self = JZ_SERVER (object);

  g_free (self->profile);
  g_free (self->epoch);
  g_free (self->county_key);
  g_free (self->data_dir);
  g_clear_pointer (&self->metrics, _jz_server_metrics_free);
  g_clear_pointer (&self->reports, g_hash_table_unref);
  g_mutex_clear (&self->reports_lock);
  g_clear_pointer (&self->enrol_failures, g_hash_table_unref);
  g_clear_pointer (&self->enrol_tries, g_hash_table_unref);

  G_OBJECT_CLASS (jz_server_parent_class)->finalize (object);
}

static void
jz_server_class_init (JzServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jz_server_dispose;
  object_class->finalize = jz_server_finalize;
}

static void
jz_server_init (JzServer *self)
{
  self->enrol_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->jobs = g_thread_pool_new (_jz_server_job_pool_run, NULL, JOB_THREADS, FALSE, NULL);
  self->enrol_tries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
prune_tallies (GHashTable *table,
               gint64      now)
{
  GHashTableIter iter;
  Tally *t;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (now - t->start >= ENROL_WINDOW_US)
      g_hash_table_iter_remove (&iter);
}

gboolean
_jz_server_prune (gpointer data)
{
  JzServer *self = data;
  gint64 now = g_get_monotonic_time ();

  prune_tallies (self->enrol_failures, now);
  prune_tallies (self->enrol_tries, now);
  return G_SOURCE_CONTINUE;
}

/* As many open files as the system lets us have: the soft limit goes up
 * to the hard one (the systemd unit sets LimitNOFILE). */
static guint
raise_file_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) != 0)
    return 1024;
  if (rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
      getrlimit (RLIMIT_NOFILE, &rl);
    }
  return rl.rlim_cur > G_MAXINT ? G_MAXINT : (guint) rl.rlim_cur;
}

/* JUZHU_SERVER_LIMITS="max-connections=N,overflow=N,first=S,header=S,
 * idle=S,stall=S,handshake=S": the defaults of jz_conn_limits_init()
 * changed, for a county with unusual links, and for the tests. */
static gboolean
apply_limits_override (JzConnLimits  *limits,
                       const char    *text,
                       GError       **error)
{
  static const struct { const char *name; gsize offset; } keys[] = {
    { "max-connections", G_STRUCT_OFFSET (JzConnLimits, max_connections) },
    { "overflow", G_STRUCT_OFFSET (JzConnLimits, overflow) },
    { "first", G_STRUCT_OFFSET (JzConnLimits, first_seconds) },
    { "header", G_STRUCT_OFFSET (JzConnLimits, header_seconds) },
    { "idle", G_STRUCT_OFFSET (JzConnLimits, idle_seconds) },
    { "stall", G_STRUCT_OFFSET (JzConnLimits, stall_seconds) },
    { "handshake", G_STRUCT_OFFSET (JzConnLimits, handshake_seconds) },
    { "per-peer", G_STRUCT_OFFSET (JzConnLimits, per_peer) },
    { "handshakes", G_STRUCT_OFFSET (JzConnLimits, max_handshakes) },
    { "min-rate", G_STRUCT_OFFSET (JzConnLimits, min_rate) },
  };
  g_auto(GStrv) parts = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *eq = strchr (parts[i], '=');
      guint64 value = 0;
      gboolean known = FALSE;

      if (eq != NULL)
        *eq = '\0';
      for (guint k = 0; eq != NULL && k < G_N_ELEMENTS (keys); k++)
        if (g_str_equal (g_strstrip (parts[i]), keys[k].name) &&
            g_ascii_string_to_unsigned (eq + 1, 10, 1, 1000000, &value, NULL))
          {
            G_STRUCT_MEMBER (guint, limits, keys[k].offset) = (guint) value;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "JUZHU_SERVER_LIMITS: “%s” is not NAME=NUMBER with a NAME of max-connections, "
                       "overflow, per-peer, handshakes, first, header, idle, stall, handshake or "
                       "min-rate", parts[i]);
          return FALSE;
        }
    }
  return TRUE;
}

JzServer *
jz_server_new (JzCounty    *county,
               const char  *data_dir,
               GError     **error)
{
  g_autoptr(JzServer) self = g_object_new (JZ_TYPE_SERVER, NULL);

  self->county = g_object_ref (county);
  self->profile = jz_county_get_profile (county);
  self->epoch = jz_county_get_epoch (county, error);
  if (self->epoch == NULL)
    return NULL;
  /* the key papers' codes are checked against, made now when there is
   * none: health names it, so that devices renew their certificates when
   * the county makes a new one (docs/papers.md) */
  self->county_key = jz_county_get_public_key (county, error);
  if (self->county_key == NULL)
    return NULL;
  self->data_dir = g_strdup (data_dir);
  self->to_journal = g_log_writer_is_journald (fileno (stderr));
  self->metrics = _jz_server_metrics_new ();
  g_mutex_init (&self->reports_lock);
  self->reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _jz_server_report_free);
  /* JUZHU_SERVER_MIN_FREE_MB: what free disk health asks (default 256 MiB) */
  {
    const char *min = g_getenv ("JUZHU_SERVER_MIN_FREE_MB");
    guint64 mb = 256;

    if (min != NULL && !g_ascii_string_to_unsigned (min, 10, 0, G_MAXUINT32, &mb, NULL))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "JUZHU_SERVER_MIN_FREE_MB: “%s” is not a number of MiB", min);
        return NULL;
      }
    self->min_free = mb * 1024 * 1024;
  }
  self->soup = soup_server_new ("server-header", "juzhu-server/" PACKAGE_VERSION " ", NULL);
  self->files = jz_server_files_new (data_dir, error);
  if (self->files == NULL)
    return NULL;

  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_finished), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_aborted), self, 0);
  g_signal_connect_object (self->soup, "request-read", G_CALLBACK (request_read), self, 0);
  soup_server_add_handler (self->soup, PREFIX, _jz_server_api_handler, self, NULL);
  jz_server_files_attach (self->files, self->soup, PREFIX, &_jz_server_files_hooks, self);

  jz_conn_limits_init (&self->limits, raise_file_limit ());
  if (!apply_limits_override (&self->limits, g_getenv ("JUZHU_SERVER_LIMITS"), error))
    return NULL;
  self->conns = jz_server_conns_new (self->soup, &self->limits);
  self->prune_id = g_timeout_add_seconds (60, _jz_server_prune, self);

  /* Unfinished uploads are dropped after a day: once now, then hourly. */
  expire_uploads (self);
  self->expire_id = g_timeout_add_seconds (3600, expire_uploads, self);

  return g_steal_pointer (&self);
}

gboolean
jz_server_listen (JzServer         *self,
                  const char       *address,
                  GTlsCertificate  *certificate,
                  GError          **error)
{
  g_autoptr(GSocketConnectable) parsed = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) sock = NULL;
  const char *host;

  parsed = g_network_address_parse (address, 8470, error);
  if (parsed == NULL)
    {
      g_prefix_error (error, "--listen %s: ", address);
      return FALSE;
    }
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed));
  inet = g_strcmp0 (host, "localhost") == 0
    ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4)
    : g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen %s: expected an IP address and a port, such as 127.0.0.1:8470", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, g_network_address_get_port (G_NETWORK_ADDRESS (parsed)));

  /* Our own socket rather than soup_server_listen(), whose backlog of 10
   * makes the kernel drop connections when a village's worth of tablets
   * come back online at once (each then waits a second to retry). */
  sock = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                       G_SOCKET_PROTOCOL_DEFAULT, error);
  if (sock == NULL)
    {
      g_prefix_error (error, "--listen %s: ", address);
      return FALSE;
    }
  g_socket_set_listen_backlog (sock, SOMAXCONN);
  if (!g_socket_bind (sock, socket_address, TRUE, error) || !g_socket_listen (sock, error))
    {
      g_prefix_error (error, "--listen %s: ", address);
      return FALSE;
    }

  if (!jz_server_conns_listen (self->conns, sock, certificate, error))
    {
      g_prefix_error (error, "--listen %s: ", address);
      return FALSE;
    }
  return TRUE;
}

char *
jz_server_get_url (JzServer *self)
{
  return jz_server_conns_get_url (self->conns);
}

/* For tests and the administrator: the connections open now. */
guint
jz_server_get_connections (JzServer *self)
{
  return jz_server_conns_get_count (self->conns);
}

void
jz_server_begin_shutdown (JzServer *self)
{
  self->stopping = TRUE;
}

guint
jz_server_get_in_flight (JzServer *self)
{
  return self->in_flight;
}

void
jz_server_disconnect (JzServer *self)
{
  jz_server_conns_stop (self->conns);
  soup_server_disconnect (self->soup);
}

/* GLib's warnings and messages as the server's other lines: "juzhu-server:
 * warning: …" on stderr, as docs/deploy.md promises; to the journal with
 * their priority when stderr is the journal's stream. */
GLogWriterOutput
jz_server_log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *message = NULL;
  const char *kind;

  if (g_log_writer_default_would_drop (level, NULL))
    return G_LOG_WRITER_HANDLED;
  if (g_log_writer_is_journald (fileno (stderr)) &&
      g_log_writer_journald (level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      message = fields[i].value;
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    kind = "error: ";
  else if (level & G_LOG_LEVEL_WARNING)
    kind = "warning: ";
  else
    kind = "";
  g_printerr ("juzhu-server: %s%s\n", kind, message ? message : "");
  return G_LOG_WRITER_HANDLED;
}
