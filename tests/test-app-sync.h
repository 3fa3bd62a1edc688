/* test-app-sync.h — what the two files of the app-sync test share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-app-sync.c: the fixture, its helpers, and the steps from enrolment
 * to the server down and back; test-app-sync-revoke.c: the steps where
 * County IT revokes the tablet (a forgotten PIN, a purge);
 * test-app-sync-ca.c: enrolling with a server that has a certificate of
 * the county's own CA.
 */
#pragma once

#include "jz-app-test-util.h"
#include "jz-sync-test-util.h"
#include "jz-window.h"

typedef struct
{
  char     *base;
  char     *app_dir;
  char     *cli_dir;
  TuServer  server;
  GPtrArray *codes;
  JzWindow *window;
} Fixture;

gboolean   first_run_shown  (gpointer     data);
gboolean   window_ready     (gpointer     data);
GtkWidget *sync_child       (Fixture     *f,
                             const char  *name);
void       press            (GtkWidget   *button);
void       show_page        (Fixture     *f,
                             const char  *name);
JzStore   *app_store        (Fixture     *f);
char      *declare          (Fixture     *f,
                             guint        which,
                             const char  *division);

GtkWidget *enrol_button     (Fixture     *f);
const char *row_subtitle    (Fixture     *f,
                             const char  *id);
const char *progress_text   (Fixture     *f);
const char *status_text     (Fixture     *f);
void       sync_now         (Fixture     *f);
gboolean   enrol_settled    (gpointer     data);
void       type_into        (Fixture     *f,
                             const char  *id,
                             const char  *text);

void       first_run_offline (Fixture    *f);

void       step_forgot_pin  (Fixture     *f);
void       step_purge       (Fixture     *f);
void       test_enrol_ca    (Fixture       *f,
                             gconstpointer  data);
