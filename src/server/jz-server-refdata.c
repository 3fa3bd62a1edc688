/* jz-server-refdata.c — `juzhu-server refdata import`: the division list
 * and the holiday calendars devices fetch
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file is checked whole before anything is kept (a bad row or a bad
 * date is named, and nothing changes); the version devices see in pull
 * then goes up, and each device fetches the list at its next sync.
 */
#include "config.h"

#include "jz-divisions.h"
#include "jz-holidays.h"
#include "jz-server.h"

static gboolean
import_divisions (JzCounty    *county,
                  const char  *file,
                  GString     *said,
                  GError     **error)
{
  g_autoptr(JzDivisions) divisions = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  gsize length = 0;
  gint64 version = 0;

  if (!g_file_get_contents (file, &contents, &length, error))
    {
      g_prefix_error (error, "--divisions: ");
      return FALSE;
    }
  divisions = jz_divisions_new (error);
  if (divisions == NULL)
    return FALSE;
  if (!jz_divisions_import_csv (divisions, contents, (gssize) length, NULL, error))
    {
      g_prefix_error (error, "%s: ", file);
      return FALSE;
    }
  jz_divisions_imported_rows (divisions, contents, codes, names);
  if (!jz_county_import_divisions (county, codes, names, &version, error))
    return FALSE;
  g_string_append_printf (said, "Imported %u divisions from %s; devices get version %" G_GINT64_FORMAT
                          " on their next sync.\n", codes->len, file, version);
  return TRUE;
}

/**
 * jz_server_import_refdata:
 * @divisions: (nullable): a GB/T 2260 CSV of code,name rows
 * @holidays: (nullable): a year's holiday calendar (docs/cli.md, "refdata import")
 *
 * Returns: (transfer full): what was imported, in lines for the operator;
 * %NULL with @error set, naming the file and what is wrong in it.
 */
char *
jz_server_import_refdata (JzCounty    *county,
                          const char  *divisions,
                          const char  *holidays,
                          GError     **error)
{
  g_autoptr(GString) said = g_string_new (NULL);

  /* both files checked before either is kept: a bad calendar leaves the
   * division list as it was too */
  if (holidays != NULL)
    {
      g_autoptr(JzHolidays) check = jz_holidays_new ();

      if (!jz_holidays_load_file (check, holidays, error))
        {
          g_prefix_error (error, "--holidays: ");
          return NULL;
        }
    }
  if (divisions != NULL && !import_divisions (county, divisions, said, error))
    return NULL;
  if (holidays != NULL)
    {
      guint year = 0;
      gint64 version = 0;

      if (!jz_county_import_holidays (county, holidays, &year, &version, error))
        {
          g_prefix_error (error, "--holidays: ");
          return NULL;
        }
      g_string_append_printf (said, "Imported the holiday calendar of %u from %s; devices get version %"
                              G_GINT64_FORMAT " on their next sync.\n", year, holidays, version);
    }
  return g_string_free (g_steal_pointer (&said), FALSE);
}
