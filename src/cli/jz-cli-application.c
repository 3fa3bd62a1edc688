/* jz-cli-application.c — juzhu-cli application (add, show, list) and
 * material add: the 居住证 application and its photographed documents
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"
#include "jz-id-number.h"

static const char * const application_fields[] = {
  "person_id", "kind", "conditions", "residence_division", "residence_since",
  "moved_on", "applied_on", "remote_area", "proxy_name", "proxy_id_number", "proxy_relation",
  "notes", NULL,
};

/* Short flags for the references, as a field worker types them. */
static const char * const application_aliases[] = {
  "person", "person_id",
  "registration", "registration_id",
  "permit", "permit_id",
  NULL,
};

static const char * const application_statuses[] = {
  "submitted", "accepted", "issued", "rejected", "withdrawn", NULL,
};

static const char application_help[] =
  N_("Usage: juzhu-cli application add (--person ID | --id-number N) [--kind KIND]\n"
             "                                 [--conditions C,C] [--FIELD VALUE…] [--input FILE|-]\n"
             "       juzhu-cli application edit ID --set FIELD=VALUE…\n"
             "       juzhu-cli application show ID\n"
             "       juzhu-cli application list [--status STATUS] [--limit N]\n"
             "\n"
             "add   records a 居住证 application (first, endorse, replace, reissue,\n"
             "      address_change) and says what is still missing\n"
             "edit  changes fields while it waits for acceptance (a closed one, never)\n"
             "show  the application in full with its materials and the rules'\n"
             "      evaluation on --today (written to the audit log)\n"
             "list  applications, oldest first, ID numbers masked\n"
             "\n"
             "Then: juzhu-cli material add, notice, accept, extend, issue.\n");

/* What a command leaves for its print beside the answer: the rules'
 * evaluation, which --json gives as JSON and a person in words, and the
 * records the words need that the answer does not hold. */
typedef struct
{
  JzRulesResult *result;
  JsonObject    *person;       /* application add: the applicant */
  JsonObject    *application;  /* material add: the application */
} Evaluation;

static void
evaluation_free (Evaluation *evaluation)
{
  if (evaluation == NULL)
    return;
  g_clear_pointer (&evaluation->result, jz_rules_result_free);
  g_clear_pointer (&evaluation->person, json_object_unref);
  g_clear_pointer (&evaluation->application, json_object_unref);
  g_free (evaluation);
}

/* Hands @result to the command's print; the caller adds the records */
static Evaluation *
keep_evaluation (JzCliRun      *run,
                 JzRulesResult *result)
{
  Evaluation *evaluation = g_new0 (Evaluation, 1);

  evaluation->result = result;
  run->data = evaluation;
  run->data_free = (GDestroyNotify) evaluation_free;
  return evaluation;
}

/* "身份证明 (identity): 居民身份证 (id_card) or …" */
static char *
need_text (JzCliContext      *ctx,
           const JzRulesNeed *need)
{
  GString *s = g_string_new (NULL);
  const char *name = jz_cli_code_name (ctx, "need", need->need);

  g_string_append_printf (s, "%s (%s): ", name ? name : need->need, need->need);
  for (guint k = 0; need->any_of[k] != NULL; k++)
    {
      const char *doc = jz_cli_code_name (ctx, "document", need->any_of[k]);

      g_string_append_printf (s, "%s%s (%s)", k ? _(" or ") : "", doc ? doc : need->any_of[k], need->any_of[k]);
    }
  return g_string_free (s, FALSE);
}

