#include "model/golden/spiking_network.h"

#include <algorithm>
#include <cmath>

namespace fxprop::golden {

SpikingNetwork::SpikingNetwork(const NetworkConfig& net)
    : net_(net),
      decays_(decays(net)),
      input_scale_(golden::input_scale(net)),
      beta_(neuron_beta(net)),
      first_alif_(static_cast<std::size_t>(net.n_lif())) {
  const auto n = static_cast<std::size_t>(net.n_rec);
  v_.resize(n);
  a_.resize(n);
  threshold_.resize(n);
  z_.resize(n);
  z_prev_.resize(n);
  psi_.resize(n);
  current_.resize(n);
  refractory_.resize(n);
  y_.resize(static_cast<std::size_t>(net.n_out));
  readout_drive_.resize(static_cast<std::size_t>(net.n_out));
  reset();
}

void SpikingNetwork::reset() {
  std::fill(v_.begin(), v_.end(), 0.0);
  std::fill(a_.begin(), a_.end(), 0.0);
  std::fill(threshold_.begin(), threshold_.end(), net_.thr);
  std::fill(z_.begin(), z_.end(), 0.0);
  std::fill(z_prev_.begin(), z_prev_.end(), 0.0);
  std::fill(psi_.begin(), psi_.end(), 0.0);
  std::fill(refractory_.begin(), refractory_.end(), 0);
  std::fill(y_.begin(), y_.end(), 0.0);
}

void SpikingNetwork::step(const Weights& w, const double* x) {
  const std::size_t n_rec = v_.size();
  const std::size_t n_in = w.w_in.rows();
  const std::size_t n_out = y_.size();
  z_prev_.swap(z_);

  // Synaptic current, event-driven: only active inputs and spiking neurons add their rows.
  std::fill(current_.begin(), current_.end(), 0.0);
  double* __restrict cur = current_.data();
  for (std::size_t i = 0; i < n_in; ++i) {
    const double xi = x[i];
    if (xi == 0.0) continue;
    const double* __restrict row = w.w_in.row(i);
    if (xi == 1.0) {
      for (std::size_t j = 0; j < n_rec; ++j) cur[j] += row[j];
    } else {
      for (std::size_t j = 0; j < n_rec; ++j) cur[j] += xi * row[j];
    }
  }
  for (std::size_t i = 0; i < n_rec; ++i) {
    if (z_prev_[i] == 0.0) continue;
    const double* __restrict row = w.w_rec.row(i);
    for (std::size_t j = 0; j < n_rec; ++j) cur[j] += row[j];
  }

  const double alpha = decays_.alpha;
  const double rho = decays_.rho;
  const double thr = net_.thr;
  const double psi_scale = net_.gamma / thr;
  const bool strict = net_.spike_test == SpikeTest::kGreater;
  for (std::size_t j = 0; j < n_rec; ++j) {
    refractory_[j] = std::max(refractory_[j] - 1, 0);
    if (j >= first_alif_) a_[j] = rho * a_[j] + z_prev_[j];
    const double A = thr + beta_[j] * a_[j];
    threshold_[j] = A;
    v_[j] = alpha * v_[j] + input_scale_ * cur[j] - thr * z_prev_[j];
    if (refractory_[j] > 0) {
      z_[j] = 0.0;
      psi_[j] = 0.0;
      continue;
    }
    const double d = v_[j] - A;
    const bool spike = strict ? d > 0.0 : d >= 0.0;
    z_[j] = spike ? 1.0 : 0.0;
    psi_[j] = psi_scale * std::max(0.0, 1.0 - std::abs(d) / thr);
    if (spike) refractory_[j] = net_.n_ref;
  }

  // Leaky readout of this step's spikes, event-driven.
  std::fill(readout_drive_.begin(), readout_drive_.end(), 0.0);
  for (std::size_t j = 0; j < n_rec; ++j) {
    if (z_[j] == 0.0) continue;
    const double* row = w.w_out.row(j);
    for (std::size_t k = 0; k < n_out; ++k) readout_drive_[k] += row[k];
  }
  const double kappa = decays_.kappa;
  for (std::size_t k = 0; k < n_out; ++k) y_[k] = kappa * y_[k] + (1.0 - kappa) * readout_drive_[k];
}

}  // namespace fxprop::golden
