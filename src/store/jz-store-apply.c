/* jz-store-apply.c — change sets from elsewhere: a pulled page (or another
 * device's export) read, checked and applied with the cursor it ends at,
 * in one transaction; queued so that the next page is fetched meanwhile
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The merge itself (re-deriving a record from its change sets) is
 * jz-store-merge.c.
 */
#include "config.h"

#include <string.h>

#include "jz-store-private.h"
#include "jz-test-crash.h"

/* ---- remote change sets ------------------------------------------------ */

typedef struct
{
  JzStorePage *page;       /* read already, on the caller's thread */
  guint       applied;
  const char *meta_key;    /* (nullable): written in the same transaction */
  const char *meta_value;
  guint64     observe;     /* a stamp to feed into the clock, or 0 */
} ApplyArgs;

static gpointer
apply_on_thread (JzStore  *self,
                 gpointer  data,
                 GError  **error)
{
  ApplyArgs *args = data;
  JzStorePage *page = args->page;
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* record → its JzPageSet, for records this page brings in whole */
  g_autoptr(GHashTable) fresh_sets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 saved_hlc = self->hlc.last;
  guint64 ceiling;
  GHashTableIter iter;
  gpointer key, value;

  if (page->error != NULL)
    {
      g_propagate_error (error, g_error_copy (page->error));
      return NULL;
    }

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  args->applied = 0;
  ceiling = _jz_store_hlc_ceiling (self);
  for (guint i = 0; i < page->sets->len; i++)
    {
      JzPageSet *set = &g_array_index (page->sets, JzPageSet, i);
      JzChangeSet *cs = set->cs;
      gboolean inserted = FALSE, fresh = FALSE;

      if (!_jz_store_write_change_set_text_remote (self, cs, set->text, set->elidable,
                                                   &inserted, &fresh, error))
        goto fail;
      /* a stamp from further ahead than the county allows is kept, not
       * believed (one pushed before the server bounded them) */
      if (cs->hlc <= ceiling)
        jz_hlc_observe (&self->hlc, cs->hlc);
      if (inserted)
        {
          args->applied++;
          g_hash_table_insert (touched, g_strdup (cs->record), (gpointer) jz_model_lookup (cs->rtype));
          /* a second change set of the record: merge from the log */
          if (fresh)
            g_hash_table_insert (fresh_sets, cs->record, set);
          else
            g_hash_table_remove (fresh_sets, cs->record);
        }
    }

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const JzRecordType *type = value;
      JzPageSet *set = g_hash_table_lookup (fresh_sets, key);

      if (set != NULL && set->row != NULL
          ? !_jz_store_materialise_row (self, type, key, set->cs->hlc, set->row, error)
          : !_jz_store_materialise_from (self, type, key, set != NULL ? set->cs : NULL, error))
        goto fail;
      if (g_str_equal (type->name, "person"))
        g_hash_table_add (persons, g_strdup (key));
      else if (g_str_equal (type->name, "registration"))
        {
          const JzFieldDef *def = jz_record_type_field (type, "person_id");
          JzStmt *stmt;

          /* a registration new here: its person is in the row just written */
          if (set != NULL && set->row != NULL && def != NULL &&
              set->row[def - type->fields].kind == JZ_ROW_TEXT)
            {
              g_hash_table_add (persons, g_strdup (set->row[def - type->fields].text));
              continue;
            }
          stmt = _jz_store_stmt (self, "SELECT person_id FROM registration WHERE id = ?", error);
          if (stmt == NULL)
            goto fail;
          jz_stmt_bind_text (stmt, 1, key);
          if (jz_stmt_step (stmt) == JZ_DB_ROW && jz_stmt_column_text (stmt, 0) != NULL)
            g_hash_table_add (persons, g_strdup (jz_stmt_column_text (stmt, 0)));
          jz_stmt_reset (stmt);
        }
    }

  g_hash_table_iter_init (&iter, persons);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!_jz_store_index_person (self, key, error))
      goto fail;

  /* A pull cursor moves with the page it follows, or not at all. */
  if (args->meta_key != NULL)
    {
      JzStmt *stmt = _jz_store_stmt (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

      if (stmt == NULL)
        goto fail;
      jz_stmt_bind_text (stmt, 1, args->meta_key);
      jz_stmt_bind_text (stmt, 2, args->meta_value);
      if (!_jz_store_step_done (self, stmt, error))
        goto fail;
    }
  if (args->observe > 0 && args->observe <= ceiling)
    jz_hlc_observe (&self->hlc, args->observe);

  if (args->meta_key != NULL)
    jz_test_crash_point ("mid-pull");   /* test hook: jz-test-crash.h */
  if (!_jz_store_persist_hlc (self, error) || !_jz_store_exec (self, "COMMIT", error))
    goto fail;

  if (args->applied > 0)
    _jz_store_note_changed (self);
  return JZ_STORE_OK;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  self->hlc.last = saved_hlc;
  return NULL;
}

