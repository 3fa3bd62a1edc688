/* jz-server-guard.h — the stream libsoup reads a connection through
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GIOStream over the connection (TCP, or TLS over TCP) that tells its
 * JzServerConns of every byte moved, and mends one fault of libsoup 3.2:
 * when a client closes a keep-alive connection between two requests,
 * libsoup reads the end of the stream before its next message has a
 * completion callback, finishes that message, and never closes the
 * connection (CLOSE-WAIT for good, one file descriptor each). Ending a
 * request that has not begun with a lone "\n" first makes libsoup start
 * the message, fail to parse it, and close the connection the normal way.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Told of what moves; the guard holds no reference to its owner. */
typedef struct
{
  void (*read)   (gpointer data, gsize bytes);
  void (*wrote)  (gpointer data, gsize bytes);
  /* TRUE while the connection waits for a request to begin */
  gboolean (*awaiting) (gpointer data);
  void (*closed) (gpointer data);
} JzGuardHooks;

#define JZ_TYPE_GUARD_STREAM (jz_guard_stream_get_type ())
G_DECLARE_FINAL_TYPE (JzGuardStream, jz_guard_stream, JZ, GUARD_STREAM, GIOStream)

JzGuardStream *jz_guard_stream_new     (GIOStream          *base,
                                        const JzGuardHooks *hooks,
                                        gpointer            data);
void           jz_guard_stream_detach  (JzGuardStream      *self);

G_END_DECLS
