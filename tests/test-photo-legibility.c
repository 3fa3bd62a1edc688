/* test-photo-legibility.c — a normalised page still reads: Tesseract reads
 * the stored lease page about as well as the picture before any JPEG
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exits 77 (skipped) without tesseract and its chi_sim data or without
 * the Noto CJK fonts; scripts/deps installs all three. The whole set, with
 * figures, is bench/bench-photo-set.c.
 */
#include "config.h"

#include <stdio.h>

#include "jz-photo.h"
#include "jz-photo-legibility.h"
#include "jz-photo-test-set.h"

static GdkPixbuf *
load_blob (JzPhotoStore *store,
           const char   *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = jz_photo_store_blob_path (store, sha256);
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (contents, len);

  return jz_legibility_decode (bytes, JZ_PHOTO_LONG_SIDE);
}

static double
read_accuracy (GdkPixbuf         *pixbuf,
               const JzTestPhoto *photo)
{
  g_autoptr(GError) error = NULL;
  double accuracy = jz_legibility_ocr_accuracy (pixbuf, photo, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (accuracy, >=, 0);

  return accuracy;
}

/* The dim-room lease: the one whose quality has to come down to fit. */
static void
test_lease_dim (void)
{
  g_autoptr(JzTestPhoto) photo = jz_test_photo_new (JZ_TEST_PHOTO_LEASE, JZ_TEST_PHOTO_DIM, 1);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "juzhu", NULL);
  g_autoptr(JzPhotoStore) store = jz_photo_store_new (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) reference = NULL;
  g_autoptr(GdkPixbuf) stored = NULL;
  JzPhotoInfo info = { { 0 } };
  double before, after;

  g_assert_true (jz_photo_store_import_bytes (store, photo->jpeg, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.size, <=, JZ_PHOTO_MAX_BYTES);
  g_assert_cmpint (info.quality, <, JZ_PHOTO_QUALITY);

  reference = jz_legibility_decode (photo->jpeg, JZ_PHOTO_LONG_SIDE);
  stored = load_blob (store, info.sha256);
  g_assert_nonnull (reference);
  g_assert_nonnull (stored);

  before = read_accuracy (reference, photo);
  after = read_accuracy (stored, photo);
  g_test_message ("OCR character accuracy: %.3f before any JPEG, %.3f stored "
                  "(%zu bytes, %s, quality %d)", before, after, info.size,
                  info.grey ? "grey" : "colour", info.quality);
  g_assert_cmpfloat (after, >=, 0.95);
  g_assert_cmpfloat (after, >=, before - 0.02);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *why = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!jz_test_photo_fonts_found (&why))
    {
      printf ("SKIP: %s is not installed (Debian: fonts-noto-cjk)\n", why);
      return 77;
    }
  if (!jz_legibility_ocr_found (&why))
    {
      printf ("SKIP: %s\n", why);
      return 77;
    }

  g_test_add_func ("/photo-legibility/lease-dim", test_lease_dim);

  return g_test_run ();
}
