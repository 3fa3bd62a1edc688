/* jz-cli-workflow.c — juzhu-cli accept, extend, issue, endorse, notice, due:
 * from a complete application to a permit and its yearly endorsement
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"

/* The endorsement dates of @permit, as `rules check` wants them. */
static JzRulesResult *
evaluate_permit (JzCliContext  *ctx,
                 JsonObject    *permit,
                 GError       **error)
{
  g_autoptr(GPtrArray) endorsements = NULL;
  g_autoptr(JsonObject) c = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JzRulesCase) rules_case = NULL;
  JsonObject *p = json_object_new ();
  JsonArray *dates = json_array_new ();

  endorsements = jz_store_list (ctx->store, "endorsement", "permit_id", jz_cli_str (permit, "id"), 0, error);
  for (guint i = 0; endorsements != NULL && i < endorsements->len; i++)
    {
      JsonObject *e = g_ptr_array_index (endorsements, i);

      if (!json_object_get_boolean_member_with_default (e, "deleted", FALSE) &&
          jz_cli_str (e, "endorsed_on") != NULL)
        json_array_add_string_element (dates, jz_cli_str (e, "endorsed_on"));
    }
  json_object_set_string_member (p, "issued_on", jz_cli_str (permit, "issued_on"));
  json_object_set_array_member (p, "endorsed_on", dates);
  json_object_set_string_member (c, "kind", "endorse");
  json_object_set_object_member (c, "permit", p);
  if (endorsements == NULL)
    return NULL;

  json_node_set_object (node, c);
  rules_case = jz_rules_case_new_from_json (node, error);
  if (rules_case == NULL)
    return NULL;
  return jz_rules_evaluate (ctx->profile, rules_case, &ctx->cli->today, NULL);
}

static void
print_next_endorsement (JzCliContext *ctx,
                        JsonObject   *permit)
{
  g_autoptr(JzRulesResult) result = evaluate_permit (ctx, permit, NULL);
  JzRulesEndorsement en;

  if (result != NULL && jz_rules_result_get_endorsement (result, &en) && g_date_valid (&en.anniversary))
    {
      g_autofree char *o = jz_date_format (&en.window_opens);
      g_autofree char *c = jz_date_format (&en.window_closes);

      printf (_("Next endorsement (签注) between %s and %s (%s).\n"), o, c,
              jz_profile_article (ctx->profile, "endorsement") ?: "");
    }
}

static void
add_date_member (JsonObject  *o,
                 const char  *name,
                 const GDate *date)
{
  if (date != NULL && g_date_valid (date))
    {
      g_autofree char *text = jz_date_format (date);

      json_object_set_string_member (o, name, text);
    }
  else
    json_object_set_null_member (o, name);
}

/* The options of the commands that record a day: --date, checked before
 * the data directory is opened */
typedef struct
{
  char  *date_text;
  char  *reason;
  char  *channel;
  char  *number;
  GDate  date;
  gboolean remote;
} DayOptions;

static gboolean
check_date (JzCliRun  *run,
            GError   **error)
{
  DayOptions *options = run->options;

  return jz_cli_parse_date (run->cli, "--date", options->date_text, &options->date, error);
}

