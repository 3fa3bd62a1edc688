/* test-profile.c — rules profiles and holiday calendars as data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "jz-data-resources.h"
#include "jz-date.h"
#include "jz-holidays.h"
#include "jz-profile.h"

static char *
builtin_text (const char *name)
{
  g_autofree char *path = g_strdup_printf ("/io/github/juzhu/Juzhu/data/profiles/%s.json", name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resource_lookup_data (jz_data_get_resource (), path, 0, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_builtin (void)
{
  static const struct {
    const char *name, *title, *in_force;
    guint ext, max_total;
    const char *issuance, *fee;
  } expected[] = {
    { "national-2016", "居住证暂行条例", "2016-01-01", 0, 15, "条例 第九条", "条例 第二十一条" },
    { "jilin-2016", "吉林省居住证管理办法", "2016-04-15", 10, 25, "吉林 第十二条", "吉林 第二十五条" },
    { "sanmenxia-2017", "三门峡市居住证实施办法", "2017-08-18", 0, 15, "三门峡 第十二条", "三门峡 第二十条" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JzProfile) profile = jz_profile_load (expected[i].name, &error);
      g_autofree char *in_force = NULL;
      GDate d;

      g_assert_no_error (error);
      g_assert_cmpstr (jz_profile_get_name (profile), ==, expected[i].name);
      g_assert_cmpstr (jz_profile_get_title (profile), ==, expected[i].title);
      jz_profile_get_in_force (profile, &d);
      in_force = jz_date_format (&d);
      g_assert_cmpstr (in_force, ==, expected[i].in_force);
      g_assert_cmpuint (jz_profile_get_version (profile), >=, 1);
      g_assert_cmpuint (jz_profile_issue_days (profile), ==, 15);
      g_assert_cmpuint (jz_profile_extension_days (profile), ==, expected[i].ext);
      g_assert_cmpuint (jz_profile_max_total_days (profile), ==, expected[i].max_total);
      g_assert_cmpuint (jz_profile_residence_months (profile), ==, 6);
      g_assert_cmpstr (jz_profile_article (profile, "issuance"), ==, expected[i].issuance);
      g_assert_cmpstr (jz_profile_article (profile, "fee"), ==, expected[i].fee);
      g_assert_null (jz_profile_article (profile, "no_such_rule"));
      g_assert_true (g_str_has_prefix (jz_profile_get_source (profile), "resource:"));
    }
}

static void
test_differences (void)
{
  g_autoptr(JzProfile) jilin = jz_profile_load ("jilin-2016", NULL);
  g_autoptr(JzProfile) sanmenxia = jz_profile_load ("sanmenxia-2017", NULL);
  g_autoptr(JzProfile) national = jz_profile_load ("national-2016", NULL);
  const char * const *identity = jz_profile_need_documents (sanmenxia, "identity");
  const char * const *residence = jz_profile_need_documents (sanmenxia, "residence_proof");

  g_assert_true (g_strv_contains (identity, "id_photo_digital"));
  g_assert_false (g_strv_contains (jz_profile_need_documents (jilin, "identity"), "id_photo_digital"));
  g_assert_true (g_strv_contains (residence, "lease_registration"));
  g_assert_nonnull (jz_profile_need_documents (sanmenxia, "temp_registration"));
  g_assert_null (jz_profile_need_documents (jilin, "temp_registration"));
  g_assert_true (jz_profile_requires_temp_registration (sanmenxia));
  g_assert_false (jz_profile_requires_temp_registration (jilin));
  g_assert_true (jz_profile_notice_in_writing (sanmenxia));
  g_assert_false (jz_profile_notice_in_writing (jilin));
  g_assert_cmpint (jz_profile_card_fee_yuan (national), ==, -1);
  g_assert_true (g_strv_contains (jz_profile_extension_channels (jilin), "email"));
  g_assert_true (g_strv_contains (jz_profile_suspension_reasons (sanmenxia), "moved_county"));
  g_assert_cmpstr (jz_profile_article (sanmenxia, "missing_notice"), ==, "三门峡 第十一条");
  g_assert_cmpstr (jz_profile_article (jilin, "privacy"), ==, "吉林 第二十一条");
}

static char *
user_profile_dir (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "juzhu", "profiles", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_steal_pointer (&dir);
}

/* A county's own copy wins over the built-in profile. */
static void
test_user_override (void)
{
  g_autofree char *dir = user_profile_dir ();
  g_autofree char *text = builtin_text ("jilin-2016");
  g_autofree char *changed = NULL;
  g_autofree char *path = g_build_filename (dir, "jilin-2016.json", NULL);
  g_autofree char *county = g_build_filename (dir, "changchun-2020.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzProfile) profile = NULL;
  g_autoptr(JzProfile) renamed = NULL;
  g_auto(GStrv) names = NULL;
  char *fee = strstr (text, "\"card_fee_yuan\": null");

  g_assert_nonnull (fee);
  changed = g_strdup (text);
  /* a county that knows its fee writes it in its copy */
  memcpy (changed + (fee - text), "\"card_fee_yuan\": 35  ", strlen ("\"card_fee_yuan\": 35  "));
  g_assert_true (g_file_set_contents (path, changed, -1, &error));
  g_assert_no_error (error);

  profile = jz_profile_load ("jilin-2016", &error);
  g_assert_no_error (error);
  g_assert_cmpint (jz_profile_card_fee_yuan (profile), ==, 35);
  g_assert_cmpstr (jz_profile_get_source (profile), ==, path);

  /* The file name and the "name" inside must agree. */
  g_assert_true (g_file_set_contents (county, changed, -1, NULL));
  renamed = jz_profile_load ("changchun-2020", &error);
  g_assert_null (renamed);
  g_assert_error (error, JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "name: “jilin-2016” does not match"));

  names = jz_profile_list_available ();
  g_assert_true (g_strv_contains ((const char * const *) names, "changchun-2020"));
  g_assert_true (g_strv_contains ((const char * const *) names, "sanmenxia-2017"));
  g_assert_true (g_strv_contains ((const char * const *) names, "national-2016"));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_remove (county), ==, 0);
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) traversal = NULL;

  g_assert_null (jz_profile_load ("beijing-2016", &error));
  g_assert_error (error, JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "beijing-2016"));

  g_assert_null (jz_profile_load ("../etc/passwd", &traversal));
  g_assert_error (traversal, JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_NOT_FOUND);
}

