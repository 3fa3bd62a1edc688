/* jz-county-sync.c — push and pull on the county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A push is checked whole before anything is applied (a malformed change
 * set fails the request with nothing stored), then applied in one
 * transaction, each change set under its own savepoint so that a rejected
 * one is undone alone. Scope, roles and the workflow are judged against
 * the server's state at apply time, never the device's.
 *
 * Scope is decided per person (docs/server.md): county_record_person maps
 * every record to its person, county_access lists the areas and users a
 * person is visible to. The change feed (county_feed) is in commit order;
 * pull filters it by the puller's scope as it is now, and a person who
 * enters a new area has their earlier change sets appended to the feed
 * again so that the devices of that area get them.
 */
#include "config.h"

#include <string.h>

#include "jz-county-private.h"
#include "jz-test-crash.h"
#include "jz-uuid.h"

typedef struct
{
  gint64       seq;
  JzChangeSet *cs;
} PushItem;

static void
push_item_free (PushItem *item)
{
  jz_change_set_free (item->cs);
  g_free (item);
}

/* ---- the request, checked whole ------------------------------------------ */

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
invalid (GError    **error,
         const char *path,
         const char *what)
{
  g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD, "%s: %s", path, what);
  return FALSE;
}

static PushItem *
parse_item (JsonNode  *node,
            guint      index,
            GError   **error)
{
  g_autofree char *path = g_strdup_printf ("changes[%u]", index);
  PushItem *item;
  gint64 seq = 0;
  JzChangeSet *cs = jz_change_set_read (node, path, "seq", &seq, error);

  if (cs == NULL)
    return NULL;
  item = g_new0 (PushItem, 1);
  item->seq = seq;
  item->cs = cs;
  return item;
}

static GPtrArray *
parse_push (JsonNode  *body,
            GError   **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) push_item_free);
  g_autoptr(GHashTable) stamps = NULL;
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonArray *changes;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED,
                   "the body must be a JSON object {\"changes\": [...]}");
      return NULL;
    }
  o = json_node_get_object (body);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    if (!g_str_equal (member, "changes"))
      {
        g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNKNOWN_FIELD,
                     "%s: unknown member of a push", member);
        return NULL;
      }
  if (!json_object_has_member (o, "changes"))
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED,
                   "changes: missing; the body must be a JSON object {\"changes\": [...]}");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "changes")))
    {
      invalid (error, "changes", "expected a list of change sets");
      return NULL;
    }
  changes = json_object_get_array_member (o, "changes");
  if (json_array_get_length (changes) > JZ_PROTOCOL_MAX_PUSH_CHANGES)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_TOO_LARGE,
                   "a push carries at most %d change sets (got %u)",
                   JZ_PROTOCOL_MAX_PUSH_CHANGES, json_array_get_length (changes));
      return NULL;
    }

  stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      PushItem *item = parse_item (json_array_get_element (changes, i), i, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
      g_hash_table_add (stamps, jz_stamp_format (item->cs->hlc, item->cs->site));
    }
  if (g_hash_table_size (stamps) > JZ_PROTOCOL_MAX_PUSH_SAVES)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_TOO_LARGE,
                   "a push carries at most %d saves, change sets sharing one stamp (got %u)",
                   JZ_PROTOCOL_MAX_PUSH_SAVES, g_hash_table_size (stamps));
      return NULL;
    }
  return g_steal_pointer (&items);
}

/**
 * jz_county_check_push:
 * @n_changes: (out) (optional): how many change sets it carries
 *
 * Checks a push body's shape as jz_county_push() does, applying nothing:
 * for tests and the fuzz target (tests/fuzz/).
 */
gboolean
jz_county_check_push (JsonNode  *body,
                      guint     *n_changes,
                      GError   **error)
{
  g_autoptr(GPtrArray) items = parse_push (body, error);

  if (items == NULL)
    return FALSE;
  if (n_changes != NULL)
    *n_changes = items->len;
  return TRUE;
}

/* ---- applying ------------------------------------------------------------ */

typedef struct
{
  JzCountyDevice *device;
  GPtrArray      *items;
  gint64          now;
  char           *blobs_dir;      /* DATA_DIR/blobs */

  /* on the store thread */
  GHashTable     *entered;        /* persons visible to someone new */
  JsonObject     *out;
} PushArgs;

typedef struct
{
  const char *code;
  char       *reason;
  GPtrArray  *problems;   /* JzProblem, or NULL */
} Rejection;

static void
rejection_clear (Rejection *r)
{
  g_clear_pointer (&r->reason, g_free);
  g_clear_pointer (&r->problems, g_ptr_array_unref);
}

static const char *
parent_field (const char *rtype)
{
  const JzRecordType *type = jz_model_lookup (rtype);

  return type ? jz_record_type_parent (type) : NULL;
}

static const char *
edit_string (JsonObject *edits,
             const char *field)
{
  JsonNode *node = json_object_get_member (edits, field);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "v");
  return is_string (node) ? json_node_get_string (node) : NULL;
}

