/* jz-change-set.c — one record's edits under one stamp, and its wire form
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader refuses anything that is not exactly a change set: unknown
 * members, numbers where field values belong (values are strings,
 * booleans, lists of strings or null), stamps that do not parse, ids that
 * are not UUIDs. Each error names the member by its path
 * ("changes[3].edits.name.p[0]") so a device's author can find it. What a
 * field's value must be (a date, a code, a division) is the store's check,
 * which knows the field.
 */
#include "config.h"

#include "jz-change-set.h"
#include "jz-hlc.h"
#include "jz-text.h"
#include "jz-model.h"
#include "jz-uuid.h"

G_DEFINE_QUARK (jz-change-set-error-quark, jz_change_set_error)

void
jz_change_set_free (JzChangeSet *cs)
{
  if (cs == NULL)
    return;
  g_free (cs->record);
  g_free (cs->rtype);
  g_free (cs->site);
  g_free (cs->author);
  g_clear_pointer (&cs->edits, json_object_unref);
  g_free (cs);
}

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
  g_set_error (error, JZ_CHANGE_SET_ERROR, JZ_CHANGE_SET_ERROR_INVALID, "%s: %s", path, what);
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
            g_autofree char *where = path != NULL ? g_strdup_printf ("%s[%u]", path, i) : NULL;

            return invalid (error, where, "expected a string");
          }
      return TRUE;
    }
  return invalid (error, path, "expected a string, a boolean, a list of strings or null");
}

/* An edit: a bare value, or {"v": VALUE, "p": [STAMP, …]}. With @path
 * NULL it only says whether the edit is good, making no string: the
 * common case, which is then not paid for with a path per field. */
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

  o = json_node_get_object (node);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    {
      g_autofree char *where = path != NULL ? g_strdup_printf ("%s.%s", path, member) : NULL;

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
              guint64 hlc;

              if (!is_string (s) || !jz_stamp_parse (json_node_get_string (s), &hlc, &site))
                {
                  g_autofree char *at = where != NULL ? g_strdup_printf ("%s[%u]", where, i) : NULL;

                  return invalid (error, at, "expected a stamp (16 hex digits, “@”, a site id)");
                }
            }
        }
      else
        {
          g_set_error (error, JZ_CHANGE_SET_ERROR, JZ_CHANGE_SET_ERROR_UNKNOWN_MEMBER,
                       "%s: unknown member (an edit is a value or {\"v\": value, \"p\": [stamps]})",
                       where);
          return FALSE;
        }
    }
  if (!json_object_has_member (o, "v"))
    return invalid (error, path, "an edit object needs “v”");
  return TRUE;
}

/**
 * jz_change_set_read:
 * @node: the change set as it came
 * @path: its place in the document, for errors ("changes[3]")
 * @seq_member: (nullable): the name of the envelope's sequence number
 *   ("seq" in a push, "server_seq" in a pull page): allowed, and a
 *   positive integer when present
 * @seq: (out) (optional): its value; when @seq is given, the member is
 *   required
 *
 * Returns: (transfer full): the change set, or %NULL with
 *   %JZ_CHANGE_SET_ERROR naming the member at fault.
 */
JzChangeSet *
jz_change_set_read (JsonNode    *node,
                    const char  *path,
                    const char  *seq_member,
                    gint64      *seq,
                    GError     **error)
{
  static const char *known[] = { "record", "type", "hlc", "site", "author", "edits" };
  g_autoptr(JzChangeSet) cs = NULL;
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, path, "expected a change set object");
      return NULL;
    }
  o = json_node_get_object (node);

  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    {
      gboolean ok = seq_member != NULL && g_str_equal (member, seq_member);

      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        ok |= g_str_equal (member, known[k]);
      if (!ok)
        {
          g_set_error (error, JZ_CHANGE_SET_ERROR, JZ_CHANGE_SET_ERROR_UNKNOWN_MEMBER,
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

  if (seq_member != NULL && (seq != NULL || json_object_has_member (o, seq_member)))
    {
      NEED (is_int (json_object_get_member (o, seq_member)) &&
            json_object_get_int_member (o, seq_member) > 0, seq_member, "expected a positive integer");
    }
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
    if (!check_edit (value, NULL, NULL))
      {
        /* again, to say where */
        g_autofree char *where = g_strdup_printf ("%s.edits.%s", path, member);

        check_edit (value, where, error);
        return NULL;
      }

  if (seq != NULL)
    *seq = seq_member != NULL ? json_object_get_int_member (o, seq_member) : 0;
  cs = g_new0 (JzChangeSet, 1);
  cs->record = g_strdup (json_object_get_string_member (o, "record"));
  cs->rtype = g_strdup (json_object_get_string_member (o, "type"));
  cs->hlc = (guint64) json_object_get_int_member (o, "hlc");
  cs->site = g_strdup (json_object_get_string_member (o, "site"));
  cs->author = g_strdup (json_object_get_string_member_with_default (o, "author", "unknown"));
  cs->edits = json_object_ref (json_object_get_object_member (o, "edits"));
  return g_steal_pointer (&cs);
}

/**
 * jz_change_set_append_json:
 * @out: the text being written (a push body, a pull page)
 * @seq_member: (nullable): "seq" (the outbox's) or "server_seq" (the
 *   county feed's); NULL for none (a snapshot's)
 * @edits: the edits as the store keeps them, spliced in as they are: the
 *   store only ever writes a JSON object there; anything else goes as {}
 *
 * One change set on the wire, written from a stored row without parsing
 * and generating its edits again (most of what a push or a pull cost).
 */
void
jz_change_set_append_json (GString    *out,
                           const char *seq_member,
                           gint64      seq,
                           const char *record,
                           const char *rtype,
                           gint64      hlc,
                           const char *site,
                           const char *author,
                           const char *edits)
{
  if (seq_member != NULL)
    g_string_append_printf (out, "{\"%s\":%" G_GINT64_FORMAT ",\"record\":", seq_member, seq);
  else
    g_string_append (out, "{\"record\":");
  jz_text_append_json_string (out, record ? record : "");
  g_string_append (out, ",\"type\":");
  jz_text_append_json_string (out, rtype ? rtype : "");
  g_string_append_printf (out, ",\"hlc\":%" G_GINT64_FORMAT ",\"site\":", hlc);
  jz_text_append_json_string (out, site ? site : "");
  g_string_append (out, ",\"author\":");
  jz_text_append_json_string (out, author ? author : "");
  g_string_append (out, ",\"edits\":");
  while (edits != NULL && g_ascii_isspace (*edits))
    edits++;
  if (edits != NULL && *edits == '{')
    g_string_append (out, edits);
  else
    g_string_append (out, "{}");
  g_string_append_c (out, '}');
}
