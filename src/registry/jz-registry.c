/* jz-registry.c — declarations, persons, applications and materials
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store checks each field on its own; here are the checks that need
 * several fields or other records (the birth date written in the ID number,
 * an arrival date before the registration date, a landlord for a rented
 * room), and every problem of an input is reported at once.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-registry-private.h"

typedef struct
{
  GPtrArray *problems;   /* JzProblem, or NULL */
} JzRegistryErrorPrivate;

static void
jz_registry_error_private_init (JzRegistryErrorPrivate *priv)
{
  priv->problems = NULL;
}

static void
jz_registry_error_private_copy (const JzRegistryErrorPrivate *src,
                                JzRegistryErrorPrivate       *dest)
{
  dest->problems = src->problems ? g_ptr_array_ref (src->problems) : NULL;
}

static void
jz_registry_error_private_clear (JzRegistryErrorPrivate *priv)
{
  g_clear_pointer (&priv->problems, g_ptr_array_unref);
}

G_DEFINE_EXTENDED_ERROR (JzRegistryError, jz_registry_error)

G_DEFINE_FINAL_TYPE (JzRegistry, jz_registry, G_TYPE_OBJECT)

static const char *person_keys[] = {
  "id_number", "name", "sex", "ethnicity", "birth_date", "hukou_division",
  "hukou_address", "phone", "portrait", "limited_mobility", "disabled", "notes",
};

static const char *registration_keys[] = {
  "residence_division", "committee", "residence_address", "arrival_date",
  "registered_on", "reason", "housing_type", "landlord_name", "landlord_phone",
  "landlord_identity", "employer_name", "employer_identity", "school_name",
};

void
_jz_problems_init (JzProblems *p)
{
  p->list = jz_problems_new ();
}

void
_jz_problems_add (JzProblems *p,
                  const char *field,
                  const char *code,
                  const char *format,
                  ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  jz_problems_add (p->list, field, code, "%s", message);
}

void
_jz_problems_clear (JzProblems *p)
{
  g_clear_pointer (&p->list, g_ptr_array_unref);
}

/* A registry error carries its problems as data (JzRegistryErrorPrivate). */
void
_jz_registry_set_problems_error (GPtrArray  *problems,
                                 GError    **error)
{
  g_autofree char *text = jz_problems_join (problems, "\n");
  JzRegistryErrorPrivate *priv;

  /* only the record's state stands in the way: not bad input (CLI exit 1) */
  g_set_error_literal (error, JZ_REGISTRY_ERROR,
                       jz_problems_all (problems, JZ_PROBLEM_WORKFLOW) ? JZ_REGISTRY_ERROR_STATE
                                                                       : JZ_REGISTRY_ERROR_INVALID, text);
  if (error != NULL && (priv = jz_registry_error_get_private (*error)) != NULL)
    priv->problems = g_ptr_array_ref (problems);
}

/* Fails with every collected problem; frees the collection either way. */
gboolean
_jz_problems_fail (JzProblems  *p,
                   GError     **error)
{
  gboolean failed = p->list->len > 0;

  if (failed)
    _jz_registry_set_problems_error (p->list, error);
  _jz_problems_clear (p);
  return failed;
}

/**
 * jz_registry_error_get_problems:
 * @error: an error from the registry or the store
 *
 * What is wrong with an input, as data: each problem's field, code and
 * message, for a form to put beside its rows. The store's own errors
 * carry theirs too (jz_store_error_get_problems()).
 *
 * Returns: (transfer none) (nullable) (element-type JzProblem): the
 *   problems, or %NULL when @error has none
 */
GPtrArray *
jz_registry_error_get_problems (const GError *error)
{
  JzRegistryErrorPrivate *priv;

  if (error == NULL)
    return NULL;
  if ((priv = jz_registry_error_get_private (error)) != NULL)
    return priv->problems;
  return jz_store_error_get_problems (error);
}

const char *
_jz_obj_string (JsonObject *o,
                const char *member)
{
  JsonNode *node;

  if (o == NULL || !json_object_has_member (o, member))
    return NULL;
  node = json_object_get_member (o, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
_jz_obj_date (JsonObject *o,
              const char *member,
              GDate      *out)
{
  const char *s = _jz_obj_string (o, member);

  return s != NULL && jz_date_parse (s, out, NULL);
}

JsonObject *
_jz_registry_get (JzRegistry  *self,
                  const char  *rtype,
                  const char  *id,
                  GError     **error)
{
  if (id == NULL)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID, _("no %s id given"), rtype);
      return NULL;
    }
  return jz_store_get (self->store, rtype, id, error);
}

