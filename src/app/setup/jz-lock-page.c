/* jz-lock-page.c — the app lock: the operator's PIN asked, set, or reset by
 * enrolling the device again
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window puts this page in place of its whole content while it is
 * locked (jz-window-lock.c), so nothing personal is drawn, nor kept in the
 * widget tree. Checking and hashing the PIN cost a tenth of a second of
 * Argon2id each (jz-store-pin.c): they run on a worker, with the page
 * insensitive meanwhile. Wrong PINs earn waits the store keeps; the page
 * counts the wait down. A forgotten PIN has one way out, the county
 * enrolling the device again, which clears it.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "jz-app-util.h"
#include "jz-lock-page.h"
#include "jz-store-pin.h"

struct _JzLockPage
{
  AdwBin          parent_instance;

  /* Borrowed (built in build()) */
  AdwStatusPage  *status;
  GtkStack       *stack;
  AdwEntryRow    *pin_row;
  AdwEntryRow    *new_row;
  AdwEntryRow    *again_row;
  AdwEntryRow    *url_row;
  AdwEntryRow    *code_row;
  GtkLabel       *message;
  GtkSpinner     *spinner;
  GtkWidget      *unlock_button;

  /* Owned */
  JzSession      *session;
  GCancellable   *cancellable;
  JzLockPageMode  mode;
  gint64          wait_end;     /* monotonic µs: the end of the wait the store gave */
  guint           wait_timer;
  gboolean        busy;
};

enum { UNLOCKED, ENROLLED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (JzLockPage, jz_lock_page, ADW_TYPE_BIN)

/* ---- what the page shows ------------------------------------------------------- */

static void
say (JzLockPage *self,
     const char *text)
{
  gtk_label_set_label (self->message, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL && *text != '\0');
}

static void update_sensitivity (JzLockPage *self);

static void
set_mode (JzLockPage     *self,
          JzLockPageMode  mode)
{
  static const char * const names[] = { "checking", "unlock", "set", "enrol" };

  GtkWidget *box;

  self->mode = mode;
  gtk_stack_set_visible_child_name (self->stack, names[mode]);
  /* What the page says goes under the fields of the mode, above its
   * buttons. */
  box = gtk_stack_get_visible_child (self->stack);
  if (gtk_widget_get_parent (GTK_WIDGET (self->message)) != box)
    {
      g_object_ref (self->message);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->message))), GTK_WIDGET (self->message));
      gtk_box_insert_child_after (GTK_BOX (box), GTK_WIDGET (self->message), gtk_widget_get_first_child (box));
      g_object_unref (self->message);
    }
  switch (mode)
    {
    case JZ_LOCK_PAGE_CHECKING:
    case JZ_LOCK_PAGE_UNLOCK:
      adw_status_page_set_title (self->status, _("Juzhu is locked"));
      adw_status_page_set_description (self->status, _("Type the operator PIN to go on."));
      break;
    case JZ_LOCK_PAGE_SET:
      adw_status_page_set_title (self->status, _("Set an operator PIN"));
      adw_status_page_set_description (self->status,
                                       _("The records on this tablet are personal data. The PIN is asked when Juzhu starts and after a few idle minutes."));
      break;
    case JZ_LOCK_PAGE_ENROL:
      adw_status_page_set_title (self->status, _("Forgot the PIN?"));
      adw_status_page_set_description (self->status,
                                       _("Only the county can reset it. Ask County IT for a one-time code and enrol this device again: the records stay on it, and you then set a new PIN."));
      break;
    }
  say (self, NULL);
  update_sensitivity (self);
}

