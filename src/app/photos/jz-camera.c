/* jz-camera.c — document photos from a camera, with a live preview
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SOURCE ! videoconvert ! video/x-raw,format=RGBA ! appsink. Samples
 * arrive on GStreamer's streaming thread; each is wrapped (no copy) in
 * GBytes and handed to the main context, where it becomes a
 * GdkMemoryTexture shown by a GtkPicture. While the main thread has not
 * taken the last frame, new ones are dropped.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "jz-camera.h"
#include "jz-camera-private.h"

#define APPLICATION_ID "io.github.juzhu.Juzhu"

struct _JzCamera
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GtkPicture   *preview;
  GtkWidget    *shutter;
  GtkSpinner   *spinner;
  GtkPicture   *still;
  GtkLabel     *review_warning;
  AdwStatusPage *error_page;

  JzSession    *session;
  GCancellable *cancellable;
  GstElement   *pipeline;
  GCancellable *portal;       /* the camera portal asked, until it answers */
  int           pipewire_fd;  /* the portal's connection, closed with the pipeline */
  gboolean      warn_blur;    /* a document's page, not a face (jz_camera_set_warn_blur) */
  guint         bus_watch;
  guint         generation;   /* bumped at every stop: stale frames are dropped */
  gint          frame_pending; /* atomic */
  guint         n_frames;

  GdkTexture   *texture;      /* the frame on screen */
  char         *state;
  char         *sha256;
  char         *error;
};

