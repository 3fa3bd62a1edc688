/* jz-photo-gc.h — the app's daily garbage collection of unused photos
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-session.h"

G_BEGIN_DECLS

/* Meta key: when the last collection finished (unix seconds). */
#define JZ_PHOTO_GC_META_LAST "photo_gc_last"

void jz_photo_gc_maybe_start (JzSession    *session,
                              GCancellable *cancellable);

G_END_DECLS
