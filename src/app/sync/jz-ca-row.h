/* jz-ca-row.h — the county's CA certificate, chosen at enrolment
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JZ_TYPE_CA_ROW (jz_ca_row_get_type ())
G_DECLARE_FINAL_TYPE (JzCaRow, jz_ca_row, JZ, CA_ROW, AdwActionRow)

GtkWidget  *jz_ca_row_new      (void);
const char *jz_ca_row_get_path (JzCaRow    *self);
void        jz_ca_row_set_path (JzCaRow    *self,
                                const char *path);

G_END_DECLS
