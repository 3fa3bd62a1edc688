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

#include "jz-server-conns-private.h"

G_DEFINE_FINAL_TYPE (JzServerConns, jz_server_conns, G_TYPE_OBJECT)


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

Conn *
_jz_conns_conn_ref (Conn *conn)
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

void
_jz_conns_conn_unref (Conn *conn)
{
  g_rc_box_release_full (conn, (GDestroyNotify) conn_clear);
}

void
_jz_conns_peer_count (JzServerConns *self,
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

void
_jz_conns_conn_forget (Conn *conn)
{
  JzServerConns *self = conn->owner;

  if (self != NULL && conn->listed)
    {
      conn->listed = FALSE;
      _jz_conns_peer_count (self, conn->peer, -1);
      g_hash_table_remove (self->conns, conn->remote);
    }
}

/* Shuts the socket both ways: whatever waits on it wakes up with an end
 * of stream or an error, and libsoup closes the connection. */
void
_jz_conns_conn_shut (Conn       *conn,
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

void
_jz_conns_guard_closed (gpointer data)
{
  Conn *conn = data;

  _jz_conns_conn_forget (conn);
}

const JzGuardHooks _jz_conns_guard_hooks = {
  guard_read,
  guard_wrote,
  guard_awaiting,
  _jz_conns_guard_closed,
};

void
_jz_conns_set_phase (Conn  *conn,
                     Phase  phase)
{
  conn->phase = phase;
  conn->since = conn->last_io = g_get_monotonic_time ();
  conn->phase_bytes = 0;
}

/* ---- messages ------------------------------------------------------------- */

Conn *
_jz_conns_conn_of (JzServerConns     *self,
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
  _jz_conns_set_phase (conn, PHASE_BODY);
}

static void
msg_got_body (SoupServerMessage *msg,
              Conn              *conn)
{
  _jz_conns_set_phase (conn, PHASE_WORK);
}

static void
msg_wrote_headers (SoupServerMessage *msg,
                   Conn              *conn)
{
  _jz_conns_set_phase (conn, PHASE_RESPONSE);
}

static void
msg_finished (SoupServerMessage *msg,
              Conn              *conn)
{
  conn->requests++;
  _jz_conns_set_phase (conn, PHASE_WAIT);
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
  g_object_set_data_full (G_OBJECT (msg), conn_key, _jz_conns_conn_ref (conn), (GDestroyNotify) _jz_conns_conn_unref);
  g_signal_connect (msg, "got-headers", G_CALLBACK (msg_got_headers), conn);
  g_signal_connect (msg, "got-body", G_CALLBACK (msg_got_body), conn);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (msg_wrote_headers), conn);
  g_signal_connect (msg, "finished", G_CALLBACK (msg_finished), conn);
}

gboolean
jz_server_conns_is_overflow (JzServerConns     *self,
                             SoupServerMessage *msg)
{
  Conn *conn = _jz_conns_conn_of (self, msg);

  return conn != NULL && conn->overflow;
}

gboolean
_jz_conns_is_loopback (GSocketAddress *address)
{
  return G_IS_INET_SOCKET_ADDRESS (address) &&
         g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

const char *
jz_server_conns_client (JzServerConns     *self,
                        SoupServerMessage *msg)
{
  Conn *conn = _jz_conns_conn_of (self, msg);
  const char *forwarded;
  const char *last;
  char *client = g_object_get_data (G_OBJECT (msg), "jz-client");

  if (client != NULL)
    return client;
  if (conn == NULL)
    return "-";
  if (!_jz_conns_is_loopback (conn->remote))
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
  g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func ((GDestroyNotify) _jz_conns_conn_unref);
  g_autoptr(GPtrArray) stuck = g_ptr_array_new_with_free_func ((GDestroyNotify) _jz_conns_conn_unref);
  GHashTableIter iter;
  Conn *conn;

  /* first the list, then the closing: closing changes the table */
  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (conn->closing)
        {
          if (now - conn->closing_since > 10 * G_USEC_PER_SEC)
            g_ptr_array_add (stuck, _jz_conns_conn_ref (conn));
        }
      else if (overdue (self, conn, now) != NULL)
        g_ptr_array_add (late, _jz_conns_conn_ref (conn));
    }

  for (guint i = 0; i < late->len; i++)
    _jz_conns_conn_shut (late->pdata[i], overdue (self, late->pdata[i], now));

  /* Shut down, yet libsoup never closed it: close the socket ourselves so
   * the descriptor is not lost. */
  for (guint i = 0; i < stuck->len; i++)
    {
      conn = stuck->pdata[i];
      _jz_conns_conn_forget (conn);
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
  _jz_conns_conn_unref (conn);
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
  _jz_conns_watch_listener (self);
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
  return _jz_conns_count_open (self);
}
