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

/* A page read: its change sets and their edits as the store keeps them.
 * Made on the caller's thread for a queued page, so that the store thread
 * only writes; an error is the page's (a malformed change set). */
typedef struct
{
  GPtrArray *sets;      /* JzChangeSet */
  GPtrArray *texts;     /* char *: each one's edits as JSON text */
  GArray    *elidable;  /* gboolean: a creation the record's row can give back */
  GError    *error;
} PreparedPage;

static void
prepared_page_free (PreparedPage *page)
{
  g_ptr_array_unref (page->sets);
  g_ptr_array_unref (page->texts);
  g_array_unref (page->elidable);
  g_clear_error (&page->error);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PreparedPage, prepared_page_free)

/* What the server sent is checked like what a device pushes. */
static PreparedPage *
prepare_page (JsonArray  *sets,
              const char *seq_member)
{
  PreparedPage *page = g_new0 (PreparedPage, 1);
  guint n = json_array_get_length (sets);

  g_autoptr(GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);

  page->sets = g_ptr_array_new_full (n, (GDestroyNotify) jz_change_set_free);
  page->texts = g_ptr_array_new_full (n, g_free);
  page->elidable = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local = NULL;
      JsonNode *node = json_array_get_element (sets, i);
      JzChangeSet *cs = jz_change_set_read (node, "changes[]", seq_member, NULL, &local);

      if (cs == NULL)
        {
          /* read again to say which (the path is made only then: a page
           * has thousands) */
          g_autofree char *path = g_strdup_printf ("changes[%u]", i);

          g_clear_error (&local);
          cs = jz_change_set_read (node, path, seq_member, NULL, &local);
          g_clear_pointer (&cs, jz_change_set_free);   /* NULL: the same check */
          g_set_error (&page->error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                       "a change set received is malformed: %s", local->message);
          break;
        }
      g_ptr_array_add (page->sets, cs);
      g_ptr_array_add (page->texts, _jz_store_edits_text (cs->edits));
      g_hash_table_insert (records, cs->record,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (records, cs->record)) + 1));
    }
  /* A record new to the store keeps its creation in its row, unless the
   * page changes it again: its row is written after the whole page, and
   * the second change set would need the creation's text before that. */
  for (guint i = 0; i < page->sets->len; i++)
    {
      JzChangeSet *cs = page->sets->pdata[i];
      gboolean elidable = GPOINTER_TO_UINT (g_hash_table_lookup (records, cs->record)) == 1 &&
                          _jz_store_remote_creation_elidable (cs);

      g_array_append_val (page->elidable, elidable);
    }
  return page;
}

typedef struct
{
  JsonArray  *sets;
  PreparedPage *prepared;  /* (nullable): read already, on the caller's thread */
  const char *seq_member;  /* "seq" (another device's export), "server_seq" (a pull page) */
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
  g_autoptr(PreparedPage) own = NULL;
  PreparedPage *page = args->prepared;
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* record → its change set, for records this page brings in whole */
  g_autoptr(GHashTable) fresh_sets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 saved_hlc = self->hlc.last;
  guint64 ceiling;
  GHashTableIter iter;
  gpointer key, value;

  if (page == NULL)
    {
      own = prepare_page (args->sets, args->seq_member);
      page = own;
    }
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
      JzChangeSet *cs = g_ptr_array_index (page->sets, i);
      gboolean inserted = FALSE, fresh = FALSE;

      if (!_jz_store_write_change_set_text_remote (self, cs, page->texts->pdata[i],
                                                   g_array_index (page->elidable, gboolean, i),
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
            g_hash_table_insert (fresh_sets, cs->record, cs);
          else
            g_hash_table_remove (fresh_sets, cs->record);
        }
    }

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const JzRecordType *type = value;

      if (!_jz_store_materialise_from (self, type, key, g_hash_table_lookup (fresh_sets, key), error))
        goto fail;
      if (g_str_equal (type->name, "person"))
        g_hash_table_add (persons, g_strdup (key));
      else if (g_str_equal (type->name, "registration"))
        {
          JzStmt *stmt = _jz_store_stmt (self, "SELECT person_id FROM registration WHERE id = ?", error);

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

gboolean
jz_store_apply_remote (JzStore    *self,
                       JsonArray  *change_sets,
                       guint      *n_applied,
                       GError    **error)
{
  ApplyArgs args = { change_sets, NULL, "seq", 0, NULL, NULL, 0 };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

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
  ApplyArgs args = { change_sets, NULL, "server_seq", 0, meta_key, meta_value, server_hlc };

  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (meta_key == NULL || meta_value != NULL, FALSE);

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
  JsonArray    *sets;    /* held until the page is applied */
  PreparedPage *page;    /* read here; freed here after the store thread is done */
  char         *meta_key;
  char         *meta_value;
};

/**
 * jz_store_apply_remote_page_begin:
 *
 * jz_store_apply_remote_page(), queued: it returns at once and the page is
 * applied on the store thread while the caller goes on (fetching and
 * parsing the next page). Pages begun one after another are applied in
 * that order; each must be ended with jz_store_apply_remote_page_end().
 *
 * The page is read and checked here, on the caller's thread (its change
 * sets, their edits written as the store keeps them), so that the store
 * thread only writes: the two threads then take about the same time. The
 * page's array and what was read from it are referenced and freed here
 * and only read on the store thread: json-glib's reference counts are not
 * atomic. A malformed page is queued all the same and fails there, so
 * that pages end in order.
 */
JzStorePending *
jz_store_apply_remote_page_begin (JzStore     *self,
                                  JsonArray   *change_sets,
                                  const char  *meta_key,
                                  const char  *meta_value,
                                  guint64      server_hlc)
{
  JzStorePending *pending;

  g_return_val_if_fail (JZ_IS_STORE (self), NULL);
  g_return_val_if_fail (meta_key == NULL || meta_value != NULL, NULL);

  pending = g_new0 (JzStorePending, 1);
  pending->sets = json_array_ref (change_sets);
  pending->meta_key = g_strdup (meta_key);
  pending->meta_value = g_strdup (meta_value);
  pending->page = prepare_page (change_sets, "server_seq");
  pending->args.sets = pending->sets;
  pending->args.prepared = pending->page;
  pending->args.seq_member = "server_seq";
  pending->args.meta_key = pending->meta_key;
  pending->args.meta_value = pending->meta_value;
  pending->args.observe = server_hlc;
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
  prepared_page_free (pending->page);
  json_array_unref (pending->sets);
  g_free (pending->meta_key);
  g_free (pending->meta_value);
  g_free (pending);
  return ok;
}
