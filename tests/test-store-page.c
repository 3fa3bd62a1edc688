/* test-store-page.c — a pulled page read straight from its text
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page reader (jz-store-page.c) replaced a json-glib tree, read by
 * jz_change_set_read() and written again by _jz_store_edits_text(). Both
 * of those still serve the server and the local saves, and they are the
 * specification here: thousands of change sets, made at random from the
 * model's fields, with escapes, spaces, members in any order and every
 * kind of fault, are read both ways, and must be refused alike, or read
 * to the same envelope, the same stored text, the same row and the same
 * choice of keeping the creation in its row.
 */
#include "config.h"

#include <string.h>

#include "jz-hlc.h"
#include "jz-json-scan.h"
#include "jz-text.h"
#include "jz-store-private.h"

#define SITE "0123456789abcdef0123456789abcdef"
#define RECORD "0190f7a4-1c2b-7d3e-8f40-123456789abc"

/* ---- the specification: the tree, as the store read it before ---------- */

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* whether the row keeps @cs, the first of its record (the rules the
 * store's own creations follow, jz-store-creation.c) */
static gboolean
spec_elidable (JzChangeSet *cs)
{
  const JzRecordType *type = jz_model_lookup (cs->rtype);
  const JzFieldDef *last = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, cs->edits);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      const JzFieldDef *def = jz_record_type_field (type, name);
      gboolean kept;

      if (def == NULL || (last != NULL && def <= last))
        return FALSE;
      last = def;
      switch (def->kind)
        {
        case JZ_FIELD_PHOTO:
        case JZ_FIELD_PHOTO_LIST:
        case JZ_FIELD_CODE_LIST:
          kept = FALSE;
          break;
        case JZ_FIELD_BOOL:
          kept = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN;
          break;
        case JZ_FIELD_STATUS:
          kept = is_string (value) && jz_record_type_allows (type, NULL, json_node_get_string (value));
          break;
        default:
          kept = is_string (value);
        }
      if (!kept)
        return FALSE;
    }
  return last != NULL;
}

/* the row materialise_single() makes of @cs alone; FALSE when the change
 * set names itself a parent (the general merge) */
static gboolean
spec_row (JzChangeSet  *cs,
          JsonNode    **values)
{
  const JzRecordType *type = jz_model_lookup (cs->rtype);
  g_autofree char *stamp = jz_stamp_format (cs->hlc, cs->site);

  for (guint i = 0; i < type->n_fields; i++)
    {
      JsonNode *node = json_object_get_member (cs->edits, type->fields[i].name);

      values[i] = node;
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *e = json_node_get_object (node);
          JsonNode *p = json_object_get_member (e, "p");

          for (guint k = 0; p != NULL && k < json_array_get_length (json_node_get_array (p)); k++)
            if (g_strcmp0 (json_array_get_string_element (json_node_get_array (p), k), stamp) == 0)
              return FALSE;
          values[i] = json_object_get_member (e, "v");
        }
      if (type->fields[i].kind == JZ_FIELD_STATUS &&
          !(is_string (values[i]) && jz_record_type_allows (type, NULL, json_node_get_string (values[i]))))
        values[i] = NULL;
    }
  return TRUE;
}

static void
assert_row_value (const JzRowValue *got,
                  JsonNode         *want)
{
  if (want == NULL || JSON_NODE_HOLDS_NULL (want))
    g_assert_cmpint (got->kind, ==, JZ_ROW_UNSET);
  else if (is_string (want))
    {
      g_assert_cmpint (got->kind, ==, JZ_ROW_TEXT);
      g_assert_cmpstr (got->text, ==, json_node_get_string (want));
    }
  else if (JSON_NODE_HOLDS_VALUE (want) && json_node_get_value_type (want) == G_TYPE_BOOLEAN)
    g_assert_cmpint (got->kind, ==, json_node_get_boolean (want) ? JZ_ROW_TRUE : JZ_ROW_FALSE);
  else
    {
      g_autofree char *a = NULL, *b = NULL;

      g_assert_cmpint (got->kind, ==, JZ_ROW_NODE);
      a = json_to_string (got->node, FALSE);
      b = json_to_string (want, FALSE);
      g_assert_cmpstr (a, ==, b);
    }
}

