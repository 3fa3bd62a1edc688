/* jz-photo-legibility.c — how well a normalised photo still reads
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "jz-photo-legibility.h"

gboolean
jz_legibility_ocr_found (char **why)
{
  g_autofree char *tesseract = g_find_program_in_path ("tesseract");
  g_autofree char *langs = NULL;
  g_autofree char *langs_err = NULL;
  const char *argv[] = { "tesseract", "--list-langs", NULL };
  int status = 0;

  if (tesseract == NULL)
    {
      if (why != NULL)
        *why = g_strdup ("tesseract is not installed (Debian: tesseract-ocr)");
      return FALSE;
    }
  /* Tesseract 4 lists the languages on stderr, 5 on stdout */
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &langs, &langs_err, &status, NULL) ||
      (strstr (langs, "chi_sim") == NULL && strstr (langs_err, "chi_sim") == NULL))
    {
      if (why != NULL)
        *why = g_strdup ("tesseract has no chi_sim data (Debian: tesseract-ocr-chi-sim)");
      return FALSE;
    }

  return TRUE;
}

/* Letters and digits, NFKC-normalised, as code points. */
static GArray *
letters (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gunichar));

  for (const char *p = normal; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_array_append_val (out, c);
    }

  return out;
}

guint
jz_legibility_edit_distance (const char *printed,
                             const char *read,
                             guint      *n_letters)
{
  g_autoptr(GArray) a = letters (printed);
  g_autoptr(GArray) b = letters (read);
  const gunichar *x = (const gunichar *) a->data, *y = (const gunichar *) b->data;
  g_autofree guint *prev = g_new (guint, b->len + 1);
  g_autofree guint *cur = g_new (guint, b->len + 1);

  *n_letters = a->len;

  /* Levenshtein, two rows */
  for (guint j = 0; j <= b->len; j++)
    prev[j] = j;
  for (guint i = 1; i <= a->len; i++)
    {
      cur[0] = i;
      for (guint j = 1; j <= b->len; j++)
        {
          guint best = MIN (prev[j], cur[j - 1]) + 1;

          cur[j] = MIN (best, prev[j - 1] + (x[i - 1] != y[j - 1]));
        }
      memcpy (prev, cur, (b->len + 1) * sizeof *prev);
    }

  return prev[b->len];
}

/* ---- Cutting the texts out --------------------------------------------- */

/* Around a text's logical rectangle: paper, not the next line. */
#define MARGIN_MM 0.5

static void
to_picture (const JzTestPhoto *photo,
            double             scale,
            double             x,
            double             y,
            double            *u,
            double            *v)
{
  const double *h = photo->to_photo;
  double w = h[6] * x + h[7] * y + h[8];

  *u = (h[0] * x + h[1] * y + h[2]) / w * scale;
  *v = (h[3] * x + h[4] * y + h[5]) / w * scale;
}

static void
sample (GdkPixbuf *pixbuf,
        double     u,
        double     v,
        guint8    *out)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  double fu = u - 0.5, fv = v - 0.5;
  int x0 = CLAMP ((int) floor (fu), 0, width - 1), y0 = CLAMP ((int) floor (fv), 0, height - 1);
  int x1 = MIN (x0 + 1, width - 1), y1 = MIN (y0 + 1, height - 1);
  double ax = CLAMP (fu - x0, 0, 1), ay = CLAMP (fv - y0, 0, 1);

  for (int c = 0; c < 3; c++)
    {
      double top = pixels[(gsize) y0 * stride + x0 * channels + c] * (1 - ax) +
                   pixels[(gsize) y0 * stride + x1 * channels + c] * ax;
      double bottom = pixels[(gsize) y1 * stride + x0 * channels + c] * (1 - ax) +
                      pixels[(gsize) y1 * stride + x1 * channels + c] * ax;

      out[c] = (guint8) CLAMP (top * (1 - ay) + bottom * ay + 0.5, 0, 255);
    }
}

