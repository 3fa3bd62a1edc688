/* jz-form-flow.c — a field form, step by step
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The declaration and the application are two JzFormFlows. What they
 * share lives here, once: the steps in a GtkStack and the actions that move
 * through them (flow.next, flow.back, flow.cancel, flow.discard), the busy
 * count that disables them while the core works, drafts saved and loaded
 * off the main thread, and the core's problems put back on the rows and
 * steps they are about. A form says what is its own through the class's
 * virtual methods (collect, apply, step_ready, submit, previous,
 * next_label, worth_keeping, update) and two tables (its steps, its
 * fields), the way GcalEventEditorSection lets each section of
 * gnome-calendar's editor say how it reads and writes an event.
 *
 * The window shows any form the same way (its header bar in place of the
 * window's), keeps its draft when it is left or the window closes, and
 * leaves it when it ends, without knowing which form it is.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-form-flow.h"
#include "jz-form-util.h"
#include "jz-model.h"
#include "jz-store-draft.h"
#include "jz-uuid.h"

typedef struct
{
  /* Borrowed: children of the form's template */
  AdwHeaderBar    *header_bar;
  AdwWindowTitle  *title;
  GtkStack        *stack;
  GtkButton       *next_button;
  GtkLabel        *next_hint;      /* optional: why Next is off */
  AdwToastOverlay *toast_overlay;

  /* Owned */
  JzSession       *session;
  GCancellable    *cancellable;
  char            *draft_id;

  guint            busy;
} JzFormFlowPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (JzFormFlow, jz_form_flow, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_FINISHED,
  SIGNAL_CANCELLED,
  SIGNAL_DRAFT_SAVED,
  SIGNAL_DRAFT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GObject *
template_part (JzFormFlow *self,
               const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), G_OBJECT_TYPE (self), name);
}

static const JzFormStep *
find_step (JzFormFlow *self,
           const char *step)
{
  JzFormFlowClass *klass = JZ_FORM_FLOW_GET_CLASS (self);

  for (guint i = 0; step != NULL && i < klass->n_steps; i++)
    if (g_str_equal (klass->steps[i].name, step))
      return &klass->steps[i];
  return NULL;
}

/* ---- the steps and the actions ---- */

const char *
jz_form_flow_get_step (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), NULL);
  return priv->stack ? gtk_stack_get_visible_child_name (priv->stack) : NULL;
}

void
jz_form_flow_show_step (JzFormFlow *self,
                        const char *step)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_if_fail (JZ_IS_FORM_FLOW (self));
  gtk_stack_set_visible_child_name (priv->stack, step);
}

/* The position of @step in the class's table, -1 when it is not there. */
int
jz_form_flow_step_index (JzFormFlow *self,
                         const char *step)
{
  const JzFormStep *s = find_step (self, step);

  return s ? (int) (s - JZ_FORM_FLOW_GET_CLASS (self)->steps) : -1;
}

GtkLabel *
jz_form_flow_get_error_label (JzFormFlow *self,
                              const char *step)
{
  const JzFormStep *s = find_step (self, step);

  return s && s->error_label ? GTK_LABEL (template_part (self, s->error_label)) : NULL;
}

