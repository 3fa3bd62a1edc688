/* jz-registry-merge.c — two records of one person made one
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two devices that did not know of each other can each record the same
 * person (the same ID number): a landlord's report and the station's
 * declaration, two committees before a sync. The county server flags
 * them (`juzhu-server duplicates`), and the county office's device lists
 * them (jz_store_list_duplicates()). Merging keeps one record: the other's
 * registrations, applications and permits move to it (their person_id
 * changes, which the store allows for this alone: the same ID number, the
 * county's device), blanks of the kept person are filled from the other,
 * and the other says whom it was merged into and is no longer listed.
 * Every record keeps its history; the merge is one save, audited, and
 * syncs like any other.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-id-number.h"
#include "jz-registry-private.h"

/* What the kept record takes from the other where it has nothing */
static const char *fill_fields[] = {
  "name", "sex", "ethnicity", "birth_date", "hukou_division", "hukou_address", "phone",
  "portrait", "limited_mobility", "disabled", "notes",
};

static const char *moved_types[] = { "registration", "application", "permit" };

typedef struct
{
  const char  *keep_id;
  const char  *other_id;
  const GDate *today;
  const char  *author;
  JsonObject  *result;
} MergeCall;

/* Two registrations in force after the merge: the newer stays, the ids
 * of the others go into @to_end. */
static void
find_older_active (GPtrArray  *kept_regs,
                   GPtrArray  *moved_regs,
                   GHashTable *to_end)
{
  JsonObject *newest = NULL;
  g_autoptr(GPtrArray) active = g_ptr_array_new ();

  for (guint k = 0; k < 2; k++)
    {
      GPtrArray *regs = k == 0 ? kept_regs : moved_regs;

      for (guint i = 0; i < regs->len; i++)
        if (g_strcmp0 (_jz_obj_string (regs->pdata[i], "status"), "active") == 0)
          g_ptr_array_add (active, regs->pdata[i]);
    }
  for (guint i = 0; i < active->len; i++)
    if (newest == NULL ||
        g_strcmp0 (_jz_obj_string (active->pdata[i], "registered_on"), _jz_obj_string (newest, "registered_on")) > 0)
      newest = active->pdata[i];
  for (guint i = 0; i < active->len; i++)
    if (active->pdata[i] != newest)
      g_hash_table_add (to_end, (gpointer) _jz_obj_string (active->pdata[i], "id"));
}

