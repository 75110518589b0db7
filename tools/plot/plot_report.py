#!/usr/bin/env python3
"""Plots of an `fxprop run` report directory (called by `fxprop run`; can be rerun by hand):

    /usr/bin/python3 tools/plot/plot_report.py REPORT_DIR

Reads the CSV/NPY/JSON files `fxprop run` wrote and writes REPORT_DIR/plots/*.png:
learning_curves, output_vs_target, spike_raster, cycles_per_phase, energy_breakdown,
memory_breakdown. Exit status 3 (with one line saying why) if numpy or matplotlib
is missing, so the caller can report that plots were skipped.
"""
import csv
import json
import os
import sys

try:
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as e:  # the caller reports the reason and carries on without plots
    print(f"numpy/matplotlib not available to {sys.executable}: {e}")
    sys.exit(3)

FLOAT_COLOR = "#1f77b4"
FIXED_COLOR = "#d62728"
TARGET_COLOR = "black"


def num(v, spec=".2f", scale=1.0):
    """A figure of metrics.json (null when its denominator is 0) as text."""
    return "n/a" if v is None else format(v * scale, spec)


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return rows


def column(rows, name):
    return np.array([float(r[name]) if r[name] not in ("", "nan") else np.nan for r in rows])


def smooth(y, n):
    """Moving mean over n iterations (valid part only), for readable noisy curves."""
    if n <= 1 or len(y) < 2 * n:
        return np.arange(len(y)), y
    k = np.ones(n) / n
    return np.arange(n - 1, len(y)), np.convolve(y, k, mode="valid")


