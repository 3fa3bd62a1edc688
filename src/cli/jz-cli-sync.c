/* jz-cli-sync.c — juzhu-cli enrol, sync, status, rejected, photo fetch and gc:
 * this device and its county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "jz-cli-context.h"
#include "jz-id-number.h"
#include "jz-keyring.h"
#include "jz-photo.h"
#include "jz-sync-client.h"

static const char photo_help[] =
  N_("Usage: juzhu-cli photo fetch (SHA256 … | --all)\n"
     "       juzhu-cli photo gc [--older-than DAYS] [--dry-run]\n"
     "\n"
     "fetch  downloads photos from the county server by their SHA-256 (as\n"
     "       material show lists them), or --all that a record refers to;\n"
     "       sync does not download them\n"
     "gc     removes the photos nothing on this device refers to any more,\n"
     "       last imported more than DAYS ago (default 7), with their\n"
     "       thumbnails, and camera captures older than DAYS\n");

/* A failed sync is an answer (exit 1): the network, the server or the
 * device's access said no. The store failing is still 3. The runner's
 * exit codes do not know these errors, so they are reported here: a run
 * returns what this returns, NULL with no error, and run->status says
 * how it ended. */
static JsonNode *
sync_error (JzCliRun     *run,
            const GError *error)
{
  if (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CERTIFICATE))
    {
      const char *ca = g_getenv ("JUZHU_CA_FILE");

      run->status = jz_cli_fail (run->cli, JZ_EXIT_NO, error);
      if (ca == NULL || *ca == '\0')
        g_printerr (_("If the county server uses its own certificate, give its CA at enrolment: "
                      "juzhu-cli enrol --ca-file /path/to/county-ca.pem (or JUZHU_CA_FILE)\n"));
    }
  else if (error->domain == JZ_SYNC_ERROR ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    run->status = jz_cli_fail (run->cli, JZ_EXIT_NO, error);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    run->status = jz_cli_fail (run->cli, JZ_EXIT_USAGE, error);
  else
    run->status = jz_cli_error (run->cli, error);
  return NULL;
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
  JzPhotoStore *photos = jz_registry_get_photos (ctx->registry);
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

typedef struct
{
  char *server;
  char *code;
  char *name;
  char *ca_file;
  gboolean system_ca;
} EnrolOptions;

static const GOptionEntry enrol_options[] = {
  JZ_CLI_OPTION ("server", 's', G_OPTION_ARG_STRING, EnrolOptions, server,
                 N_("The county server, e.g. https://juzhu.county.example"), "URL"),
  JZ_CLI_OPTION ("code", 'c', G_OPTION_ARG_STRING, EnrolOptions, code,
                 N_("The one-time enrolment code from county IT"), "CODE"),
  JZ_CLI_OPTION ("name", 'n', G_OPTION_ARG_STRING, EnrolOptions, name,
                 N_("A name for this device (default: the host name)"), "NAME"),
  JZ_CLI_OPTION ("ca-file", 0, G_OPTION_ARG_FILENAME, EnrolOptions, ca_file,
                 N_("The county's CA certificate (PEM), kept for every later sync"), "FILE"),
  JZ_CLI_OPTION ("system-ca", 0, G_OPTION_ARG_NONE, EnrolOptions, system_ca,
                 N_("Trust the system's certificates again, forgetting a kept county CA"), NULL),
  { NULL }
};

/* Opens the data directory itself, once the options are known to be
 * complete: a usage error creates no data directory. */
static JsonNode *
enrol_run (JzCliRun  *run,
           GError   **error)
{
  EnrolOptions *options = run->options;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzSyncClient) client = NULL;
  g_autoptr(JsonObject) answer = NULL;

  if (options->server == NULL || options->code == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("enrol: give --server URL and --code CODE"));
      return NULL;
    }

  if (options->ca_file != NULL && options->system_ca)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("enrol: give --ca-file FILE or --system-ca, not both"));
      return NULL;
    }
  /* a file that is not a certificate is said before anything is made */
  if (options->ca_file != NULL && !jz_sync_check_ca_file (options->ca_file, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--ca-file: %s", local_error->message);
      return NULL;
    }

  run->cli->create_key = TRUE;
  run->ctx = jz_cli_context_open (run->cli, error);
  if (run->ctx == NULL)
    return NULL;
  client = new_client (run->ctx);
  /* "": the system's certificates, and the kept CA forgotten once enrolled */
  answer = jz_sync_client_enrol_with_ca (client, options->server, options->code, options->name,
                                         options->system_ca ? "" : options->ca_file, NULL, &local_error);
  if (answer == NULL)
    return sync_error (run, local_error);
  return jz_cli_object_node (g_steal_pointer (&answer));
}

