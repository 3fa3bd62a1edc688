/* jz-print-doc.c — what goes on a printed document: the record's fields,
 * read on a worker thread (jz_print_doc_gather), ready to be drawn
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-date.h"
#include "jz-app-util.h"
#include "jz-divisions.h"
#include "jz-id-number.h"
#include "jz-photo.h"
#include "jz-print-private.h"

void
jz_print_doc_free (JzPrintDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->rtype);
  g_free (doc->record_id);
  g_free (doc->title);
  g_free (doc->office);
  g_free (doc->number);
  g_free (doc->code);
  g_free (doc->code_problem);
  g_free (doc->name);
  g_ptr_array_unref (doc->labels);
  g_ptr_array_unref (doc->values);
  g_free (doc->body);
  g_free (doc->article);
  g_free (doc->date);
  g_clear_pointer (&doc->proof_values, json_object_unref);
  g_clear_object (&doc->portrait);
  g_free (doc);
}

JzPrintDoc *
jz_print_doc_new_proof (JzProofKind  proof,
                        const char  *person_id,
                        JsonObject  *values)
{
  JzPrintDoc *doc = g_new0 (JzPrintDoc, 1);

  doc->kind = JZ_PRINT_PROOF;
  doc->proof = proof;
  doc->rtype = g_strdup ("person");
  doc->record_id = g_strdup (person_id);
  doc->title = g_strdup (jz_proof_title (proof));
  doc->labels = g_ptr_array_new_with_free_func (g_free);
  doc->values = g_ptr_array_new_with_free_func (g_free);
  doc->proof_values = json_object_ref (values);
  return doc;
}

const char *
jz_print_doc_get_title (JzPrintDoc *doc)
{
  return doc->title;
}

/* ---- gathering, on a worker thread ---- */

static const char *
str (JsonObject *o,
     const char *member)
{
  return o ? json_object_get_string_member_with_default (o, member, NULL) : NULL;
}

static void
add_field (JzPrintDoc *doc,
           const char *label,
           const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_ptr_array_add (doc->labels, g_strdup (label));
  g_ptr_array_add (doc->values, g_strdup (value));
}

static char *
masked_id (JsonObject *person)
{
  const char *id = str (person, "id_number");

  return id ? jz_id_number_mask (id) : g_strdup ("");
}

static const char *
code_name (JzSession  *session,
           const char *table,
           const char *code)
{
  const char *name;

  if (code == NULL)
    return NULL;
  name = jz_codes_name (jz_session_get_codes (session), table, code, "zh");
  return name ? name : code;
}

/* The registration station that issues the document: the name the county
 * enrolled this device's user with (a committee's "红旗社区居委会"), else
 * the name of its area, else nothing. */
static char *
station_name (JzSession *session)
{
  JzStore *store = jz_session_get_store (session);
  g_autofree char *name = jz_store_get_meta (store, "sync_real_name", NULL);
  g_autofree char *area = NULL;
  g_autoptr(JzDivisions) divisions = NULL;

  if (name != NULL)
    return g_steal_pointer (&name);
  area = jz_store_get_meta (store, "sync_area", NULL);
  if (area == NULL || (divisions = jz_app_load_divisions (store)) == NULL)
    return NULL;
  return jz_divisions_full_name (divisions, area);
}

/* The holder's portrait for their 凭证, small enough for the page; NULL
 * when there is none or it cannot be read (the 凭证 prints without it). */
