/* jz-rules.c — the rules engine
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz_rules_evaluate() is a pure function of (profile, case, today,
 * holidays): it never reads the clock, the store or the environment, so a
 * decision shown on a tablet can be reproduced anywhere later. Each rule
 * below adds its outcome and at least one reason citing the profile's
 * article; rules.md is the specification.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-profile-private.h"
#include "jz-rules-private.h"

typedef struct
{
  JzProfile     *profile;
  JzRulesCase   *c;
  const GDate   *today;
  JzHolidays    *holidays;
  JzRulesResult *result;
  GDate          on;       /* the application date, else today */
} Eval;

static const char *
kind_label (JzApplicationKind kind)
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

static const char *
article (Eval       *e,
         const char *rule)
{
  return jz_profile_article (e->profile, rule);
}

/* 民法典 第203条, when a calendar for the year is loaded. */
static void
deadline (Eval        *e,
          const GDate *last_day,
          GDate       *out)
{
  jz_holidays_shift_deadline (e->holidays, last_day, out);
}

static void
reason (Eval       *e,
        const char *code,
        const char *cited,
        const char *format,
        ...) G_GNUC_PRINTF (4, 5);

static void
reason (Eval       *e,
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
static char *
fmt (const GDate *d)
{
  return jz_date_format (d);
}

/* ---- eligibility (national 第二条, jilin 第八条/第十条, sanmenxia 第七条/第八条) ---- */

static void
evaluate_eligibility (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  gboolean failed = FALSE;          /* a rule other than the period fails */
  gboolean period_failed = FALSE;
  gboolean unknown = FALSE;
  const GDate *basis;
  gboolean any_condition = FALSE;

  if (p->jurisdiction_prefix != NULL && c->residence_division != NULL &&
      !g_str_has_prefix (c->residence_division, p->jurisdiction_prefix))
    {
      reason (e, "outside_jurisdiction", article (e, "jurisdiction"),
              _("The residence %s is outside the area where %s applies; use the "
                "rules of the place of residence."),
              c->residence_division, p->title);
      failed = TRUE;
    }

  if (c->hukou_division != NULL && c->residence_division != NULL)
    {
      guint n = p->other_city_prefix_length;

      if (strncmp (c->hukou_division, c->residence_division, n) == 0)
        {
          if (n >= 6)
            reason (e, "same_city", article (e, "other_city"),
                    _("The hukou (%s) and the residence (%s) are in the same county; "
                      "a residence permit is for people living away from their hukou "
                      "county or city."),
                    c->hukou_division, c->residence_division);
          else
            reason (e, "same_city", article (e, "other_city"),
                    _("The hukou (%s) and the residence (%s) are in the same city; "
                      "a residence permit is for people living in another city."),
                    c->hukou_division, c->residence_division);
          failed = TRUE;
        }
      else
        reason (e, "other_city", article (e, "other_city"),
                _("The hukou (%s) is outside the city of residence (%s)."),
                c->hukou_division, c->residence_division);
    }
  else
    {
      reason (e, "other_city_unknown", article (e, "other_city"),
              _("Whether the applicant lives in another city cannot be decided "
                "without applicant.hukou_division and residence_division."));
      unknown = TRUE;
    }

  if (p->requires_temp_registration && !g_date_valid (&c->temp_registration_date))
    {
      reason (e, "temp_registration_missing", article (e, "temp_registration"),
              _("A temporary residence registration (暂住登记) must come first, and "
                "temp_registration_date is not given."));
      failed = TRUE;
    }

  basis = p->residence_basis == JZ_RESIDENCE_BASIS_TEMP_REGISTRATION
          ? &c->temp_registration_date : &c->residence_since;

  if (g_date_valid (basis))
    {
      g_autofree char *since = fmt (basis);
      g_autofree char *from = NULL;
      g_autofree char *on = fmt (&e->on);
      const char *counted = p->residence_basis == JZ_RESIDENCE_BASIS_TEMP_REGISTRATION
                            ? _("the temporary residence registration")
                            : _("the date on the proof documents");

      jz_date_add_months (basis, p->residence_months, &e->result->eligible_from);
      from = fmt (&e->result->eligible_from);

      if (jz_date_compare (&e->on, &e->result->eligible_from) >= 0)
        reason (e, "residence_period_met", article (e, "residence_period"),
                _("%u months of residence, counted from %s (%s), were complete on %s."),
                p->residence_months, since, counted, from);
      else
        {
          reason (e, "residence_period_not_met", article (e, "residence_period"),
                  _("%u months of residence, counted from %s (%s), are complete on %s, "
                    "not yet on %s."),
                  p->residence_months, since, counted, from, on);
          period_failed = TRUE;
        }
    }
  else if (p->residence_basis == JZ_RESIDENCE_BASIS_PROOF_DATE)
    {
      reason (e, "residence_start_unknown", article (e, "residence_start"),
              _("The length of residence cannot be counted without residence_since, "
                "the date on the address, employment or study proof."));
      unknown = TRUE;
    }

  for (guint i = 0; i < JZ_N_CONDITIONS; i++)
    if (c->conditions[i] && p->allowed_conditions[i])
      any_condition = TRUE;

  if (any_condition)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < JZ_N_CONDITIONS; i++)
        if (c->conditions[i] && p->allowed_conditions[i])
          g_string_append_printf (list, "%s%s", list->len ? ", " : "", jz_condition_to_code (i));
      reason (e, "condition_claimed", article (e, "conditions"),
              _("The applicant claims: %s."), list->str);
    }
  else
    {
      reason (e, "no_condition", article (e, "conditions"),
              _("None of stable employment, a stable residence or continuous study is "
                "claimed; one of them is needed."));
      failed = TRUE;
    }

  if (failed || period_failed)
    e->result->eligibility = JZ_ELIGIBILITY_NOT_ELIGIBLE;
  else if (unknown)
    e->result->eligibility = JZ_ELIGIBILITY_UNDETERMINED;
  else
    e->result->eligibility = JZ_ELIGIBILITY_ELIGIBLE;

  /* A date from which someone could apply is misleading when another
   * rule rules them out whatever the date. */
  if (failed)
    g_date_clear (&e->result->eligible_from, 1);
}

