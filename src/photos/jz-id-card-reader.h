/* jz-id-card-reader.h — the ID number and the name read off a photo of an ID card
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offline, with Tesseract: the number with its English model and only
 * digits and X allowed, kept only when GB 11643 accepts it (province code,
 * a real birth date, the check character), so a misread digit is refused
 * rather than offered; then the name, with the Simplified Chinese model,
 * from where it sits on the card relative to the number. What is read is
 * a suggestion for the clerk to check against the card: nothing here
 * saves anything. docs/app.md, "Reading an ID card".
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char  *id_number;   /* 18 characters, GB 11643 valid; NULL when none was */
  char  *name;        /* a guess to be checked; NULL when none */
  guint  refused;     /* 18-character readings GB 11643 refused */
  int    side;        /* 1: the portrait side (人像面) was seen, 2: the emblem
                       * side (国徽面: no number on it), 0: neither known */
  gboolean glare;     /* part of the photo is clipped white: a reflection on
                       * the laminate, or too much light */
} JzIdCardReading;

void jz_id_card_reading_free (JzIdCardReading *reading);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzIdCardReading, jz_id_card_reading_free)

#define JZ_TYPE_ID_CARD_READER (jz_id_card_reader_get_type ())
G_DECLARE_FINAL_TYPE (JzIdCardReader, jz_id_card_reader, JZ, ID_CARD_READER, GObject)

/* Whether this build reads ID cards and the language data are installed;
 * @why gets what is missing, for the person who would install it. */
gboolean          jz_id_card_reader_available   (char              **why);

JzIdCardReader   *jz_id_card_reader_new         (void);

/* @photo is a JPEG or PNG as a camera or a file gives it (checked as any
 * imported photo is); @name is how the user knows it, for messages. Runs
 * Tesseract in the calling thread (about a second); one read at a time
 * per reader. */
JzIdCardReading  *jz_id_card_reader_read        (JzIdCardReader     *self,
                                                 GBytes             *photo,
                                                 const char         *name,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
void              jz_id_card_reader_read_async  (JzIdCardReader     *self,
                                                 GBytes             *photo,
                                                 const char         *name,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
JzIdCardReading  *jz_id_card_reader_read_finish (JzIdCardReader     *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

G_END_DECLS