static guint
wait_left (JzLockPage *self)
{
  gint64 now = g_get_monotonic_time ();

  return self->wait_end > now ? (guint) ((self->wait_end - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

static void
update_sensitivity (JzLockPage *self)
{
  gboolean waiting = self->mode == JZ_LOCK_PAGE_UNLOCK && wait_left (self) > 0;
  AdwEntryRow *rows[] = { self->pin_row, self->new_row, self->again_row, self->url_row, self->code_row };

  /* Read-only rather than insensitive: GTK 4.8 warns when the focused
   * entry goes insensitive, and the focus should stay in the PIN. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_editable (GTK_EDITABLE (rows[i]), !self->busy && !(waiting && rows[i] == self->pin_row));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.unlock", !self->busy && !waiting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.save", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.enrol", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.forgot", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lock.back", !self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy || self->mode == JZ_LOCK_PAGE_CHECKING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

static char *
wait_text (guint seconds)
{
  if (seconds >= 60)
    /* Translators: the wait before the next PIN may be tried: minutes and seconds */
    return g_strdup_printf (_("Too many wrong PINs. Try again in %u min %02u s."), seconds / 60, seconds % 60);
  /* Translators: the wait before the next PIN may be tried */
  return g_strdup_printf (_("Too many wrong PINs. Try again in %u s."), seconds);
}

static gboolean
wait_tick (gpointer data)
{
  JzLockPage *self = data;
  guint left = wait_left (self);

  update_sensitivity (self);
  if (left == 0)
    {
      self->wait_timer = 0;
      say (self, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return G_SOURCE_REMOVE;
    }
  {
    g_autofree char *text = wait_text (left);

    say (self, text);
  }
  return G_SOURCE_CONTINUE;
}

/* @seconds: what the store says is left of the wait */
static void
start_wait (JzLockPage *self,
            guint       seconds)
{
  self->wait_end = seconds > 0 ? g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC : 0;
  g_clear_handle_id (&self->wait_timer, g_source_remove);
  if (wait_left (self) == 0)
    return;
  self->wait_timer = g_timeout_add_seconds (1, wait_tick, self);
  wait_tick (self);
}

static void
set_busy (JzLockPage *self,
          gboolean    busy)
{
  self->busy = busy;
  update_sensitivity (self);
}

/* ---- the PIN state, read when the page is made ------------------------------------ */

typedef struct
{
  JzPinVerdict  verdict;
  JzPinState    state;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_free (attempt);
}

/* A PIN is not left in freed memory. */
static void
forget_text (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static gpointer
state_in_thread (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Attempt *attempt = g_new0 (Attempt, 1);
  JzPinClock now;

  jz_pin_clock_now (&now);
  if (!jz_store_get_pin_state (jz_session_get_store (session), &now, &attempt->state, error))
    {
      attempt_free (attempt);
      return NULL;
    }
  return attempt;
}

static void
state_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JzLockPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Attempt *attempt = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (attempt == NULL)
    {
      /* The store cannot be read: stay locked and say why. */
      set_mode (self, JZ_LOCK_PAGE_UNLOCK);
      say (self, error->message);
      return;
    }
  set_mode (self, attempt->state.set ? JZ_LOCK_PAGE_UNLOCK : JZ_LOCK_PAGE_SET);
  start_wait (self, attempt->state.wait_left);
  gtk_widget_grab_focus (GTK_WIDGET (attempt->state.set ? self->pin_row : self->new_row));
  attempt_free (attempt);
}

/* ---- unlocking ------------------------------------------------------------------ */

static gpointer
try_in_thread (JzSession     *session,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *pin = data;
  Attempt *attempt = g_new0 (Attempt, 1);
  JzPinClock now;

  jz_pin_clock_now (&now);
  if (!jz_store_try_pin (jz_session_get_store (session), pin, &now, &attempt->verdict, &attempt->state, error))
    {
      attempt_free (attempt);
      return NULL;
    }
  return attempt;
}

static void
tried (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(JzLockPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree Attempt *attempt = jz_session_run_finish (JZ_SESSION (source), result, &error);
  guint left;

  if (attempt == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          say (self, error->message);
        }
      return;
    }
  set_busy (self, FALSE);
  switch (attempt->verdict)
    {
    case JZ_PIN_RIGHT:
      g_signal_emit (self, signals[UNLOCKED], 0);
      return;
    case JZ_PIN_NOT_SET:
      set_mode (self, JZ_LOCK_PAGE_SET);
      return;
    case JZ_PIN_WAIT:
    case JZ_PIN_WRONG:
      start_wait (self, attempt->state.wait_left);
      if (wait_left (self) > 0)
        return;
      left = attempt->state.failures < JZ_PIN_FREE_ATTEMPTS ? JZ_PIN_FREE_ATTEMPTS - attempt->state.failures : 0;
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Wrong PIN. %u more try before a wait.",
                                                              "Wrong PIN. %u more tries before a wait.", left),
                                                 left);

        say (self, left > 0 ? text : _("Wrong PIN."));
      }
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }
}

static void
unlock (JzLockPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  if (self->busy || self->mode != JZ_LOCK_PAGE_UNLOCK || wait_left (self) > 0)
    return;
  /* A typo of the form is not counted as a wrong PIN: it cannot be one. */
  if (!jz_pin_is_well_formed (pin))
    {
      say (self, *pin == '\0' ? _("Type the PIN.") : _("The PIN is at least 6 digits, and digits only."));
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
      return;
    }
  say (self, NULL);
  set_busy (self, TRUE);
  jz_session_run_async (self->session, try_in_thread, g_strdup (pin), (GDestroyNotify) forget_text,
                        (GDestroyNotify) attempt_free, self->cancellable, tried, g_object_ref (self));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
}

/* ---- a new PIN ------------------------------------------------------------------ */

static gpointer
set_in_thread (JzSession     *session,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return jz_store_set_pin (jz_session_get_store (session), data, error) ? GINT_TO_POINTER (1) : NULL;
}

static void
pin_kept (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JzLockPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (jz_session_run_finish (JZ_SESSION (source), result, &error) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          say (self, error->message);
        }
      return;
    }
  set_busy (self, FALSE);
  g_signal_emit (self, signals[UNLOCKED], 0);
}

