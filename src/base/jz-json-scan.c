/* jz-json-scan.c — strict JSON, checked before it is parsed
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 8259, nothing more: no comments, no trailing commas, no bare words,
 * UTF-8 only. The scanner keeps a stack of the open objects and arrays (as
 * deep as the limit allows, never deeper) and, per open object, the names
 * seen so far, so that a duplicate is found without building a tree. The
 * names are decoded into one buffer that shrinks again as objects close.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "jz-json-scan.h"

G_DEFINE_QUARK (jz-json-scan-error-quark, jz_json_scan_error)

#define DEFAULT_MAX_DEPTH 64
/* Up to this many members an object's names are compared one by one;
 * above it they go into a hash table. */
#define LINEAR_NAMES 16

typedef struct
{
  gboolean    object;
  guint       index;        /* arrays: the element being read */
  gsize       names_from;   /* objects: first of its names in Scan.names */
  gsize       key;          /* objects: offset of the current name in Scan.keys */
  GHashTable *name_set;     /* objects with many members, made when needed */
  JsonNode   *node;         /* building: the object or array (its parent owns it) */
} Frame;

typedef struct
{
  const char *p;
  const char *end;
  const char *start;
  Frame      *stack;
  guint       depth;
  guint       max_depth;
  gsize       values;
  gsize       max_values;
  GString    *keys;         /* decoded names, each ended by a NUL */
  GArray     *names;        /* gsize: offsets into keys, of every open object */
  /* building the tree as it goes (jz_json_parse_strict) */
  gboolean    build;
  JsonNode   *root;
  GString    *text;         /* a string value, decoded */
  /* a member of the root object only checked, not built, and where it is
   * (jz_json_parse_strict_deferring) */
  const char *defer;
  gboolean    deferring;
  gsize       defer_from;
  gsize       defer_to;
} Scan;

/* whether the value being read goes into the tree */
#define BUILDING(s) ((s)->build && !(s)->deferring)

static void
scan_clear (Scan *s)
{
  for (guint i = 0; i < s->depth; i++)
    g_clear_pointer (&s->stack[i].name_set, g_hash_table_unref);
  g_free (s->stack);
  g_string_free (s->keys, TRUE);
  g_array_unref (s->names);
  if (s->text != NULL)
    g_string_free (s->text, TRUE);
  g_clear_pointer (&s->root, json_node_unref);
}

/* Building: @node is the value just read; its parent takes it. */
static void
add_value (Scan     *s,
           JsonNode *node)
{
  Frame *f;

  if (s->depth == 0)
    {
      s->root = node;
      return;
    }
  f = &s->stack[s->depth - 1];
  if (f->object)
    json_object_set_member (json_node_get_object (f->node), s->keys->str + f->key, node);
  else
    json_array_add_element (json_node_get_array (f->node), node);
}

/* Building: the number just read, from @from to where the scan is. An
 * integer is an int64 as json-glib makes it; one too large for that, or a
 * fraction or an exponent, a double. */
static JsonNode *
number_node (Scan       *s,
             const char *from)
{
  char buf[64];
  gsize n = (gsize) (s->p - from);
  gboolean integer = memchr (from, '.', n) == NULL && memchr (from, 'e', n) == NULL &&
                     memchr (from, 'E', n) == NULL;
  JsonNode *node = json_node_alloc ();

  if (n >= sizeof buf)
    {
      g_autofree char *copy = g_strndup (from, n);

      return json_node_init_double (node, g_ascii_strtod (copy, NULL));
    }
  memcpy (buf, from, n);
  buf[n] = '\0';
  if (integer)
    {
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (buf, NULL, 10);
      if (errno == 0)
        return json_node_init_int (node, v);
    }
  return json_node_init_double (node, g_ascii_strtod (buf, NULL));
}

/* "changes[3].edits.name" for the value being read; "" at the top. */
static char *
scan_path (Scan *s)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < s->depth; i++)
    {
      Frame *f = &s->stack[i];

      if (f->object)
        {
          if (f->key == G_MAXSIZE)
            break;
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append (path, s->keys->str + f->key);
        }
      else
        g_string_append_printf (path, "[%u]", f->index);
    }
  return g_string_free (path, FALSE);
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Scan        *s,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *path = scan_path (s);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, JZ_JSON_SCAN_ERROR, JZ_JSON_SCAN_ERROR_SYNTAX, "%s%s%s (at byte %" G_GSIZE_FORMAT ")",
               path, *path ? ": " : "", message, (gsize) (s->p - s->start));
  return FALSE;
}

static gboolean
fail_code (Scan        *s,
           GError     **error,
           int          code,
           const char  *what)
{
  fail (s, error, "%s", what);
  if (error != NULL && *error != NULL)
    (*error)->code = code;
  return FALSE;
}

