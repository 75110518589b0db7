#!/usr/bin/env bash
# Reproduces every table of docs/fixed-model.md ("Results"): the minimum width of each
# variable for the two tasks (fxprop sweep, mode min_width, --jobs 1), the ReckOn-like
# configurations against the float model (3 seeds), and the rounding of the weight updates
# (trn / rnd / stoch16) at ReckOn's 8-bit weights with the stalled-update counters of
# fixed_stats.json. Single-threaded throughout (one run at a time).
#   tools/fixed_results.sh [OUT] [PART ...]      OUT default out/fixed_results
#   PART: task_sizes formats pattern_min_width evidence_min_width reckon tables plots (default: all, in this order)
# Environment: FXPROP (default build/tools/fxprop), PYTHON (default /usr/bin/python3, needs
# matplotlib for the plots). An interrupted run resumes: sweeps resume from their results log,
# training runs whose metrics.json exists are not repeated.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fx=${FXPROP:-$root/build/tools/fxprop}
py=${PYTHON:-/usr/bin/python3}
out=${1:-out/fixed_results}
shift $(( $# > 0 ? 1 : 0 ))
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(task_sizes formats pattern_min_width evidence_min_width reckon tables plots)
mkdir -p "$out"
seeds=(1 2 3)

log() { echo "[fixed_results $(date -u +%H:%M:%S)] $*" >&2; }

# train NAME ENGINE CONFIG: one training run into $out/runs/NAME (skipped if already done).
train() {
  local name=$1 engine=$2 cfg=$3 dir=$out/runs/$1
  if [ -s "$dir/metrics.json" ]; then return; fi
  rm -rf "$dir"
  "$fx" train --engine "$engine" --config "$cfg" --out "$dir" > /dev/null
}

# variant SRC DST SEED [SED-EXPR ...]: SRC with run.seed = SEED and the sed expressions applied.
variant() {
  local src=$1 dst=$2 seed=$3
  shift 3
  local args=(-e "s/^\[task\]$/[run]\nseed = $seed\n\n[task]/")
  for e in "$@"; do args+=(-e "$e"); done
  sed "${args[@]}" "$src" > "$dst"
}

# The task configurations at the default formats and at the wide formats of the min_width sweeps
# (their [base.set.fixed.formats]), against float, seeds 1 and 2.
run_formats() {
  mkdir -p "$out/configs"
  for task in pattern evidence; do
    local base=$root/tools/configs/fixed_$task.toml
    local wide=$out/configs/wide_formats_$task.toml
    { echo "[fixed.formats]"
      sed -n '/^\[base.set.fixed.formats\]$/,/^\[\[vary\]\]$/p' "$root/tools/sweeps/${task}_min_width.toml" | grep '^[a-z_]* = "'
    } > "$wide"
    for seed in 1 2; do
      local c=$out/configs/fixed_${task}_s$seed.toml cw=$out/configs/fixed_${task}_wide_s$seed.toml
      variant "$base" "$c" "$seed"
      { cat "$c"; echo; cat "$wide"; } > "$cw"
      log "formats $task seed $seed: float, fixed default formats, fixed wide formats"
      train "formats_${task}_float_s$seed" float "$c"
      train "formats_${task}_default_s$seed" fixed "$c"
      train "formats_${task}_wide_s$seed" fixed "$cw"
    done
  done
}

run_reckon() {
  mkdir -p "$out/configs"
  local weights='s/^\(w_[a-z]* = "s8\.[0-9]\) stoch16 sat"/\1 ROUND sat"/'
  for task in pattern evidence; do
    local base=$root/tools/configs/reckon_like_$task.toml
    for seed in "${seeds[@]}"; do
      local c=$out/configs/reckon_${task}_s$seed.toml
      variant "$base" "$c" "$seed"
      log "reckon $task seed $seed: float, fixed stoch16 / rnd / trn"
      train "reckon_${task}_float_s$seed" float "$c"
      train "reckon_${task}_stoch16_s$seed" fixed "$c"
      for r in rnd trn; do
        local cr=$out/configs/reckon_${task}_${r}_s$seed.toml
        variant "$base" "$cr" "$seed" "${weights/ROUND/$r}"
        train "reckon_${task}_${r}_s$seed" fixed "$cr"
      done
      if [ "$task" = evidence ]; then
        # The same widths with the exact eligibility (per-synapse ebar, eps_a at their default formats).
        local ce=$out/configs/reckon_${task}_exact_s$seed.toml
        variant "$base" "$ce" "$seed" 's/^eligibility = "factorised"/eligibility = "exact"/'
        log "reckon $task seed $seed: exact eligibility, float and fixed"
        train "reckon_${task}_exact_float_s$seed" float "$ce"
        train "reckon_${task}_exact_stoch16_s$seed" fixed "$ce"
      fi
    done
  done
}

for part in "${parts[@]}"; do
  case $part in
    pattern_min_width|evidence_min_width)
      log "sweep $part"
      "$fx" sweep "$root/tools/sweeps/$part.toml" --jobs 1 --out "$out/$part" > "$out/$part.log" 2>&1 \
        || { cat "$out/$part.log"; exit 1; }
      ;;
    task_sizes)
      for s in task_size_pattern task_size_evidence task_size_evidence_variants; do
        log "sweep $s (float engine)"
        "$fx" sweep "$root/tools/sweeps/$s.toml" --jobs 1 --out "$out/$s" > "$out/$s.log" 2>&1 || { cat "$out/$s.log"; exit 1; }
      done
      ;;
    formats) run_formats ;;
    reckon) run_reckon ;;
    tables) "$py" "$root/tools/fixed_results_tables.py" "$out" | tee "$out/tables.md" ;;
    plots)
      for s in pattern_min_width evidence_min_width; do
        [ -d "$out/$s" ] && "$py" "$root/tools/plot/plot_sweep.py" "$out/$s" > /dev/null
      done
      ;;
    *) echo "fixed_results.sh: unknown part '$part' (allowed: task_sizes formats pattern_min_width evidence_min_width reckon tables plots)" >&2; exit 2 ;;
  esac
done
log "done: $out"
