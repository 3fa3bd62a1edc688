/* jz-cli-person.c — juzhu-cli person: add, edit, show, list, search
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

#define DEFAULT_LIST_LIMIT 100

static const char * const person_rtypes[] = { "person", NULL };

const char * const jz_cli_person_fields[] = {
  "id_number", "name", "sex", "ethnicity", "birth_date", "hukou_division",
  "hukou_address", "phone", "limited_mobility", "disabled", "notes", NULL,
};

static const char person_help[] =
  N_("Usage: juzhu-cli person add [--input FILE|-] [--FIELD VALUE…]\n"
             "       juzhu-cli person edit ID --set FIELD=VALUE…\n"
             "       juzhu-cli person show ID\n"
             "       juzhu-cli person list [--limit N]\n"
             "       juzhu-cli person search QUERY [--limit N]\n"
             "       juzhu-cli person duplicates\n"
             "       juzhu-cli person merge KEEP OTHER\n"
             "\n"
             "add     records a person without a registration (a 暂住登记 is\n"
             "        `juzhu-cli registration add`, which records the person too)\n"
             "edit    changes fields; FIELD= with nothing after it clears one\n"
             "show    the full record with registrations, applications and permits\n"
             "        (every show is written to the audit log)\n"
             "list    persons, oldest first, ID numbers masked\n"
             "search  by any part of a name, an ID number or an address\n"
             "duplicates  persons recorded twice (the same ID number, made on two\n"
             "        devices before either knew of the other)\n"
             "merge   makes two records of one person one (the county office's):\n"
             "        OTHER's registrations, applications and permits move to KEEP\n"
             "\n"
             "Run juzhu-cli person add --help for the fields.\n");

static JsonNode *
person_add (JzCliRun  *run,
            GError   **error)
{
  g_autoptr(JsonObject) input = NULL;
  JsonObject *person;
  gboolean help = FALSE;

  input = jz_cli_collect_fields (run->argc, run->argv, person_rtypes, NULL, &help, error);
  if (input == NULL)
    return NULL;
  if (help)
    {
      printf (_("Usage: juzhu-cli person add [--input FILE|-] [--FIELD VALUE…]\n\n"
                "Records a person. --input reads one JSON object whose keys are the\n"
                "field names below (with underscores); flags override it. Birth date\n"
                "and sex are taken from the ID number.\n\nFields:\n"));
      jz_cli_print_fields_help ("person", jz_cli_person_fields);
      return NULL;
    }

  run->ctx = jz_cli_context_open (run->cli, error);
  if (run->ctx == NULL)
    return NULL;
  person = jz_registry_add_person (run->ctx->registry, input, &run->cli->today, run->cli->author, error);
  return person != NULL ? jz_cli_object_node (person) : NULL;
}

static void
person_add_print (JzCliRun *run,
                  JsonNode *answer)
{
  printf (_("Person added.\n"));
  jz_cli_print_record (run->ctx, json_node_get_object (answer), FALSE, NULL);
}

static JsonNode *
person_edit (JzCliRun  *run,
             GError   **error)
{
  return jz_cli_edit_record (run, "person", error);
}

static void
print_related (JzCliContext *ctx,
               const char   *title,
               JsonArray    *records)
{
  guint n = json_array_get_length (records);

  printf ("\n%s (%u)\n", title, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);
      const char *type = jz_cli_str (r, "type");
      const char *status = jz_cli_str (r, "status");
      const char *status_zh = jz_cli_status_name (status);

      if (g_strcmp0 (type, "registration") == 0)
        {
          g_autofree char *division = jz_cli_division_text (ctx, jz_cli_str (r, "residence_division"));

          printf (_("  %s  %s  %s  registered %s  %s %s\n"), jz_cli_str (r, "id"),
                  jz_cli_str (r, "certificate_no") ?: "-", status_zh ?: status ?: "",
                  jz_cli_str (r, "registered_on") ?: "", division,
                  jz_cli_str (r, "residence_address") ?: "");
        }
      else if (g_strcmp0 (type, "application") == 0)
        printf (_("  %s  %s  %s  applied %s\n"), jz_cli_str (r, "id"),
                jz_cli_code_name (ctx, "application_kind", jz_cli_str (r, "kind")) ?: jz_cli_str (r, "kind"),
                status_zh ?: status ?: "", jz_cli_str (r, "applied_on") ?: "");
      else
        {
          /* what the permit is worth today, not only what was stored */
          g_autofree char *state = json_object_has_member (r, "state")
                                   ? jz_cli_permit_state_text (ctx, json_object_get_object_member (r, "state"))
                                   : g_strdup (status_zh ?: status ?: "");

          printf (_("  %s  No. %s  %s  issued %s\n"), jz_cli_str (r, "id"),
                  jz_cli_str (r, "number") ?: "-", state, jz_cli_str (r, "issued_on") ?: "");
        }
    }
}

