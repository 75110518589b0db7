#!/usr/bin/env bash
# SystemC model against the fixed-point model it wraps (not run by ctest): the same
# pattern-generation run, one thread each, timed in the same process (CPU time, median
# of ROUNDS rounds of TRIALS trials), reported as a ratio of trials per second
# (systemc / fixed; the project's goal is >= 0.3) and as simulated core cycles per
# CPU second.
#   tools/bench/run_systemc.sh [TRIALS] [ROUNDS] [N_REC ...]   (defaults: 10, 5, 100)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
trials=${1:-10}
rounds=${2:-5}
shift $(( $# < 2 ? $# : 2 ))
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100)
cmake --build "$build" --target bench_systemc_vs_fixed >/dev/null
echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$build/tools/bench_systemc_vs_fixed" "$trials" "$rounds" "$n"
done
