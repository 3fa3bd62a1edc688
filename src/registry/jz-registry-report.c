/* jz-registry-report.c — a month in figures, per committee and in all
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happened in a month (registrations made, departures, applications
 * received, accepted and refused, permits issued, endorsements made) is
 * counted from the dates the records carry. Where things stood at the
 * month's end, or today for the month under way (issuances overdue or
 * extended, endorsements due or overdue, permits suspended), is judged by
 * the rules engine as of that day, the same judgement as `juzhu-cli due`.
 * A record is counted under its residence division (the committee's
 * 12-digit code); one without is counted under "" ("not recorded").
 *
 * The state at a past month's end is rebuilt from the dates: an
 * application accepted by then and neither issued nor closed by then was
 * waiting; a permit issued by then that is not ended now was in force.
 * A permit ended since is not counted (the model keeps no day it ended).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jz-date.h"
#include "jz-divisions.h"
#include "jz-registry-private.h"

/* The report's figures, in the order they are shown. */
static const char *const figures[] = {
  "registrations",          /* 暂住登记 made in the month */
  "departures",             /* 注销: left in the month */
  "applications_received",  /* applied in the month */
  "applications_accepted",  /* 受理 in the month */
  "applications_rejected",  /* refused in the month */
  "permits_issued",         /* issued in the month */
  "endorsements",           /* 签注 made in the month */
  "issuance_overdue",       /* at the end: accepted, the deadline passed, not issued */
  "issuance_extended",      /* at the end: waiting, the deadline extended */
  "endorsement_due",        /* at the end: the yearly window open */
  "endorsement_overdue",    /* at the end: the window closed without one */
  "permits_suspended",      /* at the end: suspended, for any reason */
};

enum
{
  F_REGISTRATIONS,
  F_DEPARTURES,
  F_RECEIVED,
  F_ACCEPTED,
  F_REJECTED,
  F_ISSUED,
  F_ENDORSEMENTS,
  F_ISSUE_OVERDUE,
  F_ISSUE_EXTENDED,
  F_ENDORSE_DUE,
  F_ENDORSE_OVERDUE,
  F_SUSPENDED,
  N_FIGURES
};

G_STATIC_ASSERT (G_N_ELEMENTS (figures) == N_FIGURES);

typedef struct
{
  gint64 n[N_FIGURES];
} Counts;

typedef struct
{
  GHashTable *by_division;  /* code → Counts */
  Counts      total;
  char       *from;
  char       *to;
  GDate       as_of;
} Report;

