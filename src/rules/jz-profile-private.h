/* jz-profile-private.h — the parsed profile, for the rules engine
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-profile.h"

G_BEGIN_DECLS

typedef enum
{
  JZ_RESIDENCE_BASIS_PROOF_DATE,          /* date on the proof documents (吉林 第十条) */
  JZ_RESIDENCE_BASIS_TEMP_REGISTRATION,   /* 暂住登记 date (三门峡 第八条) */
} JzResidenceBasis;

typedef enum
{
  JZ_PROXY_NONE,        /* the holder comes in person */
  JZ_PROXY_RESTRICTED,  /* only on one of the profile's proxy grounds */
  JZ_PROXY_ANY,         /* any agent (三门峡 第十六条, endorsement) */
} JzProxyMode;

typedef enum
{
  JZ_MOVE_SAME_COUNTY,
  JZ_MOVE_SAME_CITY,
  JZ_MOVE_SAME_JURISDICTION,
  JZ_MOVE_OUTSIDE,
  JZ_MOVE_N_SCOPES
} JzMoveScope;

typedef enum
{
  JZ_MOVE_ACTION_ENDORSE,
  JZ_MOVE_ACTION_ADDRESS_CHANGE,
  JZ_MOVE_ACTION_NEW_REGISTRATION,
  JZ_MOVE_ACTION_APPLY_ANEW,
} JzMoveAction;

typedef struct
{
  gboolean      defined;
  GStrv         needs;
  GStrv         condition_needs[JZ_N_CONDITIONS];
  gboolean      eligibility;
  gboolean      issue_deadline;
  JzProxyMode   proxy;
  char         *proxy_article;
  gboolean      card_fee;
  char         *article;
} JzProfileKind;

typedef struct
{
  gboolean      defined;
  JzMoveAction  action;
  guint         days;          /* 0 = no deadline */
  gboolean      suspends;
  char         *article;
} JzProfileMove;

struct _JzProfile
{
  GObject           parent_instance;

  /* Owned */
  char             *name;
  char             *title;
  char             *reference;
  char             *source;
  GDate             in_force;
  guint             version;
  char             *jurisdiction_prefix;   /* NULL: the whole country */
  GHashTable       *articles;              /* rule → citation */

  guint             other_city_prefix_length;
  guint             residence_months;
  JzResidenceBasis  residence_basis;
  gboolean          requires_temp_registration;
  gboolean          allowed_conditions[JZ_N_CONDITIONS];

  GHashTable       *needs;                 /* need → GStrv of documents */
  JzProfileKind     kinds[JZ_APPLICATION_N_KINDS];

  guint             proxy_under_age;
  GStrv             proxy_grounds;

  guint             issue_days;
  guint             extension_days;
  guint             max_total_days;        /* 0: days + extension_days */
  GStrv             extension_channels;

  guint             window_days;           /* exactly one of these two is set */
  guint             window_months;
  guint             late_limit_months;     /* 0: a late endorsement always restores */

  gboolean          has_moves;
  JzProfileMove     moves[JZ_MOVE_N_SCOPES];
  GStrv             suspension_reasons;

  int               card_fee_yuan;         /* -1: not known */
  gboolean          notice_in_writing;
};

gboolean _jz_profile_valid_name (const char *name);

G_END_DECLS
