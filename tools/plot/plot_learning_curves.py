#!/usr/bin/python3
"""Learning curves of the golden-model experiments (tools/experiments/golden_results.sh).

Reads DIR/*/learning_curve.csv (written by `fxprop train`) and writes
DIR/pattern_generation.png, DIR/evidence_accumulation.png, DIR/rflo_periodic.png.
Needs numpy and matplotlib: run with /usr/bin/python3 (Debian's), not a pyenv python.
"""
import csv
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def load(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]} if rows else {}


def smooth(y, n):
    if len(y) < n or n <= 1:
        return y
    return np.convolve(y, np.ones(n) / n, mode="valid")


def plot_group(out_dir, runs, title, key, ylabel, filename, log=True, window=1):
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    found = False
    for name, label in runs:
        path = os.path.join(out_dir, name, "learning_curve.csv")
        if not os.path.exists(path):
            continue
        c = load(path)
        if key not in c:
            continue
        y = smooth(c[key], window)
        x = np.arange(len(y)) + (window - 1)
        ax.plot(x, y, label=label, lw=1.2)
        found = True
    if not found:
        plt.close(fig)
        return
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, filename), dpi=120)
    plt.close(fig)
    print("wrote", os.path.join(out_dir, filename))


def plot_outputs(out_dir, runs, filename):
    """Readout y and target y* of the first recorded evaluation trial of each run."""
    fig, axes = plt.subplots(len(runs), 1, figsize=(6.4, 1.6 * len(runs)), sharex=True)
    found = False
    for ax, (name, label) in zip(axes, runs):
        yp, tp = os.path.join(out_dir, name, "y.npy"), os.path.join(out_dir, name, "target.npy")
        if not (os.path.exists(yp) and os.path.exists(tp)):
            continue
        ax.plot(np.load(tp)[0, :, 0], "k--", lw=1, label="target")
        ax.plot(np.load(yp)[0, :, 0], lw=1, label=label)
        ax.legend(loc="upper right", fontsize=7)
        found = True
    axes[-1].set_xlabel("time step (ms)")
    fig.tight_layout()
    if found:
        fig.savefig(os.path.join(out_dir, filename), dpi=120)
        print("wrote", os.path.join(out_dir, filename))
    plt.close(fig)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "out/golden"
    plot_group(out_dir, [("pattern_bptt", "BPTT"), ("pattern_eprop_symmetric", "e-prop symmetric"),
                         ("pattern_eprop_random", "e-prop random"), ("pattern_eprop_factorised", "e-prop random, factorised"),
                         ("pattern_eprop_adaptive", "e-prop adaptive")],
               "Pattern generation (100-100-1, 1000 steps)", "task_loss", "0.5 sum_t (y - y*)^2", "pattern_generation.png")
    plot_outputs(out_dir, [("pattern_bptt", "BPTT"), ("pattern_eprop_symmetric", "e-prop symmetric"),
                           ("pattern_eprop_random", "e-prop random"), ("pattern_eprop_factorised", "e-prop factorised")],
                 "pattern_generation_outputs.png")
    plot_group(out_dir, [("evidence_alif", "50 LIF + 50 ALIF, random e-prop"),
                         ("evidence_lif_short_tau", "100 LIF, tau_m 20 ms"),
                         ("evidence_lif_long_tau", "100 LIF, tau_m 2 s")],
               "Evidence accumulation (batch 32), 10-iteration mean", "accuracy", "training-batch accuracy",
               "evidence_accumulation.png", log=False, window=10)
    plot_group(out_dir, [("rflo_periodic", "RFLO"), ("rflo_periodic_bptt", "BPTT")],
               "Periodic output (Murray 2019, Fig. 2)", "task_loss", "0.5 mean_t err^2", "rflo_periodic.png")


if __name__ == "__main__":
    main()
