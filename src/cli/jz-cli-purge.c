/* jz-cli-purge.c — a data directory wiped at the county's order
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * County IT revoked this device with a purge (a lost or stolen tablet):
 * the sync that heard it, or any command that finds the purge marker
 * before opening the data directory, runs the purge (jz-purge.h) and
 * stops with exit status 4, saying what happened.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-cli.h"
#include "jz-purge.h"
#include "jz-sync-client.h"

/**
 * jz_cli_purge:
 *
 * Finishes the purge of the data directory: nothing may have it open.
 * Returns: the exit status, %JZ_EXIT_WIPED (3 when something could not be
 *   deleted: running it again goes on).
 */
int
jz_cli_purge (JzCli *cli)
{
  JzPurgeOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) told = NULL;
  g_autofree char *why = NULL;
  const char *ca = g_getenv ("JUZHU_CA_FILE");
  const char *retry = g_getenv ("JUZHU_SYNC_RETRY_MS");
  JzPurgeOutcome outcome;

  if (ca != NULL && *ca != '\0')
    options.ca_file = ca;
  /* tests make the pause short */
  if (retry != NULL && *retry != '\0')
    options.retry_ms = MAX ((guint) g_ascii_strtoull (retry, NULL, 10), 1);

  if (!jz_purge_device (cli->data_dir, &options, NULL, &outcome, &why, &error))
    {
      g_prefix_error (&error, _("County IT ordered this device to delete its data, and not all of "
                                "it could be deleted yet; run juzhu-cli again to go on: "));
      return jz_cli_fail (cli, JZ_EXIT_FAILURE, error);
    }

  switch (outcome)
    {
    case JZ_PURGE_CONFIRMED:
      told = g_error_new (JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE,
                          _("This device was wiped at the county's request (revoked as lost or "
                            "stolen): its records, photos, drafts and token are deleted, and the "
                            "county server was told. To use it again, ask county IT for a new "
                            "enrolment code, then run juzhu-cli init and juzhu-cli enrol."));
      break;
    case JZ_PURGE_NOT_TAKEN:
      told = g_error_new (JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE,
                          _("This device was wiped at the county's request (revoked as lost or "
                            "stolen): its records, photos, drafts and token are deleted (%s). To "
                            "use it again, ask county IT for a new enrolment code."), why);
      break;
    case JZ_PURGE_UNCONFIRMED:
    default:
      told = g_error_new (JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE,
                          _("This device was wiped at the county's request (revoked as lost or "
                            "stolen): its records, photos and drafts are deleted. The county server "
                            "could not be told yet (%s); run juzhu-cli again when it can be "
                            "reached."), why ? why : "?");
      break;
    }
  return jz_cli_fail (cli, JZ_EXIT_WIPED, told);
}
