#!/usr/bin/python3
"""Plots of an `fxprop sweep` result directory (points.json, min_width.json).

    /usr/bin/python3 tools/plot/plot_sweep.py OUT_DIR [--out PLOT_DIR]

Writes into PLOT_DIR (default OUT_DIR):
  metric_vs_width.png  the final metric against each swept variable (mean over seeds,
                       one dot per seed), the float reference, and for min_width the
                       tolerance limit and the minimum found
  pareto.png           metric (accuracy for classification) against memory bits per
                       synapse (weights + learning state), Pareto front marked
Needs matplotlib (Debian python3-matplotlib); uses only the standard library otherwise.
"""
import argparse
import json
import math
import os
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def finite(x):
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def mean(xs):
    xs = [x for x in xs if finite(x)]
    return sum(xs) / len(xs) if xs else float("nan")


def load(out_dir):
    path = os.path.join(out_dir, "points.json")
    try:
        with open(path) as f:
            points = json.load(f)
    except OSError as e:
        sys.exit("plot_sweep: cannot read %s: %s (run `fxprop sweep ... --out %s` first)" % (path, e.strerror, out_dir))
    if points.get("format") != "fxprop-sweep-points":
        sys.exit("plot_sweep: %s is not an fxprop sweep points file" % path)
    mw = None
    mw_path = os.path.join(out_dir, "min_width.json")
    if points["mode"] == "min_width" and os.path.exists(mw_path):
        with open(mw_path) as f:
            mw = json.load(f)
    return points, mw


def y_of(points, row):
    """Plotted quality: accuracy for classification, else the sweep metric (lower is better)."""
    if points["classification"] and points["metric"] == "error_rate":
        v = row["metric"]
        return None if v is None else 1.0 - v
    return row["metric"]


def y_label(points):
    if points["classification"] and points["metric"] == "error_rate":
        return "accuracy (higher is better)"
    return "%s (lower is better)" % points["metric"]


def reference_level(points):
    refs = [r for r in points["rows"] if r["role"] == "reference"]
    return mean([y_of(points, r) for r in refs]), refs


