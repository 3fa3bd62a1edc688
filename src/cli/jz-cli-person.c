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

static void
print_person_help (FILE *out)
{
  fprintf (out,
           _("Usage: juzhu-cli person add [--input FILE|-] [--FIELD VALUE…]\n"
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
             "Run juzhu-cli person add --help for the fields.\n"));
}

static int
person_add (JzCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  gboolean help = FALSE;

  input = jz_cli_collect_fields (argc, argv, person_rtypes, NULL, &help, &error);
  if (input == NULL)
    return jz_cli_error (cli, error);
  if (help)
    {
      printf (_("Usage: juzhu-cli person add [--input FILE|-] [--FIELD VALUE…]\n\n"
                "Records a person. --input reads one JSON object whose keys are the\n"
                "field names below (with underscores); flags override it. Birth date\n"
                "and sex are taken from the ID number.\n\nFields:\n"));
      jz_cli_print_fields_help ("person", jz_cli_person_fields);
      return JZ_EXIT_OK;
    }

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);

  person = jz_registry_add_person (ctx->registry, input, &cli->today, cli->author, &error);
  if (person == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    jz_cli_print_object (person);
  else
    {
      printf (_("Person added.\n"));
      jz_cli_print_record (ctx, person, FALSE, NULL);
    }
  return JZ_EXIT_OK;
}

static int
person_edit (JzCli  *cli,
             int     argc,
             char  **argv)
{
  return jz_cli_edit_record (cli, argc, argv, "person");
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

static int
person_show (JzCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("person show", "ID",
                           N_("Shows a person in full, with registrations, applications and\n"
                              "permits. Every show is written to the audit log."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) file = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("person show: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("person show: give one person ID (see juzhu-cli person search)"));

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  file = jz_registry_person_file (ctx->registry, argv[1], &cli->today, cli->author, &error);
  if (file == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      jz_cli_print_object (file);
      return JZ_EXIT_OK;
    }

  printf (_("Person\n"));
  jz_cli_print_record (ctx, json_object_get_object_member (file, "person"), FALSE, NULL);
  print_related (ctx, _("Registrations 暂住登记"), json_object_get_array_member (file, "registrations"));
  print_related (ctx, _("Applications 居住证申领"), json_object_get_array_member (file, "applications"));
  print_related (ctx, _("Permits 居住证"), json_object_get_array_member (file, "permits"));
  return JZ_EXIT_OK;
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

static int
person_list (JzCli  *cli,
             int     argc,
             char  **argv)
{
  int limit = DEFAULT_LIST_LIMIT;
  GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N persons (0: all; default 100)"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("person list", NULL,
                           N_("Lists persons, oldest first. ID numbers are masked."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("person list: %s"), error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("person list: unexpected argument “%s” (to find someone: juzhu-cli person search QUERY)"), argv[1]);
  if (limit < 0)
    return jz_cli_usage_error (cli, _("--limit: %d is negative"), limit);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  all = jz_store_list (ctx->store, "person", NULL, NULL, (guint) limit, &error);
  if (all == NULL)
    return jz_cli_error (cli, error);

  for (guint i = 0; i < all->len; i++)
    if (!json_object_get_boolean_member_with_default (all->pdata[i], "deleted", FALSE) &&
        jz_cli_str (all->pdata[i], "merged_into") == NULL)
      g_ptr_array_add (shown, jz_cli_person_summary (all->pdata[i]));

  if (cli->json)
    jz_cli_print_list (shown);
  else if (shown->len == 0)
    printf (_("No persons recorded yet.\n"));
  else
    jz_cli_print_person_rows (ctx, shown);
  return JZ_EXIT_OK;
}

static int
person_duplicates (JzCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("person duplicates", NULL,
                           N_("Lists the persons recorded twice: the same ID number on records made\n"
                              "on two devices. juzhu-cli person merge KEEP OTHER makes them one."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("person duplicates: %s"), error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("person duplicates: unexpected argument “%s”"), argv[1]);
  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  found = jz_store_list_duplicates (ctx->store, 0, &error);
  if (found == NULL)
    return jz_cli_error (cli, error);
  if (cli->json)
    {
      jz_cli_print_list (found);
      return JZ_EXIT_OK;
    }
  if (found->len == 0)
    {
      printf (_("No person is recorded twice.\n"));
      return JZ_EXIT_OK;
    }
  for (guint i = 0; i < found->len; i++)
    {
      JsonObject *d = found->pdata[i];
      JsonArray *ids = json_object_get_array_member (d, "persons");
      g_autofree char *masked = jz_id_number_mask (jz_cli_str (d, "id_number"));

      printf (_("%s, recorded %u times:\n"), masked, json_array_get_length (ids));
      for (guint k = 0; k < json_array_get_length (ids); k++)
        {
          const char *id = json_array_get_string_element (ids, k);
          g_autoptr(JsonObject) p = jz_store_get (ctx->store, "person", id, NULL);

          printf ("  %s  %s\n", id, p ? jz_cli_str (p, "name") ?: "" : "");
        }
    }
  return JZ_EXIT_OK;
}

static int
person_merge (JzCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("person merge", "KEEP OTHER",
                           N_("Makes two records of one person (the same ID number) one: OTHER's\n"
                              "registrations, applications and permits move to KEEP, KEEP's empty\n"
                              "fields take OTHER's values, and OTHER is no longer listed. Both keep\n"
                              "their history. The county office's to do; audited."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) out = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("person merge: %s"), error->message);
  if (argc != 3)
    return jz_cli_usage_error (cli, _("person merge: give the person to keep, then the other record "
                                      "(see juzhu-cli person duplicates)"));
  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  out = jz_registry_merge_persons (ctx->registry, argv[1], argv[2], &cli->today, cli->author, &error);
  if (out == NULL)
    return jz_cli_error (cli, error);
  if (cli->json)
    jz_cli_print_object (out);
  else
    {
      JsonArray *ended = json_object_get_array_member (out, "ended");

      printf (_("Merged %s into %s: %u records moved.\n"), argv[2], argv[1],
              json_array_get_length (json_object_get_array_member (out, "moved")));
      for (guint i = 0; i < json_array_get_length (ended); i++)
        printf (_("Registration %s ended: a newer one is in force.\n"), json_array_get_string_element (ended, i));
    }
  return JZ_EXIT_OK;
}

static const JzCliSubcommand person_subcommands[] = {
  { "add", person_add },
  { "edit", person_edit },
  { "show", person_show },
  { "list", person_list },
  { "search", jz_cli_search },
  { "duplicates", person_duplicates },
  { "merge", person_merge },
};

int
jz_cli_person (JzCli  *cli,
               int     argc,
               char  **argv)
{
  return jz_cli_dispatch (cli, "person", print_person_help, person_subcommands,
                          G_N_ELEMENTS (person_subcommands), argc, argv);
}
