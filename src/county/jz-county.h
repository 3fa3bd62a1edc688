/* jz-county.h — the county server's store: users, devices, push, pull
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is a replica like any device: a JzStore on DATA_DIR/county.db
 * merges change sets with the same code. JzCounty adds what only the
 * server has (docs/server.md): users, enrolment codes, devices and their
 * tokens, idempotence by (site, seq), the scoped change feed, the review
 * list of business duplicates and the county's division list.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "jz-hlc.h"
#include "jz-protocol.h"
#include "jz-store.h"

G_BEGIN_DECLS

#define JZ_COUNTY_ERROR (jz_county_error_quark ())

/* What an administrator asked for cannot be done. A request's errors are
 * JZ_PROTOCOL_ERROR (jz-protocol.h); the server answers these with 404,
 * 400 and 409. */
typedef enum
{
  JZ_COUNTY_ERROR_NOT_FOUND,      /* an unknown user or device */
  JZ_COUNTY_ERROR_INVALID,        /* a value is wrong */
  JZ_COUNTY_ERROR_EXISTS,         /* user add: the name is taken */
  JZ_COUNTY_ERROR_COMPACTED,      /* pull: the cursor is below the horizon (410 snapshot_required) */
} JzCountyError;

GQuark jz_county_error_quark (void);

#define JZ_COUNTY_DEFAULT_PROFILE  "national-2016"
/* A stamp may be this far ahead of the server's clock, no further: a
 * device refuses to stamp when it is 36 hours off (JZ_STORE_MAX_CLOCK_OFF_MS),
 * so an honest device is never refused; a forged stamp can run ahead of
 * the county by two days at most. */
#define JZ_COUNTY_MAX_CLOCK_AHEAD_MS JZ_HLC_MAX_AHEAD_MS

/* An authenticated device: who pushes or pulls, and so what it may see. */
typedef struct
{
  char *id;       /* UUIDv7 */
  char *site;
  char *name;
  char *user;
  char *role;     /* committee | landlord | employer | county */
  char *area;     /* division code prefix */
  char *identity; /* a landlord's or employer's ID number or credit code, or NULL */
  char *real_name;
  char *scope_key;/* whose records a user-scoped device sees: "id:IDENTITY", or the user */
  gint64 acked_seq;/* the seq up to which the server holds its change sets */
} JzCountyDevice;

void jz_county_device_free (JzCountyDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzCountyDevice, jz_county_device_free)

#define JZ_TYPE_COUNTY (jz_county_get_type ())
G_DECLARE_FINAL_TYPE (JzCounty, jz_county, JZ, COUNTY, GObject)

/* DATA_DIR/database: the PostgreSQL connection string of a county on it */
#define JZ_COUNTY_DATABASE_FILE "database"

gboolean        jz_county_use_database      (const char      *data_dir,
                                             const char      *uri,
                                             GError         **error);
JzCounty       *jz_county_open              (const char      *data_dir,
                                             GError         **error);
JzStore        *jz_county_get_store         (JzCounty        *self);
char           *jz_county_get_epoch         (JzCounty        *self,
                                             GError         **error);
gboolean        jz_county_check_database    (JzCounty        *self,
                                             GError         **error);

/* Devices by last contact (each in one bucket: within a day, a week, 30
 * days, longer, never), revoked ones apart, and the feed's end. */
typedef struct
{
  gint64 feed_seq;
  guint  seen_1d, seen_7d, seen_30d, seen_older, never_seen, revoked;
  gint64 database_bytes;  /* PostgreSQL's size of the database; -1 on SQLite (its files say) */
} JzCountyActivity;

gboolean        jz_county_activity          (JzCounty          *self,
                                             gint64             now_ms,
                                             JzCountyActivity  *out,
                                             GError           **error);

/* The registrations for the provincial system (jz-county-export.c). */
typedef enum
{
  JZ_COUNTY_EXPORT_CSV,
  JZ_COUNTY_EXPORT_JSONL,
} JzCountyExportFormat;

gboolean        jz_county_export            (JzCounty              *self,
                                             JzCountyExportFormat   format,
                                             gint64                 since_ms,
                                             gboolean               gb18030,
                                             GOutputStream         *out,
                                             guint                 *n_rows,
                                             GError               **error);
char           *jz_county_new_epoch         (JzCounty        *self,
                                             GError         **error);
void            jz_county_set_clock         (JzCounty        *self,
                                             JzClockFunc      clock,
                                             gpointer         user_data);

/* Settings */
gboolean        jz_county_setup             (JzCounty        *self,
                                             const char      *profile,
                                             const char      *county_area,
                                             GError         **error);
gboolean        jz_county_is_initialised    (JzCounty        *self);
char           *jz_county_get_profile       (JzCounty        *self);
char           *jz_county_get_area          (JzCounty        *self);
/* jz-county-papers.c: the key papers' codes are checked against, and a
 * certificate for a station's own key */
