/* test-fault-proxy.c — jz-fault-proxy in front of an echo server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $JZ_FAULT_PROXY is the built proxy (set in tests/meson.build). It runs as
 * a real process between a client and an echo server of this test, both on
 * 127.0.0.1; the server records what reached it, so a fault can be checked
 * byte for byte against what the client sent.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

/* The echo server: one thread accepting, one per connection. */
typedef struct
{
  GSocket      *listener;
  guint16       port;
  GCancellable *cancellable;
  GThread      *thread;
  GMutex        lock;
  GCond         cond;
  GPtrArray    *received;   /* GBytes per finished connection */
} EchoServer;

static gboolean
send_all (GSocket      *socket,
          const guint8 *data,
          gsize         len)
{
  while (len > 0)
    {
      gssize n = g_socket_send (socket, (const char *) data, len, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

typedef struct
{
  EchoServer *server;
  GSocket    *socket;
} EchoConn;

static gpointer
echo_conn_thread (gpointer data)
{
  EchoConn *conn = data;
  EchoServer *server = conn->server;
  g_autoptr(GByteArray) got = g_byte_array_new ();
  guint8 buf[16384];

  for (;;)
    {
      gssize n = g_socket_receive (conn->socket, (char *) buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        break;
      g_byte_array_append (got, buf, n);
      if (!send_all (conn->socket, buf, n))
        break;
    }
  /* Echo the half-close, so the client sees EOF only if the proxy passed
   * both half-closes along. */
  g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);
  g_socket_close (conn->socket, NULL);
  g_object_unref (conn->socket);

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->received, g_byte_array_free_to_bytes (g_steal_pointer (&got)));
  g_cond_broadcast (&server->cond);
  g_mutex_unlock (&server->lock);
  g_free (conn);
  return NULL;
}

static gpointer
echo_accept_thread (gpointer data)
{
  EchoServer *server = data;

  for (;;)
    {
      GSocket *socket = g_socket_accept (server->listener, server->cancellable, NULL);
      EchoConn *conn;

      if (socket == NULL)
        break;
      g_socket_set_timeout (socket, 30);
      conn = g_new0 (EchoConn, 1);
      conn->server = server;
      conn->socket = socket;
      g_thread_unref (g_thread_new ("echo-conn", echo_conn_thread, conn));
    }
  return NULL;
}

static void
echo_server_start (EchoServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  memset (server, 0, sizeof *server);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->received = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  server->cancellable = g_cancellable_new ();
  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_set_listen_backlog (server->listener, 256);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server->listener, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->thread = g_thread_new ("echo-accept", echo_accept_thread, server);
}

static void
echo_server_stop (EchoServer *server)
{
  g_cancellable_cancel (server->cancellable);
  g_thread_join (server->thread);
  g_socket_close (server->listener, NULL);
  g_clear_object (&server->listener);
  g_clear_object (&server->cancellable);
  /* Connection threads have all finished: the tests wait for them. */
  g_clear_pointer (&server->received, g_ptr_array_unref);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
}

/* Waits until @n connections have finished on the server, and returns what
 * the @i-th of them received. */
static GBytes *
echo_server_received (EchoServer *server,
                      guint       n,
                      guint       i)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  GBytes *bytes;

  g_mutex_lock (&server->lock);
  while (server->received->len < n)
    if (!g_cond_wait_until (&server->cond, &server->lock, deadline))
      break;
  g_assert_cmpuint (server->received->len, >=, n);
  bytes = g_bytes_ref (g_ptr_array_index (server->received, i));
  g_mutex_unlock (&server->lock);
  return bytes;
}

/* The proxy, as a process. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  guint16           port;
  char             *dir;
  char             *log_path;
} Proxy;

/* A failed assertion aborts the test: the proxy goes with it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
proxy_start (Proxy      *proxy,
             guint16     target_port,
             const char *first_option,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *path = g_getenv ("JZ_FAULT_PROXY");
  const char *arg;
  va_list ap;

  g_assert_nonnull (path);
  memset (proxy, 0, sizeof *proxy);
  proxy->dir = g_dir_make_tmp ("jz-fault-proxy-XXXXXX", &error);
  g_assert_no_error (error);
  proxy->log_path = g_build_filename (proxy->dir, "proxy.log", NULL);

  g_ptr_array_add (args, g_strdup (path));
  g_ptr_array_add (args, g_strdup ("--listen=127.0.0.1:0"));
  g_ptr_array_add (args, g_strdup_printf ("--target=127.0.0.1:%u", target_port));
  g_ptr_array_add (args, g_strdup_printf ("--log=%s", proxy->log_path));
  va_start (ap, first_option);
  for (arg = first_option; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proxy->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  proxy->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  line = g_data_input_stream_read_line_utf8 (proxy->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on 127.0.0.1:"));
  proxy->port = atoi (line + strlen ("listening on 127.0.0.1:"));
  g_assert_cmpuint (proxy->port, >, 0);
}

/* Stops the proxy with SIGTERM; returns its summary line and, in @log, its
 * event log. */
static char *
proxy_stop (Proxy  *proxy,
            char  **log)
{
  g_autoptr(GError) error = NULL;
  char *summary;

  g_subprocess_send_signal (proxy->process, SIGTERM);
  summary = g_data_input_stream_read_line_utf8 (proxy->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "summary "));
  g_subprocess_wait_check (proxy->process, NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (proxy->log_path, log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (*log, summary));

  g_unlink (proxy->log_path);
  g_rmdir (proxy->dir);
  g_clear_pointer (&proxy->log_path, g_free);
  g_clear_pointer (&proxy->dir, g_free);
  g_clear_object (&proxy->out);
  g_clear_object (&proxy->process);
  return summary;
}

static guint64
summary_get (const char *summary,
             const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *at = strstr (summary, needle);

  g_assert_nonnull (at);
  return g_ascii_strtoull (at + strlen (needle), NULL, 10);
}

static guint
count_lines (const char *log,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

/* A client: sends @data, half-closes, reads until EOF or an error. */
typedef struct
{
  guint16     port;
  GBytes     *sent;
  GByteArray *echoed;
  gboolean    eof;
  GSocket    *socket;
} Exchange;

static gpointer
exchange_writer (gpointer data)
{
  Exchange *ex = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (ex->sent, &len);

  if (send_all (ex->socket, bytes, len))
    g_socket_shutdown (ex->socket, FALSE, TRUE, NULL);
  return NULL;
}

static gpointer
exchange_run (gpointer data)
{
  Exchange *ex = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", ex->port);
  GThread *writer;
  guint8 buf[16384];

  /* No proxy resolver: it would look for GSettings in the isolated dirs. */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, target, 0, NULL, &error);
  g_assert_no_error (error);
  ex->socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (ex->socket, 30);
  ex->echoed = g_byte_array_new ();
  writer = g_thread_new ("writer", exchange_writer, ex);
  for (;;)
    {
      g_autoptr(GError) receive_error = NULL;
      gssize n = g_socket_receive (ex->socket, (char *) buf, sizeof buf, NULL, &receive_error);

      if (n <= 0)
        {
          ex->eof = (n == 0);
          if (receive_error != NULL)
            g_test_message ("exchange on port %u ended after %u bytes: %s", ex->port,
                            ex->echoed->len, receive_error->message);
          break;
        }
      g_byte_array_append (ex->echoed, buf, n);
    }
  /* After a cut the writer may block until the proxy closes for good. */
  g_socket_shutdown (ex->socket, TRUE, TRUE, NULL);
  g_thread_join (writer);
  ex->socket = NULL;
  return NULL;
}

static void
exchange_clear (Exchange *ex)
{
  g_clear_pointer (&ex->sent, g_bytes_unref);
  g_clear_pointer (&ex->echoed, g_byte_array_unref);
}

static GBytes *
random_bytes (guint32 seed,
              gsize   len)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, len);
}

