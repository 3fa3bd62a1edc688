/* jz-store.h — the device's local store
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "jz-data-key.h"

G_BEGIN_DECLS

#define JZ_STORE_ERROR (jz_store_error_quark ())

typedef enum
{
  JZ_STORE_ERROR_SQLITE,
  JZ_STORE_ERROR_INVALID,     /* a field value is wrong; the message names it */
  JZ_STORE_ERROR_NOT_FOUND,
  JZ_STORE_ERROR_DISPUTED,    /* a legal field is in conflict */
  JZ_STORE_ERROR_WORKFLOW,    /* a status change the workflow forbids */
  JZ_STORE_ERROR_CLOCK,       /* the device clock is implausible */
  JZ_STORE_ERROR_SCHEMA,      /* the database is newer than this program */
  JZ_STORE_ERROR_IO,
  JZ_STORE_ERROR_FORBIDDEN,   /* the device's role may not do this (jz_permissions()) */
} JzStoreError;

GQuark     jz_store_error_quark        (void);
GPtrArray *jz_store_error_get_problems (const GError *error);

#define JZ_TYPE_STORE (jz_store_get_type ())
G_DECLARE_FINAL_TYPE (JzStore, jz_store, JZ, STORE, GObject)

/* What one save writes: any number of records, one transaction, one stamp. */
typedef struct _JzSave JzSave;

JzSave     *jz_save_new                (const char    *author);
JzSave     *jz_save_new_on             (const char    *author,
                                        const GDate   *today);
void        jz_save_free               (JzSave        *save);
const char *jz_save_create             (JzSave        *save,
                                        const char    *rtype,
                                        JsonObject    *fields);
const char *jz_save_create_strings     (JzSave        *save,
                                        const char    *rtype,
                                        const char * const *fields);
void        jz_save_update             (JzSave        *save,
                                        const char    *rtype,
                                        const char    *id,
                                        JsonObject    *fields);
void        jz_save_audit              (JzSave        *save,
                                        const char    *action,
                                        const char    *rtype,
                                        const char    *record,
                                        const char    *detail);
GPtrArray  *jz_save_get_problems       (JzSave        *save);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JzSave, jz_save_free)

typedef gint64 (*JzClockFunc) (gpointer user_data);

/* A save is refused (JZ_STORE_ERROR_CLOCK) when the device's clock is
 * further than this from the county server's time (jz-store-clock.c). */
#define JZ_STORE_MAX_CLOCK_OFF_MS (36 * 3600 * G_GINT64_CONSTANT (1000))

JzStore    *jz_store_open              (const char    *data_dir,
                                        GError       **error);
JzStore    *jz_store_open_with_key     (const char    *data_dir,
                                        JzDataKey     *key,
                                        GError       **error);
JzStore    *jz_store_open_file         (const char    *data_dir,
                                        const char    *filename,
                                        GError       **error);
const char *jz_store_get_data_dir      (JzStore       *self);
const char *jz_store_get_site_id       (JzStore       *self);
JzDataKey  *jz_store_get_key           (JzStore       *self);
void        jz_store_set_clock         (JzStore       *self,
                                        JzClockFunc    clock,
                                        gpointer       user_data);
void        jz_store_set_build_time    (JzStore       *self,
                                        gint64         unix_seconds);

gboolean    jz_store_note_server_time  (JzStore       *self,
                                        gint64         server_ms,
                                        GError       **error);
typedef gboolean (*JzStoreTransactFunc) (JzStore  *store,
                                         gpointer  data,
                                         GError  **error);

gboolean    jz_store_transact          (JzStore       *self,
                                        JzStoreTransactFunc func,
                                        gpointer       data,
                                        GError       **error);
gboolean    jz_store_savepoint         (JzStore       *self,
                                        JzStoreTransactFunc func,
                                        gpointer       data,
                                        GError       **error);
