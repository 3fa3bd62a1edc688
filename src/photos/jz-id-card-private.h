/* jz-id-card-private.h — what the ID card reader's files share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-id-card-reader.c: the reader, Tesseract, the name;
 * jz-id-card-number.c: the number;
 * jz-id-card-image.c: the grey images they read.
 */
#pragma once

#include "jz-id-card-reader.h"

#if JZ_HAVE_OCR
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <tesseract/capi.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 *data;
  int     width;
  int     height;
} Grey;

/* A line the sparse pass found: its digits, its baseline and its height,
 * in the pixels of the image read, and its characters' boxes (left, top,
 * right, bottom: four ints each) when known. */
typedef struct
{
  char   *digits;
  double  x1, y1, x2, y2;
  double  height;
  GArray *boxes;
} Fragment;

void      _jz_id_card_fragment_free (gpointer          data);

/* The grey of @pixbuf with its long side @long_side (never enlarged); the
 * whole of it with @long_side 0. */
void      _jz_id_card_grey_at       (GdkPixbuf        *pixbuf,
                                     int               long_side,
                                     Grey             *out);
void      _jz_id_card_grey_clear    (Grey             *grey);
/* Whether part of the middle of the frame is clipped white. */
gboolean  _jz_id_card_has_glare     (const Grey       *grey);

/* Tesseract's recognition of what was set, cancellable; FALSE when it
 * failed or was cancelled. */
gboolean  _jz_id_card_recognize     (TessBaseAPI      *api,
                                     GCancellable     *cancellable);
/* The part of @grey between @u0 and @u1 along the line from (@x1, @y1) in
 * the direction (@ux, @uy), and between @v0 and @v1 across it (down),
 * upright, at @scale pixels a pixel, sampled bilinearly; white outside. */
guint8   *_jz_id_card_cut_band      (const Grey       *grey,
                                     double            x1,
                                     double            y1,
                                     double            ux,
                                     double            uy,
                                     double            u0,
                                     double            u1,
                                     double            v0,
                                     double            v1,
                                     double            scale,
                                     int              *out_w,
                                     int              *out_h);
/* @pixels with the light of a reflection (or a shadow) taken off, as if
 * the card were lit evenly; @radius in pixels, about half a stroke's
 * length. */
void      _jz_id_card_unveil        (guint8           *pixels,
                                     int               w,
                                     int               h,
                                     int               radius);
/* Otsu's threshold of @n grey pixels. */
int       _jz_id_card_otsu          (const guint8     *pixels,
                                     gsize             n);
/* One pass of @api (English, digits and X): the lines found in @lines
 * (@grey, or the same pixels made otherwise), read again off @grey; TRUE
 * when a number GB 11643 accepts was found: into @number, where it lies
 * into @where (in @grey's pixels; its digits a reading that holds the
 * number). */
gboolean  _jz_id_card_read_number   (TessBaseAPI      *api,
                                     const Grey       *grey,
                                     const Grey       *lines,
                                     const GDate      *today,
                                     GCancellable     *cancellable,
                                     char              number[19],
                                     Fragment         *where,
                                     JzIdCardReading  *reading);

G_END_DECLS

#endif
