/* test-sync-faults.c — syncs through a proxy that corrupts bytes, cuts
 * photo uploads every 1 MB, or rewrites the Date header, in the world of
 * the convergence test (test-sync-world.h)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-sync-world.h"

/* ---- faults: corruption, photos over a link cut every 1 MB ----------------- */

void
test_faults_corrupt (void)
{
  guint n_seeds = MAX (env_uint ("JZ_SEEDS", 200) / 10, 3);
  guint32 base = env_uint ("JZ_SEED_BASE", g_test_rand_int_range (1, G_MAXINT32 / 2));
  guint corruptions = 0;

  /* Push and pull bodies carry a Content-Digest (RFC 9530) both ways: a
   * byte flipped on the way is caught and the request retried, never
   * stored. Without it, a flipped byte inside a JSON string would be
   * applied as sent and the replicas would diverge for good. */
  g_test_message ("seeds %u … %u", base, base + n_seeds - 1);
  for (guint k = 0; k < n_seeds; k++)
    {
      World w;
      g_autofree char *log = NULL;
      g_autofree char *seed_arg = NULL;
      g_autofree char *summary = NULL;

      world_start (&w, base + k, 3, TRUE, FALSE);
      w.corrupting = TRUE;
      log = g_strdup_printf ("%s/proxy.log", w.dir);
      seed_arg = g_strdup_printf ("--seed=%u", w.seed);
      tu_proxy_start (&w.proxy, log, w.server.port, seed_arg, "--cut-prob=0.05", "--stall-prob=0.05",
                      "--stall-ms=20", "--corrupt-prob=0.1", NULL);
      for (w.step = 0; w.step < 40; w.step++)
        {
          Device *d = &w.devices[g_rand_int_range (w.rand, 0, w.n)];

          if (g_rand_int_range (w.rand, 0, 3) == 0)
            {
              g_autoptr(JzSyncSummary) s = device_sync (&w, d, TRUE);
            }
          else
            random_edit (&w, d);
        }
      summary = tu_proxy_stop (&w.proxy);
      corruptions += tu_summary_value (summary, "corruptions");
      check_converged (&w);
      world_stop (&w);
    }
  g_test_message ("%u seeds, %u bytes corrupted on the way", n_seeds, corruptions);
}

/* A header no checksum covers, damaged on the way: the Date of every
 * answer says the server's year is 500 years on. The device takes the
 * server's time from the answer's body, which its Content-Digest covers,
 * and goes on saving (it once refused every save until the next sync). */
void
test_faults_date_header (void)
{
  World w;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *log = NULL;
  g_autofree char *rewrite = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(JzSyncSummary) s = NULL;
  Device *d;

  world_start (&w, env_uint ("JZ_SEED_BASE", g_test_rand_int_range (1, G_MAXINT32 / 2)), 2, TRUE, FALSE);
  d = &w.devices[1];
  d->skew_ms = 0;
  log = g_strdup_printf ("%s/proxy.log", w.dir);
  rewrite = g_strdup_printf ("--rewrite-down= %d = %d ", g_date_time_get_year (now),
                             g_date_time_get_year (now) + 500);
  tu_proxy_start (&w.proxy, log, w.server.port, rewrite, NULL);
  random_create (&w, d);
  s = device_sync (&w, d, TRUE);
  W_CHECK (&w, s != NULL, "dev1: the sync through the proxy failed");
  summary = tu_proxy_stop (&w.proxy);
  W_CHECK (&w, tu_summary_value (summary, "rewrites") > 0, "no Date header was rewritten: %s", summary);

  /* random_create fails the world on any refusal but a disputed or invalid
   * field: a clock refusal ends the test here */
  for (guint i = 0; i < 3; i++)
    random_create (&w, d);
  check_converged (&w);
  world_stop (&w);
}

/* Every file of the server's blob store hashes to its name. */
static guint
check_server_blobs (World      *w,
                    const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += check_server_blobs (w, path);
      else if (jz_photo_sha256_valid (name))
        {
          g_autofree char *data = NULL;
          g_autofree char *sum = NULL;
          gsize len = 0;

          W_CHECK (w, g_file_get_contents (path, &data, &len, NULL), "cannot read %s", path);
          sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
          W_CHECK (w, g_str_equal (sum, name), "the server keeps %s, whose SHA-256 is %s", path, sum);
          n++;
        }
    }
  g_dir_close (d);
  return n;
}

