/* jz-json-scan.h — strict JSON, checked before it is parsed
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib recurses once per nesting level and keeps whatever it is
 * given: a body of 100 000 "[" crashes it, a "\u0000" inside a string cuts
 * the string short without a word, and of two members with the same name
 * the last silently wins. Everything that arrives from a device or the
 * network goes through jz_json_scan() first: one pass, no recursion, no
 * tree, a limit on depth and on the number of values, and every message
 * names the JSON path of what it refuses ("changes[3].edits.name").
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define JZ_JSON_SCAN_ERROR (jz_json_scan_error_quark ())

typedef enum
{
  JZ_JSON_SCAN_ERROR_SYNTAX,     /* not JSON */
  JZ_JSON_SCAN_ERROR_ENCODING,   /* not UTF-8, or a lone surrogate escape */
  JZ_JSON_SCAN_ERROR_NUL,        /* a NUL character inside a string */
  JZ_JSON_SCAN_ERROR_DUPLICATE,  /* a member named twice in one object */
  JZ_JSON_SCAN_ERROR_DEPTH,      /* nested deeper than the limit */
  JZ_JSON_SCAN_ERROR_TOO_MANY,   /* more values than the limit */
} JzJsonScanError;

GQuark    jz_json_scan_error_quark (void);

typedef struct
{
  guint max_depth;    /* objects and arrays inside each other; 0: 64 */
  gsize max_values;   /* every value, containers included; 0: no limit */
} JzJsonLimits;

gboolean  jz_json_scan          (const char          *text,
                                 gsize                len,
                                 const JzJsonLimits  *limits,
                                 GError             **error);
JsonNode *jz_json_parse_strict  (const char          *text,
                                 gsize                len,
                                 const JzJsonLimits  *limits,
                                 GError             **error);
JsonNode *jz_json_parse_strict_deferring (const char          *text,
                                          gsize                len,
                                          const JzJsonLimits  *limits,
                                          const char          *member,
                                          gsize               *from,
                                          gsize               *to,
                                          GError             **error);

G_END_DECLS
