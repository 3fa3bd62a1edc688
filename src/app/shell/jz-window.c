/* jz-window.c — the main window: sidebar, pages, sync status
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window opens the data directory off the main thread (a spinner, or an
 * error page with a Retry), then shows an AdwLeaflet: the sidebar and the
 * page, folded into one pane on a narrow screen. Everything the pages need
 * from the store comes through jz_session_run_async(); the overview (due
 * list, counts, enrolment) is read in one worker call after every change.
 * Sync itself is in jz-window-sync.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-attention-page.h"
#include "jz-conflicts-page.h"
#include "jz-first-run-page.h"
#include "jz-home-page.h"
#include "jz-id-number.h"
#include "jz-keyring.h"
#include "jz-people-page.h"
#include "jz-person-page.h"
#include "jz-photo-gc.h"
#include "jz-store-draft.h"
#include "jz-sync-page.h"
#include "jz-window-private.h"
#include "jz-application-flow.h"
#include "jz-declaration-flow.h"

G_DEFINE_FINAL_TYPE (JzWindow, jz_window, ADW_TYPE_APPLICATION_WINDOW)

static const struct
{
  const char *name;
  const char *label;
  const char *icon;
} sidebar_pages[] = {
  { "home", N_("Today"), "go-home-symbolic" },
  { "people", N_("People"), "system-users-symbolic" },
  { "conflicts", N_("Conflicts"), JZ_APP_CONFLICTS_ICON },
  { "attention", N_("Needs attention"), "dialog-warning-symbolic" },
  { "sync", N_("Sync and settings"), "emblem-synchronizing-symbolic" },
};

/* ---- opening --------------------------------------------------------------- */


gboolean
_jz_window_remove_first_run_idle (gpointer data)
{
  GtkWidget *page = data;
  GtkWidget *stack = gtk_widget_get_parent (page);

  if (GTK_IS_STACK (stack))
    gtk_stack_remove (GTK_STACK (stack), page);
  return G_SOURCE_REMOVE;
}

/* The choices are in the store: open it again, with the chosen rules. */
static void
on_first_run_done (JzFirstRunPage *page,
                   const char     *message,
                   JzWindow       *self)
{
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "first-run", FALSE);
  self->first_run = FALSE;
  /* The PIN was set on the page: no need to ask it at once. */
  self->lock_passed = TRUE;
  if (message != NULL)
    jz_window_add_toast (self, message);
  g_signal_handlers_disconnect_by_data (page, self);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, _jz_window_remove_first_run_idle, g_object_ref (page), g_object_unref);
  self->first_run_page = NULL;
  _jz_window_open_session (self);
}

static void
show_first_run (JzWindow  *self,
                JzSession *session)
{
  self->state = JZ_WINDOW_FIRST_RUN;
  self->first_run_page = jz_first_run_page_new (session);
  g_signal_connect (self->first_run_page, "done", G_CALLBACK (on_first_run_done), self);
  gtk_stack_add_named (self->main_stack, self->first_run_page, "first-run");
  gtk_stack_set_visible_child (self->main_stack, self->first_run_page);
}

typedef struct
{
  JzWindow     *window;
  JzSession    *session;
  GCancellable *cancellable;
} Opening;

