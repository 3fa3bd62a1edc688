/* jz-divisions.h — GB/T 2260 administrative divisions
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JZ_DIVISIONS_ERROR (jz_divisions_error_quark ())

typedef enum
{
  JZ_DIVISIONS_ERROR_RESOURCE,   /* the built-in province list is unusable */
  JZ_DIVISIONS_ERROR_ENCODING,   /* not UTF-8 */
  JZ_DIVISIONS_ERROR_SYNTAX,     /* not "code,name" */
  JZ_DIVISIONS_ERROR_CODE,       /* not 6, 9 or 12 digits */
  JZ_DIVISIONS_ERROR_PROVINCE,   /* province prefix neither known nor in the file */
  JZ_DIVISIONS_ERROR_NAME,       /* empty name */
  JZ_DIVISIONS_ERROR_DUPLICATE,  /* same code twice with different names */
  JZ_DIVISIONS_ERROR_EMPTY,      /* no rows at all */
} JzDivisionsError;

#define JZ_TYPE_DIVISIONS (jz_divisions_get_type ())

G_DECLARE_FINAL_TYPE (JzDivisions, jz_divisions, JZ, DIVISIONS, GObject)

GQuark        jz_divisions_error_quark  (void);

JzDivisions  *jz_divisions_new          (GError       **error);
gboolean      jz_divisions_import_csv   (JzDivisions   *self,
                                         const char    *contents,
                                         gssize         length,
                                         guint         *n_added,
                                         GError       **error);
void          jz_divisions_imported_rows (JzDivisions  *self,
                                          const char   *contents,
                                          GPtrArray    *codes,
                                          GPtrArray    *names);
void          jz_divisions_add          (JzDivisions   *self,
                                         const char    *code,
                                         const char    *name);
const char   *jz_divisions_name         (JzDivisions   *self,
                                         const char    *code);
char         *jz_divisions_full_name    (JzDivisions   *self,
                                         const char    *code);
GPtrArray    *jz_divisions_townships    (JzDivisions   *self,
                                         const char    *code);
GPtrArray    *jz_divisions_children     (JzDivisions   *self,
                                         const char    *parent_code);
guint         jz_divisions_count        (JzDivisions   *self);

gboolean      jz_divisions_same_city    (const char    *a,
                                         const char    *b);
gboolean      jz_divisions_same_county  (const char    *a,
                                         const char    *b);

G_END_DECLS
