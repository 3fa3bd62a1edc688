/* jz-window-forms.c — the field forms in the window: shown, kept as drafts,
 * left when they end
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-application-flow.h"
#include "jz-declaration-flow.h"
#include "jz-print.h"
#include "jz-store-draft.h"
#include "jz-window-private.h"

/* ---- forms in the window ------------------------------------------------- */

/* The forms are pages of their own (jz-declaration-flow.c,
 * jz-application-flow.c), shown in the "form" slot of the content stack;
 * Back leaves them (their drafts are saved at every step). */
static gboolean
remove_form_idle (gpointer data)
{
  GtkWidget *form = data;
  GtkWidget *stack = gtk_widget_get_parent (form);

  if (GTK_IS_STACK (stack) && gtk_stack_get_visible_child (GTK_STACK (stack)) != form)
    gtk_stack_remove (GTK_STACK (stack), form);
  return G_SOURCE_REMOVE;
}

/* Back to the page the form was opened from; the form itself goes once its
 * signal handler has returned. */
static void
leave_form (JzWindow  *self,
            GtkWidget *form)
{
  if (gtk_stack_get_visible_child (self->content_stack) == form)
    {
      if (self->history->len > 0)
        _jz_window_go_back (self);
      else
        _jz_window_show_page (self, "home", TRUE);
    }
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, remove_form_idle, g_object_ref (form), g_object_unref);
  /* Drafts and counts changed. */
  _jz_window_refresh (self);
}

static void
on_form_finished (GtkWidget  *form,
                  const char *record_id,
                  JzWindow   *self)
{
  leave_form (self, form);
  jz_window_add_toast (self, _("Saved"));
  if (record_id != NULL && *record_id != '\0')
    g_action_group_activate_action (G_ACTION_GROUP (self), "open-record", g_variant_new_string (record_id));
}

static void
on_form_cancelled (GtkWidget *form,
                   JzWindow  *self)
{
  leave_form (self, form);
}

/* What was typed in @form is kept as its draft; TRUE when a save started
 * ("draft-saved" or "draft-failed" follows). */
gboolean
_jz_window_form_keep_draft (GtkWidget *form)
{
  return JZ_IS_FORM_FLOW (form) && jz_form_flow_keep_draft (JZ_FORM_FLOW (form));
}

/* The window waits for the draft before it closes (closing mid-flow keeps
 * what was typed); a draft that cannot be saved keeps the window open,
 * with the reason. */
static void
on_form_draft_saved (GtkWidget  *form,
                     const char *draft_id,
                     JzWindow   *self)
{
  if (self->closing_for_draft)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_form_draft_failed (GtkWidget  *form,
                      const char *message,
                      JzWindow   *self)
{
  /* The form shows it when it is on screen. */
  if (self->closing_for_draft || gtk_stack_get_visible_child (self->content_stack) != form)
    jz_window_add_toast (self, message);
  self->closing_for_draft = FALSE;
}

/* The form's own header bar replaces the window's: it gets the window's
 * buttons too. */
static void
adopt_header_bar (JzWindow   *self,
                  JzFormFlow *form)
{
  AdwHeaderBar *bar = jz_form_flow_get_header_bar (form);

  g_return_if_fail (bar != NULL);
  adw_header_bar_set_show_end_title_buttons (bar, TRUE);
  g_object_bind_property (self->leaflet, "folded", bar, "show-start-title-buttons", G_BINDING_SYNC_CREATE);
}

static void
show_form (JzWindow   *self,
           GtkWidget  *form,
           const char *title)
{
  GtkWidget *old = gtk_stack_get_child_by_name (self->content_stack, "form");
  gboolean replacing = old != NULL && gtk_stack_get_visible_child (self->content_stack) == old;
  GtkStackPage *page;

  if (old != NULL)
    {
      g_signal_handlers_disconnect_by_data (old, self);
      gtk_stack_remove (self->content_stack, old);
    }
  g_signal_connect_object (form, "finished", G_CALLBACK (on_form_finished), self, 0);
  g_signal_connect_object (form, "cancelled", G_CALLBACK (on_form_cancelled), self, 0);
  g_signal_connect_object (form, "draft-saved", G_CALLBACK (on_form_draft_saved), self, 0);
  g_signal_connect_object (form, "draft-failed", G_CALLBACK (on_form_draft_failed), self, 0);
  page = gtk_stack_add_named (self->content_stack, form, "form");
  gtk_stack_page_set_title (page, title);
  adopt_header_bar (self, JZ_FORM_FLOW (form));
  if (replacing)
    {
      /* Back from the new form returns where the old one came from. */
      gtk_stack_set_visible_child (self->content_stack, form);
      _jz_window_update_header (self);
    }
  else
    _jz_window_show_page (self, "form", FALSE);
}

void
_jz_window_new_declaration_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  show_form (self, jz_declaration_flow_new (self->session), _("New declaration"));
}

void
_jz_window_new_application_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  show_form (self, jz_application_flow_new (self->session, g_variant_get_string (parameter, NULL)),
             _("New application"));
}

/* A draft from Home: (kind, draft id). */
void
_jz_window_open_draft_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  JzWindow *self = user_data;
  const char *kind, *id;

  if (self->session == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &kind, &id);
  if (g_str_equal (kind, "declaration"))
    {
      show_form (self, jz_declaration_flow_new_from_draft (self->session, id), _("Declaration"));
      return;
    }
  if (g_str_equal (kind, "application"))
    {
      show_form (self, jz_application_flow_new_from_draft (self->session, id), _("Application"));
      return;
    }
  jz_window_add_toast (self, _("This draft cannot be opened here"));
}

/* A recorded application, at the step its status is at. */
void
_jz_window_open_application_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  show_form (self, jz_application_flow_new_for_application (self->session, g_variant_get_string (parameter, NULL)),
             _("Application"));
}

/* win.print-document (ss): "certificate" with a registration's id, or
 * "notice" or "receipt" with an application's: printed again, from the
 * person page, through the print dialog (and audited as a print). */
void
_jz_window_print_document_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  JzWindow *self = user_data;
  const char *kind_name, *record_id;
  JzPrintKind kind;

  if (self->session == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &kind_name, &record_id);
  if (g_str_equal (kind_name, "certificate"))
    kind = JZ_PRINT_CERTIFICATE;
  else if (g_str_equal (kind_name, "notice"))
    kind = JZ_PRINT_NOTICE;
  else if (g_str_equal (kind_name, "receipt"))
    kind = JZ_PRINT_RECEIPT;
  else
    return;
  jz_print_run_dialog (GTK_WIDGET (self), self->toast_overlay, self->session, kind, record_id);
}
