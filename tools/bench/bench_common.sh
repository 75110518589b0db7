# Sourced by run_fixed.sh and run_systemc.sh: the command line [TRIALS] [ROUNDS] [N_REC ...]
# (defaults 10, 5, 100), building the benchmark, the machine line, one run per size.
#   bench_main TARGET "$@"
bench_main() {
  local target=$1
  shift
  local root build trials rounds
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  build=${BUILD_DIR:-$root/build}
  trials=${1:-10}
  rounds=${2:-5}
  shift $(( $# < 2 ? $# : 2 ))
  local sizes=("$@")
  [ ${#sizes[@]} -eq 0 ] && sizes=(100)
  cmake --build "$build" --target "$target" >/dev/null
  echo "== machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  local n
  for n in "${sizes[@]}"; do
    SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$build/tools/$target" "$trials" "$rounds" "$n"
  done
}
