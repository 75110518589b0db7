#!/usr/bin/env bash
# Configures and builds fxprop into BUILD_DIR (default: build/). Extra
# arguments are passed to cmake's configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}
cmake -S "$root" -B "$build" -G Ninja "$@" >/dev/null
# BUILD_TARGET: build one target (e.g. unit_tests) instead of everything.
cmake --build "$build" -j "$jobs" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
