/* jz-registry-life.c — keeping a record true after it was made: 注销
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A registration ends in one of two ways: a newer one takes its place
 * (status "ended", done by the declaration itself), or the person leaves
 * and the station records it (注销: status "departed", with the date and
 * the reason). The registration stays, with its history; the person is
 * no longer counted as living there.
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
