/* jz-id-card-reader.c — the ID number and the name read off a photo of an ID card
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How (docs/app.md, "Reading an ID card"; figures in docs/performance.md):
 *
 * 1. The photo is decoded as an import decodes it (_jz_photo_decode: the
 *    same limits, the EXIF orientation applied), at most 2000 pixels a
 *    side, and made grey.
 * 2. Tesseract's English model reads it as sparse text with only the
 *    digits and X allowed, so every line comes out as digits. In each
 *    line, every run of 18 is given to GB 11643 (jz_id_number_parse: a
 *    province, a real birth date not in the future, the check character).
 *    The first that passes is the number; a misread digit fails the check
 *    character, so it is counted as refused and never offered. Nothing
 *    found at 1600 pixels, it tries 2000: text that is too small or too
 *    blurred at one size often reads at another; then 1600 again with
 *    the light flattened (_jz_id_card_unveil) for finding the lines.
 *    (Step 2 in full, with the second reading a number needs, is in
 *    jz-id-card-number.c.)
 * 3. The name sits above the number at a fixed place on the card: from
 *    the number's baseline (its start, its length, its slope) the band
 *    where the name is printed is cut out upright and read with the
 *    Simplified Chinese model as a block; its first line, kept to Chinese
 *    characters and the middle dot of minority names, is the guess.
 *
 * Tesseract's handles are made once per reader and used by one read at a
 * time (they are not thread-safe); the async read runs in a GTask thread.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "jz-id-card-private.h"
#include "jz-id-card-reader.h"
#include "jz-id-number.h"
#include "jz-photo.h"
#include "jz-photo-private.h"


struct _JzIdCardReader
{
  GObject      parent_instance;

  GMutex       lock;
#if JZ_HAVE_OCR
  TessBaseAPI *digits;    /* eng, digits and X only */
  TessBaseAPI *chinese;   /* chi_sim */
#endif
};

G_DEFINE_FINAL_TYPE (JzIdCardReader, jz_id_card_reader, G_TYPE_OBJECT)

void
jz_id_card_reading_free (JzIdCardReading *reading)
{
  if (reading == NULL)
    return;
  g_free (reading->id_number);
  g_free (reading->name);
  g_free (reading);
}

static void
jz_id_card_reader_finalize (GObject *object)
{
#if JZ_HAVE_OCR
  JzIdCardReader *self = JZ_ID_CARD_READER (object);

  if (self->digits != NULL)
    {
      TessBaseAPIEnd (self->digits);
      TessBaseAPIDelete (self->digits);
    }
  if (self->chinese != NULL)
    {
      TessBaseAPIEnd (self->chinese);
      TessBaseAPIDelete (self->chinese);
    }
#endif
  g_mutex_clear (&JZ_ID_CARD_READER (object)->lock);

  G_OBJECT_CLASS (jz_id_card_reader_parent_class)->finalize (object);
}

static void
jz_id_card_reader_class_init (JzIdCardReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jz_id_card_reader_finalize;
}

static void
jz_id_card_reader_init (JzIdCardReader *self)
{
  g_mutex_init (&self->lock);
}

JzIdCardReader *
jz_id_card_reader_new (void)
{
  return g_object_new (JZ_TYPE_ID_CARD_READER, NULL);
}

#if JZ_HAVE_OCR

/* Where Tesseract looks for its models: TESSDATA_PREFIX, or the directory
 * the build was configured with (meson option tessdata: where Debian's
 * tesseract-ocr packages put them, /app/share/tessdata in the Flatpak). */
static char *
tessdata_dir (void)
{
  const char *prefix = g_getenv ("TESSDATA_PREFIX");

  if (prefix != NULL && *prefix != '\0')
    return g_strdup (prefix);
  return g_strdup (JZ_TESSDATA_DIR);
}

