/* jz-county-check.c — one change set of a push, judged against the county
 * server's state (scope, roles, stamps, photos, the checks shared with the
 * devices) and applied
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-county-sync-private.h"
#include "jz-test-crash.h"
#include "jz-uuid.h"

/* ---- applying ------------------------------------------------------------ */

void
_jz_county_rejection_clear (Rejection *r)
{
  g_clear_pointer (&r->reason, g_free);
  g_clear_pointer (&r->problems, g_ptr_array_unref);
}

const char *
_jz_county_parent_field (const char *rtype)
{
  const JzRecordType *type = jz_model_lookup (rtype);

  return type ? jz_record_type_parent (type) : NULL;
}

const char *
_jz_county_edit_string (JsonObject *edits,
                        const char *field)
{
  JsonNode *node = json_object_get_member (edits, field);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "v");
  return _jz_county_is_string (node) ? json_node_get_string (node) : NULL;
}

static char *
stored_person (JzStore     *store,
               const char  *record,
               GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store, "SELECT person FROM county_record_person WHERE record = ?", error);
  char *person = NULL;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, record);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    person = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
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
  if (g_str_equal (_jz_county_parent_field (rtype), "person_id"))
    return g_strdup (parent);
  return stored_person (store, parent, NULL);
}

static gboolean
person_known (JzStore     *store,
              const char  *person,
              GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store, "SELECT 1 FROM county_access WHERE person = ? LIMIT 1", error);
  gboolean known;

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, person);
  known = jz_stmt_step (stmt) == JZ_DB_ROW;
  jz_stmt_reset (stmt);
  return known;
}

static gboolean
person_in_scope (JzStore              *store,
                 const JzCountyDevice *device,
                 const char           *person)
{
  JzStmt *stmt;
  gboolean found = FALSE;

  if (_jz_county_role_by_area (device))
    {
      stmt = _jz_store_stmt (store, "SELECT area FROM county_access WHERE person = ?", NULL);
      if (stmt == NULL)
        return FALSE;
      jz_stmt_bind_text (stmt, 1, person);
      while (!found && jz_stmt_step (stmt) == JZ_DB_ROW)
        found = _jz_county_area_contains (device->area, jz_stmt_column_text (stmt, 0));
    }
  else
    {
      stmt = _jz_store_stmt (store, "SELECT 1 FROM county_access WHERE person = ? AND user = ?", NULL);
      if (stmt == NULL)
        return FALSE;
      jz_stmt_bind_text (stmt, 1, person);
      jz_stmt_bind_text (stmt, 2, device->scope_key);
      found = jz_stmt_step (stmt) == JZ_DB_ROW;
    }
  jz_stmt_reset (stmt);
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
  JzStmt *stmt = _jz_store_stmt (store, "SELECT user FROM county_record_owner WHERE record = ?", NULL);
  char *user = NULL;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, record);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    user = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
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
  JzStmt *stmt;
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
                           "ON a.person = r.person WHERE r.sha256 = ?1 AND a.user = ?3 AND a.until_seq IS NULL LIMIT 1",
                         NULL);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, sha256);
  jz_stmt_bind_text (stmt, 2, device->site);
  jz_stmt_bind_text (stmt, 3, _jz_county_role_by_area (device) ? device->area : device->scope_key);
  ok = jz_stmt_step (stmt) == JZ_DB_ROW;
  jz_stmt_reset (stmt);
  return ok;
}

