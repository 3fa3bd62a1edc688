/* jz-registry-life.c — keeping a record true after it was made: 注销,
 * 撤回 and 不予受理
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A registration ends in one of two ways: a newer one takes its place
 * (status "ended", done by the declaration itself), or the person leaves
 * and the station records it (注销: status "departed", with the date and
 * the reason). The registration stays, with its history; the person is
 * no longer counted as living there.
 *
 * An application that will not lead to a permit is closed with the date
 * and the reason: withdrawn by the applicant (撤回, while it is submitted
 * or accepted), or not accepted by the station (不予受理, while it is
 * submitted) or refused by the county once accepted. The person may then
 * apply again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-date.h"
#include "jz-registry-private.h"

typedef struct
{
  const char  *registration_id;
  const GDate *departed_on;
  const char  *reason;
  const GDate *today;
  const char  *author;
  JsonObject  *result;
} DepartCall;

static gboolean
depart_in_tx (JzRegistry  *self,
              gpointer     data,
              GError     **error)
{
  DepartCall *call = data;
  g_autoptr(JsonObject) reg = _jz_registry_get (self, "registration", call->registration_id, error);
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *date = jz_date_format (call->departed_on);
  const char *status;
  JzProblems problems;
  GDate arrived;

  if (reg == NULL)
    return FALSE;
  status = _jz_obj_string (reg, "status");
  if (g_strcmp0 (status, "active") != 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   g_strcmp0 (status, "departed") == 0
                     ? _("this registration was already ended on %s (注销)")
                     : _("this registration is no longer in force (%s)"),
                   g_strcmp0 (status, "departed") == 0 ? _jz_obj_string (reg, "departed_on") ?: "?"
                                                       : status ?: "?");
      return FALSE;
    }
  if (!_jz_registry_check_disputed (self, reg, C_("action", "end the registration"), error))
    return FALSE;

  _jz_problems_init (&problems);
  if (call->reason == NULL || !jz_codes_has (self->codes, "departure_reason", call->reason))
    _jz_problems_add (&problems, "departure_reason", JZ_PROBLEM_INVALID_VALUE,
                      _("departure_reason: say why the person left: moved_away, returned_home, "
                        "hukou_moved, deceased or other"));
  if (jz_date_compare (call->departed_on, call->today) > 0)
    _jz_problems_add (&problems, "departed_on", JZ_PROBLEM_INVALID_VALUE,
                      _("departed_on: %s is in the future"), date);
  if (_jz_obj_date (reg, "arrival_date", &arrived) && jz_date_compare (call->departed_on, &arrived) < 0)
    {
      g_autofree char *since = jz_date_format (&arrived);

      _jz_problems_add (&problems, "departed_on", JZ_PROBLEM_INVALID_VALUE,
                        _("departed_on: %s is before the person came (%s)"), date, since);
    }
  if (_jz_problems_fail (&problems, error))
    return FALSE;

  save = jz_save_new (call->author);
  fields = json_object_new ();
  json_object_set_string_member (fields, "status", "departed");
  json_object_set_string_member (fields, "departed_on", date);
  json_object_set_string_member (fields, "departure_reason", call->reason);
  jz_save_update (save, "registration", call->registration_id, fields);
  jz_save_audit (save, "depart", "registration", call->registration_id, call->reason);
  if (!jz_store_commit (self->store, save, error))
    return FALSE;
  call->result = jz_store_get (self->store, "registration", call->registration_id, error);
  return call->result != NULL;
}

/**
 * jz_registry_depart:
 * @departed_on: the day the person left
 * @reason: a code of the "departure_reason" table
 * @today: the device's date; @departed_on may not be after it
 *
 * 注销: ends an active registration because the person left. The
 * registration is kept with its history; the person's other records stay
 * as they are.
 *
 * Returns: (transfer full): the registration as it now is
 */
