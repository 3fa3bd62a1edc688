/* bench-qr.c — a paper's QR code read off phone photos: how often, how fast
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JUZHU_BENCH_N papers (default 60), each an A4 page with a signed code
 * of the size and place the printed papers have (80 points square, its
 * corner 56 points in from the page's lower right; src/app/print/
 * jz-print-code.c), photographed by the simulated phone
 * (tests/jz-test-camera.h) in three ways, one in three each:
 *
 * - the whole sheet, 4000 × 3000 (a 12-megapixel photo chosen from a file);
 * - the whole sheet, 2000 × 1500 (the app's camera keeps frames this size);
 * - the code alone (with its margin) across 45 % of a 2000 × 1500 frame's
 *   height, as the app asks;
 *
 * in daylight or a dim room (every second paper), tilted up to 4 degrees.
 * Each photo is read as `juzhu-cli verify --photo` and the app read it
 * (jz_qr_read) and checked (jz_paper_verify). Prints, for each way, the
 * codes read, and the time a read takes, median and range; a code read
 * that is not the paper's, or not genuine, fails the benchmark.
 * JUZHU_BENCH_KEEP=DIR keeps the photos there.
 */
#include "config.h"

#include <cairo.h>
#include <stdio.h>

#include "jz-paper-code.h"
#include "jz-qr.h"
#include "jz-test-camera.h"

#define PAGE_W 1786     /* A4 at 3 px a point */
#define PAGE_H 2526

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The page: a few lines of text where a paper has them, and the code. */
static cairo_surface_t *
page_with_code (const char *code,
                double      scale,
                gboolean    close_up)
{
  /* the close-up: the code and a margin of white around it */
  int w = close_up ? (int) (112 * scale) : PAGE_W, h = close_up ? (int) (112 * scale) : PAGE_H;
  cairo_surface_t *page = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (page);
  g_autoptr(GBytes) modules = NULL;
  const guint8 *m;
  guint size = 0;
  double unit, x0, y0, side = 80 * scale;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  if (!close_up)
    for (int line = 0; line < 30; line++)
      cairo_rectangle (cr, 56 * scale, (90 + line * 20) * scale, (300 + (line * 37) % 180) * scale, 4 * scale);
  cairo_fill (cr);
  modules = jz_qr_encode (code, &size, NULL);
  g_assert (modules != NULL);
  m = g_bytes_get_data (modules, NULL);
  unit = side / (size + 8);
  x0 = close_up ? (w - side) / 2 : w - 56 * scale - side;
  y0 = close_up ? (h - side) / 2 : h - 56 * scale - side;
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      if (m[y * size + x])
        cairo_rectangle (cr, x0 + (4 + x) * unit, y0 + (4 + y) * unit, unit, unit);
  cairo_fill (cr);
  cairo_destroy (cr);
  return page;
}

int
main (int    argc,
      char **argv)
{
  static const char *const ways[] = { "whole sheet, 4000 × 3000", "whole sheet, 2000 × 1500",
                                      "the code alone, 2000 × 1500" };
  const char *n_text = g_getenv ("JUZHU_BENCH_N");
  guint n = n_text != NULL ? (guint) g_ascii_strtoull (n_text, NULL, 10) : 60;
  g_autoptr(JzSigningKey) county = jz_signing_key_new_random ();
  g_autoptr(JzSigningKey) station = jz_signing_key_new_random ();
  g_autoptr(GBytes) station_public = g_bytes_new (jz_signing_key_get_public (station), 32);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) cert = NULL;
  GArray *times[3];
  guint read[3] = { 0 }, tried[3] = { 0 };
  gboolean failed = FALSE;
  GDate first, last;

  if (!jz_qr_available (NULL))
    {
      printf ("skipped: built without QR codes\n");
      return 77;
    }
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_JANUARY, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 1, G_DATE_JANUARY, 2030);
  cert = jz_station_cert_issue (county, "01890a5d-ac96-774b-bcce-b302099a8057", station_public, JZ_STATION_OFFICE,
                                "220104001002", &first, &last, NULL);
  g_ptr_array_add (keys, g_bytes_new (jz_signing_key_get_public (county), 32));
  for (guint w = 0; w < 3; w++)
    times[w] = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      guint way = i % 3;
      g_autofree char *number = g_strdup_printf ("220104-2026-4EEFFC-%05u", i + 1);
      g_autofree char *record = g_strdup_printf ("01890a5d-ac96-7e4b-bcce-b302099a%04x", i);
      JzPaper paper = {
        .kind = JZ_PAPER_CERTIFICATE, .number = number, .date = (char *) "2026-03-01",
        .holder = (char *) "欧阳小燕", .id_masked = (char *) "411***********0024", .record = record,
      };
      g_autofree char *code = jz_paper_sign (&paper, station, cert, NULL);
      cairo_surface_t *page = page_with_code (code, 3, way == 2);
      JzTestCamera camera = { 1000 + i, way == 0 ? 4000 : 2000, way == 0 ? 3000 : 1500,
                              way == 2 ? 0.45 : 0.88, FALSE, 90, 1, 1, 0 };
      g_autoptr(GBytes) photo = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) codes = NULL;
      double to_frame[9], t0;

      if (i % 2 == 1)
        {
          camera.exposure = 0.78;
          camera.noise = 2.2;
          camera.sharpen = 0.5;
        }
      camera.max_tilt = 4;
      /* the phone held upright for a sheet */
      if (way != 2)
        {
          int tmp = camera.width;

          camera.width = camera.height;
          camera.height = tmp;
        }
      photo = jz_test_camera_shoot (&camera, page, to_frame);
      if (g_getenv ("JUZHU_BENCH_KEEP") != NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s/paper-%u.jpg", g_getenv ("JUZHU_BENCH_KEEP"), i);

          g_file_set_contents (path, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), NULL);
        }
      cairo_surface_destroy (page);

      t0 = g_get_monotonic_time () / 1e6;
      codes = jz_qr_read (photo, "photo", &error);
      g_array_append_val (times[way], (double) { g_get_monotonic_time () / 1e6 - t0 });
      tried[way]++;
      if (codes == NULL || codes[0] == NULL)
        continue;
      {
        g_autoptr(JzPaper) checked = jz_paper_verify (codes[0], keys, &error);

        if (checked == NULL || g_strcmp0 (codes[0], code) != 0 || g_strcmp0 (checked->number, number) != 0)
          {
            printf ("paper %u: a code read that is not the paper's: %s\n", i, error ? error->message : codes[0]);
            failed = TRUE;
            continue;
          }
      }
      read[way]++;
    }

  printf ("QR codes read off photos of papers (%u papers, daylight and dim, tilted up to 4°)\n", n);
  for (guint w = 0; w < 3; w++)
    {
      g_array_sort (times[w], cmp_double);
      if (times[w]->len == 0)
        continue;
      printf ("  %-30s read %u of %u; a read takes median %.2f s (%.2f–%.2f)\n", ways[w], read[w], tried[w],
              g_array_index (times[w], double, times[w]->len / 2), g_array_index (times[w], double, 0),
              g_array_index (times[w], double, times[w]->len - 1));
      g_array_unref (times[w]);
    }
  return failed ? 1 : 0;
}
