/* jz-sync-client.c — enrolment and sync with the county server
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync runs in a worker thread (GTask) with a SoupSession of its own, made
 * and dropped in that thread. Its steps, in the order docs/sync-protocol.md
 * gives: health (clock), photos, push until the outbox is acknowledged, pull
 * until the feed has no more, the division list if it changed. Each HTTP
 * step is retried on network errors, timeouts, 5xx, 408 and 429, with full
 * jitter; after the last try the sync stops with the error. Nothing is lost
 * by stopping anywhere: the outbox goes only with an acknowledgement, and a
 * pulled page is applied together with its cursor.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "jz-id-number.h"
#include "jz-json-scan.h"
#include "jz-hlc.h"
#include "jz-protocol.h"
#include "jz-purge.h"
#include "jz-store-pin.h"
#include "jz-sync-client-private.h"
#include "jz-sealed.h"
#include "jz-test-crash.h"
#include "jz-tus-client.h"

G_DEFINE_QUARK (jz-sync-error-quark, jz_sync_error)

G_DEFINE_FINAL_TYPE (JzSyncClient, jz_sync_client, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_BOXED_TYPE (JzSyncSummary, jz_sync_summary, jz_sync_summary_copy, jz_sync_summary_free)

JzSyncSummary *
jz_sync_summary_copy (const JzSyncSummary *summary)
{
  return g_memdup2 (summary, sizeof *summary);
}

void
jz_sync_summary_free (JzSyncSummary *summary)
{
  g_free (summary);
}

JsonObject *
jz_sync_summary_to_json (const JzSyncSummary *s)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "pushed", s->pushed);
  json_object_set_int_member (o, "duplicates", s->duplicates);
  json_object_set_int_member (o, "rejected", s->rejected);
  json_object_set_int_member (o, "pulled", s->pulled);
  json_object_set_int_member (o, "applied", s->applied);
  json_object_set_int_member (o, "photos_uploaded", s->photos_uploaded);
  json_object_set_int_member (o, "photos_present", s->photos_present);
  json_object_set_int_member (o, "photos_missing", s->photos_missing);
  json_object_set_int_member (o, "photo_bytes", (gint64) s->photo_bytes);
  json_object_set_int_member (o, "held", s->held);
  json_object_set_int_member (o, "snapshot_pages", s->snapshot_pages);
  json_object_set_boolean_member (o, "server_restored", s->server_restored);
  json_object_set_int_member (o, "requests", s->requests);
  json_object_set_boolean_member (o, "divisions_updated", s->divisions_updated);
  json_object_set_boolean_member (o, "holidays_updated", s->holidays_updated);
  return o;
}

const char *
jz_sync_phase_name (JzSyncPhase phase)
{
  switch (phase)
    {
    case JZ_SYNC_PHASE_PHOTOS:
      return "photos";
    case JZ_SYNC_PHASE_PUSH:
      return "push";
    case JZ_SYNC_PHASE_PULL:
      return "pull";
    default:
      return "sync";
    }
}

/* ---- the object ---------------------------------------------------------- */

static void
jz_sync_client_finalize (GObject *object)
{
  JzSyncClient *self = JZ_SYNC_CLIENT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->photos);
  g_free (self->data_dir);
  g_free (self->ca_file);
  g_free (self->token);
  g_mutex_clear (&self->token_lock);

  G_OBJECT_CLASS (jz_sync_client_parent_class)->finalize (object);
}

