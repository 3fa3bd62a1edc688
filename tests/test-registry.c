/* test-registry.c — the use cases' problems, as data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form puts each problem beside its row: the registry's errors (and the
 * store's) carry the field, a stable code and a message, never text for
 * the app to pick apart.
 */
#include "config.h"

#include "jz-test-tmp.h"

#include <string.h>

#include "jz-holidays.h"
#include "jz-id-number.h"
#include "jz-problem.h"
#include "jz-registry.h"

typedef struct
{
  char       *dir;
  JzStore    *store;
  JzRegistry *registry;
  GDate       today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzProfile) profile = jz_profile_load ("jilin-2016", &error);
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();

  g_assert_no_error (error);
  f->dir = jz_test_tmp_dir ("juzhu-registry-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = jz_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = jz_registry_new (f->store, profile, holidays);
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, 1, G_DATE_MARCH, 2026);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  g_free (f->dir);
}

static char *
id_number (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, jz_id_number_check_char (first17));
}

static JsonObject *
declaration (const char *first17)
{
  JsonObject *input = json_object_new ();
  g_autofree char *number = id_number (first17);

  json_object_set_string_member (input, "id_number", number);
  json_object_set_string_member (input, "name", "张三");
  json_object_set_string_member (input, "ethnicity", "01");
  json_object_set_string_member (input, "hukou_division", "410102");
  json_object_set_string_member (input, "hukou_address", "郑州市中原区建设路1号");
  json_object_set_string_member (input, "residence_division", "220102");
  json_object_set_string_member (input, "residence_address", "长春市南关区人民大街100号");
  json_object_set_string_member (input, "arrival_date", "2026-02-20");
  json_object_set_string_member (input, "registered_on", "2026-02-25");
  json_object_set_string_member (input, "reason", "work");
  json_object_set_string_member (input, "housing_type", "rented");
  json_object_set_string_member (input, "landlord_name", "李四");
  return input;
}

static JzProblem *
find (GPtrArray  *problems,
      const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((JzProblem *) problems->pdata[i])->field, field) == 0)
      return problems->pdata[i];
  return NULL;
}

static void
test_declare_problems (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = declaration ("41010219900101123");
  g_autoptr(JsonObject) out = NULL;
  GPtrArray *problems;
  JzProblem *p;

  /* four things wrong at once, found by the registry and by the store */
  json_object_remove_member (input, "landlord_name");
  json_object_set_string_member (input, "arrival_date", "2026-02-28");
  json_object_set_string_member (input, "ethnicity", "99x");
  json_object_set_string_member (input, "favourite_colour", "blue");

  out = jz_registry_declare (f->registry, input, &f->today, "tester", &error);
  g_assert_null (out);
  g_assert_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID);
  problems = jz_registry_error_get_problems (error);
  g_assert_nonnull (problems);

  p = find (problems, "landlord_name");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->code, ==, JZ_PROBLEM_REQUIRED);
  g_assert_cmpstr (jz_problem_get_text (p), ==, "required when the housing type is rented");

  p = find (problems, "arrival_date");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->code, ==, JZ_PROBLEM_INVALID_VALUE);

  p = find (problems, "favourite_colour");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->code, ==, JZ_PROBLEM_UNKNOWN_FIELD);

  /* the message lists them all, one a line, for the CLI */
  for (guint i = 0; i < problems->len; i++)
    g_assert_nonnull (strstr (error->message, ((JzProblem *) problems->pdata[i])->message));

  /* a copy of the error keeps them (GTask and g_propagate_error copy) */
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_true (jz_registry_error_get_problems (copy) != NULL);
    g_assert_cmpuint (jz_registry_error_get_problems (copy)->len, ==, problems->len);
  }
}