G_DEFINE_FINAL_TYPE (JzCamera, jz_camera, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CAPTURED,
  SIGNAL_IMPORT_FILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (JzCamera   *self,
           const char *state)
{
  if (g_strcmp0 (self->state, state) == 0)
    return;
  g_free (self->state);
  self->state = g_strdup (state);
  if (g_str_equal (state, "starting") || g_str_equal (state, "live") || g_str_equal (state, "saving"))
    gtk_stack_set_visible_child_name (self->stack, "live");
  else
    gtk_stack_set_visible_child_name (self->stack, state);
  gtk_spinner_set_spinning (self->spinner, !g_str_equal (state, "live"));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), !g_str_equal (state, "live"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.shutter", g_str_equal (state, "live"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.retake", g_str_equal (state, "review"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.use", g_str_equal (state, "review"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

char *
jz_camera_dup_source (void)
{
  const char *env = g_getenv ("JUZHU_CAMERA_SOURCE");
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *setting = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "camera-source"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

      setting = g_settings_get_string (settings, "camera-source");
    }
  /* in a sandbox, the camera portal; elsewhere the first V4L2 device */
  if (setting == NULL || *setting == '\0')
    return g_strdup (_jz_camera_portal_wanted () ? "portal" : "v4l2src");
  /* A device path, or an element (videotestsrc) as the setting says. */
  if (setting[0] == '/')
    {
      g_autofree char *quoted = g_shell_quote (setting);

      return g_strdup_printf ("v4l2src device=%s", quoted);
    }
  return g_steal_pointer (&setting);
}

/* ---- frames ---- */

typedef struct
{
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *f = data;

  gst_buffer_unmap (f->buffer, &f->map);
  gst_buffer_unref (f->buffer);
  g_free (f);
}

typedef struct
{
  JzCamera *self;
  guint     generation;
  GBytes   *bytes;
  int       width;
  int       height;
  gsize     stride;
} Frame;

static gboolean
show_frame (gpointer data)
{
  Frame *frame = data;
  JzCamera *self = frame->self;

  g_atomic_int_set (&self->frame_pending, 0);
  if (frame->generation == self->generation && self->pipeline != NULL)
    {
      g_clear_object (&self->texture);
      self->texture = gdk_memory_texture_new (frame->width, frame->height, GDK_MEMORY_R8G8B8A8,
                                              frame->bytes, frame->stride);
      self->n_frames++;
      if (g_strcmp0 (self->state, "saving") != 0)
        {
          gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (self->texture));
          if (g_strcmp0 (self->state, "starting") == 0)
            set_state (self, "live");
        }
    }
  g_bytes_unref (frame->bytes);
  g_object_unref (frame->self);
  g_free (frame);
  return G_SOURCE_REMOVE;
}

/* On the streaming thread. */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  JzCamera *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  MappedFrame *mapped;
  Frame *frame;
  GstBuffer *buffer;

  if (sample == NULL)
    return GST_FLOW_EOS;
  /* The UI has not shown the last frame yet: drop this one. */
  if (!g_atomic_int_compare_and_exchange (&self->frame_pending, 0, 1))
    return GST_FLOW_OK;

  buffer = gst_sample_get_buffer (sample);
  if (buffer == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    {
      g_atomic_int_set (&self->frame_pending, 0);
      return GST_FLOW_OK;
    }
  mapped = g_new0 (MappedFrame, 1);
  mapped->buffer = gst_buffer_ref (buffer);
  if (!gst_buffer_map (mapped->buffer, &mapped->map, GST_MAP_READ))
    {
      gst_buffer_unref (mapped->buffer);
      g_free (mapped);
      g_atomic_int_set (&self->frame_pending, 0);
      return GST_FLOW_OK;
    }

  frame = g_new0 (Frame, 1);
  frame->self = g_object_ref (self);
  frame->generation = g_atomic_int_get (&self->generation);
  frame->width = GST_VIDEO_INFO_WIDTH (&info);
  frame->height = GST_VIDEO_INFO_HEIGHT (&info);
  frame->stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  frame->bytes = g_bytes_new_with_free_func (mapped->map.data, mapped->map.size, mapped_frame_free, mapped);
  g_main_context_invoke (NULL, show_frame, frame);
  return GST_FLOW_OK;
}

static void
show_error (JzCamera   *self,
            const char *title,
            const char *detail)
{
  g_autofree char *description = NULL;

  g_free (self->error);
  self->error = g_strdup (detail);
  description = g_strdup_printf ("%s\n%s", _("Import a file instead."), detail);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  set_state (self, "error");
}

static void stop_pipeline (JzCamera *self);

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  JzCamera *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_debug ("camera: %s (%s)", error->message, debug ? debug : "");
      self->bus_watch = 0;
      stop_pipeline (self);
      if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND) ||
          g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ) ||
          g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ_WRITE))
        show_error (self, _("No camera found"), error->message);
      else
        show_error (self, _("The camera stopped working"), error->message);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_pipeline (JzCamera *self)
{
  g_atomic_int_inc (&self->generation);
  if (self->portal != NULL)
    {
      g_cancellable_cancel (self->portal);
      g_clear_object (&self->portal);
    }
  if (self->bus_watch != 0)
    {
      g_source_remove (self->bus_watch);
      self->bus_watch = 0;
    }
  if (self->pipeline != NULL)
    {
      /* Joins the streaming thread: no frame arrives after this. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  /* pipewiresrc works on a copy of it */
  if (self->pipewire_fd >= 0)
    {
      close (self->pipewire_fd);
      self->pipewire_fd = -1;
  self->warn_blur = TRUE;
    }
}

/* Runs @element (a GStreamer source, as gst-launch-1.0 writes it); @shown
 * names it in errors. */
static void
launch (JzCamera   *self,
        const char *element,
        const char *shown)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { NULL, NULL, new_sample_cb };

  description = g_strdup_printf ("%s ! videoconvert ! video/x-raw,format=RGBA "
                                 "! appsink name=sink max-buffers=1 drop=true", element);
  self->pipeline = gst_parse_launch (description, &error);
  if (self->pipeline != NULL && error != NULL)
    gst_clear_object (&self->pipeline); /* a half-built pipeline is no use */
  if (self->pipeline == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("The camera source “%s” cannot be used: %s"),
                                                 shown, error ? error->message : "");

      show_error (self, g_str_has_prefix (shown, "v4l2src") ? _("No camera found") : _("The camera does not work"),
                  detail);
      return;
    }
  gst_object_ref_sink (self->pipeline);

  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  set_state (self, "starting");
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* The reason is on the bus; bus_cb shows it. If it never comes: */
      if (self->bus_watch != 0)
        {
          g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

          g_source_remove (self->bus_watch);
          self->bus_watch = 0;
          if (message != NULL)
            bus_cb (bus, message, self);
          else
            {
              stop_pipeline (self);
              show_error (self, _("No camera found"), shown);
            }
        }
    }
}

static void
portal_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JzCamera) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *element = NULL;
  int fd = _jz_camera_portal_open_finish (result, &error);

  /* stopped meanwhile (unmapped, closed): the answer is no longer wanted;
   * our own cancellable says so, not the error (a person's "no" comes as
   * permission denied) */
  if (self->portal == NULL || self->portal != g_task_get_cancellable (G_TASK (result)) ||
      g_cancellable_is_cancelled (self->portal) || self->pipeline != NULL)
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  g_clear_object (&self->portal);
  if (fd < 0)
    {
      show_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
                          ? _("The camera is not allowed") : _("No camera found"),
                  error->message);
      return;
    }
  self->pipewire_fd = fd;
  element = g_strdup_printf ("pipewiresrc fd=%d", fd);
  launch (self, element, "pipewiresrc");
}

