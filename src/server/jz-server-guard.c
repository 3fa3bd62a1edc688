/* jz-server-guard.c — the stream libsoup reads a connection through
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three small classes: the GIOStream and its pollable input and output
 * streams, each passing every call to the stream below and telling the
 * hooks what moved. libsoup only ever reads and writes without blocking
 * (g_pollable_stream_read/write with blocking = FALSE); the blocking
 * functions are there for completeness and behave the same.
 */
#include "config.h"

#include "jz-server-guard.h"

struct _JzGuardStream
{
  GIOStream     parent_instance;

  /* Owned */
  GIOStream    *base;
  GInputStream *input;
  GOutputStream *output;

  /* Borrowed: cleared by jz_guard_stream_detach() */
  const JzGuardHooks *hooks;
  gpointer      data;

  /* The client ended the stream before a request began: one "\n", then
   * the end (see the header). */
  gboolean      eof_seen;
  gboolean      newline_given;
};

G_DEFINE_FINAL_TYPE (JzGuardStream, jz_guard_stream, G_TYPE_IO_STREAM)

/* ---- input ---------------------------------------------------------------- */

#define JZ_TYPE_GUARD_INPUT (jz_guard_input_get_type ())
G_DECLARE_FINAL_TYPE (JzGuardInput, jz_guard_input, JZ, GUARD_INPUT, GInputStream)

struct _JzGuardInput
{
  GInputStream   parent_instance;
  JzGuardStream *owner;   /* borrowed: the stream owns us */
  GInputStream  *base;    /* owned */
};

static void jz_guard_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JzGuardInput, jz_guard_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      jz_guard_input_pollable_init))

/* What a read of the base returned, seen by the guard: the bytes are
 * counted, and an end of stream before a request becomes "\n" once. A
 * read error there (a reset, a TLS alert) is an end too: libsoup 3.2
 * leaves the connection open after either. */
static gssize
guard_after_read (JzGuardInput  *self,
                  void          *buffer,
                  gsize          count,
                  gssize         n,
                  GError       **error)
{
  JzGuardStream *owner = self->owner;
  gboolean ended;

  if (n > 0)
    {
      if (owner->hooks != NULL)
        owner->hooks->read (owner->data, (gsize) n);
      return n;
    }
  ended = n == 0 || (error != NULL && *error != NULL &&
                     !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
                     !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  if (ended && count > 0 && !owner->newline_given && owner->hooks != NULL &&
      owner->hooks->awaiting (owner->data))
    {
      if (error != NULL)
        g_clear_error (error);
      owner->eof_seen = TRUE;
      owner->newline_given = TRUE;
      ((char *) buffer)[0] = '\n';
      return 1;
    }
  if (n == 0)
    owner->eof_seen = TRUE;
  return n;
}

static gssize
jz_guard_input_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  JzGuardInput *self = JZ_GUARD_INPUT (stream);

  if (self->owner->eof_seen)
    return 0;
  return guard_after_read (self, buffer, count,
                           g_input_stream_read (self->base, buffer, count, cancellable, error), error);
}

static gssize
jz_guard_input_read_nonblocking (GPollableInputStream  *stream,
                                 void                  *buffer,
                                 gsize                  count,
                                 GError               **error)
{
  JzGuardInput *self = JZ_GUARD_INPUT (stream);

  if (self->owner->eof_seen)
    return 0;
  return guard_after_read (self, buffer, count,
                           g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base),
                                                                     buffer, count, NULL, error), error);
}