static void
enrol_print (JzCliRun *run,
             JsonNode *answer)
{
  JsonObject *enrolled = json_node_get_object (answer);
  const char *identity = jz_cli_str (enrolled, "identity");

  printf (_("Enrolled with %s as %s (%s, area %s).\nRules: %s\nThis device: %s\n"),
          jz_cli_str (enrolled, "server"), jz_cli_str (enrolled, "user") ?: "?",
          jz_role_label (jz_cli_str (enrolled, "role")) ?: "?", jz_cli_str (enrolled, "area") ?: "?",
          jz_cli_str (enrolled, "profile") ?: "?", jz_cli_str (enrolled, "site"));
  if (identity != NULL)
    {
      g_autofree char *shown = jz_party_id_mask (identity);

      /* Translators: a landlord's or employer's name, then its masked ID number or credit code */
      printf (_("Files and sees the persons who name %s (%s).\n"), jz_cli_str (enrolled, "real_name") ?: "?",
              shown);
    }
}

static JsonNode *
status_run (JzCliRun  *run,
            GError   **error)
{
  static const char *keys[] = { "sync_server", "sync_user", "sync_role", "sync_area",
                                "sync_device", "profile", "sync_last", "sync_pull_cursor",
                                "sync_acked_seq", "station_cert_until", "station_cert_problem" };
  static const char *names[] = { "server", "user", "role", "area", "device", "profile",
                                 "last_sync", "pull_cursor", "acked_seq", "papers_signed_until",
                                 "papers_problem" };
  JzCliContext *ctx = run->ctx;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GPtrArray) rejected = NULL;
  g_autofree char *token_path = g_build_filename (run->cli->data_dir, "token", NULL);
  g_autofree char *keyring = NULL;
  gint64 pending;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *v = jz_store_get_meta (ctx->store, keys[i], &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (v != NULL)
        json_object_set_string_member (out, names[i], v);
      else
        json_object_set_null_member (out, names[i]);
    }
  pending = jz_store_outbox_pending (ctx->store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  rejected = jz_store_rejected_list (ctx->store, error);
  if (rejected == NULL)
    return NULL;
  if (jz_cli_str (out, "server") != NULL && g_file_test (token_path, G_FILE_TEST_EXISTS))
    json_object_set_string_member (out, "token", "file");
  else if (jz_cli_str (out, "server") != NULL && (keyring = keyring_token (ctx)) != NULL)
    json_object_set_string_member (out, "token", "keyring");
  else
    json_object_set_null_member (out, "token");

  json_object_set_boolean_member (out, "enrolled", !json_object_get_null_member (out, "token"));
  json_object_set_string_member (out, "site", jz_store_get_site_id (ctx->store));
  json_object_set_int_member (out, "pending", pending);
  json_object_set_int_member (out, "rejected", rejected->len);
  return jz_cli_object_node (g_steal_pointer (&out));
}

