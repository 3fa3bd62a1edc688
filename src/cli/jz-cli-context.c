/* jz-cli-context.c — opening the store for a command, mapping errors to
 * exit codes, reading --FIELD flags and printing records
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"
#include "jz-device.h"
#include "jz-id-number.h"
#include "jz-photo.h"
#include "jz-rules.h"

static gint64
offset_clock (gpointer user_data)
{
  return g_get_real_time () / 1000 + *(gint64 *) user_data;
}

/**
 * jz_cli_apply_clock_offset:
 *
 * For tests of devices whose clock is wrong: $JUZHU_CLOCK_OFFSET_MS is added
 * to the wall clock of the store (-820540800000 puts a tablet in 2000).
 */
void
jz_cli_apply_clock_offset (JzStore *store)
{
  static gint64 offset;
  const char *text = g_getenv ("JUZHU_CLOCK_OFFSET_MS");

  if (text == NULL || *text == '\0')
    return;
  offset = g_ascii_strtoll (text, NULL, 10);
  jz_store_set_clock (store, offset_clock, &offset);
}

/**
 * jz_cli_context_open:
 *
 * Opens --data-dir (creating it on first use; jz_device_open()) with the
 * rules of --profile, else the ones `juzhu-cli init` recorded, else the
 * national regulation.
 */
JzCliContext *
jz_cli_context_open (JzCli   *cli,
                     GError **error)
{
  g_autoptr(JzCliContext) ctx = g_new0 (JzCliContext, 1);
  g_autoptr(JzDevice) device = NULL;
  g_autoptr(JzDataKey) key = NULL;
  gboolean key_created = FALSE;
  const char *stored;

  ctx->cli = cli;
  /* the key file $JUZHU_KEY_FILE names; init and enrol (a new tablet's
   * first commands) make it when it does not exist */
  key = jz_data_key_from_env (cli->create_key, cli->data_dir, &key_created, error);
  if (key == NULL)
    return NULL;
  if (key_created)
    g_printerr (_("A new data key was written to %s. Keep it safe and apart from the data: "
                  "without it nothing in %s can be read.\n"),
                g_getenv (JZ_KEY_FILE_ENV), cli->data_dir);
  device = jz_device_open_with_key (cli->data_dir, key, cli->profile, error);
  if (device == NULL)
    return NULL;
  ctx->store = g_object_ref (jz_device_get_store (device));
  ctx->profile = g_object_ref (jz_device_get_profile (device));
  ctx->codes = g_object_ref (jz_device_get_codes (device));
  ctx->registry = g_object_ref (jz_device_get_registry (device));
  jz_cli_apply_clock_offset (ctx->store);

  /* Deadlines differ between profiles; working on a county's data with
   * another county's rules deserves a word. */
  stored = jz_device_get_stored_profile (device);
  if (cli->profile != NULL && stored != NULL && g_strcmp0 (cli->profile, stored) != 0)
    g_printerr (_("juzhu-cli: note: using the rules of %s; this data directory is set to %s\n"),
                cli->profile, stored);

  /* A stored calendar that no longer loads is warned about, not fatal:
   * without it a deadline is not moved past that year's holidays, so it
   * is never later than the law allows, and the work of the day goes on.
   * The calendars that do load are used. */
  if (jz_device_get_holidays_error (device) != NULL)
    g_printerr (_("juzhu-cli: warning: a holiday calendar cannot be loaded, so deadlines in its "
                  "year are not moved past holidays: %s\n"
                  "Import it again with juzhu-cli refdata import --holidays FILE.\n"),
                jz_device_get_holidays_error (device)->message);

  return g_steal_pointer (&ctx);
}

void
jz_cli_context_free (JzCliContext *ctx)
{
  if (ctx == NULL)
    return;
  g_clear_object (&ctx->registry);
  g_clear_object (&ctx->divisions);
  g_clear_object (&ctx->codes);
  g_clear_object (&ctx->profile);
  g_clear_object (&ctx->store);
  g_free (ctx);
}

