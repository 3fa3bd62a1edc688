/* jz-county-export.c — the county's 暂住登记 for the provincial system
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per registration, with its person: name, ID number, sex and
 * ethnicity (GB/T 2261, GB/T 3304) and hukou place as codes and names, the
 * residence, the station, the dates and the status, as CSV (the headers in
 * Chinese, UTF-8 with a byte-order mark or GB18030: what Excel in China
 * opens) or as JSON lines (docs/server.md, "Export"). A person merged into
 * another is given as the person kept. --since takes the registrations
 * whose record or person changed since that day (00:00 UTC), for an
 * incremental upload. Read on the store thread in one transaction, so the
 * export is one consistent state; written as it is read.
 *
 * What devices sent is text from strangers: a cell that a spreadsheet
 * would take for a formula (=, @, or + or - before something other than
 * a digit) is written with a leading apostrophe.
 */
#include "config.h"

#include <string.h>

#include "jz-codes.h"
#include "jz-county-private.h"
#include "jz-divisions.h"
#include "jz-text.h"

typedef struct
{
  const char *key;      /* JSON */
  const char *header;   /* CSV */
} Column;

static const Column columns[] = {
  { "registration_id", "登记编号" },
  { "certificate_no", "凭证编号" },
  { "status", "状态" },
  { "name", "姓名" },
  { "id_number", "公民身份号码" },
  { "sex", "性别代码" },
  { "sex_name", "性别" },
  { "ethnicity", "民族代码" },
  { "ethnicity_name", "民族" },
  { "birth_date", "出生日期" },
  { "hukou_division", "户籍地代码" },
  { "hukou_division_name", "户籍地" },
  { "hukou_address", "户籍地址" },
  { "phone", "联系电话" },
  { "residence_division", "居住地代码" },
  { "residence_division_name", "居住地" },
  { "residence_address", "居住地址" },
  { "station", "登记单位" },
  { "reason", "流入原因代码" },
  { "reason_name", "流入原因" },
  { "housing_type", "住所类型代码" },
  { "housing_type_name", "住所类型" },
  { "landlord_name", "房东" },
  { "employer_name", "用人单位" },
  { "arrival_date", "到达日期" },
  { "registered_on", "登记日期" },
  { "departed_on", "注销日期" },
  { "departure_reason", "注销原因" },
};

#define N_COLUMNS G_N_ELEMENTS (columns)

#define EXPORT_SQL \
  "SELECT r.id, r.certificate_no, r.status, p.name, p.id_number, p.sex, p.ethnicity, p.birth_date, " \
  "  p.hukou_division, NULL, p.hukou_address, coalesce (r.phone, p.phone), r.residence_division, NULL, " \
  "  r.residence_address, coalesce (r.committee, " \
  "    (SELECT coalesce (u.real_name, u.name) FROM change_set c JOIN county_device d ON d.site = c.site " \
  "     JOIN county_user u ON u.name = d.user WHERE c.record = r.id ORDER BY c.id LIMIT 1)), " \
  "  r.reason, r.housing_type, r.landlord_name, r.employer_name, r.arrival_date, r.registered_on, " \
  "  r.departed_on, r.departure_reason " \
  "FROM registration r " \
  "JOIN person p ON p.id = coalesce ((SELECT merged_into FROM person WHERE id = r.person_id), r.person_id) " \
  "WHERE r.updated_hlc >= ?1 OR p.updated_hlc >= ?1 " \
  "ORDER BY r.registered_on, r.id"

static const char *
status_name (const char *status)
{
  if (g_strcmp0 (status, "active") == 0)
    return "有效";
  if (g_strcmp0 (status, "departed") == 0)
    return "已注销";
  if (g_strcmp0 (status, "ended") == 0)
    return "已更新";
  if (g_strcmp0 (status, "withdrawn") == 0)
    return "已撤回";
  return status;
}

typedef struct
{
  JzCountyExportFormat  format;
  gboolean              gb18030;
  gint64                since_ms;
  GOutputStream        *out;
  JzCodes              *codes;
  JzDivisions          *divisions;
  guint                 rows;
} ExportArgs;

static gboolean
write_text (ExportArgs  *args,
            GString     *line,
            GError     **error)
{
  g_autofree char *converted = NULL;
  gsize len = line->len;
  const char *data = line->str;

  if (args->gb18030)
    {
      converted = g_convert (line->str, line->len, "GB18030", "UTF-8", NULL, &len, error);
      if (converted == NULL)
        return FALSE;
      data = converted;
    }
  return g_output_stream_write_all (args->out, data, len, NULL, NULL, error);
}

