/* jz-holidays.c — statutory holidays and make-up workdays by year
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 民法典 第203条 moves a deadline that ends on a 法定休假日 to the next
 * working day. The State Council publishes the holiday arrangement each
 * year, with make-up workdays (调休) on weekends, so no calendar is built
 * in: a county imports one file per year,
 *
 *   { "year": 2026, "holidays": ["2026-10-01", …], "workdays": ["2026-09-27", …] }
 *
 * and a deadline is only shifted when the calendar of its year is loaded,
 * so that a missing calendar never makes a deadline look later than the
 * law allows without the clerk knowing why.
 *
 * Imported calendars are kept in the data directory as
 * DATA_DIR/holidays/YEAR.json (jz_holidays_import_file; on a device also
 * what the county server sends, jz_holidays_import_data), and the CLI and
 * the app load them all (jz_holidays_load_dir) into the registry. The app
 * loads them again after a sync brought new ones (jz_holidays_reload_dir)
 * while its workers read them: a reader-writer lock keeps the tables.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "jz-date.h"
#include "jz-holidays.h"
#include "jz-json-read.h"

struct _JzHolidays
{
  GObject     parent_instance;

  GRWLock     lock;      /* the three tables */

  /* Owned */
  GHashTable *years;     /* GUINT_TO_POINTER (year) → itself */
  GHashTable *holidays;  /* GUINT_TO_POINTER (julian day) → itself */
  GHashTable *workdays;  /* GUINT_TO_POINTER (julian day) → itself */
};

G_DEFINE_FINAL_TYPE (JzHolidays, jz_holidays, G_TYPE_OBJECT)
G_DEFINE_QUARK (jz-holidays-error-quark, jz_holidays_error)

static void
jz_holidays_finalize (GObject *object)
{
  JzHolidays *self = JZ_HOLIDAYS (object);

  g_clear_pointer (&self->years, g_hash_table_unref);
  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_clear_pointer (&self->workdays, g_hash_table_unref);
  g_rw_lock_clear (&self->lock);

  G_OBJECT_CLASS (jz_holidays_parent_class)->finalize (object);
}

static void
jz_holidays_class_init (JzHolidaysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_holidays_finalize;
}

static void
jz_holidays_init (JzHolidays *self)
{
  g_rw_lock_init (&self->lock);
  self->years = g_hash_table_new (NULL, NULL);
  self->holidays = g_hash_table_new (NULL, NULL);
  self->workdays = g_hash_table_new (NULL, NULL);
}

JzHolidays *
jz_holidays_new (void)
{
  return g_object_new (JZ_TYPE_HOLIDAYS, NULL);
}

