/* jz-photo-test-set.c — camera photos of documents, made by the project
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each document is drawn in millimetres on a cairo image surface at about
 * the scale it has in the photo (an A4 page 88 % of a 4000-pixel frame is
 * about 300 dpi; a card 70 % of it, about 830 dpi), and every line of text
 * drawn is also written to the page's text, which OCR is later compared
 * with. Hinting is off, so a line is laid out the same at any scale.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "jz-photo-test-set.h"
#include "jz-test-camera.h"

#include "jz-test-page.h"
#include "jz-test-id-card.h"

/* One table row: each cell's text centred in it, borders around; @header
 * rows are bold. Returns the row's height. */
static double
draw_table_row (Page         *page,
                double        x,
                double        y,
                const double *widths,
                guint         n,
                const char  **cells,
                const Style  *style,
                double        height)
{
  double cx = x;

  jz_test_set_colour (page->cr, INK, 1);
  for (guint i = 0; i < n; i++)
    {
      Style cell = *style;
      double h;

      cell.width_mm = widths[i] - 2;
      cell.align = PANGO_ALIGN_CENTER;
      jz_test_set_colour (page->cr, INK, 1);
      cairo_rectangle (page->cr, cx, y, widths[i], height);
      cairo_set_line_width (page->cr, 0.3);
      cairo_stroke (page->cr);
      {
        g_autoptr(PangoLayout) probe = jz_test_page_layout (page, cell.family, cell.weight, cell.size_mm);
        int pw, ph;

        pango_layout_set_text (probe, cells[i], -1);
        pango_layout_get_size (probe, &pw, &ph);
        h = (double) ph / PANGO_SCALE;
      }
      jz_test_page_draw_text (page, cx + 1, y + (height - h) / 2, &cell, cells[i]);
      cx += widths[i];
    }

  return height;
}

/* A round red seal: a ring, a star, @name around the top and @purpose
 * across the bottom. Nothing of it is recorded: curved text is no text an
 * OCR engine reads. */
static void
draw_seal (Page       *page,
           double      cx,
           double      cy,
           double      radius,
           const char *name,
           const char *purpose)
{
  cairo_t *cr = page->cr;
  glong n = g_utf8_strlen (name, -1);
  const char *p = name;
  Style bottom = { SANS, PANGO_WEIGHT_BOLD, radius * 0.17, SEAL_RED, radius * 1.4,
                   PANGO_ALIGN_CENTER, 0, 0, TRUE };

  jz_test_set_colour (cr, SEAL_RED, 0.85);
  cairo_set_line_width (cr, radius * 0.05);
  cairo_arc (cr, cx, cy, radius * 0.96, 0, 2 * G_PI);
  cairo_stroke (cr);

  cairo_move_to (cr, cx, cy - radius * 0.26);
  for (int i = 1; i <= 10; i++)
    {
      double a = -G_PI / 2 + i * G_PI / 5;
      double r = i % 2 ? radius * 0.11 : radius * 0.26;

      cairo_line_to (cr, cx + r * cos (a), cy + r * sin (a));
    }
  cairo_close_path (cr);
  cairo_fill (cr);

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      char ch[8] = { 0 };
      double a = -G_PI / 2 - 1.1 * G_PI / 2 + 1.1 * G_PI * (i + 0.5) / n;
      g_autoptr(PangoLayout) layout = jz_test_page_layout (page, SANS, PANGO_WEIGHT_BOLD, radius * 0.2);
      int w, h;

      memcpy (ch, p, g_utf8_next_char (p) - p);
      pango_layout_set_text (layout, ch, -1);
      pango_layout_get_size (layout, &w, &h);
      cairo_save (cr);
      cairo_translate (cr, cx + radius * 0.72 * cos (a), cy + radius * 0.72 * sin (a));
      cairo_rotate (cr, a + G_PI / 2);
      cairo_move_to (cr, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2);
      jz_test_set_colour (cr, SEAL_RED, 0.85);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }

  jz_test_page_draw_text (page, cx - radius * 0.7, cy + radius * 0.35, &bottom, purpose);
}

/* ---- The lease -------------------------------------------------------- */

