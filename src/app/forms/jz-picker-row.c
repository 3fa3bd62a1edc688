/* jz-picker-row.c — a row that picks one code from a long, searchable list
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.2's AdwComboRow cannot search, and 56 ethnicities or a
 * province's hundred counties need it: the row opens a popover with a
 * search entry over a list view. Typing filters: by the characters of a
 * name, by pinyin whole or by initials ("han", "hz" find 汉族;
 * jz-pinyin.h), or by the start of a code; "nothing found" is said. Enter
 * takes the first match; a tap takes the tapped one.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "jz-picker-row.h"
#include "jz-pinyin.h"

struct _JzPickerRow
{
  AdwActionRow        parent_instance;

  /* Owned */
  GtkStringList      *labels;
  GPtrArray          *codes;
  char               *selected;

  /* Borrowed (children) */
  GtkPopover         *popover;
  GtkSearchEntry     *search;
  GtkListView        *list;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkLabel           *nothing;
  char               *query;     /* casefolded, without surrounding spaces */
  char               *typed;     /* the same as typed, for "nothing found" */
};

G_DEFINE_FINAL_TYPE (JzPickerRow, jz_picker_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_SELECTED_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
index_of (JzPickerRow *self,
          const char  *code)
{
  for (guint i = 0; code != NULL && i < self->codes->len; i++)
    if (g_str_equal (self->codes->pdata[i], code))
      return (int) i;
  return -1;
}

static void
update_subtitle (JzPickerRow *self)
{
  int i = index_of (self, self->selected);

  if (i >= 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                                 gtk_string_list_get_string (self->labels, (guint) i));
  else if (self->codes->len == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                                 _("No list yet (it comes with the first sync); type the division code below"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), _("Not chosen yet — tap to choose"));
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->codes->len > 0);
}

static void
pick_filtered (JzPickerRow *self,
               guint        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  const char *code;

  if (item == NULL)
    return;
  code = g_object_get_data (item, "jz-code");
  jz_picker_row_set_selected_code (self, code);
  gtk_popover_popdown (self->popover);
}

static void
on_list_activate (GtkListView *list,
                  guint        position,
                  JzPickerRow *self)
{
  pick_filtered (self, position);
}

static void
on_search_activate (GtkSearchEntry *entry,
                    JzPickerRow    *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    pick_filtered (self, 0);
}

/* An item is in when the query is empty, is part of its name (any case),
 * reads as a run of its name in pinyin, or starts its code. */
static gboolean
item_matches (gpointer item,
              gpointer user_data)
{
  JzPickerRow *self = user_data;
  const char *label = gtk_string_object_get_string (item);
  const char *code = g_object_get_data (item, "jz-code");
  g_autofree char *folded = NULL;

  if (self->query == NULL || *self->query == '\0')
    return TRUE;
  folded = g_utf8_casefold (label, -1);
  return strstr (folded, self->query) != NULL || jz_pinyin_matches (label, self->query) ||
         (code != NULL && g_str_has_prefix (code, self->query));
}

/* "Nothing found" under the entry when a query leaves no item. */
static void
on_filtered_changed (GListModel  *model,
                     guint        position,
                     guint        removed,
                     guint        added,
                     JzPickerRow *self)
{
  gboolean none = g_list_model_get_n_items (model) == 0 && self->query != NULL && *self->query != '\0';

  if (none)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing found for “%s”"), self->typed);

      gtk_label_set_text (self->nothing, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->nothing), none);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   JzPickerRow    *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  g_free (self->query);
  self->query = g_utf8_casefold (text, -1);
  g_free (self->typed);
  self->typed = g_steal_pointer (&text);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* an empty answer to another query emits no items-changed */
  on_filtered_changed (G_LIST_MODEL (self->filtered), 0, 0, 0, self);
}


static void
on_stop_search (GtkSearchEntry *entry,
                JzPickerRow    *self)
{
  gtk_popover_popdown (self->popover);
}

static void
on_activated (AdwActionRow *row,
              JzPickerRow  *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  gtk_popover_popup (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
setup_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_item (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkStringObject *obj = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (obj));
}

static void
jz_picker_row_dispose (GObject *object)
{
  JzPickerRow *self = JZ_PICKER_ROW (object);

  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }

  G_OBJECT_CLASS (jz_picker_row_parent_class)->dispose (object);
}

static void
jz_picker_row_finalize (GObject *object)
{
  JzPickerRow *self = JZ_PICKER_ROW (object);

  g_clear_object (&self->labels);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->typed, g_free);

  G_OBJECT_CLASS (jz_picker_row_parent_class)->finalize (object);
}

static void
jz_picker_row_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  JzPickerRow *self = JZ_PICKER_ROW (widget);

  GTK_WIDGET_CLASS (jz_picker_row_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->popover != NULL)
    gtk_popover_present (self->popover);
}

