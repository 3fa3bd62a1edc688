/* jz-server.c — the county server's HTTP layer over JzCounty
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request is answered from the main loop, but anything that touches
 * the store (push, pull, enrolment, the division list) is paused and done
 * in a worker thread, so a 500-change push does not hold up a health check
 * or a photo chunk. Token look-ups use JzCounty's read-only connection and
 * do not wait for the writer. One log line per request goes to stderr:
 * method, path (never the query), status, bytes, milliseconds, device.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "jz-server.h"
#include "jz-server-files.h"

#define PREFIX "/api/v1/"
#define MAX_ENROL_BYTES 65536

struct _JzServer
{
  GObject        parent_instance;

  /* Owned */
  JzCounty      *county;
  SoupServer    *soup;
  JzServerFiles *files;
  char          *profile;
  gboolean       stopping;
  guint          in_flight;
  guint          expire_id;
};

G_DEFINE_FINAL_TYPE (JzServer, jz_server, G_TYPE_OBJECT)

/* ---- responses ----------------------------------------------------------- */

static const char *
message_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return uri ? g_uri_get_path (uri) : NULL;
}

/* RFC 9530 Content-Digest of @data: "sha-256=:BASE64:". Sync bodies carry
 * one both ways, so a byte damaged in transit (plain HTTP through a bad
 * link) is caught and the request retried, never stored. */
char *
jz_server_content_digest (const void *data,
                          gsize       len)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *b64 = NULL;

  g_checksum_update (sum, data, (gssize) len);
  g_checksum_get_digest (sum, digest, &digest_len);
  b64 = g_base64_encode (digest, digest_len);
  return g_strdup_printf ("sha-256=:%s:", b64);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *digest = NULL;
  char *text;
  gsize len;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  len = strlen (text);
  digest = jz_server_content_digest (text, len);
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Digest", digest);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static JsonObject *
error_object (const char *code,
              const char *message)
{
  JsonObject *o = json_object_new ();
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "code", code);
  json_object_set_string_member (e, "message", message);
  json_object_set_object_member (o, "error", e);
  return o;
}

static JsonObject *
limits_object (void)
{
  JsonObject *l = json_object_new ();

  json_object_set_int_member (l, "max_push_saves", JZ_COUNTY_MAX_PUSH_SAVES);
  json_object_set_int_member (l, "max_push_changes", JZ_COUNTY_MAX_PUSH_CHANGES);
  json_object_set_int_member (l, "max_push_bytes", JZ_COUNTY_MAX_PUSH_BYTES);
  json_object_set_int_member (l, "max_pull_page", JZ_COUNTY_MAX_PULL_PAGE);
  json_object_set_int_member (l, "max_pull_changes", JZ_COUNTY_MAX_PULL_CHANGES);
  json_object_set_int_member (l, "max_blob_bytes", 16777216);
  json_object_set_int_member (l, "max_chunk_bytes", 4194304);
  return l;
}

void
jz_server_set_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *format,
                     ...)
{
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) o = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  o = error_object (code, message);
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    json_object_set_object_member (o, "limits", limits_object ());
  set_json (msg, status, o);
}

static void
set_error_from (SoupServerMessage *msg,
                const GError      *error)
{
  static const struct { guint status; const char *code; } map[] = {
    [JZ_COUNTY_ERROR_MALFORMED] = { 400, "malformed_json" },
    [JZ_COUNTY_ERROR_INVALID_FIELD] = { 400, "invalid_field" },
    [JZ_COUNTY_ERROR_UNKNOWN_FIELD] = { 400, "unknown_field" },
    [JZ_COUNTY_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
    [JZ_COUNTY_ERROR_ENROL_CODE] = { 403, "enrol_code_invalid" },
    [JZ_COUNTY_ERROR_SITE_TAKEN] = { 409, "site_taken" },
    [JZ_COUNTY_ERROR_TOO_LARGE] = { 413, "too_large" },
    [JZ_COUNTY_ERROR_NOT_FOUND] = { 404, "not_found" },
    [JZ_COUNTY_ERROR_INVALID] = { 400, "invalid_field" },
    [JZ_COUNTY_ERROR_EXISTS] = { 409, "invalid_field" },
  };

  if (error->domain == JZ_COUNTY_ERROR && error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (map))
    {
      jz_server_set_error (msg, map[error->code].status, map[error->code].code, "%s", error->message);
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
      if (g_error_matches (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_UNAUTHORIZED))
        jz_server_set_error (msg, 401, "unauthorized", "%s", error->message);
      else
        set_error_from (msg, error);
      return NULL;
    }
  g_object_set_data_full (G_OBJECT (msg), "jz-device", g_strdup (device->id), g_free);
  return device;
}

static gboolean
files_auth (SoupServerMessage *msg,
            gpointer           user_data)
{
  g_autoptr(JzCountyDevice) device = authenticate (user_data, msg);

  return device != NULL;
}

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
  JsonNode          *body;
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
      out = jz_county_push (county, job->device, job->body, &error);
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
    set_error_from (job->msg, error);
  else
    {
      if (job->kind == JOB_ENROL)
        {
          g_autofree char *now = now_rfc3339 ();

          json_object_set_string_member (out, "server_time", now);
          g_object_set_data_full (G_OBJECT (job->msg), "jz-device",
                                  g_strdup (json_object_get_string_member (out, "device")), g_free);
        }
      set_json (job->msg, 200, out);
    }
  soup_server_message_unpause (job->msg);
  self->in_flight--;
}

