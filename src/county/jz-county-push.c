/* jz-county-push.c — a push on the county server (pull: jz-county-pull.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A push is checked whole before anything is applied (a malformed change
 * set fails the request with nothing stored), then applied in one
 * transaction, each change set under its own savepoint so that a rejected
 * one is undone alone. Scope, roles and the workflow are judged against
 * the server's state at apply time, never the device's.
 *
 * Scope is decided per person (docs/server.md): county_record_person maps
 * every record to its person, county_access lists the areas and users a
 * person is visible to. The change feed (county_feed) is in commit order;
 * pull filters it by the puller's scope as it is now, and a person who
 * enters a new area has their earlier change sets appended to the feed
 * again so that the devices of that area get them.
 */
#include "config.h"

#include <string.h>

#include "jz-county-sync-private.h"
#include "jz-test-crash.h"
#include "jz-uuid.h"

typedef struct
{
  gint64       seq;
  JzChangeSet *cs;
} PushItem;

static void
push_item_free (PushItem *item)
{
  jz_change_set_free (item->cs);
  g_free (item);
}

/* ---- the request, checked whole ------------------------------------------ */

gboolean
_jz_county_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
invalid (GError    **error,
         const char *path,
         const char *what)
{
  g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD, "%s: %s", path, what);
  return FALSE;
}

static PushItem *
parse_item (JsonNode  *node,
            guint      index,
            GError   **error)
{
  g_autofree char *path = g_strdup_printf ("changes[%u]", index);
  PushItem *item;
  gint64 seq = 0;
  JzChangeSet *cs = jz_change_set_read (node, path, "seq", &seq, error);

  if (cs == NULL)
    return NULL;
  item = g_new0 (PushItem, 1);
  item->seq = seq;
  item->cs = cs;
  return item;
}

static GPtrArray *
parse_push (JsonNode  *body,
            GError   **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) push_item_free);
  g_autoptr(GHashTable) stamps = NULL;
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonArray *changes;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED,
                   "the body must be a JSON object {\"changes\": [...]}");
      return NULL;
    }
  o = json_node_get_object (body);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    if (!g_str_equal (member, "changes"))
      {
        g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNKNOWN_FIELD,
                     "%s: unknown member of a push", member);
        return NULL;
      }
  if (!json_object_has_member (o, "changes"))
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED,
                   "changes: missing; the body must be a JSON object {\"changes\": [...]}");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "changes")))
    {
      invalid (error, "changes", "expected a list of change sets");
      return NULL;
    }
  changes = json_object_get_array_member (o, "changes");
  if (json_array_get_length (changes) > JZ_PROTOCOL_MAX_PUSH_CHANGES)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_TOO_LARGE,
                   "a push carries at most %d change sets (got %u)",
                   JZ_PROTOCOL_MAX_PUSH_CHANGES, json_array_get_length (changes));
      return NULL;
    }

  stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      PushItem *item = parse_item (json_array_get_element (changes, i), i, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
      g_hash_table_add (stamps, jz_stamp_format (item->cs->hlc, item->cs->site));
    }
  if (g_hash_table_size (stamps) > JZ_PROTOCOL_MAX_PUSH_SAVES)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_TOO_LARGE,
                   "a push carries at most %d saves, change sets sharing one stamp (got %u)",
                   JZ_PROTOCOL_MAX_PUSH_SAVES, g_hash_table_size (stamps));
      return NULL;
    }
  return g_steal_pointer (&items);
}

/**
 * jz_county_check_push:
 * @n_changes: (out) (optional): how many change sets it carries
 *
 * Checks a push body's shape as jz_county_push() does, applying nothing:
 * for tests and the fuzz target (tests/fuzz/).
 */
gboolean
jz_county_check_push (JsonNode  *body,
                      guint     *n_changes,
                      GError   **error)
{
  g_autoptr(GPtrArray) items = parse_push (body, error);

  if (items == NULL)
    return FALSE;
  if (n_changes != NULL)
    *n_changes = items->len;
  return TRUE;
}

/* SAVEPOINT, RELEASE and ROLLBACK TO, three per change set: prepared once
 * rather than parsed by sqlite3_exec() each time. */
static gboolean
savepoint (JzStore     *store,
           const char  *sql,
           GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store, sql, error);

  return stmt != NULL && _jz_store_step_done (store, stmt, error);
}

