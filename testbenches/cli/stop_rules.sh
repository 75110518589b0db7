#!/usr/bin/env bash
# stop_rules.sh FXPROP CONFIG OUTDIR
# The two early-stopping protocols of `fxprop train` (train.stop_rule), read back from metrics.json:
#   validation (the authors' tutorial): a validation batch before steps 0, 10, 20; with a threshold
#     no error can reach nothing stops; with threshold 1 the confirmation before step 1 stops after
#     1 training step;
#   training_batch: with threshold 1 the first training batch triggers the confirmation and the run
#     stops after 1 step, without periodic validation batches.
set -euo pipefail
fxprop=$1; cfg=$2; out=$3
rm -rf "$out"
mkdir -p "$out"
run() {  # run NAME RULE THRESHOLD
  { sed "s/^\[train\]/[train]\nstop_rule = \"$2\"\nstop_below_error = $3/" "$cfg"; } > "$out/$1.toml"
  "$fxprop" train --config "$out/$1.toml" --out "$out/$1" --threads 1 > "$out/$1.log"
}
run never validation 1e-9
run validation_stops validation 1.0
run batch_stops training_batch 1.0
/usr/bin/python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
m = lambda n: json.load(open(f"{out}/{n}/metrics.json"))
a = m("never")
assert a["iterations_run"] == 21 and not a["stopped_early"], a
assert [c["iteration"] for c in a["validation_errors"]] == [0, 10, 20], a["validation_errors"]
assert a["validation_checks"] == [], a["validation_checks"]
b = m("validation_stops")
assert b["stopped_early"] and b["iterations_run"] == 1, b
assert [c["iteration"] for c in b["validation_errors"]] == [0] and [c["iteration"] for c in b["validation_checks"]] == [1], b
c = m("batch_stops")
assert c["stopped_early"] and c["iterations_run"] == 1, c
assert c["validation_errors"] == [] and [x["iteration"] for x in c["validation_checks"]] == [0], c
print("ok")
PY
