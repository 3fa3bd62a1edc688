/* jz-cli-edit.c — `person edit`, `registration edit`, `application edit`:
 * one command, the same checks as creating (jz_registry_edit)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"

/**
 * jz_cli_edit_record:
 * @rtype: "person", "registration" or "application"
 *
 * `juzhu-cli RTYPE edit ID --set FIELD=VALUE…`: parses, runs the edit in
 * one transaction, prints what changed.
 */
int
jz_cli_edit_record (JzCli      *cli,
                    int         argc,
                    char      **argv,
                    const char *rtype)
{
  const char * const rtypes[] = { rtype, NULL };
  g_autofree char *command = g_strdup_printf ("%s edit", rtype);
  g_auto(GStrv) sets = NULL;
  GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("Set FIELD to VALUE (repeatable)"), "FIELD=VALUE" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context (command, "ID",
                           N_("Changes fields of a record, with the same checks as when it was\n"
                              "made. Values are text; lists are a,b; yes-or-no fields true or\n"
                              "false; FIELD= clears a field. Every change is kept in the history\n"
                              "and synced."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GList) names = NULL;
  const char *id;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "%s: %s", command, error->message);
  if (argc != 2)
    return jz_cli_usage_error (cli, _("%s: give one ID; usage: juzhu-cli %s ID --set FIELD=VALUE…"),
                               command, command);
  if (sets == NULL)
    return jz_cli_usage_error (cli, _("%s: nothing to change; give --set FIELD=VALUE"), command);
  id = argv[1];

  for (guint i = 0; sets[i] != NULL; i++)
    {
      const char *eq = strchr (sets[i], '=');
      g_autofree char *field = NULL;

      if (eq == NULL || eq == sets[i])
        return jz_cli_usage_error (cli, _("--set %s: expected FIELD=VALUE"), sets[i]);
      field = g_strndup (sets[i], eq - sets[i]);
      g_strdelimit (field, "-", '_');
      if (eq[1] == '\0')
        json_object_set_null_member (fields, field);
      else
        json_object_set_member (fields, field, jz_cli_field_value (rtypes, field, eq + 1));
    }

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  if (!jz_registry_edit (ctx->registry, rtype, id, fields, &cli->today, cli->author, &error))
    return jz_cli_error (cli, error);

  names = json_object_get_members (fields);
  if (cli->json)
    {
      g_autoptr(JsonObject) out = json_object_new ();
      JsonArray *changed = json_array_new ();

      json_object_set_string_member (out, "id", id);
      for (GList *l = names; l != NULL; l = l->next)
        json_array_add_string_element (changed, l->data);
      json_object_set_array_member (out, "changed", changed);
      jz_cli_print_object (out);
      return JZ_EXIT_OK;
    }
  /* Translators: "Saved registration 01a…: residence_address phone" */
  printf (_("Saved %s %s:"), rtype, id);
  for (GList *l = names; l != NULL; l = l->next)
    printf (" %s", (const char *) l->data);
  printf ("\n");
  return JZ_EXIT_OK;
}
