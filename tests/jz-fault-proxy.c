/* jz-fault-proxy.c — a TCP proxy that cuts, stalls and corrupts, for sync tests
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-fault-proxy --listen 127.0.0.1:0 --target 127.0.0.1:PORT --seed N
 *                [--cut-every BYTES] [--cut-prob P]
 *                [--stall-prob P --stall-ms MS] [--corrupt-prob P]
 *                [--faults up|down|both] [--rewrite-down OLD=NEW] [--log FILE]
 *
 * Prints "listening on HOST:PORT" once it accepts. Every connection is
 * forwarded both ways by two threads with blocking sockets, which keeps
 * half-closes simple: EOF from one side becomes a shutdown of writing on the
 * other, and the connection ends when both directions have.
 *
 * Faults are decided per forwarded block (one read, at most 64 KiB) with a
 * GRand seeded from (seed, connection number, direction), so a run is
 * reproducible up to how the kernel splits the stream into reads:
 *  - cut: forward a random prefix of the block, then close both sides;
 *  - --cut-every BYTES: cut after every BYTES bytes sent up (client to
 *    server) over the whole link, counted across connections the way a
 *    flaky uplink would, at exactly that byte;
 *  - stall: sleep MS before forwarding the block;
 *  - corrupt: change one byte of the block (never to its own value).
 * "up" is client to server, "down" server to client; --faults limits the
 * random faults to one direction. --rewrite-down replaces every OLD (in one
 * block) with NEW of the same length on the way down: a damaged header that
 * no checksum covers, at will (a `Date` in another century).
 *
 * A cut delivers what was forwarded before it: the side written to gets
 * FIN after the data (so a server really receives exactly the bytes before
 * the cut), the side read from is shut down, and whatever the written side
 * still sends is read and dropped for up to two seconds so that closing
 * does not turn into a reset that would discard the data in flight.
 *
 * With --log every event is one line, flushed as it happens:
 *   open conn=1
 *   cut conn=1 dir=up offset=1048576 link=1048576 reason=every
 *   stall conn=1 dir=down offset=512 ms=200
 *   corrupt conn=1 dir=up offset=70000 from=0x41 to=0x5c
 *   close conn=1 up=… down=…
 * and a "summary connections=… up_bytes=… down_bytes=… up_read=… down_read=…
 * cuts=… stalls=… corruptions=… rewrites=… connect_failures=…" line is written to the
 * log and to standard output on SIGUSR1 and on SIGTERM or SIGINT (which then
 * exit). Byte counts are bytes forwarded (*_bytes) and received (*_read).
 * The proxy also exits (with the summary) when its parent process dies, so
 * that a test which aborts leaves none behind.
 */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#define BLOCK_SIZE   65536
#define DRAIN_MS     2000

typedef enum
{
  DIR_UP,
  DIR_DOWN,
} Direction;

static const char * const direction_names[] = { "up", "down" };

typedef struct
{
  /* Options */
  char     *target;
  guint32   seed;
  guint64   cut_every;
  double    cut_prob;
  double    stall_prob;
  int       stall_ms;
  double    corrupt_prob;
  gboolean  faults[2];
  char     *rewrite_old;
  char     *rewrite_new;

  /* Under lock */
  GMutex    lock;
  FILE     *log;
  guint     n_connections;
  guint64   link_up;
  guint64   read[2];
  guint64   forwarded[2];
  guint     cuts;
  guint     stalls;
  guint     corruptions;
  guint     rewrites;
  guint     connect_failures;
} Proxy;

typedef struct
{
  Proxy             *proxy;
  guint              id;
  GSocketConnection *client;
  GSocketConnection *server;
  GCancellable      *cancellable;
  int                cut;
  Direction          cut_dir;
  gint64             cut_time;
  guint64            forwarded[2];
} Conn;

