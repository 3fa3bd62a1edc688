/* jz-person-page-private.h — what the files of the person page share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-person-page.c: reading the record (audited), showing it, its sync states;
 * jz-person-page-depart.c: 注销, ending a registration from the page;
 * jz-person-page-close.c: 撤回 and 不予受理, closing an application;
 * jz-person-page-edit.c: putting the person or the registration right;
 * jz-person-page-merge.c: two records of one person made one (county);
 * jz-person-page-print.c: a record's document printed again.
 */
#pragma once

#include "jz-person-page.h"

G_BEGIN_DECLS

struct _JzPersonPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkSpinner          *loading_spinner;
  AdwStatusPage       *error_page;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *details_group;
  GtkButton           *apply_button;
  AdwPreferencesGroup *registrations_group;
  AdwPreferencesGroup *applications_group;
  AdwPreferencesGroup *permits_group;
  AdwPreferencesGroup *history_group;

  /* Owned */
  JzSession           *session;
  char                *person_id;
  char                *title;
  GCancellable        *cancellable;
  GPtrArray           *rows[5];
  gboolean             loading;
  gboolean             syncing;       /* a sync runs: "waiting" reads "sending" */
  gboolean             enrolled;
  GPtrArray           *sync_rows;     /* rows saying a record's sync state (see set_sync_subtitle) */
};

void _jz_person_page_depart_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void _jz_person_page_close_action  (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
GtkWidget *_jz_person_page_edit_button (JzPersonPage *self,
                                        JsonObject   *record);
JsonArray *_jz_person_page_twins    (JzSession    *session,
                                      JsonObject   *person,
                                      GError      **error);
GtkWidget *_jz_person_page_twin_row  (JzPersonPage *self,
                                      JsonObject   *twin);
GtkWidget *_jz_person_page_merged_row (JsonObject  *person);
void       _jz_person_page_add_print_button (GtkWidget  *row,
                                             JsonObject *record);
void _jz_person_page_merge_action  (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void _jz_person_page_show_refusal  (JzPersonPage *self,
                                    const char   *title,
                                    const GError *error);
void _jz_person_page_reload_or_refuse (JzPersonPage *self,
                                    JsonObject   *record,
                                    const char   *refused_title,
                                    const GError *error);

G_END_DECLS
