/* jz-county.c — the county server's store: its database (county.db or
 * PostgreSQL), settings, users, review (the schema: jz-county-schema.c;
 * enrolment and devices: jz-county-devices.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server tables live in the store's database beside the replica's
 * own tables. Everything that writes runs on the store's thread, so the
 * server has a single writer and the change feed's order is the commit
 * order; on PostgreSQL, where several server processes may share the
 * database, every writer takes one lock first (docs/postgresql.md).
 * Administration commands run in other processes against the same
 * database; short transactions keep them from getting in the way of the
 * server.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "jz-county-private.h"
#if JZ_HAVE_POSTGRESQL
#include "jz-db-pg.h"
#endif
#include "jz-id-number.h"
#include "jz-profile.h"
#include "jz-text.h"
#include "jz-uuid.h"

G_DEFINE_QUARK (jz-county-error-quark, jz_county_error)

G_DEFINE_FINAL_TYPE (JzCounty, jz_county, G_TYPE_OBJECT)

void
jz_county_device_free (JzCountyDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->site);
  g_free (device->name);
  g_free (device->user);
  g_free (device->role);
  g_free (device->area);
  g_free (device->identity);
  g_free (device->real_name);
  g_free (device->scope_key);
  g_free (device);
}

gint64
_jz_county_now_ms (JzCounty *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);
  return g_get_real_time () / 1000;
}

char *
_jz_county_sha256 (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* "Within" is strict containment: @area contains @division iff the
 * division starts with the area. A county 220102 contains the committee
 * code 220102005003, but the committee 220102005003 does not contain a
 * record that only says 220102: that record could be anywhere in the
 * district (docs/server.md, "Scopes"). */
gboolean
_jz_county_area_contains (const char *area,
                          const char *division)
{
  if (area == NULL || division == NULL || *area == '\0' || *division == '\0')
    return FALSE;
  return g_str_has_prefix (division, area);
}

gboolean
jz_county_role_is_valid (const char *role)
{
  return role != NULL && jz_role_from_name (role) != 0;
}

gboolean
jz_county_area_is_valid (const char *area)
{
  gsize n = area ? strlen (area) : 0;

  if (n < 2 || n > 12)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (area[i]))
      return FALSE;
  return TRUE;
}

/* K7QF-2MXD-9TBA, k7qf2mxd9tba and "K7QF 2MXD 9TBA" are the same code. */
char *
jz_county_normalise_code (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code ? code : ""; *p; p++)
    if (*p != '-' && *p != ' ')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static char *
format_time (gint64 unix_ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_ms <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (unix_ms / 1000);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

void
_jz_county_set_time_member (JsonObject *o,
                            const char *member,
                            gint64      unix_ms)
{
  g_autofree char *text = format_time (unix_ms);

  if (text != NULL)
    json_object_set_string_member (o, member, text);
  else
    json_object_set_null_member (o, member);
}

char *
_jz_county_read_meta (JzStore     *store,
                      const char  *key,
                      GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store, "SELECT value FROM meta WHERE key = ?", error);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, key);
  if (jz_stmt_step (stmt) == JZ_DB_ROW && jz_stmt_column_text (stmt, 0) != NULL)
    value = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return value;
}

/* Before stamps were bounded, a device could push one from far in the
 * future (2^63 - 1), and the county's clock kept it: every device that
 * pulled it then stamped its edits past what a stamp can hold. The clock
 * is brought back to now; the change sets that carry such stamps are
 * counted in the log, for county IT to know of. */
