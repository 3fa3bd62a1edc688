/* jz-store-merge.c — merging a record's change sets (remote pages are applied in jz-store-apply.c)
 * (conflicts: jz-store-conflicts.c; the search index: jz-store-index.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record is re-derived from all of its change sets whenever one arrives
 * from elsewhere: the edit log is the truth, the materialised row a cache
 * of the merge. Conflicts are not stored anywhere; they are what the merge
 * of a disputed record says.
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"
#include "jz-uuid.h"

GPtrArray *
_jz_store_load_edits (JzStore     *self,
                      const char  *record,
                      char       **rtype,
                      GError     **error)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) jz_change_set_free);
  JzStmt *stmt;
  int rc;

  stmt = _jz_store_stmt (self,
                         "SELECT rtype, hlc, site, author, jz_edits (edits, rtype, record) FROM change_set WHERE record = ?",
                         error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, record);

  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      JzChangeSet *cs = g_new0 (JzChangeSet, 1);
      g_autoptr(JsonNode) node = json_from_string (jz_stmt_column_text (stmt, 4), NULL);

      cs->record = g_strdup (record);
      cs->rtype = g_strdup (jz_stmt_column_text (stmt, 0));
      cs->hlc = (guint64) jz_stmt_column_int64 (stmt, 1);
      cs->site = g_strdup (jz_stmt_column_text (stmt, 2));
      cs->author = g_strdup (jz_stmt_column_text (stmt, 3));
      cs->edits = node && JSON_NODE_HOLDS_OBJECT (node)
        ? json_object_ref (json_node_get_object (node)) : json_object_new ();
      g_ptr_array_add (sets, cs);
    }
  jz_stmt_reset (stmt);

  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }

  if (rtype != NULL)
    *rtype = sets->len > 0 ? g_strdup (((JzChangeSet *) sets->pdata[0])->rtype) : NULL;

  return g_steal_pointer (&sets);
}

GHashTable *
_jz_edits_by_field (GPtrArray *change_sets)
{
  GHashTable *by_field = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < change_sets->len; i++)
    {
      JzChangeSet *cs = g_ptr_array_index (change_sets, i);
      JsonObjectIter iter;
      const char *field;
      JsonNode *node;

      json_object_iter_init (&iter, cs->edits);
      while (json_object_iter_next (&iter, &field, &node))
        {
          JsonObject *e;
          GPtrArray *list;
          g_autoptr(GStrvBuilder) parents = g_strv_builder_new ();
          g_auto(GStrv) pv = NULL;

          JsonNode *value = node;

          /* "field": value, or "field": {"v": value, "p": [parents]} */
          e = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          if (e != NULL)
            value = json_object_get_member (e, "v");
          if (e != NULL && json_object_has_member (e, "p") &&
              JSON_NODE_HOLDS_ARRAY (json_object_get_member (e, "p")))
            {
              JsonArray *p = json_object_get_array_member (e, "p");

              for (guint k = 0; k < json_array_get_length (p); k++)
                {
                  const char *s = json_array_get_string_element (p, k);

                  if (s != NULL)
                    g_strv_builder_add (parents, s);
                }
            }
          pv = g_strv_builder_end (parents);

          list = g_hash_table_lookup (by_field, field);
          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func ((GDestroyNotify) jz_edit_free);
              g_hash_table_insert (by_field, g_strdup (field), list);
            }
          g_ptr_array_add (list, jz_edit_new (cs->hlc, cs->site, cs->author,
                                              value, (const char * const *) pv));
        }
    }

  return by_field;
}

static int
compare_oldest_first (gconstpointer a,
                      gconstpointer b)
{
  return jz_edit_compare (*(const JzEdit * const *) a, *(const JzEdit * const *) b);
}

/* Workflow status: transitions replayed in stamp order; one the workflow
 * forbids (issuing a withdrawn application) is skipped and reported. */
