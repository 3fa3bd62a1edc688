/* test-id-number.c — GB 11643 citizen identity numbers
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-date.h"
#include "jz-id-number.h"

static const guint provinces[] = {
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
  41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
};

static void
get_today (GDate *today)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_date_parse ("2026-03-01", today, &error));
  g_assert_no_error (error);
}

static void
assert_birth (const JzIdInfo *info,
              const char     *expected)
{
  g_autofree char *text = jz_date_format (&info->birth_date);

  g_assert_cmpstr (text, ==, expected);
}

/* Parses @text expecting failure with @code and a message containing
 * @fragment. */
static void
assert_rejected (const char *text,
                 JzIdError   code,
                 const char *fragment)
{
  g_autoptr(GError) error = NULL;
  JzIdInfo info;
  GDate today;

  get_today (&today);
  g_assert_false (jz_id_number_parse (text, &today, &info, &error));
  g_assert_error (error, JZ_ID_ERROR, (int) code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s”: message “%s” does not contain “%s”", text, error->message, fragment);
}

/* Check characters worked out independently (by hand and with a
 * one-line script), not with the code under test. */
static void
test_check_char (void)
{
  g_assert_cmpint (jz_id_number_check_char ("11010519491231002"), ==, 'X');
  g_assert_cmpint (jz_id_number_check_char ("44052418800101001"), ==, '4');
  g_assert_cmpint (jz_id_number_check_char ("22010219900307123"), ==, '5');
  g_assert_cmpint (jz_id_number_check_char ("41120320000229002"), ==, '6');
  g_assert_cmpint (jz_id_number_check_char ("65010219751231057"), ==, '3');
  g_assert_cmpint (jz_id_number_check_char ("81000019000101000"), ==, 'X');
  g_assert_cmpint (jz_id_number_check_char ("1101051949123100A"), ==, '\0');
  g_assert_cmpint (jz_id_number_check_char ("1101051949"), ==, '\0');
}

static void
test_valid_examples (void)
{
  const struct {
    const char *number;
    const char *birth;
    JzSex       sex;
    const char *division;
  } cases[] = {
    /* The example of GB 11643-1999 itself */
    { "11010519491231002X", "1949-12-31", JZ_SEX_FEMALE, "110105" },
    { "220102199003071235", "1990-03-07", JZ_SEX_MALE, "220102" },
    { "411203200002290026", "2000-02-29", JZ_SEX_FEMALE, "411203" },
    { "650102197512310573", "1975-12-31", JZ_SEX_MALE, "650102" },
    { "81000019000101000X", "1900-01-01", JZ_SEX_FEMALE, "810000" },
    /* born today */
    { "110105202603010012", "2026-03-01", JZ_SEX_MALE, "110105" },
  };
  GDate today;

  get_today (&today);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      JzIdInfo info;

      g_assert_true (jz_id_number_parse (cases[i].number, &today, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (info.normalized, ==, cases[i].number);
      g_assert_cmpstr (info.division, ==, cases[i].division);
      g_assert_cmpint (info.sex, ==, cases[i].sex);
      g_assert_false (info.converted_from_15);
      assert_birth (&info, cases[i].birth);
    }
}

/* 440524188001010014, the number found in every textbook, has a correct
 * check character but a birth year of 1880: the parser holds that to be a
 * mistyped century. */
static void
test_textbook_example_before_1900 (void)
{
  g_assert_cmpint (jz_id_number_check_char ("44052418800101001"), ==, '4');
  assert_rejected ("440524188001010014", JZ_ID_ERROR_BIRTH_DATE,
                   "birth date 18800101 (digits 7–14) is before 1900");
}

static void
test_normalisation (void)
{
  const char *inputs[] = {
    "11010519491231002x",
    "  11010519491231002X\n",
    "\t11010519491231002x ",
    "１１０１０５１９４９１２３１００２Ｘ",      /* full-width, from a Chinese IME */
    "\u300011010519491231002X\u3000",            /* ideographic spaces */
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      JzIdInfo info;

      g_assert_true (jz_id_number_parse (inputs[i], NULL, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (info.normalized, ==, "11010519491231002X");
    }
}

static void
test_convert_15 (void)
{
  g_autoptr(GError) error = NULL;
  JzIdInfo info;
  GDate today;

  get_today (&today);

  g_assert_true (jz_id_number_parse ("110105491231002", &today, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.normalized, ==, "11010519491231002X");
  g_assert_cmpstr (info.division, ==, "110105");
  g_assert_true (info.converted_from_15);
  g_assert_cmpint (info.sex, ==, JZ_SEX_FEMALE);
  assert_birth (&info, "1949-12-31");

  /* The 15th digit gives the sex: 3 is odd. */
  g_assert_true (jz_id_number_parse ("220102800101013", &today, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.sex, ==, JZ_SEX_MALE);
  g_assert_true (info.converted_from_15);
  assert_birth (&info, "1980-01-01");
  g_assert_cmpint (strlen (info.normalized), ==, 18);
  g_assert_cmpint (info.normalized[17], ==, jz_id_number_check_char (info.normalized));

  assert_rejected ("110105491332002", JZ_ID_ERROR_BIRTH_DATE, "birth date 491332 (digits 7–12)");
  assert_rejected ("990105491231002", JZ_ID_ERROR_PROVINCE, "province code 99");
  assert_rejected ("11010549123100X", JZ_ID_ERROR_CHARACTERS, "character 15");
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;

  assert_rejected ("", JZ_ID_ERROR_EMPTY, "empty");
  assert_rejected (" \t\n", JZ_ID_ERROR_EMPTY, "empty");
  g_assert_false (jz_id_number_parse (NULL, NULL, NULL, &error));
  g_assert_error (error, JZ_ID_ERROR, JZ_ID_ERROR_EMPTY);

  assert_rejected ("11010519491231002", JZ_ID_ERROR_LENGTH, "18 characters expected, got 17");
  assert_rejected ("11010519491231002X1", JZ_ID_ERROR_LENGTH, "got 19");
  assert_rejected ("1101", JZ_ID_ERROR_LENGTH, "got 4");

  assert_rejected ("1101051949123A002X", JZ_ID_ERROR_CHARACTERS, "character 14 is “A”");
  assert_rejected ("11010519491231002Y", JZ_ID_ERROR_CHARACTERS,
                   "character 18 is “Y”, expected a digit or X");
  assert_rejected ("X10105194912310021", JZ_ID_ERROR_CHARACTERS, "character 1 is “X”");
  assert_rejected ("110105194912310中2X", JZ_ID_ERROR_CHARACTERS, "character 16 is “中”");
  assert_rejected ("11010519491231\xff\xfe", JZ_ID_ERROR_CHARACTERS, "UTF-8");

  assert_rejected ("99010519491231002X", JZ_ID_ERROR_PROVINCE,
                   "province code 99 (digits 1–2) is unknown");
  assert_rejected ("10010519491231002X", JZ_ID_ERROR_PROVINCE, "province code 10");
  assert_rejected ("72010519491231002X", JZ_ID_ERROR_PROVINCE, "province code 72");

  assert_rejected ("110105199013320016", JZ_ID_ERROR_BIRTH_DATE,
                   "birth date 19901332 (digits 7–14) is not a real date");
  assert_rejected ("110105190002290017", JZ_ID_ERROR_BIRTH_DATE, "19000229");
  assert_rejected ("110105000001010017", JZ_ID_ERROR_BIRTH_DATE, "not a real date");
  assert_rejected ("110105189912310015", JZ_ID_ERROR_BIRTH_DATE, "before 1900");

  assert_rejected ("110105202603020018", JZ_ID_ERROR_FUTURE_BIRTH,
                   "birth date 2026-03-02 (digits 7–14) is after today, 2026-03-01");

  assert_rejected ("110105194912310021", JZ_ID_ERROR_CHECKSUM,
                   "check character is 1, expected X");
  assert_rejected ("220102199003071234", JZ_ID_ERROR_CHECKSUM,
                   "check character is 4, expected 5");
}

/* Without a today, a future birth date is not the parser's business. */
static void
test_no_today (void)
{
  g_autoptr(GError) error = NULL;
  JzIdInfo info;

  g_assert_true (jz_id_number_parse ("110105202603020018", NULL, &info, &error));
  g_assert_no_error (error);
  assert_birth (&info, "2026-03-02");

  /* and @out may be NULL for a yes/no check */
  g_assert_true (jz_id_number_parse ("11010519491231002X", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
make_random_number (char  *number,
                    GDate *birth)
{
  GDate first, last;
  guint32 span, sequence;
  guint province = provinces[g_test_rand_int_range (0, G_N_ELEMENTS (provinces))];

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, G_DATE_JANUARY, 1900);
  g_date_set_dmy (&last, 1, G_DATE_MARCH, 2026);
  span = g_date_get_julian (&last) - g_date_get_julian (&first);

  g_date_clear (birth, 1);
  g_date_set_julian (birth, g_date_get_julian (&first) + (guint32) g_test_rand_int_range (0, (gint32) span + 1));
  sequence = (guint32) g_test_rand_int_range (0, 1000);

  g_snprintf (number, 18, "%02u%04d%04u%02u%02u%03u",
              province, g_test_rand_int_range (0, 10000),
              g_date_get_year (birth), g_date_get_month (birth), g_date_get_day (birth),
              sequence);
  number[17] = jz_id_number_check_char (number);
  number[18] = '\0';
}

/* ISO 7064 MOD 11-2 detects every single substitution: the weights are all
 * non-zero modulo the prime 11, so changing one character always changes
 * the sum modulo 11. */
static void
test_random_numbers (void)
{
  GDate today;

  get_today (&today);

  for (guint n = 0; n < 1000; n++)
    {
      g_autoptr(GError) error = NULL;
      char number[19];
      GDate birth;
      JzIdInfo info;

      make_random_number (number, &birth);
      g_assert_cmpint (number[17], !=, '\0');

      if (!jz_id_number_parse (number, &today, &info, &error))
        g_error ("%s rejected: %s", number, error->message);
      g_assert_cmpstr (info.normalized, ==, number);
      g_assert_cmpint (g_date_compare (&info.birth_date, &birth), ==, 0);
      g_assert_cmpint (info.sex, ==, (number[16] - '0') % 2 == 1 ? JZ_SEX_MALE : JZ_SEX_FEMALE);

      for (guint pos = 0; pos < 18; pos++)
        {
          const char *alphabet = pos == 17 ? "0123456789X" : "0123456789";

          for (const char *c = alphabet; *c != '\0'; c++)
            {
              g_autoptr(GError) corrupt_error = NULL;
              char corrupt[19];

              if (*c == number[pos])
                continue;
              memcpy (corrupt, number, sizeof corrupt);
              corrupt[pos] = *c;

              g_assert_cmpint (jz_id_number_check_char (corrupt), !=, corrupt[17]);
              if (jz_id_number_parse (corrupt, &today, NULL, &corrupt_error))
                g_error ("%s (from %s) accepted", corrupt, number);
              g_assert_nonnull (corrupt_error);
            }
        }
    }
}

static void
test_mask (void)
{
  const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "11010519491231002X", "110***********002X" },
    { "11010519491231002x", "110***********002X" },
    { " 220102199003071235 ", "220***********1235" },
    { "110105491231002", "110********1002" },
    { "1234567", "*******" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = jz_id_number_mask (cases[i].in);

      g_assert_cmpstr (masked, ==, cases[i].out);
    }

  /* The birth date never survives masking. */
  {
    g_autofree char *masked = jz_id_number_mask ("11010519491231002X");

    g_assert_null (strstr (masked, "1949"));
    g_assert_null (strstr (masked, "1231"));
  }
}

static void
test_sex_code (void)
{
  g_assert_cmpstr (jz_sex_to_code (JZ_SEX_MALE), ==, "1");
  g_assert_cmpstr (jz_sex_to_code (JZ_SEX_FEMALE), ==, "2");
  g_assert_cmpstr (jz_sex_to_code (JZ_SEX_UNKNOWN), ==, "0");
}

/* GB 32100-2015: the example code of the standard's annex, and what a
 * typing slip does to it. */
static void
test_credit_code (void)
{
  g_assert_cmpint (jz_credit_code_check_char ("91350100M000100Y4"), ==, '3');
  g_assert_true (jz_credit_code_is_valid ("91350100M000100Y43"));
  g_assert_false (jz_credit_code_is_valid ("91350100M000100Y44"));
  g_assert_false (jz_credit_code_is_valid ("91350100M000100Y4"));
  g_assert_false (jz_credit_code_is_valid ("9135010OM000100Y43"));   /* a letter where the division is */
  g_assert_cmpint (jz_credit_code_check_char ("91350100M000I00Y4"), ==, '\0');  /* I is not used */
  g_assert_false (jz_credit_code_is_valid (NULL));
}

/* A landlord or employer: an ID number or a credit code, normalised, with
 * the message that fits what was typed. */
static void
test_party (void)
{
  GDate today;
  char out[19];
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = NULL;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_MARCH, 2026);
  g_assert_true (jz_party_id_parse (" 91350100m000100y43 ", &today, out, NULL));
  g_assert_cmpstr (out, ==, "91350100M000100Y43");
  g_assert_true (jz_party_id_parse ("220104197001010037", &today, out, NULL));
  g_assert_cmpstr (out, ==, "220104197001010037");
  /* full-width digits from a Chinese input method */
  g_assert_true (jz_party_id_parse ("２２０１０４１９７００１０１００３７", &today, out, NULL));
  g_assert_cmpstr (out, ==, "220104197001010037");

  g_assert_false (jz_party_id_parse ("91350100M000100Y44", &today, out, &error));
  g_assert_error (error, JZ_ID_ERROR, JZ_ID_ERROR_CREDIT_CODE);
  g_assert_nonnull (strstr (error->message, "should be 3"));
  g_clear_error (&error);
  g_assert_false (jz_party_id_parse ("91350100M000100", &today, out, &error));
  g_assert_nonnull (strstr (error->message, "18 characters"));
  g_clear_error (&error);
  g_assert_false (jz_party_id_parse ("220104197001010038", &today, out, &error));
  g_assert_error (error, JZ_ID_ERROR, JZ_ID_ERROR_CHECKSUM);
  g_clear_error (&error);
  g_assert_false (jz_party_id_parse ("  ", &today, out, &error));
  g_assert_error (error, JZ_ID_ERROR, JZ_ID_ERROR_EMPTY);

  masked = jz_party_id_mask ("220104197001010037");
  g_assert_null (strstr (masked, "19700101"));
  g_free (masked);
  masked = jz_party_id_mask ("91350100M000100Y43");
  g_assert_cmpstr (masked, ==, "91350100M000100Y43");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/id-number/check-char", test_check_char);
  g_test_add_func ("/id-number/valid-examples", test_valid_examples);
  g_test_add_func ("/id-number/textbook-example-before-1900", test_textbook_example_before_1900);
  g_test_add_func ("/id-number/normalisation", test_normalisation);
  g_test_add_func ("/id-number/convert-15", test_convert_15);
  g_test_add_func ("/id-number/errors", test_errors);
  g_test_add_func ("/id-number/no-today", test_no_today);
  g_test_add_func ("/id-number/random", test_random_numbers);
  g_test_add_func ("/id-number/mask", test_mask);
  g_test_add_func ("/id-number/sex-code", test_sex_code);
  g_test_add_func ("/id-number/credit-code", test_credit_code);
  g_test_add_func ("/id-number/party", test_party);

  return g_test_run ();
}
