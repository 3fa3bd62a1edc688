/* jz-cli-verify.c — juzhu-cli verify: is a printed paper genuine?
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code is checked offline against the county's public key (this
 * device's county's, kept by a sync, and any given with --county-key);
 * docs/papers.md.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli.h"
#include "jz-cli-context.h"
#include "jz-id-number.h"
#include "jz-photo.h"
#include "jz-qr.h"

typedef struct
{
  char  *photo;
  char **county_keys;
} VerifyOptions;

static const VerifyOptions verify_defaults = { NULL, NULL };

static const GOptionEntry verify_options[] = {
  JZ_CLI_OPTION ("photo", 'p', G_OPTION_ARG_FILENAME, VerifyOptions, photo,
                 N_("Read the QR code off this photo of the paper (JPEG or PNG)"), "FILE"),
  JZ_CLI_OPTION ("county-key", 'k', G_OPTION_ARG_STRING_ARRAY, VerifyOptions, county_keys,
                 N_("Also trust this county's public key (base64, or a file holding it; repeatable)"), "KEY"),
  { NULL }
};

/* A key given on the command line: the key itself, or a file whose first
 * line is it (as juzhu-server county-key prints it). */
static GBytes *
county_key_arg (const char  *arg,
                GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *key;

  if (g_file_test (arg, G_FILE_TEST_IS_REGULAR))
    {
      char *nl;

      if (!g_file_get_contents (arg, &text, NULL, error))
        return NULL;
      if ((nl = strchr (text, '\n')) != NULL)
        *nl = '\0';
    }
  key = jz_sign_public_from_base64 (text != NULL ? text : arg, &local_error);
  if (key == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--county-key %s: %s", arg,
                 local_error->message);
  return key;
}

/* The code: the argument, a line of standard input ("-", as a scanner
 * types it), or the QR code of --photo. */
static char *
code_of (JzCliRun       *run,
         VerifyOptions  *o,
         GError        **error)
{
  if (o->photo != NULL)
    {
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *display = g_filename_display_name (o->photo);

      if (!g_file_test (o->photo, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is not a photo file"), display);
          return NULL;
        }
      if ((file = g_mapped_file_new (o->photo, FALSE, error)) == NULL)
        return NULL;
      bytes = g_mapped_file_get_bytes (file);
      return jz_qr_read_one (bytes, display, JZ_PAPER_CODE_PREFIX, error);
    }
  if (g_str_equal (run->argv[1], "-"))
    {
      char line[JZ_PAPER_CODE_MAX + 4];

      if (fgets (line, sizeof line, stdin) == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("no code on standard input"));
          return NULL;
        }
      return g_strdup (line);
    }
  return g_strdup (run->argv[1]);
}

