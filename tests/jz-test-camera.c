/* jz-test-camera.c — a phone photographing a flat document, simulated
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame is built in one pass (perspective, table, light), then blurred
 * and given noise in place, so a 12 MP frame costs about half a second and
 * one 36 MB buffer (plus the blur's row sums). Random numbers come from a
 * xorshift generator and Gaussian noise from a sum of four uniform bytes,
 * integer throughout: the same seed gives the same bytes on any machine.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>

#include "jz-test-camera.h"

typedef struct
{
  guint32 state;
} Rng;

static guint32
rng_next (Rng *rng)
{
  guint32 x = rng->state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  rng->state = x;

  return x;
}

/* Uniform in [lo, hi). */
static double
rng_range (Rng    *rng,
           double  lo,
           double  hi)
{
  return lo + (hi - lo) * (rng_next (rng) >> 8) / 16777216.0;
}

/* About N(0, 147.8²): four uniform bytes, centred. */
static int
rng_gauss (Rng *rng)
{
  guint32 r = rng_next (rng);

  return (int) ((r & 0xff) + ((r >> 8) & 0xff) + ((r >> 16) & 0xff) + (r >> 24)) - 510;
}

#define GAUSS_SIGMA 147.8

/* ---- Perspective -------------------------------------------------------- */

/* The homography taking each @from[i] to @to[i], as h[0..7] with h[8] = 1:
 * the 8 × 8 linear system solved by elimination with partial pivoting. */
static gboolean
solve_homography (const double from[4][2],
                  const double to[4][2],
                  double       h[9])
{
  double a[8][9];

  for (int i = 0; i < 4; i++)
    {
      double u = from[i][0], v = from[i][1], x = to[i][0], y = to[i][1];
      double r0[9] = { u, v, 1, 0, 0, 0, -u * x, -v * x, x };
      double r1[9] = { 0, 0, 0, u, v, 1, -u * y, -v * y, y };

      memcpy (a[2 * i], r0, sizeof r0);
      memcpy (a[2 * i + 1], r1, sizeof r1);
    }

  for (int c = 0; c < 8; c++)
    {
      int pivot = c;

      for (int r = c + 1; r < 8; r++)
        if (fabs (a[r][c]) > fabs (a[pivot][c]))
          pivot = r;
      if (fabs (a[pivot][c]) < 1e-12)
        return FALSE;
      if (pivot != c)
        {
          double tmp[9];

          memcpy (tmp, a[c], sizeof tmp);
          memcpy (a[c], a[pivot], sizeof tmp);
          memcpy (a[pivot], tmp, sizeof tmp);
        }
      for (int r = 0; r < 8; r++)
        {
          double f;

          if (r == c)
            continue;
          f = a[r][c] / a[c][c];
          for (int k = c; k < 9; k++)
            a[r][k] -= f * a[c][k];
        }
    }

  for (int i = 0; i < 8; i++)
    h[i] = a[i][8] / a[i][i];
  h[8] = 1;

  return TRUE;
}

/* Where the document's corners land in the frame: centred with a small
 * offset, scaled to @fill, the far edge narrower (the phone leans back),
 * turned by a few degrees, each corner nudged a little. */
