/* test-rules.c — the rules engine against rules.md and the regulations
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test path names the jurisdiction and the article it checks. Cases
 * are written with single quotes, turned into JSON by case_node().
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-rules.h"

/* ---- helpers --------------------------------------------------------------- */

static JsonNode *
case_node (const char *text)
{
  g_autofree char *json = g_strdup (text);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_strdelimit (json, "'", '"');
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JzRulesResult *
evaluate_with (const char *profile_name,
               const char *today_text,
               JzHolidays *holidays,
               const char *case_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzProfile) profile = jz_profile_load (profile_name, &error);
  g_autoptr(JsonNode) node = case_node (case_text);
  g_autoptr(JzRulesCase) rules_case = NULL;
  GDate today;

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_true (jz_date_parse (today_text, &today, NULL));

  rules_case = jz_rules_case_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rules_case);

  return jz_rules_evaluate (profile, rules_case, &today, holidays);
}

/* Evaluates and returns the JSON object of the result (owned node). */
static JsonNode *
check_json (const char *profile_name,
            const char *today_text,
            const char *case_text)
{
  g_autoptr(JzRulesResult) result = evaluate_with (profile_name, today_text, NULL, case_text);
  JsonNode *node = jz_rules_result_to_json (result);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return node;
}

/* The member at a dotted @path, or NULL when a step is missing. */
static JsonNode *
member (JsonNode   *root,
        const char *path)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; steps[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), steps[i]);
    }
  return node;
}

static void
assert_str (JsonNode   *root,
            const char *path,
            const char *expected)
{
  JsonNode *node = member (root, path);

  g_assert_nonnull (node);
  if (expected == NULL)
    {
      if (!JSON_NODE_HOLDS_NULL (node))
        g_error ("%s: expected null, got %s", path, json_node_get_string (node));
      return;
    }
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
assert_null (JsonNode   *root,
             const char *path)
{
  JsonNode *node = member (root, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
}

static void
assert_bool (JsonNode   *root,
             const char *path,
             gboolean    expected)
{
  JsonNode *node = member (root, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

/* The reason with @code, asserting its article; NULL when absent. */
static JsonObject *
find_reason (JsonNode   *root,
             const char *code)
{
  JsonArray *reasons = json_node_get_array (member (root, "reasons"));

  for (guint i = 0; i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = json_array_get_object_element (reasons, i);

      if (g_strcmp0 (json_object_get_string_member (reason, "code"), code) == 0)
        return reason;
    }
  return NULL;
}

static void
assert_reason (JsonNode   *root,
               const char *code,
               const char *article)
{
  JsonObject *reason = find_reason (root, code);

  if (reason == NULL)
    g_error ("no reason “%s” in the result", code);
  if (article == NULL)
    g_assert_true (json_object_get_null_member (reason, "article"));
  else
    g_assert_cmpstr (json_object_get_string_member (reason, "article"), ==, article);
  g_assert_cmpstr (json_object_get_string_member (reason, "message"), !=, "");
}

static void
assert_no_reason (JsonNode   *root,
                  const char *code)
{
  g_assert_null (find_reason (root, code));
}

/* An 18-digit ID number with a correct check character. */
static char *
make_id (const char *division,
         const char *birth)
{
  g_autofree char *first17 = g_strconcat (division, birth, "123", NULL);

  return g_strdup_printf ("%s%c", first17, jz_id_number_check_char (first17));
}

static void
assert_case_rejected (const char *case_text,
                      const char *fragment)
{
  g_autoptr(JsonNode) node = case_node (case_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzRulesCase) rules_case = jz_rules_case_new_from_json (node, &error);

  g_assert_null (rules_case);
  g_assert_error (error, JZ_RULES_ERROR, JZ_RULES_ERROR_INVALID_CASE);
  if (strstr (error->message, fragment) == NULL)
    g_error ("error “%s” does not contain “%s”", error->message, fragment);
}

#define JILIN_FIRST \
  "'kind': 'first', 'applicant': {'hukou_division': '220102'}, " \
  "'residence_division': '220204', 'conditions': ['residence'] "

/* ---- the example of rules.md ----------------------------------------------- */

static void
test_example (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{ 'kind': 'first',"
    "  'applicant': { 'hukou_division': '220102', 'limited_mobility': false, 'disabled': false },"
    "  'residence_division': '220204', 'residence_since': '2025-09-01',"
    "  'temp_registration_date': null, 'conditions': ['employment'],"
    "  'materials': ['id_card', 'photo', 'lease_contract'],"
    "  'applied_on': '2026-03-01', 'accepted_on': '2026-03-01', 'remote_area': false,"
    "  'permit': { 'issued_on': '2025-03-31', 'endorsed_on': [] } }");
  static const char * const keys[] = {
    "profile", "eligible", "eligible_from", "reasons", "missing", "proxy",
    "issue_due", "issue_due_extended", "endorsement", "fee", "move", NULL
  };
  static const char * const endorsement_keys[] = {
    "anniversary", "window_opens", "window_closes", "status", "suspended",
    "requires_new_registration", NULL
  };
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (r));
  g_autoptr(GList) en_members = json_object_get_members (json_node_get_object (member (r, "endorsement")));
  JsonArray *missing, *any_of, *reasons;
  guint i = 0;

  /* The keys of rules.md, in its order. */
  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, keys[i]);
  g_assert_null (keys[i]);
  i = 0;
  for (GList *l = en_members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, endorsement_keys[i]);
  g_assert_null (endorsement_keys[i]);

  assert_str (r, "profile", "jilin-2016");
  assert_bool (r, "eligible", TRUE);
  assert_str (r, "eligible_from", "2026-03-01");
  assert_str (r, "issue_due", "2026-03-16");
  assert_str (r, "issue_due_extended", "2026-03-26");
  assert_str (r, "endorsement.anniversary", "2026-03-31");
  assert_str (r, "endorsement.window_opens", "2026-03-01");
  assert_str (r, "endorsement.window_closes", "2026-03-30");
  assert_str (r, "endorsement.status", "open");
  assert_bool (r, "endorsement.suspended", FALSE);
  assert_bool (r, "fee.charged", FALSE);
  assert_str (r, "fee.article", "吉林 第二十五条");
  assert_null (r, "proxy");
  assert_null (r, "move");

  missing = json_node_get_array (member (r, "missing"));
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 0), "need"),
                   ==, "employment_proof");
  any_of = json_object_get_array_member (json_array_get_object_element (missing, 0), "any_of");
  g_assert_cmpuint (json_array_get_length (any_of), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (any_of, 0), ==, "business_license");

  /* Every decision carries a stable code and its article. */
  reasons = json_node_get_array (member (r, "reasons"));
  g_assert_cmpuint (json_array_get_length (reasons), >, 5);
  for (i = 0; i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = json_array_get_object_element (reasons, i);
      const char *code = json_object_get_string_member (reason, "code");

      g_assert_true (g_regex_match_simple ("^[a-z][a-z0-9_]*$", code, 0, 0));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (reason, "article"), "吉林 第"));
    }
}

/* ---- eligibility ------------------------------------------------------------- */

