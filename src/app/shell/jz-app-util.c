/* jz-app-util.c — small helpers the app's pages share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "jz-app-util.h"
#include "jz-id-number.h"
#include "jz-model.h"
#include "jz-store-pin.h"
#include "jz-sync-client.h"

/* ---- spinners and status icons ------------------------------------------------ */

/* A wait shorter than this shows no spinner (opening the records, a
 * person, the conflicts usually takes less). */
#define SPINNER_DELAY_MS 400

static void
spinner_start (gpointer data)
{
  GtkSpinner *spinner = data;

  /* the source ends by itself once this returns */
  g_object_steal_data (G_OBJECT (spinner), "jz-spinner-delay");
  gtk_spinner_start (spinner);
}

static void
spinner_mapped (GtkWidget *spinner)
{
  guint id = g_timeout_add_once (SPINNER_DELAY_MS, spinner_start, spinner);

  g_object_set_data_full (G_OBJECT (spinner), "jz-spinner-delay", GUINT_TO_POINTER (id),
                          (GDestroyNotify) g_source_remove);
}

static void
spinner_unmapped (GtkWidget *spinner)
{
  g_object_set_data (G_OBJECT (spinner), "jz-spinner-delay", NULL);
  gtk_spinner_stop (GTK_SPINNER (spinner));
}

/**
 * jz_app_spin_while_mapped:
 * @spinner: the spinner of a "loading" stack page
 *
 * GTK 4.8 runs a spinning spinner's CSS animation even on a stack page
 * that is not shown, and restyles the whole window for it on every frame:
 * with the loading pages of the window, the person and the conflicts, the
 * app drew 60 frames a second while nothing moved. The spinner spins only
 * while it is on screen, from 0.4 s on: its icon is an SVG, and drawing
 * it at start loaded librsvg (6.5 MiB) for the tenth of a second the
 * records take to open.
 */
void
jz_app_spin_while_mapped (GtkSpinner *spinner)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  gtk_spinner_stop (spinner);
  g_signal_connect (spinner, "map", G_CALLBACK (spinner_mapped), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (spinner_unmapped), NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (spinner)))
    spinner_mapped (GTK_WIDGET (spinner));
}

static void
status_page_mapped (GtkWidget *page)
{
  const char *icon = g_object_get_data (G_OBJECT (page), "jz-status-icon");

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  g_signal_handlers_disconnect_by_func (page, status_page_mapped, NULL);
}

/**
 * jz_app_status_icon_on_map:
 * @page: a status page of a stack page, with its icon set in its .ui
 *
 * Sets @page's icon when it is first shown. GTK 4.8 looks an icon up when
 * it styles the widget, shown or not, and loads it on a worker thread:
 * the large status icons of pages nobody had opened (an SVG each) cost
 * librsvg and their textures at every start.
 */
void
jz_app_status_icon_on_map (AdwStatusPage *page)
{
  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  if (gtk_widget_get_mapped (GTK_WIDGET (page)) || adw_status_page_get_icon_name (page) == NULL)
    return;
  g_object_set_data_full (G_OBJECT (page), "jz-status-icon", g_strdup (adw_status_page_get_icon_name (page)), g_free);
  adw_status_page_set_icon_name (page, NULL);
  g_signal_connect (page, "map", G_CALLBACK (status_page_mapped), NULL);
}

/* ---- memory given back when the window is quiet ---------------------------- */

#define TRIM_QUIET_S 2

static gboolean
trim_now (gpointer data)
{
  guint *source = data;

  *source = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
trim_source_free (gpointer data)
{
  guint *source = data;

  g_clear_handle_id (source, g_source_remove);
  g_free (source);
}

static void
trim_after_paint (GdkFrameClock *clock,
                  GtkWindow     *window)
{
  guint *source = g_object_get_data (G_OBJECT (window), "jz-trim-source");

  g_clear_handle_id (source, g_source_remove);
  *source = g_timeout_add_seconds (TRIM_QUIET_S, trim_now, source);
}

static void
trim_on_realize (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (trim_after_paint), window, 0);
}

