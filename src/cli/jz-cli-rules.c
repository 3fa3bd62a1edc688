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

static const char rules_help[] =
  N_("Usage: juzhu-cli rules check [--profile NAME] [--holidays FILE]… [FILE|-]\n"
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
     "The case and result formats are described in docs/cli.md.\n");

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

typedef struct
{
  char  *input;
  char **holiday_files;
} CheckOptions;

static const GOptionEntry check_options[] = {
  JZ_CLI_OPTION ("input", 'i', G_OPTION_ARG_FILENAME, CheckOptions, input,
                 N_("Read the case from FILE (- for standard input)"), "FILE"),
  JZ_CLI_OPTION ("holidays", 0, G_OPTION_ARG_FILENAME_ARRAY, CheckOptions, holiday_files,
                 N_("Load a holiday calendar"), "FILE"),
  { NULL }
};

static gboolean
rules_check_check (JzCliRun  *run,
                   GError   **error)
{
  CheckOptions *options = run->options;

  if (run->argc == 2 && options->input != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("rules check: give one input, a FILE or - for standard input"));
      return FALSE;
    }
  if (options->input == NULL)
    options->input = g_strdup (run->argc == 2 ? run->argv[1] : "-");
  return TRUE;
}

/* rules check is a pure function of the case, the profile and the
 * calendars: it prints the result as JSON, --json or not. */
static JsonNode *
rules_check (JzCliRun  *run,
             GError   **error)
{
  CheckOptions *options = run->options;
  JzCli *cli = run->cli;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JzProfile) profile = NULL;
  g_autoptr(JzHolidays) holidays = NULL;
  g_autoptr(JzRulesCase) rules_case = NULL;
  g_autoptr(JzRulesResult) result = NULL;

  if (cli->profile == NULL)
    {
      g_autofree char *recorded = recorded_profile (cli, error);

      if (recorded == NULL && error != NULL && *error != NULL)
        return NULL;
      profile = jz_profile_load (recorded != NULL ? recorded : DEFAULT_PROFILE, error);
      if (profile == NULL)
        {
          g_prefix_error (error, _("the profile of %s: "), cli->data_dir);
          return NULL;
        }
    }
  else
    {
      profile = jz_profile_load (cli->profile, error);
      if (profile == NULL)
        {
          g_prefix_error (error, "--profile: ");
          return NULL;
        }
    }

  if (options->holiday_files != NULL)
    {
      holidays = jz_holidays_new ();
      for (guint i = 0; options->holiday_files[i] != NULL; i++)
        if (!jz_holidays_load_file (holidays, options->holiday_files[i], error))
          {
            g_prefix_error (error, "--holidays: ");
            return NULL;
          }
    }

  node = jz_cli_read_json_input (options->input, error);
  if (node == NULL)
    return NULL;
  /* The parser reports every wrong field at once, one per line. */
  rules_case = jz_rules_case_new_from_json (node, error);
  if (rules_case == NULL)
    return NULL;
  result = jz_rules_evaluate (profile, rules_case, &cli->today, holidays);
  return jz_rules_result_to_json (result);
}

static void
print_answer_json (JzCliRun *run,
                   JsonNode *answer)
{
  jz_cli_print_json (answer);
}

static JsonNode *
rules_profiles (JzCliRun  *run,
                GError   **error)
{
  g_auto(GStrv) names = jz_profile_list_available ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) broken = NULL;
      g_autoptr(JzProfile) profile = jz_profile_load (names[i], &broken);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "name", names[i]);
      if (profile != NULL)
        {
          g_autofree char *date = NULL;
          GDate in_force;

          jz_profile_get_in_force (profile, &in_force);
          date = jz_date_format (&in_force);
          json_object_set_string_member (o, "title", jz_profile_get_title (profile));
          json_object_set_string_member (o, "in_force", date);
          json_object_set_string_member (o, "source", jz_profile_get_source (profile));
        }
      else
        {
          /* One broken county file must not hide the others. */
          json_object_set_string_member (o, "error", broken->message);
          run->status = JZ_EXIT_FAILURE;
        }
      g_ptr_array_add (rows, o);
    }
  return jz_cli_list_node (rows);
}