static void
exchange (Exchange *ex,
          guint16   port,
          guint32   seed,
          gsize     len)
{
  memset (ex, 0, sizeof *ex);
  ex->port = port;
  ex->sent = random_bytes (seed, len);
  exchange_run (ex);
}

static gboolean
is_prefix (GBytes *prefix,
           GBytes *whole)
{
  gsize len = g_bytes_get_size (prefix);

  return len <= g_bytes_get_size (whole)
         && memcmp (g_bytes_get_data (prefix, NULL), g_bytes_get_data (whole, NULL), len) == 0;
}

#define N_PARALLEL 64

static void
test_passthrough (void)
{
  EchoServer server;
  Proxy proxy;
  Exchange ex[N_PARALLEL];
  GThread *threads[N_PARALLEL];
  g_autofree char *summary = NULL;
  g_autofree char *log = NULL;
  guint64 total = 0;

  echo_server_start (&server);
  proxy_start (&proxy, server.port, "--seed=1", NULL);

  /* Many connections at once, each with its own length, through a proxy
   * with no fault: everything arrives, both ways, byte for byte. */
  for (guint i = 0; i < N_PARALLEL; i++)
    {
      memset (&ex[i], 0, sizeof ex[i]);
      ex[i].port = proxy.port;
      ex[i].sent = random_bytes (100 + i, 1048576 + i * 1013);
      total += g_bytes_get_size (ex[i].sent);
      threads[i] = g_thread_new ("exchange", exchange_run, &ex[i]);
    }
  for (guint i = 0; i < N_PARALLEL; i++)
    {
      g_autoptr(GBytes) echoed = NULL;

      g_thread_join (threads[i]);
      g_assert_true (ex[i].eof);
      echoed = g_byte_array_free_to_bytes (g_steal_pointer (&ex[i].echoed));
      g_assert_true (g_bytes_equal (echoed, ex[i].sent));
    }
  for (guint i = 0; i < N_PARALLEL; i++)
    {
      g_autoptr(GBytes) got = echo_server_received (&server, N_PARALLEL, i);
      guint j = (g_bytes_get_size (got) - 1048576) / 1013;

      g_assert_cmpuint (j, <, N_PARALLEL);
      g_assert_true (g_bytes_equal (got, ex[j].sent));
    }

  summary = proxy_stop (&proxy, &log);
  g_assert_cmpuint (summary_get (summary, "connections"), ==, N_PARALLEL);
  g_assert_cmpuint (summary_get (summary, "up_bytes"), ==, total);
  g_assert_cmpuint (summary_get (summary, "down_bytes"), ==, total);
  g_assert_cmpuint (summary_get (summary, "cuts"), ==, 0);
  g_assert_cmpuint (summary_get (summary, "corruptions"), ==, 0);
  g_assert_cmpuint (count_lines (log, "close "), ==, N_PARALLEL);

  for (guint i = 0; i < N_PARALLEL; i++)
    exchange_clear (&ex[i]);
  echo_server_stop (&server);
}

