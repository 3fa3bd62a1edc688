/* test-codes.c — the code tables
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-codes.h"

static JzCodes *
load_codes (void)
{
  g_autoptr(GError) error = NULL;
  JzCodes *codes = jz_codes_new (&error);

  g_assert_no_error (error);
  g_assert_nonnull (codes);
  return codes;
}

static void
assert_table (JzCodes            *codes,
              const char         *table,
              const char * const *expected,
              guint               n_expected)
{
  g_autoptr(GPtrArray) list = jz_codes_list (codes, table);

  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (list, i), ==, expected[i]);
      g_assert_true (jz_codes_has (codes, table, expected[i]));
      g_assert_nonnull (jz_codes_name (codes, table, expected[i], "zh"));
      g_assert_nonnull (jz_codes_name (codes, table, expected[i], "en"));
    }
}

static void
test_tables_load (void)
{
  g_autoptr(JzCodes) codes = load_codes ();
  g_autoptr(GPtrArray) tables = jz_codes_list_tables (codes);
  const char *expected[] = {
    "ethnicity", "sex", "inflow_reason", "housing_type", "document", "need",
    "condition", "application_kind", "notify_channel", "proxy_relation",
    "suspension_reason", "departure_reason",
  };

  g_assert_cmpuint (tables->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GPtrArray) list = jz_codes_list (codes, expected[i]);

      g_assert_true (g_ptr_array_find_with_equal_func (tables, expected[i], g_str_equal, NULL));
      g_assert_nonnull (list);
      g_assert_cmpuint (list->len, >, 0);
    }

  g_assert_null (jz_codes_list (codes, "no_such_table"));
  g_assert_false (jz_codes_has (codes, "no_such_table", "01"));
}

static void
test_ethnicity (void)
{
  g_autoptr(JzCodes) codes = load_codes ();
  g_autoptr(GPtrArray) list = jz_codes_list (codes, "ethnicity");

  g_assert_cmpuint (list->len, ==, 58);
  for (guint i = 0; i < 56; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i + 1);

      g_assert_cmpstr (g_ptr_array_index (list, i), ==, code);
    }
  g_assert_cmpstr (g_ptr_array_index (list, 56), ==, "97");
  g_assert_cmpstr (g_ptr_array_index (list, 57), ==, "98");

  g_assert_cmpstr (jz_codes_name (codes, "ethnicity", "01", "zh"), ==, "汉族");
  g_assert_cmpstr (jz_codes_name (codes, "ethnicity", "10", "zh"), ==, "朝鲜族");
  g_assert_cmpstr (jz_codes_name (codes, "ethnicity", "11", "zh"), ==, "满族");
  g_assert_cmpstr (jz_codes_name (codes, "ethnicity", "56", "zh"), ==, "基诺族");
  g_assert_cmpstr (jz_codes_name (codes, "ethnicity", "98", "zh"), ==, "外国血统中国籍人士");
  g_assert_cmpstr (jz_codes_name (codes, "ethnicity", "01", "en"), ==, "Han");
  g_assert_null (jz_codes_name (codes, "ethnicity", "57", "zh"));
  g_assert_null (jz_codes_name (codes, "ethnicity", "1", "zh"));
}

static void
test_sex (void)
{
  g_autoptr(JzCodes) codes = load_codes ();
  const char *expected[] = { "0", "1", "2", "9" };

  assert_table (codes, "sex", expected, G_N_ELEMENTS (expected));
  g_assert_cmpstr (jz_codes_name (codes, "sex", "1", "zh"), ==, "男");
  g_assert_cmpstr (jz_codes_name (codes, "sex", "2", "zh"), ==, "女");
  g_assert_cmpstr (jz_codes_name (codes, "sex", "9", "zh"), ==, "未说明的性别");
}

/* Exactly the document codes of design/rules.md, which the rules profiles
 * use: a code missing here would make a profile unloadable. */
static void
test_documents (void)
{
  g_autoptr(JzCodes) codes = load_codes ();
  const char *expected[] = {
    "id_card", "id_photo_digital", "photo", "temp_registration_certificate",
    "lease_contract", "lease_registration", "property_certificate",
    "purchase_contract", "accommodation_proof", "business_license",
    "labour_contract", "employer_letter", "student_card", "school_letter",
    "proxy_id", "other",
  };

  assert_table (codes, "document", expected, G_N_ELEMENTS (expected));
  g_assert_cmpstr (jz_codes_name (codes, "document", "temp_registration_certificate", "zh"),
                   ==, "暂住登记凭证");
  g_assert_cmpstr (jz_codes_name (codes, "document", "employer_letter", "zh"),
                   ==, "用人单位出具的劳动关系证明");
}