def plot_metric_vs_width(points, mw, path):
    axes = points["axes"]
    n = len(axes)
    # At most 3 panels per row (a min_width sweep of every variable has 15 or more).
    ncols = min(n, 3)
    nrows = (n + ncols - 1) // ncols
    fig, subplots = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 4.0 * nrows + 0.4), squeeze=False)
    for j in range(n, nrows * ncols):
        subplots[j // ncols][j % ncols].axis("off")
    ref, refs = reference_level(points)
    for i, axis in enumerate(axes):
        ax = subplots[i // ncols][i % ncols]
        name = axis["name"]
        # A row belongs to this panel by its axis index (several axes may search one variable).
        def varied_here(r):
            return r.get("varied_axis", i if r["varied"] == name else None) == i

        def pos(r):
            return r["axis_positions"][i] if "axis_positions" in r else r["positions"][name]

        if points["mode"] == "grid":
            rows = [r for r in points["rows"] if r["role"] == "point"]
        else:
            rows = [r for r in points["rows"] if varied_here(r) or r["role"] == "base"]
            if mw is not None:
                # min_width evaluates both ends of every axis, so the axis' own rows are all it needs
                # (a point equal to the base appears in the rows of the axis that reached it; rows
                # of other axes must not leak in).
                rows = [r for r in points["rows"] if varied_here(r)]
        # Group by the other axes' values (grid: one line per combination).
        groups = OrderedDict()
        for r in rows:
            other = tuple((a["name"], r["values"][a["name"]]) for a in axes if a["name"] != name)
            groups.setdefault(other if points["mode"] == "grid" else (), []).append(r)
        for other, grp in groups.items():
            by_x = OrderedDict()
            for r in sorted(grp, key=pos):
                by_x.setdefault(pos(r), []).append(r)
            xs = list(by_x.keys())
            ys = [mean([y_of(points, r) for r in by_x[x]]) for x in xs]
            label = ", ".join("%s=%s" % kv for kv in other) if other else "mean over seeds"
            ax.plot(xs, ys, "o-", label=label)
            for x in xs:
                seeds = [y_of(points, r) for r in by_x[x]]
                ax.plot([x] * len(seeds), [s if finite(s) else float("nan") for s in seeds], ".", color="grey", alpha=0.5)
            diverged = [x for x in xs if not any(finite(y_of(points, r)) for r in by_x[x])]
            for x in diverged:
                ax.axvline(x, color="red", alpha=0.3, lw=4)
        if finite(ref):
            ax.axhline(ref, color="black", ls="--", lw=1, label="float reference")
            if points["mode"] == "min_width" and not (points["classification"] and points["metric"] == "error_rate"):
                tol = points["tolerance"]
                limit = mean([r["reference"] + (tol if points["tolerance_mode"] == "absolute" else tol * abs(r["reference"]))
                              for r in refs if finite(r["reference"])])
                ax.axhline(limit, color="tab:red", ls=":", lw=1, label="tolerance limit")
        if mw is not None:
            for res in mw:
                # Several axes may search one variable (one per rounding mode): match the axis.
                if res.get("axis", axis["title"]) == axis["title"] and res["variable"] == name and res["min"] is not None:
                    ax.axvline(res["min"], color="tab:green", lw=1.5, label="minimum %s (%s)" % (res["min"], res["min_label"]))
        ax.set_xlabel("%s: width W (bits)" % name if axis["kind"] == "format" else name)
        xs_all = [pos(r) for r in rows]
        if axis["kind"] == "field" and xs_all and min(xs_all) > 0 and max(xs_all) >= 10 * min(xs_all):
            ax.set_xscale("log")
        ys_all = [y for y in (y_of(points, r) for r in rows) if finite(y) and y > 0]
        if ys_all and max(ys_all) > 20 * min(ys_all):
            ax.set_yscale("log")  # a collapsed run would flatten every other point
        ax.set_ylabel(y_label(points))
        ax.set_title("%s (base %s)" % (axis["title"], axis["base"]), fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("fxprop sweep (%s, engine %s): %s vs swept variable" % (points["mode"], points["engine"], points["metric"]))
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_size_inches()[1]))  # room for the suptitle
    fig.savefig(path, dpi=110)
    plt.close(fig)


def pareto_front(items, higher_better):
    """items: (bits, quality, label). Non-dominated items, sorted by bits."""
    front = []
    best = None
    for bits, q, label in sorted(items, key=lambda t: (t[0], -t[1] if higher_better else t[1])):
        if best is None or (q > best if higher_better else q < best):
            front.append((bits, q, label))
            best = q
    return front


def plot_pareto(points, path):
    higher_better = points["classification"] and points["metric"] == "error_rate"
    configs = OrderedDict()
    for r in points["rows"]:
        if r["role"] == "reference":
            continue
        key = json.dumps(r["overrides"], sort_keys=True)
        configs.setdefault(key, []).append(r)
    items = []
    for key, rows in configs.items():
        q = mean([y_of(points, r) for r in rows])
        mem = rows[0]["memory"]
        bits = mem["weight_bits_per_synapse"] + mem["learning_bits_per_synapse"]
        label = ", ".join("%s=%s" % (k.split(".")[-1], v) for k, v in sorted(rows[0]["overrides"].items())) or "base"
        if finite(q):
            items.append((bits, q, label))
    fig, ax = plt.subplots(figsize=(7, 4.8))
    if items:
        ax.plot([i[0] for i in items], [i[1] for i in items], "o", color="tab:blue", alpha=0.6, label="configurations (mean over seeds)")
        front = pareto_front(items, higher_better)
        ax.plot([f[0] for f in front], [f[1] for f in front], "s-", color="tab:red", ms=8, mfc="none", mew=2, label="Pareto front")
        # Labels of the front staggered vertically: neighbours on the front are often close in bits.
        for k, (bits, q, label) in enumerate(front):
            ax.annotate(label, (bits, q), textcoords="offset points", xytext=(5, 6 + 11 * (k % 4)), fontsize=7,
                        arrowprops=dict(arrowstyle="-", color="grey", lw=0.5))
        qs = [i[1] for i in items if i[1] > 0]
        if qs and max(qs) > 20 * min(qs):
            ax.set_yscale("log")  # a collapsed configuration would flatten the rest
    ref, _ = reference_level(points)
    if finite(ref):
        ax.axhline(ref, color="black", ls="--", lw=1, label="float reference")
    ax.set_xlabel("memory bits per synapse (weights + learning state)")
    ax.set_ylabel(y_label(points))
    ax.set_title("fxprop sweep: quality vs memory, Pareto front (%s)" % ("higher is better" if higher_better else "lower is better"),
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="output directory of fxprop sweep")
    p.add_argument("--out", help="where to write the PNGs (default: the sweep directory)")
    a = p.parse_args()
    points, mw = load(a.dir)
    out = a.out or a.dir
    os.makedirs(out, exist_ok=True)
    plot_metric_vs_width(points, mw, os.path.join(out, "metric_vs_width.png"))
    plot_pareto(points, os.path.join(out, "pareto.png"))
    print("plot_sweep: wrote %s and %s" % (os.path.join(out, "metric_vs_width.png"), os.path.join(out, "pareto.png")))


if __name__ == "__main__":
    main()