/**
 * jz_app_trim_when_idle:
 * @window: a window not yet realized
 *
 * Gives the memory freed while drawing back to the system once @window
 * has drawn nothing for two seconds. Cairo draws a frame through buffers
 * of the window's size and GTK makes and drops thousands of small objects
 * a frame; glibc keeps what was freed in its heaps (the largest buffers
 * raise its threshold for returning any), 10–12 MiB after start-up or a
 * scroll. malloc_trim() returns it; the next frame takes what it needs
 * again. (A fixed mmap threshold instead made every frame fault its
 * buffers in again: three times the paint work while scrolling.)
 */
void
jz_app_trim_when_idle (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_object_set_data_full (G_OBJECT (window), "jz-trim-source", g_new0 (guint, 1), trim_source_free);
  g_signal_connect (window, "realize", G_CALLBACK (trim_on_realize), NULL);
}

/* ---- the renderer ------------------------------------------------------------ */

/* Mesa's switches for software rendering: a true value of
 * LIBGL_ALWAYS_SOFTWARE, or a software Gallium driver. */
static gboolean
software_gl_forced (void)
{
  const char *always = g_getenv ("LIBGL_ALWAYS_SOFTWARE");
  const char *gallium = g_getenv ("GALLIUM_DRIVER");

  if (always != NULL &&
      (g_ascii_strcasecmp (always, "1") == 0 || g_ascii_strcasecmp (always, "true") == 0 ||
       g_ascii_strcasecmp (always, "yes") == 0 || g_ascii_strcasecmp (always, "y") == 0))
    return TRUE;
  return gallium != NULL &&
         (g_str_equal (gallium, "llvmpipe") || g_str_equal (gallium, "softpipe") || g_str_equal (gallium, "swr"));
}

/* A GPU this process can reach: a DRM node (Mesa's drivers, and NVIDIA's
 * with nvidia-drm), NVIDIA's or Mali's own devices. In a Flatpak sandbox
 * these are there with --device=dri (the manifest has it). */
static gboolean
has_gpu (void)
{
  g_autoptr(GDir) dri = g_dir_open ("/dev/dri", 0, NULL);

  return (dri != NULL && g_dir_read_name (dri) != NULL) ||
         g_file_test ("/dev/nvidiactl", G_FILE_TEST_EXISTS) ||
         g_file_test ("/dev/mali0", G_FILE_TEST_EXISTS);
}

/**
 * jz_app_choose_renderer:
 *
 * Without a GPU, Mesa renders GL in software (llvmpipe), and GTK 4.8 opens
 * GL when it opens the display even for the cairo renderer. That costs
 * about 140 MiB of memory (libLLVM, its shader compiler's heap, llvmpipe's
 * threads) and 0.1–0.5 s of start-up, and cairo draws the app's frames
 * faster than llvmpipe on the same cores (docs/performance-app.md).
 * There, GL is left closed (GDK_DEBUG=gl-disable, the only switch GTK 4.8
 * has) and cairo renders. With a GPU, GTK's default stays; a GSK_RENDERER
 * set by the user always wins. Call it before GTK opens the display.
 */
void
jz_app_choose_renderer (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  g_autofree char *gl_disable = NULL;

  if (g_getenv ("GSK_RENDERER") != NULL || (has_gpu () && !software_gl_forced ()))
    return;
  gl_disable = debug != NULL && *debug != '\0' ? g_strconcat (debug, ",gl-disable", NULL)
                                               : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", gl_disable, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
}

const char *
jz_app_str (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
jz_app_int (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return 0;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* "2026-03-01T02:14:17Z" → "2026-03-01 10:14" in the device's time zone. */
char *
jz_app_local_time (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

const char *
jz_app_field_label (const char *rtype,
                    const char *field)
{
  const JzRecordType *type = jz_model_lookup (rtype);
  const JzFieldDef *def = type ? jz_record_type_field (type, field) : NULL;

  return def ? _(def->label) : field;
}

const char *
jz_app_type_label (const char *rtype)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "person", N_("Person") },
    { "registration", N_("Registration") },
    { "application", N_("Application") },
    { "material", N_("Material") },
    { "permit", N_("Permit") },
    { "endorsement", N_("Endorsement") },
    { "notice", N_("Notice") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].name, rtype) == 0)
      return _(labels[i].label);
  return rtype ? rtype : "";
}

