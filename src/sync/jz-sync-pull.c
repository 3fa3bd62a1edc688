/* jz-sync-pull.c — the pull of a sync: a snapshot of the device's scope
 * when it has nothing yet (or fell behind a compacted feed), then the feed
 * until it has no more, then the division list if it changed
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "jz-protocol.h"
#include "jz-sync-client-private.h"
#include "jz-holidays.h"
#include "jz-test-crash.h"
#include "jz-uuid.h"

static gboolean
step_divisions (Run     *run,
                gint64   version,
                GError **error)
{
  JzStore *store = run->client->store;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  JsonArray *list;
  gint64 got = version;

  answer = _jz_sync_run_call (run, "GET", "refdata/divisions", NULL, "division list", NULL, error);
  if (answer == NULL)
    return FALSE;
  _jz_sync_get_int (answer, "version", &got);
  if (!json_object_has_member (answer, "divisions") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "divisions")))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "division list: the server's answer has no divisions");
      return FALSE;
    }
  list = json_object_get_array_member (answer, "divisions");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
      const char *code = pair && json_array_get_length (pair) == 2 ? json_array_get_string_element (pair, 0) : NULL;
      const char *name = code ? json_array_get_string_element (pair, 1) : NULL;

      if (code == NULL || name == NULL)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "division list: divisions[%u] is not [code, name]", i);
          return FALSE;
        }
      g_ptr_array_add (codes, g_strdup (code));
      g_ptr_array_add (names, g_strdup (name));
    }
  if (codes->len > 0 && !jz_store_import_divisions (store, codes, names, error))
    return FALSE;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, got);
  run->summary.divisions_updated = TRUE;
  return jz_store_set_meta (store, "sync_divisions", text, error);
}

/* The county's holiday calendars, each checked whole by the loader and
 * kept as DATA_DIR/holidays/YEAR.json; a calendar that does not load is
 * the server's answer making no sense, and none of them is kept. */
static gboolean
step_holidays (Run     *run,
               gint64   version,
               GError **error)
{
  JzStore *store = run->client->store;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *text = NULL;
  JsonArray *calendars;
  gint64 got = version;

  answer = _jz_sync_run_call (run, "GET", "refdata/holidays", NULL, "holiday calendars", NULL, error);
  if (answer == NULL)
    return FALSE;
  _jz_sync_get_int (answer, "version", &got);
  if (!json_object_has_member (answer, "calendars") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "calendars")))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "holiday calendars: the server's answer has no calendars");
      return FALSE;
    }
  calendars = json_object_get_array_member (answer, "calendars");
  texts = g_ptr_array_new_with_free_func (g_free);
  /* every calendar checked before any is kept */
  for (guint i = 0; i < json_array_get_length (calendars); i++)
    {
      g_autoptr(JzHolidays) check = jz_holidays_new ();
      g_autofree char *source = g_strdup_printf ("calendars[%u]", i);
      g_autoptr(GError) local_error = NULL;
      char *calendar = json_to_string (json_array_get_element (calendars, i), FALSE);

      g_ptr_array_add (texts, calendar);
      if (!jz_holidays_load_data (check, calendar, -1, source, &local_error))
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "holiday calendars: %s", local_error->message);
          return FALSE;
        }
    }
  for (guint i = 0; i < texts->len; i++)
    if (!jz_holidays_import_data (run->client->data_dir, texts->pdata[i], strlen (texts->pdata[i]),
                                  "calendar", NULL, error))
      return FALSE;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, got);
  run->summary.holidays_updated = TRUE;
  return jz_store_set_meta (store, "sync_holidays", text, error);
}

/* The page queued on the store thread and not yet waited for */
typedef struct
{
  JzStorePending *pending;
  gint64          after;     /* the cursor it was fetched from */
  guint           n;         /* its change sets */
} PendingPage;

/* Waits for the page begun last; what it brought counts in the summary
 * (and the progress) once it is in. */
