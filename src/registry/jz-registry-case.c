/* jz-registry-case.c — the case the rules judge, built from the stored
 * records, and the one endorsement check
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every decision of the workflow is the rules engine's, fed with a case
 * built here from the stored records, so `juzhu-cli rules check` on the
 * same facts gives the same answer as the workflow.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jz-date.h"
#include "jz-registry-private.h"

void
_jz_registry_copy_member (JsonObject *to,
             const char *to_name,
             JsonObject *from,
             const char *from_name)
{
  JsonNode *node;

  if (from == NULL || !json_object_has_member (from, from_name))
    return;
  node = json_object_get_member (from, from_name);
  if (JSON_NODE_HOLDS_NULL (node))
    return;
  json_object_set_member (to, to_name, json_node_copy (node));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

JsonArray *
_jz_registry_endorsement_dates (JzRegistry  *self,
                   const char  *permit_id,
                   GError     **error)
{
  g_autoptr(GPtrArray) list = jz_store_list (self->store, "endorsement", "permit_id", permit_id, 0, error);
  g_autoptr(GPtrArray) dates = NULL;
  JsonArray *out;

  if (list == NULL)
    return NULL;
  dates = g_ptr_array_new ();
  out = json_array_new ();
  for (guint i = 0; i < list->len; i++)
    {
      JsonObject *e = g_ptr_array_index (list, i);

      if (json_object_get_boolean_member_with_default (e, "deleted", FALSE))
        continue;
      if (_jz_obj_string (e, "endorsed_on") != NULL)
        g_ptr_array_add (dates, (gpointer) _jz_obj_string (e, "endorsed_on"));
    }
  g_ptr_array_sort (dates, compare_strings);
  for (guint i = 0; i < dates->len; i++)
    json_array_add_string_element (out, dates->pdata[i]);
  return out;
}

static JsonObject *
permit_case (JzRegistry  *self,
             JsonObject  *permit,
             GError     **error)
{
  g_autoptr(JsonArray) dates = _jz_registry_endorsement_dates (self, _jz_obj_string (permit, "id"), error);
  JsonArray *counted;
  const char *last = _jz_obj_string (permit, "issued_on");
  JsonObject *p;

  if (dates == NULL)
    return NULL;
  /* A store written before the endorsement was checked may hold one on the
   * day of issue (or two on one day): it does not count, and the permit
   * still opens, so the record can be seen and put right. */
  counted = json_array_new ();
  for (guint i = 0; i < json_array_get_length (dates); i++)
    {
      const char *d = json_array_get_string_element (dates, i);

      if (last != NULL && g_strcmp0 (d, last) <= 0)
        continue;
      json_array_add_string_element (counted, d);
      last = d;
    }
  p = json_object_new ();
  _jz_registry_copy_member (p, "issued_on", permit, "issued_on");
  json_object_set_array_member (p, "endorsed_on", counted);
  return p;
}

/**
 * _jz_registry_build_case:
 * @application: the application's fields (stored or about to be)
 * @application_id: (nullable): its id, to find its materials
 *
 * The input of `rules check` for this application.
 */
JsonNode *
_jz_registry_build_case (JzRegistry  *self,
                         JsonObject  *application,
                         const char  *application_id,
                         GError     **error)
{
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) permit = NULL;
  g_autoptr(GPtrArray) mats = NULL;
  JsonObject *permit_json = NULL;
  JsonObject *c;
  JsonObject *applicant;
  JsonNode *node;
  const char *kind = _jz_obj_string (application, "kind");

  /* Every read first: a store that cannot be read is an error, never a
   * case with parts missing (which the rules would judge). */
  person = _jz_registry_get (self, "person", _jz_obj_string (application, "person_id"), error);
  if (person == NULL ||
      !_jz_registry_lookup (self, "registration", _jz_obj_string (application, "registration_id"), &reg, error) ||
      !_jz_registry_lookup (self, "permit", _jz_obj_string (application, "permit_id"), &permit, error))
    return NULL;
  if (application_id != NULL &&
      (mats = jz_store_list (self->store, "material", "application_id", application_id, 0, error)) == NULL)
    return NULL;
  if (permit != NULL && (permit_json = permit_case (self, permit, error)) == NULL)
    return NULL;

  c = json_object_new ();
  applicant = json_object_new ();

  _jz_registry_copy_member (c, "kind", application, "kind");

  _jz_registry_copy_member (applicant, "id_number", person, "id_number");
  _jz_registry_copy_member (applicant, "hukou_division", person, "hukou_division");
  _jz_registry_copy_member (applicant, "limited_mobility", person, "limited_mobility");
  _jz_registry_copy_member (applicant, "disabled", person, "disabled");
  json_object_set_object_member (c, "applicant", applicant);

  if (g_strcmp0 (kind, "address_change") == 0 && permit != NULL)
    {
      /* The move is from the permit's place to the one applied for. */
      JsonObject *move = json_object_new ();

      _jz_registry_copy_member (c, "residence_division", permit, "residence_division");
      _jz_registry_copy_member (move, "to_division", application, "residence_division");
      _jz_registry_copy_member (move, "moved_on", application, "applied_on");
      if (json_object_has_member (move, "to_division"))
        json_object_set_object_member (c, "move", move);
      else
        json_object_unref (move);
    }
  else
    {
      _jz_registry_copy_member (c, "residence_division", application, "residence_division");
      if (!json_object_has_member (c, "residence_division"))
        _jz_registry_copy_member (c, "residence_division", reg, "residence_division");
    }

  _jz_registry_copy_member (c, "residence_since", application, "residence_since");
  if (reg != NULL)
    _jz_registry_copy_member (c, "temp_registration_date", reg, "registered_on");
  _jz_registry_copy_member (c, "conditions", application, "conditions");

  if (mats != NULL)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *docs = json_array_new ();

      for (guint i = 0; i < mats->len; i++)
        {
          JsonObject *m = g_ptr_array_index (mats, i);
          const char *doc = _jz_obj_string (m, "document");

          if (json_object_get_boolean_member_with_default (m, "deleted", FALSE) || doc == NULL)
            continue;
          if (g_hash_table_add (seen, (gpointer) doc))
            json_array_add_string_element (docs, doc);
        }
      json_object_set_array_member (c, "materials", docs);
    }
  else
    json_object_set_array_member (c, "materials", json_array_new ());

  if (_jz_obj_string (application, "proxy_id_number") != NULL)
    {
      JsonObject *proxy = json_object_new ();

      _jz_registry_copy_member (proxy, "id_number", application, "proxy_id_number");
      _jz_registry_copy_member (proxy, "relation", application, "proxy_relation");
      json_object_set_object_member (c, "proxy", proxy);
    }

  _jz_registry_copy_member (c, "applied_on", application, "applied_on");
  _jz_registry_copy_member (c, "accepted_on", application, "accepted_on");
  _jz_registry_copy_member (c, "remote_area", application, "remote_area");
  if (permit_json != NULL)
    json_object_set_object_member (c, "permit", permit_json);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, c);
  return node;
}