/* A record that may be missing: %TRUE with *@out %NULL when there is no
 * such record, %FALSE only when the store could not be read. */
gboolean
_jz_registry_lookup (JzRegistry   *self,
                     const char   *rtype,
                     const char   *id,
                     JsonObject  **out,
                     GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = NULL;
  if (id == NULL)
    return TRUE;
  *out = jz_store_get (self->store, rtype, id, &local_error);
  if (*out != NULL || g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

typedef struct
{
  JzRegistry       *self;
  JzRegistryTxFunc  func;
  gpointer          data;
} TxCall;

static gboolean
tx_call (JzStore  *store,
         gpointer  data,
         GError  **error)
{
  TxCall *call = data;

  return call->func (call->self, call->data, error);
}

/**
 * _jz_registry_transact:
 *
 * Runs one use case in one store transaction (jz_store_transact()): what it
 * reads (the person by ID number, the other registrations, the latest
 * permit) cannot change before it writes, and a number it takes is given
 * back when a later check fails. @func must only use the store, the rules
 * and the codes: no files, no network.
 */
gboolean
_jz_registry_transact (JzRegistry        *self,
                       JzRegistryTxFunc   func,
                       gpointer           data,
                       GError           **error)
{
  TxCall call = { self, func, data };

  return jz_store_transact (self->store, tx_call, &call, error);
}

typedef struct
{
  JzRegistryInputFunc  func;
  JsonObject   *input;
  const GDate  *today;
  const char   *author;
  JsonObject   *result;
} InputCall;

static gboolean
input_call (JzRegistry  *self,
            gpointer     data,
            GError     **error)
{
  InputCall *call = data;

  call->result = call->func (self, call->input, call->today, call->author, error);
  return call->result != NULL;
}

JsonObject *
_jz_registry_run_input (JzRegistry    *self,
                        JzRegistryInputFunc   func,
                        JsonObject    *input,
                        const GDate   *today,
                        const char    *author,
                        GError       **error)
{
  InputCall call = { func, input, today, author, NULL };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (input != NULL && today != NULL, NULL);

  if (!_jz_registry_transact (self, input_call, &call, error))
    {
      g_clear_pointer (&call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}

gboolean
_jz_registry_check_disputed (JzRegistry  *self,
                             JsonObject  *record,
                             const char  *doing,
                             GError     **error)
{
  if (json_object_get_boolean_member_with_default (record, "_disputed", FALSE))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_DISPUTED,
                   _("cannot %s: two devices saved different values for this %s; "
                     "resolve the conflict first (juzhu-cli conflicts %s)"),
                   doing, _jz_obj_string (record, "type"), _jz_obj_string (record, "id"));
      return FALSE;
    }
  return TRUE;
}

static void
jz_registry_dispose (GObject *object)
{
  JzRegistry *self = JZ_REGISTRY (object);

  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->holidays);
  g_clear_object (&self->photos);
  g_clear_object (&self->codes);

  G_OBJECT_CLASS (jz_registry_parent_class)->dispose (object);
}

static void
jz_registry_class_init (JzRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jz_registry_dispose;
}

static void
jz_registry_init (JzRegistry *self)
{
}

/**
 * jz_registry_new:
 * @holidays: (nullable): the loaded holiday calendars
 */
JzRegistry *
jz_registry_new (JzStore    *store,
                 JzProfile  *profile,
                 JzHolidays *holidays)
{
  JzRegistry *self = g_object_new (JZ_TYPE_REGISTRY, NULL);

  self->store = g_object_ref (store);
  self->profile = g_object_ref (profile);
  self->holidays = holidays ? g_object_ref (holidays) : jz_holidays_new ();
  self->photos = jz_store_get_key (store)
                   ? jz_photo_store_new_with_key (jz_store_get_data_dir (store), jz_store_get_key (store))
                   : jz_photo_store_new (jz_store_get_data_dir (store));
  self->codes = jz_codes_new (NULL);
  return self;
}

JzStore *
jz_registry_get_store (JzRegistry *self)
{
  return self->store;
}

JzProfile *
jz_registry_get_profile (JzRegistry *self)
{
  return self->profile;
}

/* The holiday calendars its deadlines are moved by: the app loads them
 * again (jz_holidays_reload_dir) when a sync brought new ones. */
JzHolidays *
jz_registry_get_holidays (JzRegistry *self)
{
  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  return self->holidays;
}

JzPhotoStore *
jz_registry_get_photos (JzRegistry *self)
{
  return self->photos;
}

static gboolean
in_list (const char  *key,
         const char **list,
         gsize        n)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (key, list[i]))
      return TRUE;
  return FALSE;
}

