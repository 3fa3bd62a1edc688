/* jz-data-key.c — the key a device's data is encrypted with
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key file is one line: "juzhu-data-key-1 " and the key in base64.
 * A data directory names the key it was encrypted with in DATA_DIR/key-id:
 * a keyed BLAKE2b hash of the key, which says nothing about the key but
 * tells a wrong key apart from altered data.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-data-key.h"

#include <errno.h>
#include <gio/gio.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jz-crypt-private.h"
#include "jz-file.h"

#define KEY_FILE_PREFIX "juzhu-data-key-1 "
#define KEY_ID_FILE     "key-id"

struct _JzDataKey
{
  gatomicrefcount ref;
  guint8         *bytes;    /* sodium_malloc'd: the key, then its subkeys */
  char            id[33];
};

G_DEFINE_QUARK (jz-crypt-error-quark, jz_crypt_error)

static const char *const subkey_context[JZ_KEY_USE_COUNT] = {
  "jzdbpage", "jzdbothr", "jzsealed", "jzkey-id", "jzpgaesg",
};

gboolean
jz_crypt_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO,
                           _("libsodium cannot start (no source of random numbers?)"));
      return FALSE;
    }
  return TRUE;
}

static JzDataKey *
key_new (const guint8 *bytes)
{
  JzDataKey *self;
  guint8 *id_key;
  guint8 id[16];

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");

  self = g_new0 (JzDataKey, 1);
  g_atomic_ref_count_init (&self->ref);
  self->bytes = sodium_malloc (JZ_DATA_KEY_BYTES * (1 + JZ_KEY_USE_COUNT));
  if (self->bytes == NULL)
    g_error ("cannot allocate locked memory for the data key");
  memcpy (self->bytes, bytes, JZ_DATA_KEY_BYTES);
  for (guint i = 0; i < JZ_KEY_USE_COUNT; i++)
    crypto_kdf_derive_from_key (self->bytes + JZ_DATA_KEY_BYTES * (1 + i), JZ_DATA_KEY_BYTES,
                                1, subkey_context[i], self->bytes);

  id_key = self->bytes + JZ_DATA_KEY_BYTES * (1 + JZ_KEY_USE_ID);
  crypto_generichash (id, sizeof id, (const guint8 *) "juzhu data key", 14, id_key, JZ_DATA_KEY_BYTES);
  for (guint i = 0; i < sizeof id; i++)
    g_snprintf (self->id + 2 * i, 3, "%02x", id[i]);
  sodium_mprotect_readonly (self->bytes);
  return self;
}

/**
 * jz_data_key_new_random:
 *
 * Returns: a new key from the system's random source
 */
JzDataKey *
jz_data_key_new_random (void)
{
  guint8 bytes[JZ_DATA_KEY_BYTES];
  JzDataKey *self;

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  randombytes_buf (bytes, sizeof bytes);
  self = key_new (bytes);
  sodium_memzero (bytes, sizeof bytes);
  return self;
}

