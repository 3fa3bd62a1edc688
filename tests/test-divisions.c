/* test-divisions.c — GB/T 2260 administrative divisions
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-divisions.h"

static JzDivisions *
new_divisions (void)
{
  g_autoptr(GError) error = NULL;
  JzDivisions *divisions = jz_divisions_new (&error);

  g_assert_no_error (error);
  g_assert_nonnull (divisions);
  return divisions;
}

static JzDivisions *
load_fixture (guint *n_added)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "divisions-small.csv", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  JzDivisions *divisions = new_divisions ();

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (jz_divisions_import_csv (divisions, contents, (gssize) length, n_added, &error));
  g_assert_no_error (error);
  return divisions;
}

static void
assert_import_fails (const char       *csv,
                     JzDivisionsError  code,
                     const char       *fragment)
{
  g_autoptr(JzDivisions) divisions = new_divisions ();
  g_autoptr(GError) error = NULL;
  guint before = jz_divisions_count (divisions);
  guint n_added = 99;

  g_assert_false (jz_divisions_import_csv (divisions, csv, -1, &n_added, &error));
  g_assert_error (error, JZ_DIVISIONS_ERROR, (int) code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("message “%s” does not contain “%s”", error->message, fragment);
  g_assert_cmpuint (n_added, ==, 0);
  g_assert_cmpuint (jz_divisions_count (divisions), ==, before);
}

static void
test_provinces (void)
{
  g_autoptr(JzDivisions) divisions = new_divisions ();

  g_assert_cmpuint (jz_divisions_count (divisions), ==, 34);
  g_assert_cmpstr (jz_divisions_name (divisions, "220000"), ==, "吉林省");
  g_assert_cmpstr (jz_divisions_name (divisions, "410000"), ==, "河南省");
  g_assert_cmpstr (jz_divisions_name (divisions, "820000"), ==, "澳门特别行政区");
  g_assert_null (jz_divisions_name (divisions, "220100"));
  g_assert_null (jz_divisions_name (divisions, "code"));
  g_assert_null (jz_divisions_name (divisions, NULL));
}

static void
test_import_fixture (void)
{
  guint n_added = 0;
  g_autoptr(JzDivisions) divisions = load_fixture (&n_added);

  /* 49 rows, 4 of them provinces already built in with the same names */
  g_assert_cmpuint (n_added, ==, 45);
  g_assert_cmpuint (jz_divisions_count (divisions), ==, 34 + 45);
  g_assert_cmpstr (jz_divisions_name (divisions, "411203"), ==, "陕州区");
  g_assert_cmpstr (jz_divisions_name (divisions, "220102"), ==, "南关区");
}

