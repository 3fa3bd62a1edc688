/* jz-county-private.h — what jz-county*.c share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-county.h"
#include "jz-paper-code.h"
#include "jz-store-extension.h"

G_BEGIN_DECLS

struct _JzCounty
{
  GObject      parent_instance;

  /* Owned */
  JzStore     *store;
  char        *data_dir;
  JzClockFunc  clock;
  gpointer     clock_data;

  /* A second, read-only connection: a token look-up never waits behind a
   * push that holds the store thread. */
  GMutex       auth_lock;
  JzDbConn    *auth_db;

  /* The county's signing key (jz-county-papers.c), read once. */
  GMutex        sign_lock;
  JzSigningKey *sign_key;
};

gint64   _jz_county_now_ms         (JzCounty    *self);
JzSigningKey *_jz_county_signing_key (JzCounty  *self,
                                      GError   **error);
char    *_jz_county_sha256         (const char  *text);
gboolean _jz_county_touch_device   (JzStore     *store,
                                    const char  *device_id,
                                    gint64       now_ms,
                                    GError     **error);
/* jz-county-schema.c: on the store thread, the tables brought up to date */
gpointer _jz_county_migrate_on_thread (JzStore  *store,
                                       gpointer  data,
                                       GError  **error);
char    *_jz_county_read_meta      (JzStore     *store,
                                    const char  *key,
                                    GError     **error);
gboolean _jz_county_area_contains  (const char  *area,
                                    const char  *division);
gboolean _jz_county_role_by_area   (const JzCountyDevice *device);

/* jz-county.c, for jz-county-devices.c */
void     _jz_county_set_time_member (JsonObject  *o,
                                     const char  *member,
                                     gint64       unix_ms);
gboolean _jz_county_user_exists    (JzStore     *store,
                                     const char  *name,
                                     GError     **error);

G_END_DECLS
