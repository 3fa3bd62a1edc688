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

#include "jz-photo.h"
#include "jz-server-files.h"
#include "jz-protocol-parse.h"
#include "jz-test-crash.h"

#define TUS_VERSION        "1.0.0"
#define MAX_BLOB_BYTES     JZ_PROTOCOL_MAX_BLOB_BYTES
#define MAX_CHUNK_BYTES    JZ_PROTOCOL_MAX_CHUNK_BYTES
#define EXPIRE_SECONDS     (24 * 3600)

struct _JzServerFiles
{
  GObject parent_instance;

  /* Owned */
  char             *data_dir;
  char             *uploads_dir;
  char             *prefix;
  JzPhotoStore     *photos;
  GHashTable       *receiving;   /* upload id → Patch being received */

  /* Borrowed */
  const JzServerFilesHooks *hooks;
  gpointer          hooks_data;
};

G_DEFINE_FINAL_TYPE (JzServerFiles, jz_server_files, G_TYPE_OBJECT)

typedef struct
{
  char    *id;
  char    *owner;     /* who created it; NULL: anyone (no hooks) */
  gint64   length;
  gint64   offset;
  gint64   created;
  gboolean complete;
  char     sha256[65];
} Upload;

typedef struct
{
  JzServerFiles *self;        /* owned */
  Upload         upload;
  int            fd;
  GChecksum     *checksum;    /* of this chunk, when Upload-Checksum was given */
  GChecksumType  checksum_type;
  guint8        *expected;    /* the digest the client sent */
  gsize          expected_len;
  gint64         limit;       /* at most this many body bytes */
  gint64         received;
  gboolean       overflow;
  gboolean       write_failed;
  gboolean       answered;
  gboolean       deleted;
} Patch;

static void
upload_clear (Upload *upload)
{
  g_clear_pointer (&upload->id, g_free);
  g_clear_pointer (&upload->owner, g_free);
}

/* Who sent @msg (set by check_common), NULL without hooks. */
static const char *
requester (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "jz-files-who");
}

/* Another device's upload is answered as if there were none. */
static gboolean
upload_is_mine (SoupServerMessage *msg,
                const Upload      *upload)
{
  return upload->owner == NULL || g_strcmp0 (upload->owner, requester (msg)) == 0;
}

/* ---- Responses -------------------------------------------------------- */

static void
set_error (SoupServerMessage *msg,
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
static void
set_errorf (SoupServerMessage *msg,
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
  set_error (msg, status, code, message);
}

static void
set_offset_header (SoupServerMessage *msg,
                   gint64             offset)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Upload-Offset", text);
}

/* ---- Paths and upload records ----------------------------------------- */

static char *
upload_data_path (JzServerFiles *self,
                  const char    *id)
{
  return g_build_filename (self->uploads_dir, id, NULL);
}

static char *
upload_info_path (JzServerFiles *self,
                  const char    *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (self->uploads_dir, name, NULL);
}

static gboolean
fsync_directory (const char  *path,
                 GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    goto fail;
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      saved_errno = errno;
      close (fd);
      errno = saved_errno;
      goto fail;
    }
  close (fd);
  return TRUE;

fail:
  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Cannot sync the folder %s: %s", path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
