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

static const char permit_help[] =
  N_("Usage: juzhu-cli permit show ID\n"
             "       juzhu-cli permit suspend ID --reason CODE [--date D]\n"
             "\n"
             "show     the permit and whether its use is in force on --today: 有效,\n"
             "         使用功能中止 (with the reason and article) or 已失效\n"
             "suspend  the county records that the use of the permit is suspended\n"
             "         (三门峡 第十九条: false_materials, not_eligible, hukou_moved,\n"
             "         moved_county, other); a missed endorsement suspends by itself\n");

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

static JsonNode *
permit_show (JzCliRun  *run,
             GError   **error)
{
  JsonObject *permit = jz_store_get (run->ctx->store, "permit", run->argv[1], error);
  JsonObject *state;

  if (permit == NULL)
    return NULL;
  state = jz_registry_permit_state (run->ctx->registry, permit, &run->cli->today, error);
  if (state == NULL)
    {
      json_object_unref (permit);
      return NULL;
    }
  json_object_set_object_member (permit, "state", state);
  return jz_cli_object_node (permit);
}

static void
permit_show_print (JzCliRun *run,
                   JsonNode *answer)
{
  JsonObject *permit = json_node_get_object (answer);
  g_autofree char *text = jz_cli_permit_state_text (run->ctx, json_object_get_object_member (permit, "state"));
  g_autofree char *today = jz_date_format (&run->cli->today);

  json_object_remove_member (permit, "state");
  printf (_("Permit 居住证\n"));
  jz_cli_print_record (run->ctx, permit, TRUE, NULL);
  printf (_("\nOn %s: %s\n"), today, text);
}

typedef struct
{
  char *date;
  char *reason;
} SuspendOptions;

static const GOptionEntry suspend_options[] = {
  JZ_CLI_OPTION ("date", 'd', G_OPTION_ARG_STRING, SuspendOptions, date,
                 N_("The day of the decision (default --today)"), "YYYY-MM-DD"),
  JZ_CLI_OPTION ("reason", 'r', G_OPTION_ARG_STRING, SuspendOptions, reason,
                 N_("false_materials, not_eligible, hukou_moved, moved_county or other"), "CODE"),
  { NULL }
};

static JsonNode *
permit_suspend (JzCliRun  *run,
                GError   **error)
{
  SuspendOptions *options = run->options;
  JsonObject *permit;
  GDate date;

  if (options->reason == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--reason: say why the use is suspended: false_materials, "
                             "not_eligible, hukou_moved, moved_county or other"));
      return NULL;
    }
  if (!jz_cli_parse_date (run->cli, "--date", options->date, &date, error))
    return NULL;
  permit = jz_registry_suspend (run->ctx->registry, run->argv[1], options->reason, &date, &run->cli->today,
                                run->cli->author, error);
  if (permit == NULL)
    return NULL;
  /* what it is worth now, for the person reading (not part of --json) */
  run->data = jz_registry_permit_state (run->ctx->registry, permit, &run->cli->today, NULL);
  run->data_free = (GDestroyNotify) json_object_unref;
  return jz_cli_object_node (permit);
}

static void
permit_suspend_print (JzCliRun *run,
                      JsonNode *answer)
{
  JsonObject *permit = json_node_get_object (answer);
  g_autofree char *text = run->data != NULL ? jz_cli_permit_state_text (run->ctx, run->data) : NULL;

  printf (_("Permit %s: %s\n"), jz_cli_str (permit, "number") ?: run->argv[1], text ?: "");
}

static const JzCliCommand permit_commands[] = {
  { .name = "show", .parameters = "ID",
    .summary = N_("Shows a permit and whether its use is in force on --today."),
    .min_args = 1, .max_args = 1, .args_hint = N_("give one permit ID (see juzhu-cli person show)"),
    .flags = JZ_CLI_STORE, .run = permit_show, .print = permit_show_print },
  { .name = "suspend", .parameters = "ID",
    .summary = N_("使用功能中止: the county records that the use of a permit is\n"
                  "suspended, with the reason (三门峡 第十九条). A missed endorsement\n"
                  "suspends a permit by itself and is not recorded."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one permit ID; usage: juzhu-cli permit suspend ID --reason CODE [--date D]"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (SuspendOptions), .options = suspend_options,
    .run = permit_suspend, .print = permit_suspend_print },
  { NULL }
};

const JzCliGroup jz_cli_permit_group = {
  "permit", N_("what a 居住证 is worth today; the county's suspensions"), permit_help, permit_commands,
};
