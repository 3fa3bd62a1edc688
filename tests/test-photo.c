/* test-photo.c — importing photos of documents into the content-addressed store
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every fixture is drawn at run time with gdk-pixbuf and, where a broken or
 * hostile file is needed, its bytes are then edited by hand. What
 * normalising makes of camera photos of documents is in
 * test-photo-normalise.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <jpeglib.h>

#include "jz-photo.h"
#include "jz-store.h"
#include "jz-store-draft.h"
#include "test-photo-normalise.h"

/* ---- Fixtures ----------------------------------------------------------- */

static char *
data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "juzhu", NULL);
}

static JzPhotoStore *
new_store (void)
{
  g_autofree char *dir = data_dir ();

  return jz_photo_store_new (dir);
}

static GdkPixbuf *
gradient_pixbuf (int width,
                 int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + (gsize) y * stride + (gsize) x * 3;

        p[0] = (guint8) (x * 255 / width);
        p[1] = (guint8) (y * 255 / height);
        p[2] = (guint8) ((x / 16 + y / 16) % 2 ? 200 : 40);
      }

  return pixbuf;
}

/* Left half @left, right half @right (0xRRGGBB). */
static GdkPixbuf *
two_colour_pixbuf (int     width,
                   int     height,
                   guint32 left,
                   guint32 right)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  GdkPixbuf *half = gdk_pixbuf_new_subpixbuf (pixbuf, 0, 0, width / 2, height);

  gdk_pixbuf_fill (pixbuf, (right << 8) | 0xff);
  gdk_pixbuf_fill (half, (left << 8) | 0xff);
  g_object_unref (half);

  return pixbuf;
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        const char *type,
        const char *quality)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;
  gboolean ok;

  if (quality != NULL)
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error,
                                    "quality", quality, NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  return g_bytes_new_take (buffer, size);
}

/* What gdk-pixbuf cannot write: a progressive JPEG (as many phones and
 * web tools make), restart markers (as many cameras write), a grey one.
 * libjpeg's default error handler ends the test on an error. */
static GBytes *
encode_libjpeg (GdkPixbuf *pixbuf,
                gboolean   progressive,
                guint      restart_interval,
                gboolean   grey)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  GBytes *bytes;

  g_assert_cmpint (gdk_pixbuf_get_n_channels (pixbuf), ==, 3);
  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = (JDIMENSION) width;
  cinfo.image_height = (JDIMENSION) height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  if (grey)
    jpeg_set_colorspace (&cinfo, JCS_GRAYSCALE);
  jpeg_set_quality (&cinfo, 90, TRUE);
  if (progressive)
    jpeg_simple_progression (&cinfo);
  cinfo.restart_interval = restart_interval;
  jpeg_start_compress (&cinfo, TRUE);
  /* an APP marker a camera would write, besides the JFIF one */
  jpeg_write_marker (&cinfo, JPEG_APP0 + 13, (const JOCTET *) "Photoshop 3.0\0", 14);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = (JSAMPROW) (pixels + (gsize) cinfo.next_scanline * stride);

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);

  bytes = g_bytes_new (buffer, size);
  free (buffer);

  return bytes;
}

static char *
write_fixture (const char *name,
               GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "fixtures", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                       (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  return path;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files (path);
      else
        n++;
    }

  return n;
}

static void
assert_store_empty (void)
{
  g_autofree char *dir = data_dir ();

  /* covers blobs/, thumbnails/ and any temporary file left beside them */
  g_assert_cmpuint (count_files (dir), ==, 0);
}

static guint
count_store_files (const char *top)
{
  g_autofree char *base = data_dir ();
  g_autofree char *dir = g_build_filename (base, top, NULL);

  return count_files (dir);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

/* Named type: with isolated XDG dirs there is no MIME database, so
 * gdk_pixbuf_new_from_file() could not tell what the file is. */
static GdkPixbuf *
load_jpeg (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = read_bytes (path);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", &error);

  g_assert_no_error (error);
  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gdk_pixbuf_loader_get_pixbuf (loader));

  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static GdkPixbuf *
load_stored (JzPhotoStore *store,
             const char   *sha256)
{
  g_autofree char *path = jz_photo_store_blob_path (store, sha256);

  return load_jpeg (path);
}

static void
assert_pixel (GdkPixbuf *pixbuf,
              int        x,
              int        y,
              guint32    rgb)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) +
                    (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
                    (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);

  /* JPEG is lossy: near enough */
  g_assert_cmpint (ABS ((int) p[0] - (int) ((rgb >> 16) & 0xff)), <=, 12);
  g_assert_cmpint (ABS ((int) p[1] - (int) ((rgb >> 8) & 0xff)), <=, 12);
  g_assert_cmpint (ABS ((int) p[2] - (int) (rgb & 0xff)), <=, 12);
}

/* Finds the first segment with @marker before the scan data; returns the
 * offset of its length field, or 0. */
static gsize
find_jpeg_segment (GBytes *bytes,
                   guint8  marker)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  gsize i = 2;

  g_assert_cmpuint (len, >, 4);
  g_assert_cmpuint (p[0], ==, 0xff);
  g_assert_cmpuint (p[1], ==, 0xd8);

  while (i + 4 <= len)
    {
      g_assert_cmpuint (p[i], ==, 0xff);
      if (p[i + 1] == marker)
        return i + 2;
      if (p[i + 1] == 0xda)
        return 0;
      i += 2 + (((gsize) p[i + 2] << 8) | p[i + 3]);
    }

  return 0;
}

/* Offsets of the first byte of entropy-coded data after the first SOS and
 * of the end-of-image marker. */
static void
find_jpeg_scan (GBytes *bytes,
                gsize  *start,
                gsize  *end)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);
  gsize sos = find_jpeg_segment (bytes, 0xda);

  g_assert_cmpuint (sos, !=, 0);
  *start = sos + (((gsize) p[sos] << 8) | p[sos + 1]);
  g_assert_cmpuint (p[len - 2], ==, 0xff);
  g_assert_cmpuint (p[len - 1], ==, 0xd9);
  *end = len - 2;
  g_assert_cmpuint (*start + 256, <, *end);
}

