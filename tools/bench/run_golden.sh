#!/usr/bin/env bash
# Golden-model benchmark (not run by ctest): pattern generation with per-synapse
# e-prop, single-threaded, fxprop (C++) against the same trial in PyTorch
# (CPU, float64, torch.set_num_threads(1)), timed in the same run.
#   tools/bench/run_golden.sh [TRIALS] [TORCH_TRIALS]
# Needs python3-torch: tools/setup.sh --bench.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
trials=${1:-40}
torch_trials=${2:-5}
cmake --build "$build" --target bench_golden fxprop >/dev/null
bench=$build/tools/bench_golden
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== the PyTorch baseline computes the same gradient (first iteration, default configuration)"
printf '[train]\niterations = 1\n[export]\ngradients = true\nspikes = true\nreadout = true\n' > "$tmp/one.toml"
"$build/tools/fxprop" train -c "$tmp/one.toml" -o "$tmp/one" -j 1 >/dev/null
"$py" "$root/tools/bench/eprop_torch.py" check "$tmp/one"

echo "== fxprop, N_rec = 100 (default configuration), 1 thread"
"$bench" "$trials" 100 | tee "$tmp/cpp.txt"
echo "== PyTorch $($py -c 'import torch; print(torch.__version__)'), N_rec = 100, 1 thread"
"$py" "$root/tools/bench/eprop_torch.py" bench "$torch_trials" 100 | tee "$tmp/torch.txt"
cpp=$(awk '!/^#/ {print $6}' "$tmp/cpp.txt")
torch=$(awk '!/^#/ {print $6}' "$tmp/torch.txt")
awk -v c="$cpp" -v t="$torch" 'BEGIN { printf "speed-up fxprop / PyTorch: %.1fx (%.1f vs %.2f trials/s)\n", c / t, c, t }'

echo "== scaling with N_rec (fxprop, N_in = 100, T = 1000, 1 thread)"
"$bench" 5 64 128 256 512
echo "== scaling with N_rec (PyTorch)"
"$py" "$root/tools/bench/eprop_torch.py" bench 2 64 128 256 512
