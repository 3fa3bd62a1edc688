/* jz-cli-registration.c — juzhu-cli registration: 暂住登记 declarations
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"

static const char * const declaration_rtypes[] = { "person", "registration", NULL };

const char * const jz_cli_registration_fields[] = {
  "residence_division", "committee", "residence_address", "arrival_date",
  "registered_on", "reason", "housing_type", "landlord_name", "landlord_phone",
  "landlord_identity", "employer_name", "employer_identity", "school_name", NULL,
};

static void
print_registration_help (FILE *out)
{
  fprintf (out,
           _("Usage: juzhu-cli registration add [--input FILE|-] [--FIELD VALUE…]\n"
             "       juzhu-cli registration edit ID --set FIELD=VALUE…\n"
             "       juzhu-cli registration show ID\n"
             "       juzhu-cli registration list [--person ID] [--limit N]\n"
             "       juzhu-cli registration depart ID --reason CODE [--date D]\n"
             "\n"
             "add   records a 暂住登记 declaration: the person (found by ID number, or\n"
             "      added) and where they live now, and prints the 暂住登记凭证\n"
             "edit  changes fields, with the same checks as add\n"
             "show  the registration and its person in full (written to the audit log)\n"
             "list  registrations, oldest first, ID numbers masked\n"
             "depart  注销: the person left on --date (default today); the registration\n"
             "      ends and is kept with its history\n"
             "\n"
             "Run juzhu-cli registration add --help for the fields.\n"));
}

/* The 暂住登记凭证 as the holder gets it: their own, so with their full ID
 * number (a police officer checks it against the card); every list and
 * other view masks it. */
static void
print_certificate (JzCliContext *ctx,
                   JsonObject   *reg,
                   JsonObject   *person)
{
  g_autofree char *division = jz_cli_division_text (ctx, jz_cli_str (reg, "residence_division"));
  const char *reason = jz_cli_str (reg, "reason");

  if (jz_cli_str (reg, "certificate_no") != NULL)
    printf (_("暂住登记凭证  No. %s\n"), jz_cli_str (reg, "certificate_no"));
  else
    /* a landlord's or employer's report: the station numbers it */
    printf (_("暂住登记申报  (the registration station gives the certificate number)\n"));
  printf (_("  姓名 Name                %s\n"), jz_cli_str (person, "name") ?: "");
  printf (_("  公民身份号码 ID number   %s\n"), jz_cli_str (person, "id_number") ?: "");
  printf (_("  暂住地址 Address         %s %s\n"), division, jz_cli_str (reg, "residence_address") ?: "");
  if (jz_cli_str (reg, "committee") != NULL)
    printf (_("  居(村)委会 Committee     %s\n"), jz_cli_str (reg, "committee"));
  if (reason != NULL)
    printf (_("  暂住事由 Reason          %s (%s)\n"),
            jz_cli_code_name (ctx, "inflow_reason", reason) ?: reason, reason);
  printf (_("  到达日期 Arrived         %s\n"), jz_cli_str (reg, "arrival_date") ?: "");
  printf (_("  登记日期 Registered      %s\n"), jz_cli_str (reg, "registered_on") ?: "");
  printf (_("  registration %s, person %s\n"), jz_cli_str (reg, "id"), jz_cli_str (person, "id"));
}

/* A committee's device files in its own committee: without
 * --residence-division, the division is the area it was enrolled with. */
static void
default_residence_division (JzCliContext *ctx,
                            JsonObject   *input)
{
  g_autofree char *role = NULL;
  g_autofree char *area = NULL;
  gsize len;

  if (json_object_has_member (input, "residence_division"))
    return;
  role = jz_store_get_meta (ctx->store, "sync_role", NULL);
  area = jz_store_get_meta (ctx->store, "sync_area", NULL);
  if (g_strcmp0 (role, "committee") != 0 || area == NULL)
    return;
  len = strlen (area);
  if ((len == 6 || len == 9 || len == 12) && strspn (area, "0123456789") == len)
    json_object_set_string_member (input, "residence_division", area);
}

