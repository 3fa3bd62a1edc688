/* jz-roster-window.h — a roster filed at once, from the app
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_ROSTER_WINDOW (jz_roster_window_get_type ())
G_DECLARE_FINAL_TYPE (JzRosterWindow, jz_roster_window, JZ, ROSTER_WINDOW, AdwWindow)

GtkWindow  *jz_roster_window_new                (JzSession      *session,
                                                 GtkWindow      *parent);
void        jz_roster_window_check_file         (JzRosterWindow *self,
                                                 const char     *path);
void        jz_roster_window_file               (JzRosterWindow *self);
void        jz_roster_window_save_template      (JzRosterWindow *self,
                                                 GFile          *file);
const char *jz_roster_window_get_template_note  (JzRosterWindow *self);
const char *jz_roster_window_get_summary        (JzRosterWindow *self);
gboolean    jz_roster_window_is_busy            (JzRosterWindow *self);
guint       jz_roster_window_get_n_problem_rows (JzRosterWindow *self);

G_END_DECLS