static void token_taken (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
session_opened (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSession) session = jz_session_open_finish (result, &error);
  Opening *opening;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (session == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s\n\nData directory: %s"), error->message, self->data_dir);

      self->state = JZ_WINDOW_FAILED;
      adw_status_page_set_description (self->error_page, text);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  /* The token: from the keyring, or moved there from DATA_DIR/token. */
  opening = g_new0 (Opening, 1);
  opening->window = g_steal_pointer (&self);
  opening->cancellable = g_object_ref (opening->window->cancellable);
  opening->session = g_steal_pointer (&session);
  jz_keyring_take_token_async (jz_session_get_server (opening->session),
                               jz_session_get_data_dir (opening->session),
                               jz_store_get_key (jz_session_get_store (opening->session)),
                               opening->cancellable, token_taken, opening);
}

/* Records changed (a save, a sync, a conflict settled): the list of
 * people, the overview and the open person's sync states are read again,
 * once for a burst (a sync applies page after page). */
static gboolean
store_changed_timeout (gpointer data)
{
  JzWindow *self = data;

  self->changed_timer = 0;
  jz_people_page_reload (self->people_page);
  jz_person_page_refresh_sync (self->person_page);
  _jz_window_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (JzWindow *self)
{
  if (self->changed_timer == 0)
    self->changed_timer = g_timeout_add (250, store_changed_timeout, self);
}

static void
token_taken (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Opening *opening = user_data;
  g_autoptr(JzWindow) self = g_steal_pointer (&opening->window);
  g_autoptr(JzSession) session = g_steal_pointer (&opening->session);
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&opening->cancellable);
  JzTokenPlace place = JZ_TOKEN_NONE;
  g_autofree char *token = jz_keyring_take_token_finish (result, &place);

  g_free (opening);
  /* The window went away, or opens the data directory again. */
  if (g_cancellable_is_cancelled (cancellable))
    return;
  if (token != NULL)
    jz_session_set_token (session, NULL, token);
  if (jz_session_was_wiped (session))
    _jz_window_say_wiped (self);

  if (jz_session_needs_setup (session))
    {
      show_first_run (self, session);
      return;
    }
  /* The rules and role are chosen (here, or by `juzhu-cli init`): Today,
   * not the welcome on the Sync page. */
  if (self->first_run)
    {
      self->first_run = FALSE;
      if (self->settings != NULL)
        g_settings_set_boolean (self->settings, "first-run", FALSE);
    }

  self->session = g_steal_pointer (&session);
  self->state = JZ_WINDOW_READY;
  g_signal_connect_object (jz_session_get_store (self->session), "changed",
                           G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  jz_people_page_set_session (self->people_page, self->session);
  jz_conflicts_page_set_session (self->conflicts_page, self->session);
  jz_sync_page_set_session (self->sync_page, self->session, self->settings);
  jz_sync_page_set_token_place (self->sync_page, place);
  _jz_window_sync_init (self);
  /* No crossfade from "Opening the records…", shown for a tenth of a
   * second if at all: drawing both pages into offscreen surfaces for each
   * frame of the fade was the most expensive frame of a start, the first
   * with Today's content, on a machine that draws in software. */
  gtk_stack_set_visible_child_full (self->main_stack, "ready", GTK_STACK_TRANSITION_TYPE_NONE);
  /* Today reads the overview (once: a second read at start was the same
   * work again on the store's thread, before the first frame with content). */
  _jz_window_show_page (self, "home", TRUE);
  /* Before any frame of Today: the PIN (jz-window-lock.c) */
  _jz_window_lock_on_ready (self);
  /* At most once a day, on a worker: photos nothing refers to any more. */
  jz_photo_gc_maybe_start (self->session, self->cancellable);
}

void
_jz_window_open_session (JzWindow *self)
{
  self->state = JZ_WINDOW_OPENING;
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  jz_session_open_async (self->data_dir, self->cancellable, session_opened, g_object_ref (self));
}

/* ---- navigation ------------------------------------------------------------ */

void
_jz_window_update_header (JzWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->content_stack);
  GtkStackPage *page = gtk_stack_get_page (self->content_stack, gtk_stack_get_visible_child (self->content_stack));
  const char *title = page ? gtk_stack_page_get_title (page) : "";
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  gboolean form = g_strcmp0 (name, "form") == 0;

  /* A form brings its own header bar, with Close. */
  gtk_widget_set_visible (GTK_WIDGET (self->content_header), !form);
  gtk_widget_set_visible (self->status_bar, !form);
  gtk_widget_set_visible (self->content_separator, !form);
  if (g_strcmp0 (name, "person") == 0 && jz_person_page_get_title (self->person_page) != NULL)
    title = jz_person_page_get_title (self->person_page);
  adw_window_title_set_title (self->content_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->history->len > 0 || folded);
}

static void
on_folded_changed (JzWindow *self)
{
  _jz_window_update_header (self);
}

static void
select_sidebar_row (JzWindow   *self,
                    const char *name)
{
  /* A form belongs to no sidebar entry. */
  if (g_strcmp0 (name, "form") == 0)
    gtk_list_box_unselect_all (self->sidebar_list);
  for (guint i = 0; i < G_N_ELEMENTS (sidebar_pages); i++)
    if (g_strcmp0 (sidebar_pages[i].name, name) == 0)
      gtk_list_box_select_row (self->sidebar_list, gtk_list_box_get_row_at_index (self->sidebar_list, (int) i));
}

/* Shows a page; @top: it was chosen in the sidebar, so Back leads to the
 * sidebar again rather than to the page before. */
void
_jz_window_show_page (JzWindow   *self,
                      const char *name,
                      gboolean    top)
{
  const char *current = gtk_stack_get_visible_child_name (self->content_stack);

  if (self->session == NULL)
    return;
  /* Leaving a form through the sidebar keeps what was typed, as Close does;
   * the form stays until another replaces it. */
  if (g_strcmp0 (current, "form") == 0 && g_strcmp0 (name, "form") != 0)
    {
      _jz_window_form_keep_draft (gtk_stack_get_visible_child (self->content_stack));
      /* Today lists the draft. */
      if (!g_str_equal (name, "home"))
        _jz_window_refresh (self);
    }
  if (top)
    g_ptr_array_set_size (self->history, 0);
  else if (current != NULL && g_strcmp0 (current, name) != 0)
    g_ptr_array_add (self->history, g_strdup (current));

  gtk_stack_set_visible_child_name (self->content_stack, name);
  select_sidebar_row (self, name);

  if (g_str_equal (name, "home"))
    _jz_window_refresh (self);
  else if (g_str_equal (name, "conflicts") && top)
    jz_conflicts_page_load (self->conflicts_page, NULL);
  else if (g_str_equal (name, "attention"))
    jz_attention_page_load (self->attention_page, self->session);

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
  _jz_window_update_header (self);
}

static void
on_sidebar_row_activated (JzWindow      *self,
                          GtkListBoxRow *row)
{
  int i = gtk_list_box_row_get_index (row);

  if (i >= 0 && i < (int) G_N_ELEMENTS (sidebar_pages))
    _jz_window_show_page (self, sidebar_pages[i].name, TRUE);
}

static void
show_page_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  JzWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->content_stack, name) != NULL)
    _jz_window_show_page (self, name, TRUE);
}