void
jz_cli_print_missing (JzCliContext  *ctx,
                      JzRulesResult *result,
                      JsonObject    *application)
{
  const char *id = jz_cli_str (application, "id");
  /* What to do next only makes sense before acceptance. */
  gboolean open = g_strcmp0 (jz_cli_str (application, "status"), "submitted") == 0;

  /* has_missing says whether materials apply at all; an empty list is a
   * complete application. */
  if (!jz_rules_result_has_missing (result))
    return;
  if (jz_rules_result_get_n_missing (result) == 0)
    {
      if (open)
        printf (_("  Materials        complete; accept with: juzhu-cli accept %s\n"), id);
      else
        printf (_("  Materials        complete\n"));
      return;
    }
  if (open)
    printf (_("  Missing          (tell the applicant all at once: juzhu-cli notice %s)\n"), id);
  else
    printf (_("  Missing\n"));
  for (guint i = 0; i < jz_rules_result_get_n_missing (result); i++)
    {
      g_autofree char *text = need_text (ctx, jz_rules_result_get_missing (result, i));

      printf ("    - %s\n", text);
    }
}

/* The rules' decisions in words, each with its article. */
void
jz_cli_print_evaluation (JzCliContext  *ctx,
                         JzRulesResult *result,
                         JsonObject    *application)
{
  JzRulesEndorsement en;
  GDate from, due, due_ext;
  gboolean allowed = FALSE, charged = FALSE;
  const char *reason = NULL;
  const char *article = NULL;
  int amount = -1;

  switch (jz_rules_result_get_eligibility (result, &from))
    {
    case JZ_ELIGIBILITY_ELIGIBLE:
      {
        g_autofree char *d = g_date_valid (&from) ? jz_date_format (&from) : NULL;

        if (d != NULL)
          printf (_("  Eligible         yes, since %s\n"), d);
        else
          printf (_("  Eligible         yes\n"));
        break;
      }
    case JZ_ELIGIBILITY_NOT_ELIGIBLE:
      {
        g_autofree char *d = g_date_valid (&from) ? jz_date_format (&from) : NULL;

        if (d != NULL)
          printf (_("  Eligible         NO; eligible from %s\n"), d);
        else
          printf (_("  Eligible         NO\n"));
        break;
      }
    case JZ_ELIGIBILITY_UNDETERMINED:
      printf (_("  Eligible         not yet known: a fact is missing (see below)\n"));
      break;
    case JZ_ELIGIBILITY_NOT_APPLICABLE:
    default:
      break;
    }

  for (guint i = 0; i < jz_rules_result_get_n_reasons (result); i++)
    {
      const JzRulesReason *r = jz_rules_result_get_reason (result, i);

      printf ("    - %s%s%s%s\n", r->message, r->article ? " (" : "", r->article ? r->article : "",
              r->article ? ")" : "");
    }

  jz_cli_print_missing (ctx, result, application);

  if (jz_rules_result_get_proxy (result, &allowed, &reason))
    {
      if (allowed)
        printf (_("  Proxy            allowed (%s)\n"), reason ? reason : "");
      else
        printf (_("  Proxy            NOT allowed (%s)\n"), reason ? reason : "");
    }

  if (jz_rules_result_get_issue_due (result, &due, &due_ext) && g_date_valid (&due))
    {
      g_autofree char *d = jz_date_format (&due);
      g_autofree char *e = g_date_valid (&due_ext) ? jz_date_format (&due_ext) : NULL;

      if (e != NULL && jz_cli_str (application, "extension_reason") != NULL)
        printf (_("  Issue by         %s, extended from %s (%s)\n"), e, d,
                jz_profile_article (ctx->profile, "extension") ?: "");
      else if (e != NULL)
        printf (_("  Issue by         %s (%s); with an extension %s\n"), d,
                jz_profile_article (ctx->profile, "issuance") ?: "", e);
      else
        printf (_("  Issue by         %s (%s)\n"), d, jz_profile_article (ctx->profile, "issuance") ?: "");
    }

  if (jz_rules_result_get_endorsement (result, &en) && g_date_valid (&en.anniversary))
    {
      g_autofree char *a = jz_date_format (&en.anniversary);
      g_autofree char *o = jz_date_format (&en.window_opens);
      g_autofree char *c = jz_date_format (&en.window_closes);

      if (en.suspended)
        printf (_("  Endorsement      %s; window %s to %s, anniversary %s; SUSPENDED\n"),
                jz_endorsement_status_to_code (en.status), o, c, a);
      else
        printf (_("  Endorsement      %s; window %s to %s, anniversary %s\n"),
                jz_endorsement_status_to_code (en.status), o, c, a);
    }

  if (jz_rules_result_get_fee (result, &charged, &amount, &article))
    {
      if (!charged)
        printf (_("  Fee              free (%s)\n"), article ? article : "");
      else if (amount >= 0)
        printf (_("  Fee              %d yuan (%s)\n"), amount, article ? article : "");
      else
        printf (_("  Fee              the card fee, 按规定标准 (%s)\n"), article ? article : "");
    }
}

