/* test-county.c — the county server's store: push, pull, scope (enrolment
 * and devices: test-county-devices.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "jz-county-test-util.h"

/* ---- push ----------------------------------------------------------------- */

static void
test_push_results (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(JzCountyDevice) other = enrol (f, "sun");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autoptr(JsonObject) out3 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *app = new_id (f);
  g_autofree char *permit = new_id (f);
  g_autofree char *reg_edits = g_strdup_printf (REGISTRATION ("%s", "220102"), p1);
  g_autofree char *far_edits = g_strdup_printf (REGISTRATION ("%s", "220103"), p1);
  g_autofree char *app_edits =
    g_strdup_printf ("{\"person_id\": \"%s\", \"kind\": \"first\", \"applied_on\": \"2026-02-03\", "
                     "\"status\": \"submitted\"}", p1);
  g_autofree char *permit_edits =
    g_strdup_printf ("{\"person_id\": \"%s\", \"issued_on\": \"2026-02-03\"}", p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);
  g_autoptr(GError) error = NULL;

  /* the registration before its person: the same push names both */
  g_ptr_array_add (batch, change (1, r1, "registration", hlc + 2, a->site, reg_edits));
  g_ptr_array_add (batch, change (2, p1, "person", hlc + 1, a->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (3, p1, "person", hlc + 3, other->site, "{\"phone\": \"13800000000\"}"));
  g_ptr_array_add (batch, change (4, p1, "person", hlc + 4, a->site, "{\"shoe_size\": \"42\"}"));
  g_ptr_array_add (batch, change (5, p1, "person", hlc + 5, a->site, "{\"birth_date\": \"2026-02-30\"}"));
  g_ptr_array_add (batch, change (6, r2, "registration", hlc + 6, a->site, far_edits));
  g_ptr_array_add (batch, change (7, app, "application", hlc + 7, a->site, app_edits));
  g_ptr_array_add (batch, change (8, app, "application", hlc + 8, a->site, "{\"status\": {\"v\": \"issued\", \"p\": []}}"));
  g_ptr_array_add (batch, change (9, app, "application", hlc + 9, a->site, "{\"status\": \"withdrawn\"}"));
  g_ptr_array_add (batch, change (10, app, "application", hlc + 10, a->site, "{\"status\": \"accepted\"}"));
  g_ptr_array_add (batch, change (11, permit, "permit", hlc + 11, a->site, permit_edits));
  /* a gap: seq 13 comes before 12 */
  g_ptr_array_add (batch, change (13, p1, "person", hlc + 13, a->site, "{\"notes\": \"n\"}"));
  out = push (f, a, batch);

  g_assert_cmpstr (result_status (out, 0), ==, "ok");
  g_assert_cmpstr (result_status (out, 1), ==, "ok");
  g_assert_cmpstr (result_code (out, 2), ==, "wrong_site");
  g_assert_cmpstr (result_code (out, 3), ==, "unknown_field");
  g_assert_cmpstr (result_code (out, 4), ==, "invalid_value");
  g_assert_cmpstr (result_code (out, 5), ==, "out_of_scope");
  g_assert_cmpstr (result_status (out, 6), ==, "ok");
  g_assert_cmpstr (result_code (out, 7), ==, "role");
  g_assert_cmpstr (result_status (out, 8), ==, "ok");
  g_assert_cmpstr (result_code (out, 9), ==, "workflow");
  g_assert_cmpstr (result_code (out, 10), ==, "role");
  g_assert_cmpstr (result_status (out, 11), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 11);
  g_assert_cmpint (json_object_get_int_member (out, "server_hlc"), >=, hlc + 13);

  /* replays: by (site, seq) and by (record, hlc, site) under a new seq;
   * the gap filled moves acked_seq past 13 */
  g_ptr_array_add (batch2, change (1, r1, "registration", hlc + 2, a->site, reg_edits));
  g_ptr_array_add (batch2, change (12, p1, "person", hlc + 1, a->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch2, change (4, p1, "person", hlc + 4, a->site, "{\"shoe_size\": \"42\"}"));
  out2 = push (f, a, batch2);
  g_assert_cmpstr (result_status (out2, 0), ==, "duplicate");
  g_assert_cmpstr (result_status (out2, 1), ==, "duplicate");
  g_assert_cmpstr (result_code (out2, 2), ==, "unknown_field");
  g_assert_cmpint (json_object_get_int_member (out2, "acked_seq"), ==, 13);

  /* a malformed change set fails the whole push, nothing applied */
  {
    g_autoptr(JsonNode) body = json_from_string ("{\"changes\": [{\"seq\": 14}]}", NULL);

    out3 = jz_county_push (f->county, a, body, &error);
    g_assert_null (out3);
    g_assert_error (error, JZ_CHANGE_SET_ERROR, JZ_CHANGE_SET_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "changes[0].record"));
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) body = json_from_string ("{\"changes\": [], \"extra\": 1}", NULL);

    g_assert_null (jz_county_push (f->county, a, body, &error));
    g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNKNOWN_FIELD);
  }
}

