/* test-json-scan.c — the strict JSON check run before any body is parsed
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-json-scan.h"
#include "jz-text.h"

static void
expect_ok (const char *text)
{
  g_autoptr(GError) error = NULL;

  if (!jz_json_scan (text, strlen (text), NULL, &error))
    g_error ("%s: %s", text, error->message);
}

static void
expect_fail (const char *text,
             int         code,
             const char *message_part)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (jz_json_scan (text, strlen (text), NULL, &error));
  g_assert_error (error, JZ_JSON_SCAN_ERROR, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("%s: message “%s” lacks “%s”", text, error->message, message_part);
}

static void
test_valid (void)
{
  expect_ok ("{}");
  expect_ok ("[]");
  expect_ok (" {\"a\" : [1, -2.5e+3, 0, true, false, null, \"x\"] } ");
  expect_ok ("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"");
  expect_ok ("{\"changes\":[{\"edits\":{\"name\":{\"v\":\"李明\",\"p\":[\"0000000000000001@00000000000000000000000000000000\"]}}}]}");
  /* the same name in two different objects is fine */
  expect_ok ("[{\"a\":1},{\"a\":2},{\"b\":{\"a\":3},\"a\":4}]");
}

static void
test_syntax (void)
{
  expect_fail ("", JZ_JSON_SCAN_ERROR_SYNTAX, "empty");
  expect_fail ("{\"a\":1,}", JZ_JSON_SCAN_ERROR_SYNTAX, "member name");
  expect_fail ("[1,]", JZ_JSON_SCAN_ERROR_SYNTAX, "unexpected character");
  expect_fail ("{} x", JZ_JSON_SCAN_ERROR_SYNTAX, "after the end");
  expect_fail ("{\"a\" 1}", JZ_JSON_SCAN_ERROR_SYNTAX, "“:”");
  expect_fail ("[01]", JZ_JSON_SCAN_ERROR_SYNTAX, "“,” or “]”");
  expect_fail ("[1.]", JZ_JSON_SCAN_ERROR_SYNTAX, "decimal point");
  expect_fail ("[tru]", JZ_JSON_SCAN_ERROR_SYNTAX, "unexpected character");
  expect_fail ("{\"a\":\"x", JZ_JSON_SCAN_ERROR_SYNTAX, "inside a string");
  expect_fail ("{\"a\":\"\x01\"}", JZ_JSON_SCAN_ERROR_SYNTAX, "a: a control character");
  expect_fail ("[\"\\x\"]", JZ_JSON_SCAN_ERROR_SYNTAX, "[0]: \\x is not a JSON escape");
  expect_fail ("// comment\n{}", JZ_JSON_SCAN_ERROR_SYNTAX, "unexpected character");
  expect_fail ("{\"a\":[1,2", JZ_JSON_SCAN_ERROR_SYNTAX, "ends early");
}

/* The attack of the issue: 100 000 "[" then 100 000 "]" crashed the server
 * inside json-glib. The scanner refuses it at the 65th level. */
static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  JzJsonLimits limits = { 4, 0 };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_assert_false (jz_json_scan (deep->str, deep->len, NULL, &error));
  g_assert_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_DEPTH);
  g_clear_error (&error);
  g_assert_null (jz_json_parse_strict (deep->str, deep->len, NULL, &error));
  g_assert_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_DEPTH);
  g_clear_error (&error);

  g_assert_true (jz_json_scan ("{\"a\":[[{}]]}", 12, &limits, NULL));
  g_assert_false (jz_json_scan ("{\"a\":[[{\"b\":[]}]]}", 18, &limits, &error));
  g_assert_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_DEPTH);
  g_assert_nonnull (strstr (error->message, "a[0][0].b: nested too deeply"));
}

static void
test_values (void)
{
  JzJsonLimits limits = { 0, 5 };
  g_autoptr(GError) error = NULL;

  g_assert_true (jz_json_scan ("[1,2,3,4]", 9, &limits, NULL));
  g_assert_false (jz_json_scan ("[1,2,3,4,5]", 11, &limits, &error));
  g_assert_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_TOO_MANY);
  g_assert_nonnull (strstr (error->message, "[4]: too many values"));
}

