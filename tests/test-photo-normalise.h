/* test-photo-normalise.h — the normalisation tests test-photo's main adds
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

void test_photo_normalise_add_tests (void);
