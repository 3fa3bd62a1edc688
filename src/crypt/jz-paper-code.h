/* jz-paper-code.h — the signed code a printed paper carries in its QR
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two Ed25519 signatures make a paper checkable offline by anyone who
 * holds the county's public key:
 *
 * - the county certifies a station's own public key when the station
 *   asks (POST station-key, after enrolment): a *station certificate*
 *   naming the device, what its account is (and so what it may sign),
 *   its area and the days it may sign on;
 * - the station signs each paper it prints: what the paper is, its
 *   number, the day it was printed, the holder's name and masked ID
 *   number, and the record it was printed from.
 *
 * The station's secret key never leaves the device (it is made there),
 * so a copied token cannot sign in its name; a lost device stops being
 * able to renew its certificate once the county revokes it.
 *
 * The code is "JZ1:" and base45 (QR alphanumeric) of:
 *
 *   certificate  = 0x01 ‖ role (1) ‖ device (16) ‖ station key (32) ‖
 *                  first day ‖ last day (u32 each, days since 1970-01-01,
 *                  big-endian) ‖ area length (1) ‖ area (ASCII digits) ‖
 *                  county signature (64)
 *   code bytes   = "JZ" ‖ 0x01 ‖ certificate length (1) ‖ certificate ‖
 *                  fields ‖ station signature (64)
 *   field        = tag (1) ‖ length (1) ‖ value, tags in increasing order
 *
 * The county signs "juzhu-station-1" ‖ the certificate before its
 * signature; the station signs "juzhu-paper-1" ‖ the code bytes before
 * theirs (docs/papers.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JZ_PAPER_ERROR (jz_paper_error_quark ())

typedef enum
{
  JZ_PAPER_ERROR_NOT_A_CODE,     /* not a Juzhu paper's code at all */
  JZ_PAPER_ERROR_DAMAGED,        /* a Juzhu code whose structure is broken */
  JZ_PAPER_ERROR_FORGED,         /* a signature does not match: altered or forged */
  JZ_PAPER_ERROR_UNKNOWN_COUNTY, /* no county key here certified its station */
  JZ_PAPER_ERROR_EXPIRED,        /* dated after its station's certificate ended */
  JZ_PAPER_ERROR_BAD_KEY,        /* a key (file or text) that is not one */
  JZ_PAPER_ERROR_INVALID,        /* what was to be signed cannot be */
  JZ_PAPER_ERROR_REVOKED,        /* signed on or after the day its device was revoked */
  JZ_PAPER_ERROR_NO_COUNTY_KEY,  /* nothing to check against here: no verdict on the paper */
} JzPaperError;

/* Who a station is, in its certificate: what it may sign. */
typedef enum
{
  JZ_STATION_OFFICE = 1,    /* a committee or the county: 凭证, notices, receipts */
  JZ_STATION_LANDLORD,      /* its 住宿证明 only */
  JZ_STATION_EMPLOYER,      /* its 劳动关系证明 only */
} JzStationRole;

#define JZ_SIGN_PUBLIC_BYTES 32
/* A station certificate lasts this long; a device renews it when a sync
 * finds fewer days than this left. */
#define JZ_STATION_CERT_DAYS  90
#define JZ_STATION_RENEW_DAYS 30
#define JZ_PAPER_CODE_PREFIX "JZ1:"
/* what a code may hold: a QR code of version 20 at level M reads it */
#define JZ_PAPER_CODE_MAX    800

typedef enum
{
  JZ_PAPER_CERTIFICATE = 1, /* 暂住登记凭证 */
  JZ_PAPER_NOTICE,          /* 一次性告知书 */
  JZ_PAPER_RECEIPT,         /* 受理回执 */
  JZ_PAPER_ACCOMMODATION,   /* 住宿证明 */
  JZ_PAPER_EMPLOYMENT,      /* 劳动关系证明 */
  JZ_PAPER_KIND_LAST = JZ_PAPER_EMPLOYMENT,
} JzPaperKind;

typedef struct
{
  JzPaperKind  kind;
  char        *number;        /* the document's number */
  char        *date;          /* YYYY-MM-DD, the day it was printed and signed */
  char        *holder;        /* the holder's name */
  char        *id_masked;     /* their ID number, masked as lists show it */
  char        *record;        /* the record it was printed from (a UUID) */
  /* read from the code's certificate by jz_paper_verify() */
  char        *station;       /* the device that signed (a UUID) */
  char        *area;          /* the division code of its account */
  JzStationRole role;         /* what its account is */
  char        *station_from;  /* YYYY-MM-DD: the first day it may sign on */
  char        *station_until; /* YYYY-MM-DD: the last day */
  char        *county_key;    /* the county key that certified it, base64 */
} JzPaper;

typedef struct _JzSigningKey JzSigningKey;

GQuark        jz_paper_error_quark          (void);

JzSigningKey *jz_signing_key_new_random     (void);
JzSigningKey *jz_signing_key_new_from_seed  (const char    *base64,
                                             GError       **error);
/* the 32-byte seed, base64: what a store or a key file keeps */
char         *jz_signing_key_get_seed       (JzSigningKey  *self);
const guint8 *jz_signing_key_get_public     (JzSigningKey  *self);
char         *jz_signing_key_get_public_base64 (JzSigningKey *self);
void          jz_signing_key_free           (JzSigningKey  *self);
/* A county's key file (one line "juzhu-signing-key-1 SEED"), made 0600
 * when absent; one others can read is refused. */
JzSigningKey *jz_signing_key_ensure_file    (const char    *path,
                                             gboolean      *created,
                                             GError       **error);

/* A public key from its base64 (32 bytes), or NULL with the error. */
GBytes       *jz_sign_public_from_base64    (const char    *text,
                                             GError       **error);
/* Sixteen hex digits in four groups: what a person compares by eye. */
char         *jz_sign_public_fingerprint    (GBytes        *public_key);

/* The county's side: a certificate for @station_public (32 bytes). */
GBytes       *jz_station_cert_issue         (JzSigningKey  *county,
                                             const char    *device,
                                             GBytes        *station_public,
                                             JzStationRole  role,
                                             const char    *area,
                                             const GDate   *first_day,
                                             const GDate   *last_day,
                                             GError       **error);
/* The station's side: checks what the county answered — it is signed by
 * @county_public, for @station_public — and gives its last day. */
gboolean      jz_station_cert_check         (GBytes        *cert,
                                             GBytes        *county_public,
                                             GBytes        *station_public,
                                             GDate         *last_day,
                                             GError       **error);

/* The code for @paper (kind, number, date, holder, id_masked, record),
 * signed by @station under @cert. */
char         *jz_paper_sign                 (const JzPaper *paper,
                                             JzSigningKey  *station,
                                             GBytes        *cert,
                                             GError       **error);
/* Reads and checks a code against @county_keys (GBytes of 32 bytes each):
 * the county signed its station's certificate, the station signed what
 * it says, and it is dated within the certificate. */
JzPaper      *jz_paper_verify               (const char    *text,
                                             GPtrArray     *county_keys,
                                             GError       **error);
void          jz_paper_free                 (JzPaper       *paper);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzSigningKey, jz_signing_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzPaper, jz_paper_free)

G_END_DECLS
