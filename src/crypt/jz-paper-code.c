/* jz-paper-code.c — the signed code a printed paper carries in its QR
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is in jz-paper-code.h. Reading a code is strict: every
 * length is checked against what is left before it is used, the tags
 * come in order and once each, text is UTF-8 without control characters,
 * and nothing in a code is believed before both signatures are checked.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-paper-code.h"

#include <sodium.h>
#include <string.h>

#include "jz-base45.h"
#include "jz-crypt-private.h"
#include "jz-data-key.h"
#include "jz-date.h"
#include "jz-uuid.h"

#define KEY_FILE_PREFIX  "juzhu-signing-key-1 "
#define CERT_VERSION     1
#define CODE_VERSION     1
#define CERT_CONTEXT     "juzhu-station-1"
#define PAPER_CONTEXT    "juzhu-paper-1"
#define SIG_BYTES        crypto_sign_BYTES
#define CERT_FIXED       (1 + 1 + 16 + 32 + 4 + 4 + 1)
#define AREA_MAX         12

enum
{
  TAG_KIND = 1,
  TAG_NUMBER,
  TAG_DATE,
  TAG_HOLDER,
  TAG_ID_MASKED,
  TAG_RECORD,
};

struct _JzSigningKey
{
  guint8 *secret;    /* sodium_malloc'd: libsodium's 64 bytes, seed then public */
};

G_DEFINE_QUARK (jz-paper-error-quark, jz_paper_error)

/* ---- keys ---------------------------------------------------------------- */

static JzSigningKey *
key_from_seed (const guint8 *seed)
{
  JzSigningKey *self = g_new0 (JzSigningKey, 1);
  guint8 pk[crypto_sign_PUBLICKEYBYTES];

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  self->secret = sodium_malloc (crypto_sign_SECRETKEYBYTES);
  g_assert (self->secret != NULL);
  crypto_sign_seed_keypair (pk, self->secret, seed);
  sodium_mprotect_readonly (self->secret);
  return self;
}

JzSigningKey *
jz_signing_key_new_random (void)
{
  guint8 seed[crypto_sign_SEEDBYTES];
  JzSigningKey *self;

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  randombytes_buf (seed, sizeof seed);
  self = key_from_seed (seed);
  sodium_memzero (seed, sizeof seed);
  return self;
}

JzSigningKey *
jz_signing_key_new_from_seed (const char  *base64,
                              GError     **error)
{
  guint8 seed[crypto_sign_SEEDBYTES];
  size_t len = 0;
  JzSigningKey *self;

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  if (base64 == NULL ||
      sodium_base642bin (seed, sizeof seed, base64, strlen (base64), " \n\r", &len, NULL,
                         sodium_base64_VARIANT_ORIGINAL) != 0 || len != sizeof seed)
    {
      sodium_memzero (seed, sizeof seed);
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_BAD_KEY,
                           _("a signing key is 32 bytes in base64"));
      return NULL;
    }
  self = key_from_seed (seed);
  sodium_memzero (seed, sizeof seed);
  return self;
}

char *
jz_signing_key_get_seed (JzSigningKey *self)
{
  char out[sodium_base64_ENCODED_LEN (crypto_sign_SEEDBYTES, sodium_base64_VARIANT_ORIGINAL)];
  char *copy;

  sodium_bin2base64 (out, sizeof out, self->secret, crypto_sign_SEEDBYTES, sodium_base64_VARIANT_ORIGINAL);
  copy = g_strdup (out);
  sodium_memzero (out, sizeof out);
  return copy;
}

const guint8 *
jz_signing_key_get_public (JzSigningKey *self)
{
  return self->secret + crypto_sign_SEEDBYTES;
}

char *
jz_signing_key_get_public_base64 (JzSigningKey *self)
{
  return g_base64_encode (jz_signing_key_get_public (self), crypto_sign_PUBLICKEYBYTES);
}

void
jz_signing_key_free (JzSigningKey *self)
{
  if (self == NULL)
    return;
  sodium_free (self->secret);
  g_free (self);
}

