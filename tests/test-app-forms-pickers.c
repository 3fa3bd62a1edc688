/* test-app-forms-pickers.c — the declaration's pickers found by pinyin
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ethnicity picker and the hukou province picker, searched as a clerk
 * types: the characters, pinyin whole or by initials, a code's start, and
 * a query that finds nothing, which is said.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-declaration-flow.h"
#include "jz-division-group.h"
#include "jz-form-flow.h"
#include "jz-picker-row.h"
#include "jz-pinyin.h"

#include "test-app-forms.h"

/* The @n-th picker row under @widget (from 0), depth first. */
static JzPickerRow *
nth_picker (GtkWidget *widget,
            guint     *n)
{
  if (JZ_IS_PICKER_ROW (widget) && (*n)-- == 0)
    return JZ_PICKER_ROW (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      JzPickerRow *found = nth_picker (c, n);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static JzPickerRow *
picker (GtkWidget *group,
        guint      n)
{
  return nth_picker (group, &n);
}

/* Whether @code is among what @row shows. */
static gboolean
shows (JzPickerRow *row,
       guint        n,
       const char  *code)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (jz_picker_row_get_shown_code (row, i), code) == 0)
      return TRUE;
  return FALSE;
}

void
test_pickers_pinyin (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *flow = jz_declaration_flow_new (f->session);
  GtkWidget *window = window_with (flow, 1280, 800);
  JzPickerRow *ethnicity = child (flow, JZ_TYPE_DECLARATION_FLOW, "ethnicity_row");
  JzPickerRow *province = picker (child (flow, JZ_TYPE_DECLARATION_FLOW, "hukou_group"), 0);
  JzDivisionGroup *residence = child (flow, JZ_TYPE_DECLARATION_FLOW, "residence_group");
  JzPickerRow *township = picker (GTK_WIDGET (residence), 3);
  JzPickerRow *committee = picker (GTK_WIDGET (residence), 4);
  guint n;

  wait_until (declaration_idle, flow);
  g_assert_nonnull (province);
  g_assert_nonnull (committee);

  /* the committee level, where the county imported it: under the county,
   * reached by choosing, not by typing 12 digits */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (township)));
  jz_division_group_set_code (residence, "220104");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (township)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (committee)));
  n = jz_picker_row_search (township, "前进");
  g_assert_cmpstr (jz_picker_row_get_shown_code (township, 0), ==, "220104001");
  jz_picker_row_set_selected_code (township, "220104001");
  g_assert_cmpstr (jz_division_group_get_code (residence), ==, "220104001");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (committee)));
  g_assert_cmpuint (jz_picker_row_get_n_items (committee), ==, 2);
  n = jz_picker_row_search (committee, "红旗");
  g_assert_cmpuint (n, ==, 1);
  jz_picker_row_set_selected_code (committee, "220104001002");
  g_assert_cmpstr (jz_division_group_get_code (residence), ==, "220104001002");
  /* a code typed shows its committee */
  jz_division_group_set_code (residence, "220104001003");
  g_assert_cmpstr (jz_picker_row_get_selected_code (committee), ==, "220104001003");
  /* a city without counties (东莞市): its townships right under it */
  jz_division_group_set_code (residence, "441900003");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (township)));
  g_assert_cmpstr (jz_picker_row_get_selected_code (township), ==, "441900003");
  jz_picker_row_set_selected_code (township, NULL);
  jz_picker_row_set_selected_code (picker (GTK_WIDGET (residence), 1), "441900");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (township)));
  g_assert_cmpuint (jz_picker_row_get_n_items (township), ==, 1);
  jz_division_group_set_code (residence, "220104001003");

  /* characters and codes, with or without pinyin in this build */
  n = jz_picker_row_search (ethnicity, "汉");
  g_assert_true (shows (ethnicity, n, "01"));
  n = jz_picker_row_search (province, "22");
  g_assert_true (shows (province, n, "220000"));
  g_assert_null (jz_picker_row_get_nothing_found (province));

  /* nothing found is said, in words */
  g_assert_cmpuint (jz_picker_row_search (ethnicity, "qqqq"), ==, 0);
  g_assert_nonnull (jz_picker_row_get_nothing_found (ethnicity));
  g_assert_nonnull (strstr (jz_picker_row_get_nothing_found (ethnicity), "qqqq"));
  /* still nothing for a longer query: the line says the new one, as typed */
  g_assert_cmpuint (jz_picker_row_search (ethnicity, "QQQQz"), ==, 0);
  g_assert_nonnull (strstr (jz_picker_row_get_nothing_found (ethnicity), "QQQQz"));
  g_assert_cmpuint (jz_picker_row_search (ethnicity, ""), ==, jz_picker_row_get_n_items (ethnicity));
  g_assert_null (jz_picker_row_get_nothing_found (ethnicity));

  if (!jz_pinyin_available ())
    {
      g_test_message ("built without Unihan's readings: pinyin not tried");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  /* pinyin, whole and by initials; Enter would take the first */
  n = jz_picker_row_search (ethnicity, "han");
  g_assert_true (shows (ethnicity, n, "01"));
  g_assert_cmpstr (jz_picker_row_get_shown_code (ethnicity, 0), ==, "01");
  n = jz_picker_row_search (ethnicity, "HZ");
  g_assert_true (shows (ethnicity, n, "01"));
  n = jz_picker_row_search (ethnicity, "weiwuer");
  g_assert_true (shows (ethnicity, n, "05"));
  n = jz_picker_row_search (province, "jilin");
  g_assert_true (shows (province, n, "220000"));
  n = jz_picker_row_search (province, "xj");
  g_assert_true (shows (province, n, "650000"));
  n = jz_picker_row_search (committee, "hongqi");
  g_assert_true (shows (committee, n, "220104001002"));
  g_assert_false (shows (committee, n, "220104001003"));
  n = jz_picker_row_search (committee, "dfsq");
  g_assert_true (shows (committee, n, "220104001003"));
  gtk_window_destroy (GTK_WINDOW (window));
}
