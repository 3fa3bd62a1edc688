/* jz-store-page.c — a page of change sets read straight from its text
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pulled page holds thousands of change sets. Parsed into a json-glib
 * tree, then read, then written out again as the store keeps their edits,
 * then freed, it was about half of the device's CPU in a bootstrap: a hash
 * table per object, a node per value, and the frees (docs/performance-sync.md).
 * Here each change set is read once from the text, with the refusals of
 * jz_change_set_read(), into what the store writes: the change set's
 * envelope, its edits as _jz_store_edits_text() writes them, whether its
 * record's row can keep it (jz-store-creation.c), and the row it makes
 * alone (materialise_single(), jz-store-merge.c). No tree is
 * built, except a change set's own edits when the general merge needs them.
 *
 * The text is a JSON array that the strict scanner has checked already
 * (jz_json_parse_strict_deferring(), jz_json_scan(): UTF-8, no member
 * named twice, depth and size); this reader still checks every bound and
 * refuses what it does not expect, so that no text can crash it.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "jz-hlc.h"
#include "jz-json-scan.h"
#include "jz-text.h"
#include "jz-uuid.h"
#include "jz-store-private.h"

typedef struct
{
  const char   *p;
  const char   *end;
  const char   *seq_member;
  guint         index;      /* the change set being read, for messages */
  GString      *name;       /* a member's name, decoded */
  GString      *field;      /* the edit being read: its field's name */
  GString      *value;      /* a string value, decoded */
  GString      *edits;      /* the edits as the store keeps them */
  JzStorePage  *page;
  GError      **error;
} Reader;

static void
page_set_clear (JzPageSet *set)
{
  g_clear_pointer (&set->cs, jz_change_set_free);
  g_free (set->row);
}

void
_jz_store_page_free (JzStorePage *page)
{
  g_array_unref (page->sets);
  g_string_chunk_free (page->chunk);
  g_ptr_array_unref (page->nodes);
  g_clear_error (&page->error);
  g_free (page);
}

/* ---- the text ------------------------------------------------------------ */

/* The first problem found is the page's; the path is made only then. */
static gboolean
malformed_code (Reader     *r,
                int         code,
                const char *member,
                const char *what)
{
  if (r->error != NULL && *r->error == NULL)
    g_set_error (r->error, JZ_CHANGE_SET_ERROR, code, "changes[%u]%s%s: %s",
                 r->index, member ? "." : "", member ? member : "", what);
  return FALSE;
}

static gboolean
malformed (Reader     *r,
           const char *member,
           const char *what)
{
  return malformed_code (r, JZ_CHANGE_SET_ERROR_INVALID, member, what);
}

