/* jz-division-group.h — province, city and county pickers with the code they make
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-divisions.h"

G_BEGIN_DECLS

#define JZ_TYPE_DIVISION_GROUP (jz_division_group_get_type ())
G_DECLARE_FINAL_TYPE (JzDivisionGroup, jz_division_group, JZ, DIVISION_GROUP, AdwPreferencesGroup)

void        jz_division_group_set_divisions (JzDivisionGroup *self,
                                             JzDivisions     *divisions);
/* The 6-, 9- or 12-digit code, or NULL while none is complete. */
const char *jz_division_group_get_code      (JzDivisionGroup *self);
void        jz_division_group_set_code      (JzDivisionGroup *self,
                                             const char      *code);

G_END_DECLS
