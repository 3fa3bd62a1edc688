/* jz-store-vfs.c — the device's database encrypted page by page
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An SQLite VFS over the default one, after the pattern of SQLite's own
 * cksumvfs: the database is made with JZ_VFS_RESERVE bytes reserved at the
 * end of every page, which SQLite leaves alone, and this layer keeps each
 * page's nonce and authentication tag there.
 *
 * - The database file and the WAL: every page is sealed on its way to the
 *   disk with AES-256-GCM (GnuTLS), a nonce never used before
 *   (next_nonce()), and the page's place as associated data (the page number in
 *   the database file, the frame number in the WAL): a page altered, or
 *   moved to another place, fails to open. The file's first page too, so
 *   nothing of the file says it is an SQLite database. The WAL's own
 *   header and frame headers (sizes, salts, checksums, page numbers) are
 *   left as SQLite wrote them; its pages are not.
 * - A page of the database file that fails is reported (SQLITE_IOERR_DATA,
 *   which the store turns into JZ_CRYPT_ERROR_TAMPERED). A WAL frame read
 *   whole is SQLite's recovery scanning the log: a frame that fails there
 *   is given back as zeros, its checksum then fails, and SQLite ends the
 *   log before it, as it does for a frame cut short by a crash.
 * - Journals and temporary files carry no reserved bytes: they are
 *   XOR-ed with an XChaCha20 key stream at their offset, keyed for
 *   temporary files by a random key that dies with them, and for a
 *   rollback journal (only ever written while a new database is switched
 *   to WAL, when it holds no personal data) by a key derived from the data
 *   key and the file's name, so that a journal left by a crash still rolls
 *   back.
 * - Pages are JZ_VFS_PAGE bytes, always: page 1 is checked for that page
 *   size and that reserve on every write and read, and any other layout is
 *   refused rather than written.
 * - No memory mapping (an iVersion 2 file): every read passes through here.
 *
 * Each store registers a VFS of its own, named after it, holding its key;
 * nothing about the key is global.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <sodium.h>
#include <string.h>

#include "jz-store-private.h"

#define PAGE      JZ_VFS_PAGE
#define DATA      (PAGE - JZ_VFS_RESERVE)
#define WAL_HDR   32
#define FRAME_HDR 24
#define FRAME     (FRAME_HDR + PAGE)

/* A page's reserved bytes, as sealed since the first version: nonce, tag */
#define XC_NONCE  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES   /* 24 */
#define XC_TAG    crypto_aead_xchacha20poly1305_ietf_ABYTES      /* 16 */
G_STATIC_ASSERT (XC_NONCE + XC_TAG == JZ_VFS_RESERVE);

/* and as sealed now: nonce, tag, and a mark that names the algorithm */
#define GCM_NONCE 12
#define GCM_TAG   16
#define GCM_MARK  (JZ_VFS_RESERVE - GCM_NONCE - GCM_TAG)         /* 12 */
static const guint8 gcm_mark[GCM_MARK] = { 'j', 'z', '-', 'a', 'e', 's', '-', 'g', 'c', 'm', '-', '1' };

typedef enum { KIND_DB, KIND_WAL, KIND_STREAM } FileKind;

struct _JzStoreVfs
{
  sqlite3_vfs  base;
  sqlite3_vfs *root;
  JzDataKey   *key;
  char         name[48];
  gint         bad_page;   /* the last page that failed, for the message */
  guint8       nonce_start[GCM_NONCE];
  guint64      nonce_count;
};

typedef struct
{
  sqlite3_file  base;
  JzStoreVfs   *vfs;
  FileKind      kind;
  guint8        stream_key[crypto_stream_xchacha20_KEYBYTES];
  guint8        stream_nonce[crypto_stream_xchacha20_NONCEBYTES];
  gnutls_aead_cipher_hd_t gcm;  /* pages (database and WAL); one a file, as a handle holds a message's state */
  guint8        buf[FRAME];
  sqlite3_file *real;      /* the root VFS's file, right after this struct */
} CryptFile;

static gint vfs_serial;

/* ---- pages ---------------------------------------------------------- */

static void
page_ad (guint8   ad[8],
         FileKind kind,
         guint32  number)
{
  memcpy (ad, kind == KIND_DB ? "jzdb" : "jzwl", 4);
  ad[4] = number >> 24;
  ad[5] = number >> 16;
  ad[6] = number >> 8;
  ad[7] = number;
}

