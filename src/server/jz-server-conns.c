/* jz-server-conns.c — the server's connections, from accept to close
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2's own listener was not enough for a server on a network:
 * it stops accepting for good the first time accept() fails (too many
 * open files) and says nothing; it has no time limits, so a half-sent
 * request holds its connection forever; and it leaves a keep-alive
 * connection open when the client closes it (jz-server-guard.h). So the
 * server accepts connections itself and hands each to libsoup through a
 * JzGuardStream (soup_server_accept_iostream()), and this object keeps a
 * table of them:
 *
 *  - a phase per connection (waiting for a request, reading its headers,
 *    its body, working, answering), moved by the guard's byte counts and
 *    libsoup's message signals, and a one-second sweep that shuts down
 *    what has been in a phase too long;
 *  - a limit on connections: past it the longest-idle keep-alive
 *    connection is closed, and if none is idle the new one is still
 *    answered, 503 for everything but health, up to an overflow margin;
 *  - accept() failures logged (at most once a minute) and retried.
 *
 * libsoup keeps connections alive only while it has a listener of its own
 * (soup-server.c, request_finished()), so it is given one on a Unix socket
 * whose path is removed at once: nothing can ever connect to it.
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "jz-protocol.h"
#include "jz-server-conns.h"
#include "jz-server-guard.h"

typedef enum
{
  PHASE_HANDSHAKE,  /* TLS, before libsoup has it */
  PHASE_FIRST,      /* accepted, no byte yet */
  PHASE_WAIT,       /* keep-alive: between two requests */
  PHASE_HEADERS,    /* a request's first byte has come */
  PHASE_BODY,       /* its headers are read */
  PHASE_WORK,       /* its body is read; the server is working */
  PHASE_RESPONSE,   /* the answer is being written */
} Phase;

typedef struct
{
  JzServerConns     *owner;    /* borrowed; NULL once the owner is gone */
  GSocketConnection *raw;
  GSocket           *socket;   /* borrowed from raw */
  GIOStream         *tls;
  JzGuardStream     *guard;
  GSocketAddress    *local;
  GSocketAddress    *remote;
  char              *peer;
  GCancellable      *handshake;
  Phase              phase;
  gint64             since;    /* the phase began (monotonic µs) */
  gint64             last_io;  /* the last byte, either way */
  guint64            phase_bytes;
  gint64             closing_since;
  guint              requests;
  gboolean           overflow;
  gboolean           closing;
  gboolean           listed;   /* in owner->conns */
} Conn;

struct _JzServerConns
{
  GObject       parent_instance;

  /* Owned */
  SoupServer   *soup;
  GSocket      *listener;
  GTlsCertificate *certificate;
  GSource      *accept_source;
  char         *dummy_dir;
  GHashTable   *conns;         /* remote GSocketAddress → Conn (a reference) */
  GHashTable   *peers;         /* address text → connections listed (GUINT_TO_POINTER) */
  JzConnLimits  limits;
  guint         sweep_id;
  guint         resume_id;
  gint64        last_accept_warning;
  gint64        last_refuse_warning;
  gint64        last_stuck_warning;
  guint         refused;
  guint         stuck;
  gboolean      stopped;
};

G_DEFINE_FINAL_TYPE (JzServerConns, jz_server_conns, G_TYPE_OBJECT)

static const char conn_key[] = "jz-conn";

/* ---- limits --------------------------------------------------------------- */

void
jz_conn_limits_init (JzConnLimits *limits,
                     guint         max_files)
{
  /* A connection costs a descriptor, two while it uploads a photo; the
   * store, the blobs and the log need a few dozen more. */
  guint usable = max_files > 128 ? (max_files - 64) / 2 : 32;

  limits->max_connections = MIN (usable * 7 / 8, 4096);
  limits->overflow = MIN (MAX (usable - limits->max_connections, 16), limits->max_connections / 4 + 16);
  /* an office of tablets behind one address, with room to spare */
  limits->per_peer = MAX (limits->max_connections / 16, 16);
  /* glib-networking does each handshake in a thread of the shared pool */
  limits->max_handshakes = 16;
  limits->handshake_seconds = 5;
  limits->first_seconds = 10;
  limits->header_seconds = 20;
  limits->idle_seconds = 30;
  limits->stall_seconds = 60;
  /* a 2G uplink does 5 KB/s; 1 KB/s moves a 2 MiB push in half an hour */
  limits->min_rate = 1024;
}