static void
jz_sync_client_class_init (JzSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jz_sync_client_finalize;

  /**
   * JzSyncClient::progress:
   * @phase: a #JzSyncPhase
   * @done: photos, change sets pushed, or change sets pulled so far
   * @total: out of (0 when unknown)
   * @bytes_done: photo bytes confirmed by the server
   * @bytes_total: photo bytes to upload
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 5, G_TYPE_UINT, G_TYPE_UINT64,
                                    G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
jz_sync_client_init (JzSyncClient *self)
{
  g_mutex_init (&self->token_lock);
  self->retry_base_ms = DEFAULT_RETRY_MS;
  self->max_tries = DEFAULT_TRIES;
}

JzSyncClient *
jz_sync_client_new (JzStore      *store,
                    JzPhotoStore *photos)
{
  JzSyncClient *self;

  g_return_val_if_fail (JZ_IS_STORE (store), NULL);
  g_return_val_if_fail (JZ_IS_PHOTO_STORE (photos), NULL);

  self = g_object_new (JZ_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->photos = g_object_ref (photos);
  self->data_dir = g_strdup (jz_store_get_data_dir (store));
  return self;
}

void
jz_sync_client_set_retry_base (JzSyncClient *self,
                               guint         milliseconds)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  self->retry_base_ms = milliseconds;
}

void
jz_sync_client_set_max_tries (JzSyncClient *self,
                              guint         tries)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  self->max_tries = MAX (tries, 1);
}

void
jz_sync_client_set_skip_photos (JzSyncClient *self,
                                gboolean      skip_photos)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  g_atomic_int_set (&self->skip_photos, skip_photos != FALSE);
}

gboolean
jz_sync_client_get_skip_photos (JzSyncClient *self)
{
  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), FALSE);
  return g_atomic_int_get (&self->skip_photos);
}

void
jz_sync_client_set_ca_file (JzSyncClient *self,
                            const char   *path)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  g_free (self->ca_file);
  /* GTlsFileDatabase wants an absolute path */
  self->ca_file = path ? g_canonicalize_filename (path, NULL) : NULL;
}

void
jz_sync_client_set_token (JzSyncClient *self,
                          const char   *token)
{
  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));
  g_mutex_lock (&self->token_lock);
  g_free (self->token);
  self->token = g_strdup (token);
  g_mutex_unlock (&self->token_lock);
}

static char *
token_path (JzSyncClient *self)
{
  return g_build_filename (self->data_dir, "token", NULL);
}

static char *
read_token (JzSyncClient *self)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_mutex_lock (&self->token_lock);
  text = g_strdup (self->token);
  g_mutex_unlock (&self->token_lock);
  if (text != NULL)
    return g_steal_pointer (&text);
  path = token_path (self);
  {
    /* sealed with the data key; an older version's plain file is read too */
    g_autoptr(GBytes) bytes = jz_sealed_read_file (jz_store_get_key (self->store), "token", path, NULL, NULL);
    gboolean was_plain = FALSE;

    if (bytes == NULL)
      bytes = jz_sealed_read_file (jz_store_get_key (self->store), "token", path, &was_plain, NULL);
    if (bytes == NULL)
      return NULL;
    text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  }
  g_strstrip (text);
  return *text ? g_steal_pointer (&text) : NULL;
}

gboolean
jz_sync_client_is_enrolled (JzSyncClient *self)
{
  g_autofree char *server = jz_store_get_meta (self->store, "sync_server", NULL);
  g_autofree char *token = read_token (self);

  return server != NULL && token != NULL;
}

static void
run_free (Run *run)
{
  g_clear_object (&run->client);
  g_free (run->server);
  g_free (run->base_url);
  g_free (run->county_key);
  g_free (run->token);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

typedef struct
{
  JzSyncClient *client;
  JzSyncPhase   phase;
  guint64       done, total, bytes_done, bytes_total;
} Progress;

static gboolean
emit_progress (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->client, signals[PROGRESS], 0, (guint) p->phase,
                 p->done, p->total, p->bytes_done, p->bytes_total);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->client);
  g_free (p);
}

void
_jz_sync_report (Run         *run,
                 JzSyncPhase  phase,
                 guint64      done,
                 guint64      total,
                 guint64      bytes_done,
                 guint64      bytes_total)
{
  Progress *p = g_new0 (Progress, 1);
  GSource *source;

  *p = (Progress) { g_object_ref (run->client), phase, done, total, bytes_done, bytes_total };
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_progress, p, progress_free);
  g_source_attach (source, run->context);
  g_source_unref (source);
}

/* ---- enrolment ----------------------------------------------------------- */

static gboolean
write_token (JzSyncClient  *self,
             const char    *token,
             GError       **error)
{
  g_autofree char *path = token_path (self);
  g_autoptr(GBytes) text = g_bytes_new_take (g_strdup_printf ("%s\n", token), strlen (token) + 1);

  /* Written whole or not at all (temporary file, fsync, rename), never
   * readable by others, sealed with the data key. */
  return jz_sealed_write_file (jz_store_get_key (self->store), "token", path, text, error);
}

