/* jz-server-files.c — photos on the county server: tus uploads and blob downloads
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An upload is two files in DATA_DIR/uploads/: ID (the bytes so far) and
 * ID.json ({"length", "sha256", "offset", "created", "complete"}). The
 * "offset" in the JSON is the truth: it only moves after the bytes below it
 * were synced, so bytes past it (a chunk cut by a crash, or one whose
 * checksum failed) are cut off the next time the upload is opened.
 *
 * A PATCH body is not accumulated in memory: an early handler checks the
 * headers, then every chunk libsoup reads is appended to the file as it
 * arrives. When the body was cut (the client went away) the bytes that
 * arrived are kept only if the client gave no Upload-Checksum — with one,
 * they cannot be verified, so the offset stays where it was.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jz-server-files-private.h"
#include "jz-test-crash.h"

G_DEFINE_FINAL_TYPE (JzServerFiles, jz_server_files, G_TYPE_OBJECT)

void
_jz_files_upload_clear (Upload *upload)
{
  g_clear_pointer (&upload->id, g_free);
  g_clear_pointer (&upload->owner, g_free);
}

/* Who sent @msg (set by _jz_files_check_common), NULL without hooks. */
const char *
_jz_files_requester (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "jz-files-who");
}

/* Another device's upload is answered as if there were none. */
gboolean
_jz_files_upload_is_mine (SoupServerMessage *msg,
                          const Upload      *upload)
{
  return upload->owner == NULL || g_strcmp0 (upload->owner, _jz_files_requester (msg)) == 0;
}

/* ---- Responses -------------------------------------------------------- */

void
_jz_files_set_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    {
      json_builder_set_member_name (builder, "limits");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "max_blob_bytes");
      json_builder_add_int_value (builder, MAX_BLOB_BYTES);
      json_builder_set_member_name (builder, "max_chunk_bytes");
      json_builder_add_int_value (builder, MAX_CHUNK_BYTES);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

G_GNUC_PRINTF (4, 5)
void
_jz_files_set_errorf (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _jz_files_set_error (msg, status, code, message);
}

void
_jz_files_set_offset_header (SoupServerMessage *msg,
                             gint64             offset)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Upload-Offset", text);
}

/* ---- Dispatch --------------------------------------------------------- */

/* "files" → "", "files/ID" → "ID"; NULL when @path is not under files/. */
static const char *
files_rest (JzServerFiles *self,
            const char    *path)
{
  gsize prefix_len = strlen (self->prefix);

  if (!g_str_has_prefix (path, self->prefix))
    return NULL;
  path += prefix_len;
  if (!g_str_has_prefix (path, "files"))
    return NULL;
  path += strlen ("files");
  if (*path == '\0')
    return path;
  if (*path != '/')
    return NULL;
  return path + 1;
}

