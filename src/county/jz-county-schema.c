/* jz-county-schema.c — the county server's tables and their migrations,
 * on SQLite and on PostgreSQL
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server tables live in the store's database beside the replica's own
 * tables and are migrated like them: frozen steps, each in one
 * transaction together with the version (meta key county_schema). Never
 * edit a published step; add the next one, to both lists.
 */
#include "config.h"

#include "jz-county-private.h"

static const char *county_migrations[] = {
  /* 1: users, enrolment codes, devices, received seqs, feed, access, review */
  "CREATE TABLE county_user (name TEXT PRIMARY KEY, role TEXT NOT NULL,\n"
  "  area TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;\n"
  "CREATE TABLE county_enrol_code (hash TEXT PRIMARY KEY, user TEXT NOT NULL,\n"
  "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,\n"
  "  used_at INTEGER, device TEXT) WITHOUT ROWID;\n"
  "CREATE TABLE county_device (id TEXT PRIMARY KEY, site TEXT NOT NULL UNIQUE,\n"
  "  user TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,\n"
  "  enrolled_at INTEGER NOT NULL, last_seen INTEGER, revoked_at INTEGER) WITHOUT ROWID;\n"
  "CREATE TABLE county_received (site TEXT NOT NULL, seq INTEGER NOT NULL,\n"
  "  status TEXT NOT NULL, code TEXT, reason TEXT,\n"
  "  PRIMARY KEY (site, seq)) WITHOUT ROWID;\n"
  "CREATE TABLE county_site (site TEXT PRIMARY KEY,\n"
  "  acked_seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
  "CREATE TABLE county_feed (seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  cs INTEGER NOT NULL, person TEXT NOT NULL);\n"
  "CREATE INDEX county_feed_person ON county_feed (person);\n"
  "CREATE TABLE county_record_person (record TEXT PRIMARY KEY,\n"
  "  person TEXT NOT NULL) WITHOUT ROWID;\n"
  "CREATE TABLE county_access (person TEXT NOT NULL, area TEXT NOT NULL,\n"
  "  user TEXT NOT NULL DEFAULT '', PRIMARY KEY (person, area, user)) WITHOUT ROWID;\n"
  "CREATE TABLE county_review (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,\n"
  "  id_number TEXT, person_a TEXT NOT NULL, person_b TEXT NOT NULL,\n"
  "  site_a TEXT, site_b TEXT, found_at INTEGER NOT NULL,\n"
  "  UNIQUE (kind, person_a, person_b));\n",

  /* 2: a site may enrol again once its device is revoked: the site is
   * unique among the devices that are not revoked, and only there */
  "CREATE TABLE county_device_2 (id TEXT PRIMARY KEY, site TEXT NOT NULL,\n"
  "  user TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,\n"
  "  enrolled_at INTEGER NOT NULL, last_seen INTEGER, revoked_at INTEGER) WITHOUT ROWID;\n"
  "INSERT INTO county_device_2 (id, site, user, name, token_hash, enrolled_at, last_seen, revoked_at)\n"
  "  SELECT id, site, user, name, token_hash, enrolled_at, last_seen, revoked_at FROM county_device;\n"
  "DROP TABLE county_device;\n"
  "ALTER TABLE county_device_2 RENAME TO county_device;\n"
  "CREATE UNIQUE INDEX county_device_active_site ON county_device (site) WHERE revoked_at IS NULL;\n",

  /* 3: photos within scope (jz-county-photos.c): who sent a photo's
   * bytes, and which persons' records name it */
  "CREATE TABLE county_blob_upload (sha256 TEXT NOT NULL, site TEXT NOT NULL,\n"
  "  at INTEGER NOT NULL, PRIMARY KEY (sha256, site)) WITHOUT ROWID;\n"
  "CREATE TABLE county_blob_ref (sha256 TEXT NOT NULL, person TEXT NOT NULL,\n"
  "  PRIMARY KEY (sha256, person)) WITHOUT ROWID;\n"
  "INSERT OR IGNORE INTO county_blob_ref (sha256, person)\n"
  "  SELECT j.value, rp.person FROM material m JOIN county_record_person rp ON rp.record = m.id,\n"
  "  json_each (m.pages) j WHERE json_valid (m.pages);\n"
  "INSERT OR IGNORE INTO county_blob_ref (sha256, person)\n"
  "  SELECT portrait, id FROM person WHERE portrait IS NOT NULL;\n",

  /* 4: who filed each record (a landlord or employer changes only what its
   * user filed): the user of the site of its first change set, for the
   * records there are */
  "CREATE TABLE county_record_owner (record TEXT PRIMARY KEY, user TEXT NOT NULL) WITHOUT ROWID;\n"
  "INSERT OR IGNORE INTO county_record_owner (record, user)\n"
  "  SELECT c.record, (SELECT d.user FROM county_device d WHERE d.site = c.site\n"
  "                    ORDER BY d.enrolled_at LIMIT 1)\n"
  "  FROM change_set c WHERE c.id = (SELECT c2.id FROM change_set c2 WHERE c2.record = c.record\n"
  "                                  ORDER BY c2.hlc, c2.site LIMIT 1)\n"
  "  AND EXISTS (SELECT 1 FROM county_device d WHERE d.site = c.site);\n",

  /* 5: a landlord's or employer's account names who they are (an ID number
   * or a credit code, and the real name their proofs carry); it sees the
   * persons whose registrations name that identity (access user
   * "id:IDENTITY", jz-county-check.c) */
  "ALTER TABLE county_user ADD COLUMN identity TEXT;\n"
  "ALTER TABLE county_user ADD COLUMN real_name TEXT;\n"
  "CREATE INDEX county_user_identity ON county_user (identity) WHERE identity IS NOT NULL;\n",

  /* 6: a landlord or employer whose registrations naming it all ended
   * (the tenant moved on, departed) sees the person's changes up to that
   * end, and no later ones: until_seq is the feed seq of the end */
  "ALTER TABLE county_access ADD COLUMN until_seq INTEGER;\n",

  /* 7: snapshots and a compacted feed (jz-county-snapshot.c): the change
   * set of each until_seq (the feed row may be compacted away), the last
   * cursor each device pulled from, the compactions done (the horizon is
   * the greatest), and the look-ups a snapshot makes by person and user */
  "ALTER TABLE county_access ADD COLUMN until_cs INTEGER;\n"
  "UPDATE county_access SET until_cs = (SELECT f.cs FROM county_feed f WHERE f.seq = county_access.until_seq)\n"
  "  WHERE until_seq IS NOT NULL;\n"
  "ALTER TABLE county_device ADD COLUMN pull_cursor INTEGER NOT NULL DEFAULT 0;\n"
  "CREATE TABLE county_compaction (at INTEGER NOT NULL, horizon INTEGER NOT NULL,\n"
  "  removed INTEGER NOT NULL);\n"
  "CREATE INDEX county_record_person_person ON county_record_person (person);\n"
  "CREATE INDEX county_access_user ON county_access (user, person) WHERE user <> '';\n",

  /* 8: revoke with purge (a lost or stolen tablet): when county IT ordered
   * the device to delete its data, and when the device said it had */
  "ALTER TABLE county_device ADD COLUMN purge_ordered_at INTEGER;\n"
  "ALTER TABLE county_device ADD COLUMN purged_at INTEGER;\n",
};