static void
test_jilin_other_city (void)
{
  g_autoptr(JsonNode) same = check_json ("jilin-2016", "2026-03-01",
    "{'applicant': {'hukou_division': '220102'}, 'residence_division': '220104',"
    " 'residence_since': '2025-01-01', 'conditions': ['study']}");
  g_autoptr(JsonNode) other = check_json ("jilin-2016", "2026-03-01",
    "{'applicant': {'hukou_division': '220102'}, 'residence_division': '220204',"
    " 'residence_since': '2025-01-01', 'conditions': ['study']}");

  assert_bool (same, "eligible", FALSE);
  assert_null (same, "eligible_from");
  assert_reason (same, "same_city", "吉林 第八条");
  assert_bool (other, "eligible", TRUE);
  assert_reason (other, "other_city", "吉林 第八条");
}

/* 三门峡 第七条: another county of the same city counts as another city. */
static void
test_sanmenxia_other_county (void)
{
  const char *c =
    "{'applicant': {'hukou_division': '411202'}, 'residence_division': '411203',"
    " 'temp_registration_date': '2025-01-01', 'residence_since': '2025-01-01',"
    " 'conditions': ['employment']}";
  g_autoptr(JsonNode) sanmenxia = check_json ("sanmenxia-2017", "2026-03-01", c);
  g_autoptr(JsonNode) national = check_json ("national-2016", "2026-03-01", c);

  assert_bool (sanmenxia, "eligible", TRUE);
  assert_reason (sanmenxia, "other_city", "三门峡 第七条");
  assert_bool (national, "eligible", FALSE);
  assert_reason (national, "same_city", "条例 第二条");
}

/* 民法典 第1259条: 半年以上 includes the day six months on. */
static void
test_jilin_half_year_boundary (void)
{
  g_autoptr(JsonNode) before = check_json ("jilin-2016", "2026-02-28",
    "{" JILIN_FIRST ", 'residence_since': '2025-09-01', 'applied_on': '2026-02-28'}");
  g_autoptr(JsonNode) on = check_json ("jilin-2016", "2026-03-01",
    "{" JILIN_FIRST ", 'residence_since': '2025-09-01', 'applied_on': '2026-03-01'}");
  g_autoptr(JsonNode) today = check_json ("jilin-2016", "2026-02-28",
    "{" JILIN_FIRST ", 'residence_since': '2025-09-01'}");
  /* Made a day early, accepted once the half year is complete: eligibility
   * is judged on the acceptance date (受理), not the application date. */
  g_autoptr(JsonNode) early = check_json ("jilin-2016", "2026-03-01",
    "{" JILIN_FIRST ", 'residence_since': '2025-09-01', 'applied_on': '2026-02-28'}");
  g_autoptr(JsonNode) early_accepted = check_json ("jilin-2016", "2026-03-05",
    "{" JILIN_FIRST ", 'residence_since': '2025-09-01', 'applied_on': '2026-02-28', "
    "'accepted_on': '2026-03-01'}");
  g_autoptr(JsonNode) accepted_too_early = check_json ("jilin-2016", "2026-03-05",
    "{" JILIN_FIRST ", 'residence_since': '2025-09-01', 'applied_on': '2026-02-27', "
    "'accepted_on': '2026-02-28'}");

  assert_bool (before, "eligible", FALSE);
  assert_str (before, "eligible_from", "2026-03-01");
  assert_reason (before, "residence_period_not_met", "吉林 第八条");
  assert_bool (on, "eligible", TRUE);
  assert_str (on, "eligible_from", "2026-03-01");
  assert_reason (on, "residence_period_met", "吉林 第八条");
  /* Without applied_on the period is judged on today. */
  assert_bool (today, "eligible", FALSE);
  assert_bool (early, "eligible", TRUE);
  assert_bool (early_accepted, "eligible", TRUE);
  assert_bool (accepted_too_early, "eligible", FALSE);
}

static void
test_jilin_month_end_clamp (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-02-28",
    "{" JILIN_FIRST ", 'residence_since': '2025-08-31'}");

  assert_str (r, "eligible_from", "2026-02-28");
  assert_bool (r, "eligible", TRUE);
}

static void
test_leap_year (void)
{
  g_autoptr(JsonNode) to_leap = check_json ("jilin-2016", "2024-03-01",
    "{" JILIN_FIRST ", 'residence_since': '2023-08-31'}");
  g_autoptr(JsonNode) from_leap = check_json ("jilin-2016", "2024-09-01",
    "{" JILIN_FIRST ", 'residence_since': '2024-02-29'}");
  g_autoptr(JsonNode) permit = check_json ("jilin-2016", "2025-02-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2024-02-29'}}");
  g_autoptr(JsonNode) four_years = check_json ("jilin-2016", "2027-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2024-02-29',"
    " 'endorsed_on': ['2025-02-10', '2026-02-10', '2027-02-10']}}");

  assert_str (to_leap, "eligible_from", "2024-02-29");
  assert_str (from_leap, "eligible_from", "2024-08-29");
  /* 2024-02-29 + 1 year has no 02-29: the year is complete on 02-28. */
  assert_str (permit, "endorsement.anniversary", "2025-02-28");
  assert_str (permit, "endorsement.window_opens", "2025-01-29");
  /* Counted from the issue date, not by repeated clamping. */
  assert_str (four_years, "endorsement.anniversary", "2028-02-29");
}

/* 三门峡 第八条: counted from the 暂住登记, not the proof documents. */
static void
test_sanmenxia_temp_registration_basis (void)
{
  g_autoptr(JsonNode) r = check_json ("sanmenxia-2017", "2026-03-01",
    "{'applicant': {'hukou_division': '410102'}, 'residence_division': '411202',"
    " 'residence_since': '2025-01-01', 'temp_registration_date': '2025-10-01',"
    " 'conditions': ['residence']}");

  assert_bool (r, "eligible", FALSE);
  assert_str (r, "eligible_from", "2026-04-01");
  assert_reason (r, "residence_period_not_met", "三门峡 第八条");
}

/* 三门峡 第七条: the 暂住登记 is required first. */
static void
test_sanmenxia_temp_registration_required (void)
{
  g_autoptr(JsonNode) r = check_json ("sanmenxia-2017", "2026-03-01",
    "{'applicant': {'hukou_division': '410102'}, 'residence_division': '411202',"
    " 'residence_since': '2025-01-01', 'conditions': ['residence']}");

  assert_bool (r, "eligible", FALSE);
  assert_null (r, "eligible_from");
  assert_reason (r, "temp_registration_missing", "三门峡 第七条");
}

/* A Hong Kong, Macao or Taiwan resident's permit is the national measures'
 * (港澳台居民居住证), not this one: not eligible, with the article. */
