/* juzhu-server.c — the county server (being written; see docs/sync-protocol.md)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

int
main (int    argc,
      char **argv)
{
  g_printerr ("juzhu-server: not built yet\n");
  return 2;
}
