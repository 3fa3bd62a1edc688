/* jz-first-run-page.c — the first run: profile, role, the operator PIN, then enrol or continue offline
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown by the window instead of Today while the data directory has no
 * profile and is not enrolled. The profiles and their titles are read on a
 * worker; the choices go into the store's meta (profile, role) on a worker;
 * enrolment runs jz_sync_client_enrol() on a worker and the server's
 * profile and role win over the ones chosen. Then "done" is emitted and the
 * window opens the data directory again, with the chosen rules.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "jz-ca-row.h"
#include "jz-app-util.h"
#include "jz-first-run-page.h"
#include "jz-model.h"
#include "jz-store-pin.h"

struct _JzFirstRunPage
{
  AdwBin        parent_instance;

  AdwComboRow  *profile_row;
  AdwComboRow  *role_row;
  AdwEntryRow  *url_row;
  AdwEntryRow  *code_row;
  JzCaRow      *ca_row;
  GtkLabel     *error_label;
  GtkSpinner   *spinner;
  GtkWidget    *enrol_button;
  GtkWidget    *offline_button;
  GtkWidget    *cancel_button;
  GtkWidget    *enrol_group;
  GtkWidget    *pin_group;
  AdwEntryRow  *pin_row;
  AdwEntryRow  *pin_again_row;
  AdwWindowTitle *title;
  AdwPreferencesGroup *device_group;

  JzSession    *session;
  GPtrArray    *profiles;   /* names, in the combo's order */
  gboolean      ready;
  gboolean      busy;
  gboolean      changing;   /* rules and role changed later, from the settings */
};

enum { DONE, CANCELLED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JzFirstRunPage, jz_first_run_page, ADW_TYPE_BIN)

/* The roles in the order the first run offers them */
static const char * const roles[] = { "committee", "landlord", "employer", "county" };

/* What the settings show for a role. */
const char *
jz_first_run_page_role_label (const char *role)
{
  return jz_role_label (role);
}

/* ---- the profiles ---------------------------------------------------------- */

static gpointer
profiles_in_thread (JzSession     *session,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_auto(GStrv) names = jz_profile_list_available ();
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  /* name, title, name, title, … */
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(JzProfile) profile = jz_profile_load (names[i], NULL);

      if (profile == NULL)
        continue;
      g_ptr_array_add (out, g_strdup (names[i]));
      g_ptr_array_add (out, g_strdup (jz_profile_get_title (profile) ?: names[i]));
    }
  return out;
}

static void
profiles_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JzFirstRunPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = 0;

  if (list == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  for (guint i = 0; i + 1 < list->len; i += 2)
    {
      g_autofree char *text = g_strdup_printf ("%s (%s)", (char *) list->pdata[i + 1], (char *) list->pdata[i]);

      if (g_str_equal (list->pdata[i], "national-2016"))
        selected = i / 2;
      g_ptr_array_add (self->profiles, g_strdup (list->pdata[i]));
      gtk_string_list_append (model, text);
    }
  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->profile_row, selected);
  /* A change starts from the current choices. */
  if (self->changing)
    jz_first_run_page_select (self, jz_profile_get_name (jz_session_get_profile (self->session)),
                              jz_session_get_role (self->session) ?: "committee");
  self->ready = TRUE;
}

/* ---- the choices ----------------------------------------------------------- */

typedef struct
{
  char *profile;
  char *role;
  char *url;
  char *code;
  char *ca_file;
  char *pin;    /* NULL: a change of rules and role keeps the PIN */
} Setup;

static void
setup_free (Setup *setup)
{
  g_free (setup->profile);
  g_free (setup->role);
  g_free (setup->url);
  g_free (setup->code);
  g_free (setup->ca_file);
  if (setup->pin != NULL)
    memset (setup->pin, 0, strlen (setup->pin));
  g_free (setup->pin);
  g_free (setup);
}

static void
set_busy (JzFirstRunPage *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->enrol_button, !busy);
  gtk_widget_set_sensitive (self->offline_button, !busy);
  gtk_widget_set_sensitive (self->cancel_button, !busy);
}

