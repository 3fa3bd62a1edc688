/* jz-rules-move.c — the rules engine: a move of residence: within the county, the city, or out of it
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

/* ---- moves (jilin 第十八条, sanmenxia 第十七条) ---- */

static const char * const move_scopes[] = {
  "same_county", "same_city", "same_jurisdiction", "outside"
};

static const char * const move_actions[] = {
  "endorse", "address_change", "new_registration", "apply_anew"
};

void
_jz_rules_move (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  JzRulesResult *r = e->result;
  const JzProfileMove *m;
  JzMoveScope scope;
  const char *to = c->move_to_division;

  if (!p->has_moves)
    {
      _jz_rules_reason (e, "move_not_regulated", NULL,
              _("%s has no rule for a change of residence; follow the local measures."),
              p->title);
      return;
    }

  if (c->residence_division == NULL)
    {
      _jz_rules_reason (e, "move_origin_unknown", p->moves[JZ_MOVE_SAME_COUNTY].article,
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
      _jz_rules_deadline (e, &last, &r->move.due);
    }

  switch (m->action)
    {
    case JZ_MOVE_ACTION_ENDORSE:
      if (g_date_valid (&r->move.due))
        {
          g_autofree char *due = _jz_rules_fmt (&r->move.due);

          _jz_rules_reason (e, "move_endorse", m->article,
                  _("A move to %s within the county: endorse the permit at the new "
                    "station within %u days, by %s."), to, m->days, due);
        }
      else
        _jz_rules_reason (e, "move_endorse", m->article,
                _("A move to %s within the county: endorse the permit at the new "
                  "station within %u days of moving."), to, m->days);
      break;
    case JZ_MOVE_ACTION_ADDRESS_CHANGE:
      _jz_rules_reason (e, "move_address_change", m->article,
              _("A move to %s: change the address with the existing permit at the new "
                "place's station, free of charge."), to);
      break;
    case JZ_MOVE_ACTION_NEW_REGISTRATION:
      _jz_rules_reason (e, "move_new_registration", m->article,
              _("A move to %s, another county of the city: register the temporary "
                "residence (暂住登记) there; the permit is endorsed after %u months."),
              to, p->residence_months);
      break;
    case JZ_MOVE_ACTION_APPLY_ANEW:
    default:
      _jz_rules_reason (e, "move_outside", m->article,
              _("The new residence %s is outside the area of %s; apply under the rules "
                "of the new place."), to, p->title);
      break;
    }

  /* 三门峡 第十七条第一款: late once the days from the real move are over */
  if (m->action == JZ_MOVE_ACTION_ENDORSE && g_date_valid (&r->move.due) &&
      jz_date_compare (&e->judged, &r->move.due) > 0)
    {
      g_autofree char *moved = _jz_rules_fmt (&c->moved_on);
      g_autofree char *due = _jz_rules_fmt (&r->move.due);
      g_autofree char *judged = _jz_rules_fmt (&e->judged);

      _jz_rules_reason (e, "move_late", m->article,
              _("The move on %s was to be endorsed by %s; on %s it is late."),
              moved, due, judged);
    }

  if (m->suspends && c->has_permit)
    {
      r->endorsement.suspended = TRUE;
      _jz_rules_reason (e, "suspended_moved", _jz_rules_article (e, "suspension"),
              _("Moving to another county of the city suspends the permit's use."));
    }
}
