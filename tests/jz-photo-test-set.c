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

#define SANS  "Noto Sans CJK SC"
#define SERIF "Noto Serif CJK SC"

#define INK        0x202020
#define BLUE_INK   0x1c3a8c
#define SEAL_RED   0xc8282a
#define LABEL_BLUE 0x3c6ea0

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  double           px_per_mm;
  GString         *text;
  GPtrArray       *texts;
} Page;

static void
text_free (gpointer data)
{
  JzTestPhotoText *text = data;

  g_free (text->text);
  g_free (text);
}

static void
set_colour (cairo_t *cr,
            guint32  rgb,
            double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

/* @paper 0 for a transparent page (a card draws its own shape) */
static void
page_init (Page     *page,
           double    width_mm,
           double    height_mm,
           double    px_per_mm,
           guint32   paper)
{
  page->px_per_mm = px_per_mm;
  page->surface = cairo_image_surface_create (paper ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32,
                                              (int) ceil (width_mm * px_per_mm),
                                              (int) ceil (height_mm * px_per_mm));
  page->cr = cairo_create (page->surface);
  page->text = g_string_new (NULL);
  page->texts = g_ptr_array_new_with_free_func (text_free);
  cairo_scale (page->cr, px_per_mm, px_per_mm);
  if (paper != 0)
    {
      set_colour (page->cr, paper, 1);
      cairo_paint (page->cr);
    }
}

static void
page_clear (Page *page)
{
  cairo_destroy (page->cr);
  cairo_surface_destroy (page->surface);
  g_string_free (page->text, TRUE);
  g_clear_pointer (&page->texts, g_ptr_array_unref);
}

static PangoLayout *
new_layout (Page       *page,
            const char *family,
            PangoWeight weight,
            double      size_mm)
{
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  PangoFontDescription *desc = pango_font_description_new ();
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  /* user space is millimetres: sizes are given in it */
  pango_font_description_set_family (desc, family);
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_absolute_size (desc, size_mm * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  return layout;
}

/* A 10.5 pt (五号) line is 3.7 mm. */
static double
pt (double points)
{
  return points * 25.4 / 72;
}

typedef struct
{
  const char    *family;
  PangoWeight    weight;
  double         size_mm;
  guint32        colour;
  double         width_mm;   /* 0: one line, no wrapping */
  PangoAlignment align;
  double         spacing;    /* line spacing factor; 0 for the font's */
  double         letter_mm;  /* extra space between letters */
  gboolean       unrecorded; /* not part of the page's text (a watermark) */
} Style;

/* Draws @text with its top left at (@x, @y) mm; returns its height. */
static double
draw_text (Page        *page,
           double       x,
           double       y,
           const Style *style,
           const char  *text)
{
  g_autoptr(PangoLayout) layout = new_layout (page, style->family, style->weight, style->size_mm);
  int width, height;

  if (style->width_mm > 0)
    {
      pango_layout_set_width (layout, (int) (style->width_mm * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
      pango_layout_set_alignment (layout, style->align);
    }
  if (style->spacing > 0)
    pango_layout_set_line_spacing (layout, (float) style->spacing);
  if (style->letter_mm > 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (style->letter_mm * PANGO_SCALE)));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_text (layout, text, -1);

  set_colour (page->cr, style->colour, 1);
  cairo_move_to (page->cr, x, y);
  pango_cairo_show_layout (page->cr, layout);
  pango_layout_get_size (layout, &width, &height);

  if (!style->unrecorded)
    {
      JzTestPhotoText *where = g_new0 (JzTestPhotoText, 1);
      PangoRectangle logical;

      pango_layout_get_extents (layout, NULL, &logical);
      where->text = g_strdup (text);
      where->x = x + (double) logical.x / PANGO_SCALE;
      where->y = y + (double) logical.y / PANGO_SCALE;
      where->width = (double) logical.width / PANGO_SCALE;
      where->height = (double) logical.height / PANGO_SCALE;
      where->lines = pango_layout_get_line_count (layout);
      g_ptr_array_add (page->texts, where);
      g_string_append (page->text, text);
      g_string_append_c (page->text, '\n');
    }

  return (double) height / PANGO_SCALE;
}

static void
draw_line (cairo_t *cr,
           double   x0,
           double   y0,
           double   x1,
           double   y1,
           double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
}

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

  set_colour (page->cr, INK, 1);
  for (guint i = 0; i < n; i++)
    {
      Style cell = *style;
      double h;

      cell.width_mm = widths[i] - 2;
      cell.align = PANGO_ALIGN_CENTER;
      set_colour (page->cr, INK, 1);
      cairo_rectangle (page->cr, cx, y, widths[i], height);
      cairo_set_line_width (page->cr, 0.3);
      cairo_stroke (page->cr);
      {
        g_autoptr(PangoLayout) probe = new_layout (page, cell.family, cell.weight, cell.size_mm);
        int pw, ph;

        pango_layout_set_text (probe, cells[i], -1);
        pango_layout_get_size (probe, &pw, &ph);
        h = (double) ph / PANGO_SCALE;
      }
      draw_text (page, cx + 1, y + (height - h) / 2, &cell, cells[i]);
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

  set_colour (cr, SEAL_RED, 0.85);
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
      g_autoptr(PangoLayout) layout = new_layout (page, SANS, PANGO_WEIGHT_BOLD, radius * 0.2);
      int w, h;

      memcpy (ch, p, g_utf8_next_char (p) - p);
      pango_layout_set_text (layout, ch, -1);
      pango_layout_get_size (layout, &w, &h);
      cairo_save (cr);
      cairo_translate (cr, cx + radius * 0.72 * cos (a), cy + radius * 0.72 * sin (a));
      cairo_rotate (cr, a + G_PI / 2);
      cairo_move_to (cr, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2);
      set_colour (cr, SEAL_RED, 0.85);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }

  draw_text (page, cx - radius * 0.7, cy + radius * 0.35, &bottom, purpose);
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
  Style title = { SANS, PANGO_WEIGHT_BOLD, pt (20), INK, width, PANGO_ALIGN_CENTER, 0, 0.6, FALSE };
  Style small = { SERIF, PANGO_WEIGHT_NORMAL, pt (10.5), INK, width, PANGO_ALIGN_RIGHT, 0, 0, FALSE };
  Style body = { SERIF, PANGO_WEIGHT_NORMAL, pt (10.5), INK, width, PANGO_ALIGN_LEFT, 1.45, 0, FALSE };
  Style heading = { SANS, PANGO_WEIGHT_BOLD, pt (10.5), INK, width, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  Style cell = { SERIF, PANGO_WEIGHT_NORMAL, pt (10.5), INK, 0, PANGO_ALIGN_CENTER, 0, 0, FALSE };
  Style header = cell;
  Style pen = { SERIF, PANGO_WEIGHT_BOLD, pt (16), BLUE_INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  Style sign = { SERIF, PANGO_WEIGHT_NORMAL, pt (10.5), INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };
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

  y += draw_text (page, left, y, &title, "房屋租赁合同（样本）") + 3;
  y += draw_text (page, left, y, &small, "合同编号：JZ-ZL-2026-0001") + 3;
  y += draw_text (page, left, y, &body, "出租方（甲方）：王五　　身份证号码：" JZ_TEST_PHOTO_LANDLORD_ID);
  y += draw_text (page, left, y, &body, "承租方（乙方）：张三　　身份证号码：" JZ_TEST_PHOTO_TENANT_ID) + 1;
  y += draw_text (page, left, y, &body,
                  "　　根据《中华人民共和国民法典》及有关规定，甲乙双方在平等、自愿、协商一致的基础上，"
                  "就乙方承租甲方房屋事宜，订立本合同。") + 2;

  for (guint i = 0; i < G_N_ELEMENTS (lease_articles); i++)
    {
      y += draw_text (page, left, y, &heading, lease_articles[i][0]) + 1;
      y += draw_text (page, left, y, &body, lease_articles[i][1]) + 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    y += draw_table_row (page, left, y, widths, 4, rows[i], i == 0 ? &header : &cell, 9);
  y += 4;

  for (guint i = 0; i < G_N_ELEMENTS (lease_closing); i++)
    {
      y += draw_text (page, left, y, &heading, lease_closing[i][0]) + 1;
      y += draw_text (page, left, y, &body, lease_closing[i][1]) + 2;
    }

  y += 8;
  draw_text (page, left, y, &sign, "甲方（签字）：");
  draw_text (page, left + 85, y, &sign, "乙方（签字）：");
  set_colour (page->cr, INK, 1);
  draw_line (page->cr, left + 26, y + 5, left + 70, y + 5, 0.3);
  draw_line (page->cr, left + 111, y + 5, left + 155, y + 5, 0.3);
  draw_text (page, left + 33, y - 3, &pen, "王五");
  draw_text (page, left + 118, y - 3, &pen, "张三");
  y += 12;
  draw_text (page, left, y, &sign, "日期：2026年2月20日");
  draw_text (page, left + 85, y, &sign, "日期：2026年2月20日");
}

/* ---- The ID card ------------------------------------------------------ */

#define CARD_W 85.6
#define CARD_H 54.0

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
  cairo_arc (cr, CARD_W - r, r, r, -G_PI / 2, 0);
  cairo_arc (cr, CARD_W - r, CARD_H - r, r, 0, G_PI / 2);
  cairo_arc (cr, r, CARD_H - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, r, r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_save (cr);
  cairo_clip_preserve (cr);
  set_colour (cr, 0xe6edf0, 1);
  cairo_fill (cr);

  /* the security print: fine waves in two colours */
  cairo_set_line_width (cr, 0.12);
  for (int i = 0; i < 70; i++)
    {
      double y0 = i * CARD_H / 60 - 5;
      double amp = 1.5 + g_rand_double (rand) * 2;
      double period = 9 + g_rand_double (rand) * 6;
      double phase = g_rand_double (rand) * 2 * G_PI;

      set_colour (cr, i % 2 ? 0x8fb8dc : 0xe2a9a0, 0.55);
      cairo_move_to (cr, 0, y0 + amp * sin (phase));
      for (double x = 0.5; x <= CARD_W; x += 0.5)
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
  set_colour (cr, 0xf4f5f6, 1);
  cairo_paint (cr);

  /* shoulders in a dark jacket, a white collar */
  set_colour (cr, 0x263452, 1);
  cairo_move_to (cr, x - 2, y + h);
  cairo_curve_to (cr, x, y + h * 0.72, cx - w * 0.2, y + h * 0.7, cx, y + h * 0.7);
  cairo_curve_to (cr, cx + w * 0.2, y + h * 0.7, x + w, y + h * 0.72, x + w + 2, y + h);
  cairo_close_path (cr);
  cairo_fill (cr);
  set_colour (cr, 0xfafafa, 1);
  cairo_move_to (cr, cx - w * 0.12, y + h * 0.7);
  cairo_line_to (cr, cx, y + h * 0.84);
  cairo_line_to (cr, cx + w * 0.12, y + h * 0.7);
  cairo_close_path (cr);
  cairo_fill (cr);

  /* neck and head */
  set_colour (cr, 0xd9a882, 1);
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
  set_colour (cr, 0x1e1a1a, 1);
  cairo_save (cr);
  cairo_translate (cr, cx, y + h * 0.27);
  cairo_scale (cr, w * 0.27, h * 0.12);
  cairo_arc (cr, 0, 0, 1, G_PI, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);

  /* eyes, brows, mouth */
  for (int side = -1; side <= 1; side += 2)
    {
      set_colour (cr, 0x2a2020, 1);
      cairo_arc (cr, cx + side * w * 0.1, y + h * 0.39, w * 0.022, 0, 2 * G_PI);
      cairo_fill (cr);
      draw_line (cr, cx + side * w * 0.05, y + h * 0.345, cx + side * w * 0.15, y + h * 0.34, 0.5);
    }
  set_colour (cr, 0xa85a55, 1);
  draw_line (cr, cx - w * 0.06, y + h * 0.5, cx + w * 0.06, y + h * 0.5, 0.5);
  cairo_restore (cr);
}

static void
draw_specimen_mark (Page  *page,
                    double x,
                    double y)
{
  Style mark = { SANS, PANGO_WEIGHT_BOLD, 2.6, SEAL_RED, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };

  draw_text (page, x, y, &mark, "样本 SPECIMEN");
}

static void
draw_id_front (Page    *page,
               guint32  seed)
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
  draw_text (page, 0, 0, &watermark, "样本");
  cairo_pop_group_to_source (page->cr);
  cairo_paint_with_alpha (page->cr, 0.55);
  cairo_restore (page->cr);

  draw_specimen_mark (page, 8, 2.2);
  draw_text (page, 7, 8, &label, "姓名");
  draw_text (page, 17, 7.6, &value, "张三");
  draw_text (page, 7, 15, &label, "性别");
  draw_text (page, 17, 14.6, &value, "男");
  draw_text (page, 26, 15, &label, "民族");
  draw_text (page, 36, 14.6, &value, "汉");
  draw_text (page, 7, 22, &label, "出生");
  draw_text (page, 17, 21.6, &value, "1990年3月7日");
  draw_text (page, 7, 29, &label, "住址");
  address.width_mm = 36;
  address.spacing = 1.2;
  draw_text (page, 17, 28.6, &address, "四川省成都市示例区样本街道12号");
  draw_text (page, 7, 45.5, &label, "公民身份号码");
  draw_text (page, 28, 44.8, &number, JZ_TEST_PHOTO_TENANT_ID);
}

/* Where the real card has the national emblem: a red disc and a star. */
static void
draw_id_back (Page    *page,
              guint32  seed)
{
  cairo_t *cr = page->cr;
  Style country = { SANS, PANGO_WEIGHT_BOLD, 4.2, INK, 0, PANGO_ALIGN_LEFT, 0, 1.0, FALSE };
  Style card = { SANS, PANGO_WEIGHT_BOLD, 6.5, INK, 0, PANGO_ALIGN_LEFT, 0, 1.6, FALSE };
  Style label = { SANS, PANGO_WEIGHT_NORMAL, 2.4, INK, 0, PANGO_ALIGN_LEFT, 0, 0.3, FALSE };
  Style value = { SANS, PANGO_WEIGHT_NORMAL, 2.8, INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };

  draw_card_background (page, seed + 1);

  set_colour (cr, SEAL_RED, 1);
  cairo_arc (cr, 16, 15, 9, 0, 2 * G_PI);
  cairo_fill (cr);
  set_colour (cr, 0xf2c230, 1);
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
  draw_text (page, 32, 8, &country, "中华人民共和国");
  draw_text (page, 30, 17, &card, "居民身份证");
  draw_text (page, 14, 36.3, &label, "签发机关");
  draw_text (page, 29, 35.9, &value, "成都市公安局示例分局");
  draw_text (page, 14, 43.3, &label, "有效期限");
  draw_text (page, 29, 42.9, &value, "2016.03.07-2036.03.07");
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
  Style label = { SANS, PANGO_WEIGHT_NORMAL, pt (11), INK, 0, PANGO_ALIGN_CENTER, 0, 0, FALSE };
  Style value = { SERIF, PANGO_WEIGHT_BOLD, pt (13), BLUE_INK, 0, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  double cx = x;

  for (guint i = 0; i < n; i++)
    {
      gboolean is_label = i % 2 == 0;

      if (is_label)
        {
          set_colour (page->cr, 0xe8e8e8, 1);
          cairo_rectangle (page->cr, cx, y, widths[i], height);
          cairo_fill (page->cr);
        }
      set_colour (page->cr, INK, 1);
      cairo_set_line_width (page->cr, 0.35);
      cairo_rectangle (page->cr, cx, y, widths[i], height);
      cairo_stroke (page->cr);
      if (cells[i][0] != '\0')
        {
          Style style = is_label ? label : value;

          style.width_mm = widths[i] - 3;
          draw_text (page, cx + 1.5, y + (height - style.size_mm * 1.45) / 2, &style, cells[i]);
        }
      cx += widths[i];
    }
}

static void
draw_form (Page *page)
{
  const double left = 20, width = 170;
  Style title = { SANS, PANGO_WEIGHT_BOLD, pt (20), INK, width, PANGO_ALIGN_CENTER, 0, 0.8, FALSE };
  Style small = { SERIF, PANGO_WEIGHT_NORMAL, pt (10.5), INK, width, PANGO_ALIGN_LEFT, 0, 0, FALSE };
  Style notes = { SERIF, PANGO_WEIGHT_NORMAL, pt (10), INK, width, PANGO_ALIGN_LEFT, 1.4, 0, FALSE };
  Style heading = { SANS, PANGO_WEIGHT_BOLD, pt (10.5), INK, width, PANGO_ALIGN_LEFT, 0, 0, FALSE };
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

  y += draw_text (page, left, y, &title, "居住登记表（样本）") + 4;
  y += draw_text (page, left, y, &small, "编号：JZ-220102-2026-0001　　　　填表日期：2026年3月1日") + 3;

  for (guint i = 0; i < G_N_ELEMENTS (rows4); i++, y += row)
    draw_form_row (page, left, y, row, four, 4, rows4[i]);
  for (guint i = 0; i < G_N_ELEMENTS (rows2); i++, y += row)
    draw_form_row (page, left, y, row, two, 2, rows2[i]);
  draw_form_row (page, left, y, row, four, 4, last);
  y += row + 8;

  y += draw_text (page, left, y, &heading, "填表说明") + 2;
  y += draw_text (page, left, y, &notes,
                  "1. 本表由申报人本人如实填写，字迹应清楚、工整，不得涂改。") + 1;
  y += draw_text (page, left, y, &notes,
                  "2. 申报人应同时提交居民身份证、房屋租赁合同等居住证明材料，复印件由受理单位留存。") + 1;
  y += draw_text (page, left, y, &notes,
                  "3. 居住地址应填写到门牌号，居住事由在相应选项前打“√”。") + 1;
  y += draw_text (page, left, y, &notes,
                  "4. 申报人对所填内容的真实性负责，提供虚假材料的，依法承担相应责任。") + 14;

  draw_text (page, left, y, &small, "受理单位（盖章）：");
  draw_text (page, left + 100, y, &small, "受理人：赵六");
  y += 10;
  draw_text (page, left + 100, y, &small, "受理日期：2026年3月2日");
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

JzTestPhoto *
jz_test_photo_new (JzTestPhotoKind  kind,
                   JzTestPhotoLight light,
                   guint32          seed)
{
  JzTestPhoto *photo = NULL;
  JzTestCamera camera = { seed, 4000, 3000, 0.7, FALSE, 92, 1, 1, 0 };
  Page page;

  g_return_val_if_fail (kind < JZ_TEST_PHOTO_N_KINDS, NULL);
  g_return_val_if_fail (light < JZ_TEST_PHOTO_N_LIGHTS, NULL);

  if (light == JZ_TEST_PHOTO_DIM)
    {
      camera.exposure = 0.78;
      camera.noise = 2.2;
      camera.sharpen = 0.5;
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
      page_init (&page, 210, 297, 4000 * 0.88 / 297, 0xf6f4ee);
      if (kind == JZ_TEST_PHOTO_LEASE)
        draw_lease (&page);
      else
        draw_form (&page);
      break;

    case JZ_TEST_PHOTO_ID_FRONT:
    case JZ_TEST_PHOTO_ID_BACK:
    default:
      page_init (&page, CARD_W, CARD_H, 4000 * 0.7 / CARD_W, 0);
      if (kind == JZ_TEST_PHOTO_ID_FRONT)
        draw_id_front (&page, seed);
      else
        draw_id_back (&page, seed);
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
  page_clear (&page);

  return photo;
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
