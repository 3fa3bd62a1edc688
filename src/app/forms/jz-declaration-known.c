/* jz-declaration-known.c — an ID number already on this device: the form
 * says whose it is, fills what is still empty from that person's record,
 * and opens the record on request. The declaration then updates that
 * person (jz_registry_declare() finds them by the number); no second
 * person is made.
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-declaration-flow-private.h"
#include "jz-form-util.h"

static gpointer
find_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  JzStore *store = jz_session_get_store (session);
  g_autoptr(JsonObject) person = jz_store_find_person_by_id_number (store, data, error);
  g_autoptr(GPtrArray) regs = NULL;
  JsonObject *found;

  if (person == NULL)
    return NULL;
  found = json_object_ref (person);
  /* where they are registered now, to say it */
  regs = jz_store_list (store, "registration", "person_id", json_object_get_string_member (person, "id"), 0, NULL);
  for (guint i = 0; regs != NULL && i < regs->len; i++)
    {
      JsonObject *r = g_ptr_array_index (regs, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (r, "status", NULL), "active") == 0)
        json_object_set_string_member (found, "_registered_at",
                                       json_object_get_string_member_with_default (r, "residence_address", ""));
    }
  return found;
}

static void
fill_if_empty (AdwEntryRow *row,
               JsonObject  *person,
               const char  *key)
{
  const char *value = json_object_get_string_member_with_default (person, key, NULL);

  if (value != NULL && !jz_form_filled (row))
    gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JzDeclarationFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = jz_session_run_finish (JZ_SESSION (source), result, &error);
  const char *name;
  const char *at;
  g_autofree char *title = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (person == NULL)
    {
      /* not known here (or unreadable: the save says so) */
      _jz_declaration_forget_known (self);
      return;
    }

  g_free (self->known_person_id);
  self->known_person_id = g_strdup (json_object_get_string_member (person, "id"));
  name = json_object_get_string_member_with_default (person, "name", "");
  at = json_object_get_string_member_with_default (person, "_registered_at", NULL);
  title = g_strdup_printf (_("Already registered: %s"), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->known_row), title);
  adw_action_row_set_subtitle (self->known_row,
                               at != NULL
                               ? _("Saving this declaration updates that person's record; the registration "
                                   "at the old address ends.")
                               : _("Saving this declaration updates that person's record."));
  gtk_widget_set_visible (GTK_WIDGET (self->known_row), TRUE);

  fill_if_empty (self->name_row, person, "name");
  if (jz_picker_row_get_selected_code (self->ethnicity_row) == NULL)
    jz_picker_row_set_selected_code (self->ethnicity_row,
                                     json_object_get_string_member_with_default (person, "ethnicity", NULL));
  if (jz_division_group_get_code (self->hukou_group) == NULL)
    jz_division_group_set_code (self->hukou_group,
                                json_object_get_string_member_with_default (person, "hukou_division", NULL));
  fill_if_empty (self->hukou_address_row, person, "hukou_address");
  fill_if_empty (self->phone_row, person, "phone");
}

/* The ID number @id_number is complete and valid: is it someone's here? */
void
_jz_declaration_look_up_known (JzDeclarationFlow *self,
                               const char        *id_number)
{
  JzSession *session = jz_form_flow_get_session (JZ_FORM_FLOW (self));

  _jz_declaration_forget_known (self);
  if (session == NULL)
    return;
  self->known_cancellable = g_cancellable_new ();
  jz_session_run_async (session, find_in_thread, g_strdup (id_number), g_free,
                        (GDestroyNotify) json_object_unref, self->known_cancellable, found_cb,
                        g_object_ref (self));
}

void
_jz_declaration_forget_known (JzDeclarationFlow *self)
{
  g_cancellable_cancel (self->known_cancellable);
  g_clear_object (&self->known_cancellable);
  g_clear_pointer (&self->known_person_id, g_free);
  if (self->known_row != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->known_row), FALSE);
}

/* flow.open-known: leave the form (its draft is kept) for the record */
void
_jz_declaration_open_known_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  JzDeclarationFlow *self = JZ_DECLARATION_FLOW (widget);
  g_autofree char *person_id = g_strdup (self->known_person_id);

  if (person_id == NULL)
    return;
  gtk_widget_activate_action (widget, "flow.cancel", NULL);
  gtk_widget_activate_action (widget, "win.open-person", "s", person_id);
}
