#!/usr/bin/env python3
# check-flatpak-manifest.py — flatpak/io.github.juzhu.Juzhu.json is valid
# JSON, names the app id and command that the build installs, runs on the
# GNOME runtime and builds this very source tree with meson; every download
# is pinned by its SHA-256 and every patch is in flatpak/; the app is built
# with OCR and QR codes, from modules for the libraries and the models the
# runtime lacks.  (No flatpak-builder here; this is what can be checked
# without it.)
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
check('leptonica and tesseract are modules (ID cards: the GNOME runtime has no Tesseract)',
      'leptonica' in names and 'tesseract' in names
      and names.index('leptonica') < names.index('tesseract'))
check('libqrencode and zbar are modules (papers\' QR codes)',
      'libqrencode' in names and 'zbar' in names)
app_opts = modules[-1].get('config-opts', []) if modules else []
check('the app is built with -Docr=enabled (got %r)' % [o for o in app_opts if o.startswith('-Docr')],
      '-Docr=enabled' in app_opts and '-Docr=disabled' not in app_opts)
check('the app is built with -Dqr=enabled (got %r)' % [o for o in app_opts if o.startswith('-Dqr')],
      '-Dqr=enabled' in app_opts and '-Dqr=disabled' not in app_opts)

# The reader's models: installed where the app is built to look for them.
tessdata = [o.split('=', 1)[1] for o in app_opts if o.startswith('-Dtessdata=')]
check('the app is told where the models are (-Dtessdata=/app/…; got %r)' % tessdata,
      len(tessdata) == 1 and tessdata[0].startswith('/app/'))
data = [mod for mod in modules[:-1] if isinstance(mod, dict) and mod.get('name') == 'tessdata']
commands = ' '.join(data[0].get('build-commands', [])) if data else ''
installs = [c for c in (data[0].get('build-commands', []) if data else [])
            if tessdata and tessdata[0] in c]
for model in ('eng', 'chi_sim'):
    check('the tessdata module installs %s.traineddata into %s' % (model, tessdata[0] if tessdata else '?'),
          any((model + '.traineddata') in c.split() for c in installs))
inline = [src for src in (data[0].get('sources', []) if data else []) if src.get('type') == 'inline']
sums = {}
for src in inline:
    for line in src.get('contents', '').splitlines():
        parts = line.split()
        if len(parts) == 2 and len(parts[0]) == 64:
            sums[parts[1]] = parts[0]
check('the models taken out of the archive are checked by their own sha256 (sha256sum -c)',
      'sha256sum -c' in commands and set(sums) == {'eng.traineddata', 'chi_sim.traineddata'})

# zbar with the fixes Debian 12 applies to 0.23.92 for its security holes
zbar = [mod for mod in modules[:-1] if isinstance(mod, dict) and mod.get('name') == 'zbar']
patches = [src.get('path', '') for src in (zbar[0].get('sources', []) if zbar else [])
           if src.get('type') == 'patch']
for cve in ('CVE-2023-40889', 'CVE-2023-40890'):
    check('zbar is patched for %s' % cve, any(cve in p for p in patches))

# Every download pinned by its checksum; every patch a file beside the manifest.
for mod in modules[:-1]:
    for src in mod.get('sources', []):
        if src.get('type') in ('archive', 'file'):
            check('%s: its %s %s is pinned by sha256' % (mod.get('name'), src.get('type'),
                                                       os.path.basename(src.get('url', '?'))),
                  len(src.get('sha256', '')) == 64
                  and all(c in '0123456789abcdef' for c in src.get('sha256', ''))
                  and src.get('url', '').startswith('https://'))
        elif src.get('type') == 'patch':
            check('%s: its patch %s is in flatpak/' % (mod.get('name'), src.get('path')),
                  os.path.isfile(os.path.join(os.path.dirname(path), src.get('path', ''))))
        elif src.get('type') not in ('inline',):
            check('%s: a source of type %r is one this check knows' % (mod.get('name'), src.get('type')),
                  False)

print('1..%d' % n)
sys.exit(1 if failed else 0)
