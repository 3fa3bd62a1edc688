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
  _jz_change_set_free (item->cs);
  g_free (item);
}

/* ---- the request, checked whole ------------------------------------------ */

static gboolean
is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

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
  g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_INVALID_FIELD, "%s: %s", path, what);
  return FALSE;
}

/* A bare value: a string, a boolean, null or a list of strings. */
static gboolean
check_bare_value (JsonNode    *node,
                  const char  *path,
                  GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_STRING || t == G_TYPE_BOOLEAN)
        return TRUE;
      return invalid (error, path, "numbers are not field values; values are strings, "
                                   "booleans, lists of strings or null");
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (!is_string (json_array_get_element (a, i)))
          {
            g_autofree char *where = g_strdup_printf ("%s[%u]", path, i);

            return invalid (error, where, "expected a string");
          }
      return TRUE;
    }
  return invalid (error, path, "expected a string, a boolean, a list of strings or null");
}

static gboolean
check_edit (JsonNode    *node,
            const char  *path,
            GError     **error)
{
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return check_bare_value (node, path, error);

  /* {"v": VALUE, "p": [STAMP, …]} */
  o = json_node_get_object (node);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *where = g_strdup_printf ("%s.%s", path, member);

      if (g_str_equal (member, "v"))
        {
          if (!check_bare_value (value, where, error))
            return FALSE;
        }
      else if (g_str_equal (member, "p"))
        {
          JsonArray *p;

          if (!JSON_NODE_HOLDS_ARRAY (value))
            return invalid (error, where, "expected a list of stamps");
          p = json_node_get_array (value);
          for (guint i = 0; i < json_array_get_length (p); i++)
            {
              JsonNode *s = json_array_get_element (p, i);
              g_autofree char *site = NULL;
              g_autofree char *at = g_strdup_printf ("%s[%u]", where, i);
              guint64 hlc;

              if (!is_string (s) || !jz_stamp_parse (json_node_get_string (s), &hlc, &site))
                return invalid (error, at, "expected a stamp (16 hex digits, “@”, a site id)");
            }
        }
      else
        {
          g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_UNKNOWN_FIELD,
                       "%s: unknown member (an edit is a value or {\"v\": value, \"p\": [stamps]})",
                       where);
          return FALSE;
        }
    }
  if (!json_object_has_member (o, "v"))
    return invalid (error, path, "an edit object needs “v”");
  return TRUE;
}

static PushItem *
parse_item (JsonNode  *node,
            guint      index,
            GError   **error)
{
  static const char *known[] = { "seq", "record", "type", "hlc", "site", "author", "edits" };
  g_autofree char *path = g_strdup_printf ("changes[%u]", index);
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  PushItem *item;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, path, "expected a change set object");
      return NULL;
    }
  o = json_node_get_object (node);

  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    {
      gboolean ok = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        ok |= g_str_equal (member, known[k]);
      if (!ok)
        {
          g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_UNKNOWN_FIELD,
                       "%s.%s: unknown member of a change set", path, member);
          return NULL;
        }
    }

#define NEED(cond, name, what) \
  if (!(cond)) \
    { \
      g_autofree char *where = g_strdup_printf ("%s.%s", path, name); \
      invalid (error, where, what); \
      return NULL; \
    }

  NEED (is_int (json_object_get_member (o, "seq")) &&
        json_object_get_int_member (o, "seq") > 0, "seq", "expected a positive integer");
  NEED (is_string (json_object_get_member (o, "record")) &&
        jz_uuid_is_valid (json_object_get_string_member (o, "record")),
        "record", "expected a record id (a UUID)");
  NEED (is_string (json_object_get_member (o, "type")) &&
        jz_model_lookup (json_object_get_string_member (o, "type")) != NULL,
        "type", "expected one of person, registration, application, material, permit, "
                "endorsement, notice");
  NEED (is_int (json_object_get_member (o, "hlc")) &&
        json_object_get_int_member (o, "hlc") > 0, "hlc", "expected a positive integer");
  NEED (is_string (json_object_get_member (o, "site")) &&
        jz_site_id_is_valid (json_object_get_string_member (o, "site")),
        "site", "expected a site id (32 lower-case hex digits)");
  NEED (!json_object_has_member (o, "author") || is_string (json_object_get_member (o, "author")),
        "author", "expected a string");
  NEED (json_object_has_member (o, "edits") &&
        JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "edits")),
        "edits", "expected an object of field edits");
