/* jz-id-number.c — GB 11643 citizen identity numbers
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An 18-character number is: 6 digits of address code (GB/T 2260), 8 digits
 * of birth date YYYYMMDD, 3 digits of sequence (odd for men, even for
 * women) and an ISO 7064 MOD 11-2 check character, 0–9 or X for ten.
 * Numbers issued before 1999 had 15 digits: the birth year without its
 * century and no check character; they are still met on old documents, so
 * they are accepted and converted.
 *
 * The checks run from the coarse to the fine (length, characters, province,
 * birth date, check character) so that the first failure is the one a
 * person correcting a typed number should look at.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "jz-id-number.h"

G_DEFINE_QUARK (jz-id-error-quark, jz_id_error)

/* GB/T 2260 provincial-level codes; the first two digits of every number.
 * 81, 82 and 83 begin the numbers of the residence permits of Hong Kong,
 * Macao and Taiwan residents (810000, 820000, 830000). */
static const guint8 province_codes[] = {
  11, 12, 13, 14, 15,
  21, 22, 23,
  31, 32, 33, 34, 35, 36, 37,
  41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54,
  61, 62, 63, 64, 65,
  71, 81, 82, 83,
};

/* 2^(17-i) mod 11 for positions 1–17, as ISO 7064 MOD 11-2 prescribes. */
static const guint8 check_weights[17] = {
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

static const char check_chars[11] = {
  '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'
};

static gboolean
is_province_code (guint code)
{
  for (guint i = 0; i < G_N_ELEMENTS (province_codes); i++)
    if (province_codes[i] == code)
      return TRUE;
  return FALSE;
}

char
jz_id_number_check_char (const char *first17)
{
  guint sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (first17[i]))
        return '\0';
      sum += (guint) (first17[i] - '0') * check_weights[i];
    }

  return check_chars[sum % 11];
}

/* People type numbers on tablets with a Chinese input method, which gives
 * full-width digits and spaces as easily as ASCII ones; fold them to ASCII
 * and drop surrounding white space.  Returns NULL for invalid UTF-8. */
static char *
fold_input (const char *text)
{
  GString *out;
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)           /* ０–９ */
        c = '0' + (c - 0xFF10);
      else if (c == 0xFF38 || c == 0xFF58)      /* Ｘ ｘ */
        c = 'X';
      else if (c == 'x')
        c = 'X';
      g_string_append_unichar (out, c);
    }

  /* Trim Unicode white space (including the ideographic space U+3000). */
  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);

      if (last == NULL || !g_unichar_isspace (g_utf8_get_char (last)))
        break;
      g_string_truncate (out, (gsize) (last - out->str));
    }
  p = out->str;
  while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  g_string_erase (out, 0, p - out->str);

  return g_string_free (out, FALSE);
}

static guint
digits_value (const char *s,
              guint       n)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    v = v * 10 + (guint) (s[i] - '0');
  return v;
}