static void
start_pipeline (JzCamera *self)
{
  g_autofree char *source = jz_camera_dup_source ();

  if (self->pipeline != NULL || self->portal != NULL)
    return;
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  if (g_str_equal (source, "portal"))
    {
      set_state (self, "starting");
      self->portal = g_cancellable_new ();
      _jz_camera_portal_open_async (GTK_WIDGET (self), self->portal, portal_opened_cb, g_object_ref (self));
      return;
    }
  launch (self, source, source);
}

/* ---- the shutter ---- */

typedef struct
{
  GdkTexture *texture;
} Capture;

typedef struct
{
  char     *sha256;
  gboolean  blurred;
  gboolean  glare;
} Captured;

static void
capture_free (Capture *c)
{
  g_clear_object (&c->texture);
  g_free (c);
}

static void
captured_free (Captured *c)
{
  g_free (c->sha256);
  g_free (c);
}

/* On a worker: the frame as PNG (lossless), imported: the photo store
 * keeps it sealed, and nothing of it is written in plain. */
static gpointer
capture_in_thread (JzSession     *session,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Capture *c = data;
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (c->texture);
  Captured *out;
  JzPhotoInfo info;

  if (!jz_photo_store_import_bytes (jz_session_get_photos (session), png, &info, error))
    return NULL;
  out = g_new0 (Captured, 1);
  out->sha256 = g_strdup (info.sha256);
  out->blurred = info.blurred;
  out->glare = info.glare;
  return out;
}

static void
capture_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(JzCamera) self = user_data;
  g_autoptr(GError) error = NULL;
  Captured *c = jz_session_run_finish (JZ_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (c == NULL)
    {
      stop_pipeline (self);
      show_error (self, _("The photo could not be saved"), error->message);
      return;
    }
  g_free (self->sha256);
  self->sha256 = g_steal_pointer (&c->sha256);
  /* said while the document is still in front of the person: Retake is
   * beside it (jz-photo-assess.c) */
  if (!self->warn_blur)
    c->blurred = FALSE;
  if (c->blurred || c->glare)
    gtk_label_set_text (self->review_warning,
                        c->blurred && c->glare
                          ? _("This photo looks blurred, and a glare hides part of it. Hold the camera still, "
                              "tilt the document away from the light, and retake it.")
                          : c->blurred
                          ? _("This photo looks blurred: a reviewer may not read it. Hold the camera still "
                              "and retake it.")
                          : _("A glare hides part of this photo. Tilt the document or the camera away from "
                              "the light and retake it."));
  gtk_widget_set_visible (GTK_WIDGET (self->review_warning), c->blurred || c->glare);
  captured_free (c);
  stop_pipeline (self);
  set_state (self, "review");
}

static void
shutter_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  JzCamera *self = JZ_CAMERA (widget);
  Capture *c;

  if (self->texture == NULL || g_strcmp0 (self->state, "live") != 0)
    return;
  c = g_new0 (Capture, 1);
  c->texture = g_object_ref (self->texture);
  gtk_picture_set_paintable (self->still, GDK_PAINTABLE (self->texture));
  set_state (self, "saving");
  jz_session_run_async (self->session, capture_in_thread, c, (GDestroyNotify) capture_free,
                        (GDestroyNotify) captured_free, self->cancellable, capture_done_cb,
                        g_object_ref (self));
}

static void
forget_capture (JzCamera *self)
{
  g_clear_pointer (&self->sha256, g_free);
}

static void
retake_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JzCamera *self = JZ_CAMERA (widget);

  forget_capture (self);
  if (gtk_widget_get_mapped (widget))
    start_pipeline (self);
}

static void
use_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  JzCamera *self = JZ_CAMERA (widget);
  g_autofree char *sha256 = g_steal_pointer (&self->sha256);

  if (sha256 == NULL)
    return;
  self->sha256 = g_strdup (sha256); /* still readable after */
  g_signal_emit (self, signals[SIGNAL_CAPTURED], 0, sha256);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_IMPORT_FILE], 0);
}

/* ---- the widget ---- */

static void
jz_camera_map (GtkWidget *widget)
{
  JzCamera *self = JZ_CAMERA (widget);

  GTK_WIDGET_CLASS (jz_camera_parent_class)->map (widget);
  if (g_strcmp0 (self->state, "review") != 0 && g_strcmp0 (self->state, "saving") != 0)
    start_pipeline (self);
}

static void
jz_camera_unmap (GtkWidget *widget)
{
  stop_pipeline (JZ_CAMERA (widget));
  GTK_WIDGET_CLASS (jz_camera_parent_class)->unmap (widget);
}

