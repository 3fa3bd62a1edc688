/* jz-county-devices.c — enrolment codes, enrolment, tokens and devices on
 * the county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-county-private.h"
#include "jz-profile.h"
#include "jz-text.h"
#include "jz-uuid.h"

/* Codes are read aloud and typed on tablets: no 0/O, 1/I/L, U. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

#define CODE_LENGTH 12
#define DEFAULT_CODE_HOURS 24
#define TOUCH_INTERVAL_MS (60 * 1000)

/* ---- enrolment codes ------------------------------------------------------ */

typedef struct
{
  const char *user;
  const char *hash;
  gint64      now;
  gint64      expires;
} CodeArgs;

static gpointer
code_new_on_thread (JzStore  *store,
                    gpointer  data,
                    GError  **error)
{
  CodeArgs *args = data;
  JzStmt *stmt;

  if (!_jz_county_user_exists (store, args->user, error))
    return NULL;
  stmt = _jz_store_stmt (store,
                         "INSERT INTO county_enrol_code (hash, user, created_at, expires_at) "
                         "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->hash);
  jz_stmt_bind_text (stmt, 2, args->user);
  jz_stmt_bind_int64 (stmt, 3, args->now);
  jz_stmt_bind_int64 (stmt, 4, args->expires);
  return _jz_store_step_done (store, stmt, error) ? JZ_STORE_OK : NULL;
}

/**
 * jz_county_enrol_code_new:
 * @hours: how long the code is good for; 0 for the default (24)
 *
 * Returns: a one-time code like K7QF-2MXD-9TBA. Only its hash is kept.
 */
char *
jz_county_enrol_code_new (JzCounty    *self,
                          const char  *user,
                          guint        hours,
                          GError     **error)
{
  guint8 random[CODE_LENGTH];
  char plain[CODE_LENGTH + 1];
  g_autofree char *hash = NULL;
  CodeArgs args;

  if (hours == 0)
    hours = DEFAULT_CODE_HOURS;
  if (hours > 24 * 30)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "--hours %u: a code may live at most 720 hours (30 days)", hours);
      return NULL;
    }

  /* 30 symbols from 256 byte values: reject the top to stay uniform */
  for (guint i = 0; i < CODE_LENGTH; i++)
    {
      do
        jz_random_bytes (&random[i], 1);
      while (random[i] >= 240);
      plain[i] = code_alphabet[random[i] % 30];
    }
  plain[CODE_LENGTH] = '\0';
  hash = _jz_county_sha256 (plain);

  args.user = user;
  args.hash = hash;
  args.now = _jz_county_now_ms (self);
  args.expires = args.now + (gint64) hours * 3600 * 1000;
  if (_jz_store_call (self->store, code_new_on_thread, &args, error) == NULL)
    return NULL;

  return g_strdup_printf ("%.4s-%.4s-%.4s", plain, plain + 4, plain + 8);
}

/* ---- enrolment ------------------------------------------------------------ */

typedef struct
{
  const char *code_hash;
  const char *site;
  const char *device_name;
  const char *token_hash;
  const char *device_id;
  gint64      now;
  JsonObject *out;
} EnrolArgs;

/* The device a used code enrolled, if it is @site's and not revoked: a
 * repeat of the same enrolment whose answer was lost. */
