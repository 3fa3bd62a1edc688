/* jz-person-list-model.c — every person, or a search, read lazily in pages
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With no query the model counts the persons and reads a page of them on a
 * worker thread the first time a row of that page is asked for; until then
 * the row is a placeholder item that fills in (property notifications) when
 * its page arrives, so scrolling through 100 000 persons never waits for the
 * database. Only the KEEP_PAGES pages read last are kept: an older page's
 * items are let go (rows the list view still shows keep theirs) and read
 * again if asked for, so memory stays flat however far the list is
 * scrolled. A query runs one search (the store caps it) off the main
 * thread; a newer query cancels the older one, and a late answer of an old
 * query is dropped by its generation number.
 */
#include "config.h"

#include "jz-person-item.h"
#include "jz-person-list-model.h"

/* 40 pages: 4 000 rows, hundreds of screens either way. */
#define KEEP_PAGES 40

struct _JzPersonListModel
{
  GObject       parent_instance;

  /* Owned */
  JzSession    *session;
  char         *query;
  GPtrArray    *items;        /* JzPersonItem or NULL, n_items long */
  GHashTable   *pages;        /* pages requested, by index */
  GQueue        read_pages;   /* pages read, by index, oldest first */
  GCancellable *cancellable;  /* of the current generation */
  guint         generation;
  gboolean      loading;
  gboolean      searched;     /* items is a search's answer: every slot filled */
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);
static void item_free (gpointer item);

G_DEFINE_FINAL_TYPE_WITH_CODE (JzPersonListModel, jz_person_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  JzPersonListModel *model;
  guint              generation;
  guint              offset;
  guint              limit;
  char              *query;
} Request;

static Request *
request_new (JzPersonListModel *model)
{
  Request *r = g_new0 (Request, 1);

  r->model = g_object_ref (model);
  r->generation = model->generation;
  r->query = g_strdup (model->query);
  return r;
}

static void
request_free (Request *r)
{
  g_clear_object (&r->model);
  g_free (r->query);
  g_free (r);
}

static void
set_loading (JzPersonListModel *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GType
jz_person_list_model_get_item_type (GListModel *model)
{
  return JZ_TYPE_PERSON_ITEM;
}

static guint
jz_person_list_model_get_n_items (GListModel *model)
{
  return JZ_PERSON_LIST_MODEL (model)->items->len;
}

/* ---- pages -------------------------------------------------------------- */

static gpointer
read_page (JzSession     *session,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Request *r = data;
  g_autoptr(GPtrArray) rows = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  rows = jz_store_list_range (jz_session_get_store (session), "person", r->offset, r->limit, error);
  /* Each row says whether its changes wait to be sent or were refused. */
  if (rows == NULL || !jz_store_annotate_sync (jz_session_get_store (session), rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* The model lets go of the items of its oldest pages read. */
static void
forget_old_pages (JzPersonListModel *self)
{
  while (self->read_pages.length > KEEP_PAGES)
    {
      guint page = GPOINTER_TO_UINT (g_queue_pop_head (&self->read_pages));
      guint end = MIN (self->items->len, (page + 1) * JZ_PERSON_LIST_PAGE_SIZE);

      for (guint i = page * JZ_PERSON_LIST_PAGE_SIZE; i < end; i++)
        g_clear_object ((JzPersonItem **) &self->items->pdata[i]);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
    }
}

static void
page_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *r = user_data;
  JzPersonListModel *self = r->model;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("people list: a page could not be read: %s", error->message);
      if (r->generation == self->generation)
        g_hash_table_remove (self->pages, GUINT_TO_POINTER (r->offset / JZ_PERSON_LIST_PAGE_SIZE));
    }
  else if (r->generation == self->generation)
    {
      for (guint i = 0; i < rows->len && r->offset + i < self->items->len; i++)
        {
          JzPersonItem *item = g_ptr_array_index (self->items, r->offset + i);

          if (item == NULL)
            {
              item = jz_person_item_new ();
              self->items->pdata[r->offset + i] = item;
            }
          jz_person_item_set_record (item, g_ptr_array_index (rows, i));
        }
      g_queue_push_tail (&self->read_pages, GUINT_TO_POINTER (r->offset / JZ_PERSON_LIST_PAGE_SIZE));
      forget_old_pages (self);
    }
  request_free (r);
}

static void
request_page (JzPersonListModel *self,
              guint              page)
{
  Request *r;

  if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->pages, GUINT_TO_POINTER (page));

  r = request_new (self);
  r->offset = page * JZ_PERSON_LIST_PAGE_SIZE;
  r->limit = JZ_PERSON_LIST_PAGE_SIZE;
  jz_session_run_async (self->session, read_page, r, NULL, (GDestroyNotify) g_ptr_array_unref,
                        self->cancellable, page_read, r);
}

static gpointer
jz_person_list_model_get_item (GListModel *model,
                               guint       position)
{
  JzPersonListModel *self = JZ_PERSON_LIST_MODEL (model);
  JzPersonItem *item;

  if (position >= self->items->len)
    return NULL;

  item = g_ptr_array_index (self->items, position);
  if (item == NULL)
    {
      item = jz_person_item_new ();
      self->items->pdata[position] = item;
    }
  if (!jz_person_item_get_loaded (item))
    request_page (self, position / JZ_PERSON_LIST_PAGE_SIZE);
  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = jz_person_list_model_get_item_type;
  iface->get_n_items = jz_person_list_model_get_n_items;
  iface->get_item = jz_person_list_model_get_item;
}

/* ---- a new generation: count, or search ---------------------------------- */

typedef struct
{
  gint64     count;
  GPtrArray *found;
} Answer;

static void
answer_free (Answer *a)
{
  g_clear_pointer (&a->found, g_ptr_array_unref);
  g_free (a);
}

static gpointer
count_or_search (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Request *r = data;
  JzStore *store = jz_session_get_store (session);
  Answer *a;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  a = g_new0 (Answer, 1);
  if (r->query == NULL)
    {
      a->count = jz_store_count (store, "person", error);
      if (a->count < 0)
        {
          answer_free (a);
          return NULL;
        }
    }
  else
    {
      a->found = jz_store_search (store, r->query, JZ_PERSON_SEARCH_LIMIT, error);
      if (a->found == NULL || !jz_store_annotate_sync (store, a->found, error))
        {
          answer_free (a);
          return NULL;
        }
      a->count = a->found->len;
    }
  return a;
}

/* A search's answer, all read, takes the items in place: the item at a
 * position is given the person now there, and the list is told only that
 * it has grown or shrunk. GTK 4.8's list view then keeps every row widget
 * it has, bound to the same item, and only the labels whose text changed
 * are laid out again; told of new items, it destroyed its ~200 rows and
 * made, bound and measured new ones for every answer. An item is the row
 * of a list, not a person: its id is read when the row is activated.
 * Only after another answer: every slot of an answer holds the item its
 * row shows, while the whole list lets go of items that a row (the focused
 * one, scrolled away) may still show. */
static void
replace_with_found (JzPersonListModel *self,
                    GPtrArray         *found)
{
  guint old_n = self->items->len;
  guint new_n = found->len;

  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->read_pages);
  g_ptr_array_set_size (self->items, new_n);
  for (guint i = 0; i < new_n; i++)
    {
      JzPersonItem *item = self->items->pdata[i];

      if (item == NULL)
        {
          item = jz_person_item_new ();
          self->items->pdata[i] = item;
        }
      jz_person_item_set_record (item, g_ptr_array_index (found, i));
    }

  if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  else if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
replace_items (JzPersonListModel *self,
               Answer            *a)
{
  guint old_n = self->items->len;

  if (a->found != NULL && self->searched)
    {
      replace_with_found (self, a->found);
      return;
    }
  self->searched = a->found != NULL;

  g_ptr_array_set_size (self->items, 0);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->read_pages);
  /* Two signals, the old rows gone and then the new ones: told of both at
   * once, GTK 4.8's list view asks for every new item (looking for widgets
   * to reuse), which would read all 1 000 pages of 100 000 persons. */
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  g_ptr_array_set_size (self->items, (guint) a->count);
  if (a->found != NULL)
    {
      /* A search is read whole: every row is there at once. */
      for (guint i = 0; i < a->found->len; i++)
        {
          JzPersonItem *item = jz_person_item_new ();

          jz_person_item_set_record (item, g_ptr_array_index (a->found, i));
          self->items->pdata[i] = item;
        }
    }
  if (self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->items->len);
  if (old_n != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
answered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *r = user_data;
  JzPersonListModel *self = r->model;
  g_autoptr(GError) error = NULL;
  Answer *a = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (r->generation == self->generation)
    {
      if (a != NULL)
        replace_items (self, a);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          Answer none = { 0, NULL };

          g_warning ("people list: %s", error->message);
          replace_items (self, &none);
        }
      set_loading (self, FALSE);
    }
  if (a != NULL)
    answer_free (a);
  request_free (r);
}

