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
#include "jz-id-number.h"
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
permit_case (JzRegistry   *self,
             JsonObject   *permit,
             const GDate  *until,
             GError      **error)
{
  g_autofree char *until_text = until ? jz_date_format (until) : NULL;
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
      /* as of @until: an endorsement made later had not happened then (a
       * past month's report) */
      if (until_text != NULL && g_strcmp0 (d, until_text) > 0)
        continue;
      json_array_add_string_element (counted, d);
      last = d;
    }
  p = json_object_new ();
  _jz_registry_copy_member (p, "issued_on", permit, "issued_on");
  json_object_set_array_member (p, "endorsed_on", counted);
  return p;
}

/* The earliest date on an address, employment or study proof among
 * @mats, or NULL when none of them carries one. */
static const char *
earliest_proof_date (JzRegistry *self,
                     GPtrArray  *mats)
{
  static const char *proofs[] = { "residence_proof", "employment_proof", "study_proof" };
  const char *earliest = NULL;

  for (guint i = 0; i < mats->len; i++)
    {
      JsonObject *m = g_ptr_array_index (mats, i);
      const char *doc = _jz_obj_string (m, "document");
      const char *date = _jz_obj_string (m, "document_date");
      GDate d;
      gboolean proof = FALSE;

      if (json_object_get_boolean_member_with_default (m, "deleted", FALSE) || doc == NULL ||
          date == NULL || !jz_date_parse (date, &d, NULL))
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (proofs) && !proof; k++)
        {
          const char * const *docs = jz_profile_need_documents (self->profile, proofs[k]);

          proof = docs != NULL && g_strv_contains (docs, doc);
        }
      if (proof && (earliest == NULL || strcmp (date, earliest) < 0))
        earliest = date;
    }
  return earliest;
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
  if (permit != NULL && (permit_json = permit_case (self, permit, NULL, error)) == NULL)
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
      /* 三门峡 第十七条 counts from the real move, when it was recorded */
      _jz_registry_copy_member (move, "moved_on", application,
                                _jz_obj_string (application, "moved_on") ? "moved_on" : "applied_on");
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
  if (!json_object_has_member (c, "residence_since") && mats != NULL)
    {
      /* 吉林 第十条: the residence is counted from the date on the
       * address, employment or study proof; the earliest one counts. */
      const char *since = earliest_proof_date (self, mats);

      if (since != NULL)
        json_object_set_string_member (c, "residence_since", since);
    }
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
  JsonObject *permit_json = permit_case (self, permit, on, error);

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
  /* a suspension the county recorded (三门峡 第十九条) is not lifted by
   * an endorsement; only the missed endorsement's is */
  if (g_strcmp0 (_jz_obj_string (permit, "status"), "suspended") == 0 &&
      _jz_obj_string (permit, "suspension_reason") != NULL &&
      g_strcmp0 (_jz_obj_string (permit, "suspension_reason"), "endorsement_overdue") != 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   _("cannot endorse: the use of permit %s is suspended (%s); an endorsement "
                     "does not restore it (%s)"),
                   _jz_obj_string (permit, "number") ?: _jz_obj_string (permit, "id"),
                   _jz_obj_string (permit, "suspension_reason"),
                   jz_profile_article (self->profile, "suspension") ?: "");
      return FALSE;
    }
  /* 三门峡 第十七条第二款: moved to another county of the city, the permit
   * is endorsed there once the new 暂住登记 is half a year old */
  {
    g_autoptr(JsonObject) moved = NULL;
    GDate registered, ready;

    if (!_jz_registry_moved_county (self, permit, &moved, error))
      return FALSE;
    if (moved != NULL && _jz_obj_date (moved, "registered_on", &registered))
      {
        jz_date_add_months (&registered, jz_profile_residence_months (self->profile), &ready);
        if (jz_date_compare (on, &ready) < 0)
          {
            g_autofree char *from = jz_date_format (&ready);

            g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                         _("not yet: the holder moved to another county of the city (暂住登记 on %s); "
                           "the permit is endorsed there from %s (%s)"),
                         _jz_obj_string (moved, "registered_on"), from,
                         jz_profile_article (self->profile, "suspension") ?: "");
            return FALSE;
          }
        return TRUE;   /* the endorsement in the new county restores it */
      }
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


/**
 * _jz_registry_check_registration_scope:
 * @hukou_division: (nullable): the person's hukou, if known
 *
 * Whether a 暂住登记 is the procedure for this person here, where the
 * measures make it one of their own (三门峡 第七条: a citizen living in a
 * city or county other than the hukou's; 第二十八条: Hong Kong, Macao and
 * Taiwan residents register under the national rules). Profiles without a
 * registration of their own (吉林, 条例) record every declaration.
 */