void
_jz_window_go_back (JzWindow *self)
{
  if (self->history->len > 0)
    {
      g_autofree char *name = g_strdup (g_ptr_array_index (self->history, self->history->len - 1));

      g_ptr_array_set_size (self->history, self->history->len - 1);
      gtk_stack_set_visible_child_name (self->content_stack, name);
      select_sidebar_row (self, name);
      if (g_str_equal (name, "conflicts"))
        jz_conflicts_page_load (self->conflicts_page, NULL);
      else if (g_str_equal (name, "home"))
        _jz_window_refresh (self);
    }
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  _jz_window_update_header (self);
}

static void
back_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  JzWindow *self = user_data;
  GtkWidget *form = gtk_stack_get_child_by_name (self->content_stack, "form");

  /* Leaving a form goes through its Close, which keeps the draft. */
  if (form != NULL && gtk_stack_get_visible_child (self->content_stack) == form
      && gtk_widget_activate_action (form, "flow.cancel", NULL))
    return;
  _jz_window_go_back (self);
}

static void
open_person_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  jz_person_page_load (self->person_page, self->session, g_variant_get_string (parameter, NULL));
  _jz_window_show_page (self, "person", FALSE);
}

static void
on_person_loaded (JzWindow *self)
{
  _jz_window_update_header (self);
}

/* Any record → the person it is about. */
static gpointer
find_person_in_thread (JzSession     *session,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  JzStore *store = jz_session_get_store (session);
  g_autofree char *id = g_strdup (data);
  g_autofree char *rtype = NULL;

  for (guint hops = 0; hops < 4; hops++)
    {
      g_autoptr(JsonObject) record = NULL;
      const char *next;

      g_free (rtype);
      rtype = jz_store_find_type (store, id, error);
      if (rtype == NULL)
        return NULL;
      if (g_str_equal (rtype, "person"))
        return g_steal_pointer (&id);
      record = jz_store_get (store, rtype, id, error);
      if (record == NULL)
        return NULL;
      next = jz_app_str (record, "person_id");
      if (next == NULL)
        next = jz_app_str (record, "application_id");
      if (next == NULL)
        next = jz_app_str (record, "permit_id");
      if (next == NULL)
        break;
      g_free (id);
      id = g_strdup (next);
    }
  g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_NOT_FOUND,
               _("No person is linked to record %s"), (const char *) data);
  return NULL;
}

static void
person_found (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *person = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (person == NULL)
    {
      jz_window_add_toast (self, error->message);
      return;
    }
  g_action_group_activate_action (G_ACTION_GROUP (self), "open-person", g_variant_new_string (person));
}

