/* test-sync-world.h — the world of the convergence test (a county server,
 * devices, random work), shared with the fault tests
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-sync-converge.c makes the world and runs the randomised seeds;
 * test-sync-faults.c runs syncs through proxies that corrupt, cut and
 * rewrite, in the same world. One executable.
 */
#pragma once

#include "jz-sync-test-util.h"

G_BEGIN_DECLS

#define MAX_DEVICES 6
#define DAY_MS      G_GINT64_CONSTANT (86400000)
#define Y2000_MS    G_GINT64_CONSTANT (-825000000000)   /* 2026 back to 2000 */

typedef struct
{
  guint         index;
  char         *dir;
  JzStore      *store;
  JzPhotoStore *photos;
  JzSyncClient *client;
  char         *token;
  char         *direct_url;
  gint64        skew_ms;
  guint         offline_until;   /* a step number: partitioned until then */
  guint         saves;           /* change sets made here (commits × records, resolutions) */
  GPtrArray    *bodies;          /* push bodies sent, as text, for replays */
} Device;

typedef struct
{
  guint32      seed;
  GRand       *rand;
  char        *dir;
  TuServer     server;
  TuProxy      proxy;
  gboolean     with_proxy;
  gboolean     corrupting;       /* the proxy corrupts bytes: any sync error is fine */
  Device       devices[MAX_DEVICES];
  guint        n;
  GPtrArray   *records;          /* "type id" of every record created */
  SoupSession *session;
  GString     *trace;
  guint        step;
  /* totals over all seeds, for the summary */
  guint        proxy_syncs_failed;
} World;

void G_GNUC_NORETURN G_GNUC_PRINTF (3, 4)
world_fail (World      *w,
            int         line,
            const char *format,
            ...);

#define W_CHECK(w, expr, ...) \
  G_STMT_START { if (!(expr)) world_fail ((w), __LINE__, __VA_ARGS__); } G_STMT_END
#define W_NO_ERROR(w, err) \
  G_STMT_START { if ((err) != NULL) \
    world_fail ((w), __LINE__, "unexpected error: %s", (err)->message); } G_STMT_END

void G_GNUC_PRINTF (2, 3) trace (World      *w,
                                 const char *format,
                                 ...);

/* what random work picks from */
extern const char *names[3];
extern const char *ids[3];
const char    *pick            (World        *w,
                                const char  **list,
                                guint         n);
#define PICK(w, list) pick ((w), (list), G_N_ELEMENTS (list))

/* photo bytes sent by the syncs since it was last set to 0 */
extern guint64 total_photo_bytes;

JzSyncSummary *device_sync     (World        *w,
                                Device       *d,
                                gboolean      via_proxy);
void           commit          (World        *w,
                                Device       *d,
                                JzSave       *save,
                                guint         n_records,
                                gboolean      legal,
                                const char   *what);
void           random_create   (World        *w,
                                Device       *d);
void           random_edit     (World        *w,
                                Device       *d);
void           world_start     (World        *w,
                                guint32       seed,
                                guint         n_devices,
                                gboolean      with_proxy,
                                gboolean      with_y2000);
void           world_stop      (World        *w);
void           quiesce         (World        *w);
void           check_converged (World        *w);
guint          env_uint        (const char   *name,
                                guint         fallback);

/* test-sync-faults.c */
void           test_faults_corrupt     (void);
void           test_faults_photos      (void);
void           test_faults_date_header (void);

G_END_DECLS
