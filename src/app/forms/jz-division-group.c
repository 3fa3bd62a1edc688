/* jz-division-group.c — province, city and county pickers with the code they make
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the provinces are built in; the cities and counties are what the
 * county office imported (jz-divisions.c). Where no list is there, the
 * six-digit code can be typed, and it is the code that counts. Where the
 * county imported its townships (9 digits) and committees (12 digits),
 * two more pickers appear under the county, found by name or pinyin like
 * the others; else the 9- or 12-digit code is typed, and the pickers show
 * as much of it as they know.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "jz-division-group.h"
#include "jz-form-util.h"
#include "jz-picker-row.h"

struct _JzDivisionGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Owned */
  JzDivisions         *divisions;
  char                *code;

  /* Borrowed (children) */
  JzPickerRow         *province_row;
  JzPickerRow         *city_row;
  JzPickerRow         *county_row;
  JzPickerRow         *township_row;    /* shown when the county's townships are known */
  JzPickerRow         *committee_row;   /* shown when the township's committees are known */
  AdwEntryRow         *code_row;

  gboolean             updating;
};

G_DEFINE_FINAL_TYPE (JzDivisionGroup, jz_division_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_code (const char *s)
{
  gsize len = s ? strlen (s) : 0;

  if (len != 6 && len != 9 && len != 12)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static void
fill (JzDivisionGroup *self,
      JzPickerRow     *row,
      GPtrArray       *codes)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; i < codes->len; i++)
    {
      const char *name = self->divisions ? jz_divisions_name (self->divisions, codes->pdata[i]) : NULL;

      g_ptr_array_add (labels, (gpointer) (name ? name : (const char *) codes->pdata[i]));
    }
  jz_picker_row_set_items (row, codes, labels);
}

static void
fill_children (JzDivisionGroup *self,
               JzPickerRow     *row,
               const char      *parent)
{
  g_autoptr(GPtrArray) children = NULL;

  if (self->divisions != NULL && parent != NULL)
    children = row == self->township_row ? jz_divisions_townships (self->divisions, parent)
                                         : jz_divisions_children (self->divisions, parent);
  else
    children = g_ptr_array_new_with_free_func (g_free);
  fill (self, row, children);
  if (row == self->township_row || row == self->committee_row)
    gtk_widget_set_visible (GTK_WIDGET (row), children->len > 0);
}

