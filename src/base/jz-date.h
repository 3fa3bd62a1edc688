/* jz-date.h — calendar dates as the regulations count them
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JZ_DATE_ERROR (jz_date_error_quark ())

typedef enum
{
  JZ_DATE_ERROR_FORMAT,
  JZ_DATE_ERROR_INVALID,
} JzDateError;

GQuark    jz_date_error_quark     (void);

gboolean  jz_date_parse           (const char   *text,
                                   GDate        *out,
                                   GError      **error);
char     *jz_date_format          (const GDate  *date);
void      jz_date_today           (GDate        *out);
gboolean  jz_date_resolve_today   (const char   *override,
                                   GDate        *out,
                                   GError      **error);
void      jz_date_add_days        (const GDate  *date,
                                   guint         days,
                                   GDate        *out);
void      jz_date_add_months      (const GDate  *date,
                                   guint         months,
                                   GDate        *out);
void      jz_date_add_years       (const GDate  *date,
                                   guint         years,
                                   GDate        *out);
int       jz_date_compare         (const GDate  *a,
                                   const GDate  *b);
int       jz_date_days_between    (const GDate  *from,
                                   const GDate  *to);
guint     jz_date_age_on          (const GDate  *birth,
                                   const GDate  *on);

G_END_DECLS