static void
show_error (JzFirstRunPage *self,
            const char     *text)
{
  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* The choices first; enrolment then writes the server's over them. */
static gpointer
setup_in_thread (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Setup *setup = data;
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *out;

  if (!jz_session_save_setup (session, setup->profile, setup->role, error))
    return NULL;
  if (setup->url != NULL)
    {
      if (*setup->ca_file && !jz_sync_check_ca_file (setup->ca_file, error))
        return NULL;
      answer = jz_sync_client_enrol_with_ca (jz_session_get_sync_client (session), setup->url, setup->code,
                                             NULL, setup->ca_file, cancellable, error);
      if (answer == NULL)
        return NULL;
    }
  /* After the enrolment, which clears any PIN. */
  if (setup->pin != NULL && !jz_store_set_pin (jz_session_get_store (session), setup->pin, error))
    return NULL;
  if (answer == NULL)
    return json_object_new ();
  out = json_object_ref (answer);
  json_object_set_boolean_member (out, "enrolled", TRUE);
  return out;
}

static void
setup_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JzFirstRunPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autofree char *message = NULL;
  const char *profile = NULL;
  const char *role = NULL;
  guint i;

  set_busy (self, FALSE);
  if (answer == NULL)
    {
      g_autofree char *text = error->domain == JZ_SYNC_ERROR ? jz_app_sync_error_text (error, TRUE)
                                                             : g_strdup (error->message);

      show_error (self, text);
      return;
    }

  if (jz_app_int (answer, "enrolled"))
    {
      i = adw_combo_row_get_selected (self->profile_row);
      profile = i < self->profiles->len ? self->profiles->pdata[i] : NULL;
      role = roles[MIN (adw_combo_row_get_selected (self->role_row), G_N_ELEMENTS (roles) - 1)];
      if ((jz_app_str (answer, "profile") && g_strcmp0 (jz_app_str (answer, "profile"), profile) != 0)
          || (jz_app_str (answer, "role") && g_strcmp0 (jz_app_str (answer, "role"), role) != 0))
        /* Translators: the county server's profile and role replace the ones chosen */
        message = g_strdup_printf (_("The county server set this device to %s, %s"),
                                   jz_app_str (answer, "profile") ?: profile,
                                   jz_role_label (jz_app_str (answer, "role") ?: role));
    }
  g_signal_emit (self, signals[DONE], 0, message);
}

static void
start (JzFirstRunPage *self,
       gboolean        enrol)
{
  guint p = adw_combo_row_get_selected (self->profile_row);
  guint r = adw_combo_row_get_selected (self->role_row);
  Setup *setup;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (self->busy || self->session == NULL)
    return;
  if (p >= self->profiles->len)
    {
      show_error (self, _("Rules: choose the rules of your jurisdiction"));
      return;
    }
  setup = g_new0 (Setup, 1);
  setup->profile = g_strdup (self->profiles->pdata[p]);
  setup->role = g_strdup (roles[MIN (r, G_N_ELEMENTS (roles) - 1)]);
  if (!self->changing)
    {
      const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
      const char *problem = jz_app_new_pin_problem (pin, gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row)));

      if (problem != NULL)
        {
          /* Translators: %s says what is wrong with the PIN */
          g_autofree char *text = g_strdup_printf (_("Operator PIN: %s"), problem);

          show_error (self, text);
          gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
          setup_free (setup);
          return;
        }
      setup->pin = g_strdup (pin);
    }
  if (enrol)
    {
      setup->url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
      setup->code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));
      setup->ca_file = g_strdup (jz_ca_row_get_path (self->ca_row) ?: "");
      if (*setup->url == '\0' || *setup->code == '\0')
        {
          show_error (self, *setup->url == '\0' ? _("Server address: type the address County IT gave you")
                                               : _("One-time code: type the code County IT gave you"));
          gtk_widget_grab_focus (GTK_WIDGET (*setup->url == '\0' ? self->url_row : self->code_row));
          setup_free (setup);
          return;
        }
    }
  set_busy (self, TRUE);
  jz_session_run_async (self->session, setup_in_thread, setup, (GDestroyNotify) setup_free,
                        (GDestroyNotify) json_object_unref, NULL, setup_done, g_object_ref (self));
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start (JZ_FIRST_RUN_PAGE (widget), TRUE);
}

static void
offline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start (JZ_FIRST_RUN_PAGE (widget), FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JzFirstRunPage *self = JZ_FIRST_RUN_PAGE (widget);

  if (!self->busy)
    g_signal_emit (self, signals[CANCELLED], 0);
}

gboolean
jz_first_run_page_select (JzFirstRunPage *self,
                          const char     *profile,
                          const char     *role)
{
  gboolean found_profile = FALSE;
  gboolean found_role = FALSE;

  g_return_val_if_fail (JZ_IS_FIRST_RUN_PAGE (self), FALSE);

  for (guint i = 0; i < self->profiles->len; i++)
    if (g_str_equal (self->profiles->pdata[i], profile))
      {
        adw_combo_row_set_selected (self->profile_row, i);
        found_profile = TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_str_equal (roles[i], role))
      {
        adw_combo_row_set_selected (self->role_row, i);
        found_role = TRUE;
      }
  return found_profile && found_role;
}

void
jz_first_run_page_type_pin (JzFirstRunPage *self,
                            const char     *pin,
                            const char     *again)
{
  g_return_if_fail (JZ_IS_FIRST_RUN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), again ? again : pin);
}

gboolean
jz_first_run_page_get_ready (JzFirstRunPage *self)
{
  g_return_val_if_fail (JZ_IS_FIRST_RUN_PAGE (self), FALSE);
  return self->ready;
}

