#!/usr/bin/env bash
# sweep_sigint.sh FXPROP SPEC WORKDIR
# Ctrl-C (SIGINT) from outside while points are running, then resume: every point exactly once
# and the same results as an uninterrupted run.
set -euo pipefail
. "$(dirname "$0")/sweep_lib.sh"
fx=$1; spec=$2; work=$3
rm -rf "$work"; mkdir -p "$work"
"$fx" sweep "$spec" -o "$work/full" -j 2 > "$work/full.log"
total=$(records_once "$work/full/results.jsonl")

# Job control on: a non-interactive shell would start the background job with SIGINT ignored.
set -m
"$fx" sweep "$spec" -o "$work/cut" -j 2 > "$work/cut1.log" 2>&1 &
pid=$!
set +m
# Interrupt once 2 records are on disk (the header is line 1).
for _ in $(seq 1 600); do
  [ -e "$work/cut/results.jsonl" ] && [ "$(wc -l < "$work/cut/results.jsonl")" -ge 3 ] && break
  sleep 0.05
done
kill -INT "$pid"
set +e; wait "$pid"; rc=$?; set -e
[ "$rc" = 130 ] || fail "expected death by SIGINT (130), got $rc (did the sweep finish first?)"
n=$(records_once "$work/cut/results.jsonl")
[ "$n" -lt "$total" ] || fail "the interrupted sweep recorded all $total points"

"$fx" sweep "$spec" -o "$work/cut" -j 2 > "$work/cut2.log"
[ "$(records_once "$work/cut/results.jsonl")" = "$total" ] || fail "resumed sweep incomplete"
same_results "$work/full" "$work/cut"
echo "ok: interrupted by SIGINT after $n of $total points, resumed, identical to the uninterrupted run"
