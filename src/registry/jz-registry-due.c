/* jz-registry-due.c — what is due on a day: permits to issue, endorsement
 * windows open, permits suspended for a missed endorsement
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-registry-private.h"

static char *
mask (const char *id_number)
{
  return id_number ? jz_id_number_mask (id_number) : g_strdup ("");
}

static void
add_due (JsonArray   *out,
         const char  *what,
         const char  *rtype,
         const char  *record,
         JsonObject  *person,
         const GDate *date,
         const char  *article)
{
  JsonObject *o = json_object_new ();
  g_autofree char *d = date ? jz_date_format (date) : NULL;
  g_autofree char *masked = mask (person ? _jz_obj_string (person, "id_number") : NULL);

  json_object_set_string_member (o, "what", what);
  json_object_set_string_member (o, "type", rtype);
  json_object_set_string_member (o, "record", record);
  json_object_set_string_member (o, "name", person ? _jz_obj_string (person, "name") : NULL);
  json_object_set_string_member (o, "id_number", masked);
  json_object_set_string_member (o, "date", d);
  json_object_set_string_member (o, "article", article);
  json_array_add_object_element (out, o);
}

#define DUE_SOON_DAYS 3

/* jz_registry_due, on the store's thread */
static JsonArray *
due_on (JzRegistry   *self,
        const GDate  *today,
        GError      **error)
{
  g_autoptr(GPtrArray) apps = jz_store_list (self->store, "application", "status", "accepted", 0, error);
  g_autoptr(GPtrArray) permits = NULL;
  JsonArray *out;

  if (apps == NULL)
    return NULL;
  out = json_array_new ();

  for (guint i = 0; i < apps->len; i++)
    {
      JsonObject *app = g_ptr_array_index (apps, i);
      const char *id = _jz_obj_string (app, "id");
      g_autoptr(JzRulesResult) r = jz_registry_evaluate (self, id, today, NULL);
      g_autoptr(JsonObject) person = jz_store_get (self->store, "person", _jz_obj_string (app, "person_id"), NULL);
      gboolean extended = _jz_obj_string (app, "extension_reason") != NULL;
      GDate due, due_ext;
      const GDate *final;
      int days;

      if (r == NULL || !jz_rules_result_get_issue_due (r, &due, &due_ext) || !g_date_valid (&due))
        continue;
      final = extended && g_date_valid (&due_ext) ? &due_ext : &due;
      days = jz_date_days_between (today, final);

      if (days < 0)
        add_due (out, "issue_overdue", "application", id, person, final,
                 jz_profile_article (self->profile, extended ? "extension" : "issuance"));
      else if (!extended && jz_profile_extension_days (self->profile) > 0 && days <= DUE_SOON_DAYS)
        add_due (out, "extension_decision", "application", id, person, final,
                 jz_profile_article (self->profile, "extension"));
      else if (days <= DUE_SOON_DAYS)
        add_due (out, "issue_due", "application", id, person, final,
                 jz_profile_article (self->profile, extended ? "extension" : "issuance"));
      else
        /* the county's queue: every accepted application waits for its
         * permit, with the day it is due */
        add_due (out, "issue_waiting", "application", id, person, final,
                 jz_profile_article (self->profile, extended ? "extension" : "issuance"));
      /* the extension decided, said with the deadline it moved */
      if (extended)
        json_object_set_string_member (json_array_get_object_element (out, json_array_get_length (out) - 1),
                                       "extension_reason", _jz_obj_string (app, "extension_reason"));
    }

  permits = jz_store_list (self->store, "permit", NULL, NULL, 0, error);
  if (permits == NULL)
    {
      json_array_unref (out);
      return NULL;
    }
  for (guint i = 0; i < permits->len; i++)
    {
      JsonObject *permit = g_ptr_array_index (permits, i);
      g_autoptr(JzRulesResult) r = NULL;
      g_autoptr(JsonObject) person = NULL;
      JzRulesEndorsement en;

      g_autoptr(JsonObject) state = NULL;

      if (g_strcmp0 (_jz_obj_string (permit, "status"), "ended") == 0)
        continue;
      /* suspended for another reason than the missed endorsement: the
       * county's decision, or a move to another county of the city */
      state = jz_registry_permit_state (self, permit, today, NULL);
      if (state != NULL && g_strcmp0 (_jz_obj_string (state, "status"), "suspended") == 0 &&
          g_strcmp0 (_jz_obj_string (state, "reason"), "endorsement_overdue") != 0)
        {
          GDate since;

          person = jz_store_get (self->store, "person", _jz_obj_string (permit, "person_id"), NULL);
          add_due (out, "suspended", "permit", _jz_obj_string (permit, "id"), person,
                   _jz_obj_date (state, "since", &since) ? &since : NULL,
                   _jz_obj_string (state, "article"));
          continue;
        }
      r = _jz_registry_evaluate_permit (self, permit, today, NULL);
      if (r == NULL || !jz_rules_result_get_endorsement (r, &en))
        continue;
      person = jz_store_get (self->store, "person", _jz_obj_string (permit, "person_id"), NULL);
      if (en.status == JZ_ENDORSEMENT_OPEN)
        add_due (out, "endorsement_open", "permit", _jz_obj_string (permit, "id"), person,
                 &en.window_closes, jz_profile_article (self->profile, "endorsement"));
      else if (en.status == JZ_ENDORSEMENT_OVERDUE)
        add_due (out, en.requires_new_registration ? "new_registration_required" : "suspended",
                 "permit", _jz_obj_string (permit, "id"), person, &en.anniversary,
                 jz_profile_article (self->profile, en.requires_new_registration
                                     ? "late_endorsement" : "suspension"));
    }

  return out;
}

typedef struct
{
  JzRegistry  *self;
  const GDate *today;
  JsonArray   *out;
} DueArgs;

static gboolean
due_in_transaction (JzStore   *store,
                    gpointer   data,
                    GError   **error)
{
  DueArgs *args = data;

  args->out = due_on (args->self, args->today, error);
  return args->out != NULL;
}

/**
 * jz_registry_due:
 *
 * What needs doing on @today: issuance deadlines passed or within three
 * days (and those where an extension must be decided now), endorsement
 * windows open, permits suspended for a missed endorsement. Read in one
 * transaction on the store's thread: one consistent state, and the many
 * small reads of the rules' cases made there at once.
 */
JsonArray *
jz_registry_due (JzRegistry   *self,
                 const GDate  *today,
                 GError      **error)
{
  DueArgs args = { self, today, NULL };

  if (!jz_store_read_transact (self->store, due_in_transaction, &args, error))
    {
      g_clear_pointer (&args.out, json_array_unref);
      return NULL;
    }
  return args.out;
}
