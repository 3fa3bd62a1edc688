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

int
jz_cli_accept (JzCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *date_text = NULL;
  gboolean remote = FALSE;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("The day of acceptance (default --today)"), "YYYY-MM-DD" },
    { "remote-area", 0, 0, G_OPTION_ARG_NONE, &remote, N_("The applicant lives in a remote or hard-to-reach area"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("accept", "APPLICATION",
                           N_("受理: accepts a complete application of an eligible applicant. The\n"
                              "issuance deadline is counted from this day. Refused (exit 1), with\n"
                              "the reason and article, when materials are missing or the applicant\n"
                              "is not eligible."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  g_autofree char *date_out = NULL;
  GDate date, due, due_ext;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("accept: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("accept: give one application ID; usage: juzhu-cli accept APPLICATION [--date D]"));
  if (!jz_cli_parse_date (cli, "--date", date_text, &date, &error))
    return jz_cli_error (cli, error);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  if (!jz_registry_accept (ctx->registry, argv[1], &date, remote, cli->author, &error))
    return jz_cli_error (cli, error);

  result = jz_registry_evaluate (ctx->registry, argv[1], &date, &error);
  if (result == NULL)
    return jz_cli_error (cli, error);
  g_date_clear (&due, 1);
  g_date_clear (&due_ext, 1);
  jz_rules_result_get_issue_due (result, &due, &due_ext);
  date_out = jz_date_format (&date);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "id", argv[1]);
      json_object_set_string_member (out, "status", "accepted");
      json_object_set_string_member (out, "accepted_on", date_out);
      add_date_member (out, "issue_due", &due);
      add_date_member (out, "issue_due_extended", &due_ext);
      jz_cli_print_object (out);
      return JZ_EXIT_OK;
    }

  printf (_("Accepted (受理) application %s on %s.\n"), argv[1], date_out);
  if (g_date_valid (&due))
    {
      g_autofree char *d = jz_date_format (&due);

      printf (_("Issue the permit by %s (%s).\n"), d, jz_profile_article (ctx->profile, "issuance") ?: "");
    }
  if (g_date_valid (&due_ext))
    {
      g_autofree char *e = jz_date_format (&due_ext);

      printf (_("If it cannot be done in time, extend to %s before then: juzhu-cli extend %s (%s).\n"),
              e, argv[1], jz_profile_article (ctx->profile, "extension") ?: "");
    }
  return JZ_EXIT_OK;
}

int
jz_cli_extend (JzCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *date_text = NULL;
  GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why the permit cannot be issued in time"), "TEXT" },
    { "notified-via", 'v', 0, G_OPTION_ARG_STRING, &channel, N_("How the applicant was told: phone, letter, email or sms"), "CHANNEL" },
    { "notified-on", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("When the applicant was told (default --today)"), "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("extend", "APPLICATION",
                           N_("Extends the issuance deadline of an accepted application, where the\n"
                              "profile allows it (吉林 第十二条: 10 days for remote areas or special\n"
                              "circumstances), recording the reason and how and when the applicant\n"
                              "was told. Must be done before the deadline passes."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  g_autofree char *date_out = NULL;
  GDate date, due, due_ext;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("extend: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("extend: give one application ID; usage: juzhu-cli extend APPLICATION "
                                      "--reason TEXT --notified-via phone|letter|email|sms"));
  if (reason == NULL || *g_strstrip (reason) == '\0')
    return jz_cli_usage_error (cli, _("--reason: say why the permit cannot be issued in time"));
  if (channel == NULL)
    return jz_cli_usage_error (cli, _("--notified-via: how the applicant was told: phone, letter, email or sms"));
  if (!jz_cli_parse_date (cli, "--notified-on", date_text, &date, &error))
    return jz_cli_error (cli, error);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  if (!jz_codes_check (ctx->codes, "notify_channel", channel, "--notified-via", &error))
    return jz_cli_error (cli, error);
  if (!jz_registry_extend (ctx->registry, argv[1], reason, channel, &date, cli->author, &error))
    return jz_cli_error (cli, error);

  result = jz_registry_evaluate (ctx->registry, argv[1], &date, &error);
  if (result == NULL)
    return jz_cli_error (cli, error);
  g_date_clear (&due, 1);
  g_date_clear (&due_ext, 1);
  jz_rules_result_get_issue_due (result, &due, &due_ext);
  date_out = jz_date_format (&date);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "id", argv[1]);
      json_object_set_string_member (out, "extension_reason", reason);
      json_object_set_string_member (out, "extension_channel", channel);
      json_object_set_string_member (out, "extension_notified_on", date_out);
      add_date_member (out, "issue_due_extended", &due_ext);
      jz_cli_print_object (out);
      return JZ_EXIT_OK;
    }

  {
    g_autofree char *e = g_date_valid (&due_ext) ? jz_date_format (&due_ext) : g_strdup ("?");

    printf (_("Deadline of application %s extended to %s (%s).\n"), argv[1], e,
            jz_profile_article (ctx->profile, "extension") ?: "");
    printf (_("The applicant was told by %s (%s) on %s; the notice is recorded.\n"),
            jz_cli_code_name (ctx, "notify_channel", channel) ?: channel, channel, date_out);
  }
  return JZ_EXIT_OK;
}

int
jz_cli_issue (JzCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *date_text = NULL;
  g_autofree char *number = NULL;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("The issue date (default --today)"), "YYYY-MM-DD" },
    { "number", 'n', 0, G_OPTION_ARG_STRING, &number, N_("The card number (default: numbered on this device)"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("issue", "APPLICATION",
                           N_("Records the issuance the county office decided: a new permit for a\n"
                              "first, replace or reissue application (a replaced card ends), an\n"
                              "endorsement for an endorse or address_change application."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) made = NULL;
  GDate date;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("issue: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("issue: give one application ID; usage: juzhu-cli issue APPLICATION [--date D] [--number N]"));
  if (number != NULL && *g_strstrip (number) == '\0')
    return jz_cli_usage_error (cli, _("--number: empty; leave it out to number the card here"));
  if (!jz_cli_parse_date (cli, "--date", date_text, &date, &error))
    return jz_cli_error (cli, error);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  made = jz_registry_issue (ctx->registry, argv[1], &date, number, cli->author, &error);
  if (made == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      jz_cli_print_object (made);
      return JZ_EXIT_OK;
    }

  if (g_strcmp0 (jz_cli_str (made, "type"), "permit") == 0)
    {
      printf (_("Permit (居住证) No. %s issued on %s.\n"), jz_cli_str (made, "number") ?: "",
              jz_cli_str (made, "issued_on"));
      jz_cli_print_record (ctx, made, TRUE, NULL);
      print_next_endorsement (ctx, made);
    }
  else
    {
      printf (_("Endorsement (签注) recorded on %s.\n"), jz_cli_str (made, "endorsed_on"));
      jz_cli_print_record (ctx, made, TRUE, NULL);
    }
  return JZ_EXIT_OK;
}

int
jz_cli_endorse (JzCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *date_text = NULL;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("The endorsement date (default --today)"), "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("endorse", "PERMIT",
                           N_("签注: the yearly endorsement of a permit, in its window or late (a\n"
                              "late one restores a suspended permit and restarts the years).\n"
                              "Refused (exit 1) before the window opens."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) endorsement = NULL;
  g_autoptr(JsonObject) permit = NULL;
  GDate date;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("endorse: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("endorse: give one permit ID (the record id, see juzhu-cli person show)"));
  if (!jz_cli_parse_date (cli, "--date", date_text, &date, &error))
    return jz_cli_error (cli, error);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  endorsement = jz_registry_endorse (ctx->registry, argv[1], &date, cli->author, &error);
  if (endorsement == NULL)
    {
      g_autofree char *type = NULL;

      /* An application's id is the one at hand after `issue`. */
      if (g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND) &&
          (type = jz_store_find_type (ctx->store, argv[1], NULL)) != NULL)
        return jz_cli_usage_error (cli, _("endorse: %s is not a permit but a record of type %s; give the "
                                          "permit's id (juzhu-cli person show lists it)"), argv[1], type);
      return jz_cli_error (cli, error);
    }

  if (cli->json)
    {
      jz_cli_print_object (endorsement);
      return JZ_EXIT_OK;
    }

  permit = jz_store_get (ctx->store, "permit", argv[1], NULL);
  printf (_("Endorsed (签注) permit No. %s on %s.\n"),
          permit ? jz_cli_str (permit, "number") ?: "" : "", jz_cli_str (endorsement, "endorsed_on"));
  if (permit != NULL)
    print_next_endorsement (ctx, permit);
  return JZ_EXIT_OK;
}

int
jz_cli_notice (JzCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("notice", "APPLICATION",
                           N_("一次性告知: prints the one-time notice of every missing material, with\n"
                              "the documents that would do, and records that it was given."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autofree char *text = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("notice: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("notice: give one application ID"));

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  text = jz_registry_notice (ctx->registry, argv[1], &cli->today, cli->author, &error);
  if (text == NULL && error != NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "application", argv[1]);
      json_object_set_boolean_member (out, "missing", text != NULL);
      json_object_set_string_member (out, "text", text);
      jz_cli_print_object (out);
    }
  else if (text == NULL)
    printf (_("Nothing is missing: application %s is complete; accept it with juzhu-cli accept %s\n"),
            argv[1], argv[1]);
  else
    fputs (text, stdout);
  return JZ_EXIT_OK;
}

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

int
jz_cli_due (JzCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("due", NULL,
                           N_("What needs doing on --today: issuance deadlines passed or within\n"
                              "three days, extensions to decide, endorsement windows open,\n"
                              "permits suspended for a missed endorsement. ID numbers masked."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonArray) due = NULL;
  g_autofree char *today = jz_date_format (&cli->today);

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("due: %s"), error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("due: unexpected argument “%s”; the day is --today"), argv[1]);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  due = jz_registry_due (ctx->registry, &cli->today, &error);
  if (due == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, due);
      jz_cli_print_json (root);
      return JZ_EXIT_OK;
    }

  if (json_array_get_length (due) == 0)
    {
      printf (_("Nothing is due on %s.\n"), today);
      return JZ_EXIT_OK;
    }

  printf (_("Due on %s (%s):\n"), today, jz_profile_get_title (ctx->profile));
  {
    g_autofree char *h_date = jz_cli_pad (_("Date"), 10);
    g_autofree char *h_what = jz_cli_pad (_("What"), 32);
    g_autofree char *h_name = jz_cli_pad (_("Name"), 12);
    g_autofree char *h_id = jz_cli_pad (_("ID number"), 20);
    g_autofree char *h_record = jz_cli_pad (_("Record"), 36);

    printf ("%s  %s  %s  %s  %s  %s\n", h_date, h_what, h_name, h_id, h_record, _("Article"));
  }
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
  return JZ_EXIT_OK;
}

/* withdraw and refuse: one command each, the same options */
static int
close_command (JzCli      *cli,
               int         argc,
               char      **argv,
               gboolean    withdraw)
{
  const char *name = withdraw ? "withdraw" : "refuse";
  g_autofree char *date_text = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("The day of it (default --today)"), "YYYY-MM-DD" },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why, as the applicant is told"), "TEXT" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context (name, "APPLICATION",
                           withdraw
                           ? N_("撤回: the applicant withdraws a submitted or accepted application.\n"
                                "It is kept, closed, with the date and the reason; the person may\n"
                                "apply again.")
                           : N_("不予受理: the station does not accept a submitted application; the\n"
                                "reason is what the applicant is told. Once accepted, only the county\n"
                                "office refuses (the permit). The person may apply again."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) app = NULL;
  GDate date;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "%s: %s", name, error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("%s: give one application ID; usage: juzhu-cli %s APPLICATION "
                                      "--reason TEXT [--date D]"), name, name);
  if (reason == NULL || *g_strstrip (reason) == '\0')
    return jz_cli_usage_error (cli, withdraw ? _("--reason: say why the applicant withdraws")
                                             : _("--reason: say why the application is not accepted"));
  if (!jz_cli_parse_date (cli, "--date", date_text, &date, &error))
    return jz_cli_error (cli, error);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  app = withdraw ? jz_registry_withdraw (ctx->registry, argv[1], &date, reason, &cli->today, cli->author, &error)
                 : jz_registry_refuse (ctx->registry, argv[1], &date, reason, &cli->today, cli->author, &error);
  if (app == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    jz_cli_print_object (app);
  else if (withdraw)
    printf (_("Application %s withdrawn (撤回) on %s: %s\n"), argv[1],
            jz_cli_str (app, "closed_on"), jz_cli_str (app, "close_reason"));
  else
    printf (_("Application %s not accepted (不予受理) on %s: %s\n"), argv[1],
            jz_cli_str (app, "closed_on"), jz_cli_str (app, "close_reason"));
  return JZ_EXIT_OK;
}

int
jz_cli_withdraw (JzCli  *cli,
                 int     argc,
                 char  **argv)
{
  return close_command (cli, argc, argv, TRUE);
}

int
jz_cli_refuse (JzCli  *cli,
               int     argc,
               char  **argv)
{
  return close_command (cli, argc, argv, FALSE);
}
