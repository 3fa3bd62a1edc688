/* jz-device.h — this device's data directory, opened: the store, the rules
 * it was set to, the registry and the code tables
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jz-codes.h"
#include "jz-photo.h"
#include "jz-profile.h"
#include "jz-registry.h"
#include "jz-store.h"

G_BEGIN_DECLS

/* The rules of a data directory nobody set yet (`juzhu-cli init`, the
 * app's first run set them). */
#define JZ_DEVICE_DEFAULT_PROFILE "national-2016"

#define JZ_TYPE_DEVICE (jz_device_get_type ())
G_DECLARE_FINAL_TYPE (JzDevice, jz_device, JZ, DEVICE, GObject)

JzDevice     *jz_device_open               (const char  *data_dir,
                                            const char  *profile,
                                            GError     **error);
JzDevice     *jz_device_open_with_key      (const char  *data_dir,
                                            JzDataKey   *key,
                                            const char  *profile,
                                            GError     **error);

const char   *jz_device_get_data_dir       (JzDevice    *self);
JzStore      *jz_device_get_store          (JzDevice    *self);
JzProfile    *jz_device_get_profile        (JzDevice    *self);
const char   *jz_device_get_stored_profile (JzDevice    *self);
JzRegistry   *jz_device_get_registry       (JzDevice    *self);
JzPhotoStore *jz_device_get_photos         (JzDevice    *self);
JzCodes      *jz_device_get_codes          (JzDevice    *self);
const GError *jz_device_get_holidays_error (JzDevice    *self);

G_END_DECLS