/* The dates of a record come in an order the server checks itself: a
 * device that skips its registry (a departure before the arrival, a
 * registration dated before the person came, an application closed
 * before it was made) is refused, and nothing of it is applied. */
static void
test_date_order (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *app = new_id (f);
  g_autofree char *reg_edits = g_strdup_printf (REGISTRATION ("%s", "220102"), p1);
  g_autofree char *early_edits =
    g_strdup_printf ("{\"person_id\": \"%s\", \"residence_division\": \"220102\", "
                     "\"residence_address\": \"幸福路 12 号\", \"arrival_date\": \"2026-02-01\", "
                     "\"registered_on\": \"2026-01-20\", \"reason\": \"work\", \"status\": \"active\"}", p1);
  g_autofree char *app_edits =
    g_strdup_printf ("{\"person_id\": \"%s\", \"kind\": \"first\", \"applied_on\": \"2026-02-03\", "
                     "\"status\": \"submitted\"}", p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, a->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, a->site, reg_edits));
  g_ptr_array_add (batch, change (3, r1, "registration", hlc + 3, a->site,
                                  "{\"status\": \"departed\", \"departed_on\": \"2026-01-15\", "
                                  "\"departure_reason\": \"moved_away\"}"));
  g_ptr_array_add (batch, change (4, r2, "registration", hlc + 4, a->site, early_edits));
  g_ptr_array_add (batch, change (5, app, "application", hlc + 5, a->site, app_edits));
  g_ptr_array_add (batch, change (6, app, "application", hlc + 6, a->site,
                                  "{\"status\": \"withdrawn\", \"closed_on\": \"2026-01-01\", "
                                  "\"close_reason\": \"x\"}"));
  g_ptr_array_add (batch, change (7, r1, "registration", hlc + 7, a->site,
                                  "{\"status\": \"departed\", \"departed_on\": \"2026-02-15\", "
                                  "\"departure_reason\": \"moved_away\"}"));
  out = push (f, a, batch);

  g_assert_cmpstr (result_status (out, 0), ==, "ok");
  g_assert_cmpstr (result_status (out, 1), ==, "ok");
  g_assert_cmpstr (result_code (out, 2), ==, "invalid_value");
  g_assert_cmpstr (result_code (out, 3), ==, "invalid_value");
  g_assert_cmpstr (result_status (out, 4), ==, "ok");
  g_assert_cmpstr (result_code (out, 5), ==, "invalid_value");
  g_assert_cmpstr (result_status (out, 6), ==, "ok");
}

static void
test_county_role (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(JzCountyDevice) office = enrol (f, "office");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *app = new_id (f);
  g_autofree char *reg_edits = g_strdup_printf (REGISTRATION ("%s", "220102"), p1);
  g_autofree char *app_edits =
    g_strdup_printf ("{\"person_id\": \"%s\", \"kind\": \"first\", \"applied_on\": \"2026-02-03\", "
                     "\"status\": \"submitted\"}", p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, a->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, a->site, reg_edits));
  g_ptr_array_add (batch, change (3, app, "application", hlc + 3, a->site, app_edits));
  g_ptr_array_add (batch, change (4, app, "application", hlc + 4, a->site, "{\"status\": \"accepted\"}"));
  out = push (f, a, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 4);

  /* the county office sees it and may issue */
  g_assert_cmpuint (pull_count (f, office, 0, NULL), ==, 4);
  g_ptr_array_add (batch2, change (1, app, "application", hlc + 5, office->site, "{\"status\": \"issued\"}"));
  out2 = push (f, office, batch2);
  g_assert_cmpstr (result_status (out2, 0), ==, "ok");
  g_assert_cmpuint (pull_count (f, a, 0, app), ==, 1);
}

/* ---- pull and scope -------------------------------------------------------- */

