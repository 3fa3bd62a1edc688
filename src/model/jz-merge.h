/* jz-merge.h — per-field merge of a grow-only set of edits
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64    hlc;
  char      *site;
  char      *stamp;     /* hlc@site, cached */
  char      *author;
  JsonNode  *value;     /* never NULL; a JSON null clears the field */
  GStrv      parents;   /* stamps of the edits the author saw */
} JzEdit;

JzEdit   *jz_edit_new        (guint64              hlc,
                              const char          *site,
                              const char          *author,
                              JsonNode            *value,
                              const char * const  *parents);
void      jz_edit_free       (JzEdit              *edit);
int       jz_edit_compare    (const JzEdit        *a,
                              const JzEdit        *b);

typedef struct
{
  GPtrArray *heads;     /* borrowed JzEdit*, newest (hlc, site) first */
  JzEdit    *shown;     /* heads[0]: the value every replica shows */
  gboolean   conflict;  /* a legal field whose heads disagree */
} JzFieldState;

void      jz_merge_field       (GPtrArray     *edits,
                                gboolean       legal,
                                JzFieldState  *out);
void      jz_field_state_clear (JzFieldState  *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzEdit, jz_edit_free)

G_END_DECLS
