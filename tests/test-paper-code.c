/* test-paper-code.c — base45, station certificates and the signed code
 * of a paper: made, read, and refused when altered, forged or expired
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "jz-base45.h"
#include "jz-paper-code.h"

#define DEVICE "01890a5d-ac96-774b-bcce-b302099a8057"
#define RECORD "01890a5d-ac96-7e4b-bcce-b302099a8000"

static void
test_base45 (void)
{
  /* RFC 9285's examples */
  static const struct { const char *bytes, *text; } examples[] = {
    { "AB", "BB8" },
    { "Hello!!", "%69 VD92EX0" },
    { "base-45", "UJCLQE7W581" },
    { "ietf!", "QED8WEX0" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autofree char *text = jz_base45_encode ((const guint8 *) examples[i].bytes, strlen (examples[i].bytes));
      g_autoptr(GBytes) back = jz_base45_decode (examples[i].text, -1);

      g_assert_cmpstr (text, ==, examples[i].text);
      g_assert_nonnull (back);
      g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back),
                       examples[i].bytes, strlen (examples[i].bytes));
    }
  /* every byte value, both lengths */
  {
    guint8 all[257];
    g_autofree char *text = NULL;
    g_autoptr(GBytes) back = NULL;

    for (guint i = 0; i < sizeof all; i++)
      all[i] = (guint8) (i * 7);
    text = jz_base45_encode (all, sizeof all);
    back = jz_base45_decode (text, -1);
    g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), all, sizeof all);
  }
  /* RFC 9285 §6: "GGW" is 65535 + 1; a lone character; outside the set */
  g_assert_null (jz_base45_decode ("GGW", -1));
  g_assert_null (jz_base45_decode ("GG", -1));      /* 736: more than a byte */
  g_assert_null (jz_base45_decode ("BB8A", -1));
  g_assert_null (jz_base45_decode ("bb8", -1));
  g_assert_null (jz_base45_decode ("B\0" "8", 3));
}

typedef struct
{
  JzSigningKey *county;
  JzSigningKey *station;
  GBytes       *county_public;
  GBytes       *station_public;
  GBytes       *cert;
  GPtrArray    *keys;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GDate first, last;

  f->county = jz_signing_key_new_random ();
  f->station = jz_signing_key_new_random ();
  f->county_public = g_bytes_new (jz_signing_key_get_public (f->county), JZ_SIGN_PUBLIC_BYTES);
  f->station_public = g_bytes_new (jz_signing_key_get_public (f->station), JZ_SIGN_PUBLIC_BYTES);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_MARCH, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 1, G_DATE_JUNE, 2026);
  f->cert = jz_station_cert_issue (f->county, DEVICE, f->station_public, JZ_STATION_OFFICE, "220102003",
                                   &first, &last, NULL);
  g_assert_nonnull (f->cert);
  f->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (f->keys, g_bytes_ref (f->county_public));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  jz_signing_key_free (f->county);
  jz_signing_key_free (f->station);
  g_bytes_unref (f->county_public);
  g_bytes_unref (f->station_public);
  g_bytes_unref (f->cert);
  g_ptr_array_unref (f->keys);
}

static char *
sign (Fixture    *f,
      const char *date)
{
  JzPaper paper = {
    .kind = JZ_PAPER_CERTIFICATE,
    .number = (char *) "吉A2026000123",
    .date = (char *) date,
    .holder = (char *) "王小明",
    .id_masked = (char *) "220102********1235",
    .record = (char *) RECORD,
  };

  return jz_paper_sign (&paper, f->station, f->cert, NULL);
}