static void
status_print (JzCliRun *run,
              JsonNode *answer)
{
  JsonObject *out = json_node_get_object (answer);
  guint rejected = (guint) json_object_get_int_member (out, "rejected");

  if (json_object_get_boolean_member (out, "enrolled"))
    printf (_("Server          %s (as %s, %s, area %s)\n"), jz_cli_str (out, "server"),
            jz_cli_str (out, "user") ?: "?", jz_role_label (jz_cli_str (out, "role")) ?: "?",
            jz_cli_str (out, "area") ?: "?");
  else
    printf (_("Server          not enrolled; enrol with: juzhu-cli enrol --server URL --code CODE\n"));
  printf (_("This device     %s\n"), jz_store_get_site_id (run->ctx->store));
  printf (_("Rules           %s\n"), jz_cli_str (out, "profile") ?: JZ_CLI_DEFAULT_PROFILE);
  /* (long long): a translatable format cannot hold G_GINT64_FORMAT */
  printf (_("To send         %lld change(s)\n"), (long long) json_object_get_int_member (out, "pending"));
  printf (_("Needs attention %u refused change(s)%s\n"), rejected,
          rejected > 0 ? _("; see juzhu-cli rejected") : "");
  printf (_("Last sync       %s\n"), jz_cli_str (out, "last_sync") ?: _("never"));
  /* the QR code on printed papers (docs/papers.md) */
  if (jz_cli_str (out, "papers_signed_until") != NULL)
    printf (_("Papers          signed; this station's certificate lasts until %s\n"),
            jz_cli_str (out, "papers_signed_until"));
  else if (jz_cli_str (out, "papers_problem") != NULL)
    printf (_("Papers          not signed: %s\n"), jz_cli_str (out, "papers_problem"));
  else
    printf (_("Papers          not signed until a sync has the county certify this station's key\n"));
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

typedef struct
{
  gboolean status;
} SyncOptions;

static const GOptionEntry sync_options[] = {
  JZ_CLI_OPTION ("status", 0, G_OPTION_ARG_NONE, SyncOptions, status,
                 N_("Only show the enrolment and what is waiting"), NULL),
  { NULL }
};

/* Prints the progress as it goes; the summary is the answer, and the
 * counts for a person are in run->data. */
static JsonNode *
sync_run (JzCliRun  *run,
          GError   **error)
{
  SyncOptions *options = run->options;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzSyncClient) client = NULL;
  g_autoptr(JzSyncSummary) summary = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *server = NULL;
  Printer printer = { run->cli, G_MAXUINT, 0 };

  if (options->status)
    return status_run (run, error);

  client = new_client (run->ctx);
  g_signal_connect (client, "progress", G_CALLBACK (on_progress), &printer);
  summary = jz_sync_client_sync (client, NULL, &local_error);
  if (summary == NULL && g_error_matches (local_error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE))
    {
      /* the store is closed before its files are deleted */
      g_clear_object (&client);
      g_clear_pointer (&run->ctx, jz_cli_context_free);
      run->status = jz_cli_purge (run->cli);
      return NULL;
    }
  if (summary == NULL)
    return sync_error (run, local_error);
  server = jz_store_get_meta (run->ctx->store, "sync_server", NULL);

  out = jz_sync_summary_to_json (summary);
  json_object_set_string_member (out, "server", server);
  run->status = summary->rejected > 0 ? JZ_EXIT_NO : JZ_EXIT_OK;
  run->data = g_steal_pointer (&summary);
  run->data_free = (GDestroyNotify) jz_sync_summary_free;
  return jz_cli_object_node (g_steal_pointer (&out));
}

