/* jz-server-hooks.c — what the photo endpoints (jz-server-files.c) ask
 * the county: who is calling, whether it may read a photo, whether a
 * received photo is one, and who sent it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-photo.h"
#include "jz-server-private.h"

/* The photo endpoints' hooks: the device is kept on the message. */
static char *
files_auth (SoupServerMessage *msg,
            gpointer           user_data)
{
  JzCountyDevice *device = _jz_server_authenticate (user_data, msg);
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

const JzServerFilesHooks _jz_server_files_hooks = {
  files_auth,
  files_may_read,
  files_check,
  files_uploaded,
};
