/* jz-server-files-private.h — what the files of the photo service share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-server-files.c: the object, the answers, routing, blob downloads;
 * jz-server-uploads.c: an upload's record and bytes on disk, and finishing
 *   it into a blob;
 * jz-server-tus.c: the tus requests (OPTIONS, POST, HEAD, DELETE, PATCH).
 */
#pragma once

#include <libsoup/soup.h>

#include "jz-photo.h"
#include "jz-protocol-parse.h"
#include "jz-server-files.h"

G_BEGIN_DECLS

#define TUS_VERSION        "1.0.0"
#define MAX_BLOB_BYTES     JZ_PROTOCOL_MAX_BLOB_BYTES
#define MAX_CHUNK_BYTES    JZ_PROTOCOL_MAX_CHUNK_BYTES
#define EXPIRE_SECONDS     (24 * 3600)

struct _JzServerFiles
{
  GObject parent_instance;

  /* Owned */
  char             *data_dir;
  char             *uploads_dir;
  char             *prefix;
  JzPhotoStore     *photos;
  GHashTable       *receiving;   /* upload id → Patch being received */

  /* Borrowed */
  const JzServerFilesHooks *hooks;
  gpointer          hooks_data;
};

typedef struct
{
  char    *id;
  char    *owner;     /* who created it; NULL: anyone (no hooks) */
  gint64   length;
  gint64   offset;
  gint64   created;
  gboolean complete;
  char     sha256[65];
} Upload;

typedef struct
{
  JzServerFiles *self;        /* owned */
  Upload         upload;
  int            fd;
  GChecksum     *checksum;    /* of this chunk, when Upload-Checksum was given */
  GChecksumType  checksum_type;
  guint8        *expected;    /* the digest the client sent */
  gsize          expected_len;
  gint64         limit;       /* at most this many body bytes */
  gint64         received;
  gboolean       overflow;
  gboolean       write_failed;
  gboolean       answered;
  gboolean       deleted;
} Patch;

gboolean _jz_files_check_common (JzServerFiles     *self,
                                 SoupServerMessage *msg,
                                 gboolean           tus);

void _jz_files_finish_upload_async (JzServerFiles     *self,
                                    Upload            *upload,
                                    SoupServerMessage *msg);

void _jz_files_handle_create (JzServerFiles     *self,
                              SoupServerMessage *msg);

void _jz_files_handle_delete (JzServerFiles     *self,
                              SoupServerMessage *msg,
                              const char        *id);

void _jz_files_handle_head (JzServerFiles     *self,
                            SoupServerMessage *msg,
                            const char        *id);

void _jz_files_handle_options (SoupServerMessage *msg);

gboolean _jz_files_load_upload (JzServerFiles  *self,
                                const char     *id,
                                Upload         *upload,
                                GError        **error);

void _jz_files_patch_answer (JzServerFiles     *self,
                             SoupServerMessage *msg,
                             Patch             *patch);

void _jz_files_patch_start (JzServerFiles     *self,
                            SoupServerMessage *msg,
                            const char        *id);

void _jz_files_remove_upload (JzServerFiles *self,
                              const char    *id);

const char *_jz_files_requester (SoupServerMessage *msg);

gboolean _jz_files_save_upload (JzServerFiles  *self,
                                const Upload   *upload,
                                GError        **error);

void _jz_files_set_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *message);

void _jz_files_set_errorf (SoupServerMessage *msg,
                           guint              status,
                           const char        *code,
                           const char        *format,
                           ...);

void _jz_files_set_offset_header (SoupServerMessage *msg,
                                  gint64             offset);

void _jz_files_upload_clear (Upload *upload);

char *_jz_files_upload_data_path (JzServerFiles *self,
                                  const char    *id);

char *_jz_files_upload_info_path (JzServerFiles *self,
                                  const char    *id);

gboolean _jz_files_upload_is_mine (SoupServerMessage *msg,
                                   const Upload      *upload);

G_END_DECLS
