/* jz-county-test-util.h — a county server's store in a temporary directory,
 * with devices enrolled, pushes and pulls, for the tests of the county
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-change-set.h"
#include "jz-county.h"
#include "jz-hlc.h"
#include "jz-uuid.h"

typedef struct
{
  char     *dir;
  JzCounty *county;
  gint64    now_ms;
} Fixture;

/* Users: wang, li (committee 220102), sun (committee 220103), zhao
 * (landlord 220102, 赵六 220102197001010018), office (county 2201). */
#define ZHAO_IDENTITY "220102197001010018"

gint64          fixture_clock     (gpointer        data);
void            fixture_set_up    (Fixture        *f,
                                   gconstpointer   data);
void            fixture_tear_down (Fixture        *f,
                                   gconstpointer   data);
JzCountyDevice *enrol             (Fixture        *f,
                                   const char     *user);
JsonObject     *change            (gint64          seq,
                                   const char     *record,
                                   const char     *type,
                                   gint64          hlc,
                                   const char     *site,
                                   const char     *edits_json);
JsonObject     *push              (Fixture        *f,
                                   JzCountyDevice *device,
                                   GPtrArray      *changes);
const char     *result_status     (JsonObject     *out,
                                   guint           i);
const char     *result_code       (JsonObject     *out,
                                   guint           i);
const char     *result_reason     (JsonObject     *out,
                                   guint           i);
guint           pull_count        (Fixture        *f,
                                   JzCountyDevice *device,
                                   gint64          since,
                                   const char     *record);
gint64          pull_next         (Fixture        *f,
                                   JzCountyDevice *device);
char           *new_id            (Fixture        *f);

#define PERSON(id_number) "{\"name\": \"张三\", \"id_number\": \"" id_number "\"}"
#define REGISTRATION(person, division) \
  "{\"person_id\": \"" person "\", \"residence_division\": \"" division "\", " \
  "\"residence_address\": \"幸福路 12 号\", \"arrival_date\": \"2026-02-01\", " \
  "\"registered_on\": \"2026-02-03\", \"reason\": \"work\", \"status\": \"active\"}"
/* filed in 220102 for a tenant of the landlord known by @identity */
#define LANDLORD_REGISTRATION(person, identity) \
  "{\"person_id\": \"" person "\", \"residence_division\": \"220102\", " \
  "\"residence_address\": \"幸福路 12 号\", \"arrival_date\": \"2026-02-01\", " \
  "\"registered_on\": \"2026-02-03\", \"reason\": \"work\", \"status\": \"active\", " \
  "\"housing_type\": \"rented\", \"landlord_name\": \"房东\", \"landlord_identity\": \"" identity "\"}"