static gboolean
header_ok (const guint8 *page1)
{
  /* page size (big-endian; 1 means 65536) and reserved bytes */
  return ((page1[16] << 8) | page1[17]) == PAGE && page1[20] == JZ_VFS_RESERVE;
}

/* A nonce never used before with this key: 12 random bytes drawn when the
 * VFS was made, the last 8 of them then counted up. Two VFSs repeat a nonce
 * only if their first 4 random bytes are the same and their counts overlap:
 * for 2^20 opens of a store writing 2^30 pages each, a chance of about
 * 2^-26 (docs/security.md). (A random nonce per page, asked of the kernel,
 * cost a system call a page.) */
static void
next_nonce (JzStoreVfs *vfs,
            guint8      nonce[GCM_NONCE])
{
  guint64 count = __atomic_fetch_add (&vfs->nonce_count, 1, __ATOMIC_RELAXED);
  guint64 start = 0;

  for (guint i = 0; i < 8; i++)
    start |= (guint64) vfs->nonce_start[GCM_NONCE - 8 + i] << (8 * i);
  count += start;
  memcpy (nonce, vfs->nonce_start, GCM_NONCE - 8);
  for (guint i = 0; i < 8; i++)
    nonce[GCM_NONCE - 8 + i] = (guint8) (count >> (8 * i));
}

/* Seals @plain's DATA bytes into @out (PAGE bytes) with AES-256-GCM: GnuTLS
 * uses the CPU's AES instructions where it has them (1.5 µs a page here,
 * against 4.9 µs for XChaCha20-Poly1305) and its own code where not. */
static void
seal_page (CryptFile    *f,
           guint32       number,
           const guint8 *plain,
           guint8       *out)
{
  guint8 ad[8];
  giovec_t ad_vec = { ad, sizeof ad };
  giovec_t data_vec = { out, DATA };
  size_t tag_size = GCM_TAG;

  page_ad (ad, f->kind, number);
  next_nonce (f->vfs, out + DATA);
  memcpy (out + DATA + GCM_NONCE + GCM_TAG, gcm_mark, GCM_MARK);
  memcpy (out, plain, DATA);
  if (gnutls_aead_cipher_encryptv2 (f->gcm, out + DATA, GCM_NONCE, &ad_vec, 1, &data_vec, 1,
                                    out + DATA + GCM_NONCE, &tag_size) < 0)
    g_error ("AES-256-GCM failed to seal a page");  /* only for wrong sizes, which these are not */
}

/* Opens a sealed page into @out (PAGE bytes; @out may be @sealed): an AES-GCM
 * page by its mark, else a page of the first version (XChaCha20-Poly1305,
 * whose last 12 reserved bytes are part of its tag). A mark changed either
 * way sends the page to the other algorithm, with another subkey: it fails. */
static gboolean
open_page (CryptFile    *f,
           guint32       number,
           const guint8 *sealed,
           guint8       *out)
{
  guint8 ad[8];
  const guint8 *reserved = sealed + DATA;

  page_ad (ad, f->kind, number);
  if (memcmp (reserved + GCM_NONCE + GCM_TAG, gcm_mark, GCM_MARK) == 0)
    {
      guint8 nonce_tag[GCM_NONCE + GCM_TAG];
      giovec_t ad_vec = { ad, sizeof ad };
      giovec_t data_vec = { out, DATA };

      memcpy (nonce_tag, reserved, sizeof nonce_tag);  /* @out may overlap them */
      if (out != sealed)
        memcpy (out, sealed, DATA);
      if (gnutls_aead_cipher_decryptv2 (f->gcm, nonce_tag, GCM_NONCE, &ad_vec, 1, &data_vec, 1,
                                        (void *) (nonce_tag + GCM_NONCE), GCM_TAG) < 0)
        {
          memset (out, 0, PAGE);
          return FALSE;
        }
    }
  else if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached (out, NULL, sealed, DATA,
                                                                reserved + XC_NONCE, ad, sizeof ad,
                                                                reserved,
                                                                jz_data_key_subkey (f->vfs->key, JZ_KEY_USE_DB_PAGES)) != 0)
    return FALSE;
  memset (out + DATA, 0, JZ_VFS_RESERVE);  /* SQLite's reserved bytes, as it left them */
  return TRUE;
}

