/* bench-app.c — the app at 100 000 persons: cold start, search as you type, scrolling
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills a data directory with 100 000 declarations through the store (as
 * bench-store.c does; JUZHU_BENCH_N overrides), then:
 *   cold start   spawns `$JUZHU_APP --data-dir D` with JUZHU_BENCH_FIRST_FRAME
 *                (jz-application.c) and reads "first-frame-ms N": from the
 *                spawn to the first frame painted with Today's content, and
 *                the app's memory then (VmRSS, Pss, Private_Dirty)
 *   search       the People page in this process: the search entry's text is
 *                set to growing prefixes of names and ID fragments, timed until
 *                the list model has its first page of results (the entry's
 *                150 ms search delay is set to 0 here: a person typing waits
 *                for it on top)
 *   scrolling    the People page in a 1280x800 window: its GtkListView is
 *                scrolled through the whole list by setting its vertical
 *                GtkAdjustment one page further at a time (one screen of
 *                rows; JUZHU_BENCH_SCROLL_PAGES=k steps k pages), and every
 *                step waits for the frame clock's "after-paint", so every
 *                step is laid out and drawn. Figures: per step, time from
 *                the value set to the painted frame (paced by the 60 Hz frame
 *                clock, so ~16.7 ms is the floor), and to a frame whose rows
 *                in view are all filled in (not placeholders); per frame, the
 *                work from "before-paint" to "after-paint" (layout, snapshot,
 *                render: the figure that says whether a frame is late).
 *                At the end the bottom row drawn must be the last person of
 *                the store (the view really got there); this process's
 *                VmRSS, VmHWM, Pss and Private_Dirty before, right after,
 *                and 3.5 s after (the window trims its heap when quiet,
 *                as the app's does).
 * JUZHU_BENCH_ONLY=cold,search,scroll runs only those parts;
 * JUZHU_BENCH_DATA_DIR=D keeps the data directory in D (filled only if it has
 * no store yet) so that repeated runs skip the import;
 * JUZHU_BENCH_SEARCH_NAMES=k types k names instead of 200.
 * Needs a display: run it under xvfb-run.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <adwaita.h>

#include "bench-data.h"
#include "jz-app-util.h"
#include "jz-id-number.h"
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
  printf ("  %-34s n=%5u  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f ms\n", label, times->len,
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, (times->len * 95) / 100),
          g_array_index (times, double, (times->len * 99) / 100),
          g_array_index (times, double, times->len - 1));
}

/* A "Key:   N kB" line of a /proc file, in KiB; -1 if it is not there. */
static gint64
proc_kib (const char *path,
          const char *key)
{
  g_autofree char *text = NULL;
  g_autofree char *needle = g_strconcat ("\n", key, ":", NULL);
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, needle)) == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (needle), NULL, 10);
}

/* What the memory is: VmRSS counts every page mapped in, the fonts' and
 * shared libraries' too, which other processes share and the kernel can
 * drop and read again; Pss divides each shared page among the processes
 * that map it; Private_Dirty is what only this process has written, the
 * memory it really costs. */
typedef struct
{
  gint64 rss, hwm, pss, private_dirty;
} Memory;

static Memory
memory_now (void)
{
  Memory m;

  m.rss = proc_kib ("/proc/self/status", "VmRSS");
  m.hwm = bench_rss_peak_kib ();
  m.pss = proc_kib ("/proc/self/smaps_rollup", "Pss");
  m.private_dirty = proc_kib ("/proc/self/smaps_rollup", "Private_Dirty");
  return m;
}

static void
report_memory (const char *when,
               Memory      m)
{
  printf ("  memory %s: VmRSS %.1f MiB, VmHWM %.1f MiB, Pss %.1f MiB, Private_Dirty %.1f MiB\n",
          when, m.rss / 1024.0, m.hwm / 1024.0, m.pss / 1024.0, m.private_dirty / 1024.0);
}

/* ---- cold start ---------------------------------------------------------- */

