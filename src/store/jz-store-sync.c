/* jz-store-sync.c — what the sync client needs from the store: the outbox in
 * batches, acknowledgements, rejections (the photos they name are in
 * jz-store-photo-refs.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Meta keys written by the sync client (jz-sync-client.c):
 *   sync_server, sync_user, sync_role, sync_area, sync_device  enrolment
 *   sync_acked_seq      the highest outbox seq the server acknowledged
 *   sync_pull_cursor    the "next" of the last pulled page
 *   sync_divisions      the version of the division list last fetched
 *   sync_last           when the last sync finished (RFC 3339, UTC)
 *   sync_epoch          the server database's epoch last seen (a restore makes a new one)
 * The outbox is the local change sets (change_set.lseq, the outbox seq, not
 * NULL) above sync_acked_seq: acknowledging moves the mark, in the same
 * transaction as the rejections, and nothing above it is ever removed.
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"

typedef struct
{
  gint64     after;
  guint      max_saves;
  guint      max_changes;
  gsize      max_bytes;
  JsonArray *out;
  GString   *body;      /* non-NULL: the push body as text, and out without edits */
} OutboxArgs;

/**
 * _jz_store_append_change_set_row:
 * @stmt: a row of (seq, record, rtype, hlc, site, author, edits)
 *
 * The change set of @stmt's row on the wire (jz_change_set_append_json()):
 * a push body's (@seq_member "seq") and a pull page's ("server_seq").
 */
void
_jz_store_append_change_set_row (GString      *out,
                                 const char   *seq_member,
                                 JzStmt *stmt)
{
  jz_change_set_append_json (out, seq_member, jz_stmt_column_int64 (stmt, 0),
                             jz_stmt_column_text (stmt, 1),
                             jz_stmt_column_text (stmt, 2),
                             jz_stmt_column_int64 (stmt, 3),
                             jz_stmt_column_text (stmt, 4),
                             jz_stmt_column_text (stmt, 5),
                             jz_stmt_column_text (stmt, 6));
}

/* sync_acked_seq: the outbox is what is above it. */
gint64
_jz_store_acked_seq (JzStore *self)
{
  JzStmt *stmt = _jz_store_stmt (self, "SELECT value FROM meta WHERE key = 'sync_acked_seq'", NULL);
  gint64 acked = 0;

  if (stmt == NULL)
    return 0;
  if (jz_stmt_step (stmt) == JZ_DB_ROW && !jz_stmt_column_is_null (stmt, 0))
    acked = g_ascii_strtoll (jz_stmt_column_text (stmt, 0), NULL, 10);
  jz_stmt_reset (stmt);
  return MAX (acked, 0);
}

