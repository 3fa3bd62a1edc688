/* jz-photo-image.c — checking, decoding and re-encoding a photo
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only JPEG and PNG are accepted, each handed to its own gdk-pixbuf loader
 * by name (never sniffed by gdk-pixbuf, which would also try SVG, TIFF,
 * ICO…). Completeness is checked from the file structure first, the
 * dimensions from the header before anything is decoded. A JPEG's
 * compressed data is then checked with libjpeg itself (check_jpeg_data()).
 */
#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <jpeglib.h>
#include <jerror.h>

#include "jz-photo-private.h"

typedef enum
{
  FORMAT_NONE,
  FORMAT_JPEG,
  FORMAT_PNG,
} Format;

typedef enum
{
  SCAN_COMPLETE,
  SCAN_TRUNCATED,
  SCAN_MALFORMED,
} ScanResult;

static Format
sniff_format (const guint8 *data,
              gsize         len)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return FORMAT_JPEG;
  if (len >= 8 && memcmp (data, png_signature, 8) == 0)
    return FORMAT_PNG;

  return FORMAT_NONE;
}

/* libjpeg (through gdk-pixbuf) decodes a JPEG cut short without complaint,
 * filling the rest with grey, so completeness is checked from the structure:
 * the segments are walked to the end-of-image marker. Bytes after it are
 * ignored rather than refused, because phones append data there (motion
 * photos put a whole video after EOI). */
static ScanResult
scan_jpeg (const guint8 *p,
           gsize         len)
{
  gsize i = 2;

  while (i < len)
    {
      guint8 marker;
      gsize seg_len;

      /* libjpeg skips stray bytes between segments with a warning; so do we */
      if (p[i] != 0xff)
        {
          i++;
          continue;
        }
      while (i < len && p[i] == 0xff)
        i++;
      if (i >= len)
        return SCAN_TRUNCATED;

      marker = p[i++];
      if (marker == 0xd9)
        return SCAN_COMPLETE;
      if (marker == 0x00 || marker == 0x01 || marker == 0xd8 ||
          (marker >= 0xd0 && marker <= 0xd7))
        continue;

      if (len - i < 2)
        return SCAN_TRUNCATED;
      seg_len = ((gsize) p[i] << 8) | p[i + 1];
      if (seg_len < 2)
        return SCAN_MALFORMED;
      if (len - i < seg_len)
        return SCAN_TRUNCATED;
      i += seg_len;

      if (marker != 0xda)
        continue;

      /* Entropy-coded data after SOS: an 0xff there is followed by a
       * stuffed 0x00, a restart marker or fill, else it starts a marker. */
      for (;;)
        {
          const guint8 *ff = memchr (p + i, 0xff, len - i);
          guint8 next;

          if (ff == NULL || (gsize) (ff - p) + 1 >= len)
            return SCAN_TRUNCATED;
          i = (gsize) (ff - p);
          next = p[i + 1];
          if (next == 0x00 || next == 0xff || (next >= 0xd0 && next <= 0xd7))
            {
              i += next == 0xff ? 1 : 2;
              continue;
            }
          break;
        }
    }

  return SCAN_TRUNCATED;
}

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} CheckErrorMgr;

