#!/bin/bash
# test-cli-life.sh — juzhu-cli keeping records true after they were made:
# 注销 (a registration ended because the person left), 撤回 and 不予受理
# (an application closed with the date and the reason), eligibility judged
# on the acceptance date, acceptance refused while eligibility is unknown,
# and the date on the proofs as the residence start (吉林 第十条).
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-life.sh PATH/TO/juzhu-cli   (prints TAP; exit 1 on any failure)

set -euo pipefail

CLI=${1:?usage: test-cli-life.sh PATH/TO/juzhu-cli}
SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
OUT=$WORK/out
ERR=$WORK/err

export TZ=America/Los_Angeles
export JUZHU_TODAY=2026-03-01

# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"

ID=411202198506120024          # hukou 三门峡市湖滨区
ID_JL=220102199003070021       # hukou 长春市南关区

if ! command -v convert >/dev/null; then
  echo "1..0 # SKIP ImageMagick convert is not installed (scripts/deps installs it)"
  exit 77
fi
convert -size 800x600 xc:white "$WORK/page.jpg"

# add_materials APPLICATION TYPE[:DATE]…
add_materials ()
{
  local app=$1 t
  shift
  for t in "$@"; do
    if [ "${t#*:}" != "$t" ]; then
      run 0 "material add ${t%%:*}" material add "$app" --type "${t%%:*}" --date "${t#*:}" "$WORK/page.jpg"
    else
      run 0 "material add $t" material add "$app" --type "$t" "$WORK/page.jpg"
    fi
  done
}

# ---- 注销: a registration ended because the person left -----------------------

DATA=$WORK/depart
run 0 "depart: init" init --profile jilin-2016
run 0 "depart: registration add" --json registration add --id-number "$ID" --name 王小燕 \
  --residence-division 220104 --residence-address 人民大街100号 --arrival-date 2025-08-15 --reason work
DREG=$(json_id registration_id)
run 2 "depart: a reason is required" registration depart "$DREG"
has "$ERR" "--reason" "the missing reason names --reason"
run 2 "depart: an unknown reason" registration depart "$DREG" --reason holiday
has "$ERR" "departure_reason" "the unknown reason names departure_reason"
run 2 "depart: before the person came" registration depart "$DREG" --reason moved_away --date 2025-01-01
has "$ERR" "departed_on" "the early date names departed_on"
run 2 "depart: a date after today" registration depart "$DREG" --reason moved_away --date 2026-03-02
run 0 "depart: registration show before" --json registration show "$DREG"
has "$OUT" '"status" : "active"' "nothing was written by the refusals"
run 0 "depart" registration depart "$DREG" --reason moved_away --date 2026-02-27
has "$OUT" "迁离本地居住" "the reason is said in Chinese"
run 1 "depart: twice" registration depart "$DREG" --reason moved_away
has "$ERR" "2026-02-27" "the second departure says when the first was"
run 0 "depart: registration list" registration list
has "$OUT" "已注销" "the list says 已注销"
run 0 "depart: history kept" --json registration show "$DREG"
has "$OUT" '"departed_on" : "2026-02-27"' "the departure date is kept"
has "$OUT" '"residence_address" : "人民大街100号"' "the registration is kept"
run 0 "depart: the audit log has it" audit
has "$OUT" "depart" "the departure is audited"
# ---- eligibility is judged on the acceptance date (三门峡 第八条) -----------

DATA=$WORK/sanmenxia
run 0 "sanmenxia: init" init --profile sanmenxia-2017
run 0 "sanmenxia: registration add (2025-09-01)" --json registration add --id-number "$ID_JL" \
  --name 王小燕 --hukou-division 220102 --residence-division 411202 \
  --residence-address 湖滨区崖底街道1号 --arrival-date 2025-08-20 --registered-on 2025-09-01 --reason work
PERSON=$(json_id person_id)
run 0 "sanmenxia: applied a day early (2026-02-28)" --json application add --person "$PERSON" \
  --conditions employment --applied-on 2026-02-28
