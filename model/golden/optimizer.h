// Weight updates from a gradient: plain SGD or Adam in the TensorFlow / NEST form
//   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
//   w -= lr sqrt(1 - b2^n) / (1 - b1^n) m / (sqrt(v) + eps)     (eps not bias-corrected)
// Decoupled weight decay (lr * weight_decay * w per step) applies to W_out and,
// with adaptive feedback, to B, which receives the same update as W_out
// (Kolen-Pollack; Bellec et al. 2020, "adaptive e-prop").
#pragma once

#include <cstdint>

#include "model/common/matrix.h"
#include "model/golden/golden_config.h"
#include "model/golden/weights.h"

namespace fxprop::golden {

class Optimizer {
 public:
  Optimizer(const OptimizerConfig& opt, const LearningConfig& learning, const NetworkConfig& net);
  // One optimisation step with gradient g (only the trained matrices change).
  void apply(Weights& w, const Gradients& g);
  std::int64_t steps() const { return steps_; }

 private:
  struct Moments {
    Matrix<double> m, v;
  };
  // Writes the change (without weight decay) of every element into `delta`.
  void delta(const Matrix<double>& g, Moments& mom, double lr_t, Matrix<double>& out) const;

  OptimizerConfig opt_;
  LearningConfig learning_;
  std::int64_t steps_ = 0;
  Moments in_, rec_, out_;
  Matrix<double> d_in_, d_rec_, d_out_;
};

}  // namespace fxprop::golden