static char *
repeat_device (JzStore     *store,
               const char  *device_id,
               const char  *site,
               GError     **error)
{
  JzStmt *stmt;
  char *id = NULL;

  if (device_id == NULL)
    return NULL;
  stmt = _jz_store_stmt (store,
                         "SELECT id FROM county_device "
                         "WHERE id = ? AND site = ? AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, device_id);
  jz_stmt_bind_text (stmt, 2, site);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    id = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return id;
}

static gpointer
enrol_on_thread (JzStore  *store,
                 gpointer  data,
                 GError  **error)
{
  EnrolArgs *args = data;
  JzStmt *stmt;
  g_autofree char *user = NULL;
  g_autofree char *role = NULL;
  g_autofree char *area = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *real_name = NULL;
  g_autofree char *used_by = NULL;
  g_autofree char *repeat = NULL;
  gint64 expires = 0;
  gboolean used = FALSE, taken;

  if (!_jz_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;

  stmt = _jz_store_stmt (store,
                         "SELECT c.user, c.expires_at, c.used_at IS NOT NULL, u.role, u.area, c.device, "
                         "  u.identity, u.real_name "
                         "FROM county_enrol_code c JOIN county_user u ON u.name = c.user "
                         "WHERE c.hash = ?", error);
  if (stmt == NULL)
    goto fail;
  jz_stmt_bind_text (stmt, 1, args->code_hash);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      user = g_strdup (jz_stmt_column_text (stmt, 0));
      expires = jz_stmt_column_int64 (stmt, 1);
      used = jz_stmt_column_int (stmt, 2);
      role = g_strdup (jz_stmt_column_text (stmt, 3));
      area = g_strdup (jz_stmt_column_text (stmt, 4));
      used_by = g_strdup (jz_stmt_column_text (stmt, 5));
      identity = g_strdup (jz_stmt_column_text (stmt, 6));
      real_name = g_strdup (jz_stmt_column_text (stmt, 7));
    }
  jz_stmt_reset (stmt);

  if (user == NULL)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE,
                   "code: unknown enrolment code; check it or ask county IT for a new one");
      goto fail;
    }
  if (used && expires > args->now)
    {
      /* The same code and the same site again, while the code is still
       * good: the device never got the answer. It gets a new token, and
       * the one that was lost is dead (docs/sync-protocol.md). */
      repeat = repeat_device (store, used_by, args->site, error);
      if (repeat == NULL && error != NULL && *error != NULL)
        goto fail;
    }
  if (used && repeat == NULL)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE,
                   "code: this enrolment code has already been used; ask county IT for a new one");
      goto fail;
    }
  if (expires <= args->now)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE,
                   "code: this enrolment code has expired; ask county IT for a new one");
      goto fail;
    }

  if (repeat != NULL)
    {
      stmt = _jz_store_stmt (store, "UPDATE county_device SET token_hash = ? WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      jz_stmt_bind_text (stmt, 1, args->token_hash);
      jz_stmt_bind_text (stmt, 2, repeat);
      if (!_jz_store_step_done (store, stmt, error) || !_jz_store_exec (store, "COMMIT", error))
        goto fail;
      goto answer;
    }

  /* A site enrols once while its device is active; after a revocation,
   * a new code from county IT enrols it again as a new device. */
  stmt = _jz_store_stmt (store, "SELECT 1 FROM county_device WHERE site = ? AND revoked_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  jz_stmt_bind_text (stmt, 1, args->site);
  taken = jz_stmt_step (stmt) == JZ_DB_ROW || g_strcmp0 (args->site, jz_store_get_site_id (store)) == 0;
  jz_stmt_reset (stmt);
  if (taken)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_SITE_TAKEN,
                   "site: %s is already enrolled; a copied data directory cannot enrol again "
                   "(make a new data directory, or have county IT revoke the old device first)",
                   args->site);
      goto fail;
    }

  stmt = _jz_store_stmt (store,
                         "INSERT INTO county_device (id, site, user, name, token_hash, enrolled_at, last_seen) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  jz_stmt_bind_text (stmt, 1, args->device_id);
  jz_stmt_bind_text (stmt, 2, args->site);
  jz_stmt_bind_text (stmt, 3, user);
  jz_stmt_bind_text (stmt, 4, args->device_name);
  jz_stmt_bind_text (stmt, 5, args->token_hash);
  jz_stmt_bind_int64 (stmt, 6, args->now);
  jz_stmt_bind_int64 (stmt, 7, args->now);
  if (!_jz_store_step_done (store, stmt, error))
    goto fail;

  stmt = _jz_store_stmt (store, "UPDATE county_enrol_code SET used_at = ?, device = ? WHERE hash = ?", error);
  if (stmt == NULL)
    goto fail;
  jz_stmt_bind_int64 (stmt, 1, args->now);
  jz_stmt_bind_text (stmt, 2, args->device_id);
  jz_stmt_bind_text (stmt, 3, args->code_hash);
  if (!_jz_store_step_done (store, stmt, error) || !_jz_store_exec (store, "COMMIT", error))
    goto fail;

answer:
  args->out = json_object_new ();
  json_object_set_string_member (args->out, "user", user);
  json_object_set_string_member (args->out, "role", role);
  json_object_set_string_member (args->out, "area", area);
  /* a landlord or employer: who it is, for its forms and proofs */
  if (identity != NULL)
    json_object_set_string_member (args->out, "identity", identity);
  if (real_name != NULL)
    json_object_set_string_member (args->out, "real_name", real_name);
  json_object_set_string_member (args->out, "device", repeat ? repeat : args->device_id);
  json_object_set_int_member (args->out, "server_hlc",
                              (gint64) MAX (_jz_store_hlc (store)->last, JZ_HLC_FROM_MS (args->now)));
  return JZ_STORE_OK;

fail:
  _jz_store_exec (store, "ROLLBACK", NULL);
  return NULL;
}

