/* jz-registry-workflow.c — from application to permit: acceptance, the
 * extension, issuance, endorsement and notices (what is due: jz-registry-due.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every decision here is the rules engine's, fed with a case built from
 * the stored records (jz-registry-case.c), so `juzhu-cli rules check` on
 * the same facts gives the same answer as the workflow.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-registry-private.h"

static gboolean
require_status (JsonObject  *record,
                const char  *status,
                const char  *doing,
                GError     **error)
{
  const char *current = _jz_obj_string (record, "status");

  if (g_strcmp0 (current, status) != 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   _("cannot %s: the application is %s, not %s"),
                   doing, current ? current : _("without status"), status);
      return FALSE;
    }
  return TRUE;
}

/* The reasons that make an applicant ineligible, for a refusal message:
 * the rest of the evaluation (materials complete, fee free) is noise there. */
static const char *refusing_codes[] = {
  "hk_macao_taiwan", "same_city", "same_county", "outside_jurisdiction", "residence_period_not_met",
  "no_condition", "temp_registration_missing", "kind_not_allowed", "kind_not_provided",
  NULL,
};

/* What is not known yet, for a refusal while eligibility is undetermined */
static const char *unknown_codes[] = {
  "other_city_unknown", "residence_start_unknown", NULL,
};

static char *
reasons_text_of (JzRulesResult      *result,
                 const char * const *codes)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < jz_rules_result_get_n_reasons (result); i++)
    {
      const JzRulesReason *r = jz_rules_result_get_reason (result, i);

      if (!g_strv_contains (codes, r->code))
        continue;

      if (s->len)
        g_string_append (s, "; ");
      g_string_append (s, r->message);
      if (r->article)
        g_string_append_printf (s, " (%s)", r->article);
    }
  return g_string_free (s, FALSE);
}

static char *
reasons_text (JzRulesResult *result)
{
  return reasons_text_of (result, refusing_codes);
}

typedef struct
{
  const char  *application_id;
  const GDate *date;
  const char  *text;      /* extend: the reason; issue: the card number */
  const char  *channel;   /* extend: how the applicant was told */
  gboolean     remote_area;
  const char  *author;
  gpointer     result;    /* issue, endorse: the record; notice: its text */
} WorkflowCall;

static gboolean
accept_in_tx (JzRegistry  *self,
              gpointer     data,
              GError     **error)
{
  WorkflowCall *call = data;
  const char *application_id = call->application_id;
  const GDate *accepted_on = call->date;
  gboolean remote_area = call->remote_area;
  const char *author = call->author;
  g_autoptr(JsonObject) app = _jz_registry_get (self, "application", application_id, error);
  g_autoptr(JzRulesResult) result = NULL;
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonNode) case_json = NULL;
  g_autofree char *date = jz_date_format (accepted_on);
  JzEligibility eligibility;
  GDate applied;
  GDate from;

  if (app == NULL)
    return FALSE;
  if (!require_status (app, "submitted", "accept", error) ||
      !_jz_registry_check_disputed (self, app, C_("action", "accept"), error))
    return FALSE;
  if (_jz_obj_date (app, "applied_on", &applied) && jz_date_compare (accepted_on, &applied) < 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("accepted_on: %s is before the application date %s"),
                   date, _jz_obj_string (app, "applied_on"));
      return FALSE;
    }

  /* judged as accepted on that day: eligibility is the acceptance's */
  case_json = _jz_registry_build_case (self, app, application_id, error);
  if (case_json == NULL)
    return FALSE;
  json_object_set_string_member (json_node_get_object (case_json), "accepted_on", date);
  result = _jz_registry_evaluate_case (self, case_json, accepted_on, error);
  if (result == NULL)
    return FALSE;

  eligibility = jz_rules_result_get_eligibility (result, &from);
  if (eligibility == JZ_ELIGIBILITY_NOT_ELIGIBLE)
    {
      g_autofree char *why = reasons_text (result);

      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("cannot accept: the applicant is not eligible on %s: %s"), date, why);
      return FALSE;
    }
  if (eligibility == JZ_ELIGIBILITY_UNDETERMINED)
    {
      g_autofree char *why = reasons_text_of (result, unknown_codes);

      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("cannot accept yet: whether the applicant is eligible cannot be decided: %s"),
                   why);
      return FALSE;
    }
  /* A move the rules do not make an address change is not accepted as one. */
  if (g_strcmp0 (_jz_obj_string (app, "kind"), "address_change") == 0)
    {
      const char *action;

      if (!_jz_registry_check_move (self, app, application_id, accepted_on, &action, error))
        return FALSE;
    }
  /* An endorsement is accepted only in its window (or late as allowed). */
  if (g_strcmp0 (_jz_obj_string (app, "kind"), "endorse") == 0)
    {
      g_autoptr(JsonObject) permit = _jz_registry_get (self, "permit", _jz_obj_string (app, "permit_id"), error);

      if (permit == NULL || !_jz_registry_check_endorsement (self, permit, accepted_on, error))
        return FALSE;
    }
  if (jz_rules_result_get_n_missing (result) > 0)
    {
      g_autoptr(GString) needs = g_string_new (NULL);

      for (guint i = 0; i < jz_rules_result_get_n_missing (result); i++)
        g_string_append_printf (needs, "%s%s", i ? ", " : "", jz_rules_result_get_missing (result, i)->need);
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("cannot accept: materials are missing (%s); give the applicant the "
                     "one-time notice (juzhu-cli notice %s) (%s)"),
                   needs->str, application_id,
                   jz_profile_article (self->profile, "missing_notice") ?: "");
      return FALSE;
    }

  save = jz_save_new (author);
  fields = json_object_new ();
  json_object_set_string_member (fields, "accepted_on", date);
  json_object_set_string_member (fields, "status", "accepted");
  if (remote_area)
    json_object_set_boolean_member (fields, "remote_area", TRUE);
  jz_save_update (save, "application", application_id, fields);
  jz_save_audit (save, "accept", "application", application_id, date);
  return jz_store_commit (self->store, save, error);
}

