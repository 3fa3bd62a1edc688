/* jz-photo-assess.c — whether a photo can be read: blur and glare
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measured on every import (a file or the camera's frame) so that the
 * person taking it is told at once, while the document is still in front
 * of them, and can take it again (docs/app.md, "Photos a reviewer can
 * read"). Neither refuses a photo: a blurred page is better than none,
 * and the clerk decides.
 *
 * Sharpness is the variance of the Laplacian of the grey image brought to
 * 600 pixels on its long side, over the middle of the frame where the
 * document is. Text in focus has strong, narrow second differences;
 * blurred text has weak, wide ones. At 600 pixels a photo's size changes
 * the figure little, and a dim room's sensor noise (which a full-size
 * Laplacian takes for sharpness) is averaged away. The threshold was set
 * on the project's photo test set (docs/performance.md, "Photos a
 * reviewer can read"). A sharp photo of a nearly blank page has little
 * to measure and may be called blurred: it is a warning, not a refusal.
 *
 * Glare is the share of the middle of the frame the sensor clipped (254
 * and more): a lamp's reflection on a card's laminate or a glossy page, or
 * a photo over-exposed.
 */
#include "config.h"

#include <math.h>

#include "jz-photo-private.h"

#define ASSESS_SIDE 600

void
_jz_photo_assess (GdkPixbuf *pixbuf,
                  JzPhotoInfo *out)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  double scale = MIN (1.0, (double) ASSESS_SIDE / MAX (w, h));
  g_autoptr(GdkPixbuf) small = NULL;
  g_autofree float *grey = NULL;
  const guint8 *pixels;
  int sw, sh, stride, n, x0, x1, y0, y1;
  double sum = 0, sum2 = 0;
  gsize count = 0, clipped = 0, middle = 0;

  out->sharpness = 0;
  out->clipped = 0;
  out->blurred = FALSE;
  out->glare = FALSE;
  small = scale < 1 ? gdk_pixbuf_scale_simple (pixbuf, MAX (3, (int) (w * scale)), MAX (3, (int) (h * scale)),
                                               GDK_INTERP_BILINEAR)
                    : g_object_ref (pixbuf);
  if (small == NULL)
    return;
  sw = gdk_pixbuf_get_width (small);
  sh = gdk_pixbuf_get_height (small);
  stride = gdk_pixbuf_get_rowstride (small);
  n = gdk_pixbuf_get_n_channels (small);
  pixels = gdk_pixbuf_read_pixels (small);
  grey = g_new (float, (gsize) sw * sh);
  for (int y = 0; y < sh; y++)
    for (int x = 0; x < sw; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * n;

        grey[(gsize) y * sw + x] = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
      }

  /* the middle three fifths each way */
  x0 = MAX (1, sw / 5);
  x1 = MIN (sw - 1, sw - sw / 5);
  y0 = MAX (1, sh / 5);
  y1 = MIN (sh - 1, sh - sh / 5);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const float *g = grey + (gsize) y * sw + x;
        double lap = g[-1] + g[1] + g[-sw] + g[sw] - 4 * g[0];

        sum += lap;
        sum2 += lap * lap;
        count++;
      }
  /* the sensor's clipping, on the full image's middle */
  {
    int fw = gdk_pixbuf_get_width (pixbuf), fh = gdk_pixbuf_get_height (pixbuf);
    int fstride = gdk_pixbuf_get_rowstride (pixbuf), fn = gdk_pixbuf_get_n_channels (pixbuf);
    const guint8 *fp = gdk_pixbuf_read_pixels (pixbuf);

    for (int y = fh / 5; y < fh - fh / 5; y++)
      for (int x = fw / 5; x < fw - fw / 5; x++)
        {
          const guint8 *p = fp + (gsize) y * fstride + (gsize) x * fn;

          clipped += (77 * p[0] + 150 * p[1] + 29 * p[2]) >= 254 * 256;
          middle++;
        }
  }

  out->sharpness = count > 0 ? sum2 / count - (sum / count) * (sum / count) : 0;
  out->clipped = middle > 0 ? (double) clipped / middle : 0;
  out->blurred = count > 0 && out->sharpness < JZ_PHOTO_BLUR_THRESHOLD;
  out->glare = out->clipped > JZ_PHOTO_GLARE_THRESHOLD;
}