JzDataKey *
jz_data_key_new_from_base64 (const char  *text,
                             GError     **error)
{
  guint8 bytes[JZ_DATA_KEY_BYTES + 8];
  size_t len = 0;
  JzDataKey *self;

  if (sodium_init () < 0 ||
      sodium_base642bin (bytes, sizeof bytes, text, strlen (text), " \t\r\n", &len, NULL,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len != JZ_DATA_KEY_BYTES)
    {
      sodium_memzero (bytes, sizeof bytes);
      g_set_error_literal (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY,
                           _("not a Juzhu data key (expected 32 bytes in base64)"));
      return NULL;
    }
  self = key_new (bytes);
  sodium_memzero (bytes, sizeof bytes);
  return self;
}

JzDataKey *
jz_data_key_ref (JzDataKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
jz_data_key_unref (JzDataKey *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  sodium_free (self->bytes);
  g_free (self);
}

/* The key in base64, for the Secret Service; free with sodium_memzero and g_free. */
char *
jz_data_key_to_base64 (JzDataKey *self)
{
  gsize len = sodium_base64_ENCODED_LEN (JZ_DATA_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
  char *text = g_malloc (len);

  sodium_bin2base64 (text, len, self->bytes, JZ_DATA_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
  return text;
}

/* The subkey of @use: JZ_DATA_KEY_BYTES bytes, valid while @self is. */
const guint8 *
jz_data_key_subkey (JzDataKey *self,
                    JzKeyUse   use)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (use < JZ_KEY_USE_COUNT, NULL);
  return self->bytes + JZ_DATA_KEY_BYTES * (1 + use);
}

/* The key's public fingerprint: 32 hex digits. */
const char *
jz_data_key_get_id (JzDataKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

/**
 * jz_data_key_load_file:
 * @path: a key file
 *
 * Reads a key file. It must belong to this user and be readable by no one
 * else (0600), as `juzhu-cli init` makes it.
 */
/* The text after @prefix in the secret file at @path (zero it after
 * use), which must be a file of this user no one else can read. */
char *
_jz_crypt_read_secret_file (const char  *path,
                            const char  *prefix,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = NULL;
  GStatBuf st;
  gsize len = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, JZ_CRYPT_ERROR,
                   saved == ENOENT ? JZ_CRYPT_ERROR_NO_KEY : JZ_CRYPT_ERROR_IO,
                   _("the key file %s cannot be read: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || (st.st_mode & 077) != 0 || st.st_uid != getuid ())
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY,
                   _("the key file %s must be a file of this user that no one else can read (chmod 600)"),
                   path);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO,
                   _("the key file %s cannot be read: %s"), path, local_error->message);
      return NULL;
    }
  if (!g_str_has_prefix (text, prefix))
    {
      sodium_memzero (text, len);
      g_free (text);
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY,
                   _("%s is not a Juzhu key file"), path);
      return NULL;
    }
  memmove (text, text + strlen (prefix), len - strlen (prefix) + 1);
  return text;
}

JzDataKey *
jz_data_key_load_file (const char  *path,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = _jz_crypt_read_secret_file (path, KEY_FILE_PREFIX, error);
  JzDataKey *self;

  if (text == NULL)
    return NULL;
  self = jz_data_key_new_from_base64 (text, &local_error);
  sodium_memzero (text, strlen (text));
  g_free (text);
  if (self == NULL)
    g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY,
                 _("%s is not a Juzhu key file: %s"), path, local_error->message);
  return self;
}

/* Writes @line (then zeroes it) to a new secret file at @path, 0600,
 * aside and linked into place: 1 when written, 0 when another process
 * made the file first, -1 with @error. */
int
_jz_crypt_write_secret_file (const char  *path,
                             char        *line,
                             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = NULL;
  int fd, rc, saved;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      sodium_memzero (line, strlen (line));
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO,
                   _("cannot create the folder of the key file %s: %s"), path, g_strerror (saved));
      return -1;
    }
  tmp = g_strdup_printf ("%s.new-%08x", path, g_random_int ());
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      sodium_memzero (line, strlen (line));
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO,
                   _("cannot write the key file %s: %s"), path, g_strerror (saved));
      return -1;
    }
  rc = write (fd, line, strlen (line)) == (ssize_t) strlen (line) && fsync (fd) == 0 ? 0 : -1;
  saved = errno;
  sodium_memzero (line, strlen (line));
  close (fd);
  if (rc == 0)
    {
      rc = link (tmp, path);
      saved = errno;
    }
  g_unlink (tmp);
  if (rc != 0 && saved == EEXIST)
    return 0;
  if (rc != 0)
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO,
                   _("cannot write the key file %s: %s"), path, g_strerror (saved));
      return -1;
    }
  jz_file_sync_dir (dir);
  return 1;
}

/**
 * jz_data_key_ensure_file:
 * @path: where the key file is, or is to be made
 * @created: (out) (optional): set when this call made it
 *
 * Reads the key file, or makes a new random key there (0600) when there is
 * none. Two processes that make it at once end with the same key: the file
 * is written aside and linked into place, which fails for the second.
 */
