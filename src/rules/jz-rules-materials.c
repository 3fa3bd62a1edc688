/* jz-rules-materials.c — the rules engine: the documents an application needs
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

void
_jz_rules_materials (Eval                *e,
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
    _jz_rules_reason (e, "materials_complete", kind->article,
            _("Every required material is present."));
  else if (e->profile->notice_in_writing)
    _jz_rules_reason (e, "materials_missing", _jz_rules_article (e, "missing_notice"),
            _("Missing: %s. The applicant must be told of all of them at once, in "
              "writing (一次性书面告知)."), list->str);
  else
    _jz_rules_reason (e, "materials_missing", _jz_rules_article (e, "missing_notice"),
            _("Missing: %s. The applicant must be told of all of them at once "
              "(一次性告知)."), list->str);
}
