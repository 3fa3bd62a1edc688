/* test-sync-store.c — what sync needs of the store: outbox batches,
 * acknowledgements with rejections, a pulled page with its cursor, photo
 * references; and the sync client's own refusals (not enrolled, running)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-test-tmp.h"

#include <fcntl.h>
#include <sys/file.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "jz-hlc.h"
#include "jz-store.h"
#include "jz-sync-client.h"
#include "jz-uuid.h"

#define PORTRAIT "81f3c189cc6d78ae946d2e8dd193a59b3b486d8e630da1f0334cbaa0fb5163f1"

typedef struct
{
  char    *dir;
  JzStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = jz_test_tmp_dir ("juzhu-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = jz_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->dir);
}

/* n persons, the first with a portrait */
static void
add_persons (JzStore *store,
             guint    n)
{
  static const char *ids[] = {
    "110101199003074514", "110101199003074530", "110101199003074557",
    "110101199003074573", "11010119900307459X", "110101199003074610",
    "110101199003074637",
  };

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (ids));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JzSave) save = jz_save_new ("tester");
      g_autoptr(GError) error = NULL;
      JsonObject *o = json_object_new ();
      g_autofree char *name = g_strdup_printf ("测试%u", i);

      json_object_set_string_member (o, "id_number", ids[i]);
      json_object_set_string_member (o, "name", name);
      if (i == 0)
        json_object_set_string_member (o, "portrait", PORTRAIT);
      jz_save_create (save, "person", o);
      json_object_unref (o);
      jz_store_commit (store, save, &error);
      g_assert_no_error (error);
    }
}

static void
test_outbox_batches (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) first = NULL;
  g_autoptr(JsonArray) small = NULL;
  g_autoptr(JsonArray) rest = NULL;

  add_persons (f->store, 7);

  first = jz_store_export_outbox (f->store, 0, 3, 2 << 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (first), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (first, 0), "seq"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (first, 2), "seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (first, 0), "site"),
                   ==, jz_store_get_site_id (f->store));

  /* a byte limit below one change set still sends one */
  small = jz_store_export_outbox (f->store, 3, 500, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (small), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (small, 0), "seq"), ==, 4);

  rest = jz_store_export_outbox (f->store, 4, 500, 2 << 20, &error);
  g_assert_cmpuint (json_array_get_length (rest), ==, 3);
  g_assert_cmpint (jz_store_outbox_pending_after (f->store, 4, &error), ==, 3);
}

