/* test-security-authority.c — the attacks on the server's authority and on
 * its photos, repeated
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same server and devices as test-security.c's (the same program): each
 * test says what it repeats and checks that it was refused.
 */
#include "config.h"

#include <string.h>

#include "jz-hlc.h"
#include "jz-uuid.h"
#include "test-security.h"

/* ---- authority ----------------------------------------------------------- */

/* "It edited a county-issued permit (number, status, issue date) by listing
 * the county's stamp as parent." */
void
test_landlord_edits_permit (void)
{
  g_autofree char *tenant = file_person (&env.land1, "220104");
  g_autofree char *permit = new_id ();
  g_autofree char *permit_edits = g_strdup_printf ("{\"person_id\":\"%s\",\"number\":\"2201040001\","
                                                   "\"issued_on\":\"2026-02-03\",\"status\":\"active\"}",
                                                   tenant);
  g_autofree char *issue = change (&env.office, permit, "permit", now_hlc (), permit_edits);
  g_autoptr(JsonObject) issued = push (&env.office, issue, NULL);
  g_autofree char *stamp = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *edit = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *problems;

  g_assert_cmpstr (result_status (issued, 0), ==, "ok");
  /* a landlord does not get its tenant's permit (only the person and the
   * registrations naming it); the stamp is learnt from the committee */
  g_assert_null (pulled_stamp (&env.land1, permit));
  stamp = pulled_stamp (&env.comm1, permit);
  g_assert_nonnull (stamp);
  forged = g_strdup_printf ("{\"number\":{\"v\":\"9999\",\"p\":[\"%s\"]},\"issued_on\":{\"v\":\"2020-01-01\","
                            "\"p\":[\"%s\"]},\"status\":{\"v\":\"ended\",\"p\":[\"%s\"]}}", stamp, stamp, stamp);
  edit = change (&env.land1, permit, "permit", now_hlc (), forged);
  answer = push (&env.land1, edit, NULL);
  g_assert_cmpstr (result_status (answer, 0), ==, "rejected");
  g_assert_cmpstr (result_code (answer, 0), ==, "role");
  problems = json_object_get_array_member (result (answer, 0), "problems");
  g_assert_cmpuint (json_array_get_length (problems), >=, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "field"), ==,
                   "number");
}

/* "It created an endorsement (签注)"; "it accepted (受理) its own
 * application and set issued_on". */
void
test_landlord_legal_steps (void)
{
  g_autofree char *tenant = file_person (&env.land1, "220104");
  g_autofree char *app = new_id ();
  g_autofree char *app_edits = g_strdup_printf ("{\"person_id\":\"%s\",\"kind\":\"first\","
                                                "\"applied_on\":\"2026-02-03\",\"status\":\"submitted\"}", tenant);
  g_autofree char *a = change (&env.land1, app, "application", now_hlc (), app_edits);
  g_autofree char *b = change (&env.land1, app, "application", now_hlc (),
                               "{\"status\":\"accepted\",\"accepted_on\":\"2026-02-03\",\"issued_on\":\"2026-02-04\"}");
  g_autofree char *permit = new_id ();
  g_autofree char *permit_edits = g_strdup_printf ("{\"person_id\":\"%s\",\"issued_on\":\"2026-02-03\","
                                                   "\"status\":\"active\"}", tenant);
  g_autofree char *c = change (&env.office, permit, "permit", now_hlc (), permit_edits);
  g_autoptr(JsonObject) answer = push (&env.land1, a, b, NULL);
  g_autoptr(JsonObject) issued = push (&env.office, c, NULL);
  g_autofree char *endorsement = new_id ();
  g_autofree char *end_edits = g_strdup_printf ("{\"permit_id\":\"%s\",\"endorsed_on\":\"2027-01-10\"}", permit);
  g_autofree char *d = change (&env.land1, endorsement, "endorsement", now_hlc (), end_edits);
  g_autoptr(JsonObject) answer2 = push (&env.land1, d, NULL);

  g_assert_cmpstr (result_code (answer, 0), ==, "role");   /* applications are the station's */
  g_assert_cmpstr (result_status (answer, 1), ==, "rejected");
  g_assert_cmpstr (result_status (issued, 0), ==, "ok");
  g_assert_cmpstr (result_code (answer2, 0), ==, "role");
}

/* "It re-pointed its own registration's person_id at another landlord's
 * person." */
