/* jz-store-error.c — the store's error domain, whose errors carry the
 * problems of a save that failed, as data (JzProblem)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jz-store-private.h"

/* A store error carries the problems of the save that failed, as data. */
typedef struct
{
  GPtrArray *problems;   /* JzProblem, or NULL */
} JzStoreErrorPrivate;

static void
jz_store_error_private_init (JzStoreErrorPrivate *priv)
{
  priv->problems = NULL;
}

static void
jz_store_error_private_copy (const JzStoreErrorPrivate *src,
                             JzStoreErrorPrivate       *dest)
{
  dest->problems = src->problems ? g_ptr_array_ref (src->problems) : NULL;
}

static void
jz_store_error_private_clear (JzStoreErrorPrivate *priv)
{
  g_clear_pointer (&priv->problems, g_ptr_array_unref);
}

G_DEFINE_EXTENDED_ERROR (JzStoreError, jz_store_error)

/**
 * jz_store_error_get_problems:
 *
 * Returns: (transfer none) (nullable) (element-type JzProblem): what was
 *   wrong with the save that failed with @error, or %NULL
 */
GPtrArray *
jz_store_error_get_problems (const GError *error)
{
  JzStoreErrorPrivate *priv = error ? jz_store_error_get_private (error) : NULL;

  return priv ? priv->problems : NULL;
}

void
_jz_store_error_set_problems (GError    *error,
                              GPtrArray *problems)
{
  JzStoreErrorPrivate *priv = error ? jz_store_error_get_private (error) : NULL;

  if (priv != NULL && problems != NULL)
    {
      g_clear_pointer (&priv->problems, g_ptr_array_unref);
      priv->problems = g_ptr_array_ref (problems);
    }
}