/* ---- proxy (national 第九条, jilin 第九条, sanmenxia 第十条/第十六条) ---- */

static gboolean
evaluate_proxy (Eval                *e,
                const JzProfileKind *kind)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  JzRulesResult *r = e->result;
  const char *cited = kind->proxy_article ? kind->proxy_article : article (e, "proxy");

  if (!c->has_proxy)
    return FALSE;

  r->has_proxy = TRUE;

  switch (kind->proxy)
    {
    case JZ_PROXY_NONE:
      r->proxy_reason = g_strdup ("kind_not_allowed");
      reason (e, "proxy_refused", article (e, "proxy"),
              _("%s cannot be made by a proxy; the holder must come in person."),
              kind_label (c->kind));
      return FALSE;

    case JZ_PROXY_ANY:
      r->proxy_allowed = TRUE;
      r->proxy_reason = g_strdup ("agent_permitted");
      reason (e, "proxy_allowed", cited,
              _("%s may be made by the holder or an agent."), kind_label (c->kind));
      return TRUE;

    case JZ_PROXY_RESTRICTED:
    default:
      break;
    }

  if (c->proxy_relation == JZ_PROXY_RELATION_OTHER)
    {
      r->proxy_reason = g_strdup ("not_guardian_or_relative");
      reason (e, "proxy_refused", cited,
              _("Only a guardian or a close relative may apply on the applicant's behalf."));
      return FALSE;
    }

  for (guint i = 0; p->proxy_grounds[i] != NULL; i++)
    {
      const char *ground = p->proxy_grounds[i];

      if (strcmp (ground, "under_16") == 0 && g_date_valid (&c->birth_date) &&
          jz_date_age_on (&c->birth_date, &e->on) < p->proxy_under_age)
        {
          g_autofree char *on = fmt (&e->on);

          r->proxy_allowed = TRUE;
          r->proxy_reason = g_strdup (ground);
          reason (e, "proxy_allowed", cited,
                  _("The applicant is under %u on %s, so a guardian or close relative "
                    "may apply, showing their own valid ID."),
                  p->proxy_under_age, on);
          return TRUE;
        }
      if (strcmp (ground, "limited_mobility") == 0 && c->limited_mobility)
        {
          r->proxy_allowed = TRUE;
          r->proxy_reason = g_strdup (ground);
          reason (e, "proxy_allowed", cited,
                  _("The applicant is an elderly person with limited mobility, so a "
                    "guardian or close relative may apply, showing their own valid ID."));
          return TRUE;
        }
      if (strcmp (ground, "disabled") == 0 && c->disabled)
        {
          r->proxy_allowed = TRUE;
          r->proxy_reason = g_strdup (ground);
          reason (e, "proxy_allowed", cited,
                  _("The applicant is disabled, so a guardian or close relative may "
                    "apply, showing their own valid ID."));
          return TRUE;
        }
    }

  r->proxy_reason = g_strdup ("no_ground");
  if (!g_date_valid (&c->birth_date))
    reason (e, "proxy_refused", cited,
            _("A proxy may only apply for someone under %u, an elderly person with "
              "limited mobility or a disabled person; the age cannot be checked "
              "without applicant.id_number, and neither of the other grounds is given."),
            p->proxy_under_age);
  else
    reason (e, "proxy_refused", cited,
            _("A proxy may only apply for someone under %u, an elderly person with "
              "limited mobility or a disabled person; the applicant is none of these."),
            p->proxy_under_age);
  return FALSE;
}

