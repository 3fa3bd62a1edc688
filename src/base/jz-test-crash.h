/* jz-test-crash.h — a test hook: die at a named point of sync
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests/test-sync-crash.c only. When the environment has
 * JUZHU_CRASH_AT=NAME, the process kills itself with SIGKILL at the point
 * NAME, as a power cut or `kill -9` would there. The points (docs/server.md,
 * "Crash points"): client "before-push" and "after-push" (jz-sync-client.c),
 * "mid-pull" (jz-store-merge.c, inside the transaction of a page of the
 * feed or of a snapshot), "mid-snapshot" (jz-sync-pull.c, with a page of a
 * snapshot applied and the next one fetched), server
 * "mid-push" and "push-applied" (jz-county-push.c, before and after the
 * push's COMMIT) and "mid-upload" (jz-server-files.c, after part of a PATCH
 * body is on disk); a device's purge: "mid-purge" (the database deleted,
 * the photos not yet) and "purge-told" (the server told, the token not yet
 * forgotten), both in jz-purge.c. Without the variable it costs one getenv.
 */
#pragma once

#include <signal.h>
#include <glib.h>

static inline void
jz_test_crash_point (const char *name)
{
  const char *at = g_getenv ("JUZHU_CRASH_AT");

  if (G_UNLIKELY (at != NULL && g_str_equal (at, name)))
    raise (SIGKILL);
}
