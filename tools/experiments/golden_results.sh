#!/usr/bin/env bash
# Reproduces the golden-model results of docs/golden-model.md: trains every
# reference configuration in tools/configs into OUT (default out/golden) and
# plots the learning curves. Not part of CI (tens of minutes on 2 cores).
#   tools/experiments/golden_results.sh [OUT] [THREADS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/out/golden}
threads=${2:-1}
fxprop=${FXPROP:-$root/build/tools/fxprop}
mkdir -p "$out"
run() {  # run NAME CONFIG [extra args]
  local name=$1 cfg=$2; shift 2
  echo "== $name"
  "$fxprop" train -c "$root/tools/configs/$cfg" -o "$out/$name" -j "$threads" "$@" | tail -n 2
}
for rule in bptt eprop_symmetric eprop_random eprop_factorised eprop_adaptive; do
  cfg=pattern_generation_$rule.toml
  [ "$rule" = bptt ] && cfg=pattern_generation_bptt.toml
  run "pattern_$rule" "$cfg"
done
run rflo_periodic rflo_periodic.toml
run rflo_periodic_bptt rflo_periodic_bptt.toml
# Murray's numbers are single unseeded runs: RFLO and BPTT for seeds 2-5 as well.
for seed in 2 3 4 5; do
  for cfg in rflo_periodic rflo_periodic_bptt; do
    { printf '[run]\nseed = %d\n' "$seed"; cat "$root/tools/configs/$cfg.toml"; } > "$out/$cfg.seed$seed.toml"
    echo "== $cfg seed $seed"
    "$fxprop" train -c "$out/$cfg.seed$seed.toml" -o "$out/${cfg}_seed$seed" -j "$threads" | tail -n 2
  done
done
run evidence_alif evidence_accumulation.toml
run evidence_lif_short_tau evidence_lif_short_tau.toml
run evidence_lif_long_tau evidence_lif_long_tau.toml
/usr/bin/python3 "$root/tools/plot/plot_learning_curves.py" "$out"
