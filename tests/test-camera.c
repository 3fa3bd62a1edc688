/* test-camera.c — the camera on videotestsrc, a missing source, and the photo viewer
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real GStreamer pipelines on a real data directory: frames reach the
 * preview, the shutter imports the frame into the photo store (blob and
 * thumbnail on disk), a source that does not exist shows the error page.
 * The pages are kept as PNG in BUILDDIR/tests/screenshots/.
 */
#include "config.h"

#include <string.h>

#include <gst/gst.h>
#include <locale.h>

#include "jz-app-test-util.h"
#include "jz-application-flow.h"
#include "jz-camera.h"
#include "jz-photo-viewer.h"

typedef struct
{
  char      *dir;
  JzSession *session;
} Fixture;

static char *out_dir;

static gboolean
elements_present (void)
{
  const char *names[] = { "videotestsrc", "videoconvert", "appsink" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (names[i]);

      if (factory == NULL)
        {
          g_autofree char *msg = g_strdup_printf ("GStreamer element %s is not installed", names[i]);

          g_test_skip (msg);
          return FALSE;
        }
    }
  return TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  jz_test_system_data ();
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("juzhu-camera-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = jz_session_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_free (f->dir);
}

static gboolean
has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int w, h;

  jz_test_wait (has_size, widget, "the window laid out");
  jz_test_spin (100);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  node = jz_test_snapshot_node (widget, w, h);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static GtkWindow *
show_camera (Fixture    *f,
             JzCamera  **camera)
{
  GtkWindow *window = jz_camera_window_new (f->session, NULL, "Test");

  gtk_window_set_default_size (window, 800, 600);
  gtk_window_present (window);
  *camera = jz_camera_window_get_camera (window);
  return window;
}

static gboolean
frames_arrived (gpointer data)
{
  return jz_camera_get_frame_count (data) >= 3 &&
         g_strcmp0 (jz_camera_get_state (data), "live") == 0;
}

static gboolean
state_is_review (gpointer data)
{
  return g_strcmp0 (jz_camera_get_state (data), "review") == 0 ||
         g_strcmp0 (jz_camera_get_state (data), "error") == 0;
}

static gboolean
state_is_error (gpointer data)
{
  return g_strcmp0 (jz_camera_get_state (data), "error") == 0;
}

static void
captured_cb (JzCamera   *camera,
             const char *sha256,
             char      **out)
{
  out[0] = g_strdup (sha256);
}

static void
test_capture (Fixture       *f,
              gconstpointer  data)
{
  JzPhotoStore *photos = jz_session_get_photos (f->session);
  g_autofree char *blob = NULL;
  g_autofree char *thumbnail = NULL;
  g_auto(GStrv) got = g_new0 (char *, 3);
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;
  GtkWindow *window;
  JzCamera *camera;

  if (!elements_present ())
    return;
  g_setenv ("JUZHU_CAMERA_SOURCE", "videotestsrc", TRUE);
  window = show_camera (f, &camera);

  jz_test_wait (frames_arrived, camera, "frames from videotestsrc");
  texture = jz_camera_get_texture (camera);
  g_assert_nonnull (texture);
  /* videotestsrc's default size */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 320);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 240);
  save_png (GTK_WIDGET (window), "camera-live");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (camera), "camera.shutter", NULL));
  jz_test_wait (state_is_review, camera, "the captured frame imported");
  g_assert_cmpstr (jz_camera_get_state (camera), ==, "review");
  g_assert_true (jz_photo_sha256_valid (jz_camera_get_sha256 (camera)));
  blob = jz_photo_store_blob_path (photos, jz_camera_get_sha256 (camera));
  thumbnail = jz_photo_store_thumbnail_path (photos, jz_camera_get_sha256 (camera));
  g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (thumbnail, G_FILE_TEST_IS_REGULAR));
  g_assert_true (jz_photo_store_verify (photos, jz_camera_get_sha256 (camera), &error));
  g_assert_no_error (error);
  /* videotestsrc's bars are pure white in part: clipped, as a glare is,
   * and said beside Retake */
  {
    GtkWidget *warning = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (camera), JZ_TYPE_CAMERA,
                                                                    "review_warning"));

    g_assert_true (gtk_widget_get_visible (warning));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)), "glare"));
  }
  save_png (GTK_WIDGET (window), "camera-review");

  /* Retake goes back to the live preview. The second shot is a
   * portrait's: the bars' few edges are not called blurred for a face. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (camera), "camera.retake", NULL));
  jz_test_wait (frames_arrived, camera, "frames again after retake");
  jz_camera_set_warn_blur (camera, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (camera), "camera.shutter", NULL));
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!state_is_review (camera))
      {
        if (g_get_monotonic_time () > end)
          g_error ("timed out waiting for the second capture: state %s, %u frames",
                   jz_camera_get_state (camera), jz_camera_get_frame_count (camera));
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_cmpstr (jz_camera_get_state (camera), ==, "review");

  {
    GtkWidget *warning = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (camera), JZ_TYPE_CAMERA,
                                                                    "review_warning"));

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)), "glare"));
    g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (warning)), "blurred"));
  }

  /* Use: the page is in the store, sealed, and no file of the capture
   * was left in plain. The window closes itself. */
  g_signal_connect (camera, "captured", G_CALLBACK (captured_cb), got);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (camera), "camera.use", NULL));
  g_assert_nonnull (got[0]);
  g_assert_true (jz_photo_store_verify (photos, got[0], &error));
  g_assert_no_error (error);
  {
    g_autofree char *captures = g_build_filename (jz_session_get_data_dir (f->session), "captures", NULL);

    g_assert_false (g_file_test (captures, G_FILE_TEST_EXISTS));
  }
  jz_test_spin (50);
}