void
test_repoint_reference (void)
{
  g_autofree char *mine = file_person (&env.land1, "220104");
  g_autofree char *theirs = file_person (&env.land2, "220104");
  g_autofree char *reg = new_id ();
  g_autofree char *reg_edits = registration_edits (&env.land1, mine, "220104");
  g_autofree char *a = change (&env.land1, reg, "registration", now_hlc (), reg_edits);
  g_autoptr(JsonObject) first = push (&env.land1, a, NULL);
  g_autofree char *repoint = g_strdup_printf ("{\"person_id\":\"%s\"}", theirs);
  g_autofree char *b = change (&env.land1, reg, "registration", now_hlc (), repoint);
  g_autoptr(JsonObject) answer = push (&env.land1, b, NULL);
  g_autofree char *reg2 = new_id ();
  g_autofree char *reg2_edits = registration_edits (&env.land1, theirs, "220104");
  g_autofree char *c = change (&env.land1, reg2, "registration", now_hlc (), reg2_edits);
  g_autoptr(JsonObject) answer2 = push (&env.land1, c, NULL);

  g_assert_cmpstr (result_status (first, 0), ==, "ok");
  g_assert_cmpstr (result_code (answer, 0), ==, "immutable");
  /* nor may it file a new record for the other landlord's tenant */
  g_assert_cmpstr (result_code (answer2, 0), ==, "out_of_scope");
}

/* A material re-pointed at another committee's application. */
void
test_repoint_material (void)
{
  g_autofree char *p1 = file_person (&env.comm1, "220104");
  g_autofree char *p2 = file_person (&env.comm2, "220105");
  g_autofree char *app1 = new_id ();
  g_autofree char *app2 = new_id ();
  g_autofree char *e1 = g_strdup_printf ("{\"person_id\":\"%s\",\"kind\":\"first\",\"applied_on\":\"2026-02-03\","
                                         "\"status\":\"submitted\"}", p1);
  g_autofree char *e2 = g_strdup_printf ("{\"person_id\":\"%s\",\"kind\":\"first\",\"applied_on\":\"2026-02-03\","
                                         "\"status\":\"submitted\"}", p2);
  g_autofree char *a1 = change (&env.comm1, app1, "application", now_hlc (), e1);
  g_autofree char *a2 = change (&env.comm2, app2, "application", now_hlc (), e2);
  g_autoptr(JsonObject) r1 = push (&env.comm1, a1, NULL);
  g_autoptr(JsonObject) r2 = push (&env.comm2, a2, NULL);
  g_autofree char *material = new_id ();
  g_autofree char *m_edits = g_strdup_printf ("{\"application_id\":\"%s\",\"document\":\"id_card\","
                                              "\"pages\":[\"%064d\"]}", app1, 1);
  g_autofree char *m = change (&env.comm1, material, "material", now_hlc (), m_edits);
  g_autoptr(JsonObject) r3 = push (&env.comm1, m, NULL);
  g_autofree char *repoint = g_strdup_printf ("{\"application_id\":\"%s\"}", app2);
  g_autofree char *m2 = change (&env.comm1, material, "material", now_hlc (), repoint);
  g_autoptr(JsonObject) r4 = push (&env.comm1, m2, NULL);

  g_assert_cmpstr (result_status (r1, 0), ==, "ok");
  g_assert_cmpstr (result_status (r2, 0), ==, "ok");
  g_assert_cmpstr (result_status (r3, 0), ==, "ok");
  g_assert_cmpstr (result_code (r4, 0), ==, "immutable");
}

/* "It sent type: person for another user's registration id and created a
 * ghost person." */
void
test_type_confusion (void)
{
  g_autofree char *theirs = file_person (&env.land2, "220104");
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *reg = NULL;
  g_autofree char *ghost = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *changes;

  /* the committee sees the registration; it sends a "person" with its id */
  g_assert_cmpuint (http ("GET", "/api/v1/sync/pull?since=0", env.comm1.token, NULL, &page), ==, 200);
  changes = json_object_get_array_member (page, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *cs = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (cs, "type"), "registration"))
        {
          g_free (reg);
          reg = g_strdup (json_object_get_string_member (cs, "record"));
        }
    }
  g_assert_nonnull (reg);
  ghost = change (&env.comm1, reg, "person", now_hlc (), PERSON ("11010519491231002X"));
  answer = push (&env.comm1, ghost, NULL);
  g_assert_cmpstr (result_code (answer, 0), ==, "type");
}

/* From the review of the first version: a landlord filing into another
 * area, changing what the station filed for its tenant, a committee
 * taking a person into its scope with an application, a status set to
 * nothing. */