static void
test_other_tables (void)
{
  g_autoptr(JzCodes) codes = load_codes ();
  const char *needs[] = {
    "identity", "photo", "residence_proof", "employment_proof", "study_proof",
    "temp_registration", "proxy_id",
  };
  const char *conditions[] = { "employment", "residence", "study" };
  const char *kinds[] = { "first", "endorse", "replace", "reissue", "address_change" };
  const char *channels[] = { "phone", "letter", "email", "sms" };
  const char *relations[] = {
    "guardian", "close_relative", "spouse", "parent", "child", "sibling", "grandparent",
    "grandchild",
  };
  const char *departure[] = { "moved_away", "returned_home", "hukou_moved", "deceased", "other" };
  const char *suspension[] = {
    "false_materials", "not_eligible", "endorsement_overdue", "hukou_moved",
    "moved_county", "other",
  };
  const char *housing[] = {
    "rented", "own", "employer_dorm", "school_dorm", "relatives_friends", "hotel",
    "construction_site", "other",
  };
  const char *inflow[] = {
    "work", "farming", "business", "services", "study", "family_follow",
    "relatives", "visiting", "medical", "business_trip", "other",
  };

  assert_table (codes, "need", needs, G_N_ELEMENTS (needs));
  assert_table (codes, "condition", conditions, G_N_ELEMENTS (conditions));
  assert_table (codes, "application_kind", kinds, G_N_ELEMENTS (kinds));
  assert_table (codes, "notify_channel", channels, G_N_ELEMENTS (channels));
  assert_table (codes, "proxy_relation", relations, G_N_ELEMENTS (relations));
  assert_table (codes, "suspension_reason", suspension, G_N_ELEMENTS (suspension));
  assert_table (codes, "departure_reason", departure, G_N_ELEMENTS (departure));
  assert_table (codes, "housing_type", housing, G_N_ELEMENTS (housing));
  assert_table (codes, "inflow_reason", inflow, G_N_ELEMENTS (inflow));

  g_assert_cmpstr (jz_codes_name (codes, "condition", "employment", "zh"), ==, "合法稳定就业");
  g_assert_cmpstr (jz_codes_name (codes, "application_kind", "reissue", "zh"), ==, "补领");
  g_assert_cmpstr (jz_codes_name (codes, "proxy_relation", "close_relative", "zh"), ==, "近亲属");
}

static void
test_check (void)
{
  g_autoptr(JzCodes) codes = load_codes ();
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_codes_check (codes, "ethnicity", "01", "ethnicity", &error));
  g_assert_no_error (error);

  g_assert_false (jz_codes_check (codes, "ethnicity", "57", "ethnicity", &error));
  g_assert_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_CODE);
  g_assert_cmpstr (error->message, ==,
                   "ethnicity: “57” is not a GB/T 3304 code (01–56, 97, 98)");
  g_clear_error (&error);

  /* The field named is the caller's, not the table's. */
  g_assert_false (jz_codes_check (codes, "document", "passport", "materials[2]", &error));
  g_assert_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_CODE);
  g_assert_true (g_str_has_prefix (error->message, "materials[2]: “passport”"));
  g_assert_nonnull (strstr (error->message, "lease_contract"));
  g_clear_error (&error);

  g_assert_false (jz_codes_check (codes, "sex", "3", NULL, &error));
  g_assert_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_CODE);
  g_assert_cmpstr (error->message, ==, "sex: “3” is not a GB/T 2261.1 code (0, 1, 2, 9)");
  g_clear_error (&error);

  g_assert_false (jz_codes_check (codes, "condition", NULL, "conditions[0]", &error));
  g_assert_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_CODE);
  g_assert_true (g_str_has_prefix (error->message, "conditions[0]: no code given"));
  g_clear_error (&error);

  g_assert_false (jz_codes_check (codes, "colour", "red", "colour", &error));
  g_assert_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_UNKNOWN_TABLE);
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "",
    "not json",
    "[]",
    "{\"tables\": []}",
    "{\"tables\": {\"sex\": 3}}",
    "{\"tables\": {\"sex\": {\"entries\": {}}}}",
    "{\"tables\": {\"sex\": {\"entries\": [1]}}}",
    "{\"tables\": {\"sex\": {\"entries\": [{\"code\": 1, \"zh\": \"男\", \"en\": \"Male\"}]}}}",
    "{\"tables\": {\"sex\": {\"entries\": [{\"code\": \"1\", \"zh\": \"男\"}]}}}",
    "{\"tables\": {\"sex\": {\"entries\": [{\"code\": \"\", \"zh\": \"男\", \"en\": \"Male\"}]}}}",
    "{\"tables\": {\"sex\": {\"entries\": [{\"code\": \"1\", \"zh\": \"男\", \"en\": \"Male\"},"
    "                                     {\"code\": \"1\", \"zh\": \"女\", \"en\": \"Female\"}]}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JzCodes) codes = jz_codes_new_from_data (bad[i], -1, &error);

      g_assert_null (codes);
      g_assert_error (error, JZ_CODES_ERROR, JZ_CODES_ERROR_MALFORMED);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JzCodes) codes =
      jz_codes_new_from_data ("{\"tables\": {\"sex\": {\"entries\": [{\"code\": \"1\", \"zh\": \"男\", "
                              "\"en\": \"Male\"}, {\"code\": \"1\", \"zh\": \"女\", \"en\": \"F\"}]}}}",
                              -1, &error);

    g_assert_null (codes);
    g_assert_nonnull (strstr (error->message, "“sex”, entry 2"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/codes/tables-load", test_tables_load);
  g_test_add_func ("/codes/ethnicity", test_ethnicity);
  g_test_add_func ("/codes/sex", test_sex);
  g_test_add_func ("/codes/documents", test_documents);
  g_test_add_func ("/codes/other-tables", test_other_tables);
  g_test_add_func ("/codes/check", test_check);
  g_test_add_func ("/codes/malformed", test_malformed);

  return g_test_run ();
}