static gpointer
clamp_clock_on_thread (JzStore  *store,
                       gpointer  data,
                       GError  **error)
{
  gint64 now = *(gint64 *) data;
  guint64 bound = JZ_HLC_FROM_MS (now + JZ_COUNTY_MAX_CLOCK_AHEAD_MS);
  JzStmt *stmt;
  gint64 ahead = 0;

  if (_jz_store_hlc (store)->last <= bound)
    return JZ_STORE_OK;

  stmt = _jz_store_stmt (store, "SELECT count(*) FROM change_set WHERE hlc > ? OR hlc < 0", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_int64 (stmt, 1, bound);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    ahead = jz_stmt_column_int64 (stmt, 0);
  jz_stmt_reset (stmt);
  g_warning ("the county's clock was in the future (a device stamped changes ahead of the server's "
             "time before this version refused them); it is back at the server's time. %" G_GINT64_FORMAT
             " change set(s) carry stamps from the future", ahead);
  _jz_store_hlc (store)->last = JZ_HLC_FROM_MS (now);
  return _jz_store_persist_hlc (store, error) ? JZ_STORE_OK : NULL;
}

static void
jz_county_dispose (GObject *object)
{
  JzCounty *self = JZ_COUNTY (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (jz_county_parent_class)->dispose (object);
}

static void
jz_county_finalize (GObject *object)
{
  JzCounty *self = JZ_COUNTY (object);

  if (self->auth_db != NULL)
    jz_db_close (self->auth_db);
  g_mutex_clear (&self->auth_lock);
  g_clear_pointer (&self->sign_key, jz_signing_key_free);
  g_mutex_clear (&self->sign_lock);
  g_free (self->data_dir);

  G_OBJECT_CLASS (jz_county_parent_class)->finalize (object);
}

static void
jz_county_class_init (JzCountyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jz_county_dispose;
  object_class->finalize = jz_county_finalize;
}

static void
jz_county_init (JzCounty *self)
{
  g_mutex_init (&self->auth_lock);
  g_mutex_init (&self->sign_lock);
}

/* The connection string of a county on PostgreSQL, kept in its data
 * directory (NULL, no error: the county is on SQLite). */
static char *
read_database (const char  *data_dir,
               GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, JZ_COUNTY_DATABASE_FILE, NULL);
  g_autoptr(GError) local_error = NULL;
  char *text = NULL;

  GStatBuf st;

  if (g_stat (path, &st) == 0 && (st.st_mode & 0077) != 0)
    {
      /* it may hold the database's password */
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "%s may be read by others (mode %03o); make it the server user's alone: chmod 600 %s",
                   path, (guint) (st.st_mode & 0777), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_strstrip (text);
  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "%s holds no PostgreSQL connection string", path);
      g_free (text);
      return NULL;
    }
  return text;
}

static JzStore *
open_store (const char  *data_dir,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *database = read_database (data_dir, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (database == NULL)
    return jz_store_open_file (data_dir, "county.db", error);

#if JZ_HAVE_POSTGRESQL
  {
    JzDbConn *engine = jz_db_pg_connect (database, error);

    if (engine == NULL)
      {
        g_autofree char *where = jz_db_pg_describe (database);

        g_prefix_error (error, "%s (%s): ", JZ_COUNTY_DATABASE_FILE, where);
        return NULL;
      }
    return jz_store_open_engine (data_dir, engine, error);
  }
#else
  g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
               "this county's database is PostgreSQL (%s/%s), and this juzhu-server "
               "was built without PostgreSQL", data_dir, JZ_COUNTY_DATABASE_FILE);
  return NULL;
#endif
}

/**
 * jz_county_open:
 * @data_dir: the server's data directory (created if missing)
 *
 * Opens (creates, upgrades) the county's database: DATA_DIR/county.db,
 * or the PostgreSQL database DATA_DIR/database names
 * (jz_county_use_database()).
 */
