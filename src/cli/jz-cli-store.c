/* jz-cli-store.c — juzhu-cli init, search, audit, conflicts, resolve,
 * history and refdata (divisions, holiday calendars): the data directory
 * itself
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"

int
jz_cli_init (JzCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("init", NULL,
                           N_("Creates the data directory (or opens it) and records which\n"
                              "regulation it works under: --profile national-2016, jilin-2016 or\n"
                              "sanmenxia-2017 (see juzhu-cli rules profiles). Every later command\n"
                              "on this directory uses that profile unless --profile says otherwise."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzProfile) profile = NULL;
  g_autofree char *stored = NULL;
  const char *name;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("init: %s"), error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("init: unexpected argument “%s”; the directory is --data-dir"), argv[1]);

  store = jz_store_open (cli->data_dir, &error);
  if (store == NULL)
    return jz_cli_error (cli, error);
  stored = jz_store_get_meta (store, "profile", &error);
  if (error != NULL)
    return jz_cli_error (cli, error);

  name = cli->profile ? cli->profile : stored ? stored : JZ_CLI_DEFAULT_PROFILE;
  profile = jz_profile_load (name, &error);
  if (profile == NULL)
    {
      g_prefix_error (&error, "--profile: ");
      return jz_cli_error (cli, error);
    }
  if (stored != NULL && g_strcmp0 (stored, jz_profile_get_name (profile)) != 0)
    g_printerr (_("juzhu-cli: note: the profile of %s changes from %s to %s\n"),
                cli->data_dir, stored, jz_profile_get_name (profile));
  if (!jz_store_set_meta (store, "profile", jz_profile_get_name (profile), &error))
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "data_dir", cli->data_dir);
      json_object_set_string_member (out, "profile", jz_profile_get_name (profile));
      json_object_set_string_member (out, "title", jz_profile_get_title (profile));
      json_object_set_string_member (out, "site_id", jz_store_get_site_id (store));
      jz_cli_print_object (out);
    }
  else
    printf (_("Data directory %s ready.\nRules: %s — %s\nThis device: %s\n"),
            cli->data_dir, jz_profile_get_name (profile), jz_profile_get_title (profile),
            jz_store_get_site_id (store));
  return JZ_EXIT_OK;
}

/* The latest active registration's address, to tell namesakes apart. */
static const char *
current_address (GPtrArray *regs)
{
  for (guint i = regs ? regs->len : 0; i > 0; i--)
    {
      JsonObject *r = g_ptr_array_index (regs, i - 1);

      if (g_strcmp0 (jz_cli_str (r, "status"), "active") == 0)
        return jz_cli_str (r, "residence_address");
    }
  return NULL;
}

const JzCliSearchOptions jz_cli_search_defaults = { 50 };

const GOptionEntry jz_cli_search_options[] = {
  JZ_CLI_OPTION ("limit", 'n', G_OPTION_ARG_INT, JzCliSearchOptions, limit,
                 N_("Show at most N persons (default 50)"), "N"),
  { NULL }
};

JsonNode *
jz_cli_search_run (JzCliRun  *run,
                   GError   **error)
{
  JzCliSearchOptions *options = run->options;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (options->limit <= 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--limit: give a number above 0"));
      return NULL;
    }
  run->data = g_strjoinv (" ", run->argv + 1);
  run->data_free = g_free;
  found = jz_store_search (run->ctx->store, run->data, (guint) options->limit, error);
  if (found == NULL)
    return NULL;

  for (guint i = 0; i < found->len; i++)
    {
      JsonObject *p = g_ptr_array_index (found, i);
      g_autoptr(GPtrArray) regs = NULL;
      JsonObject *row;

      if (json_object_get_boolean_member_with_default (p, "deleted", FALSE))
        continue;
      regs = jz_store_list (run->ctx->store, "registration", "person_id", jz_cli_str (p, "id"), 0, NULL);
      row = jz_cli_person_summary (p);
      json_object_set_string_member (row, "residence_address", current_address (regs));
      g_ptr_array_add (rows, row);
    }
  if (rows->len == 0)
    run->status = JZ_EXIT_NO;
  return jz_cli_list_node (rows);
}

void
jz_cli_search_print (JzCliRun *run,
                     JsonNode *answer)
{
  g_autoptr(GPtrArray) rows = jz_cli_node_objects (answer);

  if (rows->len == 0)
    printf (_("Nobody matches “%s”.\n"), (const char *) run->data);
  else
    jz_cli_print_person_rows (run->ctx, rows);
}

static const JzCliCommand search_command[] = {
  JZ_CLI_SEARCH_COMMAND,
  { NULL }
};

