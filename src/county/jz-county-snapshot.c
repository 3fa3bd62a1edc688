/* jz-county-snapshot.c — a device's scope as it is now, and the feed
 * compacted below every active device's cursor
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new device does not replay the feed: it takes a snapshot of its scope,
 * person by person (every change set of each person's records, once, in
 * the order they arrived), then pulls the feed from the seq the snapshot
 * was taken at (as_of). Whatever changed while the snapshot was being read
 * comes again in that pull; applying is idempotent.
 *
 * The feed is what devices replay; the change sets are the county's
 * record and are never compacted. `juzhu-server compact` removes the feed
 * rows at or below the horizon: the lowest cursor a device that is not
 * revoked pulled from in the last days. A device whose cursor is below the
 * horizon (offline for longer than that) gets 410 snapshot_required on its
 * next pull; its own unsent work went up in the push that came first, and
 * it takes a snapshot as a new device would. docs/sync-protocol.md.
 */
#include "config.h"

#include <string.h>

#include "jz-county-sync-private.h"
#include "jz-text.h"

/* A device is at @cursor: it holds the horizon below it. */
gboolean
_jz_county_note_cursor (JzStore     *store,
                        const char  *device_id,
                        gint64       cursor,
                        GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store,
                                       "UPDATE county_device SET pull_cursor = ?2 "
                                       "WHERE id = ?1 AND pull_cursor <> ?2", error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, device_id);
  jz_stmt_bind_int64 (stmt, 2, cursor);
  return _jz_store_step_done (store, stmt, error);
}

/* ---- snapshot ------------------------------------------------------------ */

#define SCAN_PERSONS(limit) (5 * (limit) + 2)

typedef struct
{
  JzCountyDevice *device;
  gint64          as_of;      /* 0 at the first page: taken now */
  const char     *after;      /* the last person of the page before, or NULL */
  gint64          after_cs;   /* its last change set sent, or 0: it was whole */
  guint           limit;      /* change sets */
  gint64          now;
  gint64          divisions;
  gint64          holidays;
  GString        *out;
} SnapshotArgs;

/* The next persons of the device's scope, from @after on (inclusive), in
 * order. The scope is the pull's (jz-county-pull.c). */
