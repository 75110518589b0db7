// Loss of one readout step and its derivative dE/dy (the readout error err).
//
//   regression     E_t = 0.5 m_t sum_k (y_k - y*_k)^2,        err_k = m_t (y_k - y*_k)
//   cross_entropy  E_t = -m_t sum_k pi*_k log softmax(y)_k,   err_k = m_t (softmax(y)_k - pi*_k)
//   mse            E_t = 0.5 m_t sum_k (y_k - onehot_k)^2,    err_k = m_t (y_k - onehot_k)
//                  (the classification loss fixed-point hardware uses)
// m_t is the loss mask of the step. The reduction over steps (sum, or mean over
// the masked steps) is applied to the trial's totals, not here.
#pragma once

#include <cstddef>

#include "model/golden/golden_config.h"

namespace fxprop::golden {

enum class LossKind { kRegression, kCrossEntropy, kMseOneHot };

LossKind loss_kind(const GoldenConfig& cfg);

// Writes err[0..n_out) and returns E_t.
double step_loss(LossKind kind, const double* y, const double* target, double mask, std::size_t n_out, double* err);

}  // namespace fxprop::golden
