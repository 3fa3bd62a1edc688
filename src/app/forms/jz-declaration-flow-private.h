/* jz-declaration-flow-private.h — what the files of the declaration form share
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jz-declaration-flow.c: the steps, reading the form, drafts, problems from the core, actions, life cycle;
 * jz-declaration-save.c: review, saving, the certificate;
 * jz-declaration-portrait.c: the portrait, and printing;
 * jz-declaration-known.c: an ID number already on the device;
 * jz-declaration-card.c: the number and the name read off a photo of the ID card.
 */
#pragma once

#include "jz-declaration-flow.h"
#include "jz-division-group.h"
#include "jz-picker-row.h"

G_BEGIN_DECLS

struct _JzDeclarationFlow
{
  JzFormFlow        parent_instance;

  /* Template widgets */
  AdwActionRow     *card_row;
  AdwActionRow     *card_check_row;
  AdwEntryRow      *id_row;
  AdwActionRow     *derived_row;
  AdwActionRow     *known_row;
  AdwEntryRow      *name_row;
  JzPickerRow      *ethnicity_row;
  GtkLabel         *person_error;
  JzDivisionGroup  *hukou_group;
  AdwEntryRow      *hukou_address_row;
  GtkLabel         *hukou_error;
  JzDivisionGroup  *residence_group;
  AdwEntryRow      *committee_row;
  AdwEntryRow      *residence_address_row;
  AdwEntryRow      *arrival_row;
  GtkLabel         *residence_error;
  AdwComboRow      *reason_row;
  AdwComboRow      *housing_row;
  AdwEntryRow      *landlord_name_row;
  AdwEntryRow      *landlord_identity_row;
  AdwEntryRow      *employer_identity_row;
  gboolean          files_as_party;   /* a landlord's or employer's device, known by identity */
  AdwEntryRow      *landlord_phone_row;
  AdwEntryRow      *employer_row;
  AdwEntryRow      *school_row;
  AdwEntryRow      *phone_row;
  GtkLabel         *housing_error;
  GtkPicture       *portrait;
  GtkLabel         *portrait_status;
  GtkLabel         *photo_error;
  AdwPreferencesGroup *review_group;
  GtkLabel         *review_error;
  AdwPreferencesGroup *certificate_group;

  /* Owned */
  JzDivisions      *divisions;
  GPtrArray        *reason_codes;    /* index 0 is "not chosen" */
  GPtrArray        *housing_codes;
  GPtrArray        *review_rows;
  GPtrArray        *certificate_rows;
  char             *portrait_sha;
  char             *registration_id;
  char             *known_person_id;  /* the ID number's person, when known here */
  GCancellable     *known_cancellable;
  gboolean          card_unchecked;   /* filled from a photo, not yet checked against the card */
  int               card_reader;      /* 0 not asked yet, 1 this build and machine read cards, 2 not */
};


void _jz_declaration_today (JzDeclarationFlow *self,
                            GDate             *out);

JsonObject *_jz_declaration_collect_values (JzDeclarationFlow *self);

void _jz_declaration_look_up_known (JzDeclarationFlow *self,
                                    const char        *id_number);
void _jz_declaration_forget_known  (JzDeclarationFlow *self);
void _jz_declaration_open_known_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter);

void _jz_declaration_load_portrait (JzDeclarationFlow *self);

void _jz_declaration_choose_portrait_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter);

void _jz_declaration_import_portrait_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter);

/* jz-declaration-card.c */
void _jz_declaration_card_actions    (GtkWidgetClass    *widget_class);
void _jz_declaration_set_card_unchecked (JzDeclarationFlow *self,
                                         gboolean           unchecked);
void _jz_declaration_card_update        (JzDeclarationFlow *self,
                                         gboolean           busy);

void _jz_declaration_take_portrait_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter);

void _jz_declaration_print_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param);

void _jz_declaration_fill_review (JzDeclarationFlow *self);

void _jz_declaration_save (JzDeclarationFlow *self);

G_END_DECLS
