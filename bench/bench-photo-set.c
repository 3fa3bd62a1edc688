/* bench-photo-set.c — the photo test set normalised: bytes, choice,
 * legibility and time, photo by photo
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each photo of tests/jz-photo-test-set.h (a lease page, an ID card's
 * two sides, a registration form; each in daylight and in a dim room):
 * - the camera's JPEG (4000 × 3000, quality 92) and its size;
 * - what normalising made of it before this benchmark existed (2000 px,
 *   colour, quality 85, written by gdk-pixbuf): "old";
 * - what the photo store makes of it now (jz_photo_store_import_bytes):
 *   "new", with its quality, grey or colour, and the import's time
 *   (median of JUZHU_BENCH_ROUNDS, default 3, each into a fresh store);
 * - the same at the floor quality (JZ_PHOTO_MIN_QUALITY), the worst a
 *   photo can come out;
 * - the same search in the other mode ("other mode": colour for a page
 *   the store writes grey, grey for a card it keeps in colour), which is
 *   what the choice of grey is judged by;
 * - legibility (tests/jz-photo-legibility.h): OCR accuracy of the
 *   camera's photo, of the 2000-pixel picture before
 *   any JPEG ("2000 px": the most a 2000-pixel photo can give), of old,
 *   new, other mode and floor; and SSIM of each against the 2000-pixel
 *   picture.
 *
 * The 2000 px picture, the other mode and the floor come from the store's
 * own decode and encoder (jz-photo-private.h), so they differ from "new"
 * in nothing but what is measured.
 *
 * OCR needs tesseract with chi_sim (scripts/deps installs them); without
 * it, or with JUZHU_BENCH_OCR=0, the rest is printed. JUZHU_BENCH_SEED
 * picks another set (default 1). Exits 77 (skipped) without the fonts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bench-data.h"
#include "jz-photo.h"
#include "jz-photo-private.h"
#include "jz-photo-legibility.h"
#include "jz-photo-test-set.h"

/* the pictures whose legibility is measured */
enum
{
  PIC_CAMERA,   /* the camera's JPEG, 4000 px */
  PIC_2000,     /* the 2000 px picture before any JPEG */
  PIC_OLD,      /* colour, quality 85, as before */
  PIC_NEW,      /* what the store wrote */
  PIC_OTHER,    /* the same search in the other mode: colour for a grey
                 * page, grey for a colour one */
  PIC_FLOOR,    /* the store's mode at JZ_PHOTO_MIN_QUALITY */
  N_PICS
};

static const char *const pic_names[N_PICS] = {
  "camera 4000 px", "2000 px", "old", "new", "other mode", "floor",
};

typedef struct
{
  char    *name;
  gsize    bytes[N_PICS];
  int      quality;
  gboolean grey;
  guint    encodes;
  int      other_quality;
  double   import_ms;
  double   ssim[N_PICS];     /* against PIC_2000 */
  double   accuracy[N_PICS]; /* OCR; < 0: not measured */
  double   ocr_ms;
} Row;

typedef struct
{
  GBytes    *jpegs[N_PICS];
  GdkPixbuf *pixbufs[N_PICS];
} Pictures;

static void
pictures_clear (Pictures *pictures)
{
  for (guint i = 0; i < N_PICS; i++)
    {
      g_clear_pointer (&pictures->jpegs[i], g_bytes_unref);
      g_clear_object (&pictures->pixbufs[i]);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pictures, pictures_clear)

static void
print_load (const char *when)
{
  g_autofree char *load = NULL;

  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    printf ("load average %s: %s", when, load);
}

static void
read_text (GdkPixbuf         *pixbuf,
           const JzTestPhoto *photo,
           Row               *row,
           guint              pic)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  row->accuracy[pic] = jz_legibility_ocr_accuracy (pixbuf, photo, &error);
  row->ocr_ms += (g_get_monotonic_time () - t0) / 1000.0;
  if (row->accuracy[pic] < 0)
    g_printerr ("OCR failed: %s\n", error->message);
}

static GBytes *
read_file_bytes (const char  *path,
                 GError     **error)
{
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  return g_bytes_new_take (contents, len);
}