/* Another device's export, or a test's page: the text the page reader reads */
static JzStorePage *
read_array (JsonArray  *sets,
            const char *seq_member)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), sets);
  g_autofree char *text = json_to_string (node, FALSE);

  return _jz_store_page_read (text, strlen (text), seq_member);
}

gboolean
jz_store_apply_remote (JzStore    *self,
                       JsonArray  *change_sets,
                       guint      *n_applied,
                       GError    **error)
{
  g_autoptr(JzStorePage) page = NULL;
  ApplyArgs args = { NULL, 0, NULL, NULL, 0 };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

  args.page = page = read_array (change_sets, "seq");
  if (_jz_store_call (self, apply_on_thread, &args, error) == NULL)
    return FALSE;
  if (n_applied != NULL)
    *n_applied = args.applied;
  return TRUE;
}

/**
 * jz_store_apply_remote_page:
 * @meta_key: (nullable): a meta key to set in the same transaction (the
 *   pull cursor)
 * @server_hlc: the server's clock, fed into this device's (0: none)
 *
 * Applies a pulled page and moves the cursor in one transaction, so that a
 * crash between the two can neither skip a page nor lose one.
 */
gboolean
jz_store_apply_remote_page (JzStore     *self,
                            JsonArray   *change_sets,
                            const char  *meta_key,
                            const char  *meta_value,
                            guint64      server_hlc,
                            guint       *n_applied,
                            GError     **error)
{
  g_autoptr(JzStorePage) page = NULL;
  ApplyArgs args = { NULL, 0, meta_key, meta_value, server_hlc };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (meta_key == NULL || meta_value != NULL, FALSE);

  args.page = page = read_array (change_sets, "server_seq");
  if (_jz_store_call (self, apply_on_thread, &args, error) == NULL)
    return FALSE;
  if (n_applied != NULL)
    *n_applied = args.applied;
  return TRUE;
}

struct _JzStorePending
{
  JzStoreCall  *call;
  ApplyArgs     args;
  JzStorePage  *page;    /* read here; freed here after the store thread is done */
  char         *meta_key;
  char         *meta_value;
};

/**
 * jz_store_apply_remote_page_begin:
 * @changes: the page's change sets, a JSON array's text, checked as
 *   strict JSON already (jz_json_parse_strict_deferring(), jz_json_scan())
 * @n_sets: (out) (optional): how many change sets it holds (0 if it is
 *   malformed)
 *
 * jz_store_apply_remote_page(), queued: it returns at once and the page is
 * applied on the store thread while the caller goes on (fetching and
 * parsing the next page). Pages begun one after another are applied in
 * that order; each must be ended with jz_store_apply_remote_page_end().
 *
 * The page is read and checked here, on the caller's thread, straight from
 * its text (jz-store-page.c), so that the store thread only writes: the
 * two threads then take about the same time. What was read is freed here,
 * after the store thread is done with it. A malformed page is queued all
 * the same and fails there, so that pages end in order.
 */
JzStorePending *
jz_store_apply_remote_page_begin (JzStore     *self,
                                  const char  *changes,
                                  gsize        len,
                                  const char  *meta_key,
                                  const char  *meta_value,
                                  guint64      server_hlc,
                                  guint       *n_sets)
{
  JzStorePending *pending;

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  g_return_val_if_fail (changes != NULL, NULL);
  g_return_val_if_fail (meta_key == NULL || meta_value != NULL, NULL);

  pending = g_new0 (JzStorePending, 1);
  pending->meta_key = g_strdup (meta_key);
  pending->meta_value = g_strdup (meta_value);
  pending->page = _jz_store_page_read (changes, len, "server_seq");
  pending->args.page = pending->page;
  pending->args.meta_key = pending->meta_key;
  pending->args.meta_value = pending->meta_value;
  pending->args.observe = server_hlc;
  if (n_sets != NULL)
    *n_sets = pending->page->sets->len;
  pending->call = _jz_store_call_begin (self, apply_on_thread, &pending->args);
  return pending;
}

/* Waits for the page; as jz_store_apply_remote_page(). Frees @pending. */
gboolean
jz_store_apply_remote_page_end (JzStorePending  *pending,
                                guint           *n_applied,
                                GError         **error)
{
  gboolean ok = _jz_store_call_end (pending->call, error) != NULL;

  if (ok && n_applied != NULL)
    *n_applied = pending->args.applied;
  _jz_store_page_free (pending->page);
  g_free (pending->meta_key);
  g_free (pending->meta_value);
  g_free (pending);
  return ok;
}
