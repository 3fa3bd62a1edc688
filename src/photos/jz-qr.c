/* jz-qr.c — QR codes: made for a printed paper, read off a photo of one
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A photo is decoded as an import is (its size and type checked first),
 * at up to 4096 px on its long side: a code 28 mm wide on an A4 sheet
 * photographed whole at 12 megapixels is then about 4 px a module, which
 * zbar reads (at 3000 px it missed one photo in ten). When nothing is
 * found there, the photo is tried again at half that size, where the
 * noise of a dim room weighs less.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-qr.h"

#include <string.h>

#if JZ_HAVE_QR
#include <qrencode.h>
#include <zbar.h>
#endif

#include "jz-photo.h"
#include "jz-photo-private.h"

#define READ_LONG_SIDE 4096

gboolean
jz_qr_available (char **why)
{
#if JZ_HAVE_QR
  if (why != NULL)
    *why = NULL;
  return TRUE;
#else
  if (why != NULL)
    *why = g_strdup (_("this build of Juzhu cannot make or read QR codes (built without libqrencode "
                       "and libzbar)"));
  return FALSE;
#endif
}

GBytes *
jz_qr_encode (const char  *text,
              guint       *size,
              GError     **error)
{
#if JZ_HAVE_QR
  QRcode *code;
  guint8 *modules;
  gsize n;

  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_set_error_literal (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_TOO_LARGE,
                           _("the text is too long for a QR code"));
      return NULL;
    }
  n = (gsize) code->width * code->width;
  modules = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    modules[i] = code->data[i] & 1;
  *size = (guint) code->width;
  QRcode_free (code);
  return g_bytes_new_take (modules, n);
#else
  g_autofree char *why = NULL;

  jz_qr_available (&why);
  g_set_error_literal (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NO_QR, why);
  return NULL;
#endif
}

#if JZ_HAVE_QR
/* Luma, one byte a pixel, of @pixbuf scaled to @long_side at most. */
static guint8 *
grey_of (GdkPixbuf *pixbuf,
         int        long_side,
         int       *width,
         int       *height)
{
  g_autoptr(GdkPixbuf) scaled = NULL;
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  const guint8 *pixels;
  int stride, channels;
  guint8 *grey;

  if (MAX (w, h) > long_side)
    {
      double f = (double) long_side / MAX (w, h);

      w = MAX (1, (int) (w * f));
      h = MAX (1, (int) (h * f));
      scaled = gdk_pixbuf_scale_simple (pixbuf, w, h, GDK_INTERP_BILINEAR);
    }
  else
    scaled = g_object_ref (pixbuf);
  pixels = gdk_pixbuf_read_pixels (scaled);
  stride = gdk_pixbuf_get_rowstride (scaled);
  channels = gdk_pixbuf_get_n_channels (scaled);
  grey = g_malloc ((gsize) w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * channels;

        grey[(gsize) y * w + x] = (guint8) ((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
      }
  *width = w;
  *height = h;
  return grey;
}

static void
scan (GdkPixbuf *pixbuf,
      int        long_side,
      GPtrArray *out)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t *image = zbar_image_create ();
  int w = 0, h = 0;
  guint8 *grey = grey_of (pixbuf, long_side, &w, &h);

  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, (unsigned) w, (unsigned) h);
  zbar_image_set_data (image, grey, (unsigned long) w * h, zbar_image_free_data);
  if (zbar_scan_image (scanner, image) > 0)
    for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s != NULL; s = zbar_symbol_next (s))
      {
        const char *data = zbar_symbol_get_data (s);
        unsigned len = zbar_symbol_get_data_length (s);

        /* text only: a code is shown and compared, never run */
        if (data != NULL && len > 0 && len <= 4096 && memchr (data, '\0', len) == NULL &&
            g_utf8_validate (data, len, NULL))
          g_ptr_array_add (out, g_strndup (data, len));
      }
  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
}
#endif

GStrv
jz_qr_read (GBytes      *photo,
            const char  *name,
            GError     **error)
{
#if JZ_HAVE_QR
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  pixbuf = _jz_photo_decode (photo, name, READ_LONG_SIDE, error);
  if (pixbuf == NULL)
    return NULL;
  scan (pixbuf, READ_LONG_SIDE, out);
  if (out->len == 0)
    scan (pixbuf, READ_LONG_SIDE / 2, out);
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
#else
  g_autofree char *why = NULL;

  jz_qr_available (&why);
  g_set_error_literal (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NO_QR, why);
  return NULL;
#endif
}

char *
jz_qr_read_one (GBytes      *photo,
                const char  *name,
                const char  *prefix,
                GError     **error)
{
  g_auto(GStrv) codes = jz_qr_read (photo, name, error);

  if (codes == NULL)
    return NULL;
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_str_has_prefix (codes[i], prefix))
      return g_strdup (codes[i]);
  if (codes[0] != NULL)
    return g_strdup (codes[0]);
  g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NOT_FOUND,
               _("No QR code was found on %s. Photograph the code itself, flat and filling a good part "
                 "of the frame."), name);
  return NULL;
}
