/* jz-cli-permit.c — juzhu-cli permit: what a 居住证 is worth today, and the
 * county's suspensions (使用功能中止)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"
#include "jz-date.h"

static void
print_permit_help (FILE *out)
{
  fprintf (out,
           _("Usage: juzhu-cli permit show ID\n"
             "       juzhu-cli permit suspend ID --reason CODE [--date D]\n"
             "\n"
             "show     the permit and whether its use is in force on --today: 有效,\n"
             "         使用功能中止 (with the reason and article) or 已失效\n"
             "suspend  the county records that the use of the permit is suspended\n"
             "         (三门峡 第十九条: false_materials, not_eligible, hukou_moved,\n"
             "         moved_county, other); a missed endorsement suspends by itself\n"));
}

/* "使用功能中止: 逾期未办理签注手续 (since 2027-04-15; 吉林 第十三条)" */
char *
jz_cli_permit_state_text (JzCliContext *ctx,
                          JsonObject   *state)
{
  const char *status = jz_cli_str (state, "status");
  const char *reason = jz_cli_str (state, "reason");
  const char *since = jz_cli_str (state, "since");
  const char *article = jz_cli_str (state, "article");
  GString *s = g_string_new (g_strcmp0 (status, "active") == 0 ? "有效"
                             : g_strcmp0 (status, "ended") == 0 ? "已失效" : "使用功能中止");

  if (reason != NULL)
    g_string_append_printf (s, ": %s", jz_cli_code_name (ctx, "suspension_reason", reason) ?: reason);
  if (since != NULL || article != NULL)
    {
      g_string_append (s, " (");
      if (since != NULL)
        g_string_append_printf (s, _("since %s"), since);
      if (since != NULL && article != NULL)
        g_string_append (s, "; ");
      if (article != NULL)
        g_string_append (s, article);
      g_string_append (s, ")");
    }
  if (json_object_get_boolean_member_with_default (state, "requires_new_registration", FALSE))
    g_string_append (s, _("; too late to endorse: a new 暂住登记 is needed"));
  return g_string_free (s, FALSE);
}

static int
permit_show (JzCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("permit show", "ID",
                           N_("Shows a permit and whether its use is in force on --today."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) permit = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *today = jz_date_format (&cli->today);

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("permit show: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("permit show: give one permit ID (see juzhu-cli person show)"));
  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  permit = jz_store_get (ctx->store, "permit", argv[1], &error);
  if (permit == NULL)
    return jz_cli_error (cli, error);
  state = jz_registry_permit_state (ctx->registry, permit, &cli->today, &error);
  if (state == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      json_object_set_object_member (permit, "state", g_steal_pointer (&state));
      jz_cli_print_object (permit);
      return JZ_EXIT_OK;
    }
  printf (_("Permit 居住证\n"));
  jz_cli_print_record (ctx, permit, TRUE, NULL);
  text = jz_cli_permit_state_text (ctx, state);
  printf (_("\nOn %s: %s\n"), today, text);
  return JZ_EXIT_OK;
}

static int
permit_suspend (JzCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *date_text = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("The day of the decision (default --today)"), "YYYY-MM-DD" },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason,
      N_("false_materials, not_eligible, hukou_moved, moved_county or other"), "CODE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("permit suspend", "ID",
                           N_("使用功能中止: the county records that the use of a permit is\n"
                              "suspended, with the reason (三门峡 第十九条). A missed endorsement\n"
                              "suspends a permit by itself and is not recorded."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) permit = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *text = NULL;
  GDate date;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("permit suspend: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("permit suspend: give one permit ID; usage: "
                                      "juzhu-cli permit suspend ID --reason CODE [--date D]"));
  if (reason == NULL)
    return jz_cli_usage_error (cli, _("--reason: say why the use is suspended: false_materials, "
                                      "not_eligible, hukou_moved, moved_county or other"));
  if (!jz_cli_parse_date (cli, "--date", date_text, &date, &error))
    return jz_cli_error (cli, error);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  permit = jz_registry_suspend (ctx->registry, argv[1], reason, &date, &cli->today, cli->author, &error);
  if (permit == NULL)
    return jz_cli_error (cli, error);
  if (cli->json)
    {
      jz_cli_print_object (permit);
      return JZ_EXIT_OK;
    }
  state = jz_registry_permit_state (ctx->registry, permit, &cli->today, &error);
  if (state == NULL)
    return jz_cli_error (cli, error);
  text = jz_cli_permit_state_text (ctx, state);
  printf (_("Permit %s: %s\n"), jz_cli_str (permit, "number") ?: argv[1], text);
  return JZ_EXIT_OK;
}

static const JzCliSubcommand permit_subcommands[] = {
  { "show", permit_show },
  { "suspend", permit_suspend },
};

int
jz_cli_permit (JzCli  *cli,
               int     argc,
               char  **argv)
{
  return jz_cli_dispatch (cli, "permit", print_permit_help, permit_subcommands,
                          G_N_ELEMENTS (permit_subcommands), argc, argv);
}
