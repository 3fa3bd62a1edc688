/* jz-conflicts-page.c — conflicts: the list, and one record's values side by side
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list names the records and their disputed fields but shows no value
 * (a value may be a full ID number). Opening a record shows every value of
 * each field with its author, device and time, and writes a
 * "view_conflicts" audit row, as `juzhu-cli conflicts RECORD` does. Taking a
 * value or typing a new one is jz_store_resolve() on a worker thread:
 * actions conflict.take (record, field, value_id) and conflict.set
 * (record, field, text), which the tests activate as a tap would.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-form-util.h"
#include "jz-conflicts-page.h"
#include "jz-id-number.h"

struct _JzConflictsPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  GtkSpinner          *loading_spinner;
  AdwStatusPage       *none_page;
  AdwPreferencesGroup *list_group;
  GtkBox              *record_box;

  /* Owned */
  JzSession           *session;
  char                *record;
  GCancellable        *cancellable;
  GPtrArray           *list_rows;
  GHashTable          *error_labels;   /* field → GtkLabel (borrowed) */
  guint                n_shown;
  guint                busy;
};

enum { CHANGED, LOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JzConflictsPage, jz_conflicts_page, ADW_TYPE_BIN)

/* ---- reading -------------------------------------------------------------- */

typedef struct
{
  char *record;
  char *author;
} LoadArgs;

static void
load_args_free (LoadArgs *args)
{
  g_free (args->record);
  g_free (args->author);
  g_free (args);
}

/* Who a record is about: its person's name and masked ID number. */
static void
describe_record (JzStore    *store,
                 const char *rtype,
                 const char *record,
                 JsonObject *entry)
{
  g_autoptr(JsonObject) row = jz_store_get (store, rtype, record, NULL);
  g_autoptr(JsonObject) person = NULL;
  const char *person_id = NULL;

  if (row == NULL)
    return;
  if (g_strcmp0 (rtype, "person") == 0)
    person = json_object_ref (row);
  else if ((person_id = jz_app_str (row, "person_id")) != NULL)
    person = jz_store_get (store, "person", person_id, NULL);
  if (person != NULL)
    {
      g_autofree char *masked = jz_app_str (person, "id_number")
                                ? jz_id_number_mask (jz_app_str (person, "id_number")) : g_strdup ("");

      json_object_set_string_member (entry, "name", jz_app_str (person, "name") ?: "");
      json_object_set_string_member (entry, "masked_id", masked);
      json_object_set_string_member (entry, "person_id", jz_app_str (person, "id"));
    }
}

static gpointer
load_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  LoadArgs *args = data;
  JzStore *store = jz_session_get_store (session);
  g_autoptr(GPtrArray) conflicts = jz_store_conflicts (store, args->record, error);
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *records = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  json_object_set_array_member (out, "records", records);
  if (conflicts == NULL)
    return NULL;

  if (args->record != NULL)
    {
      JsonArray *fields = json_array_new ();

      for (guint i = 0; i < conflicts->len; i++)
        json_array_add_object_element (fields, json_object_ref (g_ptr_array_index (conflicts, i)));
      json_object_set_array_member (out, "fields", fields);
      if (conflicts->len > 0
          && !jz_store_audit (store, args->author, "view_conflicts",
                              jz_app_str (g_ptr_array_index (conflicts, 0), "type"),
                              args->record, NULL, error))
        return NULL;
      return g_steal_pointer (&out);
    }

  /* The list: one entry per record, with the labels of its fields. */
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conflicts, i);
      const char *record = jz_app_str (c, "record");
      JsonObject *entry = g_hash_table_lookup (seen, record);

      if (entry == NULL)
        {
          entry = json_object_new ();
          json_object_set_string_member (entry, "record", record);
          json_object_set_string_member (entry, "type", jz_app_str (c, "type"));
          json_object_set_array_member (entry, "fields", json_array_new ());
          describe_record (store, jz_app_str (c, "type"), record, entry);
          json_array_add_object_element (records, entry);
          g_hash_table_insert (seen, (gpointer) jz_app_str (entry, "record"), entry);
        }
      json_array_add_string_element (json_object_get_array_member (entry, "fields"),
                                     jz_app_str (c, "field"));
    }
  return g_steal_pointer (&out);
}

/* ---- the list ------------------------------------------------------------- */

