/* jz-county-refdata.c — the reference data devices fetch from the county
 * server: the division list and the holiday calendars
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each has a version that goes up by one at every import; pull and
 * snapshot pages carry both ("refdata"), and a device whose copy is older
 * fetches the list (GET refdata/divisions, refdata/holidays). The
 * calendars are the files `refdata import --holidays` checked and kept in
 * DATA_DIR/holidays, sent as they are.
 */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "jz-county-private.h"
#include "jz-holidays.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

typedef struct
{
  const char *key;      /* county_divisions_version, county_holidays_version */
  gint64      version;
} Bump;

static gpointer
bump_on_thread (JzStore  *store,
                gpointer  data,
                GError  **error)
{
  Bump *bump = data;
  JzStmt *stmt;

  stmt = _jz_store_stmt (store,
                         "INSERT INTO meta (key, value) VALUES (?1, '1') "
                         "ON CONFLICT (key) DO UPDATE SET value = CAST (meta.value AS BIGINT) + 1 "
                         "RETURNING CAST (value AS BIGINT)", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_static (stmt, 1, bump->key);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    bump->version = jz_stmt_column_int64 (stmt, 0);
  if (jz_stmt_step (stmt) != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (store, error);
      jz_stmt_reset (stmt);
      return NULL;
    }
  jz_stmt_reset (stmt);
  return JZ_STORE_OK;
}

/* The version of @key up by one, given in @version (nullable). */
static gboolean
bump (JzCounty    *self,
      const char  *key,
      gint64      *version,
      GError     **error)
{
  Bump b = { key, 0 };

  if (_jz_store_call (self->store, bump_on_thread, &b, error) == NULL)
    return FALSE;
  if (version != NULL)
    *version = b.version;
  return TRUE;
}

static gint64
version_of (JzCounty   *self,
            const char *key)
{
  g_autofree char *v = jz_store_get_meta (self->store, key, NULL);

  return v ? g_ascii_strtoll (v, NULL, 10) : 0;
}

/* Imports rows already checked by JzDivisions; the version devices see in
 * pull goes up by one. */
gboolean
jz_county_import_divisions (JzCounty   *self,
                            GPtrArray  *codes,
                            GPtrArray  *names,
                            gint64     *version,
                            GError    **error)
{
  return jz_store_import_divisions (self->store, codes, names, error) &&
         bump (self, "county_divisions_version", version, error);
}

gint64
jz_county_divisions_version (JzCounty *self)
{
  return version_of (self, "county_divisions_version");
}

/* {"version": N, "divisions": [[code, name], …]} */
JsonObject *
jz_county_divisions (JzCounty  *self,
                     GError   **error)
{
  /* the version first: an import landing between the two reads is then
   * fetched again at the next sync, never kept under the newer version */
  gint64 version = jz_county_divisions_version (self);
  g_autoptr(GPtrArray) pairs = jz_store_list_divisions (self->store, error);
  JsonObject *out;
  JsonArray *list;

  if (pairs == NULL)
    return NULL;
  out = json_object_new ();
  list = json_array_new ();
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      JsonArray *row = json_array_new ();

      json_array_add_string_element (row, pairs->pdata[i]);
      json_array_add_string_element (row, pairs->pdata[i + 1]);
      json_array_add_array_element (list, row);
    }
  json_object_set_int_member (out, "version", version);
  json_object_set_array_member (out, "divisions", list);
  return out;
}

/* Checks the calendar at @path whole, keeps it (DATA_DIR/holidays/YEAR.json,
 * replacing that year's) and bumps the version devices see in pull. */
gboolean
jz_county_import_holidays (JzCounty    *self,
                           const char  *path,
                           guint       *year,
                           gint64      *version,
                           GError     **error)
{
  return jz_holidays_import_file (jz_store_get_data_dir (self->store), path, year, error) &&
         bump (self, "county_holidays_version", version, error);
}

gint64
jz_county_holidays_version (JzCounty *self)
{
  return version_of (self, "county_holidays_version");
}

/* {"version": N, "calendars": [{"year": 2026, "holidays": […], "workdays": […]}, …]},
 * the years in order */
JsonObject *
jz_county_holidays (JzCounty  *self,
                    GError   **error G_GNUC_UNUSED)
{
  /* the version first, as for the divisions */
  gint64 version = jz_county_holidays_version (self);
  g_autofree char *dir_path = jz_holidays_dir (jz_store_get_data_dir (self->store));
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *calendars = json_array_new ();
  JsonObject *out = json_object_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(JzHolidays) check = jz_holidays_new ();
      g_autoptr(GError) local_error = NULL;
      gsize length;
      JsonNode *node;

      /* checked at import; a file changed by hand since is left out, said */
      if (!g_file_get_contents (path, &contents, &length, &local_error) ||
          !jz_holidays_load_data (check, contents, (gssize) length, names->pdata[i], &local_error) ||
          (node = json_from_string (contents, &local_error)) == NULL)
        {
          g_warning ("holidays: %s is left out: %s", path, local_error->message);
          continue;
        }
      json_array_add_element (calendars, node);
    }
  json_object_set_int_member (out, "version", version);
  json_object_set_array_member (out, "calendars", calendars);
  return out;
}
