/* jz-keyring.c — the app keeps the sync token in the keyring (libsecret)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No token is ever logged; debug messages name the data directory only.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "jz-keyring.h"
#include "jz-sealed.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.juzhu.Juzhu.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "data-dir", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

/* @server NULL: the data directory's only (lookup and clear, any server). */
static GHashTable *
attributes (const char *server,
            const char *data_dir)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  /* Absolute, so "./data" and "/home/x/data" are one directory. */
  g_hash_table_insert (table, (gpointer) "data-dir", g_canonicalize_filename (data_dir, NULL));
  if (server != NULL)
    g_hash_table_insert (table, (gpointer) "server", g_strdup (server));
  return table;
}

/* A task of @source_tag about the token of @server (NULL: any server)
 * for @data_dir, and the attributes that name it in the keyring */
static GTask *
token_task (gpointer              source_tag,
            const char           *server,
            const char           *data_dir,
            GCancellable         *cancellable,
            GAsyncReadyCallback   callback,
            gpointer              user_data,
            GHashTable          **attrs)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  *attrs = attributes (server, data_dir);
  return task;
}

/* ---- store ----------------------------------------------------------------- */

typedef struct
{
  char *server;
  char *data_dir;
  char *token;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->server);
  g_free (data->data_dir);
  if (data->token != NULL)
    {
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "the keyring did not keep the token");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_store_cleared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  g_autoptr(GHashTable) attrs = NULL;
  g_autofree char *label = NULL;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  attrs = attributes (data->server, data->data_dir);
  label = g_strdup_printf (_("Juzhu sync token (%s)"), data->server);
  secret_password_storev (token_schema (), attrs, SECRET_COLLECTION_DEFAULT, label, data->token,
                          g_task_get_cancellable (task), on_stored, g_object_ref (task));
}

void
jz_keyring_store_async (const char          *server,
                        const char          *data_dir,
                        const char          *token,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  StoreData *data;

  g_return_if_fail (server != NULL && data_dir != NULL && token != NULL);

  /* One token per data directory: a re-enrolment with another server
   * replaces the old one too. */
  task = token_task (jz_keyring_store_async, NULL, data_dir, cancellable, callback, user_data, &attrs);
  data = g_new0 (StoreData, 1);
  data->server = g_strdup (server);
  data->data_dir = g_strdup (data_dir);
  data->token = g_strdup (token);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);
  secret_password_clearv (token_schema (), attrs, cancellable, on_store_cleared, g_object_ref (task));
}

gboolean
jz_keyring_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- lookup ---------------------------------------------------------------- */

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

void
jz_keyring_lookup_async (const char          *server,
                         const char          *data_dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attrs = NULL;

  g_return_if_fail (data_dir != NULL);

  task = token_task (jz_keyring_lookup_async, server, data_dir, cancellable, callback, user_data, &attrs);
  secret_password_lookupv (token_schema (), attrs, cancellable, on_looked_up, g_object_ref (task));
}

char *
jz_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * jz_keyring_lookup_sync:
 *
 * The same lookup, waiting: for juzhu-cli, which has no main loop and no
 * UI to keep responsive. Without a session bus (a terminal over SSH) it
 * fails at once rather than waiting.
 */
char *
jz_keyring_lookup_sync (const char  *server,
                        const char  *data_dir,
                        GError     **error)
{
  g_autoptr(GHashTable) attrs = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  attrs = attributes (server, data_dir);
  return secret_password_lookupv_sync (token_schema (), attrs, NULL, error);
}

/* ---- clear ----------------------------------------------------------------- */