/* A person with a portrait, a JPEG of about @size bytes; returns its hash. */
static char *
create_with_photo (World  *w,
                   Device *d,
                   gsize   size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzSave) save = jz_save_new ("photographer");
  g_autoptr(JsonObject) p = json_object_new ();
  g_autoptr(GBytes) bytes = tu_noise_jpeg (w->rand, size);
  char *sha;

  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  W_CHECK (w, jz_photo_store_add_verified_blob (d->photos, sha, bytes, &error), "add blob: %s",
           error ? error->message : "?");
  json_object_set_string_member (p, "id_number", PICK (w, ids));
  json_object_set_string_member (p, "name", PICK (w, names));
  json_object_set_string_member (p, "portrait", sha);
  jz_save_create (save, "person", p);
  W_CHECK (w, jz_store_commit (d->store, save, &error), "commit: %s", error ? error->message : "?");
  d->saves++;
  return sha;
}

void
test_faults_photos (void)
{
  World w;
  g_autofree char *log = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *blobs = NULL;
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  const gsize size = 400 * 1024;
  const guint n_photos = 6;
  guint64 cuts, sent_before;
  guint syncs = 0, kept;

  world_start (&w, env_uint ("JZ_SEED_BASE", g_test_rand_int_range (1, G_MAXINT32 / 2)), 2, TRUE, FALSE);
  log = g_strdup_printf ("%s/proxy.log", w.dir);

  /* ~2.4 MB of photos over an uplink cut every 1 MB */
  tu_proxy_start (&w.proxy, log, w.server.port, "--cut-every=1048576", NULL);
  for (guint i = 0; i < n_photos; i++)
    g_ptr_array_add (hashes, create_with_photo (&w, &w.devices[0], size));
  total_photo_bytes = 0;
  for (;;)
    {
      g_autoptr(JzSyncSummary) s = device_sync (&w, &w.devices[0], TRUE);

      syncs++;
      if (s != NULL)
        break;
      W_CHECK (&w, syncs < 10, "the photos were still not up after %u syncs", syncs);
    }
  summary = tu_proxy_stop (&w.proxy);
  cuts = tu_summary_value (summary, "cuts");
  g_test_message ("%u photos of %zu bytes through cuts every 1 MB: %" G_GUINT64_FORMAT
                  " bytes sent, %" G_GUINT64_FORMAT " cuts, %u syncs, %s", n_photos, size,
                  total_photo_bytes, cuts, syncs, summary);
  W_CHECK (&w, cuts >= 2, "only %" G_GUINT64_FORMAT " cuts", cuts);
  /* at most one chunk (here: one whole photo) again per cut */
  W_CHECK (&w, total_photo_bytes <= n_photos * size + cuts * size,
           "%" G_GUINT64_FORMAT " photo bytes sent for %zu", total_photo_bytes, n_photos * size);

  /* a byte corrupted on the way up is never kept */
  g_clear_pointer (&summary, g_free);
  tu_proxy_start (&w.proxy, log, w.server.port, "--corrupt-prob=0.1", "--faults=up", "--seed=7", NULL);
  w.corrupting = TRUE;
  for (guint i = 0; i < n_photos; i++)
    g_ptr_array_add (hashes, create_with_photo (&w, &w.devices[0], size));
  sent_before = total_photo_bytes;
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JzSyncSummary) s = device_sync (&w, &w.devices[0], TRUE);
    }
  summary = tu_proxy_stop (&w.proxy);
  g_test_message ("corrupting uplink: %" G_GUINT64_FORMAT " photo bytes sent, %s",
                  total_photo_bytes - sent_before, summary);
  W_CHECK (&w, tu_summary_value (summary, "corruptions") > 0, "nothing was corrupted");
  blobs = g_build_filename (w.server.dir, "blobs", NULL);
  kept = check_server_blobs (&w, blobs);
  w.corrupting = FALSE;

  /* then directly: everything arrives, intact, and the other device can fetch it */
  quiesce (&w);
  for (guint i = 0; i < hashes->len; i++)
    {
      g_autoptr(GError) error = NULL;

      W_CHECK (&w, jz_sync_client_fetch_photo (w.devices[1].client, hashes->pdata[i], NULL, &error),
               "dev1: fetch %s: %s", (char *) hashes->pdata[i], error ? error->message : "?");
    }
  W_CHECK (&w, check_server_blobs (&w, blobs) == hashes->len, "the server keeps %u photos, not %u",
           check_server_blobs (&w, blobs), hashes->len);
  g_test_message ("%u intact photos kept after the corrupting uplink, %u in the end", kept, hashes->len);
  check_converged (&w);
  world_stop (&w);
}