void
test_review_gaps (void)
{
  g_autofree char *far = new_id ();
  g_autofree char *far_reg = new_id ();
  g_autofree char *far_edits = registration_edits (&env.land1, far, "220105");
  g_autofree char *a = change (&env.land1, far, "person", now_hlc (), PERSON ("11010519491231002X"));
  g_autofree char *b = change (&env.land1, far_reg, "registration", now_hlc (), far_edits);
  g_autoptr(JsonObject) r1 = push (&env.land1, a, b, NULL);
  g_autofree char *tenant = file_person (&env.land1, "220104");
  g_autofree char *station_reg = new_id ();
  g_autofree char *station_edits = registration_edits (&env.comm1, tenant, "220104");
  g_autofree char *c = change (&env.comm1, station_reg, "registration", now_hlc (), station_edits);
  g_autoptr(JsonObject) r2 = push (&env.comm1, c, NULL);
  g_autofree char *d = change (&env.land1, station_reg, "registration", now_hlc (),
                               "{\"residence_address\":\"别处 1 号\"}");
  g_autoptr(JsonObject) r3 = push (&env.land1, d, NULL);
  g_autofree char *app = new_id ();
  g_autofree char *app_edits = g_strdup_printf ("{\"person_id\":\"%s\",\"kind\":\"first\","
                                                "\"applied_on\":\"2026-02-03\",\"status\":\"submitted\","
                                                "\"residence_division\":\"220105\"}", tenant);
  g_autofree char *e = change (&env.comm2, app, "application", now_hlc (), app_edits);
  g_autoptr(JsonObject) r4 = push (&env.comm2, e, NULL);
  g_autofree char *f = change (&env.comm1, station_reg, "registration", now_hlc (), "{\"status\":null}");
  g_autoptr(JsonObject) r5 = push (&env.comm1, f, NULL);

  g_assert_cmpstr (result_status (r1, 0), ==, "ok");
  g_assert_cmpstr (result_code (r1, 1), ==, "out_of_scope");
  g_assert_cmpstr (result_status (r2, 0), ==, "ok");
  g_assert_cmpstr (result_code (r3, 0), ==, "role");
  g_assert_cmpstr (result_code (r4, 0), ==, "out_of_scope");
  g_assert_cmpstr (result_code (r5, 0), ==, "invalid_value");
}

/* Everything a device's own save checks, the server checks again. */
void
test_shared_validation (void)
{
  g_autofree char *nobody = new_id ();
  g_autofree char *reg = new_id ();
  g_autofree char *reg2 = new_id ();
  g_autofree char *p = new_id ();
  g_autofree char *dangling = registration_edits (&env.comm1, nobody, "220104");
  g_autofree char *a = change (&env.comm1, p, "person", now_hlc (), "{\"name\":\"只有名字\"}");
  g_autofree char *b = change (&env.comm1, reg, "registration", now_hlc (), dangling);
  g_autofree char *c = change (&env.comm1, reg2, "registration", now_hlc (),
                               "{\"residence_division\":\"220104\",\"status\":\"active\"}");
  g_autofree char *reg3 = new_id ();
  g_autofree char *bad = g_strdup_printf ("{\"person_id\":\"%s\",\"status\":\"issued\"}", p);
  g_autofree char *d = change (&env.comm1, reg3, "registration", now_hlc (), bad);
  g_autoptr(JsonObject) answer = push (&env.comm1, a, b, c, d, NULL);

  g_assert_cmpstr (result_code (answer, 0), ==, "required");
  g_assert_cmpstr (result_code (answer, 1), ==, "reference");
  g_assert_cmpstr (result_code (answer, 2), ==, "required");
  g_assert_cmpstr (result_code (answer, 3), ==, "invalid_value");
}

/* "One device freezes the county": a stamp of 2^63 - 1, and a clock in
 * 2100, were accepted and moved every clock. */