/**
 * jz_registry_accept:
 *
 * 受理: only for a complete application of an eligible applicant, with no
 * legal field in dispute. The issuance clock starts at @accepted_on.
 */
gboolean
jz_registry_accept (JzRegistry   *self,
                    const char   *application_id,
                    const GDate  *accepted_on,
                    gboolean      remote_area,
                    const char   *author,
                    GError      **error)
{
  WorkflowCall call = { application_id, accepted_on, NULL, NULL, remote_area, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (accepted_on != NULL, FALSE);

  return _jz_registry_transact (self, accept_in_tx, &call, error);
}

static gboolean
extend_in_tx (JzRegistry  *self,
              gpointer     data,
              GError     **error)
{
  WorkflowCall *call = data;
  const char *application_id = call->application_id;
  const char *reason = call->text;
  const char *channel = call->channel;
  const GDate *notified_on = call->date;
  const char *author = call->author;
  g_autoptr(JsonObject) app = _jz_registry_get (self, "application", application_id, error);
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) notice = NULL;
  g_autofree char *date = jz_date_format (notified_on);
  g_autofree char *body = NULL;
  g_autofree char *due_text = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  const char *article = jz_profile_article (self->profile, "extension");
  GDate accepted, due, due_ext;
  JzProblems problems;

  if (app == NULL)
    return FALSE;
  if (!require_status (app, "accepted", "extend the deadline", error) ||
      !_jz_registry_check_disputed (self, app, C_("action", "extend the deadline"), error))
    return FALSE;

  if (jz_profile_extension_days (self->profile) == 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("the %s allows no extension of the issuance deadline (%s)"),
                   jz_profile_get_title (self->profile),
                   jz_profile_article (self->profile, "issuance") ?: "");
      return FALSE;
    }
  if (_jz_obj_string (app, "extension_reason") != NULL)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   _("the deadline of this application was already extended on %s"),
                   _jz_obj_string (app, "extension_notified_on") ?: "an earlier day");
      return FALSE;
    }

  _jz_problems_init (&problems);
  if (reason == NULL || *g_strstrip ((char *) reason) == '\0')
    _jz_problems_add (&problems, "reason", JZ_PROBLEM_REQUIRED,
                      _("reason: say why the permit cannot be issued in time (%s)"), article ?: "");
  if (channel == NULL)
    _jz_problems_add (&problems, "notified_via", JZ_PROBLEM_REQUIRED,
                      _("notified_via: how the applicant was told: phone, letter, email or sms"));
  if (_jz_obj_date (app, "accepted_on", &accepted) && jz_date_compare (notified_on, &accepted) < 0)
    _jz_problems_add (&problems, "notified_on", JZ_PROBLEM_INVALID_VALUE,
                      _("notified_on: %s is before the acceptance on %s"),
                      date, _jz_obj_string (app, "accepted_on"));
  if (_jz_problems_fail (&problems, error))
    return FALSE;

  result = jz_registry_evaluate (self, application_id, notified_on, error);
  if (result == NULL)
    return FALSE;
  if (jz_rules_result_get_issue_due (result, &due, &due_ext) && g_date_valid (&due) &&
      jz_date_compare (notified_on, &due) > 0)
    {
      g_autofree char *d = jz_date_format (&due);

      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("too late to extend: the deadline was %s, and an extension must be "
                     "decided and told before it passes (%s)"), d, article ?: "");
      return FALSE;
    }
  due_text = g_date_valid (&due_ext) ? jz_date_format (&due_ext) : g_strdup ("");

  save = jz_save_new (author);
  fields = json_object_new ();
  json_object_set_string_member (fields, "extension_reason", reason);
  json_object_set_string_member (fields, "extension_channel", channel);
  json_object_set_string_member (fields, "extension_notified_on", date);
  jz_save_update (save, "application", application_id, fields);

  body = g_strdup_printf (_("The issuance of your residence permit is extended to %s. Reason: %s. (%s)"),
                          due_text, reason, article ?: "");
  notice = json_object_new ();
  json_object_set_string_member (notice, "application_id", application_id);
  json_object_set_string_member (notice, "kind", "extension");
  json_object_set_string_member (notice, "issued_on", date);
  json_object_set_string_member (notice, "channel", channel);
  json_object_set_string_member (notice, "body", body);
  jz_save_create (save, "notice", notice);
  jz_save_audit (save, "extend", "application", application_id, channel);
  return jz_store_commit (self->store, save, error);
}