static void
open_record_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  jz_session_run_async (self->session, find_person_in_thread,
                        g_variant_dup_string (parameter, NULL), g_free, g_free,
                        NULL, person_found, g_object_ref (self));
}

static void
open_conflict_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  jz_conflicts_page_load (self->conflicts_page, g_variant_get_string (parameter, NULL));
  _jz_window_show_page (self, "conflicts", FALSE);
  /* From the list, Back returns to the list, not to what was before it. */
  if (self->history->len > 0
      && g_str_equal (g_ptr_array_index (self->history, self->history->len - 1), "conflicts") == FALSE)
    g_ptr_array_add (self->history, g_strdup ("conflicts"));
  _jz_window_update_header (self);
}

static void
on_conflicts_loaded (JzWindow *self)
{
  /* Everything of the record is settled: back to the list. */
  if (jz_conflicts_page_get_record (self->conflicts_page) != NULL
      && jz_conflicts_page_get_n_shown (self->conflicts_page) == 0)
    {
      jz_conflicts_page_load (self->conflicts_page, NULL);
      if (self->history->len > 0
          && g_str_equal (g_ptr_array_index (self->history, self->history->len - 1), "conflicts"))
        g_ptr_array_set_size (self->history, self->history->len - 1);
      _jz_window_update_header (self);
    }
}

static void
on_conflict_changed (JzWindow   *self,
                     const char *field)
{
  /* the store says it changed: the lists follow (on_store_changed) */
  jz_window_add_toast (self, _("Conflict settled. The choice is sent with the next sync."));
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  JzWindow *self = user_data;

  _jz_window_show_page (self, "people", TRUE);
  jz_people_page_focus_search (self->people_page);
}


static gboolean
jz_window_close_request (GtkWindow *window)
{
  JzWindow *self = JZ_WINDOW (window);
  GtkWidget *form = gtk_stack_get_child_by_name (self->content_stack, "form");

  /* A second close while the draft is saved closes at once. */
  if (self->closing_for_draft || form == NULL || !_jz_window_form_keep_draft (form))
    return GTK_WINDOW_CLASS (jz_window_parent_class)->close_request (window);
  self->closing_for_draft = TRUE;
  return TRUE;
}

void
_jz_window_set_badge (JzWindow   *self,
                      const char *page,
                      gint64      n)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidebar_pages); i++)
    if (g_str_equal (sidebar_pages[i].name, page))
      {
        g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, n);

        gtk_label_set_label (self->badges[i], text);
        gtk_widget_set_visible (GTK_WIDGET (self->badges[i]), n > 0);
      }
}

/* ---- the window's actions ------------------------------------------------ */

static const GActionEntry win_entries[] = {
  { "show-page", show_page_action, "s" },
  { "back", back_action },
  { "open-person", open_person_action, "s" },
  { "open-record", open_record_action, "s" },
  { "open-conflict", open_conflict_action, "s" },
  { "search", search_action },
  { "retry", _jz_window_retry_action },
  { "about", _jz_window_about_action },
  { "import-roster", _jz_window_import_roster_action },
  { "verify-paper", _jz_window_verify_paper_action },
  { "change-setup", _jz_window_change_setup_action },
  { "continue-offline", _jz_window_continue_offline_action },
  { "new-declaration", _jz_window_new_declaration_action },
  { "new-application", _jz_window_new_application_action, "s" },
  { "open-draft", _jz_window_open_draft_action, "(ss)" },
  { "open-application", _jz_window_open_application_action, "s" },
  { "print-document", _jz_window_print_document_action, "(ss)" },
};

/* ---- the rest -------------------------------------------------------------- */

void
jz_window_add_toast (JzWindow   *self,
                     const char *text)
{
  AdwToast *toast;

  g_return_if_fail (JZ_IS_WINDOW (self));
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
build_sidebar (JzWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidebar_pages); i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (_(sidebar_pages[i].label));
      GtkWidget *badge = gtk_label_new (NULL);

      gtk_widget_set_size_request (box, -1, 36);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (sidebar_pages[i].icon));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (badge, "dim-label");
      gtk_widget_add_css_class (badge, "numeric");
      gtk_widget_set_visible (badge, FALSE);
      gtk_box_append (GTK_BOX (box), badge);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_append (self->sidebar_list, row);
      self->badges[i] = GTK_LABEL (badge);
    }
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accel,
              const char            *action,
              GVariant              *target)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel),
                                            gtk_named_action_new (action));

  if (target != NULL)
    gtk_shortcut_set_arguments (shortcut, target);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static void
