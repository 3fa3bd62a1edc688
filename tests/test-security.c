/* test-security.c — the attacks on the county server, repeated
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One real juzhu-server ($JUZHU_SERVER) on 127.0.0.1 with short time limits
 * (JUZHU_SERVER_LIMITS), five users of every role, and a test per attack
 * that was tried on it (docs/security.md names them): each says what it
 * repeats, does it over raw TCP or HTTP, and checks that it was refused or
 * harmless and that the server still answers. What held before (tokens,
 * codes, digests, path traversal, tus headers) is in test-server.sh and
 * test-tus.c; the clock and scope of honest devices in test-sync.sh. The
 * attacks on authority and photos are test-security-authority.c's, in the
 * same program.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "jz-hlc.h"
#include "jz-sync-test-util.h"
#include "jz-uuid.h"
#include "test-security.h"

SecurityEnv env;

/* ---- raw TCP ------------------------------------------------------------- */

static GSocket *
connect_raw (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, env.server.port);
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_connect (sock, address, NULL, &error));
  g_assert_no_error (error);
  g_socket_set_timeout (sock, 10);
  return sock;
}

static gboolean
send_all (GSocket    *sock,
          const void *data,
          gsize       len)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = g_socket_send (sock, p, len, NULL, NULL);

      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Everything until the server closes (or 10 s pass). */
static char *
read_all (GSocket *sock)
{
  GString *out = g_string_new (NULL);
  char buf[16384];

  for (;;)
    {
      gssize n = g_socket_receive (sock, buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (out, buf, n);
    }
  return g_string_free (out, FALSE);
}

/* Whether the server closed @sock within @seconds. */
static gboolean
closed_within (GSocket *sock,
               guint    seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  char buf[4096];

  g_socket_set_timeout (sock, 1);
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (sock, buf, sizeof buf, NULL, &error);

      if (n == 0)
        return TRUE;
      if (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return TRUE;   /* reset */
    }
  return FALSE;
}

static guint
status_of (const char *response)
{
  return g_str_has_prefix (response, "HTTP/1.1 ") ? (guint) atoi (response + 9) : 0;
}

/* The server's TCP connections (its end: local port = the server's) in
 * @state, as /proc/net/tcp lists them: 01 established, 08 CLOSE-WAIT (the
 * client closed, the server has not). */
static guint
server_sockets (const char *state)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *port = g_strdup_printf (":%04X", env.server.port);
  guint n = 0;

  g_assert_true (g_file_get_contents ("/proc/net/tcp", &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      const char *cols[4] = { NULL };
      guint k = 0;

      for (guint f = 0; fields[f] != NULL && k < 4; f++)
        if (*fields[f] != '\0')
          cols[k++] = fields[f];
      if (k == 4 && g_str_has_suffix (cols[1], port) && g_str_equal (cols[3], state))
        n++;
    }
  return n;
}

static guint64
server_rss_kb (void)
{
  const char *pid = g_subprocess_get_identifier (env.server.process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *p;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  p = strstr (text, "VmRSS:");
  g_assert_nonnull (p);
  return g_ascii_strtoull (p + 6, NULL, 10);
}

char *
read_log (void)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (env.server.log_path, &text, NULL, NULL));
  return text;
}

/* ---- HTTP ---------------------------------------------------------------- */

