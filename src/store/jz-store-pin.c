/* jz-store-pin.c — the operator's PIN of the app lock: its Argon2id hash
 * and the wrong attempts, in the store's meta
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsodium's crypto_pwhash_str() (Argon2id, its "interactive" limits)
 * hashes the PIN with a salt of its own and keeps the parameters in the
 * string, so a later version can raise them and still check old hashes.
 * The hashing runs on the caller's thread (a worker), not on the store's:
 * a tenth of a second of Argon2id must not hold up saves and reads. What
 * an attempt changes (the count of failures, the wait) is written in one
 * transaction on the store thread.
 *
 * A wait is kept as the system start it began in (its boot id) and the
 * seconds since that start when it began (CLOCK_BOOTTIME). Neither moves
 * when the date is set: the first version kept the wait's end in unix
 * seconds, and turning the date forward ended it. After a restart of the
 * system the wait begins again, whole, from the first look at it.
 */
#include "config.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

#include "jz-store-pin.h"
#include "jz-store-private.h"

#define META_HASH     "pin_hash"
#define META_FAILURES "pin_failures"
#define META_BOOT     "pin_wait_boot"
#define META_MARK     "pin_wait_mark"
#define META_OLD      "pin_wait_until"   /* the first version's wait: forgotten */

/* the longest wait, whatever the number of failures: the county's
 * re-enrolment is the way out of a forgotten PIN, not hours of waiting */
#define MAX_DELAY_S   3600
#define FIRST_DELAY_S 30

static gboolean
sodium_ready (GError **error)
{
  static gsize once = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&once))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&once, 1);
    }
  if (!ok)
    g_set_error_literal (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                         "libsodium could not be initialised");
  return ok;
}

/**
 * jz_pin_is_well_formed:
 *
 * A PIN is JZ_PIN_MIN_DIGITS to JZ_PIN_MAX_DIGITS ASCII digits.
 */
gboolean
jz_pin_is_well_formed (const char *pin)
{
  gsize n = 0;

  if (pin == NULL)
    return FALSE;
  for (const char *p = pin; *p != '\0'; p++, n++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return n >= JZ_PIN_MIN_DIGITS && n <= JZ_PIN_MAX_DIGITS;
}

/**
 * jz_pin_delay:
 * @failures: wrong PINs in a row
 *
 * Returns: the seconds to wait before the next attempt: none for the first
 * JZ_PIN_FREE_ATTEMPTS - 1, then 30 s, doubling with each further wrong
 * PIN, at most an hour.
 */
guint
jz_pin_delay (guint failures)
{
  guint extra;

  if (failures < JZ_PIN_FREE_ATTEMPTS)
    return 0;
  extra = failures - JZ_PIN_FREE_ATTEMPTS;
  if (extra >= 7)
    return MAX_DELAY_S;
  return MIN ((guint) FIRST_DELAY_S << extra, MAX_DELAY_S);
}

/**
 * jz_pin_clock_now:
 * @clock: (out): the seconds since the system started, asleep included,
 *   and the id of that start
 *
 * Where there is no boot id (not Linux), the start is this process's and
 * a restart of the app begins a wait again.
 */
void
jz_pin_clock_now (JzPinClock *clock)
{
  static gsize once = 0;
  static char process_boot[40];
  g_autofree char *id = NULL;
  struct timespec ts;

#ifdef CLOCK_BOOTTIME
  if (clock_gettime (CLOCK_BOOTTIME, &ts) == 0)
    clock->seconds = ts.tv_sec;
  else
#endif
    clock->seconds = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (g_file_get_contents ("/proc/sys/kernel/random/boot_id", &id, NULL, NULL))
    {
      g_strstrip (id);
      g_strlcpy (clock->boot, id, sizeof clock->boot);
      return;
    }
  if (g_once_init_enter (&once))
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_strlcpy (process_boot, uuid, sizeof process_boot);
      g_once_init_leave (&once, 1);
    }
  g_strlcpy (clock->boot, process_boot, sizeof clock->boot);
}

/* ---- on the store thread ---------------------------------------------------- */

typedef struct
{
  const JzPinClock *now;
  gboolean    restart;  /* the wait began in another system start: begin it again */
  gboolean    right;
  const char *hash;     /* set_pin: the new hash */
  char       *hash_out; /* read: the kept hash */
  JzPinState  state;
} PinArgs;