/* The same, in the edit being read: "changes[3].edits.name.v: …" */
static gboolean
malformed_edit (Reader     *r,
                int         code,
                const char *sub,
                const char *what)
{
  g_autofree char *where = g_strdup_printf ("edits.%s%s%s", r->field->str,
                                            sub != NULL && sub[0] != '[' ? "." : "", sub ? sub : "");

  return malformed_code (r, code, where, what);
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

/* The next character after spaces, taken if it is @c. */
static gboolean
take (Reader *r,
      char    c)
{
  skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

static char
peek (Reader *r)
{
  skip_space (r);
  return r->p < r->end ? *r->p : '\0';
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (guint i = 0; i < 4; i++)
    {
      char c = p[i];
      int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
              c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

      if (h < 0)
        return -1;
      v = (v << 4) | h;
    }
  return v;
}

/* At a string's opening quote (spaces before it skipped): its text,
 * decoded, into @into. */
static gboolean
read_string (Reader  *r,
             GString *into)
{
  const char *run;

  g_string_truncate (into, 0);
  if (!take (r, '"'))
    return FALSE;
  run = r->p;
  while (r->p < r->end)
    {
      guchar c = (guchar) *r->p;
      int u, low;

      if (c == '"')
        {
          g_string_append_len (into, run, r->p - run);
          r->p++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          r->p++;
          continue;
        }
      g_string_append_len (into, run, r->p - run);
      if (r->end - r->p < 2)
        return FALSE;
      switch (r->p[1])
        {
        case '"': case '\\': case '/':
          g_string_append_c (into, r->p[1]);
          break;
        case 'b': g_string_append_c (into, '\b'); break;
        case 'f': g_string_append_c (into, '\f'); break;
        case 'n': g_string_append_c (into, '\n'); break;
        case 'r': g_string_append_c (into, '\r'); break;
        case 't': g_string_append_c (into, '\t'); break;
        case 'u':
          if (r->end - r->p < 6 || (u = hex4 (r->p + 2)) <= 0 || (u >= 0xdc00 && u <= 0xdfff))
            return FALSE;
          if (u >= 0xd800 && u <= 0xdbff)
            {
              if (r->end - r->p < 12 || r->p[6] != '\\' || r->p[7] != 'u' ||
                  (low = hex4 (r->p + 8)) < 0xdc00 || low > 0xdfff)
                return FALSE;
              u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              r->p += 6;
            }
          g_string_append_unichar (into, (gunichar) u);
          r->p += 4;
          break;
        default:
          return FALSE;
        }
      r->p += 2;
      run = r->p;
    }
  return FALSE;
}

/* A number: whether it is an integer json-glib keeps as an int64 (no
 * fraction, no exponent, in range), and its value. */
static gboolean
read_number (Reader *r,
             gint64 *out,
             gboolean *integer)
{
  const char *from;
  char buf[32];
  gsize n;

  skip_space (r);
  from = r->p;
  while (r->p < r->end && (g_ascii_isdigit (*r->p) || *r->p == '-' || *r->p == '+' ||
                           *r->p == '.' || *r->p == 'e' || *r->p == 'E'))
    r->p++;
  n = (gsize) (r->p - from);
  if (n == 0)
    return FALSE;
  *integer = FALSE;
  if (n >= sizeof buf || memchr (from, '.', n) || memchr (from, 'e', n) || memchr (from, 'E', n))
    return TRUE;
  memcpy (buf, from, n);
  buf[n] = '\0';
  errno = 0;
  *out = g_ascii_strtoll (buf, NULL, 10);
  *integer = errno == 0;
  return TRUE;
}

static gboolean
read_word (Reader     *r,
           const char *word)
{
  gsize n = strlen (word);

  skip_space (r);
  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

/* Any value, unread: the text is checked JSON, so brackets in strings are
 * the only thing to step over. */
static gboolean
skip_value (Reader *r)
{
  guint depth = 0;

  skip_space (r);
  do
    {
      if (r->p == r->end)
        return FALSE;
      switch (*r->p)
        {
        case '"':
          if (!read_string (r, r->value))
            return FALSE;
          continue;
        case '{': case '[':
          depth++;
          break;
        case '}': case ']':
          if (depth == 0)
            return FALSE;
          depth--;
          break;
        default:
          break;
        }
      r->p++;
    }
  while (depth > 0 || (r->p < r->end && *r->p != ',' && *r->p != '}' && *r->p != ']' &&
                       *r->p != ' ' && *r->p != '\n' && *r->p != '\t' && *r->p != '\r'));
  return TRUE;
}

/* ---- edits ----------------------------------------------------------------- */

/* A bare value (a string, a boolean, null, a list of strings), written to
 * r->edits as the store writes it, and what the row takes of it. @sub:
 * "v" inside an edit object, for messages. */
static gboolean
read_bare_value (Reader     *r,
                 const char *sub,
                 JzRowValue *value)
{
  char c = peek (r);

  if (c == '"')
    {
      if (!read_string (r, r->value))
        return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, sub, "expected a string");
      jz_text_append_json_string (r->edits, r->value->str);
      value->kind = JZ_ROW_TEXT;
      value->text = g_string_chunk_insert_len (r->page->chunk, r->value->str, r->value->len);
      return TRUE;
    }
  if (c == 't' || c == 'f')
    {
      if (!read_word (r, c == 't' ? "true" : "false"))
        return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, sub, "expected true or false");
      g_string_append (r->edits, c == 't' ? "true" : "false");
      value->kind = c == 't' ? JZ_ROW_TRUE : JZ_ROW_FALSE;
      return TRUE;
    }
  if (c == 'n')
    {
      if (!read_word (r, "null"))
        return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, sub, "expected null");
      g_string_append (r->edits, "null");
      value->kind = JZ_ROW_UNSET;
      return TRUE;
    }
  if (c == '[')
    {
      g_autoptr(JsonArray) list = json_array_new ();
      guint n = 0;

      r->p++;
      g_string_append_c (r->edits, '[');
      if (!take (r, ']'))
        {
          do
            {
              if (peek (r) != '"' || !read_string (r, r->value))
                {
                  g_autofree char *at = g_strdup_printf ("%s[%u]", sub != NULL ? sub : "", n);

                  /* "changes[0].edits.name[1]", "….name.v[1]" */
                  return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, at, "expected a string");
                }
              if (n++ > 0)
                g_string_append_c (r->edits, ',');
              jz_text_append_json_string (r->edits, r->value->str);
              json_array_add_string_element (list, r->value->str);
            }
          while (take (r, ','));
          if (!take (r, ']'))
            return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, sub, "expected “,” or “]”");
        }
      g_string_append_c (r->edits, ']');
      value->kind = JZ_ROW_NODE;
      value->node = json_node_init_array (json_node_alloc (), list);
      g_ptr_array_add (r->page->nodes, value->node);
      return TRUE;
    }
  if (c == '-' || g_ascii_isdigit (c))
    return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, sub,
                           "numbers are not field values; values are strings, booleans, "
                           "lists of strings or null");
  return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, sub,
                         "expected a string, a boolean, a list of strings or null");
}