static void
test_sanmenxia_hk_resident (void)
{
  g_autoptr(JsonNode) r = check_json ("sanmenxia-2017", "2026-03-01",
    "{'applicant': {'id_number': '810000199001010019', 'hukou_division': '810000'},"
    " 'residence_division': '411202', 'temp_registration_date': '2025-01-01',"
    " 'conditions': ['residence']}");
  g_autoptr(JsonNode) jilin = check_json ("jilin-2016", "2026-03-01",
    "{'applicant': {'id_number': '810000199001010019', 'hukou_division': '810000'},"
    " 'residence_division': '220104', 'residence_since': '2025-01-01',"
    " 'conditions': ['residence']}");

  assert_bool (r, "eligible", FALSE);
  assert_reason (r, "hk_macao_taiwan", "三门峡 第二十八条");
  assert_bool (jilin, "eligible", FALSE);
  assert_reason (jilin, "hk_macao_taiwan", "港澳台居民居住证申领发放办法 第二条");
}

static void
test_jilin_condition_required (void)
{
  g_autoptr(JsonNode) none = check_json ("jilin-2016", "2026-03-01",
    "{'applicant': {'hukou_division': '220102'}, 'residence_division': '220204',"
    " 'residence_since': '2025-01-01', 'conditions': []}");
  g_autoptr(JsonNode) absent = check_json ("jilin-2016", "2026-03-01",
    "{'applicant': {'hukou_division': '220102'}, 'residence_division': '220204',"
    " 'residence_since': '2025-01-01'}");

  assert_bool (none, "eligible", FALSE);
  assert_reason (none, "no_condition", "吉林 第八条");
  assert_bool (absent, "eligible", FALSE);
}

static void
test_national_undetermined (void)
{
  g_autoptr(JzRulesResult) result = evaluate_with ("national-2016", "2026-03-01", NULL,
    "{'residence_division': '110105', 'conditions': ['employment']}");
  g_autoptr(JsonNode) r = jz_rules_result_to_json (result);
  GDate from;

  assert_null (r, "eligible");
  assert_reason (r, "other_city_unknown", "条例 第二条");
  assert_reason (r, "residence_start_unknown", "条例 第二条");
  g_assert_cmpint (jz_rules_result_get_eligibility (result, &from), ==, JZ_ELIGIBILITY_UNDETERMINED);
  g_assert_false (g_date_valid (&from));
}

/* 吉林 第三条: the measures apply in Jilin only. */
static void
test_jilin_jurisdiction (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{'applicant': {'hukou_division': '220102'}, 'residence_division': '411202',"
    " 'residence_since': '2025-01-01', 'conditions': ['study']}");

  assert_bool (r, "eligible", FALSE);
  assert_reason (r, "outside_jurisdiction", "吉林 第三条");
}

static void
test_not_applicable_for_endorse (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2025-03-31'}}");

  assert_null (r, "eligible");
  assert_null (r, "eligible_from");
  assert_null (r, "issue_due");
  assert_null (r, "missing");
  assert_no_reason (r, "other_city_unknown");
}

/* ---- materials ------------------------------------------------------------------ */

static void
test_jilin_materials (void)
{
  g_autoptr(JsonNode) none = check_json ("jilin-2016", "2026-03-01",
    "{" JILIN_FIRST ", 'conditions': ['employment', 'study'], 'materials': []}");
  g_autoptr(JsonNode) any_one = check_json ("jilin-2016", "2026-03-01",
    "{" JILIN_FIRST ", 'conditions': ['study'],"
    " 'materials': ['id_card', 'photo', 'accommodation_proof', 'school_letter']}");
  JsonArray *missing = json_node_get_array (member (none, "missing"));
  static const char * const expected[] = {
    "identity", "photo", "residence_proof", "employment_proof", "study_proof"
  };

  /* Told once, all together, in the order of the regulation. */
  g_assert_cmpuint (json_array_get_length (missing), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, i), "need"),
                     ==, expected[i]);
  assert_reason (none, "materials_missing", "吉林 第九条");

  g_assert_cmpuint (json_array_get_length (json_node_get_array (member (any_one, "missing"))), ==, 0);
  assert_reason (any_one, "materials_complete", "吉林 第九条");
}

/* 三门峡 第九条: a digital photo stands for the ID card, the 暂住登记凭证 is
 * needed, the residence proof only for the residence condition, and the
 * lease registration counts. 第十一条: the notice is in writing. */
static void
test_sanmenxia_materials (void)
{
  g_autoptr(JsonNode) met = check_json ("sanmenxia-2017", "2026-03-01",
    "{'conditions': ['residence'],"
    " 'materials': ['id_photo_digital', 'temp_registration_certificate', 'lease_registration']}");
  g_autoptr(JsonNode) unmet = check_json ("sanmenxia-2017", "2026-03-01",
    "{'conditions': ['employment'], 'materials': ['id_card', 'photo']}");
  JsonArray *missing = json_node_get_array (member (unmet, "missing"));
  JsonObject *reason;

  g_assert_cmpuint (json_array_get_length (json_node_get_array (member (met, "missing"))), ==, 0);
  g_assert_cmpuint (json_array_get_length (missing), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 0), "need"),
                   ==, "temp_registration");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 1), "need"),
                   ==, "employment_proof");
  assert_reason (unmet, "materials_missing", "三门峡 第十一条");
  reason = find_reason (unmet, "materials_missing");
  g_assert_nonnull (strstr (json_object_get_string_member (reason, "message"), "in writing"));
}

static void
test_national_materials_not_given (void)
{
  g_autoptr(JsonNode) r = check_json ("national-2016", "2026-03-01", "{'conditions': ['study']}");

  assert_null (r, "missing");
  assert_no_reason (r, "materials_missing");
  assert_no_reason (r, "materials_complete");
}

static void
test_notice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzProfile) profile = jz_profile_load ("jilin-2016", &error);
  g_autoptr(JzRulesResult) result = evaluate_with ("jilin-2016", "2026-03-01", NULL,
    "{" JILIN_FIRST ", 'materials': ['id_card']}");
  g_autoptr(JzRulesResult) complete = evaluate_with ("jilin-2016", "2026-03-01", NULL,
    "{" JILIN_FIRST ", 'materials': ['id_card', 'photo', 'lease_contract']}");
  g_autofree char *notice = jz_rules_result_format_notice (result, profile);
  g_autofree char *none = jz_rules_result_format_notice (complete, profile);
  const JzRulesNeed *need;

  g_assert_no_error (error);
  g_assert_true (jz_rules_result_has_missing (result));
  g_assert_cmpuint (jz_rules_result_get_n_missing (result), ==, 2);
  need = jz_rules_result_get_missing (result, 1);
  g_assert_cmpstr (need->need, ==, "residence_proof");
  g_assert_cmpstr (need->any_of[0], ==, "lease_contract");
  g_assert_nonnull (strstr (notice, "吉林 第九条"));
  g_assert_nonnull (strstr (notice, "photo"));
  g_assert_nonnull (strstr (notice, "purchase_contract"));
  g_assert_null (none);
}

/* ---- proxy ------------------------------------------------------------------------ */

