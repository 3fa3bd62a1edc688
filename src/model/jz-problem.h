/* jz-problem.h — what is wrong with a change, as data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same checks run on the device before a save and on the county
 * server when the change arrives (jz-store-check.c); both say what they
 * find as a list of problems: the field, a stable code, and a message for
 * people that names the field. The device shows them, the server answers
 * them in the push result.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The codes (docs/sync-protocol.md, "Rejection codes") */
#define JZ_PROBLEM_INVALID_VALUE  "invalid_value"
#define JZ_PROBLEM_UNKNOWN_FIELD  "unknown_field"
#define JZ_PROBLEM_REQUIRED       "required"
#define JZ_PROBLEM_IMMUTABLE      "immutable"
#define JZ_PROBLEM_TYPE           "type"
#define JZ_PROBLEM_REFERENCE      "reference"
#define JZ_PROBLEM_WORKFLOW       "workflow"
#define JZ_PROBLEM_ROLE           "role"
#define JZ_PROBLEM_OUT_OF_SCOPE   "out_of_scope"
#define JZ_PROBLEM_CLOCK          "clock"
#define JZ_PROBLEM_DISPUTED       "disputed"
#define JZ_PROBLEM_NOT_FOUND      "not_found"
#define JZ_PROBLEM_DUPLICATE      "duplicate"   /* on the device: the person or application exists */

typedef struct
{
  char *field;    /* the field, or NULL for the record as a whole */
  char *code;     /* one of JZ_PROBLEM_* */
  char *message;  /* "field: what is wrong", for people */
} JzProblem;

JzProblem *jz_problem_new       (const char  *field,
                                 const char  *code,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (3, 4);
void       jz_problem_free      (JzProblem   *problem);
const char *jz_problem_get_text (const JzProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzProblem, jz_problem_free)

GPtrArray *jz_problems_new      (void);
void       jz_problems_add      (GPtrArray   *problems,
                                 const char  *field,
                                 const char  *code,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (4, 5);
gboolean   jz_problems_all      (GPtrArray   *problems,
                                 const char  *code);
gboolean   jz_problems_any      (GPtrArray   *problems,
                                 const char  *code);
JsonArray *jz_problems_to_json  (GPtrArray   *problems);
char      *jz_problems_join     (GPtrArray   *problems,
                                 const char  *separator);

G_END_DECLS