static char *
stored_person (JzStore     *store,
               const char  *record,
               GError     **error)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store, "SELECT person FROM county_record_person WHERE record = ?", error);
  char *person = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    person = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return person;
}

/* The person a record belongs to: the one the server knows for it, or,
 * for a new record, the one its parent belongs to (a person's own record
 * is the person). The parent is applied before its children (see
 * push_on_thread), so it is known by now, or nobody knows it. */
static char *
resolve_person (JzStore    *store,
                const char *record,
                const char *rtype,
                const char *parent)
{
  char *person;

  if (g_str_equal (rtype, "person"))
    return g_strdup (record);
  if ((person = stored_person (store, record, NULL)) != NULL)
    return person;
  if (parent == NULL)
    return NULL;
  if (g_str_equal (parent_field (rtype), "person_id"))
    return g_strdup (parent);
  return stored_person (store, parent, NULL);
}

static gboolean
person_known (JzStore     *store,
              const char  *person,
              GError     **error)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store, "SELECT 1 FROM county_access WHERE person = ? LIMIT 1", error);
  gboolean known;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return known;
}

static gboolean
person_in_scope (JzStore              *store,
                 const JzCountyDevice *device,
                 const char           *person)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (_jz_county_role_by_area (device))
    {
      stmt = _jz_store_stmt (store, "SELECT area FROM county_access WHERE person = ?", NULL);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
      while (!found && sqlite3_step (stmt) == SQLITE_ROW)
        found = _jz_county_area_contains (device->area, (const char *) sqlite3_column_text (stmt, 0));
    }
  else
    {
      stmt = _jz_store_stmt (store, "SELECT 1 FROM county_access WHERE person = ? AND user = ?", NULL);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, device->user, -1, SQLITE_TRANSIENT);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_reset (stmt);
  return found;
}

#define REJECT(r, c, ...) \
  G_STMT_START { (r)->code = (c); (r)->reason = g_strdup_printf (__VA_ARGS__); return FALSE; } G_STMT_END

static char *
format_ms (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (CLAMP (ms / 1000, 0, G_GINT64_CONSTANT (253402300799)));

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
}

/* A stamp the server takes: within the 48-bit millisecond range and no
 * further ahead of the server's time than JZ_COUNTY_MAX_CLOCK_AHEAD_MS. A
 * device whose clock is wrong by more is told to set it; a forged stamp
 * cannot win every later last-writer-wins, nor move the county's clock
 * and, through it, every device's. */
static gboolean
check_stamps (PushArgs    *args,
              JzChangeSet *cs,
              Rejection   *r)
{
  gint64 bound = args->now + JZ_COUNTY_MAX_CLOCK_AHEAD_MS;
  JsonObjectIter iter;
  const char *field;
  JsonNode *node;

  if (cs->hlc > JZ_HLC_MAX || JZ_HLC_MS (cs->hlc) > bound)
    {
      g_autofree char *when = format_ms (JZ_HLC_MS (MIN (cs->hlc, JZ_HLC_MAX)));
      g_autofree char *now = format_ms (args->now);

      REJECT (r, JZ_PROBLEM_CLOCK,
              "%s %s: stamped %s, more than %d hours after the county server's time (%s); "
              "set the device's date and time, then enter the change again",
              cs->rtype, cs->record, when, (int) (JZ_COUNTY_MAX_CLOCK_AHEAD_MS / 3600000), now);
    }

  /* an edit is made after what it saw: its parents are older than it */
  json_object_iter_init (&iter, cs->edits);
  while (json_object_iter_next (&iter, &field, &node))
    {
      JsonArray *parents;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), "p"))
        continue;
      parents = json_object_get_array_member (json_node_get_object (node), "p");
      for (guint i = 0; i < json_array_get_length (parents); i++)
        {
          guint64 hlc = 0;

          /* A parent newer than its edit is an honest device's only when
           * it set its clock back after stamping (a parent the server
           * refused, then); one from beyond the bound is forged. */
          jz_stamp_parse (json_array_get_string_element (parents, i), &hlc, NULL);
          if (hlc > JZ_HLC_MAX || JZ_HLC_MS (hlc) > bound)
            REJECT (r, JZ_PROBLEM_CLOCK,
                    "%s %s: %s.p[%u]: the stamp of an edit it replaces is from after the county "
                    "server's time", cs->rtype, cs->record, field, i);
        }
    }
  return TRUE;
}

/* The user who filed @record (county_record_owner), or NULL. */
static char *
record_owner (JzStore    *store,
              const char *record)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store, "SELECT user FROM county_record_owner WHERE record = ?", NULL);
  char *user = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    user = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return user;
}

/* The photos a change set names. */
static void
collect_photos (const JzRecordType *type,
                JsonNode *const    *values,
                GPtrArray          *out)
{
  for (guint i = 0; i < type->n_fields; i++)
    {
      JsonNode *v = values[i];

      if (v == NULL || JSON_NODE_HOLDS_NULL (v))
        continue;
      if (type->fields[i].kind == JZ_FIELD_PHOTO)
        g_ptr_array_add (out, (gpointer) json_node_get_string (v));
      else if (type->fields[i].kind == JZ_FIELD_PHOTO_LIST)
        {
          JsonArray *a = json_node_get_array (v);

          for (guint k = 0; k < json_array_get_length (a); k++)
            g_ptr_array_add (out, (gpointer) json_array_get_string_element (a, k));
        }
    }
}