static void
test_load_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-profile-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "anything.json", NULL);
  g_autofree char *text = builtin_text ("sanmenxia-2017");
  g_autoptr(JzProfile) profile = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  profile = jz_profile_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jz_profile_get_name (profile), ==, "sanmenxia-2017");

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Replaces the first @from in the built-in jilin profile with @to and
 * expects a load error mentioning @fragment. */
static void
assert_malformed (const char *from,
                  const char *to,
                  const char *fragment)
{
  g_autofree char *text = builtin_text ("jilin-2016");
  g_autoptr(GString) changed = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzProfile) profile = NULL;

  g_assert_cmpuint (g_string_replace (changed, from, to, 1), ==, 1);
  profile = jz_profile_load_data (changed->str, -1, "jilin-2016.json", &error);
  g_assert_null (profile);
  g_assert_error (error, JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_INVALID);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_malformed (void)
{
  assert_malformed ("\"profile_version\": 1", "\"profile_version\": \"1\"",
                    "jilin-2016.json: profile_version: expected a whole number");
  assert_malformed ("\"in_force\": \"2016-04-15\"", "\"in_force\": \"2016-04-31\"",
                    "in_force: 2016-04-31 is not a real calendar date");
  assert_malformed ("\"title\"", "\"titel\"", "titel: unknown member");
  assert_malformed ("\"other_city_prefix_length\": 4", "\"other_city_prefix_length\": 9",
                    "eligibility.other_city_prefix_length: 9 is out of range");
  assert_malformed ("\"residence_basis\": \"proof_date\"", "\"residence_basis\": \"proof\"",
                    "eligibility.residence_basis: “proof” is not one of");
  assert_malformed ("\"privacy\": \"吉林 第二十一条\",", "", "articles.privacy: required but missing");
  assert_malformed ("\"accommodation_proof\"]", "\"hotel_bill\"]",
                    "needs.residence_proof[3]: “hotel_bill” is not one of");
  assert_malformed ("\"needs\": [\"identity\", \"photo\", \"residence_proof\"]",
                    "\"needs\": [\"identity\", \"photos\", \"residence_proof\"]",
                    "kinds.first.needs[1]: “photos” is not defined under needs");
  assert_malformed ("\"proxy\": \"restricted\"", "\"proxy\": \"yes\"",
                    "kinds.first.proxy: “yes” is not one of none, restricted, any");
  assert_malformed ("\"fee\": \"free\"", "\"fee\": 0", "kinds.first.fee: expected a string");
  assert_malformed ("\"window\": { \"days\": 30 }", "\"window\": { \"days\": 30, \"months\": 1 }",
                    "endorsement.window: give exactly one of days or months");
  assert_malformed ("\"extension_days\": 10", "\"extension_days\": -1",
                    "issuance.extension_days: -1 is out of range");
  assert_malformed ("\"card_fee_yuan\": null", "\"card_fee_yuan\": 20.5",
                    "fees.card_fee_yuan: expected a whole number");
  assert_malformed ("\"action\": \"apply_anew\"", "\"action\": \"leave\"",
                    "moves.outside.action: “leave” is not one of");
  assert_malformed ("\"division_prefix\": \"22\"", "\"division_prefix\": \"2x\"",
                    "jurisdiction.division_prefix: “2x”");
  assert_malformed ("\"in_writing\": false", "\"in_writing\": \"no\"",
                    "notice.in_writing: expected true or false");
  assert_malformed ("{", "[", "malformed JSON");
}

