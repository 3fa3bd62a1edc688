/* test-photo-assess.c — blur and glare told at import, on the photo test set
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every document of the set as a phone takes it, in daylight and in a dim
 * hallway, is sharp enough and free of glare; the same photographed out
 * of focus (the lens's blur 33 times over, σ ≈ 5.7 pixels of the 4000:
 * a hand that moved, a phone too close to focus) is said to be blurred; a card under a lamp's
 * reflection is said to have a glare. The figures are printed for
 * docs/performance.md.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "jz-photo.h"
#include "jz-photo-test-set.h"
#include "jz-test-id-card.h"

typedef struct
{
  char         *dir;
  JzPhotoStore *photos;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("juzhu-assess-XXXXXX", &error);
  g_assert_no_error (error);
  f->photos = jz_photo_store_new (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->photos);
  g_free (f->dir);
}

static gboolean
can_run (void)
{
  g_autofree char *missing = NULL;

  if (!jz_test_photo_fonts_found (&missing))
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (fonts-noto-cjk)", missing);

      g_test_skip (message);
      return FALSE;
    }
  return TRUE;
}

static JzPhotoInfo
import (Fixture     *f,
        JzTestPhoto *photo,
        const char  *what)
{
  g_autoptr(GError) error = NULL;
  JzPhotoInfo info = { { 0 } };

  g_assert_true (jz_photo_store_import_bytes (f->photos, photo->jpeg, &info, &error));
  g_assert_no_error (error);
  g_test_message ("%-28s sharpness %8.1f  clipped %.4f%s%s", what, info.sharpness, info.clipped,
                  info.blurred ? "  BLURRED" : "", info.glare ? "  GLARE" : "");
  return info;
}

static void
test_sharp_and_blurred (Fixture       *f,
                        gconstpointer  data)
{
  static const JzTestPhotoKind kinds[] = { JZ_TEST_PHOTO_LEASE, JZ_TEST_PHOTO_ID_FRONT, JZ_TEST_PHOTO_FORM };

  if (!can_run ())
    return;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (JzTestPhotoLight light = 0; light < JZ_TEST_PHOTO_N_LIGHTS; light++)
      {
        g_autofree char *name = jz_test_photo_name (kinds[k], light);
        JzTestIdCard card;
        JzTestPhotoFlaws out_of_focus = { 32, 0, 0 };
        g_autoptr(JzTestPhoto) sharp = jz_test_photo_new (kinds[k], light, 3);
        g_autoptr(JzTestPhoto) blurred = NULL;
        JzPhotoInfo info;

        info = import (f, sharp, name);
        g_assert_false (info.blurred);
        g_assert_false (info.glare);

        if (kinds[k] != JZ_TEST_PHOTO_ID_FRONT)
          continue;
        jz_test_id_card_specimen (&card);
        blurred = jz_test_photo_new_card (&card, kinds[k], light, 3, &out_of_focus);
        info = import (f, blurred, "… out of focus");
        g_assert_true (info.blurred);
      }
}

static void
test_glare (Fixture       *f,
            gconstpointer  data)
{
  JzTestIdCard card;
  JzTestPhotoFlaws lamp = { 0, 1.0, 3 };
  g_autoptr(JzTestPhoto) photo = NULL;
  JzPhotoInfo info;

  if (!can_run ())
    return;
  jz_test_id_card_specimen (&card);
  photo = jz_test_photo_new_card (&card, JZ_TEST_PHOTO_ID_FRONT, JZ_TEST_PHOTO_DAYLIGHT, 44, &lamp);
  info = import (f, photo, "id-front under a lamp");
  g_assert_true (info.glare);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/photo-assess/sharp-and-blurred", Fixture, NULL, fixture_set_up, test_sharp_and_blurred,
              fixture_tear_down);
  g_test_add ("/photo-assess/glare", Fixture, NULL, fixture_set_up, test_glare, fixture_tear_down);
  return g_test_run ();
}