def learning_curves(d, m, out):
    rows = read_csv(os.path.join(d, "learning_curves.csv"))
    it = column(rows, "iteration")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    n = max(1, len(it) // 50)
    for name, color, label in (("float_task_loss", FLOAT_COLOR, "float (golden model)"),
                               ("fixed_task_loss", FIXED_COLOR, "fixed point (core model)")):
        y = column(rows, name)
        ax.plot(it, y, color=color, alpha=0.25, linewidth=0.8)
        xs, ys = smooth(y, n)
        ax.plot(it[xs] if len(xs) else xs, ys, color=color, linewidth=2,
                label=f"{label}" + (f", mean of {n} iterations" if n > 1 else ""))
    ax.set_yscale("log")
    ax.set_xlabel("iteration (one batch of trials)")
    ax.set_ylabel("task loss per trial (log scale)")
    ax.set_title(f"Learning curves: {m['task']} with {m['rule']}, float vs fixed point")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def output_vs_target(d, m, out):
    rows = read_csv(os.path.join(d, "readout.csv"))
    t = column(rows, "step")
    outputs = sorted({k.split("_")[-1] for k in rows[0] if k.startswith("target_")}, key=int)
    fig, axes = plt.subplots(len(outputs), 1, figsize=(9, 2.8 * len(outputs) + 0.8), squeeze=False)
    fe, xe = m["float"]["evaluation"], m["fixed"]["evaluation"]
    metric = "nmse" if "nmse" in fe else "error_rate"
    for ax, k in zip(axes[:, 0], outputs):
        ax.plot(t, column(rows, f"target_{k}"), color=TARGET_COLOR, linewidth=2.2, label="target")
        ax.plot(t, column(rows, f"float_y_{k}"), color=FLOAT_COLOR, linewidth=1.3,
                label=f"float output ({metric} {fe[metric]:.3g})")
        ax.plot(t, column(rows, f"fixed_y_{k}"), color=FIXED_COLOR, linewidth=1.3, linestyle="--",
                label=f"fixed-point output ({metric} {xe[metric]:.3g})")
        ax.set_ylabel(f"output {k} (a.u.)")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper right", fontsize=8)
    axes[-1, 0].set_xlabel("time step (1 ms)")
    axes[0, 0].set_title("Readout after training on an evaluation trial")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def spike_raster(d, m, out):
    z = np.load(os.path.join(d, "spikes_fixed.npy"))
    x = np.load(os.path.join(d, "input_spikes.npy"))
    fig, (a0, a1) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True,
                                 gridspec_kw={"height_ratios": [1, 1.4]})
    ti, ni = np.nonzero(x)
    a0.scatter(ti, ni, s=1.2, color="0.3", marker="|")
    a0.set_ylabel("input channel")
    a0.set_title(f"Input spikes ({x.mean() * 1000:.0f} Hz mean)")
    tz, nz = np.nonzero(z)
    a1.scatter(tz, nz, s=1.5, color=FIXED_COLOR, marker="|")
    a1.set_ylabel("recurrent neuron")
    a1.set_xlabel("time step (1 ms)")
    a1.set_title(f"Recurrent spikes of the trained fixed-point core ({z.mean() * 1000:.1f} Hz mean, "
                 f"{int(z.sum())} spikes)")
    for a, n in ((a0, x.shape[1]), (a1, z.shape[1])):
        a.set_ylim(-0.5, n - 0.5)
        a.set_xlim(0, z.shape[0])
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def cycles_per_phase(d, m, out):
    rows = [r for r in read_csv(os.path.join(d, "cycles_per_phase.csv")) if r["command"] == "STEP"]
    names = [r["phase"] for r in rows]
    per_step = [float(r["systemc_mean_per_timestep"]) for r in rows]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    bars = ax.bar(names, per_step, color="#4c72b0")
    for b, v in zip(bars, per_step):
        ax.text(b.get_x() + b.get_width() / 2, b.get_height(), f"{v:.1f}", ha="center", va="bottom", fontsize=8)
    t = m["timing"]
    ax.set_ylabel("cycles per timestep (mean over the batch)")
    ax.set_xlabel("phase of the STEP command")
    ax.set_title(f"Cycles per timestep by phase: {t['cycles_per_timestep']:.1f} in total, P = {t['lanes']} lanes\n"
                 "(SystemC model, one training batch of the trained core)", fontsize=10)
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def energy_breakdown(d, m, out):
    rows = [r for r in read_csv(os.path.join(d, "energy_breakdown.csv")) if float(r["pj_per_trial"]) > 0]
    rows.sort(key=lambda r: float(r["pj_per_trial"]))
    names = [r["category"].replace("_", " ") for r in rows]
    pj = [float(r["pj_per_trial"]) for r in rows]
    # A unit that keeps the tick labels short.
    scale, unit = (1e6, "uJ") if max(pj) >= 1e7 else (1e3, "nJ")
    nj = [v / scale for v in pj]
    share = [float(r["share"]) * 100 for r in rows]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    bars = ax.barh(names, nj, color="#55a868")
    for b, s in zip(bars, share):
        ax.text(b.get_width(), b.get_y() + b.get_height() / 2, f" {s:.1f} %", va="center", fontsize=8)
    e = m["energy"]
    ax.set_xlabel(f"dynamic energy per trial ({unit})")
    ax.set_xlim(0, max(nj) * 1.18)
    ax.set_title(f"Energy per trial by category at {e['tech_nm']} nm: {num(e['pj_per_trial'], '.4g', 1 / scale)} {unit}\n"
                 f"{num(e['pj_per_sop'])} pJ/SOP, {num(e['pj_per_weight_update'])} pJ/weight update "
                 "(SystemC counts)", fontsize=10)
    ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def memory_breakdown(d, m, out):
    rows = read_csv(os.path.join(d, "memory.csv"))
    rows.sort(key=lambda r: float(r["bytes"]))
    names = [r["memory"] for r in rows]
    kib = [float(r["bytes"]) / 1024 for r in rows]
    colors = ["#dd8452" if r["learning"] == "1" else "#4c72b0" for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(rows) + 1.8))
    ax.barh(names, kib, color=colors)
    for i, (v, r) in enumerate(zip(kib, rows)):
        ax.text(v, i, f" {v:.2f} ({r['kind']})", va="center", fontsize=8)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color="#4c72b0", label="inference (weights, neuron state)"),
                       Patch(color="#dd8452", label="learning state")], loc="lower right")
    mm = m["memory"]
    ax.set_xlabel("size (KiB)")
    ax.set_xlim(0, max(kib) * 1.3)
    ax.set_title(f"Memories: {mm['total_bytes'] / 1024:.1f} KiB in total, learning overhead "
                 f"{num(mm['learning_overhead'], '.1f', 100)} %\n"
                 f"{num(mm['learning_bits_per_synapse'], '.1f')} learning bits/synapse, "
                 f"{num(mm['learning_bits_per_neuron'], '.1f')} learning bits/neuron", fontsize=10)
    ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    d = sys.argv[1]
    with open(os.path.join(d, "metrics.json")) as f:
        m = json.load(f)
    plots = os.path.join(d, "plots")
    os.makedirs(plots, exist_ok=True)
    learning_curves(d, m, os.path.join(plots, "learning_curves.png"))
    output_vs_target(d, m, os.path.join(plots, "output_vs_target.png"))
    spike_raster(d, m, os.path.join(plots, "spike_raster.png"))
    cycles_per_phase(d, m, os.path.join(plots, "cycles_per_phase.png"))
    energy_breakdown(d, m, os.path.join(plots, "energy_breakdown.png"))
    memory_breakdown(d, m, os.path.join(plots, "memory_breakdown.png"))


if __name__ == "__main__":
    main()