#undef NEED

  json_object_iter_init (&iter, json_object_get_object_member (o, "edits"));
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *where = g_strdup_printf ("%s.edits.%s", path, member);

      if (!check_edit (value, where, error))
        return NULL;
    }

  item = g_new0 (PushItem, 1);
  item->seq = json_object_get_int_member (o, "seq");
  item->cs = g_new0 (JzChangeSet, 1);
  item->cs->record = g_strdup (json_object_get_string_member (o, "record"));
  item->cs->rtype = g_strdup (json_object_get_string_member (o, "type"));
  item->cs->hlc = (guint64) json_object_get_int_member (o, "hlc");
  item->cs->site = g_strdup (json_object_get_string_member (o, "site"));
  item->cs->author = g_strdup (json_object_get_string_member_with_default (o, "author", "unknown"));
  item->cs->edits = json_object_ref (json_object_get_object_member (o, "edits"));
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
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_MALFORMED,
                   "the body must be a JSON object {\"changes\": [...]}");
      return NULL;
    }
  o = json_node_get_object (body);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    if (!g_str_equal (member, "changes"))
      {
        g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_UNKNOWN_FIELD,
                     "%s: unknown member of a push", member);
        return NULL;
      }
  if (!json_object_has_member (o, "changes"))
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_MALFORMED,
                   "changes: missing; the body must be a JSON object {\"changes\": [...]}");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "changes")))
    {
      invalid (error, "changes", "expected a list of change sets");
      return NULL;
    }
  changes = json_object_get_array_member (o, "changes");
  if (json_array_get_length (changes) > JZ_COUNTY_MAX_PUSH_CHANGES)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_TOO_LARGE,
                   "a push carries at most %d change sets (got %u)",
                   JZ_COUNTY_MAX_PUSH_CHANGES, json_array_get_length (changes));
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
  if (g_hash_table_size (stamps) > JZ_COUNTY_MAX_PUSH_SAVES)
    {
      g_set_error (error, JZ_COUNTY_ERROR, JZ_COUNTY_ERROR_TOO_LARGE,
                   "a push carries at most %d saves, change sets sharing one stamp (got %u)",
                   JZ_COUNTY_MAX_PUSH_SAVES, g_hash_table_size (stamps));
      return NULL;
    }
  return g_steal_pointer (&items);
}

/* ---- applying ------------------------------------------------------------ */

typedef struct
{
  JzCountyDevice *device;
  GPtrArray      *items;
  gint64          now;

  /* on the store thread */
  GHashTable     *batch_type;     /* record → rtype, of this push */
  GHashTable     *batch_parent;   /* record → the id its reference field names */
  GHashTable     *entered;        /* persons visible to someone new */
  JsonObject     *out;
} PushArgs;

typedef struct
{
  const char *code;
  char       *reason;
} Rejection;