static void
show_list (JzConflictsPage *self,
           JsonArray       *records)
{
  guint n = json_array_get_length (records);

  jz_app_clear_group (self->list_group, self->list_rows);
  self->n_shown = n;
  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (records, i);
      JsonArray *fields = json_object_get_array_member (entry, "fields");
      const char *rtype = jz_app_str (entry, "type");
      GString *labels = g_string_new (NULL);
      g_autofree char *title = NULL;
      GtkWidget *row = adw_action_row_new ();

      for (guint f = 0; f < json_array_get_length (fields); f++)
        {
          if (f > 0)
            g_string_append (labels, _(", "));
          g_string_append (labels, jz_app_field_label (rtype, json_array_get_string_element (fields, f)));
        }
      if (g_strcmp0 (rtype, "person") == 0)
        title = g_strdup_printf ("%s  %s", jz_app_str (entry, "name") ?: "", jz_app_str (entry, "masked_id") ?: "");
      else
        title = g_strdup_printf ("%s — %s  %s", jz_app_type_label (rtype), jz_app_str (entry, "name") ?: "",
                                 jz_app_str (entry, "masked_id") ?: "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), labels->str);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (JZ_APP_CONFLICTS_ICON));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-conflict");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", jz_app_str (entry, "record"));
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->list_rows, row);
      g_string_free (labels, TRUE);
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* ---- one record ----------------------------------------------------------- */

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
value_card (JzConflictsPage *self,
            JsonObject      *conflict,
            JsonObject      *value)
{
  const char *rtype = jz_app_str (conflict, "type");
  const char *field = jz_app_str (conflict, "field");
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *button;
  g_autofree char *text = jz_app_value_text (self->session, rtype, field,
                                             json_object_get_member (value, "value"), FALSE);
  g_autofree char *when = jz_app_local_time (jz_app_str (value, "time"));
  g_autofree char *site = jz_app_short_site (jz_app_str (value, "site"));
  g_autofree char *by = g_strdup_printf (_("by %s"), jz_app_str (value, "author") ?: "?");
  g_autofree char *device = g_strdup_printf (_("on device %s"), site);
  GtkWidget *value_label;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_hexpand (card, TRUE);
  value_label = label_new (text, "title-3");
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_margin_top (value_label, 12);
  gtk_widget_set_margin_start (value_label, 12);
  gtk_widget_set_margin_end (value_label, 12);
  gtk_box_append (GTK_BOX (card), value_label);

  for (guint i = 0; i < 3; i++)
    {
      const char *line = i == 0 ? by : i == 1 ? device : when;
      GtkWidget *l = label_new (line, "dim-label");

      gtk_widget_set_margin_start (l, 12);
      gtk_widget_set_margin_end (l, 12);
      gtk_box_append (GTK_BOX (card), l);
    }
  if (jz_app_int (value, "shown"))
    {
      GtkWidget *l = label_new (_("Shown for now"), "accent");

      gtk_widget_set_margin_start (l, 12);
      gtk_box_append (GTK_BOX (card), l);
    }

  button = gtk_button_new_with_label (_("Use this value"));
  gtk_widget_set_size_request (button, -1, 44);
  gtk_widget_set_margin_start (button, 12);
  gtk_widget_set_margin_end (button, 12);
  gtk_widget_set_margin_bottom (button, 12);
  gtk_widget_set_valign (button, GTK_ALIGN_END);
  gtk_widget_set_vexpand (button, TRUE);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conflict.take");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sss)", jz_app_str (conflict, "record"),
                                    field, jz_app_str (value, "value_id"));
  gtk_box_append (GTK_BOX (card), button);
  return card;
}

static void
on_entry_apply (AdwEntryRow *row,
                gpointer     user_data)
{
  JzConflictsPage *self = user_data;
  const char *field = g_object_get_data (G_OBJECT (row), "jz-field");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  gtk_widget_activate_action (GTK_WIDGET (self), "conflict.set", "(sss)", self->record, field, text);
}

