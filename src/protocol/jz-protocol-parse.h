/* jz-protocol-parse.h — what a client sends, read strictly
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parsers of request bodies, query strings and headers, apart from the
 * handlers, so that tests/fuzz/ can feed them anything. Each takes the
 * bytes as they came and refuses what is not exactly right; errors are
 * JZ_PROTOCOL_ERROR or JZ_JSON_SCAN_ERROR, which jz_protocol_error_status()
 * maps to a status and a code (docs/sync-protocol.md).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jz-json-scan.h"

G_BEGIN_DECLS

JsonNode *jz_parse_enrol            (const char     *data,
                                     gsize           len,
                                     const char     *digest,
                                     GError        **error);
JsonNode *jz_parse_push             (const char     *data,
                                     gsize           len,
                                     const char     *digest,
                                     GError        **error);
gboolean  jz_parse_pull_query       (const char     *query,
                                     gint64         *since,
                                     gint64         *limit,
                                     GError        **error);

gboolean  jz_parse_snapshot_query   (const char     *query,
                                     gint64         *as_of,
                                     char          **after,
                                     gint64         *after_cs,
                                     gint64         *limit,
                                     GError        **error);

gboolean  jz_parse_upload_id        (const char     *id);
gboolean  jz_parse_byte_count       (const char     *text,
                                     gint64          max,
                                     gint64         *out);
char     *jz_parse_tus_metadata     (const char     *metadata,
                                     const char     *key);
gboolean  jz_parse_upload_checksum  (const char     *value,
                                     GChecksumType  *type,
                                     guint8        **digest,
                                     gsize          *digest_len);
gboolean  jz_parse_range            (const char     *value,
                                     gint64          size,
                                     gint64         *start,
                                     gint64         *end,
                                     gboolean       *satisfiable);

G_END_DECLS
