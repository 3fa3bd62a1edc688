/* test-store.c — saves, validation, reads, search, audit
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-test-tmp.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "jz-date.h"
#include "jz-hlc.h"
#include "jz-problem.h"
#include "jz-profile.h"
#include "jz-registry.h"
#include "jz-store.h"
#include "jz-store-test-util.h"
#include "jz-uuid.h"

/* jz_save_create_strings() checks and writes what jz_save_create() would */
static void
test_create_strings (Fixture       *f,
                     gconstpointer  data)
{
  const char *person[] = {
    "id_number", "11010519491231002x", "name", " 王小芳", "ethnicity", "01",
    "hukou_division", "220102", "hukou_address", "吉林省长春市南关区人民大街100号",
    "phone", NULL, NULL,
  };
  const char *bad[] = {
    "id_number", "110105194912310021", "ethnicity", "99", "colour", "red", NULL,
  };
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JzSave) bad_save = jz_save_new ("tester");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) p = NULL;
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonArray) batch = NULL;
  char *id = g_strdup (jz_save_create_strings (save, "person", person));
  const char *registration[] = {
    "person_id", id, "residence_division", "220104", "residence_address", "红旗街1号",
    "arrival_date", "2025-05-16", "registered_on", "2025-05-20", "reason", "work", NULL,
  };
  g_autofree char *rid = g_strdup (jz_save_create_strings (save, "registration", registration));
  JsonObject *edits;

  jz_store_commit (f->store, save, &error);
  g_assert_no_error (error);
  p = jz_store_get (f->store, "person", id, &error);
  g_assert_no_error (error);
  /* normalised as a JsonObject's strings are */
  g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, "王小芳");
  g_assert_cmpstr (json_object_get_string_member (p, "id_number"), ==, "11010519491231002X");
  g_assert_true (json_object_get_null_member (p, "phone"));
  r = jz_store_get (f->store, "registration", rid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (r, "person_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "active");

  /* in the outbox, as one save */
  batch = jz_store_export_outbox (f->store, 0, 500, 2 << 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (batch), ==, 2);
  edits = json_object_get_object_member (json_array_get_object_element (batch, 0), "edits");
  g_assert_cmpstr (json_object_get_string_member (edits, "name"), ==, "王小芳");
  g_assert_false (json_object_has_member (edits, "phone"));

  /* every problem at once: checksum, code, unknown field, required */
  jz_save_create_strings (bad_save, "person", bad);
  g_assert_false (jz_store_commit (f->store, bad_save, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "id_number"));
  g_assert_nonnull (strstr (error->message, "ethnicity"));
  g_assert_nonnull (strstr (error->message, "colour: not a field of a person"));
  g_assert_nonnull (strstr (error->message, "name: required for a new person"));
  g_assert_cmpint (jz_store_count (f->store, "person", NULL), ==, 1);
  g_free (id);
}

static void
test_create_and_get (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = ts_add_person (f->store, "11010519491231002x", "王小芳");
  g_autoptr(JsonObject) p = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_uuid_is_valid (id));
  p = jz_store_get (f->store, "person", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, "王小芳");
  /* normalised to upper-case X */
  g_assert_cmpstr (json_object_get_string_member (p, "id_number"), ==, "11010519491231002X");
  g_assert_false (json_object_get_boolean_member (p, "_disputed"));

  /* one save = one change set row, not one per field, in the outbox (lseq) */
  g_assert_cmpint (ts_count_rows (f->dir, "SELECT count(*) FROM change_set"), ==, 1);
  g_assert_cmpint (ts_count_rows (f->dir, "SELECT count(*) FROM change_set WHERE lseq = 1"), ==, 1);
  g_assert_cmpint (jz_store_outbox_pending (f->store, NULL), ==, 1);
}