/* A photo the server holds may be named by the device that sent it, or by
 * one that can see it already: a hash learnt elsewhere opens nothing. */
static gboolean
photo_usable (JzStore              *store,
              PushArgs             *args,
              const char           *sha256)
{
  const JzCountyDevice *device = args->device;
  char a[3] = { sha256[0], sha256[1], '\0' };
  char b[3] = { sha256[2], sha256[3], '\0' };
  g_autofree char *path = g_build_filename (args->blobs_dir, a, b, sha256, NULL);
  sqlite3_stmt *stmt;
  gboolean ok;

  /* not sent yet: whoever sends it later owns it */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  stmt = _jz_store_stmt (store,
                         _jz_county_role_by_area (device)
                         ? "SELECT 1 FROM county_blob_upload WHERE sha256 = ?1 AND site = ?2 "
                           "UNION ALL SELECT 1 FROM county_blob_ref r JOIN county_access a "
                           "ON a.person = r.person WHERE r.sha256 = ?1 AND "
                           "substr (a.area, 1, length (?3)) = ?3 LIMIT 1"
                         : "SELECT 1 FROM county_blob_upload WHERE sha256 = ?1 AND site = ?2 "
                           "UNION ALL SELECT 1 FROM county_blob_ref r JOIN county_access a "
                           "ON a.person = r.person WHERE r.sha256 = ?1 AND a.user = ?3 LIMIT 1",
                         NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, device->site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _jz_county_role_by_area (device) ? device->area : device->user, -1,
                     SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return ok;
}

typedef struct
{
  const JzRecordType *type;
  JsonNode          **values;   /* validated, per field */
} Checked;

static void
checked_clear (Checked *c)
{
  if (c->values != NULL)
    for (guint i = 0; i < c->type->n_fields; i++)
      g_clear_pointer (&c->values[i], json_node_unref);
  g_clear_pointer (&c->values, g_free);
}

/* Every check of one change set against the server's state: the device's
 * own (jz-store-check.c), then the stamps, the scope and the photos.
 * Returns FALSE with @r filled when it is rejected; @person gets the
 * person it belongs to, @c the validated values. */
static gboolean
check_change_set (JzStore     *store,
                  PushArgs    *args,
                  JzChangeSet *cs,
                  char       **person,
                  Checked     *c,
                  Rejection   *r)
{
  const JzCountyDevice *device = args->device;
  const JzRecordType *type = jz_model_lookup (cs->rtype);
  const char *parent_name = parent_field (cs->rtype);
  g_autoptr(GPtrArray) problems = jz_problems_new ();
  g_autoptr(GPtrArray) photos = g_ptr_array_new ();
  g_autoptr(JsonObject) current = NULL;
  JzCheckActor actor = { jz_role_from_name (device->role), NULL };
  const char *division, *stored;
  gboolean exists, known;
  JsonObjectIter iter;
  const char *field;
  JsonNode *node;

  if (g_strcmp0 (cs->site, device->site) != 0)
    REJECT (r, "wrong_site", "%s %s: site %s is not this device's site %s",
            cs->rtype, cs->record, cs->site, device->site);
  if (!check_stamps (args, cs, r))
    return FALSE;

  c->type = type;
  c->values = g_new0 (JsonNode *, type->n_fields);
  json_object_iter_init (&iter, cs->edits);
  while (json_object_iter_next (&iter, &field, &node))
    {
      const JzFieldDef *def = jz_record_type_field (type, field);

      if (def == NULL)
        {
          jz_problems_add (problems, field, JZ_PROBLEM_UNKNOWN_FIELD,
                           "%s: a %s has no field “%s”", field, cs->rtype, field);
          continue;
        }
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), "v");
      c->values[def - type->fields] = _jz_store_check_field (store, type, def, node, problems);
    }

  stored = _jz_store_record_type (store, cs->record);
  if (g_strcmp0 (stored, type->name) == 0)
    current = _jz_store_read_record (store, type, cs->record, NULL);
  _jz_store_check_change (store, &actor, type, cs->record, current, c->values, problems);
  if (problems->len > 0)
    {
      JzProblem *first = problems->pdata[0];
      g_autofree char *text = jz_problems_join (problems, "; ");

      r->code = g_intern_string (first->code);
      r->reason = g_strdup_printf ("%s %s: %s", cs->rtype, cs->record, text);
      r->problems = g_steal_pointer (&problems);
      return FALSE;
    }

  *person = resolve_person (store, cs->record, cs->rtype,
                            parent_name ? edit_string (cs->edits, parent_name) : NULL);
  if (*person == NULL)
    REJECT (r, "out_of_scope", "%s %s: its %s is not known to the server; push that first",
            cs->rtype, cs->record, parent_name ? parent_name : "person");

  exists = current != NULL;
  known = person_known (store, *person, NULL);
  division = jz_record_type_field (type, "residence_division")
    ? edit_string (cs->edits, "residence_division") : NULL;

  /* every role files within its own area: a landlord of one district does
   * not fill another committee's list */
  if (division != NULL && !_jz_county_area_contains (device->area, division))
    {
      /* A shorter code of the same district says too little: the record
       * would be visible to the whole district but not to the committee. */
      if (g_str_has_prefix (device->area, division))
        REJECT (r, "out_of_scope",
                "%s %s: residence division %s is not precise enough for this device's area %s; "
                "file it with the committee's full division code %s",
                cs->rtype, cs->record, division, device->area, device->area);
      REJECT (r, "out_of_scope", "%s %s: residence division %s is outside this device's area %s",
              cs->rtype, cs->record, division, device->area);
    }
  if (known && !person_in_scope (store, device, *person))
    {
      /* A committee may file a new registration in its area for a person
       * from elsewhere (someone moving in): the person then enters its
       * scope. Only a registration: an application or an endorsement is
       * for a person in the committee's scope already. */
      gboolean moving_in = jz_role_from_name (device->role) == JZ_ROLE_COMMITTEE && !exists && division != NULL &&
                           g_str_equal (cs->rtype, "registration");

      if (!moving_in)
        REJECT (r, "out_of_scope", "%s %s: person %s is outside this device's scope (%s %s)",
                cs->rtype, cs->record, *person, device->role,
                _jz_county_role_by_area (device) ? device->area : device->user);
    }

  /* A landlord or employer changes what its user filed, nothing else: not
   * the station's registration of its tenant, not another landlord's. */
  if (exists && (jz_role_from_name (device->role) & (JZ_ROLE_LANDLORD | JZ_ROLE_EMPLOYER)) != 0)
    {
      g_autofree char *owner = record_owner (store, cs->record);

      if (owner != NULL && !g_str_equal (owner, device->user))
        REJECT (r, JZ_PROBLEM_ROLE, "%s %s: filed by another user (%s); a %s's device changes only "
                "what its user filed", cs->rtype, cs->record, owner, device->role);
    }

  collect_photos (type, c->values, photos);
  for (guint i = 0; i < photos->len; i++)
    if (!photo_usable (store, args, photos->pdata[i]))
      REJECT (r, "out_of_scope", "%s %s: photo %.12s… belongs to records outside this device's "
              "scope, and this device did not send it", cs->rtype, cs->record,
              (const char *) photos->pdata[i]);

  return TRUE;
}

