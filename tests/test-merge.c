/* test-merge.c — the merge algebra, on the pure function and on real stores
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging is set union of change sets, so for any set of edits the order,
 * grouping and repetition in which replicas receive them must not change
 * what they show, nor which conflicts they see. The random tests print
 * their seed (g_test_rand) on failure; rerun with --seed to reproduce.
 */
#include "config.h"

#include "jz-test-tmp.h"

#include <string.h>

#include "jz-change-set.h"
#include "jz-hlc.h"
#include "jz-merge.h"
#include "jz-store.h"
#include "jz-uuid.h"

/* ---- pure merge ---------------------------------------------------------- */

static JsonNode *
str_node (const char *s)
{
  JsonNode *n = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (n, s);
  return n;
}

static char *
state_signature (GPtrArray *edits,
                 gboolean   legal)
{
  JzFieldState st;
  GString *s = g_string_new (NULL);

  jz_merge_field (edits, legal, &st);
  g_string_append_printf (s, "shown=%s conflict=%d heads=",
                          st.shown ? json_node_get_string (st.shown->value) : "-", st.conflict);
  for (guint i = 0; i < st.heads->len; i++)
    g_string_append_printf (s, "%s,", ((JzEdit *) st.heads->pdata[i])->stamp);
  jz_field_state_clear (&st);
  return g_string_free (s, FALSE);
}

/* Sites edit one field, each seeing a random subset of the others' edits,
 * then the edit set is merged in random orders with random repeats. */
static void
test_pure_algebra (void)
{
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) jz_edit_free);
      guint n_sites = g_test_rand_int_range (2, 6);
      g_autofree char *reference = NULL;
      char sites[6][33];
      guint64 last[6] = { 0 };

      for (guint s = 0; s < n_sites; s++)
        {
          g_autofree char *id = jz_site_id_new ();
          memcpy (sites[s], id, 33);
        }

      for (guint e = 0; e < 12; e++)
        {
          guint s = g_test_rand_int_range (0, n_sites);
          g_autoptr(GPtrArray) seen = g_ptr_array_new ();
          g_autoptr(GStrvBuilder) parents = g_strv_builder_new ();
          g_auto(GStrv) pv = NULL;
          g_autoptr(JsonNode) v = NULL;
          g_autofree char *value = g_strdup_printf ("v%u", g_test_rand_int_range (0, 3));
          guint64 hlc = JZ_HLC_FROM_MS (1700000000000 + g_test_rand_int_range (0, 5000)) + e;

          /* the editor saw a random subset of earlier edits; its parents are
           * the heads of what it saw */
          for (guint k = 0; k < all->len; k++)
            if (g_test_rand_bit ())
              g_ptr_array_add (seen, all->pdata[k]);
          {
            JzFieldState st;

            jz_merge_field (seen, TRUE, &st);
            for (guint h = 0; h < st.heads->len; h++)
              {
                JzEdit *head = st.heads->pdata[h];

                g_strv_builder_add (parents, head->stamp);
                hlc = MAX (hlc, head->hlc + 1);
              }
            jz_field_state_clear (&st);
          }
          /* a site never stamps two edits alike */
          hlc = MAX (hlc, last[s] + 1);
          last[s] = hlc;
          pv = g_strv_builder_end (parents);
          v = str_node (value);
          g_ptr_array_add (all, jz_edit_new (hlc, sites[s], "a", v, (const char * const *) pv));
        }

      reference = state_signature (all, TRUE);

      for (guint trial = 0; trial < 10; trial++)
        {
          g_autoptr(GPtrArray) shuffled = g_ptr_array_new ();
          g_autofree char *sig = NULL;

          for (guint k = 0; k < all->len; k++)
            {
              g_ptr_array_insert (shuffled, g_test_rand_int_range (0, shuffled->len + 1), all->pdata[k]);
              if (g_test_rand_int_range (0, 4) == 0)   /* a replayed edit */
                g_ptr_array_insert (shuffled, g_test_rand_int_range (0, shuffled->len + 1), all->pdata[k]);
            }
          sig = state_signature (shuffled, TRUE);
          g_assert_cmpstr (sig, ==, reference);
        }
    }
}

