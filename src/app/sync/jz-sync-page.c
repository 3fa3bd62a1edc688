/* jz-sync-page.c — sync status, enrolment and settings
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enrolment runs jz_sync_client_enrol() on a worker thread, which writes
 * the token to DATA_DIR/token (0600); the page then moves it into the
 * keyring (jz-keyring.h), replacing the one of an earlier enrolment, or
 * says in one line that it stays in the file. The settings are the
 * GSettings of io.github.juzhu.Juzhu when its schema is installed; without
 * it the defaults apply and the group says the settings cannot be kept.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-ca-row.h"
#include "jz-first-run-page.h"
#include "jz-keyring.h"
#include "jz-sync-page.h"

struct _JzSyncPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *welcome_group;
  AdwPreferencesGroup *status_group;
  AdwPreferencesGroup *enrol_group;
  AdwPreferencesGroup *settings_group;
  AdwPreferencesGroup *device_group;
  AdwActionRow        *rules_row;
  AdwActionRow        *role_row;
  GtkWidget           *change_setup_button;
  GtkButton           *sync_button;
  AdwActionRow        *server_row;
  AdwActionRow        *last_row;
  AdwActionRow        *pending_row;
  GtkWidget           *progress_box;
  GtkProgressBar      *progress_bar;
  GtkLabel            *progress_label;
  AdwEntryRow         *url_row;
  AdwEntryRow         *code_row;
  AdwEntryRow         *name_row;
  JzCaRow             *ca_row;
  GtkLabel            *enrol_error;
  GtkSpinner          *enrol_spinner;
  GtkSwitch           *auto_switch;
  GtkSpinButton       *interval_spin;
  GtkSpinButton       *lock_spin;
  GtkSwitch           *metered_switch;
  GtkSwitch           *large_text_switch;
  AdwComboRow         *quality_row;
  AdwEntryRow         *camera_row;

  /* Owned */
  JzSession           *session;
  GSettings           *settings;
  gboolean             enrolling;
  JzTokenPlace         token_place;
};

enum { ENROLLED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JzSyncPage, jz_sync_page, ADW_TYPE_BIN)

typedef struct
{
  char *url;
  char *code;
  char *name;
  char *ca_file;
} EnrolArgs;

static void
enrol_args_free (EnrolArgs *args)
{
  g_free (args->url);
  g_free (args->code);
  g_free (args->name);
  g_free (args->ca_file);
  g_free (args);
}

static gpointer
enrol_in_thread (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  EnrolArgs *args = data;

  if (*args->ca_file && !jz_sync_check_ca_file (args->ca_file, error))
    return NULL;
  return jz_sync_client_enrol_with_ca (jz_session_get_sync_client (session), args->url, args->code,
                                       args->name, args->ca_file, cancellable, error);
}

static void
set_enrolling (JzSyncPage *self,
               gboolean    enrolling)
{
  self->enrolling = enrolling;
  gtk_spinner_set_spinning (self->enrol_spinner, enrolling);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-page.enrol", !enrolling);
}

static void
update_token_line (JzSyncPage *self)
{
  const char *text = NULL;

  if (self->token_place == JZ_TOKEN_FILE)
    text = _("No keyring: the access token is kept in a file only you can read.");
  else if (self->token_place == JZ_TOKEN_UNAVAILABLE)
    text = _("The keyring cannot be reached: unlock it, or enrol again.");
  adw_preferences_group_set_description (self->status_group, text);
}

void
jz_sync_page_set_token_place (JzSyncPage   *self,
                              JzTokenPlace  place)
{
  g_return_if_fail (JZ_IS_SYNC_PAGE (self));
  self->token_place = place;
  update_token_line (self);
}

typedef struct
{
  JzSyncPage *page;
  JzSession  *session;
} Keeping;

