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

#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "jz-json-scan.h"
#include "jz-photo.h"
#include "jz-server.h"
#include "jz-server-conns.h"
#include "jz-protocol-parse.h"
#include "jz-server-files.h"
#include "jz-text.h"

#define PREFIX "/api/v1/"
/* Bodies held in memory at once, over every connection */
#define BODY_BUDGET_BYTES (64 * 1024 * 1024)

/* Enrolment: a code is 12 symbols of 30 (about 10^17), so guessing one is
 * hopeless anyway; the limits keep a guesser from loading the server and
 * its log. A client address may fail this often in a window; a code may
 * be tried this often in a window, whatever the address. */
#define ENROL_WINDOW_US          (10 * 60 * G_USEC_PER_SEC)
#define ENROL_FAILURES_PER_CLIENT 10
#define ENROL_TRIES_PER_CODE      10
#define ENROL_TALLY_MAX           100000

typedef struct
{
  gint64 start;
  guint  count;
} Tally;

struct _JzServer
{
  GObject        parent_instance;

  /* Owned */
  JzCounty      *county;
  SoupServer    *soup;
  JzServerConns *conns;
  JzServerFiles *files;
  char          *profile;
  GHashTable    *enrol_failures;   /* client address → Tally */
  GHashTable    *enrol_tries;      /* SHA-256 of a code → Tally */
  JzConnLimits   limits;
  GThreadPool   *jobs;
  gsize          buffered;         /* request body bytes held now */
  gboolean       stopping;
  guint          in_flight;
  guint          expire_id;
  guint          prune_id;
};

G_DEFINE_FINAL_TYPE (JzServer, jz_server, G_TYPE_OBJECT)

/* ---- responses ----------------------------------------------------------- */

static const char *
message_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return uri ? g_uri_get_path (uri) : NULL;
}

static char *
object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonObject        *object)
{
  g_autofree char *digest = NULL;
  char *text = object_text (object);
  gsize len = strlen (text);

  digest = jz_protocol_digest (text, len);
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Digest", digest);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static JsonObject *
error_objectv (guint       status,
               const char *code,
               const char *format,
               va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  JsonObject *o = jz_protocol_error_body (code, message);

  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    json_object_set_object_member (o, "limits", jz_protocol_limits ());
  return o;
}

void
jz_server_set_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *format,
                     ...)
{
  g_autoptr(JsonObject) o = NULL;
  va_list args;

  va_start (args, format);
  o = error_objectv (status, code, format, args);
  va_end (args);
  set_json (msg, status, o);
}

static void
log_request (JzServer          *self,
             SoupServerMessage *msg,
             guint              status,
             const char        *outcome);

/* An answer before the body is read: libsoup lets go of the connection,
 * which closes after the answer. */
G_GNUC_PRINTF (5, 6)
static void
refuse_and_close (JzServer          *self,
                  SoupServerMessage *msg,
                  guint              status,
                  const char        *code,
                  const char        *format,
                  ...)
{
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  o = error_objectv (status, code, format, args);
  va_end (args);
  text = object_text (o);
  log_request (self, msg, status, " closed");
  jz_server_conns_answer_and_close (self->conns, msg, status, text);
}

static void
set_error_from (SoupServerMessage *msg,
                const GError      *error)
{
  static const struct { guint status; const char *code; } county_map[] = {
    [JZ_COUNTY_ERROR_NOT_FOUND] = { 404, "not_found" },
    [JZ_COUNTY_ERROR_INVALID] = { 400, "invalid_field" },
    [JZ_COUNTY_ERROR_EXISTS] = { 409, "invalid_field" },
  };
  const char *code = NULL;
  guint status = 0;

  if (jz_protocol_error_status (error, &status, &code))
    {
      if (error->domain == JZ_JSON_SCAN_ERROR)
        jz_server_set_error (msg, status, code, "the body is not acceptable JSON: %s", error->message);
      else if (error->domain == JSON_PARSER_ERROR)
        jz_server_set_error (msg, status, code, "the body is not JSON: %s", error->message);
      else
        jz_server_set_error (msg, status, code, "%s", error->message);
      return;
    }
  if (error->domain == JZ_COUNTY_ERROR && error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (county_map))
    {
      jz_server_set_error (msg, county_map[error->code].status, county_map[error->code].code,
                           "%s", error->message);
      return;
    }

  /* Store errors carry no personal data (SQLite's messages name tables). */
  g_printerr ("juzhu-server: internal error: %s\n", error->message);
  jz_server_set_error (msg, 500, "internal",
                       "the server failed and rolled the request back: %s", error->message);
}

