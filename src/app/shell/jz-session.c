/* jz-session.c — what the app works on: one data directory, opened off the main thread
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-date.h"
#include "jz-device.h"
#include "jz-keyring.h"
#include "jz-purge.h"
#include "jz-session.h"

struct _JzSession
{
  GObject       parent_instance;

  char         *data_dir;
  char         *author;
  char         *role;
  char         *server;       /* meta sync_server, as read at open or enrolment */
  gboolean      has_profile;
  gboolean      needs_setup;
  gboolean      wiped;        /* a purge ordered by the county ran at open */
  JzStore      *store;
  JzProfile    *profile;
  JzRegistry   *registry;
  JzPhotoStore *photos;
  JzCodes      *codes;
  JzSyncClient *sync_client;
  JzIdCardReader *id_card_reader;  /* made when first asked for */
};

G_DEFINE_FINAL_TYPE (JzSession, jz_session, G_TYPE_OBJECT)

static void
jz_session_finalize (GObject *object)
{
  JzSession *self = JZ_SESSION (object);

  g_clear_object (&self->sync_client);
  g_clear_object (&self->id_card_reader);
  g_clear_object (&self->registry);
  g_clear_object (&self->photos);
  g_clear_object (&self->codes);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (jz_session_parent_class)->finalize (object);
}

static void
jz_session_class_init (JzSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jz_session_finalize;
}

static void
jz_session_init (JzSession *self)
{
}

JzSession *
jz_session_open (const char  *data_dir,
                 GError     **error)
{
  g_autoptr(JzSession) self = g_object_new (JZ_TYPE_SESSION, NULL);
  g_autoptr(JzDevice) device = NULL;
  g_autoptr(JzDataKey) key = NULL;
  g_autofree char *user = NULL;
  g_autofree char *role = NULL;
  const char *profile;

  g_return_val_if_fail (data_dir != NULL, NULL);

  /* Wiped at the county's order (a lost or stolen tablet): finished before
   * the store is opened; while the county cannot be told, not opened. */
  if (jz_purge_is_pending (data_dir))
    {
      JzPurgeOptions options = { g_getenv ("JUZHU_CA_FILE"), NULL, NULL, 0, 0 };
      g_autofree char *why = NULL;
      JzPurgeOutcome outcome;

      if (options.ca_file != NULL && *options.ca_file == '\0')
        options.ca_file = NULL;
      if (!jz_purge_device (data_dir, &options, NULL, &outcome, &why, error))
        return NULL;
      if (outcome == JZ_PURGE_UNCONFIRMED)
        {
          g_debug ("purge: %s", why ? why : "?");
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE,
                       _("This device was wiped at the county's request: its records, photos and "
                         "drafts are deleted. The county server could not be told yet; start Juzhu "
                         "again when the network is back."));
          return NULL;
        }
      self->wiped = TRUE;
    }

  /* the data key: from the keyring (or $JUZHU_KEY_FILE); this runs on a
   * worker (jz_session_open_async()) */
  key = jz_data_key_for_app (data_dir, NULL, error);
  if (key == NULL)
    return NULL;
  device = jz_device_open_with_key (data_dir, key, NULL, error);
  if (device == NULL)
    return NULL;

  /* Imported holiday calendars (民法典 第203条). One that no longer loads
   * is logged and left out, as in juzhu-cli: its deadlines are then not
   * moved past holidays, never later than the law allows. */
  if (jz_device_get_holidays_error (device) != NULL)
    g_warning ("A holiday calendar cannot be loaded; deadlines in its year are not "
               "moved past holidays: %s", jz_device_get_holidays_error (device)->message);

  self->data_dir = g_strdup (data_dir);
  self->store = g_object_ref (jz_device_get_store (device));
  self->profile = g_object_ref (jz_device_get_profile (device));
  self->codes = g_object_ref (jz_device_get_codes (device));
  self->registry = g_object_ref (jz_device_get_registry (device));
  self->photos = g_object_ref (jz_device_get_photos (device));
  self->sync_client = jz_sync_client_new (self->store, self->photos);
  profile = jz_device_get_stored_profile (device);

  user = jz_store_get_meta (self->store, "sync_user", NULL);
  self->author = user ? g_steal_pointer (&user) : g_strdup (g_get_user_name ());
  role = jz_store_get_meta (self->store, "sync_role", NULL);
  if (role == NULL)
    role = jz_store_get_meta (self->store, "role", NULL);
  self->role = role ? g_steal_pointer (&role) : g_strdup ("committee");
  self->server = jz_store_get_meta (self->store, "sync_server", NULL);
  self->has_profile = profile != NULL;
  self->needs_setup = profile == NULL && !jz_sync_client_is_enrolled (self->sync_client);

  return g_steal_pointer (&self);
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  JzSession *session = jz_session_open (task_data, &error);

  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

