/* jz-keyring-key.c — the app keeps the data key in the keyring (libsecret)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data key of a data directory (jz-data-key.h) is a secret of the
 * schema "io.github.juzhu.Juzhu.DataKey" with the attribute "data-dir"
 * (absolute). These calls wait: the app makes them on the worker that
 * opens its session, never on the UI thread.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <libsecret/secret.h>
#include <sodium.h>

#include "jz-keyring.h"

static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    "io.github.juzhu.Juzhu.DataKey", SECRET_SCHEMA_NONE,
    {
      { "data-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

/**
 * jz_keyring_data_key_sync:
 * @data_dir: the data directory
 * @create: make a key and keep it when there is none and the directory
 *   holds no encrypted data yet (new, or plain from an older version)
 * @created: (out) (optional): set when a key was made
 *
 * The data key of @data_dir from the Secret Service.
 *
 * Returns: the key, or %NULL with %JZ_CRYPT_ERROR_NO_KEY when the keyring
 *   has none (and none may be made), or the keyring's own error
 */
JzDataKey *
jz_keyring_data_key_sync (const char    *data_dir,
                          gboolean       create,
                          gboolean      *created,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *dir = g_canonicalize_filename (data_dir, NULL);
  g_autofree char *label = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzDataKey) key = NULL;
  char *text;

  if (created != NULL)
    *created = FALSE;
  text = secret_password_lookup_sync (key_schema (), cancellable, &local_error, "data-dir", dir, NULL);
  if (local_error != NULL)
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_NO_KEY,
                   _("the keyring that keeps the data key cannot be reached: %s"), local_error->message);
      return NULL;
    }
  if (text != NULL)
    {
      key = jz_data_key_new_from_base64 (text, error);
      secret_password_free (text);
      return g_steal_pointer (&key);
    }
  if (!create || jz_data_dir_is_encrypted (data_dir))
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_NO_KEY,
                   _("the keyring has no key for the data in %s"), dir);
      return NULL;
    }

  key = jz_data_key_new_random ();
  text = jz_data_key_to_base64 (key);
  label = g_strdup_printf ("Juzhu data key (%s)", dir);
  if (!secret_password_store_sync (key_schema (), SECRET_COLLECTION_DEFAULT, label, text,
                                   cancellable, &local_error, "data-dir", dir, NULL))
    {
      sodium_memzero (text, strlen (text));
      g_free (text);
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_NO_KEY,
                   _("the data key cannot be kept in the keyring: %s"), local_error->message);
      return NULL;
    }
  sodium_memzero (text, strlen (text));
  g_free (text);
  if (created != NULL)
    *created = TRUE;
  return g_steal_pointer (&key);
}

/* Removes the data key of @data_dir from the keyring (a purge). */
gboolean
jz_keyring_forget_data_key_sync (const char    *data_dir,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autofree char *dir = g_canonicalize_filename (data_dir, NULL);
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (key_schema (), cancellable, &local_error, "data-dir", dir, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * jz_data_key_for_app:
 * @data_dir: the data directory
 *
 * The app's key: from the file $JUZHU_KEY_FILE names when it is set (made
 * when absent: headless use, tests), else from the keyring, made there
 * when the directory holds no encrypted data yet. Waits: call it off the
 * UI thread.
 */
JzDataKey *
jz_data_key_for_app (const char    *data_dir,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const char *file = g_getenv (JZ_KEY_FILE_ENV);

  if (file != NULL && *file != '\0')
    return jz_data_key_from_env (TRUE, data_dir, NULL, error);
  return jz_keyring_data_key_sync (data_dir, TRUE, NULL, cancellable, error);
}
