/* test-county-parties.c — landlords and employers known by identity: the
 * persons whose registrations name them, and no one else
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 条例 第十条 and 吉林 第五条 / 三门峡 第六条: a landlord or an employer
 * reports whom it houses or employs. Its account is made with its identity
 * (an ID number or a unified social credit code) and the name its proofs
 * carry; it sees the persons whose registrations name that identity,
 * whoever filed them, files only registrations that name it, and loses
 * sight of a person once no registration names it.
 */
#include "config.h"

#include <string.h>

#include "jz-county-test-util.h"

#define QIAN_IDENTITY "220104197505050024"
#define FACTORY_CODE "91350100M000100Y43"

static void
add_qian (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_county_user_add (f->county, "qian", "landlord", "220102", QIAN_IDENTITY, "钱七", &error));
  g_assert_no_error (error);
}

static void
assert_refused (Fixture    *f,
                const char *name,
                const char *role,
                const char *identity,
                const char *real_name,
                const char *says)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (jz_county_user_add (f->county, name, role, "220102", identity, real_name, &error));
  g_assert_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

/* An account of a landlord or employer names who it is; the others do not. */
static void
test_user_add (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = NULL;
  gboolean seen = FALSE;

  assert_refused (f, "a", "landlord", NULL, "某人", "--identity");
  assert_refused (f, "b", "committee", QIAN_IDENTITY, NULL, "landlord and employer");
  assert_refused (f, "c", "landlord", "220104197505050025", "某人", "check character");
  assert_refused (f, "d", "employer", "91350100M000100Y44", "某厂", "check character should be 3");
  assert_refused (f, "e", "landlord", QIAN_IDENTITY, "  ", "--real-name");
  assert_refused (f, "f", "landlord", QIAN_IDENTITY, "钱\n七", "--real-name");

  /* a company by its credit code, typed in lower case: kept upper case */
  g_assert_true (jz_county_user_add (f->county, "factory", "employer", "220102", "91350100m000100y43",
                                     "某某电子有限公司", &error));
  g_assert_no_error (error);
  users = jz_county_user_list (f->county, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *u = users->pdata[i];

      if (g_str_equal (json_object_get_string_member (u, "name"), "factory"))
        {
          g_assert_cmpstr (json_object_get_string_member (u, "identity"), ==, FACTORY_CODE);
          g_assert_cmpstr (json_object_get_string_member (u, "real_name"), ==, "某某电子有限公司");
          seen = TRUE;
        }
    }
  g_assert_true (seen);
}

/* The enrolment answer tells the device who it is, for its forms and proofs. */
static void
test_enrol_answer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = jz_county_enrol_code_new (f->county, "zhao", 0, &error);
  g_autofree char *site = jz_site_id_new ();
  g_autoptr(JsonObject) out = NULL;

  g_assert_no_error (error);
  out = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "role"), ==, "landlord");
  g_assert_cmpstr (json_object_get_string_member (out, "identity"), ==, ZHAO_IDENTITY);
  g_assert_cmpstr (json_object_get_string_member (out, "real_name"), ==, "赵六");
}

/* The station files a tenant naming the landlord: the landlord sees the
 * person, another landlord does not, and a tenant naming nobody stays the
 * station's. */
static void
test_named_by_station (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JzCountyDevice) station = enrol (f, "wang");
  g_autoptr(JzCountyDevice) zhao = NULL;
  g_autoptr(JzCountyDevice) qian = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *p2 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *reg1 = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), p1);
  g_autofree char *reg2 = g_strdup_printf (REGISTRATION ("%s", "220102"), p2);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  add_qian (f);
  zhao = enrol (f, "zhao");
  qian = enrol (f, "qian");
  g_assert_cmpstr (zhao->scope_key, ==, "id:" ZHAO_IDENTITY);

  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, station->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, station->site, reg1));
  g_ptr_array_add (batch, change (3, p2, "person", hlc + 3, station->site, PERSON ("110105198001010016")));
  g_ptr_array_add (batch, change (4, r2, "registration", hlc + 4, station->site, reg2));
  out = push (f, station, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 4);

  g_assert_cmpuint (pull_count (f, zhao, 0, NULL), ==, 2);
  g_assert_cmpuint (pull_count (f, zhao, 0, p1), ==, 1);
  g_assert_cmpuint (pull_count (f, zhao, 0, r1), ==, 1);
  g_assert_cmpuint (pull_count (f, qian, 0, NULL), ==, 0);
}

/* A landlord's device files only registrations that name it, and cannot
 * make them name another. */