const JzCliGroup jz_cli_search_group = {
  "search", N_("find persons by name, ID number or address"), NULL, search_command,
};

int
jz_cli_audit (JzCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *record = NULL;
  int limit = 50;
  GOptionEntry entries[] = {
    { "record", 'r', 0, G_OPTION_ARG_STRING, &record, N_("Only the entries about this record"), "ID" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N entries (0: all; default 50)"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("audit", NULL,
                           N_("The audit log, newest first: who viewed or changed which record,\n"
                              "and when (national 第十七条: personal data is not to be disclosed)."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    {
      /* "--limit: “abc” is not a whole number" names the option already. */
      if (g_str_has_prefix (error->message, "--"))
        return jz_cli_fail (cli, JZ_EXIT_USAGE, error);
      return jz_cli_usage_error (cli, _("audit: %s"), error->message);
    }
  if (argc != 1)
    return jz_cli_usage_error (cli, _("audit: unexpected argument “%s”; use --record ID"), argv[1]);
  if (limit < 0)
    return jz_cli_usage_error (cli, _("--limit: %d is negative"), limit);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  rows = jz_store_audit_list (ctx->store, record, (guint) limit, &error);
  if (rows == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      jz_cli_print_list (rows);
      return JZ_EXIT_OK;
    }
  if (rows->len == 0)
    {
      if (record != NULL)
        printf (_("The audit log has no entries about %s.\n"), record);
      else
        printf (_("The audit log has no entries.\n"));
      return JZ_EXIT_OK;
    }
  {
    /* Padded by terminal columns, since the headings may be Chinese;
     * the sequence number is right-aligned. */
    const char *seq = _("Seq");
    g_autofree char *seq_padded = jz_cli_pad (seq, 6);
    g_autofree char *h_time = jz_cli_pad (_("Time"), 24);
    g_autofree char *h_author = jz_cli_pad (_("Author"), 12);
    g_autofree char *h_action = jz_cli_pad (_("Action"), 14);
    g_autofree char *h_type = jz_cli_pad (_("Type"), 12);
    g_autofree char *h_record = jz_cli_pad (_("Record"), 36);

    printf ("%*s%s  %s  %s  %s  %s  %s  %s\n", (int) (strlen (seq_padded) - strlen (seq)), "", seq,
            h_time, h_author, h_action, h_type, h_record, _("Detail"));
  }
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = g_ptr_array_index (rows, i);

      printf ("%6" G_GINT64_FORMAT "  %-24s  %-12s  %-14s  %-12s  %-36s  %s\n",
              json_object_get_int_member (o, "seq"), jz_cli_str (o, "at") ?: "",
              jz_cli_str (o, "author") ?: "", jz_cli_str (o, "action") ?: "",
              jz_cli_str (o, "type") ?: "", jz_cli_str (o, "record") ?: "",
              jz_cli_str (o, "detail") ?: "");
    }
  return JZ_EXIT_OK;
}

static char *
value_text (JsonNode *value)
{
  return value ? json_to_string (value, FALSE) : g_strdup ("null");
}

int
jz_cli_conflicts (JzCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("conflicts", "[RECORD]",
                           N_("Fields with legal weight that two devices changed differently, each\n"
                              "value with its value_id, author, device and time. Settle one with\n"
                              "juzhu-cli resolve RECORD FIELD --take VALUE_ID. Showing a record's\n"
                              "conflicts is written to the audit log."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GHashTable) audited = g_hash_table_new (g_str_hash, g_str_equal);
  const char *record = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("conflicts: %s"), error->message);
  if (argc > 2)
    return jz_cli_usage_error (cli, _("conflicts: give at most one record ID"));
  if (argc == 2)
    record = argv[1];

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  if (record != NULL)
    {
      g_autofree char *type = jz_store_find_type (ctx->store, record, &error);

      if (type == NULL)
        return jz_cli_error (cli, error);
    }
  conflicts = jz_store_conflicts (ctx->store, record, &error);
  if (conflicts == NULL)
    return jz_cli_error (cli, error);

  /* The values may be full ID numbers: who looked is logged. */
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conflicts, i);
      const char *id = jz_cli_str (c, "record");

      if (id != NULL && g_hash_table_add (audited, (gpointer) id) &&
          !jz_store_audit (ctx->store, cli->author, "view_conflicts", jz_cli_str (c, "type"), id, NULL, &error))
        return jz_cli_error (cli, error);
    }

  if (cli->json)
    {
      jz_cli_print_list (conflicts);
      return JZ_EXIT_OK;
    }
  if (conflicts->len == 0)
    {
      if (record != NULL)
        printf (_("No conflicts in %s.\n"), record);
      else
        printf (_("No conflicts.\n"));
      return JZ_EXIT_OK;
    }

  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conflicts, i);
      JsonArray *values = json_object_get_array_member (c, "values");

      printf (_("%s %s, field %s (%s):\n"), jz_cli_str (c, "type"), jz_cli_str (c, "record"),
              jz_cli_str (c, "field"), jz_cli_str (c, "label"));
      for (guint v = 0; values != NULL && v < json_array_get_length (values); v++)
        {
          JsonObject *o = json_array_get_object_element (values, v);
          g_autofree char *text = value_text (json_object_get_member (o, "value"));

          printf (_("  value_id %s\n    value %s\n    by %s on device %s at %s%s\n"),
                  jz_cli_str (o, "value_id"), text, jz_cli_str (o, "author") ?: "?",
                  jz_cli_str (o, "site") ?: "?", jz_cli_str (o, "time") ?: "?",
                  json_object_get_boolean_member_with_default (o, "shown", FALSE) ? _(" (shown for now)") : "");
        }
      printf (_("  settle with: juzhu-cli resolve %s %s --take VALUE_ID\n"),
              jz_cli_str (c, "record"), jz_cli_str (c, "field"));
    }
  return JZ_EXIT_OK;
}