static const char *const station_meta[] = {
  "station_key", "station_cert", "station_cert_until", "station_cert_tried", "station_cert_problem",
};

static const char *enrol_meta[][2] = {
  { "user", "sync_user" },
  { "role", "sync_role" },
  { "area", "sync_area" },
  { "device", "sync_device" },
  { "profile", "profile" },
};

JsonObject *
jz_sync_client_enrol (JzSyncClient  *self,
                      const char    *server_url,
                      const char    *code,
                      const char    *device_name,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return jz_sync_client_enrol_with_ca (self, server_url, code, device_name, NULL, cancellable, error);
}

JsonObject *
jz_sync_client_enrol_with_ca (JzSyncClient  *self,
                              const char    *server_url,
                              const char    *code,
                              const char    *device_name,
                              const char    *ca_file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autofree char *trusted = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *old_server = NULL;
  g_autofree char *old_user = NULL;
  JsonObject *out;
  const char *token;
  const char *identity, *real_name;
  char normalized[19];
  gint64 hlc = 0;
  guint requests = 0;

  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  server = _jz_sync_normalise_server (server_url, error);
  if (server == NULL)
    return NULL;
  base = g_strconcat (server, "/api/v1/", NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "site");
  json_builder_add_string_value (b, jz_store_get_site_id (self->store));
  json_builder_set_member_name (b, "device_name");
  json_builder_add_string_value (b, device_name ? device_name : g_get_host_name ());
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  /* The session lives in this call and its own context only. */
  g_main_context_push_thread_default (context);
  trusted = _jz_sync_ca_file (self, ca_file);
  session = _jz_sync_new_session_with_ca (self, trusted, error);
  if (session != NULL)
    answer = _jz_sync_call_json (self, session, base, "POST", "enrol", NULL, body, "enrolment",
                        &requests, NULL, cancellable, error);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  if (answer == NULL)
    return NULL;

  token = json_object_get_string_member_with_default (answer, "token", NULL);
  if (token == NULL || *token == '\0' ||
      !json_object_has_member (answer, "user") || !json_object_has_member (answer, "role"))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "enrolment: the server's answer has no token, user or role");
      return NULL;
    }
  identity = json_object_get_string_member_with_default (answer, "identity", NULL);
  real_name = json_object_get_string_member_with_default (answer, "real_name", NULL);
  if (identity != NULL && !jz_party_id_parse (identity, NULL, normalized, NULL))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "enrolment: the server's answer names no valid identity");
      return NULL;
    }
  if (real_name != NULL && (!g_utf8_validate (real_name, -1, NULL) || g_utf8_strlen (real_name, -1) > 100))
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PROTOCOL,
                   "enrolment: the server's answer has a damaged real_name");
      return NULL;
    }

  /* Enrolling again (after a revocation) as another user, or with another
   * server, sees other records: pull from the start. Applying is
   * idempotent, so at worst this pulls again what is here. */
  old_server = jz_store_get_meta (self->store, "sync_server", NULL);
  old_user = jz_store_get_meta (self->store, "sync_user", NULL);
  /* Another county server has none of this device's change sets: the
   * outbox starts again from the first (seq 1, contiguous, as a new site's
   * must), so everything made here is sent to it. The old server's
   * acknowledgements say nothing about the new one. */
  if (old_server != NULL && g_strcmp0 (old_server, server) != 0 &&
      !jz_store_restart_outbox (self->store, error))
    return NULL;
  if ((old_server != NULL && g_strcmp0 (old_server, server) != 0) ||
      (old_user != NULL &&
       g_strcmp0 (old_user, json_object_get_string_member_with_default (answer, "user", NULL)) != 0))
    {
      /* a snapshot begun of the old scope must not be resumed in the new */
      if (!jz_store_set_meta (self->store, "sync_pull_cursor", NULL, error) ||
          !jz_store_set_meta (self->store, "sync_snapshot", "", error) ||
          !jz_store_set_meta (self->store, "sync_divisions", "0", error) ||
          !jz_store_set_meta (self->store, "sync_holidays", "0", error))
        return NULL;
    }

  /* the county CA this enrolment trusted (or none: the system's), for
   * every later sync; before the token, so that an enrolled device always
   * trusts what it enrolled with */
  if (!_jz_sync_keep_ca_file (self, trusted, error))
    return NULL;
  if (!write_token (self, token, error))
    return NULL;
  /* Enrolled again, the device is another device to the county (a new
   * id, maybe another user, area or role): its papers are signed with a
   * new key under a new certificate, asked at the next sync. The county
   * keys it knows stay, to check papers with. */
  for (guint i = 0; i < G_N_ELEMENTS (station_meta); i++)
    if (!jz_store_set_meta (self->store, station_meta[i], NULL, error))
      return NULL;
  /* The county enrolling the device again is the way past a forgotten
   * app-lock PIN: the app asks for a new one. */
  if (!jz_store_clear_pin (self->store, error))
    return NULL;
  /* The new token is the file's, whatever the app had set. */
  jz_sync_client_set_token (self, NULL);
  if (!jz_store_set_meta (self->store, "sync_server", server, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (enrol_meta); i++)
    {
      const char *value = json_object_get_string_member_with_default (answer, enrol_meta[i][0], NULL);

      if (value != NULL && !jz_store_set_meta (self->store, enrol_meta[i][1], value, error))
        return NULL;
    }
  /* A landlord's or employer's account says who it is (its forms name it,
   * its proofs carry the name), a station's the name its documents carry;
   * an account without them clears what an earlier enrolment left. */
  if (!jz_store_set_meta (self->store, "sync_identity", identity != NULL ? normalized : NULL, error) ||
      !jz_store_set_meta (self->store, "sync_real_name", real_name, error))
    return NULL;
  /* the server's time first: it bounds the stamps the device takes in */
  if (json_object_has_member (answer, "server_time") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (answer, "server_time")) &&
      json_node_get_value_type (json_object_get_member (answer, "server_time")) == G_TYPE_STRING)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_object_get_string_member (answer, "server_time"), NULL);

      if (dt != NULL && !jz_store_note_server_time (self->store, g_date_time_to_unix (dt) * 1000, error))
        return NULL;
    }
  if (_jz_sync_get_int (answer, "server_hlc", &hlc) && hlc > 0 &&
      !jz_store_observe_clock (self->store, (guint64) hlc, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "server", server);
  json_object_set_string_member (out, "site", jz_store_get_site_id (self->store));
  for (guint i = 0; i < G_N_ELEMENTS (enrol_meta); i++)
    if (json_object_has_member (answer, enrol_meta[i][0]))
      json_object_set_member (out, enrol_meta[i][0],
                              json_node_copy (json_object_get_member (answer, enrol_meta[i][0])));
  if (json_object_has_member (answer, "server_time"))
    json_object_set_member (out, "server_time", json_node_copy (json_object_get_member (answer, "server_time")));
  if (identity != NULL)
    json_object_set_string_member (out, "identity", normalized);
  if (real_name != NULL)
    json_object_set_string_member (out, "real_name", real_name);
  return out;
}

