/* jz-pinyin.h — Chinese text found by what is typed in pinyin
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the pickers (ethnicity, divisions) on a keyboard without a Chinese
 * input method, or for a clerk who types faster in pinyin: "han" and "hz"
 * find 汉族, "changchun" and "cc" find 长春市, "xinj" finds 新疆. The
 * readings are Unihan's (kMandarin, kHanyuPinlu, kXHC1983, kTGHZ2013,
 * kHanyuPinyin) without tones, every reading of a character (长 is both
 * zhang and chang), generated at build time from Debian's unicode-data
 * (gen-pinyin.py).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether this build has the readings (unicode-data was there). */
gboolean jz_pinyin_available (void);

/* Whether @query (ASCII letters; case, spaces and apostrophes ignored; ü
 * typed as v or u) reads as a run of @text's characters from one of them
 * on: each character matched by a whole syllable or by its first letter,
 * the last one also by the start of a syllable. A @query with anything
 * but letters, spaces and apostrophes matches nothing here. */
gboolean jz_pinyin_matches   (const char *text,
                              const char *query);

G_END_DECLS
