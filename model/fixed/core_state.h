// The explicit state of the learning core, as raws in plain contiguous int64
// arrays (docs/learning-core.md, section 1): what the RTL keeps in its registers
// and memories. Matrices are [pre][post], row-major, as in the golden model.
#pragma once

#include <cstdint>
#include <vector>

#include "model/common/matrix.h"
#include "model/fixed/datapath.h"

namespace fxprop::fixed {

// Per-neuron, per-source and per-output registers.
struct NeuronState {
  std::vector<std::int64_t> i_syn;         // (n_rec) I[t], transient
  std::vector<std::int64_t> v, a;          // (n_rec)
  std::vector<std::int64_t> thr_adaptive;  // (n_rec) A of ALIF neurons (LIF entries stay 0: their A is thr)
  std::vector<std::int64_t> psi;           // (n_rec)
  std::vector<std::int32_t> refractory;    // (n_rec)
  std::vector<std::uint8_t> z, z_prev;     // (n_rec) z[t], z[t-1]
  std::vector<std::int64_t> zbar_in;       // (n_in)
  std::vector<std::int64_t> zbar_rec;      // (n_rec)
  std::vector<std::int64_t> zbar_out;      // (n_rec)
  std::vector<std::int64_t> l, lpsi;       // (n_rec) written on loss-mask steps only
  std::vector<std::int64_t> y, err;        // (n_out)

  explicit NeuronState(const Datapath& dp);
  NeuronState() = default;
  // Start of a trial: everything to 0.
  void clear();
};

// Per-synapse memories. Matrices a configuration does not use are empty.
struct SynapseState {
  Matrix<std::int64_t> w_in;   // (n_in, n_rec)
  Matrix<std::int64_t> w_rec;  // (n_rec, n_rec), zero diagonal
  Matrix<std::int64_t> w_out;  // (n_rec, n_out)
  Matrix<std::int64_t> b;      // (n_rec, n_out) random feedback
  // Exact variant: filtered eligibility [pre][post] and the adaptation eligibility of the
  // ALIF posts [pre][post - n_lif].
  Matrix<std::int64_t> ebar_in, ebar_rec;
  Matrix<std::int64_t> eps_a_in, eps_a_rec;
  // per_trial schedule: gradient accumulators [pre][post].
  Matrix<std::int64_t> acc_in, acc_rec, acc_out;

  explicit SynapseState(const Datapath& dp);
  SynapseState() = default;
  // Start of a trial: the eligibility memories to 0 (weights and accumulators persist).
  void clear_eligibility();
};

}  // namespace fxprop::fixed
