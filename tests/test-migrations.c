/* test-migrations.c — every older schema opens and upgrades with its data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-test-tmp.h"

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

/* From schema 6 on, the outbox is change_set.lseq. */
static const char *seed_v6 =
  "INSERT INTO meta (key, value) VALUES ('site_id', '0123456789abcdef0123456789abcdef');"
  "INSERT INTO person (id, heads, created_hlc, updated_hlc, id_number, name, hukou_address) VALUES "
  "('01900000-0000-7000-8000-000000000001', '{}', 1, 1, '220102199003074516', '赵敏', '长春市宽城区');"
  "INSERT INTO change_set (record, hlc, site, rtype, author, edits, lseq) VALUES "
  "('01900000-0000-7000-8000-000000000001', 1, '0123456789abcdef0123456789abcdef', 'person', 'old',"
  " '{\"name\":{\"v\":\"赵敏\",\"p\":[]}}', 1);";

static void
test_upgrade_from (gconstpointer data)
{
  guint from = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-migrate-XXXXXX", &error);
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
  g_assert_true (jz_schema_exec (db, from >= 6 ? seed_v6 : seed_v1, &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  store = jz_store_open_file (dir, "juzhu.db", &error);
  g_assert_no_error (error);

  /* upgraded, nothing lost, and the later features work on old rows */
  g_assert_cmpstr (jz_store_get_site_id (store), ==, "0123456789abcdef0123456789abcdef");
  p = jz_store_get (store, "person", "01900000-0000-7000-8000-000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, "赵敏");
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 1);
  /* the search index (2, rebuilt at 12) takes the old rows */
  hits = jz_store_search (store, "宽城区", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = jz_store_search (store, "敏", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
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

/* A v5 tablet mid-sync: change sets 1 and 2 acknowledged (their outbox
 * rows gone), 3 and 4 (one save) still to push, and one change set pulled
 * from another device, which was never in the outbox. */
static const char *seed_v5_sync =
  "INSERT INTO meta (key, value) VALUES ('site_id', '0123456789abcdef0123456789abcdef');"
  "INSERT INTO meta (key, value) VALUES ('sync_acked_seq', '2');"
  "INSERT INTO change_set (record, hlc, site, rtype, author, edits) VALUES "
  "('01900000-0000-7000-8000-00000000000a', 100, '0123456789abcdef0123456789abcdef', 'person', 'old', '{\"name\":\"甲\"}'),"
  "('01900000-0000-7000-8000-00000000000b', 200, '0123456789abcdef0123456789abcdef', 'person', 'old', '{\"name\":\"乙\"}'),"
  "('01900000-0000-7000-8000-00000000000c', 250, 'fedcba9876543210fedcba9876543210', 'person', 'other', '{\"name\":\"丙\"}'),"
  "('01900000-0000-7000-8000-00000000000d', 300, '0123456789abcdef0123456789abcdef', 'person', 'old', '{\"name\":\"丁\"}'),"
  "('01900000-0000-7000-8000-00000000000e', 300, '0123456789abcdef0123456789abcdef', 'registration', 'old',"
  " '{\"person_id\":\"01900000-0000-7000-8000-00000000000d\"}');"
  "INSERT INTO outbox (seq, record, hlc) VALUES "
  "(1, '01900000-0000-7000-8000-00000000000a', 100), (2, '01900000-0000-7000-8000-00000000000b', 200),"
  "(3, '01900000-0000-7000-8000-00000000000d', 300), (4, '01900000-0000-7000-8000-00000000000e', 300);"
  "DELETE FROM outbox WHERE seq <= 2;";

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
save_person (JzStore    *store,
             const char *id_number)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "id_number", id_number);
  json_object_set_string_member (fields, "name", "赵敏");
  json_object_set_string_member (fields, "ethnicity", "01");
  json_object_set_string_member (fields, "hukou_division", "220102");
  json_object_set_string_member (fields, "hukou_address", "长春市宽城区");
  id = g_strdup (jz_save_create (save, "person", fields));
  g_assert_true (jz_store_commit (store, save, &error));
  g_assert_no_error (error);
  return id;
}

/* Schema 6 turned the outbox table into change_set.lseq: the pending sets
 * keep their seqs, the acknowledged and the pulled ones are not pushed,
 * and new sets continue after the highest seq ever given. */
static void
test_outbox_from_v5 (gconstpointer data)
{
  gboolean all_acked = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "juzhu.db", NULL);
  g_autoptr(JzStore) store = NULL;
  g_autoptr(JsonArray) batch = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autofree char *id = NULL;
  gint64 next;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (jz_schema_migrate_to (db, 5, &error));
  g_assert_true (jz_schema_exec (db, seed_v5_sync, &error));
  /* everything acknowledged: the outbox table is empty, its seq at 4 */
  if (all_acked)
    g_assert_true (jz_schema_exec (db, "DELETE FROM outbox;"
                                       "UPDATE meta SET value = '4' WHERE key = 'sync_acked_seq';", &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  store = jz_store_open_file (dir, "juzhu.db", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "SELECT count (*) FROM sqlite_schema WHERE name = 'outbox'"), ==, 0);
  /* the pulled change set is nobody's outbox */
  g_assert_cmpint (sql_int (path, "SELECT count (*) FROM change_set WHERE lseq IS NULL "
                                  "AND record = '01900000-0000-7000-8000-00000000000c'"), ==, 1);

  if (!all_acked)
    {
      JsonObject *o;

      g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 2);
      g_assert_cmpint (jz_store_outbox_pending_after (store, 2, NULL), ==, 2);
      g_assert_cmpint (jz_store_outbox_pending_after (store, 3, NULL), ==, 1);
      batch = jz_store_export_outbox (store, 2, 500, 2 << 20, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (batch), ==, 2);
      o = json_array_get_object_element (batch, 0);
      g_assert_cmpint (json_object_get_int_member (o, "seq"), ==, 3);
      g_assert_cmpstr (json_object_get_string_member (o, "record"), ==, "01900000-0000-7000-8000-00000000000d");
      g_assert_cmpstr (json_object_get_string_member (o, "site"), ==, "0123456789abcdef0123456789abcdef");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "edits"), "name"), ==, "丁");
      o = json_array_get_object_element (batch, 1);
      g_assert_cmpint (json_object_get_int_member (o, "seq"), ==, 4);
      g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "registration");
      g_assert_cmpint (json_object_get_int_member (o, "hlc"), ==, 300);
      /* an export from an older mark still leaves out what was acknowledged */
      all = jz_store_export_outbox (store, 0, 500, 2 << 20, &error);
      g_assert_cmpuint (json_array_get_length (all), ==, 2);
      g_clear_pointer (&all, json_array_unref);
      g_clear_pointer (&batch, json_array_unref);
    }
  else
    g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 0);

  /* a new save takes seq 5, never a seq given before */
  id = save_person (store, "220102199003074516");
  next = all_acked ? 1 : 3;
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, all_acked ? 1 : 3);
  batch = jz_store_export_outbox (store, all_acked ? 4 : 2, 500, 2 << 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (batch), ==, next);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (batch, next - 1), "seq"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (batch, next - 1), "record"), ==, id);

  /* acknowledging 4 leaves 5; acknowledging 5 empties the outbox */
  g_assert_true (jz_store_acknowledge (store, 4, NULL, 0, &error));
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 1);
  g_assert_true (jz_store_acknowledge (store, 5, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 0);
  g_clear_pointer (&batch, json_array_unref);
  batch = jz_store_export_outbox (store, 5, 500, 2 << 20, &error);
  g_assert_cmpuint (json_array_get_length (batch), ==, 0);

  /* and after a restart the next seq is 6 */
  g_clear_object (&store);
  store = jz_store_open_file (dir, "juzhu.db", &error);
  g_assert_no_error (error);
  g_free (save_person (store, "11010519491231002X"));
  g_clear_pointer (&batch, json_array_unref);
  batch = jz_store_export_outbox (store, 0, 500, 2 << 20, &error);
  g_assert_cmpuint (json_array_get_length (batch), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (batch, 0), "seq"), ==, 6);

  /* Moved to another county server: every change set made here is sent
   * again, seqs 1 to 6 with no gap (schema 7 gave the ones acknowledged
   * before schema 6 their seqs back), the pulled one not at all. */
  g_assert_true (jz_store_restart_outbox (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 6);
  g_clear_pointer (&batch, json_array_unref);
  batch = jz_store_export_outbox (store, 0, 500, 2 << 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (batch), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (batch, i), "seq"), ==, i + 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (batch, 0), "record"),
                   ==, "01900000-0000-7000-8000-00000000000a");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (batch, 2), "record"),
                   ==, "01900000-0000-7000-8000-00000000000d");
  g_assert_true (jz_store_integrity_check (store, &error));
}

