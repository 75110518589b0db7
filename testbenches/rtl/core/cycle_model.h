// Copyright fxprop contributors.
//
// Cycle counts of fxprop_core per command and per phase, as documented in
// docs/microarchitecture.md ("Cycle formulas"), from the sizes and the event counts of the
// step. The whole-core harness checks the RTL's own counters against these formulas.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace fxtb {

constexpr int kPhases = 15;  // phase codes of fxprop_pkg (0 = idle)
enum Phase : int {
  kPhIdle = 0, kPhTraceIn, kPhInteg, kPhNeuron, kPhRoAcc, kPhReadout, kPhLsig, kPhSyn, kPhOut,
  kPhClrN, kPhClrS, kPhClrAccS, kPhClrAccO, kPhApplyS, kPhApplyO
};

struct Sizes {
  int n_in, n_rec, n_out, lanes;
  int nwi() const { return (n_in + lanes - 1) / lanes; }
  int nwr() const { return (n_rec + lanes - 1) / lanes; }
  int nwo() const { return (n_out + lanes - 1) / lanes; }
};

// Events of one step: inputs active at t, spikes at t-1 and t, nonzero row traces (inputs and
// neurons, after this step's update) and nonzero zbar_out.
struct StepEvents {
  int n_x = 0, n_z_prev = 0, n_z = 0, n_zbar_nz = 0, n_zbar_out_nz = 0;
  bool mask = false;
};

using PhaseCycles = std::array<uint32_t, kPhases>;

// A phase of n items (row words) takes n + 1 cycles; a skipped phase takes none.
inline uint32_t items(long n) { return static_cast<uint32_t>(n + 1); }

inline PhaseCycles step_cycles(const Sizes& s, const StepEvents& e, bool exact) {
  PhaseCycles c{};
  c[kPhTraceIn] = items(s.nwi());
  c[kPhInteg] = items(static_cast<long>(e.n_x + e.n_z_prev) * s.nwr());
  c[kPhNeuron] = items(s.nwr());
  c[kPhRoAcc] = items(static_cast<long>(e.n_z) * s.nwo());
  c[kPhReadout] = items(s.nwo());
  if (e.mask) c[kPhLsig] = items(static_cast<long>(s.n_rec) * s.nwo());
  if (exact) {
    c[kPhSyn] = items(static_cast<long>(s.n_in + s.n_rec) * s.nwr());
  } else if (e.mask) {
    c[kPhSyn] = items(static_cast<long>(e.n_zbar_nz) * s.nwr());
  }
  if (e.mask) c[kPhOut] = items(static_cast<long>(e.n_zbar_out_nz) * s.nwo());
  return c;
}

inline PhaseCycles clear_cycles(const Sizes& s, bool exact) {
  PhaseCycles c{};
  c[kPhClrN] = items(std::max(s.nwi(), s.nwr()));
  if (exact) c[kPhClrS] = items(static_cast<long>(s.n_in + s.n_rec) * s.nwr());
  return c;
}

inline PhaseCycles clracc_cycles(const Sizes& s) {
  PhaseCycles c{};
  c[kPhClrAccS] = items(static_cast<long>(s.n_in + s.n_rec) * s.nwr());
  c[kPhClrAccO] = items(static_cast<long>(s.n_rec) * s.nwo());
  return c;
}

inline PhaseCycles apply_cycles(const Sizes& s) {
  PhaseCycles c{};
  c[kPhApplyS] = items(static_cast<long>(s.n_in + s.n_rec) * s.nwr());
  c[kPhApplyO] = items(static_cast<long>(s.n_rec) * s.nwo());
  return c;
}

inline uint32_t total(const PhaseCycles& c) {
  uint32_t t = 0;
  for (uint32_t v : c) t += v;
  return t;
}

}  // namespace fxtb
