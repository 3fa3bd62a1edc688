/* test-county-snapshot.c — a snapshot is the feed's scope without its
 * history; a compacted feed keeps what active devices still need
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A county with two committees, a landlord known by identity (a tenant of
 * which moved on), and the county office. For every device, the change sets
 * a snapshot gives (in pages of every size down to one change set) are
 * exactly those the whole feed gives, each once. Then the feed is
 * compacted: only below the cursors of devices seen lately, never below a
 * revoked or long-gone device's; a pull from below the horizon is refused
 * (snapshot_required); a snapshot still gives the same; a person coming
 * into a device's scope after the compaction still brings its history.
 */
#include "config.h"

#include <string.h>

#include "jz-county-test-util.h"

#define DAY_MS G_GINT64_CONSTANT (86400000)

typedef struct
{
  JzCountyDevice *wang;    /* committee 220102 */
  JzCountyDevice *li;      /* committee 220102, another user */
  JzCountyDevice *sun;     /* committee 220103 */
  JzCountyDevice *zhao;    /* landlord by identity */
  JzCountyDevice *office;  /* county 2201 */
  char           *p[5];
  char           *r[6];
  gint64          hlc;
  gint64          seq[5];  /* per device, its outbox seqs */
} County;

static void
county_clear (County *c)
{
  jz_county_device_free (c->wang);
  jz_county_device_free (c->li);
  jz_county_device_free (c->sun);
  jz_county_device_free (c->zhao);
  jz_county_device_free (c->office);
  for (guint i = 0; i < G_N_ELEMENTS (c->p); i++)
    g_free (c->p[i]);
  for (guint i = 0; i < G_N_ELEMENTS (c->r); i++)
    g_free (c->r[i]);
}

static void
push_one (Fixture        *f,
          County         *c,
          JzCountyDevice *device,
          guint           who,
          const char     *record,
          const char     *type,
          const char     *edits)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;

  g_ptr_array_add (batch, change (++c->seq[who], record, type, ++c->hlc, device->site, edits));
  out = push (f, device, batch);
  if (!g_str_equal (result_status (out, 0), "ok"))
    g_error ("%s %s: %s", type, edits, result_reason (out, 0));
}

static void
build_county (Fixture *f,
              County  *c)
{
  g_autofree char *reg_zhao = NULL;
  g_autofree char *reg_sun = NULL;

  c->wang = enrol (f, "wang");
  c->li = enrol (f, "li");
  c->sun = enrol (f, "sun");
  c->zhao = enrol (f, "zhao");
  c->office = enrol (f, "office");
  c->hlc = JZ_HLC_FROM_MS (f->now_ms);
  for (guint i = 0; i < G_N_ELEMENTS (c->p); i++)
    c->p[i] = new_id (f);
  for (guint i = 0; i < G_N_ELEMENTS (c->r); i++)
    c->r[i] = new_id (f);

  /* wang files p0 and p1 in 220102; p1 rents from zhao */
  push_one (f, c, c->wang, 0, c->p[0], "person", PERSON ("11010519491231002X"));
  {
    g_autofree char *reg = g_strdup_printf (REGISTRATION ("%s", "220102"), c->p[0]);

    push_one (f, c, c->wang, 0, c->r[0], "registration", reg);
  }
  push_one (f, c, c->wang, 0, c->p[1], "person", PERSON ("220102199003074516"));
  reg_zhao = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), c->p[1]);
  push_one (f, c, c->wang, 0, c->r[1], "registration", reg_zhao);
  push_one (f, c, c->wang, 0, c->p[1], "person", "{\"phone\": \"13800000001\"}");

  /* li files p2 in 220102 */
  push_one (f, c, c->li, 1, c->p[2], "person", PERSON ("410102198512250021"));
  {
    g_autofree char *reg = g_strdup_printf (REGISTRATION ("%s", "220102"), c->p[2]);

    push_one (f, c, c->li, 1, c->r[2], "registration", reg);
  }

  /* sun files p3 in 220103 */
  push_one (f, c, c->sun, 2, c->p[3], "person", PERSON ("220103198001010019"));
  reg_sun = g_strdup_printf (REGISTRATION ("%s", "220103"), c->p[3]);
  push_one (f, c, c->sun, 2, c->r[3], "registration", reg_sun);

  /* the office corrects p0's name; p1 leaves zhao's flat (zhao keeps what
   * it had, not the phone number that comes after) */
  push_one (f, c, c->office, 4, c->p[0], "person", "{\"name\": \"张珊\"}");
  push_one (f, c, c->wang, 0, c->r[1], "registration", "{\"status\": \"ended\"}");
  push_one (f, c, c->wang, 0, c->p[1], "person", "{\"phone\": \"13900000002\"}");
}