static const char *
parent_field (const char *rtype)
{
  if (g_str_equal (rtype, "registration") || g_str_equal (rtype, "application") ||
      g_str_equal (rtype, "permit"))
    return "person_id";
  if (g_str_equal (rtype, "material") || g_str_equal (rtype, "notice"))
    return "application_id";
  if (g_str_equal (rtype, "endorsement"))
    return "permit_id";
  return NULL;
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

/* The person a record belongs to: known to the server, or named by this
 * push (a person and their registration may come in one batch, in any
 * order). NULL when nobody knows. */
static char *
resolve_person (JzStore    *store,
                PushArgs   *args,
                const char *record,
                const char *rtype,
                const char *parent,
                guint       depth)
{
  char *person;

  if (depth > 4)
    return NULL;
  if (rtype != NULL && g_str_equal (rtype, "person"))
    return g_strdup (record);
  if ((person = stored_person (store, record, NULL)) != NULL)
    return person;
  if (rtype == NULL)
    rtype = g_hash_table_lookup (args->batch_type, record);
  if (parent == NULL)
    parent = g_hash_table_lookup (args->batch_parent, record);
  if (rtype == NULL || parent == NULL)
    return NULL;
  if (g_str_equal (parent_field (rtype), "person_id"))
    return g_strdup (parent);
  return resolve_person (store, args, parent, NULL, NULL, depth + 1);
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
role_by_area (const JzCountyDevice *device)
{
  return g_str_equal (device->role, "county") || g_str_equal (device->role, "committee");
}

static gboolean
person_in_scope (JzStore              *store,
                 const JzCountyDevice *device,
                 const char           *person)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (role_by_area (device))
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

static gboolean
record_exists (JzStore     *store,
               const char  *record)
{
  g_autofree char *person = stored_person (store, record, NULL);

  return person != NULL;
}

static char *
current_status (JzStore            *store,
                const JzRecordType *type,
                const char         *record)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status FROM %s WHERE id = ?", type->table);
  sqlite3_stmt *stmt = _jz_store_stmt (store, sql, NULL);
  char *status = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return status;
}

#define REJECT(r, c, ...) \
  G_STMT_START { (r)->code = (c); (r)->reason = g_strdup_printf (__VA_ARGS__); return FALSE; } G_STMT_END

/* Every check of one change set against the server's state. Returns FALSE
 * with @r filled when it is rejected; @person gets the person it belongs to. */
static gboolean
check_change_set (JzStore     *store,
                  PushArgs    *args,
                  JzChangeSet *cs,
                  char       **person,
                  Rejection   *r)
{
  const JzCountyDevice *device = args->device;
  const JzRecordType *type = jz_model_lookup (cs->rtype);
  const char *parent_name = parent_field (cs->rtype);
  const char *division;
  const char *status;
  gboolean exists, known;
  JsonObjectIter iter;
  const char *field;
  JsonNode *node;

  if (g_strcmp0 (cs->site, device->site) != 0)
    REJECT (r, "wrong_site", "%s %s: site %s is not this device's site %s",
            cs->rtype, cs->record, cs->site, device->site);

  json_object_iter_init (&iter, cs->edits);
  while (json_object_iter_next (&iter, &field, &node))
    {
      const JzFieldDef *def = jz_record_type_field (type, field);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) clean = NULL;
      JsonNode *value = node;

      if (def == NULL)
        REJECT (r, "unknown_field", "%s %s: a %s has no field “%s”",
                cs->rtype, cs->record, cs->rtype, field);
      if (JSON_NODE_HOLDS_OBJECT (node))
        value = json_object_get_member (json_node_get_object (node), "v");
      clean = _jz_validate_field (store, type, def, value, &local_error);
      if (clean == NULL)
        REJECT (r, "invalid_value", "%s %s: %s", cs->rtype, cs->record, local_error->message);
    }

  *person = resolve_person (store, args, cs->record, cs->rtype,
                            parent_name ? edit_string (cs->edits, parent_name) : NULL, 0);
  if (*person == NULL)
    REJECT (r, "out_of_scope", "%s %s: its %s is not known to the server; push that first",
            cs->rtype, cs->record, parent_name ? parent_name : "person");

  exists = record_exists (store, cs->record);
  known = person_known (store, *person, NULL);
  division = jz_record_type_field (type, "residence_division")
    ? edit_string (cs->edits, "residence_division") : NULL;

  if (division != NULL && role_by_area (device) &&
      !_jz_county_area_contains (device->area, division))
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
      /* A committee may file a new record in its area for a person from
       * elsewhere (someone moving in): the person then enters its scope. */
      gboolean moving_in = g_str_equal (device->role, "committee") && !exists && division != NULL;

      if (!moving_in)
        REJECT (r, "out_of_scope", "%s %s: person %s is outside this device's scope (%s %s)",
                cs->rtype, cs->record, *person, device->role,
                role_by_area (device) ? device->area : device->user);
    }

  status = jz_record_type_field (type, "status") ? edit_string (cs->edits, "status") : NULL;
  if (!g_str_equal (device->role, "county"))
    {
      if (g_str_equal (cs->rtype, "permit") && !exists)
        REJECT (r, "role", "permit %s: permits are issued by the county office only", cs->record);
      if (status != NULL && g_str_equal (cs->rtype, "application") &&
          (g_str_equal (status, "issued") || g_str_equal (status, "rejected")))
        REJECT (r, "role", "application %s: only the county office may set the status to %s",
                cs->record, status);
    }

  if (status != NULL)
    {
      g_autofree char *current = current_status (store, type, cs->record);

      if (g_strcmp0 (current, status) != 0 && !jz_record_type_allows (type, current, status))
        REJECT (r, "workflow", "%s %s: the workflow does not allow going from %s to %s",
                cs->rtype, cs->record, current ? current : "a new record", status);
    }

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
  if (sqlite3_changes (store->db) > 0)
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
                  const char  *person,
                  GError     **error)
{
  const JzRecordType *type = jz_model_lookup (cs->rtype);
  const char *division;
  gboolean inserted = FALSE, fresh = FALSE;
  sqlite3_stmt *stmt;
  gint64 cs_id;

  if (!_jz_store_write_remote_change_set (store, cs, &inserted, &fresh, error))
    return FALSE;
  cs_id = sqlite3_last_insert_rowid (store->db);
  jz_hlc_observe (&store->hlc, cs->hlc);
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

  /* The filer's area and user see it; so does the area it is filed in. */
  if (!add_access (store, args, person, args->device->area, args->device->user, error))
    return FALSE;
  division = jz_record_type_field (type, "residence_division")
    ? edit_string (cs->edits, "residence_division") : NULL;
  if (division != NULL && !add_access (store, args, person, division, "", error))
    return FALSE;

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

/* One change set, under its own savepoint. FALSE only for a database
 * error, which fails the whole push. */
static gboolean
push_one (JzStore   *store,
          PushArgs  *args,
          PushItem  *item,
          JsonArray *results,
          GError   **error)
{
  JzChangeSet *cs = item->cs;
  const char *site = args->device->site;
  sqlite3_stmt *stmt;
  g_autofree char *prev_status = NULL;
  g_autofree char *prev_code = NULL;
  g_autofree char *prev_reason = NULL;
  g_autofree char *person = NULL;
  gboolean seen;
  Rejection r = { NULL, NULL };

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
        json_array_add_object_element (results, result_new (item->seq, "rejected", prev_code, prev_reason));
      else
        json_array_add_object_element (results, result_new (item->seq, "duplicate", NULL, NULL));
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
      json_array_add_object_element (results, result_new (item->seq, "duplicate", NULL, NULL));
      return record_received (store, site, item->seq, "duplicate", NULL, error);
    }

  if (!savepoint (store, "SAVEPOINT change_set", error))
    return FALSE;
  if (!check_change_set (store, args, cs, &person, &r))
    {
      json_array_add_object_element (results, result_new (item->seq, "rejected", r.code, r.reason));
      savepoint (store, "ROLLBACK TO change_set", NULL);
      if (!savepoint (store, "RELEASE change_set", error) ||
          !record_received (store, site, item->seq, "rejected", &r, error))
        {
          g_free (r.reason);
          return FALSE;
        }
      g_free (r.reason);
      return TRUE;
    }
  if (!apply_change_set (store, args, cs, person, error) ||
      !record_received (store, site, item->seq, "ok", NULL, error) ||
      !savepoint (store, "RELEASE change_set", error))
    return FALSE;

  json_array_add_object_element (results, result_new (item->seq, "ok", NULL, NULL));
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
  return (gint64) MAX (store->hlc.last, JZ_HLC_FROM_MS (now_ms));
}

