/* jz-declaration-flow.h — 暂住登记, step by step, ending with the certificate
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-form-flow.h"
#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_DECLARATION_FLOW (jz_declaration_flow_get_type ())
G_DECLARE_FINAL_TYPE (JzDeclarationFlow, jz_declaration_flow, JZ, DECLARATION_FLOW, JzFormFlow)

/* Signals: "finished" (registration_id), "cancelled", "draft-saved" (draft_id),
 * "draft-failed" (the message shown).
 * Actions (flow.*): next, back, cancel, discard, choose-portrait,
 * import-portrait (s: a file path). */
GtkWidget  *jz_declaration_flow_new             (JzSession          *session);
/* Opens the draft (loaded off the main thread) at the step it was left on. */
GtkWidget  *jz_declaration_flow_new_from_draft  (JzSession          *session,
                                                 const char         *draft_id);

G_END_DECLS
