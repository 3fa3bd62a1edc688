/* jz-store-changeset.c — writing change sets: the outbox's next seq, the
 * change set text of a local save (its edits as compact JSON, written
 * without a JSON tree) and of a change set received from the county
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"
#include "jz-text.h"

/* The next outbox seq: above every seq given so far, including those of
 * the outbox table that schema 6 replaced (outbox_seq_floor) and what the
 * server acknowledged, so that no seq is given twice. Read once a
 * transaction (_jz_store_exec() forgets it at BEGIN and ROLLBACK). */
static gboolean
read_outbox_next (JzStore  *self,
                  GError  **error)
{
  JzStmt *stmt;
  gint64 top = 0;

  stmt = _jz_store_stmt (self,
                         "SELECT max (coalesce ((SELECT max (lseq) FROM change_set WHERE lseq IS NOT NULL), 0),"
                         "  coalesce ((SELECT CAST (value AS BIGINT) FROM meta WHERE key = 'outbox_seq_floor'), 0),"
                         "  coalesce ((SELECT CAST (value AS BIGINT) FROM meta WHERE key = 'sync_acked_seq'), 0))",
                         error);
  if (stmt == NULL)
    return FALSE;
  if (jz_stmt_step (stmt) != JZ_DB_ROW)
    {
      _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return FALSE;
    }
  top = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  self->outbox_next = top + 1;
  return TRUE;
}

/* @fresh (nullable, remote change sets only): TRUE when the store had no
 * change set of @record before this one, so that the caller can derive the
 * record from this change set alone. @elide_if_fresh (remote only): keep
 * '' as the edits if so, the record's row giving them back
 * (jz-store-creation.c). */
static gboolean
write_change_set_text (JzStore     *self,
                       const char  *record,
                       const char  *rtype,
                       guint64      hlc,
                       const char  *site,
                       const char  *author,
                       const char  *edits,
                       gboolean     outbox,
                       gboolean     elide_if_fresh,
                       gboolean    *inserted,
                       gboolean    *fresh,
                       GError     **error)
{
  JzStmt *stmt;

  /* A change set from elsewhere may be a replay. Local ones carry a fresh
   * stamp and need no look-up, which is why there is no unique index on
   * (record, hlc, site): the index on record finds a record's few change
   * sets, at half the size. */
  if (!outbox)
    {
      gboolean seen = FALSE, any = FALSE, elided = FALSE;

      /* the record's few change sets, through the index on record */
      stmt = _jz_store_stmt (self, "SELECT hlc = ? AND site = ?, edits = '' FROM change_set WHERE record = ?",
                             error);
      if (stmt == NULL)
        return FALSE;
      jz_stmt_bind_int64 (stmt, 1, hlc);
      jz_stmt_bind_static (stmt, 2, site);
      jz_stmt_bind_static (stmt, 3, record);
      while (!seen && jz_stmt_step (stmt) == JZ_DB_ROW)
        {
          any = TRUE;
          seen = jz_stmt_column_int (stmt, 0) != 0;
          elided = elided || jz_stmt_column_int (stmt, 1) != 0;
        }
      jz_stmt_reset (stmt);
      if (fresh != NULL)
        *fresh = !any;
      if (seen)
        {
          if (inserted != NULL)
            *inserted = FALSE;
          return TRUE;
        }
      /* the record's creation, kept in its row, is written out before the
       * row can change (jz-store-creation.c) */
      if (elided && !_jz_store_expand_creation (self, rtype, record, error))
        return FALSE;
      if (!any && elide_if_fresh && self->engine == NULL)
        edits = "";
    }
  else if (edits[0] != '\0' && !_jz_store_expand_creation (self, rtype, record, error))
    return FALSE;  /* a local change of a record created here, likewise */

  /* A local change set is in the outbox: it takes the next outbox seq. */
  if (outbox && self->outbox_next == 0 && !read_outbox_next (self, error))
    return FALSE;

  /* every parameter is bound below: no clearing of bindings. Its id is
   * SQLite's last rowid, or given back by the other engines. */
  stmt = self->insert_change_set;
  if (stmt == NULL)
    {
      stmt = _jz_store_stmt (self,
                             self->engine == NULL
                             ? "INSERT INTO change_set (record, hlc, site, rtype, author, edits, lseq) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)"
                             : "INSERT INTO change_set (record, hlc, site, rtype, author, edits, lseq) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", error);
      if (stmt == NULL)
        return FALSE;
      self->insert_change_set = stmt;
    }
  jz_stmt_bind_static (stmt, 1, record);
  jz_stmt_bind_int64 (stmt, 2, hlc);
  jz_stmt_bind_static (stmt, 3, site);
  jz_stmt_bind_static (stmt, 4, rtype);
  jz_stmt_bind_static (stmt, 5, author);
  jz_stmt_bind_static (stmt, 6, edits);
  if (outbox)
    jz_stmt_bind_int64 (stmt, 7, self->outbox_next);
  else
    jz_stmt_bind_null (stmt, 7);
  if (self->engine == NULL)
    {
      if (!_jz_store_step_done (self, stmt, error))
        return FALSE;
      self->last_change_set = sqlite3_last_insert_rowid (self->db);
    }
  else if (!_jz_store_step_returning (self, stmt, &self->last_change_set, error))
    return FALSE;
  if (outbox)
    self->outbox_next++;
  if (inserted != NULL)
    *inserted = _jz_store_changes (self) > 0;
  return TRUE;
}