/* ---- connections ---------------------------------------------------------- */

static Conn *
conn_ref (Conn *conn)
{
  return g_rc_box_acquire (conn);
}

static void
conn_clear (Conn *conn)
{
  if (conn->guard != NULL)
    jz_guard_stream_detach (conn->guard);
  g_clear_object (&conn->guard);
  g_clear_object (&conn->tls);
  g_clear_object (&conn->raw);
  g_clear_object (&conn->local);
  g_clear_object (&conn->remote);
  g_clear_object (&conn->handshake);
  g_free (conn->peer);
}

static void
conn_unref (Conn *conn)
{
  g_rc_box_release_full (conn, (GDestroyNotify) conn_clear);
}

static void
peer_count (JzServerConns *self,
            const char    *peer,
            int            delta)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->peers, peer));

  n = delta < 0 ? (n > 0 ? n - 1 : 0) : n + 1;
  if (n == 0)
    g_hash_table_remove (self->peers, peer);
  else
    g_hash_table_insert (self->peers, g_strdup (peer), GUINT_TO_POINTER (n));
}

static void
conn_forget (Conn *conn)
{
  JzServerConns *self = conn->owner;

  if (self != NULL && conn->listed)
    {
      conn->listed = FALSE;
      peer_count (self, conn->peer, -1);
      g_hash_table_remove (self->conns, conn->remote);
    }
}

/* Shuts the socket both ways: whatever waits on it wakes up with an end
 * of stream or an error, and libsoup closes the connection. */
static void
conn_shut (Conn       *conn,
           const char *why)
{
  if (conn->closing)
    return;
  conn->closing = TRUE;
  conn->closing_since = g_get_monotonic_time ();
  if (conn->handshake != NULL)
    g_cancellable_cancel (conn->handshake);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
}

static void
guard_read (gpointer data,
            gsize    bytes)
{
  Conn *conn = data;

  conn->last_io = g_get_monotonic_time ();
  if (conn->phase == PHASE_FIRST || conn->phase == PHASE_WAIT)
    {
      conn->phase = PHASE_HEADERS;
      conn->since = conn->last_io;
      conn->phase_bytes = 0;
    }
  conn->phase_bytes += bytes;
}

static void
guard_wrote (gpointer data,
             gsize    bytes)
{
  Conn *conn = data;

  conn->last_io = g_get_monotonic_time ();
  if (conn->phase == PHASE_RESPONSE)
    conn->phase_bytes += bytes;
}

static gboolean
guard_awaiting (gpointer data)
{
  Conn *conn = data;

  return conn->phase == PHASE_FIRST || conn->phase == PHASE_WAIT;
}

static void
guard_closed (gpointer data)
{
  Conn *conn = data;

  conn_forget (conn);
}

static const JzGuardHooks guard_hooks = {
  guard_read,
  guard_wrote,
  guard_awaiting,
  guard_closed,
};

static void
set_phase (Conn  *conn,
           Phase  phase)
{
  conn->phase = phase;
  conn->since = conn->last_io = g_get_monotonic_time ();
  conn->phase_bytes = 0;
}

/* ---- messages ------------------------------------------------------------- */

static Conn *
conn_of (JzServerConns     *self,
         SoupServerMessage *msg)
{
  Conn *conn = g_object_get_data (G_OBJECT (msg), conn_key);
  GSocketAddress *remote;

  if (conn != NULL)
    return conn;
  remote = soup_server_message_get_remote_address (msg);
  return remote != NULL ? g_hash_table_lookup (self->conns, remote) : NULL;
}

