/* test-app.h — what the two files of the app's shell test share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-app.c: the fixture, Today, People, a person, conflicts, the forms in
 * the window, main(); test-app-person.c: the person page's dialogs.
 */
#pragma once

#include "jz-window.h"

typedef struct
{
  char     *dir;
  char     *other_dir;
  char     *first;
  JzWindow *window;
} Fixture;

gboolean person_loaded (gpointer data);

void test_person_depart            (Fixture *f, gconstpointer data);
void test_person_edit              (Fixture *f, gconstpointer data);
void test_person_close_application (Fixture *f, gconstpointer data);
