/* test-print.c — the printed documents, drawn to PDF and PNG files
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A person is declared and applies through the core; the 暂住登记凭证, the
 * one-time notice and the acceptance receipt are drawn by the same
 * functions the print dialog uses into PDF files (checked: a PDF, not
 * empty, the number in its metadata, the export audited) and
 * into PNG files under the build directory (tests/print/) for a person
 * to look at.
 */
#include "config.h"

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "jz-app-test-util.h"
#include "jz-date.h"
#include "jz-print.h"
#include "jz-print-private.h"
#include "jz-qr.h"
#ifdef JZ_HAVE_PHOTO_TEST_SET
#include "jz-test-camera.h"
#endif

typedef struct
{
  char      *dir;
  JzSession *session;
} Fixture;


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  f->dir = g_dir_make_tmp ("juzhu-print-XXXXXX", &error);
  g_assert_no_error (error);
  f->session = jz_session_open (f->dir, &error);
  g_assert_no_error (error);
  g_ptr_array_add (codes, "220104");
  g_ptr_array_add (names, "朝阳区");
  g_ptr_array_add (codes, "220100");
  g_ptr_array_add (names, "长春市");
  g_assert_true (jz_store_import_divisions (jz_session_get_store (f->session), codes, names, &error));
  g_assert_no_error (error);
  jz_test_give_station_key (jz_session_get_store (f->session));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->session);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static gboolean
contains (const char *hay,
          gsize       len,
          const char *needle,
          gsize       n)
{
  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (memcmp (hay + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* "(ASCII)" as cairo writes it, or <FEFF…> UTF-16BE hex for the rest. */
static gboolean
pdf_has_text (const char *pdf,
              gsize       len,
              const char *text)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);

  if (contains (pdf, len, text, strlen (text)))
    return TRUE;
  for (guint i = 0; utf16 != NULL && utf16[i] != 0; i++)
    g_string_append_printf (hex, "%04X", utf16[i]);
  if (contains (pdf, len, hex->str, hex->len))
    return TRUE;
  g_string_ascii_down (hex);
  return contains (pdf, len, hex->str, hex->len);
}

static gboolean have_display;

static GtkWidget *
find_picture (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_picture (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
audit_count (Fixture    *f,
             const char *record,
             const char *action,
             const char *detail)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = jz_store_audit_list (jz_session_get_store (f->session), record, 50, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = rows->pdata[i];

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "action", NULL), action) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (o, "detail", NULL), detail) == 0)
        n++;
    }
  return n;
}

/* What the Print button runs: a GtkPrintOperation drawing the pages, here
 * exported to @pdf instead of sent through the dialog; waits until the
 * print is audited (@detail as written by the print). */
static void
print_through_operation (Fixture    *f,
                         JzPrintDoc *doc,
                         const char *record,
                         const char *detail,
                         const char *pdf)
{
  GtkWidget *window = gtk_window_new ();
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint before = audit_count (f, record, "print", detail);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  jz_print_run_doc (window, NULL, f->session, doc, pdf);
  while (audit_count (f, record, "print", detail) == before)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1024);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

static gboolean
audited (Fixture    *f,
         const char *record,
         const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = jz_store_audit_list (jz_session_get_store (f->session), record, 50, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = rows->pdata[i];

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "action", NULL), action) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (o, "detail", NULL), "pdf") == 0)
        return TRUE;
    }
  return FALSE;
}

/* The page drawn at 3× and photographed whole by the simulated phone
 * (4000 × 3000, the sheet filling 88 % of it, in daylight: the share read
 * in a dim room is the qr-read benchmark's to measure, not a test's to
 * depend on); the code read off the photo is the paper's and is genuine. */