static void
jz_camera_dispose (GObject *object)
{
  JzCamera *self = JZ_CAMERA (object);

  g_cancellable_cancel (self->cancellable);
  stop_pipeline (self);
  forget_capture (self);
  G_OBJECT_CLASS (jz_camera_parent_class)->dispose (object);
}

static void
jz_camera_finalize (GObject *object)
{
  JzCamera *self = JZ_CAMERA (object);

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_free (self->state);
  g_free (self->error);
  G_OBJECT_CLASS (jz_camera_parent_class)->finalize (object);
}

static void
jz_camera_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, JZ_CAMERA (object)->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jz_camera_class_init (JzCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jz_camera_dispose;
  object_class->finalize = jz_camera_finalize;
  object_class->get_property = jz_camera_get_property;
  widget_class->map = jz_camera_map;
  widget_class->unmap = jz_camera_unmap;

  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CAPTURED] = g_signal_new ("captured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                           G_TYPE_STRING);
  signals[SIGNAL_IMPORT_FILE] = g_signal_new ("import-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/juzhu/Juzhu/jz-camera.ui");
  gtk_widget_class_bind_template_child (widget_class, JzCamera, stack);
  gtk_widget_class_bind_template_child (widget_class, JzCamera, preview);
  gtk_widget_class_bind_template_child (widget_class, JzCamera, review_warning);
  gtk_widget_class_bind_template_child (widget_class, JzCamera, shutter);
  gtk_widget_class_bind_template_child (widget_class, JzCamera, spinner);
  gtk_widget_class_bind_template_child (widget_class, JzCamera, still);
  gtk_widget_class_bind_template_child (widget_class, JzCamera, error_page);

  gtk_widget_class_install_action (widget_class, "camera.shutter", NULL, shutter_action);
  gtk_widget_class_install_action (widget_class, "camera.retake", NULL, retake_action);
  gtk_widget_class_install_action (widget_class, "camera.use", NULL, use_action);
  gtk_widget_class_install_action (widget_class, "camera.import-file", NULL, import_file_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "camera.shutter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "camera.use", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "camera.retake", NULL);
  gtk_widget_class_set_css_name (widget_class, "jz-camera");
}

static void
jz_camera_init (JzCamera *self)
{
  self->pipewire_fd = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  set_state (self, "starting");
}

GtkWidget *
jz_camera_new (JzSession *session)
{
  JzCamera *self = g_object_new (JZ_TYPE_CAMERA, NULL);

  self->session = g_object_ref (session);
  return GTK_WIDGET (self);
}

const char *
jz_camera_get_state (JzCamera *self)
{
  g_return_val_if_fail (JZ_IS_CAMERA (self), NULL);
  return self->state;
}

GdkTexture *
jz_camera_get_texture (JzCamera *self)
{
  g_return_val_if_fail (JZ_IS_CAMERA (self), NULL);
  return self->texture;
}

const char *
jz_camera_get_sha256 (JzCamera *self)
{
  g_return_val_if_fail (JZ_IS_CAMERA (self), NULL);
  return self->sha256;
}

const char *
jz_camera_get_error (JzCamera *self)
{
  g_return_val_if_fail (JZ_IS_CAMERA (self), NULL);
  return self->error;
}

guint
jz_camera_get_frame_count (JzCamera *self)
{
  g_return_val_if_fail (JZ_IS_CAMERA (self), 0);
  return self->n_frames;
}

/* ---- the window ---- */

static void
close_window (GtkWidget *camera)
{
  GtkRoot *root = gtk_widget_get_root (camera);

  if (GTK_IS_WINDOW (root))
    gtk_window_destroy (GTK_WINDOW (root));
}

GtkWindow *
jz_camera_window_new (JzSession  *session,
                      GtkWidget  *parent,
                      const char *title)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *camera = jz_camera_new (session);
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  gtk_window_set_title (GTK_WINDOW (window), title ? title : _("Take photo"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title ? title : _("Take photo"), NULL));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_widget_set_vexpand (camera, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), camera);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data (G_OBJECT (window), "jz-camera", camera);
  g_signal_connect_after (camera, "captured", G_CALLBACK (close_window), NULL);
  g_signal_connect_after (camera, "import-file", G_CALLBACK (close_window), NULL);
  return GTK_WINDOW (window);
}

JzCamera *
jz_camera_window_get_camera (GtkWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "jz-camera");
}

/* Whether a photo that looks blurred is said so on the review page: the
 * threshold is a page of text's (jz-photo-assess.c), and a face has few
 * sharp edges; a portrait's camera turns it off. */
void
jz_camera_set_warn_blur (JzCamera *self,
                         gboolean  warn)
{
  g_return_if_fail (JZ_IS_CAMERA (self));
  self->warn_blur = warn;
}