static void
test_every_problem_at_once (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (fields, "id_number", "110105194912310021");
  json_object_set_string_member (fields, "ethnicity", "77");
  json_object_set_string_member (fields, "hukou_division", "990101");
  json_object_set_string_member (fields, "favourite_colour", "blue");
  jz_save_create (save, "person", fields);

  g_assert_false (jz_store_commit (f->store, save, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "id_number:"));
  g_assert_nonnull (strstr (error->message, "ethnicity:"));
  g_assert_nonnull (strstr (error->message, "hukou_division:"));
  g_assert_nonnull (strstr (error->message, "favourite_colour:"));
  g_assert_nonnull (strstr (error->message, "name:"));   /* required, missing */

  /* nothing was written */
  g_assert_cmpint (ts_count_rows (f->dir, "SELECT count(*) FROM change_set"), ==, 0);
  g_assert_cmpint (ts_count_rows (f->dir, "SELECT count(*) FROM person"), ==, 0);
}

/* Residence divisions may be a county (6 digits), a township (9) or a
 * committee (12, the statistical division code). */
static void
test_division_lengths (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *person = ts_add_person (f->store, "11010519491231002X", "王小芳");
  const struct {
    const char *code;
    gboolean    ok;
  } cases[] = {
    { "220102", TRUE }, { "220102005", TRUE }, { "220102005003", TRUE },
    { "2201020", FALSE }, { "2201020050", FALSE }, { "2201020050031", FALSE },
    { "22010200500x", FALSE }, { "990102005003", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JzSave) save = jz_save_new ("tester");
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(GError) error = NULL;
      gboolean ok;

      json_object_set_string_member (fields, "person_id", person);
      json_object_set_string_member (fields, "residence_division", cases[i].code);
      json_object_set_string_member (fields, "residence_address", "幸福路 12 号");
      json_object_set_string_member (fields, "arrival_date", "2026-02-01");
      json_object_set_string_member (fields, "registered_on", "2026-02-03");
      json_object_set_string_member (fields, "reason", "work");
      json_object_set_string_member (fields, "status", "active");
      jz_save_create (save, "registration", fields);
      ok = jz_store_commit (f->store, save, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "residence_division:"));
          if (strlen (cases[i].code) != 12 || g_ascii_isdigit (cases[i].code[11]))
            g_assert_nonnull (strstr (error->message, strlen (cases[i].code) == 12
                                      ? "starts with no known province code"
                                      : "is not a 6-, 9- or 12-digit division code"));
        }
    }
  g_assert_cmpint (ts_count_rows (f->dir, "SELECT count(*) FROM registration WHERE length (residence_division) = 12"),
                   ==, 1);
}

static void
test_update_parents (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = ts_add_person (f->store, "11010519491231002X", "王小芳");
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonArray) sets = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *second, *edits;
  JsonArray *parents;
  const char *first_stamp;

  json_object_set_string_member (change, "phone", "13800000000");
  json_object_set_string_member (change, "name", "王小芳");  /* unchanged: no edit */
  jz_save_update (save, "person", id, change);
  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_no_error (error);

  history = jz_store_history (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  first_stamp = json_object_get_string_member (g_ptr_array_index (history, 0), "stamp");

  sets = jz_store_export_change_sets (f->store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (sets), ==, 2);
  second = json_array_get_object_element (sets, 1);
  edits = json_object_get_object_member (second, "edits");
  g_assert_true (json_object_has_member (edits, "phone"));
  g_assert_false (json_object_has_member (edits, "name"));
  /* phone was never set before: no parents, so the compact form */
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (edits, "phone")));
  g_assert_cmpstr (json_object_get_string_member (edits, "phone"), ==, "13800000000");

  /* change the name: its parent is the first save's stamp */
  {
    g_autoptr(JzSave) s2 = jz_save_new ("tester");
    g_autoptr(JsonObject) c2 = json_object_new ();
    g_autoptr(JsonArray) all = NULL;
    JsonObject *third;

    json_object_set_string_member (c2, "name", "王晓芳");
    jz_save_update (s2, "person", id, c2);
    g_assert_true (jz_store_commit (f->store, s2, &error));
    all = jz_store_export_change_sets (f->store, -1, &error);
    third = json_array_get_object_element (all, 2);
    parents = json_object_get_array_member (json_object_get_object_member (
                json_object_get_object_member (third, "edits"), "name"), "p");
    g_assert_cmpuint (json_array_get_length (parents), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (parents, 0), ==, first_stamp);
  }
}