APP=$(json_id id)
add_materials "$APP" id_card photo labour_contract temp_registration_certificate
run 1 "sanmenxia: not accepted on the application date" accept "$APP" --date 2026-02-28
has "$ERR" "2026-03-01" "the refusal says when the half year is complete"
run 0 "sanmenxia: accepted once the half year is complete" accept "$APP" --date 2026-03-01

# ---- 三门峡 第七条, 第二十八条: who a 暂住登记 is for --------------------------

run 2 "sanmenxia: a 暂住登记 in the hukou's own county" registration add --id-number "$ID" \
  --name 李明 --hukou-division 411202 --residence-division 411202 \
  --residence-address 湖滨区崖底街道2号 --arrival-date 2025-08-20 --reason work
has "$ERR" "hukou_division" "the refusal names the hukou division"
has "$ERR" "三门峡 第七条" "the refusal cites 三门峡 第七条"
run 0 "sanmenxia: from another county of the city (411203 → 411202)" registration add --id-number "$ID" \
  --name 李明 --hukou-division 411203 --residence-division 411202 \
  --residence-address 湖滨区崖底街道2号 --arrival-date 2025-08-20 --reason work
run 2 "sanmenxia: a Hong Kong resident's number" registration add --id-number 810000199001010019 \
  --name 陈大文 --residence-division 411202 --residence-address 湖滨区崖底街道3号 \
  --arrival-date 2025-08-20 --reason work
has "$ERR" "三门峡 第二十八条" "the refusal cites 三门峡 第二十八条"

# ---- 撤回 and 不予受理 -------------------------------------------------------

run 2 "withdraw: a reason is required" withdraw "$APP"
has "$ERR" "--reason" "the missing reason names --reason"
run 2 "withdraw: a date after today" withdraw "$APP" --reason 本人申请撤回 --date 2026-03-02
has "$ERR" "--date" "the future date names --date"
run 2 "withdraw: before the acceptance" withdraw "$APP" --reason 本人申请撤回 --date 2026-02-28
run 0 "withdraw: an accepted application" --json withdraw "$APP" --reason 本人申请撤回
has "$OUT" '"status" : "withdrawn"' "the application is withdrawn"
has "$OUT" '"close_reason" : "本人申请撤回"' "the reason is kept"
run 1 "withdraw: twice" withdraw "$APP" --reason again
has "$ERR" "2026-03-01" "the second withdrawal says when the first was"
run 1 "withdraw: cannot be accepted afterwards" accept "$APP"
run 0 "withdrawn: the person may apply again" --json application add --person "$PERSON" \
  --conditions employment --applied-on 2026-03-01
APP2=$(json_id id)
run 0 "refuse (不予受理)" refuse "$APP2" --reason 未提供劳动合同原件
has "$OUT" "不予受理" "the refusal is named 不予受理"
run 0 "refused: application show" application show "$APP2"
has "$OUT" "未提供劳动合同原件" "application show gives the reason"
has "$OUT" "不予办理" "application show gives the status in Chinese"
run 1 "refused: cannot be withdrawn afterwards" withdraw "$APP2" --reason x
run 0 "refused: the person may apply again" --json application add --person "$PERSON" \
  --conditions employment --applied-on 2026-03-01
APP3=$(json_id id)
run 0 "close: the audit log has both" audit
has "$OUT" "withdraw" "the withdrawal is audited"
has "$OUT" "refuse" "the refusal is audited"
lacks "$OUT" "未提供劳动合同原件" "the audit log does not copy the reason"

# ---- 三门峡 第十九条: the county's suspensions --------------------------------

add_materials "$APP3" id_card photo labour_contract temp_registration_certificate
run 0 "sanmenxia: accepted" accept "$APP3"
run 0 "sanmenxia: issued" --today 2026-03-10 --json issue "$APP3"
SPERMIT=$(json_id id)

# ---- 三门峡 第十七条: moves within the county and to another county ---------------

