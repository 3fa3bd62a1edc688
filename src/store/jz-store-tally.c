/* jz-store-tally.c — records counted by a date range and a grouping field
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The monthly report's counts (registrations made, departures, permits
 * issued…): one GROUP BY on the store thread rather than every record
 * read into memory. Dates are stored as YYYY-MM-DD text, so a range is a
 * comparison of strings. The statement is made of the model's own table
 * and field names, checked against the model; the values are bound.
 */
#include "config.h"

#include "jz-store-private.h"

typedef struct
{
  const JzRecordType *type;
  const char *date_field;
  const char *from;
  const char *to;
  const char *group_by;
  const char *status;
} TallyArgs;

static gpointer
tally_on_thread (JzStore  *self,
                 gpointer  data,
                 GError  **error)
{
  TallyArgs *args = data;
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JzStmt *stmt;
  int rc;

  /* NULL and '' are one group: "not recorded" */
  if (args->group_by != NULL)
    {
      g_string_append (sql, "coalesce (");
      g_string_append (sql, args->group_by);
      g_string_append (sql, ", '')");
    }
  else
    g_string_append (sql, "''");
  g_string_append (sql, ", count(*) FROM ");
  g_string_append (sql, args->type->table);
  g_string_append (sql, " WHERE ");
  g_string_append (sql, args->date_field);
  g_string_append (sql, " BETWEEN ?1 AND ?2");
  if (args->status != NULL)
    g_string_append (sql, " AND status = ?3");
  /* a record deleted as a mistake (an endorsement entered twice) */
  if (jz_record_type_field (args->type, "deleted") != NULL)
    g_string_append (sql, " AND coalesce (deleted, 0) = 0");
  g_string_append (sql, " GROUP BY 1");

  stmt = _jz_store_stmt (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->from);
  jz_stmt_bind_text (stmt, 2, args->to);
  if (args->status != NULL)
    jz_stmt_bind_text (stmt, 3, args->status);
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      const char *group = jz_stmt_column_text (stmt, 0);

      g_hash_table_insert (out, g_strdup (group ? group : ""),
                           GSIZE_TO_POINTER ((gsize) jz_stmt_column_int64 (stmt, 1)));
    }
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
check_field (const JzRecordType  *type,
             const char          *name,
             gboolean             date,
             GError             **error)
{
  const JzFieldDef *field = jz_record_type_field (type, name);

  if (field == NULL || (date && field->kind != JZ_FIELD_DATE))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   date ? "“%s” is not a date of a %s" : "“%s” is not a field of a %s",
                   name, type->name);
      return FALSE;
    }
  return TRUE;
}

/**
 * jz_store_tally:
 * @date_field: a date field of @rtype
 * @from: (nullable): the first day counted, YYYY-MM-DD
 * @to: the last day counted
 * @group_by: (nullable): a field of @rtype to count by, or %NULL for one count
 * @status: (nullable): only records in this status
 *
 * Records deleted as mistakes are not counted.
 *
 * Returns: (transfer full): the counts by @group_by's value ("" where it is
 * empty, and the one key "" without @group_by), each a gsize in a pointer;
 * %NULL with @error set.
 */
GHashTable *
jz_store_tally (JzStore     *self,
                const char  *rtype,
                const char  *date_field,
                const char  *from,
                const char  *to,
                const char  *group_by,
                const char  *status,
                GError     **error)
{
  TallyArgs args = { jz_model_lookup (rtype), date_field, from ? from : "", to, group_by, status };

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  g_return_val_if_fail (to != NULL, NULL);
  if (args.type == NULL)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "“%s” is not a record type", rtype);
      return NULL;
    }
  if (!check_field (args.type, date_field, TRUE, error) ||
      (group_by != NULL && !check_field (args.type, group_by, FALSE, error)) ||
      (status != NULL && !check_field (args.type, "status", FALSE, error)))
    return NULL;
  return _jz_store_call (self, tally_on_thread, &args, error);
}
