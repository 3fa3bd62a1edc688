/* jz-rules-issuance.c — the rules engine: when the permit must be issued, and the remote-area extension
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

/* ---- issuance (national 第九条, jilin 第十二条, sanmenxia 第十二条) ---- */

void
_jz_rules_issuance (Eval *e)
{
  JzProfile *p = e->profile;
  JzRulesCase *c = e->c;
  JzRulesResult *r = e->result;
  g_autofree char *accepted = NULL;
  g_autofree char *due = NULL;
  GDate last;

  if (!g_date_valid (&c->accepted_on))
    {
      _jz_rules_reason (e, "issue_due_unknown", _jz_rules_article (e, "issuance"),
              _("The issue deadline counts from acceptance (受理), and accepted_on is "
                "not given."));
      return;
    }

  accepted = _jz_rules_fmt (&c->accepted_on);
  jz_date_add_days (&c->accepted_on, p->issue_days, &last);
  _jz_rules_deadline (e, &last, &r->issue_due);
  due = _jz_rules_fmt (&r->issue_due);
  if (jz_date_compare (&last, &r->issue_due) != 0)
    {
      g_autofree char *unshifted = _jz_rules_fmt (&last);

      _jz_rules_reason (e, "issue_due", _jz_rules_article (e, "issuance"),
              _("The permit is to be issued within %u days of acceptance on %s; the "
                "last day, %s, is a day off, so the deadline is %s."),
              p->issue_days, accepted, unshifted, due);
    }
  else
    _jz_rules_reason (e, "issue_due", _jz_rules_article (e, "issuance"),
            _("The permit is to be issued within %u days of acceptance on %s, by %s."),
            p->issue_days, accepted, due);

  if (p->extension_days == 0 && p->max_total_days > p->issue_days)
    {
      /* national 第九条: the extension is the city measures' to give */
      _jz_rules_reason (e, "no_extension", _jz_rules_article (e, "extension"),
              _("The regulation itself grants no extension of the issue deadline; a "
                "city's implementing measures may extend it, to no more than %u days in "
                "all. Use the profile of those measures where they exist."),
              p->max_total_days);
      return;
    }
  if (p->extension_days == 0)
    {
      if (c->remote_area)
        _jz_rules_reason (e, "no_extension", _jz_rules_article (e, "extension"),
                _("These rules allow no extension of the issue deadline, not even in a "
                  "remote area."));
      else
        _jz_rules_reason (e, "no_extension", _jz_rules_article (e, "extension"),
                _("These rules allow no extension of the issue deadline."));
      return;
    }

  {
    guint total = jz_profile_max_total_days (p);
    g_autofree char *extended = NULL;

    jz_date_add_days (&c->accepted_on, total, &last);
    _jz_rules_deadline (e, &last, &r->issue_due_extended);
    extended = _jz_rules_fmt (&r->issue_due_extended);

    if (p->max_total_days != 0)
      _jz_rules_reason (e, c->remote_area ? "issue_extension_remote" : "issue_extension",
              _jz_rules_article (e, "extension"),
              _("In remote or hard-to-reach areas or for special circumstances, local "
                "measures may extend the deadline, to no more than %u days in all: %s."),
              p->max_total_days, extended);
    else
      _jz_rules_reason (e, c->remote_area ? "issue_extension_remote" : "issue_extension",
              _jz_rules_article (e, "extension"),
              _("In remote or hard-to-reach areas or for special circumstances the "
                "deadline may be extended by %u days, to %s; the applicant must be "
                "told the reason by phone, letter, e-mail or similar."),
              p->extension_days, extended);
  }
}
