/* juzhu-server.c — the county server and its administration commands
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One binary: `serve` runs the HTTP server (docs/sync-protocol.md), the
 * other commands administer the same data directory, also while the
 * server runs (docs/server.md). Exit status: 0 done, 1 the command
 * failed, 2 the command line is wrong.
 */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "jz-county.h"
#include "jz-date.h"
#include "jz-divisions.h"
#include "jz-id-number.h"
#include "jz-server.h"
#include "jz-text.h"
#include "juzhu-server-cmd.h"

char *opt_data_dir = NULL;

static const char usage_text[] =
  "Usage: juzhu-server COMMAND --data-dir DIR [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  serve [--listen 127.0.0.1:8470] [--tls-cert F --tls-key F] [--profile P]\n"
  "  init [--profile P] [--county AREA] [--database postgresql://…]\n"
  "  user add NAME --role committee|county --area AREA [--real-name STATION]\n"
  "  user add NAME --role landlord|employer --area AREA --identity ID --real-name NAME\n"
  "  user list\n"
  "  enrol-code USER [--hours H]\n"
  "  device list\n"
  "  device revoke DEVICE [--purge]\n"
  "  refdata import [--divisions FILE.csv] [--holidays FILE.json]\n"
  "  conflicts\n"
  "  duplicates\n"
  "  compact [--inactive-days N]\n"
  "  new-epoch                     after restoring a backup, with the server stopped\n"
  "  export [--format csv|jsonl] [--since YYYY-MM-DD] [--encoding utf-8|gb18030] [--out FILE]\n"
  "  report --month YYYY-MM [--format text|csv|json] [--json]\n"
  "  county-key [--new]            the key papers' QR codes are checked against\n"
  "  --version\n"
  "\n"
  "See docs/server.md.\n";

int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("juzhu-server: %s\n(juzhu-server --help for usage)\n", message);
  return EXIT_USAGE;
}

int
fail (const GError *error)
{
  g_printerr ("juzhu-server: %s\n", error->message);
  return EXIT_FAILURE;
}

/* Parses the options of one command; --data-dir is common to all. */
gboolean
parse (const char    *command,
       GOptionEntry  *entries,
       int           *argc,
       char        ***argv,
       int           *status)
{
  GOptionEntry common[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data_dir, "The server's data directory", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (command);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, common, NULL);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error ("%s: %s", command, error->message);
      return FALSE;
    }
  if (opt_data_dir == NULL)
    {
      *status = usage_error ("%s: say which data directory: --data-dir DIR", command);
      return FALSE;
    }
  return TRUE;
}

JzCounty *
open_county (int *status)
{
  g_autoptr(GError) error = NULL;
  JzCounty *county = jz_county_open (opt_data_dir, &error);

  if (county == NULL)
    *status = fail (error);
  return county;
}

