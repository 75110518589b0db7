// Training loop of the fixed-point learning core, without I/O, with the golden
// Trainer's interface: one call per iteration (a batch of `train.batch` trials,
// run one after the other, as the hardware does; per_trial applies the batch's
// accumulated gradient at its end, online updates during every masked step).
// Metrics (losses, error rates) are computed in double from the core's readout
// and the float targets, by the golden model's TrialLoss, so both engines report
// the same quantities.
#pragma once

#include <cstdint>
#include <vector>

#include "model/common/matrix.h"
#include "model/fixed/constants.h"
#include "model/fixed/core.h"
#include "model/fixed/fixed_config.h"
#include "model/fixed/host_io.h"
#include "model/golden/golden_config.h"
#include "model/golden/trainer.h"
#include "model/golden/trial_engine.h"
#include "model/golden/trial_loss.h"
#include "model/golden/weights.h"
#include "model/tasks/task.h"

namespace fxprop::fixed {

// The raws of one recorded trial, each (T, units); L and err are 0 off the loss mask.
struct RawRecord {
  Matrix<std::int64_t> v, a, psi, y, err, l, ystar;
  Matrix<std::uint8_t> z;
};

class Trainer {
 public:
  // Throws config::ConfigError for constants or formats the core cannot use
  // (quantise_constants, build_datapath).
  Trainer(const golden::GoldenConfig& cfg, const FixedConfig& fx, const tasks::Task& task, const golden::Weights& initial);

  golden::IterationStats train_iteration();
  // Forward passes (no learning) on evaluation trials 0 .. trials-1; the first
  // record_trials are recorded as values (result.records) and, if raw != nullptr, as raws.
  golden::EvaluationResult evaluate(int trials, int record_trials, std::vector<RawRecord>* raw = nullptr);
  // Classification error on validation trials first .. first+trials-1.
  double validation_error(int trials, std::uint64_t first);

  std::int64_t iterations_done() const { return iteration_; }
  golden::Weights weights() const { return weight_values(core_.synapses(), fx_); }
  const Core& core() const { return core_; }
  // A timing model observing the core (Core::set_listener); nullptr = none.
  void set_core_listener(CoreListener* listener) { core_.set_listener(listener); }
  const FixedConfig& fixed_config() const { return fx_; }
  const CoreConstants& constants() const { return constants_; }
  const InitialQuantisation& initial_quantisation() const { return initial_; }
  // per_trial: keep the accumulators of the last batch (before their application) for
  // last_gradient(); off by default (a copy per iteration).
  void keep_gradient(bool keep) { keep_gradient_ = keep; }
  // The last batch's mean gradient as values (acc / batch) and its raws (acc); empty
  // unless keep_gradient(true) and an iteration ran with the per_trial schedule.
  const golden::Gradients& last_gradient() const { return last_gradient_; }
  // The raws behind it: acc_in, acc_rec, acc_out of the last batch (other fields empty).
  const SynapseState& last_accumulators() const { return last_acc_; }

 private:
  golden::TrialMetrics run_trial(const tasks::Trial& trial, const CoreTrial& core_trial, bool learn, golden::TrialRecord* record,
                                 RawRecord* raw);
  const CoreTrial& load(tasks::TrialSet set, std::uint64_t index);

  golden::GoldenConfig cfg_;
  FixedConfig fx_;
  const tasks::Task& task_;
  CoreConstants constants_;
  Core core_;
  InitialQuantisation initial_;
  golden::TrialLoss loss_;
  std::int64_t iteration_ = 0;
  bool keep_gradient_ = false;
  tasks::Trial trial_;
  CoreTrial core_trial_;
  bool frozen_loaded_ = false;
  std::vector<double> y_values_;
  std::vector<double> counts_;
  golden::Gradients last_gradient_;
  SynapseState last_acc_;
};

}  // namespace fxprop::fixed
