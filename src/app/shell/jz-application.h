/* jz-application.h
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JZ_TYPE_APPLICATION (jz_application_get_type ())

G_DECLARE_FINAL_TYPE (JzApplication, jz_application, JZ, APPLICATION, AdwApplication)

JzApplication *jz_application_new           (void);
const char    *jz_application_get_data_dir  (JzApplication *self);

G_END_DECLS
