/* jz-photo-viewer.c — a document's pages full screen: swipe, zoom, retake, delete
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jz-photo-viewer.h"

#define ZOOM_MAX 6.0

struct _JzPhotoViewer
{
  AdwWindow      parent_instance;

  JzSession     *session;
  GCancellable  *cancellable;
  AdwCarousel   *carousel;
  AdwWindowTitle *title;
  GStrv          pages;
  GPtrArray     *pictures;    /* GtkPicture, one per page */
  GPtrArray     *scrollers;   /* GtkScrolledWindow, one per page */
  double         zoom;
  double         zoom_at_begin;
  guint          n_loaded;
  guint          start_index;
};

G_DEFINE_FINAL_TYPE (JzPhotoViewer, jz_photo_viewer, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_DELETE_PAGE,
  SIGNAL_RETAKE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

guint
jz_photo_viewer_get_position (JzPhotoViewer *self)
{
  double pos = adw_carousel_get_position (self->carousel);

  return pos < 0 ? 0 : (guint) (pos + 0.5);
}

double
jz_photo_viewer_get_zoom (JzPhotoViewer *self)
{
  return self->zoom;
}

guint
jz_photo_viewer_get_n_loaded (JzPhotoViewer *self)
{
  return self->n_loaded;
}

static void
update_title (JzPhotoViewer *self)
{
  guint n = g_strv_length (self->pages);
  g_autofree char *subtitle = g_strdup_printf (_("Page %u of %u"), jz_photo_viewer_get_position (self) + 1, n);

  adw_window_title_set_subtitle (self->title, subtitle);
}

/* The picture of the page on screen is sized zoom × the view; 1 fits. */
static void
apply_zoom (JzPhotoViewer *self,
            double         zoom)
{
  guint pos = jz_photo_viewer_get_position (self);
  GtkWidget *picture, *scroller;
  int w, h;

  self->zoom = CLAMP (zoom, 1.0, ZOOM_MAX);
  if (pos >= self->pictures->len)
    return;
  picture = self->pictures->pdata[pos];
  scroller = self->scrollers->pdata[pos];
  w = gtk_widget_get_width (scroller);
  h = gtk_widget_get_height (scroller);
  if (self->zoom <= 1.0 || w <= 0 || h <= 0)
    gtk_widget_set_size_request (picture, -1, -1);
  else
    gtk_widget_set_size_request (picture, (int) (w * self->zoom), (int) (h * self->zoom));
  adw_carousel_set_interactive (self->carousel, self->zoom <= 1.0);
}

static void
page_changed_cb (JzPhotoViewer *self)
{
  /* Each page starts fitted. */
  for (guint i = 0; i < self->pictures->len; i++)
    gtk_widget_set_size_request (self->pictures->pdata[i], -1, -1);
  self->zoom = 1.0;
  adw_carousel_set_interactive (self->carousel, TRUE);
  update_title (self);
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               JzPhotoViewer    *self)
{
  self->zoom_at_begin = self->zoom;
}

static void
zoom_scale_cb (GtkGestureZoom *gesture,
               double          scale,
               JzPhotoViewer  *self)
{
  apply_zoom (self, self->zoom_at_begin * scale);
}

static void
double_tap_cb (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               JzPhotoViewer   *self)
{
  if (n_press == 2)
    apply_zoom (self, self->zoom > 1.0 ? 1.0 : 2.5);
}

static void
scroll_to (JzPhotoViewer *self,
           int            delta)
{
  int pos = (int) jz_photo_viewer_get_position (self) + delta;
  guint n = adw_carousel_get_n_pages (self->carousel);

  if (pos < 0 || (guint) pos >= n)
    return;
  adw_carousel_scroll_to (self->carousel, adw_carousel_get_nth_page (self->carousel, pos), TRUE);
}

static void
next_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  scroll_to (JZ_PHOTO_VIEWER (widget), 1);
}

static void
previous_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  scroll_to (JZ_PHOTO_VIEWER (widget), -1);
}

static void
zoom_in_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  JzPhotoViewer *self = JZ_PHOTO_VIEWER (widget);

  apply_zoom (self, self->zoom * 1.5);
}

static void
zoom_out_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  JzPhotoViewer *self = JZ_PHOTO_VIEWER (widget);

  apply_zoom (self, self->zoom / 1.5);
}

static void
emit_and_close (JzPhotoViewer *self,
                guint          signal)
{
  guint pos = jz_photo_viewer_get_position (self);
  g_autofree char *sha = pos < g_strv_length (self->pages) ? g_strdup (self->pages[pos]) : NULL;

  if (sha == NULL)
    return;
  g_object_ref (self);
  g_signal_emit (self, signals[signal], 0, sha);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
delete_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  emit_and_close (JZ_PHOTO_VIEWER (widget), SIGNAL_DELETE_PAGE);
}

static void
retake_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  emit_and_close (JZ_PHOTO_VIEWER (widget), SIGNAL_RETAKE);
}

/* ---- loading the full photos ---- */

static gpointer
load_in_thread (JzSession     *session,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  JzPhotoStore *photos = jz_session_get_photos (session);
  g_autoptr(GBytes) bytes = jz_photo_store_read_blob (photos, data, error);

  /* opened in memory: the photo is sealed on the disk */
  return bytes ? gdk_texture_new_from_bytes (bytes, error) : NULL;
}