static void
save_pin (JzLockPage *self)
{
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->new_row));
  const char *again = gtk_editable_get_text (GTK_EDITABLE (self->again_row));
  const char *problem = jz_app_new_pin_problem (pin, again);
  char *copy;

  if (self->busy || self->mode != JZ_LOCK_PAGE_SET)
    return;
  if (problem != NULL)
    {
      say (self, problem);
      gtk_editable_set_text (GTK_EDITABLE (self->again_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->new_row));
      return;
    }
  copy = g_strdup (pin);
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->again_row), "");
  set_busy (self, TRUE);
  jz_session_run_async (self->session, set_in_thread, copy, (GDestroyNotify) forget_text, NULL,
                        self->cancellable, pin_kept, g_object_ref (self));
}

/* ---- enrolling again -------------------------------------------------------------- */

typedef struct
{
  char *url;
  char *code;
} Enrol;

static void
enrol_free (Enrol *enrol)
{
  g_free (enrol->url);
  g_free (enrol->code);
  g_free (enrol);
}

static gpointer
enrol_in_thread (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Enrol *enrol = data;

  /* The core clears the PIN with the enrolment (jz_store_clear_pin()). */
  return jz_sync_client_enrol (jz_session_get_sync_client (session), enrol->url, enrol->code, NULL,
                               cancellable, error);
}

static void
enrolled (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(JzLockPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (answer == NULL)
    {
      g_autofree char *text = error->domain == JZ_SYNC_ERROR ? jz_app_sync_error_text (error, TRUE)
                                                             : g_strdup (error->message);

      say (self, text);
      return;
    }
  g_signal_emit (self, signals[ENROLLED], 0, jz_app_str (answer, "user"));
}

static void
enrol (JzLockPage *self)
{
  Enrol *e;

  if (self->busy || self->mode != JZ_LOCK_PAGE_ENROL)
    return;
  e = g_new0 (Enrol, 1);
  e->url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  e->code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_row))));
  if (*e->url == '\0' || *e->code == '\0')
    {
      say (self, *e->url == '\0' ? _("Server address: type the address County IT gave you")
                                 : _("One-time code: type the code County IT gave you"));
      gtk_widget_grab_focus (GTK_WIDGET (*e->url == '\0' ? self->url_row : self->code_row));
      enrol_free (e);
      return;
    }
  say (self, NULL);
  set_busy (self, TRUE);
  jz_session_run_async (self->session, enrol_in_thread, e, (GDestroyNotify) enrol_free,
                        (GDestroyNotify) json_object_unref, self->cancellable, enrolled, g_object_ref (self));
}

