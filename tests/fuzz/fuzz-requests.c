/* fuzz-requests.c — everything a client can send, to the parsers that read it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One target for libFuzzer (built with clang by scripts/fuzz; meson option
 * fuzzing=true): the first byte of an input picks the parser, the rest is
 * what a client would send it:
 *   0  a push body: the strict JSON check, then the change sets' shape
 *   1  an enrolment body
 *   2  a pull's or a snapshot's query string
 *   3  tus and blob headers, one a line: Upload-Metadata, Upload-Checksum,
 *      Range, Upload-Offset, and an upload id
 *   4  a device name or a request path: sanitised and escaped for the log
 *   5  the bytes of a photo upload
 * Built without libFuzzer (the normal build), the same file is a program
 * that runs every input of the corpus (tests/fuzz/corpus/) once: the test
 * fuzz-corpus, so that what the fuzzer once found stays fixed.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "jz-county.h"
#include "jz-photo.h"
#include "jz-protocol-parse.h"
#include "jz-text.h"

static void
fuzz_push (const char *data,
           gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = jz_parse_push (data, len, NULL, &error);
  guint n = 0;

  if (body != NULL)
    jz_county_check_push (body, &n, NULL);
}

static void
fuzz_enrol (const char *data,
            gsize       len)
{
  g_autoptr(JsonNode) body = jz_parse_enrol (data, len, "sha-256=:x:", NULL);
  g_autoptr(JsonNode) again = jz_parse_enrol (data, len, NULL, NULL);
}

static void
fuzz_query (const char *data,
            gsize       len)
{
  g_autofree char *query = g_strndup (data, len);
  gint64 since, limit;

  jz_parse_pull_query (query, &since, &limit, NULL);
  {
    g_autofree char *after = NULL;
    gint64 as_of, after_cs;

    if (jz_parse_snapshot_query (query, &as_of, &after, &after_cs, &limit, NULL))
      g_assert (after == NULL || strlen (after) == 36);
  }
}

static void
fuzz_headers (const char *data,
              gsize       len)
{
  g_autofree char *text = g_strndup (data, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", 5);
  const char *line[5] = { NULL };
  g_autofree char *sha = NULL;
  g_autofree guint8 *digest = NULL;
  GChecksumType type;
  gsize digest_len = 0;
  gint64 start, end, offset;
  gboolean satisfiable;

  for (guint i = 0; lines[i] != NULL && i < 5; i++)
    line[i] = lines[i];
  sha = jz_parse_tus_metadata (line[0], "sha256");
  if (line[1] != NULL)
    jz_parse_upload_checksum (line[1], &type, &digest, &digest_len);
  jz_parse_range (line[2], 4096, &start, &end, &satisfiable);
  jz_parse_range (line[2], 0, &start, &end, &satisfiable);
  jz_parse_byte_count (line[3], G_MAXINT64, &offset);
  if (line[4] != NULL)
    jz_parse_upload_id (line[4]);
}

static void
fuzz_text (const char *data,
           gsize       len)
{
  g_autofree char *escaped = jz_text_escape (data, (gssize) len);
  g_autofree char *z = g_strndup (data, len);
  g_autofree char *name = jz_text_sanitise (z, 64);

  g_assert (strchr (escaped, '\n') == NULL && strchr (escaped, '\x1b') == NULL);
  g_assert (g_utf8_validate (name, -1, NULL) && g_utf8_strlen (name, -1) <= 64);
}

static void
fuzz_photo (const char *data,
            gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  jz_photo_check_received (bytes, NULL, NULL);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *rest = (const char *) data + 1;

  if (size == 0)
    return 0;
  switch (data[0] % 6)
    {
    case 0: fuzz_push (rest, size - 1); break;
    case 1: fuzz_enrol (rest, size - 1); break;
    case 2: fuzz_query (rest, size - 1); break;
    case 3: fuzz_headers (rest, size - 1); break;
    case 4: fuzz_text (rest, size - 1); break;
    default: fuzz_photo (rest, size - 1); break;
    }
  return 0;
}

#ifndef JZ_LIBFUZZER
/* The corpus, once: fuzz-requests DIR… */
int
main (int    argc,
      char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          g_printerr ("cannot open %s\n", argv[i]);
          return 1;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (!g_file_get_contents (path, &contents, &len, NULL))
            continue;
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
          n++;
        }
    }
  g_print ("1..1\nok 1 - %u inputs of the corpus, none crashed\n", n);
  return n > 0 ? 0 : 1;
}
#endif
