/* bench-photo-blur.c — the blur warning against what OCR can still read
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lease and the registration form of the photo test set, in daylight
 * and in a dim hallway, photographed with the simulated lens's one-pixel
 * blur applied 0 to 48 more times (a hand that moved, a phone too close
 * to focus). Each photo is imported as the app imports it, which measures
 * its sharpness and says whether it is blurred (src/photos/jz-photo-
 * assess.c, threshold 250), and read by Tesseract (chi_sim) at the size
 * the store keeps, 2000 px: the share of the printed letters and digits
 * read right. Prints one row a photo, for docs/performance.md: whether the
 * warning comes where reading fails.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "jz-photo.h"
#include "jz-photo-legibility.h"
#include "jz-photo-test-set.h"

int
main (int    argc,
      char **argv)
{
  static const JzTestPhotoKind kinds[] = { JZ_TEST_PHOTO_LEASE, JZ_TEST_PHOTO_FORM };
  static const int passes[] = { 0, 4, 8, 12, 16, 24, 32, 48 };
  g_autofree char *missing = NULL;
  g_autofree char *why = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(JzPhotoStore) photos = NULL;
  guint warned_readable = 0, silent_unreadable = 0;

  setlocale (LC_ALL, "");
  if (!jz_test_photo_fonts_found (&missing) || !jz_legibility_ocr_found (&why))
    {
      printf ("skipped: %s\n", missing != NULL ? missing : why);
      return 77;
    }
  dir = g_dir_make_tmp ("juzhu-blur-XXXXXX", NULL);
  photos = jz_photo_store_new (dir);

  printf ("%-10s %-9s %6s %10s %8s %9s\n", "document", "light", "passes", "sharpness", "warned", "OCR read");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (JzTestPhotoLight light = 0; light < JZ_TEST_PHOTO_N_LIGHTS; light++)
      for (guint p = 0; p < G_N_ELEMENTS (passes); p++)
        {
          JzTestPhotoFlaws flaws = { passes[p], 0, 0 };
          g_autoptr(JzTestPhoto) photo = jz_test_photo_new_flawed (kinds[k], light, 5, &flaws);
          g_autoptr(GdkPixbuf) seen = jz_legibility_decode (photo->jpeg, JZ_PHOTO_LONG_SIDE);
          g_autoptr(GError) error = NULL;
          g_autofree char *name = jz_test_photo_name (kinds[k], light);
          JzPhotoInfo info = { { 0 } };
          double accuracy;

          if (!jz_photo_store_import_bytes (photos, photo->jpeg, &info, &error))
            {
              printf ("%s: %s\n", name, error->message);
              return 1;
            }
          accuracy = jz_legibility_ocr_accuracy (seen, photo, &error);
          if (accuracy < 0)
            {
              printf ("%s: %s\n", name, error ? error->message : "OCR failed");
              return 1;
            }
          printf ("%-10s %-9s %6d %10.1f %8s %8.1f%%\n", kinds[k] == JZ_TEST_PHOTO_LEASE ? "lease" : "form",
                  light == JZ_TEST_PHOTO_DIM ? "dim" : "daylight", passes[p], info.sharpness,
                  info.blurred ? "yes" : "no", 100 * accuracy);
          fflush (stdout);
          /* the cases that would make the warning wrong */
          if (info.blurred && accuracy >= 0.95)
            warned_readable++;
          if (!info.blurred && accuracy < 0.80)
            silent_unreadable++;
        }
  printf ("warned though OCR read ≥ 95 %%: %u; not warned though OCR read < 80 %%: %u\n",
          warned_readable, silent_unreadable);
  return 0;
}
