#!/usr/bin/env bash
# Evidence accumulation (50 LIF + 50 ALIF, random e-prop) over several seeds with the
# authors' stopping rule (docs/golden-model.md): iterations until a training batch is below
# 7 % error and 8 further fresh batches confirm it, then the error on 1024 fresh evaluation
# trials. One thread per run.
#   [STOP_RULE=validation|training_batch] tools/experiments/evidence_seeds.sh [OUT] [SEEDS...]
#   (default: the configuration's train.stop_rule, out/evidence_seeds, seeds 1 2 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/out/evidence_seeds}
shift || true
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
fxprop=${FXPROP:-$root/build/tools/fxprop}
mkdir -p "$out"
for seed in "${seeds[@]}"; do
  cfg=$out/evidence_accumulation.seed$seed.toml
  { printf '[run]\nseed = %d\n' "$seed"; sed 's/^eval_trials = .*/eval_trials = 1024/' "$root/tools/configs/evidence_accumulation.toml"; } > "$cfg"
  [ -n "${STOP_RULE:-}" ] && sed -i "s/^\[train\]/[train]\nstop_rule = \"$STOP_RULE\"/" "$cfg"
  echo "== seed $seed"
  [ -f "$out/seed$seed/metrics.json" ] && continue  # already run
  "$fxprop" train -c "$cfg" -o "$out/seed$seed" -j 1 | tail -n 2
done
/usr/bin/python3 - "$out" "${seeds[@]}" <<'PY'
import json, sys
out, seeds = sys.argv[1], sys.argv[2:]
print("seed  first_batch<7%  stopped_after  validations<7%  checks(iteration:error)  fresh_error(1024)")
for s in seeds:
    m = json.load(open(f"{out}/seed{s}/metrics.json"))
    first = m["first_iteration_below_7pct_error"]
    checks = " ".join(f"{c['iteration']}:{c['error_rate']:.3f}" for c in m.get("validation_checks", []))
    stop = m["iterations_run"] if m["stopped_early"] else "none"
    low = " ".join(f"{c['iteration']}:{c['error_rate']:.3f}" for c in m.get("validation_errors", []) if c["error_rate"] < 0.07)
    print(f"{s:>4}  {first}  {stop}  [{low}]  {checks}  {m['evaluation']['error_rate']:.4f}")
PY
