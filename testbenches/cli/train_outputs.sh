#!/usr/bin/env bash
# train_outputs.sh FXPROP CONFIG OUTDIR
# Runs a tiny `fxprop train`, then checks with numpy (Debian's /usr/bin/python3)
# that every promised file exists with the documented shape and dtype, that the
# exported initial weights are the ones a .npy-initialised rerun uses, and that
# float32 / Fortran-order inputs written by numpy are read correctly.
set -euo pipefail
fxprop=$1; cfg=$2; out=$3
rm -rf "$out" "$out.rerun"
mkdir -p "$(dirname "$out")"
"$fxprop" train --config "$cfg" --out "$out" --threads 2 > "$out.log"
/usr/bin/python3 - "$out" <<'PY'
import json, os, sys
import numpy as np
out = sys.argv[1]
def load(name):
    return np.load(os.path.join(out, name))
m = json.load(open(os.path.join(out, "metrics.json")))
assert m["iterations_run"] == 5 and m["engine"] == "float", m
assert load("curve_task_loss.npy").shape == (5,)
assert load("curve_reg_loss.npy").shape == (5,)
lines = open(os.path.join(out, "learning_curve.csv")).read().splitlines()
assert lines[0] == "iteration,task_loss,reg_loss" and len(lines) == 6, lines[:2]
assert load("initial_w_in.npy").shape == (8, 12) and load("final_w_rec.npy").shape == (12, 12)
assert load("final_w_out.npy").shape == (12, 1) and load("initial_b.npy").shape == (12, 1)
assert np.all(np.diag(load("final_w_rec.npy")) == 0)
assert load("gradient_w_rec.npy").shape == (12, 12)
z = load("spikes.npy"); assert z.shape == (2, 50, 12) and z.dtype == np.bool_, (z.shape, z.dtype)
assert load("input.npy").shape == (2, 50, 8)
for name in ("v.npy", "threshold.npy", "psi.npy", "learning_signal.npy"):
    assert load(name).shape == (2, 50, 12), name
assert load("y.npy").shape == (2, 50, 1) and load("target.npy").shape == (2, 50, 1)
assert "[network]" in open(os.path.join(out, "config_used.toml")).read()
# Inputs for a rerun: float32 W_in, Fortran-ordered W_rec, the recorded frozen input as the input raster.
np.save(os.path.join(out, "w_in_f32.npy"), load("initial_w_in.npy").astype(np.float32))
np.save(os.path.join(out, "w_rec_fortran.npy"), np.asfortranarray(load("initial_w_rec.npy")))
np.save(os.path.join(out, "input_bool.npy"), load("input.npy")[0].astype(bool))
PY
cat > "$out/rerun.toml" <<EOF2
$(grep -v '^#' "$cfg")
[init]
w_in = "w_in_f32.npy"
w_rec = "w_rec_fortran.npy"
input = "input_bool.npy"
EOF2
"$fxprop" train --config "$out/rerun.toml" --out "$out.rerun" --threads 1 > "$out.rerun.log"
/usr/bin/python3 - "$out" "$out.rerun" <<'PY'
import sys
import numpy as np
a, b = sys.argv[1], sys.argv[2]
w32 = np.load(a + "/initial_w_in.npy").astype(np.float32).astype(np.float64)
assert np.array_equal(np.load(b + "/initial_w_in.npy"), w32)
assert np.array_equal(np.load(b + "/initial_w_rec.npy"), np.load(a + "/initial_w_rec.npy"))
assert np.array_equal(np.load(b + "/input.npy"), np.load(a + "/input.npy"))
print("ok")
PY
