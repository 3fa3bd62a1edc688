/* jz-id-number.h — GB 11643 citizen identity numbers
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JZ_ID_ERROR (jz_id_error_quark ())

typedef enum
{
  JZ_ID_ERROR_EMPTY,
  JZ_ID_ERROR_LENGTH,       /* not 15 or 18 characters */
  JZ_ID_ERROR_CHARACTERS,   /* a non-digit where a digit belongs */
  JZ_ID_ERROR_PROVINCE,     /* first two digits are no province code */
  JZ_ID_ERROR_BIRTH_DATE,   /* digits 7–14 are no real date */
  JZ_ID_ERROR_FUTURE_BIRTH, /* birth date after today */
  JZ_ID_ERROR_CHECKSUM,     /* ISO 7064 MOD 11-2 check character wrong */
  JZ_ID_ERROR_CREDIT_CODE,  /* not a GB 32100 unified social credit code */
} JzIdError;

typedef enum
{
  JZ_SEX_UNKNOWN = 0,
  JZ_SEX_MALE = 1,
  JZ_SEX_FEMALE = 2,
} JzSex;

typedef struct
{
  char  normalized[19];   /* 18 characters, upper-case X, NUL-terminated */
  char  division[7];      /* digits 1–6, address code at issue */
  GDate birth_date;
  JzSex sex;
  guint converted_from_15 : 1;
} JzIdInfo;

GQuark    jz_id_error_quark         (void);

/* @today may be NULL (then birth dates are not checked against the future). */
gboolean  jz_id_number_parse        (const char   *text,
                                     const GDate  *today,
                                     JzIdInfo     *out,
                                     GError      **error);
char      jz_id_number_check_char   (const char   *first17);
char     *jz_id_number_mask         (const char   *number);
gboolean  jz_id_number_is_hk_macao_taiwan (const char *number);
const char *jz_sex_to_code          (JzSex         sex);

/* GB 32100 统一社会信用代码 (unified social credit code), 18 characters */
char      jz_credit_code_check_char (const char   *first17);
gboolean  jz_credit_code_is_valid   (const char   *code);

/* A landlord or an employer: a person's ID number or an organisation's
 * credit code. @out gets it normalised (upper case, ASCII, 18 characters). */
/* for lists: a person's ID number masked, a credit code (public) as it is */
char     *jz_party_id_mask          (const char   *identity);
gboolean  jz_party_id_parse         (const char   *text,
                                     const GDate  *today,
                                     char          out[19],
                                     GError      **error);

G_END_DECLS
