/* jz-county-health.c — what the health check and the metrics read: on the
 * read-only connection that checks tokens, so that they never wait behind
 * a push that holds the store's thread
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-county-private.h"

/**
 * jz_county_check_database:
 *
 * A real read of the database (the devices and the feed's end), on the
 * connection that checks tokens: what the health check asks.
 */
gboolean
jz_county_check_database (JzCounty  *self,
                          GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_mutex_lock (&self->auth_lock);
  rc = sqlite3_prepare_v2 (self->auth_db,
                           "SELECT (SELECT count (*) FROM county_device), "
                           "  (SELECT coalesce (max (seq), 0) FROM county_feed)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                 "database error: %s", sqlite3_errmsg (self->auth_db));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->auth_lock);
  return rc == SQLITE_ROW;
}

/**
 * jz_county_activity:
 * @now_ms: unix ms
 *
 * For the metrics: on the read-only connection, as the health check.
 */
gboolean
jz_county_activity (JzCounty          *self,
                    gint64             now_ms,
                    JzCountyActivity  *out,
                    GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_mutex_lock (&self->auth_lock);
  rc = sqlite3_prepare_v2 (self->auth_db,
                           "SELECT (SELECT coalesce (max (seq), 0) FROM county_feed), "
                           "  total (revoked_at IS NULL AND last_seen >= ?1 - 86400000), "
                           "  total (revoked_at IS NULL AND last_seen < ?1 - 86400000 AND last_seen >= ?1 - 604800000), "
                           "  total (revoked_at IS NULL AND last_seen < ?1 - 604800000 AND last_seen >= ?1 - 2592000000), "
                           "  total (revoked_at IS NULL AND last_seen < ?1 - 2592000000), "
                           "  total (revoked_at IS NULL AND last_seen IS NULL), total (revoked_at IS NOT NULL) "
                           "FROM county_device", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, now_ms);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      out->feed_seq = sqlite3_column_int64 (stmt, 0);
      out->seen_1d = (guint) sqlite3_column_int64 (stmt, 1);
      out->seen_7d = (guint) sqlite3_column_int64 (stmt, 2);
      out->seen_30d = (guint) sqlite3_column_int64 (stmt, 3);
      out->seen_older = (guint) sqlite3_column_int64 (stmt, 4);
      out->never_seen = (guint) sqlite3_column_int64 (stmt, 5);
      out->revoked = (guint) sqlite3_column_int64 (stmt, 6);
    }
  else
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                 "database error: %s", sqlite3_errmsg (self->auth_db));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->auth_lock);
  return rc == SQLITE_ROW;
}