/* {"v": VALUE, "p": [STAMP, …]}; *@self_parent set when a stamp is
 * @stamp, the change set's own (a record that names itself a parent
 * takes the general merge, as in materialise_single()). */
static gboolean
read_edit_object (Reader     *r,
                  const char *stamp,
                  JzRowValue *value,
                  gboolean   *self_parent)
{
  gboolean has_v = FALSE;
  guint n = 0;

  r->p++;   /* the "{" peeked */
  g_string_append_c (r->edits, '{');
  if (!take (r, '}'))
    {
      do
        {
          if (peek (r) != '"' || !read_string (r, r->name) || !take (r, ':'))
            return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, NULL, "expected a member name");
          if (n++ > 0)
            g_string_append_c (r->edits, ',');
          jz_text_append_json_string (r->edits, r->name->str);
          g_string_append_c (r->edits, ':');
          if (g_str_equal (r->name->str, "v"))
            {
              has_v = TRUE;
              if (!read_bare_value (r, "v", value))
                return FALSE;
            }
          else if (g_str_equal (r->name->str, "p"))
            {
              guint k = 0;

              if (!take (r, '['))
                return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, "p", "expected a list of stamps");
              g_string_append_c (r->edits, '[');
              if (!take (r, ']'))
                {
                  do
                    {
                      g_autofree char *site = NULL;
                      guint64 hlc;

                      if (peek (r) != '"' || !read_string (r, r->value) ||
                          !jz_stamp_parse (r->value->str, &hlc, &site))
                        {
                          g_autofree char *at = g_strdup_printf ("p[%u]", k);

                          return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, at,
                                                 "expected a stamp (16 hex digits, “@”, a site id)");
                        }
                      if (self_parent != NULL && g_str_equal (r->value->str, stamp))
                        *self_parent = TRUE;
                      if (k++ > 0)
                        g_string_append_c (r->edits, ',');
                      jz_text_append_json_string (r->edits, r->value->str);
                    }
                  while (take (r, ','));
                  if (!take (r, ']'))
                    return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, "p", "expected “,” or “]”");
                }
              g_string_append_c (r->edits, ']');
            }
          else
            {
              g_autofree char *member = g_strdup (r->name->str);

              return malformed_edit (r, JZ_CHANGE_SET_ERROR_UNKNOWN_MEMBER, member,
                                     "unknown member (an edit is a value or {\"v\": value, \"p\": [stamps]})");
            }
        }
      while (take (r, ','));
      if (!take (r, '}'))
        return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, NULL, "expected “,” or “}”");
    }
  g_string_append_c (r->edits, '}');
  if (!has_v)
    return malformed_edit (r, JZ_CHANGE_SET_ERROR_INVALID, NULL, "an edit object needs “v”");
  return TRUE;
}

