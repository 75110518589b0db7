#include "model/golden/rate_network.h"

#include <algorithm>
#include <cmath>

namespace fxprop::golden {

RateNetwork::RateNetwork(const NetworkConfig& net)
    : tau_(net.rate_tau), h0_(net.rate_h0), notebook_slope_(net.tanh_derivative == TanhDerivative::kNotebook) {
  const auto n = static_cast<std::size_t>(net.n_rec);
  u_.resize(n);
  h_.resize(n);
  h_prev_.resize(n);
  slope_.resize(n);
  y_.resize(static_cast<std::size_t>(net.n_out));
  reset();
}

void RateNetwork::reset() {
  std::fill(u_.begin(), u_.end(), 0.0);
  std::fill(h_.begin(), h_.end(), h0_);
  std::fill(h_prev_.begin(), h_prev_.end(), h0_);
  std::fill(slope_.begin(), slope_.end(), 0.0);
  std::fill(y_.begin(), y_.end(), 0.0);
}

void RateNetwork::step(const Weights& w, const double* x) {
  const std::size_t n_rec = h_.size();
  h_prev_.swap(h_);
  std::fill(u_.begin(), u_.end(), 0.0);
  double* __restrict u = u_.data();
  for (std::size_t j = 0; j < n_rec; ++j) {
    const double hj = h_prev_[j];
    const double* __restrict row = w.w_rec.row(j);
    for (std::size_t i = 0; i < n_rec; ++i) u[i] += hj * row[i];
  }
  for (std::size_t m = 0; m < w.w_in.rows(); ++m) {
    if (x[m] == 0.0) continue;
    const double* __restrict row = w.w_in.row(m);
    for (std::size_t i = 0; i < n_rec; ++i) u[i] += x[m] * row[i];
  }
  const double leak = 1.0 / tau_;
  for (std::size_t i = 0; i < n_rec; ++i) {
    const double th = std::tanh(u[i]);
    if (notebook_slope_) {
      const double c = std::cosh(10.0 * std::tanh(u[i] / 10.0));
      slope_[i] = 1.0 / (c * c);
    } else {
      slope_[i] = 1.0 - th * th;
    }
    h_[i] = h_prev_[i] + (th - h_prev_[i]) * leak;
  }
  std::fill(y_.begin(), y_.end(), 0.0);
  for (std::size_t i = 0; i < n_rec; ++i) {
    const double* row = w.w_out.row(i);
    for (std::size_t k = 0; k < y_.size(); ++k) y_[k] += h_[i] * row[k];
  }
}

}  // namespace fxprop::golden
