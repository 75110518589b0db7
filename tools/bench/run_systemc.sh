#!/usr/bin/env bash
# SystemC model against the fixed-point model it wraps (not run by ctest): the same
# pattern-generation run, one thread each, timed in the same process (CPU time, median
# of ROUNDS rounds of TRIALS trials), reported as a ratio of trials per second
# (systemc / fixed; the project's goal is >= 0.3) and as simulated core cycles per
# CPU second.
#   tools/bench/run_systemc.sh [TRIALS] [ROUNDS] [N_REC ...]   (defaults: 10, 5, 100)
set -euo pipefail
source "$(dirname "$0")/bench_common.sh"
bench_main bench_systemc_vs_fixed "$@"