static char *
token_new (void)
{
  guint8 bytes[32];
  g_autofree char *b64 = NULL;
  GString *out;

  jz_random_bytes (bytes, sizeof bytes);
  b64 = g_base64_encode (bytes, sizeof bytes);
  out = g_string_new (NULL);
  for (const char *p = b64; *p; p++)
    {
      if (*p == '+')
        g_string_append_c (out, '-');
      else if (*p == '/')
        g_string_append_c (out, '_');
      else if (*p != '=')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * jz_county_enrol:
 *
 * Trades a one-time code for a device and its token. Returns
 * {token, user, role, area, identity?, real_name?, profile, device,
 * server_hlc}. A site whose
 * device was revoked enrols again as a new device. The same code and site
 * again, while the code is valid, answer again for the same device with a
 * new token (the answer was lost); the lost token is dead.
 */
JsonObject *
jz_county_enrol (JzCounty    *self,
                 const char  *code,
                 const char  *site,
                 const char  *device_name,
                 GError     **error)
{
  g_autofree char *plain = jz_county_normalise_code (code);
  g_autofree char *code_hash = _jz_county_sha256 (plain);
  g_autofree char *token = token_new ();
  g_autofree char *token_hash = _jz_county_sha256 (token);
  g_autofree char *device_id = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *clean_name = NULL;
  EnrolArgs args = { 0 };

  if (!jz_site_id_is_valid (site))
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD,
                   "site: “%s” is not a site id (32 lower-case hex digits)", site ? site : "");
      return NULL;
    }

  args.now = _jz_county_now_ms (self);
  device_id = jz_uuid7_new (args.now);
  args.code_hash = code_hash;
  args.site = site;
  /* printed by `device list` and kept for years: no control characters,
   * no bidirectional tricks, one line of at most 64 characters */
  clean_name = jz_text_sanitise (device_name, 64);
  args.device_name = *clean_name ? clean_name : "unnamed device";
  args.token_hash = token_hash;
  args.device_id = device_id;
  if (_jz_store_call (self->store, enrol_on_thread, &args, error) == NULL)
    return NULL;

  profile = jz_county_get_profile (self);
  json_object_set_string_member (args.out, "token", token);
  json_object_set_string_member (args.out, "profile", profile);
  return args.out;
}

/* ---- tokens and devices -------------------------------------------------- */

