/* test-tus.c — photos over the network: the tus client against a real server process
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test spawns jz-test-file-server (JzServerFiles in a SoupServer on
 * 127.0.0.1) on its own data directory and talks HTTP to it; the crash
 * tests let it SIGKILL itself in the middle of a chunk and start it again
 * on the same port and data directory.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "jz-server-files.h"
#include "jz-tus-client.h"

#define TOKEN "test-token-0123456789"
#define KiB 1024
#define MiB (1024 * 1024)

typedef struct
{
  char        *tmp;
  char        *data_dir;
  char        *state_dir;
  GPid         pid;
  guint        port;
  char        *base_url;
  SoupSession *session;
} Fixture;

/* ---- The server process ----------------------------------------------- */

/* The server must not outlive a test that crashed. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* No proxy: the isolated test directories have no GSettings schemas. */
static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", 20, "proxy-resolver", NULL, NULL);
}

static void
server_start (Fixture    *f,
              const char *option,
              const char *value)
{
  g_autofree char *server = g_test_build_filename (G_TEST_BUILT, "jz-test-file-server", NULL);
  g_autofree char *port = g_strdup_printf ("%u", f->port);
  const char *argv[] = { server, f->data_dir, TOKEN, "--port", port, option, value, NULL };
  g_autoptr(GError) error = NULL;
  char line[32] = { 0 };
  gsize len = 0;
  int out = -1;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                            &f->pid, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  while (len < sizeof line - 1)
    {
      gssize n = read (out, line + len, 1);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, ==, 1);
      if (line[len] == '\n')
        break;
      len++;
    }
  close (out);
  line[len] = '\0';
  f->port = (guint) g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (f->port, >, 0);

  g_free (f->base_url);
  f->base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1/", f->port);
}

/* Waits for the server to die (it kills itself with --die-after). */
static void
server_wait_dead (Fixture *f)
{
  int status = 0;

  g_assert_cmpint (waitpid (f->pid, &status, 0), ==, f->pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_spawn_close_pid (f->pid);
  f->pid = 0;
}

static void
server_stop (Fixture *f)
{
  if (f->pid == 0)
    return;
  kill (f->pid, SIGKILL);
  waitpid (f->pid, NULL, 0);
  g_spawn_close_pid (f->pid);
  f->pid = 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmp = g_dir_make_tmp ("juzhu-tus-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->tmp, "server", NULL);
  f->state_dir = g_build_filename (f->tmp, "state", NULL);
  f->session = new_session ();
  server_start (f, NULL, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *command = NULL;

  server_stop (f);
  g_clear_object (&f->session);
  command = g_strdup_printf ("rm -rf '%s'", f->tmp);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->tmp);
  g_free (f->data_dir);
  g_free (f->state_dir);
  g_free (f->base_url);
}

/* ---- Helpers ---------------------------------------------------------- */

/* A file of @size pseudo-random bytes; its SHA-256 in @sha256. */
static char *
make_file (Fixture    *f,
           const char *name,
           gsize       size,
           char      **sha256)
{
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->tmp, name, NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_test_rand_int_range (0, 256);
  g_file_set_contents (path, (char *) data, size, &error);
  g_assert_no_error (error);
  if (sha256 != NULL)
    *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  return path;
}

static char *
blob_path (Fixture    *f,
           const char *sha256)
{
  char a[3] = { sha256[0], sha256[1], 0 };
  char b[3] = { sha256[2], sha256[3], 0 };

  return g_build_filename (f->data_dir, "blobs", a, b, sha256, NULL);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  gsize xn, yn;

  g_assert_true (g_file_get_contents (a, &x, &xn, NULL));
  g_assert_true (g_file_get_contents (b, &y, &yn, NULL));
  g_assert_cmpmem (x, xn, y, yn);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* A request by hand; @path is under /api/v1/ unless it starts with "/". */
static SoupMessage *
request (Fixture    *f,
         const char *method,
         const char *path,
         gboolean    token,
         gboolean    tus)
{
  g_autofree char *url = NULL;
  SoupMessage *msg;

  if (path[0] == '/')
    url = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
  else
    url = g_strconcat (f->base_url, path, NULL);
  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  if (token)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Authorization", "Bearer " TOKEN);
  if (tus)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Tus-Resumable", "1.0.0");
  return msg;
}

static GBytes *
send (Fixture     *f,
      SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read (f->session, msg, NULL, &error);

  g_assert_no_error (error);
  return body;
}

static const char *
header (SoupMessage *msg,
        const char  *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (msg), name);
}

static void
assert_error_code (GBytes     *body,
                   const char *code)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autofree char *want = g_strdup_printf ("\"code\":\"%s\"", code);

  g_assert_nonnull (strstr (text, want));
}

/* POST files/ by hand: the upload's path (from Location). */
static char *
create_upload (Fixture    *f,
               gsize       length,
               const char *sha256)
{
  g_autoptr(SoupMessage) msg = request (f, "POST", "files/", TRUE, TRUE);
  g_autofree char *length_text = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
  g_autofree char *hash64 = g_base64_encode ((const guchar *) sha256, 64);
  g_autofree char *metadata = g_strconcat ("sha256 ", hash64, ",filename eC5qcGc=", NULL);
  g_autoptr(GBytes) body = NULL;
  const char *location;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Length", length_text);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Metadata", metadata);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_CREATED);
  g_assert_cmpstr (header (msg, "Tus-Resumable"), ==, "1.0.0");
  location = header (msg, "Location");
  g_assert_true (g_str_has_prefix (location, "/api/v1/files/"));
  return g_strdup (location);
}