static void
place_document (const JzTestCamera *camera,
                Rng                *rng,
                int                 doc_width,
                int                 doc_height,
                double              corners[4][2])
{
  double scale = MIN (camera->width * camera->fill / doc_width,
                      camera->height * camera->fill / doc_height);
  double hw = doc_width * scale / 2, hh = doc_height * scale / 2;
  double keystone = rng_range (rng, 0.02, 0.05);
  double degrees = rng_range (rng, 1.5, 3.0);
  double angle;
  double cx;
  double cy;
  double square[4][2];

  /* the same draws either way, so a seed's other choices stay */
  if (camera->max_tilt > 0)
    degrees = (degrees - 1.5) / 1.5 * camera->max_tilt;
  angle = degrees * (rng_next (rng) & 1 ? 1 : -1) * G_PI / 180;
  cx = camera->width / 2.0 + rng_range (rng, -0.02, 0.02) * camera->width;
  cy = camera->height / 2.0 + rng_range (rng, -0.02, 0.02) * camera->height;
  square[0][0] = -hw * (1 - keystone);
  square[0][1] = -hh;
  square[1][0] = hw * (1 - keystone);
  square[1][1] = -hh;
  square[2][0] = hw * (1 + keystone / 2);
  square[2][1] = hh;
  square[3][0] = -hw * (1 + keystone / 2);
  square[3][1] = hh;

  for (int i = 0; i < 4; i++)
    {
      double x = square[i][0], y = square[i][1];

      corners[i][0] = cx + x * cos (angle) - y * sin (angle) +
                      rng_range (rng, -0.003, 0.003) * camera->width;
      corners[i][1] = cy + x * sin (angle) + y * cos (angle) +
                      rng_range (rng, -0.003, 0.003) * camera->height;
    }
}

/* ---- The scene ---------------------------------------------------------- */

/* Per row and per column parts of everything smooth, so the inner loop only
 * adds and multiplies. */
typedef struct
{
  /* the table: a brownish wood with grain along the rows */
  float *table_row;
  float *table_col;
  /* light: vignette r² split into x and y terms, a linear gradient, a soft
   * shadow that is a product of two Gaussians */
  float *vignette_x;
  float *vignette_y;
  float *gradient_x;
  float *gradient_y;
  float *shadow_x;
  float *shadow_y;
  float  vignette;
  float  shadow;
  float  exposure;
  float  cast[3];
} Scene;

static void
scene_clear (Scene *scene)
{
  g_free (scene->table_row);
  g_free (scene->table_col);
  g_free (scene->vignette_x);
  g_free (scene->vignette_y);
  g_free (scene->gradient_x);
  g_free (scene->gradient_y);
  g_free (scene->shadow_x);
  g_free (scene->shadow_y);
}

static void
scene_init (Scene              *scene,
            const JzTestCamera *camera,
            Rng                *rng)
{
  int w = camera->width, h = camera->height;
  double grain_phase = rng_range (rng, 0, 2 * G_PI);
  double grain_period = rng_range (rng, 90, 160);
  double angle = rng_range (rng, 0, 2 * G_PI);
  double strength = rng_range (rng, 0.16, 0.26);
  /* the shadow of the phone or a hand, near one edge */
  double sx = rng_next (rng) & 1 ? rng_range (rng, 0.0, 0.2) : rng_range (rng, 0.8, 1.0);
  double sy = rng_range (rng, 0.2, 0.9);
  double sigma = rng_range (rng, 0.22, 0.32) * MAX (w, h);

  scene->table_row = g_new (float, h);
  scene->table_col = g_new (float, w);
  scene->vignette_x = g_new (float, w);
  scene->vignette_y = g_new (float, h);
  scene->gradient_x = g_new (float, w);
  scene->gradient_y = g_new (float, h);
  scene->shadow_x = g_new (float, w);
  scene->shadow_y = g_new (float, h);

  for (int y = 0; y < h; y++)
    {
      double t = (double) y / h;

      scene->table_row[y] = (float) (10 * sin (2 * G_PI * y / grain_period + grain_phase +
                                               3 * sin (2 * G_PI * t * 1.7)) +
                                     5 * sin (2 * G_PI * y / 23.0 + grain_phase));
      scene->vignette_y[y] = (float) (((y - h / 2.0) / (h / 2.0)) * ((y - h / 2.0) / (h / 2.0)) / 2);
      scene->gradient_y[y] = (float) (strength * sin (angle) * (y - h / 2.0) / h);
      scene->shadow_y[y] = (float) exp (-((y - sy * h) * (y - sy * h)) / (2 * sigma * sigma));
    }
  for (int x = 0; x < w; x++)
    {
      scene->table_col[x] = (float) (6 * sin (2 * G_PI * x / 1700.0 + grain_phase));
      scene->vignette_x[x] = (float) (((x - w / 2.0) / (w / 2.0)) * ((x - w / 2.0) / (w / 2.0)) / 2);
      scene->gradient_x[x] = (float) (strength * cos (angle) * (x - w / 2.0) / w);
      scene->shadow_x[x] = (float) exp (-((x - sx * w) * (x - sx * w)) / (2 * sigma * sigma));
    }

  scene->vignette = (float) rng_range (rng, 0.28, 0.40);
  scene->shadow = (float) rng_range (rng, 0.15, 0.28);
  scene->exposure = (float) (rng_range (rng, 0.96, 1.02) * camera->exposure);
  /* indoor light that the phone's white balance did not quite take out */
  scene->cast[0] = 1.0f;
  scene->cast[1] = (float) rng_range (rng, 0.95, 0.98);
  scene->cast[2] = (float) rng_range (rng, 0.86, 0.92);
}

