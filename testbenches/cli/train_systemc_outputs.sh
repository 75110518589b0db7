#!/usr/bin/env bash
# train_systemc_outputs.sh FXPROP CONFIG OUTDIR
# `fxprop train --engine systemc` on a tiny run: every file of `--engine fixed` is
# bit-identical (the SystemC model wraps the same arithmetic), counts.json and
# cycles_per_phase.csv are there and consistent (cycles per phase sum to the total,
# fxprop energy reads the counts), the VCD names the traced signals; then
# `fxprop energy --config` simulates the same configuration and prices it.
set -euo pipefail
fxprop=$1; cfg=$2; out=$3
rm -rf "$out.fixed" "$out.systemc" "$out.vcd" "$out.partial.vcd"
mkdir -p "$(dirname "$out")"
"$fxprop" train --config "$cfg" --out "$out.fixed" --engine fixed > /dev/null
"$fxprop" train --config "$cfg" --out "$out.systemc" --engine systemc --vcd "$out.vcd" > "$out.log"
grep -q "core cycles" "$out.log"
for f in $(cd "$out.fixed" && ls *.npy fixed_stats.json learning_curve.csv); do
  cmp "$out.fixed/$f" "$out.systemc/$f"
done
[ -f "$out.vcd" ] && [ ! -f "$out.partial.vcd" ]
grep -q '\$enddefinitions' "$out.vcd"
for s in phase timestep cycles step_cycles memory_read_words; do grep -q " $s " "$out.vcd"; done
"$fxprop" energy --counts "$out.systemc/counts.json" --json > "$out.energy.json"
"$fxprop" energy --config "$cfg" --trials 2 --json > "$out.energy_config.json" 2> "$out.energy_config.log"
grep -q "simulated 100 timesteps" "$out.energy_config.log"
/usr/bin/python3 - "$out.systemc" "$out.energy.json" "$out.energy_config.json" <<'PY'
import csv, json, os, sys
d, ej, ecj = sys.argv[1:4]
m = json.load(open(os.path.join(d, "metrics.json")))
assert m["engine"] == "systemc", m["engine"]
s = m["systemc"]["core"]
assert m["systemc"]["lr_mode"] == "shift"
c = json.load(open(os.path.join(d, "counts.json")))
assert c["format"] == "fxprop-action-counts" and c["source"] == "systemc" and c["lanes"] == 4
# 5 training trials + 2 evaluation trials of 50 steps.
assert c["events"]["timesteps"] == 350 and s["timesteps"] == 350, (c["events"], s["timesteps"])
assert c["events"]["trials"] == 7
rows = list(csv.DictReader(open(os.path.join(d, "cycles_per_phase.csv"))))
assert [r["phase"] for r in rows][:8] == ["TRACE_IN", "INTEG", "NEURON", "RO_ACC", "READOUT", "LSIG", "SYN", "OUT"]
total = sum(int(r["total_cycles"]) for r in rows)
assert total == c["cycles"] == s["total_cycles"], (total, c["cycles"], s["total_cycles"])
assert sum(p["cycles"] for p in c["phases"].values()) == c["cycles"]
# 8 inputs, 12 neurons, P = 4: TRACE_IN = 2 + 1, NEURON = 3 + 1 cycles every step.
byname = {r["phase"]: r for r in rows}
assert byname["TRACE_IN"]["max_per_step"] == "3" and byname["NEURON"]["total_cycles"] == str(4 * 350)
assert abs(s["simulated_seconds"] - total / 100e6) < 1e-12
e = json.load(open(ej))
assert e["counts_source"] == "systemc" and e["cycles"] == c["cycles"]
assert e["energy_pj"]["total"] > 0 and e["figures"]["pj_per_sop"] > 0, e["energy_pj"]
ec = json.load(open(ecj))
assert ec["energy_pj"]["total"] > 0 and ec["events"]["timesteps"] == 100, ec["events"]
print("ok")
PY
