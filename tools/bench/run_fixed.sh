#!/usr/bin/env bash
# Fixed-point learning core against the float golden model (not run by ctest): the
# same pattern-generation task, size and e-prop variant, one thread each, timed in the
# same run (CPU time, median of ROUNDS rounds of TRIALS trials), reported as a ratio
# of trials per second (fixed / float; the project's goal is >= 0.5).
#   tools/bench/run_fixed.sh [TRIALS] [ROUNDS] [N_REC ...]   (defaults: 10, 5, 100)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
trials=${1:-10}
rounds=${2:-5}
shift $(( $# < 2 ? $# : 2 ))
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100)
cmake --build "$build" --target bench_fixed_vs_float >/dev/null
echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  "$build/tools/bench_fixed_vs_float" "$trials" "$rounds" "$n"
done
