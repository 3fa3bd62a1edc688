/* jz-cli-sync.c — juzhu-cli enrol, sync, status, rejected, photo fetch and gc:
 * this device and its county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"
#include "jz-id-number.h"
#include "jz-keyring.h"
#include "jz-photo.h"
#include "jz-sync-client.h"

/* A failed sync is an answer (exit 1): the network, the server or the
 * device's access said no. The store failing is still 3. */
static int
sync_error (JzCli        *cli,
            const GError *error)
{
  if (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CERTIFICATE))
    {
      int status = jz_cli_fail (cli, JZ_EXIT_NO, error);
      const char *ca = g_getenv ("JUZHU_CA_FILE");

      if (ca == NULL || *ca == '\0')
        g_printerr (_("If the county server uses its own certificate, give it to juzhu-cli: "
                      "JUZHU_CA_FILE=/path/to/county-ca.pem\n"));
      return status;
    }
  if (error->domain == JZ_SYNC_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return jz_cli_fail (cli, JZ_EXIT_NO, error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    return jz_cli_fail (cli, JZ_EXIT_USAGE, error);
  return jz_cli_error (cli, error);
}

/* The Juzhu app keeps a data directory's token in the keyring and removes
 * DATA_DIR/token; the CLI finds it there too when the keyring can be
 * reached (a desktop session). NULL when there is a token file (the client
 * reads it), no server, or no keyring: the device then counts as not
 * enrolled. */
static char *
keyring_token (JzCliContext *ctx)
{
  g_autofree char *file = g_build_filename (ctx->cli->data_dir, "token", NULL);
  g_autofree char *server = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  if (g_file_test (file, G_FILE_TEST_EXISTS))
    return NULL;
  server = jz_store_get_meta (ctx->store, "sync_server", NULL);
  if (server == NULL)
    return NULL;
  token = jz_keyring_lookup_sync (server, ctx->cli->data_dir, &error);
  if (error != NULL)
    g_debug ("keyring: %s", error->message);
  return token;
}

static void
use_keyring_token (JzCliContext *ctx,
                   JzSyncClient *client)
{
  g_autofree char *token = keyring_token (ctx);

  if (token != NULL)
    jz_sync_client_set_token (client, token);
}

static JzSyncClient *
new_client (JzCliContext *ctx)
{
  g_autoptr(JzPhotoStore) photos = jz_photo_store_new (ctx->cli->data_dir);
  JzSyncClient *client = jz_sync_client_new (ctx->store, photos);
  const char *ca = g_getenv ("JUZHU_CA_FILE");
  const char *retry = g_getenv ("JUZHU_SYNC_RETRY_MS");

  if (ca != NULL && *ca != '\0')
    jz_sync_client_set_ca_file (client, ca);
  use_keyring_token (ctx, client);
  /* Tests make the backoff short; people never need to. */
  if (retry != NULL && *retry != '\0')
    jz_sync_client_set_retry_base (client, (guint) g_ascii_strtoull (retry, NULL, 10));
  return client;
}

static char *
megabytes (guint64 bytes)
{
  return g_strdup_printf ("%.1f MB", bytes / 1e6);
}

int
jz_cli_enrol (JzCli  *cli,
              int     argc,
              char  **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server, N_("The county server, e.g. https://juzhu.county.example"), "URL" },
    { "code", 'c', 0, G_OPTION_ARG_STRING, &code, N_("The one-time enrolment code from county IT"), "CODE" },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("A name for this device (default: the host name)"), "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("enrol", NULL,
                           _("Enrols this data directory with the county server, using a one-time\n"
                             "code (county IT: juzhu-server enrol-code USER). The server says who\n"
                             "the user is, their role and area, and the rules profile. The token is\n"
                             "kept in DATA_DIR/token, readable by its owner only."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JzSyncClient) client = NULL;
  g_autoptr(JsonObject) answer = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "enrol: %s", error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("enrol: unexpected argument “%s”"), argv[1]);
  if (server == NULL || code == NULL)
    return jz_cli_usage_error (cli, _("enrol: give --server URL and --code CODE"));

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  client = new_client (ctx);
  answer = jz_sync_client_enrol (client, server, code, name, NULL, &error);
  if (answer == NULL)
    return sync_error (cli, error);

  if (cli->json)
    jz_cli_print_object (answer);
  else
    printf (_("Enrolled with %s as %s (%s, area %s).\nRules: %s\nThis device: %s\n"),
            jz_cli_str (answer, "server"), jz_cli_str (answer, "user") ?: "?",
            jz_cli_str (answer, "role") ?: "?", jz_cli_str (answer, "area") ?: "?",
            jz_cli_str (answer, "profile") ?: "?", jz_cli_str (answer, "site"));
  if (!cli->json && jz_cli_str (answer, "identity") != NULL)
    {
      const char *identity = jz_cli_str (answer, "identity");
      g_autofree char *shown = jz_party_id_mask (identity);

      /* Translators: a landlord's or employer's name, then its masked ID number or credit code */
      printf (_("Files and sees the persons who name %s (%s).\n"), jz_cli_str (answer, "real_name") ?: "?", shown);
    }
  return JZ_EXIT_OK;
}

