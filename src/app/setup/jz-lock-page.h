/* jz-lock-page.h — the app lock: the operator's PIN asked, set, or reset by
 * enrolling the device again
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-session.h"

G_BEGIN_DECLS

#define JZ_TYPE_LOCK_PAGE (jz_lock_page_get_type ())
G_DECLARE_FINAL_TYPE (JzLockPage, jz_lock_page, JZ, LOCK_PAGE, AdwBin)

typedef enum
{
  JZ_LOCK_PAGE_CHECKING,   /* reading whether a PIN is kept */
  JZ_LOCK_PAGE_UNLOCK,     /* the PIN asked */
  JZ_LOCK_PAGE_SET,        /* no PIN yet (an older installation, or enrolled again): a new one, twice */
  JZ_LOCK_PAGE_ENROL,      /* a forgotten PIN: enrolling with the county server again */
} JzLockPageMode;

/* Signals: "unlocked" (the right PIN, or a new one kept), "enrolled"
 * (s: the user the server names; the PIN is cleared, the session must open
 * again). */
GtkWidget      *jz_lock_page_new          (JzSession      *session);
JzLockPageMode  jz_lock_page_get_mode     (JzLockPage     *self);
gboolean        jz_lock_page_get_busy     (JzLockPage     *self);
/* Seconds before the next attempt (0: none to wait). */
guint           jz_lock_page_get_wait     (JzLockPage     *self);
/* What the page says under the PIN (a wrong PIN, a wait), or NULL. */
const char     *jz_lock_page_get_message  (JzLockPage     *self);
/* For tests and keyboard users: types into the PIN fields and submits
 * (@again: the repeated PIN when setting one). */
void            jz_lock_page_submit       (JzLockPage     *self,
                                           const char     *pin,
                                           const char     *again);
/* For tests: enrols again from the "Forgot the PIN?" mode. */
void            jz_lock_page_enrol        (JzLockPage     *self,
                                           const char     *url,
                                           const char     *code);

G_END_DECLS
