/* jz-session.h — what the app works on: one data directory, opened off the main thread
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A JzSession holds the device's store, registry (rules + workflow),
 * photo store, code tables and sync client. Every call that touches the
 * database, the disk or the network goes through jz_session_run_async(),
 * which runs it on a worker thread and returns in the main context, so the
 * UI thread never blocks.
 */
#pragma once

#include <gio/gio.h>

#include "jz-codes.h"
#include "jz-id-card-reader.h"
#include "jz-photo.h"
#include "jz-profile.h"
#include "jz-registry.h"
#include "jz-store.h"
#include "jz-sync-client.h"

G_BEGIN_DECLS

#define JZ_TYPE_SESSION (jz_session_get_type ())
G_DECLARE_FINAL_TYPE (JzSession, jz_session, JZ, SESSION, GObject)

void          jz_session_open_async        (const char          *data_dir,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JzSession    *jz_session_open_finish       (GAsyncResult        *result,
                                            GError             **error);
/* For tests and the CLI-like paths: opens on the calling thread. */
JzSession    *jz_session_open              (const char          *data_dir,
                                            GError             **error);

const char   *jz_session_get_data_dir      (JzSession           *self);
/* A purge the county ordered (jz-purge.h) ran when it opened: say so. */
gboolean      jz_session_was_wiped         (JzSession           *self);
JzStore      *jz_session_get_store         (JzSession           *self);
JzRegistry   *jz_session_get_registry      (JzSession           *self);
JzProfile    *jz_session_get_profile       (JzSession           *self);
JzPhotoStore *jz_session_get_photos        (JzSession           *self);
JzIdCardReader *jz_session_get_id_card_reader (JzSession         *self);
JzCodes      *jz_session_get_codes         (JzSession           *self);
JzSyncClient *jz_session_get_sync_client   (JzSession           *self);
/* The county server this data directory is enrolled with (meta
 * sync_server as read at open or given to jz_session_set_token()), or NULL. */
const char   *jz_session_get_server        (JzSession           *self);
/* The app keeps the token in the keyring (jz-keyring.h): hands it to the
 * sync client (NULL: the client reads DATA_DIR/token again); with a token
 * and a server the device counts as enrolled (no first run). Call it when
 * no sync runs. */
void          jz_session_set_token         (JzSession           *self,
                                            const char          *server,
                                            const char          *token);
/* Who edits: the enrolled user's name, else the device's name. */
const char   *jz_session_get_author        (JzSession           *self);
/* The device's role: the server's (meta sync_role) once enrolled, else the
 * one chosen at the first run (meta role): "committee", "landlord",
 * "employer" or "county"; "committee" when none was chosen. */
const char   *jz_session_get_role          (JzSession           *self);
/* No profile chosen (meta profile unset) and not enrolled: the first run. */
gboolean      jz_session_needs_setup       (JzSession           *self);
/* Keeps the first run's choices in the store's meta (profile, role); on a
 * worker thread. The session keeps its rules until it is opened again. */
gboolean      jz_session_save_setup        (JzSession           *self,
                                            const char          *profile,
                                            const char          *role,
                                            GError             **error);
/* Today's date for rules and workflow (JUZHU_TODAY overrides, for tests). */
void          jz_session_get_today         (JzSession           *self,
                                            GDate               *out);

/* Runs @func on a worker thread; its non-NULL result (or error) comes back
 * through @callback in the caller's main context. */
typedef gpointer (*JzSessionFunc) (JzSession     *self,
                                   gpointer       data,
                                   GCancellable  *cancellable,
                                   GError       **error);

void          jz_session_run_async         (JzSession           *self,
                                            JzSessionFunc        func,
                                            gpointer             data,
                                            GDestroyNotify       data_free,
                                            GDestroyNotify       result_free,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gpointer      jz_session_run_finish        (JzSession           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
