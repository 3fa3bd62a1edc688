/* jz-store-test-util.h — what the store's tests share: a store in a
 * temporary data directory, a person's fields, a number read from the
 * database, the problems of a save
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "jz-problem.h"
#include "jz-store.h"

G_BEGIN_DECLS

typedef struct
{
  char    *dir;
  JzStore *store;
} Fixture;

void           ts_fixture_set_up    (Fixture       *f,
                                     gconstpointer  data);
void           ts_fixture_tear_down (Fixture       *f,
                                     gconstpointer  data);
JsonObject    *ts_person_fields     (const char    *id_number,
                                     const char    *name);
char          *ts_add_person        (JzStore       *store,
                                     const char    *id_number,
                                     const char    *name);
gint64         ts_count_rows        (const char    *dir,
                                     const char    *sql);
JzProblem     *ts_problem_at        (JzSave        *save,
                                     guint          i);

G_END_DECLS