JsonObject *
_jz_registry_pick (JsonObject  *input,
                   const char **keys,
                   gsize        n)
{
  JsonObject *out = json_object_new ();

  for (gsize i = 0; i < n; i++)
    if (json_object_has_member (input, keys[i]))
      json_object_set_member (out, keys[i], json_node_copy (json_object_get_member (input, keys[i])));
  return out;
}

void
_jz_registry_check_unknown_keys (JsonObject  *input,
                                 const char **a,
                                 gsize        na,
                                 const char **b,
                                 gsize        nb,
                                 JzProblems  *problems)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, input);
  while (json_object_iter_next (&iter, &key, &node))
    if (!in_list (key, a, na) && !in_list (key, b, nb))
      _jz_problems_add (problems, key, JZ_PROBLEM_UNKNOWN_FIELD,
                        _("%s: not a field here (see docs/cli.md)"), key);
}

/* Fills birth date and sex from the ID number; a different value typed in
 * by hand is a mistake in one or the other, so it is refused. */
void
_jz_registry_derive_from_id (JsonObject  *person,
                             const GDate *today,
                             JzProblems  *problems)
{
  const char *id = _jz_obj_string (person, "id_number");
  JzIdInfo info;
  g_autoptr(GError) error = NULL;
  g_autofree char *birth = NULL;
  const char *sex_code;
  const char *given;

  if (id == NULL)
    return;
  if (!jz_id_number_parse (id, today, &info, &error))
    {
      _jz_problems_add (problems, "id_number", JZ_PROBLEM_INVALID_VALUE,
                        _("id_number: %s"), error->message);
      return;
    }

  json_object_set_string_member (person, "id_number", info.normalized);
  birth = jz_date_format (&info.birth_date);
  sex_code = jz_sex_to_code (info.sex);

  given = _jz_obj_string (person, "birth_date");
  if (given != NULL && g_strcmp0 (given, birth) != 0)
    _jz_problems_add (problems, "birth_date", JZ_PROBLEM_INVALID_VALUE,
                      _("birth_date: %s does not match the ID number, which says %s"), given, birth);
  else
    json_object_set_string_member (person, "birth_date", birth);

  given = _jz_obj_string (person, "sex");
  if (given != NULL && g_strcmp0 (given, sex_code) != 0)
    _jz_problems_add (problems, "sex", JZ_PROBLEM_INVALID_VALUE,
                      _("sex: %s does not match the ID number, which says %s"), given, sex_code);
  else
    json_object_set_string_member (person, "sex", sex_code);
}

/* An ID number names one person: refuses @id_number when a person other
 * than @own_id (NULL when adding) already has it. Only for local entry;
 * duplicates that arrive by sync are the county's duplicate check's. */
gboolean
_jz_registry_check_id_number_free (JzRegistry  *self,
                                   const char  *id_number,
                                   const char  *own_id,
                                   JzProblems  *problems,
                                   GError     **error)
{
  g_autoptr(GPtrArray) same = NULL;

  if (id_number == NULL)
    return TRUE;
  same = jz_store_list (self->store, "person", "id_number", id_number, 0, error);
  if (same == NULL)
    return FALSE;
  for (guint i = 0; i < same->len; i++)
    {
      const char *other = _jz_obj_string (g_ptr_array_index (same, i), "id");

      if (g_strcmp0 (other, own_id) != 0)
        {
          _jz_problems_add (problems, "id_number", JZ_PROBLEM_DUPLICATE,
                            _("id_number: a person with this ID number is already registered (%s)"),
                            other);
          return TRUE;
        }
    }
  return TRUE;
}

