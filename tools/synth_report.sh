#!/usr/bin/env bash
# Synthesises fxprop_core with Yosys and writes the synthesis report: cells, flip-flops and
# memory bits per block, and every memory's shape. The committed rtl/synth_report.txt is
# this script's output for the default configuration, so area drift shows up in review;
# ctest rtl_synth_report_current fails when it is out of date.
#
#   tools/synth_report.sh [--yosys BIN] [--out FILE] [--stat-json FILE] [CONFIG]
#   CONFIG: default (default), w8; --stat-json keeps Yosys' `stat -json` output.
#
# Flow: `synth -top fxprop_core` up to its fine stage, then the fine stage without
# memory_map, so every fxprop_sram stays one $mem_v2 cell (an SRAM macro in a real flow)
# instead of being expanded into flip-flops; then `check -assert` (no latches, no multiple
# drivers, no combinational loops, no undriven signals): any finding fails the script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
yosys=yosys
out=
stat_json=
cfg=default
while [ $# -gt 0 ]; do
  case "$1" in
    --yosys) yosys=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --stat-json) stat_json=$2; shift 2 ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) cfg=$1; shift ;;
  esac
done
[ -n "$out" ] || out="$root/rtl/synth_report.txt"
incdir="$root/rtl/cfg/$cfg"
[ -f "$incdir/fxprop_cfg.svh" ] || { echo "synth_report.sh: no configuration $incdir/fxprop_cfg.svh" >&2; exit 2; }

sources=$(sed -n '/^set(FXPROP_RTL_SOURCES/,/CACHE INTERNAL/p' "$root/rtl/CMakeLists.txt" |
          grep -o '[a-z_0-9]*\.sv' | sed "s|^|$root/rtl/|" | tr '\n' ' ')
tmp=$(mktemp -d)
if [ -n "${SYNTH_REPORT_KEEP:-}" ]; then echo "synth_report.sh: keeping $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi

"$yosys" -q -l "$tmp/yosys.log" -p "
  read_verilog -sv -I$incdir $sources
  synth -top fxprop_core -run begin:fine
  opt -fast -full
  opt -full
  techmap
  opt -fast
  abc -fast
  opt -fast
  hierarchy -check
  check -assert
  tee -q -o $tmp/stat.json stat -json
  tee -q -o $tmp/cells.txt dump fxprop_core/t:\$paramod* fxprop_core/t:fxprop_*
  tee -q -o $tmp/mems.txt dump t:\$mem_v2
"
version=$("$yosys" -V)
python3 "$root/tools/synth_report.py" --config "$cfg" --yosys-version "$version" \
  --stat "$tmp/stat.json" --cells "$tmp/cells.txt" --mems "$tmp/mems.txt" > "$tmp/report.txt"
mkdir -p "$(dirname "$out")"
cp "$tmp/report.txt" "$out"
[ -z "$stat_json" ] || cp "$tmp/stat.json" "$stat_json"
echo "synth_report.sh: wrote $out"
