/* jz-store-private.h — what the jz-store-*.c files share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "jz-db.h"

#include "jz-codes.h"
#include "jz-data-key.h"
#include "jz-hlc.h"
#include "jz-merge.h"
#include "jz-model.h"
#include "jz-problem.h"
#include "jz-store.h"
#include "jz-store-extension.h"

G_BEGIN_DECLS

/* The encrypted database (jz-store-vfs.c): pages of JZ_VFS_PAGE bytes, of
 * which the last JZ_VFS_RESERVE hold a nonce and a tag. */
#define JZ_VFS_PAGE    4096
#define JZ_VFS_RESERVE 40

typedef struct _JzStoreVfs JzStoreVfs;

JzStoreVfs *_jz_store_vfs_new       (JzDataKey   *key);
const char *_jz_store_vfs_name      (JzStoreVfs  *self);
gint        _jz_store_vfs_bad_page  (JzStoreVfs  *self);
gint        _jz_store_vfs_take_bad_page (JzStoreVfs *self);
void        _jz_store_vfs_free      (JzStoreVfs  *self);
gboolean    _jz_store_vfs_is_plain  (const char  *db_path,
                                     gboolean    *empty,
                                     GError     **error);
gboolean    _jz_store_vfs_encrypt   (JzStoreVfs  *self,
                                     const char  *db_path,
                                     GError     **error);
void        _jz_store_tampered_error (GError    **error,
                                      gint        bad);
void        _jz_store_sqlite_error  (sqlite3     *db,
                                     JzStoreVfs  *vfs,
                                     GError     **error,
                                     const char  *format,
                                     ...) G_GNUC_PRINTF (4, 5);

/* jz-store.c: the store's thread; closing its connection (on it) */
gpointer    _jz_store_thread           (gpointer     data);
gpointer    _jz_store_close_on_thread  (JzStore     *self,
                                        gpointer     data,
                                        GError     **error);

struct _JzStore
{
  GObject       parent_instance;

  char         *data_dir;
  char         *db_path;
  char         *site_id;
  GThread      *thread;
  GAsyncQueue  *queue;
  JzCodes      *codes;
  JzClockFunc   clock;
  gpointer      clock_data;
  gint64        build_time;
  JzDataKey    *key;               /* NULL: a plain database (the county server's) */
  JzStoreVfs   *vfs;               /* the VFS that seals its pages with key */

  /* Owned by the store thread only */
  sqlite3      *db;               /* SQLite: the device's, or the county's on SQLite */
  JzDbConn     *engine;           /* or another engine's connection (the county's on PostgreSQL) */
  GHashTable   *stmts;
  GHashTable   *materialise_sql;   /* JzRecordType → its INSERT … ON CONFLICT (borrowed from stmts) */
  GHashTable   *create_sql;        /* JzRecordType → its INSERT of a new record (borrowed from stmts) */
  GHashTable   *creation_sql;      /* JzRecordType → the SELECT of a row's fields (jz-store-creation.c) */
  JzHlc         hlc;
  gint64        indexed_rid;       /* persons up to this rowid are in the search index */
  JzStmt *insert_change_set; /* borrowed from stmts: the hot INSERT, without hashing its SQL */
  gint64        last_change_set;   /* the id of the change set written last */
  gint64        outbox_next;       /* the next lseq of a local change set; 0: read it again */
  GDate         today;             /* of the commit being checked */
  guint         tx_depth;          /* > 0 inside jz_store_transact(): BEGIN becomes a savepoint */
  gboolean      changed;           /* records changed since ::changed was last scheduled */

  /* ::changed is emitted here, coalesced (any thread) */
  GMainContext *context;
  gint          changed_scheduled;
};

typedef struct
{
  char       *rtype;
  char       *id;        /* the new id for a create */
  gboolean    create;
  JsonObject *fields;    /* or NULL, and: */
  char      **strings;   /* name, value, …, NULL: jz_save_create_strings() (one block) */
} JzSaveItem;

typedef struct
{
  char *action;
  char *rtype;
  char *record;
  char *detail;
} JzSaveAudit;

struct _JzSave
{
  char      *author;
  GPtrArray *items;      /* JzSaveItem */
  GPtrArray *audits;     /* JzSaveAudit */
  gboolean   dry_run;
  GDate      today;      /* invalid: the device's date */
  GPtrArray *problems;   /* JzProblem, of the last failed attempt */
};



/* Store-thread helpers */
gint64        _jz_store_acked_seq        (JzStore        *self);
gint64        _jz_store_now_ms      (JzStore             *self);
void          _jz_store_note_changed (JzStore            *self);

/* A record's change sets merged (jz-store-merge.c): what the screens show,
 * the heads, the fields in conflict. */
typedef struct
{
  JsonObject *values;     /* field → shown value */
  JsonObject *heads;      /* stamp → [fields] */
  GPtrArray  *conflicts;  /* field names (borrowed from by_field) */
  GPtrArray  *refused;    /* JzEdit (borrowed) */
  guint64     created;
  guint64     updated;
} Merged;

void          _jz_store_merge_record (const JzRecordType *type,
                                      GPtrArray          *sets,
                                      GHashTable         *by_field,
                                      Merged             *out);
void          _jz_store_merged_clear (Merged             *m);

void          _jz_bind_node         (JzStmt        *stmt,
                                     int                  index,
                                     JsonNode            *node);
