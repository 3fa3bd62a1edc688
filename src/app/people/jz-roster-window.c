/* jz-roster-window.c — a roster filed at once, from the app
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `juzhu-cli registration import` does, for a landlord or a factory's
 * clerk at the tablet: a CSV file or an Excel workbook is chosen, every row
 * is checked as a declaration (nothing saved), every row's problems are
 * shown at once by the row the spreadsheet shows, and then the good rows
 * are filed together in one transaction (jz_registry_declare_roster). The
 * core does the reading (jz_registry_roster_read_file), on a worker.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "jz-app-util.h"
#include "jz-form-util.h"
#include "jz-problem.h"
#include "jz-registry.h"
#include "jz-roster-window.h"

struct _JzRosterWindow
{
  AdwWindow     parent_instance;

  JzSession    *session;
  GCancellable *cancellable;
  char         *path;
  GPtrArray    *inputs;     /* JsonObject: the rows checked, to file */
  GArray       *lines;      /* their rows' numbers */
  guint         ready;      /* rows that can be filed */

  GtkStack     *stack;
  GtkLabel     *summary;
  GtkListBox   *problems;
  GtkButton    *file_button;
  GtkLabel     *template_note;
};

G_DEFINE_FINAL_TYPE (JzRosterWindow, jz_roster_window, ADW_TYPE_WINDOW)

typedef struct
{
  char      *path;
  gboolean   check_only;
  GPtrArray *inputs;    /* filing: the rows checked before */
  GArray    *lines;
} Job;

typedef struct
{
  GPtrArray  *inputs;
  GArray     *lines;
  JsonArray  *results;
  GStrv       ignored;
  const char *encoding;
  guint       filed;
} Answer;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_clear_pointer (&job->inputs, g_ptr_array_unref);
  g_clear_pointer (&job->lines, g_array_unref);
  g_free (job);
}

static void
answer_free (gpointer data)
{
  Answer *a = data;

  g_clear_pointer (&a->inputs, g_ptr_array_unref);
  g_clear_pointer (&a->lines, g_array_unref);
  g_clear_pointer (&a->results, json_array_unref);
  g_strfreev (a->ignored);
  g_free (a);
}

/* On a worker: the file read and its rows checked, or the rows checked
 * before filed. */
static gpointer
roster_in_thread (JzSession     *session,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Job *job = data;
  JzRegistry *registry = jz_session_get_registry (session);
  Answer *a = g_new0 (Answer, 1);
  GDate today;

  jz_session_get_today (session, &today);
  if (job->inputs != NULL)
    {
      a->inputs = g_ptr_array_ref (job->inputs);
      a->lines = g_array_ref (job->lines);
    }
  else
    {
      g_autoptr(GPtrArray) rows = jz_registry_roster_read_file (job->path, &a->encoding, &a->lines, error);

      if (rows == NULL)
        goto fail;
      a->inputs = jz_registry_roster_inputs (registry, rows, &a->ignored, error);
      if (a->inputs == NULL)
        goto fail;
      for (guint i = 0; i < a->inputs->len; i++)
        jz_registry_roster_default_division (registry, a->inputs->pdata[i]);
    }
  /* the header is row 1 of lines */
  a->results = jz_registry_declare_roster (registry, a->inputs, job->check_only,
                                           &g_array_index (a->lines, guint, 1), &today,
                                           jz_session_get_author (session), &a->filed, error);
  if (a->results == NULL)
    goto fail;
  return a;

fail:
  answer_free (a);
  return NULL;
}

