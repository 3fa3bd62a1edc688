/* jz-rules-eligibility.c — the rules engine: who may apply, and who may apply for them (proxies)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-profile-private.h"
#include "jz-rules-eval.h"

/* ---- eligibility (national 第二条, jilin 第八条/第十条, sanmenxia 第七条/第八条) ---- */

void
_jz_rules_eligibility (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  gboolean failed = FALSE;          /* a rule other than the period fails */
  gboolean period_failed = FALSE;
  gboolean unknown = FALSE;
  const GDate *basis;
  gboolean any_condition = FALSE;

  /* Residents of Hong Kong, Macao and Taiwan (ID numbers of 港澳台居民居住证,
   * 81…, 82…, 83…) apply for their own permit under the national measures
   * for it (三门峡 第二十八条). */
  if (jz_id_number_is_hk_macao_taiwan (c->id_number))
    {
      _jz_rules_reason (e, "hk_macao_taiwan", _jz_rules_article (e, "hk_macao_taiwan"),
              _("The applicant's ID number is that of a Hong Kong, Macao or Taiwan "
                "resident; their residence permit (港澳台居民居住证) follows the national "
                "measures for it, not these."));
      failed = TRUE;
    }

  if (p->jurisdiction_prefix != NULL && c->residence_division != NULL &&
      !g_str_has_prefix (c->residence_division, p->jurisdiction_prefix))
    {
      _jz_rules_reason (e, "outside_jurisdiction", _jz_rules_article (e, "jurisdiction"),
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
            _jz_rules_reason (e, "same_city", _jz_rules_article (e, "other_city"),
                    _("The hukou (%s) and the residence (%s) are in the same county; "
                      "a residence permit is for people living away from their hukou "
                      "county or city."),
                    c->hukou_division, c->residence_division);
          else
            _jz_rules_reason (e, "same_city", _jz_rules_article (e, "other_city"),
                    _("The hukou (%s) and the residence (%s) are in the same city; "
                      "a residence permit is for people living in another city."),
                    c->hukou_division, c->residence_division);
          failed = TRUE;
        }
      else
        _jz_rules_reason (e, "other_city", _jz_rules_article (e, "other_city"),
                _("The hukou (%s) is outside the city of residence (%s)."),
                c->hukou_division, c->residence_division);
    }
  else
    {
      _jz_rules_reason (e, "other_city_unknown", _jz_rules_article (e, "other_city"),
              _("Whether the applicant lives in another city cannot be decided "
                "without applicant.hukou_division and residence_division."));
      unknown = TRUE;
    }

  if (p->requires_temp_registration && !g_date_valid (&c->temp_registration_date))
    {
      _jz_rules_reason (e, "temp_registration_missing", _jz_rules_article (e, "temp_registration"),
              _("A temporary residence registration (暂住登记) must come first, and "
                "temp_registration_date is not given."));
      failed = TRUE;
    }

  basis = p->residence_basis == JZ_RESIDENCE_BASIS_TEMP_REGISTRATION
          ? &c->temp_registration_date : &c->residence_since;

  if (g_date_valid (basis))
    {
      g_autofree char *since = _jz_rules_fmt (basis);
      g_autofree char *from = NULL;
      g_autofree char *on = _jz_rules_fmt (&e->judged);
      const char *counted = p->residence_basis == JZ_RESIDENCE_BASIS_TEMP_REGISTRATION
                            ? _("the temporary residence registration")
                            : _("the date on the proof documents");

      jz_date_add_months (basis, p->residence_months, &e->result->eligible_from);
      from = _jz_rules_fmt (&e->result->eligible_from);

      if (jz_date_compare (&e->judged, &e->result->eligible_from) >= 0)
        _jz_rules_reason (e, "residence_period_met", _jz_rules_article (e, "residence_period"),
                _("%u months of residence, counted from %s (%s), were complete on %s."),
                p->residence_months, since, counted, from);
      else
        {
          _jz_rules_reason (e, "residence_period_not_met", _jz_rules_article (e, "residence_period"),
                  _("%u months of residence, counted from %s (%s), are complete on %s, "
                    "not yet on %s."),
                  p->residence_months, since, counted, from, on);
          period_failed = TRUE;
        }
    }
  else if (p->residence_basis == JZ_RESIDENCE_BASIS_PROOF_DATE)
    {
      _jz_rules_reason (e, "residence_start_unknown", _jz_rules_article (e, "residence_start"),
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
      _jz_rules_reason (e, "condition_claimed", _jz_rules_article (e, "conditions"),
              _("The applicant claims: %s."), list->str);
    }
  else
    {
      _jz_rules_reason (e, "no_condition", _jz_rules_article (e, "conditions"),
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

gboolean
_jz_rules_proxy (Eval                *e,
                 const JzProfileKind *kind)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  JzRulesResult *r = e->result;
  const char *cited = kind->proxy_article ? kind->proxy_article : _jz_rules_article (e, "proxy");

  if (!c->has_proxy)
    return FALSE;

  r->has_proxy = TRUE;

  switch (kind->proxy)
    {
    case JZ_PROXY_NONE:
      r->proxy_reason = g_strdup ("kind_not_allowed");
      _jz_rules_reason (e, "proxy_refused", _jz_rules_article (e, "proxy"),
              _("%s cannot be made by a proxy; the holder must come in person."),
              _jz_rules_kind_label (c->kind));
      return FALSE;

    case JZ_PROXY_ANY:
      r->proxy_allowed = TRUE;
      r->proxy_reason = g_strdup ("agent_permitted");
      _jz_rules_reason (e, "proxy_allowed", cited,
              _("%s may be made by the holder or an agent."), _jz_rules_kind_label (c->kind));
      return TRUE;

    case JZ_PROXY_RESTRICTED:
    default:
      break;
    }

  if (c->proxy_relation == JZ_PROXY_RELATION_OTHER)
    {
      r->proxy_reason = g_strdup ("not_guardian_or_relative");
      _jz_rules_reason (e, "proxy_refused", cited,
              _("Only a guardian or a close relative may apply on the applicant's behalf."));
      return FALSE;
    }

  for (guint i = 0; p->proxy_grounds[i] != NULL; i++)
    {
      const char *ground = p->proxy_grounds[i];

      if (strcmp (ground, "under_16") == 0 && g_date_valid (&c->birth_date) &&
          jz_date_age_on (&c->birth_date, &e->on) < p->proxy_under_age)
        {
          g_autofree char *on = _jz_rules_fmt (&e->on);

          r->proxy_allowed = TRUE;
          r->proxy_reason = g_strdup (ground);
          _jz_rules_reason (e, "proxy_allowed", cited,
                  _("The applicant is under %u on %s, so a guardian or close relative "
                    "may apply, showing their own valid ID."),
                  p->proxy_under_age, on);
          return TRUE;
        }
      if (strcmp (ground, "limited_mobility") == 0 && c->limited_mobility)
        {
          r->proxy_allowed = TRUE;
          r->proxy_reason = g_strdup (ground);
          _jz_rules_reason (e, "proxy_allowed", cited,
                  _("The applicant is an elderly person with limited mobility, so a "
                    "guardian or close relative may apply, showing their own valid ID."));
          return TRUE;
        }
      if (strcmp (ground, "disabled") == 0 && c->disabled)
        {
          r->proxy_allowed = TRUE;
          r->proxy_reason = g_strdup (ground);
          _jz_rules_reason (e, "proxy_allowed", cited,
                  _("The applicant is disabled, so a guardian or close relative may "
                    "apply, showing their own valid ID."));
          return TRUE;
        }
    }

  r->proxy_reason = g_strdup ("no_ground");
  if (!g_date_valid (&c->birth_date))
    _jz_rules_reason (e, "proxy_refused", cited,
            _("A proxy may only apply for someone under %u, an elderly person with "
              "limited mobility or a disabled person; the age cannot be checked "
              "without applicant.id_number, and neither of the other grounds is given."),
            p->proxy_under_age);
  else
    _jz_rules_reason (e, "proxy_refused", cited,
            _("A proxy may only apply for someone under %u, an elderly person with "
              "limited mobility or a disabled person; the applicant is none of these."),
            p->proxy_under_age);
  return FALSE;
}