/**
 * jz_cli_exit_code:
 *
 * 2 when what was typed is wrong and can be fixed by typing it again; 1
 * when the input was understood but the answer is no: the record does
 * not exist, the regulations refuse (REFUSED cites the article), or the
 * record is not in a state that allows it; 3 when the store or the system
 * failed.
 */
int
jz_cli_exit_code (const GError *error)
{
  if (error->domain == JZ_STORE_ERROR)
    {
      switch ((JzStoreError) error->code)
        {
        case JZ_STORE_ERROR_INVALID:
        case JZ_STORE_ERROR_DISPUTED:
          return JZ_EXIT_USAGE;
        case JZ_STORE_ERROR_NOT_FOUND:
        case JZ_STORE_ERROR_WORKFLOW:
        case JZ_STORE_ERROR_FORBIDDEN:
          return JZ_EXIT_NO;
        case JZ_STORE_ERROR_SQLITE:
        case JZ_STORE_ERROR_CLOCK:
        case JZ_STORE_ERROR_SCHEMA:
        case JZ_STORE_ERROR_IO:
        default:
          return JZ_EXIT_FAILURE;
        }
    }

  if (error->domain == JZ_REGISTRY_ERROR)
    return error->code == JZ_REGISTRY_ERROR_INVALID ? JZ_EXIT_USAGE : JZ_EXIT_NO;

  if (error->domain == JZ_CODES_ERROR)
    return error->code == JZ_CODES_ERROR_MALFORMED ? JZ_EXIT_FAILURE : JZ_EXIT_USAGE;

  if (error->domain == JZ_DIVISIONS_ERROR)
    return error->code == JZ_DIVISIONS_ERROR_RESOURCE ? JZ_EXIT_FAILURE : JZ_EXIT_USAGE;

  if (error->domain == JZ_HOLIDAYS_ERROR)
    return JZ_EXIT_USAGE;

  if (error->domain == JZ_PHOTO_ERROR ||
      error->domain == JZ_ID_ERROR ||
      error->domain == JZ_RULES_ERROR ||
      error->domain == JZ_PROFILE_ERROR ||
      error->domain == JZ_DATE_ERROR ||
      error->domain == JSON_PARSER_ERROR ||
      error->domain == G_OPTION_ERROR)
    return JZ_EXIT_USAGE;

  /* An --input or photo file that is missing or unreadable. */
  if (error->domain == G_FILE_ERROR &&
      (error->code == G_FILE_ERROR_NOENT || error->code == G_FILE_ERROR_ACCES ||
       error->code == G_FILE_ERROR_ISDIR || error->code == G_FILE_ERROR_NOTDIR ||
       error->code == G_FILE_ERROR_NAMETOOLONG || error->code == G_FILE_ERROR_INVAL))
    return JZ_EXIT_USAGE;
  if (error->domain == G_IO_ERROR &&
      (error->code == G_IO_ERROR_NOT_FOUND || error->code == G_IO_ERROR_IS_DIRECTORY ||
       error->code == G_IO_ERROR_PERMISSION_DENIED || error->code == G_IO_ERROR_INVALID_FILENAME))
    return JZ_EXIT_USAGE;

  return JZ_EXIT_FAILURE;
}

int
jz_cli_error (JzCli        *cli,
              const GError *error)
{
  return jz_cli_fail (cli, jz_cli_exit_code (error), error);
}

/**
 * jz_cli_option_context:
 *
 * A GOptionContext whose --help names the whole command ("juzhu-cli
 * accept"), since argv[0] of a subcommand is only its last word.
 */
