/* jz-app-util.h — small helpers the app's pages share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "jz-divisions.h"
#include "jz-session.h"

G_BEGIN_DECLS

/* Before GTK opens the display: main(), and whatever shows the app's pages. */
void        jz_app_choose_renderer (void);
void        jz_app_spin_while_mapped (GtkSpinner *spinner);
void        jz_app_status_icon_on_map (AdwStatusPage *page);
void        jz_app_trim_when_idle  (GtkWindow   *window);

/* Two versions side by side; in Adwaita on Debian 12 (dialog-question is a
 * "?" that reads as a missing icon). */
#define JZ_APP_CONFLICTS_ICON "view-dual-symbolic"

const char *jz_app_str             (JsonObject  *object,
                                    const char  *member);
gint64      jz_app_int             (JsonObject  *object,
                                    const char  *member);
char       *jz_app_local_time      (const char  *iso8601);
char       *jz_app_value_text      (JzSession   *session,
                                    const char  *rtype,
                                    const char  *field,
                                    JsonNode    *value,
                                    gboolean     mask_ids);
const char *jz_app_field_label     (const char  *rtype,
                                    const char  *field);
const char *jz_app_type_label      (const char  *rtype);
const char *jz_app_status_label    (const char  *status);
char       *jz_app_short_site      (const char  *site);
void        jz_app_clear_group     (AdwPreferencesGroup *group,
                                    GPtrArray   *rows);
GSettings  *jz_app_settings_if_installed (void);
GtkStack   *jz_app_three_pages     (AdwWindow   *window,
                                    GtkWidget   *header,
                                    GtkWidget   *start,
                                    GtkWidget   *result);
char       *jz_app_person_subtitle (JsonObject  *person);
JzDivisions *jz_app_load_divisions (JzStore     *store);
const char *jz_app_refusal_label   (const char  *code);
gboolean    jz_app_shows_server_text (void);
char       *jz_app_address_text    (JzDivisions *divisions,
                                    JsonObject  *registration);
char       *jz_app_division_text   (JzDivisions *divisions,
                                    const char  *code);
char       *jz_app_cite_text       (JzSession   *session,
                                    const char  *text);
/* A sync or enrolment error in a field worker's words, with the fix. */
char       *jz_app_sync_error_text (const GError *error,
                                    gboolean      enrolling);
/* What is wrong with a new PIN typed twice, or NULL when it will do. */
const char *jz_app_new_pin_problem (const char   *pin,
                                    const char   *again);

G_END_DECLS