static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) batch = NULL;
  g_autoptr(JsonArray) rejections = json_array_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonArray) after = NULL;
  g_autofree char *acked = NULL;
  JsonObject *cs, *rej;

  add_persons (f->store, 4);
  batch = jz_store_export_outbox (f->store, 0, 500, 2 << 20, &error);
  cs = json_array_get_object_element (batch, 1);

  rej = json_object_new ();
  json_object_set_int_member (rej, "seq", 2);
  json_object_set_string_member (rej, "record", json_object_get_string_member (cs, "record"));
  json_object_set_string_member (rej, "type", "person");
  json_object_set_int_member (rej, "hlc", json_object_get_int_member (cs, "hlc"));
  json_object_set_string_member (rej, "code", "out_of_scope");
  json_object_set_string_member (rej, "reason", "person …: outside this device's area");
  json_array_add_object_element (rejections, rej);

  /* Each record's own state, before and after the answer. */
  {
    g_autofree char *reason = NULL;

    g_assert_cmpint (jz_store_record_sync (f->store, json_object_get_string_member (cs, "record"), &reason, &error),
                     ==, JZ_RECORD_WAITING);
    g_assert_no_error (error);
    g_assert_null (reason);
  }

  g_assert_true (jz_store_acknowledge (f->store, 3, rejections, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (jz_store_outbox_pending (f->store, NULL), ==, 1);
  {
    JsonObject *first = json_array_get_object_element (batch, 0);
    JsonObject *last = json_array_get_object_element (batch, 3);
    g_autofree char *reason = NULL;

    g_assert_cmpint (jz_store_record_sync (f->store, json_object_get_string_member (first, "record"), NULL, &error),
                     ==, JZ_RECORD_SYNCED);
    g_assert_cmpint (jz_store_record_sync (f->store, json_object_get_string_member (cs, "record"), &reason, &error),
                     ==, JZ_RECORD_REFUSED);
    g_assert_cmpstr (reason, ==, "person …: outside this device's area");
    g_assert_cmpint (jz_store_record_sync (f->store, json_object_get_string_member (last, "record"), NULL, &error),
                     ==, JZ_RECORD_WAITING);
    /* A record this device never changed has nothing to send. */
    g_assert_cmpint (jz_store_record_sync (f->store, "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", NULL, &error),
                     ==, JZ_RECORD_SYNCED);
    g_assert_no_error (error);
  }
  acked = jz_store_get_meta (f->store, "sync_acked_seq", NULL);
  g_assert_cmpstr (acked, ==, "3");

  /* a late, older answer does not bring anything back or move the mark */
  g_assert_true (jz_store_acknowledge (f->store, 1, NULL, 0, &error));
  g_clear_pointer (&acked, g_free);
  acked = jz_store_get_meta (f->store, "sync_acked_seq", NULL);
  g_assert_cmpstr (acked, ==, "3");

  after = jz_store_export_outbox (f->store, 3, 500, 2 << 20, &error);
  g_assert_cmpuint (json_array_get_length (after), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (after, 0), "seq"), ==, 4);

  /* the rejected edit is listed with its reason and the fields it changed;
   * the change set stays in the log */
  list = jz_store_rejected_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  rej = g_ptr_array_index (list, 0);
  g_assert_cmpstr (json_object_get_string_member (rej, "code"), ==, "out_of_scope");
  g_assert_cmpstr (json_object_get_string_member (rej, "record"), ==, json_object_get_string_member (cs, "record"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rej, "fields")), >=, 2);
  {
    g_autoptr(JsonObject) p = jz_store_get (f->store, "person", json_object_get_string_member (cs, "record"), &error);

    g_assert_no_error (error);
    g_assert_nonnull (p);
  }
}

