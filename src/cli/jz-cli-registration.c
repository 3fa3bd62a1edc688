/* jz-cli-registration.c — juzhu-cli registration: 暂住登记 declarations
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jz-cli-context.h"
#include "jz-text.h"

static const char * const declaration_rtypes[] = { "person", "registration", NULL };

const char * const jz_cli_registration_fields[] = {
  "residence_division", "committee", "residence_address", "arrival_date",
  "registered_on", "reason", "housing_type", "landlord_name", "landlord_phone",
  "landlord_identity", "employer_name", "employer_identity", "school_name", NULL,
};

static const char registration_help[] =
  N_("Usage: juzhu-cli registration add [--input FILE|-] [--FIELD VALUE…]\n"
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
     "Run juzhu-cli registration add --help for the fields.\n");

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
static JsonNode *
registration_add (JzCliRun  *run,
                  GError   **error)
{
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) person = NULL;
  static const char *copied[] = { "residence_division", "committee", "residence_address",
                                  "reason", "arrival_date", "registered_on" };
  g_autofree char *masked = NULL;
  JsonObject *out;
  gboolean help = FALSE;

  input = jz_cli_collect_fields (run->argc, run->argv, declaration_rtypes, NULL, &help, error);
  if (input == NULL)
    return NULL;
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
      return NULL;
    }

  run->ctx = jz_cli_context_open (run->cli, error);
  if (run->ctx == NULL)
    return NULL;
  jz_registry_roster_default_division (run->ctx->registry, input);
  result = jz_registry_declare (run->ctx->registry, input, &run->cli->today, run->cli->author, error);
  if (result == NULL)
    return NULL;
  reg = jz_store_get (run->ctx->store, "registration", jz_cli_str (result, "registration_id"), error);
  if (reg != NULL)
    person = jz_store_get (run->ctx->store, "person", jz_cli_str (result, "person_id"), error);
  if (person == NULL)
    return NULL;

  /* the answer masks the ID number; the certificate printed for a person
   * is the holder's own, in full */
  masked = jz_cli_masked (person, "id_number");
  out = json_object_new ();
  json_object_set_string_member (out, "certificate_no", jz_cli_str (result, "certificate_no"));
  json_object_set_string_member (out, "registration_id", jz_cli_str (result, "registration_id"));
  json_object_set_string_member (out, "person_id", jz_cli_str (result, "person_id"));
  json_object_set_string_member (out, "name", jz_cli_str (person, "name"));
  json_object_set_string_member (out, "id_number", masked);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    json_object_set_member (out, copied[i], json_node_copy (json_object_get_member (reg, copied[i])));

  json_object_set_object_member (reg, "_person", g_steal_pointer (&person));
  run->data = g_steal_pointer (&reg);
  run->data_free = (GDestroyNotify) json_object_unref;
  return jz_cli_object_node (out);
}

static void
registration_add_print (JzCliRun *run,
                        JsonNode *answer)
{
  JsonObject *reg = run->data;

  print_certificate (run->ctx, reg, json_object_get_object_member (reg, "_person"));
}

static JsonNode *
registration_show (JzCliRun  *run,
                   GError   **error)
{
  g_autoptr(JsonObject) reg = NULL;
  g_autoptr(JsonObject) person = NULL;
  JsonObject *out;

  reg = jz_store_get (run->ctx->store, "registration", run->argv[1], error);
  if (reg != NULL)
    person = jz_store_get (run->ctx->store, "person", jz_cli_str (reg, "person_id"), error);
  if (person == NULL)
    return NULL;
  if (!jz_store_audit (run->ctx->store, run->cli->author, "view", "registration", run->argv[1], NULL, error))
    return NULL;
  out = json_object_new ();
  json_object_set_object_member (out, "registration", g_steal_pointer (&reg));
  json_object_set_object_member (out, "person", g_steal_pointer (&person));
  return jz_cli_object_node (out);
}

static void
registration_show_print (JzCliRun *run,
                         JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);

  printf (_("暂住登记 Registration\n"));
  jz_cli_print_record (run->ctx, json_object_get_object_member (out, "registration"), FALSE, NULL);
  printf (_("\nPerson\n"));
  jz_cli_print_record (run->ctx, json_object_get_object_member (out, "person"), FALSE, NULL);
}