static const char *
replay_status (const JzRecordType *type,
               GPtrArray          *edits,
               GPtrArray          *refused)
{
  /* g_ptr_array_copy() would copy the free function too, and free the
   * edits a second time with the copy */
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (edits->len);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *state = NULL;

  g_ptr_array_extend (sorted, edits, NULL, NULL);
  g_ptr_array_sort (sorted, compare_oldest_first);
  for (guint i = 0; i < sorted->len; i++)
    {
      JzEdit *e = g_ptr_array_index (sorted, i);
      const char *to;

      if (!g_hash_table_add (seen, e->stamp))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (e->value) ||
          json_node_get_value_type (e->value) != G_TYPE_STRING)
        continue;
      to = json_node_get_string (e->value);
      if (g_strcmp0 (state, to) == 0)
        continue;
      if (jz_record_type_allows (type, state, to))
        state = to;
      else if (refused != NULL)
        g_ptr_array_add (refused, e);
    }

  return state;
}

void
_jz_store_merged_clear (Merged *m)
{
  g_clear_pointer (&m->values, json_object_unref);
  g_clear_pointer (&m->heads, json_object_unref);
  g_clear_pointer (&m->conflicts, g_ptr_array_unref);
  g_clear_pointer (&m->refused, g_ptr_array_unref);
}

void
_jz_store_merge_record (const JzRecordType *type,
                        GPtrArray          *sets,
                        GHashTable         *by_field,
                        Merged             *out)
{
  GHashTableIter iter;
  gpointer key, value;

  out->values = json_object_new ();
  out->heads = json_object_new ();
  out->conflicts = g_ptr_array_new ();
  out->refused = g_ptr_array_new ();
  out->created = G_MAXUINT64;
  out->updated = 0;

  for (guint i = 0; i < sets->len; i++)
    {
      JzChangeSet *cs = g_ptr_array_index (sets, i);

      out->created = MIN (out->created, cs->hlc);
      out->updated = MAX (out->updated, cs->hlc);
    }

  g_hash_table_iter_init (&iter, by_field);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const JzFieldDef *def = jz_record_type_field (type, key);
      GPtrArray *edits = value;
      JzFieldState state;

      /* An edit of a field this version does not know (a newer device) is
       * kept in the log and merged once the program knows the field. */
      if (def == NULL)
        continue;

      jz_merge_field (edits, def->legal && def->kind != JZ_FIELD_STATUS, &state);

      for (guint h = 0; h < state.heads->len; h++)
        {
          JzEdit *head = g_ptr_array_index (state.heads, h);
          JsonArray *fields;

          if (!json_object_has_member (out->heads, head->stamp))
            json_object_set_array_member (out->heads, head->stamp, json_array_new ());
          fields = json_object_get_array_member (out->heads, head->stamp);
          json_array_add_string_element (fields, key);
        }

      if (def->kind == JZ_FIELD_STATUS)
        {
          const char *status = replay_status (type, edits, out->refused);

          if (status != NULL)
            json_object_set_string_member (out->values, key, status);
          else
            json_object_set_null_member (out->values, key);
        }
      else if (state.shown != NULL)
        json_object_set_member (out->values, key, json_node_copy (state.shown->value));

      if (state.conflict)
        g_ptr_array_add (out->conflicts, key);

      jz_field_state_clear (&state);
    }
}

/* The materialising INSERT of a record type, prepared once per store and
 * found by the type rather than by hashing its long SQL text. The
 * statement itself belongs to the store's statement cache. */