/* ---- holidays ---- */

static void
test_holidays (void)
{
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(GError) error = NULL;
  GDate d, out;

  g_assert_true (jz_holidays_load_data (holidays,
                                        "{\"year\": 2026, \"holidays\": [\"2026-05-01\"],"
                                        " \"workdays\": [\"2026-05-09\"], \"_source\": \"test\"}",
                                        -1, "2026.json", &error));
  g_assert_no_error (error);
  g_assert_true (jz_holidays_has_year (holidays, 2026));
  g_assert_false (jz_holidays_has_year (holidays, 2025));

  g_assert_true (jz_date_parse ("2026-05-01", &d, NULL));
  g_assert_false (jz_holidays_is_working_day (holidays, &d));
  jz_holidays_shift_deadline (holidays, &d, &out);
  /* 05-01 Friday holiday, 05-02/03 weekend: Monday 05-04. */
  g_assert_cmpuint (g_date_get_day (&out), ==, 4);

  g_assert_true (jz_date_parse ("2026-05-09", &d, NULL));
  g_assert_true (jz_holidays_is_working_day (holidays, &d));
  jz_holidays_shift_deadline (holidays, &d, &out);
  g_assert_cmpint (jz_date_compare (&d, &out), ==, 0);

  /* No calendar, no shift, even on a Saturday. */
  g_assert_true (jz_date_parse ("2025-05-03", &d, NULL));
  jz_holidays_shift_deadline (holidays, &d, &out);
  g_assert_cmpint (jz_date_compare (&d, &out), ==, 0);
  jz_holidays_shift_deadline (NULL, &d, &out);
  g_assert_cmpint (jz_date_compare (&d, &out), ==, 0);
}

static void
assert_holidays_rejected (const char *text,
                          const char *fragment)
{
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (jz_holidays_load_data (holidays, text, -1, "h.json", &error));
  g_assert_error (error, JZ_HOLIDAYS_ERROR, JZ_HOLIDAYS_ERROR_INVALID);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  g_assert_false (jz_holidays_has_year (holidays, 2026));
}

static void
test_holidays_invalid (void)
{
  assert_holidays_rejected ("{\"holidays\": []}", "h.json: year: required but missing");
  assert_holidays_rejected ("{\"year\": 2026, \"holidays\": [\"2026-02-30\"]}",
                            "holidays[0]: 2026-02-30 is not a real calendar date");
  assert_holidays_rejected ("{\"year\": 2026, \"holiday\": []}", "holiday: unknown member");
  assert_holidays_rejected ("{\"year\": 2026, \"holidays\": [\"2026-10-01\"], \"workdays\": [\"2026-10-01\"]}",
                            "workdays[0]: 2026-10-01 is also listed under holidays");
  assert_holidays_rejected ("not json", "h.json: malformed JSON");
}

static void
test_holidays_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-holidays-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "2027.json", NULL);
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "{\"year\": 2027, \"holidays\": [\"2027-01-01\"]}", -1, NULL));
  g_assert_true (jz_holidays_load_file (holidays, path, &error));
  g_assert_no_error (error);
  g_assert_true (jz_holidays_has_year (holidays, 2027));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_false (jz_holidays_load_file (holidays, path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/profile/builtin", test_builtin);
  g_test_add_func ("/profile/differences", test_differences);
  g_test_add_func ("/profile/user-override", test_user_override);
  g_test_add_func ("/profile/not-found", test_not_found);
  g_test_add_func ("/profile/load-file", test_load_file);
  g_test_add_func ("/profile/malformed", test_malformed);
  g_test_add_func ("/holidays/民法典第203条/shift", test_holidays);
  g_test_add_func ("/holidays/invalid", test_holidays_invalid);
  g_test_add_func ("/holidays/file", test_holidays_file);

  return g_test_run ();
}