static void
rules_profiles_print (JzCliRun *run,
                      JsonNode *answer)
{
  JsonArray *rows = json_node_get_array (answer);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);

      if (json_object_has_member (o, "error"))
        printf (_("%-20s (unusable: %s)\n"), jz_cli_str (o, "name"), jz_cli_str (o, "error"));
      else
        printf (_("%-20s %s (in force %s)\n"), jz_cli_str (o, "name"), jz_cli_str (o, "title"),
                jz_cli_str (o, "in_force"));
    }
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

static JsonNode *
rules_show (JzCliRun  *run,
            GError   **error)
{
  JzProfile *profile = jz_profile_load (profile_name (run->cli, run->argc == 2 ? run->argv[1] : NULL), error);
  g_autofree char *in_force_text = NULL;
  JsonObject *o;
  GDate in_force;
  int fee;

  if (profile == NULL)
    return NULL;
  run->data = profile;
  run->data_free = g_object_unref;
  jz_profile_get_in_force (profile, &in_force);
  in_force_text = jz_date_format (&in_force);
  fee = jz_profile_card_fee_yuan (profile);

  o = json_object_new ();
  json_object_set_string_member (o, "name", jz_profile_get_name (profile));
  json_object_set_string_member (o, "title", jz_profile_get_title (profile));
  json_object_set_string_member (o, "in_force", in_force_text);
  json_object_set_int_member (o, "profile_version", jz_profile_get_version (profile));
  json_object_set_string_member (o, "source", jz_profile_get_source (profile));
  json_object_set_int_member (o, "residence_months", jz_profile_residence_months (profile));
  json_object_set_boolean_member (o, "requires_temp_registration", jz_profile_requires_temp_registration (profile));
  json_object_set_int_member (o, "issue_days", jz_profile_issue_days (profile));
  json_object_set_int_member (o, "extension_days", jz_profile_extension_days (profile));
  json_object_set_int_member (o, "max_total_days", jz_profile_max_total_days (profile));
  if (fee >= 0)
    json_object_set_int_member (o, "card_fee_yuan", fee);
  else
    json_object_set_null_member (o, "card_fee_yuan");
  return jz_cli_object_node (o);
}

static void
rules_show_print (JzCliRun *run,
                  JsonNode *answer)
{
  JzProfile *profile = run->data;
  int fee = jz_profile_card_fee_yuan (profile);

  printf ("%s — %s", jz_profile_get_name (profile), jz_profile_get_title (profile));
  if (jz_profile_get_reference (profile) != NULL)
    printf (" (%s)", jz_profile_get_reference (profile));
  printf (_("\nIn force %s; profile version %u; read from %s\n\n"),
          jz_cli_str (json_node_get_object (answer), "in_force"), jz_profile_get_version (profile),
          jz_profile_get_source (profile));

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
}

static const JzCliCommand rules_commands[] = {
  { .name = "check", .parameters = "[FILE|-]",
    .summary = N_("Evaluates one case (JSON, from FILE or standard input) against a rules\n"
                  "profile and prints the decisions as JSON, each with its article."),
    .max_args = 1, .args_hint = N_("give one input, a FILE or - for standard input"),
    .options_size = sizeof (CheckOptions), .options = check_options, .check = rules_check_check,
    .run = rules_check, .print = print_answer_json },
  { .name = "profiles", .summary = N_("Lists the rules profiles that can be used."),
    .run = rules_profiles, .print = rules_profiles_print },
  { .name = "show", .parameters = "[NAME]",
    .summary = N_("Summarises a rules profile (default national-2016, or --profile)."),
    .max_args = 1, .args_hint = N_("give at most one profile name"),
    .run = rules_show, .print = rules_show_print },
  { NULL }
};

const JzCliGroup jz_cli_rules_group = {
  "rules", N_("evaluate a case against the regulations"), rules_help, rules_commands,
};