save_upload (JzServerFiles  *self,
             const Upload   *upload,
             GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = upload_info_path (self, upload->id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "length");
  json_builder_add_int_value (builder, upload->length);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, upload->sha256);
  json_builder_set_member_name (builder, "offset");
  json_builder_add_int_value (builder, upload->offset);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, upload->created);
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, upload->complete);
  if (upload->owner != NULL)
    {
      json_builder_set_member_name (builder, "owner");
      json_builder_add_string_value (builder, upload->owner);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  return g_file_set_contents_full (path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/* Reads the record of @id; bytes past its offset are cut off (they were
 * never confirmed). FALSE with G_IO_ERROR_NOT_FOUND when there is none. */
static gboolean
load_upload (JzServerFiles  *self,
             const char     *id,
             Upload         *upload,
             GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *root;
  const char *sha256;
  GStatBuf st;

  if (!jz_parse_upload_id (id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no upload %s", id);
      return FALSE;
    }

  path = upload_info_path (self, id);
  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "There is no upload %s", id);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "Cannot read the upload record %s: %s", path, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  sha256 = object ? json_object_get_string_member_with_default (object, "sha256", NULL) : NULL;
  if (object == NULL || !jz_photo_sha256_valid (sha256) ||
      !json_object_has_member (object, "length") ||
      !json_object_has_member (object, "offset"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The upload record %s is damaged", path);
      return FALSE;
    }

  upload->id = g_strdup (id);
  upload->length = json_object_get_int_member (object, "length");
  upload->offset = json_object_get_int_member (object, "offset");
  upload->created = json_object_get_int_member_with_default (object, "created", 0);
  upload->complete = json_object_get_boolean_member_with_default (object, "complete", FALSE);
  upload->owner = g_strdup (json_object_get_string_member_with_default (object, "owner", NULL));
  memcpy (upload->sha256, sha256, 65);

  if (upload->complete)
    return TRUE;

  data_path = upload_data_path (self, id);
  if (g_stat (data_path, &st) != 0)
    {
      /* Created but no byte written yet, or lost: start again from 0. */
      upload->offset = 0;
      return TRUE;
    }
  if (st.st_size > upload->offset && truncate (data_path, upload->offset) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot cut back the upload %s: %s", data_path, g_strerror (saved_errno));
      upload_clear (upload);
      return FALSE;
    }
  if (st.st_size < upload->offset)
    upload->offset = st.st_size;

  return TRUE;
}

static void
remove_upload (JzServerFiles *self,
               const char    *id)
{
  g_autofree char *data_path = upload_data_path (self, id);
  g_autofree char *info_path = upload_info_path (self, id);

  g_unlink (data_path);
  g_unlink (info_path);
}

static gboolean
ensure_blob_directory (JzServerFiles  *self,
                       const char     *sha256,
                       char          **out_dir,
                       GError        **error)
{
  char a[3] = { sha256[0], sha256[1], '\0' };
  char b[3] = { sha256[2], sha256[3], '\0' };
  const char *parts[] = { "blobs", a, b };
  g_autofree char *path = g_strdup (self->data_dir);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *parent = g_steal_pointer (&path);

      path = g_build_filename (parent, parts[i], NULL);
      if (g_mkdir (path, 0700) == 0)
        {
          if (!fsync_directory (parent, error))
            return FALSE;
        }
      else if (errno != EEXIST || !g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          int saved_errno = errno == EEXIST ? ENOTDIR : errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot create the photo folder %s: %s", path, g_strerror (saved_errno));
          return FALSE;
        }
    }

  *out_dir = g_steal_pointer (&path);
  return TRUE;
}

static char *
hash_file (const char  *path,
           GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buffer[65536];
  gssize n;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot read the upload %s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot read the upload %s: %s", path, g_strerror (saved_errno));
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
    }
  close (fd);

  return g_strdup (g_checksum_get_string (checksum));
}

/* How finishing an upload ended, for the answer. */
typedef struct
{
  JzServerFiles     *self;      /* owned */
  SoupServerMessage *msg;       /* owned */
  Upload             upload;
  guint              status;
  const char        *code;
  char              *message;
} Finishing;

static void
finishing_free (Finishing *f)
{
  g_object_unref (f->self);
  g_object_unref (f->msg);
  upload_clear (&f->upload);
  g_free (f->message);
  g_free (f);
}

G_GNUC_PRINTF (4, 5)
static void
finishing_fail (Finishing  *f,
                guint       status,
                const char *code,
                const char *format,
                ...)
{
  va_list args;

  f->status = status;
  f->code = code;
  va_start (args, format);
  f->message = g_strdup_vprintf (format, args);
  va_end (args);
}

/* The upload reached its length: hash it, check it is a photo, and either
 * move it into the blob store (durably) or throw it away. In a worker
 * thread: a photo is read whole, and a decoder's time is the sender's to
 * choose. */
static void
finish_upload (Finishing *f)
{
  JzServerFiles *self = f->self;
  Upload *upload = &f->upload;
  g_autofree char *data_path = upload_data_path (self, upload->id);
  g_autofree char *actual = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *blob = NULL;
  g_autoptr(GError) error = NULL;

  actual = hash_file (data_path, &error);
  if (actual == NULL)
    goto fail;

  if (strcmp (actual, upload->sha256) != 0)
    {
      remove_upload (self, upload->id);
      g_message ("Upload %s did not match its declared SHA-256; discarded", upload->id);
      finishing_fail (f, 460, "checksum_mismatch", "the uploaded file's SHA-256 is %.12s…, not the "
                      "declared %.12s…; the upload was discarded", actual, upload->sha256);
      return;
    }

  if (!ensure_blob_directory (self, upload->sha256, &dir, &error))
    goto fail;
  blob = g_build_filename (dir, upload->sha256, NULL);
  if (!g_file_test (blob, G_FILE_TEST_IS_REGULAR) && self->hooks != NULL && self->hooks->check != NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (data_path, FALSE, &error);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) photo_error = NULL;

      if (mapped == NULL)
        goto fail;
      bytes = g_mapped_file_get_bytes (mapped);
      /* Only a photo is kept: not a web page, not a 30000 × 30000 PNG. */
      if (!self->hooks->check (bytes, &photo_error))
        {
          remove_upload (self, upload->id);
          g_message ("Upload %s is not an acceptable photo (%s); discarded", upload->id,
                     photo_error->message);
          finishing_fail (f, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_photo", "%s; the upload was "
                          "discarded (photos are JPEG or PNG, at most %d pixels a side)",
                          photo_error->message, JZ_PHOTO_MAX_RECEIVED_SIDE);
          return;
        }
    }
  if (g_file_test (blob, G_FILE_TEST_IS_REGULAR))
    g_unlink (data_path);
  else if (g_rename (data_path, blob) != 0)
    {
      int saved_errno = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot move the upload into %s: %s", blob, g_strerror (saved_errno));
      goto fail;
    }
  if (!fsync_directory (dir, &error) || !fsync_directory (self->uploads_dir, &error))
    goto fail;

  /* The record stays (until it expires) so that a HEAD after a lost
   * answer still says the upload is complete. */
  upload->complete = TRUE;
  upload->offset = upload->length;
  if (!save_upload (self, upload, &error))
    goto fail;
  f->status = SOUP_STATUS_NO_CONTENT;
  return;

fail:
  g_warning ("Cannot finish upload %s: %s", upload->id, error->message);
  finishing_fail (f, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "%s", error->message);
}