const char *
jz_app_status_label (const char *status)
{
  /* With a context: "Accepted" is also a date's label elsewhere. */
  static const struct { const char *name; const char *label; } labels[] = {
    { "active", NC_("record status", "Active") },
    { "ended", NC_("record status", "Ended") },
    { "departed", NC_("record status", "Departed") },
    { "withdrawn", NC_("record status", "Withdrawn") },
    { "submitted", NC_("record status", "Submitted") },
    { "accepted", NC_("record status", "Accepted") },
    { "issued", NC_("record status", "Issued") },
    { "rejected", NC_("record status", "Rejected") },
    { "suspended", NC_("record status", "Suspended") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].name, status) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "record status", labels[i].label);
  return status ? status : "";
}

/* Device ids are 32 hex digits; eight tell devices apart on a screen. */
char *
jz_app_short_site (const char *site)
{
  if (site == NULL)
    return g_strdup ("");
  return g_strndup (site, 8);
}

char *
jz_app_value_text (JzSession  *session,
                   const char *rtype,
                   const char *field,
                   JsonNode   *value,
                   gboolean    mask_ids)
{
  const JzRecordType *type = jz_model_lookup (rtype);
  const JzFieldDef *def = type ? jz_record_type_field (type, field) : NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("(empty)"));

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item = jz_app_value_text (session, rtype, field,
                                                     json_array_get_element (array, i), mask_ids);
          if (i > 0)
            g_string_append (out, ", ");
          g_string_append (out, item);
        }
      return g_string_free (out, FALSE);
    }

  if (!JSON_NODE_HOLDS_VALUE (value))
    return g_strdup ("");

  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));

  if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (value);

      if (def != NULL && def->kind == JZ_FIELD_ID_NUMBER && mask_ids)
        return jz_id_number_mask (s);
      if (def != NULL && def->kind == JZ_FIELD_PARTY_ID && mask_ids)
        return jz_party_id_mask (s);
      if (def != NULL && def->code_table != NULL && session != NULL)
        {
          const char *name = jz_codes_name (jz_session_get_codes (session), def->code_table, s, "zh");

          if (name != NULL)
            return g_strdup (name);
        }
      if (def != NULL && def->kind == JZ_FIELD_STATUS)
        return g_strdup (jz_app_status_label (s));
      return g_strdup (s);
    }

  return json_to_string (value, FALSE);
}