static void
skip_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Scan    *s,
           gunichar *out)
{
  gunichar v = 0;

  if (s->end - s->p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (s->p[i]);

      if (h < 0)
        return FALSE;
      v = (v << 4) | (gunichar) h;
    }
  s->p += 4;
  *out = v;
  return TRUE;
}

/* At the opening quote. With @into, the decoded text is appended there. */
static gboolean
read_string (Scan     *s,
             GString  *into,
             GError  **error)
{
  const char *run;

  s->p++;
  run = s->p;
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          if (into != NULL)
            g_string_append_len (into, run, s->p - run);
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return fail (s, error, "a control character (0x%02x) inside a string must be escaped", c);
      if (c != '\\')
        {
          s->p++;
          continue;
        }

      if (into != NULL)
        g_string_append_len (into, run, s->p - run);
      s->p++;
      if (s->p == s->end)
        break;
      switch (*s->p)
        {
        case '"': case '\\': case '/':
          if (into != NULL)
            g_string_append_c (into, *s->p);
          s->p++;
          break;
        case 'b': case 'f': case 'n': case 'r': case 't':
          if (into != NULL)
            g_string_append_c (into, *s->p == 'b' ? '\b' : *s->p == 'f' ? '\f' :
                                     *s->p == 'n' ? '\n' : *s->p == 'r' ? '\r' : '\t');
          s->p++;
          break;
        case 'u':
          {
            gunichar u, low;

            s->p++;
            if (!read_hex4 (s, &u))
              return fail (s, error, "\\u must be followed by four hex digits");
            if (u == 0)
              return fail_code (s, error, JZ_JSON_SCAN_ERROR_NUL,
                                "a string holds a NUL character (\\u0000), which no field may contain");
            if (u >= 0xdc00 && u <= 0xdfff)
              return fail_code (s, error, JZ_JSON_SCAN_ERROR_ENCODING,
                                "a string holds a lone low surrogate escape");
            if (u >= 0xd800 && u <= 0xdbff)
              {
                if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u')
                  return fail_code (s, error, JZ_JSON_SCAN_ERROR_ENCODING,
                                    "a string holds a lone high surrogate escape");
                s->p += 2;
                if (!read_hex4 (s, &low) || low < 0xdc00 || low > 0xdfff)
                  return fail_code (s, error, JZ_JSON_SCAN_ERROR_ENCODING,
                                    "a high surrogate escape is not followed by a low one");
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            if (into != NULL)
              g_string_append_unichar (into, u);
          }
          break;
        default:
          return fail (s, error, "\\%c is not a JSON escape", *s->p);
        }
      run = s->p;
    }
  return fail (s, error, "the text ends inside a string");
}

static gboolean
read_number (Scan     *s,
             GError  **error)
{
  if (*s->p == '-')
    s->p++;
  if (s->p == s->end || !g_ascii_isdigit (*s->p))
    return fail (s, error, "a number needs digits");
  if (*s->p == '0')
    s->p++;
  else
    while (s->p < s->end && g_ascii_isdigit (*s->p))
      s->p++;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (s->p == s->end || !g_ascii_isdigit (*s->p))
        return fail (s, error, "a number needs digits after the decimal point");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (s->p == s->end || !g_ascii_isdigit (*s->p))
        return fail (s, error, "a number needs digits in its exponent");
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }
  return TRUE;
}

static gboolean
read_word (Scan        *s,
           const char  *word,
           GError     **error)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return fail (s, error, "unexpected character “%c”", *s->p);
  s->p += n;
  return TRUE;
}

static gboolean
push (Scan     *s,
      gboolean  object,
      GError  **error)
{
  Frame *f;

  if (s->depth == s->max_depth)
    return fail_code (s, error, JZ_JSON_SCAN_ERROR_DEPTH,
                      s->max_depth == 1 ? "nested too deeply (at most 1 level)"
                                        : "nested too deeply");
  if (BUILDING (s))
    {
      JsonNode *node = json_node_alloc ();

      if (object)
        json_node_take_object (json_node_init (node, JSON_NODE_OBJECT), json_object_new ());
      else
        json_node_take_array (json_node_init (node, JSON_NODE_ARRAY), json_array_new ());
      add_value (s, node);
      f = &s->stack[s->depth++];
      memset (f, 0, sizeof *f);
      f->node = node;
    }
  else
    {
      f = &s->stack[s->depth++];
      memset (f, 0, sizeof *f);
    }
  f->object = object;
  f->key = G_MAXSIZE;
  f->names_from = s->names->len;
  return TRUE;
}

static void
pop (Scan *s)
{
  Frame *f = &s->stack[--s->depth];

  if (f->object)
    {
      /* the names of an object end where its first name began */
      if (f->names_from < s->names->len)
        g_string_truncate (s->keys, g_array_index (s->names, gsize, f->names_from));
      g_array_set_size (s->names, f->names_from);
      g_clear_pointer (&f->name_set, g_hash_table_unref);
    }
}

