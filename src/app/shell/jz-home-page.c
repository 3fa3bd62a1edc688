/* jz-home-page.c — what needs doing today
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the overview the window reads off the main thread (jz-window.c):
 * the registry's due list for today, the unfinished forms (drafts) and the
 * device's counts; on the county office's device, the month's figures
 * first (jz_registry_report over the county's records). Every row is
 * a tap away from its record or list; ID numbers are masked, as in every
 * list.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-home-page.h"

struct _JzHomePage
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *month_group;
  AdwPreferencesGroup *due_group;
  AdwPreferencesGroup *drafts_group;
  AdwPreferencesGroup *device_group;

  /* Owned */
  GPtrArray           *month_rows;
  GPtrArray           *due_rows;
  GPtrArray           *draft_rows;
  GPtrArray           *device_rows;
  gboolean             landlord_mode;
};

G_DEFINE_FINAL_TYPE (JzHomePage, jz_home_page, ADW_TYPE_BIN)

static const char *
what_label (const char *what)
{
  static const struct { const char *what; const char *label; } labels[] = {
    { "issue_overdue", N_("Issuance overdue") },
    { "extension_decision", N_("Decide on an extension") },
    { "issue_due", N_("Issue the permit soon") },
    { "issue_waiting", N_("Waiting for the permit") },
    { "endorsement_open", N_("Endorsement window open") },
    { "suspended", N_("Permit suspended") },
    { "new_registration_required", N_("New registration needed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].what, what) == 0)
      return _(labels[i].label);
  return what;
}

static const char *
what_icon (const char *what)
{
  if (g_strcmp0 (what, "issue_overdue") == 0 || g_strcmp0 (what, "suspended") == 0)
    return "dialog-warning-symbolic";
  if (g_strcmp0 (what, "extension_decision") == 0)
    return "alarm-symbolic";
  return "x-office-calendar-symbolic";
}

static GtkWidget *
nav_row (const char *title,
         const char *subtitle,
         const char *icon,
         const char *action,
         GVariant   *target,
         const char *count)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  if (count != NULL)
    {
      GtkWidget *label = gtk_label_new (count);

      gtk_widget_add_css_class (label, "title-3");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
  return row;
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static GtkWidget *
figure_row (const char *title,
            const char *subtitle,
            gint64      n)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  GtkWidget *label = gtk_label_new (count);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "title-3");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

/* The county office's month so far: the figures a county reports, the
 * overdue ones marked, and each committee's in one line. */
static void
add_month (JzHomePage *self,
           JsonObject *report)
{
  static const struct { const char *key; const char *label; gboolean warn; } shown[] = {
    { "registrations", N_("New registrations (新增登记)"), FALSE },
    { "departures", N_("Departures (注销)"), FALSE },
    { "applications_accepted", N_("Applications accepted (受理)"), FALSE },
    { "permits_issued", N_("Permits issued"), FALSE },
    { "issuance_overdue", N_("Issuance overdue"), TRUE },
    { "endorsement_overdue", N_("Endorsement overdue"), TRUE },
    { "permits_suspended", N_("Permits suspended"), TRUE },
  };
  JsonObject *total = json_object_get_object_member (report, "total");
  JsonArray *committees = json_object_get_array_member (report, "committees");
  guint n = committees ? json_array_get_length (committees) : 0;
  /* Translators: %s is a month, 2026-12 */
  g_autofree char *title = g_strdup_printf (_("This month in figures (%s)"), jz_app_str (report, "month") ?: "");
  GtkWidget *expander;

  gtk_widget_set_visible (GTK_WIDGET (self->month_group), TRUE);
  adw_preferences_group_set_title (self->month_group, title);
  adw_preferences_group_set_description (self->month_group,
                                         _("Counted from the county's records on this device, as the "
                                           "county server counts them"));
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      gint64 v = json_object_get_int_member_with_default (total, shown[i].key, 0);
      GtkWidget *row = figure_row (_(shown[i].label), NULL, v);

      if (shown[i].warn && v > 0)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      add_row (self->month_group, self->month_rows, row);
    }
  if (n == 0)
    return;
  expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("By committee"));
  {
    /* Translators: how many committees the month's figures are given for */
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (NULL, "%u committee", "%u committees", n), n);

    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *c = json_array_get_object_element (committees, i);
      const char *code = jz_app_str (c, "division");
      /* Translators: one committee's month: new registrations, departures,
       * applications accepted, permits issued, issuances overdue */
      g_autofree char *line = g_strdup_printf (_("%d new · %d departed · %d accepted · %d issued · %d overdue"),
                                               (int) json_object_get_int_member_with_default (c, "registrations", 0),
                                               (int) json_object_get_int_member_with_default (c, "departures", 0),
                                               (int) json_object_get_int_member_with_default (c, "applications_accepted", 0),
                                               (int) json_object_get_int_member_with_default (c, "permits_issued", 0),
                                               (int) json_object_get_int_member_with_default (c, "issuance_overdue", 0));
      const char *name = jz_app_str (c, "name");
      g_autofree char *label = name != NULL ? g_strdup_printf ("%s (%s)", name, code)
                             : g_strdup (code && *code ? code : _("Residence not recorded"));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  add_row (self->month_group, self->month_rows, expander);
}

static const char *
draft_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "declaration") == 0)
    return _("Declaration (暂住登记)");
  if (g_strcmp0 (kind, "application") == 0)
    return _("Application (居住证申领)");
  return kind ? kind : "";
}

