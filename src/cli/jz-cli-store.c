/* jz-cli-store.c — juzhu-cli init, search, audit, conflicts, resolve,
 * history and refdata (divisions, holiday calendars): the data directory
 * itself, as tables of commands for the runner (jz-cli-run.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"

/* ---- init ---------------------------------------------------------------- */

/* Opens the data directory itself: it may not exist yet, and the profile
 * it is set to is what init changes. */
static JsonNode *
init_run (JzCliRun  *run,
          GError   **error)
{
  JzCli *cli = run->cli;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzProfile) profile = NULL;
  g_autofree char *stored = NULL;
  const char *name;
  JsonObject *out;

  g_autoptr(JzDataKey) key = NULL;
  gboolean key_created = FALSE;

  /* the data key is made here when its file does not exist yet */
  key = jz_data_key_from_env (TRUE, cli->data_dir, &key_created, error);
  if (key == NULL)
    return NULL;
  store = jz_store_open_with_key (cli->data_dir, key, error);
  if (store == NULL)
    return NULL;
  /* NULL without an error when no profile is set yet */
  stored = jz_store_get_meta (store, "profile", error);
  if (stored == NULL && error != NULL && *error != NULL)
    return NULL;

  name = cli->profile ? cli->profile : stored ? stored : JZ_CLI_DEFAULT_PROFILE;
  profile = jz_profile_load (name, error);
  if (profile == NULL)
    {
      g_prefix_error (error, "--profile: ");
      return NULL;
    }
  if (stored != NULL && g_strcmp0 (stored, jz_profile_get_name (profile)) != 0)
    g_printerr (_("juzhu-cli: note: the profile of %s changes from %s to %s\n"),
                cli->data_dir, stored, jz_profile_get_name (profile));
  if (!jz_store_set_meta (store, "profile", jz_profile_get_name (profile), error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "data_dir", cli->data_dir);
  json_object_set_string_member (out, "profile", jz_profile_get_name (profile));
  json_object_set_string_member (out, "title", jz_profile_get_title (profile));
  json_object_set_string_member (out, "site_id", jz_store_get_site_id (store));
  json_object_set_string_member (out, "key_file", g_getenv (JZ_KEY_FILE_ENV));
  json_object_set_boolean_member (out, "key_created", key_created);
  json_object_set_string_member (out, "key_id", jz_data_key_get_id (key));
  return jz_cli_object_node (out);
}

static void
init_print (JzCliRun *run,
            JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);

  printf (_("Data directory %s ready.\nRules: %s — %s\nThis device: %s\n"),
          jz_cli_str (out, "data_dir"), jz_cli_str (out, "profile"), jz_cli_str (out, "title"),
          jz_cli_str (out, "site_id"));
  if (json_object_get_boolean_member (out, "key_created"))
    printf (_("A new data key was written to %s. Keep it safe and apart from the data: "
              "without it nothing in %s can be read.\n"),
            jz_cli_str (out, "key_file"), jz_cli_str (out, "data_dir"));
  else
    printf (_("Data key: %s (%s)\n"), jz_cli_str (out, "key_file"), jz_cli_str (out, "key_id"));
}

/* ---- search -------------------------------------------------------------- */

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

/* ---- audit --------------------------------------------------------------- */

typedef struct
{
  char *record;
  int   limit;
} AuditOptions;

static const AuditOptions audit_defaults = { NULL, 50 };

static const GOptionEntry audit_options[] = {
  JZ_CLI_OPTION ("record", 'r', G_OPTION_ARG_STRING, AuditOptions, record,
                 N_("Only the entries about this record"), "ID"),
  JZ_CLI_OPTION ("limit", 'n', G_OPTION_ARG_INT, AuditOptions, limit,
                 N_("Show at most N entries (0: all; default 50)"), "N"),
  { NULL }
};

static gboolean
audit_check (JzCliRun  *run,
             GError   **error)
{
  AuditOptions *options = run->options;

  if (options->limit >= 0)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--limit: %d is negative"), options->limit);
  return FALSE;
}

static JsonNode *
audit_run (JzCliRun  *run,
           GError   **error)
{
  AuditOptions *options = run->options;
  g_autoptr(GPtrArray) rows = jz_store_audit_list (run->ctx->store, options->record, (guint) options->limit,
                                                   error);

  return rows != NULL ? jz_cli_list_node (rows) : NULL;
}