static gint64
head_offset (Fixture    *f,
             const char *location)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(SoupMessage) msg = request (f, "HEAD", location, TRUE, TRUE);
      g_autoptr(GBytes) body = send (f, msg);

      if (soup_message_get_status (msg) == SOUP_STATUS_LOCKED)
        {
          g_usleep (20000);  /* the cut PATCH is still being noticed */
          continue;
        }
      if (soup_message_get_status (msg) == SOUP_STATUS_NOT_FOUND)
        return -1;
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
      g_assert_cmpstr (header (msg, "Cache-Control"), ==, "no-store");
      g_assert_nonnull (header (msg, "Upload-Length"));
      return g_ascii_strtoll (header (msg, "Upload-Offset"), NULL, 10);
    }
  g_assert_not_reached ();
}

static SoupMessage *
patch_request (Fixture    *f,
               const char *location,
               gint64      offset,
               GBytes     *chunk,
               const char *checksum)
{
  SoupMessage *msg = request (f, "PATCH", location, TRUE, TRUE);
  g_autofree char *offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Offset", offset_text);
  if (checksum != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Checksum", checksum);
  soup_message_set_request_body_from_bytes (msg, "application/offset+octet-stream", chunk);
  return msg;
}

static char *
sha256_b64 (GBytes *bytes)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *b64 = NULL;

  g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_checksum_get_digest (checksum, digest, &len);
  b64 = g_base64_encode (digest, len);
  return g_strconcat ("sha256 ", b64, NULL);
}

static void
count_progress (goffset  confirmed,
                goffset  total,
                gpointer data)
{
  guint *calls = data;

  g_assert_cmpint (confirmed, <=, total);
  (*calls)++;
}

/* ---- Tests ------------------------------------------------------------ */