static char *
now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- authentication ------------------------------------------------------ */

static JzCountyDevice *
authenticate (JzServer          *self,
              SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  JzCountyDevice *device;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    token = g_strstrip (g_strdup (header + 7));

  device = jz_county_authenticate (self->county, token, &error);
  if (device == NULL)
    {
      if (g_error_matches (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED))
        jz_server_set_error (msg, 401, "unauthorized", "%s", error->message);
      else
        set_error_from (msg, error);
      return NULL;
    }
  g_object_set_data_full (G_OBJECT (msg), "jz-device", g_strdup (device->id), g_free);
  return device;
}

/* The photo endpoints' hooks: the device is kept on the message. */
static char *
files_auth (SoupServerMessage *msg,
            gpointer           user_data)
{
  JzCountyDevice *device = authenticate (user_data, msg);
  char *id;

  if (device == NULL)
    return NULL;
  id = g_strdup (device->id);
  g_object_set_data_full (G_OBJECT (msg), "jz-county-device", device,
                          (GDestroyNotify) jz_county_device_free);
  return id;
}

static gboolean
files_may_read (SoupServerMessage *msg,
                const char        *who,
                const char        *sha256,
                gpointer           user_data)
{
  JzServer *self = user_data;
  JzCountyDevice *device = g_object_get_data (G_OBJECT (msg), "jz-county-device");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (device == NULL)
    return FALSE;
  ok = jz_county_blob_visible (self->county, device, sha256, &error);
  if (error != NULL)
    g_printerr ("juzhu-server: internal error: %s\n", error->message);
  return ok;
}

static void
uploaded_recorded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  g_autoptr(GError) error = NULL;

  if (!jz_county_blob_uploaded_finish (JZ_COUNTY (source), result, &error))
    {
      g_printerr ("juzhu-server: internal error: %s\n", error->message);
      jz_server_set_error (msg, 500, "internal", "the server could not record the photo; send it again");
    }
  soup_server_message_unpause (msg);
}

/* The answer to the last chunk waits until the device is recorded as the
 * photo's sender: a read right after it must find the photo. */
static void
files_uploaded (SoupServerMessage *msg,
                const char        *who,
                const char        *sha256,
                gpointer           user_data)
{
  JzServer *self = user_data;
  JzCountyDevice *device = g_object_get_data (G_OBJECT (msg), "jz-county-device");

  /* the message is paused: answered once recorded */
  if (device == NULL)
    {
      soup_server_message_unpause (msg);
      return;
    }
  jz_county_blob_uploaded_async (self->county, device, sha256, uploaded_recorded, g_object_ref (msg));
}

static gboolean
files_check (GBytes  *bytes,
             GError **error)
{
  return jz_photo_check_received (bytes, NULL, error);
}

static const JzServerFilesHooks files_hooks = {
  files_auth,
  files_may_read,
  files_check,
  files_uploaded,
};

static gboolean prune (gpointer data);

/* ---- work off the main loop ---------------------------------------------- */

typedef enum
{
  JOB_ENROL,
  JOB_PUSH,
  JOB_PULL,
  JOB_DIVISIONS,
} JobKind;

typedef struct
{
  JzServer          *self;
  SoupServerMessage *msg;
  JobKind            kind;
  JzCountyDevice    *device;
  JsonNode          *body;     /* enrolment: parsed already */
  GBytes            *bytes;    /* push: parsed in the thread */
  char              *digest;   /* the request's Content-Digest */
  char              *client;
  char              *code_hash;
  gint64             since;
  guint              limit;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_object_unref (job->msg);
  jz_county_device_free (job->device);
  g_clear_pointer (&job->body, json_node_unref);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->digest);
  g_free (job->client);
  g_free (job->code_hash);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  JzCounty *county = job->self->county;
  GError *error = NULL;
  JsonObject *out = NULL;

  switch (job->kind)
    {
    case JOB_ENROL:
      {
        JsonObject *o = json_node_get_object (job->body);

        out = jz_county_enrol (county,
                               json_object_get_string_member (o, "code"),
                               json_object_get_string_member (o, "site"),
                               json_object_get_string_member_with_default (o, "device_name", NULL),
                               &error);
      }
      break;
    case JOB_PUSH:
      {
        g_autoptr(JsonNode) body = NULL;
        gsize len;
        const char *text = g_bytes_get_data (job->bytes, &len);

        if ((body = jz_parse_push (text, len, job->digest, &error)) != NULL)
          out = jz_county_push (county, job->device, body, &error);
      }
      break;
    case JOB_PULL:
      out = jz_county_pull (county, job->device, job->since, job->limit, &error);
      break;
    case JOB_DIVISIONS:
      out = jz_county_divisions (county, &error);
      break;
    }

  if (out == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, out, (GDestroyNotify) json_object_unref);
}

