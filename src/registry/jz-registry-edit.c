/* jz-registry-edit.c — editing a saved record (jz_registry_edit): a person,
 * a registration or an application, with the same checks as making it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An edit is one save of the changed fields (jz_registry_edit() in
 * jz-registry.c): the store keeps every value in the history, the legal
 * fields merge as legal fields do, and the change syncs like any other.
 * What happens to a record in its workflow (accepted, issued, ended,
 * closed) is the workflow's: those fields are not edited here.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-registry-private.h"

/* A landlord's or an employer's enrolled device: its role's identity
 * fields, and the identity the county gave its account (NULL for an
 * account made before identities, which files as its user). */
static gboolean
device_party (JzRegistry  *self,
              const char **identity_field,
              const char **name_field,
              char       **identity,
              char       **real_name)
{
  g_autofree char *role = jz_store_get_meta (self->store, "sync_role", NULL);

  if (g_strcmp0 (role, "landlord") == 0)
    {
      *identity_field = "landlord_identity";
      *name_field = "landlord_name";
    }
  else if (g_strcmp0 (role, "employer") == 0)
    {
      *identity_field = "employer_identity";
      *name_field = "employer_name";
    }
  else
    return FALSE;
  *identity = jz_store_get_meta (self->store, "sync_identity", NULL);
  if (*identity == NULL)
    return FALSE;
  *real_name = jz_store_get_meta (self->store, "sync_real_name", NULL);
  return TRUE;
}

/**
 * _jz_registry_fill_party:
 *
 * On a landlord's or an employer's device, a new registration names them:
 * their identity and real name, as the county enrolled them, where the
 * form left them empty.
 */
void
_jz_registry_fill_party (JzRegistry *self,
                         JsonObject *reg)
{
  const char *identity_field, *name_field;
  g_autofree char *identity = NULL;
  g_autofree char *real_name = NULL;

  if (!device_party (self, &identity_field, &name_field, &identity, &real_name))
    return;
  if (!json_object_has_member (reg, identity_field))
    json_object_set_string_member (reg, identity_field, identity);
  if (!json_object_has_member (reg, name_field) && real_name != NULL &&
      g_strcmp0 (_jz_obj_string (reg, identity_field), identity) == 0)
    json_object_set_string_member (reg, name_field, real_name);
}

/* Who houses or employs the person, by identity: a name goes with it, and
 * a landlord's or employer's device files only those it houses or employs
 * (the server refuses the rest: docs/server.md, "Scopes"). */
static void
check_party (JzRegistry *self,
             JsonObject *reg,
             JzProblems *problems)
{
  const char *identity_field, *name_field;
  g_autofree char *identity = NULL;
  g_autofree char *real_name = NULL;
  g_autofree char *masked = NULL;
  const char *housing = _jz_obj_string (reg, "housing_type");

  /* (rented and employer_dorm ask for the name already) */
  if (_jz_obj_string (reg, "landlord_identity") != NULL && _jz_obj_string (reg, "landlord_name") == NULL &&
      g_strcmp0 (housing, "rented") != 0)
    _jz_problems_add (problems, "landlord_name", JZ_PROBLEM_REQUIRED,
                      _("landlord_name: required with the landlord's ID number or credit code"));
  if (_jz_obj_string (reg, "employer_identity") != NULL && _jz_obj_string (reg, "employer_name") == NULL &&
      g_strcmp0 (housing, "employer_dorm") != 0)
    _jz_problems_add (problems, "employer_name", JZ_PROBLEM_REQUIRED,
                      _("employer_name: required with the employer's credit code or ID number"));

  if (!device_party (self, &identity_field, &name_field, &identity, &real_name))
    return;
  if (g_strcmp0 (_jz_obj_string (reg, identity_field), identity) == 0)
    return;
  masked = jz_party_id_mask (identity);
  if (g_str_equal (identity_field, "landlord_identity"))
    _jz_problems_add (problems, identity_field, JZ_PROBLEM_ROLE,
                      _("landlord_identity: a landlord's device files the tenants it houses; "
                        "this device's landlord is %s (%s)"), real_name ?: "?", masked);
  else
    _jz_problems_add (problems, identity_field, JZ_PROBLEM_ROLE,
                      _("employer_identity: an employer's device files its own employees; "
                        "this device's employer is %s (%s)"), real_name ?: "?", masked);
}