/* @text's rectangle of @pixbuf, straightened: bilinear through the photo's
 * homography, at the picture's own scale (a pixel of the cut-out is about
 * a pixel of @pixbuf). */
static GdkPixbuf *
cut_out (GdkPixbuf             *pixbuf,
         const JzTestPhoto     *photo,
         const JzTestPhotoText *text)
{
  double scale = (double) gdk_pixbuf_get_width (pixbuf) / photo->width;
  double x0 = text->x - MARGIN_MM, y0 = text->y - MARGIN_MM;
  double w_mm = text->width + 2 * MARGIN_MM, h_mm = text->height + 2 * MARGIN_MM;
  double tl[2], tr[2], bl[2];
  int w, h, stride;
  GdkPixbuf *out;
  guint8 *pixels;

  to_picture (photo, scale, x0, y0, &tl[0], &tl[1]);
  to_picture (photo, scale, x0 + w_mm, y0, &tr[0], &tr[1]);
  to_picture (photo, scale, x0, y0 + h_mm, &bl[0], &bl[1]);
  w = MAX (8, (int) (hypot (tr[0] - tl[0], tr[1] - tl[1]) + 0.5));
  h = MAX (8, (int) (hypot (bl[0] - tl[0], bl[1] - tl[1]) + 0.5));

  out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  stride = gdk_pixbuf_get_rowstride (out);
  pixels = gdk_pixbuf_get_pixels (out);
  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++)
      {
        double u, v;

        to_picture (photo, scale, x0 + (i + 0.5) * w_mm / w, y0 + (j + 0.5) * h_mm / h, &u, &v);
        sample (pixbuf, u, v, pixels + (gsize) j * stride + i * 3);
      }

  return out;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* Reads the cut-outs of @photo's texts of one line (@one_line) or of
 * several, in one Tesseract run: 7 takes each image as a line, 6 as a
 * block (a line alone read as a block loses short labels). Adds to
 * @distance and @printed. */
static gboolean
read_texts (GdkPixbuf         *pixbuf,
            const JzTestPhoto *photo,
            gboolean           one_line,
            guint             *distance,
            guint             *printed,
            GError           **error)
{
  g_autofree char *dir = g_dir_make_tmp ("juzhu-ocr-XXXXXX", error);
  g_autofree char *list_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OMP_THREAD_LIMIT", "1", TRUE);
  g_auto(GStrv) pages = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  int status = 0;
  gboolean ok;

  if (dir == NULL)
    return FALSE;

  /* PNGs: Tesseract reads exactly these pixels */
  for (guint i = 0; i < photo->texts->len; i++)
    {
      const JzTestPhotoText *text = g_ptr_array_index (photo->texts, i);
      g_autoptr(GdkPixbuf) piece = NULL;
      g_autofree char *name = NULL;

      if ((text->lines == 1) != one_line)
        continue;
      piece = cut_out (pixbuf, photo, text);
      name = g_strdup_printf ("%s/%03u.png", dir, i);
      if (!gdk_pixbuf_save (piece, name, "png", error, "compression", "1", NULL))
        {
          remove_dir (dir);
          return FALSE;
        }
      g_string_append_printf (list, "%s\n", name);
      g_ptr_array_add (texts, (gpointer) text);
    }
  if (texts->len == 0)
    {
      remove_dir (dir);
      return TRUE;
    }
  list_path = g_build_filename (dir, "list.txt", NULL);
  if (!g_file_set_contents (list_path, list->str, -1, error))
    {
      remove_dir (dir);
      return FALSE;
    }

  {
    /* a list of images is read in one run, a page each, each page's text
     * ended by a form feed */
    const char *argv[] = { "tesseract", list_path, "stdout", "-l", "chi_sim",
                           "--psm", one_line ? "7" : "6", NULL };

    ok = g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       &out, &err, &status, error) &&
         g_spawn_check_wait_status (status, error);
  }
  /* to look at what was read: the cut-outs are kept, and said where */
  if (g_getenv ("JUZHU_OCR_KEEP") != NULL)
    g_printerr ("cut-outs kept in %s\n", dir);
  else
    remove_dir (dir);
  if (!ok)
    return FALSE;

  pages = g_strsplit (out, "\f", -1);
  if (g_strv_length (pages) < texts->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "tesseract read %u pages of %u", g_strv_length (pages), texts->len);
      return FALSE;
    }

  for (guint i = 0; i < texts->len; i++)
    {
      const JzTestPhotoText *text = g_ptr_array_index (texts, i);
      guint n;
      guint d = jz_legibility_edit_distance (text->text, pages[i], &n);

      if (d > 0 && g_getenv ("JUZHU_OCR_KEEP") != NULL)
        g_printerr ("%u of %u wrong: printed “%s”, read “%s”\n",
                    d, n, text->text, g_strstrip (pages[i]));
      *distance += d;
      *printed += n;
    }

  return TRUE;
}