JzSigningKey *
jz_signing_key_ensure_file (const char  *path,
                            gboolean    *created,
                            GError     **error)
{
  g_autoptr(JzSigningKey) key = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *line = NULL;
  char *text;
  int rc;

  if (created != NULL)
    *created = FALSE;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      key = jz_signing_key_new_random ();
      seed = jz_signing_key_get_seed (key);
      line = g_strconcat (KEY_FILE_PREFIX, seed, "\n", NULL);
      sodium_memzero (seed, strlen (seed));
      rc = _jz_crypt_write_secret_file (path, line, error);
      if (rc < 0)
        return NULL;
      if (rc == 1)
        {
          if (created != NULL)
            *created = TRUE;
          return g_steal_pointer (&key);
        }
      g_clear_pointer (&key, jz_signing_key_free);  /* another process made it first */
    }
  text = _jz_crypt_read_secret_file (path, KEY_FILE_PREFIX, error);
  if (text == NULL)
    return NULL;
  key = jz_signing_key_new_from_seed (text, NULL);
  sodium_memzero (text, strlen (text));
  g_free (text);
  if (key == NULL)
    g_set_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_BAD_KEY,
                 _("%s is not a Juzhu signing key file"), path);
  return g_steal_pointer (&key);
}

GBytes *
jz_sign_public_from_base64 (const char  *text,
                            GError     **error)
{
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  size_t len = 0;

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  if (text == NULL ||
      sodium_base642bin (pk, sizeof pk, text, strlen (text), " \n\r", &len, NULL,
                         sodium_base64_VARIANT_ORIGINAL) != 0 || len != sizeof pk ||
      crypto_core_ed25519_is_valid_point (pk) != 1)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_BAD_KEY,
                           _("a public key is 32 bytes in base64, a point of Ed25519"));
      return NULL;
    }
  return g_bytes_new (pk, sizeof pk);
}

char *
jz_sign_public_fingerprint (GBytes *public_key)
{
  guint8 hash[8];
  GString *out = g_string_new (NULL);

  crypto_generichash (hash, sizeof hash, g_bytes_get_data (public_key, NULL),
                      g_bytes_get_size (public_key), NULL, 0);
  for (guint i = 0; i < sizeof hash; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%02x", hash[i]);
    }
  return g_string_free (out, FALSE);
}

/* ---- helpers ------------------------------------------------------------- */

static gboolean
uuid_to_bytes (const char *text,
               guint8      out[16])
{
  guint j = 0;

  if (!jz_uuid_is_valid (text))
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (text[i] == '-')
        continue;
      if (j % 2 == 0)
        out[j / 2] = (guint8) (g_ascii_xdigit_value (text[i]) << 4);
      else
        out[j / 2] |= (guint8) g_ascii_xdigit_value (text[i]);
      j++;
    }
  return TRUE;
}

static char *
uuid_from_bytes (const guint8 *b)
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static gboolean
area_is_valid (const char *area,
               gsize       len)
{
  if (len < 2 || len > AREA_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (area[i]))
      return FALSE;
  return TRUE;
}

static guint32
day_number (const GDate *date)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  return (guint32) g_date_days_between (&epoch, date);
}

static char *
day_text (guint32 days)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1970);
  g_date_add_days (&date, days);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* Signs @context ‖ @data with @key. */
static void
sign_detached (JzSigningKey *key,
               const char   *context,
               const guint8 *data,
               gsize         len,
               guint8        sig[SIG_BYTES])
{
  g_autoptr(GByteArray) msg = g_byte_array_sized_new (strlen (context) + len);

  g_byte_array_append (msg, (const guint8 *) context, strlen (context));
  g_byte_array_append (msg, data, len);
  crypto_sign_detached (sig, NULL, msg->data, msg->len, key->secret);
}

