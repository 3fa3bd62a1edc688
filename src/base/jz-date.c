/* jz-date.c — calendar dates as the regulations count them
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every deadline in the regulations is a calendar date in China Standard
 * Time, whatever time zone the tablet is set to, so "today" is computed in
 * UTC+8 and the arithmetic uses GDate (proleptic Gregorian, no time zone).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "jz-date.h"

G_DEFINE_QUARK (jz-date-error-quark, jz_date_error)

gboolean
jz_date_parse (const char  *text,
               GDate       *out,
               GError     **error)
{
  guint year, month, day;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    {
      g_set_error (error, JZ_DATE_ERROR, JZ_DATE_ERROR_FORMAT,
                   _("“%s” is not a date in the form YYYY-MM-DD"),
                   text ? text : "");
      return FALSE;
    }

  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        {
          g_set_error (error, JZ_DATE_ERROR, JZ_DATE_ERROR_FORMAT,
                       _("“%s” is not a date in the form YYYY-MM-DD"), text);
          return FALSE;
        }
    }

  year = (guint) atoi (text);
  month = (guint) atoi (text + 5);
  day = (guint) atoi (text + 8);

  if (year < 1 || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, JZ_DATE_ERROR, JZ_DATE_ERROR_INVALID,
                   _("%s is not a real calendar date"), text);
      return FALSE;
    }

  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

char *
jz_date_format (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

void
jz_date_today (GDate *out)
{
  g_autoptr(GTimeZone) cst = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (cst);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* --today, then JUZHU_TODAY, then the real date in China Standard Time. */
gboolean
jz_date_resolve_today (const char  *override,
                       GDate       *out,
                       GError     **error)
{
  const char *env = g_getenv ("JUZHU_TODAY");

  if (override != NULL && *override != '\0')
    return jz_date_parse (override, out, error);
  if (env != NULL && *env != '\0')
    return jz_date_parse (env, out, error);

  jz_date_today (out);
  return TRUE;
}

void
jz_date_add_days (const GDate *date,
                  guint        days,
                  GDate       *out)
{
  *out = *date;
  g_date_add_days (out, days);
}

/* GDate clamps to the last day of a shorter month: 08-31 + 6 → 02-28. */
void
jz_date_add_months (const GDate *date,
                    guint        months,
                    GDate       *out)
{
  *out = *date;
  g_date_add_months (out, months);
}

void
jz_date_add_years (const GDate *date,
                   guint        years,
                   GDate       *out)
{
  *out = *date;
  g_date_add_years (out, years);
}

int
jz_date_compare (const GDate *a,
                 const GDate *b)
{
  return g_date_compare (a, b);
}

int
jz_date_days_between (const GDate *from,
                      const GDate *to)
{
  return g_date_days_between (from, to);
}

/* Completed years on @on. Someone born on 02-29 completes a year on 03-01
 * in a common year. */
guint
jz_date_age_on (const GDate *birth,
                const GDate *on)
{
  int age;

  age = (int) g_date_get_year (on) - (int) g_date_get_year (birth);
  if (g_date_get_month (on) < g_date_get_month (birth) ||
      (g_date_get_month (on) == g_date_get_month (birth) &&
       g_date_get_day (on) < g_date_get_day (birth)))
    age--;

  return age < 0 ? 0 : (guint) age;
}
