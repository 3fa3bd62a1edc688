/* jz-cli.h — shared state of juzhu-cli subcommands
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "jz-date.h"

G_BEGIN_DECLS

/* Exit codes: 0 done, 1 the answer is "no" (an invalid ID number, nothing
 * found), 2 bad input or usage, 3 a failure of the store or the system. */
enum
{
  JZ_EXIT_OK = 0,
  JZ_EXIT_NO = 1,
  JZ_EXIT_USAGE = 2,
  JZ_EXIT_FAILURE = 3,
};

typedef struct _JzCli JzCli;

struct _JzCli
{
  char     *data_dir;
  char     *today_text;   /* --today, or NULL */
  GDate     today;
  gboolean  json;
  char     *profile;      /* --profile, or NULL for the store's */
  char     *author;       /* --author, or $USER */
};

typedef int (*JzCliCommandFunc) (JzCli  *cli,
                                 int     argc,
                                 char  **argv);

/* A group's subcommands ("person add", "person list", …): one table each,
 * one dispatcher for all (help, a missing or an unknown subcommand). */
typedef struct
{
  const char       *name;
  JzCliCommandFunc  func;
} JzCliSubcommand;

int        jz_cli_dispatch        (JzCli                 *cli,
                                   const char            *group,
                                   void                 (*help) (FILE *out),
                                   const JzCliSubcommand *subcommands,
                                   gsize                  n_subcommands,
                                   int                    argc,
                                   char                 **argv);

/* Helpers shared by every command file */
void       jz_cli_print_json      (JsonNode     *node);
int        jz_cli_fail            (JzCli        *cli,
                                   int           code,
                                   const GError *error);
int        jz_cli_usage_error     (JzCli        *cli,
                                   const char   *format,
                                   ...) G_GNUC_PRINTF (2, 3);
JsonNode  *jz_cli_read_json_input (const char   *path,
                                   GError      **error);
gboolean   jz_cli_parse_options   (GOptionContext *context,
                                   int          *argc,
                                   char       ***argv,
                                   GError      **error);

/* One entry point per command group, in jz-cli-<group>.c */
int jz_cli_id           (JzCli *cli, int argc, char **argv);
int jz_cli_rules        (JzCli *cli, int argc, char **argv);
int jz_cli_person       (JzCli *cli, int argc, char **argv);
int jz_cli_registration (JzCli *cli, int argc, char **argv);
int jz_cli_permit       (JzCli *cli, int argc, char **argv);
int jz_cli_application  (JzCli *cli, int argc, char **argv);
int jz_cli_material     (JzCli *cli, int argc, char **argv);
int jz_cli_accept       (JzCli *cli, int argc, char **argv);
int jz_cli_withdraw     (JzCli *cli, int argc, char **argv);
int jz_cli_refuse       (JzCli *cli, int argc, char **argv);
int jz_cli_extend       (JzCli *cli, int argc, char **argv);
int jz_cli_issue        (JzCli *cli, int argc, char **argv);
int jz_cli_endorse      (JzCli *cli, int argc, char **argv);
int jz_cli_notice       (JzCli *cli, int argc, char **argv);
int jz_cli_due          (JzCli *cli, int argc, char **argv);
int jz_cli_init         (JzCli *cli, int argc, char **argv);
int jz_cli_search       (JzCli *cli, int argc, char **argv);
int jz_cli_audit        (JzCli *cli, int argc, char **argv);
int jz_cli_conflicts    (JzCli *cli, int argc, char **argv);
int jz_cli_resolve      (JzCli *cli, int argc, char **argv);
int jz_cli_history      (JzCli *cli, int argc, char **argv);
int jz_cli_refdata      (JzCli *cli, int argc, char **argv);
int jz_cli_enrol        (JzCli *cli, int argc, char **argv);
int jz_cli_sync         (JzCli *cli, int argc, char **argv);
int jz_cli_status       (JzCli *cli, int argc, char **argv);
int jz_cli_rejected     (JzCli *cli, int argc, char **argv);
int jz_cli_photo        (JzCli *cli, int argc, char **argv);

G_END_DECLS
