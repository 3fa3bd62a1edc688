/* jz-store-extension.h — the store as the county server extends it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The county server is a replica like any device (docs/sync-protocol.md):
 * its own tables live in the same SQLite file, written on the same store
 * thread, in the same transactions as the records. This header is all
 * that src/county/ may use of the store beyond jz-store.h: running a
 * function on the store thread, prepared statements, the clock, writing
 * and materialising a change set, and the checks a device's save shares
 * with the server's push. The struct itself stays private
 * (jz-store-private.h).
 */
#pragma once

#include "jz-db.h"
#include "jz-change-set.h"
#include "jz-hlc.h"
#include "jz-model.h"
#include "jz-problem.h"
#include "jz-store.h"

G_BEGIN_DECLS


/* A county server's store on another engine than SQLite (PostgreSQL,
 * src/store/pg/): opened on @engine, which it owns from now on; its
 * schema brought up to date. */
JzStore      *jz_store_open_engine  (const char          *data_dir,
                                     JzDbConn            *engine,
                                     GError             **error);
/* NULL on SQLite, else the engine's name ("postgresql") */
const char   *_jz_store_engine      (JzStore             *self);
/* On the store thread: @migrations from meta's @key on, each step in one
 * writer's transaction with its version (engines other than SQLite) */
gboolean      _jz_store_migrate_engine (JzStore            *self,
                                     const char          *key,
                                     const char *const   *migrations,
                                     guint                n_migrations,
                                     GError             **error);

/* Runs on the store thread; returns non-NULL on success, NULL iff @error. */
typedef gpointer (*JzStoreFunc) (JzStore   *self,
                                 gpointer   data,
                                 GError   **error);

#define JZ_STORE_OK GINT_TO_POINTER (1)

gpointer      _jz_store_call        (JzStore             *self,
                                     JzStoreFunc          func,
                                     gpointer             data,
                                     GError             **error);
typedef struct _JzStoreCall JzStoreCall;
JzStoreCall  *_jz_store_call_begin  (JzStore             *self,
                                     JzStoreFunc          func,
                                     gpointer             data);
gpointer      _jz_store_call_end    (JzStoreCall         *call,
                                     GError             **error);
void          _jz_store_call_async  (JzStore             *self,
                                     JzStoreFunc          func,
                                     gpointer             data,
                                     GDestroyNotify       data_free,
                                     GDestroyNotify       result_free,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

/* Store-thread helpers: only inside a JzStoreFunc */
JzStmt *_jz_store_stmt        (JzStore             *self,
                                     const char          *sql,
                                     GError             **error);
gboolean      _jz_store_step_done   (JzStore             *self,
                                     JzStmt        *stmt,
                                     GError             **error);
gboolean      _jz_store_step_returning (JzStore           *self,
                                     JzStmt              *stmt,
                                     gint64              *out,
                                     GError             **error);
gboolean      _jz_store_exec        (JzStore             *self,
                                     const char          *sql,
                                     GError             **error);
void          _jz_store_set_sqlite_error (JzStore        *self,
                                     GError             **error);
int           _jz_store_changes     (JzStore             *self);
void          _jz_store_append_change_set_row (GString       *out,
                                               const char    *seq_member,
                                               JzStmt  *stmt);
/* the id of the change set the store wrote last */
gint64        _jz_store_last_change_set (JzStore         *self);
/* jz-store-meta.c: a meta value (NULL when absent) */
char         *_jz_store_read_meta   (JzStore             *self,
                                     const char          *key,
                                     GError             **error);
gboolean      _jz_store_write_meta  (JzStore             *self,
                                     const char          *key,
                                     const char          *value,
                                     GError             **error);
const char   *_jz_store_db_path     (JzStore             *self);
/* Another connection to the store's database, for reading off its thread
 * (jz_db_close() it) */
JzDbConn     *_jz_store_open_reader (JzStore             *self,
                                     GError             **error);

/* The store's hybrid logical clock, to observe a stamp or to put it back
 * after a rolled-back transaction; persisted by _jz_store_persist_hlc(). */
JzHlc        *_jz_store_hlc         (JzStore             *self);
gboolean      _jz_store_persist_hlc (JzStore             *self,
                                     GError             **error);
/* Validation judges dates (an ID number born in the future) by the
 * device's clock again, not by the date of an earlier check. */
void          _jz_store_forget_today (JzStore            *self);

JsonObject   *_jz_store_read_record (JzStore             *self,
                                     const JzRecordType  *type,
                                     const char          *id,
                                     GError             **error);
gboolean      _jz_store_materialise_from (JzStore        *self,
                                     const JzRecordType  *type,
                                     const char          *record,
                                     JzChangeSet         *only,
                                     GError             **error);
gboolean      _jz_store_write_remote_change_set (JzStore *self,
                                     JzChangeSet         *cs,
                                     gboolean            *inserted,
                                     gboolean            *fresh,
                                     GError             **error);

/* The checks shared by the device's save and the server's push
 * (jz-store-check.c) */
typedef struct
{
  JzRole      role;      /* 0: no role known (a device never enrolled): no permission check */
  GHashTable *pending;   /* record → type of the records the same save creates; NULL */
} JzCheckActor;

JsonNode     *_jz_store_check_field (JzStore             *self,
                                     const JzRecordType  *type,
                                     const JzFieldDef    *def,
                                     JsonNode            *value,
                                     GPtrArray           *problems);
const char   *_jz_store_record_type (JzStore             *self,
                                     const char          *record);
void          _jz_store_check_change (JzStore            *self,
                                     const JzCheckActor  *actor,
                                     const JzRecordType  *type,
                                     const char          *record,
                                     JsonObject          *current,
                                     JsonNode *const     *values,
                                     GPtrArray           *problems);

/* The name of the SQLite VFS an encrypted store reads its file through
 * (NULL for a plain one): another connection of this process may ATTACH
 * the file with "file:PATH?vfs=NAME" while the store is open (benchmarks). */
const char   *_jz_store_vfs_name_of (JzStore             *self);

G_END_DECLS
