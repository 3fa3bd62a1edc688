/* jz-form-flow.h — a field form, step by step: what the declaration and
 * the application share (steps, actions, drafts, problems), written once
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "jz-session.h"

G_BEGIN_DECLS

/* One step of a form: its page in the template's "stack", the template
 * child that shows its problems, and whether it counts in "step n of m". */
typedef struct
{
  const char *name;
  const char *error_label;
  gboolean    numbered;
} JzFormStep;

/* Where the core's problems about @field are shown: the step, the template
 * child marked in error (or NULL), and the record type whose label names it. */
typedef struct
{
  const char *field;
  const char *step;
  const char *row;
  const char *record_type;
} JzFormField;

#define JZ_TYPE_FORM_FLOW (jz_form_flow_get_type ())
G_DECLARE_DERIVABLE_TYPE (JzFormFlow, jz_form_flow, JZ, FORM_FLOW, AdwBin)

struct _JzFormFlowClass
{
  AdwBinClass parent_class;

  /* Set in class_init, through the setters below */
  const char        *draft_kind;
  const JzFormStep  *steps;
  guint              n_steps;
  const JzFormField *fields;
  guint              n_fields;

  /* What was typed, into a draft's body ("values", ids); the base writes
   * "step". */
  void        (*collect)       (JzFormFlow  *self,
                                JsonObject  *draft);
  /* A draft's body back into the form, showing the step to go on from. */
  void        (*apply)         (JzFormFlow  *self,
                                JsonObject  *draft);
  /* Whether "Next" may run on @step; if not, @why (nullable) gets what
   * is still needed, in words, shown next to the button. */
  gboolean    (*step_ready)    (JzFormFlow  *self,
                                const char  *step,
                                const char **why);
  /* "Next" on a ready @step while idle: go on, save, or finish. */
  void        (*submit)        (JzFormFlow  *self,
                                const char  *step);
  /* The step "Back" goes to from @step, or NULL. */
  const char *(*previous)      (JzFormFlow  *self,
                                const char  *step);
  /* The label of the "Next" button on @step. */
  const char *(*next_label)    (JzFormFlow  *self,
                                const char  *step);
  /* Whether what is in the form is worth keeping as a draft. */
  gboolean    (*worth_keeping) (JzFormFlow  *self);
  /* The form's own actions and rows, after the shared ones are set. */
  void        (*update)        (JzFormFlow  *self,
                                const char  *step);

  gpointer padding[8];
};

/* For the window */
gboolean      jz_form_flow_keep_draft         (JzFormFlow   *self);
AdwHeaderBar *jz_form_flow_get_header_bar     (JzFormFlow   *self);
const char   *jz_form_flow_get_step           (JzFormFlow   *self);
const char   *jz_form_flow_get_draft_id       (JzFormFlow   *self);
gboolean      jz_form_flow_get_busy           (JzFormFlow   *self);

/* Signals: "finished" (the record made, or NULL), "cancelled",
 * "draft-saved" (the draft's id), "draft-failed" (the message shown). */

/* For the forms: class_init, after the template is set (binds
 * "header_bar", "title", "stack", "next_button", "toast_overlay"). */
void          jz_form_flow_class_bind_template_parts (GtkWidgetClass    *widget_class);
void          jz_form_flow_class_set_draft_kind      (JzFormFlowClass   *klass,
                                                      const char        *kind);
void          jz_form_flow_class_set_steps           (JzFormFlowClass   *klass,
                                                      const JzFormStep  *steps,
                                                      guint              n_steps);
void          jz_form_flow_class_set_fields          (JzFormFlowClass   *klass,
                                                      const JzFormField *fields,
                                                      guint              n_fields);

/* For the forms: running */
JzSession    *jz_form_flow_get_session        (JzFormFlow   *self);
GCancellable *jz_form_flow_get_cancellable    (JzFormFlow   *self);
void          jz_form_flow_show_step          (JzFormFlow   *self,
                                               const char   *step);
int           jz_form_flow_step_index         (JzFormFlow   *self,
                                               const char   *step);
void          jz_form_flow_set_busy           (JzFormFlow   *self,
                                               gboolean      busy);
void          jz_form_flow_update_actions     (JzFormFlow   *self);
void          jz_form_flow_toast              (JzFormFlow   *self,
                                               const char   *text);
AdwToastOverlay *jz_form_flow_get_toast_overlay (JzFormFlow *self);
GtkLabel     *jz_form_flow_get_error_label    (JzFormFlow   *self,
                                               const char   *step);

void          jz_form_flow_save_draft         (JzFormFlow   *self);
void          jz_form_flow_load_draft         (JzFormFlow   *self,
                                               const char   *draft_id);
void          jz_form_flow_delete_draft       (JzFormFlow   *self);

void          jz_form_flow_clear_problems     (JzFormFlow   *self);
void          jz_form_flow_show_problems      (JzFormFlow   *self,
                                               const GError *error,
                                               GtkLabel     *fallback);

void          jz_form_flow_emit_finished      (JzFormFlow   *self,
                                               const char   *record_id);
void          jz_form_flow_emit_cancelled     (JzFormFlow   *self);

G_END_DECLS
