/* jz-registry-roster.c — a roster of declarations filed at once
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A landlord's forty tenants, a factory's three hundred workers: each row
 * is a declaration like one filed by hand (jz_registry_declare()), judged
 * by the same checks. All of them in one transaction, each row in a
 * savepoint of it: a row with problems is rolled back alone and answered
 * with its problems; the others are filed together, or none of them when
 * only checking. A failure that is not a row's (the store, the clock, the
 * device's role) files nothing.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "jz-csv.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-xlsx.h"

#include "jz-registry-private.h"

/* a roster's file, read whole */
#define JZ_ROSTER_MAX_BYTES (16 * 1024 * 1024)

/* the transaction given back after only checking */
static GQuark
roster_check_quark (void)
{
  return g_quark_from_static_string ("jz-registry-roster-check");
}

typedef struct
{
  JzRegistry   *registry;
  GPtrArray    *inputs;
  const GDate  *today;
  const char   *author;
  gboolean      check_only;
  const guint  *row_numbers;  /* (nullable): each input's row in its file */
  JsonArray    *results;
  guint         filed;
} Roster;

typedef struct
{
  Roster     *roster;
  JsonObject *input;
  JsonObject *result;
} Row;

static gboolean
row_in_savepoint (JzStore  *store,
                  gpointer  data,
                  GError  **error)
{
  Row *row = data;

  row->result = _jz_registry_declare_in_tx (row->roster->registry, row->input, row->roster->today,
                                            row->roster->author, error);
  return row->result != NULL;
}

/* A row's own fault: its values, a conflict on its person, the workflow;
 * anything else stops the roster. */
static gboolean
is_row_error (const GError *error)
{
  return g_error_matches (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID) ||
         g_error_matches (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_STATE) ||
         g_error_matches (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_REFUSED) ||
         g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID) ||
         g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_DISPUTED) ||
         g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_WORKFLOW) ||
         g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND);
}

static JsonObject *
problems_of (guint         row,
             const GError *error)
{
  JsonObject *out = json_object_new ();

  json_object_set_int_member (out, "row", row);
  json_object_set_string_member (out, "message", error->message);
  json_object_set_array_member (out, "problems", jz_problems_to_json (jz_registry_error_get_problems (error)));
  return out;
}

static gboolean
roster_in_tx (JzRegistry  *self,
              gpointer     data,
              GError     **error)
{
  Roster *roster = data;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);  /* ID → row */

  for (guint i = 0; i < roster->inputs->len; i++)
    {
      g_autoptr(GError) row_error = NULL;
      Row row = { roster, g_ptr_array_index (roster->inputs, i), NULL };
      const char *id_number = _jz_obj_string (row.input, "id_number");
      guint number = roster->row_numbers != NULL ? roster->row_numbers[i] : i + 1;
      JzIdInfo info;
      char *key;

      /* One person once, however the ID number is written (15 or 18
       * digits, full-width): a second row of the same person is refused,
       * not filed over the first, which it would end. */
      key = id_number == NULL ? NULL
            : jz_id_number_parse (id_number, NULL, &info, NULL) ? g_strdup (info.normalized) : g_strdup (id_number);
      if (key != NULL && g_hash_table_contains (seen, key))
        {
          g_autoptr(GPtrArray) problems = jz_problems_new ();

          jz_problems_add (problems, "id_number", JZ_PROBLEM_DUPLICATE, _("id_number: the same person as row %u"),
                           GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)));
          _jz_registry_set_problems_error (problems, &row_error);
          json_array_add_object_element (roster->results, problems_of (number, row_error));
          g_free (key);
          continue;
        }
      if (key != NULL)
        g_hash_table_insert (seen, key, GUINT_TO_POINTER (number));

      if (jz_store_savepoint (self->store, row_in_savepoint, &row, &row_error))
        {
          json_object_set_int_member (row.result, "row", number);
          json_array_add_object_element (roster->results, row.result);
          roster->filed++;
          continue;
        }
      if (!is_row_error (row_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&row_error), _("row %u: "), number);
          return FALSE;
        }
      json_array_add_object_element (roster->results, problems_of (number, row_error));
    }

  /* only checking: every row judged, the transaction given back */
  if (roster->check_only)
    {
      g_set_error_literal (error, roster_check_quark (), 0, "checked only");
      return FALSE;
    }
  return TRUE;
}

