// Engine-agnostic driving of one training run, shared by `fxprop train` and
// `fxprop sweep`: the iteration loop (with the early-stopping criterion and the
// divergence check) and `evaluate(config) -> metrics`, the function a sweep
// calls once per point.
//
// Engines: "float" is the golden model (model/golden/), "fixed" the bit-accurate
// learning core (model/fixed/); both plug in at the engine switch in training.cpp
// (`evaluate` and `available_engines`).
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fixedpoint/stats.h"
#include "model/config/config_reader.h"
#include "model/golden/golden_config.h"
#include "model/golden/trainer.h"
#include "model/tasks/task_config.h"

namespace fxprop::run {

// Engines this build can train with, in the order --help lists them.
const std::vector<std::string>& available_engines();
bool engine_available(std::string_view engine);
// "engine 'x' is not available in this build (available: float)".
std::string engine_unavailable_message(std::string_view engine);

struct ValidationCheck {
  std::int64_t iteration = 0;
  double error_rate = 0.0;
};

struct LoopResult {
  std::vector<golden::IterationStats> curve;
  std::vector<ValidationCheck> validation_errors;  // periodic validation batches (stop_rule = validation)
  std::vector<ValidationCheck> validation_checks;  // early-stopping confirmations
  bool stopped_early = false;
  bool diverged = false;         // a non-finite loss; the loop stopped there
  std::int64_t diverged_at = -1;  // iteration of the non-finite loss
  double seconds = 0.0;          // wall time of the loop (not part of any result that must be reproducible)
};

// Called after every iteration with (iterations done, that iteration's stats).
using IterationCallback = std::function<void(std::int64_t, const golden::IterationStats&)>;

// cfg.train.iterations iterations of `trainer`; stops early on the classification criterion
// (train.stop_below_error confirmed on 8 * batch validation trials) and at the first
// non-finite loss (diverged = true).
// TrainerT: golden::Trainer or fixed::Trainer (train_iteration(), validation_error(trials, first)).
template <class TrainerT>
LoopResult train_loop(TrainerT& trainer, const golden::GoldenConfig& cfg, const IterationCallback& on_iteration) {
  LoopResult r;
  const golden::TrainConfig& tc = cfg.train;
  const bool early_stop = tasks::is_classification(cfg.task.name) && tc.stop_below_error > 0.0;
  std::uint64_t next_validation = 0;  // validation trials are used once, in order
  const auto validate = [&](int trials) {
    const double e = trainer.validation_error(trials, next_validation);
    next_validation += static_cast<std::uint64_t>(trials);
    return e;
  };
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t it = 0; it < tc.iterations; ++it) {
    // The authors' tutorial: a fresh validation batch every validate_every steps; while the latest
    // one is below the threshold, confirm_batches more fresh batches decide, before the training step.
    if (early_stop && tc.stop_rule == golden::StopRule::kValidation) {
      if (it % tc.validate_every == 0) r.validation_errors.push_back({it, validate(tc.validation_trials)});
      if (it > 0 && r.validation_errors.back().error_rate < tc.stop_below_error) {
        const double error = validate(tc.confirm_batches * tc.validation_trials);
        r.validation_checks.push_back({it, error});
        if (error < tc.stop_below_error) {
          r.stopped_early = true;
          break;
        }
      }
    }
    const golden::IterationStats s = trainer.train_iteration();
    r.curve.push_back(s);
    if (!std::isfinite(s.task_loss) || !std::isfinite(s.reg_loss)) {
      r.diverged = true;
      r.diverged_at = it;
      break;
    }
    if (on_iteration) on_iteration(it + 1, s);
    if (early_stop && tc.stop_rule == golden::StopRule::kTrainingBatch && s.error_rate < tc.stop_below_error) {
      const double error = validate(tc.confirm_batches * tc.batch);
      r.validation_checks.push_back({it, error});
      if (error < tc.stop_below_error) {
        r.stopped_early = true;
        break;
      }
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

// The final figures of a run. Every metric is "lower is better".
struct Metrics {
  std::string engine;
  bool classification = false;
  bool diverged = false;
  std::int64_t iterations = 0;  // iterations run
  bool stopped_early = false;
  double last_batch_loss = 0.0;  // task loss of the last training batch
  // Evaluation on train.eval_trials fresh trials with the final weights (not run when diverged).
  double loss = 0.0;        // task loss, mean over trials
  double error_rate = 0.0;  // classification
  double nmse = 0.0;        // regression
  double mse = 0.0;         // regression
  double mean_rate_hz = 0.0;
  // Per-variable requantisation counters (fixed engine; empty for float).
  std::map<std::string, fxp::Stats> stats;
  double seconds = 0.0;  // wall time; informational only
};

// The checks `engine` makes before it trains, without training: for "fixed", what the
// learning core does not have, its formats, the quantised constants (a threshold that
// saturates, a decay that rounds to 0 or 1, ...), the datapath widths and the task's
// inputs and targets; for "float", nothing beyond what parsing `doc` checks. Throws
// config::ConfigError naming the field and value (or std::invalid_argument).
void check_engine(const config::Document& doc, std::string_view engine);

// Parses and validates `doc` (throws config::ConfigError / std::invalid_argument for bad
// input), trains with `engine` on `threads` worker threads (1 for a sweep point) and
// evaluates. Deterministic: the same document and engine give the same Metrics (except
// `seconds`) for any thread count. A diverged run is a result (diverged = true), not an error.
Metrics evaluate(const config::Document& doc, std::string_view engine, int threads);

// The metric names evaluate() fills and a sweep may select.
double metric_value(const Metrics& m, std::string_view name);
// "auto" resolves to error_rate for classification tasks and nmse for regression.
std::string resolve_metric(std::string_view name, bool classification);

}  // namespace fxprop::run
