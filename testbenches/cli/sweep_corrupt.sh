#!/usr/bin/env bash
# sweep_corrupt.sh FXPROP SPEC OTHER_SPEC WORKDIR
# A damaged results log is detected on resume (which line, why), the sweep exits 2, and
# nothing in the output directory changes.
set -euo pipefail
. "$(dirname "$0")/sweep_lib.sh"
fx=$1; spec=$2; other=$3; work=$4
rm -rf "$work"; mkdir -p "$work"
"$fx" sweep "$spec" -o "$work/good" -j 2 > /dev/null
lines=$(wc -l < "$work/good/results.jsonl")

check() {  # check NAME REGEX [SPEC] (the damaged copy is in $work/$NAME)
  local d=$work/$1 sp=${3:-$spec}
  local before; before=$(cd "$d" && sha256sum $(ls -A | sort))
  set +e
  "$fx" sweep "$sp" -o "$d" > "$d.out" 2> "$d.err"; rc=$?
  set -e
  [ "$rc" = 2 ] || { cat "$d.err"; fail "$1: exit $rc, expected 2"; }
  grep -Eq "$2" "$d.err" || { cat "$d.err"; fail "$1: message does not match /$2/"; }
  [ ! -s "$d.out" ] || { cat "$d.out"; fail "$1: something was printed to stdout"; }
  [ "$(cd "$d" && sha256sum $(ls -A | sort))" = "$before" ] || fail "$1: the output directory changed"
}
copy() { rm -rf "$work/$1"; cp -r "$work/good" "$work/$1"; }

copy truncated;  head -c -9 "$work/good/results.jsonl" > "$work/truncated/results.jsonl"
check truncated "results.jsonl: line $lines: truncated: the last [0-9]+ bytes have no end of line"
copy flipped     # one byte inside the record of line 3 changed (bit rot)
"$PY" - "$work/flipped/results.jsonl" <<'PYEOF'
import sys
p = sys.argv[1]
lines = open(p, "rb").read().split(b"\n")
b = bytearray(lines[2])
b[50] = ord("X") if b[50] != ord("X") else ord("Y")
lines[2] = bytes(b)
open(p, "wb").write(b"\n".join(lines))
PYEOF
check flipped "results.jsonl: line 3: checksum mismatch \(stored [0-9a-f]{8}, computed [0-9a-f]{8}\)"
copy foreign;    printf 'step,loss\n0,1.5\n' > "$work/foreign/results.jsonl"
check foreign "results.jsonl: line 1: not a sweep results record"
copy appended;   echo '{"hello": "world"}' >> "$work/appended/results.jsonl"
check appended "results.jsonl: line $((lines + 1)): not a sweep results record"
copy other_base  # a sweep with another base configuration pointed at this directory
check other_base "results.jsonl: line 1: made from another base configuration \(base hash [0-9a-f]{16}, this sweep's is [0-9a-f]{16}\)" "$other"
echo "ok: truncated, flipped, foreign, appended and other-base logs rejected with exit 2, nothing changed"