static gboolean
verify_detached (const guint8 *pk,
                 const char   *context,
                 const guint8 *data,
                 gsize         len,
                 const guint8 *sig)
{
  g_autoptr(GByteArray) msg = g_byte_array_sized_new (strlen (context) + len);

  g_byte_array_append (msg, (const guint8 *) context, strlen (context));
  g_byte_array_append (msg, data, len);
  return crypto_sign_verify_detached (sig, msg->data, msg->len, pk) == 0;
}

/* ---- station certificates ------------------------------------------------ */

static void
append_u32 (GByteArray *out,
            guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

  g_byte_array_append (out, b, 4);
}

static guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

GBytes *
jz_station_cert_issue (JzSigningKey   *county,
                       const char     *device,
                       GBytes         *station_public,
                       JzStationRole   role,
                       const char     *area,
                       const GDate    *first_day,
                       const GDate    *last_day,
                       GError        **error)
{
  g_autoptr(GByteArray) cert = g_byte_array_new ();
  guint8 b[16], sig[SIG_BYTES];

  if (!uuid_to_bytes (device, b) || g_bytes_get_size (station_public) != crypto_sign_PUBLICKEYBYTES ||
      role < JZ_STATION_OFFICE || role > JZ_STATION_EMPLOYER ||
      area == NULL || !area_is_valid (area, strlen (area)) || !g_date_valid (first_day) ||
      !g_date_valid (last_day) || g_date_compare (first_day, last_day) > 0)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID,
                           _("a station certificate needs a device id, a 32-byte public key, a role, "
                             "an area code and its first and last days"));
      return NULL;
    }
  g_byte_array_append (cert, (const guint8[]) { CERT_VERSION, (guint8) role }, 2);
  g_byte_array_append (cert, b, 16);
  g_byte_array_append (cert, g_bytes_get_data (station_public, NULL), crypto_sign_PUBLICKEYBYTES);
  append_u32 (cert, day_number (first_day));
  append_u32 (cert, day_number (last_day));
  g_byte_array_append (cert, (const guint8[]) { (guint8) strlen (area) }, 1);
  g_byte_array_append (cert, (const guint8 *) area, strlen (area));
  sign_detached (county, CERT_CONTEXT, cert->data, cert->len, sig);
  g_byte_array_append (cert, sig, sizeof sig);
  return g_byte_array_free_to_bytes (g_steal_pointer (&cert));
}

typedef struct
{
  JzStationRole role;
  guint8        device[16];
  guint8        station_pk[32];
  guint32       first_day;
  guint32       last_day;
  char          area[AREA_MAX + 1];
} Cert;

/* The structure of a certificate (not its signature). */
static gboolean
cert_parse (const guint8 *data,
            gsize         len,
            Cert         *out)
{
  gsize area_len;

  if (len < CERT_FIXED + SIG_BYTES || data[0] != CERT_VERSION ||
      data[1] < JZ_STATION_OFFICE || data[1] > JZ_STATION_EMPLOYER)
    return FALSE;
  area_len = data[CERT_FIXED - 1];
  if (len != CERT_FIXED + area_len + SIG_BYTES || !area_is_valid ((const char *) data + CERT_FIXED, area_len))
    return FALSE;
  out->role = data[1];
  memcpy (out->device, data + 2, 16);
  memcpy (out->station_pk, data + 18, 32);
  out->first_day = read_u32 (data + 50);
  out->last_day = read_u32 (data + 54);
  if (out->first_day > out->last_day)
    return FALSE;
  memcpy (out->area, data + CERT_FIXED, area_len);
  out->area[area_len] = '\0';
  return TRUE;
}