static void
test_pure_conflict_rules (void)
{
  g_autofree char *a = jz_site_id_new ();
  g_autofree char *b = jz_site_id_new ();
  g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func ((GDestroyNotify) jz_edit_free);
  g_autoptr(JsonNode) x = str_node ("张三");
  g_autoptr(JsonNode) y = str_node ("张珊");
  g_autofree char *base = jz_stamp_format (100, a);
  const char *parents[] = { base, NULL };
  JzFieldState st;

  g_ptr_array_add (edits, jz_edit_new (100, a, "a", x, NULL));
  g_ptr_array_add (edits, jz_edit_new (200, a, "a", x, parents));
  g_ptr_array_add (edits, jz_edit_new (300, b, "b", y, parents));

  /* ordinary: last writer wins, no conflict */
  jz_merge_field (edits, FALSE, &st);
  g_assert_cmpuint (st.heads->len, ==, 2);
  g_assert_cmpstr (json_node_get_string (st.shown->value), ==, "张珊");
  g_assert_false (st.conflict);
  jz_field_state_clear (&st);

  /* legal: the same edits are a conflict */
  jz_merge_field (edits, TRUE, &st);
  g_assert_true (st.conflict);
  jz_field_state_clear (&st);

  /* two heads that agree are no conflict */
  {
    g_autoptr(JsonNode) same = str_node ("张三");

    g_ptr_array_remove_index (edits, 2);
    g_ptr_array_add (edits, jz_edit_new (300, b, "b", same, parents));
    jz_merge_field (edits, TRUE, &st);
    g_assert_cmpuint (st.heads->len, ==, 2);
    g_assert_false (st.conflict);
    jz_field_state_clear (&st);
  }
}

/* ---- real stores ------------------------------------------------------- */

typedef struct
{
  JzStore *store;
  char    *dir;
  gint64   skew_ms;
} Replica;

static gint64
skewed_clock (gpointer data)
{
  Replica *r = data;

  return g_get_real_time () / 1000 + r->skew_ms;
}

static void
replica_open (Replica *r,
              gint64   skew_ms)
{
  g_autoptr(GError) error = NULL;

  r->dir = jz_test_tmp_dir ("juzhu-merge-XXXXXX", &error);
  g_assert_no_error (error);
  r->store = jz_store_open (r->dir, &error);
  g_assert_no_error (error);
  r->skew_ms = skew_ms;
  jz_store_set_clock (r->store, skewed_clock, r);
}

static void
replica_close (Replica *r)
{
  g_clear_object (&r->store);
  g_clear_pointer (&r->dir, g_free);
}

/* Sends everything @from has to @to, in random batches, order and repeats. */
static void
sync_pair (Replica *from,
           Replica *to,
           gboolean shuffle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) all = jz_store_export_change_sets (from->store, -1, &error);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  guint i = 0;

  g_assert_no_error (error);
  for (guint k = 0; k < json_array_get_length (all); k++)
    {
      JsonNode *n = json_array_get_element (all, k);

      if (shuffle)
        {
          g_ptr_array_insert (order, g_test_rand_int_range (0, order->len + 1), n);
          if (g_test_rand_int_range (0, 5) == 0)
            g_ptr_array_insert (order, g_test_rand_int_range (0, order->len + 1), n);
        }
      else
        g_ptr_array_add (order, n);
    }

  while (i < order->len)
    {
      g_autoptr(JsonArray) batch = json_array_new ();
      guint n = shuffle ? (guint) g_test_rand_int_range (1, 8) : order->len;

      for (guint k = 0; k < n && i < order->len; k++, i++)
        json_array_add_element (batch, json_node_copy (order->pdata[i]));
      g_assert_true (jz_store_apply_remote (to->store, batch, NULL, &error));
      g_assert_no_error (error);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
snapshot (JzStore *store)
{
  static const char *types[] = { "person", "application" };
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GPtrArray) list = jz_store_list (store, types[t], NULL, NULL, 0, &error);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

      g_assert_no_error (error);
      for (guint i = 0; i < list->len; i++)
        {
          g_autoptr(JsonNode) n = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (n, g_ptr_array_index (list, i));
          g_ptr_array_add (texts, json_to_string (n, FALSE));
        }
      /* lists are ordered by creation stamp; sort to compare content */
      g_ptr_array_sort (texts, compare_strings);
      for (guint i = 0; i < texts->len; i++)
        g_string_append_printf (s, "%s\n", (char *) texts->pdata[i]);
    }

  conflicts = jz_store_conflicts (store, NULL, &error);
  g_assert_no_error (error);
  g_string_append_printf (s, "conflicts=%u\n", conflicts->len);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conflicts, i);

      g_string_append_printf (s, "%s.%s:%u\n", json_object_get_string_member (c, "record"),
                              json_object_get_string_member (c, "field"),
                              json_array_get_length (json_object_get_array_member (c, "values")));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *names[] = { "王芳", "王方", "李娜", "张伟", "刘洋" };