static void
test_upload (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 1000 * 1000, &sha256);
  g_autofree char *blob = blob_path (f, sha256);
  g_autoptr(GError) error = NULL;
  JzTusStats stats = { 0 };
  guint calls = 0;
  gboolean exists = TRUE;

  g_assert_true (jz_tus_blob_exists (f->session, f->base_url, TOKEN, sha256, &exists, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (exists);

  g_assert_true (jz_tus_upload (f->session, f->base_url, TOKEN, path, sha256, f->state_dir,
                                256 * KiB, count_progress, &calls, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.bytes_sent, ==, 1000 * 1000);
  g_assert_cmpuint (calls, ==, 4);
  g_assert_cmpuint (stats.resumes, ==, 0);
  assert_same_file (path, blob);
  g_assert_cmpuint (count_files (f->state_dir), ==, 0);

  g_assert_true (jz_tus_blob_exists (f->session, f->base_url, TOKEN, sha256, &exists, NULL, &error));
  g_assert_true (exists);

  /* Present: one HEAD, nothing sent. */
  memset (&stats, 0, sizeof stats);
  g_assert_true (jz_tus_upload (f->session, f->base_url, TOKEN, path, sha256, f->state_dir,
                                256 * KiB, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.requests, ==, 1);
  g_assert_cmpuint (stats.bytes_sent, ==, 0);
}

typedef struct
{
  Fixture    *f;
  const char *path;
  const char *sha256;
  JzTusStats  stats;
  GError     *error;
  gboolean    ok;
} UploadJob;

static gpointer
upload_thread (gpointer data)
{
  UploadJob *job = data;
  g_autoptr(SoupSession) session = new_session ();

  job->ok = jz_tus_upload (session, job->f->base_url, TOKEN, job->path, job->sha256,
                           job->f->state_dir, 256 * KiB, NULL, NULL, &job->stats, NULL,
                           &job->error);
  return NULL;
}

/* The server is killed in the middle of the third chunk and comes back
 * while the client is backing off: the same call finishes the upload. */
static void
test_resume_server_killed (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 1000 * 1000, &sha256);
  g_autofree char *blob = blob_path (f, sha256);
  UploadJob job = { f, path, sha256 };
  GThread *thread;

  server_stop (f);
  server_start (f, "--die-after", "600000");
  thread = g_thread_new ("upload", upload_thread, &job);
  server_wait_dead (f);
  server_start (f, NULL, NULL);
  g_thread_join (thread);

  g_assert_no_error (job.error);
  g_assert_true (job.ok);
  g_assert_cmpuint (job.stats.resumes, >=, 1);
  g_assert_cmpuint (job.stats.bytes_sent, <=, 1000 * 1000 + 256 * KiB);
  g_assert_cmpuint (job.stats.bytes_sent, >, 1000 * 1000);
  assert_same_file (path, blob);
}

/* The server stays down long enough for the call to give up; the next call
 * (another process, say) resumes from the URL remembered in the state dir. */
static void
test_resume_next_call (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 1000 * 1000, &sha256);
  g_autofree char *blob = blob_path (f, sha256);
  g_autoptr(GError) error = NULL;
  JzTusStats stats = { 0 };

  server_stop (f);
  server_start (f, "--die-after", "600000");
  g_assert_false (jz_tus_upload (f->session, f->base_url, TOKEN, path, sha256, f->state_dir,
                                 256 * KiB, NULL, NULL, &stats, NULL, &error));
  g_assert_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK);
  g_clear_error (&error);
  server_wait_dead (f);
  g_assert_cmpuint (count_files (f->state_dir), ==, 1);
  g_assert_false (g_file_test (blob, G_FILE_TEST_EXISTS));

  server_start (f, NULL, NULL);
  g_assert_true (jz_tus_upload (f->session, f->base_url, TOKEN, path, sha256, f->state_dir,
                                256 * KiB, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.resumes, ==, 1);
  g_assert_cmpuint (stats.bytes_sent, <=, 1000 * 1000 + 256 * KiB);
  assert_same_file (path, blob);
  g_assert_cmpuint (count_files (f->state_dir), ==, 0);
}

static void
test_wrong_hash (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *other = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 300 * KiB, &sha256);
  g_autofree char *other_path = make_file (f, "other.jpg", 1000, &other);
  g_autofree char *blob = blob_path (f, sha256);
  g_autofree char *other_blob = blob_path (f, other);
  g_autofree char *uploads = g_build_filename (f->data_dir, "uploads", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (jz_tus_upload (f->session, f->base_url, TOKEN, path, other, f->state_dir,
                                 256 * KiB, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_CHECKSUM);
  g_assert_false (g_file_test (blob, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (other_blob, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (uploads), ==, 0);
  g_assert_cmpuint (count_files (f->state_dir), ==, 0);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "huge.jpg", 16 * MiB + 1, &sha256);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = request (f, "POST", "files/", TRUE, TRUE);
  g_autoptr(GBytes) body = NULL;

  g_assert_false (jz_tus_upload (f->session, f->base_url, TOKEN, path, sha256, f->state_dir,
                                 0, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "413"));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Length", "16777217");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Metadata",
                                "sha256 YWJj");
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  assert_error_code (body, "too_large");
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"max_blob_bytes\":16777216"));
}

