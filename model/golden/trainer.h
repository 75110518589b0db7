// Training loop of the golden model, without I/O: one call per iteration.
//
// per_batch schedule: the `batch` trials of an iteration (training trials
// iteration * batch + b) run in parallel, each into its own gradient buffer;
// the buffers are summed in trial order and divided by the batch size, then one
// optimiser step is taken. Results are therefore bit-identical for any thread
// count. online schedule (batch 1): the weights change after every step.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/golden/golden_config.h"
#include "model/golden/optimizer.h"
#include "model/golden/trial_engine.h"
#include "model/golden/weights.h"
#include "model/tasks/task.h"

namespace fxprop::golden {

struct IterationStats {
  double task_loss = 0.0;   // batch mean (before this iteration's update)
  double reg_loss = 0.0;
  double error_rate = 0.0;  // classification: fraction of the batch's decisions (recalls) that are wrong
};

struct EvaluationResult {
  int trials = 0;
  double task_loss = 0.0;   // mean over trials
  double reg_loss = 0.0;
  double error_rate = 0.0;  // classification: wrong decisions / decisions, pooled over the trials
  double nmse = 0.0;        // regression: sum (y - y*)^2 / sum (y* - mean y*)^2 over masked steps
  double mse = 0.0;         // regression: mean over masked steps and outputs of (y - y*)^2
  double mean_rate_hz = 0.0;
  std::vector<TrialRecord> records;    // the first record_trials trials
  std::vector<tasks::Trial> recorded_trials;
};

class Trainer {
 public:
  Trainer(const GoldenConfig& cfg, const tasks::Task& task, Weights initial, int threads);

  IterationStats train_iteration();
  // Forward passes on evaluation trials 0 .. trials-1 with the current weights.
  EvaluationResult evaluate(int trials, int record_trials);
  // Classification error (wrong decisions / decisions) on validation trials first .. first+trials-1 (a stream disjoint
  // from training and evaluation), for early stopping.
  double validation_error(int trials, std::uint64_t first);

  std::int64_t iterations_done() const { return iteration_; }
  const Weights& weights() const { return weights_; }
  // Batch-mean gradient of the last per_batch iteration.
  const Gradients& last_gradient() const { return mean_gradient_; }
  int threads() const { return threads_; }

 private:
  void generate(tasks::TrialSet set, std::uint64_t index, tasks::Trial& out) const;
  std::vector<TrialMetrics> forward(tasks::TrialSet set, std::uint64_t first, std::size_t n, EvaluationResult* records);

  GoldenConfig cfg_;
  const tasks::Task& task_;
  Weights weights_;
  int threads_;
  Optimizer optimizer_;
  std::int64_t iteration_ = 0;
  std::vector<std::unique_ptr<TrialEngine>> engines_;  // one per worker
  std::vector<tasks::Trial> trial_buffers_;            // one per worker
  std::vector<Gradients> trial_gradients_;             // one per trial of a batch
  std::vector<TrialMetrics> trial_metrics_;
  Gradients mean_gradient_;
  tasks::Trial frozen_trial_;
};

}  // namespace fxprop::golden