/* "record hlc site" of every change set of the whole feed from @since */
static GHashTable *
feed_set (Fixture        *f,
          JzCountyDevice *device,
          gint64          since)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) page = jz_county_pull (f->county, device, since, 0, &error);
      JsonArray *changes;

      g_assert_no_error (error);
      changes = json_object_get_array_member (page, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *cs = json_array_get_object_element (changes, i);

          g_hash_table_add (set, g_strdup_printf ("%s %" G_GINT64_FORMAT " %s",
                                                  json_object_get_string_member (cs, "record"),
                                                  json_object_get_int_member (cs, "hlc"),
                                                  json_object_get_string_member (cs, "site")));
        }
      since = json_object_get_int_member (page, "next");
      if (!json_object_get_boolean_member (page, "more"))
        return set;
    }
}

/* the same from a snapshot in pages of @limit change sets; each once */
static GHashTable *
snapshot_set (Fixture        *f,
              JzCountyDevice *device,
              guint           limit,
              gint64         *as_of_out)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *after = NULL;
  gint64 as_of = 0, after_cs = 0;
  guint pages = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) text = jz_county_snapshot_text (f->county, device, as_of, after, after_cs, limit, &error);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *page;
      JsonArray *changes;

      g_assert_no_error (error);
      root = json_from_string (g_bytes_get_data (text, NULL), &error);
      g_assert_no_error (error);
      page = json_node_get_object (root);
      changes = json_object_get_array_member (page, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, limit);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *cs = json_array_get_object_element (changes, i);
          char *key = g_strdup_printf ("%s %" G_GINT64_FORMAT " %s",
                                       json_object_get_string_member (cs, "record"),
                                       json_object_get_int_member (cs, "hlc"),
                                       json_object_get_string_member (cs, "site"));

          g_assert_false (json_object_has_member (cs, "server_seq"));
          if (!g_hash_table_add (set, key))
            g_error ("a snapshot gave %s twice", key);
        }
      if (as_of != 0)
        g_assert_cmpint (json_object_get_int_member (page, "as_of"), ==, as_of);
      as_of = json_object_get_int_member (page, "as_of");
      g_free (after);
      after = g_strdup (json_object_get_string_member (page, "after"));
      after_cs = json_object_get_int_member (page, "after_cs");
      g_assert_cmpuint (++pages, <, 1000);
      if (!json_object_get_boolean_member (page, "more"))
        break;
    }
  if (as_of_out != NULL)
    *as_of_out = as_of;
  return set;
}

static void
assert_same_set (GHashTable *a,
                 GHashTable *b,
                 const char *what)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      g_error ("%s: %s is in the feed, not in the snapshot", what, (char *) key);
  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
}

static void
assert_snapshot_is_feed (Fixture        *f,
                         JzCountyDevice *device,
                         GHashTable     *feed,
                         const char     *what)
{
  static const guint limits[] = { 1, 2, 3, 7, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autoptr(GHashTable) snap = snapshot_set (f, device, limits[i] ? limits[i] : 4000, NULL);

      assert_same_set (feed, snap, what);
    }
}

static void
test_same_as_feed (Fixture       *f,
                   gconstpointer  data)
{
  County c = { 0 };
  JzCountyDevice *all[5];
  const char *names[] = { "wang", "li", "sun", "zhao", "office" };

  build_county (f, &c);
  all[0] = c.wang, all[1] = c.li, all[2] = c.sun, all[3] = c.zhao, all[4] = c.office;
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autoptr(GHashTable) feed = feed_set (f, all[i], 0);

      g_assert_cmpuint (g_hash_table_size (feed), >=, i == 2 ? 0 : 2);
      if (i == 2)
        g_assert_cmpuint (g_hash_table_size (feed), ==, 0);
      assert_snapshot_is_feed (f, all[i], feed, names[i]);
    }

  /* the landlord: the person and its own registration, not the phone
   * number after the tenant left; sun: its own person only (its own
   * change sets are not sent back), so nothing */
  {
    g_autoptr(GHashTable) zhao = snapshot_set (f, c.zhao, 100, NULL);
    g_autoptr(GHashTable) sun = snapshot_set (f, c.sun, 100, NULL);

    g_assert_cmpuint (g_hash_table_size (zhao), ==, 4);   /* p1 ×2, r1 ×2 */
    g_assert_cmpuint (g_hash_table_size (sun), ==, 0);
  }
  county_clear (&c);
}

