/* jz-verify-window.h — is this paper genuine? Its QR code checked
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_VERIFY_WINDOW (jz_verify_window_get_type ())
G_DECLARE_FINAL_TYPE (JzVerifyWindow, jz_verify_window, JZ, VERIFY_WINDOW, AdwWindow)

GtkWindow  *jz_verify_window_new         (JzSession      *session,
                                          GtkWindow      *parent);
const char *jz_verify_window_get_state   (JzVerifyWindow *self);
const char *jz_verify_window_get_verdict (JzVerifyWindow *self);
gboolean    jz_verify_window_can_open    (JzVerifyWindow *self);

G_END_DECLS