static void
test_store_problems_once (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = declaration ("41010219900101123");
  GPtrArray *problems;
  guint ethnicity = 0;

  /* the store judges the code: its problem arrives as data, once */
  json_object_set_string_member (input, "ethnicity", "99x");
  g_assert_null (jz_registry_declare (f->registry, input, &f->today, "tester", &error));
  problems = jz_registry_error_get_problems (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    ethnicity += g_strcmp0 (((JzProblem *) problems->pdata[i])->field, "ethnicity") == 0;
  g_assert_cmpuint (ethnicity, ==, 1);
  g_assert_cmpstr (find (problems, "ethnicity")->code, ==, JZ_PROBLEM_INVALID_VALUE);
}

static void
test_application_problems (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  GPtrArray *problems;

  json_object_set_string_member (input, "kind", "first");
  json_object_set_string_member (input, "applied_on", "2026-03-01");
  g_assert_null (jz_registry_apply (f->registry, input, &f->today, "tester", &error));
  problems = jz_registry_error_get_problems (error);
  g_assert_nonnull (problems);
  g_assert_nonnull (find (problems, "person_id"));
  g_assert_cmpstr (find (problems, "person_id")->code, ==, JZ_PROBLEM_REQUIRED);
}

/* A store written before endorsements were checked may hold one on the
 * permit's issue day (issue 12's blocker): the permit and its applications
 * still open, the bad endorsement does not count, and nothing of the kind
 * can be written again. */
static void
test_endorsement_on_issue_day (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(JzSave) save = jz_save_new ("old-version");
  g_autoptr(JsonObject) app = json_object_new ();
  g_autoptr(JsonObject) permit = json_object_new ();
  g_autoptr(JsonObject) bad = json_object_new ();
  g_autoptr(JsonObject) endorse = json_object_new ();
  g_autoptr(JzRulesResult) result = NULL;
  g_autoptr(JsonObject) made = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *permit_id = NULL;
  g_autofree char *endorse_id = NULL;
  const char *person_id;
  JzRulesEndorsement en;
  GDate issue_day;
  GDate next_year;

  declared = jz_registry_declare (f->registry, declaration ("22010219900101001"), &f->today, "tester", &error);
  g_assert_no_error (error);
  person_id = json_object_get_string_member (declared, "person_id");

  /* What the old version wrote: an issued first application, its permit,
   * an endorsement application issued on the same day, and its endorsement. */
  json_object_set_string_member (app, "person_id", person_id);
  json_object_set_string_member (app, "kind", "first");
  json_object_set_string_member (app, "applied_on", "2026-03-01");
  json_object_set_string_member (app, "status", "submitted");
  app_id = g_strdup (jz_save_create (save, "application", app));
  json_object_set_string_member (permit, "person_id", person_id);
  json_object_set_string_member (permit, "application_id", app_id);
  json_object_set_string_member (permit, "number", "T-000001");
  json_object_set_string_member (permit, "issued_on", "2026-03-01");
  json_object_set_string_member (permit, "status", "active");
  permit_id = g_strdup (jz_save_create (save, "permit", permit));
  json_object_set_string_member (bad, "permit_id", permit_id);
  json_object_set_string_member (bad, "endorsed_on", "2026-03-01");
  jz_save_create (save, "endorsement", bad);
  json_object_set_string_member (endorse, "person_id", person_id);
  json_object_set_string_member (endorse, "permit_id", permit_id);
  json_object_set_string_member (endorse, "kind", "endorse");
  json_object_set_string_member (endorse, "applied_on", "2026-03-01");
  json_object_set_string_member (endorse, "status", "submitted");
  endorse_id = g_strdup (jz_save_create (save, "application", endorse));
  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_no_error (error);

  /* Both applications open; the endorsement on the issue day does not count. */
  result = jz_registry_evaluate (f->registry, app_id, &f->today, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, jz_rules_result_free);
  result = jz_registry_evaluate (f->registry, endorse_id, &f->today, &error);
  g_assert_no_error (error);
  g_assert_true (jz_rules_result_get_endorsement (result, &en));
  g_assert_cmpint (en.status, ==, JZ_ENDORSEMENT_NOT_DUE);

  /* Accepting the endorsement on the issue day is refused, nothing written. */
  g_date_clear (&issue_day, 1);
  g_date_set_dmy (&issue_day, 1, G_DATE_MARCH, 2026);
  g_assert_false (jz_registry_accept (f->registry, endorse_id, &issue_day, FALSE, "tester", &error));
  g_assert_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_null (jz_registry_endorse (f->registry, permit_id, &issue_day, "tester", &error));
  g_assert_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED);
  g_clear_error (&error);

  /* A year on, the permit is endorsed as if the bad one were not there. */
  g_date_clear (&next_year, 1);
  g_date_set_dmy (&next_year, 20, G_DATE_FEBRUARY, 2027);
  made = jz_registry_endorse (f->registry, permit_id, &next_year, "tester", &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
}

/* Two records of one person, as two devices made them before either knew
 * of the other: the county merges them into one. */
static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = declaration ("41010219850612002");
  g_autoptr(JsonObject) declared = jz_registry_declare (f->registry, input, &f->today, "station", &error);
  g_autoptr(JzSave) save = jz_save_new ("landlord");
  g_autoptr(JsonObject) twin = json_object_new ();
  g_autoptr(JsonObject) reg = json_object_new ();
  g_autoptr(GPtrArray) dups = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) found = NULL;
  g_autofree char *number = id_number ("41010219850612002");
  g_autofree char *twin_id = NULL;
  g_autofree char *reg_id = NULL;
  const char *keep;

  g_assert_no_error (error);
  keep = json_object_get_string_member (declared, "person_id");
  /* the other device's record of the same person, with a phone the first lacks */
  json_object_set_string_member (twin, "id_number", number);
  json_object_set_string_member (twin, "name", "张三");
  json_object_set_string_member (twin, "phone", "13800000000");
  twin_id = g_strdup (jz_save_create (save, "person", twin));
  json_object_set_string_member (reg, "person_id", twin_id);
  json_object_set_string_member (reg, "residence_division", "220102");
  json_object_set_string_member (reg, "residence_address", "长春市南关区人民大街7号");
  json_object_set_string_member (reg, "arrival_date", "2026-02-10");
  json_object_set_string_member (reg, "registered_on", "2026-02-11");
  json_object_set_string_member (reg, "reason", "work");
  json_object_set_string_member (reg, "status", "active");
  reg_id = g_strdup (jz_save_create (save, "registration", reg));
  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_no_error (error);

  dups = jz_store_list_duplicates (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (dups->pdata[0], "persons")), ==, 2);
  g_assert_cmpint (jz_store_count (f->store, "person", NULL), ==, 2);

  /* not with itself, not two people */
  g_assert_null (jz_registry_merge_persons (f->registry, keep, keep, &f->today, "county", &error));
  g_assert_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE);
  g_clear_error (&error);
  {
    g_autoptr(JsonObject) someone = declaration ("41010219900101001");
    g_autoptr(JsonObject) d2 = jz_registry_declare (f->registry, someone, &f->today, "station", &error);

    g_assert_no_error (error);
    g_assert_null (jz_registry_merge_persons (f->registry, keep, json_object_get_string_member (d2, "person_id"),
                                              &f->today, "county", &error));
    g_assert_nonnull (find (jz_registry_error_get_problems (error), "id_number"));
    g_clear_error (&error);
  }

  out = jz_registry_merge_persons (f->registry, keep, twin_id, &f->today, "county", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out, "moved")), ==, 1);
  /* the twin's registration of 2026-02-11 moves and ends (one change of
   * the record): the station's of 2026-02-25 is newer */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (out, "ended")), ==, 1);
  moved = jz_store_get (f->store, "registration", reg_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (moved, "person_id"), ==, keep);
  g_assert_cmpstr (json_object_get_string_member (moved, "status"), ==, "ended");
  other = jz_store_get (f->store, "person", twin_id, &error);
  g_assert_cmpstr (json_object_get_string_member (other, "merged_into"), ==, keep);
  found = jz_store_find_person_by_id_number (f->store, number, &error);
  g_assert_cmpstr (json_object_get_string_member (found, "id"), ==, keep);
  g_assert_cmpstr (json_object_get_string_member (found, "phone"), ==, "13800000000");
  g_assert_cmpint (jz_store_count (f->store, "person", NULL), ==, 2);   /* the kept one and 41010219900101001X */
  g_clear_pointer (&dups, g_ptr_array_unref);
  dups = jz_store_list_duplicates (f->store, 0, &error);
  g_assert_cmpuint (dups->len, ==, 0);

  /* twice is refused */
  g_assert_null (jz_registry_merge_persons (f->registry, keep, twin_id, &f->today, "county", &error));
  g_assert_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE);
}