static gboolean
end_page (Run          *run,
          PendingPage  *page,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  guint applied = 0;
  gint64 after = page->after;

  if (page->pending == NULL)
    return TRUE;
  if (!jz_store_apply_remote_page_end (g_steal_pointer (&page->pending), &applied, &local_error))
    {
      if (g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID))
        g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                     "pull: the server sent a malformed page (after %" G_GINT64_FORMAT "): %s",
                     after, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  run->summary.applied += applied;
  run->summary.pulled += page->n;
  _jz_sync_report (run, JZ_SYNC_PHASE_PULL, run->summary.pulled, 0, 0, 0);
  return TRUE;
}

/* Queues @changes on the store thread, to be applied with @key = @value
 * in one transaction. Only a misuse of the store fails here; the page is
 * then not skipped: the pull stops. */
static gboolean
queue_page (JzStore      *store,
            PendingPage  *page,
            const char   *changes,
            gsize         len,
            const char   *key,
            const char   *value,
            gint64        server_hlc,
            gint64        after,
            const char   *what,
            GError      **error)
{
  page->pending = jz_store_apply_remote_page_begin (store, changes, len, key, value,
                                                    (guint64) MAX (server_hlc, 0), &page->n);
  page->after = after;
  if (page->pending == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL, "%s: the page could not be queued", what);
      return FALSE;
    }
  return TRUE;
}

/* A page's "changes", as text: NULL unless it is a list. */
static const char *
page_changes (JzSyncDeferred *deferred,
              gsize          *len,
              gboolean       *empty)
{
  const char *text = _jz_sync_deferred_text (deferred, len);
  gsize i = 1;

  if (text == NULL || text[0] != '[')
    return NULL;
  while (i < *len && g_ascii_isspace (text[i]))
    i++;
  *empty = i < *len && text[i] == ']';
  return text;
}

/* What was begun is waited for: the store keeps no job of a finished run.
 * That page failing says more than the request after it failing (a full
 * disk, not the network), so its error is the one told. */
static gboolean
end_after_failure (Run          *run,
                   PendingPage  *page,
                   GError      **error)
{
  g_autoptr(GError) page_error = NULL;

  if (!end_page (run, page, &page_error))
    {
      g_clear_error (error);
      g_propagate_error (error, g_steal_pointer (&page_error));
    }
  return FALSE;
}

/* Pages are pipelined: while the store thread applies page k (with the
 * cursor it ends at, in one transaction), this thread fetches and parses
 * page k + 1 from that cursor. The two are about even, so a pull takes
 * about half the time on two cores. A page that fails to apply stops the
 * pull; the page fetched after it is dropped, and the cursor stays where
 * the last applied page left it. */
/* The versions of the reference data the server's pages announce; -1:
 * not said */
typedef struct
{
  gint64 divisions;
  gint64 holidays;
} Refdata;

static gboolean
pull_feed (Run     *run,
           Refdata *announced,
           GError **error)
{
  JzStore *store = run->client->store;
  gint64 cursor = _jz_sync_meta_int (store, "sync_pull_cursor");
  PendingPage pending = { NULL, cursor, 0 };

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("sync/pull?since=%" G_GINT64_FORMAT "&limit=%d", cursor, PULL_PAGE);
      g_autofree char *next_text = NULL;
      g_autoptr(JsonObject) page = NULL;
      g_auto(JzSyncDeferred) deferred = { 0 };
      const char *changes = NULL;
      gsize len = 0;
      JsonNode *refdata;
      gint64 next = 0, server_hlc = 0;
      gboolean more, empty = FALSE;

      page = _jz_sync_run_call_deferred (run, path, "pull", &deferred, error);
      if (page == NULL)
        goto fail;
      if ((changes = page_changes (&deferred, &len, &empty)) == NULL ||
          !_jz_sync_get_int (page, "next", &next))
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "pull: the server's answer has no changes or next");
          goto fail;
        }
      more = json_object_get_boolean_member_with_default (page, "more", FALSE);
      _jz_sync_get_int (page, "server_hlc", &server_hlc);
      refdata = json_object_get_member (page, "refdata");
      if (refdata != NULL && JSON_NODE_HOLDS_OBJECT (refdata))
        {
          _jz_sync_get_int (json_node_get_object (refdata), "divisions", &announced->divisions);
          _jz_sync_get_int (json_node_get_object (refdata), "holidays", &announced->holidays);
        }
      if (more && next <= cursor && empty)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "pull: the server says there is more after %" G_GINT64_FORMAT " but sends nothing",
                       cursor);
          goto fail;
        }

      /* the page before must be in before this one is queued */
      if (!end_page (run, &pending, error))
        goto fail;
      next_text = g_strdup_printf ("%" G_GINT64_FORMAT, next);
      if (!queue_page (store, &pending, changes, len, "sync_pull_cursor", next_text, server_hlc, cursor,
                       "pull", error))
        goto fail;

      if (!more)
        break;
      cursor = next;
    }
  return end_page (run, &pending, error);

