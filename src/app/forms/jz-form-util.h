/* jz-form-util.h — small helpers the field forms share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jz-codes.h"
#include "jz-problem.h"
#include "jz-session.h"

G_BEGIN_DECLS

/* "汉族" in a Chinese UI, "汉族 (Han)" otherwise: the code tables' own
 * names, as printed on the documents. */
char         *jz_form_code_label        (JzCodes      *codes,
                                         const char   *table,
                                         const char   *code);
/* A model for an AdwComboRow: the labels of @table; @out_codes gets the
 * codes in the same order (owned by @codes). */
GtkStringList *jz_form_code_model       (JzCodes      *codes,
                                         const char   *table,
                                         GPtrArray   **out_codes);
/* Adds a calendar button to a YYYY-MM-DD entry row. */
void          jz_form_add_date_button   (AdwEntryRow  *row);
/* Ctrl+Page Down / Up: flow.next and flow.back, even from inside a text row. */
void          jz_form_add_step_keys     (GtkWidget    *flow);
/* The row's text without surrounding blanks, NULL when empty. */
char         *jz_form_text              (AdwEntryRow  *row);
/* Whether the row has text other than blanks. */
gboolean      jz_form_filled            (AdwEntryRow  *row);
/* Whether the row holds a date (YYYY-MM-DD) not after @not_after. */
gboolean      jz_form_date_ok           (AdwEntryRow  *row,
                                         const GDate  *not_after);
/* The code chosen in a combo row whose positions are @codes (a NULL at
 * position 0 stands for "not chosen"); NULL when none is. */
const char   *jz_form_combo_code        (AdwComboRow  *row,
                                         GPtrArray    *codes);
/* Chooses @code, or "not chosen" when there is such a position. */
void          jz_form_combo_set_code    (AdwComboRow  *row,
                                         GPtrArray    *codes,
                                         const char   *code);
/* A row of @title and @subtitle added to @group and remembered in @rows
 * (so jz_form_clear_rows() can take them all away again). */
GtkWidget    *jz_form_add_row           (AdwPreferencesGroup *group,
                                         GPtrArray           *rows,
                                         const char          *title,
                                         const char          *subtitle);
void          jz_form_clear_rows        (AdwPreferencesGroup *group,
                                         GPtrArray           *rows);
/* Shows @text in an error label, or hides it when @text is NULL. */
void          jz_form_show_error        (GtkLabel     *label,
                                         const char   *text);
/* What is wrong, as data (JzProblem): the registry's or the store's
 * problems, or the error's message as one problem of no field. */
GPtrArray    *jz_form_error_problems    (const GError *error);
char         *jz_form_problem_text      (const JzProblem *problem,
                                         const char   *label);

/* Saves a form's draft on a worker thread; the callback gets the draft id
 * from jz_session_run_finish() (a string to g_free). Takes @body. */
void          jz_form_save_draft_async  (JzSession           *session,
                                         const char          *id,
                                         const char          *kind,
                                         JsonObject          *body,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

/* A save refused for the tablet's clock: asks the user to set the date. */
gboolean      jz_form_ask_to_set_date   (GtkWidget    *widget,
                                         const GError *error);

/* Asks before a step that cannot be taken back (issuing, extending,
 * settling a conflict): @confirmed runs with @data on "confirm" only;
 * @destroy frees @data either way. The dialog's responses are "cancel"
 * and "confirm". */
typedef void (*JzFormConfirmed) (gpointer data);
void          jz_form_confirm           (GtkWidget       *widget,
                                         const char      *heading,
                                         const char      *body,
                                         const char      *confirm_label,
                                         JzFormConfirmed  confirmed,
                                         gpointer         data,
                                         GDestroyNotify   destroy);

gboolean    jz_form_not_yet          (const char  **why,
                                      const char   *text);

G_END_DECLS
