/* jz-first-run-page.h — the first run: profile, role, then enrol or continue offline
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_FIRST_RUN_PAGE (jz_first_run_page_get_type ())
G_DECLARE_FINAL_TYPE (JzFirstRunPage, jz_first_run_page, JZ, FIRST_RUN_PAGE, AdwBin)

/* Signals: "done" (s: what to tell the user, or NULL), "cancelled" (a
 * change given up). */
GtkWidget  *jz_first_run_page_new          (JzSession      *session);
GtkWidget  *jz_first_run_page_new_for_change (JzSession    *session);
const char *jz_first_run_page_role_label   (const char     *role);
/* The profiles' list has arrived (tests wait on it). */
gboolean    jz_first_run_page_get_ready    (JzFirstRunPage *self);
gboolean    jz_first_run_page_get_busy     (JzFirstRunPage *self);
/* For tests and keyboard users: choose by name. */
gboolean    jz_first_run_page_select       (JzFirstRunPage *self,
                                            const char     *profile,
                                            const char     *role);
/* Types the operator PIN (@again NULL: the same twice). */
void        jz_first_run_page_type_pin     (JzFirstRunPage *self,
                                            const char     *pin,
                                            const char     *again);

G_END_DECLS
