/* jz-attention-page.c — changes the county server refused, with its reasons
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-attention-page.h"

struct _JzAttentionPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *none_page;
  AdwPreferencesGroup *group;

  /* Owned */
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (JzAttentionPage, jz_attention_page, ADW_TYPE_BIN)

static gpointer
load_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return jz_store_rejected_list (jz_session_get_store (session), error);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(JzAttentionPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = jz_session_run_finish (JZ_SESSION (source), result, &error);

  jz_app_clear_group (self->group, self->rows);
  if (rejected == NULL)
    {
      adw_status_page_set_title (self->none_page, _("The list cannot be read"));
      adw_status_page_set_description (self->none_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  for (guint i = 0; i < rejected->len; i++)
    {
      JsonObject *r = g_ptr_array_index (rejected, i);
      const char *rtype = jz_app_str (r, "type");
      JsonArray *fields = json_object_get_array_member (r, "fields");
      GString *title = g_string_new (jz_app_type_label (rtype));
      g_autofree char *when = jz_app_local_time (jz_app_str (r, "at"));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      for (guint f = 0; fields != NULL && f < json_array_get_length (fields); f++)
        {
          g_string_append (title, f == 0 ? ": " : _(", "));
          g_string_append (title, jz_app_field_label (rtype, json_array_get_string_element (fields, f)));
        }
      /* The server explains in English: shown only on an English
       * screen; the code says the same in every language. */
      if (jz_app_shows_server_text ())
        /* Translators: the server's reason, its explanation, and when it refused */
        subtitle = g_strdup_printf (_("%s — %s (refused %s)"), jz_app_refusal_label (jz_app_str (r, "code")),
                                    jz_app_str (r, "reason") ?: "", when);
      else
        /* Translators: why the county server refused a change, and when */
        subtitle = g_strdup_printf (_("%s (refused %s)"), jz_app_refusal_label (jz_app_str (r, "code")), when);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title->str);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-record");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", jz_app_str (r, "record"));
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
      g_string_free (title, TRUE);
    }
  gtk_stack_set_visible_child_name (self->stack, rejected->len > 0 ? "list" : "none");
}

void
jz_attention_page_load (JzAttentionPage *self,
                        JzSession       *session)
{
  g_return_if_fail (JZ_IS_ATTENTION_PAGE (self));
  jz_session_run_async (session, load_in_thread, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                        NULL, loaded, g_object_ref (self));
}

static void
jz_attention_page_dispose (GObject *object)
{
  G_OBJECT_CLASS (jz_attention_page_parent_class)->dispose (object);
}

static void
jz_attention_page_finalize (GObject *object)
{
  g_clear_pointer (&JZ_ATTENTION_PAGE (object)->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (jz_attention_page_parent_class)->finalize (object);
}

static void
jz_attention_page_class_init (JzAttentionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_attention_page_dispose;
  object_class->finalize = jz_attention_page_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-attention-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JzAttentionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JzAttentionPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, JzAttentionPage, group);
}

static void
jz_attention_page_init (JzAttentionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jz_app_status_icon_on_map (self->none_page);
  self->rows = g_ptr_array_new ();
}
