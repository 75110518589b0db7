#!/usr/bin/env bash
# RFLO / BPTT on Murray's periodic-output task over many seeds (docs/golden-model.md).
# Final loss in the notebook's definition: 0.5 mean(err^2) of the last training trial over
# the notebook's 100 indices (its index 0, the initial state, has err = 0), i.e.
# fxprop's last-iteration loss (mean over the 99 steps) x 99/100.
#   tools/experiments/rflo_seeds.sh CONFIG FIRST LAST [KEY=VALUE ...]
# KEY=VALUE replaces the line "KEY = ..." of CONFIG (e.g. w_rec_diagonal='"zero"').
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cfg=$1 first=$2 last=$3
shift 3
fxprop=${FXPROP:-$root/build/tools/fxprop}
out=${OUT:-$root/out/rflo_seeds}/$(basename "$cfg" .toml)${*:+_$(echo "$*" | tr -c 'A-Za-z0-9_=\n' '_')}
mkdir -p "$out"
for seed in $(seq "$first" "$last"); do
  [ -f "$out/seed$seed/metrics.json" ] && continue  # already run
  { printf '[run]\nseed = %d\n' "$seed"; cat "$cfg"; } > "$out/seed$seed.toml"
  for kv in "$@"; do sed -i "s|^${kv%%=*} = .*|${kv%%=*} = ${kv#*=}|" "$out/seed$seed.toml"; done
  "$fxprop" train -c "$out/seed$seed.toml" -o "$out/seed$seed" -j 1 > /dev/null
done
/usr/bin/python3 - "$out" "$first" "$last" <<'PY'
import json, sys
import numpy as np
out, a, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
v = []
for s in range(a, b + 1):
    m = json.load(open(f"{out}/seed{s}/metrics.json"))
    v.append(m["last_iteration"]["task_loss"] * 99 / 100)
v = np.array(v)
print(out)
print(" ".join(f"{x:.2e}" for x in v))
print(f"median {np.median(v):.3e}  quartiles {np.percentile(v, 25):.2e} {np.percentile(v, 75):.2e}  "
      f"min {v.min():.2e}  max {v.max():.2e}  below 5e-4: {int(np.sum(v < 5e-4))} of {len(v)}")
PY