static void
jz_picker_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  JzPickerRow *self = JZ_PICKER_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CODE:
      g_value_set_string (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_picker_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  JzPickerRow *self = JZ_PICKER_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_CODE:
      jz_picker_row_set_selected_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_picker_row_class_init (JzPickerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_picker_row_dispose;
  object_class->finalize = jz_picker_row_finalize;
  object_class->get_property = jz_picker_row_get_property;
  object_class->set_property = jz_picker_row_set_property;
  widget_class->size_allocate = jz_picker_row_size_allocate;

  properties[PROP_SELECTED_CODE] =
    g_param_spec_string ("selected-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jz_picker_row_init (JzPickerRow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkSingleSelection *selection;

  self->labels = gtk_string_list_new (NULL);
  self->codes = g_ptr_array_new_with_free_func (g_free);

  self->filter = gtk_custom_filter_new (item_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->labels)),
                                              GTK_FILTER (self->filter));
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (on_filtered_changed), self, 0);
  selection = gtk_single_selection_new (G_LIST_MODEL (self->filtered));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item), NULL);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect (self->list, "activate", G_CALLBACK (on_list_activate), self);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Name or pinyin"), NULL);
  g_signal_connect (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect (self->search, "stop-search", G_CALLBACK (on_stop_search), self);
  gtk_search_entry_set_key_capture_widget (self->search, GTK_WIDGET (self->list));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_widget_set_size_request (scrolled, 260, -1);
  self->nothing = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->nothing, TRUE);
  gtk_label_set_xalign (self->nothing, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->nothing), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->nothing), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->nothing), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->nothing));
  gtk_box_append (GTK_BOX (box), scrolled);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));

  adw_action_row_add_suffix (ADW_ACTION_ROW (self), gtk_image_new_from_icon_name ("pan-down-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  g_signal_connect (self, "activated", G_CALLBACK (on_activated), self);
  update_subtitle (self);
}

GtkWidget *
jz_picker_row_new (void)
{
  return g_object_new (JZ_TYPE_PICKER_ROW, NULL);
}

void
jz_picker_row_set_items (JzPickerRow *self,
                         GPtrArray   *codes,
                         GPtrArray   *labels)
{
  g_autofree char *keep = NULL;

  g_return_if_fail (JZ_IS_PICKER_ROW (self));
  g_return_if_fail (codes->len == labels->len);

  keep = g_strdup (self->selected);
  g_ptr_array_set_size (self->codes, 0);
  gtk_string_list_splice (self->labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->labels)), NULL);
  for (guint i = 0; i < codes->len; i++)
    {
      g_autoptr(GObject) item = NULL;

      g_ptr_array_add (self->codes, g_strdup (codes->pdata[i]));
      gtk_string_list_append (self->labels, labels->pdata[i]);
      item = g_list_model_get_item (G_LIST_MODEL (self->labels), i);
      g_object_set_data_full (item, "jz-code", g_strdup (codes->pdata[i]), g_free);
    }
  /* the items were filtered as they came, before their codes were set */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* The old choice stays if the new list has it. */
  jz_picker_row_set_selected_code (self, index_of (self, keep) >= 0 ? keep : NULL);
  update_subtitle (self);
}

guint
jz_picker_row_get_n_items (JzPickerRow *self)
{
  g_return_val_if_fail (JZ_IS_PICKER_ROW (self), 0);
  return self->codes->len;
}

const char *
jz_picker_row_get_selected_code (JzPickerRow *self)
{
  g_return_val_if_fail (JZ_IS_PICKER_ROW (self), NULL);
  return self->selected;
}

void
jz_picker_row_set_selected_code (JzPickerRow *self,
                                 const char  *code)
{
  g_return_if_fail (JZ_IS_PICKER_ROW (self));

  if (index_of (self, code) < 0)
    code = NULL;
  if (g_strcmp0 (code, self->selected) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (code);
  update_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CODE]);
}

/* What a person typing @query in the popover's entry sees: the number of
 * items left (the entry is set, as typing sets it). */
guint
jz_picker_row_search (JzPickerRow *self,
                      const char  *query)
{
  g_return_val_if_fail (JZ_IS_PICKER_ROW (self), 0);

  gtk_editable_set_text (GTK_EDITABLE (self->search), query);
  /* the entry waits a moment before "search-changed"; a caller wants it now */
  on_search_changed (self->search, self);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

/* The code of the @position-th item shown, or NULL. */
const char *
jz_picker_row_get_shown_code (JzPickerRow *self,
                              guint        position)
{
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (JZ_IS_PICKER_ROW (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  return item != NULL ? g_object_get_data (item, "jz-code") : NULL;
}

/* The "nothing found" line, when it is shown; else NULL. */
const char *
jz_picker_row_get_nothing_found (JzPickerRow *self)
{
  g_return_val_if_fail (JZ_IS_PICKER_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->nothing)) ? gtk_label_get_text (self->nothing) : NULL;
}
