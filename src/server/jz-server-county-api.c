/* jz-server-county-api.c — what devices read from the county: reference
 * data (GET refdata/divisions, refdata/holidays) and the county role's monthly report
 * (GET reports/monthly?month=YYYY-MM); a station's key certified (POST station-key)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-date.h"
#include "jz-server-private.h"

static JsonObject *
divisions_call (JzServer        *self,
                JzCountyDevice  *device,
                const char      *arg,
                GError         **error)
{
  return jz_county_divisions (self->county, error);
}

static JsonObject *
holidays_call (JzServer        *self,
               JzCountyDevice  *device,
               const char      *arg,
               GError         **error)
{
  return jz_county_holidays (self->county, error);
}

/* The body was checked for size and NUL bytes by the handler. */
static JsonObject *
station_key_call (JzServer        *self,
                  JzCountyDevice  *device,
                  const char      *body,
                  GError         **error)
{
  return jz_county_station_cert (self->county, device, body, strlen (body), error);
}

/* POST station-key: a station's own public key, certified for the codes
 * on its papers (docs/papers.md). */
static void
handle_station_key (JzServer          *self,
                    SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *body = NULL;
  JzCountyDevice *device;
  const char *data;
  gsize len = 0;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      _jz_server_not_allowed (msg, "POST");
      return;
    }
  if ((device = _jz_server_authenticate (self, msg)) == NULL)
    return;
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &len);
  if (len > 1024 || (len > 0 && memchr (data, '\0', len) != NULL))
    {
      jz_server_set_error (msg, len > 1024 ? 413 : 400, len > 1024 ? "too_large" : "malformed_json",
                           "station-key: the body is {\"public_key\": BASE64}, under 1 KiB, as text");
      jz_county_device_free (device);
      return;
    }
  body = g_strndup (data != NULL ? data : "", len);
  _jz_server_run_call (self, msg, device, station_key_call, body);
}

/* A report reads the whole county in one transaction, holding the store's
 * thread (1.5 s at 100 000 persons, docs/performance.md), and pushes wait
 * for it: each month's is made at most once a minute, however often a
 * device asks, and the same answer given meanwhile. */
#define REPORT_KEEP_US (60 * G_USEC_PER_SEC)

typedef struct
{
  gint64  made;      /* monotonic µs */
  char   *text;      /* the report as JSON text: each answer parses its own
                      * object (json-glib's counts are not atomic, and the
                      * main loop frees the answer) */
} Report;

void
_jz_server_report_free (gpointer data)
{
  Report *r = data;

  g_free (r->text);
  g_free (r);
}

static JsonObject *
report_call (JzServer        *self,
             JzCountyDevice  *device,
             const char      *month,
             GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reports_lock);
  Report *kept = g_hash_table_lookup (self->reports, month);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) report = NULL;
  GDate today;

  /* (the lock is held while one is made: a second request for it waits
   * and takes the same) */
  if (kept == NULL || g_get_monotonic_time () - kept->made >= REPORT_KEEP_US)
    {
      GHashTableIter iter;
      gpointer value;

      jz_date_today (&today);
      report = jz_server_report (self->county, self->data_dir, month, &today, error);
      if (report == NULL)
        return NULL;
      /* only the last minute's are kept */
      g_hash_table_iter_init (&iter, self->reports);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (g_get_monotonic_time () - ((Report *) value)->made >= REPORT_KEEP_US)
          g_hash_table_iter_remove (&iter);
      kept = g_new0 (Report, 1);
      kept->made = g_get_monotonic_time ();
      kept->text = _jz_server_object_text (report);
      g_hash_table_replace (self->reports, g_strdup (month), kept);
      return g_steal_pointer (&report);
    }
  node = json_from_string (kept->text, error);
  return node != NULL ? json_object_ref (json_node_get_object (node)) : NULL;
}

/* TRUE when @rel is one of these endpoints (and the request is answered
 * or on its way). */
gboolean
_jz_server_county_api (JzServer          *self,
                       SoupServerMessage *msg,
                       const char        *rel,
                       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  JzCountyDevice *device;
  JzServerCall call;
  const char *arg = NULL;

  if (g_str_equal (rel, "station-key"))
    {
      handle_station_key (self, msg);
      return TRUE;
    }
  if (g_str_equal (rel, "refdata/divisions"))
    call = divisions_call;
  else if (g_str_equal (rel, "refdata/holidays"))
    call = holidays_call;
  else if (g_str_equal (rel, "reports/monthly"))
    call = report_call;
  else
    return FALSE;

  if (!g_str_equal (method, "GET"))
    {
      _jz_server_not_allowed (msg, "GET");
      return TRUE;
    }
  if ((device = _jz_server_authenticate (self, msg)) == NULL)
    return TRUE;
  if (call == report_call)
    {
      /* the whole county's figures are the county office's */
      if (g_strcmp0 (device->role, "county") != 0)
        {
          jz_server_set_error (msg, 403, "forbidden", "the monthly report is the county office's: a %s "
                               "device may not read it", device->role);
          jz_county_device_free (device);
          return TRUE;
        }
      arg = query ? g_hash_table_lookup (query, "month") : NULL;
      if (arg == NULL)
        {
          jz_server_set_error (msg, 400, "invalid_field", "month: missing (reports/monthly?month=YYYY-MM)");
          jz_county_device_free (device);
          return TRUE;
        }
    }
  _jz_server_run_call (self, msg, device, call, arg);
  return TRUE;
}