/* The token is in the keyring (or stays in its file). */
static void
token_kept (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Keeping *keeping = user_data;
  g_autoptr(JzSyncPage) self = keeping->page;
  g_autoptr(JzSession) session = keeping->session;
  JzTokenPlace place = JZ_TOKEN_NONE;
  g_autofree char *token = jz_keyring_take_token_finish (result, &place);

  g_free (keeping);

  if (token != NULL)
    jz_session_set_token (session, NULL, token);
  if (self->session == session)
    jz_sync_page_set_token_place (self, place);
}

static void
enrolled (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JzSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = jz_session_run_finish (JZ_SESSION (source), result, &error);
  Keeping *keeping;

  set_enrolling (self, FALSE);
  if (answer == NULL)
    {
      g_autofree char *text = jz_app_sync_error_text (error, TRUE);

      gtk_label_set_label (self->enrol_error, text);
      gtk_widget_set_visible (GTK_WIDGET (self->enrol_error), TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  /* The new token is in DATA_DIR/token: the client reads it there (not an
   * earlier token from the keyring) until the keyring has it. */
  jz_session_set_token (JZ_SESSION (source), jz_app_str (answer, "server"), NULL);
  keeping = g_new0 (Keeping, 1);
  keeping->page = g_object_ref (self);
  keeping->session = g_object_ref (JZ_SESSION (source));
  jz_keyring_take_token_async (jz_app_str (answer, "server"), jz_session_get_data_dir (keeping->session),
                               jz_store_get_key (jz_session_get_store (keeping->session)),
                               NULL, token_kept, keeping);
  g_signal_emit (self, signals[ENROLLED], 0, jz_app_str (answer, "user"));
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  JzSyncPage *self = JZ_SYNC_PAGE (widget);
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  EnrolArgs *args;

  gtk_widget_set_visible (GTK_WIDGET (self->enrol_error), FALSE);
  if (self->session == NULL || self->enrolling)
    return;
  if (*url == '\0' || *code == '\0')
    {
      gtk_label_set_label (self->enrol_error, *url == '\0' ? _("Server address: type the address County IT gave you")
                                                           : _("One-time code: type the code County IT gave you"));
      gtk_widget_set_visible (GTK_WIDGET (self->enrol_error), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (*url == '\0' ? self->url_row : self->code_row));
      return;
    }

  args = g_new0 (EnrolArgs, 1);
  args->url = g_steal_pointer (&url);
  args->code = g_steal_pointer (&code);
  args->name = *name ? g_strdup (name) : NULL;
  /* the row's CA, or none: the system's certificates (a kept CA is
   * forgotten) */
  args->ca_file = g_strdup (jz_ca_row_get_path (self->ca_row) ?: "");
  set_enrolling (self, TRUE);
  jz_session_run_async (self->session, enrol_in_thread, args, (GDestroyNotify) enrol_args_free,
                        (GDestroyNotify) json_object_unref, NULL, enrolled, g_object_ref (self));
}

static void
on_quality_selected (JzSyncPage *self)
{
  if (self->settings != NULL)
    g_settings_set_enum (self->settings, "photo-quality", (int) adw_combo_row_get_selected (self->quality_row));
}

void
jz_sync_page_set_session (JzSyncPage *self,
                          JzSession  *session,
                          GSettings  *settings)
{
  g_return_if_fail (JZ_IS_SYNC_PAGE (self));

  g_set_object (&self->session, session);
  /* the county CA this device enrolled with, if any: enrolling again
   * keeps it unless it is cleared */
  if (session != NULL)
    {
      g_autofree char *kept = jz_sync_kept_ca_file (jz_session_get_data_dir (session));

      jz_ca_row_set_path (self->ca_row, kept);
    }
  if (settings == self->settings)
    return;
  g_set_object (&self->settings, settings);
  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->settings_group), FALSE);
      adw_preferences_group_set_description (self->settings_group,
                                             _("The settings schema io.github.juzhu.Juzhu is not installed, so changes cannot be kept; the defaults apply."));
      return;
    }
  g_settings_bind (settings, "auto-sync", self->auto_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "sync-interval", gtk_spin_button_get_adjustment (self->interval_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "lock-idle-minutes", gtk_spin_button_get_adjustment (self->lock_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "hold-photos-on-metered", self->metered_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "large-text", self->large_text_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "camera-source", self->camera_row, "text", G_SETTINGS_BIND_DEFAULT);
  adw_combo_row_set_selected (self->quality_row, (guint) g_settings_get_enum (settings, "photo-quality"));
  g_signal_connect_swapped (self->quality_row, "notify::selected", G_CALLBACK (on_quality_selected), self);
}

void
jz_sync_page_set_overview (JzSyncPage *self,
                           JsonObject *overview,
                           gboolean    first_run)
{
  gboolean enrolled = jz_app_int (overview, "enrolled") != 0;
  g_autofree char *server = NULL;
  g_autofree char *last = NULL;
  g_autofree char *pending = NULL;
  const char *last_sync = jz_app_str (overview, "last_sync");

  g_return_if_fail (JZ_IS_SYNC_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->welcome_group), first_run && !enrolled);
  if (enrolled)
    server = g_strdup_printf (_("%s (as %s)"), jz_app_str (overview, "server") ?: "",
                              jz_app_str (overview, "user") ?: "?");
  else
    server = g_strdup (_("Not enrolled: this device works offline"));
  adw_action_row_set_subtitle (self->server_row, server);
  last = last_sync ? jz_app_local_time (last_sync) : g_strdup (_("Never"));
  adw_action_row_set_subtitle (self->last_row, last);
  pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change", "%u changes",
                                          (gulong) jz_app_int (overview, "pending")),
                             (guint) jz_app_int (overview, "pending"));
  adw_action_row_set_subtitle (self->pending_row, pending);
  adw_preferences_group_set_title (self->enrol_group,
                                   enrolled ? _("Enrol again") : _("Enrol with a county server"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), enrolled);

  /* The rules and the role: chosen here until the device is enrolled; then
   * the county server's. */
  if (self->session != NULL)
    {
      JzProfile *profile = jz_session_get_profile (self->session);
      g_autofree char *rules = g_strdup_printf ("%s (%s)", jz_profile_get_title (profile) ?: "",
                                                jz_profile_get_name (profile));

      adw_action_row_set_subtitle (self->rules_row, rules);
      adw_action_row_set_subtitle (self->role_row,
                                   jz_first_run_page_role_label (jz_session_get_role (self->session) ?: "committee"));
    }
  gtk_widget_set_visible (self->change_setup_button, !enrolled);
  adw_preferences_group_set_description (self->device_group,
                                         enrolled ? _("Set by the county server when this device was enrolled.")
                                                  : NULL);
}