static gboolean
read_state (JzStore  *self,
            PinArgs  *args,
            GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = _jz_store_read_meta (self, META_HASH, &local_error);
  g_autofree char *failures = NULL;
  g_autofree char *boot = NULL;
  g_autofree char *mark = NULL;
  gint64 delay, elapsed;

  if (local_error == NULL)
    failures = _jz_store_read_meta (self, META_FAILURES, &local_error);
  if (local_error == NULL)
    boot = _jz_store_read_meta (self, META_BOOT, &local_error);
  if (local_error == NULL)
    mark = _jz_store_read_meta (self, META_MARK, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  args->state.set = hash != NULL && *hash != '\0';
  args->state.failures = failures ? (guint) MIN (g_ascii_strtoull (failures, NULL, 10), G_MAXUINT) : 0;
  delay = jz_pin_delay (args->state.failures);
  args->restart = FALSE;
  args->state.wait_left = 0;
  if (delay > 0 && boot != NULL && mark != NULL && args->now != NULL)
    {
      if (g_str_equal (boot, args->now->boot))
        {
          /* a mark ahead of the clock is no help: the wait is whole */
          elapsed = MAX (args->now->seconds - g_ascii_strtoll (mark, NULL, 10), 0);
          args->state.wait_left = elapsed < delay ? (guint) (delay - elapsed) : 0;
        }
      else
        {
          args->restart = TRUE;
          args->state.wait_left = (guint) delay;
        }
    }
  g_free (args->hash_out);
  args->hash_out = args->state.set ? g_steal_pointer (&hash) : NULL;
  return TRUE;
}

static gboolean
write_int (JzStore     *self,
           const char  *key,
           gint64       value,
           GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return _jz_store_write_meta (self, key, text, error);
}

/* A wait begins now, on @now's clock. */
static gboolean
write_mark (JzStore           *self,
            const JzPinClock  *now,
            GError           **error)
{
  return _jz_store_write_meta (self, META_BOOT, now->boot, error) &&
         write_int (self, META_MARK, now->seconds, error);
}

static gpointer
get_state_on_thread (JzStore  *self,
                     gpointer  data,
                     GError  **error)
{
  PinArgs *args = data;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!read_state (self, args, error) ||
      (args->restart && !write_mark (self, args->now, error)) ||
      !_jz_store_exec (self, "COMMIT", error))
    {
      _jz_store_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  return JZ_STORE_OK;
}

static gboolean
delete_pin_rows (JzStore  *self,
                 gboolean  hash_too,
                 GError  **error)
{
  JzStmt *stmt = _jz_store_stmt (self, "DELETE FROM meta WHERE key IN (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  jz_stmt_bind_static (stmt, 1, META_FAILURES);
  jz_stmt_bind_static (stmt, 2, META_BOOT);
  jz_stmt_bind_static (stmt, 3, META_MARK);
  jz_stmt_bind_static (stmt, 4, META_OLD);
  jz_stmt_bind_static (stmt, 5, hash_too ? META_HASH : META_OLD);
  return _jz_store_step_done (self, stmt, error);
}

/* A new hash (or none) and no failures, together. */
static gpointer
set_hash_on_thread (JzStore  *self,
                    gpointer  data,
                    GError  **error)
{
  PinArgs *args = data;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!delete_pin_rows (self, TRUE, error) ||
      (args->hash != NULL && !_jz_store_write_meta (self, META_HASH, args->hash, error)) ||
      !_jz_store_exec (self, "COMMIT", error))
    {
      _jz_store_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  return JZ_STORE_OK;
}

/* An attempt's outcome; the count is read again inside the transaction. */
static gpointer
record_attempt_on_thread (JzStore  *self,
                          gpointer  data,
                          GError  **error)
{
  PinArgs *args = data;
  guint delay;

  if (!_jz_store_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!read_state (self, args, error))
    goto fail;
  if (args->right)
    {
      if (!delete_pin_rows (self, FALSE, error))
        goto fail;
      args->state.failures = 0;
      args->state.wait_left = 0;
    }
  else
    {
      args->state.failures = MIN (args->state.failures, G_MAXUINT - 1) + 1;
      delay = jz_pin_delay (args->state.failures);
      args->state.wait_left = delay;
      if (!write_int (self, META_FAILURES, args->state.failures, error) ||
          (delay > 0 && !write_mark (self, args->now, error)))
        goto fail;
    }
  if (!_jz_store_exec (self, "COMMIT", error))
    goto fail;
  return JZ_STORE_OK;

fail:
  _jz_store_exec (self, "ROLLBACK", NULL);
  return NULL;
}

/* ---- the API ---------------------------------------------------------------- */

/**
 * jz_store_get_pin_state:
 * @now: jz_pin_clock_now()
 *
 * Whether a PIN is kept, the wrong attempts since the last right one and
 * what is left at @now of the wait they earned (0 when none runs). A wait
 * that began before the system last started begins again, whole.
 */
gboolean
jz_store_get_pin_state (JzStore           *store,
                        const JzPinClock  *now,
                        JzPinState        *state,
                        GError           **error)
{
  PinArgs args = { .now = now };
  gboolean ok;

  g_return_val_if_fail (JZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  ok = _jz_store_call (store, get_state_on_thread, &args, error) != NULL;
  g_free (args.hash_out);
  if (ok)
    *state = args.state;
  return ok;
}

/**
 * jz_store_set_pin:
 * @pin: a well-formed PIN (jz_pin_is_well_formed())
 *
 * Keeps @pin's Argon2id hash in place of any earlier one and forgets the
 * wrong attempts. Slow on purpose: call it from a worker.
 */
gboolean
jz_store_set_pin (JzStore     *store,
                  const char  *pin,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  PinArgs args = { 0 };
  gboolean ok;

  g_return_val_if_fail (JZ_IS_STORE (store), FALSE);

  if (!jz_pin_is_well_formed (pin))
    {
      g_set_error (error, JZ_STORE_ERROR, JZ_STORE_ERROR_INVALID,
                   "PIN: %d to %d digits", JZ_PIN_MIN_DIGITS, JZ_PIN_MAX_DIGITS);
      return FALSE;
    }
  if (!sodium_ready (error))
    return FALSE;
  if (crypto_pwhash_str (hash, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, JZ_STORE_ERROR, JZ_STORE_ERROR_IO,
                           "PIN: not enough memory to hash it");
      return FALSE;
    }
  args.hash = hash;
  ok = _jz_store_call (store, set_hash_on_thread, &args, error) != NULL;
  sodium_memzero (hash, sizeof hash);
  return ok;
}

/**
 * jz_store_clear_pin:
 *
 * Forgets the PIN and its wrong attempts: what enrolling the device with
 * the county server again does, the only way past a forgotten PIN.
 */
gboolean
jz_store_clear_pin (JzStore  *store,
                    GError  **error)
{
  PinArgs args = { 0 };

  g_return_val_if_fail (JZ_IS_STORE (store), FALSE);
  return _jz_store_call (store, set_hash_on_thread, &args, error) != NULL;
}

/**
 * jz_store_try_pin:
 * @now: jz_pin_clock_now()
 * @verdict: (out): right, wrong (counted), wait (not checked) or not set
 * @state: (out) (optional): the state after the attempt
 *
 * Checks @pin against the kept hash unless a wait runs, and counts a wrong
 * one; a right one forgets the failures. Slow on purpose: call it from a
 * worker. Returns FALSE only with @error (the store could not be read or
 * written).
 */
gboolean
jz_store_try_pin (JzStore           *store,
                  const char        *pin,
                  const JzPinClock  *now,
                  JzPinVerdict      *verdict,
                  JzPinState        *state,
                  GError           **error)
{
  PinArgs args = { .now = now };
  gboolean ok = FALSE;

  g_return_val_if_fail (JZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (verdict != NULL, FALSE);

  if (!sodium_ready (error))
    return FALSE;
  if (_jz_store_call (store, get_state_on_thread, &args, error) == NULL)
    goto out;
  if (!args.state.set)
    *verdict = JZ_PIN_NOT_SET;
  else if (args.state.wait_left > 0)
    *verdict = JZ_PIN_WAIT;
  else
    {
      /* A malformed PIN is simply wrong (and counted): it cannot match. */
      args.right = pin != NULL && jz_pin_is_well_formed (pin) &&
                   crypto_pwhash_str_verify (args.hash_out, pin, strlen (pin)) == 0;
      if (_jz_store_call (store, record_attempt_on_thread, &args, error) == NULL)
        goto out;
      *verdict = args.right ? JZ_PIN_RIGHT : JZ_PIN_WRONG;
    }
  if (state != NULL)
    *state = args.state;
  ok = TRUE;

out:
  g_free (args.hash_out);
  return ok;
}
