/* test-security.h — what the two files of the security test share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-security.c: the server, its devices, the helpers, the attacks on the
 * HTTP layer, main(); test-security-authority.c: the attacks on authority
 * and on photos.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jz-sync-test-util.h"

#define DAY_MS (G_GINT64_CONSTANT (86400000))
#define PERSON(id) "{\"name\":\"张三\",\"id_number\":\"" id "\"}"

typedef struct
{
  char *token;
  char *site;
  char *user;
  const char *identity;   /* a landlord's, or NULL */
} Device;

typedef struct
{
  TuServer     server;
  char        *dir;
  SoupSession *session;
  Device       comm1;    /* committee 220104 */
  Device       comm2;    /* committee 220105 */
  Device       land1;    /* landlord 220104 */
  Device       land2;    /* landlord 220104 */
  Device       office;   /* county 2201 */
  guint        seq;      /* per device seqs are kept in a table */
  GHashTable  *seqs;
} SecurityEnv;

extern SecurityEnv env;

guint http (const char *method, const char *path, const char *token, const char *body, JsonObject **answer);
char * new_id (void);
guint64 now_hlc (void);
char * change (Device *d, const char *record, const char *type, guint64 hlc, const char *edits);
JsonObject * push (Device *d, const char *first, ...);
JsonObject * result (JsonObject *answer, guint i);
const char * result_status (JsonObject *answer, guint i);
const char * result_code (JsonObject *answer, guint i);
char * registration_edits (Device *d, const char *person, const char *division);
char * file_person (Device *d, const char *division);
char * pulled_stamp (Device *d, const char *record);
void assert_alive (void);
const char * error_code (JsonObject *answer);
const char * error_message (JsonObject *answer);
char * read_log (void);

void test_landlord_edits_permit (void);
void test_landlord_legal_steps (void);
void test_repoint_reference (void);
void test_repoint_material (void);
void test_type_confusion (void);
void test_review_gaps (void);
void test_shared_validation (void);
void test_clock_stamps (void);
void test_photo_scope (void);
void test_upload_ownership (void);
void test_not_a_photo (void);