static void
report_clear (Report *r)
{
  g_clear_pointer (&r->by_division, g_hash_table_unref);
  g_clear_pointer (&r->from, g_free);
  g_clear_pointer (&r->to, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

static void
add (Report     *r,
     const char *division,
     guint       figure,
     gint64      n)
{
  Counts *c;

  if (division == NULL)
    division = "";
  c = g_hash_table_lookup (r->by_division, division);
  if (c == NULL)
    {
      c = g_new0 (Counts, 1);
      g_hash_table_insert (r->by_division, g_strdup (division), c);
    }
  c->n[figure] += n;
  r->total.n[figure] += n;
}

/* One figure counted in SQL; @minus (when not NULL) in the same way and
 * taken off (the registrations withdrawn as mistakes). */
static gboolean
tally (JzRegistry  *self,
       Report      *r,
       guint        figure,
       const char  *rtype,
       const char  *date_field,
       const char  *status,
       const char  *minus_status,
       GError     **error)
{
  g_autoptr(GHashTable) counts = jz_store_tally (self->store, rtype, date_field, r->from, r->to,
                                                 "residence_division", status, error);
  g_autoptr(GHashTable) minus = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (counts == NULL)
    return FALSE;
  if (minus_status != NULL)
    {
      minus = jz_store_tally (self->store, rtype, date_field, r->from, r->to,
                              "residence_division", minus_status, error);
      if (minus == NULL)
        return FALSE;
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 n = (gint64) GPOINTER_TO_SIZE (value);

      if (minus != NULL)
        n -= (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (minus, key));
      if (n > 0)
        add (r, key, figure, n);
    }
  return TRUE;
}

/* A date field on or before the report's day. */
static gboolean
by (JsonObject  *o,
    const char  *field,
    const GDate *day)
{
  GDate d;

  return _jz_obj_date (o, field, &d) && jz_date_compare (&d, day) <= 0;
}

static gboolean
applications_at_end (JzRegistry  *self,
                     Report      *r,
                     GError     **error)
{
  g_autoptr(GPtrArray) apps = jz_store_list (self->store, "application", NULL, NULL, 0, error);

  if (apps == NULL)
    return FALSE;
  for (guint i = 0; i < apps->len; i++)
    {
      JsonObject *app = g_ptr_array_index (apps, i);
      const char *division = _jz_obj_string (app, "residence_division");
      g_autoptr(JzRulesResult) result = NULL;
      gboolean extended;
      GDate due, due_ext;

      /* waiting for its permit on that day */
      if (!by (app, "accepted_on", &r->as_of) || by (app, "issued_on", &r->as_of) ||
          by (app, "closed_on", &r->as_of) || g_strcmp0 (_jz_obj_string (app, "status"), "submitted") == 0)
        continue;
      extended = _jz_obj_string (app, "extension_reason") != NULL &&
                 (_jz_obj_string (app, "extension_notified_on") == NULL ||
                  by (app, "extension_notified_on", &r->as_of));
      if (extended)
        add (r, division, F_ISSUE_EXTENDED, 1);
      result = jz_registry_evaluate (self, _jz_obj_string (app, "id"), &r->as_of, NULL);
      if (result == NULL || !jz_rules_result_get_issue_due (result, &due, &due_ext) || !g_date_valid (&due))
        continue;
      if (jz_date_compare (extended && g_date_valid (&due_ext) ? &due_ext : &due, &r->as_of) < 0)
        add (r, division, F_ISSUE_OVERDUE, 1);
    }
  return TRUE;
}

static gboolean
permits_at_end (JzRegistry  *self,
                Report      *r,
                GError     **error)
{
  g_autoptr(GPtrArray) permits = jz_store_list (self->store, "permit", NULL, NULL, 0, error);

  if (permits == NULL)
    return FALSE;
  for (guint i = 0; i < permits->len; i++)
    {
      JsonObject *permit = g_ptr_array_index (permits, i);
      const char *division = _jz_obj_string (permit, "residence_division");
      g_autoptr(JsonObject) state = NULL;
      g_autoptr(JzRulesResult) result = NULL;
      JzRulesEndorsement en;

      if (!by (permit, "issued_on", &r->as_of) || g_strcmp0 (_jz_obj_string (permit, "status"), "ended") == 0)
        continue;
      state = jz_registry_permit_state (self, permit, &r->as_of, NULL);
      if (state != NULL && g_strcmp0 (_jz_obj_string (state, "status"), "suspended") == 0 &&
          (_jz_obj_string (state, "since") == NULL || by (state, "since", &r->as_of)))
        add (r, division, F_SUSPENDED, 1);
      result = _jz_registry_evaluate_permit (self, permit, &r->as_of, NULL);
      if (result == NULL || !jz_rules_result_get_endorsement (result, &en))
        continue;
      if (en.status == JZ_ENDORSEMENT_OPEN)
        add (r, division, F_ENDORSE_DUE, 1);
      else if (en.status == JZ_ENDORSEMENT_OVERDUE)
        add (r, division, F_ENDORSE_OVERDUE, 1);
    }
  return TRUE;
}

static JsonObject *
counts_object (JsonObject   *o,
               const Counts *c)
{
  for (guint f = 0; f < N_FIGURES; f++)
    json_object_set_int_member (o, figures[f], c->n[f]);
  return o;
}

static JzDivisions *
load_divisions (JzStore *store)
{
  g_autoptr(GPtrArray) pairs = jz_store_list_divisions (store, NULL);
  JzDivisions *divisions = jz_divisions_new (NULL);

  for (guint i = 0; divisions != NULL && pairs != NULL && i + 1 < pairs->len; i += 2)
    jz_divisions_add (divisions, pairs->pdata[i], pairs->pdata[i + 1]);
  return divisions;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonObject *
report_to_json (JzRegistry *self,
                Report     *r,
                const char *month)
{
  g_autoptr(JzDivisions) divisions = load_divisions (self->store);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autofree char *as_of = jz_date_format (&r->as_of);
  JsonObject *out = json_object_new ();
  JsonArray *committees = json_array_new ();
  GHashTableIter iter;
  gpointer key;

  json_object_set_string_member (out, "month", month);
  json_object_set_string_member (out, "from", r->from);
  json_object_set_string_member (out, "to", r->to);
  json_object_set_string_member (out, "as_of", as_of);
  json_object_set_string_member (out, "profile", jz_profile_get_name (self->profile));
  json_object_set_object_member (out, "total", counts_object (json_object_new (), &r->total));

  g_hash_table_iter_init (&iter, r->by_division);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (codes, key);
  g_ptr_array_sort (codes, compare_codes);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = codes->pdata[i];
      JsonObject *o = json_object_new ();
      /* a name only for a division that is itself known: not a committee
       * shown under its province's name */
      g_autofree char *name = divisions && jz_divisions_name (divisions, code) != NULL
                              ? jz_divisions_full_name (divisions, code) : NULL;

      /* the division first, then its figures */
      json_object_set_string_member (o, "division", code);
      if (name != NULL)
        json_object_set_string_member (o, "name", name);
      else
        json_object_set_null_member (o, "name");
      counts_object (o, g_hash_table_lookup (r->by_division, code));
      json_array_add_object_element (committees, o);
    }
  json_object_set_array_member (out, "committees", committees);
  return out;
}

/* @month as YYYY-MM: its first and last day; not a month that has not
 * begun on @today. */
static gboolean
month_range (const char   *month,
             const GDate  *today,
             GDate        *first,
             GDate        *last,
             GError      **error)
{
  g_autofree char *day = NULL;
  guint n;

  if (month == NULL || strlen (month) != 7 || month[4] != '-')
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("“%s” is not a month: give it as YYYY-MM, for example 2026-11"), month ? month : "");
      return FALSE;
    }
  day = g_strconcat (month, "-01", NULL);
  if (!jz_date_parse (day, first, NULL))
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("“%s” is not a month: give it as YYYY-MM, for example 2026-11"), month);
      return FALSE;
    }
  /* the residence permit began in 2016; nothing of this kind is older */
  if (g_date_get_year (first) < 2000)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("%s is before any residence permit: give a month from 2000 on"), month);
      return FALSE;
    }
  if (jz_date_compare (first, today) > 0)
    {
      g_set_error (error, JZ_REGISTRY_ERROR, JZ_REGISTRY_ERROR_INVALID,
                   _("%s has not begun yet"), month);
      return FALSE;
    }
  n = g_date_get_days_in_month (g_date_get_month (first), g_date_get_year (first));
  *last = *first;
  g_date_add_days (last, n - 1);
  return TRUE;
}