/* --id-number instead of --person: the person as the ID card says. */
static gboolean
resolve_person (JzCliContext  *ctx,
                JsonObject    *input,
                GError       **error)
{
  const char *number = jz_cli_str (input, "id_number");
  const char *given = jz_cli_str (input, "person_id");
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(GError) local_error = NULL;
  JzIdInfo info;

  if (!json_object_has_member (input, "id_number"))
    return TRUE;
  if (number == NULL || !jz_id_number_parse (number, &ctx->cli->today, &info, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("id_number: %s"),
                   local_error ? local_error->message : _("expected the applicant's ID number as text"));
      return FALSE;
    }

  person = jz_store_find_person_by_id_number (ctx->store, info.normalized, &local_error);
  if (person == NULL)
    {
      if (g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND))
        g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND,
                     _("id_number: no person with this ID number; record the 暂住登记 first "
                       "(juzhu-cli registration add)"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (given != NULL && g_strcmp0 (given, jz_cli_str (person, "id")) != 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("person_id: %s is not the person with that ID number (%s)"),
                   given, jz_cli_str (person, "id"));
      return FALSE;
    }

  json_object_remove_member (input, "id_number");
  json_object_set_string_member (input, "person_id", jz_cli_str (person, "id"));
  return TRUE;
}

static JsonNode *
application_add (JzCliRun  *run,
                 GError   **error)
{
  static const char * const rtypes_with_person[] = { "application", "person", NULL };
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  JsonObject *out;
  gboolean help = FALSE;
  const char *id;

  input = jz_cli_collect_fields (run->argc, run->argv, rtypes_with_person, application_aliases, &help, error);
  if (input == NULL)
    return NULL;
  if (help)
    {
      printf (_("Usage: juzhu-cli application add (--person ID | --id-number N) [--FIELD VALUE…]\n"
                "                                 [--input FILE|-]\n\n"
                "Records a 居住证 application. --kind is first (default), endorse,\n"
                "replace, reissue or address_change; --conditions lists what the\n"
                "applicant claims: employment, residence, study. A proxy (代办) gives\n"
                "--proxy-name, --proxy-id-number and --proxy-relation (guardian or\n"
                "close_relative). The registration and permit default to the\n"
                "person's latest; applied_on defaults to --today.\n\n"
                "  --id-number NUMBER                 the applicant's ID number, instead of --person\n"
                "  --person ID                        the applicant's person record\n"
                "  --registration ID, --permit ID     the records it concerns\n"));
      jz_cli_print_fields_help ("application", application_fields + 1);
      return NULL;
    }

  if (!json_object_has_member (input, "person_id") && !json_object_has_member (input, "id_number"))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("application add: whose application is it? Give --person ID "
                             "or --id-number N (see juzhu-cli application add --help)"));
      return NULL;
    }

  run->ctx = jz_cli_context_open (run->cli, error);
  if (run->ctx == NULL)
    return NULL;
  if (!resolve_person (run->ctx, input, error))
    return NULL;

  app = jz_registry_apply (run->ctx->registry, input, &run->cli->today, run->cli->author, error);
  if (app == NULL)
    return NULL;
  id = jz_cli_str (app, "id");
  person = jz_store_get (run->ctx->store, "person", jz_cli_str (app, "person_id"), NULL);
  result = jz_registry_evaluate (run->ctx->registry, id, &run->cli->today, error);
  if (result == NULL)
    return NULL;

  out = json_object_new ();
  json_object_set_object_member (out, "application", g_steal_pointer (&app));
  json_object_set_member (out, "evaluation", jz_rules_result_to_json (result));
  keep_evaluation (run, g_steal_pointer (&result))->person = g_steal_pointer (&person);
  return jz_cli_object_node (out);
}

