/* jz-window-lock.c — the app lock: the window's content put aside for the
 * lock page at start, after idle minutes, before the system sleeps, and on
 * win.lock
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Locking replaces the window's whole content with a JzLockPage: the
 * pages, the sidebar and the toasts leave the widget tree (the window keeps
 * a reference, so a half-typed form is still there after the PIN), nothing
 * of them is drawn again, and the task switcher's thumbnail, made from the
 * window's next frame, shows the lock only. Dialogs of the window are
 * hidden and popovers closed, then shown again on unlocking. The window's
 * shortcuts are off while locked.
 *
 * Idle is no key, pointer, touch or scroll event on the window or any of
 * its dialogs for the `lock-idle-minutes` setting (JUZHU_LOCK_IDLE_SECONDS,
 * in seconds, for tests). Each event only notes the time; one timer looks
 * at it when the idle time could have run out.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-lock-page.h"
#include "jz-window-private.h"

#define IDLE_WATCHED "jz-idle-watched"

static void arm_idle_timer (JzWindow *self,
                            gint64    after_us);

/* ---- idle ------------------------------------------------------------------------ */

/* The window a dialog belongs to (or the window itself), at the time of
 * the event: a dialog is made before it is given its parent. */
static JzWindow *
owner_of (GtkWidget *widget)
{
  GtkWindow *window = GTK_IS_WINDOW (widget) ? GTK_WINDOW (widget) : NULL;

  for (; window != NULL; window = gtk_window_get_transient_for (window))
    if (JZ_IS_WINDOW (window))
      return JZ_WINDOW (window);
  return NULL;
}

static gboolean
on_input (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          gpointer                  data)
{
  JzWindow *self;

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      self = owner_of (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
      if (self != NULL)
        self->last_input = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
watch_input (GtkWidget *window)
{
  GtkEventController *controller;

  if (g_object_get_data (G_OBJECT (window), IDLE_WATCHED) != NULL)
    return;
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_input), NULL);
  gtk_widget_add_controller (window, controller);
  g_object_set_data (G_OBJECT (window), IDLE_WATCHED, GINT_TO_POINTER (1));
}

/* Typing in a dialog is using the app too. */
static void
on_toplevels_changed (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      watch_input (window);
    }
}

static gint64
idle_us (JzWindow *self)
{
  const char *env = g_getenv ("JUZHU_LOCK_IDLE_SECONDS");
  guint64 seconds = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 0;

  if (seconds == 0 || seconds > 24 * 3600)
    seconds = (self->settings != NULL ? g_settings_get_uint (self->settings, "lock-idle-minutes") : 5) * 60;
  return (gint64) seconds * G_USEC_PER_SEC;
}

static gboolean
idle_check (gpointer data)
{
  JzWindow *self = data;
  gint64 limit = idle_us (self);
  gint64 quiet = g_get_monotonic_time () - self->last_input;

  self->idle_timer = 0;
  if (self->lock_page != NULL)
    return G_SOURCE_REMOVE;
  /* The first run and the opening have nothing to hide yet (no session);
   * the rules and role changed from the settings have. */
  if (quiet >= limit && self->session != NULL)
    {
      g_debug ("locking after %" G_GINT64_FORMAT " s idle", quiet / G_USEC_PER_SEC);
      jz_window_lock (self);
      return G_SOURCE_REMOVE;
    }
  arm_idle_timer (self, quiet >= limit ? limit : limit - quiet);
  return G_SOURCE_REMOVE;
}

static void
arm_idle_timer (JzWindow *self,
                gint64    after_us)
{
  g_clear_handle_id (&self->idle_timer, g_source_remove);
  self->idle_timer = g_timeout_add ((guint) MIN (after_us / 1000 + 1, G_MAXUINT), idle_check, self);
}

/* ---- before the system sleeps ----------------------------------------------------- */

static void
on_prepare_for_sleep (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  JzWindow *self = user_data;
  gboolean sleeping = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &sleeping);
  if (sleeping && self->session != NULL)
    jz_window_lock (self);
}

static void
system_bus_got (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  /* No system bus (a container, some tests): idle and start still lock. */
  if (bus == NULL)
    {
      g_debug ("no system bus, no lock before sleep: %s", error->message);
      return;
    }
  if (self->lock_cancellable == NULL)
    {
      g_object_unref (bus);
      return;
    }
  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1", "org.freedesktop.login1.Manager",
                                        "PrepareForSleep", "/org/freedesktop/login1", NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_prepare_for_sleep, self, NULL);
}

/* ---- locking and unlocking --------------------------------------------------------- */

static gboolean
transient_for (GtkWindow *window,
               GtkWindow *parent)
{
  for (GtkWindow *w = gtk_window_get_transient_for (window); w != NULL; w = gtk_window_get_transient_for (w))
    if (w == parent)
      return TRUE;
  return FALSE;
}

static void
popdown_popovers (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER (child) && gtk_widget_get_visible (child))
        gtk_popover_popdown (GTK_POPOVER (child));
      popdown_popovers (child);
    }
}