typedef struct
{
  JzRegistry *self;
  Report     *r;
} Counting;

/* Every count and judgement in one transaction on the store's thread: one
 * consistent state, and the many small reads of the rules' cases made
 * there at once rather than each handed across threads. */
static gboolean
count_in_transaction (JzStore   *store,
                      gpointer   data,
                      GError   **error)
{
  Counting *c = data;
  JzRegistry *self = c->self;
  Report *r = c->r;

  return tally (self, r, F_REGISTRATIONS, "registration", "registered_on", NULL, "withdrawn", error) &&
         tally (self, r, F_DEPARTURES, "registration", "departed_on", "departed", NULL, error) &&
         tally (self, r, F_RECEIVED, "application", "applied_on", NULL, NULL, error) &&
         tally (self, r, F_ACCEPTED, "application", "accepted_on", NULL, NULL, error) &&
         tally (self, r, F_REJECTED, "application", "closed_on", "rejected", NULL, error) &&
         tally (self, r, F_ISSUED, "permit", "issued_on", NULL, NULL, error) &&
         tally (self, r, F_ENDORSEMENTS, "endorsement", "endorsed_on", NULL, NULL, error) &&
         applications_at_end (self, r, error) &&
         permits_at_end (self, r, error);
}

/**
 * jz_registry_report:
 * @month: YYYY-MM
 * @today: the day the report is made; the state is judged at the month's
 *   last day, or on @today for the month under way
 *
 * The month's figures for the county (or whatever this store holds) and
 * for each committee: an object {month, from, to, as_of, profile, total,
 * committees: [{division, name, figures…}]} (docs/server.md, "Reports").
 */
JsonObject *
jz_registry_report (JzRegistry   *self,
                    const char   *month,
                    const GDate  *today,
                    GError      **error)
{
  g_auto(Report) r = { 0 };
  GDate first, last;

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);

  if (!month_range (month, today, &first, &last, error))
    return NULL;
  r.by_division = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  r.from = jz_date_format (&first);
  r.to = jz_date_format (&last);
  r.as_of = jz_date_compare (&last, today) < 0 ? last : *today;

  {
    Counting c = { self, &r };

    if (!jz_store_read_transact (self->store, count_in_transaction, &c, error))
      return NULL;
  }
  return report_to_json (self, &r, month);
}

/**
 * jz_registry_report_figures:
 *
 * The names of the report's figures, in the order they are shown.
 */
const char *const *
jz_registry_report_figures (guint *n_figures)
{
  *n_figures = N_FIGURES;
  return figures;
}