void
_jz_county_checked_clear (Checked *c)
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
gboolean
_jz_county_check_change_set (JzStore     *store,
                             PushArgs    *args,
                             JzChangeSet *cs,
                             char       **person,
                             Checked     *c,
                             Rejection   *r)
{
  const JzCountyDevice *device = args->device;
  const JzRecordType *type = jz_model_lookup (cs->rtype);
  const char *parent_name = _jz_county_parent_field (cs->rtype);
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
                            parent_name ? _jz_county_edit_string (cs->edits, parent_name) : NULL);
  if (*person == NULL)
    REJECT (r, "out_of_scope", "%s %s: its %s is not known to the server; push that first",
            cs->rtype, cs->record, parent_name ? parent_name : "person");

  exists = current != NULL;
  known = person_known (store, *person, NULL);
  division = jz_record_type_field (type, "residence_division")
    ? _jz_county_edit_string (cs->edits, "residence_division") : NULL;

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
                _jz_county_role_by_area (device) ? device->area : device->scope_key);
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

  /* A landlord or employer known by identity files those it houses or
   * employs: its registrations name it, and keep naming it. */
  if (device->identity != NULL && g_str_equal (cs->rtype, "registration"))
    {
      const char *party_field = jz_role_from_name (device->role) == JZ_ROLE_LANDLORD
        ? "landlord_identity" : "employer_identity";
      const JzFieldDef *def = jz_record_type_field (type, party_field);
      JsonNode *named = json_object_has_member (cs->edits, party_field) ? c->values[def - type->fields]
        : current != NULL ? json_object_get_member (current, party_field) : NULL;
      const char *named_id = named != NULL && JSON_NODE_HOLDS_VALUE (named) ? json_node_get_string (named) : NULL;

      if (g_strcmp0 (named_id, device->identity) != 0)
        REJECT (r, JZ_PROBLEM_ROLE, "%s %s: %s must be this device's own (%s's); a %s's device files "
                "only those it %s", cs->rtype, cs->record, party_field, device->user, device->role,
                jz_role_from_name (device->role) == JZ_ROLE_LANDLORD ? "houses" : "employs");
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
  JzStmt *stmt = _jz_store_stmt (store,
                                       "INSERT OR IGNORE INTO county_access (person, area, user) VALUES (?, ?, ?)",
                                       error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, person);
  jz_stmt_bind_text (stmt, 2, area);
  jz_stmt_bind_text (stmt, 3, user);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;
  if (_jz_store_changes (store) > 0)
    g_hash_table_add (args->entered, g_strdup (person));
  return TRUE;
}

/* The landlords and employers named by the person's registrations see the
 * person (access user "id:IDENTITY"). While a registration naming one is
 * in force, it gets all of the person's changes; once they have all ended
 * (moved on, 注销) it gets the changes fed up to @seq, the end itself, and
 * nothing of the person later (until_seq; until_cs is @cs_id, the end's
 * change set, for a snapshot once the feed is compacted). Named again, it sees the person
 * again, with the history fed again. One named by none any more (a
 * corrected identity) no longer sees the person at all. */
