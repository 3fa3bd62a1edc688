/* jz-sync-client.h — the device side of sync with the county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "jz-photo.h"
#include "jz-store.h"

G_BEGIN_DECLS

#define JZ_SYNC_ERROR (jz_sync_error_quark ())

typedef enum
{
  JZ_SYNC_ERROR_NOT_ENROLLED,   /* no server or no token in this data directory */
  JZ_SYNC_ERROR_SYNC_RUNNING,   /* another sync of the same data directory */
  JZ_SYNC_ERROR_NETWORK,        /* still failing after the retries */
  JZ_SYNC_ERROR_UNAUTHORIZED,   /* 401: revoked or wrong token */
  JZ_SYNC_ERROR_REFUSED,        /* another 4xx; the message is the server's */
  JZ_SYNC_ERROR_PROTOCOL,       /* the server's answer makes no sense */
  JZ_SYNC_ERROR_CERTIFICATE,    /* https: the server's certificate is not trusted, or a kept or set CA file is unusable */
  JZ_SYNC_ERROR_SNAPSHOT_REQUIRED, /* 410: the feed was compacted past the cursor (the sync takes a snapshot itself) */
  JZ_SYNC_ERROR_PURGE,          /* 401 purge: revoked, and ordered to delete its data; the purge
                                 * marker is written (jz-purge.h): close the store and purge */
  JZ_SYNC_ERROR_CA_FILE,        /* the CA file given is not a certificate in PEM, or cannot be read */
} JzSyncError;

GQuark jz_sync_error_quark (void);

typedef enum
{
  JZ_SYNC_PHASE_PHOTOS,
  JZ_SYNC_PHASE_PUSH,
  JZ_SYNC_PHASE_PULL,
} JzSyncPhase;

const char *jz_sync_phase_name (JzSyncPhase phase);

/* What one sync did. */
typedef struct
{
  guint   pushed;            /* change sets the server applied now */
  guint   duplicates;        /* … it already had */
  guint   rejected;          /* … it refused (now on the needs-attention list) */
  guint   pulled;            /* change sets received */
  guint   applied;           /* … that were new here */
  guint   photos_uploaded;
  guint   photos_present;    /* the server had them already */
  guint   photos_missing;    /* referenced, but not on this device */
  guint64 photo_bytes;       /* bytes sent for photos, re-sends included */
  guint   requests;          /* HTTP requests, retries included */
  gboolean divisions_updated;
  gboolean holidays_updated;  /* new holiday calendars were kept (load them again: jz_holidays_reload_dir) */
  guint   held;              /* change sets kept for a sync with photos (skip_photos) */
  guint   snapshot_pages;    /* pages of a snapshot taken (a new device, or one behind a compacted feed) */
  gboolean server_restored;  /* the server's database was restored since the last sync (a new epoch) */
} JzSyncSummary;

#define JZ_TYPE_SYNC_SUMMARY (jz_sync_summary_get_type ())
GType          jz_sync_summary_get_type (void) G_GNUC_CONST;
JzSyncSummary *jz_sync_summary_copy     (const JzSyncSummary *summary);
void           jz_sync_summary_free     (JzSyncSummary       *summary);
JsonObject    *jz_sync_summary_to_json  (const JzSyncSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzSyncSummary, jz_sync_summary_free)

#define JZ_TYPE_SYNC_CLIENT (jz_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (JzSyncClient, jz_sync_client, JZ, SYNC_CLIENT, GObject)

/* The "progress" signal, in the main context the sync was started from:
 * (JzSyncPhase phase, guint64 done, guint64 total, guint64 bytes_done,
 * guint64 bytes_total). total is 0 when unknown (pull); bytes only for
 * photos. */

JzSyncClient  *jz_sync_client_new             (JzStore        *store,
                                               JzPhotoStore   *photos);
/* For tests: the first retry waits up to this (default 500 ms). */
void           jz_sync_client_set_retry_base  (JzSyncClient   *self,
                                               guint           milliseconds);
void           jz_sync_client_set_max_tries   (JzSyncClient   *self,
                                               guint           tries);
/* A PEM file of CA certificates to trust for https (nullable: the one
 * kept with the enrolment, else the system's). */
void           jz_sync_client_set_ca_file     (JzSyncClient   *self,
                                               const char     *path);
/* The county CA an enrolment keeps in the data directory, trusted by
 * every later sync (docs/deploy.md, "Certificates"). */
#define JZ_SYNC_CA_FILE_NAME "county-ca.pem"
char          *jz_sync_kept_ca_file           (const char     *data_dir);
gboolean       jz_sync_check_ca_file          (const char     *path,
                                               GError        **error);
/* The token is kept in DATA_DIR/token; the app may keep it elsewhere. */
void           jz_sync_client_set_token       (JzSyncClient   *self,
                                               const char     *token);

/* Metered networks: upload no photo. The push stops before the first save
 * that references a photo the server does not have yet; it and everything
 * after it stay in the outbox (counted in JzSyncSummary.held) for a later
 * sync without this. Pull runs as usual. */
void           jz_sync_client_set_skip_photos (JzSyncClient   *self,
                                               gboolean        skip_photos);
gboolean       jz_sync_client_get_skip_photos (JzSyncClient   *self);

gboolean       jz_sync_client_is_enrolled     (JzSyncClient   *self);

/* POST enrol: returns the server's answer without the token ({user, role,
 * area, profile, device, server_time}); keeps the token in DATA_DIR/token
 * (0600) and the rest in meta. */
JsonObject    *jz_sync_client_enrol           (JzSyncClient   *self,
                                               const char     *server_url,
                                               const char     *code,
                                               const char     *device_name,
                                               GCancellable   *cancellable,
                                               GError        **error);
/* The same, trusting @ca_file (a county CA in PEM) for this enrolment and,
 * once it succeeded, keeping it for every later sync; "" trusts the
 * system's certificates and forgets a kept CA; %NULL trusts what
 * jz_sync_client_set_ca_file() set, else the kept one, else the system's. */
JsonObject    *jz_sync_client_enrol_with_ca   (JzSyncClient   *self,
                                               const char     *server_url,
                                               const char     *code,
                                               const char     *device_name,
                                               const char     *ca_file,
                                               GCancellable   *cancellable,
                                               GError        **error);

void           jz_sync_client_sync_async      (JzSyncClient   *self,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
JzSyncSummary *jz_sync_client_sync_finish     (JzSyncClient   *self,
                                               GAsyncResult   *result,
                                               GError        **error);
/* The same, waiting: progress is emitted from this thread. */
JzSyncSummary *jz_sync_client_sync            (JzSyncClient   *self,
                                               GCancellable   *cancellable,
                                               GError        **error);

/* Downloads a photo by hash into the photo store (verified); TRUE at once
 * when it is already here. */
gboolean       jz_sync_client_fetch_photo     (JzSyncClient   *self,
                                               const char     *sha256,
                                               GCancellable   *cancellable,
                                               GError        **error);

G_END_DECLS