static void
test_cut_every (void)
{
  EchoServer server;
  Proxy proxy;
  Exchange ex;
  g_autofree char *summary = NULL;
  g_autofree char *log = NULL;

  echo_server_start (&server);
  proxy_start (&proxy, server.port, "--seed=2", "--cut-every=100000", NULL);

  /* The link is cut after every 100 000 bytes sent up, counted across
   * connections: the first two connections each get exactly 100 000 bytes
   * through, the third (50 000) passes whole. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) got = NULL;

      exchange (&ex, proxy.port, 200 + i, 250000);
      got = echo_server_received (&server, i + 1, i);
      g_assert_cmpuint (g_bytes_get_size (got), ==, 100000);
      g_assert_true (is_prefix (got, ex.sent));
      g_assert_cmpuint (ex.echoed->len, <=, 100000);
      exchange_clear (&ex);
    }
  {
    g_autoptr(GBytes) got = NULL;
    g_autoptr(GBytes) echoed = NULL;

    exchange (&ex, proxy.port, 202, 50000);
    got = echo_server_received (&server, 3, 2);
    g_assert_true (g_bytes_equal (got, ex.sent));
    g_assert_true (ex.eof);
    echoed = g_byte_array_free_to_bytes (g_steal_pointer (&ex.echoed));
    g_assert_true (g_bytes_equal (echoed, ex.sent));
    exchange_clear (&ex);
  }

  summary = proxy_stop (&proxy, &log);
  g_assert_cmpuint (summary_get (summary, "cuts"), ==, 2);
  g_assert_cmpuint (summary_get (summary, "up_bytes"), ==, 250000);
  g_assert_nonnull (strstr (log, "cut conn=1 dir=up offset=100000 link=100000 reason=every\n"));
  g_assert_nonnull (strstr (log, "cut conn=2 dir=up offset=100000 link=200000 reason=every\n"));
  echo_server_stop (&server);
}

static void
test_cut_random (void)
{
  EchoServer server;
  Proxy proxy;
  Exchange ex;
  g_autoptr(GBytes) got = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *log = NULL;
  g_autofree char *expected = NULL;

  echo_server_start (&server);
  proxy_start (&proxy, server.port, "--seed=3", "--cut-prob=1", "--faults=up", NULL);

  /* The first block up is cut at a random offset: the server has exactly
   * the bytes before it, and the log says where. */
  exchange (&ex, proxy.port, 300, 100000);
  got = echo_server_received (&server, 1, 0);
  g_assert_cmpuint (g_bytes_get_size (got), <, 100000);
  g_assert_true (is_prefix (got, ex.sent));
  exchange_clear (&ex);

  summary = proxy_stop (&proxy, &log);
  g_assert_cmpuint (summary_get (summary, "cuts"), ==, 1);
  expected = g_strdup_printf ("cut conn=1 dir=up offset=%" G_GSIZE_FORMAT " ",
                              g_bytes_get_size (got));
  g_assert_nonnull (strstr (log, expected));
  echo_server_stop (&server);
}

