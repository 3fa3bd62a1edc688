/* jz-id-card-number.c — the ID number read off a photo of an ID card
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step 2 of jz-id-card-reader.c: a sparse pass of the digits model over
 * the photo; its lines, joined again where a tilt broke them, given to
 * GB 11643; the likeliest lines cut out upright and read again as one
 * line each, grey and black on white, with a vote.
 */
#include "config.h"

#if JZ_HAVE_OCR

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jz-id-card-private.h"
#include "jz-id-number.h"

/* Digits and X of @text, in order; a lower-case x counts. */
static char *
compact (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p) || *p == 'X' || *p == 'x')
      g_string_append_c (out, (char) g_ascii_toupper (*p));

  return g_string_free (out, FALSE);
}

/* The back of the card: 有效期限 2016.03.07-2036.03.07 reads as 16
 * digits, two dates 5, 10 or 20 years apart on the same day. */
static gboolean
is_validity (const char *digits)
{
  int y1, m1, d1, y2, m2, d2;

  if (strlen (digits) != 16 || strchr (digits, 'X') != NULL ||
      sscanf (digits, "%4d%2d%2d%4d%2d%2d", &y1, &m1, &d1, &y2, &m2, &d2) != 6)
    return FALSE;
  return y1 >= 1990 && y1 <= 2100 && m1 == m2 && d1 == d2 && g_date_valid_dmy (d1, m1, y1) &&
         (y2 - y1 == 5 || y2 - y1 == 10 || y2 - y1 == 20);
}

/* A run of 18 in @digits that GB 11643 accepts (an X only last), into
 * @out; counts in @refused a reading of about 18 that none of is. */
static gboolean
find_valid (const char  *digits,
            const GDate *today,
            char         out[19],
            guint       *refused)
{
  gsize len = strlen (digits);

  for (gsize i = 0; len >= 18 && i + 18 <= len; i++)
    {
      char window[19];
      JzIdInfo info;
      const char *x;

      memcpy (window, digits + i, 18);
      window[18] = '\0';
      x = strchr (window, 'X');
      if (x != NULL && x != window + 17)
        continue;
      if (jz_id_number_parse (window, today, &info, NULL))
        {
          memcpy (out, info.normalized, 19);
          return TRUE;
        }
    }
  if (refused != NULL && len >= 18 && len <= 20)
    (*refused)++;
  return FALSE;
}

static int
by_value (gconstpointer a,
          gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of @values (of doubles), which it sorts. */
static double
median (GArray *values)
{
  g_array_sort (values, by_value);
  return g_array_index (values, double, values->len / 2);
}

/* The boxes (left, top, right, bottom) of the characters of the line @it
 * is at. */
static GArray *
symbol_boxes (const TessResultIterator *it)
{
  TessResultIterator *symbol = TessResultIteratorCopy (it);
  const TessPageIterator *page = TessResultIteratorGetPageIterator (symbol);
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (int) * 4);

  do
    {
      int box[4];

      if (TessPageIteratorBoundingBox (page, RIL_SYMBOL, &box[0], &box[1], &box[2], &box[3]) &&
          box[2] > box[0] && box[3] > box[1])
        g_array_append_val (boxes, box);
    }
  while (!TessPageIteratorIsAtFinalElement (page, RIL_TEXTLINE, RIL_SYMBOL) &&
         TessResultIteratorNext (symbol, RIL_SYMBOL));
  TessResultIteratorDelete (symbol);

  return boxes;
}

/* The line of @f from its characters' boxes: its baseline through their
 * feet (the median of the slopes between every two, so that a character
 * misplaced does not tilt it), from the first's left to the last's right,
 * and its height the median of theirs. Tesseract's own baseline of a line
 * a few degrees askew can be flat, and its box taller than the line by a
 * blot beside it; a band cut along either misses the digits. A line of
 * fewer than three characters keeps Tesseract's. */
static void
fit_line (Fragment *f)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  double slope, intercept, left = G_MAXDOUBLE, right = -G_MAXDOUBLE;
  GArray *boxes = f->boxes;

  if (boxes == NULL || boxes->len < 3)
    return;

#define BOX(i) (&g_array_index (boxes, int, 4 * (i)))
#define MIDDLE(i) ((BOX (i)[0] + BOX (i)[2]) / 2.0)
  for (guint i = 0; i < boxes->len; i++)
    for (guint j = i + 1; j < boxes->len; j++)
      if (MIDDLE (j) != MIDDLE (i))
        {
          double value = (BOX (j)[3] - BOX (i)[3]) / (MIDDLE (j) - MIDDLE (i));

          g_array_append_val (values, value);
        }
  if (values->len == 0)
    return;
  slope = median (values);
  g_array_set_size (values, 0);
  for (guint i = 0; i < boxes->len; i++)
    {
      double value = BOX (i)[3] - slope * MIDDLE (i);

      g_array_append_val (values, value);
      left = MIN (left, BOX (i)[0]);
      right = MAX (right, BOX (i)[2]);
    }
  intercept = median (values);
  g_array_set_size (values, 0);
  for (guint i = 0; i < boxes->len; i++)
    {
      double value = BOX (i)[3] - BOX (i)[1];

      g_array_append_val (values, value);
    }