static gboolean
measure (JzTestPhoto *photo,
         const char  *root,
         guint        rounds,
         gboolean     ocr,
         Row         *row,
         GError     **error)
{
  g_auto(Pictures) pictures = { { NULL }, { NULL } };
  GBytes **jpegs = pictures.jpegs;
  GdkPixbuf **pixbufs = pictures.pixbufs;
  g_autofree double *ms = g_new0 (double, rounds);
  JzPhotoTarget target = { JZ_PHOTO_QUALITY, JZ_PHOTO_MIN_QUALITY, JZ_PHOTO_MAX_BYTES };
  JzPhotoChoice choice = { 0 }, other = { 0 };
  JzPhotoInfo info = { { 0 } };

  for (guint i = 0; i < N_PICS; i++)
    row->accuracy[i] = row->ssim[i] = -1;

  jpegs[PIC_CAMERA] = g_bytes_ref (photo->jpeg);
  /* exactly what the store decodes an import to */
  pixbufs[PIC_2000] = _jz_photo_decode (photo->jpeg, row->name, JZ_PHOTO_LONG_SIDE, error);
  if (pixbufs[PIC_2000] == NULL)
    return FALSE;

  {
    char *buffer = NULL;
    gsize size = 0;

    if (!gdk_pixbuf_save_to_buffer (pixbufs[PIC_2000], &buffer, &size, "jpeg", error,
                                    "quality", "85", NULL))
      return FALSE;
    jpegs[PIC_OLD] = g_bytes_new_take (buffer, size);
  }

  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/%s-%u", root, row->name, i);
      g_autoptr(JzPhotoStore) store = jz_photo_store_new (dir);
      gint64 t0 = g_get_monotonic_time ();

      if (!jz_photo_store_import_bytes (store, photo->jpeg, &info, error))
        return FALSE;
      ms[i] = (g_get_monotonic_time () - t0) / 1000.0;

      if (i == 0)
        {
          g_autofree char *path = jz_photo_store_blob_path (store, info.sha256);

          jpegs[PIC_NEW] = read_file_bytes (path, error);
          if (jpegs[PIC_NEW] == NULL)
            return FALSE;
        }
    }
  qsort (ms, rounds, sizeof *ms, bench_compare_double);

  {
    /* the store does not say how many tries its search took: ask again */
    g_autoptr(GBytes) again = _jz_photo_encode_fitted (pixbufs[PIC_2000], &target, info.grey,
                                                       &choice, row->name, error);

    if (again == NULL)
      return FALSE;
    if (!g_bytes_equal (again, jpegs[PIC_NEW]))
      g_printerr ("%s: the store's photo is not what the encoder makes of its decode\n",
                  row->name);
  }
  jpegs[PIC_OTHER] = _jz_photo_encode_fitted (pixbufs[PIC_2000], &target, !info.grey,
                                              &other, row->name, error);
  if (jpegs[PIC_OTHER] == NULL)
    return FALSE;
  jpegs[PIC_FLOOR] = _jz_photo_encode_jpeg (pixbufs[PIC_2000], JZ_PHOTO_MIN_QUALITY, info.grey,
                                            row->name, error);
  if (jpegs[PIC_FLOOR] == NULL)
    return FALSE;

  row->quality = info.quality;
  row->grey = info.grey;
  row->encodes = choice.encodes;
  row->other_quality = other.quality;
  row->import_ms = ms[rounds / 2];

  for (guint i = 0; i < N_PICS; i++)
    {
      if (jpegs[i] != NULL)
        row->bytes[i] = g_bytes_get_size (jpegs[i]);
      if (pixbufs[i] == NULL)
        pixbufs[i] = jz_legibility_decode (jpegs[i], i == PIC_CAMERA ? JZ_PHOTO_MAX_SIDE
                                                                     : JZ_PHOTO_LONG_SIDE);
      if (i != PIC_CAMERA)
        row->ssim[i] = jz_legibility_ssim (pixbufs[PIC_2000], pixbufs[i]);
      if (ocr)
        read_text (pixbufs[i], photo, row, i);
    }

  return TRUE;
}

static void
print_figure (double value)
{
  if (value < 0)
    printf (" – |");
  else
    printf (" %.3f |", value);
}

