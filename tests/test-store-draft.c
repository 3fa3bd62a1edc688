/* test-store-draft.c — drafts of unfinished forms: saved, replaced, listed, gone
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-test-tmp.h"

#include <glib/gstdio.h>

#include "jz-store-draft.h"

static JsonObject *
body_with (const char *name,
           int         step)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "name", name);
  json_object_set_int_member (o, "step", step);
  return o;
}

static void
test_save_load_replace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-draft-XXXXXX", &error);
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  g_autoptr(JsonObject) first = body_with ("王小燕", 1);
  g_autoptr(JsonObject) second = body_with ("王晓燕", 3);
  g_autoptr(JsonObject) loaded = NULL;
  g_autofree char *kind = NULL;

  g_assert_no_error (error);
  g_assert_true (jz_store_draft_save (store, "d1", "declaration", first, &error));
  g_assert_no_error (error);
  g_assert_true (jz_store_draft_save (store, "d1", "declaration", second, &error));
  g_assert_no_error (error);

  loaded = jz_store_draft_load (store, "d1", &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kind, ==, "declaration");
  g_assert_cmpstr (json_object_get_string_member (loaded, "name"), ==, "王晓燕");
  g_assert_cmpint (json_object_get_int_member (loaded, "step"), ==, 3);

  /* drafts are not records: nothing to sync */
  g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, 0);
  g_assert_cmpint (jz_store_count (store, "person", NULL), ==, 0);
}

static void
test_list_delete (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-draft-XXXXXX", &error);
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  g_autoptr(JsonObject) a = body_with ("a", 1);
  g_autoptr(JsonObject) b = body_with ("b", 2);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) apps = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(JsonObject) gone = NULL;

  g_assert_no_error (error);
  g_assert_true (jz_store_draft_save (store, "d1", "declaration", a, &error));
  g_assert_true (jz_store_draft_save (store, "d2", "application", b, &error));
  g_assert_no_error (error);

  all = jz_store_draft_list (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  apps = jz_store_draft_list (store, "application", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (apps->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (apps->pdata[0], "id"), ==, "d2");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (apps->pdata[0], "body"), "name"),
                   ==, "b");
  g_assert_nonnull (json_object_get_string_member (apps->pdata[0], "updated_at"));

  g_assert_true (jz_store_draft_delete (store, "d1", &error));
  g_assert_true (jz_store_draft_delete (store, "d1", &error));   /* twice is fine */
  g_assert_no_error (error);
  gone = jz_store_draft_load (store, "d1", NULL, &error);
  g_assert_null (gone);
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = jz_store_draft_list (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
}

/* Closing the app mid-flow keeps the draft: it is on disk when the store
 * is opened again. */
static void
test_survives_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jz_test_tmp_dir ("juzhu-draft-XXXXXX", &error);
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  g_autoptr(JsonObject) a = body_with ("a", 4);
  g_autoptr(JsonObject) loaded = NULL;

  g_assert_no_error (error);
  g_assert_true (jz_store_draft_save (store, "d1", "declaration", a, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = jz_store_open (dir, &error);
  g_assert_no_error (error);
  loaded = jz_store_draft_load (store, "d1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (loaded, "step"), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/draft/save-load-replace", test_save_load_replace);
  g_test_add_func ("/draft/list-delete", test_list_delete);
  g_test_add_func ("/draft/survives-reopen", test_survives_reopen);

  return g_test_run ();
}