/* The same tables on PostgreSQL (docs/postgresql.md): step 1 is SQLite's
 * 8. The feed's seq is an identity; writers hold one lock to their commit
 * (src/store/pg/jz-db-pg.c), so it is in commit order all the same. */
static const char *county_migrations_pg[] = {
  /* 1: as SQLite's 8 */
  "CREATE TABLE county_user (name TEXT PRIMARY KEY, role TEXT NOT NULL,\n"
  "  area TEXT NOT NULL, created_at BIGINT NOT NULL, identity TEXT, real_name TEXT);\n"
  "CREATE INDEX county_user_identity ON county_user (identity) WHERE identity IS NOT NULL;\n"
  "CREATE TABLE county_enrol_code (hash TEXT PRIMARY KEY, \"user\" TEXT NOT NULL,\n"
  "  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,\n"
  "  used_at BIGINT, device TEXT);\n"
  "CREATE TABLE county_device (id TEXT PRIMARY KEY, site TEXT NOT NULL,\n"
  "  \"user\" TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,\n"
  "  enrolled_at BIGINT NOT NULL, last_seen BIGINT, revoked_at BIGINT,\n"
  "  pull_cursor BIGINT NOT NULL DEFAULT 0, purge_ordered_at BIGINT, purged_at BIGINT);\n"
  "CREATE UNIQUE INDEX county_device_active_site ON county_device (site) WHERE revoked_at IS NULL;\n"
  "CREATE TABLE county_received (site TEXT NOT NULL, seq BIGINT NOT NULL,\n"
  "  status TEXT NOT NULL, code TEXT, reason TEXT, PRIMARY KEY (site, seq));\n"
  "CREATE TABLE county_site (site TEXT PRIMARY KEY, acked_seq BIGINT NOT NULL DEFAULT 0);\n"
  "CREATE TABLE county_feed (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
  "  cs BIGINT NOT NULL, person TEXT NOT NULL);\n"
  "CREATE INDEX county_feed_person ON county_feed (person);\n"
  "CREATE TABLE county_record_person (record TEXT PRIMARY KEY, person TEXT NOT NULL);\n"
  "CREATE INDEX county_record_person_person ON county_record_person (person);\n"
  "CREATE TABLE county_access (person TEXT NOT NULL, area TEXT NOT NULL,\n"
  "  \"user\" TEXT NOT NULL DEFAULT '', until_seq BIGINT, until_cs BIGINT,\n"
  "  PRIMARY KEY (person, area, \"user\"));\n"
  "CREATE INDEX county_access_user ON county_access (\"user\", person) WHERE \"user\" <> '';\n"
  "CREATE TABLE county_review (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
  "  kind TEXT NOT NULL, id_number TEXT, person_a TEXT NOT NULL, person_b TEXT NOT NULL,\n"
  "  site_a TEXT, site_b TEXT, found_at BIGINT NOT NULL, UNIQUE (kind, person_a, person_b));\n"
  "CREATE TABLE county_blob_upload (sha256 TEXT NOT NULL, site TEXT NOT NULL,\n"
  "  at BIGINT NOT NULL, PRIMARY KEY (sha256, site));\n"
  "CREATE TABLE county_blob_ref (sha256 TEXT NOT NULL, person TEXT NOT NULL,\n"
  "  PRIMARY KEY (sha256, person));\n"
  "CREATE TABLE county_record_owner (record TEXT PRIMARY KEY, \"user\" TEXT NOT NULL);\n"
  "CREATE TABLE county_compaction (at BIGINT NOT NULL, horizon BIGINT NOT NULL,\n"
  "  removed BIGINT NOT NULL);\n",
};

