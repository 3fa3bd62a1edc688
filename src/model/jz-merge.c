/* jz-merge.c — per-field merge of a grow-only set of edits
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The edits of a field form a set; merging replicas is set union, so the
 * outcome cannot depend on the order, grouping or repetition in which the
 * edits arrived. From the set:
 *   heads  = edits that no other edit names as a parent;
 *   shown  = the head with the greatest (hlc, site);
 *   conflict (legal fields only) = heads that carry different values.
 * Two tablets that typed the same value concurrently do not conflict:
 * nobody has anything to decide.
 */
#include "config.h"

#include "jz-hlc.h"
#include "jz-merge.h"

JzEdit *
jz_edit_new (guint64             hlc,
             const char         *site,
             const char         *author,
             JsonNode           *value,
             const char * const *parents)
{
  JzEdit *edit = g_new0 (JzEdit, 1);

  edit->hlc = hlc;
  edit->site = g_strdup (site);
  edit->stamp = jz_stamp_format (hlc, site);
  edit->author = g_strdup (author);
  edit->value = value ? json_node_ref (value) : json_node_new (JSON_NODE_NULL);
  edit->parents = g_strdupv ((char **) parents);
  if (edit->parents == NULL)
    edit->parents = g_new0 (char *, 1);

  return edit;
}

void
jz_edit_free (JzEdit *edit)
{
  if (edit == NULL)
    return;

  g_free (edit->site);
  g_free (edit->stamp);
  g_free (edit->author);
  json_node_unref (edit->value);
  g_strfreev (edit->parents);
  g_free (edit);
}

int
jz_edit_compare (const JzEdit *a,
                 const JzEdit *b)
{
  return jz_stamp_compare (a->hlc, a->site, b->hlc, b->site);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const JzEdit *ea = *(const JzEdit * const *) a;
  const JzEdit *eb = *(const JzEdit * const *) b;

  return jz_edit_compare (eb, ea);
}

void
jz_merge_field (GPtrArray    *edits,
                gboolean      legal,
                JzFieldState *out)
{
  g_autoptr(GHashTable) superseded = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  out->heads = g_ptr_array_new ();
  out->shown = NULL;
  out->conflict = FALSE;

  for (guint i = 0; i < edits->len; i++)
    {
      JzEdit *e = g_ptr_array_index (edits, i);

      for (guint p = 0; e->parents[p] != NULL; p++)
        g_hash_table_add (superseded, e->parents[p]);
    }

  for (guint i = 0; i < edits->len; i++)
    {
      JzEdit *e = g_ptr_array_index (edits, i);

      /* The same edit may arrive twice (a replayed batch); count it once. */
      if (!g_hash_table_add (seen, e->stamp))
        continue;
      if (!g_hash_table_contains (superseded, e->stamp))
        g_ptr_array_add (out->heads, e);
    }

  g_ptr_array_sort (out->heads, compare_newest_first);

  if (out->heads->len > 0)
    out->shown = g_ptr_array_index (out->heads, 0);

  if (legal)
    {
      for (guint i = 1; i < out->heads->len; i++)
        {
          JzEdit *h = g_ptr_array_index (out->heads, i);

          if (!json_node_equal (h->value, out->shown->value))
            {
              out->conflict = TRUE;
              break;
            }
        }
    }
}

void
jz_field_state_clear (JzFieldState *state)
{
  g_clear_pointer (&state->heads, g_ptr_array_unref);
  state->shown = NULL;
  state->conflict = FALSE;
}
