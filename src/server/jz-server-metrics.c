/* jz-server-metrics.c — GET /api/v1/metrics in Prometheus's text format
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests and their time by endpoint and status, change sets pushed by
 * outcome and refused by code, change sets pulled, the database's size,
 * the feed's end and the devices by last contact. Off unless
 * JUZHU_SERVER_METRICS_TOKEN is set; then only a request that sends it
 * (Authorization: Bearer …, as Prometheus's scrape config does) is
 * answered: a reverse proxy makes every client look local, so the address
 * proves nothing. The counters live on the main loop, which finishes every
 * request; nothing in them names a person.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "jz-server-private.h"

struct _JzServerMetrics
{
  char       *token;        /* NULL: off */
  GHashTable *requests;     /* "endpoint\tstatus" → guint64 * */
  GHashTable *seconds;      /* endpoint → double * (the sum) */
  GHashTable *rejected;     /* code → guint64 * */
  guint64     pushed[3];    /* ok, duplicate, rejected */
  guint64     pulled;
};

static const char *const endpoints[] = {
  "health", "enrol", "sync/push", "sync/pull", "sync/snapshot", "sync/purged",
  "refdata/divisions", "refdata/holidays", "reports/monthly", "metrics",
};

JzServerMetrics *
_jz_server_metrics_new (void)
{
  JzServerMetrics *self = g_new0 (JzServerMetrics, 1);
  const char *token = g_getenv ("JUZHU_SERVER_METRICS_TOKEN");

  self->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seconds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
_jz_server_metrics_free (JzServerMetrics *self)
{
  if (self == NULL)
    return;
  if (self->token != NULL)
    sodium_memzero (self->token, strlen (self->token));
  g_free (self->token);
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->seconds);
  g_hash_table_unref (self->rejected);
  g_free (self);
}

/* The endpoint a path is, as a label: never the path itself (it may carry
 * an upload id or a photo's hash). */
static const char *
endpoint_of (const char *path)
{
  const char *rel;

  if (path == NULL || !g_str_has_prefix (path, "/api/v1/"))
    return "other";
  rel = path + strlen ("/api/v1/");
  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    if (g_str_equal (rel, endpoints[i]))
      return endpoints[i];
  if (g_str_has_prefix (rel, "blobs/"))
    return "blobs";
  if (g_str_has_prefix (rel, "files"))
    return "files";
  return "other";
}

static void
add (GHashTable *table,
     const char *key,
     guint64     n)
{
  guint64 *count = g_hash_table_lookup (table, key);

  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (table, g_strdup (key), count);
    }
  *count += n;
}

/* A request finished (on the main loop). */
void
_jz_server_metrics_request (JzServerMetrics *self,
                            const char      *path,
                            guint            status,
                            gint64           ms)
{
  const char *endpoint = endpoint_of (path);
  g_autofree char *key = g_strdup_printf ("%s\t%u", endpoint, status);
  double *sum = g_hash_table_lookup (self->seconds, endpoint);

  add (self->requests, key, 1);
  if (sum == NULL)
    {
      sum = g_new0 (double, 1);
      g_hash_table_insert (self->seconds, g_strdup (endpoint), sum);
    }
  *sum += ms / 1000.0;
}

/* A push's answer: its results by status, the refused by code. */
void
_jz_server_metrics_push (JzServerMetrics *self,
                         JsonObject      *answer)
{
  JsonArray *results;

  if (!json_object_has_member (answer, "results") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "results")))
    return;
  results = json_object_get_array_member (answer, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const char *status = r ? json_object_get_string_member_with_default (r, "status", "") : "";

      if (g_str_equal (status, "ok"))
        self->pushed[0]++;
      else if (g_str_equal (status, "duplicate"))
        self->pushed[1]++;
      else if (g_str_equal (status, "rejected"))
        {
          self->pushed[2]++;
          add (self->rejected, json_object_get_string_member_with_default (r, "code", "rejected"), 1);
        }
    }
}

