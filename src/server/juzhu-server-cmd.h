/* juzhu-server-cmd.h — what the command files of juzhu-server share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jz-county.h"

G_BEGIN_DECLS

#define EXIT_USAGE 2

/* --data-dir, common to every command */
extern char *opt_data_dir;

int         usage_error  (const char     *format,
                          ...) G_GNUC_PRINTF (1, 2);
int         fail         (const GError   *error);
gboolean    parse        (const char     *command,
                          GOptionEntry   *entries,
                          int            *argc,
                          char         ***argv,
                          int            *status);
JzCounty   *open_county  (int            *status);
const char *str_or_dash  (JsonObject     *o,
                          const char     *member);

/* juzhu-server-review.c */
int         cmd_conflicts  (int    argc,
                            char **argv);
int         cmd_duplicates (int    argc,
                            char **argv);
int         cmd_county_key (int    argc,
                            char **argv);

G_END_DECLS