/* One sync per data directory: a lock that the kernel drops with the process. */
static int
take_lock (JzSyncClient  *self,
           GError       **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, "sync.lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot open %s: %s", path, g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_SYNC_RUNNING,
                     "another sync of %s is running; wait for it to finish", self->data_dir);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "cannot lock %s: %s", path, g_strerror (saved));
      return -1;
    }
  return fd;
}

static gboolean
run_sync (Run     *run,
          GError **error)
{
  JzSyncClient *self = run->client;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;

  run->server = jz_store_get_meta (self->store, "sync_server", error);
  if (run->server == NULL && error != NULL && *error != NULL)
    return FALSE;
  run->token = read_token (self);
  if (run->server == NULL || run->token == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NOT_ENROLLED,
                   "%s is not enrolled with a county server (no %s); enrol it first",
                   self->data_dir, run->server == NULL ? "server" : "token");
      return FALSE;
    }
  run->base_url = g_strconcat (run->server, "/api/v1/", NULL);
  run->max_saves = DEFAULT_MAX_SAVES;
  run->max_changes = DEFAULT_MAX_CHANGES;
  run->max_bytes = DEFAULT_MAX_BYTES;
  run->skip_photos = g_atomic_int_get (&self->skip_photos);

  run->session = _jz_sync_new_session (self, error);
  if (run->session == NULL)
    return FALSE;

  if (!_jz_sync_step_health (run, error) ||
      !_jz_sync_step_station_key (run, error) ||
      !(run->skip_photos ? _jz_sync_step_photos_held (run, error) : _jz_sync_step_photos (run, error)) ||
      !_jz_sync_step_push (run, error) ||
      !_jz_sync_step_pull (run, error))
    {
      /* A lost or stolen device: from here on, its data directory is
       * purged before anything opens it again. */
      if (error != NULL && g_error_matches (*error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_PURGE))
        {
          gboolean in_keyring;

          g_mutex_lock (&self->token_lock);
          in_keyring = self->token != NULL;
          g_mutex_unlock (&self->token_lock);
          if (!jz_purge_order (self->data_dir, run->server, run->token, in_keyring, NULL))
            g_warning ("the purge ordered by the county server could not be noted");
        }
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  now_text = g_date_time_format_iso8601 (now);
  return jz_store_set_meta (self->store, "sync_last", now_text, error);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;
  int lock;

  g_main_context_push_thread_default (context);
  lock = take_lock (run->client, &error);
  if (lock >= 0)
    {
      ok = run_sync (run, &error);
      close (lock);
    }
  g_clear_object (&run->session);
  g_main_context_pop_thread_default (context);

  if (ok)
    g_task_return_pointer (task, jz_sync_summary_copy (&run->summary),
                           (GDestroyNotify) jz_sync_summary_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * jz_sync_client_sync_async:
 *
 * Health, photos, push, pull, divisions, in a worker thread; "progress" is
 * emitted in the thread-default main context of the caller.
 */
void
jz_sync_client_sync_async (JzSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (JZ_IS_SYNC_CLIENT (self));

  run = g_new0 (Run, 1);
  run->client = g_object_ref (self);
  run->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  run->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jz_sync_client_sync_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_run_in_thread (task, sync_thread);
}

JzSyncSummary *
jz_sync_client_sync_finish (JzSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

JzSyncSummary *
jz_sync_client_sync (JzSyncClient  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  JzSyncSummary *summary;

  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), NULL);

  g_main_context_push_thread_default (context);
  jz_sync_client_sync_async (self, cancellable, sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  summary = jz_sync_client_sync_finish (self, result, error);
  /* Progress still queued is delivered before returning. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return summary;
}

/* ---- photos from the server ---------------------------------------------- */

gboolean
jz_sync_client_fetch_photo (JzSyncClient  *self,
                            const char    *sha256,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (JZ_IS_SYNC_CLIENT (self), FALSE);

  if (!jz_photo_sha256_valid (sha256))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a photo hash (64 hexadecimal digits)", sha256);
      return FALSE;
    }
  if (jz_photo_store_has (self->photos, sha256))
    return TRUE;

  server = jz_store_get_meta (self->store, "sync_server", NULL);
  token = read_token (self);
  if (server == NULL || token == NULL)
    {
      g_set_error (error, JZ_SYNC_ERROR, JZ_SYNC_ERROR_NOT_ENROLLED,
                   "%s is not enrolled with a county server; enrol it first", self->data_dir);
      return FALSE;
    }
  base = g_strconcat (server, "/api/v1/", NULL);
  what = g_strdup_printf ("photo %s", sha256);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  session = _jz_sync_new_session (self, error);
  for (guint tries = 1; session != NULL; tries++)
    {
      g_autoptr(GError) local_error = NULL;

      bytes = jz_tus_blob_download (session, base, token, sha256, cancellable, &local_error);
      if (bytes != NULL)
        break;
      if (_jz_sync_certificate_error (session, local_error, what, error))
        break;
      if (!g_error_matches (local_error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK) || tries >= self->max_tries)
        {
          g_set_error (error, JZ_SYNC_ERROR,
                       g_error_matches (local_error, JZ_TUS_ERROR, JZ_TUS_ERROR_NETWORK)
                         ? JZ_SYNC_ERROR_NETWORK : JZ_SYNC_ERROR_REFUSED,
                       "photo %s: %s", sha256, local_error->message);
          break;
        }
      if (!_jz_sync_pause_for (_jz_sync_backoff_ms (self, tries), cancellable, error))
        break;
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);

  if (bytes == NULL)
    return FALSE;
  return jz_photo_store_add_verified_blob (self->photos, sha256, bytes, error);
}