static void
bench_cold_start (const char *dir)
{
  const char *app = g_getenv ("JUZHU_APP");
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dirty = g_array_new (FALSE, FALSE, sizeof (double));

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
      gint64 kib[3] = { -1, -1, -1 };

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
          else if (g_str_has_prefix (line, "first-frame-kib "))
            {
              char *end = line + 16;

              for (guint i = 0; i < 3; i++)
                kib[i] = g_ascii_strtoll (end, &end, 10);
            }
          g_free (line);
        }
      g_subprocess_wait (proc, NULL, NULL);
      if (ms < 0)
        g_error ("%s printed no first-frame-ms (exit status %d)", app, g_subprocess_get_status (proc));
      printf ("  cold start run %u: first frame with content after %.0f ms; "
              "VmRSS %.1f, Pss %.1f, Private_Dirty %.1f MiB\n",
              run + 1, ms, kib[0] / 1024.0, kib[1] / 1024.0, kib[2] / 1024.0);
      g_array_append_val (times, ms);
      for (guint i = 0; i < 3; i++)
        {
          double mib = kib[i] / 1024.0;

          g_array_append_val (i == 0 ? rss : i == 1 ? pss : dirty, mib);
        }
    }
  report ("cold start to first frame", times);
  g_array_sort (rss, compare_double);
  g_array_sort (pss, compare_double);
  g_array_sort (dirty, compare_double);
  printf ("  the app at its first frame (median): VmRSS %.1f MiB, Pss %.1f MiB, Private_Dirty %.1f MiB\n",
          g_array_index (rss, double, rss->len / 2), g_array_index (pss, double, pss->len / 2),
          g_array_index (dirty, double, dirty->len / 2));
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
  g_autoptr(GArray) name1 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) name2 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) id_short = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) id_long = g_array_new (FALSE, FALSE, sizeof (double));
  guint hits = 0, queries = 0;

  g_object_set (entry, "search-delay", 0, NULL);
  const char *env = g_getenv ("JUZHU_BENCH_SEARCH_NAMES");
  guint n_names = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 200;

  for (guint q = 0; q < n_names; q++)
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
          if (is_id)
            g_array_append_val (k - chars + 2 <= 4 ? id_short : id_long, ms);
          else
            g_array_append_val (k == 1 ? name1 : name2, ms);
          hits += g_list_model_get_n_items (G_LIST_MODEL (model));
          queries++;
        }
      gtk_editable_set_text (entry, "");
    }
  report ("search: name prefixes (1..3 chars)", names);
  report ("search: ID fragment (3..8 digits)", ids);
  report ("  name, 1 char", name1);
  report ("  name, 2..3 chars", name2);
  report ("  ID, 3..4 digits", id_short);
  report ("  ID, 5..8 digits", id_long);
  printf ("  (avg %.0f rows per answer)\n", (double) hits / queries);
}

/* ---- scrolling the list view ------------------------------------------------ */

typedef struct
{
  guint  paints;       /* after-paint emissions so far */
  gint64 frame_start;  /* before-paint of the frame being drawn */
  GArray *work;        /* ms from before-paint to after-paint, per frame */
} Frames;

static void
on_before_paint (GdkFrameClock *clock,
                 Frames        *f)
{
  f->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Frames        *f)
{
  if (f->work != NULL && f->frame_start != 0)
    {
      double ms = (g_get_monotonic_time () - f->frame_start) / 1000.0;

      g_array_append_val (f->work, ms);
    }
  f->frame_start = 0;
  f->paints++;
}

static gboolean
list_counted (gpointer data)
{
  JzPersonListModel *model = data;

  /* The search entry reports "" after its delay: wait for the whole list. */
  return jz_person_list_model_get_query (model) == NULL && !jz_person_list_model_get_loading (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Iterates the main loop until a frame is painted after this call; FALSE
 * if none comes within a second (nothing to redraw). */
static gboolean
wait_for_paint (Frames *f)
{
  guint paints = f->paints;
  gboolean late = FALSE;
  guint timeout = g_timeout_add_once (1000, set_flag, &late);

  while (f->paints == paints && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  return !late;
}

static const char *
label_text (GtkWidget *w)
{
  return GTK_IS_LABEL (w) ? gtk_label_get_label (GTK_LABEL (w)) : "";
}

/* The rows the list view shows now, top to bottom, as "name|masked ID|address"
 * ("" for a row still a placeholder). Rows are GtkListItemWidgets holding the
 * box of setup_row() in jz-people-page.c. */
static GPtrArray *
rows_in_view (GtkWidget *list)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) tops = g_array_new (FALSE, FALSE, sizeof (float));
  double height = gtk_widget_get_height (list);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t b;
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *name, *line, *id_label, *address;
      guint at;

      if (box == NULL || !gtk_widget_get_mapped (row) || !gtk_widget_get_child_visible (row) ||
          !gtk_widget_compute_bounds (row, list, &b) ||
          b.origin.y + b.size.height <= 0 || b.origin.y >= height)
        continue;
      name = gtk_widget_get_first_child (box);
      line = name ? gtk_widget_get_next_sibling (name) : NULL;
      /* the line is the masked ID, the address, then the sync state */
      id_label = line ? gtk_widget_get_first_child (line) : NULL;
      address = id_label ? gtk_widget_get_next_sibling (id_label) : NULL;
      for (at = 0; at < tops->len && g_array_index (tops, float, at) < b.origin.y; at++)
        ;
      g_array_insert_val (tops, at, b.origin.y);
      if (*label_text (name) == '\0')
        g_ptr_array_insert (rows, (gint) at, g_strdup (""));
      else
        g_ptr_array_insert (rows, (gint) at,
                            g_strdup_printf ("%s|%s|%s", label_text (name),
                                             label_text (id_label), label_text (address)));
    }
  return rows;
}

