/* jz-qr.h — QR codes: made for a printed paper, read off a photo of one
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libqrencode makes them and libzbar reads them; a build without either
 * (-Dqr=disabled) prints papers without a code and says so when asked to
 * read one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether this build can make and read QR codes; @why says what is
 * missing when not. */
gboolean  jz_qr_available (char        **why);

/* The modules of a QR code for @text (error correction level M): @size ×
 * @size bytes, row by row, 1 for dark. */
GBytes   *jz_qr_encode    (const char   *text,
                           guint        *size,
                           GError      **error);

/* The text of every QR code found in a photo (JPEG or PNG, checked as an
 * import is), in the order found; an empty array when there is none.
 * @name names the photo in errors. */
GStrv     jz_qr_read      (GBytes       *photo,
                           const char   *name,
                           GError      **error);

/* The one code wanted off a photo of a paper: the first that begins with
 * @prefix, else the first of any kind; none is JZ_PHOTO_ERROR_NOT_FOUND,
 * saying how to photograph it. */
char     *jz_qr_read_one  (GBytes       *photo,
                           const char   *name,
                           const char   *prefix,
                           GError      **error);

G_END_DECLS
