/* jz-sync-test-util.c — a county server, fault proxies and devices for the sync tests
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "jz-sealed.h"
#include "jz-sync-test-util.h"

/* ---- files --------------------------------------------------------------- */

void
tu_rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            tu_rm_rf (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* ---- photos -------------------------------------------------------------- */

/* A real JPEG of random noise, of @size bytes or a little more (noise
 * barely compresses). The county server keeps only what decodes as a
 * photo. */
GBytes *
tu_noise_jpeg (GRand *rand,
               gsize  size)
{
  double side = 16;

  for (guint attempt = 0; ; attempt++)
    {
      int n = (int) side;
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, n, n);
      g_autoptr(GError) error = NULL;
      guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
      int stride = gdk_pixbuf_get_rowstride (pixbuf);
      gchar *buffer = NULL;
      gsize len = 0;

      for (int y = 0; y < n; y++)
        for (int x = 0; x < n * 3; x++)
          pixels[y * stride + x] = (guint8) g_rand_int (rand);
      g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "jpeg", &error, "quality", "95", NULL));
      g_assert_no_error (error);
      if (len >= size || attempt == 6 || n >= 4000)
        return g_bytes_new_take (buffer, len);
      g_free (buffer);
      side = MIN (4000, side * sqrt ((double) size / len) * 1.02);
    }
}

/* ---- processes ----------------------------------------------------------- */

/* Children die with the test, even when it aborts. */
static void
tu_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
tu_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, tu_child_setup, NULL, NULL);
  return launcher;
}

/* ---- the server ---------------------------------------------------------- */

/* Under tests/pg/with-postgresql.sh, a new county data directory gets a
 * fresh database of the test cluster (tests/pg/new-database.sh): the
 * suite then runs on PostgreSQL. Nothing to do otherwise. */
