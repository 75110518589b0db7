#include "model/golden/rate_bptt.h"

#include <algorithm>
#include <vector>

namespace fxprop::golden {

RateBptt::RateBptt(const NetworkConfig& net) : net_(net) {}

void RateBptt::reset(std::size_t steps) {
  steps_ = steps;
  const auto n = static_cast<std::size_t>(net_.n_rec);
  if (h_.rows() != steps) {
    slope_.assign(steps, n);
    h_.assign(steps, n);
    h_prev_.assign(steps, n);
    err_.assign(steps, static_cast<std::size_t>(net_.n_out));
  }
}

void RateBptt::record(std::size_t t, const RateNetwork& net, const double* readout_error) {
  std::copy(net.slope().begin(), net.slope().end(), slope_.row(t));
  std::copy(net.h().begin(), net.h().end(), h_.row(t));
  std::copy(net.h_prev().begin(), net.h_prev().end(), h_prev_.row(t));
  std::copy(readout_error, readout_error + err_.cols(), err_.row(t));
}

void RateBptt::backward(const Weights& w, const Matrix<double>& input, bool through_recurrence, Gradients& g) const {
  const auto n = static_cast<std::size_t>(net_.n_rec);
  const auto n_out = static_cast<std::size_t>(net_.n_out);
  const double leak = 1.0 / net_.rate_tau;
  std::vector<double> gh(n), gu(n), gu_next(n, 0.0), gh_next(n, 0.0);
  for (std::size_t t = steps_; t-- > 0;) {
    const double* err = err_.row(t);
    for (std::size_t i = 0; i < n; ++i) {
      const double* wo = w.w_out.row(i);
      double acc = 0.0;
      for (std::size_t k = 0; k < n_out; ++k) acc += wo[k] * err[k];
      acc += (1.0 - leak) * gh_next[i];
      if (through_recurrence) {
        const double* wr = w.w_rec.row(i);
        double r = 0.0;
        for (std::size_t l = 0; l < n; ++l) r += wr[l] * gu_next[l];
        acc += r;
      }
      gh[i] = acc;
    }
    const double* slope = slope_.row(t);
    for (std::size_t i = 0; i < n; ++i) gu[i] = gh[i] * slope[i] * leak;
    const double* hp = h_prev_.row(t);
    for (std::size_t j = 0; j < n; ++j) {
      double* gj = g.w_rec.row(j);
      for (std::size_t i = 0; i < n; ++i) gj[i] += hp[j] * gu[i];
      if (!net_.autapses) gj[j] = 0.0;
    }
    const double* x = input.row(t);
    for (std::size_t m = 0; m < g.w_in.rows(); ++m) {
      if (x[m] == 0.0) continue;
      double* gm = g.w_in.row(m);
      for (std::size_t i = 0; i < n; ++i) gm[i] += x[m] * gu[i];
    }
    const double* h = h_.row(t);
    for (std::size_t i = 0; i < n; ++i) {
      double* gi = g.w_out.row(i);
      for (std::size_t k = 0; k < n_out; ++k) gi[k] += h[i] * err[k];
    }
    gh_next.swap(gh);
    gu_next.swap(gu);
  }
}

}  // namespace fxprop::golden
