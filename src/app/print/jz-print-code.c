/* jz-print-code.c — the signed QR code in a printed paper's corner
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 80 points (28 mm) square with its quiet zone, in the page's lower right
 * corner, beside the office stamp: at error correction M a code of about
 * 420 characters has 69 modules, 0.35 mm each, which a phone reads from
 * a whole A4 sheet photographed at 12 megapixels, or from closer.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "jz-date.h"
#include "jz-print-private.h"
#include "jz-qr.h"

#define CODE_SIDE 80.0
#define QUIET     4       /* modules of white around, as ISO 18004 asks */

static void
caption (cairo_t    *cr,
         const char *text,
         double      right,
         double      top,
         double      width,
         double      size,
         double      grey)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Noto Sans CJK SC");
  PangoContext *context = pango_layout_get_context (layout);

  pango_cairo_context_set_resolution (context, 72.0);
  pango_layout_context_changed (layout);
  pango_font_description_set_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (layout, text, -1);
  cairo_save (cr);
  cairo_set_source_rgb (cr, grey, grey, grey);
  cairo_move_to (cr, right - width, top);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/**
 * jz_print_draw_code:
 * @code: (nullable): the paper's signed code
 * @problem: (nullable): why it has none
 *
 * Draws the code's QR with its lower right corner at (@right, @bottom),
 * in A4 points, and "Scan to verify" under it; without a code, @problem
 * small and grey in its place.
 */
void
jz_print_draw_code (cairo_t    *cr,
                    const char *code,
                    const char *problem,
                    double      right,
                    double      bottom)
{
  g_autoptr(GBytes) modules = NULL;
  const guint8 *m;
  double unit, x0, y0;
  guint size = 0;

  if (code != NULL)
    modules = jz_qr_encode (code, &size, NULL);
  if (modules == NULL)
    {
      if (code != NULL)
        problem = _("not signed: the code could not be drawn");
      if (problem != NULL)
        caption (cr, problem, right, bottom - 20, 220, 7, 0.45);
      return;
    }

  m = g_bytes_get_data (modules, NULL);
  unit = CODE_SIDE / (size + 2 * QUIET);
  x0 = right - CODE_SIDE;
  y0 = bottom - CODE_SIDE - 12;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x0, y0, CODE_SIDE, CODE_SIDE);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  /* one rectangle for each run of dark modules in a row */
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        guint run = 0;

        while (x + run < size && m[y * size + x + run])
          run++;
        if (run > 0)
          {
            cairo_rectangle (cr, x0 + (QUIET + x) * unit, y0 + (QUIET + y) * unit, run * unit, unit);
            x += run - 1;
          }
      }
  cairo_fill (cr);
  cairo_restore (cr);
  caption (cr, _("Scan to verify"), right - QUIET * unit, bottom - 12, CODE_SIDE, 7, 0.3);
}

/**
 * jz_print_sign:
 * @problem: (out): why there is no code, when there is none
 *
 * On a worker thread: the paper's signed code, dated the day it is
 * printed (the station's certificate must cover it), or %NULL and why not
 * (a build without QR codes, a device whose key is not certified yet).
 */
char *
jz_print_sign (JzSession    *session,
               JzPaperKind   kind,
               const char   *number,
               const char   *record,
               const char   *holder,
               const char   *id_number,
               char        **problem)
{
  g_autoptr(GError) error = NULL;
  GDate day;
  char *code;

  *problem = NULL;
  if (!jz_qr_available (NULL))
    return NULL;
  /* China Standard Time, as the certificate's days and the revocations
   * (JUZHU_TODAY still overrides, for tests) */
  if (!jz_date_resolve_today (NULL, &day, NULL))
    jz_session_get_today (session, &day);
  code = jz_registry_paper_code (jz_session_get_registry (session), kind, number, record, holder, id_number,
                                 &day, &error);
  if (code == NULL)
    *problem = g_strdup (error->message);
  return code;
}
