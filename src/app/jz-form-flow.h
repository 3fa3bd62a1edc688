/* jz-form-flow.h — what every field form is to the window: its header bar,
 * its draft, and how it ends
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JZ_TYPE_FORM_FLOW (jz_form_flow_get_type ())
G_DECLARE_DERIVABLE_TYPE (JzFormFlow, jz_form_flow, JZ, FORM_FLOW, AdwBin)

struct _JzFormFlowClass
{
  AdwBinClass parent_class;

  /* Keeps what was typed as a draft; TRUE when a save started
   * ("draft-saved" or "draft-failed" follows). */
  gboolean (*keep_draft) (JzFormFlow *self);

  gpointer padding[4];
};

/* Signals: "finished" (the record made, or NULL), "cancelled",
 * "draft-saved" (the draft's id), "draft-failed" (the message shown). */
gboolean      jz_form_flow_keep_draft         (JzFormFlow   *self);
AdwHeaderBar *jz_form_flow_get_header_bar     (JzFormFlow   *self);

/* For the forms themselves */
void          jz_form_flow_set_header_bar     (JzFormFlow   *self,
                                               AdwHeaderBar *header_bar);
void          jz_form_flow_emit_finished      (JzFormFlow   *self,
                                               const char   *record_id);
void          jz_form_flow_emit_cancelled     (JzFormFlow   *self);
void          jz_form_flow_emit_draft_saved   (JzFormFlow   *self,
                                               const char   *draft_id);
void          jz_form_flow_emit_draft_failed  (JzFormFlow   *self,
                                               const char   *message);

G_END_DECLS
