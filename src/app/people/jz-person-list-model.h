/* jz-person-list-model.h — every person, or a search, read lazily in pages
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_PERSON_LIST_MODEL (jz_person_list_model_get_type ())
G_DECLARE_FINAL_TYPE (JzPersonListModel, jz_person_list_model, JZ, PERSON_LIST_MODEL, GObject)

#define JZ_PERSON_LIST_PAGE_SIZE 100
#define JZ_PERSON_SEARCH_LIMIT   500

JzPersonListModel *jz_person_list_model_new         (JzSession         *session);
void               jz_person_list_model_set_query   (JzPersonListModel *self,
                                                     const char        *query);
const char        *jz_person_list_model_get_query   (JzPersonListModel *self);
gboolean           jz_person_list_model_get_loading (JzPersonListModel *self);
void               jz_person_list_model_reload      (JzPersonListModel *self);

G_END_DECLS