/**
 * jz_registry_declare_roster:
 * @inputs: (element-type JsonObject): one declaration's input per row, as
 *   jz_registry_declare() takes it
 * @check_only: judge every row and file none
 * @row_numbers: (nullable) (array): each input's row in its file, for
 *   the answers and the messages (a spreadsheet's: the header is row 1);
 *   %NULL: 1, 2, …
 * @filed: (out) (optional): how many rows were filed (or would be)
 *
 * Files the rows that pass every check, in one transaction; the others
 * are answered with their problems.
 *
 * Returns: (transfer full): one object per row, in order: {"row": N,
 *   "person_id", "registration_id", "certificate_no"} for a row filed (or
 *   that would be), {"row": N, "message", "problems": [{"field", "code",
 *   "message"}]} for one refused; %NULL with @error when nothing could be
 *   filed for a reason not of a row's
 */
JsonArray *
jz_registry_declare_roster (JzRegistry   *self,
                            GPtrArray    *inputs,
                            gboolean      check_only,
                            const guint  *row_numbers,
                            const GDate  *today,
                            const char   *author,
                            guint        *filed,
                            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  Roster roster = { self, inputs, today, author, check_only, row_numbers, json_array_new (), 0 };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (inputs != NULL && today != NULL, NULL);

  if (!_jz_registry_transact (self, roster_in_tx, &roster, &local_error) &&
      !g_error_matches (local_error, roster_check_quark (), 0))
    {
      json_array_unref (roster.results);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (filed != NULL)
    *filed = roster.filed;
  return roster.results;
}

/* ---- a roster's file -------------------------------------------------------- */

/* The headers of the rosters clerks keep, 公安 forms and Excel templates
 * alike; and every field's own name. */
static const struct
{
  const char *header;
  const char *field;
} headers[] = {
  { "姓名", "name" }, { "公民身份号码", "id_number" }, { "身份证号", "id_number" },
  { "身份证号码", "id_number" }, { "身份证", "id_number" }, { "民族", "ethnicity" },
  { "户籍地址", "hukou_address" }, { "户籍地详址", "hukou_address" }, { "户籍地", "hukou_address" },
  { "联系电话", "phone" }, { "电话", "phone" }, { "手机", "phone" }, { "手机号", "phone" },
  { "手机号码", "phone" }, { "入住日期", "arrival_date" }, { "入职日期", "arrival_date" },
  { "到达日期", "arrival_date" }, { "来本地日期", "arrival_date" }, { "居住地址", "residence_address" },
  { "现住址", "residence_address" }, { "暂住地址", "residence_address" }, { "住址", "hukou_address" },
  { "居住地代码", "residence_division" }, { "暂住事由", "reason" }, { "流入原因", "reason" },
  { "事由", "reason" }, { "住所类型", "housing_type" }, { "居住类型", "housing_type" },
  { "房东", "landlord_name" }, { "房东姓名", "landlord_name" }, { "房东电话", "landlord_phone" },
  { "用人单位", "employer_name" }, { "工作单位", "employer_name" }, { "单位名称", "employer_name" },
  { "登记日期", "registered_on" }, { "备注", "notes" },
};

static const char *const field_names[] = {
  "id_number", "name", "ethnicity", "hukou_division", "hukou_address", "phone", "notes",
  "residence_division", "committee", "residence_address", "arrival_date", "registered_on", "reason",
  "housing_type", "landlord_name", "landlord_phone", "landlord_identity", "employer_name",
  "employer_identity", "school_name",
};

static const char *
field_of_header (const char *header)
{
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (g_str_equal (header, headers[i].header))
      return headers[i].field;
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (g_ascii_strcasecmp (header, field_names[i]) == 0)
      return field_names[i];
  return NULL;
}

/**
 * jz_registry_roster_field:
 * @header: a roster's column header
 *
 * Returns: (nullable): the field the column holds, or %NULL
 */
const char *
jz_registry_roster_field (const char *header)
{
  g_autofree char *name = g_strstrip (g_strdup (header));

  return field_of_header (name);
}

/* 2026/3/1, 2026.3.1, 2026年3月1日, 20260301 → 2026-03-01; else as it is
 * (the field's check then says what is wrong) */
static char *
normalise_date (const char *text)
{
  g_autoptr(GString) t = g_string_new (text);
  guint y = 0, m = 0, d = 0;
  char rest = '\0';

  if (t->len == 8 && strspn (text, "0123456789") == 8 && sscanf (text, "%4u%2u%2u", &y, &m, &d) == 3)
    return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
  g_string_replace (t, "年", "-", 0);
  g_string_replace (t, "月", "-", 0);
  g_string_replace (t, "日", "", 0);
  g_string_replace (t, "/", "-", 0);
  g_string_replace (t, ".", "-", 0);
  if (sscanf (t->str, "%u-%u-%u%c", &y, &m, &d, &rest) == 3 && y >= 1900 && y <= 9999 &&
      m >= 1 && m <= 12 && d >= 1 && d <= 31)
    return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
  return g_strdup (text);
}

/* Whether every character of @short_text is in @name, in order (单位宿舍
 * in 单位内部宿舍) */
static gboolean
in_order (const char *name,
          const char *short_text)
{
  for (const char *p = short_text; *p != '\0'; p = g_utf8_next_char (p))
    {
      name = g_utf8_strchr (name, -1, g_utf8_get_char (p));
      if (name == NULL)
        return FALSE;
      name = g_utf8_next_char (name);
    }
  return TRUE;
}

/* A code field given by its name: its code. The name as the table has it
 * (汉族, 务工), or the one name it can be short for (汉, 学习, 单位宿舍);
 * else the text as it is, and the field's check lists the codes. */
static char *
code_of_name (JzCodes    *codes,
              const char *table,
              const char *text)
{
  g_autoptr(GPtrArray) list = jz_codes_list (codes, table);
  const char *found = NULL;
  guint n_found = 0;

  if (list == NULL || jz_codes_has (codes, table, text))
    return g_strdup (text);
  for (guint i = 0; i < list->len; i++)
    {
      const char *code = g_ptr_array_index (list, i);
      const char *name = jz_codes_name (codes, table, code, "zh");

      if (name != NULL && g_str_equal (name, text))
        return g_strdup (code);
      if (name != NULL && in_order (name, text))
        {
          found = code;
          n_found++;
        }
    }
  return g_strdup (n_found == 1 ? found : text);
}

/**
 * jz_registry_roster_inputs:
 * @rows: (element-type GStrv): a roster's rows (jz_csv_parse()), the header first
 * @ignored: (out) (transfer full): the headers that name no field, left out
 *
 * One declaration's input per row, from the columns whose headers name a
 * field (Chinese or the field's own name); dates and code names (民族 汉,
 * 事由 务工) as the fields take them.
 *
 * Returns: (transfer full) (element-type JsonObject): %NULL with @error
 *   when no column holds ID numbers
 */
GPtrArray *
jz_registry_roster_inputs (JzRegistry  *self,
                           GPtrArray   *rows,
                           GStrv       *ignored,
                           GError     **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GStrvBuilder) unknown = g_strv_builder_new ();
  g_autofree const char **fields = NULL;
  char **header;
  guint n_columns;
  gboolean has_id = FALSE, beyond = FALSE;

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);

  if (rows->len == 0)
    {
      g_set_error_literal (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID, _("the file is empty"));
      return NULL;
    }
  header = g_ptr_array_index (rows, 0);
  n_columns = g_strv_length (header);
  fields = g_new0 (const char *, n_columns + 1);
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *name = g_strstrip (g_strdup (header[c]));

      fields[c] = field_of_header (name);
      for (guint d = 0; d < c && fields[c] != NULL; d++)
        if (g_strcmp0 (fields[d], fields[c]) == 0)
          {
            g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                         _("columns %u and %u both hold %s (“%s”, “%s”): keep one of them"),
                         d + 1, c + 1, fields[c], g_strstrip (header[d]), name);
            return NULL;
          }
      has_id = has_id || g_strcmp0 (fields[c], "id_number") == 0;
      if (fields[c] == NULL && *name != '\0')
        g_strv_builder_add (unknown, name);
    }
  if (!has_id)
    {
      g_set_error_literal (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                           _("no column of ID numbers: the first row must name the columns, one of them "
                             "公民身份号码 or 身份证号 (juzhu-cli registration import --template)"));
      return NULL;
    }

  for (guint r = 1; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      JsonObject *input = json_object_new ();

      /* cells past the header's columns have no field: said once */
      if (g_strv_length (cells) > n_columns && !beyond)
        {
          g_strv_builder_add (unknown, _("(cells past the last named column)"));
          beyond = TRUE;
        }
      for (guint c = 0; c < n_columns && cells[c] != NULL; c++)
        {
          g_autofree char *value = g_strstrip (g_strdup (cells[c]));
          const JzFieldDef *def;
          char *kept;

          if (fields[c] == NULL || *value == '\0')
            continue;
          /* Excel's mark of a number kept as text */
          if (value[0] == '\'')
            memmove (value, value + 1, strlen (value));
          if (g_str_equal (fields[c], "id_number"))
            kept = g_ascii_strup (value, -1);
          else if (g_str_has_suffix (fields[c], "_date") || g_str_equal (fields[c], "registered_on"))
            kept = normalise_date (value);
          else if ((def = jz_record_type_field (jz_model_lookup ("registration"), fields[c])) != NULL &&
                   def->kind == JZ_FIELD_CODE && def->code_table != NULL)
            kept = code_of_name (self->codes, def->code_table, value);
          else if ((def = jz_record_type_field (jz_model_lookup ("person"), fields[c])) != NULL &&
                   def->kind == JZ_FIELD_CODE && def->code_table != NULL)
            kept = code_of_name (self->codes, def->code_table, value);
          else
            kept = g_strdup (value);
          json_object_set_string_member (input, fields[c], kept);
          g_free (kept);
        }
      g_ptr_array_add (inputs, input);
    }

  *ignored = g_strv_builder_end (unknown);
  return g_steal_pointer (&inputs);
}

