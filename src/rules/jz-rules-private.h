/* jz-rules-private.h — case and result internals shared by jz-rules*.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-rules.h"

G_BEGIN_DECLS

typedef enum
{
  JZ_PROXY_RELATION_GUARDIAN,
  JZ_PROXY_RELATION_CLOSE_RELATIVE,
  JZ_PROXY_RELATION_OTHER,
} JzProxyRelation;

/* Invalid (cleared) GDates stand for "not given". */
struct _JzRulesCase
{
  JzApplicationKind kind;

  char             *id_number;          /* normalised, or NULL */
  GDate             birth_date;
  char             *hukou_division;
  gboolean          limited_mobility;
  gboolean          disabled;

  char             *residence_division;
  GDate             residence_since;
  GDate             temp_registration_date;

  gboolean          has_conditions;
  gboolean          conditions[JZ_N_CONDITIONS];

  GStrv             materials;          /* NULL: not given */

  gboolean          has_proxy;
  JzProxyRelation   proxy_relation;

  GDate             applied_on;
  GDate             accepted_on;
  gboolean          remote_area;

  gboolean          has_permit;
  GDate             issued_on;
  GArray           *endorsed_on;        /* of GDate, ascending */

  gboolean          has_move;
  char             *move_to_division;
  GDate             moved_on;
};

struct _JzRulesResult
{
  char              *profile;

  JzEligibility      eligibility;
  GDate              eligible_from;

  GArray            *reasons;           /* of JzRulesReason, strings owned */

  GPtrArray         *missing;           /* of JzRulesNeed*, NULL: not checked */

  gboolean           has_proxy;
  gboolean           proxy_allowed;
  char              *proxy_reason;

  GDate              issue_due;
  GDate              issue_due_extended;

  gboolean           has_endorsement;
  JzRulesEndorsement endorsement;

  gboolean           has_fee;
  gboolean           fee_charged;
  int                fee_amount_yuan;
  char              *fee_article;

  gboolean           has_move;
  JzRulesMove        move;              /* article owned */
};

JzRulesResult *jz_rules_result_new        (const char    *profile);
void           jz_rules_result_add_reason (JzRulesResult *self,
                                           const char    *code,
                                           const char    *article,
                                           char          *message);
void           jz_rules_result_start_missing (JzRulesResult *self);
void           jz_rules_result_add_missing (JzRulesResult *self,
                                            const char    *need,
                                            const char * const *any_of);

G_END_DECLS
