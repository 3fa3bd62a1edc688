/* jz-person-item.c — one row of the people list: what a list may show
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An item is a placeholder until its page is read; then it holds the
 * record's id, name, masked ID number and address, and nothing else: the
 * full ID number never reaches a list row, not even in memory.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-id-number.h"
#include "jz-person-item.h"

struct _JzPersonItem
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *masked_id;
  char     *address;
  gboolean  loaded;
  gboolean  disputed;
  int       sync;       /* 0 synced, 1 waiting to be sent, 2 refused */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_MASKED_ID,
  PROP_ADDRESS,
  PROP_LOADED,
  PROP_DISPUTED,
  PROP_SYNC_ICON,
  PROP_SYNC_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (JzPersonItem, jz_person_item, G_TYPE_OBJECT)

static void
jz_person_item_finalize (GObject *object)
{
  JzPersonItem *self = JZ_PERSON_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->masked_id, g_free);
  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (jz_person_item_parent_class)->finalize (object);
}

static void
jz_person_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  JzPersonItem *self = JZ_PERSON_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MASKED_ID:
      g_value_set_string (value, self->masked_id);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_DISPUTED:
      g_value_set_boolean (value, self->disputed);
      break;
    case PROP_SYNC_ICON:
      g_value_set_string (value, self->sync == 2 ? "dialog-warning-symbolic"
                                 : self->sync == 1 ? "document-send-symbolic" : NULL);
      break;
    case PROP_SYNC_LABEL:
      g_value_set_string (value, self->sync == 2 ? _("Refused by the county server")
                                 : self->sync == 1 ? _("Waiting to be sent") : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_person_item_class_init (JzPersonItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_person_item_finalize;
  object_class->get_property = jz_person_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "",
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MASKED_ID] = g_param_spec_string ("masked-id", NULL, NULL, "",
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPUTED] = g_param_spec_boolean ("disputed", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Where the person's own changes stand: an icon and its words, or NULL
   * when they are synced. */
  properties[PROP_SYNC_ICON] = g_param_spec_string ("sync-icon", NULL, NULL, NULL,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_LABEL] = g_param_spec_string ("sync-label", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jz_person_item_init (JzPersonItem *self)
{
  self->name = g_strdup ("");
  self->masked_id = g_strdup ("");
  self->address = g_strdup ("");
}

JzPersonItem *
jz_person_item_new (void)
{
  return g_object_new (JZ_TYPE_PERSON_ITEM, NULL);
}

static char *
address_of (JsonObject *person)
{
  const char *address = jz_app_str (person, "hukou_address");

  return g_strdup (address ? address : "");
}

void
jz_person_item_set_record (JzPersonItem *self,
                           JsonObject   *person)
{
  const char *number = jz_app_str (person, "id_number");
  g_autofree char *masked_id = number ? jz_id_number_mask (number) : g_strdup ("");
  g_autofree char *address = address_of (person);
  const char *name = jz_app_str (person, "name") ?: "";
  JsonNode *node = json_object_get_member (person, "_disputed");
  gboolean disputed = node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
  int sync = g_strcmp0 (jz_app_str (person, "_sync"), "refused") == 0 ? 2
             : g_strcmp0 (jz_app_str (person, "_sync"), "waiting") == 0 ? 1 : 0;

  g_return_if_fail (JZ_IS_PERSON_ITEM (self));

  /* Only what changed is notified: an item kept from the last answer of a
   * search (jz-person-list-model.c) leaves its row's labels alone. */
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->id, jz_app_str (person, "id")) != 0)
    {
      g_free (self->id);
      self->id = g_strdup (jz_app_str (person, "id"));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (g_strcmp0 (self->name, name) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  if (g_strcmp0 (self->masked_id, masked_id) != 0)
    {
      g_free (self->masked_id);
      self->masked_id = g_steal_pointer (&masked_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASKED_ID]);
    }
  if (g_strcmp0 (self->address, address) != 0)
    {
      g_free (self->address);
      self->address = g_steal_pointer (&address);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
    }
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (self->disputed != disputed)
    {
      self->disputed = disputed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPUTED]);
    }
  if (self->sync != sync)
    {
      self->sync = sync;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ICON]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_LABEL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
jz_person_item_get_loaded (JzPersonItem *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_ITEM (self), FALSE);
  return self->loaded;
}

const char *
jz_person_item_get_id (JzPersonItem *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_ITEM (self), NULL);
  return self->id;
}

const char *
jz_person_item_get_name (JzPersonItem *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_ITEM (self), NULL);
  return self->name;
}

const char *
jz_person_item_get_masked_id (JzPersonItem *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_ITEM (self), NULL);
  return self->masked_id;
}

const char *
jz_person_item_get_address (JzPersonItem *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_ITEM (self), NULL);
  return self->address;
}
