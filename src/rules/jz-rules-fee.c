/* jz-rules-fee.c — the rules engine: what a permit costs
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-profile-private.h"
#include "jz-rules-eval.h"

/* ---- fees (national 第二十一条, jilin 第二十五条, sanmenxia 第二十条) ---- */

void
_jz_rules_fee (Eval                *e,
               const JzProfileKind *kind)
{
  JzRulesResult *r = e->result;

  r->has_fee = TRUE;
  r->fee_charged = kind->card_fee;
  r->fee_amount_yuan = kind->card_fee ? e->profile->card_fee_yuan : -1;
  r->fee_article = g_strdup (_jz_rules_article (e, "fee"));

  if (!kind->card_fee)
    _jz_rules_reason (e, "fee_free", r->fee_article, _("%s is free of charge."),
            _jz_rules_kind_label (e->c->kind));
  else if (r->fee_amount_yuan >= 0)
    _jz_rules_reason (e, "fee_charged", r->fee_article,
            _("%s costs the card fee (工本费), %d yuan."),
            _jz_rules_kind_label (e->c->kind), r->fee_amount_yuan);
  else
    _jz_rules_reason (e, "fee_charged", r->fee_article,
            _("%s costs the card fee (工本费), at the rate set by the rules (按规定标准); "
              "the profile does not know the amount."),
            _jz_rules_kind_label (e->c->kind));
}