/* ---- materials (第九条 everywhere; sanmenxia 第十一条 for the notice) ---- */

static void
add_needs (GPtrArray          *needs,
           const char * const *codes)
{
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint k = 0; k < needs->len && !seen; k++)
        seen = strcmp (g_ptr_array_index (needs, k), codes[i]) == 0;
      if (!seen)
        g_ptr_array_add (needs, (gpointer) codes[i]);
    }
}

static void
evaluate_materials (Eval                *e,
                    const JzProfileKind *kind,
                    gboolean             proxy_allowed)
{
  JzRulesCase *c = e->c;
  JzRulesResult *r = e->result;
  g_autoptr(GPtrArray) needs = g_ptr_array_new ();
  g_autoptr(GString) list = g_string_new (NULL);
  static const char * const proxy_need[] = { "proxy_id", NULL };

  if (c->materials == NULL)
    return;

  add_needs (needs, (const char * const *) kind->needs);
  for (guint i = 0; i < JZ_N_CONDITIONS; i++)
    if (c->conditions[i])
      add_needs (needs, (const char * const *) kind->condition_needs[i]);
  if (proxy_allowed)
    add_needs (needs, proxy_need);

  jz_rules_result_start_missing (r);

  for (guint i = 0; i < needs->len; i++)
    {
      const char *need = g_ptr_array_index (needs, i);
      const char * const *any_of = jz_profile_need_documents (e->profile, need);
      gboolean met = FALSE;

      for (guint k = 0; any_of[k] != NULL && !met; k++)
        met = g_strv_contains ((const char * const *) c->materials, any_of[k]);
      if (met)
        continue;

      jz_rules_result_add_missing (r, need, any_of);
      g_string_append_printf (list, "%s%s", list->len ? ", " : "", need);
    }

  if (r->missing->len == 0)
    reason (e, "materials_complete", kind->article,
            _("Every required material is present."));
  else if (e->profile->notice_in_writing)
    reason (e, "materials_missing", article (e, "missing_notice"),
            _("Missing: %s. The applicant must be told of all of them at once, in "
              "writing (一次性书面告知)."), list->str);
  else
    reason (e, "materials_missing", article (e, "missing_notice"),
            _("Missing: %s. The applicant must be told of all of them at once "
              "(一次性告知)."), list->str);
}

/* ---- issuance (national 第九条, jilin 第十二条, sanmenxia 第十二条) ---- */

