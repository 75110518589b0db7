#!/usr/bin/env bash
# sweep_identical.sh FXPROP SPEC WORKDIR CMD_A -- CMD_B
# Runs the same sweep two ways (e.g. --jobs 1 and --jobs 2, or under mpirun and without)
# and checks the results are identical: tables byte for byte, records after canonical sorting.
# Each way is a word list run as: <prefix words> FXPROP sweep SPEC -o DIR <suffix words>,
# given as "PREFIX|SUFFIX".
set -euo pipefail
. "$(dirname "$0")/sweep_lib.sh"
fx=$1; spec=$2; work=$3; a=$4; b=$5
rm -rf "$work"; mkdir -p "$work"
run() {  # run WAY DIR
  local pre=${1%%|*} post=${1#*|}
  # shellcheck disable=SC2086
  $pre "$fx" sweep "$spec" -o "$2" $post > "$2.log" 2>&1 || { cat "$2.log"; fail "sweep '$1' failed"; }
}
run "$a" "$work/a"
run "$b" "$work/b"
records_once "$work/a/results.jsonl" > /dev/null
records_once "$work/b/results.jsonl" > /dev/null
same_results "$work/a" "$work/b"
echo "ok: '$a' and '$b' give identical results ($(records_once "$work/a/results.jsonl") points)"
