/* jz-county-papers.c — the county's signing key, and the certificates it
 * gives stations for the codes on their printed papers
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key is DATA_DIR/county-sign.key (0600), made the first time it is
 * needed. It is the one secret a verifier's trust rests on: it is kept
 * out of the database (a PostgreSQL county's database is reached by
 * others), and backed up with the data directory (docs/papers.md).
 */
#include "config.h"

#include <string.h>

#include "jz-county-private.h"
#include "jz-date.h"
#include "jz-json-scan.h"
#include "jz-protocol.h"

#define KEY_FILE "county-sign.key"


JzSigningKey *
_jz_county_signing_key (JzCounty  *self,
                        GError   **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->sign_lock);

  if (self->sign_key == NULL)
    {
      g_autofree char *path = g_build_filename (self->data_dir, KEY_FILE, NULL);

      self->sign_key = jz_signing_key_ensure_file (path, NULL, error);
    }
  return self->sign_key;
}

/**
 * jz_county_get_public_key:
 *
 * The county's public key in base64: what verifiers are given. Makes the
 * county's signing key when there is none yet.
 */
char *
jz_county_get_public_key (JzCounty  *self,
                          GError   **error)
{
  JzSigningKey *key = _jz_county_signing_key (self, error);

  return key != NULL ? jz_signing_key_get_public_base64 (key) : NULL;
}

static gboolean
area_code (const char *area)
{
  gsize n = area != NULL ? strlen (area) : 0;

  if (n < 2 || n > 12)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (area[i]))
      return FALSE;
  return TRUE;
}

/**
 * jz_county_station_cert:
 * @body: the request, {"public_key": BASE64}
 *
 * Certifies the station key a device made for itself, for JZ_STATION_CERT_DAYS
 * days: {certificate, county_key, last_day}. The area it names is the
 * device's account's (the county's for an account without one).
 */
JsonObject *
jz_county_station_cert (JzCounty        *self,
                        JzCountyDevice  *device,
                        const char      *body,
                        gsize            len,
                        GError         **error)
{
  static const JzJsonLimits limits = { 2, 4 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) station = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *county_area = NULL;
  g_autofree char *county_key = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *cert_text = NULL;
  JzSigningKey *key;
  JsonObject *object, *out;
  const char *area;
  GDateTime *now;
  GDate last;

  node = jz_json_parse_strict (body != NULL ? body : "", len, &limits, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED,
                           "the body must be a JSON object: {\"public_key\": BASE64}");
      return NULL;
    }
  object = json_node_get_object (node);
  if (json_object_get_size (object) != 1 || !json_object_has_member (object, "public_key") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "public_key")) ||
      json_node_get_value_type (json_object_get_member (object, "public_key")) != G_TYPE_STRING)
    {
      g_set_error_literal (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD,
                           "public_key: a string, and no other member");
      return NULL;
    }
  station = jz_sign_public_from_base64 (json_object_get_string_member (object, "public_key"), &local_error);
  if (station == NULL)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD, "public_key: %s",
                   local_error->message);
      return NULL;
    }

  key = _jz_county_signing_key (self, error);
  if (key == NULL)
    return NULL;
  county_area = jz_county_get_area (self);
  area = area_code (device->area) ? device->area : county_area;
  if (!area_code (area))
    {
      g_set_error_literal (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD,
                           "the county has no division code to certify a station under; "
                           "county IT sets it with juzhu-server init --county AREA");
      return NULL;
    }
  now = g_date_time_new_from_unix_local (_jz_county_now_ms (self) / 1000);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_time_unref (now);
  g_date_add_days (&last, JZ_STATION_CERT_DAYS);
  cert = jz_station_cert_issue (key, device->id, station, area, &last, error);
  if (cert == NULL)
    return NULL;

  county_key = jz_signing_key_get_public_base64 (key);
  last_text = jz_date_format (&last);
  out = json_object_new ();
  cert_text = g_base64_encode (g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
  json_object_set_string_member (out, "certificate", cert_text);
  json_object_set_string_member (out, "county_key", county_key);
  json_object_set_string_member (out, "last_day", last_text);
  g_message ("device %s: station key certified until %s", device->id, last_text);
  return out;
}
