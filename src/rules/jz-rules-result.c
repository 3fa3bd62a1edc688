/* jz-rules-result.c — the decisions of the rules engine, and their JSON
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON shape is the one at the end of rules.md, keys in that order;
 * a key whose rule does not apply to the case is null rather than absent,
 * so that consumers can tell "not applicable" from a missing field. After
 * the keys of rules.md come "fee.amount_yuan" and "move", which rules.md
 * describes in prose but not in the example.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-rules-private.h"

static void
clear_reason (gpointer data)
{
  JzRulesReason *reason = data;

  g_free ((char *) reason->code);
  g_free ((char *) reason->article);
  g_free ((char *) reason->message);
}

static void
free_need (gpointer data)
{
  JzRulesNeed *need = data;

  g_free ((char *) need->need);
  g_strfreev ((char **) need->any_of);
  g_free (need);
}

JzRulesResult *
jz_rules_result_new (const char *profile)
{
  JzRulesResult *self = g_new0 (JzRulesResult, 1);

  self->profile = g_strdup (profile);
  self->eligibility = JZ_ELIGIBILITY_NOT_APPLICABLE;
  g_date_clear (&self->eligible_from, 1);
  self->reasons = g_array_new (FALSE, TRUE, sizeof (JzRulesReason));
  g_array_set_clear_func (self->reasons, clear_reason);
  g_date_clear (&self->issue_due, 1);
  g_date_clear (&self->issue_due_extended, 1);
  g_date_clear (&self->endorsement.anniversary, 1);
  g_date_clear (&self->endorsement.window_opens, 1);
  g_date_clear (&self->endorsement.window_closes, 1);
  g_date_clear (&self->move.due, 1);
  self->fee_amount_yuan = -1;

  return self;
}

void
jz_rules_result_free (JzRulesResult *self)
{
  if (self == NULL)
    return;

  g_free (self->profile);
  g_array_unref (self->reasons);
  g_clear_pointer (&self->missing, g_ptr_array_unref);
  g_free (self->proxy_reason);
  g_free (self->fee_article);
  g_free ((char *) self->move.article);
  g_free (self);
}

/* Takes @message. */
void
jz_rules_result_add_reason (JzRulesResult *self,
                            const char    *code,
                            const char    *article,
                            char          *message)
{
  JzRulesReason reason = {
    g_strdup (code), g_strdup (article), message
  };

  g_array_append_val (self->reasons, reason);
}

/* Marks the materials as checked: "missing" becomes a list, maybe empty. */
void
jz_rules_result_start_missing (JzRulesResult *self)
{
  if (self->missing == NULL)
    self->missing = g_ptr_array_new_with_free_func (free_need);
}

void
jz_rules_result_add_missing (JzRulesResult      *self,
                             const char         *need,
                             const char * const *any_of)
{
  JzRulesNeed *item = g_new0 (JzRulesNeed, 1);

  jz_rules_result_start_missing (self);
  item->need = g_strdup (need);
  item->any_of = (const char * const *) g_strdupv ((char **) any_of);
  g_ptr_array_add (self->missing, item);
}