/* ---- the stream for journals and temporary files --------------------- */

static void
stream_xor (CryptFile    *f,
            guint8       *data,
            gsize         len,
            sqlite3_int64 offset)
{
  guint64 block = (guint64) offset / 64;
  gsize skip = (gsize) (offset % 64);

  if (skip != 0)
    {
      guint8 ks[64] = { 0 };
      gsize n = MIN (len, 64 - skip);

      crypto_stream_xchacha20_xor_ic (ks, ks, sizeof ks, f->stream_nonce, block, f->stream_key);
      for (gsize i = 0; i < n; i++)
        data[i] ^= ks[skip + i];
      sodium_memzero (ks, sizeof ks);
      data += n;
      len -= n;
      block++;
    }
  if (len > 0)
    crypto_stream_xchacha20_xor_ic (data, data, len, f->stream_nonce, block, f->stream_key);
}

/* ---- reads and writes ------------------------------------------------ */

static int
read_db (CryptFile     *f,
         guint8        *out,
         int            amount,
         sqlite3_int64  offset)
{
  sqlite3_int64 page_start = offset - offset % PAGE;
  guint32 number = (guint32) (page_start / PAGE) + 1;
  gboolean whole = offset == page_start && amount == PAGE;
  guint8 *sealed = whole ? out : f->buf;  /* a whole page is opened where it is read */
  guint8 plain[PAGE];
  int rc;

  if (offset + amount > page_start + PAGE)
    return SQLITE_IOERR_READ;  /* never asked by SQLite: reads stay within a page */

  rc = f->real->pMethods->xRead (f->real, sealed, PAGE, page_start);
  if (rc == SQLITE_IOERR_SHORT_READ)
    {
      /* past the end (a new database, or a file cut short): zeros, as SQLite expects */
      memset (out, 0, amount);
      return rc;
    }
  if (rc != SQLITE_OK)
    return rc;
  if (!open_page (f, number, sealed, whole ? out : plain))
    {
      g_atomic_int_set (&f->vfs->bad_page, (gint) number);
      return SQLITE_IOERR_DATA;
    }
  if (number == 1 && !header_ok (whole ? out : plain))
    return SQLITE_IOERR_DATA;
  if (!whole)
    {
      memcpy (out, plain + (offset - page_start), amount);
      sodium_memzero (plain, sizeof plain);
    }
  return SQLITE_OK;
}

static int
write_db (CryptFile     *f,
          const guint8  *data,
          int            amount,
          sqlite3_int64  offset)
{
  guint32 number = (guint32) (offset / PAGE) + 1;

  if (amount != PAGE || offset % PAGE != 0)
    return SQLITE_IOERR_WRITE;
  if (number == 1 && !header_ok (data))
    return SQLITE_IOERR_WRITE;
  seal_page (f, number, data, f->buf);
  return f->real->pMethods->xWrite (f->real, f->buf, PAGE, offset);
}

/* The WAL: a 32-byte header, then frames of a 24-byte header and a page. */
static int
read_wal (CryptFile     *f,
          guint8        *out,
          int            amount,
          sqlite3_int64  offset)
{
  sqlite3_int64 rel, frame_start;
  guint32 frame;
  gboolean whole;
  int rc;

  if (offset + amount <= WAL_HDR)
    return f->real->pMethods->xRead (f->real, out, amount, offset);
  if (offset < WAL_HDR)
    return SQLITE_IOERR_READ;
  rel = offset - WAL_HDR;
  frame = (guint32) (rel / FRAME);
  frame_start = WAL_HDR + (sqlite3_int64) frame * FRAME;
  if (offset + amount > frame_start + FRAME)
    return SQLITE_IOERR_READ;
  if (offset + amount <= frame_start + FRAME_HDR)
    return f->real->pMethods->xRead (f->real, out, amount, offset);

  /* the page, alone (a read of the log) or with its header (recovery) */
  whole = offset == frame_start && amount == FRAME;
  if (!whole && (offset != frame_start + FRAME_HDR || amount != PAGE))
    return SQLITE_IOERR_READ;
  rc = f->real->pMethods->xRead (f->real, f->buf, FRAME, frame_start);
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
    return rc;
  if (whole)
    memcpy (out, f->buf, FRAME_HDR);
  if (rc == SQLITE_IOERR_SHORT_READ)
    {
      memset (out + (whole ? FRAME_HDR : 0), 0, PAGE);
      return rc;
    }
  if (!open_page (f, frame + 1, f->buf + FRAME_HDR, out + (whole ? FRAME_HDR : 0)))
    {
      if (whole)
        {
          /* recovery: the frame's checksum fails and the log ends before it */
          memset (out + FRAME_HDR, 0, PAGE);
          return SQLITE_OK;
        }
      g_atomic_int_set (&f->vfs->bad_page, -(gint) (frame + 1));
      return SQLITE_IOERR_DATA;
    }
  return SQLITE_OK;
}

