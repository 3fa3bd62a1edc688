/* jz-xlsx.c — the first sheet of an Excel workbook (.xlsx) as rows of fields
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A roster saved by Excel or WPS as a workbook: a zip (read by libarchive)
 * of XML parts (read by GMarkup). Only what a roster needs is read: the
 * shared strings, the number formats that say a cell is a date, and the
 * first sheet's cells, each as the text a person sees: a shared or inline
 * string, a number as typed (an integer without ".0"), a date as
 * YYYY-MM-DD, TRUE/FALSE. Formulas give their cached value. Every part is
 * limited in size when unpacked, so a crafted file cannot fill the memory.
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jz-xlsx.h"

#define MAX_PART   (64 * 1024 * 1024)   /* a part unpacked */
#define MAX_CELLS  (2 * 1000 * 1000)
#define MAX_COLUMN 16384                /* Excel's XFD */

G_DEFINE_QUARK (jz-xlsx-error-quark, jz_xlsx_error)

/* The parts wanted, by name, unpacked; NULL for one not in the file. */
static gboolean
unpack (const char  *data,
        gsize        length,
        const char  *const *names,
        GBytes     **parts,
        GError     **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gboolean ok = TRUE;
  int rc;

  archive_read_support_format_zip (a);
  if (archive_read_open_memory (a, data, length) != ARCHIVE_OK)
    {
      g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_NOT_XLSX, _("it is not an Excel workbook (no zip)"));
      archive_read_free (a);
      return FALSE;
    }
  while (ok && (rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);

      for (guint i = 0; names[i] != NULL; i++)
        {
          GByteArray *buf;
          char chunk[65536];
          la_ssize_t n;

          if (name == NULL || !g_str_equal (name, names[i]) || parts[i] != NULL)
            continue;
          buf = g_byte_array_new ();
          while ((n = archive_read_data (a, chunk, sizeof chunk)) > 0)
            {
              if (buf->len + (gsize) n > MAX_PART)
                {
                  g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_TOO_LARGE,
                               _("%s is larger than %u MiB unpacked"), names[i], MAX_PART / (1024 * 1024));
                  ok = FALSE;
                  break;
                }
              g_byte_array_append (buf, (const guint8 *) chunk, (guint) n);
            }
          if (ok && n < 0)
            {
              g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_NOT_XLSX, _("the workbook is damaged (%s)"),
                           archive_error_string (a) ? archive_error_string (a) : _("unreadable"));
              ok = FALSE;
            }
          if (ok)
            parts[i] = g_byte_array_free_to_bytes (buf);
          else
            g_byte_array_unref (buf);
        }
    }
  if (ok && rc != ARCHIVE_EOF)
    {
      g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_NOT_XLSX, _("the workbook is damaged (%s)"),
                   archive_error_string (a) ? archive_error_string (a) : _("unreadable"));
      ok = FALSE;
    }
  archive_read_free (a);
  return ok;
}

/* ---- shared strings and styles ---------------------------------------- */

typedef struct
{
  GPtrArray *strings;     /* sharedStrings: <si> … <t>text</t> … </si> */
  GString   *current;
  gboolean   in_t;
  GHashTable *date_formats;  /* numFmtId of a custom format that is a date */
  GArray    *xf_formats;     /* cellXfs: each xf's numFmtId */
  gboolean   in_cell_xfs;
} Parts;

static const char *
attr (const char **names,
      const char **values,
      const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];
  return NULL;
}

static void
parts_start (GMarkupParseContext *context,
             const char          *element,
             const char         **names,
             const char         **values,
             gpointer             user_data,
             GError             **error)
{
  Parts *p = user_data;

  if (g_str_equal (element, "si"))
    {
      if (p->current != NULL)
        g_string_free (p->current, TRUE);   /* a <si> in a <si>: the outer one is dropped */
      p->current = g_string_new (NULL);
    }
  else if (g_str_equal (element, "t"))
    p->in_t = TRUE;
  else if (g_str_equal (element, "rPh"))
    p->in_t = FALSE;    /* phonetic guides are not the text */
  else if (g_str_equal (element, "numFmt"))
    {
      const char *id = attr (names, values, "numFmtId");
      const char *code = attr (names, values, "formatCode");
      g_autofree char *lower = code ? g_ascii_strdown (code, -1) : NULL;

      /* a date format has a day or a year in it (not inside quotes: rare) */
      if (id != NULL && lower != NULL && (strchr (lower, 'd') || strchr (lower, 'y')) && !strchr (lower, '"'))
        g_hash_table_add (p->date_formats, GINT_TO_POINTER (atoi (id)));
    }
  else if (g_str_equal (element, "cellXfs"))
    p->in_cell_xfs = TRUE;
  else if (g_str_equal (element, "xf") && p->in_cell_xfs)
    {
      const char *id = attr (names, values, "numFmtId");
      int fmt = id ? atoi (id) : 0;

      g_array_append_val (p->xf_formats, fmt);
    }
}