add_shortcuts (JzWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_shortcut_controller_set_scope (sc, GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (sc, "<Control>f", "win.search", NULL);
  add_shortcut (sc, "<Control>r", "win.sync", NULL);
  add_shortcut (sc, "F5", "win.sync", NULL);
  add_shortcut (sc, "<Alt>Left", "win.back", NULL);
  add_shortcut (sc, "<Control>n", "win.new-declaration", NULL);
  add_shortcut (sc, "<Control>w", "window.close", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sidebar_pages); i++)
    {
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);

      add_shortcut (sc, accel, "win.show-page", g_variant_new_string (sidebar_pages[i].name));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  self->shortcuts = controller;
}


static void
jz_window_dispose (GObject *object)
{
  JzWindow *self = JZ_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->changed_timer, g_source_remove);
  _jz_window_sync_dispose (self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  _jz_window_lock_dispose (self);

  G_OBJECT_CLASS (jz_window_parent_class)->dispose (object);
}

static void
jz_window_finalize (GObject *object)
{
  JzWindow *self = JZ_WINDOW (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->overview, json_object_unref);

  G_OBJECT_CLASS (jz_window_parent_class)->finalize (object);
}

static void
jz_window_class_init (JzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_window_dispose;
  object_class->finalize = jz_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = jz_window_close_request;

  g_type_ensure (JZ_TYPE_HOME_PAGE);
  g_type_ensure (JZ_TYPE_PEOPLE_PAGE);
  g_type_ensure (JZ_TYPE_PERSON_PAGE);
  g_type_ensure (JZ_TYPE_CONFLICTS_PAGE);
  g_type_ensure (JZ_TYPE_ATTENTION_PAGE);
  g_type_ensure (JZ_TYPE_SYNC_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JzWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, content);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, content_header);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, content_separator);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, network_icon);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, people_page);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, person_page);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, conflicts_page);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, attention_page);
  gtk_widget_class_bind_template_child (widget_class, JzWindow, sync_page);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_person_loaded);
  gtk_widget_class_bind_template_callback (widget_class, on_conflicts_loaded);
  gtk_widget_class_bind_template_callback (widget_class, on_conflict_changed);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_enrolled", G_CALLBACK (_jz_window_on_enrolled));
}

static void
jz_window_init (JzWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jz_app_spin_while_mapped (self->loading_spinner);
  jz_app_status_icon_on_map (self->error_page);
  self->history = g_ptr_array_new_with_free_func (g_free);
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  build_sidebar (self);
  add_shortcuts (self);
  _jz_window_lock_init (self);
  _jz_window_landlord_init (self);
  jz_app_trim_when_idle (GTK_WINDOW (self));
  self->settings = jz_app_settings_if_installed ();
  self->first_run = self->settings ? g_settings_get_boolean (self->settings, "first-run") : FALSE;
}

JzWindow *
jz_window_new (GtkApplication *application,
               const char     *data_dir)
{
  JzWindow *self = g_object_new (JZ_TYPE_WINDOW, "application", application, NULL);

  self->data_dir = g_strdup (data_dir);
  _jz_window_open_session (self);
  return self;
}

JzWindowState
jz_window_get_state (JzWindow *self)
{
  g_return_val_if_fail (JZ_IS_WINDOW (self), JZ_WINDOW_FAILED);
  return self->state;
}

JzSession *
jz_window_get_session (JzWindow *self)
{
  g_return_val_if_fail (JZ_IS_WINDOW (self), NULL);
  return self->session;
}

const char *
jz_window_get_page_name (JzWindow *self)
{
  g_return_val_if_fail (JZ_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->content_stack);
}

GtkWidget *
jz_window_get_page (JzWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (JZ_IS_WINDOW (self), NULL);
  if (g_strcmp0 (name, "first-run") == 0)
    return self->first_run_page;
  if (g_strcmp0 (name, "lock") == 0)
    return self->lock_page;
  return gtk_stack_get_child_by_name (self->content_stack, name);
}

guint
jz_window_get_overview_serial (JzWindow *self)
{
  g_return_val_if_fail (JZ_IS_WINDOW (self), 0);
  return self->overview_serial;
}