static gboolean
rows_filled (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (*(char *) g_ptr_array_index (rows, i) == '\0')
      return FALSE;
  return rows->len > 0;
}

static void
bench_scroll (JzPeoplePage *page,
              JzSession    *session)
{
  JzPersonListModel *model = jz_people_page_get_model (page);
  GtkWidget *list = GTK_WIDGET (jz_people_page_get_list_view (page));
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  GdkFrameClock *clock;
  g_autoptr(GArray) step = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) filled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  Frames f = { 0, 0, NULL };
  guint n, steps = 0, stuck = 0, over16 = 0, over50 = 0, work16 = 0, placeholder_steps = 0;
  guint pages_per_step, slowest_step = 0;
  double slowest_fill = 0;
  gint64 t_all;
  const char *env = g_getenv ("JUZHU_BENCH_SCROLL_PAGES");
  gboolean ok;

  pages_per_step = env ? MAX (1, (guint) g_ascii_strtoull (env, NULL, 10)) : 1;
  gtk_editable_set_text (jz_people_page_get_search_entry (page), "");
  wait_until (list_counted, model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  clock = gtk_widget_get_frame_clock (list);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &f);
  /* The first screen, drawn with its rows. */
  while (gtk_adjustment_get_upper (adj) <= gtk_adjustment_get_page_size (adj) ||
         !rows_filled (rows = rows_in_view (list)))
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      wait_for_paint (&f);
    }
  printf ("  renderer %s; window %dx%d, list %dx%d: %u rows in view, row %.0f px\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (gtk_widget_get_native (list))),
          gtk_widget_get_width (GTK_WIDGET (gtk_widget_get_root (list))),
          gtk_widget_get_height (GTK_WIDGET (gtk_widget_get_root (list))),
          gtk_widget_get_width (list), gtk_widget_get_height (list), rows->len,
          gtk_adjustment_get_upper (adj) / n);
  g_clear_pointer (&rows, g_ptr_array_unref);
  report_memory ("before scrolling", memory_now ());

  f.work = work;
  t_all = g_get_monotonic_time ();
  for (;;)
    {
      double value = gtk_adjustment_get_value (adj);
      double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
      gint64 t0;
      double ms;

      if (value >= bottom - 0.5)
        break;
      t0 = g_get_monotonic_time ();
      gtk_adjustment_set_value (adj, MIN (bottom, value + pages_per_step * gtk_adjustment_get_page_size (adj)));
      if (!wait_for_paint (&f))
        {
          /* Nothing to draw: the value did not move. */
          if (++stuck > 3)
            break;
          continue;
        }
      stuck = 0;
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (step, ms);
      over16 += ms > 16.7;
      over50 += ms > 50;
      steps++;
      /* The rows of that frame: placeholders until their page is read. */
      rows = rows_in_view (list);
      if (!rows_filled (rows))
        {
          GString *empty = g_string_new (NULL);

          for (guint i = 0; i < rows->len; i++)
            if (*(char *) g_ptr_array_index (rows, i) == '\0')
              g_string_append_printf (empty, " %u", i);
          printf ("  step %u (value %.0f px): rows%s of %u in view drawn as placeholders\n",
                  steps, gtk_adjustment_get_value (adj), empty->str, rows->len);
          g_string_free (empty, TRUE);
          placeholder_steps++;
          while (!rows_filled (rows))
            {
              g_clear_pointer (&rows, g_ptr_array_unref);
              if (!wait_for_paint (&f))
                g_main_context_iteration (NULL, TRUE);
              rows = rows_in_view (list);
            }
        }
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (filled, ms);
      if (ms > slowest_fill)
        {
          slowest_fill = ms;
          slowest_step = steps;
        }
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  f.work = NULL;
  for (guint i = 0; i < work->len; i++)
    work16 += g_array_index (work, double, i) > 16.7;
  printf ("  scrolled %u rows in %u steps of %u page(s) (%.0f px each), every step drawn, in %.1f s\n",
          n, steps, pages_per_step, pages_per_step * gtk_adjustment_get_page_size (adj),
          (g_get_monotonic_time () - t_all) / 1e6);
  report ("scroll: step to painted frame", step);
  printf ("  %-34s %u > 16.7 ms, %u > 50 ms (of %u)\n", "", over16, over50, steps);
  report ("scroll: step to rows filled+drawn", filled);
  printf ("  %-34s %u steps drew placeholders first; slowest: step %u of %u\n", "",
          placeholder_steps, slowest_step, steps);
  report ("scroll: frame work (paint cycle)", work);
  printf ("  %-34s %u > 16.7 ms (of %u frames)\n", "", work16, work->len);

  /* The view really got there: its last row is the last person. */
  rows = rows_in_view (list);
  last = jz_store_list_range (jz_session_get_store (session), "person", n - 1, 1, &error);
  g_assert_no_error (error);
  {
    JsonObject *p = g_ptr_array_index (last, 0);
    const char *number = jz_app_str (p, "id_number");
    g_autofree char *masked = jz_id_number_mask (number);
    g_autofree char *want = g_strdup_printf ("%s|%s|%s", jz_app_str (p, "name"), masked,
                                             jz_app_str (p, "hukou_address"));

    ok = rows->len > 0 && g_strcmp0 (g_ptr_array_index (rows, rows->len - 1), want) == 0;
    printf ("  at the end: value %.0f of %.0f, %u rows in view, bottom row %s the last person\n",
            gtk_adjustment_get_value (adj), gtk_adjustment_get_upper (adj), rows->len,
            ok ? "is" : "is NOT");
    if (!ok)
      {
        printf ("    want %s\n", want);
        for (guint i = 0; i < rows->len; i++)
          printf ("    row  %s\n", (char *) g_ptr_array_index (rows, i));
      }
  }
  report_memory ("after scrolling everything", memory_now ());
  /* The window gives back what drawing freed after two quiet seconds
   * (jz_app_trim_when_idle, as the app's window). */
  {
    gboolean later = FALSE;

    g_timeout_add_once (3500, set_flag, &later);
    while (!later)
      g_main_context_iteration (NULL, TRUE);
  }
  report_memory ("3.5 s after the scroll", memory_now ());
  g_signal_handlers_disconnect_by_data (clock, &f);
  if (!ok)
    g_error ("the list view did not reach the last person");
}