gboolean
jz_station_cert_check (GBytes        *cert,
                       GBytes        *county_public,
                       GBytes        *station_public,
                       GDate         *last_day,
                       GError       **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (cert, &len);
  Cert c;

  if (data == NULL || !cert_parse (data, len, &c))
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_DAMAGED,
                           _("the station certificate is damaged"));
      return FALSE;
    }
  if (g_bytes_get_size (county_public) != 32 ||
      !verify_detached (g_bytes_get_data (county_public, NULL), CERT_CONTEXT, data, len - SIG_BYTES,
                        data + len - SIG_BYTES))
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED,
                           _("the station certificate is not signed by the county's key"));
      return FALSE;
    }
  if (g_bytes_get_size (station_public) != 32 ||
      memcmp (c.station_pk, g_bytes_get_data (station_public, NULL), 32) != 0)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED,
                           _("the station certificate is for another key"));
      return FALSE;
    }
  if (last_day != NULL)
    {
      g_date_clear (last_day, 1);
      g_date_set_dmy (last_day, 1, G_DATE_JANUARY, 1970);
      g_date_add_days (last_day, c.last_day);
    }
  return TRUE;
}

/* Whether a station of @role may sign papers of @kind: the registration
 * station its 凭证, notices and receipts; a landlord or an employer only
 * their own proof. */
static gboolean
role_signs (JzStationRole role,
            JzPaperKind   kind)
{
  switch (role)
    {
    case JZ_STATION_OFFICE:
      return kind == JZ_PAPER_CERTIFICATE || kind == JZ_PAPER_NOTICE || kind == JZ_PAPER_RECEIPT;
    case JZ_STATION_LANDLORD:
      return kind == JZ_PAPER_ACCOMMODATION;
    case JZ_STATION_EMPLOYER:
      return kind == JZ_PAPER_EMPLOYMENT;
    default:
      return FALSE;
    }
}

/* ---- papers -------------------------------------------------------------- */

static gboolean
add_field (GByteArray  *out,
           guint8       tag,
           const void  *value,
           gsize        len)
{
  if (len > 255)
    return FALSE;
  g_byte_array_append (out, (const guint8[]) { tag, (guint8) len }, 2);
  g_byte_array_append (out, value, (guint) len);
  return TRUE;
}

/* Text of a field: UTF-8, no control characters. */
static char *
field_text (const guint8 *value,
            gsize         len)
{
  const char *end;

  if (len == 0 || !g_utf8_validate ((const char *) value, (gssize) len, &end))
    return NULL;
  for (const char *p = (const char *) value; p < end; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_iscntrl (ch) || g_unichar_type (ch) == G_UNICODE_FORMAT)
        return NULL;
    }
  return g_strndup ((const char *) value, len);
}

/* Text as reading accepts it: what the reader would call damaged is
 * never signed. */
static gboolean
add_text (GByteArray *out,
          guint8      tag,
          const char *text)
{
  g_autofree char *checked = NULL;

  if (text == NULL)
    return FALSE;
  checked = field_text ((const guint8 *) text, strlen (text));
  return checked != NULL && add_field (out, tag, text, strlen (text));
}