static JzStmt *
materialise_stmt (JzStore            *self,
                  const JzRecordType *type,
                  GError            **error)
{
  g_autoptr(GString) sql = NULL;
  JzStmt *stmt;

  if (self->materialise_sql == NULL)
    self->materialise_sql = g_hash_table_new (NULL, NULL);
  else if ((stmt = g_hash_table_lookup (self->materialise_sql, type)) != NULL)
    {
      jz_stmt_reset (stmt);
      jz_stmt_clear_bindings (stmt);
      return stmt;
    }

  sql = g_string_new (NULL);
  g_string_printf (sql, "INSERT INTO %s (id, heads, disputed, created_hlc, updated_hlc", type->table);
  for (guint i = 0; i < type->n_fields; i++)
    g_string_append_printf (sql, ", %s", type->fields[i].name);
  g_string_append (sql, ") VALUES (?, ?, ?, ?, ?");
  for (guint i = 0; i < type->n_fields; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ") ON CONFLICT (id) DO UPDATE SET heads = excluded.heads, "
                        "disputed = excluded.disputed, created_hlc = excluded.created_hlc, "
                        "updated_hlc = excluded.updated_hlc");
  for (guint i = 0; i < type->n_fields; i++)
    g_string_append_printf (sql, ", %s = excluded.%s", type->fields[i].name, type->fields[i].name);

  stmt = _jz_store_stmt (self, sql->str, error);
  if (stmt != NULL)
    g_hash_table_insert (self->materialise_sql, (gpointer) type, stmt);
  return stmt;
}

/* The value a change set's edit shows: "field": value, or
 * "field": {"v": value, "p": [parents]}. Sets *self_parent when the edit
 * names its own stamp as a parent (the general merge then has no head). */
static JsonNode *
single_edit_value (JsonNode   *node,
                   const char *stamp,
                   gboolean   *self_parent)
{
  JsonObject *e;
  JsonNode *p;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return node;
  e = json_node_get_object (node);
  p = json_object_get_member (e, "p");
  if (p != NULL && JSON_NODE_HOLDS_ARRAY (p))
    {
      JsonArray *a = json_node_get_array (p);

      for (guint k = 0; k < json_array_get_length (a); k++)
        {
          JsonNode *s = json_array_get_element (a, k);

          if (JSON_NODE_HOLDS_VALUE (s) && json_node_get_value_type (s) == G_TYPE_STRING &&
              g_strcmp0 (json_node_get_string (s), stamp) == 0)
            *self_parent = TRUE;
        }
    }
  return json_object_get_member (e, "v");
}

/* A record with a single change set: every field it edits has that one
 * edit as its only head and shown value, there is no conflict, and a
 * status is the one transition from the initial state if the workflow
 * allows it. The same row as merge_record() gives, without per-field edit
 * lists. Returns FALSE with *handled unset when the general merge is
 * needed. */
static gboolean
materialise_single (JzStore            *self,
                    const JzRecordType *type,
                    const char         *record,
                    JzChangeSet        *cs,
                    gboolean           *handled,
                    GError            **error)
{
  g_autofree char *stamp = jz_stamp_format (cs->hlc, cs->site);
  JsonNode *values[type->n_fields];
  JzRowValue row[type->n_fields];
  gboolean self_parent = FALSE;

  *handled = FALSE;
  for (guint i = 0; i < type->n_fields; i++)
    {
      const JzFieldDef *def = &type->fields[i];
      JsonNode *node = json_object_get_member (cs->edits, def->name);

      values[i] = NULL;
      if (node == NULL)
        continue;
      values[i] = single_edit_value (node, stamp, &self_parent);
      if (self_parent)
        return TRUE;
      if (def->kind == JZ_FIELD_STATUS)
        {
          JsonNode *v = values[i];

          values[i] = NULL;
          if (v != NULL && JSON_NODE_HOLDS_VALUE (v) &&
              json_node_get_value_type (v) == G_TYPE_STRING &&
              jz_record_type_allows (type, NULL, json_node_get_string (v)))
            values[i] = v;
        }
    }

  *handled = TRUE;
  for (guint i = 0; i < type->n_fields; i++)
    {
      JsonNode *v = values[i];

      row[i].kind = JZ_ROW_UNSET;
      if (v == NULL || JSON_NODE_HOLDS_NULL (v))
        continue;
      if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
        {
          row[i].kind = JZ_ROW_TEXT;
          row[i].text = json_node_get_string (v);
        }
      else if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_BOOLEAN)
        row[i].kind = json_node_get_boolean (v) ? JZ_ROW_TRUE : JZ_ROW_FALSE;
      else
        {
          row[i].kind = JZ_ROW_NODE;
          row[i].node = v;
        }
    }
  return _jz_store_materialise_row (self, type, record, cs->hlc, row, error);
}