static gboolean
jz_guard_input_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
jz_guard_input_is_readable (GPollableInputStream *stream)
{
  JzGuardInput *self = JZ_GUARD_INPUT (stream);

  return self->owner->eof_seen ||
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
jz_guard_input_create_source (GPollableInputStream *stream,
                              GCancellable         *cancellable)
{
  JzGuardInput *self = JZ_GUARD_INPUT (stream);
  g_autoptr(GSource) child = NULL;

  /* At the end a read answers at once: a source that fires now. */
  if (self->owner->eof_seen)
    child = g_timeout_source_new (0);
  else
    child = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gboolean
jz_guard_input_close (GInputStream  *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  /* The base stream is closed with the GIOStream. */
  return TRUE;
}

static void
jz_guard_input_finalize (GObject *object)
{
  JzGuardInput *self = JZ_GUARD_INPUT (object);

  g_clear_object (&self->base);
  G_OBJECT_CLASS (jz_guard_input_parent_class)->finalize (object);
}

static void
jz_guard_input_class_init (JzGuardInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = jz_guard_input_finalize;
  input_class->read_fn = jz_guard_input_read;
  input_class->close_fn = jz_guard_input_close;
}

static void
jz_guard_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = jz_guard_input_can_poll;
  iface->is_readable = jz_guard_input_is_readable;
  iface->create_source = jz_guard_input_create_source;
  iface->read_nonblocking = jz_guard_input_read_nonblocking;
}

static void
jz_guard_input_init (JzGuardInput *self)
{
}

/* ---- output --------------------------------------------------------------- */

#define JZ_TYPE_GUARD_OUTPUT (jz_guard_output_get_type ())
G_DECLARE_FINAL_TYPE (JzGuardOutput, jz_guard_output, JZ, GUARD_OUTPUT, GOutputStream)

struct _JzGuardOutput
{
  GOutputStream  parent_instance;
  JzGuardStream *owner;   /* borrowed */
  GOutputStream *base;    /* owned */
};

static void jz_guard_output_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JzGuardOutput, jz_guard_output, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      jz_guard_output_pollable_init))

static gssize
guard_after_write (JzGuardOutput *self,
                   gssize         n)
{
  if (n > 0 && self->owner->hooks != NULL)
    self->owner->hooks->wrote (self->owner->data, (gsize) n);
  return n;
}

static gssize
jz_guard_output_write (GOutputStream  *stream,
                       const void     *buffer,
                       gsize           count,
                       GCancellable   *cancellable,
                       GError        **error)
{
  JzGuardOutput *self = JZ_GUARD_OUTPUT (stream);

  return guard_after_write (self, g_output_stream_write (self->base, buffer, count, cancellable, error));
}

static gssize
jz_guard_output_write_nonblocking (GPollableOutputStream  *stream,
                                   const void             *buffer,
                                   gsize                   count,
                                   GError                **error)
{
  JzGuardOutput *self = JZ_GUARD_OUTPUT (stream);

  return guard_after_write (self,
                            g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (self->base),
                                                                        buffer, count, NULL, error));
}

static gboolean
jz_guard_output_flush (GOutputStream  *stream,
                       GCancellable   *cancellable,
                       GError        **error)
{
  return g_output_stream_flush (JZ_GUARD_OUTPUT (stream)->base, cancellable, error);
}

static gboolean
jz_guard_output_can_poll (GPollableOutputStream *stream)
{
  return TRUE;
}

static gboolean
jz_guard_output_is_writable (GPollableOutputStream *stream)
{
  return g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (JZ_GUARD_OUTPUT (stream)->base));
}

static GSource *
jz_guard_output_create_source (GPollableOutputStream *stream,
                               GCancellable          *cancellable)
{
  JzGuardOutput *self = JZ_GUARD_OUTPUT (stream);
  g_autoptr(GSource) child =
    g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (self->base), NULL);

  return g_pollable_source_new_full (stream, child, cancellable);
}

static gboolean
jz_guard_output_close (GOutputStream  *stream,
                       GCancellable   *cancellable,
                       GError        **error)
{
  return TRUE;
}

static void
jz_guard_output_finalize (GObject *object)
{
  JzGuardOutput *self = JZ_GUARD_OUTPUT (object);

  g_clear_object (&self->base);
  G_OBJECT_CLASS (jz_guard_output_parent_class)->finalize (object);
}

