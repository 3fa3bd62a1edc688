/* jz-protocol-parse.c — what a client sends, read strictly
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jz-protocol.h"
#include "jz-protocol-parse.h"
#include "jz-uuid.h"
#include "jz-text.h"

/* ---- bodies --------------------------------------------------------------- */

static JsonNode *
parse_object (const char          *data,
              gsize                len,
              const char          *digest,
              const JzJsonLimits  *limits,
              GError             **error)
{
  g_autoptr(JsonNode) body = NULL;

  if (len == 0)
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED,
                   "the request has no body; it must be a JSON object");
      return NULL;
    }
  if (!jz_protocol_check_digest (digest, data, len, error) ||
      (body = jz_json_parse_strict (data, len, limits, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED, "the body must be a JSON object");
      return NULL;
    }
  return g_steal_pointer (&body);
}

/**
 * jz_parse_enrol:
 * @digest: (nullable): the request's Content-Digest
 *
 * {"code", "site", "device_name"}: strings, the first two required.
 */
JsonNode *
jz_parse_enrol (const char  *data,
                gsize        len,
                const char  *digest,
                GError     **error)
{
  g_autoptr(JsonNode) body = parse_object (data, len, digest, &jz_protocol_enrol_json, error);
  JsonObject *o;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (body == NULL)
    return NULL;
  o = json_node_get_object (body);
  json_object_iter_init (&iter, o);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (!g_str_equal (member, "code") && !g_str_equal (member, "site") && !g_str_equal (member, "device_name"))
        {
          g_autofree char *shown = jz_text_escape (member, MIN (strlen (member), 64));

          g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNKNOWN_FIELD,
                       "%s: unknown member of an enrolment", shown);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        {
          g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD, "%s: expected a string", member);
          return NULL;
        }
    }
  if (!json_object_has_member (o, "code") || !json_object_has_member (o, "site"))
    {
      g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_MALFORMED,
                   "%s: missing; an enrolment is {\"code\", \"site\", \"device_name\"}",
                   json_object_has_member (o, "code") ? "site" : "code");
      return NULL;
    }
  return g_steal_pointer (&body);
}

/* A push body, checked as JSON (its change sets: jz_county_push()). */
JsonNode *
jz_parse_push (const char  *data,
               gsize        len,
               const char  *digest,
               GError     **error)
{
  return parse_object (data, len, digest, &jz_protocol_push_json, error);
}

/* ---- the query of a pull -------------------------------------------------- */

static gboolean
parse_count (const char *text,
             gint64     *out)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || *text == '\0' || !g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > G_MAXINT64)
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

/* The parameters of a query string, or NULL with @error when it is not
 * well formed. A missing query is an empty table. */
static GHashTable *
query_params (const char  *query,
              GError     **error)
{
  GHashTable *params;

  if (query == NULL)
    return g_hash_table_new (g_str_hash, g_str_equal);
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD, "the query string is not well formed");
  return params;
}

static gboolean
unknown_parameter (const char  *key,
                   const char  *takes,
                   GError     **error)
{
  g_autofree char *shown = jz_text_escape (key, MIN (strlen (key), 64));

  g_set_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_UNKNOWN_FIELD,
               "%s: unknown query parameter (%s)", shown, takes);
  return FALSE;
}

/* since=N and limit=M, both optional, nothing else. */
gboolean
jz_parse_pull_query (const char  *query,
                     gint64      *since,
                     gint64      *limit,
                     GError     **error)
{
  g_autoptr(GHashTable) params = query_params (query, error);
  GHashTableIter iter;
  gpointer key, value;

  *since = 0;
  *limit = 0;
  if (params == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *bad = NULL;

      if (g_str_equal (key, "since"))
        bad = parse_count (value, since) ? NULL : "since: expected a non-negative integer";
      else if (g_str_equal (key, "limit"))
        bad = parse_count (value, limit) && *limit > 0 ? NULL : "limit: expected a positive integer";
      else
        return unknown_parameter (key, "pull takes since and limit", error);
      if (bad != NULL)
        {
          g_set_error_literal (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD, bad);
          return FALSE;
        }
    }
  return TRUE;
}

/* as_of=N, after=PERSON, after_cs=N and limit=M, all optional, nothing
 * else: after is a record id (a UUID) and the counts are integers. */
