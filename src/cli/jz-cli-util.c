/* jz-cli-util.c — input and output helpers shared by the subcommands
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
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

/* The line the text ends on, counting a final newline as no new line. */
static guint
count_lines (const char *contents,
             gsize       length)
{
  guint lines = 1;

  while (length > 0 && (contents[length - 1] == '\n' || contents[length - 1] == '\r' ||
                        contents[length - 1] == ' ' || contents[length - 1] == '\t'))
    length--;
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\n')
      lines++;
  return lines;
}

/* Whether @contents stops inside an object, an array or a string: more
 * [ and { were opened than closed, outside strings. */
static gboolean
ends_too_early (const char *contents,
                gsize       length)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = contents[i];

      if (in_string)
        {
          if (c == '\\' && i + 1 < length)
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
    }
  return in_string || depth > 0;
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
      /* json-glib names the last character it read ("unexpected
       * character `{'") when the text simply stops; say so plainly. */
      if ((*error)->domain == JSON_PARSER_ERROR && ends_too_early (contents, length))
        {
          g_clear_error (error);
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                       _("the JSON ends too early (line %u)"), count_lines (contents, length));
        }
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
  g_auto(GStrv) given = g_strdupv (*argv);
  g_autoptr(GError) local_error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (g_option_context_parse (context, argc, argv, &local_error))
    return TRUE;

  /* GOption says "Cannot parse integer value “abc” for --limit"; the
   * message is to start with the option that is wrong.  All the numeric
   * options of juzhu-cli are integers. */
  if (g_error_matches (local_error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE))
    {
      for (guint i = 1; given[i] != NULL; i++)
        {
          g_autofree char *name = NULL;
          const char *value;
          const char *eq;

          if (!g_str_has_prefix (given[i], "--"))
            continue;
          eq = strchr (given[i], '=');
          name = eq ? g_strndup (given[i], eq - given[i]) : g_strdup (given[i]);
          value = eq ? eq + 1 : given[i + 1];
          if (value == NULL || strstr (local_error->message, name) == NULL ||
              strstr (local_error->message, value) == NULL)
            continue;

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, NULL, NULL)
                       ? _("%s: %s is out of range") : _("%s: “%s” is not a whole number"),
                       name, value);
          return FALSE;
        }
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