static void
test_references_and_workflow (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *person = ts_add_person (f->store, "11010519491231002X", "王小芳");
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) app = json_object_new ();
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(GError) error = NULL;
  const char *app_id;

  /* a reference to a record that does not exist */
  {
    g_autoptr(JzSave) bad = jz_save_new ("tester");
    g_autoptr(JsonObject) o = json_object_new ();
    g_autofree char *ghost = jz_uuid7_new (1);

    json_object_set_string_member (o, "person_id", ghost);
    json_object_set_string_member (o, "kind", "first");
    json_object_set_string_member (o, "applied_on", "2026-03-01");
    jz_save_create (bad, "application", o);
    g_assert_false (jz_store_commit (f->store, bad, &error));
    g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "person_id: no person"));
    g_clear_error (&error);
  }

  json_object_set_string_member (app, "person_id", person);
  json_object_set_string_member (app, "kind", "first");
  json_object_set_string_member (app, "applied_on", "2026-03-01");
  app_id = jz_save_create (save, "application", app);
  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_no_error (error);

  got = jz_store_get (f->store, "application", app_id, &error);
  g_assert_cmpstr (json_object_get_string_member (got, "status"), ==, "submitted");

  /* submitted → issued skips acceptance: refused */
  {
    g_autoptr(JzSave) s = jz_save_new ("tester");
    g_autoptr(JsonObject) o = json_object_new ();

    json_object_set_string_member (o, "status", "issued");
    jz_save_update (s, "application", app_id, o);
    g_assert_false (jz_store_commit (f->store, s, &error));
    g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "from submitted to issued"));
    g_clear_error (&error);
  }

  /* the kind cannot change after creation */
  {
    g_autoptr(JzSave) s = jz_save_new ("tester");
    g_autoptr(JsonObject) o = json_object_new ();

    json_object_set_string_member (o, "kind", "reissue");
    jz_save_update (s, "application", app_id, o);
    g_assert_false (jz_store_commit (f->store, s, &error));
    g_assert_nonnull (strstr (error->message, "kind: cannot be changed"));
    g_clear_error (&error);
  }
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = ts_add_person (f->store, "11010519491231002X", "王小芳");
  g_autofree char *b = ts_add_person (f->store, "220102199003074516", "李明");
  g_autofree char *c = ts_add_person (f->store, "410102198512250021", "欧阳娜娜");
  struct { const char *q; guint n; const char *first; } cases[] = {
    { "王", 1, "王小芳" },
    { "明", 1, "李明" },
    { "小芳", 1, "王小芳" },
    { "欧阳娜", 1, "欧阳娜娜" },
    { "1990030", 1, "李明" },
    { "002x", 1, "王小芳" },
    { "人民大街", 3, NULL },
    { "张三", 0, NULL },
    { "\"", 0, NULL },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = jz_store_search (f->store, cases[i].q, 10, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, cases[i].n);
      if (cases[i].first)
        g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (hits, 0), "name"), ==, cases[i].first);
    }

  g_assert_null (jz_store_search (f->store, "  ", 10, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
}

/* One use case, one transaction: jz_store_transact() runs reads, numbers
 * and commits at once inside it, and a failure takes all of them back. */
typedef struct
{
  const char *id_number;
  gboolean    fail;
  char       *number;
  char       *person;
} TxUseCase;

static gboolean
tx_use_case (JzStore  *store,
             gpointer  data,
             GError  **error)
{
  TxUseCase *uc = data;
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JsonObject) fields = ts_person_fields (uc->id_number, "欧阳明");
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(GPtrArray) same = NULL;
  g_autoptr(GPtrArray) found = NULL;

  same = jz_store_list (store, "person", "id_number", uc->id_number, 0, error);
  if (same == NULL)
    return FALSE;
  g_assert_cmpuint (same->len, ==, 0);

  uc->number = jz_store_next_number (store, "certificate", error);
  if (uc->number == NULL)
    return FALSE;
  uc->person = g_strdup (jz_save_create (save, "person", fields));
  if (!jz_store_commit (store, save, error))
    return FALSE;

  /* What the use case wrote, it reads back inside the transaction. */
  back = jz_store_get (store, "person", uc->person, error);
  g_assert_nonnull (back);
  found = jz_store_search (store, "欧阳明", 10, error);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);

  if (uc->fail)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, "refused after writing");
      return FALSE;
    }
  return TRUE;
}