void
tu_county_prepare (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *here = NULL;
  g_autofree char *new_database = NULL;
  g_autofree char *uri = NULL;
  int status = 0;

  if (g_getenv ("JZ_TEST_PG_HOST") == NULL)
    return;
  here = g_path_get_dirname (g_getenv ("JUZHU_SERVER"));
  new_database = g_build_filename (here, "new-database.sh", NULL);
  {
    const char *argv[] = { new_database, dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &uri, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_strstrip (uri);
  g_assert_true (jz_county_use_database (dir, uri, &error));
  g_assert_no_error (error);
}

/* Creates the county (profile, area) and the users "u0" … "u{n-1}" of
 * @role in @area; returns one enrolment code per user. */
GPtrArray *
tu_server_setup (TuServer   *server,
                 const char *dir,
                 guint       n_users,
                 const char *role,
                 const char *area)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCounty) county = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  memset (server, 0, sizeof *server);
  server->dir = g_strdup (dir);
  server->log_path = g_strconcat (dir, ".log", NULL);
  g_mkdir_with_parents (dir, 0700);
  tu_county_prepare (dir);
  county = jz_county_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (jz_county_setup (county, "jilin-2016", "2201", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n_users; i++)
    {
      g_autofree char *user = g_strdup_printf ("u%u", i);

      g_assert_true (jz_county_user_add (county, user, role, area, NULL, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_add (codes, jz_county_enrol_code_new (county, user, 24, &error));
      g_assert_no_error (error);
    }
  return codes;
}

void
tu_server_make_certificate (TuServer   *server,
                            const char *dir)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_free (server->tls_cert);
  g_free (server->tls_key);
  server->tls_cert = g_build_filename (dir, "county-ca.pem", NULL);
  server->tls_key = g_build_filename (dir, "county-key.pem", NULL);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                           "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                           "-keyout", server->tls_key, "-out", server->tls_cert, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Starts (or restarts) `juzhu-server serve`; @port 0 picks one. */
void
tu_server_start (TuServer *server,
                 guint16   port)
{
  const char *path = g_getenv ("JUZHU_SERVER");
  g_autoptr(GSubprocessLauncher) launcher = tu_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *line = NULL;
  const char *p;

  g_assert_nonnull (path);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  for (guint attempt = 0; ; attempt++)
    {
      if (server->tls_cert != NULL)
        server->process = g_subprocess_launcher_spawn (launcher, &error, path, "serve", "--data-dir", server->dir,
                                                       "--listen", listen, "--tls-cert", server->tls_cert,
                                                       "--tls-key", server->tls_key, NULL);
      else
        server->process = g_subprocess_launcher_spawn (launcher, &error, path, "serve", "--data-dir", server->dir,
                                                       "--listen", listen, NULL);
      g_assert_no_error (error);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
      line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      g_assert_no_error (error);
      if (line != NULL || port == 0 || attempt == 50)
        break;
      /* a restart on the same port: the old socket may linger a moment */
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
      g_clear_object (&out);
      g_usleep (20000);
    }
  g_assert_nonnull (line);
  p = strstr (line, server->tls_cert != NULL ? "https://" : "http://");
  g_assert_nonnull (p);
  g_free (server->url);
  server->url = g_strdup (p);
  while (g_str_has_suffix (server->url, "/"))
    server->url[strlen (server->url) - 1] = '\0';
  server->port = (guint16) atoi (strrchr (server->url, ':') + 1);
  g_assert_cmpuint (server->port, >, 0);
}

/* SIGTERM (clean) or SIGKILL, then waits. */
void
tu_server_stop (TuServer *server,
                int       sig)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, sig);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
tu_server_clear (TuServer *server)
{
  tu_server_stop (server, SIGTERM);
  g_clear_pointer (&server->dir, g_free);
  g_clear_pointer (&server->log_path, g_free);
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->tls_cert, g_free);
  g_clear_pointer (&server->tls_key, g_free);
}

/* ---- the fault proxy ----------------------------------------------------- */

/* Options end with NULL. */
void
tu_proxy_start (TuProxy    *proxy,
                const char *log_path,
                guint16     target_port,
                const char *first_option,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *path = g_getenv ("JZ_FAULT_PROXY");
  const char *arg;
  va_list ap;

  g_assert_nonnull (path);
  memset (proxy, 0, sizeof *proxy);
  proxy->log_path = g_strdup (log_path);
  g_ptr_array_add (args, g_strdup (path));
  g_ptr_array_add (args, g_strdup ("--listen=127.0.0.1:0"));
  g_ptr_array_add (args, g_strdup_printf ("--target=127.0.0.1:%u", target_port));
  g_ptr_array_add (args, g_strdup_printf ("--log=%s", log_path));
  va_start (ap, first_option);
  for (arg = first_option; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  {
    g_autoptr(GSubprocessLauncher) launcher = tu_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    proxy->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  }
  g_assert_no_error (error);
  proxy->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  line = g_data_input_stream_read_line_utf8 (proxy->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on 127.0.0.1:"));
  proxy->port = (guint16) atoi (line + strlen ("listening on 127.0.0.1:"));
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
}

/* Stops it; returns its summary line ("summary connections=… cuts=…"). */
char *
tu_proxy_stop (TuProxy *proxy)
{
  char *summary = NULL;

  if (proxy->process == NULL)
    return NULL;
  g_subprocess_send_signal (proxy->process, SIGTERM);
  summary = g_data_input_stream_read_line_utf8 (proxy->out, NULL, NULL, NULL);
  g_subprocess_wait (proxy->process, NULL, NULL);
  g_clear_object (&proxy->out);
  g_clear_object (&proxy->process);
  g_clear_pointer (&proxy->url, g_free);
  g_clear_pointer (&proxy->log_path, g_free);
  return summary;
}

/* The number after "KEY=" in a summary line (0 when absent). */
guint64
tu_summary_value (const char *summary,
                  const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *p = summary ? strstr (summary, needle) : NULL;

  return p ? g_ascii_strtoull (p + strlen (needle), NULL, 10) : 0;
}

/* ---- raw HTTP ------------------------------------------------------------ */

/* POST sync/push with a device's token; returns the status, *answer the body. */
guint
tu_post_push (SoupSession  *session,
              const char   *url,
              const char   *token,
              const char   *body,
              JsonObject  **answer)
{
  g_autofree char *full = g_strconcat (url, "/api/v1/sync/push", NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", full);
  g_autoptr(GBytes) data = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *text;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "application/json", data);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (reply, &len);
  if (answer != NULL)
    {
      *answer = NULL;
      if (len > 0 && json_parser_load_from_data (parser, text, (gssize) len, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        *answer = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  return soup_message_get_status (msg);
}

char *
tu_read_token (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "token", NULL);
  g_autoptr(JzDataKey) key = jz_data_key_from_env (FALSE, NULL, NULL, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  /* sealed with the data key */
  g_assert_nonnull (key);
  bytes = jz_sealed_read_file (key, "token", path, NULL, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_strstrip (text);
}

/* ---- snapshots ------------------------------------------------------------ */

int
tu_compare_strings (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
tu_node_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* Every materialised record of @types and every conflict, sorted, as text. */
char *
tu_snapshot (JzStore            *store,
             const char * const *types)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autoptr(GPtrArray) list = jz_store_list (store, types[t], NULL, NULL, 0, &error);

      g_assert_no_error (error);
      g_ptr_array_set_size (texts, 0);
      for (guint i = 0; i < list->len; i++)
        {
          g_autoptr(JsonNode) n = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (n, g_ptr_array_index (list, i));
          g_ptr_array_add (texts, tu_node_text (n));
        }
      g_ptr_array_sort (texts, tu_compare_strings);
      g_string_append_printf (s, "%s: %u\n", types[t], list->len);
      for (guint i = 0; i < texts->len; i++)
        g_string_append_printf (s, "%s\n", (char *) texts->pdata[i]);
    }

  conflicts = jz_store_conflicts (store, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_set_size (texts, 0);
  for (guint i = 0; i < conflicts->len; i++)
    {
      g_autoptr(JsonNode) n = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (n, g_ptr_array_index (conflicts, i));
      g_ptr_array_add (texts, tu_node_text (n));
    }
  g_ptr_array_sort (texts, tu_compare_strings);
  g_string_append_printf (s, "conflicts: %u\n", conflicts->len);
  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (s, "%s\n", (char *) texts->pdata[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The keys "record hlc site" of every change set in @store (of @site only
 * when not NULL), with how often each occurs. */
GHashTable *
tu_change_set_keys (JzStore    *store,
                    const char *site,
                    guint      *n_total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) all = jz_store_export_change_sets (store, -1, &error);
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  *n_total = 0;
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      JsonObject *cs = json_array_get_object_element (all, i);
      const char *s = json_object_get_string_member (cs, "site");
      char *key;

      if (site != NULL && g_strcmp0 (s, site) != 0)
        continue;
      key = g_strdup_printf ("%s %" G_GINT64_FORMAT " %s", json_object_get_string_member (cs, "record"),
                             json_object_get_int_member (cs, "hlc"), s);
      g_hash_table_insert (keys, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (keys, key)) + 1));
      (*n_total)++;
    }
  return keys;
}