static void
application_add_print (JzCliRun *run,
                       JsonNode *answer)
{
  Evaluation *evaluation = run->data;
  JsonObject *app = json_object_get_object_member (json_node_get_object (answer), "application");
  const char *kind = jz_cli_str (app, "kind");
  g_autofree char *masked = jz_cli_masked (evaluation->person, "id_number");

  printf (_("Application %s recorded: %s (%s), applied %s\n"), jz_cli_str (app, "id"),
          jz_cli_code_name (run->ctx, "application_kind", kind) ?: kind, kind,
          jz_cli_str (app, "applied_on"));
  printf (_("  Applicant        %s (%s)\n"), jz_cli_str (evaluation->person, "name") ?: "", masked);
  jz_cli_print_evaluation (run->ctx, evaluation->result, app);
}

static JsonNode *
application_show (JzCliRun  *run,
                  GError   **error)
{
  JzCliContext *ctx = run->ctx;
  const char *id = run->argv[1];
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  JsonObject *out;

  app = jz_store_get (ctx->store, "application", id, error);
  if (app != NULL)
    person = jz_store_get (ctx->store, "person", jz_cli_str (app, "person_id"), error);
  if (person != NULL)
    materials = jz_store_list (ctx->store, "material", "application_id", id, 0, error);
  if (materials != NULL)
    result = jz_registry_evaluate (ctx->registry, id, &run->cli->today, error);
  if (result == NULL)
    return NULL;
  if (!jz_store_audit (ctx->store, run->cli->author, "view", "application", id, NULL, error))
    return NULL;

  out = json_object_new ();
  json_object_set_object_member (out, "application", g_steal_pointer (&app));
  json_object_set_object_member (out, "person", g_steal_pointer (&person));
  json_object_set_member (out, "materials", jz_cli_list_node (materials));
  json_object_set_member (out, "evaluation", jz_rules_result_to_json (result));
  keep_evaluation (run, g_steal_pointer (&result));
  return jz_cli_object_node (out);
}

static void
application_show_print (JzCliRun *run,
                        JsonNode *answer)
{
  Evaluation *evaluation = run->data;
  JsonObject *out = json_node_get_object (answer);
  JsonObject *app = json_object_get_object_member (out, "application");
  JsonObject *person = json_object_get_object_member (out, "person");
  JsonArray *materials = json_object_get_array_member (out, "materials");

  printf (_("Application 居住证申领\n"));
  jz_cli_print_record (run->ctx, app, FALSE, NULL);
  printf (_("\nApplicant\n"));
  {
    g_autofree char *h_name = jz_cli_pad (_("Name"), 24);
    g_autofree char *h_id = jz_cli_pad (_("ID number"), 24);

    printf ("  %s %s\n", h_name, jz_cli_str (person, "name") ?: "");
    printf ("  %s %s\n", h_id, jz_cli_str (person, "id_number") ?: "");
  }
  printf (_("\nMaterials (%u)\n"), json_array_get_length (materials));
  for (guint i = 0; i < json_array_get_length (materials); i++)
    {
      JsonObject *m = json_array_get_object_element (materials, i);
      const char *doc = jz_cli_str (m, "document");
      JsonArray *pages = json_object_get_array_member (m, "pages");

      if (json_object_get_boolean_member_with_default (m, "deleted", FALSE))
        continue;
      if (jz_cli_str (m, "document_date") != NULL)
        printf (_("  %s  %s (%s), %u page(s), dated %s\n"), jz_cli_str (m, "id"),
                jz_cli_code_name (run->ctx, "document", doc) ?: doc, doc,
                pages ? json_array_get_length (pages) : 0, jz_cli_str (m, "document_date"));
      else
        printf (_("  %s  %s (%s), %u page(s)\n"), jz_cli_str (m, "id"),
                jz_cli_code_name (run->ctx, "document", doc) ?: doc, doc,
                pages ? json_array_get_length (pages) : 0);
    }
  {
    g_autofree char *today = jz_date_format (&run->cli->today);

    printf (_("\nEvaluation on %s (%s)\n"), today, jz_profile_get_title (run->ctx->profile));
  }
  jz_cli_print_evaluation (run->ctx, evaluation->result, app);
}