guint
http (const char  *method,
      const char  *path,
      const char  *token,
      const char  *body,
      JsonObject **answer)
{
  g_autofree char *url = g_strconcat (env.server.url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *text;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) data = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", data);
    }
  reply = soup_session_send_and_read (env.session, msg, NULL, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (reply, &len);
  if (answer != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      *answer = NULL;
      if (len > 0 && json_parser_load_from_data (parser, text, (gssize) len, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        *answer = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  return soup_message_get_status (msg);
}

void
assert_alive (void)
{
  g_autoptr(JsonObject) answer = NULL;

  g_assert_cmpuint (http ("GET", "/api/v1/health", NULL, NULL, &answer), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "ok");
}

const char *
error_code (JsonObject *answer)
{
  g_assert_nonnull (answer);
  return json_object_get_string_member (json_object_get_object_member (answer, "error"), "code");
}

const char *
error_message (JsonObject *answer)
{
  return json_object_get_string_member (json_object_get_object_member (answer, "error"), "message");
}

/* ---- change sets --------------------------------------------------------- */

char *
new_id (void)
{
  return jz_uuid7_new (g_get_real_time () / 1000);
}

guint64
now_hlc (void)
{
  static guint64 last;
  guint64 hlc = JZ_HLC_FROM_MS (g_get_real_time () / 1000);

  last = MAX (last + 1, hlc);
  return last;
}

static gint64
next_seq (Device *d)
{
  gint64 seq = GPOINTER_TO_INT (g_hash_table_lookup (env.seqs, d->site)) + 1;

  g_hash_table_insert (env.seqs, d->site, GINT_TO_POINTER ((int) seq));
  return seq;
}

/* One change set of @d: @edits is the JSON object of its edits. */
char *
change (Device     *d,
        const char *record,
        const char *type,
        guint64     hlc,
        const char *edits)
{
  return g_strdup_printf ("{\"seq\":%" G_GINT64_FORMAT ",\"record\":\"%s\",\"type\":\"%s\",\"hlc\":%"
                          G_GUINT64_FORMAT ",\"site\":\"%s\",\"author\":\"%s\",\"edits\":%s}",
                          next_seq (d), record, type, hlc, d->site, d->user, edits);
}

/* Pushes the change sets (NULL-terminated); returns the answer. */
JsonObject *
push (Device     *d,
      const char *first,
      ...)
{
  g_autoptr(GString) body = g_string_new ("{\"changes\":[");
  JsonObject *answer = NULL;
  const char *cs;
  va_list args;

  va_start (args, first);
  for (cs = first; cs != NULL; cs = va_arg (args, const char *))
    {
      if (body->str[body->len - 1] != '[')
        g_string_append_c (body, ',');
      g_string_append (body, cs);
    }
  va_end (args);
  g_string_append (body, "]}");
  g_assert_cmpuint (http ("POST", "/api/v1/sync/push", d->token, body->str, &answer), ==, 200);
  return answer;
}

JsonObject *
result (JsonObject *answer,
        guint       i)
{
  return json_array_get_object_element (json_object_get_array_member (answer, "results"), i);
}

const char *
result_status (JsonObject *answer,
               guint       i)
{
  return json_object_get_string_member (result (answer, i), "status");
}

const char *
result_code (JsonObject *answer,
             guint       i)
{
  return json_object_get_string_member_with_default (result (answer, i), "code", "");
}


/* A registration filed by @d: a landlord's names the landlord. */
char *
registration_edits (Device     *d,
                    const char *person,
                    const char *division)
{
  g_autofree char *landlord = d->identity == NULL ? g_strdup ("")
    : g_strdup_printf (",\"landlord_name\":\"%s\",\"landlord_identity\":\"%s\"", d->user, d->identity);

  return g_strdup_printf ("{\"person_id\":\"%s\",\"residence_division\":\"%s\","
                          "\"residence_address\":\"幸福路 12 号\",\"arrival_date\":\"2026-02-01\","
                          "\"registered_on\":\"2026-02-03\",\"reason\":\"work\",\"status\":\"active\"%s}",
                          person, division, landlord);
}

/* A new person with a registration in @division, filed by @d. */
char *
file_person (Device     *d,
             const char *division)
{
  char *person = new_id ();
  g_autofree char *reg = new_id ();
  g_autofree char *edits = registration_edits (d, person, division);
  guint64 hlc = now_hlc ();
  g_autofree char *a = change (d, person, "person", hlc, PERSON ("11010519491231002X"));
  g_autofree char *b = change (d, reg, "registration", hlc, edits);
  g_autoptr(JsonObject) answer = push (d, a, b, NULL);

  g_assert_cmpstr (result_status (answer, 0), ==, "ok");
  g_assert_cmpstr (result_status (answer, 1), ==, "ok");
  return person;
}

/* The stamp of the change set of @record that @d pulls, "%016x@site". */
char *
pulled_stamp (Device     *d,
              const char *record)
{
  g_autoptr(JsonObject) page = NULL;
  JsonArray *changes;
  char *stamp = NULL;

  g_assert_cmpuint (http ("GET", "/api/v1/sync/pull?since=0", d->token, NULL, &page), ==, 200);
  changes = json_object_get_array_member (page, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *cs = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (cs, "record"), record) == 0)
        {
          g_free (stamp);
          stamp = jz_stamp_format ((guint64) json_object_get_int_member (cs, "hlc"),
                                   json_object_get_string_member (cs, "site"));
        }
    }
  return stamp;
}

/* ---- the HTTP layer ------------------------------------------------------ */

/* "Anyone, without a token, can crash it": POST enrol, chunked, 100 000 "["
 * then 100 000 "]" crashed json-glib. Refused as soon as it passes the
 * enrolment limit (64 KiB), read no further. */
static void
test_chunked_nesting_enrol (void)
{
  g_autoptr(GSocket) sock = connect_raw ();
  g_autoptr(GString) req = g_string_new ("POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\n"
                                         "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  g_autofree char *answer = NULL;

  for (guint i = 0; i < 25; i++)
    {
      g_string_append_printf (req, "%x\r\n", 8000);
      for (guint k = 0; k < 8000; k++)
        g_string_append_c (req, i < 13 ? '[' : ']');
      g_string_append (req, "\r\n");
    }
  g_string_append (req, "0\r\n\r\n");
  send_all (sock, req->str, req->len);
  answer = read_all (sock);
  g_assert_cmpuint (status_of (answer), ==, 413);
  g_assert_nonnull (strstr (answer, "too_large"));
  assert_alive ();
}

/* The same nesting within the size limit: checked before json-glib parses
 * it, 400 naming where it got too deep. */
static void
test_nesting_push (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(JsonObject) answer = NULL;

  for (guint i = 0; i < 30000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 30000; i++)
    g_string_append_c (body, ']');
  g_assert_cmpuint (http ("POST", "/api/v1/sync/push", env.comm1.token, body->str, &answer), ==, 400);
  g_assert_cmpstr (error_code (answer), ==, "malformed_json");
  g_assert_nonnull (strstr (error_message (answer), "nested too deeply"));
  g_clear_pointer (&answer, json_object_unref);
  g_assert_cmpuint (http ("POST", "/api/v1/enrol", NULL, body->str + 30000 - 2000, &answer), ==, 400);
  assert_alive ();
}

/* "Memory: a chunked 1 GB body to enrol without a token took RSS to 3 GB
 * and left it at 1 GB." 64 MB streamed here: refused after 64 KiB, the
 * rest never read, memory flat. */
static void
test_chunked_gigabyte (void)
{
  g_autoptr(GSocket) sock = connect_raw ();
  static const char head[] = "POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  g_autofree char *chunk = g_malloc (65536 + 16);
  guint64 rss_before = server_rss_kb ();
  g_autofree char *answer = NULL;
  guint sent = 0;
  int n;

  n = g_snprintf (chunk, 16, "%x\r\n", 65536);
  memset (chunk + n, '7', 65536);
  memcpy (chunk + n + 65536, "\r\n", 2);
  g_assert_true (send_all (sock, head, strlen (head)));
  for (guint i = 0; i < 1024; i++)
    {
      if (!send_all (sock, chunk, n + 65536 + 2))
        break;      /* the server closed: it will not read more */
      sent++;
    }
  answer = read_all (sock);
  g_assert_cmpuint (status_of (answer), ==, 413);
  g_assert_cmpuint (sent, <, 1024);
  g_assert_cmpuint (server_rss_kb (), <, rss_before + 32 * 1024);
  assert_alive ();
}

/* A Content-Length over the limit is refused before the body is read; a
 * push without a token too, before its body is read. */
static void
test_content_length_over (void)
{
  g_autoptr(GSocket) sock = connect_raw ();
  g_autoptr(GSocket) anonymous = connect_raw ();
  g_autofree char *req = g_strdup_printf ("POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\n"
                                          "Authorization: Bearer %s\r\nContent-Length: 1000000000\r\n\r\n{",
                                          env.comm1.token);
  static const char bare[] = "POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{";
  g_autofree char *answer = NULL;
  g_autofree char *answer2 = NULL;

  send_all (sock, req, strlen (req));
  answer = read_all (sock);
  g_assert_cmpuint (status_of (answer), ==, 413);
  g_assert_nonnull (strstr (answer, "\"max_push_bytes\":2097152"));
  send_all (anonymous, bare, strlen (bare));
  answer2 = read_all (anonymous);
  g_assert_cmpuint (status_of (answer2), ==, 401);
  assert_alive ();
}

/* "Anyone can hang it for good": every keep-alive connection the client
 * closed stayed in CLOSE-WAIT, one descriptor each, until accept failed. */
static void
test_keepalive_released (void)
{
  static const char req[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GSocket) sock = connect_raw ();
      char buf[4096];

      send_all (sock, req, strlen (req));
      g_assert_cmpint (g_socket_receive (sock, buf, sizeof buf, NULL, NULL), >, 0);
      g_socket_close (sock, NULL);
    }
  /* the server sees each end and closes its side at once: well before
   * its idle limit (2 s here) */
  for (guint tries = 0; tries < 50 && server_sockets ("08") > 0; tries++)
    g_usleep (20000);
  g_assert_cmpuint (server_sockets ("08"), ==, 0);
  assert_alive ();
}

/* "Half-sent requests are never timed out": headers that never end, a body
 * that stops, a connection that says nothing are closed by the server
 * (limits here: 2 s; in production 20, 60 and 10 s). */
static void
test_half_sent (void)
{
  g_autoptr(GSocket) silent = connect_raw ();
  g_autoptr(GSocket) headers = connect_raw ();
  g_autoptr(GSocket) body = connect_raw ();
  static const char partial[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  static const char stalled[] = "POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"code\":";

  send_all (headers, partial, strlen (partial));
  send_all (body, stalled, strlen (stalled));
  g_assert_true (closed_within (silent, 6));
  g_assert_true (closed_within (headers, 6));
  g_assert_true (closed_within (body, 6));
  assert_alive ();
}

/* A body that trickles in (a byte now and then keeps it from stalling)
 * must still come at a rate: closed once it falls behind. */
static void
test_trickle (void)
{
  g_autoptr(GSocket) sock = connect_raw ();
  static const char head[] = "POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n";
  gint64 start = g_get_monotonic_time ();
  gboolean closed = FALSE;

  send_all (sock, head, strlen (head));
  for (guint i = 0; i < 40 && !closed; i++)
    {
      g_usleep (150000);
      closed = !send_all (sock, "{", 1) || closed_within (sock, 0);
    }
  if (!closed)
    closed = closed_within (sock, 2);
  g_assert_true (closed);
  /* the stall limit (2 s) alone would never have closed it */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  assert_alive ();
}

/* "POST https://x/api/v1/files" with a chunked body: libsoup answered 400
 * itself, before the photo handlers turned off keeping the body, and the
 * server held all of it (300 MiB). Now the body is not read at all. */
static void
test_files_body_held (void)
{
  g_autoptr(GSocket) sock = connect_raw ();
  static const char head[] = "POST https://x/api/v1/files HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  g_autofree char *chunk = g_malloc (65536 + 16);
  guint64 rss_before = server_rss_kb ();
  g_autofree char *answer = NULL;
  guint sent = 0;
  int n;

  n = g_snprintf (chunk, 16, "%x\r\n", 65536);
  memset (chunk + n, 'x', 65536);
  memcpy (chunk + n + 65536, "\r\n", 2);
  g_assert_true (send_all (sock, head, strlen (head)));
  for (guint i = 0; i < 1024 && send_all (sock, chunk, n + 65536 + 2); i++)
    sent++;
  answer = read_all (sock);
  g_assert_cmpuint (status_of (answer), ==, 400);
  g_assert_cmpuint (sent, <, 1024);
  g_assert_cmpuint (server_rss_kb (), <, rss_before + 32 * 1024);
  assert_alive ();
}

/* A client that resets its idle keep-alive connection (SO_LINGER 0): the
 * server lets go of it at once, as of one closed cleanly. */
static guint
server_socket_fds (void)
{
  const char *pid = g_subprocess_get_identifier (env.server.process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link_path = g_build_filename (path, name, NULL);
      g_autofree char *target = g_file_read_link (link_path, NULL);

      n += target != NULL && g_str_has_prefix (target, "socket:");
    }
  return n;
}

static void
test_keepalive_reset (void)
{
  static const char req[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  guint before = 0;

  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < 20; i++)
        {
          g_autoptr(GSocket) sock = connect_raw ();
          char buf[4096];

          send_all (sock, req, strlen (req));
          g_assert_cmpint (g_socket_receive (sock, buf, sizeof buf, NULL, NULL), >, 0);
          {
            struct linger l = { 1, 0 };

            setsockopt (g_socket_get_fd (sock), SOL_SOCKET, SO_LINGER, &l, sizeof l);
          }
          g_socket_close (sock, NULL);
        }
      g_usleep (500000);   /* well before the idle limit (2 s) */
      if (round == 0)
        before = server_socket_fds ();   /* once anything made once is made */
    }
  g_assert_cmpuint (server_socket_fds (), <=, before);
  assert_alive ();
}

/* A keep-alive connection left idle is closed too. */
static void
test_idle_keepalive (void)
{
  g_autoptr(GSocket) sock = connect_raw ();
  static const char req[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  char buf[4096];

  send_all (sock, req, strlen (req));
  g_assert_cmpint (g_socket_receive (sock, buf, sizeof buf, NULL, NULL), >, 0);
  g_assert_true (closed_within (sock, 6));
}

/* At ~1 000 connections the server stopped accepting and never recovered.
 * Now: past its limit (24 here) idle ones are closed, then 503 for all but
 * health, which answers throughout; afterwards everything is normal. */
static void
test_saturation (void)
{
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  static const char partial[] = "POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{";
  static const char health[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  static const char pull[] = "GET /api/v1/sync/pull HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  g_autofree char *health_answer = NULL;
  g_autofree char *busy_answer = NULL;

  /* 24 connections in the middle of a request: none of them idle */
  for (guint i = 0; i < 24; i++)
    {
      GSocket *sock = connect_raw ();

      send_all (sock, partial, strlen (partial));
      g_ptr_array_add (held, sock);
    }
  g_usleep (300000);
  {
    g_autoptr(GSocket) a = connect_raw ();
    g_autoptr(GSocket) b = connect_raw ();

    send_all (a, health, strlen (health));
    health_answer = read_all (a);
    send_all (b, pull, strlen (pull));
    busy_answer = read_all (b);
  }
  g_assert_cmpuint (status_of (health_answer), ==, 200);
  g_assert_cmpuint (status_of (busy_answer), ==, 503);
  g_assert_nonnull (strstr (busy_answer, "Retry-After"));
  g_ptr_array_set_size (held, 0);
  g_usleep (300000);
  assert_alive ();
  {
    g_autoptr(JsonObject) answer = NULL;

    g_assert_cmpuint (http ("GET", "/api/v1/sync/pull", env.comm1.token, NULL, &answer), ==, 200);
  }
}

/* "The request path is logged decoded, so GET /api/v1/blobs/%0a2026-… GET
 * /fake 200 forges a log line (and ESC sequences reach the journal)." */
static void
test_log_forging (void)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *log = NULL;

  http ("GET", "/api/v1/blobs/%0a2026-12-06T00:00:00Z%20GET%20/forged%20200%20%1b[31m", env.comm1.token, NULL,
        &answer);
  g_usleep (100000);
  log = read_log ();
  g_assert_null (strstr (log, "\n2026-12-06T00:00:00Z GET /forged"));
  g_assert_null (strstr (log, "\x1b[31m"));
  g_assert_nonnull (strstr (log, "\\x0a2026-12-06T00:00:00Z GET /forged 200 \\x1b[31m"));
}

/* "A \u0000 inside a name is silently cut": refused, 400 naming the path. */
static void
test_nul_in_string (void)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *person = new_id ();
  g_autofree char *cs = change (&env.comm1, person, "person", now_hlc (),
                                "{\"name\":\"李\\u0000明\",\"id_number\":\"11010519491231002X\"}");
  g_autofree char *body = g_strdup_printf ("{\"changes\":[%s]}", cs);

  g_assert_cmpuint (http ("POST", "/api/v1/sync/push", env.comm1.token, body, &answer), ==, 400);
  g_assert_cmpstr (error_code (answer), ==, "invalid_field");
  g_assert_nonnull (strstr (error_message (answer), "changes[0].edits.name"));
  /* a number sent as the next seq must still be free: nothing was applied */
  g_hash_table_insert (env.seqs, env.comm1.site,
                       GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (env.seqs, env.comm1.site)) - 1));
}