gboolean
jz_id_number_parse (const char   *text,
                    const GDate  *today,
                    JzIdInfo     *out,
                    GError      **error)
{
  g_autofree char *folded = NULL;
  char number[19];
  JzIdInfo info = { 0 };
  glong n_chars;
  gboolean legacy;
  guint year, month, day, province;
  char expected;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  folded = fold_input (text != NULL ? text : "");
  if (folded == NULL)
    {
      g_set_error_literal (error, JZ_ID_ERROR, JZ_ID_ERROR_CHARACTERS,
                           _("ID number is not valid UTF-8 text"));
      return FALSE;
    }

  if (folded[0] == '\0')
    {
      g_set_error_literal (error, JZ_ID_ERROR, JZ_ID_ERROR_EMPTY,
                           _("ID number is empty"));
      return FALSE;
    }

  n_chars = g_utf8_strlen (folded, -1);
  if (n_chars != 18 && n_chars != 15)
    {
      g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_LENGTH,
                   _("15 or 18 characters expected, got %ld"), n_chars);
      return FALSE;
    }
  legacy = n_chars == 15;

  /* A multi-byte character among 15 or 18 is caught here as well, since
   * its first byte is no digit. */
  for (glong i = 0; i < n_chars; i++)
    {
      gboolean last18 = !legacy && i == 17;
      g_autofree char *shown = NULL;
      char c = folded[i];

      if (g_ascii_isdigit (c) || (last18 && c == 'X'))
        continue;

      /* Every character before this one was an ASCII digit, so the byte
       * offset is the character offset. */
      shown = g_utf8_substring (folded + i, 0, 1);
      g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_CHARACTERS,
                   last18 ? _("character %ld is “%s”, expected a digit or X")
                          : _("character %ld is “%s”, expected a digit"),
                   i + 1, shown);
      return FALSE;
    }

  /* From here on every character is a single ASCII byte. */
  if (legacy)
    {
      memcpy (number, folded, 6);
      memcpy (number + 6, "19", 2);
      memcpy (number + 8, folded + 6, 9);
      number[17] = jz_id_number_check_char (number);
      number[18] = '\0';
    }
  else
    memcpy (number, folded, 19);

  province = digits_value (number, 2);
  if (!is_province_code (province))
    {
      g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_PROVINCE,
                   _("province code %02u (digits 1–2) is unknown"), province);
      return FALSE;
    }

  year = digits_value (number + 6, 4);
  month = digits_value (number + 10, 2);
  day = digits_value (number + 12, 2);
  if (year < 1 || year > G_MAXUINT16 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_BIRTH_DATE,
                   _("birth date %.*s (digits %s) is not a real date"),
                   legacy ? 6 : 8, legacy ? folded + 6 : number + 6,
                   legacy ? "7–12" : "7–14");
      return FALSE;
    }
  /* Numbers were first issued in 1984, with 15 digits and the century
   * implied as 19; an 18-digit number with an earlier year is taken for a
   * mistyped century rather than a person. */
  if (year < 1900)
    {
      g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_BIRTH_DATE,
                   _("birth date %.8s (digits 7–14) is before 1900"), number + 6);
      return FALSE;
    }

  g_date_clear (&info.birth_date, 1);
  g_date_set_dmy (&info.birth_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  if (today != NULL && g_date_valid (today) && g_date_compare (&info.birth_date, today) > 0)
    {
      g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_FUTURE_BIRTH,
                   _("birth date %04u-%02u-%02u (digits %s) is after today, %04u-%02u-%02u"),
                   year, month, day, legacy ? "7–12" : "7–14",
                   g_date_get_year (today), g_date_get_month (today), g_date_get_day (today));
      return FALSE;
    }

  expected = jz_id_number_check_char (number);
  if (number[17] != expected)
    {
      g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_CHECKSUM,
                   _("check character is %c, expected %c"), number[17], expected);
      return FALSE;
    }

  memcpy (info.normalized, number, 19);
  memcpy (info.division, number, 6);
  info.division[6] = '\0';
  info.sex = ((number[16] - '0') % 2 == 1) ? JZ_SEX_MALE : JZ_SEX_FEMALE;
  info.converted_from_15 = legacy;

  if (out != NULL)
    *out = info;

  return TRUE;
}

/* Lists show the first 3 and the last 4 characters only.  The first six
 * would be harmless on their own (they name a county), but digits 7–14 are
 * the birth date, which is personal data the regulations oblige staff to
 * keep (national 第十七条); three digits say which province, enough to tell
 * records apart at a glance together with the last four. */
char *
jz_id_number_mask (const char *number)
{
  g_autofree char *folded = NULL;
  const char *src;
  GString *out;
  glong n;

  g_return_val_if_fail (number != NULL, NULL);

  folded = fold_input (number);
  src = folded != NULL ? folded : "";
  n = g_utf8_strlen (src, -1);
  out = g_string_new (NULL);

  if (n < 8)
    {
      /* Too short to keep anything without revealing most of it. */
      for (glong i = 0; i < n; i++)
        g_string_append_c (out, '*');
      return g_string_free (out, FALSE);
    }

  for (glong i = 0; i < n; i++)
    {
      const char *p = g_utf8_offset_to_pointer (src, i);

      if (i < 3 || i >= n - 4)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else
        g_string_append_c (out, '*');
    }

  return g_string_free (out, FALSE);
}

/* GB/T 2261.1 sex codes */
const char *
jz_sex_to_code (JzSex sex)
{
  switch (sex)
    {
    case JZ_SEX_MALE:
      return "1";
    case JZ_SEX_FEMALE:
      return "2";
    case JZ_SEX_UNKNOWN:
    default:
      return "0";
    }
}

