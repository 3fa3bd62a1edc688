/* test-protocol-digest.c — Content-Digest as RFC 9530 writes it
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both ends of a sync compute the digest with the same function, so a
 * wrong one would still agree with itself; these are the RFC's and
 * SHA-256's own values, and the check refusing a body changed by a byte.
 */
#include "config.h"

#include <string.h>

#include "jz-protocol.h"

static void
test_vectors (void)
{
  /* RFC 9530, section 2: the body {"hello": "world"} */
  const char *body = "{\"hello\": \"world\"}";
  g_autofree char *digest = jz_protocol_digest (body, strlen (body));
  g_autofree char *empty = jz_protocol_digest (NULL, 0);

  g_assert_cmpstr (digest, ==, "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
  g_assert_cmpstr (empty, ==, "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
}

static void
test_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc (3 << 20);
  g_autofree char *digest = NULL;

  /* a body of megabytes, as a pull page is, and one byte changed */
  for (gsize i = 0; i < (3 << 20); i++)
    big[i] = (char) ('a' + i % 26);
  digest = jz_protocol_digest (big, 3 << 20);
  g_assert_true (jz_protocol_check_digest (digest, big, 3 << 20, &error));
  g_assert_no_error (error);
  big[(3 << 20) - 7] ^= 1;
  g_assert_false (jz_protocol_check_digest (digest, big, 3 << 20, &error));
  g_assert_error (error, JZ_PROTOCOL_ERROR, JZ_PROTOCOL_ERROR_DIGEST);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/protocol-digest/vectors", test_vectors);
  g_test_add_func ("/protocol-digest/check", test_check);

  return g_test_run ();
}
