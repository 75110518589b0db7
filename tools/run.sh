#!/usr/bin/env bash
# Builds fxprop and runs the main job on its embedded default configuration.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh"
build=${BUILD_DIR:-$root/build}
"$build/tools/fxprop" run "$@"
