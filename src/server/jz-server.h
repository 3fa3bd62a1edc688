/* jz-server.h — the county server's HTTP layer (docs/sync-protocol.md)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "jz-county.h"

G_BEGIN_DECLS

#define JZ_TYPE_SERVER (jz_server_get_type ())
G_DECLARE_FINAL_TYPE (JzServer, jz_server, JZ, SERVER, GObject)

JzServer   *jz_server_new            (JzCounty         *county,
                                      const char       *data_dir,
                                      GError          **error);
/* @address: "HOST:PORT"; port 0 picks a free one */
gboolean    jz_server_listen         (JzServer         *self,
                                      const char       *address,
                                      GTlsCertificate  *certificate,
                                      GError          **error);
char       *jz_server_get_url        (JzServer         *self);
/* From now on new requests get 503; returns how many are still running. */
void        jz_server_begin_shutdown (JzServer         *self);
guint       jz_server_get_in_flight  (JzServer         *self);
guint       jz_server_get_connections (JzServer        *self);
void        jz_server_disconnect     (JzServer         *self);

/* JSON error bodies, the same for every endpoint */
void        jz_server_set_error      (SoupServerMessage *msg,
                                      guint              status,
                                      const char        *code,
                                      const char        *format,
                                      ...) G_GNUC_PRINTF (4, 5);

/* `juzhu-server export` (jz-server-export.c) */
GLogWriterOutput jz_server_log_writer (GLogLevelFlags   level,
                                       const GLogField *fields,
                                       gsize            n_fields,
                                       gpointer         user_data);
char       *jz_server_import_refdata  (JzCounty         *county,
                                       const char       *divisions,
                                       const char       *holidays,
                                       GError          **error);
JsonObject *jz_server_report          (JzCounty         *county,
                                       const char       *data_dir,
                                       const char       *month,
                                       const GDate      *today,
                                       GError          **error);
char       *jz_server_report_format   (JsonObject       *report,
                                       const char       *format);
gboolean    jz_server_export          (JzCounty         *county,
                                       const char       *format,
                                       const char       *since,
                                       const char       *encoding,
                                       const char       *path,
                                       guint            *n_rows,
                                       GError          **error);

G_END_DECLS
