/* jz-person-item.h — one row of the people list: what a list may show
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define JZ_TYPE_PERSON_ITEM (jz_person_item_get_type ())
G_DECLARE_FINAL_TYPE (JzPersonItem, jz_person_item, JZ, PERSON_ITEM, GObject)

JzPersonItem *jz_person_item_new         (void);
void          jz_person_item_set_record  (JzPersonItem *self,
                                          JsonObject   *person);
gboolean      jz_person_item_get_loaded  (JzPersonItem *self);
const char   *jz_person_item_get_id      (JzPersonItem *self);
const char   *jz_person_item_get_name    (JzPersonItem *self);
const char   *jz_person_item_get_masked_id (JzPersonItem *self);
const char   *jz_person_item_get_address (JzPersonItem *self);

G_END_DECLS