gboolean
_jz_store_write_change_set (JzStore     *self,
                            const char  *record,
                            const char  *rtype,
                            guint64      hlc,
                            const char  *site,
                            const char  *author,
                            JsonObject  *edits,
                            gboolean     outbox,
                            gboolean    *inserted,
                            GError     **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, edits);
  text = json_to_string (node, FALSE);
  return write_change_set_text (self, record, rtype, hlc, site, author, text,
                                outbox, FALSE, inserted, NULL, error);
}

gboolean
_jz_store_write_change_set_text (JzStore     *self,
                                 const char  *record,
                                 const char  *rtype,
                                 guint64      hlc,
                                 const char  *site,
                                 const char  *author,
                                 const char  *edits,
                                 gboolean     outbox,
                                 gboolean    *inserted,
                                 GError     **error)
{
  return write_change_set_text (self, record, rtype, hlc, site, author, edits,
                                outbox, FALSE, inserted, NULL, error);
}

static void append_json_object (GString    *out,
                                JsonObject *object);

/* Edits as the store keeps them: the same JSON as json_to_string(),
 * without its generator. Pure: a pulled page's are written on the sync
 * thread. */
char *
_jz_store_edits_text (JsonObject *edits)
{
  GString *text = g_string_sized_new (512);

  append_json_object (text, edits);
  return g_string_free (text, FALSE);
}

/* A change set from elsewhere; @fresh: the store had none of its record. */
gboolean
_jz_store_write_remote_change_set (JzStore      *self,
                                   JzChangeSet  *cs,
                                   gboolean     *inserted,
                                   gboolean     *fresh,
                                   GError      **error)
{
  g_autofree char *text = _jz_store_edits_text (cs->edits);

  return write_change_set_text (self, cs->record, cs->rtype, cs->hlc, cs->site, cs->author,
                                text, FALSE, FALSE, inserted, fresh, error);
}

/* The same, with its edits as _jz_store_edits_text()
 * wrote them; @fresh: the store had none of its record. @elidable: the
 * change set would be its record's creation as this store keeps one
 * (kept_in_row(), jz-store-page.c), so that a record new here keeps
 * its edits in its row. */
gboolean
_jz_store_write_change_set_text_remote (JzStore      *self,
                                        JzChangeSet  *cs,
                                        const char   *edits_text,
                                        gboolean      elidable,
                                        gboolean     *inserted,
                                        gboolean     *fresh,
                                        GError      **error)
{
  return write_change_set_text (self, cs->record, cs->rtype, cs->hlc, cs->site, cs->author,
                                edits_text, FALSE, elidable, inserted, fresh, error);
}

/* JSON text of one value: strings escaped by hand (the common case, and
 * the hot path of an import), null and booleans spelt out, anything else
 * through json-glib. */
void
_jz_store_append_json_value (GString  *out,
                             JsonNode *value)
{
  if (JSON_NODE_HOLDS_NULL (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      jz_text_append_json_string (out, json_node_get_string (value));
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    {
      g_string_append (out, json_node_get_boolean (value) ? "true" : "false");
      return;
    }

  {
    g_autofree char *text = json_to_string (value, FALSE);

    g_string_append (out, text);
  }
}

static void append_json_node (GString  *out,
                              JsonNode *node);

/* JSON text of an object: members walked here, values through
 * append_json_node(). */
static void
append_json_object (GString    *out,
                    JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  /* in the order received: a creation in the model's order stays so */
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      jz_text_append_json_string (out, name);
      g_string_append_c (out, ':');
      append_json_node (out, member);
    }
  g_string_append_c (out, '}');
}

/* JSON text of any node. */
static void
append_json_node (GString  *out,
                  JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    append_json_object (out, json_node_get_object (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_json_node (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else
    _jz_store_append_json_value (out, node);
}

/* The INSERT of a new record of @type, with every field: the fields a
 * create leaves out are bound as NULL, which is what leaving them out of
 * the column list gives (they have no defaults). One statement per type,
 * found by the type rather than by hashing SQL text. */
