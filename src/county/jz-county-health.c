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
  JzStmt *stmt = NULL;
  int rc;

  g_mutex_lock (&self->auth_lock);
  stmt = jz_db_prepare (self->auth_db,
                        "SELECT (SELECT count (*) FROM county_device), "
                        "  (SELECT coalesce (max (seq), 0) FROM county_feed)", NULL);
  rc = stmt != NULL ? JZ_DB_DONE : SQLITE_ERROR;
  if (stmt != NULL)
    rc = jz_stmt_step (stmt);
  if (rc != JZ_DB_ROW)
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                 "database error: %s", jz_db_errmsg (self->auth_db));
  jz_stmt_free (stmt);
  g_mutex_unlock (&self->auth_lock);
  return rc == JZ_DB_ROW;
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
  JzStmt *stmt = NULL;
  int rc;

  g_mutex_lock (&self->auth_lock);
  stmt = jz_db_prepare (self->auth_db,
                        "SELECT (SELECT coalesce (max (seq), 0) FROM county_feed), "
                        "  count (*) FILTER (WHERE revoked_at IS NULL AND last_seen >= ?1 - 86400000), "
                        "  count (*) FILTER (WHERE revoked_at IS NULL AND last_seen < ?1 - 86400000 "
                        "                    AND last_seen >= ?1 - 604800000), "
                        "  count (*) FILTER (WHERE revoked_at IS NULL AND last_seen < ?1 - 604800000 "
                        "                    AND last_seen >= ?1 - 2592000000), "
                        "  count (*) FILTER (WHERE revoked_at IS NULL AND last_seen < ?1 - 2592000000), "
                        "  count (*) FILTER (WHERE revoked_at IS NULL AND last_seen IS NULL), "
                        "  count (*) FILTER (WHERE revoked_at IS NOT NULL) "
                        "FROM county_device", NULL);
  rc = stmt != NULL ? JZ_DB_DONE : SQLITE_ERROR;
  if (stmt != NULL)
    {
      jz_stmt_bind_int64 (stmt, 1, now_ms);
      rc = jz_stmt_step (stmt);
    }
  if (rc == JZ_DB_ROW)
    {
      out->feed_seq = jz_stmt_column_int64 (stmt, 0);
      out->seen_1d = (guint) jz_stmt_column_int64 (stmt, 1);
      out->seen_7d = (guint) jz_stmt_column_int64 (stmt, 2);
      out->seen_30d = (guint) jz_stmt_column_int64 (stmt, 3);
      out->seen_older = (guint) jz_stmt_column_int64 (stmt, 4);
      out->never_seen = (guint) jz_stmt_column_int64 (stmt, 5);
      out->revoked = (guint) jz_stmt_column_int64 (stmt, 6);
    }
  else
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                 "database error: %s", jz_db_errmsg (self->auth_db));
  g_clear_pointer (&stmt, jz_stmt_free);

  out->database_bytes = -1;
  if (rc == JZ_DB_ROW && _jz_store_engine (self->store) != NULL)
    {
      stmt = jz_db_prepare (self->auth_db, "SELECT pg_database_size (current_database ())", NULL);
      if (stmt != NULL && jz_stmt_step (stmt) == JZ_DB_ROW)
        out->database_bytes = jz_stmt_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, jz_stmt_free);
    }
  g_mutex_unlock (&self->auth_lock);
  return rc == JZ_DB_ROW;
}

/**
 * jz_county_revoked_stations:
 * @now_ms: unix ms
 *
 * The devices revoked in the last JZ_STATION_CERT_DAYS days and two, with
 * the day (China Standard Time) each was revoked: [[device, YYYY-MM-DD],
 * …], the latest first (at most 100 000, far past any county's). A device keeps them, and a paper's
 * code its station signed on or after that day is refused
 * (docs/papers.md); earlier revocations are past every certificate.
 */
JsonArray *
jz_county_revoked_stations (JzCounty  *self,
                            gint64     now_ms,
                            GError   **error)
{
  g_autoptr(GTimeZone) cst = g_time_zone_new_offset (8 * 3600);
  g_autoptr(JsonArray) out = json_array_new ();
  JzStmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  g_mutex_lock (&self->auth_lock);
  stmt = jz_db_prepare (self->auth_db,
                        "SELECT id, revoked_at FROM county_device "
                        "WHERE revoked_at IS NOT NULL AND revoked_at >= ?1 "
                        "ORDER BY revoked_at DESC LIMIT 100000", NULL);
  if (stmt != NULL)
    {
      jz_stmt_bind_int64 (stmt, 1, now_ms - (gint64) (JZ_STATION_CERT_DAYS + 2) * 86400000);
      while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (jz_stmt_column_int64 (stmt, 1) / 1000);
          g_autoptr(GDateTime) day = utc != NULL ? g_date_time_to_timezone (utc, cst) : NULL;
          g_autofree char *day_text = day != NULL ? g_date_time_format (day, "%Y-%m-%d") : NULL;
          JsonArray *pair;

          if (day_text == NULL)
            continue;
          pair = json_array_new ();
          json_array_add_string_element (pair, jz_stmt_column_text (stmt, 0));
          json_array_add_string_element (pair, day_text);
          json_array_add_array_element (out, pair);
        }
    }
  if (rc != JZ_DB_DONE)
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                 "database error: %s", jz_db_errmsg (self->auth_db));
  jz_stmt_free (stmt);
  g_mutex_unlock (&self->auth_lock);
  return rc == JZ_DB_DONE ? g_steal_pointer (&out) : NULL;
}