/* ---- serve --------------------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  JzServer  *server;
  guint      poll_id;
  gint64     deadline;
} Shutdown;

static gboolean
shutdown_poll (gpointer data)
{
  Shutdown *s = data;

  if (jz_server_get_in_flight (s->server) > 0 && g_get_monotonic_time () < s->deadline)
    return G_SOURCE_CONTINUE;
  s->poll_id = 0;
  g_main_loop_quit (s->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  Shutdown *s = data;

  if (s->poll_id != 0)
    return G_SOURCE_CONTINUE;
  g_printerr ("juzhu-server: shutting down; finishing %u request(s)\n",
              jz_server_get_in_flight (s->server));
  jz_server_begin_shutdown (s->server);
  s->deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  s->poll_id = g_timeout_add (20, shutdown_poll, s);
  return G_SOURCE_CONTINUE;
}

static int
not_a_data_dir (void)
{
  g_printerr ("juzhu-server: %s is not a Juzhu county data directory; "
              "run juzhu-server init --data-dir %s --profile P first\n",
              opt_data_dir, opt_data_dir);
  return EXIT_FAILURE;
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *profile = NULL;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port (default 127.0.0.1:8470; port 0 picks one)", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file, "PEM certificate for HTTPS", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, "PEM private key for HTTPS", "FILE" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, "The county's rules profile (stored)", "PROFILE" },
    { NULL }
  };
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(JzServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *database = NULL;
  Shutdown shutdown = { 0 };
  guint term_id, int_id;
  int status = 0;

  if (!parse ("serve", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error ("serve: unexpected argument “%s”", argv[1]);
  if ((cert_file == NULL) != (key_file == NULL))
    return usage_error ("serve: HTTPS needs both --tls-cert and --tls-key");

  if (cert_file != NULL)
    {
      certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
      if (certificate == NULL)
        {
          g_prefix_error (&error, "--tls-cert %s / --tls-key %s: ", cert_file, key_file);
          return fail (error);
        }
    }

  /* Never make a data directory here: a mistyped --data-dir would serve an
   * empty county with a profile nobody chose. */
  db_path = g_build_filename (opt_data_dir, "county.db", NULL);
  database = g_build_filename (opt_data_dir, JZ_COUNTY_DATABASE_FILE, NULL);
  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR) && !g_file_test (database, G_FILE_TEST_IS_REGULAR))
    return not_a_data_dir ();
  if ((county = open_county (&status)) == NULL)
    return status;
  if (!jz_county_is_initialised (county))
    return not_a_data_dir ();
  if (profile != NULL && !jz_county_setup (county, profile, NULL, &error))
    return fail (error);

  server = jz_server_new (county, opt_data_dir, &error);
  if (server == NULL || !jz_server_listen (server, listen ? listen : "127.0.0.1:8470", certificate, &error))
    return fail (error);

  url = jz_server_get_url (server);
  printf ("listening on %s\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  shutdown.loop = loop;
  shutdown.server = server;
  term_id = g_unix_signal_add (SIGTERM, on_signal, &shutdown);
  int_id = g_unix_signal_add (SIGINT, on_signal, &shutdown);
  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);

  jz_server_disconnect (server);
  g_printerr ("juzhu-server: stopped\n");
  return EXIT_SUCCESS;
}

/* ---- administration ------------------------------------------------------ */

static int
cmd_init (int    argc,
          char **argv)
{
  g_autofree char *profile = NULL;
  g_autofree char *area = NULL;
  g_autofree char *database = NULL;
  GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, "Rules profile: national-2016, jilin-2016, …", "PROFILE" },
    { "county", 0, 0, G_OPTION_ARG_STRING, &area, "The county's division code", "AREA" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database,
      "A PostgreSQL database instead of county.db (a libpq connection string)", "URI" },
    { NULL }
  };
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *stored_area = NULL;
  int status = 0;

  if (!parse ("init", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error ("init: unexpected argument “%s”", argv[1]);
  if (database != NULL && !jz_county_use_database (opt_data_dir, database, &error))
    return fail (error);
  if ((county = open_county (&status)) == NULL)
    return status;
  if (!jz_county_setup (county, profile, area, &error))
    return fail (error);
  stored = jz_county_get_profile (county);
  stored_area = jz_county_get_area (county);
  printf ("Data directory %s is ready: profile %s, county %s.\n", opt_data_dir, stored,
          stored_area ? stored_area : "(not set)");
  return EXIT_SUCCESS;
}

static int
cmd_user (int    argc,
          char **argv)
{
  g_autofree char *role = NULL;
  g_autofree char *area = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *real_name = NULL;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "committee, landlord, employer or county", "ROLE" },
    { "area", 0, 0, G_OPTION_ARG_STRING, &area, "Division code of the user's area", "AREA" },
    { "identity", 0, 0, G_OPTION_ARG_STRING, &identity,
      "A landlord's or employer's ID number or unified social credit code", "ID" },
    { "real-name", 0, 0, G_OPTION_ARG_STRING, &real_name,
      "The name the user's documents carry: a landlord's or employer's, a station's", "NAME" },
    { NULL }
  };
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse ("user", entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error ("user: say add or list");

  if (g_str_equal (argv[1], "add"))
    {
      if (argc != 3)
        return usage_error ("user add: give one NAME, then --role ROLE --area AREA");
      if (role == NULL || area == NULL)
        return usage_error ("user add: --role and --area are required");
      if ((county = open_county (&status)) == NULL)
        return status;
      if (!jz_county_user_add (county, argv[2], role, area, identity, real_name, &error))
        return fail (error);
      if (identity != NULL)
        printf ("Added user %s (%s %s, area %s): sees the persons whose registrations name it.\n",
                argv[2], role, real_name, area);
      else if (real_name != NULL)
        printf ("Added user %s (%s %s, area %s).\n", argv[2], role, real_name, area);
      else
        printf ("Added user %s (%s, area %s).\n", argv[2], role, area);
      return EXIT_SUCCESS;
    }
  if (g_str_equal (argv[1], "list"))
    {
      g_autoptr(GPtrArray) users = NULL;

      if (argc != 2)
        return usage_error ("user list: unexpected argument “%s”", argv[2]);
      if ((county = open_county (&status)) == NULL)
        return status;
      if ((users = jz_county_user_list (county, &error)) == NULL)
        return fail (error);
      printf ("%-20s %-10s %-12s %-8s %-20s %s\n", "USER", "ROLE", "AREA", "DEVICES", "CREATED", "IDENTITY");
      for (guint i = 0; i < users->len; i++)
        {
          JsonObject *u = users->pdata[i];
          const char *id = json_object_get_string_member_with_default (u, "identity", NULL);
          /* a person's ID number is masked in a list; a credit code is public */
          g_autofree char *shown = id == NULL ? g_strdup ("-") : jz_party_id_mask (id);
          const char *named = json_object_get_string_member_with_default (u, "real_name", NULL);
          g_autofree char *who = id != NULL ? g_strdup_printf ("%s %s", named ? named : "", shown)
                                            : g_strdup (named ? named : "-");

          printf ("%-20s %-10s %-12s %-8" G_GINT64_FORMAT " %-20s %s\n",
                  json_object_get_string_member (u, "name"),
                  json_object_get_string_member (u, "role"),
                  json_object_get_string_member (u, "area"),
                  json_object_get_int_member (u, "devices"),
                  json_object_get_string_member_with_default (u, "created", "-"), who);
        }
      if (users->len == 0)
        printf ("(no users; add one with juzhu-server user add)\n");
      return EXIT_SUCCESS;
    }
  return usage_error ("user: unknown subcommand “%s”; use add or list", argv[1]);
}