static gboolean
record_received (JzStore     *store,
                 const char  *site,
                 gint64       seq,
                 const char  *status,
                 Rejection   *r,
                 GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store,
                                       "INSERT OR IGNORE INTO county_received (site, seq, status, code, reason) "
                                       "VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, site);
  jz_stmt_bind_int64 (stmt, 2, seq);
  jz_stmt_bind_static (stmt, 3, status);
  if (r != NULL)
    {
      jz_stmt_bind_text (stmt, 4, r->code);
      jz_stmt_bind_text (stmt, 5, r->reason);
    }
  return _jz_store_step_done (store, stmt, error);
}

static JsonObject *
result_new (gint64      seq,
            const char *status,
            const char *code,
            const char *reason)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "seq", seq);
  json_object_set_string_member (o, "status", status);
  if (code != NULL)
    {
      json_object_set_string_member (o, "code", code);
      json_object_set_string_member (o, "reason", reason ? reason : "");
    }
  return o;
}

/* A rejection, with its problems as data: {"field", "code", "message"}. */
static JsonObject *
result_rejected (gint64     seq,
                 Rejection *r)
{
  JsonObject *o = result_new (seq, "rejected", r->code, r->reason);

  if (r->problems == NULL)
    return o;
  json_object_set_array_member (o, "problems", jz_problems_to_json (r->problems));
  return o;
}

/* One change set, under its own savepoint; its result goes to
 * @results[@index]. FALSE only for a database error, which fails the
 * whole push. */
static gboolean
push_one (JzStore    *store,
          PushArgs   *args,
          PushItem   *item,
          JsonObject **result,
          GError    **error)
{
  JzChangeSet *cs = item->cs;
  const char *site = args->device->site;
  JzStmt *stmt;
  g_autofree char *prev_status = NULL;
  g_autofree char *prev_code = NULL;
  g_autofree char *prev_reason = NULL;
  g_autofree char *person = NULL;
  Checked c = { 0 };
  gboolean seen, ok;
  Rejection r = { NULL, NULL, NULL };

  /* A seq already received: a replay after a lost answer. A rejection is
   * told again, so the device learns of it whichever answer it got. */
  stmt = _jz_store_stmt (store, "SELECT status, code, reason FROM county_received WHERE site = ? AND seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, site);
  jz_stmt_bind_int64 (stmt, 2, item->seq);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      prev_status = g_strdup (jz_stmt_column_text (stmt, 0));
      prev_code = g_strdup (jz_stmt_column_text (stmt, 1));
      prev_reason = g_strdup (jz_stmt_column_text (stmt, 2));
    }
  jz_stmt_reset (stmt);
  if (prev_status != NULL)
    {
      if (g_str_equal (prev_status, "rejected"))
        *result = result_new (item->seq, "rejected", prev_code, prev_reason);
      else
        *result = result_new (item->seq, "duplicate", NULL, NULL);
      return TRUE;
    }

  stmt = _jz_store_stmt (store, "SELECT 1 FROM change_set WHERE record = ? AND hlc = ? AND site = ?", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, cs->record);
  jz_stmt_bind_int64 (stmt, 2, cs->hlc);
  jz_stmt_bind_text (stmt, 3, cs->site);
  seen = jz_stmt_step (stmt) == JZ_DB_ROW;
  jz_stmt_reset (stmt);
  if (seen && g_strcmp0 (cs->site, site) == 0)
    {
      *result = result_new (item->seq, "duplicate", NULL, NULL);
      return record_received (store, site, item->seq, "duplicate", NULL, error);
    }

  if (!savepoint (store, "SAVEPOINT change_set", error))
    return FALSE;
  if (!_jz_county_check_change_set (store, args, cs, &person, &c, &r))
    {
      *result = result_rejected (item->seq, &r);
      _jz_county_checked_clear (&c);
      savepoint (store, "ROLLBACK TO change_set", NULL);
      ok = savepoint (store, "RELEASE change_set", error) &&
           record_received (store, site, item->seq, "rejected", &r, error);
      _jz_county_rejection_clear (&r);
      return ok;
    }
  ok = _jz_county_apply_change_set (store, args, cs, &c, person, error) &&
       record_received (store, site, item->seq, "ok", NULL, error) &&
       savepoint (store, "RELEASE change_set", error);
  _jz_county_checked_clear (&c);
  if (!ok)
    return FALSE;

  *result = result_new (item->seq, "ok", NULL, NULL);
  return TRUE;
}