double
jz_legibility_ocr_accuracy (GdkPixbuf         *pixbuf,
                            const JzTestPhoto *photo,
                            GError           **error)
{
  guint distance = 0, printed = 0;

  if (!read_texts (pixbuf, photo, TRUE, &distance, &printed, error) ||
      !read_texts (pixbuf, photo, FALSE, &distance, &printed, error))
    return -1;

  return printed > 0 ? MAX (0.0, 1.0 - (double) distance / printed) : 1;
}

static void
luma (GdkPixbuf *pixbuf,
      int        x,
      int        y,
      double     block[64])
{
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  for (int j = 0; j < 8; j++)
    for (int i = 0; i < 8; i++)
      {
        const guint8 *p = pixels + (gsize) (y + j) * stride + (gsize) (x + i) * channels;

        block[j * 8 + i] = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
      }
}

double
jz_legibility_ssim (GdkPixbuf *a,
                    GdkPixbuf *b)
{
  const double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
  int width = gdk_pixbuf_get_width (a), height = gdk_pixbuf_get_height (a);
  double total = 0;
  guint n = 0;

  g_return_val_if_fail (gdk_pixbuf_get_width (b) == width, 0);
  g_return_val_if_fail (gdk_pixbuf_get_height (b) == height, 0);

  for (int y = 0; y + 8 <= height; y += 8)
    for (int x = 0; x + 8 <= width; x += 8)
      {
        double pa[64], pb[64], ma = 0, mb = 0, va = 0, vb = 0, cov = 0;

        luma (a, x, y, pa);
        luma (b, x, y, pb);
        for (int i = 0; i < 64; i++)
          {
            ma += pa[i];
            mb += pb[i];
          }
        ma /= 64;
        mb /= 64;
        for (int i = 0; i < 64; i++)
          {
            va += (pa[i] - ma) * (pa[i] - ma);
            vb += (pb[i] - mb) * (pb[i] - mb);
            cov += (pa[i] - ma) * (pb[i] - mb);
          }
        va /= 63;
        vb /= 63;
        cov /= 63;
        total += ((2 * ma * mb + c1) * (2 * cov + c2)) /
                 ((ma * ma + mb * mb + c1) * (va + vb + c2));
        n++;
      }

  return n > 0 ? total / n : 1;
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  int long_side = GPOINTER_TO_INT (user_data);

  if (width <= long_side && height <= long_side)
    return;
  if (width >= height)
    gdk_pixbuf_loader_set_size (loader, long_side,
                                MAX (1, (int) ((double) height * long_side / width + 0.5)));
  else
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) ((double) width * long_side / height + 0.5)),
                                long_side);
}

GdkPixbuf *
jz_legibility_decode (GBytes *jpeg,
                      int     long_side)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);

  g_return_val_if_fail (loader != NULL, NULL);

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared),
                    GINT_TO_POINTER (long_side));
  if (!gdk_pixbuf_loader_write_bytes (loader, jpeg, NULL) ||
      !gdk_pixbuf_loader_close (loader, NULL) ||
      gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    return NULL;

  return gdk_pixbuf_apply_embedded_orientation (gdk_pixbuf_loader_get_pixbuf (loader));
}
