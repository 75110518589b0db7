// Runs one trial of a network under a learning rule: forward pass, loss, and
// (optionally) the trial's gradient. One engine per thread: it owns all the
// per-trial workspace, so the time loop allocates nothing.
//
// Per trial (Bellec et al. 2020; Murray 2019):
//   task loss  E = R * sum_t E_t (see readout_loss.h), R = 1 (loss_reduction = sum) or
//              1 / (number of masked steps) (mean, e.g. the evidence-accumulation reference,
//              which divides every gradient by the 150-step loss window);
//   rate regulariser (spiking): E_reg = R * 0.5 c_reg sum_j (f_j - f0)^2, f_j = n_j / T spikes
//              per step, f0 = f0_hz / 1000; its e-prop gradient is R c_reg (f_j - f0) / T sum_t e_ji[t].
//   gradient = R * (task gradient + regulariser gradient).
#pragma once

#include <functional>
#include <memory>

#include "model/common/matrix.h"
#include "model/golden/golden_config.h"
#include "model/golden/weights.h"
#include "model/tasks/trial.h"

namespace fxprop::golden {

struct TrialMetrics {
  double task_loss = 0.0;
  double reg_loss = 0.0;
  int label = -1;            // classification: the correct output of the first decision
  int predicted = -1;        // classification: argmax_k of sum_t y_k[t] over the first decision's steps
  int decisions = 0;         // classification: number of decisions (recall windows) in the trial
  int wrong_decisions = 0;   // classification: decisions whose argmax_k sum_t y_k[t] != label
  double squared_error = 0.0;  // sum over masked steps and outputs of (y - y*)^2
  double target_sq_deviation = 0.0;  // sum over masked steps and outputs of (y* - mean y*)^2
  double masked_steps = 0.0;
  double mean_rate_hz = 0.0;   // spiking: mean firing rate of the recurrent neurons
};

// Per-step state of one trial, each (T, units); fields a model does not have stay empty.
struct TrialRecord {
  Matrix<double> v, threshold, adaptation, z, psi;  // spiking (N_rec)
  Matrix<double> u, h;                              // rate (N_rec)
  Matrix<double> y, err;                            // readout (N_out)
  Matrix<double> learning_signal;                   // L_j[t] = sum_k B[j][k] err_k[t] (N_rec)
};

class TrialEngine {
 public:
  virtual ~TrialEngine() = default;
  // Forward pass; if g is given it is overwritten with the trial's gradient dE/dW.
  virtual TrialMetrics run(const Weights& w, const tasks::Trial& trial, Gradients* g, TrialRecord* record) = 0;
  // Online learning: after every step with a non-zero error, `apply` receives that
  // step's gradient (and once more at the end, the rate regulariser's).
  virtual TrialMetrics run_online(Weights& w, const tasks::Trial& trial,
                                  const std::function<void(Weights&, const Gradients&)>& apply) = 0;
};

std::unique_ptr<TrialEngine> make_trial_engine(const GoldenConfig& cfg);

// The feedback matrix a rule uses: W_out (symmetric) or B.
const Matrix<double>& feedback_matrix(const LearningConfig& learning, const Weights& w);

}  // namespace fxprop::golden