static void
test_transact (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) kept = NULL;
  TxUseCase refused = { "110101199003074514", TRUE, NULL, NULL };
  TxUseCase done = { "110101199003074514", FALSE, NULL, NULL };
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_false (jz_store_transact (f->store, tx_use_case, &refused, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing of it is left: no person, no change set, the number is free. */
  g_assert_null (jz_store_get (f->store, "person", refused.person, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (jz_store_count (f->store, "person", &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (jz_store_transact (f->store, tx_use_case, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (done.number, ==, refused.number);
  kept = jz_store_get (f->store, "person", done.person, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (kept, "name"), ==, "欧阳明");

  /* The search index took the person of the kept transaction, not the
   * rolled back one whose rowid it reused. */
  hits = jz_store_search (f->store, "欧阳明", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  g_free (refused.number);
  g_free (refused.person);
  g_free (done.number);
  g_free (done.person);
}

static void
count_changed (JzStore *store,
               guint   *n)
{
  (*n)++;
}

static void
drain_main_context (void)
{
  /* the store thread schedules before its call returns; nothing is left
   * after the idle sources of the default context ran */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ::changed: once for any number of saves before the main loop runs, in
 * the context the store was opened in; never for reads, checks or work
 * that was rolled back. */
static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(JsonObject) got = NULL;
  TxUseCase refused = { "110101199003074514", TRUE, NULL, NULL };
  guint n = 0;

  drain_main_context ();
  g_signal_connect (f->store, "changed", G_CALLBACK (count_changed), &n);

  a = ts_add_person (f->store, "220102199003074516", "李明");
  b = ts_add_person (f->store, "11010519491231002X", "张丽");
  g_assert_cmpuint (n, ==, 0);
  drain_main_context ();
  g_assert_cmpuint (n, ==, 1);

  got = jz_store_get (f->store, "person", a, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JzSave) save = jz_save_new ("tester");
    g_autoptr(JsonObject) fields = ts_person_fields ("110101199003074514", "王五");

    jz_save_create (save, "person", fields);
    g_assert_true (jz_store_validate (f->store, save, &error));
    g_assert_no_error (error);
  }
  g_assert_false (jz_store_transact (f->store, tx_use_case, &refused, &error));
  g_clear_error (&error);
  drain_main_context ();
  g_assert_cmpuint (n, ==, 1);

  g_free (ts_add_person (f->store, "110101199003074514", "王五"));
  drain_main_context ();
  g_assert_cmpuint (n, ==, 2);

  g_free (refused.number);
  g_free (refused.person);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = ts_add_person (f->store, "220102199003074516", "李明");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_store_audit (f->store, "tester", "view", "person", id, NULL, &error));
  rows = jz_store_audit_list (f->store, id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (rows, 0), "action"), ==, "view");
}

static void
test_reopen_and_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "juzhu.db", NULL);
  g_autofree char *site = NULL;
  JzStore *store;

  store = jz_store_open (dir, &error);
  g_assert_no_error (error);
  site = g_strdup (jz_store_get_site_id (store));
  g_object_unref (store);

  /* the site id is the installation's, kept across restarts */
  store = jz_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jz_store_get_site_id (store), ==, site);
  g_object_unref (store);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_true (g_file_set_contents (path, "this is not a database, just some text that is long enough", -1, NULL));
  store = jz_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a Juzhu database"));
}

static void
edit_person (JzRegistry *registry,
             const char *id,
             const char *field,
             const char *value,
             const char *want_error)
{
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GError) error = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_MARCH, 2026);
  json_object_set_string_member (change, field, value);
  if (want_error == NULL)
    {
      g_assert_true (jz_registry_edit (registry, "person", id, change, &today, "tester", &error));
      g_assert_no_error (error);
    }
  else
    {
      g_assert_false (jz_registry_edit (registry, "person", id, change, &today, "tester", &error));
      g_assert_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, want_error));
    }
}

