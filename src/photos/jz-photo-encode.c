/* jz-photo-encode.c — writing a normalised photo: grey or colour, and the
 * quality that fits its byte budget
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A photo is written with libjpeg directly (gdk-pixbuf cannot write a grey
 * JPEG, nor optimise the Huffman tables, which saves 5–10 % for nothing):
 * a JFIF header and the picture, no other marker, so no metadata.
 *
 * Grey or colour (_jz_photo_colour_matters()): a photo of a printed page
 * carries nothing in its colour but the tint of the light and the table
 * it lies on; written grey, the bytes that chroma would take go to the
 * text. A card, a portrait, a coloured certificate keep their colour.
 *
 * The quality (_jz_photo_encode_fitted()): the highest from the setting's
 * own down to JZ_PHOTO_MIN_QUALITY whose file fits the setting's budget.
 * Size falls smoothly with quality, close to (100 − q)^−0.9 for these
 * photos, so the search guesses from that and then interpolates between
 * the qualities it has tried: two to four encodes where the cap does not
 * fit, one where it does. A photo that does not fit even at the floor
 * (mostly noise) is kept at the floor: text stays legible there (see
 * docs/performance.md), and a photo over budget is still a photo.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <jpeglib.h>
#include <jerror.h>

#include "jz-photo-private.h"

/* ---- Colour or grey ----------------------------------------------------- */

/* A pixel's colour is its distance from the photo's mean colour on the
 * opponent axes R − G and (R + G) / 2 − B: the mean is the tint of the
 * light on white paper, which no page needs. A pixel counts as coloured
 * beyond this distance (in 8-bit levels)… */
#define COLOUR_DISTANCE 16
/* …and colour matters when this share of the middle of the photo is
 * coloured. A page with blue ink and a red seal has about 5 %, the back
 * and front of an ID card over 20 % (the test set in tests/). */
#define COLOUR_SHARE 0.10
/* It also matters when the mean itself is further than this from grey:
 * no lamp left that strong a tint on white paper after the phone's white
 * balance (the test set's warm light is about 25), but a red booklet's
 * cover, a yellow form or a face filling the frame is. */
#define TINT_DISTANCE 60

/**
 * _jz_photo_colour_matters:
 *
 * Whether @pixbuf needs its colour: looks at the middle 60 % × 60 %
 * (where the document is; around it is the table), one pixel in four.
 * Colour is kept when in doubt: grey saves bytes, not legibility (see
 * docs/performance.md).
 */
gboolean
_jz_photo_colour_matters (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int x0 = width / 5, x1 = MAX (x0 + 1, width - width / 5);
  int y0 = height / 5, y1 = MAX (y0 + 1, height - height / 5);
  gint64 sum_rg = 0, sum_yb = 0;
  guint64 n = 0, coloured = 0;
  int mean_rg, mean_yb;

  /* opponent values doubled, to stay in integers: 2(R − G) and R + G − 2B */
  for (int y = y0; y < y1; y += 2)
    {
      const guint8 *p = pixels + (gsize) y * stride + (gsize) x0 * channels;

      for (int x = x0; x < x1; x += 2, p += 2 * channels)
        {
          sum_rg += 2 * (p[0] - p[1]);
          sum_yb += p[0] + p[1] - 2 * p[2];
          n++;
        }
    }
  mean_rg = (int) (sum_rg / (gint64) n);
  mean_yb = (int) (sum_yb / (gint64) n);
  if (mean_rg * mean_rg + mean_yb * mean_yb > 4 * TINT_DISTANCE * TINT_DISTANCE)
    return TRUE;

  for (int y = y0; y < y1; y += 2)
    {
      const guint8 *p = pixels + (gsize) y * stride + (gsize) x0 * channels;

      for (int x = x0; x < x1; x += 2, p += 2 * channels)
        {
          int rg = 2 * (p[0] - p[1]) - mean_rg;
          int yb = p[0] + p[1] - 2 * p[2] - mean_yb;

          /* the axes are doubled, hence (2 × distance)² */
          if (rg * rg + yb * yb > 4 * COLOUR_DISTANCE * COLOUR_DISTANCE)
            coloured++;
        }
    }

  return coloured > COLOUR_SHARE * n;
}

