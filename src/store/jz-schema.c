/* jz-schema.c — the device database schema and its migrations
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each migration is frozen SQL, applied in one transaction together with
 * the new PRAGMA user_version, so a tablet that loses power mid-upgrade
 * reopens at the old version with its data intact. Never edit a published
 * step; add the next one.
 *
 * Materialised tables hold what the screens read. The truth is change_set:
 * one row per record per save, with the per-field edits as JSON
 * {"field": {"v": value, "p": [parent stamps]}}; heads is a compact index
 * of the current head stamps {"stamp": ["field", …]} from which the next
 * local edit takes its parents. NULL heads (a record created here and not
 * changed since) means every field set has the creation stamp as its head:
 * most records are never edited, and this saves writing the obvious.
 */
#include "config.h"

#include "jz-schema.h"
#include "jz-store.h"

#define RECORD_META \
  "  heads TEXT,\n" \
  "  disputed INTEGER NOT NULL DEFAULT 0,\n" \
  "  created_hlc INTEGER NOT NULL,\n" \
  "  updated_hlc INTEGER NOT NULL,\n"

static const char *migrations[] = {
  /* 1: records, edit log, outbox, reference data, audit */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;\n"
  "CREATE TABLE change_set (id INTEGER PRIMARY KEY,\n"
  "  record TEXT NOT NULL, hlc INTEGER NOT NULL, site TEXT NOT NULL,\n"
  "  rtype TEXT NOT NULL, author TEXT NOT NULL, edits TEXT NOT NULL);\n"
  "CREATE INDEX change_set_record ON change_set (record);\n"
  "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  record TEXT NOT NULL, hlc INTEGER NOT NULL);\n"
  "CREATE TABLE division (code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;\n"
  "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,\n"
  "  author TEXT NOT NULL, action TEXT NOT NULL, rtype TEXT, record TEXT, detail TEXT);\n"
  "CREATE TABLE person (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  RECORD_META
  "  id_number TEXT, name TEXT, sex TEXT, ethnicity TEXT, birth_date TEXT,\n"
  "  hukou_division TEXT, hukou_address TEXT, phone TEXT, portrait TEXT,\n"
  "  limited_mobility INTEGER, disabled INTEGER, notes TEXT, deleted INTEGER);\n"
  "CREATE INDEX person_id_number ON person (id_number);\n"
  "CREATE TABLE registration (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  RECORD_META
  "  person_id TEXT, residence_division TEXT, committee TEXT, residence_address TEXT,\n"
  "  arrival_date TEXT, registered_on TEXT, reason TEXT, housing_type TEXT,\n"
  "  landlord_name TEXT, landlord_phone TEXT, employer_name TEXT, school_name TEXT,\n"
  "  phone TEXT, certificate_no TEXT, status TEXT);\n"
  "CREATE INDEX registration_person ON registration (person_id);\n"
  "CREATE TABLE application (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  RECORD_META
  "  person_id TEXT, registration_id TEXT, permit_id TEXT, kind TEXT, conditions TEXT,\n"
  "  residence_division TEXT, residence_since TEXT, applied_on TEXT, accepted_on TEXT,\n"
  "  remote_area INTEGER, extension_reason TEXT, extension_channel TEXT,\n"
  "  extension_notified_on TEXT, proxy_name TEXT, proxy_id_number TEXT,\n"
  "  proxy_relation TEXT, issued_on TEXT, notes TEXT, status TEXT);\n"
  "CREATE INDEX application_person ON application (person_id);\n"
  "CREATE TABLE material (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  RECORD_META
  "  application_id TEXT, document TEXT, pages TEXT, document_date TEXT,\n"
  "  caption TEXT, deleted INTEGER);\n"
  "CREATE INDEX material_application ON material (application_id);\n"
  "CREATE TABLE permit (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  RECORD_META
  "  person_id TEXT, application_id TEXT, number TEXT, issued_on TEXT,\n"
  "  residence_division TEXT, suspension_reason TEXT, status TEXT);\n"
  "CREATE INDEX permit_person ON permit (person_id);\n"
  "CREATE TABLE endorsement (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  RECORD_META
  "  permit_id TEXT, endorsed_on TEXT, residence_division TEXT, deleted INTEGER);\n"
  "CREATE INDEX endorsement_permit ON endorsement (permit_id);\n"
  "CREATE TABLE notice (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,\n"
  RECORD_META
  "  application_id TEXT, kind TEXT, issued_on TEXT, channel TEXT, body TEXT);\n"
  "CREATE INDEX notice_application ON notice (application_id);\n",

  /* 2: search. Trigrams find any fragment of three characters or more in a
   * name, an ID number or an address. Positions are not kept (detail=none:
   * a third of the size, a faster insert), so a match is a candidate that
   * the query confirms with instr(). Most Chinese names have two or three
   * characters; one- and two-character fragments are looked up in the
   * names themselves (see jz-store-read.c). */
  "CREATE VIRTUAL TABLE person_search USING fts5 (name, id_number, address,\n"
  "  tokenize = 'trigram', detail = 'none');\n"

  "DELETE FROM meta WHERE key = 'search_indexed_rid';\n",

  /* 3: the disputed records, listed without a full scan of every table */
  "CREATE INDEX person_disputed ON person (disputed) WHERE disputed;\n"
  "CREATE INDEX registration_disputed ON registration (disputed) WHERE disputed;\n"
  "CREATE INDEX application_disputed ON application (disputed) WHERE disputed;\n"
  "CREATE INDEX material_disputed ON material (disputed) WHERE disputed;\n"
  "CREATE INDEX permit_disputed ON permit (disputed) WHERE disputed;\n"
  "CREATE INDEX endorsement_disputed ON endorsement (disputed) WHERE disputed;\n"
  "CREATE INDEX notice_disputed ON notice (disputed) WHERE disputed;\n"
  "CREATE INDEX application_status ON application (status, accepted_on);\n",

  /* 4: sync. The needs-attention list: change sets the server refused for
   * good, with its reason. The change set itself stays in change_set; its
   * outbox row goes once the server has acknowledged it. */
  "CREATE TABLE rejected (seq INTEGER PRIMARY KEY, record TEXT NOT NULL,\n"
  "  rtype TEXT NOT NULL, hlc INTEGER NOT NULL, code TEXT NOT NULL,\n"
  "  reason TEXT NOT NULL, at TEXT NOT NULL);\n",

  /* 5: drafts of unfinished forms (jz-store-draft.c): local, never synced */
  "CREATE TABLE draft (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL,\n"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;\n"
  "CREATE INDEX draft_updated ON draft (updated_at);\n",

  /* 6: the outbox is a column of change_set. A local change set gets the
   * next outbox seq in lseq (remote ones keep NULL); what is still to push
   * is lseq > sync_acked_seq, found through a partial index of a few bytes
   * a row. This replaces a table of copied (record, hlc) rows that were
   * written with every save and deleted again on acknowledgement. The seqs
   * are kept, so a push says exactly what it said before; the highest seq
   * ever given (AUTOINCREMENT's) stays in meta, so no seq is reused. */
  "ALTER TABLE change_set ADD COLUMN lseq INTEGER;\n"
  "UPDATE change_set SET lseq = o.seq FROM outbox o\n"
  "  WHERE o.record = change_set.record AND o.hlc = change_set.hlc\n"
  "    AND change_set.site = (SELECT value FROM meta WHERE key = 'site_id');\n"
  "INSERT OR REPLACE INTO meta (key, value)\n"
  "  SELECT 'outbox_seq_floor', seq FROM sqlite_sequence WHERE name = 'outbox';\n"
  "DROP TABLE outbox;\n"
  "CREATE INDEX change_set_lseq ON change_set (lseq) WHERE lseq IS NOT NULL;\n",

  /* 7: a store migrated from 5 kept no seq for the local change sets the
   * server had already acknowledged (their outbox rows were gone). They had
   * 1..sync_acked_seq, in the order they were written: they get them back,
   * so that a move to another county server, which sends everything again
   * from seq 1, has no gap. A store created at 6 has none to number. */
  "UPDATE change_set SET lseq = n.rn FROM\n"
  "  (SELECT id, row_number () OVER (ORDER BY id) AS rn FROM change_set\n"
  "   WHERE lseq IS NULL AND site = (SELECT value FROM meta WHERE key = 'site_id')) AS n\n"
  "  WHERE change_set.id = n.id\n"
  "    AND n.rn <= coalesce ((SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'sync_acked_seq'), 0);\n",

  /* 8: 注销, a registration ended because the person left: when and why */
  "ALTER TABLE registration ADD COLUMN departed_on TEXT;\n"
  "ALTER TABLE registration ADD COLUMN departure_reason TEXT;\n",

  /* 9: an application withdrawn (撤回) or not accepted (不予受理): when and
   * why; the day the county suspended a permit's use; the day an address
   * change's move really happened (三门峡 第十七条 counts from it) */
  "ALTER TABLE application ADD COLUMN closed_on TEXT;\n"
  "ALTER TABLE application ADD COLUMN close_reason TEXT;\n"
  "ALTER TABLE permit ADD COLUMN suspended_on TEXT;\n"
  "ALTER TABLE application ADD COLUMN moved_on TEXT;\n",

  /* 10: the landlord and the employer by identity (an ID number or a
   * credit code): their accounts see the tenants and employees that name
   * them (docs/server.md, "Scopes") */
  "ALTER TABLE registration ADD COLUMN landlord_identity TEXT;\n"
  "ALTER TABLE registration ADD COLUMN employer_identity TEXT;\n"
  "CREATE INDEX registration_landlord_identity ON registration (landlord_identity)\n"
  "  WHERE landlord_identity IS NOT NULL;\n"
  "CREATE INDEX registration_employer_identity ON registration (employer_identity)\n"
  "  WHERE employer_identity IS NOT NULL;\n",

  /* 11: two records of one person (the same ID number, made on two
   * devices) merged by the county: the one kept, on the other */
  "ALTER TABLE person ADD COLUMN merged_into TEXT;\n",

  /* 12: search, smaller and for short names too (jz-store-index.c). The
   * trigram index keeps no copy of the text (contentless) and no column
   * sizes (nothing is ranked): a search confirms its candidates against
   * the person's own fields. The characters and pairs of characters of
   * the names get an index of their own, so one- and two-character
   * fragments no longer read every name. Both are filled again from the
   * persons by the next search's catch-up. The persons merged into
   * another, few, get a partial index: the people list counts the others
   * as all persons less those, without reading every person row. */
  "DROP TABLE person_search;\n"
  "CREATE VIRTUAL TABLE person_search USING fts5 (name, id_number, address,\n"
  "  tokenize = 'trigram', detail = 'none', content = '', columnsize = 0);\n"
  "CREATE VIRTUAL TABLE person_name_grams USING fts5 (grams,\n"
  "  detail = 'none', content = '', columnsize = 0);\n"
  "DELETE FROM meta WHERE key = 'search_indexed_rid';\n"
  "CREATE INDEX person_merged ON person (merged_into) WHERE merged_into IS NOT NULL;\n",

  /* 13: a record created on this device keeps its creation's edits in
   * its row until it next changes: the change set's edits are '' until
   * then (jz-store-creation.c). Nothing to convert; the version keeps
   * an older Juzhu, which would read '' as edits, from opening the store.
   * A later migration that rewrites fields of rows must first write those
   * edits out (jz_edits()). */
  "SELECT 1;\n",
};

guint
jz_schema_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

gboolean
jz_schema_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SQLITE,
                   "database error: %s", message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

guint
jz_schema_get_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  guint version = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

gboolean
jz_schema_migrate_to (sqlite3  *db,
                      guint     target,
                      GError  **error)
{
  guint version = jz_schema_get_version (db);

  if (version > G_N_ELEMENTS (migrations))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_SCHEMA,
                   "the database has schema version %u, newer than this Juzhu (%u); "
                   "update Juzhu before opening it",
                   version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  target = MIN (target, G_N_ELEMENTS (migrations));

  for (; version < target; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u;", version + 1);

      if (!jz_schema_exec (db, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!jz_schema_exec (db, migrations[version], error) ||
          !jz_schema_exec (db, bump, error))
        {
          g_prefix_error (error, "upgrading the schema to version %u: ", version + 1);
          jz_schema_exec (db, "ROLLBACK;", NULL);
          return FALSE;
        }
      if (!jz_schema_exec (db, "COMMIT;", error))
        return FALSE;
    }

  return TRUE;
}