static void
audit_print (JzCliRun *run,
             JsonNode *answer)
{
  AuditOptions *options = run->options;
  JsonArray *rows = json_node_get_array (answer);

  if (json_array_get_length (rows) == 0)
    {
      if (options->record != NULL)
        printf (_("The audit log has no entries about %s.\n"), options->record);
      else
        printf (_("The audit log has no entries.\n"));
      return;
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
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);

      printf ("%6" G_GINT64_FORMAT "  %-24s  %-12s  %-14s  %-12s  %-36s  %s\n",
              json_object_get_int_member (o, "seq"), jz_cli_str (o, "at") ?: "",
              jz_cli_str (o, "author") ?: "", jz_cli_str (o, "action") ?: "",
              jz_cli_str (o, "type") ?: "", jz_cli_str (o, "record") ?: "",
              jz_cli_str (o, "detail") ?: "");
    }
}

static char *
value_text (JsonNode *value)
{
  return value ? json_to_string (value, FALSE) : g_strdup ("null");
}

/* ---- conflicts ----------------------------------------------------------- */

static JsonNode *
conflicts_run (JzCliRun  *run,
               GError   **error)
{
  JzCliContext *ctx = run->ctx;
  const char *record = run->argc == 2 ? run->argv[1] : NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GHashTable) audited = g_hash_table_new (g_str_hash, g_str_equal);

  if (record != NULL)
    {
      g_autofree char *type = jz_store_find_type (ctx->store, record, error);

      if (type == NULL)
        return NULL;
    }
  conflicts = jz_store_conflicts (ctx->store, record, error);
  if (conflicts == NULL)
    return NULL;

  /* The values may be full ID numbers: who looked is logged. */
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conflicts, i);
      const char *id = jz_cli_str (c, "record");

      if (id != NULL && g_hash_table_add (audited, (gpointer) id) &&
          !jz_store_audit (ctx->store, run->cli->author, "view_conflicts", jz_cli_str (c, "type"), id, NULL,
                           error))
        return NULL;
    }
  return jz_cli_list_node (conflicts);
}

static void
conflicts_print (JzCliRun *run,
                 JsonNode *answer)
{
  JsonArray *conflicts = json_node_get_array (answer);

  if (json_array_get_length (conflicts) == 0)
    {
      if (run->argc == 2)
        printf (_("No conflicts in %s.\n"), run->argv[1]);
      else
        printf (_("No conflicts.\n"));
      return;
    }

  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonObject *c = json_array_get_object_element (conflicts, i);
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
}

/* ---- resolve ------------------------------------------------------------- */

typedef struct
{
  char *take;
  char *value;
} ResolveOptions;

static const GOptionEntry resolve_options[] = {
  JZ_CLI_OPTION ("take", 't', G_OPTION_ARG_STRING, ResolveOptions, take,
                 N_("Keep the value with this value_id"), "VALUE_ID"),
  JZ_CLI_OPTION ("value", 'v', G_OPTION_ARG_STRING, ResolveOptions, value,
                 N_("Set a new value instead"), "VALUE"),
  { NULL }
};

static gboolean
resolve_check (JzCliRun  *run,
               GError   **error)
{
  ResolveOptions *options = run->options;

  if ((options->take == NULL) != (options->value == NULL))
    return TRUE;
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("resolve: give either --take VALUE_ID or --value V"));
  return FALSE;
}

/* The answer says the record and the field; the record's type is for the
 * person reading (run->data). */
