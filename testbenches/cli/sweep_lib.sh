# Helpers of the sweep CLI tests (sourced).
PY=/usr/bin/python3
fail() { echo "FAIL: $*"; exit 1; }

# Canonical records of a results log: the "run" part (timing, rank) dropped, sorted by key.
canonical() {
  "$PY" - "$1" <<'PYEOF'
import json, sys
recs = []
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)["record"]
        if r.get("kind") == "header":
            continue
        r.pop("run", None)
        recs.append(r)
for r in sorted(recs, key=lambda r: r["key"]):
    print(json.dumps(r, sort_keys=True))
PYEOF
}

# Fails unless every point of the log appears exactly once; prints the number of records.
records_once() {
  "$PY" - "$1" <<'PYEOF'
import collections, json, sys
keys = []
with open(sys.argv[1]) as f:
    lines = f.read().split("\n")
assert lines[-1] == "", "log does not end with a newline"
for line in lines[:-1]:
    r = json.loads(line)["record"]
    if r.get("kind") != "header":
        keys.append(r["key"])
dups = [k for k, n in collections.Counter(keys).items() if n > 1]
assert not dups, "points recorded twice: %s" % dups
print(len(keys))
PYEOF
}

# Fails unless two sweep directories hold the same results: identical tables byte for byte and
# identical canonical records.
same_results() {
  local a=$1 b=$2 f
  for f in points.csv points.json min_width.csv min_width.json; do
    if [ -e "$a/$f" ] || [ -e "$b/$f" ]; then
      cmp -s "$a/$f" "$b/$f" || fail "$f differs between $a and $b"
    fi
  done
  [ "$(canonical "$a/results.jsonl")" = "$(canonical "$b/results.jsonl")" ] || fail "records differ between $a and $b"
}