static GtkWidget *
field_box (JzConflictsPage *self,
           JsonObject      *conflict)
{
  const char *rtype = jz_app_str (conflict, "type");
  const char *field = jz_app_str (conflict, "field");
  JsonArray *values = json_object_get_array_member (conflict, "values");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *entry = adw_entry_row_new ();
  GtkWidget *error_label;

  gtk_box_append (GTK_BOX (box), label_new (jz_app_field_label (rtype, field), "title-2"));
  gtk_box_append (GTK_BOX (box), label_new (_("Two devices set different values. Use one, or type the right one."),
                                            "dim-label"));

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      GtkWidget *card = value_card (self, conflict, json_array_get_object_element (values, i));

      gtk_widget_set_size_request (card, 220, -1);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), card);
    }
  gtk_box_append (GTK_BOX (box), flow);

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Or type the right value"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  g_object_set_data_full (G_OBJECT (entry), "jz-field", g_strdup (field), g_free);
  g_signal_connect (entry, "apply", G_CALLBACK (on_entry_apply), self);
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  gtk_box_append (GTK_BOX (box), list);

  error_label = label_new (NULL, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);
  g_hash_table_insert (self->error_labels, g_strdup (field), error_label);
  return box;
}

static void
show_record (JzConflictsPage *self,
             JsonArray       *fields)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->record_box))) != NULL)
    gtk_box_remove (self->record_box, child);
  g_hash_table_remove_all (self->error_labels);

  self->n_shown = json_array_get_length (fields);
  for (guint i = 0; i < self->n_shown; i++)
    gtk_box_append (self->record_box, field_box (self, json_array_get_object_element (fields, i)));
  if (self->n_shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "none");
  else
    gtk_stack_set_visible_child_name (self->stack, "record");
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(JzConflictsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (out == NULL)
    {
      adw_status_page_set_title (self->none_page, _("Conflicts cannot be read"));
      adw_status_page_set_description (self->none_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "none");
    }
  else if (json_object_has_member (out, "fields"))
    show_record (self, json_object_get_array_member (out, "fields"));
  else
    show_list (self, json_object_get_array_member (out, "records"));
  g_signal_emit (self, signals[LOADED], 0);
}

void
jz_conflicts_page_load (JzConflictsPage *self,
                        const char      *record)
{
  LoadArgs *args;

  g_return_if_fail (JZ_IS_CONFLICTS_PAGE (self));
  g_return_if_fail (self->session != NULL);

  if (self->cancellable != NULL && self->busy > 0)
    {
      g_cancellable_cancel (self->cancellable);
      self->busy = 0;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (record != self->record)
    {
      g_free (self->record);
      self->record = g_strdup (record);
    }
  adw_status_page_set_title (self->none_page, _("No conflicts"));
  if (gtk_stack_get_visible_child_name (self->stack) == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), record ? "record" : "list") != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  args = g_new0 (LoadArgs, 1);
  args->record = g_strdup (record);
  args->author = g_strdup (jz_session_get_author (self->session));
  self->busy++;
  jz_session_run_async (self->session, load_in_thread, args, (GDestroyNotify) load_args_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, loaded,
                        g_object_ref (self));
}

/* ---- resolving ------------------------------------------------------------ */

typedef struct
{
  char     *record;
  char     *field;
  char     *take;
  JsonNode *value;
  char     *author;
} ResolveArgs;

static void
resolve_args_free (ResolveArgs *args)
{
  g_free (args->record);
  g_free (args->field);
  g_free (args->take);
  g_clear_pointer (&args->value, json_node_unref);
  g_free (args->author);
  g_free (args);
}

static gpointer
resolve_in_thread (JzSession     *session,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  ResolveArgs *args = data;

  if (!jz_store_resolve (jz_session_get_store (session), args->record, args->field,
                         args->take, args->value, args->author, error))
    return NULL;
  return g_strdup (args->field);
}

typedef struct
{
  JzConflictsPage *self;
  char            *field;
} ResolveCall;

static void
resolved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ResolveCall *call = user_data;
  JzConflictsPage *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = jz_session_run_finish (JZ_SESSION (source), result, &error);

  self->busy--;
  if (field == NULL)
    {
      GtkLabel *label = g_hash_table_lookup (self->error_labels, call->field);

      jz_form_ask_to_set_date (GTK_WIDGET (self), error);
      /* Said where it happened: under the field. */
      if (label != NULL)
        {
          gtk_label_set_label (label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
        }
    }
  else
    {
      g_signal_emit (self, signals[CHANGED], 0, field);
      jz_conflicts_page_load (self, self->record);
    }
  g_free (call->field);
  g_object_unref (call->self);
  g_free (call);
}

static void
resolve_run (JzConflictsPage *self,
             ResolveArgs     *args)
{
  ResolveCall *call = g_new0 (ResolveCall, 1);

  call->self = g_object_ref (self);
  call->field = g_strdup (args->field);
  self->busy++;
  jz_session_run_async (self->session, resolve_in_thread, args, (GDestroyNotify) resolve_args_free,
                        g_free, NULL, resolved, call);
}

