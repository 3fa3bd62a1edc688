/* jz-application-flow-private.h — what the files of the application form share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-application-flow.c: the steps, the checklist and decisions, drafts,
 *   running operations, actions, life cycle;
 * jz-application-checklist.c: the checklist, the rules' decisions, the
 *   proxy decision as it is typed;
 * jz-application-ops.c: the operations (apply, edit, photos, accept, issue…)
 *   run off the main thread;
 * jz-application-media.c: the camera, the photo viewer, printing.
 */
#pragma once

#include "jz-application-flow.h"

G_BEGIN_DECLS

typedef enum
{
  OP_REFRESH,
  OP_APPLY,
  OP_EDIT,
  OP_ADD_PAGES,
  OP_DELETE_PAGE,
  OP_NOTICE,
  OP_ACCEPT,
  OP_EXTEND,
  OP_ISSUE,
} OpKind;


struct _JzApplicationFlow
{
  JzFormFlow           parent_instance;

  /* Template widgets */
  AdwActionRow        *applicant_row;
  AdwComboRow         *kind_row;
  GtkCheckButton      *employment_check;
  GtkCheckButton      *residence_check;
  GtkCheckButton      *study_check;
  AdwEntryRow         *residence_since_row;
  AdwEntryRow         *moved_on_row;
  AdwExpanderRow      *proxy_expander;
  AdwEntryRow         *proxy_name_row;
  AdwEntryRow         *proxy_id_row;
  AdwComboRow         *proxy_relation_row;
  AdwActionRow        *proxy_decision_row;
  GtkLabel            *apply_error;
  AdwPreferencesGroup *decisions_group;
  AdwPreferencesGroup *materials_group;
  GtkLabel            *checklist_error;
  GtkLabel            *notice_label;
  AdwEntryRow         *accepted_on_row;
  GtkSwitch           *remote_switch;
  GtkLabel            *accept_error;
  AdwActionRow        *due_row;
  AdwPreferencesGroup *extension_group;
  AdwEntryRow         *extension_reason_row;
  AdwComboRow         *extension_channel_row;
  AdwEntryRow         *extension_date_row;
  GtkWidget           *extend_button;
  GtkLabel            *extension_error;
  AdwEntryRow         *issued_on_row;
  AdwPreferencesGroup *issuance_group;
  AdwEntryRow         *number_row;
  GtkLabel            *issue_error;
  AdwPreferencesGroup *issued_group;

  /* Owned */
  char                *person_id;
  JsonObject          *person;
  char                *application_id;
  JsonObject          *application;
  GPtrArray           *kind_codes;
  GPtrArray           *relation_codes;
  GPtrArray           *channel_codes;
  GPtrArray           *decision_rows;
  GPtrArray           *material_rows;
  GPtrArray           *last_materials;  /* JsonObject, for the viewer */
  GPtrArray           *issued_rows;
  char                *after_op_step;   /* where to go once the running operation returns */
  char                *refusal;         /* why the rules refuse acceptance now, or NULL */

  guint                n_missing;
  gboolean             checklist_loaded;
  int                  running_op;
};

typedef struct
{
  OpKind      kind;
  char       *application_id;
  JsonObject *values;
  char       *document;
  GStrv       files;
  char       *material_id;
  char       *sha256;
  GDate       date;
  gboolean    flag;
  char       *text;
  char       *text2;
  gboolean    taken;         /* files are the hashes of photos the camera stored */
} Op;

typedef struct
{
  char       *need;
  GStrv       any_of;
} Need;

typedef struct
{
  char          *application_id;
  JsonObject    *application;
  JzRulesResult *result;
  GPtrArray     *needs;       /* Need */
  GPtrArray     *materials;   /* JsonObject */
  GHashTable    *textures;    /* sha256 → GdkTexture */
  char          *notice;
  JsonObject    *permit;
  /* a page just added that a reviewer may not read: what to say, and the
   * page to take again */
  char          *photo_warning;
  char          *warn_document;
  char          *warn_material;
  char          *warn_sha;
} OpResult;


void _jz_application_run_op (JzApplicationFlow *self,
                             Op                *op,
                             const char        *then_step);

Op *_jz_application_op_new (OpKind kind);

void _jz_application_confirm_op (JzApplicationFlow *self,
                                 Op                *op,
                                 const char        *then_step,
                                 const char        *heading,
                                 const char        *body,
                                 const char        *confirm_label);

void _jz_application_op_free (Op *op);

void _jz_application_op_result_free (OpResult *r);

gpointer _jz_application_op_in_thread (JzSession     *session,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

void _jz_application_retake_page_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);
void _jz_application_use_portrait_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter);
void _jz_application_take_pages_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter);

void _jz_application_view_page_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter);

void _jz_application_print_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param);

const char *_jz_application_status (JzApplicationFlow *self);

void _jz_application_fill_decisions (JzApplicationFlow *self,
                                     JzRulesResult     *result);

void _jz_application_fill_materials (JzApplicationFlow *self,
                                     OpResult          *r);

void _jz_application_fill_due (JzApplicationFlow *self,
                               JzRulesResult     *result);

void _jz_application_fill_issued (JzApplicationFlow *self,
                                  JsonObject        *permit);

gboolean _jz_application_parse_row_date (AdwEntryRow *row,
                                         GDate       *out);

void _jz_application_emit_checklist_changed (JzApplicationFlow *self);

void _jz_application_update_proxy_decision (JzApplicationFlow *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpResult, _jz_application_op_result_free)

G_END_DECLS