JzDataKey *
jz_data_key_ensure_file (const char  *path,
                         gboolean    *created,
                         GError     **error)
{
  g_autoptr(JzDataKey) key = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *line = NULL;
  int rc;

  if (created != NULL)
    *created = FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return jz_data_key_load_file (path, error);

  key = jz_data_key_new_random ();
  b64 = jz_data_key_to_base64 (key);
  line = g_strconcat (KEY_FILE_PREFIX, b64, "\n", NULL);
  sodium_memzero (b64, strlen (b64));
  rc = _jz_crypt_write_secret_file (path, line, error);
  if (rc == 0)
    return jz_data_key_load_file (path, error);  /* another process made it first */
  if (rc < 0)
    return NULL;
  if (created != NULL)
    *created = TRUE;
  return g_steal_pointer (&key);
}

static gboolean
path_is_within (const char *path,
                const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_new_for_path (dir);

  return g_file_has_prefix (file, parent);
}

/**
 * jz_data_key_from_env:
 * @create: make the key file when it is absent (`juzhu-cli init`)
 * @data_dir: (nullable): the data directory the key is for; a key file
 *   inside it is refused, as it would protect nothing
 * @created: (out) (optional): set when the file was made
 *
 * The headless key: the file $JUZHU_KEY_FILE names.
 *
 * Returns: the key, or %NULL with %JZ_CRYPT_ERROR_NO_KEY when the variable
 *   is not set or (without @create) the file does not exist
 */
JzDataKey *
jz_data_key_from_env (gboolean     create,
                      const char  *data_dir,
                      gboolean    *created,
                      GError     **error)
{
  const char *path = g_getenv (JZ_KEY_FILE_ENV);
  g_autofree char *absolute = NULL;

  if (created != NULL)
    *created = FALSE;
  if (path == NULL || *path == '\0')
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_NO_KEY,
                   _("no data key: set %s to a key file kept outside the data directory "
                     "(juzhu-cli init makes it when it is absent)"), JZ_KEY_FILE_ENV);
      return NULL;
    }
  absolute = g_canonicalize_filename (path, NULL);
  if (data_dir != NULL)
    {
      g_autofree char *dir = g_canonicalize_filename (data_dir, NULL);

      if (path_is_within (absolute, dir))
        {
          g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY,
                       _("the key file %s is inside the data directory it protects; keep it elsewhere"),
                       absolute);
          return NULL;
        }
    }
  if (create)
    return jz_data_key_ensure_file (absolute, created, error);
  return jz_data_key_load_file (absolute, error);
}

/**
 * jz_data_key_check_dir:
 * @data_dir: a data directory
 * @adopt: when the directory names no key yet, name this one
 *
 * Whether @self is the key @data_dir's data was encrypted with, by the
 * fingerprint in DATA_DIR/key-id.
 *
 * Returns: %FALSE with %JZ_CRYPT_ERROR_WRONG_KEY for another key
 */
gboolean
jz_data_key_check_dir (JzDataKey   *self,
                       const char  *data_dir,
                       gboolean     adopt,
                       GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, KEY_ID_FILE, NULL);
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_file_get_contents (path, &text, NULL, &local_error))
    {
      g_strstrip (text);
      if (g_str_equal (text, self->id))
        return TRUE;
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_WRONG_KEY,
                   _("this is not the key of the data directory %s (its data was encrypted with key %s, "
                   "this key is %s)"), data_dir, text, self->id);
      return FALSE;
    }
  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  if (!adopt)
    return TRUE;
  line = g_strconcat (self->id, "\n", NULL);
  g_clear_error (&local_error);
  if (!g_file_set_contents_full (path, line, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Removes DATA_DIR/key-id: the data it named is gone (a purge). */
gboolean
jz_data_key_forget_dir (const char  *data_dir,
                        GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, KEY_ID_FILE, NULL);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO,
                   _("cannot remove %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Whether @data_dir holds encrypted data: it names its key, or its
 * database is there and is not a plain SQLite file. */
gboolean
jz_data_dir_is_encrypted (const char *data_dir)
{
  g_autofree char *id = g_build_filename (data_dir, KEY_ID_FILE, NULL);
  g_autofree char *db = g_build_filename (data_dir, "juzhu.db", NULL);
  char head[16] = { 0 };
  gssize n;
  int fd;

  if (g_file_test (id, G_FILE_TEST_EXISTS))
    return TRUE;
  fd = g_open (db, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, head, sizeof head);
  close (fd);
  return n > 0 && memcmp (head, "SQLite format 3", 16) != 0;
}