/* ---- actions ---------------------------------------------------------------------- */

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  JzLockPage *self = JZ_LOCK_PAGE (widget);

  if (g_str_equal (action_name, "lock.unlock"))
    unlock (self);
  else if (g_str_equal (action_name, "lock.save"))
    save_pin (self);
  else if (g_str_equal (action_name, "lock.enrol"))
    enrol (self);
  else if (self->busy)
    return;
  else if (g_str_equal (action_name, "lock.forgot"))
    {
      set_mode (self, JZ_LOCK_PAGE_ENROL);
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
    }
  else if (g_str_equal (action_name, "lock.back") && self->mode == JZ_LOCK_PAGE_ENROL)
    {
      set_mode (self, JZ_LOCK_PAGE_UNLOCK);
      start_wait (self, wait_left (self));
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_row));
    }
}

void
jz_lock_page_submit (JzLockPage *self,
                     const char *pin,
                     const char *again)
{
  g_return_if_fail (JZ_IS_LOCK_PAGE (self));

  if (self->mode == JZ_LOCK_PAGE_UNLOCK)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin);
      unlock (self);
    }
  else if (self->mode == JZ_LOCK_PAGE_SET)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->new_row), pin);
      gtk_editable_set_text (GTK_EDITABLE (self->again_row), again ? again : pin);
      save_pin (self);
    }
}

void
jz_lock_page_enrol (JzLockPage *self,
                    const char *url,
                    const char *code)
{
  g_return_if_fail (JZ_IS_LOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code);
  enrol (self);
}

JzLockPageMode
jz_lock_page_get_mode (JzLockPage *self)
{
  g_return_val_if_fail (JZ_IS_LOCK_PAGE (self), JZ_LOCK_PAGE_CHECKING);
  return self->mode;
}

gboolean
jz_lock_page_get_busy (JzLockPage *self)
{
  g_return_val_if_fail (JZ_IS_LOCK_PAGE (self), FALSE);
  return self->busy;
}

guint
jz_lock_page_get_wait (JzLockPage *self)
{
  g_return_val_if_fail (JZ_IS_LOCK_PAGE (self), 0);
  return self->mode == JZ_LOCK_PAGE_UNLOCK ? wait_left (self) : 0;
}

const char *
jz_lock_page_get_message (JzLockPage *self)
{
  g_return_val_if_fail (JZ_IS_LOCK_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message)) ? gtk_label_get_label (self->message) : NULL;
}

/* ---- building ----------------------------------------------------------------------- */

static GtkWidget *
pill_button (const char *label,
             const char *action,
             gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, suggested ? "suggested-action" : "flat");
  if (suggested)
    gtk_widget_add_css_class (button, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  if (suggested)
    gtk_widget_set_size_request (button, 240, 48);
  return button;
}

static AdwEntryRow *
pin_row (const char *title)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PIN);
  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
boxed (GtkWidget *first,
       ...)
{
  GtkWidget *list = gtk_list_box_new ();
  va_list args;

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  va_start (args, first);
  for (GtkWidget *row = first; row != NULL; row = va_arg (args, GtkWidget *))
    gtk_list_box_append (GTK_LIST_BOX (list), row);
  va_end (args);
  return list;
}

static GtkWidget *
mode_box (void)
{
  return gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
}

static void
on_row_activated (AdwEntryRow *row,
                  JzLockPage  *self)
{
  if (row == self->pin_row)
    unlock (self);
  else if (row == self->new_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->again_row));
  else if (row == self->again_row)
    save_pin (self);
  else if (row == self->url_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  else
    enrol (self);
}

