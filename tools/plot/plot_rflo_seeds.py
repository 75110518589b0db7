#!/usr/bin/python3
"""Final-loss distributions of the RFLO periodic-output runs over seeds (docs/golden-model.md).

  /usr/bin/python3 tools/plot/plot_rflo_seeds.py SEEDS_DIR REF_DIR OUT.png

SEEDS_DIR: output of tools/experiments/rflo_seeds.sh (one folder per configuration variant, each
with seedN/metrics.json); REF_DIR: the --json files of tools/experiments/rflo_notebook_reference.py
(nb_rflo.json, nb_bptt.json, ...). Losses in the notebook's definition (see rflo_seeds.sh).
Needs numpy and matplotlib: run with /usr/bin/python3.
"""
import glob
import json
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def fxprop_losses(folder):
    v = []
    for m in sorted(glob.glob(os.path.join(folder, "seed*", "metrics.json"))):
        v.append(json.load(open(m))["last_iteration"]["task_loss"] * 99 / 100)
    return np.array(v)


def main():
    seeds_dir, ref_dir, out = sys.argv[1:4]
    series = []
    labels = {
        "rflo_periodic": "fxprop RFLO (notebook setup)",
        "rflo_periodic_bptt": "fxprop BPTT (exact gradient)",
        "rflo_periodic_w_rec_diagonal=_zero_": "fxprop RFLO, no autapses",
        "rflo_periodic_tanh_derivative=_notebook_": "fxprop RFLO, notebook tanh'",
    }
    for name, label in labels.items():
        v = fxprop_losses(os.path.join(seeds_dir, name))
        if len(v):
            series.append((label, v))
    for name, label in [("nb_rflo.json", "NumPy notebook loop, RFLO"), ("nb_bptt.json", "NumPy notebook loop, BPTT (as written)"),
                        ("nb_rflo_noaut.json", "NumPy notebook loop, RFLO, no autapses")]:
        path = os.path.join(ref_dir, name)
        if os.path.exists(path):
            series.append((label, np.array(json.load(open(path))["final_loss"])))
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(series) + 1.6))
    for k, (label, v) in enumerate(series):
        ax.scatter(v, np.full(len(v), k) + np.random.RandomState(k).uniform(-0.15, 0.15, len(v)), s=14)
        ax.plot([np.median(v)] * 2, [k - 0.3, k + 0.3], "k-", lw=2)
    ax.axvline(1.5e-4, color="tab:red", ls="--", lw=1, label="notebook RFLO 1.5e-4")
    ax.axvline(2.3e-4, color="tab:purple", ls=":", lw=1, label="notebook BPTT 2.3e-4")
    ax.axvline(5e-4, color="gray", ls="-", lw=0.8, label="target 5e-4")
    ax.set_yticks(range(len(series)))
    ax.set_yticklabels([f"{l} (n={len(v)})" for l, v in series])
    ax.set_xscale("log")
    ax.set_xlabel("0.5 mean(err^2) of trial 10,000 (bar: median)")
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=3, frameon=False)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print("wrote", out)


if __name__ == "__main__":
    main()
