/* jz-test-id-card.c — the two sides of an ID card, drawn (jz-test-id-card.h)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout follows the second-generation card's, at its size (85.6 ×
 * 54 mm); everything on it is invented and it says 样本 / SPECIMEN twice.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "jz-test-id-card.h"

/* The card's shape, rounded corners and all: outside it the page stays
 * transparent, and the camera shows the table there. */
static void
draw_card_background (Page    *page,
                      guint32  seed)
{
  cairo_t *cr = page->cr;
  GRand *rand = g_rand_new_with_seed (seed);
  double r = 3.2;

  cairo_new_sub_path (cr);
  cairo_arc (cr, JZ_TEST_ID_CARD_W - r, r, r, -G_PI / 2, 0);
  cairo_arc (cr, JZ_TEST_ID_CARD_W - r, JZ_TEST_ID_CARD_H - r, r, 0, G_PI / 2);
  cairo_arc (cr, r, JZ_TEST_ID_CARD_H - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_save (cr);
  cairo_clip_preserve (cr);
  jz_test_set_colour (cr, 0xe6edf0, 1);
  cairo_fill (cr);

  /* the security print: fine waves in two colours */
  cairo_set_line_width (cr, 0.12);
  for (int i = 0; i < 70; i++)
    {
      double y0 = i * JZ_TEST_ID_CARD_H / 60 - 5;
      double amp = 1.5 + g_rand_double (rand) * 2;
      double period = 9 + g_rand_double (rand) * 6;
      double phase = g_rand_double (rand) * 2 * G_PI;

      jz_test_set_colour (cr, i % 2 ? 0x8fb8dc : 0xe2a9a0, 0.55);
      cairo_move_to (cr, 0, y0 + amp * sin (phase));
      for (double x = 0.5; x <= JZ_TEST_ID_CARD_W; x += 0.5)
        cairo_line_to (cr, x, y0 + amp * sin (2 * G_PI * x / period + phase) + x * 0.06);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  g_rand_free (rand);
}

/* A drawn face, plainly no one's: head, hair, shoulders on white. */
static void
draw_portrait (cairo_t *cr,
               double   x,
               double   y,
               double   w,
               double   h)
{
  cairo_pattern_t *skin;
  double cx = x + w / 2;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  jz_test_set_colour (cr, 0xf4f5f6, 1);
  cairo_paint (cr);

  /* shoulders in a dark jacket, a white collar */
  jz_test_set_colour (cr, 0x263452, 1);
  cairo_move_to (cr, x - 2, y + h);
  cairo_curve_to (cr, x, y + h * 0.72, cx - w * 0.2, y + h * 0.7, cx, y + h * 0.7);
  cairo_curve_to (cr, cx + w * 0.2, y + h * 0.7, x + w, y + h * 0.72, x + w + 2, y + h);
  cairo_close_path (cr);
  cairo_fill (cr);
  jz_test_set_colour (cr, 0xfafafa, 1);
  cairo_move_to (cr, cx - w * 0.12, y + h * 0.7);
  cairo_line_to (cr, cx, y + h * 0.84);
  cairo_line_to (cr, cx + w * 0.12, y + h * 0.7);
  cairo_close_path (cr);
  cairo_fill (cr);

  /* neck and head */
  jz_test_set_colour (cr, 0xd9a882, 1);
  cairo_rectangle (cr, cx - w * 0.1, y + h * 0.55, w * 0.2, h * 0.17);
  cairo_fill (cr);
  skin = cairo_pattern_create_radial (cx - w * 0.05, y + h * 0.36, 1, cx, y + h * 0.4, w * 0.3);
  cairo_pattern_add_color_stop_rgb (skin, 0, 0.96, 0.8, 0.68);
  cairo_pattern_add_color_stop_rgb (skin, 1, 0.82, 0.6, 0.47);
  cairo_save (cr);
  cairo_translate (cr, cx, y + h * 0.4);
  cairo_scale (cr, w * 0.25, h * 0.22);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source (cr, skin);
  cairo_fill (cr);
  cairo_pattern_destroy (skin);

  /* hair */
  jz_test_set_colour (cr, 0x1e1a1a, 1);
  cairo_save (cr);
  cairo_translate (cr, cx, y + h * 0.27);
  cairo_scale (cr, w * 0.27, h * 0.12);
  cairo_arc (cr, 0, 0, 1, G_PI, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);

  /* eyes, brows, mouth */
  for (int side = -1; side <= 1; side += 2)
    {
      jz_test_set_colour (cr, 0x2a2020, 1);
      cairo_arc (cr, cx + side * w * 0.1, y + h * 0.39, w * 0.022, 0, 2 * G_PI);
      cairo_fill (cr);
      jz_test_draw_line (cr, cx + side * w * 0.05, y + h * 0.345, cx + side * w * 0.15, y + h * 0.34, 0.5);
    }
  jz_test_set_colour (cr, 0xa85a55, 1);
  jz_test_draw_line (cr, cx - w * 0.06, y + h * 0.5, cx + w * 0.06, y + h * 0.5, 0.5);
  cairo_restore (cr);
}

static void
draw_specimen_mark (Page  *page,
                    double x,
                    double y)
{
  Style mark = { SANS, PANGO_WEIGHT_BOLD, 2.6, SEAL_RED, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };

  jz_test_page_draw_text (page, x, y, &mark, "样本 SPECIMEN");
}

void
jz_test_id_card_draw_front (Page               *page,
                            guint32             seed,
                            const JzTestIdCard *card)
{
  Style label = { SANS, PANGO_WEIGHT_NORMAL, 2.4, LABEL_BLUE, 0, PANGO_ALIGN_LEFT, 0, 0.3, FALSE };
  Style value = { SANS, PANGO_WEIGHT_NORMAL, 3.0, INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  Style address = value;
  Style number = { SANS, PANGO_WEIGHT_MEDIUM, 3.6, INK, 0, PANGO_ALIGN_LEFT, 0, 0.35, FALSE };
  Style watermark = { SANS, PANGO_WEIGHT_BOLD, 6, SEAL_RED, 0, PANGO_ALIGN_LEFT, 0, 0, TRUE };

  draw_card_background (page, seed);
  draw_portrait (page->cr, 56, 8, 24, 30);
  cairo_save (page->cr);
  cairo_translate (page->cr, 52, 30);
  cairo_rotate (page->cr, -0.45);
  cairo_push_group (page->cr);
  jz_test_page_draw_text (page, 0, 0, &watermark, "样本");
  cairo_pop_group_to_source (page->cr);
  cairo_paint_with_alpha (page->cr, 0.55);
  cairo_restore (page->cr);

  draw_specimen_mark (page, 8, 2.2);
  jz_test_page_draw_text (page, 7, 8, &label, "姓名");
  jz_test_page_draw_text (page, 17, 7.6, &value, card->name);
  jz_test_page_draw_text (page, 7, 15, &label, "性别");
  jz_test_page_draw_text (page, 17, 14.6, &value, card->sex);
  jz_test_page_draw_text (page, 26, 15, &label, "民族");
  jz_test_page_draw_text (page, 36, 14.6, &value, card->ethnicity);
  jz_test_page_draw_text (page, 7, 22, &label, "出生");
  jz_test_page_draw_text (page, 17, 21.6, &value, card->birth);
  jz_test_page_draw_text (page, 7, 29, &label, "住址");
  address.width_mm = 36;
  address.spacing = 1.2;
  jz_test_page_draw_text (page, 17, 28.6, &address, card->address);
  jz_test_page_draw_text (page, 7, 45.5, &label, "公民身份号码");
  jz_test_page_draw_text (page, 28, 44.8, &number, card->number);
}

/* Where the real card has the national emblem: a red disc and a star. */
void
jz_test_id_card_draw_back (Page    *page,
                           guint32  seed)
{
  cairo_t *cr = page->cr;
  Style country = { SANS, PANGO_WEIGHT_BOLD, 4.2, INK, 0, PANGO_ALIGN_LEFT, 0, 1.0, FALSE };
  Style card = { SANS, PANGO_WEIGHT_BOLD, 6.5, INK, 0, PANGO_ALIGN_LEFT, 0, 1.6, FALSE };
  Style label = { SANS, PANGO_WEIGHT_NORMAL, 2.4, INK, 0, PANGO_ALIGN_LEFT, 0, 0.3, FALSE };
  Style value = { SANS, PANGO_WEIGHT_NORMAL, 2.8, INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };

  draw_card_background (page, seed + 1);

  jz_test_set_colour (cr, SEAL_RED, 1);
  cairo_arc (cr, 16, 15, 9, 0, 2 * G_PI);
  cairo_fill (cr);
  jz_test_set_colour (cr, 0xf2c230, 1);
  cairo_set_line_width (cr, 0.8);
  cairo_arc (cr, 16, 15, 8.2, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_move_to (cr, 16, 9);
  for (int i = 1; i <= 10; i++)
    {
      double a = -G_PI / 2 + i * G_PI / 5;
      double r = i % 2 ? 2.4 : 6;

      cairo_line_to (cr, 16 + r * cos (a), 15 + r * sin (a));
    }
  cairo_close_path (cr);
  cairo_fill (cr);

  draw_specimen_mark (page, 60, 2.2);
  jz_test_page_draw_text (page, 32, 8, &country, "中华人民共和国");
  jz_test_page_draw_text (page, 30, 17, &card, "居民身份证");
  jz_test_page_draw_text (page, 14, 36.3, &label, "签发机关");
  jz_test_page_draw_text (page, 29, 35.9, &value, "成都市公安局示例分局");
  jz_test_page_draw_text (page, 14, 43.3, &label, "有效期限");
  jz_test_page_draw_text (page, 29, 42.9, &value, "2016.03.07-2036.03.07");
}

/* ---- Invented holders ---------------------------------------------------- */

static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
  "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏",
  "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖",
};

static const char *const given[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
  "明", "超", "兰", "霞", "平", "刚", "桂", "华", "建", "国", "文", "辉", "玲", "鹏", "飞",
  "红", "梅", "宇", "浩", "晨", "阳", "欣", "怡", "涵", "雨", "俊", "波", "琴", "云", "斌",
};

static const struct
{
  const char *code;
  const char *province;
  const char *city;
} places[] = {
  { "110199", "北京市", "示例区" }, { "130199", "河北省", "石家庄市示例区" },
  { "220199", "吉林省", "长春市示例区" }, { "320199", "江苏省", "南京市示例区" },
  { "410199", "河南省", "郑州市示例区" }, { "420199", "湖北省", "武汉市示例区" },
  { "430199", "湖南省", "长沙市示例区" }, { "450199", "广西壮族自治区", "南宁市示例区" },
  { "510199", "四川省", "成都市示例区" }, { "520199", "贵州省", "贵阳市示例区" },
  { "610199", "陕西省", "西安市示例区" }, { "620199", "甘肃省", "兰州市示例区" },
};

static const char *const ethnicities[] = { "汉", "汉", "汉", "汉", "汉", "汉", "回", "壮", "满", "苗", "土家" };

static const char *const streets[] = { "样本街道", "示例路", "新华路", "人民路", "建设街", "和平里" };

void
jz_test_id_card_specimen (JzTestIdCard *card)
{
  memset (card, 0, sizeof *card);
  g_strlcpy (card->name, "张三", sizeof card->name);
  g_strlcpy (card->sex, "男", sizeof card->sex);
  g_strlcpy (card->ethnicity, "汉", sizeof card->ethnicity);
  g_strlcpy (card->birth, "1990年3月7日", sizeof card->birth);
  g_strlcpy (card->address, "四川省成都市示例区样本街道12号", sizeof card->address);
  g_strlcpy (card->number, JZ_TEST_PHOTO_TENANT_ID, sizeof card->number);
}

/* GB 11643's check character of the first 17 digits of @number. */
static char
check_character (const char *number)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (number[i] - '0') * weights[i];

  return "10X98765432"[sum % 11];
}

void
jz_test_id_card_invent (guint32       seed,
                        JzTestIdCard *card)
{
  GRand *rand = g_rand_new_with_seed (seed);
  guint place = g_rand_int_range (rand, 0, G_N_ELEMENTS (places));
  g_autoptr(GDate) birth = g_date_new_dmy (1, 1, 1950);
  int days = g_rand_int_range (rand, 0, 58 * 365);
  int sequence = g_rand_int_range (rand, 0, 1000);
  gboolean male = sequence % 2 == 1;
  g_autofree char *name = NULL;

  memset (card, 0, sizeof *card);
  g_date_add_days (birth, days);
  name = g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                      given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                      g_rand_boolean (rand) ? given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))] : "",
                      NULL);
  g_strlcpy (card->name, name, sizeof card->name);
  g_strlcpy (card->sex, male ? "男" : "女", sizeof card->sex);
  g_strlcpy (card->ethnicity, ethnicities[g_rand_int_range (rand, 0, G_N_ELEMENTS (ethnicities))],
             sizeof card->ethnicity);
  g_snprintf (card->birth, sizeof card->birth, "%d年%d月%d日", g_date_get_year (birth),
              g_date_get_month (birth), g_date_get_day (birth));
  g_snprintf (card->address, sizeof card->address, "%s%s%s%d号", places[place].province,
              places[place].city, streets[g_rand_int_range (rand, 0, G_N_ELEMENTS (streets))],
              g_rand_int_range (rand, 1, 300));
  g_snprintf (card->number, sizeof card->number, "%s%04d%02d%02d%03d", places[place].code,
              g_date_get_year (birth), g_date_get_month (birth), g_date_get_day (birth), sequence);
  card->number[17] = check_character (card->number);
  card->number[18] = '\0';
  g_rand_free (rand);
}
