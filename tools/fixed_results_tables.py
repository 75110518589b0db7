#!/usr/bin/env python3
"""Markdown tables of tools/fixed_results.sh's outputs (docs/fixed-model.md, "Results").

    fixed_results_tables.py OUT

Reads OUT/{pattern,evidence}_min_width/{min_width,points}.json (fxprop sweep) and
OUT/runs/*/{metrics,fixed_stats}.json (fxprop train); prints the tables on stdout.
Standard library only.
"""
import json
import statistics
import sys
from pathlib import Path

SEEDS = (1, 2, 3)
TASKS = (("pattern", "pattern generation"), ("evidence", "evidence accumulation"))


def fmt(x, digits=3):
    return "-" if x is None else f"{x:.{digits}g}"


def frac_bits(label):
    # "s12.8 rnd sat" -> 8
    return int(label.split()[0].split(".")[1])


def min_width_table(sweep_dir, title):
    mw = json.loads((sweep_dir / "min_width.json").read_text())
    pts = json.loads((sweep_dir / "points.json").read_text())
    rows = pts["rows"]
    ref = next((r for r in rows if r["role"] == "reference"), None)
    base_row = next((r for r in rows if r["role"] != "reference" and not r["overrides"]), None)
    ref_metric = ref["metric"] if ref else None
    # A point is identified by the format it overrides (several axes may search one variable).
    by_label = {}
    for r in rows:
        if r["role"] == "reference":
            continue
        for field, label in r["overrides"].items():
            by_label[(field.split(".")[-1], label)] = r
    print(f"\n#### {title}: minimum width within 10 % of float (seed 1; float loss {fmt(ref_metric, 4)})\n")
    print("| variable | rounding | wide format | minimum | fraction bits | loss at minimum | one bit less | loss there | why it fails (that variable at one bit less) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for a in mw:
        var = a["variable"]
        rounding = a["base"].split()[1] if a["kind"] == "format" else ""
        evaluated = sorted(a["evaluated"], key=lambda e: e["value"])
        m = a["min"]
        if m is None:
            print(f"| {var} | {a['axis'].split('(')[1].split()[0]} | {a['base'].split()[0]} | none in {a['range'][0]}..{a['range'][1]} | | | | | {a['note']} |")
            continue
        at_min = next(e for e in evaluated if e["value"] == m)
        below = [e for e in evaluated if e["value"] == m - 1]
        row_min = by_label.get((var, at_min["label"]), base_row if at_min["label"] == a["base"] else None)
        loss_min = row_min["metric"] if row_min else None
        if below:
            b = below[0]
            row_b = by_label.get((var, b["label"]))
            loss_b = row_b["metric"] if row_b else None
            why = ""
            if row_b is not None:
                if row_b["status"] != "ok":
                    why = row_b["status"]
                st = row_b.get("stats", {}).get(var)
                if st and st.get("requants"):
                    n = st["requants"]
                    why += f"sat {st['saturations'] / n:.2%}, to zero {st['to_zero'] / n:.2%}, inexact {st['inexact'] / n:.0%}"
            below_txt, loss_b_txt = b["label"].split()[0], fmt(loss_b, 4)
        else:
            below_txt, loss_b_txt, why = "(range end)", "", ""
        rnd = at_min["label"].split()[1]
        print(f"| {var} | {rnd} | {a['base'].split()[0]} | {at_min['label'].split()[0]} | {frac_bits(at_min['label'])} | "
              f"{fmt(loss_min, 4)} | {below_txt} | {loss_b_txt} | {why} |")


def grid_table(sweep_dir, title):
    pts = json.loads((sweep_dir / "points.json").read_text())
    axes = [a["name"] if isinstance(a, dict) else a for a in pts.get("axes", [])]
    groups = {}
    for r in pts["rows"]:
        if r["role"] == "reference":
            continue
        key = tuple(r["values"][a] for a in axes) if axes else tuple(r["values"].values())
        groups.setdefault(key, []).append(r)
    names = axes or list(pts["rows"][-1]["values"].keys())
    print(f"\n#### {title} (float engine; {pts['metric']} per seed)\n")
    print("| " + " | ".join(names) + " | " + pts["metric"] + " per seed | error rate per seed | mean rate (Hz) per seed |")
    print("|" + "---|" * (len(names) + 3))
    for key, rows in groups.items():
        rows = sorted(rows, key=lambda r: r["seed"])
        m = " / ".join(fmt(r["metric"], 3) if r["status"] == "ok" else r["status"] for r in rows)
        e = " / ".join(fmt(r["metrics"].get("error_rate"), 3) for r in rows) if rows[0]["metrics"].get("classification") else "-"
        hz = " / ".join(fmt(r["metrics"].get("mean_rate_hz"), 3) for r in rows)
        print("| " + " | ".join(str(k) for k in key) + f" | {m} | {e} | {hz} |")


def load_run(out, name):
    d = out / "runs" / name
    m = d / "metrics.json"
    if not m.exists():
        return None
    r = {"metrics": json.loads(m.read_text())["evaluation"]}
    s = d / "fixed_stats.json"
    if s.exists():
        r["stats"] = json.loads(s.read_text())["variables"]
    return r


def mean_sd(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "-"
    if len(xs) == 1:
        return fmt(xs[0], 4)
    return f"{statistics.mean(xs):.4g} ± {statistics.stdev(xs):.2g}"


def formats_table(out):
    print("\n#### The task configurations at the default and at the wide formats, against float\n")
    print("| task | seed | float loss | fixed, default formats | fixed, wide formats | saturating variables at the defaults (fraction of their updates) |")
    print("|---|---|---|---|---|---|")
    for task, title in TASKS:
        for seed in (1, 2):
            f = load_run(out, f"formats_{task}_float_s{seed}")
            d = load_run(out, f"formats_{task}_default_s{seed}")
            w = load_run(out, f"formats_{task}_wide_s{seed}")
            if not (f and d and w):
                continue

            def cell(r):
                loss = r["metrics"]["task_loss"]
                err = r["metrics"].get("error_rate")
                txt = f"{loss:.4g} ({loss / f['metrics']['task_loss'] - 1:+.1%}"
                return txt + (f", error {err:.1%})" if err is not None else ")")

            sat = ", ".join(f"{k} {v['overflow_fraction']:.2%}" for k, v in d["stats"].items() if v["saturations"] + v["wraps"] > 0) or "none"
            ferr = f["metrics"].get("error_rate")
            fl = f"{f['metrics']['task_loss']:.4g}" + (f" (error {ferr:.1%})" if ferr is not None else "")
            print(f"| {title} | {seed} | {fl} | {cell(d)} | {cell(w)} | {sat} |")


def reckon_tables(out):
    print("\n#### ReckOn-like configurations against the float model (seeds 1, 2, 3)\n")
    print("| task | eligibility | engine / weight rounding | loss per seed | loss mean ± sd | loss / float (mean of per-seed ratios) | error rate per seed | mean rate (Hz) |")
    print("|---|---|---|---|---|---|---|---|")
    for task, title in TASKS:
        variants = [("factorised", "float", "float")] + [("factorised", f"fixed {r}", r) for r in ("stoch16", "rnd", "trn")]
        if task == "evidence":
            variants += [("exact", "float", "exact_float"), ("exact", "fixed stoch16", "exact_stoch16")]
        for elig, label, key in variants:
            runs = [load_run(out, f"reckon_{task}_{key}_s{s}") for s in SEEDS]
            floats = [load_run(out, f"reckon_{task}_{'exact_float' if elig == 'exact' else 'float'}_s{s}") for s in SEEDS]
            loss = [r["metrics"]["task_loss"] if r else None for r in runs]
            ratios = [r["metrics"]["task_loss"] / f["metrics"]["task_loss"] for r, f in zip(runs, floats) if r and f]
            err = [r["metrics"].get("error_rate") if r else None for r in runs]
            rate = [r["metrics"]["mean_rate_hz"] if r else None for r in runs]
            print(f"| {title} | {elig} | {label} | {' / '.join(fmt(x, 4) for x in loss)} | {mean_sd(loss)} | "
                  f"{fmt(statistics.mean(ratios), 3) if ratios else '-'} | "
                  f"{' / '.join(fmt(x, 3) for x in err) if task == 'evidence' else '-'} | {mean_sd(rate)} |")

    print("\n#### Rounding of the weight updates at 8 bits (ReckOn-like, online, factorised): stalled updates\n")
    print("Stalled = updates with a nonzero exact change `lr g` that left the stored weight unchanged "
          "(`updates_stalled / updates_nonzero` of fixed_stats.json), summed over the three seeds.\n")
    print("| task | weight rounding | loss mean ± sd | loss / float | W_in stalled | W_rec stalled | W_out stalled | nonzero updates (W_in+W_rec+W_out) | updates that moved a weight | mean rate (Hz) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for task, title in TASKS:
        for r in ("stoch16", "rnd", "trn"):
            runs = [load_run(out, f"reckon_{task}_{r}_s{s}") for s in SEEDS]
            floats = [load_run(out, f"reckon_{task}_float_s{s}") for s in SEEDS]
            loss = [x["metrics"]["task_loss"] if x else None for x in runs]
            ratios = [x["metrics"]["task_loss"] / f["metrics"]["task_loss"] for x, f in zip(runs, floats) if x and f]
            cells = []
            total = moved = 0
            for w in ("w_in", "w_rec", "w_out"):
                nz = sum(x["stats"][w]["updates_nonzero"] for x in runs if x)
                stalled = sum(x["stats"][w]["updates_stalled"] for x in runs if x)
                total += nz
                moved += nz - stalled
                cells.append(f"{stalled / nz:.2%}" if nz else "-")
            rate = [x["metrics"]["mean_rate_hz"] if x else None for x in runs]
            print(f"| {title} | {r} | {mean_sd(loss)} | {fmt(statistics.mean(ratios), 3) if ratios else '-'} | "
                  f"{' | '.join(cells)} | {total:.3g} | {moved:.3g} | {mean_sd(rate)} |")


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/fixed_results")
    for name, title in (("task_size_pattern", "Pattern generation, task size"),
                        ("task_size_evidence", "Evidence accumulation, task size"),
                        ("task_size_evidence_variants", "Evidence accumulation, e-prop variants")):
        if (out / name / "points.json").exists():
            grid_table(out / name, title)
    for task, title in TASKS:
        d = out / f"{task}_min_width"
        if (d / "min_width.json").exists():
            min_width_table(d, title.capitalize())
    if (out / "runs").exists():
        formats_table(out)
        reckon_tables(out)


if __name__ == "__main__":
    main()
