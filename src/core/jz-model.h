/* jz-model.h — the record types, their fields and workflows
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  JZ_FIELD_TEXT,
  JZ_FIELD_DATE,
  JZ_FIELD_BOOL,
  JZ_FIELD_CODE,        /* a code of the table named in @code_table */
  JZ_FIELD_CODE_LIST,   /* JSON array of codes of @code_table */
  JZ_FIELD_ID_NUMBER,   /* GB 11643, stored normalised */
  JZ_FIELD_DIVISION,    /* GB/T 2260 six-digit code */
  JZ_FIELD_REF,         /* id of a record of type @ref_type */
  JZ_FIELD_PHOTO,       /* SHA-256 of a stored photo */
  JZ_FIELD_PHOTO_LIST,  /* JSON array of SHA-256 */
  JZ_FIELD_STATUS,      /* workflow state, merged by replaying transitions */
  JZ_FIELD_PHONE,
} JzFieldKind;

typedef struct
{
  const char  *name;
  JzFieldKind  kind;
  gboolean     legal;        /* concurrent different values are a conflict */
  gboolean     required;     /* must be set when the record is created */
  gboolean     immutable;    /* may not change after creation (references) */
  const char  *code_table;
  const char  *ref_type;
  const char  *label;        /* English, translatable */
} JzFieldDef;

typedef struct
{
  const char        *from;   /* NULL = the initial state */
  const char        *to;
} JzTransition;

typedef struct
{
  const char         *name;       /* person, registration, … */
  const char         *table;      /* the materialised SQLite table */
  const JzFieldDef   *fields;
  guint               n_fields;
  const char         *initial_status;
  const JzTransition *transitions;
  guint               n_transitions;
  gboolean            searchable;
} JzRecordType;

const JzRecordType *jz_model_lookup        (const char          *name);
const JzRecordType *const *jz_model_types  (guint               *n_types);
const JzFieldDef   *jz_record_type_field   (const JzRecordType  *type,
                                            const char          *field);
gboolean            jz_record_type_allows  (const JzRecordType  *type,
                                            const char          *from,
                                            const char          *to);

G_END_DECLS