/* Cursors are noted at the last page of a pull (what the device had when
 * it asked); a device never pulled, revoked or unseen for longer than the
 * window does not hold the horizon. */
static void
test_compact (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) li_before = NULL;
  g_autoptr(JzCountyDevice) gone = NULL;
  County c = { 0 };
  JzCountyCompaction done;
  gint64 top, wang_cursor, as_of;

  /* a device enrolled and last seen 40 days ago, at cursor 1 */
  f->now_ms -= 40 * DAY_MS;
  gone = enrol (f, "li");
  g_assert_cmpint (pull_count (f, gone, 1, NULL), >=, 0);
  f->now_ms += 40 * DAY_MS;

  build_county (f, &c);
  li_before = feed_set (f, c.li, 0);

  wang_cursor = pull_next (f, c.wang);
  top = wang_cursor;
  g_assert_cmpint (pull_count (f, c.wang, wang_cursor, NULL), ==, 0);   /* notes wang at top */
  g_assert_cmpint (pull_count (f, c.sun, 3, NULL), >=, 0);             /* notes sun at 3 */

  /* a device revoked at cursor 2 (a lost tablet) holds nothing */
  {
    g_autoptr(JzCountyDevice) lost = enrol (f, "sun");

    g_assert_cmpint (pull_count (f, lost, 2, NULL), >=, 0);
    g_assert_true (jz_county_device_revoke (f->county, lost->id, FALSE, &error));
  }

  g_assert_true (jz_county_compact (f->county, 30 * DAY_MS, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpint (done.horizon, ==, 3);
  g_assert_cmpint (done.top, ==, top);
  g_assert_cmpuint (done.removed, ==, 3);
  g_assert_cmpuint (done.active_devices, ==, 2);

  /* below the horizon: snapshot_required; at it, the feed goes on */
  {
    g_autoptr(JsonObject) page = jz_county_pull (f->county, c.li, 2, 0, &error);

    g_assert_null (page);
    g_assert_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_COMPACTED);
    g_clear_error (&error);
  }
  g_assert_cmpint (pull_count (f, c.sun, 3, NULL), >=, 0);
  assert_snapshot_is_feed (f, c.li, li_before, "li after compaction");

  /* sun moves on; the window no longer keeps the horizon at 3 once the
   * office revokes nothing and sun is at top: wang and sun both at top */
  g_assert_cmpint (pull_count (f, c.sun, top, NULL), >=, 0);
  g_assert_true (jz_county_compact (f->county, 30 * DAY_MS, &done, &error));
  g_assert_cmpint (done.horizon, ==, top);
  g_assert_cmpint (done.removed, ==, (guint64) (top - 3));

  /* nothing held: the feed is empty, and a pull at the horizon has
   * nothing and stays there; a new change set comes after it */
  {
    g_autoptr(JsonObject) page = jz_county_pull (f->county, c.wang, top, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 0);
    g_assert_cmpint (json_object_get_int_member (page, "next"), ==, top);
  }
  {
    g_autoptr(GHashTable) snap = snapshot_set (f, c.li, 5, &as_of);

    g_assert_cmpint (as_of, ==, top);
    assert_same_set (li_before, snap, "li, feed empty");
  }

  /* p3 (sun's) is registered in wang's area by the office: wang, past the
   * horizon, gets p3's history although its feed rows are gone */
  {
    g_autofree char *reg = g_strdup_printf (REGISTRATION ("%s", "220102"), c.p[3]);

    push_one (f, &c, c.office, 4, c.r[4], "registration", reg);
    g_assert_cmpuint (pull_count (f, c.wang, top, c.p[3]), ==, 1);
    g_assert_cmpuint (pull_count (f, c.wang, top, c.r[3]), ==, 1);
    g_assert_cmpuint (pull_count (f, c.wang, top, c.r[4]), ==, 1);
  }

  /* the horizon never moves back, and compacting again removes nothing */
  g_assert_true (jz_county_compact (f->county, 30 * DAY_MS, &done, &error));
  g_assert_cmpint (done.horizon, >=, top);
  county_clear (&c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/county-snapshot/same-as-feed", Fixture, NULL, fixture_set_up, test_same_as_feed, fixture_tear_down);
  g_test_add ("/county-snapshot/compact", Fixture, NULL, fixture_set_up, test_compact, fixture_tear_down);
  return g_test_run ();
}
