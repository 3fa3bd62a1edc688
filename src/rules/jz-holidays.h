/* jz-holidays.h — statutory holidays and make-up workdays by year
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JZ_HOLIDAYS_ERROR (jz_holidays_error_quark ())

typedef enum
{
  JZ_HOLIDAYS_ERROR_INVALID,
} JzHolidaysError;

#define JZ_TYPE_HOLIDAYS (jz_holidays_get_type ())

G_DECLARE_FINAL_TYPE (JzHolidays, jz_holidays, JZ, HOLIDAYS, GObject)

GQuark      jz_holidays_error_quark    (void);

JzHolidays *jz_holidays_new            (void);
gboolean    jz_holidays_load_data      (JzHolidays   *self,
                                        const char   *data,
                                        gssize        length,
                                        const char   *source,
                                        GError      **error);
gboolean    jz_holidays_load_file      (JzHolidays   *self,
                                        const char   *path,
                                        GError      **error);
gboolean    jz_holidays_has_year       (JzHolidays   *self,
                                        guint         year);
gboolean    jz_holidays_is_working_day (JzHolidays   *self,
                                        const GDate  *date);
void        jz_holidays_shift_deadline (JzHolidays   *self,
                                        const GDate  *last_day,
                                        GDate        *out);
GArray     *jz_holidays_get_years      (JzHolidays   *self);

char       *jz_holidays_dir            (const char   *data_dir);
gboolean    jz_holidays_import_file    (const char   *data_dir,
                                        const char   *path,
                                        guint        *out_year,
                                        GError      **error);
gboolean    jz_holidays_import_data    (const char   *data_dir,
                                        const char   *contents,
                                        gsize         length,
                                        const char   *source,
                                        guint        *out_year,
                                        GError      **error);
gboolean    jz_holidays_reload_dir     (JzHolidays   *self,
                                        const char   *data_dir,
                                        GError      **error);
gboolean    jz_holidays_load_dir       (JzHolidays   *self,
                                        const char   *data_dir,
                                        GError      **error);

G_END_DECLS