char           *jz_county_get_public_key    (JzCounty        *self,
                                             GError         **error);
char           *jz_county_new_signing_key   (JzCounty        *self,
                                             GError         **error);
JsonArray      *jz_county_revoked_stations  (JzCounty        *self,
                                             gint64           now_ms,
                                             GError         **error);
JsonObject     *jz_county_station_cert      (JzCounty        *self,
                                             JzCountyDevice  *device,
                                             const char      *body,
                                             gsize            len,
                                             GError         **error);

/* Users, codes, devices */
gboolean        jz_county_user_add          (JzCounty        *self,
                                             const char      *name,
                                             const char      *role,
                                             const char      *area,
                                             const char      *identity,
                                             const char      *real_name,
                                             GError         **error);
GPtrArray      *jz_county_user_list         (JzCounty        *self,
                                             GError         **error);
char           *jz_county_enrol_code_new    (JzCounty        *self,
                                             const char      *user,
                                             guint            hours,
                                             GError         **error);
JsonObject     *jz_county_enrol             (JzCounty        *self,
                                             const char      *code,
                                             const char      *site,
                                             const char      *device_name,
                                             GError         **error);
JzCountyDevice *jz_county_authenticate      (JzCounty        *self,
                                             const char      *token,
                                             GError         **error);
GPtrArray      *jz_county_device_list       (JzCounty        *self,
                                             GError         **error);
gboolean        jz_county_device_revoke     (JzCounty        *self,
                                             const char      *device_id,
                                             gboolean         purge,
                                             GError         **error);
JsonObject     *jz_county_confirm_purge     (JzCounty        *self,
                                             const char      *token,
                                             GError         **error);

/* Sync */
JsonObject     *jz_county_push              (JzCounty        *self,
                                             JzCountyDevice  *device,
                                             JsonNode        *body,
                                             GError         **error);
gboolean        jz_county_check_push        (JsonNode        *body,
                                             guint           *n_changes,
                                             GError         **error);
GBytes         *jz_county_pull_text         (JzCounty        *self,
                                             JzCountyDevice  *device,
                                             gint64           since,
                                             guint            limit,
                                             GError         **error);
JsonObject     *jz_county_pull              (JzCounty        *self,
                                             JzCountyDevice  *device,
                                             gint64           since,
                                             guint            limit,
                                             GError         **error);
guint64         jz_county_server_hlc        (JzCounty        *self);
GBytes         *jz_county_snapshot_text     (JzCounty        *self,
                                             JzCountyDevice  *device,
                                             gint64           as_of,
                                             const char      *after,
                                             gint64           after_cs,
                                             guint            limit,
                                             GError         **error);

/* What jz_county_compact() did. */
typedef struct
{
  gint64  horizon;         /* the feed at and below it is gone */
  gint64  top;             /* the feed's last seq */
  guint64 removed;         /* feed rows removed now */
  guint   active_devices;  /* devices that held the horizon */
} JzCountyCompaction;

gboolean        jz_county_compact           (JzCounty            *self,
                                             gint64               inactive_ms,
                                             JzCountyCompaction  *out,
                                             GError             **error);

/* Photos (jz-county-photos.c) */
gboolean        jz_county_blob_visible      (JzCounty        *self,
                                             const JzCountyDevice *device,
                                             const char      *sha256,
                                             GError         **error);
void            jz_county_blob_uploaded_async (JzCounty      *self,
                                             const JzCountyDevice *device,
                                             const char      *sha256,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
gboolean        jz_county_blob_uploaded_finish (JzCounty     *self,
                                             GAsyncResult    *result,
                                             GError         **error);

/* Reference data and review */
gboolean        jz_county_import_divisions  (JzCounty        *self,
                                             GPtrArray       *codes,
                                             GPtrArray       *names,
                                             gint64          *version,
                                             GError         **error);
JsonObject     *jz_county_divisions         (JzCounty        *self,
                                             GError         **error);
gint64          jz_county_divisions_version (JzCounty        *self);
gboolean        jz_county_import_holidays   (JzCounty        *self,
                                             const char      *path,
                                             guint           *year,
                                             gint64          *version,
                                             GError         **error);
JsonObject     *jz_county_holidays          (JzCounty        *self,
                                             GError         **error);
gint64          jz_county_holidays_version  (JzCounty        *self);
GPtrArray      *jz_county_conflicts         (JzCounty        *self,
                                             GError         **error);
GPtrArray      *jz_county_duplicates        (JzCounty        *self,
                                             GError         **error);

gboolean        jz_county_role_is_valid     (const char      *role);
gboolean        jz_county_area_is_valid     (const char      *area);
char           *jz_county_normalise_code    (const char      *code);

G_END_DECLS