static void
start_generation (JzPersonListModel *self)
{
  Request *r;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  set_loading (self, TRUE);
  r = request_new (self);
  jz_session_run_async (self->session, count_or_search, r, NULL, (GDestroyNotify) answer_free,
                        self->cancellable, answered, r);
}

/* ---- GObject ------------------------------------------------------------ */

static void
jz_person_list_model_dispose (GObject *object)
{
  JzPersonListModel *self = JZ_PERSON_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (jz_person_list_model_parent_class)->dispose (object);
}

static void
jz_person_list_model_finalize (GObject *object)
{
  JzPersonListModel *self = JZ_PERSON_LIST_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->read_pages);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (jz_person_list_model_parent_class)->finalize (object);
}

static void
jz_person_list_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  JzPersonListModel *self = JZ_PERSON_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_person_list_model_class_init (JzPersonListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jz_person_list_model_dispose;
  object_class->finalize = jz_person_list_model_finalize;
  object_class->get_property = jz_person_list_model_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Slots of rows never asked for stay NULL. */
static void
item_free (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
jz_person_list_model_init (JzPersonListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->pages = g_hash_table_new (NULL, NULL);
}

JzPersonListModel *
jz_person_list_model_new (JzSession *session)
{
  JzPersonListModel *self = g_object_new (JZ_TYPE_PERSON_LIST_MODEL, NULL);

  self->session = g_object_ref (session);
  start_generation (self);
  return self;
}

void
jz_person_list_model_set_query (JzPersonListModel *self,
                                const char        *query)
{
  g_autofree char *stripped = g_strstrip (g_strdup (query ? query : ""));

  g_return_if_fail (JZ_IS_PERSON_LIST_MODEL (self));

  if (g_strcmp0 (self->query ? self->query : "", stripped) == 0)
    return;
  g_free (self->query);
  self->query = *stripped ? g_steal_pointer (&stripped) : NULL;
  start_generation (self);
}

const char *
jz_person_list_model_get_query (JzPersonListModel *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_LIST_MODEL (self), NULL);
  return self->query;
}

gboolean
jz_person_list_model_get_loading (JzPersonListModel *self)
{
  g_return_val_if_fail (JZ_IS_PERSON_LIST_MODEL (self), FALSE);
  return self->loading;
}

/* After a save or a sync: read the count (or the search) again. */
void
jz_person_list_model_reload (JzPersonListModel *self)
{
  g_return_if_fail (JZ_IS_PERSON_LIST_MODEL (self));
  start_generation (self);
}
