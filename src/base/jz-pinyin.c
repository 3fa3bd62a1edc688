/* jz-pinyin.c — Chinese text found by what is typed in pinyin (jz-pinyin.h)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-pinyin.h"
#include "jz-pinyin-table.h"

/* a name or a division is far shorter; what is past these is not searched */
#define MAX_CHARS   64
#define MAX_QUERY   64

gboolean
jz_pinyin_available (void)
{
  return JZ_PINYIN_FOUND;
}

/* The readings of @c, space-separated ("chang zhang"), or NULL. */
static const char *
readings_of (gunichar c)
{
  if (c < JZ_PINYIN_FIRST || c > JZ_PINYIN_LAST)
    return NULL;
  return jz_pinyin_index[c - JZ_PINYIN_FIRST] ? jz_pinyin_sets[jz_pinyin_index[c - JZ_PINYIN_FIRST]] : NULL;
}

typedef struct
{
  const char *const *chars;
  guint              n;
  const char        *q;
  gsize              len;
  guint8            *failed;   /* (i, k) tried and failed: n × (len + 1) */
} Match;

static gboolean match_from (Match *m, guint i, gsize k);

/* Whether @q (from @k) matches the characters from @i on; each (i, k)
 * is worked out once (a syllable and its initial can both take one
 * letter, and "aaaa…" against "啊啊啊…" would otherwise branch without end). */
static gboolean
match_at (Match *m,
          guint  i,
          gsize  k)
{
  gsize at;

  if (k == m->len)
    return TRUE;
  if (i == m->n)
    return FALSE;
  at = (gsize) i * (m->len + 1) + k;
  if (m->failed[at])
    return FALSE;
  if (match_from (m, i, k))
    return TRUE;
  m->failed[at] = 1;
  return FALSE;
}

static gboolean
match_from (Match *m,
            guint  i,
            gsize  k)
{
  const char *q = m->q;
  gsize len = m->len;
  const char *r = m->chars[i];

  if (r == NULL)
    return FALSE;

  /* each reading of the character, as a whole, as its first letter, or
   * (the query ending) as its start */
  while (*r)
    {
      const char *end = strchr (r, ' ');
      gsize rl = end ? (gsize) (end - r) : strlen (r);
      gsize rest = len - k;

      if (rest <= rl && strncmp (r, q + k, rest) == 0)
        return TRUE;
      if (rest > rl && strncmp (r, q + k, rl) == 0 && match_at (m, i + 1, k + rl))
        return TRUE;
      if (r[0] == q[k] && match_at (m, i + 1, k + 1))
        return TRUE;
      /* ü: typed as u as well as v */
      if (r[0] == 'l' || r[0] == 'n')
        {
          char alt[8];

          if (rl < sizeof alt && memchr (r, 'v', rl) != NULL)
            {
              memcpy (alt, r, rl);
              alt[rl] = '\0';
              *strchr (alt, 'v') = 'u';
              if ((rest <= rl && strncmp (alt, q + k, rest) == 0) ||
                  (rest > rl && strncmp (alt, q + k, rl) == 0 && match_at (m, i + 1, k + rl)))
                return TRUE;
            }
        }
      r += rl;
      while (*r == ' ')
        r++;
    }
  return FALSE;
}

gboolean
jz_pinyin_matches (const char *text,
                   const char *query)
{
  const char *chars[MAX_CHARS];
  char q[MAX_QUERY + 1];
  guint8 failed[MAX_CHARS * (MAX_QUERY + 1)];
  Match m = { chars, 0, q, 0, failed };
  gsize len = 0;
  guint n = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  for (const char *p = query; *p; p++)
    {
      if (*p == ' ' || *p == '\'')
        continue;
      if (!g_ascii_isalpha (*p) || len == MAX_QUERY)
        return FALSE;
      q[len++] = g_ascii_tolower (*p);
    }
  q[len] = '\0';
  if (len == 0 || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p && n < MAX_CHARS; p = g_utf8_next_char (p))
    chars[n++] = readings_of (g_utf8_get_char (p));
  m.n = n;
  m.len = len;
  memset (failed, 0, (gsize) n * (len + 1));
  for (guint i = 0; i < n; i++)
    if (chars[i] != NULL && match_at (&m, i, 0))
      return TRUE;
  return FALSE;
}