static void
finish_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  finish_upload (data);
  g_task_return_boolean (task, TRUE);
}

static void
finish_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Finishing *f = g_task_get_task_data (G_TASK (result));
  JzServerFiles *self = f->self;
  SoupServerMessage *msg = f->msg;

  if (f->status != SOUP_STATUS_NO_CONTENT)
    {
      set_error (msg, f->status, f->code, f->message);
      soup_server_message_unpause (msg);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  set_offset_header (msg, f->upload.offset);
  /* the hook answers once it has recorded the sender (it unpauses) */
  if (self->hooks != NULL && self->hooks->uploaded != NULL && requester (msg) != NULL)
    self->hooks->uploaded (msg, requester (msg), f->upload.sha256, self->hooks_data);
  else
    soup_server_message_unpause (msg);
}

static void
finish_upload_async (JzServerFiles     *self,
                     Upload            *upload,
                     SoupServerMessage *msg)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, finish_done, NULL);
  Finishing *f = g_new0 (Finishing, 1);

  f->self = g_object_ref (self);
  f->msg = g_object_ref (msg);
  f->upload = *upload;
  f->upload.id = g_strdup (upload->id);
  f->upload.owner = g_strdup (upload->owner);
  g_task_set_task_data (task, f, (GDestroyNotify) finishing_free);
  soup_server_message_pause (msg);
  g_task_run_in_thread (task, finish_thread);
}

/* ---- Header parsing --------------------------------------------------- */

/* ---- Requests --------------------------------------------------------- */

