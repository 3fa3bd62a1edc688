/* jz-home-page.h — what needs doing today
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_HOME_PAGE (jz_home_page_get_type ())
G_DECLARE_FINAL_TYPE (JzHomePage, jz_home_page, JZ, HOME_PAGE, AdwBin)

void jz_home_page_set_overview (JzHomePage *self,
                                JzSession  *session,
                                JsonObject *overview);
/* The overview was a landlord's or an employer's (a simpler Today). */
gboolean jz_home_page_get_landlord_mode (JzHomePage *self);

G_END_DECLS
