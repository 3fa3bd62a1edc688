/* jz-test-page.h — a document drawn in millimetres, for the photo test sets
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What jz-photo-test-set.c and jz-test-id-card.c share: a cairo image
 * surface in millimetres at the scale the document has in the photo, and
 * text drawn on it in Noto CJK with hinting off, each line drawn also
 * recorded (its text and where it is) for OCR to be compared with.
 */
#pragma once

#include <pango/pangocairo.h>

#include "jz-photo-test-set.h"

G_BEGIN_DECLS

#define SANS  "Noto Sans CJK SC"
#define SERIF "Noto Serif CJK SC"

#define INK        0x202020
#define BLUE_INK   0x1c3a8c
#define SEAL_RED   0xc8282a
#define LABEL_BLUE 0x3c6ea0

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  double           px_per_mm;
  GString         *text;
  GPtrArray       *texts;
} Page;

typedef struct
{
  const char    *family;
  PangoWeight    weight;
  double         size_mm;
  guint32        colour;
  double         width_mm;   /* 0: one line, no wrapping */
  PangoAlignment align;
  double         spacing;    /* line spacing factor; 0 for the font's */
  double         letter_mm;  /* extra space between letters */
  gboolean       unrecorded; /* not part of the page's text (a watermark) */
} Style;

/* @paper 0 for a transparent page (a card draws its own shape) */
void         jz_test_page_init      (Page        *page,
                                     double       width_mm,
                                     double       height_mm,
                                     double       px_per_mm,
                                     guint32      paper);
void         jz_test_page_clear     (Page        *page);
PangoLayout *jz_test_page_layout    (Page        *page,
                                     const char  *family,
                                     PangoWeight  weight,
                                     double       size_mm);
/* Draws @text with its top left at (@x, @y) mm; returns its height. */
double       jz_test_page_draw_text (Page        *page,
                                     double       x,
                                     double       y,
                                     const Style *style,
                                     const char  *text);
void         jz_test_set_colour     (cairo_t     *cr,
                                     guint32      rgb,
                                     double       alpha);
void         jz_test_draw_line      (cairo_t     *cr,
                                     double       x0,
                                     double       y0,
                                     double       x1,
                                     double       y1,
                                     double       width);
/* A 10.5 pt (五号) line is 3.7 mm. */
double       jz_test_pt             (double       points);

G_END_DECLS
