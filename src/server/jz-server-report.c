/* jz-server-report.c — `juzhu-server report` and GET /api/v1/reports/monthly:
 * the month's figures of the whole county, per committee
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures are the registry's (jz_registry_report), made over the
 * county's store with the county's rules profile and the holiday calendars
 * imported on the server, so a deadline is judged as a device judges it.
 * As text (the figures' names in Chinese, for the county office), as CSV
 * (UTF-8 with a byte-order mark, which Excel opens) or as JSON.
 */
#include "config.h"

#include <string.h>

#include "jz-holidays.h"
#include "jz-profile.h"
#include "jz-registry.h"
#include "jz-server.h"
#include "jz-text.h"

/* The figures' headings, in jz_registry_report_figures' order. */
static const char *const headings[] = {
  "新增登记", "注销登记", "收到申请", "受理申请", "驳回申请", "发放居住证", "签注",
  "逾期未发证", "延期发证", "签注期内", "逾期未签注", "中止",
};

/**
 * jz_server_report:
 * @data_dir: the server's data directory (its holiday calendars)
 * @month: YYYY-MM
 * @today: the day it is made
 *
 * Returns: (transfer full): the report (docs/server.md, "Reports"), or
 * %NULL with @error set; a month that is not one, or has not begun, is
 * %JZ_COUNTY_ERROR_INVALID.
 */
JsonObject *
jz_server_report (JzCounty     *county,
                  const char   *data_dir,
                  const char   *month,
                  const GDate  *today,
                  GError      **error)
{
  g_autofree char *profile_name = jz_county_get_profile (county);
  g_autoptr(JzProfile) profile = jz_profile_load (profile_name, error);
  g_autoptr(JzHolidays) holidays = jz_holidays_new ();
  g_autoptr(JzRegistry) registry = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) holiday_error = NULL;
  JsonObject *out;

  if (profile == NULL)
    return NULL;
  /* a calendar that no longer loads: the others still count */
  if (!jz_holidays_load_dir (holidays, data_dir, &holiday_error))
    g_warning ("report: a holiday calendar cannot be loaded: %s", holiday_error->message);
  registry = jz_registry_new (jz_county_get_store (county), profile, holidays);
  out = jz_registry_report (registry, month, today, &local_error);
  if (out == NULL)
    {
      if (local_error->domain == JZ_REGISTRY_ERROR)
        g_set_error_literal (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return out;
}

static void
row_values (GString    *out,
            JsonObject *counts,
            const char *sep,
            int         width)
{
  guint n;
  const char *const *figures = jz_registry_report_figures (&n);

  for (guint f = 0; f < n; f++)
    g_string_append_printf (out, "%s%*" G_GINT64_FORMAT, sep, width,
                            json_object_get_int_member_with_default (counts, figures[f], 0));
}

static const char *
division_label (JsonObject *committee)
{
  const char *name = json_object_get_string_member_with_default (committee, "name", NULL);
  const char *code = json_object_get_string_member_with_default (committee, "division", "");

  if (name != NULL)
    return name;
  return *code ? code : "（未记录居住地）";
}

/**
 * jz_server_report_format:
 * @format: "text", "csv" or "json"
 *
 * Returns: (transfer full): @report written out.
 */
char *
jz_server_report_format (JsonObject *report,
                         const char *format)
{
  JsonArray *committees = json_object_get_array_member (report, "committees");
  GString *out = g_string_new (NULL);
  guint n;
  const char *const *figures = jz_registry_report_figures (&n);

  g_assert (n == G_N_ELEMENTS (headings));
  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      json_node_set_object (node, report);
      text = json_to_string (node, TRUE);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
      return g_string_free (out, FALSE);
    }
  if (g_strcmp0 (format, "csv") == 0)
    {
      g_string_append (out, "\xef\xbb\xbf居住地代码,居住地");
      for (guint f = 0; f < n; f++)
        g_string_append_printf (out, ",%s", headings[f]);
      g_string_append (out, "\r\n");
      for (guint i = 0; i < json_array_get_length (committees); i++)
        {
          JsonObject *c = json_array_get_object_element (committees, i);

          jz_text_append_csv_cell (out, json_object_get_string_member_with_default (c, "division", ""));
          g_string_append_c (out, ',');
          jz_text_append_csv_cell (out, division_label (c));
          row_values (out, c, ",", 0);
          g_string_append (out, "\r\n");
        }
      g_string_append (out, ",合计");
      row_values (out, json_object_get_object_member (report, "total"), ",", 0);
      g_string_append (out, "\r\n");
      return g_string_free (out, FALSE);
    }

  g_string_append_printf (out, "%s 月报（%s 至 %s；期末状态截至 %s；规则 %s）\n\n",
                          json_object_get_string_member (report, "month"),
                          json_object_get_string_member (report, "from"),
                          json_object_get_string_member (report, "to"),
                          json_object_get_string_member (report, "as_of"),
                          json_object_get_string_member (report, "profile"));
  for (guint i = 0; i <= json_array_get_length (committees); i++)
    {
      gboolean total = i == json_array_get_length (committees);
      JsonObject *c = total ? json_object_get_object_member (report, "total")
                            : json_array_get_object_element (committees, i);

      if (total)
        g_string_append (out, "合计\n");
      else
        g_string_append_printf (out, "%s  %s\n", json_object_get_string_member_with_default (c, "division", ""),
                                division_label (c));
      for (guint f = 0; f < n; f++)
        g_string_append_printf (out, "  %s：%" G_GINT64_FORMAT "\n", headings[f],
                                json_object_get_int_member_with_default (c, figures[f], 0));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