#undef REJECT

static gboolean
add_access (JzStore     *store,
            PushArgs    *args,
            const char  *person,
            const char  *area,
            const char  *user,
            GError     **error)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store,
                                       "INSERT OR IGNORE INTO county_access (person, area, user) VALUES (?, ?, ?)",
                                       error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, area, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, user, -1, SQLITE_TRANSIENT);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;
  if (_jz_store_changes (store) > 0)
    g_hash_table_add (args->entered, g_strdup (person));
  return TRUE;
}

static char *
creating_site (JzStore    *store,
               const char *record)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store,
                                       "SELECT site FROM change_set WHERE record = ? ORDER BY hlc, site LIMIT 1",
                                       NULL);
  char *site = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    site = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return site;
}

/* The same ID number on persons created on two devices: not a sync
 * duplicate but a business one, for someone to review. */
static gboolean
flag_duplicates (JzStore     *store,
                 const char  *person,
                 gint64       now,
                 GError     **error)
{
  g_autofree char *id_number = NULL;
  g_autofree char *site = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = _jz_store_stmt (store, "SELECT id_number FROM person WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    id_number = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (id_number == NULL)
    return TRUE;

  stmt = _jz_store_stmt (store, "SELECT id FROM person WHERE id_number = ? AND id <> ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (others, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (others->len == 0)
    return TRUE;

  site = creating_site (store, person);
  for (guint i = 0; i < others->len; i++)
    {
      const char *other = others->pdata[i];
      g_autofree char *other_site = creating_site (store, other);
      gboolean first = strcmp (person, other) < 0;

      if (g_strcmp0 (site, other_site) == 0)
        continue;
      stmt = _jz_store_stmt (store,
                             "INSERT OR IGNORE INTO county_review "
                             "(kind, id_number, person_a, person_b, site_a, site_b, found_at) "
                             "VALUES ('duplicate', ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, first ? person : other, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, first ? other : person, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, first ? site : other_site, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, first ? other_site : site, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, now);
      if (!_jz_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_change_set (JzStore     *store,
                  PushArgs    *args,
                  JzChangeSet *cs,
                  Checked     *c,
                  const char  *person,
                  GError     **error)
{
  const JzRecordType *type = jz_model_lookup (cs->rtype);
  g_autoptr(GPtrArray) photos = g_ptr_array_new ();
  const char *division;
  gboolean inserted = FALSE, fresh = FALSE;
  sqlite3_stmt *stmt;
  gint64 cs_id;

  if (!_jz_store_write_remote_change_set (store, cs, &inserted, &fresh, error))
    return FALSE;
  cs_id = _jz_store_last_rowid (store);
  jz_hlc_observe (_jz_store_hlc (store), cs->hlc);
  /* a new record is derived from this change set alone */
  if (!_jz_store_materialise_from (store, type, cs->record, fresh ? cs : NULL, error))
    return FALSE;

  stmt = _jz_store_stmt (store, "INSERT OR IGNORE INTO county_record_person (record, person) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cs->record, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person, -1, SQLITE_TRANSIENT);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;

  /* who filed it: the first to write it */
  stmt = _jz_store_stmt (store, "INSERT OR IGNORE INTO county_record_owner (record, user) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cs->record, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, args->device->user, -1, SQLITE_TRANSIENT);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;

  /* The filer's area and user see it; so does the area it is filed in. */
  if (!add_access (store, args, person, args->device->area, args->device->user, error))
    return FALSE;
  division = jz_record_type_field (type, "residence_division")
    ? edit_string (cs->edits, "residence_division") : NULL;
  if (division != NULL && !add_access (store, args, person, division, "", error))
    return FALSE;

  /* the photos it names are now the person's (who may read them) */
  collect_photos (type, c->values, photos);
  for (guint i = 0; i < photos->len; i++)
    {
      stmt = _jz_store_stmt (store, "INSERT OR IGNORE INTO county_blob_ref (sha256, person) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, photos->pdata[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, person, -1, SQLITE_TRANSIENT);
      if (!_jz_store_step_done (store, stmt, error))
        return FALSE;
    }

  stmt = _jz_store_stmt (store, "INSERT INTO county_feed (cs, person) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cs_id);
  sqlite3_bind_text (stmt, 2, person, -1, SQLITE_TRANSIENT);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;

  if (g_str_equal (cs->rtype, "person"))
    return flag_duplicates (store, person, args->now, error);
  return TRUE;
}

/* SAVEPOINT, RELEASE and ROLLBACK TO, three per change set: prepared once
 * rather than parsed by sqlite3_exec() each time. */
static gboolean
savepoint (JzStore     *store,
           const char  *sql,
           GError     **error)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store, sql, error);

  return stmt != NULL && _jz_store_step_done (store, stmt, error);
}

static gboolean
record_received (JzStore     *store,
                 const char  *site,
                 gint64       seq,
                 const char  *status,
                 Rejection   *r,
                 GError     **error)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store,
                                       "INSERT OR IGNORE INTO county_received (site, seq, status, code, reason) "
                                       "VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_text (stmt, 3, status, -1, SQLITE_STATIC);
  if (r != NULL)
    {
      sqlite3_bind_text (stmt, 4, r->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, r->reason, -1, SQLITE_TRANSIENT);
    }
  return _jz_store_step_done (store, stmt, error);
}

static JsonObject *
result_new (gint64      seq,
            const char *status,
            const char *code,
            const char *reason)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "seq", seq);
  json_object_set_string_member (o, "status", status);
  if (code != NULL)
    {
      json_object_set_string_member (o, "code", code);
      json_object_set_string_member (o, "reason", reason ? reason : "");
    }
  return o;
}

/* A rejection, with its problems as data: {"field", "code", "message"}. */
static JsonObject *
result_rejected (gint64     seq,
                 Rejection *r)
{
  JsonObject *o = result_new (seq, "rejected", r->code, r->reason);
  JsonArray *list;

  if (r->problems == NULL)
    return o;
  list = json_array_new ();
  for (guint i = 0; i < r->problems->len; i++)
    {
      JzProblem *problem = r->problems->pdata[i];
      JsonObject *p = json_object_new ();

      if (problem->field != NULL)
        json_object_set_string_member (p, "field", problem->field);
      json_object_set_string_member (p, "code", problem->code);
      json_object_set_string_member (p, "message", problem->message);
      json_array_add_object_element (list, p);
    }
  json_object_set_array_member (o, "problems", list);
  return o;
}

/* One change set, under its own savepoint; its result goes to
 * @results[@index]. FALSE only for a database error, which fails the
 * whole push. */
static gboolean
push_one (JzStore    *store,
          PushArgs   *args,
          PushItem   *item,
          JsonObject **result,
          GError    **error)
{
  JzChangeSet *cs = item->cs;
  const char *site = args->device->site;
  sqlite3_stmt *stmt;
  g_autofree char *prev_status = NULL;
  g_autofree char *prev_code = NULL;
  g_autofree char *prev_reason = NULL;
  g_autofree char *person = NULL;
  Checked c = { 0 };
  gboolean seen, ok;
  Rejection r = { NULL, NULL, NULL };

  /* A seq already received: a replay after a lost answer. A rejection is
   * told again, so the device learns of it whichever answer it got. */
  stmt = _jz_store_stmt (store, "SELECT status, code, reason FROM county_received WHERE site = ? AND seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, item->seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      prev_status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      prev_code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      prev_reason = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (prev_status != NULL)
    {
      if (g_str_equal (prev_status, "rejected"))
        *result = result_new (item->seq, "rejected", prev_code, prev_reason);
      else
        *result = result_new (item->seq, "duplicate", NULL, NULL);
      return TRUE;
    }

  stmt = _jz_store_stmt (store, "SELECT 1 FROM change_set WHERE record = ? AND hlc = ? AND site = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cs->record, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) cs->hlc);
  sqlite3_bind_text (stmt, 3, cs->site, -1, SQLITE_TRANSIENT);
  seen = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (seen && g_strcmp0 (cs->site, site) == 0)
    {
      *result = result_new (item->seq, "duplicate", NULL, NULL);
      return record_received (store, site, item->seq, "duplicate", NULL, error);
    }

  if (!savepoint (store, "SAVEPOINT change_set", error))
    return FALSE;
  if (!check_change_set (store, args, cs, &person, &c, &r))
    {
      *result = result_rejected (item->seq, &r);
      checked_clear (&c);
      savepoint (store, "ROLLBACK TO change_set", NULL);
      ok = savepoint (store, "RELEASE change_set", error) &&
           record_received (store, site, item->seq, "rejected", &r, error);
      rejection_clear (&r);
      return ok;
    }
  ok = apply_change_set (store, args, cs, &c, person, error) &&
       record_received (store, site, item->seq, "ok", NULL, error) &&
       savepoint (store, "RELEASE change_set", error);
  checked_clear (&c);
  if (!ok)
    return FALSE;

  *result = result_new (item->seq, "ok", NULL, NULL);
  return TRUE;
}

static gboolean
advance_acked (JzStore     *store,
               const char  *site,
               gint64      *acked,
               GError     **error)
{
  sqlite3_stmt *stmt;

  *acked = 0;
  stmt = _jz_store_stmt (store, "SELECT acked_seq FROM county_site WHERE site = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *acked = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* The received seqs above the mark, in order: the mark moves up to the
   * first gap. */
  stmt = _jz_store_stmt (store, "SELECT seq FROM county_received WHERE site = ? AND seq > ? ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, *acked);
  while (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == *acked + 1)
    (*acked)++;
  sqlite3_reset (stmt);

  stmt = _jz_store_stmt (store,
                         "INSERT INTO county_site (site, acked_seq) VALUES (?1, ?2) "
                         "ON CONFLICT (site) DO UPDATE SET acked_seq = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, *acked);
  return _jz_store_step_done (store, stmt, error);
}

/* At-least-once: a person newly visible to an area or user has what was
 * fed before appended again, so that devices past those cursors get it. */
static gboolean
refeed (JzStore     *store,
        GHashTable  *entered,
        gint64       before,
        GError     **error)
{
  GHashTableIter iter;
  gpointer person;

  if (before == 0)
    return TRUE;
  g_hash_table_iter_init (&iter, entered);
  while (g_hash_table_iter_next (&iter, &person, NULL))
    {
      sqlite3_stmt *stmt =
        _jz_store_stmt (store,
                        "INSERT INTO county_feed (cs, person) "
                        "SELECT cs, person FROM county_feed WHERE person = ?1 AND seq <= ?2 "
                        "GROUP BY cs ORDER BY min (seq)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, before);
      if (!_jz_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
max_feed_seq (JzStore *store)
{
  sqlite3_stmt *stmt = _jz_store_stmt (store, "SELECT coalesce (max (seq), 0) FROM county_feed", NULL);
  gint64 seq = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return seq;
}

static gint64
server_hlc (JzStore *store,
            gint64   now_ms)
{
  return (gint64) MAX (_jz_store_hlc (store)->last, JZ_HLC_FROM_MS (now_ms));
}

static int
compare_seq (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  GPtrArray *items = data;
  gint64 sa = ((PushItem *) items->pdata[*(const guint *) a])->seq;
  gint64 sb = ((PushItem *) items->pdata[*(const guint *) b])->seq;

  return sa < sb ? -1 : sa > sb;
}

/* The order the change sets of a push are applied in: the device's order
 * (seq; a batch may arrive shuffled), but a record's parent before it (a
 * person and their registration may come in one push, in any order). A
 * child is then checked against its parent as applied, or rejected; a
 * cycle is left as it came. */
static guint *
push_order (GPtrArray *items)
{
  guint n = items->len;
  guint *order = g_new (guint, n);
  g_autofree guint *by_seq = g_new (guint, n);
  g_autofree gboolean *done = g_new0 (gboolean, n);
  g_autofree gint *prev_same = g_new (gint, n);
  g_autofree gint *parent_first = g_new (gint, n);
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  guint placed = 0;

  for (guint i = 0; i < n; i++)
    by_seq[i] = i;
  g_qsort_with_data (by_seq, (gint) n, sizeof (guint), compare_seq, items);

  /* per item: the one of the same record before it, and its parent's first */
  for (guint k = 0; k < n; k++)
    {
      guint i = by_seq[k];
      JzChangeSet *cs = ((PushItem *) items->pdata[i])->cs;
      gpointer at;

      prev_same[i] = g_hash_table_lookup_extended (last, cs->record, NULL, &at) ? GPOINTER_TO_INT (at) : -1;
      g_hash_table_insert (last, cs->record, GINT_TO_POINTER (i));
      if (!g_hash_table_contains (first, cs->record))
        g_hash_table_insert (first, cs->record, GINT_TO_POINTER (i));
    }
  for (guint i = 0; i < n; i++)
    {
      JzChangeSet *cs = ((PushItem *) items->pdata[i])->cs;
      const char *field = parent_field (cs->rtype);
      const char *parent = field ? edit_string (cs->edits, field) : NULL;
      gpointer at;

      parent_first[i] = parent != NULL && g_strcmp0 (parent, cs->record) != 0 &&
                        g_hash_table_lookup_extended (first, parent, NULL, &at) ? GPOINTER_TO_INT (at) : -1;
    }

  while (placed < n)
    {
      gboolean progress = FALSE;

      for (guint k = 0; k < n; k++)
        {
          guint i = by_seq[k];

          if (done[i] || (prev_same[i] >= 0 && !done[prev_same[i]]) ||
              (parent_first[i] >= 0 && !done[parent_first[i]]))
            continue;
          order[placed++] = i;
          done[i] = progress = TRUE;
        }
      if (!progress)
        for (guint k = 0; k < n; k++)
          if (!done[by_seq[k]])
            {
              order[placed++] = by_seq[k];
              done[by_seq[k]] = TRUE;
            }
    }
  return order;
}

static gpointer
push_on_thread (JzStore  *store,
                gpointer  data,
                GError  **error)
{
  PushArgs *args = data;
  guint64 saved_hlc = _jz_store_hlc (store)->last;
  JsonArray *results = json_array_new ();
  g_autofree JsonObject **answers = g_new0 (JsonObject *, args->items->len);
  g_autofree guint *order = push_order (args->items);
  gint64 before, acked = 0;

  /* validation dates (ID numbers born in the future) are today's */
  _jz_store_forget_today (store);

  if (!_jz_store_exec (store, "BEGIN IMMEDIATE", error))
    {
      json_array_unref (results);
      return NULL;
    }
  before = max_feed_seq (store);

  for (guint i = 0; i < args->items->len; i++)
    if (!push_one (store, args, g_ptr_array_index (args->items, order[i]), &answers[order[i]], error))
      goto fail;
  /* answered in the order they came */
  for (guint i = 0; i < args->items->len; i++)
    json_array_add_object_element (results, g_steal_pointer (&answers[i]));

  if (!refeed (store, args->entered, before, error) ||
      !advance_acked (store, args->device->site, &acked, error) ||
      !_jz_county_touch_device (store, args->device->id, args->now, error) ||
      !_jz_store_persist_hlc (store, error))
    goto fail;
  jz_test_crash_point ("mid-push");        /* test hooks: jz-test-crash.h */
  if (!_jz_store_exec (store, "COMMIT", error))
    goto fail;
  jz_test_crash_point ("push-applied");

  args->out = json_object_new ();
  json_object_set_array_member (args->out, "results", results);
  json_object_set_int_member (args->out, "acked_seq", acked);
  json_object_set_int_member (args->out, "server_hlc", server_hlc (store, args->now));
  return JZ_STORE_OK;

fail:
  _jz_store_exec (store, "ROLLBACK", NULL);
  _jz_store_hlc (store)->last = saved_hlc;
  json_array_unref (results);
  for (guint i = 0; i < args->items->len; i++)
    g_clear_pointer (&answers[i], json_object_unref);
  return NULL;
}

/**
 * jz_county_push:
 * @body: the parsed request body {"changes": [...]}
 *
 * Returns: {"results": [...], "acked_seq": N, "server_hlc": H}, or NULL
 *   with a JZ_COUNTY_ERROR for a request that is wrong as a whole (nothing
 *   of it was applied) or a JZ_STORE_ERROR (rolled back).
 */
JsonObject *
jz_county_push (JzCounty        *self,
                JzCountyDevice  *device,
                JsonNode        *body,
                GError         **error)
{
  g_autoptr(GPtrArray) items = parse_push (body, error);
  g_autoptr(GHashTable) entered = NULL;
  g_autofree char *blobs_dir = NULL;
  PushArgs args = { 0 };

  if (items == NULL)
    return NULL;

  entered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  blobs_dir = g_build_filename (self->data_dir, "blobs", NULL);
  args.device = device;
  args.items = items;
  args.now = _jz_county_now_ms (self);
  args.blobs_dir = blobs_dir;
  args.entered = entered;
  if (_jz_store_call (self->store, push_on_thread, &args, error) == NULL)
    return NULL;
  return args.out;
}

/* ---- pull ---------------------------------------------------------------- */

typedef struct
{
  JzCountyDevice *device;
  gint64          since;
  guint           limit;
  gint64          now;
  gint64          divisions;
  JsonObject     *out;
} PullArgs;

static JsonNode *
feed_entry (sqlite3_stmt *stmt)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  JsonNode *edits = json_from_string ((const char *) sqlite3_column_text (stmt, 6), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "server_seq");
  json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 0));
  json_builder_set_member_name (b, "record");
  json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 1));
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 2));
  json_builder_set_member_name (b, "hlc");
  json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 3));
  json_builder_set_member_name (b, "site");
  json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 4));
  json_builder_set_member_name (b, "author");
  json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 5));
  json_builder_set_member_name (b, "edits");
  json_builder_add_value (b, edits ? edits : json_node_new (JSON_NODE_OBJECT));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gpointer
pull_on_thread (JzStore  *store,
                gpointer  data,
                GError  **error)
{
  PullArgs *args = data;
  sqlite3_stmt *stmt;
  JsonArray *changes;
  JsonObject *refdata;
  gint64 last = args->since, top;
  guint n = 0, saves = 0;
  guint64 prev_hlc = 0;
  char *prev_site = NULL;
  gboolean more = FALSE;
  int rc;

  if (!_jz_county_touch_device (store, args->device->id, args->now, error))
    return NULL;
  top = max_feed_seq (store);

  if (_jz_county_role_by_area (args->device))
    stmt = _jz_store_stmt (store,
                           "SELECT f.seq, c.record, c.rtype, c.hlc, c.site, c.author, c.edits "
                           "FROM county_feed f JOIN change_set c ON c.id = f.cs "
                           "WHERE f.seq > ?1 AND c.site <> ?2 AND EXISTS "
                           "  (SELECT 1 FROM county_access a WHERE a.person = f.person AND "
                           "   substr (a.area, 1, length (?3)) = ?3) "
                           "ORDER BY f.seq LIMIT ?4", error);
  else
    stmt = _jz_store_stmt (store,
                           "SELECT f.seq, c.record, c.rtype, c.hlc, c.site, c.author, c.edits "
                           "FROM county_feed f JOIN change_set c ON c.id = f.cs "
                           "WHERE f.seq > ?1 AND c.site <> ?2 AND EXISTS "
                           "  (SELECT 1 FROM county_access a WHERE a.person = f.person AND a.user = ?3) "
                           "ORDER BY f.seq LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, args->since);
  sqlite3_bind_text (stmt, 2, args->device->site, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _jz_county_role_by_area (args->device) ? args->device->area : args->device->user,
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) JZ_PROTOCOL_MAX_PULL_CHANGES + 1);

  /* A page is @limit saves: it ends before the change set that would
   * start one more, or at the hard cap on change sets. The change sets of
   * a save are consecutive in the feed (one push applies them in order). */
  changes = json_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 hlc = (guint64) sqlite3_column_int64 (stmt, 3);
      const char *site = (const char *) sqlite3_column_text (stmt, 4);
      gboolean new_save = n == 0 || hlc != prev_hlc || g_strcmp0 (site, prev_site) != 0;

      if (n == JZ_PROTOCOL_MAX_PULL_CHANGES || (new_save && saves == args->limit))
        {
          more = TRUE;
          break;
        }
      if (new_save)
        {
          saves++;
          prev_hlc = hlc;
          g_free (prev_site);
          prev_site = g_strdup (site);
        }
      json_array_add_element (changes, feed_entry (stmt));
      last = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  g_free (prev_site);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      json_array_unref (changes);
      _jz_store_set_sqlite_error (store, error);
      return NULL;
    }

  /* Past the end, the cursor skips what this device may not see. */
  if (!more)
    last = MAX (args->since, top);

  args->out = json_object_new ();
  json_object_set_array_member (args->out, "changes", changes);
  json_object_set_int_member (args->out, "next", last);
  json_object_set_boolean_member (args->out, "more", more);
  json_object_set_int_member (args->out, "server_hlc", server_hlc (store, args->now));
  refdata = json_object_new ();
  json_object_set_int_member (refdata, "divisions", args->divisions);
  json_object_set_object_member (args->out, "refdata", refdata);
  return JZ_STORE_OK;
}

/**
 * jz_county_pull:
 * @since: the device's cursor (0 at first)
 * @limit: saves per page (change sets sharing one stamp); 0 for the
 *   default; capped at JZ_PROTOCOL_MAX_PULL_PAGE
 *
 * Returns: {"changes", "next", "more", "server_hlc", "refdata"}
 */
JsonObject *
jz_county_pull (JzCounty        *self,
                JzCountyDevice  *device,
                gint64           since,
                guint            limit,
                GError         **error)
{
  PullArgs args = { 0 };

  args.device = device;
  args.since = MAX (since, 0);
  args.limit = limit == 0 || limit > JZ_PROTOCOL_MAX_PULL_PAGE ? JZ_PROTOCOL_MAX_PULL_PAGE : limit;
  args.now = _jz_county_now_ms (self);
  args.divisions = jz_county_divisions_version (self);
  if (_jz_store_call (self->store, pull_on_thread, &args, error) == NULL)
    return NULL;
  return args.out;
}

static gpointer
hlc_on_thread (JzStore  *store,
               gpointer  data,
               GError  **error)
{
  gint64 *now = data;

  *now = server_hlc (store, *now);
  return JZ_STORE_OK;
}

guint64
jz_county_server_hlc (JzCounty *self)
{
  gint64 value = _jz_county_now_ms (self);

  _jz_store_call (self->store, hlc_on_thread, &value, NULL);
  return (guint64) value;
}
