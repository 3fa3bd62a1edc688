/* jz-registry-apply.c — the use cases of a 居住证 application: applying,
 * and the photographed materials
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-registry-private.h"

static const char *application_keys[] = {
  "person_id", "registration_id", "permit_id", "kind", "conditions",
  "residence_division", "residence_since", "moved_on", "applied_on", "remote_area",
  "proxy_name", "proxy_id_number", "proxy_relation", "notes",
};

static JsonObject *
latest_with_status (GPtrArray  *records,
                    const char *status)
{
  for (guint i = records->len; i > 0; i--)
    {
      JsonObject *r = g_ptr_array_index (records, i - 1);

      if (status == NULL || g_strcmp0 (_jz_obj_string (r, "status"), status) == 0)
        return r;
    }
  return NULL;
}

static JsonObject *
apply_in_tx (JzRegistry   *self,
             JsonObject   *input,
             const GDate  *today,
             const char   *author,
             GError      **error)
{
  g_autoptr(JsonObject) app = _jz_registry_pick (input, application_keys, G_N_ELEMENTS (application_keys));
  g_autoptr(JzSave) save = jz_save_new_on (author, today);
  g_autofree char *today_text = jz_date_format (today);
  g_autoptr(JzRulesResult) result = NULL;
  g_autoptr(JsonNode) case_json = NULL;
  g_autoptr(JsonObject) person = NULL;
  const char *person_id;
  const char *kind;
  const char *app_id;
  JzProblems problems;

  _jz_problems_init (&problems);
  _jz_registry_check_unknown_keys (input, application_keys, G_N_ELEMENTS (application_keys), NULL, 0, &problems);

  person_id = _jz_obj_string (app, "person_id");
  kind = _jz_obj_string (app, "kind");
  if (kind == NULL)
    json_object_set_string_member (app, "kind", kind = "first");
  if (!json_object_has_member (app, "applied_on"))
    json_object_set_string_member (app, "applied_on", today_text);
  _jz_registry_check_not_future (app, "applied_on", today, &problems);
  _jz_registry_check_not_future (app, "residence_since", today, &problems);
  _jz_registry_check_not_future (app, "moved_on", today, &problems);
  if (_jz_obj_string (app, "moved_on") != NULL && g_strcmp0 (kind, "address_change") != 0)
    _jz_problems_add (&problems, "moved_on", JZ_PROBLEM_INVALID_VALUE,
                      _("moved_on: only an address change has a move date"));
  else if (g_strcmp0 (_jz_obj_string (app, "moved_on"), _jz_obj_string (app, "applied_on")) > 0)
    _jz_problems_add (&problems, "moved_on", JZ_PROBLEM_INVALID_VALUE,
                      _("moved_on: %s is after the application date %s"),
                      _jz_obj_string (app, "moved_on"), _jz_obj_string (app, "applied_on"));

  if (person_id == NULL)
    _jz_problems_add (&problems, "person_id", JZ_PROBLEM_REQUIRED, _("person_id: required"));
  else if (!_jz_registry_lookup (self, "person", person_id, &person, error))
    goto failed;
  else if (person == NULL)
    _jz_problems_add (&problems, "person_id", JZ_PROBLEM_REFERENCE,
                      _("person_id: no person with id %s"), person_id);

  if (person != NULL && !json_object_has_member (app, "registration_id"))
    {
      g_autoptr(GPtrArray) regs = jz_store_list (self->store, "registration", "person_id", person_id, 0, error);
      JsonObject *active;

      if (regs == NULL)
        goto failed;
      active = latest_with_status (regs, "active");

      if (active != NULL)
        json_object_set_string_member (app, "registration_id", _jz_obj_string (active, "id"));
      if (active != NULL && !json_object_has_member (app, "residence_division"))
        json_object_set_member (app, "residence_division",
                                json_node_copy (json_object_get_member (active, "residence_division")));
    }

  if (person != NULL && g_strcmp0 (kind, "first") != 0 && !json_object_has_member (app, "permit_id"))
    {
      g_autoptr(GPtrArray) permits = jz_store_list (self->store, "permit", "person_id", person_id, 0, error);
      JsonObject *latest;

      if (permits == NULL)
        goto failed;
      latest = latest_with_status (permits, NULL);
      if (latest == NULL)
        _jz_problems_add (&problems, "permit_id", JZ_PROBLEM_WORKFLOW,
                          _("permit_id: a %s application needs an issued permit, and this person has none"), kind);
      else
        json_object_set_string_member (app, "permit_id", _jz_obj_string (latest, "id"));
    }

  if ((_jz_obj_string (app, "proxy_name") != NULL || _jz_obj_string (app, "proxy_relation") != NULL) &&
      _jz_obj_string (app, "proxy_id_number") == NULL)
    _jz_problems_add (&problems, "proxy_id_number", JZ_PROBLEM_REQUIRED,
                      _("proxy_id_number: a proxy must show their own ID (proxy_id)"));

  /* One application at a time: one not decided yet (submitted, or accepted
   * and waiting for its permit) is continued, not made again. */
  if (person != NULL)
    {
      g_autoptr(GPtrArray) apps = jz_store_list (self->store, "application", "person_id", person_id, 0, error);

      if (apps == NULL)
        goto failed;
      for (guint i = 0; i < apps->len; i++)
        {
          JsonObject *a = g_ptr_array_index (apps, i);
          const char *status = _jz_obj_string (a, "status");

          if (g_strcmp0 (status, "submitted") == 0 || g_strcmp0 (status, "accepted") == 0)
            {
              _jz_problems_add (&problems, "person_id", JZ_PROBLEM_DUPLICATE,
                                _("person_id: this person already has an application in progress "
                                   "(%s, applied on %s); continue it instead of applying again"),
                                _jz_obj_string (a, "id"), _jz_obj_string (a, "applied_on") ?: "?");
              break;
            }
        }
    }

  app_id = jz_save_create (save, "application", app);
  if (!_jz_registry_validate_save (self, save, &problems, error))
    return NULL;

  /* Proxies: only for those the regulations name; refused before anything
   * is written, on the same evaluation the acceptance will use. */
  if (_jz_obj_string (app, "proxy_id_number") != NULL)
    {
      gboolean allowed = TRUE;
      const char *reason = NULL;

      case_json = _jz_registry_build_case (self, app, NULL, error);
      if (case_json == NULL)
        return NULL;
      result = _jz_registry_evaluate_case (self, case_json, today, error);
      if (result == NULL)
        return NULL;
      if (jz_rules_result_get_proxy (result, &allowed, &reason) && !allowed)
        {
          const char *article = jz_profile_article (self->profile, "proxy");

          g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED,
                       _("proxy_id_number: a guardian or close relative may apply only for "
                         "someone under 16, an elderly person with limited mobility or a "
                         "disabled person (%s); this applicant is none of these (%s)"),
                       article ? article : "", reason ? reason : "not allowed");
          return NULL;
        }
    }

  jz_save_audit (save, "apply", "application", app_id, kind);
  if (!jz_store_commit (self->store, save, error))
    return NULL;
  return jz_store_get (self->store, "application", app_id, error);

