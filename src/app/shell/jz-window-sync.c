/* jz-window-sync.c — the window's sync: button, progress, automatic syncs, status line
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The status line under the header bar is always visible: online or
 * offline (GNetworkMonitor), what waits to be sent, when the last sync
 * finished. A sync runs jz_sync_client_sync_async(), whose progress signal
 * arrives in the main context. Automatic syncs, when enrolled and the
 * setting is on: when the network comes back, and every sync-interval
 * minutes. With hold-photos-on-metered on a metered network, automatic and
 * manual syncs hold photos back (jz_sync_client_set_skip_photos): the
 * saves before the first one whose photos the server lacks go, the rest
 * wait; a manual sync offers "Send photos anyway" in its toast.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-holidays.h"
#include "jz-person-page.h"
#include "jz-window-private.h"

#define DEFAULT_INTERVAL_MINUTES 10

static gboolean
setting_bool (JzWindow   *self,
              const char *key,
              gboolean    fallback)
{
  return self->settings ? g_settings_get_boolean (self->settings, key) : fallback;
}

static gboolean
enrolled (JzWindow *self)
{
  return self->overview != NULL && jz_app_int (self->overview, "enrolled");
}

gboolean
jz_window_get_syncing (JzWindow *self)
{
  g_return_val_if_fail (JZ_IS_WINDOW (self), FALSE);
  return self->sync_cancellable != NULL;
}

void
_jz_window_update_status (JzWindow *self)
{
  GString *text = g_string_new (NULL);
  gint64 pending = jz_app_int (self->overview, "pending");
  const char *last = jz_app_str (self->overview, "last_sync");

  gtk_image_set_from_icon_name (self->network_icon,
                                self->online ? "network-wireless-symbolic" : "network-offline-symbolic");
  g_string_append (text, self->online ? _("Online") : _("Offline"));
  if (self->sync_cancellable != NULL)
    g_string_append_printf (text, " · %s", _("syncing…"));
  if (self->overview != NULL)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u to send", "%u to send", (gulong) pending),
                              (guint) pending);
      g_string_append (text, " · ");
      if (!enrolled (self))
        g_string_append (text, _("not enrolled"));
      else if (last != NULL)
        {
          g_autofree char *when = jz_app_local_time (last);

          g_string_append_printf (text, _("last sync %s"), when);
        }
      else
        g_string_append (text, _("never synced"));
    }
  gtk_label_set_label (self->status_label, text->str);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), self->sync_cancellable == NULL);
  g_string_free (text, TRUE);
}

static char *
megabytes (guint64 bytes)
{
  return g_strdup_printf ("%.1f MB", bytes / 1e6);
}

static void
on_progress (JzSyncClient *client,
             int           phase,
             guint64       done,
             guint64       total,
             guint64       bytes_done,
             guint64       bytes_total,
             JzWindow     *self)
{
  g_autofree char *text = NULL;
  double fraction = -1;

  switch (phase)
    {
    case JZ_SYNC_PHASE_PHOTOS:
      {
        g_autofree char *a = megabytes (bytes_done);
        g_autofree char *b = megabytes (bytes_total);

        text = g_strdup_printf (_("Photos %u/%u (%s of %s)"), (guint) done, (guint) total, a, b);
        if (bytes_total > 0)
          fraction = (double) bytes_done / bytes_total;
      }
      break;
    case JZ_SYNC_PHASE_PUSH:
      text = g_strdup_printf (_("Sending changes %u/%u"), (guint) done, (guint) total);
      if (total > 0)
        fraction = (double) done / total;
      break;
    default:
      text = g_strdup_printf (_("Receiving changes: %u"), (guint) done);
      break;
    }

  if (fraction < 0)
    gtk_progress_bar_pulse (self->sync_progress);
  else
    gtk_progress_bar_set_fraction (self->sync_progress, fraction);
  gtk_progress_bar_set_text (self->sync_progress, text);
  gtk_progress_bar_set_show_text (self->sync_progress, TRUE);
  jz_sync_page_set_progress (self->sync_page, TRUE, fraction, text);
}

/* New holiday calendars from the county: the registry's, loaded again off
 * the main thread (the deadlines on Today then move by them). */