void
jz_form_flow_update_actions (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);
  JzFormFlowClass *klass = JZ_FORM_FLOW_GET_CLASS (self);
  const char *step = jz_form_flow_get_step (self);
  gboolean idle = priv->busy == 0;
  GtkWidget *widget = GTK_WIDGET (self);
  const char *why = NULL;
  gboolean ready;
  g_autofree char *counter = NULL;
  const char *page_title = NULL;
  int number = 0;
  int total = 0;

  if (step == NULL)
    return;
  ready = klass->step_ready (self, step, &why);
  gtk_widget_action_set_enabled (widget, "flow.next", idle && ready);
  /* a Next that is off says why, where a finger can read it (no hover) */
  if (priv->next_hint != NULL)
    {
      gtk_label_set_text (priv->next_hint, !ready && why != NULL ? why : "");
      gtk_widget_set_visible (GTK_WIDGET (priv->next_hint), idle && !ready && why != NULL);
    }
  gtk_widget_action_set_enabled (widget, "flow.back", idle && klass->previous (self, step) != NULL);
  gtk_widget_action_set_enabled (widget, "flow.cancel", idle);
  gtk_widget_action_set_enabled (widget, "flow.discard", idle);
  gtk_button_set_label (priv->next_button, klass->next_label (self, step));

  for (guint i = 0; i < klass->n_steps; i++)
    if (klass->steps[i].numbered)
      {
        total++;
        if (g_str_equal (klass->steps[i].name, step))
          number = total;
      }
  if (gtk_stack_get_visible_child (priv->stack) != NULL)
    page_title = gtk_stack_page_get_title (gtk_stack_get_page (priv->stack, gtk_stack_get_visible_child (priv->stack)));
  /* Translators: "Who is declaring · step 1 of 6" */
  counter = number ? g_strdup_printf (_("%s · step %d of %d"), page_title, number, total)
                   : g_strdup (page_title);
  adw_window_title_set_subtitle (priv->title, counter);

  if (klass->update != NULL)
    klass->update (self, step);
}

/* Counted: the actions stay off until every job started has returned. */
void
jz_form_flow_set_busy (JzFormFlow *self,
                       gboolean    busy)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_if_fail (JZ_IS_FORM_FLOW (self));
  if (busy)
    priv->busy++;
  else if (priv->busy > 0)
    priv->busy--;
  jz_form_flow_update_actions (self);
}

gboolean
jz_form_flow_get_busy (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), FALSE);
  return priv->busy > 0;
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzFormFlow *self = JZ_FORM_FLOW (widget);
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);
  const char *step = jz_form_flow_get_step (self);

  if (priv->busy || step == NULL || !JZ_FORM_FLOW_GET_CLASS (self)->step_ready (self, step, NULL))
    return;
  JZ_FORM_FLOW_GET_CLASS (self)->submit (self, step);
  jz_form_flow_update_actions (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzFormFlow *self = JZ_FORM_FLOW (widget);
  const char *step = jz_form_flow_get_step (self);
  const char *previous = step ? JZ_FORM_FLOW_GET_CLASS (self)->previous (self, step) : NULL;

  if (previous != NULL)
    jz_form_flow_show_step (self, previous);
  jz_form_flow_update_actions (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JzFormFlow *self = JZ_FORM_FLOW (widget);

  jz_form_flow_keep_draft (self);
  jz_form_flow_emit_cancelled (self);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  JzFormFlow *self = JZ_FORM_FLOW (widget);

  jz_form_flow_delete_draft (self);
  jz_form_flow_emit_cancelled (self);
}

static void
on_step_changed (JzFormFlow *self)
{
  jz_form_flow_update_actions (self);
}

/* ---- drafts ---- */

const char *
jz_form_flow_get_draft_id (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), NULL);
  return priv->draft_id;
}

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JzFormFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be saved: %s"), error->message);

      jz_form_flow_toast (self, text);
      g_signal_emit (self, signals[SIGNAL_DRAFT_FAILED], 0, text);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_DRAFT_SAVED], 0, id);
}

/* What is in the form, saved as its draft on a worker thread: closing the
 * app in the middle of a form loses nothing. */
void
jz_form_flow_save_draft (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (JZ_IS_FORM_FLOW (self));

  if (priv->draft_id == NULL)
    priv->draft_id = jz_uuid7_new (g_get_real_time () / 1000);
  json_object_set_string_member (body, "step", jz_form_flow_get_step (self));
  JZ_FORM_FLOW_GET_CLASS (self)->collect (self, body);
  jz_form_save_draft_async (priv->session, priv->draft_id, JZ_FORM_FLOW_GET_CLASS (self)->draft_kind,
                            g_steal_pointer (&body), priv->cancellable, draft_saved_cb, g_object_ref (self));
}

static gpointer
load_draft_in_thread (JzSession     *session,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return jz_store_draft_load (jz_session_get_store (session), data, NULL, error);
}

