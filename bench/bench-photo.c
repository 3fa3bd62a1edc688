/* bench-photo.c — time to normalise and store one camera photo
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A 4000 × 3000 JPEG (12 MP, what a mid-range phone takes) made of
 * gradients, noise and dark strokes, so it compresses like a photo of a
 * printed page rather than like a flat colour, saved at quality 92. Each
 * round imports it into a fresh store, so nothing is deduplicated and the
 * whole path is timed: header pass, reduced-scale decode, orientation,
 * re-encode, SHA-256, durable write with fsyncs, thumbnail.
 *
 * JUZHU_BENCH_ROUNDS overrides the number of rounds (default 20).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "bench-data.h"
#include "jz-photo.h"

static GdkPixbuf *
make_document_photo (int width,
                     int height)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    {
      /* lines of "text": dark runs on every 60th band of 24 rows */
      gboolean text_row = (y % 60) >= 30 && (y % 60) < 54;

      for (int x = 0; x < width; x++)
        {
          guint8 *p = pixels + (gsize) y * stride + (gsize) x * 3;
          /* uneven lighting across the sheet */
          int base = 150 + (x * 60 / width) + (y * 40 / height);
          int noise = g_rand_int_range (rand, -18, 19);
          int v = base + noise;

          if (text_row && ((x / 9) % 7) != 0 && g_rand_int_range (rand, 0, 3) == 0)
            v = 40 + noise;
          v = CLAMP (v, 0, 255);
          p[0] = (guint8) CLAMP (v + 6, 0, 255);
          p[1] = (guint8) v;
          p[2] = (guint8) CLAMP (v - 10, 0, 255);
        }
    }

  return pixbuf;
}

static long
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;

  return strtol (line + strlen (field), NULL, 10);
}

/* Not g_file_set_contents(): it would write a temporary file and rename. */
static gboolean
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  ok = fclose (f) == 0 && ok;

  return ok;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) source = NULL;
  g_autofree char *root = NULL;
  g_autofree double *ms = NULL;
  const char *rounds_env = g_getenv ("JUZHU_BENCH_ROUNDS");
  guint rounds = rounds_env ? (guint) MAX (1, atoi (rounds_env)) : 20;
  JzPhotoInfo info = { { 0 } };
  double total = 0;
  gint64 t0;
  long hwm_before, hwm_after;
  gboolean peak_reset;

  {
    g_autoptr(GdkPixbuf) photo = make_document_photo (4000, 3000);
    char *buffer = NULL;
    gsize size = 0;

    t0 = g_get_monotonic_time ();
    if (!gdk_pixbuf_save_to_buffer (photo, &buffer, &size, "jpeg", &error,
                                    "quality", "92", NULL))
      {
        g_printerr ("cannot make the source photo: %s\n", error->message);
        return 1;
      }
    source = g_bytes_new_take (buffer, size);
    printf ("source: 4000 × 3000 JPEG q92, %.2f MB (encoded in %.0f ms)\n",
            size / 1048576.0, (g_get_monotonic_time () - t0) / 1000.0);
  }

  root = g_dir_make_tmp ("juzhu-bench-photo-XXXXXX", &error);
  if (root == NULL)
    {
      g_printerr ("cannot make a temporary folder: %s\n", error->message);
      return 1;
    }

  /* Forget the peak reached while drawing the source, so VmHWM measures
   * the imports alone (Linux ≥ 4.0; elsewhere the figure includes it). */
  hwm_before = read_status_kb ("VmHWM:");
  peak_reset = reset_peak_rss ();

  ms = g_new0 (double, rounds);
  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/%u", root, i);
      g_autoptr(JzPhotoStore) store = jz_photo_store_new (dir);

      t0 = g_get_monotonic_time ();
      if (!jz_photo_store_import_bytes (store, source, &info, &error))
        {
          g_printerr ("import failed: %s\n", error->message);
          bench_remove_tree (root);
          return 1;
        }
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
      total += ms[i];
    }
  hwm_after = read_status_kb ("VmHWM:");

  {
    g_autoptr(JzPhotoStore) store = NULL;
    g_autofree char *dir = g_strdup_printf ("%s/0", root);
    g_autofree char *thumb_path = NULL;
    GStatBuf st;

    store = jz_photo_store_new (dir);
    thumb_path = jz_photo_store_thumbnail_path (store, info.sha256);
    qsort (ms, rounds, sizeof *ms, bench_compare_double);

    printf ("rounds: %u (each into a fresh store: no deduplication)\n", rounds);
    printf ("per photo: mean %.1f ms, median %.1f ms, p95 %.1f ms, min %.1f ms, max %.1f ms\n",
            total / rounds, ms[rounds / 2],
            ms[MIN (rounds - 1, (guint) (0.95 * rounds + 0.999) - 1)],
            ms[0], ms[rounds - 1]);
    printf ("output: %u × %u %s JPEG q%d, %zu bytes = %.0f kB (%.1f%% of the source; "
            "budget %u kB, quality %d down to %d)\n",
            info.width, info.height, info.grey ? "grey" : "colour", info.quality,
            info.size, info.size / 1000.0,
            100.0 * info.size / g_bytes_get_size (source),
            JZ_PHOTO_MAX_BYTES / 1000, JZ_PHOTO_QUALITY, JZ_PHOTO_MIN_QUALITY);
    if (g_stat (thumb_path, &st) == 0)
      printf ("thumbnail: %.1f KB\n", st.st_size / 1024.0);
    printf ("peak RSS (VmHWM): %ld KB before the imports, %ld KB after%s\n",
            hwm_before, hwm_after,
            peak_reset ? " (peak reset before the imports)" : " (peak could not be reset)");
  }

  bench_remove_tree (root);

  return 0;
}
