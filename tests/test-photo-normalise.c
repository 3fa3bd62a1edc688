/* test-photo-normalise.c — what normalising makes of camera photos of
 * documents: grey for a page, colour for a card, a quality that fits the
 * budget; part of test-photo (its main adds these)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The photos are the test set's (jz-photo-test-set.h), about a second each
 * to make; without Pango (a server-only build) or the Noto CJK fonts the
 * tests that need them are skipped. Whether the text still reads is
 * test-photo-legibility.c (OCR) and bench/bench-photo-set.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <jpeglib.h>

#include "jz-id-number.h"
#include "jz-photo.h"
#include "test-photo-normalise.h"

#ifdef JZ_HAVE_PHOTO_TEST_SET
#include "jz-photo-legibility.h"
#include "jz-photo-test-set.h"
#endif

typedef struct
{
  int      components;
  J_COLOR_SPACE colour_space;
  guint    width;
  guint    height;
  gboolean progressive;
  gboolean has_exif;   /* an APP1 marker */
  gboolean has_jfif;
} JpegHeader;

/* Reads the header with libjpeg (its default error handler ends the test
 * on an error: the file must be a JPEG). */
static void
read_header (GBytes     *bytes,
             JpegHeader *out)
{
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr jerr;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_decompress (&cinfo);
  jpeg_save_markers (&cinfo, JPEG_APP0 + 1, 0xffff);
  jpeg_mem_src (&cinfo, data, (unsigned long) len);
  g_assert_cmpint (jpeg_read_header (&cinfo, TRUE), ==, JPEG_HEADER_OK);
  out->components = cinfo.num_components;
  out->colour_space = cinfo.jpeg_color_space;
  out->width = cinfo.image_width;
  out->height = cinfo.image_height;
  out->progressive = cinfo.progressive_mode;
  out->has_exif = cinfo.marker_list != NULL;
  out->has_jfif = cinfo.saw_JFIF_marker;
  jpeg_destroy_decompress (&cinfo);
}

static char *
store_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "juzhu", NULL);
}

static GBytes *
read_blob (JzPhotoStore *store,
           const char   *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = jz_photo_store_blob_path (store, sha256);
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

/* A picture that is all noise does not fit at any quality: it is stored at
 * the floor, over the budget, rather than refused or shrunk. */
static void
test_noise_floor (void)
{
  g_autofree char *dir = store_dir ();
  g_autoptr(JzPhotoStore) store = jz_photo_store_new (dir);
  g_autoptr(GdkPixbuf) noise = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 2000, 1500);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) source = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *thumb = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (noise);
  int stride = gdk_pixbuf_get_rowstride (noise);
  JzPhotoInfo info = { { 0 } };
  JpegHeader header;
  char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < 1500; y++)
    for (int x = 0; x < 2000 * 3; x++)
      pixels[(gsize) y * stride + x] = (guint8) g_rand_int_range (rand, 0, 256);
  g_assert_true (gdk_pixbuf_save_to_buffer (noise, &buffer, &size, "jpeg", &error,
                                            "quality", "95", NULL));
  g_assert_no_error (error);
  source = g_bytes_new_take (buffer, size);

  g_assert_true (jz_photo_store_import_bytes (store, source, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.quality, ==, JZ_PHOTO_MIN_QUALITY);
  g_assert_cmpuint (info.size, >, JZ_PHOTO_MAX_BYTES);
  /* coloured noise all over: colour kept */
  g_assert_false (info.grey);

  stored = read_blob (store, info.sha256);
  read_header (stored, &header);
  g_assert_cmpint (header.components, ==, 3);
  g_assert_cmpuint (header.width, ==, 2000);
  thumb = jz_photo_store_thumbnail_path (store, info.sha256);
  g_assert_true (g_file_test (thumb, G_FILE_TEST_IS_REGULAR));
}

/* A picture of one colour has no colour differences, but a strong tint is
 * no lamp's: a skin-coloured fill (a face filling the frame) stays in
 * colour, a page of paper-white goes grey. */