/* Bilinear; the four channels of cairo's premultiplied ARGB (alpha 255
 * for RGB24): @rgba[3] is the coverage. */
static inline void
sample_document (const guint8 *doc,
                 int           stride,
                 int           doc_width,
                 int           doc_height,
                 gboolean      has_alpha,
                 double        x,
                 double        y,
                 float         rgba[4])
{
  int x0 = (int) floor (x), y0 = (int) floor (y);
  float fx = (float) (x - x0), fy = (float) (y - y0);
  int x1 = MIN (x0 + 1, doc_width - 1), y1 = MIN (y0 + 1, doc_height - 1);
  const guint32 *r0, *r1;
  guint32 p00, p01, p10, p11;

  x0 = CLAMP (x0, 0, doc_width - 1);
  y0 = CLAMP (y0, 0, doc_height - 1);
  x1 = MAX (x1, 0);
  y1 = MAX (y1, 0);
  r0 = (const guint32 *) (doc + (gsize) y0 * stride);
  r1 = (const guint32 *) (doc + (gsize) y1 * stride);
  p00 = r0[x0];
  p01 = r0[x1];
  p10 = r1[x0];
  p11 = r1[x1];
  if (!has_alpha)
    {
      p00 |= 0xff000000u;
      p01 |= 0xff000000u;
      p10 |= 0xff000000u;
      p11 |= 0xff000000u;
    }

  for (int c = 0; c < 4; c++)
    {
      int shift = c == 3 ? 24 : 16 - 8 * c;
      float a = (float) ((p00 >> shift) & 0xff), b = (float) ((p01 >> shift) & 0xff);
      float d = (float) ((p10 >> shift) & 0xff), e = (float) ((p11 >> shift) & 0xff);

      rgba[c] = (a + (b - a) * fx) * (1 - fy) + (d + (e - d) * fx) * fy;
    }
  rgba[3] /= 255;
}

/* The frame as light reaches the lens: the document through @h (frame to
 * document coordinates), the table around it with the document's shadow on
 * it, all under the scene's light. */
