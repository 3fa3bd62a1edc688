/* jz-county-pull.c — the county server's feed, filtered by the puller's
 * scope as it is now
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-county-sync-private.h"
#include "jz-test-crash.h"
#include "jz-uuid.h"

/* ---- pull ---------------------------------------------------------------- */

typedef struct
{
  JzCountyDevice *device;
  gint64          since;
  guint           limit;
  gint64          now;
  gint64          divisions;
  gint64          holidays;
  GString        *out;
} PullArgs;

static gpointer
pull_on_thread (JzStore  *store,
                gpointer  data,
                GError  **error)
{
  PullArgs *args = data;
  JzStmt *stmt;
  g_autoptr(GString) page = NULL;
  gint64 last = args->since, top, horizon;
  guint n = 0, saves = 0;
  guint64 prev_hlc = 0;
  char *prev_site = NULL;
  gboolean more = FALSE;
  int rc;

  if (!_jz_county_touch_device (store, args->device->id, args->now, error))
    return NULL;
  top = _jz_county_max_feed_seq (store);
  horizon = _jz_county_horizon (store);
  if (args->since < horizon)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_COMPACTED,
                   "the feed up to %" G_GINT64_FORMAT " was compacted and this device is at %" G_GINT64_FORMAT
                   "; start again from a snapshot (GET sync/snapshot)", horizon, args->since);
      return NULL;
    }

  if (_jz_county_role_by_area (args->device))
    stmt = _jz_store_stmt (store,
                           "SELECT f.seq, c.record, c.rtype, c.hlc, c.site, c.author, c.edits "
                           "FROM county_feed f JOIN change_set c ON c.id = f.cs "
                           "WHERE f.seq > ?1 AND c.site <> ?2 AND EXISTS "
                           "  (SELECT 1 FROM county_access a WHERE a.person = f.person AND "
                           "   substr (a.area, 1, length (?3)) = ?3) "
                           "ORDER BY f.seq LIMIT ?4", error);
  else if (args->device->identity != NULL)
    /* A landlord or employer known by identity: of its persons, the
     * person records and the registrations that name it now; not their
     * applications and permits, nor a registration that names another (a
     * former tenant's new address is not the old landlord's to see), nor
     * the person's changes after its last registration ended (until_seq). */
    stmt = _jz_store_stmt (store,
                           "SELECT f.seq, c.record, c.rtype, c.hlc, c.site, c.author, c.edits "
                           "FROM county_feed f JOIN change_set c ON c.id = f.cs "
                           "WHERE f.seq > ?1 AND c.site <> ?2 AND EXISTS "
                           "  (SELECT 1 FROM county_access a WHERE a.person = f.person AND a.user = ?3 "
                           "   AND (a.until_seq IS NULL OR c.rtype <> 'person' OR f.seq <= a.until_seq)) "
                           "AND (c.rtype = 'person' OR (c.rtype = 'registration' AND EXISTS "
                           "  (SELECT 1 FROM registration r WHERE r.id = c.record AND "
                           "   (r.landlord_identity = ?5 OR r.employer_identity = ?5)))) "
                           "ORDER BY f.seq LIMIT ?4", error);
  else
    stmt = _jz_store_stmt (store,
                           "SELECT f.seq, c.record, c.rtype, c.hlc, c.site, c.author, c.edits "
                           "FROM county_feed f JOIN change_set c ON c.id = f.cs "
                           "WHERE f.seq > ?1 AND c.site <> ?2 AND EXISTS "
                           "  (SELECT 1 FROM county_access a WHERE a.person = f.person AND a.user = ?3) "
                           "ORDER BY f.seq LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  if (args->device->identity != NULL && !_jz_county_role_by_area (args->device))
    jz_stmt_bind_text (stmt, 5, args->device->identity);
  jz_stmt_bind_int64 (stmt, 1, args->since);
  jz_stmt_bind_text (stmt, 2, args->device->site);
  jz_stmt_bind_text (stmt, 3, _jz_county_role_by_area (args->device) ? args->device->area : args->device->scope_key);
  jz_stmt_bind_int64 (stmt, 4, JZ_PROTOCOL_MAX_PULL_CHANGES + 1);

  /* A page is @limit saves: it ends before the change set that would
   * start one more, or at the hard cap on change sets. The change sets of
   * a save are consecutive in the feed (one push applies them in order). */
  page = g_string_sized_new (64 * 1024);
  g_string_append (page, "{\"changes\":[");
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      guint64 hlc = (guint64) jz_stmt_column_int64 (stmt, 3);
      const char *site = jz_stmt_column_text (stmt, 4);
      gboolean new_save = n == 0 || hlc != prev_hlc || g_strcmp0 (site, prev_site) != 0;

      if (n == JZ_PROTOCOL_MAX_PULL_CHANGES || (new_save && saves == args->limit))
        {
          more = TRUE;
          break;
        }
      if (new_save)
        {
          saves++;
          prev_hlc = hlc;
          g_free (prev_site);
          prev_site = g_strdup (site);
        }
      if (n > 0)
        g_string_append_c (page, ',');
      _jz_store_append_change_set_row (page, "server_seq", stmt);
      last = jz_stmt_column_int64 (stmt, 0);
      n++;
    }
  g_free (prev_site);
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_ROW && rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (store, error);
      return NULL;
    }

  /* Past the end, the cursor skips what this device may not see; and the
   * device is known to be at @since, which holds the compaction horizon
   * below it (an answer the device does not apply only makes it lower).
   * @top was read before the page: another process (a second server on
   * PostgreSQL, an administration command) may have committed more since,
   * and the page may hold it, so the cursor is never below its last row.
   * Nor above what the page's own read covered: @top is not read after it. */
  if (!more)
    {
      last = MAX (MAX (args->since, top), last);
      if (!_jz_county_note_cursor (store, args->device->id, args->since, error))
        return NULL;
    }

  g_string_append_printf (page, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s,\"server_hlc\":%"
                          G_GINT64_FORMAT ",\"refdata\":{\"divisions\":%" G_GINT64_FORMAT ",\"holidays\":%"
                          G_GINT64_FORMAT "}}",
                          last, more ? "true" : "false", _jz_county_server_hlc (store, args->now),
                          args->divisions, args->holidays);
  args->out = g_steal_pointer (&page);
  return JZ_STORE_OK;
}

