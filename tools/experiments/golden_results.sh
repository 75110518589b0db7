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
mkdir -p "$out" "$out/rflo_ref"
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
# Murray's numbers are single unseeded runs: RFLO and BPTT over seeds 1-20, and the variants
# (no autapses, the notebook's tanh') that tell which details matter.
OUT=$out/rflo_seeds FXPROP=$fxprop "$root/tools/experiments/rflo_seeds.sh" "$root/tools/configs/rflo_periodic.toml" 1 20
OUT=$out/rflo_seeds FXPROP=$fxprop "$root/tools/experiments/rflo_seeds.sh" "$root/tools/configs/rflo_periodic_bptt.toml" 1 20
OUT=$out/rflo_seeds FXPROP=$fxprop "$root/tools/experiments/rflo_seeds.sh" "$root/tools/configs/rflo_periodic.toml" 1 20 w_rec_diagonal='"zero"'
OUT=$out/rflo_seeds FXPROP=$fxprop "$root/tools/experiments/rflo_seeds.sh" "$root/tools/configs/rflo_periodic.toml" 1 10 tanh_derivative='"notebook"'
run evidence_alif evidence_accumulation.toml
run evidence_lif_short_tau evidence_lif_short_tau.toml
run evidence_lif_long_tau evidence_lif_long_tau.toml
STOP_RULE=training_batch FXPROP=$fxprop "$root/tools/experiments/evidence_seeds.sh" "$out/evidence_seeds" 1 2 3
STOP_RULE=validation FXPROP=$fxprop "$root/tools/experiments/evidence_seeds.sh" "$out/evidence_tutorial" 1
run store_recall store_recall.toml
/usr/bin/python3 "$root/tools/plot/plot_learning_curves.py" "$out"
OMP_NUM_THREADS=1 /usr/bin/python3 "$root/tools/experiments/rflo_notebook_reference.py" --rule rflo --seeds 1-20 --json "$out/rflo_ref/nb_rflo.json"
OMP_NUM_THREADS=1 /usr/bin/python3 "$root/tools/experiments/rflo_notebook_reference.py" --rule bptt --seeds 1-20 --json "$out/rflo_ref/nb_bptt.json"
/usr/bin/python3 "$root/tools/plot/plot_rflo_seeds.py" "$out/rflo_seeds" "$out/rflo_ref" "$out/rflo_seeds.png"