/* On the store thread: the tables brought up to date (jz_county_open()). */
gpointer
_jz_county_migrate_on_thread (JzStore  *store,
                              gpointer  data,
                              GError  **error)
{
  g_autofree char *current = NULL;
  guint version;

  if (_jz_store_engine (store) != NULL)
    return _jz_store_migrate_engine (store, "county_schema", county_migrations_pg,
                                     G_N_ELEMENTS (county_migrations_pg), error) ? JZ_STORE_OK : NULL;

  current = _jz_county_read_meta (store, "county_schema", NULL);
  version = current ? (guint) g_ascii_strtoull (current, NULL, 10) : 0;
  if (version > G_N_ELEMENTS (county_migrations))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SCHEMA,
                   "the county database has server schema version %u, newer than this "
                   "juzhu-server (%u); update juzhu-server before opening it",
                   version, (guint) G_N_ELEMENTS (county_migrations));
      return NULL;
    }

  for (; version < G_N_ELEMENTS (county_migrations); version++)
    {
      g_autofree char *bump =
        g_strdup_printf ("INSERT OR REPLACE INTO meta (key, value) VALUES ('county_schema', '%u');",
                         version + 1);

      if (!_jz_store_exec (store, "BEGIN IMMEDIATE", error))
        return NULL;
      if (!_jz_store_exec (store, county_migrations[version], error) ||
          !_jz_store_exec (store, bump, error) ||
          !_jz_store_exec (store, "COMMIT", error))
        {
          g_prefix_error (error, "upgrading the server schema to version %u: ", version + 1);
          _jz_store_exec (store, "ROLLBACK", NULL);
          return NULL;
        }
    }

  return JZ_STORE_OK;
}