run 0 "sanmenxia: a move to another county of the city (411202 → 411203)" --today 2026-05-01 --json \
  application add --person "$PERSON" --kind address_change --residence-division 411203 --moved-on 2026-04-20
MOVE=$(json_id id)
add_materials "$MOVE" id_card temp_registration_certificate
run 1 "sanmenxia: not accepted as an address change" --today 2026-05-01 accept "$MOVE"
has "$ERR" "暂住登记" "the refusal says a new 暂住登记 is needed"
has "$ERR" "三门峡 第十七条" "and cites 三门峡 第十七条"
run 0 "sanmenxia: withdraw it" --today 2026-05-01 withdraw "$MOVE" --reason 到陕州区重新办理暂住登记
run 2 "sanmenxia: a move date after the application" --today 2026-05-01 application add --person "$PERSON" \
  --kind address_change --residence-division 411202 --moved-on 2026-05-02 --applied-on 2026-05-01
run 0 "sanmenxia: a move within the county, recorded late" --today 2026-05-01 --json application add \
  --person "$PERSON" --kind address_change --residence-division 411202 --moved-on 2026-04-01
MOVE=$(json_id id)
run 0 "sanmenxia: application show" --today 2026-05-01 application show "$MOVE"
has "$OUT" "2026-04-16" "the 15 days count from the real move"
has "$OUT" "late" "and it is flagged late"
run 0 "sanmenxia: withdraw the late move" --today 2026-05-01 withdraw "$MOVE" --reason 测试

run 2 "suspend: an unknown reason" --today 2026-06-01 permit suspend "$SPERMIT" --reason holiday
run 2 "suspend: the missed endorsement is not recorded" --today 2026-06-01 permit suspend "$SPERMIT" \
  --reason endorsement_overdue
run 0 "suspend: moved to another county of the city (第十九条(五))" --today 2026-06-01 permit suspend \
  "$SPERMIT" --reason moved_county
has "$OUT" "使用功能中止" "the answer says 使用功能中止"
has "$OUT" "三门峡 第十九条" "and cites 三门峡 第十九条"
run 1 "suspend: twice" --today 2026-06-02 permit suspend "$SPERMIT" --reason other
run 1 "suspended: an endorsement does not restore it" --today 2027-02-20 endorse "$SPERMIT"
has "$ERR" "moved_county" "the refusal says why the use is suspended"
run 0 "suspended: person show" --today 2026-06-01 person show "$PERSON"
has "$OUT" "市内跨县" "person show gives the reason in Chinese"
run 0 "suspend: audited" audit
has "$OUT" "suspend" "the suspension is in the audit log"

# ---- 三门峡 第十七条第二款: a new 暂住登记 in another county suspends the permit -----

DATA=$WORK/moved
run 0 "moved: init" init --profile sanmenxia-2017
run 0 "moved: registration in 湖滨区" --json registration add --id-number "$ID_JL" --name 王小燕 \
  --hukou-division 220102 --residence-division 411202 --residence-address 湖滨区崖底街道1号 \
  --arrival-date 2025-08-20 --registered-on 2025-09-01 --reason work
MPERSON=$(json_id person_id)
run 0 "moved: application" --json application add --person "$MPERSON" --conditions employment
MAPP=$(json_id id)
add_materials "$MAPP" id_card photo labour_contract temp_registration_certificate
run 0 "moved: accepted" accept "$MAPP"
run 0 "moved: issued" --today 2026-03-05 --json issue "$MAPP"
MPERMIT=$(json_id id)
if grep -qE '"number" : "411202-2026-[0-9A-F]{6}-00001"' "$OUT"; then
  pass "the permit number reads county-year-device-sequence"
else
  fail "the permit number: $(json_id number)"
fi
run 0 "moved: a new 暂住登记 in 陕州区" --today 2026-06-01 registration add --id-number "$ID_JL" \
  --name 王小燕 --hukou-division 220102 --residence-division 411203 --residence-address 陕州区大营镇1号 \
  --arrival-date 2026-05-28 --registered-on 2026-06-01 --reason work