static JsonNode *
resolve_run (JzCliRun  *run,
             GError   **error)
{
  ResolveOptions *options = run->options;
  const char *id = run->argv[1];
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *type = NULL;
  g_autofree char *field = g_strdelimit (g_strdup (run->argv[2]), "-", '_');
  JsonObject *out;

  type = jz_store_find_type (run->ctx->store, id, error);
  if (type == NULL)
    return NULL;
  if (options->value != NULL)
    {
      const char *rtypes[] = { type, NULL };

      node = jz_cli_field_value (rtypes, field, options->value);
    }
  if (!jz_store_resolve (run->ctx->store, id, field, options->take, node, run->cli->author, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "record", id);
  json_object_set_string_member (out, "field", field);
  json_object_set_boolean_member (out, "resolved", TRUE);
  run->data = g_steal_pointer (&type);
  run->data_free = g_free;
  return jz_cli_object_node (out);
}

static void
resolve_print (JzCliRun *run,
               JsonNode *answer)
{
  printf (_("Resolved %s of %s %s.\n"), jz_cli_str (json_node_get_object (answer), "field"),
          (const char *) run->data, run->argv[1]);
}

/* ---- history ------------------------------------------------------------- */

static JsonNode *
history_run (JzCliRun  *run,
             GError   **error)
{
  const char *id = run->argv[1];
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *type = NULL;
  JsonObject *out;

  type = jz_store_find_type (run->ctx->store, id, error);
  if (type == NULL)
    return NULL;
  changes = jz_store_history (run->ctx->store, id, error);
  if (changes == NULL || !jz_store_audit (run->ctx->store, run->cli->author, "history", type, id, NULL, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "record", id);
  json_object_set_string_member (out, "type", type);
  json_object_set_member (out, "changes", jz_cli_list_node (changes));
  return jz_cli_object_node (out);
}

static void
history_print (JzCliRun *run,
               JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  JsonArray *changes = json_object_get_array_member (out, "changes");
  guint n = json_array_get_length (changes);

  printf (ngettext ("History of %s %s (%u change)\n", "History of %s %s (%u changes)\n", n),
          jz_cli_str (out, "type"), jz_cli_str (out, "record"), n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
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
}

/* ---- refdata ------------------------------------------------------------- */

static const char refdata_help[] =
  N_("Usage: juzhu-cli refdata import --divisions FILE.csv\n"
     "       juzhu-cli refdata import --holidays FILE.json\n"
     "       juzhu-cli refdata list\n"
     "\n"
     "import --divisions reads the administrative divisions (GB/T 2260) of the\n"
     "county or the province, so that division codes show as names.\n"
     "import --holidays reads a year’s holiday calendar, so that deadlines\n"
     "ending on a holiday move to the next working day (民法典 第203条).\n"
     "list shows what reference data is loaded.\n");

typedef struct
{
  char *divisions;
  char *holidays;
} ImportOptions;

static const GOptionEntry import_options[] = {
  JZ_CLI_OPTION ("divisions", 0, G_OPTION_ARG_FILENAME, ImportOptions, divisions,
                 N_("A GB/T 2260 list of “code,name” rows (UTF-8)"), "FILE.csv"),
  JZ_CLI_OPTION ("holidays", 0, G_OPTION_ARG_FILENAME, ImportOptions, holidays,
                 N_("A year’s holiday calendar (JSON, see docs/rules.md)"), "FILE.json"),
  { NULL }
};

static gboolean
import_check (JzCliRun  *run,
              GError   **error)
{
  ImportOptions *options = run->options;

  if ((options->divisions == NULL) != (options->holidays == NULL))
    return TRUE;
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, options->divisions == NULL
                       ? _("refdata import: say what to import: --divisions FILE.csv or "
                           "--holidays FILE.json")
                       : _("refdata import: import one thing at a time: --divisions or --holidays"));
  return FALSE;
}

static JsonNode *
import_holidays (JzCliRun    *run,
                 const char  *file,
                 GError     **error)
{
  const char *data_dir = run->cli->data_dir;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JzHolidays) check = jz_holidays_new ();
  g_autoptr(GArray) years = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *file_name = NULL;
  gboolean replaced = FALSE;
  guint year = 0;
  JsonObject *out;

  /* Opens (or creates) the data directory, as the other imports do. */
  store = jz_store_open (data_dir, error);
  if (store == NULL)
    return NULL;

  /* Checked once here to learn the year, so as to say whether an earlier
   * calendar (perhaps a damaged one) is replaced; the import checks it
   * again before it stores anything. */
  if (jz_holidays_load_file (check, file, &local_error))
    {
      years = jz_holidays_get_years (check);
      dir = jz_holidays_dir (data_dir);
      file_name = g_strdup_printf ("%u.json", g_array_index (years, guint, 0));
      stored = g_build_filename (dir, file_name, NULL);
      replaced = g_file_test (stored, G_FILE_TEST_EXISTS);
    }
  if (local_error != NULL || !jz_holidays_import_file (data_dir, file, &year, &local_error))
    {
      if (local_error->domain != JZ_HOLIDAYS_ERROR)
        g_prefix_error (&local_error, "--holidays: ");
      /* The loader's message names the file and the member. */
      g_set_error (error, local_error->domain, local_error->code, _("%s; nothing was imported"),
                   local_error->message);
      return NULL;
    }

  out = json_object_new ();
  json_object_set_string_member (out, "file", file);
  json_object_set_int_member (out, "holidays_year", year);
  json_object_set_boolean_member (out, "replaced", replaced);
  json_object_set_string_member (out, "stored", stored);
  return jz_cli_object_node (out);
}

static JsonNode *
refdata_import (JzCliRun  *run,
                GError   **error)
{
  ImportOptions *options = run->options;
  const char *file = options->divisions;
  g_autoptr(JzDivisions) divisions = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonObject *out;

  if (options->holidays != NULL)
    return import_holidays (run, options->holidays, error);
  if (!g_file_get_contents (file, &contents, &length, error))
    {
      g_prefix_error (error, "--divisions: ");
      return NULL;
    }
  divisions = jz_divisions_new (error);
  if (divisions == NULL)
    return NULL;
  if (!jz_divisions_import_csv (divisions, contents, (gssize) length, NULL, error))
    {
      g_prefix_error (error, "%s: ", file);
      return NULL;
    }
  jz_divisions_imported_rows (divisions, contents, codes, names);

  run->ctx = jz_cli_context_open (run->cli, error);
  if (run->ctx == NULL)
    return NULL;
  if (!jz_store_import_divisions (run->ctx->store, codes, names, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "file", file);
  json_object_set_int_member (out, "divisions", codes->len);
  return jz_cli_object_node (out);
}

static void
refdata_import_print (JzCliRun *run,
                      JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  const char *file = jz_cli_str (out, "file");

  if (!json_object_has_member (out, "holidays_year"))
    printf (_("Imported %u divisions from %s.\n"), (guint) json_object_get_int_member (out, "divisions"), file);
  else if (json_object_get_boolean_member (out, "replaced"))
    printf (_("Imported the holiday calendar of %u from %s, replacing the earlier one.\n"),
            (guint) json_object_get_int_member (out, "holidays_year"), file);
  else
    printf (_("Imported the holiday calendar of %u from %s.\n"),
            (guint) json_object_get_int_member (out, "holidays_year"), file);
}

/* A stored calendar that does not load is in the answer (holidays_error)
 * and said on stderr, after the list, with exit status 1. */
static JsonNode *
refdata_list (JzCliRun  *run,
              GError   **error)
{
  const char *data_dir = run->cli->data_dir;
  g_autoptr(GError) holidays_error = NULL;
  g_autoptr(JzStore) store = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(GArray) years = NULL;
  g_autofree char *dir = NULL;
  JsonObject *out;
  JsonArray *a;

  store = jz_store_open (data_dir, error);
  pairs = store != NULL ? jz_store_list_divisions (store, error) : NULL;
  if (pairs == NULL)
    return NULL;

  jz_holidays_load_dir (holidays, data_dir, &holidays_error);
  years = jz_holidays_get_years (holidays);
  dir = jz_holidays_dir (data_dir);

  out = json_object_new ();
  a = json_array_new ();
  json_object_set_int_member (out, "divisions", pairs->len / 2);
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
    {
      json_object_set_string_member (out, "holidays_error", holidays_error->message);
      run->status = JZ_EXIT_NO;
      /* print, which says it to a person, is not called with --json */
      if (run->cli->json)
        g_printerr (_("juzhu-cli: a stored holiday calendar cannot be loaded: %s\n"), holidays_error->message);
    }
  return jz_cli_object_node (out);
}

static void
refdata_list_print (JzCliRun *run,
                    JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  JsonArray *years = json_object_get_array_member (out, "holidays");

  printf (_("Administrative divisions imported: %u\n"), (guint) json_object_get_int_member (out, "divisions"));
  if (json_array_get_length (years) == 0)
    printf (_("Holiday calendars: none; deadlines are not moved past holidays\n"));
  else
    {
      printf (_("Holiday calendars:"));
      for (guint i = 0; i < json_array_get_length (years); i++)
        printf (" %u", (guint) json_object_get_int_member (json_array_get_object_element (years, i), "year"));
      printf ("\n");
    }
  if (jz_cli_str (out, "holidays_error") != NULL)
    g_printerr (_("juzhu-cli: a stored holiday calendar cannot be loaded: %s\n"),
                jz_cli_str (out, "holidays_error"));
}

/* ---- the table ----------------------------------------------------------- */

static const JzCliCommand init_command[] = {
  { .name = "init",
    .summary = N_("Creates the data directory (or opens it) and records which\n"
                  "regulation it works under: --profile national-2016, jilin-2016 or\n"
                  "sanmenxia-2017 (see juzhu-cli rules profiles). Every later command\n"
                  "on this directory uses that profile unless --profile says otherwise."),
    .args_hint = N_("unexpected argument; the directory is --data-dir"),
    .run = init_run, .print = init_print },
  { NULL }
};

static const JzCliCommand audit_command[] = {
  { .name = "audit",
    .summary = N_("The audit log, newest first: who viewed or changed which record,\n"
                  "and when (national 第十七条: personal data is not to be disclosed)."),
    .args_hint = N_("unexpected argument; use --record ID"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (AuditOptions), .options_defaults = &audit_defaults,
    .options = audit_options, .check = audit_check, .run = audit_run, .print = audit_print },
  { NULL }
};

static const JzCliCommand conflicts_command[] = {
  { .name = "conflicts", .parameters = "[RECORD]",
    .summary = N_("Fields with legal weight that two devices changed differently, each\n"
                  "value with its value_id, author, device and time. Settle one with\n"
                  "juzhu-cli resolve RECORD FIELD --take VALUE_ID. Showing a record's\n"
                  "conflicts is written to the audit log."),
    .min_args = 0, .max_args = 1, .args_hint = N_("give at most one record ID"),
    .flags = JZ_CLI_STORE, .run = conflicts_run, .print = conflicts_print },
  { NULL }
};

static const JzCliCommand resolve_command[] = {
  { .name = "resolve", .parameters = "RECORD FIELD",
    .summary = N_("Settles a conflict: keep one of the values (--take, see juzhu-cli\n"
                  "conflicts) or set a new one (--value). Once synced, every device\n"
                  "agrees."),
    .min_args = 2, .max_args = 2,
    .args_hint = N_("give the record ID and the field; usage: juzhu-cli resolve "
                    "RECORD FIELD (--take VALUE_ID | --value V)"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (ResolveOptions), .options = resolve_options,
    .check = resolve_check, .run = resolve_run, .print = resolve_print },
  { NULL }
};

static const JzCliCommand history_command[] = {
  { .name = "history", .parameters = "RECORD",
    .summary = N_("Who changed what in a record, when, on which device; oldest first.\n"
                  "Written to the audit log."),
    .min_args = 1, .max_args = 1, .args_hint = N_("give one record ID"),
    .flags = JZ_CLI_STORE, .run = history_run, .print = history_print },
  { NULL }
};

/* refdata opens the data directory itself, when it needs it */
static const JzCliCommand refdata_commands[] = {
  { .name = "import",
    .summary = N_("Imports reference data. --divisions reads the administrative\n"
                  "divisions (code,name per line; a header, BOM and CRLF are fine) so\n"
                  "that addresses show their names. --holidays reads a year’s statutory\n"
                  "holidays and make-up workdays, so that deadlines ending on a holiday\n"
                  "move to the next working day; it replaces the calendar of that year.\n"
                  "The whole file is checked first; anything wrong and nothing is\n"
                  "imported."),
    .args_hint = N_("unexpected argument; use --divisions FILE.csv or --holidays FILE.json"),
    .options_size = sizeof (ImportOptions), .options = import_options, .check = import_check,
    .run = refdata_import, .print = refdata_import_print },
  { .name = "list",
    .summary = N_("What reference data this data directory holds: how many\n"
                  "administrative divisions were imported, and the years whose\n"
                  "holiday calendar is loaded. A stored calendar that no longer\n"
                  "loads is named, with what is wrong (exit status 1)."),
    .run = refdata_list, .print = refdata_list_print },
  { NULL }
};

const JzCliGroup jz_cli_init_group = {
  "init", N_("create a data directory and set its rules profile"), NULL, init_command,
};
const JzCliGroup jz_cli_audit_group = { "audit", N_("who viewed or changed which record"), NULL, audit_command };
const JzCliGroup jz_cli_conflicts_group = {
  "conflicts", N_("fields two devices changed differently"), NULL, conflicts_command,
};
const JzCliGroup jz_cli_resolve_group = { "resolve", N_("settle a conflict"), NULL, resolve_command };
const JzCliGroup jz_cli_history_group = { "history", N_("the changes of one record"), NULL, history_command };
const JzCliGroup jz_cli_refdata_group = {
  "refdata", N_("import and list reference data (divisions, holiday calendars)"), refdata_help, refdata_commands,
};
