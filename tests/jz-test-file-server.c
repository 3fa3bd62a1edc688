/* jz-test-file-server.c — a SoupServer with only the photo endpoints, for tests
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-test-file-server DATA_DIR TOKEN [--port N] [--die-after BYTES] [--throttle-ms MS]
 *
 * Listens on 127.0.0.1 (port 0: any free one), prints the port on a line of
 * its own, and serves /api/v1/files/ and /api/v1/blobs/ with a fixed bearer
 * token. --die-after kills the process with SIGKILL once that many request
 * body bytes have arrived (a crash in the middle of a chunk); --throttle-ms
 * pauses after every piece of a request body, so that a peer can be cut in
 * the middle of a chunk.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jz-server-files.h"

static guint64 die_after;
static guint64 received;
static guint throttle_ms;

static char *
check_token (SoupServerMessage *msg,
             gpointer           user_data)
{
  const char *token = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  static const char body[] =
    "{\"error\":{\"code\":\"unauthorized\",\"message\":\"no token, or not a token this server knows\"}}";

  if (auth != NULL && g_str_has_prefix (auth, "Bearer ") &&
      strcmp (auth + strlen ("Bearer "), token) == 0)
    return g_strdup ("test");

  soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
  return NULL;
}

/* One client: every photo is its own. */
static const JzServerFilesHooks hooks = { check_token, NULL, NULL, NULL };

static gboolean
unpause (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           gpointer           user_data)
{
  received += g_bytes_get_size (chunk);
  if (die_after > 0 && received >= die_after)
    raise (SIGKILL);
  if (throttle_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add_full (G_PRIORITY_DEFAULT, throttle_ms, unpause,
                          g_object_ref (msg), g_object_unref);
    }
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk), NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(JzServerFiles) files = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GSList *uris;
  guint port = 0;

  if (argc < 3)
    {
      g_printerr ("usage: %s DATA_DIR TOKEN [--port N] [--die-after BYTES] [--throttle-ms MS]\n",
                  argv[0]);
      return 2;
    }
  for (int i = 3; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--port") == 0)
        port = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--die-after") == 0)
        die_after = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--throttle-ms") == 0)
        throttle_ms = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else
        {
          g_printerr ("%s: unknown option %s\n", argv[0], argv[i]);
          return 2;
        }
    }

  files = jz_server_files_new (argv[1], &error);
  if (files == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  server = soup_server_new ("server-header", "jz-test-file-server", NULL);
  jz_server_files_attach (files, server, "/api/v1/", &hooks, argv[2]);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started), NULL);

  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("Cannot listen on port %u: %s\n", port, error->message);
      return 1;
    }

  uris = soup_server_get_uris (server);
  g_print ("%d\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
