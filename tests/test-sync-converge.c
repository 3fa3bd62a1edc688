/* test-sync-converge.c — randomised convergence through a real county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The randomised test of docs/sync.md ("Tests that prove it"): per seed, a
 * real `juzhu-server serve` ($JUZHU_SERVER) on 127.0.0.1 with its own data
 * directory, and 2–6 devices (in-process JzStore + JzSyncClient on real
 * SQLite data directories, county role so that everyone sees everything).
 * The devices make random creates, ordinary and legal edits and
 * resolutions, with clocks from a day slow to a day fast and sometimes one
 * stuck in 2000 (which must refuse every save with JZ_STORE_ERROR_CLOCK);
 * they sync in random order, some stay offline for a while, some syncs go
 * through jz-fault-proxy ($JZ_FAULT_PROXY) cutting and stalling connections
 * (dropped requests, lost answers), old push bodies are posted again and
 * pending batches arrive early and shuffled (raw HTTP with the device's
 * token), and county IT compacts the feed (`juzhu-server compact`), so that
 * devices behind it start again from snapshots.
 *
 * At the end everyone syncs until nothing moves; then every replica — each
 * device and the server's county.db — has the same records and the same
 * conflicts, every change set a device made is on every replica exactly
 * once, and posting every push body again twice changes nothing.
 *
 * JZ_SEEDS=N sets the number of seeds (default 200), JZ_SEED=N replays one
 * seed, JZ_SEED_BASE=N fixes the first (default: random, printed). A
 * failure names its seed and prints the seed's trace.
 *
 * /sync/faults/photos: photos of ~400 KB uploaded through a proxy that cuts
 * every 1 MB (at most one chunk re-sent per cut), then through one that
 * corrupts bytes (no blob kept whose hash is wrong). /sync/faults/corrupt:
 * syncs through a proxy that corrupts bytes (caught by Content-Digest).
 * /sync/faults/date-header: a Date header damaged on the way does not move
 * the device's idea of the server's time.
 */
#include "config.h"

#include <stdio.h>

#include "jz-hlc.h"
#include "test-sync-world.h"

static const char * const record_types[] = { "person", "registration", NULL };


static gint64 time_setup, time_stop, time_sync;
static guint total_cuts;
guint64 total_photo_bytes;
static guint total_syncs, total_failed_syncs, total_replays, total_edits, total_clock_refusals;
static guint total_compactions, total_snapshots;

/* ---- failing with the seed ------------------------------------------------ */

void G_GNUC_NORETURN G_GNUC_PRINTF (3, 4)
world_fail (World      *w,
            int         line,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *log = NULL;
  va_list ap;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_test_message ("seed %u failed; its trace:\n%s", w->seed, w->trace->str);
  if (w->server.log_path != NULL && g_file_get_contents (w->server.log_path, &log, NULL, NULL))
    {
      gsize len = strlen (log);

      g_test_message ("server log (tail):\n%s", len > 3000 ? log + len - 3000 : log);
    }
  msg = g_strdup_printf ("seed %u (replay with JZ_SEED=%u): %s", w->seed, w->seed, what);
  g_assertion_message (G_LOG_DOMAIN, __FILE__, line, G_STRFUNC, msg);
  abort ();
}


void G_GNUC_PRINTF (2, 3)
trace (World      *w,
       const char *format,
       ...)
{
  va_list ap;

  g_string_append_printf (w->trace, "%3u ", w->step);
  va_start (ap, format);
  g_string_append_vprintf (w->trace, format, ap);
  va_end (ap);
  g_string_append_c (w->trace, '\n');
}

/* ---- devices ------------------------------------------------------------- */

static gint64
device_clock (gpointer data)
{
  Device *d = data;

  return g_get_real_time () / 1000 + d->skew_ms;
}