static JsonNode *
person_show (JzCliRun  *run,
             GError   **error)
{
  JsonObject *file = jz_registry_person_file (run->ctx->registry, run->argv[1], &run->cli->today,
                                              run->cli->author, error);

  return file != NULL ? jz_cli_object_node (file) : NULL;
}

static void
person_show_print (JzCliRun *run,
                   JsonNode *answer)
{
  JsonObject *file = json_node_get_object (answer);

  printf (_("Person\n"));
  jz_cli_print_record (run->ctx, json_object_get_object_member (file, "person"), FALSE, NULL);
  print_related (run->ctx, _("Registrations 暂住登记"), json_object_get_array_member (file, "registrations"));
  print_related (run->ctx, _("Applications 居住证申领"), json_object_get_array_member (file, "applications"));
  print_related (run->ctx, _("Permits 居住证"), json_object_get_array_member (file, "permits"));
}

/* Shared with `juzhu-cli search`: one row per person, ID masked. */
void
jz_cli_print_person_rows (JzCliContext *ctx,
                          GPtrArray    *persons)
{
  g_autofree char *h_person = jz_cli_pad (_("Person"), 36);
  g_autofree char *h_name = jz_cli_pad (_("Name"), 12);
  g_autofree char *h_id = jz_cli_pad (_("ID number"), 20);

  printf ("%s  %s  %s  %s\n", h_person, h_name, h_id, _("Hukou"));
  for (guint i = 0; i < persons->len; i++)
    {
      JsonObject *p = g_ptr_array_index (persons, i);
      g_autofree char *masked = jz_cli_masked (p, "id_number");
      g_autofree char *name = jz_cli_pad (jz_cli_str (p, "name"), 12);
      g_autofree char *id = jz_cli_pad (masked, 20);
      g_autofree char *hukou = jz_cli_division_text (ctx, jz_cli_str (p, "hukou_division"));

      const char *lives = jz_cli_str (p, "residence_address");

      printf ("%-36s  %s  %s  %s%s%s%s\n", jz_cli_str (p, "id"), name, id, hukou,
              lives ? (*hukou ? _("; lives at ") : _("lives at ")) : "", lives ? lives : "",
              json_object_get_boolean_member_with_default (p, "_disputed", FALSE) ? _("  [disputed]") : "");
    }
}

typedef struct
{
  int limit;
} ListOptions;

static const ListOptions list_defaults = { DEFAULT_LIST_LIMIT };

static const GOptionEntry list_options[] = {
  JZ_CLI_OPTION ("limit", 'n', G_OPTION_ARG_INT, ListOptions, limit,
                 N_("Show at most N persons (0: all; default 100)"), "N"),
  { NULL }
};