/**
 * _jz_registry_check_registration:
 * @reg: the registration's fields as they are to be
 * @birth_date: (nullable): the person's, "YYYY-MM-DD"
 *
 * The checks of a 暂住登记's own dates and housing, for declaring and for
 * editing alike.
 */
void
_jz_registry_check_registration (JzRegistry  *self,
                                 JsonObject  *reg,
                                 const char  *birth_date,
                                 const GDate *today,
                                 JzProblems  *problems)
{
  const char *housing = _jz_obj_string (reg, "housing_type");
  GDate arrival, registered, birth;

  _jz_registry_check_not_future (reg, "registered_on", today, problems);
  _jz_registry_check_not_future (reg, "arrival_date", today, problems);
  if (_jz_obj_date (reg, "arrival_date", &arrival) && _jz_obj_date (reg, "registered_on", &registered) &&
      jz_date_compare (&arrival, &registered) > 0)
    _jz_problems_add (problems, "arrival_date", JZ_PROBLEM_INVALID_VALUE,
                      _("arrival_date: %s is after the registration date %s"),
                      _jz_obj_string (reg, "arrival_date"), _jz_obj_string (reg, "registered_on"));
  if (birth_date != NULL && jz_date_parse (birth_date, &birth, NULL) &&
      _jz_obj_date (reg, "arrival_date", &arrival) && jz_date_compare (&arrival, &birth) < 0)
    _jz_problems_add (problems, "arrival_date", JZ_PROBLEM_INVALID_VALUE,
                      _("arrival_date: %s is before the birth date"),
                      _jz_obj_string (reg, "arrival_date"));

  if (g_strcmp0 (housing, "rented") == 0 && _jz_obj_string (reg, "landlord_name") == NULL)
    _jz_problems_add (problems, "landlord_name", JZ_PROBLEM_REQUIRED,
                      _("landlord_name: required when the housing type is rented"));
  if (g_strcmp0 (housing, "employer_dorm") == 0 && _jz_obj_string (reg, "employer_name") == NULL)
    _jz_problems_add (problems, "employer_name", JZ_PROBLEM_REQUIRED,
                      _("employer_name: required when the employer provides the housing"));
  if (g_strcmp0 (housing, "school_dorm") == 0 && _jz_obj_string (reg, "school_name") == NULL)
    _jz_problems_add (problems, "school_name", JZ_PROBLEM_REQUIRED,
                      _("school_name: required when the school provides the housing"));
  check_party (self, reg, problems);
}

/* @current with @change laid over it (a null clears) */
static JsonObject *
merged (JsonObject *current,
        JsonObject *change)
{
  JsonObject *out = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, current);
  while (json_object_iter_next (&iter, &key, &node))
    json_object_set_member (out, key, json_node_copy (node));
  json_object_iter_init (&iter, change);
  while (json_object_iter_next (&iter, &key, &node))
    json_object_set_member (out, key, json_node_copy (node));
  return out;
}

/* Fields only the workflow writes, and the use case that does */
static const struct { const char *rtype, *field, *how; } workflow_fields[] = {
  { "registration", "departed_on", "registration depart" },
  { "registration", "departure_reason", "registration depart" },
  { "registration", "person_id", NULL },
  { "application", "accepted_on", "accept" },
  { "application", "issued_on", "issue" },
  { "application", "permit_id", "issue" },
  { "application", "closed_on", "withdraw, refuse" },
  { "application", "close_reason", "withdraw, refuse" },
  { "application", "extension_reason", "extend" },
  { "application", "extension_channel", "extend" },
  { "application", "extension_notified_on", "extend" },
  { "application", "person_id", NULL },
};

/**
 * _jz_registry_check_edit:
 * @change: the fields to write
 *
 * What an edit of a registration or an application must satisfy: the
 * record is still open (a registration in force, an application waiting
 * for acceptance; only notes change after), no workflow field is written,
 * and the record as it would be passes the checks of making it.
 * Problems go to @problems; FALSE only when the store cannot be read.
 */