static void
device_open (World      *w,
             Device     *d,
             guint       index,
             gint64      skew_ms,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *name = g_strdup_printf ("tablet %u", index);

  d->index = index;
  d->dir = g_strdup_printf ("%s/dev%u", w->dir, index);
  d->skew_ms = skew_ms;
  d->bodies = g_ptr_array_new_with_free_func (g_free);
  g_mkdir_with_parents (d->dir, 0700);
  d->store = jz_store_open (d->dir, &error);
  W_NO_ERROR (w, error);
  jz_store_set_clock (d->store, device_clock, d);
  d->photos = jz_photo_store_new (d->dir);
  d->client = jz_sync_client_new (d->store, d->photos);
  jz_sync_client_set_retry_base (d->client, 1);
  jz_sync_client_set_max_tries (d->client, 4);
  answer = jz_sync_client_enrol (d->client, w->server.url, code, name, NULL, &error);
  W_NO_ERROR (w, error);
  d->token = tu_read_token (d->dir);
  d->direct_url = jz_store_get_meta (d->store, "sync_server", &error);
  W_NO_ERROR (w, error);
}

static void
device_close (Device *d)
{
  g_clear_object (&d->client);
  g_clear_object (&d->photos);
  g_clear_object (&d->store);
  g_clear_pointer (&d->dir, g_free);
  g_clear_pointer (&d->token, g_free);
  g_clear_pointer (&d->direct_url, g_free);
  g_clear_pointer (&d->bodies, g_ptr_array_unref);
}

static gboolean
device_in_2000 (Device *d)
{
  return d->skew_ms < -30 * DAY_MS;
}

static gint64
meta_int (World      *w,
          JzStore    *store,
          const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v = jz_store_get_meta (store, key, &error);

  W_NO_ERROR (w, error);
  return v ? g_ascii_strtoll (v, NULL, 10) : 0;
}

/* The body the next push would send (NULL when the outbox is empty). */
static char *
pending_body (World  *w,
              Device *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) batch = jz_store_export_outbox (d->store, meta_int (w, d->store, "sync_acked_seq"),
                                                       500, 2 * 1024 * 1024, &error);
  g_autoptr(JsonObject) envelope = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  W_NO_ERROR (w, error);
  if (json_array_get_length (batch) == 0)
    return NULL;
  json_object_set_array_member (envelope, "changes", json_array_ref (batch));
  node = json_node_init_object (json_node_alloc (), envelope);
  return json_to_string (node, FALSE);
}

/* One sync; through the proxy it may fail (after the client's retries). */
JzSyncSummary *
device_sync (World   *w,
             Device  *d,
             gboolean via_proxy)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = pending_body (w, d);
  JzSyncSummary *summary;

  if (body != NULL)
    g_ptr_array_add (d->bodies, g_steal_pointer (&body));
  if (via_proxy)
    {
      jz_store_set_meta (d->store, "sync_server", w->proxy.url, &error);
      W_NO_ERROR (w, error);
    }
  {
    gint64 t0 = g_get_monotonic_time ();

    summary = jz_sync_client_sync (d->client, NULL, &error);
    time_sync += g_get_monotonic_time () - t0;
  }
  total_syncs++;
  if (via_proxy)
    {
      g_autoptr(GError) meta_error = NULL;

      jz_store_set_meta (d->store, "sync_server", d->direct_url, &meta_error);
      W_NO_ERROR (w, meta_error);
    }
  if (summary == NULL)
    {
      trace (w, "dev%u sync%s failed: %s", d->index, via_proxy ? " (proxy)" : "", error->message);
      W_CHECK (w, via_proxy && (g_error_matches (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NETWORK) ||
                                (w->corrupting && error->domain == JZ_SYNC_ERROR)),
               "dev%u: sync%s: %s", d->index, via_proxy ? " through the proxy" : "", error->message);
      total_failed_syncs++;
      return NULL;
    }
  trace (w, "dev%u sync%s: pushed %u dup %u rej %u pulled %u applied %u requests %u snapshot pages %u",
         d->index, via_proxy ? " (proxy)" : "", summary->pushed, summary->duplicates, summary->rejected,
         summary->pulled, summary->applied, summary->requests, summary->snapshot_pages);
  total_snapshots += summary->snapshot_pages > 0;
  W_CHECK (w, summary->rejected == 0, "dev%u: the server rejected %u change sets", d->index, summary->rejected);
  total_photo_bytes += summary->photo_bytes;
  return summary;
}

/* ---- random edits --------------------------------------------------------- */

const char *names[3] = { "王芳", "王方", "李娜" };
static const char *addresses[] = { "长春市南关区幸福路1号", "长春市朝阳区红旗街5号" };
static const char *phones[] = { "13800000001", "13900000002", "13700000003" };
static const char *notes[] = { "夜班", "白班" };
const char *ids[3] = { "11010519491231002X", "220102199003074516", "410102198512250021" };

