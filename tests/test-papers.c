/* test-papers.c — a station's key certified by a real county server, a
 * paper's code signed with it and checked: by the registry, by
 * `juzhu-cli verify` (the code, a line of standard input, a photo of its
 * QR) on the device and on a verifier's laptop given the county's key;
 * and the server's station-key endpoint against hostile requests
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "jz-date.h"
#include "jz-device.h"
#include "jz-qr.h"
#include "jz-sync-test-util.h"

typedef struct
{
  char         *dir;
  char         *dev_dir;
  TuServer      server;
  JzDevice     *device;
  JzSyncClient *client;
  char         *person;
  char         *registration;
  char         *certificate_no;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) declared = NULL;
  g_autofree char *srv = NULL;
  GDate today;

  f->dir = g_dir_make_tmp ("juzhu-papers-XXXXXX", &error);
  g_assert_no_error (error);
  srv = g_build_filename (f->dir, "server", NULL);
  codes = tu_server_setup (&f->server, srv, 1, "committee", "220104001001");
  tu_server_start (&f->server, 0);

  f->dev_dir = g_build_filename (f->dir, "dev", NULL);
  f->device = jz_device_open (f->dev_dir, "jilin-2016", &error);
  g_assert_no_error (error);
  f->client = jz_sync_client_new (jz_device_get_store (f->device), jz_device_get_photos (f->device));
  jz_sync_client_set_retry_base (f->client, 10);
  answer = jz_sync_client_enrol (f->client, f->server.url, codes->pdata[0], NULL, NULL, &error);
  g_assert_no_error (error);

  json_object_set_string_member (input, "id_number", "411202198506120024");
  json_object_set_string_member (input, "name", "王小燕");
  json_object_set_string_member (input, "hukou_division", "411202");
  json_object_set_string_member (input, "residence_division", "220104001001");
  json_object_set_string_member (input, "residence_address", "人民大街100号3单元502");
  json_object_set_string_member (input, "arrival_date", "2026-02-20");
  json_object_set_string_member (input, "reason", "work");
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_MARCH, 2026);
  declared = jz_registry_declare (jz_device_get_registry (f->device), input, &today, "test", &error);
  g_assert_no_error (error);
  f->person = g_strdup (json_object_get_string_member (declared, "person_id"));
  f->registration = g_strdup (json_object_get_string_member (declared, "registration_id"));
  f->certificate_no = g_strdup (json_object_get_string_member (declared, "certificate_no"));
  g_assert_nonnull (f->person);
  g_assert_nonnull (f->registration);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->device);
  tu_server_clear (&f->server);
  tu_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->dev_dir);
  g_free (f->person);
  g_free (f->registration);
  g_free (f->certificate_no);
}

static void
do_sync (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSyncSummary) summary = jz_sync_client_sync (f->client, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
}

static char *
meta (Fixture    *f,
      const char *key)
{
  return jz_store_get_meta (jz_device_get_store (f->device), key, NULL);
}

/* Runs a program; returns its exit status and its standard output. */
static int
run (char       **out,
     const char  *input,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, out, &err, &error));
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("stderr: %s", err);
  return g_subprocess_get_exit_status (proc);
}

static const char *
cli (void)
{
  return g_getenv ("JUZHU_CLI");
}

static char *
county_key (Fixture *f)
{
  g_autofree char *out = NULL;
  char *nl;

  g_assert_cmpint (run (&out, NULL, g_getenv ("JUZHU_SERVER"), "county-key", "--data-dir", f->server.dir, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "fingerprint "));
  nl = strchr (out, '\n');
  g_assert_nonnull (nl);
  return g_strndup (out, nl - out);
}

