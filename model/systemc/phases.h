// The phases of the learning core's commands (docs/microarchitecture.md section 6):
// the RTL's phase codes, in the order they run, and which energy phase
// (model/energy/action_counts.h) each one's work is priced under.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "model/energy/action_counts.h"

namespace fxprop::systemc {

enum class RtlPhase : int {
  trace_in = 1,   // STEP: zbar of the inputs
  integ = 2,      // STEP: I += W rows of active inputs and of neurons that spiked at t-1
  neuron = 3,     // STEP: v, a, A, psi, z, refractory, zbar_rec, zbar_out
  ro_acc = 4,     // STEP: S_k += W_out[j][k] of the neurons that spike at t
  readout = 5,    // STEP: y, err
  lsig = 6,       // STEP (loss mask): L, lpsi
  syn = 7,        // STEP (exact, or loss mask): eligibility and W_in / W_rec updates
  out = 8,        // STEP (loss mask): W_out updates
  clr_n = 9,      // CLEAR: neuron memories to 0
  clr_s = 10,     // CLEAR (exact): ebar, eps_a to 0
  clracc_s = 11,  // CLRACC: grad_acc of W_in / W_rec to 0
  clracc_o = 12,  // CLRACC: grad_acc of W_out to 0
  apply_s = 13,   // APPLY: W_in / W_rec = q(W - lr acc)
  apply_o = 14,   // APPLY: W_out
};
inline constexpr std::size_t kNumRtlPhases = 14;
inline constexpr std::array<RtlPhase, kNumRtlPhases> kAllRtlPhases = {
    RtlPhase::trace_in, RtlPhase::integ,  RtlPhase::neuron,   RtlPhase::ro_acc,   RtlPhase::readout,
    RtlPhase::lsig,     RtlPhase::syn,    RtlPhase::out,      RtlPhase::clr_n,    RtlPhase::clr_s,
    RtlPhase::clracc_s, RtlPhase::clracc_o, RtlPhase::apply_s, RtlPhase::apply_o,
};
inline constexpr std::size_t slot(RtlPhase p) { return static_cast<std::size_t>(p) - 1; }

// "TRACE_IN", "INTEG", ... as in docs/microarchitecture.md.
std::string_view rtl_phase_name(RtlPhase p);

// The energy phase a command phase's cycles are charged to (SYN: weight_update on
// steps that update, eligibility otherwise; CLEAR and CLRACC phases: the phase whose
// state they zero).
energy::Phase energy_phase(RtlPhase p, bool updating);

}  // namespace fxprop::systemc