const char *
pick (World        *w,
      const char  **list,
      guint         n)
{
  return list[g_rand_int_range (w->rand, 0, n)];
}

/* Commits @save; expected refusals (a disputed field, a clock in 2000 for
 * a legal edit) are fine. */
void
commit (World      *w,
        Device     *d,
        JzSave     *save,
        guint       n_records,
        gboolean    legal,
        const char *what)
{
  g_autoptr(GError) error = NULL;

  if (jz_store_commit (d->store, save, &error))
    {
      d->saves += n_records;
      total_edits++;
      trace (w, "dev%u %s", d->index, what);
      return;
    }
  trace (w, "dev%u %s refused: %s", d->index, what, error->message);
  /* The device stuck in 2000 stamps nothing: every save is refused for its
   * clock, before anything else is looked at (a field in conflict too). */
  if (device_in_2000 (d))
    {
      W_CHECK (w, g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK),
               "dev%u (clock in 2000): %s: expected a clock error, got: %s", d->index, what, error->message);
      total_clock_refusals++;
      return;
    }
  W_CHECK (w, g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID) ||
              g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_DISPUTED),
           "dev%u: %s: %s", d->index, what, error->message);
}

void
random_create (World  *w,
               Device *d)
{
  g_autofree char *author = g_strdup_printf ("dev%u", d->index);
  g_autoptr(JzSave) save = jz_save_new (author);
  g_autoptr(JsonObject) p = json_object_new ();
  g_autofree char *person = NULL;
  g_autofree char *reg = NULL;
  guint n = 1;

  json_object_set_string_member (p, "id_number", PICK (w, ids));
  json_object_set_string_member (p, "name", PICK (w, names));
  person = g_strdup (jz_save_create (save, "person", p));
  if (g_rand_boolean (w->rand))
    {
      g_autoptr(JsonObject) r = json_object_new ();

      json_object_set_string_member (r, "person_id", person);
      json_object_set_string_member (r, "residence_division", "220104");
      json_object_set_string_member (r, "residence_address", PICK (w, addresses));
      json_object_set_string_member (r, "arrival_date", "2026-01-10");
      json_object_set_string_member (r, "registered_on", "2026-01-12");
      json_object_set_string_member (r, "reason", "work");
      reg = g_strdup (jz_save_create (save, "registration", r));
      n = 2;
    }
  {
    g_autoptr(GError) error = NULL;
    gboolean ok = jz_store_commit (d->store, save, &error);

    if (!ok)
      {
        trace (w, "dev%u create refused: %s", d->index, error->message);
        W_CHECK (w, device_in_2000 (d) && g_error_matches (error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK),
                 "dev%u: create: %s", d->index, error->message);
        total_clock_refusals++;
        return;
      }
    d->saves += n;
    total_edits++;
    g_ptr_array_add (w->records, g_strdup_printf ("person %s", person));
    if (reg != NULL)
      g_ptr_array_add (w->records, g_strdup_printf ("registration %s", reg));
    trace (w, "dev%u create person %.8s%s", d->index, person + 24, reg ? " + registration" : "");
  }
}

void
random_edit (World  *w,
             Device *d)
{
  g_autofree char *author = g_strdup_printf ("dev%u", d->index);
  g_autoptr(JzSave) save = jz_save_new (author);
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonObject) here = NULL;
  g_autofree char *what = NULL;
  const char *entry, *id, *field;
  gboolean legal;
  char rtype[16];

  if (w->records->len == 0 || g_rand_int_range (w->rand, 0, 8) == 0)
    {
      random_create (w, d);
      return;
    }
  entry = w->records->pdata[g_rand_int_range (w->rand, 0, w->records->len)];
  id = strchr (entry, ' ') + 1;
  g_strlcpy (rtype, entry, MIN (sizeof rtype, (gsize) (id - entry)));
  here = jz_store_get (d->store, rtype, id, NULL);
  if (here == NULL)       /* not synced here yet */
    return;

  legal = g_rand_int_range (w->rand, 0, 5) < 2;
  if (g_str_equal (rtype, "person"))
    {
      if (legal)
        {
          field = g_rand_boolean (w->rand) ? "name" : "hukou_address";
          json_object_set_string_member (o, field, g_str_equal (field, "name") ? PICK (w, names) : PICK (w, addresses));
        }
      else
        {
          field = g_rand_boolean (w->rand) ? "phone" : "notes";
          json_object_set_string_member (o, field, g_str_equal (field, "phone") ? PICK (w, phones) : PICK (w, notes));
        }
    }
  else
    {
      field = legal ? "residence_address" : "landlord_name";
      json_object_set_string_member (o, field, legal ? PICK (w, addresses) : PICK (w, names));
    }
  jz_save_update (save, rtype, id, o);
  what = g_strdup_printf ("edit %s %.8s %s=%s", rtype, id + 24, field, json_object_get_string_member (o, field));
  /* saving the value shown writes nothing */
  commit (w, d, save,
          g_strcmp0 (json_object_get_string_member_with_default (here, field, NULL),
                     json_object_get_string_member (o, field)) == 0 ? 0 : 1,
          legal, what);
}

