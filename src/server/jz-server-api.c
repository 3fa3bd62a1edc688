/* jz-server-api.c — the county server's answers: errors and JSON,
 * authentication, the worker pool off the main loop, and the endpoints
 * (enrol, push, pull, snapshot, purged); health is in jz-server-health.c,
 * reference data and reports in jz-server-county-api.c, the photo
 * endpoints' hooks in jz-server-hooks.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "jz-json-scan.h"
#include "jz-protocol-parse.h"
#include "jz-server-private.h"
#include "jz-text.h"

/* ---- responses ----------------------------------------------------------- */

const char *
_jz_server_message_path (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);

  return uri ? g_uri_get_path (uri) : NULL;
}

char *
_jz_server_object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
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
  /* A HEAD's answer has no body: the purge order is said in a header too */
  if (g_strcmp0 (code, "purge") == 0)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Juzhu-Error", code);
  _jz_server_set_json (msg, status, o);
}

/* An answer before the body is read: libsoup lets go of the connection,
 * which closes after the answer. */
G_GNUC_PRINTF (5, 6)
void
_jz_server_refuse_and_close (JzServer          *self,
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
  text = _jz_server_object_text (o);
  _jz_server_log_request (self, msg, status, " closed");
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
    [JZ_COUNTY_ERROR_COMPACTED] = { 410, "snapshot_required" },
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

/* ---- authentication ------------------------------------------------------ */

/* The device of the request's bearer token, or NULL with the answer set
 * (401 unauthorized, 401 purge). */
JzCountyDevice *
_jz_server_authenticate (JzServer          *self,
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

/* ---- work off the main loop ---------------------------------------------- */

typedef enum
{
  JOB_ENROL,
  JOB_PUSH,
  JOB_PULL,
  JOB_SNAPSHOT,
  JOB_PURGED,
  JOB_CALL,
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
  char              *token;    /* purged: the revoked token */
  gint64             since;    /* pull: since; snapshot: as_of */
  char              *after;    /* snapshot */
  gint64             after_cs;
  guint              limit;
  gboolean           gzip;     /* the client takes a gzipped answer */
  JzServerCall       call;     /* a call of jz-server-county-api.c, with its argument */
  char              *arg;
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
  g_free (job->token);
  g_free (job->after);
  g_free (job->arg);
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
    case JOB_SNAPSHOT:
      {
        /* the page as text, and gzipped here, off the main loop */
        g_autoptr(GBytes) text =
          job->kind == JOB_PULL
          ? jz_county_pull_text (county, job->device, job->since, job->limit, &error)
          : jz_county_snapshot_text (county, job->device, job->since, job->after, job->after_cs,
                                     job->limit, &error);

        if (text == NULL)
          g_task_return_error (task, error);
        else
          g_task_return_pointer (task, _jz_server_reply_new (text, job->gzip), (GDestroyNotify) _jz_server_reply_free);
        return;
      }
    case JOB_CALL:
      out = job->call (job->self, job->device, job->arg, &error);
      break;
    case JOB_PURGED:
      out = jz_county_confirm_purge (county, job->token, &error);
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
  g_autoptr(JsonObject) out = NULL;

  if (job->kind == JOB_PULL || job->kind == JOB_SNAPSHOT)
    {
      Reply *reply = g_task_propagate_pointer (G_TASK (result), &error);

      if (reply == NULL)
        set_error_from (job->msg, error);
      else
        {
          _jz_server_metrics_pulled (self->metrics, 1);
          _jz_server_set_reply (job->msg, 200, reply);
        }
      g_clear_pointer (&reply, _jz_server_reply_free);
      soup_server_message_unpause (job->msg);
      self->in_flight--;
      return;
    }

  out = g_task_propagate_pointer (G_TASK (result), &error);
  if (out == NULL)
    {
      set_error_from (job->msg, error);
    }
  else
    {
      if (job->kind == JOB_ENROL)
        {
          g_autofree char *now = _jz_server_now_rfc3339 ();

          /* counted as a failure when it started: it was not one */
          tally_sub (self->enrol_failures, job->client);
          json_object_set_string_member (out, "server_time", now);
          g_object_set_data_full (G_OBJECT (job->msg), "jz-device",
                                  g_strdup (json_object_get_string_member (out, "device")), g_free);
        }
      else if (job->kind == JOB_PURGED)
        g_object_set_data_full (G_OBJECT (job->msg), "jz-device",
                                g_strdup (json_object_get_string_member (out, "device")), g_free);
      else if (job->kind == JOB_PUSH)
        _jz_server_metrics_push (self->metrics, out);
      _jz_server_set_json (job->msg, 200, out);
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

void
_jz_server_job_pool_run (gpointer data,
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

/* @call on the worker pool with @device (taken) and @arg (copied); its
 * answer, or its error, is the request's. */
void
_jz_server_run_call (JzServer          *self,
                     SoupServerMessage *msg,
                     JzCountyDevice    *device,
                     JzServerCall       call,
                     const char        *arg)
{
  Job *job = job_new (self, msg, JOB_CALL, device);

  job->call = call;
  job->arg = g_strdup (arg);
  run_job (self, job);
}

/* ---- endpoints ----------------------------------------------------------- */

static GBytes *
request_bytes (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
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
      _jz_server_prune (self);
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
  job->gzip = _jz_server_accepts_gzip (msg);
  job->since = since;
  job->limit = (guint) MIN (limit, JZ_PROTOCOL_MAX_PULL_PAGE);
  run_job (self, job);
}

static void
handle_snapshot (JzServer          *self,
                 SoupServerMessage *msg,
                 JzCountyDevice    *device)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gint64 as_of = 0, after_cs = 0, limit = 0;
  Job *job;

  if (!jz_parse_snapshot_query (query, &as_of, &after, &after_cs, &limit, &error))
    {
      set_error_from (msg, error);
      jz_county_device_free (device);
      return;
    }
  job = job_new (self, msg, JOB_SNAPSHOT, device);
  job->gzip = _jz_server_accepts_gzip (msg);
  job->since = as_of;
  job->after = g_steal_pointer (&after);
  job->after_cs = after_cs;
  job->limit = (guint) MIN (limit, JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES);
  run_job (self, job);
}

/* A device revoked with a purge says it deleted its data: its revoked
 * token is good for this and nothing else. No body is read. */
static void
handle_purged (JzServer          *self,
               SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *token = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    token = g_strstrip (g_strdup (header + 7));
  if (token == NULL || *token == '\0')
    {
      jz_server_set_error (msg, 401, "unauthorized",
                           "this request needs “Authorization: Bearer TOKEN”");
      return;
    }
  {
    Job *job = job_new (self, msg, JOB_PURGED, NULL);

    job->token = g_steal_pointer (&token);
    run_job (self, job);
  }
}

void
_jz_server_not_allowed (SoupServerMessage *msg,
                        const char        *allow)
{
  g_autofree char *path = jz_text_escape (_jz_server_message_path (msg), -1);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  jz_server_set_error (msg, 405, "method_not_allowed", "%s %s: allowed methods are %s",
                       soup_server_message_get_method (msg), path, allow);
}

void
_jz_server_api_handler (SoupServer        *server,
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
        _jz_server_handle_health (self, msg);
      else
        _jz_server_not_allowed (msg, "GET");
    }
  else if (g_str_equal (rel, "metrics"))
    {
      if (g_str_equal (method, "GET"))
        _jz_server_handle_metrics (self, msg);
      else
        _jz_server_not_allowed (msg, "GET");
    }
  else if (g_str_equal (rel, "enrol"))
    {
      if (g_str_equal (method, "POST"))
        handle_enrol (self, msg);
      else
        _jz_server_not_allowed (msg, "POST");
    }
  else if (g_str_equal (rel, "sync/push"))
    {
      Job *job;

      if (!g_str_equal (method, "POST"))
        {
          _jz_server_not_allowed (msg, "POST");
          return;
        }
      if ((device = _jz_server_authenticate (self, msg)) == NULL)
        return;
      job = job_new (self, msg, JOB_PUSH, device);
      job->bytes = request_bytes (msg);
      job->digest = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Content-Digest"));
      run_job (self, job);
    }
  else if (g_str_equal (rel, "sync/purged"))
    {
      if (!g_str_equal (method, "POST"))
        {
          _jz_server_not_allowed (msg, "POST");
          return;
        }
      handle_purged (self, msg);
    }
  else if (g_str_equal (rel, "sync/pull") || g_str_equal (rel, "sync/snapshot"))
    {
      if (!g_str_equal (method, "GET"))
        {
          _jz_server_not_allowed (msg, "GET");
          return;
        }
      if ((device = _jz_server_authenticate (self, msg)) == NULL)
        return;
      if (g_str_equal (rel, "sync/pull"))
        handle_pull (self, msg, device);
      else
        handle_snapshot (self, msg, device);
    }
  else if (_jz_server_county_api (self, msg, rel, query))
    return;
  else
    {
      g_autofree char *shown = jz_text_escape (path, -1);

      jz_server_set_error (msg, 404, "not_found", "%s: no such endpoint", shown);
    }
}
