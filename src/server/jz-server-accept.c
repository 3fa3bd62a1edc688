/* jz-server-accept.c — connections accepted by the county server, and
 * answered before libsoup has read their request (refusals, limits)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "jz-server-conns-private.h"

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
  /* Closing the guard forgets the connection (_jz_conns_guard_closed). */
  g_io_stream_close (G_IO_STREAM (r->conn->guard), NULL, NULL);
  g_bytes_unref (r->bytes);
  _jz_conns_conn_unref (r->conn);
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
  Conn *conn = _jz_conns_conn_of (self, msg);
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

  conn = _jz_conns_conn_ref (conn);
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

  conn->guard = jz_guard_stream_new (base, &_jz_conns_guard_hooks, conn);
  _jz_conns_set_phase (conn, PHASE_FIRST);
  if (!soup_server_accept_iostream (self->soup, G_IO_STREAM (conn->guard), conn->local,
                                    conn->remote, &error))
    {
      g_warning ("cannot serve a connection from %s: %s", conn->peer, error->message);
      /* closing forgets the record: keep it until the guard is closed */
      _jz_conns_conn_ref (conn);
      g_io_stream_close (G_IO_STREAM (conn->guard), NULL, NULL);
      _jz_conns_conn_unref (conn);
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
      _jz_conns_conn_forget (conn);
      g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
      _jz_conns_conn_unref (conn);
      return;
    }
  g_clear_object (&conn->handshake);
  hand_to_soup (self, conn, conn->tls);
  _jz_conns_conn_unref (conn);
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

guint
_jz_conns_count_open (JzServerConns *self)
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
  guint open = _jz_conns_count_open (self);
  gboolean overflow = FALSE;
  GInetAddress *inet;
  Conn *conn;

  if (open >= self->limits.max_connections)
    {
      Conn *idle = longest_idle (self);

      if (idle != NULL)
        _jz_conns_conn_shut (idle, "idle, the server is full");
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
      _jz_conns_conn_unref (conn);
      return;
    }
  inet = G_IS_INET_SOCKET_ADDRESS (conn->remote)
    ? g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (conn->remote)) : NULL;
  conn->peer = inet != NULL ? g_inet_address_to_string (inet) : g_strdup ("-");

  /* One address does not take the server: a proxy on this machine (which
   * speaks for everyone) excepted. */
  if (!_jz_conns_is_loopback (conn->remote) &&
      (GPOINTER_TO_UINT (g_hash_table_lookup (self->peers, conn->peer)) >= self->limits.per_peer ||
       (self->certificate != NULL && !may_handshake (self, conn->peer))))
    {
      g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
      _jz_conns_conn_unref (conn);
      return;
    }

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  conn->listed = TRUE;
  _jz_conns_peer_count (self, conn->peer, +1);
  g_hash_table_insert (self->conns, conn->remote, conn);

  if (self->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;

      conn->tls = g_tls_server_connection_new (G_IO_STREAM (conn->raw), self->certificate, &error);
      if (conn->tls == NULL)
        {
          g_warning ("TLS: %s", error->message);
          g_io_stream_close (G_IO_STREAM (conn->raw), NULL, NULL);
          _jz_conns_conn_forget (conn);
          return;
        }
      g_object_set (conn->tls, "require-close-notify", FALSE, NULL);
      conn->handshake = g_cancellable_new ();
      _jz_conns_set_phase (conn, PHASE_HANDSHAKE);
      g_tls_connection_handshake_async (G_TLS_CONNECTION (conn->tls), G_PRIORITY_DEFAULT,
                                        conn->handshake, handshake_done, _jz_conns_conn_ref (conn));
      return;
    }
  hand_to_soup (self, conn, G_IO_STREAM (conn->raw));
}

static gboolean accept_ready (GSocket      *socket,
                              GIOCondition  condition,
                              gpointer      data);

void
_jz_conns_watch_listener (JzServerConns *self)
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
    _jz_conns_watch_listener (self);
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
