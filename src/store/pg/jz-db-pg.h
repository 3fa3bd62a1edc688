/* jz-db-pg.h — the store's statements on PostgreSQL (the county server's)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-db.h"

G_BEGIN_DECLS

JzDbConn *jz_db_pg_connect    (const char  *uri,
                               GError     **error);
char     *jz_db_pg_describe   (const char  *uri);

/* for tests */
char     *_jz_db_pg_translate (const char  *sql,
                               int         *n_params);

G_END_DECLS
