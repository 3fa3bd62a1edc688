/* jz-crypt-private.h — what the files of src/crypt/ share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *_jz_crypt_read_secret_file  (const char  *path,
                                   const char  *prefix,
                                   GError     **error);
int   _jz_crypt_write_secret_file (const char  *path,
                                   char        *line,
                                   GError     **error);

G_END_DECLS
