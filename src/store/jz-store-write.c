/* jz-store-write.c — committing a save: each record's fields planned and
 * checked, its change set written (jz-store-changeset.c), the row the
 * screens read materialised; the save itself is built in jz-store-save.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save is one transaction that writes, for each record it touches, one
 * change_set row (all the fields saved together under one stamp, with the
 * next outbox seq in lseq: that is the outbox) and the materialised row the
 * screens read. The local commit
 * is the durability point (synchronous=FULL): once jz_store_commit()
 * returns TRUE the save survives a pulled battery.
 */
#include "config.h"

#include <string.h>

#include "jz-date.h"
#include "jz-store-private.h"
#include "jz-text.h"
#include "jz-uuid.h"

/* ---- heads ------------------------------------------------------------- */

/* heads JSON: {"stamp": ["field", …]} → parents of @field */
static GStrv
parents_from_heads (JsonObject *heads,
                    const char *field)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  JsonObjectIter iter;
  const char *stamp;
  JsonNode *node;

  json_object_iter_init (&iter, heads);
  while (json_object_iter_next (&iter, &stamp, &node))
    {
      JsonArray *fields = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (fields); i++)
        if (g_strcmp0 (json_array_get_string_element (fields, i), field) == 0)
          g_strv_builder_add (b, stamp);
    }

  return g_strv_builder_end (b);
}

static void
heads_replace (JsonObject *heads,
               const char *field,
               const char *stamp)
{
  g_autoptr(GList) members = json_object_get_members (heads);
  JsonArray *mine;

  for (GList *l = members; l; l = l->next)
    {
      JsonArray *fields = json_object_get_array_member (heads, l->data);
      guint n = json_array_get_length (fields);

      for (guint i = n; i > 0; i--)
        if (g_strcmp0 (json_array_get_string_element (fields, i - 1), field) == 0)
          json_array_remove_element (fields, i - 1);
      if (json_array_get_length (fields) == 0)
        json_object_remove_member (heads, l->data);
    }

  if (!json_object_has_member (heads, stamp))
    json_object_set_array_member (heads, stamp, json_array_new ());
  mine = json_object_get_array_member (heads, stamp);
  json_array_add_string_element (mine, field);
}

/* ---- reading a record for an update ------------------------------------ */

typedef struct
{
  JsonObject *values;
  JsonObject *heads;
  gboolean    disputed;
} Current;

static void
current_clear (Current *c)
{
  g_clear_pointer (&c->values, json_object_unref);
  g_clear_pointer (&c->heads, json_object_unref);
}