gboolean
jz_first_run_page_get_busy (JzFirstRunPage *self)
{
  g_return_val_if_fail (JZ_IS_FIRST_RUN_PAGE (self), FALSE);
  return self->busy;
}

/* ---- building -------------------------------------------------------------- */

static GtkWidget *
pill_button (const char *label,
             const char *action,
             gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (button, 240, 48);
  return button;
}

static void
build (JzFirstRunPage *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group;
  GtkWidget *box;
  GtkWidget *row;
  g_autoptr(GtkStringList) role_model = gtk_string_list_new (NULL);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Welcome to Juzhu"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (toolbar), page);
  adw_bin_set_child (ADW_BIN (self), toolbar);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("This device"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Choose the rules of your jurisdiction and what you do. A county server, once enrolled, sets both."));
  self->device_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Rules"));
  /* The choice under the title, where a long name has room. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  self->profile_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_string_list_append (role_model, jz_role_label (roles[i]));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("I am"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (role_model));
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  self->role_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Operator PIN"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("At least 6 digits. Juzhu asks it when it starts and after a few idle minutes. Only the county can reset a forgotten PIN, by enrolling this device again."));
  self->pin_group = group;
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("PIN"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PIN);
  self->pin_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The same PIN again"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PIN);
  self->pin_again_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Enrol with a county server"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("County IT gives you the server address and a one-time code."));
  self->enrol_group = group;
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Server address"));
  gtk_editable_set_text (GTK_EDITABLE (row), "https://");
  self->url_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("One-time code"));
  self->code_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = jz_ca_row_new ();
  self->ca_row = JZ_CA_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  group = adw_preferences_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->spinner));
  self->enrol_button = pill_button (_("_Enrol"), "first-run.enrol", TRUE);
  gtk_box_append (GTK_BOX (box), self->enrol_button);
  self->offline_button = pill_button (_("Continue _offline and enrol later"), "first-run.offline", FALSE);
  gtk_box_append (GTK_BOX (box), self->offline_button);
  self->cancel_button = pill_button (_("_Cancel"), "first-run.cancel", FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->cancel_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
}

static void
jz_first_run_page_dispose (GObject *object)
{
  JzFirstRunPage *self = JZ_FIRST_RUN_PAGE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  G_OBJECT_CLASS (jz_first_run_page_parent_class)->dispose (object);
}

static void
jz_first_run_page_class_init (JzFirstRunPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jz_first_run_page_dispose;

  /* The choices are kept (and the device perhaps enrolled); the argument
   * is what to tell the user, or NULL. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A change from the settings was given up: nothing was kept. */
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_install_action (widget_class, "first-run.enrol", NULL, enrol_action);
  gtk_widget_class_install_action (widget_class, "first-run.offline", NULL, offline_action);
  gtk_widget_class_install_action (widget_class, "first-run.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "first-run.cancel", NULL);
}

static void
jz_first_run_page_init (JzFirstRunPage *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_free);
  build (self);
}

GtkWidget *
jz_first_run_page_new (JzSession *session)
{
  JzFirstRunPage *self = g_object_new (JZ_TYPE_FIRST_RUN_PAGE, NULL);

  self->session = g_object_ref (session);
  /* a tablet wiped by a purge keeps the county CA it enrolled with */
  {
    g_autofree char *kept = jz_sync_kept_ca_file (jz_session_get_data_dir (session));

    jz_ca_row_set_path (self->ca_row, kept);
  }
  jz_session_run_async (session, profiles_in_thread, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                        NULL, profiles_read, g_object_ref (self));
  return GTK_WIDGET (self);
}

/**
 * jz_first_run_page_new_for_change:
 *
 * The same choices, later, from the settings of a device that is not
 * enrolled (an enrolled one gets them from its county server): the current
 * ones selected, Apply or Cancel, no enrolment.
 */
GtkWidget *
jz_first_run_page_new_for_change (JzSession *session)
{
  JzFirstRunPage *self = JZ_FIRST_RUN_PAGE (jz_first_run_page_new (session));

  self->changing = TRUE;
  adw_window_title_set_title (self->title, _("Rules and role"));
  adw_preferences_group_set_description (self->device_group,
                                         _("Records already saved keep their history; deadlines and checklists follow the new rules from now on."));
  gtk_widget_set_visible (self->enrol_group, FALSE);
  gtk_widget_set_visible (self->pin_group, FALSE);
  gtk_widget_set_visible (self->enrol_button, FALSE);
  gtk_button_set_label (GTK_BUTTON (self->offline_button), _("_Apply"));
  gtk_widget_add_css_class (self->offline_button, "suggested-action");
  gtk_widget_set_visible (self->cancel_button, TRUE);
  return GTK_WIDGET (self);
}