/**
 * jz_registry_roster_read_file:
 * @path: a CSV file (UTF-8 or GB18030) or an Excel workbook (.xlsx)
 * @encoding: (out): "UTF-8", "GB18030" or "xlsx"
 * @lines: (out): each row's number as the spreadsheet shows it
 *
 * A roster's rows, the header first, as jz_registry_roster_inputs()
 * takes them. A path that is no regular file (a folder, /dev/zero), a
 * file over 16 MiB and one that is neither a CSV nor a workbook are
 * refused (JZ_REGISTRY_ERROR_INVALID) with the path in the message.
 */
GPtrArray *
jz_registry_roster_read_file (const char  *path,
                              const char **encoding,
                              GArray     **lines,
                              GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;
  GPtrArray *rows;
  GStatBuf st;
  gsize length = 0;

  /* a file, not a device or a pipe that never ends (/dev/zero) */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID, _("%s is not a file"), name);
      return NULL;
    }
  if (g_stat (path, &st) == 0 && st.st_size > JZ_ROSTER_MAX_BYTES)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("%s: a roster is at most 16 MiB; divide it"), name);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  /* a workbook (.xlsx, a zip) as Excel or WPS saves it, else CSV */
  if (jz_xlsx_sniff (data, length))
    {
      *encoding = "xlsx";
      rows = jz_xlsx_parse (data, length, lines, &local_error);
    }
  else
    rows = jz_csv_parse (data, length, encoding, lines, &local_error);
  if (rows == NULL)
    {
      /* a file that is not a roster is bad input, as a bad value is */
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID, "%s: %s", name, local_error->message);
      return NULL;
    }
  return rows;
}

