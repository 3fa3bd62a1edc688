/* jz-uuid.c — record ids (UUIDv7) and random site ids
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids
 * made on different tablets never collide, and because they grow with time
 * SQLite appends them at the right edge of its index instead of splitting
 * pages all over it.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "jz-uuid.h"

void
jz_random_bytes (guint8 *buf,
                 gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* getrandom() cannot fail on Linux ≥ 3.17 once the pool is
           * initialised; fall back to GLib's generator rather than abort. */
          for (; done < len; done++)
            buf[done] = (guint8) g_random_int_range (0, 256);
          return;
        }
      done += (gsize) n;
    }
}

/* Random bits come from the kernel a kilobyte at a time: an import makes
 * ids by the hundred thousand, and a system call each costs more than the
 * rest of the id. */
static void
uuid_random (guint8 *out,
             gsize   len)
{
  static __thread guint8 pool[1024];
  static __thread gsize used = sizeof pool;

  if (used + len > sizeof pool)
    {
      jz_random_bytes (pool, sizeof pool);
      used = 0;
    }
  memcpy (out, pool + used, len);
  /* never hand out the same bits twice */
  memset (pool + used, 0, len);
  used += len;
}

char *
jz_uuid7_new (gint64 unix_ms)
{
  guint8 b[16];

  uuid_random (b, sizeof b);

  b[0] = (guint8) (unix_ms >> 40);
  b[1] = (guint8) (unix_ms >> 32);
  b[2] = (guint8) (unix_ms >> 24);
  b[3] = (guint8) (unix_ms >> 16);
  b[4] = (guint8) (unix_ms >> 8);
  b[5] = (guint8) unix_ms;
  b[6] = (guint8) (0x70 | (b[6] & 0x0f));   /* version 7 */
  b[8] = (guint8) (0x80 | (b[8] & 0x3f));   /* variant 10 */

  /* 8-4-4-4-12 lower-case hex, spelt out by hand: an import makes two
   * ids per declaration, and printf was a visible part of it */
  {
    static const char hex[] = "0123456789abcdef";
    char *text = g_malloc (37);
    char *o = text;

    for (guint i = 0; i < 16; i++)
      {
        if (i == 4 || i == 6 || i == 8 || i == 10)
          *o++ = '-';
        *o++ = hex[b[i] >> 4];
        *o++ = hex[b[i] & 0x0f];
      }
    *o = '\0';
    return text;
  }
}

gboolean
jz_uuid_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* 128 random bits as 32 lower-case hex digits. */
char *
jz_site_id_new (void)
{
  guint8 b[16];
  GString *s = g_string_sized_new (33);

  jz_random_bytes (b, sizeof b);
  for (guint i = 0; i < sizeof b; i++)
    g_string_append_printf (s, "%02x", b[i]);

  return g_string_free (s, FALSE);
}

gboolean
jz_site_id_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}
