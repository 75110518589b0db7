#include "model/golden/spiking_bptt.h"

namespace fxprop::golden {

SpikingBptt::SpikingBptt(const NetworkConfig& net)
    : net_(net),
      decays_(decays(net)),
      input_scale_(input_scale(net)),
      beta_(neuron_beta(net)) {}

void SpikingBptt::reset(std::size_t steps) {
  steps_ = steps;
  const auto n_rec = static_cast<std::size_t>(net_.n_rec);
  if (psi_.rows() != steps) {
    psi_.assign(steps, n_rec);
    z_.assign(steps, n_rec);
    err_.assign(steps, static_cast<std::size_t>(net_.n_out));
  }
}

void SpikingBptt::record(std::size_t t, const SpikingNetwork& net, const double* readout_error) {
  std::copy(net.psi().begin(), net.psi().end(), psi_.row(t));
  std::copy(net.z().begin(), net.z().end(), z_.row(t));
  std::copy(readout_error, readout_error + err_.cols(), err_.row(t));
}

void SpikingBptt::backward(const Weights& w, const Matrix<double>& input, BpttPaths paths,
                           const std::vector<double>& rate_factor, Gradients& g, Matrix<double>* explicit_signal) const {
  const std::size_t n_rec = static_cast<std::size_t>(net_.n_rec);
  const std::size_t n_in = static_cast<std::size_t>(net_.n_in);
  const std::size_t n_out = static_cast<std::size_t>(net_.n_out);
  const double alpha = decays_.alpha;
  const double rho = decays_.rho;
  const double kappa = decays_.kappa;
  const double s = input_scale_;
  std::vector<double> gy(n_out, 0.0), gz(n_rec), gv(n_rec), ga(n_rec), gv_next(n_rec, 0.0), ga_next(n_rec, 0.0);
  if (explicit_signal != nullptr) explicit_signal->assign(steps_, n_rec);

  for (std::size_t t = steps_; t-- > 0;) {
    const double* err = err_.row(t);
    for (std::size_t k = 0; k < n_out; ++k) gy[k] = err[k] + kappa * gy[k];
    for (std::size_t j = 0; j < n_rec; ++j) {
      const double* wo = w.w_out.row(j);
      double acc = 0.0;
      for (std::size_t k = 0; k < n_out; ++k) acc += wo[k] * gy[k];
      double gzj = (1.0 - kappa) * acc;
      if (!rate_factor.empty()) gzj += rate_factor[j];
      if (paths.recurrence) {
        const double* wr = w.w_rec.row(j);
        double r = 0.0;
        for (std::size_t l = 0; l < n_rec; ++l) r += wr[l] * gv_next[l];
        gzj += s * r;
      }
      if (paths.reset) gzj -= net_.thr * gv_next[j];
      if (explicit_signal != nullptr) (*explicit_signal)(t, j) = gzj;
      gz[j] = gzj + ga_next[j];
    }
    const double* psi = psi_.row(t);
    for (std::size_t j = 0; j < n_rec; ++j) {
      gv[j] = psi[j] * gz[j] + alpha * gv_next[j];
      ga[j] = -beta_[j] * psi[j] * gz[j] + rho * ga_next[j];
    }
    const double* x = input.row(t);
    for (std::size_t i = 0; i < n_in; ++i) {
      if (x[i] == 0.0) continue;
      const double c = s * x[i];
      double* gi = g.w_in.row(i);
      for (std::size_t j = 0; j < n_rec; ++j) gi[j] += c * gv[j];
    }
    if (t > 0) {
      const double* zp = z_.row(t - 1);
      for (std::size_t i = 0; i < n_rec; ++i) {
        if (zp[i] == 0.0) continue;
        double* gi = g.w_rec.row(i);
        for (std::size_t j = 0; j < n_rec; ++j) gi[j] += s * gv[j];
        gi[i] = 0.0;
      }
    }
    const double* z = z_.row(t);
    for (std::size_t j = 0; j < n_rec; ++j) {
      if (z[j] == 0.0) continue;
      double* gj = g.w_out.row(j);
      for (std::size_t k = 0; k < n_out; ++k) gj[k] += (1.0 - kappa) * gy[k];
    }
    gv_next.swap(gv);
    ga_next.swap(ga);
  }
}

}  // namespace fxprop::golden