/**
 * jz_registry_extend:
 *
 * The remote-area extension (吉林 第十二条): the applicant must be told the
 * reason, and the app records how and when.
 */
gboolean
jz_registry_extend (JzRegistry   *self,
                    const char   *application_id,
                    const char   *reason,
                    const char   *channel,
                    const GDate  *notified_on,
                    const char   *author,
                    GError      **error)
{
  WorkflowCall call = { application_id, notified_on, reason, channel, FALSE, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (notified_on != NULL, FALSE);

  return _jz_registry_transact (self, extend_in_tx, &call, error);
}

/* An address change that is not a 签注 (吉林 第十八条): the permit gets the
 * new residence, nothing else about it changes. */
static JsonObject *
address_change_in_tx (JzRegistry   *self,
                      JsonObject   *app,
                      const char   *application_id,
                      const GDate  *issued_on,
                      const char   *author,
                      GError      **error)
{
  g_autoptr(JzSave) save = jz_save_new (author);
  g_autoptr(JsonObject) app_fields = json_object_new ();
  g_autoptr(JsonObject) permit = NULL;
  g_autofree char *date = jz_date_format (issued_on);
  const char *permit_id = _jz_obj_string (app, "permit_id");

  permit = _jz_registry_get (self, "permit", permit_id, error);
  if (permit == NULL)
    return NULL;
  if (g_strcmp0 (_jz_obj_string (permit, "status"), "ended") == 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   _("cannot change the address: permit %s has ended"),
                   _jz_obj_string (permit, "number") ?: permit_id);
      return NULL;
    }
  if (json_object_has_member (app, "residence_division"))
    {
      g_autoptr(JsonObject) change = json_object_new ();

      _jz_registry_copy_member (change, "residence_division", app, "residence_division");
      jz_save_update (save, "permit", permit_id, change);
    }
  json_object_set_string_member (app_fields, "issued_on", date);
  json_object_set_string_member (app_fields, "status", "issued");
  jz_save_update (save, "application", application_id, app_fields);
  jz_save_audit (save, "issue", "application", application_id, "address_change");
  if (!jz_store_commit (self->store, save, error))
    return NULL;
  return jz_store_get (self->store, "permit", permit_id, error);
}