/* ---- change sets at random ------------------------------------------------ */

static void
space (GString *out,
       GRand   *rand)
{
  static const char *spaces[] = { " ", "\n", "\t ", "\r\n  " };

  if (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append (out, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
}

/* a JSON string, escaped at random the many ways JSON allows */
static void
string (GString    *out,
        GRand      *rand,
        const char *text)
{
  static const char controls[] = "\b\f\n\r\t";

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int how = g_rand_int_range (rand, 0, 6);

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", (char) c);
      else if (how < 3 && c > 0 && c < 0x20 && strchr (controls, (int) c) != NULL)
        g_string_append_printf (out, "\\%c", "bfnrt"[strchr (controls, (int) c) - controls]);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else if (how == 0 && c < 0x10000)
        g_string_append_printf (out, "\\u%04X", c);
      else if (how == 0)
        g_string_append_printf (out, "\\u%04x\\u%04x", 0xd800 + ((c - 0x10000) >> 10),
                                0xdc00 + ((c - 0x10000) & 0x3ff));
      else if (how == 1 && c == '/')
        g_string_append (out, "\\/");
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
}

static const char *words[] = {
  "李明", "Zhang San", "吉林省长春市", "a \"quoted\" word", "back\\slash", "tab\there", "line\nbreak", "bell\b form\f cr\r",
  "😀 emoji", "/slash/", "", "220102199001011234", "active", "draft", "submitted", "M", "F", "01",
};

/* a bare value; @fault: a number instead */
static void
bare_value (GString *out,
            GRand   *rand,
            gboolean fault)
{
  int kind = g_rand_int_range (rand, 0, 10);

  if (fault)
    {
      g_string_append (out, g_rand_boolean (rand) ? "42" : "-1.5e3");
      return;
    }
  if (kind < 6)
    string (out, rand, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  else if (kind == 6)
    g_string_append (out, g_rand_boolean (rand) ? "true" : "false");
  else if (kind == 7)
    g_string_append (out, "null");
  else
    {
      int n = g_rand_int_range (rand, 0, 3);

      g_string_append_c (out, '[');
      for (int i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          space (out, rand);
          string (out, rand, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      g_string_append_c (out, ']');
    }
}

/* One change set of a random type; @fault: 0 for none, else which. */
static char *
change_set (GRand *rand,
            int    fault,
            gint64 hlc)
{
  guint n_types;
  const JzRecordType *const *types = jz_model_types (&n_types);
  const JzRecordType *type = types[g_rand_int_range (rand, 0, n_types)];
  g_autoptr(GString) edits = g_string_new ("{");
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stamp = jz_stamp_format ((guint64) hlc, SITE);
  GString *out = g_string_new ("{");
  guint n = 0;
  /* in the model's order mostly (a creation), else shuffled */
  gboolean ordered = g_rand_int_range (rand, 0, 3) > 0;
  guint start = ordered ? 0 : (guint) g_rand_int_range (rand, 0, type->n_fields);

  for (guint k = 0; k < type->n_fields; k++)
    {
      const JzFieldDef *def = &type->fields[(start + k) % type->n_fields];

      if (g_rand_int_range (rand, 0, 3) == 0)
        continue;
      if (n++ > 0)
        g_string_append_c (edits, ',');
      space (edits, rand);
      string (edits, rand, def->name);
      space (edits, rand);
      g_string_append_c (edits, ':');
      space (edits, rand);
      if (g_rand_int_range (rand, 0, 8) == 0)
        {
          /* an edit object, its parents sometimes the change set's own stamp */
          g_string_append (edits, "{\"p\":[");
          string (edits, rand, g_rand_int_range (rand, 0, 4) == 0
                               ? stamp : "0000000000000001@fedcba9876543210fedcba9876543210");
          g_string_append (edits, fault == 1 ? ",\"yesterday\"]," : "],");
          space (edits, rand);
          g_string_append (edits, fault == 2 ? "\"q\":1,\"v\":" : "\"v\":");
          bare_value (edits, rand, FALSE);
          g_string_append_c (edits, '}');
        }
      else
        bare_value (edits, rand, fault == 3 && n == 1);
    }
  if (fault == 4 || g_rand_int_range (rand, 0, 10) == 0)
    {
      /* a field this version does not know: kept, not elided */
      g_string_append_printf (edits, "%s\"future_field\":", n++ > 0 ? "," : "");
      bare_value (edits, rand, FALSE);
    }
  if (fault == 5)
    g_string_append_printf (edits, "%s\"x\":{\"p\":[]}", n > 0 ? "," : "");
  g_string_append_c (edits, '}');

  if (fault != 6)
    g_ptr_array_add (members, g_strdup_printf ("\"record\":\"%s\"", RECORD));
  g_ptr_array_add (members, g_strdup_printf ("\"type\":\"%s\"", fault == 7 ? "pet" : type->name));
  g_ptr_array_add (members, fault == 8 ? g_strdup_printf ("\"hlc\":\"%" G_GINT64_FORMAT "\"", hlc)
                            : fault == 9 ? g_strdup_printf ("\"hlc\":%" G_GINT64_FORMAT ".0", hlc)
                            : fault == 10 ? g_strdup ("\"hlc\":-3")
                            : fault == 11 ? g_strdup ("\"hlc\":99999999999999999999")
                            : g_strdup_printf ("\"hlc\":%" G_GINT64_FORMAT, hlc));
  g_ptr_array_add (members, g_strdup_printf ("\"site\":\"%s\"", fault == 12 ? "ABC" : SITE));
  if (g_rand_boolean (rand))
    g_ptr_array_add (members, fault == 13 ? g_strdup ("\"author\":null") : g_strdup ("\"author\":\"村委会 clerk\""));
  if (g_rand_boolean (rand) || fault == 14)
    g_ptr_array_add (members, g_strdup_printf ("\"server_seq\":%d", fault == 14 ? 0 : 17));
  if (fault == 15)
    g_ptr_array_add (members, g_strdup ("\"extra\":1"));
  if (fault != 16)
    g_ptr_array_add (members, g_strdup_printf ("\"edits\":%s", fault == 17 ? "[]" : edits->str));
  /* members in any order */
  for (guint i = members->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      gpointer t = members->pdata[i - 1];

      members->pdata[i - 1] = members->pdata[j];
      members->pdata[j] = t;
    }
  for (guint i = 0; i < members->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      space (out, rand);
      g_string_append (out, members->pdata[i]);
      space (out, rand);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* ---- the tests -------------------------------------------------------------- */

/* Read both ways; returns whether the page was accepted. */
static gboolean
compare (const char *text)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(JsonNode) root = jz_json_parse_strict (text, strlen (text), NULL, &tree_error);
  g_autoptr(JzChangeSet) cs = NULL;
  g_autoptr(JzStorePage) page = NULL;

  g_assert_no_error (tree_error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  cs = jz_change_set_read (json_array_get_element (json_node_get_array (root), 0), "changes[0]",
                           "server_seq", NULL, &tree_error);
  page = _jz_store_page_read (text, strlen (text), "server_seq");

  if (cs == NULL)
    {
      if (page->error == NULL)
        g_error ("accepted, the tree refuses it (%s): %s", tree_error->message, text);
      g_assert_error (page->error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (page->error->message, "changes[0]"));
      g_assert_cmpuint (page->sets->len, ==, 0);
      return FALSE;
    }
  if (page->error != NULL)
    g_error ("refused (%s), the tree reads it: %s", page->error->message, text);

  {
    JzPageSet *set = &g_array_index (page->sets, JzPageSet, 0);
    const JzRecordType *type = jz_model_lookup (cs->rtype);
    g_autofree char *want_text = _jz_store_edits_text (cs->edits);
    JsonNode *values[type->n_fields];

    g_assert_cmpstr (set->cs->record, ==, cs->record);
    g_assert_cmpstr (set->cs->rtype, ==, cs->rtype);
    g_assert_cmpuint (set->cs->hlc, ==, cs->hlc);
    g_assert_cmpstr (set->cs->site, ==, cs->site);
    g_assert_cmpstr (set->cs->author, ==, cs->author);
    g_assert_cmpstr (set->text, ==, want_text);
    g_assert_cmpint (set->elidable, ==, spec_elidable (cs));
    if (!spec_row (cs, values))
      {
        /* the general merge: the edits as a tree, the same as the text's */
        g_autofree char *got = NULL;

        g_assert_null (set->row);
        g_assert_nonnull (set->cs->edits);
        got = _jz_store_edits_text (set->cs->edits);
        g_assert_cmpstr (got, ==, want_text);
      }
    else
      {
        g_assert_nonnull (set->row);
        g_assert_null (set->cs->edits);
        for (guint i = 0; i < type->n_fields; i++)
          assert_row_value (&set->row[i], values[i]);
      }
  }
  return TRUE;
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261208);
  guint accepted = 0, refused = 0, rounds = g_test_slow () ? 100000 : 6000;

  for (guint i = 0; i < rounds; i++)
    {
      int fault = g_rand_int_range (rand, 0, 3) == 0 ? g_rand_int_range (rand, 1, 18) : 0;
      g_autofree char *cs = change_set (rand, fault, 1700000000000LL << 16 | i);
      g_autofree char *text = g_strdup_printf ("[%s]", cs);

      if (compare (text))
        accepted++;
      else
        refused++;
    }
  g_test_message ("%u read alike, %u refused alike", accepted, refused);
  g_assert_cmpuint (accepted, >, rounds / 2);
  g_assert_cmpuint (refused, >, rounds / 10);
}

/* The reader is given checked JSON, but no text may crash it: pages cut
 * short, bytes changed, bytes put in (run under valgrind too). */
static void
test_hostile (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const char junk[] = "\"\\{}[],:0123456789-.eE tfnu\x80\xff";

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *cs = change_set (rand, 0, 1700000000000LL << 16 | i);
      g_autofree char *page = g_strdup_printf ("[%s,%s]", cs, cs);
      gsize len = strlen (page);

      for (guint m = 0; m < 40; m++)
        {
          g_autofree char *text = g_memdup2 (page, len + 1);
          gsize n = len, at = (gsize) g_rand_int_range (rand, 0, (gint32) len);
          g_autoptr(JzStorePage) read = NULL;
          g_autofree char *exact = NULL;

          switch (m % 3)
            {
            case 0:
              n = at;
              break;
            case 1:
              text[at] = junk[g_rand_int_range (rand, 0, sizeof junk - 1)];
              break;
            default:
              memmove (text + at + 1, text + at, len - at - 1);
              text[at] = junk[g_rand_int_range (rand, 0, sizeof junk - 1)];
              break;
            }
          /* exactly @n bytes, no NUL after them: the reader keeps to them */
          exact = g_memdup2 (text, MAX (n, 1));
          read = _jz_store_page_read (exact, n, "server_seq");
          g_assert_true (read->error != NULL || read->sets->len == 2);
        }
    }
}

/* A record twice in a page keeps its creation's text; each once is kept
 * in its row when it can be; what is not a list of change sets is
 * refused whole. */
static void
test_page (void)
{
#define PERSON(hlc) "{\"record\":\"" RECORD "\",\"type\":\"person\",\"hlc\":" #hlc ",\"site\":\"" SITE "\"," \
                    "\"edits\":{\"name\":\"李\"}}"
  const char *a = PERSON (1);
  const char *b = PERSON (2);
  g_autofree char *twice = g_strdup_printf ("[%s, %s]", a, b);
  g_autofree char *once = g_strdup_printf ("[%s]", a);
  const char *bad[] = { "", "{}", "[1]", "[{}]x", "[[]]", "\"changes\"", "[", "[{\"record\":",
                        /* not checked by the scanner: a member twice is refused, not leaked */
                        "[{\"record\":\"" RECORD "\",\"record\":\"" RECORD "\"}]",
                        "[{\"author\":\"a\",\"author\":\"b\"}]" };
  g_autoptr(JzStorePage) page = _jz_store_page_read (twice, strlen (twice), "server_seq");
  g_autoptr(JzStorePage) one = _jz_store_page_read (once, strlen (once), "server_seq");
  g_autoptr(JzStorePage) empty = _jz_store_page_read (" [ ] ", 5, "server_seq");

  g_assert_no_error (page->error);
  g_assert_cmpuint (page->sets->len, ==, 2);
  g_assert_false (g_array_index (page->sets, JzPageSet, 0).elidable);
  g_assert_false (g_array_index (page->sets, JzPageSet, 1).elidable);
  g_assert_no_error (one->error);
  g_assert_true (g_array_index (one->sets, JzPageSet, 0).elidable);
  g_assert_no_error (empty->error);
  g_assert_cmpuint (empty->sets->len, ==, 0);

  /* the element at fault named, as jz_change_set_read() names it */
  {
    const char *list = "[{\"record\":\"" RECORD "\",\"type\":\"person\",\"hlc\":1,\"site\":\"" SITE "\","
                       "\"edits\":{\"name\":[\"a\",1]}}]";
    const char *stamp = "[{\"record\":\"" RECORD "\",\"type\":\"person\",\"hlc\":1,\"site\":\"" SITE "\","
                        "\"edits\":{\"name\":{\"v\":\"a\",\"p\":[\"0000000000000001@" SITE "\",\"x\"]}}}]";
    g_autoptr(JzStorePage) in_list = _jz_store_page_read (list, strlen (list), "server_seq");
    g_autoptr(JzStorePage) in_stamps = _jz_store_page_read (stamp, strlen (stamp), "server_seq");

    g_assert_nonnull (strstr (in_list->error->message, "changes[0].edits.name[1]: expected a string"));
    g_assert_nonnull (strstr (in_stamps->error->message, "changes[0].edits.name.p[1]: expected a stamp"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JzStorePage) p = _jz_store_page_read (bad[i], strlen (bad[i]), "server_seq");

      g_assert_error (p->error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID);
      g_assert_cmpuint (p->sets->len, ==, 0);
    }
}

/* The answer's "changes" are checked with the rest but not built. */
static void
test_deferred (void)
{
  const char *answer = "{\"more\": true, \"changes\" : [ {\"a\": [1, {\"b\": \"}]\"}]} ] , \"next\": 3}";
  const char *dup = "{\"changes\": [{\"a\": 1, \"a\": 2}], \"next\": 3}";
  const char *nul = "{\"next\": 3, \"changes\": [\"\\u0000\"]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *slice = NULL;
  gsize from = 1, to = 1;

  root = jz_json_parse_strict_deferring (answer, strlen (answer), NULL, "changes", &from, &to, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (json_node_get_object (root), "changes"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "next"), ==, 3);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "more"));
  slice = g_strndup (answer + from, to - from);
  g_assert_cmpstr (slice, ==, "[ {\"a\": [1, {\"b\": \"}]\"}]} ]");
  g_clear_pointer (&root, json_node_unref);

  root = jz_json_parse_strict_deferring ("{\"next\": 1}", 11, NULL, "changes", &from, &to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (to, ==, 0);
  g_clear_pointer (&root, json_node_unref);

  root = jz_json_parse_strict_deferring (dup, strlen (dup), NULL, "changes", &from, &to, &error);
  g_assert_null (root);
  g_assert_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "changes[0].a"));
  g_clear_error (&error);

  root = jz_json_parse_strict_deferring (nul, strlen (nul), NULL, "changes", &from, &to, &error);
  g_assert_null (root);
  g_assert_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_NUL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store-page/random", test_random);
  g_test_add_func ("/store-page/hostile", test_hostile);
  g_test_add_func ("/store-page/page", test_page);
  g_test_add_func ("/store-page/deferred", test_deferred);

  return g_test_run ();
}