static G_NORETURN void
check_error_exit (j_common_ptr cinfo)
{
  CheckErrorMgr *err = (CheckErrorMgr *) cinfo->err;

  cinfo->err->format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

/* A warning (msg_level -1) is where libjpeg reports damaged compressed data
 * ("Corrupt JPEG data: bad Huffman code", "premature end of data segment",
 * "N extraneous bytes before marker") and then carries on, filling in what
 * it could not decode; here it ends the check like an error. Warnings about
 * the headers alone, which do not change the picture, are let through. */
static void
check_emit_message (j_common_ptr cinfo,
                    int          msg_level)
{
  if (msg_level >= 0)
    return;

  switch (cinfo->err->msg_code)
    {
    case JWRN_ADOBE_XFORM:
    case JWRN_JFIF_MAJOR:
    case JWRN_BOGUS_ICC:
      return;
    default:
      check_error_exit (cinfo);
    }
}

static void
check_output_message (j_common_ptr cinfo)
{
  /* nothing on stderr */
}

/* gdk-pixbuf's loader ignores libjpeg's warnings and returns a garbled
 * picture when the compressed data is damaged, so the whole file is decoded
 * once more here, straight with libjpeg, at 1/8 scale (mostly just the
 * Huffman decoding) into one row that is thrown away. FALSE with libjpeg's
 * message in @message (JMSG_LENGTH_MAX bytes) on any error or warning.
 * A JPEG over the size limits passes: the loader refuses it by its header. */
static gboolean
check_jpeg_data (const guint8 *data,
                 gsize         len,
                 char         *message)
{
  struct jpeg_decompress_struct cinfo;
  CheckErrorMgr err;
  JSAMPARRAY row;

  memset (&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = check_error_exit;
  err.pub.emit_message = check_emit_message;
  err.pub.output_message = check_output_message;
  err.message[0] = '\0';

  if (setjmp (err.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      g_strlcpy (message, err.message, JMSG_LENGTH_MAX);
      return FALSE;
    }

  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, (unsigned long) len);
  jpeg_read_header (&cinfo, TRUE);

  if (cinfo.image_width > JZ_PHOTO_MAX_SIDE || cinfo.image_height > JZ_PHOTO_MAX_SIDE ||
      (guint64) cinfo.image_width * cinfo.image_height > JZ_PHOTO_MAX_JPEG_PIXELS)
    {
      jpeg_destroy_decompress (&cinfo);
      return TRUE;
    }

  cinfo.scale_num = 1;
  cinfo.scale_denom = 8;
  cinfo.dct_method = JDCT_IFAST;
  cinfo.do_fancy_upsampling = FALSE;
  cinfo.do_block_smoothing = FALSE;
  /* the chroma is still Huffman-decoded, but not transformed or converted */
  if (cinfo.jpeg_color_space == JCS_YCbCr || cinfo.jpeg_color_space == JCS_GRAYSCALE)
    cinfo.out_color_space = JCS_GRAYSCALE;

  jpeg_start_decompress (&cinfo);
  /* freed with cinfo, also when an error jumps out */
  row = cinfo.mem->alloc_sarray ((j_common_ptr) &cinfo, JPOOL_IMAGE,
                                 cinfo.output_width * cinfo.output_components, 1);
  while (cinfo.output_scanline < cinfo.output_height)
    jpeg_read_scanlines (&cinfo, row, 1);
  /* reads on to the end-of-image marker, which can still warn */
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);

  return TRUE;
}

/* Chunks are walked to IEND; anything after it is ignored. CRCs are left
 * to libpng, which checks them on the chunks it needs. */
static ScanResult
scan_png (const guint8 *p,
          gsize         len)
{
  gsize i = 8;

  while (len - i >= 12)
    {
      guint32 chunk_len = ((guint32) p[i] << 24) | ((guint32) p[i + 1] << 16) |
                          ((guint32) p[i + 2] << 8) | p[i + 3];

      if (chunk_len > G_MAXINT32)
        return SCAN_MALFORMED;
      if (len - i - 12 < chunk_len)
        return SCAN_TRUNCATED;
      if (memcmp (p + i + 4, "IEND", 4) == 0)
        return SCAN_COMPLETE;
      i += 12 + (gsize) chunk_len;
    }

  return SCAN_TRUNCATED;
}

static void
fit_long_side (int  width,
               int  height,
               int  long_side,
               int *out_width,
               int *out_height)
{
  if (width <= long_side && height <= long_side)
    {
      *out_width = width;
      *out_height = height;
    }
  else if (width >= height)
    {
      *out_width = long_side;
      *out_height = MAX (1, (int) ((double) height * long_side / width + 0.5));
    }
  else
    {
      *out_height = long_side;
      *out_width = MAX (1, (int) ((double) width * long_side / height + 0.5));
    }
}

typedef struct
{
  Format   format;
  int      long_side;
  int      width;
  int      height;
  gboolean refused;
} SizeRequest;

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeRequest *req = user_data;
  guint64 limit = req->format == FORMAT_PNG ? JZ_PHOTO_MAX_PNG_PIXELS
                                            : JZ_PHOTO_MAX_JPEG_PIXELS;
  int w, h;

  req->width = width;
  req->height = height;

  if (width <= 0 || height <= 0 ||
      width > JZ_PHOTO_MAX_SIDE || height > JZ_PHOTO_MAX_SIDE ||
      (guint64) width * (guint64) height > limit)
    {
      /* A zero size makes the loader give up before it allocates anything,
       * the same trick gdk_pixbuf_get_file_info() uses. */
      req->refused = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  /* For a JPEG this lets libjpeg decode at 1/2, 1/4 or 1/8 scale. */
  fit_long_side (width, height, req->long_side, &w, &h);
  if (w != width || h != height)
    gdk_pixbuf_loader_set_size (loader, w, h);
}

static GdkPixbuf *
flatten_on_white (GdkPixbuf *src)
{
  int width = gdk_pixbuf_get_width (src);
  int height = gdk_pixbuf_get_height (src);
  int src_stride = gdk_pixbuf_get_rowstride (src);
  const guint8 *src_pixels = gdk_pixbuf_read_pixels (src);
  GdkPixbuf *dest;
  int dest_stride;
  guint8 *dest_pixels;

  dest = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (dest == NULL)
    return NULL;
  dest_stride = gdk_pixbuf_get_rowstride (dest);
  dest_pixels = gdk_pixbuf_get_pixels (dest);

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src_pixels + (gsize) y * src_stride;
      guint8 *d = dest_pixels + (gsize) y * dest_stride;

      for (int x = 0; x < width; x++, s += 4, d += 3)
        {
          guint a = s[3];

          for (int c = 0; c < 3; c++)
            d[c] = (guint8) ((s[c] * a + 255 * (255 - a) + 127) / 255);
        }
    }

  return dest;
}