static void
test_jilin_proxy_under_16 (void)
{
  g_autofree char *child = make_id ("220102", "20100302");
  g_autofree char *sixteen = make_id ("220102", "20100301");
  g_autofree char *c1 = g_strdup_printf (
    "{" JILIN_FIRST ", 'applicant': {'id_number': '%s'}, 'applied_on': '2026-03-01',"
    " 'proxy': {'relation': 'guardian'}, 'materials': ['id_card', 'photo', 'lease_contract']}", child);
  g_autofree char *c2 = g_strdup_printf (
    "{" JILIN_FIRST ", 'applicant': {'id_number': '%s'}, 'applied_on': '2026-03-01',"
    " 'proxy': {'relation': 'guardian'}}", sixteen);
  g_autoptr(JsonNode) allowed = check_json ("jilin-2016", "2026-03-01", c1);
  g_autoptr(JsonNode) refused = check_json ("jilin-2016", "2026-03-01", c2);
  JsonArray *missing;

  assert_bool (allowed, "proxy.allowed", TRUE);
  assert_str (allowed, "proxy.reason", "under_16");
  assert_reason (allowed, "proxy_allowed", "吉林 第九条");
  /* The proxy shows their own ID. */
  missing = json_node_get_array (member (allowed, "missing"));
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (missing, 0), "need"),
                   ==, "proxy_id");

  /* Sixteen on the application date is no longer "under 16". */
  assert_bool (refused, "proxy.allowed", FALSE);
  assert_str (refused, "proxy.reason", "no_ground");
  assert_reason (refused, "proxy_refused", "吉林 第九条");
}

static void
test_national_proxy_grounds (void)
{
  g_autoptr(JsonNode) mobility = check_json ("national-2016", "2026-03-01",
    "{'applicant': {'limited_mobility': true}, 'proxy': {'relation': 'close_relative'}}");
  g_autoptr(JsonNode) disabled = check_json ("national-2016", "2026-03-01",
    "{'applicant': {'disabled': true}, 'proxy': {'relation': 'close_relative'}}");
  g_autoptr(JsonNode) stranger = check_json ("national-2016", "2026-03-01",
    "{'applicant': {'disabled': true}, 'proxy': {'relation': 'other'}}");
  g_autoptr(JsonNode) no_ground = check_json ("national-2016", "2026-03-01",
    "{'proxy': {'relation': 'guardian'}}");
  g_autoptr(JsonNode) replace = check_json ("national-2016", "2026-03-01",
    "{'kind': 'replace', 'applicant': {'disabled': true}, 'proxy': {'relation': 'guardian'}}");

  assert_str (mobility, "proxy.reason", "limited_mobility");
  assert_reason (mobility, "proxy_allowed", "条例 第九条");
  assert_str (disabled, "proxy.reason", "disabled");
  assert_bool (stranger, "proxy.allowed", FALSE);
  assert_str (stranger, "proxy.reason", "not_guardian_or_relative");
  assert_str (no_ground, "proxy.reason", "no_ground");
  /* The regulation allows a proxy for 申领 only. */
  assert_bool (replace, "proxy.allowed", FALSE);
  assert_str (replace, "proxy.reason", "kind_not_allowed");
}

/* 民法典 第1045条: spouses, parents, children, siblings, grandparents and
 * grandchildren are close relatives, named as such on the application. */
static void
test_national_proxy_close_relatives (void)
{
  static const char * const relations[] = { "spouse", "parent", "child", "sibling", "grandparent", "grandchild" };

  for (guint i = 0; i < G_N_ELEMENTS (relations); i++)
    {
      g_autofree char *c = g_strdup_printf ("{'applicant': {'limited_mobility': true}, 'proxy': {'relation': '%s'}}",
                                            relations[i]);
      g_autoptr(JsonNode) r = check_json ("national-2016", "2026-03-01", c);

      assert_bool (r, "proxy.allowed", TRUE);
      assert_str (r, "proxy.reason", "limited_mobility");
    }
}

/* 吉林 第九条: also for 换领 and 补领. */
static void
test_jilin_proxy_replace (void)
{
  g_autoptr(JsonNode) replace = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'replace', 'applicant': {'disabled': true}, 'proxy': {'relation': 'guardian'}}");
  g_autoptr(JsonNode) reissue = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'reissue', 'applicant': {'limited_mobility': true}, 'proxy': {'relation': 'guardian'}}");
  g_autoptr(JsonNode) endorse = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'endorse', 'applicant': {'disabled': true}, 'proxy': {'relation': 'guardian'}}");

  assert_bool (replace, "proxy.allowed", TRUE);
  assert_bool (reissue, "proxy.allowed", TRUE);
  assert_bool (endorse, "proxy.allowed", FALSE);
}

/* 三门峡 第十六条: the holder or an agent endorses. */
static void
test_sanmenxia_proxy_endorse (void)
{
  g_autoptr(JsonNode) r = check_json ("sanmenxia-2017", "2026-03-01",
    "{'kind': 'endorse', 'proxy': {'relation': 'other'}}");

  assert_bool (r, "proxy.allowed", TRUE);
  assert_str (r, "proxy.reason", "agent_permitted");
  assert_reason (r, "proxy_allowed", "三门峡 第十六条");
}

/* ---- issuance ------------------------------------------------------------------------ */

static void
test_jilin_issue_extension (void)
{
  g_autoptr(JzRulesResult) result = evaluate_with ("jilin-2016", "2026-03-01", NULL,
    "{'accepted_on': '2026-03-01', 'remote_area': true}");
  g_autoptr(JsonNode) r = jz_rules_result_to_json (result);
  GDate due, extended;

  assert_str (r, "issue_due", "2026-03-16");
  assert_str (r, "issue_due_extended", "2026-03-26");
  assert_reason (r, "issue_due", "吉林 第十二条");
  assert_reason (r, "issue_extension_remote", "吉林 第十二条");
  g_assert_true (jz_rules_result_get_issue_due (result, &due, &extended));
  g_assert_cmpuint (g_date_get_day (&extended), ==, 26);
}

/* 条例 第九条: never over 30 days in all. */
static void
test_national_issue_cap (void)
{
  g_autoptr(JsonNode) r = check_json ("national-2016", "2026-03-01",
    "{'accepted_on': '2026-03-01'}");

  /* 条例 第九条 grants no extension itself; city measures may, up to 30 days */
  assert_str (r, "issue_due", "2026-03-16");
  assert_null (r, "issue_due_extended");
  assert_reason (r, "no_extension", "条例 第九条");
}

static void
test_sanmenxia_no_extension (void)
{
  g_autoptr(JsonNode) r = check_json ("sanmenxia-2017", "2026-03-01",
    "{'accepted_on': '2026-03-01', 'remote_area': true}");

  assert_str (r, "issue_due", "2026-03-16");
  assert_null (r, "issue_due_extended");
  assert_reason (r, "no_extension", "三门峡 第十二条");
}

static void
test_issue_unknown (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01", "{'kind': 'first'}");

  assert_null (r, "issue_due");
  assert_null (r, "issue_due_extended");
  assert_reason (r, "issue_due_unknown", "吉林 第十二条");
}

/* A 2026 arrangement for the tests only (not an official calendar). */
static const char holidays_2026[] =
  "{ \"year\": 2026,"
  "  \"holidays\": [\"2026-10-01\", \"2026-10-02\", \"2026-10-03\", \"2026-10-04\","
  "                 \"2026-10-05\", \"2026-10-06\", \"2026-10-07\"],"
  "  \"workdays\": [\"2026-09-27\", \"2026-10-10\"] }";

