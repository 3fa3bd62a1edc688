/* test-county-devices.c — the county server's devices: enrolment, tokens,
 * revocation, enrolling again; revoke with purge: the order, the answer a
 * purge-ordered token gets, the confirmation and what `device list` shows;
 * the schema steps that changed devices
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "jz-county-test-util.h"

/* ---- enrolment ------------------------------------------------------------ */

static void
test_enrolment (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = jz_county_enrol_code_new (f->county, "wang", 1, &error);
  g_autofree char *site = jz_site_id_new ();
  g_autofree char *site2 = jz_site_id_new ();
  g_autofree char *lower = NULL;
  g_autofree char *code2 = NULL;
  g_autofree char *code3 = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonObject *again;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (code), ==, 14);
  g_assert_cmpint (code[4], ==, '-');

  again = jz_county_enrol (f->county, "AAAA-BBBB-CCCC", site, "t", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE);
  g_assert_nonnull (strstr (error->message, "unknown"));
  g_clear_error (&error);

  /* case and dashes do not matter */
  lower = jz_county_normalise_code (code);
  for (char *p = lower; *p; p++)
    *p = g_ascii_tolower (*p);
  out = jz_county_enrol (f->county, lower, site, "t", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (out, "user"), ==, "wang");
  g_assert_cmpstr (json_object_get_string_member (out, "role"), ==, "committee");
  g_assert_cmpstr (json_object_get_string_member (out, "profile"), ==, "jilin-2016");
  g_assert_cmpuint (strlen (json_object_get_string_member (out, "token")), ==, 43);

  again = jz_county_enrol (f->county, code, site2, "t", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE);
  g_assert_nonnull (strstr (error->message, "already been used"));
  g_clear_error (&error);

  code2 = jz_county_enrol_code_new (f->county, "wang", 0, &error);
  again = jz_county_enrol (f->county, code2, site, "t", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_SITE_TAKEN);
  g_clear_error (&error);

  code3 = jz_county_enrol_code_new (f->county, "wang", 1, &error);
  f->now_ms += 2 * 3600 * 1000;
  again = jz_county_enrol (f->county, code3, site2, "t", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_clear_error (&error);

  g_assert_null (jz_county_enrol_code_new (f->county, "nobody", 0, &error));
  g_assert_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_NOT_FOUND);
}

static void
test_tokens (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = jz_county_enrol_code_new (f->county, "zhao", 0, &error);
  g_autofree char *site = jz_site_id_new ();
  g_autoptr(JsonObject) out = jz_county_enrol (f->county, code, site, "t", &error);
  const char *token = json_object_get_string_member (out, "token");
  g_autoptr(JzCountyDevice) device = jz_county_authenticate (f->county, token, &error);
  JzCountyDevice *none;

  g_assert_no_error (error);
  g_assert_cmpstr (device->user, ==, "zhao");
  g_assert_cmpstr (device->role, ==, "landlord");
  g_assert_cmpstr (device->site, ==, site);

  none = jz_county_authenticate (f->county, "wrong", &error);
  g_assert_null (none);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  none = jz_county_authenticate (f->county, NULL, &error);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_true (jz_county_device_revoke (f->county, device->id, FALSE, &error));
  g_assert_no_error (error);
  none = jz_county_authenticate (f->county, token, &error);
  g_assert_null (none);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "revoked"));
  g_clear_error (&error);

  g_assert_false (jz_county_device_revoke (f->county, "0193f2c4-8a1e-7c3b-9d2f-5e6a7b8c9d0e", FALSE, &error));
  g_assert_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_NOT_FOUND);
}

/* A site whose device was revoked enrols again with a new code, as a new
 * device with a new token; the old token stays revoked. An active site
 * stays taken. */
static void
test_reenrol (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *site = jz_site_id_new ();
  g_autofree char *code = jz_county_enrol_code_new (f->county, "zhao", 0, &error);
  g_autofree char *code2 = jz_county_enrol_code_new (f->county, "zhao", 0, &error);
  g_autofree char *code3 = jz_county_enrol_code_new (f->county, "zhao", 0, &error);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JzCountyDevice) device = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  const char *old_token, *new_token;
  JsonObject *again;

  g_assert_no_error (error);
  first = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_no_error (error);
  old_token = json_object_get_string_member (first, "token");

  /* active: still taken */
  again = jz_county_enrol (f->county, code2, site, "tablet", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_SITE_TAKEN);
  g_clear_error (&error);

  g_assert_true (jz_county_device_revoke (f->county, json_object_get_string_member (first, "device"), FALSE, &error));
  g_assert_no_error (error);

  /* revoked: the same site enrols again with a fresh code (code2 was not
   * spent by the refusal) */
  second = jz_county_enrol (f->county, code2, site, "tablet", &error);
  g_assert_no_error (error);
  new_token = json_object_get_string_member (second, "token");
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_cmpstr (json_object_get_string_member (second, "device"), !=,
                   json_object_get_string_member (first, "device"));

  device = jz_county_authenticate (f->county, new_token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device->site, ==, site);
  g_assert_null (jz_county_authenticate (f->county, old_token, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "revoked"));
  g_clear_error (&error);

  /* and is taken again while the new device is active */
  again = jz_county_enrol (f->county, code3, site, "tablet", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_SITE_TAKEN);
  g_clear_error (&error);

  devices = jz_county_device_list (f->county, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 2);
}

