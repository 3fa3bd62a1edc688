/* jz-profile-parse.c — reading a rules profile from JSON
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser is strict: an unknown member or a value of the wrong type is
 * an error naming the member, because a profile with a typo would
 * otherwise quietly apply the wrong law. Members starting with "_" are
 * comments. The built-in profiles in data/profiles/ are full examples.
 *
 * The format, member by member:
 *   name, title, reference, in_force, profile_version — identification; name
 *     must equal the file name without ".json".
 *   jurisdiction.division_prefix — leading digits of the division codes the
 *     rules apply to ("22" Jilin, "4112" Sanmenxia); absent for national.
 *   articles — rule → citation shown next to each decision. Required:
 *     other_city residence_period residence_start conditions materials
 *     missing_notice proxy issuance extension endorsement late_endorsement
 *     suspension fee privacy; also jurisdiction, temp_registration and
 *     new_registration when the features using them are configured.
 *   eligibility — other_city_prefix_length (4: another city, 6: another
 *     county), residence_months, residence_basis (proof_date |
 *     temp_registration), requires_temp_registration, conditions.
 *   needs — need → documents, any one of which meets it; proxy_id required.
 *   kinds.{first,endorse,replace,reissue,address_change} — needs,
 *     condition_needs.{employment,residence,study}, eligibility,
 *     issue_deadline, proxy (none | restricted | any), proxy_article,
 *     fee (free | card_fee), article. A kind left out is "no procedure".
 *   proxy — under_age, grounds (under_16, limited_mobility, disabled).
 *   issuance — days, extension_days, max_total_days (a cap on days +
 *     extension, national 第九条), extension_channels.
 *   endorsement — window.days or window.months before the anniversary,
 *     late_limit_months (after which a new 暂住登记 is needed).
 *   moves.{same_county,same_city,same_jurisdiction,outside} — action
 *     (endorse | address_change | new_registration | apply_anew), days,
 *     suspends, article; absent when the rules say nothing about moving.
 *   suspension_reasons, fees.card_fee_yuan (null: unknown),
 *   notice.in_writing.
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "jz-date.h"
#include "jz-profile-private.h"
#include "jz-json-read.h"

static const char * const kind_codes[] = {
  "first", "endorse", "replace", "reissue", "address_change", NULL
};

static const char * const condition_codes[] = {
  "employment", "residence", "study", NULL
};

static const char * const document_codes[] = {
  "id_card", "id_photo_digital", "photo", "temp_registration_certificate",
  "lease_contract", "lease_registration", "property_certificate",
  "purchase_contract", "accommodation_proof", "business_license",
  "labour_contract", "employer_letter", "student_card", "school_letter",
  "proxy_id", "other", NULL
};

static const char * const proxy_ground_codes[] = {
  "under_16", "limited_mobility", "disabled", NULL
};

static const char * const move_scope_codes[] = {
  "same_county", "same_city", "same_jurisdiction", "outside", NULL
};

static const char * const move_action_codes[] = {
  "endorse", "address_change", "new_registration", "apply_anew", NULL
};

/* Articles every profile must cite, whatever else it configures. */
static const char * const required_articles[] = {
  "other_city", "residence_period", "residence_start", "conditions",
  "materials", "missing_notice", "proxy", "issuance", "extension",
  "endorsement", "late_endorsement", "suspension", "fee", "privacy", NULL
};

const char *
jz_application_kind_to_code (JzApplicationKind kind)
{
  g_return_val_if_fail (kind < JZ_APPLICATION_N_KINDS, NULL);
  return kind_codes[kind];
}

