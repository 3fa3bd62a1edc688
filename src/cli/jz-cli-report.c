/* jz-cli-report.c — juzhu-cli report: a month's figures from this device's
 * records, per committee (the county device: the whole county's)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same report as `juzhu-server report` and GET /api/v1/reports/monthly
 * (jz_registry_report), made offline from what this device holds.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"

typedef struct
{
  char *month;
} ReportOptions;

static const GOptionEntry report_options[] = {
  JZ_CLI_OPTION ("month", 'm', G_OPTION_ARG_STRING, ReportOptions, month,
                 N_("The month (default: the month of --today)"), "YYYY-MM"),
  { NULL }
};

/* The figures' labels, in jz_registry_report_figures' order. */
static const char *const labels[] = {
  N_("New registrations 新增登记"),
  N_("Departures 注销登记"),
  N_("Applications received 收到申请"),
  N_("Applications accepted 受理申请"),
  N_("Applications refused 驳回申请"),
  N_("Permits issued 发放居住证"),
  N_("Endorsements 签注"),
  N_("Issuance overdue 逾期未发证"),
  N_("Issuance extended 延期发证"),
  N_("Endorsement window open 签注期内"),
  N_("Endorsement overdue 逾期未签注"),
  N_("Permits suspended 中止"),
};

static JsonNode *
report_run (JzCliRun  *run,
            GError   **error)
{
  ReportOptions *options = run->options;
  g_autofree char *month = options->month ? g_strdup (options->month)
    : g_strdup_printf ("%04u-%02u", g_date_get_year (&run->cli->today), g_date_get_month (&run->cli->today));
  JsonObject *report = jz_registry_report (run->ctx->registry, month, &run->cli->today, error);
  JsonNode *node;

  if (report == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, report);
  return node;
}

static void
print_figures (JsonObject *counts)
{
  guint n;
  const char *const *figures = jz_registry_report_figures (&n);

  g_assert (n == G_N_ELEMENTS (labels));
  for (guint f = 0; f < n; f++)
    {
      g_autofree char *label = jz_cli_pad (_(labels[f]), 40);

      printf ("  %s %" G_GINT64_FORMAT "\n", label, json_object_get_int_member_with_default (counts, figures[f], 0));
    }
}

static void
report_print (JzCliRun *run,
              JsonNode *answer)
{
  JsonObject *report = json_node_get_object (answer);
  JsonArray *committees = json_object_get_array_member (report, "committees");

  printf (_("%s: %s to %s; the state as of %s (%s)\n"), jz_cli_str (report, "month"),
          jz_cli_str (report, "from"), jz_cli_str (report, "to"), jz_cli_str (report, "as_of"),
          jz_profile_get_title (run->ctx->profile));
  for (guint i = 0; i < json_array_get_length (committees); i++)
    {
      JsonObject *c = json_array_get_object_element (committees, i);
      const char *code = jz_cli_str (c, "division");

      printf ("\n%s %s\n", code && *code ? code : "", jz_cli_str (c, "name") ?: (code && *code ? "" : _("(residence not recorded)")));
      print_figures (c);
    }
  printf ("\n%s\n", _("In all"));
  print_figures (json_object_get_object_member (report, "total"));
}

static const JzCliCommand report_command[] = {
  { .name = "report",
    .summary = N_("A month's figures per committee from the records on this device:\n"
                  "registrations, departures, applications, permits and endorsements\n"
                  "in the month; issuances overdue or extended, endorsements due or\n"
                  "overdue and permits suspended at its end (or on --today)."),
    .args_hint = N_("unexpected argument; the month is --month YYYY-MM"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (ReportOptions), .options = report_options,
    .run = report_run, .print = report_print },
  { NULL }
};

const JzCliGroup jz_cli_report_group = { "report", N_("a month's figures per committee"), NULL, report_command };
