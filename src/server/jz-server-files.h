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
 * JzPhotoStore); partial uploads in DATA_DIR/uploads/. An upload belongs to
 * the device that created it; a blob is served only to a device the hooks
 * allow; a photo is kept only once the hooks' check has passed (the county
 * server's: it decodes as a JPEG or PNG within the limits).
 */
#pragma once

#include <libsoup/soup.h>

#include "jz-protocol.h"

G_BEGIN_DECLS

/* What the server tells the photo endpoints; every hook but authenticate
 * may be NULL (then everything is allowed: the tus tests). */
typedef struct
{
  /* Who sends @msg, as a new string (a device id), or NULL after setting
   * the 401 answer on @msg. Called for every request but OPTIONS. */
  char    *(*authenticate) (SoupServerMessage *msg,
                            gpointer           data);
  /* Whether @who may read the photo @sha256 (its records are in @who's
   * scope, or @who uploaded it). */
  gboolean (*may_read)     (SoupServerMessage *msg,
                            const char        *who,
                            const char        *sha256,
                            gpointer           data);
  /* Whether the bytes of a finished upload may be kept as a photo;
   * FALSE with @error saying why (answered 422). Called in a worker
   * thread. */
  gboolean (*check)        (GBytes            *bytes,
                            GError           **error);
  /* @who has sent every byte of @sha256, checked. @msg is paused: the
   * hook unpauses it once done (the answer is set). */
  void     (*uploaded)     (SoupServerMessage *msg,
                            const char        *who,
                            const char        *sha256,
                            gpointer           data);
} JzServerFilesHooks;

#define JZ_TYPE_SERVER_FILES (jz_server_files_get_type ())
G_DECLARE_FINAL_TYPE (JzServerFiles, jz_server_files, JZ, SERVER_FILES, GObject)

JzServerFiles *jz_server_files_new          (const char       *data_dir,
                                             GError          **error);
/* @prefix is "/api/v1/" */
void           jz_server_files_attach       (JzServerFiles    *self,
                                             SoupServer       *server,
                                             const char       *prefix,
                                             const JzServerFilesHooks *hooks,
                                             gpointer          hooks_data);
gboolean       jz_server_files_has_blob     (JzServerFiles    *self,
                                             const char       *sha256);
/* Removes unfinished uploads older than @max_age_seconds; returns how many. */
guint          jz_server_files_expire       (JzServerFiles    *self,
                                             gint64            max_age_seconds);

G_END_DECLS
