// The pieces of a training run shared by `fxprop train` and `fxprop run`: the
// inputs (initial weights, task), the report skeleton, the iteration loop with
// its divergence check, and the status text of one iteration. No output here.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "model/config/config_reader.h"
#include "model/golden/golden_config.h"
#include "model/golden/weights.h"
#include "model/run/training.h"
#include "model/tasks/task.h"
#include "tools/fxprop/train_outputs.h"

namespace fxprop::cli {

struct TrainingInputs {
  golden::Weights initial;
  std::unique_ptr<tasks::Task> task;
};

// Initial weights (random or from .npy) and the configured task; unusable files
// and values are BadInput.
TrainingInputs load_training_inputs(const golden::GoldenConfig& cfg);

// Evaluation trials to record: export.record_trials if any recording export is on, else 0.
int record_trials(const golden::GoldenConfig& cfg);

// A report with the run's identity filled in (engine, configuration, threads, initial weights).
TrainingReport new_report(const std::string& engine, const config::Document& doc, const golden::GoldenConfig& cfg,
                          int threads, golden::Weights initial);

// "loss 1.23e-3  reg 0.01  [err 4.0 %]": the progress status of one iteration.
std::string iteration_status(const golden::GoldenConfig& cfg, const golden::IterationStats& s);

// cfg.train.iterations iterations (run::train_loop) into report (curve, validation
// checks, early stop, seconds). A diverged run is an error (std::runtime_error).
template <class TrainerT>
void run_training(TrainerT& trainer, const golden::GoldenConfig& cfg, TrainingReport& report,
                  const run::IterationCallback& on_iteration) {
  const run::LoopResult loop = run::train_loop(trainer, cfg, on_iteration);
  if (loop.diverged) {
    throw std::runtime_error(fmt::format("{} engine: training diverged at iteration {} (loss {}); lower optimizer.lr",
                                         report.engine, loop.diverged_at, loop.curve.back().task_loss));
  }
  report.curve = loop.curve;
  report.validation_errors = loop.validation_errors;
  report.validation_checks = loop.validation_checks;
  report.stopped_early = loop.stopped_early;
  report.train_seconds = loop.seconds;
}

}  // namespace fxprop::cli