static void
check_code (Fixture     *f,
            JzPrintDoc  *doc,
            const char  *png_dir,
            const char  *stem)
{
#ifdef JZ_HAVE_PHOTO_TEST_SET
  cairo_surface_t *page = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1786, 2526);
  cairo_t *cr = cairo_create (page);
  g_autofree char *jpeg = g_strdup_printf ("%s/%s-photo.jpg", png_dir, stem);
  g_auto(GStrv) codes = NULL;
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JzPaper) paper = NULL;
  g_autofree char *person = NULL;
  JzTestCamera camera = { g_str_hash (stem), 3000, 4000, 0.88, FALSE, 90, 1, 1, 0 };
  double to_frame[9];

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  jz_print_draw (doc, cr, 1786, 2526);
  cairo_destroy (cr);
  photo = jz_test_camera_shoot (&camera, page, to_frame);
  cairo_surface_destroy (page);
  g_assert_true (g_file_set_contents (jpeg, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), &error));
  codes = jz_qr_read (photo, "photo", &error);
  g_assert_no_error (error);
  g_assert_nonnull (codes[0]);
  g_assert_cmpstr (codes[0], ==, doc->code);
  paper = jz_registry_paper_verify (jz_session_get_registry (f->session), codes[0], NULL, "test", &person, NULL,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (paper->record, ==, doc->record_id);
  g_assert_cmpstr (paper->holder, ==, doc->name);
  g_assert_nonnull (person);
#else
  g_test_message ("no photo test set: the code is not photographed");
#endif
}