run 0 "moved: permit show" --today 2026-06-02 permit show "$MPERMIT"
has "$OUT" "使用功能中止" "the move to another county suspends the permit's use"
has "$OUT" "市内跨县" "and says why"
run 0 "moved: due lists it" --today 2026-06-02 due
has "$OUT" "$MPERMIT" "due lists the permit suspended by the move"
run 1 "moved: endorsed only after half a year of the new 暂住登记" --today 2026-07-01 endorse "$MPERMIT"
has "$ERR" "2026-12-01" "the refusal says from when"
run 0 "moved: endorsed in the new county" --today 2026-12-05 endorse "$MPERMIT"
run 0 "moved: permit show after" --today 2026-12-06 --json permit show "$MPERMIT"
lacks "$OUT" "moved_county" "the endorsement restores the use"
has "$OUT" '"residence_division" : "411203"' "the permit holds the new county"

# ---- editing after saving, with the same checks ----------------------------------

DATA=$WORK/edit
run 0 "edit: init" init --profile jilin-2016
run 0 "edit: registration add" --json registration add --id-number "$ID" --name 李明 \
  --hukou-division 411202 --residence-division 220104 --residence-address 人民大街100号 \
  --arrival-date 2025-08-01 --registered-on 2025-08-05 --reason work
EREG=$(json_id registration_id)
EPERSON=$(json_id person_id)
# 凭证 numbers a person can read out: county, year, device, sequence
if grep -qE '"certificate_no" : "220104-2025-[0-9A-F]{6}-00001"' "$OUT"; then
  pass "the 凭证 number reads county-year-device-sequence"
else
  fail "the 凭证 number: $(json_id certificate_no)"
fi
run 0 "edit: registration edit the address" registration edit "$EREG" --set residence_address=人民大街102号
run 2 "edit: an arrival after the registration date" registration edit "$EREG" --set arrival_date=2025-09-01
has "$ERR" "arrival_date" "the refusal names arrival_date"
run 2 "edit: a rented home without the landlord" registration edit "$EREG" --set housing_type=rented
has "$ERR" "landlord_name" "the refusal names landlord_name"
run 1 "edit: the departure is not edited" registration edit "$EREG" --set departed_on=2026-01-01
has "$ERR" "registration depart" "the refusal names the command that does it"
# phone numbers: an 11-digit mobile, or a landline with its area code
run 0 "phone: a mobile number" person edit "$EPERSON" --set phone=13912345678
run 0 "phone: +86 and spaces" person edit "$EPERSON" --set "phone=+86 139 1234 5678"
run 0 "phone: a landline with its area code" person edit "$EPERSON" --set phone=0431-88881234
run 2 "phone: ten digits" person edit "$EPERSON" --set phone=1391234567
has "$ERR" "11-digit" "the refusal says what a phone number is"
run 2 "phone: a landline without its area code" person edit "$EPERSON" --set phone=88881234
run 2 "phone: letters" person edit "$EPERSON" --set phone=139abc45678
run 2 "phone: another country" person edit "$EPERSON" --set "phone=+1 415 555 0100"
run 0 "edit: history keeps both addresses" history "$EREG"
has "$OUT" "人民大街100号" "the old address is in the history"
has "$OUT" "人民大街102号" "the new address is in the history"
run 0 "edit: application add" --json application add --person "$EPERSON" --conditions residence
EAPP=$(json_id id)
run 0 "edit: application edit residence_since" application edit "$EAPP" --set residence_since=2025-08-01
run 2 "edit: a residence start in the future" application edit "$EAPP" --set residence_since=2026-04-01
run 1 "edit: acceptance is not edited" application edit "$EAPP" --set accepted_on=2026-03-01
has "$ERR" "accept" "the refusal names accept"
run 0 "edit: withdraw it" withdraw "$EAPP" --reason 测试
run 1 "edit: a closed application is not edited" application edit "$EAPP" --set residence_since=2025-07-01
run 0 "edit: its notes still may be" application edit "$EAPP" --set notes=申请人已离开
run 0 "edit: the registration ends (注销)" registration depart "$EREG" --reason moved_away
run 1 "edit: an ended registration is kept as it was" registration edit "$EREG" --set residence_address=x
has "$ERR" "declare again" "the refusal says to declare again"