static void
msg_got_headers (SoupServerMessage *msg,
                 Conn              *conn)
{
  /* answered already, before its body (jz_server_conns_answer_and_close) */
  if (conn->phase == PHASE_RESPONSE || conn->closing)
    return;
  set_phase (conn, PHASE_BODY);
}

static void
msg_got_body (SoupServerMessage *msg,
              Conn              *conn)
{
  set_phase (conn, PHASE_WORK);
}

static void
msg_wrote_headers (SoupServerMessage *msg,
                   Conn              *conn)
{
  set_phase (conn, PHASE_RESPONSE);
}

static void
msg_finished (SoupServerMessage *msg,
              Conn              *conn)
{
  conn->requests++;
  set_phase (conn, PHASE_WAIT);
}

static void
request_started (SoupServer        *soup,
                 SoupServerMessage *msg,
                 JzServerConns     *self)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  Conn *conn = remote != NULL ? g_hash_table_lookup (self->conns, remote) : NULL;

  if (conn == NULL)
    return;
  /* The message keeps its connection's record alive. */
  g_object_set_data_full (G_OBJECT (msg), conn_key, conn_ref (conn), (GDestroyNotify) conn_unref);
  g_signal_connect (msg, "got-headers", G_CALLBACK (msg_got_headers), conn);
  g_signal_connect (msg, "got-body", G_CALLBACK (msg_got_body), conn);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (msg_wrote_headers), conn);
  g_signal_connect (msg, "finished", G_CALLBACK (msg_finished), conn);
}

gboolean
jz_server_conns_is_overflow (JzServerConns     *self,
                             SoupServerMessage *msg)
{
  Conn *conn = conn_of (self, msg);

  return conn != NULL && conn->overflow;
}

static gboolean
is_loopback (GSocketAddress *address)
{
  return G_IS_INET_SOCKET_ADDRESS (address) &&
         g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

const char *
jz_server_conns_client (JzServerConns     *self,
                        SoupServerMessage *msg)
{
  Conn *conn = conn_of (self, msg);
  const char *forwarded;
  const char *last;
  char *client = g_object_get_data (G_OBJECT (msg), "jz-client");

  if (client != NULL)
    return client;
  if (conn == NULL)
    return "-";
  if (!is_loopback (conn->remote))
    return conn->peer;

  /* A TLS proxy on this machine (docs/deploy.md) says whom it serves; its
   * last entry is the one it added itself. */
  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                             "X-Forwarded-For");
  if (forwarded == NULL)
    return conn->peer;
  last = strrchr (forwarded, ',');
  last = last != NULL ? last + 1 : forwarded;
  while (*last == ' ')
    last++;
  client = g_strstrip (g_strndup (last, 64));
  if (!g_hostname_is_ip_address (client))
    {
      g_free (client);
      return conn->peer;
    }
  g_object_set_data_full (G_OBJECT (msg), "jz-client", client, g_free);
  return client;
}

/* ---- answering before libsoup has read the request -------------------------- */

typedef struct
{
  Conn    *conn;
  GBytes  *bytes;
  GSource *drain;
  guint    deadline_id;
  gsize    drained;
} Refusal;

#define DRAIN_BYTES   (1024 * 1024)
#define DRAIN_SECONDS 2

static void
refusal_close (Refusal *r)
{
  if (r->drain != NULL)
    {
      g_source_destroy (r->drain);
      g_source_unref (r->drain);
    }
  g_clear_handle_id (&r->deadline_id, g_source_remove);
  /* Closing the guard forgets the connection (guard_closed). */
  g_io_stream_close (G_IO_STREAM (r->conn->guard), NULL, NULL);
  g_bytes_unref (r->bytes);
  conn_unref (r->conn);
  g_free (r);
}

static gboolean
refusal_deadline (gpointer data)
{
  Refusal *r = data;

  r->deadline_id = 0;
  refusal_close (r);
  return G_SOURCE_REMOVE;
}

/* What the client still sends is read and dropped for a moment: closing a
 * socket with unread bytes makes the kernel reset the connection, and the
 * reset can overtake the answer on its way to the client. */