/* json-glib kept the last of two members of the same name. */
static void
test_duplicate_members (void)
{
  g_autoptr(JsonObject) answer = NULL;

  g_assert_cmpuint (http ("POST", "/api/v1/enrol", NULL,
                          "{\"code\":\"A\",\"code\":\"B\",\"site\":\"00000000000000000000000000000001\"}",
                          &answer), ==, 400);
  g_assert_nonnull (strstr (error_message (answer), "code: this member is named twice"));
}

/* "No limit on enrolment-code guesses (1 700/s from one connection)." */
static void
test_enrol_guessing (void)
{
  guint status = 0;

  for (guint i = 0; i < 12 && status != 429; i++)
    {
      g_autoptr(JsonObject) answer = NULL;
      g_autofree char *site = jz_site_id_new ();
      g_autofree char *body = g_strdup_printf ("{\"code\":\"GUES-SNUM-%04u\",\"site\":\"%s\"}", i, site);

      status = http ("POST", "/api/v1/enrol", NULL, body, &answer);
      g_assert_true (status == 403 || status == 429);
      if (status == 429)
        g_assert_cmpstr (error_code (answer), ==, "too_many_requests");
    }
  g_assert_cmpuint (status, ==, 429);
}

/* "device_name (64 KiB, control characters) is printed raw by device list":
 * kept cleaned, one line of at most 64 characters. */
