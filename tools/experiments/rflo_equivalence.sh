#!/usr/bin/env bash
# fxprop's RFLO vs a NumPy re-implementation of Murray's notebook loop from the same initial
# weights (docs/golden-model.md): trains tools/configs/rflo_periodic.toml for TRIALS trials, runs
# tools/experiments/rflo_notebook_reference.py from fxprop's initial_*.npy with the exact tanh',
# and prints the relative difference of the per-trial losses.
#   tools/experiments/rflo_equivalence.sh [OUT] [TRIALS] [SEED]     (default out/rflo 2000 1)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/out/rflo}
trials=${2:-2000}
seed=${3:-1}
fxprop=${FXPROP:-$root/build/tools/fxprop}
mkdir -p "$out"
{ printf '[run]\nseed = %d\n' "$seed"; sed "s/^iterations = .*/iterations = $trials/" "$root/tools/configs/rflo_periodic.toml"; } > "$out/eq.toml"
"$fxprop" train -c "$out/eq.toml" -o "$out/eq" -j 1 > /dev/null
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/tools/experiments/rflo_notebook_reference.py" \
  --seeds "$seed" --trials "$trials" --init-dir "$out/eq" --df exact --curve "$out/eq_np_curve.npy" > /dev/null
/usr/bin/python3 - "$out" <<'PY'
import sys
import numpy as np
out = sys.argv[1]
fx = np.load(f"{out}/eq/curve_task_loss.npy") * 99 / 100   # notebook definition (100 indices)
nb = np.load(f"{out}/eq_np_curve.npy")[:, 0]
r = np.abs(fx - nb) / nb
for k in [0, 100, 199, 240, 280, 300, len(r) - 1]:
    if k < len(r):
        print(f"trial {k:5d}: fxprop {fx[k]:.17g}  numpy {nb[k]:.17g}  relative {r[k]:.1e}")
print(f"max relative difference over the first 200 trials {r[:200].max():.1e}, over all {r.max():.1e}")
PY
