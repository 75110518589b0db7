#!/usr/bin/env bash
# Builds fxprop and runs every test (unit, CLI, RTL lint/synthesis, co-simulation).
# With --sanitize: a separate build under -fsanitize=address,undefined that runs
# the unit tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-$(nproc)}
if [ "${1:-}" = "--sanitize" ]; then
  export BUILD_DIR=${BUILD_DIR:-$root/build-sanitize}
  # -O1 -g1: a third of the compile time of -O2 -g under the sanitizers, still symbolised traces.
  BUILD_TARGET=unit_tests "$root/tools/build.sh" -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g1" \
    -DFXPROP_SANITIZE=ON -DFXPROP_WITH_RTL=OFF -DFXPROP_BUILD_BENCH=OFF
  cd "$BUILD_DIR"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$jobs" -L unit
else
  export BUILD_DIR=${BUILD_DIR:-$root/build}
  "$root/tools/build.sh"
  cd "$BUILD_DIR"
  ctest --output-on-failure -j "$jobs"
fi
