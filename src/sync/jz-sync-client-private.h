/* jz-sync-client-private.h — what the files of the sync client share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-sync-client.c: the object, enrolment, a run (its lock, thread, steps
 *   in order, progress);
 * jz-sync-http.c: one HTTP session per run, requests with their retries,
 *   digests and certificate errors;
 * jz-sync-steps.c: the steps of a run: health, photos, push, pull,
 *   divisions.
 */
#pragma once

#include <libsoup/soup.h>

#include "jz-protocol.h"
#include "jz-sync-client.h"

G_BEGIN_DECLS

#define DEFAULT_MAX_SAVES  JZ_PROTOCOL_MAX_PUSH_SAVES
#define DEFAULT_MAX_CHANGES JZ_STORE_MAX_BATCH_CHANGES
#define DEFAULT_MAX_BYTES  JZ_PROTOCOL_MAX_PUSH_BYTES
#define PULL_PAGE          JZ_PROTOCOL_MAX_PULL_PAGE
#define RETRY_CAP_MS       30000
#define DEFAULT_RETRY_MS   500
#define DEFAULT_TRIES      6
/* tus chunks: a cut costs the chunk in flight (the server drops a chunk
 * whose checksum it cannot verify). Over a link cut every MiB, 1 MiB
 * chunks sent 1.32× the photo bytes, 128 KiB ones 1.09× (bench
 * sync-photos-cut, docs/performance-sync.md). */
#define PHOTO_CHUNK        (128 * 1024)

struct _JzSyncClient
{
  GObject       parent_instance;

  JzStore      *store;
  JzPhotoStore *photos;
  char         *data_dir;
  char         *ca_file;
  GMutex        token_lock;   /* the app sets the token while a worker may read it */
  char         *token;        /* set by the app; else DATA_DIR/token */
  guint         retry_base_ms;
  guint         max_tries;
  gboolean      skip_photos;  /* read once per sync, when it starts */
};

typedef struct
{
  JzSyncClient  *client;
  SoupSession   *session;
  char          *server;      /* as enrolled, without /api/v1 */
  char          *base_url;    /* …/api/v1/ */
  char          *token;
  GCancellable  *cancellable;
  GMainContext  *context;     /* the caller's, for progress */
  JzSyncSummary  summary;
  guint          max_saves;
  guint          max_changes;
  gsize          max_bytes;
  /* photos */
  guint64        bytes_before;
  guint64        bytes_total;
  guint          photo_index;
  guint          photo_count;
  /* skip_photos: push only below this outbox seq (0: no limit) */
  gboolean       skip_photos;
  gint64         hold_from;
  /* the county's signing key, as health names it (jz-sync-station.c) */
  char          *county_key;
} Run;

/* jz-sync-client.c */
void         _jz_sync_report               (Run            *run,
                                            JzSyncPhase     phase,
                                            guint64         done,
                                            guint64         total,
                                            guint64         bytes_done,
                                            guint64         bytes_total);

/* jz-sync-http.c */
SoupSession *_jz_sync_new_session          (JzSyncClient   *self,
                                            GError        **error);
SoupSession *_jz_sync_new_session_with_ca  (JzSyncClient   *self,
                                            const char     *ca_file,
                                            GError        **error);
char        *_jz_sync_ca_file              (JzSyncClient   *self,
                                            const char     *given);
gboolean     _jz_sync_keep_ca_file         (JzSyncClient   *self,
                                            const char     *path,
                                            GError        **error);
gboolean     _jz_sync_pause_for            (guint           ms,
                                            GCancellable   *cancellable,
                                            GError        **error);
guint        _jz_sync_backoff_ms           (JzSyncClient   *self,
                                            guint           attempt);
JsonObject  *_jz_sync_call_bytes           (JzSyncClient   *self,
                                            SoupSession    *session,
                                            const char     *base_url,
                                            const char     *method,
                                            const char     *path,
                                            const char     *token,
                                            GBytes         *body,
                                            const char     *what,
                                            guint          *requests,
                                            gint64         *date_ms,
                                            GCancellable   *cancellable,
                                            GError        **error);
/* An answer whose "changes" the store reads from their text */
typedef struct
{
  GBytes *body;         /* the answer */
  gsize   from, to;     /* where its "changes" are; to 0: absent */
} JzSyncDeferred;

JsonObject  *_jz_sync_call_deferred        (JzSyncClient   *self,
                                            SoupSession    *session,
                                            const char     *base_url,
                                            const char     *path,
                                            const char     *token,
                                            const char     *what,
                                            guint          *requests,
                                            JzSyncDeferred *changes,
                                            GCancellable   *cancellable,
                                            GError        **error);
void         _jz_sync_deferred_clear       (JzSyncDeferred *deferred);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JzSyncDeferred, _jz_sync_deferred_clear)
const char  *_jz_sync_deferred_text        (JzSyncDeferred *deferred,
                                            gsize          *len);
JsonObject  *_jz_sync_call_json            (JzSyncClient   *self,
                                            SoupSession    *session,
                                            const char     *base_url,
                                            const char     *method,
                                            const char     *path,
                                            const char     *token,
                                            JsonNode       *body,
                                            const char     *what,
                                            guint          *requests,
                                            gint64         *date_ms,
                                            GCancellable   *cancellable,
                                            GError        **error);
const char  *_jz_sync_get_string           (JsonObject     *o,
                                            const char     *member);
gboolean     _jz_sync_get_int              (JsonObject     *o,
                                            const char     *member,
                                            gint64         *out);
gint64       _jz_sync_meta_int             (JzStore        *store,
                                            const char     *key);
char        *_jz_sync_normalise_server     (const char     *url,
                                            GError        **error);
gboolean     _jz_sync_certificate_error    (SoupSession    *session,
                                            const GError   *error,
                                            const char     *what,
                                            GError        **out);

/* jz-sync-steps.c */
JsonObject  *_jz_sync_run_call             (Run            *run,
                                            const char     *method,
                                            const char     *path,
                                            JsonNode       *body,
                                            const char     *what,
                                            gint64         *date_ms,
                                            GError        **error);
JsonObject  *_jz_sync_run_call_deferred    (Run            *run,
                                            const char     *path,
                                            const char     *what,
                                            JzSyncDeferred *changes,
                                            GError        **error);
/* jz-sync-station.c */
gboolean     _jz_sync_step_station_key     (Run            *run,
                                            GError        **error);
gboolean     _jz_sync_note_revoked_stations (Run           *run,
                                             JsonObject    *health,
                                             GError       **error);
gboolean     _jz_sync_step_health          (Run            *run,
                                            GError        **error);
gboolean     _jz_sync_step_photos_held     (Run            *run,
                                            GError        **error);
gboolean     _jz_sync_step_photos          (Run            *run,
                                            GError        **error);
gboolean     _jz_sync_step_push            (Run            *run,
                                            GError        **error);

/* jz-sync-pull.c */
gboolean     _jz_sync_step_pull            (Run            *run,
                                            GError        **error);

G_END_DECLS
