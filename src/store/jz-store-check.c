/* jz-store-check.c — one validation, wherever a change lands
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device runs these checks before it saves (jz-store-write.c), the
 * county server when a change set arrives (jz-county-check.c): the same
 * code on the same tables, since the server is a replica like any device.
 * A device that skips them, or lies, is caught by the server; a user is
 * told at once by the device. What the two do not share stays with them:
 * the device's "this field is in conflict" and "nothing changed", the
 * server's site, clock, scope and photo checks.
 *
 * In order: the record's type against the stored one; each written
 * field's value (_jz_validate_field); on a new record the required
 * fields; on an existing one the fields that, once set, never change; the
 * permission table (jz-model.c) for the author's role; the status against
 * the workflow; every reference: that it names a record of the
 * right type, and one of the same person. Every problem is reported,
 * each naming its field (jz-problem.h), the role's first.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "jz-store-private.h"

/* The validated value of @value for @def, or NULL with a problem. */
JsonNode *
_jz_store_check_field (JzStore            *self,
                       const JzRecordType *type,
                       const JzFieldDef   *def,
                       JsonNode           *value,
                       GPtrArray          *problems)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *clean = _jz_validate_field (self, type, def, value, &local_error);

  if (clean == NULL)
    jz_problems_add (problems, def->name, JZ_PROBLEM_INVALID_VALUE, "%s", local_error->message);
  return clean;
}

/* The type of @record in the store (a static name), or NULL when the
 * store has no change set of it. */
const char *
_jz_store_record_type (JzStore    *self,
                       const char *record)
{
  JzStmt *stmt = _jz_store_stmt (self, "SELECT rtype FROM change_set WHERE record = ? LIMIT 1", NULL);
  const JzRecordType *type = NULL;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, record);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    type = jz_model_lookup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return type ? type->name : NULL;
}

static gboolean
row_exists (JzStore            *self,
            const JzRecordType *type,
            const char         *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", type->table);
  JzStmt *stmt = _jz_store_stmt (self, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, id);
  found = jz_stmt_step (stmt) == JZ_DB_ROW;
  jz_stmt_reset (stmt);
  return found;
}

/* The person_id of record @id of @type (which has one), or NULL. */
static char *
person_of (JzStore            *self,
           const JzRecordType *type,
           const char         *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT person_id FROM %s WHERE id = ?", type->table);
  JzStmt *stmt = _jz_store_stmt (self, sql, NULL);
  char *person = NULL;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, id);
  if (jz_stmt_step (stmt) == JZ_DB_ROW && !jz_stmt_column_is_null (stmt, 0))
    person = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return person;
}

/* The ID number of person @id, or NULL. */
static char *
id_number_of (JzStore    *self,
              const char *id)
{
  JzStmt *stmt = _jz_store_stmt (self, "SELECT id_number FROM person WHERE id = ?", NULL);
  char *number = NULL;

  if (stmt == NULL || id == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, id);
  if (jz_stmt_step (stmt) == JZ_DB_ROW && !jz_stmt_column_is_null (stmt, 0))
    number = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return number;
}

static const char *
string_of (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((JzProblem *) problems->pdata[i])->field, field) == 0)
      return TRUE;
  return FALSE;
}

/* A record type in words, for messages a person reads. */
static const char *
type_label (const char *name)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "person", N_("person") },
    { "registration", N_("residence registration") },
    { "application", N_("permit application") },
    { "material", N_("application document") },
    { "permit", N_("residence permit") },
    { "endorsement", N_("endorsement") },
    { "notice", N_("notice") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].name, name) == 0)
      return _(labels[i].label);
  return name;
}

static const char *
role_label (JzRole role)
{
  switch (role)
    {
    case JZ_ROLE_COMMITTEE:
      return _("a committee's device");
    case JZ_ROLE_COUNTY:
      return _("the county office's device");
    case JZ_ROLE_LANDLORD:
      return _("a landlord's device");
    case JZ_ROLE_EMPLOYER:
      return _("an employer's device");
    default:
      return _("this device");
    }
}

