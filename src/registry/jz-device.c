/* jz-device.c — this device's data directory, opened
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's JzSession and the CLI's context used to build this graph each
 * on its own (store, rules, codes, holiday calendars, registry); they now
 * open a JzDevice and add what only they need (the sync client and the
 * signed-in user for the app, the clock offset and options for the CLI).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-device.h"
#include "jz-sealed.h"
#include "jz-holidays.h"

struct _JzDevice
{
  GObject     parent_instance;

  char       *data_dir;
  char       *stored_profile;   /* as the data directory was set, or NULL */
  JzStore    *store;
  JzProfile  *profile;
  JzCodes    *codes;
  JzRegistry *registry;
  GError     *holidays_error;
};

G_DEFINE_FINAL_TYPE (JzDevice, jz_device, G_TYPE_OBJECT)

static void
jz_device_dispose (GObject *object)
{
  JzDevice *self = JZ_DEVICE (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->codes);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (jz_device_parent_class)->dispose (object);
}

static void
jz_device_finalize (GObject *object)
{
  JzDevice *self = JZ_DEVICE (object);

  g_free (self->data_dir);
  g_free (self->stored_profile);
  g_clear_error (&self->holidays_error);

  G_OBJECT_CLASS (jz_device_parent_class)->finalize (object);
}

static void
jz_device_class_init (JzDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jz_device_dispose;
  object_class->finalize = jz_device_finalize;
}

static void
jz_device_init (JzDevice *self)
{
}

/* A data directory of an older version: its database was encrypted when
 * the store opened; its photos and token are sealed here, each file
 * written aside and renamed over the plain one, so a crash leaves each
 * whole and the next start goes on. Done once ("files_sealed"). */
static gboolean
seal_plain_files (JzDevice   *self,
                  JzDataKey  *key,
                  GError    **error)
{
  g_autofree char *done = NULL;
  g_autofree char *token = g_build_filename (self->data_dir, "token", NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) plain = NULL;
  gboolean was_plain = FALSE;
  guint sealed = 0;

  done = jz_store_get_meta (self->store, "files_sealed", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (done != NULL)
    return TRUE;
  if (!jz_photo_store_seal_plain (jz_registry_get_photos (self->registry), &sealed, NULL, error))
    return FALSE;
  plain = jz_sealed_read_file (key, "token", token, &was_plain, NULL);
  if (plain != NULL && was_plain && !jz_sealed_write_file (key, "token", token, plain, error))
    return FALSE;
  if (sealed > 0 || was_plain)
    g_debug ("sealed %u photo files%s of an older version", sealed, was_plain ? " and the token" : "");
  return jz_store_set_meta (self->store, "files_sealed", "1", error);
}

/**
 * jz_device_open:
 * @data_dir: the data directory (created on first use)
 * @profile: (nullable): rules to use instead of the ones the data
 *   directory was set to
 *
 * Opens the store, loads the rules (@profile, else the stored ones, else
 * %JZ_DEVICE_DEFAULT_PROFILE), the code tables and the imported holiday
 * calendars, and makes the registry. A calendar that no longer loads is
 * not fatal (its deadlines are then not moved past holidays, never later
 * than the law allows): jz_device_get_holidays_error() says which, for the
 * caller to tell the user. Rules that do not load are an error of
 * %JZ_PROFILE_ERROR that names them.
 */
JzDevice *
jz_device_open (const char  *data_dir,
                const char  *profile,
                GError     **error)
{
  g_autoptr(JzDataKey) key = jz_data_key_from_env (FALSE, data_dir, NULL, error);

  if (key == NULL)
    return NULL;
  return jz_device_open_with_key (data_dir, key, profile, error);
}

/**
 * jz_device_open_with_key:
 * @data_dir: the data directory
 * @key: its data key (the app takes it from the Secret Service)
 * @profile: (nullable): as for jz_device_open()
 *
 * jz_device_open() with the key given rather than read from the file
 * $JUZHU_KEY_FILE names.
 */
JzDevice *
jz_device_open_with_key (const char  *data_dir,
                         JzDataKey   *key,
                         const char  *profile,
                         GError     **error)
{
  g_autoptr(JzDevice) self = g_object_new (JZ_TYPE_DEVICE, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzHolidays) holidays = NULL;
  const char *name;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self->data_dir = g_strdup (data_dir);
  self->store = jz_store_open_with_key (data_dir, key, error);
  if (self->store == NULL)
    return NULL;

  self->stored_profile = jz_store_get_meta (self->store, "profile", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  name = profile ? profile : self->stored_profile ? self->stored_profile : JZ_DEVICE_DEFAULT_PROFILE;
  self->profile = jz_profile_load (name, error);
  if (self->profile == NULL)
    {
      if (profile != NULL)
        g_prefix_error (error, _("The rules %s cannot be loaded: "), name);
      else
        g_prefix_error (error, _("The rules of this device (%s) cannot be loaded: "), name);
      return NULL;
    }

  self->codes = jz_codes_new (error);
  if (self->codes == NULL)
    return NULL;

  /* a calendar that does not load is told, not fatal; the others are used */
  holidays = jz_holidays_new ();
  jz_holidays_load_dir (holidays, data_dir, &self->holidays_error);

  self->registry = jz_registry_new (self->store, self->profile, holidays);
  if (!seal_plain_files (self, key, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
jz_device_get_data_dir (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return self->data_dir;
}

JzStore *
jz_device_get_store (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return self->store;
}

JzProfile *
jz_device_get_profile (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return self->profile;
}

/* The rules the data directory was set to (meta "profile"), or NULL. */
const char *
jz_device_get_stored_profile (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return self->stored_profile;
}

JzRegistry *
jz_device_get_registry (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return self->registry;
}

JzPhotoStore *
jz_device_get_photos (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return jz_registry_get_photos (self->registry);
}

JzCodes *
jz_device_get_codes (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return self->codes;
}

/* Why an imported holiday calendar did not load, or NULL. */
const GError *
jz_device_get_holidays_error (JzDevice *self)
{
  g_return_val_if_fail (JZ_IS_DEVICE (self), NULL);
  return self->holidays_error;
}