typedef struct
{
  char *status;
  int   limit;
} ListOptions;

static const ListOptions list_defaults = { NULL, 100 };

static const GOptionEntry list_options[] = {
  JZ_CLI_OPTION ("status", 's', G_OPTION_ARG_STRING, ListOptions, status,
                 N_("Only submitted, accepted, issued, rejected or withdrawn ones"), "STATUS"),
  JZ_CLI_OPTION ("limit", 'n', G_OPTION_ARG_INT, ListOptions, limit,
                 N_("Show at most N (0: all; default 100)"), "N"),
  { NULL }
};

static gboolean
application_list_check (JzCliRun  *run,
                        GError   **error)
{
  ListOptions *options = run->options;

  if (options->limit < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--limit: %d is negative"), options->limit);
      return FALSE;
    }
  if (options->status != NULL && !g_strv_contains (application_statuses, options->status))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--status: “%s” is not an application status; use submitted, "
                     "accepted, issued, rejected or withdrawn"), options->status);
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
application_list (JzCliRun  *run,
                  GError   **error)
{
  ListOptions *options = run->options;
  const char *status = options->status;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  apps = jz_store_list (run->ctx->store, "application", status ? "status" : NULL, status,
                        (guint) options->limit, error);
  if (apps == NULL)
    return NULL;

  for (guint i = 0; i < apps->len; i++)
    {
      JsonObject *a = g_ptr_array_index (apps, i);
      g_autoptr(JsonObject) person = jz_store_get (run->ctx->store, "person", jz_cli_str (a, "person_id"), NULL);
      g_autofree char *masked = jz_cli_masked (person, "id_number");
      JsonObject *row = jz_cli_masked_copy (a);

      json_object_set_string_member (row, "name", jz_cli_str (person, "name"));
      json_object_set_string_member (row, "id_number", masked);
      g_ptr_array_add (rows, row);
    }
  return jz_cli_list_node (rows);
}

static void
application_list_print (JzCliRun *run,
                        JsonNode *answer)
{
  ListOptions *options = run->options;
  g_autoptr(GPtrArray) rows = jz_cli_node_objects (answer);

  if (rows->len == 0)
    {
      if (options->status != NULL)
        printf (_("No applications with status %s.\n"), options->status);
      else
        printf (_("No applications.\n"));
      return;
    }

  {
    g_autofree char *h_app = jz_cli_pad (_("Application"), 36);
    g_autofree char *h_kind = jz_cli_pad (_("Kind"), 12);
    g_autofree char *h_name = jz_cli_pad (_("Name"), 12);
    g_autofree char *h_id = jz_cli_pad (_("ID number"), 20);
    g_autofree char *h_applied = jz_cli_pad (_("Applied"), 10);
    g_autofree char *h_accepted = jz_cli_pad (_("Accepted"), 10);

    printf ("%s  %s  %s  %s  %s  %s  %s\n", h_app, h_kind, h_name, h_id,
            h_applied, h_accepted, _("Status"));
  }
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *r = g_ptr_array_index (rows, i);
      const char *kind = jz_cli_str (r, "kind");
      const char *st = jz_cli_str (r, "status");
      g_autofree char *k = jz_cli_pad (jz_cli_code_name (run->ctx, "application_kind", kind) ?: kind, 12);
      g_autofree char *name = jz_cli_pad (jz_cli_str (r, "name"), 12);
      g_autofree char *id = jz_cli_pad (jz_cli_str (r, "id_number"), 20);

      printf ("%-36s  %s  %s  %s  %-10s  %-10s  %s (%s)\n", jz_cli_str (r, "id"), k, name, id,
              jz_cli_str (r, "applied_on") ?: "", jz_cli_str (r, "accepted_on") ?: "-",
              jz_cli_status_name (st) ?: "", st ? st : "");
    }
}