static void
random_resolve (World  *w,
                Device *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = jz_store_conflicts (d->store, NULL, &error);

  W_NO_ERROR (w, error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *c = g_ptr_array_index (conflicts, i);
      JsonArray *values = json_object_get_array_member (c, "values");
      JsonObject *pick_one;
      const char *record = json_object_get_string_member (c, "record");
      const char *field = json_object_get_string_member (c, "field");
      g_autoptr(GError) local_error = NULL;

      if (g_rand_boolean (w->rand))
        continue;
      pick_one = json_array_get_object_element (values, g_rand_int_range (w->rand, 0, json_array_get_length (values)));
      if (jz_store_resolve (d->store, record, field, json_object_get_string_member (pick_one, "value_id"),
                            NULL, "resolver", &local_error))
        {
          d->saves++;
          total_edits++;
          trace (w, "dev%u resolve %.8s.%s", d->index, record + 24, field);
          continue;
        }
      trace (w, "dev%u resolve %.8s.%s refused: %s", d->index, record + 24, field, local_error->message);
      W_CHECK (w, device_in_2000 (d) && g_error_matches (local_error, JZ_STORE_ERROR, JZ_STORE_ERROR_CLOCK),
               "dev%u: resolve %s.%s: %s", d->index, record, field, local_error->message);
      total_clock_refusals++;
    }
}

/* ---- raw posts: late duplicates and early, shuffled batches --------------- */

static void
check_push_answer (World      *w,
                   Device     *d,
                   guint       status,
                   JsonObject *answer,
                   gboolean    all_duplicates,
                   const char *what)
{
  JsonArray *results;
  guint ok = 0, dup = 0;

  W_CHECK (w, status == 200 && answer != NULL && json_object_has_member (answer, "results"),
           "dev%u: %s: HTTP %u", d->index, what, status);
  results = json_object_get_array_member (answer, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      const char *s = json_object_get_string_member (json_array_get_object_element (results, i), "status");

      W_CHECK (w, g_strcmp0 (s, "ok") == 0 || g_strcmp0 (s, "duplicate") == 0,
               "dev%u: %s: results[%u] is %s", d->index, what, i, s);
      W_CHECK (w, !all_duplicates || g_strcmp0 (s, "duplicate") == 0,
               "dev%u: %s: results[%u] is %s, expected duplicate", d->index, what, i, s);
      if (g_strcmp0 (s, "ok") == 0)
        ok++;
      else
        dup++;
    }
  trace (w, "dev%u %s: ok %u dup %u", d->index, what, ok, dup);
  total_replays++;
}

static void
replay_old (World  *w,
            Device *d)
{
  g_autoptr(JsonObject) answer = NULL;
  const char *body;
  guint status;

  if (d->bodies->len == 0)
    return;
  body = d->bodies->pdata[g_rand_int_range (w->rand, 0, d->bodies->len)];
  status = tu_post_push (w->session, w->server.url, d->token, body, &answer);
  /* An old body may have been lost on its way: then it is new here. */
  check_push_answer (w, d, status, answer, FALSE, "replay of an old push");
}

/* The device's next batch reaches the server early, its change sets in a
 * random order, and the device does not get the answer. */
