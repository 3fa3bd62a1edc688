/* jz-store-conflicts.c — conflicts (what the merge of a disputed record
 * says; stored nowhere), their resolution, and a record's history
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"

/* ---- conflicts ---------------------------------------------------------- */

static char *
hlc_time (guint64 hlc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (JZ_HLC_MS (hlc) / 1000);

  return dt ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

static void
add_record_conflicts (JzStore            *self,
                      const JzRecordType *type,
                      const char         *record,
                      JsonArray          *out)
{
  g_autoptr(GPtrArray) sets = _jz_store_load_edits (self, record, NULL, NULL);
  g_autoptr(GHashTable) by_field = NULL;
  Merged m = { 0 };

  if (sets == NULL || sets->len == 0)
    return;
  by_field = _jz_edits_by_field (sets);
  _jz_store_merge_record (type, sets, by_field, &m);

  for (guint i = 0; i < m.conflicts->len; i++)
    {
      const char *field = g_ptr_array_index (m.conflicts, i);
      const JzFieldDef *def = jz_record_type_field (type, field);
      GPtrArray *edits = g_hash_table_lookup (by_field, field);
      JzFieldState state;
      JsonObject *c = json_object_new ();
      JsonArray *values = json_array_new ();

      jz_merge_field (edits, TRUE, &state);
      for (guint h = 0; h < state.heads->len; h++)
        {
          JzEdit *e = g_ptr_array_index (state.heads, h);
          JsonObject *v = json_object_new ();
          char *time_text;

          json_object_set_string_member (v, "value_id", e->stamp);
          json_object_set_member (v, "value", json_node_copy (e->value));
          json_object_set_string_member (v, "author", e->author);
          json_object_set_string_member (v, "site", e->site);
          json_object_set_string_member (v, "time", time_text = hlc_time (e->hlc));
          g_free (time_text);
          json_object_set_boolean_member (v, "shown", e == state.shown);
          json_array_add_object_element (values, v);
        }
      jz_field_state_clear (&state);

      json_object_set_string_member (c, "record", record);
      json_object_set_string_member (c, "type", type->name);
      json_object_set_string_member (c, "field", field);
      json_object_set_string_member (c, "label", def ? def->label : field);
      json_object_set_array_member (c, "values", values);
      json_array_add_object_element (out, c);
    }

  _jz_store_merged_clear (&m);
}

typedef struct
{
  const char *record;
  JsonArray  *out;
} ConflictArgs;

static gpointer
conflicts_on_thread (JzStore  *self,
                     gpointer  data,
                     GError  **error)
{
  ConflictArgs *args = data;
  const JzRecordType *const *types;
  guint n_types;

  args->out = json_array_new ();
  types = jz_model_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      g_autofree char *sql = NULL;
      JzStmt *stmt;
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      /* SQLite's partial index is on "WHERE disputed", PostgreSQL's on
       * the comparison: each query names it as its index does */
      const char *disputed = self->engine == NULL ? "disputed" : "disputed <> 0";

      if (args->record != NULL)
        sql = g_strdup_printf ("SELECT id FROM %s WHERE %s AND id = ?", types[t]->table, disputed);
      else
        sql = g_strdup_printf ("SELECT id FROM %s WHERE %s ORDER BY updated_hlc", types[t]->table, disputed);
      stmt = _jz_store_stmt (self, sql, error);
      if (stmt == NULL)
        {
          g_clear_pointer (&args->out, json_array_unref);
          return NULL;
        }
      if (args->record != NULL)
        jz_stmt_bind_text (stmt, 1, args->record);
      while (jz_stmt_step (stmt) == JZ_DB_ROW)
        g_ptr_array_add (ids, g_strdup (jz_stmt_column_text (stmt, 0)));
      jz_stmt_reset (stmt);

      for (guint i = 0; i < ids->len; i++)
        add_record_conflicts (self, types[t], ids->pdata[i], args->out);
    }

  return JZ_STORE_OK;
}

/* Conflicts as JSON objects {record, type, field, label, values: [{value_id,
 * value, author, site, time, shown}]}; @record limits them to one record. */
GPtrArray *
jz_store_conflicts (JzStore     *self,
                    const char  *record,
                    GError     **error)
{
  ConflictArgs args = { record, NULL };
  GPtrArray *list;

  if (_jz_store_call (self, conflicts_on_thread, &args, error) == NULL)
    return NULL;

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < json_array_get_length (args.out); i++)
    g_ptr_array_add (list, json_object_ref (json_array_get_object_element (args.out, i)));
  json_array_unref (args.out);
  return list;
}

typedef struct
{
  const char *record;
  const char *field;
  const char *take;
  JsonNode   *value;
  const char *author;
} ResolveArgs;