void
_jz_server_metrics_pulled (JzServerMetrics *self,
                           guint            n)
{
  self->pulled += n;
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* @table's keys, sorted (borrowed) */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

static guint64
file_size (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

/* Whether @msg sends the metrics token, compared in constant time. */
static gboolean
token_sent (JzServerMetrics   *self,
            SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  gsize len = strlen (self->token);

  return auth != NULL && g_str_has_prefix (auth, "Bearer ") && strlen (auth + 7) == len &&
         sodium_memcmp (auth + 7, self->token, len) == 0;
}

void
_jz_server_handle_metrics (JzServer          *self,
                           SoupServerMessage *msg)
{
  JzServerMetrics *m = self->metrics;
  g_autoptr(GString) out = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  JzCountyActivity activity;

  if (m->token == NULL)
    {
      jz_server_set_error (msg, 404, "not_found",
                           "metrics are off: set JUZHU_SERVER_METRICS_TOKEN for the server (docs/deploy.md)");
      return;
    }
  if (!token_sent (m, msg))
    {
      jz_server_set_error (msg, 401, "unauthorized", "metrics need “Authorization: Bearer” and the metrics token");
      return;
    }
  if (!jz_county_activity (self->county, g_get_real_time () / 1000, &activity, &error))
    {
      jz_server_set_error (msg, 503, "unavailable", "the database cannot be read now");
      return;
    }

  out = g_string_sized_new (4096);
  g_string_append (out, "# HELP juzhu_requests_total Requests answered, by endpoint and status.\n"
                        "# TYPE juzhu_requests_total counter\n");
  keys = sorted_keys (m->requests);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];
      const char *tab = strchr (key, '\t');

      g_string_append_printf (out, "juzhu_requests_total{endpoint=\"%.*s\",status=\"%s\"} %" G_GUINT64_FORMAT "\n",
                              (int) (tab - key), key, tab + 1,
                              *(guint64 *) g_hash_table_lookup (m->requests, key));
    }
  g_clear_pointer (&keys, g_ptr_array_unref);
  g_string_append (out, "# HELP juzhu_request_seconds_sum Time spent answering, by endpoint.\n"
                        "# TYPE juzhu_request_seconds_sum counter\n");
  keys = sorted_keys (m->seconds);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (out, "juzhu_request_seconds_sum{endpoint=\"%s\"} %.3f\n", (const char *) keys->pdata[i],
                            *(double *) g_hash_table_lookup (m->seconds, keys->pdata[i]));
  g_clear_pointer (&keys, g_ptr_array_unref);

  g_string_append_printf (out,
                          "# HELP juzhu_pushed_change_sets_total Change sets pushed, by outcome.\n"
                          "# TYPE juzhu_pushed_change_sets_total counter\n"
                          "juzhu_pushed_change_sets_total{result=\"ok\"} %" G_GUINT64_FORMAT "\n"
                          "juzhu_pushed_change_sets_total{result=\"duplicate\"} %" G_GUINT64_FORMAT "\n"
                          "juzhu_pushed_change_sets_total{result=\"rejected\"} %" G_GUINT64_FORMAT "\n",
                          m->pushed[0], m->pushed[1], m->pushed[2]);
  g_string_append (out, "# HELP juzhu_rejected_change_sets_total Change sets refused, by code.\n"
                        "# TYPE juzhu_rejected_change_sets_total counter\n");
  keys = sorted_keys (m->rejected);
  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *code = g_strcanon (g_strdup (keys->pdata[i]), "abcdefghijklmnopqrstuvwxyz_0123456789", '_');

      g_string_append_printf (out, "juzhu_rejected_change_sets_total{code=\"%s\"} %" G_GUINT64_FORMAT "\n", code,
                              *(guint64 *) g_hash_table_lookup (m->rejected, keys->pdata[i]));
    }
  g_string_append_printf (out,
                          "# HELP juzhu_pull_requests_total Pull and snapshot pages answered.\n"
                          "# TYPE juzhu_pull_requests_total counter\n"
                          "juzhu_pull_requests_total %" G_GUINT64_FORMAT "\n"
                          "# HELP juzhu_database_bytes The county database with its log.\n"
                          "# TYPE juzhu_database_bytes gauge\n"
                          "juzhu_database_bytes %" G_GUINT64_FORMAT "\n"
                          "# HELP juzhu_feed_seq The change feed's last seq.\n"
                          "# TYPE juzhu_feed_seq gauge\n"
                          "juzhu_feed_seq %" G_GINT64_FORMAT "\n"
                          "# HELP juzhu_devices Devices not revoked, by their last contact.\n"
                          "# TYPE juzhu_devices gauge\n"
                          "juzhu_devices{last_contact=\"1d\"} %u\n"
                          "juzhu_devices{last_contact=\"7d\"} %u\n"
                          "juzhu_devices{last_contact=\"30d\"} %u\n"
                          "juzhu_devices{last_contact=\"older\"} %u\n"
                          "juzhu_devices{last_contact=\"never\"} %u\n"
                          "# HELP juzhu_devices_revoked Devices revoked.\n"
                          "# TYPE juzhu_devices_revoked gauge\n"
                          "juzhu_devices_revoked %u\n",
                          m->pulled,
                          activity.database_bytes >= 0 ? (guint64) activity.database_bytes
                          : file_size (self->data_dir, "county.db") + file_size (self->data_dir, "county.db-wal"),
                          activity.feed_seq, activity.seen_1d, activity.seen_7d, activity.seen_30d,
                          activity.seen_older, activity.never_seen, activity.revoked);

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_COPY,
                                    out->str, out->len);
}