# ---- 吉林 第八条, 第十条: unknown eligibility; the proofs' date -----------------

DATA=$WORK/jilin
run 0 "jilin: init" init --profile jilin-2016
run 0 "jilin: registration add without the hukou division" --json registration add --id-number "$ID" \
  --name 李明 --residence-division 220104 --residence-address 人民大街100号 \
  --arrival-date 2025-08-01 --registered-on 2025-08-05 --reason work
PERSON=$(json_id person_id)
run 0 "jilin: application without residence_since" --json application add --person "$PERSON" \
  --conditions residence
APP=$(json_id id)
add_materials "$APP" id_card photo
run 1 "jilin: not accepted while the hukou and the residence start are unknown" accept "$APP"
has "$ERR" "cannot accept yet" "the refusal says eligibility cannot be decided"
has "$ERR" "hukou_division" "the refusal names the hukou division"
run 0 "jilin: person edit hukou_division" person edit "$PERSON" --set hukou_division=411202
add_materials "$APP" lease_contract:2025-08-01
run 0 "jilin: application show" application show "$APP"
has "$OUT" "counted from 2025-08-01" "the lease's date is the residence start (吉林 第十条)"
run 0 "jilin: accepted" accept "$APP"
run 0 "jilin: due the next day" --today 2026-03-02 due
has "$OUT" "$APP" "the county's queue lists every accepted application waiting for its permit"
has "$OUT" "2026-03-16" "with the day it is due"

# ---- permit status derived everywhere (吉林 第十三条) ----------------------------

DATA=$WORK/jilin
run 0 "jilin: issue the permit" --today 2026-03-05 --json issue "$APP"
PERMIT=$(json_id id)
run 0 "jilin: person show on the issue day" --today 2026-03-05 person show "$PERSON"
has "$OUT" "有效" "a new permit is 有效"
# 吉林 第十八条: an address change is not the yearly 签注 (第十三条)
run 0 "jilin: address change application" --today 2026-05-01 --json application add --person "$PERSON" \
  --kind address_change --residence-division 220102 --moved-on 2026-04-25
MOVE=$(json_id id)
add_materials "$MOVE" id_card lease_contract
run 0 "jilin: address change accepted" --today 2026-05-01 accept "$MOVE"
run 0 "jilin: address change recorded" --today 2026-05-02 --json issue "$MOVE"
has "$OUT" '"residence_division" : "220102"' "the permit has the new residence"
has "$OUT" '"type" : "permit"' "the answer is the permit, not an endorsement"
run 0 "jilin: due in the first year's window" --today 2027-02-20 due
has "$OUT" "$PERMIT" "the yearly endorsement is still due on the issue's anniversary"
run 0 "jilin: person show a year later, never endorsed" --today 2027-03-20 person show "$PERSON"
has "$OUT" "使用功能中止" "person show says the use is suspended"
has "$OUT" "吉林 第十三条" "and cites 吉林 第十三条"
run 0 "jilin: permit show --json" --today 2027-03-20 --json permit show "$PERMIT"
has "$OUT" '"reason" : "endorsement_overdue"' "the state names the missed endorsement"
run 2 "jilin: no 三门峡 第十九条 reasons here" --today 2027-03-20 permit suspend "$PERMIT" --reason false_materials
has "$ERR" "suspension_reason" "the refusal names suspension_reason"
run 0 "jilin: a late endorsement" --today 2027-03-20 endorse "$PERMIT"
run 0 "jilin: person show after the late endorsement" --today 2027-03-20 person show "$PERSON"
lacks "$OUT" "使用功能中止" "the late endorsement restores the use"

# ---- 条例 第九条: the regulation itself grants no extension --------------------

