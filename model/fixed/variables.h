// The variables of the learning core (docs/learning-core.md, section 1).
//
// A Site is a variable the core writes through a requantisation: it has its own
// Spec (format, rounding, overflow), its own counters and, for stochastic
// rounding, its own LFSR stream. The enumerator value is the site's stream id
// (Lfsr32::for_stream(run.seed, id)) and its index in per-site arrays; the order
// is the RTL's site order, so one table of seeds serves every execution.
//
// A HostValue is written once by the host (quantised from a float with
// round-to-nearest): the random feedback matrix, the constants and the
// learning-rate multiplier. It is configured by its format only.
#pragma once

namespace fxprop::fixed {

enum class Site : int {
  i_syn,         // synaptic current accumulator (transient)
  v,             // membrane potential
  a,             // adaptation variable (ALIF)
  thr_adaptive,  // adaptive threshold A = thr + beta a (ALIF, transient)
  psi,           // pseudo-derivative
  zbar,          // presynaptic traces of inputs and recurrent neurons
  zbar_out,      // kappa-filtered traces of recurrent neurons (W_out gradient)
  y,             // readout
  err,           // output error
  l,             // learning signal
  lpsi,          // L psi, the post factor of the factorised rule (transient)
  e,             // eligibility (exact variant, transient)
  eps_a,         // adaptation eligibility (exact variant, ALIF posts)
  ebar,          // kappa-filtered eligibility (exact variant)
  grad_acc,      // gradient accumulator (per_trial schedule)
  w_in,          // input weights
  w_rec,         // recurrent weights
  w_out,         // output weights
};
inline constexpr int kSiteCount = 18;
inline constexpr int index(Site s) { return static_cast<int>(s); }

enum class HostValue : int { b, alpha, rho, kappa, thr, beta, psi_peak, inv_thr, lr };
inline constexpr int kHostValueCount = 9;
inline constexpr int index(HostValue v) { return static_cast<int>(v); }

// The [fixed.formats] key ("i_syn", "w_out", ...) and a few words on what it is.
const char* key(Site s);
const char* key(HostValue v);
const char* description(Site s);
const char* description(HostValue v);

}  // namespace fxprop::fixed
