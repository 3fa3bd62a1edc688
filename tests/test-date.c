/* test-date.c — day counting as the regulations and the Civil Code say
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-date.h"

static void
assert_date (const GDate *d,
             const char  *expected)
{
  g_autofree char *text = jz_date_format (d);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_parse_valid (void)
{
  g_autoptr(GError) error = NULL;
  GDate d;

  g_assert_true (jz_date_parse ("2024-02-29", &d, &error));
  g_assert_no_error (error);
  assert_date (&d, "2024-02-29");
}

static void
test_parse_invalid (void)
{
  const char *bad_format[] = { "", "2026-3-1", "20260301", "2026/03/01", "2026-03-0x", "2026-03-011" };
  const char *bad_date[] = { "2025-02-29", "2026-13-01", "2026-04-31", "0000-01-01", "2026-00-10" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_format); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate d;

      g_assert_false (jz_date_parse (bad_format[i], &d, &error));
      g_assert_error (error, JZ_DATE_ERROR, JZ_DATE_ERROR_FORMAT);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_date); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate d;

      g_assert_false (jz_date_parse (bad_date[i], &d, &error));
      g_assert_error (error, JZ_DATE_ERROR, JZ_DATE_ERROR_INVALID);
    }
}

/* 民法典 第201条: accepted 2026-03-01, 15 days → due 2026-03-16. */
static void
test_add_days (void)
{
  GDate d, due;

  g_assert_true (jz_date_parse ("2026-03-01", &d, NULL));
  jz_date_add_days (&d, 15, &due);
  assert_date (&due, "2026-03-16");
}

/* Month arithmetic clamps to the month's end. */
static void
test_add_months_clamps (void)
{
  GDate d, out;

  g_assert_true (jz_date_parse ("2025-08-31", &d, NULL));
  jz_date_add_months (&d, 6, &out);
  assert_date (&out, "2026-02-28");

  g_assert_true (jz_date_parse ("2025-09-01", &d, NULL));
  jz_date_add_months (&d, 6, &out);
  assert_date (&out, "2026-03-01");
}

static void
test_today_override (void)
{
  g_autoptr(GError) error = NULL;
  GDate d;

  g_assert_true (jz_date_resolve_today ("2026-05-04", &d, &error));
  assert_date (&d, "2026-05-04");

  g_setenv ("JUZHU_TODAY", "2027-01-02", TRUE);
  g_assert_true (jz_date_resolve_today (NULL, &d, &error));
  assert_date (&d, "2027-01-02");

  g_setenv ("JUZHU_TODAY", "2027-02-30", TRUE);
  g_assert_false (jz_date_resolve_today (NULL, &d, &error));
  g_assert_error (error, JZ_DATE_ERROR, JZ_DATE_ERROR_INVALID);
  g_unsetenv ("JUZHU_TODAY");
}

static void
test_age (void)
{
  GDate birth, on;

  g_assert_true (jz_date_parse ("2010-03-02", &birth, NULL));
  g_assert_true (jz_date_parse ("2026-03-01", &on, NULL));
  g_assert_cmpuint (jz_date_age_on (&birth, &on), ==, 15);
  g_assert_true (jz_date_parse ("2026-03-02", &on, NULL));
  g_assert_cmpuint (jz_date_age_on (&birth, &on), ==, 16);

  g_assert_true (jz_date_parse ("2008-02-29", &birth, NULL));
  g_assert_true (jz_date_parse ("2026-02-28", &on, NULL));
  g_assert_cmpuint (jz_date_age_on (&birth, &on), ==, 17);
  g_assert_true (jz_date_parse ("2026-03-01", &on, NULL));
  g_assert_cmpuint (jz_date_age_on (&birth, &on), ==, 18);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/date/parse/valid", test_parse_valid);
  g_test_add_func ("/date/parse/invalid", test_parse_invalid);
  g_test_add_func ("/date/add-days", test_add_days);
  g_test_add_func ("/date/add-months-clamps", test_add_months_clamps);
  g_test_add_func ("/date/today-override", test_today_override);
  g_test_add_func ("/date/age", test_age);

  return g_test_run ();
}