char *
jz_paper_sign (const JzPaper *paper,
               JzSigningKey  *station,
               GBytes        *cert,
               GError       **error)
{
  g_autoptr(GByteArray) code = g_byte_array_new ();
  g_autofree char *b45 = NULL;
  guint8 record[16], sig[SIG_BYTES];
  GDate date;
  gsize cert_len = g_bytes_get_size (cert);
  Cert c;

  g_date_clear (&date, 1);
  if (paper->kind < JZ_PAPER_CERTIFICATE || paper->kind > JZ_PAPER_KIND_LAST ||
      paper->date == NULL || !jz_date_parse (paper->date, &date, NULL) ||
      !uuid_to_bytes (paper->record, record) || cert_len > 255 ||
      !cert_parse (g_bytes_get_data (cert, NULL), cert_len, &c) ||
      memcmp (c.station_pk, jz_signing_key_get_public (station), 32) != 0)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID,
                           _("the paper cannot be signed: its kind, date or record, or the station's "
                             "certificate, is not right"));
      return NULL;
    }
  if (!role_signs (c.role, paper->kind))
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID,
                           _("this device's account may not sign papers of this kind"));
      return NULL;
    }
  if (day_number (&date) > c.last_day || day_number (&date) < c.first_day)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_EXPIRED,
                           _("this station's certificate does not cover today; sync with the county server "
                             "to renew it"));
      return NULL;
    }
  g_byte_array_append (code, (const guint8 *) "JZ", 2);
  g_byte_array_append (code, (const guint8[]) { CODE_VERSION, (guint8) cert_len }, 2);
  g_byte_array_append (code, g_bytes_get_data (cert, NULL), (guint) cert_len);
  add_field (code, TAG_KIND, (const guint8[]) { (guint8) paper->kind }, 1);
  if (!add_text (code, TAG_NUMBER, paper->number) ||
      !add_text (code, TAG_DATE, paper->date) ||
      !add_text (code, TAG_HOLDER, paper->holder) ||
      !add_text (code, TAG_ID_MASKED, paper->id_masked))
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID,
                           _("the paper cannot be signed: its number, holder or ID number is missing, "
                             "too long, or has characters that are not printed"));
      return NULL;
    }
  add_field (code, TAG_RECORD, record, sizeof record);
  sign_detached (station, PAPER_CONTEXT, code->data, code->len, sig);
  g_byte_array_append (code, sig, sizeof sig);
  b45 = jz_base45_encode (code->data, code->len);
  /* what a reader takes: a code any longer is "not a code" to it */
  if (strlen (JZ_PAPER_CODE_PREFIX) + strlen (b45) > JZ_PAPER_CODE_MAX)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID,
                           _("the paper cannot be signed: its number and names are too long for its code"));
      return NULL;
    }
  return g_strconcat (JZ_PAPER_CODE_PREFIX, b45, NULL);
}

void
jz_paper_free (JzPaper *paper)
{
  if (paper == NULL)
    return;
  g_free (paper->number);
  g_free (paper->date);
  g_free (paper->holder);
  g_free (paper->id_masked);
  g_free (paper->record);
  g_free (paper->station);
  g_free (paper->area);
  g_free (paper->station_from);
  g_free (paper->station_until);
  g_free (paper->county_key);
  g_free (paper);
}


static gboolean
damaged (GError     **error,
         const char  *what)
{
  g_debug ("paper code: damaged %s", what);
  g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_DAMAGED,
                       _("the code is damaged: scan it again; if it stays so, the paper is not genuine"));
  return FALSE;
}

/* The fields after the certificate, up to the signature. */
static gboolean
read_fields (const guint8  *p,
             const guint8  *end,
             JzPaper       *paper,
             GError       **error)
{
  guint last = 0;

  while (p < end)
    {
      guint tag, len;

      if (end - p < 2)
        return damaged (error, "field");
      tag = p[0];
      len = p[1];
      p += 2;
      if ((gsize) (end - p) < len)
        return damaged (error, "field length");
      if (tag <= last || tag > TAG_RECORD)
        return damaged (error, "field order");
      last = tag;
      switch (tag)
        {
        case TAG_KIND:
          if (len != 1 || p[0] < JZ_PAPER_CERTIFICATE || p[0] > JZ_PAPER_KIND_LAST)
            return damaged (error, "kind");
          paper->kind = p[0];
          break;
        case TAG_NUMBER:
          if ((paper->number = field_text (p, len)) == NULL)
            return damaged (error, "number");
          break;
        case TAG_DATE:
          {
            GDate date;

            paper->date = field_text (p, len);
            g_date_clear (&date, 1);
            if (paper->date == NULL || len != 10 || !jz_date_parse (paper->date, &date, NULL))
              return damaged (error, "date");
          }
          break;
        case TAG_HOLDER:
          if ((paper->holder = field_text (p, len)) == NULL)
            return damaged (error, "holder");
          break;
        case TAG_ID_MASKED:
          if ((paper->id_masked = field_text (p, len)) == NULL)
            return damaged (error, "ID number");
          break;
        case TAG_RECORD:
          if (len != 16)
            return damaged (error, "record");
          paper->record = uuid_from_bytes (p);
          break;
        default:
          g_assert_not_reached ();
        }
      p += len;
    }
  if (paper->kind == 0 || paper->number == NULL || paper->date == NULL || paper->holder == NULL ||
      paper->id_masked == NULL || paper->record == NULL)
    return damaged (error, "a field is missing");
  return TRUE;
}