void
_jz_registry_check_not_future (JsonObject  *o,
                               const char  *field,
                               const GDate *today,
                               JzProblems  *problems)
{
  GDate d;

  if (_jz_obj_date (o, field, &d) && jz_date_compare (&d, today) > 0)
    {
      g_autofree char *t = jz_date_format (today);

      _jz_problems_add (problems, field, JZ_PROBLEM_INVALID_VALUE,
                        _("%s: %s is after today (%s)"), field, _jz_obj_string (o, field), t);
    }
}

gboolean
_jz_registry_validate_save (JzRegistry  *self,
                            JzSave      *save,
                            JzProblems  *problems,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *found;

  if (jz_store_validate (self->store, save, &local_error))
    return !_jz_problems_fail (problems, error);

  found = jz_save_get_problems (save);
  if (found != NULL && g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID))
    {
      /* The store checks fields the registry has checked too (the ID
       * number); say each problem once. */
      for (guint i = 0; i < found->len; i++)
        {
          JzProblem *p = g_ptr_array_index (found, i);
          gboolean known = FALSE;

          for (guint k = 0; k < problems->list->len && !known; k++)
            known = g_str_equal (((JzProblem *) problems->list->pdata[k])->message, p->message);
          if (!known)
            jz_problems_add (problems->list, p->field, p->code, "%s", p->message);
        }
      _jz_problems_fail (problems, error);
      return FALSE;
    }

  _jz_problems_clear (problems);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static JsonObject *
add_person_in_tx (JzRegistry   *self,
                  JsonObject   *input,
                  const GDate  *today,
                  const char   *author,
                  GError      **error)
{
  g_autoptr(JsonObject) person = _jz_registry_pick (input, person_keys, G_N_ELEMENTS (person_keys));
  g_autoptr(JzSave) save = jz_save_new_on (author, today);
  JzProblems problems;
  const char *id;

  _jz_problems_init (&problems);
  _jz_registry_check_unknown_keys (input, person_keys, G_N_ELEMENTS (person_keys), NULL, 0, &problems);
  _jz_registry_derive_from_id (person, today, &problems);

  if (!_jz_registry_check_id_number_free (self, _jz_obj_string (person, "id_number"), NULL, &problems, error))
    {
      _jz_problems_clear (&problems);
      return NULL;
    }

  id = jz_save_create (save, "person", person);
  if (!_jz_registry_validate_save (self, save, &problems, error))
    return NULL;
  if (!jz_store_commit (self->store, save, error))
    return NULL;
  return jz_store_get (self->store, "person", id, error);
}

JsonObject *
jz_registry_add_person (JzRegistry   *self,
                        JsonObject   *input,
                        const GDate  *today,
                        const char   *author,
                        GError      **error)
{
  return _jz_registry_run_input (self, add_person_in_tx, input, today, author, error);
}

/* Ends the person's other active registrations: one lives in one place. */
static gboolean
end_other_registrations (JzRegistry  *self,
                         JzSave      *save,
                         const char  *person_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) regs = jz_store_list (self->store, "registration", "person_id", person_id, 0, error);

  if (regs == NULL)
    return FALSE;
  for (guint i = 0; i < regs->len; i++)
    {
      JsonObject *r = g_ptr_array_index (regs, i);

      if (g_strcmp0 (_jz_obj_string (r, "status"), "active") == 0)
        {
          g_autoptr(JsonObject) change = json_object_new ();

          json_object_set_string_member (change, "status", "ended");
          jz_save_update (save, "registration", _jz_obj_string (r, "id"), change);
        }
    }
  return TRUE;
}

/* Whether this device works as the registration station: a committee's or
 * the county office's, or one whose role nobody set (a county PC's CLI). */
static gboolean
registry_is_station (JzRegistry *self)
{
  g_autofree char *role = jz_store_get_meta (self->store, "sync_role", NULL);

  if (role == NULL)
    role = jz_store_get_meta (self->store, "role", NULL);
  return role == NULL || (jz_role_from_name (role) & JZ_ROLES_STATION) != 0 ||
         jz_role_from_name (role) == 0;
}