GOptionContext *
jz_cli_option_context (const char *command,
                       const char *parameters,
                       const char *summary,
                       const char *description)
{
  g_autofree char *prgname = g_strdup_printf ("juzhu-cli %s", command);
  GOptionContext *context = g_option_context_new (parameters);

  /* Only one command runs in a process, so this is set once. */
  if (g_get_prgname () == NULL)
    g_set_prgname (prgname);
  /* @summary and @description are N_() strings: GOption translates them,
   * and the option descriptions, with the domain. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description ? description :
                                    N_("Global options (--data-dir, --json, --today, --profile, "
                                       "--author) go anywhere on the line.\n"
                                       "See docs/cli.md for examples."));
  g_option_context_set_help_enabled (context, TRUE);
  return context;
}

/* @text, or --today when NULL; a day after --today is refused, since the
 * workflow records what happened, and a deadline counted from a future
 * acceptance would be wrong. */
gboolean
jz_cli_parse_date (JzCli       *cli,
                   const char  *option,
                   const char  *text,
                   GDate       *out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    {
      *out = cli->today;
      return TRUE;
    }
  if (!jz_date_parse (text, out, &local_error))
    {
      /* Translators: a field or option name, then what is wrong with it. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: %s"), option, local_error->message);
      return FALSE;
    }
  if (jz_date_compare (out, &cli->today) > 0)
    {
      g_autofree char *today = jz_date_format (&cli->today);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: %s is after today (%s); record it on the day it happens "
                     "(or set --today)"), option, text, today);
      return FALSE;
    }
  return TRUE;
}

static const JzFieldDef *
find_field (const char * const *rtypes,
            const char         *field)
{
  for (guint i = 0; rtypes != NULL && rtypes[i] != NULL; i++)
    {
      const JzRecordType *type = jz_model_lookup (rtypes[i]);
      const JzFieldDef *def = type ? jz_record_type_field (type, field) : NULL;

      if (def != NULL)
        return def;
    }
  return NULL;
}

/**
 * jz_cli_field_value:
 *
 * The JSON value of a field typed on the command line: true/false for a
 * yes-or-no field and "a,b" for a list become JSON, so the rules see the
 * same types as with --input; the rest stays text for the store to check.
 */
JsonNode *
jz_cli_field_value (const char * const *rtypes,
                    const char         *field,
                    const char         *text)
{
  const JzFieldDef *def = find_field (rtypes, field);
  JsonNode *node;

  if (def != NULL && def->kind == JZ_FIELD_BOOL)
    {
      if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0)
        return json_node_init_boolean (json_node_alloc (), TRUE);
      if (g_ascii_strcasecmp (text, "false") == 0 || g_ascii_strcasecmp (text, "no") == 0)
        return json_node_init_boolean (json_node_alloc (), FALSE);
    }

  if (def != NULL && def->kind == JZ_FIELD_CODE_LIST)
    {
      g_auto(GStrv) parts = g_strsplit (text, ",", -1);
      JsonArray *array = json_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i] != '\0')
            json_array_add_string_element (array, parts[i]);
        }
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      return node;
    }

  return json_node_init_string (json_node_alloc (), text);
}

static char *
flag_to_field (const char         *flag,
               const char * const *aliases)
{
  char *field = g_strdup (flag);

  g_strdelimit (field, "-", '_');
  for (guint i = 0; aliases != NULL && aliases[i] != NULL && aliases[i + 1] != NULL; i += 2)
    if (g_str_equal (field, aliases[i]))
      {
        g_free (field);
        return g_strdup (aliases[i + 1]);
      }
  return field;
}

/**
 * jz_cli_collect_fields:
 * @argv: the subcommand's arguments, argv[0] being its name
 * @rtypes: the record types whose fields may be given
 * @aliases: (nullable): NULL-terminated pairs: flag, field ("person", "person_id")
 *
 * Reads `--input FILE|-` (one JSON object) and `--FIELD VALUE` flags
 * (dashes or underscores) into one object; flags win over the input. A
 * yes-or-no field given without a value means true. Unknown fields are
 * kept, for the registry to report with every other problem.
 */
