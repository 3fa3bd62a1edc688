/* bench-data.c — synthetic but realistic declarations for benchmarks
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names drawn from common surnames and given-name characters, valid
 * GB 11643 numbers for real divisions, addresses with street names and
 * numbers: what the search index will meet in a county.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bench-data.h"

static const char *surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
  "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
  "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
  "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "欧阳", "司马",
};

static const char *given[] = {
  "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
  "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "华", "建国", "玉兰", "红",
  "鹏", "文", "斌", "宇", "浩", "凯", "婷", "雪", "琳", "晨", "欣", "佳", "子涵", "梓萱",
};

static const char *divisions[] = {
  "220102", "220103", "220104", "220105", "220106", "220112", "220202", "220203",
  "411202", "411203", "411221", "411224", "411281", "411282", "410102", "410105",
  "110105", "310104", "440106", "510107", "370102", "320106",
};

static const char *streets[] = {
  "人民大街", "解放大路", "红旗街", "自由大路", "建设街", "和平路", "黄河路", "崤山路",
  "六峰路", "文明路", "迎宾大道", "湖滨路", "大岭路", "甘棠路", "开发区长江路",
};

static const char *weights = "\x07\x09\x0a\x05\x08\x04\x02\x01\x06\x03\x07\x09\x0a\x05\x08\x04\x02";

void
bench_make_declaration (GRand            *rand,
                        guint             index,
                        BenchDeclaration *out)
{
  guint year = g_rand_int_range (rand, 1950, 2008);
  guint month = g_rand_int_range (rand, 1, 13);
  guint day = g_rand_int_range (rand, 1, 29);
  const char *division = divisions[g_rand_int_range (rand, 0, G_N_ELEMENTS (divisions))];
  guint seq = g_rand_int_range (rand, 0, 1000);
  guint sum = 0;

  snprintf (out->id_number, sizeof out->id_number, "%s%04u%02u%02u%03u",
            division, year, month, day, seq);
  for (guint i = 0; i < 17; i++)
    sum += (guint) (out->id_number[i] - '0') * (guint) weights[i];
  out->id_number[17] = "10X98765432"[sum % 11];
  out->id_number[18] = '\0';

  snprintf (out->name, sizeof out->name, "%s%s",
            surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
            given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
  snprintf (out->birth_date, sizeof out->birth_date, "%04u-%02u-%02u", year, month, day);
  snprintf (out->sex, sizeof out->sex, "%u", (seq % 2) ? 1 : 2);
  snprintf (out->ethnicity, sizeof out->ethnicity, "%02u", g_rand_int_range (rand, 0, 10) ? 1 : g_rand_int_range (rand, 2, 57));
  memcpy (out->hukou_division, division, 7);
  snprintf (out->hukou_address, sizeof out->hukou_address, "%s%u号%u单元",
            streets[g_rand_int_range (rand, 0, G_N_ELEMENTS (streets))],
            g_rand_int_range (rand, 1, 999), g_rand_int_range (rand, 1, 9));
  snprintf (out->residence_address, sizeof out->residence_address, "%s%u号%u室",
            streets[g_rand_int_range (rand, 0, G_N_ELEMENTS (streets))],
            g_rand_int_range (rand, 1, 999), g_rand_int_range (rand, 101, 2505));
  snprintf (out->arrival_date, sizeof out->arrival_date, "2025-%02u-%02u",
            g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
  snprintf (out->registered_on, sizeof out->registered_on, "2026-01-%02u",
            g_rand_int_range (rand, 1, 29));
  snprintf (out->phone, sizeof out->phone, "13%09u", index);
}

gint64
bench_rss_peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

/* Benchmarks make large temporary stores; leave nothing behind. */
void
bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bench_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
bench_compare_double (const void *a,
                      const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}