/* 民法典 第203条. */
static void
test_holiday_shift (void)
{
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JzRulesResult) shifted = NULL;
  g_autoptr(JzRulesResult) weekend = NULL;
  g_autoptr(JzRulesResult) workday = NULL;
  g_autoptr(JzRulesResult) plain = NULL;
  g_autoptr(JsonNode) s = NULL;
  g_autoptr(JsonNode) w = NULL;
  g_autoptr(JsonNode) m = NULL;
  g_autoptr(JsonNode) p = NULL;

  g_assert_true (jz_holidays_load_data (holidays, holidays_2026, -1, "test", &error));
  g_assert_no_error (error);

  /* 09-16 + 15 = 10-01, National Day: moves to 10-08. */
  shifted = evaluate_with ("jilin-2016", "2026-09-16", holidays,
                           "{'accepted_on': '2026-09-16'}");
  s = jz_rules_result_to_json (shifted);
  assert_str (s, "issue_due", "2026-10-08");
  /* 09-16 + 25 = 10-11, a Sunday: moves to Monday 10-12. */
  assert_str (s, "issue_due_extended", "2026-10-12");

  /* 03-06 + 15 = 03-21, a Saturday. */
  weekend = evaluate_with ("jilin-2016", "2026-03-06", holidays,
                           "{'accepted_on': '2026-03-06'}");
  w = jz_rules_result_to_json (weekend);
  assert_str (w, "issue_due", "2026-03-23");

  /* 09-12 + 15 = 09-27, a Sunday that is a make-up workday. */
  workday = evaluate_with ("jilin-2016", "2026-09-12", holidays,
                           "{'accepted_on': '2026-09-12'}");
  m = jz_rules_result_to_json (workday);
  assert_str (m, "issue_due", "2026-09-27");

  /* Without a calendar nothing moves. */
  plain = evaluate_with ("jilin-2016", "2026-09-16", NULL, "{'accepted_on': '2026-09-16'}");
  p = jz_rules_result_to_json (plain);
  assert_str (p, "issue_due", "2026-10-01");

  /* A calendar for another year does not move a 2027 deadline. */
  {
    g_autoptr(JzRulesResult) other_year = evaluate_with ("jilin-2016", "2027-03-06", holidays,
                                                         "{'accepted_on': '2027-03-05'}");
    g_autoptr(JsonNode) o = jz_rules_result_to_json (other_year);

    /* 2027-03-20 is a Saturday, but 2027 has no calendar loaded. */
    assert_str (o, "issue_due", "2027-03-20");
  }
}

/* The last day of the endorsement window is a deadline too. */
static void
test_holiday_shift_window (void)
{
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(JzRulesResult) result = NULL;
  g_autoptr(JsonNode) r = NULL;

  g_assert_true (jz_holidays_load_data (holidays, holidays_2026, -1, "test", NULL));
  /* Issued 2025-10-04: anniversary 2026-10-04, window closes 10-03 (holiday) → 10-08. */
  result = evaluate_with ("jilin-2016", "2026-10-05", holidays,
                          "{'kind': 'endorse', 'permit': {'issued_on': '2025-10-04'}}");
  r = jz_rules_result_to_json (result);
  assert_str (r, "endorsement.window_closes", "2026-10-08");
  assert_str (r, "endorsement.status", "open");
}

/* ---- endorsement --------------------------------------------------------------------- */

static void
assert_status (const char *profile,
               const char *today,
               const char *issued,
               const char *status,
               gboolean    suspended)
{
  g_autofree char *c = g_strdup_printf ("{'kind': 'endorse', 'permit': {'issued_on': '%s'}}", issued);
  g_autoptr(JsonNode) r = check_json (profile, today, c);

  assert_str (r, "endorsement.status", status);
  assert_bool (r, "endorsement.suspended", suspended);
}

/* 吉林 第十三条: 30 days before the anniversary. */
static void
test_jilin_window (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2025-03-31'}}");

  assert_str (r, "endorsement.window_opens", "2026-03-01");
  assert_str (r, "endorsement.window_closes", "2026-03-30");
  assert_reason (r, "endorsement_open", "吉林 第十三条");

  assert_status ("jilin-2016", "2026-02-28", "2025-03-31", "not_due", FALSE);
  assert_status ("jilin-2016", "2026-03-01", "2025-03-31", "open", FALSE);
  assert_status ("jilin-2016", "2026-03-30", "2025-03-31", "open", FALSE);
  /* The anniversary itself is overdue. */
  assert_status ("jilin-2016", "2026-03-31", "2025-03-31", "overdue", TRUE);
}

/* 三门峡 第十六条: one calendar month, clamped. */
static void
test_sanmenxia_window (void)
{
  g_autoptr(JsonNode) r = check_json ("sanmenxia-2017", "2026-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2025-03-31'}}");

  assert_str (r, "endorsement.anniversary", "2026-03-31");
  assert_str (r, "endorsement.window_opens", "2026-02-28");
  assert_str (r, "endorsement.window_closes", "2026-03-30");
  assert_reason (r, "endorsement_open", "三门峡 第十六条");
  assert_status ("sanmenxia-2017", "2026-02-27", "2025-03-31", "not_due", FALSE);
  assert_status ("sanmenxia-2017", "2026-02-28", "2025-03-31", "open", FALSE);
}

/* 条例 第十条: overdue suspends; a late endorsement restores. */
static void
test_national_overdue (void)
{
  g_autoptr(JsonNode) r = check_json ("national-2016", "2026-06-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2025-03-31'}}");

  assert_str (r, "endorsement.window_opens", "2026-02-28");
  assert_str (r, "endorsement.status", "overdue");
  assert_bool (r, "endorsement.suspended", TRUE);
  assert_bool (r, "endorsement.requires_new_registration", FALSE);
  assert_reason (r, "endorsement_overdue", "条例 第十条");
  assert_reason (r, "late_endorsement_possible", "条例 第十条");
}

static void
test_jilin_endorsed_on_time (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2024-03-31', 'endorsed_on': ['2025-03-15']}}");

  g_autoptr(JsonNode) early = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2024-03-31', 'endorsed_on': ['2025-01-15']}}");

  assert_str (r, "endorsement.anniversary", "2026-03-31");
  assert_no_reason (r, "endorsement_restarted");
  assert_no_reason (r, "endorsement_before_window");
  assert_str (early, "endorsement.anniversary", "2026-03-31");
  assert_reason (early, "endorsement_before_window", "吉林 第十三条");
}

/* 吉林 第十三条: the years count from a late endorsement. */
static void
test_jilin_late_restarts (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2024-03-31', 'endorsed_on': ['2025-05-10']}}");
  g_autoptr(JsonNode) long_late = check_json ("jilin-2016", "2027-03-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2025-03-31'}}");

  assert_str (r, "endorsement.anniversary", "2026-05-10");
  assert_str (r, "endorsement.window_opens", "2026-04-10");
  assert_str (r, "endorsement.status", "not_due");
  assert_reason (r, "endorsement_restarted", "吉林 第十三条");
  /* Jilin has no half-year limit. */
  assert_bool (long_late, "endorsement.requires_new_registration", FALSE);
}

