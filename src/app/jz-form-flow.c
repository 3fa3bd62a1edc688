/* jz-form-flow.c — what every field form is to the window
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The declaration and the application are two JzFormFlows: the window
 * shows any form the same way (its header bar in place of the window's),
 * keeps its draft when it is left or the window closes, and leaves it
 * when it ends, without knowing which form it is.
 */
#include "config.h"

#include "jz-form-flow.h"

typedef struct
{
  AdwHeaderBar *header_bar;   /* borrowed: a child of the form's template */
} JzFormFlowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (JzFormFlow, jz_form_flow, ADW_TYPE_BIN)

enum
{
  SIGNAL_FINISHED,
  SIGNAL_CANCELLED,
  SIGNAL_DRAFT_SAVED,
  SIGNAL_DRAFT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
jz_form_flow_real_keep_draft (JzFormFlow *self)
{
  return FALSE;
}

static void
jz_form_flow_class_init (JzFormFlowClass *klass)
{
  klass->keep_draft = jz_form_flow_real_keep_draft;

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_DRAFT_SAVED] =
    g_signal_new ("draft-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DRAFT_FAILED] =
    g_signal_new ("draft-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
jz_form_flow_init (JzFormFlow *self)
{
}

gboolean
jz_form_flow_keep_draft (JzFormFlow *self)
{
  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), FALSE);
  return JZ_FORM_FLOW_GET_CLASS (self)->keep_draft (self);
}

/* The form's own header bar, which the window shows in place of its own. */
AdwHeaderBar *
jz_form_flow_get_header_bar (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), NULL);
  return priv->header_bar;
}

void
jz_form_flow_set_header_bar (JzFormFlow   *self,
                             AdwHeaderBar *header_bar)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_if_fail (JZ_IS_FORM_FLOW (self));
  priv->header_bar = header_bar;
}

void
jz_form_flow_emit_finished (JzFormFlow *self,
                            const char *record_id)
{
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, record_id);
}

void
jz_form_flow_emit_cancelled (JzFormFlow *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
}

void
jz_form_flow_emit_draft_saved (JzFormFlow *self,
                               const char *draft_id)
{
  g_signal_emit (self, signals[SIGNAL_DRAFT_SAVED], 0, draft_id);
}

void
jz_form_flow_emit_draft_failed (JzFormFlow *self,
                                const char *message)
{
  g_signal_emit (self, signals[SIGNAL_DRAFT_FAILED], 0, message);
}