gboolean
_jz_registry_check_edit (JzRegistry  *self,
                         const char  *rtype,
                         const char  *id,
                         JsonObject  *change,
                         const GDate *today,
                         JzProblems  *problems,
                         GError     **error)
{
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) after = NULL;
  const char *status;
  gboolean only_notes = json_object_get_size (change) == 1 && json_object_has_member (change, "notes");

  if (g_strcmp0 (rtype, "registration") != 0 && g_strcmp0 (rtype, "application") != 0)
    return TRUE;
  if (!_jz_registry_lookup (self, rtype, id, &current, error))
    return FALSE;
  if (current == NULL)
    return TRUE;   /* the save says "no such record" */

  for (guint i = 0; i < G_N_ELEMENTS (workflow_fields); i++)
    if (g_str_equal (workflow_fields[i].rtype, rtype) && json_object_has_member (change, workflow_fields[i].field))
      {
        if (workflow_fields[i].how != NULL)
          _jz_problems_add (problems, workflow_fields[i].field, JZ_PROBLEM_WORKFLOW,
                            _("%s: changes only through %s"), workflow_fields[i].field, workflow_fields[i].how);
        else
          _jz_problems_add (problems, workflow_fields[i].field, JZ_PROBLEM_WORKFLOW,
                            _("%s: a record stays with the person it was made for"), workflow_fields[i].field);
      }

  status = _jz_obj_string (current, "status");
  after = merged (current, change);
  if (g_str_equal (rtype, "registration"))
    {
      g_autoptr(JsonObject) person = NULL;

      if (g_strcmp0 (status, "active") != 0 && !only_notes)
        {
          _jz_problems_add (problems, "status", JZ_PROBLEM_WORKFLOW,
                            _("registration: one no longer in force (%s) is kept as it was; "
                              "declare again for a new address"), status ?: "?");
          return TRUE;
        }
      if (!_jz_registry_lookup (self, "person", _jz_obj_string (current, "person_id"), &person, error))
        return FALSE;
      _jz_registry_check_registration (self, after, _jz_obj_string (person, "birth_date"), today, problems);
      if (json_object_has_member (change, "residence_division"))
        _jz_registry_check_registration_scope (self, _jz_obj_string (person, "id_number"),
                                               _jz_obj_string (person, "hukou_division"),
                                               _jz_obj_string (after, "residence_division"), problems);
    }
  else
    {
      if (g_strcmp0 (status, "submitted") != 0 && !only_notes)
        {
          _jz_problems_add (problems, "status", JZ_PROBLEM_WORKFLOW,
                            _("application: only one waiting for acceptance is edited; this one is "
                              "%s (its notes may still change)"), status ?: "?");
          return TRUE;
        }
      _jz_registry_check_not_future (after, "applied_on", today, problems);
      _jz_registry_check_not_future (after, "residence_since", today, problems);
      _jz_registry_check_not_future (after, "moved_on", today, problems);
      if (_jz_obj_string (after, "moved_on") != NULL &&
          g_strcmp0 (_jz_obj_string (after, "kind"), "address_change") != 0)
        _jz_problems_add (problems, "moved_on", JZ_PROBLEM_INVALID_VALUE,
                          _("moved_on: only an address change has a move date"));
      else if (g_strcmp0 (_jz_obj_string (after, "moved_on"), _jz_obj_string (after, "applied_on")) > 0)
        _jz_problems_add (problems, "moved_on", JZ_PROBLEM_INVALID_VALUE,
                          _("moved_on: %s is after the application date %s"),
                          _jz_obj_string (after, "moved_on"), _jz_obj_string (after, "applied_on"));
      if (_jz_obj_string (after, "proxy_name") != NULL && _jz_obj_string (after, "proxy_id_number") == NULL)
        _jz_problems_add (problems, "proxy_id_number", JZ_PROBLEM_REQUIRED,
                          _("proxy_id_number: a proxy must show their own ID (proxy_id)"));
    }
  return TRUE;
}

