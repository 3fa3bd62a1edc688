/* jz-registry-permit.c — what a permit is worth today, and the county's
 * suspensions; a person's whole file, read once for every reader
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A permit's stored status says what the county recorded (active,
 * suspended with a reason, ended); whether its use is suspended today
 * also depends on the date: an endorsement not made in time suspends it
 * (吉林 第十三条, 三门峡 第十九条(三), 条例 第十条) without anyone writing
 * it down. jz_registry_permit_state() puts the two together, so the person
 * page, `person show` and `due` say the same.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jz-date.h"
#include "jz-registry-private.h"

/* The suspension the rules derive from the date, not recorded by anyone */
#define OVERDUE "endorsement_overdue"

/**
 * _jz_registry_moved_county:
 * @moved: (out) (nullable): the registration in the other county, or NULL
 *
 * Whether the holder of @permit has since registered (暂住登记) in another
 * county of the same city and the permit was not endorsed there after
 * it, where the rules suspend the permit for such a move (三门峡 第十七条
 * 第二款, 第十九条(五)). FALSE only when the store cannot be read.
 */
gboolean
_jz_registry_moved_county (JzRegistry  *self,
                           JsonObject  *permit,
                           JsonObject **moved,
                           GError     **error)
{
  g_autoptr(GPtrArray) regs = NULL;
  g_autoptr(GPtrArray) endorsements = NULL;
  const char *held = _jz_obj_string (permit, "residence_division");
  JsonObject *now = NULL;

  *moved = NULL;
  if (!jz_profile_same_city_move_suspends (self->profile) || held == NULL || strlen (held) < 6)
    return TRUE;
  regs = jz_store_list (self->store, "registration", "person_id", _jz_obj_string (permit, "person_id"), 0, error);
  if (regs == NULL)
    return FALSE;
  for (guint i = 0; i < regs->len; i++)
    if (g_strcmp0 (_jz_obj_string (regs->pdata[i], "status"), "active") == 0)
      now = regs->pdata[i];
  if (now == NULL || _jz_obj_string (now, "residence_division") == NULL ||
      strncmp (_jz_obj_string (now, "residence_division"), held, 4) != 0 ||
      strncmp (_jz_obj_string (now, "residence_division"), held, 6) == 0 ||
      g_strcmp0 (_jz_obj_string (now, "registered_on"), _jz_obj_string (permit, "issued_on")) < 0)
    return TRUE;
  /* an endorsement in the new county after that registration restores it */
  endorsements = jz_store_list (self->store, "endorsement", "permit_id", _jz_obj_string (permit, "id"), 0, error);
  if (endorsements == NULL)
    return FALSE;
  for (guint i = 0; i < endorsements->len; i++)
    {
      JsonObject *e = endorsements->pdata[i];

      if (!json_object_get_boolean_member_with_default (e, "deleted", FALSE) &&
          g_strcmp0 (_jz_obj_string (e, "endorsed_on"), _jz_obj_string (now, "registered_on")) >= 0 &&
          _jz_obj_string (e, "residence_division") != NULL &&
          strncmp (_jz_obj_string (e, "residence_division"), _jz_obj_string (now, "residence_division"), 6) == 0)
        return TRUE;
    }
  *moved = json_object_ref (now);
  return TRUE;
}

/**
 * jz_registry_permit_state:
 * @permit: a permit record
 * @today: the day it is judged on
 *
 * Returns: (transfer full): `status` (active | suspended | ended),
 *   `reason` (a code of the suspension_reason table, or null), `article`,
 *   `since` (the day the use was suspended, when known) and
 *   `requires_new_registration` (overdue beyond what a late endorsement
 *   may restore).
 */