static void
post_shuffled_pending (World  *w,
                       Device *d)
{
  g_autofree char *body = pending_body (w, d);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) shuffled = json_array_new ();
  g_autoptr(JsonObject) envelope = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  JsonArray *changes;
  guint status;

  if (body == NULL)
    return;
  root = json_from_string (body, NULL);
  changes = json_object_get_array_member (json_node_get_object (root), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_ptr_array_insert (order, g_rand_int_range (w->rand, 0, order->len + 1), json_array_get_element (changes, i));
  for (guint i = 0; i < order->len; i++)
    json_array_add_element (shuffled, json_node_copy (order->pdata[i]));
  json_object_set_array_member (envelope, "changes", json_array_ref (shuffled));
  node = json_node_init_object (json_node_alloc (), envelope);
  text = json_to_string (node, FALSE);
  status = tu_post_push (w->session, w->server.url, d->token, text, &answer);
  check_push_answer (w, d, status, answer, FALSE, "early shuffled batch");
  g_ptr_array_add (d->bodies, g_steal_pointer (&text));
}

/* ---- one seed ------------------------------------------------------------- */

void
world_start (World  *w,
             guint32 seed,
             guint   n_devices,
             gboolean with_proxy,
             gboolean with_y2000)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *srv = NULL;

  gint64 t0 = g_get_monotonic_time ();

  memset (w, 0, sizeof *w);
  w->seed = seed;
  w->rand = g_rand_new_with_seed (seed);
  w->trace = g_string_new (NULL);
  w->records = g_ptr_array_new_with_free_func (g_free);
  w->dir = g_dir_make_tmp ("juzhu-converge-XXXXXX", &error);
  g_assert_no_error (error);
  srv = g_build_filename (w->dir, "server", NULL);
  w->n = n_devices ? n_devices : (guint) g_rand_int_range (w->rand, 2, MAX_DEVICES + 1);
  codes = tu_server_setup (&w->server, srv, w->n, "county", "2201");
  tu_server_start (&w->server, 0);
  w->session = soup_session_new ();
  w->with_proxy = with_proxy;
  trace (w, "seed %u: %u devices%s", seed, w->n, with_proxy ? ", a proxy" : "");

  for (guint i = 0; i < w->n; i++)
    {
      gint64 skew;

      if (i == 0)
        skew = 0;
      else if (i == 1 && with_y2000)
        skew = Y2000_MS;
      else
        skew = g_rand_int_range (w->rand, -1000, 1001) * (DAY_MS / 1000);
      device_open (w, &w->devices[i], i, skew, codes->pdata[i]);
      trace (w, "dev%u clock %+" G_GINT64_FORMAT " ms", i, skew);
    }
  time_setup += g_get_monotonic_time () - t0;
}

void
world_stop (World *w)
{
  g_autofree char *summary = NULL;
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < w->n; i++)
    device_close (&w->devices[i]);
  summary = tu_proxy_stop (&w->proxy);
  tu_server_clear (&w->server);
  time_stop += g_get_monotonic_time () - t0;
  g_clear_object (&w->session);
  tu_rm_rf (w->dir);
  g_clear_pointer (&w->dir, g_free);
  g_clear_pointer (&w->records, g_ptr_array_unref);
  g_string_free (w->trace, TRUE);
  g_rand_free (w->rand);
}

/* Everyone syncs directly until a round in which nothing moves. */
void
quiesce (World *w)
{
  for (guint round = 0; ; round++)
    {
      gboolean moved = FALSE;

      W_CHECK (w, round < 4, "still not quiescent after %u rounds of syncs", round);
      for (guint i = 0; i < w->n; i++)
        {
          g_autoptr(JzSyncSummary) s = device_sync (w, &w->devices[i], FALSE);

          moved |= s->pushed > 0 || s->applied > 0 || s->duplicates > 0;
        }
      if (!moved)
        return;
    }
}

