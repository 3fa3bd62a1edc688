/* jz-purge.c — a device wiped at the county's order (revoke with purge)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps of jz_purge_device(), each safe to run again:
 *   1. the marker DATA_DIR/purging is there (jz_purge_order() wrote it,
 *      durably, with the server and the token to confirm with);
 *   2. the data key is forgotten (forget_data_key(): crypto-erase: the
 *      files are encrypted at rest);
 *   3. the records (juzhu.db with its WAL, shared memory and journals:
 *      drafts, the outbox and the meta live there too), photos (blobs/),
 *      thumbnails, camera captures and photo uploads in progress are
 *      deleted;
 *   4. the server is told (POST sync/purged with the revoked token);
 *   5. the token is deleted (DATA_DIR/token, the keyring entry), then the
 *      marker.
 * A crash anywhere leaves the marker, and the next start runs them all
 * again. Imported holiday calendars (public data) are kept.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jz-file.h"
#include "jz-keyring.h"
#include "jz-purge.h"
#include "jz-sync-client.h"
#include "jz-test-crash.h"

G_DEFINE_QUARK (jz-purge-error-quark, jz_purge_error)

#define DEFAULT_TRIES    3
#define DEFAULT_RETRY_MS 1000

/* What is deleted under the data directory: every name that starts with
 * one of these (juzhu.db-wal, token.XXXXXX left by an interrupted write),
 * files and folders alike. */
static const char *const personal[] = {
  "juzhu.db",     /* records, drafts, outbox, meta */
  "blobs",        /* photos of documents */
  "thumbnails",
  "captures",     /* the camera's captures not yet imported */
  "uploads",      /* photo uploads in progress */
};

static char *
marker_path (const char *data_dir)
{
  return g_build_filename (data_dir, JZ_PURGE_MARKER, NULL);
}

gboolean
jz_purge_is_pending (const char *data_dir)
{
  g_autofree char *path = marker_path (data_dir);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/**
 * jz_purge_order:
 * @server: the county server, as enrolled
 * @token: the revoked token, to confirm the purge with
 * @token_in_keyring: the token is (also) in the keyring, to be cleared
 *
 * Writes the marker, durably: from here on the data directory is not
 * opened until jz_purge_device() has run. Called when the server answers
 * "purge"; writing it again is harmless.
 */
gboolean
jz_purge_order (const char  *data_dir,
                const char  *server,
                const char  *token,
                gboolean     token_in_keyring,
                GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = marker_path (data_dir);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "server");
  json_builder_add_string_value (b, server);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "keyring");
  json_builder_add_boolean_value (b, token_in_keyring);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);

  /* it holds the token: 0600, like DATA_DIR/token */
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, JZ_PURGE_ERROR, JZ_PURGE_ERROR_MARKER,
                   "cannot write %s: %s", path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- deleting ------------------------------------------------------------ */

/* Deletes @path, a folder with everything in it; never follows a link. */
static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      goto failed;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (!remove_tree (child, error))
            return FALSE;
        }
      if (g_rmdir (path) != 0 && errno != ENOENT)
        goto failed;
      return TRUE;
    }
  if (g_unlink (path) != 0 && errno != ENOENT)
    goto failed;
  return TRUE;

failed:
  {
    int saved = errno;

    g_set_error (error, JZ_PURGE_ERROR, JZ_PURGE_ERROR_DELETE,
                 "cannot delete %s: %s", path, g_strerror (saved));
    return FALSE;
  }
}

/* Every entry of @data_dir whose name starts with one of @prefixes. */
static gboolean
remove_named (const char         *data_dir,
              const char *const  *prefixes,
              guint               n_prefixes,
              GError            **error)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);
  const char *name;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (dir == NULL)
    return TRUE;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* in the order of @prefixes: the database first, most of what is personal */
  for (guint i = 0; i < n_prefixes; i++)
    {
      for (guint j = 0; j < names->len; j++)
        if (g_str_has_prefix (names->pdata[j], prefixes[i]))
          {
            g_autofree char *path = g_build_filename (data_dir, names->pdata[j], NULL);

            if (!remove_tree (path, error))
              return FALSE;
          }
      if (i == 0 && prefixes == personal)
        jz_test_crash_point ("mid-purge");
    }
  jz_file_sync_dir (data_dir);
  return TRUE;
}