/* @name is how the user knows the file, for messages. */
GdkPixbuf *
_jz_photo_decode (GBytes      *bytes,
                  const char  *name,
                  int          long_side,
                  GError     **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  Format format = sniff_format (data, len);
  SizeRequest req = { format, long_side, 0, 0, FALSE };
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GdkPixbuf *decoded;

  if (format == FORMAT_NONE)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NOT_AN_IMAGE,
                   _("%s is not a JPEG or PNG image"), name);
      return NULL;
    }

  if (len > JZ_PHOTO_MAX_FILE_SIZE)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                   _("%s is too large (%lu MB; at most %u MB)"),
                   name, (unsigned long) (len / (1024 * 1024)), JZ_PHOTO_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  switch (format == FORMAT_JPEG ? scan_jpeg (data, len) : scan_png (data, len))
    {
    case SCAN_COMPLETE:
      break;
    case SCAN_TRUNCATED:
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TRUNCATED,
                   format == FORMAT_JPEG ? _("%s is truncated (no end-of-image marker)")
                                         : _("%s is truncated (no IEND chunk)"),
                   name);
      return NULL;
    case SCAN_MALFORMED:
    default:
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CORRUPT,
                   format == FORMAT_JPEG ? _("%s is damaged (a JPEG segment has an impossible length)")
                                         : _("%s is damaged (a PNG chunk has an impossible length)"),
                   name);
      return NULL;
    }

  if (format == FORMAT_JPEG)
    {
      char message[JMSG_LENGTH_MAX];

      if (!check_jpeg_data (data, len, message))
        {
          /* Translators: the second %s is libjpeg's own (English) message */
          g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CORRUPT,
                       _("%s: the JPEG data is damaged (%s); take or scan the document again"),
                       name, message);
          return NULL;
        }
    }

  loader = gdk_pixbuf_loader_new_with_type (format == FORMAT_JPEG ? "jpeg" : "png",
                                            &local_error);
  if (loader == NULL)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                   _("Cannot read %s: %s"), name, local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &req);

  /* On a failed write the loader closes itself, so close is not reached. */
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error) ||
      !gdk_pixbuf_loader_close (loader, &local_error) ||
      req.refused)
    {
      if (req.refused)
        g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                     _("%s is %d × %d pixels; a photo may have at most %d pixels a side "
                       "and %u megapixels"),
                     name, req.width, req.height, JZ_PHOTO_MAX_SIDE,
                     (format == FORMAT_PNG ? JZ_PHOTO_MAX_PNG_PIXELS
                                           : JZ_PHOTO_MAX_JPEG_PIXELS) / 1000000u);
      else if (g_error_matches (local_error, GDK_PIXBUF_ERROR,
                                GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY))
        g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                     _("%s is too large to open: %s"), name, local_error->message);
      else
        g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CORRUPT,
                     _("%s is damaged: %s"), name,
                     local_error ? local_error->message : _("the decoder gave no reason"));
      return NULL;
    }

  decoded = gdk_pixbuf_loader_get_pixbuf (loader);
  if (decoded == NULL)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CORRUPT,
                   _("%s is damaged: it holds no picture"), name);
      return NULL;
    }

  /* Reads the "orientation" option the JPEG loader set from EXIF; the
   * loader's own scaling keeps the options (tested). */
  oriented = gdk_pixbuf_apply_embedded_orientation (decoded);
  if (oriented == NULL)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                   _("%s is too large to open: out of memory"), name);
      return NULL;
    }

  if (gdk_pixbuf_get_has_alpha (oriented))
    {
      GdkPixbuf *flat = flatten_on_white (oriented);

      if (flat == NULL)
        {
          g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                       _("%s is too large to open: out of memory"), name);
          return NULL;
        }
      return flat;
    }

  return g_steal_pointer (&oriented);
}

GBytes *
_jz_photo_make_thumbnail (GdkPixbuf   *pixbuf,
                          gboolean     grey,
                          const char  *name,
                          GError     **error)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int w, h;
  g_autoptr(GdkPixbuf) small = NULL;

  fit_long_side (width, height, JZ_PHOTO_THUMBNAIL_LONG_SIDE, &w, &h);
  if (w == width && h == height)
    small = g_object_ref (pixbuf);
  else
    small = gdk_pixbuf_scale_simple (pixbuf, w, h, GDK_INTERP_BILINEAR);

  if (small == NULL)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                   _("Cannot make a thumbnail of %s: out of memory"), name);
      return NULL;
    }

  return _jz_photo_encode_jpeg (small, JZ_PHOTO_THUMBNAIL_QUALITY, grey, name, error);
}