/* The same, waiting (a purge, on a worker thread or in juzhu-cli). */
gboolean
jz_keyring_clear_sync (const char  *server,
                       const char  *data_dir,
                       GError     **error)
{
  g_autoptr(GHashTable) attrs = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  attrs = attributes (server, data_dir);
  if (!secret_password_clearv_sync (token_schema (), attrs, NULL, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
jz_keyring_clear_async (const char          *server,
                        const char          *data_dir,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attrs = NULL;

  g_return_if_fail (data_dir != NULL);

  task = token_task (jz_keyring_clear_async, server, data_dir, cancellable, callback, user_data, &attrs);
  secret_password_clearv (token_schema (), attrs, cancellable, on_cleared, g_object_ref (task));
}

gboolean
jz_keyring_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the app's token ------------------------------------------------------- */

typedef struct
{
  char         *server;
  char         *data_dir;
  GFile        *file;
  char         *token;
  JzTokenPlace  place;
  JzDataKey *key;
} TakeData;

static void
take_data_free (TakeData *data)
{
  g_free (data->server);
  g_free (data->data_dir);
  g_clear_object (&data->file);
  g_clear_pointer (&data->key, jz_data_key_unref);
  if (data->token != NULL)
    {
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

static void
take_return (GTask        *task,
             JzTokenPlace  place)
{
  TakeData *data = g_task_get_task_data (task);

  data->place = place;
  g_task_return_pointer (task, g_strdup (data->token), g_free);
}

static void
on_take_file_deleted (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The keyring has it: a file left behind is taken again next time. */
  if (!g_file_delete_finish (G_FILE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("keyring: %s/token stays: %s", data->data_dir, error->message);
  take_return (task, JZ_TOKEN_KEYRING);
}

static void
on_take_stored (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!jz_keyring_store_finish (result, &error))
    {
      g_debug ("keyring: the token of %s stays in its file: %s", data->data_dir, error->message);
      take_return (task, JZ_TOKEN_FILE);
      return;
    }
  g_file_delete_async (data->file, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                       on_take_file_deleted, g_object_ref (task));
}

static void
on_take_looked_up (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->token = jz_keyring_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_debug ("keyring: cannot look up the token of %s: %s", data->data_dir, error->message);
      take_return (task, JZ_TOKEN_UNAVAILABLE);
      return;
    }
  take_return (task, data->token != NULL ? JZ_TOKEN_KEYRING : JZ_TOKEN_NONE);
}

static void
on_take_file_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakeData *data = g_task_get_task_data (task);
  g_autofree char *text = NULL;
  gsize length = 0;

  if (g_file_load_contents_finish (G_FILE (source), result, &text, &length, NULL, NULL) &&
      jz_sealed_is_sealed ((const guint8 *) text, length))
    {
      /* sealed with the data key (jz-sync-client.c writes it so) */
      g_autoptr(GBytes) sealed = g_bytes_new_take (g_steal_pointer (&text), length);
      g_autoptr(GBytes) plain = data->key ? jz_sealed_open (data->key, "token", sealed, NULL) : NULL;

      if (plain != NULL)
        {
          text = g_strndup (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
          length = strlen (text);
        }
    }
  if (text != NULL)
    {
      g_strstrip (text);
      if (*text != '\0')
        data->token = g_steal_pointer (&text);
      else
        memset (text, 0, length);
    }

  if (data->token != NULL)
    {
      if (data->server == NULL)
        take_return (task, JZ_TOKEN_FILE);
      else
        jz_keyring_store_async (data->server, data->data_dir, data->token, g_task_get_cancellable (task),
                                on_take_stored, g_object_ref (task));
      return;
    }
  if (data->server == NULL)
    {
      take_return (task, JZ_TOKEN_NONE);
      return;
    }
  jz_keyring_lookup_async (data->server, data->data_dir, g_task_get_cancellable (task),
                           on_take_looked_up, g_object_ref (task));
}

void
jz_keyring_take_token_async (const char          *server,
                             const char          *data_dir,
                             JzDataKey           *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  TakeData *data;

  g_return_if_fail (data_dir != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, jz_keyring_take_token_async);
  data = g_new0 (TakeData, 1);
  data->server = g_strdup (server);
  data->data_dir = g_strdup (data_dir);
  data->key = key ? jz_data_key_ref (key) : NULL;
  path = g_build_filename (data_dir, "token", NULL);
  data->file = g_file_new_for_path (path);
  g_task_set_task_data (task, data, (GDestroyNotify) take_data_free);
  g_file_load_contents_async (data->file, cancellable, on_take_file_loaded, g_object_ref (task));
}

char *
jz_keyring_take_token_finish (GAsyncResult *result,
                              JzTokenPlace *place)
{
  TakeData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  data = g_task_get_task_data (G_TASK (result));
  if (place != NULL)
    *place = data->place;
  return g_task_propagate_pointer (G_TASK (result), NULL);
}
