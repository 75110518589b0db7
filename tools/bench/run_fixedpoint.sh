#!/usr/bin/env bash
# Runs bench_fixedpoint (built by tools/build.sh with FXPROP_BUILD_BENCH=ON, the
# default) and prints ns per requantised multiply-accumulate and the ratios the
# fixed-point library is held to: runtime formats within 3x of plain int64,
# and at least 30x faster than SystemC sc_fixed. Medians of 5 repetitions of
# CPU time. Extra arguments go to the benchmark binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build}
bin=$build/tools/bench_fixedpoint
if [ ! -x "$bin" ]; then
  echo "run_fixedpoint.sh: $bin not found; build first (tools/build.sh)" >&2
  exit 2
fi
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
if ! SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$bin" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json "$@" >/dev/null 2>"$err"; then
  cat "$err" >&2  # e.g. a checksum mismatch between variants
  exit 1
fi
python3 - "$out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
ns = {}
for b in doc["benchmarks"]:
    if b.get("aggregate_name") == "median":
        # CPU time per iteration / MACs per iteration (items_per_second is MACs per CPU second)
        ns[b["run_name"].replace("BM_", "")] = 1e9 / b["items_per_second"]
ctx = doc["context"]
print(f"# {ctx.get('date', '')}  {ctx.get('num_cpus')} cpus  load {ctx.get('load_avg')}  (median of 5, CPU time)")
for name, v in ns.items():
    print(f"{name:40s} {v:8.2f} ns/MAC")
def show(label, a, b, goal=None):
    if a not in ns or b not in ns:
        return  # filtered out
    r = ns[a] / ns[b]
    note = ""
    if goal is not None:
        kind, bound = goal
        ok = r <= bound if kind == "<=" else r >= bound
        note = f"  (goal {kind} {bound}x: {'met' if ok else 'MISSED'})"
    print(f"{label:48s} {r:6.2f}x{note}")
show("fxp runtime / plain int64", "fxp_runtime", "plain_int64", ("<=", 3))
show("fxp runtime+stats / plain int64", "fxp_runtime_stats", "plain_int64")
show("counters off, run-time null / compile-time null", "fxp_runtime_stats_off_runtime_null", "fxp_runtime")
show("fxp stoch8 / plain int64 stoch8", "fxp_runtime_stoch8", "plain_int64_stoch8")
show("fxp typed / plain int64", "fxp_typed", "plain_int64")
show("sc_fixed / fxp runtime", "sc_fixed", "fxp_runtime", (">=", 30))
PY