/* A "\u0000" inside a name was cut short without a word. */
static void
test_nul (void)
{
  g_autoptr(GError) error = NULL;
  const char raw[] = "{\"a\":\"x\0y\"}";

  expect_fail ("{\"changes\":[{\"edits\":{\"name\":\"李\\u0000明\"}}]}", JZ_JSON_SCAN_ERROR_NUL,
               "changes[0].edits.name: a string holds a NUL character");
  expect_fail ("{\"na\\u0000me\":1}", JZ_JSON_SCAN_ERROR_NUL, "NUL");
  g_assert_false (jz_json_scan (raw, sizeof raw - 1, NULL, &error));
  g_assert_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_NUL);
  g_assert_nonnull (strstr (error->message, "byte 7"));
}

static void
test_encoding (void)
{
  expect_fail ("[\"\xff\"]", JZ_JSON_SCAN_ERROR_ENCODING, "not UTF-8 at byte 2");
  expect_fail ("[\"\\ud800\"]", JZ_JSON_SCAN_ERROR_ENCODING, "lone high surrogate");
  expect_fail ("[\"\\udc00\"]", JZ_JSON_SCAN_ERROR_ENCODING, "lone low surrogate");
  expect_fail ("[\"\\ud800\\u0041\"]", JZ_JSON_SCAN_ERROR_ENCODING, "not followed by a low one");
}

/* json-glib keeps the last of two members with the same name: a change set
 * could say "type" twice and be read one way here, another way there. */
static void
test_duplicates (void)
{
  g_autoptr(GString) many = g_string_new ("{");

  expect_fail ("{\"type\":\"person\",\"type\":\"registration\"}", JZ_JSON_SCAN_ERROR_DUPLICATE,
               "type: this member is named twice");
  expect_fail ("{\"a\":1,\"\\u0061\":2}", JZ_JSON_SCAN_ERROR_DUPLICATE, "named twice");
  expect_fail ("{\"x\":{\"a\":1,\"b\":{},\"a\":2}}", JZ_JSON_SCAN_ERROR_DUPLICATE, "x.a: this member");

  /* past the linear comparison: the hash table */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (many, "\"k%u\":{\"inner\":%u},", i, i);
  g_string_append (many, "\"k7\":0}");
  expect_fail (many->str, JZ_JSON_SCAN_ERROR_DUPLICATE, "k7: this member is named twice");
  g_string_truncate (many, many->len - strlen ("\"k7\":0}"));
  g_string_append (many, "\"k99\":0}");
  expect_ok (many->str);
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = jz_json_parse_strict ("{\"a\":[1,\"b\"]}", 13, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "a")), ==, 2);
}

/* The tree jz_json_parse_strict() builds is the one json-glib's parser
 * makes of the same text: types, values, member order, nesting. */
static void
assert_same_tree (JsonNode   *a,
                  JsonNode   *b,
                  const char *text)
{
  g_autofree char *ta = json_to_string (a, FALSE);
  g_autofree char *tb = json_to_string (b, FALSE);

  if (!json_node_equal (a, b) || g_strcmp0 (ta, tb) != 0)
    g_error ("%s: built %s, json-glib %s", text, ta, tb);
}

