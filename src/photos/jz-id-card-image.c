/* jz-id-card-image.c — the grey images the ID card reader works on
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A photo made grey at the sizes it is read at, the glare told, a line cut
 * out upright, Otsu's threshold, the light of a glare taken off. No
 * Tesseract here: pixels only.
 */
#include "config.h"

#if JZ_HAVE_OCR

#include <math.h>

#include "jz-id-card-private.h"

/* The most _jz_id_card_unveil darkens by: ten times. Where a glare left
 * less of the card's darkness than a tenth, the sensor's noise would be
 * what is darkened, into blots. */
#define UNVEIL_MOST 10

void
_jz_id_card_grey_clear (Grey *grey)
{
  g_clear_pointer (&grey->data, g_free);
}

static void
grey_from_pixbuf (GdkPixbuf *pixbuf,
                  Grey      *out)
{
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  out->width = gdk_pixbuf_get_width (pixbuf);
  out->height = gdk_pixbuf_get_height (pixbuf);
  out->data = g_new (guint8, (gsize) out->width * out->height);
  for (int y = 0; y < out->height; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride;
      guint8 *q = out->data + (gsize) y * out->width;

      for (int x = 0; x < out->width; x++, p += n)
        q[x] = (guint8) ((77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8);
    }
}

/* A light's reflection, or a photo over-exposed: the sensor clipped (254
 * and more) over more than a thousandth of the middle of the frame, where
 * the card is when the clerk frames it (a card's background, the
 * brightest thing on it, is about 235 of 255 in good light; a scan's
 * white margins are at the edges). */
gboolean
_jz_id_card_has_glare (const Grey *grey)
{
  int x0 = grey->width / 5, x1 = grey->width - x0, y0 = grey->height / 5, y1 = grey->height - y0;
  gsize n = (gsize) (x1 - x0) * (y1 - y0), clipped = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      clipped += grey->data[(gsize) y * grey->width + x] >= 254;
  return n > 0 && clipped * 1000 > n;
}

/* The grey of @pixbuf with its long side @long_side (never enlarged); the
 * whole of it with @long_side 0. */
void
_jz_id_card_grey_at (GdkPixbuf *pixbuf,
                     int        long_side,
                     Grey      *out)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  double scale = (double) long_side / MAX (w, h);
  g_autoptr(GdkPixbuf) scaled = NULL;

  if (long_side <= 0 || scale >= 1)
    {
      grey_from_pixbuf (pixbuf, out);
      return;
    }
  scaled = gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) lround (w * scale)),
                                    MAX (1, (int) lround (h * scale)), GDK_INTERP_BILINEAR);
  grey_from_pixbuf (scaled, out);
}

/* The part of @grey between @u0 and @u1 along the line from (@x1, @y1) in
 * the direction (@ux, @uy), and between @v0 and @v1 across it (down),
 * upright, at @scale pixels a pixel, sampled bilinearly; white outside. */
guint8 *
_jz_id_card_cut_band (const Grey *grey,
                      double      x1,
                      double      y1,
                      double      ux,
                      double      uy,
                      double      u0,
                      double      u1,
                      double      v0,
                      double      v1,
                      double      scale,
                      int        *out_w,
                      int        *out_h)
{
  int w = MAX (1, (int) ((u1 - u0) * scale)), h = MAX (1, (int) ((v1 - v0) * scale));
  guint8 *band = g_new (guint8, (gsize) w * h);

  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        double u = u0 + i / scale, v = v0 + j / scale;
        double x = x1 + u * ux - v * uy, y = y1 + u * uy + v * ux;
        int x0 = (int) floor (x), y0 = (int) floor (y);
        double fx = x - x0, fy = y - y0, value = 255;

        if (x0 >= 0 && y0 >= 0 && x0 + 1 < grey->width && y0 + 1 < grey->height)
          {
            const guint8 *p = grey->data + (gsize) y0 * grey->width + x0;

            value = (p[0] * (1 - fx) + p[1] * fx) * (1 - fy) +
                    (p[grey->width] * (1 - fx) + p[grey->width + 1] * fx) * fy;
          }
        band[(gsize) j * w + i] = (guint8) CLAMP (value + 0.5, 0, 255);
      }
  *out_w = w;
  *out_h = h;

  return band;
}

