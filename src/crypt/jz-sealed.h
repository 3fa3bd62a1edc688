/* jz-sealed.h — files encrypted whole with the data key
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Photos, thumbnails and the token are sealed: "JZS1", then libsodium's
 * secretstream (XChaCha20-Poly1305) in chunks of 64 KiB, the last one
 * marked final, each bound to a label that names what the file is (a
 * photo's hash, "token"), so that a file cut short, altered, or put in
 * another's place fails to open.
 */
#pragma once

#include "jz-data-key.h"

G_BEGIN_DECLS

#define JZ_SEALED_MAGIC     "JZS1"
#define JZ_SEALED_MAGIC_LEN 4

gboolean  jz_sealed_is_sealed   (const guint8  *data,
                                 gsize          len);
GBytes   *jz_sealed_seal        (JzDataKey     *key,
                                 const char    *label,
                                 GBytes        *plain);
GBytes   *jz_sealed_open        (JzDataKey     *key,
                                 const char    *label,
                                 GBytes        *sealed,
                                 GError       **error);

GBytes   *jz_sealed_read_file   (JzDataKey     *key,
                                 const char    *label,
                                 const char    *path,
                                 gboolean      *was_plain,
                                 GError       **error);
gboolean  jz_sealed_write_file  (JzDataKey     *key,
                                 const char    *label,
                                 const char    *path,
                                 GBytes        *plain,
                                 GError       **error);

G_END_DECLS