static void
test_newer_schema_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "juzhu.db", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", jz_schema_latest_version () + 1);
  g_autoptr(JzStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (jz_schema_exec (db, pragma, &error));
  sqlite3_close (db);

  store = jz_store_open_file (dir, "juzhu.db", &error);
  g_assert_null (store);
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SCHEMA);
}

/* A tablet at schema 11 had its persons in the trigram index with a copy
 * of their text, and its mark of the persons indexed. Schema 12 drops
 * that index for contentless ones; the next search fills them again, and
 * finds by one, two and three characters. */
static void
test_search_from_11 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "juzhu.db", NULL);
  g_autoptr(JzStore) store = NULL;
  sqlite3 *db = NULL;
  const char *queries[][2] = {
    { "敏", "赵敏" }, { "赵敏", "赵敏" }, { "宽城区", "赵敏" },
    { "欧阳", "欧阳明" }, { "阳明", "欧阳明" }, { "0101199", "欧阳明" },
  };

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (jz_schema_migrate_to (db, 11, &error));
  g_assert_no_error (error);
  g_assert_true (jz_schema_exec (db, seed_v6, &error));
  g_assert_true (jz_schema_exec (db,
    "INSERT INTO person (id, heads, created_hlc, updated_hlc, id_number, name, hukou_address) VALUES "
    "('01900000-0000-7000-8000-000000000002', '{}', 2, 2, '110101199003074514', '欧阳明', '朝阳区');"
    "INSERT INTO person_search (rowid, name, id_number, address) "
    "  SELECT rid, name, id_number, hukou_address FROM person;"
    "INSERT INTO meta (key, value) VALUES ('search_indexed_rid', '2');", &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  store = jz_store_open_file (dir, "juzhu.db", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) hits = jz_store_search (store, queries[i][0], 10, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_cmpstr (json_object_get_string_member (hits->pdata[0], "name"), ==, queries[i][1]);
    }
  g_clear_object (&store);

  /* no copy of the text is kept */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_false (jz_schema_exec (db, "SELECT 1 FROM person_search_content", NULL));
  g_assert_false (jz_schema_exec (db, "SELECT 1 FROM person_search_docsize", NULL));
  sqlite3_close (db);
}

/* A failing step leaves the database at the version before it. */
static void
test_failed_step_rolls_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-migrate-XXXXXX", &error);
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
  g_test_add_data_func ("/migrations/outbox-from-5/pending", GINT_TO_POINTER (FALSE), test_outbox_from_v5);
  g_test_add_data_func ("/migrations/outbox-from-5/all-acked", GINT_TO_POINTER (TRUE), test_outbox_from_v5);
  g_test_add_func ("/migrations/search-from-11", test_search_from_11);
  g_test_add_func ("/migrations/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/migrations/failed-step-rolls-back", test_failed_step_rolls_back);

  return g_test_run ();
}
