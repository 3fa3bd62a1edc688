/* jz-xlsx.h — the first sheet of an Excel workbook (.xlsx) as rows of fields
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JZ_XLSX_ERROR (jz_xlsx_error_quark ())

typedef enum
{
  JZ_XLSX_ERROR_NOT_XLSX,   /* no zip, or no first sheet, or damaged */
  JZ_XLSX_ERROR_TOO_LARGE,  /* a part or the cells past the limits */
  JZ_XLSX_ERROR_EMPTY,
} JzXlsxError;

GQuark     jz_xlsx_error_quark (void);

/* Whether @data starts as a zip does (an .xlsx is one). */
gboolean   jz_xlsx_sniff       (const char *data,
                                gsize       length);

/* The rows of the first sheet that are not blank, each a GStrv of the
 * cells as a person sees them (blank cells ""), and in @lines the number
 * the sheet gives each row: as jz_csv_parse() answers. Messages are
 * English; the caller says which file. */
GPtrArray *jz_xlsx_parse       (const char *data,
                                gsize       length,
                                GArray    **lines,
                                GError    **error);

G_END_DECLS