JzCounty *
jz_county_open (const char  *data_dir,
                GError     **error)
{
  g_autoptr(JzCounty) self = g_object_new (JZ_TYPE_COUNTY, NULL);

  self->data_dir = g_strdup (data_dir);
  self->store = open_store (data_dir, error);
  if (self->store == NULL)
    return NULL;
  if (_jz_store_call (self->store, _jz_county_migrate_on_thread, NULL, error) == NULL)
    return NULL;
  {
    gint64 now = _jz_county_now_ms (self);

    if (_jz_store_call (self->store, clamp_clock_on_thread, &now, error) == NULL)
      return NULL;
  }

  /* a database of an older version gets its epoch now */
  {
    g_autofree char *epoch = jz_county_get_epoch (self, error);

    if (epoch == NULL)
      return NULL;
  }

  self->auth_db = _jz_store_open_reader (self->store, error);
  if (self->auth_db == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * jz_county_use_database:
 * @data_dir: a server's data directory, new or on this database already
 * @uri: a libpq connection string or URI (postgresql://…)
 *
 * Keeps @uri in DATA_DIR/database (0600: it may hold a password), so that
 * jz_county_open() uses that PostgreSQL database from now on. Refused for
 * a data directory that has a county on SQLite, or on another database:
 * nothing is moved between them.
 */
gboolean
jz_county_use_database (const char  *data_dir,
                        const char  *uri,
                        GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, JZ_COUNTY_DATABASE_FILE, NULL);
  g_autofree char *sqlite = g_build_filename (data_dir, "county.db", NULL);
  g_autofree char *current = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

#if !JZ_HAVE_POSTGRESQL
  g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
               "this juzhu-server was built without PostgreSQL");
  return FALSE;
#endif
  if (uri == NULL || *uri == '\0' || strchr (uri, '\n') != NULL || !g_utf8_validate (uri, -1, NULL))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "--database: give a PostgreSQL connection string, postgresql://USER@HOST/DBNAME");
      return FALSE;
    }
  if (g_file_test (sqlite, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "%s has a county on SQLite (county.db); give PostgreSQL a new data directory",
                   data_dir);
      return FALSE;
    }
  current = read_database (data_dir, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (current != NULL)
    {
      if (g_str_equal (current, uri))
        return TRUE;
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "%s is the data directory of another database already (%s)", data_dir, path);
      return FALSE;
    }
#if JZ_HAVE_POSTGRESQL
  {
    /* kept only once it answers: a string that does not work is not
     * left behind, nor does it stand in the way of the right one */
    JzDbConn *probe = jz_db_pg_connect (uri, error);

    if (probe == NULL)
      {
        g_autofree char *where = jz_db_pg_describe (uri);

        g_prefix_error (error, "--database (%s): ", where);
        return FALSE;
      }
    jz_db_close (probe);
  }
#endif
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create the data directory %s: %s", data_dir, g_strerror (saved));
      return FALSE;
    }
  text = g_strconcat (uri, "\n", NULL);
  return g_file_set_contents_full (path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

JzStore *
jz_county_get_store (JzCounty *self)
{
  g_return_val_if_fail (JZ_IS_COUNTY (self), NULL);
  return self->store;
}

/* For tests: expiry of codes, stamps of the server. */
void
jz_county_set_clock (JzCounty    *self,
                     JzClockFunc  clock,
                     gpointer     user_data)
{
  g_return_if_fail (JZ_IS_COUNTY (self));
  self->clock = clock;
  self->clock_data = user_data;
  jz_store_set_clock (self->store, clock, user_data);
}

/* ---- settings ----------------------------------------------------------- */

gboolean
jz_county_setup (JzCounty    *self,
                 const char  *profile,
                 const char  *county_area,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (JZ_IS_COUNTY (self), FALSE);

  if (profile != NULL)
    {
      g_autoptr(GObject) loaded = (GObject *) jz_profile_load (profile, &local_error);

      if (loaded == NULL)
        {
          g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                       "--profile %s: %s", profile, local_error->message);
          return FALSE;
        }
    }
  if (county_area != NULL && !jz_county_area_is_valid (county_area))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "--county %s: not a division code (2 to 12 digits, such as 220102)",
                   county_area);
      return FALSE;
    }

  if (profile == NULL && !jz_county_is_initialised (self))
    profile = JZ_COUNTY_DEFAULT_PROFILE;
  if (profile != NULL && !jz_store_set_meta (self->store, "county_profile", profile, error))
    return FALSE;
  if (county_area != NULL && !jz_store_set_meta (self->store, "county_area", county_area, error))
    return FALSE;
  return TRUE;
}

