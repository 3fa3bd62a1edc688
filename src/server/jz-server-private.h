/* jz-server-private.h — what the files of the server's HTTP layer share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-server.c: the object, every request as it arrives (limits, bodies,
 *   routing);
 * jz-server-api.c: the answers, authentication, the worker pool and the
 *   endpoints (health, enrol, push, pull, divisions).
 */
#pragma once

#include <libsoup/soup.h>

#include "jz-server.h"
#include "jz-server-conns.h"
#include "jz-server-files.h"

G_BEGIN_DECLS

#define PREFIX "/api/v1/"
/* Bodies held in memory at once, over every connection */
#define BODY_BUDGET_BYTES (64 * 1024 * 1024)

/* Enrolment: a code is 12 symbols of 30 (about 10^17), so guessing one is
 * hopeless anyway; the limits keep a guesser from loading the server and
 * its log. A client address may fail this often in a window; a code may
 * be tried this often in a window, whatever the address. */
#define ENROL_WINDOW_US          (10 * 60 * G_USEC_PER_SEC)
#define ENROL_FAILURES_PER_CLIENT 10
#define ENROL_TRIES_PER_CODE      10
#define ENROL_TALLY_MAX           100000

/* The server's own workers: the shared pool of GTask also does TLS
 * handshakes (glib-networking), which strangers can start; the store's
 * work never waits behind them. Four, since the store has one writer:
 * more would only hold more bodies and trees in memory at once. */
#define JOB_THREADS 4

typedef struct
{
  gint64 start;
  guint  count;
} Tally;

typedef struct _JzServerMetrics JzServerMetrics;

struct _JzServer
{
  GObject        parent_instance;

  /* Owned */
  JzCounty      *county;
  SoupServer    *soup;
  JzServerConns *conns;
  JzServerFiles *files;
  char          *profile;
  char          *epoch;            /* the database's life (jz-county-epoch.c), read at start */
  char          *county_key;       /* the county's public signing key, base64 (jz-county-papers.c) */
  char          *data_dir;
  gboolean       to_journal;       /* stderr is the journal's stream: no time in request lines */
  GMutex         reports_lock;     /* the monthly reports of the last minute (jz-server-county-api.c) */
  GHashTable    *reports;          /* month → Report */
  JzServerMetrics *metrics;        /* jz-server-metrics.c */
  guint64        min_free;         /* bytes free on the data directory's disk, below which health fails */
  GHashTable    *enrol_failures;   /* client address → Tally */
  GHashTable    *enrol_tries;      /* SHA-256 of a code → Tally */
  JzConnLimits   limits;
  GThreadPool   *jobs;
  gsize          buffered;         /* request body bytes held now */
  gboolean       stopping;
  guint          in_flight;
  guint          expire_id;
  guint          prune_id;
};

extern const JzServerFilesHooks _jz_server_files_hooks;

JzCountyDevice *_jz_server_authenticate (JzServer          *self,
                                         SoupServerMessage *msg);

void _jz_server_api_handler (SoupServer        *server,
                             SoupServerMessage *msg,
                             const char        *path,
                             GHashTable        *query,
                             gpointer           user_data);

/* A request answered off the main loop: its JSON answer, or NULL with
 * @error set (answered as jz-server-api.c maps it). */
typedef JsonObject *(*JzServerCall) (JzServer        *self,
                                     JzCountyDevice  *device,
                                     const char      *arg,
                                     GError         **error);
void _jz_server_run_call (JzServer          *self,
                          SoupServerMessage *msg,
                          JzCountyDevice    *device,
                          JzServerCall       call,
                          const char        *arg);
void     _jz_server_report_free (gpointer           report);
void     _jz_server_not_allowed (SoupServerMessage *msg,
                                 const char        *allow);
gboolean _jz_server_county_api (JzServer          *self,
                                SoupServerMessage *msg,
                                const char        *rel,
                                GHashTable        *query);

void _jz_server_job_pool_run (gpointer data,
                              gpointer user_data);

void _jz_server_log_request (JzServer          *self,
                             SoupServerMessage *msg,
                             guint              status,
                             const char        *outcome);

const char *_jz_server_message_path (SoupServerMessage *msg);

char *_jz_server_object_text (JsonObject *object);
char *_jz_server_now_rfc3339 (void);
void  _jz_server_handle_health (JzServer          *self,
                                SoupServerMessage *msg);

/* A JSON answer as it goes on the wire: the Content-Digest of the JSON
 * text, and the body gzipped when @gzip and it is worth it. */
typedef struct
{
  GBytes   *body;
  char     *digest;
  gboolean  gzipped;
} Reply;

gboolean  _jz_server_accepts_gzip (SoupServerMessage *msg);
Reply    *_jz_server_reply_new    (GBytes            *text,
                                   gboolean           gzip);
void      _jz_server_reply_free   (Reply             *reply);
void      _jz_server_set_reply    (SoupServerMessage *msg,
                                   guint              status,
                                   Reply             *reply);
void      _jz_server_set_json     (SoupServerMessage *msg,
                                   guint              status,
                                   JsonObject        *object);

gboolean _jz_server_prune (gpointer data);

void _jz_server_refuse_and_close (JzServer          *self,
                                  SoupServerMessage *msg,
                                  guint              status,
                                  const char        *code,
                                  const char        *format,
                                  ...);

/* jz-server-metrics.c */
JzServerMetrics *_jz_server_metrics_new     (void);
void             _jz_server_metrics_free    (JzServerMetrics   *self);
void             _jz_server_metrics_request (JzServerMetrics   *self,
                                             const char        *path,
                                             guint              status,
                                             gint64             ms);
void             _jz_server_metrics_push    (JzServerMetrics   *self,
                                             JsonObject        *answer);
void             _jz_server_metrics_pulled  (JzServerMetrics   *self,
                                             guint              n);
void             _jz_server_handle_metrics  (JzServer          *self,
                                             SoupServerMessage *msg);

G_END_DECLS
