/* juzhu-server-review.c — the commands that show county IT what to look
 * at: conflicts, possible duplicates, and the county's public key
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "jz-id-number.h"
#include "jz-paper-code.h"
#include "juzhu-server-cmd.h"

int
cmd_conflicts (int    argc,
               char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse ("conflicts", NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error ("conflicts: unexpected argument “%s”", argv[1]);
  if ((county = open_county (&status)) == NULL)
    return status;
  if ((conflicts = jz_county_conflicts (county, &error)) == NULL)
    return fail (error);

  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = conflicts->pdata[i];
      JsonArray *values = json_object_get_array_member (c, "values");
      const char *field = json_object_get_string_member (c, "field");
      gboolean is_id = g_str_has_suffix (field, "id_number");

      printf ("%s %s: %s\n", json_object_get_string_member (c, "type"),
              json_object_get_string_member (c, "record"), field);
      for (guint k = 0; k < json_array_get_length (values); k++)
        {
          JsonObject *v = json_array_get_object_element (values, k);
          JsonNode *value = json_object_get_member (v, "value");
          g_autofree char *text = NULL;

          if (is_id && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            text = jz_id_number_mask (json_node_get_string (value));
          else
            text = json_to_string (value, FALSE);
          printf ("  %s %s  by %s on %s at %s%s\n",
                  json_object_get_string_member (v, "value_id"), text,
                  json_object_get_string_member (v, "author"),
                  json_object_get_string_member (v, "site"),
                  json_object_get_string_member (v, "time"),
                  json_object_get_boolean_member (v, "shown") ? "  (shown)" : "");
        }
    }
  if (conflicts->len == 0)
    printf ("No conflicts.\n");
  return EXIT_SUCCESS;
}

int
cmd_duplicates (int    argc,
                char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse ("duplicates", NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error ("duplicates: unexpected argument “%s”", argv[1]);
  if ((county = open_county (&status)) == NULL)
    return status;
  if ((list = jz_county_duplicates (county, &error)) == NULL)
    return fail (error);

  for (guint i = 0; i < list->len; i++)
    {
      JsonObject *d = list->pdata[i];
      g_autofree char *masked = jz_id_number_mask (json_object_get_string_member (d, "id_number"));

      printf ("ID %s: person %s (site %s) and person %s (site %s), found %s\n", masked,
              str_or_dash (d, "person_a"), str_or_dash (d, "site_a"),
              str_or_dash (d, "person_b"), str_or_dash (d, "site_b"), str_or_dash (d, "found"));
    }
  if (list->len == 0)
    printf ("No duplicates to review.\n");
  return EXIT_SUCCESS;
}

/* What verifiers are given: the key in base64 and its fingerprint, to be
 * read out over the telephone and compared. */
int
cmd_county_key (int    argc,
                char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean make_new = FALSE;
  GOptionEntry entries[] = {
    { "new", 0, 0, G_OPTION_ARG_NONE, &make_new,
      "Make a new key (the old one is kept as county-sign.key.old); restart the server after", NULL },
    { NULL }
  };
  int status = 0;

  if (!parse ("county-key", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error ("county-key: unexpected argument “%s”", argv[1]);
  if ((county = open_county (&status)) == NULL)
    return status;
  if (!jz_county_is_initialised (county))
    return usage_error ("county-key: %s is not a county data directory; run init first", opt_data_dir);
  key = make_new ? jz_county_new_signing_key (county, &error) : jz_county_get_public_key (county, &error);
  if (key == NULL ||
      (bytes = jz_sign_public_from_base64 (key, &error)) == NULL)
    return fail (error);
  fingerprint = jz_sign_public_fingerprint (bytes);
  printf ("%s\nfingerprint %s\n", key, fingerprint);
  if (make_new)
    g_printerr ("juzhu-server: a new county key; restart the server, and give verifiers the new key "
                "(keep the old one too: papers printed before check against it)\n");
  return EXIT_SUCCESS;
}
