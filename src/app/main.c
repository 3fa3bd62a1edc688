/* main.c — entry point of the Juzhu app
 *
 * Copyright 2026 The Juzhu authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "jz-app-util.h"
#include "jz-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(JzApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* JUZHU_LOCALEDIR: the catalogues of a build tree (scripts/run sets it),
   * so a zh_CN desktop sees Chinese before anything is installed */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("JUZHU_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  jz_app_choose_renderer ();

  app = jz_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