void
jz_session_open_async (const char          *data_dir,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, jz_session_open_async);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, open_in_thread);
}

JzSession *
jz_session_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The county's purge order ran when this session opened: the data
 * directory starts afresh (the first run). */
gboolean
jz_session_was_wiped (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), FALSE);
  return self->wiped;
}

const char *
jz_session_get_data_dir (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->data_dir;
}

JzStore *
jz_session_get_store (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->store;
}

JzRegistry *
jz_session_get_registry (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->registry;
}

JzProfile *
jz_session_get_profile (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->profile;
}

JzPhotoStore *
jz_session_get_photos (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->photos;
}

/* The one reader of ID cards the session's forms share: Tesseract's
 * models are loaded once, at the first card. */
JzIdCardReader *
jz_session_get_id_card_reader (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  if (self->id_card_reader == NULL)
    self->id_card_reader = jz_id_card_reader_new ();
  return self->id_card_reader;
}

JzCodes *
jz_session_get_codes (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->codes;
}

JzSyncClient *
jz_session_get_sync_client (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->sync_client;
}

const char *
jz_session_get_server (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->server;
}

void
jz_session_set_token (JzSession  *self,
                      const char *server,
                      const char *token)
{
  g_return_if_fail (JZ_IS_SESSION (self));

  if (server != NULL && g_strcmp0 (server, self->server) != 0)
    {
      g_free (self->server);
      self->server = g_strdup (server);
    }
  jz_sync_client_set_token (self->sync_client, token);
  if (token != NULL && self->server != NULL && !self->has_profile)
    self->needs_setup = FALSE;
}

const char *
jz_session_get_author (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->author;
}

const char *
jz_session_get_role (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), NULL);
  return self->role;
}

gboolean
jz_session_needs_setup (JzSession *self)
{
  g_return_val_if_fail (JZ_IS_SESSION (self), FALSE);
  return self->needs_setup;
}

gboolean
jz_session_save_setup (JzSession   *self,
                       const char  *profile,
                       const char  *role,
                       GError     **error)
{
  g_autoptr(JzProfile) check = NULL;

  g_return_val_if_fail (JZ_IS_SESSION (self), FALSE);
  g_return_val_if_fail (profile != NULL && role != NULL, FALSE);

  /* A profile that cannot be loaded would keep the app from opening. */
  check = jz_profile_load (profile, error);
  if (check == NULL)
    return FALSE;
  return jz_store_set_meta (self->store, "role", role, error)
         && jz_store_set_meta (self->store, "profile", profile, error);
}

void
jz_session_get_today (JzSession *self,
                      GDate     *out)
{
  const char *env = g_getenv ("JUZHU_TODAY");
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (JZ_IS_SESSION (self));

  g_date_clear (out, 1);
  if (env != NULL && jz_date_parse (env, out, NULL))
    return;
  now = g_date_time_new_now_local ();
  g_date_set_dmy (out, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

typedef struct
{
  JzSession      *session;
  JzSessionFunc   func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} RunData;

static void
run_data_free (RunData *run)
{
  if (run->data_free != NULL && run->data != NULL)
    run->data_free (run->data);
  g_object_unref (run->session);
  g_free (run);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RunData *run = task_data;
  GError *error = NULL;
  gpointer result = run->func (run->session, run->data, cancellable, &error);

  if (result == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     "a session call returned nothing and no error");
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, run->result_free);
}

void
jz_session_run_async (JzSession           *self,
                      JzSessionFunc        func,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (JZ_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  run = g_new0 (RunData, 1);
  run->session = g_object_ref (self);
  run->func = func;
  run->data = data;
  run->data_free = data_free;
  run->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jz_session_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_in_thread);
}

gpointer
jz_session_run_finish (JzSession     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
