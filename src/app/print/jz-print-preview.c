/* jz-print-preview.c — a document's preview, drawn in memory
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK's own print preview writes the document to a PDF in the temporary
 * folder and opens it in another program: a 凭证 with a full ID number,
 * in plain, where the device's encryption does not reach. The print
 * dialog's Preview shows the page here instead, drawn into memory.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-print-private.h"

#define A4_WIDTH  595.0
#define A4_HEIGHT 842.0
#define SCALE     1.5

static GdkTexture *
render_page (JzPrintDoc *doc)
{
  int width = (int) (A4_WIDTH * SCALE), height = (int) (A4_HEIGHT * SCALE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, SCALE, SCALE);
  jz_print_draw (doc, cr, A4_WIDTH, A4_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height);
  {
    GdkTexture *texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                                  cairo_image_surface_get_stride (surface));

    cairo_surface_destroy (surface);
    return texture;
  }
}

/**
 * jz_print_preview_show:
 * @doc: the document
 * @parent: (nullable): the window it belongs to
 *
 * Shows @doc's page in a window of its own, drawn in memory.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
jz_print_preview_show (JzPrintDoc *doc,
                       GtkWindow  *parent)
{
  g_autoptr(GdkTexture) texture = render_page (doc);
  g_autofree char *title = g_strdup_printf (_("Preview: %s"), jz_print_doc_get_title (doc));
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

  gtk_widget_set_name (window, "print-preview");
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 900);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), picture);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* What a preview's audit row names (the print job may be gone before it is
 * written), and where a failure is told. */
typedef struct
{
  char            *rtype;
  char            *record_id;
  AdwToastOverlay *toasts;
} Shown;

static void
shown_free (Shown *shown)
{
  g_free (shown->rtype);
  g_free (shown->record_id);
  g_clear_object (&shown->toasts);
  g_free (shown);
}

static gpointer
audit_in_thread (JzSession     *session,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Shown *shown = data;

  if (!jz_store_audit (jz_session_get_store (session), jz_session_get_author (session),
                       "preview", shown->rtype, shown->record_id, NULL, error))
    return NULL;
  return json_object_new ();
}

static void
audited_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Shown *shown = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (out == NULL && shown->toasts != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Shown, but not written to the audit log: %s"),
                                               error->message);

      adw_toast_overlay_add_toast (shown->toasts, adw_toast_new (text));
    }
  shown_free (shown);
}

/**
 * jz_print_preview_audit:
 * @toasts: (nullable): where a failure is told
 *
 * Writes the preview of @doc's record to the audit log, as a view of the
 * whole record.
 */
void
jz_print_preview_audit (JzSession       *session,
                        JzPrintDoc      *doc,
                        AdwToastOverlay *toasts)
{
  Shown *shown = g_new0 (Shown, 1);

  shown->rtype = g_strdup (doc->rtype);
  shown->record_id = g_strdup (doc->record_id);
  shown->toasts = toasts ? g_object_ref (toasts) : NULL;
  jz_session_run_async (session, audit_in_thread, shown, NULL, (GDestroyNotify) json_object_unref,
                        NULL, audited_cb, shown);
}
