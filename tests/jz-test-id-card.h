/* jz-test-id-card.h — ID cards of invented people, for the photo test sets
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The card's two sides drawn on a page (jz-test-page.h), with the set's
 * own holder (张三, JZ_TEST_PHOTO_TENANT_ID) or one invented from a seed:
 * a name from common surnames and given names, a birth date from 1950 to
 * 2007, and a valid GB 11643 number (the check character right) in an
 * address code no county uses (xx0199). Used by jz-photo-test-set.c and
 * the ID card reader's tests and benchmark.
 */
#pragma once

#include "jz-test-page.h"

G_BEGIN_DECLS

#define JZ_TEST_ID_CARD_W 85.6
#define JZ_TEST_ID_CARD_H 54.0

struct _JzTestIdCard
{
  char name[32];
  char sex[8];
  char ethnicity[16];
  char birth[32];     /* as printed: 1990年3月7日 */
  char address[160];
  char number[19];
};

void jz_test_id_card_specimen   (JzTestIdCard       *card);
void jz_test_id_card_invent     (guint32             seed,
                                 JzTestIdCard       *card);

void jz_test_id_card_draw_front (Page               *page,
                                 guint32             seed,
                                 const JzTestIdCard *card);
void jz_test_id_card_draw_back  (Page               *page,
                                 guint32             seed);

G_END_DECLS
