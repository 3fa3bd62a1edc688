/* jz-rules.h — the rules engine: one case, one profile, one result
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jz-holidays.h"
#include "jz-profile.h"

G_BEGIN_DECLS

#define JZ_RULES_ERROR (jz_rules_error_quark ())

typedef enum
{
  JZ_RULES_ERROR_INVALID_CASE,
} JzRulesError;

typedef enum
{
  JZ_ELIGIBILITY_NOT_APPLICABLE,  /* not a first application */
  JZ_ELIGIBILITY_UNDETERMINED,    /* a fact the decision needs is missing */
  JZ_ELIGIBILITY_ELIGIBLE,
  JZ_ELIGIBILITY_NOT_ELIGIBLE,
} JzEligibility;

typedef enum
{
  JZ_ENDORSEMENT_NOT_DUE,
  JZ_ENDORSEMENT_OPEN,
  JZ_ENDORSEMENT_OVERDUE,
} JzEndorsementStatus;

typedef struct _JzRulesCase   JzRulesCase;
typedef struct _JzRulesResult JzRulesResult;

typedef struct
{
  const char *code;      /* stable lower_snake */
  const char *article;   /* e.g. "吉林 第十二条"; NULL only when no article applies */
  const char *message;   /* translated */
} JzRulesReason;

typedef struct
{
  const char         *need;     /* e.g. "employment_proof" */
  const char * const *any_of;   /* document codes, any one of which meets it */
} JzRulesNeed;

typedef struct
{
  GDate               anniversary;
  GDate               window_opens;
  GDate               window_closes;
  JzEndorsementStatus status;
  gboolean            suspended;
  gboolean            requires_new_registration;
} JzRulesEndorsement;

typedef struct
{
  const char *scope;    /* same_county | same_city | same_jurisdiction | outside */
  const char *action;   /* endorse | address_change | new_registration | apply_anew */
  GDate       due;      /* invalid when there is no deadline or no move date */
  gboolean    suspended;
  const char *article;
} JzRulesMove;

GQuark          jz_rules_error_quark             (void);

JzRulesCase    *jz_rules_case_new_from_json      (JsonNode      *node,
                                                  GError       **error);
void            jz_rules_case_free               (JzRulesCase   *self);
JzApplicationKind jz_rules_case_get_kind         (JzRulesCase   *self);

JzRulesResult  *jz_rules_evaluate                (JzProfile     *profile,
                                                  JzRulesCase   *rules_case,
                                                  const GDate   *today,
                                                  JzHolidays    *holidays);
void            jz_rules_result_free             (JzRulesResult *self);
JsonNode       *jz_rules_result_to_json          (JzRulesResult *self);

const char     *jz_rules_result_get_profile      (JzRulesResult *self);
JzEligibility   jz_rules_result_get_eligibility  (JzRulesResult *self,
                                                  GDate         *eligible_from);
guint           jz_rules_result_get_n_reasons    (JzRulesResult *self);
const JzRulesReason *jz_rules_result_get_reason  (JzRulesResult *self,
                                                  guint          index);
gboolean        jz_rules_result_has_missing      (JzRulesResult *self);
guint           jz_rules_result_get_n_missing    (JzRulesResult *self);
const JzRulesNeed *jz_rules_result_get_missing   (JzRulesResult *self,
                                                  guint          index);
gboolean        jz_rules_result_get_proxy        (JzRulesResult *self,
                                                  gboolean      *allowed,
                                                  const char   **reason);
gboolean        jz_rules_result_get_issue_due    (JzRulesResult *self,
                                                  GDate         *due,
                                                  GDate         *due_extended);
gboolean        jz_rules_result_get_endorsement  (JzRulesResult *self,
                                                  JzRulesEndorsement *out);
gboolean        jz_rules_result_get_move         (JzRulesResult *self,
                                                  JzRulesMove   *out);
gboolean        jz_rules_result_get_fee          (JzRulesResult *self,
                                                  gboolean      *charged,
                                                  int           *amount_yuan,
                                                  const char   **article);
char           *jz_rules_result_format_notice    (JzRulesResult *self,
                                                  JzProfile     *profile);

const char     *jz_endorsement_status_to_code    (JzEndorsementStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzRulesCase, jz_rules_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzRulesResult, jz_rules_result_free)

G_END_DECLS
