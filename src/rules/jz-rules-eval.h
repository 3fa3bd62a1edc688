/* jz-rules-eval.h — one evaluation, shared by the rule families of jz-rules*.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-profile-private.h"
#include "jz-rules-private.h"

G_BEGIN_DECLS

typedef struct
{
  JzProfile     *profile;
  JzRulesCase   *c;
  const GDate   *today;
  JzHolidays    *holidays;
  JzRulesResult *result;
  GDate          on;       /* the application date, else today */
  GDate          judged;   /* eligibility's day: the acceptance date, else
                            * the day it would be accepted (today, never
                            * before the application date) */
} Eval;

/* What every rule uses (jz-rules.c) */
const char *_jz_rules_kind_label    (JzApplicationKind    kind);
const char *_jz_rules_article       (Eval                *e,
                                     const char          *rule);
void        _jz_rules_deadline      (Eval                *e,
                                     const GDate         *last_day,
                                     GDate               *out);
void        _jz_rules_reason        (Eval                *e,
                                     const char          *code,
                                     const char          *cited,
                                     const char          *format,
                                     ...) G_GNUC_PRINTF (4, 5);
char       *_jz_rules_fmt           (const GDate         *d);

/* The rule families, in the order jz_rules_evaluate() runs them */
void        _jz_rules_eligibility   (Eval                *e);
gboolean    _jz_rules_proxy         (Eval                *e,
                                     const JzProfileKind *kind);
void        _jz_rules_materials     (Eval                *e,
                                     const JzProfileKind *kind,
                                     gboolean             proxy_allowed);
void        _jz_rules_issuance      (Eval                *e);
void        _jz_rules_endorsement   (Eval                *e);
void        _jz_rules_hukou_moved   (Eval                *e);
void        _jz_rules_move          (Eval                *e);
void        _jz_rules_fee           (Eval                *e,
                                     const JzProfileKind *kind);

G_END_DECLS