static gboolean
usage_fail (GError     **error,
            const char  *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

/* ---- accept -------------------------------------------------------------- */

static const GOptionEntry accept_options[] = {
  JZ_CLI_OPTION ("date", 'd', G_OPTION_ARG_STRING, DayOptions, date_text,
                 N_("The day of acceptance (default --today)"), "YYYY-MM-DD"),
  JZ_CLI_OPTION ("remote-area", 0, G_OPTION_ARG_NONE, DayOptions, remote,
                 N_("The applicant lives in a remote or hard-to-reach area"), NULL),
  { NULL }
};

/* The issuance deadlines of @id, as evaluated on @date */
static gboolean
issue_due (JzCliRun    *run,
           const char  *id,
           const GDate *date,
           GDate       *due,
           GDate       *due_ext,
           GError     **error)
{
  g_autoptr(JzRulesResult) result = jz_registry_evaluate (run->ctx->registry, id, date, error);

  if (result == NULL)
    return FALSE;
  g_date_clear (due, 1);
  g_date_clear (due_ext, 1);
  jz_rules_result_get_issue_due (result, due, due_ext);
  return TRUE;
}

static JsonNode *
accept_run (JzCliRun  *run,
            GError   **error)
{
  DayOptions *options = run->options;
  const char *id = run->argv[1];
  g_autofree char *date_out = jz_date_format (&options->date);
  JsonObject *out;
  GDate due, due_ext;

  if (!jz_registry_accept (run->ctx->registry, id, &options->date, options->remote, run->cli->author, error) ||
      !issue_due (run, id, &options->date, &due, &due_ext, error))
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  json_object_set_string_member (out, "status", "accepted");
  json_object_set_string_member (out, "accepted_on", date_out);
  add_date_member (out, "issue_due", &due);
  add_date_member (out, "issue_due_extended", &due_ext);
  return jz_cli_object_node (out);
}

static void
accept_print (JzCliRun *run,
              JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  const char *id = run->argv[1];

  printf (_("Accepted (受理) application %s on %s.\n"), id, jz_cli_str (out, "accepted_on"));
  if (jz_cli_str (out, "issue_due") != NULL)
    printf (_("Issue the permit by %s (%s).\n"), jz_cli_str (out, "issue_due"),
            jz_profile_article (run->ctx->profile, "issuance") ?: "");
  if (jz_cli_str (out, "issue_due_extended") != NULL)
    printf (_("If it cannot be done in time, extend to %s before then: juzhu-cli extend %s (%s).\n"),
            jz_cli_str (out, "issue_due_extended"), id, jz_profile_article (run->ctx->profile, "extension") ?: "");
}

/* ---- extend -------------------------------------------------------------- */

static const GOptionEntry extend_options[] = {
  JZ_CLI_OPTION ("reason", 'r', G_OPTION_ARG_STRING, DayOptions, reason,
                 N_("Why the permit cannot be issued in time"), "TEXT"),
  JZ_CLI_OPTION ("notified-via", 'v', G_OPTION_ARG_STRING, DayOptions, channel,
                 N_("How the applicant was told: phone, letter, email or sms"), "CHANNEL"),
  JZ_CLI_OPTION ("notified-on", 'd', G_OPTION_ARG_STRING, DayOptions, date_text,
                 N_("When the applicant was told (default --today)"), "YYYY-MM-DD"),
  { NULL }
};

static gboolean
extend_check (JzCliRun  *run,
              GError   **error)
{
  DayOptions *options = run->options;

  if (options->reason == NULL || *g_strstrip (options->reason) == '\0')
    return usage_fail (error, _("--reason: say why the permit cannot be issued in time"));
  if (options->channel == NULL)
    return usage_fail (error, _("--notified-via: how the applicant was told: phone, letter, email or sms"));
  return jz_cli_parse_date (run->cli, "--notified-on", options->date_text, &options->date, error);
}

static JsonNode *
extend_run (JzCliRun  *run,
            GError   **error)
{
  DayOptions *options = run->options;
  const char *id = run->argv[1];
  g_autofree char *date_out = jz_date_format (&options->date);
  JsonObject *out;
  GDate due, due_ext;

  if (!jz_codes_check (run->ctx->codes, "notify_channel", options->channel, "--notified-via", error) ||
      !jz_registry_extend (run->ctx->registry, id, options->reason, options->channel, &options->date,
                           run->cli->author, error) ||
      !issue_due (run, id, &options->date, &due, &due_ext, error))
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  json_object_set_string_member (out, "extension_reason", options->reason);
  json_object_set_string_member (out, "extension_channel", options->channel);
  json_object_set_string_member (out, "extension_notified_on", date_out);
  add_date_member (out, "issue_due_extended", &due_ext);
  return jz_cli_object_node (out);
}

static void
extend_print (JzCliRun *run,
              JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  const char *channel = jz_cli_str (out, "extension_channel");

  printf (_("Deadline of application %s extended to %s (%s).\n"), run->argv[1],
          jz_cli_str (out, "issue_due_extended") ?: "?",
          jz_profile_article (run->ctx->profile, "extension") ?: "");
  printf (_("The applicant was told by %s (%s) on %s; the notice is recorded.\n"),
          jz_cli_code_name (run->ctx, "notify_channel", channel) ?: channel, channel,
          jz_cli_str (out, "extension_notified_on"));
}

/* ---- issue --------------------------------------------------------------- */

static const GOptionEntry issue_options[] = {
  JZ_CLI_OPTION ("date", 'd', G_OPTION_ARG_STRING, DayOptions, date_text,
                 N_("The issue date (default --today)"), "YYYY-MM-DD"),
  JZ_CLI_OPTION ("number", 'n', G_OPTION_ARG_STRING, DayOptions, number,
                 N_("The card number (default: numbered on this device)"), "N"),
  { NULL }
};

static gboolean
issue_check (JzCliRun  *run,
             GError   **error)
{
  DayOptions *options = run->options;

  if (options->number != NULL && *g_strstrip (options->number) == '\0')
    return usage_fail (error, _("--number: empty; leave it out to number the card here"));
  return check_date (run, error);
}

static JsonNode *
issue_run (JzCliRun  *run,
           GError   **error)
{
  DayOptions *options = run->options;
  JsonObject *made = jz_registry_issue (run->ctx->registry, run->argv[1], &options->date, options->number,
                                        run->cli->author, error);

  return made != NULL ? jz_cli_object_node (made) : NULL;
}

static void
issue_print (JzCliRun *run,
             JsonNode *answer)
{
  JsonObject *made = json_node_get_object (answer);

  if (g_strcmp0 (jz_cli_str (made, "type"), "permit") == 0)
    {
      printf (_("Permit (居住证) No. %s issued on %s.\n"), jz_cli_str (made, "number") ?: "",
              jz_cli_str (made, "issued_on"));
      jz_cli_print_record (run->ctx, made, TRUE, NULL);
      print_next_endorsement (run->ctx, made);
    }
  else
    {
      printf (_("Endorsement (签注) recorded on %s.\n"), jz_cli_str (made, "endorsed_on"));
      jz_cli_print_record (run->ctx, made, TRUE, NULL);
    }
}

/* ---- endorse ------------------------------------------------------------- */

static const GOptionEntry endorse_options[] = {
  JZ_CLI_OPTION ("date", 'd', G_OPTION_ARG_STRING, DayOptions, date_text,
                 N_("The endorsement date (default --today)"), "YYYY-MM-DD"),
  { NULL }
};

static JsonNode *
endorse_run (JzCliRun  *run,
             GError   **error)
{
  DayOptions *options = run->options;
  const char *id = run->argv[1];
  g_autoptr(GError) local_error = NULL;
  g_autofree char *type = NULL;
  JsonObject *endorsement;

  endorsement = jz_registry_endorse (run->ctx->registry, id, &options->date, run->cli->author, &local_error);
  if (endorsement != NULL)
    return jz_cli_object_node (endorsement);

  /* An application's id is the one at hand after `issue`. */
  if (g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND) &&
      (type = jz_store_find_type (run->ctx->store, id, NULL)) != NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("endorse: %s is not a permit but a record of type %s; give the "
                   "permit's id (juzhu-cli person show lists it)"), id, type);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static void
endorse_print (JzCliRun *run,
               JsonNode *answer)
{
  JsonObject *endorsement = json_node_get_object (answer);
  g_autoptr(JsonObject) permit = jz_store_get (run->ctx->store, "permit", run->argv[1], NULL);

  printf (_("Endorsed (签注) permit No. %s on %s.\n"),
          permit ? jz_cli_str (permit, "number") ?: "" : "", jz_cli_str (endorsement, "endorsed_on"));
  if (permit != NULL)
    print_next_endorsement (run->ctx, permit);
}

/* ---- notice -------------------------------------------------------------- */

static JsonNode *
notice_run (JzCliRun  *run,
            GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = jz_registry_notice (run->ctx->registry, run->argv[1], &run->cli->today,
                                              run->cli->author, &local_error);
  JsonObject *out;

  if (text == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  out = json_object_new ();
  json_object_set_string_member (out, "application", run->argv[1]);
  json_object_set_boolean_member (out, "missing", text != NULL);
  json_object_set_string_member (out, "text", text);
  return jz_cli_object_node (out);
}

static void
notice_print (JzCliRun *run,
              JsonNode *answer)
{
  const char *text = jz_cli_str (json_node_get_object (answer), "text");

  if (text == NULL)
    printf (_("Nothing is missing: application %s is complete; accept it with juzhu-cli accept %s\n"),
            run->argv[1], run->argv[1]);
  else
    fputs (text, stdout);
}

/* ---- due ----------------------------------------------------------------- */

static const char *
due_label (const char *what)
{
  static const struct { const char *what; const char *label; } labels[] = {
    { "issue_overdue", N_("issuance overdue 逾期未发证") },
    { "extension_decision", N_("decide on extension 决定是否延期") },
    { "issue_due", N_("issue soon 即将到期") },
    { "issue_waiting", N_("waiting for the permit 待发证") },
    { "endorsement_open", N_("endorsement window 签注期") },
    { "suspended", N_("suspended 使用功能中止") },
    { "new_registration_required", N_("new 暂住登记 needed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (what, labels[i].what) == 0)
      return _(labels[i].label);
  return what;
}

static JsonNode *
due_run (JzCliRun  *run,
         GError   **error)
{
  JsonArray *due = jz_registry_due (run->ctx->registry, &run->cli->today, error);
  JsonNode *node;

  if (due == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, due);
  return node;
}

static void
due_print (JzCliRun *run,
           JsonNode *answer)
{
  JsonArray *due = json_node_get_array (answer);
  g_autofree char *today = jz_date_format (&run->cli->today);
  g_autofree char *h_date = NULL;
  g_autofree char *h_what = NULL;
  g_autofree char *h_name = NULL;
  g_autofree char *h_id = NULL;
  g_autofree char *h_record = NULL;

  if (json_array_get_length (due) == 0)
    {
      printf (_("Nothing is due on %s.\n"), today);
      return;
    }

  printf (_("Due on %s (%s):\n"), today, jz_profile_get_title (run->ctx->profile));
  h_date = jz_cli_pad (_("Date"), 10);
  h_what = jz_cli_pad (_("What"), 32);
  h_name = jz_cli_pad (_("Name"), 12);
  h_id = jz_cli_pad (_("ID number"), 20);
  h_record = jz_cli_pad (_("Record"), 36);
  printf ("%s  %s  %s  %s  %s  %s\n", h_date, h_what, h_name, h_id, h_record, _("Article"));
  for (guint i = 0; i < json_array_get_length (due); i++)
    {
      JsonObject *o = json_array_get_object_element (due, i);
      g_autofree char *what = jz_cli_pad (due_label (jz_cli_str (o, "what")), 32);
      g_autofree char *name = jz_cli_pad (jz_cli_str (o, "name"), 12);
      g_autofree char *id = jz_cli_pad (jz_cli_str (o, "id_number"), 20);

      printf ("%-10s  %s  %s  %s  %-36s  %s\n", jz_cli_str (o, "date") ?: "", what, name, id,
              jz_cli_str (o, "record") ?: "", jz_cli_str (o, "article") ?: "");
      if (jz_cli_str (o, "extension_reason") != NULL)
        printf (_("            extended: %s\n"), jz_cli_str (o, "extension_reason"));
    }
}

/* ---- withdraw and refuse: the same options --------------------------------- */

static const GOptionEntry close_options[] = {
  JZ_CLI_OPTION ("date", 'd', G_OPTION_ARG_STRING, DayOptions, date_text,
                 N_("The day of it (default --today)"), "YYYY-MM-DD"),
  JZ_CLI_OPTION ("reason", 'r', G_OPTION_ARG_STRING, DayOptions, reason,
                 N_("Why, as the applicant is told"), "TEXT"),
  { NULL }
};

static JsonNode *withdraw_run (JzCliRun  *run,
                               GError   **error);

static gboolean
close_check (JzCliRun  *run,
             GError   **error)
{
  DayOptions *options = run->options;

  if (options->reason == NULL || *g_strstrip (options->reason) == '\0')
    return usage_fail (error, run->command->run == withdraw_run
                              ? _("--reason: say why the applicant withdraws")
                              : _("--reason: say why the application is not accepted"));
  return check_date (run, error);
}

static JsonNode *
close_run (JzCliRun  *run,
           gboolean   withdraw,
           GError   **error)
{
  DayOptions *options = run->options;
  JsonObject *app = withdraw
    ? jz_registry_withdraw (run->ctx->registry, run->argv[1], &options->date, options->reason,
                            &run->cli->today, run->cli->author, error)
    : jz_registry_refuse (run->ctx->registry, run->argv[1], &options->date, options->reason,
                          &run->cli->today, run->cli->author, error);

  return app != NULL ? jz_cli_object_node (app) : NULL;
}

static JsonNode *
withdraw_run (JzCliRun  *run,
              GError   **error)
{
  return close_run (run, TRUE, error);
}

static JsonNode *
refuse_run (JzCliRun  *run,
            GError   **error)
{
  return close_run (run, FALSE, error);
}

static void
close_print (JzCliRun *run,
             JsonNode *answer)
{
  JsonObject *app = json_node_get_object (answer);

  if (run->command->run == withdraw_run)
    printf (_("Application %s withdrawn (撤回) on %s: %s\n"), run->argv[1],
            jz_cli_str (app, "closed_on"), jz_cli_str (app, "close_reason"));
  else
    printf (_("Application %s not accepted (不予受理) on %s: %s\n"), run->argv[1],
            jz_cli_str (app, "closed_on"), jz_cli_str (app, "close_reason"));
}

/* ---- the table ----------------------------------------------------------- */

#define DAY_OPTIONS(entries) \
  .options_size = sizeof (DayOptions), .options = entries

static const JzCliCommand accept_command[] = {
  { .name = "accept", .parameters = "APPLICATION",
    .summary = N_("受理: accepts a complete application of an eligible applicant. The\n"
                  "issuance deadline is counted from this day. Refused (exit 1), with\n"
                  "the reason and article, when materials are missing or the applicant\n"
                  "is not eligible."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one application ID; usage: juzhu-cli accept APPLICATION [--date D]"),
    .flags = JZ_CLI_STORE, DAY_OPTIONS (accept_options), .check = check_date,
    .run = accept_run, .print = accept_print },
  { NULL }
};

static const JzCliCommand extend_command[] = {
  { .name = "extend", .parameters = "APPLICATION",
    .summary = N_("Extends the issuance deadline of an accepted application, where the\n"
                  "profile allows it (吉林 第十二条: 10 days for remote areas or special\n"
                  "circumstances), recording the reason and how and when the applicant\n"
                  "was told. Must be done before the deadline passes."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one application ID; usage: juzhu-cli extend APPLICATION "
                    "--reason TEXT --notified-via phone|letter|email|sms"),
    .flags = JZ_CLI_STORE, DAY_OPTIONS (extend_options), .check = extend_check,
    .run = extend_run, .print = extend_print },
  { NULL }
};

static const JzCliCommand issue_command[] = {
  { .name = "issue", .parameters = "APPLICATION",
    .summary = N_("Records the issuance the county office decided: a new permit for a\n"
                  "first, replace or reissue application (a replaced card ends), an\n"
                  "endorsement for an endorse or address_change application."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one application ID; usage: juzhu-cli issue APPLICATION [--date D] [--number N]"),
    .flags = JZ_CLI_STORE, DAY_OPTIONS (issue_options), .check = issue_check,
    .run = issue_run, .print = issue_print },
  { NULL }
};

static const JzCliCommand endorse_command[] = {
  { .name = "endorse", .parameters = "PERMIT",
    .summary = N_("签注: the yearly endorsement of a permit, in its window or late (a\n"
                  "late one restores a suspended permit and restarts the years).\n"
                  "Refused (exit 1) before the window opens."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one permit ID (the record id, see juzhu-cli person show)"),
    .flags = JZ_CLI_STORE, DAY_OPTIONS (endorse_options), .check = check_date,
    .run = endorse_run, .print = endorse_print },
  { NULL }
};

static const JzCliCommand notice_command[] = {
  { .name = "notice", .parameters = "APPLICATION",
    .summary = N_("一次性告知: prints the one-time notice of every missing material, with\n"
                  "the documents that would do, and records that it was given."),
    .min_args = 1, .max_args = 1, .args_hint = N_("give one application ID"),
    .flags = JZ_CLI_STORE, .run = notice_run, .print = notice_print },
  { NULL }
};

static const JzCliCommand due_command[] = {
  { .name = "due",
    .summary = N_("What needs doing on --today: issuance deadlines passed or within\n"
                  "three days, extensions to decide, endorsement windows open,\n"
                  "permits suspended for a missed endorsement. ID numbers masked."),
    .args_hint = N_("unexpected argument; the day is --today"),
    .flags = JZ_CLI_STORE, .run = due_run, .print = due_print },
  { NULL }
};

static const JzCliCommand withdraw_command[] = {
  { .name = "withdraw", .parameters = "APPLICATION",
    .summary = N_("撤回: the applicant withdraws a submitted or accepted application.\n"
                  "It is kept, closed, with the date and the reason; the person may\n"
                  "apply again."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one application ID; usage: juzhu-cli withdraw APPLICATION --reason TEXT [--date D]"),
    .flags = JZ_CLI_STORE, DAY_OPTIONS (close_options), .check = close_check,
    .run = withdraw_run, .print = close_print },
  { NULL }
};

static const JzCliCommand refuse_command[] = {
  { .name = "refuse", .parameters = "APPLICATION",
    .summary = N_("不予受理: the station does not accept a submitted application; the\n"
                  "reason is what the applicant is told. Once accepted, only the county\n"
                  "office refuses (the permit). The person may apply again."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one application ID; usage: juzhu-cli refuse APPLICATION --reason TEXT [--date D]"),
    .flags = JZ_CLI_STORE, DAY_OPTIONS (close_options), .check = close_check,
    .run = refuse_run, .print = close_print },
  { NULL }
};

const JzCliGroup jz_cli_accept_group = { "accept", N_("受理 a complete application"), NULL, accept_command };
const JzCliGroup jz_cli_extend_group = {
  "extend", N_("extend the issuance deadline (where allowed)"), NULL, extend_command,
};
const JzCliGroup jz_cli_issue_group = { "issue", N_("record the permit the county issued"), NULL, issue_command };
const JzCliGroup jz_cli_endorse_group = { "endorse", N_("the yearly 签注 of a permit"), NULL, endorse_command };
const JzCliGroup jz_cli_notice_group = {
  "notice", N_("the one-time notice of missing materials"), NULL, notice_command,
};
const JzCliGroup jz_cli_due_group = { "due", N_("deadlines and endorsements due on --today"), NULL, due_command };
const JzCliGroup jz_cli_withdraw_group = {
  "withdraw", N_("撤回: the applicant withdraws an application"), NULL, withdraw_command,
};
const JzCliGroup jz_cli_refuse_group = {
  "refuse", N_("不予受理: do not accept an application, with the reason"), NULL, refuse_command,
};
