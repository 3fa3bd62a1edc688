/* jz-registry-papers.c — the code a printed paper carries, signed with
 * this station's key, and a paper's code checked (docs/papers.md)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The station's key and its certificate are kept by a sync
 * (src/sync/jz-sync-station.c) in the store's meta values, with the
 * county's public key. Checking a code needs only a county key: this
 * device's county's, and any a verifier was given for other counties.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <sodium.h>
#include <string.h>

#include "jz-date.h"
#include "jz-id-number.h"
#include "jz-registry-private.h"

G_DEFINE_QUARK (jz-registry-paper-error-quark, jz_registry_paper_error)

/* A meta value into *@out (NULL when there is none): FALSE only when the
 * store could not be read. */
static gboolean
_jz_registry_meta (JzRegistry  *self,
                   const char  *key,
                   char       **out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = jz_store_get_meta (self->store, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Whether the record here is the holder the code names: the same name
 * and the same masked ID number. *@found is FALSE when the person is not
 * on this device. */
static gboolean
same_holder (JzRegistry   *self,
             const char   *person_id,
             JzPaper      *paper,
             gboolean     *found,
             gboolean     *same,
             GError      **error)
{
  g_autoptr(JsonObject) person = NULL;
  g_autofree char *masked = NULL;
  const char *id_number;

  *found = FALSE;
  *same = FALSE;
  if (person_id == NULL)
    return TRUE;
  if (!_jz_registry_lookup (self, "person", person_id, &person, error))
    return FALSE;
  if (person == NULL)
    return TRUE;
  *found = TRUE;
  id_number = _jz_obj_string (person, "id_number");
  masked = id_number != NULL ? jz_id_number_mask (id_number) : NULL;
  *same = g_strcmp0 (_jz_obj_string (person, "name"), paper->holder) == 0 &&
          g_strcmp0 (masked, paper->id_masked) == 0;
  return TRUE;
}

static const char *
kind_rtype (JzPaperKind kind)
{
  switch (kind)
    {
    case JZ_PAPER_CERTIFICATE:
      return "registration";
    case JZ_PAPER_NOTICE:
    case JZ_PAPER_RECEIPT:
      return "application";
    case JZ_PAPER_ACCOMMODATION:
    case JZ_PAPER_EMPLOYMENT:
    default:
      return "person";
    }
}

/* What a paper is, as its title says it. */
const char *
jz_registry_paper_kind_label (JzPaperKind kind)
{
  switch (kind)
    {
    case JZ_PAPER_CERTIFICATE:
      return _("Temporary residence certificate (暂住登记凭证)");
    case JZ_PAPER_NOTICE:
      return _("One-time notice of missing materials (一次性告知书)");
    case JZ_PAPER_RECEIPT:
      return _("Acceptance receipt (受理回执)");
    case JZ_PAPER_ACCOMMODATION:
      return "住宿证明";
    case JZ_PAPER_EMPLOYMENT:
    default:
      return "劳动关系证明";
    }
}

/* Who signed, as a verifier reads it. */
char *
jz_registry_paper_signer (const JzPaper *paper)
{
  switch (paper->role)
    {
    case JZ_STATION_LANDLORD:
      return g_strdup_printf (_("A landlord of area %s, certified from %s to %s"), paper->area,
                              paper->station_from, paper->station_until);
    case JZ_STATION_EMPLOYER:
      return g_strdup_printf (_("An employer of area %s, certified from %s to %s"), paper->area,
                              paper->station_from, paper->station_until);
    case JZ_STATION_OFFICE:
    default:
      return g_strdup_printf (_("The registration station of area %s, certified from %s to %s"), paper->area,
                              paper->station_from, paper->station_until);
    }
}

/**
 * jz_registry_paper_code:
 * @id_number: the holder's, masked here
 *
 * The signed code for a paper printed today (@date) from @record. Fails
 * with %JZ_REGISTRY_PAPER_ERROR_UNSIGNED on a device whose key the county
 * has not certified (not enrolled, or not synced since): the paper is
 * printed without a code, and says why.
 */
char *
jz_registry_paper_code (JzRegistry   *self,
                        JzPaperKind   kind,
                        const char   *number,
                        const char   *record,
                        const char   *holder,
                        const char   *id_number,
                        const GDate  *date,
                        GError      **error)
{
  g_autofree char *seed = NULL;
  g_autofree char *cert_b64 = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *date_text = NULL;
  g_autoptr(JzSigningKey) key = NULL;
  g_autoptr(GBytes) cert = NULL;
  g_autoptr(GError) local_error = NULL;
  guchar *raw;
  gsize raw_len = 0;
  JzPaper paper = { 0 };

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);

  if (!_jz_registry_meta (self, "station_key", &seed, error) ||
      !_jz_registry_meta (self, "station_cert", &cert_b64, error))
    return NULL;
  if (seed != NULL)
    {
      key = jz_signing_key_new_from_seed (seed, NULL);
      sodium_memzero (seed, strlen (seed));
    }
  if (key == NULL || cert_b64 == NULL)
    {
      g_set_error_literal (error, JZ_REGISTRY_PAPER_ERROR, JZ_REGISTRY_PAPER_ERROR_UNSIGNED,
                           _("not signed: the county has not certified this device's key yet "
                             "(enrol it and sync)"));
      return NULL;
    }
  raw = g_base64_decode (cert_b64, &raw_len);
  cert = g_bytes_new_take (raw, raw_len);

  masked = id_number != NULL ? jz_id_number_mask (id_number) : NULL;
  date_text = jz_date_format (date);
  paper.kind = kind;
  paper.number = (char *) number;
  paper.date = date_text;
  paper.holder = (char *) holder;
  paper.id_masked = masked;
  paper.record = (char *) record;
  {
    char *code = jz_paper_sign (&paper, key, cert, &local_error);

    if (code == NULL)
      g_set_error (error, JZ_REGISTRY_PAPER_ERROR, JZ_REGISTRY_PAPER_ERROR_UNSIGNED,
                   _("not signed: %s"), local_error->message);
    return code;
  }
}

/* A code its station signed on or after the day the county revoked it
 * (as the last sync heard) is refused. */
static gboolean
check_revoked (JzRegistry  *self,
               JzPaper     *paper,
               GError     **error)
{
  g_autofree char *revoked = NULL;
  g_auto(GStrv) lines = NULL;

  if (!_jz_registry_meta (self, "revoked_stations", &revoked, error))
    return FALSE;
  lines = g_strsplit (revoked != NULL ? revoked : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *space = strchr (lines[i], ' ');

      if (space == NULL || (gsize) (space - lines[i]) != strlen (paper->station) ||
          strncmp (lines[i], paper->station, space - lines[i]) != 0)
        continue;
      /* both YYYY-MM-DD: they compare as text */
      if (strcmp (paper->date, space + 1) >= 0)
        {
          g_set_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_REVOKED,
                       _("the code was signed on %s by a device the county revoked on %s: the paper is "
                         "not genuine"), paper->date, space + 1);
          return FALSE;
        }
    }
  return TRUE;
}