static int
registration_add (JzCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  gboolean help = FALSE;

  input = jz_cli_collect_fields (argc, argv, declaration_rtypes, NULL, &help, &error);
  if (input == NULL)
    return jz_cli_error (cli, error);
  if (help)
    {
      printf (_("Usage: juzhu-cli registration add [--input FILE|-] [--FIELD VALUE…]\n\n"
                "Records a 暂住登记: the person (matched by ID number; new details\n"
                "update the record) and the registration, and prints the 暂住登记凭证.\n"
                "The person's other active registration ends. --input reads one JSON\n"
                "object with the field names below as keys; flags override it.\n"
                "registered_on defaults to --today; on a committee's enrolled device\n"
                "residence_division defaults to the committee's area.\n\nPerson:\n"));
      jz_cli_print_fields_help ("person", jz_cli_person_fields);
      printf (_("\nRegistration:\n"));
      jz_cli_print_fields_help ("registration", jz_cli_registration_fields);
      return JZ_EXIT_OK;
    }

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  default_residence_division (ctx, input);

  result = jz_registry_declare (ctx->registry, input, &cli->today, cli->author, &error);
  if (result == NULL)
    return jz_cli_error (cli, error);

  reg = jz_store_get (ctx->store, "registration", jz_cli_str (result, "registration_id"), &error);
  if (reg != NULL)
    person = jz_store_get (ctx->store, "person", jz_cli_str (result, "person_id"), &error);
  if (person == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      g_autofree char *masked = jz_cli_masked (person, "id_number");
      static const char *copied[] = { "residence_division", "committee", "residence_address",
                                      "reason", "arrival_date", "registered_on" };

      json_object_set_string_member (out, "certificate_no", jz_cli_str (result, "certificate_no"));
      json_object_set_string_member (out, "registration_id", jz_cli_str (result, "registration_id"));
      json_object_set_string_member (out, "person_id", jz_cli_str (result, "person_id"));
      json_object_set_string_member (out, "name", jz_cli_str (person, "name"));
      json_object_set_string_member (out, "id_number", masked);
      for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
        json_object_set_member (out, copied[i], json_node_copy (json_object_get_member (reg, copied[i])));
      jz_cli_print_object (out);
    }
  else
    print_certificate (ctx, reg, person);
  return JZ_EXIT_OK;
}