static void
evaluate_issuance (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  JzRulesResult *r = e->result;
  g_autofree char *accepted = NULL;
  g_autofree char *due = NULL;
  GDate last;

  if (!g_date_valid (&c->accepted_on))
    {
      reason (e, "issue_due_unknown", article (e, "issuance"),
              _("The issue deadline counts from acceptance (受理), and accepted_on is "
                "not given."));
      return;
    }

  accepted = fmt (&c->accepted_on);
  jz_date_add_days (&c->accepted_on, p->issue_days, &last);
  deadline (e, &last, &r->issue_due);
  due = fmt (&r->issue_due);
  if (jz_date_compare (&last, &r->issue_due) != 0)
    {
      g_autofree char *unshifted = fmt (&last);

      reason (e, "issue_due", article (e, "issuance"),
              _("The permit is to be issued within %u days of acceptance on %s; the "
                "last day, %s, is a day off, so the deadline is %s."),
              p->issue_days, accepted, unshifted, due);
    }
  else
    reason (e, "issue_due", article (e, "issuance"),
            _("The permit is to be issued within %u days of acceptance on %s, by %s."),
            p->issue_days, accepted, due);

  if (p->extension_days == 0)
    {
      if (c->remote_area)
        reason (e, "no_extension", article (e, "extension"),
                _("These rules allow no extension of the issue deadline, not even in a "
                  "remote area."));
      else
        reason (e, "no_extension", article (e, "extension"),
                _("These rules allow no extension of the issue deadline."));
      return;
    }

  {
    guint total = jz_profile_max_total_days (p);
    g_autofree char *extended = NULL;

    jz_date_add_days (&c->accepted_on, total, &last);
    deadline (e, &last, &r->issue_due_extended);
    extended = fmt (&r->issue_due_extended);

    if (p->max_total_days != 0)
      reason (e, c->remote_area ? "issue_extension_remote" : "issue_extension",
              article (e, "extension"),
              _("In remote or hard-to-reach areas or for special circumstances, local "
                "measures may extend the deadline, to no more than %u days in all: %s."),
              p->max_total_days, extended);
    else
      reason (e, c->remote_area ? "issue_extension_remote" : "issue_extension",
              article (e, "extension"),
              _("In remote or hard-to-reach areas or for special circumstances the "
                "deadline may be extended by %u days, to %s; the applicant must be "
                "told the reason by phone, letter, e-mail or similar."),
              p->extension_days, extended);
  }
}

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
  deadline (e, closes_raw, closes);
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
  deadline (e, &last, out);
}