static gboolean
party_access (JzStore     *store,
              PushArgs    *args,
              const char  *person,
              gint64       seq,
              gint64       cs_id,
              GError     **error)
{
  g_autoptr(GPtrArray) named = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) in_force = g_array_new (FALSE, FALSE, sizeof (gboolean));
  JzStmt *stmt;

  stmt = _jz_store_stmt (store,
                         "DELETE FROM county_access WHERE person = ?1 AND area = '' AND user LIKE 'id:%' "
                         "AND substr (user, 4) NOT IN "
                         "  (SELECT landlord_identity FROM registration WHERE person_id = ?1 "
                         "     AND landlord_identity IS NOT NULL "
                         "   UNION SELECT employer_identity FROM registration WHERE person_id = ?1 "
                         "     AND employer_identity IS NOT NULL)", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, person);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;

  stmt = _jz_store_stmt (store,
                         "SELECT party, max (CASE WHEN status = 'active' THEN 1 ELSE 0 END) FROM "
                         "  (SELECT landlord_identity AS party, status FROM registration "
                         "     WHERE person_id = ?1 AND landlord_identity IS NOT NULL "
                         "   UNION ALL SELECT employer_identity, status FROM registration "
                         "     WHERE person_id = ?1 AND employer_identity IS NOT NULL) AS parties "
                         "GROUP BY party", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, person);
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      gboolean active = jz_stmt_column_int (stmt, 1) != 0;

      g_ptr_array_add (named, g_strconcat ("id:", jz_stmt_column_text (stmt, 0), NULL));
      g_array_append_val (in_force, active);
    }
  jz_stmt_reset (stmt);

  for (guint i = 0; i < named->len; i++)
    {
      const char *user = named->pdata[i];

      if (g_array_index (in_force, gboolean, i))
        {
          if (!add_access (store, args, person, "", user, error))
            return FALSE;
          /* back after an end: the history since is fed again */
          stmt = _jz_store_stmt (store,
                                 "UPDATE county_access SET until_seq = NULL, until_cs = NULL "
                                 "WHERE person = ?1 AND area = '' AND user = ?2 AND until_seq IS NOT NULL",
                                 error);
          if (stmt == NULL)
            return FALSE;
          jz_stmt_bind_text (stmt, 1, person);
          jz_stmt_bind_text (stmt, 2, user);
          if (!_jz_store_step_done (store, stmt, error))
            return FALSE;
          if (_jz_store_changes (store) > 0)
            g_hash_table_add (args->entered, g_strdup (person));
        }
      else
        {
          /* ended: what was fed so far, no more. One never in force
           * (named only by ended registrations) is not given access. */
          stmt = _jz_store_stmt (store,
                                 "UPDATE county_access SET until_seq = ?3, until_cs = ?4 "
                                 "WHERE person = ?1 AND area = '' AND user = ?2 AND until_seq IS NULL",
                                 error);
          if (stmt == NULL)
            return FALSE;
          jz_stmt_bind_text (stmt, 1, person);
          jz_stmt_bind_text (stmt, 2, user);
          jz_stmt_bind_int64 (stmt, 3, seq);
          jz_stmt_bind_int64 (stmt, 4, cs_id);
          if (!_jz_store_step_done (store, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Whether a registration change set can change who among landlords and
 * employers sees the person: it names one, moves the registration to
 * another person (a merge), or changes a status while one sees the person
 * already. Most registrations name nobody; they cost one look at the
 * access rows instead of the work. */
static gboolean
names_parties (JzStore    *store,
               JsonObject *edits,
               gboolean    fresh,
               const char *person)
{
  JzStmt *stmt;
  gboolean seen;

  if (json_object_has_member (edits, "landlord_identity") || json_object_has_member (edits, "employer_identity") ||
      (!fresh && json_object_has_member (edits, "person_id")))
    return TRUE;
  if (!json_object_has_member (edits, "status"))
    return FALSE;
  stmt = _jz_store_stmt (store,
                         "SELECT 1 FROM county_access WHERE person = ? AND area = '' AND user LIKE 'id:%' LIMIT 1",
                         NULL);
  if (stmt == NULL)
    return TRUE;
  jz_stmt_bind_text (stmt, 1, person);
  seen = jz_stmt_step (stmt) == JZ_DB_ROW;
  jz_stmt_reset (stmt);
  return seen;
}

static char *
creating_site (JzStore    *store,
               const char *record)
{
  JzStmt *stmt = _jz_store_stmt (store,
                                       "SELECT site FROM change_set WHERE record = ? ORDER BY hlc, site LIMIT 1",
                                       NULL);
  char *site = NULL;

  if (stmt == NULL)
    return NULL;
  jz_stmt_bind_text (stmt, 1, record);
  if (jz_stmt_step (stmt) == JZ_DB_ROW)
    site = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  return site;
}

static gboolean
exec_two (JzStore     *store,
          const char  *sql,
          const char  *a,
          const char  *b,
          GError     **error)
{
  JzStmt *stmt = _jz_store_stmt (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, a);
  jz_stmt_bind_text (stmt, 2, b);
  return _jz_store_step_done (store, stmt, error);
}

/* The county merged person @other into @keep (jz_registry_merge_persons:
 * the other's records were moved by the change sets before this one).
 * The server's books follow: what belonged to @other belongs to @keep,
 * whoever saw @other sees @keep (and gets its history), whoever sees
 * @keep gets @other's history (fed again under @keep), @other's photos
 * are @keep's, and the pair is off the review list. */
static gboolean
merged (JzStore     *store,
        PushArgs    *args,
        const char  *other,
        const char  *keep,
        GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  JzStmt *stmt;

  /* the other's history, from its change sets: the feed below the
   * horizon may be compacted away (jz-county-snapshot.c) */
  if (!exec_two (store, "INSERT INTO county_feed (cs, person) "
                        "SELECT c.id, ?2 FROM county_record_person rp JOIN change_set c ON c.record = rp.record "
                        "WHERE rp.person = ?1 ORDER BY c.id", other, keep, error) ||
      !exec_two (store, "UPDATE county_record_person SET person = ?2 WHERE person = ?1 AND record <> ?1",
                 other, keep, error) ||
      !exec_two (store, "INSERT OR IGNORE INTO county_blob_ref (sha256, person) "
                        "SELECT sha256, ?2 FROM county_blob_ref WHERE person = ?1", other, keep, error) ||
      !exec_two (store, "DELETE FROM county_review WHERE kind = 'duplicate' AND "
                        "((person_a = ?1 AND person_b = ?2) OR (person_a = ?2 AND person_b = ?1))",
                 other, keep, error))
    return FALSE;

  stmt = _jz_store_stmt (store, "SELECT area, user FROM county_access WHERE person = ? AND until_seq IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, other);
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    {
      g_ptr_array_add (rows, g_strdup (jz_stmt_column_text (stmt, 0)));
      g_ptr_array_add (rows, g_strdup (jz_stmt_column_text (stmt, 1)));
    }
  jz_stmt_reset (stmt);
  for (guint i = 0; i + 1 < rows->len; i += 2)
    if (!add_access (store, args, keep, rows->pdata[i], rows->pdata[i + 1], error))
      return FALSE;
  return TRUE;
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
  JzStmt *stmt;

  /* (a record merged into another is one person with it, not a duplicate) */
  stmt = _jz_store_stmt (store, "SELECT id_number FROM person WHERE id = ? AND merged_into IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, person);
  if (jz_stmt_step (stmt) == JZ_DB_ROW && jz_stmt_column_text (stmt, 0) != NULL)
    id_number = g_strdup (jz_stmt_column_text (stmt, 0));
  jz_stmt_reset (stmt);
  if (id_number == NULL)
    return TRUE;

  stmt = _jz_store_stmt (store, "SELECT id FROM person WHERE id_number = ? AND id <> ? AND merged_into IS NULL",
                         error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, id_number);
  jz_stmt_bind_text (stmt, 2, person);
  while (jz_stmt_step (stmt) == JZ_DB_ROW)
    g_ptr_array_add (others, g_strdup (jz_stmt_column_text (stmt, 0)));
  jz_stmt_reset (stmt);
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
      jz_stmt_bind_text (stmt, 1, id_number);
      jz_stmt_bind_text (stmt, 2, first ? person : other);
      jz_stmt_bind_text (stmt, 3, first ? other : person);
      jz_stmt_bind_text (stmt, 4, first ? site : other_site);
      jz_stmt_bind_text (stmt, 5, first ? other_site : site);
      jz_stmt_bind_int64 (stmt, 6, now);
      if (!_jz_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_jz_county_apply_change_set (JzStore     *store,
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
  JzStmt *stmt;
  gint64 cs_id, feed_seq;

  if (!_jz_store_write_remote_change_set (store, cs, &inserted, &fresh, error))
    return FALSE;
  cs_id = _jz_store_last_change_set (store);
  jz_hlc_observe (_jz_store_hlc (store), cs->hlc);
  /* a new record is derived from this change set alone */
  if (!_jz_store_materialise_from (store, type, cs->record, fresh ? cs : NULL, error))
    return FALSE;

  stmt = _jz_store_stmt (store, "INSERT OR IGNORE INTO county_record_person (record, person) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, cs->record);
  jz_stmt_bind_text (stmt, 2, person);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;

  /* who filed it: the first to write it */
  stmt = _jz_store_stmt (store, "INSERT OR IGNORE INTO county_record_owner (record, user) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_text (stmt, 1, cs->record);
  jz_stmt_bind_text (stmt, 2, args->device->user);
  if (!_jz_store_step_done (store, stmt, error))
    return FALSE;

  /* The filer's area and user see it; so does the area it is filed in. */
  if (!add_access (store, args, person, args->device->area, args->device->scope_key, error))
    return FALSE;
  division = jz_record_type_field (type, "residence_division")
    ? _jz_county_edit_string (cs->edits, "residence_division") : NULL;
  if (division != NULL && !add_access (store, args, person, division, "", error))
    return FALSE;

  /* the photos it names are now the person's (who may read them) */
  collect_photos (type, c->values, photos);
  for (guint i = 0; i < photos->len; i++)
    {
      stmt = _jz_store_stmt (store, "INSERT OR IGNORE INTO county_blob_ref (sha256, person) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      jz_stmt_bind_text (stmt, 1, photos->pdata[i]);
      jz_stmt_bind_text (stmt, 2, person);
      if (!_jz_store_step_done (store, stmt, error))
        return FALSE;
    }

  stmt = _jz_store_stmt (store, "INSERT INTO county_feed (cs, person) VALUES (?, ?) RETURNING seq", error);
  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_int64 (stmt, 1, cs_id);
  jz_stmt_bind_text (stmt, 2, person);
  if (!_jz_store_step_returning (store, stmt, &feed_seq, error))
    return FALSE;

  /* after the feed row: a party whose registrations ended sees up to this one */
  if (g_str_equal (cs->rtype, "registration") && names_parties (store, cs->edits, fresh, person) &&
      !party_access (store, args, person, feed_seq, cs_id, error))
    return FALSE;
  if (g_str_equal (cs->rtype, "person") && !flag_duplicates (store, person, args->now, error))
    return FALSE;
  if (g_str_equal (cs->rtype, "person") && _jz_county_edit_string (cs->edits, "merged_into") != NULL)
    return merged (store, args, cs->record, _jz_county_edit_string (cs->edits, "merged_into"), error);
  return TRUE;
}