/**
 * _jz_store_materialise_row:
 * @row: (array): the record's fields, in its type's order
 *
 * Writes the row of @record as its only change set, stamped @hlc, makes
 * it: @row outlives the statement's step.
 */
gboolean
_jz_store_materialise_row (JzStore            *self,
                           const JzRecordType *type,
                           const char         *record,
                           guint64             hlc,
                           const JzRowValue   *row,
                           GError            **error)
{
  JzStmt *stmt;
  int col = 1;

  /* heads "*": the one change set is the head of every field it names
   * (read back by read_current(), jz-store-write.c), instead of writing
   * them all out: a quarter of a synced record's row */
  stmt = materialise_stmt (self, type, error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, col++, record);
  jz_stmt_bind_static (stmt, col++, JZ_HEADS_SINGLE);
  jz_stmt_bind_int (stmt, col++, 0);
  jz_stmt_bind_int64 (stmt, col++, hlc);
  jz_stmt_bind_int64 (stmt, col++, hlc);
  for (guint i = 0; i < type->n_fields; i++, col++)
    switch (row[i].kind)
      {
      case JZ_ROW_TEXT:
        jz_stmt_bind_static (stmt, col, row[i].text);
        break;
      case JZ_ROW_TRUE:
      case JZ_ROW_FALSE:
        jz_stmt_bind_int (stmt, col, row[i].kind == JZ_ROW_TRUE);
        break;
      case JZ_ROW_NODE:
        _jz_bind_node (stmt, col, row[i].node);
        break;
      case JZ_ROW_UNSET:
      default:
        jz_stmt_bind_null (stmt, col);
        break;
      }

  return _jz_store_step_done (self, stmt, error);
}

/**
 * _jz_store_materialise_from:
 * @only: (nullable): the record's only change set, when the caller knows
 *   the store had no other (a record it has just received): the merge is
 *   then of that change set, without reading it back from `change_set`
 *
 * Re-derives the materialised row of @record from its change sets.
 */
gboolean
_jz_store_materialise_from (JzStore            *self,
                            const JzRecordType *type,
                            const char         *record,
                            JzChangeSet        *only,
                            GError            **error)
{
  g_autoptr(GPtrArray) sets = NULL;
  g_autoptr(GHashTable) by_field = NULL;
  g_autoptr(JsonNode) heads_node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *heads_text = NULL;
  Merged m = { 0 };
  JzStmt *stmt;
  gboolean ok;
  int col = 1;

  if (only != NULL)
    {
      sets = g_ptr_array_new ();
      g_ptr_array_add (sets, only);
    }
  else if ((sets = _jz_store_load_edits (self, record, NULL, error)) == NULL)
    return FALSE;
  if (sets->len == 0)
    return TRUE;
  if (sets->len == 1)
    {
      gboolean handled;

      ok = materialise_single (self, type, record, g_ptr_array_index (sets, 0), &handled, error);
      if (handled)
        return ok;
    }

  by_field = _jz_edits_by_field (sets);
  _jz_store_merge_record (type, sets, by_field, &m);

  json_node_set_object (heads_node, m.heads);
  heads_text = json_to_string (heads_node, FALSE);

  stmt = materialise_stmt (self, type, error);
  if (stmt == NULL)
    {
      _jz_store_merged_clear (&m);
      return FALSE;
    }
  jz_stmt_bind_text (stmt, col++, record);
  jz_stmt_bind_text (stmt, col++, heads_text);
  jz_stmt_bind_int (stmt, col++, m.conflicts->len > 0);
  jz_stmt_bind_int64 (stmt, col++, m.created);
  jz_stmt_bind_int64 (stmt, col++, m.updated);
  for (guint i = 0; i < type->n_fields; i++)
    _jz_bind_node (stmt, col++, json_object_get_member (m.values, type->fields[i].name));

  ok = _jz_store_step_done (self, stmt, error);
  _jz_store_merged_clear (&m);
  return ok;
}