static gboolean
verify_check (JzCliRun  *run,
              GError   **error)
{
  VerifyOptions *o = run->options;

  if ((o->photo != NULL) == (run->argc > 1))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           o->photo != NULL ? _("give the code, or --photo FILE of the paper, not both")
                                            : _("give the code (\"-\" for a line of standard input), or "
                                                "--photo FILE of the paper"));
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
verify_run (JzCliRun  *run,
            GError   **error)
{
  VerifyOptions *o = run->options;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) refused = NULL;
  g_autoptr(JzPaper) paper = NULL;
  g_autofree char *code = NULL;
  g_autofree char *person = NULL;
  gboolean differs = FALSE;
  JsonObject *out;

  for (guint i = 0; o->county_keys != NULL && o->county_keys[i] != NULL; i++)
    {
      GBytes *key = county_key_arg (o->county_keys[i], error);

      if (key == NULL)
        return NULL;
      g_ptr_array_add (keys, key);
    }
  if ((code = code_of (run, o, error)) == NULL)
    return NULL;

  paper = jz_registry_paper_verify (run->ctx->registry, code, keys, run->cli->author, &person, &differs,
                                    &refused);
  out = json_object_new ();
  if (paper == NULL)
    {
      /* a store that cannot be read, or no key to check with, is an
       * error; a code refused is an answer */
      if (refused->domain != JZ_PAPER_ERROR || refused->code == JZ_PAPER_ERROR_NO_COUNTY_KEY)
        {
          json_object_unref (out);
          g_propagate_error (error, g_steal_pointer (&refused));
          return NULL;
        }
      json_object_set_boolean_member (out, "genuine", FALSE);
      json_object_set_string_member (out, "reason",
                                     refused->code == JZ_PAPER_ERROR_NOT_A_CODE ? "not_a_code" :
                                     refused->code == JZ_PAPER_ERROR_DAMAGED ? "damaged" :
                                     refused->code == JZ_PAPER_ERROR_UNKNOWN_COUNTY ? "unknown_county" :
                                     refused->code == JZ_PAPER_ERROR_EXPIRED ? "expired" :
                                     refused->code == JZ_PAPER_ERROR_REVOKED ? "revoked" : "forged");
      json_object_set_string_member (out, "message", refused->message);
      run->status = JZ_EXIT_NO;
      return jz_cli_object_node (out);
    }
  {
    g_autoptr(GBytes) county = jz_sign_public_from_base64 (paper->county_key, NULL);
    g_autofree char *fingerprint = jz_sign_public_fingerprint (county);
    static const char *const kinds[] = { NULL, "certificate", "notice", "receipt",
                                         "accommodation_proof", "employment_proof" };
    static const char *const roles[] = { NULL, "station", "landlord", "employer" };
    g_autofree char *signer = jz_registry_paper_signer (paper);

    json_object_set_boolean_member (out, "genuine", TRUE);
    json_object_set_string_member (out, "kind", kinds[paper->kind]);
    json_object_set_string_member (out, "number", paper->number);
    json_object_set_string_member (out, "date", paper->date);
    json_object_set_string_member (out, "holder", paper->holder);
    json_object_set_string_member (out, "id_number", paper->id_masked);
    json_object_set_string_member (out, "record", paper->record);
    json_object_set_string_member (out, "station", paper->station);
    json_object_set_string_member (out, "area", paper->area);
    json_object_set_string_member (out, "role", roles[paper->role]);
    json_object_set_string_member (out, "station_from", paper->station_from);
    json_object_set_string_member (out, "station_until", paper->station_until);
    json_object_set_string_member (out, "signer", signer);
    json_object_set_string_member (out, "record_here", person != NULL ? "same" : differs ? "differs" : "absent");
    json_object_set_string_member (out, "county_key", fingerprint);
    json_object_set_string_member (out, "person", person);
    json_object_set_int_member (out, "kind_code", paper->kind);
  }
  return jz_cli_object_node (out);
}

static void
verify_print (JzCliRun *run,
              JsonNode *answer)
{
  JsonObject *o = json_node_get_object (answer);
  const char *person;

  if (!json_object_get_boolean_member (o, "genuine"))
    {
      printf (_("NOT GENUINE: %s\n"), json_object_get_string_member (o, "message"));
      return;
    }
  printf (_("Genuine: %s No. %s, issued %s\n"),
          jz_registry_paper_kind_label ((JzPaperKind) json_object_get_int_member (o, "kind_code")),
          json_object_get_string_member (o, "number"), json_object_get_string_member (o, "date"));
  printf (_("  Holder     %s, ID number %s\n"), json_object_get_string_member (o, "holder"),
          json_object_get_string_member (o, "id_number"));
  printf (_("  Signed by  %s; county key %s\n"), json_object_get_string_member (o, "signer"),
          json_object_get_string_member (o, "county_key"));
  person = json_object_get_string_member (o, "person");
  if (person != NULL)
    printf (_("  Record     on this device: juzhu-cli person show %s\n"), person);
  else if (g_str_equal (json_object_get_string_member (o, "record_here"), "differs"))
    puts (_("  Record     on this device, but it names another holder: the paper was made for another "
            "record, or the record changed since. Ask the office that issued it."));
  else
    puts (_("  Record     not on this device (another committee's, or not yet synced)"));
  puts (_("Compare the name and the ID number with the paper and with the holder's ID card."));
}

static const JzCliCommand verify_command[] = {
  { .name = "verify", .parameters = "[CODE | -]",
    .summary = N_("Checks a printed paper's QR code offline: that the county certified the station\n"
                  "that signed it, and that nothing in it was changed. Give the code (as a\n"
                  "scanner types it; \"-\" reads a line from standard input) or --photo FILE.\n"
                  "Exit status 1 when the paper is not genuine."),
    .min_args = 0, .max_args = 1, .args_hint = N_("give the code, or --photo FILE"),
    .flags = JZ_CLI_STORE, .options_size = sizeof (VerifyOptions),
    .options_defaults = &verify_defaults, .options = verify_options,
    .check = verify_check, .run = verify_run, .print = verify_print },
  { NULL }
};

const JzCliGroup jz_cli_verify_group = {
  "verify", N_("check a printed paper's QR code"), NULL, verify_command,
};