/* At the quote of a member name of the innermost object. */
static gboolean
read_name (Scan     *s,
           GError  **error)
{
  Frame *f = &s->stack[s->depth - 1];
  gsize offset = s->keys->len;
  const char *name;
  guint n;

  if (!read_string (s, s->keys, error))
    return FALSE;
  g_string_append_c (s->keys, '\0');
  name = s->keys->str + offset;
  n = s->names->len - f->names_from;

  if (n < LINEAR_NAMES)
    {
      for (guint i = f->names_from; i < s->names->len; i++)
        if (strcmp (s->keys->str + g_array_index (s->names, gsize, i), name) == 0)
          goto duplicate;
    }
  else
    {
      /* the buffer may move as it grows: the set keeps offsets */
      if (f->name_set == NULL)
        {
          f->name_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (guint i = f->names_from; i < s->names->len; i++)
            g_hash_table_add (f->name_set, g_strdup (s->keys->str + g_array_index (s->names, gsize, i)));
        }
      if (g_hash_table_contains (f->name_set, name))
        goto duplicate;
      g_hash_table_add (f->name_set, g_strdup (name));
    }

  g_array_append_val (s->names, offset);
  f->key = offset;
  return TRUE;

duplicate:
  f->key = offset;
  return fail_code (s, error, JZ_JSON_SCAN_ERROR_DUPLICATE,
                    "this member is named twice in the same object");
}

/* The one pass of jz_json_scan() and jz_json_parse_strict(); with
 * @root, the tree is built as the text is checked. */
static gboolean
scan_text (const char          *text,
           gsize                len,
           const JzJsonLimits  *limits,
           JsonNode           **root,
           Scan                *defer,
           GError             **error)
{
  Scan s = { 0 };
  const char *bad = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  if (!g_utf8_validate_len (text, len, &bad))
    {
      g_set_error (error, JZ_JSON_SCAN_ERROR, *bad == '\0' ? JZ_JSON_SCAN_ERROR_NUL : JZ_JSON_SCAN_ERROR_ENCODING,
                   *bad == '\0' ? "a NUL byte at byte %" G_GSIZE_FORMAT
                                : "not UTF-8 at byte %" G_GSIZE_FORMAT,
                   (gsize) (bad - text));
      return FALSE;
    }

  s.start = s.p = text;
  s.end = text + len;
  s.max_depth = limits && limits->max_depth ? limits->max_depth : DEFAULT_MAX_DEPTH;
  s.max_values = limits && limits->max_values ? limits->max_values : G_MAXSIZE;
  s.stack = g_new (Frame, s.max_depth);
  s.keys = g_string_new (NULL);
  s.names = g_array_new (FALSE, FALSE, sizeof (gsize));
  s.build = root != NULL;
  if (s.build)
    s.text = g_string_sized_new (64);
  if (defer != NULL)
    s.defer = defer->defer;

  for (;;)
    {
      /* a value */
      skip_space (&s);
      if (s.p == s.end)
        {
          fail (&s, error, s.depth == 0 && s.values == 0 ? "the text is empty" : "the text ends early");
          goto out;
        }
      if (++s.values > s.max_values)
        {
          fail_code (&s, error, JZ_JSON_SCAN_ERROR_TOO_MANY, "too many values");
          goto out;
        }
      /* the deferred member's value: checked like the rest, not built */
      if (s.defer != NULL && s.depth == 1 && s.stack[0].object &&
          strcmp (s.keys->str + s.stack[0].key, s.defer) == 0)
        {
          s.deferring = TRUE;
          s.defer_from = (gsize) (s.p - s.start);
        }
      switch (*s.p)
        {
        case '{':
        case '[':
          {
            gboolean object = *s.p == '{';

            if (!push (&s, object, error))
              goto out;
            s.p++;
            skip_space (&s);
            if (s.p < s.end && *s.p == (object ? '}' : ']'))
              {
                s.p++;
                pop (&s);
                break;
              }
            if (object)
              {
                if (s.p == s.end || *s.p != '"')
                  {
                    fail (&s, error, "expected a member name in quotes");
                    goto out;
                  }
                if (!read_name (&s, error))
                  goto out;
                skip_space (&s);
                if (s.p == s.end || *s.p != ':')
                  {
                    fail (&s, error, "expected “:” after a member name");
                    goto out;
                  }
                s.p++;
              }
            continue;
          }
        case '"':
          if (BUILDING (&s))
            g_string_truncate (s.text, 0);
          if (!read_string (&s, BUILDING (&s) ? s.text : NULL, error))
            goto out;
          if (BUILDING (&s))
            add_value (&s, json_node_init_string (json_node_alloc (), s.text->str));
          break;
        case 't':
          if (!read_word (&s, "true", error))
            goto out;
          if (BUILDING (&s))
            add_value (&s, json_node_init_boolean (json_node_alloc (), TRUE));
          break;
        case 'f':
          if (!read_word (&s, "false", error))
            goto out;
          if (BUILDING (&s))
            add_value (&s, json_node_init_boolean (json_node_alloc (), FALSE));
          break;
        case 'n':
          if (!read_word (&s, "null", error))
            goto out;
          if (BUILDING (&s))
            add_value (&s, json_node_init_null (json_node_alloc ()));
          break;
        default:
          {
            const char *from = s.p;

            if (*s.p != '-' && !g_ascii_isdigit (*s.p))
              {
                fail (&s, error, "unexpected character “%c”", *s.p);
                goto out;
              }
            if (!read_number (&s, error))
              goto out;
            if (BUILDING (&s))
              add_value (&s, number_node (&s, from));
          }
          break;
        }

      /* after a value: close what is complete, then the next value */
      for (;;)
        {
          Frame *f;

          if (s.deferring && s.depth == 1)
            {
              s.deferring = FALSE;
              s.defer_to = (gsize) (s.p - s.start);
            }
          skip_space (&s);
          if (s.depth == 0)
            {
              if (s.p != s.end)
                {
                  fail (&s, error, "unexpected text after the end");
                  goto out;
                }
              ok = TRUE;
              goto out;
            }
          if (s.p == s.end)
            {
              fail (&s, error, "the text ends early");
              goto out;
            }
          f = &s.stack[s.depth - 1];
          if (*s.p == (f->object ? '}' : ']'))
            {
              s.p++;
              pop (&s);
              continue;
            }
          if (*s.p != ',')
            {
              fail (&s, error, f->object ? "expected “,” or “}”" : "expected “,” or “]”");
              goto out;
            }
          s.p++;
          if (f->object)
            {
              skip_space (&s);
              if (s.p == s.end || *s.p != '"')
                {
                  fail (&s, error, "expected a member name in quotes");
                  goto out;
                }
              if (!read_name (&s, error))
                goto out;
              skip_space (&s);
              if (s.p == s.end || *s.p != ':')
                {
                  fail (&s, error, "expected “:” after a member name");
                  goto out;
                }
              s.p++;
            }
          else
            f->index++;
          break;
        }
    }

out:
  if (ok && root != NULL)
    *root = g_steal_pointer (&s.root);
  if (ok && defer != NULL)
    {
      defer->defer_from = s.defer_from;
      defer->defer_to = s.defer_to;
    }
  scan_clear (&s);
  return ok;
}

