/* test-app-forms.h — what the two files of the forms' test share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-app-forms.c: the fixture, the helpers, the declaration's tests and
 * main(); test-app-forms-application.c: the application's tests;
 * test-app-forms-card.c: the person step read off a photo of the ID card;
 * test-app-forms-pickers.c: the pickers searched by pinyin;
 * test-app-forms-roster.c: a roster filed at once;
 * test-app-forms-verify.c: a paper checked by its QR code.
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

typedef struct
{
  char      *dir;
  JzSession *session;
  char      *png;
} Fixture;

void      wait_until  (gboolean  (*done) (gpointer),
                       gpointer    data);
gpointer  child       (gpointer    flow,
                       GType       type,
                       const char *name);
gboolean  declaration_idle (gpointer  flow);
gboolean  flag_set         (gpointer  flag);
void      on_draft_saved   (GtkWidget  *flow,
                            const char *id,
                            gboolean   *flag);
GtkWidget *find_named  (GtkWidget  *root,
                        const char *name);
void      set_text    (gpointer    flow,
                       GType       type,
                       const char *name,
                       const char *text);
GtkWidget *window_with (GtkWidget *flow,
                        int        width,
                        int        height);
void      screenshot  (GtkWidget  *window,
                       const char *name);

void test_application             (Fixture *f, gconstpointer data);
void test_endorsement_too_early   (Fixture *f, gconstpointer data);
void test_application_issue       (Fixture *f, gconstpointer data);
void test_application_delete_page (Fixture *f, gconstpointer data);
void test_application_portrait    (Fixture *f, gconstpointer data);
void test_declaration_card        (Fixture *f, gconstpointer data);
void test_pickers_pinyin          (Fixture *f, gconstpointer data);
void test_roster_window           (Fixture *f, gconstpointer data);
void test_verify_window           (Fixture *f, gconstpointer data);
