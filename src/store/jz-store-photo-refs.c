/* jz-store-photo-refs.c — the photos change sets name: those the outbox
 * will push (to upload first) and those a record refers to (to fetch)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"

/* Only the change sets whose edits name a photo field are parsed: most
 * pending person records have no portrait, and parsing each one's edits
 * to learn that was a quarter of a push's time. The field names are
 * looked for in the text first (SQLite's instr()), which is cheap. */
#define PHOTO_EDITS \
  "((rtype = 'material' AND instr (edits, '\"pages\"') > 0) OR " \
  " (rtype = 'person' AND instr (edits, '\"portrait\"') > 0))"

static void
add_hashes (JsonNode   *node,
            GHashTable *seen,
            GPtrArray  *out)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "v");
  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        add_hashes (json_array_get_element (a, i), seen, out);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *hash = json_node_get_string (node);

      if (strlen (hash) == 64 && g_hash_table_add (seen, g_strdup (hash)))
        g_ptr_array_add (out, g_strdup (hash));
    }
}

/* The first outbox seq of the save (same stamp, consecutive) that holds
 * outbox row @seq. */
static gint64
save_start (JzStore  *self,
            gint64    seq,
            gint64    hlc,
            gint64    after,
            GError  **error)
{
  JzStmt *stmt = _jz_store_stmt (self,
                                       "SELECT lseq, hlc FROM change_set WHERE lseq < ? AND lseq > ? "
                                       "ORDER BY lseq DESC", error);
  gint64 start = seq;
  int rc;

  if (stmt == NULL)
    return -1;
  jz_stmt_bind_int64 (stmt, 1, seq);
  jz_stmt_bind_int64 (stmt, 2, MAX (after, _jz_store_acked_seq (self)));
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW && jz_stmt_column_int64 (stmt, 1) == hlc)
    start = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE && rc != JZ_DB_ROW)
    {
      _jz_store_set_sqlite_error (self, error);
      return -1;
    }
  return start;
}

static gpointer
outbox_photo_refs_on_thread (JzStore  *self,
                             gpointer  data,
                             GError  **error)
{
  gint64 after = MAX (*(gint64 *) data, 0);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *out;
  JzStmt *stmt;
  int rc;

  stmt = _jz_store_stmt (self,
                         "SELECT lseq, hlc, rtype, edits FROM change_set "
                         "WHERE lseq > ? AND " PHOTO_EDITS " ORDER BY lseq", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_int64 (stmt, 1, MAX (after, _jz_store_acked_seq (self)));
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      const char *field = g_str_equal (jz_stmt_column_text (stmt, 2), "material")
        ? "pages" : "portrait";
      g_autoptr(JsonNode) edits = json_from_string (jz_stmt_column_text (stmt, 3), NULL);
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
      JsonObject *row;
      JsonArray *photos;

      if (edits != NULL && JSON_NODE_HOLDS_OBJECT (edits))
        add_hashes (json_object_get_member (json_node_get_object (edits), field), seen, hashes);
      if (hashes->len == 0)
        continue;
      row = json_object_new ();
      json_object_set_int_member (row, "seq", jz_stmt_column_int64 (stmt, 0));
      json_object_set_int_member (row, "hlc", jz_stmt_column_int64 (stmt, 1));
      photos = json_array_new ();
      for (guint i = 0; i < hashes->len; i++)
        json_array_add_string_element (photos, hashes->pdata[i]);
      json_object_set_array_member (row, "photos", photos);
      g_ptr_array_add (rows, row);
    }
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      return NULL;
    }

  /* The statement is reset before the save lookups, which use another. */
  out = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = rows->pdata[i];
      gint64 start = save_start (self, json_object_get_int_member (row, "seq"),
                                 json_object_get_int_member (row, "hlc"), after, error);

      if (start < 0)
        {
          json_array_unref (out);
          return NULL;
        }
      json_object_set_int_member (row, "save_seq", start);
      json_array_add_object_element (out, json_object_ref (row));
    }
  return out;
}

/**
 * jz_store_outbox_photo_refs:
 * @after_seq: the acknowledged seq; change sets above it are looked at
 *
 * The change sets still to push that reference photos (material pages,
 * person portraits), oldest first, as {"seq", "hlc", "save_seq" (the
 * first seq of the save it belongs to), "photos": [sha256, …]}.
 */
JsonArray *
jz_store_outbox_photo_refs (JzStore  *self,
                            gint64    after_seq,
                            GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);

  return _jz_store_call (self, outbox_photo_refs_on_thread, &after_seq, error);
}

static gpointer
photo_refs_on_thread (JzStore  *self,
                      gpointer  data,
                      GError  **error)
{
  gint64 after = *(gint64 *) data;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out;
  JzStmt *stmt;
  int rc;

  if (after < 0)
    stmt = _jz_store_stmt (self,
                           "SELECT rtype, edits FROM change_set "
                           "WHERE " PHOTO_EDITS " ORDER BY id", error);
  else
    stmt = _jz_store_stmt (self,
                           "SELECT rtype, edits FROM change_set "
                           "WHERE lseq > ? AND " PHOTO_EDITS " ORDER BY lseq", error);
  if (stmt == NULL)
    return NULL;
  if (after >= 0)
    jz_stmt_bind_int64 (stmt, 1, MAX (after, _jz_store_acked_seq (self)));

  out = g_ptr_array_new_with_free_func (g_free);
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      const char *field = g_str_equal (jz_stmt_column_text (stmt, 0), "material")
        ? "pages" : "portrait";
      g_autoptr(JsonNode) edits = json_from_string (jz_stmt_column_text (stmt, 1), NULL);

      if (edits != NULL && JSON_NODE_HOLDS_OBJECT (edits))
        add_hashes (json_object_get_member (json_node_get_object (edits), field), seen, out);
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

/**
 * jz_store_photo_refs:
 * @after_outbox_seq: the photos of the change sets still to push (above
 *   this outbox seq), or -1 for every photo any change set references
 *
 * SHA-256 hashes (hex) of the photos referenced by material pages and
 * person portraits, in order of first reference, each once.
 */
GPtrArray *
jz_store_photo_refs (JzStore  *self,
                     gint64    after_outbox_seq,
                     GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), NULL);

  return _jz_store_call (self, photo_refs_on_thread, &after_outbox_seq, error);
}