/* A sync certifies the station's key; the code of its 凭证 is genuine. */
static void
test_signed (Fixture       *f,
             gconstpointer  data)
{
  JzRegistry *registry = jz_device_get_registry (f->device);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *person = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *until = NULL;
  g_autoptr(JzPaper) paper = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  GDate today;

  /* the day a code is signed: the county certifies from the real date */
  jz_date_today (&today);
  /* enrolled, not synced yet: no code, and why */
  code = jz_registry_paper_code (registry, JZ_PAPER_CERTIFICATE, f->certificate_no, f->registration,
                                 "王小燕", "411202198506120024", &today, &error);
  g_assert_null (code);
  g_assert_error (error, JZ_REGISTRY_PAPER_ERROR, JZ_REGISTRY_PAPER_ERROR_UNSIGNED);
  g_clear_error (&error);

  do_sync (f);
  key = county_key (f);
  stored = meta (f, "county_key");
  g_assert_cmpstr (stored, ==, key);
  until = meta (f, "station_cert_until");
  g_assert_nonnull (until);
  g_assert_null (meta (f, "station_cert_problem"));

  code = jz_registry_paper_code (registry, JZ_PAPER_CERTIFICATE, f->certificate_no, f->registration,
                                 "王小燕", "411202198506120024", &today, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  paper = jz_registry_paper_verify (registry, code, NULL, "officer", &person, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (paper->kind, ==, JZ_PAPER_CERTIFICATE);
  g_assert_cmpstr (paper->number, ==, f->certificate_no);
  g_assert_cmpstr (paper->holder, ==, "王小燕");
  g_assert_cmpstr (paper->id_masked, ==, "411***********0024");
  g_assert_cmpstr (paper->area, ==, "220104001001");
  g_assert_cmpstr (paper->station_until, ==, until);
  g_assert_cmpint (paper->role, ==, JZ_STATION_OFFICE);
  g_assert_cmpstr (person, ==, f->person);
  /* the check is audited as a view of the record */
  audit = jz_store_audit_list (jz_device_get_store (f->device), f->registration, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);

  /* the person renamed since: genuine, but the record here is not the
   * holder the code names; it is not opened, nor audited */
  {
    g_autoptr(JsonObject) fields = json_object_new ();
    g_autoptr(JzPaper) again = NULL;
    g_autoptr(GPtrArray) audit_after = NULL;
    g_autofree char *other = NULL;
    gboolean differs = FALSE;
    GDate day;

    g_date_clear (&day, 1);
    g_date_set_dmy (&day, 1, G_DATE_MARCH, 2026);
    json_object_set_string_member (fields, "name", "王晓燕");
    g_assert_true (jz_registry_edit (registry, "person", f->person, fields, &day, "test", &error));
    g_assert_no_error (error);
    again = jz_registry_paper_verify (registry, code, NULL, "officer", &other, &differs, &error);
    g_assert_no_error (error);
    g_assert_nonnull (again);
    g_assert_null (other);
    g_assert_true (differs);
    audit_after = jz_store_audit_list (jz_device_get_store (f->device), f->registration, 0, &error);
    g_assert_cmpuint (audit_after->len, ==, audit->len);
    json_object_set_string_member (fields, "name", "王小燕");
    g_assert_true (jz_registry_edit (registry, "person", f->person, fields, &day, "test", &error));
    g_assert_no_error (error);
  }

  /* A second sync does not ask again: the certificate is good for long. */
  {
    g_autofree char *cert = meta (f, "station_cert");
    g_autofree char *again = NULL;

    do_sync (f);
    again = meta (f, "station_cert");
    g_assert_cmpstr (cert, ==, again);
  }

  /* The county makes a new key: the next sync certifies the station again
   * under it; the device keeps the old key, so papers printed before still
   * check. A server whose key file went missing does not start. */
  {
    g_autofree char *key_file = g_build_filename (f->server.dir, "county-sign.key", NULL);
    g_autofree char *new_key = NULL;
    g_autofree char *new_stored = NULL;
    g_autofree char *new_code = NULL;
    g_autoptr(JzPaper) again = NULL;

    g_autofree char *out = NULL;
    g_autofree char *moved = g_build_filename (f->dir, "county-sign.moved", NULL);

    tu_server_stop (&f->server, SIGTERM);
    g_assert_cmpint (g_rename (key_file, moved), ==, 0);
    g_assert_cmpint (run (&out, NULL, g_getenv ("JUZHU_SERVER"), "county-key", "--data-dir", f->server.dir, NULL),
                     ==, 1);
    g_assert_cmpint (g_rename (moved, key_file), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run (&out, NULL, g_getenv ("JUZHU_SERVER"), "county-key", "--new", "--data-dir", f->server.dir,
                          NULL), ==, 0);
    tu_server_start (&f->server, f->server.port);
    new_key = county_key (f);
    g_assert_cmpstr (new_key, !=, key);
    do_sync (f);
    new_stored = meta (f, "county_key");
    g_assert_cmpstr (new_stored, ==, new_key);
    new_code = jz_registry_paper_code (registry, JZ_PAPER_CERTIFICATE, f->certificate_no, f->registration,
                                       "王小燕", "411202198506120024", &today, &error);
    g_assert_no_error (error);
    again = jz_registry_paper_verify (registry, new_code, NULL, "officer", NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&again, jz_paper_free);
    again = jz_registry_paper_verify (registry, code, NULL, "officer", NULL, NULL, &error);
    g_assert_no_error (error);

    /* an old key certifies no station from the day it was replaced: had
     * it been replaced the day this station was certified, its codes
     * would be refused */
    {
      g_autofree char *kept = meta (f, "county_keys_old");
      g_autofree char *moved_back = NULL;

      g_assert_nonnull (kept);
      g_assert_true (g_str_has_prefix (kept, key));
      moved_back = g_strdup_printf ("%s %s", key, again->station_from);
      g_clear_pointer (&again, jz_paper_free);
      again = jz_registry_paper_verify (registry, code, NULL, "officer", NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (jz_store_set_meta (jz_device_get_store (f->device), "county_keys_old", moved_back, &error));
      g_assert_null (jz_registry_paper_verify (registry, code, NULL, "officer", NULL, NULL, &error));
      g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_UNKNOWN_COUNTY);
      g_clear_error (&error);
      g_assert_true (jz_store_set_meta (jz_device_get_store (f->device), "county_keys_old", kept, &error));
    }
  }

  /* enrolled again (revoked, a new code): a new key, asked at the next sync */
  {
    g_autofree char *seed = meta (f, "station_key");
    g_autofree char *yesterday_code = NULL;
    g_autoptr(JzPaper) before = NULL;
    GDate yesterday = today;

    /* signed the day before the revocation: it stays genuine */
    g_date_subtract_days (&yesterday, 1);
    yesterday_code = jz_registry_paper_code (registry, JZ_PAPER_CERTIFICATE, f->certificate_no, f->registration,
                                             "王小燕", "411202198506120024", &yesterday, &error);
    g_assert_no_error (error);
    g_autoptr(GPtrArray) codes = NULL;
    g_autoptr(JsonObject) answer = NULL;
    g_autofree char *out = NULL;
    g_autofree char *device = meta (f, "sync_device");
    g_autofree char *code_text = NULL;
    char *nl;

    g_assert_nonnull (seed);
    g_assert_cmpint (run (&out, NULL, g_getenv ("JUZHU_SERVER"), "device", "revoke", device,
                          "--data-dir", f->server.dir, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run (&out, NULL, g_getenv ("JUZHU_SERVER"), "enrol-code", "u0", "--data-dir", f->server.dir,
                          NULL), ==, 0);
    /* the code is the first line's last word */
    nl = strchr (out, '\n');
    if (nl != NULL)
      *nl = '\0';
    code_text = g_strdup (strrchr (out, ' ') != NULL ? strrchr (out, ' ') + 1 : out);
    answer = jz_sync_client_enrol (f->client, f->server.url, code_text, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (meta (f, "station_key"));
    g_assert_null (meta (f, "station_cert"));
    do_sync (f);
    g_clear_pointer (&seed, g_free);
    seed = meta (f, "station_key");
    g_assert_nonnull (seed);
    g_clear_pointer (&out, g_free);
    out = meta (f, "station_cert");
    g_assert_nonnull (out);

    /* the device revoked today is on the list health gave: what it
     * signed today is refused, the day it was revoked said */
    g_clear_pointer (&out, g_free);
    out = meta (f, "revoked_stations");
    g_assert_nonnull (out);
    g_assert_nonnull (strstr (out, device));
    g_assert_null (jz_registry_paper_verify (registry, code, NULL, "officer", NULL, NULL, &error));
    g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_REVOKED);
    g_clear_error (&error);
    before = jz_registry_paper_verify (registry, yesterday_code, NULL, "officer", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (before);
  }
}

/* `juzhu-cli verify`: on the device, on standard input, off a photo of the
 * QR, and on a verifier's data directory given only the county's key. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  JzRegistry *registry = jz_device_get_registry (f->device);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *altered = NULL;
  g_autofree char *out = NULL;
  g_autofree char *key = NULL;
  g_autofree char *line = NULL;
  g_autofree char *png = g_build_filename (f->dir, "code.png", NULL);
  g_autofree char *laptop = g_build_filename (f->dir, "laptop", NULL);
  GDate today;

  do_sync (f);
  jz_date_today (&today);
  code = jz_registry_paper_code (registry, JZ_PAPER_CERTIFICATE, f->certificate_no, f->registration,
                                 "王小燕", "411202198506120024", &today, &error);
  g_assert_no_error (error);
  key = county_key (f);
  /* the CLI opens the same data directory */
  g_clear_object (&f->client);
  g_clear_object (&f->device);

  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", f->dev_dir, "verify", code, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Genuine"));
  g_assert_nonnull (strstr (out, f->certificate_no));
  g_assert_nonnull (strstr (out, "411***********0024"));
  g_assert_nonnull (strstr (out, f->person));
  g_clear_pointer (&out, g_free);

  /* as a scanner types it */
  line = g_strconcat (code, "\n", NULL);
  g_assert_cmpint (run (&out, line, cli (), "--data-dir", f->dev_dir, "verify", "-", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Genuine"));
  g_clear_pointer (&out, g_free);

  /* one character changed: refused, saying so */
  altered = g_strdup (code);
  altered[strlen (altered) / 2] = altered[strlen (altered) / 2] == 'A' ? 'B' : 'A';
  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", f->dev_dir, "--json", "verify", altered, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "\"genuine\" : false"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", f->dev_dir, "verify", "hello", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "NOT GENUINE"));
  g_clear_pointer (&out, g_free);

  /* the QR drawn, 6 px a module, and read back off the picture */
  {
    g_autoptr(GBytes) modules = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    guint size = 0, side;
    const guint8 *m;

    modules = jz_qr_encode (code, &size, &error);
    g_assert_no_error (error);
    side = (size + 8) * 6;
    pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) side, (int) side);
    gdk_pixbuf_fill (pixbuf, 0xffffffff);
    m = g_bytes_get_data (modules, NULL);
    for (guint y = 0; y < side; y++)
      for (guint x = 0; x < side; x++)
        {
          int mx = (int) x / 6 - 4, my = (int) y / 6 - 4;

          if (mx >= 0 && my >= 0 && mx < (int) size && my < (int) size && m[my * size + mx])
            memset (gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3, 0, 3);
        }
    g_assert_true (gdk_pixbuf_save (pixbuf, png, "png", &error, NULL));
    g_assert_no_error (error);
  }
  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", f->dev_dir, "verify", "--photo", png, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Genuine"));
  g_clear_pointer (&out, g_free);

  /* A police officer's laptop: a data directory of its own, not enrolled,
   * given the county's key. Genuine; the record is not there. */
  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", laptop, "init", "--profile", "jilin-2016", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  /* without a key: no verdict either way, and it says what is missing */
  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", laptop, "verify", code, NULL), ==, 3);
  g_assert_null (strstr (out, "enuine"));
  g_assert_null (strstr (out, "GENUINE"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", laptop, "verify", "--county-key", key, code, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Genuine"));
  g_assert_nonnull (strstr (out, "not on this device"));
  g_clear_pointer (&out, g_free);
  /* a key that is not one */
  g_assert_cmpint (run (&out, NULL, cli (), "--data-dir", laptop, "verify", "--county-key", "AAAA", code, NULL),
                   !=, 0);
}

