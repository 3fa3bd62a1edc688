/* jz-store-draft.h — unfinished forms, kept on this device only
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-store.h"

G_BEGIN_DECLS

/* A draft is what a form held when its worker last moved a step: local,
 * never synced, replaced whole at each save. @kind names the form
 * ("declaration", "application"); @body is the form's own JSON. */
gboolean    jz_store_draft_save    (JzStore      *self,
                                    const char   *id,
                                    const char   *kind,
                                    JsonObject   *body,
                                    GError      **error);
/* Returns the body; JZ_STORE_ERROR_NOT_FOUND when there is no such draft. */
JsonObject *jz_store_draft_load    (JzStore      *self,
                                    const char   *id,
                                    char        **kind,
                                    GError      **error);
/* Newest first: JSON objects {"id", "kind", "created_at", "updated_at",
 * "body"}; @kind NULL lists every kind. */
GPtrArray  *jz_store_draft_list    (JzStore      *self,
                                    const char   *kind,
                                    GError      **error);
/* Deleting a draft that is not there is not an error. */
gboolean    jz_store_draft_delete  (JzStore      *self,
                                    const char   *id,
                                    GError      **error);

G_END_DECLS
