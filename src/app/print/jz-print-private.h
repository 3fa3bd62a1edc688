/* jz-print-private.h — a printed document, as jz-print-doc.c gathers it
 * and jz-print.c draws it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "jz-print.h"

G_BEGIN_DECLS

struct _JzPrintDoc
{
  JzPrintKind  kind;
  char        *rtype;
  char        *record_id;
  char        *title;
  char        *office;
  char        *number;
  char        *name;
  GPtrArray   *labels;
  GPtrArray   *values;
  char        *body;
  char        *article;
  char        *date;
  JzProofKind  proof;          /* JZ_PRINT_PROOF */
  JsonObject  *proof_values;
  GdkPixbuf   *portrait;       /* the holder's, on their 凭证, or NULL */
  char        *code;           /* the signed code of its QR (docs/papers.md), or NULL */
  char        *code_problem;   /* why it has none */
};

/* jz-print-preview.c: the page shown in a window, drawn in memory */
GtkWindow *jz_print_preview_show  (JzPrintDoc      *doc,
                                   GtkWindow       *parent);
void       jz_print_preview_audit (JzSession       *session,
                                   JzPrintDoc      *doc,
                                   AdwToastOverlay *toasts);

G_END_DECLS
