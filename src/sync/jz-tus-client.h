/* jz-tus-client.h — photos to and from the county server (tus 1.0 client)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Synchronous calls meant for the sync client's worker thread; @session is
 * used from that thread only. @base_url ends in "/api/v1/". Upload URLs are
 * remembered in @state_dir (one small file per photo) so that an upload cut by
 * a crash or a killed process resumes from the server's offset.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define JZ_TUS_ERROR (jz_tus_error_quark ())

typedef enum
{
  JZ_TUS_ERROR_NETWORK,    /* connection refused/cut, timeout, 5xx: worth retrying later */
  JZ_TUS_ERROR_REFUSED,    /* a 4xx the server will give again (413, 401, …) */
  JZ_TUS_ERROR_CHECKSUM,   /* the server found the photo corrupt (460) */
  JZ_TUS_ERROR_LOCAL,      /* the local file is missing or unreadable */
} JzTusError;

GQuark   jz_tus_error_quark    (void);

/* Called after every chunk: bytes of this photo confirmed by the server. */
typedef void (*JzTusProgressFunc) (goffset  confirmed,
                                   goffset  total,
                                   gpointer user_data);

typedef struct
{
  guint64 bytes_sent;      /* body bytes written in PATCH requests, re-sends included */
  guint   requests;        /* HTTP requests made */
  guint   resumes;         /* times an upload continued after a cut */
} JzTusStats;

/* HEAD blobs/SHA256: sets *exists. */
gboolean jz_tus_blob_exists    (SoupSession        *session,
                                const char         *base_url,
                                const char         *token,
                                const char         *sha256,
                                gboolean           *exists,
                                GCancellable       *cancellable,
                                GError            **error);

/* Uploads the file at @path whose SHA-256 is @sha256 (skips it when the
 * server has it), resuming an earlier upload remembered in @state_dir, in
 * chunks of @chunk_size (0: 1 MiB), each with an Upload-Checksum. After a
 * cut it asks HEAD for the offset and continues, up to a few tries with
 * backoff; then fails with JZ_TUS_ERROR_NETWORK and the state stays for the
 * next sync. @stats may be NULL and is added to. */
gboolean jz_tus_upload         (SoupSession        *session,
                                const char         *base_url,
                                const char         *token,
                                const char         *path,
                                const char         *sha256,
                                const char         *state_dir,
                                gsize               chunk_size,
                                JzTusProgressFunc   progress,
                                gpointer            progress_data,
                                JzTusStats         *stats,
                                GCancellable       *cancellable,
                                GError            **error);

gboolean jz_tus_upload_bytes   (SoupSession        *session,
                                const char         *base_url,
                                const char         *token,
                                GBytes             *bytes,
                                const char         *name,
                                const char         *sha256,
                                const char         *state_dir,
                                gsize               chunk_size,
                                JzTusProgressFunc   progress,
                                gpointer            progress_data,
                                JzTusStats         *stats,
                                GCancellable       *cancellable,
                                GError            **error);

/* GET blobs/SHA256 with Range requests to continue a cut download; the
 * result's SHA-256 is verified. */
GBytes  *jz_tus_blob_download  (SoupSession        *session,
                                const char         *base_url,
                                const char         *token,
                                const char         *sha256,
                                GCancellable       *cancellable,
                                GError            **error);

G_END_DECLS
