/* jz-print-proof.h — the proofs a landlord or employer issues: 住宿证明, 劳动关系证明
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "jz-session.h"

G_BEGIN_DECLS

typedef enum
{
  JZ_PROOF_ACCOMMODATION,   /* 住宿证明, by a landlord: document accommodation_proof */
  JZ_PROOF_EMPLOYMENT,      /* 劳动关系证明, by an employer: document employer_letter */
} JzProofKind;

typedef struct
{
  JzProofKind  kind;
  char        *person_id;
  char        *place;       /* the address, or the employer's name */
  char        *from_date;   /* YYYY-MM-DD */
} JzProofRequest;

/* The document code the proof is recorded as. */
const char *jz_proof_document_code (JzProofKind  kind);
const char *jz_proof_title         (JzProofKind  kind);
/* The kind a role issues; FALSE for the other roles. */
gboolean    jz_proof_kind_for_role (const char  *role,
                                    JzProofKind *kind);

void        jz_proof_request_free  (JzProofRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzProofRequest, jz_proof_request_free)

/* Draws the proof on one A4 page (595 × 842 points). @values: name,
 * id_number, place, from_date, issuer, date. */
void        jz_print_draw_proof    (JzProofKind  kind,
                                    JsonObject  *values,
                                    cairo_t     *cr,
                                    double       width,
                                    double       height);

/* On a worker thread: what the proof shows, and the audit and material
 * once it is printed ("print") or saved ("export"). */
JsonObject *jz_proof_gather_values (JzSession             *session,
                                    const JzProofRequest  *request,
                                    GError               **error);
JsonObject *jz_proof_record_issued (JzSession             *session,
                                    JzProofKind            kind,
                                    const char            *person_id,
                                    JsonObject            *values,
                                    const char            *action,
                                    GError               **error);

/* On a worker thread: writes the PDF at @path, audits the export and, when
 * the person has an application, records the proof as its material (as a
 * PNG of the page). Returns what was done: {"path", "application_id"?}. */
JsonObject *jz_proof_export_pdf    (JzSession             *session,
                                    const JzProofRequest  *request,
                                    const char            *path,
                                    GError               **error);

/* jz-print-code.c: a paper's signed QR code, its lower right corner at
 * (@right, @bottom) in A4 points; without one, why, small. */
void        jz_print_draw_code     (cairo_t     *cr,
                                    const char  *code,
                                    const char  *problem,
                                    double       right,
                                    double       bottom);
char       *jz_print_sign          (JzSession   *session,
                                    JzPaperKind  kind,
                                    const char  *number,
                                    const char  *record,
                                    const char  *holder,
                                    const char  *id_number,
                                    char       **problem);

G_END_DECLS
