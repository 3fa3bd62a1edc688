/* jz-store-save.c — building a save: the records it creates and updates,
 * and its audit lines, before jz_store_commit() writes them in one
 * transaction (jz-store-write.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-date.h"
#include "jz-store-private.h"
#include "jz-uuid.h"

static void
save_item_free (gpointer data)
{
  JzSaveItem *item = data;

  g_free (item->rtype);
  g_free (item->id);
  g_clear_pointer (&item->fields, json_object_unref);
  g_free (item->strings);
  g_free (item);
}

static void
save_audit_free (gpointer data)
{
  JzSaveAudit *a = data;

  g_free (a->action);
  g_free (a->rtype);
  g_free (a->record);
  g_free (a->detail);
  g_free (a);
}

JzSave *
jz_save_new (const char *author)
{
  JzSave *save = g_new0 (JzSave, 1);

  g_date_clear (&save->today, 1);
  save->author = g_strdup (author && *author ? author : "unknown");
  save->items = g_ptr_array_new_with_free_func (save_item_free);
  save->audits = g_ptr_array_new_with_free_func (save_audit_free);
  return save;
}

/* A save checked against @today (birth dates in the future, …) instead of
 * the device's date: what --today gives the CLI. */
JzSave *
jz_save_new_on (const char  *author,
                const GDate *today)
{
  JzSave *save = jz_save_new (author);

  if (today != NULL && g_date_valid (today))
    save->today = *today;
  return save;
}

void
jz_save_free (JzSave *save)
{
  if (save == NULL)
    return;
  g_free (save->author);
  g_ptr_array_unref (save->items);
  g_ptr_array_unref (save->audits);
  g_clear_pointer (&save->problems, g_ptr_array_unref);
  g_free (save);
}

/* Returns the new record's id (owned by @save). */
const char *
jz_save_create (JzSave     *save,
                const char *rtype,
                JsonObject *fields)
{
  JzSaveItem *item = g_new0 (JzSaveItem, 1);

  item->rtype = g_strdup (rtype);
  item->id = jz_uuid7_new (g_get_real_time () / 1000);
  item->create = TRUE;
  item->fields = fields ? json_object_ref (fields) : json_object_new ();
  g_ptr_array_add (save->items, item);
  return item->id;
}

/**
 * jz_save_create_strings:
 * @fields: field names and their text values, alternating, ended by a
 *   %NULL name: `{ "name", "李明", "sex", "1", NULL }`
 *
 * jz_save_create() for fields that are all text, without a #JsonObject:
 * what an import reads from a file. The fields are checked and written
 * exactly as jz_save_create() would check and write the same object; a
 * %NULL value leaves its field out. Returns the new record's id (owned by
 * @save).
 */
const char *
jz_save_create_strings (JzSave             *save,
                        const char         *rtype,
                        const char * const *fields)
{
  JzSaveItem *item = g_new0 (JzSaveItem, 1);
  gsize n = 0, bytes = 0;
  char *text;

  for (gsize i = 0; fields[i] != NULL; i += 2)
    if (fields[i + 1] != NULL)
      {
        n += 2;
        bytes += strlen (fields[i]) + strlen (fields[i + 1]) + 2;
      }

  /* the pointers and the text in one block */
  item->strings = g_malloc ((n + 1) * sizeof (char *) + bytes);
  text = (char *) (item->strings + n + 1);
  n = 0;
  for (gsize i = 0; fields[i] != NULL; i += 2)
    if (fields[i + 1] != NULL)
      for (guint k = 0; k < 2; k++)
        {
          gsize len = strlen (fields[i + k]) + 1;

          memcpy (text, fields[i + k], len);
          item->strings[n++] = text;
          text += len;
        }
  item->strings[n] = NULL;

  item->rtype = g_strdup (rtype);
  item->id = jz_uuid7_new (g_get_real_time () / 1000);
  item->create = TRUE;
  g_ptr_array_add (save->items, item);
  return item->id;
}

void
jz_save_update (JzSave     *save,
                const char *rtype,
                const char *id,
                JsonObject *fields)
{
  JzSaveItem *item;

  /* A record is updated once per save: a second update of it folds into
   * the first (the later value wins). Two change sets of one record under
   * one stamp would be one to the server, and the second lost. */
  for (guint i = 0; i < save->items->len; i++)
    {
      JzSaveItem *earlier = save->items->pdata[i];
      JsonObject *both;
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      if (earlier->create || g_strcmp0 (earlier->id, id) != 0 || g_strcmp0 (earlier->rtype, rtype) != 0)
        continue;
      both = json_object_new ();
      json_object_iter_init (&iter, earlier->fields);
      while (json_object_iter_next (&iter, &key, &node))
        json_object_set_member (both, key, json_node_copy (node));
      if (fields != NULL)
        {
          json_object_iter_init (&iter, fields);
          while (json_object_iter_next (&iter, &key, &node))
            json_object_set_member (both, key, json_node_copy (node));
        }
      json_object_unref (earlier->fields);
      earlier->fields = both;
      return;
    }

  item = g_new0 (JzSaveItem, 1);
  item->rtype = g_strdup (rtype);
  item->id = g_strdup (id);
  item->create = FALSE;
  item->fields = fields ? json_object_ref (fields) : json_object_new ();
  g_ptr_array_add (save->items, item);
}

void
jz_save_audit (JzSave     *save,
               const char *action,
               const char *rtype,
               const char *record,
               const char *detail)
{
  JzSaveAudit *a = g_new0 (JzSaveAudit, 1);

  a->action = g_strdup (action);
  a->rtype = g_strdup (rtype);
  a->record = g_strdup (record);
  a->detail = g_strdup (detail);
  g_ptr_array_add (save->audits, a);
}
