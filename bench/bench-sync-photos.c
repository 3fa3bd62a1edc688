/* bench-sync-photos.c — sync-photos-cut: photos uploaded through a link
 * cut every MiB (tus resumes)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "bench-sync-util.h"
#include "jz-photo.h"
#include "jz-store.h"
#include "jz-sync-client.h"

/* Photos are 860–1239 px wide (4:3), about 400 KB on average once
 * normalised, of varied sizes as real ones are: equal sizes would put
 * every cut at the same place in a chunk. */
#define PHOTO_MIN_WIDTH 860
#define PHOTO_WIDTHS    380

/* A document-like photo: gradient, noise, dark strokes; JPEG bytes. */
static GBytes *
make_photo (guint32 seed,
            int     width)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  int height = width * 3 / 4;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  char *buffer = NULL;
  gsize size = 0;

  for (int y = 0; y < height; y++)
    {
      gboolean text_row = (y % 40) >= 20 && (y % 40) < 36;

      for (int x = 0; x < width; x++)
        {
          guint8 *p = pixels + (gsize) y * stride + (gsize) x * 3;
          int v = 150 + (x * 60 / width) + (y * 40 / height) + g_rand_int_range (rand, -12, 13);

          if (text_row && ((x / 7) % 6) != 0 && g_rand_int_range (rand, 0, 3) == 0)
            v = 40 + g_rand_int_range (rand, -12, 13);
          v = CLAMP (v, 0, 255);
          p[0] = (guint8) CLAMP (v + 6, 0, 255);
          p[1] = (guint8) v;
          p[2] = (guint8) CLAMP (v - 10, 0, 255);
        }
    }
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", "92", NULL))
    g_error ("encoding a photo: %s", error->message);
  return g_bytes_new_take (buffer, size);
}

/* Reads "listening on HOST:PORT" from the proxy. */
static GSubprocess *
proxy_start (guint  target_port,
             guint *port)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", target_port);
  g_autofree char *line = NULL;
  GSubprocess *process;
  const char *colon;

  process = g_subprocess_launcher_spawn (launcher, &error, bench_env_path ("JZ_FAULT_PROXY"),
                                         "--listen", "127.0.0.1:0", "--target", target,
                                         "--seed", "1", "--cut-every", "1048576", NULL);
  if (process == NULL)
    g_error ("jz-fault-proxy: %s", error->message);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on ") || (colon = strrchr (line, ':')) == NULL)
    g_error ("jz-fault-proxy did not say where it listens (%s)", error ? error->message : line);
  *port = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
  return process;
}

static guint64
summary_value (const char *summary,
               const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *p = summary ? strstr (summary, needle) : NULL;

  return p ? g_ascii_strtoull (p + strlen (needle), NULL, 10) : 0;
}

void
bench_run_photos (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("juzhu-bench-sync-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (tmp, "device", NULL);
  g_autofree char *code = NULL;
  g_autofree char *proxy_url = NULL;
  g_autofree char *proxy_out = NULL;
  g_autoptr(GSubprocess) proxy = NULL;
  g_autoptr(JzSyncSummary) s = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(JzSave) save = jz_save_new ("bench");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = bench_env_uint ("JUZHU_BENCH_PHOTOS", 100);
  Server server = { 0 };
  Device device = { 0 };
  ServerLog log = { 0 };
  guint64 photo_bytes = 0, up_read, up_bytes;
  guint before, proxy_port = 0;
  double t, make_s, sync_s;

  bench_server_start (&server, tmp);
  g_free (bench_server_admin (server.dir, "user", "add", "wang", "--role", "committee", "--area", "220104", NULL));
  code = bench_server_admin (server.dir, "enrol-code", "wang", NULL);
  bench_device_open (&device, dir, server.url, code, "bench photo device");

  /* Photos imported as the app imports them: normalised, content-addressed. */
  t = bench_now_s ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) jpeg = make_photo (1000 + i, PHOTO_MIN_WIDTH + (int) ((i * 7919u) % PHOTO_WIDTHS));
      g_autoptr(JsonObject) p = NULL;
      BenchDeclaration d;
      JzPhotoInfo info;
      double kib;

      if (!jz_photo_store_import_bytes (device.photos, jpeg, &info, &error))
        g_error ("importing photo %u: %s", i, error->message);
      photo_bytes += info.size;
      kib = info.size / 1024.0;
      g_array_append_val (sizes, kib);
      bench_make_declaration (rand, i, &d);
      p = bench_person_object (&d);
      json_object_set_string_member (p, "portrait", info.sha256);
      jz_save_create (save, "person", p);
    }
  if (!jz_store_commit (device.store, save, &error))
    g_error ("saving the persons: %s", error->message);
  make_s = bench_now_s () - t;

  /* Everything after enrolment goes through the proxy. */
  proxy = proxy_start (server.port, &proxy_port);
  proxy_url = g_strdup_printf ("http://127.0.0.1:%u", proxy_port);
  if (!jz_store_set_meta (device.store, "sync_server", proxy_url, &error))
    g_error ("%s", error->message);

  bench_server_log_read (&server, 0, &log);
  before = log.lines;
  bench_server_log_clear (&log);

  s = bench_device_sync (&device, &sync_s);
  bench_server_log_read (&server, before, &log);

  g_subprocess_send_signal (proxy, SIGTERM);
  if (!g_subprocess_communicate_utf8 (proxy, NULL, NULL, &proxy_out, NULL, &error))
    g_error ("jz-fault-proxy: %s", error->message);
  up_read = summary_value (proxy_out, "up_read");
  up_bytes = summary_value (proxy_out, "up_bytes");

  if (s->photos_uploaded != n)
    g_error ("uploaded %u photos of %u", s->photos_uploaded, n);

  printf ("sync-photos-cut: %u photos, normalised JPEGs of %.0f–%.0f KiB (median %.0f KiB), %.1f MiB in all\n",
          n, bench_percentile (sizes, 0), bench_percentile (sizes, 100), bench_percentile (sizes, 50),
          photo_bytes / 1048576.0);
  printf ("  making and importing them: %.1f s (not part of the sync)\n", make_s);
  printf ("  link cut after every 1 048 576 bytes sent up: %" G_GUINT64_FORMAT " cuts\n",
          summary_value (proxy_out, "cuts"));
  printf ("  sync: %.2f s, %u photos uploaded, %u HTTP requests (server log: %u: %u PATCH, %u HEAD of an upload)\n",
          sync_s, s->photos_uploaded, s->requests, log.lines, log.patches, log.upload_heads);
  printf ("  resumes (HEAD of an upload after a cut): %u\n", log.upload_heads);
  printf ("  requests by kind: %s\n", log.kinds->str);
  printf ("  bytes sent client → server through the proxy: %" G_GUINT64_FORMAT
          " (forwarded %" G_GUINT64_FORMAT ")\n", up_read, up_bytes);
  printf ("  ratio to the bytes of the photos: %.3f, all requests and headers included (goal ≤ 1.1: %s)\n",
          (double) up_read / photo_bytes, (double) up_read / photo_bytes <= 1.1 ? "met" : "NOT met");
  printf ("  photo body bytes sent (PATCH bodies, re-sends included) / photo bytes: %.3f\n",
          (double) s->photo_bytes / photo_bytes);
  printf ("  proxy: %s\n", proxy_out ? g_strstrip (proxy_out) : "");

  bench_server_log_clear (&log);
  bench_device_close (&device);
  bench_server_stop (&server);
  bench_remove_tree (tmp);
}