JzPaper *
jz_paper_verify (const char  *text,
                 GPtrArray   *county_keys,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JzPaper) paper = NULL;
  const guint8 *data, *cert, *county_pk = NULL;
  gsize len = 0, cert_len, text_len;
  GDate date;
  Cert c;

  text_len = text != NULL ? strlen (text) : 0;
  /* a scanner may add a line end */
  while (text_len > 0 && (text[text_len - 1] == '\n' || text[text_len - 1] == '\r'))
    text_len--;
  if (text_len < strlen (JZ_PAPER_CODE_PREFIX) || strncmp (text, JZ_PAPER_CODE_PREFIX, strlen (JZ_PAPER_CODE_PREFIX)) != 0 ||
      text_len > JZ_PAPER_CODE_MAX)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_NOT_A_CODE,
                           _("this is not the code of a paper printed by Juzhu"));
      return NULL;
    }
  bytes = jz_base45_decode (text + strlen (JZ_PAPER_CODE_PREFIX),
                            (gssize) (text_len - strlen (JZ_PAPER_CODE_PREFIX)));
  if (bytes == NULL)
    {
      damaged (error, "not base45");
      return NULL;
    }
  data = g_bytes_get_data (bytes, &len);
  if (len < 4 + SIG_BYTES || memcmp (data, "JZ", 2) != 0 || data[2] != CODE_VERSION)
    {
      damaged (error, "header");
      return NULL;
    }
  cert_len = data[3];
  cert = data + 4;
  if (len < 4 + cert_len + SIG_BYTES || !cert_parse (cert, cert_len, &c))
    {
      damaged (error, "station certificate");
      return NULL;
    }

  /* Nothing it says is believed before this: which county key certified
   * the station, then the station's signature over all of it. */
  for (guint i = 0; county_keys != NULL && i < county_keys->len; i++)
    {
      GBytes *key = county_keys->pdata[i];

      if (g_bytes_get_size (key) == 32 &&
          verify_detached (g_bytes_get_data (key, NULL), CERT_CONTEXT, cert, cert_len - SIG_BYTES,
                           cert + cert_len - SIG_BYTES))
        {
          county_pk = g_bytes_get_data (key, NULL);
          break;
        }
    }
  if (county_pk == NULL)
    {
      g_set_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_UNKNOWN_COUNTY,
                   _("the code was signed by a station that no county key known here certified "
                     "(it names area %s); the paper is forged, or from another county whose key "
                     "this device does not have"), c.area);
      return NULL;
    }
  if (!verify_detached (c.station_pk, PAPER_CONTEXT, data, len - SIG_BYTES, data + len - SIG_BYTES))
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED,
                           _("the code's signature does not match what it says: the code was altered "
                             "or forged, and the paper is not genuine"));
      return NULL;
    }

  paper = g_new0 (JzPaper, 1);
  if (!read_fields (cert + cert_len, data + len - SIG_BYTES, paper, error))
    return NULL;
  paper->station = uuid_from_bytes (c.device);
  paper->area = g_strdup (c.area);
  paper->station_from = day_text (c.first_day);
  paper->station_until = day_text (c.last_day);
  paper->role = c.role;
  paper->county_key = g_base64_encode (county_pk, 32);
  if (!role_signs (c.role, paper->kind))
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED,
                           _("the code is of a kind its signer may not sign (a landlord's or an "
                             "employer's key signs only their own proofs): the paper is not genuine"));
      return NULL;
    }
  g_date_clear (&date, 1);
  jz_date_parse (paper->date, &date, NULL);
  if (day_number (&date) > c.last_day || day_number (&date) < c.first_day)
    {
      g_set_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_EXPIRED,
                   _("the code was signed on %s, outside its station's certificate (%s to %s): "
                     "the paper is not genuine"), paper->date, paper->station_from, paper->station_until);
      return NULL;
    }
  return g_steal_pointer (&paper);
}
