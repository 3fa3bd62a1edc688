/* jz-cli-rules.c — juzhu-cli rules: the rules engine from the command line
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"
#include "jz-rules.h"

#define DEFAULT_PROFILE "national-2016"

static void
print_rules_help (FILE *out)
{
  fprintf (out,
           _("Usage: juzhu-cli rules check [--profile NAME] [--holidays FILE]… [FILE|-]\n"
             "       juzhu-cli rules profiles\n"
             "       juzhu-cli rules show [NAME]\n"
             "\n"
             "check     evaluates one case (JSON, from FILE or standard input) against a\n"
             "          rules profile and prints the decisions as JSON, each with the\n"
             "          article that justifies it.  Deadlines are judged on --today.\n"
             "          --holidays loads a year's holiday calendar (repeatable); without\n"
             "          one, no deadline is moved past holidays.  Exit status 0 when the\n"
             "          case was evaluated, eligible or not; 2 on bad input.\n"
             "profiles  lists the profiles that can be used.\n"
             "show      summarises a profile (default national-2016, or --profile).\n"
             "\n"
             "The case and result formats are described in docs/cli.md.\n"));
}

static const char *
profile_name (JzCli      *cli,
              const char *given)
{
  if (given != NULL)
    return given;
  if (cli->profile != NULL)
    return cli->profile;
  return DEFAULT_PROFILE;
}

/* The profile `juzhu-cli init` recorded in the data directory, if there
 * is one.  rules check is a pure function: it never creates a data
 * directory, it only reads the profile of one that exists. */
static char *
recorded_profile (JzCli   *cli,
                  GError **error)
{
  g_autofree char *db = NULL;
  g_autoptr(JzStore) store = NULL;

  if (cli->data_dir == NULL)
    return NULL;
  db = g_build_filename (cli->data_dir, "juzhu.db", NULL);
  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    return NULL;

  store = jz_store_open (cli->data_dir, error);
  if (store == NULL)
    return NULL;
  return jz_store_get_meta (store, "profile", error);
}

static int
rules_check (JzCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *input = NULL;
  g_auto(GStrv) holiday_files = NULL;
  gboolean help = FALSE;
  GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input, N_("Read the case from FILE (- for standard input)"), "FILE" },
    { "holidays", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &holiday_files, N_("Load a holiday calendar"), "FILE" },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show help"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JzProfile) profile = NULL;
  g_autoptr(JzHolidays) holidays = NULL;
  g_autoptr(JzRulesCase) rules_case = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  g_autoptr(JsonNode) output = NULL;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("rules check: %s"), error->message);

  if (help)
    {
      print_rules_help (stdout);
      return JZ_EXIT_OK;
    }

  if (argc > 2 || (argc == 2 && input != NULL))
    return jz_cli_usage_error (cli, _("rules check: give one input, a FILE or - for standard input"));
  if (input == NULL)
    input = g_strdup (argc == 2 ? argv[1] : "-");

  if (cli->profile == NULL)
    {
      g_autofree char *recorded = recorded_profile (cli, &error);

      if (error != NULL)
        return jz_cli_error (cli, error);
      profile = jz_profile_load (recorded != NULL ? recorded : DEFAULT_PROFILE, &error);
      if (profile == NULL)
        {
          g_prefix_error (&error, _("the profile of %s: "), cli->data_dir);
          return jz_cli_fail (cli, JZ_EXIT_USAGE, error);
        }
    }
  else
    {
      profile = jz_profile_load (cli->profile, &error);
      if (profile == NULL)
        {
          g_prefix_error (&error, "--profile: ");
          return jz_cli_fail (cli, JZ_EXIT_USAGE, error);
        }
    }

  if (holiday_files != NULL)
    {
      holidays = jz_holidays_new ();
      for (guint i = 0; holiday_files[i] != NULL; i++)
        if (!jz_holidays_load_file (holidays, holiday_files[i], &error))
          {
            g_prefix_error (&error, "--holidays: ");
            return jz_cli_fail (cli, JZ_EXIT_USAGE, error);
          }
    }

  node = jz_cli_read_json_input (input, &error);
  if (node == NULL)
    return jz_cli_fail (cli, JZ_EXIT_USAGE, error);

  /* The parser reports every wrong field at once, one per line. */
  rules_case = jz_rules_case_new_from_json (node, &error);
  if (rules_case == NULL)
    return jz_cli_fail (cli, JZ_EXIT_USAGE, error);

  result = jz_rules_evaluate (profile, rules_case, &cli->today, holidays);
  output = jz_rules_result_to_json (result);
  jz_cli_print_json (output);

  return JZ_EXIT_OK;
}

static int
rules_profiles (JzCli  *cli,
                int     argc,
                char  **argv)
{
  g_auto(GStrv) names = jz_profile_list_available ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int status = JZ_EXIT_OK;

  json_builder_begin_array (b);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JzProfile) profile = jz_profile_load (names[i], &error);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, names[i]);
      if (profile != NULL)
        {
          GDate in_force;
          g_autofree char *date = NULL;

          jz_profile_get_in_force (profile, &in_force);
          date = jz_date_format (&in_force);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, jz_profile_get_title (profile));
          json_builder_set_member_name (b, "in_force");
          json_builder_add_string_value (b, date);
          json_builder_set_member_name (b, "source");
          json_builder_add_string_value (b, jz_profile_get_source (profile));
          if (!cli->json)
            printf (_("%-20s %s (in force %s)\n"), names[i], jz_profile_get_title (profile), date);
        }
      else
        {
          /* One broken county file must not hide the others. */
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, error->message);
          if (!cli->json)
            printf (_("%-20s (unusable: %s)\n"), names[i], error->message);
          status = JZ_EXIT_FAILURE;
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);

      jz_cli_print_json (root);
    }

  return status;
}

