// ANALYTIC, NOT SIMULATED. Cycles and action counts of this project's learning
// core (docs/microarchitecture.md) for one batch of trials, computed from the
// cycle formulas of microarchitecture.md section 7 and the per-phase memory
// accesses of its section 6 table, evaluated on a recorded activity trace
// (per step: active inputs, spikes, nonzero traces, loss mask), e.g. one trial
// of the fixed-point model. It stands in for the SystemC model's counters until
// that model exists; reports made from it carry the source
// "analytic: microarchitecture formulas on ... (not simulated)".
//
// Mapping of the RTL phases (microarchitecture.md section 6) to energy phases:
//   TRACE_IN -> traces; INTEG -> integrate; NEURON -> neuron (its fused updates of
//   zbar_rec and zbar_out, with their memory accesses, are booked under traces with
//   no cycles of their own); RO_ACC, READOUT -> readout; LSIG -> learning_signal;
//   SYN -> eligibility (exact variant) or weight_update (factorised; in the exact
//   variant its gradient and weight/accumulator work is booked under weight_update
//   with no cycles of its own); OUT -> weight_update; APPLY_S, APPLY_O -> apply.
//   CLEAR and CLRACC are listed in the cycle table but not priced (they only zero
//   memories; no energy phase holds them). host_io is not counted.
// Assumptions beyond the two tables (the SystemC model will replace them):
//   - one word access per memory the table lists, per item; a per-row value
//     (the row's zbar, a post's L) is read once per row;
//   - the factorised SYN reads the psi and L words of the posts (lpsi is not in
//     the energy model's memory map, model/energy/memory_builder.h);
//   - arithmetic per busy lane as in docs/learning-core.md section 2 (multiplies by
//     constants of the widths given below, one requantisation per written variable,
//     K random bits per stochastic requantisation);
//   - every matrix learns (learning.train_* all true).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/energy/action_counts.h"
#include "model/energy/memory_builder.h"
#include "model/energy/memory_map.h"

namespace fxprop::energy {

// What happened in one timestep of the core (the n_x, n_z', n_z, n_zb, n_zo, m of
// microarchitecture.md section 7).
struct StepActivity {
  std::uint32_t inputs_active = 0;       // n_x: inputs with x[t] = 1
  std::uint32_t spikes_prev = 0;         // n_z': recurrent spikes at t-1
  std::uint32_t spikes = 0;              // n_z: recurrent spikes at t
  std::uint32_t traces_nonzero = 0;      // n_zb: nonzero row traces (inputs and neurons) after the step
  std::uint32_t out_traces_nonzero = 0;  // n_zo: nonzero zbar_out after the step
  bool loss_mask = false;                // m
};

// The core as the counts need it: sizes, lanes, variant, schedule and feedback,
// stored widths (CoreDescription), plus the datapath facts that set operand widths.
struct AnalyticCore {
  CoreDescription core;
  bool form_b = false;  // neuron form b: I enters v without the (1 - alpha) factor
  // Widths of the constants the datapath multiplies by (host-written formats).
  int alpha_bits = 16, rho_bits = 16, kappa_bits = 16, beta_bits = 16, psi_peak_bits = 16, inv_thr_bits = 16;
  int lpsi_bits = 16, e_bits = 16, thr_adaptive_bits = 16;
  int lr_bits = 0;  // 0: learning rate applied as a shift (lr_mode = "shift"), else the multiplier width
  // Random bits per requantisation of a site ("w_in", "grad_acc", ... = the [fixed.formats]
  // keys); sites absent or 0 round deterministically.
  std::map<std::string, int, std::less<>> stoch_bits;
  int stoch(std::string_view site) const;
};

// RTL phases (microarchitecture.md section 6), in order.
inline constexpr std::size_t kNumRtlPhases = 14;
inline constexpr std::array<std::string_view, kNumRtlPhases> kRtlPhaseNames = {
    "TRACE_IN", "INTEG", "NEURON", "RO_ACC", "READOUT", "LSIG", "SYN",
    "OUT",      "CLR_N", "CLR_S",  "CLRACC_S", "CLRACC_O", "APPLY_S", "APPLY_O"};

struct AnalyticCycles {
  std::array<std::uint64_t, kNumRtlPhases> phase{};  // summed over the steps given
  std::uint64_t step_cycles = 0;    // STEP commands
  std::uint64_t clear_cycles = 0;   // CLEAR commands (one per trial)
  std::uint64_t clracc_cycles = 0;  // CLRACC (once per run; not included in total)
  std::uint64_t apply_cycles = 0;   // APPLY commands (per_trial: one per batch)
  std::uint64_t total() const { return step_cycles + clear_cycles + apply_cycles; }
};

// Cycles of one trial per the formulas (STEP per step, one CLEAR, CLRACC once, APPLY
// once when the schedule is per_trial). std::invalid_argument if an activity exceeds
// the sizes (more active inputs than n_in, ...).
AnalyticCycles analytic_cycles(const AnalyticCore& a, const std::vector<StepActivity>& trial);

// Counts of `trials` trials that each follow `trial` (one batch), plus one APPLY at
// the end when the schedule is per_trial. Memory names are those of
// build_memory_map(a.core). `source` becomes ActionCounts::source.
ActionCounts analytic_core_counts(const AnalyticCore& a, const std::vector<StepActivity>& trial, std::uint64_t trials,
                                  const std::string& source);

}  // namespace fxprop::energy
