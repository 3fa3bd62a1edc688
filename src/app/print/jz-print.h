/* jz-print.h — the printed documents: 暂住登记凭证, 一次性告知书, 受理回执
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing function per document (cairo + Pango, A4 portrait, CJK
 * fonts). The same code draws the pages of a GtkPrintOperation and of a
 * PDF file. The data are gathered from the store on a worker thread
 * (jz_print_doc_gather) and every print or export is audited.
 */
#pragma once

#include <adwaita.h>
#include <cairo.h>

#include "jz-print-proof.h"
#include "jz-session.h"

G_BEGIN_DECLS

typedef enum
{
  JZ_PRINT_CERTIFICATE,   /* 暂住登记凭证; record: a registration */
  JZ_PRINT_NOTICE,        /* 一次性告知书; record: an application */
  JZ_PRINT_RECEIPT,       /* 受理回执; record: an accepted application */
  JZ_PRINT_PROOF,         /* 住宿证明 or 劳动关系证明: jz_print_doc_new_proof() */
} JzPrintKind;

typedef struct _JzPrintDoc JzPrintDoc;

/* Reads what the document shows; call on a worker thread. */
JzPrintDoc *jz_print_doc_gather      (JzSession    *session,
                                      JzPrintKind   kind,
                                      const char   *record_id,
                                      GError      **error);
/* A landlord's or employer's proof, with the values of
 * jz_proof_gather_values(); printing it records it (jz_proof_record_issued). */
JzPrintDoc *jz_print_doc_new_proof   (JzProofKind   proof,
                                      const char   *person_id,
                                      JsonObject   *values);
void        jz_print_doc_free        (JzPrintDoc   *doc);
const char *jz_print_doc_get_title   (JzPrintDoc   *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzPrintDoc, jz_print_doc_free)

/* Draw one page, @width × @height in points (A4 is 595 × 842). */
void        jz_print_draw_certificate (JzPrintDoc  *doc,
                                       cairo_t     *cr,
                                       double       width,
                                       double       height);
void        jz_print_draw_notice      (JzPrintDoc  *doc,
                                       cairo_t     *cr,
                                       double       width,
                                       double       height);
void        jz_print_draw_receipt     (JzPrintDoc  *doc,
                                       cairo_t     *cr,
                                       double       width,
                                       double       height);
/* The drawing function of the document's kind. */
void        jz_print_draw             (JzPrintDoc  *doc,
                                       cairo_t     *cr,
                                       double       width,
                                       double       height);

gboolean    jz_print_write_pdf        (JzPrintDoc  *doc,
                                       const char  *path,
                                       GError     **error);
gboolean    jz_print_write_png        (JzPrintDoc  *doc,
                                       const char  *path,
                                       double       scale,
                                       GError     **error);
/* Gathers, writes the PDF and audits the export; on a worker thread. */
gboolean    jz_print_export_pdf       (JzSession   *session,
                                       JzPrintKind  kind,
                                       const char  *record_id,
                                       const char  *path,
                                       GError     **error);

/* The buttons: a print dialog, or a save dialog then the PDF. Errors and
 * "saved" go to @toasts. jz_print_run_doc() prints a document already
 * gathered (it takes @doc); with @export_path, the print operation writes
 * that PDF instead of showing the dialog (GTK_PRINT_OPERATION_ACTION_EXPORT:
 * the same pages, as the tests drive it), and is audited as a print. */
void        jz_print_run_doc          (GtkWidget       *parent,
                                       AdwToastOverlay *toasts,
                                       JzSession       *session,
                                       JzPrintDoc      *doc,
                                       const char      *export_path);
void        jz_print_run_dialog       (GtkWidget       *parent,
                                       AdwToastOverlay *toasts,
                                       JzSession       *session,
                                       JzPrintKind      kind,
                                       const char      *record_id);
void        jz_print_save_pdf_dialog  (GtkWidget       *parent,
                                       AdwToastOverlay *toasts,
                                       JzSession       *session,
                                       JzPrintKind      kind,
                                       const char      *record_id);

G_END_DECLS
