/* jz-codes.h — the code tables (ethnicity, sex, documents, reasons …)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JZ_CODES_ERROR (jz_codes_error_quark ())

typedef enum
{
  JZ_CODES_ERROR_MALFORMED,      /* the table file is not what it should be */
  JZ_CODES_ERROR_UNKNOWN_TABLE,
  JZ_CODES_ERROR_UNKNOWN_CODE,
} JzCodesError;

#define JZ_TYPE_CODES (jz_codes_get_type ())

G_DECLARE_FINAL_TYPE (JzCodes, jz_codes, JZ, CODES, GObject)

GQuark       jz_codes_error_quark    (void);

JzCodes     *jz_codes_new            (GError     **error);
JzCodes     *jz_codes_new_from_data  (const char  *data,
                                      gssize       length,
                                      GError     **error);
gboolean     jz_codes_has            (JzCodes     *self,
                                      const char  *table,
                                      const char  *code);
const char  *jz_codes_name           (JzCodes     *self,
                                      const char  *table,
                                      const char  *code,
                                      const char  *lang);
GPtrArray   *jz_codes_list           (JzCodes     *self,
                                      const char  *table);
GPtrArray   *jz_codes_list_tables    (JzCodes     *self);
gboolean     jz_codes_check          (JzCodes     *self,
                                      const char  *table,
                                      const char  *code,
                                      const char  *field,
                                      GError     **error);

G_END_DECLS