void
jz_app_clear_group (AdwPreferencesGroup *group,
                    GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* A window that works in three pages under @header (a plain header bar
 * when NULL): "start", "busy" (a spinner, while a worker runs) and
 * "result" (@result in a column that scrolls). Returns the stack that
 * switches them. */
GtkStack *
jz_app_three_pages (AdwWindow *window,
                    GtkWidget *header,
                    GtkWidget *start,
                    GtkWidget *result)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *busy = gtk_spinner_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkStack *stack = GTK_STACK (gtk_stack_new ());

  gtk_spinner_set_spinning (GTK_SPINNER (busy), TRUE);
  gtk_widget_set_size_request (busy, 48, 48);
  gtk_widget_set_halign (busy, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (busy, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_bottom (result, 18);
  gtk_widget_set_margin_start (result, 12);
  gtk_widget_set_margin_end (result, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), result);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (stack, start, "start");
  gtk_stack_add_named (stack, busy, "busy");
  gtk_stack_add_named (stack, scrolled, "result");
  gtk_widget_set_vexpand (GTK_WIDGET (stack), TRUE);
  gtk_box_append (GTK_BOX (box), header != NULL ? header : adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (stack));
  adw_window_set_content (window, box);
  return stack;
}

/* "411***********0024 · address": what a list shows of a person, never the
 * full ID number. */
char *
jz_app_person_subtitle (JsonObject *person)
{
  g_autofree char *masked = NULL;
  const char *address = jz_app_str (person, "hukou_address");

  masked = jz_app_str (person, "id_number") ? jz_id_number_mask (jz_app_str (person, "id_number"))
                                            : g_strdup ("");
  if (address != NULL && *address != '\0')
    return g_strdup_printf ("%s · %s", masked, address);
  return g_steal_pointer (&masked);
}

/**
 * jz_app_sync_error_text:
 * @enrolling: the error came from enrolling (else from a sync)
 *
 * Network trouble, a revoked device, an untrusted certificate, a wrong
 * one-time code and a mistyped address are said in words, with what to do;
 * the core's message, with the request and the socket's error, goes to the
 * debug log only. Anything else keeps the core's message.
 */
char *
jz_app_sync_error_text (const GError *error,
                        gboolean      enrolling)
{
  const char *what = enrolling ? _("Not enrolled") : _("Sync failed");

  g_debug ("%s: %s", enrolling ? "enrol" : "sync", error->message);
  if (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK))
    return enrolling
      ? g_strdup_printf (_("%s: the county server cannot be reached. Check the address and the network, then try again."), what)
      : g_strdup_printf (_("%s: the county server cannot be reached right now. Nothing was lost: "
                           "your changes stay on this device and are sent at the next sync."), what);
  if (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_UNAUTHORIZED))
    return g_strdup_printf (_("%s: the county server no longer accepts this device. "
                              "Ask County IT for a new one-time code and enrol again on the Sync page."), what);
  if (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CERTIFICATE))
    return enrolling
      ? g_strdup_printf (_("%s: the county server's certificate is not trusted, so nothing was sent. If County IT "
                           "gave you the county's CA certificate, choose it under “County CA certificate”; "
                           "otherwise ask County IT to check the server's certificate."), what)
      : g_strdup_printf (_("%s: the county server's certificate is not trusted, so nothing was sent. "
                           "Ask County IT to check the server's certificate."), what);
  if (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_CA_FILE))
    return g_strdup_printf (_("%s: the CA certificate file chosen cannot be used: it is not a certificate in PEM "
                              "form, or it cannot be read. Ask County IT for the county's CA certificate."), what);
  if (enrolling && g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_REFUSED) &&
      strstr (error->message, "enrol_code_invalid") != NULL)
    return g_strdup_printf (_("%s: the one-time code is not valid. It may be mistyped, used already or expired; "
                              "ask County IT for a new one."), what);
  if (enrolling && error->domain == JZ_SYNC_ERROR && strstr (error->message, "site_taken") != NULL)
    return g_strdup_printf (_("%s: the county server still counts this device as enrolled. Ask County IT "
                              "to revoke it first, then for a new one-time code."), what);
  if (enrolling && g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL) &&
      strstr (error->message, "not a valid URL") != NULL)
    return g_strdup_printf (_("%s: the server address is not valid. Type it as County IT gave it, "
                              "like https://juzhu.example.gov.cn."), what);
  return g_strdup_printf ("%s: %s", what, error->message);
}


/* The short name the profile's articles begin with ("吉林" in "吉林 第八条") */
static char *
citation_short_name (JzProfile *profile)
{
  const char *article = jz_profile_article (profile, "other_city");
  const char *space = article ? strchr (article, ' ') : NULL;

  return space ? g_strndup (article, space - article) : NULL;
}

/**
 * jz_app_cite_text:
 * @text: (nullable): a message, a reason or an article as the core gives
 *   them ("… (吉林 第八条)")
 *
 * The citations in @text as a reader expects them on a page:
 * 《吉林省居住证管理办法》第八条, the profile's own short name replaced by
 * its full title; other measures ("港澳台居民居住证申领发放办法 第二条")
 * get their title marks.
 */
