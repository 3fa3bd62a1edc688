/* jz-server-conns.h — the server's connections, from accept to close
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint max_connections;   /* beyond this, idle ones are closed, then 503 */
  guint overflow;          /* connections past the limit still answered (503, health) */
  guint per_peer;          /* connections of one address (not this machine's) */
  guint max_handshakes;    /* TLS handshakes at once (two per address) */
  guint handshake_seconds; /* TLS handshake */
  guint header_seconds;    /* from the first byte of a request to its last header */
  guint first_seconds;     /* a new connection's first byte */
  guint idle_seconds;      /* keep-alive: the next request's first byte */
  guint stall_seconds;     /* a body or an answer with no byte moving */
  guint min_rate;          /* bytes a second a body or an answer must average, after stall_seconds / 2 */
} JzConnLimits;

/* The defaults for a process allowed @max_files open files. */
void jz_conn_limits_init (JzConnLimits *limits,
                          guint         max_files);

#define JZ_TYPE_SERVER_CONNS (jz_server_conns_get_type ())
G_DECLARE_FINAL_TYPE (JzServerConns, jz_server_conns, JZ, SERVER_CONNS, GObject)

JzServerConns *jz_server_conns_new          (SoupServer         *soup,
                                             const JzConnLimits *limits);
gboolean       jz_server_conns_listen       (JzServerConns      *self,
                                             GSocket            *socket,
                                             GTlsCertificate    *certificate,
                                             GError            **error);
char          *jz_server_conns_get_url      (JzServerConns      *self);
guint          jz_server_conns_get_count    (JzServerConns      *self);
void           jz_server_conns_stop         (JzServerConns      *self);

/* Whether @msg came on a connection past the limit (answer 503). */
gboolean       jz_server_conns_is_overflow  (JzServerConns      *self,
                                             SoupServerMessage  *msg);
/* The client's address: the peer's, or the last X-Forwarded-For entry
 * when the peer is a proxy on this machine. */
const char    *jz_server_conns_client       (JzServerConns      *self,
                                             SoupServerMessage  *msg);

/* Answers @msg with @status and the JSON @body now, without reading the
 * rest of its request, and closes the connection: for a body that is too
 * large, before it is read. libsoup forgets @msg: no request-finished. */
void           jz_server_conns_answer_and_close (JzServerConns     *self,
                                                 SoupServerMessage *msg,
                                                 guint              status,
                                                 const char        *body);

G_END_DECLS
