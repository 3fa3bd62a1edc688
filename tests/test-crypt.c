/* test-crypt.c — a device's data at rest: encrypted, checked, upgraded
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every byte of a data directory is scanned after records, drafts, photos
 * and a token were written: no name, ID number, address, JPEG or SQLite
 * header may be found, neither while the store is open (its WAL) nor after
 * it closed. A wrong key, a missing key, a flipped byte in a page or a
 * photo are each refused with their own error; pages sealed by the first
 * version (XChaCha20-Poly1305) still read; a plain directory of an
 * older version is encrypted in place, also when killed at each step.
 */
#define _GNU_SOURCE
#include "config.h"

#include "jz-test-tmp.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <sodium.h>

#include "jz-device.h"
#include "jz-photo.h"
#include "jz-sealed.h"
#include "jz-store.h"
#include "jz-store-draft.h"

#define N_PERSONS 300

static const char *ids[] = {
  "11010519491231002X", "220102199003074516", "410102198512250021",
  "220104201005150036", "411203196001010011",
};

/* What must never be found in the data directory, as bytes. */
static const char *secrets[] = {
  "11010519491231002X", "220102199003074516", "410102198512250021",
  "测试", "吉林省长春市南关区", "朝阳区红旗街", "草稿里的名字",
  "SQLite format 3", "tok-secret-", "CREATE TABLE",
  /* a JPEG's start (SOI, then APP0): three bytes alone turn up by chance
   * in megabytes of ciphertext */
  "\xff\xd8\xff\xe0",
};

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = jz_test_tmp_dir ("juzhu-crypt-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
save_persons (JzStore *store,
              guint    first,
              guint    n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JzSave) save = jz_save_new ("crypt-test");
      g_autoptr(JsonObject) p = json_object_new ();
      g_autoptr(JsonObject) r = json_object_new ();
      g_autofree char *name = g_strdup_printf ("测试%u", i);
      const char *person;

      json_object_set_string_member (p, "id_number", ids[i % G_N_ELEMENTS (ids)]);
      json_object_set_string_member (p, "name", name);
      json_object_set_string_member (p, "hukou_address", "吉林省长春市南关区某街道某号");
      person = jz_save_create (save, "person", p);
      json_object_set_string_member (r, "person_id", person);
      json_object_set_string_member (r, "residence_division", "220104");
      json_object_set_string_member (r, "residence_address", "朝阳区红旗街5号");
      json_object_set_string_member (r, "arrival_date", "2026-01-10");
      json_object_set_string_member (r, "registered_on", "2026-01-12");
      json_object_set_string_member (r, "reason", "work");
      jz_save_create (save, "registration", r);
      g_assert_true (jz_store_commit (store, save, &error));
      g_assert_no_error (error);
    }
}

static GBytes *
make_jpeg (guint seed)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize len = 0;
  guchar *px = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 640; x++)
      {
        guchar *p = px + y * stride + x * 3;

        p[0] = (guchar) (x + seed);
        p[1] = (guchar) (y * 3);
        p[2] = (guchar) ((x ^ y) + seed * 7);
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

/* Every regular file under @dir; fails on the first secret found. */
static void
scan_dir (const char *dir,
          const char *when)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_dir (path, when);
          continue;
        }
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        if (memmem (contents, len, secrets[i], strlen (secrets[i])) != NULL)
          g_error ("%s: “%s” is readable in %s", when, secrets[i], path);
    }
}

static JzDataKey *
env_key (void)
{
  g_autoptr(GError) error = NULL;
  JzDataKey *key = jz_data_key_from_env (FALSE, NULL, NULL, &error);

  g_assert_no_error (error);
  return key;
}

