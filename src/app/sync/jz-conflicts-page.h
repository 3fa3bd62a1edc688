/* jz-conflicts-page.h — conflicts: the list, and one record's values side by side
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_CONFLICTS_PAGE (jz_conflicts_page_get_type ())
G_DECLARE_FINAL_TYPE (JzConflictsPage, jz_conflicts_page, JZ, CONFLICTS_PAGE, AdwBin)

void        jz_conflicts_page_set_session (JzConflictsPage *self,
                                           JzSession       *session);
/* @record NULL: the list; else that record's conflicts (audited). */
void        jz_conflicts_page_load        (JzConflictsPage *self,
                                           const char      *record);
const char *jz_conflicts_page_get_record  (JzConflictsPage *self);
guint       jz_conflicts_page_get_n_shown (JzConflictsPage *self);
gboolean    jz_conflicts_page_get_busy    (JzConflictsPage *self);

G_END_DECLS
