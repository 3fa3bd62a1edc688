/* jz-divisions.c — GB/T 2260 administrative divisions
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A division code is six digits: province (1–2), prefecture (3–4) and
 * county (5–6), each level "00" when the code names the level above.  The
 * statistical division codes add three digits of township (街道, 乡, 镇)
 * and three of committee (居委会, 村委会): 220102005 and 220102005003 name
 * places inside the county 220102, and may be listed too.  Only
 * the provinces are built in: the full list (some 3 200 counties) changes
 * every year and is imported from the Ministry of Civil Affairs' table by
 * the county office, then kept in the store.
 *
 * An import is checked in full before anything is added, so that a
 * half-read file never leaves the tablet with half a prefecture.
 */
#include "config.h"

#include <string.h>

#include "jz-divisions.h"
#include "jz-data-resources.h"

#define PROVINCES_RESOURCE "/io/github/juzhu/Juzhu/data/divisions/provinces.csv"

/* How many problems an import error lists before "and N more". */
#define MAX_PROBLEMS_SHOWN 5

G_DEFINE_QUARK (jz-divisions-error-quark, jz_divisions_error)

struct _JzDivisions
{
  GObject parent_instance;

  /* Owned */
  GHashTable *names;   /* code → name */
};

G_DEFINE_FINAL_TYPE (JzDivisions, jz_divisions, G_TYPE_OBJECT)

typedef struct
{
  char  *code;
  char  *name;
  guint  line;
} Row;

typedef struct
{
  GPtrArray *messages;
  int        first_code;
} Problems;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->code);
  g_free (row->name);
  g_free (row);
}

static void
jz_divisions_finalize (GObject *object)
{
  JzDivisions *self = JZ_DIVISIONS (object);

  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (jz_divisions_parent_class)->finalize (object);
}

static void
jz_divisions_class_init (JzDivisionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_divisions_finalize;
}

static void
jz_divisions_init (JzDivisions *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* A county-level code: six digits. */
static gboolean
is_division_code (const char *code)
{
  if (code == NULL)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return code[6] == '\0';
}

/* A county, township or committee code: 6, 9 or 12 digits. */
static gboolean
is_any_division_code (const char *code)
{
  gsize len;

  if (code == NULL)
    return FALSE;
  len = strlen (code);
  if (len != 6 && len != 9 && len != 12)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

static void G_GNUC_PRINTF (4, 5)
add_problem (Problems   *problems,
             int         code,
             guint       line,
             const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (problems->messages->len == 0)
    problems->first_code = code;
  g_ptr_array_add (problems->messages, g_strdup_printf ("line %u: %s", line, text));
}

/* Spreadsheet programs like to quote every cell. */
static char *
clean_field (const char *field)
{
  char *s = g_strstrip (g_strdup (field));
  gsize len = strlen (s);

  if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
    {
      memmove (s, s + 1, len - 2);
      s[len - 2] = '\0';
      g_strstrip (s);
    }
  return s;
}

static gboolean
is_header (const char *line)
{
  g_autofree char *copy = g_strstrip (g_strdup (line));
  g_auto(GStrv) fields = g_strsplit (copy, ",", -1);
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;

  if (g_strv_length (fields) != 2)
    return FALSE;
  code = clean_field (fields[0]);
  name = clean_field (fields[1]);
  return g_ascii_strcasecmp (code, "code") == 0 && g_ascii_strcasecmp (name, "name") == 0;
}

/* Reads every row of @contents into @rows, each problem into @problems. */
static void
parse_rows (const char *contents,
            gsize       length,
            GPtrArray  *rows,
            Problems   *problems)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *end = NULL;
  const char *p = contents;
  const char *stop = contents + length;
  gboolean first = TRUE;
  guint line_no = 0;

  if (!g_utf8_validate (contents, (gssize) length, &end))
    {
      guint bad_line = 1;

      for (const char *q = contents; q < end; q++)
        if (*q == '\n')
          bad_line++;
      add_problem (problems, JZ_DIVISIONS_ERROR_ENCODING, bad_line,
                   "not UTF-8 text; save the file as UTF-8");
      return;
    }

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < stop)
    {
      const char *nl = memchr (p, '\n', (gsize) (stop - p));
      const char *line_end = nl != NULL ? nl : stop;
      g_autofree char *line = NULL;
      g_auto(GStrv) fields = NULL;
      g_autofree char *code = NULL;
      g_autofree char *name = NULL;
      guint n_fields;
      Row *earlier, *row;

      line_no++;
      if (line_end > p && line_end[-1] == '\r')
        line = g_strndup (p, (gsize) (line_end - p - 1));
      else
        line = g_strndup (p, (gsize) (line_end - p));
      p = nl != NULL ? nl + 1 : stop;

      g_strstrip (line);
      if (line[0] == '\0')
        continue;

      if (first)
        {
          first = FALSE;
          if (is_header (line))
            continue;
        }

      fields = g_strsplit (line, ",", -1);
      n_fields = g_strv_length (fields);
      if (n_fields != 2)
        {
          add_problem (problems, JZ_DIVISIONS_ERROR_SYNTAX, line_no,
                       "expected two fields “code,name”, found %u", n_fields);
          continue;
        }

      code = clean_field (fields[0]);
      name = clean_field (fields[1]);

      if (!is_any_division_code (code))
        {
          add_problem (problems, JZ_DIVISIONS_ERROR_CODE, line_no,
                       "code “%s” must be 6, 9 or 12 digits", code);
          continue;
        }
      if (name[0] == '\0')
        {
          add_problem (problems, JZ_DIVISIONS_ERROR_NAME, line_no,
                       "the name of %s is empty", code);
          continue;
        }

      earlier = g_hash_table_lookup (seen, code);
      if (earlier != NULL)
        {
          if (strcmp (earlier->name, name) != 0)
            add_problem (problems, JZ_DIVISIONS_ERROR_DUPLICATE, line_no,
                         "code %s is “%s” here but “%s” on line %u",
                         code, name, earlier->name, earlier->line);
          continue;
        }

      row = g_new0 (Row, 1);
      row->code = g_steal_pointer (&code);
      row->name = g_steal_pointer (&name);
      row->line = line_no;
      g_ptr_array_add (rows, row);
      g_hash_table_insert (seen, row->code, row);
    }
}

