#include "model/golden/eprop.h"

#include <algorithm>

namespace fxprop::golden {

namespace {

// Exact-trace kernels for one presynaptic row over a contiguous range of
// postsynaptic neurons; the template flags remove branches from the inner loop
// so that it vectorises.
template <bool kSignal, bool kReg>
void lif_row(std::size_t n, double zb, double kd, const double* __restrict psi, const double* __restrict L,
             double* __restrict eb, double* __restrict g, double* __restrict es) {
  const double c = 1.0 - kd;
  for (std::size_t j = 0; j < n; ++j) {
    const double e = psi[j] * zb;
    eb[j] = kd * eb[j] + c * e;
    if constexpr (kSignal) g[j] += L[j] * eb[j];
    if constexpr (kReg) es[j] += e;
  }
}

template <bool kSignal, bool kReg>
void alif_row(std::size_t n, double zb, double kd, double rho, double beta, const double* __restrict psi,
              const double* __restrict L, double* __restrict eb, double* __restrict eps_a, double* __restrict g,
              double* __restrict es) {
  const double c = 1.0 - kd;
  for (std::size_t m = 0; m < n; ++m) {
    const double e = psi[m] * (zb - beta * eps_a[m]);
    eps_a[m] = rho * eps_a[m] + e;
    eb[m] = kd * eb[m] + c * e;
    if constexpr (kSignal) g[m] += L[m] * eb[m];
    if constexpr (kReg) es[m] += e;
  }
}

template <bool kSignal, bool kReg>
void exact_row(std::size_t n_lif, std::size_t n_rec, double zb, double kd, double rho, double beta, const double* psi,
               const double* L, double* eb, double* eps_a, double* g, double* es) {
  lif_row<kSignal, kReg>(n_lif, zb, kd, psi, L, eb, g, es);
  if (n_rec > n_lif) {
    alif_row<kSignal, kReg>(n_rec - n_lif, zb, kd, rho, beta, psi + n_lif, kSignal ? L + n_lif : nullptr, eb + n_lif,
                            eps_a, kSignal ? g + n_lif : nullptr, kReg ? es + n_lif : nullptr);
  }
}

void axpy(std::size_t n, double a, const double* __restrict x, double* __restrict y) {
  for (std::size_t j = 0; j < n; ++j) y[j] += a * x[j];
}

}  // namespace

EpropGradient::EpropGradient(const NetworkConfig& net, Eligibility variant, double filter_decay, bool track_regularisation)
    : variant_(variant),
      filter_decay_(filter_decay),
      track_reg_(track_regularisation),
      n_lif_(static_cast<std::size_t>(net.n_lif())),
      beta_(net.beta) {
  const Decays d = decays(net);
  alpha_ = d.alpha;
  rho_ = d.rho;
  kappa_ = d.kappa;
  input_scale_ = input_scale(net);
  const auto n_in = static_cast<std::size_t>(net.n_in);
  const auto n_rec = static_cast<std::size_t>(net.n_rec);
  const auto n_alif = static_cast<std::size_t>(net.n_alif);
  zbar_in_.resize(n_in);
  zbar_rec_.resize(n_rec);
  zbar_out_.resize(n_rec);
  signal_psi_.resize(n_rec);
  if (variant_ == Eligibility::kExact) {
    ebar_in_.assign(n_in, n_rec);
    ebar_rec_.assign(n_rec, n_rec);
    eps_a_in_.assign(n_in, n_alif);
    eps_a_rec_.assign(n_rec, n_alif);
  }
  if (track_reg_) {
    e_sum_in_.assign(n_in, n_rec);
    e_sum_rec_.assign(n_rec, n_rec);
  }
}

void EpropGradient::reset() {
  std::fill(zbar_in_.begin(), zbar_in_.end(), 0.0);
  std::fill(zbar_rec_.begin(), zbar_rec_.end(), 0.0);
  std::fill(zbar_out_.begin(), zbar_out_.end(), 0.0);
  ebar_in_.fill(0.0);
  ebar_rec_.fill(0.0);
  eps_a_in_.fill(0.0);
  eps_a_rec_.fill(0.0);
  e_sum_in_.fill(0.0);
  e_sum_rec_.fill(0.0);
}

void EpropGradient::rows(const std::vector<double>& zbar, const double* psi, const double* L, Matrix<double>& ebar,
                         Matrix<double>& eps_a, Matrix<double>& e_sum, Matrix<double>& g, bool recurrent) {
  const std::size_t n_rec = g.cols();
  for (std::size_t i = 0; i < zbar.size(); ++i) {
    const double zb = zbar[i];
    double* gi = g.row(i);
    if (variant_ == Eligibility::kExact) {
      double* eb = ebar.row(i);
      double* ea = eps_a.cols() > 0 ? eps_a.row(i) : nullptr;
      double* es = track_reg_ ? e_sum.row(i) : nullptr;
      if (L != nullptr) {
        track_reg_ ? exact_row<true, true>(n_lif_, n_rec, zb, filter_decay_, rho_, beta_, psi, L, eb, ea, gi, es)
                   : exact_row<true, false>(n_lif_, n_rec, zb, filter_decay_, rho_, beta_, psi, L, eb, ea, gi, es);
      } else {
        track_reg_ ? exact_row<false, true>(n_lif_, n_rec, zb, filter_decay_, rho_, beta_, psi, L, eb, ea, gi, es)
                   : exact_row<false, false>(n_lif_, n_rec, zb, filter_decay_, rho_, beta_, psi, L, eb, ea, gi, es);
      }
    } else if (zb != 0.0) {
      if (L != nullptr) axpy(n_rec, zb, signal_psi_.data(), gi);
      if (track_reg_) axpy(n_rec, zb, psi, e_sum.row(i));
    }
    if (recurrent) {
      gi[i] = 0.0;
      if (track_reg_) e_sum(i, i) = 0.0;
    }
  }
}

void EpropGradient::step(const double* x, const SpikingNetwork& net, const double* learning_signal,
                         const double* readout_error, Gradients& g) {
  const std::vector<double>& z_prev = net.z_prev();
  const std::vector<double>& z = net.z();
  for (std::size_t i = 0; i < zbar_in_.size(); ++i) zbar_in_[i] = alpha_ * zbar_in_[i] + input_scale_ * x[i];
  for (std::size_t i = 0; i < zbar_rec_.size(); ++i) zbar_rec_[i] = alpha_ * zbar_rec_[i] + input_scale_ * z_prev[i];
  for (std::size_t j = 0; j < zbar_out_.size(); ++j) zbar_out_[j] = kappa_ * zbar_out_[j] + (1.0 - kappa_) * z[j];

  const double* psi = net.psi().data();
  if (variant_ == Eligibility::kFactorised && learning_signal != nullptr) {
    for (std::size_t j = 0; j < signal_psi_.size(); ++j) signal_psi_[j] = learning_signal[j] * psi[j];
  }
  // The factorised variant has no per-synapse state: nothing to do on a step without signal or regulariser.
  if (variant_ == Eligibility::kExact || learning_signal != nullptr || track_reg_) {
    rows(zbar_in_, psi, learning_signal, ebar_in_, eps_a_in_, e_sum_in_, g.w_in, false);
    rows(zbar_rec_, psi, learning_signal, ebar_rec_, eps_a_rec_, e_sum_rec_, g.w_rec, true);
  }
  if (readout_error != nullptr) {
    const std::size_t n_out = g.w_out.cols();
    for (std::size_t j = 0; j < zbar_out_.size(); ++j) {
      if (zbar_out_[j] == 0.0) continue;
      double* gj = g.w_out.row(j);
      for (std::size_t k = 0; k < n_out; ++k) gj[k] += zbar_out_[j] * readout_error[k];
    }
  }
}

void EpropGradient::add_regularisation(const std::vector<double>& factor, Gradients& g) const {
  const std::size_t n_rec = factor.size();
  for (std::size_t i = 0; i < e_sum_in_.rows(); ++i) {
    const double* es = e_sum_in_.row(i);
    double* gi = g.w_in.row(i);
    for (std::size_t j = 0; j < n_rec; ++j) gi[j] += factor[j] * es[j];
  }
  for (std::size_t i = 0; i < e_sum_rec_.rows(); ++i) {
    const double* es = e_sum_rec_.row(i);
    double* gi = g.w_rec.row(i);
    for (std::size_t j = 0; j < n_rec; ++j) gi[j] += factor[j] * es[j];
    gi[i] = 0.0;
  }
}

}  // namespace fxprop::golden