/**
 * jz_json_scan:
 * @limits: (nullable): depth and size limits
 *
 * Checks that @text (@len bytes, not NUL-terminated) is one strict JSON
 * value within @limits. Returns FALSE with a JZ_JSON_SCAN_ERROR whose
 * message names the path of the problem.
 */
gboolean
jz_json_scan (const char          *text,
              gsize                len,
              const JzJsonLimits  *limits,
              GError             **error)
{
  return scan_text (text, len, limits, NULL, NULL, error);
}

/**
 * jz_json_parse_strict:
 *
 * jz_json_scan(), building the json-glib tree in the same pass: what
 * json-glib's own parser would make of text that passes (integers as
 * int64, other numbers as doubles), about three times as fast, and
 * without its recursion.
 *
 * Returns: (transfer full): the root node, or NULL with @error
 */
JsonNode *
jz_json_parse_strict (const char          *text,
                      gsize                len,
                      const JzJsonLimits  *limits,
                      GError             **error)
{
  JsonNode *root = NULL;

  if (!scan_text (text, len, limits, &root, NULL, error))
    return NULL;
  return root;
}

/**
 * jz_json_parse_strict_deferring:
 * @member: a member of the root object
 * @from: (out): where its value begins in @text, or 0 when it is absent
 * @to: (out): where its value ends (0 when absent)
 *
 * jz_json_parse_strict(), with the value of the root object's @member
 * checked like everything else but left out of the tree: its text is for
 * a reader of its own (a pulled page's change sets, jz-store-page.c).
 *
 * Returns: (transfer full): the root node, or NULL with @error
 */
JsonNode *
jz_json_parse_strict_deferring (const char          *text,
                                gsize                len,
                                const JzJsonLimits  *limits,
                                const char          *member,
                                gsize               *from,
                                gsize               *to,
                                GError             **error)
{
  JsonNode *root = NULL;
  Scan defer = { 0 };

  g_return_val_if_fail (member != NULL, NULL);

  *from = *to = 0;
  defer.defer = member;
  if (!scan_text (text, len, limits, &root, &defer, error))
    return NULL;
  *from = defer.defer_from;
  *to = defer.defer_to;
  return root;
}
