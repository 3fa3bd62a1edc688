/* jz-keyring.h — the app keeps the sync token in the keyring (libsecret)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The county server's access token for one data directory is a secret of
 * the schema "io.github.juzhu.Juzhu.Token" with the attributes "server"
 * (the server's URL) and "data-dir" (the absolute data directory: a device
 * may have more than one). Every call is asynchronous (libsecret's own
 * async calls under a GTask), so the UI thread never waits for the Secret
 * Service or its unlock prompt.
 *
 * The core and juzhu-cli keep the token in DATA_DIR/token (0600).
 * jz_keyring_take_token_async() moves such a file into the keyring when
 * the keyring can be reached (an older version, `juzhu-cli enrol`, or the
 * app's own enrolment) and otherwise leaves it where it is.
 */
#pragma once

#include <gio/gio.h>

#include "jz-data-key.h"

G_BEGIN_DECLS

/* Stores (replaces) the token of @data_dir: any token kept for @data_dir
 * with another server is cleared first. */
void      jz_keyring_store_async   (const char          *server,
                                    const char          *data_dir,
                                    const char          *token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  jz_keyring_store_finish  (GAsyncResult        *result,
                                    GError             **error);

/* The token of @data_dir with @server (NULL: with any server). NULL
 * without an error when none is stored; an error when no Secret Service
 * can be reached or it stays locked. */
void      jz_keyring_lookup_async  (const char          *server,
                                    const char          *data_dir,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *jz_keyring_lookup_finish (GAsyncResult        *result,
                                    GError             **error);
/* The same, waiting (juzhu-cli). */
char     *jz_keyring_lookup_sync   (const char          *server,
                                    const char          *data_dir,
                                    GError             **error);

/* Removes the token of @data_dir with @server (NULL: with any server);
 * TRUE also when there was none. */
void      jz_keyring_clear_async   (const char          *server,
                                    const char          *data_dir,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  jz_keyring_clear_finish  (GAsyncResult        *result,
                                    GError             **error);
/* The same, waiting. */
gboolean  jz_keyring_clear_sync    (const char          *server,
                                    const char          *data_dir,
                                    GError             **error);

typedef enum
{
  JZ_TOKEN_NONE,         /* no token: not enrolled */
  JZ_TOKEN_KEYRING,      /* in the keyring (DATA_DIR/token is gone) */
  JZ_TOKEN_FILE,         /* in DATA_DIR/token: the keyring cannot be reached */
  JZ_TOKEN_UNAVAILABLE,  /* no file, and the keyring cannot be reached */
} JzTokenPlace;

/* Where the app gets its token. DATA_DIR/token, when there is one, is the
 * newest (the app removes it once the keyring has it): it is stored in the
 * keyring, replacing what was there, and removed. Otherwise the keyring is
 * asked. @server NULL (not enrolled): only the file is read. Never fails:
 * the token (or NULL) and *@place say what was found. */
void      jz_keyring_take_token_async  (const char          *server,
                                        const char          *data_dir,
                                        JzDataKey           *key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *jz_keyring_take_token_finish (GAsyncResult        *result,
                                        JzTokenPlace        *place);

/* The data key in the keyring (jz-keyring-key.c); these wait. */
JzDataKey *jz_keyring_data_key_sync        (const char    *data_dir,
                                            gboolean       create,
                                            gboolean      *created,
                                            GCancellable  *cancellable,
                                            GError       **error);
gboolean   jz_keyring_forget_data_key_sync (const char    *data_dir,
                                            GCancellable  *cancellable,
                                            GError       **error);
JzDataKey *jz_data_key_for_app             (const char    *data_dir,
                                            GCancellable  *cancellable,
                                            GError       **error);

G_END_DECLS