typedef struct
{
  JzPhotoViewer *self;
  guint          index;
} Load;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(JzPhotoViewer) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = jz_session_run_finish (JZ_SESSION (source), result, &error);
  guint index = load->index;

  g_free (load);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->n_loaded++;
  if (texture == NULL)
    {
      /* A page not yet fetched from the server, or unreadable. */
      g_debug ("page %u not shown: %s", index, error->message);
      gtk_picture_set_paintable (self->pictures->pdata[index], NULL);
      gtk_picture_set_alternative_text (self->pictures->pdata[index], error->message);
      return;
    }
  gtk_picture_set_paintable (self->pictures->pdata[index], GDK_PAINTABLE (texture));
}

static void
add_page (JzPhotoViewer *self,
          guint          index)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *picture = gtk_picture_new ();
  g_autofree char *alt = g_strdup_printf (_("Page %u"), index + 1);
  Load *load = g_new0 (Load, 1);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), picture);
  adw_carousel_append (self->carousel, scroller);
  g_ptr_array_add (self->pictures, picture);
  g_ptr_array_add (self->scrollers, scroller);

  load->self = g_object_ref (self);
  load->index = index;
  jz_session_run_async (self->session, load_in_thread, g_strdup (self->pages[index]), g_free,
                        g_object_unref, self->cancellable, loaded_cb, load);
}

static void
first_map_cb (JzPhotoViewer *self)
{
  if (self->start_index > 0 && self->start_index < adw_carousel_get_n_pages (self->carousel))
    adw_carousel_scroll_to (self->carousel,
                            adw_carousel_get_nth_page (self->carousel, self->start_index), FALSE);
  update_title (self);
}

static void
jz_photo_viewer_dispose (GObject *object)
{
  JzPhotoViewer *self = JZ_PHOTO_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (jz_photo_viewer_parent_class)->dispose (object);
}

static void
jz_photo_viewer_finalize (GObject *object)
{
  JzPhotoViewer *self = JZ_PHOTO_VIEWER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_strfreev (self->pages);
  g_ptr_array_unref (self->pictures);
  g_ptr_array_unref (self->scrollers);
  G_OBJECT_CLASS (jz_photo_viewer_parent_class)->finalize (object);
}

static void
jz_photo_viewer_class_init (JzPhotoViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_photo_viewer_dispose;
  object_class->finalize = jz_photo_viewer_finalize;

  signals[SIGNAL_DELETE_PAGE] = g_signal_new ("delete-page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_RETAKE] = g_signal_new ("retake", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "viewer.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "viewer.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "viewer.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "viewer.retake", NULL, retake_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "viewer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "viewer.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "viewer.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
header_button (const char *icon,
               const char *label,
               const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
jz_photo_viewer_init (JzPhotoViewer *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *carousel = adw_carousel_new ();
  GtkWidget *dots = adw_carousel_indicator_dots_new ();
  GtkWidget *del = header_button ("user-trash-symbolic", _("Delete this page"), "viewer.delete");
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->cancellable = g_cancellable_new ();
  self->pictures = g_ptr_array_new ();
  self->scrollers = g_ptr_array_new ();
  self->zoom = 1.0;
  self->carousel = ADW_CAROUSEL (carousel);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));

  gtk_widget_add_css_class (del, "destructive-action");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             header_button ("go-previous-symbolic", _("Previous page"), "viewer.previous"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             header_button ("go-next-symbolic", _("Next page"), "viewer.next"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), del);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           header_button ("camera-photo-symbolic", _("Retake this page"), "viewer.retake"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           header_button ("zoom-in-symbolic", _("Zoom in"), "viewer.zoom-in"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           header_button ("zoom-out-symbolic", _("Zoom out"), "viewer.zoom-out"));

  gtk_widget_set_vexpand (carousel, TRUE);
  adw_carousel_set_allow_long_swipes (self->carousel, FALSE);
  adw_carousel_indicator_dots_set_carousel (ADW_CAROUSEL_INDICATOR_DOTS (dots), self->carousel);
  g_signal_connect_swapped (carousel, "page-changed", G_CALLBACK (page_changed_cb), self);

  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_cb), self);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (zoom), GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (carousel, GTK_EVENT_CONTROLLER (zoom));
  g_signal_connect (click, "pressed", G_CALLBACK (double_tap_cb), self);
  gtk_widget_add_controller (carousel, GTK_EVENT_CONTROLLER (click));

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), carousel);
  gtk_box_append (GTK_BOX (box), dots);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 1024, 720);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  g_signal_connect (self, "map", G_CALLBACK (first_map_cb), NULL);
}

GtkWidget *
jz_photo_viewer_new (JzSession          *session,
                     GtkWidget          *parent,
                     const char         *title,
                     const char * const *pages,
                     guint               index)
{
  JzPhotoViewer *self = g_object_new (JZ_TYPE_PHOTO_VIEWER, NULL);
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  self->session = g_object_ref (session);
  self->pages = g_strdupv ((char **) pages);
  self->start_index = index;
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->title, title);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  for (guint i = 0; self->pages[i] != NULL; i++)
    add_page (self, i);
  update_title (self);
  gtk_window_fullscreen (GTK_WINDOW (self));
  return GTK_WIDGET (self);
}