static gboolean
check_common (JzServerFiles     *self,
              SoupServerMessage *msg,
              gboolean           tus)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *version;

  if (self->hooks != NULL)
    {
      char *who = self->hooks->authenticate (msg, self->hooks_data);

      if (who == NULL)
        return FALSE;
      g_object_set_data_full (G_OBJECT (msg), "jz-files-who", who, g_free);
    }

  if (!tus)
    return TRUE;

  version = soup_message_headers_get_one (req, "Tus-Resumable");
  if (g_strcmp0 (version, TUS_VERSION) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Tus-Version", TUS_VERSION);
      set_errorf (msg, SOUP_STATUS_PRECONDITION_FAILED, "unsupported_version",
                  "the header Tus-Resumable must be %s (got %s)", TUS_VERSION,
                  version ? version : "none");
      return FALSE;
    }

  return TRUE;
}

static void
handle_options (SoupServerMessage *msg)
{
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (resp, "Tus-Version", TUS_VERSION);
  soup_message_headers_replace (resp, "Tus-Extension", "creation,checksum,termination");
  soup_message_headers_replace (resp, "Tus-Max-Size", "16777216");
  soup_message_headers_replace (resp, "Tus-Checksum-Algorithm", "sha1,sha256");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static char *
new_upload_id (void)
{
  GString *id = g_string_sized_new (33);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (id, "%08x", g_random_int ());
  return g_string_free (id, FALSE);
}

static void
set_location (JzServerFiles     *self,
              SoupServerMessage *msg,
              const char        *id)
{
  g_autofree char *location = g_strconcat (self->prefix, "files/", id, NULL);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
}

static void
handle_create (JzServerFiles     *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *length_text = soup_message_headers_get_one (req, "Upload-Length");
  const char *metadata = soup_message_headers_get_one (req, "Upload-Metadata");
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) error = NULL;
  Upload upload = { 0 };
  gint64 length;

  if (length_text == NULL)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 soup_message_headers_get_one (req, "Upload-Defer-Length")
                 ? "Upload-Defer-Length is not supported; send Upload-Length"
                 : "the header Upload-Length is missing");
      return;
    }
  if (!jz_parse_byte_count (length_text, G_MAXINT64, &length))
    {
      set_errorf (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                  "the header Upload-Length is not a byte count: \"%s\"", length_text);
      return;
    }
  if (length > MAX_BLOB_BYTES)
    {
      set_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "a photo is at most %d bytes (Upload-Length is %" G_GINT64_FORMAT ")",
                  MAX_BLOB_BYTES, length);
      return;
    }

  sha256 = jz_parse_tus_metadata (metadata, "sha256");
  if (sha256 == NULL)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 "the header Upload-Metadata must carry sha256 (the photo's SHA-256 "
                 "in hex, base64-encoded)");
      return;
    }
  g_strstrip (sha256);
  for (char *p = sha256; *p; p++)
    *p = g_ascii_tolower (*p);
  if (!jz_photo_sha256_valid (sha256))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 "Upload-Metadata sha256 is not 64 hex digits");
      return;
    }

  upload.id = new_upload_id ();
  upload.length = length;
  upload.created = g_get_real_time () / G_USEC_PER_SEC;
  memcpy (upload.sha256, sha256, 65);

  upload.owner = g_strdup (requester (msg));
  /* A photo the server has counts as sent only for a device that may see
   * it; another must send the bytes, which proves it has the photo. */
  if (jz_server_files_has_blob (self, sha256) &&
      (self->hooks == NULL || self->hooks->may_read == NULL ||
       self->hooks->may_read (msg, requester (msg), sha256, self->hooks_data)))
    {
      /* Nothing to send; the record lets a HEAD or PATCH on the Location
       * answer with the full offset. */
      upload.offset = length;
      upload.complete = TRUE;
    }

  if (!save_upload (self, &upload, &error))
    {
      g_warning ("Cannot create an upload: %s", error->message);
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "cannot create the upload record on the server");
      upload_clear (&upload);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  set_location (self, msg, upload.id);
  if (upload.complete)
    set_offset_header (msg, upload.offset);
  upload_clear (&upload);
}

