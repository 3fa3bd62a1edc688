/* jz-file.h — file system helpers the stores share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int jz_file_sync_dir (const char *path);

G_END_DECLS