static void
parts_end (GMarkupParseContext *context,
           const char          *element,
           gpointer             user_data,
           GError             **error)
{
  Parts *p = user_data;

  if (g_str_equal (element, "si") && p->current != NULL)
    g_ptr_array_add (p->strings, g_string_free (g_steal_pointer (&p->current), FALSE));
  else if (g_str_equal (element, "t"))
    p->in_t = FALSE;
  else if (g_str_equal (element, "cellXfs"))
    p->in_cell_xfs = FALSE;
}

static void
parts_text (GMarkupParseContext *context,
            const char          *text,
            gsize                len,
            gpointer             user_data,
            GError             **error)
{
  Parts *p = user_data;

  if (p->in_t && p->current != NULL)
    g_string_append_len (p->current, text, (gssize) len);
}

static gboolean
parse_part (GBytes              *part,
            const GMarkupParser *parser,
            gpointer             data,
            const char          *name,
            GError             **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  gsize len;
  const char *text;

  if (part == NULL)
    return TRUE;
  text = g_bytes_get_data (part, &len);
  context = g_markup_parse_context_new (parser, G_MARKUP_IGNORE_QUALIFIED, data, NULL);
  if (!g_markup_parse_context_parse (context, text, (gssize) len, error) ||
      !g_markup_parse_context_end_parse (context, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

/* ---- the sheet ---------------------------------------------------------- */

typedef struct
{
  Parts     *parts;
  GPtrArray *rows;       /* GStrv */
  GArray    *lines;      /* the row's number in the sheet */
  GPtrArray *row;        /* char *, by column */
  guint      row_number;
  int        column;     /* of the cell being read */
  char       type[16];
  int        style;
  GString   *value;
  gboolean   in_value;
  guint      cells;
} Sheet;

/* "BC12" → 54 (A is 0); -1 when it is no reference. */
static int
column_of (const char *ref)
{
  int col = 0, n = 0;

  for (; ref != NULL && g_ascii_isalpha (*ref); ref++, n++)
    {
      col = col * 26 + (g_ascii_toupper (*ref) - 'A' + 1);
      if (col > MAX_COLUMN)
        return -1;
    }
  return n > 0 ? col - 1 : -1;
}

static gboolean
is_date_style (Parts *p,
               int    style)
{
  int fmt;

  if (style < 0 || (guint) style >= p->xf_formats->len)
    return FALSE;
  fmt = g_array_index (p->xf_formats, int, style);
  /* Excel's built-in date formats, and custom ones that are dates */
  return (fmt >= 14 && fmt <= 22) || (fmt >= 27 && fmt <= 36) || (fmt >= 50 && fmt <= 58) ||
         g_hash_table_contains (p->date_formats, GINT_TO_POINTER (fmt));
}

/* What a person sees in the cell. */
static char *
cell_text (Sheet *s)
{
  const char *v = s->value->str;

  if (g_str_equal (s->type, "s"))
    {
      guint64 i = g_ascii_strtoull (v, NULL, 10);

      return i < s->parts->strings->len ? g_strdup (s->parts->strings->pdata[i]) : g_strdup ("");
    }
  if (g_str_equal (s->type, "b"))
    return g_strdup (g_str_equal (v, "1") ? "TRUE" : "FALSE");
  if ((s->type[0] == '\0' || g_str_equal (s->type, "n")) && *v != '\0')
    {
      char *end = NULL;
      double d = g_ascii_strtod (v, &end);

      if (end == NULL || *end != '\0' || !isfinite (d))
        return g_strdup (v);
      if (is_date_style (s->parts, s->style) && d >= 1 && d < 2958466)
        {
          /* serial days from 1899-12-30 (Excel's 1900 system, its leap-day bug included) */
          g_autoptr(GDate) date = g_date_new_dmy (30, 12, 1899);

          g_date_add_days (date, (guint) floor (d));
          return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                                  g_date_get_day (date));
        }
      if (d == floor (d) && fabs (d) < 1e15)
        return g_strdup_printf ("%.0f", d);
      return g_strdup (v);
    }
  return g_strdup (v);
}

static void
sheet_start (GMarkupParseContext *context,
             const char          *element,
             const char         **names,
             const char         **values,
             gpointer             user_data,
             GError             **error)
{
  Sheet *s = user_data;

  if (g_str_equal (element, "row"))
    {
      const char *r = attr (names, values, "r");

      s->row_number = r ? (guint) g_ascii_strtoull (r, NULL, 10) : s->row_number + 1;
      g_clear_pointer (&s->row, g_ptr_array_unref);   /* a <row> in a <row> */
      s->row = g_ptr_array_new_with_free_func (g_free);
    }
  else if (g_str_equal (element, "c") && s->row != NULL)
    {
      const char *t = attr (names, values, "t");
      const char *st = attr (names, values, "s");

      s->column = column_of (attr (names, values, "r"));
      if (s->column < 0)
        s->column = (int) s->row->len;
      g_strlcpy (s->type, t ? t : "", sizeof s->type);
      s->style = st ? atoi (st) : -1;
      g_string_truncate (s->value, 0);
      if (++s->cells > MAX_CELLS)
        g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_TOO_LARGE, _("more than %u cells"), MAX_CELLS);
    }
  else if (g_str_equal (element, "v") || g_str_equal (element, "t"))
    s->in_value = TRUE;
}

static void
sheet_end (GMarkupParseContext *context,
           const char          *element,
           gpointer             user_data,
           GError             **error)
{
  Sheet *s = user_data;

  if (g_str_equal (element, "v") || g_str_equal (element, "t"))
    s->in_value = FALSE;
  else if (g_str_equal (element, "c") && s->row != NULL)
    {
      /* the blank cells before it count as cells: one cell at XFD on
       * every row must not make sixteen thousand strings a row unchecked */
      if ((int) s->row->len < s->column)
        {
          s->cells += (guint) (s->column - (int) s->row->len);
          if (s->cells > MAX_CELLS)
            {
              g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_TOO_LARGE, _("more than %u cells"), MAX_CELLS);
              return;
            }
        }
      while ((int) s->row->len < s->column)
        g_ptr_array_add (s->row, g_strdup (""));
      if ((int) s->row->len == s->column)
        g_ptr_array_add (s->row, cell_text (s));
    }
  else if (g_str_equal (element, "row") && s->row != NULL)
    {
      gboolean blank = TRUE;

      for (guint i = 0; i < s->row->len && blank; i++)
        blank = *(const char *) s->row->pdata[i] == '\0';
      if (!blank)
        {
          g_ptr_array_add (s->row, NULL);
          g_ptr_array_add (s->rows, g_ptr_array_steal (s->row, NULL));
          g_array_append_val (s->lines, s->row_number);
        }
      g_clear_pointer (&s->row, g_ptr_array_unref);
    }
}