static void
test_device_name (void)
{
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  county = jz_county_open (env.dir, &error);
  g_assert_no_error (error);
  devices = jz_county_device_list (county, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    {
      const char *name = json_object_get_string_member (devices->pdata[i], "name");

      g_assert_cmpuint (g_utf8_strlen (name, -1), <=, 64);
      for (const char *p = name; *p; p++)
        g_assert_cmpint ((guchar) *p, >=, 0x20);
      found |= g_str_has_prefix (name, "平板 ");
    }
  g_assert_true (found);
}

/* ---- the fixture --------------------------------------------------------- */

static void
enrol_device (Device     *d,
              JzCounty   *county,
              const char *user,
              const char *role,
              const char *area,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) answer = NULL;

  /* landlords are known by identity: land1 李四, land2 王五 */
  if (g_str_equal (role, "landlord"))
    d->identity = g_str_equal (user, "land1") ? "220104197505050024" : "220104198008080032";
  g_assert_true (jz_county_user_add (county, user, role, area, d->identity,
                                     d->identity ? (g_str_equal (user, "land1") ? "李四" : "王五") : NULL,
                                     &error));
  g_assert_no_error (error);
  code = jz_county_enrol_code_new (county, user, 1, &error);
  g_assert_no_error (error);
  d->user = g_strdup (user);
  d->site = jz_site_id_new ();
  d->token = NULL;
  body = g_strdup_printf ("{\"code\":\"%s\",\"site\":\"%s\",\"device_name\":\"%s\"}", code, d->site, name);
  /* enrolled once the server runs (see main) */
  g_object_set_data_full (G_OBJECT (county), user, g_steal_pointer (&body), g_free);
}