void
test_clock_stamps (void)
{
  g_autofree char *p1 = new_id ();
  g_autofree char *p2 = new_id ();
  g_autofree char *p3 = new_id ();
  guint64 year2100 = JZ_HLC_FROM_MS (G_GINT64_CONSTANT (4102444800000));
  g_autofree char *a = change (&env.comm1, p1, "person", G_GUINT64_CONSTANT (0x7fffffffffffffff),
                               PERSON ("11010519491231002X"));
  g_autofree char *b = change (&env.comm1, p2, "person", year2100, PERSON ("11010519491231002X"));
  g_autofree char *parent = g_strdup_printf ("{\"name\":{\"v\":\"王\",\"p\":[\"%016" G_GINT64_MODIFIER "x@%s\"]},"
                                             "\"id_number\":\"11010519491231002X\"}",
                                             year2100, env.comm2.site);
  g_autofree char *c = change (&env.comm1, p3, "person", now_hlc (), parent);
  g_autoptr(JsonObject) answer = push (&env.comm1, a, b, c, NULL);
  gint64 server_hlc = json_object_get_int_member (answer, "server_hlc");

  g_assert_cmpstr (result_code (answer, 0), ==, "clock");
  g_assert_cmpstr (result_code (answer, 1), ==, "clock");
  g_assert_nonnull (strstr (json_object_get_string_member (result (answer, 1), "reason"), "2100-01-01"));
  g_assert_cmpstr (result_code (answer, 2), ==, "clock");   /* a parent from 2100 */
  /* the county's clock did not move */
  g_assert_cmpint (JZ_HLC_MS (server_hlc), <, g_get_real_time () / 1000 + DAY_MS);
}

/* ---- photos -------------------------------------------------------------- */