static void
draft_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(JzFormFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  jz_form_flow_set_busy (self, FALSE);
  if (body == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be opened: %s"), error->message);

      jz_form_flow_toast (self, text);
      return;
    }
  JZ_FORM_FLOW_GET_CLASS (self)->apply (self, body);
  jz_form_flow_update_actions (self);
}

/* Opens the draft @draft_id into the form; saving it again replaces it. */
void
jz_form_flow_load_draft (JzFormFlow *self,
                         const char *draft_id)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_if_fail (JZ_IS_FORM_FLOW (self));
  g_return_if_fail (draft_id != NULL);

  g_free (priv->draft_id);
  priv->draft_id = g_strdup (draft_id);
  jz_form_flow_set_busy (self, TRUE);
  jz_session_run_async (priv->session, load_draft_in_thread, g_strdup (draft_id), g_free,
                        (GDestroyNotify) json_object_unref, priv->cancellable, draft_loaded_cb,
                        g_object_ref (self));
}

static gpointer
delete_draft_in_thread (JzSession     *session,
                        gpointer       data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  if (!jz_store_draft_delete (jz_session_get_store (session), data, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

static void
draft_deleted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JzFormFlow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A draft left behind is listed and can be discarded later: no alarm. */
  if (!jz_session_run_finish (JZ_SESSION (source), result, &error))
    g_debug ("draft not deleted: %s", error->message);
}

/* Once the record carries what was typed, the draft goes. */
void
jz_form_flow_delete_draft (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_if_fail (JZ_IS_FORM_FLOW (self));

  if (priv->draft_id == NULL)
    return;
  jz_session_run_async (priv->session, delete_draft_in_thread, g_steal_pointer (&priv->draft_id), g_free,
                        NULL, NULL, draft_deleted_cb, g_object_ref (self));
}

/**
 * jz_form_flow_keep_draft:
 *
 * Keeps what was typed as the draft (Close, leaving through the sidebar,
 * closing the window). Returns TRUE when a save started: "draft-saved" or
 * "draft-failed" follows; FALSE when there is nothing to keep.
 */
gboolean
jz_form_flow_keep_draft (JzFormFlow *self)
{
  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), FALSE);

  if (!JZ_FORM_FLOW_GET_CLASS (self)->worth_keeping (self))
    return FALSE;
  jz_form_flow_save_draft (self);
  return TRUE;
}

/* ---- the rest of what the forms share ---- */

JzSession *
jz_form_flow_get_session (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), NULL);
  return priv->session;
}

GCancellable *
jz_form_flow_get_cancellable (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), NULL);
  return priv->cancellable;
}

void
jz_form_flow_toast (JzFormFlow *self,
                    const char *text)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_if_fail (JZ_IS_FORM_FLOW (self));
  adw_toast_overlay_add_toast (priv->toast_overlay, adw_toast_new (text));
}

AdwToastOverlay *
jz_form_flow_get_toast_overlay (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), NULL);
  return priv->toast_overlay;
}

/* The form's own header bar, which the window shows in place of its own. */
AdwHeaderBar *
jz_form_flow_get_header_bar (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_return_val_if_fail (JZ_IS_FORM_FLOW (self), NULL);
  return priv->header_bar;
}

void
jz_form_flow_emit_finished (JzFormFlow *self,
                            const char *record_id)
{
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, record_id);
}

void
jz_form_flow_emit_cancelled (JzFormFlow *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
}

/* ---- class setup ---- */

void
jz_form_flow_class_bind_template_parts (GtkWidgetClass *widget_class)
{
  static const char * const parts[] = { "header_bar", "title", "stack", "next_button", "next_hint",
                                        "toast_overlay" };

  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), JZ_TYPE_FORM_FLOW));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    gtk_widget_class_bind_template_child_full (widget_class, parts[i], FALSE, 0);
}

void
jz_form_flow_class_set_draft_kind (JzFormFlowClass *klass,
                                   const char      *kind)
{
  klass->draft_kind = kind;
}