static void
test_tint (void)
{
  g_autofree char *dir = store_dir ();
  g_autoptr(JzPhotoStore) store = jz_photo_store_new (dir);
  const struct { guint32 rgb; gboolean grey; } cases[] = {
    { 0xc09070, FALSE },
    { 0xb02020, FALSE },
    { 0xf0e8d8, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GdkPixbuf) fill = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) source = NULL;
      g_autoptr(GBytes) stored = NULL;
      JzPhotoInfo info = { { 0 } };
      JpegHeader header;
      char *buffer = NULL;
      gsize size = 0;

      gdk_pixbuf_fill (fill, (cases[i].rgb << 8) | 0xff);
      g_assert_true (gdk_pixbuf_save_to_buffer (fill, &buffer, &size, "jpeg", &error, NULL));
      g_assert_no_error (error);
      source = g_bytes_new_take (buffer, size);
      g_assert_true (jz_photo_store_import_bytes (store, source, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpint (info.grey, ==, cases[i].grey);
      stored = read_blob (store, info.sha256);
      read_header (stored, &header);
      g_assert_cmpint (header.components, ==, cases[i].grey ? 1 : 3);
    }
}

#ifdef JZ_HAVE_PHOTO_TEST_SET

static gboolean
skip_without_fonts (void)
{
  g_autofree char *missing = NULL;
  g_autofree char *message = NULL;

  if (jz_test_photo_fonts_found (&missing))
    return FALSE;
  message = g_strdup_printf ("%s is not installed (Debian: fonts-noto-cjk)", missing);
  g_test_skip (message);
  return TRUE;
}

/* What the store made of @photo: checked to be a whole, plain JPEG of the
 * upright size, with no metadata; its header in @header. */
static GBytes *
import_checked (JzPhotoStore *store,
                JzTestPhoto  *photo,
                JzPhotoInfo  *info,
                JpegHeader   *header)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stored = NULL;
  int want_w = photo->width >= photo->height ? JZ_PHOTO_LONG_SIDE : JZ_PHOTO_LONG_SIDE * 3 / 4;
  int want_h = photo->width >= photo->height ? JZ_PHOTO_LONG_SIDE * 3 / 4 : JZ_PHOTO_LONG_SIDE;

  g_assert_true (jz_photo_store_import_bytes (store, photo->jpeg, info, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_store_verify (store, info->sha256, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info->width, ==, want_w);
  g_assert_cmpuint (info->height, ==, want_h);

  stored = read_blob (store, info->sha256);
  g_assert_cmpuint (g_bytes_get_size (stored), ==, info->size);
  read_header (stored, header);
  g_assert_cmpuint (header->width, ==, want_w);
  g_assert_cmpuint (header->height, ==, want_h);
  g_assert_false (header->progressive);
  g_assert_false (header->has_exif);
  g_assert_true (header->has_jfif);
  g_assert_cmpint (header->components, ==, info->grey ? 1 : 3);
  /* the county server takes it */
  g_assert_true (jz_photo_check_received (stored, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&stored);
}

/* The lease page in a dim room: the old normalisation (colour, quality 85)
 * was over 400 kB; now it is grey, at the highest quality that fits, and
 * keeps the picture's structure. The same page in daylight fits at the
 * setting's own quality. Stored upright from the phone's EXIF Orientation. */
static void
test_lease (void)
{
  g_autofree char *dir = store_dir ();
  g_autoptr(JzPhotoStore) store = jz_photo_store_new (dir);
  g_autoptr(JzTestPhoto) dim = NULL;
  g_autoptr(JzTestPhoto) day = NULL;
  g_autoptr(GdkPixbuf) reference = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  JzPhotoInfo info = { { 0 } };
  JpegHeader header;
  char *buffer = NULL;
  gsize old_size = 0;
  double ssim;

  if (skip_without_fonts ())
    return;

  dim = jz_test_photo_new (JZ_TEST_PHOTO_LEASE, JZ_TEST_PHOTO_DIM, 1);
  g_assert_cmpint (dim->width, ==, 3000);
  g_assert_cmpint (dim->height, ==, 4000);
  reference = jz_legibility_decode (dim->jpeg, JZ_PHOTO_LONG_SIDE);
  g_assert_true (gdk_pixbuf_save_to_buffer (reference, &buffer, &old_size, "jpeg", &error,
                                            "quality", "85", NULL));
  g_assert_no_error (error);
  g_free (buffer);
  g_assert_cmpuint (old_size, >, JZ_PHOTO_MAX_BYTES);

  stored = import_checked (store, dim, &info, &header);
  g_assert_cmpuint (info.size, <=, JZ_PHOTO_MAX_BYTES);
  g_assert_true (info.grey);
  g_assert_cmpint (header.colour_space, ==, JCS_GRAYSCALE);
  g_assert_cmpint (info.quality, <, JZ_PHOTO_QUALITY);
  g_assert_cmpint (info.quality, >=, JZ_PHOTO_MIN_QUALITY);
  /* the budget is used, not wasted: within a tenth of it */
  g_assert_cmpuint (info.size, >, JZ_PHOTO_MAX_BYTES * 9 / 10);

  decoded = jz_legibility_decode (stored, JZ_PHOTO_LONG_SIDE);
  ssim = jz_legibility_ssim (reference, decoded);
  g_test_message ("lease in a dim room: %zu bytes, quality %d, SSIM %.3f (old: %zu bytes)",
                  info.size, info.quality, ssim, old_size);
  g_assert_cmpfloat (ssim, >=, 0.85);

  day = jz_test_photo_new (JZ_TEST_PHOTO_LEASE, JZ_TEST_PHOTO_DAYLIGHT, 1);
  g_clear_pointer (&stored, g_bytes_unref);
  stored = import_checked (store, day, &info, &header);
  g_assert_true (info.grey);
  g_assert_cmpint (info.quality, ==, JZ_PHOTO_QUALITY);
  g_assert_cmpuint (info.size, <=, JZ_PHOTO_MAX_BYTES);
}

/* An ID card keeps its colour (the portrait, the security print), the
 * registration form with its blue ink and red seal does not; both fit.
 * The form made again from the same seed is the same, byte for byte. */
static void
test_card_and_form (void)
{
  g_autofree char *dir = store_dir ();
  g_autoptr(JzPhotoStore) store = jz_photo_store_new (dir);
  g_autoptr(JzTestPhoto) card = NULL;
  g_autoptr(JzTestPhoto) form = NULL;
  g_autoptr(JzTestPhoto) again = NULL;
  g_autoptr(GBytes) stored = NULL;
  JzPhotoInfo info = { { 0 } };
  JpegHeader header;

  if (skip_without_fonts ())
    return;

  card = jz_test_photo_new (JZ_TEST_PHOTO_ID_FRONT, JZ_TEST_PHOTO_DIM, 1);
  g_assert_nonnull (strstr (card->text, "样本 SPECIMEN"));
  g_assert_nonnull (strstr (card->text, JZ_TEST_PHOTO_TENANT_ID));
  stored = import_checked (store, card, &info, &header);
  g_assert_false (info.grey);
  g_assert_cmpint (header.colour_space, ==, JCS_YCbCr);
  g_assert_cmpuint (info.size, <=, JZ_PHOTO_MAX_BYTES);
  g_assert_cmpint (info.quality, >=, JZ_PHOTO_MIN_QUALITY);

  form = jz_test_photo_new (JZ_TEST_PHOTO_FORM, JZ_TEST_PHOTO_DAYLIGHT, 1);
  g_clear_pointer (&stored, g_bytes_unref);
  stored = import_checked (store, form, &info, &header);
  g_assert_true (info.grey);
  g_assert_cmpuint (info.size, <=, JZ_PHOTO_MAX_BYTES);

  again = jz_test_photo_new (JZ_TEST_PHOTO_FORM, JZ_TEST_PHOTO_DAYLIGHT, 1);
  g_assert_true (g_bytes_equal (form->jpeg, again->jpeg));
  g_assert_cmpstr (form->text, ==, again->text);
}

/* What the set prints is invented: ID numbers whose check character is
 * right, in an address code (xx0199) no county has. */
static void
test_set_numbers (void)
{
  const char *numbers[] = { JZ_TEST_PHOTO_TENANT_ID, JZ_TEST_PHOTO_LANDLORD_ID };
  g_autofree char *name = jz_test_photo_name (JZ_TEST_PHOTO_ID_BACK, JZ_TEST_PHOTO_DIM);

  g_assert_cmpstr (name, ==, "id-back-dim");
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      JzIdInfo id;

      g_assert_true (jz_id_number_parse (numbers[i], NULL, &id, &error));
      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (id.division, "0199"));
    }
}

#endif

void
test_photo_normalise_add_tests (void)
{
  g_test_add_func ("/photo/normalise/noise-floor", test_noise_floor);
  g_test_add_func ("/photo/normalise/tint", test_tint);
#ifdef JZ_HAVE_PHOTO_TEST_SET
  g_test_add_func ("/photo/normalise/lease", test_lease);
  g_test_add_func ("/photo/normalise/card-and-form", test_card_and_form);
  g_test_add_func ("/photo/normalise/test-set-numbers", test_set_numbers);
#endif
}
