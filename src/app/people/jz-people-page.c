/* jz-people-page.c — search and list of every person
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkListView over JzPersonListModel: rows are recycled widgets bound by
 * expressions to the item's properties, so a placeholder row fills in when
 * its page arrives. GtkSearchEntry waits 150 ms after the last key before
 * it says the search changed; the model cancels the previous search. Rows show the masked ID number only.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-people-page.h"
#include "jz-person-item.h"

struct _JzPeoplePage
{
  AdwBin             parent_instance;

  /* Template widgets */
  GtkSearchEntry    *search_entry;
  GtkLabel          *count_label;
  GtkStack          *stack;
  GtkListView       *list_view;
  AdwStatusPage     *empty_page;
  AdwStatusPage     *none_page;

  /* Owned */
  JzSession         *session;
  JzPersonListModel *model;
};

G_DEFINE_FINAL_TYPE (JzPeoplePage, jz_people_page, ADW_TYPE_BIN)

static void
update_state (JzPeoplePage *self)
{
  guint n;
  const char *query;
  g_autofree char *text = NULL;

  if (self->model == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  query = jz_person_list_model_get_query (self->model);

  if (jz_person_list_model_get_loading (self->model))
    text = g_strdup (_("Searching…"));
  else if (query == NULL)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person on this device",
                                         "%u persons on this device", n), n);
  else if (n >= JZ_PERSON_SEARCH_LIMIT)
    text = g_strdup_printf (_("The first %u matches; type more to narrow them down"), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  gtk_label_set_label (self->count_label, text);

  if (jz_person_list_model_get_loading (self->model))
    return;
  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (query != NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "none");
}