static const char *phones[] = { "13800000001", "13900000002", "13700000003" };
static const char *ids[] = {
  "11010519491231002X", "220102199003074516", "410102198512250021",
};

static gboolean
try_commit (JzStore *store,
            JzSave  *save)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = jz_store_commit (store, save, &error);

  /* A field in dispute refuses plain edits: that is expected here. */
  if (!ok && !g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_DISPUTED))
    g_assert_no_error (error);
  return ok;
}

static void
random_edit (Replica   *r,
             GPtrArray *persons)
{
  g_autoptr(JzSave) save = jz_save_new ("field worker");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GPtrArray) local = NULL;
  guint choice = g_test_rand_int_range (0, 10);

  if (persons->len == 0 || choice == 0)
    {
      json_object_set_string_member (o, "id_number", ids[g_test_rand_int_range (0, G_N_ELEMENTS (ids))]);
      json_object_set_string_member (o, "name", names[g_test_rand_int_range (0, G_N_ELEMENTS (names))]);
      {
        const char *id = jz_save_create (save, "person", o);

        if (try_commit (r->store, save))
          g_ptr_array_add (persons, g_strdup (id));
      }
      return;
    }

  {
    const char *id = persons->pdata[g_test_rand_int_range (0, persons->len)];
    g_autoptr(JsonObject) here = jz_store_get (r->store, "person", id, NULL);

    if (here == NULL)    /* not synced to this replica yet */
      return;
    if (choice < 5)
      json_object_set_string_member (o, "phone", phones[g_test_rand_int_range (0, G_N_ELEMENTS (phones))]);
    else if (choice < 8)
      json_object_set_string_member (o, "name", names[g_test_rand_int_range (0, G_N_ELEMENTS (names))]);
    else
      json_object_set_string_member (o, "hukou_address", names[g_test_rand_int_range (0, G_N_ELEMENTS (names))]);
    jz_save_update (save, "person", id, o);
    try_commit (r->store, save);
  }
}

static void
resolve_some (Replica *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = jz_store_conflicts (r->store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conflicts, i);
      JsonArray *values = json_object_get_array_member (c, "values");
      JsonObject *pick;

      if (g_test_rand_bit ())
        continue;
      pick = json_array_get_object_element (values, g_test_rand_int_range (0, json_array_get_length (values)));
      g_assert_true (jz_store_resolve (r->store, json_object_get_string_member (c, "record"),
                                       json_object_get_string_member (c, "field"),
                                       json_object_get_string_member (pick, "value_id"), NULL,
                                       "resolver", &error));
      g_assert_no_error (error);
    }
}

static void
test_store_convergence (void)
{
  guint rounds = g_test_slow () ? 60 : 12;

  for (guint round = 0; round < rounds; round++)
    {
      guint n = g_test_rand_int_range (2, 5);
      Replica replicas[4] = { { 0 } };
      g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *first = NULL;

      for (guint i = 0; i < n; i++)
        {
          /* one replica a day fast, one a day slow */
          gint64 skew = i == 1 ? 86400000 : i == 2 ? -86400000 : 0;

          replica_open (&replicas[i], skew);
        }

      for (guint step = 0; step < 40; step++)
        {
          guint a = g_test_rand_int_range (0, n);

          if (g_test_rand_int_range (0, 4) == 0)
            {
              guint b = g_test_rand_int_range (0, n);

              if (a != b)
                sync_pair (&replicas[a], &replicas[b], TRUE);
            }
          else if (g_test_rand_int_range (0, 10) == 0)
            resolve_some (&replicas[a]);
          else
            random_edit (&replicas[a], persons);
        }

      /* full exchange, twice, the second changing nothing */
      for (guint pass = 0; pass < 2; pass++)
        for (guint a = 0; a < n; a++)
          for (guint b = 0; b < n; b++)
            if (a != b)
              sync_pair (&replicas[a], &replicas[b], TRUE);

      first = snapshot (replicas[0].store);
      for (guint i = 1; i < n; i++)
        {
          g_autofree char *other = snapshot (replicas[i].store);

          g_assert_cmpstr (other, ==, first);
        }

      /* re-sending everything changes nothing */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonArray) all = jz_store_export_change_sets (replicas[0].store, -1, &error);
        guint applied = 99;

        g_assert_true (jz_store_apply_remote (replicas[1].store, all, &applied, &error));
        g_assert_cmpuint (applied, ==, 0);
      }

      for (guint i = 0; i < n; i++)
        replica_close (&replicas[i]);
    }
}

