/* jz-server-files.h — photos on the county server: tus uploads and blob downloads
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Serves, under a SoupServer, the photo endpoints of docs/sync-protocol.md:
 *   OPTIONS/POST  PREFIX files/        tus 1.0 creation
 *   HEAD/PATCH/DELETE PREFIX files/ID  tus core, checksum, termination
 *   HEAD/GET      PREFIX blobs/SHA256  content-addressed photos, with Range
 * Blobs live in DATA_DIR/blobs/ab/cd/<sha256> (the same layout as the device's
 * JzPhotoStore); partial uploads in DATA_DIR/uploads/.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Called first for every request but OPTIONS. Returns TRUE when the request
 * may go on; otherwise it has already set the 401 response on @msg. */
typedef gboolean (*JzServerAuthFunc) (SoupServerMessage *msg,
                                      gpointer           user_data);

#define JZ_TYPE_SERVER_FILES (jz_server_files_get_type ())
G_DECLARE_FINAL_TYPE (JzServerFiles, jz_server_files, JZ, SERVER_FILES, GObject)

JzServerFiles *jz_server_files_new          (const char       *data_dir,
                                             GError          **error);
/* @prefix is "/api/v1/" */
void           jz_server_files_attach       (JzServerFiles    *self,
                                             SoupServer       *server,
                                             const char       *prefix,
                                             JzServerAuthFunc  auth,
                                             gpointer          auth_data);
gboolean       jz_server_files_has_blob     (JzServerFiles    *self,
                                             const char       *sha256);
/* Removes unfinished uploads older than @max_age_seconds; returns how many. */
guint          jz_server_files_expire       (JzServerFiles    *self,
                                             gint64            max_age_seconds);

G_END_DECLS