static void
test_scope (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(JzCountyDevice) b = enrol (f, "li");
  g_autoptr(JzCountyDevice) far = enrol (f, "sun");
  g_autoptr(JzCountyDevice) landlord = enrol (f, "zhao");
  g_autoptr(JzCountyDevice) office = enrol (f, "office");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch3 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch4 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autoptr(JsonObject) out3 = NULL;
  g_autoptr(JsonObject) out4 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *p2 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *r3 = new_id (f);
  g_autofree char *reg1 = g_strdup_printf (REGISTRATION ("%s", "220102"), p1);
  g_autofree char *reg2 = g_strdup_printf (LANDLORD_REGISTRATION ("%s", ZHAO_IDENTITY), p2);
  g_autofree char *reg3 = g_strdup_printf (REGISTRATION ("%s", "220103"), p1);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);
  gint64 far_cursor;

  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, a->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, a->site, reg1));
  out = push (f, a, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 2);

  g_ptr_array_add (batch2, change (1, p2, "person", hlc + 3, landlord->site, PERSON ("110105198001010016")));
  g_ptr_array_add (batch2, change (2, r2, "registration", hlc + 4, landlord->site, reg2));
  g_ptr_array_add (batch2, change (3, p1, "person", hlc + 5, landlord->site, "{\"phone\": \"13800000000\"}"));
  out2 = push (f, landlord, batch2);
  g_assert_cmpstr (result_status (out2, 0), ==, "ok");
  g_assert_cmpstr (result_status (out2, 1), ==, "ok");
  g_assert_cmpstr (result_code (out2, 2), ==, "out_of_scope");

  /* committee: everything in its area, not its own site's */
  g_assert_cmpuint (pull_count (f, a, 0, NULL), ==, 2);
  g_assert_cmpuint (pull_count (f, b, 0, NULL), ==, 4);
  /* landlord: only what it filed, and never its own change sets */
  g_assert_cmpuint (pull_count (f, landlord, 0, NULL), ==, 0);
  /* another committee's area: nothing */
  g_assert_cmpuint (pull_count (f, far, 0, NULL), ==, 0);
  /* the county office: all of it */
  g_assert_cmpuint (pull_count (f, office, 0, NULL), ==, 4);

  /* the cursor moves past what a device may not see */
  far_cursor = pull_next (f, far);
  g_assert_cmpint (far_cursor, ==, 4);

  /* a committee may not edit a person of another area… */
  g_ptr_array_add (batch3, change (1, p1, "person", hlc + 6, far->site, "{\"phone\": \"13800000001\"}"));
  out3 = push (f, far, batch3);
  g_assert_cmpstr (result_code (out3, 0), ==, "out_of_scope");

  /* …but may register them in its own: the person enters its scope and
   * their earlier change sets are fed again, past its cursor */
  g_ptr_array_add (batch4, change (2, r3, "registration", hlc + 7, far->site, reg3));
  out4 = push (f, far, batch4);
  g_assert_cmpstr (result_status (out4, 0), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (out4, "acked_seq"), ==, 2);
  g_assert_cmpuint (pull_count (f, far, far_cursor, p1), ==, 1);
  g_assert_cmpuint (pull_count (f, far, far_cursor, r1), ==, 1);
  g_assert_cmpuint (pull_count (f, far, far_cursor, p2), ==, 0);
  /* and the first committee gets the new registration */
  g_assert_cmpuint (pull_count (f, a, 0, r3), ==, 1);
}

/* A committee enrolled with its 12-digit statistical division code sees
 * its committee's persons only: not the neighbouring committee's, and not
 * a record that only names the district. */
