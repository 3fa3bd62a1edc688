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
 * found), 2 bad input or usage, 3 a failure of the store or the system,
 * 4 the data directory was wiped at the county's order (jz-cli-purge.c). */
enum
{
  JZ_EXIT_OK = 0,
  JZ_EXIT_NO = 1,
  JZ_EXIT_USAGE = 2,
  JZ_EXIT_FAILURE = 3,
  JZ_EXIT_WIPED = 4,
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
  gboolean  create_key;   /* the command may make the key file (init, enrol) */
};

typedef struct _JzCliRun     JzCliRun;
typedef struct _JzCliContext JzCliContext;

/* What a command does, and how it is said to a person. */
typedef JsonNode *(*JzCliRunFunc)   (JzCliRun  *run,
                                     GError   **error);
typedef void      (*JzCliPrintFunc) (JzCliRun  *run,
                                     JsonNode  *answer);

typedef enum
{
  JZ_CLI_STORE    = 1 << 0,  /* works on the data directory: run->ctx is open */
  JZ_CLI_OWN_ARGS = 1 << 1,  /* parses its arguments itself (--FIELD VALUE flags) */
} JzCliFlags;

/**
 * JzCliCommand:
 * @name: the subcommand ("show"), or %NULL for a command that is its group
 *   ("accept")
 * @parameters: the arguments, for the usage line ("ID")
 * @summary: (N_) what it does, for --help
 * @description: (N_) said after the options in --help, or %NULL
 * @min_args: @max_args: how many arguments it takes
 * @args_hint: (N_) what to give, when the number of arguments is wrong
 * @options_size: the size of the command's options struct, or 0
 * @options_defaults: its values before parsing, or %NULL for zeros
 * @options: its options, whose arg_data are offsets into the struct
 *   (JZ_CLI_OPTION); ends with an entry of %NULL long_name
 * @check: checks the options before the data directory is opened (a
 *   usage error is said before a missing data directory), or %NULL
 * @run: does the work and returns the answer (what --json prints), or
 *   %NULL with @error set
 * @print: says the answer to a person; %NULL when @run said all there is
 *
 * One line of the table juzhu-cli runs: the runner (jz-cli-run.c) parses
 * the options into a fresh struct, checks the arguments, opens the data
 * directory, runs the command, and prints its answer as JSON or through
 * @print. Every command's failures are reported the same way.
 */
typedef struct
{
  const char         *name;
  const char         *parameters;
  const char         *summary;
  const char         *description;
  guint               min_args;
  guint               max_args;
  const char         *args_hint;
  JzCliFlags          flags;
  gsize               options_size;
  gconstpointer       options_defaults;
  const GOptionEntry *options;
  gboolean          (*check) (JzCliRun  *run,
                              GError   **error);
  JzCliRunFunc        run;
  JzCliPrintFunc      print;
} JzCliCommand;

/* An option stored at @member of the command's options struct @Type */
#define JZ_CLI_OPTION(long_name, short_name, arg, Type, member, description, arg_description) \
  { long_name, short_name, 0, arg, GSIZE_TO_POINTER (G_STRUCT_OFFSET (Type, member)), \
    description, arg_description }

/**
 * JzCliGroup:
 * @name: the word on the command line ("person", "accept")
 * @summary: (N_) its line in `juzhu-cli --help`
 * @help: (N_) `juzhu-cli GROUP --help` of a group of subcommands; %NULL
 *   for a single command
 * @commands: its commands, ending with an entry of %NULL @run
 */
typedef struct
{
  const char         *name;
  const char         *summary;
  const char         *help;
  const JzCliCommand *commands;
} JzCliGroup;

/**
 * JzCliRun:
 * @cli: the global options
 * @command: the command running
 * @title: "person show", for messages
 * @ctx: the data directory, for a %JZ_CLI_STORE command
 * @options: the command's options struct
 * @argc: @argv: the arguments from the command's name on (@argv[0] is the
 *   name, as in main())
 * @status: the exit code of a run that succeeded: %JZ_EXIT_OK, or
 *   %JZ_EXIT_NO when the answer is no (an invalid ID number)
 * @data: what @run leaves for @print beside the answer, freed with
 *   @data_free
 */
struct _JzCliRun
{
  JzCli              *cli;
  const JzCliCommand *command;
  const char         *title;
  JzCliContext       *ctx;
  gpointer            options;
  int                 argc;
  char              **argv;
  int                 status;
  gpointer            data;
  GDestroyNotify      data_free;
};

int        jz_cli_run_command     (JzCli                 *cli,
                                   const JzCliCommand    *command,
                                   const char            *title,
                                   int                    argc,
                                   char                 **argv);
int        jz_cli_run_group       (JzCli                 *cli,
                                   const JzCliGroup      *group,
                                   int                    argc,
                                   char                 **argv);
JsonNode  *jz_cli_object_node     (JsonObject            *object);
JsonNode  *jz_cli_list_node       (GPtrArray             *objects);

/* One group per command, the table juzhu-cli.c lists */
extern const JzCliGroup jz_cli_id_group;
extern const JzCliGroup jz_cli_verify_group;
extern const JzCliGroup jz_cli_rules_group;
extern const JzCliGroup jz_cli_registration_group;
extern const JzCliGroup jz_cli_person_group;
extern const JzCliGroup jz_cli_application_group;
extern const JzCliGroup jz_cli_material_group;
extern const JzCliGroup jz_cli_search_group;
extern const JzCliGroup jz_cli_permit_group;
extern const JzCliGroup jz_cli_accept_group;
extern const JzCliGroup jz_cli_extend_group;
extern const JzCliGroup jz_cli_issue_group;
extern const JzCliGroup jz_cli_endorse_group;
extern const JzCliGroup jz_cli_notice_group;
extern const JzCliGroup jz_cli_due_group;
extern const JzCliGroup jz_cli_report_group;
extern const JzCliGroup jz_cli_withdraw_group;
extern const JzCliGroup jz_cli_refuse_group;
extern const JzCliGroup jz_cli_init_group;
extern const JzCliGroup jz_cli_audit_group;
extern const JzCliGroup jz_cli_conflicts_group;
extern const JzCliGroup jz_cli_resolve_group;
extern const JzCliGroup jz_cli_history_group;
extern const JzCliGroup jz_cli_refdata_group;
extern const JzCliGroup jz_cli_enrol_group;
extern const JzCliGroup jz_cli_sync_group;
extern const JzCliGroup jz_cli_status_group;
extern const JzCliGroup jz_cli_rejected_group;
extern const JzCliGroup jz_cli_photo_group;

/* Helpers shared by every command file */
void       jz_cli_print_json      (JsonNode     *node);
int        jz_cli_purge           (JzCli        *cli);
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

G_END_DECLS