typedef struct
{
  char *person_id;
  int   limit;
} ListOptions;

static const ListOptions list_defaults = { NULL, 100 };

static const GOptionEntry list_options[] = {
  JZ_CLI_OPTION ("person", 'p', G_OPTION_ARG_STRING, ListOptions, person_id,
                 N_("Only this person's registrations"), "ID"),
  JZ_CLI_OPTION ("limit", 'n', G_OPTION_ARG_INT, ListOptions, limit,
                 N_("Show at most N (0: all; default 100)"), "N"),
  { NULL }
};

static gboolean
list_check (JzCliRun  *run,
            GError   **error)
{
  ListOptions *options = run->options;

  if (options->limit < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--limit: %d is negative"), options->limit);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
registration_list (JzCliRun  *run,
                   GError   **error)
{
  ListOptions *options = run->options;
  g_autoptr(GPtrArray) regs = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (options->person_id != NULL)
    {
      g_autoptr(JsonObject) person = jz_store_get (run->ctx->store, "person", options->person_id, error);

      if (person == NULL)
        return NULL;
    }
  regs = jz_store_list (run->ctx->store, "registration", options->person_id ? "person_id" : NULL,
                        options->person_id, (guint) options->limit, error);
  if (regs == NULL)
    return NULL;

  for (guint i = 0; i < regs->len; i++)
    {
      JsonObject *reg = g_ptr_array_index (regs, i);
      g_autoptr(JsonObject) person = jz_store_get (run->ctx->store, "person", jz_cli_str (reg, "person_id"), NULL);
      g_autofree char *masked = jz_cli_masked (person, "id_number");
      /* The registration carries no ID number; the row adds the person's,
       * masked, so that rows can be told apart. */
      JsonObject *row = jz_cli_masked_copy (reg);

      json_object_set_string_member (row, "name", jz_cli_str (person, "name"));
      json_object_set_string_member (row, "id_number", masked);
      g_ptr_array_add (rows, row);
    }
  return jz_cli_list_node (rows);
}

static void
registration_list_print (JzCliRun *run,
                         JsonNode *answer)
{
  JsonArray *rows = json_node_get_array (answer);
  g_autofree char *h_reg = NULL;
  g_autofree char *h_cert = NULL;
  g_autofree char *h_name = NULL;
  g_autofree char *h_id = NULL;
  g_autofree char *h_date = NULL;

  if (json_array_get_length (rows) == 0)
    {
      printf (_("No registrations.\n"));
      return;
    }
  h_reg = jz_cli_pad (_("Registration"), 36);
  h_cert = jz_cli_pad (_("Certificate"), 14);
  h_name = jz_cli_pad (_("Name"), 12);
  h_id = jz_cli_pad (_("ID number"), 20);
  h_date = jz_cli_pad (_("Registered"), 10);
  printf ("%s  %s  %s  %s  %s  %s\n", h_reg, h_cert, h_name, h_id, h_date, _("Status / address"));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *r = json_array_get_object_element (rows, i);
      g_autofree char *name = jz_cli_pad (jz_cli_str (r, "name"), 12);
      g_autofree char *id = jz_cli_pad (jz_cli_str (r, "id_number"), 20);
      g_autofree char *division = jz_cli_division_text (run->ctx, jz_cli_str (r, "residence_division"));
      const char *status = jz_cli_str (r, "status");

      printf ("%-36s  %-14s  %s  %s  %-10s  %s  %s %s\n", jz_cli_str (r, "id"),
              jz_cli_str (r, "certificate_no") ?: "-", name, id,
              jz_cli_str (r, "registered_on") ?: "", jz_cli_status_name (status) ?: status ?: "",
              division, jz_cli_str (r, "residence_address") ?: "");
    }
}

typedef struct
{
  char  *date_text;
  char  *reason;
  GDate  date;
} DepartOptions;

static const GOptionEntry depart_options[] = {
  JZ_CLI_OPTION ("date", 'd', G_OPTION_ARG_STRING, DepartOptions, date_text,
                 N_("The day the person left (default today)"), "YYYY-MM-DD"),
  JZ_CLI_OPTION ("reason", 'r', G_OPTION_ARG_STRING, DepartOptions, reason,
                 N_("moved_away, returned_home, hukou_moved, deceased or other"), "CODE"),
  { NULL }
};

static gboolean
depart_check (JzCliRun  *run,
              GError   **error)
{
  DepartOptions *options = run->options;

  if (options->reason == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--reason: say why the person left: moved_away, returned_home, "
                             "hukou_moved, deceased or other"));
      return FALSE;
    }
  return jz_cli_parse_date (run->cli, "--date", options->date_text, &options->date, error);
}

