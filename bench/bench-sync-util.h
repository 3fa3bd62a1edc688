/* bench-sync-util.h — a real juzhu-server for the sync benchmarks: its
 * process, its administration and its request log; figures and the machine
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bench-data.h"
#include "jz-photo.h"
#include "jz-store.h"
#include "jz-sync-client.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *log_path;
  GSubprocess *process;
  char        *url;        /* http://127.0.0.1:PORT */
  guint        port;
} Server;

/* The server logs one line per request, "TIME METHOD PATH STATUS nB nms
 * device=…", once the answer is written: the client may already have read
 * it, so wait a moment before counting. */
typedef struct
{
  guint   lines;          /* requests */
  guint   push;           /* POST sync/push */
  guint   pull;           /* GET sync/pull and sync/snapshot */
  guint   snapshot;       /* … of which sync/snapshot */
  guint   upload_heads;   /* HEAD files/ID: a tus client asking where to resume */
  guint   patches;        /* PATCH files/ID */
  GArray *push_ms;        /* server-side time of each push */
  double  push_total_ms;  /* … and of all pushes */
  double  pull_total_ms;  /* server-side time of all pulls and snapshot pages */
  guint64 pull_bytes;     /* their answers' bodies as sent (gzipped) */
  GString *kinds;         /* "METHOD path-kind status ×n, …" */
} ServerLog;

guint        bench_env_uint          (const char    *name,
                                      guint          fallback);
const char  *bench_env_path          (const char    *name);
double       bench_now_s             (void);
int          bench_cmp_double        (gconstpointer  a,
                                      gconstpointer  b);
double       bench_percentile        (GArray        *values,
                                      double         p);
void         bench_print_machine     (void);
char        *bench_server_admin      (const char    *dir,
                                      ...) G_GNUC_NULL_TERMINATED;
void         bench_server_start      (Server        *server,
                                      const char    *tmp);
void         bench_server_stop       (Server        *server);
void         bench_server_log_read   (Server        *server,
                                      guint          skip_lines,
                                      ServerLog     *out);
void         bench_server_log_clear  (ServerLog     *log);
double       bench_floor_db_s        (const char    *db_path,
                                      const char    *vfs,
                                      const char    *tmp);
double       bench_floor_http_s      (Server        *server,
                                      guint          requests);

/* A device: a store data directory with its sync client. */
typedef struct
{
  JzStore      *store;
  JzPhotoStore *photos;
  JzSyncClient *client;
} Device;

void           bench_device_open  (Device        *device,
                                   const char    *dir,
                                   const char    *server_url,
                                   const char    *code,
                                   const char    *name);
void           bench_device_close (Device        *device);
JzSyncSummary *bench_device_sync  (Device        *device,
                                   double        *seconds);

/* bench-sync.c: a declaration's person as a save takes it */
JsonObject    *bench_person_object (const BenchDeclaration *d);

/* bench-sync-photos.c: the sync-photos-cut benchmark */
void           bench_run_photos   (void);

G_END_DECLS