typedef struct
{
  JzCli   *cli;
  guint    phase;
  guint64  done;
} Printer;

static void
on_progress (JzSyncClient *client,
             guint         phase,
             guint64       done,
             guint64       total,
             guint64       bytes_done,
             guint64       bytes_total,
             gpointer      user_data)
{
  Printer *p = user_data;

  /* A line when a count moves, not for every chunk of a photo. */
  if (p->cli->json || (phase == p->phase && done == p->done))
    return;
  p->phase = phase;
  p->done = done;

  if (phase == JZ_SYNC_PHASE_PHOTOS)
    {
      g_autofree char *mb = megabytes (bytes_done);

      printf ("photos %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " (%s)\n", done, total, mb);
    }
  else if (total > 0)
    printf ("%s %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "\n", jz_sync_phase_name (phase), done, total);
  else
    printf ("%s %" G_GUINT64_FORMAT "\n", jz_sync_phase_name (phase), done);
  fflush (stdout);
}

static int print_status (JzCli *cli, JzCliContext *ctx);

int
jz_cli_sync (JzCli  *cli,
             int     argc,
             char  **argv)
{
  gboolean status = FALSE;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_NONE, &status, N_("Only show the enrolment and what is waiting"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("sync", NULL,
                           _("Sends this device's saved changes to the county server and brings\n"
                             "back what others changed: photos first, then the changes, then the\n"
                             "others' changes. Safe to interrupt and to run again: it continues\n"
                             "where it stopped. Exit status 1 when the server refused some\n"
                             "changes (see juzhu-cli rejected) or the sync failed."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JzSyncClient) client = NULL;
  g_autoptr(JzSyncSummary) summary = NULL;
  g_autofree char *server = NULL;
  Printer printer = { cli, G_MAXUINT, 0 };

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "sync: %s", error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("sync: unexpected argument “%s”"), argv[1]);

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  if (status)
    return print_status (cli, ctx);

  client = new_client (ctx);
  g_signal_connect (client, "progress", G_CALLBACK (on_progress), &printer);
  summary = jz_sync_client_sync (client, NULL, &error);
  if (summary == NULL)
    return sync_error (cli, error);
  server = jz_store_get_meta (ctx->store, "sync_server", NULL);

  if (cli->json)
    {
      g_autoptr(JsonObject) out = jz_sync_summary_to_json (summary);

      json_object_set_string_member (out, "server", server);
      jz_cli_print_object (out);
    }
  else
    {
      g_autofree char *mb = megabytes (summary->photo_bytes);

      printf (_("Synced with %s.\n"), server);
      printf (_("  sent      %u change(s), %u the server already had, %u refused\n"),
              summary->pushed, summary->duplicates, summary->rejected);
      printf (_("  received  %u change(s), %u new here\n"), summary->pulled, summary->applied);
      printf (_("  photos    %u uploaded (%s), %u already there\n"),
              summary->photos_uploaded, mb, summary->photos_present);
      if (summary->photos_missing > 0)
        printf (_("  missing   %u photo(s) referenced by changes are not on this device\n"),
                summary->photos_missing);
      printf (_("  requests  %u\n"), summary->requests);
      if (summary->rejected > 0)
        printf (_("The server refused %u change(s); see juzhu-cli rejected.\n"), summary->rejected);
    }
  return summary->rejected > 0 ? JZ_EXIT_NO : JZ_EXIT_OK;
}

static int
print_status (JzCli        *cli,
              JzCliContext *ctx)
{
  static const char *keys[] = { "sync_server", "sync_user", "sync_role", "sync_area",
                                "sync_device", "profile", "sync_last", "sync_pull_cursor",
                                "sync_acked_seq" };
  static const char *names[] = { "server", "user", "role", "area", "device", "profile",
                                 "last_sync", "pull_cursor", "acked_seq" };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GPtrArray) rejected = NULL;
  g_autofree char *token_path = g_build_filename (cli->data_dir, "token", NULL);
  g_autofree char *keyring = NULL;
  gboolean enrolled;
  gint64 pending;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *v = jz_store_get_meta (ctx->store, keys[i], &error);

      if (error != NULL)
        return jz_cli_error (cli, error);
      if (v != NULL)
        json_object_set_string_member (out, names[i], v);
      else
        json_object_set_null_member (out, names[i]);
    }
  pending = jz_store_outbox_pending (ctx->store, &error);
  if (error != NULL)
    return jz_cli_error (cli, error);
  rejected = jz_store_rejected_list (ctx->store, &error);
  if (rejected == NULL)
    return jz_cli_error (cli, error);
  if (jz_cli_str (out, "server") != NULL && g_file_test (token_path, G_FILE_TEST_EXISTS))
    json_object_set_string_member (out, "token", "file");
  else if (jz_cli_str (out, "server") != NULL && (keyring = keyring_token (ctx)) != NULL)
    json_object_set_string_member (out, "token", "keyring");
  else
    json_object_set_null_member (out, "token");
  enrolled = !json_object_get_null_member (out, "token");

  json_object_set_boolean_member (out, "enrolled", enrolled);
  json_object_set_string_member (out, "site", jz_store_get_site_id (ctx->store));
  json_object_set_int_member (out, "pending", pending);
  json_object_set_int_member (out, "rejected", rejected->len);

  if (cli->json)
    {
      jz_cli_print_object (out);
      return JZ_EXIT_OK;
    }

  if (enrolled)
    printf (_("Server          %s (as %s, %s, area %s)\n"), jz_cli_str (out, "server"),
            jz_cli_str (out, "user") ?: "?", jz_cli_str (out, "role") ?: "?",
            jz_cli_str (out, "area") ?: "?");
  else
    printf (_("Server          not enrolled; enrol with: juzhu-cli enrol --server URL --code CODE\n"));
  printf (_("This device     %s\n"), jz_store_get_site_id (ctx->store));
  printf (_("Rules           %s\n"), jz_cli_str (out, "profile") ?: JZ_CLI_DEFAULT_PROFILE);
  /* (long long): a translatable format cannot hold G_GINT64_FORMAT */
  printf (_("To send         %lld change(s)\n"), (long long) pending);
  printf (_("Needs attention %u refused change(s)%s\n"), rejected->len,
          rejected->len > 0 ? _("; see juzhu-cli rejected") : "");
  printf (_("Last sync       %s\n"), jz_cli_str (out, "last_sync") ?: _("never"));
  return JZ_EXIT_OK;
}

int
jz_cli_status (JzCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("status", NULL,
                           _("The county server this device is enrolled with, as whom, how many\n"
                             "changes wait to be sent, how many the server refused, and when the\n"
                             "last sync finished."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "status: %s", error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("status: unexpected argument “%s”"), argv[1]);
  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  return print_status (cli, ctx);
}

int
jz_cli_rejected (JzCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("rejected", NULL,
                           _("Changes the county server refused for good (a record outside this\n"
                             "device's area, a step reserved to the county office, a transition\n"
                             "the workflow forbids …), with the server's reason. They stay on this\n"
                             "device and are not sent again; correct the record and sync."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "rejected: %s", error->message);
  if (argc != 1)
    return jz_cli_usage_error (cli, _("rejected: unexpected argument “%s”"), argv[1]);
  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  list = jz_store_rejected_list (ctx->store, &error);
  if (list == NULL)
    return jz_cli_error (cli, error);

  if (cli->json)
    {
      jz_cli_print_list (list);
      return JZ_EXIT_OK;
    }
  if (list->len == 0)
    {
      printf (_("Nothing needs attention: the server has refused no change of this device.\n"));
      return JZ_EXIT_OK;
    }

  printf (_("The server refused %u change(s); they stay on this device and are not sent again:\n"), list->len);
  for (guint i = 0; i < list->len; i++)
    {
      JsonObject *r = g_ptr_array_index (list, i);
      JsonArray *fields = json_object_get_array_member (r, "fields");
      g_autoptr(GString) f = g_string_new (NULL);

      for (guint k = 0; fields && k < json_array_get_length (fields); k++)
        g_string_append_printf (f, "%s%s", k ? ", " : "", json_array_get_string_element (fields, k));
      printf ("\n%s %s (change %" G_GINT64_FORMAT ", refused %s)\n", jz_cli_str (r, "type"),
              jz_cli_str (r, "record"), json_object_get_int_member (r, "seq"), jz_cli_str (r, "at"));
      printf (_("  fields   %s\n"), f->str);
      printf (_("  reason   %s: %s\n"), jz_cli_str (r, "code"), jz_cli_str (r, "reason"));
    }
  return JZ_EXIT_OK;
}

static double
mib (guint64 bytes)
{
  return (double) bytes / (1024.0 * 1024.0);
}

/* juzhu-cli photo gc: see jz_photo_store_collect() for what goes. */
static int
photo_gc (JzCli  *cli,
          int     argc,
          char  **argv)
{
  int days = JZ_PHOTO_COLLECT_GRACE_DAYS;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "older-than", 0, 0, G_OPTION_ARG_INT, &days,
      N_("Keep photos not referenced by anything for this many days (default 7)"), N_("DAYS") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Count what would be removed, remove nothing"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("photo gc", NULL,
                           _("Removes photos that no record, no earlier value in the history, no\n"
                             "change set still to push and no draft refers to, once they were\n"
                             "last imported more than DAYS ago, with their thumbnails; and camera\n"
                             "captures older than DAYS."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JzPhotoStore) photos = NULL;
  g_autoptr(GHashTable) referenced = NULL;
  JzPhotoCollectResult r = { 0 };
  gboolean ok;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "photo gc: %s", error->message);
  if (argc > 1)
    return jz_cli_usage_error (cli, _("photo gc: unexpected argument “%s”"), argv[1]);
  if (days < 0)
    return jz_cli_usage_error (cli, _("photo gc: --older-than needs a number of days, 0 or more"));

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  referenced = jz_store_photo_references (ctx->store, &error);
  if (referenced == NULL)
    return jz_cli_error (cli, error);
  photos = jz_photo_store_new (cli->data_dir);
  ok = jz_photo_store_collect (photos, referenced, (gint64) days * 24 * 60 * 60, dry_run,
                               &r, NULL, &error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "dry_run");
      json_builder_add_boolean_value (b, dry_run);
      json_builder_set_member_name (b, "older_than_days");
      json_builder_add_int_value (b, days);
      json_builder_set_member_name (b, "blobs");
      json_builder_add_int_value (b, r.blobs);
      json_builder_set_member_name (b, "blob_bytes");
      json_builder_add_int_value (b, (gint64) r.blob_bytes);
      json_builder_set_member_name (b, "thumbnails");
      json_builder_add_int_value (b, r.thumbnails);
      json_builder_set_member_name (b, "thumbnail_bytes");
      json_builder_add_int_value (b, (gint64) r.thumbnail_bytes);
      json_builder_set_member_name (b, "captures");
      json_builder_add_int_value (b, r.captures);
      json_builder_set_member_name (b, "capture_bytes");
      json_builder_add_int_value (b, (gint64) r.capture_bytes);
      json_builder_set_member_name (b, "bytes");
      json_builder_add_int_value (b, (gint64) (r.blob_bytes + r.thumbnail_bytes + r.capture_bytes));
      json_builder_set_member_name (b, "kept_referenced");
      json_builder_add_int_value (b, r.kept_referenced);
      json_builder_set_member_name (b, "kept_recent");
      json_builder_add_int_value (b, r.kept_recent);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      jz_cli_print_json (node);
    }
  else
    {
      printf (dry_run ? _("Would remove %u photos (%.1f MiB), %u thumbnails (%.1f MiB) "
                          "and %u camera captures (%.1f MiB).\n")
                      : _("Removed %u photos (%.1f MiB), %u thumbnails (%.1f MiB) "
                          "and %u camera captures (%.1f MiB).\n"),
              r.blobs, mib (r.blob_bytes), r.thumbnails, mib (r.thumbnail_bytes),
              r.captures, mib (r.capture_bytes));
      printf (_("Kept %u photos in use and %u unused ones younger than %d days.\n"),
              r.kept_referenced, r.kept_recent, days);
    }
  if (!ok)
    return jz_cli_error (cli, error);
  return JZ_EXIT_OK;
}

int
jz_cli_photo (JzCli  *cli,
              int     argc,
              char  **argv)
{
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Every photo a record refers to that is not here yet"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options =
    jz_cli_option_context ("photo fetch", "[SHA256 …]",
                           _("Downloads photos of materials and portraits from the county server\n"
                             "by their SHA-256 (as material show lists them), checks them and\n"
                             "keeps them in this data directory. Photos are not downloaded by\n"
                             "sync; they are fetched when wanted."), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCliContext) ctx = NULL;
  g_autoptr(JzSyncClient) client = NULL;
  g_autoptr(JzPhotoStore) photos = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) fetched = json_array_new ();

  if (argc >= 2 && strcmp (argv[1], "gc") == 0)
    return photo_gc (cli, argc - 1, argv + 1);
  if (argc < 2 || strcmp (argv[1], "fetch") != 0)
    return jz_cli_usage_error (cli, _("photo: usage: juzhu-cli photo fetch (SHA256 … | --all) "
                                      "| photo gc [--older-than DAYS] [--dry-run]"));
  argc--;
  argv++;
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!jz_cli_parse_options (options, &argc, &argv, &error))
    return jz_cli_usage_error (cli, "photo fetch: %s", error->message);
  if ((argc > 1) == all)
    return jz_cli_usage_error (cli, _("photo fetch: give photo hashes or --all"));

  ctx = jz_cli_context_open (cli, &error);
  if (ctx == NULL)
    return jz_cli_error (cli, error);
  photos = jz_photo_store_new (cli->data_dir);
  client = new_client (ctx);

  if (all)
    {
      g_autoptr(GPtrArray) refs = jz_store_photo_refs (ctx->store, -1, &error);

      if (refs == NULL)
        return jz_cli_error (cli, error);
      for (guint i = 0; i < refs->len; i++)
        if (!jz_photo_store_has (photos, refs->pdata[i]))
          g_ptr_array_add (wanted, g_strdup (refs->pdata[i]));
    }
  else
    for (int i = 1; i < argc; i++)
      g_ptr_array_add (wanted, g_ascii_strdown (argv[i], -1));

  for (guint i = 0; i < wanted->len; i++)
    {
      const char *sha = wanted->pdata[i];
      g_autofree char *path = NULL;

      if (!jz_sync_client_fetch_photo (client, sha, NULL, &error))
        return sync_error (cli, error);
      path = jz_photo_store_blob_path (photos, sha);
      json_array_add_string_element (fetched, path);
      if (!cli->json)
        printf ("%s\n", path);
    }

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), fetched);

      jz_cli_print_json (node);
    }
  else if (wanted->len == 0)
    printf (_("Every photo is here already.\n"));
  return JZ_EXIT_OK;
}