/* One line per photo of @values (accuracy or ssim), and their mean. */
static void
print_table (const char *title,
             const Row  *rows,
             guint       n,
             gsize       offset,
             guint       first)
{
  double sum[N_PICS] = { 0 };
  guint count[N_PICS] = { 0 };

  printf ("\n%s:\n\n| photo |", title);
  for (guint k = first; k < N_PICS; k++)
    printf (" %s |", pic_names[k]);
  printf ("\n|---|");
  for (guint k = first; k < N_PICS; k++)
    printf ("---|");
  printf ("\n");

  for (guint i = 0; i < n; i++)
    {
      const double *values = (const double *) ((const char *) &rows[i] + offset);

      printf ("| %s |", rows[i].name);
      for (guint k = first; k < N_PICS; k++)
        {
          print_figure (values[k]);
          if (values[k] >= 0)
            {
              sum[k] += values[k];
              count[k]++;
            }
        }
      printf ("\n");
    }
  printf ("| **mean** |");
  for (guint k = first; k < N_PICS; k++)
    print_figure (count[k] ? sum[k] / count[k] : -1);
  printf ("\n");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *why = NULL;
  g_autofree char *root = NULL;
  const char *rounds_env = g_getenv ("JUZHU_BENCH_ROUNDS");
  const char *seed_env = g_getenv ("JUZHU_BENCH_SEED");
  const char *ocr_env = g_getenv ("JUZHU_BENCH_OCR");
  guint rounds = rounds_env ? (guint) MAX (1, atoi (rounds_env)) : 3;
  guint32 seed = seed_env ? (guint32) strtoul (seed_env, NULL, 10) : 1;
  gboolean ocr = g_strcmp0 (ocr_env, "0") != 0;
  Row rows[JZ_TEST_PHOTO_N_KINDS * JZ_TEST_PHOTO_N_LIGHTS] = { { 0 } };
  guint n = 0;

  if (!jz_test_photo_fonts_found (&missing))
    {
      printf ("SKIP: %s is not installed (Debian: fonts-noto-cjk)\n", missing);
      return 77;
    }
  if (ocr && !jz_legibility_ocr_found (&why))
    {
      printf ("OCR skipped: %s\n", why);
      ocr = FALSE;
    }

  root = g_dir_make_tmp ("juzhu-bench-photo-set-XXXXXX", &error);
  if (root == NULL)
    {
      g_printerr ("cannot make a temporary folder: %s\n", error->message);
      return 1;
    }

  print_load ("at the start");
  printf ("set: seed %u; budget %u bytes, quality %d down to %d, long side %d px\n\n",
          seed, JZ_PHOTO_MAX_BYTES, JZ_PHOTO_QUALITY, JZ_PHOTO_MIN_QUALITY, JZ_PHOTO_LONG_SIDE);

  for (guint light = 0; light < JZ_TEST_PHOTO_N_LIGHTS; light++)
    for (guint kind = 0; kind < JZ_TEST_PHOTO_N_KINDS; kind++, n++)
      {
        g_autoptr(JzTestPhoto) photo = jz_test_photo_new (kind, light, seed);

        rows[n].name = jz_test_photo_name (kind, light);
        if (!measure (photo, root, rounds, ocr, &rows[n], &error))
          {
            g_printerr ("%s: %s\n", rows[n].name, error->message);
            bench_remove_tree (root);
            return 1;
          }
        fprintf (stderr, "%s done\n", rows[n].name);
      }

  printf ("| photo | camera JPEG | old: colour q85 | new | quality | mode | tries | "
          "other mode (quality) | new at the floor (q%d) | import, median of %u |\n",
          JZ_PHOTO_MIN_QUALITY, rounds);
  printf ("|---|---|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < n; i++)
    printf ("| %s | %zu | %zu | **%zu** | %d | %s | %u | %zu (%d) | %zu | %.0f ms |\n",
            rows[i].name, rows[i].bytes[PIC_CAMERA], rows[i].bytes[PIC_OLD],
            rows[i].bytes[PIC_NEW], rows[i].quality, rows[i].grey ? "grey" : "colour",
            rows[i].encodes, rows[i].bytes[PIC_OTHER], rows[i].other_quality,
            rows[i].bytes[PIC_FLOOR], rows[i].import_ms);

  if (ocr)
    {
      double ocr_ms = 0;

      print_table ("OCR accuracy (each printed text cut out, straightened and read by "
                   "tesseract chi_sim: 1 - edit distance / letters and digits printed)",
                   rows, n, G_STRUCT_OFFSET (Row, accuracy), PIC_CAMERA);
      for (guint i = 0; i < n; i++)
        ocr_ms += rows[i].ocr_ms;
      printf ("\nOCR took %.1f s in all\n", ocr_ms / 1000);
    }
  print_table ("SSIM of the luminance against the 2000 px picture",
               rows, n, G_STRUCT_OFFSET (Row, ssim), PIC_OLD);
  print_load ("at the end");

  for (guint i = 0; i < n; i++)
    g_free (rows[i].name);
  bench_remove_tree (root);

  return 0;
}