/* The answer to an enrolment was lost: the same code and site again get a
 * new token for the same device, and the lost one is dead. */
static void
test_enrol_repeat (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *site = jz_site_id_new ();
  g_autofree char *other = jz_site_id_new ();
  g_autofree char *code = jz_county_enrol_code_new (f->county, "wang", 1, &error);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JzCountyDevice) device = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  JsonObject *again;

  g_assert_no_error (error);
  first = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_no_error (error);
  f->now_ms += 30 * 60 * 1000;
  second = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (second, "device"), ==,
                   json_object_get_string_member (first, "device"));
  g_assert_cmpstr (json_object_get_string_member (second, "user"), ==, "wang");
  g_assert_cmpstr (json_object_get_string_member (second, "token"), !=,
                   json_object_get_string_member (first, "token"));

  device = jz_county_authenticate (f->county, json_object_get_string_member (second, "token"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device->site, ==, site);
  g_assert_null (jz_county_authenticate (f->county, json_object_get_string_member (first, "token"), &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  devices = jz_county_device_list (f->county, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 1);

  /* the same code from another site is a used code */
  again = jz_county_enrol (f->county, code, other, "tablet", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE);
  g_assert_nonnull (strstr (error->message, "already been used"));
  g_clear_error (&error);

  /* once the code has expired, a repeat is refused */
  f->now_ms += 31 * 60 * 1000;
  again = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE);
  g_clear_error (&error);
  f->now_ms -= 31 * 60 * 1000;

  /* nor after the device was revoked */
  g_assert_true (jz_county_device_revoke (f->county, device->id, FALSE, &error));
  again = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_null (again);
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_ENROL_CODE);
  g_assert_nonnull (strstr (error->message, "already been used"));
}

/* A county.db of server schema 1 (site unique among all devices) upgrades
 * to 2 with its devices and tokens, and then lets a revoked site enrol. */
static void
test_upgrade_devices (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *site = jz_site_id_new ();
  g_autofree char *code = jz_county_enrol_code_new (f->county, "wang", 0, &error);
  g_autofree char *code2 = jz_county_enrol_code_new (f->county, "wang", 0, &error);
  g_autofree char *path = g_build_filename (f->dir, "county.db", NULL);
  g_autofree char *token = NULL;
  g_autofree char *device_id = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JzCountyDevice) device = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  out = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_no_error (error);
  token = g_strdup (json_object_get_string_member (out, "token"));
  device_id = g_strdup (json_object_get_string_member (out, "device"));
  g_clear_object (&f->county);

  /* back to schema 1 */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "BEGIN;"
    "DROP TABLE county_blob_upload;"
    "DROP TABLE county_blob_ref;"
    "DROP TABLE county_record_owner;"
    "DROP INDEX county_user_identity;"
    "ALTER TABLE county_user DROP COLUMN identity;"
    "ALTER TABLE county_user DROP COLUMN real_name;"
    "ALTER TABLE county_access DROP COLUMN until_seq;"
    "ALTER TABLE county_access DROP COLUMN until_cs;"
    "DROP TABLE county_compaction;"
    "DROP INDEX county_record_person_person;"
    "DROP INDEX county_access_user;"
    "DROP INDEX county_device_active_site;"
    "CREATE TABLE county_device_1 (id TEXT PRIMARY KEY, site TEXT NOT NULL UNIQUE,"
    "  user TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,"
    "  enrolled_at INTEGER NOT NULL, last_seen INTEGER, revoked_at INTEGER) WITHOUT ROWID;"
    "INSERT INTO county_device_1 SELECT id, site, user, name, token_hash, enrolled_at, last_seen, revoked_at"
    "  FROM county_device;"
    "DROP TABLE county_device;"
    "ALTER TABLE county_device_1 RENAME TO county_device;"
    "UPDATE meta SET value = '1' WHERE key = 'county_schema';"
    "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->county = jz_county_open (f->dir, &error);
  g_assert_no_error (error);
  jz_county_set_clock (f->county, fixture_clock, f);
  device = jz_county_authenticate (f->county, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device->id, ==, device_id);
  g_assert_true (jz_county_device_revoke (f->county, device_id, FALSE, &error));
  again = jz_county_enrol (f->county, code2, site, "tablet", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (again, "device"), !=, device_id);
}

/* ---- revoke with purge ---------------------------------------------------- */

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

  ADD ("/county/enrolment", test_enrolment);
  ADD ("/county/tokens", test_tokens);
  ADD ("/county/reenrol", test_reenrol);
  ADD ("/county/enrol-repeat", test_enrol_repeat);
  ADD ("/county/upgrade-devices", test_upgrade_devices);
  ADD ("/county/purge/order-and-confirm", test_purge);
  ADD ("/county/purge/after-revoke", test_purge_later);
  ADD ("/county/purge/upgrade-7-to-8", test_upgrade_7_to_8);

  return g_test_run ();
}
