/* jz-profile.c — one jurisdiction's residence-permit rules, as data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything that differs between the national regulation and a local
 * implementation (articles, periods, materials, who may send a proxy) is
 * in a JSON profile, so that a county adopting Juzhu writes a file and not
 * C. This file finds and holds profiles; jz-profile-parse.c reads them.
 */
#include "config.h"

#include <string.h>

#include "jz-data-resources.h"
#include "jz-date.h"
#include "jz-profile-private.h"

#define PROFILE_RESOURCE_DIR "/io/github/juzhu/Juzhu/data/profiles"

G_DEFINE_FINAL_TYPE (JzProfile, jz_profile, G_TYPE_OBJECT)
G_DEFINE_QUARK (jz-profile-error-quark, jz_profile_error)

static void
jz_profile_finalize (GObject *object)
{
  JzProfile *self = JZ_PROFILE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->jurisdiction_prefix, g_free);
  g_clear_pointer (&self->articles, g_hash_table_unref);
  g_clear_pointer (&self->needs, g_hash_table_unref);
  for (guint i = 0; i < JZ_APPLICATION_N_KINDS; i++)
    {
      JzProfileKind *kind = &self->kinds[i];

      g_clear_pointer (&kind->needs, g_strfreev);
      for (guint c = 0; c < JZ_N_CONDITIONS; c++)
        g_clear_pointer (&kind->condition_needs[c], g_strfreev);
      g_clear_pointer (&kind->proxy_article, g_free);
      g_clear_pointer (&kind->article, g_free);
    }
  for (guint i = 0; i < JZ_MOVE_N_SCOPES; i++)
    g_clear_pointer (&self->moves[i].article, g_free);
  g_clear_pointer (&self->proxy_grounds, g_strfreev);
  g_clear_pointer (&self->extension_channels, g_strfreev);
  g_clear_pointer (&self->suspension_reasons, g_strfreev);

  G_OBJECT_CLASS (jz_profile_parent_class)->finalize (object);
}

static void
jz_profile_class_init (JzProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_profile_finalize;
}

static void
jz_profile_init (JzProfile *self)
{
  self->articles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->needs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_strfreev);
  self->card_fee_yuan = -1;
  g_date_clear (&self->in_force, 1);
}

static JzProfile *
load_checked_name (const char  *name,
                   const char  *data,
                   gsize        length,
                   const char  *source,
                   GError     **error)
{
  g_autoptr(JzProfile) profile = jz_profile_load_data (data, (gssize) length, source, error);

  if (profile == NULL)
    return NULL;

  if (g_strcmp0 (profile->name, name) != 0)
    {
      g_set_error (error, JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_INVALID,
                   "%s: name: “%s” does not match the file name “%s”",
                   source, profile->name, name);
      return NULL;
    }

  return g_steal_pointer (&profile);
}

static GPtrArray *
search_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char * const *system_dirs = g_get_system_data_dirs ();

  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "juzhu", "profiles", NULL));
  for (guint i = 0; system_dirs[i] != NULL; i++)
    g_ptr_array_add (dirs, g_build_filename (system_dirs[i], "juzhu", "profiles", NULL));

  return dirs;
}

/* A county's own file wins over a built-in profile of the same name, so
 * that a corrected article or fee does not need a new release. */
JzProfile *
jz_profile_load (const char  *name,
                 GError     **error)
{
  g_autoptr(GPtrArray) dirs = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *resource_path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *source = NULL;

  if (!_jz_profile_valid_name (name))
    {
      g_set_error (error, JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_NOT_FOUND,
                   "“%s” is not a profile name (lower-case letters, digits and dashes)",
                   name ? name : "");
      return NULL;
    }

  file_name = g_strconcat (name, ".json", NULL);
  dirs = search_dirs ();
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file_name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (path, &contents, &length, error))
        return NULL;
      return load_checked_name (name, contents, length, path, error);
    }

  resource_path = g_strconcat (PROFILE_RESOURCE_DIR "/", file_name, NULL);
  bytes = g_resource_lookup_data (jz_data_get_resource (), resource_path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, JZ_PROFILE_ERROR, JZ_PROFILE_ERROR_NOT_FOUND,
                   "no rules profile “%s”; the built-in ones are national-2016, "
                   "jilin-2016 and sanmenxia-2017, and a county may add NAME.json under "
                   "$XDG_DATA_HOME/juzhu/profiles", name);
      return NULL;
    }

  source = g_strconcat ("resource:", file_name, NULL);
  return load_checked_name (name,
                            g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            source, error);
}