#undef MIDDLE
#undef BOX

  f->x1 = left;
  f->y1 = intercept + slope * left;
  f->x2 = right;
  f->y2 = intercept + slope * right;
  f->height = MIN (f->height, median (values));
}

/* The sparse pass: every line Tesseract finds, as digits. */
static GPtrArray *
read_fragments (TessBaseAPI     *api,
                const Grey      *grey,
                GCancellable    *cancellable,
                JzIdCardReading *reading)
{
  g_autoptr(GPtrArray) fragments = g_ptr_array_new_with_free_func (_jz_id_card_fragment_free);
  TessResultIterator *it;

  TessBaseAPISetPageSegMode (api, PSM_SPARSE_TEXT);
  TessBaseAPISetImage (api, grey->data, grey->width, grey->height, 1, grey->width);
  TessBaseAPISetSourceResolution (api, 300);
  if (!_jz_id_card_recognize (api, cancellable))
    {
      TessBaseAPIClear (api);
      return NULL;
    }

  it = TessBaseAPIGetIterator (api);
  if (it != NULL)
    {
      do
        {
          const TessPageIterator *page = TessResultIteratorGetPageIterator (it);
          char *text = TessResultIteratorGetUTF8Text (it, RIL_TEXTLINE);
          Fragment *f = g_new0 (Fragment, 1);
          int x1, y1, x2, y2, l, t, r, b;

          f->digits = compact (text ? text : "");
          TessDeleteText (text);
          if (*f->digits == '\0' ||
              !TessPageIteratorBaseline (page, RIL_TEXTLINE, &x1, &y1, &x2, &y2) ||
              !TessPageIteratorBoundingBox (page, RIL_TEXTLINE, &l, &t, &r, &b) || x2 <= x1)
            {
              _jz_id_card_fragment_free (f);
              continue;
            }
          if (is_validity (f->digits) && reading->side == 0)
            reading->side = 2;
          f->x1 = x1;
          f->y1 = y1;
          f->x2 = x2;
          f->y2 = y2;
          /* the box's height less what the slope adds to it */
          f->height = MAX (8.0, (b - t) - fabs ((double) (y2 - y1)));
          f->boxes = symbol_boxes (it);
          fit_line (f);
          g_ptr_array_add (fragments, f);
        }
      while (TessResultIteratorNext (it, RIL_TEXTLINE));
      TessResultIteratorDelete (it);
    }
  TessBaseAPIClear (api);

  return g_steal_pointer (&fragments);
}

static int
by_x (gconstpointer a,
      gconstpointer b)
{
  const Fragment *fa = *(Fragment * const *) a, *fb = *(Fragment * const *) b;

  return (fa->x1 > fb->x1) - (fa->x1 < fb->x1);
}

/* Lines a tilt broke in pieces, joined again: from each fragment, those
 * that start near where it ends, on its baseline carried on. */
static GPtrArray *
chain_fragments (GPtrArray *fragments)
{
  GPtrArray *chains = g_ptr_array_new_with_free_func (_jz_id_card_fragment_free);

  g_ptr_array_sort (fragments, by_x);
  for (guint i = 0; i < fragments->len; i++)
    {
      const Fragment *first = fragments->pdata[i];
      const Fragment *last = first;
      Fragment *chain = g_new0 (Fragment, 1);
      GString *digits = g_string_new (first->digits);

      chain->height = first->height;
      chain->boxes = g_array_new (FALSE, FALSE, sizeof (int) * 4);
      if (first->boxes != NULL)
        g_array_append_vals (chain->boxes, first->boxes->data, first->boxes->len);
      for (guint j = i + 1; j < fragments->len; j++)
        {
          const Fragment *next = fragments->pdata[j];
          double slope = (last->y2 - last->y1) / (last->x2 - last->x1);
          double expected = last->y2 + slope * (next->x1 - last->x2);

          if (next->x1 < last->x2 - last->height || next->x1 > last->x2 + 4 * last->height ||
              fabs (next->y1 - expected) > 0.6 * last->height)
            continue;
          g_string_append (digits, next->digits);
          chain->height = MAX (chain->height, next->height);
          if (next->boxes != NULL)
            g_array_append_vals (chain->boxes, next->boxes->data, next->boxes->len);
          last = next;
        }
      chain->digits = g_string_free (digits, FALSE);
      chain->x1 = first->x1;
      chain->y1 = first->y1;
      chain->x2 = last->x2;
      chain->y2 = last->y2;
      /* the pieces' ends can disagree; their characters, together, seldom */
      fit_line (chain);
      g_ptr_array_add (chains, chain);
    }

  return chains;
}

