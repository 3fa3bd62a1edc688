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
  F ("employer_name",      JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("Employer")),
  F ("school_name",        JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("School")),
  F ("phone",              JZ_FIELD_PHONE,     FALSE, FALSE, FALSE, NULL, NULL, N_("Phone")),
  F ("certificate_no",     JZ_FIELD_TEXT,      FALSE, FALSE, TRUE,  NULL, NULL, N_("Certificate number")),
  F ("status",             JZ_FIELD_STATUS,    TRUE,  FALSE, FALSE, NULL, NULL, N_("Status")),
};

static const JzTransition registration_flow[] = {
  { NULL, "active" },
  { "active", "ended" },
  { "active", "withdrawn" },
};

static const JzFieldDef application_fields[] = {
  F ("person_id",             JZ_FIELD_REF,       TRUE,  TRUE,  TRUE,  NULL, "person", N_("Applicant")),
  F ("registration_id",       JZ_FIELD_REF,       FALSE, FALSE, FALSE, NULL, "registration", N_("Registration")),
  F ("permit_id",             JZ_FIELD_REF,       FALSE, FALSE, FALSE, NULL, "permit", N_("Permit")),
  F ("kind",                  JZ_FIELD_CODE,      TRUE,  TRUE,  TRUE,  "application_kind", NULL, N_("Kind")),
  F ("conditions",            JZ_FIELD_CODE_LIST, TRUE,  FALSE, FALSE, "condition", NULL, N_("Conditions")),
  F ("residence_division",    JZ_FIELD_DIVISION,  TRUE,  FALSE, FALSE, NULL, NULL, N_("Residence division")),
  F ("residence_since",       JZ_FIELD_DATE,      TRUE,  FALSE, FALSE, NULL, NULL, N_("Residence since")),
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
  F ("notes",                 JZ_FIELD_TEXT,      FALSE, FALSE, FALSE, NULL, NULL, N_("Notes")),
  F ("status",                JZ_FIELD_STATUS,    TRUE,  FALSE, FALSE, NULL, NULL, N_("Status")),
};

/* Acceptance and issuance happen once; issuing and refusing are the county
 * office's (sync.md), the tablet records what the office decided. */
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
