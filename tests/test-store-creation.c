/* test-store-creation.c — a record's creation kept in its row
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record created on the device keeps '' as its first change set's edits
 * (jz-store-creation.c). Read back, the edits are the values saved; when
 * the record next changes, here or by a change set from elsewhere, the
 * creation's text is written out first, as it was, and never takes the
 * new values. A creation with a photo keeps its text (the photo scans read
 * it); a null given at creation is no edit, and no member. A record pulled
 * whole in a page is kept the same way, unless the page changes it again.
 */
#include "config.h"

#include "jz-test-tmp.h"

#include "jz-store-extension.h"
#include "jz-store-test-util.h"

typedef struct
{
  const char *sql;
  const char *arg;
  const char *arg2;
  char       *text;
} TextArgs;

static gpointer
text_on_thread (JzStore  *store,
                gpointer  data,
                GError  **error)
{
  TextArgs *args = data;
  JzStmt *stmt = _jz_store_stmt (store, args->sql, error);

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->arg);
  if (args->arg2 != NULL)
    jz_stmt_bind_text (stmt, 2, args->arg2);
  if (jz_stmt_step (stmt) == JZ_DB_ROW && !jz_stmt_column_is_null (stmt, 0))
    args->text = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return GINT_TO_POINTER (1);
}

/* The first column of the first row of @sql (parameters @arg and @arg2),
 * on the store's own connection, where jz_edits() is. */
static char *
query_text2 (JzStore    *store,
             const char *sql,
             const char *arg,
             const char *arg2)
{
  g_autoptr(GError) error = NULL;
  TextArgs args = { sql, arg, arg2, NULL };

  g_assert_nonnull (_jz_store_call (store, text_on_thread, &args, &error));
  g_assert_no_error (error);
  return args.text;
}

static char *
query_text (JzStore    *store,
            const char *sql,
            const char *arg)
{
  return query_text2 (store, sql, arg, NULL);
}

#define RAW_CREATION "SELECT edits FROM change_set WHERE record = ?1 ORDER BY hlc LIMIT 1"
#define CREATION "SELECT jz_edits (edits, rtype, record) FROM change_set WHERE record = ?1 ORDER BY hlc LIMIT 1"

static const char *tricky = "吉林省 \"长春\" \\ 南关\n\t<\u00e9>/😀 \x01";

#define PORTRAIT "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static char *
add_person (JzStore  *store,
            gboolean  portrait)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) fields = ts_person_fields ("220102199003074516", "王小燕");
  g_autoptr(GError) error = NULL;
  char *id;

  json_object_set_string_member (fields, "hukou_address", tricky);
  json_object_set_string_member (fields, "phone", "0431-88881234");
  json_object_set_boolean_member (fields, "limited_mobility", FALSE);
  json_object_set_boolean_member (fields, "disabled", TRUE);
  json_object_set_null_member (fields, "notes");
  if (portrait)
    json_object_set_string_member (fields, "portrait", PORTRAIT);
  id = g_strdup (jz_save_create (save, "person", fields));
  g_assert_true (jz_store_commit (store, save, &error));
  g_assert_no_error (error);
  return id;
}

/* @text's members, each as jz_store_get() has the record, in the model's
 * order. */
static void
assert_edits_are_record (JzStore    *store,
                         const char *rtype,
                         const char *id,
                         const char *text)
{
  const JzRecordType *type = jz_model_lookup (rtype);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = jz_store_get (store, rtype, id, &error);
  g_autoptr(JsonNode) node = json_from_string (text, &error);
  g_autoptr(GList) members = NULL;
  JsonObject *edits;
  guint last = 0;

  g_assert_no_error (error);
  edits = json_node_get_object (node);
  members = json_object_get_members (edits);
  g_assert_cmpuint (g_list_length (members), >, 2);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (edits, l->data);
      guint f;

      for (f = 0; f < type->n_fields; f++)
        if (g_str_equal (type->fields[f].name, l->data))
          break;
      g_assert_cmpuint (f, <, type->n_fields);
      g_assert_cmpuint (f, >=, last);
      last = f;
      g_assert_true (json_node_equal (value, json_object_get_member (record, l->data)));
    }
}

static void
test_kept_in_row (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *person = add_person (f->store, FALSE);
  g_autofree char *raw = query_text (f->store, RAW_CREATION, person);
  g_autofree char *text = query_text (f->store, CREATION, person);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (raw, ==, "");
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "\"limited_mobility\":false,\"disabled\":true"));
  g_assert_null (strstr (text, "notes"));
  assert_edits_are_record (f->store, "person", person, text);

  history = jz_store_history (f->store, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
}

static void
test_photo_kept_as_text (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *person = add_person (f->store, TRUE);
  g_autofree char *raw = query_text (f->store, RAW_CREATION, person);
  g_autofree char *text = query_text (f->store, CREATION, person);

  g_assert_nonnull (strstr (raw, "\"portrait\":\"" PORTRAIT "\""));
  g_assert_cmpstr (text, ==, raw);
  assert_edits_are_record (f->store, "person", person, raw);
}

static void
edit_person (JzStore    *store,
             const char *person,
             const char *name)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (fields, "name", name);
  json_object_set_boolean_member (fields, "limited_mobility", TRUE);
  jz_save_update (save, "person", person, fields);
  g_assert_true (jz_store_commit (store, save, &error));
  g_assert_no_error (error);
}