static gboolean
advance_acked (JzStore     *store,
               const char  *site,
               gint64      *acked,
               GError     **error)
{
  JzStmt *stmt;

  *acked = 0;
  stmt = _jz_store_stmt (store, "SELECT acked_seq FROM county_site WHERE site = ?", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, site);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    *acked = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);

  /* The received seqs above the mark, in order: the mark moves up to the
   * first gap. */
  stmt = _jz_store_stmt (store, "SELECT seq FROM county_received WHERE site = ? AND seq > ? ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, site);
  jz_stmt_bind_int64 (stmt, 2, *acked);
  while (jz_stmt_step (stmt) == JZ_DB_ROW && jz_stmt_column_int64 (stmt, 0) == *acked + 1)
    (*acked)++;
  jz_stmt_reset (stmt);

  stmt = _jz_store_stmt (store,
                         "INSERT INTO county_site (site, acked_seq) VALUES (?1, ?2) "
                         "ON CONFLICT (site) DO UPDATE SET acked_seq = ?2", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, site);
  jz_stmt_bind_int64 (stmt, 2, *acked);
  return _jz_store_step_done (store, stmt, error);
}

/* At-least-once: a person newly visible to an area or user has the change
 * sets of its records from before this push appended to the feed again, so
 * that devices past those cursors get them. They are read from the change
 * sets, not copied from the feed, whose older part may be compacted. A
 * person new in this push has none from before. */