/* Otsu's threshold of @n grey pixels. */
int
_jz_id_card_otsu (const guint8 *pixels,
                  gsize         n)
{
  guint64 hist[256] = { 0 };
  double sum = 0, sum_b = 0, best = -1;
  guint64 w_b = 0;
  int threshold = 128;

  for (gsize i = 0; i < n; i++)
    hist[pixels[i]]++;
  for (int i = 0; i < 256; i++)
    sum += (double) i * hist[i];
  for (int t = 0; t < 256; t++)
    {
      double m_b, m_f, between;

      w_b += hist[t];
      if (w_b == 0 || w_b == n)
        continue;
      sum_b += (double) t * hist[t];
      m_b = sum_b / w_b;
      m_f = (sum - sum_b) / (n - w_b);
      between = (double) w_b * (n - w_b) * (m_b - m_f) * (m_b - m_f);
      if (between > best)
        {
          best = between;
          threshold = t;
        }
    }
  return threshold;
}

/* The largest of @in over a window 2 @r + 1 pixels square, into @out:
 * across, then down. */
static void
max_filter (const guint8 *in,
            int           w,
            int           h,
            int           r,
            guint8       *out)
{
  g_autofree guint8 *across = g_new (guint8, (gsize) w * h);

  for (int y = 0; y < h; y++)
    {
      const guint8 *row = in + (gsize) y * w;

      for (int x = 0; x < w; x++)
        {
          guint8 m = 0;

          for (int i = MAX (0, x - r); i <= MIN (w - 1, x + r); i++)
            m = MAX (m, row[i]);
          across[(gsize) y * w + x] = m;
        }
    }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 m = 0;

        for (int j = MAX (0, y - r); j <= MIN (h - 1, y + r); j++)
          m = MAX (m, across[(gsize) j * w + x]);
        out[(gsize) y * w + x] = m;
      }
}

/* The mean of @pixels over a window 2 @r + 1 pixels square (less at the
 * edges), in place: running sums across, then down. */
static void
box_filter (guint8 *pixels,
            int     w,
            int     h,
            int     r)
{
  g_autofree guint32 *across = g_new (guint32, (gsize) w * h);

  for (int y = 0; y < h; y++)
    {
      const guint8 *row = pixels + (gsize) y * w;
      guint32 sum = 0;

      for (int i = 0; i < MIN (w, r); i++)
        sum += row[i];
      for (int x = 0; x < w; x++)
        {
          if (x + r < w)
            sum += row[x + r];
          if (x - r - 1 >= 0)
            sum -= row[x - r - 1];
          across[(gsize) y * w + x] = sum * 256 / (MIN (w - 1, x + r) - MAX (0, x - r) + 1);
        }
    }
  for (int x = 0; x < w; x++)
    {
      guint64 sum = 0;

      for (int j = 0; j < MIN (h, r); j++)
        sum += across[(gsize) j * w + x];
      for (int y = 0; y < h; y++)
        {
          if (y + r < h)
            sum += across[(gsize) (y + r) * w + x];
          if (y - r - 1 >= 0)
            sum -= across[(gsize) (y - r - 1) * w + x];
          pixels[(gsize) y * w + x] =
            (guint8) ((sum / (MIN (h - 1, y + r) - MAX (0, y - r) + 1) + 128) / 256);
        }
    }
}

/* A lamp's reflection on the laminate adds light, and the sensor's curve
 * squeezes what it lights towards white: the print under it keeps its
 * darkness only as a part of the card's around it. So each pixel's
 * darkness (255 less its value) is divided by the darkness of the card
 * around it, the lightest grey within @radius (less than a stroke's
 * length, more than its width), and multiplied by the darkness the card
 * has where the light is as usual (its median over the middle of the
 * image): the same image where nothing shone on it, the print under a
 * glare as dark again as elsewhere, a shadow lightened. Where the sensor
 * clipped there is nothing to divide: it stays about white. */
void
_jz_id_card_unveil (guint8 *pixels,
                    int     w,
                    int     h,
                    int     radius)
{
  gsize n = (gsize) w * h;
  g_autofree guint8 *smooth = g_memdup2 (pixels, n);
  g_autofree guint8 *smoother = NULL;
  g_autofree guint8 *card = g_new (guint8, n);
  guint64 hist[256] = { 0 }, total = 0, seen = 0;
  double usual = 0;

  box_filter (smooth, w, h, 1);
  smoother = g_memdup2 (pixels, n);
  box_filter (smoother, w, h, 2);
  max_filter (smoother, w, h, radius, card);
  box_filter (card, w, h, radius);

  for (int y = h / 5; y < h - h / 5; y++)
    for (int x = w / 5; x < w - w / 5; x++)
      hist[card[(gsize) y * w + x]]++, total++;
  for (int v = 0; v < 256; v++)
    if ((seen += hist[v]) * 2 >= total)
      {
        usual = 255 - v;
        break;
      }

  for (gsize i = 0; i < n; i++)
    {
      double around = MAX (255 - card[i], MAX (2, usual / UNVEIL_MOST));

      pixels[i] = (guint8) CLAMP (255 - usual * (255 - smooth[i]) / around + 0.5, 0, 255);
    }
}

#endif