static void
hide_dialogs (JzWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != GTK_WINDOW (self) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          transient_for (window, GTK_WINDOW (self)))
        g_ptr_array_add (self->hidden_windows, g_object_ref (window));
    }
  for (guint i = 0; i < self->hidden_windows->len; i++)
    gtk_widget_set_visible (self->hidden_windows->pdata[i], FALSE);
}

static void
show_dialogs (JzWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < self->hidden_windows->len; i++)
    {
      GtkWindow *window = self->hidden_windows->pdata[i];

      /* Not one closed or destroyed meanwhile (its answer came from elsewhere). */
      for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
        {
          g_autoptr(GtkWindow) top = g_list_model_get_item (toplevels, j);

          if (top == window)
            {
              gtk_window_present (window);
              break;
            }
        }
    }
  g_ptr_array_set_size (self->hidden_windows, 0);
}

static void
on_unlocked (JzLockPage *page,
             JzWindow   *self)
{
  g_autoptr(GtkWidget) content = g_steal_pointer (&self->unlocked_content);

  self->lock_passed = TRUE;
  self->lock_page = NULL;
  g_signal_handlers_disconnect_by_data (page, self);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), content);
  gtk_event_controller_set_propagation_phase (self->shortcuts, GTK_PHASE_BUBBLE);
  show_dialogs (self);
  self->last_input = g_get_monotonic_time ();
  arm_idle_timer (self, idle_us (self));
}

static void on_lock_enrolled (JzLockPage *page,
                              const char *user,
                              JzWindow   *self);

static void
put_lock_page (JzWindow *self)
{
  GtkWidget *old = self->lock_page;

  if (old != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  self->lock_page = jz_lock_page_new (self->session);
  g_signal_connect (self->lock_page, "unlocked", G_CALLBACK (on_unlocked), self);
  g_signal_connect (self->lock_page, "enrolled", G_CALLBACK (on_lock_enrolled), self);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), self->lock_page);
}

/* Enrolled again from the lock page: the PIN is gone. The data directory
 * opens again (the token goes to the keyring, the server's rules and role
 * are read) behind the lock, which then asks for a new PIN. */
static void
on_lock_enrolled (JzLockPage *page,
                  const char *user,
                  JzWindow   *self)
{
  g_autofree char *text = g_strdup_printf (_("Enrolled as %s. Syncing…"), user ? user : "?");

  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "first-run", FALSE);
  self->first_run = FALSE;
  _jz_window_reopen (self, text);
}

/**
 * jz_window_lock:
 *
 * Puts the window's content aside for the lock page, which asks the PIN
 * (or a new one when none is kept). Nothing happens before the data
 * directory is open, nor when already locked.
 */
void
jz_window_lock (JzWindow *self)
{
  GtkWidget *content;

  g_return_if_fail (JZ_IS_WINDOW (self));

  if (self->lock_page != NULL || self->session == NULL)
    return;
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));
  popdown_popovers (content);
  hide_dialogs (self);
  self->unlocked_content = g_object_ref (content);
  gtk_event_controller_set_propagation_phase (self->shortcuts, GTK_PHASE_NONE);
  g_clear_handle_id (&self->idle_timer, g_source_remove);
  put_lock_page (self);
}

gboolean
jz_window_get_locked (JzWindow *self)
{
  g_return_val_if_fail (JZ_IS_WINDOW (self), FALSE);
  return self->lock_page != NULL;
}

/* The data directory is open: locked at start (unless the PIN was just
 * set by the first run, or typed before the session opened again), and
 * a lock page of an earlier session gives way to one of this session. */
void
_jz_window_lock_on_ready (JzWindow *self)
{
  if (self->lock_page != NULL)
    put_lock_page (self);
  else if (!self->lock_passed)
    jz_window_lock (self);
  else
    {
      self->last_input = g_get_monotonic_time ();
      arm_idle_timer (self, idle_us (self));
    }
}

/* Enrolled again from the settings: the enrolment cleared the PIN; a new
 * one is asked now. */
void
_jz_window_lock_after_enrol (JzWindow *self)
{
  jz_window_lock (self);
}

static void
lock_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  jz_window_lock (JZ_WINDOW (user_data));
}

void
_jz_window_lock_init (JzWindow *self)
{
  static const GActionEntry entries[] = {
    { "lock", lock_action },
  };
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>l"),
                                            gtk_named_action_new ("win.lock"));

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (self->shortcuts), shortcut);
  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_input = g_get_monotonic_time ();
  self->lock_cancellable = g_cancellable_new ();
  watch_input (GTK_WIDGET (self));
  self->toplevels_handler = g_signal_connect (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed), self);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->lock_cancellable, system_bus_got, g_object_ref (self));
}

void
_jz_window_lock_dispose (JzWindow *self)
{
  g_cancellable_cancel (self->lock_cancellable);
  g_clear_object (&self->lock_cancellable);
  g_clear_signal_handler (&self->toplevels_handler, gtk_window_get_toplevels ());
  g_clear_handle_id (&self->idle_timer, g_source_remove);
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  if (self->lock_page != NULL)
    g_signal_handlers_disconnect_by_data (self->lock_page, self);
  self->lock_page = NULL;
  /* The content put aside goes with the window. */
  g_clear_object (&self->unlocked_content);
  g_clear_pointer (&self->hidden_windows, g_ptr_array_unref);
}
