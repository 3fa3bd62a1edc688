/* jz-uuid.h — record ids (UUIDv7) and random site ids
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *jz_uuid7_new         (gint64        unix_ms);
gboolean  jz_uuid_is_valid     (const char   *text);
char     *jz_site_id_new       (void);
gboolean  jz_site_id_is_valid  (const char   *text);
void      jz_random_bytes      (guint8       *buf,
                                gsize         len);

G_END_DECLS
