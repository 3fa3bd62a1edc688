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

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "jz-county-private.h"
#include "jz-date.h"
#include "jz-json-scan.h"
#include "jz-protocol.h"

#define KEY_FILE "county-sign.key"


static char *
fingerprint_of (JzSigningKey *key)
{
  g_autoptr(GBytes) pub = g_bytes_new (jz_signing_key_get_public (key), JZ_SIGN_PUBLIC_BYTES);

  return jz_sign_public_fingerprint (pub);
}

/* The key, read once. Its fingerprint is kept in the database when it is
 * made: a data directory moved or restored without the key file is not
 * silently given a new one, which would leave every paper printed so far
 * checking against a key no verifier has. */
JzSigningKey *
_jz_county_signing_key (JzCounty  *self,
                        GError   **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->sign_lock);
  g_autofree char *path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(JzSigningKey) key = NULL;

  if (self->sign_key != NULL)
    return self->sign_key;
  path = g_build_filename (self->data_dir, KEY_FILE, NULL);
  {
    g_autoptr(GError) meta_error = NULL;

    kept = jz_store_get_meta (self->store, "county_key_fingerprint", &meta_error);
    if (meta_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&meta_error));
        return NULL;
      }
  }
  if (kept != NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "%s is missing, and the county's papers are signed with the key %s: restore the "
                   "file from the data directory's backup, or make a new key with "
                   "juzhu-server county-key --new (papers printed before then check only against "
                   "the old key)", path, kept);
      return NULL;
    }
  key = jz_signing_key_ensure_file (path, NULL, error);
  if (key == NULL)
    return NULL;
  fingerprint = fingerprint_of (key);
  if (kept != NULL && !g_str_equal (kept, fingerprint))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "%s is the key %s, not the county's (%s): put the county's key back, or make a "
                   "new one with juzhu-server county-key --new", path, fingerprint, kept);
      return NULL;
    }
  if (kept == NULL && !jz_store_set_meta (self->store, "county_key_fingerprint", fingerprint, error))
    return NULL;
  self->sign_key = g_steal_pointer (&key);
  return self->sign_key;
}

/**
 * jz_county_new_signing_key:
 *
 * Replaces the county's signing key with a new one (`county-key --new`):
 * every station is certified again at its next sync, and papers signed
 * before check only against the old key, kept as county-sign.key.old-
 * and the time (never one over another). A running server goes on with
 * the key it read until it is restarted.
 */
char *
jz_county_new_signing_key (JzCounty  *self,
                           GError   **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, KEY_FILE, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *old = g_strconcat (path, ".old-", stamp, NULL);

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->sign_lock);

    g_clear_pointer (&self->sign_key, jz_signing_key_free);
    /* the old key kept aside, not destroyed: a mistake can be undone */
    if (g_file_test (old, G_FILE_TEST_EXISTS))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s exists; wait a second and run it again", old);
        return NULL;
      }
    if (g_file_test (path, G_FILE_TEST_EXISTS) && g_rename (path, old) != 0)
      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
        return NULL;
      }
    if (!jz_store_set_meta (self->store, "county_key_fingerprint", NULL, error))
      return NULL;
  }
  return jz_county_get_public_key (self, error);
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
  g_autofree char *fingerprint = NULL;
  JzSigningKey *key;
  JzStationRole role;
  JsonObject *object, *out;
  const char *area;
  g_autoptr(GTimeZone) cst = NULL;
  GDateTime *now;
  GDate first, last;

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
  /* what the account may sign: the registration station its papers, a
   * landlord or an employer only its own proof */
  if (g_strcmp0 (device->role, "landlord") == 0)
    role = JZ_STATION_LANDLORD;
  else if (g_strcmp0 (device->role, "employer") == 0)
    role = JZ_STATION_EMPLOYER;
  else if (g_strcmp0 (device->role, "committee") == 0 || g_strcmp0 (device->role, "county") == 0)
    role = JZ_STATION_OFFICE;
  else
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD,
                   "public_key: a %s account signs no papers", device->role ? device->role : "(no role)");
      return NULL;
    }
  /* from yesterday (a device's date may trail the county's by a day), in
   * China Standard Time as every date of the records */
  cst = g_time_zone_new_offset (8 * 3600);
  now = g_date_time_new_from_unix_utc (_jz_county_now_ms (self) / 1000);
  {
    GDateTime *local = g_date_time_to_timezone (now, cst);

    g_date_time_unref (now);
    now = local;
  }
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_time_unref (now);
  last = first;
  g_date_subtract_days (&first, 1);
  g_date_add_days (&last, JZ_STATION_CERT_DAYS);
  cert = jz_station_cert_issue (key, device->id, station, role, area, &first, &last, error);
  if (cert == NULL)
    return NULL;

  county_key = jz_signing_key_get_public_base64 (key);
  last_text = jz_date_format (&last);
  out = json_object_new ();
  cert_text = g_base64_encode (g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
  json_object_set_string_member (out, "certificate", cert_text);
  json_object_set_string_member (out, "county_key", county_key);
  json_object_set_string_member (out, "last_day", last_text);
  fingerprint = jz_sign_public_fingerprint (station);
  g_message ("device %s: station key %s certified until %s", device->id, fingerprint, last_text);
  return out;
}