static gboolean
read_current (JzStore            *self,
              const JzRecordType *type,
              const char         *id,
              Current            *out,
              GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT heads, disputed, created_hlc");
  JzStmt *stmt;
  g_autoptr(JsonNode) heads = NULL;
  int rc;

  for (guint i = 0; i < type->n_fields; i++)
    g_string_append_printf (sql, ", %s", type->fields[i].name);
  g_string_append_printf (sql, " FROM %s WHERE id = ?", type->table);

  stmt = _jz_store_stmt (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, id);
  rc = jz_stmt_step (stmt);
  if (rc == JZ_DB_DONE)
    {
      jz_stmt_reset (stmt);
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND,
                   "no %s with id %s", type->name, id);
      return FALSE;
    }
  if (rc != JZ_DB_ROW)
    {
      _jz_store_set_sqlite_error (self, error);
      jz_stmt_reset (stmt);
      return FALSE;
    }

  out->disputed = jz_stmt_column_int (stmt, 1) != 0;
  out->values = json_object_new ();
  for (guint i = 0; i < type->n_fields; i++)
    json_object_set_member (out->values, type->fields[i].name,
                            _jz_column_node (stmt, (int) i + 3, &type->fields[i]));

  if (jz_stmt_column_is_null (stmt, 0))
    {
      /* Created here and unchanged: every field set has the creation
       * stamp as its only head. */
      g_autofree char *stamp = jz_stamp_format ((guint64) jz_stmt_column_int64 (stmt, 2), self->site_id);
      JsonArray *fields = json_array_new ();

      for (guint i = 0; i < type->n_fields; i++)
        if (!JSON_NODE_HOLDS_NULL (json_object_get_member (out->values, type->fields[i].name)))
          json_array_add_string_element (fields, type->fields[i].name);
      out->heads = json_object_new ();
      json_object_set_array_member (out->heads, stamp, fields);
    }
  else if (g_str_equal (jz_stmt_column_text (stmt, 0), JZ_HEADS_SINGLE))
    {
      /* Received in one change set and unchanged: it is the head of
       * every field it names. */
      g_autoptr(GPtrArray) sets = NULL;

      jz_stmt_reset (stmt);
      if ((sets = _jz_store_load_edits (self, id, NULL, error)) == NULL)
        return FALSE;
      out->heads = json_object_new ();
      for (guint s = 0; s < sets->len; s++)
        {
          JzChangeSet *cs = sets->pdata[s];
          g_autofree char *stamp = jz_stamp_format (cs->hlc, cs->site);
          JsonArray *fields = json_array_new ();

          for (guint i = 0; i < type->n_fields; i++)
            if (json_object_has_member (cs->edits, type->fields[i].name))
              json_array_add_string_element (fields, type->fields[i].name);
          json_object_set_array_member (out->heads, stamp, fields);
        }
      return TRUE;
    }
  else
    {
      heads = json_from_string (jz_stmt_column_text (stmt, 0), NULL);
      out->heads = heads && JSON_NODE_HOLDS_OBJECT (heads)
        ? json_object_ref (json_node_get_object (heads)) : json_object_new ();
    }
  jz_stmt_reset (stmt);
  return TRUE;
}

/* Is this field of the record in conflict? Only disputed records are
 * merged again to find out. */
static gboolean
field_disputed (JzStore    *self,
                const char *record,
                const char *field)
{
  g_autoptr(GPtrArray) sets = _jz_store_load_edits (self, record, NULL, NULL);
  g_autoptr(GHashTable) by_field = NULL;
  GPtrArray *edits;
  JzFieldState state;
  gboolean conflict;

  if (sets == NULL)
    return FALSE;
  by_field = _jz_edits_by_field (sets);
  edits = g_hash_table_lookup (by_field, field);
  if (edits == NULL)
    return FALSE;
  jz_merge_field (edits, TRUE, &state);
  conflict = state.conflict;
  jz_field_state_clear (&state);
  return conflict;
}

/* ---- one record of a save ---------------------------------------------- */

typedef struct
{
  const JzRecordType *type;
  JzSaveItem         *item;
  /* validated, changed fields only: one slot per field of the type, in
   * the model's order, NULL for a field not saved. An array rather than a
   * JsonObject: a hash table built and freed per record was a tenth of an
   * import's time. */
  JsonNode          **clean;
  guint               n_clean;   /* slots set */
  Current             current;
  gboolean            legal;     /* some field of clean is a legal one */
} Planned;

static void
planned_free (gpointer data)
{
  Planned *p = data;

  if (p->clean != NULL)
    for (guint i = 0; i < p->type->n_fields; i++)
      g_clear_pointer (&p->clean[i], json_node_unref);
  g_free (p->clean);
  current_clear (&p->current);
  g_free (p);
}

/* The validated value of @field in @p, or NULL. */
static JsonNode *
planned_get (Planned    *p,
             const char *field)
{
  const JzFieldDef *def;

  if (p->clean == NULL || (def = jz_record_type_field (p->type, field)) == NULL)
    return NULL;
  return p->clean[def - p->type->fields];
}

static void
planned_set (Planned          *p,
             const JzFieldDef *def,
             JsonNode         *value)
{
  JsonNode **slot = &p->clean[def - p->type->fields];

  if (*slot == NULL)
    p->n_clean++;
  else
    json_node_unref (*slot);
  *slot = value;
}

/* One field as the caller gave it */
typedef struct
{
  const char *name;
  JsonNode   *value;     /* owned */
} Given;

