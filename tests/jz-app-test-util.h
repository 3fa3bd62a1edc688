/* jz-app-test-util.h — a data directory filled through the core, and
 * waiting on the main loop, for the app's tests (a library they link,
 * jz-app-test-util.c)
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "jz-id-number.h"
#include "jz-registry.h"
#include "jz-session.h"
#include "jz-store.h"
#include "jz-window.h"

G_BEGIN_DECLS

#define JZ_TEST_TIMEOUT_S 20

/* The operator PIN the app's tests set and type */
#define JZ_TEST_PIN "135790"

typedef gboolean (*JzTestCondition) (gpointer data);

/* Five persons of the tests, each with an ID number of the first 17
 * digits and its check character (jz_test_id_number) */
typedef struct
{
  const char *first17;
  const char *name;
  const char *address;
} JzTestPerson;

#define JZ_TEST_N_PERSONS 5
extern const JzTestPerson jz_test_persons[JZ_TEST_N_PERSONS];

void           jz_test_session_bus        (void);
void           jz_test_system_data        (void);
void           jz_test_gtk_init           (int             *argcp,
                                           char          ***argvp);
void           jz_test_wait               (JzTestCondition  cond,
                                           gpointer         data,
                                           const char      *what);
void           jz_test_spin               (guint            ms);
void           jz_test_complete_materials (JzRegistry      *registry,
                                           const char      *application,
                                           const GDate     *today,
                                           const char      *page,
                                           const char      *date);
gboolean       jz_test_dialog_open        (gpointer         heading);
void           jz_test_answer_dialog      (const char      *heading,
                                           const char      *response);
GskRenderNode *jz_test_snapshot_node      (GtkWidget       *widget,
                                           int              width,
                                           int              height);
char          *jz_test_save_png           (GtkWindow       *window,
                                           const char      *name,
                                           guint            settle_ms);
char          *jz_test_id_number          (const char      *first17);
JsonObject    *jz_test_declare            (JzSession       *session,
                                           guint            i);
void           jz_test_exchange           (JzStore         *from,
                                           JzStore         *to);
void           jz_test_edit               (JzSession       *session,
                                           const char      *person,
                                           const char      *field,
                                           const char      *value,
                                           const char      *author);
char          *jz_test_fill               (const char      *dir,
                                           const char      *other_dir);
void           jz_test_collect_labels     (GtkWidget       *widget,
                                           GPtrArray       *out);
gboolean       jz_test_window_ready       (JzWindow        *window);
JzWindow      *jz_test_open_window        (const char      *dir,
                                           int              width,
                                           int              height);
void           jz_test_close_window       (JzWindow        *window);
/* What a sync keeps when the county certifies the station's key, made
 * with a county key of the test's own (papers carry a code). */
void           jz_test_give_station_key   (JzStore         *store);

G_END_DECLS