failed:
  _jz_problems_clear (&problems);
  return NULL;
}

/**
 * jz_registry_apply:
 *
 * Records a 居住证 application of any kind. The registration and permit it
 * concerns default to the person's latest. A proxy the regulations do not
 * allow is refused with the article.
 */
JsonObject *
jz_registry_apply (JzRegistry   *self,
                   JsonObject   *input,
                   const GDate  *today,
                   const char   *author,
                   GError      **error)
{
  return _jz_registry_run_input (self, apply_in_tx, input, today, author, error);
}

typedef struct
{
  JzSave     *save;
  const char *id;
  JsonObject *result;
} MaterialCall;

static gboolean
material_in_tx (JzRegistry  *self,
                gpointer     data,
                GError     **error)
{
  MaterialCall *call = data;

  if (!jz_store_commit (self->store, call->save, error))
    return FALSE;
  call->result = jz_store_get (self->store, "material", call->id, error);
  return call->result != NULL;
}

static void
discard_imported (JzRegistry *self,
                  GArray     *imported)
{
  for (guint i = 0; i < imported->len; i++)
    jz_photo_store_discard_new (self->photos, &g_array_index (imported, JzPhotoInfo, i));
}

/* Records the material of @pages (taken); a failure discards @imported. */
static JsonObject *
record_material (JzRegistry  *self,
                 const char  *application_id,
                 const char  *document,
                 JsonArray   *pages,
                 const char  *document_date,
                 const char  *author,
                 GArray      *imported,
                 GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JzSave) save = jz_save_new (author);
  MaterialCall call = { NULL, NULL, NULL };

  json_object_set_string_member (fields, "application_id", application_id);
  json_object_set_string_member (fields, "document", document);
  json_object_set_array_member (fields, "pages", pages);
  if (document_date != NULL)
    json_object_set_string_member (fields, "document_date", document_date);

  call.save = save;
  call.id = jz_save_create (save, "material", fields);
  if (!_jz_registry_transact (self, material_in_tx, &call, error))
    {
      if (imported != NULL)
        discard_imported (self, imported);
      g_clear_pointer (&call.result, json_object_unref);
      return NULL;
    }
  return call.result;
}

