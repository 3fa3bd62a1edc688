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

typedef struct
{
  JzCli       *cli;        /* borrowed */
  JzStore     *store;
  JzProfile   *profile;
  JzRegistry  *registry;
  JzCodes     *codes;
  JzDivisions *divisions;  /* built-in provinces + the imported list, on first use */
} JzCliContext;

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
void          jz_cli_print_object        (JsonObject    *object);
void          jz_cli_print_person_rows   (JzCliContext  *ctx,
                                          GPtrArray     *persons);

/* In jz-cli-edit.c */
int           jz_cli_edit_record         (JzCli         *cli,
                                          int            argc,
                                          char         **argv,
                                          const char    *rtype);

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
void          jz_cli_print_list          (GPtrArray     *objects);

G_END_DECLS