int
jz_cli_resolve (JzCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *take = NULL;
  g_autofree char *value = NULL;
  GOptionEntry entries[] = {
    { "take", 't', 0, G_OPTION_ARG_STRING, &take, N_("Keep the value with this value_id"), "VALUE_ID" },
    { "value", 'v', 0, G_OPTION_ARG_STRING, &value, N_("Set a new value instead"), "VALUE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("resolve", "RECORD FIELD",
                           N_("Settles a conflict: keep one of the values (--take, see juzhu-cli\n"
                              "conflicts) or set a new one (--value). Once synced, every device\n"
                              "agrees."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *type = NULL;
  g_autofree char *field = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("resolve: %s"), error->message);
  if (argc != 3)
    return jz_cli_usage_error (cli, _("resolve: give the record ID and the field; usage: juzhu-cli resolve "
                                      "RECORD FIELD (--take VALUE_ID | --value V)"));
  if ((take == NULL) == (value == NULL))
    return jz_cli_usage_error (cli, _("resolve: give either --take VALUE_ID or --value V"));
  field = g_strdup (argv[2]);
  g_strdelimit (field, "-", '_');

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  type = jz_store_find_type (ctx->store, argv[1], &error);
  if (type == NULL)
    return jz_cli_error (cli, error);
  if (value != NULL)
    {
      const char *rtypes[] = { type, NULL };

      node = jz_cli_field_value (rtypes, field, value);
    }
  if (!jz_store_resolve (ctx->store, argv[1], field, take, node, cli->author, &error))
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "record", argv[1]);
      json_object_set_string_member (out, "field", field);
      json_object_set_boolean_member (out, "resolved", TRUE);
      jz_cli_print_object (out);
    }
  else
    printf (_("Resolved %s of %s %s.\n"), field, type, argv[1]);
  return JZ_EXIT_OK;
}

int
jz_cli_history (JzCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("history", "RECORD",
                           N_("Who changed what in a record, when, on which device; oldest first.\n"
                              "Written to the audit log."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *type = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("history: %s"), error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("history: give one record ID"));

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  type = jz_store_find_type (ctx->store, argv[1], &error);
  if (type == NULL)
    return jz_cli_error (cli, error);
  changes = jz_store_history (ctx->store, argv[1], &error);
  if (changes == NULL)
    return jz_cli_error (cli, error);
  if (!jz_store_audit (ctx->store, cli->author, "history", type, argv[1], NULL, &error))
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      JsonArray *a = json_array_new ();

      for (guint i = 0; i < changes->len; i++)
        json_array_add_object_element (a, json_object_ref (changes->pdata[i]));
      json_object_set_string_member (out, "record", argv[1]);
      json_object_set_string_member (out, "type", type);
      json_object_set_array_member (out, "changes", a);
      jz_cli_print_object (out);
      return JZ_EXIT_OK;
    }

  printf (ngettext ("History of %s %s (%u change)\n", "History of %s %s (%u changes)\n", changes->len),
          type, argv[1], changes->len);
  for (guint i = 0; i < changes->len; i++)
    {
      JsonObject *c = g_ptr_array_index (changes, i);
      JsonObject *fields = json_object_get_object_member (c, "fields");
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      printf (_("\n%s  by %s on device %s\n"), jz_cli_str (c, "time") ?: "?",
              jz_cli_str (c, "author") ?: "?", jz_cli_str (c, "site") ?: "?");
      if (fields == NULL)
        continue;
      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &node))
        {
          g_autofree char *text = value_text (node);

          printf ("  %-24s %s\n", name, text);
        }
    }
  return JZ_EXIT_OK;
}