gboolean    jz_store_read_transact     (JzStore       *self,
                                        JzStoreTransactFunc func,
                                        gpointer       data,
                                        GError       **error);
gboolean    jz_store_commit            (JzStore       *self,
                                        JzSave        *save,
                                        GError       **error);
gboolean    jz_store_validate          (JzStore       *self,
                                        JzSave        *save,
                                        GError       **error);

/* Reads. Records come back as JSON objects: "id", "type", the fields, and
 * "disputed" (a list of fields in conflict). */
JsonObject *jz_store_get               (JzStore       *self,
                                        const char    *rtype,
                                        const char    *id,
                                        GError       **error);
char       *jz_store_find_type         (JzStore       *self,
                                        const char    *id,
                                        GError       **error);
GPtrArray  *jz_store_list              (JzStore       *self,
                                        const char    *rtype,
                                        const char    *field,
                                        const char    *equals,
                                        guint          limit,
                                        GError       **error);
GPtrArray  *jz_store_list_range        (JzStore       *self,
                                        const char    *rtype,
                                        guint          offset,
                                        guint          limit,
                                        GError       **error);
GPtrArray  *jz_store_search            (JzStore       *self,
                                        const char    *query,
                                        guint          limit,
                                        GError       **error);
JsonObject *jz_store_find_person_by_id_number (JzStore *self,
                                        const char    *id_number,
                                        GError       **error);
/* Persons recorded twice (the same ID number, neither merged): objects
 * {id_number, persons: [id, …] oldest first}. */
GPtrArray  *jz_store_list_duplicates   (JzStore       *self,
                                        guint          limit,
                                        GError       **error);
GPtrArray  *jz_store_history           (JzStore       *self,
                                        const char    *record,
                                        GError       **error);
GPtrArray  *jz_store_conflicts         (JzStore       *self,
                                        const char    *record,
                                        GError       **error);
gboolean    jz_store_resolve           (JzStore       *self,
                                        const char    *record,
                                        const char    *field,
                                        const char    *take_stamp,
                                        JsonNode      *value,
                                        const char    *author,
                                        GError       **error);
GPtrArray  *jz_store_audit_list        (JzStore       *self,
                                        const char    *record,
                                        guint          limit,
                                        GError       **error);
gboolean    jz_store_audit             (JzStore       *self,
                                        const char    *author,
                                        const char    *action,
                                        const char    *rtype,
                                        const char    *record,
                                        const char    *detail,
                                        GError       **error);
gint64      jz_store_count             (JzStore       *self,
                                        const char    *rtype,
                                        GError       **error);
GHashTable *jz_store_tally             (JzStore       *self,
                                        const char    *rtype,
                                        const char    *date_field,
                                        const char    *from,
                                        const char    *to,
                                        const char    *group_by,
                                        const char    *status,
                                        GError       **error);

/* Meta values (profile, cursor, …) */
char       *jz_store_get_meta          (JzStore       *self,
                                        const char    *key,
                                        GError       **error);
gboolean    jz_store_set_meta          (JzStore       *self,
                                        const char    *key,
                                        const char    *value,
                                        GError       **error);
char       *jz_store_next_number       (JzStore       *self,
                                        const char    *series,
                                        GError       **error);
gboolean    jz_store_next_count        (JzStore       *self,
                                        const char    *series,
                                        guint64       *count,
                                        GError       **error);

/* Reference data */
gboolean    jz_store_import_divisions  (JzStore       *self,
                                        GPtrArray     *codes,
                                        GPtrArray     *names,
                                        GError       **error);
GPtrArray  *jz_store_list_divisions    (JzStore       *self,
                                        GError       **error);

/* The edit log, for sync and for the merge tests: change sets as JSON
 * {"record", "type", "hlc", "site", "author", "edits": {field: {"v", "p"}}}. */
JsonArray  *jz_store_export_change_sets (JzStore      *self,
                                        gint64         after_outbox_seq,
                                        GError       **error);
