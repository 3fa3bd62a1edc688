/* jz-base45.c — bytes as QR alphanumeric text (RFC 9285)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two bytes n = a·256 + b become three characters c + d·45 + e·45² (c
 * first); one last byte becomes two.
 */
#include "jz-base45.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

char *
jz_base45_encode (const guint8 *data,
                  gsize         len)
{
  GString *out = g_string_sized_new (len / 2 * 3 + 3);

  for (gsize i = 0; i + 1 < len; i += 2)
    {
      guint n = data[i] * 256u + data[i + 1];

      g_string_append_c (out, alphabet[n % 45]);
      g_string_append_c (out, alphabet[n / 45 % 45]);
      g_string_append_c (out, alphabet[n / (45 * 45)]);
    }
  if (len % 2 == 1)
    {
      guint n = data[len - 1];

      g_string_append_c (out, alphabet[n % 45]);
      g_string_append_c (out, alphabet[n / 45]);
    }
  return g_string_free (out, FALSE);
}

static int
value_of (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (alphabet, c);
  return p != NULL ? (int) (p - alphabet) : -1;
}

GBytes *
jz_base45_decode (const char *text,
                  gssize      len)
{
  g_autoptr(GByteArray) out = NULL;
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  gsize i;

  if (n % 3 == 1)
    return NULL;
  out = g_byte_array_sized_new (n / 3 * 2 + 1);
  for (i = 0; i + 2 < n; i += 3)
    {
      int c = value_of (text[i]), d = value_of (text[i + 1]), e = value_of (text[i + 2]);
      guint v;
      guint8 two[2];

      if (c < 0 || d < 0 || e < 0)
        return NULL;
      v = (guint) c + (guint) d * 45u + (guint) e * 45u * 45u;
      if (v > 0xffff)
        return NULL;
      two[0] = (guint8) (v >> 8);
      two[1] = (guint8) (v & 0xff);
      g_byte_array_append (out, two, 2);
    }
  if (n - i == 2)
    {
      int c = value_of (text[i]), d = value_of (text[i + 1]);
      guint v;
      guint8 one;

      if (c < 0 || d < 0)
        return NULL;
      v = (guint) c + (guint) d * 45u;
      if (v > 0xff)
        return NULL;
      one = (guint8) v;
      g_byte_array_append (out, &one, 1);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