JsonNode     *_jz_column_node       (JzStmt        *stmt,
                                     int                  index,
                                     const JzFieldDef    *def);

GPtrArray    *_jz_store_load_edits  (JzStore             *self,
                                     const char          *record,
                                     char               **rtype,
                                     GError             **error);
gboolean      _jz_store_materialise (JzStore             *self,
                                     const JzRecordType  *type,
                                     const char          *record,
                                     GError             **error);

/* jz-store-changeset.c: a JSON value, compact, as the change set stores it */
void          _jz_store_append_json_value (GString       *out,
                                     JsonNode            *value);
gboolean      _jz_store_write_change_set_text (JzStore  *self,
                                     const char          *record,
                                     const char          *rtype,
                                     guint64              hlc,
                                     const char          *site,
                                     const char          *author,
                                     const char          *edits,
                                     gboolean             outbox,
                                     gboolean            *inserted,
                                     GError             **error);
gboolean      _jz_store_write_change_set (JzStore       *self,
                                     const char          *record,
                                     const char          *rtype,
                                     guint64              hlc,
                                     const char          *site,
                                     const char          *author,
                                     JsonObject          *edits,
                                     gboolean             outbox,
                                     gboolean            *inserted,
                                     GError             **error);
gboolean      _jz_store_clock_plausible (JzStore       *self,
                                     GError             **error);
guint64       _jz_store_hlc_ceiling (JzStore             *self);
void          _jz_store_clamp_hlc   (JzStore             *self);
gboolean      _jz_schema_pg_migrate (JzStore         *self,
                                     GError         **error);
gboolean      _jz_store_index_register (JzStore      *self,
                                     GError             **error);
gboolean      _jz_store_creation_register (JzStore   *self,
                                     GError             **error);
gboolean      _jz_store_creation_elidable (const JzRecordType *type,
                                     JsonNode           **clean);
char         *_jz_store_creation_text (JzStore           *self,
                                     const JzRecordType  *type,
                                     const char          *record,
                                     GError             **error);
gboolean      _jz_store_expand_creation (JzStore     *self,
                                     const char          *rtype,
                                     const char          *record,
                                     GError             **error);
gboolean      _jz_store_index_catch_up (JzStore      *self,
                                     GError             **error);
gboolean      _jz_store_index_person (JzStore            *self,
                                     const char          *person_id,
                                     GError             **error);
gboolean      _jz_store_write_audit (JzStore             *self,
                                     const char          *author,
                                     const char          *action,
                                     const char          *rtype,
                                     const char          *record,
                                     const char          *detail,
                                     GError             **error);

/* Validation (jz-store-validate.c) */
JsonNode     *_jz_validate_field    (JzStore             *self,
                                     const JzRecordType  *type,
                                     const JzFieldDef    *def,
                                     JsonNode            *value,
                                     GError             **error);

/* Edits of a record, grouped by field: field → GPtrArray of JzEdit. */
GHashTable   *_jz_edits_by_field    (GPtrArray           *change_sets);

void          _jz_store_error_set_problems (GError     *error,
                                     GPtrArray           *problems);

/* jz-store-changeset.c: a pulled page's edits are written as text on the
 * sync thread, then stored as they are */
char         *_jz_store_edits_text                  (JsonObject    *edits);
gboolean      _jz_store_write_change_set_text_remote (JzStore      *self,
                                                      JzChangeSet  *cs,
                                                      const char   *edits_text,
                                                      gboolean      elidable,
                                                      gboolean     *inserted,
                                                      gboolean     *fresh,
                                                      GError      **error);

/* heads of a record whose only change set came from elsewhere: that
 * change set is the head of every field it names (jz-store-merge.c) */
#define JZ_HEADS_SINGLE "*"

/* jz-store-page.c: a page of change sets read straight from its text */
typedef enum
{
  JZ_ROW_UNSET,   /* NULL in the row: not given, null, or a status refused */
  JZ_ROW_TEXT,
  JZ_ROW_TRUE,
  JZ_ROW_FALSE,
  JZ_ROW_NODE,    /* anything else (a list), as _jz_bind_node() binds it */
} JzRowKind;

typedef struct
{
  JzRowKind   kind;
  const char *text;
  JsonNode   *node;
} JzRowValue;

typedef struct
{
  JzChangeSet *cs;        /* its edits NULL unless the general merge needs them */
  const char  *text;      /* its edits as _jz_store_edits_text() writes them */
  gboolean     elidable;  /* the row gives it back (jz-store-page.c), and once in the page */
  JzRowValue  *row;       /* (nullable): the record's row if this is its only
                           * change set, by field of its type; NULL: merge */
} JzPageSet;

typedef struct
{
  GArray       *sets;     /* JzPageSet */
  GStringChunk *chunk;    /* the texts */
  GPtrArray    *nodes;    /* JsonNode: the row's lists */
  GError       *error;    /* a malformed page: no sets */
} JzStorePage;

JzStorePage  *_jz_store_page_read   (const char          *text,
                                     gsize                len,
                                     const char          *seq_member);
void          _jz_store_page_free   (JzStorePage         *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzStorePage, _jz_store_page_free)

/* jz-store-merge.c: the row of a record with one change set */
gboolean      _jz_store_materialise_row (JzStore          *self,
                                     const JzRecordType  *type,
                                     const char          *record,
                                     guint64              hlc,
                                     const JzRowValue    *row,
                                     GError             **error);

G_END_DECLS
