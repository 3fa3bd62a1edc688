/* test-migrations.c — every older schema opens and upgrades with its data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "jz-schema.h"
#include "jz-store.h"
#include "jz-store-draft.h"

/* A person as an older tablet wrote it (columns of schema 1). */
static const char *seed_v1 =
  "INSERT INTO meta (key, value) VALUES ('site_id', '0123456789abcdef0123456789abcdef');"
  "INSERT INTO person (id, heads, created_hlc, updated_hlc, id_number, name, hukou_address) VALUES "
  "('01900000-0000-7000-8000-000000000001', '{}', 1, 1, '220102199003074516', '赵敏', '长春市宽城区');"
  "INSERT INTO change_set (record, hlc, site, rtype, author, edits) VALUES "
  "('01900000-0000-7000-8000-000000000001', 1, '0123456789abcdef0123456789abcdef', 'person', 'old',"
  " '{\"name\":{\"v\":\"赵敏\",\"p\":[]}}');"
  "INSERT INTO outbox (record, hlc) VALUES ('01900000-0000-7000-8000-000000000001', 1);";

static void
test_upgrade_from (gconstpointer data)
{
  guint from = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "juzhu.db", NULL);
  g_autoptr(JzStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(JsonObject) p = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (jz_schema_migrate_to (db, from, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (jz_schema_get_version (db), ==, from);
  g_assert_true (jz_schema_exec (db, seed_v1, &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  store = jz_store_open (dir, &error);
  g_assert_no_error (error);

  /* upgraded, nothing lost, and the later features work on old rows */
  g_assert_cmpstr (jz_store_get_site_id (store), ==, "0123456789abcdef0123456789abcdef");
  p = jz_store_get (store, "person", "01900000-0000-7000-8000-000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, "赵敏");
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 1);
  if (from < 2)
    {
      hits = jz_store_search (store, "宽城区", 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 1);
    }
  g_assert_true (jz_store_integrity_check (store, &error));

  /* the sync tables (4) exist, and the unsynced outbox is still to push */
  {
    g_autoptr(GPtrArray) rejected = jz_store_rejected_list (store, &error);
    g_autoptr(JsonArray) batch = jz_store_export_outbox (store, 0, 500, 2 << 20, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rejected->len, ==, 0);
    g_assert_cmpuint (json_array_get_length (batch), ==, 1);
  }

  /* drafts (5) save and load, and are not in the outbox */
  {
    g_autoptr(JsonObject) body = json_object_new ();
    g_autoptr(JsonObject) loaded = NULL;

    json_object_set_string_member (body, "name", "赵敏");
    g_assert_true (jz_store_draft_save (store, "draft-1", "declaration", body, &error));
    g_assert_no_error (error);
    loaded = jz_store_draft_load (store, "draft-1", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (loaded, "name"), ==, "赵敏");
    g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 1);
  }
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpuint (jz_schema_get_version (db), ==, jz_schema_latest_version ());
  sqlite3_close (db);
}

static void
test_newer_schema_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "juzhu.db", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", jz_schema_latest_version () + 1);
  g_autoptr(JzStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (jz_schema_exec (db, pragma, &error));
  sqlite3_close (db);

  store = jz_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SCHEMA);
}

/* A failing step leaves the database at the version before it. */
static void
test_failed_step_rolls_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "juzhu.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (jz_schema_migrate_to (db, 1, &error));
  /* a table that step 2 is about to create already exists */
  g_assert_true (jz_schema_exec (db, "CREATE TABLE person_search (x)", &error));
  g_assert_false (jz_schema_migrate_to (db, jz_schema_latest_version (), &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE);
  g_assert_cmpuint (jz_schema_get_version (db), ==, 1);
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint v = 1; v < jz_schema_latest_version (); v++)
    {
      g_autofree char *name = g_strdup_printf ("/migrations/upgrade-from-%u", v);

      g_test_add_data_func (name, GUINT_TO_POINTER (v), test_upgrade_from);
    }
  g_test_add_func ("/migrations/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/migrations/failed-step-rolls-back", test_failed_step_rolls_back);

  return g_test_run ();
}