/* The dimensions a PNG's IHDR says (after the 8-byte signature: length,
 * "IHDR", width, height). */
static gboolean
png_dimensions (const guint8 *data,
                gsize         len,
                guint        *width,
                guint        *height)
{
  if (len < 24 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = ((guint) data[16] << 24) | ((guint) data[17] << 16) | ((guint) data[18] << 8) | data[19];
  *height = ((guint) data[20] << 24) | ((guint) data[21] << 16) | ((guint) data[22] << 8) | data[23];
  return TRUE;
}

static gboolean
jpeg_dimensions (const guint8 *data,
                 gsize         len,
                 guint        *width,
                 guint        *height)
{
  struct jpeg_decompress_struct cinfo;
  CheckErrorMgr err;

  memset (&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = check_error_exit;
  err.pub.emit_message = check_emit_message;
  err.pub.output_message = check_output_message;
  if (setjmp (err.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      return FALSE;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, (unsigned long) len);
  jpeg_read_header (&cinfo, TRUE);
  *width = cinfo.image_width;
  *height = cinfo.image_height;
  jpeg_destroy_decompress (&cinfo);
  return TRUE;
}

/**
 * jz_photo_check_received:
 * @bytes: a photo as another device sent it
 * @mime_type: (out) (optional): "image/jpeg" or "image/png"
 *
 * What the county server checks before it keeps a photo: a whole JPEG or
 * PNG, at most JZ_PHOTO_MAX_RECEIVED_SIDE pixels a side (read from the
 * header, before anything is decoded), whose data decodes: a JPEG with
 * libjpeg at 1/8 scale, a PNG (at most JZ_PHOTO_MAX_RECEIVED_PNG_PIXELS)
 * with gdk-pixbuf. Devices only ever send normalised JPEGs of at most
 * JZ_PHOTO_LONG_SIDE pixels; anything else is refused, never stored.
 */
gboolean
jz_photo_check_received (GBytes      *bytes,
                         const char **mime_type,
                         GError     **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  Format format = sniff_format (data, len);
  guint width = 0, height = 0;
  ScanResult scan;

  if (format == FORMAT_NONE)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NOT_AN_IMAGE,
                   "the photo is not a JPEG or PNG image");
      return FALSE;
    }
  scan = format == FORMAT_JPEG ? scan_jpeg (data, len) : scan_png (data, len);
  if (scan != SCAN_COMPLETE)
    {
      g_set_error (error, JZ_PHOTO_ERROR,
                   scan == SCAN_TRUNCATED ? JZ_PHOTO_ERROR_TRUNCATED : JZ_PHOTO_ERROR_CORRUPT,
                   scan == SCAN_TRUNCATED ? "the photo is truncated" : "the photo is damaged");
      return FALSE;
    }
  if (!(format == FORMAT_JPEG ? jpeg_dimensions (data, len, &width, &height)
                              : png_dimensions (data, len, &width, &height)) ||
      width == 0 || height == 0)
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CORRUPT,
                   "the photo's header is damaged");
      return FALSE;
    }
  if (width > JZ_PHOTO_MAX_RECEIVED_SIDE || height > JZ_PHOTO_MAX_RECEIVED_SIDE ||
      (format == FORMAT_PNG && (guint64) width * height > JZ_PHOTO_MAX_RECEIVED_PNG_PIXELS))
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                   "the photo is %u × %u pixels; a photo sent to the server has at most %u "
                   "pixels a side", width, height, JZ_PHOTO_MAX_RECEIVED_SIDE);
      return FALSE;
    }

  if (format == FORMAT_JPEG)
    {
      char message[JMSG_LENGTH_MAX];

      if (!check_jpeg_data (data, len, message))
        {
          g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CORRUPT,
                       "the photo's JPEG data is damaged (%s)", message);
          return FALSE;
        }
    }
  else
    {
      g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
      g_autoptr(GError) local_error = NULL;

      if (loader == NULL ||
          !gdk_pixbuf_loader_write_bytes (loader, bytes, &local_error) ||
          !gdk_pixbuf_loader_close (loader, &local_error) ||
          gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
        {
          g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CORRUPT,
                       "the photo's PNG data is damaged (%s)",
                       local_error ? local_error->message : "no picture");
          return FALSE;
        }
    }

  if (mime_type != NULL)
    *mime_type = format == FORMAT_JPEG ? "image/jpeg" : "image/png";
  return TRUE;
}