/* A person edit through the registry is checked as adding one is: the ID
 * number must be free, sex and birth date must agree with it. The store
 * itself (which applies the county's changes) does not refuse these. */
static void
test_registry_person_edit (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzProfile) profile = jz_profile_load ("national-2016", &error);
  g_autoptr(JzRegistry) registry = NULL;
  g_autofree char *wang = ts_add_person (f->store, "411202198506120024", "王小燕");
  g_autofree char *zhang = ts_add_person (f->store, "11010519491231002X", "张丽");
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JzSave) save = NULL;
  g_autoptr(JsonObject) raw = json_object_new ();

  g_assert_no_error (error);
  registry = jz_registry_new (f->store, profile, NULL);

  edit_person (registry, zhang, "id_number", "411202198506120024", "id_number: a person with this ID number is already registered");
  edit_person (registry, wang, "sex", "1", "sex: 1 does not match the ID number, which says 2");
  edit_person (registry, wang, "birth_date", "1985-06-13", "birth_date: 1985-06-13 does not match");
  got = jz_store_get (f->store, "person", zhang, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "id_number"), ==, "11010519491231002X");
  g_clear_pointer (&got, json_object_unref);

  edit_person (registry, wang, "id_number", "411202198506120024", NULL);
  edit_person (registry, wang, "sex", "2", NULL);
  edit_person (registry, zhang, "id_number", "220104201501010032", NULL);
  got = jz_store_get (f->store, "person", zhang, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "sex"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (got, "birth_date"), ==, "2015-01-01");

  /* Straight to the store, as a change set from the county is applied. */
  save = jz_save_new ("county");
  json_object_set_string_member (raw, "id_number", "411202198506120024");
  jz_save_update (save, "person", zhang, raw);
  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_no_error (error);
}

static JsonObject *
registration_of (const char *person)
{
  JsonObject *r = json_object_new ();

  json_object_set_string_member (r, "person_id", person);
  json_object_set_string_member (r, "residence_division", "220104");
  json_object_set_string_member (r, "residence_address", "人民大街1号");
  json_object_set_string_member (r, "arrival_date", "2026-01-10");
  json_object_set_string_member (r, "registered_on", "2026-01-12");
  json_object_set_string_member (r, "reason", "work");
  return r;
}

/* The permission table, on the device: a landlord's device files its
 * tenants' declarations, and is refused at once what is the station's or
 * the county office's; the problems come back as data. */