static void
test_committee_scope (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCountyDevice) office = NULL;
  g_autoptr(JzCountyDevice) east = NULL;
  g_autoptr(JzCountyDevice) west = NULL;
  g_autoptr(JzCountyDevice) district = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch3 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch4 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autoptr(JsonObject) out3 = NULL;
  g_autoptr(JsonObject) out4 = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *r1 = new_id (f);
  g_autofree char *p2 = new_id (f);
  g_autofree char *r2 = new_id (f);
  g_autofree char *p3 = new_id (f);
  g_autofree char *r3 = new_id (f);
  g_autofree char *r4 = new_id (f);
  g_autofree char *p5 = new_id (f);
  g_autofree char *r5 = new_id (f);
  g_autofree char *p6 = new_id (f);
  g_autofree char *r6 = new_id (f);
  g_autofree char *reg1 = g_strdup_printf (REGISTRATION ("%s", "220102005003"), p1);
  g_autofree char *reg2 = g_strdup_printf (REGISTRATION ("%s", "220102005004"), p2);
  g_autofree char *reg3 = g_strdup_printf (REGISTRATION ("%s", "220102"), p3);
  g_autofree char *reg4 = g_strdup_printf (REGISTRATION ("%s", "220102005004"), p2);
  g_autofree char *reg5 = g_strdup_printf (REGISTRATION ("%s", "220102"), p5);
  g_autofree char *reg6 = g_strdup_printf (REGISTRATION ("%s", "220102005003"), p6);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  g_assert_true (jz_county_user_add (f->county, "zhou", "committee", "220102005003", NULL, NULL, &error));
  g_assert_true (jz_county_user_add (f->county, "wu", "committee", "220102005004", NULL, NULL, &error));
  g_assert_no_error (error);
  office = enrol (f, "office");
  east = enrol (f, "zhou");
  west = enrol (f, "wu");
  district = enrol (f, "wang");

  /* the county office files one person in each committee and one that
   * only names the district */
  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, office->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, r1, "registration", hlc + 2, office->site, reg1));
  g_ptr_array_add (batch, change (3, p2, "person", hlc + 3, office->site, PERSON ("110105198001010016")));
  g_ptr_array_add (batch, change (4, r2, "registration", hlc + 4, office->site, reg2));
  g_ptr_array_add (batch, change (5, p3, "person", hlc + 5, office->site, PERSON ("110105199001010010")));
  g_ptr_array_add (batch, change (6, r3, "registration", hlc + 6, office->site, reg3));
  out = push (f, office, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 6);

  g_assert_cmpuint (pull_count (f, east, 0, NULL), ==, 2);
  g_assert_cmpuint (pull_count (f, east, 0, p1), ==, 1);
  g_assert_cmpuint (pull_count (f, east, 0, r1), ==, 1);
  g_assert_cmpuint (pull_count (f, east, 0, p3), ==, 0);   /* district-level only */
  g_assert_cmpuint (pull_count (f, west, 0, NULL), ==, 2);
  g_assert_cmpuint (pull_count (f, west, 0, p2), ==, 1);
  /* the district's committee device (area 220102) sees all three */
  g_assert_cmpuint (pull_count (f, district, 0, NULL), ==, 6);

  /* a committee may not file in the neighbouring committee… */
  g_ptr_array_add (batch2, change (1, r4, "registration", hlc + 7, east->site, reg4));
  out2 = push (f, east, batch2);
  g_assert_cmpstr (result_code (out2, 0), ==, "out_of_scope");
  g_assert_nonnull (strstr (result_reason (out2, 0), "220102005004"));
  g_assert_nonnull (strstr (result_reason (out2, 0), "220102005003"));

  /* …nor with the district's code only: the reason says what to use */
  g_ptr_array_add (batch3, change (2, p5, "person", hlc + 8, east->site, PERSON ("110105198506060019")));
  g_ptr_array_add (batch3, change (3, r5, "registration", hlc + 9, east->site, reg5));
  out3 = push (f, east, batch3);
  g_assert_cmpstr (result_status (out3, 0), ==, "ok");
  g_assert_cmpstr (result_code (out3, 1), ==, "out_of_scope");
  g_assert_nonnull (strstr (result_reason (out3, 1),
                            "file it with the committee's full division code 220102005003"));

  /* its own committee is fine, and the neighbour does not see it */
  g_ptr_array_add (batch4, change (4, p6, "person", hlc + 10, east->site, PERSON ("110105197001010011")));
  g_ptr_array_add (batch4, change (5, r6, "registration", hlc + 11, east->site, reg6));
  out4 = push (f, east, batch4);
  g_assert_cmpstr (result_status (out4, 0), ==, "ok");
  g_assert_cmpstr (result_status (out4, 1), ==, "ok");
  g_assert_cmpuint (pull_count (f, west, 0, p6), ==, 0);
  g_assert_cmpuint (pull_count (f, west, 0, r6), ==, 0);
  g_assert_cmpuint (pull_count (f, office, 0, r6), ==, 1);
  g_assert_cmpuint (pull_count (f, district, 0, r6), ==, 1);
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(JzCountyDevice) b = enrol (f, "li");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) page2 = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *p = new_id (f);

      g_ptr_array_add (batch, change (i + 1, p, "person", hlc + i, a->site, PERSON ("11010519491231002X")));
    }
  out = push (f, a, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 5);

  page = jz_county_pull (f->county, b, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 3);
  g_assert_true (json_object_get_boolean_member (page, "more"));
  g_assert_cmpint (json_object_get_int_member (page, "next"), ==, 3);
  page2 = jz_county_pull (f->county, b, 3, 3, &error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page2, "changes")), ==, 2);
  g_assert_false (json_object_get_boolean_member (page2, "more"));
  g_assert_cmpint (json_object_get_int_member (page2, "next"), ==, 5);
}

/* Pushes and pull pages count saves (change sets sharing one stamp): a
 * save is never split over two pages, and a push may carry up to 500 saves
 * but no more than 2 000 change sets. */
