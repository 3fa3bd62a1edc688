#!/bin/bash
# test-id-read.sh — juzhu-cli id read, as a clerk would run it: the photo
# test set's ID card (both sides, daylight and dim), a lease, and what is
# no photo at all; and a page photographed out of focus, said to be when
# it is added to an application.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-id-read.sh PATH/TO/juzhu-cli PATH/TO/make-photo-test-set   (prints TAP)
set -euo pipefail

CLI=${1:?usage: test-id-read.sh PATH/TO/juzhu-cli PATH/TO/make-photo-test-set}
MAKE_SET=${2:?usage: test-id-read.sh PATH/TO/juzhu-cli PATH/TO/make-photo-test-set}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data OUT=$WORK/out ERR=$WORK/err SET=$WORK/set
SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"

if ! "$MAKE_SET" "$SET" >/dev/null 2>"$ERR"; then
  echo "1..0 # SKIP the photo test set cannot be drawn: $(head -1 "$ERR")"
  exit 0
fi
if ! "$CLI" id read "$SET/id-front.jpg" >"$OUT" 2>"$ERR" && grep -q "not installed\|without Tesseract" "$ERR"; then
  echo "1..0 # SKIP $(head -1 "$ERR")"
  exit 0
fi

for light in "" "-dim"; do
  run 0 "the portrait side$light" id read "$SET/id-front$light.jpg"
  has "$OUT" "510199199003079999 (born 1990-03-07, male)" "… its number, with what it says"
  has "$OUT" "check both against the card" "… to be checked"
done
has "$OUT" "Name: 张三" "… and the name"

run 0 "as JSON" --json id read "$SET/id-front.jpg"
has "$OUT" '"id_number" : "510199199003079999"' "… the number"
has "$OUT" '"side" : "portrait"' "… the side"

run 1 "the emblem side" id read "$SET/id-back.jpg"
has "$OUT" "side with the portrait" "… says which side to photograph"
lacks "$OUT" "born" "… and offers no number"

# a lease prints the landlord's number: it is read as a number on a page,
# and no name is guessed from a page that is no card
run 0 "a lease page" id read "$SET/lease.jpg"
has "$OUT" "ID number: 220199197005129971" "… the number printed on it"
has "$OUT" "Name: not read" "… and no name guessed"

printf 'not a photo\n' >"$WORK/notes.jpg"
run 2 "a text file named .jpg" id read "$WORK/notes.jpg"
has "$ERR" "is not a JPEG or PNG image" "… said"
head -c 1000 "$SET/id-front.jpg" >"$WORK/cut.jpg"
run 2 "a truncated photo" id read "$WORK/cut.jpg"
has "$ERR" "truncated" "… said"
run 2 "a folder" id read "$WORK"
has "$ERR" "is not a photo file" "… said"
run 2 "/dev/zero" id read /dev/zero
has "$ERR" "is not a photo file" "… said, and not read"
run 2 "a file that is not there" id read "$WORK/none.jpg"
has "$ERR" "no such file" "… said"
run 2 "no photo given" id read

# a page added to an application out of focus is said to be, with its
# number; a sharp one is not
command -v convert >/dev/null || { echo "1..$n"; [ "$failed" -eq 0 ]; exit; }
export JUZHU_TODAY=2026-03-01
run 0 "init" init --profile jilin-2016
run 0 "registration add" --json registration add --id-number 411202198506120024 --name 王小燕 \
  --hukou-division 411202 --residence-division 220104 --residence-address 人民大街100号 \
  --arrival-date 2025-08-15 --reason work
PERSON=$(json_id person_id)
run 0 "application add" --json application add --person "$PERSON" --conditions employment
APP=$(json_id id)
convert "$SET/lease.jpg" -blur 0x12 "$WORK/blurred.jpg"
run 0 "a sharp page and a blurred one" material add "$APP" --type lease_contract "$SET/lease.jpg" "$WORK/blurred.jpg"
has "$OUT" "Page 2 looks blurred" "… the blurred one named by its page"
lacks "$OUT" "Page 1 looks" "… the sharp one not"
run 0 "as JSON" --json material add "$APP" --type labour_contract "$WORK/blurred.jpg"
has "$OUT" '"photo_warnings"' "… said beside the record"

echo "1..$n"
[ "$failed" -eq 0 ]