/* Runs once every row is known, so that a file may list a province after
 * its prefectures.  A township or committee needs its county, or at least
 * its province, known or in the file. */
static void
check_provinces (JzDivisions *self,
                 GPtrArray   *rows,
                 Problems    *problems)
{
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);

      g_hash_table_add (in_file, row->code);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      char province[7];
      char county[7];

      memcpy (province, row->code, 2);
      memcpy (province + 2, "0000", 5);
      memcpy (county, row->code, 6);
      county[6] = '\0';
      if (g_hash_table_contains (in_file, province) ||
          g_hash_table_contains (self->names, province))
        continue;
      if (strlen (row->code) > 6 &&
          (g_hash_table_contains (in_file, county) || g_hash_table_contains (self->names, county)))
        continue;
      if (strlen (row->code) > 6)
        add_problem (problems, JZ_DIVISIONS_ERROR_PROVINCE, row->line,
                     "code %s: neither county %s nor province %.2s is known or listed in the file",
                     row->code, county, row->code);
      else
        add_problem (problems, JZ_DIVISIONS_ERROR_PROVINCE, row->line,
                     "code %s: province %.2s is neither a known province nor listed in the file",
                     row->code, row->code);
    }
}

static void
set_problems_error (Problems  *problems,
                    GError   **error)
{
  GString *message = g_string_new (NULL);
  guint shown = MIN (problems->messages->len, MAX_PROBLEMS_SHOWN);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (message, "; ");
      g_string_append (message, g_ptr_array_index (problems->messages, i));
    }
  if (problems->messages->len > shown)
    g_string_append_printf (message, " (and %u more problems)", problems->messages->len - shown);
  g_string_append (message, "; nothing was imported");

  g_set_error_literal (error, JZ_DIVISIONS_ERROR, problems->first_code, message->str);
  g_string_free (message, TRUE);
}

/* Adds the rows of a "code,name" list.  The optional header, a UTF-8 byte
 * order mark and CRLF line ends are accepted, because that is what a
 * spreadsheet exports.  A code already known gets the file's name: a newer
 * list wins.  @n_added receives how many codes were new or renamed. */
gboolean
jz_divisions_import_csv (JzDivisions  *self,
                         const char   *contents,
                         gssize        length,
                         guint        *n_added,
                         GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  Problems problems = { messages, 0 };
  guint added = 0;

  g_return_val_if_fail (JZ_IS_DIVISIONS (self), FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_added != NULL)
    *n_added = 0;
  if (contents == NULL)
    contents = "";
  if (length < 0)
    length = (gssize) strlen (contents);

  parse_rows (contents, (gsize) length, rows, &problems);
  if (messages->len == 0)
    check_provinces (self, rows, &problems);

  if (messages->len > 0)
    {
      set_problems_error (&problems, error);
      return FALSE;
    }

  if (rows->len == 0)
    {
      g_set_error_literal (error, JZ_DIVISIONS_ERROR, JZ_DIVISIONS_ERROR_EMPTY,
                           "the division list has no rows; nothing was imported");
      return FALSE;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      const char *old = g_hash_table_lookup (self->names, row->code);

      if (old != NULL && strcmp (old, row->name) == 0)
        continue;
      g_hash_table_replace (self->names, g_strdup (row->code), g_strdup (row->name));
      added++;
    }

  if (n_added != NULL)
    *n_added = added;
  return TRUE;
}

