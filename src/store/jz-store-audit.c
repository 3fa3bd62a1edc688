/* jz-store-audit.c — the audit log: who viewed, exported or changed which
 * record (条例 第十七条); written with a save, or on its own for a view
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-store-private.h"

gboolean
_jz_store_write_audit (JzStore     *self,
                       const char  *author,
                       const char  *action,
                       const char  *rtype,
                       const char  *record,
                       const char  *detail,
                       GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (_jz_store_now_ms (self) / 1000);
  g_autofree char *at = g_date_time_format_iso8601 (now);
  JzStmt *stmt;

  stmt = _jz_store_stmt (self,
                         "INSERT INTO audit (at, author, action, rtype, record, detail) "
                         "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, at);
  jz_stmt_bind_text (stmt, 2, author);
  jz_stmt_bind_text (stmt, 3, action);
  jz_stmt_bind_text (stmt, 4, rtype);
  jz_stmt_bind_text (stmt, 5, record);
  jz_stmt_bind_text (stmt, 6, detail);
  return _jz_store_step_done (self, stmt, error);
}

/* The role this device works in: the county server's word once enrolled,
 * else the one chosen at the first run; 0 when neither is known (a data
 * directory that never met a server, such as a county PC's CLI). */

static gpointer
audit_on_thread (JzStore  *self,
                 gpointer  data,
                 GError  **error)
{
  const char **args = data;

  return _jz_store_write_audit (self, args[0], args[1], args[2], args[3], args[4], error)
    ? JZ_STORE_OK : NULL;
}

/* Views of a full record and exports are audited (privacy: 条例 第十七条). */
gboolean
jz_store_audit (JzStore     *self,
                const char  *author,
                const char  *action,
                const char  *rtype,
                const char  *record,
                const char  *detail,
                GError     **error)
{
  const char *args[] = { author, action, rtype, record, detail };

  return _jz_store_call (self, audit_on_thread, args, error) != NULL;
}