void
jz_form_flow_class_set_steps (JzFormFlowClass  *klass,
                              const JzFormStep *steps,
                              guint             n_steps)
{
  klass->steps = steps;
  klass->n_steps = n_steps;
}

void
jz_form_flow_class_set_fields (JzFormFlowClass   *klass,
                               const JzFormField *fields,
                               guint              n_fields)
{
  klass->fields = fields;
  klass->n_fields = n_fields;
}

/* ---- life cycle ---- */

static gboolean
jz_form_flow_real_step_ready (JzFormFlow  *self,
                              const char  *step,
                              const char **why)
{
  return TRUE;
}

static const char *
jz_form_flow_real_previous (JzFormFlow *self,
                            const char *step)
{
  return NULL;
}

static const char *
jz_form_flow_real_next_label (JzFormFlow *self,
                              const char *step)
{
  return _("_Next");
}

static gboolean
jz_form_flow_real_worth_keeping (JzFormFlow *self)
{
  return FALSE;
}

static void
jz_form_flow_real_draft (JzFormFlow *self,
                         JsonObject *draft)
{
}

static void
jz_form_flow_real_submit (JzFormFlow *self,
                          const char *step)
{
}

static void
jz_form_flow_constructed (GObject *object)
{
  JzFormFlow *self = JZ_FORM_FLOW (object);
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  G_OBJECT_CLASS (jz_form_flow_parent_class)->constructed (object);

  /* The subclass's init has built its template by now. */
  priv->header_bar = ADW_HEADER_BAR (template_part (self, "header_bar"));
  priv->title = ADW_WINDOW_TITLE (template_part (self, "title"));
  priv->stack = GTK_STACK (template_part (self, "stack"));
  priv->next_button = GTK_BUTTON (template_part (self, "next_button"));
  priv->next_hint = template_part (self, "next_hint") ? GTK_LABEL (template_part (self, "next_hint")) : NULL;
  priv->toast_overlay = ADW_TOAST_OVERLAY (template_part (self, "toast_overlay"));
  g_return_if_fail (priv->stack != NULL && priv->title != NULL && priv->next_button != NULL);

  jz_form_add_step_keys (GTK_WIDGET (self));
  g_signal_connect_object (priv->stack, "notify::visible-child", G_CALLBACK (on_step_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
jz_form_flow_dispose (GObject *object)
{
  JzFormFlow *self = JZ_FORM_FLOW (object);
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);

  G_OBJECT_CLASS (jz_form_flow_parent_class)->dispose (object);
}

static void
jz_form_flow_finalize (GObject *object)
{
  JzFormFlow *self = JZ_FORM_FLOW (object);
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  g_clear_object (&priv->session);
  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->draft_id, g_free);

  G_OBJECT_CLASS (jz_form_flow_parent_class)->finalize (object);
}

static void
jz_form_flow_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  JzFormFlow *self = JZ_FORM_FLOW (object);
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_form_flow_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  JzFormFlow *self = JZ_FORM_FLOW (object);
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, priv->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_form_flow_class_init (JzFormFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = jz_form_flow_constructed;
  object_class->dispose = jz_form_flow_dispose;
  object_class->finalize = jz_form_flow_finalize;
  object_class->set_property = jz_form_flow_set_property;
  object_class->get_property = jz_form_flow_get_property;

  klass->collect = jz_form_flow_real_draft;
  klass->apply = jz_form_flow_real_draft;
  klass->step_ready = jz_form_flow_real_step_ready;
  klass->submit = jz_form_flow_real_submit;
  klass->previous = jz_form_flow_real_previous;
  klass->next_label = jz_form_flow_real_next_label;
  klass->worth_keeping = jz_form_flow_real_worth_keeping;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, JZ_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_DRAFT_SAVED] =
    g_signal_new ("draft-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DRAFT_FAILED] =
    g_signal_new ("draft-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "flow.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "flow.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "flow.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "flow.discard", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "flow.cancel", NULL);
}

static void
jz_form_flow_init (JzFormFlow *self)
{
  JzFormFlowPrivate *priv = jz_form_flow_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}
