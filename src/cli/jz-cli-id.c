/* jz-cli-id.c — juzhu-cli id: citizen identity numbers
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli.h"
#include "jz-date.h"
#include "jz-id-card-reader.h"
#include "jz-id-number.h"
#include "jz-photo.h"

static const char id_help[] =
  N_("Usage: juzhu-cli id check NUMBER…\n"
     "       juzhu-cli id read PHOTO\n"
     "\n"
     "check: checks GB 11643 citizen identity numbers: length, province, birth\n"
     "date (not after --today) and check character.  15-digit numbers are\n"
     "converted to 18 digits.  Exit status 1 if any number is invalid.\n"
     "\n"
     "read: reads the ID number and the name off a photo (JPEG or PNG) of the\n"
     "side of an ID card with the portrait, offline.  A number is given only\n"
     "when its check character and birth date are right; the name is a guess.\n"
     "Check both against the card.  Exit status 1 if no number was read.\n");

/* The English word, for --json; the text output shows _() of it. */
static const char *
sex_name (JzSex sex)
{
  switch (sex)
    {
    case JZ_SEX_MALE:
      return N_("male");
    case JZ_SEX_FEMALE:
      return N_("female");
    case JZ_SEX_UNKNOWN:
    default:
      return N_("unknown");
    }
}

static JsonObject *
result_object (const char     *number,
               const JzIdInfo *info,
               const GError   *error)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "number", number);
  json_object_set_boolean_member (o, "valid", error == NULL);
  if (error == NULL)
    {
      g_autofree char *birth = jz_date_format (&info->birth_date);

      json_object_set_string_member (o, "normalized", info->normalized);
      json_object_set_string_member (o, "birth_date", birth);
      json_object_set_string_member (o, "sex", sex_name (info->sex));
      json_object_set_null_member (o, "error");
    }
  else
    {
      json_object_set_null_member (o, "normalized");
      json_object_set_null_member (o, "birth_date");
      json_object_set_null_member (o, "sex");
      json_object_set_string_member (o, "error", error->message);
    }
  return o;
}

static JsonNode *
id_check (JzCliRun  *run,
          GError   **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gboolean numbers_only = FALSE;
  gboolean all_valid = TRUE;

  /* No ID number starts with "-": anything that does is an option, and
   * the only one is --help.  After "--" everything is a number. */
  for (int i = 1; i < run->argc; i++)
    {
      const char *arg = run->argv[i];
      g_autoptr(GError) invalid = NULL;
      JzIdInfo info = { 0 };

      if (!numbers_only && strcmp (arg, "--") == 0)
        {
          numbers_only = TRUE;
          continue;
        }
      if (!numbers_only && (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0))
        {
          fputs (_(id_help), stdout);
          return NULL;
        }
      if (!numbers_only && arg[0] == '-' && arg[1] != '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: unknown option; try juzhu-cli id check --help"), arg);
          return NULL;
        }
      if (!jz_id_number_parse (arg, &run->cli->today, &info, &invalid))
        all_valid = FALSE;
      g_ptr_array_add (results, result_object (arg, &info, invalid));
    }

  if (results->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("id check: no ID number given; usage: juzhu-cli id check NUMBER…"));
      return NULL;
    }
  run->status = all_valid ? JZ_EXIT_OK : JZ_EXIT_NO;
  return jz_cli_list_node (results);
}

static void
id_check_print (JzCliRun *run,
                JsonNode *answer)
{
  JsonArray *results = json_node_get_array (answer);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *o = json_array_get_object_element (results, i);
      const char *number = json_object_get_string_member (o, "number");
      const char *normalized = json_object_get_string_member (o, "normalized");

      if (!json_object_get_boolean_member (o, "valid"))
        printf (_("%s invalid: %s\n"), number, json_object_get_string_member (o, "error"));
      /* Show the 18-digit form whenever it is not what was typed (lower-case
       * x, spaces, a 15-digit number), since that is the form to record. */
      else if (strcmp (number, normalized) != 0)
        printf (_("%s valid (born %s, %s, normalized %s)\n"), number,
                json_object_get_string_member (o, "birth_date"),
                _(json_object_get_string_member (o, "sex")), normalized);
      else
        printf (_("%s valid (born %s, %s)\n"), number, json_object_get_string_member (o, "birth_date"),
                _(json_object_get_string_member (o, "sex")));
    }
}