static void
add_drafts (JzHomePage *self,
            JsonArray  *drafts)
{
  guint n = drafts ? json_array_get_length (drafts) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->drafts_group), n > 0);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *draft = json_array_get_object_element (drafts, i);
      const char *name = jz_app_str (draft, "name");
      g_autofree char *when = jz_app_local_time (jz_app_str (draft, "updated_at"));
      /* Translators: a draft's title: the form's kind, then the name typed so far */
      g_autofree char *title = g_strdup_printf (_("%s — %s"), draft_kind_label (jz_app_str (draft, "kind")),
                                                name ? name : _("no name yet"));
      /* Translators: %s is a local date and time, 2026-03-01 16:30 */
      g_autofree char *subtitle = g_strdup_printf (_("Last saved %s"), when);

      add_row (self->drafts_group, self->draft_rows,
               nav_row (title, subtitle, "document-edit-symbolic", "win.open-draft",
                        g_variant_new ("(ss)", jz_app_str (draft, "kind") ?: "", jz_app_str (draft, "id") ?: ""),
                        NULL));
    }
}

static void
add_count_row (JzHomePage *self,
               gint64      n,
               const char *title,
               const char *subtitle,
               const char *icon,
               const char *page)
{
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  add_row (self->device_group, self->device_rows,
           nav_row (title, subtitle, icon, "win.show-page", g_variant_new_string (page), count));
}

/* Landlord and employer mode: their own persons, a big New declaration
 * and the proof they can issue; nothing of the county office's work. */