static void
test_files_own (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JzCountyDevice) zhao = enrol (f, "zhao");
  g_autoptr(JzCountyDevice) qian = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *p2 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *r3 = new_id (f);
  g_autofree char *other = g_strdup_printf (LANDLORD_REGISTRATION ("%s", QIAN_IDENTITY), p1);
  g_autofree char *own = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), p2);
  g_autofree char *nobody = g_strdup_printf (REGISTRATION ("%s", "220102"), p2);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  add_qian (f);
  qian = enrol (f, "qian");
  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, zhao->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, zhao->site, other));
  g_ptr_array_add (batch, change (3, p2, "person", hlc + 3, zhao->site, PERSON ("110105198001010016")));
  g_ptr_array_add (batch, change (4, r2, "registration", hlc + 4, zhao->site, own));
  g_ptr_array_add (batch, change (5, r3, "registration", hlc + 5, zhao->site, nobody));
  out = push (f, zhao, batch);
  g_assert_cmpstr (result_status (out, 0), ==, "ok");
  g_assert_cmpstr (result_code (out, 1), ==, "role");
  g_assert_nonnull (strstr (result_reason (out, 1), "landlord_identity must be this device's own"));
  g_assert_cmpstr (result_status (out, 2), ==, "ok");
  g_assert_cmpstr (result_status (out, 3), ==, "ok");
  g_assert_cmpstr (result_code (out, 4), ==, "role");

  /* nor re-point its own at another landlord, or clear it */
  g_ptr_array_add (batch2, change (6, r2, "registration", hlc + 6, zhao->site,
                                   "{\"landlord_identity\": \"" QIAN_IDENTITY "\"}"));
  g_ptr_array_add (batch2, change (7, r2, "registration", hlc + 7, zhao->site, "{\"landlord_identity\": null}"));
  out2 = push (f, zhao, batch2);
  g_assert_cmpstr (result_code (out2, 0), ==, "role");
  g_assert_cmpstr (result_code (out2, 1), ==, "role");
  /* the other landlord never saw any of it */
  g_assert_cmpuint (pull_count (f, qian, 0, NULL), ==, 0);
}

/* The station corrects the landlord: the new one gets the person's history
 * (fed again past its cursor), the old one nothing from then on. */
static void
test_correction (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JzCountyDevice) station = enrol (f, "wang");
  g_autoptr(JzCountyDevice) zhao = enrol (f, "zhao");
  g_autoptr(JzCountyDevice) qian = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch3 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autoptr(JsonObject) out3 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *reg1 = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);
  gint64 zhao_cursor, qian_cursor;

  add_qian (f);
  qian = enrol (f, "qian");
  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, station->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, station->site, reg1));
  out = push (f, station, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 2);
  zhao_cursor = pull_next (f, zhao);
  qian_cursor = pull_next (f, qian);
  g_assert_cmpuint (pull_count (f, zhao, 0, NULL), ==, 2);

  g_ptr_array_add (batch2, change (3, r1, "registration", hlc + 3, station->site,
                                   "{\"landlord_identity\": \"" QIAN_IDENTITY "\", \"landlord_name\": \"钱七\"}"));
  out2 = push (f, station, batch2);
  g_assert_cmpstr (result_status (out2, 0), ==, "ok");
  g_assert_cmpuint (pull_count (f, qian, qian_cursor, p1), ==, 1);
  g_assert_cmpuint (pull_count (f, qian, qian_cursor, r1), ==, 2);

  g_ptr_array_add (batch3, change (4, p1, "person", hlc + 4, station->site, "{\"phone\": \"13800000000\"}"));
  out3 = push (f, station, batch3);
  g_assert_cmpstr (result_status (out3, 0), ==, "ok");
  g_assert_cmpuint (pull_count (f, zhao, zhao_cursor, NULL), ==, 0);
  g_assert_cmpuint (pull_count (f, qian, qian_cursor, p1), ==, 2);
}

/* The tenant moves to another landlord: the former one gets the end of
 * its registration, not the new address nor later changes of the person;
 * the new one gets the person and its own registration, not the former's.
 * Back with the former landlord, the person is its again. */