/* Whether the row gives a plain @value of a field of @def back byte for
 * byte as _jz_store_edits_text() writes it: of the kinds a local creation
 * keeps (no photos, and no code lists either: their text comes from
 * another writer), and a status the workflow starts with. A creation is
 * kept in its row when every field is such, of the model, in its order. */
static gboolean
kept_in_row (const JzRecordType *type,
             const JzFieldDef   *def,
             const JzRowValue   *value)
{
  switch (def->kind)
    {
    case JZ_FIELD_PHOTO:
    case JZ_FIELD_PHOTO_LIST:
    case JZ_FIELD_CODE_LIST:
      return FALSE;
    case JZ_FIELD_BOOL:
      return value->kind == JZ_ROW_TRUE || value->kind == JZ_ROW_FALSE;
    case JZ_FIELD_STATUS:
      return value->kind == JZ_ROW_TEXT && jz_record_type_allows (type, NULL, value->text);
    default:
      return value->kind == JZ_ROW_TEXT;
    }
}

/* A field of @type by name: after @last first, as a creation names its
 * fields in the model's order. */
static const JzFieldDef *
find_field (const JzRecordType *type,
            const JzFieldDef   *last,
            const char         *name)
{
  guint from = last != NULL ? (guint) (last - type->fields) + 1 : 0;

  for (guint i = from; i < type->n_fields; i++)
    if (strcmp (type->fields[i].name, name) == 0)
      return &type->fields[i];
  for (guint i = 0; i < from && i < type->n_fields; i++)
    if (strcmp (type->fields[i].name, name) == 0)
      return &type->fields[i];
  return NULL;
}

/* The edits object (its "{" next), for a change set of @type stamped
 * @stamp: its text, whether its record's row can keep it, and the row. */
static gboolean
read_edits (Reader             *r,
            const JzRecordType *type,
            const char         *stamp,
            JzPageSet          *set)
{
  g_autofree JzRowValue *row = g_new0 (JzRowValue, type->n_fields);
  const JzFieldDef *last = NULL;
  gboolean elidable = TRUE, self_parent = FALSE;
  guint n = 0;

  g_string_truncate (r->edits, 0);
  g_string_append_c (r->edits, '{');
  if (!take (r, '{'))
    return malformed (r, "edits", "expected an object of field edits");
  if (!take (r, '}'))
    {
      do
        {
          const JzFieldDef *def;
          JzRowValue value = { 0 };
          gboolean plain;

          if (peek (r) != '"' || !read_string (r, r->field) || !take (r, ':'))
            return malformed (r, "edits", "expected a member name");
          if (n++ > 0)
            g_string_append_c (r->edits, ',');
          jz_text_append_json_string (r->edits, r->field->str);
          g_string_append_c (r->edits, ':');
          def = find_field (type, last, r->field->str);
          plain = peek (r) != '{';
          if (plain ? !read_bare_value (r, NULL, &value)
                    : !read_edit_object (r, stamp, &value, def != NULL ? &self_parent : NULL))
            return FALSE;

          if (def == NULL || (last != NULL && def <= last) || !plain || !kept_in_row (type, def, &value))
            elidable = FALSE;
          if (def == NULL)
            continue;
          last = def;
          /* a status is the one transition from the initial state, or none */
          if (def->kind == JZ_FIELD_STATUS &&
              !(value.kind == JZ_ROW_TEXT && jz_record_type_allows (type, NULL, value.text)))
            value.kind = JZ_ROW_UNSET;
          row[def - type->fields] = value;
        }
      while (take (r, ','));
      if (!take (r, '}'))
        return malformed (r, "edits", "expected “,” or “}”");
    }
  g_string_append_c (r->edits, '}');

  set->text = g_string_chunk_insert_len (r->page->chunk, r->edits->str, r->edits->len);
  set->elidable = elidable && last != NULL;
  if (self_parent)
    {
      /* the general merge, which reads the edits as a tree */
      g_autoptr(JsonNode) node = jz_json_parse_strict (r->edits->str, r->edits->len, NULL, NULL);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return malformed (r, "edits", "expected an object of field edits");
      set->cs->edits = json_object_ref (json_node_get_object (node));
    }
  else
    set->row = g_steal_pointer (&row);
  return TRUE;
}

