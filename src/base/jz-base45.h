/* jz-base45.h — bytes as QR alphanumeric text (RFC 9285)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A QR code holds text from its 45-character alphanumeric set at 5.5
 * bits a character against 8 for bytes, so a signed code printed on a
 * paper is about a third smaller (fewer, larger modules: easier to read
 * off a creased sheet) than the same bytes in base64.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char   *jz_base45_encode (const guint8 *data,
                          gsize         len);
/* NULL for text that is not base45: a character outside the set, a
 * length that leaves one character over, or a group worth more than its
 * bytes can hold. */
GBytes *jz_base45_decode (const char   *text,
                          gssize        len);

G_END_DECLS