static gpointer
export_outbox_on_thread (JzStore  *self,
                         gpointer  data,
                         GError  **error)
{
  OutboxArgs *args = data;
  JzStmt *stmt;
  gsize bytes = 0, body_start = 0;
  guint saves = 0, save_start = 0, n = 0;
  gint64 save_hlc = 0;
  int rc;

  /* Rows past the cap are not read: at most max_changes + 1. */
  stmt = _jz_store_stmt (self,
                         "SELECT lseq, record, rtype, hlc, site, author, jz_edits (edits, rtype, record) "
                         "FROM change_set WHERE lseq > ? ORDER BY lseq LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_int64 (stmt, 1, MAX (args->after, _jz_store_acked_seq (self)));
  jz_stmt_bind_int64 (stmt, 2, args->max_changes);

  args->out = json_array_new ();
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      const char *edits_text = jz_stmt_column_text (stmt, 6);
      gint64 hlc = jz_stmt_column_int64 (stmt, 3);
      JsonObject *o;
      JsonNode *edits;
      /* The members around the edits, as the push body spells them. */
      gsize size = (gsize) jz_stmt_column_bytes (stmt, 6) + (gsize) jz_stmt_column_bytes (stmt, 5) + 200;

      /* A save is the change sets of one stamp (a declaration: person and
       * registration), consecutive in the outbox. A batch holds max_saves
       * of them. */
      if (n == 0 || hlc != save_hlc)
        {
          if (saves == args->max_saves)
            break;
          saves++;
          save_hlc = hlc;
          save_start = n;
          body_start = args->body ? args->body->len : 0;
        }

      /* The first change set always goes, even a huge one: the server says
       * 413 with its limits rather than the client stalling silently. A
       * save is not split over two pushes unless it alone is too large. */
      if (n > 0 && bytes + size > args->max_bytes)
        {
          if (save_start > 0)
            {
              while (n > save_start)
                json_array_remove_element (args->out, --n);
              if (args->body != NULL)
                g_string_truncate (args->body, body_start);
            }
          break;
        }
      bytes += size;

      if (args->body != NULL)
        {
          o = json_object_new ();
          json_object_set_int_member (o, "seq", jz_stmt_column_int64 (stmt, 0));
          json_object_set_string_member (o, "record", jz_stmt_column_text (stmt, 1));
          json_object_set_string_member (o, "type", jz_stmt_column_text (stmt, 2));
          json_object_set_int_member (o, "hlc", hlc);
          json_array_add_object_element (args->out, o);
          if (n > 0)
            g_string_append_c (args->body, ',');
          _jz_store_append_change_set_row (args->body, "seq", stmt);
          n++;
          continue;
        }

      edits = json_from_string (edits_text, NULL);
      o = json_object_new ();
      json_object_set_int_member (o, "seq", jz_stmt_column_int64 (stmt, 0));
      json_object_set_string_member (o, "record", jz_stmt_column_text (stmt, 1));
      json_object_set_string_member (o, "type", jz_stmt_column_text (stmt, 2));
      json_object_set_int_member (o, "hlc", hlc);
      json_object_set_string_member (o, "site", jz_stmt_column_text (stmt, 4));
      json_object_set_string_member (o, "author", jz_stmt_column_text (stmt, 5));
      json_object_set_member (o, "edits", edits ? edits : json_node_new (JSON_NODE_OBJECT));
      if (edits != NULL && !JSON_NODE_HOLDS_OBJECT (edits))
        json_object_set_object_member (o, "edits", json_object_new ());
      json_array_add_object_element (args->out, o);
      n++;
    }
  jz_stmt_reset (stmt);

  if (rc != JZ_DB_DONE && rc != JZ_DB_ROW)
    {
      g_clear_pointer (&args->out, json_array_unref);
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  return JZ_STORE_OK;
}

/**
 * jz_store_export_outbox:
 * @after_seq: the acknowledged seq; change sets above it are exported
 * @max_saves: at most this many saves (the change sets sharing one stamp:
 *   a declaration is one save of two change sets)
 * @max_bytes: and about this many bytes of push body (always at least one)
 *
 * One push: {"seq", "record", "type", "hlc", "site", "author", "edits"},
 * oldest first, never more than %JZ_STORE_MAX_BATCH_CHANGES change sets.
 * An empty array when everything is acknowledged.
 */
JsonArray *
jz_store_export_outbox (JzStore  *self,
                        gint64    after_seq,
                        guint     max_saves,
                        gsize     max_bytes,
                        GError  **error)
{
  OutboxArgs args = { MAX (after_seq, 0), MAX (max_saves, 1), JZ_STORE_MAX_BATCH_CHANGES, max_bytes, NULL };

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);

  if (_jz_store_call (self, export_outbox_on_thread, &args, error) == NULL)
    return NULL;
  return args.out;
}

/**
 * jz_store_export_outbox_body:
 * @out_index: (out): the change sets of the body, oldest first, as
 *   {"seq", "record", "type", "hlc"} (without their edits)
 *
 * jz_store_export_outbox() as the push body itself, with a cap on
 * change sets of its own (@max_changes: the server's `max_push_changes`),
 * `{"changes":[…]}`, the stored edits spliced in as text. Returns %NULL
 * with @error set, or the body and an empty @out_index when everything is
 * acknowledged.
 */
