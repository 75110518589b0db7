#!/usr/bin/env bash
# Fixed-point learning core against the float golden model (not run by ctest): the
# same pattern-generation task, size and e-prop variant, one thread each, timed in the
# same run (CPU time, median of ROUNDS rounds of TRIALS trials), reported as a ratio
# of trials per second (fixed / float; the project's goal is >= 0.5).
#   tools/bench/run_fixed.sh [TRIALS] [ROUNDS] [N_REC ...]   (defaults: 10, 5, 100)
set -euo pipefail
source "$(dirname "$0")/bench_common.sh"
bench_main bench_fixed_vs_float "$@"