typedef struct
{
  JzConflictsPage *self;
  ResolveArgs     *args;
} PendingResolve;

static void
pending_resolve_free (gpointer data)
{
  PendingResolve *p = data;

  g_clear_pointer (&p->args, resolve_args_free);
  g_object_unref (p->self);
  g_free (p);
}

static void
pending_resolve_run (gpointer data)
{
  PendingResolve *p = data;

  resolve_run (p->self, g_steal_pointer (&p->args));
}

/* Settling a conflict decides a legal value for every device: asked
 * first. Takes @value. */
static void
resolve (JzConflictsPage *self,
         const char      *record,
         const char      *field,
         const char      *take,
         JsonNode        *value)
{
  PendingResolve *p = g_new0 (PendingResolve, 1);
  g_autofree char *body = NULL;

  p->self = g_object_ref (self);
  p->args = g_new0 (ResolveArgs, 1);
  p->args->record = g_strdup (record);
  p->args->field = g_strdup (field);
  p->args->take = g_strdup (take);
  p->args->value = value;
  p->args->author = g_strdup (jz_session_get_author (self->session));
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    body = g_strdup_printf (_("“%s” becomes the record's value on every device. The values before stay in "
                              "its history."), json_node_get_string (value));
  else
    body = g_strdup (_("The value you chose becomes the record's on every device. The other stays in its "
                       "history."));
  jz_form_confirm (GTK_WIDGET (self), _("Settle this conflict?"), body, _("_Settle"),
                   pending_resolve_run, p, pending_resolve_free);
}

static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzConflictsPage *self = JZ_CONFLICTS_PAGE (widget);
  const char *record, *field, *take;

  g_variant_get (parameter, "(&s&s&s)", &record, &field, &take);
  resolve (self, record, field, take, NULL);
}

static void
set_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  JzConflictsPage *self = JZ_CONFLICTS_PAGE (widget);
  const char *record, *field, *text;
  JsonNode *value;

  g_variant_get (parameter, "(&s&s&s)", &record, &field, &text);
  value = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (value, text);
  resolve (self, record, field, NULL, value);
}

/* ---- the rest ------------------------------------------------------------- */

void
jz_conflicts_page_set_session (JzConflictsPage *self,
                               JzSession       *session)
{
  g_return_if_fail (JZ_IS_CONFLICTS_PAGE (self));
  g_set_object (&self->session, session);
}

const char *
jz_conflicts_page_get_record (JzConflictsPage *self)
{
  g_return_val_if_fail (JZ_IS_CONFLICTS_PAGE (self), NULL);
  return self->record;
}

guint
jz_conflicts_page_get_n_shown (JzConflictsPage *self)
{
  g_return_val_if_fail (JZ_IS_CONFLICTS_PAGE (self), 0);
  return self->n_shown;
}

gboolean
jz_conflicts_page_get_busy (JzConflictsPage *self)
{
  g_return_val_if_fail (JZ_IS_CONFLICTS_PAGE (self), FALSE);
  return self->busy > 0;
}

static void
jz_conflicts_page_dispose (GObject *object)
{
  JzConflictsPage *self = JZ_CONFLICTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (jz_conflicts_page_parent_class)->dispose (object);
}

static void
jz_conflicts_page_finalize (GObject *object)
{
  JzConflictsPage *self = JZ_CONFLICTS_PAGE (object);

  g_clear_pointer (&self->list_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error_labels, g_hash_table_unref);
  g_clear_pointer (&self->record, g_free);
  G_OBJECT_CLASS (jz_conflicts_page_parent_class)->finalize (object);
}

static void
jz_conflicts_page_class_init (JzConflictsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_conflicts_page_dispose;
  object_class->finalize = jz_conflicts_page_finalize;

  /* A field was settled (its name): counts and lists elsewhere are stale. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-conflicts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JzConflictsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JzConflictsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, JzConflictsPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, JzConflictsPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, JzConflictsPage, record_box);

  gtk_widget_class_install_action (widget_class, "conflict.take", "(sss)", take_action);
  gtk_widget_class_install_action (widget_class, "conflict.set", "(sss)", set_action);
}

static void
jz_conflicts_page_init (JzConflictsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jz_app_spin_while_mapped (self->loading_spinner);
  jz_app_status_icon_on_map (self->none_page);
  self->list_rows = g_ptr_array_new ();
  self->error_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