static gboolean
tally_over (GHashTable *table,
            const char *key,
            guint       limit,
            gint64      now)
{
  Tally *t = g_hash_table_lookup (table, key);

  return t != NULL && now - t->start < ENROL_WINDOW_US && t->count >= limit;
}

static void
tally_sub (GHashTable *table,
           const char *key)
{
  Tally *t = g_hash_table_lookup (table, key);

  if (t != NULL && t->count > 0)
    t->count--;
}

/* The address failures are counted under: an IPv6 address by its /64, the
 * network a single host is usually given. */
static char *
tally_key (const char *client)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (client);
  guint8 bytes[16];

  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return g_strdup (client);
  memcpy (bytes, g_inet_address_to_bytes (address), 16);
  memset (bytes + 8, 0, 8);
  {
    g_autoptr(GInetAddress) prefix = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
    g_autofree char *text = g_inet_address_to_string (prefix);

    return g_strdup_printf ("%s/64", text);
  }
}

static void
tally_add (GHashTable *table,
           const char *key,
           gint64      now)
{
  Tally *t = g_hash_table_lookup (table, key);

  if (t == NULL)
    {
      t = g_new0 (Tally, 1);
      g_hash_table_insert (table, g_strdup (key), t);
    }
  if (now - t->start >= ENROL_WINDOW_US)
    {
      t->start = now;
      t->count = 0;
    }
  t->count++;
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  JzServer *self = JZ_SERVER (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = g_task_propagate_pointer (G_TASK (result), &error);

  if (out == NULL)
    {
      set_error_from (job->msg, error);
    }
  else
    {
      if (job->kind == JOB_ENROL)
        {
          g_autofree char *now = now_rfc3339 ();

          /* counted as a failure when it started: it was not one */
          tally_sub (self->enrol_failures, job->client);
          json_object_set_string_member (out, "server_time", now);
          g_object_set_data_full (G_OBJECT (job->msg), "jz-device",
                                  g_strdup (json_object_get_string_member (out, "device")), g_free);
        }
      set_json (job->msg, 200, out);
    }
  soup_server_message_unpause (job->msg);
  self->in_flight--;
}

static Job *
job_new (JzServer          *self,
         SoupServerMessage *msg,
         JobKind            kind,
         JzCountyDevice    *device)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->kind = kind;
  job->device = device;
  return job;
}

/* The server's own workers: the shared pool of GTask also does TLS
 * handshakes (glib-networking), which strangers can start; the store's
 * work never waits behind them. Four, since the store has one writer:
 * more would only hold more bodies and trees in memory at once. */
#define JOB_THREADS 4

static void
job_pool_run (gpointer data,
              gpointer user_data)
{
  GTask *task = data;

  job_thread (task, g_task_get_source_object (task), g_task_get_task_data (task), NULL);
  g_object_unref (task);
}

static void
run_job (JzServer *self,
         Job      *job)
{
  GTask *task = g_task_new (self, NULL, job_done, NULL);

  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->in_flight++;
  soup_server_message_pause (job->msg);
  g_thread_pool_push (self->jobs, task, NULL);
}

/* ---- endpoints ----------------------------------------------------------- */