JsonObject *
jz_registry_depart (JzRegistry   *self,
                    const char   *registration_id,
                    const GDate  *departed_on,
                    const char   *reason,
                    const GDate  *today,
                    const char   *author,
                    GError      **error)
{
  DepartCall call = { registration_id, departed_on, reason, today, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (registration_id != NULL, NULL);
  g_return_val_if_fail (departed_on != NULL && today != NULL, NULL);

  if (!_jz_registry_transact (self, depart_in_tx, &call, error))
    {
      g_clear_pointer (&call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}

typedef struct
{
  const char  *application_id;
  const char  *status;       /* "withdrawn" or "rejected" */
  const GDate *on;
  const char  *reason;
  const GDate *today;
  const char  *author;
  JsonObject  *result;
} CloseCall;

static gboolean
close_in_tx (JzRegistry  *self,
             gpointer     data,
             GError     **error)
{
  CloseCall *call = data;
  g_autoptr(JsonObject) app = _jz_registry_get (self, "application", call->application_id, error);
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *date = jz_date_format (call->on);
  g_autofree char *reason = g_strstrip (g_strdup (call->reason ? call->reason : ""));
  gboolean withdraw = g_str_equal (call->status, "withdrawn");
  const char *status;
  JzProblems problems;
  GDate applied, accepted;

  if (app == NULL)
    return FALSE;
  status = _jz_obj_string (app, "status");
  if (g_strcmp0 (status, "submitted") != 0 && g_strcmp0 (status, "accepted") != 0)
    {
      if (g_strcmp0 (status, "withdrawn") == 0 || g_strcmp0 (status, "rejected") == 0)
        g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                     g_strcmp0 (status, "withdrawn") == 0
                       ? _("this application was already withdrawn on %s")
                       : _("this application was already refused on %s"),
                     _jz_obj_string (app, "closed_on") ?: "?");
      else
        g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                     _("this application is closed: the permit was issued"));
      return FALSE;
    }
  if (!_jz_registry_check_disputed (self, app, withdraw ? C_("action", "withdraw")
                                                        : C_("action", "refuse"), error))
    return FALSE;

  _jz_problems_init (&problems);
  if (*reason == '\0')
    _jz_problems_add (&problems, "close_reason", JZ_PROBLEM_REQUIRED,
                      withdraw ? _("close_reason: say why the applicant withdraws")
                               : _("close_reason: say why the application is not accepted; "
                                   "the applicant is told the reason"));
  else if (g_utf8_strlen (reason, -1) > 500)
    _jz_problems_add (&problems, "close_reason", JZ_PROBLEM_INVALID_VALUE,
                      _("close_reason: at most 500 characters"));
  if (jz_date_compare (call->on, call->today) > 0)
    _jz_problems_add (&problems, "closed_on", JZ_PROBLEM_INVALID_VALUE,
                      _("closed_on: %s is in the future"), date);
  if (_jz_obj_date (app, "applied_on", &applied) && jz_date_compare (call->on, &applied) < 0)
    _jz_problems_add (&problems, "closed_on", JZ_PROBLEM_INVALID_VALUE,
                      _("closed_on: %s is before the application date %s"), date,
                      _jz_obj_string (app, "applied_on"));
  else if (_jz_obj_date (app, "accepted_on", &accepted) && jz_date_compare (call->on, &accepted) < 0)
    _jz_problems_add (&problems, "closed_on", JZ_PROBLEM_INVALID_VALUE,
                      _("closed_on: %s is before the acceptance date %s"), date,
                      _jz_obj_string (app, "accepted_on"));
  if (_jz_problems_fail (&problems, error))
    return FALSE;

  save = jz_save_new (call->author);
  fields = json_object_new ();
  json_object_set_string_member (fields, "status", call->status);
  json_object_set_string_member (fields, "closed_on", date);
  json_object_set_string_member (fields, "close_reason", reason);
  jz_save_update (save, "application", call->application_id, fields);
  /* the reason is the applicant's business: the audit keeps the date */
  jz_save_audit (save, withdraw ? "withdraw" : "refuse", "application", call->application_id, date);
  if (!jz_store_commit (self->store, save, error))
    return FALSE;
  call->result = jz_store_get (self->store, "application", call->application_id, error);
  return call->result != NULL;
}

static JsonObject *
close_application (JzRegistry   *self,
                   const char   *application_id,
                   const char   *status,
                   const GDate  *on,
                   const char   *reason,
                   const GDate  *today,
                   const char   *author,
                   GError      **error)
{
  CloseCall call = { application_id, status, on, reason, today, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (application_id != NULL, NULL);
  g_return_val_if_fail (on != NULL && today != NULL, NULL);

  if (!_jz_registry_transact (self, close_in_tx, &call, error))
    {
      g_clear_pointer (&call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}

/**
 * jz_registry_withdraw:
 * @on: the day the applicant withdrew
 * @reason: why, in the applicant's words
 * @today: the device's date; @on may not be after it
 *
 * 撤回: the applicant takes back a submitted or accepted application. It
 * is kept, closed, with the date and the reason; the person may apply
 * again.
 *
 * Returns: (transfer full): the application as it now is
 */
JsonObject *
jz_registry_withdraw (JzRegistry   *self,
                      const char   *application_id,
                      const GDate  *on,
                      const char   *reason,
                      const GDate  *today,
                      const char   *author,
                      GError      **error)
{
  return close_application (self, application_id, "withdrawn", on, reason, today, author, error);
}

/**
 * jz_registry_refuse:
 * @on: the day of the decision
 * @reason: why it is not accepted, as the applicant is told
 * @today: the device's date; @on may not be after it
 *
 * 不予受理: the station does not accept a submitted application (not
 * eligible, or not what the regulations provide for). Once accepted, a
 * refusal is the county office's: the store refuses it from any other
 * role (the permission table, jz-model.c).
 *
 * Returns: (transfer full): the application as it now is
 */
JsonObject *
jz_registry_refuse (JzRegistry   *self,
                    const char   *application_id,
                    const GDate  *on,
                    const char   *reason,
                    const GDate  *today,
                    const char   *author,
                    GError      **error)
{
  return close_application (self, application_id, "rejected", on, reason, today, author, error);
}
