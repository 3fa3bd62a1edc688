/* make-photo-test-set.c — writes the photo test set to a folder, to look at
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   make-photo-test-set FOLDER [SEED]
 *
 * writes FOLDER/NAME.jpg (the camera's JPEG) and FOLDER/NAME.txt (what is
 * printed on it) for lease, id-front, id-back and form, each in daylight
 * and in a dim room (NAME-dim).
 */
#include "config.h"

#include <stdlib.h>
#include <glib/gstdio.h>

#include "jz-photo-test-set.h"

int
main (int    argc,
      char **argv)
{
  g_autofree char *missing = NULL;
  guint32 seed = 1;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("usage: %s FOLDER [SEED]\n", argv[0]);
      return 2;
    }
  if (argc == 3)
    seed = (guint32) strtoul (argv[2], NULL, 10);
  if (!jz_test_photo_fonts_found (&missing))
    {
      g_printerr ("%s is not installed (Debian: fonts-noto-cjk)\n", missing);
      return 1;
    }
  if (g_mkdir_with_parents (argv[1], 0755) != 0)
    {
      g_printerr ("cannot create %s\n", argv[1]);
      return 1;
    }

  for (int i = 0; i < JZ_TEST_PHOTO_N_KINDS * JZ_TEST_PHOTO_N_LIGHTS; i++)
    {
      JzTestPhotoKind kind = i % JZ_TEST_PHOTO_N_KINDS;
      JzTestPhotoLight light = i / JZ_TEST_PHOTO_N_KINDS;
      g_autoptr(JzTestPhoto) photo = jz_test_photo_new (kind, light, seed);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = jz_test_photo_name (kind, light);
      g_autofree char *jpeg = g_strdup_printf ("%s/%s.jpg", argv[1], name);
      g_autofree char *text = g_strdup_printf ("%s/%s.txt", argv[1], name);

      if (!g_file_set_contents (jpeg, g_bytes_get_data (photo->jpeg, NULL),
                                (gssize) g_bytes_get_size (photo->jpeg), &error) ||
          !g_file_set_contents (text, photo->text, -1, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%s: %d × %d, %.2f MB\n", jpeg, photo->width, photo->height,
               g_bytes_get_size (photo->jpeg) / 1048576.0);
    }

  return 0;
}
