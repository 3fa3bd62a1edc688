/* jz-server-health.c — GET /api/v1/health: the server's clock, profile,
 * epoch and limits, after a real read of the database and of the free disk
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-server-private.h"

/* The bytes free to this user on @dir's file system. */
static gboolean
disk_free (const char *dir,
           guint64    *out)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE,
                                                            NULL, NULL);

  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return FALSE;
  *out = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
  return TRUE;
}

void
_jz_server_handle_health (JzServer          *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(JzCountyDevice) device = NULL;
  g_autofree char *now = NULL;
  JsonObject *tus;
  JsonArray *ext;

  /* Open to all; but a device that sends its token has it checked, so a
   * revoked one hears it (and a purge order) at the start of every sync. */
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") != NULL)
    {
      device = _jz_server_authenticate (self, msg);
      if (device == NULL)
        return;
    }

  o = json_object_new ();
  now = _jz_server_now_rfc3339 ();
  tus = json_object_new ();
  ext = json_array_new ();

  /* A real read of the database and the free disk: a server that cannot
   * keep what it is sent says so before a device sends it (503). What
   * failed is logged, not answered: strangers may ask. */
  {
    g_autoptr(GError) db_error = NULL;
    gboolean db_ok = jz_county_check_database (self->county, &db_error);
    guint64 free_bytes = 0;
    gboolean disk_ok = disk_free (self->data_dir, &free_bytes) && free_bytes >= self->min_free;
    JsonObject *checks = json_object_new ();
    JsonObject *e;

    json_object_set_string_member (checks, "database", db_ok ? "ok" : "failing");
    json_object_set_string_member (checks, "disk", disk_ok ? "ok" : "low");
    json_object_set_object_member (o, "checks", checks);
    if (!db_ok || !disk_ok)
      {
        if (!db_ok)
          g_warning ("health: the database fails: %s", db_error->message);
        if (!disk_ok)
          g_warning ("health: %" G_GUINT64_FORMAT " MiB free on the data directory's disk, under the %"
                     G_GUINT64_FORMAT " MiB asked (JUZHU_SERVER_MIN_FREE_MB)",
                     free_bytes / (1024 * 1024), self->min_free / (1024 * 1024));
        e = json_object_new ();
        json_object_set_string_member (e, "code", "unavailable");
        json_object_set_string_member (e, "message",
                                       db_ok ? "the county server's disk is nearly full: it cannot keep what is "
                                               "sent now; county IT sees it in the server's log"
                                             : "the county server cannot read its database now; county IT sees "
                                               "why in the server's log");
        json_object_set_string_member (o, "status", "failing");
        json_object_set_object_member (o, "error", e);
        json_object_set_string_member (o, "server", "juzhu-server " PACKAGE_VERSION);
        json_object_set_int_member (o, "protocol", 1);
        json_object_unref (tus);
        json_array_unref (ext);
        _jz_server_set_json (msg, 503, o);
        return;
      }
  }

  json_object_set_string_member (o, "status", "ok");
  json_object_set_string_member (o, "server", "juzhu-server " PACKAGE_VERSION);
  json_object_set_int_member (o, "protocol", 1);
  json_object_set_string_member (o, "server_time", now);
  json_object_set_string_member (o, "profile", self->profile);
  /* which life of the database: a device that saw another one sends again
   * from acked_seq and pulls again (docs/sync-protocol.md, "Restores") */
  json_object_set_string_member (o, "epoch", self->epoch);
  /* the key a station's certificate must be signed with */
  json_object_set_string_member (o, "county_key", self->county_key);
  /* to a device: the stations revoked whose certificates may still run,
   * so that it refuses what they sign from then on */
  if (device != NULL)
    {
      g_autoptr(GError) revoked_error = NULL;
      JsonArray *revoked = jz_county_revoked_stations (self->county, g_get_real_time () / 1000, &revoked_error);

      if (revoked != NULL)
        json_object_set_array_member (o, "revoked_stations", revoked);
      else
        g_warning ("health: the revoked stations cannot be read: %s", revoked_error->message);
    }
  if (device != NULL)
    json_object_set_int_member (o, "acked_seq", device->acked_seq);
  json_object_set_object_member (o, "limits", jz_protocol_limits ());
  json_object_set_string_member (tus, "version", "1.0.0");
  json_array_add_string_element (ext, "creation");
  json_array_add_string_element (ext, "checksum");
  json_array_add_string_element (ext, "termination");
  json_object_set_array_member (tus, "extensions", ext);
  json_object_set_object_member (o, "tus", tus);
  _jz_server_set_json (msg, 200, o);
}