/**
 * jz_registry_roster_default_division:
 *
 * A committee's device files its roster rows, when they name no residence
 * division, in the area the county enrolled it for.
 */
void
jz_registry_roster_default_division (JzRegistry *self,
                                     JsonObject *input)
{
  g_autofree char *role = NULL;
  g_autofree char *area = NULL;
  gsize len;

  g_return_if_fail (JZ_IS_REGISTRY (self));

  if (json_object_has_member (input, "residence_division"))
    return;
  role = jz_store_get_meta (self->store, "sync_role", NULL);
  area = jz_store_get_meta (self->store, "sync_area", NULL);
  if (g_strcmp0 (role, "committee") != 0 || area == NULL)
    return;
  len = strlen (area);
  if ((len == 6 || len == 9 || len == 12) && strspn (area, "0123456789") == len)
    json_object_set_string_member (input, "residence_division", area);
}

/* The columns of the template, in the order a clerk fills them in */
static const char *const template_columns[] = {
  "姓名", "公民身份号码", "民族", "户籍地址", "联系电话", "居住地址", "入住日期", "暂住事由",
  "住所类型", "房东", "用人单位",
};

/**
 * jz_registry_roster_template:
 *
 * An empty roster to fill in: the header row of a CSV file in UTF-8 with
 * a byte-order mark, which Excel and WPS open as Chinese text.
 */
char *
jz_registry_roster_template (void)
{
  GString *line = g_string_new ("\xef\xbb\xbf");

  for (guint c = 0; c < G_N_ELEMENTS (template_columns); c++)
    g_string_append_printf (line, "%s%s", c > 0 ? "," : "", template_columns[c]);
  g_string_append (line, "\r\n");
  return g_string_free (line, FALSE);
}
