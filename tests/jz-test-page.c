/* jz-test-page.c — a document drawn in millimetres (jz-test-page.h)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "jz-test-page.h"

static void
text_free (gpointer data)
{
  JzTestPhotoText *text = data;

  g_free (text->text);
  g_free (text);
}

void
jz_test_set_colour (cairo_t *cr,
                    guint32  rgb,
                    double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

/* @paper 0 for a transparent page (a card draws its own shape) */
void
jz_test_page_init (Page     *page,
                   double    width_mm,
                   double    height_mm,
                   double    px_per_mm,
                   guint32   paper)
{
  page->px_per_mm = px_per_mm;
  page->surface = cairo_image_surface_create (paper ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32,
                                              (int) ceil (width_mm * px_per_mm),
                                              (int) ceil (height_mm * px_per_mm));
  page->cr = cairo_create (page->surface);
  page->text = g_string_new (NULL);
  page->texts = g_ptr_array_new_with_free_func (text_free);
  cairo_scale (page->cr, px_per_mm, px_per_mm);
  if (paper != 0)
    {
      jz_test_set_colour (page->cr, paper, 1);
      cairo_paint (page->cr);
    }
}

void
jz_test_page_clear (Page *page)
{
  cairo_destroy (page->cr);
  cairo_surface_destroy (page->surface);
  g_string_free (page->text, TRUE);
  g_clear_pointer (&page->texts, g_ptr_array_unref);
}

PangoLayout *
jz_test_page_layout (Page       *page,
                     const char *family,
                     PangoWeight weight,
                     double      size_mm)
{
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  PangoFontDescription *desc = pango_font_description_new ();
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  /* user space is millimetres: sizes are given in it */
  pango_font_description_set_family (desc, family);
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_absolute_size (desc, size_mm * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  return layout;
}

/* A 10.5 pt (五号) line is 3.7 mm. */
double
jz_test_pt (double points)
{
  return points * 25.4 / 72;
}


/* Draws @text with its top left at (@x, @y) mm; returns its height. */
double
jz_test_page_draw_text (Page        *page,
                        double       x,
                        double       y,
                        const Style *style,
                        const char  *text)
{
  g_autoptr(PangoLayout) layout = jz_test_page_layout (page, style->family, style->weight, style->size_mm);
  int width, height;

  if (style->width_mm > 0)
    {
      pango_layout_set_width (layout, (int) (style->width_mm * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
      pango_layout_set_alignment (layout, style->align);
    }
  if (style->spacing > 0)
    pango_layout_set_line_spacing (layout, (float) style->spacing);
  if (style->letter_mm > 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (style->letter_mm * PANGO_SCALE)));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_text (layout, text, -1);

  jz_test_set_colour (page->cr, style->colour, 1);
  cairo_move_to (page->cr, x, y);
  pango_cairo_show_layout (page->cr, layout);
  pango_layout_get_size (layout, &width, &height);

  if (!style->unrecorded)
    {
      JzTestPhotoText *where = g_new0 (JzTestPhotoText, 1);
      PangoRectangle logical;

      pango_layout_get_extents (layout, NULL, &logical);
      where->text = g_strdup (text);
      where->x = x + (double) logical.x / PANGO_SCALE;
      where->y = y + (double) logical.y / PANGO_SCALE;
      where->width = (double) logical.width / PANGO_SCALE;
      where->height = (double) logical.height / PANGO_SCALE;
      where->lines = pango_layout_get_line_count (layout);
      g_ptr_array_add (page->texts, where);
      g_string_append (page->text, text);
      g_string_append_c (page->text, '\n');
    }

  return (double) height / PANGO_SCALE;
}

void
jz_test_draw_line (cairo_t *cr,
                   double   x0,
                   double   y0,
                   double   x1,
                   double   y1,
                   double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
}
