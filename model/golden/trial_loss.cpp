#include "model/golden/trial_loss.h"

#include <algorithm>

namespace fxprop::golden {

TrialLoss::TrialLoss(LossKind kind, LossReduction reduction, std::size_t n_out)
    : kind_(kind), reduction_(reduction), err_(n_out), vote_(n_out), target_sum_(n_out), target_sq_sum_(n_out) {}

void TrialLoss::reset(const tasks::Trial& trial) {
  trial_ = &trial;
  loss_ = sq_err_ = masked_ = 0.0;
  decision_ = 0;
  wrong_ = 0;
  first_predicted_ = -1;
  std::fill(vote_.begin(), vote_.end(), 0.0);
  std::fill(target_sum_.begin(), target_sum_.end(), 0.0);
  std::fill(target_sq_sum_.begin(), target_sq_sum_.end(), 0.0);
  double n_masked = 0.0;
  for (double m : trial.loss_mask) n_masked += m;
  reduction_factor_ = reduction_ == LossReduction::kMean && n_masked > 0.0 ? 1.0 / n_masked : 1.0;
}

const double* TrialLoss::step(std::size_t t, const double* y) {
  const std::vector<tasks::Decision>& decisions = trial_->decisions;
  if (decision_ < decisions.size() && t >= decisions[decision_].begin) {
    for (std::size_t k = 0; k < vote_.size(); ++k) vote_[k] += y[k];
    if (t + 1 == decisions[decision_].end) {
      const int predicted = static_cast<int>(std::max_element(vote_.begin(), vote_.end()) - vote_.begin());
      if (decision_ == 0) first_predicted_ = predicted;
      wrong_ += predicted != decisions[decision_].label ? 1 : 0;
      std::fill(vote_.begin(), vote_.end(), 0.0);
      ++decision_;
    }
  }
  const double mask = trial_->loss_mask[t];
  const double* target = trial_->target.row(t);
  loss_ += step_loss(kind_, y, target, mask, err_.size(), err_.data());
  if (mask == 0.0) return nullptr;
  masked_ += mask;
  for (std::size_t k = 0; k < err_.size(); ++k) {
    const double d = y[k] - target[k];
    sq_err_ += mask * d * d;
    target_sum_[k] += mask * target[k];
    target_sq_sum_[k] += mask * target[k] * target[k];
  }
  return err_.data();
}

TrialMetrics TrialLoss::metrics() const {
  TrialMetrics m;
  m.task_loss = reduction_factor_ * loss_;
  m.label = trial_->label;
  m.predicted = first_predicted_;
  m.decisions = static_cast<int>(decision_);
  m.wrong_decisions = wrong_;
  m.squared_error = sq_err_;
  m.masked_steps = masked_;
  for (std::size_t k = 0; k < target_sum_.size(); ++k) {
    if (masked_ > 0.0) m.target_sq_deviation += target_sq_sum_[k] - target_sum_[k] * target_sum_[k] / masked_;
  }
  return m;
}

void learning_signal(const Matrix<double>& feedback, const double* err, double* out) {
  const std::size_t n_out = feedback.cols();
  for (std::size_t j = 0; j < feedback.rows(); ++j) {
    const double* b = feedback.row(j);
    double acc = 0.0;
    for (std::size_t k = 0; k < n_out; ++k) acc += b[k] * err[k];
    out[j] = acc;
  }
}

}  // namespace fxprop::golden
