/* jz-application-flow.h — 居住证申领 of any kind, from conditions to issuance
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-form-flow.h"
#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_APPLICATION_FLOW (jz_application_flow_get_type ())
G_DECLARE_FINAL_TYPE (JzApplicationFlow, jz_application_flow, JZ, APPLICATION_FLOW, JzFormFlow)

/* Signals: "finished" (application_id), "cancelled", "draft-saved" (draft_id),
 * "draft-failed" (the message shown),
 * "checklist-changed" (the materials checklist was rebuilt).
 * Actions (flow.*): next, back, cancel, discard, notice, extend,
 * choose-pages (s: document), add-pages ((sas): document, files),
 * delete-page ((ss): material id, page sha256). */
GtkWidget  *jz_application_flow_new                  (JzSession          *session,
                                                      const char         *person_id);
GtkWidget  *jz_application_flow_new_from_draft       (JzSession          *session,
                                                      const char         *draft_id);
/* Opens a recorded application at the step its status is at. */
GtkWidget  *jz_application_flow_new_for_application  (JzSession          *session,
                                                      const char         *application_id);
const char *jz_application_flow_get_application_id   (JzApplicationFlow  *self);

G_END_DECLS