static gpointer
resolve_on_thread (JzStore  *self,
                   gpointer  data,
                   GError  **error)
{
  ResolveArgs *args = data;
  g_autofree char *rtype = NULL;
  g_autoptr(GPtrArray) sets = _jz_store_load_edits (self, args->record, &rtype, error);
  g_autoptr(GHashTable) by_field = NULL;
  g_autoptr(JsonNode) chosen = NULL;
  g_autoptr(JsonObject) edits = json_object_new ();
  const JzRecordType *type;
  const JzFieldDef *def;
  GPtrArray *field_edits;
  JzFieldState state;
  JsonObject *edit;
  JsonArray *parents;
  guint64 saved_hlc = self->hlc.last;
  guint64 hlc;

  if (sets == NULL)
    return NULL;
  if (sets->len == 0 || (type = jz_model_lookup (rtype)) == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND, "no record with id %s", args->record);
      return NULL;
    }
  def = jz_record_type_field (type, args->field);
  by_field = _jz_edits_by_field (sets);
  field_edits = def ? g_hash_table_lookup (by_field, args->field) : NULL;
  if (field_edits == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND,
                   "%s: not a field of this %s, or never set", args->field, type->name);
      return NULL;
    }

  jz_merge_field (field_edits, TRUE, &state);
  if (!state.conflict)
    {
      jz_field_state_clear (&state);
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND,
                   "%s of %s is not in conflict", args->field, args->record);
      return NULL;
    }

  if (args->take != NULL)
    {
      for (guint h = 0; h < state.heads->len; h++)
        {
          JzEdit *e = g_ptr_array_index (state.heads, h);

          if (g_str_equal (e->stamp, args->take))
            chosen = json_node_copy (e->value);
        }
      if (chosen == NULL)
        {
          jz_field_state_clear (&state);
          g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                       "--take %s: not one of the values in conflict (see juzhu-cli conflicts)",
                       args->take);
          return NULL;
        }
    }
  else
    {
      chosen = _jz_validate_field (self, type, def, args->value, error);
      if (chosen == NULL)
        {
          jz_field_state_clear (&state);
          return NULL;
        }
    }

  /* The resolution names every head as its parent, so it supersedes them
   * all on every replica that receives it. */
  parents = json_array_new ();
  for (guint h = 0; h < state.heads->len; h++)
    json_array_add_string_element (parents, ((JzEdit *) state.heads->pdata[h])->stamp);
  jz_field_state_clear (&state);

  if (!_jz_store_clock_plausible (self, error))
    {
      json_array_unref (parents);
      return NULL;
    }

  edit = json_object_new ();
  json_object_set_member (edit, "v", g_steal_pointer (&chosen));
  json_object_set_array_member (edit, "p", parents);
  json_object_set_object_member (edits, args->field, edit);

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  hlc = jz_hlc_tick (&self->hlc, _jz_store_now_ms (self));
  if (!_jz_store_write_change_set (self, args->record, type->name, hlc, self->site_id,
                                   args->author, edits, TRUE, NULL, error) ||
      !_jz_store_materialise (self, type, args->record, error) ||
      (g_str_equal (type->name, "person") && !_jz_store_index_person (self, args->record, error)) ||
      !_jz_store_write_audit (self, args->author, "resolve", type->name, args->record, args->field, error) ||
      !_jz_store_persist_hlc (self, error) ||
      !_jz_store_exec (self, "COMMIT", error))
    {
      _jz_store_exec (self, "ROLLBACK", NULL);
      self->hlc.last = saved_hlc;
      return NULL;
    }
  _jz_store_note_changed (self);

  return JZ_STORE_OK;
}

/**
 * jz_store_resolve:
 * @take_stamp: (nullable): the value_id of the value to keep
 * @value: (nullable): a new value instead
 *
 * Ends a conflict on a legal field, on this device and, once synced, on
 * every device.
 */
gboolean
jz_store_resolve (JzStore     *self,
                  const char  *record,
                  const char  *field,
                  const char  *take_stamp,
                  JsonNode    *value,
                  const char  *author,
                  GError     **error)
{
  ResolveArgs args = { record, field, take_stamp, value, author };

  g_return_val_if_fail ((take_stamp == NULL) != (value == NULL), FALSE);

  return _jz_store_call (self, resolve_on_thread, &args, error) != NULL;
}

/* ---- history ------------------------------------------------------------ */

static int
compare_sets (gconstpointer a,
              gconstpointer b)
{
  const JzChangeSet *x = *(const JzChangeSet * const *) a;
  const JzChangeSet *y = *(const JzChangeSet * const *) b;

  return jz_stamp_compare (x->hlc, x->site, y->hlc, y->site);
}

static gpointer
history_on_thread (JzStore  *self,
                   gpointer  data,
                   GError  **error)
{
  const char *record = data;
  g_autoptr(GPtrArray) sets = _jz_store_load_edits (self, record, NULL, error);
  GPtrArray *out;

  if (sets == NULL)
    return NULL;
  g_ptr_array_sort (sets, compare_sets);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < sets->len; i++)
    {
      JzChangeSet *cs = g_ptr_array_index (sets, i);
      JsonObject *o = json_object_new ();
      JsonObject *fields = json_object_new ();
      JsonObjectIter iter;
      const char *field;
      JsonNode *node;

      json_object_iter_init (&iter, cs->edits);
      while (json_object_iter_next (&iter, &field, &node))
        {
          if (JSON_NODE_HOLDS_OBJECT (node))
            node = json_object_get_member (json_node_get_object (node), "v");
          if (node != NULL)
            json_object_set_member (fields, field, json_node_copy (node));
        }

      g_autofree char *stamp = jz_stamp_format (cs->hlc, cs->site);
      g_autofree char *time_text = hlc_time (cs->hlc);

      json_object_set_string_member (o, "stamp", stamp);
      json_object_set_string_member (o, "time", time_text);
      json_object_set_string_member (o, "site", cs->site);
      json_object_set_string_member (o, "author", cs->author);
      json_object_set_object_member (o, "fields", fields);
      g_ptr_array_add (out, o);
    }

  return out;
}

/* Who changed what, when, on which device: oldest first. */
GPtrArray *
jz_store_history (JzStore     *self,
                  const char  *record,
                  GError     **error)
{
  return _jz_store_call (self, history_on_thread, (gpointer) record, error);
}