/* POST station-key, as an attacker would send it. */
static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (f->server.url, "/api/v1/station-key", NULL);
  g_autofree char *token = tu_read_token (f->dev_dir);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *big = g_strnfill (2048, ' ');
  static const char good_key[] = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  static const struct { const char *body; gsize len; guint status; } cases[] = {
    { "not json", 0, 400 },
    { "[]", 0, 400 },
    { "{\"public_key\": \"AAAA\"}", 0, 400 },
    { "{\"public_key\": 5}", 0, 400 },
    { "{\"public_key\": \"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\", \"area\": \"11\"}", 0, 400 },
    /* a NUL inside */
    { "{\"public_key\": \"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"}\0x", 65, 400 },
    /* 32 bytes, but not a point of the curve */
    { "{\"public_key\": \"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}", 0, 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body,
                                                   cases[i].len ? cases[i].len : strlen (cases[i].body));
      g_autoptr(GBytes) answer = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      answer = soup_session_send_and_read (session, msg, NULL, NULL);
      g_test_message ("%s → %u", cases[i].body, soup_message_get_status (msg));
      g_assert_cmpuint (soup_message_get_status (msg), ==, cases[i].status);
    }
  /* too large; no token; the wrong method */
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GBytes) body = g_bytes_new (big, 2048);
    g_autoptr(GBytes) answer = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    answer = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autofree char *text = g_strdup_printf ("{\"public_key\": \"%s\"}", good_key);
    g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
    g_autoptr(GBytes) answer = NULL;

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    answer = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) answer = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    answer = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 405);
  }

  /* the right body is certified; a revoked device is not */
  {
    g_autofree char *text = g_strdup_printf ("{\"public_key\": \"%s\"}", good_key);
    g_autofree char *out = NULL;
    g_autofree char *device = meta (f, "sync_device");
    g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

    for (guint round = 0; round < 2; round++)
      {
        g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
        g_autoptr(GBytes) answer = NULL;

        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
        soup_message_set_request_body_from_bytes (msg, "application/json", body);
        answer = soup_session_send_and_read (session, msg, NULL, NULL);
        g_assert_cmpuint (soup_message_get_status (msg), ==, round == 0 ? 200 : 401);
        if (round == 0)
          g_assert_cmpint (run (&out, NULL, g_getenv ("JUZHU_SERVER"), "device", "revoke", device,
                                "--data-dir", f->server.dir, NULL), ==, 0);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!jz_qr_available (NULL))
    {
      g_test_message ("built without QR codes");
      return 77;
    }
  g_test_add ("/papers/signed", Fixture, NULL, fixture_set_up, test_signed, fixture_tear_down);
  g_test_add ("/papers/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/papers/hostile", Fixture, NULL, fixture_set_up, test_hostile, fixture_tear_down);
  return g_test_run ();
}
