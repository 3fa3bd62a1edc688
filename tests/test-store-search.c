/* test-store-search.c — the search index: short fragments of names, and
 * the index kept right by edits, merges, deletions and synced records;
 * the count of persons not merged
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-test-tmp.h"

#include <string.h>
#include <glib/gstdio.h>

#include "jz-store.h"
#include "jz-store-test-util.h"

static char *
add_person (JzStore    *store,
            const char *id_number,
            const char *name,
            const char *address)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (o, "id_number", id_number);
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "ethnicity", "01");
  json_object_set_string_member (o, "hukou_division", "220102");
  json_object_set_string_member (o, "hukou_address", address);
  id = g_strdup (jz_save_create (save, "person", o));
  g_assert_true (jz_store_commit (store, save, &error));
  g_assert_no_error (error);
  return id;
}

static char *
add_registration (JzStore    *store,
                  const char *person,
                  const char *address)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (o, "person_id", person);
  json_object_set_string_member (o, "residence_division", "220104");
  json_object_set_string_member (o, "residence_address", address);
  json_object_set_string_member (o, "arrival_date", "2026-02-01");
  json_object_set_string_member (o, "registered_on", "2026-02-03");
  json_object_set_string_member (o, "reason", "work");
  json_object_set_string_member (o, "status", "active");
  id = g_strdup (jz_save_create (save, "registration", o));
  g_assert_true (jz_store_commit (store, save, &error));
  g_assert_no_error (error);
  return id;
}

static void
update (JzStore    *store,
        const char *type,
        const char *id,
        const char *field,
        const char *value)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (o, field, value);
  jz_save_update (save, type, id, o);
  g_assert_true (jz_store_commit (store, save, &error));
  g_assert_no_error (error);
}

/* The names found for @query, sorted and joined with commas ("" for none). */
static char *
found (JzStore    *store,
       const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = jz_store_search (store, query, 50, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < hits->len; i++)
    {
      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, json_object_get_string_member (hits->pdata[i], "name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

#define assert_found(store, query, expected) \
  G_STMT_START { \
    g_autofree char *got_ = found ((store), (query)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

/* One and two characters come from the index of the names' characters and
 * pairs: any position, never the ID number or the address. */
static void
test_short_fragments (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *a = add_person (f->store, "11010519491231002X", "王小芳", "人民大街1号");
  g_autofree char *b = add_person (f->store, "220102199003074516", "李明", "红旗街2号");
  g_autofree char *c = add_person (f->store, "410102198512250021", "欧阳娜娜", "人民大街3号");
  g_autofree char *d = add_person (f->store, "110101199003074514", "阿依古丽·买买提", "王府井4号");
  g_autofree char *e = add_person (f->store, "110101199003074530", "Li Na", "西单5号");

  assert_found (f->store, "王", "王小芳");
  assert_found (f->store, "小芳", "王小芳");
  assert_found (f->store, "芳", "王小芳");
  assert_found (f->store, "明", "李明");
  assert_found (f->store, "娜", "欧阳娜娜");
  assert_found (f->store, "娜娜", "欧阳娜娜");
  assert_found (f->store, "阳娜", "欧阳娜娜");
  assert_found (f->store, "芳明", "");
  assert_found (f->store, "人民", "");          /* an address: from three characters */
  assert_found (f->store, "11", "");            /* an ID number: from three digits */
  assert_found (f->store, "丽·", "阿依古丽·买买提");
  assert_found (f->store, "·", "阿依古丽·买买提");
  assert_found (f->store, "·买", "阿依古丽·买买提");
  assert_found (f->store, "Li", "Li Na");
  assert_found (f->store, "\"", "");
  assert_found (f->store, "人民大街", "欧阳娜娜,王小芳");

  /* A person saved after the last search is found by the next one. */
  {
    g_autofree char *g = add_person (f->store, "110101199003074557", "王芳", "和平路6号");

    assert_found (f->store, "王", "王小芳,王芳");
    assert_found (f->store, "王芳", "王芳");
  }
}

/* An edited name, ID number or address is found by its new text, and no
 * longer by its old one, whatever the fragment's length. */
static void
test_edits (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *a = add_person (f->store, "11010519491231002X", "王小芳", "人民大街1号");
  g_autofree char *reg = NULL;

  assert_found (f->store, "王", "王小芳");   /* indexed */
  reg = add_registration (f->store, a, "红旗街8号");
  assert_found (f->store, "红旗街8", "王小芳");

  update (f->store, "person", a, "name", "李晓峰");
  assert_found (f->store, "王", "");
  assert_found (f->store, "小芳", "");
  assert_found (f->store, "王小芳", "");
  assert_found (f->store, "李", "李晓峰");
  assert_found (f->store, "晓峰", "李晓峰");
  assert_found (f->store, "李晓峰", "李晓峰");

  update (f->store, "registration", reg, "residence_address", "和平路9号");
  assert_found (f->store, "红旗街8", "");
  assert_found (f->store, "和平路9", "李晓峰");

  update (f->store, "person", a, "hukou_address", "自由大路10号");
  assert_found (f->store, "人民大街", "");
  assert_found (f->store, "自由大路", "李晓峰");

  /* and back: the old words are found again */
  update (f->store, "person", a, "name", "王小芳");
  assert_found (f->store, "王", "王小芳");
  assert_found (f->store, "晓峰", "");
}

/* A person merged into another is found no more, by any fragment; the
 * kept one is found by the registration that moved to it. A deleted
 * person stays in the answer, marked (the CLI and the app leave it out):
 * the index follows its later edits all the same. */
static void
test_merge_and_delete (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *keep = add_person (f->store, "11010519491231002X", "王小芳", "人民大街1号");
  g_autofree char *other = add_person (f->store, "11010519491231002X", "王小方", "人民大街1号");
  g_autofree char *reg = add_registration (f->store, other, "红旗街8号");
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  assert_found (f->store, "王", "王小方,王小芳");
  assert_found (f->store, "红旗街", "王小方");

  {
    g_autoptr(JzSave) save = jz_save_new ("tester");
    g_autoptr(JsonObject) moved = json_object_new ();
    g_autoptr(JsonObject) mark = json_object_new ();

    json_object_set_string_member (moved, "person_id", keep);
    jz_save_update (save, "registration", reg, moved);
    json_object_set_string_member (mark, "merged_into", keep);
    jz_save_update (save, "person", other, mark);
    g_assert_true (jz_store_commit (f->store, save, &error));
    g_assert_no_error (error);
  }
  assert_found (f->store, "王", "王小芳");
  assert_found (f->store, "小方", "");
  assert_found (f->store, "王小方", "");
  assert_found (f->store, "红旗街", "王小芳");
  /* the list counts the persons not merged (through their partial index) */
  g_assert_cmpint (jz_store_count (f->store, "person", &error), ==, 1);
  g_assert_no_error (error);

  {
    g_autoptr(JzSave) save = jz_save_new ("tester");
    g_autoptr(JsonObject) o = json_object_new ();

    json_object_set_boolean_member (o, "deleted", TRUE);
    json_object_set_string_member (o, "name", "王晓芳");
    jz_save_update (save, "person", keep, o);
    g_assert_true (jz_store_commit (f->store, save, &error));
    g_assert_no_error (error);
  }
  hits = jz_store_search (f->store, "晓", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (json_object_get_boolean_member (hits->pdata[0], "deleted"));
  assert_found (f->store, "小芳", "");
}

static void
sync_all (JzStore *from,
          JzStore *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) sets = jz_store_export_change_sets (from, -1, &error);

  g_assert_no_error (error);
  g_assert_true (jz_store_apply_remote (to, sets, NULL, &error));
  g_assert_no_error (error);
}

/* Records that come by sync: new persons through the catch-up, edits of
 * persons already indexed (and of their registrations) at once. */
static void
test_synced (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-search-XXXXXX", &error);
  g_autoptr(JzStore) other = jz_store_open (dir, &error);
  g_autofree char *a = NULL;
  g_autofree char *reg = NULL;

  g_assert_no_error (error);
  a = add_person (other, "11010519491231002X", "王小芳", "人民大街1号");
  reg = add_registration (other, a, "红旗街8号");
  sync_all (other, f->store);
  assert_found (f->store, "芳", "王小芳");
  assert_found (f->store, "红旗街8", "王小芳");

  update (other, "person", a, "name", "李晓峰");
  update (other, "registration", reg, "residence_address", "和平路9号");
  sync_all (other, f->store);
  assert_found (f->store, "芳", "");
  assert_found (f->store, "王小芳", "");
  assert_found (f->store, "峰", "李晓峰");
  assert_found (f->store, "李晓", "李晓峰");
  assert_found (f->store, "红旗街8", "");
  assert_found (f->store, "和平路9", "李晓峰");

  /* a new registration of a person indexed already: its person is taken
   * from the row the page writes, and indexed again */
  {
    g_autofree char *reg2 = add_registration (other, a, "光明路12号");

    sync_all (other, f->store);
    assert_found (f->store, "光明路12", "李晓峰");
  }

  /* A registration that arrives before its person: both found once the
   * person has come. */
  {
    g_autofree char *b = add_person (other, "220102199003074516", "赵敏", "解放大路3号");
    g_autofree char *breg = add_registration (other, b, "建设街4号");
    g_autoptr(JsonArray) sets = jz_store_export_change_sets (other, -1, &error);
    g_autoptr(JsonArray) regs_first = json_array_new ();
    g_autoptr(JsonArray) persons = json_array_new ();

    g_assert_no_error (error);
    for (guint i = 0; i < json_array_get_length (sets); i++)
      {
        JsonObject *cs = json_array_get_object_element (sets, i);

        json_array_add_element (g_str_equal (json_object_get_string_member (cs, "type"), "person")
                                ? persons : regs_first,
                                json_node_copy (json_array_get_element (sets, i)));
      }
    g_assert_true (jz_store_apply_remote (f->store, regs_first, NULL, &error));
    g_assert_no_error (error);
    assert_found (f->store, "敏", "");
    g_assert_true (jz_store_apply_remote (f->store, persons, NULL, &error));
    g_assert_no_error (error);
    assert_found (f->store, "敏", "赵敏");
    assert_found (f->store, "建设街4", "赵敏");
  }

  g_clear_object (&other);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ts_fixture_set_up, func, ts_fixture_tear_down)
  ADD ("/store-search/short-fragments", test_short_fragments);
  ADD ("/store-search/edits", test_edits);
  ADD ("/store-search/merge-and-delete", test_merge_and_delete);
  ADD ("/store-search/synced", test_synced);
#undef ADD

  return g_test_run ();
}
