/* jz-county-photos.c — which devices may read which photos
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A photo is served to a device whose scope holds a person whose records
 * name it (county_blob_ref, kept by the push), or to the device that sent
 * its bytes (county_blob_upload). Knowing a photo's hash is not enough:
 * a hash can be copied off a screen, a photo of an ID card cannot be
 * fetched with it. A device that names a photo in a change set must have
 * sent it or see it already (jz-county-check.c), or a hash learnt elsewhere
 * would open the photo through a record of its own.
 *
 * The look-up runs on the read-only connection, like a token check: a
 * photo is never held up by a push.
 */
#include "config.h"

#include "jz-county-private.h"

gboolean
_jz_county_role_by_area (const JzCountyDevice *device)
{
  return (jz_role_from_name (device->role) & JZ_ROLES_STATION) != 0;
}

/**
 * jz_county_blob_visible:
 *
 * Whether @device may read the photo @sha256. FALSE with @error only for a
 * database error.
 */
gboolean
jz_county_blob_visible (JzCounty              *self,
                        const JzCountyDevice  *device,
                        const char            *sha256,
                        GError               **error)
{
  JzStmt *stmt = NULL;
  gboolean area = _jz_county_role_by_area (device);
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (JZ_IS_COUNTY (self), FALSE);
  g_return_val_if_fail (device != NULL && sha256 != NULL, FALSE);

  g_mutex_lock (&self->auth_lock);
  stmt = jz_db_prepare (self->auth_db,
                        area
                        ? "SELECT 1 FROM county_blob_upload WHERE sha256 = ?1 AND site = ?2 "
                          "UNION ALL SELECT 1 FROM county_blob_ref r JOIN county_access a "
                          "ON a.person = r.person WHERE r.sha256 = ?1 AND "
                          "substr (a.area, 1, length (?3)) = ?3 LIMIT 1"
                        : "SELECT 1 FROM county_blob_upload WHERE sha256 = ?1 AND site = ?2 "
                          "UNION ALL SELECT 1 FROM county_blob_ref r JOIN county_access a "
                          "ON a.person = r.person WHERE r.sha256 = ?1 AND a.user = ?3 AND a.until_seq IS NULL LIMIT 1", NULL);
  rc = stmt != NULL ? JZ_DB_DONE : SQLITE_ERROR;
  if (stmt != NULL)
    {
      jz_stmt_bind_text (stmt, 1, sha256);
      jz_stmt_bind_text (stmt, 2, device->site);
      jz_stmt_bind_text (stmt, 3, area ? device->area : device->scope_key);
      rc = jz_stmt_step (stmt);
      found = rc == JZ_DB_ROW;
    }
  if (rc != JZ_DB_ROW && rc != JZ_DB_DONE)
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                 "database error: %s", jz_db_errmsg (self->auth_db));
  jz_stmt_free (stmt);
  g_mutex_unlock (&self->auth_lock);
  return found;
}

typedef struct
{
  char   *sha256;
  char   *site;
  gint64  now;
} UploadedArgs;

static void
uploaded_args_free (UploadedArgs *args)
{
  g_free (args->sha256);
  g_free (args->site);
  g_free (args);
}

static gpointer
uploaded_on_thread (JzStore  *store,
                    gpointer  data,
                    GError  **error)
{
  UploadedArgs *args = data;
  JzStmt *stmt = _jz_store_stmt (store,
                                       "INSERT OR IGNORE INTO county_blob_upload (sha256, site, at) "
                                       "VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->sha256);
  jz_stmt_bind_text (stmt, 2, args->site);
  jz_stmt_bind_int64 (stmt, 3, args->now);
  return _jz_store_step_done (store, stmt, error) ? JZ_STORE_OK : NULL;
}

/**
 * jz_county_blob_uploaded_async:
 *
 * @device sent every byte of @sha256, and they were checked: it may read
 * the photo and name it in its change sets. Recorded on the store's
 * thread; @callback runs once it is (the server answers the upload then,
 * so a read right after it finds the photo).
 */
void
jz_county_blob_uploaded_async (JzCounty             *self,
                               const JzCountyDevice *device,
                               const char           *sha256,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  UploadedArgs *args;

  g_return_if_fail (JZ_IS_COUNTY (self));

  args = g_new0 (UploadedArgs, 1);
  args->sha256 = g_strdup (sha256);
  args->site = g_strdup (device->site);
  args->now = _jz_county_now_ms (self);
  _jz_store_call_async (self->store, uploaded_on_thread, args, (GDestroyNotify) uploaded_args_free,
                        NULL, NULL, callback, user_data);
}

gboolean
jz_county_blob_uploaded_finish (JzCounty      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}
