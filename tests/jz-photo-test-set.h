/* jz-photo-test-set.h — camera photos of documents, made by the project
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a registrar photographs, drawn with cairo and Pango in Noto CJK and
 * put through a simulated phone camera (jz-test-camera.h): a lease page
 * (房屋租赁合同), the two sides of an ID card, a printed registration form.
 * Every name, address and number is invented; the ID numbers are valid
 * GB 11643 numbers (the check character is right) in an address code no
 * county uses (xx0199), and every document says 样本 / SPECIMEN.
 *
 * Used by tests/test-photo-normalise.c, tests/test-photo-legibility.c,
 * bench/bench-photo-set.c and tests/make-photo-test-set.c, which writes
 * the set to a folder to look at.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  JZ_TEST_PHOTO_LEASE,      /* A4 portrait, stored landscape with EXIF Orientation 6 */
  JZ_TEST_PHOTO_ID_FRONT,   /* the card's portrait side, landscape */
  JZ_TEST_PHOTO_ID_BACK,    /* the issuing side, landscape */
  JZ_TEST_PHOTO_FORM,       /* A4 portrait, stored upright, with a red seal */
  JZ_TEST_PHOTO_N_KINDS,
} JzTestPhotoKind;

typedef enum
{
  JZ_TEST_PHOTO_DAYLIGHT,   /* a bright room: little noise */
  JZ_TEST_PHOTO_DIM,        /* a dim hallway: darker, a high ISO's noise, sharpened */
  JZ_TEST_PHOTO_N_LIGHTS,
} JzTestPhotoLight;

/* One text drawn: a line, a paragraph or a table cell. */
typedef struct
{
  char   *text;
  /* where, in millimetres on the document: Pango's logical rectangle */
  double  x;
  double  y;
  double  width;
  double  height;
  int     lines;   /* as Pango broke it */
} JzTestPhotoText;

typedef struct
{
  JzTestPhotoKind  kind;
  JzTestPhotoLight light;
  GBytes          *jpeg;        /* the phone's JPEG, quality 92 */
  char            *text;        /* every text printed, a line each, in reading order */
  GPtrArray       *texts;       /* of JzTestPhotoText, the same in the same order */
  int              width;       /* of the photo as seen (after the EXIF orientation) */
  int              height;
  /* millimetres on the document to pixels of the photo as seen: the
   * homography x' = (h0 x + h1 y + h2) / (h6 x + h7 y + h8), y' with h3 h4 h5 */
  double           to_photo[9];
} JzTestPhoto;

/* The ID numbers printed in the set, for tests that check them. */
#define JZ_TEST_PHOTO_TENANT_ID    "510199199003079999"
#define JZ_TEST_PHOTO_LANDLORD_ID  "220199197005129971"

/* "lease", "id-front"…, with "-dim" for JZ_TEST_PHOTO_DIM */
char        *jz_test_photo_name        (JzTestPhotoKind  kind,
                                        JzTestPhotoLight light);

/* Whether Noto Sans CJK SC and Noto Serif CJK SC are installed (Debian's
 * fonts-noto-cjk); without them the text would be drawn in whatever
 * fontconfig finds, or as boxes. */
gboolean     jz_test_photo_fonts_found (char           **missing);

/* A 4000 × 3000 (or 3000 × 4000) photo of @kind in @light; @seed picks
 * the tilt, the shading and the noise. About a second each. */
JzTestPhoto *jz_test_photo_new         (JzTestPhotoKind  kind,
                                        JzTestPhotoLight light,
                                        guint32          seed);

/* What a hurried photo of a card adds to the camera's own: @blur more
 * passes of its one-pixel blur (a hand that moved, a lens not focused),
 * @glare the strength (0 to 1) of a light's reflection on the laminate,
 * and a tilt of up to @max_tilt degrees instead of 1.5 to 3. @retake 0 is
 * the first photo of the document; 1, 2… are more photos of the same one
 * (the same card, security print and all) in the same light: the camera's
 * own seed moved on, so the tilt, the noise and the glare's place on the
 * card are another photo's, as when the card is tilted away from a lamp
 * and photographed again. */
typedef struct
{
  int    blur;
  double glare;
  double max_tilt;
  guint  retake;
} JzTestPhotoFlaws;

typedef struct _JzTestIdCard JzTestIdCard;

/* A photo of one side of @card (jz-test-id-card.h), as above; @flaws may
 * be NULL. */
JzTestPhoto *jz_test_photo_new_card    (const JzTestIdCard     *card,
                                        JzTestPhotoKind         kind,
                                        JzTestPhotoLight        light,
                                        guint32                 seed,
                                        const JzTestPhotoFlaws *flaws);
/* A document of @kind (the lease or the form too) with @flaws. */
JzTestPhoto *jz_test_photo_new_flawed  (JzTestPhotoKind         kind,
                                        JzTestPhotoLight        light,
                                        guint32                 seed,
                                        const JzTestPhotoFlaws *flaws);
void         jz_test_photo_free        (JzTestPhoto     *photo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzTestPhoto, jz_test_photo_free)

G_END_DECLS