static void
render_scene (const JzTestCamera *camera,
              const Scene        *scene,
              const double        h[9],
              cairo_surface_t    *document,
              guint8             *frame)
{
  int w = camera->width;
  const guint8 *doc = cairo_image_surface_get_data (document);
  int stride = cairo_image_surface_get_stride (document);
  int dw = cairo_image_surface_get_width (document);
  int dh = cairo_image_surface_get_height (document);
  gboolean has_alpha = cairo_image_surface_get_format (document) == CAIRO_FORMAT_ARGB32;
  static const float table[3] = { 128, 96, 68 };

  for (int v = 0; v < camera->height; v++)
    {
      guint8 *out = frame + (gsize) v * w * 3;
      double vc = v + 0.5;

      for (int u = 0; u < w; u++, out += 3)
        {
          double uc = u + 0.5;
          double inv = 1 / (h[6] * uc + h[7] * vc + h[8]);
          double x = (h[0] * uc + h[1] * vc + h[2]) * inv - 0.5;
          double y = (h[3] * uc + h[4] * vc + h[5]) * inv - 0.5;
          /* distance inside the document's edge, in its pixels (about the
           * frame's): coverage for anti-aliasing, shadow outside */
          double edge = MIN (MIN (x + 0.5, dw - 0.5 - x), MIN (y + 0.5, dh - 0.5 - y));
          float light = (1 - scene->vignette * (scene->vignette_x[u] + scene->vignette_y[v])) *
                        (1 + scene->gradient_x[u] + scene->gradient_y[v]) *
                        (1 - scene->shadow * scene->shadow_x[u] * scene->shadow_y[v]) *
                        scene->exposure;
          float paper[4] = { 0, 0, 0, 0 };
          float cover = (float) CLAMP (edge + 0.5, 0.0, 1.0);
          float wood = scene->table_row[v] + scene->table_col[u];
          /* a page's edge casts a thin shadow; a card lies flat */
          float dark = !has_alpha && edge < 0 && edge > -14 ? (float) (0.55 + 0.45 * (-edge / 14)) : 1.0f;

          if (cover > 0)
            sample_document (doc, stride, dw, dh, has_alpha, x, y, paper);

          for (int c = 0; c < 3; c++)
            {
              float bg = (table[c] + wood * (1 - 0.25f * c)) * (edge < 0 ? dark : 1);
              float value = (paper[c] * cover + bg * (1 - paper[3] * cover)) * light * scene->cast[c];

              out[c] = (guint8) CLAMP (value + 0.5f, 0, 255);
            }
        }
    }
}

/* ---- Lens and sensor ---------------------------------------------------- */

/* A lamp's reflection on a laminated card: an elliptical patch, somewhere
 * over the document, that washes towards white (the sensor clips at its
 * centre for a strong one). Its own random numbers, so the rest of a
 * seed's photo is the same with or without it. */
static void
add_glare (guint8             *frame,
           const JzTestCamera *camera,
           const double        corners[4][2])
{
  Rng rng = { camera->seed * 747796405u + 2891336453u };
  double t, s, cx, cy, rx, ry, tilt, cos_t, sin_t, reach;
  int w = camera->width, h = camera->height;

  if (rng.state == 0)
    rng.state = 1;
  t = rng_range (&rng, 0.15, 0.85);
  s = rng_range (&rng, 0.15, 0.85);
  /* a point inside the quadrilateral, by its corners' bilinear blend */
  cx = (1 - s) * ((1 - t) * corners[0][0] + t * corners[1][0]) + s * ((1 - t) * corners[3][0] + t * corners[2][0]);
  cy = (1 - s) * ((1 - t) * corners[0][1] + t * corners[1][1]) + s * ((1 - t) * corners[3][1] + t * corners[2][1]);
  rx = rng_range (&rng, 0.06, 0.14) * w;
  ry = rx * rng_range (&rng, 0.3, 0.7);
  tilt = rng_range (&rng, 0, G_PI);
  cos_t = cos (tilt);
  sin_t = sin (tilt);
  reach = 3 * rx;

  for (int v = MAX (0, (int) (cy - reach)); v < MIN (h, (int) (cy + reach)); v++)
    for (int u = MAX (0, (int) (cx - reach)); u < MIN (w, (int) (cx + reach)); u++)
      {
        double dx = u - cx, dy = v - cy;
        double a = (dx * cos_t + dy * sin_t) / rx;
        double b = (-dx * sin_t + dy * cos_t) / ry;
        double r2 = a * a + b * b;
        double g;
        guint8 *p;

        if (r2 > 9)
          continue;
        g = MIN (1.0, camera->glare * 1.6 * exp (-r2));
        p = frame + ((gsize) v * w + u) * 3;
        for (int c = 0; c < 3; c++)
          p[c] = (guint8) (p[c] + (255 - p[c]) * g + 0.5);
      }
}

/* The binomial kernel 1 4 6 4 1 / 16 across and down: a Gaussian of σ = 1
 * pixel, what a phone's lens and demosaicing leave of a sharp edge. The
 * rows' horizontal sums are kept for the five rows the vertical pass
 * needs, not for the whole frame. */