static void
check_references (JzStore             *self,
                  const JzCheckActor  *actor,
                  const JzRecordType  *type,
                  JsonObject          *current,
                  JsonNode *const     *values,
                  GPtrArray           *problems)
{
  const JzFieldDef *person_def = jz_record_type_field (type, "person_id");
  const char *person = NULL;

  if (person_def != NULL)
    {
      JsonNode *given = values[person_def - type->fields];

      person = given ? string_of (given) : current ? string_of (json_object_get_member (current, "person_id")) : NULL;
    }

  for (guint i = 0; i < type->n_fields; i++)
    {
      const JzFieldDef *def = &type->fields[i];
      const JzRecordType *target;
      const char *ref, *pending;
      g_autofree char *theirs = NULL;

      if (def->kind != JZ_FIELD_REF || values[i] == NULL || (ref = string_of (values[i])) == NULL)
        continue;
      target = jz_model_lookup (def->ref_type);
      pending = actor->pending ? g_hash_table_lookup (actor->pending, ref) : NULL;
      if (g_strcmp0 (pending, target->name) == 0)
        continue;   /* created by the same save */
      if (!row_exists (self, target, ref))
        {
          const char *other = _jz_store_record_type (self, ref);

          if (other != NULL)
            jz_problems_add (problems, def->name, JZ_PROBLEM_REFERENCE,
                             _("%s: %s is a %s, not a %s"), def->name, ref, type_label (other),
                             type_label (target->name));
          else
            jz_problems_add (problems, def->name, JZ_PROBLEM_REFERENCE,
                             "%s: no %s with id %s", def->name, target->name, ref);
          continue;
        }

      /* An application's registration and permit, a permit's application:
       * the same person's, never someone else's. */
      if (person != NULL && def != person_def && jz_record_type_field (target, "person_id") != NULL &&
          (theirs = person_of (self, target, ref)) != NULL && g_strcmp0 (theirs, person) != 0)
        jz_problems_add (problems, def->name, JZ_PROBLEM_REFERENCE,
                         _("%s: %s %s belongs to another person"), def->name,
                         type_label (target->name), ref);
    }
}

static void
check_permissions (const JzCheckActor  *actor,
                   const JzRecordType  *type,
                   JsonObject          *current,
                   JsonNode *const     *values,
                   GPtrArray           *problems)
{
  const JzPermission *record_row = jz_permission_find (type, NULL, NULL, NULL);

  if (current == NULL && !(record_row->roles & actor->role))
    {
      jz_problems_add (problems, NULL, JZ_PROBLEM_ROLE,
                       _("%s: %s may not create one: %s"),
                       type_label (type->name), role_label (actor->role), record_row->basis);
      return;
    }

  for (guint i = 0; i < type->n_fields; i++)
    {
      const JzFieldDef *def = &type->fields[i];
      const JzPermission *row;

      if (values[i] == NULL)
        continue;
      if (def->kind == JZ_FIELD_STATUS)
        {
          const char *from = current ? string_of (json_object_get_member (current, def->name)) : NULL;
          const char *to = string_of (values[i]);

          /* the state a new record starts in is its creation's */
          if (current == NULL && g_strcmp0 (to, type->initial_status) == 0)
            continue;
          row = jz_permission_find (type, def->name, from, to);
        }
      else
        row = jz_permission_for_field (type, def);
      if (row == record_row && current == NULL)
        continue;   /* allowed with the record */
      if (!(row->roles & actor->role))
        jz_problems_add (problems, def->name, JZ_PROBLEM_ROLE,
                         _("%s: %s may not write it: %s"),
                         def->name, role_label (actor->role), row->basis);
    }
}

/* Dates of one record that come in an order, whatever device wrote them:
 * the server checks them as the device's registry does. */