static int
cmd_enrol_code (int    argc,
                char **argv)
{
  int hours = 0;
  GOptionEntry entries[] = {
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, "How long the code is good for (default 24)", "H" },
    { NULL }
  };
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  int status = 0;

  if (!parse ("enrol-code", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error ("enrol-code: give one USER");
  if (hours < 0)
    return usage_error ("enrol-code: --hours must be positive");
  if ((county = open_county (&status)) == NULL)
    return status;
  code = jz_county_enrol_code_new (county, argv[1], (guint) hours, &error);
  if (code == NULL)
    return fail (error);
  printf ("%s\n", code);
  g_printerr ("One-time enrolment code for %s, good for %d hours.\n", argv[1], hours ? hours : 24);
  return EXIT_SUCCESS;
}

const char *
str_or_dash (JsonObject *o,
             const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "-";
  return json_node_get_string (node);
}

static int
cmd_device (int    argc,
            char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  gboolean purge = FALSE;
  GOptionEntry entries[] = {
    { "purge", 0, 0, G_OPTION_ARG_NONE, &purge,
      "device revoke: also have the device delete its data at its next contact "
      "(a lost or stolen tablet)", NULL },
    { NULL }
  };
  int status = 0;

  if (!parse ("device", entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error ("device: say list or revoke");

  if (g_str_equal (argv[1], "list"))
    {
      g_autoptr(GPtrArray) devices = NULL;

      if (argc != 2)
        return usage_error ("device list: unexpected argument “%s”", argv[2]);
      if ((county = open_county (&status)) == NULL)
        return status;
      if ((devices = jz_county_device_list (county, &error)) == NULL)
        return fail (error);
      if (purge)
        return usage_error ("device list: --purge is an option of device revoke");
      printf ("%-36s %-16s %-20s %-20s %-20s %-20s %-20s %s\n", "DEVICE", "USER", "NAME", "ENROLLED",
              "LAST SEEN", "REVOKED", "PURGE ORDERED", "PURGED");
      for (guint i = 0; i < devices->len; i++)
        {
          JsonObject *d = devices->pdata[i];

          /* A device named itself: printed escaped, one line, at most 64
           * characters (older databases kept whatever was sent). */
          g_autofree char *clean = jz_text_sanitise (str_or_dash (d, "name"), 64);
          g_autofree char *name = jz_text_escape (clean, -1);

          printf ("%-36s %-16s %-20s %-20s %-20s %-20s %-20s %s\n",
                  str_or_dash (d, "device"), str_or_dash (d, "user"), *name ? name : "-",
                  str_or_dash (d, "enrolled"), str_or_dash (d, "last_seen"), str_or_dash (d, "revoked"),
                  str_or_dash (d, "purge_ordered"), str_or_dash (d, "purged"));
        }
      if (devices->len == 0)
        printf ("(no devices enrolled)\n");
      return EXIT_SUCCESS;
    }
  if (g_str_equal (argv[1], "revoke"))
    {
      if (argc != 3)
        return usage_error ("device revoke: give one DEVICE id (see device list)");
      if ((county = open_county (&status)) == NULL)
        return status;
      if (!jz_county_device_revoke (county, argv[2], purge, &error))
        return fail (error);
      if (purge)
        printf ("Revoked device %s with a purge: at its next contact it deletes its records, "
                "photos, drafts and token, and says so (device list: PURGED).\n", argv[2]);
      else
        printf ("Revoked device %s; its token is refused from now on.\n", argv[2]);
      return EXIT_SUCCESS;
    }
  return usage_error ("device: unknown subcommand “%s”; use list or revoke", argv[1]);
}

/* ---- compact -------------------------------------------------------------- */

/* The registrations for the provincial system (docs/server.md, "Export"). */
static int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL, *since = NULL, *encoding = NULL, *out = NULL;
  guint rows = 0;
  int status = 0;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv (the default) or jsonl", "FORMAT" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, "Only what changed from this day on (UTC)", "YYYY-MM-DD" },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, "utf-8 (the default) or gb18030, for CSV", "ENC" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "The file (made 0600); standard output without it", "FILE" },
    { NULL }
  };

  if (!parse ("export", entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error ("export: unexpected argument “%s”", argv[1]);
  if ((county = open_county (&status)) == NULL)
    return status;
  if (!jz_county_is_initialised (county))
    return not_a_data_dir ();
  if (!jz_server_export (county, format, since, encoding, out, &rows, &error))
    return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE)
           ? usage_error ("export: %s", error->message) : fail (error);
  g_printerr ("juzhu-server: exported %u registration(s)%s%s\n", rows, out ? " to " : "", out ? out : "");
  return EXIT_SUCCESS;
}

/* A month's figures per committee (docs/server.md, "Reports"). */
static int
cmd_report (int    argc,
            char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *month = NULL, *format = NULL, *today_text = NULL, *text = NULL;
  gboolean json = FALSE;
  int status = 0;
  GDate today;
  GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, "The month", "YYYY-MM" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "text (the default), csv or json", "FORMAT" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "The same as --format json", NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, "The day taken as today (JUZHU_TODAY)", "YYYY-MM-DD" },
    { NULL }
  };

  if (!parse ("report", entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error ("report: unexpected argument “%s”", argv[1]);
  if (month == NULL)
    return usage_error ("report: --month YYYY-MM is needed");
  if (json)
    format = (g_free (format), g_strdup ("json"));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return usage_error ("report: --format: “%s” is not text, csv or json", format);
  if (!jz_date_resolve_today (today_text, &today, &error))
    return usage_error ("report: --today: %s", error->message);
  if ((county = open_county (&status)) == NULL)
    return status;
  if (!jz_county_is_initialised (county))
    return not_a_data_dir ();
  report = jz_server_report (county, opt_data_dir, month, &today, &error);
  if (report == NULL)
    return g_error_matches (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID)
           ? usage_error ("report: %s", error->message) : fail (error);
  text = jz_server_report_format (report, format);
  fputs (text, stdout);
  return EXIT_SUCCESS;
}

/* After a restore: devices that synced past the backup send again what the
 * database lacks, and pull again (jz-county-epoch.c). */
static int
cmd_new_epoch (int    argc,
               char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *epoch = NULL;
  int status = 0;

  if (!parse ("new-epoch", NULL, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error ("new-epoch: unexpected argument “%s”", argv[1]);
  if ((county = open_county (&status)) == NULL)
    return status;
  if (!jz_county_is_initialised (county))
    return not_a_data_dir ();
  if ((epoch = jz_county_new_epoch (county, &error)) == NULL)
    return fail (error);
  printf ("New epoch %s.\n", epoch);
  printf ("At their next sync, devices send again what this database lacks and pull again; "
          "start the server now. Devices enrolled or revoked after the backup was taken are "
          "as the backup has them.\n");
  return EXIT_SUCCESS;
}

static int
cmd_compact (int    argc,
             char **argv)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  JzCountyCompaction done;
  int days = 30, status = 0;
  GOptionEntry entries[] = {
    { "inactive-days", 0, 0, G_OPTION_ARG_INT, &days,
      "A device not seen for this many days no longer holds the feed (default 30)", "N" },
    { NULL }
  };

  if (!parse ("compact", entries, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error ("compact: unexpected argument “%s”", argv[1]);
  if (days < 0 || days > 3650)
    return usage_error ("compact: --inactive-days must be between 0 and 3650");
  if ((county = open_county (&status)) == NULL)
    return status;
  if (!jz_county_is_initialised (county))
    return not_a_data_dir ();
  if (!jz_county_compact (county, (gint64) days * 24 * 3600 * 1000, &done, &error))
    return fail (error);
  printf ("The feed is compacted up to %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
          " (%" G_GUINT64_FORMAT " rows removed now).\n", done.horizon, done.top, done.removed);
  if (done.active_devices > 0)
    printf ("%u device(s) seen in the last %d days hold it there.\n", done.active_devices, days);
  else
    printf ("No device has pulled in the last %d days.\n", days);
  printf ("A device behind it starts again from a snapshot after pushing its own changes; "
          "the change sets themselves are all kept.\n");
  return EXIT_SUCCESS;
}

static int
cmd_refdata (int    argc,
             char **argv)
{
  g_autofree char *divisions = NULL, *holidays = NULL, *said = NULL;
  GOptionEntry entries[] = {
    { "divisions", 0, 0, G_OPTION_ARG_FILENAME, &divisions, "A GB/T 2260 list of code,name rows", "FILE.csv" },
    { "holidays", 0, 0, G_OPTION_ARG_FILENAME, &holidays, "A year's holiday calendar", "FILE.json" },
    { NULL }
  };
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse ("refdata", entries, &argc, &argv, &status))
    return status;
  if (argc != 2 || !g_str_equal (argv[1], "import"))
    return usage_error ("refdata: use refdata import --divisions FILE.csv or --holidays FILE.json");
  if (divisions == NULL && holidays == NULL)
    return usage_error ("refdata import: say what to import: --divisions FILE.csv, --holidays FILE.json");
  if ((county = open_county (&status)) == NULL)
    return status;
  if ((said = jz_server_import_refdata (county, divisions, holidays, &error)) == NULL)
    return fail (error);
  fputs (said, stdout);
  return EXIT_SUCCESS;
}



int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (int, char **);
  } commands[] = {
    { "serve", cmd_serve },
    { "init", cmd_init },
    { "user", cmd_user },
    { "enrol-code", cmd_enrol_code },
    { "device", cmd_device },
    { "refdata", cmd_refdata },
    { "conflicts", cmd_conflicts },
    { "duplicates", cmd_duplicates },
    { "compact", cmd_compact },
    { "new-epoch", cmd_new_epoch },
    { "export", cmd_export },
    { "report", cmd_report },
    { "county-key", cmd_county_key },
  };
  int status;

  setlocale (LC_ALL, "");
  g_log_set_writer_func (jz_server_log_writer, NULL, NULL);
  /* SQLite's memory statistics take a global mutex on every malloc and
   * free; the server never reads them. Must precede any other use. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  if (argc < 2)
    {
      g_printerr ("%s", usage_text);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("juzhu-server %s (sync protocol 1)\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      printf ("%s", usage_text);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        status = commands[i].run (argc - 1, argv + 1);
        g_clear_pointer (&opt_data_dir, g_free);
        return status;
      }

  return usage_error ("unknown command “%s”", argv[1]);
}