JsonObject *
_jz_registry_declare_in_tx (JzRegistry   *self,
                            JsonObject   *input,
                            const GDate  *today,
                            const char   *author,
                            GError      **error)
{
  g_autoptr(JsonObject) person = _jz_registry_pick (input, person_keys, G_N_ELEMENTS (person_keys));
  g_autoptr(JsonObject) reg = _jz_registry_pick (input, registration_keys, G_N_ELEMENTS (registration_keys));
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JzSave) save = jz_save_new_on (author, today);
  g_autofree char *certificate = NULL;
  g_autofree char *person_id = NULL;
  g_autofree char *today_text = jz_date_format (today);
  const char *reg_id;
  JzProblems problems;
  JsonObject *result;

  _jz_problems_init (&problems);
  _jz_registry_check_unknown_keys (input, person_keys, G_N_ELEMENTS (person_keys),
                      registration_keys, G_N_ELEMENTS (registration_keys), &problems);

  if (_jz_obj_string (person, "id_number") == NULL)
    _jz_problems_add (&problems, "id_number", JZ_PROBLEM_REQUIRED, _("id_number: required"));
  _jz_registry_derive_from_id (person, today, &problems);

  if (!json_object_has_member (reg, "registered_on"))
    json_object_set_string_member (reg, "registered_on", today_text);
  _jz_registry_fill_party (self, reg);
  _jz_registry_check_registration (self, reg, _jz_obj_string (person, "birth_date"), today, &problems);

  if (_jz_obj_string (person, "id_number") != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      existing = jz_store_find_person_by_id_number (self->store, _jz_obj_string (person, "id_number"),
                                                    &local_error);
      if (existing == NULL && !g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND))
        {
          _jz_problems_clear (&problems);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (existing != NULL)
    {
      g_autoptr(JsonObject) changed = json_object_new ();
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      person_id = g_strdup (_jz_obj_string (existing, "id"));
      json_object_iter_init (&iter, person);
      while (json_object_iter_next (&iter, &key, &node))
        {
          JsonNode *old = json_object_get_member (existing, key);

          if (old == NULL || !json_node_equal (old, node))
            json_object_set_member (changed, key, json_node_copy (node));
        }
      if (json_object_get_size (changed) > 0)
        jz_save_update (save, "person", person_id, changed);
      if (!end_other_registrations (self, save, person_id, error))
        {
          _jz_problems_clear (&problems);
          return NULL;
        }
    }
  else
    person_id = g_strdup (jz_save_create (save, "person", person));
  _jz_registry_check_registration_scope (self, _jz_obj_string (person, "id_number"),
                                         _jz_obj_string (person, "hukou_division")
                                         ?: _jz_obj_string (existing, "hukou_division"),
                                         _jz_obj_string (reg, "residence_division"), &problems);

  json_object_set_string_member (reg, "person_id", person_id);
  reg_id = jz_save_create (save, "registration", reg);

  if (!_jz_registry_validate_save (self, save, &problems, error))
    return NULL;

  /* The certificate number is taken only once the declaration is known to
   * be good, so refused declarations leave no gaps. It is the registration
   * station's to give (jz_permissions()): a landlord's or employer's
   * declaration is a report, numbered when the station sees the person. */
  if (registry_is_station (self))
    {
      GDate on;

      if (!_jz_obj_date (reg, "registered_on", &on))
        on = *today;
      certificate = _jz_registry_next_number (self, "certificate", _jz_obj_string (reg, "residence_division"),
                                              &on, error);
      if (certificate == NULL)
        return NULL;
      json_object_set_string_member (reg, "certificate_no", certificate);
    }
  jz_save_audit (save, "declare", "registration", reg_id, NULL);

  if (!jz_store_commit (self->store, save, error))
    return NULL;

  result = json_object_new ();
  json_object_set_string_member (result, "person_id", person_id);
  json_object_set_string_member (result, "registration_id", reg_id);
  if (certificate != NULL)
    json_object_set_string_member (result, "certificate_no", certificate);
  return result;
}

/**
 * jz_registry_declare:
 *
 * Records a 暂住登记: the person (matched by ID number, created if new, with
 * changed details updated) and the registration, with its free 暂住登记凭证
 * number, in one transaction. Returns {"person_id", "registration_id",
 * "certificate_no"}.
 */
JsonObject *
jz_registry_declare (JzRegistry   *self,
                     JsonObject   *input,
                     const GDate  *today,
                     const char   *author,
                     GError      **error)
{
  return _jz_registry_run_input (self, _jz_registry_declare_in_tx, input, today, author, error);
}