/* ---- change sets ---------------------------------------------------------- */

static gboolean
read_change_set (Reader    *r,
                 JzPageSet *set)
{
  g_autofree char *record = NULL, *rtype = NULL, *site = NULL, *author = NULL, *stamp = NULL;
  const JzRecordType *type = NULL;
  const char *edits_at = NULL, *after;
  gint64 hlc = 0;
  guint seen = 0;

  if (!take (r, '{'))
    return malformed (r, NULL, "expected a change set object");
  if (!take (r, '}'))
    {
      do
        {
          static const char *const known[] = { "record", "type", "hlc", "site", "author", "edits" };
          const char *name;
          guint bit = 1u << G_N_ELEMENTS (known);

          if (peek (r) != '"' || !read_string (r, r->name) || !take (r, ':'))
            return malformed (r, NULL, "expected a member name");
          name = r->name->str;
          /* named twice: the scanner refuses it first in a pulled page */
          for (guint k = 0; k < G_N_ELEMENTS (known); k++)
            if (g_str_equal (name, known[k]))
              bit = 1u << k;
          if ((seen & bit) != 0)
            {
              g_autofree char *member = g_strdup (name);

              return malformed (r, member, "this member is named twice in the same object");
            }
          seen |= bit;
          if (r->seq_member != NULL && g_str_equal (name, r->seq_member))
            {
              gint64 seq = 0;
              gboolean integer = FALSE;

              if (!read_number (r, &seq, &integer) || !integer || seq <= 0)
                return malformed (r, r->seq_member, "expected a positive integer");
            }
          else if (g_str_equal (name, "record"))
            {
              if (!read_string (r, r->value) || !jz_uuid_is_valid (r->value->str))
                return malformed (r, "record", "expected a record id (a UUID)");
              record = g_strndup (r->value->str, r->value->len);
            }
          else if (g_str_equal (name, "type"))
            {
              if (!read_string (r, r->value) || (type = jz_model_lookup (r->value->str)) == NULL)
                return malformed (r, "type", "expected one of person, registration, application, "
                                             "material, permit, endorsement, notice");
              rtype = g_strndup (r->value->str, r->value->len);
            }
          else if (g_str_equal (name, "hlc"))
            {
              gboolean integer = FALSE;

              if (!read_number (r, &hlc, &integer) || !integer || hlc <= 0)
                return malformed (r, "hlc", "expected a positive integer");
            }
          else if (g_str_equal (name, "site"))
            {
              if (!read_string (r, r->value) || !jz_site_id_is_valid (r->value->str))
                return malformed (r, "site", "expected a site id (32 lower-case hex digits)");
              site = g_strndup (r->value->str, r->value->len);
            }
          else if (g_str_equal (name, "author"))
            {
              if (!read_string (r, r->value))
                return malformed (r, "author", "expected a string");
              author = g_strndup (r->value->str, r->value->len);
            }
          else if (g_str_equal (name, "edits"))
            {
              /* read once the type and the stamp are known */
              if (peek (r) != '{')
                return malformed (r, "edits", "expected an object of field edits");
              edits_at = r->p;
              if (!skip_value (r))
                return malformed (r, "edits", "expected an object of field edits");
            }
          else
            {
              g_autofree char *member = g_strdup (name);

              return malformed_code (r, JZ_CHANGE_SET_ERROR_UNKNOWN_MEMBER, member,
                                     "unknown member of a change set");
            }
        }
      while (take (r, ','));
      if (!take (r, '}'))
        return malformed (r, NULL, "expected “,” or “}”");
    }

  if (record == NULL)
    return malformed (r, "record", "expected a record id (a UUID)");
  if (type == NULL)
    return malformed (r, "type", "expected one of person, registration, application, material, "
                                 "permit, endorsement, notice");
  if (hlc <= 0)
    return malformed (r, "hlc", "expected a positive integer");
  if (site == NULL)
    return malformed (r, "site", "expected a site id (32 lower-case hex digits)");
  if (edits_at == NULL)
    return malformed (r, "edits", "expected an object of field edits");

  set->cs = g_new0 (JzChangeSet, 1);
  set->cs->record = g_steal_pointer (&record);
  set->cs->rtype = g_steal_pointer (&rtype);
  set->cs->hlc = (guint64) hlc;
  set->cs->site = g_steal_pointer (&site);
  set->cs->author = author != NULL ? g_steal_pointer (&author) : g_strdup ("unknown");
  stamp = jz_stamp_format (set->cs->hlc, set->cs->site);

  after = r->p;
  r->p = edits_at;
  if (!read_edits (r, type, stamp, set))
    return FALSE;
  r->p = after;
  return TRUE;
}