static void
test_cert (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSigningKey) other = jz_signing_key_new_random ();
  g_autoptr(GBytes) other_public = g_bytes_new (jz_signing_key_get_public (other), JZ_SIGN_PUBLIC_BYTES);
  g_autoptr(GBytes) bad = NULL;
  GDate last;
  guint8 *copy;
  gsize len;

  g_assert_true (jz_station_cert_check (f->cert, f->county_public, f->station_public, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_year (&last), ==, 2026);
  g_assert_cmpint (g_date_get_month (&last), ==, 6);
  g_assert_cmpint (g_date_get_day (&last), ==, 1);

  /* another county's key; a certificate for another station's key */
  g_assert_false (jz_station_cert_check (f->cert, other_public, f->station_public, NULL, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED);
  g_clear_error (&error);
  g_assert_false (jz_station_cert_check (f->cert, f->county_public, other_public, NULL, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED);
  g_clear_error (&error);

  /* its last day moved on by one */
  copy = g_bytes_unref_to_data (g_bytes_ref (f->cert), &len);
  copy[57]++;
  bad = g_bytes_new_take (copy, len);
  g_assert_false (jz_station_cert_check (bad, f->county_public, f->station_public, NULL, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED);
  g_clear_error (&error);

  /* what is not a certificate */
  g_clear_pointer (&bad, g_bytes_unref);
  bad = g_bytes_new_static ("\1short", 6);
  g_assert_false (jz_station_cert_check (bad, f->county_public, f->station_public, NULL, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_DAMAGED);
  g_clear_error (&error);

  /* an area that is not a division code is not certified */
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 1, G_DATE_JUNE, 2026);
  g_clear_pointer (&bad, g_bytes_unref);
  bad = jz_station_cert_issue (f->county, DEVICE, f->station_public, JZ_STATION_OFFICE, "22A1", &last, &last,
                               &error);
  g_assert_null (bad);
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *code = sign (f, "2026-03-01");
  g_autofree char *scanned = NULL;
  g_autoptr(JzPaper) paper = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *county_b64 = g_base64_encode (jz_signing_key_get_public (f->county), 32);

  g_assert_nonnull (code);
  g_assert_true (g_str_has_prefix (code, JZ_PAPER_CODE_PREFIX));
  g_assert_cmpuint (strlen (code), <, JZ_PAPER_CODE_MAX);
  /* QR alphanumeric only */
  for (const char *p = code; *p; p++)
    g_assert_nonnull (strchr ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", *p));

  paper = jz_paper_verify (code, f->keys, &error);
  g_assert_no_error (error);
  g_assert_cmpint (paper->kind, ==, JZ_PAPER_CERTIFICATE);
  g_assert_cmpstr (paper->number, ==, "吉A2026000123");
  g_assert_cmpstr (paper->date, ==, "2026-03-01");
  g_assert_cmpstr (paper->holder, ==, "王小明");
  g_assert_cmpstr (paper->id_masked, ==, "220102********1235");
  g_assert_cmpstr (paper->record, ==, RECORD);
  g_assert_cmpstr (paper->station, ==, DEVICE);
  g_assert_cmpstr (paper->area, ==, "220102003");
  g_assert_cmpstr (paper->station_from, ==, "2026-03-01");
  g_assert_cmpstr (paper->station_until, ==, "2026-06-01");
  g_assert_cmpint (paper->role, ==, JZ_STATION_OFFICE);
  g_assert_cmpstr (paper->county_key, ==, county_b64);
  g_clear_pointer (&paper, jz_paper_free);

  /* a scanner's line end is no part of the code */
  scanned = g_strconcat (code, "\r\n", NULL);
  paper = jz_paper_verify (scanned, f->keys, &error);
  g_assert_no_error (error);
  g_assert_nonnull (paper);
}

/* Every character of the code changed in turn: none is accepted. */
static void
test_altered (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *code = sign (f, "2026-03-01");
  guint forged = 0, damaged = 0;

  for (gsize i = strlen (JZ_PAPER_CODE_PREFIX); code[i] != '\0'; i++)
    {
      g_autofree char *copy = g_strdup (code);
      g_autoptr(GError) error = NULL;
      g_autoptr(JzPaper) paper = NULL;

      copy[i] = copy[i] == '0' ? '1' : '0';
      paper = jz_paper_verify (copy, f->keys, &error);
      g_assert_null (paper);
      g_assert_nonnull (error);
      g_assert_true (error->domain == JZ_PAPER_ERROR);
      if (error->code == JZ_PAPER_ERROR_FORGED || error->code == JZ_PAPER_ERROR_UNKNOWN_COUNTY)
        forged++;
      else
        damaged++;
    }
  g_test_message ("altered: %u refused as forged, %u as damaged", forged, damaged);
  g_assert_cmpuint (forged, >, 0);

  /* cut short, or lengthened */
  for (gsize cut = strlen (JZ_PAPER_CODE_PREFIX); cut < strlen (code); cut += 7)
    {
      g_autofree char *copy = g_strndup (code, cut);
      g_autoptr(GError) error = NULL;

      g_assert_null (jz_paper_verify (copy, f->keys, &error));
      g_assert_nonnull (error);
    }
  {
    g_autofree char *longer = g_strconcat (code, "000", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (jz_paper_verify (longer, f->keys, &error));
    g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED);
  }
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *code = sign (f, "2026-03-01");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) other_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(JzSigningKey) other_county = jz_signing_key_new_random ();
  g_autoptr(JzSigningKey) thief = jz_signing_key_new_random ();
  g_autofree char *forged = NULL;
  g_autoptr(JzPaper) paper = NULL;
  char *big;
  JzPaper fake = {
    .kind = JZ_PAPER_CERTIFICATE,
    .number = (char *) "吉A2026000123",
    .date = (char *) "2026-03-01",
    .holder = (char *) "李四",
    .id_masked = (char *) "220102********1235",
    .record = (char *) RECORD,
  };

  /* another county's key only */
  g_ptr_array_add (other_keys, g_bytes_new (jz_signing_key_get_public (other_county), 32));
  g_assert_null (jz_paper_verify (code, other_keys, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_UNKNOWN_COUNTY);
  g_assert_nonnull (strstr (error->message, "220102003"));
  g_clear_error (&error);
  /* two keys: the right one is found */
  g_ptr_array_add (other_keys, g_bytes_ref (f->county_public));
  paper = jz_paper_verify (code, other_keys, &error);
  g_assert_no_error (error);
  g_clear_pointer (&paper, jz_paper_free);

  /* A thief copies a station's certificate and signs with a key of his
   * own: his key is not the one the county certified. */
  g_assert_null (jz_paper_sign (&fake, thief, f->cert, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID);
  g_clear_error (&error);
  {
    /* signing by hand what jz_paper_sign() refuses to */
    g_autoptr(JzSigningKey) station2 = jz_signing_key_new_random ();
    g_autoptr(GBytes) pub2 = g_bytes_new (jz_signing_key_get_public (station2), 32);
    g_autoptr(GBytes) cert2 = NULL;
    GDate first, last;

    g_date_clear (&first, 1);
    g_date_set_dmy (&first, 1, G_DATE_JANUARY, 2026);
    g_date_clear (&last, 1);
    g_date_set_dmy (&last, 1, G_DATE_JUNE, 2026);
    cert2 = jz_station_cert_issue (other_county, DEVICE, pub2, JZ_STATION_OFFICE, "220102003", &first, &last,
                                   NULL);
    forged = jz_paper_sign (&fake, station2, cert2, NULL);
    g_assert_nonnull (forged);
    g_clear_pointer (&other_keys, g_ptr_array_unref);
    g_assert_null (jz_paper_verify (forged, f->keys, &error));
    g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_UNKNOWN_COUNTY);
    g_clear_error (&error);
  }

  /* dated outside the certificate's days: not signed */
  g_assert_null (sign (f, "2026-06-02"));
  g_assert_null (sign (f, "2026-02-28"));
  g_clear_pointer (&code, g_free);
  code = sign (f, "2026-06-01");
  g_assert_nonnull (code);

  /* not codes */
  g_assert_null (jz_paper_verify ("https://example.com/", f->keys, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_NOT_A_CODE);
  g_clear_error (&error);
  g_assert_null (jz_paper_verify ("", f->keys, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_NOT_A_CODE);
  g_clear_error (&error);
  g_assert_null (jz_paper_verify ("JZ1:abc", f->keys, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_null (jz_paper_verify ("JZ1:", f->keys, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_DAMAGED);
  g_clear_error (&error);
  big = g_malloc (100001);
  memset (big, '0', 100000);
  big[100000] = '\0';
  memcpy (big, JZ_PAPER_CODE_PREFIX, 4);
  g_assert_null (jz_paper_verify (big, f->keys, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_NOT_A_CODE);
  g_clear_error (&error);
  g_free (big);
  /* no keys at all */
  g_assert_null (jz_paper_verify (code, NULL, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_UNKNOWN_COUNTY);
}

/* A code made by hand, past jz_paper_sign()'s own refusals: what a
 * forger's program would make, to see that reading refuses it too. */
static char *
forge (JzSigningKey *station,
       GBytes       *cert,
       guint8        kind,
       const char   *date)
{
  g_autoptr(GByteArray) code = g_byte_array_new ();
  g_autofree char *seed_b64 = jz_signing_key_get_seed (station);
  g_autofree char *b45 = NULL;
  guchar *seed;
  gsize seed_len = 0;
  guint8 pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
  static const guint8 record[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
  const char *texts[] = { "A-1", date, "王小明", "220102********1235" };
  g_autoptr(GByteArray) msg = g_byte_array_new ();

  seed = g_base64_decode (seed_b64, &seed_len);
  crypto_sign_seed_keypair (pk, sk, seed);
  g_free (seed);
  g_byte_array_append (code, (const guint8 *) "JZ", 2);
  g_byte_array_append (code, (const guint8[]) { 1, (guint8) g_bytes_get_size (cert) }, 2);
  g_byte_array_append (code, g_bytes_get_data (cert, NULL), g_bytes_get_size (cert));
  g_byte_array_append (code, (const guint8[]) { 1, 1, kind }, 3);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_byte_array_append (code, (const guint8[]) { (guint8) (2 + i), (guint8) strlen (texts[i]) }, 2);
      g_byte_array_append (code, (const guint8 *) texts[i], strlen (texts[i]));
    }
  g_byte_array_append (code, (const guint8[]) { 6, 16 }, 2);
  g_byte_array_append (code, record, 16);
  g_byte_array_append (msg, (const guint8 *) "juzhu-paper-1", 13);
  g_byte_array_append (msg, code->data, code->len);
  crypto_sign_detached (sig, NULL, msg->data, msg->len, sk);
  sodium_memzero (sk, sizeof sk);
  g_byte_array_append (code, sig, sizeof sig);
  b45 = jz_base45_encode (code->data, code->len);
  return g_strconcat (JZ_PAPER_CODE_PREFIX, b45, NULL);
}

/* A landlord's key signs its 住宿证明 and nothing else: a 凭证 made with
 * it is refused, whoever made it. */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JzSigningKey) landlord = jz_signing_key_new_random ();
  g_autoptr(GBytes) landlord_public = g_bytes_new (jz_signing_key_get_public (landlord), 32);
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JzPaper) paper = NULL;
  g_autofree char *proof = NULL;
  GDate first, last;
  JzPaper p = {
    .kind = JZ_PAPER_ACCOMMODATION, .number = (char *) "赵六", .date = (char *) "2026-03-01",
    .holder = (char *) "王小明", .id_masked = (char *) "220102********1235", .record = (char *) RECORD,
  };

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_MARCH, 2026);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 1, G_DATE_JUNE, 2026);
  cert = jz_station_cert_issue (f->county, DEVICE, landlord_public, JZ_STATION_LANDLORD, "220104", &first, &last,
                                &error);
  g_assert_no_error (error);
  proof = jz_paper_sign (&p, landlord, cert, &error);
  g_assert_no_error (error);
  paper = jz_paper_verify (proof, f->keys, &error);
  g_assert_no_error (error);
  g_assert_cmpint (paper->role, ==, JZ_STATION_LANDLORD);

  p.kind = JZ_PAPER_CERTIFICATE;
  g_assert_null (jz_paper_sign (&p, landlord, cert, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID);
  g_clear_error (&error);

  /* made by hand all the same: reading refuses a 凭证 by a landlord's key,
   * and a day outside the certificate */
  {
    g_autofree char *forged_kind = forge (landlord, cert, JZ_PAPER_CERTIFICATE, "2026-03-01");
    g_autofree char *too_early = forge (landlord, cert, JZ_PAPER_ACCOMMODATION, "2026-02-28");
    g_autofree char *in_time = forge (landlord, cert, JZ_PAPER_ACCOMMODATION, "2026-03-01");
    g_autoptr(JzPaper) ok = NULL;

    g_assert_null (jz_paper_verify (forged_kind, f->keys, &error));
    g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_FORGED);
    g_clear_error (&error);
    g_assert_null (jz_paper_verify (too_early, f->keys, &error));
    g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_EXPIRED);
    g_clear_error (&error);
    ok = jz_paper_verify (in_time, f->keys, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);
  }

  /* an office's key does not sign a landlord's proof either */
  p.kind = JZ_PAPER_ACCOMMODATION;
  g_assert_null (jz_paper_sign (&p, f->station, f->cert, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID);
  g_clear_error (&error);

  /* a name with a zero-width joiner pasted in is refused when signed,
   * not printed to be called damaged when read */
  p.holder = (char *) "王\u200d小明";
  g_assert_null (jz_paper_sign (&p, landlord, cert, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID);
  g_clear_error (&error);
  /* and one too long for a code */
  {
    g_autofree char *long_name = g_strnfill (250, 'A');

    p.holder = (char *) "王小明";
    p.number = long_name;
    p.id_masked = long_name;
    g_assert_null (jz_paper_sign (&p, landlord, cert, &error));
    g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_INVALID);
  }
}

static void
test_keys (void)
{
  g_autofree char *dir = g_dir_make_tmp ("paper-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "county-sign.key", NULL);
  g_autoptr(JzSigningKey) made = NULL;
  g_autoptr(JzSigningKey) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pub = NULL;
  g_autoptr(GBytes) parsed = NULL;
  g_autofree char *fingerprint = NULL;
  gboolean created = FALSE;

  made = jz_signing_key_ensure_file (path, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  again = jz_signing_key_ensure_file (path, &created, &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpmem (jz_signing_key_get_public (made), 32, jz_signing_key_get_public (again), 32);

  pub = jz_signing_key_get_public_base64 (made);
  parsed = jz_sign_public_from_base64 (pub, &error);
  g_assert_no_error (error);
  fingerprint = jz_sign_public_fingerprint (parsed);
  g_assert_cmpuint (strlen (fingerprint), ==, 19);

  /* a key file others can read is refused */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_clear_pointer (&again, jz_signing_key_free);
  again = jz_signing_key_ensure_file (path, NULL, &error);
  g_assert_null (again);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "juzhu-signing-key-1 short\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  again = jz_signing_key_ensure_file (path, NULL, &error);
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_BAD_KEY);
  g_clear_error (&error);

  /* public keys that are not */
  g_assert_null (jz_sign_public_from_base64 ("AAAA", &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_BAD_KEY);
  g_clear_error (&error);
  g_assert_null (jz_sign_public_from_base64 (NULL, &error));
  g_assert_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_BAD_KEY);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/paper-code/base45", test_base45);
  g_test_add ("/paper-code/cert", Fixture, NULL, fixture_set_up, test_cert, fixture_tear_down);
  g_test_add ("/paper-code/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/paper-code/altered", Fixture, NULL, fixture_set_up, test_altered, fixture_tear_down);
  g_test_add ("/paper-code/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/paper-code/roles", Fixture, NULL, fixture_set_up, test_roles, fixture_tear_down);
  g_test_add_func ("/paper-code/keys", test_keys);
  return g_test_run ();
}