static gpointer
export_on_thread (JzStore  *store,
                  gpointer  data,
                  GError  **error)
{
  ExportArgs *args = data;
  g_autoptr(GString) line = g_string_sized_new (1024);
  const char *values[N_COLUMNS];
  JzStmt *stmt;
  gboolean ok = TRUE;
  int rc;

  if (!_jz_store_exec (store, "BEGIN", error))
    return NULL;
  /* the places by name: the built-in list, and what the county imported */
  stmt = _jz_store_stmt (store, "SELECT code, name FROM division", error);
  if (stmt == NULL)
    {
      _jz_store_exec (store, "ROLLBACK", NULL);
      return NULL;
    }
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    jz_divisions_add (args->divisions, jz_stmt_column_text (stmt, 0),
                      jz_stmt_column_text (stmt, 1));
  jz_stmt_reset (stmt);

  if (args->format == JZ_COUNTY_EXPORT_CSV)
    {
      if (!args->gb18030)
        g_string_append (line, "\xef\xbb\xbf");  /* Excel reads UTF-8 by it */
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          if (i > 0)
            g_string_append_c (line, ',');
          g_string_append (line, columns[i].header);
        }
      g_string_append (line, "\r\n");
      ok = write_text (args, line, error);
    }

  stmt = ok ? _jz_store_stmt (store, EXPORT_SQL, error) : NULL;
  if (stmt == NULL)
    {
      _jz_store_exec (store, "ROLLBACK", NULL);
      return NULL;
    }
  jz_stmt_bind_int64 (stmt, 1, args->since_ms > 0 ? JZ_HLC_FROM_MS (args->since_ms) : 0);
  while (ok && (rc = jz_stmt_step (stmt)) == JZ_DB_ROW)
    {
#define COL(i) (jz_stmt_column_text (stmt, (i)))
      const char *row[] = {
        COL (0), COL (1), COL (2), COL (3), COL (4),
        COL (5), jz_codes_name (args->codes, "sex", COL (5), "zh"),
        COL (6), jz_codes_name (args->codes, "ethnicity", COL (6), "zh"),
        COL (7), COL (8), COL (9), COL (10), COL (11), COL (12), COL (13), COL (14), COL (15),
        COL (16), jz_codes_name (args->codes, "inflow_reason", COL (16), "zh"),
        COL (17), jz_codes_name (args->codes, "housing_type", COL (17), "zh"),
        COL (18), COL (19), COL (20), COL (21), COL (22),
        jz_codes_name (args->codes, "departure_reason", COL (23), "zh"),
      };
#undef COL
      g_autofree char *hukou = jz_divisions_full_name (args->divisions, row[10]);
      g_autofree char *residence = jz_divisions_full_name (args->divisions, row[14]);
      G_STATIC_ASSERT (G_N_ELEMENTS (row) == N_COLUMNS);

      memcpy (values, row, sizeof values);
      values[2] = status_name (values[2]);
      values[11] = hukou;
      values[15] = residence;
      g_string_truncate (line, 0);
      if (args->format == JZ_COUNTY_EXPORT_CSV)
        {
          for (guint i = 0; i < N_COLUMNS; i++)
            {
              if (i > 0)
                g_string_append_c (line, ',');
              jz_text_append_csv_cell (line, values[i]);
            }
          g_string_append (line, "\r\n");
        }
      else
        {
          g_string_append_c (line, '{');
          for (guint i = 0; i < N_COLUMNS; i++)
            {
              if (i > 0)
                g_string_append_c (line, ',');
              jz_text_append_json_string (line, columns[i].key);
              g_string_append_c (line, ':');
              if (values[i] == NULL)
                g_string_append (line, "null");
              else
                jz_text_append_json_string (line, values[i]);
            }
          g_string_append (line, "}\n");
        }
      ok = write_text (args, line, error);
      args->rows++;
    }
  jz_stmt_reset (stmt);
  _jz_store_exec (store, "COMMIT", NULL);
  if (ok && rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (store, error);
      ok = FALSE;
    }
  return ok ? JZ_STORE_OK : NULL;
}

/**
 * jz_county_export:
 * @since_ms: (optional): only registrations whose record or person changed
 *   at or after this time (unix ms); 0 for all
 * @gb18030: CSV in GB18030 rather than UTF-8
 * @out: where the rows go
 * @n_rows: (out) (optional): how many registrations were written
 *
 * The county's registrations, one a row (see above), written to @out as
 * they are read.
 */
gboolean
jz_county_export (JzCounty              *self,
                  JzCountyExportFormat   format,
                  gint64                 since_ms,
                  gboolean               gb18030,
                  GOutputStream         *out,
                  guint                 *n_rows,
                  GError               **error)
{
  g_autoptr(JzCodes) codes = jz_codes_new (error);
  g_autoptr(JzDivisions) divisions = codes ? jz_divisions_new (error) : NULL;
  ExportArgs args = { format, gb18030 && format == JZ_COUNTY_EXPORT_CSV, since_ms, out, codes, divisions, 0 };

  g_return_val_if_fail (JZ_IS_COUNTY (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (codes == NULL || divisions == NULL)
    return FALSE;
  if (_jz_store_call (self->store, export_on_thread, &args, error) == NULL)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = args.rows;
  return TRUE;
}