static const struct
{
  const char *rtype, *earlier, *later;
} date_orders[] = {
  { "registration", "arrival_date", "registered_on" },
  { "registration", "arrival_date", "departed_on" },
  { "application", "moved_on", "applied_on" },
  { "application", "applied_on", "accepted_on" },
  { "application", "accepted_on", "issued_on" },
  { "application", "applied_on", "closed_on" },
  { "permit", "issued_on", "suspended_on" },
};

/* The value @field will have: written by this change, or as stored */
static const char *
date_after (const JzRecordType *type,
            JsonObject         *current,
            JsonNode *const    *values,
            const char         *field,
            gboolean           *written)
{
  for (guint i = 0; i < type->n_fields; i++)
    if (g_str_equal (type->fields[i].name, field))
      {
        if (values[i] != NULL)
          {
            *written = TRUE;
            return string_of (values[i]);
          }
        return current ? string_of (json_object_get_member (current, field)) : NULL;
      }
  return NULL;
}

static void
check_date_order (const JzRecordType *type,
                  JsonObject         *current,
                  JsonNode *const    *values,
                  GPtrArray          *problems)
{
  for (guint i = 0; i < G_N_ELEMENTS (date_orders); i++)
    {
      gboolean written = FALSE;
      const char *earlier, *later;

      if (!g_str_equal (date_orders[i].rtype, type->name))
        continue;
      earlier = date_after (type, current, values, date_orders[i].earlier, &written);
      later = date_after (type, current, values, date_orders[i].later, &written);
      /* ISO dates compare as text; a pair this change leaves alone is not
       * this change's problem */
      if (written && earlier != NULL && later != NULL && strcmp (earlier, later) > 0 &&
          !has_problem (problems, date_orders[i].later))
        jz_problems_add (problems, date_orders[i].later, JZ_PROBLEM_INVALID_VALUE,
                         _("%s: %s is before %s (%s)"), date_orders[i].later, later,
                         date_orders[i].earlier, earlier);
    }
}

/* A merge (jz_registry_merge_persons) moves a record from one record of a
 * person to the other, which has the same ID number: that is the county
 * office's to do (or a device of no role: the county's own PC), and the
 * only way a record changes person. */
static gboolean
is_merge_move (JzStore            *self,
               const JzCheckActor *actor,
               const JzFieldDef   *def,
               JsonNode           *old,
               JsonNode           *value)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (!g_str_equal (def->name, "person_id") || (actor->role != 0 && !(actor->role & JZ_ROLE_COUNTY)))
    return FALSE;
  from = id_number_of (self, string_of (old));
  to = id_number_of (self, string_of (value));
  return from != NULL && to != NULL && g_str_equal (from, to);
}

/* A person is merged only into another record of the same ID number that
 * is not merged itself: a merge never hides one person behind another. */
static void
check_merged_into (JzStore             *self,
                   const JzRecordType  *type,
                   const char          *record,
                   JsonObject          *current,
                   JsonNode *const     *values,
                   GPtrArray           *problems)
{
  const JzFieldDef *def = jz_record_type_field (type, "merged_into");
  const JzFieldDef *id_def = jz_record_type_field (type, "id_number");
  const char *into, *own;
  g_autofree char *theirs = NULL;
  g_autofree char *further = NULL;
  JzStmt *stmt;

  if (def == NULL || values[def - type->fields] == NULL ||
      (into = string_of (values[def - type->fields])) == NULL)
    return;
  own = values[id_def - type->fields] != NULL ? string_of (values[id_def - type->fields])
      : current != NULL ? string_of (json_object_get_member (current, "id_number")) : NULL;
  if (g_strcmp0 (into, record) == 0)
    {
      jz_problems_add (problems, "merged_into", JZ_PROBLEM_INVALID_VALUE,
                       _("merged_into: a person is not merged into itself"));
      return;
    }
  theirs = id_number_of (self, into);
  if (theirs == NULL || g_strcmp0 (theirs, own) != 0)
    {
      jz_problems_add (problems, "merged_into", JZ_PROBLEM_INVALID_VALUE,
                       _("merged_into: %s is not a record of the same ID number"), into);
      return;
    }
  stmt = _jz_store_stmt (self, "SELECT merged_into FROM person WHERE id = ?", NULL);
  if (stmt == NULL)
    return;
  jz_stmt_bind_text (stmt, 1, into);
  if (jz_stmt_step (stmt) == JZ_DB_ROW && !jz_stmt_column_is_null (stmt, 0))
    further = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  if (further != NULL)
    jz_problems_add (problems, "merged_into", JZ_PROBLEM_INVALID_VALUE,
                     _("merged_into: %s was itself merged into %s"), into, further);
}