/* @band read as one line of digits; @boxes gets each digit's box (left,
 * top, right, bottom in @band's pixels), in the order of the digits. */
static char *
read_line (TessBaseAPI  *api,
           const guint8 *band,
           int           w,
           int           h,
           GCancellable *cancellable,
           GArray       *boxes)
{
  GString *digits = NULL;
  TessResultIterator *it;

  TessBaseAPISetPageSegMode (api, PSM_SINGLE_LINE);
  TessBaseAPISetImage (api, band, w, h, 1, w);
  TessBaseAPISetSourceResolution (api, 300);
  if (!_jz_id_card_recognize (api, cancellable))
    {
      TessBaseAPIClear (api);
      return NULL;
    }
  digits = g_string_new (NULL);
  it = TessBaseAPIGetIterator (api);
  if (it != NULL)
    {
      do
        {
          char *symbol = TessResultIteratorGetUTF8Text (it, RIL_SYMBOL);
          g_autofree char *kept = compact (symbol ? symbol : "");
          int box[4];

          TessDeleteText (symbol);
          if (*kept == '\0' ||
              !TessPageIteratorBoundingBox (TessResultIteratorGetPageIterator (it), RIL_SYMBOL,
                                            &box[0], &box[1], &box[2], &box[3]))
            continue;
          for (const char *c = kept; *c; c++)
            {
              g_string_append_c (digits, *c);
              g_array_append_vals (boxes, box, 4);
            }
        }
      while (TessResultIteratorNext (it, RIL_SYMBOL));
      TessResultIteratorDelete (it);
    }
  TessBaseAPIClear (api);

  return g_string_free (digits, FALSE);
}

/* A number GB 11643 accepted, and how many readings gave it. */
typedef struct
{
  char  number[19];
  guint readings;
} Tally;

/* Counts @number once more; TRUE when a second reading agrees. */
static gboolean
tally_add (GArray     *tally,
           const char *number)
{
  Tally t = { { 0 }, 1 };

  for (guint i = 0; i < tally->len; i++)
    if (g_str_equal (g_array_index (tally, Tally, i).number, number))
      return ++g_array_index (tally, Tally, i).readings >= 2;
  memcpy (t.number, number, 19);
  g_array_append_val (tally, t);
  return FALSE;
}

/* How a line is read again: at what size (its text about 40 pixels high,
 * or half as large again), with the light of a glare taken off or not
 * (_jz_id_card_unveil), grey or black on white at Otsu's threshold or at
 * a darker one (the card's fine coloured waves gone). */
typedef enum
{
  INK_GREY,
  INK_OTSU,
  INK_DARKER,
} Ink;

static const struct
{
  double   scale;
  gboolean unveil;
  Ink      ink;
} variants[] = {
  { 1, FALSE, INK_GREY },
  { 1, FALSE, INK_OTSU },
  { 1, FALSE, INK_DARKER },
  { 1.5, FALSE, INK_GREY },
  { 1.5, FALSE, INK_OTSU },
  /* tried only when those gave no two readings that agree: a glare's
   * digits, washed out, are lost at any threshold of the whole band */
  { 1, TRUE, INK_GREY },
  { 1, TRUE, INK_OTSU },
  { 1.5, TRUE, INK_GREY },
};

/* The line of @chain cut out upright, with room for the digits the
 * sparse pass missed at either end, and read again, the ways of
 * `variants` in turn. A number is taken only when two of these readings
 * agree on it: a reading with two or three digits wrong passes the check
 * character about once in eleven, and two readings of differently made
 * images seldom misread the same digits the same way. (The sparse pass's
 * own reading is not counted: it is the same model on much the same
 * pixels as the first of these.) */