static Given *
given_fields (JzSaveItem *item,
              guint      *n_given)
{
  Given *given;
  guint n = 0;

  if (item->strings != NULL)
    {
      while (item->strings[2 * n] != NULL)
        n++;
      given = g_new (Given, n + 1);
      for (guint i = 0; i < n; i++)
        {
          given[i].name = item->strings[2 * i];
          given[i].value = json_node_init_string (json_node_alloc (), item->strings[2 * i + 1]);
        }
    }
  else
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      given = g_new (Given, json_object_get_size (item->fields) + 1);
      json_object_iter_init (&iter, item->fields);
      while (json_object_iter_next (&iter, &name, &value))
        {
          given[n].name = name;
          given[n].value = json_node_ref (value);
          n++;
        }
    }
  *n_given = n;
  return given;
}

static void
given_free (Given *given,
            guint  n)
{
  for (guint i = 0; i < n; i++)
    json_node_unref (given[i].value);
  g_free (given);
}

/* Plans one record of a save: each given field validated, unchanged ones
 * left out (no edit, no conflict), then the checks the server repeats
 * (_jz_store_check_change). Problems go to @problems. */
static Planned *
plan_item (JzStore            *self,
           const JzCheckActor *actor,
           JzSaveItem         *item,
           GPtrArray          *problems)
{
  Planned *p = g_new0 (Planned, 1);
  Given *given;
  guint n_given;

  p->item = item;
  p->type = jz_model_lookup (item->rtype);

  if (p->type == NULL)
    {
      jz_problems_add (problems, NULL, JZ_PROBLEM_TYPE, "“%s” is not a record type", item->rtype);
      return p;
    }
  p->clean = g_new0 (JsonNode *, p->type->n_fields);

  if (!item->create)
    {
      g_autoptr(GError) local_error = NULL;

      if (!read_current (self, p->type, item->id, &p->current, &local_error))
        {
          jz_problems_add (problems, NULL, JZ_PROBLEM_NOT_FOUND, "%s", local_error->message);
          return p;
        }
    }

  given = given_fields (item, &n_given);
  for (guint g = 0; g < n_given; g++)
    {
      const char *name = given[g].name;
      const JzFieldDef *def = jz_record_type_field (p->type, name);
      g_autoptr(JsonNode) clean = NULL;

      if (def == NULL)
        {
          jz_problems_add (problems, name, JZ_PROBLEM_UNKNOWN_FIELD,
                           "%s: not a field of a %s", name, p->type->name);
          continue;
        }
      clean = _jz_store_check_field (self, p->type, def, given[g].value, problems);
      if (clean == NULL)
        continue;

      if (!item->create)
        {
          JsonNode *old = json_object_get_member (p->current.values, name);

          if (old != NULL && json_node_equal (old, clean))
            continue;    /* nothing changed: no edit, no conflict */
          if (def->legal && p->current.disputed && field_disputed (self, item->id, name))
            {
              jz_problems_add (problems, name, JZ_PROBLEM_DISPUTED,
                               "%s: two devices saved different values; "
                               "resolve the conflict first (juzhu-cli conflicts)", name);
              continue;
            }
        }

      /* On a new record, null means "not given": it is no edit, and an
       * edit that set the field later would otherwise race with it. */
      if (item->create && JSON_NODE_HOLDS_NULL (clean))
        continue;

      p->legal |= def->legal;
      planned_set (p, def, g_steal_pointer (&clean));
    }
  given_free (given, n_given);

  if (item->create && p->type->initial_status != NULL && planned_get (p, "status") == NULL)
    {
      const JzFieldDef *status = jz_record_type_field (p->type, "status");
      JsonNode *node = json_node_new (JSON_NODE_VALUE);

      g_assert (status != NULL);
      p->legal |= status->legal;
      json_node_set_string (node, p->type->initial_status);
      planned_set (p, status, node);
    }

  _jz_store_check_change (self, actor, p->type, item->id,
                          item->create ? NULL : p->current.values, p->clean, problems);
  return p;
}