static gpointer
reload_holidays (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  JzHolidays *holidays = jz_registry_get_holidays (jz_session_get_registry (session));

  if (!jz_holidays_reload_dir (holidays, jz_session_get_data_dir (session), error))
    return NULL;
  return json_object_new ();
}

static void
holidays_reloaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) done = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (done == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("holiday calendars: %s", error->message);
  _jz_window_refresh (self);
}

static void
synced (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(JzWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSyncSummary) summary = jz_sync_client_sync_finish (JZ_SYNC_CLIENT (source), result, &error);
  g_autofree char *text = NULL;

  g_clear_object (&self->sync_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), FALSE);
  jz_person_page_set_syncing (self->person_page, FALSE);
  jz_person_page_refresh_sync (self->person_page);

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE))
        {
          _jz_window_reopen_for_purge (self);
          return;
        }
      text = jz_app_sync_error_text (error, FALSE);
    }
  else if (summary->rejected > 0)
    text = g_strdup_printf (_("Synced: sent %u, received %u; the server refused %u (see Needs attention)"),
                            summary->pushed, summary->applied, summary->rejected);
  else
    text = g_strdup_printf (_("Synced: sent %u, received %u"), summary->pushed, summary->applied);

  if (summary != NULL && summary->server_restored)
    {
      g_autofree char *both = g_strdup_printf ("%s. %s", text,
                                               _("The county server was restored from a backup: "
                                                 "what it lacked was sent again"));

      g_free (text);
      text = g_steal_pointer (&both);
    }

  if (summary != NULL && summary->held > 0)
    {
      g_autofree char *held = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u change waits for photos (metered network)",
                                                            "%u changes wait for photos (metered network)",
                                                            summary->held),
                                               summary->held);
      g_autofree char *both = g_strdup_printf ("%s. %s", text, held);

      g_free (text);
      text = g_steal_pointer (&both);
    }

  jz_sync_page_set_progress (self->sync_page, FALSE, 1.0, text);
  if (summary != NULL && summary->held > 0 && self->sync_was_manual)
    {
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_button_label (toast, _("Send photos anyway"));
      adw_toast_set_action_name (toast, "win.sync-with-photos");
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  else
    jz_window_add_toast (self, text);
  /* New persons and the rows' sync icons follow the store's ::changed
   * (on_store_changed); the overview says when the last sync was. */
  if (summary != NULL && summary->applied > 0)
    self->report_stale = TRUE;
  if (summary != NULL && summary->holidays_updated && self->session != NULL)
    jz_session_run_async (self->session, reload_holidays, NULL, NULL, (GDestroyNotify) json_object_unref,
                          self->cancellable, holidays_reloaded, g_object_ref (self));
  _jz_window_refresh (self);
  _jz_window_update_status (self);
}

/* Hold photos back: the setting is on and the network is metered. */
static gboolean
hold_photos (JzWindow *self)
{
  return setting_bool (self, "hold-photos-on-metered", TRUE)
         && g_network_monitor_get_network_metered (self->network_monitor);
}

static void
start_sync_full (JzWindow *self,
                 gboolean  automatic,
                 gboolean  skip_photos)
{
  if (self->session == NULL || self->sync_cancellable != NULL)
    return;
  if (!enrolled (self))
    {
      if (!automatic)
        {
          jz_window_add_toast (self, _("Enrol this device with a county server first"));
          _jz_window_show_page (self, "sync", TRUE);
        }
      return;
    }

  self->sync_was_manual = !automatic;
  jz_sync_client_set_skip_photos (jz_session_get_sync_client (self->session), skip_photos);
  self->sync_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->sync_progress, 0);
  gtk_progress_bar_set_show_text (self->sync_progress, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), TRUE);
  jz_sync_page_set_progress (self->sync_page, TRUE, 0, _("Starting…"));
  jz_person_page_set_syncing (self->person_page, TRUE);
  jz_sync_client_sync_async (jz_session_get_sync_client (self->session), self->sync_cancellable,
                             synced, g_object_ref (self));
  _jz_window_update_status (self);
}

