/* jz-window.h — the main window: sidebar, pages, sync status
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_WINDOW (jz_window_get_type ())

G_DECLARE_FINAL_TYPE (JzWindow, jz_window, JZ, WINDOW, AdwApplicationWindow)

typedef enum
{
  JZ_WINDOW_OPENING,
  JZ_WINDOW_FAILED,
  JZ_WINDOW_READY,
  JZ_WINDOW_FIRST_RUN,    /* the first-run page: profile, role, enrolment */
} JzWindowState;

/* @application may be NULL (tests). */
JzWindow      *jz_window_new              (GtkApplication *application,
                                           const char     *data_dir);
JzWindowState  jz_window_get_state        (JzWindow       *self);
JzSession     *jz_window_get_session      (JzWindow       *self);
const char    *jz_window_get_page_name    (JzWindow       *self);
/* The page widget by name: home, people, person, conflicts, attention, sync,
 * first-run (while it is shown), lock (while locked). */
GtkWidget     *jz_window_get_page         (JzWindow       *self,
                                           const char     *name);
/* How many overviews (counts, due list) arrived; tests wait on it. */
guint          jz_window_get_overview_serial (JzWindow    *self);
gboolean       jz_window_get_syncing      (JzWindow       *self);
void           jz_window_add_toast        (JzWindow       *self,
                                           const char     *text);
/* The app lock (jz-window-lock.c): the content replaced by the lock page. */
void           jz_window_lock             (JzWindow       *self);
gboolean       jz_window_get_locked       (JzWindow       *self);

G_END_DECLS
