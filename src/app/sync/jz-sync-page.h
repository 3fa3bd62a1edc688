/* jz-sync-page.h — sync status, enrolment and settings
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "jz-keyring.h"
#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_SYNC_PAGE (jz_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (JzSyncPage, jz_sync_page, JZ, SYNC_PAGE, AdwBin)

void jz_sync_page_set_session  (JzSyncPage  *self,
                                JzSession   *session,
                                GSettings   *settings);
void jz_sync_page_set_overview (JzSyncPage  *self,
                                JsonObject  *overview,
                                gboolean     first_run);
/* Where the sync token is: a line on the page when not in the keyring. */
void jz_sync_page_set_token_place (JzSyncPage   *self,
                                   JzTokenPlace  place);
void jz_sync_page_set_progress (JzSyncPage  *self,
                                gboolean     running,
                                double       fraction,
                                const char  *text);

G_END_DECLS
