/* jz-hlc.h — hybrid logical clock stamps
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A stamp packs 48 bits of milliseconds since the Unix epoch and a 16-bit
 * counter; ties between sites are broken by the site id. */
#define JZ_HLC_MS(hlc)        ((gint64) ((hlc) >> 16))
#define JZ_HLC_FROM_MS(ms)    (((guint64) (ms)) << 16)
#define JZ_STAMP_LEN          (16 + 1 + 32)
/* The largest stamp anything keeps: stamps are stored as signed 64-bit
 * integers, so the milliseconds must fit in 47 bits; a year short of that,
 * so that a clock at the top can still tick. */
#define JZ_HLC_MAX            (G_GUINT64_CONSTANT (0x7fffffffffffffff) - JZ_HLC_FROM_MS (G_GINT64_CONSTANT (366) * 86400000))
/* How far a stamp may be ahead of the county server's time: the server
 * refuses more (docs/sync-protocol.md, "Clock"), and a device never takes
 * in a stamp further ahead of the server's time as it knows it. */
#define JZ_HLC_MAX_AHEAD_MS   (48 * 3600 * G_GINT64_CONSTANT (1000))

typedef struct
{
  guint64 last;
} JzHlc;

guint64   jz_hlc_tick          (JzHlc        *self,
                                gint64        wall_ms);
void      jz_hlc_observe       (JzHlc        *self,
                                guint64       remote);

char     *jz_stamp_format      (guint64       hlc,
                                const char   *site);
gboolean  jz_stamp_parse       (const char   *text,
                                guint64      *hlc,
                                char        **site);
int       jz_stamp_compare     (guint64       hlc_a,
                                const char   *site_a,
                                guint64       hlc_b,
                                const char   *site_b);

G_END_DECLS
