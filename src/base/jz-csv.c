/* jz-csv.c — a CSV file as rows of fields, in UTF-8 or GB18030
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Excel in China saves: "CSV UTF-8" (with a byte-order mark) or plain
 * "CSV", which is GB18030 (GBK) there. A file that is valid UTF-8 is read
 * as UTF-8; anything else as GB18030, and a file that is neither is
 * refused. Fields as RFC 4180 has them: commas, double quotes around a
 * field that holds a comma, a quote ("" inside) or a line break; lines
 * ended by CRLF or LF. Blank lines are skipped.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jz-csv.h"

#define JZ_CSV_MAX_BYTES (16 * 1024 * 1024)

static void
end_row (GPtrArray *rows,
         GPtrArray *row,
         GArray    *lines,
         guint      line)
{
  gboolean blank = TRUE;

  for (guint i = 0; i < row->len && blank; i++)
    blank = *(const char *) g_ptr_array_index (row, i) == '\0';
  if (blank)
    {
      g_ptr_array_set_size (row, 0);
      return;
    }
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
  g_array_append_val (lines, line);
}

/**
 * jz_csv_parse:
 * @encoding: (out) (optional): "UTF-8" or "GB18030", as it was read
 * @lines: (out) (optional) (element-type guint): the line each row starts
 *   on, from 1 (blank lines are skipped, and a quoted field may span lines)
 *
 * Returns: (transfer full) (element-type GStrv): the rows, the header
 *   first; %NULL with @error for a file that is too large, in neither
 *   encoding, or with a quote left open
 */
GPtrArray *
jz_csv_parse (const char  *data,
              gsize        length,
              const char **encoding,
              GArray     **lines,
              GError     **error)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint line = 1, row_line = 1;
  gboolean bom = FALSE;
  g_autofree char *converted = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p, *end;
  gboolean quoted = FALSE;

  if (length > JZ_CSV_MAX_BYTES)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("the file is larger than %d MiB"),
                   JZ_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
      bom = TRUE;
    }
  if (g_utf8_validate_len (data, length, NULL) && memchr (data, '\0', length) == NULL)
    {
      if (encoding != NULL)
        *encoding = "UTF-8";
    }
  else if (bom)
    {
      /* a byte-order mark says UTF-8: what follows must be */
      g_set_error_literal (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                           _("the file starts as UTF-8 but is not UTF-8 text"));
      return NULL;
    }
  else
    {
      gsize written = 0;

      converted = g_convert (data, length, "UTF-8", "GB18030", NULL, &written, NULL);
      if (converted == NULL || memchr (converted, '\0', written) != NULL)
        {
          g_set_error_literal (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                               _("the file is neither UTF-8 nor GB18030 text"));
          return NULL;
        }
      data = converted;
      length = written;
      if (encoding != NULL)
        *encoding = "GB18030";
    }

  for (p = data, end = data + length; p < end; p++)
    {
      char c = *p;

      if (c == '\n')
        line++;
      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            {
              p++;
              line++;
            }
          else if (c == '\r')
            line++;
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          end_row (rows, row, starts, row_line);
          row_line = line;
        }
      else
        g_string_append_c (field, c);
    }
  if (quoted)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                   _("a quoted field is not closed (it opens on line %u)"), row_line);
      return NULL;
    }
  if (field->len > 0 || row->len > 0)
    {
      g_ptr_array_add (row, g_strdup (field->str));
      end_row (rows, row, starts, row_line);
    }
  if (lines != NULL)
    *lines = g_steal_pointer (&starts);
  return g_steal_pointer (&rows);
}
