/* jz-person-page-print.c — printing a record's document again from the
 * person page
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * People lose papers: a registration's 暂住登记凭证, an application's one-time
 * notice or acceptance receipt is printed again through win.print-document
 * (the print dialog, audited as a print).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-person-page-private.h"

/* Reprint: a registration's 暂住登记凭证, an application's one-time notice
 * (while it waits for acceptance) or its acceptance receipt. */
void
_jz_person_page_add_print_button (GtkWidget  *row,
                                  JsonObject *record)
{
  const char *rtype = jz_app_str (record, "type");
  const char *status = jz_app_str (record, "status");
  const char *kind = NULL, *tooltip = NULL;
  GtkWidget *button;

  if (jz_app_str (record, "id") == NULL)
    return;
  if (g_strcmp0 (rtype, "registration") == 0 && jz_app_str (record, "certificate_no") != NULL)
    {
      kind = "certificate";
      tooltip = _("Print the 暂住登记凭证 again");
    }
  else if (g_strcmp0 (rtype, "application") == 0 && g_strcmp0 (status, "submitted") == 0)
    {
      kind = "notice";
      tooltip = _("Print the one-time notice of missing materials");
    }
  else if (g_strcmp0 (rtype, "application") == 0 && jz_app_str (record, "accepted_on") != NULL &&
           (g_strcmp0 (status, "accepted") == 0 || g_strcmp0 (status, "issued") == 0))
    {
      kind = "receipt";
      tooltip = _("Print the acceptance receipt again");
    }
  if (kind == NULL)
    return;
  button = gtk_button_new_from_icon_name ("document-print-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_name (button, "reprint");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.print-document");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", kind, jz_app_str (record, "id"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}
