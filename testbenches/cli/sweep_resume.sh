#!/usr/bin/env bash
# sweep_resume.sh FXPROP SPEC WORKDIR KILL1 KILL2
# A sweep SIGKILLed (by the FXPROP_SWEEP_TEST_KILL_AFTER hook, right after a record is on
# disk) twice and resumed gives the same results as an uninterrupted one: every point
# exactly once, tables byte-identical; resuming a complete sweep evaluates nothing.
set -euo pipefail
. "$(dirname "$0")/sweep_lib.sh"
fx=$1; spec=$2; work=$3; k1=$4; k2=$5
rm -rf "$work"; mkdir -p "$work"
"$fx" sweep "$spec" -o "$work/full" -j 2 > "$work/full.log"
total=$(records_once "$work/full/results.jsonl")

set +e
FXPROP_SWEEP_TEST_KILL_AFTER=$k1 "$fx" sweep "$spec" -o "$work/cut" -j 2 > "$work/cut1.log" 2>&1; rc=$?
set -e
[ "$rc" = 137 ] || fail "first run: expected death by SIGKILL (137), got $rc"
n=$(records_once "$work/cut/results.jsonl")
[ "$n" = "$k1" ] || fail "after the first kill: $n records, expected $k1"
[ ! -e "$work/cut/points.csv" ] || fail "tables written by a killed run"

set +e
FXPROP_SWEEP_TEST_KILL_AFTER=$k2 "$fx" sweep "$spec" -o "$work/cut" -j 2 > "$work/cut2.log" 2>&1; rc=$?
set -e
[ "$rc" = 137 ] || fail "second run: expected death by SIGKILL (137), got $rc"
n=$(records_once "$work/cut/results.jsonl")
[ "$n" = $((k1 + k2)) ] || fail "after the second kill: $n records, expected $((k1 + k2))"

"$fx" sweep "$spec" -o "$work/cut" -j 2 > "$work/cut3.log"
grep -q "$((k1 + k2)) already in" "$work/cut3.log" || fail "the resumed run did not report $((k1 + k2)) points already done"
n=$(records_once "$work/cut/results.jsonl")
[ "$n" = "$total" ] || fail "resumed sweep has $n records, the uninterrupted one $total"
same_results "$work/full" "$work/cut"

"$fx" sweep "$spec" -o "$work/cut" -j 2 > "$work/cut4.log"
grep -q "done  0 evaluated now" "$work/cut4.log" || fail "re-running a complete sweep evaluated points again"
same_results "$work/full" "$work/cut"
echo "ok: killed after $k1 and $((k1 + k2)) points, resumed to $total points, identical to the uninterrupted run"