static GdkPixbuf *
load_portrait (JzSession  *session,
               JsonObject *person)
{
  g_autoptr(GBytes) bytes = NULL;
  const guchar *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GdkPixbuf *full;
  gsize len = 0;
  double scale;

  if (str (person, "portrait") == NULL)
    return NULL;
  bytes = jz_photo_store_read_blob (jz_session_get_photos (session), str (person, "portrait"), &error);
  /* the store keeps every photo as a JPEG, under its hash (no extension
   * to guess the format from), sealed */
  loader = bytes ? gdk_pixbuf_loader_new_with_type ("jpeg", &error) : NULL;
  data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  if (loader == NULL ||
      !gdk_pixbuf_loader_write (loader, data, len, &error) ||
      !gdk_pixbuf_loader_close (loader, &error) || (full = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
    {
      g_debug ("print: the portrait cannot be read: %s", error ? error->message : "no image");
      return NULL;
    }
  scale = MIN (1.0, MIN (360.0 / gdk_pixbuf_get_width (full), 480.0 / gdk_pixbuf_get_height (full)));
  return gdk_pixbuf_scale_simple (full, MAX (1, (int) (gdk_pixbuf_get_width (full) * scale)),
                                  MAX (1, (int) (gdk_pixbuf_get_height (full) * scale)), GDK_INTERP_BILINEAR);
}

static JzPrintDoc *
doc_new (JzSession   *session,
         JzPrintKind  kind,
         const char  *rtype,
         const char  *record_id)
{
  JzPrintDoc *doc = g_new0 (JzPrintDoc, 1);
  JzProfile *profile = jz_session_get_profile (session);

  doc->kind = kind;
  doc->rtype = g_strdup (rtype);
  doc->record_id = g_strdup (record_id);
  doc->office = g_strdup (jz_profile_get_title (profile));
  doc->labels = g_ptr_array_new_with_free_func (g_free);
  doc->values = g_ptr_array_new_with_free_func (g_free);
  return doc;
}

static JzPrintDoc *
gather_certificate (JzSession   *session,
                    const char  *registration_id,
                    GError     **error)
{
  JzStore *store = jz_session_get_store (session);
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JzDivisions) divisions = NULL;
  g_autoptr(JzPrintDoc) doc = NULL;
  g_autofree char *address = NULL;
  g_autofree char *station = station_name (session);

  reg = jz_store_get (store, "registration", registration_id, error);
  if (reg == NULL)
    return NULL;
  person = jz_store_get (store, "person", str (reg, "person_id"), error);
  if (person == NULL)
    return NULL;
  /* Without the division table the code itself is printed. */
  divisions = jz_app_load_divisions (store);
  address = jz_app_address_text (divisions, reg);
  doc = doc_new (session, JZ_PRINT_CERTIFICATE, "registration", registration_id);
  doc->title = g_strdup (_("Temporary residence certificate (暂住登记凭证)"));
  doc->number = g_strdup (str (reg, "certificate_no"));
  doc->name = g_strdup (str (person, "name"));
  add_field (doc, _("Certificate number"), doc->number);
  add_field (doc, _("Name"), doc->name);
  /* the holder's own 凭证: the full number, checked against the card */
  add_field (doc, _("ID number"), str (person, "id_number"));
  add_field (doc, _("Address"), g_strstrip (address));
  add_field (doc, _("Committee"), str (reg, "committee"));
  add_field (doc, _("Reason for coming"), code_name (session, "inflow_reason", str (reg, "reason")));
  add_field (doc, _("Arrival date"), str (reg, "arrival_date"));
  add_field (doc, _("Registration date"), str (reg, "registered_on"));
  if (station != NULL)
    add_field (doc, _("Registration station"), station);
  doc->portrait = load_portrait (session, person);
  doc->body = g_strdup (_("Keep this certificate. Show it when you apply for a residence permit."));
  doc->article = g_strdup (jz_profile_article (jz_session_get_profile (session), "temp_registration"));
  if (doc->article == NULL)
    doc->article = g_strdup (jz_profile_article (jz_session_get_profile (session), "new_registration"));
  if (doc->article == NULL)
    doc->article = g_strdup (jz_profile_get_reference (jz_session_get_profile (session)));
  doc->date = g_strdup (str (reg, "registered_on"));
  doc->code = jz_print_sign (session, JZ_PAPER_CERTIFICATE, doc->number, registration_id, doc->name,
                             str (person, "id_number"), &doc->code_problem);
  return g_steal_pointer (&doc);
}

/* The notice given last for the application, or a new one. */
static char *
notice_body (JzSession   *session,
             const char  *application_id,
             char       **date,
             GError     **error)
{
  g_autoptr(GPtrArray) notices = NULL;
  JsonObject *latest = NULL;
  GDate t;

  notices = jz_store_list (jz_session_get_store (session), "notice", "application_id",
                           application_id, 0, error);
  if (notices == NULL)
    return NULL;
  for (guint i = 0; i < notices->len; i++)
    {
      JsonObject *n = notices->pdata[i];

      if (g_strcmp0 (str (n, "kind"), "missing_materials") != 0)
        continue;
      if (latest == NULL || g_strcmp0 (str (n, "issued_on"), str (latest, "issued_on")) >= 0)
        latest = n;
    }
  if (latest != NULL && str (latest, "body") != NULL)
    {
      *date = g_strdup (str (latest, "issued_on"));
      return g_strdup (str (latest, "body"));
    }

  jz_session_get_today (session, &t);
  *date = jz_date_format (&t);
  {
    g_autoptr(GError) local = NULL;
    char *body = jz_registry_notice (jz_session_get_registry (session), application_id, &t,
                                     jz_session_get_author (session), &local);

    if (body == NULL && local == NULL)
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                   _("Application %s: nothing is missing, so there is no notice to print"),
                   application_id);
    else if (body == NULL)
      g_propagate_error (error, g_steal_pointer (&local));
    return body;
  }
}

