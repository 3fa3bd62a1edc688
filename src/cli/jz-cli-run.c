/* jz-cli-run.c — the one runner of juzhu-cli's commands
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command is a line of a table (JzCliCommand, in jz-cli.h): its
 * arguments, its options as offsets into a struct of its own, what it
 * does (run → an answer in JSON) and how the answer is said to a person
 * (print). Everything commands used to repeat happens here once: finding
 * the command, its --help, parsing the options, counting the arguments,
 * opening the data directory, --json, and reporting failures with the
 * exit code their error says.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"
#include "jz-purge.h"

/* @object in a node (transfer full) */
JsonNode *
jz_cli_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* A JSON array of @objects (each referenced) */
JsonNode *
jz_cli_list_node (GPtrArray *objects)
{
  JsonArray *array = json_array_sized_new (objects->len);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < objects->len; i++)
    json_array_add_object_element (array, json_object_ref (objects->pdata[i]));
  json_node_take_array (node, array);
  return node;
}

/* The objects of an array answer, referenced */
GPtrArray *
jz_cli_node_objects (JsonNode *answer)
{
  JsonArray *array = json_node_get_array (answer);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (objects, json_object_ref (json_array_get_object_element (array, i)));
  return objects;
}

static gpointer
option_slot (gpointer            options,
             const GOptionEntry *entry)
{
  return (char *) options + GPOINTER_TO_SIZE (entry->arg_data);
}

static void
free_options (const JzCliCommand *command,
              gpointer            options)
{
  if (options == NULL)
    return;
  for (const GOptionEntry *e = command->options; e != NULL && e->long_name != NULL; e++)
    {
      gpointer slot = option_slot (options, e);

      switch (e->arg)
        {
        case G_OPTION_ARG_STRING:
        case G_OPTION_ARG_FILENAME:
          g_free (*(char **) slot);
          break;
        case G_OPTION_ARG_STRING_ARRAY:
        case G_OPTION_ARG_FILENAME_ARRAY:
          g_strfreev (*(char ***) slot);
          break;
        case G_OPTION_ARG_NONE:
        case G_OPTION_ARG_INT:
        case G_OPTION_ARG_INT64:
        case G_OPTION_ARG_DOUBLE:
        case G_OPTION_ARG_CALLBACK:
        default:
          break;
        }
    }
  g_free (options);
}

/* The options of @command in a fresh struct, and a GOptionContext whose
 * entries point into it. */
static GOptionContext *
option_context (const JzCliCommand *command,
                const char         *title,
                gpointer           *options_out)
{
  GOptionContext *context = jz_cli_option_context (title, command->parameters, command->summary,
                                                   command->description);
  gpointer options = NULL;

  if (command->options_size > 0)
    {
      g_autofree GOptionEntry *entries = NULL;
      guint n = 0;

      options = command->options_defaults != NULL
                ? g_memdup2 (command->options_defaults, command->options_size)
                : g_malloc0 (command->options_size);
      while (command->options[n].long_name != NULL)
        n++;
      entries = g_new0 (GOptionEntry, n + 1);
      for (guint i = 0; i < n; i++)
        {
          entries[i] = command->options[i];
          entries[i].arg_data = option_slot (options, &command->options[i]);
        }
      g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
    }
  *options_out = options;
  return context;
}

/* Runs @command, @argv from its name on; @title names it in messages */
int
jz_cli_run_command (JzCli              *cli,
             const JzCliCommand *command,
             const char         *title,
             int                 argc,
             char              **argv)
{
  JzCliRun run = { cli, command, title, NULL, NULL, argc, argv, JZ_EXIT_OK, NULL, NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint n_args;
  int status;

  if (!(command->flags & JZ_CLI_OWN_ARGS))
    {
      context = option_context (command, title, &run.options);
      if (!jz_cli_parse_options (context, &run.argc, &run.argv, &error))
        {
          /* "--limit: “abc” is not a whole number" names the option already */
          if (g_str_has_prefix (error->message, "--"))
            status = jz_cli_fail (cli, JZ_EXIT_USAGE, error);
          else
            status = jz_cli_usage_error (cli, _("%s: %s"), title, error->message);
          goto out;
        }
      n_args = (guint) run.argc - 1;
      if (n_args < command->min_args || n_args > command->max_args)
        {
          if (command->args_hint != NULL)
            status = jz_cli_usage_error (cli, _("%s: %s"), title, _(command->args_hint));
          else if (n_args > command->max_args)
            status = jz_cli_usage_error (cli, _("%s: unexpected argument “%s”"), title,
                                         run.argv[command->max_args + 1]);
          else
            status = jz_cli_usage_error (cli, _("%s: missing arguments; usage: juzhu-cli %s %s"), title,
                                         title, command->parameters ?: "");
          goto out;
        }
    }

  if (command->check != NULL && !command->check (&run, &error))
    {
      status = jz_cli_error (cli, error);
      goto out;
    }

  if (command->flags & JZ_CLI_STORE)
    {
      /* wiped at the county's order: nothing opens it before that is done */
      if (jz_purge_is_pending (cli->data_dir))
        {
          status = jz_cli_purge (cli);
          goto out;
        }
      run.ctx = jz_cli_context_open (cli, &error);
      if (run.ctx == NULL)
        {
          status = jz_cli_error (cli, error);
          goto out;
        }
    }

  answer = command->run (&run, &error);
  if (answer == NULL && error != NULL)
    {
      status = jz_cli_error (cli, error);
      goto out;
    }
  if (answer != NULL && cli->json)
    jz_cli_print_json (answer);
  else if (answer != NULL && command->print != NULL)
    command->print (&run, answer);
  status = run.status;

out:
  if (run.data_free != NULL)
    run.data_free (run.data);
  g_clear_pointer (&run.ctx, jz_cli_context_free);
  free_options (command, run.options);
  return status;
}

/**
 * jz_cli_run_group:
 * @argv: from the group's name on
 *
 * Runs `juzhu-cli GROUP [SUBCOMMAND] …`. A group of subcommands without
 * one prints its help on stderr (exit 2); with --help, -h or help, on
 * stdout.
 */
int
jz_cli_run_group (JzCli            *cli,
                  const JzCliGroup *group,
                  int               argc,
                  char            **argv)
{
  g_autofree char *title = NULL;

  if (group->help == NULL)
    return jz_cli_run_command (cli, &group->commands[0], group->name, argc, argv);

  if (argc < 2)
    {
      fputs (_(group->help), stderr);
      return JZ_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      fputs (_(group->help), stdout);
      return JZ_EXIT_OK;
    }
  for (const JzCliCommand *c = group->commands; c->run != NULL; c++)
    if (g_str_equal (argv[1], c->name))
      {
        title = g_strdup_printf ("%s %s", group->name, c->name);
        return jz_cli_run_command (cli, c, title, argc - 1, argv + 1);
      }

  return jz_cli_usage_error (cli, _("%s: unknown subcommand “%s”; try juzhu-cli %s --help"),
                             group->name, argv[1], group->name);
}
