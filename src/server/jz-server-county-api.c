/* jz-server-county-api.c — what devices read from the county: reference
 * data (GET refdata/divisions, refdata/holidays) and the county role's monthly report
 * (GET reports/monthly?month=YYYY-MM)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-date.h"
#include "jz-server-private.h"

static JsonObject *
divisions_call (JzServer        *self,
                JzCountyDevice  *device,
                const char      *arg,
                GError         **error)
{
  return jz_county_divisions (self->county, error);
}

static JsonObject *
holidays_call (JzServer        *self,
               JzCountyDevice  *device,
               const char      *arg,
               GError         **error)
{
  return jz_county_holidays (self->county, error);
}

static JsonObject *
report_call (JzServer        *self,
             JzCountyDevice  *device,
             const char      *month,
             GError         **error)
{
  GDate today;

  jz_date_today (&today);
  return jz_server_report (self->county, self->data_dir, month, &today, error);
}

/* TRUE when @rel is one of these endpoints (and the request is answered
 * or on its way). */
gboolean
_jz_server_county_api (JzServer          *self,
                       SoupServerMessage *msg,
                       const char        *rel,
                       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  JzCountyDevice *device;
  JzServerCall call;
  const char *arg = NULL;

  if (g_str_equal (rel, "refdata/divisions"))
    call = divisions_call;
  else if (g_str_equal (rel, "refdata/holidays"))
    call = holidays_call;
  else if (g_str_equal (rel, "reports/monthly"))
    call = report_call;
  else
    return FALSE;

  if (!g_str_equal (method, "GET"))
    {
      _jz_server_not_allowed (msg, "GET");
      return TRUE;
    }
  if ((device = _jz_server_authenticate (self, msg)) == NULL)
    return TRUE;
  if (call == report_call)
    {
      /* the whole county's figures are the county office's */
      if (g_strcmp0 (device->role, "county") != 0)
        {
          jz_server_set_error (msg, 403, "forbidden", "the monthly report is the county office's: a %s "
                               "device may not read it", device->role);
          jz_county_device_free (device);
          return TRUE;
        }
      arg = query ? g_hash_table_lookup (query, "month") : NULL;
      if (arg == NULL)
        {
          jz_server_set_error (msg, 400, "invalid_field", "month: missing (reports/monthly?month=YYYY-MM)");
          jz_county_device_free (device);
          return TRUE;
        }
    }
  _jz_server_run_call (self, msg, device, call, arg);
  return TRUE;
}
