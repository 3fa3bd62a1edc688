/* test-cli-rules.c — juzhu-cli rules, run as a user would
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $JUZHU_CLI is the built juzhu-cli (set in tests/meson.build).
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs juzhu-cli with the NULL-terminated arguments, feeding @input (may
 * be NULL) on standard input. */
static void
run_cli (Run        *run,
         const char *input,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("JUZHU_CLI");
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (gpointer) cli);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static const char example[] =
  "{ \"kind\": \"first\", \"applicant\": { \"hukou_division\": \"220102\" },"
  "  \"residence_division\": \"220204\", \"residence_since\": \"2025-09-01\","
  "  \"conditions\": [\"employment\"], \"materials\": [\"id_card\", \"photo\", \"lease_contract\"],"
  "  \"applied_on\": \"2026-03-01\", \"accepted_on\": \"2026-03-01\","
  "  \"permit\": { \"issued_on\": \"2025-03-31\", \"endorsed_on\": [] } }";

static void
test_check_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("juzhu-cli-rules-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  JsonObject *root;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, example, -1, NULL));

  run_cli (&run, NULL, "rules", "check", "--profile", "jilin-2016", "--today", "2026-03-01", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "profile"), ==, "jilin-2016");
  g_assert_true (json_object_get_boolean_member (root, "eligible"));
  g_assert_cmpstr (json_object_get_string_member (root, "issue_due"), ==, "2026-03-16");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "endorsement"), "status"),
                   ==, "open");

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_check_stdin (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  g_auto(Run) later = { 0 };
  g_auto(Run) implicit = { 0 };
  JsonObject *root;

  /* Default profile, and --today moves the endorsement into overdue. */
  run_cli (&run, example, "rules", "check", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "profile"), ==, "national-2016");
  /* 条例 第九条 grants no extension by itself */
  g_assert_true (json_object_get_null_member (root, "issue_due_extended"));

  run_cli (&later, example, "--today", "2026-04-01", "rules", "check", "--input", "-", NULL);
  g_assert_cmpint (later.status, ==, 0);
  root = parse_object (parser, later.out);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "endorsement"),
                                                 "suspended"));

  /* No input argument reads standard input too. */
  run_cli (&implicit, example, "rules", "check", "--profile=sanmenxia-2017", NULL);
  g_assert_cmpint (implicit.status, ==, 0);
  root = parse_object (parser, implicit.out);
  g_assert_false (json_object_get_boolean_member (root, "eligible"));
}

static void
test_check_bad_input (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) profile = { 0 };
  g_auto(Run) malformed = { 0 };
  JsonObject *root;

  run_cli (&run, "{\"accepted_on\": \"2026-02-30\"}", "rules", "check", "-", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "accepted_on: 2026-02-30 is not a real calendar date"));

  run_cli (&json, "{\"conditions\": [\"job\"]}", "rules", "check", "--json", "-", NULL);
  g_assert_cmpint (json.status, ==, 2);
  root = parse_object (parser, json.out);
  g_assert_nonnull (strstr (json_object_get_string_member (root, "error"), "conditions[0]: “job”"));

  run_cli (&profile, example, "rules", "check", "--profile", "atlantis-2030", "-", NULL);
  g_assert_cmpint (profile.status, ==, 2);
  g_assert_nonnull (strstr (profile.err, "atlantis-2030"));

  run_cli (&malformed, "{\"kind\": ", "rules", "check", "-", NULL);
  g_assert_cmpint (malformed.status, ==, 2);
  g_assert_nonnull (strstr (malformed.err, "malformed JSON"));
}

static void
test_profiles_and_show (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) list = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) show_json = { 0 };
  g_auto(Run) unknown = { 0 };
  JsonObject *root;

  run_cli (&list, NULL, "rules", "profiles", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "jilin-2016"));
  g_assert_nonnull (strstr (list.out, "三门峡市居住证实施办法"));

  run_cli (&show, NULL, "rules", "show", "sanmenxia-2017", NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, "三门峡 第十七条"));

  run_cli (&show_json, NULL, "--json", "rules", "show", "jilin-2016", NULL);
  g_assert_cmpint (show_json.status, ==, 0);
  root = parse_object (parser, show_json.out);
  g_assert_cmpint (json_object_get_int_member (root, "extension_days"), ==, 10);

  run_cli (&unknown, NULL, "rules", "frobnicate", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* A command that refuses its arguments exits before reading the input
   * the test writes to it: a broken pipe, not a failure. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/cli/rules/check-file", test_check_file);
  g_test_add_func ("/cli/rules/check-stdin", test_check_stdin);
  g_test_add_func ("/cli/rules/bad-input", test_check_bad_input);
  g_test_add_func ("/cli/rules/profiles-and-show", test_profiles_and_show);

  return g_test_run ();
}