static void
test_protocol (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 1000, &sha256);
  g_autofree char *location = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) rest = NULL;
  g_autofree char *good = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  file = g_bytes_new (contents, len);
  first = g_bytes_new_from_bytes (file, 0, 400);
  rest = g_bytes_new_from_bytes (file, 400, len - 400);

  /* OPTIONS needs no token. */
  {
    g_autoptr(SoupMessage) msg = request (f, "OPTIONS", "files/", FALSE, FALSE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NO_CONTENT);
    g_assert_cmpstr (header (msg, "Tus-Version"), ==, "1.0.0");
    g_assert_cmpstr (header (msg, "Tus-Extension"), ==, "creation,checksum,termination");
    g_assert_cmpstr (header (msg, "Tus-Max-Size"), ==, "16777216");
    g_assert_cmpstr (header (msg, "Tus-Checksum-Algorithm"), ==, "sha1,sha256");
  }
  /* No token: 401 before anything else. */
  {
    g_autoptr(SoupMessage) msg = request (f, "POST", "files/", FALSE, FALSE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_UNAUTHORIZED);
    assert_error_code (body, "unauthorized");
  }
  {
    g_autoptr(SoupMessage) msg = request (f, "GET", "blobs/" "0000000000000000000000000000000000000000000000000000000000000000",
                                          FALSE, FALSE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_UNAUTHORIZED);
  }
  /* No Tus-Resumable: 412. */
  {
    g_autoptr(SoupMessage) msg = request (f, "POST", "files/", TRUE, FALSE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_PRECONDITION_FAILED);
    g_assert_cmpstr (header (msg, "Tus-Version"), ==, "1.0.0");
    assert_error_code (body, "unsupported_version");
  }
  /* No hash: 400. */
  {
    g_autoptr(SoupMessage) msg = request (f, "POST", "files/", TRUE, TRUE);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Length", "1000");
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
    assert_error_code (body, "invalid_field");
    g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "Upload-Metadata"));
  }

  location = create_upload (f, len, sha256);
  g_assert_cmpint (head_offset (f, location), ==, 0);

  /* Wrong content type: 415. */
  {
    g_autoptr(SoupMessage) msg = patch_request (f, location, 0, first, NULL);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_set_content_type (soup_message_get_request_headers (msg),
                                           "application/octet-stream", NULL);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE);
    assert_error_code (body, "unsupported_media_type");
  }
  /* A chunk that does not match its checksum: 460, offset unchanged. */
  {
    g_autoptr(SoupMessage) msg = patch_request (f, location, 0, first, NULL);
    g_autofree char *wrong = sha256_b64 (rest);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Checksum", wrong);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 460);
    assert_error_code (body, "checksum_mismatch");
    g_assert_cmpint (head_offset (f, location), ==, 0);
  }
  /* A good chunk. */
  {
    g_autofree char *checksum = sha256_b64 (first);
    g_autoptr(SoupMessage) msg = patch_request (f, location, 0, first, checksum);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NO_CONTENT);
    g_assert_cmpstr (header (msg, "Upload-Offset"), ==, "400");
    g_assert_cmpstr (header (msg, "Tus-Resumable"), ==, "1.0.0");
  }
  /* The wrong offset: 409. */
  {
    g_autoptr(SoupMessage) msg = patch_request (f, location, 0, rest, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_CONFLICT);
    assert_error_code (body, "offset_mismatch");
    g_assert_cmpint (head_offset (f, location), ==, 400);
  }
  /* DELETE: 204, then gone. */
  {
    g_autoptr(SoupMessage) msg = request (f, "DELETE", location, TRUE, TRUE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NO_CONTENT);
    g_assert_cmpint (head_offset (f, location), ==, -1);
  }
  {
    g_autoptr(SoupMessage) msg = patch_request (f, location, 400, rest, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NOT_FOUND);
    assert_error_code (body, "not_found");
  }

  /* Whole, then a second upload of the same photo has nothing to send. */
  g_clear_pointer (&location, g_free);
  location = create_upload (f, len, sha256);
  {
    g_autoptr(SoupMessage) msg = patch_request (f, location, 0, file, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NO_CONTENT);
    g_assert_cmpstr (header (msg, "Upload-Offset"), ==, "1000");
  }
  {
    g_autoptr(SoupMessage) msg = request (f, "POST", "files/", TRUE, TRUE);
    g_autofree char *hash64 = g_base64_encode ((const guchar *) sha256, 64);
    g_autofree char *metadata = g_strconcat ("sha256 ", hash64, NULL);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Length", "1000");
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Metadata", metadata);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_CREATED);
    g_assert_cmpstr (header (msg, "Upload-Offset"), ==, "1000");
    g_assert_cmpint (head_offset (f, header (msg, "Location")), ==, 1000);
  }
}