static GBytes *
request_bytes (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

static void
handle_health (JzServer          *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *now = now_rfc3339 ();
  JsonObject *tus = json_object_new ();
  JsonArray *ext = json_array_new ();

  json_object_set_string_member (o, "status", "ok");
  json_object_set_string_member (o, "server", "juzhu-server " PACKAGE_VERSION);
  json_object_set_int_member (o, "protocol", 1);
  json_object_set_string_member (o, "server_time", now);
  json_object_set_string_member (o, "profile", self->profile);
  json_object_set_object_member (o, "limits", jz_protocol_limits ());
  json_object_set_string_member (tus, "version", "1.0.0");
  json_array_add_string_element (ext, "creation");
  json_array_add_string_element (ext, "checksum");
  json_array_add_string_element (ext, "termination");
  json_object_set_array_member (tus, "extensions", ext);
  json_object_set_object_member (o, "tus", tus);
  set_json (msg, 200, o);
}

/* The enrolment's members, or NULL with the 400 set. */
static JsonNode *
enrol_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = request_bytes (msg);
  g_autoptr(GError) error = NULL;
  const char *digest = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Content-Digest");
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *body = jz_parse_enrol (data, len, digest, &error);

  if (body == NULL)
    set_error_from (msg, error);
  return body;
}

static void
handle_enrol (JzServer          *self,
              SoupServerMessage *msg)
{
  g_autofree char *client = tally_key (jz_server_conns_client (self->conns, msg));
  gint64 now = g_get_monotonic_time ();
  g_autofree char *code = NULL;
  g_autofree char *code_hash = NULL;
  JsonNode *body;
  Job *job;

  /* Many addresses at once (a distributed guess): the tables stay small,
   * and enrolment waits until they shrink again. */
  if (g_hash_table_size (self->enrol_failures) + g_hash_table_size (self->enrol_tries) > ENROL_TALLY_MAX)
    {
      prune (self);
      if (g_hash_table_size (self->enrol_failures) + g_hash_table_size (self->enrol_tries) > ENROL_TALLY_MAX)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "600");
          jz_server_set_error (msg, 429, "too_many_requests",
                               "the server is receiving too many enrolments; try again in ten minutes");
          return;
        }
    }
  if (tally_over (self->enrol_failures, client, ENROL_FAILURES_PER_CLIENT, now))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "600");
      jz_server_set_error (msg, 429, "too_many_requests",
                           "too many failed enrolments from this address; wait ten minutes, "
                           "then check the code with county IT");
      return;
    }
  if ((body = enrol_body (msg)) == NULL)
    return;

  code = jz_county_normalise_code (json_object_get_string_member (json_node_get_object (body), "code"));
  code_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, code, -1);
  if (tally_over (self->enrol_tries, code_hash, ENROL_TRIES_PER_CODE, now))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "600");
      jz_server_set_error (msg, 429, "too_many_requests",
                           "this enrolment code was tried too often; wait ten minutes, or ask "
                           "county IT for a new one");
      json_node_unref (body);
      return;
    }
  tally_add (self->enrol_tries, code_hash, now);
  /* a failure until it succeeds: parallel guesses count at once */
  tally_add (self->enrol_failures, client, now);

  job = job_new (self, msg, JOB_ENROL, NULL);
  job->body = body;
  job->client = g_steal_pointer (&client);
  job->code_hash = g_steal_pointer (&code_hash);
  run_job (self, job);
}

static void
handle_pull (JzServer          *self,
             SoupServerMessage *msg,
             JzCountyDevice    *device)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GError) error = NULL;
  gint64 since = 0, limit = 0;
  Job *job;

  if (!jz_parse_pull_query (query, &since, &limit, &error))
    {
      set_error_from (msg, error);
      jz_county_device_free (device);
      return;
    }
  job = job_new (self, msg, JOB_PULL, device);
  job->since = since;
  job->limit = (guint) MIN (limit, JZ_PROTOCOL_MAX_PULL_PAGE);
  run_job (self, job);
}

