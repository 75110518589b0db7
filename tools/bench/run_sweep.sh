#!/usr/bin/env bash
# Throughput of `fxprop sweep`: points per hour of tools/bench/sweep_bench.toml on 1 and 2
# cores (--jobs 1, --jobs 2), and under MPI with 3 ranks (1 coordinator + 2 workers) when the
# build has MPI. Each point is single-threaded, so on an idle machine 2 jobs should give close
# to twice the throughput of 1.
#   tools/bench/run_sweep.sh [FXPROP] [SPEC]    (default: build/tools/fxprop, the bench spec)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
fx=${1:-$root/build/tools/fxprop}
spec=${2:-$root/tools/bench/sweep_bench.toml}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
points=$("$fx" sweep "$spec" --list | grep -vc '^#')
rate() {  # rate LABEL CMD...: runs a fresh sweep, prints points/hour (wall clock) and CPU seconds
  local label=$1; shift
  local out=$work/${label// /_}
  local TIMEFORMAT='%R %U %S'
  { time "$@" -o "$out" > "$out.log" 2>&1 || { cat "$out.log"; exit 1; }; } 2> "$out.time"
  read -r wall user sys < "$out.time"
  awk -v n="$points" -v w="$wall" -v c="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" -v l="$label" \
    'BEGIN { printf "%-14s %3d points in %7.2f s wall (%7.2f s CPU) = %7.0f points/hour\n", l, n, w, c, n * 3600 / w }'
}
echo "fxprop sweep throughput: $spec ($points points, nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg))"
rate "--jobs 1" "$fx" sweep "$spec" -j 1
rate "--jobs 2" "$fx" sweep "$spec" -j 2
if command -v mpirun > /dev/null && "$fx" sweep --help > /dev/null; then
  rate "mpirun -np 3" mpirun --oversubscribe --allow-run-as-root -np 3 "$fx" sweep "$spec" || true
fi