/* A row's problems for people: each "Label: what is wrong". */
static char *
row_text (JsonObject *result)
{
  JsonArray *problems = json_object_has_member (result, "problems")
                          ? json_object_get_array_member (result, "problems") : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint p = 0; problems != NULL && p < json_array_get_length (problems); p++)
    {
      JsonObject *o = json_array_get_object_element (problems, p);
      g_autoptr(JzProblem) problem = jz_problem_new (json_object_get_string_member_with_default (o, "field", NULL),
                                                     json_object_get_string_member_with_default (o, "code", ""),
                                                     "%s", json_object_get_string_member_with_default (o, "message", ""));
      g_autofree char *line = jz_form_problem_text (problem, NULL);

      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
    }
  if (text->len == 0)
    g_string_append (text, json_object_get_string_member_with_default (result, "message", ""));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_problems (JzRosterWindow *self,
               JsonArray      *results)
{
  GtkWidget *row;

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->problems, 0))) != NULL)
    gtk_list_box_remove (self->problems, row);
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      g_autofree char *title = NULL;
      g_autofree char *text = NULL;

      if (!json_object_has_member (r, "problems"))
        continue;
      /* Translators: a row of the spreadsheet, as the spreadsheet numbers it */
      title = g_strdup_printf (_("Row %u"), (guint) json_object_get_int_member (r, "row"));
      text = row_text (r);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->problems, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems), gtk_list_box_get_row_at_index (self->problems, 0) != NULL);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JzRosterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Answer *a = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autofree char *name = NULL;
  g_autofree char *summary = NULL;
  guint rows;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_stack_set_visible_child_name (self->stack, "result");
  if (a == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      show_problems (self, NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), FALSE);
      return;
    }
  rows = a->inputs->len;
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  self->inputs = g_ptr_array_ref (a->inputs);
  self->lines = g_array_ref (a->lines);
  self->ready = a->filed;
  name = g_path_get_basename (self->path);
  summary = g_strdup_printf (_("%s — rows read: %u; ready to file: %u; with problems, shown below: %u. "
                               "Put those right in the file and import it again."),
                             name, rows, a->filed, rows - a->filed);
  gtk_label_set_text (self->summary, summary);
  show_problems (self, a->results);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), a->filed > 0);
  answer_free (a);
}

static void
filed_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JzRosterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Answer *a = jz_session_run_finish (JZ_SESSION (source), result, &error);
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_stack_set_visible_child_name (self->stack, "result");
  if (a == NULL)
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  summary = g_strdup_printf (_("Declarations (暂住登记) filed at once: %u. Rows with problems, not saved: %u. "
                               "Put those right in the file and import it again."),
                             a->filed, a->inputs->len - a->filed);
  gtk_label_set_text (self->summary, summary);
  show_problems (self, a->results);
  gtk_widget_set_visible (GTK_WIDGET (self->file_button), FALSE);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  answer_free (a);
}

static void
run_job (JzRosterWindow      *self,
         Job                 *job,
         GAsyncReadyCallback  callback)
{
  gtk_stack_set_visible_child_name (self->stack, "busy");
  jz_session_run_async (self->session, roster_in_thread, job, job_free, answer_free, self->cancellable,
                        callback, g_object_ref (self));
}

/* The file, checked: nothing is saved yet. */
void
jz_roster_window_check_file (JzRosterWindow *self,
                             const char     *path)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (JZ_IS_ROSTER_WINDOW (self));

  g_free (self->path);
  self->path = g_strdup (path);
  job->path = g_strdup (path);
  job->check_only = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->file_button), TRUE);
  run_job (self, job, checked_cb);
}

static void
file_rows (JzRosterWindow *self)
{
  Job *job;

  if (self->inputs == NULL || self->ready == 0)
    return;
  job = g_new0 (Job, 1);
  job->inputs = g_ptr_array_ref (self->inputs);
  job->lines = g_array_ref (self->lines);
  run_job (self, job, filed_cb);
}

static void
chosen_cb (GtkNativeDialog *dialog,
           int              response,
           JzRosterWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        jz_roster_window_check_file (self, path);
    }
  g_object_unref (dialog);
}

static void
choose_file (JzRosterWindow *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Rosters (CSV, Excel)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "xlsx");
  dialog = gtk_file_chooser_native_new (_("A roster"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Check It"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
template_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JzRosterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      note = g_strdup_printf (_("The template could not be saved: %s"), error->message);
    }
  else
    {
      name = g_file_get_parse_name (G_FILE (source));
      note = g_strdup_printf (_("The template is saved as %s. Fill in one person a row, in Excel, "
                                "WPS or any spreadsheet, and choose it here."), name);
    }
  gtk_label_set_text (self->template_note, note);
  gtk_widget_set_visible (GTK_WIDGET (self->template_note), TRUE);
}

/* An empty roster, its columns named as the import reads them, written
 * to @file (replaced whole, or not at all). */
void
jz_roster_window_save_template (JzRosterWindow *self,
                                GFile          *file)
{
  char *text = jz_registry_roster_template ();
  gsize len = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, len);

  g_return_if_fail (JZ_IS_ROSTER_WINDOW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->template_note), FALSE);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, template_saved_cb, g_object_ref (self));
}