static void
sheet_text (GMarkupParseContext *context,
            const char          *text,
            gsize                len,
            gpointer             user_data,
            GError             **error)
{
  Sheet *s = user_data;

  if (s->in_value && s->row != NULL)
    g_string_append_len (s->value, text, (gssize) len);
}

GPtrArray *
jz_xlsx_parse (const char  *data,
               gsize        length,
               GArray     **lines,
               GError     **error)
{
  static const char *const names[] = { "xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml", NULL };
  static const GMarkupParser parts_parser = { parts_start, parts_end, parts_text, NULL, NULL };
  static const GMarkupParser sheet_parser = { sheet_start, sheet_end, sheet_text, NULL, NULL };
  GBytes *parts[3] = { NULL, NULL, NULL };
  Parts p = { 0 };
  Sheet s = { 0 };
  GPtrArray *rows = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  p.strings = g_ptr_array_new_with_free_func (g_free);
  p.date_formats = g_hash_table_new (NULL, NULL);
  p.xf_formats = g_array_new (FALSE, FALSE, sizeof (int));
  s.parts = &p;
  s.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  s.lines = g_array_new (FALSE, FALSE, sizeof (guint));
  s.value = g_string_new (NULL);

  if (!unpack (data, length, names, parts, error))
    goto out;
  if (parts[2] == NULL)
    {
      g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_NOT_XLSX, _("it is not an Excel workbook (no first sheet)"));
      goto out;
    }
  if (!parse_part (parts[0], &parts_parser, &p, names[0], error) ||
      !parse_part (parts[1], &parts_parser, &p, names[1], error) ||
      !parse_part (parts[2], &sheet_parser, &s, names[2], error))
    goto out;
  if (s.rows->len == 0)
    {
      g_set_error (error, JZ_XLSX_ERROR, JZ_XLSX_ERROR_EMPTY, _("the first sheet is empty"));
      goto out;
    }
  rows = g_steal_pointer (&s.rows);
  if (lines != NULL)
    *lines = g_steal_pointer (&s.lines);

out:
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_clear_pointer (&parts[i], g_bytes_unref);
  g_clear_pointer (&s.row, g_ptr_array_unref);
  g_clear_pointer (&s.rows, g_ptr_array_unref);
  g_clear_pointer (&s.lines, g_array_unref);
  g_string_free (s.value, TRUE);
  if (p.current != NULL)
    g_string_free (p.current, TRUE);
  g_ptr_array_unref (p.strings);
  g_hash_table_unref (p.date_formats);
  g_array_unref (p.xf_formats);
  return rows;
}

gboolean
jz_xlsx_sniff (const char *data,
               gsize       length)
{
  return length >= 4 && memcmp (data, "PK\x03\x04", 4) == 0;
}