static void
build (JzLockPage *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *box;
  AdwEntryRow *rows[5];

  gtk_widget_add_css_class (header, "flat");
  gtk_box_append (GTK_BOX (toolbar), header);
  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status, "system-lock-screen-symbolic");
  gtk_widget_set_vexpand (GTK_WIDGET (self->status), TRUE);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->status));
  adw_bin_set_child (ADW_BIN (self), toolbar);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 420);
  adw_clamp_set_child (ADW_CLAMP (clamp), column);
  adw_status_page_set_child (self->status, clamp);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->stack));

  gtk_stack_add_named (self->stack, gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), "checking");

  rows[0] = self->pin_row = pin_row (_("PIN"));
  box = mode_box ();
  gtk_box_append (GTK_BOX (box), boxed (GTK_WIDGET (self->pin_row), NULL));
  self->unlock_button = pill_button (_("_Unlock"), "lock.unlock", TRUE);
  gtk_box_append (GTK_BOX (box), self->unlock_button);
  gtk_box_append (GTK_BOX (box), pill_button (_("_Forgot the PIN?"), "lock.forgot", FALSE));
  gtk_stack_add_named (self->stack, box, "unlock");

  rows[1] = self->new_row = pin_row (_("New PIN (at least 6 digits)"));
  rows[2] = self->again_row = pin_row (_("The same PIN again"));
  box = mode_box ();
  gtk_box_append (GTK_BOX (box), boxed (GTK_WIDGET (self->new_row), GTK_WIDGET (self->again_row), NULL));
  gtk_box_append (GTK_BOX (box), pill_button (_("_Set PIN"), "lock.save", TRUE));
  gtk_stack_add_named (self->stack, box, "set");

  rows[3] = self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Server address"));
  adw_entry_row_set_input_purpose (self->url_row, GTK_INPUT_PURPOSE_URL);
  rows[4] = self->code_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->code_row), _("One-time code"));
  box = mode_box ();
  gtk_box_append (GTK_BOX (box), boxed (GTK_WIDGET (self->url_row), GTK_WIDGET (self->code_row), NULL));
  gtk_box_append (GTK_BOX (box), pill_button (_("_Enrol again"), "lock.enrol", TRUE));
  gtk_box_append (GTK_BOX (box), pill_button (_("_Back to the PIN"), "lock.back", FALSE));
  gtk_stack_add_named (self->stack, box, "enrol");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect (rows[i], "entry-activated", G_CALLBACK (on_row_activated), self);

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_justify (self->message, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->message));
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->spinner));
}

static void
jz_lock_page_dispose (GObject *object)
{
  JzLockPage *self = JZ_LOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->wait_timer, g_source_remove);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (jz_lock_page_parent_class)->dispose (object);
}

static void
jz_lock_page_class_init (JzLockPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = jz_lock_page_dispose;

  /* The right PIN was typed, or a new one kept. */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Enrolled again (the user's name): the PIN is gone with the old
   * enrolment; the window opens the data directory again. */
  signals[ENROLLED] = g_signal_new ("enrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "lock.unlock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "lock.save", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "lock.forgot", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "lock.back", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "lock.enrol", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "lock.back", NULL);
}

static void
jz_lock_page_init (JzLockPage *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
}

/**
 * jz_lock_page_new:
 *
 * Reads whether a PIN is kept (on a worker), then asks it, or asks for a
 * new one when there is none.
 */
GtkWidget *
jz_lock_page_new (JzSession *session)
{
  JzLockPage *self = g_object_new (JZ_TYPE_LOCK_PAGE, NULL);
  const char *server = jz_session_get_server (session);

  self->session = g_object_ref (session);
  if (server != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), server);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), "https://");
  set_mode (self, JZ_LOCK_PAGE_CHECKING);
  set_busy (self, TRUE);
  jz_session_run_async (session, state_in_thread, NULL, NULL, (GDestroyNotify) attempt_free,
                        self->cancellable, state_read, g_object_ref (self));
  return GTK_WIDGET (self);
}