static void
template_chosen_cb (GtkNativeDialog *dialog,
                    int              response,
                    JzRosterWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        jz_roster_window_save_template (self, file);
    }
  g_object_unref (dialog);
}

static void
save_template (JzRosterWindow *self)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save the Roster Template"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: the file name the template is offered under */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("roster-template.csv"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (template_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

const char *
jz_roster_window_get_template_note (JzRosterWindow *self)
{
  g_return_val_if_fail (JZ_IS_ROSTER_WINDOW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->template_note)) ? gtk_label_get_text (self->template_note)
                                                                    : NULL;
}

static void
jz_roster_window_dispose (GObject *object)
{
  JzRosterWindow *self = JZ_ROSTER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (jz_roster_window_parent_class)->dispose (object);
}

static void
jz_roster_window_finalize (GObject *object)
{
  JzRosterWindow *self = JZ_ROSTER_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  G_OBJECT_CLASS (jz_roster_window_parent_class)->finalize (object);
}

static void
jz_roster_window_class_init (JzRosterWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jz_roster_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = jz_roster_window_finalize;
}

static void
jz_roster_window_init (JzRosterWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *start = adw_status_page_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose a File…"));
  GtkWidget *template = gtk_button_new_with_mnemonic (_("_Save the Template…"));
  GtkWidget *start_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *result = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Import a Roster"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 600);

  self->file_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_File the Good Rows")));
  gtk_widget_add_css_class (GTK_WIDGET (self->file_button), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->file_button), FALSE);
  g_signal_connect_swapped (self->file_button, "clicked", G_CALLBACK (file_rows), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->file_button));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (start), "x-office-spreadsheet-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (start), _("A Roster at Once"));
  adw_status_page_set_description (ADW_STATUS_PAGE (start),
                                   _("A CSV file (UTF-8 or GB18030) or an Excel workbook, one person a row, "
                                     "with the columns 姓名, 公民身份号码, 居住地址, 入住日期, 暂住事由 and any of "
                                     "民族, 户籍地址, 联系电话, 住所类型, 房东, 用人单位. Every row is checked first; "
                                     "nothing is saved until you file the good rows."));
  gtk_widget_set_halign (choose, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (choose, "pill");
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (choose_file), self);
  gtk_widget_set_halign (template, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (template, "pill");
  g_signal_connect_swapped (template, "clicked", G_CALLBACK (save_template), self);
  self->template_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->template_note, TRUE);
  gtk_label_set_justify (self->template_note, GTK_JUSTIFY_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->template_note), FALSE);
  gtk_box_append (GTK_BOX (start_box), choose);
  gtk_box_append (GTK_BOX (start_box), template);
  gtk_box_append (GTK_BOX (start_box), GTK_WIDGET (self->template_note));
  adw_status_page_set_child (ADW_STATUS_PAGE (start), start_box);


  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_xalign (self->summary, 0);
  self->problems = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->problems, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->problems), "boxed-list");
  gtk_box_append (GTK_BOX (result), GTK_WIDGET (self->summary));
  gtk_box_append (GTK_BOX (result), GTK_WIDGET (self->problems));
  gtk_widget_set_margin_top (result, 18);
  self->stack = jz_app_three_pages (ADW_WINDOW (self), header, start, result);
}

GtkWindow *
jz_roster_window_new (JzSession *session,
                      GtkWindow *parent)
{
  JzRosterWindow *self = g_object_new (JZ_TYPE_ROSTER_WINDOW, NULL);

  self->session = g_object_ref (session);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  return GTK_WINDOW (self);
}

/* For tests: what the window says, and whether the good rows can be filed. */
const char *
jz_roster_window_get_summary (JzRosterWindow *self)
{
  g_return_val_if_fail (JZ_IS_ROSTER_WINDOW (self), NULL);
  return gtk_label_get_text (self->summary);
}

gboolean
jz_roster_window_is_busy (JzRosterWindow *self)
{
  g_return_val_if_fail (JZ_IS_ROSTER_WINDOW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "busy") == 0;
}

guint
jz_roster_window_get_n_problem_rows (JzRosterWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (JZ_IS_ROSTER_WINDOW (self), 0);
  while (gtk_list_box_get_row_at_index (self->problems, (int) n) != NULL)
    n++;
  return n;
}

void
jz_roster_window_file (JzRosterWindow *self)
{
  g_return_if_fail (JZ_IS_ROSTER_WINDOW (self));
  file_rows (self);
}