static void
jz_guard_output_class_init (JzGuardOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *output_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = jz_guard_output_finalize;
  output_class->write_fn = jz_guard_output_write;
  output_class->flush = jz_guard_output_flush;
  output_class->close_fn = jz_guard_output_close;
}

static void
jz_guard_output_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->can_poll = jz_guard_output_can_poll;
  iface->is_writable = jz_guard_output_is_writable;
  iface->create_source = jz_guard_output_create_source;
  iface->write_nonblocking = jz_guard_output_write_nonblocking;
}

static void
jz_guard_output_init (JzGuardOutput *self)
{
}

/* ---- the stream ----------------------------------------------------------- */

static GInputStream *
jz_guard_stream_get_input_stream (GIOStream *stream)
{
  return JZ_GUARD_STREAM (stream)->input;
}

static GOutputStream *
jz_guard_stream_get_output_stream (GIOStream *stream)
{
  return JZ_GUARD_STREAM (stream)->output;
}

static gboolean
jz_guard_stream_close (GIOStream     *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  JzGuardStream *self = JZ_GUARD_STREAM (stream);
  gboolean ok = g_io_stream_close (self->base, cancellable, error);

  /* libsoup closes the stream when it is done with the connection: the
   * owner forgets it then. */
  if (self->hooks != NULL)
    {
      const JzGuardHooks *hooks = self->hooks;
      gpointer data = self->data;

      jz_guard_stream_detach (self);
      hooks->closed (data);
    }
  return ok;
}

static void
jz_guard_stream_dispose (GObject *object)
{
  JzGuardStream *self = JZ_GUARD_STREAM (object);

  g_clear_object (&self->input);
  g_clear_object (&self->output);
  G_OBJECT_CLASS (jz_guard_stream_parent_class)->dispose (object);
}

static void
jz_guard_stream_finalize (GObject *object)
{
  JzGuardStream *self = JZ_GUARD_STREAM (object);

  g_clear_object (&self->base);
  G_OBJECT_CLASS (jz_guard_stream_parent_class)->finalize (object);
}

static void
jz_guard_stream_class_init (JzGuardStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = jz_guard_stream_dispose;
  object_class->finalize = jz_guard_stream_finalize;
  stream_class->get_input_stream = jz_guard_stream_get_input_stream;
  stream_class->get_output_stream = jz_guard_stream_get_output_stream;
  stream_class->close_fn = jz_guard_stream_close;
}

static void
jz_guard_stream_init (JzGuardStream *self)
{
}

/**
 * jz_guard_stream_new:
 * @base: a stream whose input and output are pollable
 * @hooks: (nullable): told of what moves until jz_guard_stream_detach()
 */
JzGuardStream *
jz_guard_stream_new (GIOStream          *base,
                     const JzGuardHooks *hooks,
                     gpointer            data)
{
  JzGuardStream *self = g_object_new (JZ_TYPE_GUARD_STREAM, NULL);
  JzGuardInput *input = g_object_new (JZ_TYPE_GUARD_INPUT, NULL);
  JzGuardOutput *output = g_object_new (JZ_TYPE_GUARD_OUTPUT, NULL);

  self->base = g_object_ref (base);
  input->owner = self;
  input->base = g_object_ref (g_io_stream_get_input_stream (base));
  output->owner = self;
  output->base = g_object_ref (g_io_stream_get_output_stream (base));
  self->input = G_INPUT_STREAM (input);
  self->output = G_OUTPUT_STREAM (output);
  self->hooks = hooks;
  self->data = data;
  return self;
}

/* The owner goes away: nothing is told from now on. */
void
jz_guard_stream_detach (JzGuardStream *self)
{
  g_return_if_fail (JZ_IS_GUARD_STREAM (self));

  self->hooks = NULL;
  self->data = NULL;
}