static gboolean
read_dates (const JzJsonReader  *reader,
            JsonObject          *root,
            const char          *key,
            GArray              *out,
            GError             **error)
{
  JsonArray *array;
  g_auto(GStrv) texts = NULL;

  if (!jz_json_get_array (reader, root, NULL, key, FALSE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  if (!jz_json_string_list (reader, array, key, NULL, &texts, error))
    return FALSE;

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *member = jz_json_index_path (key, i);
      GDate d;
      guint julian;

      if (!jz_date_parse (texts[i], &d, &local_error))
        {
          jz_json_set_error (reader, error, member, "%s", local_error->message);
          return FALSE;
        }
      julian = g_date_get_julian (&d);
      g_array_append_val (out, julian);
    }

  return TRUE;
}

/* Adds one year's arrangement. @source names the input in messages. The
 * whole file is checked before anything is added, so a bad file leaves
 * @self as it was. */
gboolean
jz_holidays_load_data (JzHolidays  *self,
                       const char  *data,
                       gssize       length,
                       const char  *source,
                       GError     **error)
{
  static const char * const keys[] = { "year", "holidays", "workdays", "source", NULL };
  g_autofree char *prefix = g_strdup_printf ("%s: ", source ? source : "holidays");
  JzJsonReader reader = { JZ_HOLIDAYS_ERROR, JZ_HOLIDAYS_ERROR_INVALID, prefix, TRUE };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) holidays = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) workdays = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonObject *root;
  guint year;

  g_return_val_if_fail (JZ_IS_HOLIDAYS (self), FALSE);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      jz_json_set_error (&reader, error, NULL, "malformed JSON: %s", local_error->message);
      return FALSE;
    }

  if (!jz_json_require_object (&reader, json_parser_get_root (parser), NULL, &root, error) ||
      !jz_json_check_keys (&reader, root, NULL, keys, error) ||
      !jz_json_get_uint (&reader, root, NULL, "year", TRUE, 1949, 9999, &year, NULL, error) ||
      !read_dates (&reader, root, "holidays", holidays, error) ||
      !read_dates (&reader, root, "workdays", workdays, error))
    return FALSE;

  for (guint i = 0; i < workdays->len; i++)
    {
      guint julian = g_array_index (workdays, guint, i);

      for (guint k = 0; k < holidays->len; k++)
        {
          if (g_array_index (holidays, guint, k) == julian)
            {
              g_autofree char *member = jz_json_index_path ("workdays", i);
              g_autofree char *text = NULL;
              GDate d;

              g_date_clear (&d, 1);
              g_date_set_julian (&d, julian);
              text = jz_date_format (&d);
              jz_json_set_error (&reader, error, member,
                                 "%s is also listed under holidays", text);
              return FALSE;
            }
        }
    }

  g_rw_lock_writer_lock (&self->lock);
  g_hash_table_add (self->years, GUINT_TO_POINTER (year));
  for (guint i = 0; i < holidays->len; i++)
    g_hash_table_add (self->holidays, GUINT_TO_POINTER (g_array_index (holidays, guint, i)));
  for (guint i = 0; i < workdays->len; i++)
    g_hash_table_add (self->workdays, GUINT_TO_POINTER (g_array_index (workdays, guint, i)));
  g_rw_lock_writer_unlock (&self->lock);

  return TRUE;
}

