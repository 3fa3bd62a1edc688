/* jz-server-tus.c — the tus 1.0 requests of the county server: OPTIONS,
 * POST (creation), HEAD, DELETE (termination) and PATCH, whose body is
 * written to the upload as it arrives
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

#include "jz-server-files-private.h"
#include "jz-test-crash.h"

/* ---- Header parsing --------------------------------------------------- */

/* ---- Requests --------------------------------------------------------- */

gboolean
_jz_files_check_common (JzServerFiles     *self,
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
      _jz_files_set_errorf (msg, SOUP_STATUS_PRECONDITION_FAILED, "unsupported_version",
                  "the header Tus-Resumable must be %s (got %s)", TUS_VERSION,
                  version ? version : "none");
      return FALSE;
    }

  return TRUE;
}

void
_jz_files_handle_options (SoupServerMessage *msg)
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

void
_jz_files_handle_create (JzServerFiles     *self,
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
      _jz_files_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 soup_message_headers_get_one (req, "Upload-Defer-Length")
                 ? "Upload-Defer-Length is not supported; send Upload-Length"
                 : "the header Upload-Length is missing");
      return;
    }
  if (!jz_parse_byte_count (length_text, G_MAXINT64, &length))
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                  "the header Upload-Length is not a byte count: \"%s\"", length_text);
      return;
    }
  if (length > MAX_BLOB_BYTES)
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "a photo is at most %d bytes (Upload-Length is %" G_GINT64_FORMAT ")",
                  MAX_BLOB_BYTES, length);
      return;
    }

  sha256 = jz_parse_tus_metadata (metadata, "sha256");
  if (sha256 == NULL)
    {
      _jz_files_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 "the header Upload-Metadata must carry sha256 (the photo's SHA-256 "
                 "in hex, base64-encoded)");
      return;
    }
  g_strstrip (sha256);
  for (char *p = sha256; *p; p++)
    *p = g_ascii_tolower (*p);
  if (!jz_photo_sha256_valid (sha256))
    {
      _jz_files_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 "Upload-Metadata sha256 is not 64 hex digits");
      return;
    }

  upload.id = new_upload_id ();
  upload.length = length;
  upload.created = g_get_real_time () / G_USEC_PER_SEC;
  memcpy (upload.sha256, sha256, 65);

  upload.owner = g_strdup (_jz_files_requester (msg));
  /* A photo the server has counts as sent only for a device that may see
   * it; another must send the bytes, which proves it has the photo. */
  if (jz_server_files_has_blob (self, sha256) &&
      (self->hooks == NULL || self->hooks->may_read == NULL ||
       self->hooks->may_read (msg, _jz_files_requester (msg), sha256, self->hooks_data)))
    {
      /* Nothing to send; the record lets a HEAD or PATCH on the Location
       * answer with the full offset. */
      upload.offset = length;
      upload.complete = TRUE;
    }

  if (!_jz_files_save_upload (self, &upload, &error))
    {
      g_warning ("Cannot create an upload: %s", error->message);
      _jz_files_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "cannot create the upload record on the server");
      _jz_files_upload_clear (&upload);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  set_location (self, msg, upload.id);
  if (upload.complete)
    _jz_files_set_offset_header (msg, upload.offset);
  _jz_files_upload_clear (&upload);
}

void
_jz_files_handle_head (JzServerFiles     *self,
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
      if (!_jz_files_upload_is_mine (msg, &patch->upload))
        _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      else
        /* The previous PATCH is still arriving: its offset is not known yet. */
        _jz_files_set_errorf (msg, SOUP_STATUS_LOCKED, "locked",
                    "upload %s is still receiving a chunk; ask again", id);
      return;
    }
  if (!_jz_files_load_upload (self, id, &upload, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        _jz_files_set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", error->message);
      else
        _jz_files_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }
  if (!_jz_files_upload_is_mine (msg, &upload))
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      _jz_files_upload_clear (&upload);
      return;
    }

  length = g_strdup_printf ("%" G_GINT64_FORMAT, upload.length);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  _jz_files_set_offset_header (msg, upload.offset);
  soup_message_headers_replace (resp, "Upload-Length", length);
  _jz_files_upload_clear (&upload);
}

void
_jz_files_handle_delete (JzServerFiles     *self,
                         SoupServerMessage *msg,
                         const char        *id)
{
  g_autofree char *info = NULL;
  Patch *patch;

  if (!jz_parse_upload_id (id) || !g_file_test ((info = _jz_files_upload_info_path (self, id)),
                                              G_FILE_TEST_EXISTS))
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      return;
    }

  patch = g_hash_table_lookup (self->receiving, id);
  if (patch != NULL)
    {
      if (!_jz_files_upload_is_mine (msg, &patch->upload))
        {
          _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
          return;
        }
      patch->deleted = TRUE;
    }
  else
    {
      Upload upload = { 0 };
      gboolean mine;

      /* a damaged record goes, whoever asks */
      mine = !_jz_files_load_upload (self, id, &upload, NULL) || _jz_files_upload_is_mine (msg, &upload);
      _jz_files_upload_clear (&upload);
      if (!mine)
        {
          _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
          return;
        }
    }
  _jz_files_remove_upload (self, id);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* ---- PATCH: the body arrives in pieces -------------------------------- */

