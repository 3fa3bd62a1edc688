/* jz-schema.h — the device database schema and its migrations
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

guint     jz_schema_latest_version  (void);
gboolean  jz_schema_migrate_to      (sqlite3   *db,
                                     guint      target,
                                     GError   **error);
gboolean  jz_schema_exec            (sqlite3   *db,
                                     const char *sql,
                                     GError   **error);
guint     jz_schema_get_version     (sqlite3   *db);

G_END_DECLS
