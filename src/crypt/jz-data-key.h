/* jz-data-key.h — the key a device's data is encrypted with
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One random 256-bit data key per device. It never lies in the data
 * directory: the app keeps it in the Secret Service, and headless use (the
 * CLI on a county PC, tests) reads it from the file that JUZHU_KEY_FILE
 * names, 0600, which `juzhu-cli init` creates when absent. Each use (the
 * database's pages, sealed files) has a subkey of its own derived from it,
 * and the key is kept in locked memory (libsodium's guarded allocation).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JZ_CRYPT_ERROR (jz_crypt_error_quark ())

typedef enum
{
  JZ_CRYPT_ERROR_NO_KEY,     /* no key where one is needed */
  JZ_CRYPT_ERROR_WRONG_KEY,  /* a key, but not the one this data was encrypted with */
  JZ_CRYPT_ERROR_BAD_KEY,    /* a key file that is not a key, or kept where others can read it */
  JZ_CRYPT_ERROR_TAMPERED,   /* encrypted data failed its authentication: altered or damaged */
  JZ_CRYPT_ERROR_IO,
} JzCryptError;

#define JZ_DATA_KEY_BYTES 32

/* The environment variable naming the key file for headless use. */
#define JZ_KEY_FILE_ENV "JUZHU_KEY_FILE"

typedef enum
{
  JZ_KEY_USE_DB_PAGES,     /* the database file's pages and the WAL's, as first sealed */
  JZ_KEY_USE_DB_OTHER,     /* SQLite's journals and temporary files */
  JZ_KEY_USE_SEALED,       /* photos, thumbnails, the token */
  JZ_KEY_USE_ID,           /* the key's public fingerprint */
  JZ_KEY_USE_DB_PAGES_GCM, /* the same pages, sealed with AES-256-GCM */
  JZ_KEY_USE_COUNT,
} JzKeyUse;

typedef struct _JzDataKey JzDataKey;

GQuark         jz_crypt_error_quark       (void);

gboolean       jz_crypt_init              (GError          **error);

JzDataKey     *jz_data_key_new_random     (void);
JzDataKey     *jz_data_key_new_from_base64 (const char      *text,
                                           GError         **error);
JzDataKey     *jz_data_key_ref            (JzDataKey       *self);
void           jz_data_key_unref          (JzDataKey       *self);

char          *jz_data_key_to_base64      (JzDataKey       *self);
const guint8  *jz_data_key_subkey         (JzDataKey       *self,
                                           JzKeyUse         use);
const char    *jz_data_key_get_id         (JzDataKey       *self);

JzDataKey     *jz_data_key_load_file      (const char      *path,
                                           GError         **error);
JzDataKey     *jz_data_key_ensure_file    (const char      *path,
                                           gboolean        *created,
                                           GError         **error);
JzDataKey     *jz_data_key_from_env       (gboolean         create,
                                           const char      *data_dir,
                                           gboolean        *created,
                                           GError         **error);

gboolean       jz_data_key_check_dir      (JzDataKey       *self,
                                           const char      *data_dir,
                                           gboolean         adopt,
                                           GError         **error);
gboolean       jz_data_dir_is_encrypted   (const char      *data_dir);
gboolean       jz_data_key_forget_dir     (const char      *data_dir,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzDataKey, jz_data_key_unref)

G_END_DECLS
