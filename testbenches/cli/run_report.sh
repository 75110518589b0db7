#!/usr/bin/env bash
# run_report.sh FXPROP CONFIG OUTDIR
# `fxprop run` on a tiny configuration: every promised file of the report exists,
# metrics.json parses with sane values (finite losses, cycles and energies > 0,
# memory figures), a rerun gives identical results (everything but the wall-clock
# times), and without matplotlib the run still succeeds and the report says the
# plots were skipped and why.
set -euo pipefail
fxprop=$1; cfg=$2; out=$3
rm -rf "$out" "$out.again" "$out.noplot" "$out.nompl"
mkdir -p "$(dirname "$out")"
"$fxprop" run --config "$cfg" --out "$out" -j 2 > "$out.log"
"$fxprop" run --config "$cfg" --out "$out.again" -j 1 > "$out.again.log"
# No interpreter at all, and an interpreter without matplotlib.
FXPROP_PYTHON=/nonexistent/python3 "$fxprop" run --config "$cfg" --out "$out.noplot" > "$out.noplot.log"
nompl=$(mktemp); trap 'rm -f "$nompl"' EXIT
cat > "$nompl" <<'SH'
#!/bin/sh
# python3 that cannot import matplotlib
exec /usr/bin/python3 -c 'import sys; sys.modules["matplotlib"] = None; sys.argv = sys.argv[1:]; exec(compile(open(sys.argv[0]).read(), sys.argv[0], "exec"))' "$@"
SH
chmod +x "$nompl"
FXPROP_PYTHON=$nompl "$fxprop" run --config "$cfg" --out "$out.nompl" > "$out.nompl.log"
grep -q "plots skipped" "$out.noplot.log"
grep -q "plots skipped" "$out.nompl.log"
/usr/bin/python3 - "$out" "$out.again" "$out.noplot" "$out.nompl" <<'PY'
import csv, json, math, os, sys
import numpy as np
out, again, noplot, nompl = sys.argv[1:]
files = ["metrics.json", "learning_curves.csv", "cycles_per_phase.csv", "systemc_cycles_per_phase.csv", "energy_breakdown.csv", "memory.csv",
         "activity.csv", "readout.csv", "spikes_float.npy", "spikes_fixed.npy", "input_spikes.npy", "energy.json",
         "energy.txt", "counts.json", "config_used.toml", "report.md", "report.html",
         "float/metrics.json", "float/learning_curve.csv", "fixed/metrics.json", "fixed/fixed_stats.json",
         "fixed/final_w_rec_raw.npy"]
plots = ["plots/" + p for p in ("learning_curves.png", "output_vs_target.png", "spike_raster.png",
                                "cycles_per_phase.png", "energy_breakdown.png", "memory_breakdown.png")]
for f in files + plots:
    p = os.path.join(out, f)
    assert os.path.isfile(p) and os.path.getsize(p) > 0, f
assert not any(n.startswith(".staging") for n in os.listdir(out)), os.listdir(out)
m = json.load(open(os.path.join(out, "metrics.json")))
assert m["format"] == "fxprop-run-report" and m["network"] == {"n_in": 8, "n_rec": 12, "n_out": 1, "steps": 50,
                                                               "iterations": 5, "batch": 1}, m["network"]
for eng in ("float", "fixed"):
    e = m[eng]
    assert e["iterations_run"] == 5, e
    assert math.isfinite(e["evaluation"]["nmse"]) and e["evaluation"]["nmse"] > 0, e
    assert 0 < e["last_batch_task_loss"] < 1e3, e
# Same initial weights and trials: the two engines start from (nearly) the same loss.
assert abs(m["float"]["first_batch_task_loss"] - m["fixed"]["first_batch_task_loss"]) < 0.05 * m["float"]["first_batch_task_loss"]
t = m["timing"]
assert t["lanes"] == 4 and t["cycles_per_trial"] > 0 and t["source"] == "systemc", t
assert t["cycles"] == sum(p["cycles"] for p in t["phases"].values()), t
assert len(t["phases"]) == 14 and t["timesteps_simulated"] == 50
# The SystemC model's STEP cycles equal the microarchitecture formulas on the same (frozen) trial.
assert t["analytic_cross_check"]["equal"] is True, t["analytic_cross_check"]
assert m["energy"]["source"].startswith("systemc"), m["energy"]["source"]
en = m["energy"]
for k in ("pj_per_sop", "pj_per_weight_update", "pj_per_timestep", "pj_per_learning_timestep", "pj_per_trial"):
    assert en[k] is not None and en[k] > 0, (k, en[k])
assert abs(sum(en["breakdown_pj_per_trial"].values()) - en["pj_per_trial"]) < 1e-6 * en["pj_per_trial"]
mem = m["memory"]
assert mem["weight_bits_per_synapse"] == 16 and mem["learning_bits_per_neuron"] > 0 and mem["learning_overhead"] > 0, mem
assert mem["total_bytes"] == sum(x["bytes"] for x in mem["memories"])
assert m["plots"]["made"] is True, m["plots"]
# CSVs agree with metrics.json.
rows = list(csv.DictReader(open(os.path.join(out, "learning_curves.csv"))))
assert len(rows) == 5 and float(rows[-1]["fixed_task_loss"]) == m["fixed"]["last_batch_task_loss"]
z = np.load(os.path.join(out, "spikes_fixed.npy"))
assert z.dtype == bool and z.shape == (50, 12)
act = list(csv.DictReader(open(os.path.join(out, "activity.csv"))))
assert len(act) == 50 and all(int(a["spikes"]) <= 12 for a in act)
# Determinism: a rerun (other thread count) gives identical metrics and tables.
m2 = json.load(open(os.path.join(again, "metrics.json")))
for d in (m, m2):
    d.pop("wall_seconds")
assert m == m2, "metrics.json differs between identical runs"
for f in ("learning_curves.csv", "cycles_per_phase.csv", "energy_breakdown.csv", "memory.csv", "activity.csv",
          "readout.csv", "counts.json", "energy.json", "spikes_fixed.npy", "fixed/final_w_rec_raw.npy"):
    assert open(os.path.join(out, f), "rb").read() == open(os.path.join(again, f), "rb").read(), f
# Without plots: the run succeeded, everything else is there, the report says why.
for d, why in ((noplot, "/nonexistent/python3"), (nompl, "matplotlib not available")):
    mp = json.load(open(os.path.join(d, "metrics.json")))
    assert mp["plots"]["made"] is False and why in mp["plots"]["note"], mp["plots"]
    assert not os.path.exists(os.path.join(d, "plots")), d
    md = open(os.path.join(d, "report.md")).read()
    assert "Plots were skipped" in md and why in md and "![" not in md, d
    for f in files:
        assert os.path.isfile(os.path.join(d, f)), (d, f)
print("ok")
PY