static void
test_scan (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autoptr(JzDataKey) key = env_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JzDevice) device = jz_device_open_with_key (dir, key, NULL, &error);
  g_autoptr(GBytes) token_text = g_bytes_new_static ("tok-secret-0123\n", 16);
  JzStore *store;
  JzPhotoStore *photos;
  JzPhotoInfo info;

  g_assert_no_error (error);
  store = jz_device_get_store (device);
  photos = jz_device_get_photos (device);
  save_persons (store, 0, N_PERSONS);

  {
    g_autoptr(JsonObject) body = json_object_new ();

    json_object_set_string_member (body, "name", "草稿里的名字");
    json_object_set_string_member (body, "id_number", "220102199003074516");
    g_assert_true (jz_store_draft_save (store, "draft-1", "declaration", body, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) jpeg = make_jpeg (i);
      g_autoptr(GBytes) back = NULL;

      g_assert_true (jz_photo_store_import_bytes (photos, jpeg, &info, &error));
      g_assert_no_error (error);
      g_assert_true (jz_photo_store_verify (photos, info.sha256, &error));
      g_assert_no_error (error);
      back = jz_photo_store_read_thumbnail (photos, info.sha256, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (back), >, 100);
      g_assert_cmpint (((const guchar *) g_bytes_get_data (back, NULL))[0], ==, 0xff);
    }
  g_assert_true (jz_sealed_write_file (key, "token", token, token_text, &error));
  g_assert_no_error (error);

  /* open: the WAL holds the last commits */
  scan_dir (dir, "with the store open");
  g_clear_object (&device);
  scan_dir (dir, "after closing");

  /* and everything reads back */
  device = jz_device_open_with_key (dir, key, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) hits = jz_store_search (jz_device_get_store (device), "测试12", 50, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >=, 1);
  }
}

static void
test_keys (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *key_id = g_build_filename (dir, "key-id", NULL);
  g_autoptr(JzDataKey) key = env_key ();
  g_autoptr(JzDataKey) other = jz_data_key_new_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = jz_store_open_with_key (dir, key, &error);

  g_assert_no_error (error);
  save_persons (store, 0, 10);
  g_clear_object (&store);

  /* another key: told as such, nothing written */
  store = jz_store_open_with_key (dir, other, &error);
  g_assert_null (store);
  g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_WRONG_KEY);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* without the fingerprint file, the first page fails */
  g_assert_cmpint (g_unlink (key_id), ==, 0);
  store = jz_store_open_with_key (dir, other, &error);
  g_assert_null (store);
  g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "first page"));
  g_clear_error (&error);

  /* no key at all */
  {
    g_autofree char *saved = g_strdup (g_getenv (JZ_KEY_FILE_ENV));

    g_unsetenv (JZ_KEY_FILE_ENV);
    store = jz_store_open (dir, &error);
    g_assert_null (store);
    g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_NO_KEY);
    g_clear_error (&error);
    g_setenv (JZ_KEY_FILE_ENV, saved, TRUE);
  }

  /* the right key still opens it, and names it again */
  store = jz_store_open_with_key (dir, key, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (key_id, G_FILE_TEST_EXISTS));
}

static void
test_key_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "k", "data.key", NULL);
  g_autoptr(JzDataKey) made = NULL;
  g_autoptr(JzDataKey) read = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  made = jz_data_key_ensure_file (path, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  read = jz_data_key_ensure_file (path, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpstr (jz_data_key_get_id (made), ==, jz_data_key_get_id (read));

  /* readable by others: refused */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_clear_pointer (&read, jz_data_key_unref);
  read = jz_data_key_load_file (path, &error);
  g_assert_null (read);
  g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY);
  g_clear_error (&error);

  /* not a key */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (g_file_set_contents (path, "juzhu-data-key-1 c2hvcnQ=\n", -1, NULL));
  read = jz_data_key_load_file (path, &error);
  g_assert_null (read);
  g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY);
  g_clear_error (&error);

  /* a key file inside the data directory it would protect */
  {
    g_autofree char *saved = g_strdup (g_getenv (JZ_KEY_FILE_ENV));
    g_autofree char *inside = g_build_filename (dir, "key", NULL);

    g_setenv (JZ_KEY_FILE_ENV, inside, TRUE);
    read = jz_data_key_from_env (TRUE, dir, NULL, &error);
    g_assert_null (read);
    g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_BAD_KEY);
    g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
    g_setenv (JZ_KEY_FILE_ENV, saved, TRUE);
  }
}