void
jz_sync_page_set_progress (JzSyncPage *self,
                           gboolean    running,
                           double      fraction,
                           const char *text)
{
  g_return_if_fail (JZ_IS_SYNC_PAGE (self));

  gtk_widget_set_visible (self->progress_box, running || text != NULL);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_label_set_label (self->progress_label, text ? text : "");
}

static void
jz_sync_page_dispose (GObject *object)
{
  JzSyncPage *self = JZ_SYNC_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (jz_sync_page_parent_class)->dispose (object);
}

static void
jz_sync_page_class_init (JzSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_sync_page_dispose;

  /* The device is enrolled (the user's name). */
  signals[ENROLLED] = g_signal_new ("enrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (JZ_TYPE_CA_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, welcome_group);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, enrol_group);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, settings_group);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, device_group);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, rules_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, role_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, change_setup_button);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, last_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, enrol_error);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, enrol_spinner);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, lock_spin);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, metered_switch);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, large_text_switch);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, quality_row);
  gtk_widget_class_bind_template_child (widget_class, JzSyncPage, camera_row);

  gtk_widget_class_install_action (widget_class, "sync-page.enrol", NULL, enrol_action);
}

static void
jz_sync_page_init (JzSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* another CA chosen: the last try's error is about the one before */
  g_signal_connect_swapped (self->ca_row, "notify::path", G_CALLBACK (gtk_widget_hide), self->enrol_error);
}
