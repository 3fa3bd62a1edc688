/* jz-sync-station.c — the station's own signing key, certified by the
 * county, for the codes on the papers it prints (docs/papers.md)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key is made here and its secret half stays in the store, whose
 * pages are encrypted with the device's data key: a purge forgets it with
 * everything else. The county certifies the public half for
 * JZ_STATION_CERT_DAYS; a sync renews the certificate when fewer than
 * JZ_STATION_RENEW_DAYS are left. A revoked device cannot renew.
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "jz-date.h"
#include "jz-paper-code.h"
#include "jz-uuid.h"
#include "jz-sync-client-private.h"

/* TRUE when the certificate kept is good for long enough and signed by
 * the key the county names now, or asking for one failed today already
 * (a sync with nothing new stays two requests). */
static gboolean
still_good (JzStore    *store,
            const char *county_now)
{
  g_autofree char *tried = jz_store_get_meta (store, "station_cert_tried", NULL);
  g_autofree char *today_text = NULL;
  g_autofree char *cert = jz_store_get_meta (store, "station_cert", NULL);
  g_autofree char *county = jz_store_get_meta (store, "county_key", NULL);
  g_autofree char *until = jz_store_get_meta (store, "station_cert_until", NULL);
  GDate last, today;

  jz_date_today (&today);
  today_text = jz_date_format (&today);
  if (g_strcmp0 (tried, today_text) == 0)
    return TRUE;
  g_date_clear (&last, 1);
  if (cert == NULL || county == NULL || until == NULL ||
      !jz_date_parse (until, &last, NULL))
    return FALSE;
  /* the county made a new key: every station is certified again */
  if (county_now != NULL && g_strcmp0 (county_now, county) != 0)
    return FALSE;
  return g_date_days_between (&today, &last) >= JZ_STATION_RENEW_DAYS;
}

static gboolean
certify (Run     *run,
         GError **error)
{
  JzStore *store = run->client->store;
  g_autofree char *seed = jz_store_get_meta (store, "station_key", NULL);
  g_autofree char *old_county = NULL;
  g_autoptr(JzSigningKey) key = NULL;
  g_autofree char *public_b64 = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GBytes) county = NULL;
  g_autoptr(GBytes) own = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autofree char *last_text = NULL;
  const char *cert_b64, *county_b64;
  guchar *raw;
  gsize raw_len = 0;
  gboolean ok;
  GDate last;

  if (seed != NULL)
    {
      key = jz_signing_key_new_from_seed (seed, NULL);
      sodium_memzero (seed, strlen (seed));
    }
  if (key == NULL)
    {
      g_autofree char *new_seed = NULL;

      /* kept before it is sent: a certificate answered for it is of use
       * only with it */
      key = jz_signing_key_new_random ();
      new_seed = jz_signing_key_get_seed (key);
      ok = jz_store_set_meta (store, "station_key", new_seed, error);
      sodium_memzero (new_seed, strlen (new_seed));
      if (!ok)
        return FALSE;
    }
  public_b64 = jz_signing_key_get_public_base64 (key);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "public_key");
  json_builder_add_string_value (b, public_b64);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  answer = _jz_sync_run_call (run, "POST", "station-key", body, "station key", NULL, error);
  if (answer == NULL)
    return FALSE;

  cert_b64 = _jz_sync_get_string (answer, "certificate");
  county_b64 = _jz_sync_get_string (answer, "county_key");
  county = county_b64 != NULL ? jz_sign_public_from_base64 (county_b64, NULL) : NULL;
  if (cert_b64 != NULL && strlen (cert_b64) < 512)
    {
      raw = g_base64_decode (cert_b64, &raw_len);
      cert = g_bytes_new_take (raw, raw_len);
    }
  own = g_bytes_new (jz_signing_key_get_public (key), JZ_SIGN_PUBLIC_BYTES);
  if (county == NULL || cert == NULL || !jz_station_cert_check (cert, county, own, &last, NULL))
    {
      g_set_error_literal (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                           "station key: the server's answer is not a certificate of this station's "
                           "key signed by the county key it names");
      return FALSE;
    }
  last_text = jz_date_format (&last);
  /* A county that made a new key: the one before stays, with the day it
   * was replaced, for the papers printed under it — only for stations it
   * certified before that day (jz_registry_paper_verify). */
  old_county = jz_store_get_meta (store, "county_key", NULL);
  if (old_county != NULL && !g_str_equal (old_county, county_b64))
    {
      g_autofree char *kept = jz_store_get_meta (store, "county_keys_old", NULL);
      g_autofree char *keys = NULL;
      g_autofree char *today_text = NULL;
      GDate today;

      if (kept == NULL || strstr (kept, old_county) == NULL)
        {
          jz_date_today (&today);
          today_text = jz_date_format (&today);
          keys = g_strdup_printf ("%s%s%s %s", kept != NULL ? kept : "", kept != NULL ? "\n" : "", old_county,
                                  today_text);
          if (!jz_store_set_meta (store, "county_keys_old", keys, error))
            return FALSE;
        }
    }
  return jz_store_set_meta (store, "station_cert", cert_b64, error) &&
         jz_store_set_meta (store, "county_key", county_b64, error) &&
         jz_store_set_meta (store, "station_cert_until", last_text, error);
}

