#!/usr/bin/env bash
# expect.sh RC REGEX [--no-files DIR] [--no-stdout] -- COMMAND...
# Runs COMMAND; passes only if it exits with RC, its combined output matches the
# extended regex REGEX, (with --no-files) DIR does not exist or is empty
# afterwards, and (with --no-stdout) nothing was printed to stdout: the CLI's
# promise for bad input is "clear error, non-zero exit, nothing written".
set -u
want_rc=$1; regex=$2; shift 2
nofiles=""
nostdout=0
while :; do
  case "${1:-}" in
    --no-files) nofiles=$2; shift 2 ;;
    --no-stdout) nostdout=1; shift ;;
    *) break ;;
  esac
done
[ "${1:-}" = "--" ] && shift
fail=0
if [ $nostdout = 1 ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  "$@" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
  out=$(cat "$tmp/stdout" "$tmp/stderr")
  if [ -s "$tmp/stdout" ]; then echo "FAIL: something was written to stdout"; fail=1; fi
else
  out=$("$@" 2>&1); rc=$?
fi
if [ "$rc" != "$want_rc" ]; then echo "FAIL: exit code $rc, expected $want_rc"; fail=1; fi
if ! printf '%s' "$out" | grep -Eq -- "$regex"; then echo "FAIL: output does not match /$regex/"; fail=1; fi
if [ -n "$nofiles" ] && [ -d "$nofiles" ] && [ -n "$(ls -A "$nofiles")" ]; then
  echo "FAIL: files were written to $nofiles:"; ls -lA "$nofiles"; fail=1
fi
if [ $fail = 1 ]; then echo "--- command: $*"; echo "--- output:"; printf '%s\n' "$out"; exit 1; fi
exit 0
