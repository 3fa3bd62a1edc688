/* test-app-forms-roster.c — a roster filed at once from the app
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three rows, one with a wrong check character: checked first (nothing
 * saved, the bad row shown by its row number), then the two good rows
 * filed together.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jz-roster-window.h"
#include "jz-store.h"

#include "test-app-forms.h"

static gboolean
roster_idle (gpointer window)
{
  return !jz_roster_window_is_busy (window);
}

static gboolean
template_saved (gpointer window)
{
  return jz_roster_window_get_template_note (window) != NULL;
}

static guint
count_registrations (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) regs = jz_store_list (jz_session_get_store (f->session), "registration", NULL, NULL, 0,
                                             &error);

  g_assert_no_error (error);
  return regs->len;
}

void
test_roster_window (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "roster.csv", NULL);
  g_autoptr(GError) error = NULL;
  const char *csv =
    "姓名,公民身份号码,居住地址,入住日期,暂住事由,居住地代码\n"
    "王小燕,411202198506120024,人民大街100号,2026-02-01,务工,220104\n"
    "李四,411202198506120025,人民大街101号,2026-02-02,务工,220104\n"
    "张三,510199199003079999,人民大街102号,2026-02-03,务工,220104\n";
  GtkWindow *window;
  guint before = count_registrations (f);

  g_assert_true (g_file_set_contents (path, csv, -1, &error));
  g_assert_no_error (error);
  window = jz_roster_window_new (f->session, NULL);
  gtk_window_present (window);

  /* the template, saved where the clerk says: the columns the import reads */
  {
    g_autofree char *template_path = g_build_filename (f->dir, "template.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (template_path);
    g_autofree char *text = NULL;

    jz_roster_window_save_template (JZ_ROSTER_WINDOW (window), file);
    wait_until (template_saved, window);
    g_test_message ("%s", jz_roster_window_get_template_note (JZ_ROSTER_WINDOW (window)));
    g_assert_nonnull (strstr (jz_roster_window_get_template_note (JZ_ROSTER_WINDOW (window)), "template.csv"));
    g_assert_true (g_file_get_contents (template_path, &text, NULL, &error));
    g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf姓名,公民身份号码,"));
    screenshot (GTK_WIDGET (window), g_strcmp0 (g_getenv ("LANGUAGE"), "zh_CN") == 0 ? "roster-template-zh"
                                                                                  : "roster-template");
  }

  jz_roster_window_check_file (JZ_ROSTER_WINDOW (window), path);
  wait_until (roster_idle, window);
  g_test_message ("%s", jz_roster_window_get_summary (JZ_ROSTER_WINDOW (window)));
  g_assert_nonnull (strstr (jz_roster_window_get_summary (JZ_ROSTER_WINDOW (window)), "roster.csv"));
  g_assert_cmpuint (jz_roster_window_get_n_problem_rows (JZ_ROSTER_WINDOW (window)), ==, 1);
  g_assert_cmpuint (count_registrations (f), ==, before);   /* checked: nothing saved */
  screenshot (GTK_WIDGET (window), g_strcmp0 (g_getenv ("LANGUAGE"), "zh_CN") == 0 ? "roster-checked-zh"
                                                                                : "roster-checked");

  jz_roster_window_file (JZ_ROSTER_WINDOW (window));
  wait_until (roster_idle, window);
  g_test_message ("%s", jz_roster_window_get_summary (JZ_ROSTER_WINDOW (window)));
  g_assert_cmpuint (count_registrations (f), ==, before + 2);
  gtk_window_destroy (window);

  /* a file that is no roster is said, naming it */
  window = jz_roster_window_new (f->session, NULL);
  jz_roster_window_check_file (JZ_ROSTER_WINDOW (window), f->dir);
  wait_until (roster_idle, window);
  g_assert_cmpuint (jz_roster_window_get_n_problem_rows (JZ_ROSTER_WINDOW (window)), ==, 0);
  g_assert_cmpuint (count_registrations (f), ==, before + 2);
  gtk_window_destroy (window);
}