static JsonNode *
registration_depart (JzCliRun  *run,
                     GError   **error)
{
  DepartOptions *options = run->options;
  JsonObject *reg = jz_registry_depart (run->ctx->registry, run->argv[1], &options->date, options->reason,
                                        &run->cli->today, run->cli->author, error);

  return reg != NULL ? jz_cli_object_node (reg) : NULL;
}

static void
registration_depart_print (JzCliRun *run,
                           JsonNode *answer)
{
  JsonObject *reg = json_node_get_object (answer);
  const char *code = jz_cli_str (reg, "departure_reason");

  printf (_("Registration %s ended (注销) on %s: %s (%s).\n"), run->argv[1], jz_cli_str (reg, "departed_on"),
          jz_cli_code_name (run->ctx, "departure_reason", code) ?: code, code);
}

static JsonNode *
registration_edit (JzCliRun  *run,
                   GError   **error)
{
  return jz_cli_edit_record (run, "registration", error);
}


/* ---- import: a roster at once ------------------------------------------------ */

typedef struct
{
  gboolean  check;
  gboolean  template;
  char     *rejected;
  char     *residence_division;
} ImportOptions;

static const GOptionEntry import_options[] = {
  JZ_CLI_OPTION ("check", 0, G_OPTION_ARG_NONE, ImportOptions, check,
                 N_("Check every row and file none"), NULL),
  JZ_CLI_OPTION ("rejected", 0, G_OPTION_ARG_FILENAME, ImportOptions, rejected,
                 N_("Write the rows that have problems to FILE (CSV, with a column of the problems)"), "FILE"),
  JZ_CLI_OPTION ("residence-division", 0, G_OPTION_ARG_STRING, ImportOptions, residence_division,
                 N_("Where the rows without a residence_division column live (a landlord's building)"), "CODE"),
  JZ_CLI_OPTION ("template", 0, G_OPTION_ARG_NONE, ImportOptions, template,
                 N_("Print an empty roster with the columns Juzhu reads, to fill in"), NULL),
  { NULL }
};


static gboolean
import_check (JzCliRun  *run,
              GError   **error)
{
  ImportOptions *options = run->options;

  if (options->template && run->argc == 1)
    return TRUE;
  if (run->argc != 2 || options->template)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("give the roster's file: juzhu-cli registration import FILE.csv|FILE.xlsx "
                             "[--check] [--rejected OUT.csv]; or --template for an empty one"));
      return FALSE;
    }
  /* before anything is filed: a place the refused rows cannot be written
   * to would leave the clerk not knowing which rows went in */
  if (options->rejected != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (options->rejected);
      g_autoptr(GFile) in = g_file_new_for_commandline_arg (run->argv[1]);
      g_autoptr(GFile) out = g_file_new_for_commandline_arg (options->rejected);

      if (g_file_equal (in, out))
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("--rejected: give another file than the roster itself"));
          return FALSE;
        }
      if (g_access (dir, W_OK) != 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--rejected: cannot write in the folder %s"), dir);
          return FALSE;
        }
    }
  return TRUE;
}