static void
add_name (GPtrArray  *names,
          const char *file_name)
{
  g_autofree char *name = NULL;

  if (!g_str_has_suffix (file_name, ".json"))
    return;
  name = g_strndup (file_name, strlen (file_name) - strlen (".json"));
  if (!_jz_profile_valid_name (name))
    return;
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return;
  g_ptr_array_add (names, g_steal_pointer (&name));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Names of every profile jz_profile_load() could find, sorted. */
GStrv
jz_profile_list_available (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dirs = search_dirs ();
  g_auto(GStrv) children = NULL;

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (g_ptr_array_index (dirs, i), 0, NULL);
      const char *entry;

      if (dir == NULL)
        continue;
      while ((entry = g_dir_read_name (dir)) != NULL)
        add_name (names, entry);
    }

  children = g_resource_enumerate_children (jz_data_get_resource (), PROFILE_RESOURCE_DIR,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    add_name (names, children[i]);

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_steal (names, NULL);
}

/* ---- accessors ---------------------------------------------------------- */

const char *
jz_profile_get_name (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return self->name;
}

const char *
jz_profile_get_title (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return self->title;
}

const char *
jz_profile_get_reference (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return self->reference;
}

void
jz_profile_get_in_force (JzProfile *self,
                         GDate     *out)
{
  g_return_if_fail (JZ_IS_PROFILE (self));
  *out = self->in_force;
}

guint
jz_profile_get_version (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), 0);
  return self->version;
}

/* The file or resource the profile was read from. */
const char *
jz_profile_get_source (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return self->source;
}

/* The citation for @rule (a key of "articles"), or NULL. */
const char *
jz_profile_article (JzProfile  *self,
                    const char *rule)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return g_hash_table_lookup (self->articles, rule);
}

guint
jz_profile_issue_days (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), 0);
  return self->issue_days;
}

/* 0 when the deadline cannot be extended. */
guint
jz_profile_extension_days (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), 0);
  return self->extension_days;
}

/* The longest the issuance may take with an extension: the cap when the
 * profile has one (national 第九条: 30), else days + extension. */
guint
jz_profile_max_total_days (JzProfile *self)
{
  guint total;

  g_return_val_if_fail (JZ_IS_PROFILE (self), 0);

  total = self->issue_days + self->extension_days;
  if (self->max_total_days != 0 && self->max_total_days < total)
    total = self->max_total_days;
  return total;
}

const char * const *
jz_profile_extension_channels (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return (const char * const *) self->extension_channels;
}

/* Whether moving to another county of the same city suspends a permit's
 * use (三门峡 第十七条第二款, 第十九条(五)); the endorsement comes after a new
 * 暂住登记 of jz_profile_residence_months(). */
gboolean
jz_profile_same_city_move_suspends (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), FALSE);
  return self->has_moves && self->moves[JZ_MOVE_SAME_CITY].defined && self->moves[JZ_MOVE_SAME_CITY].suspends;
}

/* How many leading digits of two division codes make them "the same
 * city" (4) or "the same county" (6) for these rules. */
guint
jz_profile_other_city_prefix_length (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), 4);
  return self->other_city_prefix_length;
}

guint
jz_profile_residence_months (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), 0);
  return self->residence_months;
}

gboolean
jz_profile_requires_temp_registration (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), FALSE);
  return self->requires_temp_registration;
}

/* The documents any one of which meets @need, or NULL for an unknown need. */
const char * const *
jz_profile_need_documents (JzProfile  *self,
                           const char *need)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return g_hash_table_lookup (self->needs, need);
}

gboolean
jz_profile_notice_in_writing (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), FALSE);
  return self->notice_in_writing;
}

/* The card fee for 换领/补领 in yuan, or -1 when the profile does not know it. */
int
jz_profile_card_fee_yuan (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), -1);
  return self->card_fee_yuan;
}

const char * const *
jz_profile_suspension_reasons (JzProfile *self)
{
  g_return_val_if_fail (JZ_IS_PROFILE (self), NULL);
  return (const char * const *) self->suspension_reasons;
}