static void
flip_byte (const char *path,
           gsize       offset)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (offset, <, len);
  contents[offset] ^= 0x20;
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

static void
test_tampered (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *db = g_build_filename (dir, "juzhu.db", NULL);
  g_autoptr(JzDataKey) key = env_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JzDevice) device = jz_device_open_with_key (dir, key, NULL, &error);
  g_autoptr(GBytes) jpeg = make_jpeg (9);
  g_autofree char *blob = NULL;
  JzPhotoInfo info;
  GStatBuf st;

  g_assert_no_error (error);
  save_persons (jz_device_get_store (device), 0, N_PERSONS);
  g_assert_true (jz_photo_store_import_bytes (jz_device_get_photos (device), jpeg, &info, &error));
  g_assert_no_error (error);
  blob = jz_photo_store_blob_path (jz_device_get_photos (device), info.sha256);
  g_clear_object (&device);

  /* one bit of a page in the middle of the file */
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 20 * 4096);
  flip_byte (db, (st.st_size / 4096 / 2) * 4096 + 1234);
  device = jz_device_open_with_key (dir, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (jz_store_integrity_check (jz_device_get_store (device), &error));
  g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "page"));
  g_clear_error (&error);

  /* one bit of a photo */
  flip_byte (blob, 300);
  g_assert_false (jz_photo_store_verify (jz_device_get_photos (device), info.sha256, &error));
  g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM);
  g_clear_error (&error);

  /* a photo put in another's place */
  {
    g_autoptr(GBytes) other = make_jpeg (10);
    g_autofree char *other_blob = NULL;
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (jz_photo_store_import_bytes (jz_device_get_photos (device), other, &info, &error));
    other_blob = jz_photo_store_blob_path (jz_device_get_photos (device), info.sha256);
    g_assert_true (g_file_get_contents (blob, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (other_blob, contents, len, NULL));
    g_assert_false (jz_photo_store_verify (jz_device_get_photos (device), info.sha256, &error));
    g_assert_error (error, JZ_PHOTO_ERROR, JZ_PHOTO_ERROR_CHECKSUM);
  }
}

/* ---- pages sealed by the first version ---------------------------------- */

#define PAGE 4096
#define DATA (PAGE - 40)

static void
page_ad (guint8  ad[8],
         guint32 number)
{
  memcpy (ad, "jzdb", 4);
  for (guint i = 0; i < 4; i++)
    ad[4 + i] = (guint8) (number >> (24 - 8 * i));
}

/* Opens an AES-256-GCM page as docs/security.md describes it, and seals it
 * again as the first version did: XChaCha20-Poly1305, its 24-byte nonce
 * and 16-byte tag in the 40 reserved bytes. */
