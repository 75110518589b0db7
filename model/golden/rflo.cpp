#include "model/golden/rflo.h"

namespace fxprop::golden {

RfloGradient::RfloGradient(const NetworkConfig& net)
    : tau_(net.rate_tau),
      autapses_(net.autapses),
      p_(static_cast<std::size_t>(net.n_rec), static_cast<std::size_t>(net.n_rec)),
      q_(static_cast<std::size_t>(net.n_in), static_cast<std::size_t>(net.n_rec)),
      drive_(static_cast<std::size_t>(net.n_rec)) {}

void RfloGradient::reset() {
  p_.fill(0.0);
  q_.fill(0.0);
}

namespace {
void trace_rows(Matrix<double>& trace, const double* pre, const double* __restrict drive, double keep,
                const double* L, Matrix<double>& g, bool zero_diagonal) {
  const std::size_t n = trace.cols();
  for (std::size_t j = 0; j < trace.rows(); ++j) {
    const double pj = pre[j];
    double* __restrict p = trace.row(j);
    double* __restrict gj = g.row(j);
    for (std::size_t i = 0; i < n; ++i) p[i] = keep * p[i] + drive[i] * pj;
    if (L != nullptr) {
      for (std::size_t i = 0; i < n; ++i) gj[i] += L[i] * p[i];
      if (zero_diagonal) gj[j] = 0.0;
    }
  }
}
}  // namespace

void RfloGradient::step(const double* x, const RateNetwork& net, const double* learning_signal,
                        const double* readout_error, Gradients& g) {
  const double leak = 1.0 / tau_;
  for (std::size_t i = 0; i < drive_.size(); ++i) drive_[i] = leak * net.slope()[i];
  trace_rows(p_, net.h_prev().data(), drive_.data(), 1.0 - leak, learning_signal, g.w_rec, !autapses_);
  trace_rows(q_, x, drive_.data(), 1.0 - leak, learning_signal, g.w_in, false);
  if (readout_error != nullptr) {
    const std::size_t n_out = g.w_out.cols();
    for (std::size_t i = 0; i < net.h().size(); ++i) {
      double* gi = g.w_out.row(i);
      for (std::size_t k = 0; k < n_out; ++k) gi[k] += readout_error[k] * net.h()[i];
    }
  }
}

}  // namespace fxprop::golden