gboolean
jz_county_is_initialised (JzCounty *self)
{
  g_autofree char *profile = jz_store_get_meta (self->store, "county_profile", NULL);

  return profile != NULL;
}

char *
jz_county_get_profile (JzCounty *self)
{
  char *profile = jz_store_get_meta (self->store, "county_profile", NULL);

  return profile ? profile : g_strdup (JZ_COUNTY_DEFAULT_PROFILE);
}

char *
jz_county_get_area (JzCounty *self)
{
  return jz_store_get_meta (self->store, "county_area", NULL);
}

/* ---- users -------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *role;
  const char *area;
  const char *identity;
  const char *real_name;
  gint64      now;
} UserArgs;

static gpointer
user_add_on_thread (JzStore  *store,
                    gpointer  data,
                    GError  **error)
{
  UserArgs *args = data;
  JzStmt *stmt;
  int rc;

  stmt = _jz_store_stmt (store,
                         "INSERT INTO county_user (name, role, area, created_at, identity, real_name) "
                         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", error);
  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, args->name);
  jz_stmt_bind_text (stmt, 2, args->role);
  jz_stmt_bind_text (stmt, 3, args->area);
  jz_stmt_bind_int64 (stmt, 4, args->now);
  jz_stmt_bind_text (stmt, 5, args->identity);
  jz_stmt_bind_text (stmt, 6, args->real_name);
  rc = jz_stmt_step (stmt);
  jz_stmt_reset (stmt);
  if (rc != JZ_DB_DONE)
    {
      _jz_store_set_sqlite_error (store, error);
      return NULL;
    }
  if (_jz_store_changes (store) == 0)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_EXISTS,
                   "there is already a user named %s", args->name);
      return NULL;
    }
  return JZ_STORE_OK;
}

static gboolean
user_name_is_valid (const char *name)
{
  gsize n = name ? strlen (name) : 0;

  if (n == 0 || n > 64 || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p++)
    if ((guchar) *p <= ' ' || *p == '\x7f')
      return FALSE;
  return TRUE;
}

static gboolean
real_name_is_valid (const char *name)
{
  gboolean printable = FALSE;

  if (name == NULL || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 100)
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        return FALSE;
      printable |= !g_unichar_isspace (c);
    }
  return printable;
}

/**
 * jz_county_user_add:
 * @identity: (nullable): a landlord's or employer's ID number or unified
 *   social credit code; required for those roles, refused for the others
 * @real_name: (nullable): the name the user's documents carry: a
 *   landlord's or employer's own (required with @identity), a station's
 *   ("红旗社区居委会", optional) on its 凭证 and receipts
 */
gboolean
jz_county_user_add (JzCounty    *self,
                    const char  *name,
                    const char  *role,
                    const char  *area,
                    const char  *identity,
                    const char  *real_name,
                    GError     **error)
{
  char normalized[19] = "";
  g_autoptr(GError) id_error = NULL;
  UserArgs args = { name, role, area, NULL, real_name, _jz_county_now_ms (self) };
  gboolean party;

  if (!user_name_is_valid (name))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "user name “%s”: 1 to 64 bytes of UTF-8 without spaces", name ? name : "");
      return FALSE;
    }
  if (!jz_county_role_is_valid (role))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "--role %s: one of committee, landlord, employer, county", role ? role : "(none)");
      return FALSE;
    }
  if (!jz_county_area_is_valid (area))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "--area %s: not a division code (2 to 12 digits, such as 220102 or 220102005)",
                   area ? area : "(none)");
      return FALSE;
    }
  party = (jz_role_from_name (role) & (JZ_ROLE_LANDLORD | JZ_ROLE_EMPLOYER)) != 0;
  if (party && (identity == NULL || *identity == '\0'))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "--identity: a %s's account names who it is: their ID number, or the "
                   "unified social credit code of a company", role);
      return FALSE;
    }
  if (!party && identity != NULL)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   "--identity is for landlord and employer accounts, not a %s's", role);
      return FALSE;
    }
  if (identity != NULL && !jz_party_id_parse (identity, NULL, normalized, &id_error))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID, "--identity: %s", id_error->message);
      return FALSE;
    }
  if ((party || real_name != NULL) && !real_name_is_valid (real_name))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID,
                   party ? "--real-name: the %s's name as their proofs carry it (1 to 100 characters)"
                         : "--real-name: the %s's name as its documents carry it (1 to 100 characters)", role);
      return FALSE;
    }
  args.identity = identity != NULL ? normalized : NULL;
  return _jz_store_call (self->store, user_add_on_thread, &args, error) != NULL;
}

