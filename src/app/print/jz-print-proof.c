/* jz-print-proof.c — the proofs a landlord or employer issues: 住宿证明, 劳动关系证明
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fourth printed document, next to those of jz-print.c: one A4 page
 * drawn with cairo and Pango (Noto CJK), written to PDF. Exporting it is
 * audited ("export"); when the person already has an application, the page
 * is also recorded as its material (accommodation_proof or
 * employer_letter), as a PNG the photo store keeps.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "jz-print-proof.h"

#define SERIF "Noto Serif CJK SC"

const char *
jz_proof_document_code (JzProofKind kind)
{
  return kind == JZ_PROOF_ACCOMMODATION ? "accommodation_proof" : "employer_letter";
}

const char *
jz_proof_title (JzProofKind kind)
{
  return kind == JZ_PROOF_ACCOMMODATION ? "住宿证明" : "劳动关系证明";
}

gboolean
jz_proof_kind_for_role (const char  *role,
                        JzProofKind *kind)
{
  if (g_strcmp0 (role, "landlord") == 0)
    *kind = JZ_PROOF_ACCOMMODATION;
  else if (g_strcmp0 (role, "employer") == 0)
    *kind = JZ_PROOF_EMPLOYMENT;
  else
    return FALSE;
  return TRUE;
}

void
jz_proof_request_free (JzProofRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->person_id);
  g_free (request->place);
  g_free (request->from_date);
  g_free (request);
}

static double
text (cairo_t    *cr,
      const char *markup,
      double      x,
      double      y,
      double      width,
      double      size,
      gboolean    bold,
      PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  int w, h;

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_font_description_set_family (font, SERIF);
  pango_font_description_set_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_line_spacing (layout, 1.6);
  pango_layout_set_text (layout, markup, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return y + (double) h / PANGO_SCALE;
}

static const char *
value (JsonObject *values,
       const char *member)
{
  return json_object_get_string_member_with_default (values, member, "") ?: "";
}

void
jz_print_draw_proof (JzProofKind  kind,
                     JsonObject  *values,
                     cairo_t     *cr,
                     double       width,
                     double       height)
{
  double margin = 72;
  double inner = width - 2 * margin;
  double y = 110;
  g_autofree char *body = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *dated = NULL;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = text (cr, jz_proof_title (kind), margin, y, inner, 26, TRUE, PANGO_ALIGN_CENTER) + 48;
  if (kind == JZ_PROOF_ACCOMMODATION)
    body = g_strdup_printf ("兹证明 %s（公民身份号码：%s）自 %s 起居住在 %s。\n\n特此证明。",
                            value (values, "name"), value (values, "id_number"),
                            value (values, "from_date"), value (values, "place"));
  else
    body = g_strdup_printf ("兹证明 %s（公民身份号码：%s）自 %s 起在 %s 工作，与本单位存在劳动关系。\n\n特此证明。",
                            value (values, "name"), value (values, "id_number"),
                            value (values, "from_date"), value (values, "place"));
  y = text (cr, body, margin, y, inner, 14, FALSE, PANGO_ALIGN_LEFT) + 96;

  issuer = g_strdup_printf (kind == JZ_PROOF_ACCOMMODATION ? "房主（出租人）：%s" : "用人单位：%s",
                            value (values, "issuer"));
  y = text (cr, issuer, margin, y, inner, 14, FALSE, PANGO_ALIGN_RIGHT) + 12;
  y = text (cr, "（签名或盖章）", margin, y, inner, 12, FALSE, PANGO_ALIGN_RIGHT) + 12;
  dated = g_strdup_printf ("出具日期：%s", value (values, "date"));
  text (cr, dated, margin, y, inner, 14, FALSE, PANGO_ALIGN_RIGHT);
  jz_print_draw_code (cr, json_object_get_string_member_with_default (values, "code", NULL),
                      json_object_get_string_member_with_default (values, "code_problem", NULL),
                      width - margin, height - 40);
  cairo_restore (cr);
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s cannot be written: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_pdf (JzProofKind   kind,
           JsonObject   *values,
           const char   *path,
           GError      **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  jz_print_draw_proof (kind, values, cr, 595, 842);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_cairo (status, path, error);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The proof as a PNG in memory: it is imported (and sealed) from there,
 * never written in plain. */