static gboolean
refeed (JzStore     *store,
        GHashTable  *entered,
        gint64       before,
        GError     **error)
{
  GHashTableIter iter;
  gpointer person;

  if (before == 0)
    return TRUE;
  g_hash_table_iter_init (&iter, entered);
  while (g_hash_table_iter_next (&iter, &person, NULL))
    {
      JzStmt *stmt =
        _jz_store_stmt (store,
                        "INSERT INTO county_feed (cs, person) "
                        "SELECT c.id, ?1 FROM county_record_person rp JOIN change_set c ON c.record = rp.record "
                        "WHERE rp.person = ?1 AND c.id <= ?2 ORDER BY c.id", error);

      if (stmt == NULL)
        return FALSE;
      jz_stmt_bind_text (stmt, 1, person);
      jz_stmt_bind_int64 (stmt, 2, before);
      if (!_jz_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
select_int (JzStore    *store,
            const char *sql)
{
  JzStmt *stmt = _jz_store_stmt (store, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    value = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  return value;
}

/* The feed's last seq; after a compaction that left it empty, the horizon. */
gint64
_jz_county_max_feed_seq (JzStore *store)
{
  return MAX (select_int (store, "SELECT coalesce (max (seq), 0) FROM county_feed"),
              _jz_county_horizon (store));
}

gint64
_jz_county_horizon (JzStore *store)
{
  return select_int (store, "SELECT coalesce (max (horizon), 0) FROM county_compaction");
}

gint64
_jz_county_max_change_set (JzStore *store)
{
  return select_int (store, "SELECT coalesce (max (id), 0) FROM change_set");
}

gint64
_jz_county_server_hlc (JzStore *store,
                       gint64   now_ms)
{
  return (gint64) MAX (_jz_store_hlc (store)->last, JZ_HLC_FROM_MS (now_ms));
}

static int
compare_seq (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  GPtrArray *items = data;
  gint64 sa = ((PushItem *) items->pdata[*(const guint *) a])->seq;
  gint64 sb = ((PushItem *) items->pdata[*(const guint *) b])->seq;

  return sa < sb ? -1 : sa > sb;
}

/* The order the change sets of a push are applied in: the device's order
 * (seq; a batch may arrive shuffled), but a record's parent before it (a
 * person and their registration may come in one push, in any order). A
 * child is then checked against its parent as applied, or rejected; a
 * cycle is left as it came. */
static guint *
push_order (GPtrArray *items)
{
  guint n = items->len;
  guint *order = g_new (guint, n);
  g_autofree guint *by_seq = g_new (guint, n);
  g_autofree gboolean *done = g_new0 (gboolean, n);
  g_autofree gint *prev_same = g_new (gint, n);
  g_autofree gint *parent_first = g_new (gint, n);
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  guint placed = 0;

  for (guint i = 0; i < n; i++)
    by_seq[i] = i;
  g_qsort_with_data (by_seq, (gint) n, sizeof (guint), compare_seq, items);

  /* per item: the one of the same record before it, and its parent's first */
  for (guint k = 0; k < n; k++)
    {
      guint i = by_seq[k];
      JzChangeSet *cs = ((PushItem *) items->pdata[i])->cs;
      gpointer at;

      prev_same[i] = g_hash_table_lookup_extended (last, cs->record, NULL, &at) ? GPOINTER_TO_INT (at) : -1;
      g_hash_table_insert (last, cs->record, GINT_TO_POINTER (i));
      if (!g_hash_table_contains (first, cs->record))
        g_hash_table_insert (first, cs->record, GINT_TO_POINTER (i));
    }
  for (guint i = 0; i < n; i++)
    {
      JzChangeSet *cs = ((PushItem *) items->pdata[i])->cs;
      const char *field = _jz_county_parent_field (cs->rtype);
      const char *parent = field ? _jz_county_edit_string (cs->edits, field) : NULL;
      gpointer at;

      parent_first[i] = parent != NULL && g_strcmp0 (parent, cs->record) != 0 &&
                        g_hash_table_lookup_extended (first, parent, NULL, &at) ? GPOINTER_TO_INT (at) : -1;
    }

  while (placed < n)
    {
      gboolean progress = FALSE;

      for (guint k = 0; k < n; k++)
        {
          guint i = by_seq[k];

          if (done[i] || (prev_same[i] >= 0 && !done[prev_same[i]]) ||
              (parent_first[i] >= 0 && !done[parent_first[i]]))
            continue;
          order[placed++] = i;
          done[i] = progress = TRUE;
        }
      if (!progress)
        for (guint k = 0; k < n; k++)
          if (!done[by_seq[k]])
            {
              order[placed++] = by_seq[k];
              done[by_seq[k]] = TRUE;
            }
    }
  return order;
}

static gpointer
push_on_thread (JzStore  *store,
                gpointer  data,
                GError  **error)
{
  PushArgs *args = data;
  guint64 saved_hlc = _jz_store_hlc (store)->last;
  JsonArray *results = json_array_new ();
  g_autofree JsonObject **answers = g_new0 (JsonObject *, args->items->len);
  g_autofree guint *order = push_order (args->items);
  gint64 before, acked = 0;

  /* validation dates (ID numbers born in the future) are today's */
  _jz_store_forget_today (store);

  if (!_jz_store_exec (store, "BEGIN IMMEDIATE", error))
    {
      json_array_unref (results);
      return NULL;
    }
  before = _jz_county_max_change_set (store);

  for (guint i = 0; i < args->items->len; i++)
    if (!push_one (store, args, g_ptr_array_index (args->items, order[i]), &answers[order[i]], error))
      goto fail;
  /* answered in the order they came */
  for (guint i = 0; i < args->items->len; i++)
    json_array_add_object_element (results, g_steal_pointer (&answers[i]));

  if (!refeed (store, args->entered, before, error) ||
      !advance_acked (store, args->device->site, &acked, error) ||
      !_jz_county_touch_device (store, args->device->id, args->now, error) ||
      !_jz_store_persist_hlc (store, error))
    goto fail;
  jz_test_crash_point ("mid-push");        /* test hooks: jz-test-crash.h */
  if (!_jz_store_exec (store, "COMMIT", error))
    goto fail;
  jz_test_crash_point ("push-applied");

  args->out = json_object_new ();
  json_object_set_array_member (args->out, "results", results);
  json_object_set_int_member (args->out, "acked_seq", acked);
  json_object_set_int_member (args->out, "server_hlc", _jz_county_server_hlc (store, args->now));
  return JZ_STORE_OK;

fail:
  _jz_store_exec (store, "ROLLBACK", NULL);
  _jz_store_hlc (store)->last = saved_hlc;
  json_array_unref (results);
  for (guint i = 0; i < args->items->len; i++)
    g_clear_pointer (&answers[i], json_object_unref);
  return NULL;
}

/**
 * jz_county_push:
 * @body: the parsed request body {"changes": [...]}
 *
 * Returns: {"results": [...], "acked_seq": N, "server_hlc": H}, or NULL
 *   with a JZ_COUNTY_ERROR for a request that is wrong as a whole (nothing
 *   of it was applied) or a JZ_STORE_ERROR (rolled back).
 */
JsonObject *
jz_county_push (JzCounty        *self,
                JzCountyDevice  *device,
                JsonNode        *body,
                GError         **error)
{
  g_autoptr(GPtrArray) items = parse_push (body, error);
  g_autoptr(GHashTable) entered = NULL;
  g_autofree char *blobs_dir = NULL;
  PushArgs args = { 0 };

  if (items == NULL)
    return NULL;

  entered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  blobs_dir = g_build_filename (self->data_dir, "blobs", NULL);
  args.device = device;
  args.items = items;
  args.now = _jz_county_now_ms (self);
  args.blobs_dir = blobs_dir;
  args.entered = entered;
  if (_jz_store_call (self->store, push_on_thread, &args, error) == NULL)
    return NULL;
  return args.out;
}