/* Never stops a sync: records travel whether or not papers can be signed
 * (the problem is kept for the app to show). A revoked device, a purge
 * order or a cancel stop it as they would any step. */
gboolean
_jz_sync_step_station_key (Run     *run,
                           GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *today_text = NULL;
  GDate today;

  if (still_good (run->client->store, run->county_key))
    return TRUE;
  if (certify (run, &local_error))
    return jz_store_set_meta (run->client->store, "station_cert_problem", NULL, error) &&
           jz_store_set_meta (run->client->store, "station_cert_tried", NULL, error);
  if (g_error_matches (local_error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE) ||
      g_error_matches (local_error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_UNAUTHORIZED) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_message ("the station key was not certified: %s", local_error->message);
  jz_date_today (&today);
  today_text = jz_date_format (&today);
  return jz_store_set_meta (run->client->store, "station_cert_problem", local_error->message, error) &&
         jz_store_set_meta (run->client->store, "station_cert_tried", today_text, error);
}

/* The stations the county revoked lately, as health lists them: kept as
 * lines "DEVICE YYYY-MM-DD" for jz_registry_paper_verify(). Entries that
 * are not a device id and a date are left out; a health without the list
 * (an older server) leaves what was kept. */
gboolean
_jz_sync_note_revoked_stations (Run         *run,
                                JsonObject  *health,
                                GError     **error)
{
  JsonNode *node = json_object_get_member (health, "revoked_stations");
  g_autoptr(GString) lines = g_string_new (NULL);
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list) && i < 100000; i++)
    {
      JsonNode *pair = json_array_get_element (list, i);
      JsonArray *a = JSON_NODE_HOLDS_ARRAY (pair) ? json_node_get_array (pair) : NULL;
      JsonNode *id_node = a != NULL && json_array_get_length (a) == 2 ? json_array_get_element (a, 0) : NULL;
      JsonNode *day_node = id_node != NULL ? json_array_get_element (a, 1) : NULL;
      const char *id, *day;
      GDate date;

      if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node) || json_node_get_value_type (id_node) != G_TYPE_STRING ||
          !JSON_NODE_HOLDS_VALUE (day_node) || json_node_get_value_type (day_node) != G_TYPE_STRING)
        continue;
      id = json_node_get_string (id_node);
      day = json_node_get_string (day_node);
      g_date_clear (&date, 1);
      if (!jz_uuid_is_valid (id) || strlen (day) != 10 || !jz_date_parse (day, &date, NULL))
        continue;
      g_string_append_printf (lines, "%s%s %s", lines->len > 0 ? "\n" : "", id, day);
    }
  return jz_store_set_meta (run->client->store, "revoked_stations", lines->len > 0 ? lines->str : NULL, error);
}
