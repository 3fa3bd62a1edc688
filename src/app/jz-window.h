/* jz-window.h
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-application.h"

G_BEGIN_DECLS

#define JZ_TYPE_WINDOW (jz_window_get_type ())

G_DECLARE_FINAL_TYPE (JzWindow, jz_window, JZ, WINDOW, AdwApplicationWindow)

JzWindow *jz_window_new (JzApplication *application);

G_END_DECLS
