/* jz-test-tus-upload.c — uploads one file with JzTus, for the real-peer test
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-test-tus-upload BASE_URL TOKEN FILE STATE_DIR CHUNK_SIZE
 *
 * Prints {"ok": …, "bytes_sent": …, "requests": …, "resumes": …, "error": …}
 * and exits 0 when the upload finished.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "jz-tus-client.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *text = NULL;
  JzTusStats stats = { 0 };
  gboolean ok;

  if (argc != 6)
    {
      g_printerr ("usage: %s BASE_URL TOKEN FILE STATE_DIR CHUNK_SIZE\n", argv[0]);
      return 2;
    }

  mapped = g_mapped_file_new (argv[3], FALSE, &error);
  if (mapped == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                        (const guchar *) g_mapped_file_get_contents (mapped),
                                        g_mapped_file_get_length (mapped));

  session = soup_session_new_with_options ("timeout", 30, "proxy-resolver", NULL, NULL);
  ok = jz_tus_upload (session, argv[1], argv[2], argv[3], sha256, argv[4],
                      g_ascii_strtoull (argv[5], NULL, 10), NULL, NULL, &stats, NULL, &error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, ok);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, sha256);
  json_builder_set_member_name (builder, "bytes_sent");
  json_builder_add_int_value (builder, (gint64) stats.bytes_sent);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, stats.requests);
  json_builder_set_member_name (builder, "resumes");
  json_builder_add_int_value (builder, stats.resumes);
  json_builder_set_member_name (builder, "error");
  if (error != NULL)
    json_builder_add_string_value (builder, error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_print ("%s\n", text);

  return ok ? 0 : 1;
}
