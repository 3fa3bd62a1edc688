/* jz-store-pin.h — the operator's PIN of the app lock, kept in the store's
 * meta (an Argon2id hash), and the count of wrong PINs with its wait
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hash and the counters are meta rows, so they live (and are
 * encrypted, when the store is) with the records. Hashing and checking a
 * PIN cost about a tenth of a second and 64 MiB on purpose: call these
 * from a worker, never from a UI thread. A wait is timed on a clock that
 * whoever holds the tablet cannot set (JzPinClock): turning the date
 * forward does not end it, a restart of the app does not either, and a
 * restart of the system begins it again in full.
 */
#pragma once

#include "jz-store.h"

G_BEGIN_DECLS

#define JZ_PIN_MIN_DIGITS 6
#define JZ_PIN_MAX_DIGITS 32
/* wrong PINs allowed before the first wait */
#define JZ_PIN_FREE_ATTEMPTS 3

/* Seconds since the system started (time asleep included), and which
 * start that was: jz_pin_clock_now(). */
typedef struct
{
  gint64 seconds;
  char   boot[40];
} JzPinClock;

typedef struct
{
  gboolean set;         /* a PIN is kept */
  guint    failures;    /* wrong PINs since the last right one */
  guint    wait_left;   /* seconds before the next PIN may be tried; 0: none */
} JzPinState;

typedef enum
{
  JZ_PIN_RIGHT,
  JZ_PIN_WRONG,         /* counted; the state says whether a wait began */
  JZ_PIN_WAIT,          /* not checked: a wait is running */
  JZ_PIN_NOT_SET,
} JzPinVerdict;

gboolean jz_pin_is_well_formed  (const char        *pin);
guint    jz_pin_delay           (guint              failures);
void     jz_pin_clock_now       (JzPinClock        *clock);

gboolean jz_store_get_pin_state (JzStore           *store,
                                 const JzPinClock  *now,
                                 JzPinState        *state,
                                 GError           **error);
gboolean jz_store_set_pin       (JzStore           *store,
                                 const char        *pin,
                                 GError           **error);
gboolean jz_store_clear_pin     (JzStore           *store,
                                 GError           **error);
gboolean jz_store_try_pin       (JzStore           *store,
                                 const char        *pin,
                                 const JzPinClock  *now,
                                 JzPinVerdict      *verdict,
                                 JzPinState        *state,
                                 GError           **error);

G_END_DECLS