static int
registration_show (JzCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("registration show", "ID",
                           N_("Shows a 暂住登记 and its person in full; written to the audit log."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) person = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("registration show: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("registration show: give one registration ID (see juzhu-cli registration list)"));

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  reg = jz_store_get (ctx->store, "registration", argv[1], &error);
  if (reg != NULL)
    person = jz_store_get (ctx->store, "person", jz_cli_str (reg, "person_id"), &error);
  if (person == NULL)
    return jz_cli_error (cli, error);
  if (!jz_store_audit (ctx->store, cli->author, "view", "registration", argv[1], NULL, &error))
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_object_member (out, "registration", json_object_ref (reg));
      json_object_set_object_member (out, "person", json_object_ref (person));
      jz_cli_print_object (out);
      return JZ_EXIT_OK;
    }

  printf (_("暂住登记 Registration\n"));
  jz_cli_print_record (ctx, reg, FALSE, NULL);
  printf (_("\nPerson\n"));
  jz_cli_print_record (ctx, person, FALSE, NULL);
  return JZ_EXIT_OK;
}

static int
registration_list (JzCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *person_id = NULL;
  int limit = 100;
  GOptionEntry entries[] = {
    { "person", 'p', 0, G_OPTION_ARG_STRING, &person_id, N_("Only this person's registrations"), "ID" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N (0: all; default 100)"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("registration list", NULL,
                           N_("Lists 暂住登记 registrations, oldest first; ID numbers masked."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(GPtrArray) regs = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("registration list: %s"), error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("registration list: unexpected argument “%s”"), argv[1]);
  if (limit < 0)
    return jz_cli_usage_error (cli, _("--limit: %d is negative"), limit);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);

  if (person_id != NULL)
    {
      g_autoptr(JsonObject) person = jz_store_get (ctx->store, "person", person_id, &error);

      if (person == NULL)
        return jz_cli_error (cli, error);
    }
  regs = jz_store_list (ctx->store, "registration", person_id ? "person_id" : NULL, person_id,
                        (guint) limit, &error);
  if (regs == NULL)
    return jz_cli_error (cli, error);

  for (guint i = 0; i < regs->len; i++)
    {
      JsonObject *reg = g_ptr_array_index (regs, i);
      g_autoptr(JsonObject) person = jz_store_get (ctx->store, "person", jz_cli_str (reg, "person_id"), NULL);
      g_autofree char *masked = jz_cli_masked (person, "id_number");
      /* The registration carries no ID number; the row adds the person's,
       * masked, so that rows can be told apart. */
      JsonObject *row = jz_cli_masked_copy (reg);

      json_object_set_string_member (row, "name", jz_cli_str (person, "name"));
      json_object_set_string_member (row, "id_number", masked);
      g_ptr_array_add (rows, row);
    }

  if (cli->json)
    {
      jz_cli_print_list (rows);
      return JZ_EXIT_OK;
    }
  if (rows->len == 0)
    {
      printf (_("No registrations.\n"));
      return JZ_EXIT_OK;
    }

  {
    g_autofree char *h_reg = jz_cli_pad (_("Registration"), 36);
    g_autofree char *h_cert = jz_cli_pad (_("Certificate"), 14);
    g_autofree char *h_name = jz_cli_pad (_("Name"), 12);
    g_autofree char *h_id = jz_cli_pad (_("ID number"), 20);
    g_autofree char *h_date = jz_cli_pad (_("Registered"), 10);

    printf ("%s  %s  %s  %s  %s  %s\n", h_reg, h_cert, h_name, h_id, h_date,
            _("Status / address"));
  }
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *r = g_ptr_array_index (rows, i);
      g_autofree char *name = jz_cli_pad (jz_cli_str (r, "name"), 12);
      g_autofree char *id = jz_cli_pad (jz_cli_str (r, "id_number"), 20);
      g_autofree char *division = jz_cli_division_text (ctx, jz_cli_str (r, "residence_division"));
      const char *status = jz_cli_str (r, "status");

      printf ("%-36s  %-14s  %s  %s  %-10s  %s  %s %s\n", jz_cli_str (r, "id"),
              jz_cli_str (r, "certificate_no") ?: "-", name, id,
              jz_cli_str (r, "registered_on") ?: "", jz_cli_status_name (status) ?: status ?: "",
              division, jz_cli_str (r, "residence_address") ?: "");
    }
  return JZ_EXIT_OK;
}

static int
registration_depart (JzCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autofree char *date_text = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date_text, N_("The day the person left (default today)"), "YYYY-MM-DD" },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason,
      N_("moved_away, returned_home, hukou_moved, deceased or other"), "CODE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("registration depart", "ID",
                           N_("注销: ends a registration because the person left."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) reg = NULL;
  GDate date;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("registration depart: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("registration depart: give one registration ID; usage: "
                                      "juzhu-cli registration depart ID --reason CODE [--date D]"));
  if (reason == NULL)
    return jz_cli_usage_error (cli, _("--reason: say why the person left: moved_away, returned_home, "
                                      "hukou_moved, deceased or other"));
  if (!jz_cli_parse_date (cli, "--date", date_text, &date, &error))
    return jz_cli_error (cli, error);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  reg = jz_registry_depart (ctx->registry, argv[1], &date, reason, &cli->today, cli->author, &error);
  if (reg == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    jz_cli_print_object (reg);
  else
    {
      const char *code = jz_cli_str (reg, "departure_reason");

      printf (_("Registration %s ended (注销) on %s: %s (%s).\n"), argv[1], jz_cli_str (reg, "departed_on"),
              jz_cli_code_name (ctx, "departure_reason", code) ?: code, code);
    }
  return JZ_EXIT_OK;
}

static JsonNode *
registration_edit_run (JzCliRun  *run,
                       GError   **error)
{
  return jz_cli_edit_record (run, "registration", error);
}

static int
registration_edit (JzCli  *cli,
                   int     argc,
                   char  **argv)
{
  static const JzCliCommand edit = JZ_CLI_EDIT_COMMAND (registration_edit_run);

  return jz_cli_run_command (cli, &edit, "registration edit", argc, argv);
}

static const JzCliSubcommand registration_subcommands[] = {
  { "add", registration_add },
  { "edit", registration_edit },
  { "show", registration_show },
  { "list", registration_list },
  { "depart", registration_depart },
};

int
jz_cli_registration (JzCli  *cli,
                     int     argc,
                     char  **argv)
{
  return jz_cli_dispatch (cli, "registration", print_registration_help, registration_subcommands,
                          G_N_ELEMENTS (registration_subcommands), argc, argv);
}