static void
test_former_landlord (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JzCountyDevice) station = enrol (f, "wang");
  g_autoptr(JzCountyDevice) zhao = enrol (f, "zhao");
  g_autoptr(JzCountyDevice) qian = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *reg1 = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), p1);
  g_autofree char *reg2 = g_strdup_printf (LANDLORD_REGISTRATION ("%s", QIAN_IDENTITY), p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);
  gint64 cursor;

  add_qian (f);
  qian = enrol (f, "qian");
  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, station->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, station->site, reg1));
  out = push (f, station, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 2);
  cursor = pull_next (f, zhao);

  g_ptr_array_add (batch2, change (3, r1, "registration", hlc + 3, station->site, "{\"status\": \"ended\"}"));
  g_ptr_array_add (batch2, change (4, r2, "registration", hlc + 4, station->site, reg2));
  out2 = push (f, station, batch2);
  g_assert_cmpint (json_object_get_int_member (out2, "acked_seq"), ==, 4);

  g_assert_cmpuint (pull_count (f, zhao, cursor, r1), >=, 1);   /* (the feed is at-least-once) */
  g_assert_cmpuint (pull_count (f, zhao, cursor, r2), ==, 0);
  g_assert_cmpuint (pull_count (f, qian, 0, p1), >=, 1);
  g_assert_cmpuint (pull_count (f, qian, 0, r2), >=, 1);
  g_assert_cmpuint (pull_count (f, qian, 0, r1), ==, 0);

  /* the tenant's new phone number is the new landlord's, not the former's */
  {
    g_autoptr(GPtrArray) batch3 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    g_autoptr(JsonObject) out3 = NULL;

    cursor = pull_next (f, zhao);
    g_ptr_array_add (batch3, change (5, p1, "person", hlc + 5, station->site, "{\"phone\": \"13912345678\"}"));
    out3 = push (f, station, batch3);
    g_assert_cmpint (json_object_get_int_member (out3, "acked_seq"), ==, 5);
    g_assert_cmpuint (pull_count (f, zhao, cursor, p1), ==, 0);
    g_assert_cmpuint (pull_count (f, zhao, 0, p1), >=, 1);     /* what it had, it keeps */
    g_assert_cmpuint (pull_count (f, qian, 0, p1), >=, 2);
  }

  /* back with the former landlord: it sees the person again, the missed
   * phone number included */
  {
    g_autoptr(GPtrArray) batch4 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    g_autoptr(JsonObject) out4 = NULL;
    g_autofree char *r3 = new_id (f);
    g_autofree char *reg3 = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), p1);

    cursor = pull_next (f, zhao);
    g_ptr_array_add (batch4, change (6, r2, "registration", hlc + 6, station->site, "{\"status\": \"ended\"}"));
    g_ptr_array_add (batch4, change (7, r3, "registration", hlc + 7, station->site, reg3));
    out4 = push (f, station, batch4);
    g_assert_cmpint (json_object_get_int_member (out4, "acked_seq"), ==, 7);
    g_assert_cmpuint (pull_count (f, zhao, cursor, r3), ==, 1);
    g_assert_cmpuint (pull_count (f, zhao, cursor, p1), >=, 2);
    g_assert_cmpuint (pull_count (f, zhao, cursor, r2), ==, 0);
  }
}

/* An employer by its credit code sees the employees whose registrations
 * name it. */
static void
test_employer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCountyDevice) station = enrol (f, "wang");
  g_autoptr(JzCountyDevice) factory = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *reg1 = g_strdup_printf ("{\"person_id\": \"%s\", \"residence_division\": \"220102\", "
                                           "\"residence_address\": \"厂区宿舍 3 号楼\", "
                                           "\"arrival_date\": \"2026-02-01\", \"registered_on\": \"2026-02-03\", "
                                           "\"reason\": \"work\", \"status\": \"active\", "
                                           "\"housing_type\": \"employer_dorm\", \"employer_name\": \"某某电子\", "
                                           "\"employer_identity\": \"" FACTORY_CODE "\"}", p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  g_assert_true (jz_county_user_add (f->county, "factory", "employer", "220102", FACTORY_CODE,
                                     "某某电子有限公司", &error));
  g_assert_no_error (error);
  factory = enrol (f, "factory");
  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, station->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, station->site, reg1));
  out = push (f, station, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 2);
  g_assert_cmpuint (pull_count (f, factory, 0, NULL), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/county-parties/user-add", test_user_add);
  ADD ("/county-parties/enrol-answer", test_enrol_answer);
  ADD ("/county-parties/named-by-station", test_named_by_station);
  ADD ("/county-parties/files-own", test_files_own);
  ADD ("/county-parties/correction", test_correction);
  ADD ("/county-parties/former-landlord", test_former_landlord);
  ADD ("/county-parties/employer", test_employer);

  return g_test_run ();
}