static void
sync_print (JzCliRun *run,
            JsonNode *answer)
{
  SyncOptions *options = run->options;
  const JzSyncSummary *summary = run->data;
  g_autofree char *mb = NULL;

  if (options->status)
    {
      status_print (run, answer);
      return;
    }

  mb = megabytes (summary->photo_bytes);
  printf (_("Synced with %s.\n"), jz_cli_str (json_node_get_object (answer), "server"));
  printf (_("  sent      %u change(s), %u the server already had, %u refused\n"),
          summary->pushed, summary->duplicates, summary->rejected);
  printf (_("  received  %u change(s), %u new here\n"), summary->pulled, summary->applied);
  if (summary->server_restored)
    printf ("%s\n", _("  restored  the county server was restored from a backup: this device sent again what it "
                      "lacked and took its records again"));
  if (summary->snapshot_pages > 0)
    printf (_("  snapshot  this device started from the county's snapshot of its records (%u page(s))\n"),
            summary->snapshot_pages);
  printf (_("  photos    %u uploaded (%s), %u already there\n"),
          summary->photos_uploaded, mb, summary->photos_present);
  if (summary->photos_missing > 0)
    printf (_("  missing   %u photo(s) referenced by changes are not on this device\n"),
            summary->photos_missing);
  printf (_("  requests  %u\n"), summary->requests);
  if (summary->rejected > 0)
    printf (_("The server refused %u change(s); see juzhu-cli rejected.\n"), summary->rejected);
}

static JsonNode *
rejected_run (JzCliRun  *run,
              GError   **error)
{
  g_autoptr(GPtrArray) list = jz_store_rejected_list (run->ctx->store, error);

  return list != NULL ? jz_cli_list_node (list) : NULL;
}

static void
rejected_print (JzCliRun *run,
                JsonNode *answer)
{
  JsonArray *list = json_node_get_array (answer);
  guint n = json_array_get_length (list);

  if (n == 0)
    {
      printf (_("Nothing needs attention: the server has refused no change of this device.\n"));
      return;
    }

  printf (_("The server refused %u change(s); they stay on this device and are not sent again:\n"), n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (list, i);
      JsonArray *fields = json_object_get_array_member (r, "fields");
      g_autoptr(GString) f = g_string_new (NULL);

      for (guint k = 0; fields && k < json_array_get_length (fields); k++)
        g_string_append_printf (f, "%s%s", k ? ", " : "", json_array_get_string_element (fields, k));
      printf ("\n%s %s (change %" G_GINT64_FORMAT ", refused %s)\n", jz_cli_str (r, "type"),
              jz_cli_str (r, "record"), json_object_get_int_member (r, "seq"), jz_cli_str (r, "at"));
      printf (_("  fields   %s\n"), f->str);
      printf (_("  reason   %s: %s\n"), jz_cli_str (r, "code"), jz_cli_str (r, "reason"));
    }
}

typedef struct
{
  gboolean all;
} FetchOptions;

static const GOptionEntry fetch_options[] = {
  JZ_CLI_OPTION ("all", 'a', G_OPTION_ARG_NONE, FetchOptions, all,
                 N_("Every photo a record refers to that is not here yet"), NULL),
  { NULL }
};

/* juzhu-cli photo fetch: prints each photo's path as it comes, and opens
 * the data directory once the arguments are known to be right. */
static JsonNode *
photo_fetch (JzCliRun  *run,
             GError   **error)
{
  FetchOptions *options = run->options;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzSyncClient) client = NULL;
  g_autoptr(JzPhotoStore) photos = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) fetched = json_array_new ();

  if ((run->argc > 1) == options->all)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("photo fetch: give photo hashes or --all"));
      return NULL;
    }

  run->ctx = jz_cli_context_open (run->cli, error);
  if (run->ctx == NULL)
    return NULL;
  photos = g_object_ref (jz_registry_get_photos (run->ctx->registry));
  client = new_client (run->ctx);

  if (options->all)
    {
      g_autoptr(GPtrArray) refs = jz_store_photo_refs (run->ctx->store, -1, error);

      if (refs == NULL)
        return NULL;
      for (guint i = 0; i < refs->len; i++)
        if (!jz_photo_store_has (photos, refs->pdata[i]))
          g_ptr_array_add (wanted, g_strdup (refs->pdata[i]));
    }
  else
    for (int i = 1; i < run->argc; i++)
      g_ptr_array_add (wanted, g_ascii_strdown (run->argv[i], -1));

  for (guint i = 0; i < wanted->len; i++)
    {
      const char *sha = wanted->pdata[i];
      if (!jz_sync_client_fetch_photo (client, sha, NULL, &local_error))
        return sync_error (run, local_error);
      /* kept sealed: its hash, not a file anyone could open */
      json_array_add_string_element (fetched, sha);
      if (!run->cli->json)
        printf ("%s\n", sha);
    }

  return json_node_init_array (json_node_alloc (), fetched);
}