gboolean    jz_store_apply_remote      (JzStore       *self,
                                        JsonArray     *change_sets,
                                        guint         *n_applied,
                                        GError       **error);
gint64      jz_store_outbox_pending    (JzStore       *self,
                                        GError       **error);
gboolean    jz_store_integrity_check   (JzStore       *self,
                                        GError       **error);

/* Sync (jz-store-sync.c; the meta keys are listed there). */
/* The hard cap on change sets in one push, whatever the saves. */
#define JZ_STORE_MAX_BATCH_CHANGES 2000

JsonArray  *jz_store_export_outbox     (JzStore       *self,
                                        gint64         after_seq,
                                        guint          max_saves,
                                        gsize          max_bytes,
                                        GError       **error);
GBytes     *jz_store_export_outbox_body (JzStore      *self,
                                         gint64        after_seq,
                                         guint         max_saves,
                                         guint         max_changes,
                                         gsize         max_bytes,
                                         JsonArray   **out_index,
                                         GError      **error);
gint64      jz_store_outbox_pending_after (JzStore    *self,
                                        gint64         after_seq,
                                        GError       **error);
gboolean    jz_store_restart_outbox    (JzStore       *self,
                                        GError       **error);
gboolean    jz_store_note_server_epoch (JzStore       *self,
                                        const char    *epoch,
                                        gint64         server_acked,
                                        gboolean      *restored,
                                        GError       **error);
gboolean    jz_store_acknowledge       (JzStore       *self,
                                        gint64         acked_seq,
                                        JsonArray     *rejections,
                                        guint64        server_hlc,
                                        GError       **error);
gboolean    jz_store_apply_remote_page (JzStore       *self,
                                        JsonArray     *change_sets,
                                        const char    *meta_key,
                                        const char    *meta_value,
                                        guint64        server_hlc,
                                        guint         *n_applied,
                                        GError       **error);
typedef struct _JzStorePending JzStorePending;
JzStorePending *jz_store_apply_remote_page_begin (JzStore     *self,
                                                  const char  *changes,
                                                  gsize        len,
                                                  const char  *meta_key,
                                                  const char  *meta_value,
                                                  guint64      server_hlc,
                                                  guint       *n_sets);
gboolean    jz_store_apply_remote_page_end (JzStorePending  *pending,
                                            guint           *n_applied,
                                            GError         **error);
gboolean    jz_store_observe_clock     (JzStore       *self,
                                        guint64        hlc,
                                        GError       **error);
GPtrArray  *jz_store_photo_refs        (JzStore       *self,
                                        gint64         after_outbox_seq,
                                        GError       **error);
JsonArray  *jz_store_outbox_photo_refs (JzStore      *self,
                                        gint64         after_seq,
                                        GError       **error);
GPtrArray  *jz_store_rejected_list     (JzStore       *self,
                                        GError       **error);

/* Where a record's own changes stand with the county server. */
typedef enum
{
  JZ_RECORD_SYNCED,    /* every change of this device's was accepted (or it has none) */
  JZ_RECORD_WAITING,   /* a change of this device's is still to be sent */
  JZ_RECORD_REFUSED,   /* the server refused this device's latest change: @reason */
} JzRecordSync;

JzRecordSync jz_store_record_sync      (JzStore       *self,
                                        const char    *record,
                                        char         **reason,
                                        GError       **error);
/* The same for a page of records (JsonObjects with "id"), in one call:
 * sets "_sync" to "waiting" or "refused" on those not synced. */
gboolean    jz_store_annotate_sync     (JzStore       *self,
                                        GPtrArray     *records,
                                        GError       **error);

/* Garbage collection of photos (jz-store-photos.c): every photo hash a
 * record, the edit log, the outbox or a draft refers to, as a set. */
GHashTable *jz_store_photo_references  (JzStore       *self,
                                        GError       **error);

G_END_DECLS
