/* jz-change-set.h — one record's edits under one stamp, and its wire form
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A change set is what a save writes for one record: the fields it set,
 * each with the stamps it supersedes, under the save's (hlc, site) stamp
 * (docs/sync-protocol.md). The store keeps them as its edit log, a device
 * pushes them, the server feeds them back out; every one that arrives
 * from elsewhere is read here, by one strict reader, on both sides.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define JZ_CHANGE_SET_ERROR (jz_change_set_error_quark ())

typedef enum
{
  JZ_CHANGE_SET_ERROR_INVALID,         /* a member has the wrong type or value */
  JZ_CHANGE_SET_ERROR_UNKNOWN_MEMBER,  /* a member this version does not know */
} JzChangeSetError;

GQuark jz_change_set_error_quark (void);

typedef struct
{
  char       *record;
  char       *rtype;
  guint64     hlc;
  char       *site;
  char       *author;
  JsonObject *edits;     /* field → value, or {"v": value, "p": [stamps]} */
} JzChangeSet;

void         jz_change_set_free  (JzChangeSet  *cs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzChangeSet, jz_change_set_free)

JzChangeSet *jz_change_set_read  (JsonNode     *node,
                                  const char   *path,
                                  const char   *seq_member,
                                  gint64       *seq,
                                  GError      **error);
void         jz_change_set_append_json (GString    *out,
                                        const char *seq_member,
                                        gint64      seq,
                                        const char *record,
                                        const char *rtype,
                                        gint64      hlc,
                                        const char *site,
                                        const char *author,
                                        const char *edits);

G_END_DECLS