static void
test_no_source (Fixture       *f,
                gconstpointer  data)
{
  GtkWindow *window;
  JzCamera *camera;

  if (!elements_present ())
    return;
  g_setenv ("JUZHU_CAMERA_SOURCE", "nosuchelement", TRUE);
  window = show_camera (f, &camera);
  jz_test_wait (state_is_error, camera, "the error page");
  g_assert_nonnull (jz_camera_get_error (camera));
  g_assert_true (strstr (jz_camera_get_error (camera), "nosuchelement") != NULL);
  g_assert_null (jz_camera_get_texture (camera));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (camera), "camera.shutter", NULL) &&
                  jz_camera_get_sha256 (camera) != NULL);
  save_png (GTK_WIDGET (window), "camera-error");
  gtk_window_destroy (window);
  g_setenv ("JUZHU_CAMERA_SOURCE", "videotestsrc", TRUE);
}

/* The camera portal asked where no portal answers (as outside a sandbox,
 * or a desktop without xdg-desktop-portal): the error page says so, and
 * nothing hangs. */
static void
test_portal (Fixture       *f,
             gconstpointer  data)
{
  GtkWindow *window;
  JzCamera *camera;

  g_setenv ("JUZHU_CAMERA_SOURCE", "portal", TRUE);
  window = show_camera (f, &camera);
  jz_test_wait (state_is_error, camera, "the error page");
  g_test_message ("%s", jz_camera_get_error (camera));
  g_assert_nonnull (strstr (jz_camera_get_error (camera), "portal"));
  g_assert_null (jz_camera_get_texture (camera));
  gtk_window_destroy (window);

  /* a session bus, with no portal on it */
  jz_test_session_bus ();
  window = show_camera (f, &camera);
  jz_test_wait (state_is_error, camera, "the error page");
  g_test_message ("%s", jz_camera_get_error (camera));
  g_assert_nonnull (strstr (jz_camera_get_error (camera), "portal"));
  gtk_window_destroy (window);
  g_setenv ("JUZHU_CAMERA_SOURCE", "videotestsrc", TRUE);
}

static void
import_png (JzPhotoStore *photos,
            guint32       rgba,
            char         *sha_out)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  gsize size;
  g_autoptr(GBytes) bytes = NULL;
  JzPhotoInfo info;

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  bytes = g_bytes_new (buffer, size);
  g_assert_true (jz_photo_store_import_bytes (photos, bytes, &info, &error));
  g_assert_no_error (error);
  memcpy (sha_out, info.sha256, 65);
}

static gboolean
viewer_loaded (gpointer data)
{
  return jz_photo_viewer_get_n_loaded (data) == 2;
}

static gboolean
viewer_on_second (gpointer data)
{
  return jz_photo_viewer_get_position (data) == 1;
}

static void
deleted_cb (JzPhotoViewer *viewer,
            const char    *sha256,
            char         **out)
{
  *out = g_strdup (sha256);
}

static void
test_viewer (Fixture       *f,
             gconstpointer  data)
{
  JzPhotoStore *photos = jz_session_get_photos (f->session);
  char a[65], b[65];
  const char *pages[3] = { a, b, NULL };
  g_autofree char *deleted = NULL;
  GtkWidget *viewer;

  import_png (photos, 0x3060c0ff, a);
  import_png (photos, 0xc06030ff, b);
  viewer = jz_photo_viewer_new (f->session, NULL, "Test", pages, 0);
  gtk_window_unfullscreen (GTK_WINDOW (viewer));
  gtk_window_set_default_size (GTK_WINDOW (viewer), 800, 600);
  gtk_window_present (GTK_WINDOW (viewer));
  jz_test_wait (viewer_loaded, viewer, "both pages decoded");
  jz_test_wait (has_size, viewer, "the viewer laid out");
  g_assert_cmpuint (jz_photo_viewer_get_position (JZ_PHOTO_VIEWER (viewer)), ==, 0);

  g_assert_true (gtk_widget_activate_action (viewer, "viewer.next", NULL));
  jz_test_wait (viewer_on_second, viewer, "the second page");
  g_assert_true (gtk_widget_activate_action (viewer, "viewer.zoom-in", NULL));
  g_assert_cmpfloat (jz_photo_viewer_get_zoom (JZ_PHOTO_VIEWER (viewer)), >, 1.0);
  save_png (viewer, "photo-viewer");
  g_assert_true (gtk_widget_activate_action (viewer, "viewer.zoom-out", NULL));
  g_assert_cmpfloat (jz_photo_viewer_get_zoom (JZ_PHOTO_VIEWER (viewer)), ==, 1.0);

  g_signal_connect (viewer, "delete-page", G_CALLBACK (deleted_cb), &deleted);
  g_assert_true (gtk_widget_activate_action (viewer, "viewer.delete", NULL));
  g_assert_cmpstr (deleted, ==, b);
  jz_test_spin (50);
}