GBytes *
jz_store_export_outbox_body (JzStore     *self,
                             gint64       after_seq,
                             guint        max_saves,
                             guint        max_changes,
                             gsize        max_bytes,
                             JsonArray  **out_index,
                             GError     **error)
{
  OutboxArgs args = { MAX (after_seq, 0), MAX (max_saves, 1), MAX (max_changes, 1), max_bytes, NULL, NULL };
  gsize len;

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  g_return_val_if_fail (out_index != NULL, NULL);

  args.body = g_string_sized_new (64 * 1024);
  g_string_append (args.body, "{\"changes\":[");
  if (_jz_store_call (self, export_outbox_on_thread, &args, error) == NULL)
    {
      g_string_free (args.body, TRUE);
      return NULL;
    }
  g_string_append (args.body, "]}");
  *out_index = args.out;
  len = args.body->len;
  return g_bytes_new_take (g_string_free (args.body, FALSE), len);
}

static gpointer
pending_after_on_thread (JzStore  *self,
                         gpointer  data,
                         GError  **error)
{
  gint64 *after = data;
  JzStmt *stmt = _jz_store_stmt (self, "SELECT count (*) FROM change_set WHERE lseq > ?", error);

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_int64 (stmt, 1, MAX (*after, _jz_store_acked_seq (self)));
  if (jz_stmt_step (stmt) != JZ_DB_ROW)
    {
      _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return NULL;
    }
  *after = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  return JZ_STORE_OK;
}

/* Change sets in the outbox above @after_seq; -1 on error. */
gint64
jz_store_outbox_pending_after (JzStore  *self,
                               gint64    after_seq,
                               GError  **error)
{
  gint64 n = after_seq;

  if (_jz_store_call (self, pending_after_on_thread, &n, error) == NULL)
    return -1;
  return n;
}

/* ---- one record's state ----------------------------------------------- */

typedef struct
{
  const char   *record;
  JzRecordSync  state;
  char         *reason;
} RecordSyncArgs;

static gpointer
record_sync_on_thread (JzStore  *self,
                       gpointer  data,
                       GError  **error)
{
  RecordSyncArgs *args = data;
  JzStmt *stmt;
  gint64 newest = -1;
  int rc;

  /* Still to send: a change set of this device's above the acknowledgement. */
  stmt = _jz_store_stmt (self, "SELECT max (hlc), max (lseq) FROM change_set "
                               "WHERE record = ? AND lseq IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_static (stmt, 1, args->record);
  rc = jz_stmt_step (stmt);
  if (rc != JZ_DB_ROW)
    {
      _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return NULL;
    }
  if (!jz_stmt_column_is_null (stmt, 0))
    {
      newest = jz_stmt_column_int64 (stmt, 0);
      if (jz_stmt_column_int64 (stmt, 1) > _jz_store_acked_seq (self))
        {
          jz_stmt_reset (stmt);
          args->state = JZ_RECORD_WAITING;
          return JZ_STORE_OK;
        }
    }
  jz_stmt_reset (stmt);

  /* Acknowledged: refused when the server refused the newest of them. */
  args->state = JZ_RECORD_SYNCED;
  if (newest < 0)
    return JZ_STORE_OK;
  stmt = _jz_store_stmt (self, "SELECT reason FROM rejected WHERE record = ? AND hlc >= ? "
                               "ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_static (stmt, 1, args->record);
  jz_stmt_bind_int64 (stmt, 2, newest);
  rc = jz_stmt_step (stmt);
  if (rc == JZ_DB_ROW)
    {
      args->state = JZ_RECORD_REFUSED;
      args->reason = g_strdup (jz_stmt_column_text (stmt, 0));
    }
  else if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return NULL;
    }
  jz_stmt_reset (stmt);
  return JZ_STORE_OK;
}

/**
 * jz_store_record_sync:
 * @reason: (out) (optional): the server's reason, when refused
 *
 * Where @record's changes made on this device stand: waiting to be sent,
 * refused (the newest of them, with the server's reason), or synced. A
 * device that is not enrolled keeps every change waiting. Changes pulled
 * from other devices do not count: they came from the server.
 */
JzRecordSync
jz_store_record_sync (JzStore     *self,
                      const char  *record,
                      char       **reason,
                      GError     **error)
{
  RecordSyncArgs args = { record, JZ_RECORD_SYNCED, NULL };

  g_return_val_if_fail (JZ_IS_STORE (self), JZ_RECORD_SYNCED);
  g_return_val_if_fail (record != NULL, JZ_RECORD_SYNCED);

  if (_jz_store_call (self, record_sync_on_thread, &args, error) == NULL)
    return JZ_RECORD_SYNCED;
  if (reason != NULL)
    *reason = g_steal_pointer (&args.reason);
  g_free (args.reason);
  return args.state;
}

static gpointer
annotate_sync_on_thread (JzStore  *self,
                         gpointer  data,
                         GError  **error)
{
  GPtrArray *records = data;

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = records->pdata[i];
      RecordSyncArgs args = { json_object_get_string_member_with_default (record, "id", NULL),
                              JZ_RECORD_SYNCED, NULL };

      if (args.record == NULL)
        continue;
      if (record_sync_on_thread (self, &args, error) == NULL)
        return NULL;
      if (args.state != JZ_RECORD_SYNCED)
        json_object_set_string_member (record, "_sync", args.state == JZ_RECORD_WAITING ? "waiting" : "refused");
      g_free (args.reason);
    }
  return JZ_STORE_OK;
}