char *
jz_app_cite_text (JzSession  *session,
                  const char *text)
{
  JzProfile *profile = session ? jz_session_get_profile (session) : NULL;
  g_autofree char *short_name = profile ? citation_short_name (profile) : NULL;
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;
  out = g_string_new (text);
  if (short_name != NULL)
    {
      g_autofree char *from = g_strconcat (short_name, " 第", NULL);
      g_autofree char *to = g_strdup_printf ("《%s》第", jz_profile_get_title (profile));

      g_string_replace (out, from, to, 0);
    }
  /* another measure, cited by its full name */
  {
    const char *other = "港澳台居民居住证申领发放办法 第";

    g_string_replace (out, other, "《港澳台居民居住证申领发放办法》第", 0);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * jz_app_load_divisions:
 *
 * On a worker thread: the division table with the names the store holds,
 * or NULL when there is none (then codes are shown as they are).
 */
JzDivisions *
jz_app_load_divisions (JzStore *store)
{
  g_autoptr(JzDivisions) divisions = jz_divisions_new (NULL);
  g_autoptr(GPtrArray) pairs = NULL;

  if (divisions == NULL)
    return NULL;
  pairs = jz_store_list_divisions (store, NULL);
  for (guint i = 0; pairs != NULL && i + 1 < pairs->len; i += 2)
    jz_divisions_add (divisions, pairs->pdata[i], pairs->pdata[i + 1]);
  return g_steal_pointer (&divisions);
}

/* Where a registration says the person lives: the division's full name
 * (or its code, without the table) and the address. */
char *
jz_app_address_text (JzDivisions *divisions,
                     JsonObject  *registration)
{
  const char *code = jz_app_str (registration, "residence_division");
  const char *address = jz_app_str (registration, "residence_address");
  g_autofree char *division = code != NULL && divisions != NULL ? jz_divisions_full_name (divisions, code) : NULL;

  return g_strstrip (g_strdup_printf ("%s %s", division ? division : (code ? code : ""), address ? address : ""));
}

/* Why the county server refused a change, by its rejection code
 * (docs/sync-protocol.md): the same in every language the app speaks. */
const char *
jz_app_refusal_label (const char *code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "out_of_scope", N_("Outside this device's area") },
    { "role", N_("Not allowed for this role") },
    { "workflow", N_("Not possible in the record's state") },
    { "invalid_value", N_("A value is not valid") },
    { "unknown_field", N_("A field the server does not know") },
    { "wrong_site", N_("Sent under another device") },
    { "clock", N_("The device's clock was wrong when it was entered") },
    { "type", N_("The record is stored as another kind of record") },
    { "required", N_("A required field is missing") },
    { "immutable", N_("A field that never changes would change") },
    { "reference", N_("It names a record that does not exist or is another person's") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].code, code) == 0)
      return _(labels[i].label);
  return _("Refused by the county server");
}

/* The county server explains in English. Its text is shown only where the
 * app itself speaks English (its messages untranslated); elsewhere the
 * refusal code and the field names say it in the user's language. */
gboolean
jz_app_shows_server_text (void)
{
  const char *probe = "Refused by the county server";

  return g_strcmp0 (_(probe), probe) == 0;
}

/* A division as a reader wants it: its full name (河南省三门峡市湖滨区), with
 * the code only when the table names just the levels above it. */
char *
jz_app_division_text (JzDivisions *divisions,
                      const char  *code)
{
  g_autofree char *name = NULL;

  if (code == NULL)
    return NULL;
  if (divisions != NULL)
    name = jz_divisions_full_name (divisions, code);
  if (name == NULL)
    return g_strdup (code);
  if (jz_divisions_name (divisions, code) == NULL)
    return g_strdup_printf ("%s (%s)", name, code);
  return g_steal_pointer (&name);
}

/**
 * jz_app_new_pin_problem:
 * @pin: a new operator PIN
 * @again: the same, typed a second time
 *
 * Returns: what is wrong with them in the user's words, or NULL.
 */
const char *
jz_app_new_pin_problem (const char *pin,
                        const char *again)
{
  gsize n = pin != NULL ? strlen (pin) : 0;

  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (pin[i]))
      return _("The PIN is at least 6 digits, and digits only.");
  if (n < JZ_PIN_MIN_DIGITS)
    return _("The PIN is at least 6 digits, and digits only.");
  if (n > JZ_PIN_MAX_DIGITS)
    return _("The PIN is at most 32 digits.");
  if (g_strcmp0 (pin, again) != 0)
    return _("The two PINs differ: type the same PIN twice.");
  return NULL;
}

/* The app's settings, or NULL where its schema is not installed (a run
 * from the build tree without GSETTINGS_SCHEMA_DIR): the defaults then. */
GSettings *
jz_app_settings_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_info ("the settings schema %s is not installed; using the defaults", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}