void
_jz_registry_check_registration_scope (JzRegistry *self,
                                       const char *id_number,
                                       const char *hukou_division,
                                       const char *residence_division,
                                       JzProblems *problems)
{
  guint n = jz_profile_other_city_prefix_length (self->profile);

  if (!jz_profile_requires_temp_registration (self->profile))
    return;
  if (jz_id_number_is_hk_macao_taiwan (id_number))
    _jz_problems_add (problems, "id_number", JZ_PROBLEM_INVALID_VALUE,
                      _("id_number: this is the number of a Hong Kong, Macao or Taiwan resident, "
                        "whose residence registration follows the national rules, not a 暂住登记 "
                        "(%s)"), jz_profile_article (self->profile, "hk_macao_taiwan") ?: "");
  else if (hukou_division != NULL && residence_division != NULL &&
           strlen (hukou_division) >= n && strncmp (hukou_division, residence_division, n) == 0)
    _jz_problems_add (problems, "hukou_division", JZ_PROBLEM_INVALID_VALUE,
                      n >= 6
                      ? _("hukou_division: the hukou (%s) is in the county of the residence (%s); "
                          "a 暂住登记 is for people living away from their hukou county (%s)")
                      : _("hukou_division: the hukou (%s) is in the city of the residence (%s); "
                          "a 暂住登记 is for people living away from their hukou city (%s)"),
                      hukou_division, residence_division,
                      jz_profile_article (self->profile, "temp_registration") ?: "");
}

/**
 * _jz_registry_check_move:
 * @application: an address_change application
 * @on: the day it is accepted or recorded
 * @action: (out): what the rules make of the move: "endorse" (三门峡
 *   第十七条第一款, a 签注 at the new station), or "address_change" (吉林
 *   第十八条; also where the rules say nothing of moves): the permit's
 *   address changes and its yearly window stays on the anniversary
 *
 * Refuses a move the workflow cannot record as an address change: to
 * another county of the city where that suspends the permit and needs a
 * new 暂住登记 (三门峡 第十七条第二款, 第十九条(五)), or out of the area of
 * these rules.
 */
gboolean
_jz_registry_check_move (JzRegistry   *self,
                         JsonObject   *application,
                         const char   *application_id,
                         const GDate  *on,
                         const char  **action,
                         GError      **error)
{
  g_autoptr(JsonNode) case_json = _jz_registry_build_case (self, application, application_id, error);
  g_autoptr(JzRulesResult) result = NULL;
  JzRulesMove move;

  *action = "address_change";
  if (case_json == NULL)
    return FALSE;
  result = _jz_registry_evaluate_case (self, case_json, on, error);
  if (result == NULL)
    return FALSE;
  if (!jz_rules_result_get_move (result, &move))
    return TRUE;
  if (g_strcmp0 (move.action, "new_registration") == 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("not an address change: %s is in another county of the city; the permit's "
                     "use is suspended, the holder makes a new 暂住登记 there, and the permit is "
                     "endorsed after %u months of it (%s)"),
                   _jz_obj_string (application, "residence_division"),
                   jz_profile_residence_months (self->profile), move.article ?: "");
      return FALSE;
    }
  if (g_strcmp0 (move.action, "apply_anew") == 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                   _("not an address change: %s is outside the area of these rules; the holder "
                     "applies under the rules of the new place (%s)"),
                   _jz_obj_string (application, "residence_division"), move.article ?: "");
      return FALSE;
    }
  if (g_strcmp0 (move.action, "endorse") == 0)
    *action = "endorse";
  return TRUE;
}

/**
 * _jz_registry_next_number:
 * @series: "certificate" or "permit"
 * @division: (nullable): the residence's division; its first six digits
 *   name the county the document belongs to
 * @on: the document's date; each year counts from 1
 *
 * A document number a person can read out and quote: the county, the
 * year, this device (the first six characters of its site id, so devices
 * that number offline for days never give the same one) and the
 * sequence: 411202-2026-5FEEEA-00001.
 */
char *
_jz_registry_next_number (JzRegistry   *self,
                          const char   *series,
                          const char   *division,
                          const GDate  *on,
                          GError      **error)
{
  guint year = g_date_get_year (on);
  g_autofree char *key = g_strdup_printf ("%s:%04u", series, year);
  g_autofree char *site = g_ascii_strup (jz_store_get_site_id (self->store), 6);
  guint64 n;

  if (!jz_store_next_count (self->store, key, &n, error))
    return NULL;
  return g_strdup_printf ("%.6s-%04u-%s-%05" G_GUINT64_FORMAT,
                          division != NULL && strlen (division) >= 6 ? division : "000000",
                          year, site, n);
}
