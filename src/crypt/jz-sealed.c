/* jz-sealed.c — files encrypted whole with the data key
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-sealed.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "jz-file.h"

#define CHUNK   (64 * 1024)
#define HEADER  crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ABYTES  crypto_secretstream_xchacha20poly1305_ABYTES

gboolean
jz_sealed_is_sealed (const guint8 *data,
                     gsize         len)
{
  return len >= JZ_SEALED_MAGIC_LEN && memcmp (data, JZ_SEALED_MAGIC, JZ_SEALED_MAGIC_LEN) == 0;
}

/**
 * jz_sealed_seal:
 * @key: the data key
 * @label: what the sealed bytes are (bound to them)
 * @plain: the bytes
 *
 * Returns: (transfer full): @plain sealed
 */
GBytes *
jz_sealed_seal (JzDataKey  *key,
                const char *label,
                GBytes     *plain)
{
  crypto_secretstream_xchacha20poly1305_state state;
  gsize len = 0;
  const guint8 *in = g_bytes_get_data (plain, &len);
  gsize chunks = len / CHUNK + 1;
  gsize out_len = JZ_SEALED_MAGIC_LEN + HEADER + len + chunks * ABYTES;
  guint8 *out = g_malloc (out_len);
  guint8 *p = out;

  memcpy (p, JZ_SEALED_MAGIC, JZ_SEALED_MAGIC_LEN);
  p += JZ_SEALED_MAGIC_LEN;
  crypto_secretstream_xchacha20poly1305_init_push (&state, p, jz_data_key_subkey (key, JZ_KEY_USE_SEALED));
  p += HEADER;
  for (gsize i = 0; i < chunks; i++)
    {
      gsize n = MIN (CHUNK, len - i * CHUNK);
      unsigned long long written = 0;
      guint8 tag = i + 1 == chunks ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;

      crypto_secretstream_xchacha20poly1305_push (&state, p, &written, in + i * CHUNK, n,
                                                  (const guint8 *) label, strlen (label), tag);
      p += written;
    }
  sodium_memzero (&state, sizeof state);
  g_assert ((gsize) (p - out) == out_len);
  return g_bytes_new_take (out, out_len);
}

/**
 * jz_sealed_open:
 * @key: the data key
 * @label: what the bytes must be
 * @sealed: bytes jz_sealed_seal() made
 *
 * Returns: (transfer full): the plain bytes, or %NULL with
 *   %JZ_CRYPT_ERROR_TAMPERED when @sealed was altered, cut short, made
 *   with another key or for another label
 */
GBytes *
jz_sealed_open (JzDataKey   *key,
                const char  *label,
                GBytes      *sealed,
                GError     **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  gsize len = 0;
  const guint8 *in = g_bytes_get_data (sealed, &len);
  const guint8 *p, *end = in + len;
  guint8 *out, *q;
  gboolean final = FALSE;

  if (!jz_sealed_is_sealed (in, len) || len < JZ_SEALED_MAGIC_LEN + HEADER + ABYTES)
    goto tampered_nofree;
  p = in + JZ_SEALED_MAGIC_LEN;
  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, p, jz_data_key_subkey (key, JZ_KEY_USE_SEALED)) != 0)
    goto tampered_nofree;
  p += HEADER;

  out = sodium_malloc (MAX (len, 1));
  q = out;
  while (p < end && !final)
    {
      gsize n = MIN ((gsize) (end - p), CHUNK + ABYTES);
      unsigned long long got = 0;
      guint8 tag = 0;

      if (crypto_secretstream_xchacha20poly1305_pull (&state, q, &got, &tag, p, n,
                                                      (const guint8 *) label, strlen (label)) != 0)
        goto tampered;
      final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
      if (!final && n != CHUNK + ABYTES)
        goto tampered;
      p += n;
      q += got;
    }
  if (!final || p != end)
    goto tampered;
  sodium_memzero (&state, sizeof state);
  {
    GBytes *plain = g_bytes_new (out, q - out);

    sodium_free (out);
    return plain;
  }

tampered:
  sodium_free (out);
tampered_nofree:
  sodium_memzero (&state, sizeof state);
  g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED,
               _("the encrypted file (%s) was altered, cut short or made with another key"), label);
  return NULL;
}

/**
 * jz_sealed_read_file:
 * @key: (nullable): the data key; %NULL reads a plain file only
 * @label: what the file must be
 * @path: the file
 * @was_plain: (out) (optional): set when the file was not sealed; with
 *   %NULL a plain file is refused when @key is given
 *
 * Returns: (transfer full): the plain bytes
 */
GBytes *
jz_sealed_read_file (JzDataKey   *key,
                     const char  *label,
                     const char  *path,
                     gboolean    *was_plain,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (was_plain != NULL)
    *was_plain = FALSE;
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  bytes = g_bytes_new_take (contents, len);
  if (jz_sealed_is_sealed ((const guint8 *) contents, len))
    {
      if (key == NULL)
        {
          g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_NO_KEY,
                       _("%s is encrypted and no data key was given"), path);
          return NULL;
        }
      return jz_sealed_open (key, label, bytes, error);
    }
  if (key != NULL && was_plain == NULL)
    {
      g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED,
                   _("%s should be encrypted and is not"), path);
      return NULL;
    }
  if (was_plain != NULL)
    *was_plain = TRUE;
  return g_steal_pointer (&bytes);
}

/**
 * jz_sealed_write_file:
 * @key: (nullable): the data key; %NULL writes @plain as it is
 * @label: what the file is
 * @path: the file, replaced whole
 * @plain: the bytes
 *
 * Writes the file aside, syncs it and renames it into place, then syncs
 * the folder: after a crash the file is the old one or the new one.
 */
gboolean
jz_sealed_write_file (JzDataKey   *key,
                      const char  *label,
                      const char  *path,
                      GBytes      *plain,
                      GError     **error)
{
  g_autoptr(GBytes) sealed = key ? jz_sealed_seal (key, label, plain) : g_bytes_ref (plain);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strdup_printf ("%s.tmp-%08x", path, g_random_int ());
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (sealed, &len);
  gsize done = 0;
  int fd, saved = 0;

  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved = errno;
      goto failed;
    }
  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : ENOSPC;
          break;
        }
      done += n;
    }
  if (saved == 0 && fsync (fd) != 0)
    saved = errno;
  close (fd);
  if (saved == 0 && g_rename (tmp, path) != 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (tmp);
      goto failed;
    }
  jz_file_sync_dir (dir);
  return TRUE;

failed:
  g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_IO,
               _("cannot write %s: %s"), path, g_strerror (saved));
  return FALSE;
}