static void
evaluate_endorsement (Eval *e)
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
              g_autofree char *when = fmt (done);
              g_autofree char *from = fmt (&o);

              reason (e, "endorsement_before_window", article (e, "endorsement"),
                      _("The endorsement on %s was made before its window opened on %s; "
                        "it is counted for that year."), when, from);
            }
          n++;
          continue;
        }

      /* Late: the years restart from the late endorsement. */
      {
        g_autofree char *when = fmt (done);

        if (p->late_limit_months != 0)
          {
            GDate limit;

            late_limit_for (e, &cr, &limit);
            if (jz_date_compare (done, &limit) > 0)
              reason (e, "late_endorsement_beyond_limit", article (e, "new_registration"),
                      _("The endorsement on %s was more than %u months late; a new "
                        "temporary residence registration should have preceded it."),
                      when, p->late_limit_months);
          }
        reason (e, "endorsement_restarted", article (e, "late_endorsement"),
                _("The endorsement on %s was late; the years of residence count from "
                  "that date."), when);
        base = *done;
        n = 1;
      }
    }

  jz_date_add_years (&base, n, &out->anniversary);
  window_for (e, &out->anniversary, &out->window_opens, &closes_raw, &out->window_closes);
  anniversary = fmt (&out->anniversary);
  opens = fmt (&out->window_opens);
  closes = fmt (&out->window_closes);

  if (jz_date_compare (e->today, &out->window_opens) < 0)
    {
      out->status = JZ_ENDORSEMENT_NOT_DUE;
      reason (e, "endorsement_not_due", article (e, "endorsement"),
              _("The next endorsement is for the year completed on %s; it can be done "
                "from %s to %s."), anniversary, opens, closes);
      return;
    }

  if (jz_date_compare (e->today, &out->window_closes) <= 0)
    {
      out->status = JZ_ENDORSEMENT_OPEN;
      reason (e, "endorsement_open", article (e, "endorsement"),
              _("The endorsement window is open from %s to %s."), opens, closes);
      return;
    }

  out->status = JZ_ENDORSEMENT_OVERDUE;
  out->suspended = TRUE;
  reason (e, "endorsement_overdue", article (e, "suspension"),
          _("The endorsement was due by %s; the permit's use is suspended (使用功能中止) "
            "until a late endorsement."), closes);

  if (p->late_limit_months != 0)
    {
      GDate limit;
      g_autofree char *until = NULL;

      late_limit_for (e, &closes_raw, &limit);
      until = fmt (&limit);
      if (jz_date_compare (e->today, &limit) > 0)
        {
          out->requires_new_registration = TRUE;
          reason (e, "new_registration_required", article (e, "new_registration"),
                  _("The endorsement is more than %u months overdue (a late endorsement "
                    "was possible until %s): a new temporary residence registration "
                    "is required."), p->late_limit_months, until);
        }
      else
        reason (e, "late_endorsement_possible", article (e, "late_endorsement"),
                _("A late endorsement by %s restores the permit; the years of residence "
                  "then count from it."), until);
    }
  else
    reason (e, "late_endorsement_possible", article (e, "late_endorsement"),
            _("A late endorsement restores the permit; the years of residence then "
              "count from it."));
}

/* sanmenxia 第十九条(四): the hukou moved to the place of residence. */
static void
evaluate_hukou_moved (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;

  if (!e->c->has_permit || c->kind == JZ_APPLICATION_FIRST ||
      !g_strv_contains ((const char * const *) p->suspension_reasons, "hukou_moved") ||
      c->hukou_division == NULL || c->residence_division == NULL ||
      strncmp (c->hukou_division, c->residence_division, p->other_city_prefix_length) != 0)
    return;

  e->result->endorsement.suspended = TRUE;
  reason (e, "suspended_hukou_moved", article (e, "suspension"),
          _("The hukou (%s) is now in the place of residence (%s); the permit's use is "
            "suspended."), c->hukou_division, c->residence_division);
}

/* ---- moves (jilin 第十八条, sanmenxia 第十七条) ---- */

static const char * const move_scopes[] = {
  "same_county", "same_city", "same_jurisdiction", "outside"
};

static const char * const move_actions[] = {
  "endorse", "address_change", "new_registration", "apply_anew"
};