gboolean
jz_application_kind_from_code (const char        *code,
                               JzApplicationKind *out)
{
  for (guint i = 0; kind_codes[i] != NULL; i++)
    {
      if (g_strcmp0 (code, kind_codes[i]) == 0)
        {
          *out = (JzApplicationKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
jz_condition_to_code (JzCondition condition)
{
  g_return_val_if_fail (condition < JZ_N_CONDITIONS, NULL);
  return condition_codes[condition];
}

const char * const *
jz_document_codes (void)
{
  return document_codes;
}

static int
code_index (const char * const *codes,
            const char         *code)
{
  for (int i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], code) == 0)
      return i;
  return -1;
}

/* ---- parsing ------------------------------------------------------------ */

static gboolean
read_code_list (const JzJsonReader  *reader,
                JsonObject          *object,
                const char          *path,
                const char          *key,
                gboolean             required,
                const char * const  *allowed,
                GStrv               *out,
                GError             **error)
{
  g_autofree char *member = jz_json_path (path, key);
  JsonArray *array;

  if (!jz_json_get_array (reader, object, path, key, required, &array, error))
    return FALSE;
  if (array == NULL)
    {
      *out = g_new0 (char *, 1);
      return TRUE;
    }
  return jz_json_string_list (reader, array, member, allowed, out, error);
}

static gboolean
parse_articles (JzProfile           *self,
                const JzJsonReader  *reader,
                JsonObject          *root,
                GError             **error)
{
  JsonObject *articles;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!jz_json_get_object (reader, root, NULL, "articles", TRUE, &articles, error))
    return FALSE;

  json_object_iter_init (&iter, articles);
  while (json_object_iter_next (&iter, &key, &node))
    {
      const char *citation;

      if (key[0] == '_')
        continue;
      if (!jz_json_get_string (reader, articles, "articles", key, TRUE, &citation, error))
        return FALSE;
      if (*citation == '\0')
        {
          g_autofree char *member = jz_json_path ("articles", key);

          jz_json_set_error (reader, error, member, "the citation is empty");
          return FALSE;
        }
      g_hash_table_insert (self->articles, g_strdup (key), g_strdup (citation));
    }

  for (guint i = 0; required_articles[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->articles, required_articles[i]))
        {
          g_autofree char *member = jz_json_path ("articles", required_articles[i]);

          jz_json_set_error (reader, error, member, "required but missing");
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_eligibility (JzProfile           *self,
                   const JzJsonReader  *reader,
                   JsonObject          *root,
                   GError             **error)
{
  static const char * const keys[] = {
    "other_city_prefix_length", "residence_months", "residence_basis",
    "requires_temp_registration", "conditions", NULL
  };
  static const char * const bases[] = { "proof_date", "temp_registration", NULL };
  const char *path = "eligibility";
  JsonObject *object;
  const char *basis;
  g_auto(GStrv) conditions = NULL;

  if (!jz_json_get_object (reader, root, NULL, path, TRUE, &object, error) ||
      !jz_json_check_keys (reader, object, path, keys, error) ||
      !jz_json_get_uint (reader, object, path, "other_city_prefix_length", TRUE, 2, 6,
                         &self->other_city_prefix_length, NULL, error) ||
      !jz_json_get_uint (reader, object, path, "residence_months", TRUE, 0, 120,
                         &self->residence_months, NULL, error) ||
      !jz_json_get_string (reader, object, path, "residence_basis", TRUE, &basis, error) ||
      !jz_json_get_boolean (reader, object, path, "requires_temp_registration",
                            &self->requires_temp_registration, error) ||
      !read_code_list (reader, object, path, "conditions", TRUE, condition_codes,
                       &conditions, error))
    return FALSE;

  if (code_index (bases, basis) < 0)
    {
      jz_json_set_error (reader, error, "eligibility.residence_basis",
                         "“%s” is not one of proof_date, temp_registration", basis);
      return FALSE;
    }
  self->residence_basis = code_index (bases, basis) == 0
                          ? JZ_RESIDENCE_BASIS_PROOF_DATE
                          : JZ_RESIDENCE_BASIS_TEMP_REGISTRATION;

  if (self->residence_basis == JZ_RESIDENCE_BASIS_TEMP_REGISTRATION &&
      !self->requires_temp_registration)
    {
      jz_json_set_error (reader, error, "eligibility.requires_temp_registration",
                         "must be true when residence_basis is temp_registration");
      return FALSE;
    }

  if (conditions[0] == NULL)
    {
      jz_json_set_error (reader, error, "eligibility.conditions",
                         "lists no condition, so nobody could ever apply");
      return FALSE;
    }
  for (guint i = 0; conditions[i] != NULL; i++)
    self->allowed_conditions[code_index (condition_codes, conditions[i])] = TRUE;

  return TRUE;
}

static gboolean
parse_needs (JzProfile           *self,
             const JzJsonReader  *reader,
             JsonObject          *root,
             GError             **error)
{
  JsonObject *needs;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!jz_json_get_object (reader, root, NULL, "needs", TRUE, &needs, error))
    return FALSE;

  json_object_iter_init (&iter, needs);
  while (json_object_iter_next (&iter, &key, &node))
    {
      g_autofree char *member = jz_json_path ("needs", key);
      GStrv documents = NULL;

      if (key[0] == '_')
        continue;
      if (!read_code_list (reader, needs, "needs", key, TRUE, document_codes,
                           &documents, error))
        return FALSE;
      if (documents[0] == NULL)
        {
          g_strfreev (documents);
          jz_json_set_error (reader, error, member, "lists no document, so it could never be met");
          return FALSE;
        }
      g_hash_table_insert (self->needs, g_strdup (key), documents);
    }

  if (!g_hash_table_contains (self->needs, "proxy_id"))
    {
      jz_json_set_error (reader, error, "needs.proxy_id", "required but missing");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_needs_defined (JzProfile           *self,
                     const JzJsonReader  *reader,
                     const char          *path,
                     const char * const  *needs,
                     GError             **error)
{
  for (guint i = 0; needs[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->needs, needs[i]))
        {
          g_autofree char *member = jz_json_index_path (path, i);

          jz_json_set_error (reader, error, member,
                             "“%s” is not defined under needs", needs[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_kind (JzProfile           *self,
            const JzJsonReader  *reader,
            JsonObject          *kinds,
            JzApplicationKind    which,
            GError             **error)
{
  static const char * const keys[] = {
    "needs", "condition_needs", "eligibility", "issue_deadline", "proxy",
    "proxy_article", "fee", "article", NULL
  };
  static const char * const proxy_modes[] = { "none", "restricted", "any", NULL };
  static const char * const fees[] = { "free", "card_fee", NULL };
  JzProfileKind *kind = &self->kinds[which];
  g_autofree char *path = jz_json_path ("kinds", kind_codes[which]);
  JsonObject *object;
  JsonObject *condition_needs;
  const char *proxy, *fee, *article, *proxy_article;

  if (!jz_json_get_object (reader, kinds, "kinds", kind_codes[which], FALSE, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;

  if (!jz_json_check_keys (reader, object, path, keys, error) ||
      !read_code_list (reader, object, path, "needs", TRUE, NULL, &kind->needs, error) ||
      !jz_json_get_object (reader, object, path, "condition_needs", FALSE,
                           &condition_needs, error) ||
      !jz_json_get_boolean (reader, object, path, "eligibility", &kind->eligibility, error) ||
      !jz_json_get_boolean (reader, object, path, "issue_deadline", &kind->issue_deadline, error) ||
      !jz_json_get_string (reader, object, path, "proxy", TRUE, &proxy, error) ||
      !jz_json_get_string (reader, object, path, "proxy_article", FALSE, &proxy_article, error) ||
      !jz_json_get_string (reader, object, path, "fee", TRUE, &fee, error) ||
      !jz_json_get_string (reader, object, path, "article", TRUE, &article, error))
    return FALSE;

  {
    g_autofree char *needs_path = jz_json_path (path, "needs");

    if (!check_needs_defined (self, reader, needs_path, (const char * const *) kind->needs, error))
      return FALSE;
  }

  if (condition_needs != NULL)
    {
      g_autofree char *cn_path = jz_json_path (path, "condition_needs");

      if (!jz_json_check_keys (reader, condition_needs, cn_path, condition_codes, error))
        return FALSE;
      for (guint c = 0; c < JZ_N_CONDITIONS; c++)
        {
          g_autofree char *c_path = jz_json_path (cn_path, condition_codes[c]);

          if (!read_code_list (reader, condition_needs, cn_path, condition_codes[c], FALSE,
                               NULL, &kind->condition_needs[c], error) ||
              !check_needs_defined (self, reader, c_path,
                                    (const char * const *) kind->condition_needs[c], error))
            return FALSE;
        }
    }
  else
    {
      for (guint c = 0; c < JZ_N_CONDITIONS; c++)
        kind->condition_needs[c] = g_new0 (char *, 1);
    }

  if (code_index (proxy_modes, proxy) < 0)
    {
      g_autofree char *member = jz_json_path (path, "proxy");

      jz_json_set_error (reader, error, member, "“%s” is not one of none, restricted, any", proxy);
      return FALSE;
    }
  kind->proxy = (JzProxyMode) code_index (proxy_modes, proxy);

  if (code_index (fees, fee) < 0)
    {
      g_autofree char *member = jz_json_path (path, "fee");

      jz_json_set_error (reader, error, member, "“%s” is not one of free, card_fee", fee);
      return FALSE;
    }
  kind->card_fee = code_index (fees, fee) == 1;

  kind->article = g_strdup (article);
  kind->proxy_article = g_strdup (proxy_article);
  kind->defined = TRUE;
  return TRUE;
}

static gboolean
parse_kinds (JzProfile           *self,
             const JzJsonReader  *reader,
             JsonObject          *root,
             GError             **error)
{
  JsonObject *kinds;

  if (!jz_json_get_object (reader, root, NULL, "kinds", TRUE, &kinds, error) ||
      !jz_json_check_keys (reader, kinds, "kinds", kind_codes, error))
    return FALSE;

  for (guint i = 0; i < JZ_APPLICATION_N_KINDS; i++)
    if (!parse_kind (self, reader, kinds, (JzApplicationKind) i, error))
      return FALSE;

  if (!self->kinds[JZ_APPLICATION_FIRST].defined)
    {
      jz_json_set_error (reader, error, "kinds.first", "required but missing");
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_proxy_and_issuance (JzProfile           *self,
                          const JzJsonReader  *reader,
                          JsonObject          *root,
                          GError             **error)
{
  static const char * const proxy_keys[] = { "under_age", "grounds", NULL };
  static const char * const issuance_keys[] = {
    "days", "extension_days", "max_total_days", "extension_channels", NULL
  };
  JsonObject *proxy, *issuance;

  if (!jz_json_get_object (reader, root, NULL, "proxy", TRUE, &proxy, error) ||
      !jz_json_check_keys (reader, proxy, "proxy", proxy_keys, error) ||
      !jz_json_get_uint (reader, proxy, "proxy", "under_age", TRUE, 1, 18,
                         &self->proxy_under_age, NULL, error) ||
      !read_code_list (reader, proxy, "proxy", "grounds", TRUE, proxy_ground_codes,
                       &self->proxy_grounds, error))
    return FALSE;

  if (!jz_json_get_object (reader, root, NULL, "issuance", TRUE, &issuance, error) ||
      !jz_json_check_keys (reader, issuance, "issuance", issuance_keys, error) ||
      !jz_json_get_uint (reader, issuance, "issuance", "days", TRUE, 1, 365,
                         &self->issue_days, NULL, error) ||
      !jz_json_get_uint (reader, issuance, "issuance", "extension_days", TRUE, 0, 365,
                         &self->extension_days, NULL, error) ||
      !jz_json_get_uint (reader, issuance, "issuance", "max_total_days", FALSE, 1, 730,
                         &self->max_total_days, NULL, error) ||
      !read_code_list (reader, issuance, "issuance", "extension_channels", FALSE, NULL,
                       &self->extension_channels, error))
    return FALSE;

  if (self->max_total_days != 0 && self->max_total_days < self->issue_days)
    {
      jz_json_set_error (reader, error, "issuance.max_total_days",
                         "%u is shorter than issuance.days (%u)",
                         self->max_total_days, self->issue_days);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_endorsement (JzProfile           *self,
                   const JzJsonReader  *reader,
                   JsonObject          *root,
                   GError             **error)
{
  static const char * const keys[] = { "window", "late_limit_months", NULL };
  static const char * const window_keys[] = { "days", "months", NULL };
  JsonObject *object, *window;
  gboolean has_days, has_months;

  if (!jz_json_get_object (reader, root, NULL, "endorsement", TRUE, &object, error) ||
      !jz_json_check_keys (reader, object, "endorsement", keys, error) ||
      !jz_json_get_object (reader, object, "endorsement", "window", TRUE, &window, error) ||
      !jz_json_check_keys (reader, window, "endorsement.window", window_keys, error) ||
      !jz_json_get_uint (reader, window, "endorsement.window", "days", FALSE, 1, 365,
                         &self->window_days, &has_days, error) ||
      !jz_json_get_uint (reader, window, "endorsement.window", "months", FALSE, 1, 11,
                         &self->window_months, &has_months, error) ||
      !jz_json_get_uint (reader, object, "endorsement", "late_limit_months", FALSE, 1, 120,
                         &self->late_limit_months, NULL, error))
    return FALSE;

  if (has_days == has_months)
    {
      jz_json_set_error (reader, error, "endorsement.window",
                         "give exactly one of days or months");
      return FALSE;
    }

  if (self->late_limit_months != 0 &&
      !g_hash_table_contains (self->articles, "new_registration"))
    {
      jz_json_set_error (reader, error, "articles.new_registration",
                         "required when endorsement.late_limit_months is set");
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_moves (JzProfile           *self,
             const JzJsonReader  *reader,
             JsonObject          *root,
             GError             **error)
{
  static const char * const keys[] = { "action", "days", "suspends", "article", NULL };
  JsonObject *moves;

  if (!jz_json_get_object (reader, root, NULL, "moves", FALSE, &moves, error))
    return FALSE;
  if (moves == NULL)
    return TRUE;
  if (!jz_json_check_keys (reader, moves, "moves", move_scope_codes, error))
    return FALSE;

  for (guint i = 0; i < JZ_MOVE_N_SCOPES; i++)
    {
      g_autofree char *path = jz_json_path ("moves", move_scope_codes[i]);
      JzProfileMove *move = &self->moves[i];
      JsonObject *object;
      const char *action, *article;

      /* same_jurisdiction only exists where the jurisdiction is wider
       * than one city; otherwise such a move is outside. */
      if (!jz_json_get_object (reader, moves, "moves", move_scope_codes[i],
                               i != JZ_MOVE_SAME_JURISDICTION, &object, error))
        return FALSE;
      if (object == NULL)
        continue;

      if (!jz_json_check_keys (reader, object, path, keys, error) ||
          !jz_json_get_string (reader, object, path, "action", TRUE, &action, error) ||
          !jz_json_get_uint (reader, object, path, "days", FALSE, 1, 365, &move->days,
                             NULL, error) ||
          !jz_json_get_boolean (reader, object, path, "suspends", &move->suspends, error) ||
          !jz_json_get_string (reader, object, path, "article", TRUE, &article, error))
        return FALSE;

      if (code_index (move_action_codes, action) < 0)
        {
          g_autofree char *member = jz_json_path (path, "action");
          g_autofree char *expected = g_strjoinv (", ", (char **) move_action_codes);

          jz_json_set_error (reader, error, member, "“%s” is not one of %s", action, expected);
          return FALSE;
        }

      move->action = (JzMoveAction) code_index (move_action_codes, action);
      move->article = g_strdup (article);
      move->defined = TRUE;
    }

  self->has_moves = TRUE;
  return TRUE;
}

static gboolean
parse_rest (JzProfile           *self,
            const JzJsonReader  *reader,
            JsonObject          *root,
            GError             **error)
{
  static const char * const jurisdiction_keys[] = { "division_prefix", NULL };
  static const char * const fee_keys[] = { "card_fee_yuan", NULL };
  static const char * const notice_keys[] = { "in_writing", NULL };
  JsonObject *jurisdiction, *fees, *notice;
  const char *prefix;
  guint fee;
  gboolean has_fee;

  if (!jz_json_get_object (reader, root, NULL, "jurisdiction", FALSE, &jurisdiction, error))
    return FALSE;
  if (jurisdiction != NULL)
    {
      if (!jz_json_check_keys (reader, jurisdiction, "jurisdiction", jurisdiction_keys, error) ||
          !jz_json_get_string (reader, jurisdiction, "jurisdiction", "division_prefix", TRUE,
                               &prefix, error))
        return FALSE;
      if (strlen (prefix) < 2 || strlen (prefix) > 6 ||
          strspn (prefix, "0123456789") != strlen (prefix))
        {
          jz_json_set_error (reader, error, "jurisdiction.division_prefix",
                             "“%s” is not 2 to 6 digits of a division code", prefix);
          return FALSE;
        }
      if (!g_hash_table_contains (self->articles, "jurisdiction"))
        {
          jz_json_set_error (reader, error, "articles.jurisdiction",
                             "required when jurisdiction is set");
          return FALSE;
        }
      self->jurisdiction_prefix = g_strdup (prefix);
    }

  if (self->requires_temp_registration &&
      !g_hash_table_contains (self->articles, "temp_registration"))
    {
      jz_json_set_error (reader, error, "articles.temp_registration",
                         "required when eligibility.requires_temp_registration is true");
      return FALSE;
    }

  if (!read_code_list (reader, root, NULL, "suspension_reasons", TRUE, NULL,
                       &self->suspension_reasons, error))
    return FALSE;

  if (!jz_json_get_object (reader, root, NULL, "fees", TRUE, &fees, error) ||
      !jz_json_check_keys (reader, fees, "fees", fee_keys, error) ||
      !jz_json_get_uint (reader, fees, "fees", "card_fee_yuan", FALSE, 0, 10000, &fee,
                         &has_fee, error))
    return FALSE;
  self->card_fee_yuan = has_fee ? (int) fee : -1;

  if (!jz_json_get_object (reader, root, NULL, "notice", TRUE, &notice, error) ||
      !jz_json_check_keys (reader, notice, "notice", notice_keys, error) ||
      !jz_json_get_boolean (reader, notice, "notice", "in_writing",
                            &self->notice_in_writing, error))
    return FALSE;

  return TRUE;
}

gboolean
_jz_profile_valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

JzProfile *
jz_profile_load_data (const char  *data,
                      gssize       length,
                      const char  *source,
                      GError     **error)
{
  static const char * const keys[] = {
    "name", "title", "reference", "in_force", "profile_version", "jurisdiction",
    "articles", "eligibility", "needs", "kinds", "proxy", "issuance",
    "endorsement", "moves", "suspension_reasons", "fees", "notice", NULL
  };
  g_autofree char *prefix = g_strdup_printf ("%s: ", source ? source : "profile");
  JzJsonReader reader = { JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_INVALID, prefix, TRUE };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzProfile) self = NULL;
  JsonObject *root;
  const char *name, *title, *reference;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      jz_json_set_error (&reader, error, NULL, "malformed JSON: %s", local_error->message);
      return NULL;
    }

  self = g_object_new (JZ_TYPE_PROFILE, NULL);
  self->source = g_strdup (source);

  if (!jz_json_require_object (&reader, json_parser_get_root (parser), NULL, &root, error) ||
      !jz_json_check_keys (&reader, root, NULL, keys, error) ||
      !jz_json_get_string (&reader, root, NULL, "name", TRUE, &name, error) ||
      !jz_json_get_string (&reader, root, NULL, "title", TRUE, &title, error) ||
      !jz_json_get_string (&reader, root, NULL, "reference", FALSE, &reference, error) ||
      !jz_json_get_date (&reader, root, NULL, "in_force", TRUE, &self->in_force, error) ||
      !jz_json_get_uint (&reader, root, NULL, "profile_version", TRUE, 1, G_MAXINT,
                         &self->version, NULL, error))
    return NULL;

  if (!_jz_profile_valid_name (name))
    {
      jz_json_set_error (&reader, error, "name",
                         "“%s” must be lower-case letters, digits and dashes", name);
      return NULL;
    }

  self->name = g_strdup (name);
  self->title = g_strdup (title);
  self->reference = g_strdup (reference);

  if (!parse_articles (self, &reader, root, error) ||
      !parse_eligibility (self, &reader, root, error) ||
      !parse_needs (self, &reader, root, error) ||
      !parse_kinds (self, &reader, root, error) ||
      !parse_proxy_and_issuance (self, &reader, root, error) ||
      !parse_endorsement (self, &reader, root, error) ||
      !parse_moves (self, &reader, root, error) ||
      !parse_rest (self, &reader, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

JzProfile *
jz_profile_load_file (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return jz_profile_load_data (contents, (gssize) length, path, error);
}
