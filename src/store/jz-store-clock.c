/* jz-store-clock.c — whether the device's clock can be trusted to stamp
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hybrid logical clock absorbs a clock a day or so off (jz-hlc.c), but
 * a save also writes today's date into records, and a stamp far in the
 * future would win every later last-writer-wins. So a save is refused,
 * and the user asked to set the date, when the clock cannot be right:
 *
 *  - it is before this version of Juzhu was built (a month of slack);
 *  - it is more than JZ_STORE_MAX_CLOCK_OFF_MS away from the county
 *    server's time, as the last sync saw it and the boot clock has counted
 *    since (CLOCK_BOOTTIME runs on in suspend; it is only used while the
 *    same boot lasts, /proc/sys/kernel/random/boot_id);
 *  - after a restart, when that count is lost: a day before the server's
 *    time seen last, or more than a year after it;
 *  - a device that never synced: more than ten years after the build.
 *
 * The server refuses stamps more than JZ_COUNTY_MAX_CLOCK_AHEAD_MS ahead of
 * its own time; a device that passes these checks is never refused so.
 */
#include "config.h"

#include <time.h>
#include <glib/gi18n-lib.h>

#include "jz-store-private.h"

#define DAY_MS (G_GINT64_CONSTANT (86400000))

static gboolean boot_clock (gint64  *ms,
                            char   **boot_id);

/* The boot clock in ms and this boot's id, or FALSE. */
static gboolean
boot_clock (gint64  *ms,
            char   **boot_id)
{
  struct timespec ts;
  g_autofree char *text = NULL;

  if (clock_gettime (CLOCK_BOOTTIME, &ts) != 0 ||
      !g_file_get_contents ("/proc/sys/kernel/random/boot_id", &text, NULL, NULL))
    return FALSE;
  *ms = (gint64) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  *boot_id = g_strdup (g_strstrip (text));
  return TRUE;
}

static char *
read_meta (JzStore    *self,
           const char *key)
{
  JzStmt *stmt = _jz_store_stmt (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_static (stmt, 1, key);
  if (jz_stmt_step (stmt) == JZ_DB_ROW && !jz_stmt_column_is_null (stmt, 0))
    value = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return value;
}

static char *
format_day (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (CLAMP (ms / 1000, 0, G_GINT64_CONSTANT (253402300799)));
  g_autoptr(GDateTime) local = g_date_time_to_local (dt);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* What the last sync said of the server's time: FALSE when it never did. */
static gboolean
read_notes (JzStore  *self,
            gint64   *server_ms,
            gint64   *boot_ms,
            char    **boot_id)
{
  g_autofree char *server_text = read_meta (self, "clock_server_ms");
  g_autofree char *boot_text = read_meta (self, "clock_boot_ms");

  *server_ms = server_text ? g_ascii_strtoll (server_text, NULL, 10) : 0;
  *boot_ms = boot_text ? g_ascii_strtoll (boot_text, NULL, 10) : -1;
  *boot_id = read_meta (self, "clock_boot_id");
  return *server_ms > 0;
}

/* The county server's time now, as well as this device can tell: by the
 * boot clock since the last sync while the boot lasts, else the wall
 * clock held within what cannot be (a day before the last sync's time, a
 * year after it). 0 for a device that never synced. */
static gint64
server_now (JzStore *self,
            gint64   wall_ms,
            gboolean *counted)
{
  g_autofree char *boot_id = NULL;
  g_autofree char *this_boot = NULL;
  gint64 server_ms, boot_then, boot_now = 0;

  *counted = FALSE;
  if (!read_notes (self, &server_ms, &boot_then, &boot_id))
    return 0;
  if (boot_then >= 0 && boot_id != NULL && boot_clock (&boot_now, &this_boot) &&
      g_str_equal (boot_id, this_boot))
    {
      *counted = TRUE;
      return server_ms + (boot_now - boot_then);
    }
  return CLAMP (wall_ms, server_ms - DAY_MS, server_ms + 366 * DAY_MS);
}

/* The highest stamp this device takes in from elsewhere: the county
 * server's time, as it knows it, plus what the server allows. */
guint64
_jz_store_hlc_ceiling (JzStore *self)
{
  gboolean counted;
  gint64 now = server_now (self, _jz_store_now_ms (self), &counted);

  return now > 0 ? MIN (JZ_HLC_FROM_MS (now + JZ_HLC_MAX_AHEAD_MS), JZ_HLC_MAX) : JZ_HLC_MAX;
}

/* Before a stamp is made: a clock that ran ahead of the server's time (a
 * wrong date, set right since; or stamps taken in before the server
 * bounded them) comes back, so that the device's next changes are not
 * refused for good. Parents, not stamps, order an edit after what it saw. */
void
_jz_store_clamp_hlc (JzStore *self)
{
  gint64 wall = _jz_store_now_ms (self);
  gboolean counted;
  gint64 now = server_now (self, wall, &counted);

  if (now > 0 && self->hlc.last > JZ_HLC_FROM_MS (now + JZ_STORE_MAX_CLOCK_OFF_MS))
    self->hlc.last = JZ_HLC_FROM_MS (MAX (now, wall));
}

gboolean
_jz_store_clock_plausible (JzStore  *self,
                           GError  **error)
{
  gint64 now_ms = _jz_store_now_ms (self);
  g_autofree char *boot_id = NULL;
  g_autofree char *when = format_day (now_ms);
  gint64 server_ms, boot_then, expected;
  gboolean counted;

  if (now_ms / 1000 < self->build_time - 30 * 86400)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK,
                   _("the device clock says %s, before this version of Juzhu was made; "
                     "set the date and time, then save again"), when);
      return FALSE;
    }

  if (!read_notes (self, &server_ms, &boot_then, &boot_id))
    {
      if (now_ms / 1000 > self->build_time + 10 * 366 * 86400)
        {
          g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK,
                       _("the device clock says %s, more than ten years after this version of "
                         "Juzhu was made; set the date and time, then save again"), when);
          return FALSE;
        }
      return TRUE;
    }

  expected = server_now (self, now_ms, &counted);
  if (counted)
    {
      if (ABS (now_ms - expected) > JZ_STORE_MAX_CLOCK_OFF_MS)
        {
          g_autofree char *then = format_day (expected);

          g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK,
                       _("the device clock says %s, but by the county server's clock it is "
                         "about %s; set the date and time, then save again"), when, then);
          return FALSE;
        }
      return TRUE;
    }

  /* after a restart: only what cannot be */
  if (now_ms < server_ms - DAY_MS)
    {
      g_autofree char *then = format_day (server_ms);

      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK,
                   _("the device clock says %s, before the county server's time at the last "
                     "sync (%s); set the date and time, then save again"), when, then);
      return FALSE;
    }
  if (now_ms > server_ms + 366 * DAY_MS)
    {
      g_autofree char *then = format_day (server_ms);

      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK,
                   _("the device clock says %s, more than a year after the last sync (%s); "
                     "set the date and time, or sync to confirm it, then save again"), when, then);
      return FALSE;
    }
  return TRUE;
}