static gboolean
person_list_check (JzCliRun  *run,
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
person_list (JzCliRun  *run,
             GError   **error)
{
  ListOptions *options = run->options;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  all = jz_store_list (run->ctx->store, "person", NULL, NULL, (guint) options->limit, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    if (!json_object_get_boolean_member_with_default (all->pdata[i], "deleted", FALSE) &&
        jz_cli_str (all->pdata[i], "merged_into") == NULL)
      g_ptr_array_add (shown, jz_cli_person_summary (all->pdata[i]));
  return jz_cli_list_node (shown);
}

static void
person_list_print (JzCliRun *run,
                   JsonNode *answer)
{
  g_autoptr(GPtrArray) rows = jz_cli_node_objects (answer);

  if (rows->len == 0)
    printf (_("No persons recorded yet.\n"));
  else
    jz_cli_print_person_rows (run->ctx, rows);
}

static JsonNode *
person_duplicates (JzCliRun  *run,
                   GError   **error)
{
  g_autoptr(GPtrArray) found = jz_store_list_duplicates (run->ctx->store, 0, error);

  return found != NULL ? jz_cli_list_node (found) : NULL;
}

static void
person_duplicates_print (JzCliRun *run,
                         JsonNode *answer)
{
  JsonArray *found = json_node_get_array (answer);

  if (json_array_get_length (found) == 0)
    {
      printf (_("No person is recorded twice.\n"));
      return;
    }
  for (guint i = 0; i < json_array_get_length (found); i++)
    {
      JsonObject *d = json_array_get_object_element (found, i);
      JsonArray *ids = json_object_get_array_member (d, "persons");
      g_autofree char *masked = jz_id_number_mask (jz_cli_str (d, "id_number"));

      printf (_("%s, recorded %u times:\n"), masked, json_array_get_length (ids));
      for (guint k = 0; k < json_array_get_length (ids); k++)
        {
          const char *id = json_array_get_string_element (ids, k);
          g_autoptr(JsonObject) p = jz_store_get (run->ctx->store, "person", id, NULL);

          printf ("  %s  %s\n", id, p ? jz_cli_str (p, "name") ?: "" : "");
        }
    }
}

static JsonNode *
person_merge (JzCliRun  *run,
              GError   **error)
{
  JsonObject *out = jz_registry_merge_persons (run->ctx->registry, run->argv[1], run->argv[2],
                                               &run->cli->today, run->cli->author, error);

  return out != NULL ? jz_cli_object_node (out) : NULL;
}

static void
person_merge_print (JzCliRun *run,
                    JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  JsonArray *ended = json_object_get_array_member (out, "ended");

  printf (_("Merged %s into %s: %u records moved.\n"), run->argv[2], run->argv[1],
          json_array_get_length (json_object_get_array_member (out, "moved")));
  for (guint i = 0; i < json_array_get_length (ended); i++)
    printf (_("Registration %s ended: a newer one is in force.\n"), json_array_get_string_element (ended, i));
}

static const JzCliCommand person_commands[] = {
  { .name = "add", .flags = JZ_CLI_OWN_ARGS, .run = person_add, .print = person_add_print },
  JZ_CLI_EDIT_COMMAND (person_edit),
  { .name = "show", .parameters = "ID",
    .summary = N_("Shows a person in full, with registrations, applications and\n"
                  "permits. Every show is written to the audit log."),
    .min_args = 1, .max_args = 1, .args_hint = N_("give one person ID (see juzhu-cli person search)"),
    .flags = JZ_CLI_STORE, .run = person_show, .print = person_show_print },
  { .name = "list",
    .summary = N_("Lists persons, oldest first. ID numbers are masked."),
    .args_hint = N_("unexpected argument (to find someone: juzhu-cli person search QUERY)"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (ListOptions), .options_defaults = &list_defaults,
    .options = list_options, .check = person_list_check, .run = person_list, .print = person_list_print },
  JZ_CLI_SEARCH_COMMAND,
  { .name = "duplicates",
    .summary = N_("Lists the persons recorded twice: the same ID number on records made\n"
                  "on two devices. juzhu-cli person merge KEEP OTHER makes them one."),
    .flags = JZ_CLI_STORE, .run = person_duplicates, .print = person_duplicates_print },
  { .name = "merge", .parameters = "KEEP OTHER",
    .summary = N_("Makes two records of one person (the same ID number) one: OTHER's\n"
                  "registrations, applications and permits move to KEEP, KEEP's empty\n"
                  "fields take OTHER's values, and OTHER is no longer listed. Both keep\n"
                  "their history. The county office's to do; audited."),
    .min_args = 2, .max_args = 2,
    .args_hint = N_("give the person to keep, then the other record (see juzhu-cli person duplicates)"),
    .flags = JZ_CLI_STORE, .run = person_merge, .print = person_merge_print },
  { NULL }
};

const JzCliGroup jz_cli_person_group = {
  "person", N_("add, edit, show, list and search persons"), person_help, person_commands,
};