static GBytes *
render_png (JzProofKind   kind,
            JsonObject   *values,
            GError      **error)
{
  double scale = 2.0;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595 * scale, 842 * scale);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();
  cairo_status_t status;

  cairo_scale (cr, scale, scale);
  jz_print_draw_proof (kind, values, cr, 595, 842);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  if (!check_cairo (status, _("the proof's image"), error))
    {
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

/**
 * jz_proof_gather_values:
 *
 * On a worker thread: what the proof shows (name, id_number, place,
 * from_date, issuer, date), or an error naming the missing part.
 */
JsonObject *
jz_proof_gather_values (JzSession             *session,
                        const JzProofRequest  *request,
                        GError               **error)
{
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JsonObject) values = json_object_new ();
  g_autofree char *real_name = NULL;
  GDate today;
  char date[16];

  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (request->place == NULL || *request->place == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   request->kind == JZ_PROOF_ACCOMMODATION ? _("Address: type where the person lives")
                                                           : _("Employer: type the employer's name"));
      return NULL;
    }
  person = jz_store_get (jz_session_get_store (session), "person", request->person_id, error);
  if (person == NULL)
    return NULL;

  /* the landlord or employer by the name the county enrolled it with,
   * not the login name */
  real_name = jz_store_get_meta (jz_session_get_store (session), "sync_real_name", NULL);
  jz_session_get_today (session, &today);
  g_date_strftime (date, sizeof date, "%Y-%m-%d", &today);
  json_object_set_string_member (values, "name", json_object_get_string_member_with_default (person, "name", ""));
  json_object_set_string_member (values, "id_number",
                                 json_object_get_string_member_with_default (person, "id_number", ""));
  json_object_set_string_member (values, "place", request->place);
  json_object_set_string_member (values, "from_date", request->from_date ? request->from_date : date);
  json_object_set_string_member (values, "issuer", real_name ? real_name : jz_session_get_author (session));
  json_object_set_string_member (values, "date", date);
  {
    /* a proof has no number of its own: its code names who issued it */
    g_autofree char *problem = NULL;
    g_autofree char *code = jz_print_sign (session, request->kind == JZ_PROOF_ACCOMMODATION
                                                    ? JZ_PAPER_ACCOMMODATION : JZ_PAPER_EMPLOYMENT,
                                           json_object_get_string_member (values, "issuer"),
                                           request->person_id,
                                           json_object_get_string_member (values, "name"),
                                           json_object_get_string_member (values, "id_number"), &problem);

    if (code != NULL)
      json_object_set_string_member (values, "code", code);
    if (problem != NULL)
      json_object_set_string_member (values, "code_problem", problem);
  }
  return g_steal_pointer (&values);
}

/**
 * jz_proof_record_issued:
 * @action: "export" or "print", for the audit log
 *
 * On a worker thread, once the proof is printed or saved: audits it and,
 * when the person has an application, records the proof as its material
 * (a PNG of the page). Returns {"application_id"?}.
 */
JsonObject *
jz_proof_record_issued (JzSession    *session,
                        JzProofKind   kind,
                        const char   *person_id,
                        JsonObject   *values,
                        const char   *action,
                        GError      **error)
{
  JzStore *store = jz_session_get_store (session);
  g_autoptr(GPtrArray) applications = NULL;
  g_autoptr(JsonObject) out = json_object_new ();

  if (!jz_store_audit (store, jz_session_get_author (session), action, "person", person_id,
                       jz_proof_document_code (kind), error))
    return NULL;

  applications = jz_store_list (store, "application", "person_id", person_id, 1, error);
  if (applications == NULL)
    return NULL;
  if (applications->len > 0)
    {
      const char *app_id = json_object_get_string_member_with_default (g_ptr_array_index (applications, 0), "id", NULL);
      g_autoptr(GBytes) png = render_png (kind, values, error);
      g_autoptr(JsonObject) material = NULL;
      const char *pages[2] = { NULL, NULL };
      JzPhotoInfo info;

      if (png == NULL ||
          !jz_photo_store_import_bytes (jz_session_get_photos (session), png, &info, error))
        return NULL;
      pages[0] = info.sha256;
      material = jz_registry_add_material_photos (jz_session_get_registry (session), app_id,
                                                  jz_proof_document_code (kind), pages,
                                                  json_object_get_string_member (values, "date"),
                                                  jz_session_get_author (session), error);
      if (material == NULL)
        {
          jz_photo_store_discard_new (jz_session_get_photos (session), &info);
          return NULL;
        }
      json_object_set_string_member (out, "application_id", app_id);
    }
  return g_steal_pointer (&out);
}

JsonObject *
jz_proof_export_pdf (JzSession             *session,
                     const JzProofRequest  *request,
                     const char            *path,
                     GError               **error)
{
  g_autoptr(JsonObject) values = NULL;
  JsonObject *out;

  g_return_val_if_fail (JZ_IS_SESSION (session), NULL);
  g_return_val_if_fail (request != NULL && path != NULL, NULL);

  values = jz_proof_gather_values (session, request, error);
  if (values == NULL || !write_pdf (request->kind, values, path, error))
    return NULL;
  out = jz_proof_record_issued (session, request->kind, request->person_id, values, "export", error);
  if (out != NULL)
    json_object_set_string_member (out, "path", path);
  return out;
}