static void
start_sync (JzWindow *self,
            gboolean  automatic)
{
  start_sync_full (self, automatic, hold_photos (self));
}

static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  start_sync (JZ_WINDOW (user_data), FALSE);
}

/* From the toast of a sync that held photos back. */
static void
sync_with_photos_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  start_sync_full (JZ_WINDOW (user_data), FALSE, FALSE);
}

static void
maybe_auto_sync (JzWindow *self)
{
  if (!setting_bool (self, "auto-sync", TRUE) || !self->online)
    return;
  start_sync (self, TRUE);
}

static gboolean
on_timer (gpointer user_data)
{
  maybe_auto_sync (JZ_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

void
_jz_window_schedule_sync (JzWindow *self)
{
  guint minutes = self->settings ? g_settings_get_uint (self->settings, "sync-interval")
                                 : DEFAULT_INTERVAL_MINUTES;

  g_clear_handle_id (&self->sync_timer, g_source_remove);
  self->sync_timer = g_timeout_add_seconds (MAX (minutes, 1) * 60, on_timer, self);
  if (enrolled (self))
    maybe_auto_sync (self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    JzWindow        *self)
{
  gboolean was_online = self->online;

  self->online = available && g_network_monitor_get_connectivity (monitor) != G_NETWORK_CONNECTIVITY_LOCAL;
  _jz_window_update_status (self);
  if (self->online && !was_online)
    maybe_auto_sync (self);
}

/* The photo-quality setting applies to the photos imported from now on
 * (camera and files alike); those stored keep their bytes. */
static void
apply_photo_quality (JzWindow *self)
{
  int quality = self->settings ? g_settings_get_enum (self->settings, "photo-quality")
                               : JZ_PHOTO_QUALITY_NORMAL;

  if (self->session != NULL)
    jz_photo_store_set_quality (jz_session_get_photos (self->session),
                                CLAMP (quality, JZ_PHOTO_QUALITY_LOW, JZ_PHOTO_QUALITY_HIGH));
}

static void
on_settings_changed (GSettings  *settings,
                     const char *key,
                     JzWindow   *self)
{
  if (g_str_equal (key, "sync-interval") || g_str_equal (key, "auto-sync"))
    _jz_window_schedule_sync (self);
  else if (g_str_equal (key, "photo-quality"))
    apply_photo_quality (self);
}

void
_jz_window_on_enrolled (JzWindow   *self,
                        const char *user)
{
  g_autofree char *text = g_strdup_printf (_("Enrolled as %s. Syncing…"), user ? user : "?");

  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "first-run", FALSE);
  self->first_run = FALSE;
  jz_window_add_toast (self, text);
  /* The overview says "enrolled" before the first sync starts. */
  g_clear_pointer (&self->overview, json_object_unref);
  _jz_window_refresh (self);
  _jz_window_lock_after_enrol (self);
}

void
_jz_window_sync_init (JzWindow *self)
{
  static const GActionEntry entries[] = {
    { "sync", sync_action },
    { "sync-with-photos", sync_with_photos_action },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  self->network_monitor = g_network_monitor_get_default ();
  self->online = g_network_monitor_get_network_available (self->network_monitor);
  self->network_handler = g_signal_connect (self->network_monitor, "network-changed",
                                            G_CALLBACK (on_network_changed), self);
  self->progress_handler = g_signal_connect (jz_session_get_sync_client (self->session), "progress",
                                             G_CALLBACK (on_progress), self);
  if (self->settings != NULL)
    self->settings_handler = g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
  apply_photo_quality (self);
  _jz_window_update_status (self);
}

void
_jz_window_sync_dispose (JzWindow *self)
{
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_handle_id (&self->sync_timer, g_source_remove);
  g_clear_signal_handler (&self->network_handler, self->network_monitor);
  if (self->session != NULL)
    g_clear_signal_handler (&self->progress_handler, jz_session_get_sync_client (self->session));
  g_clear_signal_handler (&self->settings_handler, self->settings);
}