/* For an edit that changes birth_date or sex but not the ID number: checks
 * them against the ID number the person already has, as adding does (a
 * cleared one is filled in from the number again). */
static void
check_against_kept_id (JsonObject  *current,
                       JsonObject  *change,
                       const GDate *today,
                       JzProblems  *problems)
{
  const char *id = _jz_obj_string (current, "id_number");
  JzIdInfo info;
  g_autofree char *birth = NULL;
  const char *sex_code;
  const char *given;

  if (id == NULL || !jz_id_number_parse (id, today, &info, NULL))
    return;
  birth = jz_date_format (&info.birth_date);
  sex_code = jz_sex_to_code (info.sex);

  if (json_object_has_member (change, "birth_date"))
    {
      given = _jz_obj_string (change, "birth_date");
      if (given != NULL && g_strcmp0 (given, birth) != 0)
        _jz_problems_add (problems, "birth_date", JZ_PROBLEM_INVALID_VALUE,
                          _("birth_date: %s does not match the ID number, which says %s"), given, birth);
      else
        json_object_set_string_member (change, "birth_date", birth);
    }
  if (json_object_has_member (change, "sex"))
    {
      given = _jz_obj_string (change, "sex");
      if (given != NULL && g_strcmp0 (given, sex_code) != 0)
        _jz_problems_add (problems, "sex", JZ_PROBLEM_INVALID_VALUE,
                          _("sex: %s does not match the ID number, which says %s"), given, sex_code);
      else
        json_object_set_string_member (change, "sex", sex_code);
    }
}

typedef struct
{
  const char  *rtype;
  const char  *id;
  JsonObject  *fields;
  const GDate *today;
  const char  *author;
} EditCall;

static gboolean
edit_in_tx (JzRegistry  *self,
            gpointer     data,
            GError     **error)
{
  EditCall *call = data;
  const char *rtype = call->rtype;
  const char *id = call->id;
  JsonObject *fields = call->fields;
  const GDate *today = call->today;
  const char *author = call->author;
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(JzSave) save = jz_save_new_on (author, today);
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  JzProblems problems;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &node))
    json_object_set_member (copy, key, json_node_copy (node));

  _jz_problems_init (&problems);
  if (g_strcmp0 (rtype, "person") == 0)
    {
      /* The same checks as adding a person: this is local entry (changes
       * from the county are applied by the store, not through here). */
      if (_jz_obj_string (copy, "id_number") != NULL)
        {
          _jz_registry_derive_from_id (copy, today, &problems);
          if (!_jz_registry_check_id_number_free (self, _jz_obj_string (copy, "id_number"), id, &problems, error))
            {
              _jz_problems_clear (&problems);
              return FALSE;
            }
        }
      else if (!json_object_has_member (copy, "id_number") &&
               (json_object_has_member (copy, "sex") || json_object_has_member (copy, "birth_date")))
        {
          g_autoptr(JsonObject) current = NULL;

          if (!_jz_registry_lookup (self, "person", id, &current, error))
            {
              _jz_problems_clear (&problems);
              return FALSE;
            }
          if (current != NULL)
            check_against_kept_id (current, copy, today, &problems);
        }
    }
  else if (!_jz_registry_check_edit (self, rtype, id, copy, today, &problems, error))
    {
      _jz_problems_clear (&problems);
      return FALSE;
    }
  if (json_object_has_member (copy, "status"))
    _jz_problems_add (&problems, "status", JZ_PROBLEM_WORKFLOW,
                      _("status: changes only through accept, issue, endorse and the like"));

  jz_save_update (save, rtype, id, copy);
  if (!_jz_registry_validate_save (self, save, &problems, error))
    return FALSE;
  return jz_store_commit (self->store, save, error);
}

gboolean
jz_registry_edit (JzRegistry   *self,
                  const char   *rtype,
                  const char   *id,
                  JsonObject   *fields,
                  const GDate  *today,
                  const char   *author,
                  GError      **error)
{
  EditCall call = { rtype, id, fields, today, author };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (rtype != NULL && id != NULL && fields != NULL, FALSE);

  return _jz_registry_transact (self, edit_in_tx, &call, error);
}
