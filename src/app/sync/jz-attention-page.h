/* jz-attention-page.h — changes the county server refused, with its reasons
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_ATTENTION_PAGE (jz_attention_page_get_type ())
G_DECLARE_FINAL_TYPE (JzAttentionPage, jz_attention_page, JZ, ATTENTION_PAGE, AdwBin)

void jz_attention_page_load (JzAttentionPage *self,
                             JzSession       *session);

G_END_DECLS