/* ---- the scenarios of the sync design ------------------------------------ */

static char *
create_person (Replica *r)
{
  g_autoptr(JzSave) save = jz_save_new ("a");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (o, "id_number", "220102199003074516");
  json_object_set_string_member (o, "name", "李明");
  id = g_strdup (jz_save_create (save, "person", o));
  g_assert_true (jz_store_commit (r->store, save, &error));
  g_assert_no_error (error);
  return id;
}

static void
edit (Replica    *r,
      const char *id,
      const char *field,
      const char *value,
      const char *author)
{
  g_autoptr(JzSave) save = jz_save_new (author);
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (o, field, value);
  jz_save_update (save, "person", id, o);
  g_assert_true (jz_store_commit (r->store, save, &error));
  g_assert_no_error (error);
}

static void
test_scenarios (void)
{
  Replica a = { 0 }, b = { 0 };
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) pa = NULL;
  g_autoptr(JsonObject) pb = NULL;
  g_autoptr(GPtrArray) ca = NULL;
  g_autoptr(GPtrArray) cb = NULL;

  replica_open (&a, 0);
  replica_open (&b, 0);
  id = create_person (&a);
  sync_pair (&a, &b, FALSE);

  /* different fields while apart: both survive, no conflict */
  edit (&a, id, "phone", "13800000001", "alice");
  edit (&b, id, "hukou_address", "长春市朝阳区", "bob");
  sync_pair (&a, &b, FALSE);
  sync_pair (&b, &a, FALSE);
  pa = jz_store_get (a.store, "person", id, &error);
  g_assert_cmpstr (json_object_get_string_member (pa, "phone"), ==, "13800000001");
  g_assert_cmpstr (json_object_get_string_member (pa, "hukou_address"), ==, "长春市朝阳区");
  g_assert_false (json_object_get_boolean_member (pa, "_disputed"));
  g_clear_pointer (&pa, json_object_unref);

  /* same ordinary field: the later stamp wins everywhere */
  edit (&a, id, "phone", "13800000002", "alice");
  g_usleep (2000);
  edit (&b, id, "phone", "13900000003", "bob");
  sync_pair (&a, &b, FALSE);
  sync_pair (&b, &a, FALSE);
  pa = jz_store_get (a.store, "person", id, &error);
  pb = jz_store_get (b.store, "person", id, &error);
  g_assert_cmpstr (json_object_get_string_member (pa, "phone"), ==, "13900000003");
  g_assert_cmpstr (json_object_get_string_member (pb, "phone"), ==, "13900000003");
  g_assert_false (json_object_get_boolean_member (pa, "_disputed"));
  g_clear_pointer (&pa, json_object_unref);
  g_clear_pointer (&pb, json_object_unref);

  /* same legal field: a conflict on both, with both values and authors */
  edit (&a, id, "name", "李敏", "alice");
  edit (&b, id, "name", "李明明", "bob");
  sync_pair (&a, &b, FALSE);
  sync_pair (&b, &a, FALSE);
  ca = jz_store_conflicts (a.store, NULL, &error);
  cb = jz_store_conflicts (b.store, id, &error);
  g_assert_cmpuint (ca->len, ==, 1);
  g_assert_cmpuint (cb->len, ==, 1);
  {
    JsonObject *c = g_ptr_array_index (ca, 0);
    JsonArray *values = json_object_get_array_member (c, "values");
    g_autofree char *dump = NULL;
    g_autoptr(JsonNode) n = json_node_new (JSON_NODE_ARRAY);

    json_node_set_array (n, values);
    dump = json_to_string (n, FALSE);
    g_assert_cmpstr (json_object_get_string_member (c, "field"), ==, "name");
    g_assert_cmpuint (json_array_get_length (values), ==, 2);
    g_assert_nonnull (strstr (dump, "alice"));
    g_assert_nonnull (strstr (dump, "bob"));
    g_assert_nonnull (strstr (dump, "李敏"));
    g_assert_nonnull (strstr (dump, "李明明"));
  }

  /* a plain edit of the disputed field is refused */
  {
    g_autoptr(JzSave) save = jz_save_new ("carol");
    g_autoptr(JsonObject) o = json_object_new ();

    json_object_set_string_member (o, "name", "X");
    jz_save_update (save, "person", id, o);
    g_assert_false (jz_store_commit (a.store, save, &error));
    g_assert_nonnull (strstr (error->message, "resolve the conflict first"));
    g_clear_error (&error);
  }

  /* resolved on b by typing a new value: ends everywhere once synced */
  {
    g_autoptr(JsonNode) v = str_node ("李明");

    g_assert_true (jz_store_resolve (b.store, id, "name", NULL, v, "county", &error));
    g_assert_no_error (error);
  }
  sync_pair (&b, &a, FALSE);
  g_clear_pointer (&ca, g_ptr_array_unref);
  g_clear_pointer (&cb, g_ptr_array_unref);
  ca = jz_store_conflicts (a.store, NULL, &error);
  cb = jz_store_conflicts (b.store, NULL, &error);
  g_assert_cmpuint (ca->len, ==, 0);
  g_assert_cmpuint (cb->len, ==, 0);
  pa = jz_store_get (a.store, "person", id, &error);
  g_assert_cmpstr (json_object_get_string_member (pa, "name"), ==, "李明");
  g_assert_false (json_object_get_boolean_member (pa, "_disputed"));

  /* the history keeps every value */
  {
    g_autoptr(GPtrArray) h = jz_store_history (a.store, id, &error);

    g_assert_cmpuint (h->len, ==, 8);
  }

  replica_close (&a);
  replica_close (&b);
}

