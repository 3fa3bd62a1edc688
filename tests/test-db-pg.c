/* test-db-pg.c — the store's SQL as PostgreSQL takes it (jz-db-pg.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lexical changes made on the way to PostgreSQL, and what they must
 * leave alone. The statements themselves run on a real cluster in the
 * -pg suites (tests/pg/).
 */
#include "config.h"

#include <string.h>

#include "jz-db-pg.h"

static void
check (const char *sql,
       const char *want,
       int         want_params)
{
  int n = -1;
  g_autofree char *got = _jz_db_pg_translate (sql, &n);

  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (n, ==, want_params);
}

static void
test_parameters (void)
{
  check ("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2", 2);
  check ("SELECT 1 WHERE ?1 = x OR ?1 = y OR z = ?3", "SELECT 1 WHERE $1 = x OR $1 = y OR z = $3", 3);
  check ("SELECT 1", "SELECT 1", 0);
  /* SQLite's numbering: a bare ? after ?5 is 6 */
  check ("SELECT ?5, ?, ?2", "SELECT $5, $6, $2", 6);
}

static void
test_comments (void)
{
  check ("SELECT a -- it's ? here\nFROM t WHERE b = ?", "SELECT a -- it's ? here\nFROM t WHERE b = $1", 1);
  check ("SELECT /* user's ? */ a FROM t WHERE b = ?", "SELECT /* user's ? */ a FROM t WHERE b = $1", 1);
  check ("SELECT a /* unterminated ?", "SELECT a /* unterminated ?", 0);
}

static void
test_literals (void)
{
  /* a ? or the word user inside a literal or a quoted name stays */
  check ("SELECT 'a?b', 'it''s ?', \"user\" FROM t WHERE x = ?",
         "SELECT 'a?b', 'it''s ?', \"user\" FROM t WHERE x = $1", 1);
  check ("SELECT * FROM meta WHERE key = 'user'", "SELECT * FROM meta WHERE key = 'user'", 0);
}

static void
test_user (void)
{
  check ("SELECT user, d.user, USER FROM county_user u JOIN county_device d ON d.user = u.name",
         "SELECT \"user\", d.\"user\", \"user\" FROM county_user u JOIN county_device d ON d.\"user\" = u.name", 0);
  /* words that contain it are not it */
  check ("SELECT users, user_id, superuser FROM t", "SELECT users, user_id, superuser FROM t", 0);
}

static void
test_or_ignore (void)
{
  check ("INSERT OR IGNORE INTO t (a) VALUES (?)", "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING", 1);
  check ("  INSERT OR IGNORE INTO t (a) SELECT b FROM u;\n", "INSERT INTO t (a) SELECT b FROM u ON CONFLICT DO NOTHING", 0);
  check ("INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING",
         "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING", 0);
}

static void
test_describe (void)
{
  g_autofree char *a = jz_db_pg_describe ("postgresql://juzhu:secret@db.lan:5433/county?sslmode=require");
  g_autofree char *b = jz_db_pg_describe ("host=/run/postgresql dbname=juzhu password=secret");
  g_autofree char *c = jz_db_pg_describe ("postgresql://[bad");

  g_assert_null (strstr (a, "secret"));
  g_assert_nonnull (strstr (a, "dbname=county"));
  g_assert_nonnull (strstr (a, "host=db.lan"));
  g_assert_null (strstr (b, "secret"));
  g_assert_nonnull (strstr (b, "dbname=juzhu"));
  g_assert_nonnull (strstr (c, "does not parse"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/db-pg/parameters", test_parameters);
  g_test_add_func ("/db-pg/literals", test_literals);
  g_test_add_func ("/db-pg/comments", test_comments);
  g_test_add_func ("/db-pg/user", test_user);
  g_test_add_func ("/db-pg/or-ignore", test_or_ignore);
  g_test_add_func ("/db-pg/describe", test_describe);
  return g_test_run ();
}