fail:
  return end_after_failure (run, &pending, error);
}

/* ---- snapshot ------------------------------------------------------------ */

/* Where a snapshot got to, kept in meta "sync_snapshot" with each page it
 * applies ("AS_OF AFTER AFTER_CS"), so that a cut sync goes on from there.
 * The last page sets the pull cursor to AS_OF instead; a mark at or below
 * the cursor is spent. */
typedef struct
{
  gint64 as_of;
  char   after[40];      /* a person's id, or "" before the first page */
  gint64 after_cs;
} SnapshotMark;

static gboolean
read_mark (JzStore      *store,
           SnapshotMark *mark)
{
  g_autofree char *text = jz_store_get_meta (store, "sync_snapshot", NULL);
  gint64 cursor = _jz_sync_meta_int (store, "sync_pull_cursor");
  SnapshotMark m = { 0 };

  memset (mark, 0, sizeof *mark);
  if (text == NULL ||
      sscanf (text, "%" G_GINT64_FORMAT " %39s %" G_GINT64_FORMAT, &m.as_of, m.after, &m.after_cs) != 3 ||
      m.as_of <= cursor || m.after_cs < 0)
    return FALSE;
  if (g_str_equal (m.after, "-"))
    m.after[0] = '\0';
  else if (!jz_uuid_is_valid (m.after))
    return FALSE;
  *mark = m;
  return TRUE;
}

/* Pages of the device's scope as it is now, each applied with the mark
 * (the last with the pull cursor) in one transaction, pipelined like the
 * feed's. From @mark if it is set, else from the start. */
