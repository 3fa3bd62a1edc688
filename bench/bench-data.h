/* bench-data.h — synthetic but realistic declarations for benchmarks
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct
{
  char id_number[19];
  char name[32];
  char birth_date[11];
  char sex[2];
  char ethnicity[3];
  char hukou_division[7];
  char hukou_address[96];
  char residence_address[96];
  char arrival_date[11];
  char registered_on[11];
  char phone[12];
} BenchDeclaration;

void bench_make_declaration (GRand            *rand,
                             guint             index,
                             BenchDeclaration *out);
gint64 bench_rss_peak_kib   (void);
void   bench_remove_tree    (const char       *path);
/* for qsort () of doubles */
int    bench_compare_double (const void       *a,
                             const void       *b);