static void
handle_head (JzServerFiles     *self,
             SoupServerMessage *msg,
             const char        *id)
{
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *length = NULL;
  Upload upload = { 0 };
  Patch *patch;

  soup_message_headers_replace (resp, "Cache-Control", "no-store");
  patch = g_hash_table_lookup (self->receiving, id);
  if (patch != NULL)
    {
      if (!upload_is_mine (msg, &patch->upload))
        set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      else
        /* The previous PATCH is still arriving: its offset is not known yet. */
        set_errorf (msg, SOUP_STATUS_LOCKED, "locked",
                    "upload %s is still receiving a chunk; ask again", id);
      return;
    }
  if (!load_upload (self, id, &upload, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", error->message);
      else
        set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }
  if (!upload_is_mine (msg, &upload))
    {
      set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      upload_clear (&upload);
      return;
    }

  length = g_strdup_printf ("%" G_GINT64_FORMAT, upload.length);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  set_offset_header (msg, upload.offset);
  soup_message_headers_replace (resp, "Upload-Length", length);
  upload_clear (&upload);
}

static void
handle_delete (JzServerFiles     *self,
               SoupServerMessage *msg,
               const char        *id)
{
  g_autofree char *info = NULL;
  Patch *patch;

  if (!jz_parse_upload_id (id) || !g_file_test ((info = upload_info_path (self, id)),
                                              G_FILE_TEST_EXISTS))
    {
      set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      return;
    }

  patch = g_hash_table_lookup (self->receiving, id);
  if (patch != NULL)
    {
      if (!upload_is_mine (msg, &patch->upload))
        {
          set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
          return;
        }
      patch->deleted = TRUE;
    }
  else
    {
      Upload upload = { 0 };
      gboolean mine;

      /* a damaged record goes, whoever asks */
      mine = !load_upload (self, id, &upload, NULL) || upload_is_mine (msg, &upload);
      upload_clear (&upload);
      if (!mine)
        {
          set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
          return;
        }
    }
  remove_upload (self, id);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* ---- PATCH: the body arrives in pieces -------------------------------- */

static void
patch_free (Patch *patch)
{
  if (patch->fd >= 0)
    close (patch->fd);
  g_hash_table_remove (patch->self->receiving, patch->upload.id);
  upload_clear (&patch->upload);
  g_clear_pointer (&patch->checksum, g_checksum_free);
  g_free (patch->expected);
  g_object_unref (patch->self);
  g_free (patch);
}

static void
patch_got_chunk (SoupServerMessage *msg,
                 GBytes            *chunk,
                 Patch             *patch)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (chunk, &len);
  gint64 pos;

  if (patch->overflow || patch->write_failed || patch->deleted)
    return;
  if (patch->received + (gint64) len > patch->limit)
    {
      patch->overflow = TRUE;
      return;
    }

  pos = patch->upload.offset + patch->received;
  while (len > 0)
    {
      gssize n = pwrite (patch->fd, data, len, pos);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          patch->write_failed = TRUE;
          return;
        }
      if (patch->checksum != NULL)
        g_checksum_update (patch->checksum, data, n);
      data += n;
      len -= n;
      pos += n;
      patch->received += n;
    }
  jz_test_crash_point ("mid-upload");      /* test hook: jz-test-crash.h */
}

/* Keeps the bytes received so far: synced first, then the offset moves. */
static gboolean
patch_commit (Patch   *patch,
              GError **error)
{
  if (fsync (patch->fd) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot sync upload %s: %s", patch->upload.id, g_strerror (saved_errno));
      return FALSE;
    }
  patch->upload.offset += patch->received;
  patch->received = 0;
  return save_upload (patch->self, &patch->upload, error);
}

static void
patch_drop (Patch *patch)
{
  if (ftruncate (patch->fd, patch->upload.offset) != 0)
    g_warning ("Cannot cut back upload %s: %s", patch->upload.id, g_strerror (errno));
  patch->received = 0;
}

