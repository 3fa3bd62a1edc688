/* test-crash.c — a writer killed with SIGKILL loses nothing it reported
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A child process saves declarations (person + registration, one save
 * each) in a loop and prints each record id once jz_store_commit() has
 * returned. The parent kills it at random moments, reopens the store and
 * checks that the database is sound and every reported save is there.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jz-store.h"

static const char *ids[] = {
  "11010519491231002X", "220102199003074516", "410102198512250021",
  "220104201005150036", "411203196001010011",
};

static int
run_child (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzStore) store = jz_store_open (dir, &error);

  if (store == NULL)
    {
      fprintf (stderr, "child: %s\n", error->message);
      return 1;
    }

  for (guint i = 0;; i++)
    {
      g_autoptr(JzSave) save = jz_save_new ("crash-test");
      g_autoptr(JsonObject) p = json_object_new ();
      g_autoptr(JsonObject) r = json_object_new ();
      g_autofree char *person = NULL;
      g_autofree char *name = g_strdup_printf ("测试%u", i);
      const char *reg;

      json_object_set_string_member (p, "id_number", ids[i % G_N_ELEMENTS (ids)]);
      json_object_set_string_member (p, "name", name);
      json_object_set_string_member (p, "hukou_address", "吉林省长春市南关区某街道某号");
      person = g_strdup (jz_save_create (save, "person", p));
      json_object_set_string_member (r, "person_id", person);
      json_object_set_string_member (r, "residence_division", "220104");
      json_object_set_string_member (r, "residence_address", "朝阳区红旗街5号");
      json_object_set_string_member (r, "arrival_date", "2026-01-10");
      json_object_set_string_member (r, "registered_on", "2026-01-12");
      json_object_set_string_member (r, "reason", "work");
      reg = jz_save_create (save, "registration", r);

      if (!jz_store_commit (store, save, &error))
        {
          fprintf (stderr, "child: %s\n", error->message);
          return 1;
        }
      printf ("%s %s\n", person, reg);
      fflush (stdout);
    }
}

static void
test_sigkill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-crash-XXXXXX", &error);
  g_autoptr(GPtrArray) committed = g_ptr_array_new_with_free_func (g_free);
  const char *self_path = g_test_get_filename (G_TEST_BUILT, "test-crash", NULL);
  guint rounds = g_test_slow () ? 40 : 12;

  g_assert_no_error (error);

  for (guint round = 0; round < rounds; round++)
    {
      const char *argv[] = { self_path, "--child", dir, NULL };
      GPid pid;
      int out_fd;
      g_autoptr(GIOChannel) channel = NULL;
      gint64 deadline;
      int status;
      char *line = NULL;
      gsize len;
      guint got = 0;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);

      /* let it write for a random while, then pull the plug */
      deadline = g_get_monotonic_time () + g_test_rand_int_range (30, 400) * 1000;
      while (g_get_monotonic_time () < deadline)
        g_usleep (5000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);

      /* every complete line is a save the child saw committed */
      channel = g_io_channel_unix_new (out_fd);
      g_io_channel_set_close_on_unref (channel, TRUE);
      while (g_io_channel_read_line (channel, &line, &len, NULL, NULL) == G_IO_STATUS_NORMAL)
        {
          if (len > 0 && line[len - 1] == '\n')
            {
              line[len - 1] = '\0';
              g_ptr_array_add (committed, line);
              got++;
            }
          else
            g_free (line);
        }
      g_test_message ("round %u: %u saves reported before the kill", round, got);

      {
        g_autoptr(JzStore) store = jz_store_open (dir, &error);

        g_assert_no_error (error);
        g_assert_true (jz_store_integrity_check (store, &error));
        g_assert_no_error (error);
        for (guint i = 0; i < committed->len; i++)
          {
            g_auto(GStrv) pair = g_strsplit (committed->pdata[i], " ", 2);
            g_autoptr(JsonObject) p = jz_store_get (store, "person", pair[0], &error);
            g_autoptr(JsonObject) r = jz_store_get (store, "registration", pair[1], &error);

            g_assert_no_error (error);
            g_assert_nonnull (p);
            g_assert_nonnull (r);
          }
        /* no half-written save: every registration has its person */
        {
          gint64 persons = jz_store_count (store, "person", NULL);
          gint64 regs = jz_store_count (store, "registration", NULL);

          g_assert_cmpint (persons, ==, regs);
          g_assert_cmpint (persons, >=, committed->len);
          g_assert_cmpint (jz_store_outbox_pending (store, NULL), ==, persons + regs);
        }
      }
    }

  g_assert_cmpuint (committed->len, >, 0);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/crash/sigkill-writer", test_sigkill);
  return g_test_run ();
}