static gpointer
note_on_thread (JzStore  *self,
                gpointer  data,
                GError  **error)
{
  gint64 server_ms = *(gint64 *) data;
  g_autofree char *boot_id = NULL;
  g_autofree char *server_text = g_strdup_printf ("%" G_GINT64_FORMAT, server_ms);
  g_autofree char *boot_text = NULL;
  gint64 boot_ms = 0;
  JzStmt *stmt;
  const char *keys[] = { "clock_server_ms", "clock_boot_ms", "clock_boot_id" };
  const char *values[3];

  if (boot_clock (&boot_ms, &boot_id))
    boot_text = g_strdup_printf ("%" G_GINT64_FORMAT, boot_ms);
  values[0] = server_text;
  values[1] = boot_text;
  values[2] = boot_id;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      stmt = _jz_store_stmt (self,
                             values[i] != NULL
                             ? "INSERT INTO meta (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                             : "DELETE FROM meta WHERE key = ?", error);
      if (stmt == NULL)
        return NULL;
      jz_stmt_bind_static (stmt, 1, keys[i]);
      if (values[i] != NULL)
        jz_stmt_bind_text (stmt, 2, values[i]);
      if (!_jz_store_step_done (self, stmt, error))
        return NULL;
    }
  return JZ_STORE_OK;
}

/**
 * jz_store_note_server_time:
 * @server_ms: the county server's time (its Date or server_time), in Unix
 *   milliseconds
 *
 * Remembers what time the server said it was, with the boot clock now, so
 * that a later save can tell how far off the device's clock has gone.
 */
gboolean
jz_store_note_server_time (JzStore  *self,
                           gint64    server_ms,
                           GError  **error)
{
  g_return_val_if_fail (JZ_IS_STORE (self), FALSE);

  if (server_ms <= 0)
    return TRUE;
  return _jz_store_call (self, note_on_thread, &server_ms, error) != NULL;
}