JsonObject *
jz_registry_permit_state (JzRegistry   *self,
                          JsonObject   *permit,
                          const GDate  *today,
                          GError      **error)
{
  g_autoptr(JsonObject) state = json_object_new ();
  const char *stored = _jz_obj_string (permit, "status");
  const char *article = jz_profile_article (self->profile, "suspension");

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);

  json_object_set_string_member (state, "status", "active");
  json_object_set_null_member (state, "reason");
  json_object_set_null_member (state, "article");
  json_object_set_null_member (state, "since");
  json_object_set_boolean_member (state, "requires_new_registration", FALSE);

  if (g_strcmp0 (stored, "ended") == 0)
    {
      json_object_set_string_member (state, "status", "ended");
      return g_steal_pointer (&state);
    }
  if (g_strcmp0 (stored, "suspended") == 0 && _jz_obj_string (permit, "suspension_reason") != NULL &&
      g_strcmp0 (_jz_obj_string (permit, "suspension_reason"), OVERDUE) != 0)
    {
      json_object_set_string_member (state, "status", "suspended");
      _jz_registry_copy_member (state, "reason", permit, "suspension_reason");
      _jz_registry_copy_member (state, "since", permit, "suspended_on");
      if (article != NULL)
        json_object_set_string_member (state, "article", article);
      return g_steal_pointer (&state);
    }

  /* 三门峡 第十七条第二款, 第十九条(五): registered since in another county
   * of the city, and not endorsed there yet */
  {
    g_autoptr(JsonObject) moved = NULL;

    if (!_jz_registry_moved_county (self, permit, &moved, error))
      return NULL;
    if (moved != NULL)
      {
        json_object_set_string_member (state, "status", "suspended");
        json_object_set_string_member (state, "reason", "moved_county");
        _jz_registry_copy_member (state, "since", moved, "registered_on");
        if (article != NULL)
          json_object_set_string_member (state, "article", article);
        return g_steal_pointer (&state);
      }
  }

  /* active, or suspended for the missed endorsement: the date decides */
  if (_jz_obj_string (permit, "issued_on") != NULL)
    {
      g_autoptr(JzRulesResult) result = _jz_registry_evaluate_permit (self, permit, today, error);
      JzRulesEndorsement en;

      if (result == NULL)
        return NULL;
      if (jz_rules_result_get_endorsement (result, &en) && en.status == JZ_ENDORSEMENT_OVERDUE)
        {
          GDate from = en.window_closes;
          g_autofree char *since = NULL;

          g_date_add_days (&from, 1);
          since = jz_date_format (&from);
          json_object_set_string_member (state, "status", "suspended");
          json_object_set_string_member (state, "reason", OVERDUE);
          json_object_set_string_member (state, "since", since);
          if (article != NULL)
            json_object_set_string_member (state, "article", article);
          json_object_set_boolean_member (state, "requires_new_registration", en.requires_new_registration);
        }
    }
  return g_steal_pointer (&state);
}

typedef struct
{
  const char  *permit_id;
  const char  *reason;
  const GDate *on;
  const GDate *today;
  const char  *author;
  JsonObject  *result;
} SuspendCall;

static gboolean
suspend_in_tx (JzRegistry  *self,
               gpointer     data,
               GError     **error)
{
  SuspendCall *call = data;
  g_autoptr(JsonObject) permit = _jz_registry_get (self, "permit", call->permit_id, error);
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *date = jz_date_format (call->on);
  const char * const *allowed = jz_profile_suspension_reasons (self->profile);
  JzProblems problems;
  GDate issued;

  if (permit == NULL)
    return FALSE;
  if (g_strcmp0 (_jz_obj_string (permit, "status"), "active") != 0 &&
      !(g_strcmp0 (_jz_obj_string (permit, "status"), "suspended") == 0 &&
        g_strcmp0 (_jz_obj_string (permit, "suspension_reason"), OVERDUE) == 0))
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   g_strcmp0 (_jz_obj_string (permit, "status"), "ended") == 0
                   ? _("permit %s has ended; there is nothing to suspend")
                   : _("the use of permit %s is already suspended"),
                   _jz_obj_string (permit, "number") ?: call->permit_id);
      return FALSE;
    }
  if (!_jz_registry_check_disputed (self, permit, C_("action", "suspend"), error))
    return FALSE;

  _jz_problems_init (&problems);
  if (g_strcmp0 (call->reason, OVERDUE) == 0)
    _jz_problems_add (&problems, "suspension_reason", JZ_PROBLEM_INVALID_VALUE,
                      _("suspension_reason: a missed endorsement suspends the permit by itself, "
                        "on the day the window closes; it is not recorded"));
  else if (call->reason == NULL || allowed == NULL || !g_strv_contains (allowed, call->reason))
    {
      g_autofree char *list = allowed != NULL ? g_strjoinv (", ", (char **) allowed) : g_strdup ("");

      _jz_problems_add (&problems, "suspension_reason", JZ_PROBLEM_INVALID_VALUE,
                        _("suspension_reason: these rules suspend a permit for: %s (%s)"), list,
                        jz_profile_article (self->profile, "suspension") ?: "");
    }
  if (jz_date_compare (call->on, call->today) > 0)
    _jz_problems_add (&problems, "suspended_on", JZ_PROBLEM_INVALID_VALUE,
                      _("suspended_on: %s is in the future"), date);
  if (_jz_obj_date (permit, "issued_on", &issued) && jz_date_compare (call->on, &issued) < 0)
    _jz_problems_add (&problems, "suspended_on", JZ_PROBLEM_INVALID_VALUE,
                      _("suspended_on: %s is before the permit was issued (%s)"), date,
                      _jz_obj_string (permit, "issued_on"));
  if (_jz_problems_fail (&problems, error))
    return FALSE;

  save = jz_save_new (call->author);
  fields = json_object_new ();
  json_object_set_string_member (fields, "status", "suspended");
  json_object_set_string_member (fields, "suspension_reason", call->reason);
  json_object_set_string_member (fields, "suspended_on", date);
  jz_save_update (save, "permit", call->permit_id, fields);
  jz_save_audit (save, "suspend", "permit", call->permit_id, call->reason);
  if (!jz_store_commit (self->store, save, error))
    return FALSE;
  call->result = jz_store_get (self->store, "permit", call->permit_id, error);
  return call->result != NULL;
}