/* A client that goes away in the middle of a PATCH body: without a
 * checksum the bytes that arrived are kept, with one they are dropped. */
static void
cut_patch (Fixture    *f,
           const char *location,
           gsize       declared,
           gsize       sent,
           const char *checksum)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree guint8 *data = g_malloc0 (sent);
  GOutputStream *out;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("PATCH %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer " TOKEN "\r\nTus-Resumable: 1.0.0\r\n"
                          "Content-Type: application/offset+octet-stream\r\n"
                          "Upload-Offset: 0\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n%s%s%s\r\n",
                          location, declared,
                          checksum ? "Upload-Checksum: " : "", checksum ? checksum : "",
                          checksum ? "\r\n" : "");
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (out, data, sent, NULL, NULL, &error));
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static void
test_cut_chunk (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 300 * KiB, &sha256);
  g_autofree char *location = create_upload (f, 300 * KiB, sha256);
  g_autofree char *location2 = create_upload (f, 300 * KiB, sha256);

  cut_patch (f, location, 200 * KiB, 100 * KiB, NULL);
  /* The HEAD comes on another connection, and may be served before the
   * server has even read the cut PATCH: wait for the offset to move. */
  for (guint i = 0; i < 250 && head_offset (f, location) != 100 * KiB; i++)
    g_usleep (20000);
  g_assert_cmpint (head_offset (f, location), ==, 100 * KiB);

  /* A chunk with Upload-Checksum cannot be verified when cut: dropped. */
  cut_patch (f, location2, 200 * KiB, 100 * KiB,
             "sha256 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  g_assert_cmpint (head_offset (f, location2), ==, 0);
}