static gboolean
model_found (const char *lang)
{
  g_autofree char *dir = tessdata_dir ();
  g_autofree char *file = g_strconcat (lang, ".traineddata", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

gboolean
jz_id_card_reader_available (char **why)
{
  if (!model_found ("eng"))
    {
      if (why != NULL)
        *why = g_strdup (_("Tesseract's English data are not installed (tesseract-ocr-eng)"));
      return FALSE;
    }
  if (!model_found ("chi_sim"))
    {
      if (why != NULL)
        *why = g_strdup (_("Tesseract's Simplified Chinese data are not installed (tesseract-ocr-chi-sim)"));
      return FALSE;
    }
  return TRUE;
}

static TessBaseAPI *
new_api (const char  *lang,
         GError     **error)
{
  g_autofree char *dir = tessdata_dir ();
  TessBaseAPI *api = TessBaseAPICreate ();

  if (TessBaseAPIInit3 (api, dir, lang) != 0)
    {
      TessBaseAPIDelete (api);
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NO_OCR,
                   _("Cannot start Tesseract with its “%s” data in %s"), lang, dir);
      return NULL;
    }
  /* its notes ("Estimating resolution…") are no one's business */
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  return api;
}

static gboolean
ensure_apis (JzIdCardReader  *self,
             GError         **error)
{
  if (self->digits == NULL)
    {
      self->digits = new_api ("eng", error);
      if (self->digits == NULL)
        return FALSE;
      TessBaseAPISetVariable (self->digits, "tessedit_char_whitelist", "0123456789X");
      TessBaseAPISetPageSegMode (self->digits, PSM_SPARSE_TEXT);
    }
  if (self->chinese == NULL)
    {
      self->chinese = new_api ("chi_sim", error);
      if (self->chinese == NULL)
        return FALSE;
      TessBaseAPISetPageSegMode (self->chinese, PSM_SINGLE_BLOCK);
    }
  return TRUE;
}

/* ---- Tesseract ------------------------------------------------------------- */

void
_jz_id_card_fragment_free (gpointer data)
{
  Fragment *f = data;

  g_free (f->digits);
  g_clear_pointer (&f->boxes, g_array_unref);
  g_free (f);
}

static bool
cancel_cb (void *cancel_this,
           int   words)
{
  return g_cancellable_is_cancelled (cancel_this);
}

/* Tesseract's recognition of what was set, cancellable; FALSE when it
 * failed or was cancelled. */
gboolean
_jz_id_card_recognize (TessBaseAPI  *api,
                       GCancellable *cancellable)
{
  g_autoptr(GCancellable) own = cancellable ? NULL : g_cancellable_new ();
  ETEXT_DESC *monitor = TessMonitorCreate ();
  int rc;

  TessMonitorSetCancelFunc (monitor, cancel_cb);
  TessMonitorSetCancelThis (monitor, cancellable ? cancellable : own);
  rc = TessBaseAPIRecognize (api, monitor);
  TessMonitorDelete (monitor);

  return rc == 0 && !g_cancellable_is_cancelled (cancellable);
}

/* ---- the name -------------------------------------------------------------- */

/* The band the name is printed in, as a part of the number's length from
 * the start of its baseline: along the baseline from −0.35 to 0.55, across
 * it from 1.04 to 0.70 above. The card's layout puts the name's baseline
 * about 0.8 to 0.9 of the number's length above the number's, and the
 * value about a quarter of it left of the number's start. A number's
 * length misjudged brings in the line above (样本 on a specimen) or below
 * (性别 … 民族): those are passed over by what they say, and the name is
 * then not guessed rather than guessed wrong. */
#define NAME_U0 (-0.35)
#define NAME_U1 0.55
#define NAME_V0 (-1.04)
#define NAME_V1 (-0.70)

/* Tesseract's mean confidence under which what the band held is taken
 * for no line of print: on a hundred cards photographed, every name read
 * right had 34 or more, the guesses made of a glare's edge or of the
 * card's waves 27 or less, and a lease page's lines above its number
 * (no card) 2 to 5. */
#define NAME_MIN_CONFIDENCE 30

static gboolean
is_name_char (gunichar c)
{
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c == 0x00b7 || c == 0x30fb;
}

/* Lines that are not the name: the sex and ethnicity line (its labels
 * and values), the birth date's label, a specimen's mark. */
static gboolean
is_other_line (const char *kept)
{
  static const char *const words[] = { "民族", "性别", "出生", "样本", "住址" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (kept, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The first line of @text with a name in it, kept to a name's
 * characters; NULL when none. */
static char *
name_from_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      const char *p = lines[i];
      glong n;

      /* Latin letters: SPECIMEN, or noise */
      if (!g_utf8_validate (p, -1, NULL) || strpbrk (p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
        continue;
      for (; *p; p = g_utf8_next_char (p))
        if (is_name_char (g_utf8_get_char (p)))
          g_string_append_unichar (name, g_utf8_get_char (p) == 0x30fb ? 0x00b7 : g_utf8_get_char (p));
      if (name->len == 0 || is_other_line (name->str))
        continue;
      /* the label, when the band caught it */
      if (g_str_has_prefix (name->str, "姓名"))
        g_string_erase (name, 0, strlen ("姓名"));
      else if (g_str_has_prefix (name->str, "名"))
        g_string_erase (name, 0, strlen ("名"));
      n = g_utf8_strlen (name->str, -1);
      if (n < 2)
        continue;   /* a piece of a line cut by the band's edge */
      /* the first line that is not another's is the name's, or nothing is */
      return n <= 20 ? g_string_free (g_steal_pointer (&name), FALSE) : NULL;
    }
  return NULL;
}

static char *
read_name (JzIdCardReader *self,
           const Grey     *grey,
           double          scale,     /* @grey's pixels per pixel of @where's image */
           const char     *number,
           const Fragment *where,
           GCancellable   *cancellable)
{
  double dx = (where->x2 - where->x1) * scale, dy = (where->y2 - where->y1) * scale;
  double length = hypot (dx, dy);
  double x1 = where->x1 * scale, y1 = where->y1 * scale;
  gsize n = where->digits ? strlen (where->digits) : 18;
  g_autofree guint8 *band = NULL;
  char *text, *name = NULL;
  int w, h, threshold;

  if (length < 40 || n == 0)
    return NULL;
  /* a line read in part: where the whole number would start and end */
  if (n != 18)
    {
      const char *at = where->digits ? strstr (number, where->digits) : NULL;
      double advance = length / n;

      if (at != NULL)
        {
          x1 -= (at - number) * advance * dx / length;
          y1 -= (at - number) * advance * dy / length;
        }
      length = 18 * advance;
    }
  band = _jz_id_card_cut_band (grey, x1, y1, dx / hypot (dx, dy), dy / hypot (dx, dy), NAME_U0 * length,
                   NAME_U1 * length, NAME_V0 * length, NAME_V1 * length, 1, &w, &h);

  /* black on white: the card's fine coloured waves gone */
  threshold = _jz_id_card_otsu (band, (gsize) w * h);
  for (gsize i = 0; i < (gsize) w * h; i++)
    band[i] = band[i] <= threshold ? 0 : 255;
  TessBaseAPISetImage (self->chinese, band, w, h, 1, w);
  TessBaseAPISetSourceResolution (self->chinese, 300);
  if (_jz_id_card_recognize (self->chinese, cancellable) &&
      TessBaseAPIMeanTextConf (self->chinese) >= NAME_MIN_CONFIDENCE)
    {
      text = TessBaseAPIGetUTF8Text (self->chinese);
      if (text != NULL)
        name = name_from_text (text);
      TessDeleteText (text);
    }
  TessBaseAPIClear (self->chinese);

  return name;
}

static JzIdCardReading *
read_locked (JzIdCardReader  *self,
             GBytes          *photo,
             const char      *name,
             GCancellable    *cancellable,
             GError         **error)
{
  /* Nothing found at 1600 pixels, it tries 2000: text that is too small
   * or too blurred at one size often reads at another. Then the lines
   * are looked for again at 1600 with the light flattened: a dark table
   * round the card, or a glare on it, can leave Tesseract's one threshold
   * for the whole photo where it loses the number. */
  static const struct
  {
    int      side;
    gboolean unveil;
  } passes[] = {
    { 1600, FALSE },
    { 2000, FALSE },
    { 1600, TRUE },
  };
  g_autoptr(JzIdCardReading) reading = g_new0 (JzIdCardReading, 1);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  Grey full = { 0 };
  Fragment where = { 0 };
  char number[19];
  gboolean found = FALSE;
  double scale = 1;

  if (!ensure_apis (self, error))
    return NULL;
  pixbuf = _jz_photo_decode (photo, name, JZ_PHOTO_LONG_SIDE, error);
  if (pixbuf == NULL)
    return NULL;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  _jz_id_card_grey_at (pixbuf, 0, &full);
  reading->glare = _jz_id_card_has_glare (&full);

  for (guint i = 0; i < G_N_ELEMENTS (passes) && !found; i++)
    {
      Grey grey = { 0 };
      Grey flat = { 0 };
      int long_side = MAX (full.width, full.height);

      if (!passes[i].unveil && i > 0 && passes[i - 1].side >= long_side)
        continue;   /* the same image again */
      _jz_id_card_grey_at (pixbuf, passes[i].side, &grey);
      if (passes[i].unveil)
        {
          flat.width = grey.width;
          flat.height = grey.height;
          flat.data = g_memdup2 (grey.data, (gsize) grey.width * grey.height);
          _jz_id_card_unveil (flat.data, flat.width, flat.height, 6);
        }
      found = _jz_id_card_read_number (self->digits, &grey, passes[i].unveil ? &flat : &grey, &today,
                                       cancellable, number, &where, reading);
      scale = (double) full.width / grey.width;
      _jz_id_card_grey_clear (&flat);
      _jz_id_card_grey_clear (&grey);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          _jz_id_card_grey_clear (&full);
          g_free (where.digits);
          return NULL;
        }
    }

  if (found)
    {
      reading->id_number = g_strdup (number);
      reading->side = 1;
      reading->name = read_name (self, &full, scale, number, &where, cancellable);
    }
  _jz_id_card_grey_clear (&full);
  g_free (where.digits);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&reading);
}

JzIdCardReading *
jz_id_card_reader_read (JzIdCardReader  *self,
                        GBytes          *photo,
                        const char      *name,
                        GCancellable    *cancellable,
                        GError         **error)
{
  JzIdCardReading *reading;

  g_return_val_if_fail (JZ_IS_ID_CARD_READER (self), NULL);
  g_return_val_if_fail (photo != NULL, NULL);

  g_mutex_lock (&self->lock);
  reading = read_locked (self, photo, name ? name : _("the photo"), cancellable, error);
  g_mutex_unlock (&self->lock);

  return reading;
}

#else /* !JZ_HAVE_OCR */

gboolean
jz_id_card_reader_available (char **why)
{
  if (why != NULL)
    *why = g_strdup (_("This build of Juzhu reads no ID cards (it was built without Tesseract)"));
  return FALSE;
}

JzIdCardReading *
jz_id_card_reader_read (JzIdCardReader  *self,
                        GBytes          *photo,
                        const char      *name,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NO_OCR,
               _("This build of Juzhu reads no ID cards (it was built without Tesseract)"));
  return NULL;
}

#endif

typedef struct
{
  GBytes *photo;
  char   *name;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *d = data;

  g_bytes_unref (d->photo);
  g_free (d->name);
  g_free (d);
}

static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadData *d = task_data;
  GError *error = NULL;
  JzIdCardReading *reading = jz_id_card_reader_read (source, d->photo, d->name, cancellable, &error);

  if (reading == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reading, (GDestroyNotify) jz_id_card_reading_free);
}

void
jz_id_card_reader_read_async (JzIdCardReader     *self,
                              GBytes             *photo,
                              const char         *name,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *d;

  g_return_if_fail (JZ_IS_ID_CARD_READER (self));
  g_return_if_fail (photo != NULL);

  d = g_new0 (ReadData, 1);
  d->photo = g_bytes_ref (photo);
  d->name = g_strdup (name);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jz_id_card_reader_read_async);
  g_task_set_task_data (task, d, read_data_free);
  g_task_run_in_thread (task, read_in_thread);
}

JzIdCardReading *
jz_id_card_reader_read_finish (JzIdCardReader  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
