/* jz-window-private.h — the window's insides, shared by jz-window*.c
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-attention-page.h"
#include "jz-conflicts-page.h"
#include "jz-home-page.h"
#include "jz-people-page.h"
#include "jz-person-page.h"
#include "jz-sync-page.h"
#include "jz-window.h"

G_BEGIN_DECLS

struct _JzWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkBox               *content;
  AdwHeaderBar         *content_header;
  GtkWidget            *status_bar;
  GtkWidget            *content_separator;
  GtkButton            *back_button;
  AdwWindowTitle       *content_title;
  GtkButton            *sync_button;
  GtkImage             *network_icon;
  GtkLabel             *status_label;
  GtkProgressBar       *sync_progress;
  GtkStack             *content_stack;
  JzHomePage           *home_page;
  JzPeoplePage         *people_page;
  JzPersonPage         *person_page;
  JzConflictsPage      *conflicts_page;
  JzAttentionPage      *attention_page;
  JzSyncPage           *sync_page;
  GtkWidget            *first_run_page;  /* in main_stack, during the first run */

  /* Borrowed */
  GtkLabel             *badges[5];
  GNetworkMonitor      *network_monitor;

  /* Owned */
  char                 *data_dir;
  JzSession            *session;
  GSettings            *settings;      /* NULL when the schema is not installed */
  GCancellable         *cancellable;
  GPtrArray            *history;       /* page names Back returns to */
  JsonObject           *overview;
  GCancellable         *sync_cancellable;
  gboolean              sync_was_manual;
  guint                 sync_timer;
  guint                 changed_timer;  /* the store changed: lists read again soon */
  gulong                network_handler;
  gulong                progress_handler;
  gulong                settings_handler;
  JzWindowState         state;
  guint                 overview_serial;
  gint64                report_at;        /* when the month's figures were counted (monotonic µs), 0: never */
  gboolean              report_stale;     /* a sync brought records since */
  gboolean              first_run;
  gboolean              closing_for_draft;   /* waiting for a form's draft */
  gboolean              online;

  /* The app lock (jz-window-lock.c) */
  GtkEventController   *shortcuts;        /* borrowed: off while locked */
  GtkWidget            *lock_page;        /* the window's content while locked */
  GtkWidget            *unlocked_content; /* owned: the content put aside meanwhile */
  GPtrArray            *hidden_windows;   /* the dialogs hidden by the lock */
  GCancellable         *lock_cancellable;
  GDBusConnection      *system_bus;
  guint                 sleep_subscription;
  guint                 idle_timer;
  gulong                toplevels_handler;
  gint64                last_input;       /* monotonic µs */
  gboolean              lock_passed;      /* the PIN was typed or set in this window */
};

void _jz_window_show_page     (JzWindow   *self,
                               const char *name,
                               gboolean    top);
void _jz_window_refresh       (JzWindow   *self);
void _jz_window_update_status (JzWindow   *self);
void _jz_window_sync_init     (JzWindow   *self);
void _jz_window_sync_dispose  (JzWindow   *self);
void _jz_window_schedule_sync (JzWindow   *self);
void _jz_window_on_enrolled   (JzWindow   *self,
                               const char *user);
/* jz-window-lock.c */
void _jz_window_lock_init        (JzWindow *self);
void _jz_window_lock_dispose     (JzWindow *self);
void _jz_window_lock_on_ready    (JzWindow *self);
void _jz_window_lock_after_enrol (JzWindow *self);
/* jz-window-setup.c: the data directory opened again (new rules, role or
 * enrolment), with @message as a toast */
void _jz_window_reopen           (JzWindow   *self,
                                  const char *message);
/* jz-window-landlord.c */
void     _jz_window_landlord_init (JzWindow *self);
gboolean _jz_window_landlord_mode (JzWindow *self);

/* Shared by jz-window.c, jz-window-setup.c, jz-window-forms.c and
 * jz-window-overview.c */
gboolean _jz_window_remove_first_run_idle (gpointer data);

void _jz_window_open_session (JzWindow *self);
/* jz-window-setup.c: the county ordered this device wiped (a sync heard
 * it): the session is closed and opened again, which runs the purge; then
 * the window says so and shows the first run. */
void _jz_window_reopen_for_purge (JzWindow *self);
void _jz_window_say_wiped        (JzWindow *self);

void _jz_window_update_header (JzWindow *self);

void _jz_window_go_back (JzWindow *self);

gboolean _jz_window_form_keep_draft (GtkWidget *form);

void _jz_window_new_application_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data);

void _jz_window_open_draft_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data);

void _jz_window_open_application_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data);

void _jz_window_print_document_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data);

/* jz-window-about.c */
void _jz_window_import_roster_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data);
void _jz_window_verify_paper_action  (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data);
void _jz_window_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data);

void _jz_window_retry_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data);

void _jz_window_change_setup_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data);

void _jz_window_continue_offline_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data);

void _jz_window_new_declaration_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data);

void _jz_window_set_badge (JzWindow   *self,
                          const char *page,
                          gint64      n);

G_END_DECLS
