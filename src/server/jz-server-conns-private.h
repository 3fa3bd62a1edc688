/* jz-server-conns-private.h — what the files of the connection keeper share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-server-conns.c: limits, connections, messages, the sweep, the object;
 * jz-server-accept.c: accepting a connection, and answering one before
 *   libsoup has read its request.
 */
#pragma once

#include <libsoup/soup.h>

#include "jz-protocol.h"
#include "jz-server-conns.h"
#include "jz-server-guard.h"

G_BEGIN_DECLS

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


static const char conn_key[] = "jz-conn";

Conn *_jz_conns_conn_ref (Conn *conn);

void _jz_conns_conn_unref (Conn *conn);

void _jz_conns_peer_count (JzServerConns *self,
                           const char    *peer,
                           int            delta);

void _jz_conns_conn_forget (Conn *conn);

void _jz_conns_conn_shut (Conn       *conn,
                          const char *why);

void _jz_conns_guard_closed (gpointer data);

void _jz_conns_set_phase (Conn  *conn,
                          Phase  phase);

Conn *_jz_conns_conn_of (JzServerConns     *self,
                         SoupServerMessage *msg);

gboolean _jz_conns_is_loopback (GSocketAddress *address);

guint _jz_conns_count_open (JzServerConns *self);

void _jz_conns_watch_listener (JzServerConns *self);

extern const JzGuardHooks _jz_conns_guard_hooks;

G_END_DECLS