gboolean
jz_holidays_load_file (JzHolidays  *self,
                       const char  *path,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (JZ_IS_HOLIDAYS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  name = g_path_get_basename (path);
  return jz_holidays_load_data (self, contents, (gssize) length, name, error);
}

gboolean
jz_holidays_has_year (JzHolidays *self,
                      guint       year)
{
  gboolean has;

  g_return_val_if_fail (JZ_IS_HOLIDAYS (self), FALSE);

  g_rw_lock_reader_lock (&self->lock);
  has = g_hash_table_contains (self->years, GUINT_TO_POINTER (year));
  g_rw_lock_reader_unlock (&self->lock);
  return has;
}

/* Outside the loaded years only weekends are known to be days off. */
gboolean
jz_holidays_is_working_day (JzHolidays  *self,
                            const GDate *date)
{
  gpointer julian;
  GDateWeekday weekday;
  gboolean off, on;

  g_return_val_if_fail (JZ_IS_HOLIDAYS (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  julian = GUINT_TO_POINTER (g_date_get_julian (date));
  g_rw_lock_reader_lock (&self->lock);
  off = g_hash_table_contains (self->holidays, julian);
  on = g_hash_table_contains (self->workdays, julian);
  g_rw_lock_reader_unlock (&self->lock);
  if (off)
    return FALSE;
  if (on)
    return TRUE;

  weekday = g_date_get_weekday (date);
  return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY;
}

/* The last day of a period, moved past days off when the calendar of its
 * year is loaded (民法典 第203条). A shift that runs into a year without a
 * calendar skips weekends only. */
void
jz_holidays_shift_deadline (JzHolidays  *self,
                            const GDate *last_day,
                            GDate       *out)
{
  g_return_if_fail (last_day != NULL && g_date_valid (last_day));

  *out = *last_day;
  if (self == NULL || !jz_holidays_has_year (self, g_date_get_year (last_day)))
    return;

  /* The longest run of days off in any arrangement is under two weeks;
   * the bound only guards against a file that declares a whole year off. */
  for (guint i = 0; i < 366 && !jz_holidays_is_working_day (self, out); i++)
    g_date_add_days (out, 1);
}

static int
compare_years (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * jz_holidays_get_years:
 *
 * Returns: (transfer full): the years whose calendar is loaded, ascending,
 * as a #GArray of guint
 */
GArray *
jz_holidays_get_years (JzHolidays *self)
{
  GArray *years = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (JZ_IS_HOLIDAYS (self), years);

  g_rw_lock_reader_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint year = GPOINTER_TO_UINT (key);

      g_array_append_val (years, year);
    }
  g_rw_lock_reader_unlock (&self->lock);
  g_array_sort (years, compare_years);
  return years;
}

/**
 * jz_holidays_dir:
 *
 * Returns: (transfer full): where the imported calendars of @data_dir are
 * kept, one file per year: DATA_DIR/holidays/YEAR.json
 */
char *
jz_holidays_dir (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, "holidays", NULL);
}

/**
 * jz_holidays_import_data:
 * @data_dir: the data directory
 * @contents: a calendar in the format at the top of this file
 * @source: what to call it in messages
 * @out_year: (out) (optional): the year of the calendar
 *
 * Checks the whole of @contents with the loader, then stores it as
 * DATA_DIR/holidays/YEAR.json, replacing an earlier calendar of that year
 * in one step (written to a temporary file and renamed). A bad calendar
 * is an error naming the member that is wrong, and nothing is stored.
 */
gboolean
jz_holidays_import_data (const char  *data_dir,
                         const char  *contents,
                         gsize        length,
                         const char  *source,
                         guint       *out_year,
                         GError     **error)
{
  g_autoptr(JzHolidays) check = jz_holidays_new ();
  g_autoptr(GArray) years = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *file_name = NULL;
  guint year;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (!jz_holidays_load_data (check, contents, (gssize) length, source, error))
    return FALSE;

  years = jz_holidays_get_years (check);
  g_assert (years->len == 1);
  year = g_array_index (years, guint, 0);

  dir = jz_holidays_dir (data_dir);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  file_name = g_strdup_printf ("%u.json", year);
  target = g_build_filename (dir, file_name, NULL);
  if (!g_file_set_contents (target, contents, (gssize) length, error))
    return FALSE;

  if (out_year != NULL)
    *out_year = year;
  return TRUE;
}

/**
 * jz_holidays_import_file:
 * @path: a calendar in the format at the top of this file
 *
 * jz_holidays_import_data() of the file at @path.
 */
gboolean
jz_holidays_import_file (const char  *data_dir,
                         const char  *path,
                         guint       *out_year,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  name = g_path_get_basename (path);
  return jz_holidays_import_data (data_dir, contents, length, name, out_year, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * jz_holidays_load_dir:
 * @data_dir: the data directory
 *
 * Loads every calendar imported into @data_dir. No calendars (no directory)
 * is not an error. A stored calendar that no longer loads is an error
 * naming the file; the others are loaded all the same, so that the caller
 * may choose to warn and go on with them.
 */
gboolean
jz_holidays_load_dir (JzHolidays  *self,
                      const char  *data_dir,
                      GError     **error)
{
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) first_error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (JZ_IS_HOLIDAYS (self), FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);

  dir_path = jz_holidays_dir (data_dir);
  dir = g_dir_open (dir_path, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) file_error = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &file_error) ||
          !jz_holidays_load_data (self, contents, (gssize) length, path, &file_error))
        {
          if (first_error == NULL)
            first_error = g_steal_pointer (&file_error);
        }
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * jz_holidays_reload_dir:
 *
 * Loads the calendars of @data_dir again, in place of what @self holds
 * (a calendar of a year imported again replaces the old one whole), while
 * other threads may be reading @self. Errors as jz_holidays_load_dir().
 */
gboolean
jz_holidays_reload_dir (JzHolidays  *self,
                        const char  *data_dir,
                        GError     **error)
{
  g_autoptr(JzHolidays) fresh = jz_holidays_new ();
  gboolean ok;

  g_return_val_if_fail (JZ_IS_HOLIDAYS (self), FALSE);

  ok = jz_holidays_load_dir (fresh, data_dir, error);
  /* a folder that cannot be read keeps what was loaded: no calendar is
   * dropped because of it */
  if (!ok && g_hash_table_size (fresh->years) == 0)
    return FALSE;
  g_rw_lock_writer_lock (&self->lock);
  {
    GHashTable *t;

    t = self->years, self->years = fresh->years, fresh->years = t;
    t = self->holidays, self->holidays = fresh->holidays, fresh->holidays = t;
    t = self->workdays, self->workdays = fresh->workdays, fresh->workdays = t;
  }
  g_rw_lock_writer_unlock (&self->lock);
  return ok;
}