/* The refused rows, as they were, and what is wrong with each */
static gboolean
write_rejected (const char  *path,
                GPtrArray   *rows,
                JsonArray   *results,
                GError     **error)
{
  g_autoptr(GString) out = g_string_new ("\xef\xbb\xbf");
  char **header = g_ptr_array_index (rows, 0);
  guint n_columns = g_strv_length (header);

  for (guint c = 0; c < n_columns; c++)
    {
      jz_text_append_csv_cell (out, header[c]);
      g_string_append_c (out, ',');
    }
  jz_text_append_csv_cell (out, _("Problems"));
  g_string_append (out, "\r\n");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      JsonArray *problems = json_object_has_member (r, "problems") ? json_object_get_array_member (r, "problems")
                                                                   : NULL;
      char **cells;
      g_autoptr(GString) said = g_string_new (NULL);

      if (problems == NULL)
        continue;
      /* results are in the rows' order, below the header */
      cells = g_ptr_array_index (rows, i + 1);
      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = c < g_strv_length (cells) ? cells[c] : "";

          /* an ID number kept as text when Excel opens the file again (it
           * would show 1.10105E+17 and lose digits); the import strips it */
          if (g_strcmp0 (jz_registry_roster_field (header[c]), "id_number") == 0 && *cell != '\0')
            {
              g_autofree char *text = g_strconcat ("\t", cell, NULL);

              jz_text_append_csv_cell (out, text);
            }
          else
            jz_text_append_csv_cell (out, cell);
          g_string_append_c (out, ',');
        }
      for (guint p = 0; p < json_array_get_length (problems); p++)
        g_string_append_printf (said, "%s%s", p > 0 ? "; " : "",
                                json_object_get_string_member (json_array_get_object_element (problems, p),
                                                               "message"));
      if (said->len == 0)
        g_string_append (said, json_object_get_string_member (r, "message"));
      jz_text_append_csv_cell (out, said->str);
      g_string_append (out, "\r\n");
    }
  /* it holds ID numbers: the user's alone */
  return g_file_set_contents_full (path, out->str, (gssize) out->len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

static JsonNode *
registration_import (JzCliRun  *run,
                     GError   **error)
{
  ImportOptions *options = run->options;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_auto(GStrv) ignored = NULL;
  g_autoptr(GArray) lines = NULL;
  const char *encoding = NULL;
  JsonObject *out;
  JsonArray *ignored_list;
  guint filed = 0;

  if (options->template)
    {
      /* the file itself; with --json, its text as a string */
      run->data = jz_registry_roster_template ();
      run->data_free = g_free;
      return json_node_init_string (json_node_alloc (), run->data);
    }

  rows = jz_registry_roster_read_file (run->argv[1], &encoding, &lines, error);
  if (rows == NULL)
    return NULL;
  inputs = jz_registry_roster_inputs (run->ctx->registry, rows, &ignored, error);
  if (inputs == NULL)
    {
      g_prefix_error (error, "%s: ", run->argv[1]);
      return NULL;
    }
  for (guint i = 0; i < inputs->len; i++)
    {
      JsonObject *input = g_ptr_array_index (inputs, i);

      if (options->residence_division != NULL && !json_object_has_member (input, "residence_division"))
        json_object_set_string_member (input, "residence_division", options->residence_division);
      jz_registry_roster_default_division (run->ctx->registry, input);
    }
  /* rows counted as the spreadsheet shows them: the header is row 1 */
  results = jz_registry_declare_roster (run->ctx->registry, inputs, options->check,
                                        &g_array_index (lines, guint, 1), &run->cli->today,
                                        run->cli->author, &filed, error);
  if (results == NULL)
    return NULL;
  if (filed < inputs->len)
    {
      g_autoptr(GError) write_error = NULL;

      run->status = JZ_EXIT_NO;
      /* what was filed stays filed and is told; only the file is missing */
      if (options->rejected != NULL && !write_rejected (options->rejected, rows, results, &write_error))
        {
          g_printerr (_("juzhu-cli: the rows with problems could not be written to %s: %s\n"),
                      options->rejected, write_error->message);
          g_clear_pointer (&options->rejected, g_free);
        }
    }

  out = json_object_new ();
  json_object_set_string_member (out, "file", run->argv[1]);
  json_object_set_string_member (out, "encoding", encoding);
  json_object_set_int_member (out, "rows", inputs->len);
  json_object_set_int_member (out, options->check ? "would_file" : "filed", filed);
  json_object_set_int_member (out, "refused", inputs->len - filed);
  ignored_list = json_array_new ();
  for (guint i = 0; ignored[i] != NULL; i++)
    json_array_add_string_element (ignored_list, ignored[i]);
  json_object_set_array_member (out, "ignored_columns", ignored_list);
  json_object_set_array_member (out, "results", g_steal_pointer (&results));
  return jz_cli_object_node (out);
}

static void
registration_import_print (JzCliRun *run,
                           JsonNode *answer)
{
  ImportOptions *options = run->options;
  JsonObject *out;
  JsonArray *results, *ignored;
  guint refused;

  if (options->template)
    {
      fputs (run->data, stdout);
      return;
    }
  out = json_node_get_object (answer);
  results = json_object_get_array_member (out, "results");
  ignored = json_object_get_array_member (out, "ignored_columns");
  refused = (guint) json_object_get_int_member (out, "refused");
  printf (_("%s (%s): rows read: %u.\n"), jz_cli_str (out, "file"), jz_cli_str (out, "encoding"),
          (guint) json_object_get_int_member (out, "rows"));
  for (guint i = 0; i < json_array_get_length (ignored); i++)
    printf (_("Column “%s” is not one Juzhu reads; it was left out.\n"), json_array_get_string_element (ignored, i));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      JsonArray *problems = json_object_has_member (r, "problems") ? json_object_get_array_member (r, "problems")
                                                                   : NULL;
      guint row = (guint) json_object_get_int_member (r, "row");

      if (problems == NULL)
        continue;
      if (json_array_get_length (problems) == 0)
        printf (_("Row %u: %s\n"), row, jz_cli_str (r, "message"));
      for (guint p = 0; p < json_array_get_length (problems); p++)
        printf (_("Row %u: %s\n"), row,
                json_object_get_string_member (json_array_get_object_element (problems, p), "message"));
    }
  if (options->check)
    printf (_("Checked, nothing saved. Ready to file: %u. With problems: %u.\n"),
            (guint) json_object_get_int_member (out, "would_file"), refused);
  else
    printf (_("Declarations (暂住登记) filed at once: %u. Rows with problems, not saved: %u.\n"),
            (guint) json_object_get_int_member (out, "filed"), refused);
  if (refused > 0 && options->rejected != NULL)
    printf (_("The rows with problems are in %s, to put right and import again.\n"), options->rejected);
}

