/* jz-person-page.h — one person's full record, audited
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_PERSON_PAGE (jz_person_page_get_type ())
G_DECLARE_FINAL_TYPE (JzPersonPage, jz_person_page, JZ, PERSON_PAGE, AdwBin)

void        jz_person_page_load          (JzPersonPage *self,
                                          JzSession    *session,
                                          const char   *person_id);
const char *jz_person_page_get_person_id (JzPersonPage *self);
const char *jz_person_page_get_title     (JzPersonPage *self);
gboolean    jz_person_page_get_loading   (JzPersonPage *self);
void        jz_person_page_set_syncing    (JzPersonPage *self,
                                           gboolean      syncing);
void        jz_person_page_refresh_sync   (JzPersonPage *self);

G_END_DECLS