/* Checks that @after differs from @before only at the offsets of the
 * "corrupt … dir=@dir" lines of @log, exactly as logged; returns how many. */
static guint
check_corruptions (const char *log,
                   const char *dir,
                   GBytes     *before,
                   GBytes     *after)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("corrupt conn=1 dir=%s ", dir);
  const guint8 *a = g_bytes_get_data (before, NULL);
  const guint8 *b = g_bytes_get_data (after, NULL);
  gsize len = g_bytes_get_size (before);
  guint events = 0;
  guint diffs = 0;

  g_assert_cmpuint (g_bytes_get_size (after), ==, len);
  for (gsize i = 0; i < len; i++)
    if (a[i] != b[i])
      diffs++;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 offset;
      guint from, to;

      if (!g_str_has_prefix (lines[i], prefix))
        continue;
      g_assert_cmpint (sscanf (lines[i] + strlen (prefix),
                               "offset=%" G_GUINT64_FORMAT " from=0x%x to=0x%x",
                               &offset, &from, &to), ==, 3);
      g_assert_cmpuint (offset, <, len);
      g_assert_cmpuint (a[offset], ==, from);
      g_assert_cmpuint (b[offset], ==, to);
      g_assert_cmpuint (from, !=, to);
      events++;
    }
  g_assert_cmpuint (diffs, ==, events);
  return events;
}

static void
test_corrupt (void)
{
  EchoServer server;
  Proxy proxy;
  Exchange ex;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) echoed = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *log = NULL;
  guint up, down;

  echo_server_start (&server);
  proxy_start (&proxy, server.port, "--seed=4", "--corrupt-prob=1", NULL);

  /* One byte changed per block, in both directions. */
  exchange (&ex, proxy.port, 400, 300000);
  g_assert_true (ex.eof);
  got = echo_server_received (&server, 1, 0);
  echoed = g_byte_array_free_to_bytes (g_steal_pointer (&ex.echoed));

  summary = proxy_stop (&proxy, &log);
  up = check_corruptions (log, "up", ex.sent, got);
  down = check_corruptions (log, "down", got, echoed);
  g_assert_cmpuint (up, >=, 1);
  g_assert_cmpuint (down, >=, 1);
  g_assert_cmpuint (summary_get (summary, "corruptions"), ==, up + down);
  g_assert_cmpuint (summary_get (summary, "up_bytes"), ==, 300000);
  exchange_clear (&ex);
  echo_server_stop (&server);
}

static void
test_stall (void)
{
  EchoServer server;
  Proxy proxy;
  Exchange ex;
  g_autoptr(GBytes) echoed = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *log = NULL;
  gint64 start;

  echo_server_start (&server);
  proxy_start (&proxy, server.port, "--seed=5", "--stall-prob=1", "--stall-ms=300", NULL);

  /* One block up and one down, each held 300 ms. */
  start = g_get_monotonic_time ();
  exchange (&ex, proxy.port, 500, 4);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 600 * 1000 - 10000);
  g_assert_true (ex.eof);
  echoed = g_byte_array_free_to_bytes (g_steal_pointer (&ex.echoed));
  g_assert_true (g_bytes_equal (echoed, ex.sent));

  summary = proxy_stop (&proxy, &log);
  g_assert_cmpuint (summary_get (summary, "stalls"), >=, 2);
  g_assert_cmpuint (count_lines (log, "stall conn=1 dir=up "), >=, 1);
  g_assert_cmpuint (count_lines (log, "stall conn=1 dir=down "), >=, 1);
  exchange_clear (&ex);
  echo_server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/fault-proxy/passthrough", test_passthrough);
  g_test_add_func ("/fault-proxy/cut-every", test_cut_every);
  g_test_add_func ("/fault-proxy/cut-random", test_cut_random);
  g_test_add_func ("/fault-proxy/corrupt", test_corrupt);
  g_test_add_func ("/fault-proxy/stall", test_stall);

  return g_test_run ();
}
