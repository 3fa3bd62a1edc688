/* jz-county-epoch.c — which life of the county's database this is
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A database restored from a backup has forgotten what the devices sent
 * and pulled after the backup was taken, while they remember it: a
 * device's acknowledged seq and pull cursor are past what the server now
 * has, and the seqs the server gives next are ones the device believes it
 * has seen. The epoch tells the two lives apart: a random id kept in the
 * database (meta county_epoch), made at the first open and made anew at
 * the first open of a backup that data/juzhu-server-backup made (it marks
 * its copy with meta county_backup_of, which the live database never has),
 * or by `juzhu-server new-epoch` after a restore by other means. The health check gives it, and
 * to a device that sends its token, the seq of its own change sets the
 * server holds (county_site.acked_seq). A device that sees a new epoch sends
 * again what the server lacks and takes a snapshot (jz-sync-steps.c). The
 * feed's seqs after a restore go on from the restored database's last one,
 * kept as county_epoch_seq: nothing below it changed.
 */
#include "config.h"

#include "jz-county-sync-private.h"

#define META_EPOCH     "county_epoch"
#define META_EPOCH_SEQ "county_epoch_seq"
#define META_BACKUP_OF "county_backup_of"

typedef struct
{
  gboolean  renew;
  char     *epoch;
  char     *backup_of;  /* the database was a backup, taken then: renewed */
} EpochArgs;

static gpointer
epoch_on_thread (JzStore  *store,
                 gpointer  data,
                 GError  **error)
{
  EpochArgs *args = data;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *seq = NULL;
  JzStmt *stmt;

  if (!_jz_store_exec (store, "BEGIN IMMEDIATE", error))
    return NULL;
  epoch = _jz_store_read_meta (store, META_EPOCH, &local_error);
  if (local_error == NULL)
    args->backup_of = _jz_store_read_meta (store, META_BACKUP_OF, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }
  if (args->backup_of != NULL)
    {
      stmt = _jz_store_stmt (store, "DELETE FROM meta WHERE key = ?", error);
      if (stmt == NULL)
        goto fail;
      jz_stmt_bind_static (stmt, 1, META_BACKUP_OF);
      if (!_jz_store_step_done (store, stmt, error))
        goto fail;
    }
  if (epoch == NULL || args->renew || args->backup_of != NULL)
    {
      g_free (epoch);
      epoch = g_uuid_string_random ();
      seq = g_strdup_printf ("%" G_GINT64_FORMAT, _jz_county_max_feed_seq (store));
      if (!_jz_store_write_meta (store, META_EPOCH, epoch, error) ||
          !_jz_store_write_meta (store, META_EPOCH_SEQ, seq, error))
        goto fail;
    }
  if (!_jz_store_exec (store, "COMMIT", error))
    goto fail;
  args->epoch = g_steal_pointer (&epoch);
  return JZ_STORE_OK;

fail:
  _jz_store_exec (store, "ROLLBACK", NULL);
  g_clear_pointer (&args->backup_of, g_free);
  return NULL;
}

/**
 * jz_county_get_epoch:
 *
 * The database's epoch, made now if it has none yet, or made anew if the
 * database is a backup opened for the first time (then said on stderr).
 *
 * Returns: (transfer full): the epoch, or %NULL with @error set
 */
char *
jz_county_get_epoch (JzCounty  *self,
                     GError   **error)
{
  EpochArgs args = { FALSE, NULL, NULL };

  g_return_val_if_fail (JZ_IS_COUNTY (self), NULL);
  if (_jz_store_call (jz_county_get_store (self), epoch_on_thread, &args, error) == NULL)
    return NULL;
  if (args.backup_of != NULL)
    g_message ("the database is a backup taken %s, opened for the first time: new epoch %s; "
               "devices send again what it lacks and pull again at their next sync",
               args.backup_of, args.epoch);
  g_free (args.backup_of);
  return args.epoch;
}

/**
 * jz_county_new_epoch:
 *
 * After a restore from a backup, with the server stopped: a new epoch, so
 * that every device sends again what the database lacks and pulls again.
 *
 * Returns: (transfer full): the new epoch, or %NULL with @error set
 */
char *
jz_county_new_epoch (JzCounty  *self,
                     GError   **error)
{
  EpochArgs args = { TRUE, NULL, NULL };

  g_return_val_if_fail (JZ_IS_COUNTY (self), NULL);
  if (_jz_store_call (jz_county_get_store (self), epoch_on_thread, &args, error) == NULL)
    return NULL;
  g_free (args.backup_of);
  return args.epoch;
}
