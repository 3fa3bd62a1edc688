/* jz-form-flow-problems.c — the core's problems back where they belong:
 * each under its step, its row marked, its field named by its label
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-form-flow.h"
#include "jz-form-util.h"
#include "jz-model.h"

/* A widget of the subclass's template, by name */
static GObject *
template_part (JzFormFlow *self,
               const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), G_OBJECT_TYPE (self), name);
}

static const JzFormField *
find_field (JzFormFlow *self,
            const char *field)
{
  JzFormFlowClass *klass = JZ_FORM_FLOW_GET_CLASS (self);

  for (guint i = 0; field != NULL && i < klass->n_fields; i++)
    if (g_str_equal (klass->fields[i].field, field))
      return &klass->fields[i];
  return NULL;
}

static const char *
field_label (const JzFormField *f)
{
  const JzRecordType *type = f->record_type ? jz_model_lookup (f->record_type) : NULL;
  const JzFieldDef *def = type ? jz_record_type_field (type, f->field) : NULL;

  return def ? _(def->label) : NULL;
}

void
jz_form_flow_clear_problems (JzFormFlow *self)
{
  JzFormFlowClass *klass = JZ_FORM_FLOW_GET_CLASS (self);

  for (guint i = 0; i < klass->n_steps; i++)
    {
      GtkLabel *label = jz_form_flow_get_error_label (self, klass->steps[i].name);

      if (label != NULL)
        jz_form_show_error (label, NULL);
    }
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].row != NULL)
      gtk_widget_remove_css_class (GTK_WIDGET (template_part (self, klass->fields[i].row)), "error");
}

static void
free_gstring (gpointer s)
{
  g_string_free (s, TRUE);
}

/**
 * jz_form_flow_show_problems:
 * @fallback: (nullable): where problems of no known step are shown
 *
 * Every problem the core found at once, each under its own step with its
 * row marked and the field named by the form's own label; the form goes
 * to the first step that has one. Nothing parses text: the problems are
 * data (JzProblem).
 */
void
jz_form_flow_show_problems (JzFormFlow   *self,
                            const GError *error,
                            GtkLabel     *fallback)
{
  g_autoptr(GPtrArray) problems = jz_form_error_problems (error);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (NULL, NULL, NULL, free_gstring);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  const char *first_step = NULL;

  jz_form_flow_clear_problems (self);
  for (guint i = 0; i < problems->len; i++)
    {
      JzProblem *problem = g_ptr_array_index (problems, i);
      const JzFormField *f = find_field (self, problem->field);
      GtkLabel *where = fallback;
      g_autofree char *shown = NULL;
      GString *s;

      if (f != NULL && f->row != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (template_part (self, f->row)), "error");
      if (f != NULL && f->step != NULL && jz_form_flow_get_error_label (self, f->step) != NULL)
        {
          where = jz_form_flow_get_error_label (self, f->step);
          if (first_step == NULL || jz_form_flow_step_index (self, f->step) < jz_form_flow_step_index (self, first_step))
            first_step = f->step;
        }
      if (where == NULL)
        continue;

      s = g_hash_table_lookup (texts, where);
      if (s == NULL)
        {
          g_hash_table_insert (texts, where, s = g_string_new (NULL));
          g_ptr_array_add (order, where);
        }
      if (s->len > 0)
        g_string_append_c (s, '\n');
      shown = jz_form_problem_text (problem, f ? field_label (f) : NULL);
      g_string_append (s, shown);
    }

  for (guint i = 0; i < order->len; i++)
    {
      /* citations as a reader expects them: 《…办法》第八条 */
      g_autofree char *cited = jz_app_cite_text (jz_form_flow_get_session (self),
                                                 ((GString *) g_hash_table_lookup (texts, order->pdata[i]))->str);

      jz_form_show_error (order->pdata[i], cited);
    }
  if (first_step != NULL)
    jz_form_flow_show_step (self, first_step);
  jz_form_flow_update_actions (self);
}