static void
test_page_and_cursor (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_dir = jz_test_tmp_dir ("juzhu-sync-XXXXXX", &error);
  g_autoptr(JzStore) other = jz_store_open (other_dir, &error);
  g_autoptr(JsonArray) sets = NULL;
  g_autoptr(JsonArray) bad = json_array_new ();
  g_autoptr(JsonArray) mine = NULL;
  g_autofree char *cursor = NULL;
  guint applied = 0;
  guint64 far = JZ_HLC_FROM_MS ((g_get_real_time () / 1000) + 86400000);

  g_assert_no_error (error);
  add_persons (other, 2);
  sets = jz_store_export_change_sets (other, -1, &error);
  g_assert_cmpuint (json_array_get_length (sets), ==, 2);

  g_assert_true (jz_store_apply_remote_page (f->store, sets, "sync_pull_cursor", "9050", far, &applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (applied, ==, 2);
  cursor = jz_store_get_meta (f->store, "sync_pull_cursor", NULL);
  g_assert_cmpstr (cursor, ==, "9050");
  g_assert_cmpint (jz_store_count (f->store, "person", NULL), ==, 2);

  /* applying the same page again changes nothing */
  g_assert_true (jz_store_apply_remote_page (f->store, sets, "sync_pull_cursor", "9051", 0, &applied, &error));
  g_assert_cmpuint (applied, ==, 0);

  /* a bad page moves neither the records nor the cursor */
  json_array_add_string_element (bad, "not a change set");
  g_assert_false (jz_store_apply_remote_page (f->store, bad, "sync_pull_cursor", "9999", 0, &applied, &error));
  g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&cursor, g_free);
  cursor = jz_store_get_meta (f->store, "sync_pull_cursor", NULL);
  g_assert_cmpstr (cursor, ==, "9051");

  /* a page from a server gone wrong is read as strictly as the server
   * reads a push: a number as a field's value, a member nobody knows, a
   * stamp that does not parse; nothing of the page is kept */
  {
    const char *hostile[] = {
      "{\"name\": 42}",
      "{\"name\": {\"v\": \"x\", \"q\": 1}}",
      "{\"name\": {\"v\": \"x\", \"p\": [\"yesterday\"]}}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autoptr(JsonArray) page = json_array_new ();
        g_autoptr(JsonObject) cs = json_object_new ();
        g_autofree char *id = jz_uuid7_new (1700000000000);
        g_autoptr(JsonNode) edits = json_from_string (hostile[i], NULL);

        json_object_set_string_member (cs, "record", id);
        json_object_set_string_member (cs, "type", "person");
        json_object_set_int_member (cs, "hlc", (gint64) JZ_HLC_FROM_MS (1700000000000));
        json_object_set_string_member (cs, "site", "0123456789abcdef0123456789abcdef");
        json_object_set_member (cs, "edits", g_steal_pointer (&edits));
        json_array_add_object_element (page, json_object_ref (cs));
        g_assert_false (jz_store_apply_remote_page (f->store, page, "sync_pull_cursor", "9999", 0,
                                                    &applied, &error));
        g_assert_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
        g_assert_nonnull (strstr (error->message, "changes[0].edits.name"));
        g_clear_error (&error);
      }
    g_clear_pointer (&cursor, g_free);
    cursor = jz_store_get_meta (f->store, "sync_pull_cursor", NULL);
    g_assert_cmpstr (cursor, ==, "9051");
    g_assert_cmpint (jz_store_count (f->store, "person", NULL), ==, 2);
  }

  /* the server's clock was fed in: a new local edit sorts after it */
  add_persons (f->store, 1);
  mine = jz_store_export_outbox (f->store, 0, 500, 2 << 20, &error);
  g_assert_cmpuint (json_array_get_length (mine), ==, 1);
  g_assert_cmpuint ((guint64) json_object_get_int_member (json_array_get_object_element (mine, 0), "hlc"), >, far);
}

static void
test_photo_refs (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) acked = NULL;
  g_autoptr(GPtrArray) all = NULL;

  add_persons (f->store, 2);
  pending = jz_store_photo_refs (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (pending->pdata[0], ==, PORTRAIT);

  g_assert_true (jz_store_acknowledge (f->store, 1, NULL, 0, &error));
  acked = jz_store_photo_refs (f->store, 1, &error);
  g_assert_cmpuint (acked->len, ==, 0);
  all = jz_store_photo_refs (f->store, -1, &error);
  g_assert_cmpuint (all->len, ==, 1);
}

static void
test_client_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzPhotoStore) photos = jz_photo_store_new (f->dir);
  g_autoptr(JzSyncClient) client = jz_sync_client_new (f->store, photos);
  g_autoptr(JzSyncSummary) summary = NULL;
  g_autofree char *lock_path = g_build_filename (f->dir, "sync.lock", NULL);
  g_autofree char *token_path = g_build_filename (f->dir, "token", NULL);
  int fd;

  g_assert_false (jz_sync_client_is_enrolled (client));
  summary = jz_sync_client_sync (client, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NOT_ENROLLED);
  g_clear_error (&error);

  /* a server that is not there: retried, then a network error */
  g_assert_true (jz_store_set_meta (f->store, "sync_server", "http://127.0.0.1:9", &error));
  g_assert_true (g_file_set_contents (token_path, "t0ken\n", -1, &error));
  g_assert_true (jz_sync_client_is_enrolled (client));
  jz_sync_client_set_retry_base (client, 1);
  summary = jz_sync_client_sync (client, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "6 tries"));
  g_clear_error (&error);

  /* another sync holds the lock */
  fd = g_open (lock_path, O_RDWR | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  summary = jz_sync_client_sync (client, NULL, &error);
  g_assert_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_SYNC_RUNNING);
  close (fd);
}

int
main (int    argc,
      char **argv)
{
  /* The isolated XDG dirs hide the GSettings schemas that the GNOME proxy
   * resolver would read; these tests talk to 127.0.0.1 only. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-store/outbox-batches", test_outbox_batches);
  ADD ("/sync-store/acknowledge", test_acknowledge);
  ADD ("/sync-store/page-and-cursor", test_page_and_cursor);
  ADD ("/sync-store/photo-refs", test_photo_refs);
  ADD ("/sync-store/client-refusals", test_client_refusals);
#undef ADD

  return g_test_run ();
}
