/* jz-registry-private.h
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-codes.h"
#include "jz-problem.h"
#include "jz-registry.h"

G_BEGIN_DECLS

struct _JzRegistry
{
  GObject       parent_instance;

  JzStore      *store;
  JzProfile    *profile;
  JzHolidays   *holidays;
  JzPhotoStore *photos;
  JzCodes      *codes;
};

/* Collects every problem of an input (JzProblem: field, code, message). */
typedef struct
{
  GPtrArray *list;
} JzProblems;

void        _jz_problems_init        (JzProblems   *p);
void        _jz_problems_add         (JzProblems   *p,
                                      const char   *field,
                                      const char   *code,
                                      const char   *format,
                                      ...) G_GNUC_PRINTF (4, 5);
void        _jz_problems_clear       (JzProblems   *p);
void        _jz_registry_set_problems_error (GPtrArray *problems,
                                             GError   **error);
gboolean    _jz_problems_fail        (JzProblems   *p,
                                      GError      **error);

const char *_jz_obj_string           (JsonObject   *o,
                                      const char   *member);
gboolean    _jz_obj_date             (JsonObject   *o,
                                      const char   *member,
                                      GDate        *out);
JsonObject *_jz_registry_get         (JzRegistry   *self,
                                      const char   *rtype,
                                      const char   *id,
                                      GError      **error);
gboolean    _jz_registry_check_disputed (JzRegistry *self,
                                      JsonObject   *record,
                                      const char   *doing,
                                      GError      **error);

/* A use case, run by _jz_registry_transact() in one store transaction;
 * it keeps its result in @data. */
typedef gboolean (*JzRegistryTxFunc) (JzRegistry  *self,
                                      gpointer     data,
                                      GError     **error);

gboolean    _jz_registry_transact    (JzRegistry   *self,
                                      JzRegistryTxFunc func,
                                      gpointer      data,
                                      GError      **error);
gboolean    _jz_registry_lookup      (JzRegistry   *self,
                                      const char   *rtype,
                                      const char   *id,
                                      JsonObject  **out,
                                      GError      **error);

/* The use cases that take an input object: declare, add a person, apply.
 * _jz_registry_run_input() runs one in its transaction. */
typedef JsonObject *(*JzRegistryInputFunc) (JzRegistry   *self,
                                            JsonObject   *input,
                                            const GDate  *today,
                                            const char   *author,
                                            GError      **error);

/* jz-registry.c: a declaration, inside a transaction (the roster's rows) */
JsonObject *_jz_registry_declare_in_tx (JzRegistry   *self,
                                        JsonObject   *input,
                                        const GDate  *today,
                                        const char   *author,
                                        GError      **error);

JsonObject *_jz_registry_run_input   (JzRegistry   *self,
                                      JzRegistryInputFunc func,
                                      JsonObject   *input,
                                      const GDate  *today,
                                      const char   *author,
                                      GError      **error);

/* Input checks shared by the use cases */
JsonObject *_jz_registry_pick        (JsonObject   *input,
                                      const char  **keys,
                                      gsize         n);
void        _jz_registry_check_unknown_keys (JsonObject *input,
                                      const char  **a,
                                      gsize         na,
                                      const char  **b,
                                      gsize         nb,
                                      JzProblems   *problems);
void        _jz_registry_check_not_future (JsonObject *o,
                                      const char   *field,
                                      const GDate  *today,
                                      JzProblems   *problems);
gboolean    _jz_registry_validate_save (JzRegistry *self,
                                      JzSave       *save,
                                      JzProblems   *problems,
                                      GError      **error);

JsonNode   *_jz_registry_build_case  (JzRegistry   *self,
                                      JsonObject   *application,
                                      const char   *application_id,
                                      GError      **error);
JzRulesResult *_jz_registry_evaluate_case (JzRegistry *self,
                                      JsonNode     *case_json,
                                      const GDate  *today,
                                      GError      **error);

/* jz-registry-permit.c */
gboolean    _jz_registry_moved_county (JzRegistry  *self,
                                      JsonObject   *permit,
                                      JsonObject  **moved,
                                      GError      **error);

/* jz-registry.c: what adding a person and editing one share */
void        _jz_registry_derive_from_id (JsonObject *person,
                                      const GDate  *today,
                                      JzProblems   *problems);
gboolean    _jz_registry_check_id_number_free (JzRegistry *self,
                                      const char   *id_number,
                                      const char   *own_id,
                                      JzProblems   *problems,
                                      GError      **error);

/* jz-registry-edit.c */
void        _jz_registry_fill_party      (JzRegistry *self,
                                          JsonObject *reg);
void        _jz_registry_check_registration (JzRegistry *self,
                                      JsonObject   *reg,
                                      const char   *birth_date,
                                      const GDate  *today,
                                      JzProblems   *problems);
gboolean    _jz_registry_check_edit  (JzRegistry   *self,
                                      const char   *rtype,
                                      const char   *id,
                                      JsonObject   *change,
                                      const GDate  *today,
                                      JzProblems   *problems,
                                      GError      **error);

/* jz-registry-case.c */
void        _jz_registry_copy_member (JsonObject   *to,
                                      const char   *to_name,
                                      JsonObject   *from,
                                      const char   *from_name);
JsonArray  *_jz_registry_endorsement_dates (JzRegistry *self,
                                      const char   *permit_id,
                                      GError      **error);
JzRulesResult *_jz_registry_evaluate_permit (JzRegistry *self,
                                      JsonObject   *permit,
                                      const GDate  *on,
                                      GError      **error);
void        _jz_registry_check_registration_scope (JzRegistry *self,
                                      const char   *id_number,
                                      const char   *hukou_division,
                                      const char   *residence_division,
                                      JzProblems   *problems);
char       *_jz_registry_next_number (JzRegistry   *self,
                                      const char   *series,
                                      const char   *division,
                                      const GDate  *on,
                                      GError      **error);
gboolean    _jz_registry_check_move  (JzRegistry   *self,
                                      JsonObject   *application,
                                      const char   *application_id,
                                      const GDate  *on,
                                      const char  **action,
                                      GError      **error);
gboolean    _jz_registry_check_endorsement (JzRegistry *self,
                                      JsonObject   *permit,
                                      const GDate  *on,
                                      GError      **error);

G_END_DECLS