gboolean
_jz_store_materialise (JzStore            *self,
                       const JzRecordType *type,
                       const char         *record,
                       GError            **error)
{
  return _jz_store_materialise_from (self, type, record, NULL, error);
}


static JsonNode *
change_set_to_json (const char *record,
                    const char *rtype,
                    guint64     hlc,
                    const char *site,
                    const char *author,
                    const char *edits_text,
                    gint64      seq)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  JsonNode *edits = json_from_string (edits_text, NULL);

  json_builder_begin_object (b);
  if (seq > 0)
    {
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, seq);
    }
  json_builder_set_member_name (b, "record");
  json_builder_add_string_value (b, record);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, rtype);
  json_builder_set_member_name (b, "hlc");
  json_builder_add_int_value (b, (gint64) hlc);
  json_builder_set_member_name (b, "site");
  json_builder_add_string_value (b, site);
  json_builder_set_member_name (b, "author");
  json_builder_add_string_value (b, author);
  json_builder_set_member_name (b, "edits");
  json_builder_add_value (b, edits ? edits : json_node_new (JSON_NODE_OBJECT));
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

typedef struct
{
  gint64     after;
  JsonArray *out;
} ExportArgs;

static gpointer
export_on_thread (JzStore  *self,
                  gpointer  data,
                  GError  **error)
{
  ExportArgs *args = data;
  JzStmt *stmt;
  int rc;

  if (args->after < 0)
    stmt = _jz_store_stmt (self,
                           "SELECT record, rtype, hlc, site, author, jz_edits (edits, rtype, record), 0 FROM change_set "
                           "ORDER BY hlc, site, record", error);
  else
    stmt = _jz_store_stmt (self,
                           "SELECT record, rtype, hlc, site, author, jz_edits (edits, rtype, record), lseq "
                           "FROM change_set WHERE lseq > ? ORDER BY lseq", error);
  if (stmt == NULL)
    return NULL;
  if (args->after >= 0)
    jz_stmt_bind_int64 (stmt, 1, MAX (args->after, _jz_store_acked_seq (self)));

  args->out = json_array_new ();
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    json_array_add_element (args->out,
                            change_set_to_json (jz_stmt_column_text (stmt, 0),
                                                jz_stmt_column_text (stmt, 1),
                                                (guint64) jz_stmt_column_int64 (stmt, 2),
                                                jz_stmt_column_text (stmt, 3),
                                                jz_stmt_column_text (stmt, 4),
                                                jz_stmt_column_text (stmt, 5),
                                                jz_stmt_column_int64 (stmt, 6)));
  jz_stmt_reset (stmt);

  if (rc != JZ_DB_DONE)
    {
      g_clear_pointer (&args->out, json_array_unref);
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  return JZ_STORE_OK;
}

/**
 * jz_store_export_change_sets:
 * @after_outbox_seq: -1 for every change set in the store, else the local
 *   change sets whose outbox seq is above it (what a push sends)
 */
JsonArray *
jz_store_export_change_sets (JzStore  *self,
                             gint64    after_outbox_seq,
                             GError  **error)
{
  ExportArgs args = { after_outbox_seq, NULL };

  if (_jz_store_call (self, export_on_thread, &args, error) == NULL)
    return NULL;
  return args.out;
}