static void
conn_free (Conn *conn)
{
  g_clear_object (&conn->client);
  g_clear_object (&conn->server);
  g_clear_object (&conn->cancellable);
  g_free (conn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_free)

static void proxy_log (Proxy      *proxy,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

/* Writes one line to the log; call with proxy->lock held. */
static void
proxy_log (Proxy      *proxy,
           const char *format,
           ...)
{
  va_list ap;

  if (proxy->log == NULL)
    return;
  va_start (ap, format);
  vfprintf (proxy->log, format, ap);
  va_end (ap);
  fputc ('\n', proxy->log);
  fflush (proxy->log);
}

static char *
proxy_summary (Proxy *proxy)
{
  char *line;

  g_mutex_lock (&proxy->lock);
  line = g_strdup_printf ("summary connections=%u up_bytes=%" G_GUINT64_FORMAT
                          " down_bytes=%" G_GUINT64_FORMAT
                          " up_read=%" G_GUINT64_FORMAT
                          " down_read=%" G_GUINT64_FORMAT
                          " cuts=%u stalls=%u corruptions=%u rewrites=%u connect_failures=%u",
                          proxy->n_connections,
                          proxy->forwarded[DIR_UP], proxy->forwarded[DIR_DOWN],
                          proxy->read[DIR_UP], proxy->read[DIR_DOWN],
                          proxy->cuts, proxy->stalls, proxy->corruptions,
                          proxy->rewrites, proxy->connect_failures);
  proxy_log (proxy, "%s", line);
  g_mutex_unlock (&proxy->lock);
  return line;
}

static GSocket *
conn_source (Conn      *conn,
             Direction  dir)
{
  return g_socket_connection_get_socket (dir == DIR_UP ? conn->client : conn->server);
}

static GSocket *
conn_sink (Conn      *conn,
           Direction  dir)
{
  return g_socket_connection_get_socket (dir == DIR_UP ? conn->server : conn->client);
}

/* Ends both directions now, after a reset or a failed write. */
static void
conn_tear_down (Conn *conn)
{
  g_socket_shutdown (conn_source (conn, DIR_UP), TRUE, TRUE, NULL);
  g_socket_shutdown (conn_sink (conn, DIR_UP), TRUE, TRUE, NULL);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

static void
conn_cut (Conn      *conn,
          Direction  dir)
{
  conn->cut_dir = dir;
  conn->cut_time = g_get_monotonic_time ();
  g_atomic_int_set (&conn->cut, TRUE);
  /* FIN after the forwarded bytes to the side written to, the other side
   * just ends. The other direction stops at its next read or write, or
   * at DRAIN_MS if its peer keeps quiet. */
  g_socket_shutdown (conn_sink (conn, dir), FALSE, TRUE, NULL);
  g_socket_shutdown (conn_source (conn, dir), TRUE, TRUE, NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, DRAIN_MS, cancel_cb,
                      g_object_ref (conn->cancellable), g_object_unref);
}

/* After a cut, reads and drops what the side that got the FIN still sends,
 * until it closes or DRAIN_MS have passed: closing a socket with unread
 * data sends a reset, and a reset makes the peer's kernel discard the
 * forwarded bytes that it has not handed to its reader yet. */
static void
conn_drain (Conn   *conn,
            guint8 *buf)
{
  GSocket *socket = conn_sink (conn, conn->cut_dir);
  gint64 deadline = conn->cut_time + DRAIN_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      if (left <= 0
          || !g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL))
        break;
      n = g_socket_receive_with_blocking (socket, (char *) buf, BLOCK_SIZE, FALSE, NULL, NULL);
      if (n <= 0)
        break;
    }
}

static gboolean
send_all (GSocket       *socket,
          const guint8  *data,
          gsize          len,
          GCancellable  *cancellable)
{
  while (len > 0)
    {
      gssize n = g_socket_send (socket, (const char *) data, len, cancellable, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

static void
pump (Conn      *conn,
      Direction  dir)
{
  Proxy *proxy = conn->proxy;
  GSocket *source = conn_source (conn, dir);
  GSocket *sink = conn_sink (conn, dir);
  guint32 seed[3] = { proxy->seed, conn->id, dir };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
  g_autofree guint8 *buf = g_malloc (BLOCK_SIZE);
  gboolean random_faults = proxy->faults[dir];

  for (;;)
    {
      gssize n = g_socket_receive (source, (char *) buf, BLOCK_SIZE, conn->cancellable, NULL);
      gsize len;
      gboolean cut_random = FALSE;
      gboolean cut_every = FALSE;
      gboolean stall = FALSE;
      gboolean corrupt = FALSE;
      guint64 offset = conn->forwarded[dir];

      if (g_atomic_int_get (&conn->cut))
        break;
      if (n == 0)
        {
          g_socket_shutdown (sink, FALSE, TRUE, NULL);
          break;
        }
      if (n < 0)
        {
          conn_tear_down (conn);
          break;
        }

      len = n;
      /* Draw all three for every block, so that enabling one fault does not
       * move the others. */
      if (random_faults && proxy->cut_prob > 0 && g_rand_double (rand) < proxy->cut_prob)
        {
          cut_random = TRUE;
          len = g_rand_int_range (rand, 0, n);
        }
      if (random_faults && proxy->stall_prob > 0 && g_rand_double (rand) < proxy->stall_prob)
        stall = TRUE;
      if (random_faults && proxy->corrupt_prob > 0 && g_rand_double (rand) < proxy->corrupt_prob)
        corrupt = TRUE;

      g_mutex_lock (&proxy->lock);
      proxy->read[dir] += n;
      if (dir == DIR_UP && proxy->cut_every > 0)
        {
          guint64 boundary = (proxy->link_up / proxy->cut_every + 1) * proxy->cut_every;

          if (proxy->link_up + len >= boundary)
            {
              len = boundary - proxy->link_up;
              cut_every = TRUE;
              cut_random = FALSE;
            }
        }
      if (dir == DIR_UP)
        proxy->link_up += len;
      if (stall)
        {
          proxy->stalls++;
          proxy_log (proxy, "stall conn=%u dir=%s offset=%" G_GUINT64_FORMAT " ms=%d",
                     conn->id, direction_names[dir], offset, proxy->stall_ms);
        }
      if (dir == DIR_DOWN && proxy->rewrite_old != NULL)
        {
          gsize old_len = strlen (proxy->rewrite_old);
          guint8 *at = buf;

          while ((at = memmem (at, len - (at - buf), proxy->rewrite_old, old_len)) != NULL)
            {
              memcpy (at, proxy->rewrite_new, old_len);
              proxy->rewrites++;
              proxy_log (proxy, "rewrite conn=%u dir=down offset=%" G_GUINT64_FORMAT,
                         conn->id, offset + (at - buf));
              at += old_len;
            }
        }
      if (corrupt && len > 0)
        {
          gsize at = g_rand_int_range (rand, 0, len);
          guint8 from = buf[at];

          buf[at] ^= (guint8) g_rand_int_range (rand, 1, 256);
          proxy->corruptions++;
          proxy_log (proxy, "corrupt conn=%u dir=%s offset=%" G_GUINT64_FORMAT
                     " from=0x%02x to=0x%02x",
                     conn->id, direction_names[dir], offset + at, from, buf[at]);
        }
      g_mutex_unlock (&proxy->lock);

      if (stall)
        g_usleep ((gulong) proxy->stall_ms * 1000);

      if (!send_all (sink, buf, len, conn->cancellable))
        {
          if (!g_atomic_int_get (&conn->cut))
            conn_tear_down (conn);
          break;
        }
      conn->forwarded[dir] += len;

      g_mutex_lock (&proxy->lock);
      proxy->forwarded[dir] += len;
      if (cut_random || cut_every)
        {
          proxy->cuts++;
          proxy_log (proxy, "cut conn=%u dir=%s offset=%" G_GUINT64_FORMAT
                     " link=%" G_GUINT64_FORMAT " reason=%s",
                     conn->id, direction_names[dir], conn->forwarded[dir],
                     proxy->link_up, cut_every ? "every" : "random");
        }
      g_mutex_unlock (&proxy->lock);

      if (cut_random || cut_every)
        {
          conn_cut (conn, dir);
          break;
        }
    }
}

static gpointer
pump_down_thread (gpointer data)
{
  pump (data, DIR_DOWN);
  return NULL;
}

static void
set_nodelay (GSocketConnection *connection)
{
  /* The proxy re-sends whatever one read gave it; Nagle would hold back
   * the tail of every request. */
  g_socket_set_option (g_socket_connection_get_socket (connection),
                       IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static gpointer
conn_thread (gpointer data)
{
  g_autoptr(Conn) conn = data;
  Proxy *proxy = conn->proxy;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GThread *down;

  /* Straight to the target, whatever http_proxy says. */
  g_socket_client_set_enable_proxy (client, FALSE);
  conn->server = g_socket_client_connect_to_host (client, proxy->target, 0,
                                                  conn->cancellable, &error);
  if (conn->server == NULL)
    {
      g_mutex_lock (&proxy->lock);
      proxy->connect_failures++;
      proxy_log (proxy, "connect-failed conn=%u error=%s", conn->id, error->message);
      g_mutex_unlock (&proxy->lock);
      g_io_stream_close (G_IO_STREAM (conn->client), NULL, NULL);
      return NULL;
    }
  set_nodelay (conn->client);
  set_nodelay (conn->server);

  down = g_thread_new ("jz-proxy-down", pump_down_thread, conn);
  pump (conn, DIR_UP);
  g_thread_join (down);
  if (g_atomic_int_get (&conn->cut))
    {
      g_autofree guint8 *buf = g_malloc (BLOCK_SIZE);

      conn_drain (conn, buf);
    }

  g_io_stream_close (G_IO_STREAM (conn->server), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (conn->client), NULL, NULL);

  g_mutex_lock (&proxy->lock);
  proxy_log (proxy, "close conn=%u up=%" G_GUINT64_FORMAT " down=%" G_GUINT64_FORMAT,
             conn->id, conn->forwarded[DIR_UP], conn->forwarded[DIR_DOWN]);
  g_mutex_unlock (&proxy->lock);
  return NULL;
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  Proxy *proxy = user_data;
  Conn *conn = g_new0 (Conn, 1);

  conn->proxy = proxy;
  conn->client = g_object_ref (connection);
  conn->cancellable = g_cancellable_new ();

  g_mutex_lock (&proxy->lock);
  conn->id = ++proxy->n_connections;
  proxy_log (proxy, "open conn=%u", conn->id);
  g_mutex_unlock (&proxy->lock);

  g_thread_unref (g_thread_new ("jz-proxy-conn", conn_thread, conn));
  return TRUE;
}

static gboolean
on_quit (gpointer data)
{
  Proxy *proxy = data;
  g_autofree char *line = proxy_summary (proxy);

  g_print ("%s\n", line);
  fflush (stdout);
  exit (0);
  return G_SOURCE_REMOVE;
}

/* A test that aborts leaves no one to stop its proxy: once the parent is
 * gone (the proxy was handed to another), go too. */
static gboolean
on_parent_check (gpointer data)
{
  static pid_t parent = 0;

  if (parent == 0)
    parent = getppid ();
  else if (getppid () != parent)
    return on_quit (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_report (gpointer data)
{
  Proxy *proxy = data;
  g_autofree char *line = proxy_summary (proxy);

  g_print ("%s\n", line);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_probability (const char  *name,
                   double       value,
                   GError     **error)
{
  if (value < 0.0 || value > 1.0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be a probability between 0 and 1 (got %g)", name, value);
      return FALSE;
    }
  return TRUE;
}

static GSocketAddress *
parse_listen (const char  *text,
              GError     **error)
{
  const char *colon = text ? strrchr (text, ':') : NULL;
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  guint64 port;

  if (colon == NULL
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--listen must be ADDRESS:PORT, such as 127.0.0.1:0 (got “%s”)",
                   text ? text : "");
      return NULL;
    }
  host = g_strndup (text, colon - text);
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--listen: “%s” is not a numeric IP address", host);
      return NULL;
    }
  return g_inet_socket_address_new (address, port);
}

int
main (int   argc,
      char *argv[])
{
  static Proxy proxy;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSocketAddress) listen_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *faults = NULL;
  g_autofree char *rewrite = NULL;
  g_autofree char *host = NULL;
  gint64 seed = 1;
  gint64 cut_every = 0;
  int stall_ms = 1000;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on", "ADDR:PORT" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &proxy.target, "Address to forward to", "HOST:PORT" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the fault generator", "N" },
    { "cut-every", 0, 0, G_OPTION_ARG_INT64, &cut_every, "Cut after every BYTES sent up", "BYTES" },
    { "cut-prob", 0, 0, G_OPTION_ARG_DOUBLE, &proxy.cut_prob, "Probability of a cut per block", "P" },
    { "stall-prob", 0, 0, G_OPTION_ARG_DOUBLE, &proxy.stall_prob, "Probability of a stall per block", "P" },
    { "stall-ms", 0, 0, G_OPTION_ARG_INT, &stall_ms, "Length of a stall (default 1000)", "MS" },
    { "corrupt-prob", 0, 0, G_OPTION_ARG_DOUBLE, &proxy.corrupt_prob, "Probability of a corrupt byte per block", "P" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults, "Directions of random faults (default both)", "up|down|both" },
    { "rewrite-down", 0, 0, G_OPTION_ARG_STRING, &rewrite, "Replace OLD with NEW (same length) on the way down", "OLD=NEW" },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path, "Write one line per event to FILE", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("— a TCP proxy that injects faults");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !parse_probability ("--cut-prob", proxy.cut_prob, &error)
      || !parse_probability ("--stall-prob", proxy.stall_prob, &error)
      || !parse_probability ("--corrupt-prob", proxy.corrupt_prob, &error))
    goto fail;
  if (proxy.target == NULL)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--target HOST:PORT is required");
      goto fail;
    }
  if (seed < 0 || seed > G_MAXUINT32 || cut_every < 0 || stall_ms < 0)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--seed must be 0…4294967295; --cut-every and --stall-ms must not be negative");
      goto fail;
    }
  if (rewrite != NULL)
    {
      const char *eq = strchr (rewrite, '=');

      if (eq == NULL || eq == rewrite || strlen (eq + 1) != (gsize) (eq - rewrite))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--rewrite-down must be OLD=NEW, both of the same length (got “%s”)", rewrite);
          goto fail;
        }
      proxy.rewrite_old = g_strndup (rewrite, eq - rewrite);
      proxy.rewrite_new = g_strdup (eq + 1);
    }
  if (faults == NULL || g_str_equal (faults, "both"))
    proxy.faults[DIR_UP] = proxy.faults[DIR_DOWN] = TRUE;
  else if (g_str_equal (faults, "up"))
    proxy.faults[DIR_UP] = TRUE;
  else if (g_str_equal (faults, "down"))
    proxy.faults[DIR_DOWN] = TRUE;
  else
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--faults must be up, down or both (got “%s”)", faults);
      goto fail;
    }
  listen_address = parse_listen (listen ? listen : "127.0.0.1:0", &error);
  if (listen_address == NULL)
    goto fail;
  proxy.seed = seed;
  proxy.cut_every = cut_every;
  proxy.stall_ms = stall_ms;
  g_mutex_init (&proxy.lock);

  if (log_path != NULL)
    {
      proxy.log = g_fopen (log_path, "w");
      if (proxy.log == NULL)
        {
          int saved = errno;

          g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Cannot write the log %s: %s", log_path, g_strerror (saved));
          goto fail;
        }
    }

  service = g_socket_service_new ();
  /* Tests open dozens of connections at once; GIO's default backlog of 10
   * would make the kernel drop some handshakes. */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (service), 256);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), listen_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, &error))
    {
      g_prefix_error (&error, "Cannot listen on %s: ", listen ? listen : "127.0.0.1:0");
      goto fail;
    }
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), &proxy);
  g_unix_signal_add (SIGTERM, on_quit, &proxy);
  g_unix_signal_add (SIGINT, on_quit, &proxy);
  g_unix_signal_add (SIGUSR1, on_report, &proxy);
  on_parent_check (&proxy);
  g_timeout_add_seconds (1, on_parent_check, &proxy);

  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (effective)));
  g_mutex_lock (&proxy.lock);
  proxy_log (&proxy, "start seed=%u target=%s cut_every=%" G_GUINT64_FORMAT
             " cut_prob=%g stall_prob=%g stall_ms=%d corrupt_prob=%g",
             proxy.seed, proxy.target, proxy.cut_every, proxy.cut_prob,
             proxy.stall_prob, proxy.stall_ms, proxy.corrupt_prob);
  g_mutex_unlock (&proxy.lock);
  g_print ("listening on %s:%u\n", host,
           g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;

fail:
  g_printerr ("jz-fault-proxy: %s\n", error->message);
  return 2;
}
