/* jz-tus-private.h — what the tus client's files share: one request
 * with retries, and the errors said from a response
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-tus-client.h"

G_BEGIN_DECLS

#define TUS_VERSION          "1.0.0"
#define TRIES                5
#define FIRST_DELAY_US       (200 * 1000)
#define DEFAULT_CHUNK        (1024 * 1024)
#define MAX_DOWNLOAD_BYTES   (64 * 1024 * 1024)

typedef struct
{
  SoupSession  *session;
  const char   *base_url;
  const char   *token;
  JzTusStats   *stats;
  GCancellable *cancellable;
} Ctx;

gboolean     _jz_tus_sha256_valid     (const char    *hex);
SoupMessage *_jz_tus_new_message      (Ctx           *ctx,
                                       const char    *method,
                                       const char    *url,
                                       gboolean       tus);
GBytes      *_jz_tus_send             (Ctx           *ctx,
                                       SoupMessage   *msg,
                                       GError       **error);
void         _jz_tus_set_status_error (SoupMessage   *msg,
                                       GBytes        *body,
                                       const char    *what,
                                       GError       **error);
gboolean     _jz_tus_retryable        (const GError  *error);
gboolean     _jz_tus_backoff          (Ctx           *ctx,
                                       guint          attempt,
                                       GError       **error);
gboolean     _jz_tus_header_int64     (SoupMessage   *msg,
                                       const char    *name,
                                       gint64        *out);
gboolean     _jz_tus_blob_exists      (Ctx           *ctx,
                                       const char    *sha256,
                                       gboolean      *exists,
                                       GError       **error);

G_END_DECLS
