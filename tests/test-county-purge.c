/* test-county-purge.c — the county's side of revoke with purge: the
 * order, the answer a purge-ordered token gets, the confirmation and what
 * `device list` shows; the schema step that added it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "jz-county-test-util.h"

typedef struct
{
  char *id;
  char *token;
} Enrolled;

static void
enrol_token (Fixture  *f,
             const char *user,
             Enrolled *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = jz_county_enrol_code_new (f->county, user, 0, &error);
  g_autofree char *site = jz_site_id_new ();
  g_autoptr(JsonObject) answer = NULL;

  g_assert_no_error (error);
  answer = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_no_error (error);
  out->id = g_strdup (json_object_get_string_member (answer, "device"));
  out->token = g_strdup (json_object_get_string_member (answer, "token"));
}

static void
enrolled_clear (Enrolled *e)
{
  g_free (e->id);
  g_free (e->token);
}

/* The device's row of `device list`. */
static JsonObject *
listed (Fixture    *f,
        const char *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = jz_county_device_list (f->county, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    if (g_strcmp0 (json_object_get_string_member (devices->pdata[i], "device"), device) == 0)
      return json_object_ref (devices->pdata[i]);
  g_assert_not_reached ();
}

static void
test_purge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *purged_at = NULL;
  Enrolled lost = { 0 }, plain = { 0 }, active = { 0 };

  enrol_token (f, "wang", &lost);
  enrol_token (f, "li", &plain);
  enrol_token (f, "sun", &active);

  /* nothing ordered yet: the three columns are empty */
  row = listed (f, lost.id);
  g_assert_true (json_object_get_null_member (row, "revoked"));
  g_assert_true (json_object_get_null_member (row, "purge_ordered"));
  g_assert_true (json_object_get_null_member (row, "purged"));
  g_clear_pointer (&row, json_object_unref);

  /* an active device cannot confirm a purge */
  g_assert_null (jz_county_confirm_purge (f->county, active.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_true (jz_county_device_revoke (f->county, lost.id, TRUE, &error));
  g_assert_true (jz_county_device_revoke (f->county, plain.id, FALSE, &error));
  g_assert_no_error (error);

  /* the purge-ordered token hears "purge", the plain revoked one "revoked" */
  g_assert_null (jz_county_authenticate (f->county, lost.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_PURGE);
  g_clear_error (&error);
  g_assert_null (jz_county_authenticate (f->county, plain.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "revoked"));
  g_clear_error (&error);

  row = listed (f, lost.id);
  g_assert_nonnull (json_object_get_string_member (row, "revoked"));
  g_assert_cmpstr (json_object_get_string_member (row, "purge_ordered"), ==,
                   json_object_get_string_member (row, "revoked"));
  g_assert_true (json_object_get_null_member (row, "purged"));
  g_clear_pointer (&row, json_object_unref);

  /* only the purge-ordered token confirms; not a plain revoked one, not an
   * unknown one, not none */
  g_assert_null (jz_county_confirm_purge (f->county, plain.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_null (jz_county_confirm_purge (f->county, "wrong", &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_null (jz_county_confirm_purge (f->county, NULL, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  f->now_ms += 3600 * 1000;
  done = jz_county_confirm_purge (f->county, lost.token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (done, "device"), ==, lost.id);
  purged_at = g_strdup (json_object_get_string_member (done, "purged"));
  g_assert_nonnull (purged_at);

  /* a confirmation sent again (its answer was lost) keeps the first time */
  f->now_ms += 3600 * 1000;
  again = jz_county_confirm_purge (f->county, lost.token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (again, "purged"), ==, purged_at);

  row = listed (f, lost.id);
  g_assert_cmpstr (json_object_get_string_member (row, "purged"), ==, purged_at);
  g_assert_cmpstr (json_object_get_string_member (row, "purged"), !=,
                   json_object_get_string_member (row, "purge_ordered"));
  g_clear_pointer (&row, json_object_unref);
  /* the token stays refused everywhere else */
  g_assert_null (jz_county_authenticate (f->county, lost.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_PURGE);
  g_clear_error (&error);

  enrolled_clear (&lost);
  enrolled_clear (&plain);
  enrolled_clear (&active);
}

/* A device revoked without a purge turns out to be lost: the purge is
 * ordered later, the first revocation's time stays. */
static void
test_purge_later (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *revoked = NULL;
  Enrolled e = { 0 };

  enrol_token (f, "wang", &e);
  g_assert_true (jz_county_device_revoke (f->county, e.id, FALSE, &error));
  row = listed (f, e.id);
  revoked = g_strdup (json_object_get_string_member (row, "revoked"));
  g_clear_pointer (&row, json_object_unref);

  f->now_ms += 24 * 3600 * 1000;
  g_assert_true (jz_county_device_revoke (f->county, e.id, TRUE, &error));
  /* and again: nothing moves */
  f->now_ms += 24 * 3600 * 1000;
  g_assert_true (jz_county_device_revoke (f->county, e.id, TRUE, &error));
  g_assert_true (jz_county_device_revoke (f->county, e.id, FALSE, &error));
  g_assert_no_error (error);
  row = listed (f, e.id);
  g_assert_cmpstr (json_object_get_string_member (row, "revoked"), ==, revoked);
  g_assert_nonnull (json_object_get_string_member (row, "purge_ordered"));
  g_assert_cmpstr (json_object_get_string_member (row, "purge_ordered"), >, revoked);

  g_assert_null (jz_county_authenticate (f->county, e.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_PURGE);
  enrolled_clear (&e);
}

/* A county.db of server schema 7 upgrades to 8: its devices keep their
 * tokens and revocations, with no purge ordered. */
static void
test_upgrade_7_to_8 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "county.db", NULL);
  g_autoptr(JzCountyDevice) device = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *schema = NULL;
  Enrolled kept = { 0 }, revoked = { 0 };
  sqlite3 *db = NULL;

  enrol_token (f, "wang", &kept);
  enrol_token (f, "li", &revoked);
  g_assert_true (jz_county_device_revoke (f->county, revoked.id, FALSE, &error));
  g_clear_object (&f->county);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "BEGIN;"
    "ALTER TABLE county_device DROP COLUMN purge_ordered_at;"
    "ALTER TABLE county_device DROP COLUMN purged_at;"
    "UPDATE meta SET value = '7' WHERE key = 'county_schema';"
    "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->county = jz_county_open (f->dir, &error);
  g_assert_no_error (error);
  jz_county_set_clock (f->county, fixture_clock, f);
  schema = jz_store_get_meta (jz_county_get_store (f->county), "county_schema", &error);
  g_assert_cmpstr (schema, ==, "8");

  device = jz_county_authenticate (f->county, kept.token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device->id, ==, kept.id);
  g_assert_null (jz_county_authenticate (f->county, revoked.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  row = listed (f, revoked.id);
  g_assert_nonnull (json_object_get_string_member (row, "revoked"));
  g_assert_true (json_object_get_null_member (row, "purge_ordered"));
  g_assert_true (json_object_get_null_member (row, "purged"));

  /* and the new columns work */
  g_assert_true (jz_county_device_revoke (f->county, kept.id, TRUE, &error));
  g_clear_pointer (&device, jz_county_device_free);
  g_assert_null (jz_county_authenticate (f->county, kept.token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_PURGE);

  enrolled_clear (&kept);
  enrolled_clear (&revoked);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/county/purge/order-and-confirm", test_purge);
  ADD ("/county/purge/after-revoke", test_purge_later);
  ADD ("/county/purge/upgrade-7-to-8", test_upgrade_7_to_8);

  return g_test_run ();
}