static gpointer
user_list_on_thread (JzStore  *store,
                     gpointer  data,
                     GError  **error)
{
  JzStmt *stmt;
  GPtrArray *out;

  stmt = _jz_store_stmt (store,
                         "SELECT u.name, u.role, u.area, u.created_at, "
                         "  (SELECT count(*) FROM county_device d WHERE d.user = u.name AND d.revoked_at IS NULL), "
                         "  u.identity, u.real_name "
                         "FROM county_user u ORDER BY u.name", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "name", jz_stmt_column_text (stmt, 0));
      json_object_set_string_member (o, "role", jz_stmt_column_text (stmt, 1));
      json_object_set_string_member (o, "area", jz_stmt_column_text (stmt, 2));
      _jz_county_set_time_member (o, "created", jz_stmt_column_int64 (stmt, 3));
      json_object_set_int_member (o, "devices", jz_stmt_column_int64 (stmt, 4));
      if (!jz_stmt_column_is_null (stmt, 5))
        json_object_set_string_member (o, "identity", jz_stmt_column_text (stmt, 5));
      if (!jz_stmt_column_is_null (stmt, 6))
        json_object_set_string_member (o, "real_name", jz_stmt_column_text (stmt, 6));
      g_ptr_array_add (out, o);
    }
  jz_stmt_reset (stmt);
  return out;
}

/* JSON objects {name, role, area, created, devices, identity?, real_name?}. */
GPtrArray *
jz_county_user_list (JzCounty  *self,
                     GError   **error)
{
  return _jz_store_call (self->store, user_list_on_thread, NULL, error);
}

gboolean
_jz_county_user_exists (JzStore     *store,
                        const char  *name,
                        GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store, "SELECT 1 FROM county_user WHERE name = ?", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, name);
  found = jz_stmt_step (stmt) == JZ_DB_ROW;
  jz_stmt_reset (stmt);
  if (!found)
    g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_NOT_FOUND,
                 "no user named %s (see juzhu-server user list)", name);
  return found;
}

/* ---- review --------------------------------------------------------------- */

GPtrArray *
jz_county_conflicts (JzCounty  *self,
                     GError   **error)
{
  return jz_store_conflicts (self->store, NULL, error);
}

static gpointer
duplicates_on_thread (JzStore  *store,
                      gpointer  data,
                      GError  **error)
{
  JzStmt *stmt;
  GPtrArray *out;

  stmt = _jz_store_stmt (store,
                         "SELECT id_number, person_a, person_b, site_a, site_b, found_at "
                         "FROM county_review WHERE kind = 'duplicate' ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id_number", jz_stmt_column_text (stmt, 0));
      json_object_set_string_member (o, "person_a", jz_stmt_column_text (stmt, 1));
      json_object_set_string_member (o, "person_b", jz_stmt_column_text (stmt, 2));
      json_object_set_string_member (o, "site_a", jz_stmt_column_text (stmt, 3));
      json_object_set_string_member (o, "site_b", jz_stmt_column_text (stmt, 4));
      _jz_county_set_time_member (o, "found", jz_stmt_column_int64 (stmt, 5));
      g_ptr_array_add (out, o);
    }
  jz_stmt_reset (stmt);
  return out;
}

/* Business duplicates: JSON objects {id_number (unmasked), person_a,
 * person_b, site_a, site_b, found}. Callers mask the number for display. */
GPtrArray *
jz_county_duplicates (JzCounty  *self,
                      GError   **error)
{
  return _jz_store_call (self->store, duplicates_on_thread, NULL, error);
}
