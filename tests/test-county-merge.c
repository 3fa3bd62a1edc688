/* test-county-merge.c — two records of one person, made one by the county
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two committees record the same person before either knows of the other;
 * the server flags the pair. The county office's device merges them
 * (jz_registry_merge_persons(): the other's records move, the other is
 * marked merged): the server takes it, clears the flag, and whoever saw
 * either record gets the whole person. A committee may not do it: a
 * record never changes person otherwise.
 */
#include "config.h"

#include <string.h>

#include "jz-county-test-util.h"

#define ID "11010519491231002X"

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(JzCountyDevice) b = enrol (f, "li");
  g_autoptr(JzCountyDevice) zhao = enrol (f, "zhao");
  g_autoptr(JzCountyDevice) office = enrol (f, "office");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) attack = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) merge = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) dups = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autoptr(JsonObject) out3 = NULL;
  g_autoptr(JsonObject) out4 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *p2 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *reg1 = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), p1);
  g_autofree char *reg2 = g_strdup_printf (REGISTRATION ("%s", "220102"), p2);
  g_autofree char *move = g_strdup_printf ("{\"person_id\": \"%s\"}", p1);
  g_autofree char *mark = g_strdup_printf ("{\"merged_into\": \"%s\"}", p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);
  gint64 zhao_cursor;

  /* two committees, one person */
  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, a->site, PERSON (ID)));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, a->site, reg1));
  out = push (f, a, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 2);
  g_ptr_array_add (batch2, change (1, p2, "person", hlc + 3, b->site, PERSON (ID)));
  g_ptr_array_add (batch2, change (2, r2, "registration", hlc + 4, b->site, reg2));
  out2 = push (f, b, batch2);
  g_assert_cmpint (json_object_get_int_member (out2, "acked_seq"), ==, 2);
  dups = jz_county_duplicates (f->county, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 1);
  g_clear_pointer (&dups, g_ptr_array_unref);

  /* the landlord named by the first sees that one only */
  g_assert_cmpuint (pull_count (f, zhao, 0, r2), ==, 0);
  zhao_cursor = pull_next (f, zhao);

  /* a committee cannot move a record to another person */
  g_ptr_array_add (attack, change (3, r2, "registration", hlc + 5, b->site, move));
  g_ptr_array_add (attack, change (4, p2, "person", hlc + 6, b->site, mark));
  out3 = push (f, b, attack);
  g_assert_cmpstr (result_code (out3, 0), ==, "immutable");
  g_assert_cmpstr (result_code (out3, 1), ==, "role");

  /* nor does the county hide a person behind another: the same ID number only */
  {
    g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    g_autoptr(GPtrArray) hide = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    g_autoptr(JsonObject) o1 = NULL;
    g_autoptr(JsonObject) o2 = NULL;
    g_autofree char *p3 = new_id (f);
    g_autofree char *into_p3 = g_strdup_printf ("{\"merged_into\": \"%s\"}", p3);
    g_autofree char *into_self = g_strdup_printf ("{\"merged_into\": \"%s\"}", p2);

    g_ptr_array_add (other, change (3, p3, "person", hlc + 5, a->site, PERSON ("110105198001010016")));
    o1 = push (f, a, other);
    g_assert_cmpstr (result_status (o1, 0), ==, "ok");
    g_ptr_array_add (hide, change (1, p2, "person", hlc + 6, office->site, into_p3));
    g_ptr_array_add (hide, change (2, p2, "person", hlc + 7, office->site, into_self));
    o2 = push (f, office, hide);
    g_assert_cmpstr (result_code (o2, 0), ==, "invalid_value");
    g_assert_cmpstr (result_code (o2, 1), ==, "invalid_value");
  }

  /* the county office merges */
  g_ptr_array_add (merge, change (3, r2, "registration", hlc + 8, office->site, move));
  g_ptr_array_add (merge, change (4, p2, "person", hlc + 9, office->site, mark));
  out4 = push (f, office, merge);
  g_assert_cmpstr (result_status (out4, 0), ==, "ok");
  g_assert_cmpstr (result_status (out4, 1), ==, "ok");
  dups = jz_county_duplicates (f->county, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 0);

  /* whoever saw the kept person gets the other record's history; the
   * landlord, the person only (the other registration does not name it) */
  g_assert_cmpuint (pull_count (f, zhao, zhao_cursor, p2), >=, 2);
  g_assert_cmpuint (pull_count (f, zhao, zhao_cursor, r2), ==, 0);
  g_assert_cmpuint (pull_count (f, b, 0, r1), >=, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/county-merge/merge", Fixture, NULL, fixture_set_up, test_merge, fixture_tear_down);
  return g_test_run ();
}
