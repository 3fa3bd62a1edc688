/* jz-county-sync-private.h — what push and pull on the county server share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-county-push.c: a push, checked whole and applied in one transaction;
 * jz-county-check.c: one change set judged against the server's state
 *   (scope, roles, stamps, photos, the shared checks) and applied;
 * jz-county-pull.c: the feed, filtered by the puller's scope.
 */
#pragma once

#include "jz-county-private.h"

G_BEGIN_DECLS

typedef struct
{
  JzCountyDevice *device;
  GPtrArray      *items;
  gint64          now;
  char           *blobs_dir;      /* DATA_DIR/blobs */

  /* on the store thread */
  GHashTable     *entered;        /* persons visible to someone new */
  JsonObject     *out;
} PushArgs;

typedef struct
{
  const char *code;
  char       *reason;
  GPtrArray  *problems;   /* JzProblem, or NULL */
} Rejection;

typedef struct
{
  const JzRecordType *type;
  JsonNode          **values;   /* validated, per field */
} Checked;

gboolean _jz_county_apply_change_set (JzStore     *store,
                                      PushArgs    *args,
                                      JzChangeSet *cs,
                                      Checked     *c,
                                      const char  *person,
                                      GError     **error);

gboolean _jz_county_check_change_set (JzStore     *store,
                                      PushArgs    *args,
                                      JzChangeSet *cs,
                                      char       **person,
                                      Checked     *c,
                                      Rejection   *r);

void _jz_county_checked_clear (Checked *c);

const char *_jz_county_edit_string (JsonObject *edits,
                                    const char *field);

gboolean _jz_county_is_string (JsonNode *node);

gint64 _jz_county_max_feed_seq (JzStore *store);

gint64 _jz_county_horizon (JzStore *store);

gboolean _jz_county_note_cursor (JzStore     *store,
                                 const char  *device_id,
                                 gint64       cursor,
                                 GError     **error);

gint64 _jz_county_max_change_set (JzStore *store);

const char *_jz_county_parent_field (const char *rtype);

void _jz_county_rejection_clear (Rejection *r);

gint64 _jz_county_server_hlc (JzStore *store,
                              gint64   now_ms);


G_END_DECLS