static JsonObject *
issue_in_tx (JzRegistry   *self,
             const char   *application_id,
             const GDate  *issued_on,
             const char   *number,
             const char   *author,
             GError      **error)
{
  g_autoptr(JsonObject) app = _jz_registry_get (self, "application", application_id, error);
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) app_fields = json_object_new ();
  g_autofree char *date = jz_date_format (issued_on);
  g_autofree char *generated = NULL;
  const char *kind;
  const char *old_permit;
  const char *result_type = "permit";
  const char *result_id = NULL;
  GDate accepted;

  if (app == NULL)
    return NULL;
  if (!require_status (app, "accepted", "issue", error) ||
      !_jz_registry_check_disputed (self, app, C_("action", "issue"), error))
    return NULL;
  if (_jz_obj_date (app, "accepted_on", &accepted) && jz_date_compare (issued_on, &accepted) < 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("issued_on: %s is before the acceptance on %s"), date, _jz_obj_string (app, "accepted_on"));
      return NULL;
    }

  kind = _jz_obj_string (app, "kind");
  old_permit = _jz_obj_string (app, "permit_id");
  save = jz_save_new (author);

  if (g_strcmp0 (kind, "address_change") == 0)
    {
      const char *action;

      if (!_jz_registry_check_move (self, app, application_id, issued_on, &action, error))
        return NULL;
      /* 吉林 第十八条: the address changes, the yearly window does not */
      if (g_strcmp0 (action, "address_change") == 0)
        return address_change_in_tx (self, app, application_id, issued_on, author, error);
    }

  if (g_strcmp0 (kind, "endorse") == 0 || g_strcmp0 (kind, "address_change") == 0)
    {
      g_autoptr(JsonObject) endorsement = json_object_new ();
      g_autoptr(JsonObject) permit = _jz_registry_get (self, "permit", old_permit, error);

      if (permit == NULL)
        return NULL;
      /* Checked again on the day of issue: the rules may have refused
       * since the acceptance, and nothing is written if they have. */
      if (g_strcmp0 (kind, "endorse") == 0)
        {
          if (!_jz_registry_check_endorsement (self, permit, issued_on, error))
            return NULL;
          if (g_strcmp0 (_jz_obj_string (permit, "status"), "suspended") == 0)
            {
              g_autoptr(JsonObject) restore = json_object_new ();

              json_object_set_string_member (restore, "status", "active");
              json_object_set_null_member (restore, "suspension_reason");
              jz_save_update (save, "permit", old_permit, restore);
            }
        }
      else
        {
          /* Recorded as an endorsement of the new address: after the
           * issue and after every endorsement, as the rules read them. */
          g_autoptr(JsonArray) dates = _jz_registry_endorsement_dates (self, old_permit, error);
          const char *last = _jz_obj_string (permit, "issued_on");

          if (dates == NULL)
            return NULL;
          if (json_array_get_length (dates) > 0)
            last = json_array_get_string_element (dates, json_array_get_length (dates) - 1);
          if (last != NULL && g_strcmp0 (date, last) <= 0)
            {
              g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                           _("issued_on: the address change must be recorded after %s, "
                             "the permit's last issue or endorsement"), last);
              return NULL;
            }
        }

      json_object_set_string_member (endorsement, "permit_id", old_permit);
      json_object_set_string_member (endorsement, "endorsed_on", date);
      _jz_registry_copy_member (endorsement, "residence_division", app, "residence_division");
      result_type = "endorsement";
      result_id = jz_save_create (save, "endorsement", endorsement);
      if (g_strcmp0 (kind, "address_change") == 0 && json_object_has_member (app, "residence_division"))
        {
          g_autoptr(JsonObject) change = json_object_new ();

          _jz_registry_copy_member (change, "residence_division", app, "residence_division");
          jz_save_update (save, "permit", old_permit, change);
        }
      json_object_set_string_member (app_fields, "permit_id", old_permit);
    }
  else
    {
      g_autoptr(JsonObject) permit = json_object_new ();

      if (number == NULL)
        {
          generated = _jz_registry_next_number (self, "permit", _jz_obj_string (app, "residence_division"),
                                                issued_on, error);
          if (generated == NULL)
            return NULL;
          number = generated;
        }
      json_object_set_string_member (permit, "person_id", _jz_obj_string (app, "person_id"));
      json_object_set_string_member (permit, "application_id", application_id);
      json_object_set_string_member (permit, "number", number);
      json_object_set_string_member (permit, "issued_on", date);
      _jz_registry_copy_member (permit, "residence_division", app, "residence_division");
      result_id = jz_save_create (save, "permit", permit);
      json_object_set_string_member (app_fields, "permit_id", result_id);

      /* 换领/补领: the old card is handed back or lost; it ends. */
      if (old_permit != NULL && g_strcmp0 (kind, "first") != 0)
        {
          g_autoptr(JsonObject) old = NULL;

          if (!_jz_registry_lookup (self, "permit", old_permit, &old, error))
            return NULL;
          if (old != NULL && g_strcmp0 (_jz_obj_string (old, "status"), "ended") != 0)
            {
              g_autoptr(JsonObject) end = json_object_new ();

              json_object_set_string_member (end, "status", "ended");
              jz_save_update (save, "permit", old_permit, end);
            }
        }
    }

  json_object_set_string_member (app_fields, "issued_on", date);
  json_object_set_string_member (app_fields, "status", "issued");
  jz_save_update (save, "application", application_id, app_fields);
  jz_save_audit (save, "issue", "application", application_id, kind);

  if (!jz_store_commit (self->store, save, error))
    return NULL;
  return jz_store_get (self->store, result_type, result_id, error);
}