static gboolean
merge_in_tx (JzRegistry  *self,
             gpointer     data,
             GError     **error)
{
  MergeCall *call = data;
  g_autoptr(JsonObject) keep = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) fill = json_object_new ();
  g_autoptr(JsonObject) mark = json_object_new ();
  g_autoptr(JzSave) save = jz_save_new_on (call->author, call->today);
  g_autoptr(GPtrArray) kept_regs = NULL;
  g_autoptr(GPtrArray) moved_regs = NULL;
  g_autoptr(GHashTable) to_end = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *moved = json_array_new ();
  JsonArray *ended = json_array_new ();
  JzProblems problems;

  call->result = json_object_new ();
  json_object_set_array_member (call->result, "moved", moved);
  json_object_set_array_member (call->result, "ended", ended);

  if (g_strcmp0 (call->keep_id, call->other_id) == 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   _("a person is merged with another record of the same person, not with itself"));
      return FALSE;
    }
  keep = _jz_registry_get (self, "person", call->keep_id, error);
  if (keep == NULL)
    return FALSE;
  other = _jz_registry_get (self, "person", call->other_id, error);
  if (other == NULL)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *p = i == 0 ? keep : other;

      if (_jz_obj_string (p, "merged_into") != NULL)
        {
          g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                       _("person %s was already merged into %s"), _jz_obj_string (p, "id"),
                       _jz_obj_string (p, "merged_into"));
          return FALSE;
        }
      if (!_jz_registry_check_disputed (self, p, C_("action", "merge the records"), error))
        return FALSE;
    }

  _jz_problems_init (&problems);
  if (g_strcmp0 (_jz_obj_string (keep, "id_number"), _jz_obj_string (other, "id_number")) != 0)
    {
      g_autofree char *a = jz_id_number_mask (_jz_obj_string (keep, "id_number") ?: "");
      g_autofree char *b = jz_id_number_mask (_jz_obj_string (other, "id_number") ?: "");

      _jz_problems_add (&problems, "id_number", JZ_PROBLEM_INVALID_VALUE,
                        _("id_number: %s and %s are two people; only two records of one ID number "
                          "are merged"), a, b);
    }
  if (_jz_problems_fail (&problems, error))
    return FALSE;

  /* the kept record's blanks, from the other */
  for (guint i = 0; i < G_N_ELEMENTS (fill_fields); i++)
    {
      JsonNode *had = json_object_get_member (keep, fill_fields[i]);
      JsonNode *theirs = json_object_get_member (other, fill_fields[i]);

      if ((had == NULL || JSON_NODE_HOLDS_NULL (had)) && theirs != NULL && !JSON_NODE_HOLDS_NULL (theirs))
        json_object_set_member (fill, fill_fields[i], json_node_copy (theirs));
    }
  if (json_object_get_size (fill) > 0)
    jz_save_update (save, "person", call->keep_id, fill);

  /* the other's records move to the kept one; of two registrations in
   * force the newer stays. One change per record (a save writes each
   * record once). */
  kept_regs = jz_store_list (self->store, "registration", "person_id", call->keep_id, 0, error);
  if (kept_regs == NULL)
    return FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (moved_types); t++)
    {
      g_autoptr(GPtrArray) rows = jz_store_list (self->store, moved_types[t], "person_id", call->other_id, 0, error);

      if (rows == NULL)
        return FALSE;
      if (t == 0)
        {
          moved_regs = g_ptr_array_ref (rows);
          find_older_active (kept_regs, moved_regs, to_end);
        }
      for (guint i = 0; i < rows->len; i++)
        {
          g_autoptr(JsonObject) change = json_object_new ();
          const char *id = _jz_obj_string (rows->pdata[i], "id");

          json_object_set_string_member (change, "person_id", call->keep_id);
          if (t == 0 && g_hash_table_contains (to_end, id))
            {
              json_object_set_string_member (change, "status", "ended");
              json_array_add_string_element (ended, id);
            }
          jz_save_update (save, moved_types[t], id, change);
          json_array_add_string_element (moved, id);
        }
    }
  for (guint i = 0; i < kept_regs->len; i++)
    {
      const char *id = _jz_obj_string (kept_regs->pdata[i], "id");

      if (g_hash_table_contains (to_end, id))
        {
          g_autoptr(JsonObject) change = json_object_new ();

          json_object_set_string_member (change, "status", "ended");
          jz_save_update (save, "registration", id, change);
          json_array_add_string_element (ended, id);
        }
    }

  json_object_set_string_member (mark, "merged_into", call->keep_id);
  jz_save_update (save, "person", call->other_id, mark);
  jz_save_audit (save, "merge", "person", call->keep_id, call->other_id);

  _jz_problems_init (&problems);
  if (!_jz_registry_validate_save (self, save, &problems, error))
    return FALSE;
  if (!jz_store_commit (self->store, save, error))
    return FALSE;
  json_object_set_string_member (call->result, "kept", call->keep_id);
  json_object_set_string_member (call->result, "merged", call->other_id);
  return TRUE;
}

/**
 * jz_registry_merge_persons:
 * @keep_id: the person record that stays
 * @other_id: the other record of the same person (the same ID number)
 *
 * Makes two records of one person one, in one transaction: @other_id's
 * registrations, applications and permits move to @keep_id (with their
 * materials, notices and endorsements, which hang on them), @keep_id's
 * empty fields take @other_id's values, of two registrations in force
 * the newer stays, and @other_id is marked merged into @keep_id (no
 * longer listed or found by its ID number). The county office's to do:
 * a device of another role is refused by the permission table.
 *
 * Returns: (transfer full): {kept, merged, moved: [record ids], ended:
 *   [registration ids]}
 */
JsonObject *
jz_registry_merge_persons (JzRegistry   *self,
                           const char   *keep_id,
                           const char   *other_id,
                           const GDate  *today,
                           const char   *author,
                           GError      **error)
{
  MergeCall call = { keep_id, other_id, today, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (keep_id != NULL && other_id != NULL && today != NULL, NULL);

  if (!_jz_registry_transact (self, merge_in_tx, &call, error))
    {
      g_clear_pointer (&call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}
