#include "model/golden/trainer.h"

#include <utility>

#include "model/golden/parallel.h"
#include "model/golden/trial_summary.h"

namespace fxprop::golden {

Trainer::Trainer(const GoldenConfig& cfg, const tasks::Task& task, Weights initial, int threads)
    : cfg_(cfg),
      task_(task),
      weights_(std::move(initial)),
      threads_(resolve_thread_count(threads)),
      optimizer_(cfg.optimizer, cfg.learning, cfg.network),
      mean_gradient_(cfg.network) {
  for (int k = 0; k < threads_; ++k) engines_.push_back(make_trial_engine(cfg));
  trial_buffers_.resize(static_cast<std::size_t>(threads_));
  if (task_.frozen()) task_.generate(tasks::TrialSet::kTrain, 0, frozen_trial_);
  if (cfg.learning.schedule == Schedule::kPerBatch) {
    trial_gradients_.assign(static_cast<std::size_t>(cfg.train.batch), Gradients(cfg.network));
  }
  trial_metrics_.resize(static_cast<std::size_t>(cfg.train.batch));
}

void Trainer::generate(tasks::TrialSet set, std::uint64_t index, tasks::Trial& out) const {
  task_.generate(set, index, out);
}

IterationStats Trainer::train_iteration() {
  const auto batch = static_cast<std::size_t>(cfg_.train.batch);
  const auto first = static_cast<std::uint64_t>(iteration_) * batch;
  if (cfg_.learning.schedule == Schedule::kOnline) {
    const tasks::Trial* trial = &frozen_trial_;
    if (!task_.frozen()) {
      generate(tasks::TrialSet::kTrain, first, trial_buffers_[0]);
      trial = &trial_buffers_[0];
    }
    trial_metrics_[0] = engines_[0]->run_online(weights_, *trial, [this](Weights& w, const Gradients& g) { optimizer_.apply(w, g); });
  } else {
    parallel_for(batch, threads_, [&](std::size_t b, int worker) {
      const tasks::Trial* trial = &frozen_trial_;
      if (!task_.frozen()) {
        tasks::Trial& buf = trial_buffers_[static_cast<std::size_t>(worker)];
        generate(tasks::TrialSet::kTrain, first + b, buf);
        trial = &buf;
      }
      trial_metrics_[b] = engines_[static_cast<std::size_t>(worker)]->run(weights_, *trial, &trial_gradients_[b], nullptr);
    });
    mean_gradient_.zero();
    for (const Gradients& g : trial_gradients_) mean_gradient_.add(g);
    mean_gradient_.scale(1.0 / static_cast<double>(batch));
    optimizer_.apply(weights_, mean_gradient_);
  }
  IterationStats s;
  int errors = 0;
  int decisions = 0;
  for (const TrialMetrics& m : trial_metrics_) {
    s.task_loss += m.task_loss;
    s.reg_loss += m.reg_loss;
    errors += m.wrong_decisions;
    decisions += m.decisions;
  }
  s.task_loss /= static_cast<double>(batch);
  s.reg_loss /= static_cast<double>(batch);
  s.error_rate = decisions > 0 ? static_cast<double>(errors) / static_cast<double>(decisions) : 0.0;
  ++iteration_;
  return s;
}

std::vector<TrialMetrics> Trainer::forward(tasks::TrialSet set, std::uint64_t first, std::size_t n, EvaluationResult* records) {
  std::vector<TrialMetrics> metrics(n);
  const std::size_t n_records = records != nullptr ? records->records.size() : 0;
  parallel_for(n, threads_, [&](std::size_t i, int worker) {
    tasks::Trial& trial = i < n_records ? records->recorded_trials[i] : trial_buffers_[static_cast<std::size_t>(worker)];
    if (task_.frozen()) {
      trial = frozen_trial_;
    } else {
      generate(set, first + i, trial);
    }
    TrialRecord* rec = i < n_records ? &records->records[i] : nullptr;
    metrics[i] = engines_[static_cast<std::size_t>(worker)]->run(weights_, trial, nullptr, rec);
  });
  return metrics;
}

double Trainer::validation_error(int trials, std::uint64_t first) {
  const std::vector<TrialMetrics> metrics = forward(tasks::TrialSet::kValidation, first, static_cast<std::size_t>(trials), nullptr);
  int errors = 0;
  int decisions = 0;
  for (const TrialMetrics& m : metrics) {
    errors += m.wrong_decisions;
    decisions += m.decisions;
  }
  return decisions > 0 ? static_cast<double>(errors) / decisions : 0.0;
}

EvaluationResult Trainer::evaluate(int trials, int record_trials) {
  EvaluationResult r;
  r.trials = trials;
  r.records.resize(static_cast<std::size_t>(record_trials));
  r.recorded_trials.resize(static_cast<std::size_t>(record_trials));
  const std::vector<TrialMetrics> metrics = forward(tasks::TrialSet::kEval, 0, static_cast<std::size_t>(trials), &r);
  summarise_trials(metrics, cfg_.network.n_out, ErrorCount::kPooledDecisions, r);
  return r;
}

void summarise_trials(const std::vector<TrialMetrics>& metrics, int n_out, ErrorCount count, EvaluationResult& r) {
  double task_loss = 0.0, reg_loss = 0.0, rate_hz = 0.0;
  double sq = 0.0, dev = 0.0, masked = 0.0;
  int errors = 0;
  int decisions = 0;
  for (const TrialMetrics& m : metrics) {
    task_loss += m.task_loss;
    reg_loss += m.reg_loss;
    rate_hz += m.mean_rate_hz;
    if (count == ErrorCount::kPooledDecisions) {
      errors += m.wrong_decisions;
      decisions += m.decisions;
    } else {
      errors += m.label >= 0 && m.predicted != m.label ? 1 : 0;
    }
    sq += m.squared_error;
    dev += m.target_sq_deviation;
    masked += m.masked_steps;
  }
  if (metrics.empty()) return;
  const double nt = static_cast<double>(metrics.size());
  r.task_loss = task_loss / nt;
  r.reg_loss = reg_loss / nt;
  r.mean_rate_hz = rate_hz / nt;
  if (count == ErrorCount::kPooledDecisions) {
    r.error_rate = decisions > 0 ? static_cast<double>(errors) / decisions : 0.0;
  } else {
    r.error_rate = static_cast<double>(errors) / nt;
  }
  r.nmse = dev > 0.0 ? sq / dev : 0.0;
  r.mse = masked > 0.0 ? sq / (masked * static_cast<double>(n_out)) : 0.0;
}

}  // namespace fxprop::golden
