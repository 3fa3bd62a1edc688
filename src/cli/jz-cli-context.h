/* jz-cli-context.h — the store, profile and registry a command works on,
 * and the input and output helpers the record commands share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-cli.h"
#include "jz-codes.h"
#include "jz-device.h"
#include "jz-divisions.h"
#include "jz-model.h"
#include "jz-registry.h"
#include "jz-store.h"

G_BEGIN_DECLS

#define JZ_CLI_DEFAULT_PROFILE JZ_DEVICE_DEFAULT_PROFILE

struct _JzCliContext
{
  JzCli       *cli;        /* borrowed */
  JzStore     *store;
  JzProfile   *profile;
  JzRegistry  *registry;
  JzCodes     *codes;
  JzDivisions *divisions;  /* built-in provinces + the imported list, on first use */
};

JzCliContext *jz_cli_context_open        (JzCli         *cli,
                                          GError       **error);
void          jz_cli_context_free        (JzCliContext  *ctx);
void          jz_cli_apply_clock_offset  (JzStore       *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzCliContext, jz_cli_context_free)

int           jz_cli_exit_code           (const GError  *error);
int           jz_cli_error               (JzCli         *cli,
                                          const GError  *error);

GOptionContext *jz_cli_option_context    (const char    *command,
                                          const char    *parameters,
                                          const char    *summary,
                                          const char    *description);
gboolean      jz_cli_parse_date          (JzCli         *cli,
                                          const char    *option,
                                          const char    *text,
                                          GDate         *out,
                                          GError       **error);

JsonObject   *jz_cli_collect_fields      (int            argc,
                                          char         **argv,
                                          const char * const *rtypes,
                                          const char * const *aliases,
                                          gboolean      *help,
                                          GError       **error);
JsonNode     *jz_cli_field_value         (const char * const *rtypes,
                                          const char    *field,
                                          const char    *text);

const char   *jz_cli_code_name           (JzCliContext  *ctx,
                                          const char    *table,
                                          const char    *code);
const char   *jz_cli_status_name         (const char    *status);
char         *jz_cli_division_text       (JzCliContext  *ctx,
                                          const char    *code);
char         *jz_cli_masked              (JsonObject    *record,
                                          const char    *member);
JsonObject   *jz_cli_masked_copy         (JsonObject    *record);
const char   *jz_cli_str                 (JsonObject    *record,
                                          const char    *member);

void          jz_cli_print_record        (JzCliContext  *ctx,
                                          JsonObject    *record,
                                          gboolean       mask_ids,
                                          const char    *indent);
void          jz_cli_print_fields_help   (const char    *rtype,
                                          const char * const *fields);
char         *jz_cli_pad                 (const char    *text,
                                          guint          width);
JsonObject   *jz_cli_person_summary      (JsonObject    *person);
void          jz_cli_print_person_rows   (JzCliContext  *ctx,
                                          GPtrArray     *persons);

/* `person edit`, `registration edit` and `application edit`, in
 * jz-cli-edit.c: JZ_CLI_EDIT_COMMAND (a function that calls
 * jz_cli_edit_record with its record type) */
typedef struct
{
  char **sets;
} JzCliEditOptions;

extern const GOptionEntry jz_cli_edit_options[];
JsonNode     *jz_cli_edit_record         (JzCliRun      *run,
                                          const char    *rtype,
                                          GError       **error);
void          jz_cli_edit_print          (JzCliRun      *run,
                                          JsonNode      *answer);

#define JZ_CLI_EDIT_COMMAND(run_func) \
  { .name = "edit", .parameters = "ID", \
    .summary = N_("Changes fields of a record, with the same checks as when it was\n" \
                  "made. Values are text; lists are a,b; yes-or-no fields true or\n" \
                  "false; FIELD= clears a field. Every change is kept in the history\n" \
                  "and synced."), \
    .min_args = 1, .max_args = 1, .args_hint = N_("give one ID, then --set FIELD=VALUE…"), \
    .flags = JZ_CLI_STORE, .options_size = sizeof (JzCliEditOptions), .options = jz_cli_edit_options, \
    .run = run_func, .print = jz_cli_edit_print }

/* `search` and `person search`, in jz-cli-store.c */
typedef struct
{
  int limit;
} JzCliSearchOptions;

extern const JzCliSearchOptions jz_cli_search_defaults;
extern const GOptionEntry jz_cli_search_options[];
JsonNode     *jz_cli_search_run          (JzCliRun      *run,
                                          GError       **error);
void          jz_cli_search_print        (JzCliRun      *run,
                                          JsonNode      *answer);

#define JZ_CLI_SEARCH_COMMAND \
  { .name = "search", .parameters = "QUERY", \
    .summary = N_("Finds persons by any part of a name (one or two characters work), an\n" \
                  "ID number (three characters or more) or an address. ID numbers are\n" \
                  "masked. Exit status 1 when nobody matches."), \
    .min_args = 1, .max_args = G_MAXUINT, .args_hint = N_("type part of a name, an ID number or an address"), \
    .flags = JZ_CLI_STORE, .options_size = sizeof (JzCliSearchOptions), \
    .options_defaults = &jz_cli_search_defaults, .options = jz_cli_search_options, \
    .run = jz_cli_search_run, .print = jz_cli_search_print }

GPtrArray    *jz_cli_node_objects        (JsonNode      *answer);

/* In jz-cli-permit.c */
char         *jz_cli_permit_state_text   (JzCliContext  *ctx,
                                          JsonObject    *state);

/* In jz-cli-application.c */
void          jz_cli_print_missing       (JzCliContext  *ctx,
                                          JzRulesResult *result,
                                          JsonObject    *application);
void          jz_cli_print_evaluation    (JzCliContext  *ctx,
                                          JzRulesResult *result,
                                          JsonObject    *application);

/* The --FIELD flags of person and registration input, in jz-cli-person.c
 * and jz-cli-registration.c */
extern const char * const jz_cli_person_fields[];
extern const char * const jz_cli_registration_fields[];

G_END_DECLS