JzRulesResult *
_jz_registry_evaluate_case (JzRegistry   *self,
                            JsonNode     *case_json,
                            const GDate  *today,
                            GError      **error)
{
  g_autoptr(JzRulesCase) rules_case = jz_rules_case_new_from_json (case_json, error);

  if (rules_case == NULL)
    return NULL;
  return jz_rules_evaluate (self->profile, rules_case, today, self->holidays);
}

JsonNode *
jz_registry_case_json (JzRegistry  *self,
                       const char  *application_id,
                       GError     **error)
{
  g_autoptr(JsonObject) app = _jz_registry_get (self, "application", application_id, error);

  if (app == NULL)
    return NULL;
  return _jz_registry_build_case (self, app, application_id, error);
}

JzRulesResult *
jz_registry_evaluate (JzRegistry   *self,
                      const char   *application_id,
                      const GDate  *today,
                      GError      **error)
{
  g_autoptr(JsonNode) c = jz_registry_case_json (self, application_id, error);

  if (c == NULL)
    return NULL;
  return _jz_registry_evaluate_case (self, c, today, error);
}

/* The rules on @permit alone, as of @on: its endorsement window and status. */
JzRulesResult *
_jz_registry_evaluate_permit (JzRegistry   *self,
                 JsonObject   *permit,
                 const GDate  *on,
                 GError      **error)
{
  g_autoptr(JsonObject) c = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *permit_json = permit_case (self, permit, error);

  if (permit_json == NULL)
    return NULL;
  json_object_set_string_member (c, "kind", "endorse");
  json_object_set_object_member (c, "permit", permit_json);
  json_node_set_object (node, c);
  return _jz_registry_evaluate_case (self, node, on, error);
}

/* Whether @permit may be endorsed on @on, by the rules (the window is open,
 * or late within what the profile allows) and by the record (a date after
 * the issue and after every endorsement so far): one check for `endorse`,
 * and for accepting and issuing an endorsement application, so the store
 * never holds an endorsement the rules refused. */
gboolean
_jz_registry_check_endorsement (JzRegistry   *self,
                   JsonObject   *permit,
                   const GDate  *on,
                   GError      **error)
{
  g_autoptr(JzRulesResult) result = NULL;
  g_autoptr(JsonArray) dates = NULL;
  g_autofree char *date = jz_date_format (on);
  const char *article = jz_profile_article (self->profile, "endorsement");
  const char *issued = _jz_obj_string (permit, "issued_on");
  const char *last = issued;
  JzRulesEndorsement en;

  if (g_strcmp0 (_jz_obj_string (permit, "status"), "ended") == 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   _("cannot endorse: permit %s has ended (replaced or given up)"),
                   _jz_obj_string (permit, "number") ?: _jz_obj_string (permit, "id"));
      return FALSE;
    }
  result = _jz_registry_evaluate_permit (self, permit, on, error);
  if (result == NULL)
    return FALSE;
  if (!jz_rules_result_get_endorsement (result, &en))
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("permit %s has no issue date to count the years from"),
                   _jz_obj_string (permit, "number") ?: _jz_obj_string (permit, "id"));
      return FALSE;
    }
  if (en.status == JZ_ENDORSEMENT_NOT_DUE)
    {
      g_autofree char *opens = jz_date_format (&en.window_opens);

      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("not yet: the endorsement window opens on %s (%s)"), opens, article ?: "");
      return FALSE;
    }
  if (en.requires_new_registration)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("the endorsement is overdue by more than half a year; the holder must "
                     "make a new 暂住登记 instead (%s)"),
                   jz_profile_article (self->profile, "late_endorsement") ?: "");
      return FALSE;
    }
  dates = _jz_registry_endorsement_dates (self, _jz_obj_string (permit, "id"), error);
  if (dates == NULL)
    return FALSE;
  if (json_array_get_length (dates) > 0)
    last = json_array_get_string_element (dates, json_array_get_length (dates) - 1);
  if (last != NULL && g_strcmp0 (date, last) <= 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   last == issued ? _("not yet: the permit was issued on %s; the first endorsement "
                                      "comes a year later (%s)")
                                  : _("not yet: the permit was last endorsed on %s; the next "
                                      "endorsement comes a year later (%s)"),
                   last, article ?: "");
      return FALSE;
    }

  return TRUE;
}