static gboolean
refusal_drain (GSocket      *socket,
               GIOCondition  condition,
               gpointer      data)
{
  Refusal *r = data;
  char buf[16384];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive_with_blocking (socket, buf, sizeof buf, FALSE, NULL, &error);

      if (n > 0 && (r->drained += (gsize) n) < DRAIN_BYTES)
        continue;
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      break;   /* the end, an error, or enough */
    }
  g_clear_pointer (&r->drain, g_source_unref);
  refusal_close (r);
  return G_SOURCE_REMOVE;
}

static void
refusal_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refusal *r = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL) ||
      r->conn->tls != NULL)
    {
      refusal_close (r);
      return;
    }
  /* the answer is out: the end of it, then whatever else arrives is dropped */
  g_socket_shutdown (r->conn->socket, FALSE, TRUE, NULL);
  r->drain = g_socket_create_source (r->conn->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (r->drain, (GSourceFunc) (void (*)(void)) refusal_drain, r, NULL);
  g_source_attach (r->drain, NULL);
  r->deadline_id = g_timeout_add_seconds (DRAIN_SECONDS, refusal_deadline, r);
}

void
jz_server_conns_answer_and_close (JzServerConns     *self,
                                  SoupServerMessage *msg,
                                  guint              status,
                                  const char        *body)
{
  Conn *conn = conn_of (self, msg);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GIOStream) stolen = NULL;
  g_autofree char *digest = NULL;
  const char *extra;
  Refusal *r;

  if (conn == NULL || conn->guard == NULL)
    {
      /* not one of ours (cannot happen): read no more of it, answer, close */
      SoupMessageBody *request = soup_server_message_get_request_body (msg);

      soup_message_body_set_accumulate (request, FALSE);
      soup_message_body_truncate (request);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
      return;
    }

  conn = conn_ref (conn);
  digest = jz_protocol_digest (body, strlen (body));
  extra = status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == 429
    ? "Retry-After: 10\r\n" : "";
  g_string_printf (text,
                   "HTTP/1.1 %u %s\r\nDate: %s\r\nServer: juzhu-server/" PACKAGE_VERSION "\r\n"
                   "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
                   "Content-Digest: %s\r\n%sConnection: close\r\n\r\n%s",
                   status, soup_status_get_phrase (status), date, strlen (body), digest, extra, body);

  /* libsoup lets go of the connection; the rest of the request is never
   * read, the answer goes out on our stream and the connection closes. */
  stolen = soup_server_message_steal_connection (msg);
  conn->phase = PHASE_RESPONSE;
  conn->last_io = g_get_monotonic_time ();
  r = g_new0 (Refusal, 1);
  r->conn = conn;
  r->bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (conn->guard)),
                                   g_bytes_get_data (r->bytes, NULL), g_bytes_get_size (r->bytes),
                                   G_PRIORITY_DEFAULT, NULL, refusal_written, r);
}

/* ---- accepting ---------------------------------------------------------- */

static void
hand_to_soup (JzServerConns *self,
              Conn          *conn,
              GIOStream     *base)
{
  g_autoptr(GError) error = NULL;

  conn->guard = jz_guard_stream_new (base, &guard_hooks, conn);
  set_phase (conn, PHASE_FIRST);
  if (!soup_server_accept_iostream (self->soup, G_IO_STREAM (conn->guard), conn->local,
                                    conn->remote, &error))
    {
      g_warning ("cannot serve a connection from %s: %s", conn->peer, error->message);
      /* closing forgets the record: keep it until the guard is closed */
      conn_ref (conn);
      g_io_stream_close (G_IO_STREAM (conn->guard), NULL, NULL);
      conn_unref (conn);
    }
}

static void
handshake_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Conn *conn = user_data;
  JzServerConns *self = conn->owner;

  if (self == NULL || conn->closing ||
      !g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, NULL))
    {
      /* a failed or abandoned handshake: nothing reached libsoup */
      conn_forget (conn);
      g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
      conn_unref (conn);
      return;
    }
  g_clear_object (&conn->handshake);
  hand_to_soup (self, conn, conn->tls);
  conn_unref (conn);
}