void
check_converged (World *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GHashTable) server_keys = NULL;
  g_autofree char *server_snapshot = NULL;
  JzStore *server_store;
  gint64 feed_before;
  guint n_server = 0;

  quiesce (w);

  /* Every push body again, twice: duplicates only, and then nothing moves. */
  for (guint i = 0; i < w->n; i++)
    {
      Device *d = &w->devices[i];

      W_CHECK (w, jz_store_outbox_pending (d->store, NULL) == 0, "dev%u: the outbox is not empty", i);
      for (guint pass = 0; pass < 2; pass++)
        for (guint b = 0; b < d->bodies->len; b++)
          {
            g_autoptr(JsonObject) answer = NULL;
            guint status = tu_post_push (w->session, w->server.url, d->token, d->bodies->pdata[b], &answer);

            check_push_answer (w, d, status, answer, TRUE, "final re-send");
          }
    }
  feed_before = -1;
  for (guint i = 0; i < w->n; i++)
    {
      g_autoptr(JzSyncSummary) s = device_sync (w, &w->devices[i], FALSE);
      gint64 cursor = meta_int (w, w->devices[i].store, "sync_pull_cursor");

      W_CHECK (w, s->pushed == 0 && s->applied == 0 && s->duplicates == 0,
               "dev%u: a sync after the re-sends moved something (pushed %u, applied %u, duplicates %u)",
               i, s->pushed, s->applied, s->duplicates);
      W_CHECK (w, feed_before < 0 || cursor == feed_before,
               "dev%u: cursor %" G_GINT64_FORMAT ", another device's %" G_GINT64_FORMAT, i, cursor, feed_before);
      feed_before = cursor;
    }

  /* The server's replica, read after a clean stop. */
  {
    g_autofree char *summary = tu_proxy_stop (&w->proxy);

    total_cuts += tu_summary_value (summary, "cuts");
  }
  tu_server_stop (&w->server, SIGTERM);
  county = jz_county_open (w->server.dir, &error);
  W_NO_ERROR (w, error);
  server_store = jz_county_get_store (county);
  W_CHECK (w, jz_store_integrity_check (server_store, &error), "the server's database: %s",
           error ? error->message : "?");
  server_snapshot = tu_snapshot (server_store, record_types);
  server_keys = tu_change_set_keys (server_store, NULL, &n_server);
  W_CHECK (w, g_hash_table_size (server_keys) == n_server,
           "the server holds %u change sets but only %u distinct ones", n_server,
           g_hash_table_size (server_keys));

  for (guint i = 0; i < w->n; i++)
    {
      Device *d = &w->devices[i];
      g_autofree char *snap = tu_snapshot (d->store, record_types);
      g_autoptr(GHashTable) keys = NULL;
      g_autoptr(GHashTable) own = NULL;
      g_autoptr(GPtrArray) rejected = NULL;
      GHashTableIter iter;
      gpointer key;
      guint n_keys = 0, n_own = 0;

      if (g_strcmp0 (snap, server_snapshot) != 0)
        {
          g_test_message ("server:\n%s\ndev%u:\n%s", server_snapshot, i, snap);
          world_fail (w, __LINE__, "dev%u's records or conflicts differ from the server's", i);
        }
      keys = tu_change_set_keys (d->store, NULL, &n_keys);
      W_CHECK (w, n_keys == n_server && g_hash_table_size (keys) == n_server,
               "dev%u has %u change sets (%u distinct), the server %u", i, n_keys,
               g_hash_table_size (keys), n_server);
      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        W_CHECK (w, g_hash_table_contains (server_keys, key), "dev%u's change set %s is not on the server",
                 i, (char *) key);
      own = tu_change_set_keys (d->store, jz_store_get_site_id (d->store), &n_own);
      W_CHECK (w, n_own == d->saves, "dev%u made %u change sets but has %u of its own", i, d->saves, n_own);
      rejected = jz_store_rejected_list (d->store, &error);
      W_NO_ERROR (w, error);
      W_CHECK (w, rejected->len == 0, "dev%u has %u rejected change sets", i, rejected->len);
      W_CHECK (w, jz_store_integrity_check (d->store, &error), "dev%u: %s", i, error ? error->message : "?");
    }

  /* …and applying the server's whole log to a device changes nothing. */
  {
    g_autoptr(JsonArray) all = jz_store_export_change_sets (server_store, -1, &error);
    guint applied = 99;

    W_NO_ERROR (w, error);
    W_CHECK (w, jz_store_apply_remote (w->devices[0].store, all, &applied, &error), "apply: %s",
             error ? error->message : "?");
    W_CHECK (w, applied == 0, "dev0 applied %u change sets of the server's log again", applied);
  }
}

/* County IT compacts the feed while devices sync (juzhu-server compact on
 * the live database): below the cursors of the devices seen lately, or,
 * with no device counted active, all of it, so that every device behind
 * takes a snapshot at its next sync. */