static JsonNode *
application_edit_run (JzCliRun  *run,
                      GError   **error)
{
  return jz_cli_edit_record (run, "application", error);
}

static const JzCliCommand application_commands[] = {
  { .name = "add", .flags = JZ_CLI_OWN_ARGS, .run = application_add, .print = application_add_print },
  JZ_CLI_EDIT_COMMAND (application_edit_run),
  { .name = "show", .parameters = "ID",
    .summary = N_("Shows an application in full with its applicant, materials and the\n"
                  "rules' evaluation on --today. Written to the audit log."),
    .min_args = 1, .max_args = 1, .args_hint = N_("give one application ID (see juzhu-cli application list)"),
    .flags = JZ_CLI_STORE, .run = application_show, .print = application_show_print },
  { .name = "list",
    .summary = N_("Lists 居住证 applications, oldest first; ID numbers masked."),
    .flags = JZ_CLI_STORE, .options_size = sizeof (ListOptions), .options_defaults = &list_defaults,
    .check = application_list_check,
    .options = list_options, .run = application_list, .print = application_list_print },
  { NULL }
};

const JzCliGroup jz_cli_application_group = {
  "application", N_("居住证 applications: add, show, list"), application_help, application_commands,
};

/* ---- material ------------------------------------------------------------ */

static const char material_help[] =
  N_("Usage: juzhu-cli material add APPLICATION --type CODE [--date YYYY-MM-DD] FILE…\n"
             "\n"
             "Adds a photographed document, one FILE per page. See\n"
             "juzhu-cli material add --help for the document codes.\n");

typedef struct
{
  char *type;
  char *date;
  char  date_norm[11];  /* --date as YYYY-MM-DD, or "" */
} MaterialOptions;

static const GOptionEntry material_options[] = {
  JZ_CLI_OPTION ("type", 't', G_OPTION_ARG_STRING, MaterialOptions, type,
                 N_("The document: id_card, photo, lease_contract, …"), "CODE"),
  JZ_CLI_OPTION ("date", 'd', G_OPTION_ARG_STRING, MaterialOptions, date,
                 N_("The date written on the document"), "YYYY-MM-DD"),
  { NULL }
};

/* Everything that can be checked before a photo is stored (and before the
 * data directory is opened), so that a typo leaves no orphaned pages */
static gboolean
material_add_check (JzCliRun  *run,
                    GError   **error)
{
  MaterialOptions *options = run->options;

  if (options->type == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--type: which document is it (id_card, photo, lease_contract, …)?"));
      return FALSE;
    }
  if (options->date != NULL)
    {
      g_autofree char *text = NULL;
      GDate date;

      if (!jz_cli_parse_date (run->cli, "--date", options->date, &date, error))
        return FALSE;
      text = jz_date_format (&date);
      g_strlcpy (options->date_norm, text, sizeof options->date_norm);
    }
  for (int i = 2; i < run->argc; i++)
    if (!g_file_test (run->argv[i], G_FILE_TEST_IS_REGULAR))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s: no such file"), run->argv[i]);
        return FALSE;
      }
  return TRUE;
}