static gboolean
contains (GBytes     *bytes,
          const void *needle,
          gsize       needle_len)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i + needle_len <= len; i++)
    {
      if (memcmp (p + i, needle, needle_len) == 0)
        return TRUE;
    }

  return FALSE;
}

/* APP1 with a little-endian TIFF structure: IFD0 holds Orientation and a
 * pointer to a GPS IFD holding GPSLatitudeRef = "N". */
static GBytes *
splice_exif (GBytes *jpeg,
             guint16 orientation)
{
  static const guint8 tiff_template[] = {
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,
    /* IFD0 at 8: two entries */
    0x02, 0x00,
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 38, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
    /* GPS IFD at 38: one entry */
    0x01, 0x00,
    0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 'N', 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 tiff[sizeof tiff_template];
  gsize len;
  const guint8 *p = g_bytes_get_data (jpeg, &len);
  guint16 seg_len = 2 + 6 + sizeof tiff;
  guint8 header[4] = { 0xff, 0xe1, seg_len >> 8, seg_len & 0xff };

  G_STATIC_ASSERT (sizeof tiff_template == 56);
  memcpy (tiff, tiff_template, sizeof tiff);
  tiff[18] = orientation & 0xff;
  tiff[19] = orientation >> 8;

  g_byte_array_append (out, p, 2);
  g_byte_array_append (out, header, 4);
  g_byte_array_append (out, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (out, tiff, sizeof tiff);
  g_byte_array_append (out, p + 2, len - 2);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static guint32
png_crc (const guint8 *p,
         gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= p[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }

  return crc ^ 0xffffffff;
}

/* Rewrites the IHDR dimensions (and its CRC, so libpng reads them). */
static GBytes *
png_with_size (GBytes  *png,
               guint32  width,
               guint32  height)
{
  gsize len;
  guint8 *p = g_memdup2 (g_bytes_get_data (png, &len), g_bytes_get_size (png));
  guint32 crc;

  g_assert_cmpmem (p + 12, 4, "IHDR", 4);
  for (int i = 0; i < 4; i++)
    {
      p[16 + i] = (width >> (24 - 8 * i)) & 0xff;
      p[20 + i] = (height >> (24 - 8 * i)) & 0xff;
    }
  crc = png_crc (p + 12, 4 + 13);
  for (int i = 0; i < 4; i++)
    p[29 + i] = (crc >> (24 - 8 * i)) & 0xff;

  return g_bytes_new_take (p, len);
}

static void
assert_import_fails (const char *name,
                     GBytes     *bytes,
                     int         code,
                     const char *message_part)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_fixture (name, bytes);
  JzPhotoInfo info = { { 0 } };

  g_assert_false (jz_photo_store_import_file (store, path, &info, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, message_part));
  assert_store_empty ();
  g_clear_error (&error);

  g_assert_false (jz_photo_store_import_bytes (store, bytes, &info, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, code);
  assert_store_empty ();
}

/* ---- Tests -------------------------------------------------------------- */

/* The photo-quality setting: low is smaller in both pixels and bytes, high
 * keeps the normal size with more bytes; the stored photo is what its hash
 * names whichever quality made it. */
static void
test_quality (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) pixbuf = gradient_pixbuf (3000, 2000);
  g_autoptr(GBytes) bytes = encode (pixbuf, "jpeg", "95");
  JzPhotoInfo low = { { 0 } }, normal = { { 0 } }, high = { { 0 } };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (jz_photo_store_get_quality (store), ==, JZ_PHOTO_QUALITY_NORMAL);
  g_assert_true (jz_photo_store_import_bytes (store, bytes, &normal, &error));
  g_assert_no_error (error);
  jz_photo_store_set_quality (store, JZ_PHOTO_QUALITY_LOW);
  g_assert_true (jz_photo_store_import_bytes (store, bytes, &low, &error));
  g_assert_no_error (error);
  jz_photo_store_set_quality (store, JZ_PHOTO_QUALITY_HIGH);
  g_assert_true (jz_photo_store_import_bytes (store, bytes, &high, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (normal.width, ==, JZ_PHOTO_LONG_SIDE);
  g_assert_cmpuint (high.width, ==, JZ_PHOTO_LONG_SIDE);
  g_assert_cmpuint (low.width, ==, 1600);
  g_assert_cmpuint (low.size, <, normal.size);
  g_assert_cmpuint (normal.size, <, high.size);
  g_assert_cmpstr (low.sha256, !=, normal.sha256);
  g_assert_cmpstr (high.sha256, !=, normal.sha256);
  g_assert_true (jz_photo_store_verify (store, low.sha256, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_store_verify (store, high.sha256, &error));
  g_assert_no_error (error);
}

static void
test_sha256_valid (void)
{
  g_assert_true (jz_photo_sha256_valid ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  g_assert_false (jz_photo_sha256_valid ("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
  g_assert_false (jz_photo_sha256_valid ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"));
  g_assert_false (jz_photo_sha256_valid ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555"));
  g_assert_false (jz_photo_sha256_valid ("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  g_assert_false (jz_photo_sha256_valid ("../../../../etc/passwd"));
  g_assert_false (jz_photo_sha256_valid (""));
  g_assert_false (jz_photo_sha256_valid (NULL));
}

static void
test_big_jpeg (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (4000, 3000);
  g_autoptr(GBytes) source_bytes = encode (source, "jpeg", "92");
  g_autofree char *path = write_fixture ("lease.jpg", source_bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;
  g_autofree char *blob_path = NULL;
  g_autofree char *thumb_path = NULL;
  g_autofree char *actual_sha = NULL;
  JzPhotoInfo info = { { 0 } };
  gsize dqt;

  g_assert_true (jz_photo_store_import_file (store, path, &info, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_sha256_valid (info.sha256));
  g_assert_cmpuint (info.width, ==, 2000);
  g_assert_cmpuint (info.height, ==, 1500);

  blob_path = jz_photo_store_blob_path (store, info.sha256);
  g_assert_nonnull (strstr (blob_path, "/blobs/"));
  stored = read_bytes (blob_path);
  g_assert_cmpuint (g_bytes_get_size (stored), ==, info.size);
  g_assert_cmpuint (info.size, <, g_bytes_get_size (source_bytes));
  actual_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, stored);
  g_assert_cmpstr (actual_sha, ==, info.sha256);
  g_assert_true (jz_photo_store_has (store, info.sha256));
  g_assert_true (jz_photo_store_verify (store, info.sha256, &error));
  g_assert_no_error (error);

  /* Quality 85: libjpeg scales the standard luminance table, whose first
   * entry 16 becomes (16 × 30 + 50) / 100 = 5 at that quality. */
  dqt = find_jpeg_segment (stored, 0xdb);
  g_assert_cmpuint (dqt, !=, 0);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (stored, NULL))[dqt + 3], ==, 5);

  decoded = load_stored (store, info.sha256);
  g_assert_cmpint (gdk_pixbuf_get_width (decoded), ==, 2000);
  g_assert_cmpint (gdk_pixbuf_get_height (decoded), ==, 1500);
  g_assert_false (gdk_pixbuf_get_has_alpha (decoded));

  thumb_path = jz_photo_store_thumbnail_path (store, info.sha256);
  g_assert_true (g_str_has_suffix (thumb_path, ".jpg"));
  thumb = load_jpeg (thumb_path);
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 256);
  g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 192);

  g_assert_cmpuint (count_store_files ("blobs"), ==, 1);
  g_assert_cmpuint (count_store_files ("thumbnails"), ==, 1);
}

static void
test_layout (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  const char *sha = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
  g_autofree char *base = data_dir ();
  g_autofree char *blob = jz_photo_store_blob_path (store, sha);
  g_autofree char *thumb = jz_photo_store_thumbnail_path (store, sha);
  g_autofree char *want_blob = g_build_filename (base, "blobs", "ab", "cd", sha, NULL);
  g_autofree char *want_thumb = g_strconcat (base, "/thumbnails/ab/cd/", sha, ".jpg", NULL);

  g_assert_cmpstr (blob, ==, want_blob);
  g_assert_cmpstr (thumb, ==, want_thumb);
  g_assert_false (jz_photo_store_has (store, sha));
  g_assert_false (jz_photo_store_has (store, "not a hash"));
}

static void
test_dedupe (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (640, 480);
  g_autoptr(GBytes) bytes = encode (source, "jpeg", "90");
  g_autofree char *path = write_fixture ("passport.jpg", bytes);
  g_autoptr(GError) error = NULL;
  g_autofree char *blob_path = NULL;
  GStatBuf before, after;
  JzPhotoInfo first = { { 0 } }, second = { { 0 } }, third = { { 0 } };

  g_assert_true (jz_photo_store_import_file (store, path, &first, &error));
  g_assert_no_error (error);
  blob_path = jz_photo_store_blob_path (store, first.sha256);
  g_assert_cmpint (g_stat (blob_path, &before), ==, 0);

  g_assert_true (jz_photo_store_import_file (store, path, &second, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_store_import_bytes (store, bytes, &third, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (first.sha256, ==, second.sha256);
  g_assert_cmpstr (first.sha256, ==, third.sha256);
  g_assert_cmpuint (first.size, ==, second.size);
  g_assert_cmpuint (count_store_files ("blobs"), ==, 1);
  g_assert_cmpuint (count_store_files ("thumbnails"), ==, 1);

  /* not rewritten: same inode */
  g_assert_cmpint (g_stat (blob_path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
}

/* An import says whether it wrote the blob; taking back an import removes
 * only a blob that import created (a material whose later page failed). */
static void
test_discard_new (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) kept_source = gradient_pixbuf (640, 480);
  g_autoptr(GdkPixbuf) new_source = gradient_pixbuf (320, 240);
  g_autoptr(GBytes) kept_bytes = encode (kept_source, "jpeg", "90");
  g_autoptr(GBytes) new_bytes = encode (new_source, "jpeg", "90");
  g_autoptr(GError) error = NULL;
  g_autofree char *kept_blob = NULL;
  g_autofree char *new_blob = NULL;
  g_autofree char *new_thumb = NULL;
  JzPhotoInfo earlier = { { 0 } }, again = { { 0 } }, fresh = { { 0 } };

  g_assert_true (jz_photo_store_import_bytes (store, kept_bytes, &earlier, &error));
  g_assert_no_error (error);
  g_assert_true (earlier.created);

  /* The same photo again: already there, so not this import's to remove. */
  g_assert_true (jz_photo_store_import_bytes (store, kept_bytes, &again, &error));
  g_assert_no_error (error);
  g_assert_false (again.created);
  g_assert_true (jz_photo_store_import_bytes (store, new_bytes, &fresh, &error));
  g_assert_no_error (error);
  g_assert_true (fresh.created);
  g_assert_cmpstr (fresh.sha256, !=, earlier.sha256);
  g_assert_cmpuint (count_store_files ("blobs"), ==, 2);
  g_assert_cmpuint (count_store_files ("thumbnails"), ==, 2);

  jz_photo_store_discard_new (store, &again);
  jz_photo_store_discard_new (store, &fresh);

  kept_blob = jz_photo_store_blob_path (store, earlier.sha256);
  new_blob = jz_photo_store_blob_path (store, fresh.sha256);
  new_thumb = jz_photo_store_thumbnail_path (store, fresh.sha256);
  g_assert_true (g_file_test (kept_blob, G_FILE_TEST_IS_REGULAR));
  g_assert_true (jz_photo_store_has (store, earlier.sha256));
  g_assert_false (g_file_test (new_blob, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (new_thumb, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_store_files ("blobs"), ==, 1);
  g_assert_cmpuint (count_store_files ("thumbnails"), ==, 1);
}

static void
test_png_alpha (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 300, 200);
  g_autoptr(GdkPixbuf) left = gdk_pixbuf_new_subpixbuf (source, 0, 0, 150, 200);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  JzPhotoInfo info = { { 0 } };

  gdk_pixbuf_fill (source, 0xff0000ff);  /* opaque red */
  gdk_pixbuf_fill (left, 0x00000000);    /* transparent black */
  bytes = encode (source, "png", NULL);
  path = write_fixture ("residence-card.png", bytes);

  g_assert_true (jz_photo_store_import_file (store, path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.width, ==, 300);
  g_assert_cmpuint (info.height, ==, 200);

  decoded = load_stored (store, info.sha256);
  g_assert_false (gdk_pixbuf_get_has_alpha (decoded));
  assert_pixel (decoded, 40, 100, 0xffffff);
  assert_pixel (decoded, 260, 100, 0xff0000);
}

static void
check_orientation (int width,
                   int height,
                   int want_width,
                   int want_height)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = two_colour_pixbuf (width, height, 0xff0000, 0x0000ff);
  g_autoptr(GBytes) plain = encode (source, "jpeg", "90");
  g_autoptr(GBytes) bytes = splice_exif (plain, 6);
  g_autofree char *path = write_fixture ("rotated.jpg", bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *blob_path = NULL;
  JzPhotoInfo info = { { 0 } };

  /* the fixture does carry what must be removed */
  g_assert_cmpuint (find_jpeg_segment (bytes, 0xe1), !=, 0);
  g_assert_true (contains (bytes, "Exif\0\0", 6));

  g_assert_true (jz_photo_store_import_file (store, path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.width, ==, want_width);
  g_assert_cmpuint (info.height, ==, want_height);

  /* Orientation 6: stored column 0 is the visual top, so the red left
   * half of the file ends up on top once turned upright. */
  decoded = load_stored (store, info.sha256);
  g_assert_cmpint (gdk_pixbuf_get_width (decoded), ==, want_width);
  g_assert_cmpint (gdk_pixbuf_get_height (decoded), ==, want_height);
  g_assert_null (gdk_pixbuf_get_option (decoded, "orientation"));
  assert_pixel (decoded, want_width / 2, want_height / 4, 0xff0000);
  assert_pixel (decoded, want_width / 2, want_height * 3 / 4, 0x0000ff);

  blob_path = jz_photo_store_blob_path (store, info.sha256);
  stored = read_bytes (blob_path);
  for (guint8 m = 0xe1; m <= 0xef; m++)
    g_assert_cmpuint (find_jpeg_segment (stored, m), ==, 0);
  g_assert_false (contains (stored, "Exif", 4));
  g_assert_false (contains (stored, "II*\0", 4));
}

static void
test_exif_orientation (void)
{
  check_orientation (400, 200, 200, 400);
}

static void
test_exif_orientation_scaled (void)
{
  /* the loader's scaling path must keep the orientation option */
  check_orientation (4000, 2000, 1000, 2000);
}

static void
test_not_an_image (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("Tenancy agreement, page 1\n", 26);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (32, 32);
  g_autoptr(GBytes) bmp = encode (source, "bmp", NULL);

  assert_import_fails ("notes.txt", text, JZ_PHOTO_ERROR_NOT_AN_IMAGE, "is not a JPEG or PNG image");
  assert_import_fails ("empty.jpg", empty, JZ_PHOTO_ERROR_NOT_AN_IMAGE, "is not a JPEG or PNG image");
  assert_import_fails ("scan.bmp", bmp, JZ_PHOTO_ERROR_NOT_AN_IMAGE, "is not a JPEG or PNG image");
}

static void
test_truncated_jpeg (void)
{
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (800, 600);
  g_autoptr(GBytes) whole = encode (source, "jpeg", "90");
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
  g_autoptr(GBytes) no_eoi = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) - 2);

  assert_import_fails ("lease.jpg", half, JZ_PHOTO_ERROR_TRUNCATED, "truncated (no end-of-image marker)");
  assert_import_fails ("lease.jpg", no_eoi, JZ_PHOTO_ERROR_TRUNCATED, "truncated");
}

static void
test_truncated_png (void)
{
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (800, 600);
  g_autoptr(GBytes) whole = encode (source, "png", NULL);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
  g_autoptr(GBytes) header_only = g_bytes_new_from_bytes (whole, 0, 20);

  assert_import_fails ("screenshot.png", half, JZ_PHOTO_ERROR_TRUNCATED, "truncated (no IEND chunk)");
  assert_import_fails ("screenshot.png", header_only, JZ_PHOTO_ERROR_TRUNCATED, "truncated");
}

static void
test_trailing_data (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (300, 200);
  g_autoptr(GBytes) plain = encode (source, "jpeg", "90");
  g_autoptr(GByteArray) padded = g_byte_array_new ();
  g_autoptr(GByteArray) motion = g_byte_array_new ();
  g_autoptr(GBytes) padded_bytes = NULL;
  g_autoptr(GBytes) motion_bytes = NULL;
  static const guint8 zeros[64] = { 0 };
  static const guint8 video[] = "\0\0\0\x18" "ftypmp42 not really a video";
  g_autoptr(GError) error = NULL;
  JzPhotoInfo a = { { 0 } }, b = { { 0 } }, c = { { 0 } };

  g_byte_array_append (padded, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
  g_byte_array_append (padded, zeros, sizeof zeros);
  padded_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&padded));
  /* a motion photo: a video after the end-of-image marker */
  g_byte_array_append (motion, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
  g_byte_array_append (motion, video, sizeof video);
  motion_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&motion));

  g_assert_true (jz_photo_store_import_bytes (store, plain, &a, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_store_import_bytes (store, padded_bytes, &b, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_store_import_bytes (store, motion_bytes, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (a.sha256, ==, b.sha256);
  g_assert_cmpstr (a.sha256, ==, c.sha256);
  g_assert_cmpuint (count_store_files ("blobs"), ==, 1);
}

static void
test_too_large (void)
{
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (64, 48);
  g_autoptr(GBytes) jpeg = encode (source, "jpeg", "90");
  g_autoptr(GBytes) png = encode (source, "png", NULL);
  g_autoptr(GBytes) huge_jpeg = NULL;
  g_autoptr(GBytes) huge_png = NULL;
  g_autoptr(GBytes) wide_png = NULL;
  gsize sof = find_jpeg_segment (jpeg, 0xc0);
  gsize len;
  guint8 *p = g_memdup2 (g_bytes_get_data (jpeg, &len), g_bytes_get_size (jpeg));

  /* SOF0: length (2), precision (1), height (2), width (2) */
  g_assert_cmpuint (sof, !=, 0);
  g_assert_cmpuint (p[sof + 3], ==, 0);
  g_assert_cmpuint (p[sof + 4], ==, 48);
  p[sof + 3] = 60000 >> 8;
  p[sof + 4] = 60000 & 0xff;
  p[sof + 5] = 60000 >> 8;
  p[sof + 6] = 60000 & 0xff;
  huge_jpeg = g_bytes_new_take (p, len);

  assert_import_fails ("id-card.jpg", huge_jpeg, JZ_PHOTO_ERROR_TOO_LARGE, "60000 × 60000 pixels");

  /* within the side limit but over the PNG pixel budget */
  huge_png = png_with_size (png, 8000, 8000);
  assert_import_fails ("scan.png", huge_png, JZ_PHOTO_ERROR_TOO_LARGE, "8000 × 8000 pixels");

  wide_png = png_with_size (png, 40000, 10);
  assert_import_fails ("strip.png", wide_png, JZ_PHOTO_ERROR_TOO_LARGE, "40000 × 10 pixels");
}

static void
test_corrupt (void)
{
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (64, 48);
  g_autoptr(GBytes) png = encode (source, "png", NULL);
  g_autoptr(GBytes) jpeg = encode (source, "jpeg", "90");
  g_autoptr(GBytes) bad_png = NULL;
  g_autoptr(GBytes) bad_jpeg = NULL;
  gsize len;
  guint8 *p;
  gsize sof;

  /* IHDR changed without fixing its CRC */
  p = g_memdup2 (g_bytes_get_data (png, &len), g_bytes_get_size (png));
  p[17] ^= 0x40;
  bad_png = g_bytes_new_take (p, len);
  assert_import_fails ("form.png", bad_png, JZ_PHOTO_ERROR_CORRUPT, "is damaged");

  /* a frame with no colour components */
  sof = find_jpeg_segment (jpeg, 0xc0);
  g_assert_cmpuint (sof, !=, 0);
  p = g_memdup2 (g_bytes_get_data (jpeg, &len), g_bytes_get_size (jpeg));
  p[sof + 7] = 0;
  bad_jpeg = g_bytes_new_take (p, len);
  assert_import_fails ("form.jpg", bad_jpeg, JZ_PHOTO_ERROR_CORRUPT, "is damaged");
}

/* Whether gdk-pixbuf's loader takes @bytes without an error (it does for
 * damaged scan data, hence the check with libjpeg). */
static gboolean
pixbuf_loader_accepts (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);

  return gdk_pixbuf_loader_write_bytes (loader, bytes, NULL) &&
         gdk_pixbuf_loader_close (loader, NULL) &&
         gdk_pixbuf_loader_get_pixbuf (loader) != NULL;
}

/* Bytes changed in the middle of the compressed data, the structure left
 * intact: gdk-pixbuf decodes a garbled picture, the import must refuse. */
static void
test_damaged_scan (void)
{
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (640, 480);
  g_autoptr(GBytes) jpeg = encode (source, "jpeg", "90");
  g_autoptr(GBytes) progressive = encode_libjpeg (source, TRUE, 0, FALSE);
  g_autoptr(GBytes) restarts = encode_libjpeg (source, FALSE, 4, FALSE);
  struct {
    const char *name;
    GBytes     *good;
  } cases[] = {
    { "passport.jpg", jpeg },
    { "hukou-page.jpg", progressive },
    { "lease-p2.jpg", restarts },
  };

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gsize len, start, end, mid, changed = 0;
      guint8 *p;
      g_autoptr(GBytes) flipped = NULL;
      g_autoptr(GBytes) cut = NULL;
      g_autoptr(GByteArray) shorter = g_byte_array_new ();

      find_jpeg_scan (cases[c].good, &start, &end);
      mid = start + (end - start) / 2;

      /* flipped bits; no 0xff made or unmade, so no marker appears or goes */
      p = g_memdup2 (g_bytes_get_data (cases[c].good, &len), g_bytes_get_size (cases[c].good));
      for (gsize i = mid; i < mid + 64 && changed < 12; i += 5)
        {
          if (p[i] == 0xff || p[i - 1] == 0xff || (p[i] ^ 0x5a) == 0xff)
            continue;
          p[i] ^= 0x5a;
          changed++;
        }
      g_assert_cmpuint (changed, >=, 8);
      flipped = g_bytes_new_take (p, len);

      /* 48 bytes dropped from the middle, as from a bad copy */
      p = (guint8 *) g_bytes_get_data (cases[c].good, &len);
      g_byte_array_append (shorter, p, (guint) mid);
      g_byte_array_append (shorter, p + mid + 48, (guint) (len - mid - 48));
      cut = g_byte_array_free_to_bytes (g_steal_pointer (&shorter));

      /* the gap this closes: the loader alone accepts the baseline one */
      if (c == 0)
        g_assert_true (pixbuf_loader_accepts (flipped));

      assert_import_fails (cases[c].name, flipped, JZ_PHOTO_ERROR_CORRUPT,
                           "the JPEG data is damaged (");
      assert_import_fails (cases[c].name, cut, JZ_PHOTO_ERROR_CORRUPT,
                           "take or scan the document again");
    }
}

/* JPEGs as cameras, phones and scanners write them pass the check. */
static void
test_valid_jpeg_kinds (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (1000, 750);
  g_autoptr(GBytes) q95 = encode (source, "jpeg", "95");
  g_autoptr(GBytes) q60 = encode (source, "jpeg", "60");
  GBytes *kinds[] = {
    q95,
    splice_exif (q60, 1),
    encode_libjpeg (source, TRUE, 0, FALSE),
    encode_libjpeg (source, TRUE, 0, TRUE),
    encode_libjpeg (source, FALSE, 2, FALSE),
    encode_libjpeg (source, TRUE, 10, FALSE),
  };

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      JzPhotoInfo info = { { 0 } };

      g_test_message ("kind %" G_GSIZE_FORMAT, k);
      g_assert_true (jz_photo_store_import_bytes (store, kinds[k], &info, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (info.width, ==, 1000);
      g_assert_cmpuint (info.height, ==, 750);
    }

  for (gsize k = 1; k < G_N_ELEMENTS (kinds); k++)
    g_bytes_unref (kinds[k]);
}

static void
test_missing_file (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "nowhere.jpg", NULL);

  g_assert_false (jz_photo_store_import_file (store, path, NULL, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nowhere.jpg"));
  assert_store_empty ();
}

static void
test_verify (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (640, 480);
  g_autoptr(GBytes) bytes = encode (source, "jpeg", "90");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *blob_path = NULL;
  const char *absent = "0000000000000000000000000000000000000000000000000000000000000000";
  JzPhotoInfo info = { { 0 } };
  guint8 *p;
  gsize len;

  g_assert_true (jz_photo_store_import_bytes (store, bytes, &info, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_store_verify (store, info.sha256, &error));
  g_assert_no_error (error);

  blob_path = jz_photo_store_blob_path (store, info.sha256);
  stored = read_bytes (blob_path);
  p = g_memdup2 (g_bytes_get_data (stored, &len), g_bytes_get_size (stored));
  p[len / 2] ^= 0x01;
  g_file_set_contents (blob_path, (const char *) p, (gssize) len, &error);
  g_assert_no_error (error);
  g_free (p);

  g_assert_false (jz_photo_store_verify (store, info.sha256, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM);
  g_clear_error (&error);

  g_assert_false (jz_photo_store_verify (store, absent, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (jz_photo_store_verify (store, "../blobs", &error));
  g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM);
}

static void
test_add_verified_blob (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (320, 240);
  g_autoptr(GBytes) bytes = encode (source, "jpeg", "85");
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *wrong = g_strdup (sha);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *blob_path = NULL;
  g_autofree char *thumb_path = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;

  wrong[0] = wrong[0] == '0' ? '1' : '0';
  g_assert_false (jz_photo_store_add_verified_blob (store, wrong, bytes, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM);
  g_clear_error (&error);
  g_assert_false (jz_photo_store_has (store, wrong));
  g_assert_false (jz_photo_store_add_verified_blob (store, "ABC", bytes, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM);
  g_clear_error (&error);
  assert_store_empty ();

  g_assert_true (jz_photo_store_add_verified_blob (store, sha, bytes, &error));
  g_assert_no_error (error);
  g_assert_true (jz_photo_store_has (store, sha));
  g_assert_true (jz_photo_store_verify (store, sha, &error));
  g_assert_no_error (error);
  /* again: nothing changes */
  g_assert_true (jz_photo_store_add_verified_blob (store, sha, bytes, &error));
  g_assert_no_error (error);

  /* stored byte for byte, not re-encoded */
  blob_path = jz_photo_store_blob_path (store, sha);
  stored = read_bytes (blob_path);
  g_assert_true (g_bytes_equal (stored, bytes));
  g_assert_cmpuint (count_store_files ("blobs"), ==, 1);
  g_assert_cmpuint (count_store_files ("thumbnails"), ==, 0);

  g_assert_true (jz_photo_store_ensure_thumbnail (store, sha, &error));
  g_assert_no_error (error);
  thumb_path = jz_photo_store_thumbnail_path (store, sha);
  thumb = load_jpeg (thumb_path);
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 256);
  g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 192);
}

typedef struct
{
  GMainLoop  *loop;
  gboolean    ok;
  JzPhotoInfo info;
  GError     *error;
} AsyncResult;

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = jz_photo_store_import_file_finish (JZ_PHOTO_STORE (source), result,
                                             &r->info, &r->error);
  g_main_loop_quit (r->loop);
}

static void
test_async (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (2400, 1200);
  g_autoptr(GBytes) bytes = encode (source, "jpeg", "90");
  g_autofree char *path = write_fixture ("household.jpg", bytes);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autofree char *text_path = write_fixture ("hello.txt", text);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  AsyncResult r = { loop, FALSE, { { 0 } }, NULL };
  JzPhotoInfo sync_info = { { 0 } };

  jz_photo_store_import_file_async (store, path, NULL, on_imported, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.info.width, ==, 2000);
  g_assert_cmpuint (r.info.height, ==, 1000);

  g_assert_true (jz_photo_store_import_file (store, path, &sync_info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sync_info.sha256, ==, r.info.sha256);

  jz_photo_store_import_file_async (store, text_path, NULL, on_imported, &r);
  g_main_loop_run (loop);
  g_assert_false (r.ok);
  g_assert_error (r.error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NOT_AN_IMAGE);
  g_clear_error (&r.error);
}

static void
test_async_cancelled (void)
{
  g_autoptr(JzPhotoStore) store = new_store ();
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (640, 480);
  g_autoptr(GBytes) bytes = encode (source, "jpeg", "90");
  g_autofree char *path = write_fixture ("cancelled.jpg", bytes);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult r = { loop, TRUE, { { 0 } }, NULL };

  g_cancellable_cancel (cancellable);
  jz_photo_store_import_file_async (store, path, cancellable, on_imported, &r);
  g_main_loop_run (loop);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  assert_store_empty ();
}

/* ---- Garbage collection --------------------------------------------- */

#define DAY (24 * 60 * 60)

/* A fake blob and thumbnail: the collection looks at names and times only. */
static void
put_blob (JzPhotoStore *store,
          const char   *sha,
          int           age_days,
          gboolean      with_thumbnail)
{
  g_autofree char *blob = jz_photo_store_blob_path (store, sha);
  g_autofree char *thumb = jz_photo_store_thumbnail_path (store, sha);
  g_autofree char *blob_dir = g_path_get_dirname (blob);
  g_autofree char *thumb_dir = g_path_get_dirname (thumb);
  struct utimbuf t;

  t.actime = t.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - (gint64) age_days * DAY);
  g_assert_cmpint (g_mkdir_with_parents (blob_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (blob, "0123456789", 10, NULL));
  g_assert_cmpint (g_utime (blob, &t), ==, 0);
  if (with_thumbnail)
    {
      g_assert_cmpint (g_mkdir_with_parents (thumb_dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (thumb, "01234", 5, NULL));
      g_assert_cmpint (g_utime (thumb, &t), ==, 0);
    }
}

static gboolean
blob_here (JzPhotoStore *store,
           const char   *sha)
{
  return jz_photo_store_has (store, sha);
}

static gboolean
thumbnail_here (JzPhotoStore *store,
                const char   *sha)
{
  g_autofree char *thumb = jz_photo_store_thumbnail_path (store, sha);

  return g_file_test (thumb, G_FILE_TEST_EXISTS);
}

static char *
put_capture (const char *dir,
             const char *name,
             int         age_days)
{
  g_autofree char *captures = g_build_filename (dir, "captures", NULL);
  char *path = g_build_filename (captures, name, NULL);
  struct utimbuf t;

  t.actime = t.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - (gint64) age_days * DAY);
  g_assert_cmpint (g_mkdir_with_parents (captures, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "PNG…", -1, NULL));
  g_assert_cmpint (g_utime (path, &t), ==, 0);
  return path;
}

#define SHA(c) c c c c c c c c c c c c c c c c   /* 16 × 4 hex digits */
#define OLD_PORTRAIT SHA ("a001")   /* only in the edit history */
#define PORTRAIT     SHA ("a002")   /* the current record */
#define PAGE         SHA ("a003")   /* a page of a material not pushed yet */
#define DRAFT        SHA ("a004")   /* deep in a draft */
#define UNUSED_OLD   SHA ("b001")
#define UNUSED_NEW   SHA ("b002")
#define ORPHAN_THUMB SHA ("b003")   /* a thumbnail whose blob is gone */

static void
test_collect (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-gc-XXXXXX", &error);
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzPhotoStore) photos = NULL;
  g_autoptr(GHashTable) refs = NULL;
  g_autoptr(JsonObject) draft = json_object_new ();
  g_autofree char *old_capture = NULL;
  g_autofree char *new_capture = NULL;
  g_autofree char *person = NULL;
  g_autofree char *orphan = NULL;
  JzPhotoCollectResult r = { 0 };
  const char *keep[] = { OLD_PORTRAIT, PORTRAIT, PAGE, DRAFT };

  g_assert_no_error (error);
  store = jz_store_open (dir, &error);
  g_assert_no_error (error);
  photos = jz_photo_store_new (dir);

  /* A person whose portrait was retaken: the first stays in the history. */
  {
    g_autoptr(JzSave) save = jz_save_new ("tester");
    g_autoptr(JzSave) update = jz_save_new ("tester");
    g_autoptr(JsonObject) o = json_object_new ();
    g_autoptr(JsonObject) u = json_object_new ();

    json_object_set_string_member (o, "id_number", "110101199003074514");
    json_object_set_string_member (o, "name", "测试");
    json_object_set_string_member (o, "portrait", OLD_PORTRAIT);
    person = g_strdup (jz_save_create (save, "person", o));
    g_assert_true (jz_store_commit (store, save, &error));
    g_assert_no_error (error);
    json_object_set_string_member (u, "portrait", PORTRAIT);
    jz_save_update (update, "person", person, u);
    g_assert_true (jz_store_commit (store, update, &error));
    g_assert_no_error (error);
  }
  /* Everything so far is pushed; a later save with a page is not. */
  g_assert_true (jz_store_acknowledge (store, jz_store_outbox_pending (store, NULL),
                                       NULL, 0, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JzSave) save = jz_save_new ("tester");
    g_autoptr(JsonObject) o = json_object_new ();
    g_autoptr(JsonArray) pages = json_array_new ();
    const char *app;
    g_autoptr(JsonObject) a = json_object_new ();

    json_object_set_string_member (a, "person_id", person);
    json_object_set_string_member (a, "kind", "first");
    json_object_set_string_member (a, "applied_on", "2026-03-01");
    app = jz_save_create (save, "application", a);
    json_array_add_string_element (pages, PAGE);
    json_object_set_string_member (o, "application_id", app);
    json_object_set_string_member (o, "document", "id_card");
    json_object_set_array_member (o, "pages", json_array_ref (pages));
    jz_save_create (save, "material", o);
    g_assert_true (jz_store_commit (store, save, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), >, 0);
  {
    g_autoptr(JsonObject) values = json_object_new ();
    g_autoptr(JsonArray) list = json_array_new ();

    json_array_add_string_element (list, DRAFT);
    json_object_set_array_member (values, "photos", json_array_ref (list));
    json_object_set_object_member (draft, "values", json_object_ref (values));
    g_assert_true (jz_store_draft_save (store, "d1", "declaration", draft, &error));
    g_assert_no_error (error);
  }

  refs = jz_store_photo_references (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    g_assert_true (g_hash_table_contains (refs, keep[i]));
  g_assert_false (g_hash_table_contains (refs, UNUSED_OLD));

  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    put_blob (photos, keep[i], 30, TRUE);
  put_blob (photos, UNUSED_OLD, 30, TRUE);
  put_blob (photos, UNUSED_NEW, 1, TRUE);
  orphan = jz_photo_store_thumbnail_path (photos, ORPHAN_THUMB);
  put_blob (photos, ORPHAN_THUMB, 30, TRUE);
  {
    g_autofree char *blob = jz_photo_store_blob_path (photos, ORPHAN_THUMB);

    g_assert_cmpint (g_unlink (blob), ==, 0);
  }
  old_capture = put_capture (dir, "capture-old.png", 8);
  new_capture = put_capture (dir, "capture-new.png", 2);

  /* A dry run counts and removes nothing. */
  g_assert_true (jz_photo_store_collect (photos, refs, 7 * DAY, TRUE, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.blobs, ==, 1);
  g_assert_cmpuint (r.blob_bytes, ==, 10);
  g_assert_cmpuint (r.thumbnails, ==, 2);
  g_assert_cmpuint (r.captures, ==, 1);
  g_assert_cmpuint (r.kept_referenced, ==, 4);
  g_assert_cmpuint (r.kept_recent, ==, 1);
  g_assert_true (blob_here (photos, UNUSED_OLD));
  g_assert_true (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (old_capture, G_FILE_TEST_EXISTS));

  memset (&r, 0, sizeof r);
  g_assert_true (jz_photo_store_collect (photos, refs, 7 * DAY, FALSE, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.blobs, ==, 1);
  g_assert_cmpuint (r.thumbnails, ==, 2);
  g_assert_cmpuint (r.thumbnail_bytes, ==, 10);
  g_assert_cmpuint (r.captures, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    {
      g_assert_true (blob_here (photos, keep[i]));
      g_assert_true (thumbnail_here (photos, keep[i]));
    }
  g_assert_false (blob_here (photos, UNUSED_OLD));
  g_assert_false (thumbnail_here (photos, UNUSED_OLD));
  g_assert_true (blob_here (photos, UNUSED_NEW));        /* grace */
  g_assert_true (thumbnail_here (photos, UNUSED_NEW));
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old_capture, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (new_capture, G_FILE_TEST_EXISTS));

  /* Nothing more the second time. */
  memset (&r, 0, sizeof r);
  g_assert_true (jz_photo_store_collect (photos, refs, 7 * DAY, FALSE, &r, NULL, &error));
  g_assert_cmpuint (r.blobs + r.thumbnails + r.captures, ==, 0);

  /* The draft goes (the form is discarded): its photo goes next time. */
  g_assert_true (jz_store_draft_delete (store, "d1", &error));
  g_assert_no_error (error);
  g_clear_pointer (&refs, g_hash_table_unref);
  refs = jz_store_photo_references (store, &error);
  g_assert_no_error (error);
  g_assert_false (g_hash_table_contains (refs, DRAFT));
  g_assert_true (g_hash_table_contains (refs, OLD_PORTRAIT));
  g_assert_true (jz_photo_store_collect (photos, refs, 7 * DAY, FALSE, &r, NULL, &error));
  g_assert_false (blob_here (photos, DRAFT));
  g_assert_true (blob_here (photos, OLD_PORTRAIT));
}

/* Importing a photo already stored starts its grace period again. */
static void
test_collect_reimport (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-gc-XXXXXX", &error);
  g_autoptr(JzPhotoStore) photos = jz_photo_store_new (dir);
  g_autoptr(GdkPixbuf) source = gradient_pixbuf (320, 240);
  g_autoptr(GBytes) bytes = encode (source, "jpeg", "90");
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *blob = NULL;
  JzPhotoInfo info = { { 0 } };
  JzPhotoCollectResult r = { 0 };
  struct utimbuf t;

  g_assert_true (jz_photo_store_import_bytes (photos, bytes, &info, &error));
  g_assert_no_error (error);
  blob = jz_photo_store_blob_path (photos, info.sha256);
  t.actime = t.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - 30 * DAY);
  g_assert_cmpint (g_utime (blob, &t), ==, 0);
  g_assert_true (jz_photo_store_import_bytes (photos, bytes, &info, &error));
  g_assert_true (jz_photo_store_collect (photos, none, 7 * DAY, FALSE, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.blobs, ==, 0);
  g_assert_cmpuint (r.kept_recent, ==, 1);
  g_assert_true (jz_photo_store_has (photos, info.sha256));

  /* Aged again and not imported: it goes, thumbnail and all. */
  g_assert_cmpint (g_utime (blob, &t), ==, 0);
  g_assert_true (jz_photo_store_collect (photos, none, 7 * DAY, FALSE, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.blobs, ==, 1);
  g_assert_cmpuint (r.thumbnails, ==, 1);
  g_assert_false (jz_photo_store_has (photos, info.sha256));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/photo/sha256-valid", test_sha256_valid);
  g_test_add_func ("/photo/layout", test_layout);
  g_test_add_func ("/photo/quality", test_quality);
  g_test_add_func ("/photo/big-jpeg", test_big_jpeg);
  g_test_add_func ("/photo/dedupe", test_dedupe);
  g_test_add_func ("/photo/discard-new", test_discard_new);
  g_test_add_func ("/photo/png-alpha", test_png_alpha);
  g_test_add_func ("/photo/exif-orientation", test_exif_orientation);
  g_test_add_func ("/photo/exif-orientation-scaled", test_exif_orientation_scaled);
  g_test_add_func ("/photo/not-an-image", test_not_an_image);
  g_test_add_func ("/photo/truncated-jpeg", test_truncated_jpeg);
  g_test_add_func ("/photo/truncated-png", test_truncated_png);
  g_test_add_func ("/photo/trailing-data", test_trailing_data);
  g_test_add_func ("/photo/too-large", test_too_large);
  g_test_add_func ("/photo/corrupt", test_corrupt);
  g_test_add_func ("/photo/damaged-scan", test_damaged_scan);
  g_test_add_func ("/photo/valid-jpeg-kinds", test_valid_jpeg_kinds);
  g_test_add_func ("/photo/missing-file", test_missing_file);
  g_test_add_func ("/photo/verify", test_verify);
  g_test_add_func ("/photo/add-verified-blob", test_add_verified_blob);
  g_test_add_func ("/photo/async", test_async);
  g_test_add_func ("/photo/async-cancelled", test_async_cancelled);
  g_test_add_func ("/photo/collect", test_collect);
  g_test_add_func ("/photo/collect-reimport", test_collect_reimport);
  test_photo_normalise_add_tests ();

  return g_test_run ();
}