static void
test_import_formats (void)
{
  g_autoptr(JzDivisions) divisions = new_divisions ();
  g_autoptr(GError) error = NULL;
  guint n_added = 0;

  /* byte order mark, CRLF, no header, quoted cells, a blank line */
  g_assert_true (jz_divisions_import_csv (divisions,
                                          "\xEF\xBB\xBF" "220100,长春市\r\n"
                                          "\"220102\",\"南关区\"\r\n"
                                          "\r\n"
                                          "220103, 宽城区 \r\n",
                                          -1, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 3);
  g_assert_cmpstr (jz_divisions_name (divisions, "220100"), ==, "长春市");
  g_assert_cmpstr (jz_divisions_name (divisions, "220102"), ==, "南关区");
  g_assert_cmpstr (jz_divisions_name (divisions, "220103"), ==, "宽城区");

  /* The header after a BOM, and a province listed after its county. */
  g_assert_true (jz_divisions_import_csv (divisions,
                                          "\xEF\xBB\xBF" "code,name\n"
                                          "990101,某县\n"
                                          "990000,某省\n",
                                          -1, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);

  /* Importing the same rows again adds nothing; a renamed code counts. */
  g_assert_true (jz_divisions_import_csv (divisions, "220100,长春市\n220103,宽城县\n",
                                          -1, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 1);
  g_assert_cmpstr (jz_divisions_name (divisions, "220103"), ==, "宽城县");
}

/* One bad line and nothing at all is added. */
static void
test_import_all_or_nothing (void)
{
  assert_import_fails ("code,name\n220100,长春市\n220102,南关区\n22010x,宽城区\n",
                       JZ_DIVISIONS_ERROR_CODE, "line 4: code “22010x” must be 6, 9 or 12 digits");
  assert_import_fails ("220100,长春市\r\n2201034,宽城区\r\n",
                       JZ_DIVISIONS_ERROR_CODE, "line 2:");
  assert_import_fails ("220100,长春市\n220102,\n",
                       JZ_DIVISIONS_ERROR_NAME, "line 2: the name of 220102 is empty");
  assert_import_fails ("220100,长春市\n220102\n",
                       JZ_DIVISIONS_ERROR_SYNTAX, "line 2: expected two fields");
  assert_import_fails ("220100,长春市\n220102,南关区,extra\n",
                       JZ_DIVISIONS_ERROR_SYNTAX, "line 2:");
  assert_import_fails ("220100,长春市\n220102,南关区\n220102,朝阳区\n",
                       JZ_DIVISIONS_ERROR_DUPLICATE,
                       "line 3: code 220102 is “朝阳区” here but “南关区” on line 2");
  assert_import_fails ("220100,长春市\n990101,某县\n",
                       JZ_DIVISIONS_ERROR_PROVINCE, "line 2: code 990101: province 99");
  assert_import_fails ("220100,长春市\n220102,\xff\xfe\n",
                       JZ_DIVISIONS_ERROR_ENCODING, "line 2: not UTF-8");
  assert_import_fails ("", JZ_DIVISIONS_ERROR_EMPTY, "no rows");
  assert_import_fails ("code,name\r\n\r\n", JZ_DIVISIONS_ERROR_EMPTY, "no rows");

  /* Every problem is listed, not only the first. */
  assert_import_fails ("220100,长春市\n1,a\n2,b\n220102,\n",
                       JZ_DIVISIONS_ERROR_CODE, "line 2: code “1” must be 6, 9 or 12 digits; line 3:");
  assert_import_fails ("1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n7,g\n",
                       JZ_DIVISIONS_ERROR_CODE, "(and 2 more problems)");

  /* A duplicate with the same name is harmless. */
  {
    g_autoptr(JzDivisions) divisions = new_divisions ();
    g_autoptr(GError) error = NULL;
    guint n_added = 0;

    g_assert_true (jz_divisions_import_csv (divisions, "220100,长春市\n220100,长春市\n",
                                            -1, &n_added, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_added, ==, 1);
  }
}

static void
test_full_name (void)
{
  g_autoptr(JzDivisions) divisions = load_fixture (NULL);
  const struct {
    const char *code;
    const char *name;
  } cases[] = {
    { "220102", "吉林省长春市南关区" },
    { "220104", "吉林省长春市朝阳区" },
    { "220100", "吉林省长春市" },
    { "220000", "吉林省" },
    { "411203", "河南省三门峡市陕州区" },
    { "411282", "河南省三门峡市灵宝市" },
    { "110105", "北京市朝阳区" },         /* 110100 市辖区 left out */
    { "220199", "吉林省长春市" },         /* unknown county */
    { "230102", "黑龙江省" },             /* only the province known */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = jz_divisions_full_name (divisions, cases[i].code);

      g_assert_cmpstr (name, ==, cases[i].name);
    }

  g_assert_null (jz_divisions_full_name (divisions, "990101"));
  g_assert_null (jz_divisions_full_name (divisions, "2201"));
  g_assert_null (jz_divisions_full_name (divisions, NULL));

  /* Rows added from the store are used the same way. */
  jz_divisions_add (divisions, "419000", "省直辖县级行政区划");
  jz_divisions_add (divisions, "419001", "济源市");
  {
    g_autofree char *name = jz_divisions_full_name (divisions, "419001");

    g_assert_cmpstr (name, ==, "河南省济源市");
  }
}

/* Township (9 digits) and committee (12 digits) codes of the statistical
 * division table, on top of the counties. */
static void
test_committees (void)
{
  g_autoptr(JzDivisions) divisions = load_fixture (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "divisions-committees.csv", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint n_added = 0;
  const struct {
    const char *code;
    const char *name;
  } cases[] = {
    { "220102005", "吉林省长春市南关区永吉街道" },
    { "220102005003", "吉林省长春市南关区永吉街道东风社区居民委员会" },
    { "220102006001", "吉林省长春市南关区自强街道自强社区居民委员会" },  /* township as 220102006000 */
    { "220102005999", "吉林省长春市南关区永吉街道" },                  /* unknown committee */
    { "220102", "吉林省长春市南关区" },
  };

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (jz_divisions_import_csv (divisions, contents, (gssize) length, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 5);
  g_assert_cmpstr (jz_divisions_name (divisions, "220102005003"), ==, "东风社区居民委员会");
  g_assert_cmpstr (jz_divisions_name (divisions, "220102005"), ==, "永吉街道");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = jz_divisions_full_name (divisions, cases[i].code);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
  g_assert_null (jz_divisions_full_name (divisions, "2201020050"));
  g_assert_null (jz_divisions_full_name (divisions, "2201020050031"));

  /* A county lists its townships and a township its committees, for the
   * pickers under the county (jz-division-group.c); a committee, none. */
  {
    g_autoptr(GPtrArray) townships = jz_divisions_children (divisions, "220102");
    g_autoptr(GPtrArray) committees = jz_divisions_children (divisions, "220102005");
    g_autoptr(GPtrArray) none = jz_divisions_children (divisions, "220102005003");

    g_assert_cmpuint (townships->len, ==, 1);
    g_assert_cmpstr (townships->pdata[0], ==, "220102005");
    g_assert_cmpuint (committees->len, >=, 1);
    for (guint i = 0; i < committees->len; i++)
      g_assert_true (g_str_has_prefix (committees->pdata[i], "220102005") &&
                     strlen (committees->pdata[i]) == 12);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* A committee of a known province needs no county row… */
  {
    g_autoptr(JzDivisions) fresh = new_divisions ();

    g_assert_true (jz_divisions_import_csv (fresh, "220102005003,东风社区居民委员会\n", -1, &n_added, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_added, ==, 1);
  }
  /* …nor does one whose county and province are listed in the file… */
  {
    g_autoptr(JzDivisions) fresh = new_divisions ();

    g_assert_true (jz_divisions_import_csv (fresh, "990101005003,某居委会\n990101,某县\n990000,某省\n",
                                            -1, &n_added, &error));
    g_assert_no_error (error);
  }
  /* …but with neither known, nothing is imported. */
  assert_import_fails ("220102005,永吉街道\n990101005003,某居委会\n",
                       JZ_DIVISIONS_ERROR_PROVINCE,
                       "line 2: code 990101005003: neither county 990101 nor province 99");
  assert_import_fails ("2201020050,某地\n", JZ_DIVISIONS_ERROR_CODE,
                       "line 1: code “2201020050” must be 6, 9 or 12 digits");

  /* Same city and county go by the county's digits. */
  g_assert_true (jz_divisions_same_county ("220102005003", "220102"));
  g_assert_true (jz_divisions_same_city ("220102005003", "220104006001"));
  g_assert_false (jz_divisions_same_county ("220102005003", "220104006001"));
}

static void
assert_children (JzDivisions        *divisions,
                 const char         *parent,
                 const char * const *expected,
                 guint               n_expected)
{
  g_autoptr(GPtrArray) children = jz_divisions_children (divisions, parent);

  g_assert_nonnull (children);
  g_assert_cmpuint (children->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr (g_ptr_array_index (children, i), ==, expected[i]);
}

static void
test_children (void)
{
  g_autoptr(JzDivisions) divisions = load_fixture (NULL);
  const char *jilin[] = { "220100", "220200" };
  const char *sanmenxia[] = { "411202", "411203", "411221", "411224", "411281", "411282" };
  const char *changchun[] = {
    "220102", "220103", "220104", "220105", "220106", "220112", "220113", "220122",
    "220182", "220183",
  };

  assert_children (divisions, "220000", jilin, G_N_ELEMENTS (jilin));
  assert_children (divisions, "411200", sanmenxia, G_N_ELEMENTS (sanmenxia));
  assert_children (divisions, "220100", changchun, G_N_ELEMENTS (changchun));
  assert_children (divisions, "220102", NULL, 0);
  assert_children (divisions, "230000", NULL, 0);
  assert_children (divisions, "bad", NULL, 0);
}

static void
test_same_city_county (void)
{
  g_assert_true (jz_divisions_same_city ("220102", "220104"));
  g_assert_false (jz_divisions_same_city ("220102", "220202"));
  g_assert_true (jz_divisions_same_city ("411202", "411203"));
  g_assert_true (jz_divisions_same_city ("411202", "411282"));
  g_assert_false (jz_divisions_same_city ("220102", NULL));
  g_assert_false (jz_divisions_same_city ("2201", "2201"));

  g_assert_true (jz_divisions_same_county ("411203", "411203"));
  g_assert_false (jz_divisions_same_county ("411202", "411203"));
  g_assert_false (jz_divisions_same_county (NULL, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/divisions/provinces", test_provinces);
  g_test_add_func ("/divisions/import-fixture", test_import_fixture);
  g_test_add_func ("/divisions/import-formats", test_import_formats);
  g_test_add_func ("/divisions/import-all-or-nothing", test_import_all_or_nothing);
  g_test_add_func ("/divisions/full-name", test_full_name);
  g_test_add_func ("/divisions/children", test_children);
  g_test_add_func ("/divisions/committees", test_committees);
  g_test_add_func ("/divisions/same-city-county", test_same_city_county);

  return g_test_run ();
}