/**
 * jz_county_pull_text:
 * @since: the device's cursor (0 at first)
 * @limit: saves per page (change sets sharing one stamp); 0 for the
 *   default; capped at JZ_PROTOCOL_MAX_PULL_PAGE
 *
 * A page of the feed as the wire carries it, written straight from the
 * stored change sets.
 *
 * Returns: the JSON text of {"changes", "next", "more", "server_hlc",
 *   "refdata"}
 */
GBytes *
jz_county_pull_text (JzCounty        *self,
                     JzCountyDevice  *device,
                     gint64           since,
                     guint            limit,
                     GError         **error)
{
  PullArgs args = { 0 };
  gsize len;

  args.device = device;
  args.since = MAX (since, 0);
  args.limit = limit == 0 || limit > JZ_PROTOCOL_MAX_PULL_PAGE ? JZ_PROTOCOL_MAX_PULL_PAGE : limit;
  args.now = _jz_county_now_ms (self);
  args.divisions = jz_county_divisions_version (self);
  args.holidays = jz_county_holidays_version (self);
  if (_jz_store_call (self->store, pull_on_thread, &args, error) == NULL)
    return NULL;
  len = args.out->len;
  return g_bytes_new_take (g_string_free (args.out, FALSE), len);
}

/**
 * jz_county_pull:
 *
 * jz_county_pull_text(), parsed: for callers that read the page.
 *
 * Returns: {"changes", "next", "more", "server_hlc", "refdata"}
 */
JsonObject *
jz_county_pull (JzCounty        *self,
                JzCountyDevice  *device,
                gint64           since,
                guint            limit,
                GError         **error)
{
  g_autoptr(GBytes) text = jz_county_pull_text (self, device, since, limit, error);
  g_autoptr(JsonParser) parser = NULL;
  gsize len;
  const char *data;

  if (text == NULL)
    return NULL;
  data = g_bytes_get_data (text, &len);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gpointer
hlc_on_thread (JzStore  *store,
               gpointer  data,
               GError  **error)
{
  gint64 *now = data;

  *now = _jz_county_server_hlc (store, *now);
  return JZ_STORE_OK;
}

guint64
jz_county_server_hlc (JzCounty *self)
{
  gint64 value = _jz_county_now_ms (self);

  _jz_store_call (self->store, hlc_on_thread, &value, NULL);
  return (guint64) value;
}