static const char *const lease_articles[][2] = {
  { "第一条　房屋基本情况",
    "甲方将坐落于吉林省长春市示例区样本路88号3单元502室的房屋（以下简称该房屋）出租给乙方居住使用。"
    "该房屋建筑面积为68.5平方米，房屋用途为住宅，甲方保证对该房屋享有合法的出租权利。" },
  { "第二条　租赁期限",
    "租赁期限自2026年3月1日起至2027年2月28日止，共计十二个月。租赁期满，乙方如需继续承租，"
    "应提前三十日书面通知甲方，经甲方同意后重新签订合同。" },
  { "第三条　租金及支付方式",
    "该房屋月租金为人民币壹仟捌佰元整（1800元），按季度支付，乙方应于每季度第一个月的五日前"
    "将租金交付甲方。甲方收取租金后应向乙方出具收据。" },
  { "第四条　押金与费用",
    "乙方应于签订本合同时向甲方支付押金。租赁期间的水费、电费、燃气费、网络费及物业服务费"
    "由乙方承担，明细如下表：" },
};

static const char *const lease_closing[][2] = {
  { "第五条　居住登记",
    "乙方入住后，甲方应协助乙方在三十日内向房屋所在地的居民委员会或公安派出所申报居住登记，"
    "并如实提供房屋权属证明等材料。" },
  { "第六条　其他约定",
    "本合同未尽事宜，由双方协商解决；协商不成的，可依法向房屋所在地人民法院提起诉讼。"
    "本合同一式两份，甲乙双方各执一份，自双方签字之日起生效。" },
};