static int
write_wal (CryptFile     *f,
           const guint8  *data,
           int            amount,
           sqlite3_int64  offset)
{
  sqlite3_int64 rel, frame_start;
  guint32 frame;

  if (offset + amount <= WAL_HDR)
    return f->real->pMethods->xWrite (f->real, data, amount, offset);
  if (offset < WAL_HDR)
    return SQLITE_IOERR_WRITE;
  rel = offset - WAL_HDR;
  frame = (guint32) (rel / FRAME);
  frame_start = WAL_HDR + (sqlite3_int64) frame * FRAME;
  if (offset + amount <= frame_start + FRAME_HDR)
    return f->real->pMethods->xWrite (f->real, data, amount, offset);
  if (offset != frame_start + FRAME_HDR || amount != PAGE)
    return SQLITE_IOERR_WRITE;
  seal_page (f, frame + 1, data, f->buf);
  return f->real->pMethods->xWrite (f->real, f->buf, PAGE, offset);
}

static int
crypt_read (sqlite3_file  *file,
            void          *out,
            int            amount,
            sqlite3_int64  offset)
{
  CryptFile *f = (CryptFile *) file;
  int rc;

  switch (f->kind)
    {
    case KIND_DB:
      return read_db (f, out, amount, offset);
    case KIND_WAL:
      return read_wal (f, out, amount, offset);
    case KIND_STREAM:
    default:
      rc = f->real->pMethods->xRead (f->real, out, amount, offset);
      if (rc == SQLITE_OK)
        stream_xor (f, out, amount, offset);
      return rc;
    }
}

static int
crypt_write (sqlite3_file  *file,
             const void    *data,
             int            amount,
             sqlite3_int64  offset)
{
  CryptFile *f = (CryptFile *) file;
  g_autofree guint8 *copy = NULL;

  switch (f->kind)
    {
    case KIND_DB:
      return write_db (f, data, amount, offset);
    case KIND_WAL:
      return write_wal (f, data, amount, offset);
    case KIND_STREAM:
    default:
      copy = g_memdup2 (data, amount);
      stream_xor (f, copy, amount, offset);
      return f->real->pMethods->xWrite (f->real, copy, amount, offset);
    }
}

/* ---- the rest passes through ------------------------------------------ */

static int
crypt_close (sqlite3_file *file)
{
  CryptFile *f = (CryptFile *) file;
  int rc = f->real->pMethods ? f->real->pMethods->xClose (f->real) : SQLITE_OK;

  g_clear_pointer (&f->gcm, gnutls_aead_cipher_deinit);
  sodium_memzero (f->stream_key, sizeof f->stream_key);
  sodium_memzero (f->buf, sizeof f->buf);
  return rc;
}

#define REAL(file) (((CryptFile *) (file))->real)

static int crypt_truncate (sqlite3_file *file, sqlite3_int64 size) { return REAL (file)->pMethods->xTruncate (REAL (file), size); }
static int crypt_sync (sqlite3_file *file, int flags) { return REAL (file)->pMethods->xSync (REAL (file), flags); }
static int crypt_file_size (sqlite3_file *file, sqlite3_int64 *size) { return REAL (file)->pMethods->xFileSize (REAL (file), size); }
static int crypt_lock (sqlite3_file *file, int lock) { return REAL (file)->pMethods->xLock (REAL (file), lock); }
static int crypt_unlock (sqlite3_file *file, int lock) { return REAL (file)->pMethods->xUnlock (REAL (file), lock); }
static int crypt_check_reserved (sqlite3_file *file, int *out) { return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out); }
static int crypt_sector_size (sqlite3_file *file) { return REAL (file)->pMethods->xSectorSize (REAL (file)); }
static int crypt_device (sqlite3_file *file) { return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file)); }
static int crypt_shm_map (sqlite3_file *file, int i, int size, int extend, void volatile **out) { return REAL (file)->pMethods->xShmMap (REAL (file), i, size, extend, out); }
static int crypt_shm_lock (sqlite3_file *file, int offset, int n, int flags) { return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags); }
static void crypt_shm_barrier (sqlite3_file *file) { REAL (file)->pMethods->xShmBarrier (REAL (file)); }
static int crypt_shm_unmap (sqlite3_file *file, int delete) { return REAL (file)->pMethods->xShmUnmap (REAL (file), delete); }

