/* jz-people-page.h — search and list of every person
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-person-list-model.h"
#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_PEOPLE_PAGE (jz_people_page_get_type ())
G_DECLARE_FINAL_TYPE (JzPeoplePage, jz_people_page, JZ, PEOPLE_PAGE, AdwBin)

void               jz_people_page_set_session  (JzPeoplePage *self,
                                                JzSession    *session);
JzPersonListModel *jz_people_page_get_model    (JzPeoplePage *self);
GtkListView       *jz_people_page_get_list_view (JzPeoplePage *self);
GtkEditable       *jz_people_page_get_search_entry (JzPeoplePage *self);
void               jz_people_page_focus_search (JzPeoplePage *self);
void               jz_people_page_reload       (JzPeoplePage *self);

G_END_DECLS