static void
run_job (JzServer          *self,
         SoupServerMessage *msg,
         JobKind            kind,
         JzCountyDevice    *device,
         JsonNode          *body,
         gint64             since,
         guint              limit)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, job_done, NULL);
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->kind = kind;
  job->device = device;
  job->body = body;
  job->since = since;
  job->limit = limit;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  self->in_flight++;
  soup_server_message_pause (msg);
  g_task_run_in_thread (task, job_thread);
}

/* ---- endpoints ----------------------------------------------------------- */

static JsonNode *
parse_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  const char *sent_digest = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                          "Content-Digest");

  if (len == 0)
    {
      jz_server_set_error (msg, 400, "malformed_json", "the request has no body; it must be a JSON object");
      return NULL;
    }
  if (sent_digest != NULL)
    {
      g_autofree char *digest = jz_server_content_digest (data, len);

      /* Only sha-256 is known; compare the member whatever else is listed. */
      if (strstr (sent_digest, "sha-256=") == NULL)
        {
          jz_server_set_error (msg, 400, "digest_mismatch",
                               "Content-Digest: only sha-256 is supported (got %.40s)", sent_digest);
          return NULL;
        }
      if (strstr (sent_digest, digest) == NULL)
        {
          jz_server_set_error (msg, 400, "digest_mismatch",
                               "the body does not match its Content-Digest; it was damaged in "
                               "transit and nothing of it was applied: send it again");
          return NULL;
        }
    }
  if (!g_utf8_validate (data, (gssize) len, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      jz_server_set_error (msg, 400, "malformed_json", "the body is not JSON: %s",
                           error ? error->message : "not UTF-8");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      jz_server_set_error (msg, 400, "malformed_json", "the body must be a JSON object");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
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
  json_object_set_object_member (o, "limits", limits_object ());
  json_object_set_string_member (tus, "version", "1.0.0");
  json_array_add_string_element (ext, "creation");
  json_array_add_string_element (ext, "checksum");
  json_array_add_string_element (ext, "termination");
  json_object_set_array_member (tus, "extensions", ext);
  json_object_set_object_member (o, "tus", tus);
  set_json (msg, 200, o);
}

static void
handle_enrol (JzServer          *self,
              SoupServerMessage *msg)
{
  JsonNode *body = parse_body (msg);
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (body == NULL)
    return;
  o = json_node_get_object (body);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    {
      gboolean optional = g_str_equal (member, "device_name");

      if (!g_str_equal (member, "code") && !g_str_equal (member, "site") && !optional)
        {
          jz_server_set_error (msg, 400, "unknown_field", "%s: unknown member of an enrolment", member);
          json_node_unref (body);
          return;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          jz_server_set_error (msg, 400, "invalid_field", "%s: expected a string", member);
          json_node_unref (body);
          return;
        }
    }
  if (!json_object_has_member (o, "code") || !json_object_has_member (o, "site"))
    {
      jz_server_set_error (msg, 400, "malformed_json",
                           "%s: missing; an enrolment is {\"code\", \"site\", \"device_name\"}",
                           json_object_has_member (o, "code") ? "site" : "code");
      json_node_unref (body);
      return;
    }
  run_job (self, msg, JOB_ENROL, NULL, body, 0, 0);
}

static gboolean
parse_count (const char *text,
             gint64     *out)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || *text == '\0' || !g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > G_MAXINT64)
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static void
handle_pull (JzServer          *self,
             SoupServerMessage *msg,
             JzCountyDevice    *device)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 since = 0, limit = 0;

  if (query != NULL)
    {
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params == NULL)
        {
          jz_server_set_error (msg, 400, "invalid_field", "the query string is not well formed");
          jz_county_device_free (device);
          return;
        }
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (g_str_equal (key, "since"))
            {
              if (!parse_count (value, &since))
                {
                  jz_server_set_error (msg, 400, "invalid_field", "since: expected a non-negative integer");
                  jz_county_device_free (device);
                  return;
                }
            }
          else if (g_str_equal (key, "limit"))
            {
              if (!parse_count (value, &limit) || limit == 0)
                {
                  jz_server_set_error (msg, 400, "invalid_field", "limit: expected a positive integer");
                  jz_county_device_free (device);
                  return;
                }
            }
          else
            {
              jz_server_set_error (msg, 400, "unknown_field",
                                   "%s: unknown query parameter (pull takes since and limit)",
                                   (const char *) key);
              jz_county_device_free (device);
              return;
            }
        }
    }

  run_job (self, msg, JOB_PULL, device, NULL, since, (guint) MIN (limit, JZ_COUNTY_MAX_PULL_PAGE));
}

