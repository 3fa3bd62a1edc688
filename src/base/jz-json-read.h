/* jz-json-read.h — strict readers for JSON documents with legal weight
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the rules engine (profiles, cases, holiday calendars) and by the
 * server and the sync client for the wire. Every reader names the member it rejects
 * as a dotted path ("applicant.id_number", "conditions[1]"), because a
 * mistyped field with legal weight must be found by the person who typed it.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GQuark      domain;
  int         code;
  const char *prefix;          /* put before every message, e.g. "jilin-2016.json: " */
  gboolean    allow_comments;  /* members starting with "_" are notes, not data */
} JzJsonReader;

char     *jz_json_path          (const char          *parent,
                                 const char          *key);
char     *jz_json_index_path    (const char          *parent,
                                 guint                index);
void      jz_json_set_error     (const JzJsonReader  *reader,
                                 GError             **error,
                                 const char          *path,
                                 const char          *format,
                                 ...) G_GNUC_PRINTF (4, 5);
gboolean  jz_json_require_object (const JzJsonReader *reader,
                                  JsonNode           *node,
                                  const char         *path,
                                  JsonObject        **out,
                                  GError            **error);
gboolean  jz_json_check_keys    (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char * const  *allowed,
                                 GError             **error);
gboolean  jz_json_get_object    (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *key,
                                 gboolean             required,
                                 JsonObject         **out,
                                 GError             **error);
gboolean  jz_json_get_array     (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *key,
                                 gboolean             required,
                                 JsonArray          **out,
                                 GError             **error);
gboolean  jz_json_get_string    (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *key,
                                 gboolean             required,
                                 const char         **out,
                                 GError             **error);
gboolean  jz_json_get_boolean   (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *key,
                                 gboolean            *out,
                                 GError             **error);
gboolean  jz_json_get_uint      (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *key,
                                 gboolean             required,
                                 guint                min,
                                 guint                max,
                                 guint               *out,
                                 gboolean            *present,
                                 GError             **error);
gboolean  jz_json_get_date      (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *key,
                                 gboolean             required,
                                 GDate               *out,
                                 GError             **error);
gboolean  jz_json_get_division  (const JzJsonReader  *reader,
                                 JsonObject          *object,
                                 const char          *path,
                                 const char          *key,
                                 char               **out,
                                 GError             **error);
gboolean  jz_json_string_list   (const JzJsonReader  *reader,
                                 JsonArray           *array,
                                 const char          *path,
                                 const char * const  *allowed,
                                 GStrv               *out,
                                 GError             **error);

G_END_DECLS
