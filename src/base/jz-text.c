/* jz-text.c — text from elsewhere, made safe to print and to keep
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A request path or a device name comes from whoever sent it. Printed as
 * it is, a "\n" in it forges a log line of its own and an ESC sequence
 * rewrites the administrator's terminal; so what is logged or listed is
 * escaped, and a name that is kept is cleaned when it arrives.
 */
#include "config.h"

#include <string.h>

#include "jz-text.h"

/* Characters that move the cursor, reorder text or hide it: the C0 and C1
 * controls, DEL, and the bidirectional and zero-width formatting marks. */
static gboolean
is_unsafe (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c < 0xa0) ||
         (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
}

/**
 * jz_text_escape:
 * @len: bytes of @text, or -1 when it ends with a NUL
 *
 * @text with every unsafe character as \xNN or \u{NNNN}, every byte that is
 * not UTF-8 as \xNN and a backslash doubled: one line, printable as it is.
 */
char *
jz_text_escape (const char *text,
                gssize      len)
{
  const char *p = text ? text : "";
  const char *end = p + (len < 0 ? strlen (p) : (gsize) len);
  GString *out = g_string_sized_new (end - p);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c < 0x100 && is_unsafe (c))
        g_string_append_printf (out, "\\x%02x", c);
      else if (is_unsafe (c))
        g_string_append_printf (out, "\\u{%04x}", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/**
 * jz_text_sanitise:
 * @max_chars: at most this many characters are kept
 *
 * A name fit to keep: UTF-8 only (other bytes dropped), unsafe characters
 * dropped, runs of white space made one space, trimmed, cut to @max_chars.
 * May return "".
 */
char *
jz_text_sanitise (const char *text,
                  guint       max_chars)
{
  const char *p = text ? text : "";
  const char *end = p + strlen (p);
  GString *out = g_string_new (NULL);
  guint n = 0;
  gboolean space = FALSE;

  while (p < end && n < max_chars)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      if (g_unichar_isspace (c) || c == '\t' || c == '\n' || c == '\r')
        {
          space = out->len > 0;
          continue;
        }
      if (is_unsafe (c))
        continue;
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
          if (n == max_chars)
            break;
        }
      g_string_append_unichar (out, c);
      n++;
    }
  return g_string_free (out, FALSE);
}

/**
 * jz_text_append_json_string:
 * @out: where the JSON text is being written
 * @text: UTF-8 text
 *
 * Appends @text as a JSON string, quotes included. The runs that need no
 * escaping (nearly all text) are copied whole; this is the hot path of an
 * import and of a push body.
 */
void
jz_text_append_json_string (GString    *out,
                            const char *text)
{
  const char *run = text;
  const char *s = text;

  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      if (*s != '"' && *s != '\\' && (guchar) *s >= 0x20)
        continue;
      g_string_append_len (out, run, s - run);
      run = s + 1;
      if (*s == '"')
        g_string_append (out, "\\\"");
      else if (*s == '\\')
        g_string_append (out, "\\\\");
      else
        g_string_append_printf (out, "\\u%04x", (guchar) *s);
    }
  g_string_append_len (out, run, s - run);
  g_string_append_c (out, '"');
}

/**
 * jz_text_append_csv_cell:
 * @text: (nullable): the cell; %NULL is an empty cell
 *
 * Appends @text as one CSV cell: quoted when it must be (RFC 4180), and
 * never a formula: what a spreadsheet would run (=, @, or + or - before
 * something other than a digit) gets a leading apostrophe, since the text
 * may come from a stranger's device.
 */
void
jz_text_append_csv_cell (GString    *out,
                         const char *text)
{
  gboolean formula, quote;

  if (text == NULL)
    return;
  formula = text[0] == '=' || text[0] == '@' ||
            ((text[0] == '+' || text[0] == '-') && !g_ascii_isdigit (text[1]));
  quote = formula || strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  if (quote)
    g_string_append_c (out, '"');
}