static void
set_code_internal (JzDivisionGroup *self,
                   const char      *code)
{
  if (!is_code (code))
    code = NULL;
  if (g_strcmp0 (code, self->code) == 0)
    return;
  g_free (self->code);
  self->code = g_strdup (code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

/* Puts the pickers where @code is, as far as the lists know it. */
static void
sync_pickers (JzDivisionGroup *self,
              const char      *code)
{
  char province[7] = { 0 }, city[7] = { 0 }, county[7] = { 0 }, township[10] = { 0 }, committee[13] = { 0 };

  self->updating = TRUE;
  if (is_code (code))
    {
      g_snprintf (province, sizeof province, "%.2s0000", code);
      g_snprintf (city, sizeof city, "%.4s00", code);
      g_snprintf (county, sizeof county, "%.6s", code);
      jz_picker_row_set_selected_code (self->province_row, province);
      fill_children (self, self->city_row, province);
      jz_picker_row_set_selected_code (self->city_row, city);
      fill_children (self, self->county_row, city);
      jz_picker_row_set_selected_code (self->county_row, county);
      /* a city without counties (东莞市) has its townships right under it */
      fill_children (self, self->township_row,
                     jz_picker_row_get_n_items (self->county_row) == 0 ? city : county);
      if (strlen (code) >= 9)
        g_snprintf (township, sizeof township, "%.9s", code);
      jz_picker_row_set_selected_code (self->township_row, township[0] ? township : NULL);
      fill_children (self, self->committee_row, township[0] ? township : NULL);
      if (strlen (code) == 12)
        g_strlcpy (committee, code, sizeof committee);
      jz_picker_row_set_selected_code (self->committee_row, committee[0] ? committee : NULL);
    }
  else
    {
      jz_picker_row_set_selected_code (self->province_row, NULL);
      fill_children (self, self->city_row, NULL);
      fill_children (self, self->county_row, NULL);
      fill_children (self, self->township_row, NULL);
      fill_children (self, self->committee_row, NULL);
    }
  self->updating = FALSE;
}

static void
on_code_changed (GtkEditable     *editable,
                 JzDivisionGroup *self)
{
  g_autofree char *text = NULL;

  if (self->updating)
    return;
  text = jz_form_text (self->code_row);
  if (is_code (text))
    sync_pickers (self, text);
  set_code_internal (self, text);
}

static void
set_code_text (JzDivisionGroup *self,
               const char      *code)
{
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code ? code : "");
  self->updating = FALSE;
  set_code_internal (self, code);
}

static void
on_picked (JzPickerRow     *row,
           GParamSpec      *pspec,
           JzDivisionGroup *self)
{
  const char *province = jz_picker_row_get_selected_code (self->province_row);
  const char *city = jz_picker_row_get_selected_code (self->city_row);
  const char *county = jz_picker_row_get_selected_code (self->county_row);
  const char *township = jz_picker_row_get_selected_code (self->township_row);
  const char *committee = jz_picker_row_get_selected_code (self->committee_row);

  if (self->updating)
    return;

  self->updating = TRUE;
  if (row == self->province_row)
    {
      fill_children (self, self->city_row, province);
      fill_children (self, self->county_row, NULL);
      city = county = NULL;
    }
  else if (row == self->city_row)
    {
      fill_children (self, self->county_row, city);
      county = NULL;
    }
  if (row == self->province_row || row == self->city_row || row == self->county_row)
    {
      fill_children (self, self->township_row,
                     county == NULL && city != NULL && jz_picker_row_get_n_items (self->county_row) == 0
                       ? city : county);
      fill_children (self, self->committee_row, NULL);
      township = committee = NULL;
    }
  else if (row == self->township_row)
    {
      fill_children (self, self->committee_row, township);
      committee = NULL;
    }
  self->updating = FALSE;

  /* The most precise level chosen; a city without a county list is a code too. */
  if (committee != NULL)
    set_code_text (self, committee);
  else if (township != NULL)
    set_code_text (self, township);
  else if (county != NULL)
    set_code_text (self, county);
  else if (city != NULL && jz_picker_row_get_n_items (self->county_row) == 0)
    set_code_text (self, city);
  else if (province != NULL && city == NULL && jz_picker_row_get_n_items (self->city_row) == 0)
    set_code_text (self, NULL);
  else
    set_code_text (self, NULL);
}

static void
jz_division_group_finalize (GObject *object)
{
  JzDivisionGroup *self = JZ_DIVISION_GROUP (object);

  g_clear_object (&self->divisions);
  g_clear_pointer (&self->code, g_free);

  G_OBJECT_CLASS (jz_division_group_parent_class)->finalize (object);
}

static void
jz_division_group_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  JzDivisionGroup *self = JZ_DIVISION_GROUP (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_division_group_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  JzDivisionGroup *self = JZ_DIVISION_GROUP (object);

  switch (prop_id)
    {
    case PROP_CODE:
      jz_division_group_set_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_division_group_class_init (JzDivisionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_division_group_finalize;
  object_class->get_property = jz_division_group_get_property;
  object_class->set_property = jz_division_group_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static JzPickerRow *
add_picker (JzDivisionGroup *self,
            const char      *title)
{
  JzPickerRow *row = JZ_PICKER_ROW (jz_picker_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  g_signal_connect (row, "notify::selected-code", G_CALLBACK (on_picked), self);
  return row;
}

static void
jz_division_group_init (JzDivisionGroup *self)
{
  self->province_row = add_picker (self, _("Province"));
  self->city_row = add_picker (self, _("City"));
  self->county_row = add_picker (self, _("County or district"));
  self->township_row = add_picker (self, _("Township or street (乡镇/街道)"));
  self->committee_row = add_picker (self, _("Committee (居委会/村委会)"));
  gtk_widget_set_visible (GTK_WIDGET (self->township_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->committee_row), FALSE);
  self->code_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->code_row), _("Division code (6, 9 or 12 digits)"));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->code_row), 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->code_row));
  g_signal_connect (self->code_row, "changed", G_CALLBACK (on_code_changed), self);
}

void
jz_division_group_set_divisions (JzDivisionGroup *self,
                                 JzDivisions     *divisions)
{
  g_autoptr(GPtrArray) provinces = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = g_strdup (self->code);

  g_return_if_fail (JZ_IS_DIVISION_GROUP (self));

  g_set_object (&self->divisions, divisions);
  /* jz-divisions has no list of provinces; the codes are two digits. */
  for (guint p = 11; divisions != NULL && p <= 91; p++)
    {
      g_autofree char *code = g_strdup_printf ("%02u0000", p);

      if (jz_divisions_name (divisions, code) != NULL)
        g_ptr_array_add (provinces, g_steal_pointer (&code));
    }
  self->updating = TRUE;
  fill (self, self->province_row, provinces);
  self->updating = FALSE;
  sync_pickers (self, keep);
}

const char *
jz_division_group_get_code (JzDivisionGroup *self)
{
  g_return_val_if_fail (JZ_IS_DIVISION_GROUP (self), NULL);
  return self->code;
}

void
jz_division_group_set_code (JzDivisionGroup *self,
                            const char      *code)
{
  g_return_if_fail (JZ_IS_DIVISION_GROUP (self));

  sync_pickers (self, code);
  set_code_text (self, is_code (code) ? code : NULL);
}
