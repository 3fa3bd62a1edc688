/* jz-picker-row.h — a row that picks one code from a long, searchable list
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define JZ_TYPE_PICKER_ROW (jz_picker_row_get_type ())
G_DECLARE_FINAL_TYPE (JzPickerRow, jz_picker_row, JZ, PICKER_ROW, AdwActionRow)

GtkWidget  *jz_picker_row_new               (void);
/* @codes and @labels have the same length; both are copied. */
void        jz_picker_row_set_items         (JzPickerRow  *self,
                                             GPtrArray    *codes,
                                             GPtrArray    *labels);
guint       jz_picker_row_get_n_items       (JzPickerRow  *self);
const char *jz_picker_row_get_selected_code (JzPickerRow  *self);
guint       jz_picker_row_search            (JzPickerRow  *self,
                                             const char   *query);
const char *jz_picker_row_get_shown_code    (JzPickerRow  *self,
                                             guint         position);
const char *jz_picker_row_get_nothing_found (JzPickerRow  *self);
/* A code not in the list selects nothing. */
void        jz_picker_row_set_selected_code (JzPickerRow  *self,
                                             const char   *code);

G_END_DECLS