/* 三门峡 第十八条: more than half a year overdue needs a new 暂住登记. */
static void
test_sanmenxia_new_registration (void)
{
  g_autoptr(JsonNode) within = check_json ("sanmenxia-2017", "2026-09-30",
    "{'kind': 'endorse', 'permit': {'issued_on': '2025-03-31'}}");
  g_autoptr(JsonNode) beyond = check_json ("sanmenxia-2017", "2026-10-01",
    "{'kind': 'endorse', 'permit': {'issued_on': '2025-03-31'}}");

  assert_bool (within, "endorsement.suspended", TRUE);
  assert_bool (within, "endorsement.requires_new_registration", FALSE);
  assert_reason (within, "late_endorsement_possible", "三门峡 第十八条");
  assert_bool (beyond, "endorsement.requires_new_registration", TRUE);
  assert_reason (beyond, "new_registration_required", "三门峡 第十八条");
  assert_reason (beyond, "endorsement_overdue", "三门峡 第十九条");
}

/* 三门峡 第十九条(四): the hukou moved to the place of residence. */
static void
test_sanmenxia_hukou_moved (void)
{
  g_autoptr(JsonNode) r = check_json ("sanmenxia-2017", "2026-01-01",
    "{'kind': 'endorse', 'applicant': {'hukou_division': '411202'},"
    " 'residence_division': '411202', 'permit': {'issued_on': '2025-03-31'}}");

  assert_str (r, "endorsement.status", "not_due");
  assert_bool (r, "endorsement.suspended", TRUE);
  assert_reason (r, "suspended_hukou_moved", "三门峡 第十九条");
}

/* ---- moves ------------------------------------------------------------------------------ */

/* 三门峡 第十七条. */
static void
test_sanmenxia_moves (void)
{
  g_autoptr(JsonNode) same = check_json ("sanmenxia-2017", "2026-03-01",
    "{'kind': 'address_change', 'residence_division': '411202',"
    " 'permit': {'issued_on': '2025-06-01'},"
    " 'move': {'to_division': '411202', 'moved_on': '2026-03-01'}}");
  g_autoptr(JsonNode) other = check_json ("sanmenxia-2017", "2026-03-01",
    "{'kind': 'address_change', 'residence_division': '411202',"
    " 'permit': {'issued_on': '2025-06-01'}, 'move': {'to_division': '411282'}}");
  g_autoptr(JsonNode) outside = check_json ("sanmenxia-2017", "2026-03-01",
    "{'residence_division': '411202', 'move': {'to_division': '410102'}}");

  assert_str (same, "move.scope", "same_county");
  assert_str (same, "move.action", "endorse");
  assert_str (same, "move.due", "2026-03-16");
  assert_bool (same, "move.suspended", FALSE);
  assert_bool (same, "endorsement.suspended", FALSE);
  assert_reason (same, "move_endorse", "三门峡 第十七条");
  assert_bool (same, "fee.charged", FALSE);

  assert_str (other, "move.scope", "same_city");
  assert_str (other, "move.action", "new_registration");
  assert_null (other, "move.due");
  assert_bool (other, "move.suspended", TRUE);
  assert_bool (other, "endorsement.suspended", TRUE);
  assert_reason (other, "suspended_moved", "三门峡 第十九条");

  assert_str (outside, "move.action", "apply_anew");
}

/* 三门峡 第十七条第一款: the 15 days count from the real move; later is late. */
static void
test_sanmenxia_move_late (void)
{
  g_autoptr(JsonNode) late = check_json ("sanmenxia-2017", "2026-03-01",
    "{'kind': 'address_change', 'residence_division': '411202',"
    " 'permit': {'issued_on': '2025-06-01'},"
    " 'move': {'to_division': '411202', 'moved_on': '2026-02-01'}}");
  g_autoptr(JsonNode) in_time = check_json ("sanmenxia-2017", "2026-02-10",
    "{'kind': 'address_change', 'residence_division': '411202',"
    " 'permit': {'issued_on': '2025-06-01'},"
    " 'move': {'to_division': '411202', 'moved_on': '2026-02-01'}}");

  assert_str (late, "move.due", "2026-02-16");
  assert_reason (late, "move_late", "三门峡 第十七条");
  assert_no_reason (in_time, "move_late");
}

/* 吉林 第十八条. */
static void
test_jilin_address_change (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{'kind': 'address_change', 'residence_division': '220102', 'materials': ['id_card'],"
    " 'move': {'to_division': '220204'}}");

  assert_str (r, "move.scope", "same_jurisdiction");
  assert_str (r, "move.action", "address_change");
  assert_str (r, "move.article", "吉林 第十八条");
  assert_bool (r, "move.suspended", FALSE);
  assert_reason (r, "fee_free", "吉林 第二十五条");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (member (r, "missing"))), ==, 1);
}

static void
test_national_move (void)
{
  g_autoptr(JsonNode) r = check_json ("national-2016", "2026-03-01",
    "{'kind': 'address_change', 'residence_division': '110105', 'move': {'to_division': '110108'}}");

  assert_null (r, "move");
  assert_null (r, "fee");
  assert_reason (r, "kind_not_provided", NULL);
  assert_reason (r, "move_not_regulated", NULL);
}

/* ---- fees --------------------------------------------------------------------------------- */

static void
test_fees (void)
{
  g_autoptr(JsonNode) jilin_first = check_json ("jilin-2016", "2026-03-01", "{}");
  g_autoptr(JsonNode) jilin_replace = check_json ("jilin-2016", "2026-03-01", "{'kind': 'replace'}");
  g_autoptr(JsonNode) national_reissue = check_json ("national-2016", "2026-03-01", "{'kind': 'reissue'}");
  g_autoptr(JsonNode) sanmenxia_endorse = check_json ("sanmenxia-2017", "2026-03-01", "{'kind': 'endorse'}");
  g_autoptr(JzRulesResult) result = evaluate_with ("jilin-2016", "2026-03-01", NULL, "{'kind': 'reissue'}");
  gboolean charged;
  int amount;
  const char *cited;

  assert_bool (jilin_first, "fee.charged", FALSE);
  assert_null (jilin_first, "fee.amount_yuan");
  assert_bool (jilin_replace, "fee.charged", TRUE);
  /* no published amount: none made up (shown as 按规定标准) */
  assert_null (jilin_replace, "fee.amount_yuan");
  assert_reason (jilin_replace, "fee_charged", "吉林 第二十五条");
  assert_bool (national_reissue, "fee.charged", TRUE);
  assert_null (national_reissue, "fee.amount_yuan");
  assert_str (national_reissue, "fee.article", "条例 第二十一条");
  assert_bool (sanmenxia_endorse, "fee.charged", FALSE);
  assert_str (sanmenxia_endorse, "fee.article", "三门峡 第二十条");

  g_assert_true (jz_rules_result_get_fee (result, &charged, &amount, &cited));
  g_assert_true (charged);
  g_assert_cmpint (amount, ==, -1);
  g_assert_cmpstr (cited, ==, "吉林 第二十五条");
}

