#include "model/fixed/core_state.h"

#include <algorithm>

namespace fxprop::fixed {

NeuronState::NeuronState(const Datapath& dp) {
  const auto n = static_cast<std::size_t>(dp.n_rec);
  for (auto* vec : {&i_syn, &v, &a, &thr_adaptive, &psi, &zbar_rec, &zbar_out, &l, &lpsi}) vec->assign(n, 0);
  refractory.assign(n, 0);
  z.assign(n, 0);
  z_prev.assign(n, 0);
  zbar_in.assign(static_cast<std::size_t>(dp.n_in), 0);
  y.assign(static_cast<std::size_t>(dp.n_out), 0);
  err.assign(static_cast<std::size_t>(dp.n_out), 0);
}

void NeuronState::clear() {
  for (auto* vec : {&i_syn, &v, &a, &thr_adaptive, &psi, &zbar_in, &zbar_rec, &zbar_out, &l, &lpsi, &y, &err}) {
    std::fill(vec->begin(), vec->end(), 0);
  }
  std::fill(refractory.begin(), refractory.end(), 0);
  std::fill(z.begin(), z.end(), 0);
  std::fill(z_prev.begin(), z_prev.end(), 0);
}

SynapseState::SynapseState(const Datapath& dp) {
  const auto n_in = static_cast<std::size_t>(dp.n_in);
  const auto n_rec = static_cast<std::size_t>(dp.n_rec);
  const auto n_out = static_cast<std::size_t>(dp.n_out);
  const auto n_alif = static_cast<std::size_t>(dp.n_rec - dp.n_lif);
  w_in.assign(n_in, n_rec);
  w_rec.assign(n_rec, n_rec);
  w_out.assign(n_rec, n_out);
  if (dp.random_feedback) b.assign(n_rec, n_out);
  if (dp.exact) {
    ebar_in.assign(n_in, n_rec);
    ebar_rec.assign(n_rec, n_rec);
    eps_a_in.assign(n_in, n_alif);
    eps_a_rec.assign(n_rec, n_alif);
  }
  if (dp.per_trial) {
    acc_in.assign(n_in, n_rec);
    acc_rec.assign(n_rec, n_rec);
    acc_out.assign(n_rec, n_out);
  }
}

void SynapseState::clear_eligibility() {
  ebar_in.fill(0);
  ebar_rec.fill(0);
  eps_a_in.fill(0);
  eps_a_rec.fill(0);
}

}  // namespace fxprop::fixed
