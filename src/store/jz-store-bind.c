/* jz-store-bind.c — a field's value between JSON and an SQLite column
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The materialised rows keep every field in a column of its own: booleans
 * as integers, lists as their JSON text, the rest as text. Writing a save
 * (jz-store-write.c), merging (jz-store-merge.c) and reading a record
 * (jz-store-read.c) convert through these two.
 */
#include "config.h"

#include "jz-store-private.h"

void
_jz_bind_node (JzStmt *stmt,
               int           index,
               JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      jz_stmt_bind_null (stmt, index);
      return;
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_BOOLEAN)
        jz_stmt_bind_int (stmt, index, json_node_get_boolean (node));
      else if (t == G_TYPE_INT64)
        jz_stmt_bind_int64 (stmt, index, json_node_get_int (node));
      else if (t == G_TYPE_DOUBLE)
        jz_stmt_bind_double (stmt, index, json_node_get_double (node));
      else
        jz_stmt_bind_text (stmt, index, json_node_get_string (node));
      return;
    }

  /* Lists are stored as their JSON text. */
  jz_stmt_bind_take (stmt, index, json_to_string (node, FALSE));
}

JsonNode *
_jz_column_node (JzStmt     *stmt,
                 int               index,
                 const JzFieldDef *def)
{
  JsonNode *node;

  if (jz_stmt_column_is_null (stmt, index))
    return json_node_new (JSON_NODE_NULL);

  switch (def->kind)
    {
    case JZ_FIELD_BOOL:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, jz_stmt_column_int (stmt, index) != 0);
      return node;

    case JZ_FIELD_CODE_LIST:
    case JZ_FIELD_PHOTO_LIST:
      node = json_from_string (jz_stmt_column_text (stmt, index), NULL);
      return node ? node : json_node_new (JSON_NODE_NULL);

    default:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, jz_stmt_column_text (stmt, index));
      return node;
    }
}