static JzStmt *
persons_stmt (JzStore         *store,
              JzCountyDevice  *device,
              const char      *after,
              guint            n,
              GError         **error)
{
  JzStmt *stmt;

  if (_jz_county_role_by_area (device))
    stmt = _jz_store_stmt (store,
                           "SELECT DISTINCT person FROM county_access "
                           "WHERE person >= ?1 AND substr (area, 1, length (?2)) = ?2 "
                           "ORDER BY person LIMIT ?3", error);
  else
    stmt = _jz_store_stmt (store,
                           "SELECT DISTINCT person FROM county_access "
                           "WHERE user = ?2 AND user <> '' AND person >= ?1 "
                           "ORDER BY person LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, after != NULL ? after : "");
  jz_stmt_bind_text (stmt, 2, _jz_county_role_by_area (device) ? device->area : device->scope_key);
  jz_stmt_bind_int (stmt, 3, (int) n);
  return stmt;
}

/* The change sets of the persons of the scope from @first to @last, in
 * one statement: person by person, each person's in the order they
 * arrived; @first's only above @first_cs. Not the device's own; for a
 * landlord or employer known by identity only the person record (up to
 * the change set its access ended at, until_cs, when every access of it
 * to the person ended) and the registrations naming it. Columns: (id,
 * record, rtype, hlc, site, author, edits, person); at most @n rows.
 *
 * Written so that SQLite walks the persons in order and sorts each one's
 * change sets alone, and stops at the page's end: not a join with the
 * persons as a subquery, which it reads and sorts whole first. An area's
 * persons are found in the range, each checked; a user's (a landlord's
 * few, across the county) are an IN list, from its index. The page is
 * chosen by (person, id) alone and its rows read after: PostgreSQL, which
 * cannot tell how many persons an area has, reads the whole range and
 * would otherwise sort every change set of it with its edits. */
static JzStmt *
changes_stmt (JzStore         *store,
              JzCountyDevice  *device,
              const char      *first,
              gint64           first_cs,
              const char      *last,
              guint            n,
              GError         **error)
{
  JzStmt *stmt;

  if (_jz_county_role_by_area (device))
    stmt = _jz_store_stmt (store,
                           "SELECT s.id, s.record, s.rtype, s.hlc, s.site, s.author, s.edits, k.person FROM "
                           "(SELECT rp.person AS person, c.id AS id "
                           " FROM county_record_person rp JOIN change_set c ON c.record = rp.record "
                           "WHERE rp.person >= ?1 AND rp.person <= ?3 AND EXISTS (SELECT 1 FROM county_access a "
                           "    WHERE a.person = rp.person AND substr (a.area, 1, length (?4)) = ?4) "
                           "  AND (rp.person <> ?1 OR c.id > ?2) AND c.site <> ?5 "
                           " ORDER BY rp.person, c.id LIMIT ?6) k "
                           "JOIN change_set s ON s.id = k.id ORDER BY k.person, k.id", error);
  else if (device->identity == NULL)
    stmt = _jz_store_stmt (store,
                           "SELECT s.id, s.record, s.rtype, s.hlc, s.site, s.author, s.edits, k.person FROM "
                           "(SELECT rp.person AS person, c.id AS id "
                           " FROM county_record_person rp JOIN change_set c ON c.record = rp.record "
                           "WHERE rp.person IN (SELECT a.person FROM county_access a "
                           "    WHERE a.user = ?4 AND a.user <> '' AND a.person >= ?1 AND a.person <= ?3) "
                           "  AND (rp.person <> ?1 OR c.id > ?2) AND c.site <> ?5 "
                           " ORDER BY rp.person, c.id LIMIT ?6) k "
                           "JOIN change_set s ON s.id = k.id ORDER BY k.person, k.id", error);
  else
    /* until_cs: NULL on any of the person's accesses (one still in
     * force) lets every change set through, otherwise the greatest */
    stmt = _jz_store_stmt (store,
                           "SELECT s.id, s.record, s.rtype, s.hlc, s.site, s.author, s.edits, k.person FROM "
                           "(SELECT rp.person AS person, c.id AS id "
                           " FROM county_record_person rp JOIN change_set c ON c.record = rp.record "
                           "WHERE rp.person IN (SELECT a.person FROM county_access a "
                           "    WHERE a.user = ?4 AND a.user <> '' AND a.person >= ?1 AND a.person <= ?3) "
                           "  AND (rp.person <> ?1 OR c.id > ?2) AND c.site <> ?5 AND "
                           "  ((c.rtype = 'person' AND EXISTS (SELECT 1 FROM county_access a "
                           "     WHERE a.user = ?4 AND a.user <> '' AND a.person = rp.person AND "
                           "     (a.until_cs IS NULL OR c.id <= a.until_cs))) OR "
                           "   (c.rtype = 'registration' AND EXISTS (SELECT 1 FROM registration r "
                           "     WHERE r.id = c.record AND (r.landlord_identity = ?7 OR r.employer_identity = ?7)))) "
                           " ORDER BY rp.person, c.id LIMIT ?6) k "
                           "JOIN change_set s ON s.id = k.id ORDER BY k.person, k.id", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, first);
  jz_stmt_bind_int64 (stmt, 2, first_cs);
  jz_stmt_bind_text (stmt, 3, last);
  jz_stmt_bind_text (stmt, 4, _jz_county_role_by_area (device) ? device->area : device->scope_key);
  jz_stmt_bind_text (stmt, 5, device->site);
  jz_stmt_bind_int (stmt, 6, (int) n);
  if (!_jz_county_role_by_area (device) && device->identity != NULL)
    jz_stmt_bind_text (stmt, 7, device->identity);
  return stmt;
}

static gpointer
snapshot_on_thread (JzStore  *store,
                    gpointer  data,
                    GError  **error)
{
  SnapshotArgs *args = data;
  g_autoptr(GString) page = NULL;
  g_autofree char *first_person = NULL;
  g_autofree char *last_person = NULL;
  g_autofree char *page_person = NULL;
  gint64 last_cs = 0, horizon;
  guint n = 0, rows = 0;
  gboolean more = FALSE;
  JzStmt *stmt;
  int rc;

  if (!_jz_store_exec (store, "BEGIN", error))
    return NULL;
  if (!_jz_county_touch_device (store, args->device->id, args->now, error))
    goto fail;
  horizon = _jz_county_horizon (store);
  if (args->as_of == 0)
    {
      /* Taken now; the device will pull from here and holds the horizon. */
      args->as_of = _jz_county_max_feed_seq (store);
      if (!_jz_county_note_cursor (store, args->device->id, args->as_of, error))
        goto fail;
    }
  else if (args->as_of < horizon)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_COMPACTED,
                   "the feed up to %" G_GINT64_FORMAT " was compacted since this snapshot was begun at %"
                   G_GINT64_FORMAT "; begin it again", horizon, args->as_of);
      goto fail;
    }

  /* Persons whole, until the page holds @limit change sets; a person with
   * more than that goes on in the next page (after_cs). Up to five times
   * as many persons as change sets are looked at: a device's own records
   * are in its scope but not sent back, and a device that filed 100 000
   * would otherwise be answered 25 empty pages. Only the first and the
   * last of them are kept: their change sets are read in one statement. */
  stmt = persons_stmt (store, args->device, args->after, SCAN_PERSONS (args->limit), error);
  if (stmt == NULL)
    goto fail;
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      const char *person = jz_stmt_column_text (stmt, 0);

      rows++;
      /* the person the page before ended with is whole unless after_cs */
      if (args->after != NULL && g_str_equal (person, args->after) && args->after_cs == 0)
        continue;
      if (first_person == NULL)
        first_person = g_strdup (person);
      g_free (last_person);
      last_person = g_strdup (person);
    }
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (store, error);
      goto fail;
    }

  page = g_string_sized_new (64 * 1024);
  g_string_append (page, "{\"changes\":[");
  if (first_person != NULL)
    {
      gint64 from = args->after != NULL && g_str_equal (first_person, args->after) ? args->after_cs : 0;

      /* one more than fits: whether the page's last person goes on */
      stmt = changes_stmt (store, args->device, first_person, from, last_person, args->limit + 1, error);
      if (stmt == NULL)
        goto fail;
      while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
        {
          const char *person = jz_stmt_column_text (stmt, 7);

          if (n == args->limit)
            {
              /* the page is full: its last person goes on in the next
               * page, or is whole and the next page begins after it */
              more = TRUE;
              if (!g_str_equal (person, page_person))
                last_cs = 0;
              break;
            }
          if (n > 0)
            g_string_append_c (page, ',');
          _jz_store_append_change_set_row (page, NULL, stmt);
          if (page_person == NULL || !g_str_equal (person, page_person))
            {
              g_free (page_person);
              page_person = g_strdup (person);
            }
          last_cs = jz_stmt_column_int64 (stmt, 0);
          n++;
        }
      jz_stmt_reset (stmt);
      if (rc != JZ_DB_ROW && rc != JZ_DB_DONE)
        {
          _jz_store_set_sqlite_error (store, error);
          goto fail;
        }
      if (!more)
        {
          last_cs = 0;      /* whole */
          /* full, and persons after the page's last one (without change
           * sets for the device, or the next page would have one) */
          if (n == args->limit && !g_str_equal (page_person, last_person))
            more = TRUE;
        }
      if (more)
        {
          g_free (last_person);
          last_person = g_steal_pointer (&page_person);
        }
    }
  /* every person asked for was read: there may be more (the next page says) */
  if (!more && rows == SCAN_PERSONS (args->limit))
    more = TRUE;
  if (!_jz_store_exec (store, "COMMIT", error))
    goto fail;

  g_string_append_printf (page, "],\"as_of\":%" G_GINT64_FORMAT ",\"after\":", args->as_of);
  jz_text_append_json_string (page, last_person != NULL ? last_person : (args->after ? args->after : ""));
  g_string_append_printf (page, ",\"after_cs\":%" G_GINT64_FORMAT ",\"more\":%s,\"server_hlc\":%"
                          G_GINT64_FORMAT ",\"refdata\":{\"divisions\":%" G_GINT64_FORMAT ",\"holidays\":%"
                          G_GINT64_FORMAT "}}",
                          last_cs, more ? "true" : "false", _jz_county_server_hlc (store, args->now),
                          args->divisions, args->holidays);
  args->out = g_steal_pointer (&page);
  return JZ_STORE_OK;

