#include "model/golden/optimizer.h"

#include <cmath>

namespace fxprop::golden {

Optimizer::Optimizer(const OptimizerConfig& opt, const LearningConfig& learning, const NetworkConfig& net)
    : opt_(opt), learning_(learning) {
  const auto n_in = static_cast<std::size_t>(net.n_in);
  const auto n_rec = static_cast<std::size_t>(net.n_rec);
  const auto n_out = static_cast<std::size_t>(net.n_out);
  if (opt_.kind == OptimizerKind::kAdam) {
    in_ = {Matrix<double>(n_in, n_rec), Matrix<double>(n_in, n_rec)};
    rec_ = {Matrix<double>(n_rec, n_rec), Matrix<double>(n_rec, n_rec)};
    out_ = {Matrix<double>(n_rec, n_out), Matrix<double>(n_rec, n_out)};
  }
  d_in_.assign(n_in, n_rec);
  d_rec_.assign(n_rec, n_rec);
  d_out_.assign(n_rec, n_out);
}

void Optimizer::delta(const Matrix<double>& g, Moments& mom, double lr_t, Matrix<double>& out) const {
  const double* __restrict gp = g.data();
  double* __restrict d = out.data();
  const std::size_t n = g.size();
  if (opt_.kind == OptimizerKind::kSgd) {
    for (std::size_t k = 0; k < n; ++k) d[k] = -lr_t * gp[k];
    return;
  }
  double* __restrict m = mom.m.data();
  double* __restrict v = mom.v.data();
  const double b1 = opt_.beta1;
  const double b2 = opt_.beta2;
  for (std::size_t k = 0; k < n; ++k) {
    m[k] = b1 * m[k] + (1.0 - b1) * gp[k];
    v[k] = b2 * v[k] + (1.0 - b2) * gp[k] * gp[k];
    d[k] = -lr_t * m[k] / (std::sqrt(v[k]) + opt_.eps);
  }
}

void Optimizer::apply(Weights& w, const Gradients& g) {
  ++steps_;
  double lr_t = opt_.lr;
  if (opt_.kind == OptimizerKind::kAdam) {
    const double n = static_cast<double>(steps_);
    lr_t = opt_.lr * std::sqrt(1.0 - std::pow(opt_.beta2, n)) / (1.0 - std::pow(opt_.beta1, n));
  }
  const auto add = [](Matrix<double>& target, const Matrix<double>& d) {
    for (std::size_t k = 0; k < target.size(); ++k) target.data()[k] += d.data()[k];
  };
  if (learning_.train_in) {
    delta(g.w_in, in_, lr_t, d_in_);
    add(w.w_in, d_in_);
  }
  if (learning_.train_rec) {
    delta(g.w_rec, rec_, lr_t, d_rec_);
    add(w.w_rec, d_rec_);
  }
  if (learning_.train_out) {
    delta(g.w_out, out_, lr_t, d_out_);
    const double decay = opt_.lr * opt_.weight_decay;
    const bool adaptive = learning_.feedback == Feedback::kAdaptive;
    for (std::size_t k = 0; k < w.w_out.size(); ++k) {
      w.w_out.data()[k] += d_out_.data()[k] - decay * w.w_out.data()[k];
      if (adaptive) w.b.data()[k] += d_out_.data()[k] - decay * w.b.data()[k];
    }
  }
}

}  // namespace fxprop::golden