static gboolean
issue_call (JzRegistry  *self,
            gpointer     data,
            GError     **error)
{
  WorkflowCall *call = data;

  call->result = issue_in_tx (self, call->application_id, call->date, call->text, call->author, error);
  return call->result != NULL;
}

/**
 * jz_registry_issue:
 * @number: (nullable): the card number, or NULL to number it here
 *
 * Records the issuance the county office decided: a new permit for first,
 * replacement and reissue applications (the old card ends); an endorsement
 * for an endorsement application; a new address for an address change.
 */
JsonObject *
jz_registry_issue (JzRegistry   *self,
                   const char   *application_id,
                   const GDate  *issued_on,
                   const char   *number,
                   const char   *author,
                   GError      **error)
{
  WorkflowCall call = { application_id, issued_on, number, NULL, FALSE, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (issued_on != NULL, NULL);

  if (!_jz_registry_transact (self, issue_call, &call, error))
    {
      g_clear_pointer ((JsonObject **) &call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}

static JsonObject *
endorse_in_tx (JzRegistry   *self,
               const char   *permit_id,
               const GDate  *endorsed_on,
               const char   *author,
               GError      **error)
{
  g_autoptr(JsonObject) permit = _jz_registry_get (self, "permit", permit_id, error);
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) e = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autofree char *date = jz_date_format (endorsed_on);
  const char *id;

  if (permit == NULL)
    return NULL;
  if (!_jz_registry_check_disputed (self, permit, C_("action", "endorse"), error))
    return NULL;

  if (!_jz_registry_check_endorsement (self, permit, endorsed_on, error))
    return NULL;

  if (!_jz_registry_moved_county (self, permit, &moved, error))
    return NULL;

  save = jz_save_new (author);
  e = json_object_new ();
  json_object_set_string_member (e, "permit_id", permit_id);
  json_object_set_string_member (e, "endorsed_on", date);
  /* after a move to another county, the endorsement is the new county's
   * and the permit now holds that residence */
  _jz_registry_copy_member (e, "residence_division", moved ? moved : permit, "residence_division");
  id = jz_save_create (save, "endorsement", e);
  if (moved != NULL)
    {
      g_autoptr(JsonObject) change = json_object_new ();

      _jz_registry_copy_member (change, "residence_division", moved, "residence_division");
      jz_save_update (save, "permit", permit_id, change);
    }
  /* only a missed endorsement's suspension gets here (the check) */
  if (g_strcmp0 (_jz_obj_string (permit, "status"), "suspended") == 0)
    {
      g_autoptr(JsonObject) restore = json_object_new ();

      json_object_set_string_member (restore, "status", "active");
      json_object_set_null_member (restore, "suspension_reason");
      jz_save_update (save, "permit", permit_id, restore);
    }
  jz_save_audit (save, "endorse", "permit", permit_id, date);
  if (!jz_store_commit (self->store, save, error))
    return NULL;
  return jz_store_get (self->store, "endorsement", id, error);
}

static gboolean
endorse_call (JzRegistry  *self,
              gpointer     data,
              GError     **error)
{
  WorkflowCall *call = data;

  call->result = endorse_in_tx (self, call->application_id, call->date, call->author, error);
  return call->result != NULL;
}

/**
 * jz_registry_endorse:
 *
 * The yearly 签注, in its window or late; a late one restores a suspended
 * permit and restarts the years (吉林 第十三条, 三门峡 第十八条).
 */
JsonObject *
jz_registry_endorse (JzRegistry   *self,
                     const char   *permit_id,
                     const GDate  *endorsed_on,
                     const char   *author,
                     GError      **error)
{
  WorkflowCall call = { permit_id, endorsed_on, NULL, NULL, FALSE, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (endorsed_on != NULL, NULL);

  if (!_jz_registry_transact (self, endorse_call, &call, error))
    {
      g_clear_pointer ((JsonObject **) &call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}

static char *
mask (const char *id_number)
{
  return id_number ? jz_id_number_mask (id_number) : g_strdup ("");
}

static char *
notice_in_tx (JzRegistry   *self,
              const char   *application_id,
              const GDate  *today,
              const char   *author,
              GError      **error)
{
  g_autoptr(JsonObject) app = _jz_registry_get (self, "application", application_id, error);
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) notice = NULL;
  g_autofree char *date = jz_date_format (today);
  g_autofree char *masked = NULL;
  const char *article = jz_profile_article (self->profile, "missing_notice");
  GString *text;
  char *body;

  if (app == NULL)
    return NULL;
  person = _jz_registry_get (self, "person", _jz_obj_string (app, "person_id"), error);
  if (person == NULL)
    return NULL;
  result = jz_registry_evaluate (self, application_id, today, error);
  if (result == NULL)
    return NULL;
  if (jz_rules_result_get_n_missing (result) == 0)
    return NULL;

  masked = mask (_jz_obj_string (person, "id_number"));
  text = g_string_new (NULL);
  g_string_append_printf (text, "%s\n", _("One-time notice of materials to add"));
  g_string_append_printf (text, _("Applicant: %s (%s)\n"), _jz_obj_string (person, "name") ?: "", masked);
  g_string_append_printf (text, _("Application of %s, kind: %s\n"),
                          _jz_obj_string (app, "applied_on") ?: "",
                          jz_codes_name (self->codes, "application_kind", _jz_obj_string (app, "kind"), "zh") ?: "");
  g_string_append_printf (text, "%s\n", _("To complete the application, bring all of the following:"));
  for (guint i = 0; i < jz_rules_result_get_n_missing (result); i++)
    {
      const JzRulesNeed *need = jz_rules_result_get_missing (result, i);
      g_autoptr(GString) docs = g_string_new (NULL);

      for (guint k = 0; need->any_of[k] != NULL; k++)
        g_string_append_printf (docs, "%s%s", k ? _(" or ") : "",
                                jz_codes_name (self->codes, "document", need->any_of[k], "zh") ?: need->any_of[k]);
      g_string_append_printf (text, "%u. %s: %s\n", i + 1,
                              jz_codes_name (self->codes, "need", need->need, "zh") ?: need->need,
                              docs->str);
    }
  g_string_append_printf (text, _("Told once, all together, on %s (%s, %s).\n"),
                          date, jz_profile_get_title (self->profile), article ?: "");
  if (jz_profile_notice_in_writing (self->profile))
    g_string_append_printf (text, "%s\n", _("This notice is given in writing."));
  body = g_string_free (text, FALSE);

  save = jz_save_new (author);
  notice = json_object_new ();
  json_object_set_string_member (notice, "application_id", application_id);
  json_object_set_string_member (notice, "kind", "missing_materials");
  json_object_set_string_member (notice, "issued_on", date);
  json_object_set_string_member (notice, "body", body);
  jz_save_create (save, "notice", notice);
  jz_save_audit (save, "notice", "application", application_id, NULL);
  if (!jz_store_commit (self->store, save, error))
    {
      g_free (body);
      return NULL;
    }
  return body;
}

static gboolean
notice_call (JzRegistry  *self,
             gpointer     data,
             GError     **error)
{
  WorkflowCall *call = data;
  GError *local_error = NULL;

  /* NULL without an error: nothing is missing, nothing to write. */
  call->result = notice_in_tx (self, call->application_id, call->date, call->author, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * jz_registry_notice:
 *
 * The one-time notice of missing materials (一次性告知): everything
 * missing, all together, with the documents that would meet each need.
 * Recorded as a notice and audited. NULL with no error when nothing is
 * missing.
 */
char *
jz_registry_notice (JzRegistry   *self,
                    const char   *application_id,
                    const GDate  *today,
                    const char   *author,
                    GError      **error)
{
  WorkflowCall call = { application_id, today, NULL, NULL, FALSE, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  if (!_jz_registry_transact (self, notice_call, &call, error))
    {
      g_clear_pointer ((char **) &call.result, g_free);
      return NULL;
    }
  return call.result;
}