static void
blur_row (const guint8 *in,
          int           width,
          guint16      *out)
{
  int n = width * 3;
  /* the two pixels at each end, whose taps past the edge repeat it */
  const int ends[4] = { 0, 1, MAX (width - 2, 2), width - 1 };

  for (int i = 6; i < n - 6; i++)
    out[i] = (guint16) (in[i - 6] + 4 * in[i - 3] + 6 * in[i] + 4 * in[i + 3] + in[i + 6]);

  for (int k = 0; k < 4; k++)
    for (int c = 0; c < 3; c++)
      {
        int x = ends[k];
        int m2 = MAX (x - 2, 0) * 3 + c, m1 = MAX (x - 1, 0) * 3 + c;
        int p1 = MIN (x + 1, width - 1) * 3 + c, p2 = MIN (x + 2, width - 1) * 3 + c;

        out[x * 3 + c] = (guint16) (in[m2] + 4 * in[m1] + 6 * in[x * 3 + c] + 4 * in[p1] + in[p2]);
      }
}

static void
blur (guint8 *frame,
      int     width,
      int     height)
{
  gsize row = (gsize) width * 3;
  g_autofree guint16 *ring = g_new (guint16, row * 5);
  guint16 *sums[5];

  /* ring[k] holds the sums of row y + k − 2 once the loop reaches y; rows
   * y − 2 and y − 1 are overwritten only after y is written, which is why
   * the sums, not the frame, are kept */
  for (int k = 0; k < 5; k++)
    sums[k] = ring + row * k;
  for (int k = 0; k < 5; k++)
    blur_row (frame + row * (gsize) CLAMP (k - 2, 0, height - 1), width, sums[k]);

  for (int y = 0; y < height; y++)
    {
      guint8 *out = frame + (gsize) y * row;
      guint16 *next;

      for (gsize i = 0; i < row; i++)
        out[i] = (guint8) ((sums[0][i] + 4 * sums[1][i] + 6 * sums[2][i] + 4 * sums[3][i] +
                            sums[4][i] + 128) >> 8);

      /* shift the window down one row: the row y + 3 comes in */
      next = sums[0];
      memmove (sums, sums + 1, 4 * sizeof *sums);
      sums[4] = next;
      blur_row (frame + row * (gsize) MIN (y + 3, height - 1), width, sums[4]);
    }
}

/* Shot noise (its variance grows with the light) plus read noise, the same
 * in the three channels, and a weaker noise in each channel alone: a
 * phone's processing takes out more of the colour noise than of the
 * brightness noise. @strength scales both, as a higher ISO does. The
 * colour noise is uniform (one random byte a channel): cheaper, and at
 * its size no one sees the difference. */