/**
 * _jz_store_page_read:
 * @text: a JSON array of change sets, checked as JSON already (see above)
 * @seq_member: (nullable): "seq" (another device's export) or "server_seq"
 *   (a pull page): allowed in each, a positive integer
 *
 * Reads a page. Pure, so that a pulled page is read on the sync thread and
 * the store thread only writes it. A malformed page is returned with its
 * error (JZ_STORE_ERROR_INVALID) and no change sets.
 */
JzStorePage *
_jz_store_page_read (const char *text,
                     gsize       len,
                     const char *seq_member)
{
  JzStorePage *page = g_new0 (JzStorePage, 1);
  g_autoptr(GError) local = NULL;
  g_autoptr(GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);
  Reader r = { 0 };

  page->sets = g_array_new (FALSE, TRUE, sizeof (JzPageSet));
  g_array_set_clear_func (page->sets, (GDestroyNotify) page_set_clear);
  page->chunk = g_string_chunk_new (MAX (len, 256));
  page->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  r.p = text;
  r.end = text + len;
  r.seq_member = seq_member;
  r.name = g_string_sized_new (32);
  r.field = g_string_sized_new (32);
  r.value = g_string_sized_new (256);
  r.edits = g_string_sized_new (1024);
  r.page = page;
  r.error = &local;

  if (!take (&r, '['))
    {
      g_set_error_literal (&local, JZ_CHANGE_SET_ERROR, JZ_CHANGE_SET_ERROR_INVALID,
                           "changes: expected a list of change sets");
      goto out;
    }
  if (!take (&r, ']'))
    {
      do
        {
          JzPageSet set = { 0 };

          r.index = page->sets->len;
          if (!read_change_set (&r, &set))
            {
              page_set_clear (&set);
              goto out;
            }
          g_array_append_val (page->sets, set);
          g_hash_table_insert (records, set.cs->record,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (records, set.cs->record)) + 1));
        }
      while (take (&r, ','));
      r.index = page->sets->len;
      if (!take (&r, ']'))
        {
          malformed (&r, NULL, "expected “,” or “]” after a change set");
          goto out;
        }
    }
  skip_space (&r);
  if (r.p != r.end)
    {
      g_set_error_literal (&local, JZ_CHANGE_SET_ERROR, JZ_CHANGE_SET_ERROR_INVALID,
                           "changes: text after the list");
      goto out;
    }

  /* A record new to the store keeps its creation in its row, unless the
   * page changes it again: its row is written after the whole page, and
   * the second change set would need the creation's text before that. */
  for (guint i = 0; i < page->sets->len; i++)
    {
      JzPageSet *set = &g_array_index (page->sets, JzPageSet, i);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (records, set->cs->record)) > 1)
        set->elidable = FALSE;
    }

out:
  if (local != NULL)
    {
      g_array_set_size (page->sets, 0);
      g_set_error (&page->error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   "a change set received is malformed: %s", local->message);
    }
  g_string_free (r.name, TRUE);
  g_string_free (r.field, TRUE);
  g_string_free (r.value, TRUE);
  g_string_free (r.edits, TRUE);
  return page;
}