/* id read PHOTO: what the ID card reader makes of a photo */
static JsonNode *
id_read (JzCliRun  *run,
         GError   **error)
{
  const char *path = run->argv[1];
  g_autoptr(JzIdCardReader) reader = NULL;
  g_autoptr(JzIdCardReading) reading = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autofree char *why = NULL;
  g_autofree char *display = g_filename_display_name (path);
  JsonObject *o;

  if (!jz_id_card_reader_available (&why))
    {
      g_set_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_NO_OCR, "%s", why);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: no such file"), display);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is not a photo file"), display);
      return NULL;
    }
  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  reader = jz_id_card_reader_new ();
  reading = jz_id_card_reader_read (reader, bytes, display, NULL, error);
  if (reading == NULL)
    return NULL;

  o = json_object_new ();
  json_object_set_string_member (o, "id_number", reading->id_number);
  if (reading->id_number != NULL)
    {
      JzIdInfo info;
      g_autofree char *birth = NULL;

      /* the reader offered it only after this very check */
      jz_id_number_parse (reading->id_number, NULL, &info, NULL);
      birth = jz_date_format (&info.birth_date);
      json_object_set_string_member (o, "birth_date", birth);
      json_object_set_string_member (o, "sex", sex_name (info.sex));
    }
  else
    {
      json_object_set_null_member (o, "birth_date");
      json_object_set_null_member (o, "sex");
    }
  json_object_set_string_member (o, "name", reading->name);
  json_object_set_int_member (o, "refused", reading->refused);
  json_object_set_boolean_member (o, "glare", reading->glare);
  json_object_set_string_member (o, "side", reading->side == 1 ? "portrait" : reading->side == 2 ? "emblem" : NULL);
  run->status = reading->id_number != NULL ? JZ_EXIT_OK : JZ_EXIT_NO;

  return jz_cli_object_node (o);
}

static void
id_read_print (JzCliRun *run,
               JsonNode *answer)
{
  JsonObject *o = json_node_get_object (answer);
  const char *number = json_object_get_string_member (o, "id_number");
  const char *name = json_object_get_string_member (o, "name");
  const char *side = json_object_get_string_member (o, "side");

  if (number == NULL)
    {
      if (g_strcmp0 (side, "emblem") == 0)
        puts (_("No ID number: this is the side with the national emblem (国徽面). "
                "Photograph the side with the portrait (人像面)."));
      else if (json_object_get_boolean_member (o, "glare"))
        puts (_("No ID number could be read: a glare hides part of the card. Tilt the card or the camera "
                "away from the light and photograph it again, or type the number."));
      else if (json_object_get_int_member (o, "refused") > 0)
        puts (_("No ID number could be read for certain: a reading was refused by its check "
                "character. Photograph the card again, flat, in even light, or type the number."));
      else
        puts (_("No ID number was found on the photo. Photograph the side with the portrait, "
                "filling the frame, or type the number."));
      return;
    }
  printf (_("ID number: %s (born %s, %s)\n"), number, json_object_get_string_member (o, "birth_date"),
          _(json_object_get_string_member (o, "sex")));
  if (name != NULL)
    printf (_("Name: %s\n"), name);
  else
    puts (_("Name: not read"));
  puts (_("Read from a photo: check both against the card before using them."));
}

static const JzCliCommand id_commands[] = {
  { .name = "check", .flags = JZ_CLI_OWN_ARGS, .run = id_check, .print = id_check_print },
  { .name = "read", .parameters = "PHOTO",
    .summary = N_("read the ID number and the name off a photo of an ID card"),
    .min_args = 1, .max_args = 1, .args_hint = N_("give the photo of the card's portrait side"),
    .run = id_read, .print = id_read_print },
  { NULL }
};

const JzCliGroup jz_cli_id_group = { "id", N_("check citizen ID numbers"), id_help, id_commands };