static void
reseal_first_version (JzDataKey *key,
                      guint8    *page,
                      guint32    number)
{
  gnutls_datum_t gcm_key = { (guint8 *) jz_data_key_subkey (key, JZ_KEY_USE_DB_PAGES_GCM), 32 };
  gnutls_aead_cipher_hd_t gcm;
  guint8 ad[8], plain[DATA], nonce[24];
  size_t len = sizeof plain;

  g_assert_cmpmem (page + DATA + 28, 12, "jz-aes-gcm-1", 12);
  page_ad (ad, number);
  g_assert_cmpint (gnutls_aead_cipher_init (&gcm, GNUTLS_CIPHER_AES_256_GCM, &gcm_key), ==, 0);
  {
    guint8 sealed[DATA + 16];

    memcpy (sealed, page, DATA);
    memcpy (sealed + DATA, page + DATA + 12, 16);
    g_assert_cmpint (gnutls_aead_cipher_decrypt (gcm, page + DATA, 12, ad, sizeof ad, 16,
                                                 sealed, sizeof sealed, plain, &len), ==, 0);
  }
  gnutls_aead_cipher_deinit (gcm);
  g_assert_cmpuint (len, ==, DATA);

  randombytes_buf (nonce, sizeof nonce);
  memcpy (page + DATA, nonce, sizeof nonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached (page, page + DATA + 24, NULL, plain, DATA,
                                                       ad, sizeof ad, NULL, nonce,
                                                       jz_data_key_subkey (key, JZ_KEY_USE_DB_PAGES));
}

static guint
count_persons (JzStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = jz_store_count (store, "person", &error);

  g_assert_no_error (error);
  return (guint) n;
}

/* A store whose every other page is as the first version sealed it reads,
 * takes new records, and rewrites pages in the current way; a page's mark
 * changed is tampering, as a flipped byte is. */
static void
test_first_version (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *db = g_build_filename (dir, "juzhu.db", NULL);
  g_autoptr(JzDataKey) key = env_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JzDevice) device = jz_device_open_with_key (dir, key, NULL, &error);
  g_autofree guint8 *contents = NULL;
  gsize len = 0, n_first = 0, n_gcm = 0;

  g_assert_no_error (error);
  save_persons (jz_device_get_store (device), 0, N_PERSONS);
  g_clear_object (&device);  /* the last connection closes: the WAL is checkpointed */

  g_assert_true (g_file_get_contents (db, (char **) &contents, &len, NULL));
  g_assert_cmpuint (len % PAGE, ==, 0);
  for (gsize i = 0; i < len / PAGE; i += 2)
    reseal_first_version (key, contents + i * PAGE, (guint32) i + 1);
  g_assert_true (g_file_set_contents (db, (char *) contents, len, NULL));
  g_clear_pointer (&contents, g_free);

  device = jz_device_open_with_key (dir, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (jz_store_integrity_check (jz_device_get_store (device), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_persons (jz_device_get_store (device)), ==, N_PERSONS);
  save_persons (jz_device_get_store (device), N_PERSONS, 20);
  g_assert_cmpuint (count_persons (jz_device_get_store (device)), ==, N_PERSONS + 20);
  g_clear_object (&device);

  /* pages written since are sealed the current way; the others are kept */
  g_assert_true (g_file_get_contents (db, (char **) &contents, &len, NULL));
  for (gsize i = 0; i < len / PAGE; i++)
    {
      if (memcmp (contents + i * PAGE + DATA + 28, "jz-aes-gcm-1", 12) == 0)
        n_gcm++;
      else
        n_first++;
    }
  g_test_message ("%" G_GSIZE_FORMAT " pages of the first version, %" G_GSIZE_FORMAT " of AES-GCM",
                  n_first, n_gcm);
  g_assert_cmpuint (n_first, >, 0);
  g_assert_cmpuint (n_gcm, >, len / PAGE / 2);

  /* the mark of a page of each kind, changed */
  for (guint kind = 0; kind < 2; kind++)
    {
      g_autofree guint8 *copy = g_memdup2 (contents, len);
      gsize at = 0;

      for (gsize i = 1; i < len / PAGE; i++)
        if ((memcmp (copy + i * PAGE + DATA + 28, "jz-aes-gcm-1", 12) == 0) == (kind == 0))
          {
            at = i;
            break;
          }
      g_assert_cmpuint (at, >, 0);
      if (kind == 0)
        copy[at * PAGE + DATA + 39] ^= 1;                       /* no longer marked */
      else
        memcpy (copy + at * PAGE + DATA + 28, "jz-aes-gcm-1", 12);  /* marked */
      g_assert_true (g_file_set_contents (db, (char *) copy, len, NULL));
      /* refused at the open when the page holds the schema, else by the check */
      device = jz_device_open_with_key (dir, key, NULL, &error);
      if (device != NULL)
        g_assert_false (jz_store_integrity_check (jz_device_get_store (device), &error));
      g_assert_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED);
      g_test_message ("page %" G_GSIZE_FORMAT ": %s", at + 1, error->message);
      g_clear_error (&error);
      g_clear_object (&device);
    }
}

/* ---- a plain directory of an older version ----------------------------- */

static char *
make_plain_dir (char **sha256)
{
  char *dir = make_dir ();
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = jz_store_open_file (dir, "juzhu.db", &error);
  g_autoptr(JzPhotoStore) photos = jz_photo_store_new (dir);
  g_autoptr(GBytes) jpeg = make_jpeg (3);
  JzPhotoInfo info;

  g_assert_no_error (error);
  save_persons (store, 0, N_PERSONS);
  g_assert_true (jz_photo_store_import_bytes (photos, jpeg, &info, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (token, "tok-secret-plain\n", -1, NULL));
  *sha256 = g_strdup (info.sha256);
  return dir;
}

static void
check_upgraded (const char *dir,
                const char *sha256)
{
  g_autoptr(JzDataKey) key = env_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JzDevice) device = jz_device_open_with_key (dir, key, NULL, &error);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autofree char *token_path = g_build_filename (dir, "token", NULL);

  g_assert_no_error (error);
  g_assert_true (jz_store_integrity_check (jz_device_get_store (device), &error));
  g_assert_no_error (error);
  hits = jz_store_list (jz_device_get_store (device), "person", NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, N_PERSONS);
  g_assert_true (jz_photo_store_verify (jz_device_get_photos (device), sha256, &error));
  g_assert_no_error (error);
  token = jz_sealed_read_file (key, "token", token_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (token, NULL), 17, "tok-secret-plain\n", 17);
  g_clear_object (&device);
  scan_dir (dir, "after the upgrade");
}

static void
test_upgrade (void)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *dir = make_plain_dir (&sha256);

  check_upgraded (dir, sha256);
  check_upgraded (dir, sha256);  /* and again: nothing more to do */
}