static void
test_download (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 300 * KiB, &sha256);
  g_autofree char *blob = blob_path (f, sha256);
  g_autofree char *url = g_strconcat ("blobs/", sha256, NULL);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", sha256);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (jz_tus_upload (f->session, f->base_url, TOKEN, path, sha256, f->state_dir,
                                0, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    g_autoptr(SoupMessage) msg = request (f, "GET", url, TRUE, FALSE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
    g_assert_cmpstr (header (msg, "ETag"), ==, etag);
    g_assert_cmpstr (header (msg, "Accept-Ranges"), ==, "bytes");
    g_assert_cmpstr (header (msg, "Content-Type"), ==, "image/jpeg");
    g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), contents, len);
  }
  {
    g_autoptr(SoupMessage) msg = request (f, "HEAD", url, TRUE, FALSE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
    g_assert_cmpint (soup_message_headers_get_content_length (soup_message_get_response_headers (msg)),
                     ==, len);
  }
  {
    g_autoptr(SoupMessage) msg = request (f, "GET", url, TRUE, FALSE);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_set_range (soup_message_get_request_headers (msg), 100, 199);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_PARTIAL_CONTENT);
    g_assert_cmpstr (header (msg, "Content-Range"), ==, "bytes 100-199/307200");
    g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), contents + 100, 100);
  }
  {
    g_autoptr(SoupMessage) msg = request (f, "GET", url, TRUE, FALSE);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_set_range (soup_message_get_request_headers (msg), 307000, -1);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_PARTIAL_CONTENT);
    g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), contents + 307000, 200);
  }
  {
    g_autoptr(SoupMessage) msg = request (f, "GET", url, TRUE, FALSE);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_set_range (soup_message_get_request_headers (msg), 307200, -1);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE);
    g_assert_cmpstr (header (msg, "Content-Range"), ==, "bytes */307200");
    assert_error_code (body, "range_not_satisfiable");
  }
  {
    g_autoptr(SoupMessage) msg = request (f, "HEAD", "blobs/" "1111111111111111111111111111111111111111111111111111111111111111",
                                          TRUE, FALSE);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NOT_FOUND);
  }

  got = jz_tus_blob_download (f->session, f->base_url, TOKEN, sha256, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), contents, len);

  /* A blob damaged on the server's disk is refused by the client. */
  contents[5000] ^= 0x40;
  g_assert_true (g_file_set_contents (blob, contents, len, NULL));
  g_clear_pointer (&got, g_bytes_unref);
  got = jz_tus_blob_download (f->session, f->base_url, TOKEN, sha256, NULL, &error);
  g_assert_null (got);
  g_assert_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_CHECKSUM);
  g_clear_error (&error);

  got = jz_tus_blob_download (f->session, f->base_url, "wrong", sha256, NULL, &error);
  g_assert_null (got);
  g_assert_error (error, JZ_TUS_ERROR, JZ_TUS_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "401"));
}

static void
test_expire (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *path = make_file (f, "photo.jpg", 1000, &sha256);
  g_autofree char *location = create_upload (f, 1000, sha256);
  g_autofree char *uploads = g_build_filename (f->data_dir, "uploads", NULL);
  g_autoptr(JzServerFiles) files = NULL;
  g_autoptr(GError) error = NULL;

  files = jz_server_files_new (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jz_server_files_expire (files, 3600), ==, 0);
  g_assert_cmpuint (count_files (uploads), ==, 1);
  g_assert_cmpuint (jz_server_files_expire (files, 0), ==, 1);
  g_assert_cmpuint (count_files (uploads), ==, 0);
  g_assert_cmpint (head_offset (f, location), ==, -1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signal (SIGPIPE, SIG_IGN);

#define ADD(name, func) \
  g_test_add ("/tus/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("upload", test_upload);
  ADD ("resume-server-killed", test_resume_server_killed);
  ADD ("resume-next-call", test_resume_next_call);
  ADD ("wrong-hash", test_wrong_hash);
  ADD ("too-large", test_too_large);
  ADD ("protocol", test_protocol);
  ADD ("cut-chunk", test_cut_chunk);
  ADD ("download", test_download);
  ADD ("expire", test_expire);
#undef ADD

  return g_test_run ();
}