/* After the whole body arrived (the request handler). */
static void
patch_answer (JzServerFiles     *self,
              SoupServerMessage *msg,
              Patch             *patch)
{
  g_autoptr(GError) error = NULL;

  patch->answered = TRUE;
  if (patch->deleted)
    {
      set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                  "upload %s was deleted while its chunk arrived", patch->upload.id);
      return;
    }
  if (patch->overflow)
    {
      patch_drop (patch);
      set_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "a PATCH carries at most %d bytes and no more than the upload's length",
                  MAX_CHUNK_BYTES);
      return;
    }
  if (patch->write_failed)
    {
      patch_drop (patch);
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "cannot write the upload on the server's disk");
      return;
    }
  if (patch->checksum != NULL)
    {
      guint8 digest[32];
      gsize digest_len = sizeof digest;

      g_checksum_get_digest (patch->checksum, digest, &digest_len);
      if (digest_len != patch->expected_len ||
          memcmp (digest, patch->expected, digest_len) != 0)
        {
          patch_drop (patch);
          set_errorf (msg, 460, "checksum_mismatch",
                      "the chunk at offset %" G_GINT64_FORMAT " does not match its "
                      "Upload-Checksum; it was dropped", patch->upload.offset);
          return;
        }
    }

  if (!patch_commit (patch, &error))
    {
      patch_drop (patch);
      g_warning ("%s", error->message);
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "cannot save the upload on the server's disk");
      return;
    }

  if (patch->upload.offset == patch->upload.length)
    {
      close (patch->fd);
      patch->fd = -1;
      finish_upload_async (self, &patch->upload, msg);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  set_offset_header (msg, patch->upload.offset);
}

/* The message is done; if no answer was made the body was cut. */
static void
patch_finished (SoupServerMessage *msg,
                Patch             *patch)
{
  g_autoptr(GError) error = NULL;

  if (!patch->answered && !patch->deleted && patch->fd >= 0)
    {
      /* A chunk without checksum keeps what arrived (the client resumes
       * from there); one with a checksum cannot be verified, so it goes. */
      if (patch->checksum != NULL || patch->overflow || patch->write_failed)
        patch_drop (patch);
      else if (patch->received > 0 && !patch_commit (patch, &error))
        {
          g_warning ("%s", error->message);
          patch_drop (patch);
        }
    }

  g_signal_handlers_disconnect_by_data (msg, patch);
  g_object_set_data (G_OBJECT (msg), "jz-patch", NULL);
}