static void
check_document (Fixture     *f,
                JzPrintKind  kind,
                const char  *record,
                const char  *stem,
                const char  *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzPrintDoc) doc = NULL;
  g_autofree char *png_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", "print", NULL);
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", png_dir, stem);
  g_autofree char *png = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_cmpint (g_mkdir_with_parents (png_dir, 0755), ==, 0);
  g_assert_true (jz_print_export_pdf (f->session, kind, record, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 1024);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_true (pdf_has_text (contents, len, number));
  g_assert_true (audited (f, record, "export"));

  /* The same drawing, on a picture of the page. */
  doc = jz_print_doc_gather (f->session, kind, record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (png_dir, 0755), ==, 0);
  png = g_strdup_printf ("%s/%s.png", png_dir, stem);
  g_assert_true (jz_print_write_png (doc, png, 1.5, &error));
  g_assert_no_error (error);
  g_test_message ("page: %s", png);

  /* its code: signed, and read off a phone's photo of the whole page */
  if (jz_qr_available (NULL))
    {
      g_assert_nonnull (doc->code);
      g_assert_null (doc->code_problem);
      check_code (f, doc, png_dir, stem);
    }

  /* And through the print operation. */
  if (have_display)
    {
      g_autofree char *printed = g_strdup_printf ("%s/%s-printed.pdf", png_dir, stem);

      print_through_operation (f, g_steal_pointer (&doc), record, NULL, printed);
    }
}

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  JzRegistry *registry = jz_session_get_registry (f->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) declared = NULL;
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonObject) applied = NULL;
  JsonArray *conditions = json_array_new ();
  g_autofree char *page = g_build_filename (f->dir, "page.png", NULL);
  const char *app_id;
  const char *cert;
  GDate registered, today;

  g_date_clear (&registered, 1);
  g_date_set_dmy (&registered, 20, 8, 2025);
  jz_session_get_today (f->session, &today);

  json_object_set_string_member (input, "id_number", "411202198506120024");
  json_object_set_string_member (input, "name", "王小燕");
  json_object_set_string_member (input, "hukou_division", "411202");
  json_object_set_string_member (input, "residence_division", "220104");
  json_object_set_string_member (input, "residence_address", "人民大街100号3单元502");
  json_object_set_string_member (input, "arrival_date", "2025-08-15");
  json_object_set_string_member (input, "reason", "work");
  /* the holder's portrait goes on their 凭证; the station's name on what it issues */
  {
    g_autoptr(GdkPixbuf) face = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 400);
    g_autofree char *face_path = g_build_filename (f->dir, "face.jpg", NULL);
    JzPhotoInfo info;

    gdk_pixbuf_fill (face, 0xc09070ff);
    g_assert_true (gdk_pixbuf_save (face, face_path, "jpeg", &error, NULL));
    g_assert_true (jz_photo_store_import_file (jz_session_get_photos (f->session), face_path, &info, &error));
    g_assert_no_error (error);
    json_object_set_string_member (input, "portrait", info.sha256);
  }
  g_assert_true (jz_store_set_meta (jz_session_get_store (f->session), "sync_real_name", "红旗社区居委会", &error));
  declared = jz_registry_declare (registry, input, &registered, "test", &error);
  g_assert_no_error (error);
  cert = json_object_get_string_member (declared, "certificate_no");
  g_assert_nonnull (cert);
  {
    g_autoptr(JzPrintDoc) doc = jz_print_doc_gather (f->session, JZ_PRINT_CERTIFICATE,
                                                     json_object_get_string_member (declared, "registration_id"),
                                                     &error);
    guint last;

    g_assert_no_error (error);
    g_assert_nonnull (doc->portrait);
    last = doc->labels->len - 1;
    g_assert_cmpstr (doc->labels->pdata[last], ==, "Registration station");
    g_assert_cmpstr (doc->values->pdata[last], ==, "红旗社区居委会");

    /* the print dialog's Preview: the page in a window, drawn in memory
     * (GTK's own would write it to a PDF in the temporary folder), and
     * the view in the audit log */
    {
      GtkWindow *preview = jz_print_preview_show (doc, NULL);
      GtkWidget *picture = find_picture (GTK_WIDGET (preview));

      jz_test_spin (50);
      g_assert_nonnull (picture);
      g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (GTK_PICTURE (picture))), >, 800);
      g_free (jz_test_save_png (preview, "print-preview", 300));
      gtk_window_destroy (preview);
      jz_print_preview_audit (f->session, doc, NULL);
      jz_test_spin (300);
      g_assert_cmpuint (audit_count (f, doc->record_id, "preview", NULL), ==, 1);
    }
  }

  check_document (f, JZ_PRINT_CERTIFICATE,
                  json_object_get_string_member (declared, "registration_id"),
                  "certificate", cert);

  json_object_set_string_member (apply, "person_id", json_object_get_string_member (declared, "person_id"));
  json_object_set_string_member (apply, "kind", "first");
  json_array_add_string_element (conditions, "employment");
  json_object_set_array_member (apply, "conditions", conditions);
  json_object_set_string_member (apply, "residence_since", "2025-08-15");
  applied = jz_registry_apply (registry, apply, &today, "test", &error);
  g_assert_no_error (error);
  app_id = json_object_get_string_member (applied, "id");

  check_document (f, JZ_PRINT_NOTICE, app_id, "notice", app_id);

  /* The receipt needs the application accepted: every material first. */
  {
    g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);

    gdk_pixbuf_fill (pixbuf, 0x308040ff);
    g_assert_true (gdk_pixbuf_save (pixbuf, page, "png", &error, NULL));
    g_assert_no_error (error);
  }
  jz_test_complete_materials (registry, app_id, &today, page, "2026-02-01");
  g_assert_true (jz_registry_accept (registry, app_id, &today, FALSE, "test", &error));
  g_assert_no_error (error);

  check_document (f, JZ_PRINT_RECEIPT, app_id, "receipt", app_id);

  /* A landlord's 住宿证明, printed: audited on the person and added to the
   * application's materials. */
  if (have_display)
    {
      const char *person = json_object_get_string_member (declared, "person_id");
      JzProofRequest request = { JZ_PROOF_ACCOMMODATION, (char *) person, (char *) "人民大街100号3单元502",
                                 (char *) "2025-08-15" };
      g_autoptr(JsonObject) values = jz_proof_gather_values (f->session, &request, &error);
      g_autoptr(GPtrArray) before = NULL;
      g_autoptr(GPtrArray) after = NULL;
      g_autofree char *pdf = g_build_filename (f->dir, "proof.pdf", NULL);

      g_assert_no_error (error);
      before = jz_store_list (jz_session_get_store (f->session), "material", "application_id", app_id, 100, &error);
      g_assert_no_error (error);
      print_through_operation (f, jz_print_doc_new_proof (JZ_PROOF_ACCOMMODATION, person, values),
                               person, "accommodation_proof", pdf);
      /* The material is added after the audit, in the same worker call. */
      for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;; g_usleep (2000))
        {
          g_clear_pointer (&after, g_ptr_array_unref);
          after = jz_store_list (jz_session_get_store (f->session), "material", "application_id", app_id, 100, &error);
          g_assert_no_error (error);
          if (after->len > before->len || g_get_monotonic_time () > deadline)
            break;
          g_main_context_iteration (NULL, FALSE);
        }
      g_assert_cmpuint (after->len, ==, before->len + 1);

      /* Nothing to prove without the address. */
      request.place = (char *) "";
      g_assert_null (jz_proof_gather_values (f->session, &request, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The print operation needs GTK; the drawing alone does not. */
  jz_test_session_bus ();
  g_setenv ("GTK_A11Y", "none", TRUE);
  have_display = gtk_init_check ();
  if (!have_display)
    g_test_message ("no display: the print operation is not tried");
  g_test_add ("/print/documents", Fixture, NULL, fixture_set_up, test_documents, fixture_tear_down);
  return g_test_run ();
}