/**
 * _jz_store_check_change:
 * @current: (nullable): the record's values as stored, NULL for a new one
 * @values: per field of @type (model order), the validated value written,
 *   or NULL for a field not written
 * @problems: (element-type JzProblem): where problems are added
 *
 * The checks the device and the server share (see the top of the file).
 */
void
_jz_store_check_change (JzStore             *self,
                        const JzCheckActor  *actor,
                        const JzRecordType  *type,
                        const char          *record,
                        JsonObject          *current,
                        JsonNode *const     *values,
                        GPtrArray           *problems)
{
  const char *stored = NULL;

  /* A record this very save creates has an id the device just made (a
   * UUIDv7): nothing can be stored under it. Anything else is looked up. */
  if (current != NULL || actor->pending == NULL ||
      g_strcmp0 (g_hash_table_lookup (actor->pending, record), type->name) != 0)
    stored = _jz_store_record_type (self, record);
  if (stored != NULL && !g_str_equal (stored, type->name))
    {
      /* nothing else means anything on a record of another type */
      jz_problems_add (problems, NULL, JZ_PROBLEM_TYPE,
                       _("%s %s: this record is a %s, not a %s"), type_label (type->name), record,
                       type_label (stored), type_label (type->name));
      return;
    }

  /* who may do it at all comes before whether it may be done now */
  if (actor->role != 0)
    check_permissions (actor, type, current, values, problems);

  for (guint i = 0; i < type->n_fields; i++)
    {
      const JzFieldDef *def = &type->fields[i];
      JsonNode *value = values[i];

      if (current == NULL)
        {
          gboolean missing = value == NULL || JSON_NODE_HOLDS_NULL (value);

          if (missing && (def->required || (def->kind == JZ_FIELD_STATUS && type->initial_status != NULL)) &&
              !has_problem (problems, def->name))
            jz_problems_add (problems, def->name, JZ_PROBLEM_REQUIRED,
                             "%s: required for a new %s", def->name, type->name);
          continue;
        }
      if (value == NULL)
        continue;
      if (def->immutable)
        {
          JsonNode *old = json_object_get_member (current, def->name);

          /* set once, then never changed; but for a merge */
          if (old != NULL && !JSON_NODE_HOLDS_NULL (old) && !json_node_equal (old, value) &&
              !is_merge_move (self, actor, def, old, value))
            jz_problems_add (problems, def->name, JZ_PROBLEM_IMMUTABLE,
                             "%s: cannot be changed once set", def->name);
        }
    }

  for (guint i = 0; i < type->n_fields; i++)
    {
      const JzFieldDef *def = &type->fields[i];
      const char *from, *to;

      if (def->kind != JZ_FIELD_STATUS || values[i] == NULL)
        continue;
      /* a state is left by a transition, never removed */
      if ((to = string_of (values[i])) == NULL)
        {
          jz_problems_add (problems, def->name, JZ_PROBLEM_INVALID_VALUE,
                           "%s: a status cannot be removed", def->name);
          continue;
        }
      from = current ? string_of (json_object_get_member (current, def->name)) : NULL;
      if (g_strcmp0 (from, to) != 0 && !jz_record_type_allows (type, from, to))
        jz_problems_add (problems, def->name, JZ_PROBLEM_WORKFLOW,
                         "status: a %s cannot go from %s to %s", type->name,
                         from ? from : "nothing", to);
    }

  check_date_order (type, current, values, problems);
  check_references (self, actor, type, current, values, problems);
  check_merged_into (self, type, record, current, values, problems);
}