static void
patch_start (JzServerFiles     *self,
             SoupServerMessage *msg,
             const char        *id)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (req, NULL);
  const char *offset_text = soup_message_headers_get_one (req, "Upload-Offset");
  const char *checksum = soup_message_headers_get_one (req, "Upload-Checksum");
  g_autoptr(GError) error = NULL;
  g_autofree char *data_path = NULL;
  Upload upload = { 0 };
  Patch *patch;
  gint64 offset;
  goffset content_length = -1;

  if (g_strcmp0 (content_type, "application/offset+octet-stream") != 0)
    {
      set_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                 "a PATCH must have Content-Type: application/offset+octet-stream");
      return;
    }
  if (!jz_parse_byte_count (offset_text, G_MAXINT64, &offset))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 "the header Upload-Offset is missing or not a byte count");
      return;
    }
  patch = g_hash_table_lookup (self->receiving, id);
  if (patch != NULL)
    {
      if (!upload_is_mine (msg, &patch->upload))
        set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      else
        set_errorf (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                    "upload %s is still receiving another PATCH", id);
      return;
    }
  if (!load_upload (self, id, &upload, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", error->message);
      else
        set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }
  if (!upload_is_mine (msg, &upload))
    {
      set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      upload_clear (&upload);
      return;
    }
  if (offset != upload.offset)
    {
      set_errorf (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                  "Upload-Offset is %" G_GINT64_FORMAT " but upload %s is at %" G_GINT64_FORMAT,
                  offset, id, upload.offset);
      set_offset_header (msg, upload.offset);
      upload_clear (&upload);
      return;
    }

  if (soup_message_headers_get_encoding (req) == SOUP_ENCODING_CONTENT_LENGTH)
    content_length = soup_message_headers_get_content_length (req);
  if (content_length > MAX_CHUNK_BYTES || content_length > upload.length - upload.offset)
    {
      set_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "a PATCH carries at most %d bytes and no more than the %" G_GINT64_FORMAT
                  " bytes the upload still lacks (got %" G_GOFFSET_FORMAT ")",
                  MAX_CHUNK_BYTES, upload.length - upload.offset, content_length);
      upload_clear (&upload);
      return;
    }

  patch = g_new0 (Patch, 1);
  patch->fd = -1;
  patch->upload = upload;
  patch->limit = MIN (MAX_CHUNK_BYTES, upload.length - upload.offset);
  if (checksum != NULL)
    {
      if (!jz_parse_upload_checksum (checksum, &patch->checksum_type,
                                  &patch->expected, &patch->expected_len))
        {
          set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                     "Upload-Checksum must be \"sha1 BASE64\" or \"sha256 BASE64\" of the chunk");
          upload_clear (&patch->upload);
          g_free (patch);
          return;
        }
      patch->checksum = g_checksum_new (patch->checksum_type);
    }

  data_path = upload_data_path (self, id);
  patch->fd = g_open (data_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (patch->fd < 0)
    {
      g_warning ("Cannot open upload %s: %s", data_path, g_strerror (errno));
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "cannot write the upload on the server's disk");
      upload_clear (&patch->upload);
      g_clear_pointer (&patch->checksum, g_checksum_free);
      g_free (patch->expected);
      g_free (patch);
      return;
    }

  patch->self = g_object_ref (self);
  g_hash_table_insert (self->receiving, patch->upload.id, patch);
  g_object_set_data_full (G_OBJECT (msg), "jz-patch", patch, (GDestroyNotify) patch_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (patch_got_chunk), patch);
  g_signal_connect (msg, "finished", G_CALLBACK (patch_finished), patch);
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
  if (!check_common (self, msg, TRUE))
    return;
  patch_start (self, msg, id);
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
      set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at %s", path);
      return;
    }

  if (method == SOUP_METHOD_OPTIONS)
    {
      handle_options (msg);
      return;
    }

  if (g_strcmp0 (method, "PATCH") == 0 && *id != '\0')
    {
      patch = g_object_get_data (G_OBJECT (msg), "jz-patch");
      if (patch != NULL)
        patch_answer (self, msg, patch);
      return;
    }

  if (!check_common (self, msg, TRUE))
    return;

  if (*id == '\0')
    {
      if (method == SOUP_METHOD_POST)
        handle_create (self, msg);
      else
        set_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                    "%s is not allowed on files/", method);
      return;
    }

  if (method == SOUP_METHOD_HEAD)
    handle_head (self, msg, id);
  else if (method == SOUP_METHOD_DELETE)
    handle_delete (self, msg, id);
  else
    set_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
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
  if (!check_common (self, msg, FALSE))
    return;

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      set_errorf (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                  "%s is not allowed on a blob", method);
      return;
    }

  sha256 = g_str_has_prefix (path, blobs_prefix) ? path + strlen (blobs_prefix) : "";
  if (!jz_photo_sha256_valid (sha256))
    {
      set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                  "blobs/ takes a SHA-256 of 64 lower-case hex digits");
      return;
    }

  /* A photo outside the device's scope is answered as if there were none. */
  if (self->hooks != NULL && self->hooks->may_read != NULL &&
      !self->hooks->may_read (msg, requester (msg), sha256, self->hooks_data))
    {
      set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no photo %s", sha256);
      return;
    }

  blob = jz_photo_store_blob_path (self->photos, sha256);
  mapped = g_mapped_file_new (blob, FALSE, &error);
  if (mapped == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no photo %s", sha256);
      else
        {
          g_warning ("Cannot read %s: %s", blob, error->message);
          set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
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
          set_errorf (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable",
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

      if (load_upload (self, id, &upload, &error))
        created = upload.created;
      else
        created = 0;  /* a damaged record: gone */
      upload_clear (&upload);

      if (now - created >= max_age_seconds)
        {
          remove_upload (self, id);
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