/* A committee's device does not merge: the permission table says whose
 * it is, and a record never changes person otherwise. */
static void
test_merge_not_committee (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = declaration ("41010219850612002");
  g_autoptr(JsonObject) declared = jz_registry_declare (f->registry, input, &f->today, "station", &error);
  g_autoptr(JzSave) save = jz_save_new ("landlord");
  g_autoptr(JsonObject) twin = json_object_new ();
  g_autoptr(JsonObject) still = NULL;
  g_autofree char *number = id_number ("41010219850612002");
  g_autofree char *twin_id = NULL;
  GPtrArray *problems;

  g_assert_no_error (error);
  json_object_set_string_member (twin, "id_number", number);
  json_object_set_string_member (twin, "name", "张三");
  twin_id = g_strdup (jz_save_create (save, "person", twin));
  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_true (jz_store_set_meta (f->store, "sync_role", "committee", &error));

  g_assert_null (jz_registry_merge_persons (f->registry, json_object_get_string_member (declared, "person_id"),
                                            twin_id, &f->today, "committee", &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  problems = error->domain == JZ_REGISTRY_ERROR ? jz_registry_error_get_problems (error)
                                                : jz_store_error_get_problems (error);
  g_assert_nonnull (problems);
  g_assert_cmpstr (((JzProblem *) find (problems, "merged_into"))->code, ==, JZ_PROBLEM_ROLE);
  still = jz_store_get (f->store, "person", twin_id, NULL);
  g_assert_true (json_object_get_member (still, "merged_into") == NULL ||
                 JSON_NODE_HOLDS_NULL (json_object_get_member (still, "merged_into")));
}

static void
test_problem_text (void)
{
  g_autoptr(JzProblem) english = jz_problem_new ("id_number", JZ_PROBLEM_REQUIRED, "id_number: required");
  g_autoptr(JzProblem) chinese = jz_problem_new ("id_number", JZ_PROBLEM_REQUIRED, "id_number：必填");
  g_autoptr(JzProblem) other = jz_problem_new ("name", JZ_PROBLEM_REQUIRED, "id_number: required");
  g_autoptr(JzProblem) none = jz_problem_new (NULL, NULL, "the disk is full");

  g_assert_cmpstr (jz_problem_get_text (english), ==, "required");
  g_assert_cmpstr (jz_problem_get_text (chinese), ==, "必填");
  /* only the problem's own field is taken off */
  g_assert_cmpstr (jz_problem_get_text (other), ==, "id_number: required");
  g_assert_cmpstr (jz_problem_get_text (none), ==, "the disk is full");
}

/* A past month's report judges the month's end as it was: an endorsement
 * made after it does not make the permit look endorsed then. */
static void
test_report_past_month (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) permit = json_object_new ();
  g_autoptr(JsonObject) late = json_object_new ();
  g_autoptr(JsonObject) january = NULL;
  g_autoptr(JsonObject) march = NULL;
  g_autofree char *permit_id = NULL;
  GDate today;

  declared = jz_registry_declare (f->registry, declaration ("22010219900101001"), &f->today, "tester", &error);
  g_assert_no_error (error);
  /* issued 2025-01-10: the window before its first anniversary closed on
   * 2026-01-10, and it was endorsed late, on 2026-02-20 */
  json_object_set_string_member (permit, "person_id", json_object_get_string_member (declared, "person_id"));
  json_object_set_string_member (permit, "number", "T-000002");
  json_object_set_string_member (permit, "issued_on", "2025-01-10");
  json_object_set_string_member (permit, "residence_division", "220102");
  json_object_set_string_member (permit, "status", "active");
  permit_id = g_strdup (jz_save_create (save, "permit", permit));
  json_object_set_string_member (late, "permit_id", permit_id);
  json_object_set_string_member (late, "endorsed_on", "2026-02-20");
  jz_save_create (save, "endorsement", late);
  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_no_error (error);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 15, G_DATE_MARCH, 2026);
  january = jz_registry_report (f->registry, "2026-01", &today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (january, "total"),
                                               "endorsement_overdue"), ==, 1);
  march = jz_registry_report (f->registry, "2026-03", &today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (march, "total"),
                                               "endorsement_overdue"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (march, "total"),
                                               "endorsements"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/registry/declare-problems", Fixture, NULL, fixture_set_up,
              test_declare_problems, fixture_tear_down);
  g_test_add ("/registry/store-problems-once", Fixture, NULL, fixture_set_up,
              test_store_problems_once, fixture_tear_down);
  g_test_add ("/registry/application-problems", Fixture, NULL, fixture_set_up,
              test_application_problems, fixture_tear_down);
  g_test_add ("/registry/endorsement-on-issue-day", Fixture, NULL, fixture_set_up,
              test_endorsement_on_issue_day, fixture_tear_down);
  g_test_add ("/registry/merge", Fixture, NULL, fixture_set_up, test_merge, fixture_tear_down);
  g_test_add ("/registry/report-past-month", Fixture, NULL, fixture_set_up, test_report_past_month,
              fixture_tear_down);
  g_test_add ("/registry/merge-not-committee", Fixture, NULL, fixture_set_up, test_merge_not_committee,
              fixture_tear_down);
  g_test_add_func ("/registry/problem-text", test_problem_text);
  return g_test_run ();
}