static void
test_saves (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(JzCountyDevice) b = enrol (f, "li");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) page2 = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);
  gint64 seq = 0;

  /* 500 declarations: 500 saves, 1 000 change sets, in one push */
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *p = new_id (f);
      g_autofree char *r = new_id (f);
      g_autofree char *reg = g_strdup_printf (REGISTRATION ("%s", "220102"), p);

      g_ptr_array_add (batch, change (++seq, p, "person", hlc + i, a->site, PERSON ("11010519491231002X")));
      g_ptr_array_add (batch, change (++seq, r, "registration", hlc + i, a->site, reg));
    }
  out = push (f, a, batch);
  g_assert_cmpint (json_object_get_int_member (out, "acked_seq"), ==, 1000);

  /* a page of 3 saves is 6 change sets, and ends on a save's boundary */
  page = jz_county_pull (f->county, b, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 6);
  g_assert_true (json_object_get_boolean_member (page, "more"));
  page2 = jz_county_pull (f->county, b, json_object_get_int_member (page, "next"), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page2, "changes")), ==, 994);
  g_assert_false (json_object_get_boolean_member (page2, "more"));

  /* 501 saves: too large, nothing applied */
  g_ptr_array_set_size (batch, 0);
  for (guint i = 0; i < 501; i++)
    {
      g_autofree char *p = new_id (f);

      g_ptr_array_add (batch, change (seq + i + 1, p, "person", hlc + 1000 + i, a->site, PERSON ("11010519491231002X")));
    }
  {
    g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
    JsonObject *o = json_object_new ();
    JsonArray *list = json_array_new ();

    for (guint i = 0; i < batch->len; i++)
      json_array_add_object_element (list, json_object_ref (batch->pdata[i]));
    json_object_set_array_member (o, "changes", list);
    json_node_take_object (body, o);
    g_assert_null (jz_county_push (f->county, a, body, &error));
    g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "500 saves"));
    g_clear_error (&error);
  }

  /* 2 001 change sets of one save: over the hard cap */
  g_ptr_array_set_size (batch, 0);
  for (guint i = 0; i < 2001; i++)
    {
      g_autofree char *p = new_id (f);

      g_ptr_array_add (batch, change (seq + i + 1, p, "person", hlc + 2000, a->site, PERSON ("11010519491231002X")));
    }
  {
    g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
    JsonObject *o = json_object_new ();
    JsonArray *list = json_array_new ();

    for (guint i = 0; i < batch->len; i++)
      json_array_add_object_element (list, json_object_ref (batch->pdata[i]));
    json_object_set_array_member (o, "changes", list);
    json_node_take_object (body, o);
    g_assert_null (jz_county_push (f->county, a, body, &error));
    g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "2000 change sets"));
  }
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JzCountyDevice) a = enrol (f, "wang");
  g_autoptr(JzCountyDevice) b = enrol (f, "li");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonObject) out2 = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p1 = new_id (f);
  g_autofree char *p2 = new_id (f);
  g_autofree char *p3 = new_id (f);
  gint64 hlc = JZ_HLC_FROM_MS (f->now_ms);

  g_ptr_array_add (batch, change (1, p1, "person", hlc + 1, a->site, PERSON ("11010519491231002X")));
  g_ptr_array_add (batch, change (2, p3, "person", hlc + 2, a->site, PERSON ("110105198001010016")));
  out = push (f, a, batch);
  g_ptr_array_add (batch2, change (1, p2, "person", hlc + 3, b->site, PERSON ("11010519491231002X")));
  out2 = push (f, b, batch2);
  g_assert_cmpstr (result_status (out2, 0), ==, "ok");

  list = jz_county_duplicates (f->county, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (list->pdata[0], "id_number"), ==, "11010519491231002X");
}

static void
test_divisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  g_ptr_array_add (codes, "220102");
  g_ptr_array_add (names, "南关区");
  g_assert_true (jz_county_import_divisions (f->county, codes, names, &version, &error));
  g_assert_cmpint (version, ==, 1);
  g_assert_true (jz_county_import_divisions (f->county, codes, names, &version, &error));
  g_assert_cmpint (version, ==, 2);
  list = jz_county_divisions (f->county, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (list, "version"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "divisions")), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/county/push-results", test_push_results);
  ADD ("/county/date-order", test_date_order);
  ADD ("/county/county-role", test_county_role);
  ADD ("/county/scope", test_scope);
  ADD ("/county/committee-scope", test_committee_scope);
  ADD ("/county/pages", test_pages);
  ADD ("/county/saves", test_saves);
  ADD ("/county/duplicates", test_duplicates);
  ADD ("/county/divisions", test_divisions);

  return g_test_run ();
}
