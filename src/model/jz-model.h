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
  JZ_FIELD_PARTY_ID,    /* an ID number (GB 11643) or a credit code (GB 32100) */
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
const char         *jz_record_type_parent  (const JzRecordType  *type);

/* Who works with Juzhu (docs/sync-protocol.md, "Who may write what"). */
typedef enum
{
  JZ_ROLE_COMMITTEE = 1 << 0,  /* 居委会/村委会 staff, entrusted by the 派出所 */
  JZ_ROLE_COUNTY    = 1 << 1,  /* the county public security office */
  JZ_ROLE_LANDLORD  = 1 << 2,
  JZ_ROLE_EMPLOYER  = 1 << 3,
} JzRole;

#define JZ_ROLES_ALL     (JZ_ROLE_COMMITTEE | JZ_ROLE_COUNTY | JZ_ROLE_LANDLORD | JZ_ROLE_EMPLOYER)
/* The registration station (登记站): the 派出所, or the community body it
 * entrusts; Juzhu's committee and county roles. */
#define JZ_ROLES_STATION (JZ_ROLE_COMMITTEE | JZ_ROLE_COUNTY)

JzRole              jz_role_from_name      (const char          *name);
const char         *jz_role_name           (JzRole               role);
const char         *jz_role_label          (const char          *name);

/* One row of the permission table: who may create a record of @rtype
 * (@field NULL), write its @field, or move its status from @from to @to
 * ("*": any state). A field without a row of its own follows the record's
 * row. */
typedef struct
{
  const char *rtype;
  const char *field;
  const char *from;
  const char *to;
  guint       roles;     /* JzRole bits */
  const char *basis;     /* the rule of law, for messages and the docs */
} JzPermission;

const JzPermission *jz_permissions         (guint               *n_rows);
const JzPermission *jz_permission_find     (const JzRecordType  *type,
                                            const char          *field,
                                            const char          *from,
                                            const char          *to);
const JzPermission *jz_permission_for_field (const JzRecordType *type,
                                            const JzFieldDef    *def);

G_END_DECLS