gboolean
_jz_county_touch_device (JzStore     *store,
                         const char  *device_id,
                         gint64       now_ms,
                         GError     **error)
{
  JzStmt *stmt =
    _jz_store_stmt (store,
                    "UPDATE county_device SET last_seen = ?1 WHERE id = ?2 "
                    "AND (last_seen IS NULL OR last_seen < ?1 - ?3)", error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_int64 (stmt, 1, now_ms);
  jz_stmt_bind_text (stmt, 2, device_id);
  jz_stmt_bind_int64 (stmt, 3, TOUCH_INTERVAL_MS);
  return _jz_store_step_done (store, stmt, error);
}

/**
 * jz_county_authenticate:
 * @token: (nullable): the bearer token
 *
 * Safe to call from any thread; it never waits for the store's thread.
 * Returns: the device, or NULL with JZ_PROTOCOL_ERROR_UNAUTHORIZED.
 */
JzCountyDevice *
jz_county_authenticate (JzCounty    *self,
                        const char  *token,
                        GError     **error)
{
  g_autofree char *hash = NULL;
  JzStmt *stmt = NULL;
  JzCountyDevice *device = NULL;
  int rc;

  if (token == NULL || *token == '\0')
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED,
                   "this request needs “Authorization: Bearer TOKEN”; enrol the device first");
      return NULL;
    }
  hash = _jz_county_sha256 (token);

  g_mutex_lock (&self->auth_lock);
  stmt = jz_db_prepare (self->auth_db,
                        "SELECT d.id, d.site, d.name, d.user, u.role, u.area, d.revoked_at, "
                        "  u.identity, u.real_name, d.purge_ordered_at, "
                        "  coalesce ((SELECT s.acked_seq FROM county_site s WHERE s.site = d.site), 0) "
                        "FROM county_device d JOIN county_user u ON u.name = d.user "
                        "WHERE d.token_hash = ?", NULL);
  rc = stmt != NULL ? JZ_DB_DONE : SQLITE_ERROR;
  if (stmt != NULL)
    {
      jz_stmt_bind_text (stmt, 1, hash);
      rc = jz_stmt_step (stmt);
      if (rc == JZ_DB_ROW && jz_stmt_column_is_null (stmt, 6))
        {
          device = g_new0 (JzCountyDevice, 1);
          device->id = g_strdup (jz_stmt_column_text (stmt, 0));
          device->site = g_strdup (jz_stmt_column_text (stmt, 1));
          device->name = g_strdup (jz_stmt_column_text (stmt, 2));
          device->user = g_strdup (jz_stmt_column_text (stmt, 3));
          device->role = g_strdup (jz_stmt_column_text (stmt, 4));
          device->area = g_strdup (jz_stmt_column_text (stmt, 5));
          device->identity = g_strdup (jz_stmt_column_text (stmt, 7));
          device->real_name = g_strdup (jz_stmt_column_text (stmt, 8));
          device->acked_seq = jz_stmt_column_int64 (stmt, 10);
          /* an account with an identity sees by it (jz-county-check.c) */
          device->scope_key = device->identity != NULL ? g_strconcat ("id:", device->identity, NULL)
                                                       : g_strdup (device->user);
        }
      else if (rc == JZ_DB_ROW && !jz_stmt_column_is_null (stmt, 9))
        g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_PURGE,
                     "this device has been revoked and county IT ordered it to delete "
                     "its data (a lost or stolen device); delete it and confirm with "
                     "POST sync/purged");
      else if (rc == JZ_DB_ROW)
        g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED,
                     "this device has been revoked; ask county IT to enrol it again");
      else if (rc == JZ_DB_DONE)
        g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED,
                     "unknown token; enrol the device again");
    }
  if (device == NULL && (error == NULL || *error == NULL))
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                 "database error: %s", jz_db_errmsg (self->auth_db));
  jz_stmt_free (stmt);
  g_mutex_unlock (&self->auth_lock);

  return device;
}

static gpointer
device_list_on_thread (JzStore  *store,
                       gpointer  data,
                       GError  **error)
{
  JzStmt *stmt;
  GPtrArray *out;

  stmt = _jz_store_stmt (store,
                         "SELECT id, user, name, enrolled_at, last_seen, revoked_at, site, "
                         "  purge_ordered_at, purged_at "
                         "FROM county_device ORDER BY enrolled_at, id", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "device", jz_stmt_column_text (stmt, 0));
      json_object_set_string_member (o, "user", jz_stmt_column_text (stmt, 1));
      json_object_set_string_member (o, "name", jz_stmt_column_text (stmt, 2));
      _jz_county_set_time_member (o, "enrolled", jz_stmt_column_int64 (stmt, 3));
      _jz_county_set_time_member (o, "last_seen", jz_stmt_column_int64 (stmt, 4));
      _jz_county_set_time_member (o, "revoked", jz_stmt_column_int64 (stmt, 5));
      json_object_set_string_member (o, "site", jz_stmt_column_text (stmt, 6));
      _jz_county_set_time_member (o, "purge_ordered", jz_stmt_column_int64 (stmt, 7));
      _jz_county_set_time_member (o, "purged", jz_stmt_column_int64 (stmt, 8));
      g_ptr_array_add (out, o);
    }
  jz_stmt_reset (stmt);
  return out;
}

/* JSON objects {device, user, name, enrolled, last_seen, revoked, site,
 * purge_ordered, purged}; a time not (yet) known is null. */
GPtrArray *
jz_county_device_list (JzCounty  *self,
                       GError   **error)
{
  return _jz_store_call (self->store, device_list_on_thread, NULL, error);
}

typedef struct
{
  const char *device;
  gint64      now;
  gboolean    purge;
} RevokeArgs;