static GtkWindow *
find_window (GType type,
             const char *data_key)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) &&
          (data_key == NULL || g_object_get_data (G_OBJECT (w), data_key) != NULL) &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
flow_idle (gpointer data)
{
  return !jz_form_flow_get_busy (JZ_FORM_FLOW (data));
}

static GPtrArray *
list_materials (Fixture   *f,
                GtkWidget *flow)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *materials = jz_store_list (jz_session_get_store (f->session), "material", "application_id",
                                        jz_application_flow_get_application_id (JZ_APPLICATION_FLOW (flow)),
                                        0, &error);

  g_assert_no_error (error);
  return materials;
}

/* "Take photo" on a checklist row: the page lands as an imported file
 * does; tapping it opens the viewer, whose delete removes it. */
static void
test_application (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(GPtrArray) materials = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *sha = NULL;
  g_autofree char *captures = g_build_filename (f->dir, "captures", NULL);
  JsonArray *pages;
  GtkWidget *flow, *window;
  GtkWindow *camera_window, *viewer;
  JzCamera *camera;
  GDate today;

  if (!elements_present ())
    return;
  g_setenv ("JUZHU_CAMERA_SOURCE", "videotestsrc", TRUE);
  g_ptr_array_add (codes, "220104");
  g_ptr_array_add (names, "朝阳区");
  g_assert_true (jz_store_import_divisions (jz_session_get_store (f->session), codes, names, &error));
  g_assert_no_error (error);
  jz_session_get_today (f->session, &today);
  json_object_set_string_member (input, "id_number", "411202198506120024");
  json_object_set_string_member (input, "name", "王小燕");
  json_object_set_string_member (input, "residence_division", "220104");
  json_object_set_string_member (input, "residence_address", "人民大街1号");
  json_object_set_string_member (input, "arrival_date", "2025-08-15");
  json_object_set_string_member (input, "reason", "work");
  declared = jz_registry_declare (jz_session_get_registry (f->session), input, &today, "test", &error);
  g_assert_no_error (error);

  flow = jz_application_flow_new (f->session, json_object_get_string_member (declared, "person_id"));
  window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (window), flow);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  jz_test_wait (flow_idle, flow, "the application flow");
  gtk_widget_activate_action (flow, "flow.next", NULL);
  jz_test_wait (flow_idle, flow, "the checklist");

  g_assert_true (gtk_widget_activate_action (flow, "flow.take-pages", "s", "id_card"));
  camera_window = find_window (ADW_TYPE_WINDOW, "jz-camera");
  g_assert_nonnull (camera_window);
  camera = jz_camera_window_get_camera (camera_window);
  jz_test_wait (frames_arrived, camera, "frames in the flow's camera");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (camera), "camera.shutter", NULL));
  jz_test_wait (state_is_review, camera, "the capture");
  g_assert_cmpstr (jz_camera_get_state (camera), ==, "review");
  sha = g_strdup (jz_camera_get_sha256 (camera));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (camera), "camera.use", NULL));
  jz_test_spin (50);
  jz_test_wait (flow_idle, flow, "the page added");

  materials = list_materials (f, flow);
  g_assert_cmpuint (materials->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (materials->pdata[0], "document"), ==, "id_card");
  pages = json_object_get_array_member (materials->pdata[0], "pages");
  g_assert_cmpuint (json_array_get_length (pages), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (pages, 0), ==, sha);
  /* nothing of the capture was written in plain */
  g_assert_false (g_file_test (captures, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate_action (flow, "flow.view-page", "(ss)",
                                             json_object_get_string_member (materials->pdata[0], "id"), sha));
  viewer = find_window (JZ_TYPE_PHOTO_VIEWER, NULL);
  g_assert_nonnull (viewer);
  jz_test_wait (has_size, viewer, "the viewer");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.delete", NULL));
  jz_test_spin (50);
  jz_test_wait (flow_idle, flow, "the page deleted");
  g_clear_pointer (&materials, g_ptr_array_unref);
  materials = list_materials (f, flow);
  for (guint i = 0; i < materials->len; i++)
    g_assert_true (json_object_get_boolean_member_with_default (materials->pdata[i], "deleted", FALSE));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display (run under xvfb-run, as scripts/test does)\n");
      return 0;
    }
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  jz_test_gtk_init (&argc, &argv);
  gst_init (&argc, &argv);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  out_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "screenshots", NULL);
  g_mkdir_with_parents (out_dir, 0755);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/camera/capture", test_capture);
  ADD ("/camera/no-source", test_no_source);
  ADD ("/camera/portal", test_portal);
  ADD ("/camera/viewer", test_viewer);
  ADD ("/camera/application", test_application);
#undef ADD
  return g_test_run ();
}