/* ---- bad input ------------------------------------------------------------------------------ */

static void
test_bad_input (void)
{
  g_autofree char *bad_check = NULL;
  g_autofree char *id = make_id ("220102", "19900101");
  g_autofree char *c = NULL;
  g_autofree char *unborn = NULL;

  /* Flip the check character to a wrong one. */
  bad_check = g_strdup (id);
  bad_check[17] = bad_check[17] == '0' ? '1' : '0';
  c = g_strdup_printf ("{'applicant': {'id_number': '%s'}}", bad_check);
  assert_case_rejected (c, "applicant.id_number: check character is");

  assert_case_rejected ("[]", "expected an object");
  assert_case_rejected ("{'kind': 'renew'}", "kind: “renew” is not one of first");
  assert_case_rejected ("{'kind': 1}", "kind: expected a string");
  assert_case_rejected ("{'acepted_on': '2026-03-01'}", "acepted_on: unknown member");
  assert_case_rejected ("{'applicant': {'name': 'x'}}", "applicant.name: unknown member");
  assert_case_rejected ("{'applicant': []}", "applicant: expected an object");
  assert_case_rejected ("{'applicant': {'id_number': '12345'}}", "applicant.id_number: 15 or 18 characters");
  assert_case_rejected ("{'applicant': {'hukou_division': '22010'}}",
                        "applicant.hukou_division: “22010” is not a 6-, 9- or 12-digit division code");
  assert_case_rejected ("{'applicant': {'limited_mobility': 'yes'}}",
                        "applicant.limited_mobility: expected true or false");
  assert_case_rejected ("{'applicant': {'disabled': 1}}", "applicant.disabled: expected true or false");
  assert_case_rejected ("{'residence_division': '2201A4'}", "residence_division: “2201A4”");
  assert_case_rejected ("{'residence_since': '2025-9-1'}",
                        "residence_since: “2025-9-1” is not a date in the form YYYY-MM-DD");
  assert_case_rejected ("{'temp_registration_date': '2025-02-29'}",
                        "temp_registration_date: 2025-02-29 is not a real calendar date");
  assert_case_rejected ("{'conditions': ['employment', 'job']}",
                        "conditions[1]: “job” is not one of employment, residence, study");
  assert_case_rejected ("{'conditions': 'employment'}", "conditions: expected an array");
  assert_case_rejected ("{'conditions': ['study', 'study']}", "conditions[1]: “study” is listed twice");
  assert_case_rejected ("{'materials': ['id_card', 'passport']}", "materials[1]: “passport” is not one of");
  assert_case_rejected ("{'materials': [3]}", "materials[0]: expected a string");
  assert_case_rejected ("{'proxy': {}}", "proxy.relation: required but missing");
  assert_case_rejected ("{'proxy': {'relation': 'friend'}}", "proxy.relation: “friend” is not one of");
  assert_case_rejected ("{'proxy': {'relation': 'guardian', 'id_number': 'x'}}", "proxy.id_number:");
  assert_case_rejected ("{'proxy': {'relation': 'guardian', 'phone': '1'}}", "proxy.phone: unknown member");
  assert_case_rejected ("{'applied_on': '2026/03/01'}", "applied_on: “2026/03/01”");
  assert_case_rejected ("{'accepted_on': '2026-02-30'}",
                        "accepted_on: 2026-02-30 is not a real calendar date");
  assert_case_rejected ("{'applied_on': '2026-03-02', 'accepted_on': '2026-03-01'}",
                        "accepted_on: 2026-03-01 is before applied_on 2026-03-02");
  assert_case_rejected ("{'remote_area': 'no'}", "remote_area: expected true or false");
  assert_case_rejected ("{'permit': {}}", "permit.issued_on: required but missing");
  assert_case_rejected ("{'permit': {'issued_on': '2025-03-31', 'endorsed_on': ['2025-03-01']}}",
                        "permit.endorsed_on[0]: 2025-03-01 is not after 2025-03-31");
  assert_case_rejected ("{'permit': {'issued_on': '2024-03-31', 'endorsed_on': ['2025-03-20', '2025-03-10']}}",
                        "permit.endorsed_on[1]: 2025-03-10 is not after 2025-03-20");
  assert_case_rejected ("{'permit': {'issued_on': '2025-03-31', 'endorsed_on': ['2026-13-01']}}",
                        "permit.endorsed_on[0]: 2026-13-01 is not a real calendar date");
  assert_case_rejected ("{'permit': {'issued_on': '2025-03-31', 'card': 1}}", "permit.card: unknown member");
  assert_case_rejected ("{'move': {}}", "move.to_division: required but missing");
  assert_case_rejected ("{'move': {'to_division': '411202', 'moved_on': 'soon'}}", "move.moved_on:");

  unborn = g_strdup_printf ("{'applicant': {'id_number': '%s'}, 'applied_on': '1989-12-31'}", id);
  assert_case_rejected (unborn, "applied_on: 1989-12-31 is before the birth date");
}

static void
test_null_means_unknown (void)
{
  g_autoptr(JsonNode) r = check_json ("jilin-2016", "2026-03-01",
    "{'kind': null, 'applicant': null, 'accepted_on': null, 'permit': null, 'materials': null}");

  assert_null (r, "issue_due");
  assert_null (r, "endorsement");
  assert_null (r, "missing");
  /* "kind": null is a first application, where nothing is claimed. */
  assert_bool (r, "eligible", FALSE);
  assert_reason (r, "no_condition", "吉林 第八条");
}

/* Imported calendars are kept in the data directory, one file per year;
 * a bad file stores nothing, re-import replaces, a corrupt stored file
 * is an error naming it while the others still load. */