static void
on_search_changed (JzPeoplePage *self)
{
  if (self->model != NULL)
    jz_person_list_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_activate (JzPeoplePage *self)
{
  /* Enter opens the only match, or the first one. */
  g_autoptr(JzPersonItem) item = NULL;

  if (self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
  if (jz_person_item_get_loaded (item))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-person", "s", jz_person_item_get_id (item));
}

static void
on_row_activated (JzPeoplePage *self,
                  guint         position)
{
  g_autoptr(JzPersonItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL && jz_person_item_get_loaded (item))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-person", "s", jz_person_item_get_id (item));
}

static GtkWidget *
bound_label (GtkListItem *list_item,
             const char   *property,
             const char   *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkExpression *expr;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  expr = gtk_property_expression_new (JZ_TYPE_PERSON_ITEM,
                                      gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                      property);
  gtk_expression_bind (expr, label, "label", list_item);
  return label;
}

/* The icon's words (the item's sync-label) are its tooltip and its
 * accessible label. The tooltip is not set with gtk_widget_set_tooltip_text():
 * that asks the display where the pointer is each time, a round trip to the
 * X server for every row bound. GTK 4.8 makes ~200 rows when the list gets a
 * model, so every search paid ~200 round trips (a quarter of the main
 * thread's work, and the wait for the server on top). The icon always has
 * a tooltip, given by ::query-tooltip when the pointer rests on it; the
 * watch keeps only the accessible label, which costs no round trip. */
typedef struct
{
  GtkWidget          *image;
  GtkExpressionWatch *watch;
} TooltipWatch;

/* The watch ends with the image, while its list item is still there (the
 * item drops its row in its dispose); ended from the item's side, GTK 4.8
 * unwatches the item's properties after the item's weak references are
 * gone, with a warning for each. */
static void
image_gone (gpointer  data,
            GObject  *image)
{
  TooltipWatch *w = data;

  w->image = NULL;
  gtk_expression_watch_unwatch (w->watch);
}

static void
tooltip_watch_free (gpointer data)
{
  TooltipWatch *w = data;

  if (w->image != NULL)
    {
      g_signal_handlers_disconnect_by_data (w->image, w);
      g_object_weak_unref (G_OBJECT (w->image), image_gone, w);
    }
  g_free (w);
}

/* The item's sync-label, or NULL when it has none. */
static char *
sync_label_of (TooltipWatch *w)
{
  g_auto(GValue) value = G_VALUE_INIT;
  const char *text = NULL;

  if (w->image != NULL && gtk_expression_watch_evaluate (w->watch, &value))
    text = g_value_get_string (&value);
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
sync_label_changed (gpointer data)
{
  TooltipWatch *w = data;
  g_autofree char *text = sync_label_of (w);

  if (w->image == NULL)
    return;
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (w->image), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (w->image), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static gboolean
sync_icon_query_tooltip (GtkWidget  *image,
                         int         x,
                         int         y,
                         gboolean    keyboard,
                         GtkTooltip *tooltip,
                         gpointer    data)
{
  g_autofree char *text = sync_label_of (data);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* A small icon when the person's changes wait to be sent or were refused;
 * its words as the tooltip and for screen readers. */
static GtkWidget *
sync_icon (GtkListItem *list_item)
{
  GtkWidget *image = gtk_image_new ();
  GtkExpression *item = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
  g_autoptr(GtkExpression) label = gtk_property_expression_new (JZ_TYPE_PERSON_ITEM, gtk_expression_ref (item),
                                                                "sync-label");
  TooltipWatch *w = g_new0 (TooltipWatch, 1);

  gtk_widget_add_css_class (image, "dim-label");
  gtk_widget_set_name (image, "sync-icon");
  gtk_expression_bind (gtk_property_expression_new (JZ_TYPE_PERSON_ITEM, item, "sync-icon"),
                       image, "icon-name", list_item);
  w->image = image;
  w->watch = gtk_expression_watch (label, list_item, sync_label_changed, w, tooltip_watch_free);
  g_object_weak_ref (G_OBJECT (image), image_gone, w);
  gtk_widget_set_has_tooltip (image, TRUE);
  g_signal_connect (image, "query-tooltip", G_CALLBACK (sync_icon_query_tooltip), w);
  sync_label_changed (w);
  return image;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *id_label;
  GtkWidget *address;

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  /* Touch: a row is at least 56 px high. */
  gtk_widget_set_size_request (box, -1, 40);

  gtk_box_append (GTK_BOX (box), bound_label (list_item, "name", "heading"));
  id_label = bound_label (list_item, "masked-id", "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (id_label), PANGO_ELLIPSIZE_NONE);
  gtk_widget_add_css_class (id_label, "dim-label");
  address = bound_label (list_item, "address", "dim-label");
  gtk_widget_set_hexpand (address, TRUE);
  gtk_box_append (GTK_BOX (line), id_label);
  gtk_box_append (GTK_BOX (line), address);
  gtk_box_append (GTK_BOX (line), sync_icon (list_item));
  gtk_box_append (GTK_BOX (box), line);
  gtk_list_item_set_child (list_item, box);
}

static void
on_model_changed (JzPeoplePage *self)
{
  update_state (self);
}

/* The list is read when the page is first shown (or its model asked
 * for), not when the session opens: GTK 4.8's list view makes ~200 row
 * widgets as soon as it has a model, shown or not, and the first page of
 * persons would be read on the store's thread next to Today's overview,
 * all before the app's first frame with content. */
static void
ensure_model (JzPeoplePage *self)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  if (self->model != NULL || self->session == NULL)
    return;
  self->model = jz_person_list_model_new (self->session);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (on_model_changed), self);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (on_model_changed), self);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  gtk_list_view_set_model (self->list_view, selection);
  update_state (self);
}

void
jz_people_page_set_session (JzPeoplePage *self,
                            JzSession    *session)
{
  g_return_if_fail (JZ_IS_PEOPLE_PAGE (self));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->session, session);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_model (self);
}

JzPersonListModel *
jz_people_page_get_model (JzPeoplePage *self)
{
  g_return_val_if_fail (JZ_IS_PEOPLE_PAGE (self), NULL);
  ensure_model (self);
  return self->model;
}

GtkListView *
jz_people_page_get_list_view (JzPeoplePage *self)
{
  g_return_val_if_fail (JZ_IS_PEOPLE_PAGE (self), NULL);
  return self->list_view;
}

GtkEditable *
jz_people_page_get_search_entry (JzPeoplePage *self)
{
  g_return_val_if_fail (JZ_IS_PEOPLE_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

void
jz_people_page_focus_search (JzPeoplePage *self)
{
  g_return_if_fail (JZ_IS_PEOPLE_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
jz_people_page_reload (JzPeoplePage *self)
{
  g_return_if_fail (JZ_IS_PEOPLE_PAGE (self));
  if (self->model != NULL)
    jz_person_list_model_reload (self->model);
}

static void
jz_people_page_dispose (GObject *object)
{
  JzPeoplePage *self = JZ_PEOPLE_PAGE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (jz_people_page_parent_class)->dispose (object);
}

static void
jz_people_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (jz_people_page_parent_class)->map (widget);
  ensure_model (JZ_PEOPLE_PAGE (widget));
}

static void
jz_people_page_class_init (JzPeoplePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_people_page_dispose;
  widget_class->map = jz_people_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-people-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JzPeoplePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JzPeoplePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, JzPeoplePage, stack);
  gtk_widget_class_bind_template_child (widget_class, JzPeoplePage, list_view);
  gtk_widget_class_bind_template_child (widget_class, JzPeoplePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, JzPeoplePage, none_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
jz_people_page_init (JzPeoplePage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  jz_app_status_icon_on_map (self->empty_page);
  jz_app_status_icon_on_map (self->none_page);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
}