JzDivisions *
jz_divisions_new (GError **error)
{
  g_autoptr(JzDivisions) self = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_resource_lookup_data (jz_data_get_resource (), PROVINCES_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  self = g_object_new (JZ_TYPE_DIVISIONS, NULL);
  data = g_bytes_get_data (bytes, &size);
  if (!jz_divisions_import_csv (self, data, (gssize) size, NULL, &local_error))
    {
      g_set_error (error, JZ_DIVISIONS_ERROR, JZ_DIVISIONS_ERROR_RESOURCE,
                   "built-in province list: %s", local_error->message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* For rows read back from the store, which were checked when imported. */
void
jz_divisions_add (JzDivisions *self,
                  const char  *code,
                  const char  *name)
{
  g_return_if_fail (JZ_IS_DIVISIONS (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (name != NULL);

  g_hash_table_replace (self->names, g_strdup (code), g_strdup (name));
}

const char *
jz_divisions_name (JzDivisions *self,
                   const char  *code)
{
  g_return_val_if_fail (JZ_IS_DIVISIONS (self), NULL);

  if (code == NULL)
    return NULL;
  return g_hash_table_lookup (self->names, code);
}

/* GB/T 2260 lists placeholder rows between a province and its counties
 * (北京市 / 市辖区 / 东城区); they are no part of an address. */
static gboolean
is_placeholder (const char *name)
{
  static const char * const placeholders[] = {
    "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划",
  };

  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    if (strcmp (name, placeholders[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Returns e.g. 吉林省长春市南关区 (with the township and committee, such as
 * 吉林省长春市南关区永吉街道东风社区居委会, for a 9- or 12-digit code), leaving
 * out levels that are not known, or NULL if no level of @code is known. */
char *
jz_divisions_full_name (JzDivisions *self,
                        const char  *code)
{
  GString *out;
  const char *province_name, *prefecture_name, *county_name;
  char key[7];

  g_return_val_if_fail (JZ_IS_DIVISIONS (self), NULL);

  if (!is_any_division_code (code))
    return NULL;

  out = g_string_new (NULL);

  memcpy (key, code, 2);
  memcpy (key + 2, "0000", 5);
  province_name = g_hash_table_lookup (self->names, key);
  if (province_name != NULL)
    g_string_append (out, province_name);

  if (memcmp (code + 2, "00", 2) != 0)
    {
      memcpy (key, code, 4);
      memcpy (key + 4, "00", 3);
      prefecture_name = g_hash_table_lookup (self->names, key);
      if (prefecture_name != NULL && !is_placeholder (prefecture_name) &&
          g_strcmp0 (prefecture_name, province_name) != 0)
        g_string_append (out, prefecture_name);
    }

  if (memcmp (code + 4, "00", 2) != 0)
    {
      memcpy (key, code, 6);
      key[6] = '\0';
      county_name = g_hash_table_lookup (self->names, key);
      if (county_name != NULL)
        g_string_append (out, county_name);
    }

  if (strlen (code) >= 9)
    {
      g_autofree char *township = g_strndup (code, 9);
      g_autofree char *township12 = g_strconcat (township, "000", NULL);
      const char *township_name = g_hash_table_lookup (self->names, township);

      /* The statistical tables write a township as 12 digits ending 000. */
      if (township_name == NULL)
        township_name = g_hash_table_lookup (self->names, township12);
      if (township_name != NULL)
        g_string_append (out, township_name);
      if (strlen (code) == 12 && strcmp (code + 9, "000") != 0)
        {
          const char *committee_name = g_hash_table_lookup (self->names, code);

          if (committee_name != NULL)
            g_string_append (out, committee_name);
        }
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The 9- or 12-digit codes directly under @parent (a county's townships,
 * a township's committees), into @children. */
static void
sub_children (JzDivisions *self,
              const char  *parent,
              GPtrArray   *children)
{
  gsize len = strlen (parent);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *code = key;

      if (strlen (code) == len + 3 && is_any_division_code (code) && strncmp (code, parent, len) == 0)
        g_ptr_array_add (children, g_strdup (code));
    }
}

/* The townships (9 digits) under @code, a county or a city that has no
 * counties (东莞市, 中山市), sorted. Free with g_ptr_array_unref. */
GPtrArray *
jz_divisions_townships (JzDivisions *self,
                        const char  *code)
{
  GPtrArray *children;

  g_return_val_if_fail (JZ_IS_DIVISIONS (self), NULL);

  children = g_ptr_array_new_with_free_func (g_free);
  if (is_division_code (code))
    {
      sub_children (self, code, children);
      g_ptr_array_sort (children, compare_strings);
    }
  return children;
}

/* The known codes one level below @parent_code, sorted: a province's
 * prefectures, a prefecture's counties, a county's townships (9 digits)
 * or a township's committees (12 digits), as far as the county imported
 * them.  Free with g_ptr_array_unref. */
GPtrArray *
jz_divisions_children (JzDivisions *self,
                       const char  *parent_code)
{
  GPtrArray *children;
  GHashTableIter iter;
  gpointer key;
  gboolean of_province;

  g_return_val_if_fail (JZ_IS_DIVISIONS (self), NULL);

  children = g_ptr_array_new_with_free_func (g_free);
  if (is_any_division_code (parent_code) &&
      (strlen (parent_code) == 9 || (strlen (parent_code) == 6 && memcmp (parent_code + 4, "00", 2) != 0)))
    {
      sub_children (self, parent_code, children);
      g_ptr_array_sort (children, compare_strings);
      return children;
    }
  if (!is_division_code (parent_code) || memcmp (parent_code + 4, "00", 2) != 0)
    return children;
  of_province = memcmp (parent_code + 2, "00", 2) == 0;

  g_hash_table_iter_init (&iter, self->names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *code = key;

      /* jz_divisions_add() takes what the store holds unchecked. */
      if (!is_division_code (code))
        continue;

      if (of_province)
        {
          if (memcmp (code, parent_code, 2) == 0 && memcmp (code + 2, "00", 2) != 0 &&
              memcmp (code + 4, "00", 2) == 0)
            g_ptr_array_add (children, g_strdup (code));
        }
      else if (memcmp (code, parent_code, 4) == 0 && memcmp (code + 4, "00", 2) != 0)
        g_ptr_array_add (children, g_strdup (code));
    }

  g_ptr_array_sort (children, compare_strings);
  return children;
}

/**
 * jz_divisions_imported_rows:
 * @contents: the "code,name" text given to jz_divisions_import_csv()
 * @codes: (out) (element-type utf8): the codes of its rows @self accepted,
 *   in the file's order, each once
 * @names: (out) (element-type utf8): their names, as @self cleaned them
 *
 * What an import brought, for storing it: the file is read once more
 * only to learn which codes it holds.
 */
void
jz_divisions_imported_rows (JzDivisions *self,
                            const char  *contents,
                            GPtrArray   *codes,
                            GPtrArray   *names)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (JZ_IS_DIVISIONS (self));
  g_return_if_fail (contents != NULL && codes != NULL && names != NULL);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *comma;
      g_autofree char *code = NULL;
      const char *name;

      if (i == 0 && g_str_has_prefix (line, "\xEF\xBB\xBF"))
        line += 3;
      comma = strchr (line, ',');
      if (comma == NULL)
        continue;
      code = g_strstrip (g_strndup (line, comma - line));
      if (code[0] == '"')
        {
          memmove (code, code + 1, strlen (code));
          if (*code != '\0' && code[strlen (code) - 1] == '"')
            code[strlen (code) - 1] = '\0';
        }
      name = jz_divisions_name (self, code);
      if (name == NULL || !g_hash_table_add (seen, g_strdup (code)))
        continue;
      g_ptr_array_add (codes, g_strdup (code));
      g_ptr_array_add (names, g_strdup (name));
    }
}

guint
jz_divisions_count (JzDivisions *self)
{
  g_return_val_if_fail (JZ_IS_DIVISIONS (self), 0);

  return g_hash_table_size (self->names);
}

/* Jilin 第八条: leaving for "another city" means the first four digits
 * differ.  Township and committee codes count as their county. */
gboolean
jz_divisions_same_city (const char *a,
                        const char *b)
{
  return is_any_division_code (a) && is_any_division_code (b) && memcmp (a, b, 4) == 0;
}

/* Sanmenxia 第七条 counts a move to another county as well. */
gboolean
jz_divisions_same_county (const char *a,
                          const char *b)
{
  return is_any_division_code (a) && is_any_division_code (b) && memcmp (a, b, 6) == 0;
}
