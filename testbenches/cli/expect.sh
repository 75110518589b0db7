#!/usr/bin/env bash
# expect.sh RC REGEX [--no-files DIR] -- COMMAND...
# Runs COMMAND; passes only if it exits with RC, its combined output matches the
# extended regex REGEX, and (with --no-files) DIR does not exist or is empty
# afterwards: the CLI's promise for bad input is "clear error, non-zero exit,
# nothing written".
set -u
want_rc=$1; regex=$2; shift 2
nofiles=""
if [ "${1:-}" = "--no-files" ]; then nofiles=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
out=$("$@" 2>&1); rc=$?
fail=0
if [ "$rc" != "$want_rc" ]; then echo "FAIL: exit code $rc, expected $want_rc"; fail=1; fi
if ! printf '%s' "$out" | grep -Eq -- "$regex"; then echo "FAIL: output does not match /$regex/"; fail=1; fi
if [ -n "$nofiles" ] && [ -d "$nofiles" ] && [ -n "$(ls -A "$nofiles")" ]; then
  echo "FAIL: files were written to $nofiles:"; ls -lA "$nofiles"; fail=1
fi
if [ $fail = 1 ]; then echo "--- command: $*"; echo "--- output:"; printf '%s\n' "$out"; exit 1; fi
exit 0
