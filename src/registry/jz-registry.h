/* jz-registry.h — the registration office's operations over the store
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jz-paper-code.h"
#include "jz-photo.h"
#include "jz-profile.h"
#include "jz-rules.h"
#include "jz-store.h"

G_BEGIN_DECLS

#define JZ_REGISTRY_ERROR (jz_registry_error_quark ())

typedef enum
{
  JZ_REGISTRY_ERROR_INVALID,      /* bad input; the message names the field */
  JZ_REGISTRY_ERROR_REFUSED,      /* the regulations forbid it; the message cites the article */
  JZ_REGISTRY_ERROR_STATE,        /* not possible in the record's current state */
} JzRegistryError;

GQuark     jz_registry_error_quark        (void);
GPtrArray *jz_registry_error_get_problems (const GError *error);

#define JZ_TYPE_REGISTRY (jz_registry_get_type ())
G_DECLARE_FINAL_TYPE (JzRegistry, jz_registry, JZ, REGISTRY, GObject)

JzRegistry    *jz_registry_new                (JzStore       *store,
                                               JzProfile     *profile,
                                               JzHolidays    *holidays);
JzStore       *jz_registry_get_store          (JzRegistry    *self);
JzProfile     *jz_registry_get_profile        (JzRegistry    *self);
JzHolidays    *jz_registry_get_holidays       (JzRegistry    *self);
JzPhotoStore  *jz_registry_get_photos         (JzRegistry    *self);

/* 暂住登记: person (found by ID number or created) + registration. */
JsonObject    *jz_registry_declare            (JzRegistry    *self,
                                               JsonObject    *input,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
const char    *jz_registry_roster_field       (const char    *header);
GPtrArray     *jz_registry_roster_read_file   (const char    *path,
                                               const char   **encoding,
                                               GArray       **lines,
                                               GError       **error);
char          *jz_registry_roster_template    (void);
void           jz_registry_roster_default_division (JzRegistry *self,
                                               JsonObject    *input);
GPtrArray     *jz_registry_roster_inputs      (JzRegistry    *self,
                                               GPtrArray     *rows,
                                               GStrv         *ignored,
                                               GError       **error);
JsonArray     *jz_registry_declare_roster     (JzRegistry    *self,
                                               GPtrArray     *inputs,
                                               gboolean       check_only,
                                               const guint   *row_numbers,
                                               const GDate   *today,
                                               const char    *author,
                                               guint         *filed,
                                               GError       **error);
JsonObject    *jz_registry_add_person         (JzRegistry    *self,
                                               JsonObject    *input,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_merge_persons      (JzRegistry    *self,
                                               const char    *keep_id,
                                               const char    *other_id,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
gboolean       jz_registry_edit               (JzRegistry    *self,
                                               const char    *rtype,
                                               const char    *id,
                                               JsonObject    *fields,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_apply              (JzRegistry    *self,
                                               JsonObject    *input,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_add_material       (JzRegistry    *self,
                                               const char    *application_id,
                                               const char    *document,
                                               const char * const *files,
                                               const char    *document_date,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_add_material_photos (JzRegistry  *self,
                                               const char    *application_id,
                                               const char    *document,
                                               const char * const *sha256s,
                                               const char    *document_date,
                                               const char    *author,
                                               GError       **error);
JzRulesResult *jz_registry_evaluate           (JzRegistry    *self,
                                               const char    *application_id,
                                               const GDate   *today,
                                               GError       **error);
JsonNode      *jz_registry_case_json          (JzRegistry    *self,
                                               const char    *application_id,
                                               GError       **error);
gboolean       jz_registry_accept             (JzRegistry    *self,
                                               const char    *application_id,
                                               const GDate   *accepted_on,
                                               gboolean       remote_area,
                                               const char    *author,
                                               GError       **error);
gboolean       jz_registry_extend             (JzRegistry    *self,
                                               const char    *application_id,
                                               const char    *reason,
                                               const char    *channel,
                                               const GDate   *notified_on,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_issue              (JzRegistry    *self,
                                               const char    *application_id,
                                               const GDate   *issued_on,
                                               const char    *number,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_endorse            (JzRegistry    *self,
                                               const char    *permit_id,
                                               const GDate   *endorsed_on,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_depart             (JzRegistry    *self,
                                               const char    *registration_id,
                                               const GDate   *departed_on,
                                               const char    *reason,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_withdraw           (JzRegistry    *self,
                                               const char    *application_id,
                                               const GDate   *on,
                                               const char    *reason,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_refuse             (JzRegistry    *self,
                                               const char    *application_id,
                                               const GDate   *on,
                                               const char    *reason,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_permit_state       (JzRegistry    *self,
                                               JsonObject    *permit,
                                               const GDate   *today,
                                               GError       **error);
JsonObject    *jz_registry_suspend            (JzRegistry    *self,
                                               const char    *permit_id,
                                               const char    *reason,
                                               const GDate   *on,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonObject    *jz_registry_person_file        (JzRegistry    *self,
                                               const char    *person_id,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
char          *jz_registry_notice             (JzRegistry    *self,
                                               const char    *application_id,
                                               const GDate   *today,
                                               const char    *author,
                                               GError       **error);
JsonArray     *jz_registry_due                (JzRegistry    *self,
                                               const GDate   *today,
                                               GError       **error);
JsonObject    *jz_registry_report             (JzRegistry    *self,
                                               const char    *month,
                                               const GDate   *today,
                                               GError       **error);
const char *const *jz_registry_report_figures  (guint         *n_figures);

/* jz-registry-papers.c: the code a printed paper carries, and checking one */
#define JZ_REGISTRY_PAPER_ERROR (jz_registry_paper_error_quark ())

typedef enum
{
  JZ_REGISTRY_PAPER_ERROR_UNSIGNED,  /* this device cannot sign papers (yet): why is in the message */
} JzRegistryPaperError;

GQuark      jz_registry_paper_error_quark (void);
const char *jz_registry_paper_kind_label (JzPaperKind  kind);
char       *jz_registry_paper_signer   (const JzPaper *paper);
char       *jz_registry_paper_code     (JzRegistry   *self,
                                        JzPaperKind   kind,
                                        const char   *number,
                                        const char   *record,
                                        const char   *holder,
                                        const char   *id_number,
                                        const GDate  *date,
                                        GError      **error);
JzPaper    *jz_registry_paper_verify   (JzRegistry   *self,
                                        const char   *code,
                                        GPtrArray    *extra_keys,
                                        const char   *author,
                                        char        **person,
                                        gboolean     *differs,
                                        GError      **error);

G_END_DECLS
