/* jz-server-uploads.c — an upload on the county server: its record and
 * bytes in DATA_DIR/uploads/, and finishing it into a blob
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "jz-file.h"
#include "jz-server-files-private.h"
#include "jz-test-crash.h"

/* ---- Paths and upload records ----------------------------------------- */

char *
_jz_files_upload_data_path (JzServerFiles *self,
                            const char    *id)
{
  return g_build_filename (self->uploads_dir, id, NULL);
}

char *
_jz_files_upload_info_path (JzServerFiles *self,
                            const char    *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (self->uploads_dir, name, NULL);
}

static gboolean
fsync_directory (const char  *path,
                 GError     **error)
{
  int saved_errno = jz_file_sync_dir (path);

  if (saved_errno == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Cannot sync the folder %s: %s", path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
_jz_files_save_upload (JzServerFiles  *self,
                       const Upload   *upload,
                       GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = _jz_files_upload_info_path (self, upload->id);

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
gboolean
_jz_files_load_upload (JzServerFiles  *self,
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

  path = _jz_files_upload_info_path (self, id);
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

  data_path = _jz_files_upload_data_path (self, id);
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
      _jz_files_upload_clear (upload);
      return FALSE;
    }
  if (st.st_size < upload->offset)
    upload->offset = st.st_size;

  return TRUE;
}

void
_jz_files_remove_upload (JzServerFiles *self,
                         const char    *id)
{
  g_autofree char *data_path = _jz_files_upload_data_path (self, id);
  g_autofree char *info_path = _jz_files_upload_info_path (self, id);

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
  _jz_files_upload_clear (&f->upload);
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
  g_autofree char *data_path = _jz_files_upload_data_path (self, upload->id);
  g_autofree char *actual = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *blob = NULL;
  g_autoptr(GError) error = NULL;

  actual = hash_file (data_path, &error);
  if (actual == NULL)
    goto fail;

  if (strcmp (actual, upload->sha256) != 0)
    {
      _jz_files_remove_upload (self, upload->id);
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
          _jz_files_remove_upload (self, upload->id);
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
  if (!_jz_files_save_upload (self, upload, &error))
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
      _jz_files_set_error (msg, f->status, f->code, f->message);
      soup_server_message_unpause (msg);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  _jz_files_set_offset_header (msg, f->upload.offset);
  /* the hook answers once it has recorded the sender (it unpauses) */
  if (self->hooks != NULL && self->hooks->uploaded != NULL && _jz_files_requester (msg) != NULL)
    self->hooks->uploaded (msg, _jz_files_requester (msg), f->upload.sha256, self->hooks_data);
  else
    soup_server_message_unpause (msg);
}

void
_jz_files_finish_upload_async (JzServerFiles     *self,
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