static JzPrintDoc *
gather_application (JzSession    *session,
                    JzPrintKind   kind,
                    const char   *application_id,
                    GError      **error)
{
  JzStore *store = jz_session_get_store (session);
  JzProfile *profile = jz_session_get_profile (session);
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JzPrintDoc) doc = NULL;
  g_autofree char *masked = NULL;

  app = jz_store_get (store, "application", application_id, error);
  if (app == NULL)
    return NULL;
  person = jz_store_get (store, "person", str (app, "person_id"), error);
  if (person == NULL)
    return NULL;
  masked = masked_id (person);

  doc = doc_new (session, kind, "application", application_id);
  doc->number = g_strdup (application_id);
  doc->name = g_strdup (str (person, "name"));
  add_field (doc, _("Applicant"), doc->name);
  add_field (doc, _("ID number"), masked);
  add_field (doc, _("Application kind"), code_name (session, "application_kind", str (app, "kind")));
  add_field (doc, _("Applied on"), str (app, "applied_on"));

  if (kind == JZ_PRINT_NOTICE)
    {
      g_autofree char *body = notice_body (session, application_id, &doc->date, error);
      const char *rest;

      if (body == NULL)
        return NULL;
      /* The first line of the core's text is its title: the page has its own. */
      rest = strchr (body, '\n');
      doc->title = g_strdup (_("One-time notice of missing materials (一次性告知书)"));
      doc->body = g_strdup (rest ? rest + 1 : body);
      g_strchomp (doc->body);
      doc->article = g_strdup (jz_profile_article (profile, "missing_notice"));
    }
  else
    {
      g_autoptr(JzRulesResult) result = NULL;
      g_autofree char *due_text = NULL;
      g_autofree char *ext_text = NULL;
      const char *accepted_on = str (app, "accepted_on");
      GDate due, extended, t;

      if (accepted_on == NULL)
        {
          g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE,
                       _("Application %s is not accepted yet: accept it first, then print the receipt"),
                       application_id);
          return NULL;
        }
      jz_session_get_today (session, &t);
      result = jz_registry_evaluate (jz_session_get_registry (session), application_id, &t, error);
      if (result == NULL)
        return NULL;
      doc->title = g_strdup (_("Acceptance receipt (受理回执)"));
      add_field (doc, _("Accepted on"), accepted_on);
      if (jz_rules_result_get_issue_due (result, &due, &extended))
        {
          due_text = jz_date_format (&due);
          if (g_date_valid (&extended))
            ext_text = jz_date_format (&extended);
        }
      if (str (app, "extension_reason") != NULL && ext_text != NULL)
        {
          add_field (doc, _("Permit issued by"), ext_text);
          add_field (doc, _("Extended because"), str (app, "extension_reason"));
        }
      else
        add_field (doc, _("Permit issued by"), due_text);
      doc->body = g_strdup_printf (_("The application is accepted. The residence permit is issued by %s. "
                                     "Bring this receipt and your identity card to collect it."),
                                   due_text ? due_text : "");
      doc->article = g_strdup (jz_profile_article (profile, "issuance"));
      doc->date = g_strdup (accepted_on);
    }
  {
    g_autofree char *station = station_name (session);

    if (station != NULL)
      add_field (doc, _("Registration station"), station);
  }
  doc->code = jz_print_sign (session, kind == JZ_PRINT_NOTICE ? JZ_PAPER_NOTICE : JZ_PAPER_RECEIPT,
                             doc->number, application_id, doc->name, str (person, "id_number"),
                             &doc->code_problem);
  return g_steal_pointer (&doc);
}

JzPrintDoc *
jz_print_doc_gather (JzSession    *session,
                     JzPrintKind   kind,
                     const char   *record_id,
                     GError      **error)
{
  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  if (kind == JZ_PRINT_CERTIFICATE)
    return gather_certificate (session, record_id, error);
  return gather_application (session, kind, record_id, error);
}

