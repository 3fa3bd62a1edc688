/* jz-window-setup.c — the rules and role of the device, changed from the
 * settings while it is not enrolled (the first-run page in the window), and
 * a device wiped at the county's order back at the first run
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-first-run-page.h"
#include "jz-home-page.h"
#include "jz-people-page.h"
#include "jz-sync-page.h"
#include "jz-window-private.h"

/* ---- rules and role, changed from the settings ------------------------------ */

static void
remove_setup_page (JzWindow *self)
{
  GtkWidget *page = self->first_run_page;

  self->first_run_page = NULL;
  if (page == NULL)
    return;
  g_signal_handlers_disconnect_by_data (page, self);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, _jz_window_remove_first_run_idle, g_object_ref (page), g_object_unref);
}

/* The choices are in the store: the session opens again with them (the
 * rules and the role are read when it opens). A form left in the content
 * stack goes: its draft was kept when it was left. */
void
_jz_window_reopen (JzWindow   *self,
                   const char *message)
{
  GtkWidget *form = gtk_stack_get_child_by_name (self->content_stack, "form");

  if (form != NULL)
    {
      g_signal_handlers_disconnect_by_data (form, self);
      gtk_stack_remove (self->content_stack, form);
    }
  _jz_window_sync_dispose (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->overview, json_object_unref);
  g_ptr_array_set_size (self->history, 0);
  jz_window_add_toast (self, message);
  _jz_window_open_session (self);
}

/* A sync heard the county's purge order and wrote the marker: nothing
 * may keep the store open while its files go, so the session is dropped
 * like after a change of rules, and opening it again runs the purge
 * (jz_session_open()). */
void
_jz_window_reopen_for_purge (JzWindow *self)
{
  GtkWidget *form = gtk_stack_get_child_by_name (self->content_stack, "form");

  remove_setup_page (self);
  if (form != NULL)
    {
      g_signal_handlers_disconnect_by_data (form, self);
      gtk_stack_remove (self->content_stack, form);
    }
  _jz_window_sync_dispose (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->overview, json_object_unref);
  g_ptr_array_set_size (self->history, 0);
  _jz_window_open_session (self);
}

void
_jz_window_say_wiped (JzWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("This Device Was Wiped"),
    _("County IT reported this device lost or stolen and asked for its data to be deleted. "
      "Every record, photo, draft and the sync token on it are gone, and the county server "
      "was told. To use it again, set it up and ask County IT for a new one-time code.")));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_widget_set_name (GTK_WIDGET (dialog), "wiped-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_setup_changed (JzFirstRunPage *page,
                  const char     *message,
                  JzWindow       *self)
{
  remove_setup_page (self);
  _jz_window_reopen (self, message ? message : _("Rules and role changed"));
}

static void
on_setup_cancelled (JzFirstRunPage *page,
                    JzWindow       *self)
{
  remove_setup_page (self);
  self->state = JZ_WINDOW_READY;
  gtk_stack_set_visible_child_name (self->main_stack, "ready");
}

void
_jz_window_change_setup_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  JzWindow *self = user_data;

  /* An enrolled device has the county server's rules and role. */
  if (self->session == NULL || self->state != JZ_WINDOW_READY || self->first_run_page != NULL ||
      (self->overview != NULL && jz_app_int (self->overview, "enrolled")))
    return;
  /* One given up a moment ago may still wait for its idle removal. */
  if (gtk_stack_get_child_by_name (self->main_stack, "first-run") != NULL)
    gtk_stack_remove (self->main_stack, gtk_stack_get_child_by_name (self->main_stack, "first-run"));
  self->state = JZ_WINDOW_FIRST_RUN;
  self->first_run_page = jz_first_run_page_new_for_change (self->session);
  g_signal_connect (self->first_run_page, "done", G_CALLBACK (on_setup_changed), self);
  g_signal_connect (self->first_run_page, "cancelled", G_CALLBACK (on_setup_cancelled), self);
  gtk_stack_add_named (self->main_stack, self->first_run_page, "first-run");
  gtk_stack_set_visible_child (self->main_stack, self->first_run_page);
}

void
_jz_window_retry_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  _jz_window_open_session (JZ_WINDOW (user_data));
}

void
_jz_window_continue_offline_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "first-run", FALSE);
  self->first_run = FALSE;
  _jz_window_show_page (self, "home", TRUE);
}
