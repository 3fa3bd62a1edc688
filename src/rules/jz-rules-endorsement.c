/* jz-rules-endorsement.c — the rules engine: the yearly endorsement (签注), suspension and a hukou that moved
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

/* ---- endorsement (national 第十条, jilin 第十三条, sanmenxia 第十六条/第十八条) ---- */

static void
window_for (Eval        *e,
            const GDate *anniversary,
            GDate       *opens,
            GDate       *closes_raw,
            GDate       *closes)
{
  *opens = *anniversary;
  if (e->profile->window_days != 0)
    g_date_subtract_days (opens, e->profile->window_days);
  else
    g_date_subtract_months (opens, e->profile->window_months);

  *closes_raw = *anniversary;
  g_date_subtract_days (closes_raw, 1);
  _jz_rules_deadline (e, closes_raw, closes);
}

/* The last day on which a late endorsement still restores the permit
 * (sanmenxia 第十八条: 逾期不超过半年), counted from the day the window closed. */
static void
late_limit_for (Eval        *e,
                const GDate *closes_raw,
                GDate       *out)
{
  GDate last;

  jz_date_add_months (closes_raw, e->profile->late_limit_months, &last);
  _jz_rules_deadline (e, &last, out);
}

void
_jz_rules_endorsement (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  JzRulesEndorsement *out = &e->result->endorsement;
  GDate base = c->issued_on;
  guint n = 1;
  GDate closes_raw;
  g_autofree char *anniversary = NULL;
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  e->result->has_endorsement = TRUE;

  for (guint i = 0; i < c->endorsed_on->len; i++)
    {
      const GDate *done = &g_array_index (c->endorsed_on, GDate, i);
      GDate a, o, cr, cl;

      jz_date_add_years (&base, n, &a);
      window_for (e, &a, &o, &cr, &cl);

      if (jz_date_compare (done, &cl) <= 0)
        {
          /* Recorded as done, so counted; but a clerk should see that it
           * was outside the window the regulation sets. */
          if (jz_date_compare (done, &o) < 0)
            {
              g_autofree char *when = _jz_rules_fmt (done);
              g_autofree char *from = _jz_rules_fmt (&o);

              _jz_rules_reason (e, "endorsement_before_window", _jz_rules_article (e, "endorsement"),
                      _("The endorsement on %s was made before its window opened on %s; "
                        "it is counted for that year."), when, from);
            }
          n++;
          continue;
        }

      /* Late: the years restart from the late endorsement. */
      {
        g_autofree char *when = _jz_rules_fmt (done);

        if (p->late_limit_months != 0)
          {
            GDate limit;

            late_limit_for (e, &cr, &limit);
            if (jz_date_compare (done, &limit) > 0)
              _jz_rules_reason (e, "late_endorsement_beyond_limit", _jz_rules_article (e, "new_registration"),
                      _("The endorsement on %s was more than %u months late; a new "
                        "temporary residence registration should have preceded it."),
                      when, p->late_limit_months);
          }
        _jz_rules_reason (e, "endorsement_restarted", _jz_rules_article (e, "late_endorsement"),
                _("The endorsement on %s was late; the years of residence count from "
                  "that date."), when);
        base = *done;
        n = 1;
      }
    }

  jz_date_add_years (&base, n, &out->anniversary);
  window_for (e, &out->anniversary, &out->window_opens, &closes_raw, &out->window_closes);
  anniversary = _jz_rules_fmt (&out->anniversary);
  opens = _jz_rules_fmt (&out->window_opens);
  closes = _jz_rules_fmt (&out->window_closes);

  if (jz_date_compare (e->today, &out->window_opens) < 0)
    {
      out->status = JZ_ENDORSEMENT_NOT_DUE;
      _jz_rules_reason (e, "endorsement_not_due", _jz_rules_article (e, "endorsement"),
              _("The next endorsement is for the year completed on %s; it can be done "
                "from %s to %s."), anniversary, opens, closes);
      return;
    }

  if (jz_date_compare (e->today, &out->window_closes) <= 0)
    {
      out->status = JZ_ENDORSEMENT_OPEN;
      _jz_rules_reason (e, "endorsement_open", _jz_rules_article (e, "endorsement"),
              _("The endorsement window is open from %s to %s."), opens, closes);
      return;
    }

  out->status = JZ_ENDORSEMENT_OVERDUE;
  out->suspended = TRUE;
  _jz_rules_reason (e, "endorsement_overdue", _jz_rules_article (e, "suspension"),
          _("The endorsement was due by %s; the permit's use is suspended (使用功能中止) "
            "until a late endorsement."), closes);

  if (p->late_limit_months != 0)
    {
      GDate limit;
      g_autofree char *until = NULL;

      late_limit_for (e, &closes_raw, &limit);
      until = _jz_rules_fmt (&limit);
      if (jz_date_compare (e->today, &limit) > 0)
        {
          out->requires_new_registration = TRUE;
          _jz_rules_reason (e, "new_registration_required", _jz_rules_article (e, "new_registration"),
                  _("The endorsement is more than %u months overdue (a late endorsement "
                    "was possible until %s): a new temporary residence registration "
                    "is required."), p->late_limit_months, until);
        }
      else
        _jz_rules_reason (e, "late_endorsement_possible", _jz_rules_article (e, "late_endorsement"),
                _("A late endorsement by %s restores the permit; the years of residence "
                  "then count from it."), until);
    }
  else
    _jz_rules_reason (e, "late_endorsement_possible", _jz_rules_article (e, "late_endorsement"),
            _("A late endorsement restores the permit; the years of residence then "
              "count from it."));
}

/* sanmenxia 第十九条(四): the hukou moved to the place of residence. */
void
_jz_rules_hukou_moved (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;

  if (!e->c->has_permit || c->kind == JZ_APPLICATION_FIRST ||
      !g_strv_contains ((const char * const *) p->suspension_reasons, "hukou_moved") ||
      c->hukou_division == NULL || c->residence_division == NULL ||
      strncmp (c->hukou_division, c->residence_division, p->other_city_prefix_length) != 0)
    return;

  e->result->endorsement.suspended = TRUE;
  _jz_rules_reason (e, "suspended_hukou_moved", _jz_rules_article (e, "suspension"),
          _("The hukou (%s) is now in the place of residence (%s); the permit's use is "
            "suspended."), c->hukou_division, c->residence_division);
}
