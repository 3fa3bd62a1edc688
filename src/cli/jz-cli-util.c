/* jz-cli-util.c — input and output helpers shared by the subcommands
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "jz-cli.h"

void
jz_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* Reports @error on stderr (or as {"error": …} with --json) and returns @code. */
int
jz_cli_fail (JzCli        *cli,
             int           code,
             const GError *error)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error->message);
      json_builder_set_member_name (b, "domain");
      json_builder_add_string_value (b, g_quark_to_string (error->domain));
      json_builder_set_member_name (b, "code");
      json_builder_add_int_value (b, error->code);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      jz_cli_print_json (root);
    }

  g_printerr ("juzhu-cli: %s\n", error->message);
  return code;
}

int
jz_cli_usage_error (JzCli      *cli,
                    const char *format,
                    ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return jz_cli_fail (cli, JZ_EXIT_USAGE, error);
}

/* Reads one JSON document from @path, or from standard input for "-". */
JsonNode *
jz_cli_read_json_input (const char  *path,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr(GIOChannel) channel = g_io_channel_unix_new (STDIN_FILENO);

      g_io_channel_set_encoding (channel, NULL, NULL);
      if (g_io_channel_read_to_end (channel, &contents, &length, error) != G_IO_STATUS_NORMAL)
        return NULL;
    }
  else if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!json_parser_load_from_data (parser, contents, (gssize) length, error))
    {
      g_prefix_error (error, _("%s: malformed JSON: "),
                      g_strcmp0 (path, "-") == 0 ? _("standard input") : path);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   _("%s: empty input, expected a JSON document"),
                   g_strcmp0 (path, "-") == 0 ? _("standard input") : path);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

gboolean
jz_cli_parse_options (GOptionContext   *context,
                      int              *argc,
                      char           ***argv,
                      GError          **error)
{
  g_option_context_set_help_enabled (context, TRUE);
  return g_option_context_parse (context, argc, argv, error);
}