static void
not_allowed (SoupServerMessage *msg,
             const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  jz_server_set_error (msg, 405, "method_not_allowed", "%s %s: allowed methods are %s",
                       soup_server_message_get_method (msg), message_path (msg), allow);
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
      JsonNode *body;

      if (!g_str_equal (method, "POST"))
        {
          not_allowed (msg, "POST");
          return;
        }
      if ((device = authenticate (self, msg)) == NULL)
        return;
      if (soup_server_message_get_request_body (msg)->length > JZ_COUNTY_MAX_PUSH_BYTES)
        {
          jz_server_set_error (msg, 413, "too_large", "a push body is at most %d bytes (got %" G_GINT64_FORMAT ")",
                               JZ_COUNTY_MAX_PUSH_BYTES,
                               (gint64) soup_server_message_get_request_body (msg)->length);
          jz_county_device_free (device);
          return;
        }
      if ((body = parse_body (msg)) == NULL)
        {
          jz_county_device_free (device);
          return;
        }
      run_job (self, msg, JOB_PUSH, device, body, 0, 0);
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
      run_job (self, msg, JOB_DIVISIONS, NULL, NULL, 0, 0);
    }
  else
    jz_server_set_error (msg, 404, "not_found", "%s: no such endpoint", path);
}

/* ---- every request ------------------------------------------------------- */

static void
got_headers (SoupServerMessage *msg,
             JzServer          *self)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *path = message_path (msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  goffset length = soup_message_headers_get_content_length (req);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);

  if (self->stopping)
    {
      jz_server_set_error (msg, 503, "unavailable", "the server is shutting down; retry later");
      return;
    }

  /* Refuse big bodies before reading them. */
  if (g_strcmp0 (path, PREFIX "sync/push") == 0 && length > JZ_COUNTY_MAX_PUSH_BYTES)
    jz_server_set_error (msg, 413, "too_large", "a push body is at most %d bytes (got %" G_GINT64_FORMAT ")",
                         JZ_COUNTY_MAX_PUSH_BYTES, (gint64) length);
  else if (g_strcmp0 (path, PREFIX "enrol") == 0 && length > MAX_ENROL_BYTES)
    jz_server_set_error (msg, 413, "too_large", "an enrolment body is at most %d bytes (got %" G_GINT64_FORMAT ")",
                         MAX_ENROL_BYTES, (gint64) length);
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
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "jz-start");
  const char *device = g_object_get_data (G_OBJECT (msg), "jz-device");
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gint64 ms = start ? (g_get_monotonic_time () - *start) / 1000 : 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_printerr ("%s %s %s %u %" G_GINT64_FORMAT "B %" G_GINT64_FORMAT "ms device=%s%s\n",
              when,
              soup_server_message_get_method (msg) ? soup_server_message_get_method (msg) : "-",
              message_path (msg) ? message_path (msg) : "-",
              soup_server_message_get_status (msg),
              body ? (gint64) body->length : 0, ms,
              device ? device : "-", outcome);
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  JzServer          *self)
{
  log_request (msg, "");
}

static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 JzServer          *self)
{
  log_request (msg, " aborted");
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
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
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
  soup_server_add_handler (self->soup, PREFIX, api_handler, self, NULL);
  jz_server_files_attach (self->files, self->soup, PREFIX, files_auth, self);

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

  if (certificate != NULL)
    soup_server_set_tls_certificate (self->soup, certificate);
  if (!soup_server_listen_socket (self->soup, sock,
                                  certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_prefix_error (error, "--listen %s: ", address);
      return FALSE;
    }
  return TRUE;
}

char *
jz_server_get_url (JzServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  char *url = NULL;

  if (uris != NULL)
    {
      GUri *uri = uris->data;

      url = g_strdup_printf ("%s://%s:%d/", g_uri_get_scheme (uri), g_uri_get_host (uri),
                             g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
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
  soup_server_disconnect (self->soup);
}