JsonObject *
jz_cli_collect_fields (int                  argc,
                       char               **argv,
                       const char * const  *rtypes,
                       const char * const  *aliases,
                       gboolean            *help,
                       GError             **error)
{
  g_autoptr(JsonObject) flags = json_object_new ();
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *input = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  *help = FALSE;
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      g_autofree char *name = NULL;
      g_autofree char *field = NULL;
      const char *value = NULL;
      const char *eq;
      const JzFieldDef *def;

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          *help = TRUE;
          return g_steal_pointer (&out);
        }
      if (g_str_equal (arg, "-i"))
        arg = "--input";
      if (!g_str_has_prefix (arg, "--") || arg[2] == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("unexpected argument “%s”; give fields as --FIELD VALUE"), arg);
          return NULL;
        }

      eq = strchr (arg, '=');
      name = eq ? g_strndup (arg + 2, eq - arg - 2) : g_strdup (arg + 2);
      if (eq != NULL)
        value = eq + 1;

      if (g_str_equal (name, "input"))
        {
          if (value == NULL && i + 1 < argc)
            value = argv[++i];
          if (value == NULL)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--input needs a FILE, or - for standard input"));
              return NULL;
            }
          g_free (input);
          input = g_strdup (value);
          continue;
        }

      field = flag_to_field (name, aliases);
      def = find_field (rtypes, field);
      if (value == NULL)
        {
          gboolean next_is_flag = i + 1 >= argc || g_str_has_prefix (argv[i + 1], "--");

          if (def != NULL && def->kind == JZ_FIELD_BOOL && next_is_flag)
            value = "true";
          else if (i + 1 < argc)
            value = argv[++i];
          else
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--%s needs a value"), name);
              return NULL;
            }
        }
      json_object_set_member (flags, field, jz_cli_field_value (rtypes, field, value));
    }

  if (input != NULL)
    {
      g_autoptr(JsonNode) node = jz_cli_read_json_input (input, error);

      if (node == NULL)
        {
          g_prefix_error (error, "--input: ");
          return NULL;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                       _("--input: %s: expected a JSON object {\"field\": value, …}"),
                       g_str_equal (input, "-") ? _("standard input") : input);
          return NULL;
        }
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &key, &member))
        json_object_set_member (out, key, json_node_copy (member));
    }

  json_object_iter_init (&iter, flags);
  while (json_object_iter_next (&iter, &key, &member))
    json_object_set_member (out, key, json_node_copy (member));

  return g_steal_pointer (&out);
}

