/* jz-print.c — the printed documents: 暂住登记凭证, 一次性告知书, 受理回执:
 * drawing them (cairo, Pango), PDF and PNG, and the print and save dialogs;
 * what goes on them is gathered in jz-print-doc.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "jz-date.h"
#include "jz-print-private.h"

#define A4_WIDTH   595.28
#define A4_HEIGHT  841.89
#define MARGIN     56.0
#define LABEL_W    150.0
#define PAD        7.0
#define PORTRAIT_W 84.0    /* 3 : 4, as an ID photo */
#define PORTRAIT_H 112.0

#define SANS  "Noto Sans CJK SC"
#define SERIF "Noto Serif CJK SC"

/* ---- drawing ---- */

typedef struct
{
  cairo_t      *cr;
  PangoContext *pango;
  double        y;        /* the next line, in A4 points */
} Page;

static PangoLayout *
text_layout (Page       *p,
             const char *text,
             const char *family,
             double      size,
             gboolean    bold,
             double      width,
             PangoAlignment align)
{
  PangoLayout *layout = pango_layout_new (p->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family (font, family);
  pango_font_description_set_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static double
show (Page        *p,
      PangoLayout *layout,
      double       x,
      double       y)
{
  int w, h;

  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
paragraph (Page           *p,
           const char     *text,
           const char     *family,
           double          size,
           gboolean        bold,
           PangoAlignment  align,
           double          space_after)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (text == NULL || *text == '\0')
    return;
  layout = text_layout (p, text, family, size, bold, A4_WIDTH - 2 * MARGIN, align);
  p->y += show (p, layout, MARGIN, p->y) + space_after;
}

static void
rule (Page   *p,
      double  x0,
      double  x1,
      double  y,
      double  width)
{
  cairo_set_line_width (p->cr, width);
  cairo_move_to (p->cr, x0, y);
  cairo_line_to (p->cr, x1, y);
  cairo_stroke (p->cr);
}

/* The office, the title and the number. */
static void
draw_header (Page       *p,
             JzPrintDoc *doc,
             const char *number_label)
{
  paragraph (p, doc->office, SANS, 10, FALSE, PANGO_ALIGN_CENTER, 10);
  paragraph (p, doc->title, SERIF, 18, TRUE, PANGO_ALIGN_CENTER, 8);
  if (doc->number != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", number_label, doc->number);

      paragraph (p, text, SANS, 9.5, FALSE, PANGO_ALIGN_RIGHT, 4);
    }
  rule (p, MARGIN, A4_WIDTH - MARGIN, p->y, 1.2);
  p->y += 14;
}

/* The fields, two columns, every cell ruled. */
static void
draw_table (Page       *p,
            JzPrintDoc *doc)
{
  /* the portrait, when there is one, stands right of the table */
  double x0 = MARGIN, x1 = MARGIN + LABEL_W;
  double x2 = A4_WIDTH - MARGIN - (doc->portrait != NULL ? PORTRAIT_W + 12 : 0);
  double top = p->y;

  cairo_set_line_width (p->cr, 0.6);
  for (guint i = 0; i < doc->labels->len; i++)
    {
      g_autoptr(PangoLayout) label = text_layout (p, doc->labels->pdata[i], SANS, 10.5, TRUE,
                                                  LABEL_W - 2 * PAD, PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) value = text_layout (p, doc->values->pdata[i], SANS, 10.5, FALSE,
                                                  x2 - x1 - 2 * PAD, PANGO_ALIGN_LEFT);
      int lh, vh;
      double h;

      pango_layout_get_size (label, NULL, &lh);
      pango_layout_get_size (value, NULL, &vh);
      h = MAX (lh, vh) / (double) PANGO_SCALE + 2 * PAD;

      cairo_save (p->cr);
      cairo_set_source_rgb (p->cr, 0.94, 0.94, 0.94);
      cairo_rectangle (p->cr, x0, p->y, LABEL_W, h);
      cairo_fill (p->cr);
      cairo_restore (p->cr);
      show (p, label, x0 + PAD, p->y + PAD);
      show (p, value, x1 + PAD, p->y + PAD);
      p->y += h;
      rule (p, x0, x2, p->y, 0.6);
    }
  /* The frame and the column line. */
  cairo_set_line_width (p->cr, 0.8);
  cairo_rectangle (p->cr, x0, top, x2 - x0, p->y - top);
  cairo_move_to (p->cr, x1, top);
  cairo_line_to (p->cr, x1, p->y);
  cairo_stroke (p->cr);
  if (doc->portrait != NULL)
    {
      double px = A4_WIDTH - MARGIN - PORTRAIT_W;
      double sx = PORTRAIT_W / gdk_pixbuf_get_width (doc->portrait);
      double sy = PORTRAIT_H / gdk_pixbuf_get_height (doc->portrait);
      double s = MIN (sx, sy);
      double w = gdk_pixbuf_get_width (doc->portrait) * s, h = gdk_pixbuf_get_height (doc->portrait) * s;

      cairo_save (p->cr);
      cairo_translate (p->cr, px + (PORTRAIT_W - w) / 2, top + (PORTRAIT_H - h) / 2);
      cairo_scale (p->cr, s, s);
      gdk_cairo_set_source_pixbuf (p->cr, doc->portrait, 0, 0);
      cairo_paint (p->cr);
      cairo_restore (p->cr);
      cairo_rectangle (p->cr, px, top, PORTRAIT_W, PORTRAIT_H);
      cairo_stroke (p->cr);
      p->y = MAX (p->y, top + PORTRAIT_H);
    }
  p->y += 18;
}

/* The article, the date, the signature and the stamp, at the foot. */
static void
draw_footer (Page       *p,
             JzPrintDoc *doc)
{
  g_autofree char *basis = NULL;
  g_autofree char *date = NULL;
  g_autoptr(PangoLayout) sign = NULL;
  g_autoptr(PangoLayout) stamp = NULL;
  double y = MAX (p->y + 12, A4_HEIGHT - MARGIN - 150);
  double sign_w = (A4_WIDTH - 2 * MARGIN) / 2;

  if (doc->article != NULL)
    {
      basis = g_strdup_printf (_("Legal basis: %s"), doc->article);
      p->y = MAX (p->y, y - 30);
      paragraph (p, basis, SANS, 9.5, FALSE, PANGO_ALIGN_LEFT, 6);
      y = p->y + 6;
    }
  rule (p, MARGIN, A4_WIDTH - MARGIN, y, 0.6);
  y += 16;

  sign = text_layout (p, _("Officer's signature:"), SANS, 10.5, FALSE, sign_w, PANGO_ALIGN_LEFT);
  show (p, sign, MARGIN, y);
  rule (p, MARGIN, MARGIN + sign_w - 24, y + 46, 0.6);

  stamp = text_layout (p, _("Office stamp"), SANS, 10.5, FALSE, sign_w, PANGO_ALIGN_CENTER);
  show (p, stamp, MARGIN + sign_w, y);
  cairo_save (p->cr);
  cairo_set_source_rgb (p->cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (p->cr, 0.6);
  {
    const double dash[] = { 3, 3 };

    cairo_set_dash (p->cr, dash, 2, 0);
  }
  cairo_new_sub_path (p->cr);
  cairo_arc (p->cr, MARGIN + 1.5 * sign_w, y + 62, 40, 0, 2 * G_PI);
  cairo_stroke (p->cr);
  cairo_restore (p->cr);

  date = g_strdup_printf (_("Date: %s"), doc->date ? doc->date : "");
  {
    g_autoptr(PangoLayout) d = text_layout (p, date, SANS, 10.5, FALSE, sign_w, PANGO_ALIGN_LEFT);

    show (p, d, MARGIN, y + 62);
  }

  /* The one-time notice is given to the applicant, who signs that they
   * received it, and dates it (their copy and the station's). */
  if (doc->kind == JZ_PRINT_NOTICE)
    {
      g_autoptr(PangoLayout) who = text_layout (p, _("Received by the applicant (signature):"), SANS, 10.5,
                                                FALSE, sign_w, PANGO_ALIGN_LEFT);
      g_autoptr(PangoLayout) when = text_layout (p, _("Date received:"), SANS, 10.5, FALSE, sign_w,
                                                 PANGO_ALIGN_LEFT);

      show (p, who, MARGIN, y + 92);
      rule (p, MARGIN, MARGIN + sign_w - 24, y + 126, 0.6);
      show (p, when, MARGIN, y + 132);
      rule (p, MARGIN + 90, MARGIN + sign_w - 24, y + 148, 0.6);
    }
}

static void
page_begin (Page    *p,
            cairo_t *cr,
            double   width,
            double   height)
{
  double scale = MIN (width / A4_WIDTH, height / A4_HEIGHT);
  cairo_font_options_t *options = cairo_font_options_create ();

  p->cr = cr;
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* One point of text is one unit, whatever the surface's resolution. */
  p->pango = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (p->pango, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (p->pango, options);
  cairo_font_options_destroy (options);
  p->y = MARGIN;
}

static void
page_end (Page *p)
{
  g_clear_object (&p->pango);
  cairo_restore (p->cr);
}

void
jz_print_draw_certificate (JzPrintDoc *doc,
                           cairo_t    *cr,
                           double      width,
                           double      height)
{
  Page p;

  page_begin (&p, cr, width, height);
  draw_header (&p, doc, _("Certificate number"));
  draw_table (&p, doc);
  paragraph (&p, doc->body, SANS, 10.5, FALSE, PANGO_ALIGN_LEFT, 10);
  draw_footer (&p, doc);
  jz_print_draw_code (p.cr, doc->code, doc->code_problem, A4_WIDTH - MARGIN, A4_HEIGHT - MARGIN + 24);
  page_end (&p);
}

void
jz_print_draw_notice (JzPrintDoc *doc,
                      cairo_t    *cr,
                      double      width,
                      double      height)
{
  Page p;

  page_begin (&p, cr, width, height);
  draw_header (&p, doc, _("Application"));
  draw_table (&p, doc);
  paragraph (&p, doc->body, SANS, 10.5, FALSE, PANGO_ALIGN_LEFT, 10);
  draw_footer (&p, doc);
  jz_print_draw_code (p.cr, doc->code, doc->code_problem, A4_WIDTH - MARGIN, A4_HEIGHT - MARGIN + 24);
  page_end (&p);
}

void
jz_print_draw_receipt (JzPrintDoc *doc,
                       cairo_t    *cr,
                       double      width,
                       double      height)
{
  Page p;

  page_begin (&p, cr, width, height);
  draw_header (&p, doc, _("Application"));
  draw_table (&p, doc);
  paragraph (&p, doc->body, SANS, 10.5, FALSE, PANGO_ALIGN_LEFT, 10);
  draw_footer (&p, doc);
  jz_print_draw_code (p.cr, doc->code, doc->code_problem, A4_WIDTH - MARGIN, A4_HEIGHT - MARGIN + 24);
  page_end (&p);
}

void
jz_print_draw (JzPrintDoc *doc,
               cairo_t    *cr,
               double      width,
               double      height)
{
  switch (doc->kind)
    {
    case JZ_PRINT_CERTIFICATE:
      jz_print_draw_certificate (doc, cr, width, height);
      break;
    case JZ_PRINT_NOTICE:
      jz_print_draw_notice (doc, cr, width, height);
      break;
    case JZ_PRINT_PROOF:
      jz_print_draw_proof (doc->proof, doc->proof_values, cr, width, height);
      break;
    case JZ_PRINT_RECEIPT:
    default:
      jz_print_draw_receipt (doc, cr, width, height);
      break;
    }
}

static gboolean
surface_ok (cairo_surface_t  *surface,
            const char       *path,
            GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
jz_print_write_pdf (JzPrintDoc  *doc,
                    const char  *path,
                    GError     **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, A4_WIDTH, A4_HEIGHT);
  g_autofree char *title = NULL;
  cairo_t *cr;
  gboolean ok;

  if (!surface_ok (surface, path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  title = doc->number ? g_strdup_printf ("%s %s", doc->title, doc->number) : g_strdup (doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (doc->office != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, doc->office);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Juzhu");

  cr = cairo_create (surface);
  jz_print_draw (doc, cr, A4_WIDTH, A4_HEIGHT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  ok = surface_ok (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
jz_print_write_png (JzPrintDoc  *doc,
                    const char  *path,
                    double       scale,
                    GError     **error)
{
  int w = (int) (A4_WIDTH * scale + 0.5), h = (int) (A4_HEIGHT * scale + 0.5);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (surface);
  gboolean ok;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  jz_print_draw (doc, cr, w, h);
  cairo_destroy (cr);
  ok = surface_ok (surface, path, error);
  if (ok && cairo_surface_write_to_png (surface, path) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), path);
      ok = FALSE;
    }
  cairo_surface_destroy (surface);
  return ok;
}

gboolean
jz_print_export_pdf (JzSession    *session,
                     JzPrintKind   kind,
                     const char   *record_id,
                     const char   *path,
                     GError      **error)
{
  g_autoptr(JzPrintDoc) doc = jz_print_doc_gather (session, kind, record_id, error);

  if (doc == NULL || !jz_print_write_pdf (doc, path, error))
    return FALSE;
  return jz_store_audit (jz_session_get_store (session), jz_session_get_author (session),
                         "export", doc->rtype, doc->record_id, "pdf", error);
}

/* ---- the dialogs ---- */

typedef struct
{
  GtkWidget       *parent;
  AdwToastOverlay *toasts;
  JzSession       *session;
  JzPrintKind      kind;
  char            *record_id;
  char            *path;
  JzPrintDoc      *doc;
  gboolean         previewed;   /* the dialog's Preview was used: nothing printed */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->parent);
  g_clear_object (&job->toasts);
  g_clear_object (&job->session);
  g_free (job->record_id);
  g_free (job->path);
  jz_print_doc_free (job->doc);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (GtkWidget       *parent,
         AdwToastOverlay *toasts,
         JzSession       *session,
         JzPrintKind      kind,
         const char      *record_id)
{
  Job *job = g_new0 (Job, 1);

  job->parent = g_object_ref (parent);
  job->toasts = toasts ? g_object_ref (toasts) : NULL;
  job->session = g_object_ref (session);
  job->kind = kind;
  job->record_id = g_strdup (record_id);
  return job;
}

static void
toast (Job        *job,
       const char *text)
{
  if (job->toasts != NULL)
    adw_toast_overlay_add_toast (job->toasts, adw_toast_new (text));
  else
    g_warning ("%s", text);
}

static gpointer
gather_in_thread (JzSession     *session,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Job *job = data;

  return jz_print_doc_gather (session, job->kind, job->record_id, error);
}

static gpointer
audit_print_in_thread (JzSession     *session,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  Job *job = data;

  /* A proof is also recorded as the material of the person's application. */
  if (job->doc->kind == JZ_PRINT_PROOF)
    return jz_proof_record_issued (session, job->doc->proof, job->doc->record_id,
                                   job->doc->proof_values, "print", error);
  if (!jz_store_audit (jz_session_get_store (session), jz_session_get_author (session),
                       "print", job->doc->rtype, job->doc->record_id, NULL, error))
    return NULL;
  return json_object_new ();
}

static void
print_audited_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (out == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Printed, but not written to the audit log: %s"),
                                               error->message);

      toast (job, text);
    }
  else if (json_object_has_member (out, "application_id"))
    toast (job, _("Printed and added to the application's materials"));
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page_nr,
              Job               *job)
{
  jz_print_draw (job->doc, gtk_print_context_get_cairo_context (context),
                 gtk_print_context_get_width (context),
                 gtk_print_context_get_height (context));
}

/* The dialog's Preview: shown here, drawn in memory, never as a PDF in
 * the temporary folder for another program (jz-print-preview.c); the full
 * record it shows is written to the audit log. */
static gboolean
preview_cb (GtkPrintOperation        *op,
            GtkPrintOperationPreview *preview,
            GtkPrintContext          *context,
            GtkWindow                *parent,
            Job                      *job)
{
  gtk_print_operation_preview_end_preview (preview);
  if (job->doc == NULL)
    return TRUE;
  job->previewed = TRUE;
  jz_print_preview_show (job->doc, parent);
  jz_print_preview_audit (job->session, job->doc, job->toasts);
  return TRUE;
}

static void
print_done_cb (GtkPrintOperation       *op,
               GtkPrintOperationResult  result,
               Job                     *job)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      gtk_print_operation_get_error (op, &error);
      text = g_strdup_printf (_("Not printed: %s"), error ? error->message : _("the printer failed"));
      toast (job, text);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && job->doc != NULL && !job->previewed)
    {
      Job *audit = job_new (job->parent, job->toasts, job->session, job->kind, job->record_id);

      audit->doc = g_steal_pointer (&job->doc);
      jz_session_run_async (job->session, audit_print_in_thread, audit, NULL,
                            (GDestroyNotify) json_object_unref, NULL, print_audited_cb, audit);
    }
}

/* Takes @job, whose doc is gathered: prints it, through the dialog or, with
 * job->path, straight into that PDF. */
static void
start_operation (Job *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  GtkRoot *root = gtk_widget_get_root (job->parent);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  op = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_n_pages (op, 1);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_job_name (op, job->doc->title);
  gtk_print_operation_set_allow_async (op, TRUE);
  if (job->path != NULL)
    {
      gtk_print_operation_set_export_filename (op, job->path);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (op, "preview", G_CALLBACK (preview_cb), job);
  /* The job lives as long as the operation. */
  g_signal_connect_data (op, "done", G_CALLBACK (print_done_cb), job,
                         (GClosureNotify) (void (*) (void)) job_free, 0);

  /* "done" follows, with the result: print_done_cb() */
  if (gtk_print_operation_run (op, action, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    g_debug ("print: %s", error->message);
}

static void
gathered_for_print_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;

  job->doc = jz_session_run_finish (JZ_SESSION (source), result, &error);
  if (job->doc == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not printed: %s"), error->message);

      toast (job, text);
      return;
    }
  start_operation (g_steal_pointer (&job));
}

void
jz_print_run_doc (GtkWidget       *parent,
                  AdwToastOverlay *toasts,
                  JzSession       *session,
                  JzPrintDoc      *doc,
                  const char      *export_path)
{
  Job *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (JZ_IS_SESSION (session));
  g_return_if_fail (doc != NULL);

  job = job_new (parent, toasts, session, doc->kind, doc->record_id);
  job->doc = doc;
  job->path = g_strdup (export_path);
  start_operation (job);
}

void
jz_print_run_dialog (GtkWidget       *parent,
                     AdwToastOverlay *toasts,
                     JzSession       *session,
                     JzPrintKind      kind,
                     const char      *record_id)
{
  Job *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (JZ_IS_SESSION (session));

  if (record_id == NULL)
    return;
  job = job_new (parent, toasts, session, kind, record_id);
  jz_session_run_async (session, gather_in_thread, job, NULL, NULL, NULL,
                        gathered_for_print_cb, job);
}

static gpointer
export_in_thread (JzSession     *session,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Job *job = data;

  if (!jz_print_export_pdf (session, job->kind, job->record_id, job->path, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_path_get_basename (job->path);

  if (jz_session_run_finish (JZ_SESSION (source), result, &error))
    text = g_strdup_printf (_("Saved as %s"), name);
  else
    text = g_strdup_printf (_("Not saved as PDF: %s"), error->message);
  toast (job, text);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  Job             *job)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL || g_file_get_path (file) == NULL)
    {
      job_free (job);
      g_object_unref (dialog);
      return;
    }
  job->path = g_file_get_path (file);
  jz_session_run_async (job->session, export_in_thread, job, NULL, NULL, NULL, exported_cb, job);
  g_object_unref (dialog);
}

void
jz_print_save_pdf_dialog (GtkWidget       *parent,
                          AdwToastOverlay *toasts,
                          JzSession       *session,
                          JzPrintKind      kind,
                          const char      *record_id)
{
  static const char * const names[] = {
    [JZ_PRINT_CERTIFICATE] = "暂住登记凭证",
    [JZ_PRINT_NOTICE] = "一次性告知书",
    [JZ_PRINT_RECEIPT] = "受理回执",
  };
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("%s.pdf", names[kind]);
  GtkRoot *root = gtk_widget_get_root (parent);
  Job *job;

  g_return_if_fail (JZ_IS_SESSION (session));

  if (record_id == NULL)
    return;
  job = job_new (parent, toasts, session, kind, record_id);
  dialog = gtk_file_chooser_native_new (_("Save as PDF"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