static gpointer
revoke_on_thread (JzStore  *store,
                  gpointer  data,
                  GError  **error)
{
  RevokeArgs *args = data;
  JzStmt *stmt;
  gboolean found;

  stmt = _jz_store_stmt (store, "SELECT 1 FROM county_device WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->device);
  found = jz_stmt_step (stmt) == JZ_DB_ROW;
  jz_stmt_reset (stmt);
  if (!found)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_NOT_FOUND,
                   "no device %s (see juzhu-server device list)", args->device);
      return NULL;
    }

  /* The first revocation's time stays; a purge may be ordered later for a
   * device revoked without one (it turned out to be lost, not replaced). */
  stmt = _jz_store_stmt (store,
                         "UPDATE county_device SET revoked_at = coalesce (revoked_at, ?1), "
                         "  purge_ordered_at = CASE WHEN ?3 <> 0 THEN coalesce (purge_ordered_at, ?1) "
                         "                          ELSE purge_ordered_at END "
                         "WHERE id = ?2",
                         error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_int64 (stmt, 1, args->now);
  jz_stmt_bind_text (stmt, 2, args->device);
  jz_stmt_bind_int (stmt, 3, args->purge ? 1 : 0);
  return _jz_store_step_done (store, stmt, error) ? JZ_STORE_OK : NULL;
}

/**
 * jz_county_device_revoke:
 * @purge: also order the device to delete its data at its next contact
 *
 * From the next request on, the device's token gets 401: "unauthorized",
 * or with @purge "purge", which tells the device to delete its records,
 * photos, drafts, token and key, and to confirm it (jz_county_confirm_purge()).
 * Revoking twice is not an error; a purge may be ordered for a device
 * revoked before without one. A purge cannot be taken back.
 */
gboolean
jz_county_device_revoke (JzCounty    *self,
                         const char  *device_id,
                         gboolean     purge,
                         GError     **error)
{
  RevokeArgs args = { device_id, _jz_county_now_ms (self), purge };

  return _jz_store_call (self->store, revoke_on_thread, &args, error) != NULL;
}

typedef struct
{
  const char *token_hash;
  gint64      now;
  JsonObject *out;
} PurgedArgs;

static gpointer
purged_on_thread (JzStore  *store,
                  gpointer  data,
                  GError  **error)
{
  PurgedArgs *args = data;
  JzStmt *stmt;
  g_autofree char *device = NULL;
  gint64 purged_at = 0;
  gboolean ordered = FALSE;

  stmt = _jz_store_stmt (store,
                         "SELECT id, purge_ordered_at IS NOT NULL, coalesce (purged_at, 0) "
                         "FROM county_device WHERE token_hash = ?", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->token_hash);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      device = g_strdup (jz_stmt_column_text (stmt, 0));
      ordered = jz_stmt_column_int (stmt, 1) != 0;
      purged_at = jz_stmt_column_int64 (stmt, 2);
    }
  jz_stmt_reset (stmt);
  /* Any other token, valid or not, learns nothing here. */
  if (device == NULL || !ordered)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED,
                   "only a device that county IT revoked with a purge confirms one");
      return NULL;
    }

  /* Confirming again (the answer was lost) keeps the first time. */
  if (purged_at == 0)
    {
      stmt = _jz_store_stmt (store, "UPDATE county_device SET purged_at = ? WHERE id = ?", error);
      if (stmt == NULL)
        return NULL;
      jz_stmt_bind_int64 (stmt, 1, args->now);
      jz_stmt_bind_text (stmt, 2, device);
      if (!_jz_store_step_done (store, stmt, error))
        return NULL;
      purged_at = args->now;
    }
  args->out = json_object_new ();
  json_object_set_string_member (args->out, "device", device);
  _jz_county_set_time_member (args->out, "purged", purged_at);
  return JZ_STORE_OK;
}

/**
 * jz_county_confirm_purge:
 * @token: (nullable): the bearer token of the request
 *
 * A device revoked with a purge says it deleted its data: the first time
 * is kept for `device list`. The revoked token is accepted here, and only
 * a purge-ordered device's; anything else is JZ_PROTOCOL_ERROR_UNAUTHORIZED.
 * Returns: {device, purged}.
 */
JsonObject *
jz_county_confirm_purge (JzCounty    *self,
                         const char  *token,
                         GError     **error)
{
  g_autofree char *hash = NULL;
  PurgedArgs args = { NULL, _jz_county_now_ms (self), NULL };

  if (token == NULL || *token == '\0')
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED,
                   "this request needs “Authorization: Bearer TOKEN”");
      return NULL;
    }
  hash = _jz_county_sha256 (token);
  args.token_hash = hash;
  if (_jz_store_call (self->store, purged_on_thread, &args, error) == NULL)
    return NULL;
  return args.out;
}