/* A local change: the creation is written out as it was. */
static void
test_written_out_before_a_change (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *person = add_person (f->store, FALSE);
  g_autofree char *before = query_text (f->store, CREATION, person);
  g_autofree char *raw = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  edit_person (f->store, person, "王小艳");
  raw = query_text (f->store, RAW_CREATION, person);
  g_assert_cmpstr (raw, ==, before);
  g_assert_nonnull (strstr (raw, "王小燕"));
  g_assert_null (strstr (raw, "王小艳"));

  record = jz_store_get (f->store, "person", person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "王小艳");
  g_assert_true (json_object_get_boolean_member (record, "limited_mobility"));
}

/* A change from elsewhere: the same, before the change set goes in. */
static void
test_written_out_before_a_remote_change (Fixture       *f,
                                         gconstpointer  data)
{
  g_autofree char *person = add_person (f->store, FALSE);
  g_autofree char *before = query_text (f->store, CREATION, person);
  g_autofree char *other_dir = jz_test_tmp_dir ("juzhu-store-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) other = jz_store_open (other_dir, &error);
  g_autoptr(JsonArray) sets = NULL;
  g_autoptr(JsonArray) back = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *raw = NULL;
  gint64 seq;

  g_assert_no_error (error);
  sets = jz_store_export_change_sets (f->store, -1, &error);
  g_assert_no_error (error);
  g_assert_true (jz_store_apply_remote (other, sets, NULL, &error));
  g_assert_no_error (error);

  /* the other device changes the person; its change comes back */
  seq = jz_store_outbox_pending (other, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, 0);
  edit_person (other, person, "王晓燕");
  back = jz_store_export_change_sets (other, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (back), ==, 1);
  g_assert_true (jz_store_apply_remote (f->store, back, NULL, &error));
  g_assert_no_error (error);

  raw = query_text (f->store, RAW_CREATION, person);
  g_assert_cmpstr (raw, ==, before);
  record = jz_store_get (f->store, "person", person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "王晓燕");
}

/* A page from the server: the records new here keep their creation in
 * their rows, byte for byte the text the other device gives; one that the
 * page changes again keeps its text. */
static void
test_pulled (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *person = add_person (f->store, FALSE);
  g_autofree char *edited = ts_add_person (f->store, "11010519491231002X", "李四");
  g_autofree char *text = query_text (f->store, CREATION, person);
  g_autofree char *other_dir = jz_test_tmp_dir ("juzhu-store-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) other = jz_store_open (other_dir, &error);
  g_autoptr(JsonArray) sets = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *pulled = NULL;
  g_autofree char *raw_edited = NULL;
  guint applied = 0;

  g_assert_no_error (error);
  edit_person (f->store, edited, "李四光");
  sets = jz_store_export_change_sets (f->store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (sets), ==, 3);
  for (guint i = 0; i < json_array_get_length (sets); i++)
    json_object_set_int_member (json_array_get_object_element (sets, i), "server_seq", i + 1);
  g_assert_true (jz_store_apply_remote_page (other, sets, "sync_pull_cursor", "3", 0, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 3);

  raw = query_text (other, RAW_CREATION, person);
  pulled = query_text (other, CREATION, person);
  g_assert_cmpstr (raw, ==, "");
  g_assert_cmpstr (pulled, ==, text);
  raw_edited = query_text (other, RAW_CREATION, edited);
  g_assert_nonnull (strstr (raw_edited, "李四"));
  record = jz_store_get (other, "person", edited, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "name"), ==, "李四光");

  /* changed here: written out first, as pulled */
  edit_person (other, person, "王小艳");
  g_clear_pointer (&raw, g_free);
  raw = query_text (other, RAW_CREATION, person);
  g_assert_cmpstr (raw, ==, text);
}

/* Every field a string in the records is a TEXT column: SQLite gives its
 * text back as it was given (an INTEGER column would turn "0123" into
 * 123). */
static void
test_columns_are_text (Fixture       *f,
                       gconstpointer  data)
{
  guint n_types = 0;
  const JzRecordType *const *types = jz_model_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    for (guint i = 0; i < types[t]->n_fields; i++)
      {
        const JzFieldDef *def = &types[t]->fields[i];
        g_autofree char *decl = NULL;

        if (def->kind == JZ_FIELD_BOOL)
          continue;
        decl = query_text2 (f->store, "SELECT type FROM pragma_table_info (?1) WHERE name = ?2",
                            types[t]->table, def->name);
        if (g_strcmp0 (decl, "TEXT") != 0)
          g_error ("%s.%s is declared %s, not TEXT", types[t]->table, def->name, decl);
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/store/creation/kept-in-row", Fixture, NULL,
              ts_fixture_set_up, test_kept_in_row, ts_fixture_tear_down);
  g_test_add ("/store/creation/photo-kept-as-text", Fixture, NULL,
              ts_fixture_set_up, test_photo_kept_as_text, ts_fixture_tear_down);
  g_test_add ("/store/creation/written-out-before-a-change", Fixture, NULL,
              ts_fixture_set_up, test_written_out_before_a_change, ts_fixture_tear_down);
  g_test_add ("/store/creation/written-out-before-a-remote-change", Fixture, NULL,
              ts_fixture_set_up, test_written_out_before_a_remote_change, ts_fixture_tear_down);
  g_test_add ("/store/creation/pulled", Fixture, NULL,
              ts_fixture_set_up, test_pulled, ts_fixture_tear_down);
  g_test_add ("/store/creation/columns-are-text", Fixture, NULL,
              ts_fixture_set_up, test_columns_are_text, ts_fixture_tear_down);
  return g_test_run ();
}
