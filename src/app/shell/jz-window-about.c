/* jz-window-about.c — the window's About Juzhu, Import a Roster and Verify a
 * Paper (the primary menu's)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the program is, its version, its licence, and the regulations its
 * rules follow: what a clerk or county IT reads out to whoever asks which
 * Juzhu a tablet runs. Nothing of anyone's records is in it.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jz-roster-window.h"
#include "jz-verify-window.h"
#include "jz-window-private.h"

/* win.import-roster: a roster filed at once (jz-roster-window.c) */
void
_jz_window_import_roster_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  gtk_window_present (jz_roster_window_new (self->session, GTK_WINDOW (self)));
}

/* win.verify-paper: a paper's QR code checked (jz-verify-window.c) */
void
_jz_window_verify_paper_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  JzWindow *self = user_data;

  if (self->session == NULL)
    return;
  gtk_window_present (jz_verify_window_new (self->session, GTK_WINDOW (self)));
}

void
_jz_window_about_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  JzWindow *self = user_data;
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  adw_about_window_set_application_name (about, _("Juzhu"));
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Juzhu authors"));
  adw_about_window_set_copyright (about, _("© 2026 The Juzhu authors"));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_comments (about,
                                 _("Residence registration in the field: temporary residence "
                                   "declarations, residence permit applications and the photos of "
                                   "their proofs, kept on this device, offline, and synced with the "
                                   "county server."));
  /* the rules: which regulations the decisions cite (docs/rules.md) */
  adw_about_window_add_legal_section (about, _("Regulations"), NULL, GTK_LICENSE_CUSTOM,
                                      _("The rules engine cites the article of each regulation for "
                                        "every decision it makes: the State Council's Interim "
                                        "Regulations on Residence Permits (2016), Jilin Province's "
                                        "measures (2016) and Sanmenxia City's rules (2017), as the "
                                        "device's rules profile says."));

  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
}
