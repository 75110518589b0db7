#include "model/golden/readout_loss.h"

#include <algorithm>
#include <cmath>

namespace fxprop::golden {

LossKind loss_kind(const GoldenConfig& cfg) {
  if (!tasks::is_classification(cfg.task.name)) return LossKind::kRegression;
  return cfg.learning.classification_loss == ClassificationLoss::kCrossEntropy ? LossKind::kCrossEntropy : LossKind::kMseOneHot;
}

double step_loss(LossKind kind, const double* y, const double* target, double mask, std::size_t n_out, double* err) {
  if (mask == 0.0) {
    std::fill(err, err + n_out, 0.0);
    return 0.0;
  }
  if (kind != LossKind::kCrossEntropy) {
    double e = 0.0;
    for (std::size_t k = 0; k < n_out; ++k) {
      const double d = y[k] - target[k];
      err[k] = mask * d;
      e += d * d;
    }
    return 0.5 * mask * e;
  }
  // Stable log-softmax: log pi_k = y_k - m - log sum exp(y - m).
  const double m = *std::max_element(y, y + n_out);
  double sum = 0.0;
  for (std::size_t k = 0; k < n_out; ++k) sum += std::exp(y[k] - m);
  const double log_sum = std::log(sum);
  double e = 0.0;
  for (std::size_t k = 0; k < n_out; ++k) {
    const double log_pi = y[k] - m - log_sum;
    err[k] = mask * (std::exp(log_pi) - target[k]);
    if (target[k] != 0.0) e -= target[k] * log_pi;
  }
  return mask * e;
}

}  // namespace fxprop::golden