static void
evaluate_move (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  JzRulesResult *r = e->result;
  const JzProfileMove *m;
  JzMoveScope scope;
  const char *to = c->move_to_division;

  if (!p->has_moves)
    {
      reason (e, "move_not_regulated", NULL,
              _("%s has no rule for a change of residence; follow the local measures."),
              p->title);
      return;
    }

  if (c->residence_division == NULL)
    {
      reason (e, "move_origin_unknown", p->moves[JZ_MOVE_SAME_COUNTY].article,
              _("What a move to %s requires cannot be decided without "
                "residence_division, the current residence."), to);
      return;
    }

  if (strncmp (c->residence_division, to, 6) == 0)
    scope = JZ_MOVE_SAME_COUNTY;
  else if (strncmp (c->residence_division, to, 4) == 0)
    scope = JZ_MOVE_SAME_CITY;
  else if (p->jurisdiction_prefix != NULL && g_str_has_prefix (to, p->jurisdiction_prefix) &&
           g_str_has_prefix (c->residence_division, p->jurisdiction_prefix))
    scope = JZ_MOVE_SAME_JURISDICTION;
  else if (p->jurisdiction_prefix == NULL)
    scope = JZ_MOVE_SAME_JURISDICTION;
  else
    scope = JZ_MOVE_OUTSIDE;

  if (scope == JZ_MOVE_SAME_JURISDICTION && !p->moves[scope].defined)
    scope = JZ_MOVE_OUTSIDE;

  m = &p->moves[scope];
  r->has_move = TRUE;
  r->move.scope = move_scopes[scope];
  r->move.action = move_actions[m->action];
  r->move.article = g_strdup (m->article);
  r->move.suspended = m->suspends;
  g_date_clear (&r->move.due, 1);

  if (m->days != 0 && g_date_valid (&c->moved_on))
    {
      GDate last;

      jz_date_add_days (&c->moved_on, m->days, &last);
      deadline (e, &last, &r->move.due);
    }

  switch (m->action)
    {
    case JZ_MOVE_ACTION_ENDORSE:
      if (g_date_valid (&r->move.due))
        {
          g_autofree char *due = fmt (&r->move.due);

          reason (e, "move_endorse", m->article,
                  _("A move to %s within the county: endorse the permit at the new "
                    "station within %u days, by %s."), to, m->days, due);
        }
      else
        reason (e, "move_endorse", m->article,
                _("A move to %s within the county: endorse the permit at the new "
                  "station within %u days of moving."), to, m->days);
      break;
    case JZ_MOVE_ACTION_ADDRESS_CHANGE:
      reason (e, "move_address_change", m->article,
              _("A move to %s: change the address with the existing permit at the new "
                "place's station, free of charge."), to);
      break;
    case JZ_MOVE_ACTION_NEW_REGISTRATION:
      reason (e, "move_new_registration", m->article,
              _("A move to %s, another county of the city: register the temporary "
                "residence (暂住登记) there; the permit is endorsed after %u months."),
              to, p->residence_months);
      break;
    case JZ_MOVE_ACTION_APPLY_ANEW:
    default:
      reason (e, "move_outside", m->article,
              _("The new residence %s is outside the area of %s; apply under the rules "
                "of the new place."), to, p->title);
      break;
    }

  if (m->suspends && c->has_permit)
    {
      r->endorsement.suspended = TRUE;
      reason (e, "suspended_moved", article (e, "suspension"),
              _("Moving to another county of the city suspends the permit's use."));
    }
}

/* ---- fees (national 第二十一条, jilin 第二十五条, sanmenxia 第二十条) ---- */

static void
evaluate_fee (Eval                *e,
              const JzProfileKind *kind)
{
  JzRulesResult *r = e->result;

  r->has_fee = TRUE;
  r->fee_charged = kind->card_fee;
  r->fee_amount_yuan = kind->card_fee ? e->profile->card_fee_yuan : -1;
  r->fee_article = g_strdup (article (e, "fee"));

  if (!kind->card_fee)
    reason (e, "fee_free", r->fee_article, _("%s is free of charge."),
            kind_label (e->c->kind));
  else if (r->fee_amount_yuan >= 0)
    reason (e, "fee_charged", r->fee_article,
            _("%s costs the card fee (工本费), %d yuan."),
            kind_label (e->c->kind), r->fee_amount_yuan);
  else
    reason (e, "fee_charged", r->fee_article,
            _("%s costs the card fee (工本费), at the rate the county sets."),
            kind_label (e->c->kind));
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
  kind = &profile->kinds[rules_case->kind];

  if (!kind->defined)
    {
      reason (&e, "kind_not_provided", NULL,
              _("%s has no procedure for this kind of application (%s)."),
              profile->title, jz_application_kind_to_code (rules_case->kind));
    }
  else
    {
      if (kind->eligibility)
        evaluate_eligibility (&e);
      proxy_allowed = evaluate_proxy (&e, kind);
      evaluate_materials (&e, kind, proxy_allowed);
      if (kind->issue_deadline)
        evaluate_issuance (&e);
    }

  if (rules_case->has_permit)
    {
      evaluate_endorsement (&e);
      evaluate_hukou_moved (&e);
    }

  if (rules_case->has_move)
    evaluate_move (&e);

  if (kind->defined)
    evaluate_fee (&e, kind);

  return e.result;
}