static void
finish_enrolment (Device   *d,
                  JzCounty *county)
{
  g_autoptr(JsonObject) answer = NULL;

  g_assert_cmpuint (http ("POST", "/api/v1/enrol", NULL, g_object_get_data (G_OBJECT (county), d->user),
                          &answer), ==, 200);
  d->token = g_strdup (json_object_get_string_member (answer, "token"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JzCounty) county = NULL;
  g_autoptr(GString) long_name = g_string_new ("平板 \\u001b[2J");
  int rc;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < 8000; i++)
    g_string_append (long_name, "\\u0007x");

  env.dir = g_dir_make_tmp ("juzhu-security-XXXXXX", &error);
  g_assert_no_error (error);
  env.seqs = g_hash_table_new (g_str_hash, g_str_equal);
  memset (&env.server, 0, sizeof env.server);
  env.server.dir = g_strdup (env.dir);
  env.server.log_path = g_strconcat (env.dir, ".log", NULL);
  tu_county_prepare (env.dir);
  county = jz_county_open (env.dir, &error);
  g_assert_no_error (error);
  g_assert_true (jz_county_setup (county, "jilin-2016", "2201", &error));
  enrol_device (&env.comm1, county, "comm1", "committee", "220104", long_name->str);
  enrol_device (&env.comm2, county, "comm2", "committee", "220105", "comm2");
  enrol_device (&env.land1, county, "land1", "landlord", "220104", "land1");
  enrol_device (&env.land2, county, "land2", "landlord", "220104", "land2");
  enrol_device (&env.office, county, "office", "county", "2201", "office");

  g_setenv ("JUZHU_SERVER_LIMITS", "max-connections=24,overflow=8,first=2,header=2,idle=2,stall=2", TRUE);
  tu_server_start (&env.server, 0);
  env.session = soup_session_new ();
  soup_session_set_timeout (env.session, 30);
  finish_enrolment (&env.comm1, county);
  finish_enrolment (&env.comm2, county);
  finish_enrolment (&env.land1, county);
  finish_enrolment (&env.land2, county);
  finish_enrolment (&env.office, county);

  g_test_add_func ("/security/http/chunked-nesting-enrol", test_chunked_nesting_enrol);
  g_test_add_func ("/security/http/nesting-push", test_nesting_push);
  g_test_add_func ("/security/http/chunked-gigabyte", test_chunked_gigabyte);
  g_test_add_func ("/security/http/content-length-over", test_content_length_over);
  g_test_add_func ("/security/http/keepalive-released", test_keepalive_released);
  g_test_add_func ("/security/http/half-sent", test_half_sent);
  g_test_add_func ("/security/http/idle-keepalive", test_idle_keepalive);
  g_test_add_func ("/security/http/trickle", test_trickle);
  g_test_add_func ("/security/http/files-body-held", test_files_body_held);
  g_test_add_func ("/security/http/keepalive-reset", test_keepalive_reset);
  g_test_add_func ("/security/http/saturation", test_saturation);
  g_test_add_func ("/security/http/log-forging", test_log_forging);
  g_test_add_func ("/security/http/nul-in-string", test_nul_in_string);
  g_test_add_func ("/security/http/duplicate-members", test_duplicate_members);
  g_test_add_func ("/security/enrol/guessing", test_enrol_guessing);
  g_test_add_func ("/security/enrol/device-name", test_device_name);
  g_test_add_func ("/security/authority/landlord-edits-permit", test_landlord_edits_permit);
  g_test_add_func ("/security/authority/landlord-legal-steps", test_landlord_legal_steps);
  g_test_add_func ("/security/authority/repoint-reference", test_repoint_reference);
  g_test_add_func ("/security/authority/repoint-material", test_repoint_material);
  g_test_add_func ("/security/authority/type-confusion", test_type_confusion);
  g_test_add_func ("/security/authority/shared-validation", test_shared_validation);
  g_test_add_func ("/security/authority/review-gaps", test_review_gaps);
  g_test_add_func ("/security/authority/clock-stamps", test_clock_stamps);
  g_test_add_func ("/security/photos/scope", test_photo_scope);
  g_test_add_func ("/security/photos/upload-ownership", test_upload_ownership);
  g_test_add_func ("/security/photos/not-a-photo", test_not_a_photo);

  rc = g_test_run ();

  g_clear_object (&env.session);
  tu_server_stop (&env.server, SIGTERM);
  if (rc == 0)
    tu_rm_rf (env.dir);
  return rc;
}