/* A field given as null when the record is created, then set: one head on
 * every replica, never a conflict between "nothing" and the value. */
static void
test_null_at_creation (void)
{
  Replica a = { 0 }, b = { 0 };
  g_autoptr(JzSave) save = jz_save_new ("a");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(JsonObject) pb = NULL;
  g_autofree char *id = NULL;

  replica_open (&a, 0);
  replica_open (&b, 0);
  json_object_set_string_member (o, "id_number", "220102199003074516");
  json_object_set_string_member (o, "name", "李明");
  json_object_set_null_member (o, "ethnicity");
  id = g_strdup (jz_save_create (save, "person", o));
  g_assert_true (jz_store_commit (a.store, save, &error));
  g_assert_no_error (error);
  edit (&a, id, "ethnicity", "01", "alice");

  sync_pair (&a, &b, TRUE);
  conflicts = jz_store_conflicts (b.store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  pb = jz_store_get (b.store, "person", id, &error);
  g_assert_cmpstr (json_object_get_string_member (pb, "ethnicity"), ==, "01");
  g_assert_false (json_object_get_boolean_member (pb, "_disputed"));

  replica_close (&a);
  replica_close (&b);
}

/* A change set written from stored text (a push body, a pull page) reads
 * back as it was: names with quotes, backslashes and control characters
 * are escaped, the edits are spliced in, and edits that are not an object
 * go as {}. */
static void
test_wire_text (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JzChangeSet) cs = NULL;
  g_autoptr(GString) other = g_string_new (NULL);
  g_autoptr(JsonNode) node2 = NULL;
  gint64 seq = 0;

  jz_change_set_append_json (out, "server_seq", 42, "01a24ee7-575d-7896-8683-61e0520f4212", "person",
                             (gint64) JZ_HLC_FROM_MS (1764979200000), "0123456789abcdef0123456789abcdef",
                             "王\"小\\明\n\t", "  {\"name\": {\"v\": \"张三\"}}");
  node = json_from_string (out->str, &error);
  g_assert_no_error (error);
  cs = jz_change_set_read (node, "changes[0]", "server_seq", &seq, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, 42);
  g_assert_cmpstr (cs->author, ==, "王\"小\\明\n\t");
  g_assert_cmpstr (cs->rtype, ==, "person");
  g_assert_true (json_object_has_member (cs->edits, "name"));

  jz_change_set_append_json (other, "seq", 1, "r", "person", 1, "s", "a", "[1, 2]");
  node2 = json_from_string (other->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (other->str, "\"edits\":{}"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/merge/pure/algebra", test_pure_algebra);
  g_test_add_func ("/merge/pure/wire-text", test_wire_text);
  g_test_add_func ("/merge/pure/conflict-rules", test_pure_conflict_rules);
  g_test_add_func ("/merge/store/scenarios", test_scenarios);
  g_test_add_func ("/merge/store/null-at-creation", test_null_at_creation);
  g_test_add_func ("/merge/store/convergence", test_store_convergence);

  return g_test_run ();
}
