/* jz-protocol.h — the wire between a device and the county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What both ends must agree on, written once (docs/sync-protocol.md): the
 * errors and the status and code each is answered with, the limits a
 * request stays within, the Content-Digest of a body, and the shape of an
 * error answer. The server's parsers are in jz-protocol-parse.h; a change
 * set's own wire form is read by jz-change-set.h (model), because the
 * store reads pulled ones too.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jz-json-scan.h"

G_BEGIN_DECLS

#define JZ_PROTOCOL_VERSION 1

#define JZ_PROTOCOL_ERROR (jz_protocol_error_quark ())

/* Each is answered with one status and code (jz_protocol_error_status()). */
typedef enum
{
  JZ_PROTOCOL_ERROR_MALFORMED,      /* 400 malformed_json */
  JZ_PROTOCOL_ERROR_INVALID_FIELD,  /* 400 invalid_field */
  JZ_PROTOCOL_ERROR_UNKNOWN_FIELD,  /* 400 unknown_field */
  JZ_PROTOCOL_ERROR_UNAUTHORIZED,   /* 401 unauthorized */
  JZ_PROTOCOL_ERROR_ENROL_CODE,     /* 403 enrol_code_invalid */
  JZ_PROTOCOL_ERROR_SITE_TAKEN,     /* 409 site_taken */
  JZ_PROTOCOL_ERROR_TOO_LARGE,      /* 413 too_large */
  JZ_PROTOCOL_ERROR_DIGEST,         /* 400 digest_mismatch */
  JZ_PROTOCOL_ERROR_PURGE,          /* 401 purge: revoked, and told to delete its data */
} JzProtocolError;

GQuark jz_protocol_error_quark (void);

/* A save is the change sets that share one stamp (hlc, site): a
 * declaration is one save of two change sets (person and registration).
 * Pushes and pull pages count saves, with a hard cap on change sets. */
#define JZ_PROTOCOL_MAX_PUSH_SAVES   500
#define JZ_PROTOCOL_MAX_PUSH_CHANGES 2000
#define JZ_PROTOCOL_MAX_PUSH_BYTES   2097152
#define JZ_PROTOCOL_MAX_PULL_PAGE    500
#define JZ_PROTOCOL_MAX_PULL_CHANGES 2000
#define JZ_PROTOCOL_MAX_SNAPSHOT_CHANGES 4000
#define JZ_PROTOCOL_MAX_ENROL_BYTES  65536
#define JZ_PROTOCOL_MAX_OTHER_BYTES  65536       /* any other request body */
#define JZ_PROTOCOL_MAX_BLOB_BYTES   16777216    /* a photo */
#define JZ_PROTOCOL_MAX_CHUNK_BYTES  4194304     /* a tus PATCH */

/* How deep and how many values a JSON body may have, checked before it is
 * parsed (jz-json-scan.h). */
extern const JzJsonLimits jz_protocol_enrol_json;
extern const JzJsonLimits jz_protocol_push_json;
extern const JzJsonLimits jz_protocol_answer_json;

gboolean    jz_protocol_error_status  (const GError  *error,
                                       guint         *status,
                                       const char   **code);
JsonObject *jz_protocol_error_body    (const char    *code,
                                       const char    *message);
JsonObject *jz_protocol_limits        (void);
char       *jz_protocol_read_error    (const void    *data,
                                       gsize          len,
                                       char         **code);

char       *jz_protocol_digest        (const void    *data,
                                       gsize          len);
gboolean    jz_protocol_check_digest  (const char    *sent,
                                       const void    *data,
                                       gsize          len,
                                       GError       **error);

G_END_DECLS
