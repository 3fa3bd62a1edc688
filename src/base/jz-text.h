/* jz-text.h — text from elsewhere, made safe to print and to keep
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *jz_text_escape   (const char *text,
                        gssize      len);
char *jz_text_sanitise (const char *text,
                        guint       max_chars);
void  jz_text_append_json_string (GString    *out,
                                  const char *text);
void  jz_text_append_csv_cell    (GString    *out,
                                  const char *text);

G_END_DECLS
