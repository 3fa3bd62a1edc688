#!/usr/bin/env python3
# check-flatpak-manifest.py — flatpak/io.github.juzhu.Juzhu.json is valid
# JSON, names the app id and command that the build installs, runs on the
# GNOME runtime and builds this very source tree with meson.  (No
# flatpak-builder here; this is what can be checked without it.)
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-flatpak-manifest.py SOURCE_ROOT APP_ID COMMAND   (prints TAP)

import json
import os
import sys

root, app_id, command = sys.argv[1:4]
path = os.path.join(root, 'flatpak', app_id + '.json')
n = 0
failed = False


def check(what, cond):
    global n, failed
    n += 1
    print(('ok' if cond else 'not ok'), n, '-', what)
    failed = failed or not cond


try:
    with open(path, encoding='utf-8') as f:
        m = json.load(f)
except (OSError, ValueError) as e:
    print('not ok 1 -', path, 'is not valid JSON:', e)
    print('1..1')
    sys.exit(1)
check(path + ' is valid JSON', True)

check('id is ' + app_id + ' (got %r)' % m.get('id', m.get('app-id')),
      m.get('id', m.get('app-id')) == app_id)
check('command is ' + command + ' (got %r)' % m.get('command'),
      m.get('command') == command)
check('runtime is org.gnome.Platform with org.gnome.Sdk',
      m.get('runtime') == 'org.gnome.Platform' and m.get('sdk') == 'org.gnome.Sdk')
check('runtime-version is a GNOME release number (got %r)' % m.get('runtime-version'),
      str(m.get('runtime-version', '')).isdigit() and int(m['runtime-version']) >= 45)

args = m.get('finish-args', [])
for a in ('--share=network', '--socket=wayland', '--socket=fallback-x11', '--device=dri'):
    check('finish-args has ' + a, a in args)
check('no broad file access (files go through the portal)',
      not any(a.startswith('--filesystem=home') or a == '--filesystem=host' for a in args))
check('--socket=x11 is not given next to fallback-x11', '--socket=x11' not in args)
check('no --device=all (the camera goes through the camera portal)', '--device=all' not in args)

modules = m.get('modules', [])
check('there are modules', len(modules) > 0)
if modules:
    app = modules[-1]
    check('the last module is meson', app.get('buildsystem') == 'meson')
    sources = app.get('sources', [])
    dirs = [s for s in sources if s.get('type') == 'dir']
    check('its source is this tree (type dir)', len(dirs) == 1)
    if dirs:
        tree = os.path.normpath(os.path.join(os.path.dirname(path), dirs[0].get('path', '')))
        try:
            with open(os.path.join(tree, 'meson.build'), encoding='utf-8') as f:
                top = f.read()
        except OSError:
            top = ''
        check('the dir source %s is the project (meson.build with project(\'juzhu\'))' % tree,
              "project('juzhu'" in top)

# Libraries the build needs that the GNOME runtime does not carry are
# modules of their own, from a release archive pinned by its checksum.
names = [mod.get('name') for mod in modules[:-1] if isinstance(mod, dict)]
check('libsodium is a module (the GNOME runtime has none)', 'libsodium' in names)
check('libportal is a module, and the app is built with the camera portal',
      'libportal' in names and '-Dportal=enabled' in modules[-1].get('config-opts', []))
for mod in modules[:-1]:
    for src in mod.get('sources', []):
        if src.get('type') == 'archive':
            check('%s: its archive is pinned by sha256' % mod.get('name'),
                  len(src.get('sha256', '')) == 64 and src.get('url', '').startswith('https://'))

print('1..%d' % n)
sys.exit(1 if failed else 0)
