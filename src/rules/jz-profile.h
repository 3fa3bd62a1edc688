/* jz-profile.h — one jurisdiction's residence-permit rules, as data
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JZ_PROFILE_ERROR (jz_profile_error_quark ())

typedef enum
{
  JZ_PROFILE_ERROR_NOT_FOUND,
  JZ_PROFILE_ERROR_INVALID,
} JzProfileError;

typedef enum
{
  JZ_APPLICATION_FIRST,
  JZ_APPLICATION_ENDORSE,
  JZ_APPLICATION_REPLACE,
  JZ_APPLICATION_REISSUE,
  JZ_APPLICATION_ADDRESS_CHANGE,
  JZ_APPLICATION_N_KINDS
} JzApplicationKind;

typedef enum
{
  JZ_CONDITION_EMPLOYMENT,
  JZ_CONDITION_RESIDENCE,
  JZ_CONDITION_STUDY,
  JZ_N_CONDITIONS
} JzCondition;

#define JZ_TYPE_PROFILE (jz_profile_get_type ())

G_DECLARE_FINAL_TYPE (JzProfile, jz_profile, JZ, PROFILE, GObject)

GQuark              jz_profile_error_quark         (void);

JzProfile          *jz_profile_load                (const char   *name,
                                                    GError      **error);
JzProfile          *jz_profile_load_file           (const char   *path,
                                                    GError      **error);
JzProfile          *jz_profile_load_data           (const char   *data,
                                                    gssize        length,
                                                    const char   *source,
                                                    GError      **error);
GStrv               jz_profile_list_available      (void);

const char         *jz_profile_get_name            (JzProfile    *self);
const char         *jz_profile_get_title           (JzProfile    *self);
const char         *jz_profile_get_reference       (JzProfile    *self);
void                jz_profile_get_in_force        (JzProfile    *self,
                                                    GDate        *out);
guint               jz_profile_get_version         (JzProfile    *self);
const char         *jz_profile_get_source          (JzProfile    *self);

const char         *jz_profile_article             (JzProfile    *self,
                                                    const char   *rule);
guint               jz_profile_issue_days          (JzProfile    *self);
guint               jz_profile_extension_days      (JzProfile    *self);
guint               jz_profile_max_total_days      (JzProfile    *self);
const char * const *jz_profile_extension_channels  (JzProfile    *self);
guint               jz_profile_residence_months    (JzProfile    *self);
guint               jz_profile_other_city_prefix_length (JzProfile *self);
gboolean            jz_profile_same_city_move_suspends (JzProfile *self);
gboolean            jz_profile_requires_temp_registration (JzProfile *self);
const char * const *jz_profile_need_documents      (JzProfile    *self,
                                                    const char   *need);
gboolean            jz_profile_notice_in_writing   (JzProfile    *self);
int                 jz_profile_card_fee_yuan       (JzProfile    *self);
const char * const *jz_profile_suspension_reasons  (JzProfile    *self);

const char         *jz_application_kind_to_code    (JzApplicationKind kind);
gboolean            jz_application_kind_from_code  (const char   *code,
                                                    JzApplicationKind *out);
const char         *jz_condition_to_code           (JzCondition   condition);
const char * const *jz_document_codes              (void);

G_END_DECLS