const char *
jz_endorsement_status_to_code (JzEndorsementStatus status)
{
  switch (status)
    {
    case JZ_ENDORSEMENT_NOT_DUE:
      return "not_due";
    case JZ_ENDORSEMENT_OPEN:
      return "open";
    case JZ_ENDORSEMENT_OVERDUE:
      return "overdue";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---- JSON ---------------------------------------------------------------- */

static void
add_date (JsonBuilder *b,
          const char  *key,
          const GDate *date)
{
  json_builder_set_member_name (b, key);
  if (date != NULL && g_date_valid (date))
    {
      g_autofree char *text = jz_date_format (date);

      json_builder_add_string_value (b, text);
    }
  else
    json_builder_add_null_value (b);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *key,
                    const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_reasons (JsonBuilder   *b,
             JzRulesResult *self)
{
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->reasons->len; i++)
    {
      const JzRulesReason *reason = &g_array_index (self->reasons, JzRulesReason, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "code", reason->code);
      add_string_or_null (b, "article", reason->article);
      add_string_or_null (b, "message", reason->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_missing (JsonBuilder   *b,
             JzRulesResult *self)
{
  json_builder_set_member_name (b, "missing");
  if (self->missing == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }

  json_builder_begin_array (b);
  for (guint i = 0; i < self->missing->len; i++)
    {
      const JzRulesNeed *need = g_ptr_array_index (self->missing, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "need", need->need);
      json_builder_set_member_name (b, "any_of");
      json_builder_begin_array (b);
      for (guint k = 0; need->any_of[k] != NULL; k++)
        json_builder_add_string_value (b, need->any_of[k]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_endorsement (JsonBuilder   *b,
                 JzRulesResult *self)
{
  const JzRulesEndorsement *en = &self->endorsement;

  json_builder_set_member_name (b, "endorsement");
  if (!self->has_endorsement)
    {
      json_builder_add_null_value (b);
      return;
    }

  json_builder_begin_object (b);
  add_date (b, "anniversary", &en->anniversary);
  add_date (b, "window_opens", &en->window_opens);
  add_date (b, "window_closes", &en->window_closes);
  add_string_or_null (b, "status", jz_endorsement_status_to_code (en->status));
  json_builder_set_member_name (b, "suspended");
  json_builder_add_boolean_value (b, en->suspended);
  json_builder_set_member_name (b, "requires_new_registration");
  json_builder_add_boolean_value (b, en->requires_new_registration);
  json_builder_end_object (b);
}

JsonNode *
jz_rules_result_to_json (JzRulesResult *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  add_string_or_null (b, "profile", self->profile);

  json_builder_set_member_name (b, "eligible");
  if (self->eligibility == JZ_ELIGIBILITY_ELIGIBLE ||
      self->eligibility == JZ_ELIGIBILITY_NOT_ELIGIBLE)
    json_builder_add_boolean_value (b, self->eligibility == JZ_ELIGIBILITY_ELIGIBLE);
  else
    json_builder_add_null_value (b);
  add_date (b, "eligible_from", &self->eligible_from);

  add_reasons (b, self);
  add_missing (b, self);

  json_builder_set_member_name (b, "proxy");
  if (self->has_proxy)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "allowed");
      json_builder_add_boolean_value (b, self->proxy_allowed);
      add_string_or_null (b, "reason", self->proxy_reason);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  add_date (b, "issue_due", &self->issue_due);
  add_date (b, "issue_due_extended", &self->issue_due_extended);
  add_endorsement (b, self);

  json_builder_set_member_name (b, "fee");
  if (self->has_fee)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "charged");
      json_builder_add_boolean_value (b, self->fee_charged);
      add_string_or_null (b, "article", self->fee_article);
      json_builder_set_member_name (b, "amount_yuan");
      if (self->fee_amount_yuan >= 0)
        json_builder_add_int_value (b, self->fee_amount_yuan);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "move");
  if (self->has_move)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "scope", self->move.scope);
      add_string_or_null (b, "action", self->move.action);
      add_date (b, "due", &self->move.due);
      json_builder_set_member_name (b, "suspended");
      json_builder_add_boolean_value (b, self->move.suspended);
      add_string_or_null (b, "article", self->move.article);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- accessors ----------------------------------------------------------- */

const char *
jz_rules_result_get_profile (JzRulesResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->profile;
}

/* @eligible_from (nullable) is left invalid when there is no such date. */
JzEligibility
jz_rules_result_get_eligibility (JzRulesResult *self,
                                 GDate         *eligible_from)
{
  g_return_val_if_fail (self != NULL, JZ_ELIGIBILITY_NOT_APPLICABLE);

  if (eligible_from != NULL)
    *eligible_from = self->eligible_from;
  return self->eligibility;
}

guint
jz_rules_result_get_n_reasons (JzRulesResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->reasons->len;
}

const JzRulesReason *
jz_rules_result_get_reason (JzRulesResult *self,
                            guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->reasons->len, NULL);
  return &g_array_index (self->reasons, JzRulesReason, index);
}

/* FALSE when the case listed no materials, so none were checked. */
gboolean
jz_rules_result_has_missing (JzRulesResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->missing != NULL;
}

guint
jz_rules_result_get_n_missing (JzRulesResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->missing ? self->missing->len : 0;
}

const JzRulesNeed *
jz_rules_result_get_missing (JzRulesResult *self,
                             guint          index)
{
  g_return_val_if_fail (self != NULL && self->missing != NULL, NULL);
  g_return_val_if_fail (index < self->missing->len, NULL);
  return g_ptr_array_index (self->missing, index);
}

gboolean
jz_rules_result_get_proxy (JzRulesResult  *self,
                           gboolean       *allowed,
                           const char    **reason)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (allowed != NULL)
    *allowed = self->proxy_allowed;
  if (reason != NULL)
    *reason = self->proxy_reason;
  return self->has_proxy;
}

/* FALSE when no deadline could be computed; @due_extended is left invalid
 * when the profile allows no extension. */
gboolean
jz_rules_result_get_issue_due (JzRulesResult *self,
                               GDate         *due,
                               GDate         *due_extended)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (due != NULL)
    *due = self->issue_due;
  if (due_extended != NULL)
    *due_extended = self->issue_due_extended;
  return g_date_valid (&self->issue_due);
}

gboolean
jz_rules_result_get_endorsement (JzRulesResult      *self,
                                 JzRulesEndorsement *out)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (out != NULL)
    *out = self->endorsement;
  return self->has_endorsement;
}

/* The strings in @out belong to @self. */
gboolean
jz_rules_result_get_move (JzRulesResult *self,
                          JzRulesMove   *out)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (out != NULL)
    *out = self->move;
  return self->has_move;
}

/* @amount_yuan is -1 when free or when the profile does not know the fee. */
gboolean
jz_rules_result_get_fee (JzRulesResult  *self,
                         gboolean       *charged,
                         int            *amount_yuan,
                         const char    **article)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (charged != NULL)
    *charged = self->fee_charged;
  if (amount_yuan != NULL)
    *amount_yuan = self->fee_amount_yuan;
  if (article != NULL)
    *article = self->fee_article;
  return self->has_fee;
}

/* The one-time notice of missing materials (一次性告知), as plain text to
 * print or hand over; NULL when nothing is missing or nothing was checked. */
char *
jz_rules_result_format_notice (JzRulesResult *self,
                               JzProfile     *profile)
{
  GString *text;
  const char *cited;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (JZ_IS_PROFILE (profile), NULL);

  if (self->missing == NULL || self->missing->len == 0)
    return NULL;

  cited = jz_profile_article (profile, "missing_notice");
  text = g_string_new (NULL);
  g_string_append_printf (text, _("Materials still needed (%s, %s):"),
                          jz_profile_get_title (profile), cited ? cited : "");
  g_string_append_c (text, '\n');
  for (guint i = 0; i < self->missing->len; i++)
    {
      const JzRulesNeed *need = g_ptr_array_index (self->missing, i);
      g_autofree char *any_of = g_strjoinv (_(" or "), (char **) need->any_of);

      g_string_append_printf (text, "%u. %s: %s\n", i + 1, need->need, any_of);
    }

  return g_string_free (text, FALSE);
}
