/* jz-purge.h — a device wiped at the county's order (revoke with purge)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * County IT revokes a lost or stolen tablet with `juzhu-server device
 * revoke ID --purge`. At its next contact the server answers the device's
 * token with 401 and the code "purge" (docs/sync-protocol.md); the sync
 * client then writes DATA_DIR/purging (jz_purge_order()), and whoever
 * holds the store closes it and calls jz_purge_device(), which deletes
 * everything personal, tells the server, and forgets the token.
 *
 * Crash-safe and idempotent: the marker is written (durably) before
 * anything is deleted and removed last. A data directory with a marker is
 * never opened: the CLI and the app call jz_purge_device() first, and it
 * starts again from the top, deleting what is left (nothing, the second
 * time), confirming again (the server keeps the first time) and forgetting
 * the token.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define JZ_PURGE_ERROR (jz_purge_error_quark ())

typedef enum
{
  JZ_PURGE_ERROR_MARKER,   /* the marker cannot be written or read */
  JZ_PURGE_ERROR_DELETE,   /* a file could not be deleted */
  JZ_PURGE_ERROR_KEY,      /* the data key could not be forgotten */
} JzPurgeError;

GQuark jz_purge_error_quark (void);

/* The marker's name in the data directory. */
#define JZ_PURGE_MARKER "purging"

/**
 * JzPurgeForgetKeyFunc:
 *
 * Forgets the data key the device's files are encrypted with, where the
 * core does not know of it (the core forgets the keyring's and the
 * directory's key-id itself: forget_data_key() in jz-purge.c). Called once
 * the marker is written and before any file is deleted: without the key
 * what is left is unreadable at once. Forgetting a key that is not there
 * is not an error.
 */
typedef gboolean (*JzPurgeForgetKeyFunc) (const char  *data_dir,
                                          gpointer     user_data,
                                          GError     **error);

typedef struct
{
  const char           *ca_file;          /* https: the CA file to trust, or NULL for the system's */
  JzPurgeForgetKeyFunc  forget_data_key;  /* or NULL */
  gpointer              user_data;
  guint                 tries;            /* confirming: 0 for the default, 3 */
  guint                 retry_ms;         /* … the pause between tries: 0 for 1 s */
} JzPurgeOptions;

typedef enum
{
  JZ_PURGE_CONFIRMED,    /* the county server noted the purge; token and marker are gone */
  JZ_PURGE_NOT_TAKEN,    /* the server would not note it (it ordered none for this token): nothing more to do */
  JZ_PURGE_UNCONFIRMED,  /* the data are gone but the server could not be told: the marker and the
                          * token stay, for the next start to tell it */
} JzPurgeOutcome;

gboolean jz_purge_is_pending (const char            *data_dir);
gboolean jz_purge_order      (const char            *data_dir,
                              const char            *server,
                              const char            *token,
                              gboolean               token_in_keyring,
                              GError               **error);
gboolean jz_purge_device     (const char            *data_dir,
                              const JzPurgeOptions  *options,
                              GCancellable          *cancellable,
                              JzPurgeOutcome        *outcome,
                              char                 **why_unconfirmed,
                              GError               **error);

G_END_DECLS
