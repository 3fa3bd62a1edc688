/* jz-cli-id.c — juzhu-cli id: citizen identity numbers
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli.h"
#include "jz-id-number.h"

static void
print_id_help (FILE *out)
{
  fprintf (out,
           _("Usage: juzhu-cli id check NUMBER…\n"
             "\n"
             "Checks GB 11643 citizen identity numbers: length, province, birth date\n"
             "(not after --today) and check character.  15-digit numbers are converted\n"
             "to 18 digits.  Exit status 1 if any number is invalid.\n"));
}

/* The English word, for --json; the text output shows _() of it. */
static const char *
sex_name (JzSex sex)
{
  switch (sex)
    {
    case JZ_SEX_MALE:
      return N_("male");
    case JZ_SEX_FEMALE:
      return N_("female");
    case JZ_SEX_UNKNOWN:
    default:
      return N_("unknown");
    }
}

static void
add_result_json (JsonBuilder    *b,
                 const char     *number,
                 const JzIdInfo *info,
                 const GError   *error)
{
  json_builder_begin_object (b);

  json_builder_set_member_name (b, "number");
  json_builder_add_string_value (b, number);
  json_builder_set_member_name (b, "valid");
  json_builder_add_boolean_value (b, error == NULL);

  json_builder_set_member_name (b, "normalized");
  if (error == NULL)
    json_builder_add_string_value (b, info->normalized);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "birth_date");
  if (error == NULL)
    {
      g_autofree char *birth = jz_date_format (&info->birth_date);

      json_builder_add_string_value (b, birth);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "sex");
  if (error == NULL)
    json_builder_add_string_value (b, sex_name (info->sex));
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "error");
  if (error == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, error->message);

  json_builder_end_object (b);
}

static void
print_result_text (const char     *number,
                   const JzIdInfo *info,
                   const GError   *error)
{
  g_autofree char *birth = NULL;

  if (error != NULL)
    {
      printf (_("%s invalid: %s\n"), number, error->message);
      return;
    }

  birth = jz_date_format (&info->birth_date);
  /* Show the 18-digit form whenever it is not what was typed (lower-case
   * x, spaces, a 15-digit number), since that is the form to record. */
  if (strcmp (number, info->normalized) != 0)
    printf (_("%s valid (born %s, %s, normalized %s)\n"),
            number, birth, _(sex_name (info->sex)), info->normalized);
  else
    printf (_("%s valid (born %s, %s)\n"), number, birth, _(sex_name (info->sex)));
}

static int
id_check (JzCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(JsonBuilder) b = NULL;
  gboolean all_valid = TRUE;

  gboolean numbers_only = FALSE;
  int out = 1;

  /* No ID number starts with "-": anything that does is an option, and
   * the only one is --help.  After "--" everything is a number. */
  for (int i = 1; i < argc; i++)
    {
      if (!numbers_only && strcmp (argv[i], "--") == 0)
        {
          numbers_only = TRUE;
          continue;
        }
      if (!numbers_only && (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0))
        {
          print_id_help (stdout);
          return JZ_EXIT_OK;
        }
      if (!numbers_only && argv[i][0] == '-' && argv[i][1] != '\0')
        return jz_cli_usage_error (cli, _("%s: unknown option; try juzhu-cli id check --help"),
                                   argv[i]);
      argv[out++] = argv[i];
    }
  argc = out;

  if (argc < 2)
    return jz_cli_usage_error (cli, _("id check: no ID number given; usage: juzhu-cli id check NUMBER…"));

  if (cli->json)
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      JzIdInfo info = { 0 };

      if (!jz_id_number_parse (argv[i], &cli->today, &info, &error))
        all_valid = FALSE;

      if (b != NULL)
        add_result_json (b, argv[i], &info, error);
      else
        print_result_text (argv[i], &info, error);
    }

  if (b != NULL)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_array (b);
      root = json_builder_get_root (b);
      jz_cli_print_json (root);
    }

  return all_valid ? JZ_EXIT_OK : JZ_EXIT_NO;
}

static const JzCliSubcommand id_subcommands[] = {
  { "check", id_check },
};

int
jz_cli_id (JzCli  *cli,
           int     argc,
           char  **argv)
{
  return jz_cli_dispatch (cli, "id", print_id_help, id_subcommands,
                          G_N_ELEMENTS (id_subcommands), argc, argv);
}