/* ---- the data key -------------------------------------------------------- */

/*
 * FORGET THE DATA KEY. Every file of the data directory is encrypted at
 * rest (docs/security.md, "Data at rest"), so forgetting the key makes
 * whatever the deletion below cannot reach (a copy, blocks the flash
 * keeps) unreadable: the purge's first and strongest step. Where a key is
 * kept:
 *  - the app's, in the Secret Service, one per data directory: removed
 *    here (when $JUZHU_KEY_FILE is not set, as jz_data_key_for_app() reads
 *    it);
 *  - headless use (the CLI, tests): the file $JUZHU_KEY_FILE names, kept
 *    outside the data directory by the operator and possibly shared with
 *    other data directories: left alone; the data it encrypted is deleted;
 *  - DATA_DIR/key-id, which binds the directory to its key: removed, so
 *    that the directory starts afresh with whatever key comes next;
 *  - anywhere else the caller knows of: options->forget_data_key.
 */
static gboolean
forget_data_key (const char            *data_dir,
                 const JzPurgeOptions  *options,
                 GError               **error)
{
  const char *key_file = g_getenv (JZ_KEY_FILE_ENV);
  g_autoptr(GError) local_error = NULL;

  if (options != NULL && options->forget_data_key != NULL &&
      !options->forget_data_key (data_dir, options->user_data, &local_error))
    {
      g_set_error (error, JZ_PURGE_ERROR, JZ_PURGE_ERROR_KEY,
                   "cannot forget the data key: %s", local_error->message);
      return FALSE;
    }
  /* A keyring that cannot be reached keeps a key to nothing: the files
   * go all the same. */
  if ((key_file == NULL || *key_file == '\0') &&
      !jz_keyring_forget_data_key_sync (data_dir, NULL, &local_error))
    g_debug ("purge: the keyring's data key: %s", local_error->message);
  g_clear_error (&local_error);
  if (!jz_data_key_forget_dir (data_dir, &local_error))
    {
      g_set_error (error, JZ_PURGE_ERROR, JZ_PURGE_ERROR_KEY,
                   "cannot forget the data key: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- telling the server -------------------------------------------------- */

typedef enum
{
  TOLD,
  REFUSED,      /* a definite no: 401 */
  NOT_REACHED,
} Told;

static Told
tell_server (const char            *data_dir,
             const char            *server,
             const char            *token,
             const JzPurgeOptions  *options,
             GCancellable          *cancellable,
             char                 **why)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = g_strconcat (server, "/api/v1/sync/purged", NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
  guint tries = options != NULL && options->tries > 0 ? options->tries : DEFAULT_TRIES;
  guint pause = options != NULL && options->retry_ms > 0 ? options->retry_ms : DEFAULT_RETRY_MS;
  Told told = NOT_REACHED;
  /* the county CA kept with the enrolment outlives the purge: it is no
   * one's data, and the server must still be reached */
  g_autofree char *kept = options == NULL || options->ca_file == NULL ? jz_sync_kept_ca_file (data_dir) : NULL;
  const char *ca_file = kept != NULL ? kept : options != NULL ? options->ca_file : NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new ();
  soup_session_set_timeout (session, 30);
  if (ca_file != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (ca_file, &local_error);

      if (db == NULL)
        {
          *why = g_strdup_printf ("the CA file %s: %s", ca_file, local_error->message);
          tries = 0;
        }
      else
        soup_session_set_tls_database (session, db);
    }

  for (guint i = 1; i <= tries; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GError) local_error = NULL;
      guint status;

      if (msg == NULL)
        {
          *why = g_strdup_printf ("%s is not a valid URL", url);
          break;
        }
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      reply = soup_session_send_and_read (session, msg, cancellable, &local_error);
      status = reply != NULL ? soup_message_get_status (msg) : 0;
      g_clear_pointer (why, g_free);
      if (status == SOUP_STATUS_OK)
        {
          told = TOLD;
          break;
        }
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          *why = g_strdup ("the county server did not take the confirmation");
          told = REFUSED;
          break;
        }
      *why = reply != NULL ? g_strdup_printf ("the county server answered %u %s", status,
                                              soup_status_get_phrase (status))
                           : g_strdup (local_error->message);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || i == tries)
        break;
      g_usleep ((gulong) pause * 1000);
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return told;
}

/* ---- the purge ------------------------------------------------------------ */

static gboolean
read_marker (const char  *data_dir,
             char       **server,
             char       **token,
             gboolean    *keyring,
             GError     **error)
{
  g_autofree char *path = marker_path (data_dir);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *o;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_set_error (error, JZ_PURGE_ERROR, JZ_PURGE_ERROR_MARKER, "cannot read %s: %s",
                   path, local_error->message);
      return FALSE;
    }
  /* Damaged (a disk error; it is written whole or not at all): the data
   * is still deleted, only the server cannot be told. */
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  o = json_node_get_object (root);
  *server = g_strdup (json_object_get_string_member_with_default (o, "server", NULL));
  *token = g_strdup (json_object_get_string_member_with_default (o, "token", NULL));
  *keyring = json_object_get_boolean_member_with_default (o, "keyring", FALSE);
  return TRUE;
}