static void
not_allowed (SoupServerMessage *msg,
             const char        *allow)
{
  g_autofree char *path = jz_text_escape (message_path (msg), -1);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  jz_server_set_error (msg, 405, "method_not_allowed", "%s %s: allowed methods are %s",
                       soup_server_message_get_method (msg), path, allow);
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  JzServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *rel = g_str_has_prefix (path, PREFIX) ? path + strlen (PREFIX) : "";
  JzCountyDevice *device;

  if (self->stopping)
    {
      jz_server_set_error (msg, 503, "unavailable", "the server is shutting down; retry later");
      return;
    }

  if (g_str_equal (rel, "health"))
    {
      if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
        handle_health (self, msg);
      else
        not_allowed (msg, "GET");
    }
  else if (g_str_equal (rel, "enrol"))
    {
      if (g_str_equal (method, "POST"))
        handle_enrol (self, msg);
      else
        not_allowed (msg, "POST");
    }
  else if (g_str_equal (rel, "sync/push"))
    {
      Job *job;

      if (!g_str_equal (method, "POST"))
        {
          not_allowed (msg, "POST");
          return;
        }
      if ((device = authenticate (self, msg)) == NULL)
        return;
      job = job_new (self, msg, JOB_PUSH, device);
      job->bytes = request_bytes (msg);
      job->digest = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Content-Digest"));
      run_job (self, job);
    }
  else if (g_str_equal (rel, "sync/pull"))
    {
      if (!g_str_equal (method, "GET"))
        {
          not_allowed (msg, "GET");
          return;
        }
      if ((device = authenticate (self, msg)) == NULL)
        return;
      handle_pull (self, msg, device);
    }
  else if (g_str_equal (rel, "refdata/divisions"))
    {
      if (!g_str_equal (method, "GET"))
        {
          not_allowed (msg, "GET");
          return;
        }
      if ((device = authenticate (self, msg)) == NULL)
        return;
      jz_county_device_free (device);
      run_job (self, job_new (self, msg, JOB_DIVISIONS, NULL));
    }
  else
    {
      g_autofree char *shown = jz_text_escape (path, -1);

      jz_server_set_error (msg, 404, "not_found", "%s: no such endpoint", shown);
    }
}

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
      refuse_and_close (self, msg, 413, "too_large",
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
      refuse_and_close (self, msg, 503, "unavailable",
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
      text = object_text (o);
    }
  log_request (self, msg, status, " closed");
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
  const char *path = message_path (msg);
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
      refuse_and_close (self, msg, 503, "unavailable", "the server is shutting down; retry later");
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
          if (g_error_matches (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED))
            refuse_and_close (self, msg, 401, "unauthorized", "%s", error->message);
          else
            refuse_and_close (self, msg, 500, "internal", "the server cannot check the token now");
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
      refuse_and_close (self, msg, 413, "too_large",
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

static void
log_request (JzServer          *self,
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
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *path = message_path (msg) ? jz_text_escape (message_path (msg), -1) : g_strdup ("-");
  g_autofree char *client = jz_text_escape (jz_server_conns_client (self->conns, msg), -1);

  g_printerr ("%s %s %s %u %" G_GINT64_FORMAT "B %" G_GINT64_FORMAT "ms client=%s device=%s%s\n",
              when, method ? method : "-", path, status,
              body ? (gint64) body->length : 0, ms, client,
              device ? device : "-", outcome);
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  JzServer          *self)
{
  log_request (self, msg, soup_server_message_get_status (msg), "");
}

static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 JzServer          *self)
{
  log_request (self, msg, soup_server_message_get_status (msg), " aborted");
}

/* Connections past the limit get 503 for everything but health. */
static void
request_read (SoupServer        *server,
              SoupServerMessage *msg,
              JzServer          *self)
{
  if (soup_server_message_get_status (msg) != 0 || !jz_server_conns_is_overflow (self->conns, msg) ||
      g_strcmp0 (message_path (msg), PREFIX "health") == 0)
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
  self->jobs = g_thread_pool_new (job_pool_run, NULL, JOB_THREADS, FALSE, NULL);
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

static gboolean
prune (gpointer data)
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
  self->soup = soup_server_new ("server-header", "juzhu-server/" PACKAGE_VERSION " ", NULL);
  self->files = jz_server_files_new (data_dir, error);
  if (self->files == NULL)
    return NULL;

  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_finished), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_aborted), self, 0);
  g_signal_connect_object (self->soup, "request-read", G_CALLBACK (request_read), self, 0);
  soup_server_add_handler (self->soup, PREFIX, api_handler, self, NULL);
  jz_server_files_attach (self->files, self->soup, PREFIX, &files_hooks, self);

  jz_conn_limits_init (&self->limits, raise_file_limit ());
  if (!apply_limits_override (&self->limits, g_getenv ("JUZHU_SERVER_LIMITS"), error))
    return NULL;
  self->conns = jz_server_conns_new (self->soup, &self->limits);
  self->prune_id = g_timeout_add_seconds (60, prune, self);

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