/* The rows of a "code,name" file that JzDivisions accepted, with the names
 * as it cleaned them: the file is parsed once more only to learn which
 * codes it holds. */
static void
collect_rows (JzDivisions *divisions,
              const char  *contents,
              GPtrArray   *codes,
              GPtrArray   *names)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *comma;
      g_autofree char *code = NULL;
      const char *name;

      if (i == 0 && g_str_has_prefix (line, "\xEF\xBB\xBF"))
        line += 3;
      comma = strchr (line, ',');
      if (comma == NULL)
        continue;
      code = g_strstrip (g_strndup (line, comma - line));
      if (code[0] == '"')
        {
          memmove (code, code + 1, strlen (code));
          if (*code != '\0' && code[strlen (code) - 1] == '"')
            code[strlen (code) - 1] = '\0';
        }
      name = jz_divisions_name (divisions, code);
      if (name == NULL || !g_hash_table_add (seen, g_strdup (code)))
        continue;
      g_ptr_array_add (codes, g_strdup (code));
      g_ptr_array_add (names, g_strdup (name));
    }
}

static int
refdata_import_holidays (JzCli      *cli,
                         const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzHolidays) check = jz_holidays_new ();
  g_autoptr(GArray) years = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *file_name = NULL;
  gboolean replaced = FALSE;
  guint year = 0;

  /* Opens (or creates) the data directory, as the other imports do. */
  store = jz_store_open (cli->data_dir, &error);
  if (store == NULL)
    return jz_cli_error (cli, error);

  /* Checked once here to learn the year, so as to say whether an earlier
   * calendar (perhaps a damaged one) is replaced; the import checks it
   * again before it stores anything. */
  if (jz_holidays_load_file (check, file, &error))
    {
      years = jz_holidays_get_years (check);
      dir = jz_holidays_dir (cli->data_dir);
      file_name = g_strdup_printf ("%u.json", g_array_index (years, guint, 0));
      stored = g_build_filename (dir, file_name, NULL);
      replaced = g_file_test (stored, G_FILE_TEST_EXISTS);
    }
  if (error != NULL || !jz_holidays_import_file (cli->data_dir, file, &year, &error))
    {
      g_autoptr(GError) wrapped = NULL;

      if (error->domain != JZ_HOLIDAYS_ERROR)
        g_prefix_error (&error, "--holidays: ");
      /* The loader's message names the file and the member. */
      g_set_error (&wrapped, error->domain, error->code, _("%s; nothing was imported"), error->message);
      return jz_cli_error (cli, wrapped);
    }

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "file", file);
      json_object_set_int_member (out, "holidays_year", year);
      json_object_set_boolean_member (out, "replaced", replaced);
      json_object_set_string_member (out, "stored", stored);
      jz_cli_print_object (out);
    }
  else if (replaced)
    printf (_("Imported the holiday calendar of %u from %s, replacing the earlier one.\n"), year, file);
  else
    printf (_("Imported the holiday calendar of %u from %s.\n"), year, file);
  return JZ_EXIT_OK;
}