DATA=$WORK/national
run 0 "national: init" init --profile national-2016
run 0 "national: registration add" --json registration add --id-number "$ID" --name 李明 \
  --hukou-division 411202 --residence-division 220104 --residence-address 人民大街100号 \
  --arrival-date 2025-08-01 --registered-on 2025-08-05 --reason work
PERSON=$(json_id person_id)
run 0 "national: application" --json application add --person "$PERSON" --conditions residence \
  --residence-since 2025-08-01
APP=$(json_id id)
add_materials "$APP" id_card photo lease_contract
run 0 "national: accepted" accept "$APP" --remote-area
lacks "$OUT" "extend" "no extension is offered"
run 1 "national: extend is refused" extend "$APP" --reason 偏远地区 --notified-via phone
has "$ERR" "条例 第九条" "the refusal cites 条例 第九条"
run 0 "national: rules show" rules show
has "$OUT" "no extension" "rules show says there is no extension"
has "$OUT" "按规定标准" "the card fee is 按规定标准, not a made-up amount"

# ---- the landlord and the employer by identity -----------------------------------

DATA=$WORK/parties
run 0 "parties: init" init --profile jilin-2016
run 2 "parties: a mistyped landlord ID number" registration add --id-number "$ID" --name 王小燕 \
  --residence-division 220104 --residence-address 人民大街7号 --arrival-date 2026-01-20 --reason work \
  --housing-type rented --landlord-name 赵六 --landlord-identity 22010419700101003X
has "$ERR" "landlord_identity: check character is X, expected 7" "the wrong check character is named"
run 2 "parties: a mistyped credit code" registration add --id-number "$ID" --name 王小燕 \
  --residence-division 220104 --residence-address 人民大街7号 --arrival-date 2026-01-20 --reason work \
  --housing-type employer_dorm --employer-name 某某电子 --employer-identity 91350100M000100Y4A
has "$ERR" "the check character should be 3" "the credit code's check character is named"
run 2 "parties: an identity without a name" registration add --id-number "$ID" --name 王小燕 \
  --residence-division 220104 --residence-address 人民大街7号 --arrival-date 2026-01-20 --reason work \
  --employer-identity 91350100M000100Y43
has "$ERR" "employer_name: required with the employer's credit code" "a bare identity asks for the name"
run 0 "parties: a company landlord, typed in lower case" --json registration add --id-number "$ID" \
  --name 王小燕 --residence-division 220104 --residence-address 人民大街7号 --arrival-date 2026-01-20 \
  --reason work --housing-type rented --landlord-name 某某物业 --landlord-identity 91350100m000100y43
PREG=$(json_id registration_id)
run 0 "parties: registration show" --json registration show "$PREG"
has "$OUT" '"landlord_identity" : "91350100M000100Y43"' "the credit code is kept upper case"
run 0 "parties: edit the landlord" registration edit "$PREG" --set landlord_identity=220104197001010037 \
  --set landlord_name=赵六
run 0 "parties: registration list" registration list
lacks "$OUT" "220104197001010037" "no landlord ID number in full in a list"

# ---- two records of one person ----------------------------------------------------

run 0 "merge: no duplicates" person duplicates
has "$OUT" "No person is recorded twice" "duplicates says there are none"
run 0 "merge: another person" --json registration add --id-number 220104199203030043 --name 周小红 \
  --residence-division 220104 --residence-address 人民大街7号2室 --arrival-date 2026-01-20 --reason work
OTHER=$(json_id person_id)
run 0 "merge: the first" --json person search 王小燕
FIRST=$(grep -oE '"id" : "[0-9a-f-]{36}"' "$OUT" | head -1 | grep -oE '[0-9a-f-]{36}')
run 2 "merge: two people are not merged" person merge "$FIRST" "$OTHER"
has "$ERR" "are two people" "the refusal says they are two people"
run 1 "merge: not with itself" person merge "$OTHER" "$OTHER"
run 2 "merge: usage" person merge "$OTHER"

echo "1..$n"
if [ "$failed" -gt 0 ]; then
  echo "# $failed of $n failed"
  exit 1
fi