static gboolean
take_snapshot (Run           *run,
               SnapshotMark  *mark,
               GError       **error)
{
  JzStore *store = run->client->store;
  PendingPage pending = { NULL, mark->as_of, 0 };
  /* a test hook: small pages, to cut a snapshot between two of them */
  const char *limit_env = g_getenv ("JUZHU_SNAPSHOT_LIMIT");
  guint limit = limit_env != NULL ? (guint) CLAMP (g_ascii_strtoull (limit_env, NULL, 10), 1,
                                                   JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES)
                                  : JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES;

  for (;;)
    {
      g_autoptr(GString) path = g_string_new (NULL);
      g_autoptr(JsonObject) page = NULL;
      g_autofree char *value = NULL;
      g_auto(JzSyncDeferred) deferred = { 0 };
      const char *changes = NULL;
      gsize len = 0;
      const char *after;
      gint64 as_of = 0, after_cs = 0, server_hlc = 0;
      gboolean more, empty = FALSE;

      g_string_printf (path, "sync/snapshot?limit=%u", limit);
      if (mark->as_of > 0)
        g_string_append_printf (path, "&as_of=%" G_GINT64_FORMAT, mark->as_of);
      if (mark->after[0] != '\0')
        g_string_append_printf (path, "&after=%s&after_cs=%" G_GINT64_FORMAT, mark->after, mark->after_cs);

      page = _jz_sync_run_call_deferred (run, path->str, "snapshot", &deferred, error);
      if (page == NULL)
        goto fail;
      after = json_object_has_member (page, "after") &&
              JSON_NODE_HOLDS_VALUE (json_object_get_member (page, "after")) &&
              json_node_get_value_type (json_object_get_member (page, "after")) == G_TYPE_STRING
              ? json_object_get_string_member (page, "after") : NULL;
      if ((changes = page_changes (&deferred, &len, &empty)) == NULL ||
          !_jz_sync_get_int (page, "as_of", &as_of) || as_of < 0 ||
          !_jz_sync_get_int (page, "after_cs", &after_cs) || after_cs < 0 ||
          after == NULL || (*after != '\0' && !jz_uuid_is_valid (after)) ||
          (mark->as_of > 0 && as_of != mark->as_of))
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "snapshot: the server's answer has no changes, or a wrong as_of, after or after_cs");
          goto fail;
        }
      more = json_object_get_boolean_member_with_default (page, "more", FALSE);
      _jz_sync_get_int (page, "server_hlc", &server_hlc);
      if (more && empty && g_strcmp0 (after, mark->after) == 0 &&
          after_cs == mark->after_cs)
        {
          g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                       "snapshot: the server says there is more but moves on by nothing");
          goto fail;
        }

      if (!end_page (run, &pending, error))
        goto fail;
      if (pending.n > 0)
        jz_test_crash_point ("mid-snapshot");   /* test hook: jz-test-crash.h */
      value = more
        ? g_strdup_printf ("%" G_GINT64_FORMAT " %s %" G_GINT64_FORMAT, as_of, *after ? after : "-", after_cs)
        : g_strdup_printf ("%" G_GINT64_FORMAT, as_of);
      if (!queue_page (store, &pending, changes, len, more ? "sync_snapshot" : "sync_pull_cursor", value,
                       server_hlc, as_of, "snapshot", error))
        goto fail;
      run->summary.snapshot_pages++;
      if (!more)
        break;
      mark->as_of = as_of;
      g_strlcpy (mark->after, after, sizeof mark->after);
      mark->after_cs = after_cs;
    }
  return end_page (run, &pending, error);

fail:
  return end_after_failure (run, &pending, error);
}

/* A device with nothing pulled yet, or one cut in the middle of a snapshot,
 * takes (the rest of) a snapshot first; one whose cursor the server
 * compacted past (410 snapshot_required) takes a new one, after the push
 * that came before this step sent its own work. Then the feed from there. */
gboolean
_jz_sync_step_pull (Run     *run,
                    GError **error)
{
  JzStore *store = run->client->store;
  Refdata announced = { -1, -1 };
  SnapshotMark mark;
  gboolean resume = read_mark (store, &mark);
  /* No cursor at all: nothing pulled since this device was enrolled (or the
   * server restored). A cursor of 0 is a snapshot taken of an empty feed:
   * the feed from its start follows, not another snapshot. */
  g_autofree char *cursor_text = jz_store_get_meta (store, "sync_pull_cursor", NULL);

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (attempt > 0 || resume || cursor_text == NULL)
        {
          if (attempt > 0)
            memset (&mark, 0, sizeof mark);
          ok = take_snapshot (run, &mark, &local_error) && pull_feed (run, &announced, &local_error);
        }
      else
        ok = pull_feed (run, &announced, &local_error);
      if (ok)
        break;
      /* compacted again while this device was reading: a few more tries */
      if (!g_error_matches (local_error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_SNAPSHOT_REQUIRED) || attempt == 3)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      resume = FALSE;
    }

  if (announced.divisions >= 0 && announced.divisions != _jz_sync_meta_int (store, "sync_divisions") &&
      !step_divisions (run, announced.divisions, error))
    return FALSE;
  if (announced.holidays >= 0 && announced.holidays != _jz_sync_meta_int (store, "sync_holidays") &&
      !step_holidays (run, announced.holidays, error))
    return FALSE;
  return TRUE;
}
