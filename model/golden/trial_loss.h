// Loss bookkeeping of one trial shared by the engines: per-step error,
// reduction factor, classification votes (argmax_k of the readout summed over each
// decision window of the trial), regression statistics.
#pragma once

#include <vector>

#include "model/golden/readout_loss.h"
#include "model/golden/trial_engine.h"

namespace fxprop::golden {

class TrialLoss {
 public:
  TrialLoss(LossKind kind, LossReduction reduction, std::size_t n_out);

  void reset(const tasks::Trial& trial);
  // Error of step t for readout y; nullptr when the step is outside the loss window.
  const double* step(std::size_t t, const double* y);
  // err of the last step (zeros outside the loss window).
  const std::vector<double>& last_error() const { return err_; }
  // R: 1 (sum) or 1 / number of masked steps (mean).
  double reduction() const { return reduction_factor_; }
  TrialMetrics metrics() const;

 private:
  LossKind kind_;
  LossReduction reduction_;
  const tasks::Trial* trial_ = nullptr;
  double reduction_factor_ = 1.0;
  double loss_ = 0.0;
  double sq_err_ = 0.0;
  double masked_ = 0.0;
  std::size_t decision_ = 0;  // first decision not yet finished
  int wrong_ = 0;
  int first_predicted_ = -1;
  std::vector<double> err_, vote_, target_sum_, target_sq_sum_;
};

// L_j = sum_k B[j][k] err_k
void learning_signal(const Matrix<double>& feedback, const double* err, double* out);

}  // namespace fxprop::golden
