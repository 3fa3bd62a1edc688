/* jz-county-test-util.c — a county server's store for the tests of the county
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "jz-county-test-util.h"

gint64
fixture_clock (gpointer data)
{
  return ((Fixture *) data)->now_ms;
}

/* Under tests/pg/with-postgresql.sh (a -pg suite), the county is on a
 * fresh database of the test cluster, made by new-database.sh beside the
 * juzhu-server.sh that JUZHU_SERVER names there. */
static void
use_test_postgresql (const char *dir)
{
  g_autofree char *here = NULL;
  g_autofree char *script = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (g_getenv ("JZ_TEST_PG_HOST") == NULL)
    return;
  here = g_path_get_dirname (g_getenv ("JUZHU_SERVER"));
  script = g_build_filename (here, "new-database.sh", NULL);
  {
    const char *argv[] = { "bash", script, dir, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &uri, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  path = g_build_filename (dir, JZ_COUNTY_DATABASE_FILE, NULL);
  g_file_set_contents_full (path, uri, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-county-XXXXXX", &error);
  g_assert_no_error (error);
  use_test_postgresql (f->dir);
  f->county = jz_county_open (f->dir, &error);
  g_assert_no_error (error);
  f->now_ms = g_get_real_time () / 1000;
  jz_county_set_clock (f->county, fixture_clock, f);
  g_assert_true (jz_county_setup (f->county, "jilin-2016", "2201", &error));
  g_assert_no_error (error);
  g_assert_true (jz_county_user_add (f->county, "wang", "committee", "220102", NULL, NULL, &error));
  g_assert_true (jz_county_user_add (f->county, "li", "committee", "220102", NULL, NULL, &error));
  g_assert_true (jz_county_user_add (f->county, "sun", "committee", "220103", NULL, NULL, &error));
  g_assert_true (jz_county_user_add (f->county, "zhao", "landlord", "220102", ZHAO_IDENTITY, "赵六", &error));
  g_assert_true (jz_county_user_add (f->county, "office", "county", "2201", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->county);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* Enrols a new device of @user; returns it authenticated. */
JzCountyDevice *
enrol (Fixture    *f,
       const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = jz_county_enrol_code_new (f->county, user, 0, &error);
  g_autofree char *site = jz_site_id_new ();
  g_autoptr(JsonObject) out = NULL;
  JzCountyDevice *device;

  g_assert_no_error (error);
  out = jz_county_enrol (f->county, code, site, "tablet", &error);
  g_assert_no_error (error);
  device = jz_county_authenticate (f->county, json_object_get_string_member (out, "token"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (device);
  return device;
}

JsonObject *
change (gint64      seq,
        const char *record,
        const char *type,
        gint64      hlc,
        const char *site,
        const char *edits_json)
{
  g_autofree char *text =
    g_strdup_printf ("{\"seq\": %" G_GINT64_FORMAT ", \"record\": \"%s\", \"type\": \"%s\", "
                     "\"hlc\": %" G_GINT64_FORMAT ", \"site\": \"%s\", \"author\": \"t\", \"edits\": %s}",
                     seq, record, type, hlc, site, edits_json);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
push (Fixture        *f,
      JzCountyDevice *device,
      GPtrArray      *changes)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  JsonArray *a = json_array_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *out;

  for (guint i = 0; i < changes->len; i++)
    json_array_add_object_element (a, json_object_ref (changes->pdata[i]));
  json_object_set_array_member (o, "changes", a);
  json_node_take_object (body, o);
  out = jz_county_push (f->county, device, body, &error);
  g_assert_no_error (error);
  return out;
}

const char *
result_status (JsonObject *out,
               guint       i)
{
  JsonObject *r = json_array_get_object_element (json_object_get_array_member (out, "results"), i);

  return json_object_get_string_member (r, "status");
}

const char *
result_code (JsonObject *out,
             guint       i)
{
  JsonObject *r = json_array_get_object_element (json_object_get_array_member (out, "results"), i);

  return json_object_get_string_member_with_default (r, "code", "");
}

guint
pull_count (Fixture        *f,
            JzCountyDevice *device,
            gint64          since,
            const char     *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = jz_county_pull (f->county, device, since, 0, &error);
  JsonArray *changes;
  guint n = 0;

  g_assert_no_error (error);
  changes = json_object_get_array_member (out, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);

      if (record == NULL || g_str_equal (json_object_get_string_member (c, "record"), record))
        n++;
    }
  return n;
}

gint64
pull_next (Fixture        *f,
           JzCountyDevice *device)
{
  g_autoptr(JsonObject) out = jz_county_pull (f->county, device, 0, 0, NULL);

  return json_object_get_int_member (out, "next");
}



char *
new_id (Fixture *f)
{
  return jz_uuid7_new (f->now_ms);
}

const char *
result_reason (JsonObject *out,
               guint       i)
{
  JsonObject *r = json_array_get_object_element (json_object_get_array_member (out, "results"), i);

  return json_object_get_string_member_with_default (r, "reason", "");
}
