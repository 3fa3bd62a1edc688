/* jz-model.c — the record types, their fields and workflows
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which fields have legal weight decides how concurrent edits merge
 * (sync.md): a legal field never silently loses a value, an ordinary one
 * takes the last writer. The list follows what the permit carries (吉林
 * 第四条, 三门峡 第十四条) and what the deadlines are computed from.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-model.h"

#define F(name, kind, legal, req, imm, table, ref, label) \
  { name, kind, legal, req, imm, table, ref, label }

static const JzFieldDef person_fields[] = {
  F ("id_number",       JZ_FIELD_ID_NUMBER, TRUE,  TRUE,  FALSE, NULL, NULL, N_("ID number")),
  F ("name",            JZ_FIELD_TEXT,      TRUE,  TRUE,  FALSE, NULL, NULL, N_("Name")),
  F ("sex",             JZ_FIELD_CODE,      TRUE,  FALSE, FALSE, "sex", NULL, N_("Sex")),
  F ("ethnicity",       JZ_FIELD_CODE,      TRUE,  FALSE, FALSE, "ethnicity", NULL, N_("Ethnicity")),
  F ("birth_date",      JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Birth date")),
  F ("hukou_division",  JZ_FIELD_DIVISION,  TRUE,  FALSE, FALSE, NULL, NULL, N_("Hukou division")),
  F ("hukou_address",   JZ_FIELD_TEXT,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Hukou address")),
  F ("phone",           JZ_FIELD_PHONE,     FALSE, FALSE, FALSE, NULL, NULL, N_("Phone")),
  F ("portrait",        JZ_FIELD_PHOTO,     FALSE, FALSE, FALSE, NULL, NULL, N_("Portrait photo")),
  F ("limited_mobility", JZ_FIELD_BOOL,     FALSE, FALSE, FALSE, NULL, NULL, N_("Limited mobility")),
  F ("disabled",        JZ_FIELD_BOOL,      FALSE, FALSE, FALSE, NULL, NULL, N_("Disabled")),
  F ("notes",           JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("Notes")),
  F ("deleted",         JZ_FIELD_BOOL,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Deleted")),
  F ("merged_into",     JZ_FIELD_REF,       TRUE,  FALSE, FALSE, NULL, "person", N_("Merged into")),
};

static const JzFieldDef registration_fields[] = {
  F ("person_id",          JZ_FIELD_REF,       TRUE,  TRUE,  TRUE,  NULL, "person", N_("Person")),
  F ("residence_division", JZ_FIELD_DIVISION,  TRUE,  TRUE,  FALSE, NULL, NULL, N_("Residence division")),
  F ("committee",          JZ_FIELD_TEXT,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Committee")),
  F ("residence_address",  JZ_FIELD_TEXT,      TRUE,  TRUE,  FALSE, NULL, NULL, N_("Residence address")),
  F ("arrival_date",       JZ_FIELD_DATE,      TRUE,  TRUE,  FALSE, NULL, NULL, N_("Arrival date")),
  F ("registered_on",      JZ_FIELD_DATE,      TRUE,  TRUE,  FALSE, NULL, NULL, N_("Registration date")),
  F ("reason",             JZ_FIELD_CODE,      TRUE,  TRUE,  FALSE, "inflow_reason", NULL, N_("Reason for moving")),
  F ("housing_type",       JZ_FIELD_CODE,      FALSE, FALSE, FALSE, "housing_type", NULL, N_("Housing type")),
  F ("landlord_name",      JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("Landlord")),
  F ("landlord_phone",     JZ_FIELD_PHONE,     FALSE, FALSE, FALSE, NULL, NULL, N_("Landlord's phone")),
  F ("landlord_identity",  JZ_FIELD_PARTY_ID,  FALSE, FALSE, FALSE, NULL, NULL, N_("Landlord's ID number or credit code")),
  F ("employer_name",      JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("Employer")),
  F ("employer_identity",  JZ_FIELD_PARTY_ID,  FALSE, FALSE, FALSE, NULL, NULL, N_("Employer's credit code or ID number")),
  F ("school_name",        JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("School")),
  F ("phone",              JZ_FIELD_PHONE,     FALSE, FALSE, FALSE, NULL, NULL, N_("Phone")),
  F ("certificate_no",     JZ_FIELD_TEXT,      FALSE, FALSE, TRUE,  NULL, NULL, N_("Certificate number")),
  F ("departed_on",        JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Departure date")),
  F ("departure_reason",   JZ_FIELD_CODE,      TRUE,  FALSE, FALSE, "departure_reason", NULL, N_("Departure reason")),
  F ("status",             JZ_FIELD_STATUS,    TRUE,  FALSE, FALSE, NULL, NULL, N_("Status")),
};

/* "ended": a newer registration took its place; "departed": 注销, the
 * person left (with the date and the reason). */