static int
crypt_file_control (sqlite3_file *file,
                    int           op,
                    void         *arg)
{
  if (op == SQLITE_FCNTL_MMAP_SIZE)
    {
      *(sqlite3_int64 *) arg = 0;  /* pages are never mapped: they must pass through here */
      return SQLITE_OK;
    }
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static const sqlite3_io_methods crypt_io = {
  2,
  crypt_close, crypt_read, crypt_write, crypt_truncate, crypt_sync, crypt_file_size,
  crypt_lock, crypt_unlock, crypt_check_reserved, crypt_file_control, crypt_sector_size,
  crypt_device, crypt_shm_map, crypt_shm_lock, crypt_shm_barrier, crypt_shm_unmap,
  NULL, NULL,
};

static int
crypt_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;
  CryptFile *f = (CryptFile *) file;
  int rc;

  memset (f, 0, sizeof *f);
  f->vfs = self;
  f->real = (sqlite3_file *) (f + 1);
  if (flags & SQLITE_OPEN_MAIN_DB)
    f->kind = KIND_DB;
  else if (flags & SQLITE_OPEN_WAL)
    f->kind = KIND_WAL;
  else
    f->kind = KIND_STREAM;

  if (f->kind == KIND_STREAM)
    {
      if ((flags & (SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_SUPER_JOURNAL)) && name != NULL)
        {
          /* survives a crash: a key that the same name gives again */
          const char *base = strrchr (name, '/');

          crypto_generichash (f->stream_key, sizeof f->stream_key,
                              (const guint8 *) (base ? base + 1 : name), strlen (base ? base + 1 : name),
                              jz_data_key_subkey (self->key, JZ_KEY_USE_DB_OTHER), JZ_DATA_KEY_BYTES);
        }
      else
        {
          randombytes_buf (f->stream_key, sizeof f->stream_key);
          randombytes_buf (f->stream_nonce, sizeof f->stream_nonce);
        }
    }
  else
    {
      gnutls_datum_t page_key = { (guint8 *) jz_data_key_subkey (self->key, JZ_KEY_USE_DB_PAGES_GCM),
                                  JZ_DATA_KEY_BYTES };

      if (gnutls_aead_cipher_init (&f->gcm, GNUTLS_CIPHER_AES_256_GCM, &page_key) < 0)
        return SQLITE_CANTOPEN;
    }

  rc = self->root->xOpen (self->root, name, f->real, flags, out_flags);
  if (rc == SQLITE_OK)
    f->base.pMethods = &crypt_io;
  else if (f->gcm != NULL)
    g_clear_pointer (&f->gcm, gnutls_aead_cipher_deinit);
  return rc;
}

static int
crypt_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;

  return self->root->xDelete (self->root, name, sync_dir);
}

static int
crypt_access (sqlite3_vfs *vfs,
              const char  *name,
              int          flags,
              int         *out)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;

  return self->root->xAccess (self->root, name, flags, out);
}

static int
crypt_full_pathname (sqlite3_vfs *vfs,
                     const char  *name,
                     int          n,
                     char        *out)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;

  return self->root->xFullPathname (self->root, name, n, out);
}

static int
crypt_randomness (sqlite3_vfs *vfs,
                  int          n,
                  char        *out)
{
  randombytes_buf (out, n);
  return n;
}

static int
crypt_sleep (sqlite3_vfs *vfs,
             int          micro)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;

  return self->root->xSleep (self->root, micro);
}

static int
crypt_current_time (sqlite3_vfs *vfs,
                    double      *out)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;

  return self->root->xCurrentTime (self->root, out);
}