static JzStmt *
create_stmt (JzStore             *self,
             const JzRecordType  *type,
             GError             **error)
{
  g_autoptr(GString) sql = NULL;
  JzStmt *stmt;

  if (self->create_sql == NULL)
    self->create_sql = g_hash_table_new (NULL, NULL);
  else if ((stmt = g_hash_table_lookup (self->create_sql, type)) != NULL)
    {
      jz_stmt_reset (stmt);
      jz_stmt_clear_bindings (stmt);
      return stmt;
    }

  sql = g_string_new ("INSERT INTO ");
  g_string_append (sql, type->table);
  g_string_append (sql, " (id, created_hlc, updated_hlc");
  for (guint i = 0; i < type->n_fields; i++)
    {
      g_string_append (sql, ", ");
      g_string_append (sql, type->fields[i].name);
    }
  g_string_append (sql, ") VALUES (?, ?, ?");
  for (guint i = 0; i < type->n_fields; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  stmt = _jz_store_stmt (self, sql->str, error);
  if (stmt != NULL)
    g_hash_table_insert (self->create_sql, (gpointer) type, stmt);
  return stmt;
}

/* Like _jz_bind_node(), but strings are bound without a copy: @node
 * outlives the statement's step. */
static void
bind_clean (JzStmt *stmt,
            int           index,
            JsonNode     *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    jz_stmt_bind_static (stmt, index, json_node_get_string (node));
  else
    _jz_bind_node (stmt, index, node);
}

static gboolean
write_planned (JzStore     *self,
               JzSave      *save,
               Planned     *p,
               guint64      hlc,
               GError     **error)
{
  g_autoptr(JsonObject) heads = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GString) edits = g_string_sized_new (512);
  g_autofree char *heads_text = NULL;
  JzStmt *stmt;
  int col = 1;

  if (!p->item->create)
    {
      heads = json_object_ref (p->current.heads);
      stamp = jz_stamp_format (hlc, self->site_id);
    }

  /* the fields in the model's order */
  g_string_append_c (edits, '{');
  for (guint f = 0; f < p->type->n_fields; f++)
    {
      const char *name = p->type->fields[f].name;
      JsonNode *value = p->clean[f];
      g_auto(GStrv) ps = NULL;

      if (value == NULL)
        continue;
      ps = heads ? parents_from_heads (heads, name) : NULL;

      /* "field": value when the edit has no parents (every field of a new
       * record), "field": {"v": value, "p": [stamps]} otherwise. Values are
       * never JSON objects, so the two cannot be confused. */
      if (edits->len > 1)
        g_string_append_c (edits, ',');
      g_string_append_c (edits, '"');
      g_string_append (edits, name);
      g_string_append (edits, "\":");
      if (ps == NULL || ps[0] == NULL)
        _jz_store_append_json_value (edits, value);
      else
        {
          g_string_append (edits, "{\"v\":");
          _jz_store_append_json_value (edits, value);
          g_string_append (edits, ",\"p\":[");
          for (guint i = 0; ps[i] != NULL; i++)
            {
              if (i > 0)
                g_string_append_c (edits, ',');
              g_string_append_c (edits, '"');
              g_string_append (edits, ps[i]);
              g_string_append_c (edits, '"');
            }
          g_string_append (edits, "]}");
        }
      if (heads != NULL)
        heads_replace (heads, name, stamp);
    }
  g_string_append_c (edits, '}');

  /* a new record's edits are its row's fields: kept once, in the row
   * (jz-store-creation.c) */
  if (!_jz_store_write_change_set_text (self, p->item->id, p->type->name, hlc, self->site_id, save->author,
                                        p->item->create && self->engine == NULL &&
                                        _jz_store_creation_elidable (p->type, p->clean)
                                        ? "" : edits->str,
                                        TRUE, NULL, error))
    return FALSE;

  if (p->item->create)
    {
      /* every field, in the model's order; those not given stay NULL */
      stmt = create_stmt (self, p->type, error);
      if (stmt == NULL)
        return FALSE;
      jz_stmt_bind_static (stmt, col++, p->item->id);
      jz_stmt_bind_int64 (stmt, col++, hlc);
      jz_stmt_bind_int64 (stmt, col++, hlc);
      for (guint f = 0; f < p->type->n_fields; f++)
        if (p->clean[f] != NULL)
          bind_clean (stmt, col + (int) f, p->clean[f]);
      return _jz_store_step_done (self, stmt, error);
    }

  {
    g_autoptr(JsonNode) heads_node = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(GString) sql = g_string_new (NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new ();

    json_node_set_object (heads_node, heads);
    heads_text = json_to_string (heads_node, FALSE);

    for (guint f = 0; f < p->type->n_fields; f++)
      if (p->clean[f] != NULL)
        g_ptr_array_add (names, (gpointer) &p->type->fields[f]);

    g_string_printf (sql, "UPDATE %s SET heads = ?, updated_hlc = ?", p->type->table);
    for (guint i = 0; i < names->len; i++)
      g_string_append_printf (sql, ", %s = ?", ((const JzFieldDef *) names->pdata[i])->name);
    g_string_append (sql, " WHERE id = ?");
    stmt = _jz_store_stmt (self, sql->str, error);
    if (stmt == NULL)
      return FALSE;
    jz_stmt_bind_static (stmt, col++, heads_text);
    jz_stmt_bind_int64 (stmt, col++, hlc);
    for (guint i = 0; i < names->len; i++)
      bind_clean (stmt, col++, p->clean[(const JzFieldDef *) names->pdata[i] - p->type->fields]);
    jz_stmt_bind_static (stmt, col++, p->item->id);
    return _jz_store_step_done (self, stmt, error);
  }
}

static JzRole
device_role (JzStore *self)
{
  static const char *keys[] = { "sync_role", "role" };
  JzRole role = 0;

  for (guint i = 0; i < G_N_ELEMENTS (keys) && role == 0; i++)
    {
      JzStmt *stmt = _jz_store_stmt (self, "SELECT value FROM meta WHERE key = ?", NULL);

      if (stmt == NULL)
        return 0;
      jz_stmt_bind_static (stmt, 1, keys[i]);
      if (jz_stmt_step (stmt) == JZ_DB_ROW)
        role = jz_role_from_name (jz_stmt_column_text (stmt, 0));
      jz_stmt_reset (stmt);
    }
  return role;
}

/* The error a save's problems make: their messages, one a line, and a
 * code for what they all are. */
static void
set_problems_error (GPtrArray  *problems,
                    GError    **error)
{
  g_autofree char *text = jz_problems_join (problems, "\n");
  JzStoreError code = JZ_STORE_ERROR_INVALID;

  if (jz_problems_all (problems, JZ_PROBLEM_DISPUTED))
    code = JZ_STORE_ERROR_DISPUTED;
  else if (jz_problems_all (problems, JZ_PROBLEM_ROLE))
    code = JZ_STORE_ERROR_FORBIDDEN;
  g_set_error_literal (error, JZ_STORE_ERROR, code, text);
  if (error != NULL)
    _jz_store_error_set_problems (*error, problems);
}

static gpointer
commit_on_thread (JzStore  *self,
                  gpointer  data,
                  GError  **error)
{
  JzSave *save = data;
  g_autoptr(GPtrArray) planned = g_ptr_array_new_with_free_func (planned_free);
  g_autoptr(GPtrArray) problems = jz_problems_new ();
  g_autoptr(GHashTable) persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) created = g_hash_table_new (g_str_hash, g_str_equal);
  JzCheckActor actor = { 0 };
  guint64 saved_hlc = self->hlc.last;
  gboolean writes = FALSE;
  guint64 hlc;
  GHashTableIter hiter;
  gpointer key;

  self->today = save->today;
  g_clear_pointer (&save->problems, g_ptr_array_unref);

  /* records created by this save, which later items may refer to */
  for (guint i = 0; i < save->items->len; i++)
    {
      JzSaveItem *item = g_ptr_array_index (save->items, i);

      if (item->create)
        g_hash_table_insert (created, item->id, item->rtype);
    }
  actor.role = device_role (self);
  actor.pending = created;

  for (guint i = 0; i < save->items->len; i++)
    {
      Planned *p = plan_item (self, &actor, g_ptr_array_index (save->items, i), problems);

      g_ptr_array_add (planned, p);
      writes |= p->n_clean > 0;
    }

  /* A clock that cannot be right comes first: nothing is stamped with it,
   * whatever else is wrong (the date goes into the records too). */
  if ((writes || problems->len > 0) && !save->dry_run)
    {
      g_autoptr(GError) clock_error = NULL;

      if (!_jz_store_clock_plausible (self, &clock_error))
        {
          save->problems = jz_problems_new ();
          jz_problems_add (save->problems, NULL, JZ_PROBLEM_CLOCK, "%s", clock_error->message);
          _jz_store_error_set_problems (clock_error, save->problems);
          g_propagate_error (error, g_steal_pointer (&clock_error));
          return NULL;
        }
    }

  if (problems->len > 0)
    {
      set_problems_error (problems, error);
      save->problems = g_steal_pointer (&problems);
      return NULL;
    }

  if (save->dry_run)
    return JZ_STORE_OK;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  _jz_store_clamp_hlc (self);
  hlc = jz_hlc_tick (&self->hlc, _jz_store_now_ms (self));

  for (guint i = 0; i < planned->len; i++)
    {
      Planned *p = g_ptr_array_index (planned, i);

      if (p->n_clean == 0)
        continue;
      if (!write_planned (self, save, p, hlc, error))
        goto fail;

      /* New persons reach the search index in the next catch-up; edits of
       * indexed ones (and their addresses) are indexed now. */
      if (g_str_equal (p->type->name, "person"))
        {
          if (!p->item->create)
            g_hash_table_add (persons, g_strdup (p->item->id));
        }
      else if (g_str_equal (p->type->name, "registration"))
        {
          const char *person = NULL;
          JsonNode *node = planned_get (p, "person_id");

          if (node != NULL)
            person = JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
          else if (p->current.values != NULL &&
                   json_object_has_member (p->current.values, "person_id"))
            person = json_object_get_string_member (p->current.values, "person_id");
          if (person != NULL && !g_hash_table_contains (created, person))
            g_hash_table_add (persons, g_strdup (person));
        }
    }

  g_hash_table_iter_init (&hiter, persons);
  while (g_hash_table_iter_next (&hiter, &key, NULL))
    if (!_jz_store_index_person (self, key, error))
      goto fail;

  for (guint i = 0; i < save->audits->len; i++)
    {
      JzSaveAudit *a = g_ptr_array_index (save->audits, i);

      if (!_jz_store_write_audit (self, save->author, a->action, a->rtype, a->record, a->detail, error))
        goto fail;
    }

  if (!_jz_store_persist_hlc (self, error) || !_jz_store_exec (self, "COMMIT", error))
    goto fail;

  _jz_store_note_changed (self);
  return JZ_STORE_OK;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  self->hlc.last = saved_hlc;
  return NULL;
}

/**
 * jz_save_get_problems:
 *
 * After jz_store_commit() or jz_store_validate() failed: what is wrong,
 * as data, each naming its field. NULL when the last attempt went through
 * (or failed for another reason, a database error).
 *
 * Returns: (transfer none) (element-type JzProblem) (nullable):
 */
GPtrArray *
jz_save_get_problems (JzSave *save)
{
  return save->problems;
}

/**
 * jz_store_commit:
 *
 * Validates every record of @save (all problems reported at once, one per
 * line, each naming its field) and writes them in one transaction.
 */
gboolean
jz_store_commit (JzStore  *self,
                 JzSave   *save,
                 GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

  return _jz_store_call (self, commit_on_thread, save, error) != NULL;
}

/* Checks @save as a commit would, writing nothing. */
gboolean
jz_store_validate (JzStore  *self,
                   JzSave   *save,
                   GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

  save->dry_run = TRUE;
  ok = _jz_store_call (self, commit_on_thread, save, error) != NULL;
  save->dry_run = FALSE;
  return ok;
}