static const JzCliCommand registration_commands[] = {
  { .name = "add", .flags = JZ_CLI_OWN_ARGS, .run = registration_add, .print = registration_add_print },
  JZ_CLI_EDIT_COMMAND (registration_edit),
  { .name = "show", .parameters = "ID",
    .summary = N_("Shows a 暂住登记 and its person in full; written to the audit log."),
    .min_args = 1, .max_args = 1, .args_hint = N_("give one registration ID (see juzhu-cli registration list)"),
    .flags = JZ_CLI_STORE, .run = registration_show, .print = registration_show_print },
  { .name = "list",
    .summary = N_("Lists 暂住登记 registrations, oldest first; ID numbers masked."),
    .flags = JZ_CLI_STORE, .options_size = sizeof (ListOptions), .options_defaults = &list_defaults,
    .options = list_options, .check = list_check, .run = registration_list, .print = registration_list_print },
  { .name = "depart", .parameters = "ID",
    .summary = N_("注销: ends a registration because the person left."),
    .min_args = 1, .max_args = 1,
    .args_hint = N_("give one registration ID; usage: juzhu-cli registration depart ID --reason CODE [--date D]"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (DepartOptions), .options = depart_options,
    .check = depart_check, .run = registration_depart, .print = registration_depart_print },
  { .name = "import", .parameters = "FILE",
    .summary = N_("A roster at once: every row of a CSV file (UTF-8 or GB18030) or of an Excel "
                  "workbook's first sheet (.xlsx) declared, the rows with problems told and left out."),
    .min_args = 0, .max_args = 1, .flags = JZ_CLI_STORE, .options_size = sizeof (ImportOptions),
    .options = import_options, .check = import_check, .run = registration_import,
    .print = registration_import_print },
  { NULL }
};

const JzCliGroup jz_cli_registration_group = {
  "registration", N_("暂住登记: declare, show and list registrations"), registration_help, registration_commands,
};
