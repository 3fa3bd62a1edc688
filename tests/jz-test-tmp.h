/* jz-test-tmp.h — a scratch directory that does not outlive its test
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under G_TEST_OPTION_ISOLATE_DIRS each test case has a temporary home of
 * its own, which GLib deletes when the case ends; a directory made inside
 * it goes with it, where one made with g_dir_make_tmp() stays in /tmp.
 * Only for tests that pass G_TEST_OPTION_ISOLATE_DIRS to g_test_init().
 */
#pragma once

#include <glib.h>
#include <errno.h>
#include <glib/gstdio.h>

/* Like g_dir_make_tmp (@tmpl: "name-XXXXXX"), inside the test's own
 * cache directory. */
static inline char *
jz_test_tmp_dir (const char  *tmpl,
                 GError     **error)
{
  char *path = g_build_filename (g_get_user_cache_dir (), tmpl, NULL);

  if (g_mkdir_with_parents (g_get_user_cache_dir (), 0700) != 0 || g_mkdtemp (path) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      g_free (path);
      return NULL;
    }
  return path;
}