static void
photo_fetch_print (JzCliRun *run,
                   JsonNode *answer)
{
  if (json_array_get_length (json_node_get_array (answer)) == 0)
    printf (_("Every photo is here already.\n"));
}

static double
mib (gint64 bytes)
{
  return (double) bytes / (1024.0 * 1024.0);
}

typedef struct
{
  int      days;
  gboolean dry_run;
} GcOptions;

static const GcOptions gc_defaults = { JZ_PHOTO_COLLECT_GRACE_DAYS, FALSE };

static const GOptionEntry gc_options[] = {
  JZ_CLI_OPTION ("older-than", 0, G_OPTION_ARG_INT, GcOptions, days,
                 N_("Keep photos not referenced by anything for this many days (default 7)"), N_("DAYS")),
  JZ_CLI_OPTION ("dry-run", 'n', G_OPTION_ARG_NONE, GcOptions, dry_run,
                 N_("Count what would be removed, remove nothing"), NULL),
  { NULL }
};

static void
photo_gc_print (JzCliRun *run,
                JsonNode *answer)
{
  JsonObject *r = json_node_get_object (answer);

  printf (json_object_get_boolean_member (r, "dry_run")
          ? _("Would remove %u photos (%.1f MiB), %u thumbnails (%.1f MiB) "
              "and %u camera captures (%.1f MiB).\n")
          : _("Removed %u photos (%.1f MiB), %u thumbnails (%.1f MiB) "
              "and %u camera captures (%.1f MiB).\n"),
          (guint) json_object_get_int_member (r, "blobs"), mib (json_object_get_int_member (r, "blob_bytes")),
          (guint) json_object_get_int_member (r, "thumbnails"),
          mib (json_object_get_int_member (r, "thumbnail_bytes")),
          (guint) json_object_get_int_member (r, "captures"),
          mib (json_object_get_int_member (r, "capture_bytes")));
  printf (_("Kept %u photos in use and %u unused ones younger than %d days.\n"),
          (guint) json_object_get_int_member (r, "kept_referenced"),
          (guint) json_object_get_int_member (r, "kept_recent"),
          (int) json_object_get_int_member (r, "older_than_days"));
}

/* juzhu-cli photo gc: see jz_photo_store_collect() for what goes. It
 * opens the data directory once DAYS is known to be right; when removing
 * fails half-way, what went is said before the error. */
static JsonNode *
photo_gc (JzCliRun  *run,
          GError   **error)
{
  GcOptions *options = run->options;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JzPhotoStore) photos = NULL;
  g_autoptr(GHashTable) referenced = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  JzPhotoCollectResult r = { 0 };
  gboolean ok;

  if (options->days < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("photo gc: --older-than needs a number of days, 0 or more"));
      return NULL;
    }

  run->ctx = jz_cli_context_open (run->cli, error);
  if (run->ctx == NULL)
    return NULL;
  referenced = jz_store_photo_references (run->ctx->store, error);
  if (referenced == NULL)
    return NULL;
  photos = g_object_ref (jz_registry_get_photos (run->ctx->registry));
  ok = jz_photo_store_collect (photos, referenced, (gint64) options->days * 24 * 60 * 60,
                               options->dry_run, &r, NULL, &local_error);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "dry_run");
  json_builder_add_boolean_value (b, options->dry_run);
  json_builder_set_member_name (b, "older_than_days");
  json_builder_add_int_value (b, options->days);
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
  answer = json_builder_get_root (b);

  if (ok)
    return g_steal_pointer (&answer);

  if (run->cli->json)
    jz_cli_print_json (answer);
  else
    photo_gc_print (run, answer);
  run->status = jz_cli_error (run->cli, local_error);
  return NULL;
}