const char *
jz_cli_str (JsonObject *record,
            const char *member)
{
  JsonNode *node;

  if (record == NULL || !json_object_has_member (record, member))
    return NULL;
  node = json_object_get_member (record, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
jz_cli_code_name (JzCliContext *ctx,
                  const char   *table,
                  const char   *code)
{
  if (code == NULL)
    return NULL;
  return jz_codes_name (ctx->codes, table, code, "zh");
}

const char *
jz_cli_status_name (const char *status)
{
  static const struct { const char *code; const char *zh; } names[] = {
    { "submitted", "已申请" },
    { "accepted", "已受理" },
    { "issued", "已发证" },
    { "rejected", "不予办理" },
    { "withdrawn", "已撤回" },
    { "active", "有效" },
    { "ended", "已终止" },
    { "departed", "已注销" },
    { "suspended", "使用功能中止" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (status, names[i].code) == 0)
      return names[i].zh;
  return NULL;
}

static JzDivisions *
context_divisions (JzCliContext *ctx)
{
  g_autoptr(GPtrArray) pairs = NULL;

  if (ctx->divisions != NULL)
    return ctx->divisions;
  ctx->divisions = jz_divisions_new (NULL);
  if (ctx->divisions == NULL)
    return NULL;
  pairs = jz_store_list_divisions (ctx->store, NULL);
  for (guint i = 0; pairs != NULL && i + 1 < pairs->len; i += 2)
    jz_divisions_add (ctx->divisions, pairs->pdata[i], pairs->pdata[i + 1]);
  return ctx->divisions;
}

/* "吉林省长春市朝阳区 (220104)", or the code alone when no name is known. */
char *
jz_cli_division_text (JzCliContext *ctx,
                      const char   *code)
{
  JzDivisions *divisions = context_divisions (ctx);
  g_autofree char *name = NULL;

  if (code == NULL)
    return g_strdup ("");
  if (divisions != NULL)
    name = jz_divisions_full_name (divisions, code);
  return name ? g_strdup_printf ("%s (%s)", name, code) : g_strdup (code);
}

char *
jz_cli_masked (JsonObject *record,
               const char *member)
{
  const char *number = jz_cli_str (record, member);

  return number ? jz_id_number_mask (number) : g_strdup ("");
}

/* A copy of @record fit for a list: every ID number masked. */
JsonObject *
jz_cli_masked_copy (JsonObject *record)
{
  static const char *id_members[] = { "id_number", "proxy_id_number" };
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, record);
  while (json_object_iter_next (&iter, &key, &node))
    json_object_set_member (copy, key, json_node_copy (node));
  for (guint i = 0; i < G_N_ELEMENTS (id_members); i++)
    if (jz_cli_str (copy, id_members[i]) != NULL)
      {
        char *masked = jz_id_number_mask (jz_cli_str (copy, id_members[i]));

        json_object_set_string_member (copy, id_members[i], masked);
        g_free (masked);
      }
  return copy;
}

static char *
format_value (JzCliContext     *ctx,
              const JzFieldDef *def,
              JsonNode         *node,
              gboolean          mask_ids)
{
  const char *s = NULL;
  const char *name;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    s = json_node_get_string (node);

  switch (def->kind)
    {
    case JZ_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (node) ? _("yes") : _("no"));

    case JZ_FIELD_CODE:
      name = jz_cli_code_name (ctx, def->code_table, s);
      return name ? g_strdup_printf ("%s (%s)", name, s) : g_strdup (s);

    case JZ_FIELD_STATUS:
      name = jz_cli_status_name (s);
      return name ? g_strdup_printf ("%s (%s)", name, s) : g_strdup (s);

    case JZ_FIELD_ID_NUMBER:
      return s && mask_ids ? jz_id_number_mask (s) : g_strdup (s);

    case JZ_FIELD_PARTY_ID:
      /* a person's ID number is masked; a credit code is public */
      return s && mask_ids ? jz_party_id_mask (s) : g_strdup (s);

    case JZ_FIELD_DIVISION:
      return jz_cli_division_text (ctx, s);

    case JZ_FIELD_CODE_LIST:
    case JZ_FIELD_PHOTO_LIST:
      {
        GString *out = g_string_new (NULL);
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
          {
            const char *item = json_array_get_string_element (array, i);

            if (def->kind == JZ_FIELD_PHOTO_LIST)
              g_string_append_printf (out, "%s%s", i ? "\n                           " : "", item);
            else if ((name = jz_cli_code_name (ctx, def->code_table, item)) != NULL)
              g_string_append_printf (out, "%s%s (%s)", i ? ", " : "", name, item);
            else
              g_string_append_printf (out, "%s%s", i ? ", " : "", item);
          }
        return g_string_free (out, FALSE);
      }

    case JZ_FIELD_TEXT:
    case JZ_FIELD_DATE:
    case JZ_FIELD_REF:
    case JZ_FIELD_PHOTO:
    case JZ_FIELD_PHONE:
    default:
      return g_strdup (s ? s : "");
    }
}

/* The set fields of @record, in the model's order, one per line. */
void
jz_cli_print_record (JzCliContext *ctx,
                     JsonObject   *record,
                     gboolean      mask_ids,
                     const char   *indent)
{
  const JzRecordType *type = jz_model_lookup (jz_cli_str (record, "type"));
  g_autofree char *record_label = jz_cli_pad (_("Record"), 24);

  if (indent == NULL)
    indent = "  ";
  printf ("%s%s %s\n", indent, record_label, jz_cli_str (record, "id"));
  if (type == NULL)
    return;

  for (guint i = 0; i < type->n_fields; i++)
    {
      const JzFieldDef *def = &type->fields[i];
      JsonNode *node = json_object_get_member (record, def->name);
      g_autofree char *text = NULL;
      g_autofree char *label = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      text = format_value (ctx, def, node, mask_ids);
      /* Padded by terminal columns: a translated label may be Chinese. */
      label = jz_cli_pad (_(def->label), 24);
      printf ("%s%s %s\n", indent, label, text);
    }

  if (json_object_get_boolean_member_with_default (record, "_disputed", FALSE))
    {
      g_autofree char *label = jz_cli_pad (_("DISPUTED"), 24);

      printf (_("%s%s two devices saved different values; see juzhu-cli conflicts %s\n"),
              indent, label, jz_cli_str (record, "id"));
    }
}

/* One line per field a command accepts: the flag and what it is. */
void
jz_cli_print_fields_help (const char         *rtype,
                          const char * const *fields)
{
  /* Required by the store, but filled in when left out. */
  static const char * const defaults[] = {
    "registered_on", N_(" (default --today)"),
    "applied_on", N_(" (default --today)"),
    "kind", N_(" (default first)"),
  };
  const JzRecordType *type = jz_model_lookup (rtype);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const JzFieldDef *def = type ? jz_record_type_field (type, fields[i]) : NULL;
      g_autofree char *flag = g_strdup (fields[i]);
      const char *kind = "";
      const char *note = def && def->required ? _(" (required)") : "";

      g_strdelimit (flag, "_", '-');
      if (def == NULL)
        continue;
      for (guint k = 0; k + 1 < G_N_ELEMENTS (defaults); k += 2)
        if (g_str_equal (fields[i], defaults[k]))
          note = _(defaults[k + 1]);
      switch (def->kind)
        {
        case JZ_FIELD_DATE:
          kind = " YYYY-MM-DD";
          break;
        case JZ_FIELD_BOOL:
          kind = " [true|false]";
          break;
        case JZ_FIELD_CODE:
          kind = " CODE";
          break;
        case JZ_FIELD_CODE_LIST:
          kind = " CODE,CODE";
          break;
        case JZ_FIELD_DIVISION:
          kind = " DIVISION";
          break;
        case JZ_FIELD_REF:
          kind = " ID";
          break;
        case JZ_FIELD_ID_NUMBER:
        case JZ_FIELD_PARTY_ID:
          kind = " NUMBER";
          break;
        case JZ_FIELD_TEXT:
        case JZ_FIELD_PHONE:
        case JZ_FIELD_PHOTO:
        case JZ_FIELD_PHOTO_LIST:
        case JZ_FIELD_STATUS:
        default:
          kind = " TEXT";
          break;
        }
      {
        g_autofree char *left = g_strdup_printf ("--%s%s", flag, kind);

        g_autofree char *codes = def->code_table
          ? g_strdup_printf (_("; codes of table %s"), def->code_table) : g_strdup ("");

        printf ("  %-34s %s%s%s\n", left, _(def->label), note, codes);
      }
    }
}

/* @text followed by spaces up to @width terminal columns; a Chinese
 * character takes two. */
char *
jz_cli_pad (const char *text,
            guint       width)
{
  GString *out = g_string_new (text ? text : "");
  guint columns = 0;

  for (const char *p = out->str; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      columns += g_unichar_iswide (c) ? 2 : 1;
    }
  while (columns++ < width)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

/* What a list or search shows of a person: nothing that identifies them
 * beyond the name and a masked ID number (national 第十七条). */
JsonObject *
jz_cli_person_summary (JsonObject *person)
{
  static const char *members[] = { "id", "type", "name", "sex", "ethnicity", "hukou_division", "_disputed" };
  JsonObject *out = json_object_new ();
  char *masked;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (json_object_has_member (person, members[i]))
      json_object_set_member (out, members[i], json_node_copy (json_object_get_member (person, members[i])));
  masked = jz_cli_masked (person, "id_number");
  json_object_set_string_member (out, "id_number", masked);
  g_free (masked);
  return out;
}