/* The connection that has waited longest for its next request. */
static Conn *
longest_idle (JzServerConns *self)
{
  GHashTableIter iter;
  Conn *conn, *best = NULL;

  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if (!conn->closing && conn->phase == PHASE_WAIT && (best == NULL || conn->since < best->since))
      best = conn;
  return best;
}

static guint
count_open (JzServerConns *self)
{
  GHashTableIter iter;
  Conn *conn;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    n += !conn->closing;
  return n;
}

/* TLS handshakes run in threads of the shared pool: a few at a time, two
 * for one address. */
static gboolean
may_handshake (JzServerConns *self,
               const char    *peer)
{
  GHashTableIter iter;
  Conn *conn;
  guint all = 0, mine = 0;

  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if (conn->phase == PHASE_HANDSHAKE && !conn->closing)
      {
        all++;
        mine += g_strcmp0 (conn->peer, peer) == 0;
      }
  return all < self->limits.max_handshakes && mine < 2;
}

static void
take_socket (JzServerConns *self,
             GSocket       *socket)
{
  guint open = count_open (self);
  gboolean overflow = FALSE;
  GInetAddress *inet;
  Conn *conn;

  if (open >= self->limits.max_connections)
    {
      Conn *idle = longest_idle (self);

      if (idle != NULL)
        conn_shut (idle, "idle, the server is full");
      else if (open >= self->limits.max_connections + self->limits.overflow)
        {
          gint64 now = g_get_monotonic_time ();

          self->refused++;
          if (now - self->last_refuse_warning > 60 * G_USEC_PER_SEC)
            {
              g_warning ("%u connection(s) open, the limit is %u (+%u answered 503); "
                         "closed %u new connection(s) at once",
                         open, self->limits.max_connections, self->limits.overflow, self->refused);
              self->last_refuse_warning = now;
              self->refused = 0;
            }
          g_socket_close (socket, NULL);
          return;
        }
      else
        overflow = TRUE;
    }

  conn = g_rc_box_new0 (Conn);
  conn->owner = self;
  conn->raw = g_socket_connection_factory_create_connection (socket);
  conn->socket = g_socket_connection_get_socket (conn->raw);
  conn->overflow = overflow;
  conn->local = g_socket_get_local_address (socket, NULL);
  conn->remote = g_socket_get_remote_address (socket, NULL);
  if (conn->local == NULL || conn->remote == NULL)
    {
      /* the peer left already */
      g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
      conn_unref (conn);
      return;
    }
  inet = G_IS_INET_SOCKET_ADDRESS (conn->remote)
    ? g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (conn->remote)) : NULL;
  conn->peer = inet != NULL ? g_inet_address_to_string (inet) : g_strdup ("-");

  /* One address does not take the server: a proxy on this machine (which
   * speaks for everyone) excepted. */
  if (!is_loopback (conn->remote) &&
      (GPOINTER_TO_UINT (g_hash_table_lookup (self->peers, conn->peer)) >= self->limits.per_peer ||
       (self->certificate != NULL && !may_handshake (self, conn->peer))))
    {
      g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
      conn_unref (conn);
      return;
    }

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  conn->listed = TRUE;
  peer_count (self, conn->peer, +1);
  g_hash_table_insert (self->conns, conn->remote, conn);

  if (self->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;

      conn->tls = g_tls_server_connection_new (G_IO_STREAM (conn->raw), self->certificate, &error);
      if (conn->tls == NULL)
        {
          g_warning ("TLS: %s", error->message);
          g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
          conn_forget (conn);
          return;
        }
      g_object_set (conn->tls, "require-close-notify", FALSE, NULL);
      conn->handshake = g_cancellable_new ();
      set_phase (conn, PHASE_HANDSHAKE);
      g_tls_connection_handshake_async (G_TLS_CONNECTION (conn->tls), G_PRIORITY_DEFAULT,
                                        conn->handshake, handshake_done, conn_ref (conn));
      return;
    }
  hand_to_soup (self, conn, G_IO_STREAM (conn->raw));
}