static gboolean
read_band (TessBaseAPI     *api,
           const Grey      *grey,
           const Fragment  *chain,
           const GDate     *today,
           GCancellable    *cancellable,
           char             out[19],
           Fragment        *where,
           JzIdCardReading *reading)
{
  double dx = chain->x2 - chain->x1, dy = chain->y2 - chain->y1;
  double length = hypot (dx, dy);
  gsize n = MAX (strlen (chain->digits), 1);
  double advance = length / n;
  double extend = (MAX (18.0, (double) n) - n) * advance + 1.5 * advance;
  double ux = dx / length, uy = dy / length, u0 = -extend, v0 = -1.45 * chain->height;
  g_autoptr(GArray) tally = g_array_new (FALSE, FALSE, sizeof (Tally));
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean confirmed = FALSE, misread = FALSE;
  char candidate[19];
  double scale = 0;

  /* a line whose digits would be wider than three times their height is
   * no line of an ID number (and would make a band of tens of thousands
   * of pixels) */
  if (advance > 3 * chain->height || length + 2 * extend > 4 * grey->width)
    return FALSE;

  for (guint k = 0; k < G_N_ELEMENTS (variants) && !confirmed; k++)
    {
      g_autofree guint8 *band = NULL;
      g_autofree char *digits = NULL;
      int w, h;

      scale = CLAMP (40.0 / chain->height, 0.5, 3.0) * variants[k].scale;
      band = _jz_id_card_cut_band (grey, chain->x1, chain->y1, ux, uy, u0, length + extend,
                                   v0, 0.5 * chain->height, scale, &w, &h);
      /* a stroke of the digits is about 6 pixels wide at 40 high */
      if (variants[k].unveil)
        _jz_id_card_unveil (band, w, h, (int) lround (7 * variants[k].scale));
      if (variants[k].ink != INK_GREY)
        {
          int threshold = _jz_id_card_otsu (band, (gsize) w * h);

          if (variants[k].ink == INK_DARKER)
            threshold = threshold * 3 / 4;
          for (gsize i = 0; i < (gsize) w * h; i++)
            band[i] = band[i] <= threshold ? 0 : 255;
        }
      g_array_set_size (boxes, 0);
      digits = read_line (api, band, w, h, cancellable, boxes);
      if (digits == NULL)
        break;
      if (!find_valid (digits, today, candidate, NULL))
        {
          misread |= strlen (digits) >= 18 && strlen (digits) <= 20;
          continue;
        }
      confirmed = tally_add (tally, candidate);

      /* where the number lies in the photo: its first and last digits'
       * boxes taken back from the band */
      if (confirmed)
        {
          const char *at = strstr (digits, candidate);

          memcpy (out, candidate, 19);
          if (at != NULL && boxes->len / 4 >= (guint) (at - digits) + 18)
            {
              const int *first = &g_array_index (boxes, int, (at - digits) * 4);
              const int *last = &g_array_index (boxes, int, (at - digits + 17) * 4);
              double bu1 = u0 + first[0] / scale, bv1 = v0 + first[3] / scale;
              double bu2 = u0 + last[2] / scale, bv2 = v0 + last[3] / scale;

              where->x1 = chain->x1 + bu1 * ux - bv1 * uy;
              where->y1 = chain->y1 + bu1 * uy + bv1 * ux;
              where->x2 = chain->x1 + bu2 * ux - bv2 * uy;
              where->y2 = chain->y1 + bu2 * uy + bv2 * ux;
              where->height = chain->height;
              where->digits = g_strdup (candidate);
            }
        }
    }
  /* numbers read once and never confirmed: refused, not offered */
  if (!confirmed)
    reading->refused += MAX (tally->len, misread ? 1u : 0u);

  return confirmed;
}

static int
by_length (gconstpointer a,
           gconstpointer b)
{
  const Fragment *fa = *(Fragment * const *) a, *fb = *(Fragment * const *) b;
  int da = ABS ((int) strlen (fa->digits) - 18), db = ABS ((int) strlen (fb->digits) - 18);

  return da - db;
}

/* One pass over @grey; TRUE when a number GB 11643 accepts was found, its
 * baseline in @found (in @grey's pixels). */
gboolean
_jz_id_card_read_number (TessBaseAPI      *api,
                         const Grey       *grey,
                         const Grey       *lines,
                         const GDate      *today,
                         GCancellable     *cancellable,
                         char              number[19],
                         Fragment         *where,
                         JzIdCardReading  *reading)
{
  g_autoptr(GPtrArray) fragments = read_fragments (api, lines, cancellable, reading);
  g_autoptr(GPtrArray) chains = NULL;

  if (fragments == NULL)
    return FALSE;
  chains = chain_fragments (fragments);
  g_ptr_array_sort (chains, by_length);

  /* the likeliest lines (nearest 18 digits long) read again */
  for (guint i = 0; i < chains->len && i < 3; i++)
    {
      Fragment *chain = chains->pdata[i];

      if (strlen (chain->digits) < 10 || g_cancellable_is_cancelled (cancellable))
        break;
      if (read_band (api, grey, chain, today, cancellable, number, where, reading))
        return TRUE;
    }

  return FALSE;
}

#endif