/**
 * jz_store_annotate_sync:
 * @records: (element-type JsonObject): records with their "id"
 *
 * jz_store_record_sync() for a page of records (a list's rows), in one
 * call to the store's thread.
 */
gboolean
jz_store_annotate_sync (JzStore    *self,
                        GPtrArray  *records,
                        GError    **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return _jz_store_call (self, annotate_sync_on_thread, records, error) != NULL;
}

typedef struct
{
  gint64     acked;
  JsonArray *rejections;
  guint64    server_hlc;
} AckArgs;

static gboolean
write_meta_int (JzStore     *self,
                const char  *key,
                gint64       value,
                GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, key);
  jz_stmt_bind_text (stmt, 2, text);
  return _jz_store_step_done (self, stmt, error);
}

static gpointer
restart_outbox_on_thread (JzStore  *self,
                          gpointer  data,
                          GError  **error)
{
  JzStmt *stmt;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  stmt = _jz_store_stmt (self, "DELETE FROM rejected", error);
  if (stmt == NULL || !_jz_store_step_done (self, stmt, error) ||
      !write_meta_int (self, "sync_acked_seq", 0, error) ||
      !_jz_store_exec (self, "COMMIT", error))
    {
      _jz_store_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  return JZ_STORE_OK;
}

typedef struct
{
  const char *epoch;
  gint64      server_acked;
  gboolean    restored;
} EpochArgs;

static gpointer
note_epoch_on_thread (JzStore  *self,
                      gpointer  data,
                      GError  **error)
{
  EpochArgs *args = data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *known = _jz_store_read_meta (self, "sync_epoch", &local_error);
  gint64 acked;
  JzStmt *stmt;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  args->restored = known != NULL && !g_str_equal (known, args->epoch);
  if (known != NULL && !args->restored)
    return JZ_STORE_OK;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (args->restored)
    {
      /* What the server lacks is in the outbox again, and its refusals of
       * those are forgotten (it judges them again); the pull starts over
       * with a snapshot, which is applied without duplicates. */
      acked = MIN (_jz_store_acked_seq (self), MAX (args->server_acked, 0));
      stmt = _jz_store_stmt (self, "DELETE FROM rejected WHERE seq > ?", error);
      if (stmt == NULL)
        goto fail;
      jz_stmt_bind_int64 (stmt, 1, acked);
      if (!_jz_store_step_done (self, stmt, error) ||
          !write_meta_int (self, "sync_acked_seq", acked, error))
        goto fail;
      stmt = _jz_store_stmt (self, "DELETE FROM meta WHERE key IN ('sync_pull_cursor', 'sync_snapshot')", error);
      if (stmt == NULL || !_jz_store_step_done (self, stmt, error))
        goto fail;
    }
  if (!_jz_store_write_meta (self, "sync_epoch", args->epoch, error) ||
      !_jz_store_exec (self, "COMMIT", error))
    goto fail;
  return JZ_STORE_OK;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  return NULL;
}

/**
 * jz_store_note_server_epoch:
 * @epoch: the epoch the server's health check gave
 * @server_acked: the seq up to which the server holds this device's change
 *   sets (its health check's acked_seq), or -1 if it did not say
 * @restored: (out): whether the server's database is another life than the
 *   one this device last synced with (restored from a backup)
 *
 * Remembers @epoch. When it is new after another one, in one transaction:
 * the outbox goes back to @server_acked (nothing is deleted, the change
 * sets above it are sent again), the refusals above it are forgotten, and
 * the pull cursor and any snapshot in progress are cleared, so the next
 * pull takes a snapshot.
 */
gboolean
jz_store_note_server_epoch (JzStore     *self,
                            const char  *epoch,
                            gint64       server_acked,
                            gboolean    *restored,
                            GError     **error)
{
  EpochArgs args = { epoch, server_acked, FALSE };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (epoch != NULL, FALSE);

  if (_jz_store_call (self, note_epoch_on_thread, &args, error) == NULL)
    return FALSE;
  if (restored != NULL)
    *restored = args.restored;
  return TRUE;
}

/**
 * jz_store_restart_outbox:
 *
 * For a move to another county server, which has none of this device's
 * change sets: every local change set is in the outbox again, from seq 1,
 * and the old server's refusals are forgotten (the new server answers for
 * itself). In one transaction.
 */
gboolean
jz_store_restart_outbox (JzStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

  return _jz_store_call (self, restart_outbox_on_thread, NULL, error) != NULL;
}

static gpointer
acknowledge_on_thread (JzStore  *self,
                       gpointer  data,
                       GError  **error)
{
  AckArgs *args = data;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (_jz_store_now_ms (self) / 1000);
  g_autofree char *at = g_date_time_format_iso8601 (now);
  guint64 saved_hlc = self->hlc.last;
  JzStmt *stmt;
  gint64 current = 0;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  stmt = _jz_store_stmt (self, "SELECT value FROM meta WHERE key = 'sync_acked_seq'", error);
  if (stmt == NULL)
    goto fail;
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    current = g_ascii_strtoll (jz_stmt_column_text (stmt, 0), NULL, 10);
  jz_stmt_reset (stmt);

  /* Rejections first: they must be on the list before the mark passes them. */
  stmt = _jz_store_stmt (self,
                         "INSERT OR IGNORE INTO rejected (seq, record, rtype, hlc, code, reason, at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; args->rejections && i < json_array_get_length (args->rejections); i++)
    {
      JsonObject *r = json_array_get_object_element (args->rejections, i);

      if (r == NULL)
        continue;
      jz_stmt_bind_int64 (stmt, 1, json_object_get_int_member_with_default (r, "seq", 0));
      jz_stmt_bind_text (stmt, 2, json_object_get_string_member_with_default (r, "record", ""));
      jz_stmt_bind_text (stmt, 3, json_object_get_string_member_with_default (r, "type", ""));
      jz_stmt_bind_int64 (stmt, 4, json_object_get_int_member_with_default (r, "hlc", 0));
      jz_stmt_bind_text (stmt, 5, json_object_get_string_member_with_default (r, "code", "rejected"));
      jz_stmt_bind_text (stmt, 6, json_object_get_string_member_with_default (r, "reason", ""));
      jz_stmt_bind_text (stmt, 7, at);
      if (!_jz_store_step_done (self, stmt, error))
        goto fail;
    }

  /* An older answer arriving late never moves the mark back. Moving it
   * takes what is at or below it out of the outbox. */
  if (args->acked > current &&
      !write_meta_int (self, "sync_acked_seq", args->acked, error))
    goto fail;

  if (args->server_hlc > 0 && args->server_hlc <= _jz_store_hlc_ceiling (self))
    jz_hlc_observe (&self->hlc, args->server_hlc);
  if (!_jz_store_persist_hlc (self, error) || !_jz_store_exec (self, "COMMIT", error))
    goto fail;
  /* the rows' sync states moved */
  if (args->acked > current)
    _jz_store_note_changed (self);
  return JZ_STORE_OK;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  self->hlc.last = saved_hlc;
  return NULL;
}

/**
 * jz_store_acknowledge:
 * @acked_seq: the server's acked_seq
 * @rejections: (nullable): {"seq", "record", "type", "hlc", "code", "reason"}
 *   for each change set the server refused for good
 * @server_hlc: the server's clock (0: none)
 *
 * In one transaction: the rejections go on the needs-attention list, the
 * mark is stored, which takes the outbox up to @acked_seq out of it.
 */
gboolean
jz_store_acknowledge (JzStore    *self,
                      gint64      acked_seq,
                      JsonArray  *rejections,
                      guint64     server_hlc,
                      GError    **error)
{
  AckArgs args = { acked_seq, rejections, server_hlc };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

  return _jz_store_call (self, acknowledge_on_thread, &args, error) != NULL;
}

static gpointer
observe_on_thread (JzStore  *self,
                   gpointer  data,
                   GError  **error)
{
  guint64 *hlc = data;
  guint64 saved = self->hlc.last;

  if (*hlc <= self->hlc.last || *hlc > _jz_store_hlc_ceiling (self))
    return JZ_STORE_OK;
  jz_hlc_observe (&self->hlc, *hlc);
  if (!_jz_store_persist_hlc (self, error))
    {
      self->hlc.last = saved;
      return NULL;
    }
  return JZ_STORE_OK;
}

/* Feeds a remote stamp (or a server's Date as JZ_HLC_FROM_MS) into the
 * clock, so the next local edit sorts after everything seen. */
gboolean
jz_store_observe_clock (JzStore  *self,
                        guint64   hlc,
                        GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

  return _jz_store_call (self, observe_on_thread, &hlc, error) != NULL;
}

static gpointer
rejected_on_thread (JzStore  *self,
                    gpointer  data,
                    GError  **error)
{
  JzStmt *stmt;
  GPtrArray *out;
  int rc;

  stmt = _jz_store_stmt (self,
                         "SELECT r.seq, r.record, r.rtype, r.hlc, r.code, r.reason, r.at, "
                         "  jz_edits (c.edits, c.rtype, c.record) "
                         "FROM rejected r LEFT JOIN change_set c "
                         "  ON c.record = r.record AND c.hlc = r.hlc AND c.site = ? "
                         "ORDER BY r.seq", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, self->site_id);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      JsonObject *o = json_object_new ();
      JsonArray *fields = json_array_new ();
      g_autoptr(JsonNode) edits = NULL;

      json_object_set_int_member (o, "seq", jz_stmt_column_int64 (stmt, 0));
      json_object_set_string_member (o, "record", jz_stmt_column_text (stmt, 1));
      json_object_set_string_member (o, "type", jz_stmt_column_text (stmt, 2));
      json_object_set_int_member (o, "hlc", jz_stmt_column_int64 (stmt, 3));
      json_object_set_string_member (o, "code", jz_stmt_column_text (stmt, 4));
      json_object_set_string_member (o, "reason", jz_stmt_column_text (stmt, 5));
      json_object_set_string_member (o, "at", jz_stmt_column_text (stmt, 6));

      /* Which fields the refused save changed; the values stay in the log. */
      if (jz_stmt_column_text (stmt, 7) != NULL)
        edits = json_from_string (jz_stmt_column_text (stmt, 7), NULL);
      if (edits != NULL && JSON_NODE_HOLDS_OBJECT (edits))
        {
          g_autoptr(GList) names = json_object_get_members (json_node_get_object (edits));

          for (GList *l = names; l != NULL; l = l->next)
            json_array_add_string_element (fields, l->data);
        }
      json_object_set_array_member (o, "fields", fields);
      g_ptr_array_add (out, o);
    }
  jz_stmt_reset (stmt);

  if (rc != JZ_DB_DONE)
    {
      g_ptr_array_unref (out);
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  return out;
}

/* The needs-attention list, oldest first: {seq, record, type, hlc, code,
 * reason, at, fields}. */
GPtrArray *
jz_store_rejected_list (JzStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);

  return _jz_store_call (self, rejected_on_thread, NULL, error);
}
