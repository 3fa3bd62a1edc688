/* test-pinyin.c — Chinese names found by pinyin, whole or by initials
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-pinyin.h"

static gboolean
have_readings (void)
{
  if (!jz_pinyin_available ())
    {
      g_test_skip ("built without Unihan's readings (Debian: unicode-data)");
      return FALSE;
    }
  return TRUE;
}

static void
test_whole_and_initials (void)
{
  if (!have_readings ())
    return;
  /* whole syllables, initials, a syllable begun, and a mix */
  g_assert_true (jz_pinyin_matches ("汉族", "hanzu"));
  g_assert_true (jz_pinyin_matches ("汉族", "han"));
  g_assert_true (jz_pinyin_matches ("汉族", "hz"));
  g_assert_true (jz_pinyin_matches ("汉族", "ha"));
  g_assert_true (jz_pinyin_matches ("汉族", "hanz"));
  g_assert_true (jz_pinyin_matches ("维吾尔族", "wwez"));
  g_assert_true (jz_pinyin_matches ("维吾尔族", "weiwuer"));
  /* from any character on, not only the first */
  g_assert_true (jz_pinyin_matches ("维吾尔族", "wuer"));
  /* case, spaces and apostrophes do not matter */
  g_assert_true (jz_pinyin_matches ("西安市", "Xi'an"));
  g_assert_true (jz_pinyin_matches ("长春市", "Chang Chun"));
}

static void
test_every_reading (void)
{
  if (!have_readings ())
    return;
  /* 长 is zhang (to grow) and chang (long): 长春 is Changchun */
  g_assert_true (jz_pinyin_matches ("长春市", "changchun"));
  g_assert_true (jz_pinyin_matches ("长春市", "cc"));
  g_assert_true (jz_pinyin_matches ("重庆市", "chongqing"));
  /* ü as v or u */
  g_assert_true (jz_pinyin_matches ("绿园区", "lvyuan"));
  g_assert_true (jz_pinyin_matches ("绿园区", "luyuan"));
}

static void
test_no_match (void)
{
  if (!have_readings ())
    return;
  g_assert_false (jz_pinyin_matches ("汉族", "zh"));     /* 族 then nothing */
  g_assert_false (jz_pinyin_matches ("汉族", "hanzuu"));
  g_assert_false (jz_pinyin_matches ("汉族", "mz"));
  g_assert_false (jz_pinyin_matches ("汉族", ""));
  g_assert_false (jz_pinyin_matches ("汉族", "  "));
  /* not letters: not pinyin (the caller searches characters and codes) */
  g_assert_false (jz_pinyin_matches ("汉族", "汉"));
  g_assert_false (jz_pinyin_matches ("汉族", "01"));
  g_assert_false (jz_pinyin_matches ("Han", "han"));
  /* hostile: long queries, long texts, invalid UTF-8 */
  g_assert_false (jz_pinyin_matches ("汉族", "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"));
  g_assert_false (jz_pinyin_matches ("\xff\xfe", "a"));
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (int i = 0; i < 2000; i++)
      g_string_append (text, "啊");
    g_assert_true (jz_pinyin_matches (text->str, "aaaa"));
    g_assert_false (jz_pinyin_matches (text->str, "aaab"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/pinyin/whole-and-initials", test_whole_and_initials);
  g_test_add_func ("/pinyin/every-reading", test_every_reading);
  g_test_add_func ("/pinyin/no-match", test_no_match);
  return g_test_run ();
}
