/* jz-store-meta.c — the store's own small facts (meta): read and written
 * on the store thread, and the per-device counters that number documents
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-store-private.h"

/* On the store thread */
char *
_jz_store_read_meta (JzStore     *self,
                     const char  *key,
                     GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (self, "SELECT value FROM meta WHERE key = ?", error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, key);
  rc = jz_stmt_step (stmt);
  if (rc == JZ_DB_ROW)
    value = g_strdup (jz_stmt_column_text (stmt, 0));
  else if (rc != JZ_DB_DONE)
    _jz_store_set_sqlite_error (self, error);
  jz_stmt_reset (stmt);
  return value;
}

gboolean
_jz_store_write_meta (JzStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, key);
  jz_stmt_bind_text (stmt, 2, value);
  return _jz_store_step_done (self, stmt, error);
}

typedef struct
{
  const char *key;
  const char *value;
  guint64    *count;   /* next_number: the number alone, when asked */
} MetaArgs;

static gpointer
get_meta_on_thread (JzStore  *self,
                    gpointer  data,
                    GError  **error)
{
  MetaArgs *args = data;
  g_autoptr(GError) local_error = NULL;
  char *value = _jz_store_read_meta (self, args->key, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* An absent key is not an error: hand back an empty marker. */
  return value ? value : g_strdup ("");
}

char *
jz_store_get_meta (JzStore     *self,
                   const char  *key,
                   GError     **error)
{
  MetaArgs args = { key, NULL };
  char *value = _jz_store_call (self, get_meta_on_thread, &args, error);

  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gpointer
set_meta_on_thread (JzStore  *self,
                    gpointer  data,
                    GError  **error)
{
  MetaArgs *args = data;

  return _jz_store_write_meta (self, args->key, args->value, error) ? JZ_STORE_OK : NULL;
}

gboolean
jz_store_set_meta (JzStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  MetaArgs args = { key, value };

  return _jz_store_call (self, set_meta_on_thread, &args, error) != NULL;
}

static gpointer
next_number_on_thread (JzStore  *self,
                       gpointer  data,
                       GError  **error)
{
  MetaArgs *args = data;
  g_autofree char *key = g_strdup_printf ("counter:%s", args->key);
  g_autofree char *current = NULL;
  g_autofree char *next = NULL;
  guint64 n;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  current = _jz_store_read_meta (self, key, error);
  if (current == NULL && error != NULL && *error != NULL)
    goto fail;
  n = current ? g_ascii_strtoull (current, NULL, 10) + 1 : 1;
  next = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  if (!_jz_store_write_meta (self, key, next, error) || !_jz_store_exec (self, "COMMIT", error))
    goto fail;

  /* Numbers are per device: the site prefix keeps them unique county-wide
   * without asking the server, which may be days away. */
  if (args->count != NULL)
    *args->count = n;
  return g_strdup_printf ("%.6s-%06" G_GUINT64_FORMAT, self->site_id, n);

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  return NULL;
}

char *
jz_store_next_number (JzStore     *self,
                      const char  *series,
                      GError     **error)
{
  MetaArgs args = { series, NULL, NULL };

  return _jz_store_call (self, next_number_on_thread, &args, error);
}

/**
 * jz_store_next_count:
 * @series: the counter, e.g. "certificate:2026"
 * @count: (out): the next number of @series on this device, from 1
 *
 * jz_store_next_number() for a caller that writes the number its own way
 * (with jz_store_get_site_id() to keep it unique across devices).
 */
gboolean
jz_store_next_count (JzStore     *self,
                     const char  *series,
                     guint64     *count,
                     GError     **error)
{
  MetaArgs args = { series, NULL, count };
  g_autofree char *number = _jz_store_call (self, next_number_on_thread, &args, error);

  return number != NULL;
}