static gpointer
push_on_thread (JzStore  *store,
                gpointer  data,
                GError  **error)
{
  PushArgs *args = data;
  guint64 saved_hlc = store->hlc.last;
  JsonArray *results = json_array_new ();
  gint64 before, acked = 0;

  /* validation dates (ID numbers born in the future) are today's */
  g_date_clear (&store->today, 1);

  for (guint i = 0; i < args->items->len; i++)
    {
      PushItem *item = g_ptr_array_index (args->items, i);
      const char *parent = parent_field (item->cs->rtype);
      const char *named = parent ? edit_string (item->cs->edits, parent) : NULL;

      g_hash_table_insert (args->batch_type, item->cs->record, item->cs->rtype);
      if (named != NULL)
        g_hash_table_insert (args->batch_parent, item->cs->record, (gpointer) named);
    }

  if (!_jz_store_exec (store, "BEGIN IMMEDIATE", error))
    {
      json_array_unref (results);
      return NULL;
    }
  before = max_feed_seq (store);

  for (guint i = 0; i < args->items->len; i++)
    if (!push_one (store, args, g_ptr_array_index (args->items, i), results, error))
      goto fail;

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
  store->hlc.last = saved_hlc;
  json_array_unref (results);
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
  g_autoptr(GHashTable) batch_type = NULL;
  g_autoptr(GHashTable) batch_parent = NULL;
  g_autoptr(GHashTable) entered = NULL;
  PushArgs args = { 0 };

  if (items == NULL)
    return NULL;

  batch_type = g_hash_table_new (g_str_hash, g_str_equal);
  batch_parent = g_hash_table_new (g_str_hash, g_str_equal);
  entered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  args.device = device;
  args.items = items;
  args.now = _jz_county_now_ms (self);
  args.batch_type = batch_type;
  args.batch_parent = batch_parent;
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

  if (role_by_area (args->device))
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
  sqlite3_bind_text (stmt, 3, role_by_area (args->device) ? args->device->area : args->device->user,
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) JZ_COUNTY_MAX_PULL_CHANGES + 1);

  /* A page is @limit saves: it ends before the change set that would
   * start one more, or at the hard cap on change sets. The change sets of
   * a save are consecutive in the feed (one push applies them in order). */
  changes = json_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 hlc = (guint64) sqlite3_column_int64 (stmt, 3);
      const char *site = (const char *) sqlite3_column_text (stmt, 4);
      gboolean new_save = n == 0 || hlc != prev_hlc || g_strcmp0 (site, prev_site) != 0;

      if (n == JZ_COUNTY_MAX_PULL_CHANGES || (new_save && saves == args->limit))
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
 *   default; capped at JZ_COUNTY_MAX_PULL_PAGE
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
  args.limit = limit == 0 || limit > JZ_COUNTY_MAX_PULL_PAGE ? JZ_COUNTY_MAX_PULL_PAGE : limit;
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