static void
add_noise (guint8 *frame,
           gsize   n_pixels,
           double  strength,
           Rng    *rng)
{
  int luma_scale[256];
  /* a byte less 127.5 has σ = 73.9 */
  const int chroma_scale = (int) (1.1 * strength / 73.9 * 65536);

  for (int v = 0; v < 256; v++)
    luma_scale[v] = (int) (strength * sqrt (1.5 + 0.035 * v) / GAUSS_SIGMA * 65536);

  for (gsize i = 0; i < n_pixels; i++)
    {
      guint8 *p = frame + i * 3;
      int luma = (77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8;
      int shared = rng_gauss (rng) * luma_scale[luma];
      guint32 colour = rng_next (rng);

      for (int c = 0; c < 3; c++)
        {
          int n = shared + (((int) ((colour >> (8 * c)) & 0xff) * 2 - 255) * chroma_scale) / 2;
          /* rounded division, the same for either sign */
          int value = p[c] + (n >= 0 ? (n + 32768) >> 16 : -((-n + 32768) >> 16));

          p[c] = (guint8) CLAMP (value, 0, 255);
        }
    }
}

/* The phone's sharpening: @amount of the difference from a blurred copy
 * added back, which also raises the noise. */
static void
sharpen (guint8 *frame,
         int     width,
         int     height,
         double  amount)
{
  gsize n = (gsize) width * height * 3;
  g_autofree guint8 *blurred = g_memdup2 (frame, n);
  int a = (int) (amount * 256);

  blur (blurred, width, height);
  for (gsize i = 0; i < n; i++)
    {
      int x = a * (frame[i] - blurred[i]);
      int value = frame[i] + (x >= 0 ? (x + 128) >> 8 : -((-x + 128) >> 8));

      frame[i] = (guint8) CLAMP (value, 0, 255);
    }
}

/* ---- The phone's JPEG --------------------------------------------------- */

static GBytes *
encode (const JzTestCamera *camera,
        const guint8       *frame)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  int w = camera->width, h = camera->height;
  g_autofree guint8 *line = g_new (guint8, (gsize) MAX (w, h) * 3);
  /* "Exif", a big-endian TIFF header, IFD0 with one entry: Orientation
   * (0x0112, SHORT, 1) = 6, and no next IFD */
  static const guint8 exif[] = {
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0, 42, 0, 0, 0, 8,
    0, 1,
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,
    0, 0, 0, 0,
  };
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  /* Orientation 6: the stored rows are the upright photo's columns, right
   * to left; a viewer turns them a quarter clockwise */
  cinfo.image_width = camera->exif_rotated ? h : w;
  cinfo.image_height = camera->exif_rotated ? w : h;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, camera->quality, TRUE);
  if (camera->exif_rotated)
    cinfo.write_JFIF_header = FALSE;
  jpeg_start_compress (&cinfo, TRUE);
  if (camera->exif_rotated)
    jpeg_write_marker (&cinfo, JPEG_APP0 + 1, exif, sizeof exif);

  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row;

      if (camera->exif_rotated)
        {
          int x = w - 1 - (int) cinfo.next_scanline;

          for (int y = 0; y < h; y++)
            memcpy (line + y * 3, frame + ((gsize) y * w + x) * 3, 3);
          row = line;
        }
      else
        row = (JSAMPROW) frame + (gsize) cinfo.next_scanline * w * 3;
      jpeg_write_scanlines (&cinfo, &row, 1);
    }

  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  bytes = g_bytes_new (buffer, size);
  free (buffer);

  return bytes;
}

GBytes *
jz_test_camera_shoot (const JzTestCamera *camera,
                      cairo_surface_t    *document,
                      double              to_frame[9])
{
  Rng rng = { camera->seed * 2654435761u + 0x9e3779b9u };
  int dw = cairo_image_surface_get_width (document);
  int dh = cairo_image_surface_get_height (document);
  const double doc_corners[4][2] = { { 0, 0 }, { dw, 0 }, { dw, dh }, { 0, dh } };
  double frame_corners[4][2];
  double h[9];
  g_autofree guint8 *frame = NULL;
  Scene scene = { 0 };

  g_return_val_if_fail (cairo_image_surface_get_format (document) == CAIRO_FORMAT_RGB24 ||
                        cairo_image_surface_get_format (document) == CAIRO_FORMAT_ARGB32, NULL);

  if (rng.state == 0)
    rng.state = 1;
  for (int i = 0; i < 8; i++)
    rng_next (&rng);

  place_document (camera, &rng, dw, dh, frame_corners);
  /* four corners of a convex quadrilateral: never singular */
  if (!solve_homography (frame_corners, doc_corners, h) ||
      !solve_homography (doc_corners, frame_corners, to_frame))
    g_return_val_if_reached (NULL);
  scene_init (&scene, camera, &rng);

  cairo_surface_flush (document);
  frame = g_new (guint8, (gsize) camera->width * camera->height * 3);
  render_scene (camera, &scene, h, document, frame);
  scene_clear (&scene);
  if (camera->glare > 0)
    add_glare (frame, camera, frame_corners);
  for (int i = 0; i <= camera->blur; i++)
    blur (frame, camera->width, camera->height);
  add_noise (frame, (gsize) camera->width * camera->height, camera->noise, &rng);
  if (camera->sharpen > 0)
    sharpen (frame, camera->width, camera->height, camera->sharpen);

  return encode (camera, frame);
}