static const JzCliCommand enrol_command[] = {
  { .name = "enrol",
    .summary = N_("Enrols this data directory with the county server, using a one-time\n"
                  "code (county IT: juzhu-server enrol-code USER). The server says who\n"
                  "the user is, their role and area, and the rules profile. The token is\n"
                  "kept in DATA_DIR/token, readable by its owner only."),
    .options_size = sizeof (EnrolOptions), .options = enrol_options,
    .run = enrol_run, .print = enrol_print },
  { NULL }
};

static const JzCliCommand sync_command[] = {
  { .name = "sync",
    .summary = N_("Sends this device's saved changes to the county server and brings\n"
                  "back what others changed: photos first, then the changes, then the\n"
                  "others' changes. Safe to interrupt and to run again: it continues\n"
                  "where it stopped. Exit status 1 when the server refused some\n"
                  "changes (see juzhu-cli rejected) or the sync failed."),
    .flags = JZ_CLI_STORE, .options_size = sizeof (SyncOptions), .options = sync_options,
    .run = sync_run, .print = sync_print },
  { NULL }
};

static const JzCliCommand status_command[] = {
  { .name = "status",
    .summary = N_("The county server this device is enrolled with, as whom, how many\n"
                  "changes wait to be sent, how many the server refused, and when the\n"
                  "last sync finished."),
    .flags = JZ_CLI_STORE, .run = status_run, .print = status_print },
  { NULL }
};

static const JzCliCommand rejected_command[] = {
  { .name = "rejected",
    .summary = N_("Changes the county server refused for good (a record outside this\n"
                  "device's area, a step reserved to the county office, a transition\n"
                  "the workflow forbids …), with the server's reason. They stay on this\n"
                  "device and are not sent again; correct the record and sync."),
    .flags = JZ_CLI_STORE, .run = rejected_run, .print = rejected_print },
  { NULL }
};

static const JzCliCommand photo_commands[] = {
  { .name = "fetch", .parameters = "[SHA256 …]",
    .summary = N_("Downloads photos of materials and portraits from the county server\n"
                  "by their SHA-256 (as material show lists them), checks them and\n"
                  "keeps them in this data directory. Photos are not downloaded by\n"
                  "sync; they are fetched when wanted."),
    .max_args = G_MAXUINT, .options_size = sizeof (FetchOptions), .options = fetch_options,
    .run = photo_fetch, .print = photo_fetch_print },
  { .name = "gc",
    .summary = N_("Removes photos that no record, no earlier value in the history, no\n"
                  "change set still to push and no draft refers to, once they were\n"
                  "last imported more than DAYS ago, with their thumbnails; and camera\n"
                  "captures older than DAYS."),
    .options_size = sizeof (GcOptions), .options_defaults = &gc_defaults, .options = gc_options,
    .run = photo_gc, .print = photo_gc_print },
  { NULL }
};

const JzCliGroup jz_cli_enrol_group = {
  "enrol", N_("enrol this device with the county server"), NULL, enrol_command,
};

const JzCliGroup jz_cli_sync_group = {
  "sync", N_("send this device's changes and receive the others'"), NULL, sync_command,
};

const JzCliGroup jz_cli_status_group = {
  "status", N_("enrolment, changes waiting, last sync"), NULL, status_command,
};

const JzCliGroup jz_cli_rejected_group = {
  "rejected", N_("changes the server refused (needs attention)"), NULL, rejected_command,
};

const JzCliGroup jz_cli_photo_group = {
  "photo", N_("fetch photos from the county server, remove unused ones"), photo_help, photo_commands,
};