/**
 * jz_id_number_is_hk_macao_taiwan:
 * @number: (nullable): an ID number
 *
 * Whether @number is that of a 港澳台居民居住证 (it begins 810000, 820000
 * or 830000): its holder's residence permit follows the national measures
 * for it, not the 居住证暂行条例's.
 */
gboolean
jz_id_number_is_hk_macao_taiwan (const char *number)
{
  return number != NULL &&
         (g_str_has_prefix (number, "810000") || g_str_has_prefix (number, "820000") ||
          g_str_has_prefix (number, "830000"));
}

/* ---- GB 32100 unified social credit codes --------------------------------- */

/* The 31 characters of the code, in the order of their values: digits and
 * the capitals without I, O, S, V and Z. */
static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^(i) mod 31 for positions 1–17 (GB 32100-2015, 4.2) */
static const guint8 credit_weights[17] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

static int
credit_value (char c)
{
  const char *at = c != '\0' ? strchr (credit_chars, c) : NULL;

  return at != NULL ? (int) (at - credit_chars) : -1;
}

char
jz_credit_code_check_char (const char *first17)
{
  guint sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      int v = credit_value (first17[i]);

      if (v < 0)
        return '\0';
      sum += (guint) v * credit_weights[i];
    }
  return credit_chars[(31 - sum % 31) % 31];
}

gboolean
jz_credit_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 18)
    return FALSE;
  /* characters 3–8: the registering authority's division code */
  for (guint i = 2; i < 8; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return jz_credit_code_check_char (code) == code[17] && code[17] != '\0';
}

/**
 * jz_party_id_parse:
 *
 * A landlord's or employer's identity as written on a registration: a
 * citizen's ID number (GB 11643) or an organisation's unified social
 * credit code (GB 32100). Which one is told by the characters: a credit
 * code carries letters an ID number cannot, or fails as an ID number where
 * it passes as a credit code.
 */
gboolean
jz_party_id_parse (const char  *text,
                   const GDate *today,
                   char         out[19],
                   GError     **error)
{
  g_autofree char *folded = NULL;
  g_autoptr(GError) id_error = NULL;
  JzIdInfo info;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);

  folded = fold_input (text);
  if (folded == NULL || *folded == '\0')
    {
      g_set_error_literal (error, JZ_ID_ERROR, JZ_ID_ERROR_EMPTY,
                           _("type an ID number or a unified social credit code"));
      return FALSE;
    }
  for (char *p = folded; *p; p++)
    *p = g_ascii_toupper (*p);
  len = strlen (folded);

  if (len == 18 && jz_credit_code_is_valid (folded))
    {
      memcpy (out, folded, 19);
      return TRUE;
    }
  if (jz_id_number_parse (folded, today, &info, &id_error))
    {
      memcpy (out, info.normalized, 19);
      return TRUE;
    }

  /* Which message helps: a code with letters other than a final X was
   * meant as a credit code. */
  for (gsize i = 0; i < len; i++)
    if (g_ascii_isalpha (folded[i]) && !(i == len - 1 && folded[i] == 'X'))
      {
        if (len != 18)
          g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_CREDIT_CODE,
                       _("a unified social credit code has 18 characters, not %u"), (guint) len);
        else if (credit_value (folded[17]) < 0 || jz_credit_code_check_char (folded) == '\0')
          g_set_error_literal (error, JZ_ID_ERROR, JZ_ID_ERROR_CREDIT_CODE,
                               _("a unified social credit code uses digits and the capitals "
                                 "other than I, O, S, V and Z"));
        else
          g_set_error (error, JZ_ID_ERROR, JZ_ID_ERROR_CREDIT_CODE,
                       _("not a unified social credit code: the check character should be %c"),
                       jz_credit_code_check_char (folded));
        return FALSE;
      }
  g_propagate_error (error, g_steal_pointer (&id_error));
  return FALSE;
}

char *
jz_party_id_mask (const char *identity)
{
  g_return_val_if_fail (identity != NULL, NULL);

  return jz_credit_code_is_valid (identity) ? g_strdup (identity) : jz_id_number_mask (identity);
}