static const JzTransition registration_flow[] = {
  { NULL, "active" },
  { "active", "ended" },
  { "active", "withdrawn" },
  { "active", "departed" },
};

static const JzFieldDef application_fields[] = {
  F ("person_id",             JZ_FIELD_REF,       TRUE,  TRUE,  TRUE,  NULL, "person", N_("Applicant")),
  F ("registration_id",       JZ_FIELD_REF,       FALSE, FALSE, FALSE, NULL, "registration", N_("Registration")),
  F ("permit_id",             JZ_FIELD_REF,       FALSE, FALSE, FALSE, NULL, "permit", N_("Permit")),
  F ("kind",                  JZ_FIELD_CODE,      TRUE,  TRUE,  TRUE,  "application_kind", NULL, N_("Kind")),
  F ("conditions",            JZ_FIELD_CODE_LIST, TRUE,  FALSE, FALSE, "condition", NULL, N_("Conditions")),
  F ("residence_division",    JZ_FIELD_DIVISION,  TRUE,  FALSE, FALSE, NULL, NULL, N_("Residence division")),
  F ("residence_since",       JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Residence since")),
  F ("moved_on",              JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Moved on")),
  F ("applied_on",            JZ_FIELD_DATE,      TRUE,  TRUE,  FALSE, NULL, NULL, N_("Application date")),
  F ("accepted_on",           JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Acceptance date")),
  F ("remote_area",           JZ_FIELD_BOOL,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Remote area")),
  F ("extension_reason",      JZ_FIELD_TEXT,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Extension reason")),
  F ("extension_channel",     JZ_FIELD_CODE,      TRUE,  FALSE, FALSE, "notify_channel", NULL, N_("Extension notified via")),
  F ("extension_notified_on", JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Extension notified on")),
  F ("proxy_name",            JZ_FIELD_TEXT,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Proxy")),
  F ("proxy_id_number",       JZ_FIELD_ID_NUMBER, TRUE,  FALSE, FALSE, NULL, NULL, N_("Proxy's ID number")),
  F ("proxy_relation",        JZ_FIELD_CODE,      TRUE,  FALSE, FALSE, "proxy_relation", NULL, N_("Proxy's relation")),
  F ("issued_on",             JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Issue date")),
  F ("closed_on",             JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Closed on")),
  F ("close_reason",          JZ_FIELD_TEXT,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Reason it was closed")),
  F ("notes",                 JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("Notes")),
  F ("status",                JZ_FIELD_STATUS,    TRUE,  FALSE, FALSE, NULL, NULL, N_("Status")),
};

/* Acceptance and issuance happen once; issuing is the county office's
 * (sync.md), the tablet records what the office decided. "withdrawn": the
 * applicant took it back (撤回); "rejected": not accepted (不予受理, the
 * station's) or, once accepted, refused (the county's); both with the date
 * and the reason (closed_on, close_reason). */
static const JzTransition application_flow[] = {
  { NULL, "submitted" },
  { "submitted", "accepted" },
  { "submitted", "withdrawn" },
  { "submitted", "rejected" },
  { "accepted", "issued" },
  { "accepted", "rejected" },
  { "accepted", "withdrawn" },
};

static const JzFieldDef material_fields[] = {
  F ("application_id", JZ_FIELD_REF,        TRUE,  TRUE,  TRUE,  NULL, "application", N_("Application")),
  F ("document",       JZ_FIELD_CODE,       TRUE,  TRUE,  FALSE, "document", NULL, N_("Document")),
  F ("pages",          JZ_FIELD_PHOTO_LIST, TRUE,  TRUE,  FALSE, NULL, NULL, N_("Pages")),
  F ("document_date",  JZ_FIELD_DATE,       TRUE,  FALSE, FALSE, NULL, NULL, N_("Date on the document")),
  F ("caption",        JZ_FIELD_TEXT,       FALSE, FALSE, FALSE, NULL, NULL, N_("Caption")),
  F ("deleted",        JZ_FIELD_BOOL,       TRUE,  FALSE, FALSE, NULL, NULL, N_("Deleted")),
};

static const JzFieldDef permit_fields[] = {
  F ("person_id",         JZ_FIELD_REF,    TRUE,  TRUE,  TRUE,  NULL, "person", N_("Holder")),
  F ("application_id",    JZ_FIELD_REF,    TRUE,  FALSE, TRUE,  NULL, "application", N_("Application")),
  F ("number",            JZ_FIELD_TEXT,   TRUE,  FALSE, FALSE, NULL, NULL, N_("Permit number")),
  F ("issued_on",         JZ_FIELD_DATE,   TRUE,  TRUE,  FALSE, NULL, NULL, N_("Issue date")),
  F ("residence_division", JZ_FIELD_DIVISION, TRUE, FALSE, FALSE, NULL, NULL, N_("Residence division")),
  F ("suspension_reason", JZ_FIELD_CODE,   TRUE,  FALSE, FALSE, "suspension_reason", NULL, N_("Suspension reason")),
  F ("suspended_on",      JZ_FIELD_DATE,   TRUE,  FALSE, FALSE, NULL, NULL, N_("Suspended on")),
  F ("status",            JZ_FIELD_STATUS, TRUE,  FALSE, FALSE, NULL, NULL, N_("Status")),
};

static const JzTransition permit_flow[] = {
  { NULL, "active" },
  { "active", "suspended" },
  { "suspended", "active" },
  { "active", "ended" },
  { "suspended", "ended" },
};

static const JzFieldDef endorsement_fields[] = {
  F ("permit_id",   JZ_FIELD_REF,  TRUE,  TRUE,  TRUE,  NULL, "permit", N_("Permit")),
  F ("endorsed_on", JZ_FIELD_DATE, TRUE,  TRUE,  FALSE, NULL, NULL, N_("Endorsement date")),
  F ("residence_division", JZ_FIELD_DIVISION, TRUE, FALSE, FALSE, NULL, NULL, N_("Residence division")),
  F ("deleted",     JZ_FIELD_BOOL, TRUE,  FALSE, FALSE, NULL, NULL, N_("Deleted")),
};

static const JzFieldDef notice_fields[] = {
  F ("application_id", JZ_FIELD_REF,  TRUE,  TRUE,  TRUE,  NULL, "application", N_("Application")),
  F ("kind",           JZ_FIELD_TEXT, TRUE,  TRUE,  TRUE,  NULL, NULL, N_("Notice kind")),
  F ("issued_on",      JZ_FIELD_DATE, TRUE,  TRUE,  FALSE, NULL, NULL, N_("Date")),
  F ("channel",        JZ_FIELD_CODE, TRUE,  FALSE, FALSE, "notify_channel", NULL, N_("Told via")),
  F ("body",           JZ_FIELD_TEXT, TRUE,  TRUE,  FALSE, NULL, NULL, N_("Text")),
};

static const JzRecordType types[] = {
  { "person", "person", person_fields, G_N_ELEMENTS (person_fields), NULL, NULL, 0, TRUE },
  { "registration", "registration", registration_fields, G_N_ELEMENTS (registration_fields),
    "active", registration_flow, G_N_ELEMENTS (registration_flow), FALSE },
  { "application", "application", application_fields, G_N_ELEMENTS (application_fields),
    "submitted", application_flow, G_N_ELEMENTS (application_flow), FALSE },
  { "material", "material", material_fields, G_N_ELEMENTS (material_fields), NULL, NULL, 0, FALSE },
  { "permit", "permit", permit_fields, G_N_ELEMENTS (permit_fields),
    "active", permit_flow, G_N_ELEMENTS (permit_flow), FALSE },
  { "endorsement", "endorsement", endorsement_fields, G_N_ELEMENTS (endorsement_fields), NULL, NULL, 0, FALSE },
  { "notice", "notice", notice_fields, G_N_ELEMENTS (notice_fields), NULL, NULL, 0, FALSE },
};

static const JzRecordType *const type_list[] = {
  &types[0], &types[1], &types[2], &types[3], &types[4], &types[5], &types[6],
};

const JzRecordType *
jz_model_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i].name, name) == 0)
      return &types[i];
  return NULL;
}

const JzRecordType *const *
jz_model_types (guint *n_types)
{
  *n_types = G_N_ELEMENTS (type_list);
  return type_list;
}

const JzFieldDef *
jz_record_type_field (const JzRecordType *type,
                      const char         *field)
{
  for (guint i = 0; i < type->n_fields; i++)
    if (g_strcmp0 (type->fields[i].name, field) == 0)
      return &type->fields[i];
  return NULL;
}

gboolean
jz_record_type_allows (const JzRecordType *type,
                       const char         *from,
                       const char         *to)
{
  for (guint i = 0; i < type->n_transitions; i++)
    if (g_strcmp0 (type->transitions[i].from, from) == 0 &&
        g_strcmp0 (type->transitions[i].to, to) == 0)
      return TRUE;
  return FALSE;
}

/* The field that ties a record to the one it belongs to: a person's
 * registrations, applications and permits, an application's materials and
 * notices, a permit's endorsements. NULL for a person. */
const char *
jz_record_type_parent (const JzRecordType *type)
{
  const char *name = type->name;

  if (g_str_equal (name, "registration") || g_str_equal (name, "application") ||
      g_str_equal (name, "permit"))
    return "person_id";
  if (g_str_equal (name, "material") || g_str_equal (name, "notice"))
    return "application_id";
  if (g_str_equal (name, "endorsement"))
    return "permit_id";
  return NULL;
}

/* ---- who may write what -------------------------------------------------- */

static const struct
{
  JzRole      role;
  const char *name;
  const char *label;   /* English, translatable */
} role_names[] = {
  { JZ_ROLE_COMMITTEE, "committee", N_("Residents' committee staff") },
  { JZ_ROLE_COUNTY, "county", N_("County public security office") },
  { JZ_ROLE_LANDLORD, "landlord", N_("Landlord") },
  { JZ_ROLE_EMPLOYER, "employer", N_("Employer") },
};

JzRole
jz_role_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (role_names[i].name, name) == 0)
      return role_names[i].role;
  return 0;
}

/* What a person reads for the role named @name (translated), or @name
 * itself when it is no role. */
const char *
jz_role_label (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (role_names[i].name, name) == 0)
      return _(role_names[i].label);
  return name;
}

const char *
jz_role_name (JzRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return role_names[i].name;
  return NULL;
}

/* The table docs/sync-protocol.md prints. The law behind it: the public
 * security organs do the 受理, issuing and 签注 of permits and may entrust
 * community service bodies; committees, employers, schools and landlords
 * assist (吉林 第五条, 三门峡 第六条). People declare their residence and
 * apply for a permit at the registration station, the 派出所 or the body
 * it entrusts (吉林 第九条, 三门峡 第七条, 第八条), which also endorses
 * permits yearly (吉林 第十三条, 三门峡 第十六条); the permit is issued by
 * the county public security office (三门峡 第十四条; 条例 第九条). A
 * landlord or employer reports whom it houses or employs and gives them
 * its 住宿证明 or 劳动关系证明, printed from the registration (吉林 第九条).
 * The first row of a type, field NULL, is the record's own: creating it,
 * and writing every field that has no row of its own. */
static const JzPermission permissions[] = {
  { "person", NULL, NULL, NULL, JZ_ROLES_ALL,
    "whoever files a declaration records the person it is for" },
  { "person", "deleted", NULL, NULL, JZ_ROLES_STATION,
    "removing a person is the registration station's" },
  { "person", "merged_into", NULL, NULL, JZ_ROLE_COUNTY,
    "merging two records of one person (the same ID number) is the county public security office's" },
  { "registration", NULL, NULL, NULL, JZ_ROLES_ALL,
    "landlords and employers report whom they house or employ (吉林 第五条, 三门峡 第六条)" },
  { "registration", "certificate_no", NULL, NULL, JZ_ROLES_STATION,
    "the registration certificate is issued by the registration station (三门峡 第七条)" },
  { "application", NULL, NULL, NULL, JZ_ROLES_STATION,
    "a permit is applied for at the registration station (吉林 第九条, 三门峡 第八条)" },
  { "application", "status", "submitted", "accepted", JZ_ROLES_STATION,
    "acceptance (受理) is the registration station's (吉林 第五条)" },
  { "application", "status", "*", "withdrawn", JZ_ROLES_STATION,
    "a withdrawal is recorded by the registration station" },
  { "application", "status", "*", "issued", JZ_ROLE_COUNTY,
    "the county public security office issues the permit (三门峡 第十四条)" },
  { "application", "status", "submitted", "rejected", JZ_ROLES_STATION,
    "不予受理: whether an application is accepted is the registration station's (吉林 第五条, 三门峡 第十一条)" },
  { "application", "status", "*", "rejected", JZ_ROLE_COUNTY,
    "the county public security office refuses a permit" },
  { "application", "issued_on", NULL, NULL, JZ_ROLE_COUNTY,
    "the issue date is the county public security office's (三门峡 第十四条)" },
  { "application", "permit_id", NULL, NULL, JZ_ROLE_COUNTY,
    "the permit an application led to is the county public security office's" },
  { "material", NULL, NULL, NULL, JZ_ROLES_STATION,
    "an application's papers are taken by the registration station (吉林 第九条)" },
  { "permit", NULL, NULL, NULL, JZ_ROLE_COUNTY,
    "permits are made and changed by the county public security office only (三门峡 第十四条)" },
  { "endorsement", NULL, NULL, NULL, JZ_ROLES_STATION,
    "the yearly endorsement (签注) is the registration station's (吉林 第十三条, 三门峡 第十六条)" },
  { "notice", NULL, NULL, NULL, JZ_ROLES_STATION,
    "notices to applicants come from the registration station (吉林 第十一条)" },
};

const JzPermission *
jz_permissions (guint *n_rows)
{
  *n_rows = G_N_ELEMENTS (permissions);
  return permissions;
}

/**
 * jz_permission_find:
 * @field: (nullable): NULL for creating the record
 * @from: (nullable): for a status: the state it leaves (NULL: a new record)
 * @to: (nullable): for a status: the state it goes to
 *
 * The row that decides: a transition's own row, else the field's, else
 * the record's. Never NULL for a type of the model.
 */
/* The row of each field of each type, found once: a save checks every
 * field it writes. NULL where a status needs its transition looked up. */
static const JzPermission *const *
field_rows (const JzRecordType *type)
{
  static const JzPermission **rows[G_N_ELEMENTS (types)];
  static gsize done;
  guint t = (guint) (type - types);

  if (g_once_init_enter (&done))
    {
      for (guint k = 0; k < G_N_ELEMENTS (types); k++)
        {
          rows[k] = g_new0 (const JzPermission *, types[k].n_fields);
          for (guint f = 0; f < types[k].n_fields; f++)
            if (types[k].fields[f].kind != JZ_FIELD_STATUS)
              rows[k][f] = jz_permission_find (&types[k], types[k].fields[f].name, NULL, NULL);
        }
      g_once_init_leave (&done, 1);
    }
  return t < G_N_ELEMENTS (types) ? rows[t] : NULL;
}

/**
 * jz_permission_for_field:
 * @def: a field of @type
 *
 * jz_permission_find() for a field that is not a status, from a table made
 * once.
 */
const JzPermission *
jz_permission_for_field (const JzRecordType *type,
                         const JzFieldDef   *def)
{
  const JzPermission *const *rows = field_rows (type);

  if (rows != NULL && def->kind != JZ_FIELD_STATUS)
    return rows[def - type->fields];
  return jz_permission_find (type, def->name, NULL, NULL);
}

const JzPermission *
jz_permission_find (const JzRecordType *type,
                    const char         *field,
                    const char         *from,
                    const char         *to)
{
  const JzPermission *record = NULL, *own = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (permissions); i++)
    {
      const JzPermission *p = &permissions[i];

      if (!g_str_equal (p->rtype, type->name))
        continue;
      if (p->field == NULL)
        {
          record = p;
          continue;
        }
      if (field == NULL || !g_str_equal (p->field, field))
        continue;
      if (p->to == NULL)
        own = own ? own : p;
      else if (to != NULL && g_str_equal (p->to, to) &&
               (g_str_equal (p->from, "*") || g_strcmp0 (p->from, from) == 0))
        return p;
    }
  return own ? own : record;
}