static void
files_early_handler (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  JzServerFiles *self = user_data;
  const char *id = files_rest (self, path);

  /* Never keep a request body in memory here; PATCH writes it to disk. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  if (g_strcmp0 (soup_server_message_get_method (msg), "PATCH") != 0 || id == NULL || *id == '\0')
    return;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Tus-Resumable", TUS_VERSION);
  if (!_jz_files_check_common (self, msg, TRUE))
    return;
  _jz_files_patch_start (self, msg, id);
}

static void
files_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  JzServerFiles *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *id = files_rest (self, path);
  Patch *patch;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Tus-Resumable", TUS_VERSION);

  if (id == NULL)
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at %s", path);
      return;
    }

  if (method == SOUP_METHOD_OPTIONS)
    {
      _jz_files_handle_options (msg);
      return;
    }

  if (g_strcmp0 (method, "PATCH") == 0 && *id != '\0')
    {
      patch = g_object_get_data (G_OBJECT (msg), "jz-patch");
      if (patch != NULL)
        _jz_files_patch_answer (self, msg, patch);
      return;
    }

  if (!_jz_files_check_common (self, msg, TRUE))
    return;

  if (*id == '\0')
    {
      if (method == SOUP_METHOD_POST)
        _jz_files_handle_create (self, msg);
      else
        _jz_files_set_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "%s is not allowed on files/", method);
      return;
    }

  if (method == SOUP_METHOD_HEAD)
    _jz_files_handle_head (self, msg, id);
  else if (method == SOUP_METHOD_DELETE)
    _jz_files_handle_delete (self, msg, id);
  else
    _jz_files_set_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                "%s is not allowed on an upload", method);
}

static void
blobs_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  JzServerFiles *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  g_autofree char *blobs_prefix = g_strconcat (self->prefix, "blobs/", NULL);
  g_autofree char *blob = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *sha256;
  const char *content_type;
  gint64 size, start = 0, end = 0;
  gboolean satisfiable = TRUE;

  soup_message_headers_replace (resp, "Tus-Resumable", TUS_VERSION);
  if (!_jz_files_check_common (self, msg, FALSE))
    return;

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                  "%s is not allowed on a blob", method);
      return;
    }

  sha256 = g_str_has_prefix (path, blobs_prefix) ? path + strlen (blobs_prefix) : "";
  if (!jz_photo_sha256_valid (sha256))
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                  "blobs/ takes a SHA-256 of 64 lower-case hex digits");
      return;
    }

  /* A photo outside the device's scope is answered as if there were none. */
  if (self->hooks != NULL && self->hooks->may_read != NULL &&
      !self->hooks->may_read (msg, _jz_files_requester (msg), sha256, self->hooks_data))
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no photo %s", sha256);
      return;
    }

  blob = jz_photo_store_blob_path (self->photos, sha256);
  mapped = g_mapped_file_new (blob, FALSE, &error);
  if (mapped == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no photo %s", sha256);
      else
        {
          g_warning ("Cannot read %s: %s", blob, error->message);
          _jz_files_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                     "cannot read the photo on the server");
        }
      return;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  size = g_bytes_get_size (bytes);

  etag = g_strdup_printf ("\"%s\"", sha256);
  content_type = size >= 8 && memcmp (g_bytes_get_data (bytes, NULL), "\x89PNG", 4) == 0
    ? "image/png" : "image/jpeg";
  soup_message_headers_replace (resp, "ETag", etag);
  soup_message_headers_replace (resp, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (resp, "Accept-Ranges", "bytes");
  soup_message_headers_replace (resp, "Cache-Control", "private, max-age=31536000, immutable");

  if (method == SOUP_METHOD_GET &&
      jz_parse_range (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                 "Range"),
                   size, &start, &end, &satisfiable))
    {
      g_autoptr(GBytes) part = NULL;

      if (!satisfiable)
        {
          g_autofree char *range = g_strdup_printf ("bytes */%" G_GINT64_FORMAT, size);

          soup_message_headers_replace (resp, "Content-Range", range);
          _jz_files_set_errorf (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable",
                      "the photo has %" G_GINT64_FORMAT " bytes; the Range asks past them", size);
          return;
        }
      part = g_bytes_new_from_bytes (bytes, start, end - start + 1);
      soup_message_headers_set_content_range (resp, start, end, size);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_headers_set_content_type (resp, content_type, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), part);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (resp, content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

/* ---- Public API ------------------------------------------------------- */

JzServerFiles *
jz_server_files_new (const char  *data_dir,
                     GError     **error)
{
  g_autoptr(JzServerFiles) self = NULL;
  g_autofree char *blobs = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (JZ_TYPE_SERVER_FILES, NULL);
  self->data_dir = g_strdup (data_dir);
  self->uploads_dir = g_build_filename (data_dir, "uploads", NULL);
  self->photos = jz_photo_store_new (data_dir);
  blobs = g_build_filename (data_dir, "blobs", NULL);

  if (g_mkdir_with_parents (self->uploads_dir, 0700) != 0 ||
      g_mkdir_with_parents (blobs, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the photo folders under %s: %s", data_dir,
                   g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
jz_server_files_attach (JzServerFiles            *self,
                        SoupServer               *server,
                        const char               *prefix,
                        const JzServerFilesHooks *hooks,
                        gpointer                  hooks_data)
{
  g_autofree char *files = NULL;
  g_autofree char *blobs = NULL;

  g_return_if_fail (JZ_IS_SERVER_FILES (self));
  g_return_if_fail (SOUP_IS_SERVER (server));
  g_return_if_fail (prefix != NULL && g_str_has_suffix (prefix, "/"));

  g_free (self->prefix);
  self->prefix = g_strdup (prefix);
  self->hooks = hooks;
  self->hooks_data = hooks_data;

  files = g_strconcat (prefix, "files", NULL);
  blobs = g_strconcat (prefix, "blobs", NULL);
  soup_server_add_early_handler (server, files, files_early_handler,
                                 g_object_ref (self), g_object_unref);
  soup_server_add_handler (server, files, files_handler,
                           g_object_ref (self), g_object_unref);
  soup_server_add_handler (server, blobs, blobs_handler,
                           g_object_ref (self), g_object_unref);
}

gboolean
jz_server_files_has_blob (JzServerFiles *self,
                          const char    *sha256)
{
  g_return_val_if_fail (JZ_IS_SERVER_FILES (self), FALSE);

  return jz_photo_sha256_valid (sha256) && jz_photo_store_has (self->photos, sha256);
}

guint
jz_server_files_expire (JzServerFiles *self,
                        gint64         max_age_seconds)
{
  g_autoptr(GDir) dir = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (JZ_IS_SERVER_FILES (self), 0);

  if (max_age_seconds < 0)
    max_age_seconds = EXPIRE_SECONDS;

  dir = g_dir_open (self->uploads_dir, 0, NULL);
  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;
      Upload upload = { 0 };
      gint64 created;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".json"));
      if (!jz_parse_upload_id (id) || g_hash_table_contains (self->receiving, id))
        continue;

      if (_jz_files_load_upload (self, id, &upload, &error))
        created = upload.created;
      else
        created = 0;  /* a damaged record: gone */
      _jz_files_upload_clear (&upload);

      if (now - created >= max_age_seconds)
        {
          _jz_files_remove_upload (self, id);
          removed++;
        }
    }

  return removed;
}

static void
jz_server_files_finalize (GObject *object)
{
  JzServerFiles *self = JZ_SERVER_FILES (object);

  g_free (self->data_dir);
  g_free (self->uploads_dir);
  g_free (self->prefix);
  g_clear_object (&self->photos);
  g_clear_pointer (&self->receiving, g_hash_table_unref);

  G_OBJECT_CLASS (jz_server_files_parent_class)->finalize (object);
}

static void
jz_server_files_class_init (JzServerFilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_server_files_finalize;
}

static void
jz_server_files_init (JzServerFiles *self)
{
  self->receiving = g_hash_table_new (g_str_hash, g_str_equal);
  self->prefix = g_strdup ("/api/v1/");
}