static int
refdata_import (JzCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *file = NULL;
  g_autofree char *holidays_file = NULL;
  GOptionEntry entries[] = {
    { "divisions", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("A GB/T 2260 list of “code,name” rows (UTF-8)"), "FILE.csv" },
    { "holidays", 0, 0, G_OPTION_ARG_FILENAME, &holidays_file, N_("A year’s holiday calendar (JSON, see docs/rules.md)"), "FILE.json" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("refdata import", NULL,
                           N_("Imports reference data. --divisions reads the administrative\n"
                              "divisions (code,name per line; a header, BOM and CRLF are fine) so\n"
                              "that addresses show their names. --holidays reads a year’s statutory\n"
                              "holidays and make-up workdays, so that deadlines ending on a holiday\n"
                              "move to the next working day; it replaces the calendar of that year.\n"
                              "The whole file is checked first; anything wrong and nothing is\n"
                              "imported."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JzDivisions) divisions = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("refdata import: %s"), error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("refdata import: unexpected argument “%s”; use --divisions FILE.csv "
                                      "or --holidays FILE.json"), argv[1]);
  if (file == NULL && holidays_file == NULL)
    return jz_cli_usage_error (cli, _("refdata import: say what to import: --divisions FILE.csv or "
                                      "--holidays FILE.json"));
  if (file != NULL && holidays_file != NULL)
    return jz_cli_usage_error (cli, _("refdata import: import one thing at a time: --divisions or --holidays"));
  if (holidays_file != NULL)
    return refdata_import_holidays (cli, holidays_file);

  if (!g_file_get_contents (file, &contents, &length, &error))
    {
      g_prefix_error (&error, "--divisions: ");
      return jz_cli_error (cli, error);
    }
  divisions = jz_divisions_new (&error);
  if (divisions == NULL)
    return jz_cli_error (cli, error);
  if (!jz_divisions_import_csv (divisions, contents, (gssize) length, NULL, &error))
    {
      g_prefix_error (&error, "%s: ", file);
      return jz_cli_error (cli, error);
    }
  collect_rows (divisions, contents, codes, names);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  if (!jz_store_import_divisions (ctx->store, codes, names, &error))
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();

      json_object_set_string_member (out, "file", file);
      json_object_set_int_member (out, "divisions", codes->len);
      jz_cli_print_object (out);
    }
  else
    printf (_("Imported %u divisions from %s.\n"), codes->len, file);
  return JZ_EXIT_OK;
}

static int
refdata_list (JzCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("refdata list", NULL,
                           N_("What reference data this data directory holds: how many\n"
                              "administrative divisions were imported, and the years whose\n"
                              "holiday calendar is loaded. A stored calendar that no longer\n"
                              "loads is named, with what is wrong (exit status 1)."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) holidays_error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(GArray) years = NULL;
  g_autofree char *dir = NULL;
  guint n_divisions;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, _("refdata list: %s"), error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("refdata list: unexpected argument “%s”"), argv[1]);

  store = jz_store_open (cli->data_dir, &error);
  if (store == NULL)
    return jz_cli_error (cli, error);
  pairs = jz_store_list_divisions (store, &error);
  if (pairs == NULL)
    return jz_cli_error (cli, error);
  n_divisions = pairs->len / 2;

  jz_holidays_load_dir (holidays, cli->data_dir, &holidays_error);
  years = jz_holidays_get_years (holidays);
  dir = jz_holidays_dir (cli->data_dir);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      JsonArray *a = json_array_new ();

      json_object_set_int_member (out, "divisions", n_divisions);
      for (guint i = 0; i < years->len; i++)
        {
          JsonObject *o = json_object_new ();
          guint year = g_array_index (years, guint, i);
          g_autofree char *name = g_strdup_printf ("%u.json", year);
          g_autofree char *path = g_build_filename (dir, name, NULL);

          json_object_set_int_member (o, "year", year);
          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            json_object_set_string_member (o, "file", path);
          json_array_add_object_element (a, o);
        }
      json_object_set_array_member (out, "holidays", a);
      if (holidays_error != NULL)
        json_object_set_string_member (out, "holidays_error", holidays_error->message);
      jz_cli_print_object (out);
    }
  else
    {
      printf (_("Administrative divisions imported: %u\n"), n_divisions);
      if (years->len == 0)
        printf (_("Holiday calendars: none; deadlines are not moved past holidays\n"));
      else
        {
          printf (_("Holiday calendars:"));
          for (guint i = 0; i < years->len; i++)
            printf (" %u", g_array_index (years, guint, i));
          printf ("\n");
        }
    }

  if (holidays_error != NULL)
    {
      g_printerr (_("juzhu-cli: a stored holiday calendar cannot be loaded: %s\n"), holidays_error->message);
      return JZ_EXIT_NO;
    }
  return JZ_EXIT_OK;
}

static void
print_refdata_help (FILE *out)
{
  fputs (_("Usage: juzhu-cli refdata import --divisions FILE.csv\n"
           "       juzhu-cli refdata import --holidays FILE.json\n"
           "       juzhu-cli refdata list\n"
           "\n"
           "import --divisions reads the administrative divisions (GB/T 2260) of the\n"
           "county or the province, so that division codes show as names.\n"
           "import --holidays reads a year’s holiday calendar, so that deadlines\n"
           "ending on a holiday move to the next working day (民法典 第203条).\n"
           "list shows what reference data is loaded.\n"),
         out);
}

static const JzCliSubcommand refdata_subcommands[] = {
  { "import", refdata_import },
  { "list", refdata_list },
};

int
jz_cli_refdata (JzCli  *cli,
                int     argc,
                char  **argv)
{
  return jz_cli_dispatch (cli, "refdata", print_refdata_help, refdata_subcommands,
                          G_N_ELEMENTS (refdata_subcommands), argc, argv);
}