static void
set_landlord_overview (JzHomePage *self,
                       JsonObject *overview,
                       gboolean    landlord)
{
  JsonArray *mine = json_object_has_member (overview, "mine") ? json_object_get_array_member (overview, "mine") : NULL;
  guint n = mine ? json_array_get_length (mine) : 0;
  const char *proof = landlord ? _("Issue a proof of accommodation (住宿证明)")
                               : _("Issue a proof of employment (劳动关系证明)");
  GtkWidget *button;

  adw_preferences_group_set_title (self->due_group, landlord ? _("My tenants") : _("My employees"));
  adw_preferences_group_set_description (self->due_group,
                                         n == 0 ? (landlord ? _("No tenant filed yet: start with a new declaration.")
                                                            : _("No employee filed yet: start with a new declaration."))
                                                : (landlord ? _("The tenants this device filed.")
                                                            : _("The employees this device filed.")));
  button = gtk_button_new_with_mnemonic (_("_New declaration (暂住登记)"));
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_size_request (button, -1, 56);
  gtk_widget_set_margin_bottom (button, 12);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-declaration");
  add_row (self->due_group, self->due_rows, button);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *p = json_array_get_object_element (mine, i);
      GtkWidget *row = nav_row (jz_app_str (p, "name") ?: "", jz_app_str (p, "masked"), "avatar-default-symbolic",
                                "win.open-person", g_variant_new_string (jz_app_str (p, "id") ?: ""), NULL);
      GtkWidget *issue = gtk_button_new_with_label (landlord ? "住宿证明" : "劳动关系证明");

      gtk_widget_set_valign (issue, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (issue, proof);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (issue), "win.issue-proof");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (issue), g_variant_new_string (jz_app_str (p, "id") ?: ""));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), issue);
      add_row (self->due_group, self->due_rows, row);
    }

  adw_preferences_group_set_title (self->device_group, _("Documents you can issue"));
  add_row (self->device_group, self->device_rows,
           nav_row (proof, landlord ? _("For one of your tenants, as a PDF to print or send")
                                    : _("For one of your employees, as a PDF to print or send"),
                    "document-print-symbolic", "win.issue-proof", g_variant_new_string (""), NULL));
  add_count_row (self, jz_app_int (overview, "pending"), _("Waiting to be sent"),
                 jz_app_int (overview, "enrolled") ? _("Changes the county server has not received yet")
                                                   : _("This device is not enrolled with a county server"),
                 "mail-send-symbolic", "sync");
  if (jz_app_int (overview, "conflicts") > 0)
    add_count_row (self, jz_app_int (overview, "conflicts"), _("Conflicts"),
                   _("Records two devices changed differently"), JZ_APP_CONFLICTS_ICON, "conflicts");
  if (jz_app_int (overview, "rejected") > 0)
    add_count_row (self, jz_app_int (overview, "rejected"), _("Needs attention"),
                   _("Changes the county server refused"), "dialog-warning-symbolic", "attention");
}

gboolean
jz_home_page_get_landlord_mode (JzHomePage *self)
{
  g_return_val_if_fail (JZ_IS_HOME_PAGE (self), FALSE);
  return self->landlord_mode;
}

