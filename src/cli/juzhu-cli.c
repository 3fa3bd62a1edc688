/* juzhu-cli.c — command-line entry point
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli.h"

/* Every command of juzhu-cli, in the order --help lists them */
static const JzCliGroup *const groups[] = {
  &jz_cli_id_group,
  &jz_cli_verify_group,
  &jz_cli_rules_group,
  &jz_cli_init_group,
  &jz_cli_registration_group,
  &jz_cli_person_group,
  &jz_cli_search_group,
  &jz_cli_application_group,
  &jz_cli_material_group,
  &jz_cli_notice_group,
  &jz_cli_accept_group,
  &jz_cli_withdraw_group,
  &jz_cli_refuse_group,
  &jz_cli_extend_group,
  &jz_cli_issue_group,
  &jz_cli_permit_group,
  &jz_cli_endorse_group,
  &jz_cli_due_group,
  &jz_cli_report_group,
  &jz_cli_audit_group,
  &jz_cli_history_group,
  &jz_cli_conflicts_group,
  &jz_cli_resolve_group,
  &jz_cli_refdata_group,
  &jz_cli_enrol_group,
  &jz_cli_sync_group,
  &jz_cli_status_group,
  &jz_cli_rejected_group,
  &jz_cli_photo_group,
};

static void
print_help (FILE *out)
{
  fputs (_("Usage: juzhu-cli [--data-dir DIR] [--json] [--today YYYY-MM-DD] COMMAND …\n"
           "\n"
           "Residence registration in the field: declarations, permit applications,\n"
           "materials and the rules of the regulations.\n"
           "\n"
           "Commands:\n"), out);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    fprintf (out, "  %-14s %s\n", groups[i]->name, _(groups[i]->summary));
  fputs (_("\n"
           "Global options (anywhere on the line):\n"
           "  --data-dir DIR     device data directory (default $JUZHU_DATA_DIR or\n"
           "                     $XDG_DATA_HOME/juzhu)\n"
           "  --json             machine-readable output\n"
           "  --today DATE       the date to evaluate deadlines on (or $JUZHU_TODAY)\n"
           "  --profile NAME     rules profile (national-2016, jilin-2016, sanmenxia-2017)\n"
           "  --author NAME      who is making the change (default $USER)\n"
           "  --version          print the version\n"
           "\n"
           "See docs/cli.md for every command with examples.\n"), out);
}

/* Takes the global options out of argv wherever they stand, so that
 * "juzhu-cli id check X --json" works as well as "juzhu-cli --json id check X". */
static gboolean
take_global_options (JzCli   *cli,
                     int     *argc,
                     char   **argv,
                     GError **error)
{
  static const char *with_value[] = { "--data-dir", "--today", "--profile", "--author" };
  char **values[] = { &cli->data_dir, &cli->today_text, &cli->profile, &cli->author };
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];
      gboolean taken = FALSE;

      if (strcmp (arg, "--") == 0)
        {
          for (; i < *argc; i++)
            argv[out++] = argv[i];
          break;
        }

      if (strcmp (arg, "--json") == 0)
        {
          cli->json = TRUE;
          continue;
        }

      for (guint k = 0; k < G_N_ELEMENTS (with_value); k++)
        {
          gsize len = strlen (with_value[k]);

          if (strncmp (arg, with_value[k], len) != 0)
            continue;
          if (arg[len] == '=')
            {
              g_free (*values[k]);
              *values[k] = g_strdup (arg + len + 1);
              taken = TRUE;
            }
          else if (arg[len] == '\0')
            {
              if (i + 1 >= *argc)
                {
                  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("%s needs a value"), with_value[k]);
                  return FALSE;
                }
              g_free (*values[k]);
              *values[k] = g_strdup (argv[++i]);
              taken = TRUE;
            }
          break;
        }

      if (!taken)
        argv[out++] = argv[i];
    }

  *argc = out;
  argv[out] = NULL;
  return TRUE;
}

static void
jz_cli_clear (JzCli *cli)
{
  g_clear_pointer (&cli->data_dir, g_free);
  g_clear_pointer (&cli->today_text, g_free);
  g_clear_pointer (&cli->profile, g_free);
  g_clear_pointer (&cli->author, g_free);
}

int
main (int    argc,
      char **argv)
{
  JzCli cli = { 0 };
  g_autoptr(GError) error = NULL;
  int status = JZ_EXIT_USAGE;

  setlocale (LC_ALL, "");
  /* JUZHU_LOCALEDIR: the catalogues of a build tree (scripts/run sets it),
   * so a zh_CN desktop sees Chinese before anything is installed */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("JUZHU_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!take_global_options (&cli, &argc, argv, &error))
    {
      /* --json may stand after the option that failed. */
      for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
        if (strcmp (argv[i], "--json") == 0)
          cli.json = TRUE;
      status = jz_cli_fail (&cli, JZ_EXIT_USAGE, error);
      goto out;
    }

  if (cli.data_dir == NULL && g_getenv ("JUZHU_DATA_DIR") != NULL)
    cli.data_dir = g_strdup (g_getenv ("JUZHU_DATA_DIR"));
  if (cli.data_dir == NULL)
    cli.data_dir = g_build_filename (g_get_user_data_dir (), "juzhu", NULL);
  if (cli.author == NULL)
    cli.author = g_strdup (g_get_user_name ());

  if (!jz_date_resolve_today (cli.today_text, &cli.today, &error))
    {
      g_prefix_error (&error, "--today: ");
      status = jz_cli_fail (&cli, JZ_EXIT_USAGE, error);
      goto out;
    }

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (argc < 2 ? stderr : stdout);
      status = argc < 2 ? JZ_EXIT_USAGE : JZ_EXIT_OK;
      goto out;
    }

  if (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "version") == 0)
    {
      printf ("juzhu-cli %s\n", PACKAGE_VERSION);
      status = JZ_EXIT_OK;
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      if (strcmp (argv[1], groups[i]->name) == 0)
        {
          status = jz_cli_run_group (&cli, groups[i], argc - 1, argv + 1);
          goto out;
        }
    }

  status = jz_cli_usage_error (&cli, _("unknown command “%s”; try juzhu-cli --help"), argv[1]);

out:
  jz_cli_clear (&cli);
  return status;
}
