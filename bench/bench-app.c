/* bench-app.c — the app at 100 000 persons: cold start, search as you type, scrolling
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills a data directory with 100 000 declarations through the store (as
 * bench-store.c does; JUZHU_BENCH_N overrides), then:
 *   cold start   spawns `$JUZHU_APP --data-dir D` with JUZHU_BENCH_FIRST_FRAME
 *                (jz-application.c) and reads "first-frame-ms N": from the
 *                spawn to the first frame painted with Today's content
 *   search       the People page in this process: the search entry's text is
 *                set to growing prefixes of names and ID fragments, timed until
 *                the list model has its first page of results (the entry's
 *                150 ms search delay is set to 0 here: a person typing waits
 *                for it on top)
 *   scrolling    the lazy model under the list view, 100 rows (one page) at a
 *                time, asked for the rows a screen shows: time until they are
 *                loaded (the view itself is not scrolled: setting its
 *                adjustment that far fails in GTK 4.8), and RSS at the end
 * Needs a display: run it under xvfb-run.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <adwaita.h>

#include "bench-data.h"
#include "jz-people-page.h"
#include "jz-person-item.h"
#include "jz-person-list-model.h"
#include "jz-session.h"
#include "jz-store.h"

#define BATCH      500
#define COLD_RUNS  5

static guint
bench_n (void)
{
  const char *env = g_getenv ("JUZHU_BENCH_N");

  return env ? (guint) g_ascii_strtoull (env, NULL, 10) : 100000;
}

/* ---- filling the data directory (as bench-store.c) ----------------------- */

static void
fill (const char *dir,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = jz_store_open (dir, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i += BATCH)
    {
      g_autoptr(JzSave) save = jz_save_new ("bench");

      for (guint k = i; k < MIN (n, i + BATCH); k++)
        {
          BenchDeclaration d;
          g_autoptr(JsonObject) p = json_object_new ();
          g_autoptr(JsonObject) r = json_object_new ();
          const char *pid;

          bench_make_declaration (rand, k, &d);
          json_object_set_string_member (p, "id_number", d.id_number);
          json_object_set_string_member (p, "name", d.name);
          json_object_set_string_member (p, "sex", d.sex);
          json_object_set_string_member (p, "ethnicity", d.ethnicity);
          json_object_set_string_member (p, "birth_date", d.birth_date);
          json_object_set_string_member (p, "hukou_division", d.hukou_division);
          json_object_set_string_member (p, "hukou_address", d.hukou_address);
          json_object_set_string_member (p, "phone", d.phone);
          pid = jz_save_create (save, "person", p);
          json_object_set_string_member (r, "person_id", pid);
          json_object_set_string_member (r, "residence_division", "220104");
          json_object_set_string_member (r, "committee", "红旗街道红旗社区居委会");
          json_object_set_string_member (r, "residence_address", d.residence_address);
          json_object_set_string_member (r, "arrival_date", d.arrival_date);
          json_object_set_string_member (r, "registered_on", d.registered_on);
          json_object_set_string_member (r, "reason", "work");
          json_object_set_string_member (r, "housing_type", "rented");
          json_object_set_string_member (r, "landlord_name", "房东");
          jz_save_create (save, "registration", r);
        }
      if (!jz_store_commit (store, save, &error))
        g_error ("import failed: %s", error->message);
    }
  /* Not a first run: the rules and role are chosen. */
  if (!jz_store_set_meta (store, "profile", "jilin-2016", &error) ||
      !jz_store_set_meta (store, "role", "committee", &error))
    g_error ("meta: %s", error->message);
}

/* ---- figures ------------------------------------------------------------- */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *label,
        GArray     *times)
{
  if (times->len == 0)
    return;
  g_array_sort (times, compare_double);
  printf ("  %-34s n=%5u  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", label, times->len,
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, (times->len * 99) / 100),
          g_array_index (times, double, times->len - 1));
}

static gint64
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtoll (p + 6, NULL, 10);
}

/* ---- cold start ---------------------------------------------------------- */

static void
bench_cold_start (const char *dir)
{
  const char *app = g_getenv ("JUZHU_APP");
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  if (app == NULL)
    g_error ("JUZHU_APP is not set (the juzhu executable)");
  for (guint run = 0; run < COLD_RUNS; run++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDataInputStream) out = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
      char *line;
      double ms = -1;

      g_subprocess_launcher_setenv (launcher, "JUZHU_BENCH_FIRST_FRAME", start, TRUE);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
      proc = g_subprocess_launcher_spawn (launcher, &error, app, "--data-dir", dir, NULL);
      if (proc == NULL)
        g_error ("%s: %s", app, error->message);
      out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
      while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL)) != NULL)
        {
          if (g_str_has_prefix (line, "first-frame-ms "))
            ms = g_ascii_strtod (line + 15, NULL);
          g_free (line);
        }
      g_subprocess_wait (proc, NULL, NULL);
      if (ms < 0)
        g_error ("%s printed no first-frame-ms (exit status %d)", app, g_subprocess_get_status (proc));
      printf ("  cold start run %u: first frame with content after %.0f ms\n", run + 1, ms);
      g_array_append_val (times, ms);
    }
  report ("cold start to first frame", times);
}

/* ---- in this process: search and scrolling --------------------------------- */

static void
wait_until (gboolean (*done) (gpointer), gpointer data)
{
  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  JzPersonListModel *model;
  const char        *query;
} SearchWait;