/**
 * jz_purge_device:
 * @data_dir: a data directory with a purge marker; nothing may have its
 *   store open
 * @options: (nullable): the CA file, the data key's hook, the tries
 * @outcome: (out): whether the server was told
 * @why_unconfirmed: (out) (optional): why not, for the user
 *
 * THE purge: forgets the data key, deletes the records, photos, drafts
 * and captures, tells the county server, forgets the token and removes
 * the marker (the steps at the top of this file). FALSE only when
 * something could not be deleted (the marker stays; run it again). A
 * server that cannot be reached is not an error: *@outcome is
 * %JZ_PURGE_UNCONFIRMED, and the marker and the token stay for the next
 * try, which deletes nothing more.
 */
gboolean
jz_purge_device (const char            *data_dir,
                 const JzPurgeOptions  *options,
                 GCancellable          *cancellable,
                 JzPurgeOutcome        *outcome,
                 char                 **why_unconfirmed,
                 GError               **error)
{
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *why = NULL;
  g_autofree char *marker = marker_path (data_dir);
  static const char *const token_files[] = { "token" };
  gboolean keyring = FALSE;
  Told told = REFUSED;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  *outcome = JZ_PURGE_UNCONFIRMED;
  if (!read_marker (data_dir, &server, &token, &keyring, error) ||
      !forget_data_key (data_dir, options, error) ||
      !remove_named (data_dir, personal, G_N_ELEMENTS (personal), error))
    return FALSE;

  if (server != NULL && token != NULL)
    told = tell_server (data_dir, server, token, options, cancellable, &why);
  else
    why = g_strdup ("the purge marker does not name the server");
  if (told == NOT_REACHED)
    {
      if (why_unconfirmed != NULL)
        *why_unconfirmed = g_steal_pointer (&why);
      return TRUE;
    }
  jz_test_crash_point ("purge-told");

  /* The token last: until the server was told, it was needed. */
  if (keyring)
    {
      g_autoptr(GError) local_error = NULL;

      /* best effort: the server refuses it anyway */
      if (!jz_keyring_clear_sync (server, data_dir, &local_error))
        g_debug ("keyring: %s", local_error->message);
    }
  if (!remove_named (data_dir, token_files, G_N_ELEMENTS (token_files), error))
    return FALSE;
  if (g_unlink (marker) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, JZ_PURGE_ERROR, JZ_PURGE_ERROR_DELETE,
                   "cannot delete %s: %s", marker, g_strerror (saved));
      return FALSE;
    }
  jz_file_sync_dir (data_dir);
  *outcome = told == TOLD ? JZ_PURGE_CONFIRMED : JZ_PURGE_NOT_TAKEN;
  if (why_unconfirmed != NULL && told != TOLD)
    *why_unconfirmed = g_steal_pointer (&why);
  return TRUE;
}