fail:
  _jz_store_exec (store, "ROLLBACK", NULL);
  return NULL;
}

/**
 * jz_county_snapshot_text:
 * @as_of: 0 for the first page; then the page before's "as_of"
 * @after: (nullable): NULL for the first page; then the page before's "after"
 * @after_cs: the page before's "after_cs"
 * @limit: change sets per page; 0 for the default, capped at
 *   JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES
 *
 * A page of the device's scope as it is now: every change set of each
 * person's records that the device may see, persons in the order of their
 * ids. The device then pulls the feed from "as_of".
 *
 * Returns: the JSON text of {"changes", "as_of", "after", "after_cs",
 *   "more", "server_hlc", "refdata"}; NULL with JZ_COUNTY_ERROR_COMPACTED
 *   when the feed was compacted past @as_of since the first page
 */
GBytes *
jz_county_snapshot_text (JzCounty        *self,
                         JzCountyDevice  *device,
                         gint64           as_of,
                         const char      *after,
                         gint64           after_cs,
                         guint            limit,
                         GError         **error)
{
  SnapshotArgs args = { 0 };
  gsize len;

  args.device = device;
  args.as_of = MAX (as_of, 0);
  args.after = after != NULL && *after != '\0' ? after : NULL;
  args.after_cs = args.after != NULL ? MAX (after_cs, 0) : 0;
  args.limit = limit == 0 || limit > JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES ? JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES : limit;
  args.now = _jz_county_now_ms (self);
  args.divisions = jz_county_divisions_version (self);
  args.holidays = jz_county_holidays_version (self);
  if (_jz_store_call (self->store, snapshot_on_thread, &args, error) == NULL)
    return NULL;
  len = args.out->len;
  return g_bytes_new_take (g_string_free (args.out, FALSE), len);
}