static gboolean accept_ready (GSocket      *socket,
                              GIOCondition  condition,
                              gpointer      data);

static void
watch_listener (JzServerConns *self)
{
  self->accept_source = g_socket_create_source (self->listener, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, (GSourceFunc) (void (*)(void)) accept_ready, self, NULL);
  g_source_attach (self->accept_source, NULL);
}

static gboolean
resume_accepting (gpointer data)
{
  JzServerConns *self = data;

  self->resume_id = 0;
  if (!self->stopped)
    watch_listener (self);
  return G_SOURCE_REMOVE;
}

static gboolean
accept_ready (GSocket      *listener,
              GIOCondition  condition,
              gpointer      data)
{
  JzServerConns *self = data;

  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket = g_socket_accept (listener, NULL, &error);

      if (socket != NULL)
        {
          take_socket (self, socket);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        {
          gint64 now = g_get_monotonic_time ();

          /* Out of descriptors or memory: say so, wait a little, go on.
           * Idle connections time out meanwhile. */
          if (now - self->last_accept_warning > 60 * G_USEC_PER_SEC)
            {
              g_warning ("cannot accept connections: %s (%u open); retrying",
                         error->message, g_hash_table_size (self->conns));
              self->last_accept_warning = now;
            }
          g_clear_pointer (&self->accept_source, g_source_destroy);
          self->resume_id = g_timeout_add (250, resume_accepting, self);
          return G_SOURCE_REMOVE;
        }
      /* a connection reset before it was accepted, and the like */
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the sweep ---------------------------------------------------------- */

/* Whether @conn has been in its phase too long, and why. */
static const char *
overdue (JzServerConns *self,
         Conn          *conn,
         gint64         now)
{
  gint64 in_phase = (now - conn->since) / G_USEC_PER_SEC;
  gint64 quiet = (now - conn->last_io) / G_USEC_PER_SEC;

  switch (conn->phase)
    {
    case PHASE_HANDSHAKE:
      return in_phase >= self->limits.handshake_seconds ? "TLS handshake too slow" : NULL;
    case PHASE_FIRST:
      return in_phase >= self->limits.first_seconds ? "no request" : NULL;
    case PHASE_WAIT:
      return in_phase >= self->limits.idle_seconds ? "idle" : NULL;
    case PHASE_HEADERS:
      return in_phase >= self->limits.header_seconds ? "headers too slow" : NULL;
    case PHASE_BODY:
    case PHASE_RESPONSE:
      if (quiet >= self->limits.stall_seconds)
        return "stalled";
      /* a byte now and then is not a body: a rate, on average */
      if (in_phase >= self->limits.stall_seconds / 2 &&
          conn->phase_bytes < (guint64) in_phase * self->limits.min_rate)
        return "too slow";
      return NULL;
    case PHASE_WORK:
    default:
      return NULL;
    }
}

static gboolean
sweep (gpointer data)
{
  JzServerConns *self = data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_unref);
  g_autoptr(GPtrArray) stuck = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_unref);
  GHashTableIter iter;
  Conn *conn;

  /* first the list, then the closing: closing changes the table */
  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (conn->closing)
        {
          if (now - conn->closing_since > 10 * G_USEC_PER_SEC)
            g_ptr_array_add (stuck, conn_ref (conn));
        }
      else if (overdue (self, conn, now) != NULL)
        g_ptr_array_add (late, conn_ref (conn));
    }

  for (guint i = 0; i < late->len; i++)
    conn_shut (late->pdata[i], overdue (self, late->pdata[i], now));

  /* Shut down, yet libsoup never closed it: close the socket ourselves so
   * the descriptor is not lost. */
  for (guint i = 0; i < stuck->len; i++)
    {
      conn = stuck->pdata[i];
      conn_forget (conn);
      g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
      self->stuck++;
    }
  if (self->stuck > 0 && now - self->last_stuck_warning > 60 * G_USEC_PER_SEC)
    {
      g_warning ("%u connection(s) did not close after being shut down; their sockets were "
                 "closed", self->stuck);
      self->stuck = 0;
      self->last_stuck_warning = now;
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the object --------------------------------------------------------- */

static void
forget_owner (gpointer data)
{
  Conn *conn = data;

  conn->owner = NULL;
  conn->listed = FALSE;
  conn_unref (conn);
}

void
jz_server_conns_stop (JzServerConns *self)
{
  g_return_if_fail (JZ_IS_SERVER_CONNS (self));

  self->stopped = TRUE;
  g_clear_pointer (&self->accept_source, g_source_destroy);
  g_clear_handle_id (&self->resume_id, g_source_remove);
}

static void
jz_server_conns_dispose (GObject *object)
{
  JzServerConns *self = JZ_SERVER_CONNS (object);

  jz_server_conns_stop (self);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  if (self->soup != NULL)
    g_signal_handlers_disconnect_by_data (self->soup, self);
  g_clear_pointer (&self->conns, g_hash_table_unref);
  g_clear_pointer (&self->peers, g_hash_table_unref);
  g_clear_object (&self->soup);
  g_clear_object (&self->listener);
  g_clear_object (&self->certificate);
  if (self->dummy_dir != NULL)
    {
      g_rmdir (self->dummy_dir);
      g_clear_pointer (&self->dummy_dir, g_free);
    }

  G_OBJECT_CLASS (jz_server_conns_parent_class)->dispose (object);
}

static void
jz_server_conns_class_init (JzServerConnsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jz_server_conns_dispose;
}

static void
jz_server_conns_init (JzServerConns *self)
{
  self->conns = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, forget_owner);
  self->peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

JzServerConns *
jz_server_conns_new (SoupServer         *soup,
                     const JzConnLimits *limits)
{
  JzServerConns *self = g_object_new (JZ_TYPE_SERVER_CONNS, NULL);

  self->soup = g_object_ref (soup);
  self->limits = *limits;
  g_signal_connect (soup, "request-started", G_CALLBACK (request_started), self);
  self->sweep_id = g_timeout_add_seconds (1, sweep, self);
  return self;
}

/* The listener libsoup needs to keep connections alive, on a socket
 * nobody can reach. */
static gboolean
add_dummy_listener (JzServerConns  *self,
                    GError        **error)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *path = NULL;

  self->dummy_dir = g_dir_make_tmp ("juzhu-server-XXXXXX", error);
  if (self->dummy_dir == NULL)
    return FALSE;
  path = g_build_filename (self->dummy_dir, "s", NULL);
  address = g_unix_socket_address_new (path);
  sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (sock == NULL || !g_socket_bind (sock, address, FALSE, error) || !g_socket_listen (sock, error))
    return FALSE;
  g_unlink (path);
  return soup_server_listen_socket (self->soup, sock, 0, error);
}

gboolean
jz_server_conns_listen (JzServerConns    *self,
                        GSocket          *socket,
                        GTlsCertificate  *certificate,
                        GError          **error)
{
  g_return_val_if_fail (JZ_IS_SERVER_CONNS (self), FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  if (!add_dummy_listener (self, error))
    {
      g_prefix_error (error, "cannot set up the server: ");
      return FALSE;
    }
  self->listener = g_object_ref (socket);
  g_socket_set_blocking (socket, FALSE);
  g_set_object (&self->certificate, certificate);
  watch_listener (self);
  return TRUE;
}

char *
jz_server_conns_get_url (JzServerConns *self)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GInetAddress *inet;

  address = self->listener ? g_socket_get_local_address (self->listener, NULL) : NULL;
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  host = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    {
      g_autofree char *bare = g_steal_pointer (&host);

      host = g_strdup_printf ("[%s]", bare);
    }
  return g_strdup_printf ("%s://%s:%u/", self->certificate ? "https" : "http", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

guint
jz_server_conns_get_count (JzServerConns *self)
{
  return count_open (self);
}