gboolean
jz_parse_snapshot_query (const char  *query,
                         gint64      *as_of,
                         char       **after,
                         gint64      *after_cs,
                         gint64      *limit,
                         GError     **error)
{
  g_autoptr(GHashTable) params = query_params (query, error);
  GHashTableIter iter;
  gpointer key, value;

  *as_of = *after_cs = *limit = 0;
  *after = NULL;
  if (params == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *bad = NULL;

      if (g_str_equal (key, "as_of"))
        bad = parse_count (value, as_of) ? NULL : "as_of: expected a non-negative integer";
      else if (g_str_equal (key, "after_cs"))
        bad = parse_count (value, after_cs) ? NULL : "after_cs: expected a non-negative integer";
      else if (g_str_equal (key, "limit"))
        bad = parse_count (value, limit) && *limit > 0 ? NULL : "limit: expected a positive integer";
      else if (g_str_equal (key, "after"))
        {
          if (jz_uuid_is_valid (value))
            {
              g_free (*after);
              *after = g_strdup (value);
            }
          else
            bad = "after: expected a person's id (a UUID)";
        }
      else
        {
          g_clear_pointer (after, g_free);
          return unknown_parameter (key, "snapshot takes as_of, after, after_cs and limit", error);
        }
      if (bad != NULL)
        {
          g_set_error_literal (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_INVALID_FIELD, bad);
          g_clear_pointer (after, g_free);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- tus and blob headers ------------------------------------------------- */

gboolean
jz_parse_upload_id (const char *id)
{
  guint i;

  for (i = 0; id[i] != '\0'; i++)
    {
      if (!g_ascii_isdigit (id[i]) && !(id[i] >= 'a' && id[i] <= 'f'))
        return FALSE;
    }
  return i == 32;
}


gboolean
jz_parse_byte_count (const char *text,
                     gint64      max,
                     gint64     *out)
{
  guint64 value;

  if (text == NULL ||
      !g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}


/* "key base64,key2 base64" → the decoded value of @key (NULL if absent). */
char *
jz_parse_tus_metadata (const char *metadata,
                       const char *key)
{
  g_auto(GStrv) pairs = NULL;

  if (metadata == NULL)
    return NULL;

  pairs = g_strsplit (metadata, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *pair = g_strstrip (g_strdup (pairs[i]));
      char *space = strchr (pair, ' ');
      gsize len;
      g_autofree guchar *value = NULL;

      if (space == NULL)
        {
          if (strcmp (pair, key) == 0)
            return g_strdup ("");
          continue;
        }
      *space = '\0';
      if (strcmp (pair, key) != 0)
        continue;
      value = g_base64_decode (space + 1, &len);
      if (value == NULL)
        return g_strdup ("");
      return g_strndup ((char *) value, len);
    }

  return NULL;
}


gboolean
jz_parse_upload_checksum (const char     *value,
                          GChecksumType  *type,
                          guint8        **digest,
                          gsize          *digest_len)
{
  const char *space = value ? strchr (value, ' ') : NULL;
  g_autofree char *algorithm = NULL;
  gsize want;

  if (space == NULL)
    return FALSE;
  algorithm = g_strndup (value, space - value);
  if (g_ascii_strcasecmp (algorithm, "sha256") == 0)
    *type = G_CHECKSUM_SHA256, want = 32;
  else if (g_ascii_strcasecmp (algorithm, "sha1") == 0)
    *type = G_CHECKSUM_SHA1, want = 20;
  else
    return FALSE;

  *digest = g_base64_decode (space + 1, digest_len);
  if (*digest_len != want)
    {
      g_clear_pointer (digest, g_free);
      return FALSE;
    }
  return TRUE;
}


/* One range "bytes=A-B", "bytes=A-" or "bytes=-N"; FALSE when the header
 * is absent or not one range (then the whole blob is sent). */
gboolean
jz_parse_range (const char *value,
                gint64      size,
                gint64     *start,
                gint64     *end,
                gboolean   *satisfiable)
{
  const char *spec;
  const char *dash;
  g_autofree char *first = NULL;
  const char *last;

  if (value == NULL || !g_str_has_prefix (value, "bytes="))
    return FALSE;
  spec = value + strlen ("bytes=");
  if (strchr (spec, ',') != NULL || (dash = strchr (spec, '-')) == NULL)
    return FALSE;
  first = g_strndup (spec, dash - spec);
  last = dash + 1;

  *satisfiable = TRUE;
  if (*first == '\0')
    {
      gint64 n;

      if (!jz_parse_byte_count (last, G_MAXINT64, &n))
        return FALSE;
      if (n == 0 || size == 0)
        {
          *satisfiable = FALSE;
          return TRUE;
        }
      *start = MAX (0, size - n);
      *end = size - 1;
      return TRUE;
    }

  if (!jz_parse_byte_count (first, G_MAXINT64, start))
    return FALSE;
  if (*last == '\0')
    *end = size - 1;
  else if (!jz_parse_byte_count (last, G_MAXINT64, end) || *end < *start)
    return FALSE;
  if (*start >= size)
    *satisfiable = FALSE;
  *end = MIN (*end, size - 1);
  return TRUE;
}