static void
test_parse_same (void)
{
  const char *texts[] = {
    "{}", "[]", "0", "-0", "1.5", "-2.5e3", "1E2", "9223372036854775807", "-9223372036854775808",
    "true", "false", "null", "\"\"",
    "\"a\\u00e9\\ud83d\\ude00\\n\\\"\\/\\\\\"", " [1, [2, [3, {\"x\": []}]]] ",
    "{\"b\": 1, \"a\": 2, \"c\": {\"z\": null, \"y\": [true, false]}}",
    "{\"changes\":[{\"record\":\"r\",\"hlc\":112233445566778899,\"edits\":{\"name\":{\"v\":\"张三\",\"p\":[\"a@b\"]}}}],\"more\":false}",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) built = jz_json_parse_strict (texts[i], strlen (texts[i]), NULL, &error);

      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, texts[i], -1, &error));
      assert_same_tree (built, json_parser_get_root (parser), texts[i]);
    }

  /* an integer too large for int64 is a double, not wrapped round as
   * json-glib 1.6 wraps it (to a negative stamp) */
  {
    g_autoptr(JsonNode) big = jz_json_parse_strict ("9223372036854775808", 19, NULL, NULL);
    g_autoptr(JsonNode) huge = jz_json_parse_strict ("123456789012345678901234567890", 30, NULL, NULL);

    g_assert_cmpint (json_node_get_value_type (big), ==, G_TYPE_DOUBLE);
    g_assert_cmpfloat (json_node_get_double (big), >, 9.2e18);
    g_assert_cmpint (json_node_get_value_type (huge), ==, G_TYPE_DOUBLE);
  }

  /* random documents */
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) doc = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) built = NULL;
      guint open = 0;
      char closers[16];

      for (guint step = 0; step < 40; step++)
        {
          guint kind = g_rand_int_range (rand, 0, 8);
          gboolean in_object = open > 0 && closers[open - 1] == '}';
          gboolean first = doc->len == 0 || doc->str[doc->len - 1] == '[' || doc->str[doc->len - 1] == '{';

          if (doc->len > 0 && open == 0)
            break;
          if (!first)
            g_string_append_c (doc, ',');
          if (in_object)
            g_string_append_printf (doc, "\"k%u_%u\":", step, round);
          if (kind == 0 && open < 16)
            {
              g_string_append_c (doc, '{');
              closers[open++] = '}';
              continue;
            }
          if (kind == 1 && open < 16)
            {
              g_string_append_c (doc, '[');
              closers[open++] = ']';
              continue;
            }
          switch (kind)
            {
            case 2: g_string_append_printf (doc, "%d", g_rand_int_range (rand, -100000, 100000)); break;
            case 3: g_string_append_printf (doc, "%.3f", g_rand_double_range (rand, -1e6, 1e6)); break;
            case 4: g_string_append (doc, "\"居住\\t\\u4e2d\""); break;
            case 5: g_string_append (doc, g_rand_boolean (rand) ? "true" : "null"); break;
            default: g_string_append_printf (doc, "\"s%u\"", step); break;
            }
          if (open > 0 && g_rand_int_range (rand, 0, 3) == 0)
            g_string_append_c (doc, closers[--open]);
        }
      if (doc->len == 0 || (doc->str[doc->len - 1] == ',' ))
        continue;
      while (open > 0)
        g_string_append_c (doc, closers[--open]);
      built = jz_json_parse_strict (doc->str, doc->len, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, doc->str, -1, &error));
      assert_same_tree (built, json_parser_get_root (parser), doc->str);
    }
}

/* jz_text_append_json_string: what it writes reads back as the same text */
static void
test_write_string (void)
{
  const char *texts[] = {
    "", "plain", "张三 居住证", "say \"hi\"", "back\\slash", "tab\tnew\nline\r",
    "\x01\x1f control", "end\\", "\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GString) out = g_string_new ("[");
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *a;

      jz_text_append_json_string (out, texts[i]);
      g_string_append_c (out, ']');
      g_assert_true (jz_json_scan (out->str, out->len, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, out->str, (gssize) out->len, &error));
      a = json_node_get_array (json_parser_get_root (parser));
      g_assert_cmpstr (json_array_get_string_element (a, 0), ==, texts[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json-scan/valid", test_valid);
  g_test_add_func ("/json-scan/syntax", test_syntax);
  g_test_add_func ("/json-scan/depth", test_depth);
  g_test_add_func ("/json-scan/values", test_values);
  g_test_add_func ("/json-scan/nul", test_nul);
  g_test_add_func ("/json-scan/encoding", test_encoding);
  g_test_add_func ("/json-scan/duplicates", test_duplicates);
  g_test_add_func ("/json-scan/parse", test_parse);
  g_test_add_func ("/json-scan/parse-same", test_parse_same);
  g_test_add_func ("/json-scan/write-string", test_write_string);

  return g_test_run ();
}
