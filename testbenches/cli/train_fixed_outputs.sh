#!/usr/bin/env bash
# train_fixed_outputs.sh FXPROP CONFIG OUTDIR
# Runs a tiny `fxprop train --engine fixed`, then checks with numpy (Debian's
# /usr/bin/python3) that every promised file exists with the documented shape and
# dtype, that every *_raw.npy holds int64 raws whose values (raw * 2^-F, F from the
# format in fixed_stats.json) are exactly the matching float export, that the W_rec
# diagonal is 0, and that fixed_stats.json reports every variable. A second run must
# produce bit-identical files (all but the timing in metrics.json).
set -euo pipefail
fxprop=$1; cfg=$2; out=$3
rm -rf "$out" "$out.again"
mkdir -p "$(dirname "$out")"
"$fxprop" train --config "$cfg" --out "$out" --engine fixed > "$out.log"
"$fxprop" train --config "$cfg" --out "$out.again" --engine fixed > "$out.again.log"
/usr/bin/python3 - "$out" "$out.again" <<'PY'
import json, os, sys
import numpy as np
out, again = sys.argv[1], sys.argv[2]
def load(name, d=out):
    return np.load(os.path.join(d, name))
m = json.load(open(os.path.join(out, "metrics.json")))
assert m["engine"] == "fixed" and m["iterations_run"] == 5, m
assert m["timing"]["threads"] == 1
assert m["fixed"]["lr_mode"] == "shift" and m["fixed"]["exact_type"] in ("int64", "int128"), m["fixed"]
st = json.load(open(os.path.join(out, "fixed_stats.json")))
keys = ["i_syn", "v", "a", "thr_adaptive", "psi", "zbar", "zbar_out", "y", "err", "l", "lpsi", "e", "eps_a", "ebar",
        "grad_acc", "w_in", "w_rec", "w_out"]
assert sorted(st["variables"]) == sorted(keys), sorted(st["variables"])
for i, k in enumerate(keys):
    v = st["variables"][k]
    assert v["stream_id"] == i, (k, v["stream_id"])
    for f in ("spec", "requantisations", "inexact", "rounded_to_zero", "saturations", "wraps", "zeroings", "range_available",
              "range_used", "bits_used", "bits_available", "magnitude_histogram"):
        assert f in v, (k, f)
    assert sum(v["magnitude_histogram"]) == v["requantisations"], k
for k in ("v", "psi", "zbar", "y", "err", "l", "e", "ebar", "grad_acc", "w_in", "w_rec", "w_out"):
    assert st["variables"][k]["requantisations"] > 0, k
for k in ("a", "thr_adaptive", "eps_a", "lpsi"):  # no ALIF neurons, exact eligibility
    assert st["variables"][k]["requantisations"] == 0, k
assert "updates_stalled" in st["variables"]["w_in"] and "updates_nonzero" in st["variables"]["grad_acc"]
assert st["constants"]["alpha"]["used"] and st["constants"]["lr"]["shift"] == 10
def frac(key):
    spec = st["variables"][key]["spec"] if key in st["variables"] else None
    fmt = spec.split()[0] if spec else json.load(open(os.path.join(out, "metrics.json")))["fixed"]["formats"][key]
    return int(fmt.split(".")[1])
def check_raw(raw_name, value_name, key):
    raw, val = load(raw_name), load(value_name)
    assert raw.dtype == np.int64, (raw_name, raw.dtype)
    assert raw.shape == val.shape, (raw_name, raw.shape, val.shape)
    assert np.array_equal(np.ldexp(raw.astype(np.float64), -frac(key)), val), raw_name
for p in ("initial_", "final_"):
    for w in ("w_in", "w_rec", "w_out"):
        check_raw(p + w + "_raw.npy", p + w + ".npy", w)
    check_raw(p + "b_raw.npy", p + "b.npy", "b")
assert load("initial_w_in_raw.npy").shape == (8, 12) and load("final_w_out_raw.npy").shape == (12, 1)
assert np.all(np.diag(load("final_w_rec_raw.npy")) == 0)
assert not np.array_equal(load("initial_w_out_raw.npy"), load("final_w_out_raw.npy"))
check_raw("v_raw.npy", "v.npy", "v")
check_raw("psi_raw.npy", "psi.npy", "psi")
check_raw("y_raw.npy", "y.npy", "y")
check_raw("err_raw.npy", "err.npy", "err")
check_raw("learning_signal_raw.npy", "learning_signal.npy", "l")
assert load("v_raw.npy").shape == (2, 50, 12) and load("y_raw.npy").shape == (2, 50, 1)
# Targets: the float target and its raw in y's format (round to nearest).
t, tr = load("target.npy"), load("target_raw.npy")
assert tr.dtype == np.int64 and np.all(np.abs(np.ldexp(tr.astype(np.float64), -frac("y")) - t) <= 2.0 ** (-frac("y") - 1))
z = load("spikes.npy"); assert z.shape == (2, 50, 12) and z.dtype == np.bool_
g, gr = load("gradient_w_in.npy"), load("gradient_w_in_raw.npy")
assert gr.dtype == np.int64 and np.array_equal(np.ldexp(gr.astype(np.float64), -frac("grad_acc")), g)
# The rerun is bit-identical.
for name in sorted(os.listdir(out)):
    if name in ("metrics.json",):
        continue
    a, b = open(os.path.join(out, name), "rb").read(), open(os.path.join(again, name), "rb").read()
    assert a == b, name + " differs between two runs"
ma = json.load(open(os.path.join(again, "metrics.json")))
for d in (m, ma):
    d.pop("timing")
assert m == ma
print("ok")
PY
