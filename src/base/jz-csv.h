/* jz-csv.h — a CSV file as rows of fields, in UTF-8 or GB18030
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *jz_csv_parse (const char  *data,
                         gsize        length,
                         const char **encoding,
                         GArray     **lines,
                         GError     **error);

G_END_DECLS