void
jz_home_page_set_overview (JzHomePage *self,
                           JzSession  *session,
                           JsonObject *overview)
{
  const char *role = jz_app_str (overview, "role");
  JsonArray *due = NULL;
  g_autofree char *due_title = NULL;
  guint n_due;

  g_return_if_fail (JZ_IS_HOME_PAGE (self));

  jz_app_clear_group (self->month_group, self->month_rows);
  gtk_widget_set_visible (GTK_WIDGET (self->month_group), FALSE);
  jz_app_clear_group (self->due_group, self->due_rows);
  jz_app_clear_group (self->drafts_group, self->draft_rows);
  jz_app_clear_group (self->device_group, self->device_rows);

  self->landlord_mode = g_strcmp0 (role, "landlord") == 0 || g_strcmp0 (role, "employer") == 0;
  if (self->landlord_mode)
    {
      set_landlord_overview (self, overview, g_strcmp0 (role, "landlord") == 0);
      add_drafts (self, json_object_has_member (overview, "drafts")
                        ? json_object_get_array_member (overview, "drafts") : NULL);
      return;
    }
  adw_preferences_group_set_title (self->device_group, _("On this device"));
  if (json_object_has_member (overview, "report"))
    add_month (self, json_object_get_object_member (overview, "report"));

  if (json_object_has_member (overview, "due"))
    due = json_object_get_array_member (overview, "due");
  n_due = due ? json_array_get_length (due) : 0;

  /* Translators: %s is a date, 2026-03-01 */
  due_title = g_strdup_printf (_("Due on %s"), jz_app_str (overview, "today") ?: "");
  adw_preferences_group_set_title (self->due_group, due_title);
  adw_preferences_group_set_description (self->due_group,
                                         n_due == 0 ? _("No deadline, endorsement or suspended permit needs you today.")
                                                    : _("Issuance deadlines, extensions to decide, endorsement windows and suspended permits."));

  for (guint i = 0; i < n_due; i++)
    {
      JsonObject *item = json_array_get_object_element (due, i);
      const char *what = jz_app_str (item, "what");
      g_autofree char *title = g_strdup_printf ("%s — %s", what_label (what), jz_app_str (item, "name") ?: "");
      g_autofree char *article = jz_app_cite_text (session, jz_app_str (item, "article"));
      g_autofree char *extended = jz_app_str (item, "extension_reason") == NULL ? NULL
        /* Translators: an issuance deadline moved by an extension, and why */
        : g_strdup_printf (_("extended: %s"), jz_app_str (item, "extension_reason"));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s%s%s · %s",
                                                   jz_app_str (item, "id_number") ?: "",
                                                   jz_app_str (item, "date") ?: "",
                                                   extended ? " · " : "", extended ? extended : "",
                                                   article ?: "");

      /* An application opens in its form, at the step its status is at. */
      gboolean application = g_strcmp0 (jz_app_str (item, "type"), "application") == 0;

      add_row (self->due_group, self->due_rows,
               nav_row (title, subtitle, what_icon (what),
                        application ? "win.open-application" : "win.open-record",
                        g_variant_new_string (jz_app_str (item, "record") ?: ""), NULL));
    }

  add_drafts (self, json_object_has_member (overview, "drafts")
                    ? json_object_get_array_member (overview, "drafts") : NULL);

  add_count_row (self, jz_app_int (overview, "pending"), _("Waiting to be sent"),
                 jz_app_int (overview, "enrolled") ? _("Changes the county server has not received yet")
                                                   : _("This device is not enrolled with a county server"),
                 "mail-send-symbolic", "sync");
  add_count_row (self, jz_app_int (overview, "conflicts"), _("Conflicts"),
                 _("Records two devices changed differently"), JZ_APP_CONFLICTS_ICON, "conflicts");
  add_count_row (self, jz_app_int (overview, "rejected"), _("Needs attention"),
                 _("Changes the county server refused"), "dialog-warning-symbolic", "attention");
  if (jz_app_int (overview, "duplicates") > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, jz_app_int (overview, "duplicates"));

      /* the county office's: one person, two records from two devices */
      add_row (self->device_group, self->device_rows,
               nav_row (_("Recorded twice"), _("The same ID number from two devices: open one and merge"),
                        "edit-copy-symbolic", "win.open-person",
                        g_variant_new_string (jz_app_str (overview, "duplicate") ?: ""), count));
    }
  add_count_row (self, jz_app_int (overview, "persons"), _("Persons"),
                 _("Everyone recorded on this device"), "system-users-symbolic", "people");
}

static void
jz_home_page_dispose (GObject *object)
{
  G_OBJECT_CLASS (jz_home_page_parent_class)->dispose (object);
}

static void
jz_home_page_finalize (GObject *object)
{
  JzHomePage *self = JZ_HOME_PAGE (object);

  g_clear_pointer (&self->month_rows, g_ptr_array_unref);
  g_clear_pointer (&self->due_rows, g_ptr_array_unref);
  g_clear_pointer (&self->draft_rows, g_ptr_array_unref);
  g_clear_pointer (&self->device_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (jz_home_page_parent_class)->finalize (object);
}

static void
jz_home_page_class_init (JzHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_home_page_dispose;
  object_class->finalize = jz_home_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JzHomePage, page);
  gtk_widget_class_bind_template_child (widget_class, JzHomePage, month_group);
  gtk_widget_class_bind_template_child (widget_class, JzHomePage, due_group);
  gtk_widget_class_bind_template_child (widget_class, JzHomePage, drafts_group);
  gtk_widget_class_bind_template_child (widget_class, JzHomePage, device_group);
}

static void
jz_home_page_init (JzHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->month_rows = g_ptr_array_new ();
  self->due_rows = g_ptr_array_new ();
  self->draft_rows = g_ptr_array_new ();
  self->device_rows = g_ptr_array_new ();
}