static void
test_holidays_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("juzhu-holidays-XXXXXX", &error);
  g_autofree char *data_dir = NULL;
  g_autofree char *source = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *stored_2027 = NULL;
  g_autofree char *hol_dir = NULL;
  g_autoptr(JzHolidays) none = jz_holidays_new ();
  g_autoptr(JzHolidays) loaded = jz_holidays_new ();
  g_autoptr(JzHolidays) replaced = jz_holidays_new ();
  g_autoptr(JzHolidays) partial = jz_holidays_new ();
  g_autoptr(GArray) years = NULL;
  GDate d, out;
  guint year = 0;

  g_assert_no_error (error);
  data_dir = g_build_filename (tmp, "data", NULL);
  source = g_build_filename (tmp, "cal.json", NULL);
  hol_dir = jz_holidays_dir (data_dir);
  stored = g_build_filename (hol_dir, "2026.json", NULL);
  stored_2027 = g_build_filename (hol_dir, "2027.json", NULL);

  /* No directory: no calendars, no error. */
  g_assert_true (jz_holidays_load_dir (none, data_dir, &error));
  g_assert_no_error (error);
  years = jz_holidays_get_years (none);
  g_assert_cmpuint (years->len, ==, 0);
  g_clear_pointer (&years, g_array_unref);

  /* A bad file: an error naming the member, nothing stored. */
  g_assert_true (g_file_set_contents (source, "{\"year\": 2026, \"holidays\": [\"2026-02-30\"]}", -1, NULL));
  g_assert_false (jz_holidays_import_file (data_dir, source, &year, &error));
  g_assert_error (error, JZ_HOLIDAYS_ERROR, JZ_HOLIDAYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "holidays[0]"));
  g_clear_error (&error);
  g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));

  /* 2026-03-16 (Monday) a holiday: stored as 2026.json, loaded back. */
  g_assert_true (g_file_set_contents (source, "{\"year\": 2026, \"holidays\": [\"2026-03-16\"]}", -1, NULL));
  g_assert_true (jz_holidays_import_file (data_dir, source, &year, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (year, ==, 2026);
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));
  g_assert_true (jz_holidays_load_dir (loaded, data_dir, &error));
  g_assert_no_error (error);
  g_assert_true (jz_holidays_has_year (loaded, 2026));
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 16, G_DATE_MARCH, 2026);
  jz_holidays_shift_deadline (loaded, &d, &out);
  g_assert_cmpint (g_date_get_day (&out), ==, 17);

  /* Re-import of the year replaces it: 03-16 is a working day again. */
  g_assert_true (g_file_set_contents (source, "{\"year\": 2026, \"holidays\": [\"2026-10-01\"]}", -1, NULL));
  g_assert_true (jz_holidays_import_file (data_dir, source, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (source, "{\"year\": 2027, \"holidays\": [\"2027-01-01\"]}", -1, NULL));
  g_assert_true (jz_holidays_import_file (data_dir, source, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (jz_holidays_load_dir (replaced, data_dir, &error));
  g_assert_no_error (error);
  g_assert_true (jz_holidays_is_working_day (replaced, &d));
  years = jz_holidays_get_years (replaced);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpuint (g_array_index (years, guint, 0), ==, 2026);
  g_assert_cmpuint (g_array_index (years, guint, 1), ==, 2027);

  /* A stored file gone bad: an error naming it; the other year loads. */
  g_assert_true (g_file_set_contents (stored, "{\"year\": 20", -1, NULL));
  g_assert_false (jz_holidays_load_dir (partial, data_dir, &error));
  g_assert_error (error, JZ_HOLIDAYS_ERROR, JZ_HOLIDAYS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, stored));
  g_clear_error (&error);
  g_assert_false (jz_holidays_has_year (partial, 2026));
  g_assert_true (jz_holidays_has_year (partial, 2027));

  g_assert_cmpint (g_remove (stored), ==, 0);
  g_assert_cmpint (g_remove (stored_2027), ==, 0);
  g_assert_cmpint (g_rmdir (hol_dir), ==, 0);
  g_assert_cmpint (g_rmdir (data_dir), ==, 0);
  g_assert_cmpint (g_remove (source), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rules/example", test_example);

  g_test_add_func ("/rules/jilin/第八条/other-city", test_jilin_other_city);
  g_test_add_func ("/rules/sanmenxia/第七条/other-county", test_sanmenxia_other_county);
  g_test_add_func ("/rules/jilin/第八条/half-year-boundary", test_jilin_half_year_boundary);
  g_test_add_func ("/rules/jilin/第八条/month-end-clamp", test_jilin_month_end_clamp);
  g_test_add_func ("/rules/jilin/第八条/leap-year", test_leap_year);
  g_test_add_func ("/rules/sanmenxia/第八条/temp-registration-basis", test_sanmenxia_temp_registration_basis);
  g_test_add_func ("/rules/sanmenxia/第七条/temp-registration-required", test_sanmenxia_temp_registration_required);
  g_test_add_func ("/rules/jilin/第八条/condition-required", test_jilin_condition_required);
  g_test_add_func ("/rules/sanmenxia/第二十八条/hk-resident", test_sanmenxia_hk_resident);
  g_test_add_func ("/rules/national/第二条/undetermined", test_national_undetermined);
  g_test_add_func ("/rules/jilin/第三条/jurisdiction", test_jilin_jurisdiction);
  g_test_add_func ("/rules/jilin/第十三条/not-applicable", test_not_applicable_for_endorse);

  g_test_add_func ("/rules/jilin/第九条/materials", test_jilin_materials);
  g_test_add_func ("/rules/sanmenxia/第九条/materials", test_sanmenxia_materials);
  g_test_add_func ("/rules/national/第九条/materials-not-given", test_national_materials_not_given);
  g_test_add_func ("/rules/jilin/第九条/one-time-notice", test_notice);

  g_test_add_func ("/rules/jilin/第九条/proxy-under-16", test_jilin_proxy_under_16);
  g_test_add_func ("/rules/national/第九条/proxy-grounds", test_national_proxy_grounds);
  g_test_add_func ("/rules/national/proxy-close-relatives", test_national_proxy_close_relatives);
  g_test_add_func ("/rules/jilin/第九条/proxy-replace-reissue", test_jilin_proxy_replace);
  g_test_add_func ("/rules/sanmenxia/第十六条/proxy-endorse", test_sanmenxia_proxy_endorse);

  g_test_add_func ("/rules/jilin/第十二条/extension", test_jilin_issue_extension);
  g_test_add_func ("/rules/national/第九条/no-extension", test_national_issue_cap);
  g_test_add_func ("/rules/sanmenxia/第十二条/no-extension", test_sanmenxia_no_extension);
  g_test_add_func ("/rules/jilin/第十二条/accepted-unknown", test_issue_unknown);
  g_test_add_func ("/rules/民法典/第203条/holiday-shift", test_holiday_shift);
  g_test_add_func ("/rules/民法典/第203条/window-shift", test_holiday_shift_window);
  g_test_add_func ("/rules/民法典/第203条/import-load-dir", test_holidays_import);

  g_test_add_func ("/rules/jilin/第十三条/window", test_jilin_window);
  g_test_add_func ("/rules/sanmenxia/第十六条/window", test_sanmenxia_window);
  g_test_add_func ("/rules/national/第十条/overdue", test_national_overdue);
  g_test_add_func ("/rules/jilin/第十三条/endorsed-on-time", test_jilin_endorsed_on_time);
  g_test_add_func ("/rules/jilin/第十三条/late-restarts", test_jilin_late_restarts);
  g_test_add_func ("/rules/sanmenxia/第十八条/new-registration", test_sanmenxia_new_registration);
  g_test_add_func ("/rules/sanmenxia/第十九条/hukou-moved", test_sanmenxia_hukou_moved);

  g_test_add_func ("/rules/sanmenxia/第十七条/moves", test_sanmenxia_moves);
  g_test_add_func ("/rules/sanmenxia/第十七条/move-late", test_sanmenxia_move_late);
  g_test_add_func ("/rules/jilin/第十八条/address-change", test_jilin_address_change);
  g_test_add_func ("/rules/national/move-not-regulated", test_national_move);

  g_test_add_func ("/rules/fees/第二十五条-第二十条-第二十一条", test_fees);

  g_test_add_func ("/rules/case/bad-input", test_bad_input);
  g_test_add_func ("/rules/case/null-means-unknown", test_null_means_unknown);

  return g_test_run ();
}
