/* jz-sync-test-util.h — a county server, fault proxies and devices for the sync tests
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers of the sync, security and app-sync tests, a small library
 * (jz-sync-test-util.c): they start real processes ($JUZHU_SERVER,
 * $JZ_FAULT_PROXY) on 127.0.0.1, set the server up through the JzCounty
 * API before it serves, and talk raw HTTP to it with the devices' tokens.
 */
#pragma once

#include <libsoup/soup.h>

#include "jz-county.h"
#include "jz-photo.h"
#include "jz-store.h"
#include "jz-sync-client.h"

G_BEGIN_DECLS

/* ---- files --------------------------------------------------------------- */

void tu_rm_rf (const char *path);

/* ---- photos -------------------------------------------------------------- */

/* A real JPEG of random noise, of @size bytes or a little more (noise
 * barely compresses). The county server keeps only what decodes as a
 * photo. */
GBytes *tu_noise_jpeg (GRand *rand,
                       gsize  size);

/* ---- processes ----------------------------------------------------------- */

GSubprocessLauncher *tu_launcher_new (GSubprocessFlags flags);

/* ---- the server ---------------------------------------------------------- */

typedef struct
{
  char        *dir;        /* the data directory */
  char        *log_path;   /* its stderr */
  GSubprocess *process;
  char        *url;        /* http://127.0.0.1:PORT (https:// with a certificate) */
  guint16      port;
  char        *tls_cert;   /* a certificate of its own for 127.0.0.1, or NULL */
  char        *tls_key;
} TuServer;

/* Creates the county (profile, area) and the users "u0" … "u{n-1}" of
 * @role in @area; returns one enrolment code per user. */
void       tu_county_prepare (const char *dir);
GPtrArray *tu_server_setup (TuServer   *server,
                            const char *dir,
                            guint       n_users,
                            const char *role,
                            const char *area);

/* A self-signed certificate for 127.0.0.1 made in @dir with openssl (the
 * county's CA, as a test has it): the server then serves https. */
void tu_server_make_certificate (TuServer   *server,
                                 const char *dir);

/* Starts (or restarts) `juzhu-server serve`; @port 0 picks one. */
void tu_server_start (TuServer *server,
                      guint16   port);

/* SIGTERM (clean) or SIGKILL, then waits. */
void tu_server_stop (TuServer *server,
                     int       sig);

void tu_server_clear (TuServer *server);

/* ---- the fault proxy ----------------------------------------------------- */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;
  char             *log_path;
  guint16           port;
} TuProxy;

/* Options end with NULL. */
void tu_proxy_start (TuProxy    *proxy,
                     const char *log_path,
                     guint16     target_port,
                     const char *first_option,
                     ...);

/* Stops it; returns its summary line ("summary connections=… cuts=…"). */
char *tu_proxy_stop (TuProxy *proxy);

/* The number after "KEY=" in a summary line (0 when absent). */
guint64 tu_summary_value (const char *summary,
                          const char *key);

/* ---- raw HTTP ------------------------------------------------------------ */

/* POST sync/push with a device's token; returns the status, *answer the body. */
guint tu_post_push (SoupSession  *session,
                    const char   *url,
                    const char   *token,
                    const char   *body,
                    JsonObject  **answer);

char *tu_read_token (const char *data_dir);

/* ---- snapshots ------------------------------------------------------------ */

int tu_compare_strings (gconstpointer a,
                        gconstpointer b);

char *tu_node_text (JsonNode *node);

/* Every materialised record of @types and every conflict, sorted, as text. */
char *tu_snapshot (JzStore            *store,
                   const char * const *types);

/* The keys "record hlc site" of every change set in @store (of @site only
 * when not NULL), with how often each occurs. */
GHashTable *tu_change_set_keys (JzStore    *store,
                                const char *site,
                                guint      *n_total);

G_END_DECLS
