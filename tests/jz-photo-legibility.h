/* jz-photo-legibility.h — how well a normalised photo still reads
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures for tests/test-photo*.c and bench/bench-photo-set.c:
 * - OCR accuracy: every text the test set printed (a line, a paragraph, a
 *   table cell) is cut out of the photo, straightened with the geometry
 *   the camera simulation knows, and read by Tesseract (Debian's
 *   tesseract-ocr and tesseract-ocr-chi-sim) as a line or a block; then
 *   1 − (edit distance / characters printed), summed over the texts, over
 *   letters and digits only (Hanzi, Latin, digits, after NFKC, so a
 *   full-width digit is a digit). Reading each text alone measures the
 *   characters, not Tesseract's layout analysis, which on a whole page
 *   drops or reorders a table's cells differently at each pixel's change
 *   (tried: whole-page figures jumped by 15 points between two qualities
 *   of the same form). Spaces and punctuation, which OCR renders
 *   inconsistently whatever the picture, do not count.
 * - SSIM of the luminance against a reference of the same size, in 8 × 8
 *   blocks: how much of the picture's structure the JPEG kept.
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "jz-photo-test-set.h"

G_BEGIN_DECLS

/* Whether tesseract with its chi_sim data is installed; if not, why. */
gboolean   jz_legibility_ocr_found      (char             **why);
/* The OCR accuracy of @pixbuf, a picture of @photo as seen (upright, at
 * any size), in [0, 1]; -1 with @error set if Tesseract failed. Two
 * Tesseract runs (lines, then paragraphs), single-threaded. With JUZHU_OCR_KEEP set in the
 * environment, the cut-outs are kept (their folder is said on stderr),
 * and each text misread is shown there with what was read. */
double     jz_legibility_ocr_accuracy   (GdkPixbuf         *pixbuf,
                                         const JzTestPhoto *photo,
                                         GError           **error);
/* Edit distance between the letters and digits of @printed and @read;
 * @letters gets how many @printed has. */
guint      jz_legibility_edit_distance  (const char        *printed,
                                         const char        *read,
                                         guint             *letters);
double     jz_legibility_ssim           (GdkPixbuf         *a,
                                         GdkPixbuf         *b);

/* @jpeg decoded as the photo store decodes an import: upright, its long
 * side at most @long_side (libjpeg's scaling), RGB. */
GdkPixbuf *jz_legibility_decode         (GBytes            *jpeg,
                                         int                long_side);

G_END_DECLS