/**
 * jz_registry_suspend:
 * @reason: a code of the profile's suspension_reasons (三门峡 第十九条:
 *   false_materials, not_eligible, hukou_moved, moved_county, other)
 * @on: the day of the decision
 *
 * Records that the county suspended the use of a permit (使用功能中止).
 * A missed endorsement is not recorded: jz_registry_permit_state() derives
 * it from the date. Permits are the county office's: the store refuses
 * this from any other role.
 *
 * Returns: (transfer full): the permit as it now is
 */
JsonObject *
jz_registry_suspend (JzRegistry   *self,
                     const char   *permit_id,
                     const char   *reason,
                     const GDate  *on,
                     const GDate  *today,
                     const char   *author,
                     GError      **error)
{
  SuspendCall call = { permit_id, reason, on, today, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (permit_id != NULL && on != NULL && today != NULL, NULL);

  if (!_jz_registry_transact (self, suspend_in_tx, &call, error))
    {
      g_clear_pointer (&call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}

static JsonArray *
to_array (GPtrArray *records)
{
  JsonArray *a = json_array_sized_new (records->len);

  for (guint i = 0; i < records->len; i++)
    json_array_add_object_element (a, json_object_ref (records->pdata[i]));
  return a;
}

/**
 * jz_registry_person_file:
 * @today: the day permits are judged on
 * @author: who looks; the view is written to the audit log
 *
 * A person in full: `person`, `registrations`, `applications` and
 * `permits`, each permit with its `state` (jz_registry_permit_state()).
 * Every reading is audited (条例 第十七条).
 *
 * Returns: (transfer full): the file
 */
JsonObject *
jz_registry_person_file (JzRegistry   *self,
                         const char   *person_id,
                         const GDate  *today,
                         const char   *author,
                         GError      **error)
{
  static const char *lists[] = { "registration", "application", "permit" };
  static const char *members[] = { "registrations", "applications", "permits" };
  g_autoptr(JsonObject) file = json_object_new ();
  g_autoptr(JsonObject) person = NULL;

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);

  person = jz_store_get (self->store, "person", person_id, error);
  if (person == NULL)
    return NULL;
  json_object_set_object_member (file, "person", json_object_ref (person));
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(GPtrArray) records = jz_store_list (self->store, lists[i], "person_id", person_id, 0, error);

      if (records == NULL)
        return NULL;
      if (g_str_equal (lists[i], "permit"))
        for (guint k = 0; k < records->len; k++)
          {
            JsonObject *state = jz_registry_permit_state (self, records->pdata[k], today, error);

            if (state == NULL)
              return NULL;
            json_object_set_object_member (records->pdata[k], "state", state);
          }
      json_object_set_array_member (file, members[i], to_array (records));
    }
  /* No full record leaves the store without its line in the audit log. */
  if (!jz_store_audit (self->store, author, "view", "person", person_id, NULL, error))
    return NULL;
  return g_steal_pointer (&file);
}