static JsonNode *
material_add (JzCliRun  *run,
              GError   **error)
{
  MaterialOptions *options = run->options;
  JzCliContext *ctx = run->ctx;
  const char *app_id = run->argv[1];
  g_autoptr(JsonObject) app = NULL;
  g_autoptr(JsonObject) material = NULL;
  g_autoptr(JzRulesResult) result = NULL;
  JsonObject *out;
  JsonArray *missing;

  if (!jz_codes_check (ctx->codes, "document", options->type, "--type", error))
    return NULL;
  app = jz_store_get (ctx->store, "application", app_id, error);
  if (app == NULL)
    return NULL;

  material = jz_registry_add_material (ctx->registry, app_id, options->type,
                                       (const char * const *) run->argv + 2,
                                       options->date_norm[0] != '\0' ? options->date_norm : NULL,
                                       run->cli->author, error);
  if (material == NULL)
    return NULL;

  result = jz_registry_evaluate (ctx->registry, app_id, &run->cli->today, error);
  if (result == NULL)
    return NULL;

  out = json_object_new ();
  /* pages a reviewer may not read: said beside the record, not in it */
  if (json_object_has_member (material, "_photo_warnings"))
    {
      json_object_set_array_member (out, "photo_warnings",
                                    json_array_ref (json_object_get_array_member (material, "_photo_warnings")));
      json_object_remove_member (material, "_photo_warnings");
    }
  missing = json_array_new ();
  for (guint i = 0; i < jz_rules_result_get_n_missing (result); i++)
    json_array_add_string_element (missing, jz_rules_result_get_missing (result, i)->need);
  json_object_set_object_member (out, "material", g_steal_pointer (&material));
  json_object_set_array_member (out, "still_missing", missing);
  keep_evaluation (run, g_steal_pointer (&result))->application = g_steal_pointer (&app);
  return jz_cli_object_node (out);
}

static void
material_add_print (JzCliRun *run,
                    JsonNode *answer)
{
  MaterialOptions *options = run->options;
  Evaluation *evaluation = run->data;
  const char *type = options->type;

  printf (_("Material added: %s (%s)\n"), jz_cli_code_name (run->ctx, "document", type) ?: type, type);
  jz_cli_print_record (run->ctx, json_object_get_object_member (json_node_get_object (answer), "material"),
                       FALSE, NULL);
  if (json_object_has_member (json_node_get_object (answer), "photo_warnings"))
    {
      JsonArray *warnings = json_object_get_array_member (json_node_get_object (answer), "photo_warnings");

      for (guint i = 0; i < json_array_get_length (warnings); i++)
        {
          JsonObject *w = json_array_get_object_element (warnings, i);
          guint page = (guint) json_object_get_int_member (w, "page");

          if (json_object_get_boolean_member (w, "blurred"))
            printf (_("Page %u looks blurred: a reviewer may not read it; photograph it again.\n"), page);
          if (json_object_get_boolean_member (w, "glare"))
            printf (_("A glare hides part of page %u; photograph it again away from the light.\n"), page);
        }
    }
  jz_cli_print_missing (run->ctx, evaluation->result, evaluation->application);
}

static const JzCliCommand material_commands[] = {
  { .name = "add", .parameters = "APPLICATION FILE…",
    .summary = N_("Adds a photographed document to an application, one FILE per page\n"
                  "(JPEG or PNG). The photos are checked, scaled down and stored by\n"
                  "their SHA-256; if any page is not a usable photo nothing is recorded."),
    .description = N_("Document codes: id_card, id_photo_digital, photo,\n"
                      "temp_registration_certificate, lease_contract, lease_registration,\n"
                      "property_certificate, purchase_contract, accommodation_proof,\n"
                      "business_license, labour_contract, employer_letter, student_card,\n"
                      "school_letter, proxy_id, other."),
    .min_args = 2, .max_args = G_MAXUINT,
    .args_hint = N_("give the application ID and at least one photo file; usage: "
                    "juzhu-cli material add APPLICATION --type CODE FILE…"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (MaterialOptions), .options = material_options,
    .check = material_add_check, .run = material_add, .print = material_add_print },
  { NULL }
};

const JzCliGroup jz_cli_material_group = {
  "material", N_("add photographed documents to an application"), material_help, material_commands,
};
