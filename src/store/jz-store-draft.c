/* jz-store-draft.c — unfinished forms, kept on this device only
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drafts are not records: no edit log, no outbox, no sync. A draft holds
 * personal data typed in the field, so it lives in the same database as
 * the records (same protection, same backups) and goes once the form is
 * saved for real or discarded.
 */
#include "config.h"

#include "jz-store-draft.h"
#include "jz-store-private.h"

typedef struct
{
  const char *id;
  const char *kind;
  JsonObject *body;
} DraftArgs;

static char *
now_text (JzStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (_jz_store_now_ms (self) / 1000);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gpointer
save_on_thread (JzStore  *self,
                gpointer  data,
                GError  **error)
{
  DraftArgs *args = data;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), args->body);
  g_autofree char *body = json_to_string (node, FALSE);
  g_autofree char *now = now_text (self);
  JzStmt *stmt;

  stmt = _jz_store_stmt (self,
                         "INSERT INTO draft (id, kind, body, created_at, updated_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?4) "
                         "ON CONFLICT (id) DO UPDATE SET kind = ?2, body = ?3, updated_at = ?4",
                         error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->id);
  jz_stmt_bind_text (stmt, 2, args->kind);
  jz_stmt_bind_text (stmt, 3, body);
  jz_stmt_bind_text (stmt, 4, now);
  return _jz_store_step_done (self, stmt, error) ? JZ_STORE_OK : NULL;
}

gboolean
jz_store_draft_save (JzStore     *self,
                     const char  *id,
                     const char  *kind,
                     JsonObject  *body,
                     GError     **error)
{
  DraftArgs args = { id, kind, body };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && *id != '\0', FALSE);
  g_return_val_if_fail (kind != NULL && *kind != '\0', FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  return _jz_store_call (self, save_on_thread, &args, error) != NULL;
}

static JsonObject *
parse_body (const char  *text,
            const char  *id,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   "draft %s: its saved contents are not a JSON object", id);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

typedef struct
{
  JsonObject *body;
  char       *kind;
} Loaded;

static gpointer
load_on_thread (JzStore  *self,
                gpointer  data,
                GError  **error)
{
  DraftArgs *args = data;
  JzStmt *stmt = _jz_store_stmt (self, "SELECT kind, body FROM draft WHERE id = ?", error);
  Loaded *out = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->id);
  rc = jz_stmt_step (stmt);
  if (rc == JZ_DB_ROW)
    {
      JsonObject *body = parse_body (jz_stmt_column_text (stmt, 1), args->id, error);

      if (body != NULL)
        {
          out = g_new0 (Loaded, 1);
          out->kind = g_strdup (jz_stmt_column_text (stmt, 0));
          out->body = body;
        }
    }
  else if (rc == JZ_DB_DONE)
    g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND,
                 "no draft with id %s (it was saved or discarded)", args->id);
  else
    _jz_store_set_sqlite_error (self, error);
  jz_stmt_reset (stmt);
  return out;
}

JsonObject *
jz_store_draft_load (JzStore     *self,
                     const char  *id,
                     char       **kind,
                     GError     **error)
{
  DraftArgs args = { id, NULL, NULL };
  Loaded *loaded;
  JsonObject *body;

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  loaded = _jz_store_call (self, load_on_thread, &args, error);
  if (loaded == NULL)
    return NULL;
  body = loaded->body;
  if (kind != NULL)
    *kind = g_steal_pointer (&loaded->kind);
  g_free (loaded->kind);
  g_free (loaded);
  return body;
}

static gpointer
list_on_thread (JzStore  *self,
                gpointer  data,
                GError  **error)
{
  DraftArgs *args = data;
  JzStmt *stmt;
  GPtrArray *out;
  int rc;

  stmt = _jz_store_stmt (self,
                         "SELECT id, kind, created_at, updated_at, body FROM draft "
                         "WHERE ?1 IS NULL OR kind = ?1 ORDER BY updated_at DESC, id DESC",
                         error);
  if (stmt == NULL)
    return NULL;
  if (args->kind != NULL)
    jz_stmt_bind_text (stmt, 1, args->kind);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while ((rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
      const char *id = jz_stmt_column_text (stmt, 0);
      JsonObject *body = parse_body (jz_stmt_column_text (stmt, 4), id, NULL);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", id);
      json_object_set_string_member (o, "kind", jz_stmt_column_text (stmt, 1));
      json_object_set_string_member (o, "created_at", jz_stmt_column_text (stmt, 2));
      json_object_set_string_member (o, "updated_at", jz_stmt_column_text (stmt, 3));
      /* A damaged body still lists, so the draft can be discarded. */
      json_object_set_object_member (o, "body", body ? body : json_object_new ());
      g_ptr_array_add (out, o);
    }
  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (self, error);
      g_clear_pointer (&out, g_ptr_array_unref);
    }
  jz_stmt_reset (stmt);
  return out;
}

GPtrArray *
jz_store_draft_list (JzStore     *self,
                     const char  *kind,
                     GError     **error)
{
  DraftArgs args = { NULL, kind, NULL };

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);

  return _jz_store_call (self, list_on_thread, &args, error);
}

static gpointer
delete_on_thread (JzStore  *self,
                  gpointer  data,
                  GError  **error)
{
  DraftArgs *args = data;
  JzStmt *stmt = _jz_store_stmt (self, "DELETE FROM draft WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->id);
  return _jz_store_step_done (self, stmt, error) ? JZ_STORE_OK : NULL;
}

gboolean
jz_store_draft_delete (JzStore     *self,
                       const char  *id,
                       GError     **error)
{
  DraftArgs args = { id, NULL, NULL };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return _jz_store_call (self, delete_on_thread, &args, error) != NULL;
}