static int
crypt_last_error (sqlite3_vfs *vfs,
                  int          n,
                  char        *out)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;

  return self->root->xGetLastError ? self->root->xGetLastError (self->root, n, out) : 0;
}

static int
crypt_current_time64 (sqlite3_vfs   *vfs,
                      sqlite3_int64 *out)
{
  JzStoreVfs *self = (JzStoreVfs *) vfs;

  return self->root->xCurrentTimeInt64 (self->root, out);
}

/**
 * _jz_store_vfs_new:
 * @key: the data key
 *
 * Registers a VFS of its own that seals pages with @key.
 */
JzStoreVfs *
_jz_store_vfs_new (JzDataKey *key)
{
  JzStoreVfs *self = g_new0 (JzStoreVfs, 1);
  sqlite3_vfs *root = sqlite3_vfs_find (NULL);

  self->root = root;
  self->key = jz_data_key_ref (key);
  randombytes_buf (self->nonce_start, sizeof self->nonce_start);
  g_snprintf (self->name, sizeof self->name, "juzhu-crypt-%d", g_atomic_int_add (&vfs_serial, 1));

  self->base.iVersion = 2;
  self->base.szOsFile = sizeof (CryptFile) + root->szOsFile;
  self->base.mxPathname = root->mxPathname;
  self->base.zName = self->name;
  self->base.xOpen = crypt_open;
  self->base.xDelete = crypt_delete;
  self->base.xAccess = crypt_access;
  self->base.xFullPathname = crypt_full_pathname;
  self->base.xDlOpen = root->xDlOpen;
  self->base.xDlError = root->xDlError;
  self->base.xDlSym = root->xDlSym;
  self->base.xDlClose = root->xDlClose;
  self->base.xRandomness = crypt_randomness;
  self->base.xSleep = crypt_sleep;
  self->base.xCurrentTime = crypt_current_time;
  self->base.xGetLastError = crypt_last_error;
  self->base.xCurrentTimeInt64 = crypt_current_time64;
  sqlite3_vfs_register (&self->base, 0);
  return self;
}

const char *
_jz_store_vfs_name (JzStoreVfs *self)
{
  return self->name;
}

/* The page that failed last: > 0 a page of the database file, < 0 a frame
 * of the WAL, 0 none. */
gint
_jz_store_vfs_bad_page (JzStoreVfs *self)
{
  return self->bad_page;
}

/* The same, and forgets it. */
gint
_jz_store_vfs_take_bad_page (JzStoreVfs *self)
{
  return g_atomic_int_exchange (&self->bad_page, 0);
}

/* After every connection through it is closed. */
void
_jz_store_vfs_free (JzStoreVfs *self)
{
  if (self == NULL)
    return;
  sqlite3_vfs_unregister (&self->base);
  jz_data_key_unref (self->key);
  g_free (self);
}

/* ---- errors --------------------------------------------------------- */

/* @bad: as _jz_store_vfs_bad_page() gives it */
void
_jz_store_tampered_error (GError **error,
                          gint     bad)
{
  if (bad < 0)
    g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED,
                 _("the database was altered or damaged: frame %d of its log fails its check"), -bad);
  else
    g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED,
                 _("the database was altered or damaged: page %d fails its check"), bad);
}

/**
 * _jz_store_sqlite_error:
 * @db: the connection whose last call failed
 * @vfs: (nullable): its VFS when encrypted
 * @format: what was being done
 *
 * Sets @error from @db's last error: %JZ_CRYPT_ERROR_TAMPERED when a page
 * failed its authentication, else %JZ_STORE_ERROR_SQLITE.
 */
void
_jz_store_sqlite_error (sqlite3     *db,
                        JzStoreVfs  *vfs,
                        GError     **error,
                        const char  *format,
                        ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (vfs != NULL && db != NULL && sqlite3_extended_errcode (db) == SQLITE_IOERR_DATA)
    {
      gint bad = _jz_store_vfs_take_bad_page (vfs);

      if (bad == 1)
        g_set_error (error, JZ_CRYPT_ERROR, JZ_CRYPT_ERROR_TAMPERED,
                     _("the database cannot be decrypted: its first page fails its check "
                     "(this is not the data directory's key, or the file was altered)"));
      else
        _jz_store_tampered_error (error, bad);
      return;
    }
  g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE, "%s: %s", what,
               db ? sqlite3_errmsg (db) : "out of memory");
}