static gboolean
search_done (gpointer data)
{
  SearchWait *w = data;
  g_autoptr(JzPersonItem) first = NULL;

  if (g_strcmp0 (jz_person_list_model_get_query (w->model), w->query) != 0 ||
      jz_person_list_model_get_loading (w->model))
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (w->model)) == 0)
    return TRUE;
  first = g_list_model_get_item (G_LIST_MODEL (w->model), 0);
  return jz_person_item_get_loaded (first);
}

static void
bench_search (JzPeoplePage *page)
{
  JzPersonListModel *model = jz_people_page_get_model (page);
  GtkEditable *entry = jz_people_page_get_search_entry (page);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) names = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (double));
  guint hits = 0, queries = 0;

  g_object_set (entry, "search-delay", 0, NULL);
  for (guint q = 0; q < 200; q++)
    {
      BenchDeclaration d;
      guint chars, start;
      char query[64];

      bench_make_declaration (rand, g_rand_int_range (rand, 0, (gint32) bench_n ()), &d);
      chars = (guint) g_utf8_strlen (d.name, -1);
      start = (guint) g_rand_int_range (rand, 0, 12);
      /* typing a name, then an ID fragment, one character at a time */
      for (guint k = 1; k <= chars + 6; k++)
        {
          SearchWait w = { model, query };
          gboolean is_id = k > chars;
          gint64 t0;
          double ms;

          if (!is_id)
            g_utf8_strncpy (query, d.name, k);
          else
            {
              memcpy (query, d.id_number + start, k - chars + 2);
              query[k - chars + 2] = '\0';
            }
          if (is_id && k == chars + 1)
            gtk_editable_set_text (entry, "");
          t0 = g_get_monotonic_time ();
          gtk_editable_set_text (entry, query);
          wait_until (search_done, &w);
          ms = (g_get_monotonic_time () - t0) / 1000.0;
          g_array_append_val (is_id ? ids : names, ms);
          hits += g_list_model_get_n_items (G_LIST_MODEL (model));
          queries++;
        }
      gtk_editable_set_text (entry, "");
    }
  report ("search: name prefixes (1..3 chars)", names);
  report ("search: ID fragment (3..8 digits)", ids);
  printf ("  (avg %.0f rows per answer)\n", (double) hits / queries);
}

typedef struct
{
  GListModel *model;
  guint       from;
  guint       to;
} RowsWait;

static gboolean
rows_loaded (gpointer data)
{
  RowsWait *w = data;

  for (guint i = w->from; i < w->to; i++)
    {
      g_autoptr(JzPersonItem) item = g_list_model_get_item (w->model, i);

      if (!jz_person_item_get_loaded (item))
        return FALSE;
    }
  return TRUE;
}

static gint64 last_paint, longest_gap;

static void
on_after_paint (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  if (last_paint != 0)
    longest_gap = MAX (longest_gap, now - last_paint);
  last_paint = now;
}

static gboolean
list_counted (gpointer data)
{
  JzPersonListModel *model = data;

  return !jz_person_list_model_get_loading (model) && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static void
bench_scroll (JzPeoplePage *page)
{
  JzPersonListModel *model = jz_people_page_get_model (page);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (jz_people_page_get_list_view (page)));
  g_autoptr(GArray) fetch = g_array_new (FALSE, FALSE, sizeof (double));
  guint n;
  gint64 t_all;
  double row_h;

  gtk_editable_set_text (jz_people_page_get_search_entry (page), "");
  wait_until (list_counted, model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  while (gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj))
    g_main_context_iteration (NULL, TRUE);
  row_h = gtk_adjustment_get_upper (adj) / n;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (page)), "after-paint", G_CALLBACK (on_after_paint), NULL);

  t_all = g_get_monotonic_time ();
  for (guint top = 0; top + 1 < n; top += JZ_PERSON_LIST_PAGE_SIZE)
    {
      guint visible = (guint) (gtk_adjustment_get_page_size (adj) / row_h);
      RowsWait w = { G_LIST_MODEL (model), top, MIN (n, top + visible) };
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      /* The rows in view asked of the model, as the list view does. */
      wait_until (rows_loaded, &w);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (fetch, ms);
    }
  printf ("  scrolled %u rows (row %.0f px) 100 at a time in %.1f s\n", n, row_h,
          (g_get_monotonic_time () - t_all) / 1e6);
  report ("scroll: rows in view loaded", fetch);
  printf ("  RSS after scrolling everything: %" G_GINT64_FORMAT " KiB (peak %" G_GINT64_FORMAT " KiB)\n",
          rss_kib (), bench_rss_peak_kib ());
}

int
main (int    argc,
      char **argv)
{
  guint n = bench_n ();
  g_autofree char *dir = g_dir_make_tmp ("juzhu-bench-app-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSession) session = NULL;
  GtkWindow *window;
  JzPeoplePage *page;
  gint64 t0;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  t0 = g_get_monotonic_time ();
  fill (dir, n);
  printf ("app at %u persons (data directory filled in %.1f s)\n", n, (g_get_monotonic_time () - t0) / 1e6);

  bench_cold_start (dir);

  gtk_init ();
  adw_init ();
  session = jz_session_open (dir, &error);
  if (session == NULL)
    g_error ("%s: %s", dir, error->message);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  page = g_object_new (JZ_TYPE_PEOPLE_PAGE, NULL);
  gtk_window_set_child (window, GTK_WIDGET (page));
  jz_people_page_set_session (page, session);
  gtk_window_present (window);

  bench_search (page);
  bench_scroll (page);

  gtk_window_destroy (window);
  g_clear_object (&session);
  bench_remove_tree (dir);
  return 0;
}
