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

const GOptionEntry jz_cli_edit_options[] = {
  JZ_CLI_OPTION ("set", 's', G_OPTION_ARG_STRING_ARRAY, JzCliEditOptions, sets,
                 N_("Set FIELD to VALUE (repeatable)"), "FIELD=VALUE"),
  { NULL }
};

/**
 * jz_cli_edit_record:
 * @rtype: "person", "registration" or "application"
 *
 * `juzhu-cli RTYPE edit ID --set FIELD=VALUE…` (JZ_CLI_EDIT_COMMAND):
 * runs the edit in one transaction; the answer names what changed.
 */
JsonNode *
jz_cli_edit_record (JzCliRun    *run,
                    const char  *rtype,
                    GError     **error)
{
  const char * const rtypes[] = { rtype, NULL };
  JzCliEditOptions *options = run->options;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GList) names = NULL;
  JsonObject *out;
  JsonArray *changed;
  const char *id = run->argv[1];

  if (options->sets == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: nothing to change; give --set FIELD=VALUE"), run->title);
      return NULL;
    }
  for (guint i = 0; options->sets[i] != NULL; i++)
    {
      const char *set = options->sets[i];
      const char *eq = strchr (set, '=');
      g_autofree char *field = NULL;

      if (eq == NULL || eq == set)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--set %s: expected FIELD=VALUE"), set);
          return NULL;
        }
      field = g_strndup (set, eq - set);
      g_strdelimit (field, "-", '_');
      if (eq[1] == '\0')
        json_object_set_null_member (fields, field);
      else
        json_object_set_member (fields, field, jz_cli_field_value (rtypes, field, eq + 1));
    }

  if (!jz_registry_edit (run->ctx->registry, rtype, id, fields, &run->cli->today, run->cli->author, error))
    return NULL;

  out = json_object_new ();
  changed = json_array_new ();
  json_object_set_string_member (out, "type", rtype);
  json_object_set_string_member (out, "id", id);
  names = json_object_get_members (fields);
  for (GList *l = names; l != NULL; l = l->next)
    json_array_add_string_element (changed, l->data);
  json_object_set_array_member (out, "changed", changed);
  return jz_cli_object_node (out);
}

void
jz_cli_edit_print (JzCliRun *run,
                   JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  const char *rtype = json_object_get_string_member (out, "type");
  JsonArray *changed = json_object_get_array_member (out, "changed");

  /* Translators: followed by the changed fields' names, "住址、联系电话" */
  printf (g_str_equal (rtype, "person") ? _("Saved the person %s: ")
          : g_str_equal (rtype, "registration") ? _("Saved the registration %s: ")
          : _("Saved the application %s: "), json_object_get_string_member (out, "id"));
  for (guint i = 0; i < json_array_get_length (changed); i++)
    {
      const char *name = json_array_get_string_element (changed, i);
      const JzFieldDef *def = jz_record_type_field (jz_model_lookup (rtype), name);

      /* Translators: between the names of changed fields */
      printf ("%s%s", i == 0 ? "" : _(", "), def != NULL && def->label != NULL ? _(def->label) : name);
    }
  printf ("\n");
}
