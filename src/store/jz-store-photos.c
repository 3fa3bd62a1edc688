/* jz-store-photos.c — every photo the store still refers to, for the
 * photo store's garbage collection (jz_photo_store_collect)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A photo is kept while anything on this device could still show it, choose
 * it again or push it:
 *   - the current value of a photo field (person.portrait, material.pages),
 *     deleted records included;
 *   - any value in the edit log of a record type with photo fields: an older
 *     value or the losing side of a conflict can be shown in the history and
 *     chosen again when the conflict is resolved;
 *   - any change set still to push (lseq above sync_acked_seq), whatever its
 *     type: the sync client uploads its photos before the push;
 *   - drafts of unfinished forms, anywhere in their body.
 * The scan is deliberately coarse: any run of exactly 64 hex digits in those
 * texts counts as a reference, so no JSON shape (nested conflict values, a
 * list inside a draft) can hide one. Keeping a photo too many costs a few
 * hundred kilobytes; deleting one too many loses a document.
 *
 * Everything is read in one read transaction, so a save that moves a photo
 * from a draft to a record while the scan runs is seen on one side or the
 * other.
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"

static inline gboolean
is_hex (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Adds every run of exactly 64 hex digits in @text (lower-cased) to @set. */
static void
scan_text (const char *text,
           gsize       len,
           GHashTable *set)
{
  gsize i = 0;

  if (text == NULL)
    return;

  while (i < len)
    {
      gsize start;

      if (!is_hex (text[i]))
        {
          i++;
          continue;
        }
      start = i;
      while (i < len && is_hex (text[i]))
        i++;
      if (i - start == 64)
        {
          char *sha = g_ascii_strdown (text + start, 64);

          g_hash_table_add (set, sha);
        }
    }
}

/* Runs @sql (one text column) and scans every row. */
static gboolean
scan_query (JzStore     *self,
            const char  *sql,
            gint64       bind,
            GHashTable  *set,
            GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (bind >= 0)
    jz_stmt_bind_int64 (stmt, 1, bind);
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    scan_text (jz_stmt_column_text (stmt, 0),
               (gsize) jz_stmt_column_bytes (stmt, 0), set);
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_all (JzStore     *self,
          GHashTable  *set,
          GError     **error)
{
  const JzRecordType *const *types;
  g_autoptr(GString) photo_types = g_string_new (NULL);
  g_autofree char *history_sql = NULL;
  guint n_types = 0;

  types = jz_model_types (&n_types);
  for (guint t = 0; t < n_types; t++)
    {
      const JzRecordType *type = types[t];
      gboolean has_photo = FALSE;

      for (guint f = 0; f < type->n_fields; f++)
        {
          const JzFieldDef *def = &type->fields[f];
          g_autofree char *sql = NULL;

          if (def->kind != JZ_FIELD_PHOTO && def->kind != JZ_FIELD_PHOTO_LIST)
            continue;
          has_photo = TRUE;
          /* Names come from the model, not from input. */
          sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE \"%s\" IS NOT NULL",
                                 def->name, type->table, def->name);
          if (!scan_query (self, sql, -1, set, error))
            return FALSE;
        }
      if (has_photo)
        g_string_append_printf (photo_types, "%s'%s'", photo_types->len > 0 ? ", " : "",
                                type->name);
    }

  if (photo_types->len > 0)
    {
      history_sql = g_strdup_printf ("SELECT edits FROM change_set WHERE rtype IN (%s)",
                                     photo_types->str);
      if (!scan_query (self, history_sql, -1, set, error))
        return FALSE;
    }

  /* Redundant with the history for the types above, but the outbox must
   * never lose a photo whatever the model says. */
  if (!scan_query (self, "SELECT edits FROM change_set WHERE lseq > ?",
                   _jz_store_acked_seq (self), set, error))
    return FALSE;

  return scan_query (self, "SELECT body FROM draft", -1, set, error);
}

static gpointer
photo_references_on_thread (JzStore  *self,
                            gpointer  data,
                            GError  **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!_jz_store_exec (self, "BEGIN", error))
    return NULL;
  if (!scan_all (self, set, error))
    {
      _jz_store_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  if (!_jz_store_exec (self, "COMMIT", error))
    {
      _jz_store_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  return g_steal_pointer (&set);
}

/**
 * jz_store_photo_references:
 *
 * Every photo this device must keep: the SHA-256 (lower-case hex) of each
 * photo named by a current record, by any value in the edit log of a record
 * type with photo fields, by a change set still to push, or by a draft.
 * Conservative: a 64-hex-digit string in those places counts even if it is
 * not a photo. Blocking; call it from a worker.
 *
 * Returns: (transfer full): a set (keys only) of hashes
 */
GHashTable *
jz_store_photo_references (JzStore  *self,
                           GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _jz_store_call (self, photo_references_on_thread, NULL, error);
}