static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *person = ts_add_person (f->store, "220102199003074516", "李明");
  g_autoptr(JzSave) declare = jz_save_new ("landlord");
  g_autoptr(JzSave) permit = jz_save_new ("landlord");
  g_autoptr(JzSave) numbered = jz_save_new ("landlord");
  g_autoptr(JsonObject) reg = registration_of (person);
  g_autoptr(JsonObject) reg2 = registration_of (person);
  g_autoptr(JsonObject) p = json_object_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_store_set_meta (f->store, "role", "landlord", &error));
  jz_save_create (declare, "registration", reg);
  g_assert_true (jz_store_commit (f->store, declare, &error));
  g_assert_no_error (error);
  g_assert_null (jz_save_get_problems (declare));

  json_object_set_string_member (p, "person_id", person);
  json_object_set_string_member (p, "issued_on", "2026-02-01");
  jz_save_create (permit, "permit", p);
  g_assert_false (jz_store_commit (f->store, permit, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_FORBIDDEN);
  g_assert_cmpstr (ts_problem_at (permit, 0)->code, ==, JZ_PROBLEM_ROLE);
  g_assert_null (ts_problem_at (permit, 0)->field);
  g_assert_nonnull (strstr (error->message, "county public security office"));
  g_clear_error (&error);

  json_object_set_string_member (reg2, "certificate_no", "220104-0001");
  jz_save_create (numbered, "registration", reg2);
  g_assert_false (jz_store_commit (f->store, numbered, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_FORBIDDEN);
  g_assert_cmpstr (ts_problem_at (numbered, 0)->field, ==, "certificate_no");
  g_clear_error (&error);

  /* the county server's word wins over the first run's choice */
  g_assert_true (jz_store_set_meta (f->store, "sync_role", "county", &error));
  g_assert_true (jz_store_commit (f->store, permit, &error));
  g_assert_no_error (error);
}

/* Fields that never change once set; references of the right type and
 * person; everything reported at once, as data. */
static void
test_shared_checks (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *person = ts_add_person (f->store, "220102199003074516", "李明");
  g_autofree char *other = ts_add_person (f->store, "11010519491231002X", "王芳");
  g_autoptr(JzSave) save = jz_save_new ("tester");
  g_autoptr(JzSave) repoint = jz_save_new ("tester");
  g_autoptr(JzSave) wrong = jz_save_new ("tester");
  g_autoptr(JsonObject) reg = registration_of (person);
  g_autoptr(JsonObject) move = json_object_new ();
  g_autoptr(JsonObject) app = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *reg_id = jz_save_create (save, "registration", reg);

  g_assert_true (jz_store_commit (f->store, save, &error));
  g_assert_no_error (error);

  json_object_set_string_member (move, "person_id", other);
  jz_save_update (repoint, "registration", reg_id, move);
  g_assert_false (jz_store_commit (f->store, repoint, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
  g_assert_cmpstr (ts_problem_at (repoint, 0)->code, ==, JZ_PROBLEM_IMMUTABLE);
  g_assert_cmpstr (ts_problem_at (repoint, 0)->field, ==, "person_id");
  g_clear_error (&error);

  /* an application of one person naming another's registration, and a
   * registration id where a person is wanted */
  json_object_set_string_member (app, "person_id", reg_id);
  json_object_set_string_member (app, "kind", "first");
  json_object_set_string_member (app, "applied_on", "2026-02-01");
  json_object_set_string_member (app, "registration_id", reg_id);
  jz_save_create (wrong, "application", app);
  g_assert_false (jz_store_commit (f->store, wrong, &error));
  g_assert_cmpstr (ts_problem_at (wrong, 0)->code, ==, JZ_PROBLEM_REFERENCE);
  g_assert_cmpstr (ts_problem_at (wrong, 0)->field, ==, "person_id");
  g_assert_nonnull (strstr (ts_problem_at (wrong, 0)->message, "not a person"));
  g_clear_error (&error);
  json_object_set_string_member (app, "person_id", other);
  g_clear_pointer (&wrong, jz_save_free);
  wrong = jz_save_new ("tester");
  jz_save_create (wrong, "application", app);
  g_assert_false (jz_store_commit (f->store, wrong, &error));
  g_assert_cmpstr (ts_problem_at (wrong, 0)->field, ==, "registration_id");
  g_assert_nonnull (strstr (ts_problem_at (wrong, 0)->message, "belongs to another person"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ts_fixture_set_up, func, ts_fixture_tear_down)

  ADD ("/store/create-and-get", test_create_and_get);
  ADD ("/store/create-strings", test_create_strings);
  ADD ("/store/every-problem-at-once", test_every_problem_at_once);
  ADD ("/store/update-parents", test_update_parents);
  ADD ("/store/division-lengths", test_division_lengths);
  ADD ("/store/references-and-workflow", test_references_and_workflow);
  ADD ("/store/search", test_search);
  ADD ("/store/transact", test_transact);
  ADD ("/store/changed", test_changed);
  ADD ("/store/audit", test_audit);
  ADD ("/store/registry-person-edit", test_registry_person_edit);
  ADD ("/store/permissions", test_permissions);
  ADD ("/store/shared-checks", test_shared_checks);
  g_test_add_func ("/store/reopen-and-not-a-database", test_reopen_and_not_a_database);

  return g_test_run ();
}