/* ---- libjpeg ------------------------------------------------------------ */

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} EncodeErrorMgr;

static G_NORETURN void
encode_error_exit (j_common_ptr cinfo)
{
  EncodeErrorMgr *err = (EncodeErrorMgr *) cinfo->err;

  cinfo->err->format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

static void
encode_output_message (j_common_ptr cinfo)
{
  /* nothing on stderr */
}

/* Output into a GByteArray that the caller owns, so nothing is lost or
 * leaked when an error jumps out of libjpeg. */
typedef struct
{
  struct jpeg_destination_mgr pub;
  GByteArray                 *out;
} ByteArrayDest;

#define DEST_CHUNK 65536

static void
dest_init (j_compress_ptr cinfo)
{
  ByteArrayDest *dest = (ByteArrayDest *) cinfo->dest;

  g_byte_array_set_size (dest->out, DEST_CHUNK);
  dest->pub.next_output_byte = dest->out->data;
  dest->pub.free_in_buffer = DEST_CHUNK;
}

static boolean
dest_empty (j_compress_ptr cinfo)
{
  ByteArrayDest *dest = (ByteArrayDest *) cinfo->dest;
  guint used = dest->out->len;

  /* libjpeg hands back a full buffer, whatever free_in_buffer said */
  g_byte_array_set_size (dest->out, used + MAX (DEST_CHUNK, used / 2));
  dest->pub.next_output_byte = dest->out->data + used;
  dest->pub.free_in_buffer = dest->out->len - used;

  return TRUE;
}

static void
dest_term (j_compress_ptr cinfo)
{
  ByteArrayDest *dest = (ByteArrayDest *) cinfo->dest;

  g_byte_array_set_size (dest->out, dest->out->len - (guint) dest->pub.free_in_buffer);
}

/**
 * _jz_photo_encode_jpeg:
 * @grey: write one grey component (the luminance libjpeg computes from
 *   the RGB) instead of colour
 *
 * A baseline JPEG of @pixbuf (RGB, with or without alpha, which is
 * ignored: _jz_photo_decode() has flattened it) at @quality, its Huffman
 * tables optimised, with a JFIF header and no other marker.
 */
GBytes *
_jz_photo_encode_jpeg (GdkPixbuf   *pixbuf,
                       int          quality,
                       gboolean     grey,
                       const char  *name,
                       GError     **error)
{
  struct jpeg_compress_struct cinfo;
  EncodeErrorMgr err;
  ByteArrayDest dest;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  g_autofree guint8 *packed = channels == 3 ? NULL : g_new (guint8, (gsize) width * 3);

  memset (&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = encode_error_exit;
  err.pub.output_message = encode_output_message;
  err.message[0] = '\0';

  if (setjmp (err.jump))
    {
      jpeg_destroy_compress (&cinfo);
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_IO,
                   _("Cannot encode %s as JPEG: %s"), name, err.message);
      return NULL;
    }

  jpeg_create_compress (&cinfo);
  dest.pub.init_destination = dest_init;
  dest.pub.empty_output_buffer = dest_empty;
  dest.pub.term_destination = dest_term;
  dest.out = out;
  cinfo.dest = &dest.pub;

  cinfo.image_width = (JDIMENSION) width;
  cinfo.image_height = (JDIMENSION) height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  if (grey)
    jpeg_set_colorspace (&cinfo, JCS_GRAYSCALE);
  jpeg_set_quality (&cinfo, quality, TRUE);
  cinfo.optimize_coding = TRUE;
  jpeg_start_compress (&cinfo, TRUE);

  while (cinfo.next_scanline < cinfo.image_height)
    {
      const guint8 *src = pixels + (gsize) cinfo.next_scanline * stride;
      JSAMPROW row;

      if (packed != NULL)
        {
          for (int x = 0; x < width; x++)
            memcpy (packed + x * 3, src + x * channels, 3);
          row = packed;
        }
      else
        row = (JSAMPROW) src;
      jpeg_write_scanlines (&cinfo, &row, 1);
    }

  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- The quality that fits ---------------------------------------------- */

/* size ≈ C (100 − q)^−SIZE_EXPONENT: a guess of the quality at which
 * @size (at @quality) becomes @budget. */
#define SIZE_EXPONENT 0.9

static double
guess_from_one (int    quality,
                gsize  size,
                gsize  budget)
{
  return 100 - (100 - quality) * pow ((double) size / budget, 1 / SIZE_EXPONENT);
}

/* Between two tried qualities, on the same log–log line through both. */
static double
guess_between (int   q_small,
               gsize s_small,
               int   q_large,
               gsize s_large,
               gsize budget)
{
  double a = log (100.0 - q_small), b = log (100.0 - q_large);
  double ls = log ((double) s_small), ll = log ((double) s_large);

  if (ll - ls < 1e-9)
    return (q_small + q_large) / 2.0;

  return 100 - exp (a + (b - a) * (log ((double) budget) - ls) / (ll - ls));
}

/**
 * _jz_photo_encode_fitted:
 * @target: the quality cap, the floor and the byte budget
 * @grey: grey or colour (the store asks _jz_photo_colour_matters())
 * @chosen: (out): what was written
 *
 * @pixbuf as a JPEG at the highest quality in [@target->min_quality,
 * @target->max_quality] whose file fits @target->budget bytes, or at the
 * floor when none does.
 */
GBytes *
_jz_photo_encode_fitted (GdkPixbuf           *pixbuf,
                         const JzPhotoTarget *target,
                         gboolean             grey,
                         JzPhotoChoice       *chosen,
                         const char          *name,
                         GError             **error)
{
  g_autoptr(GBytes) fits = NULL;      /* the best that fits, at q_fits */
  g_autoptr(GBytes) too_big = NULL;   /* the last one over, at q_over */
  int q_over = target->max_quality;
  int q_fits = target->min_quality - 1;   /* not tried */
  guint encodes = 1;
  gboolean last_was_over = TRUE;
  guint same_side = 0;

  too_big = _jz_photo_encode_jpeg (pixbuf, q_over, grey, name, error);
  if (too_big == NULL)
    return NULL;

  if (g_bytes_get_size (too_big) <= target->budget)
    {
      fits = g_steal_pointer (&too_big);
      q_fits = q_over;
    }

  while (fits == NULL || q_fits < q_over - 1)
    {
      g_autoptr(GBytes) bytes = NULL;
      double guess;
      int q;

      if (q_over <= target->min_quality)
        break;   /* the floor is over the budget */
      if (fits == NULL)
        guess = guess_from_one (q_over, g_bytes_get_size (too_big), target->budget);
      else if (same_side >= 2)
        guess = (q_fits + q_over) / 2.0;   /* interpolation stuck on one side */
      else
        guess = guess_between (q_fits, g_bytes_get_size (fits),
                               q_over, g_bytes_get_size (too_big), target->budget);
      /* an interpolated guess lands just on the budget: a little under it
       * is more likely to fit */
      q = CLAMP ((int) floor (guess), q_fits + 1, q_over - 1);

      bytes = _jz_photo_encode_jpeg (pixbuf, q, grey, name, error);
      if (bytes == NULL)
        return NULL;
      encodes++;

      if (g_bytes_get_size (bytes) <= target->budget)
        {
          g_clear_pointer (&fits, g_bytes_unref);
          fits = g_steal_pointer (&bytes);
          q_fits = q;
          same_side = last_was_over ? 0 : same_side + 1;
          last_was_over = FALSE;
        }
      else
        {
          g_clear_pointer (&too_big, g_bytes_unref);
          too_big = g_steal_pointer (&bytes);
          q_over = q;
          same_side = last_was_over ? same_side + 1 : 0;
          last_was_over = TRUE;
        }
    }

  if (chosen != NULL)
    {
      chosen->grey = grey;
      chosen->quality = fits != NULL ? q_fits : q_over;
      chosen->encodes = encodes;
    }

  return fits != NULL ? g_steal_pointer (&fits) : g_steal_pointer (&too_big);
}
