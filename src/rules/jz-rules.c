/* jz-rules.c — the rules engine
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz_rules_evaluate() is a pure function of (profile, case, today,
 * holidays): it never reads the clock, the store or the environment, so a
 * decision shown on a tablet can be reproduced anywhere later. Each rule
 * family is a file of its own (jz-rules-eligibility.c, -materials.c,
 * -issuance.c, -endorsement.c, -move.c, -fee.c); each adds its outcome
 * and at least one reason citing the profile's article; rules.md is the
 * specification. This file holds what they share and runs them in order.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-profile-private.h"
#include "jz-rules-eval.h"

const char *
_jz_rules_kind_label (JzApplicationKind kind)
{
  switch (kind)
    {
    case JZ_APPLICATION_FIRST:
      return _("A first application");
    case JZ_APPLICATION_ENDORSE:
      return _("An endorsement (签注)");
    case JZ_APPLICATION_REPLACE:
      return _("A replacement of a damaged permit (换领)");
    case JZ_APPLICATION_REISSUE:
      return _("A reissue of a lost permit (补领)");
    case JZ_APPLICATION_ADDRESS_CHANGE:
      return _("An address change");
    case JZ_APPLICATION_N_KINDS:
    default:
      break;
    }
  g_return_val_if_reached (NULL);
}

const char *
_jz_rules_article (Eval       *e,
                   const char *rule)
{
  return jz_profile_article (e->profile, rule);
}

/* 民法典 第203条, when a calendar for the year is loaded. */
void
_jz_rules_deadline (Eval        *e,
                    const GDate *last_day,
                    GDate       *out)
{
  jz_holidays_shift_deadline (e->holidays, last_day, out);
}

void
_jz_rules_reason (Eval       *e,
                  const char *code,
                  const char *cited,
                  const char *format,
                  ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  jz_rules_result_add_reason (e->result, code, cited, message);
}

/* Formats for messages; the caller frees. */
char *
_jz_rules_fmt (const GDate *d)
{
  return jz_date_format (d);
}

/**
 * jz_rules_evaluate:
 * @today: the date deadlines are judged on (jz_date_resolve_today())
 * @holidays: (nullable): the holiday calendars to shift deadlines with
 *
 * Returns: (transfer full): the decisions; never %NULL
 */
JzRulesResult *
jz_rules_evaluate (JzProfile   *profile,
                   JzRulesCase *rules_case,
                   const GDate *today,
                   JzHolidays  *holidays)
{
  Eval e = { profile, rules_case, today, holidays, NULL };
  const JzProfileKind *kind;
  gboolean proxy_allowed;

  g_return_val_if_fail (JZ_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (rules_case != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (holidays == NULL || JZ_IS_HOLIDAYS (holidays), NULL);

  e.result = jz_rules_result_new (profile->name);
  e.on = g_date_valid (&rules_case->applied_on) ? rules_case->applied_on : *today;
  /* Eligibility is the acceptance's question (受理): an application made
   * a few days early is eligible on the day the period is complete. */
  if (g_date_valid (&rules_case->accepted_on))
    e.judged = rules_case->accepted_on;
  else
    e.judged = jz_date_compare (&e.on, today) > 0 ? e.on : *today;
  kind = &profile->kinds[rules_case->kind];

  if (!kind->defined)
    {
      _jz_rules_reason (&e, "kind_not_provided", NULL,
              _("%s has no procedure for this kind of application (%s)."),
              profile->title, jz_application_kind_to_code (rules_case->kind));
    }
  else
    {
      if (kind->eligibility)
        _jz_rules_eligibility (&e);
      proxy_allowed = _jz_rules_proxy (&e, kind);
      _jz_rules_materials (&e, kind, proxy_allowed);
      if (kind->issue_deadline)
        _jz_rules_issuance (&e);
    }

  if (rules_case->has_permit)
    {
      _jz_rules_endorsement (&e);
      _jz_rules_hukou_moved (&e);
    }

  if (rules_case->has_move)
    _jz_rules_move (&e);

  if (kind->defined)
    _jz_rules_fee (&e, kind);

  return e.result;
}