static void
draw_lease (Page *page)
{
  const double left = 25, width = 160;
  Style title = { SANS, PANGO_WEIGHT_BOLD, jz_test_pt (20), INK, width, PANGO_ALIGN_CENTER, 0, 0.6, FALSE };
  Style small = { SERIF, PANGO_WEIGHT_NORMAL, jz_test_pt (10.5), INK, width, PANGO_ALIGN_RIGHT, 0, 0, FALSE };
  Style body = { SERIF, PANGO_WEIGHT_NORMAL, jz_test_pt (10.5), INK, width, PANGO_ALIGN_LEFT, 1.45, 0, FALSE };
  Style heading = { SANS, PANGO_WEIGHT_BOLD, jz_test_pt (10.5), INK, width, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  Style cell = { SERIF, PANGO_WEIGHT_NORMAL, jz_test_pt (10.5), INK, 0, PANGO_ALIGN_CENTER, 0, 0, FALSE };
  Style header = cell;
  Style pen = { SERIF, PANGO_WEIGHT_BOLD, jz_test_pt (16), BLUE_INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  Style sign = { SERIF, PANGO_WEIGHT_NORMAL, jz_test_pt (10.5), INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  static const double widths[] = { 38, 36, 30, 56 };
  static const char *rows[][4] = {
    { "项目", "金额（元）", "支付方", "备注" },
    { "月租金", "1800", "乙方", "按季度支付" },
    { "押金", "1800", "乙方", "期满无息退还" },
    { "物业服务费", "120", "乙方", "每月" },
    { "维修基金", "0", "甲方", "已缴纳" },
  };
  double y = 22;

  header.family = SANS;
  header.weight = PANGO_WEIGHT_BOLD;

  y += jz_test_page_draw_text (page, left, y, &title, "房屋租赁合同（样本）") + 3;
  y += jz_test_page_draw_text (page, left, y, &small, "合同编号：JZ-ZL-2026-0001") + 3;
  y += jz_test_page_draw_text (page, left, y, &body, "出租方（甲方）：王五　　身份证号码：" JZ_TEST_PHOTO_LANDLORD_ID);
  y += jz_test_page_draw_text (page, left, y, &body, "承租方（乙方）：张三　　身份证号码：" JZ_TEST_PHOTO_TENANT_ID) + 1;
  y += jz_test_page_draw_text (page, left, y, &body,
                  "　　根据《中华人民共和国民法典》及有关规定，甲乙双方在平等、自愿、协商一致的基础上，"
                  "就乙方承租甲方房屋事宜，订立本合同。") + 2;

  for (guint i = 0; i < G_N_ELEMENTS (lease_articles); i++)
    {
      y += jz_test_page_draw_text (page, left, y, &heading, lease_articles[i][0]) + 1;
      y += jz_test_page_draw_text (page, left, y, &body, lease_articles[i][1]) + 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    y += draw_table_row (page, left, y, widths, 4, rows[i], i == 0 ? &header : &cell, 9);
  y += 4;

  for (guint i = 0; i < G_N_ELEMENTS (lease_closing); i++)
    {
      y += jz_test_page_draw_text (page, left, y, &heading, lease_closing[i][0]) + 1;
      y += jz_test_page_draw_text (page, left, y, &body, lease_closing[i][1]) + 2;
    }

  y += 8;
  jz_test_page_draw_text (page, left, y, &sign, "甲方（签字）：");
  jz_test_page_draw_text (page, left + 85, y, &sign, "乙方（签字）：");
  jz_test_set_colour (page->cr, INK, 1);
  jz_test_draw_line (page->cr, left + 26, y + 5, left + 70, y + 5, 0.3);
  jz_test_draw_line (page->cr, left + 111, y + 5, left + 155, y + 5, 0.3);
  jz_test_page_draw_text (page, left + 33, y - 3, &pen, "王五");
  jz_test_page_draw_text (page, left + 118, y - 3, &pen, "张三");
  y += 12;
  jz_test_page_draw_text (page, left, y, &sign, "日期：2026年2月20日");
  jz_test_page_draw_text (page, left + 85, y, &sign, "日期：2026年2月20日");
}

/* ---- The registration form -------------------------------------------- */

static void
draw_form_row (Page         *page,
               double        x,
               double        y,
               double        height,
               const double *widths,
               guint         n,
               const char  **cells)
{
  Style label = { SANS, PANGO_WEIGHT_NORMAL, jz_test_pt (11), INK, 0, PANGO_ALIGN_CENTER, 0, 0, FALSE };
  Style value = { SERIF, PANGO_WEIGHT_BOLD, jz_test_pt (13), BLUE_INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  double cx = x;

  for (guint i = 0; i < n; i++)
    {
      gboolean is_label = i % 2 == 0;

      if (is_label)
        {
          jz_test_set_colour (page->cr, 0xe8e8e8, 1);
          cairo_rectangle (page->cr, cx, y, widths[i], height);
          cairo_fill (page->cr);
        }
      jz_test_set_colour (page->cr, INK, 1);
      cairo_set_line_width (page->cr, 0.35);
      cairo_rectangle (page->cr, cx, y, widths[i], height);
      cairo_stroke (page->cr);
      if (cells[i][0] != '\0')
        {
          Style style = is_label ? label : value;

          style.width_mm = widths[i] - 3;
          jz_test_page_draw_text (page, cx + 1.5, y + (height - style.size_mm * 1.45) / 2, &style, cells[i]);
        }
      cx += widths[i];
    }
}

static void
draw_form (Page *page)
{
  const double left = 20, width = 170;
  Style title = { SANS, PANGO_WEIGHT_BOLD, jz_test_pt (20), INK, width, PANGO_ALIGN_CENTER, 0, 0.8, FALSE };
  Style small = { SERIF, PANGO_WEIGHT_NORMAL, jz_test_pt (10.5), INK, width, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  Style notes = { SERIF, PANGO_WEIGHT_NORMAL, jz_test_pt (10), INK, width, PANGO_ALIGN_LEFT, 1.4, 0, FALSE };
  Style heading = { SANS, PANGO_WEIGHT_BOLD, jz_test_pt (10.5), INK, width, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  static const double four[] = { 30, 55, 30, 55 };
  static const double two[] = { 30, 140 };
  static const char *rows4[][4] = {
    { "姓名", "张三", "性别", "男" },
    { "民族", "汉", "出生日期", "1990年3月7日" },
  };
  static const char *rows2[][2] = {
    { "公民身份号码", JZ_TEST_PHOTO_TENANT_ID },
    { "户籍地址", "四川省成都市示例区样本街道12号" },
    { "居住地址", "吉林省长春市示例区样本路88号3单元502室" },
    { "居住事由", "√务工　□就学　□投靠亲友　□其他" },
    { "工作单位", "长春示例科技有限公司" },
    { "房屋性质", "租赁房屋（出租人：王五）" },
  };
  static const char *last[4] = { "申报人", "张三", "申报日期", "2026年3月1日" };
  double y = 20;
  const double row = 13;

  y += jz_test_page_draw_text (page, left, y, &title, "居住登记表（样本）") + 4;
  y += jz_test_page_draw_text (page, left, y, &small, "编号：JZ-220102-2026-0001　　　　填表日期：2026年3月1日") + 3;

  for (guint i = 0; i < G_N_ELEMENTS (rows4); i++, y += row)
    draw_form_row (page, left, y, row, four, 4, rows4[i]);
  for (guint i = 0; i < G_N_ELEMENTS (rows2); i++, y += row)
    draw_form_row (page, left, y, row, two, 2, rows2[i]);
  draw_form_row (page, left, y, row, four, 4, last);
  y += row + 8;

  y += jz_test_page_draw_text (page, left, y, &heading, "填表说明") + 2;
  y += jz_test_page_draw_text (page, left, y, &notes,
                  "1. 本表由申报人本人如实填写，字迹应清楚、工整，不得涂改。") + 1;
  y += jz_test_page_draw_text (page, left, y, &notes,
                  "2. 申报人应同时提交居民身份证、房屋租赁合同等居住证明材料，复印件由受理单位留存。") + 1;
  y += jz_test_page_draw_text (page, left, y, &notes,
                  "3. 居住地址应填写到门牌号，居住事由在相应选项前打“√”。") + 1;
  y += jz_test_page_draw_text (page, left, y, &notes,
                  "4. 申报人对所填内容的真实性负责，提供虚假材料的，依法承担相应责任。") + 14;

  jz_test_page_draw_text (page, left, y, &small, "受理单位（盖章）：");
  jz_test_page_draw_text (page, left + 100, y, &small, "受理人：赵六");
  y += 10;
  jz_test_page_draw_text (page, left + 100, y, &small, "受理日期：2026年3月2日");
  draw_seal (page, left + 48, y - 2, 19, "示例区样本街道居民委员会", "居住登记专用章");
}

/* ---- The set ---------------------------------------------------------- */

char *
jz_test_photo_name (JzTestPhotoKind  kind,
                    JzTestPhotoLight light)
{
  static const char *const names[] = { "lease", "id-front", "id-back", "form" };

  g_return_val_if_fail (kind < JZ_TEST_PHOTO_N_KINDS, NULL);

  return g_strconcat (names[kind], light == JZ_TEST_PHOTO_DIM ? "-dim" : "", NULL);
}

gboolean
jz_test_photo_fonts_found (char **missing)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  g_autoptr(GObject) context = G_OBJECT (pango_font_map_create_context (map));
  const char *families[] = { SANS, SERIF };

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      PangoFontDescription *desc = pango_font_description_from_string (families[i]);
      g_autoptr(GObject) font = G_OBJECT (pango_font_map_load_font (map, PANGO_CONTEXT (context), desc));
      PangoFontDescription *got = font ? pango_font_describe (PANGO_FONT (font)) : NULL;
      gboolean found = got != NULL &&
                       g_strcmp0 (pango_font_description_get_family (got), families[i]) == 0;

      pango_font_description_free (desc);
      if (got != NULL)
        pango_font_description_free (got);
      if (!found)
        {
          if (missing != NULL)
            *missing = g_strdup (families[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static JzTestPhoto *
shoot (JzTestPhotoKind          kind,
       JzTestPhotoLight         light,
       guint32                  seed,
       const JzTestIdCard      *card,
       const JzTestPhotoFlaws  *flaws)
{
  JzTestPhoto *photo = NULL;
  JzTestCamera camera = { seed, 4000, 3000, 0.7, FALSE, 92, 1, 1, 0 };
  Page page;

  if (light == JZ_TEST_PHOTO_DIM)
    {
      camera.exposure = 0.78;
      camera.noise = 2.2;
      camera.sharpen = 0.5;
    }
  if (flaws != NULL)
    {
      camera.blur = flaws->blur;
      camera.glare = flaws->glare;
      camera.max_tilt = flaws->max_tilt;
      /* the document is drawn from @seed still: only the photo is new */
      camera.seed = seed + 1000003u * flaws->retake;
    }

  switch (kind)
    {
    case JZ_TEST_PHOTO_LEASE:
    case JZ_TEST_PHOTO_FORM:
      /* a phone held upright over an A4 page filling most of the frame */
      camera.width = 3000;
      camera.height = 4000;
      camera.fill = 0.88;
      camera.exif_rotated = kind == JZ_TEST_PHOTO_LEASE;
      jz_test_page_init (&page, 210, 297, 4000 * 0.88 / 297, 0xf6f4ee);
      if (kind == JZ_TEST_PHOTO_LEASE)
        draw_lease (&page);
      else
        draw_form (&page);
      break;

    case JZ_TEST_PHOTO_ID_FRONT:
    case JZ_TEST_PHOTO_ID_BACK:
    default:
      jz_test_page_init (&page, JZ_TEST_ID_CARD_W, JZ_TEST_ID_CARD_H, 4000 * 0.7 / JZ_TEST_ID_CARD_W, 0);
      if (kind == JZ_TEST_PHOTO_ID_FRONT)
        jz_test_id_card_draw_front (&page, seed, card);
      else
        jz_test_id_card_draw_back (&page, seed);
      break;
    }

  cairo_surface_flush (page.surface);
  photo = g_new0 (JzTestPhoto, 1);
  photo->kind = kind;
  photo->light = light;
  photo->jpeg = jz_test_camera_shoot (&camera, page.surface, photo->to_photo);
  photo->text = g_strdup (page.text->str);
  photo->texts = g_steal_pointer (&page.texts);
  photo->width = camera.width;
  photo->height = camera.height;
  /* the camera's homography takes the page's pixels: millimetres first */
  for (int row = 0; row < 3; row++)
    {
      photo->to_photo[row * 3] *= page.px_per_mm;
      photo->to_photo[row * 3 + 1] *= page.px_per_mm;
    }
  jz_test_page_clear (&page);

  return photo;
}

JzTestPhoto *
jz_test_photo_new (JzTestPhotoKind  kind,
                   JzTestPhotoLight light,
                   guint32          seed)
{
  JzTestIdCard card;

  g_return_val_if_fail (kind < JZ_TEST_PHOTO_N_KINDS, NULL);
  g_return_val_if_fail (light < JZ_TEST_PHOTO_N_LIGHTS, NULL);

  jz_test_id_card_specimen (&card);
  return shoot (kind, light, seed, &card, NULL);
}

JzTestPhoto *
jz_test_photo_new_flawed (JzTestPhotoKind         kind,
                          JzTestPhotoLight        light,
                          guint32                 seed,
                          const JzTestPhotoFlaws *flaws)
{
  JzTestIdCard card;

  g_return_val_if_fail (kind < JZ_TEST_PHOTO_N_KINDS, NULL);
  g_return_val_if_fail (light < JZ_TEST_PHOTO_N_LIGHTS, NULL);

  jz_test_id_card_specimen (&card);
  return shoot (kind, light, seed, &card, flaws);
}

JzTestPhoto *
jz_test_photo_new_card (const JzTestIdCard     *card,
                        JzTestPhotoKind         kind,
                        JzTestPhotoLight        light,
                        guint32                 seed,
                        const JzTestPhotoFlaws *flaws)
{
  g_return_val_if_fail (card != NULL, NULL);
  g_return_val_if_fail (kind == JZ_TEST_PHOTO_ID_FRONT || kind == JZ_TEST_PHOTO_ID_BACK, NULL);
  g_return_val_if_fail (light < JZ_TEST_PHOTO_N_LIGHTS, NULL);

  return shoot (kind, light, seed, card, flaws);
}

void
jz_test_photo_free (JzTestPhoto *photo)
{
  if (photo == NULL)
    return;
  g_bytes_unref (photo->jpeg);
  g_free (photo->text);
  g_clear_pointer (&photo->texts, g_ptr_array_unref);
  g_free (photo);
}