static char *
put_photo (Device *d,
           GBytes *bytes,
           guint  *status)
{
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *meta = NULL;
  g_autofree char *url = g_strconcat (env.server.url, "/api/v1/files/", NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", d->token);
  g_autofree char *length = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (bytes));
  g_autofree char *b64 = g_base64_encode ((const guchar *) sha, 64);
  g_autoptr(SoupMessage) create = soup_message_new ("POST", url);
  g_autoptr(SoupMessage) patch = NULL;
  g_autoptr(GBytes) r1 = NULL;
  g_autoptr(GBytes) r2 = NULL;
  const char *location;
  g_autofree char *patch_url = NULL;

  meta = g_strdup_printf ("sha256 %s", b64);
  soup_message_headers_replace (soup_message_get_request_headers (create), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (create), "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (soup_message_get_request_headers (create), "Upload-Length", length);
  soup_message_headers_replace (soup_message_get_request_headers (create), "Upload-Metadata", meta);
  r1 = soup_session_send_and_read (env.session, create, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (create), ==, 201);
  location = soup_message_headers_get_one (soup_message_get_response_headers (create), "Location");
  if (soup_message_headers_get_one (soup_message_get_response_headers (create), "Upload-Offset") != NULL)
    {
      *status = 204;    /* the server took it as sent */
      return g_strdup (sha);
    }
  patch_url = g_strconcat (env.server.url, location, NULL);
  patch = soup_message_new ("PATCH", patch_url);
  soup_message_headers_replace (soup_message_get_request_headers (patch), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (patch), "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (soup_message_get_request_headers (patch), "Upload-Offset", "0");
  soup_message_set_request_body_from_bytes (patch, "application/offset+octet-stream", bytes);
  r2 = soup_session_send_and_read (env.session, patch, NULL, NULL);
  *status = soup_message_get_status (patch);
  return g_strdup (sha);
}

static guint
get_blob (Device     *d,
          const char *method,
          const char *sha,
          const char *range)
{
  g_autofree char *url = g_strconcat (env.server.url, "/api/v1/blobs/", sha, NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", d->token);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (range != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Range", range);
  reply = soup_session_send_and_read (env.session, msg, NULL, NULL);
  return soup_message_get_status (msg);
}

static gboolean
blob_stored (const char *sha)
{
  char a[3] = { sha[0], sha[1], 0 }, b[3] = { sha[2], sha[3], 0 };
  g_autofree char *path = g_build_filename (env.dir, "blobs", a, b, sha, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* "Any enrolled device can GET /api/v1/blobs/SHA any photo it learns the
 * hash of"; naming the hash in a record of its own does not open it. */
void
test_photo_scope (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GBytes) jpeg = tu_noise_jpeg (rand, 20000);
  g_autofree char *person = file_person (&env.comm1, "220104");
  guint status = 0;
  g_autofree char *sha = put_photo (&env.comm1, jpeg, &status);
  g_autofree char *edit = g_strdup_printf ("{\"portrait\":\"%s\"}", sha);
  g_autofree char *a = change (&env.comm1, person, "person", now_hlc (), edit);
  g_autoptr(JsonObject) answer = push (&env.comm1, a, NULL);
  g_autofree char *mine = NULL;
  g_autofree char *b = NULL;
  g_autoptr(JsonObject) answer2 = NULL;

  g_assert_cmpuint (status, ==, 204);
  g_assert_cmpstr (result_status (answer, 0), ==, "ok");
  g_assert_cmpuint (get_blob (&env.comm1, "GET", sha, NULL), ==, 200);
  g_assert_cmpuint (get_blob (&env.office, "GET", sha, NULL), ==, 200);      /* the county sees it */
  g_assert_cmpuint (get_blob (&env.comm2, "GET", sha, NULL), ==, 404);       /* another committee */
  g_assert_cmpuint (get_blob (&env.comm2, "HEAD", sha, NULL), ==, 404);
  g_assert_cmpuint (get_blob (&env.comm2, "GET", sha, "bytes=0-99"), ==, 404);
  g_assert_cmpuint (get_blob (&env.land1, "GET", sha, NULL), ==, 404);

  /* the hash in a record of comm2's own: refused */
  mine = file_person (&env.comm2, "220105");
  b = change (&env.comm2, mine, "person", now_hlc (), edit);
  answer2 = push (&env.comm2, b, NULL);
  g_assert_cmpstr (result_code (answer2, 0), ==, "out_of_scope");
  g_assert_cmpuint (get_blob (&env.comm2, "GET", sha, NULL), ==, 404);

  /* with the bytes, it has the photo: an upload proves it */
  g_clear_pointer (&sha, g_free);
  sha = put_photo (&env.comm2, jpeg, &status);
  g_assert_cmpuint (status, ==, 204);
  g_assert_cmpuint (get_blob (&env.comm2, "GET", sha, NULL), ==, 200);
}

/* "Any device can HEAD/PATCH/DELETE another device's tus upload." */
void
test_upload_ownership (void)
{
  g_autofree char *url = g_strconcat (env.server.url, "/api/v1/files/", NULL);
  g_autofree char *bearer1 = g_strdup_printf ("Bearer %s", env.comm1.token);
  g_autofree char *bearer2 = g_strdup_printf ("Bearer %s", env.comm2.token);
  g_autofree char *b64 = g_base64_encode ((const guchar *) "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", 64);
  g_autofree char *meta = g_strdup_printf ("sha256 %s", b64);
  g_autoptr(SoupMessage) create = soup_message_new ("POST", url);
  g_autoptr(GBytes) reply = NULL;
  g_autofree char *upload = NULL;
  const char *methods[] = { "HEAD", "PATCH", "DELETE" };

  soup_message_headers_replace (soup_message_get_request_headers (create), "Authorization", bearer1);
  soup_message_headers_replace (soup_message_get_request_headers (create), "Tus-Resumable", "1.0.0");
  soup_message_headers_replace (soup_message_get_request_headers (create), "Upload-Length", "100");
  soup_message_headers_replace (soup_message_get_request_headers (create), "Upload-Metadata", meta);
  reply = soup_session_send_and_read (env.session, create, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (create), ==, 201);
  upload = g_strconcat (env.server.url,
                        soup_message_headers_get_one (soup_message_get_response_headers (create), "Location"),
                        NULL);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (methods[i], upload);
      g_autoptr(GBytes) r = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer2);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Tus-Resumable", "1.0.0");
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Upload-Offset", "0");
      if (g_str_equal (methods[i], "PATCH"))
        {
          g_autoptr(GBytes) data = g_bytes_new_static ("0123456789", 10);

          soup_message_set_request_body_from_bytes (msg, "application/offset+octet-stream", data);
        }
      r = soup_session_send_and_read (env.session, msg, NULL, NULL);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
    }
  {
    g_autoptr(SoupMessage) mine = soup_message_new ("HEAD", upload);
    g_autoptr(GBytes) r = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (mine), "Authorization", bearer1);
    soup_message_headers_replace (soup_message_get_request_headers (mine), "Tus-Resumable", "1.0.0");
    r = soup_session_send_and_read (env.session, mine, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (mine), ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (mine), "Upload-Offset"),
                     ==, "0");
  }
}

/* "The server stores whatever bytes match the hash (an HTML page, a
 * 30000×30000 PNG bomb) and serves them as image/jpeg." */
void
test_not_a_photo (void)
{
  static const char html[] = "<html><script>alert(document.cookie)</script></html>";
  static const guint8 png_head[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82,
  };
  g_autoptr(GBytes) page = g_bytes_new_static (html, strlen (html));
  g_autoptr(GBytes) bomb = g_bytes_new_static (png_head, sizeof png_head);
  guint status = 0;
  g_autofree char *sha1 = put_photo (&env.comm1, page, &status);

  g_assert_cmpuint (status, ==, 422);
  g_assert_false (blob_stored (sha1));
  {
    g_autofree char *sha2 = put_photo (&env.comm1, bomb, &status);

    g_assert_cmpuint (status, ==, 422);
    g_assert_false (blob_stored (sha2));
  }
  assert_alive ();
}

