/* jz-hlc.c — hybrid logical clock (Kulkarni et al., 2014)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stamp never goes backwards on a site and is always above every stamp
 * the site has seen, so an edit made after seeing another edit sorts after
 * it, whatever the wall clocks of the two tablets say. A tablet whose clock
 * is a day fast pulls everyone's stamps a day ahead; that is absorbed, not
 * refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "jz-hlc.h"
#include "jz-uuid.h"

guint64
jz_hlc_tick (JzHlc  *self,
             gint64  wall_ms)
{
  guint64 wall = wall_ms > 0 ? JZ_HLC_FROM_MS (wall_ms) : 0;

  /* A counter overflow carries into the millisecond part, which keeps the
   * order and costs at most a millisecond of drift per 65 536 stamps. */
  self->last = MAX (self->last + 1, wall);
  return self->last;
}

/* A stamp past JZ_HLC_MAX is ignored: the county server refuses them, and
 * one that came from elsewhere must not carry the clock past what a stamp
 * can hold (it would then go negative). */
void
jz_hlc_observe (JzHlc   *self,
                guint64  remote)
{
  if (remote <= JZ_HLC_MAX)
    self->last = MAX (self->last, remote);
}

char *
jz_stamp_format (guint64     hlc,
                 const char *site)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x@%s", hlc, site);
}

gboolean
jz_stamp_parse (const char  *text,
                guint64     *hlc,
                char       **site)
{
  char *end = NULL;

  if (text == NULL || strlen (text) != JZ_STAMP_LEN || text[16] != '@')
    return FALSE;
  for (guint i = 0; i < 16; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  if (!jz_site_id_is_valid (text + 17))
    return FALSE;

  if (hlc != NULL)
    *hlc = g_ascii_strtoull (text, &end, 16);
  if (site != NULL)
    *site = g_strdup (text + 17);
  return TRUE;
}

int
jz_stamp_compare (guint64     hlc_a,
                  const char *site_a,
                  guint64     hlc_b,
                  const char *site_b)
{
  if (hlc_a != hlc_b)
    return hlc_a < hlc_b ? -1 : 1;
  return g_strcmp0 (site_a, site_b);
}