/* The upgrade in a child, killed at a named point or after a delay. */
static void
upgrade_killed (const char *dir,
                const char *point,
                guint       delay_us)
{
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-crypt", NULL), "--upgrade-child", dir, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  GPid pid;
  int status = 0;

  if (point != NULL)
    envp = g_environ_setenv (envp, "JUZHU_CRASH_AT", point, TRUE);
  g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  if (point == NULL)
    {
      g_usleep (delay_us);
      kill (pid, SIGKILL);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (point != NULL)
    g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
}

static void
test_upgrade_killed (void)
{
  static const char *points[] = {
    "encrypt-before-copy", "encrypt-before-sync", "encrypt-before-dir-sync",
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autofree char *sha256 = NULL;
      g_autofree char *dir = make_plain_dir (&sha256);

      upgrade_killed (dir, points[i], 0);
      check_upgraded (dir, sha256);
    }
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *sha256 = NULL;
      g_autofree char *dir = make_plain_dir (&sha256);

      /* killed at random moments, twice, then finished */
      upgrade_killed (dir, NULL, g_random_int_range (0, 60000));
      upgrade_killed (dir, NULL, g_random_int_range (0, 60000));
      check_upgraded (dir, sha256);
    }
}

static int
upgrade_child (const char *dir)
{
  g_autoptr(JzDataKey) key = env_key ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JzDevice) device = jz_device_open_with_key (dir, key, NULL, &error);

  if (device == NULL)
    {
      fprintf (stderr, "child: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--upgrade-child"))
    return upgrade_child (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/crypt/scan", test_scan);
  g_test_add_func ("/crypt/keys", test_keys);
  g_test_add_func ("/crypt/key-file", test_key_file);
  g_test_add_func ("/crypt/tampered", test_tampered);
  g_test_add_func ("/crypt/first-version", test_first_version);
  g_test_add_func ("/crypt/upgrade", test_upgrade);
  g_test_add_func ("/crypt/upgrade-killed", test_upgrade_killed);
  return g_test_run ();
}