/* ---- compaction ---------------------------------------------------------- */

typedef struct
{
  gint64              now;
  gint64              inactive_ms;
  JzCountyCompaction *out;
} CompactArgs;

static gpointer
compact_on_thread (JzStore  *store,
                   gpointer  data,
                   GError  **error)
{
  CompactArgs *args = data;
  JzStmt *stmt;
  gint64 top, horizon, old;
  gboolean any = FALSE;

  if (!_jz_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  top = _jz_county_max_feed_seq (store);
  old = _jz_county_horizon (store);

  /* The lowest cursor of the devices that pulled lately. One that never
   * pulled (0) takes a snapshot first and needs no feed below it. */
  stmt = _jz_store_stmt (store,
                         "SELECT min (pull_cursor), count (*) FROM county_device "
                         "WHERE revoked_at IS NULL AND pull_cursor > 0 AND last_seen >= ?1", error);
  if (stmt == NULL)
    goto fail;
  jz_stmt_bind_int64 (stmt, 1, args->now - args->inactive_ms);
  horizon = top;
  if (jz_stmt_step (stmt) == JZ_DB_ROW && jz_stmt_column_int64 (stmt, 1) > 0)
    {
      horizon = jz_stmt_column_int64 (stmt, 0);
      any = TRUE;
    }
  args->out->active_devices = any ? (guint) jz_stmt_column_int64 (stmt, 1) : 0;
  jz_stmt_reset (stmt);
  horizon = CLAMP (horizon, old, top);

  stmt = _jz_store_stmt (store, "DELETE FROM county_feed WHERE seq <= ?", error);
  if (stmt == NULL)
    goto fail;
  jz_stmt_bind_int64 (stmt, 1, horizon);
  if (!_jz_store_step_done (store, stmt, error))
    goto fail;
  args->out->removed = (guint64) _jz_store_changes (store);

  if (horizon > old || args->out->removed > 0)
    {
      stmt = _jz_store_stmt (store, "INSERT INTO county_compaction (at, horizon, removed) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        goto fail;
      jz_stmt_bind_int64 (stmt, 1, args->now);
      jz_stmt_bind_int64 (stmt, 2, horizon);
      jz_stmt_bind_int64 (stmt, 3, args->out->removed);
      if (!_jz_store_step_done (store, stmt, error))
        goto fail;
    }
  if (!_jz_store_exec (store, "COMMIT", error))
    goto fail;
  args->out->horizon = horizon;
  args->out->top = top;
  return JZ_STORE_OK;

fail:
  _jz_store_exec (store, "ROLLBACK", NULL);
  return NULL;
}

/**
 * jz_county_compact:
 * @inactive_ms: a device not seen for this long does not hold the horizon
 * @out: (out caller-allocates): what was done
 *
 * Removes the feed at and below the horizon, in one transaction: the
 * lowest cursor of the devices not revoked and seen within @inactive_ms
 * (all of it when there are none). The horizon never moves back.
 */
gboolean
jz_county_compact (JzCounty            *self,
                   gint64               inactive_ms,
                   JzCountyCompaction  *out,
                   GError             **error)
{
  CompactArgs args = { 0 };

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  args.now = _jz_county_now_ms (self);
  args.inactive_ms = MAX (inactive_ms, 0);
  args.out = out;
  return _jz_store_call (self->store, compact_on_thread, &args, error) != NULL;
}
