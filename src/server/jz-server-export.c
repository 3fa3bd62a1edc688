/* jz-server-export.c — `juzhu-server export`: the county's registrations in
 * a file for the provincial system
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file holds every person's ID number: it is made 0600, written aside
 * and renamed into place whole (an export cut short leaves no file), and
 * each export is in the county's audit log (who, how many, which format).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jz-server.h"

/**
 * jz_server_export:
 * @since: (nullable): YYYY-MM-DD: only what changed from that day on (UTC)
 * @encoding: (nullable): "utf-8" (the default) or "gb18030", for CSV
 * @path: (nullable): the file to write; %NULL for standard output
 * @n_rows: (out): how many registrations were written
 */
gboolean
jz_server_export (JzCounty     *county,
                  const char   *format,
                  const char   *since,
                  const char   *encoding,
                  const char   *path,
                  guint        *n_rows,
                  GError      **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *part = NULL;
  g_autofree char *detail = NULL;
  JzCountyExportFormat kind;
  gboolean gb18030 = FALSE, ok;
  gint64 since_ms = 0;

  if (g_strcmp0 (format, "csv") == 0 || format == NULL)
    kind = JZ_COUNTY_EXPORT_CSV;
  else if (g_strcmp0 (format, "jsonl") == 0)
    kind = JZ_COUNTY_EXPORT_JSONL;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--format: “%s” is not csv or jsonl", format);
      return FALSE;
    }
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "gb18030") == 0)
    gb18030 = TRUE;
  else if (encoding != NULL && g_ascii_strcasecmp (encoding, "utf-8") != 0 &&
           g_ascii_strcasecmp (encoding, "utf8") != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--encoding: “%s” is not utf-8 or gb18030", encoding);
      return FALSE;
    }
  if (gb18030 && kind != JZ_COUNTY_EXPORT_CSV)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--encoding gb18030 is for CSV; JSON lines are UTF-8");
      return FALSE;
    }
  if (since != NULL)
    {
      g_autofree char *iso = g_strconcat (since, "T00:00:00Z", NULL);
      g_autoptr(GDateTime) day = strlen (since) == 10 ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

      if (day == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--since: “%s” is not a date (YYYY-MM-DD)", since);
          return FALSE;
        }
      since_ms = g_date_time_to_unix (day) * 1000;
    }

  if (path != NULL)
    {
      g_autoptr(GFile) file = NULL;
      int fd;

      part = g_strconcat (path, ".part", NULL);
      fd = g_open (part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "cannot write %s: %s", part, g_strerror (saved));
          return FALSE;
        }
      out = g_unix_output_stream_new (fd, TRUE);
    }
  else
    out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  {
    g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (out, 64 * 1024);

    g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (buffered), FALSE);
    ok = jz_county_export (county, kind, since_ms, gb18030, buffered, n_rows, error) &&
         g_output_stream_close (buffered, NULL, error);
  }
  /* on the disk before it takes its name */
  if (ok && part != NULL &&
      (fsync (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (out))) != 0 || g_rename (part, path) != 0))
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot write %s: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  g_output_stream_close (out, NULL, NULL);
  if (!ok && part != NULL)
    g_unlink (part);
  if (!ok)
    return FALSE;

  detail = g_strdup_printf ("%u registration(s), %s%s%s%s", *n_rows, kind == JZ_COUNTY_EXPORT_CSV ? "csv" : "jsonl",
                            gb18030 ? " gb18030" : "", since ? " since " : "", since ? since : "");
  return jz_store_audit (jz_county_get_store (county), g_get_user_name (), "export", "registration", NULL,
                         detail, error);
}