/**
 * jz_registry_add_material:
 * @files: the photo files, one per page
 *
 * Imports every page first (normalised, hashed, stored); only when all
 * pages are good is the material recorded. When a page fails, the blobs
 * this call created for the pages before it are removed again. A page
 * recorded that looks blurred or has a glare is named in the answer's
 * "_photo_warnings" ({page, sha256, blurred, glare}), which is not part
 * of the record: the person adding it may take it again.
 */
JsonObject *
jz_registry_add_material (JzRegistry          *self,
                          const char          *application_id,
                          const char          *document,
                          const char * const  *files,
                          const char          *document_date,
                          const char          *author,
                          GError             **error)
{
  g_autoptr(JsonObject) app = NULL;
  JsonArray *pages = json_array_new ();
  g_autoptr(GArray) imported = g_array_new (FALSE, TRUE, sizeof (JzPhotoInfo));
  JsonObject *material;
  JsonArray *warnings = NULL;

  app = _jz_registry_get (self, "application", application_id, error);
  if (app == NULL)
    {
      json_array_unref (pages);
      return NULL;
    }

  if (files == NULL || files[0] == NULL)
    {
      json_array_unref (pages);
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("pages: give at least one photo file"));
      return NULL;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      JzPhotoInfo info = { { 0 } };

      if (!jz_photo_store_import_file (self->photos, files[i], &info, error))
        {
          /* A bad page stores nothing: take back the pages this call
           * wrote before it (never a blob that was already there). */
          discard_imported (self, imported);
          json_array_unref (pages);
          return NULL;
        }
      g_array_append_val (imported, info);
      json_array_add_string_element (pages, info.sha256);
    }

  material = record_material (self, application_id, document, pages, document_date, author, imported, error);
  if (material == NULL)
    return NULL;
  /* pages a reviewer may not read (jz-photo-assess.c): said to whoever
   * added them, with the page, not kept in the record */
  for (guint i = 0; i < imported->len; i++)
    {
      const JzPhotoInfo *info = &g_array_index (imported, JzPhotoInfo, i);
      /* the threshold is a page of text's: a face has few sharp edges */
      gboolean blurred = info->blurred && g_strcmp0 (document, "photo") != 0;
      JsonObject *w;

      if (!blurred && !info->glare)
        continue;
      if (warnings == NULL)
        warnings = json_array_new ();
      w = json_object_new ();
      json_object_set_int_member (w, "page", i + 1);
      json_object_set_string_member (w, "sha256", info->sha256);
      json_object_set_boolean_member (w, "blurred", blurred);
      json_object_set_boolean_member (w, "glare", info->glare);
      json_array_add_object_element (warnings, w);
    }
  if (warnings != NULL)
    json_object_set_array_member (material, "_photo_warnings", warnings);
  return material;
}

/**
 * jz_registry_add_material_photos:
 * @sha256s: the pages, photos already in the photo store (the camera
 *   imports what it takes: nothing of it is written in plain)
 *
 * jz_registry_add_material() of photos in the store.
 */
JsonObject *
jz_registry_add_material_photos (JzRegistry          *self,
                                 const char          *application_id,
                                 const char          *document,
                                 const char * const  *sha256s,
                                 const char          *document_date,
                                 const char          *author,
                                 GError             **error)
{
  g_autoptr(JsonObject) app = NULL;
  JsonArray *pages;

  app = _jz_registry_get (self, "application", application_id, error);
  if (app == NULL)
    return NULL;
  if (sha256s == NULL || sha256s[0] == NULL)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("pages: give at least one photo file"));
      return NULL;
    }
  pages = json_array_new ();
  for (guint i = 0; sha256s[i] != NULL; i++)
    {
      if (!jz_photo_store_has (self->photos, sha256s[i]))
        {
          json_array_unref (pages);
          g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                       _("pages: photo %.12s… is not on this device"), sha256s[i]);
          return NULL;
        }
      json_array_add_string_element (pages, sha256s[i]);
    }
  return record_material (self, application_id, document, pages, document_date, author, NULL, error);
}