static void
patch_free (Patch *patch)
{
  if (patch->fd >= 0)
    close (patch->fd);
  g_hash_table_remove (patch->self->receiving, patch->upload.id);
  _jz_files_upload_clear (&patch->upload);
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
  return _jz_files_save_upload (patch->self, &patch->upload, error);
}

static void
patch_drop (Patch *patch)
{
  if (ftruncate (patch->fd, patch->upload.offset) != 0)
    g_warning ("Cannot cut back upload %s: %s", patch->upload.id, g_strerror (errno));
  patch->received = 0;
}

/* After the whole body arrived (the request handler). */
void
_jz_files_patch_answer (JzServerFiles     *self,
                        SoupServerMessage *msg,
                        Patch             *patch)
{
  g_autoptr(GError) error = NULL;

  patch->answered = TRUE;
  if (patch->deleted)
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                  "upload %s was deleted while its chunk arrived", patch->upload.id);
      return;
    }
  if (patch->overflow)
    {
      patch_drop (patch);
      _jz_files_set_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "a PATCH carries at most %d bytes and no more than the upload's length",
                  MAX_CHUNK_BYTES);
      return;
    }
  if (patch->write_failed)
    {
      patch_drop (patch);
      _jz_files_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
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
          _jz_files_set_errorf (msg, 460, "checksum_mismatch",
                      "the chunk at offset %" G_GINT64_FORMAT " does not match its "
                      "Upload-Checksum; it was dropped", patch->upload.offset);
          return;
        }
    }

  if (!patch_commit (patch, &error))
    {
      patch_drop (patch);
      g_warning ("%s", error->message);
      _jz_files_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "cannot save the upload on the server's disk");
      return;
    }

  if (patch->upload.offset == patch->upload.length)
    {
      close (patch->fd);
      patch->fd = -1;
      _jz_files_finish_upload_async (self, &patch->upload, msg);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  _jz_files_set_offset_header (msg, patch->upload.offset);
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

void
_jz_files_patch_start (JzServerFiles     *self,
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
      _jz_files_set_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                 "a PATCH must have Content-Type: application/offset+octet-stream");
      return;
    }
  if (!jz_parse_byte_count (offset_text, G_MAXINT64, &offset))
    {
      _jz_files_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                 "the header Upload-Offset is missing or not a byte count");
      return;
    }
  patch = g_hash_table_lookup (self->receiving, id);
  if (patch != NULL)
    {
      if (!_jz_files_upload_is_mine (msg, &patch->upload))
        _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      else
        _jz_files_set_errorf (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                    "upload %s is still receiving another PATCH", id);
      return;
    }
  if (!_jz_files_load_upload (self, id, &upload, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        _jz_files_set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", error->message);
      else
        _jz_files_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", error->message);
      return;
    }
  if (!_jz_files_upload_is_mine (msg, &upload))
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is no upload %s", id);
      _jz_files_upload_clear (&upload);
      return;
    }
  if (offset != upload.offset)
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_CONFLICT, "offset_mismatch",
                  "Upload-Offset is %" G_GINT64_FORMAT " but upload %s is at %" G_GINT64_FORMAT,
                  offset, id, upload.offset);
      _jz_files_set_offset_header (msg, upload.offset);
      _jz_files_upload_clear (&upload);
      return;
    }

  if (soup_message_headers_get_encoding (req) == SOUP_ENCODING_CONTENT_LENGTH)
    content_length = soup_message_headers_get_content_length (req);
  if (content_length > MAX_CHUNK_BYTES || content_length > upload.length - upload.offset)
    {
      _jz_files_set_errorf (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "a PATCH carries at most %d bytes and no more than the %" G_GINT64_FORMAT
                  " bytes the upload still lacks (got %" G_GOFFSET_FORMAT ")",
                  MAX_CHUNK_BYTES, upload.length - upload.offset, content_length);
      _jz_files_upload_clear (&upload);
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
          _jz_files_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field",
                     "Upload-Checksum must be \"sha1 BASE64\" or \"sha256 BASE64\" of the chunk");
          _jz_files_upload_clear (&patch->upload);
          g_free (patch);
          return;
        }
      patch->checksum = g_checksum_new (patch->checksum_type);
    }

  data_path = _jz_files_upload_data_path (self, id);
  patch->fd = g_open (data_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (patch->fd < 0)
    {
      g_warning ("Cannot open upload %s: %s", data_path, g_strerror (errno));
      _jz_files_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "cannot write the upload on the server's disk");
      _jz_files_upload_clear (&patch->upload);
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