/* A county key replaced on a day certifies no station from that day on:
 * whoever took it cannot make new stations that devices believe. */
static gboolean
check_retired (JzPaper     *paper,
               GStrv        old_keys,
               GError     **error)
{
  for (guint i = 0; old_keys[i] != NULL; i++)
    {
      const char *space = strchr (old_keys[i], ' ');

      if (space == NULL || strncmp (old_keys[i], paper->county_key, space - old_keys[i]) != 0 ||
          strlen (paper->county_key) != (gsize) (space - old_keys[i]))
        continue;
      if (strcmp (paper->station_from, space + 1) >= 0)
        {
          g_set_error (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_UNKNOWN_COUNTY,
                       _("the code's station was certified on %s under a county key the county replaced "
                         "on %s: the paper is not genuine"), paper->station_from, space + 1);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * jz_registry_paper_verify:
 * @extra_keys: (nullable): county public keys (GBytes) besides this
 *   device's county's (and the keys it had before)
 * @person: (out) (optional): the person to open when the record the code
 *   names is here (in this device's scope) and is the holder it names,
 *   else %NULL
 * @differs: (out) (optional): set when the record is here but names
 *   another holder (renamed since, or a code made for another record)
 *
 * Checks a paper's code. A code whose record is here, for the same
 * holder, is audited as a view of that record by @author.
 */
JzPaper *
jz_registry_paper_verify (JzRegistry  *self,
                          const char  *code,
                          GPtrArray   *extra_keys,
                          const char  *author,
                          char       **person,
                          gboolean    *differs,
                          GError     **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *county = NULL;
  g_autofree char *old = NULL;
  g_autoptr(JzPaper) paper = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_auto(GStrv) old_keys = NULL;
  const char *rtype;

  g_return_val_if_fail (JZ_IS_REGISTRY (self), NULL);

  if (person != NULL)
    *person = NULL;
  if (differs != NULL)
    *differs = FALSE;
  if (!_jz_registry_meta (self, "county_key", &county, error) ||
      !_jz_registry_meta (self, "county_keys_old", &old, error))
    return NULL;
  /* the county's key now, then those it had before ("KEY DAY": the day
   * it was replaced) */
  old_keys = g_strsplit (old != NULL ? old : "", "\n", -1);
  for (guint i = 0; i <= g_strv_length (old_keys); i++)
    {
      g_autofree char *text = g_strdup (i == 0 ? county : old_keys[i - 1]);
      char *space = text != NULL ? strchr (text, ' ') : NULL;
      GBytes *key;

      if (space != NULL)
        *space = '\0';
      key = text != NULL && *text != '\0' ? jz_sign_public_from_base64 (text, NULL) : NULL;
      if (key != NULL)
        g_ptr_array_add (keys, key);
    }
  for (guint i = 0; extra_keys != NULL && i < extra_keys->len; i++)
    g_ptr_array_add (keys, g_bytes_ref (extra_keys->pdata[i]));
  if (keys->len == 0)
    {
      g_set_error_literal (error, JZ_PAPER_ERROR, JZ_PAPER_ERROR_NO_COUNTY_KEY,
                           _("no county key to check the code against: enrol this device and sync, "
                             "or give the county's public key"));
      return NULL;
    }

  paper = jz_paper_verify (code, keys, error);
  if (paper == NULL)
    return NULL;
  if (!check_revoked (self, paper, error) || !check_retired (paper, old_keys, error))
    return NULL;

  rtype = kind_rtype (paper->kind);
  if (!_jz_registry_lookup (self, rtype, paper->record, &record, error))
    return NULL;
  if (record != NULL)
    {
      const char *who = g_str_equal (rtype, "person") ? paper->record : _jz_obj_string (record, "person_id");
      gboolean found = FALSE, same = FALSE;

      if (!same_holder (self, who, paper, &found, &same, error))
        return NULL;
      /* not opened, and nothing of it shown: not audited */
      if (!found)
        return g_steal_pointer (&paper);
      if (!same)
        {
          if (differs != NULL)
            *differs = TRUE;
          return g_steal_pointer (&paper);
        }
      if (!jz_store_audit (self->store, author, "verify", rtype, paper->record, NULL, error))
        return NULL;
      if (person != NULL)
        *person = g_strdup (who);
    }
  return g_steal_pointer (&paper);
}
