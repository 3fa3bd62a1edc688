/* jz-store-test-util.c — what the store's tests share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-test-tmp.h"

#include "jz-store-extension.h"
#include "jz-store-test-util.h"

void
ts_fixture_set_up (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = jz_test_tmp_dir ("juzhu-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = jz_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

void
ts_fixture_tear_down (Fixture       *f,
                      gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->dir);
}

JsonObject *
ts_person_fields (const char *id_number,
                  const char *name)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id_number", id_number);
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "ethnicity", "01");
  json_object_set_string_member (o, "hukou_division", "220102");
  json_object_set_string_member (o, "hukou_address", "吉林省长春市南关区人民大街100号");
  return o;
}

char *
ts_add_person (JzStore    *store,
               const char *id_number,
               const char *name)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) fields = ts_person_fields (id_number, name);
  g_autoptr(GError) error = NULL;
  char *id = g_strdup (jz_save_create (save, "person", fields));

  jz_store_commit (store, save, &error);
  g_assert_no_error (error);
  return id;
}

typedef struct
{
  const char    *sql;
  gint64  n;
} CountArgs;

static gpointer
count_on_thread (JzStore  *store,
                 gpointer  data,
                 GError  **error)
{
  CountArgs *args = data;
  JzStmt *stmt = _jz_store_stmt (store, args->sql, error);

  if (stmt == NULL)
    return NULL;
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    args->n = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  return JZ_STORE_OK;
}

/* One number from the database, read through a second store: the file is
 * encrypted, so a plain SQLite connection cannot read it. */
gint64
ts_count_rows (const char *dir,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  CountArgs args = { sql, -1 };

  g_assert_no_error (error);
  g_assert_nonnull (_jz_store_call (store, count_on_thread, &args, &error));
  g_assert_no_error (error);
  return args.n;
}

JzProblem *
ts_problem_at (JzSave *save,
               guint   i)
{
  GPtrArray *problems = jz_save_get_problems (save);

  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >, i);
  return problems->pdata[i];
}