static void
print_article (JzProfile  *profile,
               const char *label,
               const char *rule)
{
  const char *cited = jz_profile_article (profile, rule);

  if (cited != NULL)
    {
      /* Padded by terminal columns: the label may be Chinese. */
      g_autofree char *padded = jz_cli_pad (_(label), 28);

      printf ("  %s %s\n", padded, cited);
    }
}

static int
rules_show (JzCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzProfile) profile = NULL;
  g_autofree char *in_force_text = NULL;
  GDate in_force;
  int fee;

  if (argc > 2)
    return jz_cli_usage_error (cli, _("rules show: give at most one profile name"));

  profile = jz_profile_load (profile_name (cli, argc == 2 ? argv[1] : NULL), &error);
  if (profile == NULL)
    return jz_cli_fail (cli, JZ_EXIT_USAGE, error);

  jz_profile_get_in_force (profile, &in_force);
  in_force_text = jz_date_format (&in_force);
  fee = jz_profile_card_fee_yuan (profile);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, jz_profile_get_name (profile));
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, jz_profile_get_title (profile));
      json_builder_set_member_name (b, "in_force");
      json_builder_add_string_value (b, in_force_text);
      json_builder_set_member_name (b, "profile_version");
      json_builder_add_int_value (b, jz_profile_get_version (profile));
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, jz_profile_get_source (profile));
      json_builder_set_member_name (b, "residence_months");
      json_builder_add_int_value (b, jz_profile_residence_months (profile));
      json_builder_set_member_name (b, "requires_temp_registration");
      json_builder_add_boolean_value (b, jz_profile_requires_temp_registration (profile));
      json_builder_set_member_name (b, "issue_days");
      json_builder_add_int_value (b, jz_profile_issue_days (profile));
      json_builder_set_member_name (b, "extension_days");
      json_builder_add_int_value (b, jz_profile_extension_days (profile));
      json_builder_set_member_name (b, "max_total_days");
      json_builder_add_int_value (b, jz_profile_max_total_days (profile));
      json_builder_set_member_name (b, "card_fee_yuan");
      if (fee >= 0)
        json_builder_add_int_value (b, fee);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      jz_cli_print_json (root);
      return JZ_EXIT_OK;
    }

  printf ("%s — %s", jz_profile_get_name (profile), jz_profile_get_title (profile));
  if (jz_profile_get_reference (profile) != NULL)
    printf (" (%s)", jz_profile_get_reference (profile));
  printf (_("\nIn force %s; profile version %u; read from %s\n\n"),
          in_force_text, jz_profile_get_version (profile), jz_profile_get_source (profile));

  if (jz_profile_requires_temp_registration (profile))
    printf (_("  residence before applying    %u months, counted from the 暂住登记 (required)\n"),
            jz_profile_residence_months (profile));
  else
    printf (_("  residence before applying    %u months, counted from the proof documents\n"),
            jz_profile_residence_months (profile));
  printf (_("  issue within                 %u days"), jz_profile_issue_days (profile));
  if (jz_profile_extension_days (profile) > 0)
    printf (_(", %u at most with an extension"), jz_profile_max_total_days (profile));
  else
    printf (_("; no extension"));
  printf ("\n");
  if (fee >= 0)
    printf (_("  card fee (换领/补领)          %d yuan\n"), fee);
  else
    printf (_("  card fee (换领/补领)          按规定标准 (no amount in the profile)\n"));
  if (jz_profile_notice_in_writing (profile))
    printf (_("  notice of missing materials  at once, in writing\n\n"));
  else
    printf (_("  notice of missing materials  at once\n\n"));

  printf (_("Articles:\n"));
  print_article (profile, N_("jurisdiction"), "jurisdiction");
  print_article (profile, N_("another city"), "other_city");
  print_article (profile, N_("half a year"), "residence_period");
  print_article (profile, N_("residence start"), "residence_start");
  print_article (profile, N_("暂住登记 first"), "temp_registration");
  print_article (profile, N_("conditions"), "conditions");
  print_article (profile, N_("materials"), "materials");
  print_article (profile, N_("one-time notice"), "missing_notice");
  print_article (profile, N_("proxy"), "proxy");
  print_article (profile, N_("issuance"), "issuance");
  print_article (profile, N_("extension"), "extension");
  print_article (profile, N_("endorsement"), "endorsement");
  print_article (profile, N_("late endorsement"), "late_endorsement");
  print_article (profile, N_("new 暂住登记"), "new_registration");
  print_article (profile, N_("suspension"), "suspension");
  print_article (profile, N_("address change"), "address_change");
  print_article (profile, N_("replace / reissue"), "replace");
  print_article (profile, N_("fees"), "fee");
  print_article (profile, N_("privacy"), "privacy");
  print_article (profile, N_("offences"), "offences");

  return JZ_EXIT_OK;
}

static const JzCliSubcommand rules_subcommands[] = {
  { "check", rules_check },
  { "profiles", rules_profiles },
  { "show", rules_show },
};

int
jz_cli_rules (JzCli  *cli,
              int     argc,
              char  **argv)
{
  return jz_cli_dispatch (cli, "rules", print_rules_help, rules_subcommands,
                          G_N_ELEMENTS (rules_subcommands), argc, argv);
}