int
main (int    argc,
      char **argv)
{
  guint n = bench_n ();
  const char *keep = g_getenv ("JUZHU_BENCH_DATA_DIR");
  g_autofree char *dir = keep ? g_strdup (keep) : g_dir_make_tmp ("juzhu-bench-app-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSession) session = NULL;
  GtkWindow *window;
  JzPeoplePage *page;
  const char *only = g_getenv ("JUZHU_BENCH_ONLY");
  gint64 t0;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  t0 = g_get_monotonic_time ();
  if (keep == NULL || !g_file_test (keep, G_FILE_TEST_IS_DIR))
    {
      g_mkdir_with_parents (dir, 0700);
      fill (dir, n);
      printf ("app at %u persons (data directory filled in %.1f s)\n", n, (g_get_monotonic_time () - t0) / 1e6);
    }
  else
    printf ("app at the persons of %s (kept from an earlier run)\n", dir);

  if (only == NULL || strstr (only, "cold") != NULL)
    bench_cold_start (dir);

  /* The renderer the app would choose on this machine (main.c). */
  jz_app_choose_renderer ();
  gtk_init ();
  adw_init ();
  session = jz_session_open (dir, &error);
  if (session == NULL)
    g_error ("%s: %s", dir, error->message);
  window = GTK_WINDOW (gtk_window_new ());
  jz_app_trim_when_idle (window);
  gtk_window_set_default_size (window, 1280, 800);
  page = g_object_new (JZ_TYPE_PEOPLE_PAGE, NULL);
  gtk_window_set_child (window, GTK_WIDGET (page));
  jz_people_page_set_session (page, session);
  gtk_window_present (window);

  if (only == NULL || strstr (only, "search") != NULL)
    bench_search (page);
  if (only == NULL || strstr (only, "scroll") != NULL)
    bench_scroll (page, session);

  gtk_window_destroy (window);
  g_clear_object (&session);
  if (keep == NULL)
    bench_remove_tree (dir);
  return 0;
}