static void
compact_feed (World *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = tu_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  const char *days = g_rand_boolean (w->rand) ? "0" : "30";

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("JUZHU_SERVER"), "compact",
                                         "--data-dir", w->server.dir, "--inactive-days", days, NULL);
  W_NO_ERROR (w, error);
  W_CHECK (w, g_subprocess_wait_check (process, NULL, &error), "compact: %s", error ? error->message : "?");
  trace (w, "compact --inactive-days %s", days);
  total_compactions++;
}

static void
run_seed (guint32 seed)
{
  World w;
  guint steps;
  gboolean with_proxy, with_y2000;
  g_autoptr(GRand) pre = g_rand_new_with_seed (seed ^ 0x5eed);

  with_proxy = g_rand_boolean (pre);
  with_y2000 = g_rand_int_range (pre, 0, 3) == 0;
  world_start (&w, seed, 0, with_proxy, with_y2000);
  if (with_proxy)
    {
      g_autofree char *log = g_strdup_printf ("%s/proxy.log", w.dir);
      g_autofree char *seed_arg = g_strdup_printf ("--seed=%u", seed);

      tu_proxy_start (&w.proxy, log, w.server.port, seed_arg, "--cut-prob=0.15",
                      "--stall-prob=0.05", "--stall-ms=3", NULL);
    }

  steps = g_rand_int_range (w.rand, 20, 60);
  for (w.step = 0; w.step < steps; w.step++)
    {
      guint op = g_rand_int_range (w.rand, 0, 100);
      Device *d = &w.devices[g_rand_int_range (w.rand, 0, w.n)];
      gboolean online = w.step >= d->offline_until;

      if (op < 45)
        random_edit (&w, d);
      else if (op < 52)
        random_resolve (&w, d);
      else if (op < 82)
        {
          if (online)
            {
              g_autoptr(JzSyncSummary) s = device_sync (&w, d, w.with_proxy && g_rand_boolean (w.rand));
            }
        }
      else if (op < 87)
        {
          if (online)
            replay_old (&w, d);
        }
      else if (op < 92)
        {
          if (online)
            post_shuffled_pending (&w, d);
        }
      else if (op < 95)
        compact_feed (&w);
      else
        {
          d->offline_until = w.step + g_rand_int_range (w.rand, 3, 15);
          trace (&w, "dev%u offline until step %u", d->index, d->offline_until);
        }
    }

  check_converged (&w);
  world_stop (&w);
}

guint
env_uint (const char *name,
          guint       fallback)
{
  const char *v = g_getenv (name);

  return v && *v ? (guint) g_ascii_strtoull (v, NULL, 10) : fallback;
}

static void
test_converge (void)
{
  guint n_seeds = env_uint ("JZ_SEEDS", 200);
  guint32 base;
  gint64 start = g_get_monotonic_time ();

  if (g_getenv ("JZ_SEED") != NULL)
    {
      base = env_uint ("JZ_SEED", 1);
      n_seeds = 1;
    }
  else
    base = env_uint ("JZ_SEED_BASE", g_test_rand_int_range (1, G_MAXINT32 / 2));
  g_test_message ("seeds %u … %u (JZ_SEED=N replays one)", base, base + n_seeds - 1);

  for (guint i = 0; i < n_seeds; i++)
    run_seed (base + i);

  g_test_message ("%u seeds in %.1f s: %u syncs (%u failed through the proxy, then caught up), "
                  "%u raw posts, %u saves, %u saves refused for a clock in 2000",
                  n_seeds, (g_get_monotonic_time () - start) / 1e6, total_syncs, total_failed_syncs,
                  total_replays, total_edits, total_clock_refusals);
  g_test_message ("%u compactions of the feed; %u syncs took a snapshot", total_compactions, total_snapshots);
  g_test_message ("proxy cuts %u; time in set-up %.1f s, syncs %.1f s, tear-down %.1f s", total_cuts,
                  time_setup / 1e6, time_sync / 1e6, time_stop / 1e6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/sync/converge", test_converge);
  g_test_add_func ("/sync/faults/corrupt", test_faults_corrupt);
  g_test_add_func ("/sync/faults/photos", test_faults_photos);
  g_test_add_func ("/sync/faults/date-header", test_faults_date_header);

  return g_test_run ();
}
