/* jz-file.c — file system helpers the stores share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "jz-file.h"

/**
 * jz_file_sync_dir:
 * @path: a directory
 *
 * Makes the names in @path durable (a file renamed or created into it
 * survives a power cut once this returns). Some file systems cannot sync a
 * directory and say EINVAL: nothing more can be done there, and that is
 * no error.
 *
 * Returns: 0, or the errno of what failed, for the caller's message
 */
int
jz_file_sync_dir (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    return errno;
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      saved_errno = errno;
      close (fd);
      return saved_errno;
    }
  close (fd);
  return 0;
}
